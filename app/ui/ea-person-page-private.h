/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-person-chooser.h"
#include "ea-person-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
EaPersonFile *_ea_person_page_get_file        (EaPersonPage *self);
EaFindBedDialog *_ea_person_page_find_bed     (EaPersonPage *self,
                                               gboolean      household);
gboolean      _ea_person_page_may_find_bed    (EaPersonPage *self);
EaPersonChooser *_ea_person_page_choose_keep_apart (EaPersonPage *self);
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
