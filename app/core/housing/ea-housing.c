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
#include "ea-rules-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

/* The housing manager's daily work: check-in, check-out, move, reserve,
 * block. Every change is one transaction that keeps the full history, and
 * every refusal names the rule that was broken. The database refuses
 * overlapping stays by itself; the rules here come first so the clerk
 * reads which rule, not a constraint. */

typedef struct
{
  gint64  bed_id;
  char   *bed_label;
  gint64  room_id;
  char   *room_name;
  char   *rule;
  double  area;
  int     capacity;
  gboolean barrier_free;
  char   *unit_name;
  char   *reserved_for;
  gint64  facility_id;
  gboolean closed;
} BedInfo;

typedef struct
{
  EaRuleApplicant facts;  /* its gender is ours, its age is the day's */
  char   *gender;
  char   *birth_date;
} PersonInfo;

static void
bed_info_clear (BedInfo *bed)
{
  g_clear_pointer (&bed->bed_label, g_free);
  g_clear_pointer (&bed->room_name, g_free);
  g_clear_pointer (&bed->rule, g_free);
  g_clear_pointer (&bed->unit_name, g_free);
  g_clear_pointer (&bed->reserved_for, g_free);
}

static void
person_info_clear (PersonInfo *person)
{
  g_clear_pointer (&person->gender, g_free);
  g_clear_pointer (&person->birth_date, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BedInfo, bed_info_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PersonInfo, person_info_clear)

static void
plan_bed_free (EaPlanBed *bed)
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

static char *
dup_text (EaStmt *stmt,
          int           column)
{
  return g_strdup (_ea_stmt_column_text (stmt, column));
}

static char *
resolve_date (const char  *date,
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
static char *
resolve_past_date (const char  *date,
                   const char  *what,
                   GError     **error)
{
  g_autofree char *today = ea_clock_today ();
  g_autofree char *shown = NULL;
  g_autofree char *shown_today = NULL;
  char *iso = resolve_date (date, error);

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

static gboolean
load_bed (EaStore     *store,
          gint64       bed_id,
          const char  *date,
          BedInfo     *bed,
          GError     **error)
{
  g_autoptr(EaStoreStatement) stmt = NULL;

  stmt = _ea_store_statement (store,
                              "SELECT b.id, b.label, r.id, r.name, r.rule, r.area_m2, r.capacity, "
                              "  r.barrier_free, u.name, u.reserved_for, f.id, "
                              "  (b.closed_on IS NOT NULL AND b.closed_on <= ?2) "
                              "  OR (r.closed_on IS NOT NULL AND r.closed_on <= ?2) "
                              "  OR (u.closed_on IS NOT NULL AND u.closed_on <= ?2) "
                              "  OR (f.closed_on IS NOT NULL AND f.closed_on <= ?2) "
                              "FROM beds b JOIN rooms r ON r.id = b.room_id "
                              "JOIN units u ON u.id = r.unit_id "
                              "JOIN facilities f ON f.id = u.facility_id WHERE b.id = ?1",
                              error);
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
  bed->bed_label = dup_text (stmt, 1);
  bed->room_id = _ea_stmt_column_int64 (stmt, 2);
  bed->room_name = dup_text (stmt, 3);
  bed->rule = dup_text (stmt, 4);
  bed->area = _ea_stmt_column_double (stmt, 5);
  bed->capacity = _ea_stmt_column_int (stmt, 6);
  bed->barrier_free = _ea_stmt_column_int (stmt, 7);
  bed->unit_name = dup_text (stmt, 8);
  bed->reserved_for = dup_text (stmt, 9);
  bed->facility_id = _ea_stmt_column_int64 (stmt, 10);
  bed->closed = _ea_stmt_column_int (stmt, 11);
  return TRUE;
}

static gboolean
load_person (EaStore     *store,
             gint64       person_id,
             PersonInfo  *person,
             GError     **error)
{
  g_autoptr(EaStoreStatement) stmt = NULL;

  stmt = _ea_store_statement (store,
                              "SELECT p.gender, p.birth_date, " EA_RULE_FACTS_COLUMNS
                              " FROM " EA_RULE_FACTS_JOIN " WHERE p.id = ?",
                              error);
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
  person->gender = dup_text (stmt, 0);
  person->birth_date = dup_text (stmt, 1);
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

/* The hard rules of a bed for a person over a period [@from, @until)
 * (@until NULL: open-ended): the bed is free all of it, and the room's
 * rules admit the person with everyone who sleeps there on any night of
 * it. Another person's reservation of the bed is refused by name, unless
 * @flags cancel it: its number is then added to @cancel, for the caller
 * to cancel in the same transaction. */
static gboolean
check_rules (EaStore      *store,
             PersonInfo   *person,
             BedInfo      *bed,
             const char   *from,
             const char   *until,
             EaPlaceFlags  flags,
             GArray       *cancel,
             GError      **error)
{
  g_autoptr(EaStoreStatement) taken = NULL;
  g_autoptr(EaStoreStatement) occupants = NULL;
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (EaRuleOccupant));
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GStringChunk) genders = g_string_chunk_new (64);
  const char *end = until != NULL ? until : "9999-12-31";
  EaRuleApplicant applicant = person->facts;
  EaRuleRoom room;
  int rc;

  applicant.age = ea_partial_date_age (person->birth_date, from);
  applicant.shared_room_confirmed = (flags & EA_PLACE_CONFIRM_SHARED_ROOM) != 0;
  if (!_ea_rules_check_person (&applicant, error))
    return FALSE;
  if (bed->closed)
    return ea_error_set (error, EA_ERROR_RULE, _("Bed %s in room %s is no longer in use."),
                         bed->bed_label, bed->room_name);

  /* Blocked, occupied or held for someone else on a night of the period. */
  taken = _ea_store_statement (store,
                               "SELECT 1, k.from_date, NULL, 0 FROM bed_blocks k "
                               "  WHERE k.bed_id = ?1 AND k.from_date < ?4 "
                               "  AND (k.until_date IS NULL OR k.until_date > ?2) "
                               "UNION ALL SELECT 2, s.from_date, NULL, 0 FROM stays s "
                               "  WHERE s.bed_id = ?1 AND s.person_id <> ?3 AND s.from_date < ?4 "
                               "  AND (s.until_date IS NULL OR s.until_date > ?2) "
                               "UNION ALL SELECT 3, v.from_date, "
                               "  p.family_name || coalesce (', ' || p.given_names, ''), v.id "
                               "  FROM reservations v JOIN persons p ON p.id = v.person_id "
                               "  WHERE v.bed_id = ?1 AND v.person_id <> ?3 AND v.state = 'active' "
                               "  AND v.from_date < ?4 "
                               "  AND (v.until_date IS NULL OR v.until_date > ?2) "
                               "ORDER BY 1, 2",
                               error);
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

  /* Who else sleeps in the room on a night of the period: staying there,
   * or with a bed reserved there (but for reservations being cancelled).
   * The room's beds are named in each part, so that SQLite reads only
   * them and not every stay of the district. */
  occupants = _ea_store_statement (store,
                                   "SELECT x.person_id, coalesce (m.household_id, 0), "
                                   "  EXISTS (SELECT 1 FROM keep_apart k WHERE "
                                   "    (k.person_a = x.person_id AND k.person_b = ?3) OR "
                                   "    (k.person_b = x.person_id AND k.person_a = ?3)), "
                                   "  p.gender, p.birth_date, x.from_date, x.until_date, x.kind "
                                   "FROM (SELECT s.person_id, s.bed_id, s.from_date, s.until_date, "
                                   "        0 AS kind, 0 AS id FROM stays s "
                                   "        WHERE s.bed_id IN (SELECT id FROM beds "
                                   "                           WHERE room_id = ?1) "
                                   "      UNION ALL SELECT v.person_id, v.bed_id, v.from_date, "
                                   "        v.until_date, 1, v.id FROM reservations v "
                                   "        WHERE v.state = 'active' "
                                   "        AND v.bed_id IN (SELECT id FROM beds "
                                   "                         WHERE room_id = ?1)) x "
                                   "JOIN persons p ON p.id = x.person_id "
                                   "LEFT JOIN household_members m ON m.person_id = x.person_id "
                                   "WHERE x.person_id <> ?3 AND x.from_date < ?4 "
                                   "  AND (x.until_date IS NULL OR x.until_date > ?2) "
                                   "  AND NOT (x.kind = 1 AND x.id IN (SELECT value FROM "
                                   "           json_each (?5))) "
                                   "ORDER BY x.person_id, x.kind",
                                   error);
  if (occupants == NULL)
    return FALSE;
  {
    g_autoptr(GString) ids = g_string_new ("[");

    for (guint i = 0; i < cancel->len; i++)
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              g_array_index (cancel, gint64, i));
    g_string_append_c (ids, ']');
    _ea_stmt_bind_int64 (occupants, 1, bed->room_id);
    _ea_stmt_bind_text (occupants, 2, from);
    _ea_stmt_bind_int64 (occupants, 3, person->facts.person_id);
    _ea_stmt_bind_text (occupants, 4, end);
    _ea_stmt_bind_text_copy (occupants, 5, ids->str, -1);
  }
  while ((rc = _ea_stmt_step (occupants)) == EA_STMT_ROW)
    {
      gint64 other = _ea_stmt_column_int64 (occupants, 0);
      const char *gender = _ea_stmt_column_text (occupants, 3);
      guint32 a = ea_date_to_day (_ea_stmt_column_text (occupants, 5));
      guint32 b = _ea_stmt_column_is_null (occupants, 6)
                  ? 0 : ea_date_to_day (_ea_stmt_column_text (occupants, 6));
      EaRuleOccupant occupant = {
        .person_id = other,
        .household_id = _ea_stmt_column_int64 (occupants, 1),
        .keep_apart = _ea_stmt_column_int (occupants, 2) != 0,
        .gender = gender != NULL ? g_string_chunk_insert_const (genders, gender) : NULL,
        .age = ea_partial_date_age (_ea_stmt_column_text (occupants, 4), from),
      };

      g_array_append_val (intervals, a);
      g_array_append_val (intervals, b);
      /* A person with a stay and a reservation there is one roommate. */
      if (present->len > 0 &&
          g_array_index (present, EaRuleOccupant, present->len - 1).person_id == other)
        continue;
      g_array_append_val (present, occupant);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read who lives in the room"));

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

/* Cancels, audited, the reservations @check_rules was told to cancel. */
static gboolean
cancel_reservations (EaSession  *session,
                     GArray     *cancel,
                     GError    **error)
{
  EaStore *store = ea_session_get_store (session);

  for (guint i = 0; i < cancel->len; i++)
    {
      gint64 id = g_array_index (cancel, gint64, i);
      gint64 person = _ea_store_query_int (store, "SELECT person_id FROM reservations "
                                                  "WHERE id = ?1", "i", id);

      if (!_ea_store_exec_bound (store, "UPDATE reservations SET state = 'cancelled' "
                                 "WHERE id = ?1", error, "i", id) ||
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
static gint64
find_stay (EaStore     *store,
           gint64       person_id,
           const char  *date,
           char       **from_date,
           gint64      *bed_id)
{
  g_autoptr(EaStmt) stmt = NULL;

  stmt = _ea_store_prepare (store,
                            "SELECT id, from_date, bed_id FROM stays WHERE person_id = ?1 "
                            "AND from_date <= ?2 AND (until_date IS NULL OR until_date > ?2)",
                            NULL);
  if (stmt == NULL)
    return 0;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  _ea_stmt_bind_text (stmt, 2, date);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return 0;
  if (from_date != NULL)
    *from_date = dup_text (stmt, 1);
  if (bed_id != NULL)
    *bed_id = _ea_stmt_column_int64 (stmt, 2);
  return _ea_stmt_column_int64 (stmt, 0);
}

static gint64
bed_facility (EaStore *store,
              gint64   bed_id)
{
  return _ea_store_lookup_id (store, "SELECT u.facility_id FROM beds b JOIN rooms r "
                                     "ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                                     "WHERE b.id = ?", bed_id);
}

/* A shared bedroom that a person of gender d or x wishes is set aside
 * only by a user's confirmation; the audit log keeps who confirmed it. */
static gboolean
audit_confirmed (EaSession     *session,
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

static gint64
insert_stay (EaSession   *session,
             gint64       person_id,
             gint64       bed_id,
             const char  *date,
             GError     **error)
{
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();

  if (!_ea_store_exec_bound (store,
                   "INSERT INTO stays (person_id, bed_id, from_date, created_at, created_by) "
                   "VALUES (?, ?, ?, ?, ?)",
                   error, "iissi", person_id, bed_id, date, now,
                   ea_session_get_user_id (session)))
    return 0;
  return _ea_store_last_insert_id (store);
}

/* At check-in, the person's reservation for this bed is fulfilled; one for
 * another bed is released. */
static gboolean
settle_reservations (EaStore     *store,
                     gint64       person_id,
                     gint64       bed_id,
                     gint64       stay_id,
                     GError     **error)
{
  return _ea_store_exec_bound (store,
                     "UPDATE reservations SET state = CASE WHEN bed_id = ?2 THEN 'fulfilled' "
                     "  ELSE 'cancelled' END, stay_id = CASE WHEN bed_id = ?2 THEN ?3 END "
                     "WHERE person_id = ?1 AND state = 'active'",
                     error, "iii", person_id, bed_id, stay_id);
}

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
  stmt = _ea_store_prepare (store,
                            "SELECT id FROM persons WHERE (?1 > 0 AND id = ?1) OR platform_id = ?2 "
                            "OR azr_number = ?2",
                            error);
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

/**
 * ea_housing_check_in_full:
 * @flags: the rules the user sets aside on purpose
 *
 * ea_housing_check_in() with what the user confirmed.
 *
 * Returns: the new stay, or 0 with @error set
 */
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
         audit_confirmed (session, c->flags, object_type, c->id, c->person_id, c->day, error);
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
  g_auto(BedInfo) bed = { 0 };
  g_auto(PersonInfo) person = { 0 };
  g_autofree char *now = ea_clock_timestamp ();

  if (!load_person (store, c->person_id, &person, error) ||
      !load_bed (store, c->bed_id, c->day, &bed, error))
    return FALSE;
  if (find_stay (store, c->person_id, c->day, NULL, NULL) != 0)
    {
      g_autofree char *shown = ea_date_format (c->day);

      return ea_error_set (error, EA_ERROR_RULE,
                           _("The person already has a bed on %s; move the person instead."),
                           shown);
    }
  if (!check_rules (store, &person, &bed, c->day, NULL, c->flags, cancel, error) ||
      !cancel_reservations (session, cancel, error))
    return FALSE;

  c->id = insert_stay (session, c->person_id, c->bed_id, c->day, error);
  return c->id != 0 &&
         settle_reservations (store, c->person_id, c->bed_id, c->id, error) &&
         _ea_store_exec_bound (store,
                               "UPDATE persons SET status = 'present', "
                               "arrived_on = coalesce (arrived_on, ?2), left_on = NULL, "
                               "updated_at = ?3, updated_by = ?4 WHERE id = ?1",
                               error, "issi", c->person_id, c->day, now,
                               ea_session_get_user_id (session)) &&
         audit_placed (session, "check-in", "stay", c, error);
}

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

  facility = bed_facility (ea_session_get_store (session), bed_id);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, facility, error))
    return 0;
  if ((day = resolve_past_date (date, _("The check-in"), error)) == NULL)
    return 0;
  change.day = day;
  if (!_ea_change (session, EA_RIGHT_EDIT_STAYS, facility, check_in_change, &change, error))
    return 0;
  return change.id;
}

/**
 * ea_housing_check_out:
 * @date: (nullable): the day of departure (the stay ends before that night)
 *
 * Returns: the stay that ended, or 0 with @error set
 */
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
  return _ea_store_exec_bound (store, "UPDATE stays SET until_date = ?2 WHERE id = ?1", error,
                               "is", c->stay_id, c->day) &&
         _ea_store_exec_bound (store,
                               "UPDATE persons SET status = 'left', left_on = ?2, "
                               "updated_at = ?3, updated_by = ?4 WHERE id = ?1",
                               error, "issi", c->person_id, c->day, now,
                               ea_session_get_user_id (session));
}

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

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if ((day = resolve_past_date (date, _("The check-out"), error)) == NULL)
    return 0;
  store = ea_session_get_store (session);

  /* The stay that runs over the night before the departure. */
  {
    g_autofree char *night = ea_date_add_days (day, -1);
    stay_id = find_stay (store, person_id, night, &from, &bed_id);
  }
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), error))
    return 0;
  if (stay_id == 0)
    {
      shown = ea_date_format (day);
      ea_error_set (error, EA_ERROR_RULE, _("The person has no bed to leave on %s."), shown);
      return 0;
    }

  change = (Leaving) { .stay_id = stay_id, .person_id = person_id, .day = day };
  if (!_ea_change (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), check_out_change,
                   &change, error))
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

