/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-edit-dialog"

#include "config.h"

#include "ea-edit-dialog-private.h"

#include <glib/gi18n.h>

/* A small form for facilities, areas, rooms and accounts. The page that opens it
 * saves through the core on "save" and either closes the dialog or shows
 * the core's message, so nothing typed is lost when a rule refuses. */
struct _EaEditDialog
{
  AdwWindow              parent_instance;

  GHashTable            *fields;   /* key → widget */
  GtkWidget             *first;    /* the first field, focused when shown */

  AdwWindowTitle        *title;
  GtkButton             *save_button;
  AdwPreferencesGroup   *group;
  GtkLabel              *error_label;
};

G_DEFINE_FINAL_TYPE (EaEditDialog, ea_edit_dialog, ADW_TYPE_WINDOW)

enum {
  SAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
save_cb (EaEditDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[SAVE], 0);
}

static void
ea_edit_dialog_dispose (GObject *object)
{
  EaEditDialog *self = (EaEditDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_EDIT_DIALOG);
  g_clear_pointer (&self->fields, g_hash_table_unref);

  G_OBJECT_CLASS (ea_edit_dialog_parent_class)->dispose (object);
}

static void ea_edit_dialog_map (GtkWidget *widget);

static void
ea_edit_dialog_class_init (EaEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_edit_dialog_dispose;
  widget_class->map = ea_edit_dialog_map;

  /**
   * EaEditDialog::save:
   *
   * The user asks to save; the handler closes the dialog or shows an error.
   */
  signals[SAVE] = g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ea-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EaEditDialog, title);
  gtk_widget_class_bind_template_child (widget_class, EaEditDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, EaEditDialog, group);
  gtk_widget_class_bind_template_child (widget_class, EaEditDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_destroy);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ea_edit_dialog_init (EaEditDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

EaEditDialog *
ea_edit_dialog_new (GtkWindow  *parent,
                    const char *title)
{
  EaEditDialog *self = g_object_new (EA_TYPE_EDIT_DIALOG, "transient-for", parent, NULL);

  adw_window_title_set_title (self->title, title);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  return self;
}

static void
add_field (EaEditDialog *self,
           const char   *key,
           GtkWidget    *row,
           GtkWidget    *field)
{
  adw_preferences_group_add (self->group, row);
  g_hash_table_insert (self->fields, g_strdup (key), field);
  if (self->first == NULL)
    self->first = field;
}

/* The form opens in its first field, ready for typing, not on a button. */
static void
ea_edit_dialog_map (GtkWidget *widget)
{
  EaEditDialog *self = EA_EDIT_DIALOG (widget);

  GTK_WIDGET_CLASS (ea_edit_dialog_parent_class)->map (widget);
  if (self->first != NULL)
    gtk_widget_grab_focus (self->first);
}

/**
 * _ea_edit_dialog_get_first_field:
 *
 * Returns: (transfer none) (nullable): the field that has the focus when
 *   the dialog opens
 */
GtkWidget *
_ea_edit_dialog_get_first_field (EaEditDialog *self)
{
  return self->first;
}

void
ea_edit_dialog_add_text (EaEditDialog *self,
                         const char   *key,
                         const char   *label,
                         const char   *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  add_field (self, key, row, row);
}

/* Several lines of text, such as a case note: a text view on a card below
 * its label. */
void
ea_edit_dialog_add_long_text (EaEditDialog *self,
                              const char   *key,
                              const char   *label,
                              const char   *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_top (box, 12);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            value ? value : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 180);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_preferences_group_add (self->group, box);
  g_hash_table_insert (self->fields, g_strdup (key), view);
}

void
ea_edit_dialog_add_number (EaEditDialog *self,
                           const char   *key,
                           const char   *label,
                           double        min,
                           double        max,
                           double        step,
                           int           digits,
                           double        value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  add_field (self, key, row, spin);
}

static void
setup_choice_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_choice_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkStringObject *text = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (text));
}

/* libadwaita's combo row cuts its choice after 20 characters
 * ("Gemeinschaftsunterku…"); these labels show it whole. */
static GtkListItemFactory *
choice_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_cb), NULL);
  return factory;
}

void
ea_edit_dialog_add_choice (EaEditDialog *self,
                           const char   *key,
                           const char   *label,
                           const char  **values,
                           const char  **labels,
                           const char   *value)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);
  g_autoptr(GtkListItemFactory) factory = choice_factory_new ();
  guint selected = 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_combo_row_set_factory (ADW_COMBO_ROW (row), factory);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], value) == 0)
      selected = i;
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data_full (G_OBJECT (row), "ea-values", g_strdupv ((char **) values),
                          (GDestroyNotify) g_strfreev);
  add_field (self, key, row, row);
}

/* A choice of a code list (nationality, marital status, …), "Unknown"
 * first, which reads back as an empty code. */
