/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-occupancy-page"

#include "config.h"

#include "ea-occupancy-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-allocation-page.h"
#include "ea-edit-dialog.h"
#include "ea-facility-page-private.h"
#include "ea-facility-row.h"
#include "ea-file-dialog.h"
#include "ea-find-bed-dialog.h"
#include "ea-housing-list-dialog.h"
#include "ea-live.h"
#include "ea-outlook-page.h"
#include "ea-person-chooser.h"
#include "ea-toast.h"

/* Belegung: the district's totals and every facility with its beds. The
 * facilities are a GtkListView, so a district of a thousand facilities
 * builds only the rows on screen. */
struct _EaOccupancyPage
{
  GtkWidget           parent_instance;

  EaSession          *session;
  GListStore         *model;
  EaOccupancyTotals   totals;
  char               *date;       /* NULL for today */
  gboolean            fresh;      /* just counted: no need to count again on map */
  gboolean            stale;      /* another seat changed something since */
  gboolean            outlook_stale;
  EaFacilityPage     *facility_page;
  EaAllocationPage   *allocation_page;
  EaOutlookPage      *outlook_page;
  const char         *facility_from;  /* the nav child the room plan goes back to */

  GtkStack           *nav;
  GtkWidget          *box;
  GtkMenuButton      *date_button;
  GtkWidget          *add_button;
  GtkWidget          *allocate_button;
  GtkMenuButton      *actions_menu_button;
  GtkMenuButton      *stock_menu_button;
  GtkWidget          *find_bed_button;
  GtkCalendar        *calendar;
  AdwWindowTitle     *title;
  GtkLabel           *capacity_label;
  GtkLabel           *occupied_label;
  GtkLabel           *reserved_label;
  GtkLabel           *blocked_label;
  GtkLabel           *free_label;
  GtkLabel           *reserved_later_label;
  GtkLabel           *waiting_label;
  GtkLabel           *count_label;
  GtkSearchEntry     *facility_search;
  GtkDropDown        *free_filter;
  GtkNativeDialog    *file_dialog;
  /* The facilities shown: all of the day, narrowed by the search and
   * the kind of free bed. */
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  char               *search_folded;
  GtkStack           *stack;
  GtkListView        *list_view;
  AdwStatusPage      *error_page;
};

static void export_clicked_cb (EaOccupancyPage *self);

G_DEFINE_FINAL_TYPE (EaOccupancyPage, ea_occupancy_page, GTK_TYPE_WIDGET)

static void
set_count (GtkLabel *label,
           guint     n)
{
  g_autofree char *text = ea_format_count (n);

  gtk_label_set_label (label, text);
}

/* "1.000 Unterkünfte", or "12 von 1.000 Unterkünften" while narrowed. */
static void
show_count (EaOccupancyPage *self)
{
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *total = ea_format_count (all);
  g_autofree char *part = ea_format_count (shown);
  g_autofree char *count = NULL;

  if (shown == all)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s facility", "%s facilities", all),
                             total);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s facility",
                                          "%s of %s facilities", all), part, total);
  gtk_label_set_label (self->count_label, count);
}

/* Whether a facility is shown: its name or municipality holds what was
 * searched (case and diacritics aside), and it has a free bed of the
 * kind chosen (rooms for anyone count for men and for women; a
 * barrier-free one of any rule). */
static gboolean
facility_matches (gpointer item,
                  gpointer data)
{
  EaOccupancyPage *self = data;
  EaOccupancy *o = item;

  if (self->search_folded != NULL && self->search_folded[0] != '\0')
    {
      g_autofree char *text = g_strconcat (ea_occupancy_get_name (o), " ",
                                           ea_occupancy_get_place (o) != NULL
                                           ? ea_occupancy_get_place (o) : "", NULL);
      g_autofree char *folded = ea_text_fold (text);

      if (strstr (folded, self->search_folded) == NULL)
        return FALSE;
    }
  switch (gtk_drop_down_get_selected (self->free_filter))
    {
    case 1:
      return ea_occupancy_get_free_men (o) + ea_occupancy_get_free_any (o) > 0;
    case 2:
      return ea_occupancy_get_free_women (o) + ea_occupancy_get_free_any (o) > 0;
    case 3:
      return ea_occupancy_get_free_family (o) > 0;
    case 4:
      return ea_occupancy_get_free_barrier_free (o) > 0;
    default:
      return TRUE;
    }
}

