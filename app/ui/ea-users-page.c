/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-users-page"

#include "config.h"

#include "ea-users-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-retention-page.h"
#include "ea-settings-page.h"
#include "ea-toast.h"

/* Verwaltung → Benutzer: the accounts of the office, one row each, and a
 * dialog to create or change one. The rules (roles, the last
 * administrator, passwords) are the core's; this page shows its refusals
 * in the dialog, so nothing typed is lost. */
struct _EaUsersPage
{
  GtkWidget            parent_instance;

  EaSession           *session;
  GPtrArray           *accounts;
  GtkWindow           *dialog;

  GtkWidget           *box;
  AdwViewSwitcherTitle *title;
  AdwViewStack        *view_stack;
  GtkWidget           *add_button;
  EaRetentionPage     *retention;
  EaSettingsPage      *settings;
  AdwPreferencesGroup *group;
  GtkListBox          *list;
};

G_DEFINE_FINAL_TYPE (EaUsersPage, ea_users_page, GTK_TYPE_WIDGET)

static const struct {
  EaRoles     role;
  const char *key;
  const char *label;
} role_switches[] = {
  { EA_ROLE_ADMIN, "role-admin", N_("Administrator") },
  { EA_ROLE_HOUSING, "role-housing", N_("Housing management") },
  { EA_ROLE_SOCIAL, "role-social", N_("Social work") },
  { EA_ROLE_READER, "role-reader", N_("Management (statistics only)") },
};

static char *
describe_account (const EaAccount *account)
{
  g_autofree char *roles = ea_roles_dup_label (account->roles);
  GString *text = g_string_new (account->login);

  g_string_append_printf (text, " · %s", roles);
  if (account->disabled)
    g_string_append_printf (text, " · %s", _("disabled"));
  else if (account->locked)
    g_string_append_printf (text, " · %s", _("locked after wrong passwords"));
  else if (account->must_change_password)
    g_string_append_printf (text, " · %s", _("first password not yet changed"));
  if (account->facility_ids->len > 0)
    {
      g_autofree char *limit = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "limited to %u facility",
                                                             "limited to %u facilities",
                                                             account->facility_ids->len),
                                                account->facility_ids->len);

      g_string_append_printf (text, " · %s", limit);
    }
  return g_string_free (text, FALSE);
}

static EaAccount *
find_account (EaUsersPage *self,
              gint64       account_id)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      EaAccount *account = g_ptr_array_index (self->accounts, i);

      if (account->id == account_id)
        return account;
    }
  return NULL;
}

static GArray *
roles_from_dialog (EaEditDialog *dialog,
                   EaRoles      *roles)
{
  *roles = EA_ROLE_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (role_switches); i++)
    if (ea_edit_dialog_get_switch (dialog, role_switches[i].key))
      *roles |= role_switches[i].role;
  return ea_edit_dialog_dup_checked (dialog, "facilities");
}

static void
add_common_fields (EaUsersPage     *self,
                   EaEditDialog    *dialog,
                   const EaAccount *account)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (role_switches); i++)
    ea_edit_dialog_add_switch (dialog, role_switches[i].key, _(role_switches[i].label),
                               account != NULL && (account->roles & role_switches[i].role));

  if (!ea_housing_list_facilities (self->session, &ids, &names, &error))
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_ptr_array_add (labels, g_strdup (names[i]));
  ea_edit_dialog_add_checklist (dialog, "facilities", _("Limited to facilities"),
                                _("None: all facilities"), labels, ids,
                                account != NULL ? account->facility_ids : NULL);
}

