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

/* Stays and beds as the housing manager changes them: check-in,
 * check-out, move, reservation, planned departure, blocks. Each is one
 * change (_ea_change) that checks the rules of ea-housing.c first. */

/**
 * ea_housing_resolve_person:
 * @id: the internal number, or the platform's person id (`P-…`)
 *
 * Returns: the person's internal number, or 0 with @error set
 */
gint64
ea_housing_resolve_person (EaSession   *session,
                           const char  *id,
                           GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  EaStore *store;
  char *end = NULL;
  gint64 number;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);
  g_return_val_if_fail (id != NULL, 0);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return 0;
  store = ea_session_get_store (session);
  number = g_ascii_strtoll (id, &end, 10);
  stmt = _ea_store_prepare (store, _ea_housing_sql.find_person, error);
  if (stmt == NULL)
    return 0;
  _ea_stmt_bind_int64 (stmt, 1, end != NULL && *end == '\0' ? number : 0);
  _ea_stmt_bind_text (stmt, 2, id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                   _("There is no person with the number or platform id “%s”."), id);
      return 0;
    }
  return _ea_stmt_column_int64 (stmt, 0);
}

/**
 * ea_housing_check_in:
 * @session: a housing manager's session
 * @person_id: who moves in
 * @bed_id: where
 * @date: (nullable): the first night, `YYYY-MM-DD`; %NULL for today
 * @error: a #GError
 *
 * Returns: the new stay's number, or 0 with @error naming the rule broken
 */
gint64
ea_housing_check_in (EaSession   *session,
                     gint64       person_id,
                     gint64       bed_id,
                     const char  *date,
                     GError     **error)
{
  return ea_housing_check_in_full (session, person_id, bed_id, date, EA_PLACE_DEFAULT, error);
}

/* A check-in, a move or a reservation of a bed, as one change. */
typedef struct
{
  gint64        person_id;
  gint64        bed_id;
  const char   *day;
  const char   *end;        /* a reservation's last day, else NULL */
  gint64        old_stay;   /* a move's stay that ends */
  EaPlaceFlags  flags;
  gint64        id;         /* the new stay or reservation */
} Placing;

/* The placing's entry in the audit log, then (when a user confirmed a
 * shared bedroom) the confirmation, in that order. */
static gboolean
audit_placed (EaSession   *session,
              const char  *action,
              const char  *object_type,
              Placing     *c,
              GError     **error)
{
  return _ea_audit_record (session, &(EaAuditRecord) { .action = action,
                                                       .object_type = object_type,
                                                       .object_id = c->id,
                                                       .person_id = c->person_id,
                                                       .detail = c->day }, error) &&
         _ea_housing_audit_confirmed (session, c->flags, object_type, c->id, c->person_id, c->day,
                                      error);
}

static gboolean check_no_reservation (EaStore  *store,
                                      gint64    person_id,
                                      GError  **error);

/* What a check-in (or, with @reserve, a reservation) must meet before it
 * changes anything: the person has no bed yet (a check-in), the bed is
 * free and its room's rules admit the person, and the person holds no
 * other reservation (a reservation, unless it replaces it). The same
 * checks tell the chooser beforehand whom a bed admits
 * (ea_housing_check_placing()). */
static gboolean
check_placing (EaStore  *store,
               Placing  *c,
               gboolean  reserve,
               GArray   *cancel,
               GError  **error)
{
  g_auto(BedInfo) bed = { 0 };
  g_auto(PersonInfo) person = { 0 };

  if (!_ea_housing_load_person (store, c->person_id, &person, error) ||
      !_ea_housing_load_bed (store, c->bed_id, c->day, &bed, error))
    return FALSE;
  if (!reserve && _ea_housing_find_stay (store, c->person_id, c->day, NULL, NULL) != 0)
    {
      g_autofree char *shown = ea_date_format (c->day);

      return ea_error_set (error, EA_ERROR_RULE,
                           _("The person already has a bed on %s; move the person instead."),
                           shown);
    }
  if (!_ea_housing_check_rules (store, &person, &bed, c->day, c->end, c->flags, cancel, error))
    return FALSE;
  return !reserve || (c->flags & EA_PLACE_REPLACE_RESERVATION) != 0 ||
         check_no_reservation (store, c->person_id, error);
}