static void
filter_changed_cb (EaOccupancyPage *self)
{
  g_free (self->search_folded);
  self->search_folded = ea_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->facility_search)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  show_count (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, GTK_WIDGET (ea_facility_row_new ()));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  ea_facility_row_set_occupancy (EA_FACILITY_ROW (gtk_list_item_get_child (item)),
                                 gtk_list_item_get_item (item));
}

static gboolean
same_occupancy (EaOccupancy *a,
                EaOccupancy *b)
{
  return ea_occupancy_get_facility_id (a) == ea_occupancy_get_facility_id (b) &&
         g_strcmp0 (ea_occupancy_get_name (a), ea_occupancy_get_name (b)) == 0 &&
         g_strcmp0 (ea_occupancy_get_place (a), ea_occupancy_get_place (b)) == 0 &&
         g_strcmp0 (ea_occupancy_get_kind (a), ea_occupancy_get_kind (b)) == 0 &&
         ea_occupancy_get_capacity (a) == ea_occupancy_get_capacity (b) &&
         ea_occupancy_get_occupied (a) == ea_occupancy_get_occupied (b) &&
         ea_occupancy_get_reserved (a) == ea_occupancy_get_reserved (b) &&
         ea_occupancy_get_blocked (a) == ea_occupancy_get_blocked (b) &&
         ea_occupancy_get_free (a) == ea_occupancy_get_free (b) &&
         ea_occupancy_get_free_men (a) == ea_occupancy_get_free_men (b) &&
         ea_occupancy_get_free_women (a) == ea_occupancy_get_free_women (b) &&
         ea_occupancy_get_free_family (a) == ea_occupancy_get_free_family (b) &&
         ea_occupancy_get_free_any (a) == ea_occupancy_get_free_any (b) &&
         ea_occupancy_get_free_reserved_later (a) == ea_occupancy_get_free_reserved_later (b);
}

/* Puts @list's facilities into @model, replacing only the stretch that
 * differs: the rows before and after it stay, and so does the list's
 * scrolled place (another seat's check-in changes one facility). */
static void
replace_changed (GListStore *model,
                 GListModel *list)
{
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint n = g_list_model_get_n_items (list);
  guint head = 0, tail = 0;
  g_autofree gpointer *items = NULL;

  while (head < MIN (old_n, n))
    {
      g_autoptr(EaOccupancy) a = g_list_model_get_item (G_LIST_MODEL (model), head);
      g_autoptr(EaOccupancy) b = g_list_model_get_item (list, head);

      if (!same_occupancy (a, b))
        break;
      head++;
    }
  while (tail < MIN (old_n, n) - head)
    {
      g_autoptr(EaOccupancy) a = g_list_model_get_item (G_LIST_MODEL (model), old_n - 1 - tail);
      g_autoptr(EaOccupancy) b = g_list_model_get_item (list, n - 1 - tail);

      if (!same_occupancy (a, b))
        break;
      tail++;
    }
  if (head + tail == old_n && old_n == n)
    return;
  items = g_new (gpointer, n - head - tail + 1);
  for (guint i = head; i < n - tail; i++)
    items[i - head] = g_list_model_get_item (list, i);
  g_list_store_splice (model, head, old_n - head - tail, items, n - head - tail);
  for (guint i = head; i < n - tail; i++)
    g_object_unref (items[i - head]);
}

/* Counts the day on display again; FALSE with @error when the core
 * cannot (a day too far ahead), and nothing on the page changes. */
