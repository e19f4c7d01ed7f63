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

G_END_DECLS
