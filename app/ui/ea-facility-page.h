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

/* For tests: a bed's status as shown, and the dialog last opened. */
int             _ea_facility_page_get_bed_status (EaFacilityPage *self,
                                                  gint64          bed_id);
char           *_ea_facility_page_dup_bed_description (EaFacilityPage *self,
                                                       gint64          bed_id);
GtkWindow      *_ea_facility_page_get_dialog   (EaFacilityPage *self);
void            _ea_facility_page_activate     (EaFacilityPage *self,
                                                gint64          bed_id,
                                                const char     *action);

/* Shared with the Belegung page's "new facility". */
struct _EaEditDialog;
void            _ea_facility_dialog_fill (struct _EaEditDialog *dialog,
                                          const char           *name,
                                          const char           *kind,
                                          const char           *street,
                                          const char           *postcode,
                                          const char           *place);

G_END_DECLS
