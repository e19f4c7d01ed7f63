/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/**
 * EaStatKind:
 * @EA_STAT_OCCUPANCY: beds and occupied beds of the district, day by day
 * @EA_STAT_FACILITIES: occupied, reserved, blocked and free beds per facility
 * @EA_STAT_MOVEMENTS: arrivals and departures per month
 * @EA_STAT_NATIONALITY: residents by (first) nationality
 * @EA_STAT_AGE_GROUP: residents by age group
 * @EA_STAT_GENDER: residents by gender
 * @EA_STAT_VULNERABILITY: residents with each kind of Schutzbedarf
 *
 * The figures over time cover the chosen period; the others are the stock
 * on its last day.
 */
typedef enum
{
  EA_STAT_OCCUPANCY,
  EA_STAT_FACILITIES,
  EA_STAT_MOVEMENTS,
  EA_STAT_NATIONALITY,
  EA_STAT_AGE_GROUP,
  EA_STAT_GENDER,
  EA_STAT_VULNERABILITY,
  EA_N_STATS,
} EaStatKind;

/* A table of figures: rows with a label, one column per series. */
typedef struct _EaStatTable EaStatTable;

EaStatTable *ea_statistics_compute          (EaSession    *session,
                                             EaStatKind    kind,
                                             const char   *from,
                                             const char   *until,
                                             GError      **error);

EaStatTable *ea_stat_table_ref              (EaStatTable  *table);
void         ea_stat_table_unref            (EaStatTable  *table);
EaStatKind   ea_stat_table_get_kind         (EaStatTable  *table);
const char  *ea_stat_table_get_title        (EaStatTable  *table);
const char  *ea_stat_table_get_label_heading (EaStatTable *table);
guint        ea_stat_table_get_n_series     (EaStatTable  *table);
const char  *ea_stat_table_get_series_name  (EaStatTable  *table,
                                             guint         series);
guint        ea_stat_table_get_n_rows       (EaStatTable  *table);
const char  *ea_stat_table_get_label        (EaStatTable  *table,
                                             guint         row);
double       ea_stat_table_get_value        (EaStatTable  *table,
                                             guint         row,
                                             guint         series);
double       ea_stat_table_get_max          (EaStatTable  *table);
gboolean     ea_stat_table_write_csv        (EaStatTable  *table,
                                             const char   *path,
                                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaStatTable, ea_stat_table_unref)

G_END_DECLS
