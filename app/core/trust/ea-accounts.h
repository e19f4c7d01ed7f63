/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/**
 * EaAccount:
 * @id: the account's id
 * @login: what the user types to log in
 * @display_name: the person's name
 * @roles: the roles given
 * @disabled: whether logging in is refused
 * @locked: whether it is locked now after wrong passwords
 * @must_change_password: whether it still has a password an
 *   administrator set
 * @last_login_at: (nullable): ISO 8601 UTC, or %NULL if never
 * @facility_ids: (element-type gint64): the facilities the account is
 *   limited to; empty means all
 */
typedef struct
{
  gint64   id;
  char    *login;
  char    *display_name;
  EaRoles  roles;
  gboolean disabled;
  gboolean locked;
  gboolean must_change_password;
  char    *last_login_at;
  GArray  *facility_ids;
} EaAccount;

void       ea_account_free            (EaAccount    *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaAccount, ea_account_free)

GPtrArray *ea_accounts_list           (EaSession    *session,
                                       GError      **error);
gint64     ea_accounts_create         (EaSession    *session,
                                       const char   *login,
                                       const char   *display_name,
                                       const char   *password,
                                       EaRoles       roles,
                                       GError      **error);
gboolean   ea_accounts_update         (EaSession    *session,
                                       gint64        account_id,
                                       const char   *display_name,
                                       EaRoles       roles,
                                       gboolean      disabled,
                                       GError      **error);
gboolean   ea_accounts_reset_password (EaSession    *session,
                                       gint64        account_id,
                                       const char   *password,
                                       GError      **error);
gboolean   ea_accounts_set_facilities (EaSession    *session,
                                       gint64        account_id,
                                       const gint64 *facility_ids,
                                       guint         n_facilities,
                                       GError      **error);

gboolean   ea_accounts_initialize_office (EaStore    *store,
                                          const char *ags,
                                          const char *office_name,
                                          const char *admin_login,
                                          const char *admin_password,
                                          GError    **error);

G_END_DECLS
