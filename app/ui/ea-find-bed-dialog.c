/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-find-bed-dialog"

#include "config.h"

#include "ea-find-bed-dialog-private.h"

#include <glib/gi18n.h>

#include "ea-place-confirm.h"
#include "ea-toast.h"

/* Bett finden: criteria on the left (period, whole household, facility,
 * religion), the ranked places on the right with their reasons, and a
 * "Warum nicht?" of the rules that excluded rooms. One click reserves the
 * beds or checks the persons in, all of them or none; for a person who has
 * a bed already, it moves them there (the room plan's "another facility"). The matcher reads
 * the district once per period; changing the other criteria searches
 * again in memory. */
struct _EaFindBedDialog
{
  AdwWindow        parent_instance;

  EaSession       *session;
  gint64           person_id;
  char            *name;
  gboolean         move;         /* the person has a bed: move them, alone */
  EaBedMatcher    *matcher;
  GArray          *members;      /* of gint64: the household without a bed */
  GPtrArray       *candidates;   /* of EaBedCandidate */
  char            *explanation;  /* why nothing fits, or NULL */
  GArray          *facility_ids;

  AdwWindowTitle  *title;
  AdwToastOverlay *toasts;
  GtkWidget       *from_row;
  GtkWidget       *until_row;
  GtkWidget       *who_group;
  GtkWidget       *household_row;
  GtkWidget       *household_switch;
  GtkWidget       *facility_row;
  GtkWidget       *religion_row;
  GtkWidget       *results;      /* box of the result groups */
};

G_DEFINE_FINAL_TYPE (EaFindBedDialog, ea_find_bed_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_PLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void search (EaFindBedDialog *self);

static void
ea_find_bed_dialog_finalize (GObject *object)
{
  EaFindBedDialog *self = EA_FIND_BED_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->matcher);
  g_free (self->name);
  g_clear_pointer (&self->members, g_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_free (self->explanation);
  g_clear_pointer (&self->facility_ids, g_array_unref);
  G_OBJECT_CLASS (ea_find_bed_dialog_parent_class)->finalize (object);
}

static void
ea_find_bed_dialog_class_init (EaFindBedDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ea_find_bed_dialog_finalize;

  /**
   * EaFindBedDialog::placed:
   * @message: what was done, for a toast
   *
   * Beds were reserved or persons checked in; the dialog closes.
   */
  signals[SIGNAL_PLACED] = g_signal_new ("placed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ea_find_bed_dialog_init (EaFindBedDialog *self)
{
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_bed_candidate_free);
}

static void
show_error (EaFindBedDialog *self,
            const char      *message)
{
  AdwToast *toast = ea_toast_new (message);

  adw_toast_overlay_add_toast (self->toasts, toast);
}

/* Criteria */

/**
 * ea_religion_row_new:
 * @session: the session
 *
 * The choice how the roommates' religion counts: egal, bevorzugen,
 * erforderlich. Religion is special-category data: the row is shown only
 * to roles that may see it, and it is never a silent filter.
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
ea_religion_row_new (EaSession *session)
{
  GtkWidget *row = adw_combo_row_new ();
  const char *religions[] = { _("Ignore"), _("Prefer"), _("Require"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (religions);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Roommates' religion"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  gtk_widget_set_visible (row, ea_session_can (session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES));
  return row;
}

EaReligionMode
ea_religion_row_get_mode (GtkWidget *row)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  if (!gtk_widget_get_visible (row) || selected > EA_RELIGION_REQUIRE)
    return EA_RELIGION_IGNORE;
  return (EaReligionMode) selected;
}

static GtkWidget *
criteria_group (const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  return group;
}

/* The facility chosen, or 0 for all. */
static gint64
selected_facility (EaFindBedDialog *self)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->facility_row));

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return 0;
  return g_array_index (self->facility_ids, gint64, selected - 1);
}

/* The matcher for the period in the entries; the district is read again
 * only when the period changed. */
