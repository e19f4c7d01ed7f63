/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-cli-commands"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ea-cli.h"

/* init */

static char *init_ags;
static char *init_name;
static char *init_admin;

const GOptionEntry ea_cli_init_entries[] = {
  { "ags", 0, 0, G_OPTION_ARG_STRING, &init_ags,
    N_("The office's Amtlicher Gemeindeschlüssel (8 digits)"), N_("AGS") },
  { "name", 0, 0, G_OPTION_ARG_STRING, &init_name, N_("The office's name"), N_("NAME") },
  { "admin", 0, 0, G_OPTION_ARG_STRING, &init_admin,
    N_("Login of the first administrator"), N_("LOGIN") },
  { NULL }
};

static int
expect_no_arguments (EaCli      *cli,
                     const char *command,
                     int         argc,
                     char      **argv)
{
  if (argc > 0)
    return ea_cli_usage_error (cli, _("%s: unexpected argument “%s”."), command, argv[0]);
  return EA_CLI_EXIT_OK;
}

int
ea_cli_init (EaCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(EaStore) store = NULL;
  g_autofree char *path = ea_cli_dup_db_path (cli);
  g_autofree char *password = NULL;
  GError *error = NULL;

  if (expect_no_arguments (cli, "init", argc, argv) != EA_CLI_EXIT_OK)
    return EA_CLI_EXIT_REFUSED;
  if (init_ags == NULL || init_name == NULL || init_admin == NULL)
    return ea_cli_usage_error (cli, "%s", _("init needs --ags AGS --name NAME --admin LOGIN."));

  password = ea_cli_read_password (_("Password for the new administrator: "), TRUE, &error);
  if (password == NULL)
    return ea_cli_fail (cli, error);

  store = ea_store_open (path, EA_STORE_OPEN_NEW, &error);
  if (store == NULL)
    return ea_cli_fail (cli, error);
  if (!ea_accounts_initialize_office (store, init_ags, init_name, init_admin, password, &error))
    {
      g_clear_object (&store);
      ea_store_remove_files (path);
      return ea_cli_fail (cli, error);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "database");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "ags");
      json_builder_add_string_value (builder, init_ags);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, init_name);
      json_builder_set_member_name (builder, "admin");
      json_builder_add_string_value (builder, init_admin);
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, ea_store_get_schema_version (store));
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    g_print (_("Created the database %s for %s (AGS %s).\n"), path, init_name, init_ags);
  return EA_CLI_EXIT_OK;
}

/* Scripts and cron jobs wait up to ten minutes for another writer. */
#define CLI_BUSY_LIMIT_SECONDS 600

/* demo */

static int demo_persons = EA_DEMO_DEFAULT_PERSONS;
static int demo_facilities = EA_DEMO_DEFAULT_FACILITIES;
static gint64 demo_seed = EA_DEMO_DEFAULT_SEED;
static char *demo_today;

const GOptionEntry ea_cli_demo_entries[] = {
  { "persons", 0, 0, G_OPTION_ARG_INT, &demo_persons,
    N_("How many persons (default 2500)"), N_("N") },
  { "facilities", 0, 0, G_OPTION_ARG_INT, &demo_facilities,
    N_("How many facilities (default 24)"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &demo_seed,
    N_("The seed; the same seed gives the same district (default 1)"), N_("S") },
  { "today", 0, 0, G_OPTION_ARG_STRING, &demo_today,
    N_("The day the district is built around (YYYY-MM-DD or DD.MM.YYYY; default today)"),
    N_("DATE") },
  { NULL }
};

int
ea_cli_demo (EaCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(EaStore) store = NULL;
  g_autofree char *path = ea_cli_dup_db_path (cli);
  EaDemoOptions options = { 0 };
  EaDemoResult result = { 0 };
  g_autofree char *today = NULL;
  GError *error = NULL;

  if (expect_no_arguments (cli, "demo", argc, argv) != EA_CLI_EXIT_OK)
    return EA_CLI_EXIT_REFUSED;
  if (demo_persons < 1 || demo_persons > 1000000)
    return ea_cli_usage_error (cli, _("--persons must be between 1 and 1000000, not %d."),
                               demo_persons);
  if (demo_facilities < 1 || demo_facilities > 10000)
    return ea_cli_usage_error (cli, _("--facilities must be between 1 and 10000, not %d."),
                               demo_facilities);
  if (demo_seed < 1 || demo_seed > G_MAXUINT32)
    return ea_cli_usage_error (cli, _("--seed must be between 1 and 4294967295."));
  today = demo_today != NULL ? ea_date_parse_input (demo_today) : ea_clock_today ();
  if (today == NULL)
    return ea_cli_usage_error (cli, _("--today: “%s” is not a day (2026-06-01 or 01.06.2026)."),
                               demo_today);

  options.persons = (guint) demo_persons;
  options.facilities = (guint) demo_facilities;
  options.seed = (guint32) demo_seed;
  options.today = today;

  store = ea_store_open (path, EA_STORE_OPEN_NEW, &error);
  if (store == NULL)
    return ea_cli_fail (cli, error);
  if (!ea_demo_generate (store, &options, &result, &error))
    {
      g_clear_object (&store);
      ea_store_remove_files (path);
      return ea_cli_fail (cli, error);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const char *logins[] = { "admin", "verwaltung", "sozial", "leitung" };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "database");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "ags");
      json_builder_add_string_value (builder, EA_DEMO_AGS);
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, options.seed);
      json_builder_set_member_name (builder, "today");
      json_builder_add_string_value (builder, today);
      json_builder_set_member_name (builder, "persons");
      json_builder_add_int_value (builder, result.persons);
      json_builder_set_member_name (builder, "facilities");
      json_builder_add_int_value (builder, result.facilities);
      json_builder_set_member_name (builder, "beds");
      json_builder_add_int_value (builder, result.beds);
      json_builder_set_member_name (builder, "accounts");
      json_builder_begin_array (builder);
      for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
        json_builder_add_string_value (builder, logins[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    {
      g_autofree char *persons = ea_format_count (result.persons);
      g_autofree char *beds = ea_format_count (result.beds);

      g_print (_("Created the demo database %s: %s persons, %u facilities, %s beds.\n"
                 "Accounts admin, verwaltung, sozial and leitung, each with the password “%s”.\n"),
               path, persons, result.facilities, beds, EA_DEMO_PASSWORD);
    }
  return EA_CLI_EXIT_OK;
}

/* Opens an existing database and logs in; the common start of the
 * commands that work on a database. */
EaSession *
ea_cli_open_and_login (EaCli    *cli,
                       GError  **error)
{
  g_autofree char *path = ea_cli_dup_db_path (cli);
  g_autoptr(EaStore) store = ea_store_open (path, EA_STORE_OPEN_NONE, error);

  if (store == NULL)
    return NULL;
  /* A script or cron job queues behind another seat's import rather than
   * giving up after the minute a window waits. */
  ea_store_set_busy_limit (store, CLI_BUSY_LIMIT_SECONDS);
  return ea_cli_login (cli, store, error);
}

/* password */

int
ea_cli_password (EaCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *path = ea_cli_dup_db_path (cli);
  g_autoptr(EaStore) store = NULL;
  g_autoptr(EaSession) session = NULL;
  g_autofree char *current = NULL;
  g_autofree char *new_password = NULL;
  GError *error = NULL;

  if (expect_no_arguments (cli, "password", argc, argv) != EA_CLI_EXIT_OK)
    return EA_CLI_EXIT_REFUSED;
  store = ea_store_open (path, EA_STORE_OPEN_NONE, &error);
  if (store == NULL)
    return ea_cli_fail (cli, error);
  ea_store_set_busy_limit (store, CLI_BUSY_LIMIT_SECONDS);
  current = ea_cli_read_password (_("Current password: "), FALSE, &error);
  if (current == NULL)
    return ea_cli_fail (cli, error);
  session = ea_cli_login_with (cli, store, current, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  new_password = ea_cli_read_secret ("EAKTE_NEW_PASSWORD", _("New password: "), TRUE, &error);
  if (new_password == NULL ||
      !ea_session_change_password (session, current, new_password, &error))
    return ea_cli_fail (cli, error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "changed");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    g_print (_("The password of %s is changed.\n"), ea_session_get_login (session));
  return EA_CLI_EXIT_OK;
}

/* check */

static gboolean check_remove_orphans;

const GOptionEntry ea_cli_check_entries[] = {
  { "remove-orphans", 0, 0, G_OPTION_ARG_NONE, &check_remove_orphans,
    N_("First remove the files that interrupted imports or uploads left in the document store"),
    NULL },
  { NULL }
};

int
ea_cli_check (EaCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GError *error = NULL;
  guint removed = 0;

  if (expect_no_arguments (cli, "check", argc, argv) != EA_CLI_EXIT_OK)
    return EA_CLI_EXIT_REFUSED;
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  if (check_remove_orphans && !ea_maintenance_remove_orphans (session, &removed, &error))
    return ea_cli_fail (cli, error);
  if (check_remove_orphans && !cli->json)
    g_printerr (_("Removed %u files that interrupted changes had left.\n"), removed);
  if (!ea_maintenance_check (session, &problems, &error))
    return ea_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, problems->len == 0);
      json_builder_set_member_name (builder, "orphans_removed");
      json_builder_add_int_value (builder, removed);
      json_builder_set_member_name (builder, "orphans_removed");
      json_builder_add_int_value (builder, removed);
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder,
                                  ea_store_get_schema_version (ea_session_get_store (session)));
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < problems->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (problems, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else if (problems->len == 0)
    g_print (_("The database is sound.\n"));
  else
    {
      for (guint i = 0; i < problems->len; i++)
        g_print ("%s\n", (char *) g_ptr_array_index (problems, i));
      g_printerr (_("The database has %u problems. Restore the last backup or ask for support.\n"),
                  problems->len);
    }
  return problems->len == 0 ? EA_CLI_EXIT_OK : EA_CLI_EXIT_PARTIAL;
}

/* copy */

int
ea_cli_copy (EaCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  EaMaintenanceCopy result;
  GError *error = NULL;

  if (argc != 2)
    return ea_cli_usage_error (cli, "%s", _("copy needs a SOURCE and a TARGET database."));
  /* The source is the database the command works on. */
  g_free (cli->db);
  cli->db = g_strdup (argv[0]);
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  if (!ea_maintenance_copy (session, argv[1], &result, &error))
    return ea_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, argv[1]);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, result.rows);
      json_builder_set_member_name (builder, "documents");
      json_builder_add_int_value (builder, result.documents);
      json_builder_set_member_name (builder, "audit_entries");
      json_builder_add_int_value (builder, (gint64) result.audit_entries);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    {
      g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, result.rows);
      g_autofree char *entries = g_strdup_printf ("%" G_GUINT64_FORMAT, result.audit_entries);

      g_print (_("Copied %s rows and %u document files into %s; its audit log of %s entries "
                 "verifies.\n"), rows, result.documents, argv[1], entries);
    }
  return EA_CLI_EXIT_OK;
}

