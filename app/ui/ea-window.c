/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-window"

#include "config.h"

#include "ea-window.h"

#include <glib/gi18n.h>

#include "ea-audit-page.h"
#include "ea-import-page.h"
#include "ea-live.h"
#include "ea-occupancy-page.h"
#include "ea-persons-page-private.h"
#include "ea-reports-page.h"
#include "ea-toast.h"
#include "ea-users-page.h"

struct _EaWindow
{
  AdwApplicationWindow  parent_instance;

  EaSession            *session;
  GSettings            *settings;
  /* The session ended (logout): the page shown is not kept for the next
   * user. */
  gboolean              forget_page;

  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkLabel             *user_label;
  GtkLabel             *role_label;
  GtkRevealer          *demo_revealer;
  GtkRevealer          *connection_revealer;
  GtkSpinner           *connection_spinner;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;

  guint                 build_pages_id;
  gulong                after_paint_id;

  /* Live refresh: the store is watched while the window is there. */
  EaStore              *watched;
  gulong                changed_id;
  gulong                connected_id;
  guint                 catch_up_id;
  gint64                last_catch_up;
};

G_DEFINE_FINAL_TYPE (EaWindow, ea_window, ADW_TYPE_APPLICATION_WINDOW)

static void search_started_cb (EaWindow *self);

static GtkWidget *
new_occupancy_page (EaWindow *self)
{
  return GTK_WIDGET (ea_occupancy_page_new (self->session));
}

/* UI.md: typing anywhere finds persons. */
static GtkWidget *
new_persons_page (EaWindow *self)
{
  EaPersonsPage *page = ea_persons_page_new (self->session);

  ea_persons_page_capture_keys (page, GTK_WIDGET (self));
  g_signal_connect_object (_ea_persons_page_get_search_entry (page), "search-started",
                           G_CALLBACK (search_started_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (page);
}

static GtkWidget *
new_import_page (EaWindow *self)
{
  return GTK_WIDGET (ea_import_page_new (self->session));
}

static GtkWidget *
new_reports_page (EaWindow *self)
{
  return GTK_WIDGET (ea_reports_page_new (self->session));
}

static GtkWidget *
new_users_page (EaWindow *self)
{
  return GTK_WIDGET (ea_users_page_new (self->session));
}

static GtkWidget *
new_audit_page (EaWindow *self)
{
  return GTK_WIDGET (ea_audit_page_new (self->session));
}

/* The pages of UI.md, in the sidebar's order. This one table makes the
 * sidebar, decides by the right which pages a user has, builds them, and
 * numbers the Alt+1 … Alt+N shortcuts and their list in the shortcuts
 * window: Alt+N is the N-th page the user has. Adding a page is one entry. */
static const struct {
  const char *name;
  const char *title;
  const char *icon;
  EaRight     right;
  GtkWidget *(*create) (EaWindow *self);
} pages[] = {
  { "occupancy", N_("Occupancy"), "go-home-symbolic", EA_RIGHT_VIEW_OCCUPANCY,
    new_occupancy_page },
  { "persons", N_("Persons"), "system-users-symbolic", EA_RIGHT_VIEW_PERSONS, new_persons_page },
  { "import", N_("Import"), "folder-download-symbolic", EA_RIGHT_IMPORT, new_import_page },
  { "reports", N_("Reports"), "x-office-document-symbolic", EA_RIGHT_VIEW_STATISTICS,
    new_reports_page },
  { "admin", N_("Administration"), "emblem-system-symbolic", EA_RIGHT_MANAGE_USERS,
    new_users_page },
  { "audit", N_("Audit Log"), "document-open-recent-symbolic", EA_RIGHT_AUDIT, new_audit_page },
};

/* The index in pages[] of the user's @n-th page (from 1), or -1. */
static int
nth_page (EaWindow *self,
          int       n)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (ea_session_can (self->session, pages[i].right) && --n == 0)
      return (int) i;
  return -1;
}

static GtkWidget *
make_sidebar_row (const char *name,
                  const char *title,
                  const char *icon)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (icon);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

/* Builds the page at @index of pages[] unless it is there already or the
 * user's roles do not include it. */
static GtkWidget *
ensure_page (EaWindow *self,
             guint     index)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, pages[index].name);
  GtkStackPage *stack_page;

  if (page != NULL || !ea_session_can (self->session, pages[index].right))
    return page;

  page = pages[index].create (self);
  stack_page = gtk_stack_add_named (self->stack, page, pages[index].name);
  gtk_stack_page_set_title (stack_page, _(pages[index].title));
  return page;
}

