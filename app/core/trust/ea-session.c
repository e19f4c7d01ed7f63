/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-session"

#include "config.h"

#include "ea-session-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "ea-accounts-private.h"
#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-store-private.h"
#include "ea-trust-sql-private.h"

struct _EaSession
{
  GObject  parent_instance;

  EaStore *store;
  gint64   user_id;
  char    *login;
  char    *display_name;
  EaRoles  roles;
  gboolean must_change_password;
  /* Facility ids a social worker is limited to; NULL means all. */
  GHashTable *facilities;
};

G_DEFINE_FINAL_TYPE (EaSession, ea_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_USER_ID,
  PROP_LOGIN,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define LOCK_MINUTES 15

#define ALL   (EA_ROLE_ADMIN | EA_ROLE_HOUSING | EA_ROLE_SOCIAL | EA_ROLE_READER)
#define STAFF (EA_ROLE_HOUSING | EA_ROLE_SOCIAL)

/* The roles of DESIGN.md "Access and data protection". The full matrix,
 * with facility scoping and the audit of reads, is refined in the rights
 * issue; every operation already passes through this table. */
static const struct {
  EaRight     right;
  EaRoles     roles;
  const char *what;
} rights[EA_N_RIGHTS] = {
  { EA_RIGHT_VIEW_OCCUPANCY, ALL, N_("see the occupancy") },
  { EA_RIGHT_VIEW_STATISTICS, ALL, N_("see statistics") },
  { EA_RIGHT_VIEW_PERSONS, EA_ROLE_ADMIN | STAFF, N_("see persons") },
  { EA_RIGHT_EDIT_PERSONS, STAFF, N_("change persons") },
  { EA_RIGHT_VIEW_SPECIAL_CATEGORIES, STAFF, N_("see special-category data") },
  { EA_RIGHT_MANAGE_HOUSING, EA_ROLE_HOUSING | EA_ROLE_ADMIN, N_("manage facilities and beds") },
  { EA_RIGHT_EDIT_STAYS, EA_ROLE_HOUSING, N_("check persons in and out") },
  { EA_RIGHT_VIEW_CASE_NOTES, EA_ROLE_SOCIAL, N_("read case notes") },
  { EA_RIGHT_EDIT_CASE_NOTES, EA_ROLE_SOCIAL, N_("write case notes") },
  { EA_RIGHT_VIEW_DOCUMENTS, STAFF, N_("see documents") },
  { EA_RIGHT_EDIT_DOCUMENTS, EA_ROLE_SOCIAL, N_("add documents") },
  { EA_RIGHT_IMPORT, EA_ROLE_ADMIN, N_("import transfers") },
  { EA_RIGHT_REPORTS, EA_ROLE_ADMIN | EA_ROLE_HOUSING, N_("produce the FlüAG report") },
  { EA_RIGHT_MANAGE_USERS, EA_ROLE_ADMIN, N_("manage accounts") },
  { EA_RIGHT_SETTINGS, EA_ROLE_ADMIN, N_("change settings") },
  { EA_RIGHT_AUDIT, EA_ROLE_ADMIN, N_("read the audit log") },
  { EA_RIGHT_MAINTAIN_DATABASE, EA_ROLE_ADMIN, N_("back up and check the database") },
  /* Housing managers see documents, but not those about health. */
  { EA_RIGHT_VIEW_HEALTH_DOCUMENTS, EA_ROLE_SOCIAL, N_("see health documents") },
  { EA_RIGHT_EXPORT_PERSON, EA_ROLE_ADMIN,
    N_("export everything stored about a person (subject-access request)") },
  { EA_RIGHT_RETENTION, EA_ROLE_ADMIN, N_("delete what the retention periods make due") },
};

static const struct {
  EaRoles     role;
  const char *code;
  const char *label;
} role_names[] = {
  { EA_ROLE_ADMIN,   "admin",   N_("Administrator") },
  { EA_ROLE_HOUSING, "housing", N_("Housing management") },
  { EA_ROLE_SOCIAL,  "social",  N_("Social work") },
  { EA_ROLE_READER,  "reader",  N_("Management (statistics only)") },
};

static void
ea_session_finalize (GObject *object)
{
  EaSession *self = (EaSession *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->facilities, g_hash_table_unref);

  G_OBJECT_CLASS (ea_session_parent_class)->finalize (object);
}

static void
ea_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EaSession *self = EA_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ea_session_class_init (EaSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ea_session_finalize;
  object_class->get_property = ea_session_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, EA_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ea_session_init (EaSession *self)
{
}

EaRoles
_ea_role_from_code (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (role_names[i].code, code) == 0)
      return role_names[i].role;
  return EA_ROLE_NONE;
}

/* The codes of the roles in @roles, in the users tables' spelling. */
GStrv
_ea_roles_dup_codes (EaRoles roles)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (roles & role_names[i].role)
      g_strv_builder_add (builder, role_names[i].code);
  return g_strv_builder_end (builder);
}

