/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-housing"

#include "config.h"

#include "ea-housing.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-housing-private.h"
#include "ea-housing-sql-private.h"
#include "ea-rules-private.h"
#include "ea-store-private.h"
#include "ea-text.h"
#include "ea-housing-parts-private.h"

/* Taking a check-in, check-out or move back, while nothing has changed
 * since. */

/* The stay, with its bed (@bed_id may be %NULL) and that bed's facility
 * for the rights check. */
static gboolean
load_stay (EaStore     *store,
           gint64       stay_id,
           gint64      *person_id,
           gint64      *bed_id,
           gint64      *facility_id,
           char       **from,
           char       **until,
           GError     **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_housing_sql.stay_by_id, error);

  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, stay_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("There is no such stay."));
      return FALSE;
    }
  *person_id = _ea_stmt_column_int64 (stmt, 0);
  if (bed_id != NULL)
    *bed_id = _ea_stmt_column_int64 (stmt, 1);
  *facility_id = _ea_housing_bed_facility (store, _ea_stmt_column_int64 (stmt, 1));
  *from = _ea_housing_dup_text (stmt, 2);
  *until = _ea_housing_dup_text (stmt, 3);
  return TRUE;
}

/* Undo is for the last action only: it is refused once the person has a
 * later stay. */
static gboolean
has_later_stay (EaStore    *store,
                gint64      person_id,
                const char *from)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_housing_sql.later_stay, NULL);

  if (stmt == NULL)
    return TRUE;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  _ea_stmt_bind_text (stmt, 2, from);
  return _ea_stmt_step (stmt) == EA_STMT_ROW;
}

/* Taking a check-in, check-out or move back. */
typedef struct
{
  gint64      stay_id;
  gint64      old_stay_id;
  gint64      person_id;
  gint64      bed_id;      /* the bed of the stay opened again */
  const char *day;
} Undoing;

/* A stay opened again from @c->day is a check-in into the room as it is
 * now: every hard rule holds, or the undo is refused by the rule's name
 * (an unrelated woman may have moved in since). A shared bedroom the
 * user confirmed for that stay stays confirmed. */
