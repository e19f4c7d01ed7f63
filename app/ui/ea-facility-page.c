/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-facility-page"

#include "config.h"

#include "ea-facility-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-edit-dialog.h"
#include "ea-find-bed-dialog.h"
#include "ea-live.h"
#include "ea-person-chooser.h"
#include "ea-place-confirm.h"
#include "ea-toast.h"

/* The room plan of one facility: units and floors as sections, rooms as
 * cards, beds as chips coloured by status. A bed's chip offers what can be
 * done with it today; every change can be undone from its toast. Past days
 * are shown read-only as they were, days to come read-only as planned. A
 * free bed held from a later day says until when it is free; a person's
 * planned day of moving out is on their chip.
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
  gboolean        stale;       /* another seat changed something since */

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
  char        *person_name;    /* NULL when the user may not see persons */
  char        *reserved_from;  /* a free bed held from a later day */
  char        *reserved_name;
  char        *planned_until;  /* the occupant's planned day of moving out */
} Chip;

static void
chip_free (Chip *chip)
{
  g_free (chip->label);
  g_free (chip->room);
  g_free (chip->since);
  g_free (chip->person_name);
  g_free (chip->reserved_from);
  g_free (chip->reserved_name);
  g_free (chip->planned_until);
  g_free (chip);
}

static Chip *
chip_copy (const Chip *chip)
{
  Chip *copy = g_new0 (Chip, 1);

  *copy = *chip;
  copy->label = g_strdup (chip->label);
  copy->room = g_strdup (chip->room);
  copy->since = g_strdup (chip->since);
  copy->person_name = g_strdup (chip->person_name);
  copy->reserved_from = g_strdup (chip->reserved_from);
  copy->reserved_name = g_strdup (chip->reserved_name);
  copy->planned_until = g_strdup (chip->planned_until);
  return copy;
}

/* TT.MM. of a day, for the short texts on a chip. */
static char *
short_day (const char *iso)
{
  char *shown = ea_date_format (iso);

  if (strlen (shown) == 10)
    shown[6] = '\0';
  return shown;
}

/* The bed in words: the tooltip, the label a screen reader reads, and
 * the line under the heading of its popover. */
static char *
chip_description (Chip *chip)
{
  switch (chip->status)
    {
    case EA_BED_OCCUPIED:
      {
        g_autofree char *day = ea_date_format (chip->since);

        if (chip->planned_until != NULL)
          {
            g_autofree char *out = ea_date_format (chip->planned_until);

            return g_strdup_printf (_("Bed %s, occupied since %s, moving out planned for %s"),
                                    chip->label, day, out);
          }
        return g_strdup_printf (_("Bed %s, occupied since %s"), chip->label, day);
      }
    case EA_BED_RESERVED:
      if (chip->person_name != NULL)
        return g_strdup_printf (_("Bed %s, reserved for %s"), chip->label, chip->person_name);
      return g_strdup_printf (_("Bed %s, reserved"), chip->label);
    case EA_BED_BLOCKED:
      return g_strdup_printf (_("Bed %s, blocked"), chip->label);
    case EA_BED_FREE:
    default:
      if (chip->reserved_from != NULL)
        {
          g_autofree char *from = ea_date_format (chip->reserved_from);
          g_autofree char *until_iso = ea_date_add_days (chip->reserved_from, -1);
          g_autofree char *until = ea_date_format (until_iso);

          if (chip->reserved_name != NULL)
            return g_strdup_printf (_("Bed %s, free until %s, then reserved from %s for %s"),
                                    chip->label, until, from, chip->reserved_name);
          return g_strdup_printf (_("Bed %s, free until %s, then reserved from %s"), chip->label,
                                  until, from);
        }
      return g_strdup_printf (_("Bed %s, free"), chip->label);
    }
}

/* A field for a day, filled in as TT.MM.JJJJ. */
static GtkWidget *
date_entry_new (const char *title,
                const char *iso)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *shown = iso != NULL ? ea_date_format (iso) : NULL;

  if (shown != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), shown);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), title);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return entry;
}

