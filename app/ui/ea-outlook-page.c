/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-outlook-page"

#include "config.h"

#include "ea-outlook-page-private.h"

#include <glib/gi18n.h>

#include "ea-toast.h"


/* Vorschau: the next 14 days of the district. First the district's free
 * beds and the expected arrivals still without one, the days on which
 * more wait than beds are free marked; then each facility with its free
 * beds per day by room rule, and the days on which planned departures
 * free beds or blocked beds come back into use. The core counts
 * (ea_outlook_new()); the page only shows it, and prints it as the list
 * that eakte-cli writes.
 *
 * A district of 1,000 facilities is a GtkListView: only the rows on
 * screen have widgets. Every row has the same columns, so the days line
 * up; on a narrow window the list scrolls sideways. */

#define NAME_WIDTH 190
#define DAY_WIDTH 48

struct _EaOutlookPage
{
  GtkWidget       parent_instance;

  EaSession      *session;
  EaOutlook      *outlook;
  GListStore     *rows;

  GtkWidget      *box;
  AdwWindowTitle *title;
  GtkStack       *stack;
  GtkListView    *list_view;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (EaOutlookPage, ea_outlook_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_BACK,
  SIGNAL_OPEN_FACILITY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A row of the list: the days, the district, or facility @index. */
enum { ROW_DAYS, ROW_DISTRICT, ROW_FACILITY };

#define EA_TYPE_OUTLOOK_ROW (ea_outlook_row_get_type ())
G_DECLARE_FINAL_TYPE (EaOutlookRow, ea_outlook_row, EA, OUTLOOK_ROW, GObject)

struct _EaOutlookRow
{
  GObject    parent_instance;
  int        kind;
  guint      index;
  GtkWidget *widget;   /* while bound, for tests */
};

G_DEFINE_FINAL_TYPE (EaOutlookRow, ea_outlook_row, G_TYPE_OBJECT)

static void
ea_outlook_row_finalize (GObject *object)
{
  g_clear_weak_pointer (&EA_OUTLOOK_ROW (object)->widget);
  G_OBJECT_CLASS (ea_outlook_row_parent_class)->finalize (object);
}

static void
ea_outlook_row_class_init (EaOutlookRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ea_outlook_row_finalize;
}

static void
ea_outlook_row_init (EaOutlookRow *self)
{
}

static EaOutlookRow *
outlook_row_new (int   kind,
                 guint index)
{
  EaOutlookRow *row = g_object_new (EA_TYPE_OUTLOOK_ROW, NULL);

  row->kind = kind;
  row->index = index;
  return row;
}

/* A label of the grid: the line's name, or one day's figure. */
static GtkWidget *
cell_new (const char *text,
          int         width,
          gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_size_request (label, width, -1);
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 0.5 : 0);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  return label;
}

/* One line of figures, one per day; @key names the line for tests. */
static void
add_line (GtkGrid     *grid,
          int          line,
          const char  *key,
          const char  *name,
          const guint *values,
          guint        n_days,
          gboolean     blank_zero,
          const char  *zero_class)
{
  GtkWidget *label = cell_new (name, NAME_WIDTH, FALSE);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (grid, label, 0, line, 1, 1);
  for (guint d = 0; d < n_days; d++)
    {
      g_autofree char *text = blank_zero && values[d] == 0 ? g_strdup ("")
                                                           : ea_format_count (values[d]);
      GtkWidget *cell = cell_new (text, DAY_WIDTH, TRUE);

      if (values[d] == 0 && zero_class != NULL)
        gtk_widget_add_css_class (cell, zero_class);
      g_object_set_data_full (G_OBJECT (cell), "ea-cell", g_strdup_printf ("%s:%u", key, d),
                              g_free);
      gtk_grid_attach (grid, cell, (int) d + 1, line, 1, 1);
    }
}

/* Short names of the weekdays, Monday first, as the office reads them
 * whatever the machine's locale. */
static const char *const weekdays[] = {
  NC_("weekday", "Mon"), NC_("weekday", "Tue"), NC_("weekday", "Wed"),
  NC_("weekday", "Thu"), NC_("weekday", "Fri"), NC_("weekday", "Sat"),
  NC_("weekday", "Sun"),
};

static GtkWidget *
days_row (EaOutlookPage *self)
{
  GtkWidget *grid = gtk_grid_new ();

  /* In line with the figures on the cards below. */
  gtk_widget_add_css_class (grid, "outlook-days");
  gtk_grid_attach (GTK_GRID (grid), cell_new ("", NAME_WIDTH, FALSE), 0, 0, 1, 1);
  for (guint d = 0; d < self->outlook->n_days; d++)
    {
      g_autofree char *iso = ea_outlook_dup_day (self->outlook, d);
      g_autofree char *shown = ea_date_format (iso);
      g_autofree char *text = NULL;
      GtkWidget *cell;
      GDate date;
      int year, month, day;

      g_date_clear (&date, 1);
      if (sscanf (iso, "%d-%d-%d", &year, &month, &day) == 3)
        g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
      g_return_val_if_fail (g_date_valid (&date), grid);
      /* TT.MM. of TT.MM.JJJJ */
      shown[6] = '\0';
      text = g_strdup_printf ("%s\n%s",
                              g_dpgettext2 (GETTEXT_PACKAGE, "weekday",
                                            weekdays[g_date_get_weekday (&date) - 1]),
                              shown);
      cell = cell_new (text, DAY_WIDTH, TRUE);
      gtk_label_set_justify (GTK_LABEL (cell), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (cell, "caption-heading");
      gtk_grid_attach (GTK_GRID (grid), cell, (int) d + 1, 0, 1, 1);
    }
  return grid;
}

static GtkWidget *
district_row (EaOutlookPage *self)
{
  EaOutlook *o = self->outlook;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *heading = gtk_label_new (_("District"));
  GtkWidget *note = gtk_label_new (
    _("“!”: on this day more arrivals wait than beds are free."));
  GtkWidget *label;
  gboolean any_short = FALSE;

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  add_line (GTK_GRID (grid), 0, "free", _("Free beds"), o->free, o->n_days, FALSE, "error");

  label = cell_new (_("Expected without a bed"), NAME_WIDTH, FALSE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  for (guint d = 0; d < o->n_days; d++)
    {
      g_autofree char *count = ea_format_count (o->waiting[d]);
      g_autofree char *text = o->short_of_beds[d] ? g_strdup_printf ("%s !", count)
                                                  : g_strdup (count);
      GtkWidget *cell = cell_new (text, DAY_WIDTH, TRUE);

      if (o->short_of_beds[d])
        {
          gtk_widget_add_css_class (cell, "error");
          gtk_widget_add_css_class (cell, "heading");
          any_short = TRUE;
        }
      g_object_set_data_full (G_OBJECT (cell), "ea-cell", g_strdup_printf ("waiting:%u", d),
                              g_free);
      gtk_grid_attach (GTK_GRID (grid), cell, (int) d + 1, 1, 1, 1);
    }
  gtk_box_append (GTK_BOX (box), grid);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_widget_add_css_class (note, "caption");
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_set_visible (note, any_short);
  gtk_box_append (GTK_BOX (box), note);
  gtk_widget_add_css_class (box, "outlook-card");
  return box;
}

static gboolean
any_of (const guint *values,
        guint        n_days)
{
  for (guint d = 0; d < n_days; d++)
    if (values[d] > 0)
      return TRUE;
  return FALSE;
}

static GtkWidget *
facility_row (EaOutlookPage     *self,
              EaOutlookFacility *f)
{
  guint n = self->outlook->n_days;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *name = gtk_label_new (f->name);
  g_autofree char *beds = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u bed", "%u beds",
                                                        f->capacity), f->capacity);
  GtkWidget *capacity = gtk_label_new (beds);
  g_autofree char *first = ea_format_count (ea_outlook_facility_free (f, 0));
  g_autofree char *last = ea_format_count (ea_outlook_facility_free (f, n - 1));
  g_autofree char *summary = NULL;
  int line = 0;

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (capacity, "dim-label");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), capacity);
  gtk_box_append (GTK_BOX (box), top);

  /* Free beds by the rule of their rooms: only the rules the house has. */
  if (f->beds_men > 0)
    add_line (GTK_GRID (grid), line++, "men", _("Free for men"), f->free_men, n, FALSE,
              "dim-label");
  if (f->beds_women > 0)
    add_line (GTK_GRID (grid), line++, "women", _("Free for women"), f->free_women, n, FALSE,
              "dim-label");
  if (f->beds_family > 0)
    add_line (GTK_GRID (grid), line++, "family", _("Free for families"), f->free_family, n,
              FALSE, "dim-label");
  if (f->beds_any > 0)
    add_line (GTK_GRID (grid), line++, "any", _("Free in mixed rooms"), f->free_any, n, FALSE,
              "dim-label");
  /* What changes the figures: departures planned, blocks ending. */
  if (any_of (f->departures, n))
    add_line (GTK_GRID (grid), line++, "departures", _("Planned departures"), f->departures, n,
              TRUE, NULL);
  if (any_of (f->returning, n))
    add_line (GTK_GRID (grid), line++, "returning", _("Blocked beds back in use"), f->returning,
              n, TRUE, NULL);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_widget_add_css_class (box, "outlook-card");

  /* Translators: a facility in the look ahead, read out as one line. */
  summary = g_strdup_printf (_("%s: %s beds free on the first day, %s on the last"), f->name,
                             first, last);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);
  return box;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_selectable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             EaOutlookPage            *self)
{
  EaOutlookRow *row = gtk_list_item_get_item (item);
  GtkWidget *child;

  if (row->kind == ROW_DAYS)
    child = days_row (self);
  else if (row->kind == ROW_DISTRICT)
    child = district_row (self);
  else
    child = facility_row (self, g_ptr_array_index (self->outlook->facilities, row->index));
  gtk_list_item_set_activatable (item, row->kind == ROW_FACILITY);
  gtk_list_item_set_child (item, child);
  g_set_weak_pointer (&row->widget, child);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  EaOutlookRow *row = gtk_list_item_get_item (item);

  g_clear_weak_pointer (&row->widget);
  gtk_list_item_set_child (item, NULL);
}

