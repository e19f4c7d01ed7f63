/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ea-edit-dialog.h"
#include "ea-find-bed-dialog.h"
#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_PERSON_PAGE (ea_person_page_get_type ())
G_DECLARE_FINAL_TYPE (EaPersonPage, ea_person_page, EA, PERSON_PAGE, GtkWidget)

EaPersonPage *ea_person_page_new           (EaSession    *session);
gboolean      ea_person_page_show          (EaPersonPage *self,
                                            gint64        person_id,
                                            GError      **error);
gint64        ea_person_page_get_person_id (EaPersonPage *self);

/* For tests. */
EaPersonFile *_ea_person_page_get_file        (EaPersonPage *self);
EaFindBedDialog *_ea_person_page_find_bed     (EaPersonPage *self,
                                               gboolean      household);
gboolean      _ea_person_page_may_find_bed    (EaPersonPage *self);
EaEditDialog *_ea_person_page_open_keep_apart_dialog (EaPersonPage *self,
                                                      gint64        other_id,
                                                      const char   *other_name);
void          _ea_person_page_show_view       (EaPersonPage *self,
                                               const char   *name);
guint         _ea_person_page_get_n_notes     (EaPersonPage *self);
guint         _ea_person_page_get_n_documents (EaPersonPage *self);
gboolean      _ea_person_page_is_busy         (EaPersonPage *self);
EaEditDialog *_ea_person_page_open_note_dialog (EaPersonPage *self);
EaEditDialog *_ea_person_page_open_document_dialog (EaPersonPage *self,
                                                   const char   *path);
EaEditDialog *_ea_person_page_open_edit_dialog (EaPersonPage *self);
EaEditDialog *_ea_person_page_open_role_dialog (EaPersonPage *self,
                                                gint64        member);
EaEditDialog *_ea_person_page_open_split_dialog (EaPersonPage *self);
EaEditDialog *_ea_person_page_open_needs_dialog (EaPersonPage *self);
EaEditDialog *_ea_person_page_open_language_dialog (EaPersonPage *self);
EaEditDialog *_ea_person_page_open_qualification_dialog (EaPersonPage *self);
gboolean      _ea_person_page_export_file     (EaPersonPage *self,
                                               const char   *path,
                                               GError      **error);

G_END_DECLS
