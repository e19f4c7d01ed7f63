/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-housing-list"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-error.h"
#include "ea-housing-list-private.h"
#include "ea-housing-private.h"
#include "ea-import-sql-private.h"

/* A read list made the housing stock, in one transaction (see
 * ea-housing-list.c). Each facility, area, room and bed is found by its
 * name (a facility by its name alone, as names are unique in an office;
 * the municipality is a value of it), and made or changed through the
 * functions of the housing page, each with its own audit entry; the
 * import adds one entry with its counts. Nothing changed, nothing is
 * written, not even that entry. */

typedef struct
{
  EaHousingListLine *first;
  gint64             id;      /* 0 while it could not be made */
  GHashTable        *rooms;   /* "area\x1froom" → the line naming it */
} Facility;

typedef struct
{
  EaSession           *session;
  GPtrArray           *lines;
  EaHousingListResult *result;
  GHashTable          *facilities;   /* name → Facility */
  GPtrArray           *order;        /* of Facility, as the list names them */
  gboolean             on_purpose;   /* rolled back for a dry run or problems */
  GString             *detail;
} Applying;

static void
facility_free (Facility *facility)
{
  g_hash_table_unref (facility->rooms);
  g_free (facility);
}

static char *
room_key (const char *unit,
          const char *room)
{
  return g_strjoin ("\x1f", unit, room, NULL);
}

static void
add_error (Applying  *a,
           guint      line,
           int        column,
           GError    *error)
{
  _ea_housing_list_problem (a->result, line, column, "%s", error->message);
}

static void
ensure_facility (Applying *a,
                 Facility *facility)
{
  EaStore *store = ea_session_get_store (a->session);
  EaHousingListLine *line = facility->first;
  const char *place = line->place[0] != '\0' ? line->place : NULL;
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_import_sql.stock_facility, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL, *old_place = NULL, *street = NULL, *postcode = NULL;
  gboolean found, closed = FALSE;
  gint64 id = 0;

  if (stmt == NULL)
    return;
  _ea_stmt_bind_text (stmt, 1, line->facility);
  found = _ea_stmt_step (stmt) == EA_STMT_ROW;
  if (found)
    {
      id = _ea_stmt_column_int64 (stmt, 0);
      kind = g_strdup (_ea_stmt_column_text (stmt, 1));
      old_place = g_strdup (_ea_stmt_column_text (stmt, 2));
      street = g_strdup (_ea_stmt_column_text (stmt, 3));
      postcode = g_strdup (_ea_stmt_column_text (stmt, 4));
      closed = !_ea_stmt_column_is_null (stmt, 5);
    }
  g_clear_pointer (&stmt, _ea_stmt_free);
  if (closed)
    {
      _ea_housing_list_problem (a->result, line->line, EA_HOUSING_LIST_FACILITY,
                                _("Facility %s is closed; the list cannot open it again."),
                                line->facility);
      return;
    }
  if (!found)
    {
      id = ea_housing_create_facility (a->session, line->facility, line->kind, NULL, NULL, place,
                                       &error);
      a->result->facilities_new += id != 0;
    }
  else if (g_strcmp0 (kind, line->kind) != 0 ||
           g_strcmp0 (old_place ? old_place : "", line->place) != 0)
    {
      if (!ea_housing_update_facility (a->session, id, line->facility, line->kind, street,
                                       postcode, place, &error))
        id = 0;
      a->result->changed += id != 0;
    }
  if (id == 0 && error != NULL)
    add_error (a, line->line, EA_HOUSING_LIST_FACILITY, error);
  facility->id = id;
}

/* The area of @line in its facility, made when new; 0 when refused. */
static gint64
ensure_unit (Applying          *a,
             gint64             facility_id,
             EaHousingListLine *line)
{
  EaStore *store = ea_session_get_store (a->session);
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_import_sql.stock_unit, NULL);
  g_autoptr(GError) error = NULL;
  gboolean closed = FALSE;
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  _ea_stmt_bind_int64 (stmt, 1, facility_id);
  _ea_stmt_bind_text (stmt, 2, line->unit);
  if (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      id = _ea_stmt_column_int64 (stmt, 0);
      closed = !_ea_stmt_column_is_null (stmt, 2);
    }
  g_clear_pointer (&stmt, _ea_stmt_free);
  if (closed)
    {
      _ea_housing_list_problem (a->result, line->line, EA_HOUSING_LIST_UNIT,
                                _("Area %s is closed; the list cannot open it again."),
                                line->unit);
      return 0;
    }
  if (id != 0)
    return id;
  id = ea_housing_create_unit (a->session, facility_id, line->unit, "none", &error);
  if (id == 0)
    add_error (a, line->line, EA_HOUSING_LIST_UNIT, error);
  a->result->units_new += id != 0;
  return id;
}

