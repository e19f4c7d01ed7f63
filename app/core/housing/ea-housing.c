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

/* The housing manager's daily work: check-in, check-out, move, reserve,
 * block. Every change is one transaction that keeps the full history, and
 * every refusal names the rule that was broken. The database refuses
 * overlapping stays by itself; the rules here come first so the clerk
 * reads which rule, not a constraint. */

void
_ea_housing_bed_info_clear (BedInfo *bed)
{
  g_clear_pointer (&bed->bed_label, g_free);
  g_clear_pointer (&bed->room_name, g_free);
  g_clear_pointer (&bed->rule, g_free);
  g_clear_pointer (&bed->unit_name, g_free);
  g_clear_pointer (&bed->reserved_for, g_free);
}

void
_ea_housing_person_info_clear (PersonInfo *person)
{
  g_clear_pointer (&person->gender, g_free);
  g_clear_pointer (&person->birth_date, g_free);
}

void
_ea_housing_plan_bed_free (EaPlanBed *bed)
{
  g_free (bed->label);
  g_free (bed->person_name);
  g_free (bed->since);
  g_free (bed->block_reason);
  g_free (bed->block_until);
  g_free (bed->reserved_from);
  g_free (bed->reserved_name);
  g_free (bed->planned_until);
  g_free (bed);
}

void
ea_plan_room_free (EaPlanRoom *room)
{
  if (room == NULL)
    return;
  g_free (room->unit);
  g_free (room->unit_reserved_for);
  g_free (room->name);
  g_free (room->rule);
  g_clear_pointer (&room->beds, g_ptr_array_unref);
  g_free (room);
}

void
ea_roommate_free (EaRoommate *roommate)
{
  if (roommate == NULL)
    return;
  g_free (roommate->name);
  g_free (roommate->facility);
  g_free (roommate->room);
  g_free (roommate->from);
  g_free (roommate->until);
  g_free (roommate);
}

char *
_ea_housing_dup_text (EaStmt *stmt,
                      int           column)
{
  return g_strdup (_ea_stmt_column_text (stmt, column));
}

char *
_ea_housing_resolve_date (const char  *date,
                          GError     **error)
{
  char *iso;

  if (date == NULL)
    return ea_clock_today ();
  iso = ea_date_parse_input (date);
  if (iso == NULL)
    g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                 _("“%s” is not a valid date; write it as YYYY-MM-DD or DD.MM.YYYY."), date);
  return iso;
}

/* A day on which something happened: a check-in, move or check-out is
 * recorded for today or a day past, never for one to come (a bed is
 * reserved for that). */
char *
_ea_housing_resolve_past_date (const char  *date,
                               const char  *what,
                               GError     **error)
{
  g_autofree char *today = ea_clock_today ();
  g_autofree char *shown = NULL;
  g_autofree char *shown_today = NULL;
  char *iso = _ea_housing_resolve_date (date, error);

  if (iso == NULL || strcmp (iso, today) <= 0)
    return iso;
  shown = ea_date_format (iso);
  shown_today = ea_date_format (today);
  g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
               /* Translators: the first %s is "The check-in" or the like. */
               _("%s on %s lies in the future (today is %s). Record it on the day, or "
                 "reserve the bed for that day."), what, shown, shown_today);
  g_free (iso);
  return NULL;
}

gboolean
_ea_housing_load_bed (EaStore     *store,
                      gint64       bed_id,
                      const char  *date,
                      BedInfo     *bed,
                      GError     **error)
{
  g_autoptr(EaStoreStatement) stmt = NULL;

  stmt = _ea_store_statement (store, _ea_housing_sql.bed_info, error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, bed_id);
  _ea_stmt_bind_text (stmt, 2, date);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, bed_id);

      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                   _("There is no bed with the number %s."), number);
      return FALSE;
    }
  bed->bed_id = _ea_stmt_column_int64 (stmt, 0);
  bed->bed_label = _ea_housing_dup_text (stmt, 1);
  bed->room_id = _ea_stmt_column_int64 (stmt, 2);
  bed->room_name = _ea_housing_dup_text (stmt, 3);
  bed->rule = _ea_housing_dup_text (stmt, 4);
  bed->area = _ea_stmt_column_double (stmt, 5);
  bed->capacity = _ea_stmt_column_int (stmt, 6);
  bed->barrier_free = _ea_stmt_column_int (stmt, 7);
  bed->unit_name = _ea_housing_dup_text (stmt, 8);
  bed->reserved_for = _ea_housing_dup_text (stmt, 9);
  bed->facility_id = _ea_stmt_column_int64 (stmt, 10);
  bed->closed = _ea_stmt_column_int (stmt, 11);
  return TRUE;
}

