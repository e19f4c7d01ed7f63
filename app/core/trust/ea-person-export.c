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

/* A subject-access export (Art. 15 GDPR): everything stored about one
 * person, as readable JSON. Each part is a query whose column names become
 * the keys, so a column added to a table later cannot be forgotten here
 * by accident: it appears as soon as the query selects it. */

static const struct
{
  const char *member;
  gboolean    single;
  const char *sql;
} parts[] = {
  { "person", TRUE,
    "SELECT id, platform_id, azr_number, bamf_file_number, family_name, given_names, birth_name, "
    "birth_date, birth_place, birth_country, gender, marital_status, religion, residence_status, "
    "schooling, profession, remark, status, expected_on, arrived_on, left_on, created_at, "
    "updated_at FROM persons WHERE id = ?1" },
  { "nationalities", FALSE,
    "SELECT n.position, n.code, c.label FROM person_nationalities n LEFT JOIN codes c "
    "ON c.list = 'nationality' AND c.code = n.code WHERE n.person_id = ?1 ORDER BY n.position" },
  { "languages", FALSE,
    "SELECT l.code, c.label, l.level FROM person_languages l LEFT JOIN codes c "
    "ON c.list = 'language' AND c.code = l.code WHERE l.person_id = ?1 ORDER BY l.code" },
  { "vulnerabilities", FALSE,
    "SELECT v.code, c.label, v.note FROM person_vulnerabilities v LEFT JOIN codes c "
    "ON c.list = 'vulnerability' AND c.code = v.code WHERE v.person_id = ?1 ORDER BY v.code" },
  { "household", FALSE,
    "SELECT h.id AS household, h.platform_id, o.person_id, "
    "p.family_name || coalesce (', ' || p.given_names, '') AS name, o.role "
    "FROM household_members m JOIN households h ON h.id = m.household_id "
    "JOIN household_members o ON o.household_id = h.id JOIN persons p ON p.id = o.person_id "
    "WHERE m.person_id = ?1 ORDER BY o.person_id" },
  { "stays", FALSE,
    "SELECT f.name AS facility, u.name AS unit, r.name AS room, b.label AS bed, s.from_date, "
    "s.until_date FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE s.person_id = ?1 ORDER BY s.from_date" },
  { "reservations", FALSE,
    "SELECT f.name AS facility, r.name AS room, b.label AS bed, v.from_date, v.until_date, "
    "v.state FROM reservations v JOIN beds b ON b.id = v.bed_id JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE v.person_id = ?1 ORDER BY v.from_date" },
  { "keep_apart_notes", FALSE,
    "SELECT CASE WHEN person_a = ?1 THEN person_b ELSE person_a END AS other_person, reason, "
    "created_at FROM keep_apart WHERE person_a = ?1 OR person_b = ?1" },
  { "case_notes", FALSE,
    "SELECT n.id AS note, n.confidential, v.revision, v.note_date, v.category, v.body, "
    "v.written_at, u.login AS written_by FROM case_notes n "
    "JOIN case_note_revisions v ON v.note_id = n.id LEFT JOIN users u ON u.id = v.written_by "
    "WHERE n.person_id = ?1 OR n.household_id = (SELECT household_id FROM household_members "
    "WHERE person_id = ?1) ORDER BY n.id, v.revision" },
  { "qualifications", FALSE,
    "SELECT kind, title, country, year, recognition, document_id, created_at "
    "FROM qualifications WHERE person_id = ?1 ORDER BY id" },
  { "documents", FALSE,
    "SELECT id, category, title, filename, sha256, issued_on, expires_on, page_count, added_at "
    "FROM documents WHERE person_id = ?1 ORDER BY id" },
  { "transfers", FALSE,
    "SELECT t.platform_id AS transfer, t.decided_on, t.arrival_on, t.origin_name, t.state "
    "FROM transfer_persons x JOIN transfers t ON t.id = x.transfer_id WHERE x.person_id = ?1" },
  /* The person's rows in the FlüAG reports sent to the state. */
  { "flueag_reports", FALSE,
    "SELECT month, reported_at, late FROM flueag_reported WHERE person_id = ?1 ORDER BY month" },
  { "access_log", FALSE,
    "SELECT a.at, u.login AS user, a.action, a.object_type FROM audit_log a "
    "LEFT JOIN users u ON u.id = a.user_id WHERE a.person_id = ?1 ORDER BY a.id" },
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
      g_autoptr(EaStmt) stmt = _ea_store_prepare (store, parts[i].sql, error);
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
