/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-housing-edit"

#include "config.h"

#include "ea-housing-edit.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-housing-private.h"
#include "ea-housing-sql-private.h"
#include "ea-text.h"

/* Facilities, units, rooms and beds: created, edited and closed by the
 * housing management. A change must fit the people who live there today:
 * a room cannot shrink below its occupants or become a women's room with
 * men in it. Closing keeps the history; nothing is deleted. */

/* Whole sentences per kind: German articles differ (die Unterkunft, der
 * Bereich, der Raum). */
static gboolean
check_name (const char  *name,
            const char  *missing,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));

  if (trimmed[0] == '\0')
    return ea_error_set (error, EA_ERROR_INVALID, "%s", missing);
  if (g_utf8_strlen (name, -1) > 100)
    return ea_error_set (error, EA_ERROR_INVALID, _("A name may have at most 100 characters."));
  return TRUE;
}

static gboolean
one_of (const char  *value,
        const char  *const *allowed)
{
  for (guint i = 0; allowed[i] != NULL; i++)
    if (g_strcmp0 (value, allowed[i]) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  EaStmt     *stmt;
  const char *action;
  const char *object_type;
  gint64      object_id;   /* what is changed, or 0 for what the INSERT makes */
  gint64      id;
} OneWrite;

static gboolean
write_one_change (EaSession     *session,
                  gpointer       data,
                  EaAuditRecord *record,
                  GError       **error)
{
  OneWrite *c = data;
  EaStore *store = ea_session_get_store (session);

  _ea_stmt_reset (c->stmt);
  if (_ea_stmt_step (c->stmt) != EA_STMT_DONE)
    {
      if (_ea_store_failed_on_constraint (store))
        return ea_error_set (error, EA_ERROR_EXISTS, _("There is one of that name here already."));
      return _ea_store_set_error (store, error, _("Cannot save the change"));
    }
  c->id = c->object_id > 0 ? c->object_id : _ea_store_last_insert_id (store);
  *record = (EaAuditRecord) { .action = c->action, .object_type = c->object_type,
                              .object_id = c->id };
  return TRUE;
}

/* Runs one statement with its parameters (see _ea_store_bind_values()),
 * audits it, and commits; all or nothing. The caller has checked the
 * right for the facility. */
static gint64
write_one (EaSession   *session,
           const char  *sql,
           const char  *action,
           const char  *object_type,
           gint64       object_id,
           GError     **error,
           const char  *types,
           ...)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (ea_session_get_store (session), sql, error);
  OneWrite change = { .action = action, .object_type = object_type, .object_id = object_id };
  va_list args;

  if (stmt == NULL)
    return 0;
  va_start (args, types);
  _ea_store_bind_values (stmt, types, args);
  va_end (args);
  change.stmt = stmt;
  if (!_ea_change (session, EA_RIGHT_MANAGE_HOUSING, 0, write_one_change, &change, error))
    return 0;
  return change.id;
}

static const char *const kinds[] = { "communal", "flat", "other", NULL };
static const char *const reservations[] = { "none", "women", "families", NULL };
static const char *const rules[] = { "men", "women", "family", "any", NULL };

gint64
ea_housing_create_facility (EaSession   *session,
                            const char  *name,
                            const char  *kind,
                            const char  *street,
                            const char  *postcode,
                            const char  *place,
                            GError     **error)
{
  g_autofree char *now = ea_clock_timestamp ();
  g_autofree char *today = ea_clock_today ();

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, 0, error) ||
      !check_name (name, _("The facility needs a name."), error))
    return 0;
  if (!one_of (kind, kinds))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("“%s” is not a kind of facility; use communal, flat or other."),
                         kind ? kind : ""), 0;
  return write_one (session, _ea_housing_sql.insert_facility,
                    "create", "facility", 0, error, "sssssssi", name, kind, street, postcode,
                    place, today, now, ea_session_get_user_id (session));
}

gboolean
ea_housing_update_facility (EaSession   *session,
                            gint64       facility_id,
                            const char  *name,
                            const char  *kind,
                            const char  *street,
                            const char  *postcode,
                            const char  *place,
                            GError     **error)
{
  g_autofree char *now = ea_clock_timestamp ();

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, facility_id, error) ||
      !check_name (name, _("The facility needs a name."), error))
    return FALSE;
  if (!one_of (kind, kinds))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("“%s” is not a kind of facility; use communal, flat or other."),
                         kind ? kind : "");
  return write_one (session, _ea_housing_sql.update_facility,
                    "update", "facility", facility_id, error, "ssssssii", name, kind, street,
                    postcode, place, now, ea_session_get_user_id (session), facility_id) != 0;
}