/* backup */

int
ea_cli_backup (EaCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  g_autofree char *checkpoint = NULL;
  GStatBuf st;
  GError *error = NULL;

  if (argc != 1)
    return ea_cli_usage_error (cli, "%s", _("backup needs exactly one FILE."));
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  if (!ea_maintenance_backup (session, argv[0], &error))
    return ea_cli_fail (cli, error);
  /* Every backup takes an anchor of the audit log along. */
  checkpoint = g_strconcat (argv[0], ".checkpoint", NULL);
  if (!ea_audit_write_checkpoint (session, checkpoint, &error))
    {
      g_printerr (_("The backup is written, but its audit checkpoint is not: %s\n"),
                  error->message);
      g_clear_error (&error);
      g_clear_pointer (&checkpoint, g_free);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *absolute = g_canonicalize_filename (argv[0], NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "backup");
      json_builder_add_string_value (builder, absolute);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, g_stat (argv[0], &st) == 0 ? (gint64) st.st_size : 0);
      json_builder_set_member_name (builder, "checkpoint");
      if (checkpoint != NULL)
        {
          g_autofree char *anchor = g_canonicalize_filename (checkpoint, NULL);

          json_builder_add_string_value (builder, anchor);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    g_print (_("Wrote the backup %s and its audit checkpoint.\n"), argv[0]);
  return checkpoint != NULL ? EA_CLI_EXIT_OK : EA_CLI_EXIT_PARTIAL;
}

/* occupancy */

static char *occupancy_date;
static gint64 occupancy_facility;
static char *occupancy_pdf;
static int occupancy_ahead;

const GOptionEntry ea_cli_occupancy_entries[] = {
  { "date", 0, 0, G_OPTION_ARG_STRING, &occupancy_date,
    N_("The day (YYYY-MM-DD or DD.MM.YYYY; default today)"), N_("DATE") },
  { "facility", 0, 0, G_OPTION_ARG_INT64, &occupancy_facility,
    N_("Show this facility's rooms and beds (its number from the list)"), N_("ID") },
  { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &occupancy_pdf,
    N_("With --facility: write the printable occupancy list (Belegungsliste) as PDF; with "
       "--ahead: the look ahead"),
    N_("FILE") },
  { "ahead", 0, 0, G_OPTION_ARG_INT, &occupancy_ahead,
    N_("Look ahead: the free beds of each facility on this many days from --date (1 to 90)"),
    N_("DAYS") },
  { NULL }
};


/* A member of the JSON object being built: a count, or a text (null
 * when there is none). */
void
ea_cli_add_uint (JsonBuilder *builder,
                 const char  *name,
                 guint        value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
ea_cli_add_string (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

/* Persons go into scripts' output by number, never by name. */
static void
add_person (JsonBuilder *builder,
            const char  *name,
            gint64       person_id)
{
  g_autofree char *number = g_strdup_printf ("%lld", (long long) person_id);

  ea_cli_add_string (builder, name, number);
}

/* A household by its number, or null. */
static void
add_household (JsonBuilder *builder,
               gint64       household_id)
{
  g_autofree char *number = household_id > 0 ? g_strdup_printf ("%lld", (long long) household_id)
                                              : NULL;

  ea_cli_add_string (builder, "household", number);
}

/* An age in years, or null when the birth date is unknown. */
static void
add_age (JsonBuilder *builder,
         int          age)
{
  json_builder_set_member_name (builder, "age");
  if (age >= 0)
    json_builder_add_int_value (builder, age);
  else
    json_builder_add_null_value (builder);
}

/* Who cannot be placed, by number, with the reason. */
static void
add_unplaceable (JsonBuilder *builder,
                 const char  *name,
                 GPtrArray   *unplaceable)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < unplaceable->len; i++)
    {
      EaUnplaceable *u = g_ptr_array_index (unplaceable, i);

      json_builder_begin_object (builder);
      add_person (builder, "person", u->person_id);
      add_household (builder, u->household_id);
      ea_cli_add_string (builder, "reason", u->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static const char *
status_name (EaBedStatus status)
{
  switch (status)
    {
    case EA_BED_OCCUPIED: return "occupied";
    case EA_BED_RESERVED: return "reserved";
    case EA_BED_BLOCKED: return "blocked";
    case EA_BED_FREE:
    default: return "free";
    }
}

static const char *
status_label (EaBedStatus status)
{
  switch (status)
    {
    case EA_BED_OCCUPIED: return _("occupied");
    case EA_BED_RESERVED: return _("reserved");
    case EA_BED_BLOCKED: return _("blocked");
    case EA_BED_FREE:
    default: return _("free");
    }
}

static int
print_room_plan (EaCli      *cli,
                 EaSession  *session,
                 const char *date)
{
  g_autoptr(GPtrArray) rooms = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;

  rooms = ea_housing_room_plan (session, occupancy_facility, date, &name, &error);
  if (rooms == NULL)
    return ea_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, date);
      json_builder_set_member_name (builder, "facility");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, occupancy_facility);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "rooms");
      json_builder_begin_array (builder);
      for (guint i = 0; i < rooms->len; i++)
        {
          EaPlanRoom *room = g_ptr_array_index (rooms, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, room->room_id);
          json_builder_set_member_name (builder, "unit");
          json_builder_add_string_value (builder, room->unit);
          json_builder_set_member_name (builder, "floor");
          json_builder_add_int_value (builder, room->floor);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, room->name);
          json_builder_set_member_name (builder, "rule");
          json_builder_add_string_value (builder, room->rule);
          json_builder_set_member_name (builder, "area_m2");
          json_builder_add_double_value (builder, room->area);
          ea_cli_add_uint (builder, "capacity", room->capacity);
          json_builder_set_member_name (builder, "barrier_free");
          json_builder_add_boolean_value (builder, room->barrier_free);
          json_builder_set_member_name (builder, "beds");
          json_builder_begin_array (builder);
          for (guint b = 0; b < room->beds->len; b++)
            {
              EaPlanBed *bed = g_ptr_array_index (room->beds, b);

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "id");
              json_builder_add_int_value (builder, bed->bed_id);
              json_builder_set_member_name (builder, "label");
              json_builder_add_string_value (builder, bed->label);
              json_builder_set_member_name (builder, "status");
              json_builder_add_string_value (builder, status_name (bed->status));
              if (bed->person_id != 0)
                {
                  json_builder_set_member_name (builder, "person");
                  json_builder_add_int_value (builder, bed->person_id);
                }
              /* By number, never by name (docs/CLI.md). */
              if (bed->since != NULL)
                {
                  json_builder_set_member_name (builder, "since");
                  json_builder_add_string_value (builder, bed->since);
                }
              if (bed->block_reason != NULL)
                {
                  json_builder_set_member_name (builder, "block_reason");
                  json_builder_add_string_value (builder, bed->block_reason);
                }
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
      return EA_CLI_EXIT_OK;
    }

  {
    g_autofree char *day = ea_date_format (date);
    g_print ("%s, %s\n", name, day);
  }
  for (guint i = 0; i < rooms->len; i++)
    {
      EaPlanRoom *room = g_ptr_array_index (rooms, i);
      g_autofree char *area = ea_format_decimal (room->area, 1);

      g_print ("\n%s %s (%s, %s m², %d)\n", _("Room"), room->name, room->unit, area,
               room->capacity);
      for (guint b = 0; b < room->beds->len; b++)
        {
          EaPlanBed *bed = g_ptr_array_index (room->beds, b);
          g_autofree char *since = ea_date_format (bed->since);

          g_print ("  %6" G_GINT64_FORMAT "  %-3s %-12s %s %s\n", bed->bed_id, bed->label,
                   status_label (bed->status), bed->person_name ? bed->person_name : "", since);
        }
    }
  return EA_CLI_EXIT_OK;
}

