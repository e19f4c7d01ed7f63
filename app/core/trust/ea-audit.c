/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-audit"

#include "config.h"

#include "ea-audit-private.h"
#include "ea-csv-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ea-clock.h"
#include "ea-error.h"
#include "ea-text.h"
#include "ea-store-private.h"
#include "ea-trust-sql-private.h"

/* The audit log is one hash chain, written and verified here: each
 * entry's hash covers the previous entry's hash and all of its own fields,
 * so removing or altering an entry breaks the chain. */

/**
 * _ea_audit_hash:
 *
 * The hash of an audit entry: SHA-256 over the previous entry's hash and
 * all of this entry's fields, separated by a byte that cannot occur in
 * UTF-8 text. Appending and verifying both use this one function.
 *
 * Returns: (transfer full): the hash as 64 hex digits
 */
char *
_ea_audit_hash (const char *prev_hash,
                const char *at,
                gint64      user_id,
                const char *action,
                const char *object_type,
                gint64      object_id,
                gint64      person_id,
                const char *detail)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *fields = NULL;

  fields = g_strdup_printf ("%s\xff%s\xff%" G_GINT64_FORMAT "\xff%s\xff%s\xff%"
                            G_GINT64_FORMAT "\xff%" G_GINT64_FORMAT "\xff%s",
                            prev_hash, at, user_id, action, object_type,
                            object_id, person_id, detail ? detail : "");
  g_checksum_update (sum, (const guchar *) fields, -1);
  return g_strdup (g_checksum_get_string (sum));
}

static void
bind_id_or_null (EaStmt *stmt,
                 int     index,
                 gint64  id)
{
  if (id > 0)
    _ea_stmt_bind_int64 (stmt, index, id);
  else
    _ea_stmt_bind_null (stmt, index);
}

/* An entry waiting for the end of its transaction (_ea_store_defer()). */
typedef struct
{
  char   *at;
  gint64  user_id;
  char   *action;
  char   *object_type;
  gint64  object_id;
  gint64  person_id;
  char   *detail;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_free (p->at);
  g_free (p->action);
  g_free (p->object_type);
  g_free (p->detail);
  g_free (p);
}

/* Entries written by one statement, when a transaction has this many or
 * more (an import's): a round trip to the server for each would hold the
 * chain's lock, and every seat, for seconds. */
#define ROWS_AT_ONCE 32
#define AUDIT_COLUMNS 9
#define PENDING_COLUMNS 8

/* @head followed by @row once, or ROWS_AT_ONCE times when @rows > 1,
 * built once into @cache (two places: one row, many rows). */
static const char *
rows_sql (const char *head,
          const char *row,
          guint       rows,
          gsize      *cache)
{
  gsize *sql = &cache[rows > 1];

  if (g_once_init_enter (sql))
    {
      GString *s = g_string_new (head);

      for (guint r = 0; r < (rows > 1 ? ROWS_AT_ONCE : 1); r++)
        {
          if (r > 0)
            g_string_append (s, ", ");
          g_string_append (s, row);
        }
      g_once_init_leave (sql, (gsize) g_string_free (s, FALSE));
    }
  return (const char *) *sql;
}

/* Binds the fields of @p from column @first + 1 on (at, user_id,
 * action, object_type, object_id, person_id, detail), as both the log
 * and the server's pending entries hold them. */
static void
bind_fields (EaStmt        *stmt,
             int            first,
             const Pending *p)
{
  _ea_stmt_bind_text (stmt, first + 1, p->at);
  bind_id_or_null (stmt, first + 2, p->user_id);
  _ea_stmt_bind_text (stmt, first + 3, p->action);
  _ea_stmt_bind_text (stmt, first + 4, p->object_type);
  bind_id_or_null (stmt, first + 5, p->object_id);
  bind_id_or_null (stmt, first + 6, p->person_id);
  _ea_store_bind_text_or_null (stmt, first + 7, p->detail);
}

/* Binds @p as the @row-th row of an INSERT of many. */
typedef void (*BindRow) (EaStmt        *insert,
                         int            row,
                         const Pending *p,
                         gpointer       data);

/* Inserts @items, ROWS_AT_ONCE by one statement of @head and @row (built
 * once into @cache), the rest one by one. */
