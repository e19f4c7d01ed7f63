/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ea-chart.h"
#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_REPORTS_PAGE (ea_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (EaReportsPage, ea_reports_page, EA, REPORTS_PAGE, GtkWidget)

EaReportsPage  *ea_reports_page_new          (EaSession     *session);

G_END_DECLS
