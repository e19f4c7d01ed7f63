/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Many seats at once on one database (issue "Many seats"):
 *
 *   bench-seats DB SECONDS FEED [PACE]
 *
 * starts 20 processes of itself on the office database DB (an SQLite file
 * or a PostgreSQL address) for SECONDS each:
 *   - ten housing managers, each moving residents of its own to a free
 *     bed, checking them out and in again, with the days going forward;
 *   - five social workers typing family names into the person search,
 *     letter by letter (each keystroke a search);
 *   - four social workers opening person files;
 *   - one administrator importing FEED (a Zuweisungsliste) once.
 * Each seat logs in once, as a window does, and times each of its steps.
 *
 * PACE "flat" (the default): every seat works as fast as it can, without
 * a pause, so that the machine is saturated and the figures say how much
 * the office's server can take. PACE "people": every seat works at the
 * pace of a very fast person (pace ()): a housing manager makes a change
 * every second, a social worker types ten letters a second and pauses a
 * second after each name, and opens a file every second. Ten housing
 * managers then make ten changes a second, more than a district office
 * makes in a busy hour; the figures say what each person waits for. The
 * importing seat imports as fast as it can in both.
 * The driver then prints, per kind of step: how many, per second, the
 * median and the 99th percentile; and checks that no bed was given twice,
 * that every change a seat was told was stored is in the audit log, and
 * that the audit chain verifies.
 *
 * The database is a demo district (eakte-cli demo) made for 2026-11-23;
 * the seats' clock is pinned to 2999 so that their days (from 2026-11-24
 * on, one per step) lie in the past.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"
#include "eakte-core.h"
#include "ea-audit-private.h"
#include "ea-store-private.h"

#define N_HOUSING   10
#define N_SEARCH     5
#define N_FILES      4
#define N_SEATS     (N_HOUSING + N_SEARCH + N_FILES + 1)
#define SEATS_NOW   "2999-01-01T10:00:00+01:00"
#define DEMO_DAY    "2026-11-23"
#define STAY_CHANGES "SELECT count (*) FROM audit_log WHERE object_type = 'stay' " \
                     "AND action IN ('move', 'check-out', 'check-in')"

/* One seat's samples: "KIND MS" lines on stdout, and at the end
 * "stored KIND N" for the changes it was told were stored. */
static void
sample (const char *kind,
        double      ms)
{
  printf ("%s %.3f\n", kind, ms);
}

/* The pace of people (PACE "people"): how long a seat's steps are apart,
 * in ms, from the start of one to the start of the next. */
#define HOUSING_STEP_MS   1000
#define KEYSTROKE_MS       100
#define AFTER_NAME_MS     1000
#define FILE_STEP_MS      1000

static gboolean at_peoples_pace;

/* Waits until @interval ms after the step that began at *@next_start,
 * unless the seats work flat out; a step that took longer is followed at
 * once, without catching up. */
static void
pace (double *next_start,
      double  interval)
{
  double now;

  if (!at_peoples_pace)
    return;
  now = bench_now_ms ();
  if (*next_start > now)
    g_usleep ((gulong) ((*next_start - now) * 1000));
  *next_start = MAX (*next_start, now) + interval;
}

static EaSession *
log_in (EaStore    *store,
        const char *login)
{
  g_autoptr(GError) error = NULL;
  EaSession *session = ea_session_login (store, login, EA_DEMO_PASSWORD, &error);

  if (session == NULL)
    g_error ("seat cannot log in as %s: %s", login, error->message);
  return session;
}

static GArray *
read_ids (EaStore    *store,
          const char *sql)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  while (stmt != NULL && _ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  return ids;
}

typedef struct
{
  gint64 person;
  gint64 bed;    /* where the person sleeps */
  gint64 spare;  /* a free bed of the same room */
} Resident;

/* A housing manager: residents of rooms of its own (by the rooms'
 * numbers modulo ten), one per room with a free bed, so that seats wait
 * on the database only and no room's rule refuses the step. Each round,
 * for the next resident: a move to the free bed of its room, leaving the
 * next day, and a check-in into its old bed the day after; the days go
 * forward from the demo's day for the seat. */
