/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-person-export"

#include "config.h"

#include "ea-person-export.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-store-private.h"
#include "ea-trust-sql-private.h"

/* A subject-access export (Art. 15 GDPR): everything stored about one
 * person, as readable JSON. Each part is a query whose column names become
 * the keys, so a column added to a table later cannot be forgotten here
 * by accident: it appears as soon as the query selects it. */

static const struct
{
  const char        *member;
  gboolean           single;
  const char *const *sql;     /* its statement in ea-trust-sql.c */
} parts[] = {
  { "person", TRUE, &_ea_trust_sql.export_person },
  { "nationalities", FALSE, &_ea_trust_sql.export_nationalities },
  { "languages", FALSE, &_ea_trust_sql.export_languages },
  { "vulnerabilities", FALSE, &_ea_trust_sql.export_vulnerabilities },
  { "household", FALSE, &_ea_trust_sql.export_household },
  { "stays", FALSE, &_ea_trust_sql.export_stays },
  { "reservations", FALSE, &_ea_trust_sql.export_reservations },
  { "keep_apart_notes", FALSE, &_ea_trust_sql.export_keep_apart },
  { "case_notes", FALSE, &_ea_trust_sql.export_case_notes },
  { "qualifications", FALSE, &_ea_trust_sql.export_qualifications },
  { "documents", FALSE, &_ea_trust_sql.export_documents },
  { "transfers", FALSE, &_ea_trust_sql.export_transfers },
  /* The person's rows in the FlüAG reports sent to the state. */
  { "flueag_reports", FALSE, &_ea_trust_sql.export_flueag_reports },
  { "access_log", FALSE, &_ea_trust_sql.export_access_log },
};

static void
add_row (JsonBuilder  *builder,
         EaStmt *stmt)
{
  json_builder_begin_object (builder);
  for (int c = 0; c < _ea_stmt_n_columns (stmt); c++)
    {
      json_builder_set_member_name (builder, _ea_stmt_column_name (stmt, c));
      switch (_ea_stmt_column_kind (stmt, c))
        {
        case EA_STMT_INTEGER:
          json_builder_add_int_value (builder, _ea_stmt_column_int64 (stmt, c));
          break;
        case EA_STMT_FLOAT:
          json_builder_add_double_value (builder, _ea_stmt_column_double (stmt, c));
          break;
        case EA_STMT_NULL:
          json_builder_add_null_value (builder);
          break;
        case EA_STMT_TEXT:
        case EA_STMT_BLOB:
        default:
          json_builder_add_string_value (builder, _ea_stmt_column_text (stmt, c));
          break;
        }
    }
  json_builder_end_object (builder);
}

/**
 * ea_person_export:
 * @session: an administrator's session
 * @person_id: the person
 * @path: the new JSON file; it must not exist, and is owner-only
 * @error: a #GError
 *
 * Writes everything stored about the person, and records the export in
 * the audit log.
 */
gboolean
ea_person_export (EaSession   *session,
                  gint64       person_id,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = ea_clock_timestamp ();
  g_autofree char *office = NULL;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* A subject-access request is the administration's task; the export holds
   * every category of data, case notes included. */
  if (!ea_session_check (session, EA_RIGHT_EXPORT_PERSON, 0, error))
    return FALSE;

  store = ea_session_get_store (session);
  office = ea_store_dup_office_name (store);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "exported_by");
  json_builder_add_string_value (builder, ea_session_get_login (session));
  json_builder_set_member_name (builder, "office");
  json_builder_add_string_value (builder, office);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(EaStmt) stmt = _ea_store_prepare (store, *parts[i].sql, error);
      gboolean any = FALSE;
      int rc;

      if (stmt == NULL)
        return FALSE;
      _ea_stmt_bind_int64 (stmt, 1, person_id);
      json_builder_set_member_name (builder, parts[i].member);
      if (!parts[i].single)
        json_builder_begin_array (builder);
      while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
        {
          add_row (builder, stmt);
          any = TRUE;
          if (parts[i].single)
            break;
        }
      if (parts[i].single && !any)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, person_id);

          g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                       _("There is no person with the number %s."), number);
          return FALSE;
        }
      if (!parts[i].single)
        json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  if (!_ea_store_write_private_file (path, text, -1, error))
    return FALSE;
  if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "export", .object_type = "person",
                                                     .object_id = person_id, .person_id = person_id,
                                                     .detail = "subject-access" }, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}