static gboolean
insert_rows (EaStore     *store,
             GPtrArray   *items,
             const char  *head,
             const char  *row,
             gsize       *cache,
             BindRow      bind,
             gpointer     data,
             GError     **error)
{
  guint i = 0;

  while (i < items->len)
    {
      guint rows = items->len - i >= ROWS_AT_ONCE ? ROWS_AT_ONCE : 1;
      g_autoptr(EaStoreStatement) insert =
        _ea_store_statement (store, rows_sql (head, row, rows, cache), NULL);

      if (insert == NULL)
        return _ea_store_set_error (store, error, _("Cannot write the audit log"));
      for (guint r = 0; r < rows; r++)
        bind (insert, (int) r, g_ptr_array_index (items, i + r), data);
      if (_ea_stmt_step (insert) != EA_STMT_DONE)
        return _ea_store_set_error (store, error, _("Cannot write the audit log"));
      i += rows;
    }
  return TRUE;
}

/* The entry, with 1 when its change is counted (@data), for the server to
 * link. */
static void
bind_pending (EaStmt        *insert,
              int            row,
              const Pending *p,
              gpointer       data)
{
  int first = row * PENDING_COLUMNS;

  bind_fields (insert, first, p);
  _ea_stmt_bind_int64 (insert, first + 8, *(gboolean *) data ? 1 : 0);
}

/* The entry chained to the previous hash (*@data), which becomes its
 * own. */
static void
bind_linked (EaStmt        *insert,
             int            row,
             const Pending *p,
             gpointer       data)
{
  char **prev = data;
  int first = row * AUDIT_COLUMNS;
  char *hash = _ea_audit_hash (*prev, p->at, p->user_id, p->action, p->object_type,
                               p->object_id, p->person_id, p->detail);

  bind_fields (insert, first, p);
  _ea_stmt_bind_text_copy (insert, first + 8, *prev, -1);
  _ea_stmt_bind_text_copy (insert, first + 9, hash, -1);
  g_free (*prev);
  *prev = hash;
}

/* Appends a transaction's entries to the chain, at its end. On the
 * server, as the transaction commits, the server links them
 * (migrations/postgresql/0009-audit-at-commit.sql): they are handed to
 * it without any lock, and nothing of this process runs while the
 * chain's lock is held. Otherwise the store holds the chain's lock, so
 * that nobody else reads the last hash until this transaction has
 * committed. */
static gboolean
write_pending (EaStore    *store,
               GPtrArray  *items,
               GError    **error)
{
  static gsize pending_sql[2], linked_sql[2];
  g_autoptr(EaStoreStatement) last = NULL;
  g_autofree char *prev = NULL;
  gboolean counted;

  if (_ea_store_links_at_commit (store, &counted))
    return insert_rows (store, items, _ea_trust_sql.audit_pending_insert_rows,
                        _ea_trust_sql.audit_pending_row, pending_sql, bind_pending, &counted,
                        error);
  last = _ea_store_statement (store, _ea_trust_sql.audit_last_hash, NULL);
  if (last == NULL)
    return _ea_store_set_error (store, error, _("Cannot write the audit log"));
  if (_ea_stmt_step (last) == EA_STMT_ROW && !_ea_stmt_column_is_null (last, 0))
    prev = g_strdup (_ea_stmt_column_text (last, 0));
  else
    prev = g_strnfill (64, '0');
  _ea_stmt_reset (last);
  return insert_rows (store, items, _ea_trust_sql.audit_insert_rows, _ea_trust_sql.audit_row,
                      linked_sql, bind_linked, &prev, error);
}

/* Keeps @record for the end of the transaction (write_pending()). */
static gboolean
append (EaStore             *store,
        gint64               user_id,
        const EaAuditRecord *record,
        GError             **error)
{
  Pending *p = g_new0 (Pending, 1);

  /* Ids that are stored as NULL are hashed as 0, as they read back. */
  p->at = ea_clock_timestamp ();
  p->user_id = MAX (user_id, 0);
  p->action = g_strdup (record->action);
  p->object_type = g_strdup (record->object_type);
  p->object_id = MAX (record->object_id, 0);
  p->person_id = MAX (record->person_id, 0);
  p->detail = g_strdup (record->detail);
  _ea_store_defer (store, p, pending_free, write_pending);
  return TRUE;
}

