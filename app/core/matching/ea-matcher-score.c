/* SPDX-License-Identifier: EUPL-1.2 */
/* Whether a room takes a group (the hard rules of ea-rules.c), how well
 * (the preferences and their reasons), and keeping the best. */
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

/* Applicants are keys of the pairs: an occupant's own notes with others
 * are read when the occupant is an applicant. */
static gboolean
kept_apart (EaBedMatcher *self,
            gint64        applicant,
            gint64        other)
{
  gint64 key = _ea_matcher_pair_key (applicant, other);

  return g_hash_table_contains (self->keep_apart, &key);
}

/* The rules for @members in @room: each member, with the room's
 * occupants and the members placed before, must pass; a household's
 * minors need an adult of their household in the room. Everyone's age
 * counts on the member's first night, as the member's own check-in or
 * reservation will count it. */
gboolean
_ea_matcher_room_takes (EaBedMatcher  *self,
                        Room          *room,
                        GArray        *members,
                        GArray        *scratch,
                        EaRuleKind    *broken)
{
  EaRuleRoom rule_room = {
    .name = room->name, .rule = room->rule, .area = room->area,
    .capacity = room->capacity, .barrier_free = room->barrier_free,
    .unit_name = room->unit, .unit_reserved_for = room->reserved_for,
  };

  for (guint i = 0; i < members->len; i++)
    {
      Applicant *a = &g_array_index (members, Applicant, i);

      g_array_set_size (scratch, 0);
      for (guint o = 0; o < room->occupants->len; o++)
        {
          Occupant *occupant = &g_array_index (room->occupants, Occupant, o);
          EaRuleOccupant present = {
            .person_id = occupant->person_id,
            .household_id = occupant->household_id,
            .keep_apart = a->has_notes && kept_apart (self, a->facts.person_id,
                                                      occupant->person_id),
            .gender = occupant->gender,
            /* On the first night both sleep there. */
            .age = _ea_matcher_age_on (occupant->birth_date, occupant->age, occupant->aged_on,
                                       g_strcmp0 (occupant->aged_on, a->first_night) > 0
                                       ? occupant->aged_on : a->first_night),
            .arrives_later = occupant->arrives_later,
          };

          g_array_append_val (scratch, present);
        }
      /* The group moves in together: each member shares the room with all
       * the others (a child with the parent placed after it, too). */
      for (guint j = 0; j < members->len; j++)
        {
          Applicant *other = &g_array_index (members, Applicant, j);
          EaRuleOccupant present = {
            .person_id = other->facts.person_id,
            .household_id = other->facts.household_id,
            .keep_apart = a->has_notes && kept_apart (self, a->facts.person_id,
                                                      other->facts.person_id),
            .gender = other->facts.gender,
            .age = _ea_matcher_age_on (other->birth_date, other->facts.age, other->first_night,
                                       a->first_night),
          };

          if (j != i)
            g_array_append_val (scratch, present);
        }
      rule_room.occupants = &g_array_index (scratch, EaRuleOccupant, 0);
      rule_room.n_occupants = scratch->len;
      if (!_ea_rules_check_room (&a->facts, &rule_room, self->min_area, broken, NULL))
        return FALSE;
    }

  for (guint i = 0; i < members->len; i++)
    {
      Applicant *a = &g_array_index (members, Applicant, i);
      gboolean adult_of_household = FALSE;

      if (a->facts.age >= 18 || a->facts.household_id == 0)
        continue;
      for (guint j = 0; j < members->len && !adult_of_household; j++)
        {
          Applicant *b = &g_array_index (members, Applicant, j);

          adult_of_household = b->facts.household_id == a->facts.household_id &&
                               _ea_matcher_age_on (b->birth_date, b->facts.age, b->first_night,
                                                   a->first_night) >= 18;
        }
      for (guint o = 0; o < room->occupants->len && !adult_of_household; o++)
        {
          Occupant *occupant = &g_array_index (room->occupants, Occupant, o);

          adult_of_household = occupant->household_id == a->facts.household_id &&
                               _ea_matcher_age_on (occupant->birth_date, occupant->age,
                                                   occupant->aged_on, a->first_night) >= 18 &&
                               !occupant->arrives_later;
        }
      if (!adult_of_household)
        {
          *broken = EA_N_RULES;
          return FALSE;
        }
    }
  return TRUE;
}

/* With religion required, a room whose roommates have another religion
 * than one of the members is out. */
gboolean
_ea_matcher_other_religion (Room   *room,
                            GArray *members)
{
  for (guint i = 0; i < members->len; i++)
    for (guint o = 0; o < room->occupants->len; o++)
      if (g_array_index (room->occupants, Occupant, o).religion !=
          g_array_index (members, Applicant, i).religion)
        return TRUE;
  return FALSE;
}

