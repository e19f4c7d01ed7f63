/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ea-chart.h"
#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_REPORTS_PAGE (ea_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (EaReportsPage, ea_reports_page, EA, REPORTS_PAGE, GtkWidget)

EaReportsPage  *ea_reports_page_new          (EaSession     *session);

/* For tests. */
gboolean        _ea_reports_page_is_busy     (EaReportsPage *self);
EaChart        *_ea_reports_page_get_chart   (EaReportsPage *self,
                                              EaStatKind     kind);
EaFlueagReport *_ea_reports_page_get_report  (EaReportsPage *self);
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