static void
housing_seat (EaStore *store,
              int      index,
              double   until)
{
  g_autoptr(EaSession) session = log_in (store, "verwaltung");
  g_autofree char *sql = g_strdup_printf (
    "SELECT s.person_id, s.bed_id, b.room_id, "
    "  (SELECT min (f.id) FROM beds f WHERE f.room_id = b.room_id AND f.id <> b.id "
    "     AND f.closed_on IS NULL "
    "     AND NOT EXISTS (SELECT 1 FROM stays o WHERE o.bed_id = f.id "
    "                     AND (o.until_date IS NULL OR o.until_date > '" DEMO_DAY "')) "
    "     AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.bed_id = f.id) "
    "     AND NOT EXISTS (SELECT 1 FROM bed_blocks k WHERE k.bed_id = f.id)) "
    "FROM stays s JOIN beds b ON b.id = s.bed_id "
    "WHERE s.until_date IS NULL AND b.room_id %% %d = %d ORDER BY b.room_id, s.person_id",
    N_HOUSING, index);
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, NULL);
  g_autoptr(GArray) residents = g_array_new (FALSE, FALSE, sizeof (Resident));
  guint next = 0, cycle = 0, stored_moves = 0, stored_outs = 0, stored_ins = 0;
  gint64 last_room = -1;
  double next_step = 0;

  while (stmt != NULL && _ea_stmt_step (stmt) == EA_STMT_ROW)
    if (_ea_stmt_column_int64 (stmt, 2) != last_room && !_ea_stmt_column_is_null (stmt, 3))
      {
        Resident r = { _ea_stmt_column_int64 (stmt, 0), _ea_stmt_column_int64 (stmt, 1),
                       _ea_stmt_column_int64 (stmt, 3) };

        last_room = _ea_stmt_column_int64 (stmt, 2);
        g_array_append_val (residents, r);
      }
  g_clear_pointer (&stmt, _ea_stmt_free);
  if (residents->len == 0)
    g_error ("housing seat %d: no resident with a free bed in the room", index);
  while (bench_now_ms () < until)
    {
      Resident *r;
      g_autofree char *move_day = ea_date_add_days (DEMO_DAY, 3 * (int) cycle + 1);
      g_autofree char *out_day = ea_date_add_days (DEMO_DAY, 3 * (int) cycle + 2);
      g_autofree char *in_day = ea_date_add_days (DEMO_DAY, 3 * (int) cycle + 3);
      g_autoptr(GError) error = NULL;
      gint64 old_stay = 0;
      double start;

      r = &g_array_index (residents, Resident, next++ % residents->len);
      cycle++;
      pace (&next_step, HOUSING_STEP_MS);
      start = bench_now_ms ();
      if (ea_housing_move (session, r->person, r->spare, move_day, &old_stay, &error) <= 0)
        {
          /* The demo lets some live where a rule would not place them now
           * (a man in an area that became women's): not this seat's. */
          if (error->code == EA_ERROR_RULE || error->code == EA_ERROR_CONFIRM ||
              error->code == EA_ERROR_RESERVED)
            {
              g_array_remove_index (residents, --next % residents->len);
              if (residents->len == 0)
                g_error ("housing seat %d: no resident may move", index);
            }
          else
            printf ("error move %s\n", error->message);
          continue;
        }
      sample ("move", bench_now_ms () - start);
      stored_moves++;
      pace (&next_step, HOUSING_STEP_MS);
      start = bench_now_ms ();
      if (ea_housing_check_out (session, r->person, out_day, &error) <= 0)
        {
          printf ("error check-out %s\n", error->message);
          continue;
        }
      sample ("check-out", bench_now_ms () - start);
      stored_outs++;
      pace (&next_step, HOUSING_STEP_MS);
      start = bench_now_ms ();
      if (ea_housing_check_in (session, r->person, r->bed, in_day, &error) <= 0)
        {
          printf ("error check-in %s\n", error->message);
          continue;
        }
      sample ("check-in", bench_now_ms () - start);
      stored_ins++;
    }
  printf ("stored move %u\nstored check-out %u\nstored check-in %u\n", stored_moves,
          stored_outs, stored_ins);
}