/* The score of a placement and, when @reasons is given, why. */
double
_ea_matcher_score_parts (EaBedMatcher   *self,
                         const Part     *parts,
                         guint           n_parts,
                         Level           level,
                         EaReligionMode  religion,
                         GStrvBuilder   *reasons)
{
  const EaMatchWeights *w = &self->weights;
  double score = SCORE_BASE;
  gboolean vulnerable = FALSE, wheelchair = FALSE, women_area = FALSE, barrier_free = FALSE;
  gboolean same_religion = TRUE, has_roommates = FALSE, leaves_whole_room = FALSE;
  gboolean family_room = FALSE, alone = TRUE;
  const char *shared = NULL;
  guint n_members = 0;

  for (guint p = 0; p < n_parts; p++)
    {
      Room *room = parts[p].room;
      GArray *members = parts[p].members;

      n_members += members->len;
      women_area |= g_strcmp0 (room->reserved_for, "women") == 0;
      barrier_free |= room->barrier_free;
      has_roommates |= room->occupants->len > 0;
      leaves_whole_room |= room->occupants->len == 0 && room->n_free >= members->len + 2;
      family_room |= g_strcmp0 (room->rule, "family") == 0;
      for (guint i = 0; i < members->len; i++)
        {
          Applicant *a = &g_array_index (members, Applicant, i);

          vulnerable |= a->vulnerable;
          wheelchair |= a->facts.wheelchair;
          alone &= a->facts.household_size <= 1;
          for (guint o = 0; o < room->occupants->len; o++)
            {
              Occupant *occupant = &g_array_index (room->occupants, Occupant, o);
              GPtrArray *spoken;

              if (a->religion == NULL || occupant->religion != a->religion)
                same_religion = FALSE;
              if (shared != NULL || a->languages->len == 0 ||
                  (spoken = g_hash_table_lookup (self->languages, &occupant->person_id)) == NULL)
                continue;
              for (guint l = 0; shared == NULL && l < spoken->len; l++)
                for (guint k = 0; shared == NULL && k < a->languages->len; k++)
                  if (g_ptr_array_index (spoken, l) == g_ptr_array_index (a->languages, k))
                    shared = g_ptr_array_index (spoken, l);
            }
        }
    }

  if (n_members > 1)
    {
      if (level == LEVEL_ROOM)
        {
          score += w->household;
          if (reasons != NULL)
            g_strv_builder_add (reasons, _("Family in one room"));
        }
      else
        {
          score += level == LEVEL_UNIT ? w->household / 2 : w->household / 4;
          if (reasons != NULL)
            {
              g_autofree char *text = g_strdup_printf (level == LEVEL_UNIT
                                                         ? _("Family in one unit (%u rooms)")
                                                         : _("Family in one facility (%u rooms)"),
                                                       n_parts);

              g_strv_builder_add (reasons, text);
            }
        }
    }
  if (vulnerable && women_area)
    {
      score += w->protected_area;
      if (reasons != NULL)
        g_strv_builder_add (reasons, _("Women's area"));
    }
  if (shared != NULL)
    {
      score += w->language;
      if (reasons != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Shared language: %s"),
                                                   (const char *) g_hash_table_lookup (
                                                     self->language_names, shared));

          g_strv_builder_add (reasons, text);
        }
    }
  if (religion == EA_RELIGION_PREFER && has_roommates && same_religion)
    {
      score += w->religion;
      if (reasons != NULL)
        g_strv_builder_add (reasons, _("Same religion as the roommates"));
    }
  if (wheelchair)
    {
      if (reasons != NULL)
        g_strv_builder_add (reasons, _("Barrier-free"));
    }
  else if (barrier_free)
    score -= w->barrier_free;
  /* Whole free rooms stay for families: single persons fill rooms begun. */
  if (n_members == 1 && has_roommates)
    {
      score += w->fill;
      if (reasons != NULL)
        g_strv_builder_add (reasons, _("Fills a room already in use"));
    }
  else if (leaves_whole_room)
    score -= w->fill;
  /* Family rooms are for families: someone alone there costs what a
   * family would gain. */
  if (family_room && alone)
    score -= w->household;
  return CLAMP (score, 0, 100);
}

static void
add_joined (GString    *text,
            const char *name)
{
  /* Parts come room by room, so a name repeats only right after itself. */
  if (text->len > 0)
    {
      const char *last = g_strrstr (text->str, ", ");

      if (g_str_equal (last != NULL ? last + 2 : text->str, name))
        return;
      g_string_append (text, ", ");
    }
  g_string_append (text, name);
}

