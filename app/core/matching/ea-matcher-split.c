/* SPDX-License-Identifier: EUPL-1.2 */
/* A household that no room takes whole, split across the rooms of one
 * unit or facility, each room keeping its minors with an adult of the
 * household; and why nothing fits when nothing does. */
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

/* The members still to place, for one room: an adult with as many of the
 * minors as fit, then further adults; or, for men's and women's rooms,
 * adults of one gender. */
static void
pick_members (GArray   *remaining,
              guint     n,
              gboolean  one_gender,
              GArray   *subset)
{
  const char *gender = NULL;

  g_array_set_size (subset, 0);
  for (guint i = 0; i < remaining->len && subset->len < n; i++)
    {
      Applicant *a = &g_array_index (remaining, Applicant, i);

      if (a->facts.age >= 18 && (gender == NULL || a->facts.gender == gender))
        {
          gender = a->facts.gender;
          g_array_append_val (subset, *a);
          if (!one_gender)
            break;
        }
    }
  if (one_gender)
    return;
  for (guint i = 0; i < remaining->len && subset->len < n; i++)
    if (g_array_index (remaining, Applicant, i).facts.age < 18)
      g_array_append_val (subset, g_array_index (remaining, Applicant, i));
  for (guint i = 0; i < remaining->len && subset->len < n; i++)
    {
      Applicant *a = &g_array_index (remaining, Applicant, i);
      gboolean in = FALSE;

      for (guint j = 0; j < subset->len && !in; j++)
        in = g_array_index (subset, Applicant, j).facts.person_id == a->facts.person_id;
      if (!in)
        g_array_append_val (subset, *a);
    }
}

static void
remove_members (GArray *remaining,
                GArray *subset)
{
  for (guint j = 0; j < subset->len; j++)
    for (guint i = 0; i < remaining->len; i++)
      if (g_array_index (remaining, Applicant, i).facts.person_id ==
          g_array_index (subset, Applicant, j).facts.person_id)
        {
          g_array_remove_index (remaining, i);
          break;
        }
}

static int
compare_eldest (gconstpointer a,
                gconstpointer b)
{
  const Applicant *x = a, *y = b;

  if (x->facts.age != y->facts.age)
    return x->facts.age > y->facts.age ? -1 : 1;
  return (x->facts.person_id > y->facts.person_id) - (x->facts.person_id < y->facts.person_id);
}

/* A household too large for one room, split across @rooms (those of one
 * unit or facility): rooms with the most free beds first, each taking
 * what the rules allow. */
static EaBedCandidate *
place_split (EaBedMatcher   *self,
             Room          **rooms,
             guint           n_rooms,
             GArray         *group,
             Level           level,
             EaReligionMode  religion,
             double          min_score,
             SplitScratch   *work,
             GArray         *scratch)
{
  GArray *remaining = work->remaining, *subset = work->subset, *parts = work->parts;
  GPtrArray *order = work->order;
  guint free_total = 0, with_free = 0;
  EaBedCandidate *candidate = NULL;

  /* Most units have too few free beds: they cost a glance. */
  for (guint r = 0; r < n_rooms; r++)
    if (rooms[r]->n_free > 0)
      {
        free_total += rooms[r]->n_free;
        with_free++;
      }
  if (free_total < group->len || with_free < 2)
    return NULL;
  g_ptr_array_set_size (order, 0);
  g_array_set_size (remaining, 0);
  g_array_set_size (parts, 0);
  for (guint r = 0; r < n_rooms; r++)
    if (rooms[r]->n_free > 0)
      g_ptr_array_add (order, rooms[r]);
  g_ptr_array_sort (order, _ea_matcher_compare_free);
  g_array_append_vals (remaining, group->data, group->len);
  g_array_sort (remaining, compare_eldest);

  for (guint r = 0; r < order->len && remaining->len > 0; r++)
    {
      Room *room = g_ptr_array_index (order, r);
      gboolean placed = FALSE;

      for (guint n = MIN (room->n_free, remaining->len); n > 0 && !placed; n--)
        for (int one_gender = 0; one_gender < 2 && !placed; one_gender++)
          {
            EaRuleKind broken = EA_RULE_NONE;

            pick_members (remaining, n, one_gender, subset);
            if (subset->len != n || (religion == EA_RELIGION_REQUIRE &&
                                     _ea_matcher_other_religion (room, subset)))
              continue;
            if (_ea_matcher_room_takes (self, room, subset, scratch, &broken))
              {
                Part part = { room, g_array_copy (subset) };

                g_array_append_val (parts, part);
                remove_members (remaining, subset);
                placed = TRUE;
              }
          }
    }
  if (remaining->len == 0 &&
      _ea_matcher_score_parts (self, &g_array_index (parts, Part, 0), parts->len, level, religion,
                               NULL) > min_score)
    candidate = _ea_matcher_make_candidate (self, &g_array_index (parts, Part, 0), parts->len,
                                            level, religion);
  for (guint p = 0; p < parts->len; p++)
    g_array_unref (g_array_index (parts, Part, p).members);
  return candidate;
}