/* The look ahead, as text, JSON or PDF. */
static int
print_outlook (EaCli      *cli,
               EaSession  *session,
               const char *date)
{
  g_autoptr(EaOutlook) outlook = NULL;
  GError *error = NULL;

  outlook = ea_outlook_new (session, date, (guint) occupancy_ahead, &error);
  if (outlook == NULL)
    return ea_cli_fail (cli, error);
  if (occupancy_pdf != NULL)
    {
      if (outlook->n_days > 31)
        return ea_cli_usage_error (cli, "%s", _("The printed look ahead covers up to 31 days."));
      if (!ea_outlook_write_pdf (outlook, session, occupancy_pdf, &error))
        return ea_cli_fail (cli, error);
    }
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, outlook->from);
      json_builder_set_member_name (builder, "days");
      json_builder_begin_array (builder);
      for (guint d = 0; d < outlook->n_days; d++)
        {
          g_autofree char *day = ea_outlook_dup_day (outlook, d);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "date");
          json_builder_add_string_value (builder, day);
          ea_cli_add_uint (builder, "free", outlook->free[d]);
          ea_cli_add_uint (builder, "waiting", outlook->waiting[d]);
          json_builder_set_member_name (builder, "short_of_beds");
          json_builder_add_boolean_value (builder, outlook->short_of_beds[d]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "facilities");
      json_builder_begin_array (builder);
      for (guint i = 0; i < outlook->facilities->len; i++)
        {
          EaOutlookFacility *f = g_ptr_array_index (outlook->facilities, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, f->facility_id);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, f->name);
          ea_cli_add_uint (builder, "capacity", f->capacity);
          json_builder_set_member_name (builder, "days");
          json_builder_begin_array (builder);
          for (guint d = 0; d < outlook->n_days; d++)
            {
              json_builder_begin_object (builder);
              ea_cli_add_uint (builder, "occupied", f->occupied[d]);
              ea_cli_add_uint (builder, "reserved", f->reserved[d]);
              ea_cli_add_uint (builder, "blocked", f->blocked[d]);
              ea_cli_add_uint (builder, "departures", f->departures[d]);
              ea_cli_add_uint (builder, "back_in_use", f->returning[d]);
              json_builder_set_member_name (builder, "free_by_rule");
              json_builder_begin_object (builder);
              ea_cli_add_uint (builder, "men", f->free_men[d]);
              ea_cli_add_uint (builder, "women", f->free_women[d]);
              ea_cli_add_uint (builder, "family", f->free_family[d]);
              ea_cli_add_uint (builder, "any", f->free_any[d]);
              json_builder_end_object (builder);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      if (occupancy_pdf != NULL)
        {
          json_builder_set_member_name (builder, "pdf");
          json_builder_add_string_value (builder, occupancy_pdf);
        }
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
      return EA_CLI_EXIT_OK;
    }
  if (occupancy_pdf != NULL)
    {
      g_print (_("Wrote the look ahead %s.\n"), occupancy_pdf);
      return EA_CLI_EXIT_OK;
    }
  {
    g_autofree char *from = ea_date_format (outlook->from);

    /* Translators: the look ahead's heading, then its legend. */
    g_print (_("Free beds from %s (planned)\n\n"), from);
  }
  g_print ("%-40s", _("Facility"));
  for (guint d = 0; d < outlook->n_days; d++)
    {
      g_autofree char *iso = ea_outlook_dup_day (outlook, d);

      g_print (" %5.5s", iso + 8);
    }
  g_print ("\n");
  for (guint i = 0; i < outlook->facilities->len; i++)
    {
      EaOutlookFacility *f = g_ptr_array_index (outlook->facilities, i);
      glong pad = 40 - MIN (40, g_utf8_strlen (f->name, -1));
      g_autofree char *name = g_utf8_substring (f->name, 0, 40);

      g_print ("%s%*s", name, (int) pad, "");
      for (guint d = 0; d < outlook->n_days; d++)
        g_print (" %5u", ea_outlook_facility_free (f, d));
      g_print ("\n");
    }
  g_print ("%-40s", _("District: free"));
  for (guint d = 0; d < outlook->n_days; d++)
    g_print (" %5u", outlook->free[d]);
  g_print ("\n%-40s", _("Expected without a bed"));
  for (guint d = 0; d < outlook->n_days; d++)
    g_print (" %4u%s", outlook->waiting[d], outlook->short_of_beds[d] ? "!" : " ");
  g_print ("\n");
  return EA_CLI_EXIT_OK;
}

