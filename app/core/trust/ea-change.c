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
 * @facility_id: the facility it touches, for users limited to some; 0
 *   for none
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
  return _ea_store_change (ea_session_get_store (session), run_change, &run, error);
}
