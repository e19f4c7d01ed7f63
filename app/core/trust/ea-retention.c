/* SPDX-License-Identifier: EUPL-1.2 */
/* Löschfristen: after a person has left, each category of their data is
 * kept for a number of months (settings, defaults below and in the README)
 * and then deleted; at the end the file itself is anonymised, keeping only
 * what the statistics count (year of birth, gender, nationality, stays).
 * A preview lists what is due; the run does it in one transaction, logs
 * each person's deletion, and then removes the document files that no
 * document refers to any more. */
#include "config.h"

#include "ea-retention.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-store-private.h"
#include "ea-text.h"
#include "ea-trust-sql-private.h"

static const struct
{
  const char *key;
  const char *label;
  guint       months;
  const char *audit_object;
} categories[EA_N_RETENTION] = {
  [EA_RETENTION_SPECIAL] = { "retention.special", N_("Religion and protection needs"), 6,
                             "special-categories" },
  [EA_RETENTION_CASE_NOTES] = { "retention.case_notes", N_("Case notes"), 24, "case-notes" },
  [EA_RETENTION_DOCUMENTS] = { "retention.documents", N_("Documents"), 12, "documents" },
  [EA_RETENTION_PERSON] = { "retention.person", N_("Personal data (anonymised)"), 72,
                            "person" },
};

/* What each category finds to delete among the due persons, and the
 * deletion itself, for every due person at once (ea-trust-sql.c). */
static const char *const *const due_sql[EA_N_RETENTION] = {
  [EA_RETENTION_SPECIAL] = &_ea_trust_sql.due_special,
  [EA_RETENTION_CASE_NOTES] = &_ea_trust_sql.due_case_notes,
  [EA_RETENTION_DOCUMENTS] = &_ea_trust_sql.due_documents,
  [EA_RETENTION_PERSON] = &_ea_trust_sql.due_person,
};

static const char *const *const run_sql[EA_N_RETENTION] = {
  [EA_RETENTION_SPECIAL] = &_ea_trust_sql.delete_special,
  [EA_RETENTION_CASE_NOTES] = &_ea_trust_sql.delete_case_notes,
  [EA_RETENTION_DOCUMENTS] = &_ea_trust_sql.delete_documents,
  [EA_RETENTION_PERSON] = &_ea_trust_sql.delete_person,
};

void
ea_retention_item_free (EaRetentionItem *item)
{
  if (item == NULL)
    return;
  g_free (item->name);
  g_free (item->left_on);
  g_free (item);
}

/**
 * ea_retention_category_label:
 * @category: a category
 *
 * Returns: the category in the user's words
 */
const char *
ea_retention_category_label (EaRetentionCategory category)
{
  g_return_val_if_fail (category < EA_N_RETENTION, NULL);
  return _(categories[category].label);
}

guint
ea_retention_default_months (EaRetentionCategory category)
{
  g_return_val_if_fail (category < EA_N_RETENTION, 0);
  return categories[category].months;
}

/**
 * ea_retention_get_months:
 * @session: a session
 * @category: a category
 *
 * Returns: the months the category is kept after a person has left
 */
guint
ea_retention_get_months (EaSession           *session,
                         EaRetentionCategory  category)
{
  g_autofree char *value = NULL;
  guint64 months;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);
  g_return_val_if_fail (category < EA_N_RETENTION, 0);

  value = _ea_store_dup_setting (ea_session_get_store (session), categories[category].key);
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, EA_RETENTION_MIN_MONTHS,
                                                    EA_RETENTION_MAX_MONTHS, &months, NULL))
    return categories[category].months;
  return (guint) months;
}

/**
 * ea_retention_set_months:
 * @session: an administrator's session
 * @category: a category
 * @months: months after leaving, 1 to 240
 * @error: a #GError
 *
 * The personal data goes last: its period is never shorter than another
 * category's, or an anonymised file would still hold notes or documents.
 *
 * Returns: %FALSE on a refusal
 */
