/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sys/inotify.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "eakte-core.h"
#include "ea-allocation-page-private.h"
#include "ea-application.h"
#include "ea-audit-page-private.h"
#include "ea-document-viewer-private.h"
#include "ea-edit-dialog-private.h"
#include "ea-import-page-private.h"
#include "ea-login-window-private.h"
#include "ea-occupancy-page-private.h"
#include "ea-outlook-page-private.h"
#include "ea-person-chooser-private.h"
#include "ea-person-page-private.h"
#include "ea-persons-page-private.h"
#include "ea-test-util.h"
#include <cairo-pdf.h>
#include "ea-reports-page-private.h"
#include <poppler.h>
#include "ea-store-private.h"
#include "ea-xlsx-private.h"
#include "ea-toast.h"
#include "ea-users-page-private.h"
#include "ea-window.h"
#include "ea-facility-page-private.h"
#include "ea-find-bed-dialog-private.h"
#include "ea-housing-list-dialog-private.h"
#include "ea-retention-page-private.h"
#include "ea-settings-page-private.h"

/* The desktop app in real windows (run under Xvfb): log in, switch pages,
 * see the demo persons and the 24 facilities. */

static EaStore *store;

typedef gboolean (*Condition) (gpointer data);

/* Runs the main context until @condition holds, for @ms at most. */
static gboolean
wait_within (Condition condition,
             gpointer  data,
             guint     ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  return wait_within (condition, data, 10 * 1000);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* The weak pointer at @pointer was cleared. */
static gboolean
is_destroyed (gpointer pointer)
{
  return *(gpointer *) pointer == NULL;
}

/* Saves what the window shows, when EAKTE_SCREENSHOTS names a folder, so
 * a developer can look at it. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("EAKTE_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;
  /* Let the window draw its rows first. */
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  paintable = gtk_widget_paintable_new (widget);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

typedef struct
{
  EaSession *session;
} LoginResult;

static void
logged_in_cb (EaLoginWindow *login,
              EaSession     *session,
              LoginResult   *result)
{
  g_set_object (&result->session, session);
}

static gboolean
has_session (gpointer data)
{
  return ((LoginResult *) data)->session != NULL;
}

static gboolean
has_error (gpointer data)
{
  return _ea_login_window_get_error (EA_LOGIN_WINDOW (data)) != NULL;
}

static EaSession *
log_in_through_window (const char *login,
                       const char *password)
{
  EaLoginWindow *window = ea_login_window_new (NULL, store);
  LoginResult result = { NULL };

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 700);
  g_signal_connect (window, "logged-in", G_CALLBACK (logged_in_cb), &result);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window));

  /* A wrong password: an error in German, and no session. */
  _ea_login_window_fill (window, login, "falsch");
  gtk_widget_activate (_ea_login_window_get_button (window));
  g_assert_true (wait_for (has_error, window));
  g_assert_cmpstr (_ea_login_window_get_error (window), ==, "Benutzername oder Passwort ist "
                                                            "falsch.");
  g_assert_null (result.session);
  screenshot (GTK_WIDGET (window), "login-error.png");

  _ea_login_window_fill (window, login, password);
  gtk_widget_activate (_ea_login_window_get_button (window));
  g_assert_true (wait_for (has_session, &result));
  g_assert_cmpstr (ea_session_get_login (result.session), ==, login);

  gtk_window_destroy (GTK_WINDOW (window));
  return result.session;
}

/* The main window as the user sees it: 1280×800, on screen, or as wide
 * as EAKTE_SCREENSHOT_WIDTH says (to look at narrow windows). */
static EaWindow *
open_main_window (EaSession *session)
{
  EaWindow *window = ea_window_new (NULL, session);
  const char *width = g_getenv ("EAKTE_SCREENSHOT_WIDTH");

  gtk_window_set_default_size (GTK_WINDOW (window), width != NULL ? atoi (width) : 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window));
  return window;
}

static guint
count_sidebar_rows (GtkWidget *widget)
{
  guint n = 0;

  /* The sidebar's rows, not those of the pages' lists. */
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_widget_get_visible (widget) &&
           gtk_widget_has_css_class (gtk_widget_get_parent (widget), "navigation-sidebar");
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_sidebar_rows (child);
  return n;
}

/* Walking a window's widgets: the first at or under @widget, depth
 * first, that @test accepts, and how many it accepts. */
typedef gboolean (*WidgetTest) (GtkWidget     *widget,
                                gconstpointer  data);

static GtkWidget *
find_widget (GtkWidget     *widget,
             WidgetTest     test,
             gconstpointer  data)
{
  if (test (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, test, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label_saying (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

/* A row of the page list (named as its page), or the one of page @data. */
static gboolean
is_page_row (GtkWidget     *widget,
             gconstpointer  data)
{
  static const char *const names[] = { "occupancy", "persons", "import", "reports", "admin",
                                       "audit", NULL };

  if (!GTK_IS_LIST_BOX_ROW (widget))
    return FALSE;
  if (data != NULL)
    return g_str_equal (gtk_widget_get_name (widget), data);
  return g_strv_contains (names, gtk_widget_get_name (widget));
}

typedef struct
{
  GdkFrameClock *clock;
  gint64         after;
} FrameQuery;

static gboolean
frames_drawn (gpointer data)
{
  FrameQuery *q = data;

  return gdk_frame_clock_get_frame_counter (q->clock) > q->after;
}

static gboolean
row_titled (GtkWidget     *widget,
            gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
label_tells_who (GtkWidget     *widget,
                 gconstpointer  data)
{
  const char *text;

  if (!GTK_IS_LABEL (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  text = gtk_label_get_label (GTK_LABEL (widget));
  return (g_str_has_prefix (text, "männlich · ") || g_str_has_prefix (text, "weiblich · ")) &&
         strstr (text, " Jahre · ") != NULL && strstr (text, " · erwartet am ") != NULL;
}

static gboolean
chooser_tells_who (gpointer chooser)
{
  return find_widget (GTK_WIDGET (chooser), label_tells_who, NULL) != NULL;
}

static guint
count_widgets (GtkWidget     *widget,
               WidgetTest     test,
               gconstpointer  data)
{
  guint n = test (widget, data);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, test, data);
  return n;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static GtkWidget *
find_by_type (GtkWidget *widget,
              GType      type)
{
  return find_widget (widget, is_of_type, GSIZE_TO_POINTER (type));
}

/* A label on screen that says @text. */
static gboolean
label_says (GtkWidget     *widget,
            gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  return find_widget (widget, label_says, text);
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  return find_label (widget, text) != NULL;
}

static gboolean
button_says (GtkWidget     *widget,
             gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  return find_widget (widget, button_says, label);
}

static gboolean
button_content_says (GtkWidget     *widget,
                     gconstpointer  label)
{
  return ADW_IS_BUTTON_CONTENT (widget) &&
         g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (widget)), label) == 0;
}

/* The button whose AdwButtonContent says @label. */
static GtkWidget *
find_content_button (GtkWidget  *widget,
                     const char *label)
{
  GtkWidget *content = find_widget (widget, button_content_says, label);

  return content != NULL ? gtk_widget_get_ancestor (content, GTK_TYPE_BUTTON) : NULL;
}

static gboolean
subtitle_has (GtkWidget     *widget,
              gconstpointer  text)
{
  return ADW_IS_ACTION_ROW (widget) && adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text) != NULL;
}

/* How many action rows under @widget have a subtitle with @text. */
static guint
count_subtitles_with (GtkWidget  *widget,
                      const char *text)
{
  return count_widgets (widget, subtitle_has, text);
}

static GtkColumnView *
find_column_view (GtkWidget *widget)
{
  return (GtkColumnView *) find_by_type (widget, GTK_TYPE_COLUMN_VIEW);
}

static gboolean
scrolls_column_view (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_SCROLLED_WINDOW (widget) &&
         GTK_IS_COLUMN_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget)));
}

/* The scrolled window around the persons' column view. */
static GtkScrolledWindow *
find_scrolled (GtkWidget *widget)
{
  return (GtkScrolledWindow *) find_widget (widget, scrolls_column_view, NULL);
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} LabelQuery;

static gboolean
label_shown (gpointer data)
{
  LabelQuery *q = data;
  return shows_label (q->widget, q->text);
}

/* The label saying @text is laid out and not cut off with "…". */
static gboolean
label_whole (gpointer data)
{
  LabelQuery *q = data;
  GtkWidget *label = find_label (q->widget, q->text);

  return label != NULL && gtk_widget_get_width (label) > 0 &&
         !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label)));
}

/* What Escape does in @widget: the shortcut that its controllers bind
 * to the key, activated as GTK would (a real key press needs more than
 * Xvfb gives). Returns whether there was one. */
static gboolean
press_escape (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) escape = gtk_keyval_trigger_new (GDK_KEY_Escape, 0);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), escape))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static gboolean
label_hidden (gpointer data)
{
  return !label_shown (data);
}

static void
test_admin_window (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  EaOccupancyPage *occupancy;
  EaPersonsPage *persons;
  EaPersonList *model;
  g_autoptr(EaPerson) first = NULL;
  g_autofree char *first_name = NULL;
  LabelQuery query;
  guint total;


  /* All six pages for an administrator; Belegung first. */
  g_assert_cmpuint (count_sidebar_rows (GTK_WIDGET (window)), ==, 6);
  g_assert_cmpstr (ea_window_get_page (window), ==, "occupancy");

  /* Belegung lists the 24 facilities of the demo district. */
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_cmpuint (g_list_model_get_n_items (ea_occupancy_page_get_model (occupancy)), ==, 24);
  g_assert_cmpuint (ea_occupancy_page_get_free (occupancy), >, 0);
  query.widget = GTK_WIDGET (window);
  query.text = "24 Unterkünfte";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "belegung.png");

  /* Narrowed by name or municipality (diacritics aside), and to free
   * beds of one kind; the count says how many of all. */
  _ea_occupancy_page_narrow (occupancy, "mullheim", 0);
  {
    GListModel *shown = _ea_occupancy_page_get_shown (occupancy);
    guint n = g_list_model_get_n_items (shown);

    g_assert_cmpuint (n, >, 0);
    g_assert_cmpuint (n, <, 24);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(EaOccupancy) o = g_list_model_get_item (shown, i);
        g_autofree char *where = g_strconcat (ea_occupancy_get_name (o), " ",
                                              ea_occupancy_get_place (o), NULL);

        g_assert_nonnull (strstr (where, "Müllheim"));
      }
    query.text = g_strdup_printf ("%u von 24 Unterkünften", n);
    g_assert_true (wait_for (label_shown, &query));
    g_free ((char *) query.text);
    screenshot (GTK_WIDGET (window), "belegung-gesucht.png");
  }
  _ea_occupancy_page_narrow (occupancy, "", 2);
  {
    GListModel *shown = _ea_occupancy_page_get_shown (occupancy);

    g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(EaOccupancy) o = g_list_model_get_item (shown, i);

        g_assert_cmpuint (ea_occupancy_get_free_women (o) + ea_occupancy_get_free_any (o), >, 0);
      }
  }
  _ea_occupancy_page_narrow (occupancy, "", 4);
  {
    GListModel *shown = _ea_occupancy_page_get_shown (occupancy);

    g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
    g_assert_cmpuint (g_list_model_get_n_items (shown), <, 24);
    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(EaOccupancy) o = g_list_model_get_item (shown, i);

        g_assert_cmpuint (ea_occupancy_get_free_barrier_free (o), >, 0);
      }
  }
  _ea_occupancy_page_narrow (occupancy, "", 0);
  g_assert_cmpuint (g_list_model_get_n_items (_ea_occupancy_page_get_shown (occupancy)), ==, 24);

  /* Switch pages with the window action, as the sidebar and Alt+2 do. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "persons"));
  g_assert_cmpstr (ea_window_get_page (window), ==, "persons");
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  model = ea_persons_page_get_model (persons);
  total = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (total, >=, 2450);

  /* The first demo person is on screen, in a real row. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  first_name = ea_person_dup_display_name (first);
  query.text = first_name;
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "personen.png");

  /* Searching narrows the list, insensitive to diacritics. */
  ea_persons_page_set_search (persons, "yilmaz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, total);
  {
    g_autoptr(EaPerson) found = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpstr (ea_person_get_family_name (found), ==, "Yılmaz");
  }
  screenshot (GTK_WIDGET (window), "personen-suche.png");
  ea_persons_page_set_search (persons, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, total);

  /* Import: the demo district's run, with the probable duplicate it held
   * and why. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "import"));
  g_assert_cmpstr (ea_window_get_page (window), ==, "import");
  query.text = "Mögliche Dubletten";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "import.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_audit_page (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *csv = g_build_filename (dir, "protokoll.csv", NULL);
  g_autofree char *text = NULL;
  EaAuditPage *page;
  LabelQuery query;
  guint n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "audit"));
  page = EA_AUDIT_PAGE (ea_window_get_page_widget (window, "audit"));
  g_assert_true (wait_for (is_mapped, page));

  /* Newest first: this login, after the wrong password before it. */
  n = _ea_audit_page_get_n_rows (page);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpstr (_ea_audit_page_get_cell (page, 0, 1), ==, "admin");
  g_assert_cmpstr (_ea_audit_page_get_cell (page, 0, 2), ==, "Angemeldet");
  g_assert_cmpstr (_ea_audit_page_get_cell (page, 0, 3), ==, "Konto 1");
  g_assert_cmpstr (_ea_audit_page_get_cell (page, 1, 2), ==, "Falsches Passwort");
  /* Details in German words (issue "The window"): a changed setting by
   * its name, and no detail in the log's own forms (ISO days, English). */
  {
    double area = ea_housing_get_min_area (session);

    g_assert_true (ea_housing_set_min_area (session, 7.5, &error));
    g_assert_no_error (error);
    ea_audit_page_reload (page);
    g_assert_cmpstr (_ea_audit_page_get_cell (page, 0, 5), ==,
                     "Mindestfläche je Person (m²): 7,5");
    for (guint i = 0; i < _ea_audit_page_get_n_rows (page); i++)
      {
        const char *detail = _ea_audit_page_get_cell (page, i, 5);

        g_assert_false (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$|^message |files$",
                                              detail, 0, 0));
      }
    g_assert_true (ea_housing_set_min_area (session, area, &error));
    g_assert_no_error (error);
    ea_audit_page_reload (page);
    n = _ea_audit_page_get_n_rows (page);
  }
  query.widget = GTK_WIDGET (window);
  query.text = "Falsches Passwort";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "protokoll.png");

  /* A period before anything happened: nothing, and the page says so. */
  _ea_audit_page_set_filter (page, 0, 0, "01.01.2000", "31.12.2000");
  g_assert_cmpuint (_ea_audit_page_get_n_rows (page), ==, 0);
  query.text = "Keine Einträge";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "protokoll-leer.png");

  /* A date that is none leaves the list alone. */
  _ea_audit_page_set_filter (page, 0, 0, NULL, NULL);
  g_assert_cmpuint (_ea_audit_page_get_n_rows (page), ==, n);
  _ea_audit_page_set_filter (page, 0, 0, "31.02.2026", NULL);
  g_assert_cmpuint (_ea_audit_page_get_n_rows (page), ==, n);
  _ea_audit_page_set_filter (page, 0, 0, NULL, NULL);

  /* Entries about one person, chosen as a bed is given: by search. */
  {
    g_autofree char *json = g_build_filename (dir, "auskunft.json", NULL);
    GListModel *toplevels = gtk_window_get_toplevels ();
    EaPersonChooser *chooser = NULL;
    gint64 person_id;

    g_signal_emit_by_name (_ea_audit_page_get_person_button (page), "clicked");
    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && chooser == NULL; i++)
      {
        g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

        if (EA_IS_PERSON_CHOOSER (toplevel))
          chooser = EA_PERSON_CHOOSER (toplevel);
      }
    g_assert_nonnull (chooser);
    g_assert_true (wait_for (is_mapped, chooser));
    screenshot (GTK_WIDGET (chooser), "protokoll-person-waehlen.png");
    _ea_person_chooser_choose (chooser, "yilmaz");
    person_id = _ea_audit_page_get_person_id (page);
    g_assert_cmpint (person_id, >, 0);
    g_assert_cmpuint (_ea_audit_page_get_n_rows (page), ==, 0);

    /* An export about that person shows; nothing about anybody else. */
    g_assert_true (ea_person_export (session, person_id, json, &error));
    g_assert_no_error (error);
    g_unlink (json);
    ea_audit_page_reload (page);
    g_assert_cmpuint (_ea_audit_page_get_n_rows (page), ==, 1);
    g_assert_cmpstr (_ea_audit_page_get_cell (page, 0, 2), ==,
                     "DSGVO-Auskunft exportiert");
    g_assert_nonnull (strstr (_ea_audit_page_get_cell (page, 0, 4), "Yılmaz"));
    query.text = _ea_audit_page_get_cell (page, 0, 4);
    g_assert_true (wait_for (label_shown, &query));
    screenshot (GTK_WIDGET (window), "protokoll-person.png");
  }
  _ea_audit_page_set_filter (page, 0, 0, NULL, NULL);

  /* One account's entries, exported; the export is logged at once. */
  _ea_audit_page_set_filter (page, ea_session_get_user_id (session), 0, NULL, NULL);
  n = _ea_audit_page_get_n_rows (page);
  g_assert_cmpuint (n, >=, 2);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (_ea_audit_page_get_cell (page, i, 1), ==, "admin");
  g_assert_true (_ea_audit_page_export (page, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbfNr.;Zeit;Konto;Aktion;"));
  g_assert_cmpuint (_ea_audit_page_get_n_rows (page), ==, n + 1);
  g_assert_cmpstr (_ea_audit_page_get_cell (page, 0, 2), ==, "Protokoll exportiert");

  /* Exports never overwrite. */
  g_assert_false (_ea_audit_page_export (page, csv, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_EXISTS);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (csv);
}

static gboolean
has_error_text (gpointer data)
{
  LabelQuery *q = data;
  return g_strcmp0 (_ea_login_window_get_error (EA_LOGIN_WINDOW (q->widget)), q->text) == 0;
}

/* An account an administrator made: its user chooses their own password
 * before the main window opens. */
static void
test_first_login (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) admin = ea_session_login (store, "admin", EA_DEMO_PASSWORD, &error);
  g_autoptr(EaSession) again = NULL;
  EaLoginWindow *window;
  LoginResult result = { NULL };
  LabelQuery query;

  g_assert_no_error (error);
  g_assert_cmpint (ea_accounts_create (admin, "neu", "Nina Neu", "anfang2026", EA_ROLE_READER,
                                       &error), >, 0);
  g_assert_no_error (error);

  window = ea_login_window_new (NULL, store);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 700);
  g_signal_connect (window, "logged-in", G_CALLBACK (logged_in_cb), &result);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window));
  _ea_login_window_fill (window, "neu", "anfang2026");
  gtk_widget_activate (_ea_login_window_get_button (window));
  query.widget = GTK_WIDGET (window);
  query.text = "Eigenes Passwort wählen";
  g_assert_true (wait_for (label_shown, &query));
  g_assert_null (result.session);
  screenshot (GTK_WIDGET (window), "passwort-waehlen.png");

  /* Typed differently twice, then too short: said, and nothing changes. */
  _ea_login_window_fill_new_password (window, "meinpasswort1", "meinpasswort2");
  gtk_widget_activate (_ea_login_window_get_button (window));
  query.text = "Die beiden neuen Passwörter sind verschieden. Bitte erneut eingeben.";
  g_assert_true (wait_for (has_error_text, &query));
  _ea_login_window_fill_new_password (window, "kurz", "kurz");
  gtk_widget_activate (_ea_login_window_get_button (window));
  query.text = "Das neue Passwort muss mindestens 8 Zeichen haben.";
  g_assert_true (wait_for (has_error_text, &query));
  screenshot (GTK_WIDGET (window), "passwort-zu-kurz.png");
  g_assert_null (result.session);

  _ea_login_window_fill_new_password (window, "meinpasswort1", "meinpasswort1");
  gtk_widget_activate (_ea_login_window_get_button (window));
  g_assert_true (wait_for (has_session, &result));
  g_assert_false (ea_session_must_change_password (result.session));
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&result.session);

  /* The new password is the one that works from now on. */
  again = ea_session_login (store, "neu", "meinpasswort1", &error);
  g_assert_no_error (error);
  g_assert_false (ea_session_must_change_password (again));
}

/* Verwaltung: an administrator creates an account and meets the rules. */
static void
test_users_page (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autoptr(EaSession) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  EaEditDialog *dialog;
  EaUsersPage *page;
  LabelQuery query;
  GWeakRef dialog_ref;
  guint n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  page = EA_USERS_PAGE (ea_window_get_page_widget (window, "admin"));
  g_assert_true (wait_for (is_mapped, page));
  n = _ea_users_page_get_n_accounts (page);
  g_assert_cmpuint (n, >=, 4);
  query.widget = GTK_WIDGET (window);
  query.text = "Konten der Behörde";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "verwaltung-benutzer.png");

  /* A login with a space: the dialog says so and keeps what was typed. */
  dialog = _ea_users_page_open_create (page);
  g_assert_true (wait_for (is_mapped, dialog));
  _ea_edit_dialog_set_text (dialog, "login", "p mueller");
  _ea_edit_dialog_set_text (dialog, "name", "Paula Müller");
  _ea_edit_dialog_set_text (dialog, "password", "anfang2026");
  _ea_edit_dialog_set_switch (dialog, "role-social", TRUE);
  _ea_edit_dialog_set_checked (dialog, "facilities", 1, TRUE);
  _ea_edit_dialog_save (dialog);
  g_assert_cmpstr (_ea_edit_dialog_get_error (dialog), ==,
                   "Bitte einen Benutzernamen ohne Leerzeichen eingeben.");
  g_assert_cmpstr (ea_edit_dialog_get_text (dialog, "name"), ==, "Paula Müller");
  screenshot (GTK_WIDGET (dialog), "konto-anlegen-fehler.png");
  g_assert_cmpuint (_ea_users_page_get_n_accounts (page), ==, n);

  g_weak_ref_init (&dialog_ref, dialog);
  _ea_edit_dialog_set_text (dialog, "login", "pmueller");
  _ea_edit_dialog_save (dialog);
  /* Saved: the dialog is gone. */
  g_assert_null (g_weak_ref_get (&dialog_ref));
  g_weak_ref_clear (&dialog_ref);
  g_assert_cmpuint (_ea_users_page_get_n_accounts (page), ==, n + 1);
  query.text = "Paula Müller";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "verwaltung-konto-angelegt.png");

  /* The new account: its role and facility, and a first password to change. */
  created = ea_session_login (store, "pmueller", "anfang2026", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_session_get_roles (created), ==, EA_ROLE_SOCIAL);
  g_assert_true (ea_session_must_change_password (created));
  /* The first password opens nothing until the user has chosen their own. */
  g_assert_false (ea_session_check (created, EA_RIGHT_VIEW_PERSONS, 1, NULL));
  g_assert_true (ea_session_change_password (created, "anfang2026", "eigenes2026", &error));
  g_assert_no_error (error);
  g_assert_true (ea_session_check (created, EA_RIGHT_VIEW_PERSONS, 1, NULL));
  g_assert_false (ea_session_check (created, EA_RIGHT_VIEW_PERSONS, 2, NULL));

  /* A new first password, saved from the account's dialog. */
  dialog = _ea_users_page_open_edit (page, ea_session_get_user_id (created));
  g_assert_true (wait_for (is_mapped, dialog));
  g_weak_ref_init (&dialog_ref, dialog);
  _ea_edit_dialog_set_text (dialog, "password", "neustart2026");
  _ea_edit_dialog_save (dialog);
  g_assert_null (g_weak_ref_get (&dialog_ref));
  g_weak_ref_clear (&dialog_ref);
  query.text = "Gespeichert. Die Person wählt bei der nächsten Anmeldung ein neues Passwort.";
  g_assert_true (wait_for (label_shown, &query));
  g_clear_object (&created);
  created = ea_session_login (store, "pmueller", "neustart2026", &error);
  g_assert_no_error (error);
  g_assert_true (ea_session_must_change_password (created));

  /* Nobody disables their own account. */
  dialog = _ea_users_page_open_edit (page, ea_session_get_user_id (session));
  g_assert_true (wait_for (is_mapped, dialog));
  screenshot (GTK_WIDGET (dialog), "konto-bearbeiten.png");
  _ea_edit_dialog_set_switch (dialog, "disabled", TRUE);
  _ea_edit_dialog_save (dialog);
  g_assert_cmpstr (_ea_edit_dialog_get_error (dialog), ==,
                   "Das eigene Konto kann nicht deaktiviert werden.");
  gtk_window_destroy (GTK_WINDOW (dialog));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  EaOccupancyPage *page;
  guint            free;
} FreeQuery;

