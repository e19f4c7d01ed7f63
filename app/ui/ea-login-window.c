/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-login-window"

#include "config.h"

#include "ea-login-window-private.h"

#include <glib/gi18n.h>

struct _EaLoginWindow
{
  AdwApplicationWindow  parent_instance;

  EaStore              *store;
  /* Logged in, but still to choose their own password. */
  EaSession            *pending;

  AdwStatusPage        *status_page;
  GtkWidget            *form;
  GtkWidget            *login_group;
  AdwEntryRow          *login_row;
  AdwPasswordEntryRow  *password_row;
  GtkWidget            *change_group;
  AdwPasswordEntryRow  *new_password_row;
  AdwPasswordEntryRow  *repeat_password_row;
  GtkLabel             *error_label;
  GtkButton            *login_button;
  GtkLabel             *demo_label;
};

G_DEFINE_FINAL_TYPE (EaLoginWindow, ea_login_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  LOGGED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
login_activated_cb (EaLoginWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
new_password_activated_cb (EaLoginWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->repeat_password_row));
}

static void
show_error (EaLoginWindow *self,
            const char    *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* A first password is the administrator's: the user chooses their own
 * before the main window opens. */
static void
ask_for_own_password (EaLoginWindow *self,
                      EaSession     *session)
{
  g_set_object (&self->pending, session);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (self->login_group, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), FALSE);
  gtk_widget_set_visible (self->change_group, TRUE);
  gtk_button_set_label (self->login_button, _("_Save and Continue"));
  gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
}

static void
change_password (EaLoginWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) session = NULL;
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *chosen = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));
  const char *repeated = gtk_editable_get_text (GTK_EDITABLE (self->repeat_password_row));

  if (g_strcmp0 (chosen, repeated) != 0)
    {
      show_error (self, _("The two new passwords differ. Please type them again."));
      gtk_editable_set_text (GTK_EDITABLE (self->repeat_password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->repeat_password_row));
      return;
    }
  if (!ea_session_change_password (self->pending, current, chosen, &error))
    {
      show_error (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->repeat_password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  session = g_steal_pointer (&self->pending);
  g_signal_emit (self, signals[LOGGED_IN], 0, session);
}

static void
submit_cb (EaLoginWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) session = NULL;
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->store == NULL)
    return;
  if (self->pending != NULL)
    {
      change_password (self);
      return;
    }
  if (login[0] == '\0')
    {
      gtk_label_set_label (self->error_label, _("Please enter your user name."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return;
    }

  session = ea_session_login (self->store, login, password, &error);
  if (session == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (ea_session_must_change_password (session))
    {
      ask_for_own_password (self, session);
      return;
    }
  g_signal_emit (self, signals[LOGGED_IN], 0, session);
}

static void
ea_login_window_dispose (GObject *object)
{
  EaLoginWindow *self = (EaLoginWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_LOGIN_WINDOW);
  g_clear_object (&self->pending);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ea_login_window_parent_class)->dispose (object);
}

static void
ea_login_window_class_init (EaLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_login_window_dispose;

  /**
   * EaLoginWindow::logged-in:
   * @session: the new session
   *
   * The user logged in.
   */
  signals[LOGGED_IN] =
    g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EA_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ea-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, form);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, login_group);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, change_group);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, repeat_password_row);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, login_button);
  gtk_widget_class_bind_template_child (widget_class, EaLoginWindow, demo_label);
  gtk_widget_class_bind_template_callback (widget_class, login_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_password_activated_cb);
}

static void
ea_login_window_init (EaLoginWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ea_login_window_new:
 * @application: (nullable): the #GtkApplication
 * @store: (nullable): the open database, or %NULL when it could not be
 *   opened (then call ea_login_window_show_error())
 */
EaLoginWindow *
ea_login_window_new (gpointer  application,
                     EaStore  *store)
{
  EaLoginWindow *self = g_object_new (EA_TYPE_LOGIN_WINDOW,
                                      "application", application,
                                      NULL);

  if (store != NULL)
    {
      g_autofree char *office = ea_store_dup_office_name (store);

      self->store = g_object_ref (store);
      adw_status_page_set_description (self->status_page, office);
      gtk_widget_set_visible (GTK_WIDGET (self->demo_label), ea_store_is_demo (store));
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->login_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
    }
  return self;
}

/**
 * ea_login_window_show_error:
 *
 * Shows why the database could not be opened; there is nothing to log in to.
 */
void
ea_login_window_show_error (EaLoginWindow *self,
                            const char    *message)
{
  g_return_if_fail (EA_IS_LOGIN_WINDOW (self));

  adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->status_page, _("The Database Cannot Be Opened"));
  adw_status_page_set_description (self->status_page, message);
  gtk_widget_set_visible (self->form, FALSE);
}

void
_ea_login_window_fill (EaLoginWindow *self,
                       const char    *login,
                       const char    *password)
{
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

void
_ea_login_window_fill_new_password (EaLoginWindow *self,
                                    const char    *password,
                                    const char    *repeated)
{
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), password);
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_password_row), repeated);
}

GtkWidget *
_ea_login_window_get_button (EaLoginWindow *self)
{
  return GTK_WIDGET (self->login_button);
}

const char *
_ea_login_window_get_error (EaLoginWindow *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}
