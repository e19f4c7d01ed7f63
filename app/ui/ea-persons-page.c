/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-persons-page"

#include "config.h"

#include "ea-persons-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-window.h"

/* Personen: every person the user may see, in a GtkColumnView over the
 * lazy EaPersonList. Searching and sorting happen in the database; the
 * view only ever asks for the rows on screen. */
struct _EaPersonsPage
{
  GtkWidget      parent_instance;

  EaSession     *session;
  EaPersonList  *model;
  EaPerson      *probe;
  int            probed_column;
  GtkSorter     *view_sorter;
  gulong         sort_changed_id;
  gboolean       fresh;

  GtkWidget     *box;
  AdwWindowTitle *title;
  GtkSearchEntry *search_entry;
  GtkStack      *stack;
  GtkColumnView *column_view;
  GtkStack      *nav;
  EaPersonPage  *person_page;
  char          *last_search;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *birth_column;
  GtkColumnViewColumn *nationality_column;
  GtkColumnViewColumn *facility_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *arrival_column;
  AdwStatusPage *error_page;
};

G_DEFINE_FINAL_TYPE (EaPersonsPage, ea_persons_page, GTK_TYPE_WIDGET)

typedef struct
{
  EaPersonsPage *page;
  EaPersonSort   key;
} ColumnProbe;

static void
show_error (EaPersonsPage *self,
            const GError  *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
update_state (EaPersonsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint total = ea_person_list_get_total (self->model);
  g_autofree char *count = ea_format_count (n);
  g_autofree char *all = ea_format_count (total);
  g_autofree char *subtitle = NULL;

  if (n == total)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person", "%s persons", n),
                                count);
  else
    /* Translators: persons found by a search, of all persons. */
    subtitle = g_strdup_printf (_("%s of %s persons"), count, all);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
search_changed_cb (EaPersonsPage *self)
{
  g_autoptr(GError) error = NULL;

  /* Typing anywhere searches: the results show instead of a person. The
   * entry also reports a search when nothing was typed; that changes
   * nothing. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                 self->last_search) != 0)
    {
      g_free (self->last_search);
      self->last_search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      gtk_stack_set_visible_child_name (self->nav, "list");
    }

  if (!ea_person_list_set_search (self->model,
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                  &error))
    {
      show_error (self, error);
      return;
    }
  update_state (self);
}

/* GTK 4.8 has no API to ask a column view which column it sorts by (that
 * came in 4.10). Its sorter calls the primary column's sorter first and
 * inverts the result when descending, so each column's sorter records
 * that it was asked and answers "smaller": one comparison tells the
 * column and the direction. The rows themselves are sorted by SQL. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnProbe *probe = user_data;

  probe->page->probed_column = (int) probe->key;
  return GTK_ORDERING_SMALLER;
}

static void
sort_changed_cb (EaPersonsPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GError) error = NULL;
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, self->probe, self->probe);
  if (self->probed_column < 0 || order == GTK_ORDERING_EQUAL)
    ea_person_list_set_sort (self->model, EA_PERSON_SORT_NAME, FALSE, &error);
  else
    ea_person_list_set_sort (self->model, (EaPersonSort) self->probed_column,
                             order == GTK_ORDERING_LARGER, &error);
  if (error != NULL)
    show_error (self, error);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  EaPersonSort column = GPOINTER_TO_INT (user_data);
  EaPerson *person = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch (column)
    {
    case EA_PERSON_SORT_NAME:
      text = ea_person_dup_display_name (person);
      break;

    case EA_PERSON_SORT_BIRTH_DATE:
      text = ea_partial_date_format (ea_person_get_birth_date (person));
      break;

    case EA_PERSON_SORT_NATIONALITY:
      text = g_strdup (ea_person_get_nationality_label (person));
      break;

    case EA_PERSON_SORT_FACILITY:
      text = g_strdup (ea_person_get_facility (person));
      break;

    case EA_PERSON_SORT_STATUS:
      text = g_strdup (ea_person_get_status_label (person));
      break;

    case EA_PERSON_SORT_ARRIVAL:
    default:
      text = ea_date_format (ea_person_get_arrival (person));
      break;
    }
  gtk_label_set_label (label, text ? text : "");
}

static void
setup_column (EaPersonsPage       *self,
              GtkColumnViewColumn *column,
              EaPersonSort         key)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = NULL;
  ColumnProbe *probe = g_new0 (ColumnProbe, 1);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (key));
  gtk_column_view_column_set_factory (column, factory);

  probe->page = self;
  probe->key = key;
  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, probe, g_free));
  gtk_column_view_column_set_sorter (column, sorter);
}

/* Other pages and other users change persons: show the list as it is
 * whenever the page comes into view. The first time it is fresh already. */
static void
ea_persons_page_map (GtkWidget *widget)
{
  EaPersonsPage *self = EA_PERSONS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  GTK_WIDGET_CLASS (ea_persons_page_parent_class)->map (widget);

  if (self->model == NULL)
    return;
  if (!self->fresh && !ea_person_list_reload (self->model, &error))
    show_error (self, error);
  else
    update_state (self);
  self->fresh = FALSE;
}

static void
person_back_cb (EaPersonsPage *self)
{
  gtk_stack_set_visible_child_name (self->nav, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
open_person_cb (EaPersonsPage *self,
                gint64         person_id)
{
  ea_persons_page_open_person (self, person_id);
}

/**
 * ea_persons_page_open_person:
 * @self: the page
 * @person_id: a person
 *
 * Shows the person's file in place of the list.
 *
 * Returns: (transfer none) (nullable): the person page, or %NULL when the
 *   file may not be opened (a toast says why)
 */
EaPersonPage *
ea_persons_page_open_person (EaPersonsPage *self,
                             gint64         person_id)
{
  g_autoptr(GError) error = NULL;

  if (self->person_page == NULL)
    {
      self->person_page = ea_person_page_new (self->session);
      g_signal_connect_object (self->person_page, "back", G_CALLBACK (person_back_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->person_page, "open-person", G_CALLBACK (open_person_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->nav, GTK_WIDGET (self->person_page), "person");
    }
  if (!ea_person_page_show (self->person_page, person_id, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      ea_window_add_toast_for (GTK_WIDGET (self), toast);
      return NULL;
    }
  _ea_person_page_show_view (self->person_page, "overview");
  gtk_stack_set_visible_child_name (self->nav, "person");
  return self->person_page;
}

static void
person_activated_cb (EaPersonsPage *self,
                     guint          position)
{
  g_autoptr(EaPerson) person = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (person != NULL)
    ea_persons_page_open_person (self, ea_person_get_id (person));
}

static void
ea_persons_page_dispose (GObject *object)
{
  EaPersonsPage *self = (EaPersonsPage *)object;

  /* Removing the columns changes the sorter: stop listening first. */
  if (self->view_sorter != NULL)
    g_clear_signal_handler (&self->sort_changed_id, self->view_sorter);
  g_clear_object (&self->view_sorter);
  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_PERSONS_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->probe);
  g_clear_object (&self->session);
  g_clear_pointer (&self->last_search, g_free);

  G_OBJECT_CLASS (ea_persons_page_parent_class)->dispose (object);
}

static void
ea_persons_page_class_init (EaPersonsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_persons_page_dispose;
  widget_class->map = ea_persons_page_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ea-persons-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, box);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, nav);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, title);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, birth_column);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, nationality_column);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, facility_column);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, arrival_column);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_activated_cb);
}