static gboolean
check_in_change (EaSession     *session,
                 gpointer       data,
                 EaAuditRecord *record,
                 GError       **error)
{
  Placing *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autoptr(GArray) cancel = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *now = ea_clock_timestamp ();

  if (!check_placing (store, c, FALSE, cancel, error) ||
      !_ea_housing_cancel_reservations (session, cancel, error))
    return FALSE;

  c->id = _ea_housing_insert_stay (session, c->person_id, c->bed_id, c->day, error);
  return c->id != 0 &&
         _ea_housing_settle_reservations (store, c->person_id, c->bed_id, c->id, error) &&
         _ea_store_exec_bound (store, _ea_housing_sql.set_present, error, "issi", c->person_id,
                               c->day, now, ea_session_get_user_id (session)) &&
         audit_placed (session, "check-in", "stay", c, error);
}

/**
 * ea_housing_check_in_full:
 * @flags: the rules the user sets aside on purpose
 *
 * ea_housing_check_in() with what the user confirmed.
 *
 * Returns: the new stay, or 0 with @error set
 */
gint64
ea_housing_check_in_full (EaSession    *session,
                          gint64        person_id,
                          gint64        bed_id,
                          const char   *date,
                          EaPlaceFlags  flags,
                          GError      **error)
{
  g_autofree char *day = NULL;
  Placing change = { .person_id = person_id, .bed_id = bed_id, .flags = flags };
  gint64 facility;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  facility = _ea_housing_bed_facility (ea_session_get_store (session), bed_id);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, facility, error))
    return 0;
  if ((day = _ea_housing_resolve_past_date (date, _("The check-in"), error)) == NULL)
    return 0;
  change.day = day;
  if (!_ea_change (session, EA_RIGHT_EDIT_STAYS, facility, check_in_change, &change, error))
    return 0;
  return change.id;
}

typedef struct
{
  gint64      stay_id;
  gint64      person_id;
  const char *day;
} Leaving;

static gboolean
check_out_change (EaSession     *session,
                  gpointer       data,
                  EaAuditRecord *record,
                  GError       **error)
{
  Leaving *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();

  *record = (EaAuditRecord) { .action = "check-out", .object_type = "stay",
                              .object_id = c->stay_id, .person_id = c->person_id,
                              .detail = c->day };
  return _ea_store_exec_bound (store, _ea_housing_sql.end_stay, error, "is", c->stay_id, c->day) &&
         _ea_store_exec_bound (store, _ea_housing_sql.set_left, error, "issi", c->person_id,
                               c->day, now, ea_session_get_user_id (session));
}

/**
 * ea_housing_check_out:
 * @date: (nullable): the day of departure (the stay ends before that night)
 *
 * Returns: the stay that ended, or 0 with @error set
 */
gint64
ea_housing_check_out (EaSession   *session,
                      gint64       person_id,
                      const char  *date,
                      GError     **error)
{
  EaStore *store;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *shown = NULL;
  gint64 stay_id, bed_id = 0;
  Leaving change;
  gint64 facility;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if ((day = _ea_housing_resolve_past_date (date, _("The check-out"), error)) == NULL)
    return 0;
  store = ea_session_get_store (session);

  /* The stay that runs over the night before the departure. */
  {
    g_autofree char *night = ea_date_add_days (day, -1);
    stay_id = _ea_housing_find_stay (store, person_id, night, &from, &bed_id);
  }
  facility = _ea_housing_bed_facility (store, bed_id);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, facility, error))
    return 0;
  /* A stay that ended on the day already is left: checking out again
   * would end it once more and mark as gone a person who has since been
   * checked in again that day. */
  if (stay_id != 0 &&
      _ea_store_query_int (store, _ea_housing_sql.stay_runs_on, "is", stay_id, day) != 1)
    stay_id = 0;
  if (stay_id == 0)
    {
      shown = ea_date_format (day);
      if (_ea_housing_find_stay (store, person_id, day, NULL, NULL) != 0)
        ea_error_set (error, EA_ERROR_RULE,
                      _("The person was checked in on %s: leaving on the same day leaves no "
                        "night in the bed. Take the check-in back with Undo instead."), shown);
      else
        ea_error_set (error, EA_ERROR_RULE, _("The person has no bed to leave on %s."), shown);
      return 0;
    }

  change = (Leaving) { .stay_id = stay_id, .person_id = person_id, .day = day };
  if (!_ea_change (session, EA_RIGHT_EDIT_STAYS, facility, check_out_change, &change, error))
    return 0;
  return stay_id;
}