void
ea_edit_dialog_add_code_choice (EaEditDialog *self,
                                EaSession    *session,
                                const char   *key,
                                const char   *label,
                                const char   *list,
                                const char   *value)
{
  g_auto(GStrv) codes = NULL;
  g_auto(GStrv) labels = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_ptr_array_add (values, (gpointer) "");
  g_ptr_array_add (names, (gpointer) _("Unknown"));
  if (ea_codes_list (session, list, &codes, &labels, NULL))
    for (guint i = 0; codes[i] != NULL; i++)
      {
        g_ptr_array_add (values, codes[i]);
        g_ptr_array_add (names, labels[i]);
      }
  g_ptr_array_add (values, NULL);
  g_ptr_array_add (names, NULL);
  ea_edit_dialog_add_choice (self, key, label, (const char **) values->pdata,
                             (const char **) names->pdata, value != NULL ? value : "");
}

void
ea_edit_dialog_add_switch (EaEditDialog *self,
                           const char   *key,
                           const char   *label,
                           gboolean      value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_switch_set_active (GTK_SWITCH (toggle), value);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  add_field (self, key, row, toggle);
}

/* One of two values, such as the file's or the import's spelling when
 * duplicates are merged: a heading and two radio-style check buttons in
 * a group, whose labels wrap so that a long value fits a narrow window. */
void
ea_edit_dialog_add_either (EaEditDialog *self,
                           const char   *key,
                           const char   *label,
                           const char   *first,
                           const char   *second,
                           gboolean      first_chosen)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (label);
  GtkWidget *checks[2];
  const char *texts[2] = { first, second };

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  for (int i = 0; i < 2; i++)
    {
      GtkWidget *text = gtk_label_new (texts[i]);
      g_autofree char *name = g_strdup_printf ("%s: %s", label, texts[i]);

      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
      /* A remark of a thousand characters stays a few lines. */
      gtk_label_set_lines (GTK_LABEL (text), 4);
      gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (text, texts[i]);
      checks[i] = gtk_check_button_new ();
      gtk_check_button_set_child (GTK_CHECK_BUTTON (checks[i]), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (checks[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      gtk_box_append (GTK_BOX (box), checks[i]);
    }
  gtk_check_button_set_group (GTK_CHECK_BUTTON (checks[1]), GTK_CHECK_BUTTON (checks[0]));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (checks[first_chosen ? 0 : 1]), TRUE);
  g_object_set_data (G_OBJECT (checks[0]), "ea-second", checks[1]);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  add_field (self, key, row, checks[0]);
}

void
ea_edit_dialog_add_password (EaEditDialog *self,
                             const char   *key,
                             const char   *label)
{
  GtkWidget *row = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  add_field (self, key, row, row);
}

/* A list of things to tick, folded into one row; its subtitle says how
 * many are ticked, or @none_label when none is. */
static void
update_checklist_subtitle (AdwExpanderRow *row)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (row), "ea-checks");
  const char *none_label = g_object_get_data (G_OBJECT (row), "ea-none-label");
  g_autofree char *subtitle = NULL;
  guint n = 0;

  for (guint i = 0; i < checks->len; i++)
    n += gtk_check_button_get_active (g_ptr_array_index (checks, i));
  if (n == 0)
    subtitle = g_strdup (none_label);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chosen", "%u chosen", n), n);
  adw_expander_row_set_subtitle (row, subtitle);
}

void
ea_edit_dialog_add_checklist (EaEditDialog *self,
                              const char   *key,
                              const char   *label,
                              const char   *none_label,
                              GPtrArray    *labels,
                              GArray       *ids,
                              GArray       *checked)
{
  GtkWidget *row = adw_expander_row_new ();
  GPtrArray *checks = g_ptr_array_new ();

  g_return_if_fail (labels->len == ids->len);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *item = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      gint64 id = g_array_index (ids, gint64, i);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item), g_ptr_array_index (labels, i));
      adw_action_row_add_prefix (ADW_ACTION_ROW (item), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (item), check);
      for (guint c = 0; checked != NULL && c < checked->len; c++)
        if (g_array_index (checked, gint64, c) == id)
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data_full (G_OBJECT (check), "ea-id", g_memdup2 (&id, sizeof id), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_checklist_subtitle), row);
      g_ptr_array_add (checks, check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), item);
    }
  g_object_set_data_full (G_OBJECT (row), "ea-checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (row), "ea-none-label", g_strdup (none_label), g_free);
  update_checklist_subtitle (ADW_EXPANDER_ROW (row));
  add_field (self, key, row, row);
}

/**
 * ea_edit_dialog_dup_checked:
 *
 * Returns: (transfer full) (element-type gint64): the ids ticked
 */