static gboolean
load_matcher (EaFindBedDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_row));
  const char *until = gtk_editable_get_text (GTK_EDITABLE (self->until_row));
  g_autoptr(EaBedMatcher) matcher = NULL;

  matcher = ea_bed_matcher_new (self->session, from[0] != '\0' ? from : NULL,
                                until[0] != '\0' ? until : NULL, &error);
  if (matcher == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  g_clear_pointer (&self->members, g_array_unref);
  self->members = ea_bed_matcher_dup_household_of (matcher, self->person_id, &error);
  if (self->members == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  ea_bed_matcher_set_facility (matcher, selected_facility (self));
  g_set_object (&self->matcher, matcher);
  return TRUE;
}

static void
period_changed_cb (EaFindBedDialog *self)
{
  if (load_matcher (self))
    search (self);
}

static void
criteria_changed_cb (EaFindBedDialog *self)
{
  if (self->matcher == NULL)
    return;
  ea_bed_matcher_set_facility (self->matcher, selected_facility (self));
  search (self);
}

static GtkWidget *
date_row (EaFindBedDialog *self,
          const char      *title,
          const char      *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_connect_object (row, "apply", G_CALLBACK (period_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (period_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return row;
}

static GtkWidget *
build_criteria (EaFindBedDialog *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *period = criteria_group (_("Period"));
  GtkWidget *who = self->who_group = criteria_group (_("Who"));
  GtkWidget *where = criteria_group (_("Preferences"));
  g_autofree char *today = ea_clock_today ();
  g_autofree char *shown = ea_date_format (today);
  g_autoptr(GtkStringList) facilities = gtk_string_list_new (NULL);
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  /* A side panel of its own width; the places take the rest. */
  gtk_widget_set_size_request (page, 340, -1);
  gtk_widget_set_hexpand (page, FALSE);
  self->from_row = date_row (self, _("First night (DD.MM.YYYY)"), shown);
  self->until_row = date_row (self, _("Moving out (empty: open-ended)"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (period), self->from_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (period), self->until_row);

  self->household_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->household_row),
                                 _("Whole household"));
  self->household_switch = gtk_switch_new ();
  gtk_widget_set_valign (self->household_switch, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->household_row), self->household_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->household_row),
                                         self->household_switch);
  g_signal_connect_object (self->household_switch, "notify::active",
                           G_CALLBACK (criteria_changed_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (who), self->household_row);

  gtk_string_list_append (facilities, _("All Facilities"));
  if (ea_housing_list_facilities (self->session, &self->facility_ids, &names, &error))
    for (guint i = 0; names[i] != NULL; i++)
      gtk_string_list_append (facilities, names[i]);
  else
    self->facility_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->facility_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->facility_row), _("Facility"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->facility_row), G_LIST_MODEL (facilities));
  g_signal_connect_object (self->facility_row, "notify::selected",
                           G_CALLBACK (criteria_changed_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (where), self->facility_row);

  self->religion_row = ea_religion_row_new (self->session);
  g_signal_connect_object (self->religion_row, "notify::selected",
                           G_CALLBACK (criteria_changed_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (where), self->religion_row);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (period));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (who));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (where));
  return page;
}

/* Results */

static char *
describe_rule (const char *rule)
{
  if (g_strcmp0 (rule, "men") == 0)
    return g_strdup (_("men"));
  if (g_strcmp0 (rule, "women") == 0)
    return g_strdup (_("women"));
  if (g_strcmp0 (rule, "family") == 0)
    return g_strdup (_("family"));
  return g_strdup (_("mixed"));
}

static char *
describe_beds (const EaBedCandidate *c)
{
  GString *beds = g_string_new (NULL);

  for (guint b = 0; b < c->bed_labels->len; b++)
    {
      if (b > 0)
        g_string_append (beds, ", ");
      if (c->n_rooms > 1)
        g_string_append_printf (beds, "%s ", (const char *) g_ptr_array_index (c->room_names, b));
      g_string_append (beds, g_ptr_array_index (c->bed_labels, b));
    }
  return g_string_free (beds, FALSE);
}

static void
place_clicked_cb (GtkButton       *button,
                  EaFindBedDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ea-index"));
  gboolean check_in = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ea-check-in"));

  _ea_find_bed_dialog_place (self, index, check_in);
}

static GtkWidget *
place_button (EaFindBedDialog *self,
              const char      *label,
              guint            index,
              gboolean         check_in)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "ea-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (button), "ea-check-in", GUINT_TO_POINTER (check_in));
  g_signal_connect_object (button, "clicked", G_CALLBACK (place_clicked_cb), self, 0);
  return button;
}

