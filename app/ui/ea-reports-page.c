/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-reports-page"

#include "config.h"

#include "ea-reports-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-file-dialog.h"
#include "ea-toast.h"


/* Berichte: the FlüAG report (month, kind, the check of who is in it and
 * who lacks an AZR number, the export) and the statistics as charts, each
 * exportable as CSV and printable. Counting runs in worker threads on
 * connections of their own, so the window never waits for it. */

#define MISSING_ROWS_SHOWN 100
#define MONTHS_OFFERED 24

enum {
  PERIOD_12_MONTHS,
  PERIOD_24_MONTHS,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
};

static const struct {
  EaChartStyle  style;
  const char   *title;
  const char   *file_name;
} charts[EA_N_STATS] = {
  [EA_STAT_OCCUPANCY] = { EA_CHART_LINE, N_("Occupancy of the district"), N_("occupancy") },
  [EA_STAT_FACILITIES] = { EA_CHART_BARS, N_("Beds per facility"), N_("facilities") },
  [EA_STAT_MOVEMENTS] = { EA_CHART_COLUMNS, N_("Arrivals and departures per month"),
                          N_("arrivals-departures") },
  [EA_STAT_NATIONALITY] = { EA_CHART_BARS, N_("Residents by nationality"), N_("nationality") },
  [EA_STAT_AGE_GROUP] = { EA_CHART_COLUMNS, N_("Residents by age"), N_("age") },
  [EA_STAT_GENDER] = { EA_CHART_BARS, N_("Residents by gender"), N_("gender") },
  [EA_STAT_VULNERABILITY] = { EA_CHART_BARS, N_("Residents with special protection needs"),
                              N_("protection-needs") },
};

struct _EaReportsPage
{
  GtkWidget        parent_instance;

  EaSession       *session;

  GtkWidget       *box;
  GtkWidget       *export_button;
  GtkWidget       *flueag_group;
  AdwComboRow     *month_row;
  AdwComboRow     *kind_row;
  AdwActionRow    *result_row;
  GtkSpinner      *flueag_spinner;
  GtkLabel        *result_label;
  AdwExpanderRow  *missing_row;
  GtkDropDown     *period_dropdown;
  GtkBox          *charts_box;

  GPtrArray       *months;
  GPtrArray       *missing_rows;
  EaFlueagReport  *report;
  gboolean         ready;
  gboolean         exporting;
  guint            flueag_serial;
  guint            stats_serial;
  guint            n_busy;

  EaChart         *charts[EA_N_STATS];
  GtkLabel        *chart_titles[EA_N_STATS];
  GtkLabel        *chart_notes[EA_N_STATS];

  GtkNativeDialog *file_dialog;
  EaStatKind       file_kind;   /* EA_N_STATS: the FlüAG report */
};

G_DEFINE_FINAL_TYPE (EaReportsPage, ea_reports_page, GTK_TYPE_WIDGET)

/* A task that counts in another thread, on a copy of the session. */
typedef struct
{
  EaSession      *session;
  guint           serial;
  char           *month;
  EaFlueagKind    kind;
  EaFlueagReport *report;
  char           *path;
  char           *from;
  char           *until;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_free (job->month);
  g_clear_pointer (&job->report, ea_flueag_report_free);
  g_free (job->path);
  g_free (job->from);
  g_free (job->until);
  g_free (job);
}

static Job *
job_new (EaReportsPage  *self,
         GError        **error)
{
  g_autoptr(EaSession) session = ea_session_open_copy (self->session, error);
  Job *job;

  if (session == NULL)
    return NULL;
  job = g_new0 (Job, 1);
  job->session = g_steal_pointer (&session);
  return job;
}

static void
set_busy (EaReportsPage *self,
          gboolean       busy)
{
  if (busy)
    self->n_busy++;
  else
    self->n_busy--;
}

/* The FlüAG report */

static const char *
selected_month (EaReportsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->month_row);

  return selected < self->months->len ? g_ptr_array_index (self->months, selected) : NULL;
}

static EaFlueagKind
selected_kind (EaReportsPage *self)
{
  return adw_combo_row_get_selected (self->kind_row) == 1 ? EA_FLUEAG_LATE : EA_FLUEAG_STOCK;
}

