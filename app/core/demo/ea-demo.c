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
#include "ea-demo-private.h"
#include "ea-demo-sql-private.h"
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

void
_ea_demo_format_julian (guint32  day,
                        char     out[11])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  g_snprintf (out, 11, "%04d-%02d-%02d",
              g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

int
_ea_demo_pick (Demo *d,
               int   lo,
               int   hi)
{
  return g_rand_int_range (d->rand, lo, hi + 1);
}

gboolean
_ea_demo_chance (Demo   *d,
                 double  p)
{
  return g_rand_double (d->rand) < p;
}

guint
_ea_demo_count_strings (const char * const *strings,
                        guint               max)
{
  guint n = 0;

  while (n < max && strings[n] != NULL)
    n++;
  return n;
}

const char *
_ea_demo_pick_weighted_code (Demo              *d,
                             const char * const *entries,
                             guint              n_entries,
                             char               buffer[64])
{
  guint total = 0, n = _ea_demo_count_strings (entries, n_entries);
  int roll;

  for (guint i = 0; i < n; i++)
    total += atoi (strchr (entries[i], ':') + 1);
  roll = _ea_demo_pick (d, 0, (int) total - 1);
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

const EaDemoNationality *
_ea_demo_pick_nationality (Demo *d)
{
  guint total = 0;
  int roll;

  for (guint i = 0; i < G_N_ELEMENTS (demo_nationalities); i++)
    total += demo_nationalities[i].weight;
  roll = _ea_demo_pick (d, 0, (int) total - 1);
  for (guint i = 0; i < G_N_ELEMENTS (demo_nationalities); i++)
    {
      roll -= demo_nationalities[i].weight;
      if (roll < 0)
        return &demo_nationalities[i];
    }
  g_assert_not_reached ();
}

gboolean
_ea_demo_step_done (Demo          *d,
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

gint64
_ea_demo_last_id (Demo *d)
{
  return _ea_store_last_insert_id (d->store);
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

  _ea_demo_format_julian (from, from_s);
  _ea_stmt_bind_int64 (d->stay, 1, person_id);
  _ea_stmt_bind_int64 (d->stay, 2, bed_id);
  _ea_stmt_bind_text (d->stay, 3, from_s);
  if (until)
    {
      _ea_demo_format_julian (until, until_s);
      _ea_stmt_bind_text (d->stay, 4, until_s);
    }
  _ea_stmt_bind_text (d->stay, 5, d->created_at);
  _ea_stmt_bind_int64 (d->stay, 6, d->admin_id);
  return _ea_demo_step_done (d, d->stay, error);
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
    return _ea_demo_chance (d, 0.7) ? HH_COUPLE : HH_SINGLE_PARENT;
  return _ea_demo_chance (d, 0.75) ? HH_FAMILY : HH_SINGLE_PARENT;
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
      guint j = (guint) _ea_demo_pick (d, 0, (int) i - 1);
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

          if (!_ea_demo_chance (d, 0.9))
            continue;
          _ea_demo_make_household (d, kind_for_room (d, room), room->capacity, &hh);
          if (hh.n > room->capacity)
            continue;
          if (!_ea_demo_insert_household (d, &hh, &fate, ids, error))
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

              if (!_ea_demo_chance (d, 0.88))
                continue;
              _ea_demo_make_household (d, kind_for_room (d, room), 1, &hh);
              if (!_ea_demo_insert_household (d, &hh, &fate, &id, error) ||
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
  guint start = (guint) _ea_demo_pick (d, 0, (int) d->rooms->len - 1);

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
      HouseholdKind kind = _ea_demo_chance (d, 0.04) ? HH_UMA : _ea_demo_pick_household_kind (d);
      Household hh;
      gint64 ids[MAX_HOUSEHOLD];
      guint32 expected = d->today + (guint32) _ea_demo_pick (d, 1, 14);
      Fate fate = { "expected", 0, 0, expected };
      const char *rule = kind == HH_SINGLE_MAN ? "men"
                       : kind == HH_SINGLE_WOMAN ? "women" : "family";
      Room *room = NULL;
      guint first = 0;

      _ea_demo_make_household (d, kind, MIN (MAX_HOUSEHOLD, count - made), &hh);
      if (!_ea_demo_insert_household (d, &hh, &fate, ids, error))
        return FALSE;
      made += hh.n;

      if (kind == HH_UMA || !_ea_demo_chance (d, 0.5))
        continue;
      room = find_free_room (d, rule, hh.n, &first);
      if (room == NULL)
        continue;
      for (guint m = 0; m < hh.n; m++)
        {
          Bed *bed = &g_array_index (d->beds, Bed, first + m);
          char from_s[11], until_s[11];

          guint32 held_from = d->today - (guint32) _ea_demo_pick (d, 0, 5);

          _ea_demo_format_julian (held_from, from_s);
          _ea_demo_format_julian (expected + 3, until_s);
          /* Whoever slept in the bed before left before it was held. */
          bed->free_until = MIN (bed->free_until, held_from);
          _ea_stmt_bind_int64 (d->reservation, 1, ids[m]);
          _ea_stmt_bind_int64 (d->reservation, 2, bed->id);
          _ea_stmt_bind_text (d->reservation, 3, from_s);
          _ea_stmt_bind_text (d->reservation, 4, until_s);
          _ea_stmt_bind_text (d->reservation, 5, d->created_at);
          _ea_stmt_bind_int64 (d->reservation, 6, d->admin_id);
          if (!_ea_demo_step_done (d, d->reservation, error))
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
      guint32 from = d->today - (guint32) _ea_demo_pick (d, 1, 45);
      char from_s[11], until_s[11];
      guint reason = (guint) _ea_demo_pick (d, 0, 3);

      /* About one free bed in twelve is out of use at any time. */
      if (bed->taken_now || !_ea_demo_chance (d, 0.08))
        continue;
      _ea_demo_format_julian (from, from_s);
      _ea_stmt_bind_int64 (d->block, 1, bed->id);
      _ea_stmt_bind_text (d->block, 2, reasons[reason]);
      _ea_stmt_bind_text (d->block, 3, notes[reason]);
      _ea_stmt_bind_text (d->block, 4, from_s);
      if (_ea_demo_chance (d, 0.5))
        {
          _ea_demo_format_julian (d->today + (guint32) _ea_demo_pick (d, 3, 60), until_s);
          _ea_stmt_bind_text (d->block, 5, until_s);
        }
      _ea_stmt_bind_text (d->block, 6, d->created_at);
      _ea_stmt_bind_int64 (d->block, 7, d->admin_id);
      if (!_ea_demo_step_done (d, d->block, error))
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
              end -= (guint32) _ea_demo_pick (d, 0, 20);
              if (end <= horizon + 14)
                continue;
              start = end - (guint32) _ea_demo_pick (d, 45, 420);
              _ea_demo_make_household (d, kind_for_room (d, room),
                                       MIN (room->capacity, target - d->persons_made), &hh);
              if (hh.n > room->capacity)
                continue;
              fate.arrived = start;
              fate.left = end;
              if (!_ea_demo_insert_household (d, &hh, &fate, ids, error))
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
                  guint32 end = bed->free_until - (guint32) _ea_demo_pick (d, 0, 20);
                  guint32 start, moved = 0;
                  Household hh;
                  gint64 id;
                  Fate fate = { "left", 0, end, 0 };
                  Bed *earlier = NULL;

                  if (end <= horizon + 14)
                    continue;
                  start = end - (guint32) _ea_demo_pick (d, 30, 360);

                  /* About one in five moved here from another bed of the
                   * same kind of room. */
                  if (_ea_demo_chance (d, 0.4))
                    {
                      Room *other = &g_array_index (d->rooms, Room,
                                                    _ea_demo_pick (d, 0, (int) d->rooms->len - 1));
                      if (other != room && g_str_equal (other->rule, room->rule) &&
                          other->id % 2 == room->id % 2)
                        {
                          Bed *candidate = &g_array_index (d->beds, Bed, other->first_bed);
                          if (candidate->free_until >= start && start > horizon + 60)
                            {
                              earlier = candidate;
                              moved = start - (guint32) _ea_demo_pick (d, 20, 60);
                            }
                        }
                    }

                  _ea_demo_make_household (d, kind_for_room (d, room), 1, &hh);
                  fate.arrived = earlier ? moved : start;
                  if (!_ea_demo_insert_household (d, &hh, &fate, &id, error))
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
  const struct { gsize offset; const char *sql; } statements[] = {
    { G_STRUCT_OFFSET (Demo, facility), _ea_demo_sql.insert_facility },
    { G_STRUCT_OFFSET (Demo, unit), _ea_demo_sql.insert_unit },
    { G_STRUCT_OFFSET (Demo, room), _ea_demo_sql.insert_room },
    { G_STRUCT_OFFSET (Demo, bed), _ea_demo_sql.insert_bed },
    { G_STRUCT_OFFSET (Demo, household), _ea_demo_sql.insert_household },
    { G_STRUCT_OFFSET (Demo, member), _ea_demo_sql.insert_member },
    { G_STRUCT_OFFSET (Demo, person), _ea_demo_sql.insert_person },
    { G_STRUCT_OFFSET (Demo, nationality), _ea_demo_sql.insert_nationality },
    { G_STRUCT_OFFSET (Demo, language), _ea_demo_sql.insert_language },
    { G_STRUCT_OFFSET (Demo, vulnerability), _ea_demo_sql.insert_vulnerability },
    { G_STRUCT_OFFSET (Demo, stay), _ea_demo_sql.insert_stay },
    { G_STRUCT_OFFSET (Demo, reservation), _ea_demo_sql.insert_reservation },
    { G_STRUCT_OFFSET (Demo, block), _ea_demo_sql.insert_block },
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
  EaDemoTwin    twin;
} Generating;

static const struct { const char *login, *name, *role; } demo_accounts[] = {
  { "admin", "Administration (Demo)", "admin" },
  { "verwaltung", "Unterkunftsverwaltung (Demo)", "housing" },
  { "sozial", "Sozialarbeit (Demo)", "social" },
  { "leitung", "Leitung (Demo)", "reader" },
};

/* The whole district in one transaction, from the seed: a repeated run
 * makes the same district again. Its notes and documents are written
 * through the usual functions, each a step of that transaction
 * (_ea_store_change_all()). */
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
    if (!_ea_demo_add_facility (&d, i, error))
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
      !fill_history (&d, g->persons, error) ||
      !_ea_demo_add_content (g->store, d.today, &g->twin, error))
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
 * transaction: persons and their beds, case notes, documents and
 * qualifications. Then, as a second transaction, an import of arrivals
 * that holds one probable duplicate; when it fails, the district stays
 * without it and @error says why. Like ea_accounts_initialize_office(),
 * it runs only on a database without accounts.
 */
gboolean
ea_demo_generate (EaStore              *store,
                  const EaDemoOptions  *options,
                  EaDemoResult         *result,
                  GError              **error)
{
  g_autofree char *today_iso = NULL;
  Generating g = { .store = store };
  guint imported = 0;
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
  ok = _ea_store_change_all (store, generate_change, &g, error);
  _ea_store_set_bulk (store, FALSE);
  /* An import is a transaction of its own: the district is there when
   * its arrivals come. */
  ok = ok && _ea_demo_import_arrivals (store, julian_of (today_iso), &g.twin, &imported, error);
  _ea_demo_twin_clear (&g.twin);
  g.made.persons += imported;
  if (ok && result != NULL)
    *result = g.made;
  return ok;
}