static gboolean
build_remaining_pages_cb (gpointer user_data)
{
  EaWindow *self = user_data;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    ensure_page (self, i);
  self->build_pages_id = 0;
  return G_SOURCE_REMOVE;
}

/* The other pages are built once the first one is on screen, so the
 * window shows its data sooner. */
static void
first_paint_cb (GdkFrameClock *clock,
                EaWindow      *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->build_pages_id == 0)
    self->build_pages_id = g_idle_add_full (G_PRIORITY_LOW, build_remaining_pages_cb, self, NULL);
}

static void
ea_window_map (GtkWidget *widget)
{
  EaWindow *self = EA_WINDOW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (ea_window_parent_class)->map (widget);

  clock = gtk_widget_get_frame_clock (widget);
  if (clock != NULL && self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect (clock, "after-paint",
                                             G_CALLBACK (first_paint_cb), self);
}

static void
ea_window_unmap (GtkWidget *widget)
{
  EaWindow *self = EA_WINDOW (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, clock);

  GTK_WIDGET_CLASS (ea_window_parent_class)->unmap (widget);
}

static void
sidebar_row_activated_cb (EaWindow      *self,
                          GtkListBoxRow *row)
{
  ea_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* When the window is narrow, the sidebar and the page take turns: a
 * button above the page leads back to the list of pages. */
static void
back_clicked_cb (EaWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
visible_page_changed_cb (EaWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
    }
  if (name != NULL && self->settings != NULL && !self->forget_page)
    g_settings_set_string (self->settings, "last-page", name);
}

/**
 * ea_window_end_session:
 * @self: a main window about to close because its user logs out
 *
 * The next user starts on the first page of their own role, not on the
 * page this user left open.
 */
void
ea_window_end_session (EaWindow *self)
{
  g_return_if_fail (EA_IS_WINDOW (self));

  self->forget_page = TRUE;
  if (self->settings != NULL)
    g_settings_reset (self->settings, "last-page");
}

static void
search_started_cb (EaWindow *self)
{
  ea_window_show_page (self, "persons");
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ea_window_show_page (EA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* A person's file opened from another page (a bed of the room plan): the
 * Personen page with the person, for a user who may see persons. */
static void
show_person_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EaWindow *self = EA_WINDOW (widget);
  GtkWidget *persons;

  ea_window_show_page (self, "persons");
  persons = ea_window_get_page_widget (self, "persons");
  if (persons == NULL || g_strcmp0 (ea_window_get_page (self), "persons") != 0)
    return;
  ea_persons_page_open_person (EA_PERSONS_PAGE (persons), g_variant_get_int64 (parameter));
}

static void
show_nth_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EaWindow *self = EA_WINDOW (widget);
  int index = nth_page (self, g_variant_get_int32 (parameter));

  if (index >= 0)
    {
      ea_window_show_page (self, pages[index].name);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EaWindow *self = EA_WINDOW (widget);
  GtkWidget *persons = gtk_stack_get_child_by_name (self->stack, "persons");

  if (EA_IS_PERSONS_PAGE (persons))
    {
      ea_window_show_page (self, "persons");
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      ea_persons_page_focus_search (EA_PERSONS_PAGE (persons));
    }
}

static void
save_window_state (EaWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
ea_window_close_request (GtkWindow *window)
{
  save_window_state (EA_WINDOW (window));
  return GTK_WINDOW_CLASS (ea_window_parent_class)->close_request (window);
}

/* Each page shows what another seat changed if it is in view (and
 * nothing open on it would be lost), else when it comes into view.
 * Returns: whether a page in view waits to be shown again */
static gboolean
catch_up_pages (EaWindow *self)
{
  GtkWidget *occupancy = gtk_stack_get_child_by_name (self->stack, "occupancy");
  GtkWidget *persons = gtk_stack_get_child_by_name (self->stack, "persons");
  gboolean waiting = FALSE;

  if (EA_IS_OCCUPANCY_PAGE (occupancy))
    waiting |= ea_occupancy_page_catch_up (EA_OCCUPANCY_PAGE (occupancy));
  if (EA_IS_PERSONS_PAGE (persons))
    waiting |= ea_persons_page_catch_up (EA_PERSONS_PAGE (persons));
  return waiting;
}

static void schedule_catch_up (EaWindow *self);

static gboolean
catch_up_cb (gpointer data)
{
  EaWindow *self = data;

  self->catch_up_id = 0;
  self->last_catch_up = g_get_monotonic_time ();
  if (catch_up_pages (self))
    schedule_catch_up (self);
  return G_SOURCE_REMOVE;
}

/* At most one refresh in EA_LIVE_INTERVAL_MS: many seats that commit
 * in quick succession, or a page that waits for a dialog, cost one
 * reading of the pages in that time, not one per change. */
static void
schedule_catch_up (EaWindow *self)
{
  gint64 since = (g_get_monotonic_time () - self->last_catch_up) / 1000;

  if (self->catch_up_id != 0)
    return;
  self->catch_up_id = g_timeout_add (since >= EA_LIVE_INTERVAL_MS
                                     ? 0 : (guint) (EA_LIVE_INTERVAL_MS - since),
                                     catch_up_cb, self);
}

static void
changed_elsewhere_cb (EaWindow *self)
{
  GtkWidget *occupancy = gtk_stack_get_child_by_name (self->stack, "occupancy");
  GtkWidget *persons = gtk_stack_get_child_by_name (self->stack, "persons");

  g_debug ("Another seat changed the database");
  if (EA_IS_OCCUPANCY_PAGE (occupancy))
    ea_occupancy_page_mark_stale (EA_OCCUPANCY_PAGE (occupancy));
  if (EA_IS_PERSONS_PAGE (persons))
    ea_persons_page_mark_stale (EA_PERSONS_PAGE (persons));
  schedule_catch_up (self);
}

/* Issue #18: a server that cannot be reached (a restart, the network)
 * shows as a strip above the page while the store connects again by
 * itself; pages, dialogs and what is typed in them stay as they are. */
static void
connected_cb (EaWindow *self)
{
  gboolean connected = ea_store_is_connected (self->watched);
  gboolean was_shown = gtk_revealer_get_reveal_child (self->connection_revealer);

  gtk_revealer_set_reveal_child (self->connection_revealer, !connected);
  gtk_spinner_set_spinning (self->connection_spinner, !connected);
  if (connected && was_shown)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 ea_toast_new (_("Connected to the database again.")));
}

static void
ea_window_dispose (GObject *object)
{
  EaWindow *self = (EaWindow *)object;

  g_clear_handle_id (&self->build_pages_id, g_source_remove);
  g_clear_handle_id (&self->catch_up_id, g_source_remove);
  if (self->watched != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->watched);
      g_clear_signal_handler (&self->connected_id, self->watched);
      ea_store_unwatch (self->watched);
      g_clear_object (&self->watched);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ea_window_parent_class)->dispose (object);
}

static void
ea_window_class_init (EaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ea_window_dispose;
  widget_class->map = ea_window_map;
  widget_class->unmap = ea_window_unmap;
  window_class->close_request = ea_window_close_request;

  g_type_ensure (EA_TYPE_OCCUPANCY_PAGE);
  g_type_ensure (EA_TYPE_PERSONS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ea-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, EaWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, EaWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, EaWindow, role_label);
  gtk_widget_class_bind_template_child (widget_class, EaWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, EaWindow, connection_revealer);
  gtk_widget_class_bind_template_child (widget_class, EaWindow, connection_spinner);
  gtk_widget_class_bind_template_child (widget_class, EaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EaWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-nth-page", "i", show_nth_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-person", "x", show_person_action);
  /* Alt+1 … Alt+9: the user's first, second … page (see pages[]). */
  for (int n = 1; n <= 9; n++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + n, GDK_ALT_MASK,
                                         "win.show-nth-page", "i", n);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
}

static void
ea_window_init (EaWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Without an installed schema (running from the build tree) the window
   * simply does not remember its size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      int width, height;

      self->settings = g_settings_new (APP_ID);
      g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
      gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

/* The shortcuts window lists Alt+N for the pages this user has, named
 * after them; its entries for pages are those of Alt and a digit
 * (resources/gtk/help-overlay.ui). */
static void
number_shortcuts_in (EaWindow  *self,
                     GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    number_shortcuts_in (self, child);
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      guint key = 0;
      GdkModifierType mods = 0;
      int index;

      g_object_get (widget, "accelerator", &accelerator, NULL);
      if (accelerator == NULL || !gtk_accelerator_parse (accelerator, &key, &mods) ||
          mods != GDK_ALT_MASK || key < GDK_KEY_1 || key > GDK_KEY_9)
        return;
      index = nth_page (self, (int) (key - GDK_KEY_0));
      gtk_widget_set_visible (widget, index >= 0);
      if (index >= 0)
        g_object_set (widget, "title", _(pages[index].title), NULL);
    }
}

static void
number_page_shortcuts (EaWindow *self)
{
  GtkShortcutsWindow *overlay =
    gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));

  if (overlay != NULL)
    number_shortcuts_in (self, GTK_WIDGET (overlay));
}