/* An empty field means today. */
static const char *
entry_date (GtkWidget *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  return text[0] != '\0' ? text : NULL;
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
  AdwToast *toast = ea_toast_new (text);

  if (undo != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "ea-undo", data, destroy);
      g_signal_connect (toast, "button-clicked", undo, self);
    }
  else if (destroy != NULL)
    destroy (data);
  ea_toast_add (GTK_WIDGET (self), toast);
}

/* After a change of the user's own, the plan is read again where it was
 * scrolled to, not from the top (issue "The window"). */
static void refresh_in_place (EaFacilityPage *self);

static void
changed (EaFacilityPage *self)
{
  refresh_in_place (self);
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

/* A check-in, reservation or move, kept so that it can run again when
 * the user confirms what a rule asked (see ea_place_confirm()). */
typedef struct
{
  EaFacilityPage *self;
  char           *what;        /* "check-in", "reserve" or "move" */
  gint64          person_id;
  Chip           *target;
  char           *date;        /* as typed; NULL for today */
  GtkWidget      *chooser;     /* the person chooser it came from, or NULL */
} Change;

static void
change_free (Change *change)
{
  g_clear_weak_pointer (&change->chooser);
  g_object_unref (change->self);
  g_free (change->what);
  chip_free (change->target);
  g_free (change->date);
  g_free (change);
}

static Change *
change_new (EaFacilityPage *self,
            const char     *what,
            gint64          person_id,
            const Chip     *target,
            const char     *date,
            GtkWidget      *chooser)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->what = g_strdup (what);
  change->person_id = person_id;
  change->target = chip_copy (target);
  change->date = g_strdup (date);
  g_set_weak_pointer (&change->chooser, chooser);
  return change;
}

static void apply_change (Change       *change,
                          EaPlaceFlags  flags);

static void
retry_change_cb (EaPlaceFlags flags,
                 gpointer     data)
{
  apply_change (data, flags);
}

/* Runs the change; a refusal that a user may set aside asks first, any
 * other is shown where the user is (the chooser, or a toast). */
static void
apply_change (Change       *change,
              EaPlaceFlags  flags)
{
  EaFacilityPage *self = change->self;
  const Chip *target = change->target;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *day = change->date != NULL ? ea_date_parse_input (change->date) : NULL;
  g_autofree char *shown = day != NULL ? ea_date_format (day) : NULL;
  gboolean other_day = day != NULL && strcmp (day, today) != 0;
  gint64 id, old_stay = 0;
  Undo *undo;

  if (g_str_equal (change->what, "reserve"))
    id = ea_housing_reserve_full (self->session, change->person_id, target->bed_id,
                                  change->date, NULL, flags, &error);
  else if (g_str_equal (change->what, "move"))
    id = ea_housing_move_full (self->session, change->person_id, target->bed_id, change->date,
                               flags, &old_stay, &error);
  else
    id = ea_housing_check_in_full (self->session, change->person_id, target->bed_id,
                                   change->date, flags, &error);

  if (id == 0)
    {
      GtkWidget *where = change->chooser != NULL ? change->chooser : GTK_WIDGET (self);
      GtkWindow *dialog = ea_place_confirm (where, error, flags, retry_change_cb,
                                            change_new (self, change->what, change->person_id,
                                                        target, change->date, change->chooser),
                                            (GDestroyNotify) change_free);

      if (dialog != NULL)
        g_set_weak_pointer (&self->dialog, dialog);
      else if (change->chooser != NULL)
        ea_person_chooser_show_error (EA_PERSON_CHOOSER (change->chooser), error->message);
      else
        show_error (self, error);
      return;
    }

  if (g_str_equal (change->what, "reserve"))
    text = other_day
           ? g_strdup_printf (_("Bed %s in room %s is reserved from %s."), target->label,
                              target->room, shown)
           : g_strdup_printf (_("Bed %s in room %s is reserved until the arrival."),
                              target->label, target->room);
  else if (g_str_equal (change->what, "move"))
    text = other_day
           ? g_strdup_printf (_("Moved to bed %s in room %s on %s."), target->label,
                              target->room, shown)
           : g_strdup_printf (_("Moved to bed %s in room %s."), target->label, target->room);
  else
    text = other_day
           ? g_strdup_printf (_("Checked in to bed %s in room %s from %s."), target->label,
                              target->room, shown)
           : g_strdup_printf (_("Checked in to bed %s in room %s."), target->label,
                              target->room);
  if (flags & EA_PLACE_CANCEL_RESERVATION)
    {
      /* Undo takes back the change, not the cancellation: say so. */
      g_autofree char *more = g_strdup_printf (_("%s The other reservation is cancelled."), text);

      g_free (text);
      text = g_steal_pointer (&more);
    }
  undo = g_str_equal (change->what, "move") ? undo_new (self, "move", old_stay, id)
                                            : undo_new (self, change->what, id, 0);
  show_toast (self, text, G_CALLBACK (undo_cb), undo, (GDestroyNotify) undo_free);
  if (change->chooser != NULL)
    gtk_window_destroy (GTK_WINDOW (change->chooser));
  changed (self);
}