/* --pdf with --facility: the printable occupancy list of one facility. */
static int
write_occupancy_pdf (EaCli      *cli,
                     EaSession  *session,
                     const char *date)
{
  g_autoptr(EaOccupancyDocument) document = NULL;
  GError *error = NULL;

  document = ea_occupancy_document_new (session, occupancy_facility, date, &error);
  if (document == NULL || !ea_occupancy_document_write_pdf (document, occupancy_pdf, &error))
    return ea_cli_fail (cli, error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pdf");
      json_builder_add_string_value (builder, occupancy_pdf);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, date);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    g_print (_("Wrote the occupancy list %s.\n"), occupancy_pdf);
  return EA_CLI_EXIT_OK;
}

/* One facility of the occupancy list as a JSON object. */
static void
add_occupancy_json (JsonBuilder *builder,
                    EaOccupancy *item)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, ea_occupancy_get_facility_id (item));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, ea_occupancy_get_name (item));
  ea_cli_add_uint (builder, "capacity", ea_occupancy_get_capacity (item));
  ea_cli_add_uint (builder, "occupied", ea_occupancy_get_occupied (item));
  ea_cli_add_uint (builder, "reserved", ea_occupancy_get_reserved (item));
  ea_cli_add_uint (builder, "blocked", ea_occupancy_get_blocked (item));
  ea_cli_add_uint (builder, "free", ea_occupancy_get_free (item));
  ea_cli_add_uint (builder, "free_reserved_later", ea_occupancy_get_free_reserved_later (item));
  json_builder_set_member_name (builder, "free_by_rule");
  json_builder_begin_object (builder);
  ea_cli_add_uint (builder, "men", ea_occupancy_get_free_men (item));
  ea_cli_add_uint (builder, "women", ea_occupancy_get_free_women (item));
  ea_cli_add_uint (builder, "family", ea_occupancy_get_free_family (item));
  ea_cli_add_uint (builder, "any", ea_occupancy_get_free_any (item));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
print_occupancy_json (GListModel              *list,
                      const EaOccupancyTotals *totals,
                      const char              *date,
                      gboolean                 planned)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = g_list_model_get_n_items (list);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, date);
  /* A day to come: what is planned, not what is. */
  json_builder_set_member_name (builder, "planned");
  json_builder_add_boolean_value (builder, planned);
  json_builder_set_member_name (builder, "facilities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaOccupancy) item = g_list_model_get_item (list, i);

      add_occupancy_json (builder, item);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_begin_object (builder);
  ea_cli_add_uint (builder, "capacity", totals->capacity);
  ea_cli_add_uint (builder, "occupied", totals->occupied);
  ea_cli_add_uint (builder, "reserved", totals->reserved);
  ea_cli_add_uint (builder, "blocked", totals->blocked);
  ea_cli_add_uint (builder, "free", totals->free);
  ea_cli_add_uint (builder, "free_reserved_later", totals->free_reserved_later);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  ea_cli_print_json (builder);
}

static void
print_occupancy_table (GListModel              *list,
                       const EaOccupancyTotals *totals,
                       const char              *date,
                       gboolean                 planned)
{
  g_autofree char *day = ea_date_format (date);
  guint n = g_list_model_get_n_items (list);

  if (planned)
    g_print (_("Occupancy on %s, as planned\n\n"), day);
  else
    g_print (_("Occupancy on %s\n\n"), day);
  g_print ("%-52s %7s %7s %7s %7s %7s\n", _("Facility"), _("Beds"), _("occup."),
           _("resv."), _("blocked"), _("free"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaOccupancy) item = g_list_model_get_item (list, i);
      const char *name = ea_occupancy_get_name (item);
      /* printf pads bytes, not characters: pad by hand for umlauts. */
      glong pad = 52 - g_utf8_strlen (name, -1);

      g_print ("%s%*s %7u %7u %7u %7u %7u\n", name, (int) MAX (pad, 0), "",
               ea_occupancy_get_capacity (item), ea_occupancy_get_occupied (item),
               ea_occupancy_get_reserved (item), ea_occupancy_get_blocked (item),
               ea_occupancy_get_free (item));
    }
  g_print ("%-52s %7u %7u %7u %7u %7u\n", _("District"), totals->capacity, totals->occupied,
           totals->reserved, totals->blocked, totals->free);
}

/* The district's occupancy on @date, facility by facility. */
static int
print_occupancy (EaCli      *cli,
                 EaSession  *session,
                 const char *date)
{
  g_autoptr(GListModel) list = NULL;
  g_autofree char *today = ea_clock_today ();
  EaOccupancyTotals totals;
  GError *error = NULL;
  gboolean planned;

  list = ea_occupancy_list (session, date, &error);
  if (list == NULL)
    return ea_cli_fail (cli, error);
  ea_occupancy_sum (list, &totals);
  planned = strcmp (date, today) > 0;
  if (cli->json)
    print_occupancy_json (list, &totals, date, planned);
  else
    print_occupancy_table (list, &totals, date, planned);
  return EA_CLI_EXIT_OK;
}

int
ea_cli_occupancy (EaCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  g_autofree char *date = NULL;
  GError *error = NULL;

  if (expect_no_arguments (cli, "occupancy", argc, argv) != EA_CLI_EXIT_OK)
    return EA_CLI_EXIT_REFUSED;
  if (occupancy_date != NULL)
    {
      date = ea_date_parse_input (occupancy_date);
      if (date == NULL)
        return ea_cli_usage_error (cli, _("--date: “%s” is not a valid date; write it as "
                                          "YYYY-MM-DD or DD.MM.YYYY."), occupancy_date);
    }
  else
    date = ea_clock_today ();

  if (occupancy_pdf != NULL && occupancy_facility == 0 && occupancy_ahead == 0)
    return ea_cli_usage_error (cli, "%s", _("--pdf needs --facility ID or --ahead DAYS."));
  if (occupancy_ahead != 0 && (occupancy_ahead < 1 || occupancy_ahead > EA_OUTLOOK_MAX_DAYS))
    return ea_cli_usage_error (cli, _("--ahead must be between 1 and %d."), EA_OUTLOOK_MAX_DAYS);

  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  if (occupancy_ahead != 0)
    return print_outlook (cli, session, date);
  if (occupancy_pdf != NULL)
    return write_occupancy_pdf (cli, session, date);
  if (occupancy_facility != 0)
    return print_room_plan (cli, session, date);
  return print_occupancy (cli, session, date);
}

/* checkin, checkout, move */

static char *stay_date;

static gboolean stay_confirm_shared;
static char *stay_planned;
static gboolean stay_cancel_reservation;

const GOptionEntry ea_cli_stay_entries[] = {
  { "date", 0, 0, G_OPTION_ARG_STRING, &stay_date,
    N_("The day (YYYY-MM-DD or DD.MM.YYYY; default today)"), N_("DATE") },
  { "confirm-shared-room", 0, 0, G_OPTION_ARG_NONE, &stay_confirm_shared,
    N_("checkin, move: a person of gender d or x shares the bedroom with persons outside "
       "their household, as they wish"), NULL },
  { "cancel-reservation", 0, 0, G_OPTION_ARG_NONE, &stay_cancel_reservation,
    N_("checkin, move: cancel another person's reservation of the bed"), NULL },
  { "planned", 0, 0, G_OPTION_ARG_STRING, &stay_planned,
    N_("checkout: note the planned day of moving out instead (“none” takes it back)"),
    N_("DATE") },
  { NULL }
};

