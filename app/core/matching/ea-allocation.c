/* SPDX-License-Identifier: EUPL-1.2 */
/* EaAllocation: places all expected arrivals without a bed at once
 * (Ankünfte verteilen). Households stay together, the hardest to place
 * come first (wheelchair users, large families, women travelling alone),
 * and no bed is used twice: each place found is taken in the bed
 * matcher before the next search. The housing manager can change the
 * proposal group by group; confirming it reserves every bed in one
 * transaction. Unaccompanied minors are never placed. */
#include "config.h"

#include "ea-allocation.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ea-bed-matcher-private.h"
#include "ea-error.h"
#include "ea-matching-sql-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

typedef struct
{
  gint64    person_id;
  char     *name;
  gint64    household_id;
  char     *household;
  char     *gender;
  int       age;
  GStrv     needs;
  char     *expected_on;
  gboolean  wheelchair;
} Arrival;

typedef struct
{
  GPtrArray      *arrivals;   /* of Arrival, owned by the allocation */
  int             difficulty;
  EaBedCandidate *candidate;  /* NULL when nothing fits */
  gboolean        skipped;
} Group;

struct _EaAllocation
{
  GObject         parent_instance;

  EaSession      *session;
  EaBedMatcher   *matcher;
  EaReligionMode  religion;
  gboolean        committed;
  GPtrArray      *arrivals;   /* of Arrival */
  GPtrArray      *groups;     /* of Group, the hardest first */
  GPtrArray      *unplaced;   /* of EaUnplaceable */
  GPtrArray      *rows;       /* of EaAllocationRow */
};

G_DEFINE_FINAL_TYPE (EaAllocation, ea_allocation, G_TYPE_OBJECT)

static void
arrival_free (Arrival *arrival)
{
  g_free (arrival->name);
  g_free (arrival->household);
  g_free (arrival->gender);
  g_strfreev (arrival->needs);
  g_free (arrival->expected_on);
  g_free (arrival);
}

static void
group_free (Group *group)
{
  g_ptr_array_unref (group->arrivals);
  g_clear_pointer (&group->candidate, ea_bed_candidate_free);
  g_free (group);
}

static void
row_free (EaAllocationRow *row)
{
  g_free (row->name);
  g_free (row->household);
  g_free (row->gender);
  g_strfreev (row->needs);
  g_free (row->expected_on);
  g_free (row->bed);
  g_free (row->room);
  g_free (row->unit);
  g_free (row->facility);
  g_free (row->room_rule);
  g_strfreev (row->reasons);
  g_free (row);
}

static void
ea_allocation_finalize (GObject *object)
{
  EaAllocation *self = EA_ALLOCATION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->matcher);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->arrivals, g_ptr_array_unref);
  g_clear_pointer (&self->unplaced, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (ea_allocation_parent_class)->finalize (object);
}

static void
ea_allocation_class_init (EaAllocationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ea_allocation_finalize;
}

static void
ea_allocation_init (EaAllocation *self)
{
  self->arrivals = g_ptr_array_new_with_free_func ((GDestroyNotify) arrival_free);
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  self->unplaced = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_unplaceable_free);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
}

/* Expected arrivals up to @until with neither a bed reserved nor a stay,
 * by household. Each is placed from their day of arrival (today when it
 * has passed), the first night of their reservation: the matcher ages
 * them, and their roommates, on that night, as the reservation will. */