static gboolean
count_day (EaOccupancyPage  *self,
           GError          **error)
{
  g_autoptr(GListModel) list = NULL;
  g_autofree char *today = ea_clock_today ();
  const char *date = self->date ? self->date : today;
  g_autofree char *day = ea_date_format (date);
  g_autofree char *subtitle = NULL;
  g_autofree char *count = NULL;
  EaOutlook *ahead = NULL;
  guint n;

  list = ea_occupancy_list (self->session, date, error);
  if (list == NULL)
    return FALSE;
  /* A day ahead: who will be waiting for a bed by then, as the look
   * ahead counts it. */
  if (g_strcmp0 (date, today) > 0)
    {
      ahead = ea_outlook_new (self->session, date, 1, error);
      if (ahead == NULL)
        return FALSE;
    }
  if (ahead != NULL && ahead->waiting[0] > 0)
    {
      g_autofree char *waiting = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u expected arrival still without a bed by then",
                     "%u expected arrivals still without a bed by then", ahead->waiting[0]),
        ahead->waiting[0]);

      gtk_label_set_label (self->waiting_label, waiting);
      if (ahead->short_of_beds[0])
        gtk_widget_add_css_class (GTK_WIDGET (self->waiting_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->waiting_label), "error");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label),
                          ahead != NULL && ahead->waiting[0] > 0);
  g_clear_pointer (&ahead, ea_outlook_free);

  n = g_list_model_get_n_items (list);
  replace_changed (self->model, list);
  show_count (self);

  ea_occupancy_sum (list, &self->totals);
  set_count (self->capacity_label, self->totals.capacity);
  set_count (self->occupied_label, self->totals.occupied);
  set_count (self->reserved_label, self->totals.reserved);
  set_count (self->blocked_label, self->totals.blocked);
  set_count (self->free_label, self->totals.free);
  /* A free bed that a reservation from a later day holds: free tonight,
   * but not for a stay that runs past that day. */
  if (self->totals.free_reserved_later > 0)
    {
      g_autofree char *later = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "of the free beds %u is reserved from a later day",
                     "of the free beds %u are reserved from a later day",
                     self->totals.free_reserved_later),
        self->totals.free_reserved_later);

      gtk_label_set_label (self->reserved_later_label, later);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reserved_later_label),
                          self->totals.free_reserved_later > 0);

  /* Translators: the day the numbers are for; a day ahead counts what is
   * planned: reservations, planned departures, blocks. */
  if (g_strcmp0 (date, today) == 0)
    subtitle = g_strdup_printf (_("Today, %s"), day);
  else if (g_strcmp0 (date, today) > 0)
    subtitle = g_strdup_printf (_("%s, as planned"), day);
  else
    subtitle = g_strdup (day);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_menu_button_set_label (self->date_button,
                             g_strcmp0 (date, today) == 0 ? _("Today") : day);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  return TRUE;
}

static void day_selected_cb (EaOccupancyPage *self);

/* The calendar shows the day on display, today by the program's clock
 * (GtkCalendar itself starts on the machine's day, which a test or a
 * demonstration may have moved away from). */
static void
show_day_in_calendar (EaOccupancyPage *self)
{
  g_autoptr(GDateTime) day = self->date != NULL ? ea_clock_day_start (self->date)
                                                : ea_clock_now ();

  if (day == NULL)
    return;
  g_signal_handlers_block_by_func (self->calendar, day_selected_cb, self);
  gtk_calendar_select_day (self->calendar, day);
  g_signal_handlers_unblock_by_func (self->calendar, day_selected_cb, self);
}

/**
 * ea_occupancy_page_refresh:
 *
 * Reads the occupancy of the day on display again.
 */
void
ea_occupancy_page_refresh (EaOccupancyPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EA_IS_OCCUPANCY_PAGE (self));

  /* Today may have become another day since the page was last shown. */
  show_day_in_calendar (self);
  self->stale = FALSE;
  if (!count_day (self, &error))
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
}

/* Shows @date (NULL for today); a day the core cannot count (more than
 * 90 days ahead) is refused with its message and the page stays. */
static gboolean
set_date (EaOccupancyPage *self,
          const char      *date)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  char *before = self->date;

  self->date = date == NULL || g_strcmp0 (date, today) == 0 ? NULL : g_strdup (date);
  if (!count_day (self, &error))
    {
      g_free (self->date);
      self->date = before;
      /* Refused: the calendar shows the day on display again. */
      show_day_in_calendar (self);
      ea_toast_show (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  g_free (before);
  show_day_in_calendar (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->nav), "facility") == 0)
    ea_facility_page_show (self->facility_page,
                           GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (self->facility_page),
                                                                "ea-facility")),
                           self->date);
  return TRUE;
}

/**
 * ea_occupancy_page_set_date:
 * @date: (nullable): YYYY-MM-DD, or %NULL for today
 *
 * Shows the occupancy of @date; FALSE, with a toast, for a day the core
 * cannot count.
 */
gboolean
ea_occupancy_page_set_date (EaOccupancyPage *self,
                            const char      *date)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY_PAGE (self), FALSE);

  return set_date (self, date);
}

static void
day_selected_cb (EaOccupancyPage *self)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->calendar);
  g_autofree char *date = g_date_time_format (picked, "%Y-%m-%d");

  gtk_menu_button_popdown (self->date_button);
  set_date (self, date);
}

