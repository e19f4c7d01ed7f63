/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "ea-demo-private.h"
#include "ea-error.h"
#include "ea-person-private.h"
#include "ea-text.h"

/* The demo district's facilities: their areas (floors, wings, flats),
 * rooms and beds, in a fixed pattern of sizes. */

typedef enum { SIZE_LARGE, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT } FacilitySize;

/* The first 24 facilities in this pattern: 4 large, 8 medium, 6 small, 6 flats. */
static const FacilitySize facility_pattern[24] = {
  SIZE_LARGE, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT, SIZE_MEDIUM, SIZE_SMALL,
  SIZE_LARGE, SIZE_FLAT, SIZE_MEDIUM, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT,
  SIZE_LARGE, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT, SIZE_MEDIUM, SIZE_SMALL,
  SIZE_LARGE, SIZE_FLAT, SIZE_MEDIUM, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT,
};

/* Housing. */

static gboolean
add_room (Demo        *d,
          gint64       unit_id,
          const char  *reserved_for,
          int          floor,
          int          number,
          const char  *rule,
          GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%d.%02d", floor, number);
  double area;
  guint capacity;
  gboolean barrier_free = floor == 0 && _ea_demo_chance (d, 0.35);
  Room room = { 0 };

  /* Family rooms are the larger ones; capacity follows the area at the
   * default minimum of 7 m² per person, at most six beds. */
  if (g_str_equal (rule, "family"))
    area = _ea_demo_pick (d, 28, 60) / 2.0;
  else
    area = _ea_demo_pick (d, 16, 56) / 2.0;
  capacity = CLAMP ((guint) (area / 7.0), 1, 6);
  if (!g_str_equal (rule, "family") && _ea_demo_chance (d, 0.3))
    capacity = MAX (1, capacity - 1);

  _ea_stmt_bind_int64 (d->room, 1, unit_id);
  _ea_stmt_bind_text (d->room, 2, name);
  _ea_stmt_bind_int (d->room, 3, floor);
  _ea_stmt_bind_double (d->room, 4, area);
  _ea_stmt_bind_int (d->room, 5, capacity);
  _ea_stmt_bind_text (d->room, 6, rule);
  _ea_stmt_bind_int (d->room, 7, barrier_free);
  if (!_ea_demo_step_done (d, d->room, error))
    return FALSE;

  room.id = _ea_demo_last_id (d);
  room.rule = rule;
  room.reserved_for = reserved_for;
  room.capacity = capacity;
  room.barrier_free = barrier_free;
  room.first_bed = d->beds->len;

  for (guint b = 0; b < capacity; b++)
    {
      char label[2] = { (char) ('A' + b), '\0' };
      Bed bed = { 0 };

      _ea_stmt_bind_int64 (d->bed, 1, room.id);
      _ea_stmt_bind_text (d->bed, 2, label);
      if (!_ea_demo_step_done (d, d->bed, error))
        return FALSE;
      bed.id = _ea_demo_last_id (d);
      bed.room = d->rooms->len;
      bed.free_until = d->today;
      g_array_append_val (d->beds, bed);
    }
  g_array_append_val (d->rooms, room);
  return TRUE;
}

static const char *
floor_name (int floor)
{
  static const char *names[] = { "Erdgeschoss", "1. Obergeschoss", "2. Obergeschoss",
                                 "3. Obergeschoss", "4. Obergeschoss" };
  return names[CLAMP (floor, 0, 4)];
}

gboolean
_ea_demo_add_facility (Demo     *d,
                       guint     index,
                       GError  **error)
{
  FacilitySize size = facility_pattern[index % G_N_ELEMENTS (facility_pattern)];
  const char *place = demo_places[index % G_N_ELEMENTS (demo_places)];
  const char *street = demo_streets[_ea_demo_pick (d, 0, G_N_ELEMENTS (demo_streets) - 1)];
  guint round = index / G_N_ELEMENTS (demo_places);
  g_autofree char *suffix = round > 0 ? g_strdup_printf (" %u", round + 1) : g_strdup ("");
  g_autofree char *name = NULL;
  g_autofree char *street_line = g_strdup_printf ("%s %d", street, _ea_demo_pick (d, 1, 120));
  char opened[11];
  int target, floors, beds_before = d->beds->len;
  gint64 facility_id;

  switch (size)
    {
    case SIZE_LARGE:
      name = g_strdup_printf ("GU %s%s, %s", place, suffix, street);
      target = _ea_demo_pick (d, 80, 200);
      floors = target > 140 ? 4 : 3;
      break;
    case SIZE_MEDIUM:
      name = g_strdup_printf ("GU %s%s, %s", place, suffix, street);
      target = _ea_demo_pick (d, 30, 70);
      floors = 2;
      break;
    case SIZE_SMALL:
      name = g_strdup_printf ("Unterkunft %s%s, %s", place, suffix, street);
      target = _ea_demo_pick (d, 10, 25);
      floors = 1;
      break;
    case SIZE_FLAT:
    default:
      name = g_strdup_printf ("Wohnung %s%s, %s", place, suffix, street_line);
      target = _ea_demo_pick (d, 4, 8);
      floors = 1;
      break;
    }

  _ea_demo_format_julian (d->today - HISTORY_DAYS - _ea_demo_pick (d, 30, 900), opened);
  _ea_stmt_bind_text (d->facility, 1, name);
  _ea_stmt_bind_text (d->facility, 2, size == SIZE_FLAT ? "flat" : "communal");
  _ea_stmt_bind_text (d->facility, 3, street_line);
  _ea_stmt_bind_text (d->facility, 4, place);
  _ea_stmt_bind_text (d->facility, 5, opened);
  _ea_stmt_bind_text (d->facility, 6, d->created_at);
  _ea_stmt_bind_int64 (d->facility, 7, d->admin_id);
  if (!_ea_demo_step_done (d, d->facility, error))
    return FALSE;
  facility_id = _ea_demo_last_id (d);

  for (int floor = 0; floor < floors && (int) d->beds->len - beds_before < target; floor++)
    {
      const char *reserved = "none";
      const char *unit_name = floor_name (floor);
      gint64 unit_id;

      if (size == SIZE_FLAT)
        unit_name = "Wohnung";
      /* Large houses and every other medium one keep a protected area for
       * women on the top floor; large houses also a floor for families. */
      else if (floor == floors - 1 &&
               (size == SIZE_LARGE || (size == SIZE_MEDIUM && index % 2 == 0)))
        reserved = "women";
      else if (size == SIZE_LARGE && floor == 1)
        reserved = "families";

      _ea_stmt_bind_int64 (d->unit, 1, facility_id);
      _ea_stmt_bind_text (d->unit, 2, unit_name);
      _ea_stmt_bind_text (d->unit, 3, reserved);
      if (!_ea_demo_step_done (d, d->unit, error))
        return FALSE;
      unit_id = _ea_demo_last_id (d);

      for (int number = 1;
           (int) d->beds->len - beds_before < target * (floor + 1) / floors;
           number++)
        {
          const char *rule;

          if (size == SIZE_FLAT || g_str_equal (reserved, "families"))
            rule = "family";
          else if (g_str_equal (reserved, "women"))
            rule = _ea_demo_chance (d, 0.5) ? "women" : "family";
          else if (_ea_demo_chance (d, 0.62))
            rule = "men";
          else if (_ea_demo_chance (d, 0.75))
            rule = "family";
          else if (_ea_demo_chance (d, 0.4))
            rule = "women";
          else
            rule = "any";

          if (!add_room (d, unit_id, reserved, floor, number, rule, error))
            return FALSE;
        }
    }
  return TRUE;
}