static void
activate_cb (GtkListView   *view,
             guint          position,
             EaOutlookPage *self)
{
  g_autoptr(EaOutlookRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
  EaOutlookFacility *f;

  if (row == NULL || row->kind != ROW_FACILITY)
    return;
  f = g_ptr_array_index (self->outlook->facilities, row->index);
  g_signal_emit (self, signals[SIGNAL_OPEN_FACILITY], 0, f->facility_id);
}

/**
 * ea_outlook_page_refresh:
 *
 * Counts the next 14 days again, from today.
 */
void
ea_outlook_page_refresh (EaOutlookPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *from = NULL;
  g_autofree char *subtitle = NULL;
  EaOutlook *outlook;

  g_return_if_fail (EA_IS_OUTLOOK_PAGE (self));

  outlook = ea_outlook_new (self->session, NULL, EA_OUTLOOK_PAGE_DAYS, &error);
  if (outlook == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  /* The rows point into the look ahead: drop them first. */
  g_list_store_remove_all (self->rows);
  g_clear_pointer (&self->outlook, ea_outlook_free);
  self->outlook = outlook;

  g_ptr_array_add (rows, outlook_row_new (ROW_DAYS, 0));
  g_ptr_array_add (rows, outlook_row_new (ROW_DISTRICT, 0));
  for (guint i = 0; i < outlook->facilities->len; i++)
    g_ptr_array_add (rows, outlook_row_new (ROW_FACILITY, i));
  g_list_store_splice (self->rows, 0, 0, rows->pdata, rows->len);

  from = ea_date_format (outlook->from);
  subtitle = g_strdup_printf (_("%u days from %s, as planned today"), outlook->n_days, from);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/* Printing: the core draws the pages, as for eakte-cli's PDF. */

typedef struct
{
  EaOutlook *outlook;
  char      *office;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_free (job->office);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  gtk_print_operation_set_n_pages (operation,
                                   ea_outlook_paginate (job->outlook,
                                                        gtk_print_context_get_height (context)));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  ea_outlook_draw_page (job->outlook, job->office, gtk_print_context_get_cairo_context (context),
                        page, gtk_print_context_get_width (context),
                        gtk_print_context_get_height (context));
}

static GtkPrintOperationResult
run_print (EaOutlookPage            *self,
           GtkPrintOperationAction   action,
           const char               *export_path,
           GError                  **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintJob *job = g_new0 (PrintJob, 1);
  GtkPrintOperationResult result;

  job->outlook = self->outlook;
  job->office = ea_store_dup_office_name (ea_session_get_store (self->session));
  /* A line of 14 days: landscape. */
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_job_name (operation, _("Look ahead"));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);
  g_object_set_data_full (G_OBJECT (operation), "ea-job", job, (GDestroyNotify) print_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  result = gtk_print_operation_run (operation, action,
                                    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), error);
  /* A look ahead that left the program is in the audit log. */
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY &&
      !ea_outlook_record_export (self->outlook, self->session, error))
    return GTK_PRINT_OPERATION_RESULT_ERROR;
  return result;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EaOutlookPage *self = EA_OUTLOOK_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->outlook == NULL)
    return;
  if (run_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    ea_toast_show (widget, error->message);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ea_outlook_page_refresh (EA_OUTLOOK_PAGE (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_BACK], 0);
}

static void
ea_outlook_page_dispose (GObject *object)
{
  EaOutlookPage *self = EA_OUTLOOK_PAGE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->outlook, ea_outlook_free);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ea_outlook_page_parent_class)->dispose (object);
}

