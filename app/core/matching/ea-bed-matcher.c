/* SPDX-License-Identifier: EUPL-1.2 */
/* EaBedMatcher: finds rooms for a person or a whole household for a
 * period (DESIGN.md, "Bed matching"). The district is read once into
 * memory: rooms with the beds that are free for the whole period and who
 * sleeps there on its first day. A candidate that breaks a hard rule is
 * never offered; the hard rules are those of a check-in (ea-rules.c).
 * Preferences rank the rest, and each candidate carries its reasons. When
 * nothing fits, the rules that excluded the rooms are named. */
#include "config.h"

#include "ea-bed-matcher-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-housing-private.h"
#include "ea-housing.h"
#include "ea-rules-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"
#include "ea-matcher-parts-private.h"

G_DEFINE_FINAL_TYPE (EaBedMatcher, ea_bed_matcher, G_TYPE_OBJECT)

static void
room_free (Room *room)
{
  g_array_unref (room->beds);
  g_array_unref (room->occupants);
  g_free (room);
}

static void
applicant_free (Applicant *applicant)
{
  g_free (applicant->name);
  g_clear_pointer (&applicant->languages, g_ptr_array_unref);
  g_free (applicant);
}

void
ea_bed_candidate_free (EaBedCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->facility);
  g_free (candidate->unit);
  g_free (candidate->room);
  g_free (candidate->rule);
  g_array_unref (candidate->person_ids);
  g_array_unref (candidate->bed_ids);
  g_ptr_array_unref (candidate->bed_labels);
  g_array_unref (candidate->room_ids);
  g_ptr_array_unref (candidate->room_names);
  g_strfreev (candidate->reasons);
  g_free (candidate);
}

static gpointer
copy_string (gconstpointer text,
             gpointer      data)
{
  return g_strdup (text);
}

/**
 * ea_bed_candidate_copy:
 * @candidate: a candidate
 *
 * Returns: (transfer full): a copy
 */
EaBedCandidate *
ea_bed_candidate_copy (const EaBedCandidate *candidate)
{
  EaBedCandidate *copy = g_new0 (EaBedCandidate, 1);

  *copy = *candidate;
  copy->facility = g_strdup (candidate->facility);
  copy->unit = g_strdup (candidate->unit);
  copy->room = g_strdup (candidate->room);
  copy->rule = g_strdup (candidate->rule);
  copy->person_ids = g_array_copy (candidate->person_ids);
  copy->bed_ids = g_array_copy (candidate->bed_ids);
  copy->bed_labels = g_ptr_array_copy (candidate->bed_labels, copy_string, NULL);
  copy->room_ids = g_array_copy (candidate->room_ids);
  copy->room_names = g_ptr_array_copy (candidate->room_names, copy_string, NULL);
  copy->reasons = g_strdupv (candidate->reasons);
  g_ptr_array_set_free_func (copy->bed_labels, g_free);
  g_ptr_array_set_free_func (copy->room_names, g_free);
  return copy;
}

void
ea_unplaceable_free (EaUnplaceable *unplaceable)
{
  if (unplaceable == NULL)
    return;
  g_free (unplaceable->name);
  g_free (unplaceable->reason);
  g_free (unplaceable);
}

static void
ea_bed_matcher_finalize (GObject *object)
{
  EaBedMatcher *self = EA_BED_MATCHER (object);

  g_clear_object (&self->session);
  g_free (self->from);
  g_free (self->until);
  g_clear_pointer (&self->rooms_by_id, g_hash_table_unref);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_string_chunk_free);
  g_clear_pointer (&self->languages, g_hash_table_unref);
  g_clear_pointer (&self->language_names, g_hash_table_unref);
  g_clear_pointer (&self->applicants, g_hash_table_unref);
  g_clear_pointer (&self->first_nights, g_hash_table_unref);
  g_clear_pointer (&self->keep_apart, g_hash_table_unref);
  g_clear_pointer (&self->applicant_stmt, _ea_stmt_free);
  g_clear_pointer (&self->apart_stmt, _ea_stmt_free);
  g_clear_pointer (&self->spoken_stmt, _ea_stmt_free);
  G_OBJECT_CLASS (ea_bed_matcher_parent_class)->finalize (object);
}

