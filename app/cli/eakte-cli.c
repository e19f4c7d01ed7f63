/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "eakte-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ea-cli.h"

/* eakte-cli: the command-line contract of docs/CLI.md. The global
 * options may stand before or after the command; each command parses them
 * together with its own. */

static const EaCliCommand commands[] = {
  { "init", NULL, N_("Create a new, empty database for an office"),
    ea_cli_init_entries, ea_cli_init },
  { "demo", NULL, N_("Create a new database with a realistic demo district"),
    ea_cli_demo_entries, ea_cli_demo },
  { "check", NULL, N_("Check the integrity and references of the database"),
    ea_cli_check_entries, ea_cli_check },
  { "backup", "FILE", N_("Write a consistent copy of the database while it is in use"),
    NULL, ea_cli_backup },
  { "copy", "SOURCE TARGET",
    N_("Copy a whole office with its documents into a new database (SQLite or PostgreSQL)"),
    NULL, ea_cli_copy },
  { "occupancy", NULL, N_("Show capacity, occupied, reserved, blocked and free beds per facility"),
    ea_cli_occupancy_entries, ea_cli_occupancy },
  { "import", "SOURCE", N_("Import the state platform's transfers (an XML file or its address)"),
    ea_cli_import_entries, ea_cli_import },
  { "housing", "import|export FILE",
    N_("Import the housing stock from a CSV or XLSX list, or export it as one"),
    ea_cli_housing_entries, ea_cli_housing },
  { "find-bed", NULL, N_("Rooms for a person or a household, ranked, with the reasons"),
    ea_cli_find_bed_entries, ea_cli_find_bed },
  { "allocate", NULL, N_("Place every expected arrival without a bed, households together"),
    ea_cli_allocate_entries, ea_cli_allocate },
  { "checkin", "PERSON BED", N_("Check a person in to a bed"),
    ea_cli_stay_entries, ea_cli_checkin },
  { "checkout", "PERSON", N_("Check a person out"), ea_cli_stay_entries, ea_cli_checkout },
  { "move", "PERSON BED", N_("Move a person to another bed"), ea_cli_stay_entries, ea_cli_move },
  { "audit", "verify|checkpoint",
    N_("Check the hash chain of the audit log, or write a signed checkpoint of it"),
    ea_cli_audit_entries, ea_cli_audit },
  { "export-person", "ID", N_("Everything stored about one person, for a subject-access request"),
    ea_cli_export_entries, ea_cli_export_person },
  { "report", "flueag", N_("Write the monthly FlüAG report (Bestandsmeldung) as XLSX"),
    ea_cli_report_entries, ea_cli_report },
  { "retention", NULL, N_("Show, or with --run delete, what the retention periods make due"),
    ea_cli_retention_entries, ea_cli_retention },
  { "password", NULL, N_("Change your own password (also the first one an administrator gave)"),
    NULL, ea_cli_password },
};

static EaCli cli;
static gboolean show_version;

static const GOptionEntry global_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli.db,
    N_("The database (default $EAKTE_DB, else $XDG_DATA_HOME/eakte/eakte.db)"), N_("PATH") },
  { "user", 0, 0, G_OPTION_ARG_STRING, &cli.user,
    N_("Act as this user (default $EAKTE_USER); the password comes from "
       "$EAKTE_PASSWORD or the terminal"),
    N_("LOGIN") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &cli.json,
    N_("Machine-readable output on standard output"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, N_("Show the program version"), NULL },
  { NULL }
};

static const char *
error_code_name (const GError *error)
{
  if (error->domain != EA_ERROR)
    return "failed";
  switch ((EaError) error->code)
    {
    case EA_ERROR_INVALID: return "invalid";
    case EA_ERROR_NOT_FOUND: return "not-found";
    case EA_ERROR_EXISTS: return "exists";
    case EA_ERROR_AUTH: return "auth";
    case EA_ERROR_PERMISSION: return "permission";
    case EA_ERROR_TOO_NEW: return "too-new";
    case EA_ERROR_MIGRATION: return "migration";
    case EA_ERROR_RULE: return "rule";
    case EA_ERROR_CONFIRM: return "confirm";
    case EA_ERROR_RESERVED: return "reserved";
    case EA_ERROR_REPLACES: return "replaces";
    case EA_ERROR_FAILED:
    default: return "failed";
    }
}

