/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/**
 * EaAuditFilter:
 * @user_id: only entries of this account, or 0
 * @person_id: only entries about this person, or 0
 * @since: (nullable): only entries at or after this moment
 * @until: (nullable): only entries before this moment
 *
 * Which audit entries to read. A zeroed filter reads them all.
 */
typedef struct
{
  gint64     user_id;
  gint64     person_id;
  GDateTime *since;
  GDateTime *until;
} EaAuditFilter;

/**
 * EaAuditEntry:
 *
 * One entry of the audit log as read, valid during the callback only.
 * @user_login and @person_name are %NULL when there are none.
 */
typedef struct
{
  gint64      id;
  GDateTime  *at;
  gint64      user_id;
  const char *user_login;
  const char *action;
  const char *object_type;
  gint64      object_id;
  gint64      person_id;
  const char *person_name;
  const char *detail;
  const char *hash;
} EaAuditEntry;

/* Returns %FALSE to stop. */
typedef gboolean (*EaAuditFunc) (const EaAuditEntry *entry,
                                 gpointer            user_data);

gboolean ea_audit_write_checkpoint (EaSession           *session,
                                    const char          *path,
                                    GError             **error);
gboolean ea_audit_check_checkpoint (EaSession           *session,
                                    const char          *path,
                                    GPtrArray           *problems,
                                    GError             **error);
gboolean ea_audit_verify          (EaSession            *session,
                                   guint64              *n_entries,
                                   GPtrArray           **problems,
                                   GError              **error);
gboolean ea_audit_foreach         (EaSession            *session,
                                   const EaAuditFilter  *filter,
                                   guint                 limit,
                                   EaAuditFunc           func,
                                   gpointer              user_data,
                                   GError              **error);
gboolean ea_audit_export_csv      (EaSession            *session,
                                   const EaAuditFilter  *filter,
                                   const char           *path,
                                   guint64              *n_written,
                                   GError              **error);
gboolean ea_audit_list_accounts   (EaSession            *session,
                                   GArray              **ids,
                                   GPtrArray           **labels,
                                   GError              **error);
char    *ea_audit_describe_action (const char           *action,
                                   const char           *object_type);
char    *ea_audit_describe_object (const char           *object_type,
                                   gint64                object_id);
char    *ea_audit_describe_detail (const char           *action,
                                   const char           *object_type,
                                   const char           *detail);

G_END_DECLS