static gboolean
load_arrivals (EaAllocation  *self,
               const char    *until,
               GError       **error)
{
  EaStore *store = ea_session_get_store (self->session);
  const char *today = _ea_bed_matcher_get_from (self->matcher);
  gboolean special = ea_session_can (self->session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES);
  g_autoptr(EaStmt) stmt = NULL;
  Group *group = NULL;
  int rc;

  stmt = _ea_store_prepare (store, _ea_matching_sql.expected_arrivals, error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text (stmt, 1, until);
  _ea_stmt_bind_text (stmt, 2, today);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      Arrival *a = g_new0 (Arrival, 1);
      const char *needs = _ea_stmt_column_text (stmt, 7);
      g_auto(GStrv) codes = needs != NULL ? g_strsplit (needs, ",", -1) : g_new0 (char *, 1);
      g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();

      a->person_id = _ea_stmt_column_int64 (stmt, 0);
      a->name = g_strdup (_ea_stmt_column_text (stmt, 1));
      a->household_id = _ea_stmt_column_int64 (stmt, 2);
      a->household = g_strdup (_ea_stmt_column_text (stmt, 3));
      a->gender = g_strdup (_ea_stmt_column_text (stmt, 4));
      a->expected_on = g_strdup (_ea_stmt_column_text (stmt, 6));
      {
        const char *night = a->expected_on != NULL && strcmp (a->expected_on, today) > 0
                            ? a->expected_on : today;

        a->age = ea_partial_date_age (_ea_stmt_column_text (stmt, 5), night);
        if (night != today)
          _ea_bed_matcher_set_first_night (self->matcher, a->person_id, night);
      }
      /* The need for a barrier-free room is housing's business; the
       * other protection needs only for those who may see them. */
      for (guint i = 0; codes[i] != NULL; i++)
        {
          a->wheelchair |= g_str_equal (codes[i], "rollstuhl");
          if (special || g_str_equal (codes[i], "rollstuhl"))
            g_strv_builder_add (shown, codes[i]);
        }
      a->needs = g_strv_builder_end (shown);
      g_ptr_array_add (self->arrivals, a);

      if (group == NULL || a->household_id == 0 ||
          ((Arrival *) g_ptr_array_index (group->arrivals, 0))->household_id != a->household_id)
        {
          group = g_new0 (Group, 1);
          group->arrivals = g_ptr_array_new ();
          g_ptr_array_add (self->groups, group);
        }
      g_ptr_array_add (group->arrivals, a);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the expected arrivals"));
  return TRUE;
}

/* Wheelchair users need scarce barrier-free rooms, large families whole
 * rooms, women travelling alone the women's areas. */
static int
difficulty (Group *group)
{
  int score = (int) group->arrivals->len * 10;

  for (guint i = 0; i < group->arrivals->len; i++)
    {
      Arrival *a = g_ptr_array_index (group->arrivals, i);

      if (a->wheelchair)
        score += 100;
      if (group->arrivals->len == 1 && g_strcmp0 (a->gender, "w") == 0 && a->age >= 18)
        score += 5;
    }
  return score;
}

static const char *
first_expected (Group *group)
{
  const char *first = NULL;

  for (guint i = 0; i < group->arrivals->len; i++)
    {
      const char *on = ((Arrival *) g_ptr_array_index (group->arrivals, i))->expected_on;

      if (on != NULL && (first == NULL || strcmp (on, first) < 0))
        first = on;
    }
  return first != NULL ? first : "";
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  Group *x = *(Group **) a, *y = *(Group **) b;
  gint64 xi, yi;
  int by_date;

  if (x->difficulty != y->difficulty)
    return x->difficulty > y->difficulty ? -1 : 1;
  by_date = strcmp (first_expected (x), first_expected (y));
  if (by_date != 0)
    return by_date;
  xi = ((Arrival *) g_ptr_array_index (x->arrivals, 0))->person_id;
  yi = ((Arrival *) g_ptr_array_index (y->arrivals, 0))->person_id;
  return (xi > yi) - (xi < yi);
}

static GArray *
group_ids (Group *group)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), group->arrivals->len);

  for (guint i = 0; i < group->arrivals->len; i++)
    g_array_append_val (ids, ((Arrival *) g_ptr_array_index (group->arrivals, i))->person_id);
  return ids;
}

/* The best place for @group now, taken in the matcher; the persons that
 * cannot be placed go to @unplaced. */
static gboolean
place_group (EaAllocation  *self,
             Group         *group,
             GPtrArray     *unplaced,
             GError       **error)
{
  g_autoptr(GArray) ids = group_ids (group);
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) found = ea_bed_matcher_find (self->matcher, &g_array_index (ids, gint64, 0),
                                                    ids->len, self->religion, 1, &refused,
                                                    error);

  if (found == NULL)
    return FALSE;
  if (found->len > 0)
    {
      group->candidate = g_ptr_array_steal_index (found, 0);
      ea_bed_matcher_take (self->matcher, group->candidate);
    }
  if (unplaced != NULL)
    g_ptr_array_extend_and_steal (unplaced, g_steal_pointer (&refused));
  return TRUE;
}

static Arrival *
find_arrival (Group  *group,
              gint64  person_id)
{
  for (guint i = 0; i < group->arrivals->len; i++)
    if (((Arrival *) g_ptr_array_index (group->arrivals, i))->person_id == person_id)
      return g_ptr_array_index (group->arrivals, i);
  return NULL;
}

