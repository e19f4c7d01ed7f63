/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-person-chooser"

#include "config.h"

#include "ea-person-chooser-private.h"

#include <glib/gi18n.h>

/* Chooses a person for a bed: a search over all persons, expected arrivals
 * first. The page that opened it does the work when a person is chosen and
 * either closes the chooser or shows why the rules refused. */
struct _EaPersonChooser
{
  AdwWindow          parent_instance;

  EaPersonList      *model;
  GtkSingleSelection *selection;

  AdwWindowTitle    *title;
  GtkButton         *confirm_button;
  GtkSearchEntry    *search_entry;
  GtkListView       *list_view;
  GtkLabel          *error_label;
  GtkWidget         *date_row;     /* NULL, or the day the change is for */
};

G_DEFINE_FINAL_TYPE (EaPersonChooser, ea_person_chooser, ADW_TYPE_WINDOW)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  EaPerson *person = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  g_autofree char *display = ea_person_dup_display_name (person);
  g_autofree char *today = ea_clock_today ();
  g_autoptr(GString) text = g_string_new (NULL);
  const char *gender = ea_person_get_gender (person);
  const char *facility = ea_person_get_facility (person);
  const char *nationality = ea_person_get_nationality_label (person);
  const char *arrival = ea_person_get_arrival (person);
  int years = ea_partial_date_age (ea_person_get_birth_date (person), today);

  /* Who it is at a glance, to choose the right one for the bed: gender,
   * age, nationality, status with the planned arrival, and where. */
  g_string_append (text, g_strcmp0 (gender, "m") == 0 ? _("male")
                         : g_strcmp0 (gender, "w") == 0 ? _("female")
                         : g_strcmp0 (gender, "d") == 0 ? _("diverse") : _("not stated"));
  if (years >= 0)
    {
      g_autofree char *age = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year",
                                                           "%d years", years), years);

      g_string_append_printf (text, " · %s", age);
    }
  if (nationality != NULL && nationality[0] != '\0')
    g_string_append_printf (text, " · %s", nationality);
  if (g_strcmp0 (ea_person_get_status (person), "expected") == 0 && arrival != NULL)
    {
      g_autofree char *day = ea_date_format (arrival);

      /* Translators: an expected arrival's planned day. */
      g_string_append (text, " · ");
      g_string_append_printf (text, _("expected on %s"), day);
    }
  else
    g_string_append_printf (text, " · %s", ea_person_get_status_label (person));
  if (facility != NULL)
    g_string_append_printf (text, " · %s", facility);
  gtk_label_set_label (GTK_LABEL (name), display);
  gtk_label_set_label (GTK_LABEL (detail), text->str);
}

/**
 * ea_person_chooser_dup_selected:
 * @self: an #EaPersonChooser
 *
 * Returns: (transfer full) (nullable): the person selected, for the
 *   handler of #EaPersonChooser::chosen
 */
EaPerson *
ea_person_chooser_dup_selected (EaPersonChooser *self)
{
  return gtk_single_selection_get_selected_item (self->selection)
         ? g_object_ref (gtk_single_selection_get_selected_item (self->selection)) : NULL;
}

static void
confirm_cb (EaPersonChooser *self)
{
  g_autoptr(EaPerson) person = ea_person_chooser_dup_selected (self);

  if (person == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[CHOSEN], 0, ea_person_get_id (person));
}

static void
activate_cb (EaPersonChooser *self,
             guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  confirm_cb (self);
}

static void
search_changed_cb (EaPersonChooser *self)
{
  g_autoptr(GError) error = NULL;

  if (self->model == NULL)
    return;
  if (!ea_person_list_set_search (self->model,
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                  &error))
    ea_person_chooser_show_error (self, error->message);
}

/* Enter in the search: the one person found, or the one selected. */
static void
search_activate_cb (EaPersonChooser *self)
{
  if (self->model == NULL)
    return;
  search_changed_cb (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 1)
    gtk_single_selection_set_selected (self->selection, 0);
  if (gtk_single_selection_get_selected_item (self->selection) != NULL)
    confirm_cb (self);
}

