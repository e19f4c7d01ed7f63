/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "ea-demo-private.h"
#include "ea-error.h"
#include "ea-person-private.h"
#include "ea-text.h"

/* The demo district's households and their persons: names, birth dates,
 * languages, religions and needs that fit their nationality. */

/* Persons. */

static void
make_member (Household  *hh,
             char        gender,
             int         age,
             const char *role)
{
  g_assert (hh->n < MAX_HOUSEHOLD);
  hh->members[hh->n].gender = gender;
  hh->members[hh->n].age = age;
  hh->members[hh->n].role = role;
  hh->n++;
}

void
_ea_demo_make_household (Demo          *d,
                         HouseholdKind  kind,
                         guint          max_size,
                         Household     *hh)
{
  int parent_age;

  memset (hh, 0, sizeof *hh);
  hh->kind = kind;
  hh->nat = _ea_demo_pick_nationality (d);
  hh->family_name = PICK_STRING (d, hh->nat->family);

  switch (kind)
    {
    /* Singles share rooms with others: adults on every night of the
     * two years of history, whatever part of their birth date is known. */
    case HH_SINGLE_MAN:
      make_member (hh, 'm', _ea_demo_pick (d, 21, 45) + (_ea_demo_chance (d, 0.1) ? _ea_demo_pick (d, 0, 20) : 0),
                   "bezugsperson");
      break;

    case HH_SINGLE_WOMAN:
      make_member (hh, 'w', _ea_demo_pick (d, 21, 55) + (_ea_demo_chance (d, 0.1) ? _ea_demo_pick (d, 0, 20) : 0),
                   "bezugsperson");
      break;

    case HH_UMA:
      make_member (hh, _ea_demo_chance (d, 0.85) ? 'm' : 'w', _ea_demo_pick (d, 14, 17), "bezugsperson");
      break;

    case HH_COUPLE:
      parent_age = _ea_demo_pick (d, 20, 60);
      make_member (hh, 'm', parent_age + _ea_demo_pick (d, 0, 5), "bezugsperson");
      make_member (hh, 'w', parent_age, "ehegatte");
      break;

    case HH_FAMILY:
    case HH_SINGLE_PARENT:
    default:
      parent_age = _ea_demo_pick (d, 24, 46);
      if (kind == HH_FAMILY)
        {
          make_member (hh, 'm', parent_age + _ea_demo_pick (d, 0, 6), "bezugsperson");
          make_member (hh, 'w', parent_age, "ehegatte");
        }
      else
        make_member (hh, 'w', parent_age, "bezugsperson");
      {
        guint children = (guint) _ea_demo_pick (d, 1, 5);
        int age = MIN (parent_age - 18, 17);

        children = MIN (children, max_size > hh->n ? max_size - hh->n : 0);
        for (guint c = 0; c < children && age >= 0; c++)
          {
            make_member (hh, _ea_demo_chance (d, 0.5) ? 'm' : 'w', age, "kind");
            age -= _ea_demo_pick (d, 1, 4);
          }
      }
      /* A grandmother travels with some families. */
      if (kind == HH_SINGLE_PARENT && hh->nat->often_single_mothers &&
          hh->n < max_size && _ea_demo_chance (d, 0.2))
        make_member (hh, 'w', parent_age + _ea_demo_pick (d, 20, 30), "elternteil");
      break;
    }
}

HouseholdKind
_ea_demo_pick_household_kind (Demo *d)
{
  int roll = _ea_demo_pick (d, 0, 99);

  if (roll < 34) return HH_SINGLE_MAN;
  if (roll < 42) return HH_SINGLE_WOMAN;
  if (roll < 50) return HH_COUPLE;
  if (roll < 88) return HH_FAMILY;
  return HH_SINGLE_PARENT;
}

static void
birth_date_for (Demo                    *d,
                const EaDemoNationality *nat,
                int                      age,
                char                     out[11])
{
  char today[11];
  int year, month, day;

  _ea_demo_format_julian (d->today, today);
  year = atoi (today) - age - (_ea_demo_chance (d, 0.5) ? 1 : 0);
  month = _ea_demo_pick (d, 1, 12);
  day = _ea_demo_pick (d, 1, 28);
  if (nat->often_january_first && _ea_demo_chance (d, 0.3))
    month = day = 1;
  else if (_ea_demo_chance (d, 0.05))
    month = day = 0;     /* only the year is known */
  else if (_ea_demo_chance (d, 0.03))
    day = 0;             /* the day is not known */
  g_snprintf (out, 11, "%04d-%02d-%02d", year, month, day);
}

/* A member's nationalities and languages: the mother tongue, for some
 * adults the second language of their country, for some German. */
