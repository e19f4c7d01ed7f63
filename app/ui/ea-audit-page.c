/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-audit-page"

#include "config.h"

#include "ea-audit-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-file-dialog.h"
#include "ea-narrow.h"
#include "ea-person-chooser.h"
#include "ea-toast.h"

/* Protokoll: the audit log for administrators, newest first, filtered by
 * account, person and period, with a CSV export of what the filter
 * selects. The list holds the newest entries only; the export holds all. */

#define ROW_LIMIT 1000

enum {
  COLUMN_TIME,
  COLUMN_ACCOUNT,
  COLUMN_ACTION,
  COLUMN_OBJECT,
  COLUMN_PERSON,
  COLUMN_DETAIL,
  N_COLUMNS
};

#define EA_TYPE_AUDIT_ROW (ea_audit_row_get_type ())
G_DECLARE_FINAL_TYPE (EaAuditRow, ea_audit_row, EA, AUDIT_ROW, GObject)

struct _EaAuditRow
{
  GObject  parent_instance;
  char    *cells[N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (EaAuditRow, ea_audit_row, G_TYPE_OBJECT)

static void
ea_audit_row_finalize (GObject *object)
{
  EaAuditRow *self = EA_AUDIT_ROW (object);

  for (guint i = 0; i < N_COLUMNS; i++)
    g_free (self->cells[i]);
  G_OBJECT_CLASS (ea_audit_row_parent_class)->finalize (object);
}

static void
ea_audit_row_class_init (EaAuditRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ea_audit_row_finalize;
}

static void
ea_audit_row_init (EaAuditRow *self)
{
}

struct _EaAuditPage
{
  GtkWidget       parent_instance;

  /* Allocated narrower than EA_NARROW_WIDTH: fewer columns. */
  gboolean        narrow;

  EaSession      *session;
  GListStore     *rows;
  GArray         *account_ids;
  gint64          person_id;
  gboolean        loaded;

  GtkWidget      *box;
  AdwWindowTitle *title;
  GtkButton      *export_button;
  GtkDropDown    *account_dropdown;
  GtkButton      *person_button;
  GtkLabel       *person_label;
  GtkButton      *person_clear_button;
  GtkEntry       *since_entry;
  GtkEntry       *until_entry;
  GtkStack       *stack;
  GtkColumnView  *column_view;
  AdwStatusPage  *empty_page;
  GtkNativeDialog *file_dialog;
};

G_DEFINE_FINAL_TYPE (EaAuditPage, ea_audit_page, GTK_TYPE_WIDGET)

/* A typed date, or an empty entry for an open end. A date that is not one
 * marks the entry and keeps the list as it was. */
static gboolean
read_date_entry (GtkEntry    *entry,
                 int          add_days,
                 GDateTime  **out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) day = NULL;

  *out = NULL;
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (*stripped == '\0')
    return TRUE;
  iso = ea_date_parse_input (stripped);
  day = iso != NULL ? ea_clock_day_start (iso) : NULL;
  if (day == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return FALSE;
    }
  /* Days are the office's days: midnight to midnight in Berlin. */
  *out = g_date_time_add_days (day, add_days);
  return TRUE;
}

static gboolean
read_filter (EaAuditPage   *self,
             EaAuditFilter *filter)
{
  guint selected = gtk_drop_down_get_selected (self->account_dropdown);
  gboolean ok;

  *filter = (EaAuditFilter) { 0 };
  if (self->account_ids != NULL && selected != GTK_INVALID_LIST_POSITION && selected > 0 &&
      selected <= self->account_ids->len)
    filter->user_id = g_array_index (self->account_ids, gint64, selected - 1);
  filter->person_id = self->person_id;
  ok = read_date_entry (self->since_entry, 0, &filter->since);
  /* "To 23.11." includes the 23rd. */
  ok = read_date_entry (self->until_entry, 1, &filter->until) && ok;
  return ok;
}

static void
clear_filter (EaAuditFilter *filter)
{
  g_clear_pointer (&filter->since, g_date_time_unref);
  g_clear_pointer (&filter->until, g_date_time_unref);
}

static gboolean
add_row (const EaAuditEntry *entry,
         gpointer            user_data)
{
  GPtrArray *found = user_data;
  EaAuditRow *row = g_object_new (EA_TYPE_AUDIT_ROW, NULL);
  g_autoptr(GDateTime) local = ea_clock_to_office (entry->at);

  row->cells[COLUMN_TIME] = g_date_time_format (local, "%d.%m.%Y %H:%M:%S");
  row->cells[COLUMN_ACCOUNT] = g_strdup (entry->user_login ? entry->user_login : "—");
  row->cells[COLUMN_ACTION] = ea_audit_describe_action (entry->action, entry->object_type);
  row->cells[COLUMN_OBJECT] = ea_audit_describe_object (entry->object_type, entry->object_id);
  if (entry->person_name != NULL)
    row->cells[COLUMN_PERSON] = g_strdup (entry->person_name);
  else if (entry->person_id > 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, entry->person_id);

      /* Translators: a person by number, when the name is not there. */
      row->cells[COLUMN_PERSON] = g_strdup_printf (_("No. %s"), number);
    }
  else
    row->cells[COLUMN_PERSON] = g_strdup ("");
  /* A merge names the fields kept, which only the import knows. */
  row->cells[COLUMN_DETAIL] = g_strcmp0 (entry->action, "merge") == 0
                              ? ea_import_describe_merge (entry->detail)
                              : ea_audit_describe_detail (entry->action, entry->object_type,
                                                          entry->detail);
  g_ptr_array_add (found, row);
  return TRUE;
}