static void
ea_bed_matcher_class_init (EaBedMatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ea_bed_matcher_finalize;
}

static void
ea_bed_matcher_init (EaBedMatcher *self)
{
}

/**
 * ea_bed_matcher_new:
 * @session: a session that may see persons
 * @from: (nullable): the first night, `YYYY-MM-DD` or `TT.MM.JJJJ`; today
 * @until: (nullable): the day of moving out; %NULL for open-ended
 * @error: a #GError
 *
 * Reads the district for the period. Keep the matcher while nothing
 * changes: each search then works in memory. A place taken through
 * ea_bed_matcher_take() is known to it without reading again.
 *
 * Returns: (transfer full): the matcher, or %NULL on a refusal
 */
EaBedMatcher *
ea_bed_matcher_new (EaSession   *session,
                    const char  *from,
                    const char  *until,
                    GError     **error)
{
  g_autoptr(EaBedMatcher) self = NULL;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return NULL;
  self = g_object_new (EA_TYPE_BED_MATCHER, NULL);
  self->session = g_object_ref (session);
  self->from = from != NULL ? ea_date_parse_input (from) : ea_clock_today ();
  self->until = until != NULL ? ea_date_parse_input (until) : NULL;
  if (self->from == NULL || (until != NULL && self->until == NULL))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is not a valid date; write it as YYYY-MM-DD or DD.MM.YYYY."),
                   self->from == NULL ? from : until);
      return NULL;
    }
  if (self->until != NULL && strcmp (self->until, self->from) <= 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The day of moving out must come after the first night."));
      return NULL;
    }
  store = ea_session_get_store (session);
  self->min_area = _ea_housing_min_area (store);
  ea_match_weights_load (session, &self->weights);
  self->rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) room_free);
  self->names = g_string_chunk_new (64 * 1024);
  self->rooms_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->languages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  self->language_names = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->applicants = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                            (GDestroyNotify) applicant_free);
  self->first_nights = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->keep_apart = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!_ea_matcher_load_rooms (self, store, error) ||
      !_ea_matcher_load_free_beds (self, store, error) ||
      !_ea_matcher_load_occupants (self, store, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Reads the persons to place. Unaccompanied minors are the youth
 * office's: who the rules refuse outright goes to @refused, the rest to
 * @placeable. */
static gboolean
load_group (EaBedMatcher  *self,
            const gint64  *person_ids,
            guint          n_persons,
            GArray        *placeable,
            GPtrArray     *refused,
            GError       **error)
{
  for (guint i = 0; i < n_persons; i++)
    {
      Applicant *a = _ea_matcher_load_applicant (self, person_ids[i], error);
      g_autoptr(GError) why = NULL;

      if (a == NULL)
        return FALSE;
      if (!_ea_rules_check_person (&a->facts, &why))
        g_ptr_array_add (refused, _ea_matcher_unplaceable_new (a, why->message));
      else
        g_array_append_val (placeable, *a);
    }
  return TRUE;
}

/* Whether @room takes the whole @group, with its score in @score; when
 * not, the rule that kept it out is counted in @excluded. Empty rooms of
 * one kind get one verdict and one score, kept in @verdicts: a district
 * has thousands of them, of a few kinds. */
static gboolean
room_takes_group (EaBedMatcher    *self,
                  Room            *room,
                  GArray          *group,
                  EaReligionMode   religion,
                  GArray          *scratch,
                  GHashTable      *verdicts,
                  guint           *excluded,
                  double          *score)
{
  Part part = { room, group };
  EaRuleKind broken = EA_RULE_NONE;
  EmptyRoomKind kind;
  EmptyRoomVerdict *known = NULL;
  gboolean takes;

  if (religion == EA_RELIGION_REQUIRE && _ea_matcher_other_religion (room, group))
    {
      excluded[EA_N_RULES + 1]++;
      return FALSE;
    }
  if (room->occupants->len == 0)
    {
      _ea_matcher_empty_room_kind (room, group->len, &kind);
      known = g_hash_table_lookup (verdicts, &kind);
    }
  if (known != NULL)
    {
      if (!known->takes)
        {
          excluded[MIN (known->broken, EA_N_RULES)]++;
          return FALSE;
        }
      *score = known->score;
      return TRUE;
    }

  takes = _ea_matcher_room_takes (self, room, group, scratch, &broken);
  *score = takes ? _ea_matcher_score_parts (self, &part, 1, LEVEL_ROOM, religion, NULL) : 0;
  if (room->occupants->len == 0)
    {
      EmptyRoomVerdict *verdict = g_new0 (EmptyRoomVerdict, 1);

      verdict->kind = kind;
      verdict->takes = takes;
      verdict->broken = broken;
      verdict->score = *score;
      g_hash_table_add (verdicts, verdict);
    }
  if (!takes)
    excluded[MIN (broken, EA_N_RULES)]++;
  return takes;
}

/* The rooms (of the chosen facility) that take the whole @group, at most
 * @limit of them, the best first. Counts the rooms with enough free beds
 * in @with_beds and why the others among them were kept out in
 * @excluded. */
static GArray *
rate_rooms (EaBedMatcher    *self,
            GArray          *group,
            EaReligionMode   religion,
            guint            limit,
            GArray          *scratch,
            guint           *excluded,
            guint           *with_beds)
{
  g_autoptr(GArray) rated = g_array_new (FALSE, FALSE, sizeof (Rated));
  g_autoptr(GHashTable) verdicts = g_hash_table_new_full (_ea_matcher_empty_room_kind_hash,
                                                          _ea_matcher_empty_room_kind_equal,
                                                          g_free, NULL);

  for (guint r = 0; group->len > 0 && r < self->rooms->len; r++)
    {
      Room *room = g_ptr_array_index (self->rooms, r);
      Rated one;

      if (room->n_free < group->len ||
          (self->facility_id != 0 && room->facility_id != self->facility_id))
        continue;
      (*with_beds)++;
      if (!room_takes_group (self, room, group, religion, scratch, verdicts, excluded,
                             &one.score))
        continue;
      one.room = room;
      _ea_matcher_keep_best (rated, &one, limit);
    }
  if (limit == 0)
    g_array_sort (rated, _ea_matcher_compare_rated);
  return g_steal_pointer (&rated);
}

/**
 * ea_bed_matcher_find:
 * @self: a matcher
 * @person_ids: (array length=n_persons): a person, or the members of a
 *   household to be placed together
 * @n_persons: how many
 * @religion: how religion counts
 * @limit: at most this many candidates; 0 for all
 * @unplaceable: (out) (optional) (transfer full) (element-type EaUnplaceable):
 *   who cannot be placed, and why
 * @error: a #GError
 *
 * A group that no room takes whole is split across the rooms of one
 * unit, or else of one facility, each room passing the rules for its
 * part.
 *
 * Returns: (transfer full) (element-type EaBedCandidate): places that take
 *   the whole group, the best first; empty when none does
 */
GPtrArray *
ea_bed_matcher_find (EaBedMatcher    *self,
                     const gint64    *person_ids,
                     guint            n_persons,
                     EaReligionMode   religion,
                     guint            limit,
                     GPtrArray      **unplaceable,
                     GError         **error)
{
  g_autoptr(GArray) placeable = g_array_new (FALSE, TRUE, sizeof (Applicant));
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (EaRuleOccupant));
  g_autoptr(GArray) rated = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_bed_candidate_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_unplaceable_free);
  guint excluded[EA_N_RULES + 2] = { 0 };
  guint with_beds = 0;

  g_return_val_if_fail (EA_IS_BED_MATCHER (self), NULL);

  if (n_persons == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, _("Name a person or a household."));
      return NULL;
    }
  if (religion != EA_RELIGION_IGNORE &&
      !ea_session_check (self->session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES, 0, error))
    return NULL;
  if (!load_group (self, person_ids, n_persons, placeable, refused, error))
    return NULL;

  rated = rate_rooms (self, placeable, religion, limit, scratch, excluded, &with_beds);
  for (guint i = 0; i < rated->len; i++)
    {
      Part part = { g_array_index (rated, Rated, i).room, placeable };

      g_ptr_array_add (candidates,
                       _ea_matcher_make_candidate (self, &part, 1, LEVEL_ROOM, religion));
    }

  if (candidates->len == 0 && placeable->len > 1)
    {
      _ea_matcher_find_split (self, placeable, religion, limit, scratch, candidates);
    }

  if (candidates->len == 0 && placeable->len > 0)
    {
      g_autofree char *why = _ea_matcher_explain (placeable->len, with_beds, excluded, TRUE);

      for (guint i = 0; i < placeable->len; i++)
        g_ptr_array_add (refused,
                         _ea_matcher_unplaceable_new (&g_array_index (placeable, Applicant, i),
                                                      why));
    }
  memcpy (self->last_excluded, excluded, sizeof excluded);
  self->last_with_beds = with_beds;
  self->last_n = placeable->len;
  if (unplaceable != NULL)
    *unplaceable = g_steal_pointer (&refused);
  return g_steal_pointer (&candidates);
}