/**
 * ea_housing_move:
 * @old_stay_id: (out) (optional): the stay that ended
 *
 * A move is a check-out and a check-in on the same day, in one
 * transaction; both stays stay in the history.
 *
 * Returns: the new stay, or 0 with @error naming the rule broken
 */
gint64
ea_housing_move (EaSession   *session,
                 gint64       person_id,
                 gint64       bed_id,
                 const char  *date,
                 gint64      *old_stay_id,
                 GError     **error)
{
  return ea_housing_move_full (session, person_id, bed_id, date, EA_PLACE_DEFAULT, old_stay_id,
                               error);
}

static gboolean
move_change (EaSession     *session,
             gpointer       data,
             EaAuditRecord *record,
             GError       **error)
{
  Placing *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autoptr(GArray) cancel = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(BedInfo) bed = { 0 };
  g_auto(PersonInfo) person = { 0 };

  /* End the old stay first, so the rules see the room as it will be. */
  if (!_ea_store_exec_bound (store, _ea_housing_sql.end_stay, error, "is", c->old_stay, c->day) ||
      !_ea_housing_load_person (store, c->person_id, &person, error) ||
      !_ea_housing_load_bed (store, c->bed_id, c->day, &bed, error) ||
      !_ea_housing_check_rules (store, &person, &bed, c->day, NULL, c->flags, cancel, error) ||
      !_ea_housing_cancel_reservations (session, cancel, error))
    return FALSE;

  c->id = _ea_housing_insert_stay (session, c->person_id, c->bed_id, c->day, error);
  return c->id != 0 &&
         _ea_housing_settle_reservations (store, c->person_id, c->bed_id, c->id, error) &&
         _ea_store_exec_bound (store, _ea_housing_sql.copy_planned_until, error, "ii", c->id,
                               c->old_stay) &&
         audit_placed (session, "move", "stay", c, error);
}

/**
 * ea_housing_move_full:
 * @flags: the rules the user sets aside on purpose
 *
 * ea_housing_move() with what the user confirmed. The new stay keeps the
 * planned day of moving out.
 *
 * Returns: the new stay, or 0 with @error naming the rule broken
 */
gint64
ea_housing_move_full (EaSession    *session,
                      gint64        person_id,
                      gint64        bed_id,
                      const char   *date,
                      EaPlaceFlags  flags,
                      gint64       *old_stay_id,
                      GError      **error)
{
  EaStore *store;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *shown = NULL;
  gint64 old_stay, old_bed = 0;
  Placing change = { .person_id = person_id, .bed_id = bed_id, .flags = flags };
  gint64 facility;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if ((day = _ea_housing_resolve_past_date (date, _("The move"), error)) == NULL)
    return 0;
  store = ea_session_get_store (session);
  old_stay = _ea_housing_find_stay (store, person_id, day, &from, &old_bed);
  facility = _ea_housing_bed_facility (store, bed_id);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, facility, error) ||
      (old_bed != 0 &&
       !ea_session_check (session, EA_RIGHT_EDIT_STAYS, _ea_housing_bed_facility (store, old_bed),
                          error)))
    return 0;
  shown = ea_date_format (day);
  if (old_stay == 0)
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("The person has no bed on %s; check the person in instead."), shown);
      return 0;
    }
  if (old_bed == bed_id)
    {
      ea_error_set (error, EA_ERROR_RULE, _("The person sleeps in this bed already."));
      return 0;
    }
  if (g_strcmp0 (from, day) == 0)
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("The person moved in on %s; undo that check-in instead of a move "
                    "on the same day."), shown);
      return 0;
    }

  change.day = day;
  change.old_stay = old_stay;
  if (!_ea_change (session, EA_RIGHT_EDIT_STAYS, facility, move_change,
                   &change, error))
    return 0;
  if (old_stay_id != NULL)
    *old_stay_id = old_stay;
  return change.id;
}

