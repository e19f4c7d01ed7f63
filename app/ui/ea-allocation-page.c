/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-allocation-page"

#include "config.h"

#include "ea-allocation-page-private.h"

#include <glib/gi18n.h>

#include "ea-find-bed-dialog.h"
#include "ea-toast.h"

/* Ankünfte verteilen: a proposal for every expected arrival without a bed
 * up to a day, one row per household with its room, beds and reasons.
 * Each household can be left out or given another place; "Alle
 * übernehmen" reserves all beds in one transaction. Those who cannot be
 * placed are listed with the reason; unaccompanied minors with the
 * youth office's. */
struct _EaAllocationPage
{
  GtkWidget         parent_instance;

  EaSession        *session;
  EaAllocation     *allocation;
  /* A proposal being computed in a worker thread, and how far it is. */
  GCancellable     *computing;
  GtkWidget        *progress_bar;
  guint             progress_source;
  gint              permille;
  gboolean          hold;

  GtkWidget        *box;
  AdwWindowTitle   *title;
  GtkWidget        *confirm_button;
  GtkWidget        *until_row;
  GtkWidget        *religion_row;
  GtkWidget        *results;

  /* The proposal's households and those not placed, each list shown in
   * parts (SHOWN_AT_ONCE more each time): a thousand rows at once held
   * the window still for seconds on a district of 100,000 persons. */
  GArray           *group_starts;     /* guint: first row of each household */
  GArray           *unplaced_starts;  /* guint: first of each household not placed */
  guint             groups_shown;
  guint             unplaced_shown;
  guint             at_once;          /* SHOWN_AT_ONCE; fewer in tests */
  GtkWidget        *proposal_group;
  GtkWidget        *unplaced_group;
  GtkWidget        *more_groups;
  GtkWidget        *more_unplaced;
  /* The row shown for each household of the proposal, by group. */
  GHashTable       *group_rows;
};

#define SHOWN_AT_ONCE 20

G_DEFINE_FINAL_TYPE (EaAllocationPage, ea_allocation_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_BACK,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_proposal    (EaAllocationPage *self);
static void find_households  (EaAllocationPage *self);
static void update_group_row (EaAllocationPage *self,
                              guint             group);
static void show_summary     (EaAllocationPage *self);

static void
clear_results (EaAllocationPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->results)) != NULL)
    gtk_box_remove (GTK_BOX (self->results), child);
  self->proposal_group = self->unplaced_group = NULL;
  self->more_groups = self->more_unplaced = NULL;
  if (self->group_rows != NULL)
    g_hash_table_remove_all (self->group_rows);
}

/* The rows of one household, with their beds. */
static char *
describe_group (GPtrArray  *rows,
                guint       first,
                guint       last,
                char      **names)
{
  EaAllocationRow *head = g_ptr_array_index (rows, first);
  GString *who = g_string_new (NULL);
  GString *where = g_string_new (NULL);
  g_autofree char *reasons = g_strjoinv (" · ", head->reasons);
  const char *room = NULL;

  for (guint i = first; i <= last; i++)
    {
      EaAllocationRow *row = g_ptr_array_index (rows, i);

      if (i - first < 3)
        g_string_append_printf (who, "%s%s", who->len > 0 ? "; " : "", row->name);
      else if (i == last)
        g_string_append_printf (who, g_dngettext (GETTEXT_PACKAGE, " and %u more",
                                                  " and %u more", last - first - 2),
                                last - first - 2);
      if (row->skipped)
        continue;
      /* A household is placed in one facility: it is named once, then
       * each room with its beds. */
      if (where->len == 0)
        g_string_append_printf (where, "%s · ", row->facility);
      if (g_strcmp0 (room, row->room) != 0)
        {
          g_string_append_printf (where, "%s%s, %s %s: %s %s", room != NULL ? "; " : "",
                                  row->unit, _("room"), row->room, _("bed"), row->bed);
          room = row->room;
        }
      else
        g_string_append_printf (where, ", %s", row->bed);
    }
  *names = g_string_free (who, FALSE);
  if (head->skipped)
    {
      g_string_free (where, TRUE);
      return g_strdup (_("Not placed now: left out of this proposal."));
    }
  g_string_append_printf (where, "\n%s", reasons);
  return g_string_free (where, FALSE);
}