/**
 * ea_audit_page_reload:
 * @self: an #EaAuditPage
 *
 * Reads the log again with the filter as it stands.
 */
void
ea_audit_page_reload (EaAuditPage *self)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  EaAuditFilter filter;
  gboolean more;

  g_return_if_fail (EA_IS_AUDIT_PAGE (self));

  if (!read_filter (self, &filter))
    {
      clear_filter (&filter);
      adw_window_title_set_subtitle (self->title, _("Enter dates as DD.MM.YYYY"));
      return;
    }
  if (!ea_audit_foreach (self->session, &filter, ROW_LIMIT + 1, add_row, found, &error))
    {
      clear_filter (&filter);
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  clear_filter (&filter);

  more = found->len > ROW_LIMIT;
  if (more)
    g_ptr_array_set_size (found, ROW_LIMIT);
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       found->pdata, found->len);
  self->loaded = TRUE;

  if (more)
    {
      g_autofree char *count = ea_format_count (ROW_LIMIT);

      /* Translators: the list is cut off; the export has all entries. */
      subtitle = g_strdup_printf (_("The newest %s entries; the export holds all"), count);
    }
  else
    {
      g_autofree char *count = ea_format_count (found->len);

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s entry", "%s entries",
                                               found->len), count);
    }
  adw_window_title_set_subtitle (self->title, subtitle);
  adw_status_page_set_description (self->empty_page,
                                   _("No entry matches the account, person and period chosen."));
  gtk_stack_set_visible_child_name (self->stack, found->len > 0 ? "list" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), found->len > 0);
}

static void
filter_changed_cb (EaAuditPage *self)
{
  if (self->loaded)
    ea_audit_page_reload (self);
}

static void
set_person (EaAuditPage *self,
            gint64       person_id,
            const char  *name)
{
  self->person_id = person_id;
  gtk_label_set_label (self->person_label, person_id > 0 ? name : _("All Persons"));
  gtk_widget_set_visible (GTK_WIDGET (self->person_clear_button), person_id > 0);
  ea_audit_page_reload (self);
}

static void
person_chosen_cb (EaPersonChooser *chooser,
                  gint64           person_id,
                  EaAuditPage     *self)
{
  g_autoptr(EaPerson) person = ea_person_chooser_dup_selected (chooser);
  g_autofree char *name = person ? ea_person_dup_display_name (person) : NULL;

  set_person (self, person_id, name);
  gtk_window_destroy (GTK_WINDOW (chooser));
}

