/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-facility-page"

#include "config.h"

#include "ea-facility-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-edit-dialog.h"
#include "ea-person-chooser.h"
#include "ea-window.h"

/* The room plan of one facility: units and floors as sections, rooms as
 * cards, beds as chips coloured by status. A bed's chip offers what can be
 * done with it today; every change can be undone from its toast. Past days
 * are shown read-only.
 *
 * A house of 500 beds has 500 chips in 125 cards: the plan is a GtkListView
 * of rows (a unit's heading, or a few cards side by side), so only the rows
 * on screen have widgets. */
#define CARD_WIDTH 250

struct _EaFacilityPage
{
  GtkWidget       parent_instance;

  EaSession      *session;
  gint64          facility_id;
  char           *date;
  GPtrArray      *rooms;       /* of EaPlanRoom, from the core */
  GHashTable     *chips;       /* bed id → Chip */
  GListStore     *rows;
  guint           per_row;
  gboolean        today;       /* the plan shows today: changes are possible */
  GtkWindow      *dialog;

  GtkWidget      *box;
  AdwWindowTitle *title;
  GtkLabel       *legend;
  GtkMenuButton  *edit_button;
  GtkStack       *stack;
  GtkListView    *list_view;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (EaFacilityPage, ea_facility_page, GTK_TYPE_WIDGET)

/* A row of the plan: a heading, or up to per_row rooms. */
#define EA_TYPE_PLAN_ROW (ea_plan_row_get_type ())
G_DECLARE_FINAL_TYPE (EaPlanRow, ea_plan_row, EA, PLAN_ROW, GObject)

struct _EaPlanRow
{
  GObject     parent_instance;
  char       *heading;
  GPtrArray  *rooms;   /* borrowed EaPlanRoom pointers */
};

G_DEFINE_FINAL_TYPE (EaPlanRow, ea_plan_row, G_TYPE_OBJECT)

static void
ea_plan_row_finalize (GObject *object)
{
  EaPlanRow *self = EA_PLAN_ROW (object);

  g_free (self->heading);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  G_OBJECT_CLASS (ea_plan_row_parent_class)->finalize (object);
}

static void
ea_plan_row_class_init (EaPlanRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ea_plan_row_finalize;
}

static void
ea_plan_row_init (EaPlanRow *self)
{
}

enum {
  BACK,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a chip knows about its bed. */
typedef struct
{
  gint64       bed_id;
  EaBedStatus  status;
  gint64       person_id;
  gint64       reservation_id;
  char        *label;
  char        *room;
  char        *since;
} Chip;

static void
chip_free (Chip *chip)
{
  g_free (chip->label);
  g_free (chip->room);
  g_free (chip->since);
  g_free (chip);
}

static const char *
rule_label (const char *rule)
{
  if (g_strcmp0 (rule, "men") == 0)
    return _("Men");
  if (g_strcmp0 (rule, "women") == 0)
    return _("Women");
  if (g_strcmp0 (rule, "family") == 0)
    return _("Family");
  return _("Mixed");
}

static gboolean
is_today (EaFacilityPage *self)
{
  return self->today;
}

static void
show_toast (EaFacilityPage *self,
            const char     *text,
            GCallback       undo,
            gpointer        data,
            GDestroyNotify  destroy)
{
  AdwToast *toast = adw_toast_new (text);

  if (undo != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "ea-undo", data, destroy);
      g_signal_connect (toast, "button-clicked", undo, self);
    }
  else if (destroy != NULL)
    destroy (data);
  ea_window_add_toast_for (GTK_WIDGET (self), toast);
}

static void
changed (EaFacilityPage *self)
{
  ea_facility_page_refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
show_error (EaFacilityPage *self,
            const GError   *error)
{
  show_toast (self, error->message, NULL, NULL, NULL);
}

/* Undo: the ids of what to take back, kept with the toast. */
typedef struct
{
  EaSession *session;
  char      *what;
  gint64     a;
  gint64     b;
} Undo;

static void
undo_free (Undo *undo)
{
  g_object_unref (undo->session);
  g_free (undo->what);
  g_free (undo);
}

static Undo *
undo_new (EaFacilityPage *self,
          const char     *what,
          gint64          a,
          gint64          b)
{
  Undo *undo = g_new0 (Undo, 1);

  undo->session = g_object_ref (self->session);
  undo->what = g_strdup (what);
  undo->a = a;
  undo->b = b;
  return undo;
}

static void
undo_cb (AdwToast       *toast,
         EaFacilityPage *self)
{
  Undo *undo = g_object_get_data (G_OBJECT (toast), "ea-undo");
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  if (g_str_equal (undo->what, "check-in"))
    done = ea_housing_undo_check_in (undo->session, undo->a, &error);
  else if (g_str_equal (undo->what, "check-out"))
    done = ea_housing_undo_check_out (undo->session, undo->a, &error);
  else if (g_str_equal (undo->what, "move"))
    done = ea_housing_undo_move (undo->session, undo->a, undo->b, &error);
  else if (g_str_equal (undo->what, "reserve"))
    done = ea_housing_cancel_reservation (undo->session, undo->a, &error);
  else if (g_str_equal (undo->what, "block"))
    done = ea_housing_unblock_bed (undo->session, undo->a, NULL, &error);

  if (!done)
    show_error (self, error);
  changed (self);
}

static Chip *
chip_for_bed (EaFacilityPage *self,
              gint64          bed_id)
{
  return g_hash_table_lookup (self->chips, &bed_id);
}

/* Check-in and reservation choose a person first. */
static void
person_chosen_cb (EaPersonChooser *chooser,
                  gint64           person_id,
                  EaFacilityPage  *self)
{
  Chip *chip = g_object_get_data (G_OBJECT (chooser), "ea-chip");
  gboolean reserve = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "ea-reserve"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  if (reserve)
    {
      id = ea_housing_reserve (self->session, person_id, chip->bed_id, NULL, NULL, &error);
      if (id != 0)
        text = g_strdup_printf (_("Bed %s in room %s is reserved until the arrival."),
                                chip->label, chip->room);
    }
  else
    {
      id = ea_housing_check_in (self->session, person_id, chip->bed_id, NULL, &error);
      if (id != 0)
        text = g_strdup_printf (_("Checked in to bed %s in room %s."), chip->label, chip->room);
    }

  if (id == 0)
    {
      ea_person_chooser_show_error (chooser, error->message);
      return;
    }
  show_toast (self, text, G_CALLBACK (undo_cb),
              undo_new (self, reserve ? "reserve" : "check-in", id, 0),
              (GDestroyNotify) undo_free);
  gtk_window_destroy (GTK_WINDOW (chooser));
  changed (self);
}

static void
open_chooser (EaFacilityPage *self,
              Chip           *chip,
              gboolean        reserve)
{
  g_autofree char *title = g_strdup_printf (_("Room %s, Bed %s"), chip->room, chip->label);
  EaPersonChooser *chooser = ea_person_chooser_new (self->session, title,
                                                    reserve ? _("_Reserve") : _("_Check In"));
  Chip *copy = g_new0 (Chip, 1);

  *copy = *chip;
  copy->label = g_strdup (chip->label);
  copy->room = g_strdup (chip->room);
  copy->since = g_strdup (chip->since);
  g_object_set_data_full (G_OBJECT (chooser), "ea-chip", copy, (GDestroyNotify) chip_free);
  g_object_set_data (G_OBJECT (chooser), "ea-reserve", GINT_TO_POINTER (reserve));
  g_signal_connect_object (chooser, "chosen", G_CALLBACK (person_chosen_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (chooser),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (chooser));
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
move_person (EaFacilityPage *self,
             gint64          person_id,
             Chip           *target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 old_stay = 0, stay;

  stay = ea_housing_move (self->session, person_id, target->bed_id, NULL, &old_stay, &error);
  if (stay == 0)
    {
      show_error (self, error);
      return;
    }
  text = g_strdup_printf (_("Moved to bed %s in room %s."), target->label, target->room);
  show_toast (self, text, G_CALLBACK (undo_cb), undo_new (self, "move", old_stay, stay),
              (GDestroyNotify) undo_free);
  changed (self);
}

static void
move_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  EaFacilityPage   *self)
{
  GtkDropDown *beds = g_object_get_data (G_OBJECT (dialog), "ea-beds");
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "ea-bed-ids");
  gint64 person_id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "ea-person");
  guint selected = gtk_drop_down_get_selected (beds);

  if (g_strcmp0 (response, "move") != 0 || selected >= ids->len)
    return;
  move_person (self, person_id, chip_for_bed (self, g_array_index (ids, gint64, selected)));
}

static int
compare_chips (gconstpointer a,
               gconstpointer b)
{
  const Chip *x = *(const Chip * const *) a;
  const Chip *y = *(const Chip * const *) b;
  int by_room = g_utf8_collate (x->room, y->room);

  return by_room != 0 ? by_room : g_strcmp0 (x->label, y->label);
}

static void
open_move_dialog (EaFacilityPage *self,
                  Chip           *chip)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer value;
  GtkWidget *dialog, *drop_down;
  gint64 *person = g_new (gint64, 1);
  g_autoptr(GPtrArray) free_chips = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, self->chips);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Chip *c = value;
      if (c->status == EA_BED_FREE)
        g_ptr_array_add (free_chips, c);
    }
  /* In the order of the plan. */
  g_ptr_array_sort (free_chips, compare_chips);
  for (guint i = 0; i < free_chips->len; i++)
    {
      Chip *c = g_ptr_array_index (free_chips, i);
      g_autofree char *text = g_strdup_printf (_("Room %s, Bed %s"), c->room, c->label);

      gtk_string_list_append (names, text);
      g_array_append_val (ids, c->bed_id);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Move to Another Bed"),
                                   free_chips->len > 0
                                   ? _("Choose a free bed in this facility. You can also drag "
                                       "the person onto a free bed.")
                                   : _("There is no free bed in this facility today."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "move", _("_Move"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "move",
                                           free_chips->len > 0);
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), drop_down);
  *person = chip->person_id;
  g_object_set_data (G_OBJECT (dialog), "ea-beds", drop_down);
  g_object_set_data_full (G_OBJECT (dialog), "ea-bed-ids", ids, (GDestroyNotify) g_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "ea-person", person, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (move_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
block_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   EaFacilityPage   *self)
{
  static const char *reasons[] = { "renovation", "damage", "quarantine", "other" };
  GtkDropDown *reason = g_object_get_data (G_OBJECT (dialog), "ea-reason");
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "ea-note");
  GtkEditable *until = g_object_get_data (G_OBJECT (dialog), "ea-until");
  const char *until_text = gtk_editable_get_text (until);
  Chip *chip = g_object_get_data (G_OBJECT (dialog), "ea-chip");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *note_text;
  guint selected = gtk_drop_down_get_selected (reason);

  if (g_strcmp0 (response, "block") != 0 || selected >= G_N_ELEMENTS (reasons))
    return;
  note_text = gtk_editable_get_text (note);
  if (ea_housing_block_bed (self->session, chip->bed_id, reasons[selected],
                            note_text[0] ? note_text : NULL, NULL,
                            until_text[0] ? until_text : NULL, &error) == 0)
    {
      show_error (self, error);
      return;
    }
  text = g_strdup_printf (_("Bed %s in room %s is blocked."), chip->label, chip->room);
  show_toast (self, text, G_CALLBACK (undo_cb), undo_new (self, "block", chip->bed_id, 0),
              (GDestroyNotify) undo_free);
  changed (self);
}

