/* SPDX-License-Identifier: EUPL-1.2 */
/* What the Import page shows after a run: past runs, probable
 * duplicates held for a decision (and the decision), arrivals still
 * without a bed. */
#include "config.h"

#include "ea-import.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <fcntl.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <unistd.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-documents-private.h"
#include "ea-error.h"
#include "ea-feed-resources.h"
#include "ea-import-private.h"
#include "ea-import-sql-private.h"
#include "ea-person-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"
#include "ea-xlsx-private.h"
#include "ea-xml-guard-private.h"

void
ea_import_run_free (EaImportRun *run)
{
  if (run == NULL)
    return;
  g_free (run->started_at);
  g_free (run->source);
  g_free (run->message_id);
  g_free (run->state);
  g_free (run->user);
  g_free (run);
}

/**
 * ea_import_list_runs:
 * @session: a session with the right to import
 * @limit: at most this many, the newest first
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type EaImportRun): the recorded runs
 */
GPtrArray *
ea_import_list_runs (EaSession  *session,
                     guint       limit,
                     GError    **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_import_run_free);
  g_autoptr(EaStmt) stmt = NULL;
  EaStore *store;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, _ea_import_sql.recent_runs, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, limit);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      EaImportRun *run = g_new0 (EaImportRun, 1);

      run->id = _ea_stmt_column_int64 (stmt, 0);
      run->started_at = g_strdup (_ea_stmt_column_text (stmt, 1));
      run->source = g_strdup (_ea_stmt_column_text (stmt, 2));
      run->message_id = g_strdup (_ea_stmt_column_text (stmt, 3));
      run->sequence = _ea_stmt_column_int64 (stmt, 4);
      run->state = g_strdup (_ea_stmt_column_text (stmt, 5));
      run->user = g_strdup (_ea_stmt_column_text (stmt, 6));
      run->created = _ea_stmt_column_int (stmt, 7);
      run->updated = _ea_stmt_column_int (stmt, 8);
      run->unchanged = _ea_stmt_column_int (stmt, 9);
      run->cancelled = _ea_stmt_column_int (stmt, 10);
      run->rejected = _ea_stmt_column_int (stmt, 11);
      run->duplicates_to_review = _ea_stmt_column_int (stmt, 12);
      g_ptr_array_add (runs, run);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the import runs"));
      return NULL;
    }
  return g_steal_pointer (&runs);
}

void
ea_import_duplicate_free (EaImportDuplicate *d)
{
  if (d == NULL)
    return;
  g_free (d->existing_name);
  g_free (d->existing_birth_date);
  g_free (d->existing_azr);
  g_free (d->existing_status);
  g_free (d->name);
  g_free (d->birth_date);
  g_free (d->azr);
  g_free (d->platform_id);
  g_free (d->household);
  g_free (d->message);
  g_free (d);
}

/**
 * ea_import_list_duplicates:
 * @session: a session with the right to import
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type EaImportDuplicate): the probable
 *   duplicates held for a decision, the oldest first
 */
GPtrArray *
ea_import_list_duplicates (EaSession  *session,
                           GError    **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_import_duplicate_free);
  g_autoptr(EaStmt) stmt = NULL;
  EaStore *store;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, _ea_import_sql.open_duplicates, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      EaImportDuplicate *d = g_new0 (EaImportDuplicate, 1);
      Person *p = _ea_import_person_from_json (_ea_stmt_column_text (stmt, 6));

      d->review_id = _ea_stmt_column_int64 (stmt, 0);
      d->existing_id = _ea_stmt_column_int64 (stmt, 1);
      d->existing_name = g_strdup (_ea_stmt_column_text (stmt, 2));
      d->existing_birth_date = g_strdup (_ea_stmt_column_text (stmt, 3));
      d->existing_azr = g_strdup (_ea_stmt_column_text (stmt, 4));
      d->existing_status = g_strdup (_ea_person_status_label (_ea_stmt_column_text (stmt, 5)));
      d->message = g_strdup (_ea_stmt_column_text (stmt, 7));
      if (p != NULL)
        {
          d->name = _ea_import_join_name (p->family_name, p->given_names);
          d->birth_date = g_strdup (p->birth_date);
          d->azr = g_strdup (p->azr);
          d->platform_id = g_strdup (p->person_id);
          d->household = g_strdup (p->household);
          d->line = p->line;
          _ea_import_person_free (p);
        }
      g_ptr_array_add (found, d);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the probable duplicates"));
      return NULL;
    }
  return g_steal_pointer (&found);
}