/* Check-in and reservation choose a person and a day first. */
static void
person_chosen_cb (EaPersonChooser *chooser,
                  gint64           person_id,
                  EaFacilityPage  *self)
{
  Chip *chip = g_object_get_data (G_OBJECT (chooser), "ea-chip");
  gboolean reserve = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "ea-reserve"));
  Change *change = change_new (self, reserve ? "reserve" : "check-in", person_id, chip,
                               ea_person_chooser_get_date (chooser), GTK_WIDGET (chooser));

  apply_change (change, EA_PLACE_DEFAULT);
  change_free (change);
}

static void
open_chooser (EaFacilityPage *self,
              Chip           *chip,
              gboolean        reserve)
{
  g_autofree char *title = g_strdup_printf (_("Room %s, Bed %s"), chip->room, chip->label);
  g_autofree char *today = ea_clock_today ();
  EaPersonChooser *chooser = ea_person_chooser_new (self->session, title,
                                                    reserve ? _("_Reserve") : _("_Check In"));

  ea_person_chooser_add_date (chooser,
                              reserve ? _("Reserved from (DD.MM.YYYY)")
                                      : _("First night (DD.MM.YYYY; today or a day past)"),
                              today);
  ea_person_chooser_set_bed (chooser, self->facility_id, chip->bed_id, reserve);
  g_object_set_data_full (G_OBJECT (chooser), "ea-chip", chip_copy (chip),
                          (GDestroyNotify) chip_free);
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
             Chip           *target,
             const char     *date)
{
  Change *change = change_new (self, "move", person_id, target, date, NULL);

  apply_change (change, EA_PLACE_DEFAULT);
  change_free (change);
}

static void
moved_elsewhere_cb (EaFindBedDialog *dialog,
                    const char      *message,
                    EaFacilityPage  *self)
{
  show_toast (self, message, NULL, NULL, NULL);
  changed (self);
}

