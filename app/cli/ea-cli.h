/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <json-glib/json-glib.h>

#include "eakte-core.h"

G_BEGIN_DECLS

/* Exit codes of docs/CLI.md. */
typedef enum
{
  EA_CLI_EXIT_OK = 0,
  EA_CLI_EXIT_PARTIAL = 1,
  EA_CLI_EXIT_REFUSED = 2,
  EA_CLI_EXIT_NOT_FOUND = 3,
} EaCliExit;

typedef struct
{
  char     *db;
  char     *user;
  gboolean  json;
} EaCli;

typedef struct
{
  const char    *name;
  const char    *parameters;
  const char    *summary;
  const GOptionEntry *entries;
  int          (*run) (EaCli  *cli,
                       int     argc,
                       char  **argv);
} EaCliCommand;

int        ea_cli_fail          (EaCli        *cli,
                                 GError       *error);
int        ea_cli_usage_error   (EaCli        *cli,
                                 const char   *format,
                                 ...) G_GNUC_PRINTF (2, 3);
char      *ea_cli_dup_db_path   (EaCli        *cli);
char      *ea_cli_read_secret   (const char   *variable,
                                 const char   *prompt,
                                 gboolean      confirm,
                                 GError      **error);
char      *ea_cli_read_password (const char   *prompt,
                                 gboolean      confirm,
                                 GError      **error);
EaSession *ea_cli_login_with    (EaCli        *cli,
                                 EaStore      *store,
                                 const char   *password,
                                 GError      **error);
EaSession *ea_cli_login         (EaCli        *cli,
                                 EaStore      *store,
                                 GError      **error);
EaSession *ea_cli_open_and_login (EaCli      *cli,
                                  GError    **error);
void       ea_cli_print_json    (JsonBuilder  *builder);
void       ea_cli_add_uint      (JsonBuilder  *builder,
                                 const char   *name,
                                 guint         value);
void       ea_cli_add_string    (JsonBuilder  *builder,
                                 const char   *name,
                                 const char   *value);

int ea_cli_init      (EaCli *cli, int argc, char **argv);
int ea_cli_demo      (EaCli *cli, int argc, char **argv);
int ea_cli_check     (EaCli *cli, int argc, char **argv);
int ea_cli_backup    (EaCli *cli, int argc, char **argv);
int ea_cli_copy      (EaCli *cli, int argc, char **argv);
int ea_cli_occupancy (EaCli *cli, int argc, char **argv);
int ea_cli_checkin   (EaCli *cli, int argc, char **argv);
int ea_cli_checkout  (EaCli *cli, int argc, char **argv);
int ea_cli_move      (EaCli *cli, int argc, char **argv);
int ea_cli_audit     (EaCli *cli, int argc, char **argv);
int ea_cli_export_person (EaCli *cli, int argc, char **argv);
int ea_cli_report    (EaCli *cli, int argc, char **argv);
int ea_cli_retention (EaCli *cli, int argc, char **argv);
int ea_cli_password  (EaCli *cli, int argc, char **argv);
int ea_cli_find_bed  (EaCli *cli, int argc, char **argv);
int ea_cli_allocate (EaCli *cli, int argc, char **argv);
int ea_cli_import (EaCli *cli, int argc, char **argv);
int ea_cli_housing (EaCli *cli, int argc, char **argv);

extern const GOptionEntry ea_cli_init_entries[];
extern const GOptionEntry ea_cli_demo_entries[];
extern const GOptionEntry ea_cli_check_entries[];
extern const GOptionEntry ea_cli_audit_entries[];
extern const GOptionEntry ea_cli_occupancy_entries[];
extern const GOptionEntry ea_cli_stay_entries[];
extern const GOptionEntry ea_cli_export_entries[];
extern const GOptionEntry ea_cli_report_entries[];
extern const GOptionEntry ea_cli_retention_entries[];
extern const GOptionEntry ea_cli_find_bed_entries[];
extern const GOptionEntry ea_cli_allocate_entries[];
extern const GOptionEntry ea_cli_import_entries[];
extern const GOptionEntry ea_cli_housing_entries[];

G_END_DECLS