static void
person_clicked_cb (EaAuditPage *self)
{
  EaPersonChooser *chooser = ea_person_chooser_new (self->session, _("Entries About a Person"),
                                                    _("_Show"));

  g_signal_connect_object (chooser, "chosen", G_CALLBACK (person_chosen_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (chooser),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
person_clear_clicked_cb (EaAuditPage *self)
{
  set_person (self, 0, NULL);
}

/**
 * _ea_audit_page_export:
 *
 * Writes what the filter selects to @path and says so in a toast.
 */
gboolean
_ea_audit_page_export (EaAuditPage  *self,
                       const char   *path,
                       GError      **error)
{
  EaAuditFilter filter;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = NULL;
  guint64 n = 0;
  gboolean ok;

  if (!read_filter (self, &filter))
    {
      clear_filter (&filter);
      return ea_error_set (error, EA_ERROR_INVALID, _("Enter dates as DD.MM.YYYY"));
    }
  ok = ea_audit_export_csv (self->session, &filter, path, &n, error);
  clear_filter (&filter);
  if (!ok)
    return FALSE;

  count = ea_format_count ((gint64) n);
  base = g_path_get_basename (path);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s entry saved to “%s”.",
                                       "%s entries saved to “%s”.", n), count, base);
  ea_toast_show (GTK_WIDGET (self), text);
  /* The export is an entry of its own. */
  ea_audit_page_reload (self);
  return TRUE;
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    EaAuditPage     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ea_file_dialog_dup_path (dialog, response, GTK_WIDGET (self));

  g_clear_object (&self->file_dialog);
  if (path == NULL)
    return;
  if (!_ea_audit_page_export (self, path, &error))
    ea_toast_show (GTK_WIDGET (self), error->message);
}

static void
export_clicked_cb (EaAuditPage *self)
{
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = ea_clock_now ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the suggested file name; keep it without spaces. */
  g_autofree char *name = g_strdup_printf (_("audit-log-%s.csv"), stamp);

  if (self->file_dialog != NULL)
    return;
  gtk_file_filter_set_name (csv, _("CSV for spreadsheets"));
  gtk_file_filter_add_suffix (csv, "csv");
  self->file_dialog = ea_file_dialog_show (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                                  _("Export Audit Log"), _("_Export"), csv, name,
                                                  G_CALLBACK (export_response_cb));
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_TIME)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_OBJECT)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  EaAuditRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_label (GTK_LABEL (label), row->cells[column]);
  /* Details can be long (a block reason); the whole text on hover. */
  gtk_widget_set_tooltip_text (label, column == COLUMN_DETAIL && *row->cells[column] != '\0'
                                      ? row->cells[column] : NULL);
}

/* The columns, their widths, and in a narrow window (EA_NARROW_WIDTH)
 * their narrower widths: 0 gives way (the object and the person are the
 * filters' and the export's), so that time, account, action and detail
 * stay readable. */
static const struct {
  const char *title;
  int         width;
  int         narrow_width;
  gboolean    expand;
} columns[] = {
  [COLUMN_TIME] = { N_("Time"), 170, 160, FALSE },
  [COLUMN_ACCOUNT] = { N_("Account"), 130, 90, FALSE },
  [COLUMN_ACTION] = { N_("Action"), 230, 190, FALSE },
  [COLUMN_OBJECT] = { N_("Object"), 130, 0, FALSE },
  [COLUMN_PERSON] = { N_("Person"), 200, 0, FALSE },
  [COLUMN_DETAIL] = { N_("Detail"), -1, -1, TRUE },
};

static void
add_columns (EaAuditPage *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      if (columns[i].width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[i].width);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

static void
load_accounts (EaAuditPage *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GError) error = NULL;

  gtk_string_list_append (model, _("All Accounts"));
  if (ea_audit_list_accounts (self->session, &self->account_ids, &labels, &error))
    for (guint i = 0; i < labels->len; i++)
      gtk_string_list_append (model, g_ptr_array_index (labels, i));
  gtk_drop_down_set_model (self->account_dropdown, G_LIST_MODEL (model));
}

