/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-person-chooser"

#include "config.h"

#include "ea-person-chooser-private.h"

#include <glib/gi18n.h>

/* Chooses a person for a bed: a search over all persons, expected arrivals
 * first (those of the bed's facility before all others). A person whom the
 * bed's rules refuse is shown greyed with the reason, by the very check
 * the change makes (ea_housing_check_placing()). The page that opened it
 * does the work when a person is chosen and either closes the chooser or
 * shows why the rules refused. */
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
  GtkLabel          *hint_label;
  GtkWidget         *date_row;     /* NULL, or the day the change is for */

  /* The bed the person is chosen for (ea_person_chooser_set_bed()), or 0;
   * whether for a reservation; and for each person checked so far why
   * the bed refuses them ("" when it does not). */
  EaSession         *session;
  gint64             bed_id;
  gboolean           reserve;
  char              *day;          /* the day checked, NULL: today */
  GHashTable        *refusals;
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
  GtkWidget *refusal = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_xalign (GTK_LABEL (refusal), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap (GTK_LABEL (refusal), TRUE);
  gtk_widget_add_css_class (refusal, "caption");
  gtk_widget_set_visible (refusal, FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_box_append (GTK_BOX (box), refusal);
  gtk_list_item_set_child (item, box);
}

/* Why the bed refuses @person_id, or "" when it does not: only a refusal
 * by a rule counts; one that a user may confirm (a shared room, another's
 * reservation) is asked when the person is chosen. */
static const char *
lookup_refusal (EaPersonChooser *self,
                gint64           person_id)
{
  g_autoptr(GError) error = NULL;
  const char *reason;

  reason = g_hash_table_lookup (self->refusals, &person_id);
  if (reason != NULL)
    return reason;
  if (ea_housing_check_placing (self->session, person_id, self->bed_id, self->day,
                                self->reserve, &error) ||
      !g_error_matches (error, EA_ERROR, EA_ERROR_RULE))
    reason = "";
  else
    reason = error->message;
  g_hash_table_insert (self->refusals, g_memdup2 (&person_id, sizeof person_id),
                       g_strdup (reason));
  return g_hash_table_lookup (self->refusals, &person_id);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             EaPersonChooser          *self)
{
  EaPerson *person = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  GtkWidget *refusal = gtk_widget_get_next_sibling (detail);
  const char *reason = self->bed_id != 0 ? lookup_refusal (self, ea_person_get_id (person)) : "";
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
  /* Not for this bed: greyed, with the rule's words, and not chosen. */
  gtk_label_set_label (GTK_LABEL (refusal), reason);
  gtk_widget_set_visible (refusal, reason[0] != '\0');
  gtk_widget_set_sensitive (box, reason[0] == '\0');
  gtk_list_item_set_selectable (item, reason[0] == '\0');
  gtk_list_item_set_activatable (item, reason[0] == '\0');
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
  const char *reason;

  if (person == NULL)
    return;
  /* One the bed refuses (Enter on the one found): why, and nothing else. */
  reason = self->bed_id != 0 ? lookup_refusal (self, ea_person_get_id (person)) : "";
  if (reason[0] != '\0')
    {
      ea_person_chooser_show_error (self, reason);
      return;
    }
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
    {
      g_autoptr(EaPerson) only = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);

      /* One the bed refuses is not chosen: why, instead. */
      if (self->bed_id != 0 && lookup_refusal (self, ea_person_get_id (only))[0] != '\0')
        {
          ea_person_chooser_show_error (self, lookup_refusal (self, ea_person_get_id (only)));
          return;
        }
      gtk_single_selection_set_selected (self->selection, 0);
    }
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
  EaPerson *person = gtk_single_selection_get_selected_item (self->selection);

  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button),
                            person != NULL &&
                            (self->bed_id == 0 ||
                             lookup_refusal (self, ea_person_get_id (person))[0] == '\0'));
}

static void
ea_person_chooser_dispose (GObject *object)
{
  EaPersonChooser *self = (EaPersonChooser *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_PERSON_CHOOSER);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_pointer (&self->refusals, g_hash_table_unref);
  g_clear_pointer (&self->day, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, EaPersonChooser, hint_label);
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
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  self->refusals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
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
  self->session = g_object_ref (session);
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

/* Another day may admit others: the rows are checked again. */
static void
date_changed_cb (EaPersonChooser *self)
{
  const char *text = ea_person_chooser_get_date (self);
  g_autofree char *day = text != NULL ? ea_date_parse_input (text) : NULL;

  /* A day half typed changes nothing yet. */
  if (self->bed_id == 0 || self->model == NULL || (text != NULL && day == NULL) ||
      g_strcmp0 (day, self->day) == 0)
    return;
  g_free (self->day);
  self->day = g_steal_pointer (&day);
  g_hash_table_remove_all (self->refusals);
  ea_person_list_reload (self->model, NULL);
}

/**
 * ea_person_chooser_set_bed:
 * @self: the chooser, with its day added (ea_person_chooser_add_date())
 * @facility_id: the bed's facility, whose expected arrivals come first
 * @bed_id: the bed
 * @reserve: %TRUE: the person is chosen for a reservation; %FALSE: for
 *   a check-in
 *
 * Shows whom the bed admits on the chosen day: the others are greyed,
 * with the rule that refuses them, and cannot be chosen.
 */
void
ea_person_chooser_set_bed (EaPersonChooser *self,
                           gint64           facility_id,
                           gint64           bed_id,
                           gboolean         reserve)
{
  g_return_if_fail (EA_IS_PERSON_CHOOSER (self));

  self->bed_id = bed_id;
  self->reserve = reserve;
  gtk_label_set_label (self->hint_label,
                       _("The facility's expected arrivals come first. Whom the bed does not "
                         "admit is greyed, with the reason."));
  g_clear_pointer (&self->day, g_free);
  if (ea_person_chooser_get_date (self) != NULL)
    self->day = ea_date_parse_input (ea_person_chooser_get_date (self));
  g_hash_table_remove_all (self->refusals);
  if (self->date_row != NULL)
    g_signal_connect_object (self->date_row, "changed", G_CALLBACK (date_changed_cb), self,
                             G_CONNECT_SWAPPED);
  if (self->model != NULL)
    ea_person_list_set_first_facility (self->model, facility_id, NULL);
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