static void
ea_persons_page_init (EaPersonsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->last_search = g_strdup ("");
  self->probe = g_object_new (EA_TYPE_PERSON, NULL);
  setup_column (self, self->name_column, EA_PERSON_SORT_NAME);
  setup_column (self, self->birth_column, EA_PERSON_SORT_BIRTH_DATE);
  setup_column (self, self->nationality_column, EA_PERSON_SORT_NATIONALITY);
  setup_column (self, self->facility_column, EA_PERSON_SORT_FACILITY);
  setup_column (self, self->status_column, EA_PERSON_SORT_STATUS);
  setup_column (self, self->arrival_column, EA_PERSON_SORT_ARRIVAL);
}

EaPersonsPage *
ea_persons_page_new (EaSession *session)
{
  EaPersonsPage *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_PERSONS_PAGE, NULL);
  self->session = g_object_ref (session);
  self->model = ea_person_list_new (session, &error);
  if (self->model == NULL)
    {
      show_error (self, error);
      gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), FALSE);
      return self;
    }

  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_single_selection_new (
                               g_object_ref (G_LIST_MODEL (self->model)))));
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
  self->fresh = TRUE;
  self->view_sorter = g_object_ref (gtk_column_view_get_sorter (self->column_view));
  self->sort_changed_id = g_signal_connect_swapped (self->view_sorter, "changed",
                                                    G_CALLBACK (sort_changed_cb), self);
  update_state (self);
  return self;
}

EaPersonList *
ea_persons_page_get_model (EaPersonsPage *self)
{
  g_return_val_if_fail (EA_IS_PERSONS_PAGE (self), NULL);

  return self->model;
}

void
ea_persons_page_focus_search (EaPersonsPage *self)
{
  g_return_if_fail (EA_IS_PERSONS_PAGE (self));

  gtk_stack_set_visible_child_name (self->nav, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * ea_persons_page_capture_keys:
 * @widget: where typing starts a search, usually the window
 *
 * Typing anywhere in @widget goes to the search field; the window shows
 * this page when the search starts.
 */
void
ea_persons_page_capture_keys (EaPersonsPage *self,
                              GtkWidget     *widget)
{
  g_return_if_fail (EA_IS_PERSONS_PAGE (self));

  gtk_search_entry_set_key_capture_widget (self->search_entry, widget);
}

GtkSearchEntry *
_ea_persons_page_get_search_entry (EaPersonsPage *self)
{
  return self->search_entry;
}

void
ea_persons_page_set_search (EaPersonsPage *self,
                            const char    *text)
{
  g_return_if_fail (EA_IS_PERSONS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Apply at once rather than after the entry's delay. */
  search_changed_cb (self);
}