static gboolean
free_changed (gpointer data)
{
  FreeQuery *q = data;
  return ea_occupancy_page_get_free (q->page) != q->free;
}

static gboolean
has_dialog (gpointer data)
{
  return _ea_facility_page_get_dialog (EA_FACILITY_PAGE (data)) != NULL;
}

static gboolean
no_dialog (gpointer data)
{
  return _ea_facility_page_get_dialog (EA_FACILITY_PAGE (data)) == NULL;
}

/* The key the person chooser finds only @person by. */
static char *
dup_person_key (gint64 person)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT coalesce (platform_id, "
                                                           "azr_number) FROM persons "
                                                           "WHERE id = ?", NULL);

  _ea_stmt_bind_int64 (stmt, 1, person);
  g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
  g_assert_nonnull (_ea_stmt_column_text (stmt, 0));
  return g_strdup (_ea_stmt_column_text (stmt, 0));
}

/* A free bed of a men's room with space for one more, nothing held on
 * it: the first or the last by number (@order "ASC" or "DESC"). */
static gint64
find_free_mens_bed (const char *order,
                    gint64     *facility)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT b.id FROM beds b JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
    "WHERE r.rule = 'men' AND u.reserved_for = 'none' "
    "AND b.id NOT IN (SELECT bed_id FROM stays WHERE until_date IS NULL) "
    "AND b.id NOT IN (SELECT bed_id FROM bed_blocks) "
    "AND b.id NOT IN (SELECT bed_id FROM reservations WHERE state = 'active') "
    "AND (SELECT count(*) FROM stays s JOIN beds x ON x.id = s.bed_id WHERE x.room_id = r.id "
    "     AND s.until_date IS NULL) < r.capacity "
    "AND r.area_m2 / ((SELECT count(*) FROM stays s JOIN beds x ON x.id = s.bed_id "
    "     WHERE x.room_id = r.id AND s.until_date IS NULL) + 1) >= 7 "
    "ORDER BY b.id %s LIMIT 1", order);
  g_autofree char *where = NULL;
  gint64 bed = ea_test_query_int (store, sql);

  g_assert_cmpint (bed, >, 0);
  where = g_strdup_printf ("SELECT u.facility_id FROM beds b JOIN rooms r ON r.id = b.room_id "
                           "JOIN units u ON u.id = r.unit_id WHERE b.id = %" G_GINT64_FORMAT,
                           bed);
  *facility = ea_test_query_int (store, where);
  return bed;
}

static void
test_check_in (void)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  EaWindow *window;
  EaOccupancyPage *occupancy;
  EaFacilityPage *plan;
  GtkWindow *dialog;
  FreeQuery query;
  gint64 bed, facility;
  g_autofree char *search = NULL;
  int person;

  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);

  /* A free bed in a men's room with space, and a man expected alone. */
  bed = find_free_mens_bed ("ASC", &facility);
  person = ea_test_query_int (store,
    "SELECT p.id FROM persons p JOIN household_members m ON m.person_id = p.id "
    "WHERE p.status = 'expected' AND p.gender = 'm' AND p.birth_date < '2000' "
    "AND (SELECT count(*) FROM household_members x WHERE x.household_id = m.household_id) = 1 "
    "AND p.id NOT IN (SELECT person_id FROM person_vulnerabilities) "
    "AND p.id NOT IN (SELECT person_id FROM reservations) LIMIT 1");
  /* The chooser finds the person by an id that only they have. */
  search = dup_person_key (person);

  window = open_main_window (session);
  /* Visit the persons first, so their page exists and must reload later. */
  ea_window_show_page (window, "persons");
  g_assert_true (wait_for (is_mapped, ea_window_get_page_widget (window, "persons")));
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  query.page = occupancy;
  query.free = ea_occupancy_page_get_free (occupancy);

  /* Open the facility's room plan, and check the person in through the
   * bed's chooser. */
  ea_occupancy_page_open_facility (occupancy, facility);
  plan = ea_occupancy_page_get_facility_page (occupancy);
  g_assert_cmpint (_ea_facility_page_get_bed_status (plan, bed), ==, EA_BED_FREE);
  screenshot (GTK_WIDGET (window), "raumplan.png");

  _ea_facility_page_activate (plan, bed, "check-in");
  g_assert_true (wait_for (has_dialog, plan));
  dialog = _ea_facility_page_get_dialog (plan);
  g_assert_true (EA_IS_PERSON_CHOOSER (dialog));
  g_assert_true (wait_for (is_mapped, dialog));
  /* Each person with gender, age, nationality and status (and the day
   * of an expected arrival), to choose the right one. */
  g_assert_true (wait_for (chooser_tells_who, dialog));
  screenshot (GTK_WIDGET (dialog), "einziehen.png");

  /* A woman is shown greyed, with the rule that refuses her in this
   * men's room; Enter on her says why and changes nothing. */
  {
    gint64 woman = ea_test_query_int (store,
      "SELECT min (id) FROM persons WHERE status = 'expected' AND gender = 'w' "
      "AND id NOT IN (SELECT person_id FROM reservations)");
    g_autofree char *key = dup_person_key (woman);
    g_autofree char *sql = g_strdup_printf ("SELECT r.name FROM beds b JOIN rooms r "
                                            "ON r.id = b.room_id WHERE b.id = %" G_GINT64_FORMAT,
                                            bed);
    g_autoptr(EaStmt) room = _ea_store_prepare (store, sql, NULL);
    g_autofree char *reason = NULL;
    GtkEditable *entry = GTK_EDITABLE (_ea_person_chooser_get_search_entry (
                                         EA_PERSON_CHOOSER (dialog)));
    LabelQuery refusal = { GTK_WIDGET (dialog), NULL };
    GtkWidget *label;

    g_assert_cmpint (_ea_stmt_step (room), ==, EA_STMT_ROW);
    reason = g_strdup_printf ("Raum %s ist ein Männerraum.", _ea_stmt_column_text (room, 0));
    _ea_stmt_reset (room);
    refusal.text = reason;
    gtk_editable_set_text (entry, key);
    g_assert_true (wait_for (label_shown, &refusal));
    label = find_label (GTK_WIDGET (dialog), reason);
    g_assert_false (gtk_widget_is_sensitive (label));
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (EA_IS_PERSON_CHOOSER (_ea_facility_page_get_dialog (plan)));
    g_assert_cmpint (_ea_facility_page_get_bed_status (plan, bed), ==, EA_BED_FREE);
    g_assert_cmpuint (count_widgets (GTK_WIDGET (dialog), label_says, reason), ==, 2);
    screenshot (GTK_WIDGET (dialog), "einziehen-passt-nicht.png");
    gtk_editable_set_text (entry, "");
  }
  _ea_person_chooser_choose (EA_PERSON_CHOOSER (dialog), search);

  /* The chooser closes, the bed is occupied, and the free count drops. */
  g_assert_true (wait_for (no_dialog, plan));
  g_assert_true (wait_for (free_changed, &query));
  g_assert_cmpuint (ea_occupancy_page_get_free (occupancy), ==, query.free - 1);
  g_assert_cmpint (_ea_facility_page_get_bed_status (plan, bed), ==, EA_BED_OCCUPIED);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM stays WHERE person_id = %d "
                                            "AND bed_id = %" G_GINT64_FORMAT
                                            " AND until_date IS NULL", person, bed);
    g_assert_cmpint (ea_test_query_int (store, sql), ==, 1);
  }
  screenshot (GTK_WIDGET (window), "eingezogen.png");

  /* The persons list shows the new status when it comes into view. */
  {
    EaPersonsPage *persons;
    EaPersonList *model;
    g_autoptr(EaPerson) found = NULL;

    ea_window_show_page (window, "persons");
    persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
    g_assert_true (wait_for (is_mapped, persons));
    model = ea_persons_page_get_model (persons);
    ea_persons_page_set_search (persons, search);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
    found = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpstr (ea_person_get_status (found), ==, "present");
    ea_persons_page_set_search (persons, "");
  }

  /* The toast's Undo takes it back. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT id FROM stays WHERE person_id = %d", person);
    g_autoptr(GError) undo_error = NULL;

    g_assert_true (ea_housing_undo_check_in (session, ea_test_query_int (store, sql),
                                             &undo_error));
    g_assert_no_error (undo_error);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_edit_room (void)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  EaWindow *window;
  EaOccupancyPage *occupancy;
  EaFacilityPage *plan;
  EaEditDialog *dialog;
  int rooms_before;

  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  window = ea_window_new (NULL, session);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window));
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  ea_occupancy_page_open_facility (occupancy, 1);
  plan = ea_occupancy_page_get_facility_page (occupancy);
  rooms_before = ea_test_query_int (store, "SELECT count(*) FROM rooms");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (plan), "facility.add-room", NULL));
  g_assert_true (wait_for (has_dialog, plan));
  dialog = EA_EDIT_DIALOG (_ea_facility_page_get_dialog (plan));
  g_assert_true (wait_for (is_mapped, dialog));

  /* Too small for two: the rule is named, the dialog stays open, nothing
   * is saved. */
  _ea_edit_dialog_set_text (dialog, "name", "9.99");
  _ea_edit_dialog_set_number (dialog, "area", 7);
  _ea_edit_dialog_set_number (dialog, "capacity", 2);
  _ea_edit_dialog_save (dialog);
  g_assert_cmpstr (_ea_edit_dialog_get_error (dialog), ==,
                   "Raum 9.99 hätte nur noch 3,5 m² pro Person (Mindestfläche 7 m²).");
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM rooms"), ==, rooms_before);
  screenshot (GTK_WIDGET (dialog), "raum-anlegen.png");

  _ea_edit_dialog_set_number (dialog, "area", 16.5);
  _ea_edit_dialog_save (dialog);
  g_assert_true (wait_for (no_dialog, plan));
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM rooms"), ==, rooms_before + 1);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM beds b JOIN rooms r "
                                             "ON r.id = b.room_id WHERE r.name = '9.99' "
                                             "AND r.area_m2 = 16.5"), ==, 2);
  {
    gint64 bed = ea_test_query_int (store, "SELECT min(b.id) FROM beds b JOIN rooms r "
                                           "ON r.id = b.room_id WHERE r.name = '9.99'");
    g_assert_cmpint (_ea_facility_page_get_bed_status (plan, bed), ==, EA_BED_FREE);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_message_dialog (gpointer data)
{
  return ADW_IS_MESSAGE_DIALOG (_ea_facility_page_get_dialog (EA_FACILITY_PAGE (data)));
}

/* Answers a message dialog as a user would, and waits until it is gone. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  GtkWindow *window = GTK_WINDOW (dialog);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  adw_message_dialog_response (dialog, response);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  if (window != NULL)
    gtk_window_destroy (window);
  g_assert_null (window);
}

/* A bed that Ankünfte verteilen holds from a later day: the room plan
 * shows it free until then and says for when; checking someone else in
 * asks first, and "keep it" keeps both the reservation and the bed. */
static void
test_reserved_later (void)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *from = ea_date_add_days (today, 5);
  g_autofree char *from_shown = ea_date_format (from);
  g_autofree char *until_iso = ea_date_add_days (today, 4);
  g_autofree char *until_shown = ea_date_format (until_iso);
  g_autofree char *description = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stays_sql = NULL;
  g_autofree char *held_sql = NULL;
  EaWindow *window;
  EaOccupancyPage *occupancy;
  EaFacilityPage *plan;
  AdwMessageDialog *dialog;
  GtkWindow *chooser;
  gint64 bed, facility, holder, other, reservation;
  guint held_later;

  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  /* A free bed of a men's room with space, nothing held on it; two men
   * expected alone. */
  bed = find_free_mens_bed ("DESC", &facility);
#define SINGLE_MAN "SELECT p.id FROM persons p JOIN household_members m ON m.person_id = p.id " \
  "WHERE p.status = 'expected' AND p.gender = 'm' AND p.birth_date < '2000' " \
  "AND (SELECT count(*) FROM household_members x WHERE x.household_id = m.household_id) = 1 " \
  "AND p.id NOT IN (SELECT person_id FROM person_vulnerabilities) " \
  "AND p.id NOT IN (SELECT person_id FROM reservations) ORDER BY p.id DESC "
  holder = ea_test_query_int (store, SINGLE_MAN "LIMIT 1");
  other = ea_test_query_int (store, SINGLE_MAN "LIMIT 1 OFFSET 1");
#undef SINGLE_MAN
  g_assert_cmpint (other, >, 0);
  reservation = ea_housing_reserve (session, holder, bed, from, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reservation, >, 0);
  key = dup_person_key (other);
  stays_sql = g_strdup_printf ("SELECT count(*) FROM stays WHERE person_id = %" G_GINT64_FORMAT,
                               other);
  held_sql = g_strdup_printf ("SELECT count(*) FROM reservations WHERE id = %" G_GINT64_FORMAT
                              " AND state = 'active'", reservation);

  window = open_main_window (session);
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  {
    g_autoptr(GListModel) list = ea_occupancy_list (session, NULL, &error);
    EaOccupancyTotals totals;

    g_assert_no_error (error);
    ea_occupancy_sum (list, &totals);
    held_later = totals.free_reserved_later;
    g_assert_cmpuint (held_later, >=, 1);
  }
  /* The counts say how many free beds are held from a later day. */
  {
    LabelQuery query = { GTK_WIDGET (window), NULL };
    g_autofree char *text = g_strdup_printf ("davon %u ab einem späteren Tag reserviert",
                                             held_later);

    query.text = text;
    g_assert_true (wait_for (label_shown, &query));
  }

  ea_occupancy_page_open_facility (occupancy, facility);
  plan = ea_occupancy_page_get_facility_page (occupancy);
  g_assert_true (wait_for (is_mapped, plan));
  /* Free tonight, and the chip says until when. */
  g_assert_cmpint (_ea_facility_page_get_bed_status (plan, bed), ==, EA_BED_FREE);
  description = _ea_facility_page_dup_bed_description (plan, bed);
  expected = g_strdup_printf (", frei bis %s, dann reserviert ab %s", until_shown, from_shown);
  g_assert_nonnull (strstr (description, expected));
  screenshot (GTK_WIDGET (window), "raumplan-reserviert-ab.png");

  /* Checking another man in asks before it gives the bed away. */
  _ea_facility_page_activate (plan, bed, "check-in");
  g_assert_true (wait_for (has_dialog, plan));
  chooser = _ea_facility_page_get_dialog (plan);
  g_assert_true (EA_IS_PERSON_CHOOSER (chooser));
  g_assert_true (wait_for (is_mapped, chooser));
  _ea_person_chooser_choose (EA_PERSON_CHOOSER (chooser), key);
  g_assert_true (wait_for (has_message_dialog, plan));
  dialog = ADW_MESSAGE_DIALOG (_ea_facility_page_get_dialog (plan));
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), from_shown));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "reserviert"));
  screenshot (GTK_WIDGET (dialog), "reservierung-aufheben.png");
  /* Enter keeps everything as it is. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  answer (dialog, "cancel");
  g_assert_cmpint (ea_test_query_int (store, stays_sql), ==, 0);
  g_assert_cmpint (ea_test_query_int (store, held_sql), ==, 1);
  g_assert_cmpint (_ea_facility_page_get_bed_status (plan, bed), ==, EA_BED_FREE);

  /* Asked again, "cancel the reservation and go on" does both at once. */
  _ea_person_chooser_choose (EA_PERSON_CHOOSER (chooser), key);
  g_assert_true (wait_for (has_message_dialog, plan));
  answer (ADW_MESSAGE_DIALOG (_ea_facility_page_get_dialog (plan)), "confirm");
  g_assert_cmpint (ea_test_query_int (store, stays_sql), ==, 1);
  g_assert_cmpint (ea_test_query_int (store, held_sql), ==, 0);
  g_assert_cmpint (_ea_facility_page_get_bed_status (plan, bed), ==, EA_BED_OCCUPIED);
  g_assert_true (wait_for (no_dialog, plan));

  /* Leave the district as it was for the other tests. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT id FROM stays WHERE person_id = %"
                                            G_GINT64_FORMAT, other);

    g_assert_true (ea_housing_undo_check_in (session, ea_test_query_int (store, sql), &error));
    g_assert_no_error (error);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  EaOutlookPage *page;
  guint          row;
} CellQuery;

static gboolean
row_bound (gpointer data)
{
  CellQuery *q = data;
  g_autofree char *cell = _ea_outlook_page_dup_cell (q->page, q->row, "free", 0);
  g_autofree char *men = _ea_outlook_page_dup_cell (q->page, q->row, "men", 0);
  g_autofree char *women = _ea_outlook_page_dup_cell (q->page, q->row, "women", 0);
  g_autofree char *any = _ea_outlook_page_dup_cell (q->page, q->row, "any", 0);
  g_autofree char *family = _ea_outlook_page_dup_cell (q->page, q->row, "family", 0);

  return cell != NULL || men != NULL || women != NULL || any != NULL || family != NULL;
}

static void
assert_line (EaOutlookPage *page,
             guint          row,
             const char    *line,
             const guint   *values,
             guint          n_days)
{
  for (guint d = 0; d < n_days; d++)
    {
      g_autofree char *shown = _ea_outlook_page_dup_cell (page, row, line, d);
      g_autofree char *count = ea_format_count (values[d]);

      g_assert_nonnull (shown);
      /* A day short of beds carries a mark after its figure. */
      g_assert_true (g_str_has_prefix (shown, count));
    }
}

static gboolean
shows_facility (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (data)), "facility") == 0;
}

/* Vorschau: the next 14 days as the core counts them, a facility's room
 * plan one click away, printed as a list (and recorded); a day more than
 * 90 days ahead is refused on the Belegung page. */
static void
test_look_ahead (void)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *far = ea_date_add_days (today, 91);
  g_autofree char *ahead = ea_date_add_days (today, 30);
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *pdf = g_build_filename (dir, "vorschau.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
  PopplerDocument *document;
  EaOutlook *core;
  EaOutlook *shown;
  EaOutlookFacility *first;
  EaWindow *window;
  EaOccupancyPage *occupancy;
  EaOutlookPage *page;
  GtkStack *nav;
  CellQuery query;
  guint free_today;
  int exports;

  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  window = open_main_window (session);
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  free_today = ea_occupancy_page_get_free (occupancy);

  /* The header's button opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (occupancy), "occupancy.look-ahead",
                                             NULL));
  page = ea_occupancy_page_open_outlook (occupancy);
  g_assert_true (wait_for (is_mapped, page));
  shown = _ea_outlook_page_get_outlook (page);
  g_assert_cmpuint (shown->n_days, ==, 14);
  g_assert_cmpstr (shown->from, ==, today);
  /* Rows: the days, the district, then every facility. */
  core = ea_outlook_new (session, NULL, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (_ea_outlook_page_get_rows (page)), ==,
                    2 + core->facilities->len);
  g_assert_cmpuint (core->free[0], ==, free_today);

  query.page = page;
  query.row = 1;
  g_assert_true (wait_for (row_bound, &query));
  assert_line (page, 1, "free", core->free, core->n_days);
  assert_line (page, 1, "waiting", core->waiting, core->n_days);
  query.row = 2;
  g_assert_true (wait_for (row_bound, &query));
  first = g_ptr_array_index (core->facilities, 0);
  if (first->beds_men > 0)
    assert_line (page, 2, "men", first->free_men, core->n_days);
  if (first->beds_women > 0)
    assert_line (page, 2, "women", first->free_women, core->n_days);
  if (first->beds_family > 0)
    assert_line (page, 2, "family", first->free_family, core->n_days);
  if (first->beds_any > 0)
    assert_line (page, 2, "any", first->free_any, core->n_days);
  else
    g_assert_null (_ea_outlook_page_dup_cell (page, 2, "any", 0));
  screenshot (GTK_WIDGET (window), "vorschau.png");

  /* Printed: a PDF of whole pages, the district and facilities on it, and
   * an entry in the audit log. */
  exports = ea_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = 'export' "
                                      "AND object_type = 'outlook'");
  g_assert_true (_ea_outlook_page_export (page, pdf, &error));
  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), >=, 1);
  {
    PopplerPage *pdf_page = poppler_document_get_page (document, 0);
    g_autofree char *text = poppler_page_get_text (pdf_page);

    g_assert_nonnull (strstr (text, "Vorschau"));
    g_assert_nonnull (strstr (text, first->name));
    g_object_unref (pdf_page);
  }
  g_object_unref (document);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = "
                                             "'export' AND object_type = 'outlook'"), ==,
                   exports + 1);

  /* A facility's row opens its room plan; back returns to the look ahead. */
  nav = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (page)));
  g_signal_emit_by_name (find_list_view (GTK_WIDGET (page)), "activate", 2);
  g_assert_true (wait_for (shows_facility, nav));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (
                   ea_occupancy_page_get_facility_page (occupancy)), "facility.back", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (nav), ==, "outlook");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "outlook.back", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (nav), ==, "overview");

  /* A day ahead is counted as planned; beyond 90 days it is refused and
   * the page stays on the day it showed. */
  g_assert_true (ea_occupancy_page_set_date (occupancy, ahead));
  {
    g_autoptr(GListModel) list = ea_occupancy_list (session, ahead, &error);
    EaOccupancyTotals totals;
    guint free_ahead;

    g_assert_no_error (error);
    ea_occupancy_sum (list, &totals);
    free_ahead = totals.free;
    g_assert_cmpuint (ea_occupancy_page_get_free (occupancy), ==, free_ahead);
    /* And says who will be waiting for a bed by then. */
    {
      EaOutlook *then = ea_outlook_new (session, ahead, 1, &error);
      g_autofree char *text = NULL;
      LabelQuery label = { GTK_WIDGET (window), NULL };

      g_assert_no_error (error);
      g_assert_cmpuint (then->waiting[0], >, 1);
      text = g_strdup_printf ("%u erwartete Ankünfte bis dahin noch ohne Bett",
                              then->waiting[0]);
      label.text = text;
      g_assert_true (wait_for (label_shown, &label));
      ea_outlook_free (then);
    }
    screenshot (GTK_WIDGET (window), "belegung-geplant.png");
    g_assert_false (ea_occupancy_page_set_date (occupancy, far));
    g_assert_cmpuint (ea_occupancy_page_get_free (occupancy), ==, free_ahead);
  }
  g_assert_true (ea_occupancy_page_set_date (occupancy, NULL));
  g_assert_cmpuint (ea_occupancy_page_get_free (occupancy), ==, free_today);

  ea_outlook_free (core);
  g_unlink (pdf);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The day the Belegung page's calendar shows. */