static void
created_cb (EaEditDialog *dialog,
            EaUsersPage  *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) facilities = NULL;
  g_autofree char *text = NULL;
  EaRoles roles;
  gint64 id;

  facilities = roles_from_dialog (dialog, &roles);
  id = ea_accounts_create (self->session, ea_edit_dialog_get_text (dialog, "login"),
                           ea_edit_dialog_get_text (dialog, "name"),
                           ea_edit_dialog_get_text (dialog, "password"), roles, &error);
  if (id == 0 ||
      (facilities->len > 0 &&
       !ea_accounts_set_facilities (self->session, id, (const gint64 *) facilities->data,
                                    facilities->len, &error)))
    {
      ea_edit_dialog_show_error (dialog, error->message);
      if (id != 0)
        ea_users_page_reload (self);
      return;
    }
  text = g_strdup_printf (_("Account “%s” created. Its user chooses a new password at the "
                            "first login."), ea_edit_dialog_get_text (dialog, "login"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  ea_users_page_reload (self);
  ea_toast_add (GTK_WIDGET (self), ea_toast_new (text));
}

/**
 * _ea_users_page_open_create:
 *
 * Opens the dialog for a new account.
 */
EaEditDialog *
_ea_users_page_open_create (EaUsersPage *self)
{
  EaEditDialog *dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                             _("New Account"));

  ea_edit_dialog_add_text (dialog, "login", _("User name for logging in"), NULL);
  ea_edit_dialog_add_text (dialog, "name", _("Name"), NULL);
  ea_edit_dialog_add_password (dialog, "password", _("First password (at least 8 characters)"));
  add_common_fields (self, dialog, NULL);
  g_signal_connect_object (dialog, "save", G_CALLBACK (created_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
create_clicked_cb (EaUsersPage *self)
{
  _ea_users_page_open_create (self);
}

static void
changed_cb (EaEditDialog *dialog,
            EaUsersPage  *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) facilities = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "ea-account"));
  const char *password = ea_edit_dialog_get_text (dialog, "password");
  gboolean new_password = password[0] != '\0';
  EaRoles roles;

  facilities = roles_from_dialog (dialog, &roles);
  /* Changes first, the password last: a refused rule leaves the
   * password as it was. */
  if (!ea_accounts_update (self->session, id, ea_edit_dialog_get_text (dialog, "name"), roles,
                           ea_edit_dialog_get_switch (dialog, "disabled"), &error) ||
      !ea_accounts_set_facilities (self->session, id, (const gint64 *) facilities->data,
                                   facilities->len, &error) ||
      (new_password &&
       !ea_accounts_reset_password (self->session, id, password, &error)))
    {
      ea_edit_dialog_show_error (dialog, error->message);
      ea_users_page_reload (self);
      return;
    }
  /* The dialog's text goes with it: only new_password is read after. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  ea_users_page_reload (self);
  ea_toast_add (GTK_WIDGET (self),
                           ea_toast_new (new_password
                                          ? _("Saved. The user chooses a new password at the "
                                              "next login.")
                                          : _("Saved. Changed roles and facilities apply from "
                                              "the next login.")));
}

/**
 * _ea_users_page_open_edit:
 *
 * Opens the dialog for an account.
 */
EaEditDialog *
_ea_users_page_open_edit (EaUsersPage *self,
                          gint64       account_id)
{
  EaAccount *account = find_account (self, account_id);
  g_autofree char *title = NULL;
  EaEditDialog *dialog;

  g_return_val_if_fail (account != NULL, NULL);

  title = g_strdup_printf (_("Account “%s”"), account->login);
  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), title);
  ea_edit_dialog_add_text (dialog, "name", _("Name"), account->display_name);
  add_common_fields (self, dialog, account);
  ea_edit_dialog_add_switch (dialog, "disabled", _("Disabled (cannot log in)"),
                             account->disabled);
  ea_edit_dialog_add_password (dialog, "password",
                               _("New first password (empty: unchanged)"));
  g_object_set_data (G_OBJECT (dialog), "ea-account", GSIZE_TO_POINTER (account_id));
  g_signal_connect_object (dialog, "save", G_CALLBACK (changed_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
row_activated_cb (EaUsersPage   *self,
                  GtkListBoxRow *row)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "ea-account"));

  _ea_users_page_open_edit (self, id);
}