/* The fields of a person that a merged duplicate's record replaces, in
 * the order of the columns of _ea_import_sql.person_fields. */
typedef struct
{
  const char *field;
  const char *label;     /* N_() */
  gsize       offset;    /* of the record's value in Person */
  const char *codes;     /* the code list that names its values, or NULL */
  gboolean    date;      /* a (partial) date */
  gboolean    spelling;  /* a name: see prefer_file_spelling () */
} MergedField;

#define MERGED(field, label, member, codes, date, spelling) \
  { field, label, G_STRUCT_OFFSET (Person, member), codes, date, spelling }

/* The audit detail of a merge: the fields kept, by their keys. */
#define KEPT_FROM_FILE "kept from the file: "

static const MergedField merged_fields[] = {
  MERGED ("bamf_file_number", N_("BAMF file number"), bamf, NULL, FALSE, FALSE),
  MERGED ("family_name", N_("Family name"), family_name, NULL, FALSE, TRUE),
  MERGED ("given_names", N_("Given names"), given_names, NULL, FALSE, TRUE),
  MERGED ("birth_name", N_("Birth name"), birth_name, NULL, FALSE, TRUE),
  MERGED ("birth_date", N_("Date of birth"), birth_date, NULL, TRUE, FALSE),
  MERGED ("birth_place", N_("Place of birth"), birth_place, NULL, FALSE, TRUE),
  MERGED ("birth_country", N_("Country of birth"), birth_country, "nationality", FALSE, FALSE),
  MERGED ("gender", N_("Gender"), gender, "gender", FALSE, FALSE),
  MERGED ("marital_status", N_("Marital status"), marital_status, "marital_status", FALSE, FALSE),
  MERGED ("religion", N_("Religion"), religion, "religion", FALSE, FALSE),
  MERGED ("residence_status", N_("Residence status"), residence_status, "residence_status",
          FALSE, FALSE),
  MERGED ("schooling", N_("Schooling"), schooling, "schooling", FALSE, FALSE),
  MERGED ("profession", N_("Profession"), profession, NULL, FALSE, FALSE),
  MERGED ("remark", N_("Remark"), remark, NULL, FALSE, FALSE),
};

#undef MERGED

static char **
record_value (const MergedField *f,
              Person            *p)
{
  return G_STRUCT_MEMBER_P (p, f->offset);
}

static guint
count_non_ascii (const char *text)
{
  guint n = 0;

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    n += (guchar) *c >= 0x80;
  return n;
}

/* Issue "The window": of two spellings of one name, the file's is kept
 * by default when the import's differs only by what folding takes away
 * and has fewer letters with diacritics ("Yılmaz, Özlem" against a feed's
 * "Yilmaz, Ozlem"). */
static gboolean
prefer_file_spelling (const char *incoming,
                      const char *kept)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (incoming == NULL || kept == NULL || g_str_equal (incoming, kept))
    return FALSE;
  a = ea_text_fold (incoming);
  b = ea_text_fold (kept);
  return g_str_equal (a, b) && count_non_ascii (kept) > count_non_ascii (incoming);
}

/* The person's fields as the file has them, or NULL with @error set. */
static EaStmt *
read_file_fields (EaStore  *store,
                  gint64    person_id,
                  GError  **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_import_sql.person_fields, error);

  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      _ea_store_set_error (store, error, _("Cannot read the person’s file"));
      return NULL;
    }
  return g_steal_pointer (&stmt);
}

/* A value as the Import page shows it: a date as TT.MM.JJJJ, a code by
 * its label. */
static char *
shown_value (EaStore           *store,
             const MergedField *f,
             const char        *value)
{
  if (value == NULL)
    return NULL;
  if (f->date)
    {
      char *day = ea_partial_date_format (value);

      return day != NULL ? day : g_strdup (value);
    }
  if (f->codes != NULL)
    {
      g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_import_sql.code_label, NULL);

      if (stmt != NULL)
        {
          _ea_stmt_bind_text (stmt, 1, f->codes);
          _ea_stmt_bind_text (stmt, 2, value);
          if (_ea_stmt_step (stmt) == EA_STMT_ROW && _ea_stmt_column_text (stmt, 0) != NULL)
            return g_strdup (_ea_stmt_column_text (stmt, 0));
        }
    }
  return g_strdup (value);
}

