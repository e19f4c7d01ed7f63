/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-persons-page"

#include "config.h"

#include "ea-persons-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-file-dialog.h"
#include "ea-live.h"
#include "ea-narrow.h"
#include "ea-person-page-private.h"
#include "ea-toast.h"


/* Personen: every person the user may see, in a GtkColumnView over the
 * lazy EaPersonList. Searching and sorting happen in the database; the
 * view only ever asks for the rows on screen. */
struct _EaPersonsPage
{
  GtkWidget      parent_instance;

  EaSession     *session;
  EaPersonList  *model;
  EaPerson      *probe;
  EaPerson      *other_probe;
  int            probed_column;
  /* Allocated narrower than EA_NARROW_WIDTH: fewer columns. */
  gboolean       narrow;
  GtkSorter     *view_sorter;
  gulong         sort_changed_id;
  gboolean       fresh;
  gboolean       stale;         /* another seat changed something since */

  GtkWidget     *box;
  AdwWindowTitle *title;
  GtkSearchEntry *search_entry;
  GtkStack      *stack;
  GtkColumnView *column_view;
  GtkStack      *nav;
  EaPersonPage  *person_page;
  char          *last_search;
  GtkFlowBox    *filter_box;
  GtkWidget     *new_button;
  GtkWidget     *expiring_button;
  GtkWidget     *export_button;
  GtkNativeDialog *file_dialog;
  GtkDropDown   *facility_filter;
  GtkDropDown   *status_filter;
  GtkDropDown   *nationality_filter;
  GtkDropDown   *need_filter;
  GtkDropDown   *arrival_filter;
  GArray        *facility_ids;
  GStrv          nationality_codes;
  GStrv          need_codes;
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
 * that it was asked and answers "smaller": one comparison of two
 * stand-in persons tells the column and the direction (two: a sorter
 * calls no column for one item compared with itself). The rows
 * themselves are sorted by SQL. */
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
  order = gtk_sorter_compare (sorter, self->probe, self->other_probe);
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

/* Reads the list again; the selected person stays selected wherever the
 * row has moved, and the list keeps its scrolled place. */
static gboolean
reload_keeping_selection (EaPersonsPage  *self,
                          GError        **error)
{
  GtkSingleSelection *selection =
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->column_view));
  EaPerson *selected = gtk_single_selection_get_selected_item (selection);
  gint64 selected_id = selected != NULL ? ea_person_get_id (selected) : 0;
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->column_view),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  EaLiveScroll *scroll = ea_live_save_scroll (scrolled != NULL ? scrolled
                                                               : GTK_WIDGET (self->column_view));
  gboolean ok;

  self->stale = FALSE;
  ok = ea_person_list_reload (self->model, error);
  if (ok && selected_id != 0)
    {
      guint position = ea_person_list_find (self->model, selected_id);

      gtk_single_selection_set_selected (selection, position == G_MAXUINT
                                                    ? GTK_INVALID_LIST_POSITION : position);
    }
  ea_live_restore_scroll (scroll);
  return ok;
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
  if (!self->fresh && !reload_keeping_selection (self, &error))
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
      AdwToast *toast = ea_toast_new (error->message);

      ea_toast_add (GTK_WIDGET (self), toast);
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

/* Filters */

static const char *status_codes[] = { NULL, "expected", "present", "left" };

static void
filter_changed_cb (EaPersonsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *from = NULL;
  EaPersonFilter filter = { 0 };
  guint selected;

  if (self->model == NULL)
    return;
  selected = gtk_drop_down_get_selected (self->facility_filter);
  if (selected > 0 && selected <= self->facility_ids->len)
    filter.facility_id = g_array_index (self->facility_ids, gint64, selected - 1);
  selected = gtk_drop_down_get_selected (self->status_filter);
  if (selected < G_N_ELEMENTS (status_codes))
    filter.status = status_codes[selected];
  selected = gtk_drop_down_get_selected (self->nationality_filter);
  if (selected > 0 && selected <= g_strv_length (self->nationality_codes))
    filter.nationality = self->nationality_codes[selected - 1];
  if (self->need_filter != NULL)
    {
      selected = gtk_drop_down_get_selected (self->need_filter);
      if (selected > 0 && selected <= g_strv_length (self->need_codes))
        filter.vulnerability = self->need_codes[selected - 1];
    }
  switch (gtk_drop_down_get_selected (self->arrival_filter))
    {
    case 1:
      from = ea_date_add_days (today, -30);
      break;
    case 2:
      from = ea_date_add_days (today, -365);
      break;
    case 3:
      filter.arrived_from = today;
      break;
    default:
      break;
    }
  if (from != NULL)
    {
      filter.arrived_from = from;
      filter.arrived_until = today;
    }
  gtk_stack_set_visible_child_name (self->nav, "list");
  if (!ea_person_list_set_filter (self->model, &filter, &error))
    show_error (self, error);
  else
    update_state (self);
}

