/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_FACILITY_ROW (ea_facility_row_get_type ())
G_DECLARE_FINAL_TYPE (EaFacilityRow, ea_facility_row, EA, FACILITY_ROW, GtkWidget)

EaFacilityRow *ea_facility_row_new           (void);
void           ea_facility_row_set_occupancy (EaFacilityRow *self,
                                              EaOccupancy   *occupancy);

G_END_DECLS
