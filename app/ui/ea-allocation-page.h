/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_ALLOCATION_PAGE (ea_allocation_page_get_type ())
G_DECLARE_FINAL_TYPE (EaAllocationPage, ea_allocation_page, EA, ALLOCATION_PAGE, GtkWidget)

EaAllocationPage *ea_allocation_page_new     (EaSession        *session);
void              ea_allocation_page_propose (EaAllocationPage *self);

G_END_DECLS