/**
 * ea_bed_matcher_dup_exclusions:
 * @self: a matcher
 *
 * Returns: (transfer full) (nullable): which rules excluded how many
 *   rooms with enough free beds in the last search ("Warum nicht?"), or
 *   %NULL when none was excluded
 */
char *
ea_bed_matcher_dup_exclusions (EaBedMatcher *self)
{
  guint total = 0;

  g_return_val_if_fail (EA_IS_BED_MATCHER (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (self->last_excluded); i++)
    total += self->last_excluded[i];
  if (total == 0 || self->last_n == 0)
    return NULL;
  return _ea_matcher_explain (self->last_n, MAX (self->last_with_beds, 1), self->last_excluded,
                              FALSE);
}

/**
 * ea_bed_matcher_set_facility:
 * @self: a matcher
 * @facility_id: search only this facility; 0 for all
 */
void
ea_bed_matcher_set_facility (EaBedMatcher *self,
                             gint64        facility_id)
{
  g_return_if_fail (EA_IS_BED_MATCHER (self));
  self->facility_id = facility_id;
}

/**
 * ea_bed_matcher_take:
 * @self: a matcher
 * @candidate: a candidate it found
 *
 * Marks the candidate's beds as taken and its persons as roommates, as
 * after a reservation or a check-in, so that the next search knows them
 * without reading the district again.
 *
 * Returns: %FALSE when a bed was taken already; nothing changes then
 */
gboolean
ea_bed_matcher_take (EaBedMatcher         *self,
                     const EaBedCandidate *candidate)
{
  g_return_val_if_fail (EA_IS_BED_MATCHER (self), FALSE);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < candidate->bed_ids->len; i++)
      {
        gint64 room_id = g_array_index (candidate->room_ids, gint64, i);
        gint64 bed_id = g_array_index (candidate->bed_ids, gint64, i);
        gint64 person_id = g_array_index (candidate->person_ids, gint64, i);
        Room *room = g_hash_table_lookup (self->rooms_by_id, &room_id);
        Bed *bed = NULL;
        Applicant *a;
        Occupant occupant;

        for (guint b = 0; room != NULL && b < room->beds->len && bed == NULL; b++)
          if (g_array_index (room->beds, Bed, b).id == bed_id)
            bed = &g_array_index (room->beds, Bed, b);
        if (pass == 0)
          {
            if (bed == NULL || bed->taken)
              return FALSE;
            continue;
          }
        bed->taken = TRUE;
        room->n_free--;
        a = g_hash_table_lookup (self->applicants, &person_id);
        if (a == NULL)
          continue;
        occupant.person_id = person_id;
        occupant.household_id = a->facts.household_id;
        occupant.age = a->facts.age;
        occupant.birth_date = a->birth_date;
        occupant.aged_on = a->first_night;
        occupant.gender = a->facts.gender;
        occupant.religion = a->religion;
        occupant.arrives_later = FALSE;
        g_array_append_val (room->occupants, occupant);
        if (a->languages->len > 0 && !g_hash_table_contains (self->languages, &person_id))
          g_hash_table_insert (self->languages, g_memdup2 (&person_id, sizeof person_id),
                               g_ptr_array_copy (a->languages, NULL, NULL));
      }
  return TRUE;
}