static char *
calendar_day (EaOccupancyPage *page)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                       EA_TYPE_OCCUPANCY_PAGE,
                                                                       "calendar"));
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* Issue "One clock": the calendar of the Belegung page starts on the
 * program's day, not on the machine's, and follows the day on display:
 * a day set from outside, a day refused, a day picked in it, today. */
static void
test_occupancy_calendar (void)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) machine = g_date_time_new_now_local ();
  g_autofree char *machine_day = g_date_time_format (machine, "%Y-%m-%d");
  g_autofree char *today = NULL;
  g_autofree char *ahead = NULL;
  g_autofree char *far = NULL;
  g_autofree char *shown = NULL;
  EaOccupancyPage *occupancy;
  EaWindow *window;

  /* A day the machine's clock does not say. */
  ea_test_pin_clock (g_str_equal (machine_day, "2026-11-23") ? "2026-11-24T10:00:00+01:00"
                                                             : EA_TEST_NOW);
  today = ea_clock_today ();
  ahead = ea_date_add_days (today, 30);
  far = ea_date_add_days (today, 91);
  g_assert_cmpstr (today, !=, machine_day);

  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  window = open_main_window (session);
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  shown = calendar_day (occupancy);
  g_assert_cmpstr (shown, ==, today);
  g_clear_pointer (&shown, g_free);

  g_assert_true (ea_occupancy_page_set_date (occupancy, ahead));
  shown = calendar_day (occupancy);
  g_assert_cmpstr (shown, ==, ahead);
  g_clear_pointer (&shown, g_free);
  g_assert_false (ea_occupancy_page_set_date (occupancy, far));
  shown = calendar_day (occupancy);
  g_assert_cmpstr (shown, ==, ahead);
  g_clear_pointer (&shown, g_free);

  /* Picked in the calendar: beyond 90 days the calendar goes back. */
  {
    GtkCalendar *calendar = GTK_CALENDAR (gtk_widget_get_template_child (
      GTK_WIDGET (occupancy), EA_TYPE_OCCUPANCY_PAGE, "calendar"));
    g_autoptr(GDateTime) picked = ea_clock_day_start (far);

    gtk_calendar_select_day (calendar, picked);
    shown = calendar_day (occupancy);
    g_assert_cmpstr (shown, ==, ahead);
    g_clear_pointer (&shown, g_free);
  }

  g_assert_true (ea_occupancy_page_set_date (occupancy, NULL));
  shown = calendar_day (occupancy);
  g_assert_cmpstr (shown, ==, today);
  gtk_window_destroy (GTK_WINDOW (window));
  ea_test_pin_clock (EA_TEST_NOW);
}

static void
test_window_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_page = NULL;
  EaWindow *window;
  int width, height;

  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);

  /* The page and the size of the last window come back in the next. */
  window = ea_window_new (NULL, session);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window));
  ea_window_show_page (window, "persons");
  last_page = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (last_page, ==, "persons");
  gtk_window_close (GTK_WINDOW (window));
  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 700);

  window = ea_window_new (NULL, session);
  g_assert_cmpstr (ea_window_get_page (window), ==, "persons");
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
reports_ready (gpointer page)
{
  return !_ea_reports_page_is_busy (EA_REPORTS_PAGE (page));
}

/* The chart has been laid out at the height its rows ask for: the layout
 * runs on the next frame, so a test waits for it instead of reading the
 * height at once. */
static gboolean
chart_fits_rows (gpointer chart)
{
  EaStatTable *table = ea_chart_get_table (EA_CHART (chart));

  return table != NULL
         && gtk_widget_get_height (GTK_WIDGET (chart)) >= (int) ea_stat_table_get_n_rows (table) * 26;
}

static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, gtk_widget_get_parent (scroller),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 12);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* A shown window of @type, or NULL. */
static GtkWidget *
shown_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return GTK_WIDGET (toplevel);
    }
  return NULL;
}

/* The file chooser a page opened, once it shows, in *data. */
static gboolean
file_chooser_shown (gpointer data)
{
  *(GtkWidget **) data = shown_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  return *(GtkWidget **) data != NULL;
}

static gboolean
no_file_chooser (gpointer data)
{
  return shown_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

static void
test_reports_page (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *xlsx = g_build_filename (dir, "flueag.xlsx", NULL);
  g_autofree char *pdf = g_build_filename (dir, "unterkuenfte.pdf", NULL);
  g_autofree char *month = ea_flueag_last_month ();
  g_autofree char *in_care = g_strdup_printf (
    "SELECT count (DISTINCT person_id) FROM stays WHERE from_date < date ('%s-01', '+1 month') "
    "AND (until_date IS NULL OR until_date > '%s-01')", month, month);
  g_autofree char *today = ea_clock_today ();
  g_autofree char *residents = g_strdup_printf (
    "SELECT count (*) FROM stays WHERE from_date <= '%s' "
    "AND (until_date IS NULL OR until_date > '%s')", today, today);
  EaReportsPage *page;
  EaStatTable *table;
  LabelQuery query;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports"));
  page = EA_REPORTS_PAGE (ea_window_get_page_widget (window, "reports"));
  g_assert_true (wait_for (is_mapped, page));
  g_assert_true (wait_for (reports_ready, page));

  /* Last month's report is counted at once: who is in it, ready to export. */
  g_assert_nonnull (_ea_reports_page_get_report (page));
  g_assert_cmpuint (ea_flueag_report_get_n_rows (_ea_reports_page_get_report (page)), ==,
                    ea_test_query_int (store, in_care));
  g_assert_true (gtk_widget_get_sensitive (_ea_reports_page_get_export_button (page)));
  query.widget = GTK_WIDGET (window);
  query.text = "Ohne AZR-Nummer";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "berichte.png");

  /* The export asks where to save, with a name ready; after a cancel the
   * button asks again. */
  for (int round = 0; round < 2; round++)
    {
      GtkWidget *chooser = NULL;
      g_autofree char *suggested = NULL;
      g_autofree char *expected = g_strdup_printf ("flueag-bestandsmeldung-%s.xlsx", month);

      g_signal_emit_by_name (_ea_reports_page_get_export_button (page), "clicked");
      g_assert_true (wait_for (file_chooser_shown, &chooser));
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "FlüAG-Meldung exportieren");
      suggested = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
      g_assert_cmpstr (suggested, ==, expected);
      if (round == 0)
        screenshot (chooser, "berichte-exportieren.png");
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      g_assert_true (wait_for (no_file_chooser, NULL));
    }

  /* Every chart has its figures; today's residents end the line. */
  for (guint k = 0; k < EA_N_STATS; k++)
    g_assert_nonnull (ea_chart_get_table (_ea_reports_page_get_chart (page, k)));
  table = ea_chart_get_table (_ea_reports_page_get_chart (page, EA_STAT_OCCUPANCY));
  g_assert_cmpuint (ea_stat_table_get_n_rows (table), >=, 334);
  g_assert_cmpfloat (ea_stat_table_get_value (table, ea_stat_table_get_n_rows (table) - 1, 1), ==,
                     ea_test_query_int (store, residents));
  table = ea_chart_get_table (_ea_reports_page_get_chart (page, EA_STAT_FACILITIES));
  g_assert_cmpuint (ea_stat_table_get_n_rows (table), ==, 24);
  table = ea_chart_get_table (_ea_reports_page_get_chart (page, EA_STAT_MOVEMENTS));
  g_assert_cmpuint (ea_stat_table_get_n_rows (table), ==, 12);
  g_assert_true (wait_for (chart_fits_rows, _ea_reports_page_get_chart (page, EA_STAT_FACILITIES)));
  query.text = "Belegung des Landkreises";
  g_assert_true (wait_for (label_shown, &query));
  scroll_to (GTK_WIDGET (_ea_reports_page_get_chart (page, EA_STAT_OCCUPANCY)));
  screenshot (GTK_WIDGET (window), "berichte-belegung.png");
  scroll_to (GTK_WIDGET (_ea_reports_page_get_chart (page, EA_STAT_MOVEMENTS)));
  screenshot (GTK_WIDGET (window), "berichte-zugaenge.png");
  scroll_to (GTK_WIDGET (_ea_reports_page_get_chart (page, EA_STAT_NATIONALITY)));
  screenshot (GTK_WIDGET (window), "berichte-staatsangehoerigkeit.png");
  scroll_to (GTK_WIDGET (_ea_reports_page_get_chart (page, EA_STAT_GENDER)));
  screenshot (GTK_WIDGET (window), "berichte-geschlecht.png");

  /* The charts take the style's colours: readable in the dark style too. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  scroll_to (GTK_WIDGET (_ea_reports_page_get_chart (page, EA_STAT_MOVEMENTS)));
  screenshot (GTK_WIDGET (window), "berichte-dunkel.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Another period is counted anew. */
  _ea_reports_page_set_period (page, 3);
  g_assert_true (wait_for (reports_ready, page));
  table = ea_chart_get_table (_ea_reports_page_get_chart (page, EA_STAT_OCCUPANCY));
  g_assert_cmpuint (ea_stat_table_get_n_rows (table), >=, 365);
  g_assert_cmpuint (ea_stat_table_get_n_rows (table), <=, 366);

  /* The printout shows the chart's title. */
  g_assert_true (_ea_reports_page_print_to_file (page, EA_STAT_FACILITIES, pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
    g_autoptr(GObject) document = G_OBJECT (poppler_document_new_from_file (uri, NULL, &error));
    g_autoptr(GObject) first = NULL;
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    first = G_OBJECT (poppler_document_get_page (POPPLER_DOCUMENT (document), 0));
    text = poppler_page_get_text (POPPLER_PAGE (first));
    g_assert_nonnull (strstr (text, "Betten je Unterkunft"));
  }

  /* The export writes the workbook and records who was reported. */
  _ea_reports_page_export (page, xlsx);
  g_assert_true (wait_for (reports_ready, page));
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM flueag_reported "
                                            "WHERE month = '%s'", month);

    g_assert_cmpint (ea_test_query_int (store, sql), ==, ea_test_query_int (store, in_care));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
message_dialog_shown (gpointer data)
{
  *(GtkWidget **) data = shown_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  return *(GtkWidget **) data != NULL;
}

static gboolean
person_page_idle (gpointer page)
{
  return !_ea_person_page_is_busy (EA_PERSON_PAGE (page));
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Saves, and waits until the dialog has closed itself, as it does when
 * the core took the change. */
static gboolean
save_and_close (EaEditDialog *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  _ea_edit_dialog_save (dialog);
  if (wait_for (pointer_cleared, &weak))
    return TRUE;
  g_object_remove_weak_pointer (G_OBJECT (dialog), &weak);
  return FALSE;
}

/* A social worker opens a person, writes a note and adds a document. */
static void
test_person_page (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("sozial", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *pdf = g_build_filename (dir, "Sprachzertifikat.pdf", NULL);
  EaPersonsPage *persons;
  EaPersonPage *page;
  EaEditDialog *dialog;
  gint64 person;
  guint notes, reads;
  LabelQuery query;

  /* A resident with a household of several. */
  person = ea_test_query_int (store,
    "SELECT m.person_id FROM household_members m JOIN persons p ON p.id = m.person_id "
    "WHERE p.status = 'present' AND (SELECT count(*) FROM household_members o "
    "WHERE o.household_id = m.household_id) >= 3 ORDER BY m.person_id LIMIT 1");
  g_assert_cmpint (person, >, 0);
  reads = ea_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = 'read' "
                                    "AND object_type = 'person'");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "persons"));
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  g_assert_true (wait_for (is_mapped, persons));
  page = ea_persons_page_open_person (persons, person);
  g_assert_nonnull (page);
  g_assert_true (wait_for (is_mapped, page));
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = "
                                             "'read' AND object_type = 'person'"), ==, reads + 1);
  query.widget = GTK_WIDGET (window);
  query.text = "Personendaten";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "person-uebersicht.png");
  _ea_person_page_show_view (page, "family");
  g_assert_cmpuint (_ea_person_page_get_file (page)->household->len, >=, 3);
  query.text = "Familienverbund";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "person-familie.png");
  /* The last member forms a household of their own. */
  {
    EaPersonFile *file = _ea_person_page_get_file (page);
    guint members = file->household->len;
    gint64 last = ((EaHouseholdMember *) g_ptr_array_index (file->household,
                                                             members - 1))->person_id;

    dialog = _ea_person_page_open_split_dialog (page);
    g_assert_true (wait_for (is_mapped, dialog));
    _ea_edit_dialog_save (dialog);
    g_assert_nonnull (strstr (_ea_edit_dialog_get_error (dialog), "neuen Familienverbund"));
    _ea_edit_dialog_set_checked (dialog, "members", last, TRUE);
    screenshot (GTK_WIDGET (dialog), "familienverbund-teilen.png");
    g_assert_true (save_and_close (dialog));
    g_assert_cmpuint (_ea_person_page_get_file (page)->household->len, ==, members - 1);
  }
  _ea_person_page_show_view (page, "housing");
  screenshot (GTK_WIDGET (window), "person-unterbringung.png");

  /* A note: a refused one says what is wrong, the saved one is listed. */
  _ea_person_page_show_view (page, "notes");
  notes = _ea_person_page_get_n_notes (page);
  dialog = _ea_person_page_open_note_dialog (page);
  g_assert_true (wait_for (is_mapped, dialog));
  _ea_edit_dialog_save (dialog);
  g_assert_nonnull (strstr (_ea_edit_dialog_get_error (dialog), "Text"));
  _ea_edit_dialog_set_text (dialog, "body", "Termin beim Jobcenter vereinbart; Unterlagen "
                                           "zur Anerkennung des Berufsabschlusses mitbringen.");
  screenshot (GTK_WIDGET (dialog), "notiz-schreiben.png");
  g_assert_true (save_and_close (dialog));
  g_assert_cmpuint (_ea_person_page_get_n_notes (page), ==, notes + 1);
  query.text = "Termin beim Jobcenter vereinbart; Unterlagen zur Anerkennung des "
               "Berufsabschlusses mitbringen.";
  g_assert_true (wait_for (label_shown, &query));
  {
    GtkWidget *body = find_widget (GTK_WIDGET (page), is_label_saying, query.text);

    /* The note's text reads in body size, not as a row's grey subtitle. */
    g_assert_nonnull (body);
    g_assert_false (gtk_widget_has_css_class (body, "subtitle"));
    g_assert_false (gtk_widget_has_css_class (body, "dim-label"));
  }
  screenshot (GTK_WIDGET (window), "person-notizen.png");

  /* A document, made here: listed, and its text found by the search. */
  {
    cairo_surface_t *surface = cairo_pdf_surface_create (pdf, 595, 842);
    cairo_t *cr = cairo_create (surface);

    cairo_set_font_size (cr, 16);
    cairo_move_to (cr, 72, 100);
    cairo_show_text (cr, "Goethe-Zertifikat B1 Deutsch");
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  _ea_person_page_show_view (page, "documents");
  g_assert_cmpuint (_ea_person_page_get_n_documents (page), ==, 0);
  dialog = _ea_person_page_open_document_dialog (page, pdf);
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_cmpstr (ea_edit_dialog_get_text (dialog, "title"), ==, "Sprachzertifikat");
  _ea_edit_dialog_set_text (dialog, "expires", "31.02.2030");
  _ea_edit_dialog_save (dialog);
  g_assert_nonnull (strstr (_ea_edit_dialog_get_error (dialog), "Gültig bis"));
  _ea_edit_dialog_set_text (dialog, "expires", "");
  screenshot (GTK_WIDGET (dialog), "dokument-hinzufuegen.png");
  g_assert_true (save_and_close (dialog));
  g_assert_cmpuint (_ea_person_page_get_n_documents (page), ==, 1);
  g_assert_true (wait_for (person_page_idle, page));
  query.text = "Sprachzertifikat";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "person-dokumente.png");
  {
    g_autoptr(EaPersonList) list = ea_person_list_new (session, &error);

    g_assert_true (ea_person_list_set_search (list, "goethe-zertifikat", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  }

  /* The viewer: a page at a time, thumbnails from a worker, zoom. */
  {
    g_autofree char *three = g_build_filename (dir, "Bescheid.pdf", NULL);
    cairo_surface_t *surface = cairo_pdf_surface_create (three, 595, 842);
    cairo_t *cr = cairo_create (surface);
    EaDocumentViewer *viewer;
    gint64 id;

    cairo_set_font_size (cr, 28);
    for (int i = 1; i <= 3; i++)
      {
        g_autofree char *text = g_strdup_printf ("Bescheid, Seite %d", i);

        cairo_move_to (cr, 72, 120);
        cairo_show_text (cr, text);
        cairo_show_page (cr);
      }
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
    id = ea_document_add (session, person, three, "bescheid", "Bescheid des BAMF", "02.11.2026",
                          NULL, &error);
    g_assert_no_error (error);
    viewer = ea_document_viewer_open (GTK_WINDOW (window), session, id, &error);
    g_assert_no_error (error);
    g_assert_true (wait_for (is_mapped, viewer));
    g_assert_cmpint (_ea_document_viewer_get_n_pages (viewer), ==, 3);
    g_assert_nonnull (gtk_picture_get_paintable (GTK_PICTURE (
      _ea_document_viewer_get_picture (viewer))));
    while (_ea_document_viewer_get_n_thumbnails (viewer) < 3)
      g_main_context_iteration (NULL, TRUE);
    _ea_document_viewer_go_to (viewer, 1);
    g_assert_cmpint (_ea_document_viewer_get_page (viewer), ==, 1);
    _ea_document_viewer_go_to (viewer, 7);
    g_assert_cmpint (_ea_document_viewer_get_page (viewer), ==, 2);
    _ea_document_viewer_zoom (viewer, -1);
    g_assert_cmpfloat (_ea_document_viewer_get_zoom (viewer), ==, 0.75);
    _ea_document_viewer_go_to (viewer, 0);
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    screenshot (GTK_WIDGET (viewer), "dokument-ansehen.png");
    /* The thumbnails keep to a narrow pane; the page has the rest. */
    {
      GtkWidget *paned = find_by_type (GTK_WIDGET (viewer), GTK_TYPE_PANED);

      g_assert_nonnull (paned);
      g_assert_cmpint (gtk_paned_get_position (GTK_PANED (paned)), <=, 200);
      g_assert_cmpint (gtk_widget_get_width (_ea_document_viewer_get_picture (viewer)), >,
                       2 * gtk_paned_get_position (GTK_PANED (paned)));
    }
    g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = "
                                               "'read' AND object_type = 'document'"), >=, 1);
    gtk_window_destroy (GTK_WINDOW (viewer));
  }

  /* Editing the personal data names a wrong field. */
  dialog = _ea_person_page_open_edit_dialog (page);
  g_assert_true (wait_for (is_mapped, dialog));
  _ea_edit_dialog_set_text (dialog, "azr", "1234");
  _ea_edit_dialog_save (dialog);
  g_assert_true (g_str_has_prefix (_ea_edit_dialog_get_error (dialog), "AZR-Nummer:"));
  screenshot (GTK_WIDGET (dialog), "person-bearbeiten-fehler.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  dialog = _ea_person_page_open_edit_dialog (page);
  _ea_edit_dialog_set_choice (dialog, "marital", "VW");
  _ea_edit_dialog_set_choice (dialog, "residence", "aufenthaltserlaubnis");
  g_assert_true (save_and_close (dialog));
  g_assert_cmpstr (_ea_person_page_get_file (page)->marital_label, ==, "verwitwet");
  g_assert_cmpstr (_ea_person_page_get_file (page)->residence_label, ==, "Aufenthaltserlaubnis");

  /* Back to the list: the filters narrow it. */
  g_signal_emit_by_name (page, "back");
  _ea_persons_page_choose_filter (persons, "status", 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ea_persons_page_get_model (persons))),
                    ==, ea_test_query_int (store, "SELECT count(*) FROM persons "
                                                  "WHERE status = 'expected'"));
  query.text = "erwartet";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "personen-filter.png");
  _ea_persons_page_choose_filter (persons, "status", 0);

  /* Expiring passports: one added here, valid until next week. */
  {
    g_autofree char *pass = g_build_filename (dir, "Reisepass.pdf", NULL);
    g_autofree char *today = ea_clock_today ();
    g_autofree char *soon = ea_date_add_days (today, 7);
    cairo_surface_t *surface = cairo_pdf_surface_create (pass, 595, 842);
    cairo_t *cr = cairo_create (surface);
    GtkWindow *expiring;
    g_autofree char *name = NULL;

    cairo_move_to (cr, 72, 100);
    cairo_show_text (cr, "Reisepass");
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
    g_assert_cmpint (ea_document_add (session, person, pass, "ausweis", "Reisepass", NULL, soon,
                                      &error), >, 0);
    g_assert_no_error (error);
    expiring = _ea_persons_page_open_expiring (persons);
    g_assert_true (wait_for (is_mapped, expiring));
    query.widget = GTK_WIDGET (expiring);
    name = g_strdup_printf ("%s, %s", _ea_person_page_get_file (page)->fields.family_name,
                            _ea_person_page_get_file (page)->fields.given_names);
    query.text = name;
    g_assert_true (wait_for (label_shown, &query));
    screenshot (GTK_WIDGET (expiring), "ablaufende-dokumente.png");
    /* Escape closes it (issue "The window"). */
    g_object_add_weak_pointer (G_OBJECT (expiring), (gpointer *) &expiring);
    g_assert_true (press_escape (GTK_WIDGET (expiring)));
    g_assert_true (wait_for (is_destroyed, &expiring));
    query.widget = GTK_WIDGET (window);
  }

  /* A person by hand: the form names what is missing. */
  dialog = _ea_persons_page_open_new_person (persons);
  g_assert_true (wait_for (is_mapped, dialog));
  _ea_edit_dialog_save (dialog);
  g_assert_true (g_str_has_prefix (_ea_edit_dialog_get_error (dialog), "Familienname:"));
  _ea_edit_dialog_set_text (dialog, "family", "Neumann");
  _ea_edit_dialog_set_text (dialog, "given", "Leyla");
  _ea_edit_dialog_set_text (dialog, "birth", "00.05.1999");
  _ea_edit_dialog_save (dialog);
  g_assert_true (g_str_has_prefix (_ea_edit_dialog_get_error (dialog), "Geschlecht:"));
  screenshot (GTK_WIDGET (dialog), "person-anlegen.png");
  _ea_edit_dialog_set_choice (dialog, "gender", "w");
  _ea_edit_dialog_set_choice (dialog, "nationality", "475");
  g_assert_true (save_and_close (dialog));
  page = EA_PERSON_PAGE (gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_ancestor (
    GTK_WIDGET (page), GTK_TYPE_STACK))));
  g_assert_cmpstr (_ea_person_page_get_file (page)->fields.family_name, ==, "Neumann");
  g_assert_cmpstr (_ea_person_page_get_file (page)->fields.birth_date, ==, "1999-05-00");
  g_assert_cmpstr (((EaCodedValue *) g_ptr_array_index (_ea_person_page_get_file (page)->nationalities,
                                                        0))->label, ==, "syrisch");

  /* A child joins her household, chosen as any person is. */
  {
    EaPersonFields fields = { .family_name = (char *) "Neumann", .given_names = (char *) "Mila",
                              .birth_date = (char *) "2020", .gender = (char *) "w" };
    gint64 child = ea_person_create (session, &fields, &error);

    dialog = _ea_person_page_open_role_dialog (page, child);
    g_assert_true (wait_for (is_mapped, dialog));
    screenshot (GTK_WIDGET (dialog), "familienverbund-rolle.png");
    g_assert_no_error (error);
    g_assert_true (save_and_close (dialog));
    g_assert_cmpuint (_ea_person_page_get_file (page)->household->len, ==, 2);
    _ea_person_page_show_view (page, "family");
    query.text = "Kind";
    screenshot (GTK_WIDGET (window), "person-familie-neu.png");
  }

  /* Languages, protection needs and qualifications, each checked. */
  dialog = _ea_person_page_open_language_dialog (page);
  _ea_edit_dialog_set_choice (dialog, "language", "ara");
  _ea_edit_dialog_set_choice (dialog, "level", "M");
  g_assert_true (save_and_close (dialog));
  dialog = _ea_person_page_open_language_dialog (page);
  _ea_edit_dialog_set_choice (dialog, "language", "deu");
  _ea_edit_dialog_set_choice (dialog, "level", "A2");
  g_assert_true (save_and_close (dialog));
  g_assert_cmpuint (_ea_person_page_get_file (page)->languages->len, ==, 2);
  dialog = _ea_person_page_open_needs_dialog (page);
  _ea_edit_dialog_set_checked (dialog, "needs", 3, TRUE);
  g_assert_true (save_and_close (dialog));
  g_assert_cmpuint (_ea_person_page_get_file (page)->vulnerabilities->len, ==, 1);
  dialog = _ea_person_page_open_qualification_dialog (page);
  _ea_edit_dialog_save (dialog);
  g_assert_true (g_str_has_prefix (_ea_edit_dialog_get_error (dialog), "Titel:"));
  _ea_edit_dialog_set_text (dialog, "title", "Friseurin (Meisterbrief)");
  _ea_edit_dialog_set_text (dialog, "country", "Syrien");
  _ea_edit_dialog_set_number (dialog, "year", 2016);
  screenshot (GTK_WIDGET (dialog), "qualifikation-hinzufuegen.png");
  g_assert_true (save_and_close (dialog));
  g_assert_cmpuint (_ea_person_page_get_file (page)->qualifications->len, ==, 1);
  _ea_person_page_show_view (page, "skills");
  query.text = "Friseurin (Meisterbrief)";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "person-sprachen.png");

  gtk_window_destroy (GTK_WINDOW (window));
}