static void
clear_missing_rows (EaReportsPage *self)
{
  for (guint i = 0; i < self->missing_rows->len; i++)
    adw_expander_row_remove (self->missing_row, g_ptr_array_index (self->missing_rows, i));
  g_ptr_array_set_size (self->missing_rows, 0);
}

/* A person without AZR number opens on the Personen page, for whoever
 * may see persons: there the number is entered. */
static void
missing_activated_cb (AdwActionRow  *row,
                      EaReportsPage *self)
{
  gint64 *person_id = g_object_get_data (G_OBJECT (row), "ea-person");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-person", "x", *person_id);
}

static void
add_missing_row (EaReportsPage *self,
                 const char    *title,
                 const char    *subtitle,
                 gint64         person_id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (person_id > 0 && ea_session_can (self->session, EA_RIGHT_VIEW_PERSONS))
    {
      gint64 *id = g_new (gint64, 1);

      *id = person_id;
      g_object_set_data_full (G_OBJECT (row), "ea-person", id, g_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Open the person, to enter the AZR number"));
      g_signal_connect_object (row, "activated", G_CALLBACK (missing_activated_cb), self, 0);
    }
  adw_expander_row_add_row (self->missing_row, row);
  g_ptr_array_add (self->missing_rows, row);
}

/* Opens the @index-th person without AZR number, as a click on the row
 * does; returns the person's number, or 0 when the row opens nobody. */
gint64
_ea_reports_page_open_missing (EaReportsPage *self,
                               guint          index)
{
  GtkWidget *row;
  gint64 *person_id;

  if (index >= self->missing_rows->len)
    return 0;
  row = g_ptr_array_index (self->missing_rows, index);
  person_id = g_object_get_data (G_OBJECT (row), "ea-person");
  if (person_id == NULL)
    return 0;
  adw_action_row_activate (ADW_ACTION_ROW (row));
  return *person_id;
}

/* Shows who is in the report, and names those without AZR number: the
 * state matches the report by it. */
static void
show_report (EaReportsPage *self)
{
  EaFlueagReport *report = self->report;
  guint n, n_missing, shown = 0;
  g_autofree char *count = NULL;
  g_autofree char *subtitle = NULL;

  clear_missing_rows (self);
  gtk_widget_set_sensitive (self->export_button, report != NULL && !self->exporting);
  if (report == NULL)
    {
      gtk_label_set_text (self->result_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->missing_row), FALSE);
      return;
    }

  n = ea_flueag_report_get_n_rows (report);
  n_missing = ea_flueag_report_count_without_azr (report);
  count = ea_format_count (n);
  gtk_label_set_text (self->result_label, count);
  if (ea_flueag_report_get_kind (report) == EA_FLUEAG_LATE)
    adw_action_row_set_subtitle (self->result_row,
                                 n == 0 ? _("Nobody was entered late for the months reported "
                                            "before.")
                                        : _("Persons of months reported before who were entered "
                                            "after that month’s report."));
  else
    adw_action_row_set_subtitle (self->result_row,
                                 n_missing == 0 ? _("All with AZR number.")
                                                : _("Check the persons without AZR number before "
                                                    "the export."));

  gtk_widget_set_visible (GTK_WIDGET (self->missing_row), n_missing > 0);
  if (n_missing == 0)
    return;
  {
    g_autofree char *missing = ea_format_count (n_missing);

    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person", "%s persons",
                                             n_missing), missing);
    adw_expander_row_set_subtitle (self->missing_row, subtitle);
  }
  for (guint i = 0; i < n && shown < MISSING_ROWS_SHOWN; i++)
    {
      const EaFlueagRow *row = ea_flueag_report_get_row (report, i);
      g_autofree char *name = NULL;
      g_autofree char *born = NULL;
      g_autofree char *details = NULL;
      g_autofree char *number = NULL;

      if (row->azr_number != NULL)
        continue;
      name = row->given_names != NULL && row->given_names[0] != '\0'
           ? g_strdup_printf ("%s, %s", row->family_name, row->given_names)
           : g_strdup (row->family_name);
      born = ea_partial_date_format (row->birth_date);
      /* Translators: birth date and the person's number in the files. */
      number = g_strdup_printf ("%" G_GINT64_FORMAT, row->person_id);
      details = g_strdup_printf (_("born %s · no. %s"), born, number);
      add_missing_row (self, name, details, row->person_id);
      shown++;
    }
  if (n_missing > shown)
    {
      g_autofree char *rest = ea_format_count (n_missing - shown);
      g_autofree char *more = g_strdup_printf (_("and %s more"), rest);

      add_missing_row (self, more, NULL, 0);
    }
}

