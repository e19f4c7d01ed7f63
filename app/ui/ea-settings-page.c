/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-settings-page"

#include "config.h"

#include "ea-settings-page-private.h"

#include <glib/gi18n.h>

#include "ea-toast.h"


/* Einstellungen, in the Verwaltung: the minimum area per person (a hard
 * rule) and the weights with which bed matching ranks the places. */

#define N_WEIGHTS 6
#define SAVE_DELAY_MS 800

struct _EaSettingsPage
{
  GtkWidget       parent_instance;

  EaSession      *session;
  GtkWidget      *page;
  GtkSpinButton  *area;
  GtkSpinButton  *weights[N_WEIGHTS];
  guint           save_id;
  gboolean        loading;
};

G_DEFINE_FINAL_TYPE (EaSettingsPage, ea_settings_page, GTK_TYPE_WIDGET)

/* In the order of EaMatchWeights. */
static const struct
{
  const char *title;
  const char *subtitle;
} weight_rows[N_WEIGHTS] = {
  { N_("Household together"),
    N_("One room gets it whole, one unit half, one facility a quarter; someone alone in a "
       "family room loses it") },
  { N_("Protected area"), N_("Women travelling alone and vulnerable persons in a women's area") },
  { N_("Shared language"), N_("A language in common with the roommates") },
  { N_("Same religion"), N_("Only when a search asks to prefer it") },
  { N_("Fill rooms begun"),
    N_("Single persons go where others live; whole free rooms stay for families") },
  { N_("Keep barrier-free rooms"), N_("Barrier-free rooms stay for those who need them") },
};

static void
show_toast (EaSettingsPage *self,
            const char     *text)
{
  AdwToast *toast = ea_toast_new (text);

  ea_toast_add (GTK_WIDGET (self), toast);
}

/* German numbers in the field: 7,5 not 7.5. */
static gboolean
spin_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = ea_format_decimal (gtk_spin_button_get_value (spin),
                                             gtk_spin_button_get_digits (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
spin_input_cb (GtkSpinButton *spin,
               double        *value)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin)));
  char *end = NULL;

  g_strdelimit (text, ",", '.');
  *value = g_ascii_strtod (text, &end);
  return end != NULL && end != text && *end == '\0' ? TRUE : GTK_INPUT_ERROR;
}

static gboolean
save_timeout_cb (gpointer data)
{
  EaSettingsPage *self = data;

  self->save_id = 0;
  _ea_settings_page_save (self);
  return G_SOURCE_REMOVE;
}

/* Saved a moment after the last change, as GNOME's settings are. */
static void
value_changed_cb (EaSettingsPage *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static GtkSpinButton *
add_spin_row (EaSettingsPage *self,
              GtkWidget      *group,
              const char     *title,
              const char     *subtitle,
              double          min,
              double          max,
              double          step,
              guint           digits,
              double          value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkAdjustment *adjustment = gtk_adjustment_new (value, min, max, step, step * 10, 0);
  GtkWidget *spin = gtk_spin_button_new (adjustment, step, digits);

  g_signal_connect (spin, "output", G_CALLBACK (spin_output_cb), NULL);
  g_signal_connect (spin, "input", G_CALLBACK (spin_input_cb), NULL);
  spin_output_cb (GTK_SPIN_BUTTON (spin));
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return GTK_SPIN_BUTTON (spin);
}

void
_ea_settings_page_save (EaSettingsPage *self)
{
  g_autoptr(GError) error = NULL;
  EaMatchWeights weights;
  double *slots = (double *) &weights;

  g_clear_handle_id (&self->save_id, g_source_remove);
  for (guint i = 0; i < N_WEIGHTS; i++)
    slots[i] = gtk_spin_button_get_value (self->weights[i]);
  if (!ea_housing_set_min_area (self->session, gtk_spin_button_get_value (self->area), &error) ||
      !ea_match_weights_save (self->session, &weights, &error))
    {
      show_toast (self, error->message);
      return;
    }
  show_toast (self, _("Saved. The settings apply to the next search for a bed."));
}

void
_ea_settings_page_set_value (EaSettingsPage *self,
                             guint           index,
                             double          value)
{
  gtk_spin_button_set_value (index == 0 ? self->area : self->weights[index - 1], value);
}

static void
ea_settings_page_dispose (GObject *object)
{
  EaSettingsPage *self = EA_SETTINGS_PAGE (object);

  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_pointer (&self->page, gtk_widget_unparent);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ea_settings_page_parent_class)->dispose (object);
}

static void
ea_settings_page_class_init (EaSettingsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ea_settings_page_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
ea_settings_page_init (EaSettingsPage *self)
{
}

/**
 * ea_settings_page_new:
 * @session: an administrator's session
 *
 * Returns: (transfer floating): the settings view
 */
EaSettingsPage *
ea_settings_page_new (EaSession *session)
{
  EaSettingsPage *self = g_object_new (EA_TYPE_SETTINGS_PAGE, NULL);
  GtkWidget *rules = adw_preferences_group_new ();
  GtkWidget *ranking = adw_preferences_group_new ();
  EaMatchWeights weights;
  double *slots = (double *) &weights;

  self->session = g_object_ref (session);
  self->page = adw_preferences_page_new ();
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));
  ea_match_weights_load (session, &weights);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (rules), _("Rooms"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (rules),
    _("A hard rule: no bed is given and nobody checked in where a room would have less."));
  self->loading = TRUE;
  self->area = add_spin_row (self, rules, _("Minimum area per person (m²)"),
                             _("Applies to new check-ins; those living in a room stay"),
                             4, 20, 0.5, 1, ea_housing_get_min_area (session));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (ranking), _("Ranking of Places"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (ranking),
    _("A place starts at 50 of 100 points; each preference it meets adds its weight, from 0 "
      "(ignored) to 50. The hard rules do not depend on these weights."));
  for (guint i = 0; i < N_WEIGHTS; i++)
    self->weights[i] = add_spin_row (self, ranking, _(weight_rows[i].title),
                                     _(weight_rows[i].subtitle), 0, EA_MATCH_WEIGHT_MAX, 1, 0,
                                     slots[i]);

  self->loading = FALSE;
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (rules));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (ranking));
  return self;
}