/**
 * ea_roles_dup_label:
 * @roles: roles
 *
 * Returns: (transfer full): the roles in words, for the UI
 */
char *
ea_roles_dup_label (EaRoles roles)
{
  GString *label = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (!(roles & role_names[i].role))
        continue;
      if (label->len > 0)
        g_string_append (label, ", ");
      g_string_append (label, _(role_names[i].label));
    }
  return g_string_free (label, FALSE);
}

/* Counts a wrong password (the fifth in a row locks the account for a
 * quarter of an hour) or resets the count after a right one, with its
 * audit entry, inside the login's transaction. */
static gboolean
record_login (EaStore     *store,
              gint64       user_id,
              gboolean     success,
              GError     **error)
{
  g_autofree char *now = ea_clock_timestamp ();
  g_autoptr(GDateTime) clock = ea_clock_now ();
  g_autoptr(GDateTime) lock_end = g_date_time_add_minutes (clock, LOCK_MINUTES);
  g_autoptr(GDateTime) lock_end_utc = g_date_time_to_utc (lock_end);
  g_autofree char *locked_until = g_date_time_format (lock_end_utc, "%Y-%m-%dT%H:%M:%SZ");
  gboolean ok;

  if (success)
    ok = _ea_store_exec_bound (store, _ea_trust_sql.login_succeeded, error, "is", user_id, now);
  else
    ok = _ea_store_exec_bound (store, _ea_trust_sql.login_failed, error, "is", user_id,
                               locked_until);
  return ok && _ea_audit_append (store, user_id,
                                 &(EaAuditRecord) { .action = success ? "login" : "login-failed",
                                                    .object_type = "user", .object_id = user_id },
                                 error);
}

typedef struct
{
  gint64    id;
  char     *login;
  char     *display_name;
  char     *hash;
  gboolean  disabled;
  char     *locked_until;   /* NULL when not locked now */
  gboolean  must_change_password;
} Account;

static void
account_clear (Account *account)
{
  g_free (account->login);
  g_free (account->display_name);
  if (account->hash != NULL)
    sodium_memzero (account->hash, strlen (account->hash));
  g_free (account->hash);
  g_free (account->locked_until);
  *account = (Account) { 0 };
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, account_clear)

