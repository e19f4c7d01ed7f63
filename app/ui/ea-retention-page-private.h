/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-retention-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
guint            _ea_retention_page_get_n_due  (EaRetentionPage *self);
void             _ea_retention_page_set_months (EaRetentionPage     *self,
                                                EaRetentionCategory  category,
                                                guint                months);
GtkWidget       *_ea_retention_page_get_run_button (EaRetentionPage *self);
void             _ea_retention_page_run        (EaRetentionPage *self);
gboolean         _ea_retention_page_is_running (EaRetentionPage *self);

G_END_DECLS
