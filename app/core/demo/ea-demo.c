/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-demo"

#include "config.h"

#include "ea-demo.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "ea-accounts-private.h"
#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-demo-data.h"
#include "ea-error.h"
#include "ea-person-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

/* The demo district: a deterministic, realistic office for trying the
 * application and for tests and benchmarks. Everything derives from one
 * GRand seeded by the caller and from the reference day, so the same seed
 * and day give the same database, row for row.
 *
 * The district is built room by room: first today's residents, then
 * reservations and blocked beds, then moves, and last the history of
 * those who have left, filled backwards in time per bed. Walking backwards
 * from the earliest known stay of each bed means no two stays can overlap,
 * which the database would refuse anyway. */

#define HISTORY_DAYS 730
#define MAX_HOUSEHOLD 8

typedef enum { SIZE_LARGE, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT } FacilitySize;

/* The first 24 facilities in this pattern: 4 large, 8 medium, 6 small, 6 flats. */
static const FacilitySize facility_pattern[24] = {
  SIZE_LARGE, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT, SIZE_MEDIUM, SIZE_SMALL,
  SIZE_LARGE, SIZE_FLAT, SIZE_MEDIUM, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT,
  SIZE_LARGE, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT, SIZE_MEDIUM, SIZE_SMALL,
  SIZE_LARGE, SIZE_FLAT, SIZE_MEDIUM, SIZE_MEDIUM, SIZE_SMALL, SIZE_FLAT,
};

typedef enum
{
  HH_SINGLE_MAN,
  HH_SINGLE_WOMAN,
  HH_COUPLE,
  HH_FAMILY,
  HH_SINGLE_PARENT,
  HH_UMA,
} HouseholdKind;

typedef struct
{
  char gender;
  int  age;
  const char *role;
} Member;

typedef struct
{
  HouseholdKind kind;
  const EaDemoNationality *nat;
  const char *family_name;
  guint n;
  Member members[MAX_HOUSEHOLD];
} Household;

typedef struct
{
  gint64      id;
  const char *rule;
  const char *reserved_for;
  guint       capacity;
  gboolean    barrier_free;
  guint       first_bed;
} Room;

typedef struct
{
  gint64   id;
  guint    room;
  /* The first day of the earliest stay or block known on this bed; any
   * earlier stay must end on or before it. */
  guint32  free_until;
  gboolean taken_now;
} Bed;

typedef struct
{
  EaStore  *store;
  GRand    *rand;
  guint32   today;
  char     *created_at;
  gint64    admin_id;

  GArray   *rooms;
  GArray   *beds;

  guint     persons_made;
  guint     household_seq;
  guint     person_seq;

  EaStmt *facility;
  EaStmt *unit;
  EaStmt *room;
  EaStmt *bed;
  EaStmt *household;
  EaStmt *member;
  EaStmt *person;
  EaStmt *nationality;
  EaStmt *language;
  EaStmt *vulnerability;
  EaStmt *stay;
  EaStmt *reservation;
  EaStmt *block;
} Demo;