/*
 * _ea_bed_matcher_release:
 *
 * Undoes ea_bed_matcher_take() for @candidate: its beds are free again
 * and its persons leave the rooms.
 */
void
_ea_bed_matcher_release (EaBedMatcher         *self,
                         const EaBedCandidate *candidate)
{
  for (guint i = 0; i < candidate->bed_ids->len; i++)
    {
      gint64 room_id = g_array_index (candidate->room_ids, gint64, i);
      gint64 bed_id = g_array_index (candidate->bed_ids, gint64, i);
      gint64 person_id = g_array_index (candidate->person_ids, gint64, i);
      Room *room = g_hash_table_lookup (self->rooms_by_id, &room_id);

      if (room == NULL)
        continue;
      for (guint b = 0; b < room->beds->len; b++)
        {
          Bed *bed = &g_array_index (room->beds, Bed, b);

          if (bed->id == bed_id && bed->taken)
            {
              bed->taken = FALSE;
              room->n_free++;
            }
        }
      for (guint o = room->occupants->len; o-- > 0;)
        if (g_array_index (room->occupants, Occupant, o).person_id == person_id)
          g_array_remove_index (room->occupants, o);
    }
}

/*
 * _ea_bed_matcher_foreach_occupant:
 *
 * Calls @func for each person in room @room_id as the matcher knows it:
 * those there during the period and those taken into it since.
 */
