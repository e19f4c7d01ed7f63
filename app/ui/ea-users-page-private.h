/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-users-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
guint         _ea_users_page_get_n_accounts (EaUsersPage *self);
EaSettingsPage  *_ea_users_page_get_settings (EaUsersPage *self);
EaRetentionPage *_ea_users_page_get_retention (EaUsersPage *self);
EaEditDialog *_ea_users_page_open_create    (EaUsersPage *self);
EaEditDialog *_ea_users_page_open_edit      (EaUsersPage *self,
                                             gint64       account_id);

G_END_DECLS
