/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-occupancy.h"
#include "ea-person-list.h"
#include "ea-session.h"

G_BEGIN_DECLS

gboolean ea_list_export_persons   (EaSession     *session,
                                   EaPersonList  *list,
                                   const char    *path,
                                   GError       **error);
gboolean ea_list_export_occupancy (EaSession     *session,
                                   GListModel    *facilities,
                                   const char    *date,
                                   const char    *path,
                                   GError       **error);
gboolean ea_list_export_housing   (EaSession     *session,
                                   const char    *path,
                                   GError       **error);

G_END_DECLS