/* Dates are day numbers (GDate's Julian days) while the district is built. */
static guint32
julian_of (const char *iso)
{
  int y, m, d;
  GDate date;

  if (!ea_partial_date_parse (iso, &y, &m, &d) || m == 0 || d == 0)
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

static void
format_julian (guint32  day,
               char     out[11])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  g_snprintf (out, 11, "%04d-%02d-%02d",
              g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

static int
pick (Demo *d,
      int   lo,
      int   hi)
{
  return g_rand_int_range (d->rand, lo, hi + 1);
}

static gboolean
chance (Demo   *d,
        double  p)
{
  return g_rand_double (d->rand) < p;
}

static guint
count_strings (const char * const *strings,
               guint               max)
{
  guint n = 0;

  while (n < max && strings[n] != NULL)
    n++;
  return n;
}

#define PICK_STRING(d, array) \
  ((array)[pick ((d), 0, (int) count_strings ((array), G_N_ELEMENTS (array)) - 1)])

static const char *
pick_weighted_code (Demo              *d,
                    const char * const *entries,
                    guint              n_entries,
                    char               buffer[64])
{
  guint total = 0, n = count_strings (entries, n_entries);
  int roll;

  for (guint i = 0; i < n; i++)
    total += atoi (strchr (entries[i], ':') + 1);
  roll = pick (d, 0, (int) total - 1);
  for (guint i = 0; i < n; i++)
    {
      const char *colon = strchr (entries[i], ':');
      roll -= atoi (colon + 1);
      if (roll < 0)
        {
          g_strlcpy (buffer, entries[i], MIN ((gsize) (colon - entries[i] + 1), 64));
          return buffer;
        }
    }
  g_assert_not_reached ();
}

static const EaDemoNationality *
pick_nationality (Demo *d)
{
  guint total = 0;
  int roll;

  for (guint i = 0; i < G_N_ELEMENTS (demo_nationalities); i++)
    total += demo_nationalities[i].weight;
  roll = pick (d, 0, (int) total - 1);
  for (guint i = 0; i < G_N_ELEMENTS (demo_nationalities); i++)
    {
      roll -= demo_nationalities[i].weight;
      if (roll < 0)
        return &demo_nationalities[i];
    }
  g_assert_not_reached ();
}

static gboolean
step_done (Demo          *d,
           EaStmt  *stmt,
           GError       **error)
{
  int rc = _ea_stmt_step (stmt);

  _ea_stmt_reset (stmt);
  _ea_stmt_clear_bindings (stmt);
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (d->store, error, _("Cannot write the demo district"));
  return TRUE;
}

static gint64
last_id (Demo *d)
{
  return _ea_store_last_insert_id (d->store);
}

/* Housing. */

static gboolean
add_room (Demo        *d,
          gint64       unit_id,
          const char  *reserved_for,
          int          floor,
          int          number,
          const char  *rule,
          GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%d.%02d", floor, number);
  double area;
  guint capacity;
  gboolean barrier_free = floor == 0 && chance (d, 0.35);
  Room room = { 0 };

  /* Family rooms are the larger ones; capacity follows the area at the
   * default minimum of 7 m² per person, at most six beds. */
  if (g_str_equal (rule, "family"))
    area = pick (d, 28, 60) / 2.0;
  else
    area = pick (d, 16, 56) / 2.0;
  capacity = CLAMP ((guint) (area / 7.0), 1, 6);
  if (!g_str_equal (rule, "family") && chance (d, 0.3))
    capacity = MAX (1, capacity - 1);

  _ea_stmt_bind_int64 (d->room, 1, unit_id);
  _ea_stmt_bind_text (d->room, 2, name);
  _ea_stmt_bind_int (d->room, 3, floor);
  _ea_stmt_bind_double (d->room, 4, area);
  _ea_stmt_bind_int (d->room, 5, capacity);
  _ea_stmt_bind_text (d->room, 6, rule);
  _ea_stmt_bind_int (d->room, 7, barrier_free);
  if (!step_done (d, d->room, error))
    return FALSE;

  room.id = last_id (d);
  room.rule = rule;
  room.reserved_for = reserved_for;
  room.capacity = capacity;
  room.barrier_free = barrier_free;
  room.first_bed = d->beds->len;

  for (guint b = 0; b < capacity; b++)
    {
      char label[2] = { (char) ('A' + b), '\0' };
      Bed bed = { 0 };

      _ea_stmt_bind_int64 (d->bed, 1, room.id);
      _ea_stmt_bind_text (d->bed, 2, label);
      if (!step_done (d, d->bed, error))
        return FALSE;
      bed.id = last_id (d);
      bed.room = d->rooms->len;
      bed.free_until = d->today;
      g_array_append_val (d->beds, bed);
    }
  g_array_append_val (d->rooms, room);
  return TRUE;
}

static const char *
floor_name (int floor)
{
  static const char *names[] = { "Erdgeschoss", "1. Obergeschoss", "2. Obergeschoss",
                                 "3. Obergeschoss", "4. Obergeschoss" };
  return names[CLAMP (floor, 0, 4)];
}

static gboolean
add_facility (Demo     *d,
              guint     index,
              GError  **error)
{
  FacilitySize size = facility_pattern[index % G_N_ELEMENTS (facility_pattern)];
  const char *place = demo_places[index % G_N_ELEMENTS (demo_places)];
  const char *street = demo_streets[pick (d, 0, G_N_ELEMENTS (demo_streets) - 1)];
  guint round = index / G_N_ELEMENTS (demo_places);
  g_autofree char *suffix = round > 0 ? g_strdup_printf (" %u", round + 1) : g_strdup ("");
  g_autofree char *name = NULL;
  g_autofree char *street_line = g_strdup_printf ("%s %d", street, pick (d, 1, 120));
  char opened[11];
  int target, floors, beds_before = d->beds->len;
  gint64 facility_id;

  switch (size)
    {
    case SIZE_LARGE:
      name = g_strdup_printf ("GU %s%s, %s", place, suffix, street);
      target = pick (d, 80, 200);
      floors = target > 140 ? 4 : 3;
      break;
    case SIZE_MEDIUM:
      name = g_strdup_printf ("GU %s%s, %s", place, suffix, street);
      target = pick (d, 30, 70);
      floors = 2;
      break;
    case SIZE_SMALL:
      name = g_strdup_printf ("Unterkunft %s%s, %s", place, suffix, street);
      target = pick (d, 10, 25);
      floors = 1;
      break;
    case SIZE_FLAT:
    default:
      name = g_strdup_printf ("Wohnung %s%s, %s", place, suffix, street_line);
      target = pick (d, 4, 8);
      floors = 1;
      break;
    }

  format_julian (d->today - HISTORY_DAYS - pick (d, 30, 900), opened);
  _ea_stmt_bind_text (d->facility, 1, name);
  _ea_stmt_bind_text (d->facility, 2, size == SIZE_FLAT ? "flat" : "communal");
  _ea_stmt_bind_text (d->facility, 3, street_line);
  _ea_stmt_bind_text (d->facility, 4, place);
  _ea_stmt_bind_text (d->facility, 5, opened);
  _ea_stmt_bind_text (d->facility, 6, d->created_at);
  _ea_stmt_bind_int64 (d->facility, 7, d->admin_id);
  if (!step_done (d, d->facility, error))
    return FALSE;
  facility_id = last_id (d);

  for (int floor = 0; floor < floors && (int) d->beds->len - beds_before < target; floor++)
    {
      const char *reserved = "none";
      const char *unit_name = floor_name (floor);
      gint64 unit_id;

      if (size == SIZE_FLAT)
        unit_name = "Wohnung";
      /* Large houses and every other medium one keep a protected area for
       * women on the top floor; large houses also a floor for families. */
      else if (floor == floors - 1 &&
               (size == SIZE_LARGE || (size == SIZE_MEDIUM && index % 2 == 0)))
        reserved = "women";
      else if (size == SIZE_LARGE && floor == 1)
        reserved = "families";

      _ea_stmt_bind_int64 (d->unit, 1, facility_id);
      _ea_stmt_bind_text (d->unit, 2, unit_name);
      _ea_stmt_bind_text (d->unit, 3, reserved);
      if (!step_done (d, d->unit, error))
        return FALSE;
      unit_id = last_id (d);

      for (int number = 1;
           (int) d->beds->len - beds_before < target * (floor + 1) / floors;
           number++)
        {
          const char *rule;

          if (size == SIZE_FLAT || g_str_equal (reserved, "families"))
            rule = "family";
          else if (g_str_equal (reserved, "women"))
            rule = chance (d, 0.5) ? "women" : "family";
          else if (chance (d, 0.62))
            rule = "men";
          else if (chance (d, 0.75))
            rule = "family";
          else if (chance (d, 0.4))
            rule = "women";
          else
            rule = "any";

          if (!add_room (d, unit_id, reserved, floor, number, rule, error))
            return FALSE;
        }
    }
  return TRUE;
}

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

static void
make_household (Demo          *d,
                HouseholdKind  kind,
                guint          max_size,
                Household     *hh)
{
  int parent_age;

  memset (hh, 0, sizeof *hh);
  hh->kind = kind;
  hh->nat = pick_nationality (d);
  hh->family_name = PICK_STRING (d, hh->nat->family);

  switch (kind)
    {
    /* Singles share rooms with others: adults on every night of the
     * two years of history, whatever part of their birth date is known. */
    case HH_SINGLE_MAN:
      make_member (hh, 'm', pick (d, 21, 45) + (chance (d, 0.1) ? pick (d, 0, 20) : 0),
                   "bezugsperson");
      break;

    case HH_SINGLE_WOMAN:
      make_member (hh, 'w', pick (d, 21, 55) + (chance (d, 0.1) ? pick (d, 0, 20) : 0),
                   "bezugsperson");
      break;

    case HH_UMA:
      make_member (hh, chance (d, 0.85) ? 'm' : 'w', pick (d, 14, 17), "bezugsperson");
      break;

    case HH_COUPLE:
      parent_age = pick (d, 20, 60);
      make_member (hh, 'm', parent_age + pick (d, 0, 5), "bezugsperson");
      make_member (hh, 'w', parent_age, "ehegatte");
      break;

    case HH_FAMILY:
    case HH_SINGLE_PARENT:
    default:
      parent_age = pick (d, 24, 46);
      if (kind == HH_FAMILY)
        {
          make_member (hh, 'm', parent_age + pick (d, 0, 6), "bezugsperson");
          make_member (hh, 'w', parent_age, "ehegatte");
        }
      else
        make_member (hh, 'w', parent_age, "bezugsperson");
      {
        guint children = (guint) pick (d, 1, 5);
        int age = MIN (parent_age - 18, 17);

        children = MIN (children, max_size > hh->n ? max_size - hh->n : 0);
        for (guint c = 0; c < children && age >= 0; c++)
          {
            make_member (hh, chance (d, 0.5) ? 'm' : 'w', age, "kind");
            age -= pick (d, 1, 4);
          }
      }
      /* A grandmother travels with some families. */
      if (kind == HH_SINGLE_PARENT && hh->nat->often_single_mothers &&
          hh->n < max_size && chance (d, 0.2))
        make_member (hh, 'w', parent_age + pick (d, 20, 30), "elternteil");
      break;
    }
}

static HouseholdKind
pick_household_kind (Demo *d)
{
  int roll = pick (d, 0, 99);

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

  format_julian (d->today, today);
  year = atoi (today) - age - (chance (d, 0.5) ? 1 : 0);
  month = pick (d, 1, 12);
  day = pick (d, 1, 28);
  if (nat->often_january_first && chance (d, 0.3))
    month = day = 1;
  else if (chance (d, 0.05))
    month = day = 0;     /* only the year is known */
  else if (chance (d, 0.03))
    day = 0;             /* the day is not known */
  g_snprintf (out, 11, "%04d-%02d-%02d", year, month, day);
}

typedef struct
{
  const char *status;     /* expected, present, left */
  guint32     arrived;    /* 0 when expected */
  guint32     left;       /* 0 unless left */
  guint32     expected;   /* 0 unless expected */
} Fate;

static gboolean
insert_household (Demo        *d,
                  Household   *hh,
                  const Fate  *fate,
                  gint64      *ids,
                  GError     **error)
{
  gint64 household_id;
  g_autofree char *hh_platform = g_strdup_printf ("FV-%u", 80000 + d->household_seq++);
  gboolean from_platform = chance (d, 0.75);
  char arrived[11] = "", left[11] = "", expected[11] = "";

  if (fate->arrived) format_julian (fate->arrived, arrived);
  if (fate->left) format_julian (fate->left, left);
  if (fate->expected) format_julian (fate->expected, expected);

  _ea_stmt_bind_text (d->household, 1, from_platform ? hh_platform : NULL);
  _ea_stmt_bind_text (d->household, 2, d->created_at);
  _ea_stmt_bind_int64 (d->household, 3, d->admin_id);
  if (!step_done (d, d->household, error))
    return FALSE;
  household_id = last_id (d);

  for (guint i = 0; i < hh->n; i++)
    {
      Member *m = &hh->members[i];
      guint seq = d->person_seq++;
      g_autofree char *platform_id = g_strdup_printf ("P-%u", 5500000 + seq);
      g_autofree char *azr = g_strdup_printf ("%012" G_GUINT64_FORMAT,
                                              (guint64) (120000000000ULL + seq * 37ULL +
                                                         (guint64) pick (d, 0, 36)));
      g_autofree char *bamf = g_strdup_printf ("%07d-%s", pick (d, 1000000, 9999999),
                                               hh->nat->code);
      g_autofree char *search_text = NULL, *sort_name = NULL;
      const char *given = m->gender == 'm' ? PICK_STRING (d, hh->nat->male)
                                           : PICK_STRING (d, hh->nat->female);
      const char *mother_tongue = PICK_STRING (d, hh->nat->mother_tongues);
      gboolean adult = m->age >= 18;
      gboolean has_azr = chance (d, 0.9);
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
            marital = (const char *[]) { "VH", "VW", "GS", "LD" }[pick (d, 0, 3)];
          else if (m->age > 60)
            marital = "VW";
          else
            marital = chance (d, 0.9) ? "LD" : "NB";
          schooling = (const char *[]) { "keiner", "grundschule", "mittel", "mittel", "abitur",
                                         "hochschule", "unbekannt" }[pick (d, 0, 6)];
          if (chance (d, 0.5))
            {
              guint k = (guint) pick (d, 0, G_N_ELEMENTS (demo_professions) - 1);
              profession = m->gender == 'w' ? demo_professions[k].w : demo_professions[k].m;
            }
        }
      else
        marital = "LD";

      if (g_str_equal (hh->nat->code, "166"))
        residence = "aufenthaltserlaubnis";
      else
        residence = (const char *[]) { "gestattung", "gestattung", "gestattung", "duldung",
                                       "aufenthaltserlaubnis", "fiktion" }[pick (d, 0, 5)];

      if (g_str_equal (hh->nat->code, "475") && chance (d, 0.03))
        g_strlcpy (nationality_extra, "163", sizeof nationality_extra);

      _ea_stmt_bind_text (d->person, 1, from_platform ? platform_id : NULL);
      _ea_stmt_bind_text (d->person, 2, has_azr ? azr : NULL);
      _ea_stmt_bind_text (d->person, 3, chance (d, 0.6) ? bamf : NULL);
      _ea_stmt_bind_text (d->person, 4, hh->family_name);
      _ea_stmt_bind_text (d->person, 5, given);
      _ea_stmt_bind_text (d->person, 6, birth);
      _ea_stmt_bind_text_copy (d->person, 7, (char[]) { m->gender, '\0' }, 1);
      _ea_stmt_bind_text (d->person, 8, marital);
      if (chance (d, 0.8))
        _ea_stmt_bind_text_copy (d->person, 9,
                           pick_weighted_code (d, hh->nat->religions,
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
      if (!step_done (d, d->person, error))
        return FALSE;
      person_id = ids[i] = last_id (d);
      d->persons_made++;

      _ea_stmt_bind_int64 (d->member, 1, household_id);
      _ea_stmt_bind_int64 (d->member, 2, person_id);
      _ea_stmt_bind_text (d->member, 3, m->role);
      if (!step_done (d, d->member, error))
        return FALSE;

      _ea_stmt_bind_int64 (d->nationality, 1, person_id);
      _ea_stmt_bind_int (d->nationality, 2, 1);
      _ea_stmt_bind_text (d->nationality, 3, hh->nat->code);
      if (!step_done (d, d->nationality, error))
        return FALSE;
      if (nationality_extra[0] != '\0')
        {
          _ea_stmt_bind_int64 (d->nationality, 1, person_id);
          _ea_stmt_bind_int (d->nationality, 2, 2);
          _ea_stmt_bind_text (d->nationality, 3, nationality_extra);
          if (!step_done (d, d->nationality, error))
            return FALSE;
        }

      _ea_stmt_bind_int64 (d->language, 1, person_id);
      _ea_stmt_bind_text (d->language, 2, mother_tongue);
      _ea_stmt_bind_text (d->language, 3, "M");
      if (!step_done (d, d->language, error))
        return FALSE;
      if (adult && chance (d, 0.6) && !g_str_equal (hh->nat->second_language, mother_tongue))
        {
          _ea_stmt_bind_int64 (d->language, 1, person_id);
          _ea_stmt_bind_text (d->language, 2, hh->nat->second_language);
          _ea_stmt_bind_text (d->language, 3, hh->nat->second_level);
          if (!step_done (d, d->language, error))
            return FALSE;
        }
      if (chance (d, adult ? 0.25 : 0.4))
        {
          _ea_stmt_bind_int64 (d->language, 1, person_id);
          _ea_stmt_bind_text (d->language, 2, "deu");
          _ea_stmt_bind_text (d->language, 3,
                              (const char *[]) { "A1", "A2", "B1" }[pick (d, 0, 2)]);
          if (!step_done (d, d->language, error))
            return FALSE;
        }

      {
        const char *needs[6];
        guint n_needs = 0;

        if (hh->kind == HH_UMA)
          needs[n_needs++] = "uma";
        if (hh->kind == HH_SINGLE_WOMAN && adult)
          needs[n_needs++] = "alleinreisende-frau";
        if (hh->kind == HH_SINGLE_PARENT && i == 0)
          needs[n_needs++] = "alleinerziehend";
        if (m->gender == 'w' && adult && m->age < 42 && chance (d, 0.05))
          needs[n_needs++] = "schwanger";
        if (m->age >= 65)
          needs[n_needs++] = "aeltere-person";
        if (chance (d, 0.008))
          needs[n_needs++] = "rollstuhl";
        else if (chance (d, 0.02))
          needs[n_needs++] = "behinderung";
        if (adult && chance (d, 0.05))
          needs[n_needs++] = (const char *[]) { "trauma", "schwer-krank", "psychisch-krank",
                                                "folteropfer" }[pick (d, 0, 3)];
        for (guint v = 0; v < n_needs; v++)
          {
            _ea_stmt_bind_int64 (d->vulnerability, 1, person_id);
            _ea_stmt_bind_text (d->vulnerability, 2, needs[v]);
            if (!step_done (d, d->vulnerability, error))
              return FALSE;
          }
      }
    }
  return TRUE;
}

static gboolean
insert_stay (Demo     *d,
             gint64    person_id,
             gint64    bed_id,
             guint32   from,
             guint32   until,
             GError  **error)
{
  char from_s[11], until_s[11];

  format_julian (from, from_s);
  _ea_stmt_bind_int64 (d->stay, 1, person_id);
  _ea_stmt_bind_int64 (d->stay, 2, bed_id);
  _ea_stmt_bind_text (d->stay, 3, from_s);
  if (until)
    {
      format_julian (until, until_s);
      _ea_stmt_bind_text (d->stay, 4, until_s);
    }
  _ea_stmt_bind_text (d->stay, 5, d->created_at);
  _ea_stmt_bind_int64 (d->stay, 6, d->admin_id);
  return step_done (d, d->stay, error);
}

/* A recent arrival is likelier than an old one. */
static guint32
pick_arrival (Demo *d)
{
  double r = g_rand_double (d->rand);
  return d->today - 1 - (guint32) (r * r * (HISTORY_DAYS - 60));
}

static HouseholdKind
kind_for_room (Demo *d,
               Room *room)
{
  if (g_str_equal (room->rule, "men"))
    return HH_SINGLE_MAN;
  if (g_str_equal (room->rule, "women"))
    return HH_SINGLE_WOMAN;
  /* A room for anyone is a bedroom all the same: each holds women or men,
   * never both (the minimum standards for protection in refugee housing);
   * its number decides which, so that its history agrees. */
  if (g_str_equal (room->rule, "any"))
    return room->id % 2 == 0 ? HH_SINGLE_MAN : HH_SINGLE_WOMAN;
  /* A family room holds one household: a family, a single parent or a
   * couple. */
  if (room->capacity <= 2)
    return chance (d, 0.7) ? HH_COUPLE : HH_SINGLE_PARENT;
  return chance (d, 0.75) ? HH_FAMILY : HH_SINGLE_PARENT;
}

/* Today's residents: rooms in random order until the target is reached. */
static gboolean
fill_present (Demo     *d,
              guint     target,
              GError  **error)
{
  g_autofree guint *order = g_new (guint, d->rooms->len);
  guint present = 0;

  for (guint i = 0; i < d->rooms->len; i++)
    order[i] = i;
  for (guint i = d->rooms->len; i > 1; i--)
    {
      guint j = (guint) pick (d, 0, (int) i - 1);
      guint t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }

  for (guint k = 0; k < d->rooms->len && present < target; k++)
    {
      Room *room = &g_array_index (d->rooms, Room, order[k]);
      gboolean family = g_str_equal (room->rule, "family");

      if (family)
        {
          Household hh;
          gint64 ids[MAX_HOUSEHOLD];
          guint32 arrived = pick_arrival (d);
          Fate fate = { "present", arrived, 0, 0 };

          if (!chance (d, 0.9))
            continue;
          make_household (d, kind_for_room (d, room), room->capacity, &hh);
          if (hh.n > room->capacity)
            continue;
          if (!insert_household (d, &hh, &fate, ids, error))
            return FALSE;
          for (guint m = 0; m < hh.n; m++)
            {
              Bed *bed = &g_array_index (d->beds, Bed, room->first_bed + m);
              if (!insert_stay (d, ids[m], bed->id, arrived, 0, error))
                return FALSE;
              bed->free_until = arrived;
              bed->taken_now = TRUE;
            }
          present += hh.n;
        }
      else
        {
          for (guint b = 0; b < room->capacity && present < target; b++)
            {
              Bed *bed = &g_array_index (d->beds, Bed, room->first_bed + b);
              Household hh;
              gint64 id;
              guint32 arrived = pick_arrival (d);
              Fate fate = { "present", arrived, 0, 0 };

              if (!chance (d, 0.88))
                continue;
              make_household (d, kind_for_room (d, room), 1, &hh);
              if (!insert_household (d, &hh, &fate, &id, error) ||
                  !insert_stay (d, id, bed->id, arrived, 0, error))
                return FALSE;
              bed->free_until = arrived;
              bed->taken_now = TRUE;
              present++;
            }
        }
    }
  return TRUE;
}

static Room *
find_free_room (Demo        *d,
                const char  *rule,
                guint        size,
                guint       *first_free)
{
  guint start = (guint) pick (d, 0, (int) d->rooms->len - 1);

  for (guint k = 0; k < d->rooms->len; k++)
    {
      Room *room = &g_array_index (d->rooms, Room, (start + k) % d->rooms->len);
      gboolean family = g_str_equal (rule, "family");
      guint free_run = 0;

      if (!g_str_equal (room->rule, rule) || room->capacity < size)
        continue;
      for (guint b = 0; b < room->capacity; b++)
        {
          if (g_array_index (d->beds, Bed, room->first_bed + b).taken_now)
            free_run = 0;
          else
            free_run++;
          /* A family room is for one household only: all of it is free. */
          if (!family && free_run == size)
            {
              *first_free = room->first_bed + b + 1 - size;
              return room;
            }
        }
      if (family && free_run == room->capacity)
        {
          *first_free = room->first_bed;
          return room;
        }
    }
  return NULL;
}

/* Expected arrivals: about half have a bed reserved, the rest wait for the
 * housing manager. Unaccompanied minors never get a bed here. */
static gboolean
add_expected (Demo     *d,
              guint     count,
              GError  **error)
{
  guint made = 0;

  while (made < count)
    {
      HouseholdKind kind = chance (d, 0.04) ? HH_UMA : pick_household_kind (d);
      Household hh;
      gint64 ids[MAX_HOUSEHOLD];
      guint32 expected = d->today + (guint32) pick (d, 1, 14);
      Fate fate = { "expected", 0, 0, expected };
      const char *rule = kind == HH_SINGLE_MAN ? "men"
                       : kind == HH_SINGLE_WOMAN ? "women" : "family";
      Room *room = NULL;
      guint first = 0;

      make_household (d, kind, MIN (MAX_HOUSEHOLD, count - made), &hh);
      if (!insert_household (d, &hh, &fate, ids, error))
        return FALSE;
      made += hh.n;

      if (kind == HH_UMA || !chance (d, 0.5))
        continue;
      room = find_free_room (d, rule, hh.n, &first);
      if (room == NULL)
        continue;
      for (guint m = 0; m < hh.n; m++)
        {
          Bed *bed = &g_array_index (d->beds, Bed, first + m);
          char from_s[11], until_s[11];

          guint32 held_from = d->today - (guint32) pick (d, 0, 5);

          format_julian (held_from, from_s);
          format_julian (expected + 3, until_s);
          /* Whoever slept in the bed before left before it was held. */
          bed->free_until = MIN (bed->free_until, held_from);
          _ea_stmt_bind_int64 (d->reservation, 1, ids[m]);
          _ea_stmt_bind_int64 (d->reservation, 2, bed->id);
          _ea_stmt_bind_text (d->reservation, 3, from_s);
          _ea_stmt_bind_text (d->reservation, 4, until_s);
          _ea_stmt_bind_text (d->reservation, 5, d->created_at);
          _ea_stmt_bind_int64 (d->reservation, 6, d->admin_id);
          if (!step_done (d, d->reservation, error))
            return FALSE;
          bed->taken_now = TRUE;
        }
    }
  return TRUE;
}

static gboolean
add_blocks (Demo     *d,
            GError  **error)
{
  static const char *reasons[] = { "renovation", "damage", "quarantine", "damage" };
  static const char *notes[] = { "Malerarbeiten", "Wasserschaden", "Isolation nach Meldung",
                                 "Bettgestell defekt" };

  for (guint i = 0; i < d->beds->len; i++)
    {
      Bed *bed = &g_array_index (d->beds, Bed, i);
      guint32 from = d->today - (guint32) pick (d, 1, 45);
      char from_s[11], until_s[11];
      guint reason = (guint) pick (d, 0, 3);

      /* About one free bed in twelve is out of use at any time. */
      if (bed->taken_now || !chance (d, 0.08))
        continue;
      format_julian (from, from_s);
      _ea_stmt_bind_int64 (d->block, 1, bed->id);
      _ea_stmt_bind_text (d->block, 2, reasons[reason]);
      _ea_stmt_bind_text (d->block, 3, notes[reason]);
      _ea_stmt_bind_text (d->block, 4, from_s);
      if (chance (d, 0.5))
        {
          format_julian (d->today + (guint32) pick (d, 3, 60), until_s);
          _ea_stmt_bind_text (d->block, 5, until_s);
        }
      _ea_stmt_bind_text (d->block, 6, d->created_at);
      _ea_stmt_bind_int64 (d->block, 7, d->admin_id);
      if (!step_done (d, d->block, error))
        return FALSE;
      bed->taken_now = TRUE;
      bed->free_until = from;
    }
  return TRUE;
}

/* Those who have left: walk backwards from each bed's earliest stay. A
 * family room takes whole households, other rooms single persons. A few of
 * them moved once inside the district before they left. */
static gboolean
fill_history (Demo     *d,
              guint     target,
              GError  **error)
{
  guint32 horizon = d->today - HISTORY_DAYS;
  gboolean progress = TRUE;

  while (d->persons_made < target && progress)
    {
      progress = FALSE;
      for (guint r = 0; r < d->rooms->len && d->persons_made < target; r++)
        {
          Room *room = &g_array_index (d->rooms, Room, r);

          if (g_str_equal (room->rule, "family"))
            {
              guint32 end = G_MAXUINT32, start;
              Household hh;
              gint64 ids[MAX_HOUSEHOLD];
              Fate fate = { "left", 0, 0, 0 };

              for (guint b = 0; b < room->capacity; b++)
                end = MIN (end, g_array_index (d->beds, Bed, room->first_bed + b).free_until);
              end -= (guint32) pick (d, 0, 20);
              if (end <= horizon + 14)
                continue;
              start = end - (guint32) pick (d, 45, 420);
              make_household (d, kind_for_room (d, room),
                              MIN (room->capacity, target - d->persons_made), &hh);
              if (hh.n > room->capacity)
                continue;
              fate.arrived = start;
              fate.left = end;
              if (!insert_household (d, &hh, &fate, ids, error))
                return FALSE;
              for (guint m = 0; m < hh.n; m++)
                {
                  Bed *bed = &g_array_index (d->beds, Bed, room->first_bed + m);
                  if (!insert_stay (d, ids[m], bed->id, start, end, error))
                    return FALSE;
                }
              for (guint b = 0; b < room->capacity; b++)
                g_array_index (d->beds, Bed, room->first_bed + b).free_until = start;
              progress = TRUE;
            }
          else
            {
              for (guint b = 0; b < room->capacity && d->persons_made < target; b++)
                {
                  Bed *bed = &g_array_index (d->beds, Bed, room->first_bed + b);
                  guint32 end = bed->free_until - (guint32) pick (d, 0, 20);
                  guint32 start, moved = 0;
                  Household hh;
                  gint64 id;
                  Fate fate = { "left", 0, end, 0 };
                  Bed *earlier = NULL;

                  if (end <= horizon + 14)
                    continue;
                  start = end - (guint32) pick (d, 30, 360);

                  /* About one in five moved here from another bed of the
                   * same kind of room. */
                  if (chance (d, 0.4))
                    {
                      Room *other = &g_array_index (d->rooms, Room,
                                                    pick (d, 0, (int) d->rooms->len - 1));
                      if (other != room && g_str_equal (other->rule, room->rule) &&
                          other->id % 2 == room->id % 2)
                        {
                          Bed *candidate = &g_array_index (d->beds, Bed, other->first_bed);
                          if (candidate->free_until >= start && start > horizon + 60)
                            {
                              earlier = candidate;
                              moved = start - (guint32) pick (d, 20, 60);
                            }
                        }
                    }

                  make_household (d, kind_for_room (d, room), 1, &hh);
                  fate.arrived = earlier ? moved : start;
                  if (!insert_household (d, &hh, &fate, &id, error))
                    return FALSE;
                  if (earlier != NULL)
                    {
                      if (!insert_stay (d, id, earlier->id, moved, start, error))
                        return FALSE;
                      earlier->free_until = moved;
                    }
                  if (!insert_stay (d, id, bed->id, start, end, error))
                    return FALSE;
                  bed->free_until = start;
                  progress = TRUE;
                }
            }
        }
    }
  return TRUE;
}

static gboolean
prepare_all (Demo     *d,
             GError  **error)
{
  static const struct { gsize offset; const char *sql; } statements[] = {
    { G_STRUCT_OFFSET (Demo, facility),
      "INSERT INTO facilities (name, kind, street, place, opened_on, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)" },
    { G_STRUCT_OFFSET (Demo, unit),
      "INSERT INTO units (facility_id, name, reserved_for) VALUES (?, ?, ?)" },
    { G_STRUCT_OFFSET (Demo, room),
      "INSERT INTO rooms (unit_id, name, floor, area_m2, capacity, rule, barrier_free) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)" },
    { G_STRUCT_OFFSET (Demo, bed), "INSERT INTO beds (room_id, label) VALUES (?, ?)" },
    { G_STRUCT_OFFSET (Demo, household),
      "INSERT INTO households (platform_id, created_at, created_by) VALUES (?, ?, ?)" },
    { G_STRUCT_OFFSET (Demo, member),
      "INSERT INTO household_members (household_id, person_id, role) VALUES (?, ?, ?)" },
    { G_STRUCT_OFFSET (Demo, person),
      "INSERT INTO persons (platform_id, azr_number, bamf_file_number, family_name, "
      "given_names, birth_date, gender, marital_status, religion, residence_status, schooling, "
      "profession, status, expected_on, arrived_on, left_on, search_text, sort_name, "
      "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?)" },
    { G_STRUCT_OFFSET (Demo, nationality),
      "INSERT INTO person_nationalities (person_id, position, code) VALUES (?, ?, ?)" },
    { G_STRUCT_OFFSET (Demo, language),
      "INSERT INTO person_languages (person_id, code, level) VALUES (?, ?, ?)" },
    { G_STRUCT_OFFSET (Demo, vulnerability),
      "INSERT INTO person_vulnerabilities (person_id, code) VALUES (?, ?)" },
    { G_STRUCT_OFFSET (Demo, stay),
      "INSERT INTO stays (person_id, bed_id, from_date, until_date, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?)" },
    { G_STRUCT_OFFSET (Demo, reservation),
      "INSERT INTO reservations (person_id, bed_id, from_date, until_date, created_at, "
      "created_by) VALUES (?, ?, ?, ?, ?, ?)" },
    { G_STRUCT_OFFSET (Demo, block),
      "INSERT INTO bed_blocks (bed_id, reason, note, from_date, until_date, created_at, "
      "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      EaStmt *stmt = _ea_store_prepare (d->store, statements[i].sql, error);
      if (stmt == NULL)
        return FALSE;
      G_STRUCT_MEMBER (EaStmt *, d, statements[i].offset) = stmt;
    }
  return TRUE;
}

static void
demo_clear (Demo *d)
{
  EaStmt **stmts[] = { &d->facility, &d->unit, &d->room, &d->bed, &d->household,
                             &d->member, &d->person, &d->nationality, &d->language,
                             &d->vulnerability, &d->stay, &d->reservation, &d->block };

  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    g_clear_pointer (stmts[i], _ea_stmt_free);
  g_clear_pointer (&d->rand, g_rand_free);
  g_clear_pointer (&d->rooms, g_array_unref);
  g_clear_pointer (&d->beds, g_array_unref);
  g_clear_pointer (&d->created_at, g_free);
}

typedef struct
{
  EaStore      *store;
  guint32       seed;
  guint         persons;
  guint         facilities;
  const char   *today;
  EaDemoResult  made;
} Generating;

static const struct { const char *login, *name, *role; } demo_accounts[] = {
  { "admin", "Administration (Demo)", "admin" },
  { "verwaltung", "Unterkunftsverwaltung (Demo)", "housing" },
  { "sozial", "Sozialarbeit (Demo)", "social" },
  { "leitung", "Leitung (Demo)", "reader" },
};

/* The whole district in one transaction, from the seed: a repeated run
 * makes the same district again. */
static gboolean
generate_change (gpointer   data,
                 GError   **error)
{
  Generating *g = data;
  g_autofree char *summary = NULL;
  guint present_target, expected_count, total_beds;
  gboolean ok = FALSE;
  Demo d = {
    .store = g->store,
    .rand = g_rand_new_with_seed (g->seed),
    .today = julian_of (g->today),
    .created_at = g_strconcat (g->today, "T07:00:00Z", NULL),
    .rooms = g_array_new (FALSE, TRUE, sizeof (Room)),
    .beds = g_array_new (FALSE, TRUE, sizeof (Bed)),
  };

  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    {
      gint64 id = _ea_accounts_create_user (g->store, d.admin_id, demo_accounts[i].login,
                                            demo_accounts[i].name, EA_DEMO_PASSWORD,
                                            demo_accounts[i].role, error);
      if (id <= 0)
        goto out;
      if (i == 0)
        d.admin_id = id;
    }

  if (!_ea_store_set_setting (g->store, "ags", EA_DEMO_AGS, error) ||
      !_ea_store_set_setting (g->store, "office_name", "Landratsamt Breisgau-Hochschwarzwald",
                              error) ||
      !_ea_store_set_setting (g->store, "demo", "1", error) ||
      !prepare_all (&d, error))
    goto out;

  for (guint i = 0; i < g->facilities; i++)
    if (!add_facility (&d, i, error))
      goto out;

  /* About 85 % of the beds are taken today, a few percent of the persons
   * are expected, and the rest have left within the last two years. */
  total_beds = d.beds->len;
  present_target = MIN ((guint) (total_beds * 0.85), (guint) (g->persons * 0.8));
  expected_count = MAX (1, g->persons * 3 / 100);
  if (present_target + expected_count > g->persons)
    present_target = g->persons > expected_count ? g->persons - expected_count : 0;

  if (!fill_present (&d, present_target, error) ||
      !add_expected (&d, MIN (expected_count, g->persons - MIN (g->persons, d.persons_made)),
                     error) ||
      !add_blocks (&d, error) ||
      !fill_history (&d, g->persons, error))
    goto out;

  summary = g_strdup_printf ("seed=%u persons=%u facilities=%u beds=%u", g->seed,
                             d.persons_made, g->facilities, total_beds);
  ok = _ea_audit_append (g->store, d.admin_id, &(EaAuditRecord) { .action = "generate",
                                                                  .object_type = "demo",
                                                                  .detail = summary }, error);
  g->made = (EaDemoResult) { d.persons_made, g->facilities, total_beds };

out:
  demo_clear (&d);
  return ok;
}

/**
 * ea_demo_generate:
 * @store: a new, empty database
 * @options: size, seed and reference day
 * @result: (out) (optional): what was made
 * @error: a #GError
 *
 * Fills @store with a demo district and the demo accounts `admin`,
 * `verwaltung`, `sozial` and `leitung` (password `demo`), all in one
 * transaction. Like ea_accounts_initialize_office(), it runs only on a database
 * without accounts.
 */
gboolean
ea_demo_generate (EaStore              *store,
                  const EaDemoOptions  *options,
                  EaDemoResult         *result,
                  GError              **error)
{
  g_autofree char *today_iso = NULL;
  Generating g = { .store = store };
  gboolean ok;

  g_return_val_if_fail (EA_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  g.persons = options->persons ? options->persons : EA_DEMO_DEFAULT_PERSONS;
  g.facilities = options->facilities ? options->facilities : EA_DEMO_DEFAULT_FACILITIES;
  g.seed = options->seed ? options->seed : EA_DEMO_DEFAULT_SEED;
  if (g.persons > 1000000)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("--persons must be between 1 and 1000000, not %u."), g.persons);
      return FALSE;
    }
  if (g.facilities > 10000)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("--facilities must be between 1 and 10000, not %u."), g.facilities);
      return FALSE;
    }
  today_iso = options->today ? g_strdup (options->today) : ea_clock_today ();
  if (!ea_date_is_valid (today_iso))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is not a valid date; write it as YYYY-MM-DD, such as 2026-11-23."),
                   today_iso);
      return FALSE;
    }
  if (ea_store_has_users (store))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_EXISTS,
                   _("The database %s has been set up already; the demo needs a new one."),
                   ea_store_get_path (store));
      return FALSE;
    }
  g.today = today_iso;

  _ea_store_set_bulk (store, TRUE);
  ok = _ea_store_change (store, generate_change, &g, error);
  _ea_store_set_bulk (store, FALSE);
  if (ok && result != NULL)
    *result = g.made;
  return ok;
}