static void
flueag_built_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EaReportsPage *self = EA_REPORTS_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  EaFlueagReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, FALSE);
  if (job->serial != self->flueag_serial)
    {
      g_clear_pointer (&report, ea_flueag_report_free);
      return;
    }
  gtk_spinner_stop (self->flueag_spinner);
  g_clear_pointer (&self->report, ea_flueag_report_free);
  self->report = report;
  show_report (self);
  if (error != NULL)
    adw_action_row_set_subtitle (self->result_row, error->message);
}

static void
flueag_build_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  EaFlueagReport *report = ea_flueag_report_build (job->session, job->month, job->kind, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) ea_flueag_report_free);
}

static void
flueag_changed_cb (EaReportsPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Job *job;

  if (!self->ready || selected_month (self) == NULL || self->exporting ||
      !ea_session_can (self->session, EA_RIGHT_REPORTS))
    return;

  self->flueag_serial++;
  g_clear_pointer (&self->report, ea_flueag_report_free);
  show_report (self);
  job = job_new (self, &error);
  if (job == NULL)
    {
      adw_action_row_set_subtitle (self->result_row, error->message);
      return;
    }
  job->serial = self->flueag_serial;
  job->month = g_strdup (selected_month (self));
  job->kind = selected_kind (self);
  adw_action_row_set_subtitle (self->result_row, _("Counting…"));
  gtk_spinner_start (self->flueag_spinner);

  task = g_task_new (self, NULL, flueag_built_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, flueag_build_thread);
}

static void
flueag_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  EaReportsPage *self = EA_REPORTS_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  self->exporting = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->month_row), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    ea_toast_show (GTK_WIDGET (self), error->message);
  else
    {
      g_autofree char *base = g_path_get_basename (job->path);
      g_autofree char *month = ea_flueag_month_label (job->month);
      g_autofree char *count = ea_format_count (ea_flueag_report_get_n_rows (job->report));
      g_autofree char *text = NULL;

      if (job->kind == EA_FLUEAG_LATE)
        text = g_strdup_printf (_("Nachmeldung with %s persons saved to “%s”."), count, base);
      else
        text = g_strdup_printf (_("FlüAG report for %s with %s persons saved to “%s”."), month,
                                count, base);
      ea_toast_show (GTK_WIDGET (self), text);
    }
  /* A Nachmeldung made is not made again: count anew. */
  flueag_changed_cb (self);
}

static void
flueag_write_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (ea_flueag_report_write (job->session, job->report, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * _ea_reports_page_export:
 * @self: the page
 * @path: the new XLSX file
 *
 * Writes the report shown, in a worker thread; a toast tells the result.
 */
void
_ea_reports_page_export (EaReportsPage *self,
                         const char    *path)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Job *job;

  g_return_if_fail (EA_IS_REPORTS_PAGE (self));

  if (self->report == NULL || self->exporting)
    return;
  job = job_new (self, &error);
  if (job == NULL)
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  job->month = g_strdup (ea_flueag_report_get_month (self->report));
  job->kind = ea_flueag_report_get_kind (self->report);
  job->report = g_steal_pointer (&self->report);
  job->path = g_strdup (path);
  self->exporting = TRUE;
  gtk_widget_set_sensitive (self->export_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->month_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), FALSE);

  task = g_task_new (self, NULL, flueag_written_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, flueag_write_thread);
}

/* Statistics */

static void
show_tables (EaReportsPage *self,
             GPtrArray     *tables)
{
  for (guint k = 0; k < EA_N_STATS; k++)
    {
      EaStatTable *table = tables != NULL ? g_ptr_array_index (tables, k) : NULL;
      guint shown;

      ea_chart_set_table (self->charts[k], table);
      gtk_label_set_text (self->chart_titles[k],
                          table != NULL ? ea_stat_table_get_title (table) : _(charts[k].title));
      shown = ea_chart_get_n_shown_rows (self->charts[k]);
      if (table != NULL && shown < ea_stat_table_get_n_rows (table))
        {
          g_autofree char *all = ea_format_count (ea_stat_table_get_n_rows (table));
          g_autofree char *note = g_strdup_printf (_("The first %u of %s rows are shown; the CSV "
                                                     "file holds all."), shown, all);

          gtk_label_set_text (self->chart_notes[k], note);
          gtk_widget_set_visible (GTK_WIDGET (self->chart_notes[k]), TRUE);
        }
      else
        gtk_widget_set_visible (GTK_WIDGET (self->chart_notes[k]), FALSE);
    }
}

