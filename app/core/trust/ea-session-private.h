/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-session.h"

G_BEGIN_DECLS

EaRoles _ea_role_from_code  (const char *code);
GStrv   _ea_roles_dup_codes (EaRoles     roles);
GArray *_ea_session_dup_facility_ids (EaSession *self);

G_END_DECLS