/**
 * ea_housing_reserve:
 * @from: (nullable): when the bed is held from; %NULL for today
 * @until: (nullable): the day the hold ends; %NULL for three days after
 *   the person's planned arrival (or two weeks when it is not known)
 *
 * Holds a bed for an expected arrival. The bed must be free and the room's
 * rules must admit the person from @from on.
 *
 * Returns: the reservation's number, or 0 with @error set
 */
gint64
ea_housing_reserve (EaSession   *session,
                    gint64       person_id,
                    gint64       bed_id,
                    const char  *from,
                    const char  *until,
                    GError     **error)
{
  return ea_housing_reserve_full (session, person_id, bed_id, from, until, EA_PLACE_DEFAULT,
                                  error);
}

/* The bed a person holds a reservation of, in words ("GU Teststadt,
 * room 1.01, bed A, 24.11.2026 to 27.11.2026"), or %NULL for none. */
static char *
describe_reservation (EaStore  *store,
                      gint64    person_id)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_housing_sql.person_reservation, NULL);
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return NULL;
  from = ea_date_format (_ea_stmt_column_text (stmt, 3));
  until = ea_date_format (_ea_stmt_column_text (stmt, 4));
  return g_strdup_printf (_("%s, room %s, bed %s, %s to %s"), _ea_stmt_column_text (stmt, 0),
                          _ea_stmt_column_text (stmt, 1), _ea_stmt_column_text (stmt, 2),
                          from, until);
}

/**
 * ea_housing_dup_reservation:
 * @session: who asks
 * @person_id: a person
 *
 * Returns: (transfer full) (nullable): the bed reserved for the person,
 *   in words, or %NULL when none is (or the user may not see beds)
 */
char *
ea_housing_dup_reservation (EaSession *session,
                            gint64     person_id)
{
  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_can (session, EA_RIGHT_VIEW_OCCUPANCY))
    return NULL;
  return describe_reservation (ea_session_get_store (session), person_id);
}

/* A second reservation replaces the person's first only when the user
 * said so: refused with what it would replace otherwise. */
static gboolean
check_no_reservation (EaStore  *store,
                      gint64    person_id,
                      GError  **error)
{
  g_autofree char *held = describe_reservation (store, person_id);

  if (held == NULL)
    return TRUE;
  return ea_error_set (error, EA_ERROR_REPLACES,
                       _("A bed is reserved for this person already: %s. A new reservation "
                         "replaces it."), held);
}

static gboolean
reserve_change (EaSession     *session,
                gpointer       data,
                EaAuditRecord *record,
                GError       **error)
{
  Placing *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autoptr(GArray) cancel = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *now = ea_clock_timestamp ();

  if (!check_placing (store, c, TRUE, cancel, error) ||
      !_ea_housing_cancel_reservations (session, cancel, error) ||
      !_ea_store_exec_bound (store, _ea_housing_sql.cancel_person_reservations, error, "i",
                             c->person_id) ||
      !_ea_store_exec_bound (store, _ea_housing_sql.insert_reservation, error, "iisssi",
                             c->person_id, c->bed_id, c->day, c->end, now,
                             ea_session_get_user_id (session)))
    return FALSE;
  c->id = _ea_store_last_insert_id (store);
  return audit_placed (session, "reserve", "reservation", c, error);
}

/* A reservation's first and last day: from @from until @until, or, with
 * no @until, until three days after the person's planned arrival (two
 * weeks when none is planned on or after @from). */