static void
today_clicked_cb (EaOccupancyPage *self)
{
  gtk_menu_button_popdown (self->date_button);
  set_date (self, NULL);
}

static void
back_cb (EaOccupancyPage *self)
{
  gtk_stack_set_visible_child_name (self->nav, "overview");
}

/* The room plan goes back to where it was opened from. */
static void
facility_back_cb (EaOccupancyPage *self)
{
  gtk_stack_set_visible_child_name (self->nav, self->facility_from);
  if (g_strcmp0 (self->facility_from, "outlook") == 0)
    {
      ea_outlook_page_refresh (self->outlook_page);
      self->outlook_stale = FALSE;
    }
}

/**
 * ea_occupancy_page_open_facility:
 * @facility_id: a facility
 *
 * Shows the facility's room plan for the day on display.
 */
void
ea_occupancy_page_open_facility (EaOccupancyPage *self,
                                 gint64           facility_id)
{
  g_return_if_fail (EA_IS_OCCUPANCY_PAGE (self));

  if (self->facility_page == NULL)
    {
      self->facility_page = ea_facility_page_new (self->session);
      g_signal_connect_object (self->facility_page, "back", G_CALLBACK (facility_back_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->facility_page, "changed",
                               G_CALLBACK (ea_occupancy_page_refresh), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->nav, GTK_WIDGET (self->facility_page), "facility");
    }
  self->facility_from = g_strcmp0 (gtk_stack_get_visible_child_name (self->nav), "outlook") == 0
                        ? "outlook" : "overview";
  g_object_set_data (G_OBJECT (self->facility_page), "ea-facility",
                     GSIZE_TO_POINTER ((gsize) facility_id));
  ea_facility_page_show (self->facility_page, facility_id, self->date);
  gtk_stack_set_visible_child_name (self->nav, "facility");
}

/**
 * ea_occupancy_page_open_allocation:
 *
 * Shows Ankünfte verteilen with a fresh proposal.
 *
 * Returns: (transfer none): the page
 */
EaAllocationPage *
ea_occupancy_page_open_allocation (EaOccupancyPage *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY_PAGE (self), NULL);

  if (self->allocation_page == NULL)
    {
      self->allocation_page = ea_allocation_page_new (self->session);
      g_signal_connect_object (self->allocation_page, "back", G_CALLBACK (back_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->allocation_page, "changed",
                               G_CALLBACK (ea_occupancy_page_refresh), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->nav, GTK_WIDGET (self->allocation_page), "allocation");
    }
  ea_allocation_page_propose (self->allocation_page);
  gtk_stack_set_visible_child_name (self->nav, "allocation");
  return self->allocation_page;
}

/**
 * ea_occupancy_page_open_outlook:
 *
 * Shows the look ahead of the next 14 days, counted afresh.
 *
 * Returns: (transfer none): the page
 */
EaOutlookPage *
ea_occupancy_page_open_outlook (EaOccupancyPage *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY_PAGE (self), NULL);

  if (self->outlook_page == NULL)
    {
      self->outlook_page = ea_outlook_page_new (self->session);
      g_signal_connect_object (self->outlook_page, "back", G_CALLBACK (back_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->outlook_page, "open-facility",
                               G_CALLBACK (ea_occupancy_page_open_facility), self,
                               G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->nav, GTK_WIDGET (self->outlook_page), "outlook");
    }
  else
    ea_outlook_page_refresh (self->outlook_page);
  self->outlook_stale = FALSE;
  gtk_stack_set_visible_child_name (self->nav, "outlook");
  return self->outlook_page;
}

static void
outlook_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ea_occupancy_page_open_outlook (EA_OCCUPANCY_PAGE (widget));
}

static void
allocate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ea_occupancy_page_open_allocation (EA_OCCUPANCY_PAGE (widget));
}

static void
bed_placed_cb (EaFindBedDialog *dialog,
               const char      *message,
               EaOccupancyPage *self)
{
  AdwToast *toast = ea_toast_new (message);

  ea_toast_add (GTK_WIDGET (self), toast);
  ea_occupancy_page_refresh (self);
}

