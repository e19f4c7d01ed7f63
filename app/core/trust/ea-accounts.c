/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-accounts"

#include "config.h"

#include "ea-accounts-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-trust-sql-private.h"

/* Accounts, for administrators: create, change roles, disable, reset a
 * password, limit to facilities. Every change is audited; the office is
 * never left without an administrator who can log in. */

void
ea_account_free (EaAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->login);
  g_free (account->display_name);
  g_free (account->last_login_at);
  g_clear_pointer (&account->facility_ids, g_array_unref);
  g_free (account);
}

static EaAccount *
read_account (EaStmt *stmt)
{
  EaAccount *account = g_new0 (EaAccount, 1);
  const char *roles = _ea_stmt_column_text (stmt, 6);
  const char *facilities = _ea_stmt_column_text (stmt, 7);
  g_auto(GStrv) role_codes = g_strsplit (roles ? roles : "", ",", -1);
  g_auto(GStrv) facility_ids = g_strsplit (facilities ? facilities : "", ",", -1);

  account->id = _ea_stmt_column_int64 (stmt, 0);
  account->login = g_strdup (_ea_stmt_column_text (stmt, 1));
  account->display_name = g_strdup (_ea_stmt_column_text (stmt, 2));
  account->disabled = _ea_stmt_column_int (stmt, 3) != 0;
  account->locked = _ea_stmt_column_int (stmt, 4) != 0;
  account->must_change_password = _ea_stmt_column_int (stmt, 5) != 0;
  account->last_login_at = g_strdup (_ea_stmt_column_text (stmt, 8));
  for (guint i = 0; role_codes[i] != NULL; i++)
    account->roles |= _ea_role_from_code (role_codes[i]);
  account->facility_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; facility_ids[i] != NULL; i++)
    if (*facility_ids[i] != '\0')
      {
        gint64 id = g_ascii_strtoll (facility_ids[i], NULL, 10);

        g_array_append_val (account->facility_ids, id);
      }
  return account;
}

/**
 * ea_accounts_list:
 * @session: an administrator's session
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type EaAccount): every account, by
 *   name, or %NULL with @error set
 */
GPtrArray *
ea_accounts_list (EaSession  *session,
                  GError    **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_account_free);
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *now = ea_clock_timestamp ();
  EaStore *store;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_MANAGE_USERS, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, _ea_trust_sql.accounts_by_name, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, now);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    g_ptr_array_add (accounts, read_account (stmt));
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the accounts"));
      return NULL;
    }
  return g_steal_pointer (&accounts);
}

static EaAccount *
load_account (EaStore     *store,
              gint64       account_id,
              GError     **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_trust_sql.account_by_id, error);
  g_autofree char *now = ea_clock_timestamp ();

  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, now);
  _ea_stmt_bind_int64 (stmt, 2, account_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);

      ea_error_set (error, EA_ERROR_NOT_FOUND, _("There is no account with the number %s."),
                    number);
      return NULL;
    }
  return read_account (stmt);
}

static gboolean
check_display_name (const char  *display_name,
                    GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (display_name ? display_name : ""));

  if (*stripped == '\0')
    return ea_error_set (error, EA_ERROR_INVALID, _("Enter the name of the person who uses "
                                                    "the account."));
  return TRUE;
}

static gboolean
check_roles (EaRoles   roles,
             GError  **error)
{
  if ((roles & (EA_ROLE_ADMIN | EA_ROLE_HOUSING | EA_ROLE_SOCIAL | EA_ROLE_READER)) == 0)
    return ea_error_set (error, EA_ERROR_INVALID, _("Give the account at least one role."));
  return TRUE;
}

