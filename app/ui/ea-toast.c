/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-toast"

#include "config.h"

#include "ea-toast.h"

/* Pages and dialogs say what happened in a toast of the window or dialog
 * that holds them, without knowing that window: the nearest
 * AdwToastOverlay above the widget shows it. */

/**
 * ea_toast_new:
 * @text: what to say
 *
 * Returns: (transfer full): a toast that stays %EA_TOAST_SECONDS
 */
AdwToast *
ea_toast_new (const char *text)
{
  AdwToast *toast = adw_toast_new (text);
  GtkWidget *label = gtk_label_new (text);

  /* A toast's title is one line, cut at its end: a message of the store
   * or a rule is often longer, and the whole of it is kept here, on up
   * to three lines. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 70);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  adw_toast_set_custom_title (toast, label);

  adw_toast_set_timeout (toast, EA_TOAST_SECONDS);
  return toast;
}

/**
 * ea_toast_add:
 * @widget: a widget inside a window with a toast overlay
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the nearest toast overlay that holds @widget; a widget
 * in none drops it.
 */
void
ea_toast_add (GtkWidget *widget,
              AdwToast  *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/**
 * ea_toast_show:
 * @widget: a widget inside a window with a toast overlay
 * @text: what to say
 *
 * Says @text in a toast next to @widget.
 */
void
ea_toast_show (GtkWidget  *widget,
               const char *text)
{
  ea_toast_add (widget, ea_toast_new (text));
}