static void
include_toggled_cb (GtkCheckButton   *check,
                    EaAllocationPage *self)
{
  g_autoptr(GError) error = NULL;
  guint group = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "ea-group"));

  if (!ea_allocation_set_skipped (self->allocation, group,
                                  !gtk_check_button_get_active (check), &error))
    {
      /* Placed elsewhere or not at all: the whole proposal again. */
      ea_toast_show (GTK_WIDGET (self), error->message);
      show_proposal (self);
      return;
    }
  /* Only this household changed: its row and the counts, not the rows
   * shown (a few milliseconds each, hundreds when shown). */
  find_households (self);
  update_group_row (self, group);
  show_summary (self);
}

static void
alternative_clicked_cb (GtkButton        *button,
                        EaAllocationPage *self)
{
  guint group = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ea-group"));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ea-index"));

  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                             GTK_TYPE_POPOVER)));
  _ea_allocation_page_change (self, group, index);
}

/* The alternatives are searched when the popover opens: with the rest of
 * the proposal as it is then. */
static void
alternatives_shown_cb (GtkPopover       *popover,
                       EaAllocationPage *self)
{
  g_autoptr(GError) error = NULL;
  guint group = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (popover), "ea-group"));
  g_autoptr(GPtrArray) found = ea_allocation_find_alternatives (self->allocation, group, 8,
                                                                &error);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (_("Other Places"));

  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_bottom (heading, 6);
  gtk_box_append (GTK_BOX (box), heading);
  if (found == NULL || found->len == 0)
    gtk_box_append (GTK_BOX (box), gtk_label_new (found == NULL ? error->message
                                                                : _("No other place fits.")));
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      EaBedCandidate *c = g_ptr_array_index (found, i);
      g_autofree char *reasons = g_strjoinv (" · ", c->reasons);
      g_autofree char *text = g_strdup_printf ("%s · %s · %s %s (%.0f)\n%s", c->facility,
                                               c->unit, _("room"), c->room, c->score, reasons);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "ea-group", GUINT_TO_POINTER (group));
      g_object_set_data (G_OBJECT (button), "ea-index", GUINT_TO_POINTER (i));
      g_signal_connect_object (button, "clicked", G_CALLBACK (alternative_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_popover_set_child (popover, box);
}

static void
create_alternatives_popover (GtkMenuButton *button,
                             gpointer       data)
{
  EaAllocationPage *self = data;
  GtkWidget *popover = gtk_popover_new ();

  g_object_set_data (G_OBJECT (popover), "ea-group",
                     g_object_get_data (G_OBJECT (button), "ea-group"));
  g_signal_connect_object (popover, "show", G_CALLBACK (alternatives_shown_cb), self, 0);
  gtk_menu_button_set_popover (button, popover);
}

static GtkWidget *
group_row (EaAllocationPage *self,
           GPtrArray        *rows,
           guint             first,
           guint             last)
{
  EaAllocationRow *head = g_ptr_array_index (rows, first);
  g_autofree char *names = NULL;
  g_autofree char *where = describe_group (rows, first, last, &names);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *change = gtk_menu_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !head->skipped);
  gtk_widget_set_tooltip_text (check, _("Place this household now"));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (check), "ea-group", GUINT_TO_POINTER (head->group));
  g_signal_connect_object (check, "toggled", G_CALLBACK (include_toggled_cb), self, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (change), _("Change"));
  gtk_widget_set_tooltip_text (change, _("Choose another place for the household"));
  gtk_widget_set_valign (change, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (change, !head->skipped);
  g_object_set_data (G_OBJECT (change), "ea-group", GUINT_TO_POINTER (head->group));
  /* The popover is made when it first opens: a row is cheaper without. */
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (change), create_alternatives_popover,
                                         self, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), change);
  g_object_set_data (G_OBJECT (row), "ea-change", change);
  g_hash_table_insert (self->group_rows, GUINT_TO_POINTER (head->group), row);
  return row;
}