static gboolean
write_roles (EaStore     *store,
             gint64       account_id,
             EaRoles      roles,
             GError     **error)
{
  g_autoptr(EaStmt) clear = NULL;
  g_autoptr(EaStmt) insert = NULL;
  g_auto(GStrv) codes = _ea_roles_dup_codes (roles);

  clear = _ea_store_prepare (store, _ea_trust_sql.delete_roles, error);
  insert = clear ? _ea_store_prepare (store, _ea_trust_sql.insert_role, error) : NULL;
  if (insert == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (clear, 1, account_id);
  if (_ea_stmt_step (clear) != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot assign the role"));
  for (guint i = 0; codes[i] != NULL; i++)
    {
      _ea_stmt_reset (insert);
      _ea_stmt_bind_int64 (insert, 1, account_id);
      _ea_stmt_bind_text (insert, 2, codes[i]);
      if (_ea_stmt_step (insert) != EA_STMT_DONE)
        return _ea_store_set_error (store, error, _("Cannot assign the role"));
    }
  return TRUE;
}

/* A change of an account, as _ea_change() runs it. */
typedef struct
{
  gint64        id;
  const char   *login;
  const char   *display_name;
  const char   *password;      /* as typed when creating; the hash when resetting */
  EaRoles       roles;
  gboolean      disabled;
  const char   *detail;
  const gint64 *facility_ids;
  guint         n_facilities;
} AccountChange;

static gboolean
create_change (EaSession     *session,
               gpointer       data,
               EaAuditRecord *record,
               GError       **error)
{
  AccountChange *c = data;
  EaStore *store = ea_session_get_store (session);
  g_auto(GStrv) codes = _ea_roles_dup_codes (c->roles);

  /* Creating the user writes its own audit entry. */
  c->id = _ea_accounts_create_user (store, ea_session_get_user_id (session), c->login,
                                    c->display_name, c->password, codes[0], error);
  return c->id > 0 &&
         write_roles (store, c->id, c->roles, error) &&
         _ea_store_exec_bound (store, _ea_trust_sql.require_password_change, error, "i",
                               c->id);
}

static gboolean
update_change (EaSession     *session,
               gpointer       data,
               EaAuditRecord *record,
               GError       **error)
{
  AccountChange *c = data;
  EaStore *store = ea_session_get_store (session);

  *record = (EaAuditRecord) { .action = "update", .object_type = "user", .object_id = c->id,
                              .detail = c->detail };
  return _ea_store_exec_bound (store, _ea_trust_sql.update_account, error, "sii",
                               c->display_name, (gint64) (c->disabled ? 1 : 0), c->id) &&
         write_roles (store, c->id, c->roles, error);
}

static gboolean
reset_password_change (EaSession     *session,
                       gpointer       data,
                       EaAuditRecord *record,
                       GError       **error)
{
  AccountChange *c = data;

  *record = (EaAuditRecord) { .action = "reset-password", .object_type = "user",
                              .object_id = c->id };
  return _ea_store_exec_bound (ea_session_get_store (session), _ea_trust_sql.reset_password,
                               error, "si", c->password, c->id);
}

static gboolean
facilities_change (EaSession     *session,
                   gpointer       data,
                   EaAuditRecord *record,
                   GError       **error)
{
  AccountChange *c = data;
  EaStore *store = ea_session_get_store (session);

  if (!_ea_store_exec_bound (store, _ea_trust_sql.delete_user_facilities, error, "i", c->id))
    return FALSE;
  for (guint i = 0; i < c->n_facilities; i++)
    if (!_ea_store_exec_bound (store, _ea_trust_sql.insert_user_facility, error, "ii", c->id,
                               c->facility_ids[i]))
      return FALSE;
  *record = (EaAuditRecord) { .action = "set-facilities", .object_type = "user",
                              .object_id = c->id, .detail = c->detail };
  return TRUE;
}

/**
 * ea_accounts_create:
 * @session: an administrator's session
 * @login: the new login
 * @display_name: the name of the person who uses it
 * @password: a first password; the user must change it at first login
 * @roles: at least one role
 * @error: a #GError
 *
 * Returns: the new account's id, or 0 with @error set
 */
gint64
ea_accounts_create (EaSession   *session,
                    const char  *login,
                    const char  *display_name,
                    const char  *password,
                    EaRoles      roles,
                    GError     **error)
{
  g_autofree char *stripped_login = NULL;
  g_autofree char *stripped_name = NULL;
  AccountChange change;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_MANAGE_USERS, 0, error))
    return 0;
  stripped_login = g_strstrip (g_strdup (login ? login : ""));
  stripped_name = g_strstrip (g_strdup (display_name ? display_name : ""));
  if (*stripped_login == '\0' || strpbrk (stripped_login, " \t") != NULL)
    {
      ea_error_set (error, EA_ERROR_INVALID, _("Enter a login without spaces."));
      return 0;
    }
  if (!check_display_name (stripped_name, error) || !check_roles (roles, error) ||
      !ea_check_new_password (password, error))
    return 0;

  change = (AccountChange) { .login = stripped_login, .display_name = stripped_name,
                             .password = password, .roles = roles };
  if (!_ea_change (session, EA_RIGHT_MANAGE_USERS, 0, create_change, &change, error))
    return 0;
  return change.id;
}

/* Whether another account than @account_id can still administer: an
 * enabled account with the administrator role. */
static gboolean
has_other_admin (EaStore *store,
                 gint64   account_id)
{
  return _ea_store_lookup_id (store, _ea_trust_sql.count_other_admins, account_id) > 0;
}

/**
 * ea_accounts_update:
 * @session: an administrator's session
 * @account_id: the account
 * @display_name: its name
 * @roles: at least one role
 * @disabled: whether logging in is refused from now on
 * @error: a #GError
 *
 * Changes an account. The last enabled administrator keeps the role and
 * cannot be disabled, and nobody disables their own account.
 */
