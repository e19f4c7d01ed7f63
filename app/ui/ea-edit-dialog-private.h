/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-edit-dialog.h"

G_BEGIN_DECLS

/* For the tests; not part of the dialog's API. */
void          _ea_edit_dialog_save       (EaEditDialog *self);
GtkWidget    *_ea_edit_dialog_get_first_field (EaEditDialog *self);
void          _ea_edit_dialog_set_text   (EaEditDialog *self,
                                          const char   *key,
                                          const char   *value);
void          _ea_edit_dialog_set_choice (EaEditDialog *self,
                                          const char   *key,
                                          const char   *value);
void          _ea_edit_dialog_set_number (EaEditDialog *self,
                                          const char   *key,
                                          double        value);
void          _ea_edit_dialog_set_switch (EaEditDialog *self,
                                          const char   *key,
                                          gboolean      value);
void          _ea_edit_dialog_set_checked (EaEditDialog *self,
                                           const char   *key,
                                           gint64        id,
                                           gboolean      checked);
const char   *_ea_edit_dialog_get_error  (EaEditDialog *self);
GtkWidget    *_ea_edit_dialog_get_either_button (EaEditDialog *self,
                                                 const char   *key,
                                                 gboolean      first);

G_END_DECLS