static GtkWidget *
candidate_row (EaFindBedDialog      *self,
               const EaBedCandidate *c,
               guint                 index)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (c->n_rooms > 1 ? _("%s · rooms %s")
                                                           : _("%s · room %s"),
                                            c->facility, c->room);
  g_autofree char *beds = describe_beds (c);
  g_autofree char *rule = describe_rule (c->rule);
  g_autofree char *area = ea_format_decimal (c->area, c->area == (int) c->area ? 0 : 1);
  g_autofree char *reasons = g_strjoinv (" · ", c->reasons);
  g_autofree char *subtitle = NULL;
  g_autofree char *score = g_strdup_printf ("%.0f", c->score);
  GtkWidget *score_label = gtk_label_new (score);
  gboolean can_place = ea_session_can (self->session, EA_RIGHT_EDIT_STAYS);

  /* "Bett B" for one, "Betten A, B" for more. */
  if (c->n_rooms > 1)
    subtitle = g_strdup_printf (c->bed_labels->len == 1 ? _("%s · bed %s\n%s")
                                                        : _("%s · beds %s\n%s"),
                                c->unit, beds, reasons);
  else
    subtitle = g_strdup_printf (c->bed_labels->len == 1
                                ? _("%s · bed %s · %s m², %d places, %s\n%s")
                                : _("%s · beds %s · %s m², %d places, %s\n%s"),
                                c->unit, beds, area, c->capacity, rule, reasons);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_set_tooltip_text (score_label, _("Score from 0 to 100: how well the place "
                                              "meets the preferences"));
  gtk_widget_add_css_class (score_label, "dim-label");
  gtk_widget_add_css_class (score_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), score_label);
  if (can_place && self->move)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               place_button (self, _("_Move Here"), index, TRUE));
  else if (can_place)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 place_button (self, _("_Reserve"), index, FALSE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 place_button (self, _("_Check In"), index, TRUE));
    }
  return row;
}

static void
clear_results (EaFindBedDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->results)) != NULL)
    gtk_box_remove (GTK_BOX (self->results), child);
}

static void
search (EaFindBedDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unplaceable = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *exclusions = NULL;
  gboolean household = gtk_switch_get_active (GTK_SWITCH (self->household_switch));
  EaReligionMode religion = ea_religion_row_get_mode (self->religion_row);
  const gint64 *ids = household ? (const gint64 *) self->members->data : &self->person_id;
  guint n = household ? self->members->len : 1;
  GtkWidget *group;

  found = ea_bed_matcher_find (self->matcher, ids, n, religion, 10,
                               &unplaceable, &error);
  clear_results (self);
  g_ptr_array_set_size (self->candidates, 0);
  g_clear_pointer (&self->explanation, g_free);
  if (found == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_ptr_array_extend_and_steal (self->candidates, g_steal_pointer (&found));

  if (self->candidates->len == 0)
    {
      GtkWidget *status = adw_status_page_new ();
      GString *why = g_string_new (NULL);

      /* The reasons, each once: a household's members mostly share one. */
      for (guint i = 0; i < unplaceable->len; i++)
        {
          EaUnplaceable *u = g_ptr_array_index (unplaceable, i);

          if (strstr (why->str, u->reason) == NULL)
            g_string_append_printf (why, "%s%s", why->len > 0 ? "\n\n" : "", u->reason);
        }
      self->explanation = g_string_free (why, FALSE);
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "system-search-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Bed Fits"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status), self->explanation);
      gtk_widget_set_vexpand (status, TRUE);
      gtk_box_append (GTK_BOX (self->results), status);
      return;
    }

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Suggestions"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("The best places by the preferences, each with the beds to use and the reasons. Every "
      "place keeps all the rules."));
  for (guint i = 0; i < self->candidates->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               candidate_row (self, g_ptr_array_index (self->candidates, i), i));
  gtk_box_append (GTK_BOX (self->results), group);

  for (guint i = 0; unplaceable != NULL && i < unplaceable->len; i++)
    {
      EaUnplaceable *u = g_ptr_array_index (unplaceable, i);
      GtkWidget *note = adw_preferences_group_new ();
      g_autofree char *text = g_strdup_printf (_("%s is not placed: %s"), u->name, u->reason);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (note), text);
      gtk_box_append (GTK_BOX (self->results), note);
    }

  exclusions = ea_bed_matcher_dup_exclusions (self->matcher);
  if (exclusions != NULL)
    {
      GtkWidget *why_group = adw_preferences_group_new ();
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *label = gtk_label_new (exclusions);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Why Not Elsewhere?"));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                     _("Rooms with enough free beds that a rule excludes"));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (why_group), expander);
      gtk_box_append (GTK_BOX (self->results), why_group);
    }
}