/* Another facility: Bett finden's ranking, for this one person. */
static void
open_move_elsewhere (EaFacilityPage *self,
                     Chip           *chip)
{
  EaFindBedDialog *dialog;

  dialog = ea_find_bed_dialog_new_move (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        self->session, chip->person_id, chip->person_name);
  g_signal_connect_object (dialog, "placed", G_CALLBACK (moved_elsewhere_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
}

static void
move_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  EaFacilityPage   *self)
{
  GtkDropDown *beds = g_object_get_data (G_OBJECT (dialog), "ea-beds");
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "ea-bed-ids");
  GtkWidget *date = g_object_get_data (G_OBJECT (dialog), "ea-date");
  Chip *chip = g_object_get_data (G_OBJECT (dialog), "ea-chip");
  guint selected = gtk_drop_down_get_selected (beds);

  if (g_strcmp0 (response, "elsewhere") == 0)
    {
      open_move_elsewhere (self, chip);
      return;
    }
  if (g_strcmp0 (response, "move") != 0 || selected >= ids->len)
    return;
  move_person (self, chip->person_id, chip_for_bed (self, g_array_index (ids, gint64, selected)),
               entry_date (date));
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
  GtkWidget *dialog, *drop_down, *box, *date;
  g_autoptr(GPtrArray) free_chips = g_ptr_array_new ();
  g_autofree char *today = ea_clock_today ();

  g_hash_table_iter_init (&iter, self->chips);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Chip *c = value;
      if (c->status == EA_BED_FREE)
        g_ptr_array_add (free_chips, c);
    }
  /* In the order of the plan; a bed held from a later day says so. */
  g_ptr_array_sort (free_chips, compare_chips);
  for (guint i = 0; i < free_chips->len; i++)
    {
      Chip *c = g_ptr_array_index (free_chips, i);
      g_autofree char *text = NULL;

      if (c->reserved_from != NULL)
        {
          g_autofree char *from = short_day (c->reserved_from);

          text = g_strdup_printf (_("Room %s, Bed %s (reserved from %s)"), c->room, c->label,
                                  from);
        }
      else
        text = g_strdup_printf (_("Room %s, Bed %s"), c->room, c->label);
      gtk_string_list_append (names, text);
      g_array_append_val (ids, c->bed_id);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Move to Another Bed"),
                                   free_chips->len > 0
                                   ? _("Choose a free bed in this facility, or one in another "
                                       "facility. You can also drag the person onto a free bed.")
                                   : _("There is no free bed in this facility today: choose one "
                                       "in another facility."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "elsewhere", _("_Another Facility…"),
                                    "move", _("_Move"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "move",
                                           free_chips->len > 0);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           free_chips->len > 0 ? "move" : "elsewhere");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Free bed"), -1);
  gtk_widget_set_visible (drop_down, free_chips->len > 0);
  date = date_entry_new (_("Moving day (DD.MM.YYYY; today or a day past)"), today);
  gtk_box_append (GTK_BOX (box), drop_down);
  gtk_box_append (GTK_BOX (box), date);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "ea-beds", drop_down);
  g_object_set_data (G_OBJECT (dialog), "ea-date", date);
  g_object_set_data_full (G_OBJECT (dialog), "ea-bed-ids", ids, (GDestroyNotify) g_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "ea-chip", chip_copy (chip),
                          (GDestroyNotify) chip_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (move_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Checks the bed's occupant out on @date (NULL: today), with Undo. */
static gboolean
check_out (EaFacilityPage *self,
           Chip           *chip,
           const char     *date)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id = ea_housing_check_out (self->session, chip->person_id, date, &error);

  if (id == 0)
    {
      show_error (self, error);
      return FALSE;
    }
  text = g_strdup_printf (_("Checked out of bed %s in room %s."), chip->label, chip->room);
  show_toast (self, text, G_CALLBACK (undo_cb), undo_new (self, "check-out", id, 0),
              (GDestroyNotify) undo_free);
  return TRUE;
}

/* Check-out on a day past, or the planned day of moving out. */
static void
departure_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       EaFacilityPage   *self)
{
  GtkWidget *date = g_object_get_data (G_OBJECT (dialog), "ea-date");
  Chip *chip = g_object_get_data (G_OBJECT (dialog), "ea-chip");
  gboolean plan = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "ea-plan"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "take-back") == 0)
    {
      if (!ea_housing_plan_departure (self->session, chip->person_id, NULL, &error))
        {
          show_error (self, error);
          return;
        }
      show_toast (self, _("The planned day of moving out is taken back."), NULL, NULL, NULL);
      changed (self);
      return;
    }
  if (g_strcmp0 (response, "done") != 0)
    return;
  if (plan)
    {
      g_autofree char *day = NULL;

      /* An empty field would take the plan back: that is its own button. */
      if (entry_date (date) == NULL)
        {
          show_toast (self, _("Enter the planned day of moving out."), NULL, NULL, NULL);
          return;
        }
      if (!ea_housing_plan_departure (self->session, chip->person_id, entry_date (date),
                                      &error))
        {
          show_error (self, error);
          return;
        }
      day = ea_date_parse_input (entry_date (date));
      {
        g_autofree char *shown = ea_date_format (day);

        text = g_strdup_printf (_("Moving out planned for %s."), shown);
      }
      show_toast (self, text, NULL, NULL, NULL);
    }
  else if (!check_out (self, chip, entry_date (date)))
    return;
  changed (self);
}

