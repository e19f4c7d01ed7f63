/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_EDIT_DIALOG (ea_edit_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EaEditDialog, ea_edit_dialog, EA, EDIT_DIALOG, AdwWindow)

EaEditDialog *ea_edit_dialog_new        (GtkWindow    *parent,
                                         const char   *title);
void          ea_edit_dialog_add_text   (EaEditDialog *self,
                                         const char   *key,
                                         const char   *label,
                                         const char   *value);
void          ea_edit_dialog_add_long_text (EaEditDialog *self,
                                            const char   *key,
                                            const char   *label,
                                            const char   *value);
void          ea_edit_dialog_add_number (EaEditDialog *self,
                                         const char   *key,
                                         const char   *label,
                                         double        min,
                                         double        max,
                                         double        step,
                                         int           digits,
                                         double        value);
void          ea_edit_dialog_add_choice (EaEditDialog *self,
                                         const char   *key,
                                         const char   *label,
                                         const char  **values,
                                         const char  **labels,
                                         const char   *value);
void          ea_edit_dialog_add_code_choice (EaEditDialog *self,
                                              EaSession    *session,
                                              const char   *key,
                                              const char   *label,
                                              const char   *list,
                                              const char   *value);
void          ea_edit_dialog_add_switch (EaEditDialog *self,
                                         const char   *key,
                                         const char   *label,
                                         gboolean      value);
void          ea_edit_dialog_add_either (EaEditDialog *self,
                                         const char   *key,
                                         const char   *label,
                                         const char   *first,
                                         const char   *second,
                                         gboolean      first_chosen);
gboolean      ea_edit_dialog_get_either (EaEditDialog *self,
                                         const char   *key);
void          ea_edit_dialog_set_description (EaEditDialog *self,
                                              const char   *description);
void          ea_edit_dialog_set_save_label (EaEditDialog *self,
                                             const char   *label);
void          ea_edit_dialog_add_password (EaEditDialog *self,
                                           const char   *key,
                                           const char   *label);
void          ea_edit_dialog_add_checklist (EaEditDialog *self,
                                            const char   *key,
                                            const char   *label,
                                            const char   *none_label,
                                            GPtrArray    *labels,
                                            GArray       *ids,
                                            GArray       *checked);
GArray       *ea_edit_dialog_dup_checked (EaEditDialog *self,
                                          const char   *key);
const char   *ea_edit_dialog_get_text   (EaEditDialog *self,
                                         const char   *key);
double        ea_edit_dialog_get_number (EaEditDialog *self,
                                         const char   *key);
const char   *ea_edit_dialog_get_choice (EaEditDialog *self,
                                         const char   *key);
gboolean      ea_edit_dialog_get_switch (EaEditDialog *self,
                                         const char   *key);
void          ea_edit_dialog_show_error (EaEditDialog *self,
                                         const char   *message);

G_END_DECLS
