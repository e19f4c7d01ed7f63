/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-rules-private.h"

#include <glib/gi18n-lib.h>

#include "ea-error.h"
#include "ea-text.h"

/**
 * _ea_rules_check_person:
 * @applicant: the person to be housed
 * @error: a #GError with the rule that forbids it
 *
 * Returns: %FALSE when the person may not be housed at all
 */
gboolean
_ea_rules_check_person (const EaRuleApplicant  *applicant,
                        GError                **error)
{
  if (applicant->uma)
    return ea_error_set (error, EA_ERROR_RULE,
                         _("Unaccompanied minors are not housed in shared accommodation: "
                           "the youth office is responsible."));
  return TRUE;
}

/**
 * _ea_rules_check_area:
 * @room_name: for the message
 * @area: the room's area in m²
 * @persons: how many would sleep there
 * @min_area: the minimum area per person from the settings
 * @error: a #GError
 *
 * Returns: %FALSE when the room would be too small per person
 */
gboolean
_ea_rules_check_area (const char  *room_name,
                      double       area,
                      int          persons,
                      double       min_area,
                      GError     **error)
{
  if (persons > 0 && area / persons < min_area - 1e-9)
    {
      g_autofree char *per_person = ea_format_decimal (area / persons, 1);
      g_autofree char *minimum = ea_format_decimal (min_area, min_area == (int) min_area ? 0 : 1);

      return ea_error_set (error, EA_ERROR_RULE,
                           _("Room %s would have only %s m² per person (minimum %s m²)."),
                           room_name, per_person, minimum);
    }
  return TRUE;
}

/**
 * _ea_rules_check_room:
 * @applicant: the person moving in
 * @room: the room with the persons sleeping there on the day
 * @min_area: the minimum area per person
 * @error: a #GError with the first rule that forbids it
 *
 * The rules of a room for one more person: its rule (men, women, one
 * family), its unit's reservation (women with their children, families),
 * barrier-free rooms for wheelchair users, keep-apart notes, capacity
 * and the minimum area per person.
 *
 * Returns: %FALSE when a rule forbids the person in the room
 */
/* Records which rule was broken; always FALSE, to return it. */
static gboolean
broke (EaRuleKind *broken,
       EaRuleKind  kind)
{
  if (broken != NULL)
    *broken = kind;
  return FALSE;
}

static gboolean
is_minor (int age)
{
  return age >= 0 && age < 18;
}

static gboolean
is_diverse (const char *gender)
{
  return g_strcmp0 (gender, "d") == 0 || g_strcmp0 (gender, "x") == 0;
}

static gboolean
same_household (const EaRuleApplicant *applicant,
                const EaRuleOccupant  *occupant)
{
  return applicant->household_id != 0 && occupant->household_id == applicant->household_id;
}

/* The protection of sleeping rooms (BMFSFJ/UNICEF, Mindeststandards zum
 * Schutz von geflüchteten Menschen in Flüchtlingsunterkünften, 2021), for
 * every room whatever its rule, against everyone who sleeps there on a
 * night of the period: women and men share a bedroom only as one
 * household; a minor never shares one with adults outside their household
 * and moves in only into a room of an adult of their household (who may
 * move in in the same step); a person of gender d or x sleeps in a room of
 * their own or of their household unless a user confirms otherwise. */