static void
stats_computed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  EaReportsPage *self = EA_REPORTS_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, FALSE);
  if (job->serial != self->stats_serial)
    return;
  if (tables == NULL)
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  show_tables (self, tables);
}

static void
stats_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_stat_table_unref);

  for (guint k = 0; k < EA_N_STATS; k++)
    {
      GError *error = NULL;
      EaStatTable *table = ea_statistics_compute (job->session, k, job->from, job->until, &error);

      if (table == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (tables, table);
    }
  g_task_return_pointer (task, g_steal_pointer (&tables), (GDestroyNotify) g_ptr_array_unref);
}

/* The period's first and last day. */
static void
period_dates (guint   period,
              char  **from,
              char  **until)
{
  g_autoptr(GDateTime) now = ea_clock_now ();
  int year = g_date_time_get_year (now);

  switch (period)
    {
    case PERIOD_THIS_YEAR:
      *from = g_strdup_printf ("%04d-01-01", year);
      *until = g_date_time_format (now, "%Y-%m-%d");
      break;

    case PERIOD_LAST_YEAR:
      *from = g_strdup_printf ("%04d-01-01", year - 1);
      *until = g_strdup_printf ("%04d-12-31", year - 1);
      break;

    case PERIOD_24_MONTHS:
    case PERIOD_12_MONTHS:
    default:
      {
        g_autoptr(GDateTime) start = g_date_time_add_months (now, period == PERIOD_24_MONTHS
                                                                  ? -23 : -11);

        *from = g_date_time_format (start, "%Y-%m-01");
        *until = g_date_time_format (now, "%Y-%m-%d");
      }
    }
}

static void
period_changed_cb (EaReportsPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Job *job;

  if (!self->ready)
    return;
  self->stats_serial++;
  show_tables (self, NULL);
  job = job_new (self, &error);
  if (job == NULL)
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  job->serial = self->stats_serial;
  period_dates (gtk_drop_down_get_selected (self->period_dropdown), &job->from, &job->until);

  task = g_task_new (self, NULL, stats_computed_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, stats_thread);
}

/* Printing */

typedef struct
{
  EaReportsPage *self;
  EaStatKind     kind;
} PrintData;

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintData         *data)
{
  EaReportsPage *self = data->self;
  EaChart *chart = self->charts[data->kind];
  EaStatTable *table = ea_chart_get_table (chart);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  g_autoptr(GObject) pango_owner = G_OBJECT (gtk_print_context_create_pango_context (context));
  PangoContext *pango = PANGO_CONTEXT (pango_owner);
  g_autoptr(PangoLayout) layout = pango_layout_new (pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 9");
  g_autoptr(PangoFontDescription) bold = pango_font_description_from_string ("Sans Bold 14");
  g_autofree char *office = ea_store_dup_office_name (ea_session_get_store (self->session));
  g_autofree char *today = ea_clock_today ();
  g_autofree char *printed = ea_date_format (today);
  g_autofree char *line = g_strdup_printf (_("%s · printed on %s"),
                                           office != NULL ? office : "", printed);
  GdkRGBA black = { 0, 0, 0, 1 };
  int natural, w, h;
  double chart_height;

  pango_context_set_font_description (pango, font);
  pango_layout_set_font_description (layout, bold);
  pango_layout_set_text (layout, table != NULL ? ea_stat_table_get_title (table)
                                               : _(charts[data->kind].title), -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, &w, &h);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, line, -1);
  cairo_move_to (cr, 0, h + 4);
  pango_cairo_show_layout (cr, layout);

  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL,
                      NULL);
  chart_height = charts[data->kind].style == EA_CHART_BARS ? natural : MAX (natural, width * 0.55);
  cairo_translate (cr, 0, h + 40);
  ea_chart_draw (chart, cr, pango, width, chart_height, &black);
}

