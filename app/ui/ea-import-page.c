/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-import-page"

#include "config.h"

#include "ea-import-page.h"

#include <glib/gi18n.h>

#include "ea-window.h"

/* Import: a Zuweisungsliste file is chosen, a preview shows what would
 * change (a dry run of the very import: new, changed, unchanged,
 * cancelled, rejected with their lines, probable duplicates), and only
 * "Importieren" stores it. Below, the past import runs. */

#define RUNS_SHOWN 50

struct _EaImportPage
{
  GtkWidget        parent_instance;

  EaSession       *session;
  char            *path;          /* the file previewed */
  char            *refusal;       /* why the file chosen last was refused */
  EaImportResult  *preview;
  GPtrArray       *runs;
  GtkNativeDialog *file_dialog;

  GtkWidget       *box;
  GtkWidget       *content;
  GtkWidget       *import_button;
};

G_DEFINE_FINAL_TYPE (EaImportPage, ea_import_page, GTK_TYPE_WIDGET)

static void rebuild (EaImportPage *self);

static void
show_toast (EaImportPage *self,
            const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  ea_window_add_toast_for (GTK_WIDGET (self), toast);
}

/* A list (.csv) or a Zuweisungsliste (XML). */
static EaImportResult *
import_file (EaSession   *session,
             const char  *path,
             gboolean     dry_run,
             GError     **error)
{
  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    return ea_import_list_file (session, path, dry_run, error);
  return ea_import_xml_file (session, path, dry_run, error);
}

static GtkWidget *
count_row (const char *title,
           guint       n)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = ea_format_count (n);
  GtkWidget *label = gtk_label_new (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

/* Errors or warnings with their lines; the first fifty, the CLI lists all. */
static GtkWidget *
issues_row (const char *title,
            GPtrArray  *issues)
{
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *count = ea_format_count (issues->len);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), count);
  for (guint i = 0; i < MIN (issues->len, 50); i++)
    {
      EaImportIssue *issue = g_ptr_array_index (issues, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *where = issue->person_id != NULL
        ? g_strdup_printf (_("Line %u · person %s%s%s"), issue->line, issue->person_id,
                           issue->field ? " · " : "", issue->field ? issue->field : "")
        : g_strdup_printf (_("Line %u"), issue->line);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), issue->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  gtk_widget_set_sensitive (expander, issues->len > 0);
  return expander;
}

static GtkWidget *
preview_group (EaImportPage *self)
{
  EaImportResult *r = self->preview;
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *name = g_path_get_basename (self->path);
  g_autofree char *title = g_strdup_printf (_("Preview: %s"), name);
  g_autofree char *description = r->repeated
    ? g_strdup_printf (_("Message %s (no. %lld) was imported before: importing it again changes "
                         "nothing."), r->message_id, (long long) r->sequence)
    : g_strdup_printf (_("Message %s (no. %lld). Nothing is stored until you import it."),
                       r->message_id, (long long) r->sequence);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), count_row (_("New persons"), r->created));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), count_row (_("Changed"), r->updated));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), count_row (_("Unchanged"), r->unchanged));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             count_row (_("No longer expected (cancelled)"), r->cancelled));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             count_row (_("Probable duplicates, held for review"),
                                        r->duplicates_to_review));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             issues_row (_("Rejected records"), r->errors));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             issues_row (_("Notes to review"), r->warnings));
  return group;
}

static char *
describe_run (EaImportRun *run)
{
  g_autofree char *iso = g_strndup (run->started_at, 10);
  g_autofree char *day = ea_date_format (iso);
  g_autofree char *name = g_path_get_basename (run->source);

  return g_strdup_printf (_("%s · %s · by %s · %u new, %u changed, %u unchanged, %u cancelled, "
                            "%u rejected, %u to review"), day, name, run->user, run->created,
                          run->updated, run->unchanged, run->cancelled, run->rejected,
                          run->duplicates_to_review);
}

