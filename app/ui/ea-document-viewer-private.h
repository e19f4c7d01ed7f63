/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-document-viewer.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
int               _ea_document_viewer_get_page      (EaDocumentViewer *self);
int               _ea_document_viewer_get_n_pages   (EaDocumentViewer *self);
void              _ea_document_viewer_go_to         (EaDocumentViewer *self,
                                                     int               page);
double            _ea_document_viewer_get_zoom      (EaDocumentViewer *self);
void              _ea_document_viewer_zoom          (EaDocumentViewer *self,
                                                     int               direction);
guint             _ea_document_viewer_get_n_thumbnails (EaDocumentViewer *self);
GtkWidget        *_ea_document_viewer_get_picture   (EaDocumentViewer *self);

G_END_DECLS
