/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-person-list"

#include "config.h"

#include "ea-person-list.h"

#include <glib/gi18n-lib.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-documents-private.h"
#include "ea-error.h"
#include "ea-person-private.h"
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

static const char *sort_keys[] = {
  [EA_PERSON_SORT_NAME] = "p.sort_name",
  [EA_PERSON_SORT_BIRTH_DATE] = "p.birth_date",
  [EA_PERSON_SORT_NATIONALITY] =
    "(SELECT c.label FROM person_nationalities n JOIN codes c ON c.list = 'nationality' "
    "AND c.code = n.code WHERE n.person_id = p.id AND n.position = 1)",
  [EA_PERSON_SORT_FACILITY] =
    "(SELECT f.name FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE s.person_id = p.id AND s.until_date IS NULL)",
  [EA_PERSON_SORT_STATUS] = "p.status",
  [EA_PERSON_SORT_ARRIVAL] = "coalesce (p.arrived_on, p.expected_on)",
};

static void
clear_pages (EaPersonList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_lru);
}

/* Shorter words would match a large part of every document. */
#define MIN_DOCUMENT_WORD 3
/* A word that begins words in more documents than this is too common to
 * narrow the search ("sch" while typing "Schreinermeister"); it is looked
 * for in the names only until it is longer. */
#define MAX_DOCUMENT_MATCHES 1000

static gboolean
too_common (EaStore    *store,
            const char *term)
{
  return _ea_store_query_int (store,
                              "SELECT count (*) FROM (SELECT rowid FROM document_text "
                              "WHERE document_text MATCH ?1 LIMIT " G_STRINGIFY (MAX_DOCUMENT_MATCHES) " + 1)",
                              "s", term) > MAX_DOCUMENT_MATCHES;
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

/* The search query of a list as it is written: its SQL, whether it has a
 * WHERE clause yet, and whether it needs @today bound as ?107. */
typedef struct
{
  GString    *sql;
  gboolean    where;
  gboolean    bind_today;
  const char *today;
} Query;

/* Starts one more condition of @query. */
static void
begin_condition (Query *query)
{
  g_string_append (query->sql, !query->where ? " WHERE " : " AND ");
  query->where = TRUE;
}

/* A social worker limited to some facilities sees the persons living
 * there or holding a reservation there today (DESIGN.md, access).
 * Whoever places persons needs to find the new arrivals, too. */
static void
add_access (EaPersonList *self,
            Query        *query)
{
  g_autoptr(GArray) facilities = _ea_session_dup_facility_ids (self->session);
  g_autoptr(GString) in = NULL;

  if (facilities == NULL || ea_session_can (self->session, EA_RIGHT_EDIT_STAYS))
    return;
  in = g_string_new (NULL);
  for (guint i = 0; i < facilities->len; i++)
    g_string_append_printf (in, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                            g_array_index (facilities, gint64, i));
  begin_condition (query);
  g_string_append_printf (query->sql,
                          "p.id IN ("
                          "SELECT s.person_id FROM stays s JOIN beds b ON b.id = s.bed_id "
                          "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                          "WHERE u.facility_id IN (%1$s) AND " EA_SQL_HOLDS ("s.", "?107")
                          " "
                          "UNION SELECT v.person_id FROM reservations v "
                          "JOIN beds b ON b.id = v.bed_id JOIN rooms r ON r.id = b.room_id "
                          "JOIN units u ON u.id = r.unit_id "
                          "WHERE u.facility_id IN (%1$s) AND v.state = 'active')",
                          in->str);
  query->bind_today = TRUE;
}

/* Each word is found in the person's names, dates and keys, or begins a
 * word in the text of one of their documents (PDF text and OCR) for
 * those who may see them. Word k is bound as ?(2k+1), its document
 * term as ?(2k+2). Returns the document term of each non-empty word,
 * %NULL where the word is looked for in the names only. */
static GPtrArray *
add_words (EaPersonList  *self,
           EaStore       *store,
           Query         *query,
           GStrv          words)
{
  const char *hidden = _ea_documents_hidden_filter (self->session);
  gboolean documents = ea_session_can (self->session, EA_RIGHT_VIEW_DOCUMENTS);
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  guint n_words = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint word = 2 * n_words + 1;
      char *term;

      if (words[i][0] == '\0')
        continue;
      begin_condition (query);
      term = documents ? dup_document_term (words[i]) : NULL;
      if (term != NULL && too_common (store, term))
        g_clear_pointer (&term, g_free);
      /* search_text is folded already: a plain substring test is enough,
       * and several times faster than LIKE's case-insensitive matching. */
      if (term == NULL)
        g_string_append_printf (query->sql, "instr (p.search_text, ?%u) > 0", word);
      else
        {
          g_string_append_printf (query->sql,
                                  "(instr (p.search_text, ?%u) > 0 OR p.id IN "
                                  "(SELECT d.person_id FROM documents d WHERE d.id IN "
                                  "(SELECT rowid FROM document_text WHERE document_text "
                                  "MATCH ?%u)%s))", word, word + 1, hidden);
        }
      g_ptr_array_add (terms, term);
      n_words++;
    }
  return terms;
}

