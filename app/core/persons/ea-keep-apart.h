/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/* A keep-apart note (Konfliktvermerk): two persons not to be housed in
 * one room. */
typedef struct
{
  gint64  id;
  gint64  other_id;     /* the other person */
  char   *other_name;
  char   *reason;       /* NULL for those who may not see it */
  char   *created_on;   /* YYYY-MM-DD */
  char   *created_by;
} EaKeepApart;

void       ea_keep_apart_free   (EaKeepApart *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaKeepApart, ea_keep_apart_free)

GPtrArray *ea_keep_apart_list   (EaSession   *session,
                                 gint64       person_id,
                                 GError     **error);
guint      ea_keep_apart_add    (EaSession   *session,
                                 gint64       person_id,
                                 gint64       other_id,
                                 gboolean     households,
                                 const char  *reason,
                                 GError     **error);
gboolean   ea_keep_apart_remove (EaSession   *session,
                                 gint64       note_id,
                                 GError     **error);

G_END_DECLS