static gboolean
print_chart (EaReportsPage            *self,
             EaStatKind                kind,
             GtkPrintOperationAction   action,
             const char               *path,
             GError                  **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  PrintData *data = g_new0 (PrintData, 1);
  GtkPrintOperationResult result;

  data->self = self;
  data->kind = kind;
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, _(charts[kind].title));
  if (path != NULL)
    gtk_print_operation_set_export_filename (operation, path);
  else
    gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), data,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  result = gtk_print_operation_run (operation, action,
                                    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/**
 * _ea_reports_page_print_to_file:
 * @self: the page
 * @kind: which chart
 * @path: the PDF file to write
 * @error: a #GError
 *
 * What the print button prints, written to a PDF without a dialog.
 */
gboolean
_ea_reports_page_print_to_file (EaReportsPage  *self,
                                EaStatKind      kind,
                                const char     *path,
                                GError        **error)
{
  return print_chart (self, kind, GTK_PRINT_OPERATION_ACTION_EXPORT, path, error);
}

static void
print_clicked_cb (GtkButton     *button,
                  EaReportsPage *self)
{
  EaStatKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kind"));
  g_autoptr(GError) error = NULL;

  if (!print_chart (self, kind, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error))
    ea_toast_show (GTK_WIDGET (self), error->message);
}

/* Saving files */

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  EaReportsPage   *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ea_file_dialog_dup_path (dialog, response, GTK_WIDGET (self));
  EaStatKind kind = self->file_kind;

  g_clear_object (&self->file_dialog);
  if (path == NULL)
    return;
  if (kind == EA_N_STATS)
    {
      _ea_reports_page_export (self, path);
      return;
    }
  if (ea_chart_get_table (self->charts[kind]) == NULL)
    return;
  if (!ea_stat_table_write_csv (ea_chart_get_table (self->charts[kind]), path, &error))
    ea_toast_show (GTK_WIDGET (self), error->message);
  else
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *text = g_strdup_printf (_("Saved “%s”."), base);

      ea_toast_show (GTK_WIDGET (self), text);
    }
}

static void
choose_file (EaReportsPage *self,
             EaStatKind     kind,
             const char    *title,
             const char    *filter_name,
             const char    *suffix,
             const char    *name)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->file_dialog != NULL)
    return;
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_suffix (filter, suffix);
  self->file_kind = kind;
  self->file_dialog = ea_file_dialog_show (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                                  title, _("_Save"), filter, name,
                                                  G_CALLBACK (save_response_cb));
}

static void
export_clicked_cb (EaReportsPage *self)
{
  g_autofree char *name = NULL;

  if (self->report == NULL)
    return;
  /* Translators: suggested file names; keep them without spaces. */
  name = g_strdup_printf (ea_flueag_report_get_kind (self->report) == EA_FLUEAG_LATE
                          ? _("flueag-nachmeldung-%s.xlsx") : _("flueag-bestandsmeldung-%s.xlsx"),
                          ea_flueag_report_get_month (self->report));
  choose_file (self, EA_N_STATS, _("Export FlüAG Report"), _("Excel workbook"), "xlsx", name);
}

static void
csv_clicked_cb (GtkButton     *button,
                EaReportsPage *self)
{
  EaStatKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kind"));
  g_autofree char *today = ea_clock_today ();
  /* Translators: the suggested file name, from the chart's short name. */
  g_autofree char *name = g_strdup_printf (_("statistics-%s-%s.csv"), _(charts[kind].file_name),
                                           today);

  choose_file (self, kind, _("Export as CSV"), _("CSV for spreadsheets"), "csv", name);
}

/* Building the page */

static GtkWidget *
make_chart_card (EaReportsPage *self,
                 EaStatKind     kind)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (_(charts[kind].title));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *csv = gtk_button_new_from_icon_name ("document-save-as-symbolic");
  GtkWidget *print = gtk_button_new_from_icon_name ("printer-symbolic");
  GtkWidget *note = gtk_label_new (NULL);
  EaChart *chart = ea_chart_new (charts[kind].style);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "chart-card");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");

  gtk_widget_set_tooltip_text (csv, _("Export as CSV…"));
  gtk_widget_set_tooltip_text (print, _("Print…"));
  for (GtkWidget *b = csv; b != NULL; b = b == csv ? print : NULL)
    {
      gtk_widget_add_css_class (b, "flat");
      gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (b), "kind", GUINT_TO_POINTER (kind));
      gtk_box_append (GTK_BOX (buttons), b);
    }
  g_signal_connect_object (csv, "clicked", G_CALLBACK (csv_clicked_cb), self, 0);
  g_signal_connect_object (print, "clicked", G_CALLBACK (print_clicked_cb), self, 0);

  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_add_css_class (note, "caption");
  gtk_widget_set_visible (note, FALSE);

  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), buttons);
  gtk_box_append (GTK_BOX (card), header);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (chart));
  gtk_box_append (GTK_BOX (card), note);

  self->charts[kind] = chart;
  self->chart_titles[kind] = GTK_LABEL (title);
  self->chart_notes[kind] = GTK_LABEL (note);
  return card;
}

