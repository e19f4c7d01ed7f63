/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-file-dialog"

#include "config.h"

#include "ea-file-dialog.h"

#include <glib/gi18n.h>

#include "ea-toast.h"

/* Opening and saving files from a page: a modal native chooser over the
 * page's window, and the chosen file's local path. Every page that reads
 * or writes a file goes through here. */

/**
 * ea_file_dialog_dup_path:
 * @dialog: a file chooser of ea_file_dialog_show()
 * @response: its response
 * @owner: the page that asked, for the message
 *
 * The chosen file's local path. A file that is not on this computer (a
 * network location without a local path) is refused with a message on
 * @owner's window.
 *
 * Returns: (transfer full) (nullable): the path, or %NULL when nothing
 *   usable was chosen
 */
char *
ea_file_dialog_dup_path (GtkNativeDialog *dialog,
                         int              response,
                         GtkWidget       *owner)
{
  g_autoptr(GFile) file = NULL;
  char *path;

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (file != NULL && path == NULL)
    {
      ea_toast_show (owner,
                     gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog))
                     == GTK_FILE_CHOOSER_ACTION_SAVE ? _("Choose a folder on this computer.")
                                                     : _("Choose a file on this computer."));
    }
  return path;
}

/**
 * ea_file_dialog_show:
 * @owner: the page that asks
 * @action: open or save
 * @title: the dialog's title
 * @accept: the label of its accept button
 * @filter: (nullable): the files to offer
 * @name: (nullable): the suggested name when saving
 * @response_cb: called as `void (GtkNativeDialog *, int, gpointer owner)`
 *
 * Shows a modal file chooser over the window that holds @owner; the
 * response goes to @owner for as long as it lives.
 *
 * Returns: (transfer full): the dialog, for @owner to keep and destroy
 */
GtkNativeDialog *
ea_file_dialog_show (GtkWidget            *owner,
                     GtkFileChooserAction  action,
                     const char           *title,
                     const char           *accept,
                     GtkFileFilter        *filter,
                     const char           *name,
                     GCallback             response_cb)
{
  GtkNativeDialog *dialog;

  dialog = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (
    title, GTK_WINDOW (gtk_widget_get_root (owner)), action, accept, _("_Cancel")));
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (dialog, TRUE);
  g_signal_connect_object (dialog, "response", response_cb, owner, 0);
  gtk_native_dialog_show (dialog);
  return dialog;
}

/**
 * ea_file_dialog_save_workbook:
 * @owner: the widget that asks
 * @title: the dialog's title
 * @name: the suggested file name, ending in .xlsx
 * @response_cb: as for ea_file_dialog_show()
 *
 * Asks where to save an Excel workbook.
 *
 * Returns: (transfer full): the dialog, for @owner to keep and destroy
 */
GtkNativeDialog *
ea_file_dialog_save_workbook (GtkWidget  *owner,
                              const char *title,
                              const char *name,
                              GCallback   response_cb)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Excel workbook"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  return ea_file_dialog_show (owner, GTK_FILE_CHOOSER_ACTION_SAVE, title, _("_Save"), filter,
                              name, response_cb);
}