/* The row of @group says what the proposal now does with the household. */
static void
update_group_row (EaAllocationPage *self,
                  guint             group)
{
  GPtrArray *rows = ea_allocation_get_rows (self->allocation);
  GtkWidget *row = g_hash_table_lookup (self->group_rows, GUINT_TO_POINTER (group));

  if (row == NULL)
    return;
  for (guint k = 0; k < self->group_starts->len; k++)
    {
      guint first = g_array_index (self->group_starts, guint, k);
      guint end = k + 1 < self->group_starts->len
                  ? g_array_index (self->group_starts, guint, k + 1) : rows->len;
      EaAllocationRow *head = g_ptr_array_index (rows, first);
      g_autofree char *names = NULL;
      g_autofree char *where = NULL;

      if (head->group != group)
        continue;
      where = describe_group (rows, first, end - 1, &names);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "ea-change"), !head->skipped);
      return;
    }
}

/* The row of the @index-th household not placed: its members share the
 * reason. */
static GtkWidget *
unplaced_row (EaAllocationPage *self,
              guint             index)
{
  GPtrArray *unplaced = ea_allocation_get_unplaced (self->allocation);
  guint first = g_array_index (self->unplaced_starts, guint, index);
  guint end = index + 1 < self->unplaced_starts->len
              ? g_array_index (self->unplaced_starts, guint, index + 1) : unplaced->len;
  EaUnplaceable *u = g_ptr_array_index (unplaced, first);
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) names = g_string_new (u->name);

  for (guint i = first + 1; i < end; i++)
    g_string_append_printf (names, "; %s",
                            ((EaUnplaceable *) g_ptr_array_index (unplaced, i))->name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names->str);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), u->reason);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  return row;
}

static GtkWidget *
household_row (EaAllocationPage *self,
               guint             index)
{
  GPtrArray *rows = ea_allocation_get_rows (self->allocation);
  guint first = g_array_index (self->group_starts, guint, index);
  guint end = index + 1 < self->group_starts->len
              ? g_array_index (self->group_starts, guint, index + 1) : rows->len;

  return group_row (self, rows, first, end - 1);
}

static void show_more_clicked_cb (GtkButton *button, EaAllocationPage *self);

/* Adds the next SHOWN_AT_ONCE households of one list to its group, and a
 * row to show more while some are left. */
static void
show_more (EaAllocationPage *self,
           gboolean          unplaced)
{
  GtkWidget *group = unplaced ? self->unplaced_group : self->proposal_group;
  GtkWidget **more = unplaced ? &self->more_unplaced : &self->more_groups;
  guint *shown = unplaced ? &self->unplaced_shown : &self->groups_shown;
  guint total = unplaced ? self->unplaced_starts->len : self->group_starts->len;
  guint until = MIN (total, *shown + self->at_once);
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  GtkWidget *button;

  if (*more != NULL)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), *more);
  *more = NULL;
  for (; *shown < until; (*shown)++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               unplaced ? unplaced_row (self, *shown)
                                        : household_row (self, *shown));
  if (*shown == total)
    return;
  *more = adw_action_row_new ();
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u household shown",
                                        "%u of %u households shown", total), *shown, total);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (*more), title);
  label = g_strdup_printf (_("Show %u More"), MIN (self->at_once, total - *shown));
  button = gtk_button_new_with_label (label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "ea-unplaced", GINT_TO_POINTER (unplaced));
  g_signal_connect_object (button, "clicked", G_CALLBACK (show_more_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (*more), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (*more), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), *more);
}

static void
show_more_clicked_cb (GtkButton        *button,
                      EaAllocationPage *self)
{
  show_more (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "ea-unplaced")));
}

/* The households of the proposal and those not placed: where each
 * begins. */
static void
find_households (EaAllocationPage *self)
{
  GPtrArray *rows = ea_allocation_get_rows (self->allocation);
  GPtrArray *unplaced = ea_allocation_get_unplaced (self->allocation);

  g_array_set_size (self->group_starts, 0);
  for (guint i = 0; i < rows->len; i++)
    if (i == 0 || ((EaAllocationRow *) g_ptr_array_index (rows, i))->group !=
                  ((EaAllocationRow *) g_ptr_array_index (rows, i - 1))->group)
      g_array_append_val (self->group_starts, i);
  g_array_set_size (self->unplaced_starts, 0);
  for (guint i = 0; i < unplaced->len; i++)
    {
      EaUnplaceable *u = g_ptr_array_index (unplaced, i);
      EaUnplaceable *before = i > 0 ? g_ptr_array_index (unplaced, i - 1) : NULL;

      if (before == NULL || u->household_id == 0 || before->household_id != u->household_id ||
          g_strcmp0 (before->reason, u->reason) != 0)
        g_array_append_val (self->unplaced_starts, i);
    }
}