typedef struct
{
  EaStore             *store;
  gint64               user_id;
  const EaAuditRecord *record;
} Appending;

static gboolean
append_change (gpointer   data,
               GError   **error)
{
  Appending *c = data;

  /* A record in a change of its own is a read, a search, a login: no
   * news for the other seats (_ea_store_keep_quiet()). */
  _ea_store_keep_quiet (c->store);
  return append (c->store, c->user_id, c->record, error);
}

/**
 * _ea_audit_append:
 * @store: the database
 * @user_id: who did it, or 0 for nobody logged in
 * @record: what to write
 * @error: a #GError
 *
 * Appends @record to the audit log when the transaction commits, as its
 * last step (write_pending()); outside a transaction, the append takes
 * one of its own.
 */
gboolean
_ea_audit_append (EaStore             *store,
                  gint64               user_id,
                  const EaAuditRecord *record,
                  GError             **error)
{
  if (_ea_store_in_transaction (store))
    return append (store, user_id, record, error);
  /* A read or a login waits for no other seat's change. */
  return _ea_store_change_locking (store, EA_STORE_LOCK_NONE, 0, append_change,
                                   &(Appending) { store, user_id, record }, error);
}

/**
 * _ea_audit_record:
 * @session: who did it
 * @record: what to write
 * @error: a #GError
 *
 * Appends @record to the audit log of the session's database, in the
 * session's user's name.
 */
gboolean
_ea_audit_record (EaSession           *session,
                  const EaAuditRecord *record,
                  GError             **error)
{
  return _ea_audit_append (ea_session_get_store (session), ea_session_get_user_id (session),
                           record, error);
}

/**
 * _ea_audit_verify_chain:
 * @store: the database
 * @n_entries: (out) (optional): how many entries were read
 * @problems: (element-type utf8): what is wrong is added here, one line
 *   an entry
 *
 * Walks the audit log from its first entry and recomputes every hash. An
 * altered entry no longer matches its own hash; a removed or inserted one
 * breaks the link to its neighbour.
 *
 * Returns: %FALSE when the log could not be read
 */
gboolean
_ea_audit_verify_chain (EaStore    *store,
                        guint64    *n_entries,
                        GPtrArray  *problems,
                        GError    **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_trust_sql.audit_chain, error);
  g_autofree char *expected_prev = g_strnfill (64, '0');
  guint64 n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);
      const char *prev = _ea_stmt_column_text (stmt, 8);
      const char *hash = _ea_stmt_column_text (stmt, 9);
      const char *at = _ea_stmt_column_text (stmt, 1);
      const char *action = _ea_stmt_column_text (stmt, 3);
      const char *object_type = _ea_stmt_column_text (stmt, 4);
      const char *detail = _ea_stmt_column_text (stmt, 7);
      g_autofree char *computed = _ea_audit_hash (prev, at, _ea_stmt_column_int64 (stmt, 2),
                                                  action, object_type,
                                                  _ea_stmt_column_int64 (stmt, 5),
                                                  _ea_stmt_column_int64 (stmt, 6), detail);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      n++;
      if (g_strcmp0 (prev, expected_prev) != 0)
        g_ptr_array_add (problems, g_strdup_printf (_("Entry %s: the entry before it is missing "
                                                      "or was changed."), number));
      if (g_strcmp0 (computed, hash) != 0)
        g_ptr_array_add (problems, g_strdup_printf (_("Entry %s: its content was changed."),
                                                    number));
      g_free (expected_prev);
      expected_prev = g_strdup (hash);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the audit log"));
  if (n_entries != NULL)
    *n_entries = n;
  return TRUE;
}

/**
 * ea_audit_verify:
 * @session: an administrator's session
 * @n_entries: (out) (optional): how many entries were read
 * @problems: (out) (transfer full) (element-type utf8): what is wrong,
 *   one line an entry; empty when the chain is unbroken
 * @error: a #GError
 *
 * Checks the audit log's hash chain (_ea_audit_verify_chain()), and
 * records that it was checked.
 *
 * Returns: %FALSE when the log could not be read
 */