gboolean
_ea_housing_load_person (EaStore     *store,
                         gint64       person_id,
                         PersonInfo  *person,
                         GError     **error)
{
  g_autoptr(EaStoreStatement) stmt = NULL;

  stmt = _ea_store_statement (store, _ea_housing_sql.person_facts, error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, person_id);

      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                   _("There is no person with the number %s."), number);
      return FALSE;
    }
  person->gender = _ea_housing_dup_text (stmt, 0);
  person->birth_date = _ea_housing_dup_text (stmt, 1);
  person->facts.person_id = person_id;
  person->facts.gender = person->gender;
  _ea_housing_read_rule_facts (stmt, 2, &person->facts);
  return TRUE;
}

/**
 * _ea_housing_read_rule_facts:
 * @stmt: a row holding EA_RULE_FACTS_COLUMNS
 * @column: where they begin
 * @applicant: where to put them
 *
 * Reads the household and the needs the hard rules look at, so that a
 * check-in and the bed matcher know a person alike.
 */
void
_ea_housing_read_rule_facts (EaStmt    *stmt,
                             int              column,
                             EaRuleApplicant *applicant)
{
  applicant->household_id = _ea_stmt_column_int64 (stmt, column);
  applicant->household_size = _ea_stmt_column_int (stmt, column + 1);
  applicant->household_has_woman = _ea_stmt_column_int (stmt, column + 2) != 0;
  applicant->uma = _ea_stmt_column_int (stmt, column + 3) != 0;
  applicant->wheelchair = _ea_stmt_column_int (stmt, column + 4) != 0;
}

/**
 * _ea_housing_min_area:
 * @store: the store
 *
 * Returns: the minimum area per person in m² from the settings; 7 when
 *   none is set
 */
double
_ea_housing_min_area (EaStore *store)
{
  g_autofree char *value = _ea_store_dup_setting (store, "min_area_per_person");
  double area = value ? g_ascii_strtod (value, NULL) : 7.0;

  return area > 0 ? area : 7.0;
}

/**
 * ea_housing_get_min_area:
 * @session: a session
 *
 * Returns: the minimum area per person in m² (default 7)
 */
double
ea_housing_get_min_area (EaSession *session)
{
  return _ea_housing_min_area (ea_session_get_store (session));
}

typedef struct
{
  const char *value;
  const char *detail;
} SettingChange;

static gboolean
set_min_area_change (EaSession     *session,
                     gpointer       data,
                     EaAuditRecord *record,
                     GError       **error)
{
  SettingChange *change = data;

  *record = (EaAuditRecord) { .action = "change", .object_type = "setting",
                              .detail = change->detail };
  return _ea_store_set_setting (ea_session_get_store (session), "min_area_per_person",
                                change->value, error);
}

/**
 * ea_housing_set_min_area:
 * @session: an administrator's session
 * @area: m² per person, from 4 to 20
 * @error: a #GError
 *
 * Applies to check-ins and bed matching from now on; those living in a
 * room stay.
 *
 * Returns: %FALSE on a refusal
 */
gboolean
ea_housing_set_min_area (EaSession  *session,
                         double      area,
                         GError    **error)
{
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *detail = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_SETTINGS, 0, error))
    return FALSE;
  if (!(area >= 4 && area <= 20))
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The minimum area per person is between 4 and 20 m²."));
      return FALSE;
    }
  g_ascii_formatd (value, sizeof value, "%.1f", area);
  detail = g_strdup_printf ("min_area_per_person=%s", value);
  return _ea_change (session, EA_RIGHT_SETTINGS, 0, set_min_area_change,
                     &(SettingChange) { value, detail }, error);
}

