/* SPDX-License-Identifier: EUPL-1.2 */
/* Löschfristen: the preview and the run on persons who left at different
 * times, counted from 23.11.2026 with the default periods (protection
 * needs 6, documents 12, case notes 24, personal data 72 months). */
#include "config.h"

#include <glib/gstdio.h>

#include "ea-test-util.h"
#include "ea-accounts-private.h"
#include "ea-store-private.h"

#define TODAY "2026-11-23"
#define BLOB_A "aa00000000000000000000000000000000000000000000000000000000000000"
#define BLOB_B "bb00000000000000000000000000000000000000000000000000000000000000"
#define BLOB_C "cc00000000000000000000000000000000000000000000000000000000000000"

static EaStore *store;
static EaSession *admin;

/* 1 left in 2019: everything is due, the file is anonymised.
 * 2 left 22 months ago: protection needs and documents are due.
 * 3 left 3 months ago, 4 lives here: nothing is due.
 * 5 left in 2023, her household's other member 6 lives here: her own
 *   note is due, the household's note is not.
 * 7 and 8 left in 2022: their household's note is due. */
static const char people[] =
  "INSERT INTO persons (id, azr_number, platform_id, family_name, given_names, birth_date, "
  "  birth_place, gender, religion, status, left_on, search_text, sort_name, created_at, "
  "  created_by) VALUES "
  "  (1, '111111111111', 'P-1', 'Ahmadi', 'Reza', '1980-04-12', 'Herat', 'm', "
  "   'islam-sunnitisch', 'left', '2019-06-30', 'ahmadi reza', 'ahmadi reza', 'x', 1),"
  "  (2, '222222222222', 'P-2', 'Haddad', 'Amina', '1995-03-00', NULL, 'w', "
  "   'christlich-orthodox', 'left', '2025-01-15', '', 'haddad amina', 'x', 1),"
  "  (3, NULL, NULL, 'Kaya', 'Rania', '1988-05-05', NULL, 'w', NULL, 'left', '2026-08-20', "
  "   '', 'kaya rania', 'x', 1),"
  "  (4, NULL, NULL, 'Noori', 'Omar', '1970-00-00', NULL, 'm', NULL, 'present', NULL, "
  "   '', 'noori omar', 'x', 1),"
  "  (5, NULL, NULL, 'Sultani', 'Mina', '1990-01-01', NULL, 'w', NULL, 'left', '2023-01-01', "
  "   '', 'sultani mina', 'x', 1),"
  "  (6, NULL, NULL, 'Sultani', 'Farid', '1988-01-01', NULL, 'm', NULL, 'present', NULL, "
  "   '', 'sultani farid', 'x', 1),"
  "  (7, NULL, NULL, 'Tesfay', 'Yonas', '1975-01-01', NULL, 'm', NULL, 'left', '2022-01-01', "
  "   '', 'tesfay yonas', 'x', 1),"
  "  (8, NULL, NULL, 'Tesfay', 'Saba', '1978-01-01', NULL, 'w', NULL, 'left', '2022-06-01', "
  "   '', 'tesfay saba', 'x', 1);"
  "INSERT INTO person_vulnerabilities (person_id, code) VALUES "
  "  (1, 'trauma'), (2, 'schwanger'), (3, 'rollstuhl');"
  "INSERT INTO person_languages (person_id, code, level) VALUES (1, 'prs', 'M'), (3, 'ar', 'M');"
  "INSERT INTO qualifications (person_id, kind, title, created_at, created_by) VALUES "
  "  (1, 'ausbildung', 'Schreiner', 'x', 1);"
  "INSERT INTO keep_apart (person_a, person_b, reason, created_at, created_by) VALUES "
  "  (1, 4, 'Streit', 'x', 1);"
  "INSERT INTO households (id, created_at, created_by) VALUES (1, 'x', 1), (2, 'x', 1);"
  "INSERT INTO household_members (household_id, person_id, role) VALUES "
  "  (1, 5, 'bezugsperson'), (1, 6, 'ehegatte'), (2, 7, 'bezugsperson'), (2, 8, 'ehegatte');"
  "INSERT INTO case_notes (id, person_id, household_id, created_at, created_by) VALUES "
  "  (1, 1, NULL, 'x', 1), (2, 2, NULL, 'x', 1), (3, 3, NULL, 'x', 1), (4, 5, NULL, 'x', 1),"
  "  (5, NULL, 1, 'x', 1), (6, NULL, 2, 'x', 1);"
  "INSERT INTO case_note_revisions (note_id, revision, note_date, category, body, written_at, "
  "  written_by) VALUES "
  "  (1, 1, '2019-01-01', 'beratung', 'a', 'x', 1), (1, 2, '2019-01-01', 'beratung', 'b', 'x', 1),"
  "  (2, 1, '2024-01-01', 'gesundheit', 'c', 'x', 1), (3, 1, '2026-01-01', 'sonstiges', 'd', 'x', 1),"
  "  (4, 1, '2022-01-01', 'sonstiges', 'e', 'x', 1), (5, 1, '2022-01-01', 'sonstiges', 'f', 'x', 1),"
  "  (6, 1, '2021-01-01', 'sonstiges', 'g', 'x', 1);"
  "INSERT INTO blobs (sha256, size, mime_type, added_at) VALUES "
  "  ('" BLOB_A "', 5, 'application/pdf', 'x'), ('" BLOB_B "', 5, 'image/png', 'x'),"
  "  ('" BLOB_C "', 5, 'image/png', 'x');"
  /* The same scan was given for 1 and 4: stored once. */
  "INSERT INTO documents (id, person_id, sha256, filename, category, title, added_at, "
  "  added_by) VALUES "
  "  (1, 1, '" BLOB_A "', 'pass.pdf', 'ausweis', 'Pass', 'x', 1),"
  "  (2, 4, '" BLOB_A "', 'pass.pdf', 'ausweis', 'Pass', 'x', 1),"
  "  (3, 2, '" BLOB_B "', 'mutterpass.png', 'gesundheit', 'Mutterpass', 'x', 1),"
  "  (4, 3, '" BLOB_C "', 'zeugnis.png', 'zeugnis', 'Zeugnis', 'x', 1);"
  "INSERT INTO document_text (rowid, body) VALUES (1, 'Reisepass Ahmadi'), (2, 'Reisepass'),"
  "  (3, 'Mutterpass Haddad'), (4, 'Abschlusszeugnis');";

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  const char *blobs[] = { BLOB_A, BLOB_B, BLOB_C };

  store = ea_test_new_store ("05314000");
  g_assert_cmpint (_ea_accounts_create_user (store, 1, "sozial", "Sozial", "geheim123", "social",
                                             &error), >, 0);
  ea_test_exec (store, people, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (blobs); i++)
    ea_test_put_content (store, blobs[i], "scan");
  admin = ea_session_login (store, "admin", "geheim123", &error);
  g_assert_no_error (error);
}

