/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_RETENTION_PAGE (ea_retention_page_get_type ())
G_DECLARE_FINAL_TYPE (EaRetentionPage, ea_retention_page, EA, RETENTION_PAGE, GtkWidget)

EaRetentionPage *ea_retention_page_new         (EaSession       *session);
void             ea_retention_page_reload      (EaRetentionPage *self);

G_END_DECLS
