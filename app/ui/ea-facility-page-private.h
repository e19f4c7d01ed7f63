/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-facility-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
int             _ea_facility_page_get_bed_status (EaFacilityPage *self,
                                                  gint64          bed_id);
char           *_ea_facility_page_dup_bed_description (EaFacilityPage *self,
                                                       gint64          bed_id);
GtkWindow      *_ea_facility_page_get_dialog   (EaFacilityPage *self);
void            _ea_facility_page_activate     (EaFacilityPage *self,
                                                gint64          bed_id,
                                                const char     *action);
gboolean        _ea_facility_page_click_bed    (EaFacilityPage *self,
                                                gint64          bed_id);
/* Shared with the Belegung page's "new facility". */
struct _EaEditDialog;
void            _ea_facility_dialog_fill (struct _EaEditDialog *dialog,
                                          const char           *name,
                                          const char           *kind,
                                          const char           *street,
                                          const char           *postcode,
                                          const char           *place);

G_END_DECLS
