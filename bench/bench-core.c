/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Core figures of the foundation issue:
 *  - eakte-cli demo --persons 100000 --facilities 1000 (wall time)
 *  - typing in the persons search over 100,000 persons (per keystroke)
 *  - the occupancy of 1,000 facilities, and opening the person list
 *
 * Usage: bench-core EAKTE_CLI WORKDIR
 */
#include "config.h"

#include <sys/wait.h>

#include "eakte-core.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *samples,
        double      limit)
{
  double median, max;

  g_array_sort (samples, compare_double);
  median = g_array_index (samples, double, samples->len / 2);
  max = g_array_index (samples, double, samples->len - 1);
  g_print ("%-52s median %8.1f ms  max %8.1f ms  (limit %.0f ms) %s\n",
           what, median, max, limit, max <= limit ? "ok" : "OVER");
}

int
main (int    argc,
      char **argv)
{
  static const char *searches[] = { "yilmaz", "mohammed", "al-hassan", "ozturk",
                                    "ahmad kar", "1986", "1250000", "p-55012" };
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autoptr(EaStore) store = NULL;
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaPersonList) list = NULL;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (double));
  const char *spawn_argv[10];
  double t0, demo_ms;
  int status;

  if (argc != 3)
    {
      g_printerr ("usage: bench-core EAKTE-CLI WORKDIR\n");
      return 2;
    }
  db = g_build_filename (argv[2], "bench-100k.db", NULL);
  g_mkdir_with_parents (argv[2], 0700);
  ea_store_remove_files (db);

  spawn_argv[0] = argv[1];
  spawn_argv[1] = "--db";
  spawn_argv[2] = db;
  spawn_argv[3] = "demo";
  spawn_argv[4] = "--persons";
  spawn_argv[5] = "100000";
  spawn_argv[6] = "--facilities";
  spawn_argv[7] = "1000";
  spawn_argv[8] = NULL;
  t0 = now_ms ();
  if (!g_spawn_sync (NULL, (char **) spawn_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error) || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("demo failed: %s\n", error->message);
      return 1;
    }
  demo_ms = now_ms () - t0;
  g_print ("%-52s %8.0f ms  (limit 15000 ms) %s\n",
           "eakte-cli demo --persons 100000 --facilities 1000", demo_ms,
           demo_ms <= 15000 ? "ok" : "OVER");

  store = ea_store_open (db, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);

  for (int run = 0; run < 5; run++)
    {
      g_autoptr(GListModel) occupancy = NULL;

      t0 = now_ms ();
      occupancy = ea_occupancy_list (session, NULL, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { now_ms () - t0 });
    }
  report ("occupancy of 1,000 facilities", sample, 1000);
  g_array_set_size (sample, 0);

  for (int run = 0; run < 5; run++)
    {
      g_clear_object (&list);
      t0 = now_ms ();
      list = ea_person_list_new (session, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { now_ms () - t0 });
    }
  g_print ("persons in the list: %u\n", g_list_model_get_n_items (G_LIST_MODEL (list)));
  report ("open the list of 100,000 persons", sample, 1000);

  /* Typing: every prefix of every search word is one keystroke, and so is
   * deleting it again. */
  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      gsize len = strlen (searches[s]);

      for (gsize n = 1; n <= len; n++)
        {
          g_autofree char *prefix = g_strndup (searches[s], n);
          g_autoptr(EaPerson) first = NULL;

          t0 = now_ms ();
          ea_person_list_set_search (list, prefix, &error);
          g_assert_no_error (error);
          /* The view then asks for the first screen of rows. */
          for (guint i = 0; i < MIN (40, g_list_model_get_n_items (G_LIST_MODEL (list))); i++)
            g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
          g_array_append_val (keys, (double) { now_ms () - t0 });
        }
      t0 = now_ms ();
      ea_person_list_set_search (list, "", &error);
      for (guint i = 0; i < 40; i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
      g_array_append_val (keys, (double) { now_ms () - t0 });
    }
  report ("search keystroke over 100,000 persons", keys, 50);

  return 0;
}