/* Closes a bed the list no longer has, unless someone still needs it. */
static gboolean
close_bed (Applying   *a,
           guint       line,
           gint64      bed_id,
           const char *label,
           const char *unit,
           const char *room)
{
  g_autoptr(GError) error = NULL;

  if (!ea_housing_close (a->session, "bed", bed_id, NULL, &error))
    {
      _ea_housing_list_problem (a->result, line, EA_HOUSING_LIST_BEDS,
                                _("Bed %s of room %s in area %s is not in the list, but it "
                                  "cannot be closed: %s"), label, room, unit, error->message);
      return FALSE;
    }
  a->result->closed++;
  return TRUE;
}

/* The open beds of a room as id → label, and the labels of its closed
 * ones. */
static void
read_beds (Applying    *a,
           gint64       room_id,
           GHashTable  *open,
           GHashTable  *closed)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (ea_session_get_store (a->session),
                                              _ea_import_sql.stock_room_beds, NULL);

  if (stmt == NULL)
    return;
  _ea_stmt_bind_int64 (stmt, 1, room_id);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      const char *label = _ea_stmt_column_text (stmt, 1);

      if (_ea_stmt_column_is_null (stmt, 2))
        g_hash_table_insert (open, g_strdup (label),
                             GINT_TO_POINTER (_ea_stmt_column_int64 (stmt, 0)));
      else if (closed != NULL)
        g_hash_table_add (closed, g_strdup (label));
    }
}

/* The beds of an existing room become those of the list: first the ones
 * it no longer has are closed, so that a place is free for a new one. */