static EaAllocationRow *
row_new (guint    group,
         Arrival *a)
{
  EaAllocationRow *row = g_new0 (EaAllocationRow, 1);

  row->group = group;
  row->person_id = a->person_id;
  row->name = g_strdup (a->name);
  row->household_id = a->household_id;
  row->household = g_strdup (a->household);
  row->gender = g_strdup (a->gender);
  row->age = a->age;
  row->needs = g_strdupv (a->needs);
  row->expected_on = g_strdup (a->expected_on);
  return row;
}

/* The table: one row per person placed or taken out, group by group. */
static void
rebuild_rows (EaAllocation *self)
{
  g_ptr_array_set_size (self->rows, 0);
  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);
      EaBedCandidate *c = group->candidate;

      if (c == NULL)
        continue;
      for (guint i = 0; i < c->person_ids->len; i++)
        {
          Arrival *a = find_arrival (group, g_array_index (c->person_ids, gint64, i));
          EaAllocationRow *row;
          const char *facility, *unit, *rule;

          if (a == NULL)
            continue;
          row = row_new (g, a);
          row->skipped = group->skipped;
          row->score = c->score;
          row->reasons = g_strdupv (c->reasons);
          if (!group->skipped)
            {
              row->bed_id = g_array_index (c->bed_ids, gint64, i);
              row->bed = g_strdup (g_ptr_array_index (c->bed_labels, i));
              row->room_id = g_array_index (c->room_ids, gint64, i);
              row->room = g_strdup (g_ptr_array_index (c->room_names, i));
              if (_ea_bed_matcher_describe_room (self->matcher, row->room_id, &facility, &unit,
                                                 &rule, &row->room_area, &row->room_capacity,
                                                 &row->room_barrier_free))
                {
                  row->facility = g_strdup (facility);
                  row->unit = g_strdup (unit);
                  row->room_rule = g_strdup (rule);
                }
            }
          g_ptr_array_add (self->rows, row);
        }
    }
}

/**
 * ea_allocation_new:
 * @session: a session that may see persons
 * @arrivals_until: (nullable): the last expected day of arrival to
 *   include, `YYYY-MM-DD` or `TT.MM.JJJJ`; %NULL for all
 * @religion: how the roommates' religion counts
 * @error: a #GError
 *
 * Proposes a bed for every expected arrival without one, from today on.
 * Nothing is stored until ea_allocation_commit().
 *
 * Returns: (transfer full): the proposal, or %NULL on a refusal
 */
EaAllocation *
ea_allocation_new (EaSession       *session,
                   const char      *arrivals_until,
                   EaReligionMode   religion,
                   GError         **error)
{
  return ea_allocation_new_full (session, arrivals_until, religion, NULL, NULL, NULL, error);
}

/**
 * ea_allocation_new_full:
 * @progress: (nullable): told how far the proposal is, now and then
 * @progress_data: for @progress
 * @cancellable: (nullable): stops the proposal between two households
 *
 * ea_allocation_new() for a worker thread: on a district of 100,000
 * persons a proposal takes seconds. The session must be the thread's
 * own (ea_session_open_copy()).
 *
 * Returns: (transfer full): the proposal, or %NULL on a refusal or when
 *   cancelled (%G_IO_ERROR_CANCELLED)
 */
EaAllocation *
ea_allocation_new_full (EaSession             *session,
                        const char            *arrivals_until,
                        EaReligionMode         religion,
                        EaAllocationProgress   progress,
                        gpointer               progress_data,
                        GCancellable          *cancellable,
                        GError               **error)
{
  g_autoptr(EaAllocation) self = NULL;
  g_autofree char *until = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (arrivals_until != NULL && (until = ea_date_parse_input (arrivals_until)) == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is not a valid date; write it as YYYY-MM-DD or DD.MM.YYYY."),
                   arrivals_until);
      return NULL;
    }
  self = g_object_new (EA_TYPE_ALLOCATION, NULL);
  self->session = g_object_ref (session);
  self->religion = religion;
  self->matcher = ea_bed_matcher_new (session, NULL, NULL, error);
  if (self->matcher == NULL ||
      !load_arrivals (self, until != NULL ? until : "9999-12-31", error))
    return NULL;

  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);

      group->difficulty = difficulty (group);
    }
  g_ptr_array_sort (self->groups, compare_groups);
  for (guint g = 0; g < self->groups->len; g++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (progress != NULL && g % 8 == 0)
        progress ((double) g / self->groups->len, progress_data);
      if (!place_group (self, g_ptr_array_index (self->groups, g), self->unplaced, error))
        return NULL;
    }
  if (progress != NULL)
    progress (1.0, progress_data);
  rebuild_rows (self);
  return g_steal_pointer (&self);
}

