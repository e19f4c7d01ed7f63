/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_RETENTION_PAGE (ea_retention_page_get_type ())
G_DECLARE_FINAL_TYPE (EaRetentionPage, ea_retention_page, EA, RETENTION_PAGE, GtkWidget)

EaRetentionPage *ea_retention_page_new         (EaSession       *session);
void             ea_retention_page_reload      (EaRetentionPage *self);

/* For tests. */
guint            _ea_retention_page_get_n_due  (EaRetentionPage *self);
void             _ea_retention_page_set_months (EaRetentionPage     *self,
                                                EaRetentionCategory  category,
                                                guint                months);
GtkWidget       *_ea_retention_page_get_run_button (EaRetentionPage *self);
void             _ea_retention_page_run        (EaRetentionPage *self);
gboolean         _ea_retention_page_is_running (EaRetentionPage *self);

G_END_DECLS