static gboolean
parse_bed (EaCli       *cli,
           const char  *text,
           gint64      *bed_id)
{
  char *end = NULL;

  *bed_id = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || *bed_id <= 0)
    {
      ea_cli_usage_error (cli, _("“%s” is not a bed number; “eakte-cli occupancy --facility ID "
                                 "--json” lists the beds with their numbers."), text);
      return FALSE;
    }
  return TRUE;
}

static int
print_stay (EaCli      *cli,
            const char *action,
            gint64      stay_id,
            gint64      person_id,
            gint64      bed_id,
            gint64      old_stay_id)
{
  g_autofree char *day = stay_date ? ea_date_parse_input (stay_date) : ea_clock_today ();

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, action);
      json_builder_set_member_name (builder, "person");
      json_builder_add_int_value (builder, person_id);
      if (bed_id > 0)
        {
          json_builder_set_member_name (builder, "bed");
          json_builder_add_int_value (builder, bed_id);
        }
      json_builder_set_member_name (builder, "stay");
      json_builder_add_int_value (builder, stay_id);
      if (old_stay_id > 0)
        {
          json_builder_set_member_name (builder, "previous_stay");
          json_builder_add_int_value (builder, old_stay_id);
        }
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, day);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    {
      g_autofree char *shown = ea_date_format (day);

      if (g_str_equal (action, "checkin"))
        g_print (_("Checked in on %s.\n"), shown);
      else if (g_str_equal (action, "checkout"))
        g_print (_("Checked out on %s.\n"), shown);
      else
        g_print (_("Moved on %s.\n"), shown);
    }
  return EA_CLI_EXIT_OK;
}

static int
run_stay_command (EaCli       *cli,
                  const char  *action,
                  int          argc,
                  char       **argv)
{
  g_autoptr(EaSession) session = NULL;
  gboolean needs_bed = !g_str_equal (action, "checkout");
  GError *error = NULL;
  gint64 person_id, bed_id = 0, stay_id, old_stay_id = 0;
  EaPlaceFlags flags;

  if (argc != (needs_bed ? 2 : 1))
    return ea_cli_usage_error (cli, needs_bed ? _("%s needs PERSON and BED.")
                                              : _("%s needs PERSON."), action);
  if (needs_bed && !parse_bed (cli, argv[1], &bed_id))
    return EA_CLI_EXIT_REFUSED;
  if (stay_date != NULL && !ea_date_is_valid (stay_date))
    {
      g_autofree char *iso = ea_date_parse_input (stay_date);
      if (iso == NULL)
        return ea_cli_usage_error (cli, _("--date: “%s” is not a valid date; write it as "
                                          "YYYY-MM-DD or DD.MM.YYYY."), stay_date);
    }

  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  flags = (stay_confirm_shared ? EA_PLACE_CONFIRM_SHARED_ROOM : 0) |
          (stay_cancel_reservation ? EA_PLACE_CANCEL_RESERVATION : 0);
  person_id = ea_housing_resolve_person (session, argv[0], &error);
  if (person_id == 0)
    return ea_cli_fail (cli, error);

  if (g_str_equal (action, "checkin"))
    stay_id = ea_housing_check_in_full (session, person_id, bed_id, stay_date, flags, &error);
  else if (g_str_equal (action, "checkout"))
    {
      if (stay_planned != NULL)
        {
          g_autofree char *planned = g_str_equal (stay_planned, "none") ? NULL
                                     : ea_date_parse_input (stay_planned);

          if (planned == NULL && !g_str_equal (stay_planned, "none"))
            return ea_cli_usage_error (cli, _("--planned: “%s” is not a valid date; write it as "
                                              "YYYY-MM-DD or DD.MM.YYYY."), stay_planned);
          if (!ea_housing_plan_departure (session, person_id, planned, &error))
            return ea_cli_fail (cli, error);
          if (cli->json)
            {
              g_autoptr(JsonBuilder) builder = json_builder_new ();

              json_builder_begin_object (builder);
              add_person (builder, "person", person_id);
              ea_cli_add_string (builder, "planned_until", planned);
              json_builder_end_object (builder);
              ea_cli_print_json (builder);
            }
          else
            g_print ("%s\n", planned != NULL ? _("The planned day of moving out is noted.")
                                             : _("The planned day of moving out is taken back."));
          return EA_CLI_EXIT_OK;
        }
      stay_id = ea_housing_check_out (session, person_id, stay_date, &error);
    }
  else
    stay_id = ea_housing_move_full (session, person_id, bed_id, stay_date, flags, &old_stay_id,
                                    &error);
  if (stay_id == 0)
    return ea_cli_fail (cli, error);

  return print_stay (cli, action, stay_id, person_id, bed_id, old_stay_id);
}

int
ea_cli_checkin (EaCli  *cli,
                int     argc,
                char  **argv)
{
  return run_stay_command (cli, "checkin", argc, argv);
}

int
ea_cli_checkout (EaCli  *cli,
                 int     argc,
                 char  **argv)
{
  return run_stay_command (cli, "checkout", argc, argv);
}

int
ea_cli_move (EaCli  *cli,
             int     argc,
             char  **argv)
{
  return run_stay_command (cli, "move", argc, argv);
}

/* audit verify, audit checkpoint */

static char **audit_checkpoints;
static char *audit_out;

const GOptionEntry ea_cli_audit_entries[] = {
  { "checkpoint", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &audit_checkpoints,
    N_("verify: also compare with this checkpoint (may be given more than once)"), N_("FILE") },
  { "out", 0, 0, G_OPTION_ARG_FILENAME, &audit_out,
    N_("checkpoint: the file to write (it must not exist yet)"), N_("FILE") },
  { NULL }
};

static int
write_checkpoint (EaCli *cli)
{
  g_autoptr(EaSession) session = NULL;
  GError *error = NULL;

  if (audit_out == NULL)
    return ea_cli_usage_error (cli, "%s", _("audit checkpoint needs --out FILE."));
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL || !ea_audit_write_checkpoint (session, audit_out, &error))
    return ea_cli_fail (cli, error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *absolute = g_canonicalize_filename (audit_out, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "checkpoint");
      json_builder_add_string_value (builder, absolute);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    g_print (_("Wrote the audit checkpoint %s. Keep it where nobody who can change the database "
               "can change it.\n"), audit_out);
  return EA_CLI_EXIT_OK;
}

int
ea_cli_audit (EaCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GError *error = NULL;
  guint64 n = 0;

  if (argc == 1 && g_str_equal (argv[0], "checkpoint"))
    return write_checkpoint (cli);
  if (argc != 1 || !g_str_equal (argv[0], "verify"))
    return ea_cli_usage_error (cli, "%s",
                               _("audit needs the subcommand “verify” or “checkpoint”."));
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  if (!ea_audit_verify (session, &n, &problems, &error))
    return ea_cli_fail (cli, error);
  for (guint i = 0; audit_checkpoints != NULL && audit_checkpoints[i] != NULL; i++)
    if (!ea_audit_check_checkpoint (session, audit_checkpoints[i], problems, &error))
      return ea_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, problems->len == 0);
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, (gint64) n);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < problems->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (problems, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else if (problems->len == 0)
    {
      g_autofree char *count = ea_format_count ((gint64) n);
      g_print (_("The audit log is unbroken (%s entries).\n"), count);
    }
  else
    {
      for (guint i = 0; i < problems->len; i++)
        g_print ("%s\n", (char *) g_ptr_array_index (problems, i));
      g_printerr (_("The audit log has been altered: %u problems. Keep this database and "
                    "its backups for examination.\n"), problems->len);
    }
  return problems->len == 0 ? EA_CLI_EXIT_OK : EA_CLI_EXIT_PARTIAL;
}