static void
open_block_dialog (EaFacilityPage *self,
                   Chip           *chip)
{
  const char *reasons[] = { _("Renovation"), _("Damage"), _("Quarantine"), _("Other reason"),
                            NULL };
  GtkWidget *dialog, *box, *reason, *note, *until;
  g_autofree char *heading = g_strdup_printf (_("Block Bed %s in Room %s"), chip->label,
                                              chip->room);
  Chip *copy = g_new0 (Chip, 1);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading,
                                   _("The bed is out of use from today on."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "block", _("_Block"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "block",
                                              ADW_RESPONSE_SUGGESTED);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  reason = gtk_drop_down_new_from_strings (reasons);
  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Note for colleagues (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  until = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (until),
                                  _("Back in use on (DD.MM.YYYY; empty: until unblocked)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (until), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back in use on"), -1);
  gtk_box_append (GTK_BOX (box), reason);
  gtk_box_append (GTK_BOX (box), until);
  gtk_box_append (GTK_BOX (box), note);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  *copy = *chip;
  copy->label = g_strdup (chip->label);
  copy->room = g_strdup (chip->room);
  copy->since = g_strdup (chip->since);
  g_object_set_data (G_OBJECT (dialog), "ea-reason", reason);
  g_object_set_data (G_OBJECT (dialog), "ea-note", note);
  g_object_set_data (G_OBJECT (dialog), "ea-until", until);
  g_object_set_data_full (G_OBJECT (dialog), "ea-chip", copy, (GDestroyNotify) chip_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (block_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void confirm_close (EaFacilityPage *self,
                           const char     *what,
                           gint64          id,
                           const char     *heading);

/* The action a chip's popover button stands for. */
static void
run_action (EaFacilityPage *self,
            Chip           *chip,
            const char     *action)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  if (g_str_equal (action, "check-in"))
    open_chooser (self, chip, FALSE);
  else if (g_str_equal (action, "reserve"))
    open_chooser (self, chip, TRUE);
  else if (g_str_equal (action, "move"))
    open_move_dialog (self, chip);
  else if (g_str_equal (action, "block"))
    open_block_dialog (self, chip);
  else if (g_str_equal (action, "close-bed"))
    {
      g_autofree char *heading = g_strdup_printf (_("Take Bed %s in Room %s out of Use?"),
                                                  chip->label, chip->room);
      confirm_close (self, "bed", chip->bed_id, heading);
    }
  else if (g_str_equal (action, "check-out"))
    {
      id = ea_housing_check_out (self->session, chip->person_id, NULL, &error);
      if (id == 0)
        {
          show_error (self, error);
          return;
        }
      text = g_strdup_printf (_("Checked out of bed %s in room %s."), chip->label, chip->room);
      show_toast (self, text, G_CALLBACK (undo_cb), undo_new (self, "check-out", id, 0),
                  (GDestroyNotify) undo_free);
      changed (self);
    }
  else if (g_str_equal (action, "check-in-reserved"))
    {
      id = ea_housing_check_in (self->session, chip->person_id, chip->bed_id, NULL, &error);
      if (id == 0)
        {
          show_error (self, error);
          return;
        }
      text = g_strdup_printf (_("Checked in to bed %s in room %s."), chip->label, chip->room);
      show_toast (self, text, G_CALLBACK (undo_cb), undo_new (self, "check-in", id, 0),
                  (GDestroyNotify) undo_free);
      changed (self);
    }
  else if (g_str_equal (action, "cancel-reservation"))
    {
      if (!ea_housing_cancel_reservation (self->session, chip->reservation_id, &error))
        {
          show_error (self, error);
          return;
        }
      show_toast (self, _("The reservation is cancelled."), NULL, NULL, NULL);
      changed (self);
    }
  else if (g_str_equal (action, "unblock"))
    {
      if (!ea_housing_unblock_bed (self->session, chip->bed_id, NULL, &error))
        {
          show_error (self, error);
          return;
        }
      text = g_strdup_printf (_("Bed %s in room %s is in use again."), chip->label, chip->room);
      show_toast (self, text, NULL, NULL, NULL);
      changed (self);
    }
}

static void
action_clicked_cb (GtkButton      *button,
                   EaFacilityPage *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);
  GtkWidget *chip_widget = gtk_widget_get_parent (popover);
  Chip *chip = g_object_get_data (G_OBJECT (chip_widget), "ea-chip");
  g_autofree char *action = g_strdup (g_object_get_data (G_OBJECT (button), "ea-action"));

  gtk_popover_popdown (GTK_POPOVER (popover));
  run_action (self, chip, action);
}

static void
add_action (GtkBox         *box,
            EaFacilityPage *self,
            const char     *label,
            const char     *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (gtk_button_get_child (GTK_BUTTON (button)), GTK_ALIGN_START);
  g_object_set_data (G_OBJECT (button), "ea-action", (gpointer) action);
  g_signal_connect (button, "clicked", G_CALLBACK (action_clicked_cb), self);
  gtk_box_append (box, button);
}

static void
popover_closed_cb (GtkPopover *popover)
{
  gtk_widget_unparent (GTK_WIDGET (popover));
}

static void
chip_clicked_cb (GtkButton      *button,
                 EaFacilityPage *self)
{
  Chip *chip = g_object_get_data (G_OBJECT (button), "ea-chip");
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gboolean stays = ea_session_can (self->session, EA_RIGHT_EDIT_STAYS) && is_today (self);
  gboolean housing = ea_session_can (self->session, EA_RIGHT_MANAGE_HOUSING) && is_today (self);
  g_autofree char *heading = g_strdup_printf (_("Room %s, Bed %s"), chip->room, chip->label);
  GtkWidget *title = gtk_label_new (heading);

  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_bottom (title, 6);
  gtk_box_append (GTK_BOX (box), title);

  switch (chip->status)
    {
    case EA_BED_FREE:
      if (stays)
        {
          add_action (GTK_BOX (box), self, _("_Check In a Person…"), "check-in");
          add_action (GTK_BOX (box), self, _("_Reserve for a Person…"), "reserve");
        }
      if (housing)
        {
          add_action (GTK_BOX (box), self, _("_Block…"), "block");
          add_action (GTK_BOX (box), self, _("Take Out of _Use…"), "close-bed");
        }
      break;

    case EA_BED_OCCUPIED:
      if (stays)
        {
          add_action (GTK_BOX (box), self, _("_Move to Another Bed…"), "move");
          add_action (GTK_BOX (box), self, _("Check _Out Today"), "check-out");
        }
      break;

    case EA_BED_RESERVED:
      if (stays)
        {
          add_action (GTK_BOX (box), self, _("_Check In the Reserved Person"),
                      "check-in-reserved");
          add_action (GTK_BOX (box), self, _("Cancel the _Reservation"), "cancel-reservation");
        }
      break;

    case EA_BED_BLOCKED:
      if (housing)
        add_action (GTK_BOX (box), self, _("_Unblock"), "unblock");
      break;

    default:
      break;
    }

  if (gtk_widget_get_next_sibling (title) == NULL)
    {
      GtkWidget *none = gtk_label_new (is_today (self)
                                       ? _("Your role cannot change this bed.")
                                       : _("Past days are shown as they were."));
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
    }

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_set_parent (popover, GTK_WIDGET (button));
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* Dragging a person's chip onto a free bed moves the person. */
static GdkContentProvider *
drag_prepare_cb (GtkDragSource  *source,
                 double          x,
                 double          y,
                 EaFacilityPage *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  Chip *chip = g_object_get_data (G_OBJECT (widget), "ea-chip");
  g_autofree char *text = g_strdup_printf ("ea-person:%" G_GINT64_FORMAT, chip->person_id);

  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         EaFacilityPage *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  Chip *chip = g_object_get_data (G_OBJECT (widget), "ea-chip");
  const char *text = g_value_get_string (value);

  if (text == NULL || !g_str_has_prefix (text, "ea-person:"))
    return FALSE;
  move_person (self, g_ascii_strtoll (text + strlen ("ea-person:"), NULL, 10), chip);
  return TRUE;
}

static char *
chip_description (Chip       *chip,
                  const char *since)
{
  switch (chip->status)
    {
    case EA_BED_OCCUPIED:
      {
        g_autofree char *day = ea_date_format (since);
        return g_strdup_printf (_("Bed %s, occupied since %s"), chip->label, day);
      }
    case EA_BED_RESERVED:
      return g_strdup_printf (_("Bed %s, reserved"), chip->label);
    case EA_BED_BLOCKED:
      return g_strdup_printf (_("Bed %s, blocked"), chip->label);
    case EA_BED_FREE:
    default:
      return g_strdup_printf (_("Bed %s, free"), chip->label);
    }
}

static gboolean
chip_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip)
{
  Chip *chip = g_object_get_data (G_OBJECT (widget), "ea-chip");
  g_autofree char *text = chip_description (chip, chip->since);

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static GtkWidget *
make_chip (EaFacilityPage *self,
           EaPlanRoom     *room,
           EaPlanBed      *bed)
{
  static const char *classes[] = { "bed-free", "bed-occupied", "bed-reserved", "bed-blocked" };
  GtkWidget *button = gtk_button_new ();
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  Chip *chip = g_hash_table_lookup (self->chips, &bed->bed_id);
  gboolean stays = ea_session_can (self->session, EA_RIGHT_EDIT_STAYS) && is_today (self);

  g_object_set_data (G_OBJECT (button), "ea-chip", chip);

  if (bed->person_name != NULL)
    text = g_strdup_printf ("%s  %s", bed->label, bed->person_name);
  else
    text = g_strdup (bed->label);
  gtk_button_set_label (GTK_BUTTON (button), text);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))),
                           PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (button, "bed-chip");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, classes[bed->status]);

  tooltip = chip_description (chip, bed->since);
  /* Setting a tooltip's text asks the display for the pointer at once (GTK
   * 4.8); with 500 chips that alone took 150 ms. The text is given when the
   * tooltip is asked for instead. */
  gtk_widget_set_has_tooltip (button, TRUE);
  g_signal_connect (button, "query-tooltip", G_CALLBACK (chip_query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  g_signal_connect (button, "clicked", G_CALLBACK (chip_clicked_cb), self);

  if (stays && bed->status == EA_BED_OCCUPIED && bed->person_id != 0)
    {
      GtkDragSource *source = gtk_drag_source_new ();
      g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), self);
      gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (source));
    }
  else if (stays && bed->status == EA_BED_FREE)
    {
      GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
      g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
      gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (target));
    }

  return button;
}