gboolean
ea_audit_verify (EaSession   *session,
                 guint64     *n_entries,
                 GPtrArray  **problems,
                 GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_AUDIT, 0, error) ||
      !_ea_audit_verify_chain (ea_session_get_store (session), n_entries, found, error))
    return FALSE;
  if (!_ea_audit_record (session,
                         &(EaAuditRecord) { .action = "verify", .object_type = "audit-log",
                                            .detail = found->len == 0 ? "ok" : "broken" },
                         error))
    return FALSE;
  *problems = g_steal_pointer (&found);
  return TRUE;
}

/* What an entry did, in words. Entries keep their codes in the database, so
 * the log reads the same whatever the language of whoever verifies it. */
static const struct {
  const char *action;
  const char *object_type;  /* NULL: any */
  const char *label;
} action_labels[] = {
  { "login", NULL, N_("Signed in") },
  { "login-failed", NULL, N_("Wrong password") },
  { "create", "user", N_("Account created") },
  { "create", "facility", N_("Facility created") },
  { "create", "unit", N_("Unit created") },
  { "create", "room", N_("Room created") },
  { "create", "bed", N_("Bed created") },
  { "update", "user", N_("Account changed") },
  { "reset-password", NULL, N_("Password reset") },
  { "change-password", NULL, N_("Password changed") },
  { "set-facilities", NULL, N_("Facilities assigned") },
  { "update", "facility", N_("Facility changed") },
  { "update", "unit", N_("Unit changed") },
  { "update", "room", N_("Room changed") },
  { "update", "bed", N_("Bed changed") },
  { "close", "facility", N_("Facility closed") },
  { "close", "unit", N_("Unit closed") },
  { "close", "room", N_("Room closed") },
  { "close", "bed", N_("Bed closed") },
  { "read", "person", N_("Person file opened") },
  { "create", "person", N_("Person created") },
  { "update", "person", N_("Personal data changed") },
  { "update", "languages", N_("Languages changed") },
  { "update", "vulnerabilities", N_("Protection needs changed") },
  { "update", "qualifications", N_("Qualifications changed") },
  { "update", "household", N_("Household changed") },
  { "create", "case-note", N_("Case note written") },
  { "update", "case-note", N_("Case note revised") },
  { "create", "document", N_("Document added") },
  { "read", "document", N_("Document opened") },
  { "export", "document", N_("Document exported") },
  { "check-in", NULL, N_("Checked in") },
  { "check-out", NULL, N_("Checked out") },
  { "move", NULL, N_("Moved") },
  { "undo-check-in", NULL, N_("Check-in undone") },
  { "undo-check-out", NULL, N_("Check-out undone") },
  { "undo-move", NULL, N_("Move undone") },
  { "reserve", NULL, N_("Bed reserved") },
  { "cancel-reservation", NULL, N_("Reservation cancelled") },
  { "plan-departure", NULL, N_("Moving out planned") },
  { "confirm-shared-room", NULL, N_("Shared bedroom confirmed as the person wishes") },
  { "block", NULL, N_("Bed blocked") },
  { "unblock", NULL, N_("Bed released") },
  { "read-roommates", NULL, N_("Roommates looked up") },
  { "export", "person", N_("Subject access export") },
  { "export", "occupancy-list", N_("Occupancy list printed") },
  { "export", "outlook", N_("Look ahead printed") },
  { "export", "audit-log", N_("Audit log exported") },
  { "export", "flueag-report", N_("FlüAG report exported") },
  { "export", "person-list", N_("Person list exported as a workbook") },
  { "export", "occupancy", N_("Occupancy exported as a workbook") },
  { "change", "setting", N_("Setting changed") },
  { "retention", "special-categories", N_("Religion and protection needs deleted (retention)") },
  { "retention", "case-notes", N_("Case notes deleted (retention)") },
  { "retention", "documents", N_("Documents deleted (retention)") },
  { "retention", "person", N_("Personal data anonymised (retention)") },
  { "backup", NULL, N_("Backup made") },
  { "verify", NULL, N_("Audit log verified") },
  { "initialize", NULL, N_("Database created") },
  { "generate", NULL, N_("Demo district generated") },
  { "import", "import-run", N_("Transfers imported") },
  { "import", "housing-list", N_("Housing stock imported from a list") },
  { "cancel", "transfer", N_("No longer expected (transfer cancelled)") },
  { "create", "keep-apart", N_("Keep-apart note added") },
  { "delete", "keep-apart", N_("Keep-apart note removed") },
  { "merge", "import-review", N_("Probable duplicate: the same person (merged)") },
  { "keep-apart", "import-review", N_("Probable duplicate: different persons") },
  { "change", "import-mapping", N_("Column mapping for lists saved") },
};

