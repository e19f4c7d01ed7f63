/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-retention-page"

#include "config.h"

#include "ea-retention-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-toast.h"


/* Löschfristen, in the Verwaltung: the period of each data category, what
 * is due today, and the run that deletes it after a confirmation. */

#define ROWS_SHOWN 50
#define SAVE_DELAY_MS 800

struct _EaRetentionPage
{
  GtkWidget        parent_instance;

  EaSession       *session;
  GtkWidget       *page;
  GtkWidget       *due_group;
  GtkWidget       *run_button;
  GtkSpinButton   *spins[EA_N_RETENTION];
  AdwExpanderRow  *due_rows[EA_N_RETENTION];
  GPtrArray       *person_rows[EA_N_RETENTION];
  guint            save_ids[EA_N_RETENTION];
  guint            n_due;
  gboolean         loading;
  gboolean         running;
};

G_DEFINE_FINAL_TYPE (EaRetentionPage, ea_retention_page, GTK_TYPE_WIDGET)

static char *
describe_item (const EaRetentionItem *item)
{
  g_autofree char *left = ea_date_format (item->left_on);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, item->person_id);

  switch (item->category)
    {
    case EA_RETENTION_CASE_NOTES:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "moved out %s · no. %s · %u note",
                                           "moved out %s · no. %s · %u notes", item->count),
                              left, number, item->count);
    case EA_RETENTION_DOCUMENTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "moved out %s · no. %s · %u document",
                                           "moved out %s · no. %s · %u documents", item->count),
                              left, number, item->count);
    case EA_RETENTION_SPECIAL:
    case EA_RETENTION_PERSON:
    case EA_N_RETENTION:
    default:
      return g_strdup_printf (_("moved out %s · no. %s"), left, number);
    }
}

/**
 * ea_retention_page_reload:
 * @self: the page
 *
 * Reads the periods and what is due today anew.
 */
void
ea_retention_page_reload (EaRetentionPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ea_retention_preview (self->session, NULL, &error);
  guint counts[EA_N_RETENTION] = { 0 };

  self->loading = TRUE;
  for (guint c = 0; c < EA_N_RETENTION; c++)
    {
      gtk_spin_button_set_value (self->spins[c], ea_retention_get_months (self->session, c));
      for (guint i = 0; i < self->person_rows[c]->len; i++)
        adw_expander_row_remove (self->due_rows[c], g_ptr_array_index (self->person_rows[c], i));
      g_ptr_array_set_size (self->person_rows[c], 0);
    }
  self->loading = FALSE;

  self->n_due = 0;
  if (items == NULL)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->due_group),
                                             error->message);
      gtk_widget_set_sensitive (self->run_button, FALSE);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      const EaRetentionItem *item = g_ptr_array_index (items, i);
      GtkWidget *row;
      g_autofree char *subtitle = NULL;

      counts[item->category]++;
      if (counts[item->category] > ROWS_SHOWN)
        continue;
      row = adw_action_row_new ();
      subtitle = describe_item (item);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_expander_row_add_row (self->due_rows[item->category], row);
      g_ptr_array_add (self->person_rows[item->category], row);
    }
  for (guint c = 0; c < EA_N_RETENTION; c++)
    {
      g_autofree char *count = ea_format_count (counts[c]);
      g_autofree char *subtitle = NULL;

      if (counts[c] == 0)
        subtitle = g_strdup (_("nothing due"));
      else
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person", "%s persons",
                                                 counts[c]), count);
      adw_expander_row_set_subtitle (self->due_rows[c], subtitle);
      gtk_widget_set_sensitive (GTK_WIDGET (self->due_rows[c]), counts[c] > 0);
      if (counts[c] > ROWS_SHOWN)
        {
          g_autofree char *rest = ea_format_count (counts[c] - ROWS_SHOWN);
          g_autofree char *more = g_strdup_printf (_("and %s more"), rest);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
          adw_expander_row_add_row (self->due_rows[c], row);
          g_ptr_array_add (self->person_rows[c], row);
        }
    }
  self->n_due = items->len;
  gtk_widget_set_sensitive (self->run_button, items->len > 0 && !self->running);
}

static gboolean
save_months_cb (gpointer user_data)
{
  GtkSpinButton *spin = user_data;
  EaRetentionPage *self = EA_RETENTION_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (spin),
                                                                     EA_TYPE_RETENTION_PAGE));
  EaRetentionCategory category = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin),
                                                                      "category"));
  g_autoptr(GError) error = NULL;

  self->save_ids[category] = 0;
  if (!ea_retention_set_months (self->session, category,
                                gtk_spin_button_get_value_as_int (spin), &error))
    ea_toast_show (GTK_WIDGET (self), error->message);
  ea_retention_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* Saved a moment after the last change, so that clicking through the
 * numbers makes one change in the log, not many. */
static void
months_changed_cb (GtkSpinButton   *spin,
                   EaRetentionPage *self)
{
  EaRetentionCategory category = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin),
                                                                      "category"));

  if (self->loading)
    return;
  g_clear_handle_id (&self->save_ids[category], g_source_remove);
  self->save_ids[category] = g_timeout_add (SAVE_DELAY_MS, save_months_cb, spin);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  EaRetentionPage *self = EA_RETENTION_PAGE (source);
  g_autoptr(GError) error = NULL;
  gssize done = g_task_propagate_int (G_TASK (result), &error);

  self->running = FALSE;
  if (done < 0)
    ea_toast_show (GTK_WIDGET (self), error->message);
  else
    {
      g_autofree char *count = ea_format_count (done);
      g_autofree char *text = g_strdup_printf (_("Retention periods applied: %s entries, "
                                                 "recorded in the audit log."), count);

      ea_toast_show (GTK_WIDGET (self), text);
    }
  ea_retention_page_reload (self);
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  guint done = 0;

  if (ea_retention_run (task_data, NULL, &done, &error))
    g_task_return_int (task, done);
  else
    g_task_return_error (task, error);
}