static void
open_departure_dialog (EaFacilityPage *self,
                       Chip           *chip,
                       gboolean        plan)
{
  g_autofree char *heading = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *tomorrow = ea_date_add_days (today, 1);
  GtkWidget *dialog, *date;

  heading = plan ? g_strdup_printf (_("Plan Moving Out of Bed %s in Room %s"), chip->label,
                                    chip->room)
                 : g_strdup_printf (_("Check Out of Bed %s in Room %s"), chip->label, chip->room);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   plan ? _("The bed counts as free from that day in the look "
                                            "ahead; the person stays checked in until the "
                                            "check-out.")
                                        : _("The last night is the one before this day."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), NULL);
  if (plan && chip->planned_until != NULL)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "take-back",
                                     _("_Take Back"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "done",
                                   plan ? _("_Plan") : _("Check _Out"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "done",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "done");
  date = plan ? date_entry_new (_("Moving out on (DD.MM.YYYY; a day to come)"),
                                chip->planned_until != NULL ? chip->planned_until : tomorrow)
              : date_entry_new (_("Moving out on (DD.MM.YYYY; today or a day past)"), today);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), date);
  g_object_set_data (G_OBJECT (dialog), "ea-date", date);
  g_object_set_data (G_OBJECT (dialog), "ea-plan", GINT_TO_POINTER (plan));
  g_object_set_data_full (G_OBJECT (dialog), "ea-chip", chip_copy (chip),
                          (GDestroyNotify) chip_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (departure_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void open_block_dialog_with (EaFacilityPage *self,
                                    Chip           *chip,
                                    guint           selected,
                                    const char     *until_text,
                                    const char     *note_text,
                                    const char     *problem);

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
      /* The dialog is closed with its response: a new one takes what
       * was entered, and says what is wrong (an impossible date, say). */
      open_block_dialog_with (self, chip, selected, until_text, note_text, error->message);
      return;
    }
  text = g_strdup_printf (_("Bed %s in room %s is blocked."), chip->label, chip->room);
  show_toast (self, text, G_CALLBACK (undo_cb), undo_new (self, "block", chip->bed_id, 0),
              (GDestroyNotify) undo_free);
  changed (self);
}