/* Bett finden from the person page: a family expected without a bed is
 * placed in one step and checked in; an unaccompanied minor gets the
 * youth office's reason instead; a keep-apart note is entered. */
static void
test_find_bed (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autofree char *members_sql = NULL;
  g_autofree char *stays_sql = NULL;
  g_autofree char *apart_sql = NULL;
  EaPersonsPage *persons;
  EaPersonPage *page;
  EaFindBedDialog *dialog;
  EaEditDialog *edit;
  const EaBedCandidate *c;
  gint64 head, uma, other;
  int members;
  LabelQuery query;

  /* The eldest of an expected household of three or more, none with a bed
   * or a reservation. */
  head = ea_test_query_int (store,
    "SELECT m.person_id FROM household_members m JOIN persons p ON p.id = m.person_id "
    "WHERE p.status = 'expected' AND (SELECT count (*) FROM household_members o "
    "  WHERE o.household_id = m.household_id) >= 3 "
    "AND NOT EXISTS (SELECT 1 FROM household_members o JOIN reservations v "
    "  ON v.person_id = o.person_id AND v.state = 'active' "
    "  WHERE o.household_id = m.household_id) "
    "ORDER BY m.household_id, p.birth_date LIMIT 1");
  g_assert_cmpint (head, >, 0);
  members_sql = g_strdup_printf ("SELECT count (*) FROM household_members WHERE household_id = "
                                 "(SELECT household_id FROM household_members WHERE person_id = "
                                 "%lld)", (long long) head);
  members = ea_test_query_int (store, members_sql);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "persons"));
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  g_assert_true (wait_for (is_mapped, persons));
  page = ea_persons_page_open_person (persons, head);
  g_assert_true (wait_for (is_mapped, page));
  g_assert_true (_ea_person_page_may_find_bed (page));
  _ea_person_page_show_view (page, "housing");
  query.widget = GTK_WIDGET (window);
  query.text = "Konfliktvermerke";
  g_assert_true (wait_for (label_shown, &query));

  dialog = _ea_person_page_find_bed (page, TRUE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_cmpuint (_ea_find_bed_dialog_get_n_candidates (dialog), >, 0);
  c = _ea_find_bed_dialog_get_candidate (dialog, 0);
  g_assert_cmpuint (c->person_ids->len, ==, members);
  g_assert_cmpuint (c->bed_ids->len, ==, members);
  /* The reasons in German. */
  g_assert_true (g_str_has_prefix (c->reasons[0], "Familie in ein"));
  query.widget = GTK_WIDGET (dialog);
  query.text = "Vorschläge";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (dialog), "bett-finden-familie.png");
  /* The person alone, then the household again. */
  _ea_find_bed_dialog_set_household (dialog, FALSE);
  g_assert_cmpuint (_ea_find_bed_dialog_get_candidate (dialog, 0)->person_ids->len, ==, 1);
  _ea_find_bed_dialog_set_household (dialog, TRUE);
  c = _ea_find_bed_dialog_get_candidate (dialog, 0);
  g_assert_cmpuint (c->person_ids->len, ==, members);

  /* One click: the whole family checked in. */
  _ea_find_bed_dialog_place (dialog, 0, TRUE);
  g_assert_true (wait_for (is_destroyed, &dialog));
  stays_sql = g_strdup_printf (
    "SELECT count (*) FROM stays s JOIN household_members m ON m.person_id = s.person_id "
    "WHERE s.until_date IS NULL AND m.household_id = (SELECT household_id FROM "
    "household_members WHERE person_id = %lld)", (long long) head);
  g_assert_cmpint (ea_test_query_int (store, stays_sql), ==, members);
  query.widget = GTK_WIDGET (window);
  query.text = "Personen";
  g_assert_false (_ea_person_page_may_find_bed (page));
  screenshot (GTK_WIDGET (window), "person-unterbringung-eingezogen.png");

  /* A keep-apart note from the person page. */
  other = ea_test_query_int (store,
    "SELECT p.id FROM persons p JOIN household_members m ON m.person_id = p.id "
    "WHERE p.status = 'present' AND (SELECT count (*) FROM household_members o "
    "WHERE o.household_id = m.household_id) = 1 ORDER BY p.id LIMIT 1");
  edit = _ea_person_page_open_keep_apart_dialog (page, other, "Andere Person");
  _ea_edit_dialog_set_text (edit, "reason", "Streit um die Küche");
  screenshot (GTK_WIDGET (edit), "konfliktvermerk.png");
  _ea_edit_dialog_save (edit);
  apart_sql = g_strdup_printf ("SELECT count (*) FROM keep_apart WHERE person_a = %lld OR "
                               "person_b = %lld", (long long) head, (long long) head);
  g_assert_cmpint (ea_test_query_int (store, apart_sql), ==, 1);
  g_assert_true (wait_for (is_mapped, page));
  screenshot (GTK_WIDGET (window), "person-konfliktvermerke.png");

  /* An unaccompanied minor: no bed, and why. The demo's seed has none
   * expected, so one expected person alone is made one. */
  uma = ea_test_query_int (store,
    "SELECT p.id FROM persons p WHERE p.status = 'expected' AND (SELECT count (*) FROM "
    "household_members o WHERE o.household_id = (SELECT household_id FROM household_members "
    "WHERE person_id = p.id)) <= 1 ORDER BY p.id LIMIT 1");
  g_assert_true (_ea_store_exec (store, g_strdup_printf ("INSERT INTO person_vulnerabilities "
                                                         "(person_id, code) VALUES (%lld, 'uma')",
                                                         (long long) uma), NULL));
  page = ea_persons_page_open_person (persons, uma);
  g_assert_true (wait_for (is_mapped, page));
  dialog = _ea_person_page_find_bed (page, FALSE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_cmpuint (_ea_find_bed_dialog_get_n_candidates (dialog), ==, 0);
  g_assert_nonnull (strstr (_ea_find_bed_dialog_get_explanation (dialog), "Jugendamt"));
  screenshot (GTK_WIDGET (dialog), "bett-finden-uma.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
placed_cb (EaFindBedDialog *dialog,
           const char      *message,
           char           **told)
{
  g_free (*told);
  *told = g_strdup (message);
}

/* A second reservation for a person who holds one asks first, names the
 * bed held, keeps it on "keep", and says what it replaced. */
static void
test_find_bed_replaces (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autofree char *active_sql = NULL;
  g_autofree char *told = NULL;
  EaFindBedDialog *dialog;
  GtkWidget *question = NULL;
  gint64 person, first_bed;

  person = ea_test_query_int (store,
    "SELECT p.id FROM persons p WHERE p.status = 'expected' AND (SELECT count (*) FROM "
    "household_members o WHERE o.household_id = (SELECT household_id FROM household_members "
    "WHERE person_id = p.id)) = 1 AND NOT EXISTS (SELECT 1 FROM reservations v "
    "WHERE v.person_id = p.id AND v.state = 'active') AND NOT EXISTS (SELECT 1 FROM "
    "person_vulnerabilities u WHERE u.person_id = p.id) ORDER BY p.id LIMIT 1");
  g_assert_cmpint (person, >, 0);
  active_sql = g_strdup_printf ("SELECT coalesce (max (bed_id), 0) * 1000 + count (*) FROM "
                                "reservations WHERE person_id = %lld AND state = 'active'",
                                (long long) person);

  dialog = ea_find_bed_dialog_new (GTK_WINDOW (window), session, person, "Testperson", FALSE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_cmpuint (_ea_find_bed_dialog_get_n_candidates (dialog), >, 0);
  _ea_find_bed_dialog_place (dialog, 0, FALSE);
  g_assert_true (wait_for (is_destroyed, &dialog));
  first_bed = ea_test_query_int (store, active_sql) / 1000;
  g_assert_cmpint (ea_test_query_int (store, active_sql), ==, first_bed * 1000 + 1);

  /* Again: asked first, with the bed held named. */
  dialog = ea_find_bed_dialog_new (GTK_WINDOW (window), session, person, "Testperson", FALSE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "placed", G_CALLBACK (placed_cb), &told);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_cmpuint (_ea_find_bed_dialog_get_n_candidates (dialog), >, 0);
  _ea_find_bed_dialog_place (dialog, 0, FALSE);
  g_assert_true (wait_for (message_dialog_shown, &question));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==,
                   "Reservierung ersetzen?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question)),
                            "Für diese Person ist bereits ein Bett reserviert"));
  screenshot (question, "reservierung-ersetzen.png");
  answer (ADW_MESSAGE_DIALOG (question), "cancel");
  g_assert_cmpint (ea_test_query_int (store, active_sql), ==, first_bed * 1000 + 1);
  g_assert_nonnull (dialog);
  g_assert_null (told);

  /* Replaced on "replace", and the message says what was. */
  _ea_find_bed_dialog_place (dialog, 0, FALSE);
  question = NULL;
  g_assert_true (wait_for (message_dialog_shown, &question));
  answer (ADW_MESSAGE_DIALOG (question), "confirm");
  g_assert_true (wait_for (is_destroyed, &dialog));
  g_assert_cmpint (ea_test_query_int (store, active_sql) % 1000, ==, 1);
  g_assert_cmpint (ea_test_query_int (store, active_sql) / 1000, !=, first_bed);
  g_assert_nonnull (told);
  g_assert_nonnull (strstr (told, "Die frühere Reservierung ist aufgehoben"));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  EaFacilityPage *plan;
  gint64          bed;
} BedClick;

static gboolean
bed_clicked (gpointer data)
{
  BedClick *click = data;

  return _ea_facility_page_click_bed (click->plan, click->bed);
}

static gboolean
shows_person (GtkWidget     *widget,
              gconstpointer  data)
{
  return EA_IS_PERSON_PAGE (widget) && gtk_widget_get_mapped (widget) &&
         ea_person_page_get_person_id (EA_PERSON_PAGE (widget)) == *(const gint64 *) data;
}

typedef struct
{
  GtkWidget *window;
  gint64     person;
} PersonShown;

static gboolean
person_shown (gpointer data)
{
  PersonShown *q = data;

  return find_widget (q->window, shows_person, &q->person) != NULL;
}

/* A social worker, who changes no bed, opens the file of the person who
 * sleeps in a bed from the room plan. */
static void
test_room_plan_opens_person (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("sozial", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  EaOccupancyPage *occupancy;
  EaFacilityPage *plan;
  GtkWidget *open;
  BedClick click;
  PersonShown shown;
  gint64 bed, person, facility;

  g_assert_true (ea_session_can (session, EA_RIGHT_VIEW_OCCUPANCY));
  g_assert_false (ea_session_can (session, EA_RIGHT_EDIT_STAYS));
  bed = ea_test_query_int (store, "SELECT min (bed_id) FROM stays WHERE until_date IS NULL");
  person = ea_test_query_int (store, g_strdup_printf ("SELECT person_id FROM stays "
                                                      "WHERE until_date IS NULL AND bed_id = %lld",
                                                      (long long) bed));
  facility = ea_test_query_int (store, g_strdup_printf ("SELECT u.facility_id FROM beds b "
                                                        "JOIN rooms r ON r.id = b.room_id "
                                                        "JOIN units u ON u.id = r.unit_id "
                                                        "WHERE b.id = %lld", (long long) bed));
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  ea_occupancy_page_open_facility (occupancy, facility);
  plan = ea_occupancy_page_get_facility_page (occupancy);
  g_assert_true (wait_for (is_mapped, plan));
  g_assert_cmpint (_ea_facility_page_get_bed_status (plan, bed), ==, EA_BED_OCCUPIED);

  click = (BedClick) { plan, bed };
  g_assert_true (wait_for (bed_clicked, &click));
  open = find_widget (GTK_WIDGET (plan), button_says, "Akte der Person _öffnen");
  g_assert_nonnull (open);
  g_assert_true (wait_for (is_mapped, open));
  screenshot (GTK_WIDGET (window), "raumplan-akte-oeffnen.png");
  g_signal_emit_by_name (open, "clicked");

  shown = (PersonShown) { GTK_WIDGET (window), person };
  g_assert_true (wait_for (person_shown, &shown));
  g_assert_cmpstr (ea_window_get_page (window), ==, "persons");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* On the FlüAG report, a person without AZR number opens on a click, to
 * enter the number. */
static void
test_flueag_missing_opens_person (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  EaReportsPage *page;
  PersonShown shown;
  gint64 person;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports"));
  page = EA_REPORTS_PAGE (ea_window_get_page_widget (window, "reports"));
  g_assert_true (wait_for (is_mapped, page));
  g_assert_true (wait_for (reports_ready, page));
  g_assert_nonnull (_ea_reports_page_get_report (page));
  g_assert_cmpuint (ea_flueag_report_count_without_azr (_ea_reports_page_get_report (page)), >,
                    0);
  person = _ea_reports_page_open_missing (page, 0);
  g_assert_cmpint (person, >, 0);
  g_assert_cmpint (ea_test_query_int (store, g_strdup_printf ("SELECT count (*) FROM persons "
                                                              "WHERE id = %lld AND azr_number "
                                                              "IS NULL", (long long) person)),
                   ==, 1);
  shown = (PersonShown) { GTK_WIDGET (window), person };
  g_assert_true (wait_for (person_shown, &shown));
  g_assert_cmpstr (ea_window_get_page (window), ==, "persons");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* On every role's person page the person's name heads the page; the
 * views are chosen below it (for an administrator the view switcher
 * took the name's place). */
static void
test_person_page_names_person (void)
{
  const char *logins[] = { "admin", "sozial" };

  for (guint l = 0; l < G_N_ELEMENTS (logins); l++)
    {
      g_autoptr(EaSession) session = log_in_through_window (logins[l], EA_DEMO_PASSWORD);
      EaWindow *window = open_main_window (session);
      EaPersonsPage *persons;
      EaPersonPage *page;
      LabelQuery query;
      g_autofree char *name = NULL;
      gint64 person = ea_test_query_int (store, "SELECT min (person_id) FROM stays "
                                                "WHERE until_date IS NULL");

      {
        g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT family_name || ', ' || "
                                                           "given_names FROM persons WHERE id = ?",
                                                    NULL);

        _ea_stmt_bind_int64 (stmt, 1, person);
        g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
        name = g_strdup (_ea_stmt_column_text (stmt, 0));
      }
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                                 "persons"));
      persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
      g_assert_true (wait_for (is_mapped, persons));
      page = ea_persons_page_open_person (persons, person);
      g_assert_true (wait_for (is_mapped, page));
      query = (LabelQuery) { GTK_WIDGET (page), name };
      g_assert_true (wait_for (label_shown, &query));
      g_assert_null (find_by_type (GTK_WIDGET (page), ADW_TYPE_VIEW_SWITCHER_TITLE));
      screenshot (GTK_WIDGET (window), g_strdup_printf ("person-kopf-%s.png", logins[l]));
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* The Familie view of an expected household, for someone who may both
 * edit persons and find beds: its heading stays whole, and beds for the
 * household are a row of their own. */
static void
test_family_view_heading (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) session = NULL;
  EaWindow *window;
  EaPersonsPage *persons;
  EaPersonPage *page;
  GtkWidget *row;
  gint64 head;

  _ea_store_exec (store, "INSERT OR IGNORE INTO user_roles (user_id, role) "
                         "SELECT id, 'housing' FROM users WHERE login = 'admin'", &error);
  g_assert_no_error (error);
  session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  window = open_main_window (session);
  head = ea_test_query_int (store,
    "SELECT m.person_id FROM household_members m JOIN persons p ON p.id = m.person_id "
    "WHERE p.status = 'expected' AND (SELECT count (*) FROM household_members o "
    "  WHERE o.household_id = m.household_id) >= 3 "
    "AND NOT EXISTS (SELECT 1 FROM household_members o JOIN reservations v "
    "  ON v.person_id = o.person_id AND v.state = 'active' "
    "  WHERE o.household_id = m.household_id) "
    "ORDER BY m.household_id, p.birth_date LIMIT 1");
  g_assert_cmpint (head, >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "persons"));
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  g_assert_true (wait_for (is_mapped, persons));
  page = ea_persons_page_open_person (persons, head);
  g_assert_true (wait_for (is_mapped, page));
  g_assert_true (_ea_person_page_may_find_bed (page));
  _ea_person_page_show_view (page, "family");
  g_assert_true (wait_for (label_whole,
                           &(LabelQuery) { GTK_WIDGET (page), "Familienverbund" }));
  row = find_widget (GTK_WIDGET (page), row_titled, "Betten für den Familienverbund finden …");
  g_assert_nonnull (row);
  screenshot (GTK_WIDGET (window), "person-familie-erwartet.png");
  gtk_window_destroy (GTK_WINDOW (window));
  _ea_store_exec (store, "DELETE FROM user_roles WHERE role = 'housing' "
                         "AND user_id = (SELECT id FROM users WHERE login = 'admin')", &error);
  g_assert_no_error (error);
}

static gboolean
allocation_ready (gpointer page)
{
  return !_ea_allocation_page_is_busy (EA_ALLOCATION_PAGE (page));
}

/* Ankünfte verteilen computes in a worker thread: the page says so with a
 * progress bar, the window keeps drawing, and Abbrechen stops it. */
static void
test_allocation_cancel (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  EaOccupancyPage *occupancy;
  EaAllocationPage *page;
  FrameQuery frames;
  LabelQuery query;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "occupancy"));
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  page = ea_occupancy_page_open_allocation (occupancy);
  g_assert_true (wait_for (is_mapped, page));
  g_assert_true (wait_for (allocation_ready, page));
  g_assert_nonnull (_ea_allocation_page_get_allocation (page));

  _ea_allocation_page_hold_next (page);
  ea_allocation_page_propose (page);
  g_assert_true (_ea_allocation_page_is_busy (page));
  g_assert_null (_ea_allocation_page_get_allocation (page));
  query.widget = GTK_WIDGET (page);
  query.text = "Vorschlag wird berechnet …";
  g_assert_true (wait_for (label_shown, &query));
  g_assert_nonnull (find_by_type (GTK_WIDGET (page), GTK_TYPE_PROGRESS_BAR));
  /* The window draws on while the worker computes. */
  frames = (FrameQuery) { gtk_widget_get_frame_clock (GTK_WIDGET (window)), 0 };
  frames.after = gdk_frame_clock_get_frame_counter (frames.clock) + 3;
  gtk_widget_queue_draw (GTK_WIDGET (window));
  g_assert_true (wait_for (frames_drawn, &frames));
  g_assert_true (_ea_allocation_page_is_busy (page));
  screenshot (GTK_WIDGET (window), "ankuenfte-verteilen-berechnet.png");

  _ea_allocation_page_cancel (page);
  g_assert_true (wait_for (allocation_ready, page));
  g_assert_null (_ea_allocation_page_get_allocation (page));
  query.text = "Der Vorschlag wurde abgebrochen. „Neu vorschlagen“ berechnet einen neuen.";
  g_assert_true (wait_for (label_shown, &query));

  /* And again, to the end. */
  ea_allocation_page_propose (page);
  g_assert_true (wait_for (allocation_ready, page));
  g_assert_nonnull (_ea_allocation_page_get_allocation (page));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Ankünfte verteilen: the proposal, a household moved to another place,
 * and all confirmed in one step. */
static void
test_allocation_page (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  EaOccupancyPage *occupancy;
  EaAllocationPage *page;
  EaAllocation *allocation;
  GPtrArray *rows;
  EaAllocationRow *first;
  g_autoptr(GPtrArray) alternatives = NULL;
  guint placed, group = 0, other = 0;
  int reservations;
  gint64 room;
  LabelQuery query;

  reservations = ea_test_query_int (store, "SELECT count (*) FROM reservations "
                                           "WHERE state = 'active'");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "occupancy"));
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  screenshot (GTK_WIDGET (window), "belegung-unterkunftsverwaltung.png");
  page = ea_occupancy_page_open_allocation (occupancy);
  g_assert_true (wait_for (is_mapped, page));
  g_assert_true (wait_for (allocation_ready, page));
  allocation = _ea_allocation_page_get_allocation (page);
  rows = ea_allocation_get_rows (allocation);
  g_assert_cmpuint (rows->len, >, 0);
  query.widget = GTK_WIDGET (window);
  query.text = "Vorschlag";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "ankuenfte-verteilen.png");

  /* A long proposal shows in parts (twenty households at a time; five
   * here, where the district is small): a thousand rows at once held the
   * window still for seconds. */
  {
    guint households = 0;
    GtkWidget *button;

    for (guint i = 0; i < rows->len; i++)
      if (i == 0 || ((EaAllocationRow *) g_ptr_array_index (rows, i))->group !=
                    ((EaAllocationRow *) g_ptr_array_index (rows, i - 1))->group)
        households++;
    g_assert_cmpuint (households, >, 10);
    g_assert_cmpuint (count_widgets (GTK_WIDGET (page), is_of_type,
                                     GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON)), ==,
                      MIN (households, 20));
    _ea_allocation_page_show_at_once (page, 5);
    ea_allocation_page_propose (page);
    g_assert_true (wait_for (allocation_ready, page));
    allocation = _ea_allocation_page_get_allocation (page);
    rows = ea_allocation_get_rows (allocation);
    g_assert_cmpuint (count_widgets (GTK_WIDGET (page), is_of_type,
                                     GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON)), ==, 5);
    button = find_widget (GTK_WIDGET (page), button_says, "5 weitere zeigen");
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpuint (count_widgets (GTK_WIDGET (page), is_of_type,
                                     GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON)), ==, 10);
    query.text = g_strdup_printf ("10 von %u Familienverbünden gezeigt", households);
    g_assert_true (wait_for (label_shown, &query));
    g_free ((char *) query.text);
    query.text = "Vorschlag";

    /* Leaving a household out changes its row, not the rows shown. */
    {
      GtkWidget *check = find_by_type (GTK_WIDGET (page), GTK_TYPE_CHECK_BUTTON);
      GtkWidget *row = gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);
      guint before = ea_allocation_get_n_placed (allocation);

      g_object_add_weak_pointer (G_OBJECT (check), (gpointer *) &check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
      g_assert_nonnull (check);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                       "Jetzt nicht untergebracht: aus diesem Vorschlag herausgenommen.");
      g_assert_cmpuint (ea_allocation_get_n_placed (allocation), <, before);
      g_assert_cmpuint (count_widgets (GTK_WIDGET (page), is_of_type,
                                       GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON)), ==, 10);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_assert_nonnull (check);
      g_assert_cmpuint (ea_allocation_get_n_placed (allocation), ==, before);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=,
                       "Jetzt nicht untergebracht: aus diesem Vorschlag herausgenommen.");
      g_object_remove_weak_pointer (G_OBJECT (check), (gpointer *) &check);
    }
  }

  /* Another place for the first household. */
  /* The first household with another place to go. */
  for (guint i = 0; i < rows->len; i++)
    {
      first = g_ptr_array_index (rows, i);
      group = first->group;
      room = first->room_id;
      g_clear_pointer (&alternatives, g_ptr_array_unref);
      alternatives = ea_allocation_find_alternatives (allocation, group, 8, NULL);
      for (other = 0; other < alternatives->len; other++)
        if (((EaBedCandidate *) g_ptr_array_index (alternatives, other))->room_id != room)
          break;
      if (other < alternatives->len)
        break;
    }
  g_assert_cmpuint (other, <, alternatives->len);
  _ea_allocation_page_change (page, group, other);
  rows = ea_allocation_get_rows (allocation);
  for (guint i = 0; i < rows->len; i++)
    {
      EaAllocationRow *row = g_ptr_array_index (rows, i);
      EaBedCandidate *chosen = g_ptr_array_index (alternatives, other);
      gboolean found = FALSE;

      if (row->group != group)
        continue;
      for (guint b = 0; b < chosen->bed_ids->len; b++)
        found |= g_array_index (chosen->bed_ids, gint64, b) == row->bed_id;
      g_assert_true (found);
    }

  placed = ea_allocation_get_n_placed (allocation);
  _ea_allocation_page_confirm (page);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM reservations "
                                             "WHERE state = 'active'"), ==,
                   reservations + (int) placed);
  /* The next proposal no longer holds them. */
  g_assert_true (wait_for (allocation_ready, page));
  g_assert_cmpuint (ea_allocation_get_n_placed (_ea_allocation_page_get_allocation (page)), <,
                    placed);
  screenshot (GTK_WIDGET (window), "ankuenfte-verteilen-danach.png");
  gtk_window_destroy (GTK_WINDOW (window));
}