static gboolean
read_account (EaStore     *store,
              const char  *login,
              Account     *account,
              GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *now = ea_clock_timestamp ();
  int rc;

  stmt = _ea_store_prepare (store, _ea_trust_sql.account_by_login, error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text (stmt, 1, login);
  _ea_stmt_bind_text (stmt, 2, now);
  rc = _ea_stmt_step (stmt);
  if (rc == EA_STMT_DONE)
    return TRUE;
  if (rc != EA_STMT_ROW)
    return _ea_store_set_error (store, error, _("Cannot read the account"));
  account->id = _ea_stmt_column_int64 (stmt, 0);
  account->login = g_strdup (_ea_stmt_column_text (stmt, 1));
  account->display_name = g_strdup (_ea_stmt_column_text (stmt, 2));
  account->hash = g_strdup (_ea_stmt_column_text (stmt, 3));
  account->disabled = _ea_stmt_column_int (stmt, 4) != 0;
  account->locked_until = g_strdup (_ea_stmt_column_text (stmt, 5));
  account->must_change_password = _ea_stmt_column_int (stmt, 6) != 0;
  return TRUE;
}

static gboolean
load_rights (EaSession  *self,
             GError    **error)
{
  g_autoptr(EaStmt) roles = NULL;
  g_autoptr(EaStmt) facilities = NULL;

  roles = _ea_store_prepare (self->store, _ea_trust_sql.roles_of_user, error);
  if (roles == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (roles, 1, self->user_id);
  while (_ea_stmt_step (roles) == EA_STMT_ROW)
    self->roles |= _ea_role_from_code (_ea_stmt_column_text (roles, 0));

  facilities = _ea_store_prepare (self->store, _ea_trust_sql.facilities_of_user, error);
  if (facilities == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (facilities, 1, self->user_id);
  while (_ea_stmt_step (facilities) == EA_STMT_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = _ea_stmt_column_int64 (facilities, 0);
      if (self->facilities == NULL)
        self->facilities = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_add (self->facilities, id);
    }
  return TRUE;
}

typedef struct
{
  EaStore    *store;
  const char *login;
  const char *password;
  Account    *account;
  gboolean    right;     /* the password is right */
  gboolean    refused;   /* no such account, or locked: nothing to count */
} LoggingIn;

/* Reads the account, checks the password and counts the login (with its
 * audit entry), in one write transaction. */
static gboolean
login_change (gpointer   data,
              GError   **error)
{
  LoggingIn *c = data;
  Account *account = c->account;

  account_clear (account);
  if (!read_account (c->store, c->login, account, error))
    return FALSE;
  if (account->id == 0)
    {
      c->refused = TRUE;
      return ea_error_set (error, EA_ERROR_AUTH, _("The login or the password is wrong."));
    }

  /* A locked account is refused before its password is even checked, so
   * guessing goes no faster while the lock lasts. */
  if (account->locked_until != NULL)
    {
      g_autoptr(GDateTime) until_utc = g_date_time_new_from_iso8601 (account->locked_until,
                                                                     NULL);
      g_autoptr(GDateTime) until = until_utc ? ea_clock_to_office (until_utc) : NULL;
      g_autofree char *time = until ? g_date_time_format (until, "%H:%M") : g_strdup ("");

      c->refused = TRUE;
      return ea_error_set (error, EA_ERROR_AUTH,
                           _("This account is locked after repeated wrong passwords until %s. "
                             "Please wait or ask your administrator."), time);
    }

  c->right = crypto_pwhash_str_verify (account->hash, c->password, strlen (c->password)) == 0;
  return record_login (c->store, account->id, c->right && !account->disabled, error);
}

/**
 * ea_session_login:
 * @store: an #EaStore
 * @login: the account's login
 * @password: its password
 * @error: a #GError
 *
 * Checks the password against the argon2id hash and opens a session. The
 * message of a refusal does not tell whether the login or the password was
 * wrong.
 *
 * Reading the account, checking the password and counting a wrong one
 * (with its audit entry) are one write transaction: logins queue one
 * behind the other, so no number of tries in parallel checks more than
 * the five passwords that lock the account, and none goes uncounted.
 * When the count cannot be stored, the password is not even checked.
 *
 * Returns: (transfer full): the session, or %NULL with @error set
 */
EaSession *
ea_session_login (EaStore     *store,
                  const char  *login,
                  const char  *password,
                  GError     **error)
{
  g_autoptr(EaSession) self = NULL;
  g_auto(Account) account = { 0 };
  gboolean right;

  g_return_val_if_fail (EA_IS_STORE (store), NULL);
  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  {
    LoggingIn change = { store, login, password, &account, FALSE, FALSE };

    /* Logins wait for each other, not for the seats' changes. */
    if (!_ea_store_change_locking (store, EA_STORE_LOCK_LOGINS, 0, login_change, &change,
                                   error))
      {
        if (!change.refused)
          g_prefix_error (error, _("Nobody was logged in: "));
        return NULL;
      }
    right = change.right;
  }
  if (!right)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_AUTH,
                           _("The login or the password is wrong."));
      return NULL;
    }
  if (account.disabled)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_AUTH,
                           _("This account has been disabled. Please ask your administrator."));
      return NULL;
    }

  self = g_object_new (EA_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  self->user_id = account.id;
  self->login = g_steal_pointer (&account.login);
  self->display_name = g_steal_pointer (&account.display_name);
  self->must_change_password = account.must_change_password;
  if (!load_rights (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * ea_session_open_copy:
 * @self: a session
 * @error: a #GError
 *
 * The same account with the same rights on a connection of its own to the
 * same database, for work in another thread (a report, the statistics).
 * Make the copy in the thread that owns @self, then hand it over.
 *
 * Returns: (transfer full): the copy, or %NULL when the database cannot be
 *   opened
 */
EaSession *
ea_session_open_copy (EaSession  *self,
                      GError    **error)
{
  g_autoptr(EaStore) store = NULL;
  EaSession *copy;

  g_return_val_if_fail (EA_IS_SESSION (self), NULL);

  store = ea_store_open (ea_store_get_path (self->store), EA_STORE_OPEN_NONE, error);
  if (store == NULL)
    return NULL;
  copy = g_object_new (EA_TYPE_SESSION, NULL);
  copy->store = g_steal_pointer (&store);
  copy->user_id = self->user_id;
  copy->login = g_strdup (self->login);
  copy->display_name = g_strdup (self->display_name);
  copy->roles = self->roles;
  copy->must_change_password = self->must_change_password;
  if (self->facilities != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      copy->facilities = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, self->facilities);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (copy->facilities, g_memdup2 (key, sizeof (gint64)));
    }
  return copy;
}

EaStore *
ea_session_get_store (EaSession *self)
{
  g_return_val_if_fail (EA_IS_SESSION (self), NULL);

  return self->store;
}

gint64
ea_session_get_user_id (EaSession *self)
{
  g_return_val_if_fail (EA_IS_SESSION (self), 0);

  return self->user_id;
}

const char *
ea_session_get_login (EaSession *self)
{
  g_return_val_if_fail (EA_IS_SESSION (self), NULL);

  return self->login;
}

const char *
ea_session_get_display_name (EaSession *self)
{
  g_return_val_if_fail (EA_IS_SESSION (self), NULL);

  return self->display_name;
}

EaRoles
ea_session_get_roles (EaSession *self)
{
  g_return_val_if_fail (EA_IS_SESSION (self), EA_ROLE_NONE);

  return self->roles;
}

/**
 * ea_session_dup_roles_label:
 *
 * Returns: (transfer full): the user's roles in words, for the UI
 */
char *
ea_session_dup_roles_label (EaSession *self)
{
  g_return_val_if_fail (EA_IS_SESSION (self), NULL);

  return ea_roles_dup_label (self->roles);
}

/* The facilities the user is limited to, or %NULL for all (as for
 * administrators, whom assignments do not limit). */
GArray *
_ea_session_dup_facility_ids (EaSession *self)
{
  GArray *ids;
  GHashTableIter iter;
  gpointer key;

  if (self->facilities == NULL || (self->roles & EA_ROLE_ADMIN))
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_iter_init (&iter, self->facilities);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  return ids;
}

/**
 * ea_session_must_change_password:
 * @self: a session
 *
 * Whether the account still has the password an administrator gave it;
 * the user is to choose their own before anything else.
 */
gboolean
ea_session_must_change_password (EaSession *self)
{
  g_return_val_if_fail (EA_IS_SESSION (self), FALSE);

  return self->must_change_password;
}

/**
 * ea_check_new_password:
 * @password: a password someone is about to set
 * @error: a #GError
 *
 * The one rule for new passwords: at least %EA_PASSWORD_MIN_LENGTH
 * characters.
 */
gboolean
ea_check_new_password (const char  *password,
                       GError     **error)
{
  if (password == NULL || g_utf8_strlen (password, -1) < EA_PASSWORD_MIN_LENGTH)
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("The new password must have at least %d characters."),
                         EA_PASSWORD_MIN_LENGTH);
  return TRUE;
}

typedef struct
{
  EaSession  *session;
  const char *hash;
} ChangingPassword;

/* Every account may change its own password: no right, but the audit
 * entry in the account's name. */
static gboolean
change_password_change (gpointer   data,
                        GError   **error)
{
  ChangingPassword *c = data;
  EaSession *self = c->session;

  return _ea_store_exec_bound (self->store, _ea_trust_sql.set_own_password, error, "si",
                               c->hash, self->user_id) &&
         _ea_audit_append (self->store, self->user_id,
                           &(EaAuditRecord) { .action = "change-password",
                                              .object_type = "user",
                                              .object_id = self->user_id },
                           error);
}

/**
 * ea_session_change_password:
 * @self: a session
 * @current: the password now
 * @new_password: the one to set
 * @error: a #GError
 *
 * The user changes their own password; they prove it is them first.
 */
gboolean
ea_session_change_password (EaSession   *self,
                            const char  *current,
                            const char  *new_password,
                            GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (EA_IS_SESSION (self), FALSE);
  g_return_val_if_fail (current != NULL, FALSE);

  stmt = _ea_store_prepare (self->store, _ea_trust_sql.password_hash_of_user, error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, self->user_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW ||
      crypto_pwhash_str_verify (_ea_stmt_column_text (stmt, 0), current,
                                strlen (current)) != 0)
    return ea_error_set (error, EA_ERROR_AUTH, _("The current password is wrong."));
  g_clear_pointer (&stmt, _ea_stmt_free);

  if (!ea_check_new_password (new_password, error))
    return FALSE;
  if (g_strcmp0 (current, new_password) == 0)
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("The new password must differ from the current one."));
  hash = _ea_accounts_hash_password (new_password, error);
  if (hash == NULL)
    return FALSE;

  if (!_ea_store_change (self->store, change_password_change,
                         &(ChangingPassword) { self, hash }, error))
    return FALSE;
  self->must_change_password = FALSE;
  return TRUE;
}