/* Who sleeps in a unit or room today or later (staying, or holding a bed
 * by a reservation), with what would break the area's reservation or the
 * room's rule; @n_occupants counts those there tonight. */
static gboolean
occupants_allow (EaStore     *store,
                 const char  *sql,      /* unit_ or room_occupants_on */
                 gint64       id,
                 const char  *reserved_for,
                 const char  *rule,
                 int         *n_occupants,
                 char       **problem)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, NULL);
  g_autofree char *today = ea_clock_today ();
  gint64 household = 0;
  int n = 0;

  *problem = NULL;
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, id);
  _ea_stmt_bind_text (stmt, 2, today);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      const char *gender = _ea_stmt_column_text (stmt, 0);
      int age = ea_partial_date_age (_ea_stmt_column_text (stmt, 1), today);
      gint64 this_household = _ea_stmt_column_int64 (stmt, 2);

      n += _ea_stmt_column_int (stmt, 5);
      if (g_strcmp0 (rule, "men") == 0 && g_strcmp0 (gender, "m") != 0)
        *problem = g_strdup (_("persons who are not men live in it or hold a bed in it"));
      else if (g_strcmp0 (rule, "women") == 0 && g_strcmp0 (gender, "w") != 0)
        *problem = g_strdup (_("persons who are not women live in it or hold a bed in it"));
      else if (g_strcmp0 (rule, "family") == 0 && household != 0 && household != this_household)
        *problem = g_strdup (_("more than one household lives in it or holds a bed in it"));
      else if (g_strcmp0 (reserved_for, "women") == 0 && g_strcmp0 (gender, "w") != 0 &&
               !(age >= 0 && age < 18 && _ea_stmt_column_int (stmt, 4)))
        *problem = g_strdup (_("persons who are not women live in it or hold a bed in it"));
      else if (g_strcmp0 (reserved_for, "families") == 0 && _ea_stmt_column_int (stmt, 3) < 2)
        *problem = g_strdup (_("persons without their family live in it or hold a bed in it"));
      household = this_household;
      if (*problem != NULL)
        break;
    }
  if (n_occupants != NULL)
    *n_occupants = n;
  return TRUE;
}

gint64
ea_housing_create_unit (EaSession   *session,
                        gint64       facility_id,
                        const char  *name,
                        const char  *reserved_for,
                        GError     **error)
{
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, facility_id, error) ||
      !check_name (name, _("The area needs a name."), error))
    return 0;
  if (!one_of (reserved_for, reservations))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("An area is reserved for none, women or families.")), 0;
  store = ea_session_get_store (session);
  if (_ea_store_lookup_id (store, _ea_housing_sql.find_facility, facility_id) == 0)
    return ea_error_set (error, EA_ERROR_INVALID, _("There is no such facility.")), 0;
  return write_one (session, _ea_housing_sql.insert_unit,
                    "create", "unit", 0, error, "iss", facility_id, name, reserved_for);
}

gboolean
ea_housing_update_unit (EaSession   *session,
                        gint64       unit_id,
                        const char  *name,
                        const char  *reserved_for,
                        GError     **error)
{
  EaStore *store;
  g_autofree char *problem = NULL;
  gint64 facility;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  store = ea_session_get_store (session);
  facility = _ea_store_lookup_id (store, _ea_housing_sql.facility_of_unit, unit_id);
  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, facility, error) ||
      !check_name (name, _("The area needs a name."), error))
    return FALSE;
  if (facility == 0)
    return ea_error_set (error, EA_ERROR_INVALID, _("There is no such area."));
  if (!one_of (reserved_for, reservations))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("An area is reserved for none, women or families."));
  if (!occupants_allow (store, _ea_housing_sql.unit_occupants_on, unit_id, reserved_for, NULL,
                        NULL, &problem))
    return _ea_store_set_error (store, error, _("Cannot check the area"));
  if (problem != NULL)
    return ea_error_set (error, EA_ERROR_RULE,
                         _("Area %s cannot be reserved like this: %s."), name, problem);
  return write_one (session, _ea_housing_sql.update_unit,
                    "update", "unit", unit_id, error, "ssi", name, reserved_for, unit_id) != 0;
}