/* Both dialogs: to place a person without a bed (and their household),
 * or to move one who has a bed. */
static EaFindBedDialog *
find_bed_dialog_new (GtkWindow  *parent,
                     EaSession  *session,
                     gint64      person_id,
                     const char *name,
                     gboolean    household,
                     gboolean    move)
{
  EaFindBedDialog *self = g_object_new (EA_TYPE_FIND_BED_DIALOG, NULL);
  const char *heading = move ? _("Move to Another Bed") : _("Find a Bed");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *panes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->session = g_object_ref (session);
  self->person_id = person_id;
  self->name = g_strdup (name);
  self->move = move;
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 1040, 680);
  gtk_window_set_title (GTK_WINDOW (self), heading);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (heading, name));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);

  gtk_box_append (GTK_BOX (panes), build_criteria (self));
  gtk_box_append (GTK_BOX (panes), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  self->results = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (self->results, 24);
  gtk_widget_set_margin_bottom (self->results, 24);
  gtk_widget_set_margin_start (self->results, 12);
  gtk_widget_set_margin_end (self->results, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->results);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (panes), scroller);
  gtk_widget_set_vexpand (panes, TRUE);
  gtk_box_append (GTK_BOX (box), panes);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));

  if (load_matcher (self))
    {
      g_autofree char *members = NULL;

      /* Only members without a bed come along; a move is of one person. */
      if (move)
        g_array_set_size (self->members, 1);
      gtk_widget_set_visible (self->who_group, !move && self->members->len > 1);
      members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person without a bed",
                                              "%u persons without a bed", self->members->len),
                                 self->members->len);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->household_row), members);
      g_signal_handlers_block_by_func (self->household_switch, criteria_changed_cb, self);
      gtk_switch_set_active (GTK_SWITCH (self->household_switch),
                             household && self->members->len > 1);
      g_signal_handlers_unblock_by_func (self->household_switch, criteria_changed_cb, self);
      search (self);
    }
  gtk_window_present (GTK_WINDOW (self));
  /* The places first, not the date field. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  return self;
}

/**
 * ea_find_bed_dialog_new:
 * @parent: the main window
 * @session: the session
 * @person_id: the person
 * @name: the person's name, for the title
 * @household: %TRUE to place the household's members without a bed too
 *
 * Returns: (transfer none): the dialog, presented
 */
EaFindBedDialog *
ea_find_bed_dialog_new (GtkWindow  *parent,
                        EaSession  *session,
                        gint64      person_id,
                        const char *name,
                        gboolean    household)
{
  return find_bed_dialog_new (parent, session, person_id, name, household, FALSE);
}

/**
 * ea_find_bed_dialog_new_move:
 * @parent: the main window
 * @session: the session
 * @person_id: a person who has a bed
 * @name: (nullable): the person's name, for the title
 *
 * The places for a move, in any facility, ranked as Bett finden ranks
 * them; "Move here" moves the person on the first night given.
 *
 * Returns: (transfer none): the dialog, presented
 */
EaFindBedDialog *
ea_find_bed_dialog_new_move (GtkWindow  *parent,
                             EaSession  *session,
                             gint64      person_id,
                             const char *name)
{
  return find_bed_dialog_new (parent, session, person_id, name, FALSE, TRUE);
}

guint
_ea_find_bed_dialog_get_n_candidates (EaFindBedDialog *self)
{
  return self->candidates->len;
}

const EaBedCandidate *
_ea_find_bed_dialog_get_candidate (EaFindBedDialog *self,
                                   guint            index)
{
  return index < self->candidates->len ? g_ptr_array_index (self->candidates, index) : NULL;
}

const char *
_ea_find_bed_dialog_get_explanation (EaFindBedDialog *self)
{
  return self->explanation;
}