/* Candidates that split the group: one per unit that can take it; only
 * when no unit can, one per facility. With @limit, only the @limit best
 * are made and kept, the best first. */
void
_ea_matcher_find_split (EaBedMatcher   *self,
                        GArray         *group,
                        EaReligionMode  religion,
                        guint           limit,
                        GArray         *scratch,
                        GPtrArray      *candidates)
{
  Room **rooms = (Room **) self->rooms->pdata;
  guint n = self->rooms->len;
  SplitScratch work = {
    g_array_new (FALSE, FALSE, sizeof (Applicant)), g_array_new (FALSE, FALSE, sizeof (Applicant)),
    g_array_new (FALSE, FALSE, sizeof (Part)), g_ptr_array_new (),
  };

  for (Level level = LEVEL_UNIT; level <= LEVEL_FACILITY && candidates->len == 0; level++)
    for (guint start = 0, end; start < n; start = end)
      {
        EaBedCandidate *candidate;
        double min_score;

        for (end = start + 1; end < n; end++)
          if (level == LEVEL_UNIT ? rooms[end]->unit_id != rooms[start]->unit_id
                                  : rooms[end]->facility_id != rooms[start]->facility_id)
            break;
        if (self->facility_id != 0 && rooms[start]->facility_id != self->facility_id)
          continue;
        /* Full: a place must beat the worst kept. */
        min_score = limit > 0 && candidates->len == limit
          ? ((EaBedCandidate *) g_ptr_array_index (candidates, limit - 1))->score : -1;
        candidate = place_split (self, rooms + start, end - start, group, level, religion,
                                 min_score, &work, scratch);
        if (candidate == NULL)
          continue;
        g_ptr_array_add (candidates, candidate);
        g_ptr_array_sort (candidates, _ea_matcher_compare_candidates);
        if (limit > 0 && candidates->len > limit)
          g_ptr_array_remove_index (candidates, limit);
      }
  g_array_unref (work.remaining);
  g_array_unref (work.subset);
  g_array_unref (work.parts);
  g_ptr_array_unref (work.order);
}