static gboolean
check_room_spec (EaStore           *store,
                 const EaRoomSpec  *spec,
                 GError           **error)
{
  if (!check_name (spec->name, _("The room needs a name."), error))
    return FALSE;
  if (!(spec->area > 0 && spec->area <= 1000))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("The area of room %s must be between 0 and 1000 m²."), spec->name);
  if (spec->capacity < 1 || spec->capacity > 50)
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("Room %s must have between 1 and 50 places."), spec->name);
  if (!one_of (spec->rule, rules))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("A room is for men, women, one family or anyone."));
  /* The planned capacity must keep the minimum area per person. */
  return _ea_housing_check_area (store, spec->name, spec->area, spec->capacity, error);
}

/**
 * _ea_housing_create_room_with_beds:
 * @labels: (nullable): the beds' labels; %NULL for one bed a place (A, B,
 *   C, …)
 *
 * Creates the room with its beds; a bed more than the room has places is
 * refused as ea_housing_add_bed() refuses it.
 */
gint64
_ea_housing_create_room_with_beds (EaSession         *session,
                                   gint64             unit_id,
                                   const EaRoomSpec  *spec,
                                   const char *const *labels,
                                   GError           **error)
{
  EaStore *store;
  gint64 facility, room_id;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);
  g_return_val_if_fail (spec != NULL, 0);

  store = ea_session_get_store (session);
  facility = _ea_store_lookup_id (store, _ea_housing_sql.facility_of_unit, unit_id);
  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, facility, error))
    return 0;
  if (facility == 0)
    return ea_error_set (error, EA_ERROR_INVALID, _("There is no such area.")), 0;
  if (!check_room_spec (store, spec, error))
    return 0;

  room_id = write_one (session, _ea_housing_sql.insert_room,
                       "create", "room", 0, error, "isidisi", unit_id, spec->name,
                       (gint64) spec->floor, spec->area, (gint64) spec->capacity, spec->rule,
                       (gint64) spec->barrier_free);
  if (labels != NULL)
    {
      for (guint i = 0; room_id != 0 && labels[i] != NULL; i++)
        if (_ea_housing_add_bed_labelled (session, room_id, labels[i], error) == 0)
          return 0;
      return room_id;
    }
  for (int i = 0; room_id != 0 && i < spec->capacity; i++)
    if (ea_housing_add_bed (session, room_id, error) == 0)
      return 0;
  return room_id;
}

/**
 * ea_housing_create_room:
 *
 * Creates the room with one bed for each place (A, B, C, …).
 */
gint64
ea_housing_create_room (EaSession         *session,
                        gint64             unit_id,
                        const EaRoomSpec  *spec,
                        GError           **error)
{
  return _ea_housing_create_room_with_beds (session, unit_id, spec, NULL, error);
}

gboolean
ea_housing_update_room (EaSession         *session,
                        gint64             room_id,
                        const EaRoomSpec  *spec,
                        GError           **error)
{
  EaStore *store;
  g_autofree char *problem = NULL;
  gint64 facility;
  int occupants = 0;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  store = ea_session_get_store (session);
  facility = _ea_store_lookup_id (store, _ea_housing_sql.facility_of_room, room_id);
  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, facility, error))
    return FALSE;
  if (facility == 0)
    return ea_error_set (error, EA_ERROR_INVALID, _("There is no such room."));
  if (!check_room_spec (store, spec, error))
    return FALSE;
  if (!occupants_allow (store, _ea_housing_sql.room_occupants_on, room_id, NULL, spec->rule,
                        &occupants, &problem))
    return _ea_store_set_error (store, error, _("Cannot check the room"));
  if (problem != NULL)
    return ea_error_set (error, EA_ERROR_RULE,
                         _("Room %s cannot be changed like this: %s."), spec->name, problem);
  if (occupants > spec->capacity)
    return ea_error_set (error, EA_ERROR_RULE,
                         _("Room %s has %d occupants today; it cannot have fewer places."),
                         spec->name, occupants);
  return write_one (session, _ea_housing_sql.update_room,
                    "update", "room", room_id, error, "sidisii", spec->name,
                    (gint64) spec->floor, spec->area, (gint64) spec->capacity, spec->rule,
                    (gint64) spec->barrier_free, room_id) != 0;
}