EaBedCandidate *
_ea_matcher_make_candidate (EaBedMatcher   *self,
                            const Part     *parts,
                            guint           n_parts,
                            Level           level,
                            EaReligionMode  religion)
{
  EaBedCandidate *candidate = g_new0 (EaBedCandidate, 1);
  g_autoptr(GStrvBuilder) reasons = g_strv_builder_new ();
  GString *units = g_string_new (NULL), *rooms = g_string_new (NULL);
  Room *first = parts[0].room;

  candidate->score = _ea_matcher_score_parts (self, parts, n_parts, level, religion, reasons);
  candidate->reasons = g_strv_builder_end (reasons);
  candidate->room_id = first->id;
  candidate->facility = g_strdup (first->facility);
  candidate->rule = g_strdup (first->rule);
  candidate->area = first->area;
  candidate->capacity = first->capacity;
  candidate->barrier_free = first->barrier_free;
  candidate->n_rooms = n_parts;
  candidate->person_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  candidate->bed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  candidate->bed_labels = g_ptr_array_new_with_free_func (g_free);
  candidate->room_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  candidate->room_names = g_ptr_array_new_with_free_func (g_free);
  for (guint p = 0; p < n_parts; p++)
    {
      Room *room = parts[p].room;
      guint b = 0;

      add_joined (units, room->unit);
      add_joined (rooms, room->name);
      for (guint i = 0; i < parts[p].members->len; i++)
        {
          Bed *bed;

          while (g_array_index (room->beds, Bed, b).taken)
            b++;
          bed = &g_array_index (room->beds, Bed, b++);
          g_array_append_val (candidate->person_ids,
                              g_array_index (parts[p].members, Applicant, i).facts.person_id);
          g_array_append_val (candidate->bed_ids, bed->id);
          g_ptr_array_add (candidate->bed_labels, g_strdup (bed->label));
          g_array_append_val (candidate->room_ids, room->id);
          g_ptr_array_add (candidate->room_names, g_strdup (room->name));
        }
    }
  candidate->unit = g_string_free (units, FALSE);
  candidate->room = g_string_free (rooms, FALSE);
  return candidate;
}

/* The better first; on equal scores the order in which the district lists
 * its facilities and rooms, which needs no string comparison. */
int
_ea_matcher_compare_rated (gconstpointer a,
                           gconstpointer b)
{
  const Rated *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return (x->room->index > y->room->index) - (x->room->index < y->room->index);
}

/* Keeps the @limit best in @rated, in order; all of them for 0. */
void
_ea_matcher_keep_best (GArray      *rated,
                       const Rated *one,
                       guint        limit)
{
  guint at;

  if (limit == 0)
    {
      g_array_append_vals (rated, one, 1);
      return;
    }
  if (rated->len == limit &&
      _ea_matcher_compare_rated (one, &g_array_index (rated, Rated, limit - 1)) >= 0)
    return;
  at = rated->len;
  while (at > 0 && _ea_matcher_compare_rated (one, &g_array_index (rated, Rated, at - 1)) < 0)
    at--;
  g_array_insert_vals (rated, at, one, 1);
  if (rated->len > limit)
    g_array_set_size (rated, limit);
}

void
_ea_matcher_empty_room_kind (Room          *room,
                             guint          n,
                             EmptyRoomKind *kind)
{
  memset (kind, 0, sizeof *kind);
  kind->rule = room->rule;
  kind->reserved_for = room->reserved_for;
  kind->area = room->area;
  kind->capacity = room->capacity;
  kind->barrier_free = room->barrier_free;
  kind->room_to_spare = room->n_free >= n + 2;
}

guint
_ea_matcher_empty_room_kind_hash (gconstpointer key)
{
  const EmptyRoomKind *k = key;

  return g_direct_hash (k->rule) ^ (g_direct_hash (k->reserved_for) << 1) ^
         g_double_hash (&k->area) ^ (guint) (k->capacity * 31) ^
         (guint) (k->barrier_free * 7) ^ (guint) (k->room_to_spare * 13);
}

gboolean
_ea_matcher_empty_room_kind_equal (gconstpointer a,
                                   gconstpointer b)
{
  const EmptyRoomKind *x = a, *y = b;

  return x->rule == y->rule && x->reserved_for == y->reserved_for && x->area == y->area &&
         x->capacity == y->capacity && x->barrier_free == y->barrier_free &&
         x->room_to_spare == y->room_to_spare;
}

int
_ea_matcher_compare_candidates (gconstpointer a,
                                gconstpointer b)
{
  const EaBedCandidate *x = *(EaBedCandidate **) a, *y = *(EaBedCandidate **) b;
  int by_name;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  by_name = g_strcmp0 (x->facility, y->facility);
  if (by_name != 0)
    return by_name;
  by_name = g_strcmp0 (x->room, y->room);
  return by_name != 0 ? by_name : (x->room_id > y->room_id) - (x->room_id < y->room_id);
}

int
_ea_matcher_compare_free (gconstpointer a,
                          gconstpointer b)
{
  const Room *x = *(Room **) a, *y = *(Room **) b;

  if (x->n_free != y->n_free)
    return x->n_free > y->n_free ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}
