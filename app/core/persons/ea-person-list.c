/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-person-list"

#include "config.h"

#include "ea-person-list.h"

#include <glib/gi18n-lib.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-person-private.h"
#include "ea-persons-sql-private.h"
#include "ea-session-private.h"
#include "ea-text.h"

/* Rows are loaded in pages when a view asks for them; at most MAX_PAGES
 * pages are kept, so a list of 100,000 persons holds the ids of all but
 * the objects of only the rows recently shown. */
#define PAGE_SIZE 64
#define MAX_PAGES 32

struct _EaPersonList
{
  GObject       parent_instance;

  EaSession    *session;
  char         *search;
  EaPersonSort  sort;
  gboolean      descending;
  guint         total;

  gint64        facility_id;
  char         *status;
  /* Its expected arrivals come first (ea_person_list_set_first_facility()). */
  gint64        first_facility_id;
  char         *nationality;
  char         *vulnerability;
  char         *arrived_from;
  char         *arrived_until;

  GArray       *ids;
  GHashTable   *pages;      /* page number → GPtrArray of EaPerson */
  GQueue        page_lru;   /* page numbers, most recent first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EaPersonList, ea_person_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SEARCH,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_pages (EaPersonList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_lru);
}

/* Shorter words would match a large part of every document. */
#define MIN_DOCUMENT_WORD 3

/* Whether @term begins words in more than EA_PERSONS_MAX_DOCUMENT_MATCHES
 * documents: too common to narrow the search. */
static gboolean
too_common (EaStore    *store,
            const char *term)
{
  return _ea_store_query_int (store, _ea_persons_sql.documents_matching, "s",
                              term) > EA_PERSONS_MAX_DOCUMENT_MATCHES;
}

/* An FTS5 query for one search word: a quoted prefix. NULL for a word of
 * fewer than three letters or digits, which is looked for in the names
 * and keys only. */
static char *
dup_document_term (const char *word)
{
  GString *term;
  guint n_alnum = 0;

  for (const char *c = word; *c != '\0'; c = g_utf8_next_char (c))
    n_alnum += g_unichar_isalnum (g_utf8_get_char (c));
  if (n_alnum < MIN_DOCUMENT_WORD)
    return NULL;
  term = g_string_new ("\"");
  for (const char *c = word; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (term, '"');
      g_string_append_c (term, *c);
    }
  g_string_append (term, "\"*");
  return g_string_free (term, FALSE);
}

/* A social worker limited to some facilities sees the persons living
 * there or holding a reservation there today (DESIGN.md, access).
 * Whoever places persons needs to find the new arrivals, too. Returns
 * the facilities the list is limited to, %NULL for all. */
static GArray *
dup_access (EaPersonList *self)
{
  GArray *facilities = _ea_session_dup_facility_ids (self->session);

  if (facilities != NULL && ea_session_can (self->session, EA_RIGHT_EDIT_STAYS))
    g_clear_pointer (&facilities, g_array_unref);
  return facilities;
}

/* Each word is found in the person's names, dates and keys, or begins a
 * word in the text of one of their documents (PDF text and OCR) for
 * those who may see them. Returns the document term of each non-empty
 * word, %NULL where the word is looked for in the names only. */
static GPtrArray *
dup_terms (EaPersonList  *self,
           EaStore       *store,
           GStrv          words)
{
  gboolean documents = ea_session_can (self->session, EA_RIGHT_VIEW_DOCUMENTS);
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; words[i] != NULL; i++)
    {
      char *term;

      if (words[i][0] == '\0')
        continue;
      term = documents ? dup_document_term (words[i]) : NULL;
      if (term != NULL && too_common (store, term))
        g_clear_pointer (&term, g_free);
      g_ptr_array_add (terms, term);
    }
  return terms;
}

/* Binds the filters, @today unless %NULL, and the words with their
 * document @terms, in the numbering _ea_persons_sql_list_ids() wrote. */
/* Whether the search is one word short enough to begin the family name
 * (EA_PERSONS_NAME_START_LETTERS): letters and digits only, so that the
 * word's last byte can be counted up for the end of its range. */
static gboolean
is_name_start (GStrv words)
{
  const char *word = NULL;
  gsize length;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (word != NULL)
          return FALSE;
        word = words[i];
      }
  if (word == NULL)
    return FALSE;
  length = strlen (word);
  if (length > EA_PERSONS_NAME_START_LETTERS)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (word[i]))
      return FALSE;
  return TRUE;
}