/**
 * ea_window_new:
 * @application: (nullable): the application
 * @session: the logged-in user
 *
 * The main window shows only the pages the user's roles may use.
 */
EaWindow *
ea_window_new (gpointer   application,
               EaSession *session)
{
  EaWindow *self;
  g_autofree char *roles = NULL;
  g_autofree char *last = NULL;
  const char *first = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_WINDOW, "application", application, NULL);
  self->session = g_object_ref (session);

  roles = ea_session_dup_roles_label (session);
  gtk_label_set_label (self->user_label, ea_session_get_display_name (session));
  gtk_label_set_label (self->role_label, roles);
  /* Cut at the sidebar's end when long: whole in the tooltip. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_label),
                               ea_session_get_display_name (session));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->role_label), roles);
  gtk_revealer_set_reveal_child (self->demo_revealer,
                                 ea_store_is_demo (ea_session_get_store (session)));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      if (!ea_session_can (session, pages[i].right))
        continue;
      gtk_list_box_append (self->sidebar_list,
                           make_sidebar_row (pages[i].name, _(pages[i].title), pages[i].icon));
      if (first == NULL)
        first = pages[i].name;
    }

  number_page_shortcuts (self);

  /* Issue #18: what other seats change shows here without a click. */
  self->watched = g_object_ref (ea_session_get_store (session));
  self->changed_id = g_signal_connect_swapped (self->watched, "changed-elsewhere",
                                               G_CALLBACK (changed_elsewhere_cb), self);
  self->connected_id = g_signal_connect_swapped (self->watched, "notify::connected",
                                                 G_CALLBACK (connected_cb), self);
  ea_store_watch (self->watched);
  connected_cb (self);

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-page");
  ea_window_show_page (self, last != NULL ? last : first);
  if (gtk_stack_get_visible_child (self->stack) == NULL && first != NULL)
    ea_window_show_page (self, first);
  visible_page_changed_cb (self);

  return self;
}

EaSession *
ea_window_get_session (EaWindow *self)
{
  g_return_val_if_fail (EA_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * ea_window_show_page:
 * @name: occupancy, persons, import, reports or admin
 *
 * Shows a page; a page the user's roles do not include is not there, and
 * nothing happens.
 */
void
ea_window_show_page (EaWindow   *self,
                     const char *name)
{
  g_return_if_fail (EA_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i].name, name) == 0 && ensure_page (self, i) != NULL)
      gtk_stack_set_visible_child_name (self->stack, name);
}

const char *
ea_window_get_page (EaWindow *self)
{
  g_return_val_if_fail (EA_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
ea_window_get_page_widget (EaWindow   *self,
                           const char *name)
{
  g_return_val_if_fail (EA_IS_WINDOW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i].name, name) == 0)
      return ensure_page (self, i);
  return NULL;
}

