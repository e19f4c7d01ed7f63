/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/* The housing stock as a spreadsheet list: one line a room, with the
 * German headings of ea_housing_list_headings() (docs/CLI.md). */

typedef enum
{
  EA_HOUSING_LIST_FACILITY,
  EA_HOUSING_LIST_PLACE,
  EA_HOUSING_LIST_KIND,
  EA_HOUSING_LIST_UNIT,
  EA_HOUSING_LIST_ROOM,
  EA_HOUSING_LIST_AREA,
  EA_HOUSING_LIST_PLACES,
  EA_HOUSING_LIST_RULE,
  EA_HOUSING_LIST_BARRIER_FREE,
  EA_HOUSING_LIST_BEDS,
  EA_HOUSING_LIST_N_COLUMNS,
} EaHousingListColumn;

/* A wrong line: its line in the file (the headings are line 1), the
 * heading of the wrong cell (NULL for the line as a whole), and what is
 * wrong. */
typedef struct
{
  guint  line;     /* 0: none (the last of EA_HOUSING_LIST_MAX_PROBLEMS) */
  char  *column;
  char  *message;
} EaHousingListProblem;

/* At most this many problems are named, then one line that more follow. */
#define EA_HOUSING_LIST_MAX_PROBLEMS 100

typedef struct
{
  guint      facilities_new;
  guint      units_new;
  guint      rooms_new;
  guint      beds_new;
  guint      changed;    /* facilities and rooms whose values changed */
  guint      closed;     /* rooms and beds closed as no longer listed */
  guint      lines;      /* the rooms the list has */
  gboolean   dry_run;
  GPtrArray *problems;   /* of EaHousingListProblem: with any, nothing changed */
} EaHousingListResult;

void                 ea_housing_list_result_free (EaHousingListResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaHousingListResult, ea_housing_list_result_free)

const char *const   *ea_housing_list_headings    (void);
EaHousingListResult *ea_housing_list_import      (EaSession   *session,
                                                  const char  *path,
                                                  gboolean     dry_run,
                                                  GError     **error);
GPtrArray           *ea_housing_list_dup_rows    (EaSession   *session,
                                                  GError     **error);

G_END_DECLS