static gboolean
reservation_period (EaStore     *store,
                    gint64       person_id,
                    const char  *from,
                    const char  *until,
                    char       **day,
                    char       **end,
                    GError     **error)
{
  if ((*day = _ea_housing_resolve_date (from, error)) == NULL)
    return FALSE;
  if (until != NULL)
    *end = _ea_housing_resolve_date (until, error);
  else
    {
      g_autoptr(EaStmt) planned = _ea_store_prepare (store, _ea_housing_sql.person_expected_on,
                                                     NULL);
      const char *expected = NULL;

      if (planned != NULL)
        {
          _ea_stmt_bind_int64 (planned, 1, person_id);
          if (_ea_stmt_step (planned) == EA_STMT_ROW)
            expected = _ea_stmt_column_text (planned, 0);
        }
      *end = expected != NULL && g_strcmp0 (expected, *day) >= 0
             ? ea_date_add_days (expected, 3) : ea_date_add_days (*day, 14);
    }
  if (*end == NULL)
    return FALSE;
  if (g_strcmp0 (*end, *day) <= 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("A reservation must end after it begins."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ea_housing_reserve_full:
 * @flags: the rules the user sets aside on purpose
 *
 * ea_housing_reserve() with what the user confirmed.
 *
 * Returns: the reservation's number, or 0 with @error set
 */
gint64
ea_housing_reserve_full (EaSession    *session,
                         gint64        person_id,
                         gint64        bed_id,
                         const char   *from,
                         const char   *until,
                         EaPlaceFlags  flags,
                         GError      **error)
{
  EaStore *store;
  g_autofree char *day = NULL;
  g_autofree char *end = NULL;
  Placing change = { .person_id = person_id, .bed_id = bed_id, .flags = flags };
  gint64 facility;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  store = ea_session_get_store (session);
  facility = _ea_housing_bed_facility (store, bed_id);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, facility, error))
    return 0;
  if (!reservation_period (store, person_id, from, until, &day, &end, error))
    return 0;
  change.day = day;
  change.end = end;
  if (!_ea_change (session, EA_RIGHT_EDIT_STAYS, facility, reserve_change,
                   &change, error))
    return 0;
  return change.id;
}

/**
 * ea_housing_check_placing:
 * @session: a session that may change stays in the bed's facility
 * @person_id: the person
 * @bed_id: the bed
 * @date: the first night (a check-in: today or a day past; a reservation:
 *   any day), or %NULL for today
 * @reserve: %TRUE: a reservation until the planned arrival, as
 *   ea_housing_reserve() makes it; %FALSE: a check-in
 * @error: a #GError
 *
 * Tells, without changing anything, whether the check-in or reservation
 * would be stored as it is, by the very checks the change makes: for a
 * chooser that shows whom a bed admits.
 *
 * Returns: %TRUE when it would; %FALSE with @error as the change would
 *   set it: %EA_ERROR_RULE when the person may not be placed there,
 *   %EA_ERROR_CONFIRM, %EA_ERROR_RESERVED or %EA_ERROR_REPLACES when
 *   only a user's confirmation lets it through
 */
gboolean
ea_housing_check_placing (EaSession   *session,
                          gint64       person_id,
                          gint64       bed_id,
                          const char  *date,
                          gboolean     reserve,
                          GError     **error)
{
  EaStore *store;
  g_autoptr(GArray) cancel = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *day = NULL;
  g_autofree char *end = NULL;
  Placing check = { .person_id = person_id, .bed_id = bed_id, .flags = EA_PLACE_DEFAULT };

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, _ea_housing_bed_facility (store, bed_id),
                         error))
    return FALSE;
  if (reserve ? !reservation_period (store, person_id, date, NULL, &day, &end, error)
              : (day = _ea_housing_resolve_past_date (date, _("The check-in"), error)) == NULL)
    return FALSE;
  check.day = day;
  check.end = end;
  return check_placing (store, &check, reserve, cancel, error);
}

static gboolean
plan_departure_change (EaSession     *session,
                       gpointer       data,
                       EaAuditRecord *record,
                       GError       **error)
{
  Leaving *c = data;

  *record = (EaAuditRecord) { .action = "plan-departure", .object_type = "stay",
                              .object_id = c->stay_id, .person_id = c->person_id,
                              .detail = c->day };
  return _ea_store_exec_bound (ea_session_get_store (session), _ea_housing_sql.set_planned_until,
                               error, "is", c->stay_id, c->day);
}

