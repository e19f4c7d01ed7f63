/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-session.h"
#include "ea-store.h"

G_BEGIN_DECLS

/* Health documents are for those with the right to see them (social work). */
#define EA_DOCUMENT_HEALTH "gesundheit"


/* What is in a document's file (ea-document-content.c). */
gboolean    _ea_documents_check_file    (const char   *path,
                                         const char  **mime_type,
                                         gint64       *pages,
                                         GError      **error);
gboolean    _ea_documents_examine_file  (const char   *path,
                                         char        **sha256,
                                         gint64       *size,
                                         const char  **mime_type,
                                         gint64       *pages,
                                         GError      **error);
char       *_ea_documents_read_text     (const char   *path,
                                         const char   *mime_type,
                                         gboolean     *ocr_failed,
                                         GError      **error);
gsize       _ea_documents_count_letters (const char   *text);

/* The documents' store (ea-documents.c). */
char       *_ea_documents_store_file    (EaStore     *store,
                                         const char  *path,
                                         gint64      *size,
                                         gboolean    *stored_now,
                                         GError     **error);
void        _ea_documents_remove_blob   (EaStore     *store,
                                         const char  *sha);

G_END_DECLS