/* Verwaltung → Einstellungen: the minimum area and the weights of the bed
 * matching, saved with an audit entry and used by the next search. */
static void
test_settings_page (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  EaUsersPage *users;
  EaSettingsPage *page;
  EaMatchWeights weights;
  LabelQuery query;
  int changes;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  users = EA_USERS_PAGE (ea_window_get_page_widget (window, "admin"));
  g_assert_true (wait_for (is_mapped, users));
  ea_users_page_show_view (users, "settings");
  page = _ea_users_page_get_settings (users);
  g_assert_true (wait_for (is_mapped, page));
  query.widget = GTK_WIDGET (window);
  query.text = "Gewichtung der Plätze";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "verwaltung-einstellungen.png");

  changes = ea_test_query_int (store, "SELECT count (*) FROM audit_log WHERE action = 'change' "
                                      "AND object_type = 'setting'");
  _ea_settings_page_set_value (page, 0, 8.5);
  _ea_settings_page_set_value (page, 3, 0);
  _ea_settings_page_save (page);
  g_assert_cmpfloat (ea_housing_get_min_area (session), ==, 8.5);
  ea_match_weights_load (session, &weights);
  g_assert_cmpfloat (weights.language, ==, 0);
  g_assert_cmpfloat (weights.household, ==, 20);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM audit_log WHERE action = "
                                             "'change' AND object_type = 'setting'"), ==,
                   changes + 2);
  /* Back to the defaults for the tests after this one. */
  _ea_settings_page_set_value (page, 0, 7);
  _ea_settings_page_set_value (page, 3, 10);
  _ea_settings_page_save (page);
  gtk_window_destroy (GTK_WINDOW (window));
}


/* Import: the sample as a preview that changes nothing, then imported;
 * the run is listed. A refused file leaves the preview empty. */
static void
test_import_page (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "beispiel-zuweisung.xml",
                                                   NULL);
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *other = g_build_filename (dir, "anderes-amt.xml", NULL);
  g_autofree char *text = NULL;
  EaImportPage *page;
  LabelQuery query;
  int persons = ea_test_query_int (store, "SELECT count (*) FROM persons");
  /* The demo district's own run, and its held duplicate unless an earlier
   * test decided it. */
  guint runs = (guint) ea_test_query_int (store, "SELECT count (*) FROM import_runs");
  guint held = (guint) ea_test_query_int (store, "SELECT count (*) FROM import_reviews "
                                                 "WHERE decision IS NULL");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "import"));
  page = EA_IMPORT_PAGE (ea_window_get_page_widget (window, "import"));
  g_assert_true (wait_for (is_mapped, page));

  /* Another office's message: refused, with the reason. */
  g_assert_true (g_file_get_contents (sample, &text, NULL, NULL));
  {
    g_autoptr(GString) s = g_string_new (text);

    g_string_replace (s, "<ags>08315000", "<ags>09162000", 1);
    g_assert_true (g_file_set_contents (other, s->str, -1, NULL));
  }
  g_assert_false (_ea_import_page_preview (page, other));
  g_assert_null (_ea_import_page_get_preview (page));
  query.widget = GTK_WIDGET (window);
  query.text = "Die Datei wurde abgewiesen: nichts geändert";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "import-abgewiesen.png");

  /* A Gülşen Yılmaz known already, written without Turkish letters: the
   * import holds her record as a probable duplicate. */
  {
    g_autoptr(GError) error = NULL;

    _ea_store_exec (store,
      "INSERT INTO persons (family_name, given_names, birth_date, gender, status, search_text, "
      "  sort_name, created_at, created_by) VALUES ('Yilmaz', 'Gulsen', '1998-11-02', 'w', "
      "  'present', 'yilmaz gulsen', 'yilmaz gulsen', '2026-01-05T07:00:00Z', 1)", &error);
    g_assert_no_error (error);
    persons++;
  }
  g_assert_true (_ea_import_page_preview (page, sample));
  g_assert_cmpuint (_ea_import_page_get_preview (page)->created, ==, 4);
  g_assert_cmpuint (_ea_import_page_get_preview (page)->duplicates_to_review, ==, 1);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM persons"), ==, persons);
  /* The tabs with their persons: the new ones first. */
  query.widget = GTK_WIDGET (window);
  query.text = "Al-Hassan, Rania";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "import-vorschau.png");
  _ea_import_page_show_preview_tab (page, "duplicates");
  query.text = "Yılmaz, Gülşen";
  g_assert_true (wait_for (label_shown, &query));
  query.text = "Al-Hassan, Rania";
  g_assert_false (label_shown (&query));
  screenshot (GTK_WIDGET (window), "import-vorschau-dubletten.png");

  g_assert_true (_ea_import_page_import (page));
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM persons"), ==, persons + 4);
  g_assert_cmpuint (_ea_import_page_get_n_runs (page), ==, runs + 1);
  query.text = "Bisherige Importläufe";
  g_assert_true (wait_for (label_shown, &query));
  /* The arrivals without a bed; an administrator alone does not place. */
  g_assert_cmpuint (_ea_import_page_get_n_unplaced (page), ==, 2);
  query.text = "Ankünfte ohne Bett";
  g_assert_true (wait_for (label_shown, &query));
  query.text = "Bett _finden …";
  g_assert_false (label_shown (&query));
  screenshot (GTK_WIDGET (window), "import-erledigt.png");

  /* The held record side by side; "Verschiedene Personen" imports it. */
  g_assert_cmpuint (_ea_import_page_get_n_duplicates (page), ==, held + 1);
  query.text = "Mögliche Dubletten";
  g_assert_true (wait_for (label_shown, &query));
  query.text = "Yılmaz, Gülşen";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "import-dubletten.png");
  g_assert_true (_ea_import_page_decide (page, ea_test_query_int (store,
                   "SELECT max (id) FROM import_reviews WHERE decision IS NULL"), FALSE));
  g_assert_cmpuint (_ea_import_page_get_n_duplicates (page), ==, held);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM persons"), ==, persons + 5);
  g_assert_cmpuint (_ea_import_page_get_n_unplaced (page), ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The merge dialog, once a click on "Dieselbe Person" has opened it. */
static EaEditDialog *
find_edit_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (EA_IS_EDIT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return EA_EDIT_DIALOG (window);
    }
  return NULL;
}

static gboolean
edit_dialog_shown (gpointer data)
{
  EaEditDialog *dialog = find_edit_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
has_focus (gpointer widget)
{
  return gtk_widget_has_focus (widget);
}

/* Issue "The window": "Dieselbe Person" asks, field by field, which value
 * the file keeps; the spelling with diacritics is preselected. */
static void
test_import_merge (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "beispiel-zuweisung.xml",
                                                   NULL);
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *plain = g_build_filename (dir, "ohne-sonderzeichen.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  EaEditDialog *dialog;
  EaImportPage *page;
  GtkWidget *button;
  GtkWidget *first;
  LabelQuery query;
  gint64 known;
  int min = 0;

  /* A Gülşen Yılmaz known already, born in İzmir, with a long remark; a
   * message of its own (the tests share a database, which has the
   * sample's persons and transfers) writes her "Yilmaz", born in
   * Istanbul. */
  g_assert_true (g_file_get_contents (sample, &text, NULL, NULL));
  {
    g_autoptr(GString) s = g_string_new (NULL);
    g_autoptr(GError) error = NULL;

    g_string_append_len (s, text, strstr (text, "  <zuweisung>") - text);
    g_string_replace (s, "<nachrichtId>LEA-FR-2026-11-20-0001</nachrichtId>",
                      "<nachrichtId>LEA-FR-2026-11-20-0060</nachrichtId>", 1);
    g_string_replace (s, "<laufendeNummer>41</laufendeNummer>",
                      "<laufendeNummer>60</laufendeNummer>", 1);
    g_string_append (s,
      "  <zuweisung>\n"
      "    <zuweisungsId>Z-2026-006001</zuweisungsId>\n"
      "    <zuweisungsdatum>2026-11-18</zuweisungsdatum>\n"
      "    <ankunftGeplant>2026-11-25</ankunftGeplant>\n"
      "    <herkunftseinrichtung>\n"
      "      <kennung>LEA-FR</kennung>\n"
      "      <name>Landeserstaufnahmeeinrichtung Freiburg</name>\n"
      "    </herkunftseinrichtung>\n"
      "    <familienverbund id=\"FV-96001\">\n"
      "      <person>\n"
      "        <personId>P-9600101</personId>\n"
      "        <familienname>Yilmaz</familienname>\n"
      "        <vorname>Gülşen</vorname>\n"
      "        <geburtsdatum>1997-03-15</geburtsdatum>\n"
      "        <geburtsort>Istanbul</geburtsort>\n"
      "        <geschlecht>w</geschlecht>\n"
      "        <staatsangehoerigkeit><code>163</code></staatsangehoerigkeit>\n"
      "        <familienstand><code>LD</code></familienstand>\n"
      "        <rolleImFamilienverbund>bezugsperson</rolleImFamilienverbund>\n"
      "        <aufenthaltsstatus><code>gestattung</code></aufenthaltsstatus>\n"
      "        <beruf>Krankenpflegerin</beruf>\n"
      "      </person>\n"
      "    </familienverbund>\n"
      "  </zuweisung>\n"
      "</zuweisungsliste>\n");
    g_assert_true (g_file_set_contents (plain, s->str, -1, NULL));
    _ea_store_exec (store,
      "INSERT INTO persons (family_name, given_names, birth_date, birth_place, gender, status, "
      "  remark, search_text, sort_name, created_at, created_by) VALUES ('Yılmaz', 'Gülşen', "
      "  '1997-03-15', 'İzmir', 'w', 'present', 'Spricht bei Terminen lieber mit einer "
      "Mitarbeiterin; Unterlagen zur Anerkennung ihrer Ausbildung als Krankenpflegerin liegen "
      "dem Sozialdienst vor, Rückfrage bei der Anerkennungsstelle Stuttgart läuft.', "
      "  'yilmaz gulsen', 'yilmaz gulsen', '2026-01-05T07:00:00Z', 1)", &error);
    g_assert_no_error (error);
    /* Records held before (the demo district holds one) are decided
     * first: this one is to be the only one. */
    while (ea_test_query_int (store, "SELECT count (*) FROM import_reviews "
                                     "WHERE decision IS NULL") > 0)
      g_assert_cmpint (ea_import_decide (session, ea_test_query_int (store,
                         "SELECT min (id) FROM import_reviews WHERE decision IS NULL"), FALSE,
                         &error), >, 0);
    g_assert_no_error (error);
  }
  known = ea_test_query_int (store, "SELECT id FROM persons WHERE birth_place = 'İzmir'");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "import"));
  page = EA_IMPORT_PAGE (ea_window_get_page_widget (window, "import"));
  g_assert_true (wait_for (is_mapped, page));
  g_assert_true (_ea_import_page_preview (page, plain));
  g_assert_true (_ea_import_page_import (page));
  g_assert_cmpuint (_ea_import_page_get_n_duplicates (page), ==, 1);
  query = (LabelQuery) { GTK_WIDGET (window), "Mögliche Dubletten" };
  g_assert_true (wait_for (label_shown, &query));

  /* Escape (the dialog's window.close) changes nothing. */
  before = ea_test_dump_tables (store);
  button = find_button_labelled (GTK_WIDGET (page), "Dieselbe _Person");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  g_assert_true (wait_for (edit_dialog_shown, NULL));
  dialog = find_edit_dialog ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_assert_true (wait_for (is_destroyed, &dialog));
  {
    g_autofree char *after = ea_test_dump_tables (store);

    g_assert_cmpstr (before, ==, after);
  }

  /* Again: a row for each field that differs, the defaults chosen, the
   * focus on the first choice. */
  button = find_button_labelled (GTK_WIDGET (page), "Dieselbe _Person");
  gtk_widget_activate (button);
  g_assert_true (wait_for (edit_dialog_shown, NULL));
  dialog = find_edit_dialog ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  query = (LabelQuery) { GTK_WIDGET (dialog), "Familienname" };
  g_assert_true (wait_for (label_shown, &query));
  query.text = "Geburtsort";
  g_assert_true (label_shown (&query));
  query.text = "Bemerkung";
  g_assert_true (label_shown (&query));
  query.text = "Vornamen";
  g_assert_false (label_shown (&query));
  first = _ea_edit_dialog_get_either_button (dialog, "family_name", TRUE);
  g_assert_true (first == _ea_edit_dialog_get_first_field (dialog));
  g_assert_true (wait_for (has_focus, first));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (first)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (
    _ea_edit_dialog_get_either_button (dialog, "birth_place", TRUE))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
    _ea_edit_dialog_get_either_button (dialog, "birth_place", FALSE))));
  {
    g_autofree char *file = g_strdup_printf (_("In the file: %s"), "Yılmaz");
    g_autofree char *import = g_strdup_printf (_("From the import: %s"), "Yilmaz");

    query.text = file;
    g_assert_true (label_shown (&query));
    query.text = import;
    g_assert_true (label_shown (&query));
  }
  screenshot (GTK_WIDGET (dialog), "zusammenfuehren.png");
  /* It fits a window 600 px wide; a long value wraps. */
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL,
                      NULL);
  g_assert_cmpint (min, <=, 600);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 800);
  screenshot (GTK_WIDGET (dialog), "zusammenfuehren-600.png");

  /* The file's birth place and remark kept, the rest as preselected. */
  gtk_widget_activate (_ea_edit_dialog_get_either_button (dialog, "birth_place", TRUE));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
    _ea_edit_dialog_get_either_button (dialog, "birth_place", TRUE))));
  gtk_widget_activate (_ea_edit_dialog_get_either_button (dialog, "remark", TRUE));
  button = find_button_labelled (GTK_WIDGET (dialog), _("_Merge"));
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  g_assert_true (wait_for (is_destroyed, &dialog));
  g_assert_cmpuint (_ea_import_page_get_n_duplicates (page), ==, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM persons WHERE platform_id = "
                                      "'P-9600101'"), ==, 1);
  g_assert_cmpint (ea_test_query_int (store, "SELECT id FROM persons WHERE family_name = 'Yılmaz' "
                                      "AND given_names = 'Gülşen' AND birth_place = 'İzmir' "
                                      "AND remark LIKE 'Spricht bei Terminen%' "
                                      "AND profession = 'Krankenpflegerin'"), ==, known);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM audit_log WHERE action = "
                                      "'merge' AND detail = 'kept from the file: family_name,"
                                      "birth_place,remark'"), ==, 1);
  query = (LabelQuery) { GTK_WIDGET (window),
                         _("The record updated the file already known.") };
  g_assert_true (wait_for (label_shown, &query));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
import_progressed (gpointer page)
{
  return _ea_import_page_get_fraction (page) >= 0.05;
}

static gboolean
import_idle (gpointer page)
{
  return !_ea_import_page_is_busy (page);
}

/* A large list imports in a worker thread with a progress bar; cancelled
 * midway, nothing changed. */
static void
test_import_cancel (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "grosse-liste.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("Nachname;Vorname;Geburtsdatum;Geschlecht;"
                                         "Staatsangehörigkeit\n");
  int persons = ea_test_query_int (store, "SELECT count (*) FROM persons");
  EaImportPage *page;
  LabelQuery query;

  /* Names that mostly differ in their consonants (else probable
   * duplicates of each other). */
  for (guint i = 0; i < 20000; i++)
    {
      char name[16] = "M";

      for (guint n = i, k = 1; k == 1 || n > 0; n /= 10, k++)
        name[k] = "bcdfghklmn"[n % 10];
      g_string_append_printf (csv, "%s;Anna;%02u.%02u.19%02u;w;Syrien\n", name,
                              1 + i % 28, 1 + i % 12, 40 + i % 60);
    }
  g_assert_true (g_file_set_contents (path, csv->str, -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "import"));
  page = EA_IMPORT_PAGE (ea_window_get_page_widget (window, "import"));
  g_assert_true (wait_for (is_mapped, page));

  g_assert_true (_ea_import_page_preview (page, path));
  g_assert_cmpuint (_ea_import_page_get_preview (page)->created +
                    _ea_import_page_get_preview (page)->duplicates_to_review, ==, 20000);
  g_assert_true (_ea_import_page_start_import (page));
  g_assert_true (_ea_import_page_is_busy (page));
  query.widget = GTK_WIDGET (window);
  query.text = "_Abbrechen";
  g_assert_true (wait_for (import_progressed, page));
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "import-laeuft.png");
  _ea_import_page_cancel (page);
  g_assert_true (wait_for (import_idle, page));
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM persons"), ==, persons);
  query.text = "Import abgebrochen: nichts geändert.";
  g_assert_true (wait_for (label_shown, &query));
  /* The preview stays: importing again is one click. */
  g_assert_nonnull (_ea_import_page_get_preview (page));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A list with headers the import does not know: refused, its columns
 * mapped in the dialog and saved by name, then previewed with them. */
static void
test_import_mapping (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "lea-musterstadt.csv", NULL);
  const char *fields[] = { "familienname", "vorname", "geburtsdatum", "geschlecht",
                           "staatsangehoerigkeit", "" };
  EaImportPage *page;
  EaEditDialog *dialog;
  LabelQuery query;

  g_assert_true (g_file_set_contents (path,
    "Name des Flüchtlings;Rufname;Tag der Geburt;Sex;Land;Bemerkung\n"
    "Haddad;Rania;1990-00-00;w;Syrien;ruhig\n"
    "Okafor;Emeka;08.08.1985;m;Nigeria;\n", -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "import"));
  page = EA_IMPORT_PAGE (ea_window_get_page_widget (window, "import"));
  g_assert_true (wait_for (is_mapped, page));

  g_assert_false (_ea_import_page_preview (page, path));
  query.widget = GTK_WIDGET (window);
  query.text = "_Spalten zuordnen …";
  g_assert_true (wait_for (label_shown, &query));
  dialog = _ea_import_page_map_columns (page);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (wait_for (is_mapped, dialog));
  query.widget = GTK_WIDGET (dialog);
  query.text = "Tag der Geburt";
  g_assert_true (wait_for (label_shown, &query));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *key = g_strdup_printf ("column-%u", i);

      _ea_edit_dialog_set_choice (dialog, key, fields[i]);
    }
  screenshot (GTK_WIDGET (dialog), "import-spalten-zuordnen.png");
  /* Without a name: refused in the dialog, which stays. */
  _ea_edit_dialog_save (dialog);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (_ea_edit_dialog_get_error (dialog), "Namen"));
  _ea_edit_dialog_set_text (dialog, "name", "LEA Musterstadt");
  _ea_edit_dialog_save (dialog);
  g_assert_true (wait_for (is_destroyed, &dialog));
  g_assert_true (wait_for (import_idle, page));
  g_assert_nonnull (_ea_import_page_get_preview (page));
  g_assert_cmpuint (_ea_import_page_get_preview (page)->created, ==, 2);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM import_mappings "
                                      "WHERE name = 'LEA Musterstadt'"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The setup dialog closed, or back from the keyring with a message. */
static gboolean
dialog_settled (gpointer data)
{
  GtkWidget **dialog = data;

  return *dialog == NULL ||
         (gtk_widget_get_sensitive (*dialog) &&
          _ea_edit_dialog_get_error (EA_EDIT_DIALOG (*dialog)) != NULL);
}

static char *platform_body;
static char *platform_auth;
static guint platform_requests;

static void
platform_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  platform_requests++;
  g_free (platform_auth);
  platform_auth = g_strdup (auth);
  if (!g_str_equal (path, "/api/zuweisungen"))
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
  else if (g_strcmp0 (auth, "Bearer ui-token") != 0)
    soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, platform_body,
                                        strlen (platform_body));
    }
}

/* The platform set up in its dialog (address, interval), fetched by hand
 * for a preview from a real server on 127.0.0.1, then imported; a wrong
 * token is named. */
