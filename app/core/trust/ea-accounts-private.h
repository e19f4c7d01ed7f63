/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-accounts.h"

G_BEGIN_DECLS

/* Accounts inside core: the demo's accounts, setting up an office, and
 * changing a password use these without a session's rights check. */
char         *_ea_accounts_hash_password    (const char        *password,
                                             GError           **error);
gint64        _ea_accounts_create_user      (EaStore           *self,
                                             gint64             actor_id,
                                             const char        *login,
                                             const char        *display_name,
                                             const char        *password,
                                             const char        *role,
                                             GError           **error);

G_END_DECLS