static void
open_block_dialog_with (EaFacilityPage *self,
                        Chip           *chip,
                        guint           selected,
                        const char     *until_text,
                        const char     *note_text,
                        const char     *problem)
{
  const char *reasons[] = { _("Renovation"), _("Damage"), _("Quarantine"), _("Other reason"),
                            NULL };
  GtkWidget *dialog, *box, *reason, *note, *until;
  g_autofree char *heading = g_strdup_printf (_("Block Bed %s in Room %s"), chip->label,
                                              chip->room);
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
  if (problem != NULL)
    {
      GtkWidget *label = gtk_label_new (problem);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (reason), selected);
  if (until_text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (until), until_text);
  if (note_text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (note), note_text);
  gtk_box_append (GTK_BOX (box), reason);
  gtk_box_append (GTK_BOX (box), until);
  gtk_box_append (GTK_BOX (box), note);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data_full (G_OBJECT (dialog), "ea-problem", g_strdup (problem), g_free);

  g_object_set_data (G_OBJECT (dialog), "ea-reason", reason);
  g_object_set_data (G_OBJECT (dialog), "ea-note", note);
  g_object_set_data (G_OBJECT (dialog), "ea-until", until);
  g_object_set_data_full (G_OBJECT (dialog), "ea-chip", chip_copy (chip),
                          (GDestroyNotify) chip_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (block_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_block_dialog (EaFacilityPage *self,
                   Chip           *chip)
{
  open_block_dialog_with (self, chip, 0, NULL, NULL, NULL);
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

  if (g_str_equal (action, "check-in"))
    open_chooser (self, chip, FALSE);
  else if (g_str_equal (action, "reserve"))
    open_chooser (self, chip, TRUE);
  else if (g_str_equal (action, "move"))
    open_move_dialog (self, chip);
  else if (g_str_equal (action, "move-elsewhere"))
    open_move_elsewhere (self, chip);
  else if (g_str_equal (action, "check-out-earlier"))
    open_departure_dialog (self, chip, FALSE);
  else if (g_str_equal (action, "plan-departure"))
    open_departure_dialog (self, chip, TRUE);
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
      if (check_out (self, chip, NULL))
        changed (self);
    }
  else if (g_str_equal (action, "open-person"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-person", "x", chip->person_id);
  else if (g_str_equal (action, "check-in-reserved"))
    {
      Change *change = change_new (self, "check-in", chip->person_id, chip, NULL, NULL);

      apply_change (change, EA_PLACE_DEFAULT);
      change_free (change);
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

/* A button that goes (the window closes, the plan is read again) while
 * its popover is open takes the popover with it. */
static void
popover_owner_destroyed_cb (GtkPopover *popover)
{
  g_signal_handlers_disconnect_by_func (popover, popover_closed_cb, NULL);
  gtk_widget_unparent (GTK_WIDGET (popover));
}

/* Opens @popover on @button, until it closes. */
static void
pop_up (GtkWidget *popover,
        GtkWidget *button)
{
  gtk_widget_set_parent (popover, button);
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  g_signal_connect_object (button, "destroy", G_CALLBACK (popover_owner_destroyed_cb), popover,
                           G_CONNECT_SWAPPED);
  gtk_popover_popup (GTK_POPOVER (popover));
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
  g_autofree char *state = chip_description (chip);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *detail = gtk_label_new (state);
  GtkWidget *first_action;

  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  /* What the bed is now and what is planned for it, in words. */
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 36);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_set_margin_bottom (detail, 6);
  gtk_box_append (GTK_BOX (box), detail);

  /* Whoever may see persons opens the file of the one who sleeps here
   * or is expected (a social worker, who changes no bed). */
  if ((chip->status == EA_BED_OCCUPIED || chip->status == EA_BED_RESERVED) &&
      chip->person_id > 0 && ea_session_can (self->session, EA_RIGHT_VIEW_PERSONS))
    add_action (GTK_BOX (box), self, _("_Open the Person’s File"), "open-person");

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
          add_action (GTK_BOX (box), self, _("Check Out on an _Earlier Day…"),
                      "check-out-earlier");
          add_action (GTK_BOX (box), self, chip->planned_until != NULL
                                           ? _("Change the _Planned Day of Moving Out…")
                                           : _("_Plan Moving Out…"), "plan-departure");
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

  first_action = gtk_widget_get_next_sibling (detail);
  if (first_action == NULL)
    {
      g_autofree char *today = ea_clock_today ();
      GtkWidget *none = gtk_label_new (is_today (self)
                                       ? _("Your role cannot change this bed.")
                                       : g_strcmp0 (self->date, today) > 0
                                       ? _("Days to come are shown as planned.")
                                       : _("Past days are shown as they were."));
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
    }

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  pop_up (popover, GTK_WIDGET (button));
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
  move_person (self, g_ascii_strtoll (text + strlen ("ea-person:"), NULL, 10), chip, NULL);
  return TRUE;
}

static gboolean
chip_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip)
{
  Chip *chip = g_object_get_data (G_OBJECT (widget), "ea-chip");
  g_autofree char *text = chip_description (chip);

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

  if (bed->person_name != NULL && bed->planned_until != NULL)
    {
      g_autofree char *out = short_day (bed->planned_until);

      /* Translators: a bed's label, its occupant and the planned day of
       * moving out, on a chip of the room plan. */
      text = g_strdup_printf (_("%s  %s · out %s"), bed->label, bed->person_name, out);
    }
  else if (bed->person_name != NULL)
    text = g_strdup_printf ("%s  %s", bed->label, bed->person_name);
  else if (bed->status == EA_BED_FREE && bed->reserved_from != NULL)
    {
      g_autofree char *until_iso = ea_date_add_days (bed->reserved_from, -1);
      g_autofree char *until = short_day (until_iso);

      text = g_strdup_printf (_("%s  free until %s, then reserved"), bed->label, until);
    }
  else
    text = g_strdup (bed->label);
  gtk_button_set_label (GTK_BUTTON (button), text);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))),
                           PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (button, "bed-chip");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, classes[bed->status]);
  if (bed->status == EA_BED_FREE && bed->reserved_from != NULL)
    gtk_widget_add_css_class (button, "bed-held-later");
  if (bed->status == EA_BED_OCCUPIED && bed->planned_until != NULL)
    gtk_widget_add_css_class (button, "bed-leaving");

  tooltip = chip_description (chip);
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
  pop_up (popover, GTK_WIDGET (button));
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

  /* GTK 4.8's list view moves the keyboard's focus from row to row, and
   * into a row only where the row or a widget in it can take it: a
   * unit's heading, with nothing to click, would end the Tab's way into
   * the plan at its first row. A heading row takes the focus itself (there
   * is no selection to change), and the beds of the rooms after it are
   * reached by Tab, one by one. */
  gtk_list_item_set_selectable (item, row->heading != NULL);
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

  self->stale = FALSE;
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
          chip->person_name = g_strdup (bed->person_name);
          chip->reserved_from = g_strdup (bed->reserved_from);
          chip->reserved_name = g_strdup (bed->reserved_name);
          chip->planned_until = g_strdup (bed->planned_until);
          g_hash_table_insert (self->chips, g_memdup2 (&bed->bed_id, sizeof (gint64)), chip);
        }
    }

  {
    g_autofree char *today = ea_clock_today ();
    self->today = g_strcmp0 (self->date, today) == 0;
  }
  day = ea_date_format (self->date);
  {
    g_autofree char *today = ea_clock_today ();

    subtitle = is_today (self) ? g_strdup_printf (_("Today, %s"), day)
               : g_strcmp0 (self->date, today) > 0
               ? g_strdup_printf (_("As planned for %s (read-only)"), day)
               : g_strdup_printf (_("As on %s (read-only)"), day);
  }
  adw_window_title_set_title (self->title, name);
  adw_window_title_set_subtitle (self->title, subtitle);
  rebuild_rows (self);
  gtk_stack_set_visible_child_name (self->stack, "plan");
}