void
_ea_bed_matcher_foreach_occupant (EaBedMatcher        *self,
                                  gint64               room_id,
                                  EaMatcherOccupantFunc func,
                                  gpointer             user_data)
{
  Room *room = g_hash_table_lookup (self->rooms_by_id, &room_id);

  for (guint o = 0; room != NULL && o < room->occupants->len; o++)
    {
      Occupant *occupant = &g_array_index (room->occupants, Occupant, o);

      func (occupant->person_id, occupant->household_id, occupant->gender, occupant->age,
            user_data);
    }
}

const char *
_ea_bed_matcher_get_from (EaBedMatcher *self)
{
  return self->from;
}

/*
 * _ea_bed_matcher_set_first_night:
 * @night: the person's first night, `YYYY-MM-DD`, after the matcher's
 *
 * For a person who moves in later than the matcher's first night (an
 * allocation reserves each arrival from their day of arrival): the rules
 * then count the person's age, and their roommates', on @night, as the
 * reservation's own check will. The beds stay those free from the
 * matcher's first night on. Call it before the first search for the
 * person, which reads the person once.
 */
void
_ea_bed_matcher_set_first_night (EaBedMatcher *self,
                                 gint64        person_id,
                                 const char   *night)
{
  g_return_if_fail (EA_IS_BED_MATCHER (self));
  g_return_if_fail (ea_date_is_valid (night));
  g_return_if_fail (!g_hash_table_contains (self->applicants, &person_id));

  if (strcmp (night, self->from) <= 0)
    return;
  g_hash_table_insert (self->first_nights, g_memdup2 (&person_id, sizeof person_id),
                       (gpointer) g_string_chunk_insert_const (self->names, night));
}