gboolean
ea_retention_set_months (EaSession            *session,
                         EaRetentionCategory   category,
                         guint                 months,
                         GError              **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (category < EA_N_RETENTION, FALSE);

  if (!ea_session_check (session, EA_RIGHT_SETTINGS, 0, error))
    return FALSE;
  if (months < EA_RETENTION_MIN_MONTHS || months > EA_RETENTION_MAX_MONTHS)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("%s: a retention period is between %d and %d months."),
                   ea_retention_category_label (category), EA_RETENTION_MIN_MONTHS,
                   EA_RETENTION_MAX_MONTHS);
      return FALSE;
    }
  for (guint c = 0; c < EA_N_RETENTION; c++)
    {
      guint other = ea_retention_get_months (session, c);
      gboolean too_short = category == EA_RETENTION_PERSON && c != EA_RETENTION_PERSON &&
                           months < other;
      gboolean too_long = category != EA_RETENTION_PERSON && c == EA_RETENTION_PERSON &&
                          months > other;

      if (too_short || too_long)
        {
          g_set_error (error, EA_ERROR, EA_ERROR_RULE,
                       _("%s: at most as long as the personal data (%u months), which are "
                         "anonymised last."),
                       ea_retention_category_label (too_short ? c : category),
                       too_short ? months : other);
          return FALSE;
        }
    }

  value = g_strdup_printf ("%u", months);
  return _ea_change_settings (session, EA_RIGHT_SETTINGS,
                              (const char *[]) { categories[category].key, NULL },
                              (const char *[]) { value }, error);
}

/* Fills temp.retention_due with the persons who left at least @months
 * before @today. */
static gboolean
fill_due (EaStore     *store,
          const char  *today,
          guint        months,
          GError     **error)
{
  if (!_ea_store_exec (store, _ea_trust_sql.retention_due_create, error))
    return FALSE;
  return _ea_store_exec_bound (store, _ea_trust_sql.retention_due_fill, error, "si", today,
                               (gint64) months);
}

static gboolean
collect (EaStore             *store,
         EaRetentionCategory  category,
         GPtrArray           *items,
         GError             **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, *due_sql[category], error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      EaRetentionItem *item = g_new0 (EaRetentionItem, 1);

      item->category = category;
      item->person_id = _ea_stmt_column_int64 (stmt, 0);
      item->name = g_strdup (_ea_stmt_column_text (stmt, 1));
      item->left_on = g_strdup (_ea_stmt_column_text (stmt, 2));
      item->count = _ea_stmt_column_int (stmt, 3);
      g_ptr_array_add (items, item);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot find what is due for deletion"));
  return TRUE;
}

static gboolean
check_today (const char  *today,
             GError     **error)
{
  if (!ea_date_is_valid (today))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("“%s” is not a date."),
                   today != NULL ? today : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * ea_retention_preview:
 * @session: an administrator's session
 * @today: (nullable): the day to count from; %NULL for today
 * @error: a #GError
 *
 * What a run would delete now, without changing anything: one item per
 * person and category, in the order of the categories.
 *
 * Returns: (transfer full) (element-type EaRetentionItem): the items, or
 *   %NULL on a refusal
 */
GPtrArray *
ea_retention_preview (EaSession   *session,
                      const char  *today,
                      GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *now = NULL;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_RETENTION, 0, error))
    return NULL;
  if (today == NULL)
    today = now = ea_clock_today ();
  if (!check_today (today, error))
    return NULL;

  store = ea_session_get_store (session);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_retention_item_free);
  for (guint c = 0; c < EA_N_RETENTION; c++)
    if (!fill_due (store, today, ea_retention_get_months (session, c), error) ||
        !collect (store, c, items, error))
      return NULL;
  return g_steal_pointer (&items);
}

/* The contents of blobs that nothing refers to any more: their rows go
 * with the transaction (on a server with their parts), the files beside
 * an embedded database after it. */