static gboolean
insert_languages (Demo        *d,
                  Household   *hh,
                  gint64       person_id,
                  const char  *nationality_extra,
                  const char  *mother_tongue,
                  gboolean     adult,
                  GError     **error)
{
  _ea_stmt_bind_int64 (d->nationality, 1, person_id);
  _ea_stmt_bind_int (d->nationality, 2, 1);
  _ea_stmt_bind_text (d->nationality, 3, hh->nat->code);
  if (!_ea_demo_step_done (d, d->nationality, error))
    return FALSE;
  if (nationality_extra[0] != '\0')
    {
      _ea_stmt_bind_int64 (d->nationality, 1, person_id);
      _ea_stmt_bind_int (d->nationality, 2, 2);
      _ea_stmt_bind_text (d->nationality, 3, nationality_extra);
      if (!_ea_demo_step_done (d, d->nationality, error))
        return FALSE;
    }

  _ea_stmt_bind_int64 (d->language, 1, person_id);
  _ea_stmt_bind_text (d->language, 2, mother_tongue);
  _ea_stmt_bind_text (d->language, 3, "M");
  if (!_ea_demo_step_done (d, d->language, error))
    return FALSE;
  if (adult && _ea_demo_chance (d, 0.6) && !g_str_equal (hh->nat->second_language, mother_tongue))
    {
      _ea_stmt_bind_int64 (d->language, 1, person_id);
      _ea_stmt_bind_text (d->language, 2, hh->nat->second_language);
      _ea_stmt_bind_text (d->language, 3, hh->nat->second_level);
      if (!_ea_demo_step_done (d, d->language, error))
        return FALSE;
    }
  if (_ea_demo_chance (d, adult ? 0.25 : 0.4))
    {
      _ea_stmt_bind_int64 (d->language, 1, person_id);
      _ea_stmt_bind_text (d->language, 2, "deu");
      _ea_stmt_bind_text (d->language, 3,
                          (const char *[]) { "A1", "A2", "B1" }[_ea_demo_pick (d, 0, 2)]);
      if (!_ea_demo_step_done (d, d->language, error))
        return FALSE;
    }
  return TRUE;
}