/**
 * ea_audit_describe_action:
 * @action: the entry's action code
 * @object_type: the entry's object type
 *
 * Returns: (transfer full): what the entry records, in words
 */
char *
ea_audit_describe_action (const char *action,
                          const char *object_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_labels); i++)
    if (g_strcmp0 (action, action_labels[i].action) == 0 &&
        (action_labels[i].object_type == NULL ||
         g_strcmp0 (object_type, action_labels[i].object_type) == 0))
      return g_strdup (_(action_labels[i].label));
  return g_strdup_printf ("%s %s", action ? action : "", object_type ? object_type : "");
}

static const struct {
  const char *code;
  const char *label;
} object_labels[] = {
  { "user", N_("Account") },
  { "facility", N_("Facility") },
  { "unit", N_("Unit") },
  { "room", N_("Room") },
  { "bed", N_("Bed") },
  { "stay", N_("Stay") },
  { "reservation", N_("Reservation") },
  { "person", N_("Person") },
  { "database", N_("Database") },
  { "demo", N_("Demo data") },
  { "audit-log", N_("Audit log") },
  { "flueag-report", N_("FlüAG report") },
  { "occupancy-list", N_("Occupancy list") },
  { "person-list", N_("Person list") },
  { "occupancy", N_("Occupancy") },
  { "setting", N_("Setting") },
  { "languages", N_("Person") },
  { "vulnerabilities", N_("Person") },
  { "qualifications", N_("Person") },
  { "case-note", N_("Case note") },
  { "household", N_("Household") },
  { "document", N_("Document") },
  { "special-categories", N_("Person") },
  { "case-notes", N_("Person") },
  { "documents", N_("Person") },
  { "import-run", N_("Import run") },
  { "transfer", N_("Transfer") },
  { "keep-apart", N_("Keep-apart note") },
};

/**
 * ea_audit_describe_object:
 * @object_type: the entry's object type
 * @object_id: the object's number, or 0
 *
 * Returns: (transfer full): what the entry is about, in words: "Bed 12"
 */
char *
ea_audit_describe_object (const char *object_type,
                          gint64      object_id)
{
  const char *label = object_type ? object_type : "";

  for (guint i = 0; i < G_N_ELEMENTS (object_labels); i++)
    if (g_strcmp0 (object_type, object_labels[i].code) == 0)
      label = _(object_labels[i].label);
  if (object_id <= 0)
    return g_strdup (label);
  return g_strdup_printf ("%s %" G_GINT64_FORMAT, label, object_id);
}

static const struct {
  const char *code;
  const char *label;
} block_reasons[] = {
  { "renovation", N_("Renovation") },
  { "damage", N_("Damage") },
  { "quarantine", N_("Quarantine") },
  { "other", N_("Other reason") },
};

static const struct {
  const char *key;
  const char *label;
} setting_labels[] = {
  { "min_area_per_person", N_("Minimum area per person (m²)") },
};

/* "key=value key=value" of a changed setting, the keys in words. */
static char *
describe_settings (const char *detail)
{
  g_auto(GStrv) pairs = g_strsplit (detail, " ", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');
      g_autofree char *key = equals ? g_strndup (pairs[i], equals - pairs[i]) : NULL;
      const char *label = key;

      if (key == NULL)
        return g_string_free (out, TRUE), g_strdup (detail);
      for (guint j = 0; j < G_N_ELEMENTS (setting_labels); j++)
        if (g_str_equal (key, setting_labels[j].key))
          label = _(setting_labels[j].label);
      /* A number as the locale writes it ("7,5"). */
      if (g_regex_match_simple ("^[0-9]+\\.[0-9]+$", equals + 1, 0, 0))
        {
          const char *point = strchr (equals + 1, '.');
          g_autofree char *number = ea_format_decimal (g_ascii_strtod (equals + 1, NULL),
                                                       (int) strlen (point + 1));

          g_string_append_printf (out, "%s%s: %s", i > 0 ? "; " : "", label, number);
        }
      else
        g_string_append_printf (out, "%s%s: %s", i > 0 ? "; " : "", label, equals + 1);
    }
  return g_string_free (out, FALSE);
}