static void
print_error_json (const char *code,
                  const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  ea_cli_print_json (builder);
}

/**
 * ea_cli_fail:
 * @cli: the CLI
 * @error: (transfer full): why the command was refused
 *
 * Every refusal ends here: the message for people on stderr, and with
 * --json an error object on stdout. Nothing was changed, so the exit code
 * is 2.
 */
int
ea_cli_fail (EaCli  *self,
             GError *error)
{
  g_printerr ("eakte-cli: %s\n", error->message);
  /* A refusal a user may set aside names the one option that does. */
  switch (ea_place_flag_for_error (error))
    {
    case EA_PLACE_CONFIRM_SHARED_ROOM:
      g_printerr (_("If the person wishes it, repeat the command with --confirm-shared-room.\n"));
      break;
    case EA_PLACE_CANCEL_RESERVATION:
      g_printerr (_("To give the bed away, repeat the command with --cancel-reservation: that "
                    "reservation is then cancelled.\n"));
      break;
    /* No command here replaces a person's reservation by another: the
     * allocation leaves whoever holds one alone. */
    case EA_PLACE_REPLACE_RESERVATION:
    case EA_PLACE_DEFAULT:
    default:
      break;
    }
  if (self->json)
    print_error_json (error_code_name (error), error->message);
  g_error_free (error);
  return EA_CLI_EXIT_REFUSED;
}

int
ea_cli_usage_error (EaCli      *self,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("eakte-cli: %s\n", message);
  g_printerr (_("Try “eakte-cli --help” for more information.\n"));
  if (self->json)
    print_error_json ("usage", message);
  return EA_CLI_EXIT_REFUSED;
}

char *
ea_cli_dup_db_path (EaCli *self)
{
  if (self->db != NULL)
    return g_strdup (self->db);
  return ea_store_dup_default_path ();
}

void
ea_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static char *
read_line_hidden (const char *prompt)
{
  struct termios old, hidden;
  char buffer[512];
  gboolean restore = FALSE;
  char *line = NULL;

  g_printerr ("%s", prompt);
  if (tcgetattr (STDIN_FILENO, &old) == 0)
    {
      hidden = old;
      hidden.c_lflag &= ~(tcflag_t) ECHO;
      restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &hidden) == 0;
    }
  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      line = g_strdup (buffer);
    }
  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
  g_printerr ("\n");
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

/**
 * ea_cli_read_secret:
 * @variable: the environment variable that may hold it
 * @prompt: what to ask on the terminal
 * @confirm: ask twice (for a new password)
 * @error: a #GError
 *
 * Returns: (transfer full): `$variable`, else the password typed on the
 *   terminal; %NULL with @error when there is neither
 */
char *
ea_cli_read_secret (const char  *variable,
                    const char  *prompt,
                    gboolean     confirm,
                    GError     **error)
{
  const char *env = g_getenv (variable);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (env != NULL)
    return g_strdup (env);
  if (!isatty (STDIN_FILENO))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_AUTH,
                   _("No password: set $%s or run on a terminal."), variable);
      return NULL;
    }
  first = read_line_hidden (prompt);
  if (first == NULL)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_AUTH, _("No password was entered."));
      return NULL;
    }
  if (confirm)
    {
      second = read_line_hidden (_("Repeat the password: "));
      if (g_strcmp0 (first, second) != 0)
        {
          g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                               _("The two passwords differ."));
          return NULL;
        }
    }
  return g_steal_pointer (&first);
}

/**
 * ea_cli_read_password:
 * @prompt: what to ask on the terminal
 * @confirm: ask twice (for a new password)
 * @error: a #GError
 *
 * Returns: (transfer full): `$EAKTE_PASSWORD`, else the password typed on
 *   the terminal; %NULL with @error when there is neither
 */