void
ea_import_difference_free (EaImportDifference *difference)
{
  if (difference == NULL)
    return;
  g_free (difference->label);
  g_free (difference->file_value);
  g_free (difference->import_value);
  g_free (difference->file_text);
  g_free (difference->import_text);
  g_free (difference);
}

/* The record of an open review and the person it is held against, or
 * NULL with @error set. */
static Person *
open_review (EaStore  *store,
             gint64    review_id,
             gint64   *twin,
             GError  **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_import_sql.open_review, error);
  Person *p = NULL;

  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, review_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW ||
      (p = _ea_import_person_from_json (_ea_stmt_column_text (stmt, 0))) == NULL)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("This probable duplicate has been decided already."));
      return NULL;
    }
  *twin = _ea_stmt_column_int64 (stmt, 1);
  return p;
}

static GPtrArray *
differences (EaStore  *store,
             gint64    person_id,
             Person   *p,
             GError  **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_import_difference_free);
  g_autoptr(EaStmt) file = read_file_fields (store, person_id, error);

  if (file == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (merged_fields); i++)
    {
      const MergedField *f = &merged_fields[i];
      const char *kept = _ea_stmt_column_text (file, (int) i);
      const char *incoming = *record_value (f, p);
      EaImportDifference *d;

      if (g_strcmp0 (kept, incoming) == 0)
        continue;
      d = g_new0 (EaImportDifference, 1);
      d->field = f->field;
      d->label = g_strdup (_(f->label));
      d->file_value = g_strdup (kept);
      d->import_value = g_strdup (incoming);
      d->file_text = shown_value (store, f, kept);
      d->import_text = shown_value (store, f, incoming);
      /* Nothing lost by default: where the import says nothing, the
       * file's value stays. */
      d->keep_file = (f->spelling && prefer_file_spelling (incoming, kept)) ||
                     ((incoming == NULL || incoming[0] == '\0') && kept != NULL);
      g_ptr_array_add (found, d);
    }
  return g_steal_pointer (&found);
}

/**
 * ea_import_list_differences:
 * @session: a session with the right to import
 * @review_id: a probable duplicate held by an import
 * @error: a #GError
 *
 * The fields in which the held record differs from the file of the person
 * it is held against, for "Dieselbe Person" to ask which value to keep;
 * by default the import's, except a name whose file spelling has the
 * diacritics the import's lacks. Lists, identifiers and the household are
 * not compared: a merge takes the record's.
 *
 * Returns: (transfer full) (element-type EaImportDifference): the
 *   differences in the order of the person's file, empty when there are
 *   none, or %NULL with @error set
 */
GPtrArray *
ea_import_list_differences (EaSession  *session,
                            gint64      review_id,
                            GError    **error)
{
  EaStore *store;
  Person *p;
  gint64 twin = 0;
  GPtrArray *found;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  p = open_review (store, review_id, &twin, error);
  if (p == NULL)
    return NULL;
  found = differences (store, twin, p, error);
  _ea_import_person_free (p);
  return found;
}

typedef struct
{
  Import            *im;
  Transfer          *t;
  Person            *p;
  gint64             review_id;
  gint64             transfer_id;
  gboolean           same_person;
  const char *const *keep_file;  /* the fields whose file value stays */
  const char        *detail;     /* for the audit log: the fields kept, by name */
  gint64             id;         /* the person kept */
} Deciding;

/* The record given the file's values of the fields kept: read inside the
 * transaction, so that they are the file's as it is written. */
static gboolean
keep_file_values (Deciding  *c,
                  GError   **error)
{
  g_autoptr(EaStmt) file = NULL;

  if (c->keep_file == NULL || c->keep_file[0] == NULL)
    return TRUE;
  file = read_file_fields (c->im->store, c->im->force_id, error);
  if (file == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (merged_fields); i++)
    if (g_strv_contains (c->keep_file, merged_fields[i].field))
      {
        char **value = record_value (&merged_fields[i], c->p);

        g_free (*value);
        *value = g_strdup (_ea_stmt_column_text (file, (int) i));
      }
  return TRUE;
}

