/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

gboolean ea_person_export (EaSession   *session,
                           gint64       person_id,
                           const char  *path,
                           GError     **error);

G_END_DECLS