char *
ea_cli_read_password (const char  *prompt,
                      gboolean     confirm,
                      GError     **error)
{
  return ea_cli_read_secret ("EAKTE_PASSWORD", prompt, confirm, error);
}

EaSession *
ea_cli_login (EaCli    *self,
              EaStore  *store,
              GError  **error)
{
  const char *login = self->user ? self->user : g_getenv ("EAKTE_USER");
  g_autofree char *password = NULL;

  if (login == NULL || login[0] == '\0')
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_AUTH,
                           _("No user given: use --user LOGIN or set $EAKTE_USER."));
      return NULL;
    }
  password = ea_cli_read_password (_("Password: "), FALSE, error);
  if (password == NULL)
    return NULL;
  return ea_cli_login_with (self, store, password, error);
}

/* The login of ea_cli_login () with a password already read. */
EaSession *
ea_cli_login_with (EaCli       *self,
                   EaStore     *store,
                   const char  *password,
                   GError     **error)
{
  const char *login = self->user ? self->user : g_getenv ("EAKTE_USER");

  if (login == NULL || login[0] == '\0')
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_AUTH,
                           _("No user given: use --user LOGIN or set $EAKTE_USER."));
      return NULL;
    }
  return ea_session_login (store, login, password, error);
}

static const EaCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static char *
commands_summary (void)
{
  GString *s = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "\n  %-12s %s", commands[i].name, _(commands[i].summary));
  g_string_append (s, "\n\n");
  g_string_append (s, _("Exit codes: 0 done, 1 done in part, 2 refused (nothing changed), "
                        "3 nothing found."));
  return g_string_free (s, FALSE);
}

/* Finds the command word: the first argument that is neither an option
 * nor the value of a global option that takes one. */
static int
find_command_index (int    argc,
                    char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        return i + 1 < argc ? i + 1 : -1;
      if (g_str_equal (argv[i], "--db") || g_str_equal (argv[i], "--user"))
        {
          i++;
          continue;
        }
      if (argv[i][0] != '-')
        return i;
    }
  return -1;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *parameter = NULL;
  const EaCliCommand *command;
  int index;

  /* Bulk work (the demo district, imports) grows and shrinks the heap by
   * more than glibc's default 128 KiB padding all the time; 16 MiB of
   * padding saves a third of the demo's run time in brk and page faults. */
  mallopt (M_TOP_PAD, 16 * 1024 * 1024);

  ea_locale_init ();

  /* Even a refusal before the options are parsed answers in JSON when the
   * caller asked for it. */
  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    cli.json |= g_str_equal (argv[i], "--json");

  index = find_command_index (argc, argv);
  if (index < 0)
    {
      context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
      summary = commands_summary ();
      g_option_context_set_summary (context,
                                    _("E-Akte Flüchtlingsmanagement on the command line."));
      g_option_context_set_description (context, summary);
      g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
      if (!g_option_context_parse (context, &argc, &argv, &error))
        return ea_cli_usage_error (&cli, "%s", error->message);
      if (show_version)
        {
          g_print ("eakte-cli %s\n", PACKAGE_VERSION);
          return EA_CLI_EXIT_OK;
        }
      return ea_cli_usage_error (&cli, "%s", _("No command given."));
    }

  command = find_command (argv[index]);
  if (command == NULL)
    return ea_cli_usage_error (&cli, _("Unknown command “%s”."), argv[index]);

  /* Remove the command word; the rest is the command's and the globals'. */
  memmove (&argv[index], &argv[index + 1], sizeof (char *) * (argc - index));
  argc--;

  parameter = g_strdup_printf ("%s%s%s", command->name,
                               command->parameters ? " " : "",
                               command->parameters ? command->parameters : "");
  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, _(command->summary));
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ea_cli_usage_error (&cli, "%s: %s", command->name, error->message);
  if (show_version)
    {
      g_print ("eakte-cli %s\n", PACKAGE_VERSION);
      return EA_CLI_EXIT_OK;
    }

  if (!ea_clock_pin_from_environment (&error))
    return ea_cli_usage_error (&cli, "EAKTE_NOW: %s", error->message);
  return command->run (&cli, argc - 1, argv + 1);
}