/**
 * ea_allocation_get_rows:
 *
 * Returns: (transfer none) (element-type EaAllocationRow): the persons
 *   placed or taken out, group by group, the hardest first; valid until
 *   the next change
 */
GPtrArray *
ea_allocation_get_rows (EaAllocation *self)
{
  g_return_val_if_fail (EA_IS_ALLOCATION (self), NULL);
  return self->rows;
}

/**
 * ea_allocation_get_unplaced:
 *
 * Returns: (transfer none) (element-type EaUnplaceable): who cannot be
 *   placed, with the reason; unaccompanied minors among them
 */
GPtrArray *
ea_allocation_get_unplaced (EaAllocation *self)
{
  g_return_val_if_fail (EA_IS_ALLOCATION (self), NULL);
  return self->unplaced;
}

/**
 * ea_allocation_get_n_placed:
 *
 * Returns: how many persons the proposal places (not taken out)
 */
guint
ea_allocation_get_n_placed (EaAllocation *self)
{
  guint n = 0;

  g_return_val_if_fail (EA_IS_ALLOCATION (self), 0);

  for (guint i = 0; i < self->rows->len; i++)
    if (!((EaAllocationRow *) g_ptr_array_index (self->rows, i))->skipped)
      n++;
  return n;
}

static Group *
get_group (EaAllocation  *self,
           guint          group,
           GError       **error)
{
  if (self->committed)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("This proposal has been confirmed already."));
      return NULL;
    }
  if (group >= self->groups->len || ((Group *) g_ptr_array_index (self->groups, group))->candidate == NULL)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("This row is not part of the proposal."));
      return NULL;
    }
  return g_ptr_array_index (self->groups, group);
}

/**
 * ea_allocation_find_alternatives:
 * @self: a proposal
 * @group: the row's group
 * @limit: at most this many; 0 for all
 * @error: a #GError
 *
 * Other places for the row's household, given the rest of the proposal
 * (its own beds count as free).
 *
 * Returns: (transfer full) (element-type EaBedCandidate): the places, the
 *   best first
 */
GPtrArray *
ea_allocation_find_alternatives (EaAllocation  *self,
                                 guint          group,
                                 guint          limit,
                                 GError       **error)
{
  Group *g = get_group (self, group, error);
  g_autoptr(GArray) ids = NULL;
  GPtrArray *found;

  if (g == NULL)
    return NULL;
  ids = group_ids (g);
  if (!g->skipped)
    _ea_bed_matcher_release (self->matcher, g->candidate);
  found = ea_bed_matcher_find (self->matcher, &g_array_index (ids, gint64, 0), ids->len,
                               self->religion, limit, NULL, error);
  if (!g->skipped)
    ea_bed_matcher_take (self->matcher, g->candidate);
  return found;
}

/**
 * ea_allocation_choose:
 * @self: a proposal
 * @group: the row's group
 * @candidate: one of ea_allocation_find_alternatives() for the group
 * @error: a #GError
 *
 * Returns: %FALSE when the place is no longer free in the proposal
 */
gboolean
ea_allocation_choose (EaAllocation          *self,
                      guint                  group,
                      const EaBedCandidate  *candidate,
                      GError               **error)
{
  Group *g = get_group (self, group, error);
  EaBedCandidate *copy;

  if (g == NULL)
    return FALSE;
  if (!g->skipped)
    _ea_bed_matcher_release (self->matcher, g->candidate);
  if (!ea_bed_matcher_take (self->matcher, candidate))
    {
      if (!g->skipped)
        ea_bed_matcher_take (self->matcher, g->candidate);
      g_set_error_literal (error, EA_ERROR, EA_ERROR_RULE,
                           _("These beds are no longer free in the proposal."));
      return FALSE;
    }
  copy = ea_bed_candidate_copy (candidate);
  ea_bed_candidate_free (g->candidate);
  g->candidate = copy;
  g->skipped = FALSE;
  rebuild_rows (self);
  return TRUE;
}

/**
 * ea_allocation_set_skipped:
 * @self: a proposal
 * @group: the row's group
 * @skipped: %TRUE to take the household out of the proposal, %FALSE to
 *   place it again
 * @error: a #GError
 *
 * A household taken out frees its beds for the others' alternatives.
 * Placed again, it gets its beds back or, when they were chosen for
 * someone else meanwhile, the best place left.
 *
 * Returns: %FALSE when no place is left for it
 */
