/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_DOCUMENT_VIEWER (ea_document_viewer_get_type ())
G_DECLARE_FINAL_TYPE (EaDocumentViewer, ea_document_viewer, EA, DOCUMENT_VIEWER, AdwWindow)

EaDocumentViewer *ea_document_viewer_open (GtkWindow  *parent,
                                           EaSession  *session,
                                           gint64      document_id,
                                           GError    **error);

/* For tests and the benchmark. */
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
