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

/* Reading the houses: a bed's status, its roommates, the room plan of a
 * facility and the free beds; and which confirmation lifts a refusal. */

/**
 * ea_housing_bed_status:
 * @date: (nullable): the day; %NULL for today
 *
 * Returns: the bed's status that day: occupied before blocked before
 *   reserved before free
 */
EaBedStatus
ea_housing_bed_status (EaSession   *session,
                       gint64       bed_id,
                       const char  *date,
                       GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *day = NULL;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), EA_BED_FREE);

  store = ea_session_get_store (session);
  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, 0, error) ||
      (day = _ea_housing_resolve_date (date, error)) == NULL)
    return EA_BED_FREE;
  stmt = _ea_store_prepare (store, _ea_housing_sql.bed_status, error);
  if (stmt == NULL)
    return EA_BED_FREE;
  _ea_stmt_bind_int64 (stmt, 1, bed_id);
  _ea_stmt_bind_text (stmt, 2, day);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return EA_BED_FREE;
  switch (_ea_stmt_column_int (stmt, 0))
    {
    case 1: return EA_BED_OCCUPIED;
    case 2: return EA_BED_RESERVED;
    case 3: return EA_BED_BLOCKED;
    default: return EA_BED_FREE;
    }
}

/**
 * ea_housing_roommates:
 * @person_id: a person
 *
 * Who shared a room with the person, and when; needed when a contagious
 * disease is reported.
 *
 * Returns: (transfer full) (element-type EaRoommate): the roommates, the
 *   most recent first; %NULL with @error set
 */
GPtrArray *
ea_housing_roommates (EaSession   *session,
                      gint64       person_id,
                      GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, _ea_housing_sql.roommates, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_roommate_free);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      EaRoommate *mate = g_new0 (EaRoommate, 1);

      mate->person_id = _ea_stmt_column_int64 (stmt, 0);
      mate->name = _ea_housing_dup_text (stmt, 1);
      mate->facility = _ea_housing_dup_text (stmt, 2);
      mate->room = _ea_housing_dup_text (stmt, 3);
      mate->from = _ea_housing_dup_text (stmt, 4);
      mate->until = _ea_housing_dup_text (stmt, 5);
      g_ptr_array_add (result, mate);
    }
  if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "read-roommates",
                                                     .object_type = "person",
                                                     .object_id = person_id,
                                                     .person_id = person_id }, error))
    return NULL;
  return g_steal_pointer (&result);
}

/**
 * ea_place_flag_for_error:
 * @error: (nullable): a refusal of a check-in, move or reservation
 *
 * Returns: the flag that, given to the same call, sets the refused rule
 *   aside, so that a dialog can ask for exactly that; %EA_PLACE_DEFAULT
 *   when no confirmation lifts @error
 */
EaPlaceFlags
ea_place_flag_for_error (const GError *error)
{
  if (g_error_matches (error, EA_ERROR, EA_ERROR_CONFIRM))
    return EA_PLACE_CONFIRM_SHARED_ROOM;
  if (g_error_matches (error, EA_ERROR, EA_ERROR_RESERVED))
    return EA_PLACE_CANCEL_RESERVATION;
  if (g_error_matches (error, EA_ERROR, EA_ERROR_REPLACES))
    return EA_PLACE_REPLACE_RESERVATION;
  return EA_PLACE_DEFAULT;
}

/* Finds the facility's name, and refuses a facility that does not exist. */
static gboolean
read_facility_name (EaStore     *store,
                    gint64       facility_id,
                    char       **facility_name,
                    GError     **error)
{
  g_autoptr(EaStmt) name = _ea_store_prepare (store, _ea_housing_sql.facility_name, error);

  if (name == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (name, 1, facility_id);
  if (_ea_stmt_step (name) != EA_STMT_ROW)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, facility_id);

      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                   _("There is no facility with the number %s."), number);
      return FALSE;
    }
  if (facility_name != NULL)
    *facility_name = _ea_housing_dup_text (name, 0);
  _ea_stmt_reset (name);
  return TRUE;
}

/* The facility's open beds on @day, room by room, each with who holds it
 * then and the first reservation from a later day. */
static EaStmt *
prepare_plan (EaStore     *store,
              gint64       facility_id,
              const char  *day,
              const char  *today,
              GError     **error)
{
  EaStmt *stmt = _ea_store_prepare (store, _ea_housing_sql.room_plan, error);

  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, facility_id);
  _ea_stmt_bind_text (stmt, 2, day);
  _ea_stmt_bind_text (stmt, 3, today);
  return stmt;
}

/* The room of the plan's current row, without its beds yet. */
static EaPlanRoom *
room_from_row (EaStmt *stmt)
{
  EaPlanRoom *room = g_new0 (EaPlanRoom, 1);

  room->room_id = _ea_stmt_column_int64 (stmt, 0);
  room->unit_id = _ea_stmt_column_int64 (stmt, 18);
  room->unit = _ea_housing_dup_text (stmt, 1);
  room->unit_reserved_for = _ea_housing_dup_text (stmt, 2);
  room->floor = _ea_stmt_column_int (stmt, 3);
  room->name = _ea_housing_dup_text (stmt, 4);
  room->rule = _ea_housing_dup_text (stmt, 5);
  room->area = _ea_stmt_column_double (stmt, 6);
  room->capacity = _ea_stmt_column_int (stmt, 7);
  room->barrier_free = _ea_stmt_column_int (stmt, 8);
  room->beds = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_housing_plan_bed_free);
  return room;
}