/* Why no room took the group, from the rooms each rule excluded. */
char *
_ea_matcher_explain (guint       n_persons,
                     guint       with_beds,
                     const guint excluded[EA_N_RULES + 2],
                     gboolean    nothing_found)
{
  GString *why = g_string_new (NULL);

  if (with_beds == 0)
    g_string_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                       "No room has %u free bed for the whole period. ",
                                       "No room has %u free beds together for the whole "
                                       "period. ", n_persons), n_persons);
  if (excluded[EA_RULE_BARRIER_FREE] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "No barrier-free beds are free (%u room with free "
                                              "beds is not barrier-free). ",
                                              "No barrier-free beds are free (%u rooms with free "
                                              "beds are not barrier-free). ",
                                              excluded[EA_RULE_BARRIER_FREE]),
                            excluded[EA_RULE_BARRIER_FREE]);
  if (excluded[EA_RULE_GENDER] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room is for the other gender. ",
                                              "%u rooms are for the other gender. ",
                                              excluded[EA_RULE_GENDER]),
                            excluded[EA_RULE_GENDER]);
  if (excluded[EA_RULE_FAMILY_ROOM] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u family room is used by another household. ",
                                              "%u family rooms are used by other households. ",
                                              excluded[EA_RULE_FAMILY_ROOM]),
                            excluded[EA_RULE_FAMILY_ROOM]);
  if (excluded[EA_RULE_RESERVED_AREA] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room is in an area for women or families. ",
                                              "%u rooms are in areas for women or families. ",
                                              excluded[EA_RULE_RESERVED_AREA]),
                            excluded[EA_RULE_RESERVED_AREA]);
  if (excluded[EA_RULE_KEEP_APART] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "Keep-apart notes exclude %u room. ",
                                              "Keep-apart notes exclude %u rooms. ",
                                              excluded[EA_RULE_KEEP_APART]),
                            excluded[EA_RULE_KEEP_APART]);
  if (excluded[EA_RULE_CAPACITY] + excluded[EA_RULE_AREA] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room is full or too small per person. ",
                                              "%u rooms are full or too small per person. ",
                                              excluded[EA_RULE_CAPACITY] + excluded[EA_RULE_AREA]),
                            excluded[EA_RULE_CAPACITY] + excluded[EA_RULE_AREA]);
  if (excluded[EA_N_RULES] + excluded[EA_RULE_MINOR] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room lacks an adult of the household for its "
                                              "minors, or would put them with adults of another "
                                              "household. ",
                                              "%u rooms lack an adult of the household for its "
                                              "minors, or would put them with adults of another "
                                              "household. ",
                                              excluded[EA_N_RULES] + excluded[EA_RULE_MINOR]),
                            excluded[EA_N_RULES] + excluded[EA_RULE_MINOR]);
  if (excluded[EA_RULE_MIXED] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room is a bedroom of the other gender (of "
                                              "another household). ",
                                              "%u rooms are bedrooms of the other gender (of "
                                              "other households). ", excluded[EA_RULE_MIXED]),
                            excluded[EA_RULE_MIXED]);
  if (excluded[EA_RULE_OWN_ROOM] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room would be shared with persons outside the "
                                              "household by a person of gender diverse or not "
                                              "stated; place them there by hand if they wish. ",
                                              "%u rooms would be shared with persons outside the "
                                              "household by a person of gender diverse or not "
                                              "stated; place them there by hand if they wish. ",
                                              excluded[EA_RULE_OWN_ROOM]),
                            excluded[EA_RULE_OWN_ROOM]);
  if (excluded[EA_N_RULES + 1] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room has roommates of another religion, and "
                                              "the same is required. ",
                                              "%u rooms have roommates of another religion, and "
                                              "the same is required. ", excluded[EA_N_RULES + 1]),
                            excluded[EA_N_RULES + 1]);
  if (n_persons > 1 && nothing_found)
    g_string_append (why, _("No unit or facility can take the household split across its "
                            "rooms either."));
  g_strchomp (why->str);
  why->len = strlen (why->str);
  return g_string_free (why, FALSE);
}

EaUnplaceable *
_ea_matcher_unplaceable_new (Applicant  *a,
                             const char *reason)
{
  EaUnplaceable *u = g_new0 (EaUnplaceable, 1);

  u->person_id = a->facts.person_id;
  u->household_id = a->facts.household_id;
  u->name = g_strdup (a->name);
  u->reason = g_strdup (reason);
  return u;
}
