/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/* A case note (Fallnotiz) in its latest revision. */
typedef struct
{
  gint64    id;
  gint64    person_id;      /* 0 for a household's note */
  gint64    household_id;   /* 0 for a person's note */
  gboolean  confidential;
  gboolean  hidden;         /* confidential and not the reader's: no text */
  guint     revision;       /* the latest; 1 when never edited */
  char     *date;           /* ISO */
  char     *category;       /* code */
  char     *category_label;
  char     *body;           /* NULL when hidden */
  char     *author;         /* who wrote the first revision */
  gint64    author_id;
  char     *editor;         /* who wrote the latest revision */
  char     *written_at;     /* when the latest revision was written, ISO UTC */
} EaCaseNote;

void        ea_case_note_free        (EaCaseNote  *note);
GPtrArray  *ea_case_notes_list       (EaSession   *session,
                                      gint64       person_id,
                                      GError     **error);
GPtrArray  *ea_case_note_revisions   (EaSession   *session,
                                      gint64       note_id,
                                      GError     **error);
gint64      ea_case_note_add         (EaSession   *session,
                                      gint64       person_id,
                                      gint64       household_id,
                                      const char  *date,
                                      const char  *category,
                                      const char  *body,
                                      gboolean     confidential,
                                      GError     **error);
gboolean    ea_case_note_edit        (EaSession   *session,
                                      gint64       note_id,
                                      const char  *date,
                                      const char  *category,
                                      const char  *body,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaCaseNote, ea_case_note_free)

G_END_DECLS