/**
 * ea_housing_plan_departure:
 * @session: a housing manager's session
 * @person_id: a person living in a bed
 * @date: (nullable): the planned day of moving out, after today; %NULL to
 *   take the plan back
 * @error: a #GError
 *
 * Notes when the person is planned to move out (Auszug geplant), for the
 * look ahead; the stay itself ends only with the check-out.
 *
 * Returns: %FALSE on a refusal
 */
gboolean
ea_housing_plan_departure (EaSession   *session,
                           gint64       person_id,
                           const char  *date,
                           GError     **error)
{
  EaStore *store = ea_session_get_store (session);
  g_autofree char *today = ea_clock_today ();
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  gint64 stay_id, bed_id = 0;
  gint64 facility;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  stay_id = _ea_housing_find_stay (store, person_id, today, &from, &bed_id);
  facility = _ea_housing_bed_facility (store, bed_id);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, facility, error))
    return FALSE;
  if (stay_id == 0)
    return ea_error_set (error, EA_ERROR_RULE, _("The person has no bed today."));
  if (date != NULL)
    {
      if ((day = _ea_housing_resolve_date (date, error)) == NULL)
        return FALSE;
      if (strcmp (day, today) <= 0)
        return ea_error_set (error, EA_ERROR_INVALID,
                             _("A planned day of moving out lies after today; for today, "
                               "check the person out."));
    }
  return _ea_change (session, EA_RIGHT_EDIT_STAYS, facility, plan_departure_change,
                     &(Leaving) { .stay_id = stay_id, .person_id = person_id, .day = day },
                     error);
}

typedef struct
{
  gint64 reservation_id;
  gint64 person_id;
} Cancelling;

static gboolean
cancel_reservation_change (EaSession     *session,
                           gpointer       data,
                           EaAuditRecord *record,
                           GError       **error)
{
  Cancelling *c = data;

  *record = (EaAuditRecord) { .action = "cancel-reservation", .object_type = "reservation",
                              .object_id = c->reservation_id, .person_id = c->person_id };
  return _ea_store_exec_bound (ea_session_get_store (session), _ea_housing_sql.cancel_reservation,
                               error, "i", c->reservation_id);
}

gboolean
ea_housing_cancel_reservation (EaSession  *session,
                               gint64      reservation_id,
                               GError    **error)
{
  EaStore *store;
  g_autoptr(EaStmt) stmt = NULL;
  gint64 bed_id, person_id;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, _ea_housing_sql.active_reservation, error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, reservation_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("There is no such active reservation."));
      return FALSE;
    }
  bed_id = _ea_stmt_column_int64 (stmt, 0);
  person_id = _ea_stmt_column_int64 (stmt, 1);
  g_clear_pointer (&stmt, _ea_stmt_free);
  return _ea_change (session, EA_RIGHT_EDIT_STAYS, _ea_housing_bed_facility (store, bed_id),
                     cancel_reservation_change,
                     &(Cancelling) { .reservation_id = reservation_id, .person_id = person_id },
                     error);
}

typedef struct
{
  gint64      bed_id;
  const char *reason;
  const char *note;
  const char *day;
  const char *end;
  gint64      id;
} Blocking;