/* A member's protection needs, as often as offices meet them. */
static gboolean
insert_needs (Demo       *d,
              Household  *hh,
              Member     *m,
              guint       i,
              gint64      person_id,
              GError    **error)
{
  const char *needs[6];
  guint n_needs = 0;
  gboolean adult = m->age >= 18;

  if (hh->kind == HH_UMA)
    needs[n_needs++] = "uma";
  if (hh->kind == HH_SINGLE_WOMAN && adult)
    needs[n_needs++] = "alleinreisende-frau";
  if (hh->kind == HH_SINGLE_PARENT && i == 0)
    needs[n_needs++] = "alleinerziehend";
  if (m->gender == 'w' && adult && m->age < 42 && _ea_demo_chance (d, 0.05))
    needs[n_needs++] = "schwanger";
  if (m->age >= 65)
    needs[n_needs++] = "aeltere-person";
  if (_ea_demo_chance (d, 0.008))
    needs[n_needs++] = "rollstuhl";
  else if (_ea_demo_chance (d, 0.02))
    needs[n_needs++] = "behinderung";
  if (adult && _ea_demo_chance (d, 0.05))
    needs[n_needs++] = (const char *[]) { "trauma", "schwer-krank", "psychisch-krank",
                                          "folteropfer" }[_ea_demo_pick (d, 0, 3)];
  for (guint v = 0; v < n_needs; v++)
    {
      _ea_stmt_bind_int64 (d->vulnerability, 1, person_id);
      _ea_stmt_bind_text (d->vulnerability, 2, needs[v]);
      if (!_ea_demo_step_done (d, d->vulnerability, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_ea_demo_insert_household (Demo        *d,
                           Household   *hh,
                           const Fate  *fate,
                           gint64      *ids,
                           GError     **error)
{
  gint64 household_id;
  g_autofree char *hh_platform = g_strdup_printf ("FV-%u", 80000 + d->household_seq++);
  gboolean from_platform = _ea_demo_chance (d, 0.75);
  char arrived[11] = "", left[11] = "", expected[11] = "";

  if (fate->arrived) _ea_demo_format_julian (fate->arrived, arrived);
  if (fate->left) _ea_demo_format_julian (fate->left, left);
  if (fate->expected) _ea_demo_format_julian (fate->expected, expected);

  _ea_stmt_bind_text (d->household, 1, from_platform ? hh_platform : NULL);
  _ea_stmt_bind_text (d->household, 2, d->created_at);
  _ea_stmt_bind_int64 (d->household, 3, d->admin_id);
  if (!_ea_demo_step_done (d, d->household, error))
    return FALSE;
  household_id = _ea_demo_last_id (d);

  for (guint i = 0; i < hh->n; i++)
    {
      Member *m = &hh->members[i];
      guint seq = d->person_seq++;
      g_autofree char *platform_id = g_strdup_printf ("P-%u", 5500000 + seq);
      g_autofree char *azr = g_strdup_printf ("%012" G_GUINT64_FORMAT,
                                              (guint64) (120000000000ULL + seq * 37ULL +
                                                         (guint64) _ea_demo_pick (d, 0, 36)));
      g_autofree char *bamf = g_strdup_printf ("%07d-%s", _ea_demo_pick (d, 1000000, 9999999),
                                               hh->nat->code);
      g_autofree char *search_text = NULL, *sort_name = NULL;
      const char *given = m->gender == 'm' ? PICK_STRING (d, hh->nat->male)
                                           : PICK_STRING (d, hh->nat->female);
      const char *mother_tongue = PICK_STRING (d, hh->nat->mother_tongues);
      gboolean adult = m->age >= 18;
      gboolean has_azr = _ea_demo_chance (d, 0.9);
      char birth[11], religion[64], nationality_extra[4] = "";
      const char *marital = NULL, *residence, *schooling = NULL, *profession = NULL;
      gint64 person_id;

      birth_date_for (d, hh->nat, m->age, birth);
      _ea_person_search_keys (hh->family_name, given, NULL, birth,
                              has_azr ? azr : NULL, from_platform ? platform_id : NULL,
                              &search_text, &sort_name);

      if (adult)
        {
          if (g_str_equal (m->role, "ehegatte") ||
              (g_str_equal (m->role, "bezugsperson") &&
               (hh->kind == HH_COUPLE || hh->kind == HH_FAMILY)))
            marital = "VH";
          else if (hh->kind == HH_SINGLE_PARENT)
            marital = (const char *[]) { "VH", "VW", "GS", "LD" }[_ea_demo_pick (d, 0, 3)];
          else if (m->age > 60)
            marital = "VW";
          else
            marital = _ea_demo_chance (d, 0.9) ? "LD" : "NB";
          schooling = (const char *[]) { "keiner", "grundschule", "mittel", "mittel", "abitur",
                                         "hochschule", "unbekannt" }[_ea_demo_pick (d, 0, 6)];
          if (_ea_demo_chance (d, 0.5))
            {
              guint k = (guint) _ea_demo_pick (d, 0, G_N_ELEMENTS (demo_professions) - 1);
              profession = m->gender == 'w' ? demo_professions[k].w : demo_professions[k].m;
            }
        }
      else
        marital = "LD";

      if (g_str_equal (hh->nat->code, "166"))
        residence = "aufenthaltserlaubnis";
      else
        residence = (const char *[]) { "gestattung", "gestattung", "gestattung", "duldung",
                                       "aufenthaltserlaubnis", "fiktion" }[_ea_demo_pick (d, 0, 5)];

      if (g_str_equal (hh->nat->code, "475") && _ea_demo_chance (d, 0.03))
        g_strlcpy (nationality_extra, "163", sizeof nationality_extra);

      _ea_stmt_bind_text (d->person, 1, from_platform ? platform_id : NULL);
      _ea_stmt_bind_text (d->person, 2, has_azr ? azr : NULL);
      _ea_stmt_bind_text (d->person, 3, _ea_demo_chance (d, 0.6) ? bamf : NULL);
      _ea_stmt_bind_text (d->person, 4, hh->family_name);
      _ea_stmt_bind_text (d->person, 5, given);
      _ea_stmt_bind_text (d->person, 6, birth);
      _ea_stmt_bind_text_copy (d->person, 7, (char[]) { m->gender, '\0' }, 1);
      _ea_stmt_bind_text (d->person, 8, marital);
      if (_ea_demo_chance (d, 0.8))
        _ea_stmt_bind_text_copy (d->person, 9,
                           _ea_demo_pick_weighted_code (d, hh->nat->religions,
                                                        G_N_ELEMENTS (hh->nat->religions), religion),
                           -1);
      _ea_stmt_bind_text (d->person, 10, residence);
      _ea_stmt_bind_text (d->person, 11, schooling);
      _ea_stmt_bind_text (d->person, 12, profession);
      _ea_stmt_bind_text (d->person, 13, fate->status);
      _ea_stmt_bind_text (d->person, 14, fate->expected ? expected : NULL);
      _ea_stmt_bind_text (d->person, 15, fate->arrived ? arrived : NULL);
      _ea_stmt_bind_text (d->person, 16, fate->left ? left : NULL);
      _ea_stmt_bind_text (d->person, 17, search_text);
      _ea_stmt_bind_text (d->person, 18, sort_name);
      _ea_stmt_bind_text (d->person, 19, d->created_at);
      _ea_stmt_bind_int64 (d->person, 20, d->admin_id);
      if (!_ea_demo_step_done (d, d->person, error))
        return FALSE;
      person_id = ids[i] = _ea_demo_last_id (d);
      d->persons_made++;

      _ea_stmt_bind_int64 (d->member, 1, household_id);
      _ea_stmt_bind_int64 (d->member, 2, person_id);
      _ea_stmt_bind_text (d->member, 3, m->role);
      if (!_ea_demo_step_done (d, d->member, error))
        return FALSE;

      if (!insert_languages (d, hh, person_id, nationality_extra, mother_tongue, adult, error) ||
          !insert_needs (d, hh, m, i, person_id, error))
        return FALSE;
    }
  return TRUE;
}