static GtkDropDown *
add_filter (EaPersonsPage *self,
            const char    *label,
            GStrv          items,
            gboolean       search)
{
  GtkWidget *dropdown = gtk_drop_down_new_from_strings ((const char * const *) items);

  gtk_widget_set_tooltip_text (dropdown, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  if (search)
    {
      gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
      gtk_drop_down_set_expression (GTK_DROP_DOWN (dropdown),
                                    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                                 "string"));
    }
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  {
    /* The drop-down takes the focus, not the place it sits in. */
    GtkWidget *place = gtk_flow_box_child_new ();

    gtk_widget_set_focusable (place, FALSE);
    gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (place), dropdown);
    gtk_flow_box_append (self->filter_box, place);
  }
  return GTK_DROP_DOWN (dropdown);
}

/* The filter chips of UI.md, as drop-downs: Unterkunft, Status,
 * Staatsangehörigkeit, Schutzbedarf (for who may see it) and Ankunft. */
static void
build_filters (EaPersonsPage *self)
{
  g_autoptr(GStrvBuilder) facilities = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) nationalities = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) facility_names = NULL;
  g_auto(GStrv) facility_labels = NULL;
  g_auto(GStrv) nationality_labels = NULL;
  g_auto(GStrv) status_labels = NULL;
  g_auto(GStrv) arrival_labels = NULL;
  g_auto(GStrv) labels = NULL;

  if (!ea_housing_list_facilities (self->session, &self->facility_ids, &facility_names, &error))
    self->facility_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_strv_builder_add (facilities, _("All Facilities"));
  if (facility_names != NULL)
    g_strv_builder_addv (facilities, (const char **) facility_names);
  facility_labels = g_strv_builder_end (facilities);
  self->facility_filter = add_filter (self, _("Facility"), facility_labels, TRUE);

  status_labels = g_strdupv ((char *[]) { _("Any Status"), _("expected"), _("present"),
                                          _("moved out"), NULL });
  self->status_filter = add_filter (self, _("Status"), status_labels, FALSE);

  if (ea_codes_list (self->session, "nationality", &self->nationality_codes, &labels, NULL))
    {
      g_strv_builder_add (nationalities, _("All Nationalities"));
      g_strv_builder_addv (nationalities, (const char **) labels);
      nationality_labels = g_strv_builder_end (nationalities);
      self->nationality_filter = add_filter (self, _("Nationality"), nationality_labels, TRUE);
    }
  g_clear_pointer (&labels, g_strfreev);

  if (ea_session_can (self->session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES) &&
      ea_codes_list (self->session, "vulnerability", &self->need_codes, &labels, NULL))
    {
      g_autoptr(GStrvBuilder) needs = g_strv_builder_new ();
      g_auto(GStrv) need_labels = NULL;

      g_strv_builder_add (needs, _("Any Protection Need"));
      g_strv_builder_addv (needs, (const char **) labels);
      need_labels = g_strv_builder_end (needs);
      self->need_filter = add_filter (self, _("Protection need"), need_labels, FALSE);
    }

  arrival_labels = g_strdupv ((char *[]) { _("Any Arrival"), _("Arrived in the Last 30 Days"),
                                           _("Arrived in the Last 12 Months"),
                                           _("Expected from Today"), NULL });
  self->arrival_filter = add_filter (self, _("Arrival"), arrival_labels, FALSE);
}

/* A person by hand */

static void
new_person_saved_cb (EaEditDialog  *dialog,
                     EaPersonsPage *self)
{
  g_autoptr(GError) error = NULL;
  EaPersonFields fields = { 0 };
  const char *nationality = ea_edit_dialog_get_choice (dialog, "nationality");
  gint64 id;

  fields.family_name = g_strdup (ea_edit_dialog_get_text (dialog, "family"));
  fields.given_names = g_strdup (ea_edit_dialog_get_text (dialog, "given"));
  fields.birth_date = g_strdup (ea_edit_dialog_get_text (dialog, "birth"));
  fields.gender = g_strdup (ea_edit_dialog_get_choice (dialog, "gender"));
  fields.azr_number = g_strdup (ea_edit_dialog_get_text (dialog, "azr"));
  if (nationality != NULL && nationality[0] != '\0')
    fields.nationalities[0] = g_strdup (nationality);
  id = ea_person_create (self->session, &fields, &error);
  ea_person_fields_clear (&fields);
  if (id == 0)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ea_person_list_reload (self->model, NULL);
  update_state (self);
  ea_persons_page_open_person (self, id);
}