static void
person_for_bed_cb (EaPersonChooser *chooser,
                   gint64           person_id,
                   EaOccupancyPage *self)
{
  g_autoptr(EaPerson) person = ea_person_chooser_dup_selected (chooser);
  g_autofree char *name = NULL;
  EaFindBedDialog *dialog;

  if (person == NULL)
    return;
  name = ea_person_dup_display_name (person);
  gtk_window_destroy (GTK_WINDOW (chooser));
  dialog = ea_find_bed_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   self->session, ea_person_get_id (person), name, TRUE);
  g_signal_connect_object (dialog, "placed", G_CALLBACK (bed_placed_cb), self, 0);
}

static void
find_bed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EaOccupancyPage *self = EA_OCCUPANCY_PAGE (widget);
  EaPersonChooser *chooser = ea_person_chooser_new (self->session, _("Find a Bed for Whom?"),
                                                    _("_Next"));

  g_signal_connect_object (chooser, "chosen", G_CALLBACK (person_for_bed_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (chooser), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (chooser));
}

EaFacilityPage *
ea_occupancy_page_get_facility_page (EaOccupancyPage *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY_PAGE (self), NULL);

  return self->facility_page;
}

static void
facility_activated_cb (EaOccupancyPage *self,
                       guint            position)
{
  g_autoptr(EaOccupancy) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item != NULL)
    ea_occupancy_page_open_facility (self, ea_occupancy_get_facility_id (item));
}

static void
facility_created_cb (EaEditDialog    *dialog,
                     EaOccupancyPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ea_housing_create_facility (self->session,
                                          ea_edit_dialog_get_text (dialog, "name"),
                                          ea_edit_dialog_get_choice (dialog, "kind"),
                                          ea_edit_dialog_get_text (dialog, "street"),
                                          ea_edit_dialog_get_text (dialog, "postcode"),
                                          ea_edit_dialog_get_text (dialog, "place"), &error);

  if (id == 0)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ea_occupancy_page_refresh (self);
  /* Straight to the new house, to add its areas and rooms. */
  ea_occupancy_page_open_facility (self, id);
}

static void
add_facility_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EaOccupancyPage *self = EA_OCCUPANCY_PAGE (widget);
  EaEditDialog *dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                             _("New Facility"));

  _ea_facility_dialog_fill (dialog, NULL, "communal", NULL, NULL, NULL);
  g_signal_connect_object (dialog, "save", G_CALLBACK (facility_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
stock_imported_cb (EaHousingListDialog *dialog,
                   const char          *message,
                   EaOccupancyPage     *self)
{
  ea_toast_show (GTK_WIDGET (self), message);
  ea_occupancy_page_refresh (self);
}

/* The preview of a housing list (CSV or XLSX), which imports it on
 * "Import". */
EaHousingListDialog *
_ea_occupancy_page_open_stock_list (EaOccupancyPage *self,
                                    const char      *path)
{
  EaHousingListDialog *dialog;

  dialog = ea_housing_list_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       self->session, path);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (stock_imported_cb), self, 0);
  return dialog;
}

static void
stock_file_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        EaOccupancyPage *self)
{
  g_autofree char *path = ea_file_dialog_dup_path (dialog, response, GTK_WIDGET (self));

  g_clear_object (&self->file_dialog);
  if (path != NULL)
    _ea_occupancy_page_open_stock_list (self, path);
}

static void
import_stock_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EaOccupancyPage *self = EA_OCCUPANCY_PAGE (widget);
  g_autoptr(GtkFileFilter) lists = gtk_file_filter_new ();

  if (self->file_dialog != NULL)
    return;
  gtk_file_filter_set_name (lists, _("Housing list (CSV, XLSX)"));
  gtk_file_filter_add_suffix (lists, "csv");
  gtk_file_filter_add_suffix (lists, "xlsx");
  self->file_dialog = ea_file_dialog_show (widget, GTK_FILE_CHOOSER_ACTION_OPEN,
                                           _("Choose a Housing List"), _("_Preview"), lists,
                                           NULL, G_CALLBACK (stock_file_response_cb));
}

static void
export_stock_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          EaOccupancyPage *self)
{
  g_autofree char *path = ea_file_dialog_dup_path (dialog, response, GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;

  g_clear_object (&self->file_dialog);
  if (path == NULL)
    return;
  if (!ea_list_export_housing (self->session, path, &error))
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  base = g_path_get_basename (path);
  text = g_strdup_printf (_("Saved the housing stock in “%s”."), base);
  ea_toast_show (GTK_WIDGET (self), text);
}

static void
export_stock_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EaOccupancyPage *self = EA_OCCUPANCY_PAGE (widget);

  if (self->file_dialog != NULL)
    return;
  /* Translators: the suggested file name; keep it without spaces. */
  self->file_dialog = ea_file_dialog_save_workbook (widget, _("Export Housing Stock"),
                                                    _("housing-stock.xlsx"),
                                                    G_CALLBACK (export_stock_response_cb));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ea_occupancy_page_refresh (EA_OCCUPANCY_PAGE (widget));
}