static void
ea_outlook_page_class_init (EaOutlookPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_outlook_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * EaOutlookPage::open-facility:
   * @facility_id: the facility
   *
   * The user wants the facility's room plan.
   */
  signals[SIGNAL_OPEN_FACILITY] = g_signal_new ("open-facility", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "outlook.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "outlook.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "outlook.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "outlook.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "outlook.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "outlook.back", NULL);
}

static void
ea_outlook_page_init (EaOutlookPage *self)
{
  self->rows = g_list_store_new (EA_TYPE_OUTLOOK_ROW);
}

EaOutlookPage *
ea_outlook_page_new (EaSession *session)
{
  EaOutlookPage *self = g_object_new (EA_TYPE_OUTLOOK_PAGE, NULL);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *print = gtk_button_new_from_icon_name ("document-print-symbolic");
  GtkWidget *refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *error_page = adw_status_page_new ();
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autofree char *title = g_strdup_printf (_("Look Ahead: %u Days"), EA_OUTLOOK_PAGE_DAYS);

  self->session = g_object_ref (session);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_tooltip_text (back, _("Back to all facilities"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "outlook.back");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (title, NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_widget_set_tooltip_text (print, _("Print the Look Ahead"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "outlook.print");
  gtk_widget_set_tooltip_text (refresh, _("Refresh"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (refresh), "outlook.refresh");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), print);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), refresh);
  gtk_box_append (GTK_BOX (self->box), header);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (
    GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)))),
    g_object_ref (factory)));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "outlook-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Look ahead"), -1);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (activate_cb), self, 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);

  self->error_page = ADW_STATUS_PAGE (error_page);
  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->error_page, _("Look Ahead Not Available"));
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_stack_add_named (self->stack, error_page, "error");
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));

  ea_outlook_page_refresh (self);
  return self;
}

