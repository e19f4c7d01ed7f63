/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

/* How many days the window's look ahead shows. */
#define EA_OUTLOOK_PAGE_DAYS 14

#define EA_TYPE_OUTLOOK_PAGE (ea_outlook_page_get_type ())
G_DECLARE_FINAL_TYPE (EaOutlookPage, ea_outlook_page, EA, OUTLOOK_PAGE, GtkWidget)

EaOutlookPage *ea_outlook_page_new     (EaSession     *session);
void           ea_outlook_page_refresh (EaOutlookPage *self);

G_END_DECLS
