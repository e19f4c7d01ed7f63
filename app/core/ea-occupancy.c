/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-occupancy"

#include "config.h"

#include "ea-occupancy.h"

#include <glib/gi18n-lib.h>

#include "ea-error.h"
#include "ea-store-private.h"
#include "ea-text.h"

/* The occupancy of one facility on one day. */
struct _EaOccupancy
{
  GObject  parent_instance;

  gint64   facility_id;
  char    *name;
  char    *place;
  char    *kind;
  guint    capacity;
  guint    occupied;
  guint    reserved;
  guint    blocked;
  guint    free_men;
  guint    free_women;
  guint    free_family;
  guint    free_any;
};

G_DEFINE_FINAL_TYPE (EaOccupancy, ea_occupancy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  PROP_NAME,
  PROP_PLACE,
  PROP_CAPACITY,
  PROP_OCCUPIED,
  PROP_RESERVED,
  PROP_BLOCKED,
  PROP_FREE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A bed counts once, in the first of: occupied, blocked, reserved, free.
 * A bed is free on a day when none of those applies. */
static const char occupancy_sql[] =
  "WITH b AS ("
  "  SELECT u.facility_id AS facility_id, r.rule AS rule,"
  "    EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = bd.id AND s.from_date <= ?1"
  "            AND (s.until_date IS NULL OR s.until_date > ?1)) AS occupied,"
  "    EXISTS (SELECT 1 FROM bed_blocks k WHERE k.bed_id = bd.id AND k.from_date <= ?1"
  "            AND (k.until_date IS NULL OR k.until_date > ?1)) AS blocked,"
  "    EXISTS (SELECT 1 FROM reservations v WHERE v.bed_id = bd.id AND v.state = 'active'"
  "            AND v.from_date <= ?1 AND (v.until_date IS NULL OR v.until_date > ?1)) AS reserved"
  "  FROM beds bd"
  "  JOIN rooms r ON r.id = bd.room_id"
  "  JOIN units u ON u.id = r.unit_id"
  "  WHERE (bd.closed_on IS NULL OR bd.closed_on > ?1)"
  "    AND (r.closed_on IS NULL OR r.closed_on > ?1)"
  "    AND (u.closed_on IS NULL OR u.closed_on > ?1)"
  "), c AS ("
  "  SELECT facility_id, rule, occupied,"
  "         (blocked AND NOT occupied) AS blocked,"
  "         (reserved AND NOT occupied AND NOT blocked) AS reserved,"
  "         (NOT occupied AND NOT blocked AND NOT reserved) AS free"
  "  FROM b"
  ")"
  "SELECT f.id, f.name, coalesce (f.place, ''), f.kind, count (c.facility_id),"
  "       total (c.occupied), total (c.reserved), total (c.blocked),"
  "       total (c.free AND c.rule = 'men'), total (c.free AND c.rule = 'women'),"
  "       total (c.free AND c.rule = 'family'), total (c.free AND c.rule = 'any')"
  "  FROM facilities f LEFT JOIN c ON c.facility_id = f.id"
  " WHERE (f.opened_on IS NULL OR f.opened_on <= ?1)"
  "   AND (f.closed_on IS NULL OR f.closed_on > ?1)"
  " GROUP BY f.id"
  " ORDER BY f.name COLLATE NOCASE";

static void
ea_occupancy_finalize (GObject *object)
{
  EaOccupancy *self = (EaOccupancy *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->place, g_free);
  g_clear_pointer (&self->kind, g_free);

  G_OBJECT_CLASS (ea_occupancy_parent_class)->finalize (object);
}

static void
ea_occupancy_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EaOccupancy *self = EA_OCCUPANCY (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PLACE:
      g_value_set_string (value, self->place);
      break;

    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;

    case PROP_OCCUPIED:
      g_value_set_uint (value, self->occupied);
      break;

    case PROP_RESERVED:
      g_value_set_uint (value, self->reserved);
      break;

    case PROP_BLOCKED:
      g_value_set_uint (value, self->blocked);
      break;

    case PROP_FREE:
      g_value_set_uint (value, ea_occupancy_get_free (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ea_occupancy_class_init (EaOccupancyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ea_occupancy_finalize;
  object_class->get_property = ea_occupancy_get_property;

  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OCCUPIED] =
    g_param_spec_uint ("occupied", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESERVED] =
    g_param_spec_uint ("reserved", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCKED] =
    g_param_spec_uint ("blocked", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FREE] =
    g_param_spec_uint ("free", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ea_occupancy_init (EaOccupancy *self)
{
}

/**
 * ea_occupancy_list:
 * @session: the logged-in user
 * @date: (nullable): the day (`YYYY-MM-DD`); %NULL for today
 * @error: a #GError
 *
 * Returns: (transfer full): a list of #EaOccupancy, one per facility open
 *   on that day, sorted by name; %NULL with @error set
 */
GListModel *
ea_occupancy_list (EaSession   *session,
                   const char  *date,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) list = NULL;
  g_autofree char *today = NULL;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, 0, error))
    return NULL;

  if (date == NULL)
    date = today = ea_date_today ();
  else if (!ea_date_is_valid (date))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is not a valid date; write it as YYYY-MM-DD, such as 2026-11-23."),
                   date);
      return NULL;
    }

  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, occupancy_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);

  list = g_list_store_new (EA_TYPE_OCCUPANCY);
  for (;;)
    {
      g_autoptr(EaOccupancy) item = NULL;
      int rc = sqlite3_step (stmt);

      if (rc == SQLITE_DONE)
        break;
      if (rc != SQLITE_ROW)
        {
          _ea_store_set_error (store, error, _("Cannot compute the occupancy"));
          return NULL;
        }

      item = g_object_new (EA_TYPE_OCCUPANCY, NULL);
      item->facility_id = sqlite3_column_int64 (stmt, 0);
      item->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->place = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      item->capacity = sqlite3_column_int (stmt, 4);
      item->occupied = sqlite3_column_int (stmt, 5);
      item->reserved = sqlite3_column_int (stmt, 6);
      item->blocked = sqlite3_column_int (stmt, 7);
      item->free_men = sqlite3_column_int (stmt, 8);
      item->free_women = sqlite3_column_int (stmt, 9);
      item->free_family = sqlite3_column_int (stmt, 10);
      item->free_any = sqlite3_column_int (stmt, 11);
      g_list_store_append (list, item);
    }

  return G_LIST_MODEL (g_steal_pointer (&list));
}