static gboolean
block_change (EaSession     *session,
              gpointer       data,
              EaAuditRecord *record,
              GError       **error)
{
  Blocking *c = data;
  EaStore *store = ea_session_get_store (session);
  g_auto(BedInfo) bed = { 0 };
  g_autofree char *now = ea_clock_timestamp ();
  g_autoptr(EaStmt) busy = NULL;

  if (!_ea_housing_load_bed (store, c->bed_id, c->day, &bed, error))
    return FALSE;
  busy = _ea_store_prepare (store, _ea_housing_sql.bed_busy, error);
  if (busy == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (busy, 1, c->bed_id);
  _ea_stmt_bind_text (busy, 2, c->day);
  _ea_store_bind_text_or_null (busy, 3, c->end);
  if (_ea_stmt_step (busy) == EA_STMT_ROW)
    {
      if (_ea_stmt_column_int (busy, 0) == 1)
        return ea_error_set (error, EA_ERROR_RULE,
                             _("Bed %s in room %s is occupied in that time; check the person "
                               "out or move them first."), bed.bed_label, bed.room_name);
      return ea_error_set (error, EA_ERROR_RULE, _("Bed %s in room %s is blocked already."),
                           bed.bed_label, bed.room_name);
    }
  g_clear_pointer (&busy, _ea_stmt_free);
  if (!_ea_store_exec_bound (store, _ea_housing_sql.insert_block, error, "isssssi", c->bed_id,
                             c->reason, c->note, c->day, c->end, now,
                             ea_session_get_user_id (session)))
    return FALSE;
  c->id = _ea_store_last_insert_id (store);
  *record = (EaAuditRecord) { .action = "block", .object_type = "bed", .object_id = c->bed_id,
                              .detail = c->reason };
  return TRUE;
}

/**
 * ea_housing_block_bed:
 * @reason: renovation, damage, quarantine or other
 * @note: (nullable): a few words for colleagues
 * @from: (nullable): from when; %NULL for today
 * @until: (nullable): the day the bed is back in use; %NULL for open-ended
 *
 * Returns: the block's number, or 0 with @error set
 */
gint64
ea_housing_block_bed (EaSession   *session,
                      gint64       bed_id,
                      const char  *reason,
                      const char  *note,
                      const char  *from,
                      const char  *until,
                      GError     **error)
{
  static const char *reasons[] = { "renovation", "damage", "quarantine", "other" };
  EaStore *store;
  g_autofree char *day = NULL;
  g_autofree char *end = NULL;
  gboolean known = FALSE;
  gint64 facility;
  Blocking change;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  store = ea_session_get_store (session);
  facility = _ea_housing_bed_facility (store, bed_id);
  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, facility, error))
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    known |= g_strcmp0 (reason, reasons[i]) == 0;
  if (!known)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is not a reason to block a bed; use renovation, damage, quarantine "
                     "or other."), reason ? reason : "");
      return 0;
    }
  if ((day = _ea_housing_resolve_date (from, error)) == NULL)
    return 0;
  if (until != NULL && ((end = _ea_housing_resolve_date (until, error)) == NULL))
    return 0;
  if (end != NULL && g_strcmp0 (end, day) <= 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("A bed must be blocked for at least one night."));
      return 0;
    }

  change = (Blocking) { .bed_id = bed_id, .reason = reason, .note = note, .day = day,
                        .end = end };
  if (!_ea_change (session, EA_RIGHT_MANAGE_HOUSING, facility,
                   block_change, &change, error))
    return 0;
  return change.id;
}

static gboolean
unblock_change (EaSession     *session,
                gpointer       data,
                EaAuditRecord *record,
                GError       **error)
{
  Blocking *c = data;
  EaStore *store = ea_session_get_store (session);
  int changed;

  /* A block that had not begun yet is withdrawn; one that had is ended. */
  if (!_ea_store_exec_bound (store, _ea_housing_sql.withdraw_blocks, error, "is", c->bed_id,
                             c->day))
    return FALSE;
  changed = _ea_store_changes (store);
  if (!_ea_store_exec_bound (store, _ea_housing_sql.end_blocks, error, "is", c->bed_id, c->day))
    return FALSE;
  changed += _ea_store_changes (store);
  if (changed == 0)
    return ea_error_set (error, EA_ERROR_RULE, _("The bed is not blocked."));
  *record = (EaAuditRecord) { .action = "unblock", .object_type = "bed", .object_id = c->bed_id,
                              .detail = c->day };
  return TRUE;
}

/**
 * ea_housing_unblock_bed:
 * @date: (nullable): the day the bed is back in use; %NULL for today
 */
gboolean
ea_housing_unblock_bed (EaSession   *session,
                        gint64       bed_id,
                        const char  *date,
                        GError     **error)
{
  EaStore *store;
  g_autofree char *day = NULL;
  gint64 facility;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  facility = _ea_housing_bed_facility (store, bed_id);
  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, facility, error))
    return FALSE;
  if ((day = _ea_housing_resolve_date (date, error)) == NULL)
    return FALSE;

  return _ea_change (session, EA_RIGHT_MANAGE_HOUSING, facility,
                     unblock_change, &(Blocking) { .bed_id = bed_id, .day = day }, error);
}