static void
bind_query (EaPersonList *self,
            EaStmt       *stmt,
            const char   *today,
            GStrv         words,
            GPtrArray    *terms,
            gboolean      name_start)
{
  if (self->facility_id != 0)
    _ea_stmt_bind_int64 (stmt, 101, self->facility_id);
  if (self->first_facility_id != 0)
    _ea_stmt_bind_int64 (stmt, 108, self->first_facility_id);
  if (today != NULL)
    _ea_stmt_bind_text_copy (stmt, 107, today, -1);
  if (self->status != NULL)
    _ea_stmt_bind_text_copy (stmt, 102, self->status, -1);
  if (self->nationality != NULL)
    _ea_stmt_bind_text_copy (stmt, 103, self->nationality, -1);
  if (self->vulnerability != NULL)
    _ea_stmt_bind_text_copy (stmt, 104, self->vulnerability, -1);
  if (self->arrived_from != NULL)
    _ea_stmt_bind_text_copy (stmt, 105, self->arrived_from, -1);
  if (self->arrived_until != NULL)
    _ea_stmt_bind_text_copy (stmt, 106, self->arrived_until, -1);
  for (guint i = 0, k = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      _ea_stmt_bind_text_copy (stmt, 2 * k + 1, words[i], -1);
      if (name_start)
        {
          /* The names that begin with the word sort before the word with
           * its last letter counted up ("ab" → "ac"), bytewise as both
           * engines compare sort_name. */
          g_autofree char *end = g_strdup (words[i]);

          end[strlen (end) - 1]++;
          _ea_stmt_bind_text_copy (stmt, 2, end, -1);
          return;
        }
      if (g_ptr_array_index (terms, k) != NULL)
        _ea_stmt_bind_text_copy (stmt, 2 * k + 2, g_ptr_array_index (terms, k), -1);
      k++;
    }
}

static gboolean
reload (EaPersonList  *self,
        GError       **error)
{
  EaStore *store = ea_session_get_store (self->session);
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *folded = ea_text_fold (self->search);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  g_autofree char *today = ea_clock_today ();
  g_autoptr(GArray) facilities = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autofree gboolean *in_documents = NULL;
  EaPersonsListSearch search;
  guint old_n = self->ids->len;
  int rc;

  facilities = dup_access (self);
  terms = dup_terms (self, store, words);
  in_documents = g_new0 (gboolean, terms->len + 1);
  for (guint k = 0; k < terms->len; k++)
    in_documents[k] = g_ptr_array_index (terms, k) != NULL;
  search = (EaPersonsListSearch) {
    .facilities = facilities, .n_words = terms->len, .in_documents = in_documents,
    .name_start = is_name_start (words),
    .hide_health = !ea_session_can (self->session, EA_RIGHT_VIEW_HEALTH_DOCUMENTS),
    .facility = self->facility_id != 0, .status = self->status != NULL,
    .nationality = self->nationality != NULL, .vulnerability = self->vulnerability != NULL,
    .arrived_from = self->arrived_from != NULL, .arrived_until = self->arrived_until != NULL,
    .sort = self->sort, .descending = self->descending,
    .first_facility = self->first_facility_id != 0,
  };
  sql = _ea_persons_sql_list_ids (&search);
  stmt = _ea_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_query (self, stmt, facilities != NULL || self->facility_id != 0 ? today : NULL,
              words, terms, search.name_start);

  g_array_set_size (self->ids, 0);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);
      g_array_append_val (self->ids, id);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot search the persons"));

  clear_pages (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->ids->len);
  if (old_n != self->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

static GPtrArray *
load_page (EaPersonList *self,
           guint         page)
{
  EaStore *store = ea_session_get_store (self->session);
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_object_unref);
  guint first = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - first);
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  sql = _ea_persons_sql_list_rows (n);
  stmt = _ea_store_prepare (store, sql, NULL);
  if (stmt != NULL)
    {
      for (guint i = 0; i < n; i++)
        _ea_stmt_bind_int64 (stmt, i + 1, g_array_index (self->ids, gint64, first + i));
      while (_ea_stmt_step (stmt) == EA_STMT_ROW)
        {
          EaPerson *person = _ea_person_new_from_row (stmt);
          gint64 *key = g_new (gint64, 1);

          *key = ea_person_get_id (person);
          g_hash_table_insert (by_id, key, person);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, first + i);
      EaPerson *person = g_hash_table_lookup (by_id, &id);

      /* A person deleted since the list was filled shows as an empty row
       * until the next reload rather than shifting every row after it. */
      if (person == NULL)
        person = g_object_new (EA_TYPE_PERSON, NULL);
      else
        g_object_ref (person);
      g_ptr_array_add (items, person);
    }
  return items;
}