gboolean
ea_accounts_update (EaSession   *session,
                    gint64       account_id,
                    const char  *display_name,
                    EaRoles      roles,
                    gboolean     disabled,
                    GError     **error)
{
  g_autoptr(EaAccount) account = NULL;
  g_autofree char *stripped_name = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *codes_text = NULL;
  g_auto(GStrv) codes = NULL;
  EaStore *store;
  gboolean was_admin, stays_admin;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_MANAGE_USERS, 0, error))
    return FALSE;
  store = ea_session_get_store (session);
  account = load_account (store, account_id, error);
  if (account == NULL)
    return FALSE;
  stripped_name = g_strstrip (g_strdup (display_name ? display_name : ""));
  if (!check_display_name (stripped_name, error) || !check_roles (roles, error))
    return FALSE;

  if (disabled && account_id == ea_session_get_user_id (session))
    return ea_error_set (error, EA_ERROR_RULE, _("You cannot disable your own account."));
  was_admin = (account->roles & EA_ROLE_ADMIN) && !account->disabled;
  stays_admin = (roles & EA_ROLE_ADMIN) && !disabled;
  if (was_admin && !stays_admin && !has_other_admin (store, account_id))
    return ea_error_set (error, EA_ERROR_RULE,
                         _("“%s” is the last administrator: give another account the "
                           "administrator role first."), account->login);

  codes = _ea_roles_dup_codes (roles);
  codes_text = g_strjoinv (",", codes);
  detail = g_strdup_printf ("roles=%s disabled=%d", codes_text, disabled ? 1 : 0);
  return _ea_change (session, EA_RIGHT_MANAGE_USERS, 0, update_change,
                     &(AccountChange) { .id = account_id, .display_name = stripped_name,
                                        .roles = roles, .disabled = disabled,
                                        .detail = detail },
                     error);
}

/**
 * ea_accounts_reset_password:
 * @session: an administrator's session
 * @account_id: the account
 * @password: a new first password
 * @error: a #GError
 *
 * Gives an account a new password that its user must change at the next
 * login, and lifts a lock after wrong passwords.
 */
gboolean
ea_accounts_reset_password (EaSession   *session,
                            gint64       account_id,
                            const char  *password,
                            GError     **error)
{
  g_autoptr(EaAccount) account = NULL;
  g_autofree char *hash = NULL;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_MANAGE_USERS, 0, error))
    return FALSE;
  store = ea_session_get_store (session);
  account = load_account (store, account_id, error);
  if (account == NULL || !ea_check_new_password (password, error))
    return FALSE;
  hash = _ea_accounts_hash_password (password, error);
  if (hash == NULL)
    return FALSE;
  return _ea_change (session, EA_RIGHT_MANAGE_USERS, 0, reset_password_change,
                     &(AccountChange) { .id = account_id, .password = hash }, error);
}

/**
 * ea_accounts_set_facilities:
 * @session: an administrator's session
 * @account_id: the account
 * @facility_ids: (array length=n_facilities) (nullable): the facilities
 * @n_facilities: how many; 0 for all facilities
 * @error: a #GError
 *
 * Limits an account to some facilities (DESIGN.md: social workers can be
 * limited to the facilities assigned to them). Takes effect at the user's
 * next login.
 */
gboolean
ea_accounts_set_facilities (EaSession    *session,
                            gint64        account_id,
                            const gint64 *facility_ids,
                            guint         n_facilities,
                            GError      **error)
{
  g_autoptr(EaAccount) account = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (n_facilities == 0 || facility_ids != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_MANAGE_USERS, 0, error))
    return FALSE;
  store = ea_session_get_store (session);
  account = load_account (store, account_id, error);
  if (account == NULL)
    return FALSE;
  for (guint i = 0; i < n_facilities; i++)
    {
      if (_ea_store_lookup_id (store, _ea_trust_sql.facility_exists, facility_ids[i]) <= 0)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, facility_ids[i]);

          return ea_error_set (error, EA_ERROR_NOT_FOUND,
                               _("There is no facility with the number %s."), number);
        }
      g_string_append_printf (detail, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              facility_ids[i]);
    }

  return _ea_change (session, EA_RIGHT_MANAGE_USERS, 0, facilities_change,
                     &(AccountChange) { .id = account_id, .facility_ids = facility_ids,
                                        .n_facilities = n_facilities,
                                        .detail = detail->len > 0 ? detail->str : "all" },
                     error);
}

/* An argon2id hash in the PHC string format, for the users table. */
char *
_ea_accounts_hash_password (const char  *password,
                            GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_FAILED,
                           _("Not enough memory to hash the password."));
      return NULL;
    }
  return g_strdup (hash);
}