/* How many the proposal places, in the title and above the proposal. */
static void
show_summary (EaAllocationPage *self)
{
  GPtrArray *unplaced = ea_allocation_get_unplaced (self->allocation);
  guint placed = ea_allocation_get_n_placed (self->allocation);
  g_autofree char *summary = NULL;
  g_autofree char *subtitle = NULL;

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The proposal places %u person; %u cannot be placed. "
                                          "Nothing is stored until you confirm it.",
                                          "The proposal places %u persons; %u cannot be placed. "
                                          "Nothing is stored until you confirm it.", placed),
                             placed, unplaced->len);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person placed",
                                           "%u persons placed", placed), placed);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_widget_set_sensitive (self->confirm_button, placed > 0);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->proposal_group), summary);
}

/* Shows the proposal with as many households as were shown before
 * (at least SHOWN_AT_ONCE of each list). */
static void
show_proposal (EaAllocationPage *self)
{
  GPtrArray *rows = ea_allocation_get_rows (self->allocation);
  GPtrArray *unplaced = ea_allocation_get_unplaced (self->allocation);
  guint groups = MAX (self->groups_shown, self->at_once);
  guint rest = MAX (self->unplaced_shown, self->at_once);

  clear_results (self);
  find_households (self);
  self->proposal_group = adw_preferences_group_new ();
  self->unplaced_group = NULL;
  self->more_groups = self->more_unplaced = NULL;
  self->groups_shown = self->unplaced_shown = 0;
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->proposal_group), _("Proposal"));
  show_summary (self);
  if (rows->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none),
                                     unplaced->len > 0
                                       ? _("None of them can be placed now.")
                                       : _("No expected arrival without a bed up to this day."));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->proposal_group), none);
    }
  while (self->groups_shown < MIN (groups, self->group_starts->len))
    show_more (self, FALSE);
  gtk_box_append (GTK_BOX (self->results), self->proposal_group);

  if (unplaced->len == 0)
    return;
  self->unplaced_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->unplaced_group), _("Not Placed"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->unplaced_group),
    _("Unaccompanied minors are the youth office's responsibility. For the others no bed "
      "keeps all the rules; the reason says which."));
  while (self->unplaced_shown < MIN (rest, self->unplaced_starts->len))
    show_more (self, TRUE);
  gtk_box_append (GTK_BOX (self->results), self->unplaced_group);
}

/* A proposal computed in a worker thread, on a session of its own: on
 * a district of 100,000 persons it takes seconds, and the window stays
 * responsive meanwhile. */
typedef struct
{
  EaSession      *session;
  char           *until;
  EaReligionMode  religion;
  gint           *permille;   /* the page's, read by its timeout */
  gboolean        hold;       /* tests: wait until cancelled */
} Proposing;

static void
proposing_free (gpointer data)
{
  Proposing *p = data;

  g_clear_object (&p->session);
  g_free (p->until);
  g_free (p->permille);
  g_free (p);
}

static void
progress_cb (double   fraction,
             gpointer data)
{
  g_atomic_int_set ((gint *) data, (gint) (fraction * 1000));
}

static void
propose_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Proposing *p = task_data;
  GError *error = NULL;
  EaAllocation *allocation;

  while (p->hold && !g_cancellable_is_cancelled (cancellable))
    g_usleep (10 * 1000);
  allocation = ea_allocation_new_full (p->session, p->until, p->religion, progress_cb,
                                       p->permille, cancellable, &error);
  if (allocation == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, allocation, g_object_unref);
}