/**
 * _ea_persons_page_open_new_person:
 * @self: the page
 *
 * Returns: (transfer none): the dialog that creates a person by hand
 */
EaEditDialog *
_ea_persons_page_open_new_person (EaPersonsPage *self)
{
  static const char *genders[] = { "", "m", "w", "d", "x", NULL };
  const char *gender_labels[] = { _("Please choose"), _("male"), _("female"), _("diverse"),
                                  _("not stated"), NULL };
  EaEditDialog *dialog;

  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("New Person"));
  ea_edit_dialog_add_text (dialog, "family", _("Family name"), NULL);
  ea_edit_dialog_add_text (dialog, "given", _("Given names"), NULL);
  ea_edit_dialog_add_text (dialog, "birth", _("Date of birth (00 for unknown)"), NULL);
  ea_edit_dialog_add_choice (dialog, "gender", _("Gender"), genders, gender_labels, "");
  ea_edit_dialog_add_code_choice (dialog, self->session, "nationality", _("Nationality"),
                                  "nationality", NULL);
  ea_edit_dialog_add_text (dialog, "azr", _("AZR number (12 digits, optional)"), NULL);
  g_signal_connect_object (dialog, "save", G_CALLBACK (new_person_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* For tests: chooses entry @index of a filter: "facility", "status",
 * "nationality", "need" or "arrival". */
void
_ea_persons_page_choose_filter (EaPersonsPage *self,
                                const char    *which,
                                guint          index)
{
  GtkDropDown *dropdown = g_str_equal (which, "facility") ? self->facility_filter
                        : g_str_equal (which, "status") ? self->status_filter
                        : g_str_equal (which, "nationality") ? self->nationality_filter
                        : g_str_equal (which, "need") ? self->need_filter
                        : self->arrival_filter;

  gtk_drop_down_set_selected (dropdown, index);
}

/* Passports and permits that expire within eight weeks, or have expired,
 * of the persons living here. */

static void
expiring_row_activated_cb (AdwActionRow  *row,
                           EaPersonsPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "ea-person"));

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (row))));
  ea_persons_page_open_person (self, id);
}

/**
 * _ea_persons_page_open_expiring:
 * @self: the page
 *
 * Returns: (transfer none): the window that lists expiring documents
 */
GtkWindow *
_ea_persons_page_open_expiring (EaPersonsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = ea_documents_expiring (self->session, NULL, &error);
  g_autofree char *today = ea_clock_today ();
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Expiring Passports and Permits"));
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 600);
  /* Escape closes it, as every dialog of the window. */
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                        gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, keys);
  }
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                   _("Expiring Passports and Permits"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Identity and residence documents of residents and "
                                           "expected persons that have expired or expire within "
                                           "eight weeks, the soonest first."));
  if (documents == NULL || documents->len == 0)
    {
      GtkWidget *label = gtk_label_new (documents == NULL ? error->message
                                                          : _("None in the next eight weeks."));

      gtk_widget_add_css_class (label, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
    }
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      EaDocument *document = g_ptr_array_index (documents, i);
      g_autofree char *until = ea_date_format (document->expires_on);
      g_autofree char *subtitle = g_strdup_printf (g_strcmp0 (document->expires_on, today) < 0
                                                   ? _("%s · expired on %s")
                                                   : _("%s · valid until %s"),
                                                   document->title, until);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), document->person_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (g_strcmp0 (document->expires_on, today) < 0)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "ea-person", GSIZE_TO_POINTER (document->person_id));
      g_signal_connect_object (row, "activated", G_CALLBACK (expiring_row_activated_cb), self, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/**
 * _ea_persons_page_export:
 * @self: the page
 * @path: the new XLSX file
 *
 * Writes the persons as the page shows them (search, filters, order)
 * with its columns; a toast tells the result.
 *
 * Returns: whether the file was written
 */
gboolean
_ea_persons_page_export (EaPersonsPage *self,
                         const char    *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = NULL;
  guint n;

  if (self->model == NULL)
    return FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (!ea_list_export_persons (self->session, self->model, path, &error))
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  /* Translators: %u persons were written to the file “%s”. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u person in “%s”.",
                                       "Saved %u persons in “%s”.", n), n, base);
  ea_toast_show (GTK_WIDGET (self), text);
  return TRUE;
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    EaPersonsPage   *self)
{
  g_autofree char *path = ea_file_dialog_dup_path (dialog, response, GTK_WIDGET (self));

  g_clear_object (&self->file_dialog);
  if (path != NULL)
    _ea_persons_page_export (self, path);
}

static void
export_clicked_cb (EaPersonsPage *self)
{
  g_autofree char *today = ea_clock_today ();
  /* Translators: the suggested file name; keep it without spaces. */
  g_autofree char *name = g_strdup_printf (_("persons-%s.xlsx"), today);

  if (self->file_dialog != NULL || self->model == NULL)
    return;
  self->file_dialog = ea_file_dialog_save_workbook (GTK_WIDGET (self),
                                                    _("Export Persons as Workbook"), name,
                                                    G_CALLBACK (export_response_cb));
}

static void
expiring_clicked_cb (EaPersonsPage *self)
{
  _ea_persons_page_open_expiring (self);
}

static void
new_person_clicked_cb (EaPersonsPage *self)
{
  _ea_persons_page_open_new_person (self);
}

static void
ea_persons_page_dispose (GObject *object)
{
  EaPersonsPage *self = (EaPersonsPage *)object;

  if (self->file_dialog != NULL)
    gtk_native_dialog_destroy (self->file_dialog);
  g_clear_object (&self->file_dialog);
  /* Removing the columns changes the sorter: stop listening first. */
  if (self->view_sorter != NULL)
    g_clear_signal_handler (&self->sort_changed_id, self->view_sorter);
  g_clear_object (&self->view_sorter);
  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_PERSONS_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->probe);
  g_clear_object (&self->other_probe);
  g_clear_object (&self->session);
  g_clear_pointer (&self->last_search, g_free);
  g_clear_pointer (&self->facility_ids, g_array_unref);
  g_clear_pointer (&self->nationality_codes, g_strfreev);
  g_clear_pointer (&self->need_codes, g_strfreev);

  G_OBJECT_CLASS (ea_persons_page_parent_class)->dispose (object);
}