static void
teardown (void)
{
  g_clear_object (&admin);
  g_clear_object (&store);
}

static int
count (const char *sql)
{
  return ea_test_query_int (store, sql);
}

static const EaRetentionItem *
find_item (GPtrArray           *items,
           EaRetentionCategory  category,
           gint64               person_id)
{
  for (guint i = 0; i < items->len; i++)
    {
      const EaRetentionItem *item = g_ptr_array_index (items, i);

      if (item->category == category && item->person_id == person_id)
        return item;
    }
  return NULL;
}

static void
test_preview_and_run (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) preview = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  guint done = 0;

  setup ();

  preview = ea_retention_preview (admin, TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->len, ==, 8);
  g_assert_nonnull (find_item (preview, EA_RETENTION_SPECIAL, 1));
  g_assert_nonnull (find_item (preview, EA_RETENTION_SPECIAL, 2));
  g_assert_null (find_item (preview, EA_RETENTION_SPECIAL, 3));
  g_assert_cmpuint (find_item (preview, EA_RETENTION_CASE_NOTES, 1)->count, ==, 1);
  g_assert_null (find_item (preview, EA_RETENTION_CASE_NOTES, 2));
  g_assert_cmpuint (find_item (preview, EA_RETENTION_CASE_NOTES, 5)->count, ==, 1);
  g_assert_cmpuint (find_item (preview, EA_RETENTION_CASE_NOTES, 7)->count, ==, 1);
  g_assert_null (find_item (preview, EA_RETENTION_CASE_NOTES, 8));
  g_assert_nonnull (find_item (preview, EA_RETENTION_DOCUMENTS, 1));
  g_assert_nonnull (find_item (preview, EA_RETENTION_DOCUMENTS, 2));
  g_assert_cmpstr (find_item (preview, EA_RETENTION_PERSON, 1)->name, ==, "Ahmadi, Reza");
  g_assert_cmpstr (find_item (preview, EA_RETENTION_PERSON, 1)->left_on, ==, "2019-06-30");
  /* The preview changes nothing. */
  g_assert_cmpint (count ("SELECT count(*) FROM case_notes"), ==, 6);

  g_assert_true (ea_retention_run (admin, TODAY, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (done, ==, 8);

  /* 1 is anonymised: what the statistics count stays, nothing else. */
  g_assert_cmpint (count ("SELECT count(*) FROM persons WHERE id = 1 AND family_name = "
                          "'Anonymisiert' AND given_names IS NULL AND azr_number IS NULL AND "
                          "platform_id IS NULL AND birth_date = '1980-00-00' AND birth_place "
                          "IS NULL AND religion IS NULL AND gender = 'm' AND anonymised_at "
                          "IS NOT NULL"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM person_languages WHERE person_id = 1"), ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM qualifications"), ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM keep_apart"), ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM person_vulnerabilities WHERE person_id = 1"),
                   ==, 0);

  /* 2 keeps names and case note, loses religion, needs and documents. */
  g_assert_cmpint (count ("SELECT count(*) FROM persons WHERE id = 2 AND family_name = "
                          "'Haddad' AND religion IS NULL AND anonymised_at IS NULL"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM person_vulnerabilities WHERE person_id = 2"),
                   ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM documents WHERE person_id = 2"), ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM case_notes WHERE person_id = 2"), ==, 1);

  /* 3 and 4 keep everything; of the notes 2, 3 and the household note of
   * 5 and 6 remain. */
  g_assert_cmpint (count ("SELECT count(*) FROM person_vulnerabilities WHERE person_id = 3"),
                   ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM case_notes"), ==, 3);
  g_assert_cmpint (count ("SELECT count(*) FROM case_notes WHERE id IN (2, 3, 5)"), ==, 3);
  g_assert_cmpint (count ("SELECT count(*) FROM case_note_revisions"), ==, 3);

  /* The shared scan stays for 4; 2's file is gone from the store. */
  g_assert_cmpint (count ("SELECT count(*) FROM documents"), ==, 2);
  g_assert_cmpint (count ("SELECT count(*) FROM blobs"), ==, 2);
  g_assert_cmpint (count ("SELECT count(*) FROM document_text"), ==, 2);
  g_assert_true (ea_test_has_content (store, BLOB_A));
  g_assert_false (ea_test_has_content (store, BLOB_B));
  g_assert_true (ea_test_has_content (store, BLOB_C));

  /* Logged person by person, the chain intact; nothing is due again. */
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'retention'"), ==, 8);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'retention' "
                          "AND object_type = 'person' AND person_id = 1"), ==, 1);
  g_assert_true (ea_audit_verify (admin, NULL, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  after = ea_retention_preview (admin, TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);
  teardown ();
}

static void
test_settings_and_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) social = NULL;
  guint done = 99;

  setup ();
  g_assert_cmpuint (ea_retention_get_months (admin, EA_RETENTION_CASE_NOTES), ==, 24);

  g_assert_false (ea_retention_set_months (admin, EA_RETENTION_SPECIAL, 0, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ea_retention_set_months (admin, EA_RETENTION_DOCUMENTS, 241, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  /* The personal data go last. */
  g_assert_false (ea_retention_set_months (admin, EA_RETENTION_PERSON, 12, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  g_assert_false (ea_retention_set_months (admin, EA_RETENTION_CASE_NOTES, 100, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  g_assert_cmpuint (ea_retention_get_months (admin, EA_RETENTION_CASE_NOTES), ==, 24);

  /* A shorter period for case notes brings 2's note into the preview. */
  g_assert_true (ea_retention_set_months (admin, EA_RETENTION_CASE_NOTES, 12, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ea_retention_get_months (admin, EA_RETENTION_CASE_NOTES), ==, 12);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'change' AND "
                          "detail = 'retention.case_notes=12'"), ==, 1);
  {
    g_autoptr(GPtrArray) preview = ea_retention_preview (admin, TODAY, &error);

    g_assert_no_error (error);
    g_assert_nonnull (find_item (preview, EA_RETENTION_CASE_NOTES, 2));
  }

  /* Only administrators; a refusal changes nothing. */
  social = ea_session_login (store, "sozial", "geheim123", &error);
  g_assert_no_error (error);
  g_assert_null (ea_retention_preview (social, TODAY, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ea_retention_run (social, TODAY, &done, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ea_retention_set_months (social, EA_RETENTION_DOCUMENTS, 6, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ea_retention_run (admin, "23.11.2026x", &done, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (done, ==, 99);
  g_assert_cmpint (count ("SELECT count(*) FROM case_notes"), ==, 6);
  g_assert_cmpint (count ("SELECT count(*) FROM documents"), ==, 4);
  g_assert_cmpint (count ("SELECT count(*) FROM persons WHERE anonymised_at IS NOT NULL"), ==, 0);
  teardown ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ea_test_pin_clock (EA_TEST_NOW);
  g_test_add_func ("/retention/preview-and-run", test_preview_and_run);
  g_test_add_func ("/retention/settings-and-refusals", test_settings_and_refusals);
  return g_test_run ();
}
