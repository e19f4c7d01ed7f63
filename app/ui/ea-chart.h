/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "eakte-core.h"

G_BEGIN_DECLS

/**
 * EaChartStyle:
 * @EA_CHART_LINE: one line per series over the rows (days)
 * @EA_CHART_COLUMNS: vertical columns, the series side by side
 * @EA_CHART_BARS: horizontal bars, one per row, the series stacked
 */
typedef enum
{
  EA_CHART_LINE,
  EA_CHART_COLUMNS,
  EA_CHART_BARS,
} EaChartStyle;

#define EA_TYPE_CHART (ea_chart_get_type ())
G_DECLARE_FINAL_TYPE (EaChart, ea_chart, EA, CHART, GtkWidget)

EaChart     *ea_chart_new        (EaChartStyle  style);
void         ea_chart_set_table  (EaChart      *self,
                                  EaStatTable  *table);
EaStatTable *ea_chart_get_table  (EaChart      *self);
guint        ea_chart_get_n_shown_rows (EaChart *self);
void         ea_chart_draw       (EaChart      *self,
                                  cairo_t      *cr,
                                  PangoContext *context,
                                  double        width,
                                  double        height,
                                  const GdkRGBA *foreground);

G_END_DECLS
