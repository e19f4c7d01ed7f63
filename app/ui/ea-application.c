/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-application"

#include "config.h"

#include "ea-application-private.h"

#include <glib/gi18n.h>

#include "eakte-core.h"
#include "ea-login-window.h"
#include "ea-window.h"

struct _EaApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  EaStore        *store;
};

G_DEFINE_FINAL_TYPE (EaApplication, ea_application, ADW_TYPE_APPLICATION)

static void show_login (EaApplication *self);

static void
logged_in_cb (EaApplication *self,
              EaSession     *session,
              EaLoginWindow *login)
{
  EaWindow *window = ea_window_new (self, session);

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (login));
}


static void
show_login (EaApplication *self)
{
  EaLoginWindow *login = ea_login_window_new (self, self->store);

  g_signal_connect_object (login, "logged-in", G_CALLBACK (logged_in_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (login));
}

/* On first start there is no database: make the demo district, so the
 * application can be tried at once. A real office runs "eakte-cli init". */
static EaStore *
open_or_create_demo (const char  *path,
                     GError     **error)
{
  g_autoptr(EaStore) store = NULL;
  EaDemoOptions options = { 0 };

  /* An office's database on a server is set up with "eakte-cli init";
   * the application never fills it with a demo. */
  if (ea_store_address_is_server (path) || g_file_test (path, G_FILE_TEST_EXISTS))
    return ea_store_open (path, EA_STORE_OPEN_NONE, error);

  store = ea_store_open (path, EA_STORE_OPEN_NEW, error);
  if (store == NULL)
    return NULL;
  if (!ea_demo_generate (store, &options, NULL, error))
    {
      g_clear_object (&store);
      ea_store_remove_files (path);
      return NULL;
    }
  return g_steal_pointer (&store);
}

static void
ea_application_activate (GApplication *app)
{
  EaApplication *self = EA_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->store == NULL)
    {
      g_autofree char *path = self->db_path ? g_strdup (self->db_path)
                                            : ea_store_dup_default_path ();
      self->store = open_or_create_demo (path, &error);
    }

  if (self->store == NULL)
    {
      EaLoginWindow *login = ea_login_window_new (self, NULL);

      ea_login_window_show_error (login, error->message);
      gtk_window_present (GTK_WINDOW (login));
      return;
    }
  show_login (self);
}

static int
ea_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  EaApplication *self = EA_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  const char *db = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("eakte %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (!ea_clock_pin_from_environment (&error))
    {
      g_printerr ("eakte: EAKTE_NOW: %s\n", error->message);
      return 2;
    }
  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    {
      g_free (self->db_path);
      /* A server's address is kept as it is; made a path, it would name
       * a new SQLite file of that name. */
      self->db_path = ea_store_dup_absolute_address (db);
    }
  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  EaApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "E-Akte Flüchtlingsmanagement", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APP_ID,
                        "application-name", _("E-Akte Flüchtlingsmanagement"),
                        "developer-name", _("The E-Akte developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Housing, person files and arrivals for the refugee "
                                      "accommodation of German district offices."),
                        "developers", developers,
                        "license-type", GTK_LICENSE_CUSTOM,
                        "license", _("Licensed under the European Union Public Licence "
                                     "(EUPL) 1.2."),
                        "copyright", "© 2026 E-Akte Flüchtlingsmanagement",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* Logging out ends the session: the login window comes, and every main
 * window closes (saving its size as when the user closes it). */
static void
logout_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  EaApplication *self = EA_APPLICATION (user_data);
  g_autoptr(GList) windows = NULL;

  show_login (self);
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    if (EA_IS_WINDOW (l->data))
      {
        ea_window_end_session (EA_WINDOW (l->data));
        gtk_window_close (GTK_WINDOW (l->data));
      }
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "logout", logout_action },
  { "quit", quit_action },
};

/**
 * _ea_application_choose_renderer:
 *
 * Without a GPU (no DRM render node, as on many office thin clients and
 * virtual desktops) GTK's GL renderer runs on Mesa's software rasteriser:
 * slower than GTK's cairo renderer and about 80 MB larger. Then the cairo
 * renderer is used, unless GSK_RENDERER says otherwise.
 *
 * Returns: %TRUE when the cairo renderer was chosen
 */
gboolean
_ea_application_choose_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return FALSE;
  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return FALSE;
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  return TRUE;
}

static void
ea_application_startup (GApplication *app)
{
  EaApplication *self = EA_APPLICATION (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };

  _ea_application_choose_renderer ();
  G_APPLICATION_CLASS (ea_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.logout",
                                         (const char *[]) { "<Primary><Shift>l", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search",
                                         (const char *[]) { "<Primary>f", NULL });
}

static void
ea_application_finalize (GObject *object)
{
  EaApplication *self = (EaApplication *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (ea_application_parent_class)->finalize (object);
}

/* The copies of a server's documents that were shown go with the
 * application (they are in the runtime folder, in memory, anyway). */
static void
ea_application_shutdown (GApplication *app)
{
  ea_documents_remove_viewed_copies ();
  G_APPLICATION_CLASS (ea_application_parent_class)->shutdown (app);
}

static void
ea_application_class_init (EaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ea_application_finalize;
  app_class->activate = ea_application_activate;
  app_class->startup = ea_application_startup;
  app_class->shutdown = ea_application_shutdown;
  app_class->handle_local_options = ea_application_handle_local_options;
}

static void
ea_application_init (EaApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("The database: a file, or the address of a PostgreSQL database (default $EAKTE_DB, "
         "else $XDG_DATA_HOME/eakte/eakte.db)"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the program version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

EaApplication *
ea_application_new (void)
{
  return g_object_new (EA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}
