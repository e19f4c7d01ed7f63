/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

gboolean ea_audit_verify (EaSession   *session,
                          guint64     *n_entries,
                          GPtrArray  **problems,
                          GError     **error);

G_END_DECLS