gint64
_ea_accounts_create_user (EaStore     *self,
                          gint64       actor_id,
                          const char  *login,
                          const char  *display_name,
                          const char  *password,
                          const char  *role,
                          GError     **error)
{
  g_autoptr(EaStmt) user = NULL;
  g_autoptr(EaStmt) user_role = NULL;
  g_autofree char *now = ea_clock_timestamp ();
  g_autofree char *hash = NULL;
  gint64 id;

  if (login[0] == '\0' || strlen (login) > 64)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The login must have between 1 and 64 characters."));
      return -1;
    }
  if (strlen (password) < 4)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The password must have at least 4 characters."));
      return -1;
    }
  hash = _ea_accounts_hash_password (password, error);
  if (hash == NULL)
    return -1;

  user = _ea_store_prepare (self, _ea_trust_sql.insert_user, error);
  if (user == NULL)
    return -1;
  _ea_stmt_bind_text (user, 1, login);
  _ea_stmt_bind_text (user, 2, display_name);
  _ea_stmt_bind_text (user, 3, hash);
  _ea_stmt_bind_text (user, 4, now);
  if (actor_id > 0)
    _ea_stmt_bind_int64 (user, 5, actor_id);
  else
    _ea_stmt_bind_null (user, 5);
  if (_ea_stmt_step (user) != EA_STMT_DONE)
    {
      if (_ea_store_failed_on_unique (self))
        g_set_error (error, EA_ERROR, EA_ERROR_EXISTS,
                     _("There is already an account with the login “%s”."), login);
      else
        _ea_store_set_error (self, error, _("Cannot create the account"));
      return -1;
    }
  id = _ea_store_last_insert_id (self);

  user_role = _ea_store_prepare (self, _ea_trust_sql.insert_role, error);
  if (user_role == NULL)
    return -1;
  _ea_stmt_bind_int64 (user_role, 1, id);
  _ea_stmt_bind_text (user_role, 2, role);
  if (_ea_stmt_step (user_role) != EA_STMT_DONE)
    {
      _ea_store_set_error (self, error, _("Cannot assign the role"));
      return -1;
    }

  if (!_ea_audit_append (self, actor_id > 0 ? actor_id : id,
                         &(EaAuditRecord) { .action = "create", .object_type = "user",
                                            .object_id = id, .detail = login },
                         error))
    return -1;
  return id;
}

typedef struct
{
  EaStore    *store;
  const char *ags;
  const char *office_name;
  const char *admin_login;
  const char *admin_password;
} Initializing;

/* The first administrator, the office's settings and the entry that
 * begins the audit log: before anybody is logged in, so no right. */
static gboolean
initialize_change (gpointer   data,
                   GError   **error)
{
  Initializing *c = data;
  gint64 admin_id = _ea_accounts_create_user (c->store, 0, c->admin_login, c->admin_login,
                                              c->admin_password, "admin", error);

  return admin_id > 0 &&
         _ea_store_set_setting (c->store, "ags", c->ags, error) &&
         _ea_store_set_setting (c->store, "office_name", c->office_name, error) &&
         _ea_audit_append (c->store, admin_id, &(EaAuditRecord) { .action = "initialize",
                                                                 .object_type = "database",
                                                                 .detail = c->ags }, error);
}

/**
 * ea_accounts_initialize_office:
 * @self: an empty store
 * @ags: the office's 8-digit Amtlicher Gemeindeschlüssel
 * @office_name: the office's name
 * @admin_login: the first administrator's login
 * @admin_password: the first administrator's password
 * @error: a #GError
 *
 * Sets up a new database for an office. This is the one operation without
 * a session: it is allowed only while no account exists, and it records
 * the new administrator as its actor.
 */
gboolean
ea_accounts_initialize_office (EaStore     *self,
                               const char  *ags,
                               const char  *office_name,
                               const char  *admin_login,
                               const char  *admin_password,
                               GError     **error)
{
  g_return_val_if_fail (EA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ags != NULL, FALSE);
  g_return_val_if_fail (office_name != NULL, FALSE);
  g_return_val_if_fail (admin_login != NULL, FALSE);
  g_return_val_if_fail (admin_password != NULL, FALSE);

  if (strlen (ags) != 8 || strspn (ags, "0123456789") != 8)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("The AGS “%s” is not valid: it has exactly 8 digits, such as 08315000."),
                   ags);
      return FALSE;
    }
  if (g_utf8_strlen (office_name, -1) < 1 || g_utf8_strlen (office_name, -1) > 200)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The office name must have between 1 and 200 characters."));
      return FALSE;
    }
  if (ea_store_has_users (self))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_EXISTS,
                   _("The database %s has been set up already."), ea_store_get_path (self));
      return FALSE;
    }

  return _ea_store_change (self, initialize_change,
                           &(Initializing) { self, ags, office_name, admin_login,
                                             admin_password }, error);
}
