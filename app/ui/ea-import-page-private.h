/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-import-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
gboolean        _ea_import_page_preview (EaImportPage *self,
                                         const char   *path);
EaImportResult *_ea_import_page_get_preview (EaImportPage *self);
gboolean        _ea_import_page_import  (EaImportPage *self);
gboolean        _ea_import_page_start_import (EaImportPage *self);
gboolean        _ea_import_page_is_busy (EaImportPage *self);
void            _ea_import_page_show_preview_tab (EaImportPage *self,
                                                  const char   *name);
double          _ea_import_page_get_fraction (EaImportPage *self);
void            _ea_import_page_cancel  (EaImportPage *self);
EaEditDialog   *_ea_import_page_map_columns (EaImportPage *self);
EaEditDialog   *_ea_import_page_setup_platform (EaImportPage *self);
gboolean        _ea_import_page_fetch   (EaImportPage *self,
                                         gboolean      automatic);
guint           _ea_import_page_get_fetch_source (EaImportPage *self);
guint           _ea_import_page_get_n_runs (EaImportPage *self);
guint           _ea_import_page_get_n_duplicates (EaImportPage *self);
guint           _ea_import_page_get_n_unplaced (EaImportPage *self);
gboolean        _ea_import_page_decide  (EaImportPage *self,
                                         gint64        review_id,
                                         gboolean      same_person);
EaEditDialog   *_ea_import_page_merge   (EaImportPage *self,
                                         gint64        review_id);
EaFindBedDialog *_ea_import_page_find_bed (EaImportPage *self,
                                           guint         index);

G_END_DECLS
