/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_FACILITY_PAGE (ea_facility_page_get_type ())
G_DECLARE_FINAL_TYPE (EaFacilityPage, ea_facility_page, EA, FACILITY_PAGE, GtkWidget)

EaFacilityPage *ea_facility_page_new     (EaSession      *session);
void            ea_facility_page_show    (EaFacilityPage *self,
                                          gint64          facility_id,
                                          const char     *date);
void            ea_facility_page_refresh (EaFacilityPage *self);
void            ea_facility_page_mark_stale (EaFacilityPage *self);
gboolean        ea_facility_page_catch_up (EaFacilityPage *self);

G_END_DECLS
