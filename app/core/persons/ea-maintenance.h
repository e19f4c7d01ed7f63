/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/**
 * EaMaintenanceCopy:
 * @rows: rows copied, in all tables
 * @documents: documents' contents copied (those the target lacked)
 * @audit_entries: entries of the audit log, verified on the copy
 */
typedef struct
{
  gint64  rows;
  guint   documents;
  guint64 audit_entries;
} EaMaintenanceCopy;

gboolean ea_maintenance_backup (EaSession   *session,
                                const char  *destination,
                                GError     **error);
gboolean ea_maintenance_copy   (EaSession         *session,
                                const char        *target,
                                EaMaintenanceCopy *result,
                                GError           **error);
gboolean ea_maintenance_check  (EaSession   *session,
                                GPtrArray  **problems,
                                GError     **error);
gboolean ea_maintenance_remove_orphans (EaSession  *session,
                                        guint      *n_removed,
                                        GError    **error);

G_END_DECLS