static void
change_beds (Applying          *a,
             gint64             room_id,
             EaHousingListLine *line,
             GHashTable        *open,
             GHashTable        *closed)
{
  GHashTableIter iter;
  gpointer label, id;

  g_hash_table_iter_init (&iter, open);
  while (g_hash_table_iter_next (&iter, &label, &id))
    if (!g_strv_contains ((const char *const *) line->labels, label))
      close_bed (a, line->line, (gint64) GPOINTER_TO_SIZE (id), label, line->unit, line->room);
  for (guint i = 0; line->labels[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (g_hash_table_contains (open, line->labels[i]))
        continue;
      if (g_hash_table_contains (closed, line->labels[i]))
        _ea_housing_list_problem (a->result, line->line, EA_HOUSING_LIST_BEDS,
                                  _("Bed %s of room %s was closed; give the new bed another "
                                    "label."), line->labels[i], line->room);
      else if (_ea_housing_add_bed_labelled (a->session, room_id, line->labels[i], &error) == 0)
        add_error (a, line->line, EA_HOUSING_LIST_BEDS, error);
      else
        a->result->beds_new++;
    }
}

/* No labels keep an existing room's beds as they are; so does a count
 * when the room has as many. Either way the room must not have more beds
 * than places. */
static void
sync_beds (Applying          *a,
           gint64             room_id,
           EaHousingListLine *line)
{
  g_autoptr(GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  if (line->labels != NULL)
    {
      read_beds (a, room_id, open, closed);
      if (!line->counted || g_hash_table_size (open) != g_strv_length (line->labels))
        change_beds (a, room_id, line, open, closed);
    }
  if (!_ea_housing_check_room_beds (a->session, room_id, &error))
    add_error (a, line->line, EA_HOUSING_LIST_BEDS, error);
}

static void
create_room (Applying          *a,
             gint64             unit_id,
             EaHousingListLine *line)
{
  static const char *const no_beds[] = { NULL };
  g_autoptr(GError) error = NULL;
  gint64 room_id;

  /* Without labels, one bed a place as the housing page makes them. */
  room_id = _ea_housing_create_room_with_beds (a->session, unit_id, &line->spec,
                                               line->labels != NULL ? no_beds : NULL, &error);
  if (room_id == 0)
    {
      add_error (a, line->line, EA_HOUSING_LIST_ROOM, error);
      return;
    }
  a->result->rooms_new++;
  if (line->labels == NULL)
    {
      a->result->beds_new += line->spec.capacity;
      return;
    }
  for (guint i = 0; line->labels[i] != NULL; i++)
    {
      if (_ea_housing_add_bed_labelled (a->session, room_id, line->labels[i], &error) == 0)
        {
          add_error (a, line->line, EA_HOUSING_LIST_BEDS, error);
          return;
        }
      a->result->beds_new++;
    }
}

static void
ensure_room (Applying          *a,
             gint64             unit_id,
             EaHousingListLine *line)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (ea_session_get_store (a->session),
                                              _ea_import_sql.stock_room, NULL);
  g_autoptr(GError) error = NULL;
  EaRoomSpec spec = line->spec;
  gboolean found, closed = FALSE, same = FALSE;
  gint64 room_id = 0;

  if (stmt == NULL)
    return;
  _ea_stmt_bind_int64 (stmt, 1, unit_id);
  _ea_stmt_bind_text (stmt, 2, line->room);
  found = _ea_stmt_step (stmt) == EA_STMT_ROW;
  if (found)
    {
      room_id = _ea_stmt_column_int64 (stmt, 0);
      spec.floor = _ea_stmt_column_int (stmt, 1);
      same = fabs (_ea_stmt_column_double (stmt, 2) - spec.area) < 0.005 &&
             _ea_stmt_column_int (stmt, 3) == spec.capacity &&
             g_strcmp0 (_ea_stmt_column_text (stmt, 4), spec.rule) == 0 &&
             !_ea_stmt_column_int (stmt, 5) == !spec.barrier_free;
      closed = !_ea_stmt_column_is_null (stmt, 6);
    }
  g_clear_pointer (&stmt, _ea_stmt_free);
  if (!found)
    {
      create_room (a, unit_id, line);
      return;
    }
  if (closed)
    {
      _ea_housing_list_problem (a->result, line->line, EA_HOUSING_LIST_ROOM,
                                _("Room %s is closed; the list cannot open it again."),
                                line->room);
      return;
    }
  if (!same)
    {
      if (!ea_housing_update_room (a->session, room_id, &spec, &error))
        {
          add_error (a, line->line, EA_HOUSING_LIST_ROOM, error);
          return;
        }
      a->result->changed++;
    }
  sync_beds (a, room_id, line);
}

/* The rooms of a listed facility that the list no longer has are closed
 * with their beds, unless a stay or reservation needs one. */
static void
close_missing_rooms (Applying *a,
                     Facility *facility)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (ea_session_get_store (a->session),
                                              _ea_import_sql.stock_facility_rooms, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return;
  _ea_stmt_bind_int64 (stmt, 1, facility->id);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      g_autofree char *key = room_key (_ea_stmt_column_text (stmt, 1),
                                       _ea_stmt_column_text (stmt, 2));
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

      if (g_hash_table_contains (facility->rooms, key))
        continue;
      g_array_append_val (ids, id);
      g_ptr_array_add (names, g_strdup (_ea_stmt_column_text (stmt, 1)));
      g_ptr_array_add (names, g_strdup (_ea_stmt_column_text (stmt, 2)));
    }
  g_clear_pointer (&stmt, _ea_stmt_free);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          NULL);
      const char *unit = g_ptr_array_index (names, 2 * i);
      const char *room = g_ptr_array_index (names, 2 * i + 1);
      gint64 room_id = g_array_index (ids, gint64, i);
      g_autoptr(GError) error = NULL;
      GHashTableIter iter;
      gpointer label, id;
      gboolean all = TRUE;

      read_beds (a, room_id, open, NULL);
      g_hash_table_iter_init (&iter, open);
      while (g_hash_table_iter_next (&iter, &label, &id))
        all &= close_bed (a, facility->first->line, (gint64) GPOINTER_TO_SIZE (id), label,
                          unit, room);
      if (!all)
        continue;
      if (!ea_housing_close (a->session, "room", room_id, NULL, &error))
        add_error (a, facility->first->line, EA_HOUSING_LIST_ROOM, error);
      else
        a->result->closed++;
    }
}

