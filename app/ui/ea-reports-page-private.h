/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-reports-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
gboolean        _ea_reports_page_is_busy     (EaReportsPage *self);
EaChart        *_ea_reports_page_get_chart   (EaReportsPage *self,
                                              EaStatKind     kind);
EaFlueagReport *_ea_reports_page_get_report  (EaReportsPage *self);
gint64          _ea_reports_page_open_missing (EaReportsPage *self,
                                              guint          index);
GtkWidget      *_ea_reports_page_get_export_button (EaReportsPage *self);
void            _ea_reports_page_export      (EaReportsPage *self,
                                              const char    *path);
void            _ea_reports_page_set_period  (EaReportsPage *self,
                                              guint          period);
gboolean        _ea_reports_page_print_to_file (EaReportsPage *self,
                                              EaStatKind     kind,
                                              const char    *path,
                                              GError       **error);

G_END_DECLS