/**
 * _ea_housing_add_bed_labelled:
 * @label: (nullable): the bed's label; %NULL for the next letter
 *
 * Adds a bed; a room has at most one bed a place, and a label once.
 */
gint64
_ea_housing_add_bed_labelled (EaSession   *session,
                              gint64       room_id,
                              const char  *label,
                              GError     **error)
{
  EaStore *store;
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *room_name = NULL;
  char next[8];
  gint64 facility;
  int beds, capacity;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  store = ea_session_get_store (session);
  facility = _ea_store_lookup_id (store, _ea_housing_sql.facility_of_room, room_id);
  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, facility, error))
    return 0;
  if (label != NULL && (label[0] == '\0' || g_utf8_strlen (label, -1) > 10))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("A bed's label has between 1 and 10 characters.")), 0;
  stmt = _ea_store_prepare (store, _ea_housing_sql.room_beds, error);
  if (stmt == NULL)
    return 0;
  _ea_stmt_bind_int64 (stmt, 1, room_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return ea_error_set (error, EA_ERROR_INVALID, _("There is no such room.")), 0;
  room_name = g_strdup (_ea_stmt_column_text (stmt, 0));
  capacity = _ea_stmt_column_int (stmt, 1);
  beds = _ea_stmt_column_int (stmt, 2);
  if (beds >= capacity)
    return ea_error_set (error, EA_ERROR_RULE,
                         _("Room %s has a bed for each of its %d places already."),
                         room_name, capacity), 0;
  /* Letters are never reused, so history stays unambiguous. */
  beds = _ea_stmt_column_int (stmt, 3);
  _ea_stmt_reset (stmt);
  if (label == NULL && beds < 26)
    g_snprintf (next, sizeof next, "%c", 'A' + beds);
  else if (label == NULL)
    g_snprintf (next, sizeof next, "%d", beds + 1);
  return write_one (session, _ea_housing_sql.insert_bed,
                    "create", "bed", 0, error, "is", room_id, label != NULL ? label : next);
}

/**
 * _ea_housing_check_room_beds:
 *
 * A room has at most one open bed a place: for a list that changes a
 * room's places and beds at once, where ea_housing_add_bed() alone does
 * not see a room whose places shrank below its beds.
 */
gboolean
_ea_housing_check_room_beds (EaSession  *session,
                             gint64      room_id,
                             GError    **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (ea_session_get_store (session),
                                              _ea_housing_sql.room_beds, error);
  int capacity, beds;

  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, room_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return ea_error_set (error, EA_ERROR_INVALID, _("There is no such room."));
  capacity = _ea_stmt_column_int (stmt, 1);
  beds = _ea_stmt_column_int (stmt, 2);
  if (beds > capacity)
    return ea_error_set (error, EA_ERROR_RULE, _("Room %s has %d places but %d beds."),
                         _ea_stmt_column_text (stmt, 0), capacity, beds);
  return TRUE;
}

/**
 * ea_housing_add_bed:
 *
 * Adds a bed with the next letter; a room has at most one bed a place.
 */
gint64
ea_housing_add_bed (EaSession   *session,
                    gint64       room_id,
                    GError     **error)
{
  return _ea_housing_add_bed_labelled (session, room_id, NULL, error);
}

/**
 * ea_housing_close:
 * @what: facility, unit, room or bed
 * @date: (nullable): from when it is out of use; %NULL for today
 *
 * Closes it for good, keeping its history; refused while anyone lives
 * there or a bed is reserved from that day on.
 */