static gboolean
drop_unused_blobs (EaStore    *store,
                   GPtrArray  *shas,
                   GError    **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  int rc;

  stmt = _ea_store_prepare (store, _ea_trust_sql.unused_blobs, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    g_ptr_array_add (shas, g_strdup (_ea_stmt_column_text (stmt, 0)));
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the document store"));
  return _ea_store_exec (store, _ea_trust_sql.delete_unused_blobs, error);
}

typedef struct
{
  const char *today;
  const char *now;
  GPtrArray  *files;   /* SHA-256 of the contents no longer used */
  guint       n;       /* persons and categories done */
} Running;

/* Every category that is due, an audit entry per person and category;
 * anonymising a file also removes what other periods keep longer than
 * it, should settings ever allow that. */
static gboolean
run_change (EaSession     *session,
            gpointer       data,
            EaAuditRecord *record,
            GError       **error)
{
  Running *r = data;
  EaStore *store = ea_session_get_store (session);
  gint64 user_id = ea_session_get_user_id (session);

  r->n = 0;
  g_ptr_array_set_size (r->files, 0);
  for (guint c = 0; c < EA_N_RETENTION; c++)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_retention_item_free);

      if (!fill_due (store, r->today, ea_retention_get_months (session, c), error) ||
          !collect (store, c, items, error))
        return FALSE;
      if (items->len == 0)
        continue;
      for (guint i = 0; i < items->len; i++)
        {
          EaRetentionItem *item = g_ptr_array_index (items, i);
          g_autofree char *detail = g_strdup_printf ("%u", item->count);

          if (!_ea_audit_record (session,
                                 &(EaAuditRecord) { .action = "retention",
                                                    .object_type = categories[c].audit_object,
                                                    .object_id = item->person_id,
                                                    .person_id = item->person_id,
                                                    .detail = detail },
                                 error))
            return FALSE;
        }
      if (c == EA_RETENTION_PERSON &&
          (!_ea_store_exec (store, _ea_trust_sql.delete_special, error) ||
           !_ea_store_exec (store, _ea_trust_sql.delete_case_notes, error) ||
           !_ea_store_exec (store, _ea_trust_sql.delete_documents, error)))
        return FALSE;
      if (!_ea_store_exec (store, *run_sql[c], error) ||
          (c == EA_RETENTION_PERSON &&
           !_ea_store_exec_bound (store, _ea_trust_sql.anonymise, error, "si", r->now,
                                  user_id)))
        return FALSE;
      r->n += items->len;
    }
  return drop_unused_blobs (store, r->files, error);
}

/**
 * ea_retention_run:
 * @session: an administrator's session
 * @today: (nullable): the day to count from; %NULL for today
 * @n_done: (out) (optional): how many items of the preview were done
 * @error: a #GError
 *
 * Deletes and anonymises what the preview lists, in one transaction, with
 * an audit entry for each person and category; then removes the document
 * files no longer used.
 *
 * Returns: %FALSE on a refusal or failure; then nothing was changed
 */
gboolean
ea_retention_run (EaSession   *session,
                  const char  *today,
                  guint       *n_done,
                  GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now_day = NULL;
  g_autofree char *now = ea_clock_timestamp ();
  guint n = 0;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_RETENTION, 0, error))
    return FALSE;
  now_day = ea_clock_today ();
  if (today == NULL)
    today = now_day;
  if (!check_today (today, error))
    return FALSE;
  /* A run deletes what is due: never what will only be due later (a
   * preview may look ahead). */
  if (strcmp (today, now_day) > 0)
    {
      g_autofree char *shown = ea_date_format (today);
      g_autofree char *shown_today = ea_date_format (now_day);

      return ea_error_set (error, EA_ERROR_INVALID,
                           _("Nothing was deleted: %s lies in the future (today is %s). A run "
                             "deletes only what is due today; the preview can look ahead."),
                           shown, shown_today);
    }

  {
    Running change = { .today = today, .now = now, .files = files };

    if (!_ea_change (session, EA_RIGHT_RETENTION, 0, run_change, &change, error))
      return FALSE;
    n = change.n;
  }

  /* The rows are gone for good; a file that cannot be removed is warned
   * about by its error only, never by whose it was. */
  for (guint i = 0; i < files->len; i++)
    _ea_store_blob_discard (ea_session_get_store (session), g_ptr_array_index (files, i));
  if (n_done != NULL)
    *n_done = n;
  return TRUE;
}
