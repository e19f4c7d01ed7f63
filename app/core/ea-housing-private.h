/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-store-private.h"

G_BEGIN_DECLS

gboolean _ea_housing_check_area (EaStore     *store,
                                 const char  *room_name,
                                 double       area,
                                 int          persons,
                                 GError     **error);

G_END_DECLS