static gboolean
recheck_stay (EaStore     *store,
              gint64       stay_id,
              Undoing     *c,
              const char  *what,
              GError     **error)
{
  g_autoptr(EaStmt) confirmed = NULL;
  g_autoptr(GArray) cancel = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(BedInfo) bed = { 0 };
  g_auto(PersonInfo) person = { 0 };
  EaPlaceFlags flags = EA_PLACE_DEFAULT;

  confirmed = _ea_store_prepare (store, _ea_housing_sql.shared_room_confirmed, error);
  if (confirmed == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (confirmed, 1, stay_id);
  if (_ea_stmt_step (confirmed) == EA_STMT_ROW)
    flags |= EA_PLACE_CONFIRM_SHARED_ROOM;

  if (!_ea_housing_load_person (store, c->person_id, &person, error) ||
      !_ea_housing_load_bed (store, c->bed_id, c->day, &bed, error))
    return FALSE;
  if (!_ea_housing_check_rules (store, &person, &bed, c->day, NULL, flags, cancel, error))
    {
      g_prefix_error (error, "%s ", what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
undo_check_in_change (EaSession     *session,
                      gpointer       data,
                      EaAuditRecord *record,
                      GError       **error)
{
  Undoing *c = data;
  EaStore *store = ea_session_get_store (session);

  *record = (EaAuditRecord) { .action = "undo-check-in", .object_type = "stay",
                              .object_id = c->stay_id, .person_id = c->person_id,
                              .detail = c->day };
  return _ea_store_exec_bound (store, _ea_housing_sql.reactivate_reservations, error, "i",
                               c->stay_id) &&
         _ea_store_exec_bound (store, _ea_housing_sql.delete_stay, error, "i", c->stay_id) &&
         _ea_store_exec_bound (store, _ea_housing_sql.person_status_from_stays, error, "i",
                               c->person_id);
}

static gboolean
undo_check_out_change (EaSession     *session,
                       gpointer       data,
                       EaAuditRecord *record,
                       GError       **error)
{
  Undoing *c = data;
  EaStore *store = ea_session_get_store (session);

  *record = (EaAuditRecord) { .action = "undo-check-out", .object_type = "stay",
                              .object_id = c->stay_id, .person_id = c->person_id,
                              .detail = c->day };
  return recheck_stay (store, c->stay_id, c, _("The check-out cannot be undone:"), error) &&
         _ea_store_exec_bound (store, _ea_housing_sql.reopen_stay, error, "i", c->stay_id) &&
         _ea_store_exec_bound (store, _ea_housing_sql.set_present_again, error, "i", c->person_id);
}

static gboolean
undo_move_change (EaSession     *session,
                  gpointer       data,
                  EaAuditRecord *record,
                  GError       **error)
{
  Undoing *c = data;
  EaStore *store = ea_session_get_store (session);

  *record = (EaAuditRecord) { .action = "undo-move", .object_type = "stay",
                              .object_id = c->stay_id, .person_id = c->person_id,
                              .detail = c->day };
  /* The new stay goes first, so the rules see the old room as it will be. */
  return _ea_store_exec_bound (store, _ea_housing_sql.delete_stay, error, "i", c->stay_id) &&
         recheck_stay (store, c->old_stay_id, c, _("The move cannot be undone:"), error) &&
         _ea_store_exec_bound (store, _ea_housing_sql.reopen_stay, error, "i", c->old_stay_id);
}

/**
 * ea_housing_undo_check_in:
 *
 * Takes back a check-in: the stay is removed, the person is expected
 * again, and a reservation it fulfilled is active again.
 */
gboolean
ea_housing_undo_check_in (EaSession  *session,
                          gint64      stay_id,
                          GError    **error)
{
  EaStore *store;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  gint64 person_id, facility;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  if (!load_stay (store, stay_id, &person_id, NULL, &facility, &from, &until, error) ||
      !ea_session_check (session, EA_RIGHT_EDIT_STAYS, facility, error))
    return FALSE;
  if (until != NULL || has_later_stay (store, person_id, from))
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("The check-in cannot be undone any more: the stay has changed since."));
      return FALSE;
    }

  return _ea_change (session, EA_RIGHT_EDIT_STAYS, facility, undo_check_in_change,
                     &(Undoing) { .stay_id = stay_id, .person_id = person_id, .day = from },
                     error);
}

/**
 * ea_housing_undo_check_out:
 *
 * Takes back a check-out: the stay is open again, if its bed is still free.
 */
gboolean
ea_housing_undo_check_out (EaSession  *session,
                           gint64      stay_id,
                           GError    **error)
{
  EaStore *store;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  gint64 person_id, bed_id, facility;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  if (!load_stay (store, stay_id, &person_id, &bed_id, &facility, &from, &until, error) ||
      !ea_session_check (session, EA_RIGHT_EDIT_STAYS, facility, error))
    return FALSE;
  if (until == NULL || has_later_stay (store, person_id, from))
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("The check-out cannot be undone any more: the stay has changed since."));
      return FALSE;
    }

  return _ea_change (session, EA_RIGHT_EDIT_STAYS, facility, undo_check_out_change,
                     &(Undoing) { .stay_id = stay_id, .person_id = person_id, .bed_id = bed_id,
                                  .day = until },
                     error);
}

/**
 * ea_housing_undo_move:
 *
 * Takes back a move: the new stay is removed and the old one open again.
 */
gboolean
ea_housing_undo_move (EaSession  *session,
                      gint64      old_stay_id,
                      gint64      new_stay_id,
                      GError    **error)
{
  EaStore *store;
  g_autofree char *from = NULL, *until = NULL, *old_from = NULL, *old_until = NULL;
  gint64 person_id, facility, old_person, old_bed, old_facility;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  if (!load_stay (store, new_stay_id, &person_id, NULL, &facility, &from, &until, error) ||
      !load_stay (store, old_stay_id, &old_person, &old_bed, &old_facility, &old_from,
                  &old_until, error) ||
      !ea_session_check (session, EA_RIGHT_EDIT_STAYS, facility, error) ||
      !ea_session_check (session, EA_RIGHT_EDIT_STAYS, old_facility, error))
    return FALSE;
  if (old_person != person_id || until != NULL || g_strcmp0 (old_until, from) != 0 ||
      has_later_stay (store, person_id, from))
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("The move cannot be undone any more: the stay has changed since."));
      return FALSE;
    }

  /* Back into the old bed: the rules of its facility are checked. */
  return _ea_change (session, EA_RIGHT_EDIT_STAYS, old_facility, undo_move_change,
                     &(Undoing) { .stay_id = new_stay_id, .old_stay_id = old_stay_id,
                                  .person_id = person_id, .bed_id = old_bed, .day = from },
                     error);
}
