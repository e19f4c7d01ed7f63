/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Below this width (a thin client, half a screen) a page with a table
 * drops the columns that matter least, so that the others stay readable
 * (docs/UI.md, narrow windows). */
#define EA_NARROW_WIDTH 760

typedef void (*EaNarrowFunc) (GtkWidget *page,
                              gboolean   narrow);

void ea_narrow_measure     (GtkWidget           *page,
                            GtkOrientation       orientation,
                            int                  for_size,
                            int                 *minimum,
                            int                 *natural,
                            int                 *minimum_baseline,
                            int                 *natural_baseline);
void ea_narrow_allocate    (GtkWidget           *page,
                            int                  width,
                            int                  height,
                            int                  baseline,
                            gboolean            *narrow,
                            EaNarrowFunc         changed);
void ea_narrow_show_column (GtkColumnViewColumn *column,
                            gboolean             shown);

G_END_DECLS