static void
test_import_platform (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "beispiel-zuweisung.xml",
                                                   NULL);
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  EaWindow *window;
  EaImportPage *page;
  EaEditDialog *dialog;
  LabelQuery query;
  GSList *uris;
  guint runs;

  /* A message of its own (no. 77), so that it is new to the database. */
  g_assert_true (g_file_get_contents (sample, &text, NULL, NULL));
  {
    g_autoptr(GString) body = g_string_new (text);

    g_string_replace (body, "<laufendeNummer>41</laufendeNummer>",
                      "<laufendeNummer>77</laufendeNummer>", 1);
    platform_body = g_string_free (g_steal_pointer (&body), FALSE);
  }
  soup_server_add_handler (server, NULL, platform_handler, NULL, NULL);
  g_assert_true (soup_server_listen (server, address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  {
    g_autofree char *base = g_uri_to_string (uris->data);

    url = g_strdup_printf ("%sapi", base);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  window = open_main_window (session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "import"));
  page = EA_IMPORT_PAGE (ea_window_get_page_widget (window, "import"));
  g_assert_true (wait_for (is_mapped, page));

  dialog = _ea_import_page_setup_platform (page);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (wait_for (is_mapped, dialog));
  /* Plain http to another computer: refused in the dialog. */
  _ea_edit_dialog_set_text (dialog, "url", "http://plattform.example/api");
  _ea_edit_dialog_save (dialog);
  g_assert_nonnull (strstr (_ea_edit_dialog_get_error (dialog), "https://"));
  _ea_edit_dialog_set_text (dialog, "url", url);
  _ea_edit_dialog_set_number (dialog, "interval", 30);
  screenshot (GTK_WIDGET (dialog), "import-plattform-einrichten.png");
  /* The token goes to the keyring in the background. Where there is none
   * (as on a build server) the dialog says so and nothing is saved. */
  _ea_edit_dialog_set_text (dialog, "token", "ui-token");
  _ea_edit_dialog_save (dialog);
  g_assert_true (wait_for (dialog_settled, &dialog));
  if (dialog != NULL)
    {
      g_assert_nonnull (strstr (_ea_edit_dialog_get_error (dialog), "EAKTE_PLATFORM_TOKEN"));
      g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM settings "
                                          "WHERE key = 'platform_url' AND value <> ''"), ==, 0);
      _ea_edit_dialog_set_text (dialog, "token", "");
      _ea_edit_dialog_save (dialog);
    }
  g_assert_true (wait_for (is_destroyed, &dialog));
  /* Fetched every 30 minutes from now on. */
  g_assert_cmpuint (_ea_import_page_get_fetch_source (page), >, 0);

  /* Without a token the platform refuses, and the page says so. */
  g_unsetenv ("EAKTE_PLATFORM_TOKEN");
  g_assert_true (_ea_import_page_fetch (page, FALSE));
  g_assert_null (_ea_import_page_get_preview (page));
  query.widget = GTK_WIDGET (window);
  query.text = "Die Datei wurde abgewiesen: nichts geändert";
  g_assert_true (wait_for (label_shown, &query));

  g_setenv ("EAKTE_PLATFORM_TOKEN", "ui-token", TRUE);
  g_assert_true (_ea_import_page_fetch (page, FALSE));
  g_assert_cmpstr (platform_auth, ==, "Bearer ui-token");
  g_assert_nonnull (_ea_import_page_get_preview (page));
  g_assert_false (_ea_import_page_get_preview (page)->repeated);
  g_assert_cmpint (_ea_import_page_get_preview (page)->sequence, ==, 77);
  query.text = "Vorschau: von der Landesplattform";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "import-plattform-vorschau.png");
  runs = _ea_import_page_get_n_runs (page);
  g_assert_true (_ea_import_page_import (page));
  g_assert_cmpuint (_ea_import_page_get_n_runs (page), ==, runs + 1);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM import_runs "
                                      "WHERE sequence = 77 AND kind = 'platform'"), ==, 1);
  g_assert_cmpuint (platform_requests, ==, 3);

  /* On schedule: the next message imported at once, without a preview. */
  {
    g_autoptr(GString) body = g_string_new (platform_body);

    g_string_replace (body, "<laufendeNummer>77</laufendeNummer>",
                      "<laufendeNummer>78</laufendeNummer>", 1);
    g_free (platform_body);
    platform_body = g_string_free (g_steal_pointer (&body), FALSE);
  }
  runs = _ea_import_page_get_n_runs (page);
  g_assert_true (_ea_import_page_fetch (page, TRUE));
  g_assert_null (_ea_import_page_get_preview (page));
  g_assert_cmpuint (_ea_import_page_get_n_runs (page), ==, runs + 1);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM import_runs "
                                      "WHERE sequence = 78 AND kind = 'platform'"), ==, 1);
  g_unsetenv ("EAKTE_PLATFORM_TOKEN");
  _ea_store_exec (store, "DELETE FROM settings WHERE key LIKE 'platform_%'", &error);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
  soup_server_disconnect (server);
  g_clear_pointer (&platform_body, g_free);
  g_clear_pointer (&platform_auth, g_free);
}

/* Bett finden from an import's result, for someone who administers and
 * places: the Al-Hassan family reserved, and no longer listed. */
static void
test_import_find_bed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) session = NULL;
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "beispiel-zuweisung.xml",
                                                   NULL);
  EaWindow *window;
  EaImportPage *page;
  EaFindBedDialog *dialog;
  LabelQuery query;
  guint before;

  _ea_store_exec (store, "INSERT OR IGNORE INTO user_roles (user_id, role) "
                         "SELECT id, 'housing' FROM users WHERE login = 'admin'", &error);
  g_assert_no_error (error);
  session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  window = open_main_window (session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "import"));
  page = EA_IMPORT_PAGE (ea_window_get_page_widget (window, "import"));
  g_assert_true (wait_for (is_mapped, page));
  /* The sample's run is the latest (/ui/import-page imported it, unless
   * this test runs alone: the demo district has a run of its own). */
  if (ea_test_query_int (store, "SELECT count (*) FROM persons "
                                "WHERE platform_id = 'P-5512093'") == 0)
    {
      g_assert_true (_ea_import_page_preview (page, sample));
      g_assert_true (_ea_import_page_import (page));
    }
  before = _ea_import_page_get_n_unplaced (page);
  g_assert_cmpuint (before, >=, 2);
  query.widget = GTK_WIDGET (window);
  query.text = "Bett _finden …";
  g_assert_true (wait_for (label_shown, &query));

  dialog = _ea_import_page_find_bed (page, 0);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_cmpuint (_ea_find_bed_dialog_get_n_candidates (dialog), >, 0);
  g_assert_cmpuint (_ea_find_bed_dialog_get_candidate (dialog, 0)->person_ids->len, ==, 3);
  _ea_find_bed_dialog_place (dialog, 0, FALSE);
  g_assert_true (wait_for (is_destroyed, &dialog));
  g_assert_cmpint (ea_test_query_int (store,
    "SELECT count (*) FROM reservations v JOIN persons p ON p.id = v.person_id "
    "WHERE v.state = 'active' AND p.platform_id IN ('P-5512093', 'P-5512094', 'P-5512095')"),
    ==, 3);
  g_assert_cmpuint (_ea_import_page_get_n_unplaced (page), ==, before - 1);
  gtk_window_destroy (GTK_WINDOW (window));
  _ea_store_exec (store, "DELETE FROM user_roles WHERE role = 'housing' "
                         "AND user_id = (SELECT id FROM users WHERE login = 'admin')", &error);
  g_assert_no_error (error);
}

static gboolean
retention_done (gpointer page)
{
  return !_ea_retention_page_is_running (EA_RETENTION_PAGE (page));
}

/* Last: it deletes data of the demo district. */
static void
test_retention_page (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  EaUsersPage *users;
  EaRetentionPage *page;
  GtkWidget *dialog = NULL;
  LabelQuery query;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  users = EA_USERS_PAGE (ea_window_get_page_widget (window, "admin"));
  g_assert_true (wait_for (is_mapped, users));
  ea_users_page_show_view (users, "retention");
  page = _ea_users_page_get_retention (users);
  g_assert_true (wait_for (is_mapped, page));

  /* The demo's leavers of last winter are due for their special data. */
  due = ea_retention_preview (session, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, >, 0);
  g_assert_cmpuint (_ea_retention_page_get_n_due (page), ==, due->len);
  g_assert_true (gtk_widget_get_sensitive (_ea_retention_page_get_run_button (page)));
  query.widget = GTK_WIDGET (window);
  query.text = "Jetzt fällig";
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "verwaltung-loeschfristen.png");

  /* A period out of bounds is refused and shown as it was. */
  _ea_retention_page_set_months (page, EA_RETENTION_PERSON, 12);
  g_assert_cmpuint (ea_retention_get_months (session, EA_RETENTION_PERSON), ==, 72);

  /* The run asks first. */
  gtk_widget_activate (_ea_retention_page_get_run_button (page));
  g_assert_true (wait_for (message_dialog_shown, &dialog));
  screenshot (dialog, "loeschfristen-bestaetigen.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  _ea_retention_page_run (page);
  g_assert_true (wait_for (retention_done, page));
  g_assert_cmpuint (_ea_retention_page_get_n_due (page), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (_ea_retention_page_get_run_button (page)));
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM audit_log "
                                             "WHERE action = 'retention'"), ==, due->len);
  screenshot (GTK_WIDGET (window), "verwaltung-loeschfristen-erledigt.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_reader_window (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("leitung", EA_DEMO_PASSWORD);
  EaWindow *window = ea_window_new (NULL, session);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window));

  /* Statistics only: Belegung and Berichte, never the persons. */
  g_assert_cmpuint (count_sidebar_rows (GTK_WIDGET (window)), ==, 2);
  g_assert_null (ea_window_get_page_widget (window, "persons"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "persons");
  g_assert_cmpstr (ea_window_get_page (window), ==, "occupancy");

  /* The statistics, without the FlüAG report and its persons. */
  {
    EaReportsPage *page;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports");
    page = EA_REPORTS_PAGE (ea_window_get_page_widget (window, "reports"));
    g_assert_true (wait_for (is_mapped, page));
    g_assert_true (wait_for (reports_ready, page));
    g_assert_false (gtk_widget_get_visible (_ea_reports_page_get_export_button (page)));
    g_assert_null (_ea_reports_page_get_report (page));
    g_assert_nonnull (ea_chart_get_table (_ea_reports_page_get_chart (page, EA_STAT_GENDER)));
    screenshot (GTK_WIDGET (window), "berichte-leitung.png");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  int   fd;
  guint opened;   /* the database's files opened by anyone */
} Watch;

static gboolean
files_opened (gpointer data)
{
  Watch *w = data;
  char buffer[4096] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  gssize n;

  while ((n = read (w->fd, buffer, sizeof buffer)) > 0)
    for (char *p = buffer; p < buffer + n;)
      {
        struct inotify_event *e = (struct inotify_event *) p;

        if (e->len > 0 && g_str_has_prefix (e->name, "eakte.db"))
          w->opened++;
        p += sizeof *e + e->len;
      }
  return w->opened > 0;
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         owner)
{
}

/* Issue "Nothing lost", 1: after a file chooser had shown the database's
 * folder (GTK opens each file to tell its type, and closing it dropped
 * SQLite's locks), the next eakte-cli deleted the WAL the application
 * still wrote into. A real chooser on the folder, eakte-cli beside the
 * window, and afterwards every change of both is there. */
static void
test_file_chooser_keeps_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) own = ea_test_new_demo (5, 60, 2, NULL);
  g_autofree char *path = g_strdup (ea_store_get_path (own));
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(EaSession) social = ea_session_login (own, "sozial", EA_DEMO_PASSWORD, &error);
  g_autoptr(GtkNativeDialog) chooser = NULL;
  g_autoptr(EaStore) again = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *owner = gtk_label_new ("Dokumente");
  const char *argv[] = { g_getenv ("EAKTE_CLI"), "--db", path, "occupancy", NULL };
  g_auto(GStrv) env = g_get_environ ();
  Watch watch = { inotify_init1 (IN_NONBLOCK | IN_CLOEXEC), 0 };
  g_autofree char *today = ea_clock_today ();
  gint64 person;
  int status;

  g_assert_no_error (error);
  person = ea_test_query_int (own, "SELECT min (person_id) FROM stays WHERE until_date IS NULL");
  g_assert_cmpint (ea_case_note_add (social, person, 0, today, "beratung", "vor dem Dialog",
                                     FALSE, &error), >, 0);
  g_assert_no_error (error);

  g_assert_cmpint (inotify_add_watch (watch.fd, folder, IN_OPEN), >=, 0);
  gtk_window_set_child (GTK_WINDOW (window), owner);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window));
  chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new ("Dokument hinzufügen",
                                                            GTK_WINDOW (window),
                                                            GTK_FILE_CHOOSER_ACTION_OPEN,
                                                            "_Öffnen", "_Abbrechen"));
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder_file,
                                                      NULL));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), owner);
  gtk_native_dialog_show (chooser);
  /* GTK has looked into the database's files. */
  g_assert_true (wait_for (files_opened, &watch));
  g_test_message ("the chooser opened the database's files %u times", watch.opened);
  gtk_native_dialog_hide (chooser);
  close (watch.fd);

  /* eakte-cli beside the window, twice: each logs in (a write) and quits
   * (and would checkpoint and delete a WAL it thinks nobody uses). */
  env = g_environ_setenv (env, "EAKTE_USER", "leitung", TRUE);
  env = g_environ_setenv (env, "EAKTE_PASSWORD", EA_DEMO_PASSWORD, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      const char *texts[] = { "nach dem Dialog", "zuletzt" };

      g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                   NULL, NULL, NULL, &status, &error));
      g_assert_true (g_spawn_check_wait_status (status, &error));
      g_assert_no_error (error);
      g_assert_cmpint (ea_case_note_add (social, person, 0, today, "beratung", texts[i],
                                         FALSE, &error), >, 0);
      g_assert_no_error (error);
    }
  gtk_window_destroy (GTK_WINDOW (window));

  /* Quit, open again: both notes and the other program's login are there. */
  g_clear_object (&social);
  g_clear_object (&own);
  again = ea_store_open (path, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ea_test_query_int (again, "SELECT count (*) FROM case_notes c "
                                             "JOIN case_note_revisions r ON r.note_id = c.id "
                                             "WHERE r.body IN ('vor dem Dialog', "
                                             "'nach dem Dialog', 'zuletzt')"), ==, 3);
  g_assert_cmpint (ea_test_query_int (again, "SELECT count (*) FROM audit_log a JOIN users u "
                                             "ON u.id = a.user_id WHERE u.login = 'leitung' "
                                             "AND a.action = 'login'"), ==, 2);
}

static gpointer
find_window (GtkApplication *app,
             GType           type)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* The shortcuts window's entries for pages (Alt and a digit) that show,
 * as "Alt+N title". */
static void
collect_page_shortcuts (GtkWidget *widget,
                        GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_page_shortcuts (child, out);
  /* The sections, not the copies that the window's search keeps. */
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget) && gtk_widget_get_visible (widget) &&
      gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_SECTION) != NULL)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      g_object_get (widget, "accelerator", &accelerator, "title", &title, NULL);
      if (accelerator != NULL && g_str_has_prefix (accelerator, "<Alt>") &&
          g_ascii_isdigit (accelerator[5]))
        g_string_append_printf (out, "Alt+%s %s;", accelerator + 5, title);
    }
}

static gboolean
has_main_window (gpointer app)
{
  return find_window (app, EA_TYPE_WINDOW) != NULL;
}

static gboolean
back_at_login (gpointer app)
{
  return find_window (app, EA_TYPE_WINDOW) == NULL &&
         find_window (app, EA_TYPE_LOGIN_WINDOW) != NULL;
}

/* The application as it starts: on a database that is not there yet it
 * makes the demo district and asks for a login; the main window comes
 * after it, with the page shortcuts of the user's role; app.logout (the
 * menu's Abmelden, Ctrl+Shift+L) closes it and shows the login again. */