static GType
ea_person_list_get_item_type (GListModel *model)
{
  return EA_TYPE_PERSON;
}

static guint
ea_person_list_get_n_items (GListModel *model)
{
  EaPersonList *self = EA_PERSON_LIST (model);

  return self->ids->len;
}

static gpointer
ea_person_list_get_item (GListModel *model,
                         guint       position)
{
  EaPersonList *self = EA_PERSON_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;
  GList *link;

  if (position >= self->ids->len)
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    {
      items = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
      g_queue_push_head (&self->page_lru, GUINT_TO_POINTER (page));
      while (self->page_lru.length > MAX_PAGES)
        {
          gpointer oldest = g_queue_pop_tail (&self->page_lru);
          g_hash_table_remove (self->pages, oldest);
        }
    }
  else if ((link = g_queue_find (&self->page_lru, GUINT_TO_POINTER (page))) != self->page_lru.head)
    {
      g_queue_unlink (&self->page_lru, link);
      g_queue_push_head_link (&self->page_lru, link);
    }

  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ea_person_list_get_item_type;
  iface->get_n_items = ea_person_list_get_n_items;
  iface->get_item = ea_person_list_get_item;
}

static void
ea_person_list_finalize (GObject *object)
{
  EaPersonList *self = (EaPersonList *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->nationality, g_free);
  g_clear_pointer (&self->vulnerability, g_free);
  g_clear_pointer (&self->arrived_from, g_free);
  g_clear_pointer (&self->arrived_until, g_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->page_lru);

  G_OBJECT_CLASS (ea_person_list_parent_class)->finalize (object);
}

static void
ea_person_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EaPersonList *self = EA_PERSON_LIST (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ea_person_list_class_init (EaPersonListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ea_person_list_finalize;
  object_class->get_property = ea_person_list_get_property;

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ea_person_list_init (EaPersonList *self)
{
  self->search = g_strdup ("");
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_lru);
}

/**
 * ea_person_list_new:
 * @session: the logged-in user
 * @error: a #GError
 *
 * Returns: (transfer full): all persons the user may see, sorted by name,
 *   or %NULL with @error set
 */
EaPersonList *
ea_person_list_new (EaSession  *session,
                    GError    **error)
{
  g_autoptr(EaPersonList) self = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return NULL;

  self = g_object_new (EA_TYPE_PERSON_LIST, NULL);
  self->session = g_object_ref (session);
  if (!reload (self, error))
    return NULL;
  self->total = self->ids->len;
  return g_steal_pointer (&self);
}

const char *
ea_person_list_get_search (EaPersonList *self)
{
  g_return_val_if_fail (EA_IS_PERSON_LIST (self), NULL);

  return self->search;
}

/**
 * ea_person_list_set_search:
 * @self: a list
 * @search: words that must all occur in a person's name, birth date,
 *   AZR number or platform id; case and diacritics do not matter. One
 *   word of one or two letters or digits begins the family name instead
 *   (EA_PERSONS_NAME_START_LETTERS)
 * @error: a #GError
 */
gboolean
ea_person_list_set_search (EaPersonList  *self,
                           const char    *search,
                           GError       **error)
{
  g_return_val_if_fail (EA_IS_PERSON_LIST (self), FALSE);

  if (search == NULL)
    search = "";
  if (g_strcmp0 (self->search, search) == 0)
    return TRUE;
  if (!ea_session_check (self->session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return FALSE;

  g_free (self->search);
  self->search = g_strdup (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
  if (!reload (self, error))
    return FALSE;
  /* A search shows names: who searched for what is in the audit log. */
  if (search[0] != '\0' &&
      !_ea_audit_record (self->session, &(EaAuditRecord) { .action = "search",
                                                           .object_type = "persons",
                                                           .detail = search }, error))
    return FALSE;
  return TRUE;
}

static char *
dup_nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

/**
 * ea_person_list_set_filter:
 * @self: the list
 * @filter: (nullable): what to narrow the list to; %NULL for everybody
 * @error: a #GError
 *
 * Narrows the list, together with the search. The protection need is a
 * special category: filtering by it needs the right to see it.
 *
 * Returns: %FALSE on a refusal or bad input; then the filter is as it was
 */
gboolean
ea_person_list_set_filter (EaPersonList          *self,
                           const EaPersonFilter  *filter,
                           GError               **error)
{
  static const EaPersonFilter none = { 0 };

  g_return_val_if_fail (EA_IS_PERSON_LIST (self), FALSE);

  if (filter == NULL)
    filter = &none;
  if (filter->vulnerability != NULL && filter->vulnerability[0] != '\0' &&
      !ea_session_check (self->session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES, 0, error))
    return FALSE;
  if ((filter->arrived_from != NULL && filter->arrived_from[0] != '\0' &&
       !ea_date_is_valid (filter->arrived_from)) ||
      (filter->arrived_until != NULL && filter->arrived_until[0] != '\0' &&
       !ea_date_is_valid (filter->arrived_until)))
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("Arrival: the period must be two dates as DD.MM.YYYY."));
      return FALSE;
    }
  if (filter->status != NULL && filter->status[0] != '\0' &&
      !g_strv_contains ((const char *[]) { "expected", "present", "left", NULL }, filter->status))
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, _("Status: please choose."));
      return FALSE;
    }

  self->facility_id = filter->facility_id;
  g_free (self->status);
  self->status = dup_nonempty (filter->status);
  g_free (self->nationality);
  self->nationality = dup_nonempty (filter->nationality);
  g_free (self->vulnerability);
  self->vulnerability = dup_nonempty (filter->vulnerability);
  g_free (self->arrived_from);
  self->arrived_from = dup_nonempty (filter->arrived_from);
  g_free (self->arrived_until);
  self->arrived_until = dup_nonempty (filter->arrived_until);
  return reload (self, error);
}