/* A social worker typing family names into the search. */
static void
search_seat (EaStore *store,
             int      index,
             double   until)
{
  g_autoptr(EaSession) session = log_in (store, "sozial");
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonList) list = ea_person_list_new (session, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT DISTINCT family_name FROM persons "
                                                     "ORDER BY 1 LIMIT 200", NULL);
  guint n = 0;
  double next_key = 0;

  if (list == NULL)
    g_error ("search seat: %s", error->message);
  while (stmt != NULL && _ea_stmt_step (stmt) == EA_STMT_ROW)
    g_ptr_array_add (names, g_strdup (_ea_stmt_column_text (stmt, 0)));
  g_clear_pointer (&stmt, _ea_stmt_free);
  while (bench_now_ms () < until)
    {
      const char *name = g_ptr_array_index (names, (n++ * 7 + index) % names->len);
      glong letters = g_utf8_strlen (name, -1);

      for (glong k = 1; k <= letters && bench_now_ms () < until; k++)
        {
          g_autofree char *typed = g_utf8_substring (name, 0, k);
          double start;

          pace (&next_key, k == letters ? AFTER_NAME_MS : KEYSTROKE_MS);
          start = bench_now_ms ();

          if (!ea_person_list_set_search (list, typed, &error))
            {
              printf ("error search %s\n", error->message);
              g_clear_error (&error);
              continue;
            }
          sample ("search", bench_now_ms () - start);
        }
    }
}

/* A social worker opening person files. */
static void
file_seat (EaStore *store,
           int      index,
           double   until)
{
  g_autoptr(EaSession) session = log_in (store, "sozial");
  g_autoptr(GArray) persons = read_ids (store, "SELECT id FROM persons ORDER BY id");
  g_autoptr(GRand) rand = g_rand_new_with_seed (index);
  guint opened = 0;
  double next_file = 0;

  while (bench_now_ms () < until)
    {
      g_autoptr(GError) error = NULL;
      gint64 person = g_array_index (persons, gint64,
                                     g_rand_int_range (rand, 0, persons->len));
      double start;
      EaPersonFile *file;

      pace (&next_file, FILE_STEP_MS);
      start = bench_now_ms ();
      file = ea_person_file_load (session, person, &error);

      if (file == NULL)
        {
          printf ("error open-file %s\n", error->message);
          continue;
        }
      sample ("open-file", bench_now_ms () - start);
      ea_person_file_free (file);
      opened++;
    }
  printf ("stored open-file %u\n", opened);
}

static void
import_seat (EaStore    *store,
             const char *feed)
{
  g_autoptr(EaSession) session = log_in (store, "admin");
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = NULL;
  double start = bench_now_ms ();

  result = ea_import_xml_file (session, feed, FALSE, &error);
  if (result == NULL)
    {
      printf ("error import %s\n", error->message);
      return;
    }
  sample ("import", bench_now_ms () - start);
  printf ("stored import %u\n", result->created);
}

static int
run_seat (const char *kind,
          int         index,
          const char *db,
          double      seconds,
          const char *feed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) store = NULL;
  double until;

  if (!ea_clock_pin_from_environment (&error))
    g_error ("%s", error->message);
  at_peoples_pace = g_strcmp0 (g_getenv ("BENCH_SEATS_PACE"), "people") == 0;
  store = ea_store_open (db, EA_STORE_OPEN_NONE, &error);
  if (store == NULL)
    g_error ("seat cannot open the database: %s", error->message);
  ea_store_set_busy_limit (store, 600);
  until = bench_now_ms () + seconds * 1000;
  if (g_str_equal (kind, "housing"))
    housing_seat (store, index, until);
  else if (g_str_equal (kind, "search"))
    search_seat (store, index, until);
  else if (g_str_equal (kind, "files"))
    file_seat (store, index, until);
  else
    import_seat (store, feed);
  fflush (stdout);
  return 0;
}

