/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "eakte-core.h"
#include "ea-allocation-page.h"
#include "ea-facility-page.h"
#include "ea-outlook-page.h"

G_BEGIN_DECLS

#define EA_TYPE_OCCUPANCY_PAGE (ea_occupancy_page_get_type ())
G_DECLARE_FINAL_TYPE (EaOccupancyPage, ea_occupancy_page, EA, OCCUPANCY_PAGE, GtkWidget)

EaOccupancyPage *ea_occupancy_page_new       (EaSession       *session);
void             ea_occupancy_page_refresh   (EaOccupancyPage *self);
GListModel      *ea_occupancy_page_get_model (EaOccupancyPage *self);
guint            ea_occupancy_page_get_free  (EaOccupancyPage *self);
void             ea_occupancy_page_open_facility (EaOccupancyPage *self,
                                                  gint64           facility_id);
EaFacilityPage  *ea_occupancy_page_get_facility_page (EaOccupancyPage *self);
EaAllocationPage *ea_occupancy_page_open_allocation (EaOccupancyPage *self);
EaOutlookPage   *ea_occupancy_page_open_outlook (EaOccupancyPage *self);
gboolean         ea_occupancy_page_set_date  (EaOccupancyPage *self,
                                              const char      *date);
void             ea_occupancy_page_mark_stale (EaOccupancyPage *self);
gboolean         ea_occupancy_page_catch_up  (EaOccupancyPage *self);

G_END_DECLS