/* export-person */

static char *export_out;

const GOptionEntry ea_cli_export_entries[] = {
  { "out", 0, 0, G_OPTION_ARG_FILENAME, &export_out,
    N_("The JSON file to write (it must not exist yet)"), N_("FILE") },
  { NULL }
};

int
ea_cli_export_person (EaCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  GError *error = NULL;
  gint64 person_id;

  if (argc != 1 || export_out == NULL)
    return ea_cli_usage_error (cli, "%s", _("export-person needs ID and --out FILE.json."));
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  person_id = ea_housing_resolve_person (session, argv[0], &error);
  if (person_id == 0 || !ea_person_export (session, person_id, export_out, &error))
    return ea_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "person");
      json_builder_add_int_value (builder, person_id);
      json_builder_set_member_name (builder, "out");
      json_builder_add_string_value (builder, export_out);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    g_print (_("Wrote everything stored about the person to %s.\n"), export_out);
  return EA_CLI_EXIT_OK;
}

/* report flueag */

static char *report_month;
static char *report_out;
static gboolean report_late;

const GOptionEntry ea_cli_report_entries[] = {
  { "month", 0, 0, G_OPTION_ARG_STRING, &report_month,
    N_("The month to report, a month that is over"), N_("YYYY-MM") },
  { "out", 0, 0, G_OPTION_ARG_FILENAME, &report_out,
    N_("The XLSX file to write (it must not exist yet)"), N_("FILE") },
  { "late", 0, 0, G_OPTION_ARG_NONE, &report_late,
    N_("The Nachmeldung: persons entered after an earlier month's report went out"), NULL },
  { NULL }
};

int
ea_cli_report (EaCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaFlueagReport) report = NULL;
  g_autoptr(GArray) without_azr = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *error = NULL;
  guint n;

  if (argc != 1 || !g_str_equal (argv[0], "flueag") || report_month == NULL ||
      report_out == NULL)
    return ea_cli_usage_error (cli, "%s",
                               _("report needs flueag, --month YYYY-MM and --out FILE.xlsx."));
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  report = ea_flueag_report_build (session, report_month,
                                   report_late ? EA_FLUEAG_LATE : EA_FLUEAG_STOCK, &error);
  if (report == NULL || !ea_flueag_report_write (session, report, report_out, &error))
    return ea_cli_fail (cli, error);

  n = ea_flueag_report_get_n_rows (report);
  for (guint i = 0; i < n; i++)
    {
      const EaFlueagRow *row = ea_flueag_report_get_row (report, i);

      if (row->azr_number == NULL)
        g_array_append_val (without_azr, row->person_id);
    }
  /* Numbers only: names never go to the terminal or a log. */
  if (without_azr->len > 0)
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < without_azr->len; i++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                                g_array_index (without_azr, gint64, i));
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "Warning: %u person has no AZR number (person no. %s).\n",
                               "Warning: %u persons have no AZR number (person nos. %s).\n",
                               without_azr->len),
                  without_azr->len, ids->str);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "month");
      json_builder_add_string_value (builder, report_month);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, report_late ? "nachmeldung" : "bestandsmeldung");
      json_builder_set_member_name (builder, "out");
      json_builder_add_string_value (builder, report_out);
      json_builder_set_member_name (builder, "persons");
      json_builder_add_int_value (builder, n);
      json_builder_set_member_name (builder, "without_azr");
      json_builder_begin_array (builder);
      for (guint i = 0; i < without_azr->len; i++)
        json_builder_add_int_value (builder, g_array_index (without_azr, gint64, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    {
      g_autofree char *label = ea_flueag_month_label (report_month);
      g_autofree char *count = ea_format_count (n);

      if (report_late)
        g_print (_("Wrote the FlüAG Nachmeldung (%s persons) to %s.\n"), count, report_out);
      else
        g_print (_("Wrote the FlüAG report for %s (%s persons) to %s.\n"), label, count,
                 report_out);
    }
  return EA_CLI_EXIT_OK;
}

/* retention */

static gboolean retention_run;
static char *retention_date;

const GOptionEntry ea_cli_retention_entries[] = {
  { "run", 0, 0, G_OPTION_ARG_NONE, &retention_run,
    N_("Delete and anonymise what is due (without: only show it)"), NULL },
  { "date", 0, 0, G_OPTION_ARG_STRING, &retention_date,
    N_("Count the periods up to this day (default today)"), N_("DATE") },
  { NULL }
};

static const char *const retention_codes[EA_N_RETENTION] = {
  [EA_RETENTION_SPECIAL] = "special_categories",
  [EA_RETENTION_CASE_NOTES] = "case_notes",
  [EA_RETENTION_DOCUMENTS] = "documents",
  [EA_RETENTION_PERSON] = "personal_data",
};

int
ea_cli_retention (EaCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *date = NULL;
  GError *error = NULL;
  guint done = 0;

  if (expect_no_arguments (cli, "retention", argc, argv) != EA_CLI_EXIT_OK)
    return EA_CLI_EXIT_REFUSED;
  date = retention_date != NULL ? ea_date_parse_input (retention_date) : ea_clock_today ();
  if (date == NULL)
    return ea_cli_usage_error (cli, _("--date: “%s” is not a valid date; write it as "
                                      "YYYY-MM-DD or DD.MM.YYYY."), retention_date);
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  /* What is due is shown also with --run: it is what the run does. */
  items = ea_retention_preview (session, date, &error);
  if (items == NULL || (retention_run && !ea_retention_run (session, date, &done, &error)))
    return ea_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, date);
      json_builder_set_member_name (builder, "run");
      json_builder_add_boolean_value (builder, retention_run);
      json_builder_set_member_name (builder, "categories");
      json_builder_begin_array (builder);
      for (guint c = 0; c < EA_N_RETENTION; c++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "category");
          json_builder_add_string_value (builder, retention_codes[c]);
          json_builder_set_member_name (builder, "months");
          json_builder_add_int_value (builder, ea_retention_get_months (session, c));
          json_builder_set_member_name (builder, "persons");
          json_builder_begin_array (builder);
          for (guint i = 0; i < items->len; i++)
            {
              EaRetentionItem *item = g_ptr_array_index (items, i);

              if (item->category == c)
                json_builder_add_int_value (builder, item->person_id);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
      return EA_CLI_EXIT_OK;
    }

  /* Counts only: names do not go to the terminal. */
  for (guint c = 0; c < EA_N_RETENTION; c++)
    {
      guint n = 0;

      for (guint i = 0; i < items->len; i++)
        n += ((EaRetentionItem *) g_ptr_array_index (items, i))->category == c;
      g_print (retention_run ? _("%s (after %u months): done for %u persons\n")
                             : _("%s (after %u months): due for %u persons\n"),
               ea_retention_category_label (c), ea_retention_get_months (session, c), n);
    }
  if (!retention_run && items->len > 0)
    g_printerr ("%s\n", _("Nothing was changed; --run deletes and anonymises it."));
  return EA_CLI_EXIT_OK;
}

/* find-bed */

static char *find_person;
static char *find_household;
static char *find_from;
static char *find_until;
static int find_limit = 10;
static char *find_religion;