static gboolean
decide_change (EaSession     *session,
               gpointer       data,
               EaAuditRecord *record,
               GError       **error)
{
  Deciding *c = data;

  if (c->same_person && !keep_file_values (c, error))
    return FALSE;
  c->id = _ea_import_apply_person (c->im, c->t, c->p, error);
  if (c->id <= 0 ||
      (c->transfer_id != 0 &&
       !_ea_store_exec_bound (c->im->store, _ea_import_sql.add_transfer_member, error, "ii",
                              c->transfer_id, c->id)) ||
      !_ea_store_exec_bound (c->im->store, _ea_import_sql.decide_review, error, "isis",
                             c->review_id, c->im->now, c->im->user_id,
                             c->same_person ? "merged" : "kept-apart"))
    return FALSE;
  *record = (EaAuditRecord) { .action = c->same_person ? "merge" : "keep-apart",
                              .object_type = "import-review", .object_id = c->review_id,
                              .person_id = c->id, .detail = c->detail };
  return TRUE;
}

static gboolean
known_field (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (merged_fields); i++)
    if (g_str_equal (merged_fields[i].field, field))
      return TRUE;
  return FALSE;
}

static gint64
decide (EaSession          *session,
        gint64              review_id,
        gboolean            same_person,
        const char *const  *keep_file_fields,
        GError            **error)
{
  g_autoptr(EaImportResult) result = NULL;
  g_autoptr(GPtrArray) defaults = NULL;
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) keep_file = NULL;
  g_autofree char *detail = NULL;
  Import im = { 0 };
  Transfer t = { 0 };
  Person *p = NULL;
  gint64 twin = 0, transfer_id = 0, id = 0;
  gboolean ok;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return 0;
  for (guint i = 0; keep_file_fields != NULL && keep_file_fields[i] != NULL; i++)
    if (!known_field (keep_file_fields[i]))
      {
        g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                     _("“%s” is no field of a person that a merge can keep."),
                     keep_file_fields[i]);
        return 0;
      }
  p = open_review (ea_session_get_store (session), review_id, &twin, error);
  if (p == NULL)
    return 0;
  if (same_person)
    {
      /* No choice made: the defaults the differences propose. */
      if (keep_file_fields == NULL)
        {
          defaults = differences (ea_session_get_store (session), twin, p, error);
          if (defaults == NULL)
            {
              _ea_import_person_free (p);
              return 0;
            }
          for (guint i = 0; i < defaults->len; i++)
            {
              EaImportDifference *d = g_ptr_array_index (defaults, i);

              if (d->keep_file)
                g_strv_builder_add (kept, d->field);
            }
        }
      else
        g_strv_builder_addv (kept, (const char **) keep_file_fields);
      keep_file = g_strv_builder_end (kept);
      /* Field names only: no value of the person goes into the log. */
      if (keep_file[0] != NULL)
        {
          g_autofree char *names = g_strjoinv (",", keep_file);

          detail = g_strconcat (KEPT_FROM_FILE, names, NULL);
        }
    }
  result = _ea_import_result_new (NULL, FALSE);
  _ea_import_init (&im, session, result);
  im.force_id = same_person ? twin : 0;
  im.no_twins = TRUE;
  t.id = p->transfer;
  t.arrival_on = NULL;
  if (p->transfer != NULL)
    transfer_id = _ea_store_query_int (im.store, _ea_import_sql.transfer_by_platform_id, "s",
                                       p->transfer);
  {
    g_autoptr(EaStmt) arrival = _ea_store_prepare (im.store, _ea_import_sql.transfer_arrival,
                                                   NULL);

    if (arrival != NULL)
      {
        _ea_stmt_bind_int64 (arrival, 1, transfer_id);
        _ea_stmt_bind_text (arrival, 2, im.today);
        if (_ea_stmt_step (arrival) == EA_STMT_ROW)
          t.arrival_on = g_strdup (_ea_stmt_column_text (arrival, 0));
      }
  }

  {
    Deciding change = { &im, &t, p, review_id, transfer_id, same_person,
                        (const char *const *) keep_file, detail, 0 };

    ok = _ea_change (session, EA_RIGHT_IMPORT, 0, decide_change, &change, error);
    id = change.id;
  }
  g_free (t.arrival_on);
  _ea_import_person_free (p);
  _ea_import_clear (&im);
  return ok ? id : 0;
}

/**
 * ea_import_decide:
 * @session: a session with the right to import
 * @review_id: a probable duplicate held by an import
 * @same_person: %TRUE: the record is the person already known, whose
 *   data it updates (keeping what ea_import_list_differences () proposes
 *   to keep); %FALSE: a different person, created now
 * @error: a #GError
 *
 * Returns: the person the record now is, or 0 with @error set; nothing
 *   is changed then
 */