static void
test_logout (void)
{
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "eakte.db", NULL);
  g_autoptr(EaApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  EaLoginWindow *login;

  g_setenv ("EAKTE_DB", path, TRUE);
  app = ea_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  login = find_window (GTK_APPLICATION (app), EA_TYPE_LOGIN_WINDOW);
  g_assert_nonnull (login);
  g_assert_true (wait_for (is_mapped, login));
  _ea_login_window_fill (login, "verwaltung", EA_DEMO_PASSWORD);
  gtk_widget_activate (_ea_login_window_get_button (login));
  g_assert_true (wait_for (has_main_window, app));

  /* Alt+N is the N-th page this user has, and the shortcuts window lists
   * just those: a housing manager has three. */
  {
    EaWindow *window = find_window (GTK_APPLICATION (app), EA_TYPE_WINDOW);
    GtkShortcutsWindow *overlay =
      gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
    g_autoptr(GString) listed = g_string_new (NULL);

    g_assert_nonnull (overlay);
    collect_page_shortcuts (GTK_WIDGET (overlay), listed);
    g_assert_cmpstr (listed->str, ==, "Alt+1 Belegung;Alt+2 Personen;Alt+3 Berichte;");
    gtk_window_present (GTK_WINDOW (overlay));
    g_assert_true (wait_for (is_mapped, overlay));
    screenshot (GTK_WIDGET (overlay), "tastenkuerzel.png");
    gtk_window_close (GTK_WINDOW (overlay));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-nth-page", "i", 3));
    g_assert_cmpstr (ea_window_get_page (window), ==, "reports");
    /* Alt+5 of an administrator is nothing here. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-nth-page", "i", 5));
    g_assert_cmpstr (ea_window_get_page (window), ==, "reports");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-nth-page", "i", 1));
    g_assert_cmpstr (ea_window_get_page (window), ==, "occupancy");
    /* The housing manager leaves on Berichte. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-nth-page", "i", 3));
    g_assert_cmpstr (ea_window_get_page (window), ==, "reports");
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "logout", NULL);
  g_assert_true (wait_for (back_at_login, app));

  /* The next user (who has Berichte too) starts on the first page of
   * their own role, not where the housing manager left. */
  {
    EaWindow *window;
    GtkWidget *first;

    login = find_window (GTK_APPLICATION (app), EA_TYPE_LOGIN_WINDOW);
    g_assert_nonnull (login);
    _ea_login_window_fill (login, "admin", EA_DEMO_PASSWORD);
    gtk_widget_activate (_ea_login_window_get_button (login));
    g_assert_true (wait_for (has_main_window, app));
    window = find_window (GTK_APPLICATION (app), EA_TYPE_WINDOW);
    first = find_widget (GTK_WIDGET (window), is_page_row, NULL);
    g_assert_nonnull (first);
    g_assert_nonnull (find_widget (GTK_WIDGET (window), is_page_row, "reports"));
    g_assert_cmpstr (ea_window_get_page (window), ==, gtk_widget_get_name (first));
    g_assert_cmpstr (ea_window_get_page (window), !=, "reports");
    g_action_group_activate_action (G_ACTION_GROUP (app), "logout", NULL);
    g_assert_true (wait_for (back_at_login, app));
  }

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_unsetenv ("EAKTE_DB");
}

/* Live refresh (issue #18) */

/* eakte-cli as a second seat: another process on the same database;
 * the command and its arguments, up to a NULL. */
static void
run_other_seat (const char *path,
                ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  const char *arg;
  va_list args;
  int status;

  g_ptr_array_add (argv, (char *) g_getenv ("EAKTE_CLI"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) path);
  va_start (args, path);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "EAKTE_USER", "verwaltung", TRUE);
  env = g_environ_setenv (env, "EAKTE_PASSWORD", EA_DEMO_PASSWORD, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

typedef struct
{
  EaFacilityPage *plan;
  gint64          bed;
  int             status;
} BedQuery;

static gboolean
bed_shows (gpointer data)
{
  BedQuery *q = data;

  return _ea_facility_page_get_bed_status (q->plan, q->bed) == q->status;
}

typedef struct
{
  EaPersonsPage *page;
  const char    *status;
} StatusQuery;

/* The list shows its one person with @status. */
static gboolean
list_shows_status (gpointer data)
{
  StatusQuery *q = data;
  GListModel *model = G_LIST_MODEL (ea_persons_page_get_model (q->page));
  g_autoptr(EaPerson) person = NULL;

  if (g_list_model_get_n_items (model) != 1)
    return FALSE;
  person = g_list_model_get_item (model, 0);
  return g_strcmp0 (ea_person_get_status (person), q->status) == 0;
}

typedef struct
{
  EaPersonsPage *page;
  gint64         person;
  const char    *status;
} PersonQuery;

/* The list shows @person with @status, wherever the row is. */
static gboolean
list_shows_person (gpointer data)
{
  PersonQuery *q = data;
  EaPersonList *model = ea_persons_page_get_model (q->page);
  guint position = ea_person_list_find (model, q->person);
  g_autoptr(EaPerson) person = NULL;

  if (position == G_MAXUINT)
    return FALSE;
  person = g_list_model_get_item (G_LIST_MODEL (model), position);
  return g_strcmp0 (ea_person_get_status (person), q->status) == 0;
}

static gboolean
can_scroll_far (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 400;
}

typedef struct
{
  EaOutlookPage *page;
  guint          free;
} AheadQuery;

/* The look ahead on display counts other free beds tonight. */
static gboolean
ahead_changed (gpointer data)
{
  AheadQuery *q = data;

  return _ea_outlook_page_get_outlook (q->page)->free[0] != q->free;
}

static gboolean
person_page_has_bed (gpointer data)
{
  return _ea_person_page_get_file (EA_PERSON_PAGE (data))->current_bed != NULL;
}

static gboolean
person_page_has_no_bed (gpointer data)
{
  return _ea_person_page_get_file (EA_PERSON_PAGE (data))->current_bed == NULL;
}

/* Another program checks a person out and in again while the window is
 * open: the Belegung, the room plan, the persons list and the open person
 * show it within a second, with nothing pressed, and what the user typed
 * (the search, a case note being written) stays. */
static void
test_live_refresh (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) own = ea_test_new_demo (7, 120, 2, NULL);
  g_autofree char *path = g_strdup (ea_store_get_path (own));
  g_autoptr(EaSession) session = ea_session_login (own, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_autofree char *key = NULL;
  g_autofree char *where = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *three_days_ago = ea_test_day_after (today, -3);
  g_autofree char *two_days_ago = ea_test_day_after (today, -2);
  g_autofree char *yesterday = ea_test_day_after (today, -1);
  g_autofree char *who = NULL;
  g_autofree char *which_bed = NULL;
  EaWindow *window;
  EaOccupancyPage *occupancy;
  EaPersonsPage *persons;
  EaPersonPage *person_page;
  GtkEditable *search;
  EaEditDialog *note;
  BedQuery bed_query;
  FreeQuery free_query;
  StatusQuery status_query;
  gint64 person, bed, facility;
  guint free_before;

  g_assert_no_error (error);
  /* Someone in a bed for some days who lives alone: checking them out
   * and in breaks no rule of their room. */
  where = g_strdup_printf (
    "SELECT s.person_id FROM stays s WHERE s.until_date IS NULL AND s.from_date < '%s' "
    "AND (SELECT count (*) FROM household_members x WHERE x.household_id = "
    "     (SELECT household_id FROM household_members m WHERE m.person_id = s.person_id)) <= 1 "
    "ORDER BY s.person_id LIMIT 1", three_days_ago);
  person = ea_test_query_int (own, where);
  g_assert_cmpint (person, >, 0);
  g_free (where);
  where = g_strdup_printf ("SELECT bed_id FROM stays WHERE until_date IS NULL "
                           "AND person_id = %" G_GINT64_FORMAT, person);
  bed = ea_test_query_int (own, where);
  who = g_strdup_printf ("%" G_GINT64_FORMAT, person);
  which_bed = g_strdup_printf ("%" G_GINT64_FORMAT, bed);
  g_free (where);
  where = g_strdup_printf ("SELECT u.facility_id FROM beds b JOIN rooms r ON r.id = b.room_id "
                           "JOIN units u ON u.id = r.unit_id WHERE b.id = %" G_GINT64_FORMAT,
                           bed);
  facility = ea_test_query_int (own, where);
  {
    g_autoptr(EaStmt) stmt = _ea_store_prepare (own, "SELECT coalesce (platform_id, azr_number) "
                                                     "FROM persons WHERE id = ?", NULL);

    _ea_stmt_bind_int64 (stmt, 1, person);
    g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
    key = g_strdup (_ea_stmt_column_text (stmt, 0));
  }
  g_assert_nonnull (key);

  window = open_main_window (session);
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  ea_occupancy_page_open_facility (occupancy, facility);
  bed_query = (BedQuery) { ea_occupancy_page_get_facility_page (occupancy), bed, EA_BED_OCCUPIED };
  g_assert_true (wait_for (is_mapped, bed_query.plan));
  g_assert_true (bed_shows (&bed_query));
  free_before = ea_occupancy_page_get_free (occupancy);
  free_query = (FreeQuery) { occupancy, free_before };

  /* The room plan and the Belegung's counts, with nothing pressed. */
  run_other_seat (path, "checkout", who, "--date", two_days_ago, NULL);
  bed_query.status = EA_BED_FREE;
  g_assert_true (wait_within (bed_shows, &bed_query, 1000));
  g_assert_true (wait_within (free_changed, &free_query, 1000));
  g_assert_cmpuint (ea_occupancy_page_get_free (occupancy), ==, free_before + 1);

  /* The persons list, scrolled down: it shows the person back in a bed
   * and stays where it was scrolled to. */
  ea_window_show_page (window, "persons");
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  g_assert_true (wait_for (is_mapped, persons));
  {
    GtkAdjustment *adjustment =
      gtk_scrolled_window_get_vadjustment (find_scrolled (GTK_WIDGET (persons)));
    PersonQuery person_query = { persons, person, "left" };
    FrameQuery frames = { gtk_widget_get_frame_clock (GTK_WIDGET (window)), 0 };
    double place;

    g_assert_true (wait_for (list_shows_person, &person_query));
    g_assert_true (wait_for (can_scroll_far, adjustment));
    gtk_adjustment_set_value (adjustment, 400);
    frames.after = gdk_frame_clock_get_frame_counter (frames.clock) + 2;
    g_assert_true (wait_for (frames_drawn, &frames));
    place = gtk_adjustment_get_value (adjustment);
    g_assert_cmpfloat (place, >, 0);
    run_other_seat (path, "checkin", who, which_bed, "--date", yesterday, NULL);
    person_query.status = "present";
    g_assert_true (wait_within (list_shows_person, &person_query, 1000));
    frames.after = gdk_frame_clock_get_frame_counter (frames.clock) + 2;
    g_assert_true (wait_for (frames_drawn, &frames));
    g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - place), <, 1);
  }

  /* Searched by typing, one row selected. */
  search = GTK_EDITABLE (_ea_persons_page_get_search_entry (persons));
  gtk_editable_set_text (search, key);
  status_query = (StatusQuery) { persons, "present" };
  g_assert_true (wait_for (list_shows_status, &status_query));
  gtk_single_selection_set_selected (_ea_persons_page_get_selection (persons), 0);

  /* An open person with a case note being written: the note and what it
   * says stay while another seat changes the person; the page shows the
   * change once the note is closed. */
  person_page = ea_persons_page_open_person (persons, person);
  g_assert_nonnull (person_page);
  g_assert_true (wait_for (is_mapped, person_page));
  g_assert_true (person_page_has_bed (person_page));
  note = _ea_person_page_open_note_dialog (person_page);
  g_assert_true (wait_for (is_mapped, note));
  _ea_edit_dialog_set_text (note, "body", "Gespräch über den Umzug, noch nicht fertig");
  g_object_add_weak_pointer (G_OBJECT (note), (gpointer *) &note);
  run_other_seat (path, "checkout", who, NULL);
  /* The list behind the person has heard of it, with the search as it
   * was typed and its row selected; the person page waits for the note. */
  status_query.status = "left";
  g_assert_true (wait_within (list_shows_status, &status_query, 1000));
  g_assert_cmpstr (gtk_editable_get_text (search), ==, key);
  g_assert_cmpuint (gtk_single_selection_get_selected (_ea_persons_page_get_selection (persons)),
                    ==, 0);
  g_assert_nonnull (note);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (note)));
  g_assert_true (person_page_has_bed (person_page));
  g_assert_cmpstr (ea_edit_dialog_get_text (note, "body"), ==,
                   "Gespräch über den Umzug, noch nicht fertig");
  gtk_window_destroy (GTK_WINDOW (note));
  g_assert_true (wait_for (is_destroyed, &note));
  g_assert_true (wait_within (person_page_has_no_bed, person_page, 1000));

  /* The look ahead on display counts again too. */
  ea_window_show_page (window, "occupancy");
  g_assert_true (wait_for (is_mapped, occupancy));
  {
    EaOutlookPage *ahead = ea_occupancy_page_open_outlook (occupancy);
    AheadQuery ahead_query = { ahead, 0 };

    g_assert_true (wait_for (is_mapped, ahead));
    ahead_query.free = _ea_outlook_page_get_outlook (ahead)->free[0];
    run_other_seat (path, "checkin", who, which_bed, NULL);
    g_assert_true (wait_within (ahead_changed, &ahead_query, 1000));
    g_assert_cmpuint (_ea_outlook_page_get_outlook (ahead)->free[0], ==, ahead_query.free - 1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A note about a person who lives alone (the dialog has no "about"
 * choice then): saved, and listed. Saving it used to crash. */
static void
test_note_for_someone_alone (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("sozial", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  gint64 person = ea_test_query_int (store,
    "SELECT min (s.person_id) FROM stays s WHERE s.until_date IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM household_members m JOIN household_members o "
    "                ON o.household_id = m.household_id AND o.person_id <> m.person_id "
    "                WHERE m.person_id = s.person_id)");
  EaPersonsPage *persons;
  EaPersonPage *page;
  EaEditDialog *dialog;
  guint notes;

  g_assert_cmpint (person, >, 0);
  ea_window_show_page (window, "persons");
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  g_assert_true (wait_for (is_mapped, persons));
  page = ea_persons_page_open_person (persons, person);
  g_assert_true (wait_for (is_mapped, page));
  g_assert_cmpuint (_ea_person_page_get_file (page)->household->len, <=, 1);
  notes = _ea_person_page_get_n_notes (page);
  dialog = _ea_person_page_open_note_dialog (page);
  g_assert_true (wait_for (is_mapped, dialog));
  _ea_edit_dialog_set_text (dialog, "body", "Erstgespräch geführt.");
  g_assert_true (save_and_close (dialog));
  g_assert_cmpuint (_ea_person_page_get_n_notes (page), ==, notes + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GType      type;
  GtkWidget *found;
  GPtrArray *before;   /* windows there before: not the one looked for */
} ToplevelQuery;

/* A window of the type shown now (earlier tests may have left some). */
static gboolean
toplevel_shown (gpointer data)
{
  ToplevelQuery *q = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  q->found = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && q->found == NULL; i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, q->type) &&
          gtk_widget_get_mapped (GTK_WIDGET (toplevel)) &&
          (q->before == NULL || !g_ptr_array_find (q->before, toplevel, NULL)))
        q->found = GTK_WIDGET (toplevel);
    }
  return q->found != NULL;
}

/* Notes the windows there now, to look past them. */
static void
toplevels_before (ToplevelQuery *q)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  if (q->before == NULL)
    q->before = g_ptr_array_new ();
  g_ptr_array_set_size (q->before, 0);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      g_ptr_array_add (q->before, toplevel);
    }
}

typedef struct
{
  EaFacilityPage *plan;
  GtkWindow      *old;
} NewDialogQuery;

static gboolean
can_scroll_some (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 100;
}

static gboolean
new_dialog_shown (gpointer data)
{
  NewDialogQuery *q = data;
  GtkWindow *dialog = _ea_facility_page_get_dialog (q->plan);

  return dialog != NULL && dialog != q->old && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

/* Issue "The window": an impossible day in the block dialog (31.02.)
 * says what is wrong and keeps what was entered; a right one blocks. */
static void
test_block_dialog_keeps_input (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  EaOccupancyPage *occupancy;
  NewDialogQuery query = { NULL, NULL };
  GtkAdjustment *adjustment;
  FrameQuery frames;
  GtkWindow *dialog;
  gint64 facility, bed;
  double place;

  bed = find_free_mens_bed ("DESC", &facility);
  /* A low window, so that the plan scrolls. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 420);
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  ea_occupancy_page_open_facility (occupancy, facility);
  query.plan = ea_occupancy_page_get_facility_page (occupancy);
  g_assert_true (wait_for (is_mapped, query.plan));

  /* Scrolled down a little: a change made here keeps the plan there. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    gtk_widget_get_ancestor (find_by_type (GTK_WIDGET (query.plan), GTK_TYPE_LIST_VIEW),
                             GTK_TYPE_SCROLLED_WINDOW)));
  frames = (FrameQuery) { gtk_widget_get_frame_clock (GTK_WIDGET (window)), 0 };
  g_assert_true (wait_for (can_scroll_some, adjustment));
  gtk_adjustment_set_value (adjustment, 100);
  frames.after = gdk_frame_clock_get_frame_counter (frames.clock) + 2;
  g_assert_true (wait_for (frames_drawn, &frames));
  place = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (place, >, 0);

  _ea_facility_page_activate (query.plan, bed, "block");
  g_assert_true (wait_for (new_dialog_shown, &query));
  dialog = _ea_facility_page_get_dialog (query.plan);
  gtk_drop_down_set_selected (g_object_get_data (G_OBJECT (dialog), "ea-reason"), 1);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "ea-until"), "31.02.2026");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "ea-note"), "Wasserschaden");
  query.old = dialog;
  g_signal_emit_by_name (find_button_labelled (GTK_WIDGET (dialog), "_Sperren"), "clicked");

  /* Again, with the reason of what is wrong and all that was entered. */
  g_assert_true (wait_for (new_dialog_shown, &query));
  dialog = _ea_facility_page_get_dialog (query.plan);
  g_assert_nonnull (g_object_get_data (G_OBJECT (dialog), "ea-problem"));
  g_assert_cmpuint (gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (dialog),
                                                                   "ea-reason")), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "ea-until")), ==,
                   "31.02.2026");
  g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "ea-note")), ==,
                   "Wasserschaden");
  g_assert_cmpint (_ea_facility_page_get_bed_status (query.plan, bed), ==, EA_BED_FREE);
  screenshot (GTK_WIDGET (dialog), "sperren-falsches-datum.png");

  /* No return day: blocked until unblocked. */
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "ea-until"), "");
  g_signal_emit_by_name (find_button_labelled (GTK_WIDGET (dialog), "_Sperren"), "clicked");
  g_assert_true (wait_for (no_dialog, query.plan));
  g_assert_cmpint (_ea_facility_page_get_bed_status (query.plan, bed), ==, EA_BED_BLOCKED);
  frames.after = gdk_frame_clock_get_frame_counter (frames.clock) + 2;
  g_assert_true (wait_for (frames_drawn, &frames));
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - place), <, 1);
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM bed_blocks WHERE bed_id = %"
                                            G_GINT64_FORMAT, bed);

    g_assert_true (ea_test_exec (store, sql, NULL));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
search_has_focus (gpointer chooser)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (chooser));
  GtkWidget *entry = GTK_WIDGET (_ea_person_chooser_get_search_entry (chooser));

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static gboolean
first_field_has_focus (gpointer dialog)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));
  GtkWidget *first = _ea_edit_dialog_get_first_field (EA_EDIT_DIALOG (dialog));

  return focus != NULL && first != NULL && (focus == first || gtk_widget_is_ancestor (focus, first));
}

static gboolean
has_candidates (gpointer dialog)
{
  return _ea_find_bed_dialog_get_n_candidates (EA_FIND_BED_DIALOG (dialog)) > 0;
}

/* Issue "The window": a person chosen in the chooser of Belegung's "find
 * a bed" and of a keep-apart note goes on to the next dialog (the two
 * handlers took the person's number for their page and crashed). */
static void
test_choosers_go_on (void)
{
  g_autoptr(GError) error = NULL;
  /* A district of its own: earlier tests change the shared one. */
  g_autoptr(EaStore) own = ea_test_new_demo (5, 0, 0, NULL);
  g_autoptr(EaSession) session = ea_session_login (own, "sozial", EA_DEMO_PASSWORD, &error);
  EaWindow *window = open_main_window (session);
  gint64 person = ea_test_query_int (own,
    "SELECT min (p.id) FROM persons p WHERE p.status = 'expected' AND p.gender = 'm' "
    "AND p.birth_date < '2000' "
    "AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.person_id = p.id) "
    "AND NOT EXISTS (SELECT 1 FROM household_members m JOIN household_members o "
    "                ON o.household_id = m.household_id AND o.person_id <> m.person_id "
    "                WHERE m.person_id = p.id)");
  gint64 other = ea_test_query_int (own, "SELECT max (person_id) FROM stays "
                                         "WHERE until_date IS NULL");
  g_autofree char *search = NULL;
  g_autofree char *other_search = NULL;
  ToplevelQuery query = { EA_TYPE_PERSON_CHOOSER, NULL, NULL };
  EaOccupancyPage *occupancy;
  EaPersonsPage *persons;
  EaPersonPage *page;

  {
    g_autoptr(EaStmt) stmt = _ea_store_prepare (own, "SELECT coalesce (platform_id, "
                                                     "azr_number) FROM persons WHERE id = ?",
                                                NULL);

    g_assert_no_error (error);
    _ea_stmt_bind_int64 (stmt, 1, person);
    g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
    search = g_strdup (_ea_stmt_column_text (stmt, 0));
    _ea_stmt_reset (stmt);
    _ea_stmt_bind_int64 (stmt, 1, other);
    g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
    other_search = g_strdup (_ea_stmt_column_text (stmt, 0));
  }
  g_assert_nonnull (search);
  g_assert_nonnull (other_search);

  /* Belegung → Bett finden → a person → Weiter: the bed finder. */
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  toplevels_before (&query);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (occupancy), "occupancy.find-bed", NULL));
  g_assert_true (wait_for (toplevel_shown, &query));
  /* Typing goes into the search at once, and Enter takes the one hit. */
  g_assert_true (wait_for (search_has_focus, query.found));
  gtk_editable_set_text (GTK_EDITABLE (_ea_person_chooser_get_search_entry (
                           EA_PERSON_CHOOSER (query.found))), search);
  toplevels_before (&query);
  g_signal_emit_by_name (_ea_person_chooser_get_search_entry (EA_PERSON_CHOOSER (query.found)),
                         "activate");
  query.type = EA_TYPE_FIND_BED_DIALOG;
  g_assert_true (wait_for (toplevel_shown, &query));
  /* A place of one bed says "Bett B", of more "Betten A, B". */
  g_assert_true (wait_for (has_candidates, query.found));
  {
    EaFindBedDialog *finder = EA_FIND_BED_DIALOG (query.found);
    guint one = 0, more = 0;

    for (guint i = 0; i < _ea_find_bed_dialog_get_n_candidates (finder); i++)
      {
        if (_ea_find_bed_dialog_get_candidate (finder, i)->bed_labels->len == 1)
          one++;
        else
          more++;
      }
    g_assert_cmpuint (one, >, 0);
    g_assert_cmpuint (count_subtitles_with (query.found, " · Bett "), ==, one);
    g_assert_cmpuint (count_subtitles_with (query.found, " · Betten "), ==, more);
  }
  gtk_window_destroy (GTK_WINDOW (query.found));

  /* A person's keep-apart note: whom → the note's dialog. */
  ea_window_show_page (window, "persons");
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  g_assert_true (wait_for (is_mapped, persons));
  page = ea_persons_page_open_person (persons, person);
  g_assert_true (wait_for (is_mapped, page));
  query.type = EA_TYPE_PERSON_CHOOSER;
  toplevels_before (&query);
  _ea_person_page_choose_keep_apart (page);
  g_assert_true (wait_for (toplevel_shown, &query));
  toplevels_before (&query);
  _ea_person_chooser_choose (EA_PERSON_CHOOSER (query.found), other_search);
  query.type = EA_TYPE_EDIT_DIALOG;
  g_assert_true (wait_for (toplevel_shown, &query));
  /* A form opens in its first field, not on a button. */
  g_assert_true (wait_for (first_field_has_focus, query.found));
  gtk_window_destroy (GTK_WINDOW (query.found));
  g_ptr_array_unref (query.before);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GListModel *rows;
  const char *(*key) (EaPerson *person);
  gboolean    descending;
} OrderQuery;

/* The first 50 rows are in the order of @key (partial dates as ISO
 * text, 00 for what is not known: by what is known). */
static gboolean
rows_in_order (gpointer data)
{
  OrderQuery *q = data;
  guint n = MIN (50, g_list_model_get_n_items (q->rows));
  g_autofree char *previous = NULL;
  guint distinct = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaPerson) person = g_list_model_get_item (q->rows, i);
      const char *key = q->key (person);

      if (key == NULL)
        key = "";
      if (previous != NULL)
        {
          int c = strcmp (previous, key);

          if (q->descending ? c < 0 : c > 0)
            return FALSE;
          distinct += c != 0;
        }
      g_free (previous);
      previous = g_strdup (key);
    }
  return distinct > 0;
}

/* Issue "The window": the headers Geburtsdatum and Ankunft sort the
 * list by day, both ways. */
static void
test_persons_sort_by_dates (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("sozial", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  EaPersonsPage *persons;
  GtkColumnView *view;
  GListModel *columns;
  OrderQuery query;

  ea_window_show_page (window, "persons");
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  g_assert_true (wait_for (is_mapped, persons));
  view = find_column_view (GTK_WIDGET (persons));
  g_assert_nonnull (view);
  columns = gtk_column_view_get_columns (view);
  query.rows = G_LIST_MODEL (_ea_persons_page_get_selection (persons));
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const char *title = gtk_column_view_column_get_title (column);

      if (g_strcmp0 (title, "Geburtsdatum") == 0)
        query.key = ea_person_get_birth_date;
      else if (g_strcmp0 (title, "Ankunft") == 0)
        query.key = ea_person_get_arrival;
      else
        continue;
      for (int way = 0; way < 2; way++)
        {
          query.descending = way == 1;
          gtk_column_view_sort_by_column (view, column, query.descending ? GTK_SORT_DESCENDING
                                                                         : GTK_SORT_ASCENDING);
          g_assert_true (wait_for (rows_in_order, &query));
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
leaflet_shows_sidebar (gpointer leaflet)
{
  GtkWidget *child = adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet));
  GtkWidget *list = child != NULL ? find_by_type (child, GTK_TYPE_LIST_BOX) : NULL;

  return list != NULL && gtk_widget_has_css_class (list, "navigation-sidebar");
}

static gboolean
leaflet_shows_page (gpointer leaflet)
{
  GtkWidget *child = adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet));

  return child != NULL && find_by_type (child, GTK_TYPE_STACK) != NULL;
}

static gboolean
is_folded (gpointer leaflet)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (leaflet));
}

/* Issue "The window": in a narrow window the sidebar folds; a page
 * chosen shows, and a button above it leads back to the pages. */
static void
test_narrow_window (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("admin", EA_DEMO_PASSWORD);
  EaWindow *window = ea_window_new (NULL, session);
  GtkWidget *leaflet;
  GtkWidget *back = NULL;
  LabelQuery query;

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window));
  leaflet = find_by_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET);
  g_assert_nonnull (leaflet);
  g_assert_true (wait_for (is_folded, leaflet));

  /* Alt+6 (the Protokoll for an administrator) shows the page itself. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-nth-page", "i", 6));
  g_assert_true (wait_for (leaflet_shows_page, leaflet));
  g_assert_cmpstr (ea_window_get_page (window), ==, "audit");
  query = (LabelQuery) { GTK_WIDGET (window), "Protokoll" };
  g_assert_true (wait_for (label_shown, &query));
  screenshot (GTK_WIDGET (window), "schmal-protokoll.png");

  /* Every page of the administrator fits 600 px: none holds the window
   * wider (the Protokoll's filters wrap). */
  for (int n = 1; n <= 6; n++)
    {
      int min = 0;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-nth-page", "i",
                                                 n));
      g_assert_true (wait_for (leaflet_shows_page, leaflet));
      gtk_widget_measure (ea_window_get_page_widget (window, ea_window_get_page (window)),
                          GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      g_test_message ("page %d (%s): at least %d px wide", n, ea_window_get_page (window), min);
      g_assert_cmpint (min, <=, 600);
    }
  {
    int min = 0;

    gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL,
                        NULL);
    g_test_message ("the window: at least %d px wide", min);
    g_assert_cmpint (min, <=, 600);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-nth-page", "i", 6));

  /* And back to the list of pages. */
  back = find_content_button (GTK_WIDGET (window), "_Seiten");
  g_assert_nonnull (back);
  g_assert_true (gtk_widget_get_mapped (back));
  g_signal_emit_by_name (back, "clicked");
  g_assert_true (wait_for (leaflet_shows_sidebar, leaflet));
  screenshot (GTK_WIDGET (window), "schmal-seiten.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue "The window": every page of every role, at 1280 px and at 600 px
 * wide, fits the window and is looked at (EAKTE_SCREENSHOTS saves each as
 * seite-LOGIN-PAGE-WIDTH.png). */
static gboolean
is_not_mapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

static guint
count_shown_columns (GtkWidget *view)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
  guint shown = 0;

  for (guint c = 0; c < g_list_model_get_n_items (columns); c++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, c);

      shown += gtk_column_view_column_get_visible (column);
    }
  return shown;
}

static gboolean
shows_six_columns (gpointer view)
{
  return count_shown_columns (view) == 6;
}

static gboolean
shows_four_columns (gpointer view)
{
  return count_shown_columns (view) == 4;
}