static gboolean
check_sleeping_room (const EaRuleApplicant  *applicant,
                     const EaRuleRoom       *room,
                     EaRuleKind             *broken,
                     GError                **error)
{
  gboolean own_adult = FALSE;

  for (guint i = 0; i < room->n_occupants; i++)
    {
      const EaRuleOccupant *o = &room->occupants[i];

      if (same_household (applicant, o))
        {
          /* Theirs from the first night: a parent who comes only next
           * week does not make the room a minor's room today. */
          own_adult |= o->age >= 18 && !o->arrives_later;
          continue;
        }
      if ((g_strcmp0 (applicant->gender, "m") == 0 && g_strcmp0 (o->gender, "w") == 0) ||
          (g_strcmp0 (applicant->gender, "w") == 0 && g_strcmp0 (o->gender, "m") == 0))
        {
          ea_error_set (error, EA_ERROR_RULE,
                        _("Room %s is a bedroom of another gender: women and men share one only "
                          "as one household."), room->name);
          return broke (broken, EA_RULE_MIXED);
        }
      if ((is_minor (applicant->age) && !is_minor (o->age) && o->age >= 0) ||
          (!is_minor (applicant->age) && applicant->age >= 0 && is_minor (o->age)))
        {
          ea_error_set (error, EA_ERROR_RULE,
                        _("In room %s a minor would share the bedroom with adults outside their "
                          "household."), room->name);
          return broke (broken, EA_RULE_MINOR);
        }
      if ((is_diverse (applicant->gender) || is_diverse (o->gender)) &&
          !applicant->shared_room_confirmed)
        {
          ea_error_set (error, EA_ERROR_CONFIRM,
                        _("In room %s a person of gender diverse or not stated would share the "
                          "bedroom with persons outside their household. Confirm this if it is "
                          "what they want."), room->name);
          return broke (broken, EA_RULE_OWN_ROOM);
        }
    }
  if (is_minor (applicant->age) && !own_adult)
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("A minor moves only into a room of an adult of their household, or "
                      "together with one: room %s has none."), room->name);
      return broke (broken, EA_RULE_MINOR);
    }
  return TRUE;
}

gboolean
_ea_rules_check_room (const EaRuleApplicant  *applicant,
                      const EaRuleRoom       *room,
                      double                  min_area,
                      EaRuleKind             *broken,
                      GError                **error)
{
  gboolean other_household = FALSE, keep_apart = FALSE;
  guint present;

  if (broken != NULL)
    *broken = EA_RULE_NONE;
  for (guint i = 0; i < room->n_occupants; i++)
    {
      const EaRuleOccupant *occupant = &room->occupants[i];

      if (applicant->household_id == 0 || occupant->household_id != applicant->household_id)
        other_household = TRUE;
      keep_apart |= occupant->keep_apart;
    }

  if (g_str_equal (room->rule, "men") && g_strcmp0 (applicant->gender, "m") != 0)
    {
      ea_error_set (error, EA_ERROR_RULE, _("Room %s is a men's room."), room->name);
      return broke (broken, EA_RULE_GENDER);
    }
  if (g_str_equal (room->rule, "women") && g_strcmp0 (applicant->gender, "w") != 0)
    {
      ea_error_set (error, EA_ERROR_RULE, _("Room %s is a women's room."), room->name);
      return broke (broken, EA_RULE_GENDER);
    }
  if (g_str_equal (room->rule, "family") && other_household)
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("Room %s is a family room and is used by another household."), room->name);
      return broke (broken, EA_RULE_FAMILY_ROOM);
    }
  if (!check_sleeping_room (applicant, room, broken, error))
    return FALSE;

  /* The unit's reservation: women with their children, families. */
  if (g_strcmp0 (room->unit_reserved_for, "women") == 0 &&
      g_strcmp0 (applicant->gender, "w") != 0 &&
      !(applicant->age >= 0 && applicant->age < 18 && applicant->household_has_woman))
    {
      ea_error_set (error, EA_ERROR_RULE, _("Area %s is reserved for women."), room->unit_name);
      return broke (broken, EA_RULE_RESERVED_AREA);
    }
  if (g_strcmp0 (room->unit_reserved_for, "families") == 0 && applicant->household_size < 2)
    {
      ea_error_set (error, EA_ERROR_RULE, _("Area %s is reserved for families."),
                    room->unit_name);
      return broke (broken, EA_RULE_RESERVED_AREA);
    }

  if (applicant->wheelchair && !room->barrier_free)
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("Room %s is not barrier-free, and the person needs a wheelchair."),
                    room->name);
      return broke (broken, EA_RULE_BARRIER_FREE);
    }
  if (keep_apart)
    {
      ea_error_set (error, EA_ERROR_RULE,
                    _("A keep-apart note forbids housing the person in room %s."), room->name);
      return broke (broken, EA_RULE_KEEP_APART);
    }

  present = room->most_at_once > 0 ? room->most_at_once : room->n_occupants;
  if ((int) present + 1 > room->capacity)
    {
      ea_error_set (error, EA_ERROR_RULE, _("Room %s is full (%d of %d places taken)."),
                    room->name, (int) present, room->capacity);
      return broke (broken, EA_RULE_CAPACITY);
    }
  if (!_ea_rules_check_area (room->name, room->area, present + 1, min_area, error))
    return broke (broken, EA_RULE_AREA);
  return TRUE;
}