/* A plan that another seat changed while it was out of view. */
static void
ea_facility_page_map (GtkWidget *widget)
{
  EaFacilityPage *self = EA_FACILITY_PAGE (widget);

  GTK_WIDGET_CLASS (ea_facility_page_parent_class)->map (widget);

  if (self->stale && self->facility_id != 0)
    ea_facility_page_refresh (self);
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
  widget_class->map = ea_facility_page_map;
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

/* What the bed's chip says to a screen reader and in its tooltip. */
char *
_ea_facility_page_dup_bed_description (EaFacilityPage *self,
                                       gint64          bed_id)
{
  Chip *chip = g_hash_table_lookup (self->chips, &bed_id);

  return chip != NULL ? chip_description (chip) : NULL;
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

/* The button of @bed_id's chip among @widget and its descendants. */
static GtkWidget *
find_chip_button (GtkWidget *widget,
                  gint64     bed_id)
{
  Chip *chip = g_object_get_data (G_OBJECT (widget), "ea-chip");

  if (GTK_IS_BUTTON (widget) && chip != NULL && chip->bed_id == bed_id)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_chip_button (child, bed_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A click on the bed's chip, as the user's: its popover opens. */
gboolean
_ea_facility_page_click_bed (EaFacilityPage *self,
                             gint64          bed_id)
{
  GtkWidget *button = find_chip_button (GTK_WIDGET (self), bed_id);

  if (button == NULL)
    return FALSE;
  g_signal_emit_by_name (button, "clicked");
  return TRUE;
}

/**
 * ea_facility_page_mark_stale:
 *
 * Another seat changed something: the plan is read again by
 * ea_facility_page_catch_up() or when it comes into view.
 */
void
ea_facility_page_mark_stale (EaFacilityPage *self)
{
  g_return_if_fail (EA_IS_FACILITY_PAGE (self));

  self->stale = TRUE;
}

/* Reads the plan again where it is scrolled to, not from the top. */
static void
refresh_in_place (EaFacilityPage *self)
{
  EaLiveScroll *scroll = ea_live_save_scroll (GTK_WIDGET (self));

  ea_facility_page_refresh (self);
  ea_live_restore_scroll (scroll);
}

/**
 * ea_facility_page_catch_up:
 *
 * Reads the plan again when another seat changed something and the plan
 * is in view, keeping its scrolled place; not while a bed's or room's
 * popover or a dialog is open, whose buttons and fields belong to the
 * plan as it was.
 *
 * Returns: whether the plan in view waits for that
 */
gboolean
ea_facility_page_catch_up (EaFacilityPage *self)
{
  g_return_val_if_fail (EA_IS_FACILITY_PAGE (self), FALSE);

  if (!self->stale || self->facility_id == 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  if (self->dialog != NULL || ea_live_is_busy (GTK_WIDGET (self)))
    return TRUE;
  refresh_in_place (self);
  return FALSE;
}
