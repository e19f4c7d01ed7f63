/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of trust/, all of it in ea-trust-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  const char *login_succeeded;
  const char *login_failed;
  const char *account_by_login;
  const char *roles_of_user;
  const char *facilities_of_user;
  const char *set_own_password;
  const char *password_hash_of_user;
  const char *accounts_by_name;
  const char *account_by_id;
  const char *delete_roles;
  const char *insert_role;
  const char *require_password_change;
  const char *update_account;
  const char *reset_password;
  const char *delete_user_facilities;
  const char *insert_user_facility;
  const char *count_other_admins;
  const char *facility_exists;
  const char *insert_user;
  const char *audit_last_hash;
  const char *audit_insert_rows;
  const char *audit_row;
  const char *audit_pending_insert_rows;
  const char *audit_pending_row;
  const char *audit_chain;
  const char *users_by_name;
  const char *audit_newest;
  const char *audit_max_id;
  const char *audit_count_up_to;
  const char *audit_hash_of;
  const char *retention_due_create;
  const char *retention_due_fill;
  const char *due_special;
  const char *due_case_notes;
  const char *due_documents;
  const char *due_person;
  const char *delete_special;
  const char *delete_case_notes;
  const char *delete_documents;
  const char *delete_person;
  const char *anonymise;
  const char *unused_blobs;
  const char *delete_unused_blobs;
  const char *export_person;
  const char *export_nationalities;
  const char *export_languages;
  const char *export_vulnerabilities;
  const char *export_household;
  const char *export_stays;
  const char *export_reservations;
  const char *export_keep_apart;
  const char *export_case_notes;
  const char *export_qualifications;
  const char *export_documents;
  const char *export_transfers;
  const char *export_flueag_reports;
  const char *export_access_log;

} EaTrustSql;

extern const EaTrustSql _ea_trust_sql;

char *_ea_trust_sql_audit_entries (gboolean with_names,
                                   gboolean by_user,
                                   gboolean by_person,
                                   gboolean since,
                                   gboolean until,
                                   guint    limit);

G_END_DECLS
