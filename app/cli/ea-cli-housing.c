/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-cli-housing"

#include "config.h"

#include <glib/gi18n.h>

#include "ea-cli.h"

/* housing import FILE [--dry-run], housing export FILE: the housing
 * stock as a spreadsheet list (docs/CLI.md). */

static gboolean housing_dry_run;

const GOptionEntry ea_cli_housing_entries[] = {
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &housing_dry_run,
    N_("Report what the import would change, and change nothing"), NULL },
  { NULL }
};

static void
print_result_json (const char          *path,
                   EaHousingListResult *result,
                   const char          *refusal)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (refusal != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      ea_cli_add_string (builder, "code", "invalid");
      ea_cli_add_string (builder, "message", refusal);
      json_builder_end_object (builder);
    }
  ea_cli_add_string (builder, "file", path);
  ea_cli_add_uint (builder, "lines", result->lines);
  ea_cli_add_uint (builder, "facilities_new", result->facilities_new);
  ea_cli_add_uint (builder, "areas_new", result->units_new);
  ea_cli_add_uint (builder, "rooms_new", result->rooms_new);
  ea_cli_add_uint (builder, "beds_new", result->beds_new);
  ea_cli_add_uint (builder, "changed", result->changed);
  ea_cli_add_uint (builder, "closed", result->closed);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->problems->len; i++)
    {
      EaHousingListProblem *p = g_ptr_array_index (result->problems, i);

      json_builder_begin_object (builder);
      ea_cli_add_uint (builder, "line", p->line);
      ea_cli_add_string (builder, "column", p->column);
      ea_cli_add_string (builder, "message", p->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, result->dry_run);
  json_builder_end_object (builder);
  ea_cli_print_json (builder);
}

static int
housing_import (EaCli      *cli,
                const char *path)
{
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaHousingListResult) result = NULL;
  g_autofree char *refusal = NULL;
  GError *error = NULL;

  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  result = ea_housing_list_import (session, path, housing_dry_run, &error);
  if (result == NULL)
    return ea_cli_fail (cli, error);
  if (result->problems->len > 0)
    refusal = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The list has %u problem; nothing was changed.",
                                            "The list has %u problems; nothing was changed.",
                                            result->problems->len),
                               result->problems->len);
  if (cli->json)
    print_result_json (path, result, refusal);
  if (refusal != NULL)
    {
      g_printerr ("eakte-cli: %s\n", refusal);
      for (guint i = 0; i < result->problems->len; i++)
        {
          EaHousingListProblem *p = g_ptr_array_index (result->problems, i);

          if (p->line == 0)
            g_printerr ("%s\n", p->message);
          else if (p->column != NULL)
            g_printerr (_("Line %u, %s: %s\n"), p->line, p->column, p->message);
          else
            g_printerr (_("Line %u: %s\n"), p->line, p->message);
        }
      return EA_CLI_EXIT_REFUSED;
    }
  if (!cli->json)
    g_print (_("%u rooms in the list: %u facilities, %u areas, %u rooms and %u beds new; "
               "%u changed; %u closed.\n"), result->lines, result->facilities_new,
             result->units_new, result->rooms_new, result->beds_new, result->changed,
             result->closed);
  if (result->dry_run && !cli->json)
    g_printerr ("%s\n", _("Nothing was changed (--dry-run)."));
  return EA_CLI_EXIT_OK;
}

static int
housing_export (EaCli      *cli,
                const char *path)
{
  g_autoptr(EaSession) session = NULL;
  GError *error = NULL;

  if (housing_dry_run)
    return ea_cli_usage_error (cli, "%s", _("--dry-run is for housing import."));
  session = ea_cli_open_and_login (cli, &error);
  if (session == NULL)
    return ea_cli_fail (cli, error);
  if (!ea_list_export_housing (session, path, &error))
    return ea_cli_fail (cli, error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      ea_cli_add_string (builder, "file", path);
      json_builder_end_object (builder);
      ea_cli_print_json (builder);
    }
  else
    g_print (_("The housing stock is written to %s.\n"), path);
  return EA_CLI_EXIT_OK;
}

int
ea_cli_housing (EaCli  *cli,
                int     argc,
                char  **argv)
{
  if (argc == 2 && g_str_equal (argv[0], "import"))
    return housing_import (cli, argv[1]);
  if (argc == 2 && g_str_equal (argv[0], "export"))
    return housing_export (cli, argv[1]);
  return ea_cli_usage_error (cli, "%s", _("housing needs “import FILE” or “export FILE”."));
}
