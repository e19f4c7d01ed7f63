/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-housing-list-dialog"

#include "config.h"

#include "ea-housing-list-dialog-private.h"

#include <glib/gi18n.h>

#include "ea-toast.h"

/* Unterkunftsbestand importieren: the preview of a housing list (a dry
 * run of the import), with what it would make new, change and close and
 * every wrong line named with its column; "Import" does it, in one
 * transaction, once the list has no problem. */
struct _EaHousingListDialog
{
  AdwWindow  parent_instance;

  EaSession *session;
  char      *path;
  guint      n_problems;

  GtkWidget *import_button;
  GtkWidget *summary;
  GtkWidget *problems;       /* AdwPreferencesGroup */
  GPtrArray *problem_rows;   /* of GtkWidget, in @problems */
};

G_DEFINE_FINAL_TYPE (EaHousingListDialog, ea_housing_list_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ea_housing_list_dialog_finalize (GObject *object)
{
  EaHousingListDialog *self = EA_HOUSING_LIST_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (ea_housing_list_dialog_parent_class)->finalize (object);
}

static void
ea_housing_list_dialog_class_init (EaHousingListDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ea_housing_list_dialog_finalize;
  /**
   * EaHousingListDialog::imported:
   * @message: what the import changed, for a toast
   *
   * The list is imported; the dialog closes.
   */
  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ea_housing_list_dialog_init (EaHousingListDialog *self)
{
  self->problem_rows = g_ptr_array_new ();
}

static char *
describe_counts (EaHousingListResult *result)
{
  return g_strdup_printf (_("%u rooms in the list: %u facilities, %u areas, %u rooms and %u "
                            "beds new; %u changed; %u closed."), result->lines,
                          result->facilities_new, result->units_new, result->rooms_new,
                          result->beds_new, result->changed, result->closed);
}

static void
show_problems (EaHousingListDialog *self,
               EaHousingListResult *result)
{
  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->problems),
                                  g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);
  self->n_problems = result != NULL ? result->problems->len : 0;
  for (guint i = 0; i < self->n_problems; i++)
    {
      EaHousingListProblem *p = g_ptr_array_index (result->problems, i);
      /* Line 0: that more problems follow than are named. */
      g_autofree char *where = p->line == 0 ? g_strdup (p->message)
                               : p->column != NULL
                               ? g_strdup_printf (_("Line %u, %s"), p->line, p->column)
                               : g_strdup_printf (_("Line %u"), p->line);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), where);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), p->line == 0 ? "" : p->message);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->problems), row);
      g_ptr_array_add (self->problem_rows, row);
    }
  gtk_widget_set_visible (self->problems, self->n_problems > 0);
}

/* What the list would do, as a dry run of the import. */
static void
preview (EaHousingListDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaHousingListResult) result = ea_housing_list_import (self->session, self->path,
                                                                  TRUE, &error);
  g_autofree char *text = NULL;
  gboolean changes = FALSE;

  if (result == NULL)
    text = g_strdup (error->message);
  else if (result->problems->len > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The list has %u problem. Correct it in the "
                                         "spreadsheet and open the list again; nothing is "
                                         "imported until then.",
                                         "The list has %u problems. Correct them in the "
                                         "spreadsheet and open the list again; nothing is "
                                         "imported until then.", result->problems->len),
                            result->problems->len);
  else
    {
      changes = result->facilities_new + result->units_new + result->rooms_new +
                result->beds_new + result->changed + result->closed > 0;
      text = changes ? describe_counts (result)
                     : g_strdup (_("The housing stock is as the list says: there is nothing to "
                                   "import."));
    }
  gtk_label_set_text (GTK_LABEL (self->summary), text);
  show_problems (self, result);
  gtk_widget_set_sensitive (self->import_button, changes);
}

static void
import_clicked_cb (EaHousingListDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaHousingListResult) result = ea_housing_list_import (self->session, self->path,
                                                                  FALSE, &error);
  g_autofree char *text = NULL;

  if (result == NULL)
    {
      ea_toast_show (self->summary, error->message);
      return;
    }
  if (result->problems->len > 0)
    {
      /* Someone changed the stock meanwhile: what the list meets now. */
      preview (self);
      return;
    }
  text = describe_counts (result);
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, text);
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
build_content (EaHousingListDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  g_autofree char *base = g_path_get_basename (self->path);
  GtkWidget *title = adw_window_title_new (_("Import Housing Stock"), base);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *toasts = adw_toast_overlay_new ();

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (import_clicked_cb),
                            self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);
  gtk_box_append (GTK_BOX (box), header);

  self->summary = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->summary), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_box_append (GTK_BOX (body), self->summary);
  self->problems = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->problems), _("Problems"));
  gtk_box_append (GTK_BOX (body), self->problems);
  gtk_widget_set_margin_top (body, 18);
  gtk_widget_set_margin_bottom (body, 18);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), body);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (toasts), scrolled);
  gtk_box_append (GTK_BOX (box), toasts);
  return box;
}

/**
 * ea_housing_list_dialog_new:
 * @parent: the main window
 * @session: a session that may manage the housing
 * @path: a CSV or XLSX housing list
 *
 * Returns: (transfer none): the dialog with the list's preview, presented
 */
EaHousingListDialog *
ea_housing_list_dialog_new (GtkWindow  *parent,
                            EaSession  *session,
                            const char *path)
{
  EaHousingListDialog *self;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (EA_TYPE_HOUSING_LIST_DIALOG, "modal", TRUE, "transient-for", parent,
                       "default-width", 560, "default-height", 520,
                       "title", _("Import Housing Stock"), NULL);
  self->session = g_object_ref (session);
  self->path = g_strdup (path);
  adw_window_set_content (ADW_WINDOW (self), build_content (self));
  preview (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

guint
_ea_housing_list_dialog_get_n_problems (EaHousingListDialog *self)
{
  return self->n_problems;
}

GtkWidget *
_ea_housing_list_dialog_get_import_button (EaHousingListDialog *self)
{
  return self->import_button;
}