gint64
ea_import_decide (EaSession  *session,
                  gint64      review_id,
                  gboolean    same_person,
                  GError    **error)
{
  return decide (session, review_id, same_person, NULL, error);
}

/**
 * ea_import_decide_merge:
 * @session: a session with the right to import
 * @review_id: a probable duplicate held by an import
 * @keep_file_fields: (nullable) (array zero-terminated=1): the fields
 *   (#EaImportDifference.field) whose value in the person's file stays;
 *   every other field takes the record's. %NULL: the defaults of
 *   ea_import_list_differences ()
 * @error: a #GError
 *
 * "Dieselbe Person" with the user's choice, field by field: the record
 * updates the person already known, in one change with one audit entry,
 * whose detail names the fields kept from the file (never their values).
 *
 * Returns: the person, or 0 with @error set; nothing is changed then
 */
gint64
ea_import_decide_merge (EaSession          *session,
                        gint64              review_id,
                        const char *const  *keep_file_fields,
                        GError            **error)
{
  return decide (session, review_id, TRUE, keep_file_fields, error);
}

void
ea_import_arrival_free (EaImportArrival *arrival)
{
  if (arrival == NULL)
    return;
  g_free (arrival->name);
  g_free (arrival->expected_on);
  g_free (arrival);
}

static int
compare_arrivals (gconstpointer a,
                  gconstpointer b)
{
  const EaImportArrival *x = *(EaImportArrival **) a, *y = *(EaImportArrival **) b;

  return g_strcmp0 (x->expected_on, y->expected_on);
}

/**
 * ea_import_list_unplaced:
 * @session: a session that may see persons
 * @run_id: an import run
 * @error: a #GError
 *
 * The persons the run's transfers announced who are still expected and
 * have neither a bed nor a reservation, one entry per household (its head
 * first), so that a bed can be found for them from the import's result.
 *
 * Returns: (transfer full) (element-type EaImportArrival): the arrivals,
 *   the earliest first, or %NULL with @error set
 */
GPtrArray *
ea_import_list_unplaced (EaSession  *session,
                         gint64      run_id,
                         GError    **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_import_arrival_free);
  g_autoptr(EaStmt) stmt = NULL;
  EaStore *store;
  EaImportArrival *last = NULL;
  gint64 last_household = 0;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, _ea_import_sql.arrivals_without_bed, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, run_id);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 household = _ea_stmt_column_int64 (stmt, 2);

      if (last != NULL && household != 0 && household == last_household)
        {
          const char *on = _ea_stmt_column_text (stmt, 3);

          last->household_size++;
          if (on != NULL && (last->expected_on == NULL || strcmp (on, last->expected_on) < 0))
            {
              g_free (last->expected_on);
              last->expected_on = g_strdup (on);
            }
          continue;
        }
      last = g_new0 (EaImportArrival, 1);
      last->person_id = _ea_stmt_column_int64 (stmt, 0);
      last->name = g_strdup (_ea_stmt_column_text (stmt, 1));
      last->expected_on = g_strdup (_ea_stmt_column_text (stmt, 3));
      last->household_size = 1;
      last_household = household;
      g_ptr_array_add (found, last);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the expected arrivals"));
      return NULL;
    }
  g_ptr_array_sort (found, compare_arrivals);
  return g_steal_pointer (&found);
}

/**
 * ea_import_describe_merge:
 * @detail: (nullable): the detail of a "merge" entry of the audit log
 *
 * The detail in the user's words, as ea_audit_describe_detail() says the
 * others': the fields kept from the file by their names (the log records
 * their keys, so that its hash chain never depends on a language).
 *
 * Returns: (transfer full): the detail for people
 */
char *
ea_import_describe_merge (const char *detail)
{
  g_auto(GStrv) keys = NULL;
  g_autoptr(GString) names = NULL;

  if (detail == NULL || !g_str_has_prefix (detail, KEPT_FROM_FILE))
    return ea_audit_describe_detail ("merge", "import-review", detail);
  keys = g_strsplit (detail + strlen (KEPT_FROM_FILE), ",", -1);
  names = g_string_new (NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *label = keys[i];

      for (guint j = 0; j < G_N_ELEMENTS (merged_fields); j++)
        if (g_str_equal (keys[i], merged_fields[j].field))
          label = _(merged_fields[j].label);
      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", label);
    }
  /* Translators: the fields whose values a merge kept, such as "Family
   * name, Remark". */
  return g_strdup_printf (_("kept from the file: %s"), names->str);
}