/* Editing facilities, areas and rooms. */

static const char *kind_values[] = { "communal", "flat", "other", NULL };
static const char *reserved_values[] = { "none", "women", "families", NULL };
static const char *rule_values[] = { "men", "women", "family", "any", NULL };

static GtkWindow *
parent_window (EaFacilityPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
edit_done (EaFacilityPage *self,
           EaEditDialog   *dialog,
           gboolean        saved,
           GError         *error)
{
  if (!saved)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  changed (self);
}

static void
facility_saved_cb (EaEditDialog   *dialog,
                   EaFacilityPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean saved = ea_housing_update_facility (self->session, self->facility_id,
                                               ea_edit_dialog_get_text (dialog, "name"),
                                               ea_edit_dialog_get_choice (dialog, "kind"),
                                               ea_edit_dialog_get_text (dialog, "street"),
                                               ea_edit_dialog_get_text (dialog, "postcode"),
                                               ea_edit_dialog_get_text (dialog, "place"), &error);
  edit_done (self, dialog, saved, error);
}

/* The facility's fields, for its own dialog and for a new one. */
void
_ea_facility_dialog_fill (EaEditDialog *dialog,
                          const char   *name,
                          const char   *kind,
                          const char   *street,
                          const char   *postcode,
                          const char   *place)
{
  const char *kind_labels[] = { _("Communal accommodation"), _("Flat"), _("Other"), NULL };

  ea_edit_dialog_add_text (dialog, "name", _("Name"), name);
  ea_edit_dialog_add_choice (dialog, "kind", _("Kind"), kind_values, kind_labels, kind);
  ea_edit_dialog_add_text (dialog, "street", _("Street"), street);
  ea_edit_dialog_add_text (dialog, "postcode", _("Postcode"), postcode);
  ea_edit_dialog_add_text (dialog, "place", _("Place"), place);
}

static void
edit_facility_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EaFacilityPage *self = EA_FACILITY_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *kind = NULL, *street = NULL, *postcode = NULL, *place = NULL;
  EaEditDialog *dialog;

  if (!ea_housing_get_facility (self->session, self->facility_id, &name, &kind, &street,
                                &postcode, &place, &error))
    {
      show_error (self, error);
      return;
    }
  dialog = ea_edit_dialog_new (parent_window (self), _("Edit Facility"));
  _ea_facility_dialog_fill (dialog, name, kind, street, postcode, place);
  g_signal_connect_object (dialog, "save", G_CALLBACK (facility_saved_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unit_saved_cb (EaEditDialog   *dialog,
               EaFacilityPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 unit_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "ea-unit"));
  gboolean saved;

  if (unit_id == 0)
    saved = ea_housing_create_unit (self->session, self->facility_id,
                                    ea_edit_dialog_get_text (dialog, "name"),
                                    ea_edit_dialog_get_choice (dialog, "reserved"), &error) != 0;
  else
    saved = ea_housing_update_unit (self->session, unit_id,
                                    ea_edit_dialog_get_text (dialog, "name"),
                                    ea_edit_dialog_get_choice (dialog, "reserved"), &error);
  edit_done (self, dialog, saved, error);
}

static void
open_unit_dialog (EaFacilityPage *self,
                  gint64          unit_id,
                  const char     *name,
                  const char     *reserved_for)
{
  const char *reserved_labels[] = { _("Not reserved"), _("Women"), _("Families"), NULL };
  EaEditDialog *dialog = ea_edit_dialog_new (parent_window (self),
                                             unit_id ? _("Edit Area") : _("New Area"));

  ea_edit_dialog_add_text (dialog, "name", _("Name (floor, wing or flat)"), name);
  ea_edit_dialog_add_choice (dialog, "reserved", _("Reserved for"), reserved_values,
                             reserved_labels, reserved_for ? reserved_for : "none");
  g_object_set_data (G_OBJECT (dialog), "ea-unit", GSIZE_TO_POINTER ((gsize) unit_id));
  g_signal_connect_object (dialog, "save", G_CALLBACK (unit_saved_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_unit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_unit_dialog (EA_FACILITY_PAGE (widget), 0, NULL, NULL);
}

static void
room_saved_cb (EaEditDialog   *dialog,
               EaFacilityPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 room_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "ea-room"));
  EaRoomSpec spec = {
    ea_edit_dialog_get_text (dialog, "name"),
    (int) ea_edit_dialog_get_number (dialog, "floor"),
    ea_edit_dialog_get_number (dialog, "area"),
    (int) ea_edit_dialog_get_number (dialog, "capacity"),
    ea_edit_dialog_get_choice (dialog, "rule"),
    ea_edit_dialog_get_switch (dialog, "barrier-free"),
  };
  gboolean saved;

  if (room_id == 0)
    {
      GPtrArray *units = g_object_get_data (G_OBJECT (dialog), "ea-units");
      const char *unit = ea_edit_dialog_get_choice (dialog, "unit");
      gint64 unit_id = 0;

      for (guint i = 0; i < units->len; i++)
        {
          EaUnitInfo *info = g_ptr_array_index (units, i);
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, info->id);
          if (g_str_equal (key, unit))
            unit_id = info->id;
        }
      saved = ea_housing_create_room (self->session, unit_id, &spec, &error) != 0;
    }
  else
    saved = ea_housing_update_room (self->session, room_id, &spec, &error);
  edit_done (self, dialog, saved, error);
}