static void
ea_audit_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ea_audit_page_parent_class)->map (widget);
  /* Entries are added all the time: the list is current when shown. */
  ea_audit_page_reload (EA_AUDIT_PAGE (widget));
}

static void
ea_audit_page_dispose (GObject *object)
{
  EaAuditPage *self = EA_AUDIT_PAGE (object);

  if (self->file_dialog != NULL)
    gtk_native_dialog_destroy (self->file_dialog);
  g_clear_object (&self->file_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_AUDIT_PAGE);
  g_clear_object (&self->rows);
  g_clear_object (&self->session);
  g_clear_pointer (&self->account_ids, g_array_unref);
  G_OBJECT_CLASS (ea_audit_page_parent_class)->dispose (object);
}

static void
narrow_changed (GtkWidget *page,
                gboolean   narrow)
{
  EaAuditPage *self = EA_AUDIT_PAGE (page);
  GListModel *shown = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (shown, i);

      if (columns[i].narrow_width == 0)
        ea_narrow_show_column (column, !narrow);
      else if (columns[i].narrow_width > 0)
        gtk_column_view_column_set_fixed_width (column, narrow ? columns[i].narrow_width
                                                               : columns[i].width);
    }
}

static void
ea_audit_page_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  ea_narrow_allocate (widget, width, height, baseline, &EA_AUDIT_PAGE (widget)->narrow,
                      narrow_changed);
}

static void
ea_audit_page_class_init (EaAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_audit_page_dispose;
  widget_class->map = ea_audit_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/de/eakte/Fluechtlingsmanagement/ea-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, box);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, title);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, person_button);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, person_label);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, person_clear_button);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, since_entry);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, until_entry);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, EaAuditPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  widget_class->measure = ea_narrow_measure;
  widget_class->size_allocate = ea_audit_page_size_allocate;
}

static void
ea_audit_page_init (EaAuditPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_list_store_new (EA_TYPE_AUDIT_ROW);
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (
                               g_object_ref (G_LIST_MODEL (self->rows)))));
  add_columns (self);
}

/**
 * ea_audit_page_new:
 * @session: an administrator's session
 *
 * Returns: (transfer floating): the audit log page
 */
EaAuditPage *
ea_audit_page_new (EaSession *session)
{
  EaAuditPage *self;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_AUDIT_PAGE, NULL);
  self->session = g_object_ref (session);
  load_accounts (self);
  return self;
}

guint
_ea_audit_page_get_n_rows (EaAuditPage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

const char *
_ea_audit_page_get_cell (EaAuditPage *self,
                         guint        row,
                         guint        column)
{
  g_autoptr(EaAuditRow) item = g_list_model_get_item (G_LIST_MODEL (self->rows), row);

  g_return_val_if_fail (item != NULL && column < N_COLUMNS, NULL);
  return item->cells[column];
}

void
_ea_audit_page_set_filter (EaAuditPage *self,
                           gint64       user_id,
                           gint64       person_id,
                           const char  *since,
                           const char  *until)
{
  guint position = 0;

  if (user_id > 0 && self->account_ids != NULL)
    for (guint i = 0; i < self->account_ids->len; i++)
      if (g_array_index (self->account_ids, gint64, i) == user_id)
        position = i + 1;
  self->loaded = FALSE;
  gtk_drop_down_set_selected (self->account_dropdown, position);
  gtk_editable_set_text (GTK_EDITABLE (self->since_entry), since ? since : "");
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), until ? until : "");
  self->person_id = person_id;
  ea_audit_page_reload (self);
}

GtkWidget *
_ea_audit_page_get_person_button (EaAuditPage *self)
{
  return GTK_WIDGET (self->person_button);
}

gint64
_ea_audit_page_get_person_id (EaAuditPage *self)
{
  return self->person_id;
}
