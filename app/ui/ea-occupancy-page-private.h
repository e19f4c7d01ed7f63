/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-housing-list-dialog.h"
#include "ea-occupancy-page.h"

G_BEGIN_DECLS

/* For the tests; not part of the page's API. */
GListModel *_ea_occupancy_page_get_shown (EaOccupancyPage *self);
gboolean    _ea_occupancy_page_export    (EaOccupancyPage *self,
                                          const char      *path);
void        _ea_occupancy_page_narrow    (EaOccupancyPage *self,
                                          const char      *search,
                                          guint            free_for);

EaHousingListDialog *
            _ea_occupancy_page_open_stock_list (EaOccupancyPage *self,
                                                const char      *path);

G_END_DECLS
