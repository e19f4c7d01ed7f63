/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-live"

#include "config.h"

#include "ea-live.h"

/* A page that shows another seat's change builds its lists and sections
 * again. What the user is doing there stays: a page waits while one of
 * its popovers or a dialog of its window is open (they may hold what the
 * rebuild replaces, and what the user typed), and the scrolled parts of
 * the page keep their place. */

static gboolean
has_open_popover (GtkWidget *widget)
{
  if (GTK_IS_POPOVER (widget) && gtk_widget_get_visible (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_open_popover (child))
      return TRUE;
  return FALSE;
}

/**
 * ea_live_is_busy:
 * @page: a page of the window
 *
 * Returns: whether a popover of @page is open, or a dialog of its window
 *   is shown: the page shows another seat's change once it is closed
 */
gboolean
ea_live_is_busy (GtkWidget *page)
{
  GtkRoot *root = gtk_widget_get_root (page);
  g_autoptr(GListModel) toplevels = NULL;

  if (has_open_popover (page))
    return TRUE;
  if (!GTK_IS_WINDOW (root))
    return FALSE;
  toplevels = gtk_window_get_toplevels ();
  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == GTK_WINDOW (root) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

struct _EaLiveScroll
{
  GtkWidget *page;
  GPtrArray *adjustments;
  GArray    *values;
  gulong     paint_id;
  GdkFrameClock *clock;
};

static void
collect_scrolled (GtkWidget    *widget,
                  EaLiveScroll *scroll)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *adjustment =
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));
      double value = gtk_adjustment_get_value (adjustment);

      g_ptr_array_add (scroll->adjustments, g_object_ref (adjustment));
      g_array_append_val (scroll->values, value);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_scrolled (child, scroll);
}

/**
 * ea_live_save_scroll:
 * @page: a page about to build its content again
 *
 * Returns: (transfer full): where each scrolled part of @page stands,
 *   for ea_live_restore_scroll()
 */
EaLiveScroll *
ea_live_save_scroll (GtkWidget *page)
{
  EaLiveScroll *scroll = g_new0 (EaLiveScroll, 1);

  scroll->page = g_object_ref (page);
  scroll->adjustments = g_ptr_array_new_with_free_func (g_object_unref);
  scroll->values = g_array_new (FALSE, FALSE, sizeof (double));
  collect_scrolled (page, scroll);
  return scroll;
}

static void
apply (EaLiveScroll *scroll)
{
  for (guint i = 0; i < scroll->adjustments->len; i++)
    gtk_adjustment_set_value (g_ptr_array_index (scroll->adjustments, i),
                              g_array_index (scroll->values, double, i));
}

static void
scroll_free (EaLiveScroll *scroll)
{
  if (scroll->clock != NULL)
    g_clear_signal_handler (&scroll->paint_id, scroll->clock);
  g_clear_object (&scroll->clock);
  g_clear_object (&scroll->page);
  g_ptr_array_unref (scroll->adjustments);
  g_array_unref (scroll->values);
  g_free (scroll);
}

/* Lists measure their new rows only when they are laid out: the places
 * are set once more after the next frame. */
static void
after_paint_cb (GdkFrameClock *clock,
                EaLiveScroll  *scroll)
{
  apply (scroll);
  scroll_free (scroll);
}

/**
 * ea_live_restore_scroll:
 * @scroll: (transfer full): what ea_live_save_scroll() saved
 *
 * Puts the scrolled parts back where they stood, now and after the next
 * frame.
 */
void
ea_live_restore_scroll (EaLiveScroll *scroll)
{
  GdkFrameClock *clock;

  apply (scroll);
  clock = gtk_widget_get_frame_clock (scroll->page);
  if (clock == NULL)
    {
      scroll_free (scroll);
      return;
    }
  scroll->clock = g_object_ref (clock);
  scroll->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), scroll);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}