static void
test_every_page (void)
{
  g_autoptr(GError) error = NULL;
  /* A district of its own, as the demo starts: earlier tests change the
   * shared one. */
  g_autoptr(EaStore) own = ea_test_new_demo (7, 0, 0, NULL);
  const char *logins[] = { "admin", "verwaltung", "sozial", "leitung" };
  const int widths[] = { 1280, 600 };

  for (guint l = 0; l < G_N_ELEMENTS (logins); l++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        g_autoptr(EaSession) session = ea_session_login (own, logins[l], EA_DEMO_PASSWORD,
                                                         &error);
        EaWindow *window;
        GtkWidget *leaflet;
        guint n_pages;

        g_assert_no_error (error);
        window = ea_window_new (NULL, session);
        gtk_window_set_default_size (GTK_WINDOW (window), widths[w], 800);
        gtk_window_present (GTK_WINDOW (window));
        g_assert_true (wait_for (is_mapped, window));
        leaflet = find_by_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET);
        n_pages = count_sidebar_rows (GTK_WIDGET (window));
        g_assert_cmpuint (n_pages, >=, 1);
        for (guint n = 1; n <= n_pages; n++)
          {
            g_autofree char *name = NULL;
            GtkWidget *page;
            int min = 0;

            g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-nth-page",
                                                       "i", n));
            if (widths[w] <= 600)
              {
                g_assert_true (wait_for (is_folded, leaflet));
                g_assert_true (wait_for (leaflet_shows_page, leaflet));
              }
            page = ea_window_get_page_widget (window, ea_window_get_page (window));
            g_assert_true (wait_for (is_mapped, page));
            gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
            g_test_message ("%s, page %u (%s): at least %d px wide", logins[l], n,
                            ea_window_get_page (window), min);
            name = g_strdup_printf ("seite-%s-%s-%d.png", logins[l], ea_window_get_page (window),
                                    widths[w]);
            screenshot (GTK_WIDGET (window), name);
            g_assert_cmpint (min, <=, 600);
            /* Belegung's two big steps are buttons in a wide window and a
             * menu in a narrow one. */
            if (g_str_equal (logins[l], "verwaltung") &&
                g_str_equal (ea_window_get_page (window), "occupancy"))
              {
                GtkWidget *place = find_button_labelled (page, "Ankünfte _verteilen");

                g_assert_nonnull (place);
                g_assert_true (wait_for (widths[w] > 600 ? is_mapped : is_not_mapped, place));
              }
            /* Personen keeps the names readable in a narrow window (the
             * nationality and the arrival give way), the Protokoll its
             * action and detail (the object and the person give way). */
            if (g_str_equal (ea_window_get_page (window), "persons") ||
                g_str_equal (ea_window_get_page (window), "audit"))
              {
                GtkWidget *view = find_by_type (page, GTK_TYPE_COLUMN_VIEW);

                g_assert_true (wait_for (widths[w] > 600 ? shows_six_columns : shows_four_columns,
                                         view));
              }
          }
        gtk_window_destroy (GTK_WINDOW (window));
      }
}

/* Issue "The window": the new facility's form shows its choices whole
 * ("Gemeinschaftsunterkunft"). */
static void
test_facility_dialog (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  EaOccupancyPage *occupancy;
  ToplevelQuery query = { EA_TYPE_EDIT_DIALOG, NULL, NULL };

  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  toplevels_before (&query);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (occupancy), "occupancy.add-facility",
                                             NULL));
  g_assert_true (wait_for (toplevel_shown, &query));
  g_assert_true (wait_for (label_whole,
                           &(LabelQuery) { query.found, "Gemeinschaftsunterkunft" }));
  screenshot (query.found, "unterkunft-anlegen.png");
  gtk_window_destroy (GTK_WINDOW (query.found));
  g_ptr_array_unref (query.before);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue "The window": a toast says a long message whole, on more lines,
 * instead of cutting it off. */
static void
test_long_toast (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  const char *text = "Bett C in Raum 1.04 ist ab 01.12.2026 für Haddad, Amina reserviert. "
                     "Stornieren Sie diese Reservierung zuerst, oder wählen Sie ein anderes Bett.";
  LabelQuery query = { GTK_WIDGET (window), text };

  ea_window_show_page (window, "occupancy");
  g_assert_true (wait_for (is_mapped, ea_window_get_page_widget (window, "occupancy")));
  ea_toast_show (ea_window_get_page_widget (window, "occupancy"), text);
  g_assert_true (wait_for (label_whole, &query));
  screenshot (GTK_WIDGET (window), "lange-meldung.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_sidebar (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_LIST_BOX (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

static int
sidebar_width (EaSession *session,
               const char *page)
{
  EaWindow *window = open_main_window (session);
  GtkWidget *sidebar = find_widget (GTK_WIDGET (window), is_sidebar, NULL);
  FrameQuery frames = { gtk_widget_get_frame_clock (GTK_WIDGET (window)), 0 };
  int width;

  ea_window_show_page (window, page);
  frames.after = gdk_frame_clock_get_frame_counter (frames.clock) + 2;
  g_assert_true (wait_for (frames_drawn, &frames));
  width = gtk_widget_get_width (sidebar);
  gtk_window_destroy (GTK_WINDOW (window));
  return width;
}

/* Issue "The window": the sidebar keeps one width whoever is logged in
 * and whichever page is shown (a long name or role no longer widens
 * it; they are cut at its end). */
static void
test_sidebar_width (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) admin = ea_session_login (store, "admin", EA_DEMO_PASSWORD, &error);
  g_autoptr(EaSession) housing = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  int width;

  g_assert_no_error (error);
  width = sidebar_width (admin, "occupancy");
  g_assert_cmpint (width, >=, 240);
  g_assert_cmpint (sidebar_width (admin, "audit"), ==, width);
  g_assert_cmpint (sidebar_width (admin, "persons"), ==, width);
  g_assert_cmpint (sidebar_width (housing, "occupancy"), ==, width);
  g_assert_cmpint (sidebar_width (housing, "reports"), ==, width);
}

/* Issue "The window": Belegung counts a thousand facilities as
 * "1.000 Unterkünfte", with the locale's grouping. */
static void
test_thousand_facilities (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) big = ea_test_new_demo (3, 1000, 1000, NULL);
  g_autoptr(EaSession) session = ea_session_login (big, "verwaltung", EA_DEMO_PASSWORD, &error);
  EaWindow *window;
  LabelQuery query;

  g_assert_no_error (error);
  g_assert_cmpint (ea_test_query_int (big, "SELECT count (*) FROM facilities"), ==, 1000);
  window = open_main_window (session);
  ea_window_show_page (window, "occupancy");
  query = (LabelQuery) { GTK_WIDGET (window), "1.000 Unterkünfte" };
  g_assert_true (wait_for (label_shown, &query));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
dialog_shows_error (gpointer data)
{
  const char *error = _ea_edit_dialog_get_error (EA_EDIT_DIALOG (data));

  return error != NULL && error[0] != '\0';
}

/* Issue 18: the server cannot be reached (here: it refuses new
 * connections after it dropped the seat's): the window says so in a
 * strip, a case note being written stays with its text (saving it fails
 * and says why), the program connects again by itself once the server
 * takes connections, the strip goes, and the same note is then saved. */
static void
test_lost_connection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) own = ea_test_new_demo (7, 120, 2, NULL);
  g_autoptr(EaSession) session = NULL;
  const char *database;
  g_autofree char *block = NULL;
  g_autofree char *drop = NULL;
  g_autofree char *allow = NULL;
  const char *strip = "Keine Verbindung zur Datenbank. Das Programm verbindet sich von selbst "
                      "wieder; bis dahin lässt sich nichts speichern, und was Sie eingegeben "
                      "haben, bleibt erhalten.";
  const char *text = "Termin beim Jobcenter am Montag, Unterlagen mitbringen";
  EaWindow *window;
  EaPersonsPage *persons;
  EaPersonPage *person_page;
  EaEditDialog *note;
  LabelQuery query;
  gint64 person, notes_before;

  if (!ea_test_on_server ())
    {
      g_test_skip ("a file cannot be unreachable");
      return;
    }
  session = ea_session_login (own, "sozial", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  person = ea_test_query_int (own, "SELECT min (person_id) FROM stays WHERE until_date IS NULL");
  notes_before = ea_test_query_int (own, "SELECT count (*) FROM case_notes");
  database = strstr (ea_store_get_path (own), "dbname=") + strlen ("dbname=");
  block = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS false", database);
  drop = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                          "WHERE datname = '%s'", database);
  allow = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS true", database);

  window = open_main_window (session);
  query = (LabelQuery) { GTK_WIDGET (window), strip };
  g_assert_false (label_shown (&query));
  ea_window_show_page (window, "persons");
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  g_assert_true (wait_for (is_mapped, persons));
  person_page = ea_persons_page_open_person (persons, person);
  g_assert_true (wait_for (is_mapped, person_page));
  note = _ea_person_page_open_note_dialog (person_page);
  g_assert_true (wait_for (is_mapped, note));
  _ea_edit_dialog_set_text (note, "body", text);

  /* The server drops the seat and takes no one. */
  ea_test_run_on_cluster (block);
  ea_test_run_on_cluster (drop);
  g_assert_true (wait_within (label_shown, &query, 3000));
  screenshot (GTK_WIDGET (window), "verbindung-unterbrochen.png");

  /* Saving fails and says so; the note and its text stay. */
  _ea_edit_dialog_save (note);
  g_assert_true (wait_for (dialog_shows_error, note));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (note)));
  g_assert_cmpstr (ea_edit_dialog_get_text (note, "body"), ==, text);

  /* The server takes connections again: the window connects by itself,
   * the strip goes, and the same note is saved once. */
  ea_test_run_on_cluster (allow);
  g_assert_true (wait_within (label_hidden, &query, 6000));
  g_assert_cmpint (ea_test_query_int (own, "SELECT count (*) FROM case_notes"), ==,
                   notes_before);
  g_object_add_weak_pointer (G_OBJECT (note), (gpointer *) &note);
  _ea_edit_dialog_save (note);
  g_assert_true (wait_for (is_destroyed, &note));
  g_assert_cmpint (ea_test_query_int (own, "SELECT count (*) FROM case_notes"), ==,
                   notes_before + 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
button_has_tooltip (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

/* The rows of a workbook that a page wrote. */
static guint
count_workbook_rows (const char *path,
                     const char *first_cell_of_row_1)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) rows = _ea_xlsx_read_rows (path, lines, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, 1), 0), ==,
                   first_cell_of_row_1);
  return rows->len;
}

/* Opens the save dialog by its button, checks its suggested name, and
 * cancels it. */
static void
assert_export_dialog (GtkWidget  *button,
                      const char *title,
                      const char *name)
{
  GtkWidget *chooser = NULL;
  g_autofree char *suggested = NULL;

  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (wait_for (file_chooser_shown, &chooser));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, title);
  suggested = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (suggested, ==, name);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_true (wait_for (no_file_chooser, NULL));
}

/* Lists people take with them: Personen as filtered and Belegung as
 * narrowed, each as a workbook of what the page shows. */
static void
test_export_lists (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *persons_path = g_build_filename (dir, "personen.xlsx", NULL);
  g_autofree char *occupancy_path = g_build_filename (dir, "belegung.xlsx", NULL);
  g_autofree char *today = ea_clock_today ();
  g_autofree char *persons_name = g_strdup_printf ("personen-%s.xlsx", today);
  g_autofree char *occupancy_name = g_strdup_printf ("belegung-%s.xlsx", today);
  g_autoptr(EaPerson) first_person = NULL;
  g_autoptr(EaOccupancy) first_facility = NULL;
  g_autofree char *first_name = NULL;
  EaPersonsPage *persons;
  EaOccupancyPage *occupancy;
  GListModel *shown;
  guint n;

  ea_window_show_page (window, "persons");
  persons = EA_PERSONS_PAGE (ea_window_get_page_widget (window, "persons"));
  g_assert_true (wait_for (is_mapped, persons));
  _ea_persons_page_choose_filter (persons, "status", 1);
  n = g_list_model_get_n_items (G_LIST_MODEL (ea_persons_page_get_model (persons)));
  g_assert_cmpint (n, ==, ea_test_query_int (store, "SELECT count(*) FROM persons "
                                                    "WHERE status = 'expected'"));
  assert_export_dialog (find_widget (GTK_WIDGET (persons), button_has_tooltip,
                                     "Als Arbeitsmappe exportieren …"),
                        "Personen als Arbeitsmappe exportieren", persons_name);
  g_assert_true (_ea_persons_page_export (persons, persons_path));
  first_person = g_list_model_get_item (G_LIST_MODEL (ea_persons_page_get_model (persons)), 0);
  first_name = ea_person_dup_display_name (first_person);
  g_assert_cmpuint (count_workbook_rows (persons_path, first_name), ==, n + 1);
  _ea_persons_page_choose_filter (persons, "status", 0);

  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  g_assert_true (wait_for (is_mapped, occupancy));
  _ea_occupancy_page_narrow (occupancy, "", 2);
  shown = _ea_occupancy_page_get_shown (occupancy);
  n = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, g_list_model_get_n_items (ea_occupancy_page_get_model (occupancy)));
  assert_export_dialog (find_widget (GTK_WIDGET (occupancy), button_has_tooltip,
                                     "Als Arbeitsmappe exportieren …"),
                        "Belegung als Arbeitsmappe exportieren", occupancy_name);
  g_assert_true (_ea_occupancy_page_export (occupancy, occupancy_path));
  first_facility = g_list_model_get_item (shown, 0);
  g_assert_cmpuint (count_workbook_rows (occupancy_path, ea_occupancy_get_name (first_facility)),
                    ==, n + 1);
  /* Never over another file: the page says so. */
  g_assert_false (_ea_occupancy_page_export (occupancy, occupancy_path));
  screenshot (GTK_WIDGET (window), "belegung-exportiert.png");
  _ea_occupancy_page_narrow (occupancy, "", 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The bed chip that has the keyboard's focus in @window, or NULL. */
static GtkWidget *
focused_chip (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  return focus != NULL && gtk_widget_has_css_class (focus, "bed-chip") ? focus : NULL;
}

static gboolean
popover_shown (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_POPOVER (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
chip_popover_open (gpointer chip)
{
  return find_widget (GTK_WIDGET (chip), popover_shown, NULL) != NULL;
}

/* The room plan by keyboard alone: Tab goes from the plan into its
 * rooms, bed by bed and on to the next rooms' beds; Enter (a button's
 * activation) opens the bed's popover. GTK's own focus moving is asked
 * as a Tab would ask it (a real key press needs more than Xvfb gives). */
static void
test_room_plan_keyboard (void)
{
  g_autoptr(EaSession) session = log_in_through_window ("verwaltung", EA_DEMO_PASSWORD);
  EaWindow *window = open_main_window (session);
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  EaOccupancyPage *occupancy;
  EaFacilityPage *plan;
  GtkWidget *chip = NULL;
  g_autofree char *beds_sql = NULL;
  gint64 facility;

  /* The largest house: more beds than the Tabs below visit. */
  facility = ea_test_query_int (store, "SELECT u.facility_id FROM beds b "
                                       "JOIN rooms r ON r.id = b.room_id "
                                       "JOIN units u ON u.id = r.unit_id "
                                       "GROUP BY u.facility_id ORDER BY count (*) DESC LIMIT 1");
  beds_sql = g_strdup_printf ("SELECT count (*) FROM beds b JOIN rooms r ON r.id = b.room_id "
                              "JOIN units u ON u.id = r.unit_id WHERE u.facility_id = %lld",
                              (long long) facility);
  g_assert_cmpint (ea_test_query_int (store, beds_sql), >, 40);
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));
  ea_occupancy_page_open_facility (occupancy, facility);
  plan = ea_occupancy_page_get_facility_page (occupancy);
  g_assert_true (wait_for (is_mapped, plan));
  /* The plan's list, as Tab from the header reaches it. */
  gtk_widget_grab_focus (find_list_view (GTK_WIDGET (plan)));

  for (int i = 0; i < 4 && chip == NULL; i++)
    {
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      chip = focused_chip (GTK_WINDOW (window));
    }
  g_assert_nonnull (chip);
  g_assert_true (gtk_widget_is_ancestor (chip, GTK_WIDGET (plan)));
  /* On through the beds of several rooms: each Tab to a new bed or to a
   * room's own button, never out of the plan. */
  for (int i = 0; i < 40; i++)
    {
      GtkWidget *focus;

      g_hash_table_add (reached, focused_chip (GTK_WINDOW (window)));
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      focus = gtk_window_get_focus (GTK_WINDOW (window));
      g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (plan)));
      g_main_context_iteration (NULL, FALSE);
    }
  g_hash_table_remove (reached, NULL);
  g_assert_cmpuint (g_hash_table_size (reached), >=, 12);

  chip = NULL;
  while (chip == NULL)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      chip = focused_chip (GTK_WINDOW (window));
    }
  g_assert_true (gtk_widget_activate (chip));
  g_assert_true (wait_for (chip_popover_open, chip));
  screenshot (GTK_WIDGET (window), "raumplan-tastatur.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A housing list from the Belegung page: its preview names the wrong
 * line and imports nothing; a right list is imported on "Import", and
 * the dialog fits a window 600 px wide. */
static void
test_housing_list_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD,
                                                   &error);
  EaWindow *window = open_main_window (session);
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *wrong = g_build_filename (dir, "falsch.csv", NULL);
  g_autofree char *right = g_build_filename (dir, "richtig.csv", NULL);
  EaOccupancyPage *occupancy;
  EaHousingListDialog *dialog;
  int facilities, min;

  g_assert_no_error (error);
  facilities = ea_test_query_int (store, "SELECT count (*) FROM facilities");
  g_assert_true (g_file_set_contents (wrong,
    "Unterkunft;Gemeinde;Art;Bereich;Raum;m²;Plätze;Belegungsregel;Barrierefrei;Betten\n"
    "GU Testliste;Teststadt;Gemeinschaftsunterkunft;EG;0.01;abc;3;Männer;nein;A, B, C\n"
    "GU Testliste;Teststadt;Gemeinschaftsunterkunft;EG;0.02;14;2;Kinder;nein;A, B\n", -1,
    NULL));
  g_assert_true (g_file_set_contents (right,
    "Unterkunft;Gemeinde;Art;Bereich;Raum;m²;Plätze;Belegungsregel;Barrierefrei;Betten\n"
    "GU Testliste;Teststadt;Gemeinschaftsunterkunft;EG;0.01;21;3;Männer;nein;A, B, C\n", -1,
    NULL));
  ea_window_show_page (window, "occupancy");
  occupancy = EA_OCCUPANCY_PAGE (ea_window_get_page_widget (window, "occupancy"));

  dialog = _ea_occupancy_page_open_stock_list (occupancy, wrong);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_cmpuint (_ea_housing_list_dialog_get_n_problems (dialog), ==, 2);
  g_assert_false (gtk_widget_get_sensitive (_ea_housing_list_dialog_get_import_button (dialog)));
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL,
                      NULL);
  g_assert_cmpint (min, <=, 600);
  screenshot (GTK_WIDGET (dialog), "unterkunftsliste-fehler.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_for (is_destroyed, &dialog));
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM facilities"), ==, facilities);

  dialog = _ea_occupancy_page_open_stock_list (occupancy, right);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_cmpuint (_ea_housing_list_dialog_get_n_problems (dialog), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (_ea_housing_list_dialog_get_import_button (dialog)));
  screenshot (GTK_WIDGET (dialog), "unterkunftsliste.png");
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM facilities"), ==, facilities);
  gtk_widget_activate (_ea_housing_list_dialog_get_import_button (dialog));
  g_assert_true (wait_for (is_destroyed, &dialog));
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM beds b JOIN rooms r "
                                      "ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                                      "JOIN facilities f ON f.id = u.facility_id "
                                      "WHERE f.name = 'GU Testliste'"), ==, 3);

  /* Again: nothing to import. */
  dialog = _ea_occupancy_page_open_stock_list (occupancy, right);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (wait_for (is_mapped, dialog));
  g_assert_false (gtk_widget_get_sensitive (_ea_housing_list_dialog_get_import_button (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_for (is_destroyed, &dialog));
  /* Close the new facility again, so that the other tests meet the
   * demo district as it was. */
  ea_test_exec (store, "UPDATE facilities SET closed_on = '2026-11-23' "
                "WHERE name = 'GU Testliste'", &error);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_setenv ("LANGUAGE", "de", TRUE);
  /* No system proxy settings for the platform test (GNOME's schemas). */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  ea_locale_init ();

  gtk_test_init (&argc, &argv, NULL);
  /* Without a window manager no window is active, so a text field that
   * has the focus (a form opens in its first field) never hears it go
   * when its window is destroyed; a blinking cursor would then warn. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  ea_test_pin_clock (EA_TEST_NOW);
  adw_init ();
  /* The application loads its stylesheet itself; these windows have none. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/de/eakte/Fluechtlingsmanagement/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  store = ea_test_new_demo (1, 0, 0, NULL);

  g_test_add_func ("/ui/admin-window", test_admin_window);
  g_test_add_func ("/ui/reader-window", test_reader_window);
  g_test_add_func ("/ui/audit-page", test_audit_page);
  g_test_add_func ("/ui/reports-page", test_reports_page);
  g_test_add_func ("/ui/first-login", test_first_login);
  g_test_add_func ("/ui/users-page", test_users_page);
  g_test_add_func ("/ui/window-state", test_window_state);
  g_test_add_func ("/ui/check-in", test_check_in);
  g_test_add_func ("/ui/edit-room", test_edit_room);
  g_test_add_func ("/ui/reserved-later", test_reserved_later);
  g_test_add_func ("/ui/look-ahead", test_look_ahead);
  g_test_add_func ("/ui/occupancy-calendar", test_occupancy_calendar);
  g_test_add_func ("/ui/person-page", test_person_page);
  g_test_add_func ("/ui/find-bed", test_find_bed);
  g_test_add_func ("/ui/find-bed-replaces", test_find_bed_replaces);
  g_test_add_func ("/ui/room-plan-opens-person", test_room_plan_opens_person);
  g_test_add_func ("/ui/room-plan-keyboard", test_room_plan_keyboard);
  g_test_add_func ("/ui/export-lists", test_export_lists);
  g_test_add_func ("/ui/flueag-missing-opens-person", test_flueag_missing_opens_person);
  g_test_add_func ("/ui/allocation-cancel", test_allocation_cancel);
  g_test_add_func ("/ui/person-page-names-person", test_person_page_names_person);
  g_test_add_func ("/ui/family-view-heading", test_family_view_heading);
  g_test_add_func ("/ui/allocation-page", test_allocation_page);
  g_test_add_func ("/ui/settings-page", test_settings_page);
  g_test_add_func ("/ui/import-page", test_import_page);
  g_test_add_func ("/ui/import-page/find-bed", test_import_find_bed);
  g_test_add_func ("/ui/import-page/merge", test_import_merge);
  g_test_add_func ("/ui/import-page/cancel", test_import_cancel);
  g_test_add_func ("/ui/import-page/mapping", test_import_mapping);
  g_test_add_func ("/ui/import-page/platform", test_import_platform);
  g_test_add_func ("/ui/retention-page", test_retention_page);
  g_test_add_func ("/ui/file-chooser-keeps-data", test_file_chooser_keeps_data);
  g_test_add_func ("/ui/logout", test_logout);
  g_test_add_func ("/ui/live-refresh", test_live_refresh);
  g_test_add_func ("/ui/lost-connection", test_lost_connection);
  g_test_add_func ("/ui/note-for-someone-alone", test_note_for_someone_alone);
  g_test_add_func ("/ui/choosers-go-on", test_choosers_go_on);
  g_test_add_func ("/ui/persons-sort-by-dates", test_persons_sort_by_dates);
  g_test_add_func ("/ui/thousand-facilities", test_thousand_facilities);
  g_test_add_func ("/ui/narrow-window", test_narrow_window);
  g_test_add_func ("/ui/every-page", test_every_page);
  g_test_add_func ("/ui/facility-dialog", test_facility_dialog);
  g_test_add_func ("/ui/long-toast", test_long_toast);
  g_test_add_func ("/ui/sidebar-width", test_sidebar_width);
  g_test_add_func ("/ui/block-dialog-keeps-input", test_block_dialog_keeps_input);
  g_test_add_func ("/ui/housing-list-dialog", test_housing_list_dialog);

  ret = g_test_run ();
  g_clear_object (&store);
  return ret;
}