static gboolean
record_import (EaSession     *session,
               gpointer       data,
               EaAuditRecord *record,
               GError       **error)
{
  Applying *a = data;

  *record = (EaAuditRecord) { .action = "import", .object_type = "housing-list",
                              .detail = a->detail->str };
  return TRUE;
}

static void
group_facilities (Applying *a)
{
  for (guint i = 0; i < a->lines->len; i++)
    {
      EaHousingListLine *line = g_ptr_array_index (a->lines, i);
      Facility *facility = g_hash_table_lookup (a->facilities, line->facility);

      if (line->facility[0] == '\0')
        continue;
      if (facility == NULL)
        {
          facility = g_new0 (Facility, 1);
          facility->first = line;
          facility->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (a->facilities, line->facility, facility);
          g_ptr_array_add (a->order, facility);
        }
      g_hash_table_add (facility->rooms, room_key (line->unit, line->room));
    }
}

static gboolean
apply_all (gpointer   data,
           GError   **error)
{
  Applying *a = data;
  EaHousingListResult *r = a->result;

  for (guint i = 0; i < a->order->len; i++)
    {
      Facility *facility = g_ptr_array_index (a->order, i);

      if (facility->first->kind != NULL)
        ensure_facility (a, facility);
    }
  for (guint i = 0; i < a->lines->len; i++)
    {
      EaHousingListLine *line = g_ptr_array_index (a->lines, i);
      Facility *facility = g_hash_table_lookup (a->facilities, line->facility);
      gint64 unit_id;

      if (!line->ok || facility == NULL || facility->id == 0)
        continue;
      unit_id = ensure_unit (a, facility->id, line);
      if (unit_id != 0)
        ensure_room (a, unit_id, line);
    }
  for (guint i = 0; i < a->order->len; i++)
    {
      Facility *facility = g_ptr_array_index (a->order, i);

      if (facility->id != 0)
        close_missing_rooms (a, facility);
    }
  if (r->problems->len > 0 || a->result->dry_run)
    {
      a->on_purpose = TRUE;
      return ea_error_set (error, EA_ERROR_INVALID, _("Nothing was changed."));
    }
  if (r->facilities_new + r->units_new + r->rooms_new + r->beds_new + r->changed + r->closed
      == 0)
    return TRUE;
  g_string_printf (a->detail, "%u facilities, %u areas, %u rooms, %u beds new; %u changed; "
                   "%u closed", r->facilities_new, r->units_new, r->rooms_new, r->beds_new,
                   r->changed, r->closed);
  return _ea_change (a->session, EA_RIGHT_MANAGE_HOUSING, 0, record_import, a, error);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const EaHousingListProblem *p = *(EaHousingListProblem *const *) a;
  const EaHousingListProblem *q = *(EaHousingListProblem *const *) b;
  /* Line 0 (more problems follow) stays last. */
  guint pl = p->line == 0 ? G_MAXUINT : p->line;
  guint ql = q->line == 0 ? G_MAXUINT : q->line;

  return pl < ql ? -1 : pl > ql;
}

/**
 * _ea_housing_list_apply:
 * @lines: (element-type EaHousingListLine): the list as read, with its
 *   wrong lines marked
 * @result: the counts and problems, filled in
 *
 * Makes the stock what the lines say, in one transaction; with a
 * problem, or for a dry run, rolls it back. The lines with wrong cells
 * are skipped, but the others are still tried, so that every wrong line
 * is named at once.
 *
 * Returns: %FALSE when the store failed (not for problems of the list)
 */
gboolean
_ea_housing_list_apply (EaSession           *session,
                        GPtrArray           *lines,
                        EaHousingListResult *result,
                        GError             **error)
{
  g_autoptr(GHashTable) facilities = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            (GDestroyNotify) facility_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autoptr(GError) local = NULL;
  Applying a = { session, lines, result, facilities, order, FALSE, detail };

  group_facilities (&a);
  if (!_ea_store_change_all (ea_session_get_store (session), apply_all, &a, &local) &&
      !a.on_purpose)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* Stable: the problems of a line in the order they were found. */
  g_ptr_array_sort (result->problems, compare_problems);
  return TRUE;
}
