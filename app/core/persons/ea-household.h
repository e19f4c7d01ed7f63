/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

gint64   ea_household_add_member    (EaSession     *session,
                                     gint64         person_id,
                                     gint64         member_id,
                                     const char    *role,
                                     GError       **error);
gboolean ea_household_remove_member (EaSession     *session,
                                     gint64         member_id,
                                     GError       **error);
gboolean ea_household_set_role      (EaSession     *session,
                                     gint64         member_id,
                                     const char    *role,
                                     GError       **error);
gint64   ea_household_split         (EaSession     *session,
                                     const gint64  *member_ids,
                                     guint          n_members,
                                     GError       **error);

G_END_DECLS
