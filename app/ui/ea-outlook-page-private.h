/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-outlook-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
EaOutlook     *_ea_outlook_page_get_outlook (EaOutlookPage *self);
GListModel    *_ea_outlook_page_get_rows    (EaOutlookPage *self);
char          *_ea_outlook_page_dup_cell    (EaOutlookPage *self,
                                             guint          row,
                                             const char    *line,
                                             guint          day);
gboolean       _ea_outlook_page_export      (EaOutlookPage *self,
                                             const char    *path,
                                             GError       **error);

G_END_DECLS