/* The occupancy changes on other pages and by other users: count again
 * when the page comes back into view (not the first time, it is fresh). */
static void
ea_occupancy_page_map (GtkWidget *widget)
{
  EaOccupancyPage *self = EA_OCCUPANCY_PAGE (widget);

  GTK_WIDGET_CLASS (ea_occupancy_page_parent_class)->map (widget);

  if (!self->fresh || self->stale)
    ea_occupancy_page_refresh (self);
  self->fresh = FALSE;
}

static void
ea_occupancy_page_dispose (GObject *object)
{
  EaOccupancyPage *self = (EaOccupancyPage *)object;

  if (self->file_dialog != NULL)
    gtk_native_dialog_destroy (self->file_dialog);
  g_clear_object (&self->file_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_OCCUPANCY_PAGE);
  self->facility_page = NULL;
  self->allocation_page = NULL;
  self->outlook_page = NULL;
  g_clear_pointer (&self->date, g_free);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->search_folded, g_free);
  g_clear_object (&self->model);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ea_occupancy_page_parent_class)->dispose (object);
}

static void
ea_occupancy_page_class_init (EaOccupancyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_occupancy_page_dispose;
  widget_class->map = ea_occupancy_page_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ea-occupancy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, nav);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, box);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, allocate_button);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, actions_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, stock_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, find_bed_button);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, title);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, capacity_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, occupied_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, reserved_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, blocked_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, free_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, reserved_later_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, facility_search);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, free_filter);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, today_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, facility_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);

  gtk_widget_class_install_action (widget_class, "occupancy.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "occupancy.add-facility", NULL,
                                   add_facility_action);
  gtk_widget_class_install_action (widget_class, "occupancy.allocate", NULL, allocate_action);
  gtk_widget_class_install_action (widget_class, "occupancy.find-bed", NULL, find_bed_action);
  gtk_widget_class_install_action (widget_class, "occupancy.look-ahead", NULL, outlook_action);
  gtk_widget_class_install_action (widget_class, "occupancy.import-stock", NULL,
                                   import_stock_action);
  gtk_widget_class_install_action (widget_class, "occupancy.export-stock", NULL,
                                   export_stock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "occupancy.refresh", NULL);
}

static void
ea_occupancy_page_init (EaOccupancyPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  show_day_in_calendar (self);

  self->model = g_list_store_new (EA_TYPE_OCCUPANCY);
  self->filter = gtk_custom_filter_new (facility_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->model)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (
    G_LIST_MODEL (self->filtered))));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, selection);
}

EaOccupancyPage *
ea_occupancy_page_new (EaSession *session)
{
  EaOccupancyPage *self;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_OCCUPANCY_PAGE, NULL);
  self->session = g_object_ref (session);
  gtk_widget_set_visible (self->add_button, ea_session_can (session, EA_RIGHT_MANAGE_HOUSING));
  gtk_widget_set_visible (self->allocate_button, ea_session_can (session, EA_RIGHT_EDIT_STAYS));
  {
    /* The same two steps for a narrow window, as far as the role has them. */
    g_autoptr(GMenu) menu = g_menu_new ();

    g_menu_append (menu, _("_Look Ahead"), "occupancy.look-ahead");
    if (ea_session_can (session, EA_RIGHT_EDIT_STAYS))
      g_menu_append (menu, _("_Place Arrivals"), "occupancy.allocate");
    gtk_menu_button_set_menu_model (self->actions_menu_button, G_MENU_MODEL (menu));
  }
  {
    /* The housing stock as a spreadsheet list (README.md). */
    g_autoptr(GMenu) menu = g_menu_new ();

    if (ea_session_can (session, EA_RIGHT_MANAGE_HOUSING))
      g_menu_append (menu, _("_Import Housing Stock…"), "occupancy.import-stock");
    g_menu_append (menu, _("_Export Housing Stock…"), "occupancy.export-stock");
    gtk_menu_button_set_menu_model (self->stock_menu_button, G_MENU_MODEL (menu));
  }
  gtk_widget_set_visible (self->find_bed_button, ea_session_can (session, EA_RIGHT_EDIT_STAYS));
  ea_occupancy_page_refresh (self);
  self->fresh = TRUE;
  return self;
}