EaOutlook *
_ea_outlook_page_get_outlook (EaOutlookPage *self)
{
  return self->outlook;
}

GListModel *
_ea_outlook_page_get_rows (EaOutlookPage *self)
{
  return G_LIST_MODEL (self->rows);
}

static GtkWidget *
find_cell (GtkWidget  *widget,
           const char *key)
{
  const char *mine = g_object_get_data (G_OBJECT (widget), "ea-cell");

  if (g_strcmp0 (mine, key) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, key);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What row @row shows for @line ("men", "free", "waiting", …) on @day,
 * while it is on screen; NULL when it is not or has no such line. */
char *
_ea_outlook_page_dup_cell (EaOutlookPage *self,
                           guint          row,
                           const char    *line,
                           guint          day)
{
  g_autoptr(EaOutlookRow) item = g_list_model_get_item (G_LIST_MODEL (self->rows), row);
  g_autofree char *key = g_strdup_printf ("%s:%u", line, day);
  GtkWidget *cell;

  if (item == NULL || item->widget == NULL)
    return NULL;
  cell = find_cell (item->widget, key);
  return cell != NULL ? g_strdup (gtk_label_get_label (GTK_LABEL (cell))) : NULL;
}

/* The print path without the dialog: GTK writes the pages as a PDF. */
gboolean
_ea_outlook_page_export (EaOutlookPage  *self,
                         const char     *path,
                         GError        **error)
{
  return run_print (self, GTK_PRINT_OPERATION_ACTION_EXPORT, path, error)
         == GTK_PRINT_OPERATION_RESULT_APPLY;
}