static void
rebuild (EaImportPage *self)
{
  GtkWidget *child;
  GtkWidget *runs = adw_preferences_group_new ();
  g_autoptr(GError) error = NULL;

  while ((child = gtk_widget_get_first_child (self->content)) != NULL)
    gtk_box_remove (GTK_BOX (self->content), child);
  gtk_widget_set_visible (self->import_button, self->preview != NULL && !self->preview->repeated);

  if (self->refusal != NULL)
    {
      GtkWidget *refused = adw_preferences_group_new ();
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (refused),
                                       _("The File Was Refused: Nothing Changed"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->refusal);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (icon, "warning");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (refused), row);
      gtk_box_append (GTK_BOX (self->content), refused);
    }
  if (self->preview != NULL)
    gtk_box_append (GTK_BOX (self->content), preview_group (self));
  else
    {
      GtkWidget *status = adw_status_page_new ();
      GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose File…"));

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "folder-download-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Import Transfers"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
        _("Choose a Zuweisungsliste (XML) of the state platform or a list as CSV with the usual "
          "German headers. A preview shows what changes before anything is stored. Fetching "
          "from the platform within the application and XLSX lists come with a later version."));
      gtk_widget_add_css_class (choose, "pill");
      gtk_widget_add_css_class (choose, "suggested-action");
      gtk_widget_set_halign (choose, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "import.choose");
      adw_status_page_set_child (ADW_STATUS_PAGE (status), choose);
      gtk_box_append (GTK_BOX (self->content), status);
    }

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  self->runs = ea_import_list_runs (self->session, RUNS_SHOWN, &error);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (runs), _("Past Import Runs"));
  if (self->runs == NULL || self->runs->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     self->runs == NULL ? error->message
                                                        : _("Nothing imported yet."));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (runs), row);
    }
  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    {
      EaImportRun *run = g_ptr_array_index (self->runs, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Message %s (no. %lld)"),
                                                run->message_id ? run->message_id : "–",
                                                (long long) run->sequence);
      g_autofree char *subtitle = describe_run (run);
      GtkWidget *state = gtk_label_new (g_str_equal (run->state, "done") ? _("complete")
                                                                         : _("in part"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_add_css_class (state, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (runs), row);
    }
  gtk_box_append (GTK_BOX (self->content), runs);
}

gboolean
_ea_import_page_preview (EaImportPage *self,
                         const char   *path)
{
  g_autoptr(GError) error = NULL;
  EaImportResult *preview = import_file (self->session, path, TRUE, &error);

  g_clear_pointer (&self->refusal, g_free);
  g_clear_pointer (&self->preview, ea_import_result_free);
  if (preview == NULL)
    {
      self->refusal = g_strdup (error->message);
      rebuild (self);
      return FALSE;
    }
  self->preview = preview;
  g_free (self->path);
  self->path = g_strdup (path);
  rebuild (self);
  return TRUE;
}

gboolean
_ea_import_page_import (EaImportPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = NULL;
  g_autofree char *text = NULL;

  if (self->path == NULL)
    return FALSE;
  result = import_file (self->session, self->path, FALSE, &error);
  if (result == NULL)
    {
      show_toast (self, error->message);
      return FALSE;
    }
  text = g_strdup_printf (_("Imported: %u new, %u changed, %u cancelled, %u rejected, "
                            "%u to review."), result->created, result->updated,
                          result->cancelled, result->rejected, result->duplicates_to_review);
  g_clear_pointer (&self->preview, ea_import_result_free);
  g_clear_pointer (&self->path, g_free);
  show_toast (self, text);
  rebuild (self);
  return TRUE;
}

EaImportResult *
_ea_import_page_get_preview (EaImportPage *self)
{
  return self->preview;
}

guint
_ea_import_page_get_n_runs (EaImportPage *self)
{
  return self->runs != NULL ? self->runs->len : 0;
}

static void
file_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  EaImportPage    *self)
{
  g_autofree char *path = ea_window_file_dialog_dup_path (dialog, response, GTK_WIDGET (self));

  g_clear_object (&self->file_dialog);
  if (path != NULL)
    _ea_import_page_preview (self, path);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EaImportPage *self = EA_IMPORT_PAGE (widget);
  g_autoptr(GtkFileFilter) xml = gtk_file_filter_new ();

  if (self->file_dialog != NULL)
    return;
  gtk_file_filter_set_name (xml, _("Zuweisungsliste (XML) or list (CSV)"));
  gtk_file_filter_add_suffix (xml, "xml");
  gtk_file_filter_add_suffix (xml, "csv");
  self->file_dialog = ea_window_show_file_dialog (widget, GTK_FILE_CHOOSER_ACTION_OPEN,
                                                  _("Choose a Zuweisungsliste"), _("_Preview"),
                                                  xml, NULL, G_CALLBACK (file_response_cb));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EaImportPage *self = EA_IMPORT_PAGE (widget);

  g_clear_pointer (&self->preview, ea_import_result_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->refusal, g_free);
  rebuild (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _ea_import_page_import (EA_IMPORT_PAGE (widget));
}

static void
ea_import_page_dispose (GObject *object)
{
  EaImportPage *self = EA_IMPORT_PAGE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->file_dialog);
  g_clear_pointer (&self->preview, ea_import_result_free);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->refusal, g_free);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ea_import_page_parent_class)->dispose (object);
}

static void
ea_import_page_class_init (EaImportPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ea_import_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
}

static void
ea_import_page_init (EaImportPage *self)
{
}

/**
 * ea_import_page_new:
 * @session: an administrator's session
 *
 * Returns: (transfer floating): the Import page
 */
EaImportPage *
ea_import_page_new (EaSession *session)
{
  EaImportPage *self = g_object_new (EA_TYPE_IMPORT_PAGE, NULL);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");
  GtkWidget *discard = gtk_button_new_with_mnemonic (_("_Discard"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->session = g_object_ref (session);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Import"), NULL));
  gtk_widget_set_tooltip_text (choose, _("Choose a Zuweisungsliste…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "import.choose");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), choose);
  self->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->import_button), "import.import");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (discard), "import.discard");
  g_object_bind_property (self->import_button, "visible", discard, "visible",
                          G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), discard);
  gtk_box_append (GTK_BOX (self->box), header);

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (self->content, 24);
  gtk_widget_set_margin_bottom (self->content, 24);
  gtk_widget_set_margin_start (self->content, 12);
  gtk_widget_set_margin_end (self->content, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);
  rebuild (self);
  return self;
}