GArray *
ea_edit_dialog_dup_checked (EaEditDialog *self,
                            const char   *key)
{
  GObject *row = g_hash_table_lookup (self->fields, key);
  GPtrArray *checks = g_object_get_data (row, "ea-checks");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      g_array_append_val (ids, *(gint64 *) g_object_get_data (g_ptr_array_index (checks, i),
                                                              "ea-id"));
  return ids;
}

void
_ea_edit_dialog_set_checked (EaEditDialog *self,
                             const char   *key,
                             gint64        id,
                             gboolean      checked)
{
  GObject *row = g_hash_table_lookup (self->fields, key);
  GPtrArray *checks = g_object_get_data (row, "ea-checks");

  for (guint i = 0; i < checks->len; i++)
    if (*(gint64 *) g_object_get_data (g_ptr_array_index (checks, i), "ea-id") == id)
      gtk_check_button_set_active (g_ptr_array_index (checks, i), checked);
}

void
_ea_edit_dialog_set_switch (EaEditDialog *self,
                            const char   *key,
                            gboolean      value)
{
  gtk_switch_set_active (GTK_SWITCH (g_hash_table_lookup (self->fields, key)), value);
}

const char *
ea_edit_dialog_get_text (EaEditDialog *self,
                         const char   *key)
{
  GtkWidget *field = g_hash_table_lookup (self->fields, key);

  if (GTK_IS_TEXT_VIEW (field))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      g_object_set_data_full (G_OBJECT (field), "ea-text",
                              gtk_text_buffer_get_text (buffer, &start, &end, FALSE), g_free);
      return g_object_get_data (G_OBJECT (field), "ea-text");
    }
  return gtk_editable_get_text (GTK_EDITABLE (field));
}

double
ea_edit_dialog_get_number (EaEditDialog *self,
                           const char   *key)
{
  GtkSpinButton *spin = g_hash_table_lookup (self->fields, key);

  gtk_spin_button_update (spin);
  return gtk_spin_button_get_value (spin);
}

const char *
ea_edit_dialog_get_choice (EaEditDialog *self,
                           const char   *key)
{
  GObject *row = g_hash_table_lookup (self->fields, key);
  const char **values;

  /* A choice the dialog was built without (the note's "about" for a
   * person who lives alone) is none. */
  if (row == NULL)
    return NULL;
  values = g_object_get_data (row, "ea-values");
  return values[adw_combo_row_get_selected (ADW_COMBO_ROW (row))];
}

gboolean
ea_edit_dialog_get_switch (EaEditDialog *self,
                           const char   *key)
{
  return gtk_switch_get_active (GTK_SWITCH (g_hash_table_lookup (self->fields, key)));
}

/* Whether the first of the two values of ea_edit_dialog_add_either () is
 * chosen. */
gboolean
ea_edit_dialog_get_either (EaEditDialog *self,
                           const char   *key)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (g_hash_table_lookup (self->fields, key)));
}

/* A sentence above the fields, saying what the dialog asks. */
void
ea_edit_dialog_set_description (EaEditDialog *self,
                                const char   *description)
{
  adw_preferences_group_set_description (self->group, description);
}

/* The save button's words, with a mnemonic, when "Save" is not what it
 * does. */
void
ea_edit_dialog_set_save_label (EaEditDialog *self,
                               const char   *label)
{
  gtk_button_set_label (self->save_button, label);
}

void
ea_edit_dialog_show_error (EaEditDialog *self,
                           const char   *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* For tests: chooses the entry with @value. */
void
_ea_edit_dialog_set_choice (EaEditDialog *self,
                            const char   *key,
                            const char   *value)
{
  GObject *row = g_hash_table_lookup (self->fields, key);
  const char **values = g_object_get_data (row, "ea-values");

  for (guint i = 0; values[i] != NULL; i++)
    if (g_str_equal (values[i], value))
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
}

/* For tests: the check button of the first or second value of an
 * either-or field. */
GtkWidget *
_ea_edit_dialog_get_either_button (EaEditDialog *self,
                                   const char   *key,
                                   gboolean      first)
{
  GtkWidget *check = g_hash_table_lookup (self->fields, key);

  if (check == NULL)
    return NULL;
  return first ? check : g_object_get_data (G_OBJECT (check), "ea-second");
}

/* For tests: as if Save was clicked. */
void
_ea_edit_dialog_save (EaEditDialog *self)
{
  save_cb (self);
}

void
_ea_edit_dialog_set_text (EaEditDialog *self,
                          const char   *key,
                          const char   *value)
{
  GtkWidget *field = g_hash_table_lookup (self->fields, key);

  if (GTK_IS_TEXT_VIEW (field))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field)), value, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (field), value);
}

void
_ea_edit_dialog_set_number (EaEditDialog *self,
                            const char   *key,
                            double        value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (g_hash_table_lookup (self->fields, key)), value);
}

const char *
_ea_edit_dialog_get_error (EaEditDialog *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}