static gint64
query (EaStore    *store,
       const char *sql)
{
  return _ea_store_query_int (store, sql, "");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) samples = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(EaStore) store = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const char *kinds[] = { "check-in", "move", "check-out", "search", "open-file", "import" };
  GPid pids[N_SEATS];
  int outs[N_SEATS];
  GString *texts[N_SEATS];
  guint64 entries = 0;
  gint64 audit_before, changes_before;
  double seconds, started, took;
  int status = 0;

  if (argc == 7 && g_str_equal (argv[1], "--seat"))
    return run_seat (argv[2], atoi (argv[3]), argv[4], g_ascii_strtod (argv[5], NULL), argv[6]);
  if ((argc != 4 && argc != 5) ||
      (argc == 5 && !g_str_equal (argv[4], "flat") && !g_str_equal (argv[4], "people")))
    {
      g_printerr ("usage: bench-seats DB SECONDS FEED [flat|people]\n");
      return 2;
    }
  at_peoples_pace = argc == 5 && g_str_equal (argv[4], "people");
  g_setenv ("BENCH_SEATS_PACE", at_peoples_pace ? "people" : "flat", TRUE);
  seconds = g_ascii_strtod (argv[2], NULL);
  store = ea_store_open (argv[1], EA_STORE_OPEN_NONE, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  audit_before = query (store, "SELECT count (*) FROM audit_log");
  changes_before = query (store, STAY_CHANGES);

  g_setenv ("EAKTE_NOW", SEATS_NOW, TRUE);
  started = bench_now_ms ();
  for (int i = 0; i < N_SEATS; i++)
    {
      const char *kind = i < N_HOUSING ? "housing"
                         : i < N_HOUSING + N_SEARCH ? "search"
                         : i < N_HOUSING + N_SEARCH + N_FILES ? "files" : "import";
      g_autofree char *index = g_strdup_printf ("%d", i);
      const char *child[] = { argv[0], "--seat", kind, index, argv[1], argv[2], argv[3], NULL };

      if (!g_spawn_async_with_pipes (NULL, (char **) child, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                     NULL, NULL, &pids[i], NULL, &outs[i], NULL, &error))
        g_error ("%s", error->message);
      texts[i] = g_string_new (NULL);
    }
  /* Read every seat's samples as they come (a full pipe would stop it). */
  for (gboolean open_pipes = TRUE; open_pipes;)
    {
      char buffer[65536];

      open_pipes = FALSE;
      for (int i = 0; i < N_SEATS; i++)
        if (outs[i] >= 0)
          {
            gssize n = read (outs[i], buffer, sizeof buffer);

            if (n > 0)
              g_string_append_len (texts[i], buffer, n);
            if (n <= 0)
              {
                close (outs[i]);
                outs[i] = -1;
              }
            else
              open_pipes = TRUE;
          }
        else
          continue;
      for (int i = 0; i < N_SEATS; i++)
        open_pipes |= outs[i] >= 0;
    }
  for (int i = 0; i < N_SEATS; i++)
    {
      int wait_status;

      waitpid (pids[i], &wait_status, 0);
      g_spawn_close_pid (pids[i]);
      if (!g_spawn_check_wait_status (wait_status, NULL))
        {
          g_printerr ("seat %d failed\n", i);
          status = 1;
        }
    }
  took = (bench_now_ms () - started) / 1000;

  samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_array_unref);
  stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < N_SEATS; i++)
    {
      g_auto(GStrv) lines = g_strsplit (texts[i]->str, "\n", -1);

      for (guint l = 0; lines[l] != NULL; l++)
        {
          g_auto(GStrv) f = g_strsplit (lines[l], " ", 3);

          if (f[0] == NULL || f[1] == NULL)
            continue;
          if (g_str_equal (f[0], "error"))
            {
              g_printerr ("seat %d: %s %s\n", i, f[1], f[2] ? f[2] : "");
              status = 1;
            }
          else if (g_str_equal (f[0], "stored") && f[2] != NULL)
            {
              gpointer n = g_hash_table_lookup (stored, f[1]);

              g_hash_table_insert (stored, g_strdup (f[1]),
                                   GSIZE_TO_POINTER (GPOINTER_TO_SIZE (n) +
                                                     g_ascii_strtoull (f[2], NULL, 10)));
            }
          else if (g_ascii_isdigit (f[1][0]))
            {
              GArray *a = g_hash_table_lookup (samples, f[0]);
              double ms = g_ascii_strtod (f[1], NULL);

              if (a == NULL)
                {
                  a = g_array_new (FALSE, FALSE, sizeof (double));
                  g_hash_table_insert (samples, g_strdup (f[0]), a);
                }
              g_array_append_val (a, ms);
            }
        }
      g_string_free (texts[i], TRUE);
    }

  printf ("%d seats for %.0f s (all ended after %.1f s) on %s, %s\n", N_SEATS, seconds, took,
          ea_store_address_is_server (argv[1]) ? "PostgreSQL" : "SQLite",
          at_peoples_pace ? "at the pace of people" : "flat out");
  printf ("%-10s %8s %8s %10s %10s %10s\n", "step", "count", "per s", "median ms", "p99 ms",
          "max ms");
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GArray *a = g_hash_table_lookup (samples, kinds[k]);

      if (a == NULL || a->len == 0)
        {
          printf ("%-10s %8u\n", kinds[k], 0);
          continue;
        }
      {
        /* Each call sorts the samples: the maximum after them. */
        double median = bench_percentile (a, 0.5);
        double p99 = bench_percentile (a, 0.99);
        double max = g_array_index (a, double, a->len - 1);

        printf ("%-10s %8u %8.1f %10.1f %10.1f %10.1f\n", kinds[k], a->len, a->len / seconds,
                median, p99, max);
      }
    }

  /* No bed given twice, no change lost, one chain. */
  {
    gint64 doubles = query (store,
      "SELECT count (*) FROM stays a JOIN stays b ON a.bed_id = b.bed_id AND a.id < b.id "
      "WHERE a.from_date < coalesce (b.until_date, '9999-12-31') "
      "AND b.from_date < coalesce (a.until_date, '9999-12-31')");
    gint64 twice = query (store,
      "SELECT count (*) FROM stays a JOIN stays b ON a.person_id = b.person_id AND a.id < b.id "
      "WHERE a.from_date < coalesce (b.until_date, '9999-12-31') "
      "AND b.from_date < coalesce (a.until_date, '9999-12-31')");
    gint64 changes = query (store, STAY_CHANGES) - changes_before;
    gint64 told = GPOINTER_TO_SIZE (g_hash_table_lookup (stored, "move")) +
                  GPOINTER_TO_SIZE (g_hash_table_lookup (stored, "check-out")) +
                  GPOINTER_TO_SIZE (g_hash_table_lookup (stored, "check-in"));

    if (!_ea_audit_verify_chain (store, &entries, problems, &error) || problems->len > 0)
      {
        g_printerr ("the audit chain does not verify\n");
        status = 1;
      }
    printf ("beds given twice: %" G_GINT64_FORMAT "; persons in two beds: %" G_GINT64_FORMAT
            "; stay changes told stored: %" G_GINT64_FORMAT ", in the audit log: %"
            G_GINT64_FORMAT "; audit entries added: %" G_GINT64_FORMAT
            ", chain of %" G_GUINT64_FORMAT " verified: %s\n",
            doubles, twice, told, changes, query (store, "SELECT count (*) FROM audit_log")
            - audit_before, entries, problems->len == 0 ? "yes" : "NO");
    if (doubles != 0 || twice != 0 || changes != told)
      status = 1;
  }
  return status;
}