static gboolean
progress_tick_cb (gpointer data)
{
  EaAllocationPage *self = data;
  Proposing *p;

  if (self->progress_bar == NULL || self->computing == NULL)
    return G_SOURCE_CONTINUE;
  p = g_object_get_data (G_OBJECT (self->computing), "ea-proposing");
  if (p != NULL)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                   g_atomic_int_get (p->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
stop_progress (EaAllocationPage *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->progress_bar = NULL;
}

static void
proposed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  EaAllocationPage *self = EA_ALLOCATION_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(EaAllocation) allocation = g_task_propagate_pointer (G_TASK (result), &error);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));


  /* A newer proposal replaced this one: that one shows. */
  if (cancellable != self->computing)
    return;
  g_clear_object (&self->computing);
  stop_progress (self);
  if (allocation == NULL)
    {
      GtkWidget *label;

      clear_results (self);
      label = gtk_label_new (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                             ? _("The proposal was cancelled. “Propose Again” computes a new "
                                 "one.")
                             : error->message);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self->results), label);
      g_clear_object (&self->allocation);
      return;
    }
  g_set_object (&self->allocation, allocation);
  self->groups_shown = self->unplaced_shown = 0;
  show_proposal (self);
}

static void
cancel_clicked_cb (EaAllocationPage *self)
{
  _ea_allocation_page_cancel (self);
}

/**
 * ea_allocation_page_propose:
 *
 * Computes a new proposal for the day and religion chosen, in a worker
 * thread: the page shows how far it is and offers to cancel.
 */