gboolean
ea_housing_close (EaSession   *session,
                  const char  *what,
                  gint64       id,
                  const char  *date,
                  GError     **error)
{
  const struct { const char *what, *facility, *busy, *close; } kinds_of[] = {
    { "facility", _ea_housing_sql.find_facility, _ea_housing_sql.facility_in_use_from,
      _ea_housing_sql.close_facility },
    { "unit", _ea_housing_sql.facility_of_unit, _ea_housing_sql.unit_in_use_from,
      _ea_housing_sql.close_unit },
    { "room", _ea_housing_sql.facility_of_room, _ea_housing_sql.room_in_use_from,
      _ea_housing_sql.close_room },
    { "bed", _ea_housing_sql.facility_of_bed, _ea_housing_sql.bed_in_use_from,
      _ea_housing_sql.close_bed },
  };
  EaStore *store;
  g_autofree char *day = NULL;
  g_autoptr(EaStmt) busy = NULL;
  guint k;
  gint64 facility;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  for (k = 0; k < G_N_ELEMENTS (kinds_of); k++)
    if (g_strcmp0 (what, kinds_of[k].what) == 0)
      break;
  g_return_val_if_fail (k < G_N_ELEMENTS (kinds_of), FALSE);

  store = ea_session_get_store (session);
  facility = _ea_store_lookup_id (store, kinds_of[k].facility, id);
  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, facility, error))
    return FALSE;
  if (facility == 0)
    return ea_error_set (error, EA_ERROR_INVALID, _("There is nothing to close with that number."));
  day = date ? ea_date_parse_input (date) : ea_clock_today ();
  if (day == NULL)
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("“%s” is not a valid date; write it as YYYY-MM-DD or DD.MM.YYYY."),
                         date);

  busy = _ea_store_prepare (store, kinds_of[k].busy, error);
  if (busy == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (busy, 1, id);
  _ea_stmt_bind_text (busy, 2, day);
  if (_ea_stmt_step (busy) == EA_STMT_ROW)
    {
      g_autofree char *shown = ea_date_format (day);
      return ea_error_set (error, EA_ERROR_RULE,
                           _("It is still in use on or after %s: move the persons or cancel "
                           "the reservations first."), shown);
    }

  return write_one (session, kinds_of[k].close, "close", what, id, error, "si", day, id) != 0;
}

void
ea_unit_info_free (EaUnitInfo *unit)
{
  if (unit == NULL)
    return;
  g_free (unit->name);
  g_free (unit->reserved_for);
  g_free (unit);
}

/**
 * ea_housing_get_facility:
 * @name: (out) (optional): …and the other fields, each optional
 *
 * Reads a facility's fields for editing.
 */
gboolean
ea_housing_get_facility (EaSession   *session,
                         gint64       facility_id,
                         char       **name,
                         char       **kind,
                         char       **street,
                         char       **postcode,
                         char       **place,
                         GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  char **fields[] = { name, kind, street, postcode, place };

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, facility_id, error))
    return FALSE;
  stmt = _ea_store_prepare (ea_session_get_store (session), _ea_housing_sql.facility_fields,
                            error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, facility_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return ea_error_set (error, EA_ERROR_INVALID, _("There is no such facility."));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL)
      *fields[i] = g_strdup (_ea_stmt_column_text (stmt, (int) i));
  return TRUE;
}

/**
 * ea_housing_list_units:
 *
 * Returns: (transfer full) (element-type EaUnitInfo): the facility's open
 *   units, or %NULL with @error set
 */
/**
 * ea_housing_list_facilities:
 * @session: a session that may see the occupancy
 * @ids: (out) (transfer full) (element-type gint64): the open facilities
 * @names: (out) (transfer full): their names with their place, by name
 * @error: a #GError
 *
 * The facilities for choosing one (filters, account limits), without
 * counting their beds as the occupancy does.
 *
 * Returns: %FALSE on a refusal
 */
gboolean
ea_housing_list_facilities (EaSession  *session,
                            GArray    **ids,
                            GStrv      *names,
                            GError    **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, 0, error))
    return FALSE;
  stmt = _ea_store_prepare (ea_session_get_store (session), _ea_housing_sql.open_facilities,
                            error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

      g_array_append_val (found, id);
      g_strv_builder_add (builder, _ea_stmt_column_text (stmt, 1));
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (ea_session_get_store (session), error,
                                _("Cannot read the facilities"));
  *ids = g_steal_pointer (&found);
  *names = g_strv_builder_end (builder);
  return TRUE;
}

GPtrArray *
ea_housing_list_units (EaSession   *session,
                       gint64       facility_id,
                       GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  GPtrArray *units;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, facility_id, error))
    return NULL;
  stmt = _ea_store_prepare (ea_session_get_store (session), _ea_housing_sql.open_units, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, facility_id);
  units = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_unit_info_free);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      EaUnitInfo *unit = g_new0 (EaUnitInfo, 1);

      unit->id = _ea_stmt_column_int64 (stmt, 0);
      unit->name = g_strdup (_ea_stmt_column_text (stmt, 1));
      unit->reserved_for = g_strdup (_ea_stmt_column_text (stmt, 2));
      g_ptr_array_add (units, unit);
    }
  return units;
}