/**
 * _ea_retention_page_run:
 * @self: the page
 *
 * What the confirmation's *Delete* does: the run, in a worker thread on a
 * connection of its own (thousands of files take seconds).
 */
void
_ea_retention_page_run (EaRetentionPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  EaSession *copy;

  if (self->running)
    return;
  copy = ea_session_open_copy (self->session, &error);
  if (copy == NULL)
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  self->running = TRUE;
  gtk_widget_set_sensitive (self->run_button, FALSE);
  task = g_task_new (self, NULL, run_done_cb, NULL);
  g_task_set_task_data (task, copy, g_object_unref);
  g_task_run_in_thread (task, run_thread);
}

gboolean
_ea_retention_page_is_running (EaRetentionPage *self)
{
  return self->running;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     EaRetentionPage  *self)
{
  if (g_strcmp0 (response, "delete") == 0)
    _ea_retention_page_run (self);
}

static void
run_clicked_cb (EaRetentionPage *self)
{
  GtkWidget *dialog;
  g_autofree char *count = ea_format_count (self->n_due);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Delete Data Now?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s entries listed under “Due Now” are deleted or "
                                    "anonymised. This cannot be undone; make a backup "
                                    "first if the office keeps one for such cases."), count);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
build (EaRetentionPage *self)
{
  GtkWidget *periods = adw_preferences_group_new ();

  self->page = adw_preferences_page_new ();
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (periods), _("Retention Periods"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (periods),
    _("After a person has moved out, each kind of data is kept for these months and then "
      "deleted; last, the file is anonymised. Year of birth, gender, nationality and stays "
      "remain for the statistics."));
  for (guint c = 0; c < EA_N_RETENTION; c++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (EA_RETENTION_MIN_MONTHS,
                                                        EA_RETENTION_MAX_MONTHS, 1);
      g_autofree char *subtitle = g_strdup_printf (_("months after moving out (default %u)"),
                                                   ea_retention_default_months (c));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ea_retention_category_label (c));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      ea_retention_category_label (c), -1);
      g_object_set_data (G_OBJECT (spin), "category", GUINT_TO_POINTER (c));
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (months_changed_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (periods), row);
      self->spins[c] = GTK_SPIN_BUTTON (spin);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (periods));

  self->due_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->due_group), _("Due Now"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->due_group),
    _("What the periods make due today. Nothing is deleted until you confirm; each deletion "
      "is recorded in the audit log."));
  self->run_button = gtk_button_new_with_mnemonic (_("_Delete Now…"));
  gtk_widget_add_css_class (self->run_button, "destructive-action");
  gtk_widget_set_valign (self->run_button, GTK_ALIGN_CENTER);
  g_signal_connect_object (self->run_button, "clicked", G_CALLBACK (run_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->due_group),
                                           self->run_button);
  for (guint c = 0; c < EA_N_RETENTION; c++)
    {
      GtkWidget *row = adw_expander_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ea_retention_category_label (c));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->due_group), row);
      self->due_rows[c] = ADW_EXPANDER_ROW (row);
      self->person_rows[c] = g_ptr_array_new ();
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page),
                            ADW_PREFERENCES_GROUP (self->due_group));
}

static void
ea_retention_page_dispose (GObject *object)
{
  EaRetentionPage *self = EA_RETENTION_PAGE (object);

  for (guint c = 0; c < EA_N_RETENTION; c++)
    {
      g_clear_handle_id (&self->save_ids[c], g_source_remove);
      g_clear_pointer (&self->person_rows[c], g_ptr_array_unref);
    }
  g_clear_pointer (&self->page, gtk_widget_unparent);
  G_OBJECT_CLASS (ea_retention_page_parent_class)->dispose (object);
}

static void
ea_retention_page_finalize (GObject *object)
{
  EaRetentionPage *self = EA_RETENTION_PAGE (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (ea_retention_page_parent_class)->finalize (object);
}

static void
ea_retention_page_class_init (EaRetentionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_retention_page_dispose;
  object_class->finalize = ea_retention_page_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ea_retention_page_init (EaRetentionPage *self)
{
}

EaRetentionPage *
ea_retention_page_new (EaSession *session)
{
  EaRetentionPage *self;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_RETENTION_PAGE, NULL);
  self->session = g_object_ref (session);
  build (self);
  ea_retention_page_reload (self);
  return self;
}

guint
_ea_retention_page_get_n_due (EaRetentionPage *self)
{
  return self->n_due;
}

/* Sets a period as typing it does, and saves it at once. */
void
_ea_retention_page_set_months (EaRetentionPage     *self,
                               EaRetentionCategory  category,
                               guint                months)
{
  gtk_spin_button_set_value (self->spins[category], months);
  if (self->save_ids[category] != 0)
    {
      g_clear_handle_id (&self->save_ids[category], g_source_remove);
      save_months_cb (self->spins[category]);
    }
}

GtkWidget *
_ea_retention_page_get_run_button (EaRetentionPage *self)
{
  return self->run_button;
}