const GOptionEntry ea_cli_find_bed_entries[] = {
  { "person", 0, 0, G_OPTION_ARG_STRING, &find_person,
    N_("The person: number, platform id or AZR number"), N_("ID") },
  { "household", 0, 0, G_OPTION_ARG_STRING, &find_household,
    N_("The household, placed together: number or platform id"), N_("ID") },
  { "from", 0, 0, G_OPTION_ARG_STRING, &find_from,
    N_("The first night (default today)"), N_("DATE") },
  { "until", 0, 0, G_OPTION_ARG_STRING, &find_until,
    N_("The day of moving out (default: open-ended)"), N_("DATE") },
  { "limit", 0, 0, G_OPTION_ARG_INT, &find_limit,
    N_("At most this many rooms (default 10)"), N_("N") },
  { "religion", 0, 0, G_OPTION_ARG_STRING, &find_religion,
    N_("ignore, prefer or require the roommates' religion (default ignore)"), N_("MODE") },
  { NULL }
};

/* --religion: ignore, prefer or require; FALSE for anything else. */
static gboolean
parse_religion (const char     *text,
                EaReligionMode *religion)
{
  if (g_str_equal (text, "prefer"))
    *religion = EA_RELIGION_PREFER;
  else if (g_str_equal (text, "require"))
    *religion = EA_RELIGION_REQUIRE;
  else if (!g_str_equal (text, "ignore"))
    return FALSE;
  return TRUE;
}

/* Who is to be placed: the --person, or the members of the --household. */
static GArray *
dup_find_group (EaSession     *session,
                EaBedMatcher  *matcher,
                GError       **error)
{
  GArray *persons;
  gint64 id;

  if (find_person == NULL)
    return ea_bed_matcher_dup_household (matcher, find_household, error);
  id = ea_housing_resolve_person (session, find_person, error);
  if (id == 0)
    return NULL;
  persons = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (persons, id);
  return persons;
}

/* One candidate as a JSON object. */
static void
add_candidate_json (JsonBuilder    *builder,
                    EaBedCandidate *c)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "facility");
  json_builder_add_string_value (builder, c->facility);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, c->unit);
  json_builder_set_member_name (builder, "room");
  json_builder_add_string_value (builder, c->room);
  json_builder_set_member_name (builder, "beds");
  json_builder_begin_array (builder);
  for (guint b = 0; b < c->bed_labels->len; b++)
    {
      /* A household split across rooms: each bed with its room. */
      g_autofree char *label = c->n_rooms > 1
        ? g_strdup_printf ("%s %s", (const char *) g_ptr_array_index (c->room_names, b),
                           (const char *) g_ptr_array_index (c->bed_labels, b))
        : g_strdup (g_ptr_array_index (c->bed_labels, b));

      json_builder_add_string_value (builder, label);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "bed_ids");
  json_builder_begin_array (builder);
  for (guint b = 0; b < c->bed_ids->len; b++)
    json_builder_add_int_value (builder, g_array_index (c->bed_ids, gint64, b));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "score");
  json_builder_add_double_value (builder, c->score);
  add_strv (builder, "reasons", (const char * const *) c->reasons);
  json_builder_end_object (builder);
}

static void
print_candidates_json (GPtrArray *candidates,
                       GPtrArray *unplaceable)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < candidates->len; i++)
    add_candidate_json (builder, g_ptr_array_index (candidates, i));
  json_builder_end_array (builder);
  add_unplaceable (builder, "unplaceable", unplaceable);
  json_builder_end_object (builder);
  ea_cli_print_json (builder);
}

/* One line per candidate, best first; who cannot be placed on stderr. */
static void
print_candidates (GPtrArray *candidates,
                  GPtrArray *unplaceable)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      EaBedCandidate *c = g_ptr_array_index (candidates, i);
      g_autofree char *reasons = g_strjoinv (", ", c->reasons);
      g_autofree char *score = ea_format_decimal (c->score, 0);
      g_autoptr(GString) beds = g_string_new (NULL);

      for (guint b = 0; b < c->bed_labels->len; b++)
        g_string_append_printf (beds, "%s%s (%lld)", b > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (c->bed_labels, b),
                                (long long) g_array_index (c->bed_ids, gint64, b));
      g_print ("%3s  %s, %s, %s: %s  %s\n", score, c->facility, c->unit, c->room, beds->str,
               reasons);
    }
  for (guint i = 0; i < unplaceable->len; i++)
    {
      EaUnplaceable *u = g_ptr_array_index (unplaceable, i);

      g_printerr (_("Person no. %lld: %s\n"), (long long) u->person_id, u->reason);
    }
}

int
ea_cli_find_bed (EaCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaBedMatcher) matcher = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) unplaceable = NULL;
  g_autoptr(GArray) persons = NULL;
  EaReligionMode religion = EA_RELIGION_IGNORE;
  GError *error = NULL;

  if (expect_no_arguments (cli, "find-bed", argc, argv) != EA_CLI_EXIT_OK)
    return EA_CLI_EXIT_REFUSED;
  if ((find_person == NULL) == (find_household == NULL))
    return ea_cli_usage_error (cli, "%s", _("find-bed needs --person ID or --household ID."));
  if (find_limit < 0)
    return ea_cli_usage_error (cli, "%s", _("--limit: a number of rooms, 0 for all."));
  if (find_religion != NULL && !parse_religion (find_religion, &religion))
    return ea_cli_usage_error (cli, _("--religion: “%s” is none of ignore, prefer and "
                                      "require."), find_religion);
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  matcher = ea_bed_matcher_new (session, find_from, find_until, &error);
  if (matcher == NULL)
    return ea_cli_fail (cli, error);
  persons = dup_find_group (session, matcher, &error);
  if (persons == NULL)
    return ea_cli_fail (cli, error);
  candidates = ea_bed_matcher_find (matcher, (const gint64 *) persons->data, persons->len,
                                    religion, find_limit, &unplaceable, &error);
  if (candidates == NULL)
    return ea_cli_fail (cli, error);

  if (cli->json)
    print_candidates_json (candidates, unplaceable);
  else
    print_candidates (candidates, unplaceable);
  return candidates->len > 0 ? EA_CLI_EXIT_OK : EA_CLI_EXIT_NOT_FOUND;
}

/* allocate */

static char *allocate_until;
static gboolean allocate_commit;

const GOptionEntry ea_cli_allocate_entries[] = {
  { "arrivals-until", 0, 0, G_OPTION_ARG_STRING, &allocate_until,
    N_("Place those expected up to this day (default: all expected)"), N_("DATE") },
  { "commit", 0, 0, G_OPTION_ARG_NONE, &allocate_commit,
    N_("Reserve the proposed beds; without it, only propose"), NULL },
  { NULL }
};