/**
 * ea_audit_describe_detail:
 * @action: the entry's action
 * @object_type: the entry's object type
 * @detail: (nullable): the entry's detail as it was recorded
 *
 * The detail in the user's words: the log keeps it as recorded (days as
 * YYYY-MM-DD, an import's counts in a fixed English form) so that its
 * hash chain never depends on a language; this says it in German, days
 * as DD.MM.YYYY. What is no such form (a search, a file's path) is shown
 * as it is.
 *
 * Returns: (transfer full): the detail for people
 */
char *
ea_audit_describe_detail (const char *action,
                          const char *object_type,
                          const char *detail)
{
  long long sequence;
  unsigned created, updated, unchanged, cancelled, rejected, review, n, seed, facilities, beds;
  unsigned units, rooms, closed;
  char month[8], kind[24];
  int end = 0;

  if (detail == NULL || detail[0] == '\0')
    return g_strdup ("");
  if (ea_date_is_valid (detail))
    return ea_date_format (detail);
  if (g_strcmp0 (object_type, "bed") == 0 && g_strcmp0 (action, "block") == 0)
    for (guint i = 0; i < G_N_ELEMENTS (block_reasons); i++)
      if (g_str_equal (detail, block_reasons[i].code))
        return g_strdup (_(block_reasons[i].label));
  if (g_str_equal (detail, "import"))
    return g_strdup (_("from an import"));
  if (g_strcmp0 (object_type, "audit-log") == 0 && g_str_equal (detail, "ok"))
    return g_strdup (_("the chain is unbroken"));
  if (g_strcmp0 (object_type, "audit-log") == 0 && g_str_equal (detail, "broken"))
    return g_strdup (_("the chain is broken"));
  if (sscanf (detail, "message %lld: %u new, %u changed, %u unchanged, %u cancelled, "
                      "%u rejected, %u to review%n", &sequence, &created, &updated, &unchanged,
              &cancelled, &rejected, &review, &end) == 7 && detail[end] == '\0')
    return g_strdup_printf (_("message %lld: %u new, %u changed, %u unchanged, %u cancelled, "
                              "%u rejected, %u to review"), sequence, created, updated,
                            unchanged, cancelled, rejected, review);
  if (sscanf (detail, "%u facilities, %u areas, %u rooms, %u beds new; %u changed; %u closed%n",
              &facilities, &units, &rooms, &beds, &updated, &closed, &end) == 6 &&
      detail[end] == '\0')
    return g_strdup_printf (_("%u facilities, %u areas, %u rooms, %u beds new; %u changed; "
                              "%u closed"), facilities, units, rooms, beds, updated, closed);
  if (sscanf (detail, "%u files%n", &n, &end) == 1 && detail[end] == '\0')
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file removed", "%u files removed",
                                         n), n);
  if (sscanf (detail, "seed=%u persons=%u facilities=%u beds=%u%n", &seed, &n, &facilities,
              &beds, &end) == 4 && detail[end] == '\0')
    return g_strdup_printf (_("%u persons, %u facilities, %u beds (seed %u)"), n, facilities,
                            beds, seed);
  if (sscanf (detail, "%23s %7[0-9-]: %u persons%n", kind, month, &n, &end) == 3 &&
      detail[end] == '\0' && strlen (month) == 7 &&
      (g_str_equal (kind, "Bestandsmeldung") || g_str_equal (kind, "Nachmeldung")))
    {
      /* The month as MM.YYYY. */
      char shown[8] = { month[5], month[6], '.', month[0], month[1], month[2], month[3], '\0' };

      return g_strdup_printf (g_str_equal (kind, "Nachmeldung")
                              ? g_dngettext (GETTEXT_PACKAGE, "late report %s: %u person",
                                             "late report %s: %u persons", n)
                              : g_dngettext (GETTEXT_PACKAGE, "report %s: %u person",
                                             "report %s: %u persons", n),
                              shown, n);
    }
  if (g_strcmp0 (object_type, "person-list") == 0 && sscanf (detail, "%u persons%n", &n, &end) == 1 &&
      detail[end] == '\0')
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u persons", n), n);
  if (g_strcmp0 (object_type, "setting") == 0 && strchr (detail, '=') != NULL)
    return describe_settings (detail);
  return g_strdup (detail);
}