/**
 * _ea_occupancy_page_export:
 * @self: the page
 * @path: the new XLSX file
 *
 * Writes the facilities as the page shows them (search and filter), on
 * the page's day; a toast tells the result.
 *
 * Returns: whether the file was written
 */
gboolean
_ea_occupancy_page_export (EaOccupancyPage *self,
                           const char      *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  if (!ea_list_export_occupancy (self->session, G_LIST_MODEL (self->filtered),
                                 self->date != NULL ? self->date : today, path, &error))
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  /* Translators: %u facilities were written to the file “%s”. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u facility in “%s”.",
                                       "Saved %u facilities in “%s”.", n), n, base);
  ea_toast_show (GTK_WIDGET (self), text);
  return TRUE;
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    EaOccupancyPage *self)
{
  g_autofree char *path = ea_file_dialog_dup_path (dialog, response, GTK_WIDGET (self));

  g_clear_object (&self->file_dialog);
  if (path != NULL)
    _ea_occupancy_page_export (self, path);
}

static void
export_clicked_cb (EaOccupancyPage *self)
{
  g_autofree char *today = ea_clock_today ();
  /* Translators: the suggested file name; keep it without spaces. */
  g_autofree char *name = g_strdup_printf (_("occupancy-%s.xlsx"),
                                           self->date != NULL ? self->date : today);

  if (self->file_dialog != NULL)
    return;
  self->file_dialog = ea_file_dialog_save_workbook (GTK_WIDGET (self),
                                                    _("Export Occupancy as Workbook"), name,
                                                    G_CALLBACK (export_response_cb));
}

/* The facilities shown, after the search and the filter. */
GListModel *
_ea_occupancy_page_get_shown (EaOccupancyPage *self)
{
  return G_LIST_MODEL (self->filtered);
}

/* Searches and narrows the list as a user would. */
void
_ea_occupancy_page_narrow (EaOccupancyPage *self,
                           const char      *search,
                           guint            free_for)
{
  gtk_editable_set_text (GTK_EDITABLE (self->facility_search), search);
  gtk_drop_down_set_selected (self->free_filter, free_for);
  filter_changed_cb (self);
}

GListModel *
ea_occupancy_page_get_model (EaOccupancyPage *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY_PAGE (self), NULL);

  return G_LIST_MODEL (self->model);
}

guint
ea_occupancy_page_get_free (EaOccupancyPage *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY_PAGE (self), 0);

  return self->totals.free;
}

/**
 * ea_occupancy_page_mark_stale:
 *
 * Another seat changed something: the page and its room plan show it
 * with the next ea_occupancy_page_catch_up(), or when they come into
 * view.
 */
void
ea_occupancy_page_mark_stale (EaOccupancyPage *self)
{
  g_return_if_fail (EA_IS_OCCUPANCY_PAGE (self));

  self->stale = TRUE;
  self->outlook_stale = TRUE;
  if (self->facility_page != NULL)
    ea_facility_page_mark_stale (self->facility_page);
}

/**
 * ea_occupancy_page_catch_up:
 *
 * Shows what another seat changed, if the page is in view: the counts
 * at once; the look ahead on display and the room plan unless a popover
 * or a dialog is open.
 *
 * Returns: whether something in view waits to be shown
 */
gboolean
ea_occupancy_page_catch_up (EaOccupancyPage *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY_PAGE (self), FALSE);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  if (self->stale)
    ea_occupancy_page_refresh (self);
  /* The look ahead is counted when it is opened or returned to: only the
   * one on display is counted again here. */
  if (self->outlook_stale && self->outlook_page != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->nav), "outlook") == 0)
    {
      EaLiveScroll *scroll;

      if (ea_live_is_busy (GTK_WIDGET (self->outlook_page)))
        return TRUE;
      scroll = ea_live_save_scroll (GTK_WIDGET (self->outlook_page));
      ea_outlook_page_refresh (self->outlook_page);
      ea_live_restore_scroll (scroll);
      self->outlook_stale = FALSE;
    }
  return self->facility_page != NULL && ea_facility_page_catch_up (self->facility_page);
}
