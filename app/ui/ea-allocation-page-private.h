/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-allocation-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
EaAllocation     *_ea_allocation_page_get_allocation (EaAllocationPage *self);
void              _ea_allocation_page_confirm        (EaAllocationPage *self);
void              _ea_allocation_page_cancel         (EaAllocationPage *self);
gboolean          _ea_allocation_page_is_busy        (EaAllocationPage *self);
void              _ea_allocation_page_hold_next      (EaAllocationPage *self);
void              _ea_allocation_page_show_at_once   (EaAllocationPage *self,
                                                      guint             n);
void              _ea_allocation_page_change         (EaAllocationPage *self,
                                                      guint             group,
                                                      guint             alternative);

G_END_DECLS