static void
fill_months (EaReportsPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = ea_clock_now ();

  self->months = g_ptr_array_new_with_free_func (g_free);
  for (int i = 1; i <= MONTHS_OFFERED; i++)
    {
      g_autoptr(GDateTime) month = g_date_time_add_months (now, -i);
      char *code = g_date_time_format (month, "%Y-%m");
      g_autofree char *label = ea_flueag_month_label (code);

      g_ptr_array_add (self->months, code);
      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->month_row, G_LIST_MODEL (labels));
}

static void
ea_reports_page_dispose (GObject *object)
{
  EaReportsPage *self = EA_REPORTS_PAGE (object);

  if (self->file_dialog != NULL)
    gtk_native_dialog_destroy (self->file_dialog);
  g_clear_object (&self->file_dialog);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (ea_reports_page_parent_class)->dispose (object);
}

static void
ea_reports_page_finalize (GObject *object)
{
  EaReportsPage *self = EA_REPORTS_PAGE (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_pointer (&self->missing_rows, g_ptr_array_unref);
  g_clear_pointer (&self->report, ea_flueag_report_free);
  G_OBJECT_CLASS (ea_reports_page_parent_class)->finalize (object);
}

static void
ea_reports_page_class_init (EaReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_reports_page_dispose;
  object_class->finalize = ea_reports_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/de/eakte/Fluechtlingsmanagement/ea-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, box);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, flueag_group);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, month_row);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, result_row);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, flueag_spinner);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, missing_row);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaReportsPage, charts_box);
  gtk_widget_class_bind_template_callback (widget_class, flueag_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ea_reports_page_init (EaReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->missing_rows = g_ptr_array_new ();
}

EaReportsPage *
ea_reports_page_new (EaSession *session)
{
  EaReportsPage *self;
  g_autoptr(GtkStringList) kinds = NULL;
  g_autoptr(GtkStringList) periods = NULL;
  gboolean reports;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_REPORTS_PAGE, NULL);
  self->session = g_object_ref (session);

  /* The FlüAG report holds personal data; readers see the statistics. */
  reports = ea_session_can (session, EA_RIGHT_REPORTS);
  gtk_widget_set_visible (self->flueag_group, reports);
  gtk_widget_set_visible (self->export_button, reports);
  kinds = gtk_string_list_new ((const char *[]) { _("Monthly report (Bestandsmeldung)"),
                                                  _("Late entries (Nachmeldung)"), NULL });
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  fill_months (self);

  for (guint k = 0; k < EA_N_STATS; k++)
    gtk_box_append (self->charts_box, make_chart_card (self, k));
  periods = gtk_string_list_new ((const char *[]) { _("Last 12 Months"), _("Last 24 Months"),
                                                    _("This Year"), _("Last Year"), NULL });
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (periods));

  self->ready = TRUE;
  flueag_changed_cb (self);
  period_changed_cb (self);
  return self;
}

gboolean
_ea_reports_page_is_busy (EaReportsPage *self)
{
  return self->n_busy > 0;
}

EaChart *
_ea_reports_page_get_chart (EaReportsPage *self,
                            EaStatKind     kind)
{
  g_return_val_if_fail (kind < EA_N_STATS, NULL);
  return self->charts[kind];
}

EaFlueagReport *
_ea_reports_page_get_report (EaReportsPage *self)
{
  return self->report;
}

GtkWidget *
_ea_reports_page_get_export_button (EaReportsPage *self)
{
  return self->export_button;
}

void
_ea_reports_page_set_period (EaReportsPage *self,
                             guint          period)
{
  gtk_drop_down_set_selected (self->period_dropdown, period);
}
