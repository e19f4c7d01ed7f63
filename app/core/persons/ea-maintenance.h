/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

gboolean ea_maintenance_backup (EaSession   *session,
                                const char  *destination,
                                GError     **error);
gboolean ea_maintenance_check  (EaSession   *session,
                                GPtrArray  **problems,
                                GError     **error);
gboolean ea_maintenance_remove_orphans (EaSession  *session,
                                        guint      *n_removed,
                                        GError    **error);

G_END_DECLS