static char *
format_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * ea_audit_foreach:
 * @session: an administrator's session
 * @filter: (nullable): which entries; %NULL for all
 * @limit: at most this many entries, or 0 for all
 * @func: called for each entry, newest first
 * @user_data: for @func
 * @error: a #GError
 *
 * Reads the audit log. Reading it is not itself logged: only
 * administrators may, and an export of it is.
 *
 * Returns: %FALSE on a refusal or when the log could not be read
 */
gboolean
ea_audit_foreach (EaSession            *session,
                  const EaAuditFilter  *filter,
                  guint                 limit,
                  EaAuditFunc           func,
                  gpointer              user_data,
                  GError              **error)
{
  static const EaAuditFilter all = { 0 };
  g_autofree char *sql = NULL;
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  gboolean with_names;
  EaStore *store;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_AUDIT, 0, error))
    return FALSE;
  if (filter == NULL)
    filter = &all;
  with_names = ea_session_can (session, EA_RIGHT_VIEW_PERSONS);
  if (filter->since != NULL)
    since = format_utc (filter->since);
  if (filter->until != NULL)
    until = format_utc (filter->until);

  sql = _ea_trust_sql_audit_entries (with_names, filter->user_id > 0, filter->person_id > 0,
                                     since != NULL, until != NULL, limit);

  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, _ea_stmt_bind_index (stmt, ":user"), filter->user_id);
  _ea_stmt_bind_int64 (stmt, _ea_stmt_bind_index (stmt, ":person"), filter->person_id);
  _ea_store_bind_text_or_null (stmt, _ea_stmt_bind_index (stmt, ":since"), since);
  _ea_store_bind_text_or_null (stmt, _ea_stmt_bind_index (stmt, ":until"), until);

  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      const char *iso = _ea_stmt_column_text (stmt, 1);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (iso, NULL);
      EaAuditEntry entry;

      /* Only a hand-edited log has no valid time; verify reports it. */
      if (at == NULL)
        at = g_date_time_new_from_unix_utc (0);
      entry = (EaAuditEntry) {
        .id = _ea_stmt_column_int64 (stmt, 0),
        .at = at,
        .user_id = _ea_stmt_column_int64 (stmt, 2),
        .user_login = _ea_stmt_column_text (stmt, 3),
        .action = _ea_stmt_column_text (stmt, 4),
        .object_type = _ea_stmt_column_text (stmt, 5),
        .object_id = _ea_stmt_column_int64 (stmt, 6),
        .person_id = _ea_stmt_column_int64 (stmt, 7),
        .person_name = _ea_stmt_column_text (stmt, 8),
        .detail = _ea_stmt_column_text (stmt, 9),
        .hash = _ea_stmt_column_text (stmt, 10),
      };

      if (!func (&entry, user_data))
        return TRUE;
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the audit log"));
  return TRUE;
}

static char *
dup_number_or_empty (gint64 number)
{
  return number > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, number) : g_strdup ("");
}

/* The file is written as the rows come, in pieces of this size, so that
 * exporting a log of a million entries does not hold it all in memory. */
#define CSV_CHUNK (64 * 1024)

typedef struct
{
  GString    *out;
  int         fd;
  const char *path;
  guint64     n;
  GError     *error;
} CsvData;

static gboolean
flush_csv (CsvData *data)
{
  if (!_ea_store_write_all (data->fd, data->path, data->out->str, data->out->len, &data->error))
    return FALSE;
  g_string_truncate (data->out, 0);
  return TRUE;
}