void
_ea_find_bed_dialog_set_household (EaFindBedDialog *self,
                                   gboolean         household)
{
  gtk_switch_set_active (GTK_SWITCH (self->household_switch), household);
}

static void place (EaFindBedDialog *self,
                   guint            index,
                   gboolean         check_in,
                   EaPlaceFlags     flags,
                   const char      *replaced);

/* A placing that waits for the user's answer (ea_place_confirm()). */
typedef struct
{
  EaFindBedDialog *self;
  guint            index;
  gboolean         check_in;
} Asking;

static void
asking_free (gpointer data)
{
  Asking *asking = data;

  g_object_unref (asking->self);
  g_free (asking);
}

static void
place_confirmed (EaPlaceFlags flags,
                 gpointer     data)
{
  Asking *asking = data;
  g_autofree char *replaced = NULL;

  /* Read before it is replaced, to say what was. */
  if ((flags & EA_PLACE_REPLACE_RESERVATION) != 0)
    replaced = ea_housing_dup_reservation (asking->self->session, asking->self->person_id);
  place (asking->self, asking->index, asking->check_in, flags,
         (flags & EA_PLACE_REPLACE_RESERVATION) != 0
         ? (replaced != NULL ? replaced : "") : NULL);
}

/* Reserves or checks in: the whole group, or nothing with the message. */
void
_ea_find_bed_dialog_place (EaFindBedDialog *self,
                           guint            index,
                           gboolean         check_in)
{
  place (self, index, check_in, EA_PLACE_DEFAULT, NULL);
}

static void
place (EaFindBedDialog *self,
       guint            index,
       gboolean         check_in,
       EaPlaceFlags     flags,
       const char      *replaced)
{
  g_autoptr(GError) error = NULL;
  const EaBedCandidate *c = _ea_find_bed_dialog_get_candidate (self, index);
  g_autofree char *message = NULL;
  guint n;

  if (c == NULL)
    return;
  n = c->person_ids->len;
  if (self->move)
    {
      const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_row));
      gint64 old_stay = 0;

      if (ea_housing_move (self->session, self->person_id, g_array_index (c->bed_ids, gint64, 0),
                           from[0] != '\0' ? from : NULL, &old_stay, &error) == 0)
        {
          show_error (self, error->message);
          return;
        }
      message = g_strdup_printf (_("%s moved: %s, room %s, bed %s."),
                                 self->name != NULL ? self->name : "", c->facility, c->room,
                                 (const char *) g_ptr_array_index (c->bed_labels, 0));
      g_signal_emit (self, signals[SIGNAL_PLACED], 0, message);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (!ea_bed_matcher_place_full (self->matcher, c, check_in, flags, &error))
    {
      Asking *asking = g_new0 (Asking, 1);

      /* A person who holds a reservation already: asked first, never
       * replaced without a word. */
      asking->self = g_object_ref (self);
      asking->index = index;
      asking->check_in = check_in;
      if (ea_place_confirm (GTK_WIDGET (self), error, flags, place_confirmed, asking,
                            asking_free) == NULL)
        show_error (self, error->message);
      return;
    }
  if (n > 1 && c->n_rooms > 1)
    message = g_strdup_printf (check_in ? _("%u persons checked in: %s, rooms %s.")
                                        : _("Beds reserved for %u persons: %s, rooms %s."),
                               n, c->facility, c->room);
  else if (n > 1)
    message = g_strdup_printf (check_in ? _("%u persons checked in: %s, room %s.")
                                        : _("Beds reserved for %u persons: %s, room %s."),
                               n, c->facility, c->room);
  else
    message = g_strdup_printf (check_in ? _("%s checked in: %s, room %s, bed %s.")
                                        : _("Bed reserved for %s: %s, room %s, bed %s."),
                               self->name, c->facility, c->room,
                               (const char *) g_ptr_array_index (c->bed_labels, 0));
  if (replaced != NULL)
    {
      char *with = replaced[0] != '\0'
                   ? g_strdup_printf (_("%s The earlier reservation is cancelled: %s."), message,
                                      replaced)
                   : g_strdup_printf (_("%s The earlier reservations are cancelled."), message);

      g_free (message);
      message = with;
    }
  g_signal_emit (self, signals[SIGNAL_PLACED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}