gboolean
ea_allocation_set_skipped (EaAllocation  *self,
                           guint          group,
                           gboolean       skipped,
                           GError       **error)
{
  Group *g = get_group (self, group, error);

  if (g == NULL)
    return FALSE;
  if (g->skipped == skipped)
    return TRUE;
  if (skipped)
    _ea_bed_matcher_release (self->matcher, g->candidate);
  else if (!ea_bed_matcher_take (self->matcher, g->candidate))
    {
      g_autoptr(GPtrArray) found = ea_allocation_find_alternatives (self, group, 1, error);

      if (found == NULL)
        return FALSE;
      if (found->len == 0)
        {
          g_set_error_literal (error, EA_ERROR, EA_ERROR_RULE,
                               _("No place is left for this household in the proposal."));
          return FALSE;
        }
      g->skipped = TRUE;
      return ea_allocation_choose (self, group, g_ptr_array_index (found, 0), error);
    }
  g->skipped = skipped;
  rebuild_rows (self);
  return TRUE;
}

static void
add_occupant (gint64      person_id,
              gint64      household_id,
              const char *gender,
              int         age,
              gpointer    user_data)
{
  EaAllocationOccupant occupant = { person_id, household_id, gender, age };

  g_array_append_val ((GArray *) user_data, occupant);
}

/**
 * ea_allocation_dup_room_occupants:
 * @self: a proposal
 * @room_id: a room of a row
 *
 * Returns: (transfer full) (element-type EaAllocationOccupant): who sleeps
 *   in the room once the proposal is confirmed, those already there
 *   included
 */
GArray *
ea_allocation_dup_room_occupants (EaAllocation *self,
                                  gint64        room_id)
{
  GArray *occupants = g_array_new (FALSE, FALSE, sizeof (EaAllocationOccupant));

  _ea_bed_matcher_foreach_occupant (self->matcher, room_id, add_occupant, occupants);
  return occupants;
}

typedef struct
{
  EaAllocation *self;
  guint         placed;
} Committing;

/* Each household's reservations, from its expected day of arrival (the
 * matcher's first night when that has passed). */
static gboolean
commit_all (gpointer   data,
            GError   **error)
{
  Committing *c = data;
  EaAllocation *self = c->self;
  const char *today = _ea_bed_matcher_get_from (self->matcher);

  c->placed = 0;
  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);
      g_autoptr(GPtrArray) from = NULL;

      if (group->candidate == NULL || group->skipped)
        continue;
      from = g_ptr_array_new ();
      for (guint i = 0; i < group->candidate->person_ids->len; i++)
        {
          Arrival *a = find_arrival (group, g_array_index (group->candidate->person_ids, gint64, i));

          g_ptr_array_add (from, a != NULL && a->expected_on != NULL &&
                                 strcmp (a->expected_on, today) > 0 ? a->expected_on : NULL);
        }
      /* Arrivals without a bed only: one that got a reservation from
       * another seat meanwhile is refused, not replaced. */
      if (!_ea_bed_matcher_place_each (self->session, group->candidate, FALSE, today, NULL,
                                       (const char * const *) from->pdata, EA_PLACE_DEFAULT,
                                       error))
        return FALSE;
      c->placed += group->candidate->person_ids->len;
    }
  return TRUE;
}

/**
 * ea_allocation_commit:
 * @self: a proposal
 * @error: a #GError
 *
 * Reserves the beds of every household in the proposal, from its
 * expected day of arrival (today when that has passed), all in one
 * transaction: when one reservation is refused, none is stored.
 *
 * Returns: the number of persons placed, or 0 with @error set
 */
guint
ea_allocation_commit (EaAllocation  *self,
                      GError       **error)
{
  guint placed = 0;

  g_return_val_if_fail (EA_IS_ALLOCATION (self), 0);

  if (self->committed)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("This proposal has been confirmed already."));
      return 0;
    }
  if (!ea_session_check (self->session, EA_RIGHT_EDIT_STAYS, 0, error))
    return 0;
  if (ea_allocation_get_n_placed (self) == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("The proposal places nobody."));
      return 0;
    }
  {
    Committing change = { self, 0 };

    if (!_ea_store_change_all (ea_session_get_store (self->session), commit_all, &change,
                               error))
      return 0;
    placed = change.placed;
  }
  self->committed = TRUE;
  return placed;
}
