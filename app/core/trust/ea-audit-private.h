/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-audit.h"
#include "ea-store-private.h"

G_BEGIN_DECLS

/**
 * EaAuditRecord:
 * @action: what was done ("check-in", "read", …)
 * @object_type: to what kind of thing ("stay", "person", …)
 * @object_id: which one, or 0
 * @person_id: the person it concerns, or 0
 * @detail: (nullable): a day, a name of no person, a count
 *
 * What a change or a reading writes to the audit log. Written with
 * designated fields, so that a reader sees which value is which:
 * `&(EaAuditRecord) { .action = "move", .object_type = "stay", … }`.
 */
typedef struct
{
  const char *action;
  const char *object_type;
  gint64      object_id;
  gint64      person_id;
  const char *detail;
} EaAuditRecord;

gboolean _ea_audit_append (EaStore             *store,
                           gint64               user_id,
                           const EaAuditRecord *record,
                           GError             **error);
gboolean _ea_audit_record (EaSession           *session,
                           const EaAuditRecord *record,
                           GError             **error);
gboolean _ea_audit_verify_chain (EaStore          *store,
                                 guint64          *n_entries,
                                 GPtrArray        *problems,
                                 GError          **error);
char    *_ea_audit_hash   (const char          *prev_hash,
                           const char          *at,
                           gint64               user_id,
                           const char          *action,
                           const char          *object_type,
                           gint64               object_id,
                           gint64               person_id,
                           const char          *detail);

G_END_DECLS
