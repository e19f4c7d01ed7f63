/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-change"

#include "config.h"

#include "ea-change-private.h"

#include "ea-store-private.h"

/* One way to change data: the right is checked, a transaction begins,
 * the change runs, its audit record is appended, and all of it is
 * committed, or rolled back whole when any step fails. Written once here
 * instead of by hand in each change, so that no change forgets a step
 * and an engine that must repeat a transaction can do it in one place. */

typedef struct
{
  EaSession    *session;
  EaChangeFunc  change;
  gpointer      data;
} Run;

static gboolean
run_change (gpointer   data,
            GError   **error)
{
  Run *run = data;
  EaAuditRecord record = { NULL };

  if (!run->change (run->session, run->data, &record, error))
    return FALSE;
  return record.action == NULL || _ea_audit_record (run->session, &record, error);
}

/**
 * _ea_change:
 * @session: who changes
 * @right: the right the change needs
 * @facility_id: the one facility whose stays, reservations or beds it
 *   changes: users limited to some facilities need the right there, and
 *   on a server the change waits only for changes of the same facility
 *   and of the whole office (ea-store.c); 0 for a change of the whole
 *   office
 * @change: the change
 * @data: for @change
 * @error: a #GError
 *
 * Returns: whether the change, with its audit record, is committed
 */
gboolean
_ea_change (EaSession    *session,
            EaRight       right,
            gint64        facility_id,
            EaChangeFunc  change,
            gpointer      data,
            GError      **error)
{
  Run run = { session, change, data };

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, right, facility_id, error))
    return FALSE;
  return _ea_store_change_locking (ea_session_get_store (session), EA_STORE_LOCK_WRITERS,
                                   facility_id, run_change, &run, error);
}

typedef struct
{
  const char *const *keys;
  const char *const *values;
  GString           *detail;
} SavingSettings;

static gboolean
save_settings_change (EaSession     *session,
                      gpointer       data,
                      EaAuditRecord *record,
                      GError       **error)
{
  SavingSettings *c = data;
  EaStore *store = ea_session_get_store (session);

  g_string_truncate (c->detail, 0);
  for (guint i = 0; c->keys[i] != NULL; i++)
    {
      if (!_ea_store_set_setting (store, c->keys[i], c->values[i], error))
        return FALSE;
      g_string_append_printf (c->detail, "%s%s=%s", i > 0 ? " " : "", c->keys[i],
                              c->values[i]);
    }
  *record = (EaAuditRecord) { .action = "change", .object_type = "setting",
                              .detail = c->detail->str };
  return TRUE;
}

/**
 * _ea_change_settings:
 * @session: who changes
 * @right: the right the settings need
 * @keys: the settings' keys, ending with %NULL
 * @values: their new values, as many
 * @error: a #GError
 *
 * Saves settings as one change, recorded in the audit log with each key
 * and its value.
 *
 * Returns: whether all of them are saved
 */
gboolean
_ea_change_settings (EaSession          *session,
                     EaRight             right,
                     const char *const  *keys,
                     const char *const  *values,
                     GError            **error)
{
  g_autoptr(GString) detail = g_string_new (NULL);

  return _ea_change (session, right, 0, save_settings_change,
                     &(SavingSettings) { keys, values, detail }, error);
}
