/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-narrow"

#include "config.h"

#include "ea-narrow.h"

/* A page that gives way in a narrow window has one child, its content,
 * and these as its measure and size_allocate: the page learns after each
 * layout whether it became narrow or wide, and changes its columns then,
 * not inside the layout. */

void
ea_narrow_measure (GtkWidget      *page,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  gtk_widget_measure (gtk_widget_get_first_child (page), orientation, for_size, minimum,
                      natural, minimum_baseline, natural_baseline);
}

typedef struct
{
  GtkWidget    *page;
  gboolean      narrow;
  EaNarrowFunc  changed;
} Change;

static gboolean
changed_cb (gpointer data)
{
  Change *change = data;

  change->changed (change->page, change->narrow);
  return G_SOURCE_REMOVE;
}

static void
change_free (gpointer data)
{
  Change *change = data;

  g_object_unref (change->page);
  g_free (change);
}

void
ea_narrow_allocate (GtkWidget    *page,
                    int           width,
                    int           height,
                    int           baseline,
                    gboolean     *narrow,
                    EaNarrowFunc  changed)
{
  if ((width < EA_NARROW_WIDTH) != *narrow)
    {
      Change *change = g_new (Change, 1);

      *narrow = width < EA_NARROW_WIDTH;
      *change = (Change) { g_object_ref (page), *narrow, changed };
      g_idle_add_full (G_PRIORITY_HIGH_IDLE, changed_cb, change, change_free);
    }
  gtk_widget_allocate (gtk_widget_get_first_child (page), width, height, baseline, NULL);
}

/* Shows or hides a column. GTK 4.8 still counts a hidden column's fixed
 * width when it shares out the width among the others: a hidden column's
 * is 0, and its own comes back with it. */
void
ea_narrow_show_column (GtkColumnViewColumn *column,
                       gboolean             shown)
{
  int width = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "ea-fixed-width"));

  if (shown == gtk_column_view_column_get_visible (column))
    return;
  if (!shown)
    {
      g_object_set_data (G_OBJECT (column), "ea-fixed-width",
                         GINT_TO_POINTER (gtk_column_view_column_get_fixed_width (column)));
      width = 0;
    }
  gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_column_set_visible (column, shown);
}
