/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-care-private.h"

#include <glib/gi18n-lib.h>

#include "ea-text.h"

/**
 * _ea_care_periods_foreach:
 * @store: the store
 * @stays: a statement, bound, giving person_id, from_date, until_date of
 *   stays ordered by person and from_date
 * @func: called for each care period
 * @user_data: for @func
 * @error: a #GError
 *
 * Joins stays that follow one another without a gap (a move between beds
 * or facilities) into care periods: the FlüAG report and the arrivals and
 * departures count care, not beds.
 *
 * Returns: %FALSE when the stays cannot be read
 */
gboolean
_ea_care_periods_foreach (EaStore          *store,
                          EaStmt     *stays,
                          EaCarePeriodFunc  func,
                          gpointer          user_data,
                          GError          **error)
{
  gint64 person = 0;
  guint32 start = 0, end = 0;
  int rc;

  while ((rc = _ea_stmt_step (stays)) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stays, 0);
      guint32 from = ea_date_to_day (_ea_stmt_column_text (stays, 1));
      const char *until_iso = _ea_stmt_column_text (stays, 2);
      guint32 until = until_iso != NULL ? ea_date_to_day (until_iso) : EA_CARE_OPEN;

      if (id == person && from <= end)
        {
          end = MAX (end, until);
          continue;
        }
      if (person != 0)
        func (person, start, end, user_data);
      person = id;
      start = from;
      end = until;
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the stays"));
  if (person != 0)
    func (person, start, end, user_data);
  return TRUE;
}