/* Typing goes into the search from the start. */
static void
ea_person_chooser_map (GtkWidget *widget)
{
  EaPersonChooser *self = EA_PERSON_CHOOSER (widget);

  GTK_WIDGET_CLASS (ea_person_chooser_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
selection_changed_cb (EaPersonChooser *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button),
                            gtk_single_selection_get_selected_item (self->selection) != NULL);
}

static void
ea_person_chooser_dispose (GObject *object)
{
  EaPersonChooser *self = (EaPersonChooser *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_PERSON_CHOOSER);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ea_person_chooser_parent_class)->dispose (object);
}

static void
ea_person_chooser_class_init (EaPersonChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_person_chooser_dispose;
  widget_class->map = ea_person_chooser_map;

  /**
   * EaPersonChooser::chosen:
   * @person_id: the chosen person
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ea-person-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, EaPersonChooser, title);
  gtk_widget_class_bind_template_child (widget_class, EaPersonChooser, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, EaPersonChooser, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EaPersonChooser, list_view);
  gtk_widget_class_bind_template_child (widget_class, EaPersonChooser, error_label);
  gtk_widget_class_bind_template_callback (widget_class, confirm_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_destroy);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ea_person_chooser_init (EaPersonChooser *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
}

EaPersonChooser *
ea_person_chooser_new (EaSession  *session,
                       const char *title,
                       const char *confirm_label)
{
  EaPersonChooser *self = g_object_new (EA_TYPE_PERSON_CHOOSER, NULL);
  g_autoptr(GError) error = NULL;

  adw_window_title_set_title (self->title, title);
  gtk_button_set_label (self->confirm_button, confirm_label);
  self->model = ea_person_list_new (session, &error);
  if (self->model == NULL)
    {
      ea_person_chooser_show_error (self, error->message);
      return self;
    }
  /* Expected arrivals first ("expected" sorts before "left" and "present"). */
  ea_person_list_set_sort (self->model, EA_PERSON_SORT_STATUS, FALSE, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->confirm_button));
  return self;
}

void
ea_person_chooser_show_error (EaPersonChooser *self,
                              const char      *message)
{
  g_return_if_fail (EA_IS_PERSON_CHOOSER (self));

  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/**
 * ea_person_chooser_add_date:
 * @title: what the day is, such as "First night (DD.MM.YYYY)"
 * @iso: (nullable): the day filled in, `YYYY-MM-DD`
 *
 * Adds a field for the day of the change below the search.
 */
void
ea_person_chooser_add_date (EaPersonChooser *self,
                            const char      *title,
                            const char      *iso)
{
  GtkWidget *list = gtk_list_box_new ();
  g_autofree char *shown = iso != NULL ? ea_date_format (iso) : NULL;

  g_return_if_fail (EA_IS_PERSON_CHOOSER (self));
  g_return_if_fail (self->date_row == NULL);

  self->date_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), title);
  if (shown != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->date_row), shown);
  g_signal_connect_object (self->date_row, "entry-activated", G_CALLBACK (confirm_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  gtk_widget_set_margin_bottom (list, 6);
  gtk_list_box_append (GTK_LIST_BOX (list), self->date_row);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->search_entry))),
                              list, GTK_WIDGET (self->search_entry));
}

/**
 * ea_person_chooser_get_date:
 *
 * Returns: (nullable): the day as typed, or %NULL when the chooser has no
 *   field for it or it is empty
 */
const char *
ea_person_chooser_get_date (EaPersonChooser *self)
{
  const char *text;

  g_return_val_if_fail (EA_IS_PERSON_CHOOSER (self), NULL);

  if (self->date_row == NULL)
    return NULL;
  text = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  return text[0] != '\0' ? text : NULL;
}

void
_ea_person_chooser_set_date (EaPersonChooser *self,
                             const char      *text)
{
  g_return_if_fail (self->date_row != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), text);
}

GtkSearchEntry *
_ea_person_chooser_get_search_entry (EaPersonChooser *self)
{
  return self->search_entry;
}

void
_ea_person_chooser_choose (EaPersonChooser *self,
                           const char      *search)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search);
  search_changed_cb (self);
  gtk_single_selection_set_selected (self->selection, 0);
  confirm_cb (self);
}