/**
 * ea_session_can:
 * @self: a session
 * @right: a right
 *
 * Whether the user's roles grant @right at all; the UI hides what a role
 * may not use. Operations call ea_session_check() instead.
 */
gboolean
ea_session_can (EaSession *self,
                EaRight    right)
{
  g_return_val_if_fail (EA_IS_SESSION (self), FALSE);
  g_return_val_if_fail (right < EA_N_RIGHTS, FALSE);

  g_assert (rights[right].right == right);
  return (self->roles & rights[right].roles) != 0;
}

/**
 * ea_session_check:
 * @self: a session
 * @right: what the operation needs
 * @facility_id: the facility the operation touches, or 0 for none
 * @error: a #GError
 *
 * The one permission check that every core operation passes before it
 * reads or writes.
 *
 * Returns: %TRUE when allowed, else %FALSE with an %EA_ERROR_PERMISSION
 */
gboolean
ea_session_check (EaSession  *self,
                  EaRight     right,
                  gint64      facility_id,
                  GError    **error)
{
  g_return_val_if_fail (EA_IS_SESSION (self), FALSE);
  g_return_val_if_fail (right < EA_N_RIGHTS, FALSE);

  /* A password an administrator gave is for choosing one's own, nothing
   * else: whoever learnt it on the way can do nothing with it. */
  if (self->must_change_password)
    return ea_error_set (error, EA_ERROR_PERMISSION,
                         _("This account still has the first password an administrator gave "
                           "it. Choose your own first: in the application, or with "
                           "“eakte-cli password”."));

  if (!ea_session_can (self, right))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_PERMISSION,
                   _("Your role does not include the right to %s. Please ask your administrator."),
                   _(rights[right].what));
      return FALSE;
    }

  /* A user limited to some facilities may touch only those. */
  if (facility_id > 0 && self->facilities != NULL &&
      !(self->roles & EA_ROLE_ADMIN) &&
      !g_hash_table_contains (self->facilities, &facility_id))
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_PERMISSION,
                           _("You are not assigned to this facility. Please ask your "
                             "administrator."));
      return FALSE;
    }

  return TRUE;
}