/**
 * ea_occupancy_sum:
 * @list: a list from ea_occupancy_list()
 * @totals: (out): the district's totals
 */
void
ea_occupancy_sum (GListModel        *list,
                  EaOccupancyTotals *totals)
{
  guint n;

  g_return_if_fail (G_IS_LIST_MODEL (list));
  g_return_if_fail (totals != NULL);

  *totals = (EaOccupancyTotals) { 0 };
  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaOccupancy) item = g_list_model_get_item (list, i);

      totals->capacity += item->capacity;
      totals->occupied += item->occupied;
      totals->reserved += item->reserved;
      totals->blocked += item->blocked;
      totals->free += ea_occupancy_get_free (item);
    }
}

gint64
ea_occupancy_get_facility_id (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->facility_id;
}

const char *
ea_occupancy_get_name (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), NULL);
  return self->name;
}

const char *
ea_occupancy_get_place (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), NULL);
  return self->place;
}

const char *
ea_occupancy_get_kind (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), NULL);
  return self->kind;
}

guint
ea_occupancy_get_capacity (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->capacity;
}

guint
ea_occupancy_get_occupied (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->occupied;
}

guint
ea_occupancy_get_reserved (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->reserved;
}

guint
ea_occupancy_get_blocked (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->blocked;
}

guint
ea_occupancy_get_free (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->free_men + self->free_women + self->free_family + self->free_any;
}

guint
ea_occupancy_get_free_men (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->free_men;
}

guint
ea_occupancy_get_free_women (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->free_women;
}

guint
ea_occupancy_get_free_family (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->free_family;
}

guint
ea_occupancy_get_free_any (EaOccupancy *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY (self), 0);
  return self->free_any;
}