static void
open_room_dialog (EaFacilityPage *self,
                  EaPlanRoom     *room)
{
  const char *rule_labels[] = { _("Men"), _("Women"), _("Family"), _("Mixed"), NULL };
  EaEditDialog *dialog = ea_edit_dialog_new (parent_window (self),
                                             room ? _("Edit Room") : _("New Room"));

  if (room == NULL)
    {
      g_autoptr(GError) error = NULL;
      GPtrArray *units = ea_housing_list_units (self->session, self->facility_id, &error);
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      char **unit_keys;

      if (units == NULL || units->len == 0)
        {
          gtk_window_destroy (GTK_WINDOW (dialog));
          if (units == NULL)
            show_error (self, error);
          else
            show_toast (self, _("Add an area first: rooms belong to a floor, wing or flat."),
                        NULL, NULL, NULL);
          g_clear_pointer (&units, g_ptr_array_unref);
          return;
        }
      for (guint i = 0; i < units->len; i++)
        {
          EaUnitInfo *info = g_ptr_array_index (units, i);
          g_ptr_array_add (keys, g_strdup_printf ("%" G_GINT64_FORMAT, info->id));
          g_ptr_array_add (names, info->name);
        }
      g_ptr_array_add (keys, NULL);
      g_ptr_array_add (names, NULL);
      unit_keys = (char **) g_ptr_array_steal (keys, NULL);
      /* The dialog keeps the units and their keys for when Save is clicked. */
      g_object_set_data_full (G_OBJECT (dialog), "ea-units", units,
                              (GDestroyNotify) g_ptr_array_unref);
      g_object_set_data_full (G_OBJECT (dialog), "ea-unit-keys", unit_keys,
                              (GDestroyNotify) g_strfreev);
      ea_edit_dialog_add_choice (dialog, "unit", _("Area"), (const char **) unit_keys,
                                 (const char **) names->pdata, unit_keys[0]);
    }

  ea_edit_dialog_add_text (dialog, "name", _("Room"), room ? room->name : NULL);
  ea_edit_dialog_add_number (dialog, "floor", _("Floor"), -2, 30, 1, 0, room ? room->floor : 0);
  ea_edit_dialog_add_number (dialog, "area", _("Area in m²"), 1, 500, 0.5, 1,
                             room ? room->area : 14);
  ea_edit_dialog_add_number (dialog, "capacity", _("Places"), 1, 50, 1, 0,
                             room ? room->capacity : 2);
  ea_edit_dialog_add_choice (dialog, "rule", _("For"), rule_values, rule_labels,
                             room ? room->rule : "any");
  ea_edit_dialog_add_switch (dialog, "barrier-free", _("Barrier-free"),
                             room ? room->barrier_free : FALSE);
  g_object_set_data (G_OBJECT (dialog), "ea-room",
                     GSIZE_TO_POINTER ((gsize) (room ? room->room_id : 0)));
  g_signal_connect_object (dialog, "save", G_CALLBACK (room_saved_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_room_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_room_dialog (EA_FACILITY_PAGE (widget), NULL);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   EaFacilityPage   *self)
{
  const char *what = g_object_get_data (G_OBJECT (dialog), "ea-what");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "ea-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "close") != 0)
    return;
  if (!ea_housing_close (self->session, what, id, NULL, &error))
    {
      show_error (self, error);
      return;
    }
  if (g_str_equal (what, "facility"))
    {
      g_signal_emit (self, signals[CHANGED], 0);
      g_signal_emit (self, signals[BACK], 0);
      return;
    }
  changed (self);
}

static void
confirm_close (EaFacilityPage *self,
               const char     *what,
               gint64          id,
               const char     *heading)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading,
                                              _("It is out of use from today on; its history "
                                                "stays. This cannot be undone here."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "close", _("C_lose"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data (G_OBJECT (dialog), "ea-what", (gpointer) what);
  g_object_set_data (G_OBJECT (dialog), "ea-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_facility_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EaFacilityPage *self = EA_FACILITY_PAGE (widget);
  g_autofree char *heading = g_strdup_printf (_("Close %s?"),
                                              adw_window_title_get_title (self->title));

  confirm_close (self, "facility", self->facility_id, heading);
}

static void
room_action_clicked_cb (GtkButton      *button,
                        EaFacilityPage *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);
  EaPlanRoom *room = g_object_get_data (G_OBJECT (gtk_widget_get_parent (popover)), "ea-room");
  const char *action = g_object_get_data (G_OBJECT (button), "ea-action");
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (GTK_POPOVER (popover));
  if (g_str_equal (action, "edit-room"))
    open_room_dialog (self, room);
  else if (g_str_equal (action, "edit-unit"))
    open_unit_dialog (self, room->unit_id, room->unit, room->unit_reserved_for);
  else if (g_str_equal (action, "add-bed"))
    {
      if (ea_housing_add_bed (self->session, room->room_id, &error) == 0)
        show_error (self, error);
      else
        changed (self);
    }
  else if (g_str_equal (action, "close-room"))
    {
      g_autofree char *heading = g_strdup_printf (_("Close Room %s?"), room->name);
      confirm_close (self, "room", room->room_id, heading);
    }
}

static void
room_clicked_cb (GtkButton      *button,
                 EaFacilityPage *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  static const struct { const char *label, *action; } items[] = {
    { N_("_Edit Room…"), "edit-room" },
    { N_("Edit the _Area…"), "edit-unit" },
    { N_("Add a _Bed"), "add-bed" },
    { N_("_Close Room…"), "close-room" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      GtkWidget *item = gtk_button_new_with_mnemonic (_(items[i].label));

      gtk_widget_add_css_class (item, "flat");
      gtk_widget_set_halign (gtk_button_get_child (GTK_BUTTON (item)), GTK_ALIGN_START);
      g_object_set_data (G_OBJECT (item), "ea-action", (gpointer) items[i].action);
      g_signal_connect (item, "clicked", G_CALLBACK (room_action_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), item);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_set_parent (popover, GTK_WIDGET (button));
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static GtkWidget *
make_room_tile (EaFacilityPage *self,
                EaPlanRoom     *room)
{
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name;
  GtkWidget *rule = gtk_label_new (rule_label (room->rule));
  GtkWidget *beds = gtk_grid_new ();
  g_autofree char *area = ea_format_decimal (room->area, room->area == (int) room->area ? 0 : 1);
  g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s m² · %d place",
                                                          "%s m² · %d places", room->capacity),
                                             area, room->capacity);
  GtkWidget *detail_label = gtk_label_new (detail);
  guint columns;

  gtk_widget_set_valign (tile, GTK_ALIGN_START);
  gtk_widget_set_size_request (tile, 220, -1);
  gtk_widget_add_css_class (tile, "card");
  gtk_widget_add_css_class (tile, "room-tile");
  if (ea_session_can (self->session, EA_RIGHT_MANAGE_HOUSING) && is_today (self))
    {
      g_autofree char *tip = g_strdup_printf (_("Edit room %s"), room->name);

      name = gtk_button_new_with_label (room->name);
      gtk_widget_add_css_class (name, "flat");
      gtk_widget_add_css_class (name, "room-name");
      gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL, tip,
                                      -1);
      g_object_set_data (G_OBJECT (name), "ea-room", room);
      g_signal_connect (name, "clicked", G_CALLBACK (room_clicked_cb), self);
    }
  else
    name = gtk_label_new (room->name);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (rule, "dim-label");
  gtk_widget_set_hexpand (rule, TRUE);
  gtk_label_set_xalign (GTK_LABEL (rule), 1);
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), rule);
  if (room->barrier_free)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("preferences-desktop-accessibility-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Barrier-free"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Barrier-free"), -1);
      gtk_box_append (GTK_BOX (top), icon);
    }
  gtk_widget_add_css_class (detail_label, "caption");
  gtk_widget_add_css_class (detail_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (detail_label), 0);

  /* A plain grid: a 500-bed house has 500 chips, and a flow box per room
   * would double the widgets. A chip with a name gets the card's width so
   * the name can be read; without names two chips share a line. */
  columns = ea_session_can (self->session, EA_RIGHT_VIEW_PERSONS) ? 1 : 2;
  gtk_grid_set_column_spacing (GTK_GRID (beds), 4);
  gtk_grid_set_row_spacing (GTK_GRID (beds), 4);
  gtk_grid_set_column_homogeneous (GTK_GRID (beds), TRUE);
  for (guint i = 0; i < room->beds->len; i++)
    gtk_grid_attach (GTK_GRID (beds), make_chip (self, room, g_ptr_array_index (room->beds, i)),
                     i % columns, i / columns, 1, 1);

  gtk_box_append (GTK_BOX (tile), top);
  gtk_box_append (GTK_BOX (tile), detail_label);
  gtk_box_append (GTK_BOX (tile), beds);
  return tile;
}

static const char *
reserved_label (const char *reserved_for)
{
  if (g_strcmp0 (reserved_for, "women") == 0)
    return _("reserved for women");
  if (g_strcmp0 (reserved_for, "families") == 0)
    return _("reserved for families");
  return NULL;
}

/* Cuts the plan into rows of per_row cards, with a heading before each
 * unit and floor. Only data: the widgets come when a row is shown. */
static void
rebuild_rows (EaFacilityPage *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  EaPlanRow *current = NULL;
  const char *unit = NULL;
  int floor = G_MININT;

  for (guint i = 0; self->rooms != NULL && i < self->rooms->len; i++)
    {
      EaPlanRoom *room = g_ptr_array_index (self->rooms, i);

      if (i == 0 || room->floor != floor || g_strcmp0 (room->unit, unit) != 0)
        {
          const char *reserved = reserved_label (room->unit_reserved_for);
          EaPlanRow *heading = g_object_new (EA_TYPE_PLAN_ROW, NULL);

          heading->heading = reserved ? g_strdup_printf ("%s · %s", room->unit, reserved)
                                      : g_strdup (room->unit);
          g_ptr_array_add (rows, heading);
          current = NULL;
          floor = room->floor;
          unit = room->unit;
        }
      if (current == NULL || current->rooms->len >= self->per_row)
        {
          current = g_object_new (EA_TYPE_PLAN_ROW, NULL);
          current->rooms = g_ptr_array_new ();
          g_ptr_array_add (rows, current);
        }
      g_ptr_array_add (current->rooms, room);
    }

  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             EaFacilityPage           *self)
{
  EaPlanRow *row = gtk_list_item_get_item (item);
  GtkWidget *child;

  if (row->heading != NULL)
    {
      child = gtk_label_new (row->heading);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
      gtk_widget_set_margin_top (child, 12);
      gtk_widget_add_css_class (child, "title-4");
    }
  else
    {
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_box_set_homogeneous (GTK_BOX (child), TRUE);
      for (guint i = 0; i < self->per_row; i++)
        gtk_box_append (GTK_BOX (child),
                        i < row->rooms->len
                        ? make_room_tile (self, g_ptr_array_index (row->rooms, i))
                        : gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
    }
  gtk_list_item_set_child (item, child);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  gtk_list_item_set_child (item, NULL);
}

/**
 * ea_facility_page_refresh:
 *
 * Reads the room plan again.
 */
void
ea_facility_page_refresh (EaFacilityPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *day = NULL;
  g_autofree char *subtitle = NULL;
  GPtrArray *rooms;

  g_return_if_fail (EA_IS_FACILITY_PAGE (self));

  rooms = ea_housing_room_plan (self->session, self->facility_id, self->date, &name, &error);
  if (rooms == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  /* The rows borrow the rooms: drop the rows before the rooms. */
  g_list_store_remove_all (self->rows);
  g_hash_table_remove_all (self->chips);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  self->rooms = rooms;
  for (guint i = 0; i < rooms->len; i++)
    {
      EaPlanRoom *room = g_ptr_array_index (rooms, i);

      for (guint b = 0; b < room->beds->len; b++)
        {
          EaPlanBed *bed = g_ptr_array_index (room->beds, b);
          Chip *chip = g_new0 (Chip, 1);

          chip->bed_id = bed->bed_id;
          chip->status = bed->status;
          chip->person_id = bed->person_id;
          chip->reservation_id = bed->reservation_id;
          chip->label = g_strdup (bed->label);
          chip->room = g_strdup (room->name);
          chip->since = g_strdup (bed->since);
          g_hash_table_insert (self->chips, g_memdup2 (&bed->bed_id, sizeof (gint64)), chip);
        }
    }

  {
    g_autofree char *today = ea_clock_today ();
    self->today = g_strcmp0 (self->date, today) == 0;
  }
  day = ea_date_format (self->date);
  subtitle = is_today (self) ? g_strdup_printf (_("Today, %s"), day)
                             : g_strdup_printf (_("As on %s (read-only)"), day);
  adw_window_title_set_title (self->title, name);
  adw_window_title_set_subtitle (self->title, subtitle);
  rebuild_rows (self);
  gtk_stack_set_visible_child_name (self->stack, "plan");
}

/* As many cards side by side as the width allows. */
static void
ea_facility_page_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  EaFacilityPage *self = EA_FACILITY_PAGE (widget);
  guint per_row = CLAMP ((width - 48) / CARD_WIDTH, 1, 6);

  if (per_row != self->per_row)
    {
      self->per_row = per_row;
      rebuild_rows (self);
    }
  GTK_WIDGET_CLASS (ea_facility_page_parent_class)->size_allocate (widget, width, height,
                                                                   baseline);
}

static void
begin_print_cb (GtkPrintOperation   *operation,
                GtkPrintContext     *context,
                EaOccupancyDocument *document)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int pages = ea_occupancy_document_paginate (document, cr,
                                              gtk_print_context_get_width (context),
                                              gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, pages);
}

static void
draw_page_cb (GtkPrintOperation   *operation,
              GtkPrintContext     *context,
              int                  page,
              EaOccupancyDocument *document)
{
  ea_occupancy_document_draw_page (document, gtk_print_context_get_cairo_context (context), page,
                                   gtk_print_context_get_width (context),
                                   gtk_print_context_get_height (context));
}

/* The Belegungsliste through the system's print dialog; "Print to File"
 * there makes a PDF. The core draws it, the same as eakte-cli's PDF. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EaFacilityPage *self = EA_FACILITY_PAGE (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job = NULL;
  EaOccupancyDocument *document;

  document = ea_occupancy_document_new (self->session, self->facility_id, self->date, &error);
  if (document == NULL)
    {
      show_error (self, error);
      return;
    }
  operation = gtk_print_operation_new ();
  job = g_strdup_printf (_("Occupancy list %s"), adw_window_title_get_title (self->title));
  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "ea-document", document,
                          (GDestroyNotify) ea_occupancy_document_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), document);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, error);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
ea_facility_page_dispose (GObject *object)
{
  EaFacilityPage *self = (EaFacilityPage *)object;

  g_clear_weak_pointer (&self->dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_FACILITY_PAGE);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->chips, g_hash_table_unref);
  g_clear_pointer (&self->date, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ea_facility_page_parent_class)->dispose (object);
}

static void
ea_facility_page_class_init (EaFacilityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_facility_page_dispose;
  widget_class->size_allocate = ea_facility_page_size_allocate;

  /**
   * EaFacilityPage::back:
   *
   * The user wants the list of all facilities again.
   */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * EaFacilityPage::changed:
   *
   * A bed changed: the totals elsewhere are out of date.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ea-facility-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EaFacilityPage, box);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityPage, title);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityPage, legend);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityPage, error_page);

  gtk_widget_class_install_action (widget_class, "facility.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "facility.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "facility.edit", NULL, edit_facility_action);
  gtk_widget_class_install_action (widget_class, "facility.add-unit", NULL, add_unit_action);
  gtk_widget_class_install_action (widget_class, "facility.add-room", NULL, add_room_action);
  gtk_widget_class_install_action (widget_class, "facility.close", NULL, close_facility_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "facility.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "facility.back", NULL);
}