/* The filters, bound from ?101 on, after the words. */
static void
add_filters (EaPersonList *self,
             Query        *query)
{
  if (self->facility_id != 0)
    {
      begin_condition (query);
      g_string_append (query->sql,
                       "p.id IN (SELECT s.person_id FROM stays s JOIN beds b ON b.id = s.bed_id "
                       "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                       "WHERE u.facility_id = ?101 AND " EA_SQL_HOLDS ("s.", "?107") ")");
      query->bind_today = TRUE;
    }
  if (self->status != NULL)
    {
      begin_condition (query);
      g_string_append (query->sql, "p.status = ?102");
    }
  if (self->nationality != NULL)
    {
      begin_condition (query);
      g_string_append (query->sql,
                       "p.id IN (SELECT person_id FROM person_nationalities WHERE code = ?103)");
    }
  if (self->vulnerability != NULL)
    {
      begin_condition (query);
      g_string_append (query->sql, "p.id IN (SELECT person_id FROM person_vulnerabilities "
                                   "WHERE code = ?104)");
    }
  if (self->arrived_from != NULL)
    {
      begin_condition (query);
      g_string_append (query->sql, "coalesce (p.arrived_on, p.expected_on) >= ?105");
    }
  if (self->arrived_until != NULL)
    {
      begin_condition (query);
      g_string_append (query->sql, "coalesce (p.arrived_on, p.expected_on) <= ?106");
    }
}

/* Ties fall back to the order of the covering index persons_sort_name
 * (sort_name, search_text, id): sorting by name then needs no sort step,
 * which is most of the time of a keystroke over 100,000 persons. */
static void
add_order (EaPersonList *self,
           Query        *query)
{
  if (self->sort == EA_PERSON_SORT_NAME)
    g_string_append_printf (query->sql,
                            " ORDER BY p.sort_name %1$s, p.search_text %1$s, p.id %1$s",
                            self->descending ? "DESC" : "ASC");
  else
    g_string_append_printf (query->sql, " ORDER BY %s %s, p.sort_name, p.search_text, p.id",
                            sort_keys[self->sort], self->descending ? "DESC" : "ASC");
}

/* Binds the filters, the day if @query needs it, and the words with
 * their document @terms, in the numbering add_words() and add_filters()
 * wrote. */
static void
bind_query (EaPersonList *self,
            EaStmt       *stmt,
            const Query  *query,
            GStrv         words,
            GPtrArray    *terms)
{
  if (self->facility_id != 0)
    _ea_stmt_bind_int64 (stmt, 101, self->facility_id);
  if (query->bind_today)
    _ea_stmt_bind_text_copy (stmt, 107, query->today, -1);
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
  g_autoptr(GString) sql = g_string_new ("SELECT p.id FROM persons p");
  g_autofree char *folded = ea_text_fold (self->search);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  g_autofree char *today = ea_clock_today ();
  g_autoptr(GPtrArray) terms = NULL;
  Query query = { sql, FALSE, FALSE, today };
  guint old_n = self->ids->len;
  int rc;

  add_access (self, &query);
  terms = add_words (self, store, &query, words);
  add_filters (self, &query);
  add_order (self, &query);

  stmt = _ea_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_query (self, stmt, &query, words, terms);

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
  g_autoptr(GString) sql = g_string_new ("SELECT " EA_PERSON_COLUMNS " FROM persons p WHERE p.id "
                                                                     "IN (");
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_object_unref);
  guint first = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - first);
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_string_append (sql, i == 0 ? "?" : ",?");
  g_string_append (sql, ")");

  stmt = _ea_store_prepare (store, sql->str, NULL);
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
 *   AZR number or platform id; case and diacritics do not matter
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