/* The bed of the plan's current row and its status; who holds it only
 * with @names. */
static EaPlanBed *
bed_from_row (EaStmt   *stmt,
              gboolean  names)
{
  EaPlanBed *bed = g_new0 (EaPlanBed, 1);

  bed->bed_id = _ea_stmt_column_int64 (stmt, 9);
  bed->label = _ea_housing_dup_text (stmt, 10);
  if (!_ea_stmt_column_is_null (stmt, 11))
    {
      bed->status = EA_BED_OCCUPIED;
      bed->person_id = _ea_stmt_column_int64 (stmt, 11);
      bed->since = _ea_housing_dup_text (stmt, 12);
    }
  else if (!_ea_stmt_column_is_null (stmt, 13))
    bed->status = EA_BED_BLOCKED;
  else if (!_ea_stmt_column_is_null (stmt, 15))
    {
      bed->status = EA_BED_RESERVED;
      bed->person_id = _ea_stmt_column_int64 (stmt, 15);
      bed->reservation_id = _ea_stmt_column_int64 (stmt, 17);
    }
  bed->block_reason = _ea_housing_dup_text (stmt, 13);
  bed->block_until = _ea_housing_dup_text (stmt, 14);
  bed->reserved_from = _ea_housing_dup_text (stmt, 19);
  bed->planned_until = _ea_housing_dup_text (stmt, 21);
  /* A reader sees the status of a bed, never who is in it. */
  if (!names)
    bed->person_id = 0;
  else
    {
      if (bed->person_id != 0)
        bed->person_name = _ea_housing_dup_text (stmt, 16);
      if (bed->reserved_from != NULL)
        bed->reserved_name = _ea_housing_dup_text (stmt, 20);
    }
  return bed;
}

/**
 * ea_housing_room_plan:
 * @facility_id: the facility
 * @date: (nullable): the day; %NULL for today
 * @facility_name: (out) (optional): the facility's name
 *
 * The facility's rooms grouped by unit and floor, each with its beds, their
 * status that day and who sleeps there (names only for users who may see
 * persons).
 *
 * Returns: (transfer full) (element-type EaPlanRoom): the rooms, or %NULL
 *   with @error set
 */
GPtrArray *
ea_housing_room_plan (EaSession   *session,
                      gint64       facility_id,
                      const char  *date,
                      char       **facility_name,
                      GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GPtrArray) rooms = NULL;
  g_autofree char *day = NULL;
  g_autofree char *today = ea_clock_today ();
  EaPlanRoom *room = NULL;
  EaStore *store;
  gboolean names;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, 0, error) ||
      (day = _ea_housing_resolve_date (date, error)) == NULL)
    return NULL;
  /* Names only for who may see the persons of this facility: a social
   * worker limited to other facilities sees the beds, not who is in them. */
  names = ea_session_check (session, EA_RIGHT_VIEW_PERSONS, facility_id, NULL);
  store = ea_session_get_store (session);

  if (!read_facility_name (store, facility_id, facility_name, error))
    return NULL;
  /* Who sleeps where is personal data: every plan with names is a read in
   * the audit log, as its printed list is. */
  if (names && !_ea_audit_record (session, &(EaAuditRecord) { .action = "read-room-plan",
                                                              .object_type = "facility",
                                                              .object_id = facility_id,
                                                              .detail = day }, error))
    return NULL;

  stmt = prepare_plan (store, facility_id, day, today, error);
  if (stmt == NULL)
    return NULL;
  rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_plan_room_free);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      if (room == NULL || room->room_id != _ea_stmt_column_int64 (stmt, 0))
        {
          room = room_from_row (stmt);
          g_ptr_array_add (rooms, room);
        }
      g_ptr_array_add (room->beds, bed_from_row (stmt, names));
    }
  return g_steal_pointer (&rooms);
}

/**
 * ea_housing_free_beds:
 * @date: (nullable): the day; %NULL for today
 * @facility_id: a facility, or 0 for all
 * @unit_id: a unit, or 0 for all
 * @rule: (nullable): men, women, family or any; %NULL for all rooms
 *
 * The beds that are free that day (not occupied, blocked or reserved), in
 * open rooms, in the order of the room plans.
 *
 * Returns: (transfer full) (element-type gint64): the beds' numbers, or
 *   %NULL with @error set
 */
GArray *
ea_housing_free_beds (EaSession   *session,
                      const char  *date,
                      gint64       facility_id,
                      gint64       unit_id,
                      const char  *rule,
                      GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *day = NULL;
  GArray *beds;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, facility_id, error) ||
      (day = _ea_housing_resolve_date (date, error)) == NULL)
    return NULL;
  stmt = _ea_store_prepare (ea_session_get_store (session), _ea_housing_sql.free_beds, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, day);
  _ea_stmt_bind_int64 (stmt, 2, facility_id);
  _ea_stmt_bind_int64 (stmt, 3, unit_id);
  _ea_store_bind_text_or_null (stmt, 4, rule);
  beds = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);
      g_array_append_val (beds, id);
    }
  return beds;
}