/* What the allocation's table shows of a room. */
gboolean
_ea_bed_matcher_describe_room (EaBedMatcher  *self,
                               gint64         room_id,
                               const char   **facility,
                               const char   **unit,
                               const char   **rule,
                               double        *area,
                               int           *capacity,
                               gboolean      *barrier_free)
{
  Room *room = g_hash_table_lookup (self->rooms_by_id, &room_id);

  if (room == NULL)
    return FALSE;
  *facility = room->facility;
  *unit = room->unit;
  *rule = room->rule;
  *area = room->area;
  *capacity = room->capacity;
  *barrier_free = room->barrier_free;
  return TRUE;
}

/*
 * _ea_bed_matcher_place_each:
 * @from: (nullable): the first night for each person; %NULL for @day
 *
 * Reserves the candidate's beds, or checks its persons in, one after the
 * other within the caller's transaction (see _ea_store_begin_all()).
 * Each change checks the rules once more, against the database.
 */
gboolean
_ea_bed_matcher_place_each (EaSession             *session,
                            const EaBedCandidate  *candidate,
                            gboolean               check_in,
                            const char            *day,
                            const char            *until,
                            const char * const    *from,
                            EaPlaceFlags           flags,
                            GError               **error)
{
  for (guint i = 0; i < candidate->person_ids->len; i++)
    {
      gint64 person = g_array_index (candidate->person_ids, gint64, i);
      gint64 bed = g_array_index (candidate->bed_ids, gint64, i);
      const char *first = from != NULL && from[i] != NULL ? from[i] : day;
      gint64 done = check_in ? ea_housing_check_in_full (session, person, bed, first, flags,
                                                         error)
                             : ea_housing_reserve_full (session, person, bed, first, until,
                                                        flags, error);

      if (done == 0)
        {
          /* Which member of a household; one person alone needs no word. */
          if (candidate->person_ids->len > 1)
            g_prefix_error (error, _("Person no. %lld: "), (long long) person);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  EaBedMatcher         *self;
  const EaBedCandidate *candidate;
  gboolean              check_in;
  EaPlaceFlags          flags;
} Placing;

static gboolean
place_all (gpointer   data,
           GError   **error)
{
  Placing *c = data;

  return _ea_bed_matcher_place_each (c->self->session, c->candidate, c->check_in,
                                     c->self->from, c->self->until, NULL, c->flags, error);
}

/**
 * ea_bed_matcher_place:
 * @self: the matcher that found @candidate
 * @candidate: the place to use
 * @check_in: %TRUE to check the persons in on the first night, %FALSE to
 *   reserve the beds for them for the matcher's period
 * @error: a #GError
 *
 * Places the whole group in one transaction: all of them, or, when one
 * change is refused, none. The matcher then knows the beds as taken.
 *
 * Returns: %FALSE on a refusal; nothing is changed then
 */
gboolean
ea_bed_matcher_place (EaBedMatcher          *self,
                      const EaBedCandidate  *candidate,
                      gboolean               check_in,
                      GError               **error)
{
  return ea_bed_matcher_place_full (self, candidate, check_in, EA_PLACE_DEFAULT, error);
}

/**
 * ea_bed_matcher_place_full:
 * @flags: the rules the user sets aside on purpose, for each person
 *
 * ea_bed_matcher_place() with what the user confirmed (a reservation
 * that replaces one a person holds, say).
 */
gboolean
ea_bed_matcher_place_full (EaBedMatcher          *self,
                           const EaBedCandidate  *candidate,
                           gboolean               check_in,
                           EaPlaceFlags           flags,
                           GError               **error)
{
  g_return_val_if_fail (EA_IS_BED_MATCHER (self), FALSE);

  if (!_ea_store_change_all (ea_session_get_store (self->session), place_all,
                             &(Placing) { self, candidate, check_in, flags }, error))
    return FALSE;
  ea_bed_matcher_take (self, candidate);
  return TRUE;
}
