/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

#define EA_TYPE_OCCUPANCY (ea_occupancy_get_type ())
G_DECLARE_FINAL_TYPE (EaOccupancy, ea_occupancy, EA, OCCUPANCY, GObject)

typedef struct
{
  guint capacity;
  guint occupied;
  guint reserved;
  guint blocked;
  guint free;
  guint free_reserved_later;
} EaOccupancyTotals;

GListModel *ea_occupancy_list          (EaSession         *session,
                                        const char        *date,
                                        GError           **error);
void        ea_occupancy_sum           (GListModel        *list,
                                        EaOccupancyTotals *totals);
gint64      ea_occupancy_get_facility_id (EaOccupancy     *self);
const char *ea_occupancy_get_name      (EaOccupancy       *self);
const char *ea_occupancy_get_place     (EaOccupancy       *self);
const char *ea_occupancy_get_kind      (EaOccupancy       *self);
const char *ea_occupancy_get_kind_label (EaOccupancy     *self);
guint       ea_occupancy_get_capacity  (EaOccupancy       *self);
guint       ea_occupancy_get_occupied  (EaOccupancy       *self);
guint       ea_occupancy_get_reserved  (EaOccupancy       *self);
guint       ea_occupancy_get_blocked   (EaOccupancy       *self);
guint       ea_occupancy_get_free      (EaOccupancy       *self);
guint       ea_occupancy_get_free_men  (EaOccupancy       *self);
guint       ea_occupancy_get_free_women (EaOccupancy      *self);
guint       ea_occupancy_get_free_family (EaOccupancy     *self);
guint       ea_occupancy_get_free_any  (EaOccupancy       *self);
guint       ea_occupancy_get_free_barrier_free (EaOccupancy *self);
guint       ea_occupancy_get_free_reserved_later (EaOccupancy *self);

G_END_DECLS
