/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkNativeDialog *ea_file_dialog_show     (GtkWidget            *owner,
                                          GtkFileChooserAction  action,
                                          const char           *title,
                                          const char           *accept,
                                          GtkFileFilter        *filter,
                                          const char           *name,
                                          GCallback             response_cb);
GtkNativeDialog *ea_file_dialog_save_workbook (GtkWidget        *owner,
                                               const char       *title,
                                               const char       *name,
                                               GCallback         response_cb);
char            *ea_file_dialog_dup_path (GtkNativeDialog      *dialog,
                                          int                   response,
                                          GtkWidget            *owner);

G_END_DECLS