/**
 * ea_housing_move_full:
 * @flags: the rules the user sets aside on purpose
 *
 * ea_housing_move() with what the user confirmed. The new stay keeps the
 * planned day of moving out.
 *
 * Returns: the new stay, or 0 with @error naming the rule broken
 */
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
  if (!_ea_store_exec_bound (store, "UPDATE stays SET until_date = ?2 WHERE id = ?1", error,
                             "is", c->old_stay, c->day) ||
      !load_person (store, c->person_id, &person, error) ||
      !load_bed (store, c->bed_id, c->day, &bed, error) ||
      !check_rules (store, &person, &bed, c->day, NULL, c->flags, cancel, error) ||
      !cancel_reservations (session, cancel, error))
    return FALSE;

  c->id = insert_stay (session, c->person_id, c->bed_id, c->day, error);
  return c->id != 0 &&
         settle_reservations (store, c->person_id, c->bed_id, c->id, error) &&
         _ea_store_exec_bound (store, "UPDATE stays SET planned_until = (SELECT planned_until "
                               "FROM stays WHERE id = ?2) WHERE id = ?1", error, "ii", c->id,
                               c->old_stay) &&
         audit_placed (session, "move", "stay", c, error);
}

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

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if ((day = resolve_past_date (date, _("The move"), error)) == NULL)
    return 0;
  store = ea_session_get_store (session);
  old_stay = find_stay (store, person_id, day, &from, &old_bed);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), error) ||
      (old_bed != 0 &&
       !ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, old_bed), error)))
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
  if (!_ea_change (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), move_change,
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

/**
 * ea_housing_reserve_full:
 * @flags: the rules the user sets aside on purpose
 *
 * ea_housing_reserve() with what the user confirmed.
 *
 * Returns: the reservation's number, or 0 with @error set
 */
static gboolean
reserve_change (EaSession     *session,
                gpointer       data,
                EaAuditRecord *record,
                GError       **error)
{
  Placing *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autoptr(GArray) cancel = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(BedInfo) bed = { 0 };
  g_auto(PersonInfo) person = { 0 };
  g_autofree char *now = ea_clock_timestamp ();

  if (!load_person (store, c->person_id, &person, error) ||
      !load_bed (store, c->bed_id, c->day, &bed, error) ||
      !check_rules (store, &person, &bed, c->day, c->end, c->flags, cancel, error) ||
      !cancel_reservations (session, cancel, error) ||
      !_ea_store_exec_bound (store,
                   "UPDATE reservations SET state = 'cancelled' WHERE person_id = ? "
                   "AND state = 'active'",
                   error, "i", c->person_id) ||
      !_ea_store_exec_bound (store,
                   "INSERT INTO reservations (person_id, bed_id, from_date, until_date, "
                   "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                   error, "iisssi", c->person_id, c->bed_id, c->day, c->end, now,
                   ea_session_get_user_id (session)))
    return FALSE;
  c->id = _ea_store_last_insert_id (store);
  return audit_placed (session, "reserve", "reservation", c, error);
}

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

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  store = ea_session_get_store (session);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), error))
    return 0;
  if ((day = resolve_date (from, error)) == NULL)
    return 0;
  if (until != NULL)
    end = resolve_date (until, error);
  else
    {
      g_autoptr(EaStmt) planned = _ea_store_prepare (store,
                                                           "SELECT expected_on FROM persons "
                                                           "WHERE id = ?", NULL);
      const char *expected = NULL;

      if (planned != NULL)
        {
          _ea_stmt_bind_int64 (planned, 1, person_id);
          if (_ea_stmt_step (planned) == EA_STMT_ROW)
            expected = _ea_stmt_column_text (planned, 0);
        }
      end = expected != NULL && g_strcmp0 (expected, day) >= 0 ? ea_date_add_days (expected, 3)
                                                                : ea_date_add_days (day, 14);
    }
  if (end == NULL)
    return 0;
  if (g_strcmp0 (end, day) <= 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("A reservation must end after it begins."));
      return 0;
    }

  change.day = day;
  change.end = end;
  if (!_ea_change (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), reserve_change,
                   &change, error))
    return 0;
  return change.id;
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
  return _ea_store_exec_bound (ea_session_get_store (session),
                               "UPDATE stays SET planned_until = ?2 WHERE id = ?1", error, "is",
                               c->stay_id, c->day);
}

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

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  stay_id = find_stay (store, person_id, today, &from, &bed_id);
  if (!ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), error))
    return FALSE;
  if (stay_id == 0)
    return ea_error_set (error, EA_ERROR_RULE, _("The person has no bed today."));
  if (date != NULL)
    {
      if ((day = resolve_date (date, error)) == NULL)
        return FALSE;
      if (strcmp (day, today) <= 0)
        return ea_error_set (error, EA_ERROR_INVALID,
                             _("A planned day of moving out lies after today; for today, "
                               "check the person out."));
    }
  return _ea_change (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id),
                     plan_departure_change,
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
  return _ea_store_exec_bound (ea_session_get_store (session),
                               "UPDATE reservations SET state = 'cancelled' WHERE id = ?",
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
  stmt = _ea_store_prepare (store, "SELECT bed_id, person_id FROM reservations "
                                   "WHERE id = ? AND state = 'active'", error);
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
  return _ea_change (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id),
                     cancel_reservation_change,
                     &(Cancelling) { .reservation_id = reservation_id, .person_id = person_id },
                     error);
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

  if (!load_bed (store, c->bed_id, c->day, &bed, error))
    return FALSE;
  busy = _ea_store_prepare (store,
                            "SELECT 1 FROM stays WHERE bed_id = ?1 AND (until_date IS NULL OR "
                            "until_date > ?2) AND (?3 IS NULL OR from_date < ?3) "
                            "UNION ALL SELECT 2 FROM bed_blocks WHERE bed_id = ?1 AND "
                            "(until_date IS NULL OR until_date > ?2) AND (?3 IS NULL OR "
                            "from_date < ?3) LIMIT 1",
                            error);
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
  if (!_ea_store_exec_bound (store,
                   "INSERT INTO bed_blocks (bed_id, reason, note, from_date, until_date, "
                   "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   error, "isssssi", c->bed_id, c->reason, c->note, c->day, c->end, now,
                   ea_session_get_user_id (session)))
    return FALSE;
  c->id = _ea_store_last_insert_id (store);
  *record = (EaAuditRecord) { .action = "block", .object_type = "bed", .object_id = c->bed_id,
                              .detail = c->reason };
  return TRUE;
}

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
  Blocking change;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  store = ea_session_get_store (session);
  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, bed_facility (store, bed_id), error))
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
  if ((day = resolve_date (from, error)) == NULL)
    return 0;
  if (until != NULL && ((end = resolve_date (until, error)) == NULL))
    return 0;
  if (end != NULL && g_strcmp0 (end, day) <= 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("A bed must be blocked for at least one night."));
      return 0;
    }

  change = (Blocking) { .bed_id = bed_id, .reason = reason, .note = note, .day = day,
                        .end = end };
  if (!_ea_change (session, EA_RIGHT_MANAGE_HOUSING, bed_facility (store, bed_id),
                   block_change, &change, error))
    return 0;
  return change.id;
}