/* The most of @intervals (pairs of day numbers [from, until), until 0
 * for open) that hold on one night of [from, until). */
static guint
most_at_once (GArray  *intervals,
              guint32  from,
              guint32  until)
{
  guint n_pairs = intervals->len / 2, most = 0;

  /* The count changes only where an interval begins: the first night
   * and each beginning inside the period are the nights to count. */
  for (guint i = 0; i <= n_pairs; i++)
    {
      guint32 night = i == n_pairs ? from : MAX (from, g_array_index (intervals, guint32, 2 * i));
      guint n = 0;

      if (until != 0 && night >= until)
        continue;
      for (guint k = 0; k < n_pairs; k++)
        {
          guint32 start = g_array_index (intervals, guint32, 2 * k);
          guint32 end = g_array_index (intervals, guint32, 2 * k + 1);

          n += start <= night && (end == 0 || end > night);
        }
      most = MAX (most, n);
    }
  return most;
}

/* Refuses the bed when it is blocked, occupied or held for someone else
 * on a night of [@from, @end). Another person's reservation is refused by
 * name unless @flags cancel it: its number is then added to @cancel. */
static gboolean
check_bed_free (EaStore      *store,
                PersonInfo   *person,
                BedInfo      *bed,
                const char   *from,
                const char   *end,
                EaPlaceFlags  flags,
                GArray       *cancel,
                GError      **error)
{
  g_autoptr(EaStoreStatement) taken = NULL;
  int rc;

  taken = _ea_store_statement (store, _ea_housing_sql.bed_taken, error);
  if (taken == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (taken, 1, bed->bed_id);
  _ea_stmt_bind_text (taken, 2, from);
  _ea_stmt_bind_int64 (taken, 3, person->facts.person_id);
  _ea_stmt_bind_text (taken, 4, end);
  while ((rc = _ea_stmt_step (taken)) == EA_STMT_ROW)
    {
      int kind = _ea_stmt_column_int (taken, 0);
      g_autofree char *since = ea_date_format (_ea_stmt_column_text (taken, 1));
      g_autofree char *shown_from = ea_date_format (from);

      if (kind == 1)
        return ea_error_set (error, EA_ERROR_RULE, _("Bed %s in room %s is blocked from %s."),
                             bed->bed_label, bed->room_name, since);
      if (kind == 2)
        return ea_error_set (error, EA_ERROR_RULE,
                             _("Bed %s in room %s is occupied on or after %s."),
                             bed->bed_label, bed->room_name, shown_from);
      if (!(flags & EA_PLACE_CANCEL_RESERVATION))
        return ea_error_set (error, EA_ERROR_RESERVED,
                             _("Bed %s in room %s is reserved from %s for %s. Cancel that "
                               "reservation to use the bed."), bed->bed_label, bed->room_name,
                             since, _ea_stmt_column_text (taken, 2));
      {
        gint64 id = _ea_stmt_column_int64 (taken, 3);

        g_array_append_val (cancel, id);
      }
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the bed"));
  return TRUE;
}

static gboolean
holds_id (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Who else sleeps in the room on a night of [@from, @end): staying there,
 * or with a bed reserved there (but not one in @cancel). Adds each of
 * them once to @present, their genders kept in @genders, and each stay
 * or reservation as a pair of day numbers to @intervals. */
static gboolean
read_room_occupants (EaStore       *store,
                     PersonInfo    *person,
                     BedInfo       *bed,
                     const char    *from,
                     const char    *end,
                     GArray        *cancel,
                     GArray        *present,
                     GArray        *intervals,
                     GStringChunk  *genders,
                     GError       **error)
{
  g_autoptr(EaStoreStatement) occupants = NULL;
  int rc;

  occupants = _ea_store_statement (store, _ea_housing_sql.room_occupants, error);
  if (occupants == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (occupants, 1, bed->room_id);
  _ea_stmt_bind_text (occupants, 2, from);
  _ea_stmt_bind_int64 (occupants, 3, person->facts.person_id);
  _ea_stmt_bind_text (occupants, 4, end);
  while ((rc = _ea_stmt_step (occupants)) == EA_STMT_ROW)
    {
      gint64 other = _ea_stmt_column_int64 (occupants, 0);
      const char *gender = _ea_stmt_column_text (occupants, 3);
      guint32 a = ea_date_to_day (_ea_stmt_column_text (occupants, 5));
      guint32 b = _ea_stmt_column_is_null (occupants, 6)
                  ? 0 : ea_date_to_day (_ea_stmt_column_text (occupants, 6));
      EaRuleOccupant occupant;

      /* A reservation being cancelled in this step holds nobody. */
      if (_ea_stmt_column_int (occupants, 7) == 1 &&
          holds_id (cancel, _ea_stmt_column_int64 (occupants, 8)))
        continue;
      occupant = (EaRuleOccupant) {
        .person_id = other,
        .household_id = _ea_stmt_column_int64 (occupants, 1),
        .keep_apart = _ea_stmt_column_int (occupants, 2) != 0,
        .gender = gender != NULL ? g_string_chunk_insert_const (genders, gender) : NULL,
        /* The age on the first night both sleep there, as the rules
         * compare minors and adults on each night: a roommate who comes
         * later may be of age by then. */
        .age = ea_partial_date_age (_ea_stmt_column_text (occupants, 4),
                                    a > ea_date_to_day (from)
                                    ? _ea_stmt_column_text (occupants, 5) : from),
        .arrives_later = a > ea_date_to_day (from),
      };
      g_array_append_val (intervals, a);
      g_array_append_val (intervals, b);
      /* A person with a stay and a reservation there is one roommate,
       * there from the earlier of the two. */
      if (present->len > 0 &&
          g_array_index (present, EaRuleOccupant, present->len - 1).person_id == other)
        {
          EaRuleOccupant *seen = &g_array_index (present, EaRuleOccupant, present->len - 1);

          seen->arrives_later &= occupant.arrives_later;
          /* There from the earlier of the two: the age then. */
          seen->age = MIN (seen->age, occupant.age);
          continue;
        }
      g_array_append_val (present, occupant);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read who lives in the room"));
  return TRUE;
}

/* The hard rules of a bed for a person over a period [@from, @until)
 * (@until NULL: open-ended): the bed is free all of it, and the room's
 * rules admit the person with everyone who sleeps there on any night of
 * it. Another person's reservation of the bed is refused by name, unless
 * @flags cancel it: its number is then added to @cancel, for the caller
 * to cancel in the same transaction. */
gboolean
_ea_housing_check_rules (EaStore      *store,
                         PersonInfo   *person,
                         BedInfo      *bed,
                         const char   *from,
                         const char   *until,
                         EaPlaceFlags  flags,
                         GArray       *cancel,
                         GError      **error)
{
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (EaRuleOccupant));
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GStringChunk) genders = g_string_chunk_new (64);
  const char *end = until != NULL ? until : "9999-12-31";
  EaRuleApplicant applicant = person->facts;
  EaRuleRoom room;

  applicant.age = ea_partial_date_age (person->birth_date, from);
  applicant.shared_room_confirmed = (flags & EA_PLACE_CONFIRM_SHARED_ROOM) != 0;
  if (!_ea_rules_check_person (&applicant, error))
    return FALSE;
  if (bed->closed)
    return ea_error_set (error, EA_ERROR_RULE, _("Bed %s in room %s is no longer in use."),
                         bed->bed_label, bed->room_name);
  if (!check_bed_free (store, person, bed, from, end, flags, cancel, error))
    return FALSE;
  if (!read_room_occupants (store, person, bed, from, end, cancel, present, intervals,
                            genders, error))
    return FALSE;

  room = (EaRuleRoom) {
    .name = bed->room_name,
    .rule = bed->rule,
    .area = bed->area,
    .capacity = bed->capacity,
    .barrier_free = bed->barrier_free,
    .unit_name = bed->unit_name,
    .unit_reserved_for = bed->reserved_for,
    .occupants = &g_array_index (present, EaRuleOccupant, 0),
    .n_occupants = present->len,
    .most_at_once = most_at_once (intervals, ea_date_to_day (from),
                                  until != NULL ? ea_date_to_day (until) : 0),
  };
  return _ea_rules_check_room (&applicant, &room, _ea_housing_min_area (store), NULL, error);
}

/* Cancels, audited, the reservations @_ea_housing_check_rules was told to cancel. */
gboolean
_ea_housing_cancel_reservations (EaSession  *session,
                                 GArray     *cancel,
                                 GError    **error)
{
  EaStore *store = ea_session_get_store (session);

  for (guint i = 0; i < cancel->len; i++)
    {
      gint64 id = g_array_index (cancel, gint64, i);
      gint64 person = _ea_store_query_int (store, _ea_housing_sql.reservation_person, "i", id);

      if (!_ea_store_exec_bound (store, _ea_housing_sql.cancel_other_reservation, error, "i",
                                 id) ||
          !_ea_audit_record (session, &(EaAuditRecord) { .action = "cancel-reservation",
                                                         .object_type = "reservation",
                                                         .object_id = id,
                                                         .person_id = person }, error))
        return FALSE;
    }
  return TRUE;
}

/* The minimum area per person from the settings: for a person moving in
 * and for a room's planned capacity alike. */
gboolean
_ea_housing_check_area (EaStore     *store,
                        const char  *room_name,
                        double       area,
                        int          persons,
                        GError     **error)
{
  return _ea_rules_check_area (room_name, area, persons, _ea_housing_min_area (store), error);
}

/* The stay that covers @date, or the open one. */
gint64
_ea_housing_find_stay (EaStore     *store,
                       gint64       person_id,
                       const char  *date,
                       char       **from_date,
                       gint64      *bed_id)
{
  g_autoptr(EaStmt) stmt = NULL;

  stmt = _ea_store_prepare (store, _ea_housing_sql.person_stay_on, NULL);
  if (stmt == NULL)
    return 0;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  _ea_stmt_bind_text (stmt, 2, date);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return 0;
  if (from_date != NULL)
    *from_date = _ea_housing_dup_text (stmt, 1);
  if (bed_id != NULL)
    *bed_id = _ea_stmt_column_int64 (stmt, 2);
  return _ea_stmt_column_int64 (stmt, 0);
}

gint64
_ea_housing_bed_facility (EaStore *store,
                          gint64   bed_id)
{
  return _ea_store_lookup_id (store, _ea_housing_sql.facility_of_bed, bed_id);
}

/* A shared bedroom that a person of gender d or x wishes is set aside
 * only by a user's confirmation; the audit log keeps who confirmed it. */
gboolean
_ea_housing_audit_confirmed (EaSession     *session,
                             EaPlaceFlags   flags,
                             const char    *object_type,
                             gint64         object_id,
                             gint64         person_id,
                             const char    *day,
                             GError       **error)
{
  if (!(flags & EA_PLACE_CONFIRM_SHARED_ROOM))
    return TRUE;
  return _ea_audit_record (session, &(EaAuditRecord) { .action = "confirm-shared-room",
                                                       .object_type = object_type,
                                                       .object_id = object_id,
                                                       .person_id = person_id,
                                                       .detail = day }, error);
}

gint64
_ea_housing_insert_stay (EaSession   *session,
                         gint64       person_id,
                         gint64       bed_id,
                         const char  *date,
                         GError     **error)
{
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();

  if (!_ea_store_exec_bound (store, _ea_housing_sql.insert_stay, error, "iissi", person_id, bed_id,
                             date, now, ea_session_get_user_id (session)))
    return 0;
  return _ea_store_last_insert_id (store);
}

/* At check-in, the person's reservation for this bed is fulfilled; one for
 * another bed is released. */
gboolean
_ea_housing_settle_reservations (EaStore     *store,
                                 gint64       person_id,
                                 gint64       bed_id,
                                 gint64       stay_id,
                                 GError     **error)
{
  return _ea_store_exec_bound (store, _ea_housing_sql.settle_reservations, error, "iii", person_id,
                               bed_id, stay_id);
}