static void
add_allocation_row (JsonBuilder     *builder,
                    EaAllocation    *allocation,
                    EaAllocationRow *row)
{
  g_autoptr(GArray) occupants = ea_allocation_dup_room_occupants (allocation, row->room_id);

  json_builder_begin_object (builder);
  add_person (builder, "person", row->person_id);
  /* The household's number, as in room_occupants_after. */
  add_household (builder, row->household_id);
  ea_cli_add_string (builder, "gender", row->gender);
  add_age (builder, row->age);
  add_strv (builder, "needs", (const char * const *) row->needs);
  ea_cli_add_string (builder, "expected_on", row->expected_on);
  ea_cli_add_string (builder, "facility", row->facility);
  ea_cli_add_string (builder, "unit", row->unit);
  ea_cli_add_string (builder, "room", row->room);
  ea_cli_add_string (builder, "bed", row->bed);
  json_builder_set_member_name (builder, "bed_id");
  json_builder_add_int_value (builder, row->bed_id);
  ea_cli_add_string (builder, "room_rule", row->room_rule);
  json_builder_set_member_name (builder, "room_barrier_free");
  json_builder_add_boolean_value (builder, row->room_barrier_free);
  json_builder_set_member_name (builder, "room_area_m2");
  json_builder_add_double_value (builder, row->room_area);
  ea_cli_add_uint (builder, "room_capacity", row->room_capacity);
  json_builder_set_member_name (builder, "room_occupants_after");
  json_builder_begin_array (builder);
  for (guint o = 0; o < occupants->len; o++)
    {
      EaAllocationOccupant *occupant = &g_array_index (occupants, EaAllocationOccupant, o);

      json_builder_begin_object (builder);
      add_person (builder, "person", occupant->person_id);
      add_household (builder, occupant->household_id);
      ea_cli_add_string (builder, "gender", occupant->gender);
      add_age (builder, occupant->age);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_strv (builder, "reasons", (const char * const *) row->reasons);
  json_builder_end_object (builder);
}

int
ea_cli_allocate (EaCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaAllocation) allocation = NULL;
  GPtrArray *rows, *unplaced;
  guint committed = 0;
  GError *error = NULL;

  if (expect_no_arguments (cli, "allocate", argc, argv) != EA_CLI_EXIT_OK)
    return EA_CLI_EXIT_REFUSED;
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  allocation = ea_allocation_new (session, allocate_until, EA_RELIGION_IGNORE, &error);
  if (allocation == NULL)
    return ea_cli_fail (cli, error);
  rows = ea_allocation_get_rows (allocation);
  unplaced = ea_allocation_get_unplaced (allocation);
  if (allocate_commit && rows->len > 0)
    {
      committed = ea_allocation_commit (allocation, &error);
      if (committed == 0)
        return ea_cli_fail (cli, error);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "placed");
      json_builder_begin_array (builder);
      for (guint i = 0; i < rows->len; i++)
        add_allocation_row (builder, allocation, g_ptr_array_index (rows, i));
      json_builder_end_array (builder);
      add_unplaceable (builder, "unplaced", unplaced);
      json_builder_set_member_name (builder, "committed");
      json_builder_add_boolean_value (builder, committed > 0);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    {
      for (guint i = 0; i < rows->len; i++)
        {
          EaAllocationRow *row = g_ptr_array_index (rows, i);

          g_print (_("Person no. %lld: %s, %s, room %s, bed %s (%lld)\n"),
                   (long long) row->person_id, row->facility, row->unit, row->room, row->bed,
                   (long long) row->bed_id);
        }
      for (guint i = 0; i < unplaced->len; i++)
        {
          EaUnplaceable *u = g_ptr_array_index (unplaced, i);

          g_printerr (_("Person no. %lld: %s\n"), (long long) u->person_id, u->reason);
        }
      if (committed > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u bed reserved.\n", "%u beds reserved.\n",
                                 committed), committed);
      else if (rows->len > 0)
        g_printerr ("%s\n", _("Nothing was changed; --commit reserves the proposed beds."));
    }
  return unplaced->len > 0 ? EA_CLI_EXIT_PARTIAL : EA_CLI_EXIT_OK;
}

/* import */

static gboolean import_dry_run;
static char *import_token;
static char *import_ca_file;

const GOptionEntry ea_cli_import_entries[] = {
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &import_dry_run,
    N_("Report what the import would change, and change nothing"), NULL },
  { "token", 0, 0, G_OPTION_ARG_STRING, &import_token,
    N_("The platform's bearer token (better: $EAKTE_PLATFORM_TOKEN)"), N_("TOKEN") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &import_ca_file,
    N_("Trust the platform's certificate by this CA (PEM)"), N_("PEM") },
  { NULL }
};

static void
add_issues (JsonBuilder *builder,
            const char  *name,
            GPtrArray   *issues,
            gboolean     full)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < issues->len; i++)
    {
      EaImportIssue *issue = g_ptr_array_index (issues, i);

      json_builder_begin_object (builder);
      ea_cli_add_uint (builder, "line", issue->line);
      if (full)
        {
          ea_cli_add_string (builder, "person_id", issue->person_id);
          ea_cli_add_string (builder, "field", issue->field);
        }
      ea_cli_add_string (builder, "message", issue->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

int
ea_cli_import (EaCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaImportResult) result = NULL;
  const char *source;
  GError *error = NULL;
  gboolean platform;

  if (argc != 1)
    return ea_cli_usage_error (cli, "%s", _("import needs one SOURCE: a .xml, .csv or .xlsx "
                                            "file or the platform's https:// address."));
  source = argv[0];
  platform = g_str_has_prefix (source, "http://") || g_str_has_prefix (source, "https://");
  if (!platform && (import_token != NULL || import_ca_file != NULL))
    return ea_cli_usage_error (cli, "%s", _("--token and --ca-file are for the platform's "
                                            "address, not for a file."));
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  /* The token from the environment keeps it out of the process list. */
  if (platform)
    result = ea_platform_fetch_full (session, source,
                                     import_token != NULL ? import_token
                                                          : g_getenv ("EAKTE_PLATFORM_TOKEN"),
                                     import_ca_file, g_getenv ("EAKTE_PLATFORM_CLIENT_CERT"),
                                     import_dry_run, NULL, &error);
  else
    result = ea_import_file (session, source, import_dry_run, NULL, NULL, NULL, &error);
  if (result == NULL)
    return ea_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      ea_cli_add_string (builder, "source", result->source);
      ea_cli_add_string (builder, "message_id", result->message_id);
      json_builder_set_member_name (builder, "sequence");
      json_builder_add_int_value (builder, result->sequence);
      ea_cli_add_uint (builder, "created", result->created);
      ea_cli_add_uint (builder, "updated", result->updated);
      ea_cli_add_uint (builder, "unchanged", result->unchanged);
      ea_cli_add_uint (builder, "cancelled", result->cancelled);
      ea_cli_add_uint (builder, "rejected", result->rejected);
      ea_cli_add_uint (builder, "duplicates_to_review", result->duplicates_to_review);
      add_issues (builder, "warnings", result->warnings, FALSE);
      add_issues (builder, "errors", result->errors, TRUE);
      json_builder_set_member_name (builder, "dry_run");
      json_builder_add_boolean_value (builder, result->dry_run);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    {
      g_print (_("Message %s (no. %lld): %u new, %u changed, %u unchanged, %u cancelled, "
                 "%u rejected, %u probable duplicates to review.\n"),
               result->message_id ? result->message_id : "–", (long long) result->sequence,
               result->created, result->updated, result->unchanged, result->cancelled,
               result->rejected, result->duplicates_to_review);
      for (guint i = 0; i < result->warnings->len; i++)
        {
          EaImportIssue *w = g_ptr_array_index (result->warnings, i);

          g_printerr (_("Line %u: %s\n"), w->line, w->message);
        }
      for (guint i = 0; i < result->errors->len; i++)
        {
          EaImportIssue *e = g_ptr_array_index (result->errors, i);

          g_printerr (_("Line %u, %s, %s: %s\n"), e->line, e->person_id ? e->person_id : "–",
                      e->field ? e->field : "–", e->message);
        }
      if (result->dry_run)
        g_printerr ("%s\n", _("Nothing was changed (--dry-run)."));
    }
  return result->rejected > 0 || result->duplicates_to_review > 0 ? EA_CLI_EXIT_PARTIAL
                                                                   : EA_CLI_EXIT_OK;
}