/**
 * ea_housing_unblock_bed:
 * @date: (nullable): the day the bed is back in use; %NULL for today
 */
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
  if (!_ea_store_exec_bound (store, "DELETE FROM bed_blocks WHERE bed_id = ?1 AND from_date >= ?2",
                             error, "is", c->bed_id, c->day))
    return FALSE;
  changed = _ea_store_changes (store);
  if (!_ea_store_exec_bound (store,
                   "UPDATE bed_blocks SET until_date = ?2 WHERE bed_id = ?1 AND from_date < ?2 "
                   "AND (until_date IS NULL OR until_date > ?2)",
                   error, "is", c->bed_id, c->day))
    return FALSE;
  changed += _ea_store_changes (store);
  if (changed == 0)
    return ea_error_set (error, EA_ERROR_RULE, _("The bed is not blocked."));
  *record = (EaAuditRecord) { .action = "unblock", .object_type = "bed", .object_id = c->bed_id,
                              .detail = c->day };
  return TRUE;
}

gboolean
ea_housing_unblock_bed (EaSession   *session,
                        gint64       bed_id,
                        const char  *date,
                        GError     **error)
{
  EaStore *store;
  g_autofree char *day = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, bed_facility (store, bed_id), error))
    return FALSE;
  if ((day = resolve_date (date, error)) == NULL)
    return FALSE;

  return _ea_change (session, EA_RIGHT_MANAGE_HOUSING, bed_facility (store, bed_id),
                     unblock_change, &(Blocking) { .bed_id = bed_id, .day = day }, error);
}

