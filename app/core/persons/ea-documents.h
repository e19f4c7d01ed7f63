/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/* Files larger than this are refused: a scanned document is far smaller. */
#define EA_DOCUMENT_MAX_BYTES (200 * 1024 * 1024)

typedef struct
{
  gint64  id;
  gint64  person_id;
  char   *person_name;     /* set by ea_documents_expiring() */
  char   *sha256;
  char   *filename;
  char   *mime_type;
  char   *category;
  char   *category_label;
  char   *title;
  char   *issued_on;
  char   *expires_on;
  int     page_count;
  char   *text_state;      /* pending, done, none, failed */
  char   *added_at;
} EaDocument;

void        ea_document_free             (EaDocument  *document);
gint64      ea_document_add              (EaSession   *session,
                                          gint64       person_id,
                                          const char  *path,
                                          const char  *category,
                                          const char  *title,
                                          const char  *issued_on,
                                          const char  *expires_on,
                                          GError     **error);
GPtrArray  *ea_documents_list            (EaSession   *session,
                                          gint64       person_id,
                                          GError     **error);
GPtrArray  *ea_documents_expiring        (EaSession   *session,
                                          const char  *until,
                                          GError     **error);
EaDocument *ea_document_get              (EaSession   *session,
                                          gint64       document_id,
                                          GError     **error);
char       *ea_document_open_file        (EaSession   *session,
                                          gint64       document_id,
                                          GError     **error);
void        ea_documents_remove_viewed_copies (void);
gboolean    ea_document_export           (EaSession   *session,
                                          gint64       document_id,
                                          const char  *path,
                                          GError     **error);
gboolean    ea_document_extract_text     (EaSession   *session,
                                          gint64       document_id,
                                          GError     **error);
guint       ea_documents_extract_pending (EaSession   *session,
                                          GError     **error);
char       *ea_document_ocr_file         (const char  *path,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaDocument, ea_document_free)

G_END_DECLS