/* In a narrow window the list drops the nationality and the arrival, so
 * that the names stay readable; both are in the person's file. */
static void
narrow_changed (GtkWidget *page,
                gboolean   narrow)
{
  EaPersonsPage *self = EA_PERSONS_PAGE (page);

  ea_narrow_show_column (self->nationality_column, !narrow);
  ea_narrow_show_column (self->arrival_column, !narrow);
}

static void
ea_persons_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  ea_narrow_allocate (widget, width, height, baseline, &EA_PERSONS_PAGE (widget)->narrow,
                      narrow_changed);
}

static void
ea_persons_page_class_init (EaPersonsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_persons_page_dispose;
  widget_class->map = ea_persons_page_map;
  widget_class->measure = ea_narrow_measure;
  widget_class->size_allocate = ea_persons_page_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ea-persons-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, box);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, nav);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, expiring_button);
  gtk_widget_class_bind_template_child (widget_class, EaPersonsPage, export_button);
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
  gtk_widget_class_bind_template_callback (widget_class, new_person_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, expiring_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
}

static void
ea_persons_page_init (EaPersonsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->last_search = g_strdup ("");
  self->probe = g_object_new (EA_TYPE_PERSON, NULL);
  self->other_probe = g_object_new (EA_TYPE_PERSON, NULL);
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
  build_filters (self);
  gtk_widget_set_visible (self->new_button, ea_session_can (session, EA_RIGHT_EDIT_PERSONS));
  gtk_widget_set_visible (self->expiring_button,
                          ea_session_can (session, EA_RIGHT_VIEW_DOCUMENTS));
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

GtkSingleSelection *
_ea_persons_page_get_selection (EaPersonsPage *self)
{
  return GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->column_view));
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

/**
 * ea_persons_page_mark_stale:
 *
 * Another seat changed something: the list and an open person show it
 * with the next ea_persons_page_catch_up(), or when they come into view.
 */
void
ea_persons_page_mark_stale (EaPersonsPage *self)
{
  g_return_if_fail (EA_IS_PERSONS_PAGE (self));

  self->stale = TRUE;
  self->fresh = FALSE;
  if (self->person_page != NULL)
    ea_person_page_mark_stale (self->person_page);
}

/**
 * ea_persons_page_catch_up:
 *
 * Shows what another seat changed, if the page is in view: the list at
 * once, with the search as typed, the selection and the scrolled place;
 * an open person unless a dialog or popover is open over it.
 *
 * Returns: whether something in view waits to be shown
 */
gboolean
ea_persons_page_catch_up (EaPersonsPage *self)
{
  g_return_val_if_fail (EA_IS_PERSONS_PAGE (self), FALSE);

  if (self->model == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  if (self->stale)
    {
      g_autoptr(GError) error = NULL;

      if (!reload_keeping_selection (self, &error))
        show_error (self, error);
      else
        update_state (self);
    }
  return self->person_page != NULL && ea_person_page_catch_up (self->person_page);
}