static gboolean
load_stay (EaStore     *store,
           gint64       stay_id,
           gint64      *person_id,
           gint64      *bed_id,
           char       **from,
           char       **until,
           GError     **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store,
                                                    "SELECT person_id, bed_id, from_date, "
                                                    "until_date "
                                                    "FROM stays WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, stay_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("There is no such stay."));
      return FALSE;
    }
  *person_id = _ea_stmt_column_int64 (stmt, 0);
  *bed_id = _ea_stmt_column_int64 (stmt, 1);
  *from = dup_text (stmt, 2);
  *until = dup_text (stmt, 3);
  return TRUE;
}

/* Undo is for the last action only: it is refused once the person has a
 * later stay. */
static gboolean
has_later_stay (EaStore    *store,
                gint64      person_id,
                const char *from)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store,
                                                    "SELECT 1 FROM stays WHERE person_id = ? "
                                                    "AND from_date > ?", NULL);

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
  const char *day;
} Undoing;

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
  return _ea_store_exec_bound (store, "UPDATE reservations SET state = 'active', "
                               "stay_id = NULL WHERE stay_id = ?", error, "i", c->stay_id) &&
         _ea_store_exec_bound (store, "DELETE FROM stays WHERE id = ?", error, "i",
                               c->stay_id) &&
         _ea_store_exec_bound (store,
                   "UPDATE persons SET status = CASE WHEN EXISTS (SELECT 1 FROM stays "
                   "  WHERE person_id = ?1) THEN 'left' ELSE 'expected' END, "
                   "arrived_on = (SELECT min(from_date) FROM stays WHERE person_id = ?1), "
                   "left_on = (SELECT max(until_date) FROM stays WHERE person_id = ?1) "
                   "WHERE id = ?1",
                   error, "i", c->person_id);
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
  return _ea_store_exec_bound (store, "UPDATE stays SET until_date = NULL WHERE id = ?", error,
                               "i", c->stay_id) &&
         _ea_store_exec_bound (store,
                               "UPDATE persons SET status = 'present', left_on = NULL "
                               "WHERE id = ?", error, "i", c->person_id);
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
  return _ea_store_exec_bound (store, "DELETE FROM stays WHERE id = ?", error, "i",
                               c->stay_id) &&
         _ea_store_exec_bound (store, "UPDATE stays SET until_date = NULL WHERE id = ?", error,
                               "i", c->old_stay_id);
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
  gint64 person_id, bed_id;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  if (!load_stay (store, stay_id, &person_id, &bed_id, &from, &until, error) ||
      !ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), error))
    return FALSE;
  if (until != NULL || has_later_stay (store, person_id, from))
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("The check-in cannot be undone any more: the stay has changed since."));
      return FALSE;
    }

  return _ea_change (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id),
                     undo_check_in_change,
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
  gint64 person_id, bed_id;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  if (!load_stay (store, stay_id, &person_id, &bed_id, &from, &until, error) ||
      !ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), error))
    return FALSE;
  if (until == NULL || has_later_stay (store, person_id, from))
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("The check-out cannot be undone any more: the stay has changed since."));
      return FALSE;
    }

  if (!_ea_change (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id),
                   undo_check_out_change,
                   &(Undoing) { .stay_id = stay_id, .person_id = person_id, .day = until },
                   error))
    {
      /* The bed was taken meanwhile: the database refuses the overlap. */
      if (error != NULL && *error != NULL && (*error)->code == EA_ERROR_RULE)
        {
          g_clear_error (error);
          ea_error_set (error, EA_ERROR_RULE,
                        _("The check-out cannot be undone: the bed is taken meanwhile."));
        }
      return FALSE;
    }
  return TRUE;
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
  gint64 person_id, bed_id, old_person, old_bed;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  if (!load_stay (store, new_stay_id, &person_id, &bed_id, &from, &until, error) ||
      !load_stay (store, old_stay_id, &old_person, &old_bed, &old_from, &old_until, error) ||
      !ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id), error) ||
      !ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, old_bed), error))
    return FALSE;
  if (old_person != person_id || until != NULL || g_strcmp0 (old_until, from) != 0 ||
      has_later_stay (store, person_id, from))
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("The move cannot be undone any more: the stay has changed since."));
      return FALSE;
    }

  return _ea_change (session, EA_RIGHT_EDIT_STAYS, bed_facility (store, bed_id),
                     undo_move_change,
                     &(Undoing) { .stay_id = new_stay_id, .old_stay_id = old_stay_id,
                                  .person_id = person_id, .day = from },
                     error);
}

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
      (day = resolve_date (date, error)) == NULL)
    return EA_BED_FREE;
  stmt = _ea_store_prepare (store,
                            "SELECT CASE "
                            " WHEN EXISTS (SELECT 1 FROM stays WHERE bed_id = ?1 AND from_date <= "
                            "?2 "
                            "   AND (until_date IS NULL OR until_date > ?2)) THEN 1 "
                            " WHEN EXISTS (SELECT 1 FROM bed_blocks WHERE bed_id = ?1 "
                            "   AND from_date <= ?2 AND (until_date IS NULL OR until_date > ?2)) "
                            "   THEN 3 "
                            " WHEN EXISTS (SELECT 1 FROM reservations WHERE bed_id = ?1 "
                            "   AND state = 'active' AND from_date <= ?2 "
                            "   AND (until_date IS NULL OR until_date > ?2)) THEN 2 "
                            " ELSE 0 END",
                            error);
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
  stmt = _ea_store_prepare (store,
                            "SELECT o.person_id, p.family_name || coalesce (', ' || "
                            "p.given_names, ''), "
                            "  f.name, r.name, max (a.from_date, o.from_date), "
                            "  CASE WHEN a.until_date IS NULL THEN o.until_date "
                            "       WHEN o.until_date IS NULL THEN a.until_date "
                            "       ELSE min (a.until_date, o.until_date) END "
                            "FROM stays a JOIN beds ab ON ab.id = a.bed_id "
                            "JOIN beds ob ON ob.room_id = ab.room_id "
                            "JOIN stays o ON o.bed_id = ob.id AND o.person_id <> a.person_id "
                            "JOIN persons p ON p.id = o.person_id "
                            "JOIN rooms r ON r.id = ab.room_id JOIN units u ON u.id = r.unit_id "
                            "JOIN facilities f ON f.id = u.facility_id "
                            "WHERE a.person_id = ?1 "
                            "  AND o.from_date < coalesce (a.until_date, '9999-12-31') "
                            "  AND coalesce (o.until_date, '9999-12-31') > a.from_date "
                            "ORDER BY 5 DESC, 2",
                            error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_roommate_free);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      EaRoommate *mate = g_new0 (EaRoommate, 1);

      mate->person_id = _ea_stmt_column_int64 (stmt, 0);
      mate->name = dup_text (stmt, 1);
      mate->facility = dup_text (stmt, 2);
      mate->room = dup_text (stmt, 3);
      mate->from = dup_text (stmt, 4);
      mate->until = dup_text (stmt, 5);
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
  return EA_PLACE_DEFAULT;
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
  g_autoptr(EaStmt) name = NULL;
  g_autoptr(GPtrArray) rooms = NULL;
  g_autofree char *day = NULL;
  g_autofree char *today = ea_clock_today ();
  EaPlanRoom *room = NULL;
  EaStore *store;
  gboolean names;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, 0, error) ||
      (day = resolve_date (date, error)) == NULL)
    return NULL;
  /* Names only for who may see the persons of this facility: a social
   * worker limited to other facilities sees the beds, not who is in them. */
  names = ea_session_check (session, EA_RIGHT_VIEW_PERSONS, facility_id, NULL);
  store = ea_session_get_store (session);

  name = _ea_store_prepare (store, "SELECT name FROM facilities WHERE id = ?", error);
  if (name == NULL)
    return NULL;
  _ea_stmt_bind_int64 (name, 1, facility_id);
  if (_ea_stmt_step (name) != EA_STMT_ROW)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, facility_id);

      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                   _("There is no facility with the number %s."), number);
      return NULL;
    }
  if (facility_name != NULL)
    *facility_name = dup_text (name, 0);
  _ea_stmt_reset (name);
  /* Who sleeps where is personal data: every plan with names is a read in
   * the audit log, as its printed list is. */
  if (names && !_ea_audit_record (session, &(EaAuditRecord) { .action = "read-room-plan",
                                                              .object_type = "facility",
                                                              .object_id = facility_id,
                                                              .detail = day }, error))
    return NULL;

  stmt = _ea_store_prepare (store,
                            "SELECT r.id, u.name, u.reserved_for, r.floor, r.name, r.rule, "
                            "  r.area_m2, r.capacity, r.barrier_free, b.id, b.label, "
                            "  s.person_id, s.from_date, k.reason, k.until_date, v.person_id, "
                            "  p.family_name || coalesce (', ' || p.given_names, ''), v.id, u.id, "
                            "  w.from_date, q.family_name || coalesce (', ' || q.given_names, ''), "
                            "  CASE WHEN s.until_date IS NULL THEN s.planned_until END "
                            "FROM units u JOIN rooms r ON r.unit_id = u.id "
                            "JOIN beds b ON b.room_id = r.id "
                            /* A day to come counts planned departures (still to
                             * come today) as done, as the occupancy list does. */
                            "LEFT JOIN stays s ON s.bed_id = b.id AND s.from_date <= ?2 "
                            "  AND coalesce (s.until_date, CASE WHEN s.planned_until > ?3 "
                            "    THEN s.planned_until END, '9999-12-31') > ?2 "
                            "LEFT JOIN bed_blocks k ON k.bed_id = b.id AND k.from_date <= ?2 "
                            "  AND (k.until_date IS NULL OR k.until_date > ?2) "
                            "LEFT JOIN reservations v ON v.bed_id = b.id AND v.state = 'active' "
                            "  AND v.from_date <= ?2 AND (v.until_date IS NULL OR v.until_date > "
                            "?2) "
                            "LEFT JOIN persons p ON p.id = coalesce (s.person_id, v.person_id) "
                            /* The first hold from a later day. */
                            "LEFT JOIN reservations w ON w.id = (SELECT x.id FROM reservations x "
                            "  WHERE x.bed_id = b.id AND x.state = 'active' AND x.from_date > ?2 "
                            "  ORDER BY x.from_date LIMIT 1) "
                            "LEFT JOIN persons q ON q.id = w.person_id "
                            "WHERE u.facility_id = ?1 "
                            "  AND (u.closed_on IS NULL OR u.closed_on > ?2) "
                            "  AND (r.closed_on IS NULL OR r.closed_on > ?2) "
                            "  AND (b.closed_on IS NULL OR b.closed_on > ?2) "
                            "ORDER BY r.floor, u.name, r.name, b.label",
                            error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, facility_id);
  _ea_stmt_bind_text (stmt, 2, day);
  _ea_stmt_bind_text (stmt, 3, today);

  rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_plan_room_free);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      EaPlanBed *bed = g_new0 (EaPlanBed, 1);
      gint64 room_id = _ea_stmt_column_int64 (stmt, 0);

      if (room == NULL || room->room_id != room_id)
        {
          room = g_new0 (EaPlanRoom, 1);
          room->room_id = room_id;
          room->unit_id = _ea_stmt_column_int64 (stmt, 18);
          room->unit = dup_text (stmt, 1);
          room->unit_reserved_for = dup_text (stmt, 2);
          room->floor = _ea_stmt_column_int (stmt, 3);
          room->name = dup_text (stmt, 4);
          room->rule = dup_text (stmt, 5);
          room->area = _ea_stmt_column_double (stmt, 6);
          room->capacity = _ea_stmt_column_int (stmt, 7);
          room->barrier_free = _ea_stmt_column_int (stmt, 8);
          room->beds = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_bed_free);
          g_ptr_array_add (rooms, room);
        }

      bed->bed_id = _ea_stmt_column_int64 (stmt, 9);
      bed->label = dup_text (stmt, 10);
      if (!_ea_stmt_column_is_null (stmt, 11))
        {
          bed->status = EA_BED_OCCUPIED;
          bed->person_id = _ea_stmt_column_int64 (stmt, 11);
          bed->since = dup_text (stmt, 12);
        }
      else if (!_ea_stmt_column_is_null (stmt, 13))
        bed->status = EA_BED_BLOCKED;
      else if (!_ea_stmt_column_is_null (stmt, 15))
        {
          bed->status = EA_BED_RESERVED;
          bed->person_id = _ea_stmt_column_int64 (stmt, 15);
          bed->reservation_id = _ea_stmt_column_int64 (stmt, 17);
        }
      bed->block_reason = dup_text (stmt, 13);
      bed->block_until = dup_text (stmt, 14);
      bed->reserved_from = dup_text (stmt, 19);
      bed->planned_until = dup_text (stmt, 21);
      /* A reader sees the status of a bed, never who is in it. */
      if (!names)
        bed->person_id = 0;
      else
        {
          if (bed->person_id != 0)
            bed->person_name = dup_text (stmt, 16);
          if (bed->reserved_from != NULL)
            bed->reserved_name = dup_text (stmt, 20);
        }
      g_ptr_array_add (room->beds, bed);
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
      (day = resolve_date (date, error)) == NULL)
    return NULL;
  stmt = _ea_store_prepare (ea_session_get_store (session),
                            "SELECT b.id FROM beds b JOIN rooms r ON r.id = b.room_id "
                            "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = "
                            "u.facility_id "
                            "WHERE (?2 = 0 OR u.facility_id = ?2) AND (?3 = 0 OR u.id = ?3) "
                            "  AND (?4 IS NULL OR r.rule = ?4) "
                            "  AND (b.closed_on IS NULL OR b.closed_on > ?1) "
                            "  AND (r.closed_on IS NULL OR r.closed_on > ?1) "
                            "  AND (u.closed_on IS NULL OR u.closed_on > ?1) "
                            "  AND (f.closed_on IS NULL OR f.closed_on > ?1) "
                            "  AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id "
                            "    AND s.from_date <= ?1 AND (s.until_date IS NULL OR s.until_date "
                            "> ?1)) "
                            "  AND NOT EXISTS (SELECT 1 FROM bed_blocks k WHERE k.bed_id = b.id "
                            "    AND k.from_date <= ?1 AND (k.until_date IS NULL OR k.until_date "
                            "> ?1)) "
                            "  AND NOT EXISTS (SELECT 1 FROM reservations v WHERE v.bed_id = b.id "
                            "    AND v.state = 'active' AND v.from_date <= ?1 "
                            "    AND (v.until_date IS NULL OR v.until_date > ?1)) "
                            "ORDER BY f.name, r.floor, u.name, r.name, b.label",
                            error);
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
