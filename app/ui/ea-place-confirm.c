/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-place-confirm"

#include "config.h"

#include "ea-place-confirm.h"

#include <glib/gi18n.h>

/* A check-in, move or reservation that a rule refused which a user may
 * set aside on purpose (a bed held for another person, a shared bedroom
 * that a person of gender d or x wishes) asks once, naming what it would
 * do; "confirm" runs the change again with exactly that flag added. The
 * core decides what can be confirmed (ea_place_flag_for_error()): the
 * window never lifts a rule of its own accord. */

typedef struct
{
  EaPlaceFlags   flags;
  EaPlaceRetry   retry;
  gpointer       data;
  GDestroyNotify destroy;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->destroy != NULL)
    pending->destroy (pending->data);
  g_free (pending);
}

static void
pending_notify (gpointer  data,
                GClosure *closure)
{
  pending_free (data);
}

static gboolean
retry_idle_cb (gpointer data)
{
  Pending *pending = data;

  pending->retry (pending->flags, pending->data);
  return G_SOURCE_REMOVE;
}

/* The change runs once the dialog is gone: a change that closes the
 * window the dialog stands on (the person chooser) must not pull it
 * away under the dialog's feet. */
static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Pending          *pending)
{
  Pending *later;

  if (g_strcmp0 (response, "confirm") != 0 || pending->retry == NULL)
    return;
  later = g_new0 (Pending, 1);
  *later = *pending;
  pending->retry = NULL;
  pending->destroy = NULL;
  pending->data = NULL;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, retry_idle_cb, later,
                   (GDestroyNotify) pending_free);
}

/**
 * ea_place_confirm:
 * @widget: a widget of the window to ask in
 * @error: the refusal
 * @flags: what the refused call had confirmed already
 * @retry: runs the change again with the flags confirmed
 * @data: for @retry
 * @destroy: (nullable): frees @data when the dialog is gone
 *
 * Asks whether to set the refused rule aside, when it is one a user may.
 *
 * Returns: (transfer none) (nullable): the dialog, presented; %NULL when
 *   no confirmation lifts @error (then @data is freed at once, and the
 *   caller shows the refusal)
 */
GtkWindow *
ea_place_confirm (GtkWidget      *widget,
                  const GError   *error,
                  EaPlaceFlags    flags,
                  EaPlaceRetry    retry,
                  gpointer        data,
                  GDestroyNotify  destroy)
{
  EaPlaceFlags flag = ea_place_flag_for_error (error);
  GtkRoot *root = gtk_widget_get_root (widget);
  Pending *pending;
  GtkWidget *dialog;

  /* Asked already and refused again: the same question would not help. */
  if (flag == EA_PLACE_DEFAULT || (flags & flag) != 0)
    {
      if (destroy != NULL)
        destroy (data);
      return NULL;
    }

  pending = g_new0 (Pending, 1);
  pending->flags = flags | flag;
  pending->retry = retry;
  pending->data = data;
  pending->destroy = destroy;

  if (flag == EA_PLACE_REPLACE_RESERVATION)
    {
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Replace the Reservation?"), error->message);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Keep It"),
                                        "confirm", _("_Replace Reservation"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else if (flag == EA_PLACE_CANCEL_RESERVATION)
    {
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Cancel the Other Reservation?"), error->message);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Keep It"),
                                        "confirm", _("Cancel _Reservation and Go On"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Share the Bedroom?"), error->message);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "confirm", _("_They Wish It"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  /* The safe answer is the default: Enter keeps everything as it is. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), pending,
                         pending_notify, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}