gboolean
ea_person_list_set_sort (EaPersonList  *self,
                         EaPersonSort   sort,
                         gboolean       descending,
                         GError       **error)
{
  g_return_val_if_fail (EA_IS_PERSON_LIST (self), FALSE);
  g_return_val_if_fail (sort <= EA_PERSON_SORT_ARRIVAL, FALSE);

  descending = !!descending;
  if (self->sort == sort && self->descending == descending)
    return TRUE;
  if (!ea_session_check (self->session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return FALSE;

  self->sort = sort;
  self->descending = descending;
  return reload (self, error);
}

/**
 * ea_person_list_set_first_facility:
 * @self: the list
 * @facility_id: a facility, or 0
 * @error: a #GError
 *
 * Puts first the expected arrivals that hold a bed reserved in
 * @facility_id, each part in the list's order: those a housing manager
 * checks in there next. 0 ends it.
 *
 * Returns: whether the list was read again
 */
gboolean
ea_person_list_set_first_facility (EaPersonList  *self,
                                   gint64         facility_id,
                                   GError       **error)
{
  g_return_val_if_fail (EA_IS_PERSON_LIST (self), FALSE);

  if (self->first_facility_id == facility_id)
    return TRUE;
  if (!ea_session_check (self->session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return FALSE;
  self->first_facility_id = facility_id;
  return reload (self, error);
}

/**
 * ea_person_list_get_total:
 *
 * Returns: the number of persons without a search, for "12 of 2,500"
 */
guint
ea_person_list_get_total (EaPersonList *self)
{
  g_return_val_if_fail (EA_IS_PERSON_LIST (self), 0);

  return self->total;
}

/**
 * ea_person_list_reload:
 *
 * Reads the list again with the same search and order, for changes made
 * elsewhere (another page, another user, eakte-cli).
 */
gboolean
ea_person_list_reload (EaPersonList  *self,
                       GError       **error)
{
  g_return_val_if_fail (EA_IS_PERSON_LIST (self), FALSE);

  if (!ea_session_check (self->session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return FALSE;
  if (self->search[0] == '\0')
    {
      if (!reload (self, error))
        return FALSE;
      self->total = self->ids->len;
      return TRUE;
    }
  return reload (self, error);
}

/**
 * ea_person_list_find:
 * @self: the list
 * @person_id: a person
 *
 * Where the person stands in the list as it is now: a list read again
 * (ea_person_list_reload()) finds the row that was selected.
 *
 * Returns: the position, or %G_MAXUINT when the person is not in it
 */
guint
ea_person_list_find (EaPersonList *self,
                     gint64        person_id)
{
  g_return_val_if_fail (EA_IS_PERSON_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == person_id)
      return i;
  return G_MAXUINT;
}