static void
ea_facility_page_init (EaFacilityPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->chips = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) chip_free);
  self->rows = g_list_store_new (EA_TYPE_PLAN_ROW);
  self->per_row = 4;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (gtk_no_selection_new (
    g_object_ref (G_LIST_MODEL (self->rows)))));
}

EaFacilityPage *
ea_facility_page_new (EaSession *session)
{
  EaFacilityPage *self;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_FACILITY_PAGE, NULL);
  self->session = g_object_ref (session);
  /* Only the housing management edits the houses. */
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button),
                          ea_session_can (session, EA_RIGHT_MANAGE_HOUSING));
  return self;
}

/**
 * ea_facility_page_show:
 * @facility_id: the facility
 * @date: (nullable): the day; %NULL for today
 */
void
ea_facility_page_show (EaFacilityPage *self,
                       gint64          facility_id,
                       const char     *date)
{
  g_return_if_fail (EA_IS_FACILITY_PAGE (self));

  self->facility_id = facility_id;
  g_free (self->date);
  self->date = date ? g_strdup (date) : ea_clock_today ();
  ea_facility_page_refresh (self);
}

int
_ea_facility_page_get_bed_status (EaFacilityPage *self,
                                  gint64          bed_id)
{
  Chip *chip = g_hash_table_lookup (self->chips, &bed_id);

  return chip != NULL ? (int) chip->status : -1;
}

GtkWindow *
_ea_facility_page_get_dialog (EaFacilityPage *self)
{
  return self->dialog;
}

void
_ea_facility_page_activate (EaFacilityPage *self,
                            gint64          bed_id,
                            const char     *action)
{
  Chip *chip = chip_for_bed (self, bed_id);

  g_return_if_fail (chip != NULL);
  run_action (self, chip, action);
}