static gboolean
append_csv_row (const EaAuditEntry *entry,
                gpointer            user_data)
{
  CsvData *data = user_data;
  g_autoptr(GDateTime) local = ea_clock_to_office (entry->at);
  g_autofree char *id = dup_number_or_empty (entry->id);
  g_autofree char *when = g_date_time_format (local, "%d.%m.%Y %H:%M:%S");
  g_autofree char *what = ea_audit_describe_action (entry->action, entry->object_type);
  g_autofree char *object = ea_audit_describe_object (entry->object_type, 0);
  g_autofree char *object_id = dup_number_or_empty (entry->object_id);
  g_autofree char *person_id = dup_number_or_empty (entry->person_id);
  const char *fields[] = {
    id, when, entry->user_login, what, object, object_id, person_id, entry->person_name,
    entry->detail, entry->hash,
  };

  _ea_csv_append_line (data->out, fields, G_N_ELEMENTS (fields));
  data->n++;
  return data->out->len < CSV_CHUNK || flush_csv (data);
}

/**
 * ea_audit_export_csv:
 * @session: an administrator's session
 * @filter: (nullable): which entries; %NULL for all
 * @path: the new CSV file; it must not exist, and is owner-only
 * @n_written: (out) (optional): how many entries were written
 * @error: a #GError
 *
 * Writes the entries, newest first, as a CSV file the way German
 * spreadsheets open it (UTF-8 with a byte order mark, semicolons, CRLF).
 * The export is itself recorded in the log.
 *
 * Returns: %FALSE on a refusal or failure; then no file is left behind
 */
gboolean
ea_audit_export_csv (EaSession            *session,
                     const EaAuditFilter  *filter,
                     const char           *path,
                     guint64              *n_written,
                     GError              **error)
{
  g_autoptr(GString) out = g_string_new (EA_CSV_BOM);
  g_autofree char *detail = NULL;
  CsvData data = { out, -1, path, 0, NULL };
  const char *header[] = {
    N_("No."), N_("Time"), N_("Account"), N_("Action"), N_("Object"), N_("Object no."),
    N_("Person no."), N_("Person"), N_("Detail"), N_("Hash"),
  };
  gboolean ok;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Refused before the file exists. */
  if (!ea_session_check (session, EA_RIGHT_AUDIT, 0, error))
    return FALSE;
  data.fd = _ea_store_create_private_file (path, error);
  if (data.fd < 0)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    header[i] = _(header[i]);
  _ea_csv_append_line (out, header, G_N_ELEMENTS (header));
  /* A failed write stops the walk and leaves its error in data.error. */
  ok = ea_audit_foreach (session, filter, 0, append_csv_row, &data, error) &&
       data.error == NULL && flush_csv (&data);
  if (data.error != NULL)
    g_propagate_error (error, data.error);
  close (data.fd);

  if (ok)
    {
      detail = g_strdup_printf ("%" G_GUINT64_FORMAT " entries", data.n);
      ok = _ea_audit_record (session,
                             &(EaAuditRecord) { .action = "export", .object_type = "audit-log",
                                                .person_id = filter != NULL ? filter->person_id
                                                                            : 0,
                                                .detail = detail },
                             error);
    }
  if (!ok)
    {
      g_unlink (path);
      return FALSE;
    }
  if (n_written != NULL)
    *n_written = data.n;
  return TRUE;
}

/**
 * ea_audit_list_accounts:
 * @session: an administrator's session
 * @ids: (out) (transfer full) (element-type gint64): the accounts' ids
 * @labels: (out) (transfer full) (element-type utf8): "Name (login)"
 * @error: a #GError
 *
 * Every account there ever was, disabled ones too, to filter the log by.
 *
 * Returns: %FALSE on a refusal or when the accounts could not be read
 */
gboolean
ea_audit_list_accounts (EaSession  *session,
                        GArray    **ids,
                        GPtrArray **labels,
                        GError    **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GArray) found_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) found_labels = g_ptr_array_new_with_free_func (g_free);
  EaStore *store;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (ids != NULL && labels != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_AUDIT, 0, error))
    return FALSE;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, _ea_trust_sql.users_by_name, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

      g_array_append_val (found_ids, id);
      g_ptr_array_add (found_labels,
                       g_strdup_printf ("%s (%s)", _ea_stmt_column_text (stmt, 1),
                                        _ea_stmt_column_text (stmt, 2)));
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the accounts"));
  *ids = g_steal_pointer (&found_ids);
  *labels = g_steal_pointer (&found_labels);
  return TRUE;
}
