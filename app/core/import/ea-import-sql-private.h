/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of import/, all of it in ea-import-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  const char *finish_run;
  const char *insert_blob;
  const char *code_keys;
  const char *household_by_platform_id;
  const char *insert_household;
  const char *person_lists;
  const char *delete_nationalities;
  const char *delete_languages;
  const char *insert_nationality;
  const char *insert_language;
  const char *insert_need;
  const char *is_household_member;
  const char *set_household_member;
  const char *insert_review;
  const char *probable_twins;
  const char *probable_twins_without_azr;
  const char *probable_twins_without_platform_id;
  const char *probable_twins_without_keys;
  const char *person_by_platform_id;
  const char *person_by_azr;
  const char *insert_person;
  const char *update_person;
  const char *expected_without_transfer;
  const char *person_names;
  const char *set_person_left;
  const char *cancel_reservations;
  const char *transfer_members;
  const char *cancel_transfer;
  const char *insert_transfer;
  const char *update_transfer;
  const char *add_transfer_member;
  const char *remove_transfer_member;
  const char *transfer_by_platform_id;
  const char *insert_run;
  const char *sequence_imported;
  const char *nationality_codes;
  const char *mappings;
  const char *file_imported;
  const char *save_mapping;
  const char *recent_runs;
  const char *open_duplicates;
  const char *decide_review;
  const char *open_review;
  const char *person_fields;
  const char *code_label;
  const char *transfer_arrival;
  const char *arrivals_without_bed;
  const char *last_sequence;
  const char *stock_facility;
  const char *stock_unit;
  const char *stock_room;
  const char *stock_room_beds;
  const char *stock_facility_rooms;
  const char *stock_rows;

} EaImportSql;

extern const EaImportSql _ea_import_sql;

G_END_DECLS