/**
 * ea_users_page_reload:
 * @self: an #EaUsersPage
 *
 * Reads the accounts again.
 */
void
ea_users_page_reload (EaUsersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  GtkWidget *child;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (EA_IS_USERS_PAGE (self));

  accounts = ea_accounts_list (self->session, &error);
  if (accounts == NULL)
    {
      ea_toast_add (GTK_WIDGET (self), ea_toast_new (error->message));
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < accounts->len; i++)
    {
      EaAccount *account = g_ptr_array_index (accounts, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *description = describe_account (account);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), account->display_name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      if (account->disabled)
        gtk_widget_add_css_class (row, "dim-label");
      g_object_set_data (G_OBJECT (row), "ea-account", GSIZE_TO_POINTER (account->id));
      gtk_list_box_append (self->list, row);
    }
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u account", "%u accounts",
                                           accounts->len), accounts->len);
  adw_view_switcher_title_set_subtitle (self->title, subtitle);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_steal_pointer (&accounts);
}

static void
ea_users_page_dispose (GObject *object)
{
  EaUsersPage *self = EA_USERS_PAGE (object);

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_weak_pointer (&self->dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_USERS_PAGE);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ea_users_page_parent_class)->dispose (object);
}

/* The + adds accounts; it shows with them. What is due is read anew each
 * time the retention view is shown. */
static void
view_changed_cb (EaUsersPage *self)
{
  const char *name;

  /* Also called while the template is being built. */
  if (self->view_stack == NULL || self->add_button == NULL)
    return;
  name = adw_view_stack_get_visible_child_name (self->view_stack);
  gtk_widget_set_visible (self->add_button, g_strcmp0 (name, "accounts") == 0);
  if (self->retention != NULL && g_strcmp0 (name, "retention") == 0)
    ea_retention_page_reload (self->retention);
}

static void
ea_users_page_class_init (EaUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_users_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ea-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EaUsersPage, box);
  gtk_widget_class_bind_template_child (widget_class, EaUsersPage, title);
  gtk_widget_class_bind_template_child (widget_class, EaUsersPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EaUsersPage, add_button);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, EaUsersPage, group);
  gtk_widget_class_bind_template_child (widget_class, EaUsersPage, list);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ea_users_page_init (EaUsersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ea_users_page_new:
 * @session: an administrator's session
 *
 * Returns: (transfer floating): the accounts page
 */
EaUsersPage *
ea_users_page_new (EaSession *session)
{
  EaUsersPage *self;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_USERS_PAGE, NULL);
  self->session = g_object_ref (session);
  ea_users_page_reload (self);
  /* Verwaltung: the accounts, and the retention periods beside them. */
  if (ea_session_can (session, EA_RIGHT_SETTINGS))
    {
      AdwViewStackPage *page;

      self->retention = ea_retention_page_new (session);
      page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->retention),
                                        "retention", _("Retention Periods"));
      adw_view_stack_page_set_icon_name (page, "user-trash-symbolic");
      self->settings = ea_settings_page_new (session);
      page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->settings),
                                        "settings", _("Settings"));
      adw_view_stack_page_set_icon_name (page, "emblem-system-symbolic");
    }
  return self;
}

/**
 * ea_users_page_show_view:
 * @self: the page
 * @name: "accounts", "retention" or "settings"
 */
void
ea_users_page_show_view (EaUsersPage *self,
                         const char  *name)
{
  g_return_if_fail (EA_IS_USERS_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

EaSettingsPage *
_ea_users_page_get_settings (EaUsersPage *self)
{
  return self->settings;
}

EaRetentionPage *
_ea_users_page_get_retention (EaUsersPage *self)
{
  return self->retention;
}

guint
_ea_users_page_get_n_accounts (EaUsersPage *self)
{
  return self->accounts != NULL ? self->accounts->len : 0;
}