void
ea_allocation_page_propose (EaAllocationPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *until = gtk_editable_get_text (GTK_EDITABLE (self->until_row));
  g_autoptr(GTask) task = NULL;
  Proposing *p;
  GtkWidget *box, *label, *cancel;

  if (self->computing != NULL)
    g_cancellable_cancel (self->computing);
  g_clear_object (&self->computing);
  stop_progress (self);

  p = g_new0 (Proposing, 1);
  p->session = ea_session_open_copy (self->session, &error);
  if (p->session == NULL)
    {
      proposing_free (p);
      ea_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  p->until = until[0] != '\0' ? g_strdup (until) : NULL;
  p->religion = ea_religion_row_get_mode (self->religion_row);
  p->permille = g_new0 (gint, 1);
  p->hold = self->hold;
  self->hold = FALSE;

  /* Until it is there: how far it is, and a way out. */
  clear_results (self);
  g_clear_object (&self->allocation);
  gtk_widget_set_sensitive (self->confirm_button, FALSE);
  adw_window_title_set_subtitle (self->title, NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  label = gtk_label_new (_("Computing the proposal …"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  self->progress_bar = gtk_progress_bar_new ();
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_halign (cancel, GTK_ALIGN_START);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), self->progress_bar);
  gtk_box_append (GTK_BOX (box), cancel);
  gtk_box_append (GTK_BOX (self->results), box);

  self->computing = g_cancellable_new ();
  g_object_set_data (G_OBJECT (self->computing), "ea-proposing", p);
  task = g_task_new (self, self->computing, proposed_cb, NULL);
  g_task_set_task_data (task, p, proposing_free);
  self->progress_source = g_timeout_add (100, progress_tick_cb, self);
  g_task_run_in_thread (task, propose_thread);
}

/* Stops the proposal being computed. */
void
_ea_allocation_page_cancel (EaAllocationPage *self)
{
  if (self->computing != NULL)
    g_cancellable_cancel (self->computing);
}

/* Whether a proposal is being computed. */
gboolean
_ea_allocation_page_is_busy (EaAllocationPage *self)
{
  return self->computing != NULL;
}

/* Tests: the next proposal waits until it is cancelled. */
/* How many households each list shows at first and adds each time: for
 * the tests, whose district is small. */
void
_ea_allocation_page_show_at_once (EaAllocationPage *self,
                                  guint             n)
{
  self->at_once = MAX (n, 1);
}

void
_ea_allocation_page_hold_next (EaAllocationPage *self)
{
  self->hold = TRUE;
}

static void
confirm_clicked_cb (EaAllocationPage *self)
{
  _ea_allocation_page_confirm (self);
}

static void
back_clicked_cb (EaAllocationPage *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

static void
ea_allocation_page_dispose (GObject *object)
{
  EaAllocationPage *self = EA_ALLOCATION_PAGE (object);

  if (self->computing != NULL)
    g_cancellable_cancel (self->computing);
  g_clear_object (&self->computing);
  stop_progress (self);
  g_clear_pointer (&self->group_rows, g_hash_table_unref);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->allocation);
  g_clear_object (&self->session);
  g_clear_pointer (&self->group_starts, g_array_unref);
  g_clear_pointer (&self->unplaced_starts, g_array_unref);
  G_OBJECT_CLASS (ea_allocation_page_parent_class)->dispose (object);
}

static void
ea_allocation_page_class_init (EaAllocationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_allocation_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * EaAllocationPage::changed:
   *
   * Beds were reserved: the occupancy changed.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ea_allocation_page_init (EaAllocationPage *self)
{
  self->at_once = SHOWN_AT_ONCE;
  self->group_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->group_rows = g_hash_table_new (NULL, NULL);
  self->unplaced_starts = g_array_new (FALSE, FALSE, sizeof (guint));
}

EaAllocationPage *
ea_allocation_page_new (EaSession *session)
{
  EaAllocationPage *self = g_object_new (EA_TYPE_ALLOCATION_PAGE, NULL);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *criteria = adw_preferences_group_new ();
  GtkWidget *propose = gtk_button_new_with_mnemonic (_("_Propose Again"));
  g_autofree char *later = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *today = ea_clock_today ();

  self->session = g_object_ref (session);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_tooltip_text (back, _("Back to all facilities"));
  g_signal_connect_object (back, "clicked", G_CALLBACK (back_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Place Arrivals"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->confirm_button = gtk_button_new_with_mnemonic (_("_Confirm All"));
  gtk_widget_add_css_class (self->confirm_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->confirm_button,
                               _("Reserve the beds of every household checked, in one step"));
  gtk_widget_set_visible (self->confirm_button,
                          ea_session_can (session, EA_RIGHT_EDIT_STAYS));
  g_signal_connect_object (self->confirm_button, "clicked", G_CALLBACK (confirm_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->confirm_button);
  gtk_box_append (GTK_BOX (self->box), header);

  /* Expected up to a fortnight ahead, by default. */
  later = ea_date_add_days (today, 14);
  shown = ea_date_format (later);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (criteria),
                                   _("Expected Arrivals Without a Bed"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (criteria),
    _("Households stay together, the hardest to place come first (wheelchair users, large "
      "families, women travelling alone), and no bed is used twice."));
  self->until_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->until_row),
                                 _("Expected up to (DD.MM.YYYY)"));
  gtk_editable_set_text (GTK_EDITABLE (self->until_row), shown);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->until_row), TRUE);
  g_signal_connect_object (self->until_row, "apply", G_CALLBACK (ea_allocation_page_propose),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (criteria), self->until_row);
  self->religion_row = ea_religion_row_new (session);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (criteria), self->religion_row);
  gtk_widget_set_valign (propose, GTK_ALIGN_CENTER);
  g_signal_connect_object (propose, "clicked", G_CALLBACK (ea_allocation_page_propose), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (criteria), propose);
  gtk_box_append (GTK_BOX (content), criteria);

  self->results = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_box_append (GTK_BOX (content), self->results);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);
  return self;
}

EaAllocation *
_ea_allocation_page_get_allocation (EaAllocationPage *self)
{
  return self->allocation;
}

void
_ea_allocation_page_change (EaAllocationPage *self,
                            guint             group,
                            guint             alternative)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = ea_allocation_find_alternatives (self->allocation, group, 8,
                                                                &error);

  if (found == NULL || alternative >= found->len ||
      !ea_allocation_choose (self->allocation, group, g_ptr_array_index (found, alternative),
                             &error))
    {
      if (error != NULL)
        ea_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  show_proposal (self);
}

/* Alle übernehmen: every household checked, in one transaction. */
void
_ea_allocation_page_confirm (EaAllocationPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint placed;

  if (self->allocation == NULL)
    return;
  placed = ea_allocation_commit (self->allocation, &error);
  if (placed == 0)
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u bed reserved for the arrival.",
                                       "%u beds reserved for the arrivals.", placed), placed);
  ea_toast_show (GTK_WIDGET (self), text);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  ea_allocation_page_propose (self);
}
