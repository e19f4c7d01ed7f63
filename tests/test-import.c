/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "eakte-core.h"
#include "ea-store-private.h"
#include "ea-accounts-private.h"
#include "ea-test-util.h"

/* The arrivals feed: the contract's sample, the same message twice,
 * partly invalid messages, refused documents (malformed, another AGS,
 * another schema, DTDs and entities), duplicates by AZR number and
 * probable duplicates, aenderung and storno, and a dry run. Each refusal
 * must leave the database as it was. */

static EaStore *store;
static EaSession *admin;
static char *dir;
static char *sample;

static int
count (const char *sql)
{
  return ea_test_query_int (store, sql);
}

/* What a refusal must leave untouched. */
static char *
fingerprint (void)
{
  return g_strdup_printf ("%d/%d/%d/%d/%d/%d",
                          count ("SELECT count (*) FROM persons"),
                          count ("SELECT count (*) FROM household_members"),
                          count ("SELECT count (*) FROM transfers"),
                          count ("SELECT count (*) FROM import_runs"),
                          count ("SELECT count (*) FROM blobs"),
                          count ("SELECT count (*) FROM audit_log"));
}

static void
assert_unchanged (const char *before)
{
  g_autofree char *after = fingerprint ();

  g_assert_cmpstr (before, ==, after);
}

/* The first change of @kind in a result, and how many there are. */
static EaImportChange *
find_change (EaImportResult     *result,
             EaImportChangeKind  kind,
             guint              *n)
{
  EaImportChange *first = NULL;

  *n = 0;
  for (guint i = 0; i < result->changes->len; i++)
    {
      EaImportChange *c = g_ptr_array_index (result->changes, i);

      if (c->kind == kind)
        {
          (*n)++;
          first = first != NULL ? first : c;
        }
    }
  return first;
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  gint64 admin_id;

  store = ea_test_new_store ("08315000");
  admin_id = ea_test_query_int (store, "SELECT id FROM users WHERE login = 'admin'");
  g_assert_cmpint (_ea_accounts_create_user (store, admin_id, "verwaltung", "Verwaltung",
                                             "geheim123", "housing", &error), >, 0);
  admin = ea_session_login (store, "admin", "geheim123", &error);
  g_assert_no_error (error);
}

static void
teardown (void)
{
  g_clear_object (&admin);
  g_clear_object (&store);
}

/* The sample with some of its text replaced, as a new file. */
static char *
variant (const char *name,
         ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  const char *from;
  va_list args;

  g_assert_true (g_file_get_contents (sample, &text, NULL, &error));
  va_start (args, name);
  while ((from = va_arg (args, const char *)) != NULL)
    {
      const char *to = va_arg (args, const char *);
      g_autoptr(GString) s = g_string_new (text);

      g_assert_nonnull (strstr (text, from));
      g_string_replace (s, from, to, 1);
      g_free (text);
      text = g_strdup (s->str);
    }
  va_end (args);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return path;
}

static EaImportResult *
import_ok (const char *path,
           gboolean    dry_run)
{
  g_autoptr(GError) error = NULL;
  EaImportResult *result = ea_import_is_list (path)
    ? ea_import_list_file (admin, path, dry_run, &error)
    : ea_import_xml_file (admin, path, dry_run, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
import_refused (const char *path,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = fingerprint ();
  g_autofree char *after = NULL;
  g_autoptr(EaImportResult) result = NULL;

  result = ea_import_is_list (path) ? ea_import_list_file (admin, path, FALSE, &error)
                                    : ea_import_xml_file (admin, path, FALSE, &error);
  g_assert_null (result);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_test_message ("%s", error->message);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
  after = fingerprint ();
  g_assert_cmpstr (before, ==, after);
}

static gint64
person_by_platform (const char *platform_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM persons "
                                          "WHERE platform_id = '%s'", platform_id);

  return count (sql);
}

static void
test_sample (void)
{
  g_autoptr(EaImportResult) result = NULL;
  g_autoptr(EaImportResult) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *raw = NULL;
  gint64 yusuf;

  setup ();
  result = import_ok (sample, FALSE);
  g_assert_cmpstr (result->message_id, ==, "LEA-FR-2026-11-20-0001");
  g_assert_cmpint (result->sequence, ==, 41);
  g_assert_cmpuint (result->created, ==, 5);
  g_assert_cmpuint (result->rejected, ==, 0);
  /* The storno names a transfer this office never had. */
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_cmpuint (((EaImportIssue *) g_ptr_array_index (result->warnings, 0))->line, ==, 117);

  yusuf = person_by_platform ("P-5512093");
  g_assert_cmpint (yusuf, >, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE status = 'expected' "
                          "AND expected_on = '2026-11-25'"), ==, 4);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE birth_date = '1990-00-00' "
                          "AND birth_name = 'Haddad'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM household_members m JOIN households h "
                          "ON h.id = m.household_id WHERE h.platform_id = 'FV-88231'"), ==, 3);
  g_assert_cmpint (count ("SELECT count (*) FROM person_languages l JOIN persons p "
                          "ON p.id = l.person_id WHERE p.platform_id = 'P-5512093'"), ==, 2);
  g_assert_cmpint (count ("SELECT count (*) FROM person_vulnerabilities v JOIN persons p "
                          "ON p.id = v.person_id WHERE p.platform_id = 'P-5513001' "
                          "AND v.code = 'rollstuhl'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM person_nationalities n JOIN persons p "
                          "ON p.id = n.person_id WHERE p.platform_id = 'P-5512310' "
                          "AND n.code = '163'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM transfers"), ==, 2);
  g_assert_cmpint (count ("SELECT count (*) FROM transfer_persons"), ==, 5);
  g_assert_cmpint (count ("SELECT count (*) FROM import_runs WHERE state = 'done' "
                          "AND sequence = 41 AND created = 5"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE object_type = 'person' "
                          "AND action = 'create'"), ==, 5);

  /* The raw message, unchanged, in the document store. */
  {
    g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT raw_sha256 FROM import_runs",
                                                      NULL);
    g_autoptr(GBytes) stored = NULL;
    g_autofree char *original = NULL;
    gsize original_len;

    g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
    raw = g_strdup (_ea_stmt_column_text (stmt, 0));
    stored = ea_test_read_content (store, raw);
    g_assert_nonnull (stored);
    g_assert_true (g_file_get_contents (sample, &original, &original_len, NULL));
    g_assert_cmpmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), original,
                     original_len);
  }

  /* Deleting what the retention periods make due keeps the raw message:
   * its import run refers to it. */
  g_assert_true (ea_retention_run (admin, NULL, NULL, NULL));
  g_assert_cmpint (count ("SELECT count (*) FROM blobs b JOIN import_runs r "
                          "ON r.raw_sha256 = b.sha256"), ==, 1);
  g_assert_true (ea_test_has_content (store, raw));

  /* The same file twice: the same database. */
  before = fingerprint ();
  again = import_ok (sample, FALSE);
  g_assert_true (again->repeated);
  g_assert_cmpuint (again->created + again->updated, ==, 0);
  after = fingerprint ();
  g_assert_cmpstr (before, ==, after);
  teardown ();
}

/* Invalid persons are rejected with line, person id, field and reason;
 * the others are imported. */
static void
test_partly_invalid (void)
{
  g_autofree char *path = variant ("teilweise.xml",
                                   "<geschlecht>w</geschlecht>\n        <staatsangehoerigkeit><code>475",
                                   "<geschlecht>q</geschlecht>\n        <staatsangehoerigkeit><code>475",
                                   "<geburtsdatum>2019-07-00</geburtsdatum>",
                                   "<geburtsdatum>2019-13-00</geburtsdatum>",
                                   "<azrNummer>125509876543</azrNummer>",
                                   "<azrNummer>12550987</azrNummer>",
                                   NULL);
  g_autoptr(EaImportResult) result = NULL;
  gboolean gender = FALSE, birth = FALSE, azr = FALSE;

  setup ();
  result = import_ok (path, FALSE);
  g_assert_cmpuint (result->rejected, ==, 3);
  g_assert_cmpuint (result->created, ==, 2);
  for (guint i = 0; i < result->errors->len; i++)
    {
      EaImportIssue *e = g_ptr_array_index (result->errors, i);

      g_test_message ("line %u, %s, %s: %s", e->line, e->person_id, e->field, e->message);
      g_assert_cmpuint (e->line, >, 20);
      g_assert_nonnull (e->person_id);
      gender |= g_str_equal (e->person_id, "P-5512094") && g_str_equal (e->field, "geschlecht") &&
                strstr (e->message, "“q”") != NULL;
      birth |= g_str_equal (e->person_id, "P-5512095") &&
               g_str_equal (e->field, "geburtsdatum");
      azr |= g_str_equal (e->person_id, "P-5513001") && g_str_equal (e->field, "azrNummer");
    }
  g_assert_true (gender && birth && azr);
  g_assert_cmpint (person_by_platform ("P-5512094"), ==, 0);
  g_assert_cmpint (person_by_platform ("P-5512093"), >, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM import_reviews WHERE kind = 'invalid'"), ==, 3);
  g_assert_cmpint (count ("SELECT count (*) FROM import_runs WHERE state = 'partial' "
                          "AND rejected = 3"), ==, 1);
  teardown ();
}

/* Refused as a whole, fast, with nothing stored. */
static void
test_refused (void)
{
  g_autofree char *truncated = NULL;
  g_autofree char *other_ags = variant ("anderes-amt.xml", "<ags>08315000</ags>",
                                        "<ags>08311000</ags>", NULL);
  g_autofree char *other_schema = variant ("anderes-schema.xml", "urn:eakte:zuweisung:1",
                                           "urn:example:other", NULL);
  g_autofree char *xxe = variant ("xxe.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                  "<!DOCTYPE zuweisungsliste [<!ENTITY xxe SYSTEM "
                                  "\"file:///etc/passwd\">]>",
                                  "<beruf>Bauingenieur</beruf>", "<beruf>&xxe;</beruf>", NULL);
  g_autofree char *laughs = variant ("laughs.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                     "<!DOCTYPE zuweisungsliste [\n"
                                     " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
                                     " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                                     " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                                     " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
                                     " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
                                     " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
                                     " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
                                     " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
                                     "]>",
                                     "<beruf>Bauingenieur</beruf>", "<beruf>&h;</beruf>", NULL);
  g_autofree char *bad_header = variant ("kopf.xml", "<laufendeNummer>41</laufendeNummer>",
                                         "<laufendeNummer>einundvierzig</laufendeNummer>", NULL);
  g_autofree char *text = NULL;
  g_autofree char *not_xml = g_build_filename (dir, "liste.xml", NULL);

  setup ();
  g_assert_true (g_file_get_contents (sample, &text, NULL, NULL));
  truncated = g_build_filename (dir, "abgebrochen.xml", NULL);
  text[strlen (text) * 2 / 3] = '\0';
  g_assert_true (g_file_set_contents (truncated, text, -1, NULL));
  g_assert_true (g_file_set_contents (not_xml, "Name;Vorname\nAl-Hassan;Yusuf\n", -1, NULL));

  import_refused (truncated, "not well-formed");
  import_refused (other_ags, "08311000");
  import_refused (other_schema, "not a Zuweisungsliste");
  import_refused (xxe, "DTD");
  import_refused (laughs, "DTD");
  import_refused (bad_header, "header");
  import_refused (not_xml, NULL);
  teardown ();
}

/* The same person by AZR number; a probable duplicate held for review. */
static void
test_duplicates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = NULL;
  gint64 known;

  setup ();
  /* Known already, without platform id: Yusuf by his AZR number; and a
   * Gülsen Yilmaz (written without Turkish letters) with her birth date. */
  _ea_store_exec (store,
    "INSERT INTO persons (azr_number, family_name, given_names, birth_date, gender, status, "
    "  search_text, sort_name, created_at, created_by) VALUES "
    "  ('125501234567', 'Al Hassan', 'Yusuf', '1986-03-14', 'm', 'present', '', "
    "   'al hassan yusuf', 'x', 1),"
    "  (NULL, 'Yilmaz', 'Gulsen', '1998-11-02', 'w', 'present', '', 'yilmaz gulsen', 'x', 1);",
    &error);
  g_assert_no_error (error);
  known = count ("SELECT id FROM persons WHERE azr_number = '125501234567'");

  result = import_ok (sample, FALSE);
  g_assert_cmpuint (result->updated, ==, 1);
  g_assert_cmpuint (result->created, ==, 3);
  g_assert_cmpuint (result->duplicates_to_review, ==, 1);
  /* Person by person, for the preview's lists. */
  {
    guint n;
    EaImportChange *c = find_change (result, EA_IMPORT_CHANGE_DUPLICATE, &n);

    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpstr (c->person_id, ==, "P-5512310");
    g_assert_cmpstr (c->name, ==, "Yılmaz, Gülşen");
    g_assert_cmpuint (c->line, ==, 72);
    c = find_change (result, EA_IMPORT_CHANGE_CHANGED, &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpstr (c->name, ==, "Al-Hassan, Yusuf");
    find_change (result, EA_IMPORT_CHANGE_NEW, &n);
    g_assert_cmpuint (n, ==, 3);
  }
  /* Matched by AZR: the same person, now with the platform's id. */
  g_assert_cmpint (person_by_platform ("P-5512093"), ==, known);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Al-Hassan' "
                          "AND given_names = 'Yusuf'"), ==, 1);
  /* Held, never merged silently. */
  g_assert_cmpint (person_by_platform ("P-5512310"), ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM import_reviews WHERE kind = 'duplicate' "
                          "AND person_id = (SELECT id FROM persons WHERE given_names = 'Gulsen') "
                          "AND decision IS NULL"), ==, 1);
  teardown ();
}

/* Keys that differ say two persons (issue "Arrivals as they really
 * come"): a known Gulsen Yilmaz of the same birth date is no probable
 * duplicate of the record when her platform id differs from the
 * record's, nor when her AZR number differs from the record's; without
 * keys she is (test_duplicates). */
static void
test_duplicate_keys_differ (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) by_platform = NULL;
  g_autoptr(EaImportResult) by_azr = NULL;
  g_autofree char *path = NULL;

  setup ();
  _ea_store_exec (store,
    "INSERT INTO persons (platform_id, family_name, given_names, birth_date, gender, status, "
    "  search_text, sort_name, created_at, created_by) VALUES "
    "  ('P-0000001', 'Yilmaz', 'Gulsen', '1998-11-02', 'w', 'present', '', 'yilmaz gulsen', "
    "   'x', 1);", &error);
  g_assert_no_error (error);
  by_platform = import_ok (sample, FALSE);
  g_assert_cmpuint (by_platform->duplicates_to_review, ==, 0);
  g_assert_cmpint (person_by_platform ("P-5512310"), >, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM import_reviews"), ==, 0);
  teardown ();

  /* The record with an AZR number; the known one with another. */
  setup ();
  _ea_store_exec (store,
    "INSERT INTO persons (azr_number, family_name, given_names, birth_date, gender, status, "
    "  search_text, sort_name, created_at, created_by) VALUES "
    "  ('125501111111', 'Yilmaz', 'Gulsen', '1998-11-02', 'w', 'present', '', 'yilmaz gulsen', "
    "   'x', 1);", &error);
  g_assert_no_error (error);
  path = variant ("zuweisung-azr.xml", "<personId>P-5512310</personId>",
                  "<personId>P-5512310</personId><azrNummer>125502222222</azrNummer>", NULL);
  by_azr = import_ok (path, FALSE);
  g_assert_cmpuint (by_azr->duplicates_to_review, ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE azr_number = '125502222222'"), ==,
                   1);
  g_assert_cmpint (count ("SELECT count (*) FROM import_reviews"), ==, 0);
  teardown ();
}

/* The known Gulsen Yilmaz of test_duplicates, the sample imported, and the
 * one probable duplicate it holds. */
static EaImportDuplicate *
held_duplicate (GPtrArray **found)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = NULL;

  setup ();
  _ea_store_exec (store,
    "INSERT INTO persons (family_name, given_names, birth_date, gender, status, search_text, "
    "  sort_name, created_at, created_by) VALUES "
    "  ('Yilmaz', 'Gulsen', '1998-11-02', 'w', 'present', '', 'yilmaz gulsen', 'x', 1);",
    &error);
  g_assert_no_error (error);
  result = import_ok (sample, FALSE);
  g_assert_cmpuint (result->duplicates_to_review, ==, 1);
  *found = ea_import_list_duplicates (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((*found)->len, ==, 1);
  return g_ptr_array_index (*found, 0);
}

/* Why a record is held is said: what agreed and what the keys say. A day
 * that stands for an unknown one (01.01.) and a name alone are not
 * enough: the place of birth or the nationality must agree too. */
static void
test_duplicate_reasons (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(EaImportResult) first = NULL;
  g_autoptr(EaImportResult) second = NULL;
  g_autofree char *stand_in = NULL;
  EaImportDuplicate *d = held_duplicate (&found);

  g_assert_nonnull (strstr (d->message, "(same name and date of birth, no AZR number)"));
  teardown ();

  /* Born "01.01.1998": the same name of another nationality is someone
   * else; of the same nationality (163) held, saying so. */
  stand_in = variant ("zuweisung-01-01.xml", "<geburtsdatum>1998-11-02</geburtsdatum>",
                      "<geburtsdatum>1998-01-01</geburtsdatum>", NULL);
  setup ();
  _ea_store_exec (store,
    "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, search_text, "
    "  sort_name, created_at, created_by) VALUES "
    "  (900, 'Yilmaz', 'Gulsen', '1998-01-01', 'w', 'present', '', 'yilmaz gulsen', 'x', 1);"
    "INSERT INTO person_nationalities (person_id, code, position) VALUES (900, '423', 1);",
    &error);
  g_assert_no_error (error);
  first = import_ok (stand_in, FALSE);
  g_assert_cmpuint (first->duplicates_to_review, ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Yılmaz'"), ==, 1);
  teardown ();

  setup ();
  _ea_store_exec (store,
    "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, search_text, "
    "  sort_name, created_at, created_by) VALUES "
    "  (900, 'Yilmaz', 'Gulsen', '1998-01-01', 'w', 'present', '', 'yilmaz gulsen', 'x', 1);"
    "INSERT INTO person_nationalities (person_id, code, position) VALUES (900, '163', 1);",
    &error);
  g_assert_no_error (error);
  second = import_ok (stand_in, FALSE);
  g_assert_cmpuint (second->duplicates_to_review, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = ea_import_list_duplicates (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  d = g_ptr_array_index (found, 0);
  g_assert_nonnull (strstr (d->message, "(same name, date of birth and nationality, "
                                        "no AZR number)"));
  teardown ();
}

/* "Dieselbe Person": the record updates the person already known, who joins
 * the transfer and the household; the decision is kept and audited. */
static void
test_duplicate_same_person (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(EaSession) housing = NULL;
  EaImportDuplicate *d = held_duplicate (&found);
  gint64 known = count ("SELECT id FROM persons WHERE given_names = 'Gulsen'");
  int persons = count ("SELECT count (*) FROM persons");
  g_autofree char *before = NULL;

  /* Both sides, for the comparison side by side. */
  g_assert_cmpint (d->existing_id, ==, known);
  g_assert_cmpstr (d->existing_name, ==, "Yilmaz, Gulsen");
  g_assert_cmpstr (d->existing_birth_date, ==, "1998-11-02");
  g_assert_cmpstr (d->name, ==, "Yılmaz, Gülşen");
  g_assert_cmpstr (d->birth_date, ==, "1998-11-02");
  g_assert_cmpstr (d->platform_id, ==, "P-5512310");
  g_assert_nonnull (strstr (d->message, "held for review"));

  /* Only who may import decides; a refusal changes nothing. */
  housing = ea_session_login (store, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
  before = fingerprint ();
  g_assert_cmpint (ea_import_decide (housing, d->review_id, TRUE, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  assert_unchanged (before);

  g_assert_cmpint (ea_import_decide (admin, d->review_id, TRUE, &error), ==, known);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count (*) FROM persons"), ==, persons);
  g_assert_cmpint (person_by_platform ("P-5512310"), ==, known);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE given_names = 'Gülşen' "
                          "AND family_name = 'Yılmaz' AND profession = 'Krankenpflegerin'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM transfer_persons tp JOIN transfers t "
                          "ON t.id = tp.transfer_id WHERE t.platform_id = 'Z-2026-004711' "
                          "AND tp.person_id = (SELECT id FROM persons "
                          "WHERE platform_id = 'P-5512310')"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM person_languages WHERE person_id = "
                          "(SELECT id FROM persons WHERE platform_id = 'P-5512310')"), ==, 2);
  g_assert_cmpint (count ("SELECT count (*) FROM import_reviews WHERE decision = 'merged' "
                          "AND decided_by IS NOT NULL"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE action = 'merge'"), ==, 1);

  /* Decided once: no longer listed, and not decided twice. */
  after = ea_import_list_duplicates (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_cmpint (ea_import_decide (admin, d->review_id, FALSE, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_NOT_FOUND);
  g_assert_cmpint (count ("SELECT count (*) FROM persons"), ==, persons);
  teardown ();
}

/* Issue "The window": "Dieselbe Person" keeps the file's spelling with
 * diacritics when the feed writes the name plainly ("Yılmaz, Gülşen"
 * stays, a feed's "Yilmaz, Gulsen" does not replace it). */
static void
test_duplicate_keeps_diacritics (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *plain = NULL;
  EaImportDuplicate *d;
  gint64 known;

  setup ();
  plain = variant ("ohne-sonderzeichen.xml",
                   "<familienname>Yılmaz</familienname>", "<familienname>Yilmaz</familienname>",
                   "<vorname>Gülşen</vorname>", "<vorname>Gulsen</vorname>", NULL);
  _ea_store_exec (store,
    "INSERT INTO persons (family_name, given_names, birth_date, gender, status, search_text, "
    "  sort_name, created_at, created_by) VALUES "
    "  ('Yılmaz', 'Gülşen', '1998-11-02', 'w', 'present', '', 'yilmaz gulsen', 'x', 1);",
    &error);
  g_assert_no_error (error);
  known = count ("SELECT id FROM persons WHERE given_names = 'Gülşen'");
  result = import_ok (plain, FALSE);
  g_assert_cmpuint (result->duplicates_to_review, ==, 1);
  found = ea_import_list_duplicates (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  d = g_ptr_array_index (found, 0);
  g_assert_cmpstr (d->name, ==, "Yilmaz, Gulsen");

  g_assert_cmpint (ea_import_decide (admin, d->review_id, TRUE, &error), ==, known);
  g_assert_no_error (error);
  /* The file keeps its letters; what else the feed brings is taken. */
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Yılmaz' "
                          "AND given_names = 'Gülşen' AND profession = 'Krankenpflegerin'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE given_names = 'Gulsen'"), ==, 0);
  teardown ();
}

/* Issue "The window", merging field by field: a known Gülşen Yılmaz born
 * in İzmir, and the sample's record of her written "Yilmaz" and born in
 * Istanbul, held as a probable duplicate. Returns the person's number. */
static gint64
held_differing (gint64 *review_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *plain = NULL;
  gint64 known;

  setup ();
  plain = variant ("anders-geboren.xml",
                   "<familienname>Yılmaz</familienname>", "<familienname>Yilmaz</familienname>",
                   "<geburtsdatum>1998-11-02</geburtsdatum>",
                   "<geburtsdatum>1998-11-02</geburtsdatum><geburtsort>Istanbul</geburtsort>",
                   NULL);
  _ea_store_exec (store,
    "INSERT INTO persons (family_name, given_names, birth_date, birth_place, gender, status, "
    "  remark, search_text, sort_name, created_at, created_by) VALUES "
    "  ('Yılmaz', 'Gülşen', '1998-11-02', 'İzmir', 'w', 'present', 'Spricht auch Kurdisch', "
    "   '', 'yilmaz gulsen', 'x', 1);",
    &error);
  g_assert_no_error (error);
  known = count ("SELECT id FROM persons WHERE birth_place = 'İzmir'");
  result = import_ok (plain, FALSE);
  g_assert_cmpuint (result->duplicates_to_review, ==, 1);
  found = ea_import_list_duplicates (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  *review_id = ((EaImportDuplicate *) g_ptr_array_index (found, 0))->review_id;
  return known;
}

static EaImportDifference *
find_difference (GPtrArray  *differences,
                 const char *field)
{
  for (guint i = 0; i < differences->len; i++)
    {
      EaImportDifference *d = g_ptr_array_index (differences, i);

      if (g_str_equal (d->field, field))
        return d;
    }
  return NULL;
}

static void
assert_chain_intact (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_true (ea_audit_verify (admin, NULL, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Both values of each differing field, with the default: the file's
 * spelling with diacritics, otherwise the import's value. Deciding with
 * the defaults keeps "Yılmaz" and takes Istanbul. */
static void
test_duplicate_differences (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) differences = NULL;
  g_autoptr(EaSession) housing = NULL;
  EaImportDifference *d;
  gint64 review_id = 0, known = held_differing (&review_id);

  differences = ea_import_list_differences (admin, review_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (differences);

  d = find_difference (differences, "family_name");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->label, ==, "Family name");
  g_assert_cmpstr (d->file_value, ==, "Yılmaz");
  g_assert_cmpstr (d->import_value, ==, "Yilmaz");
  g_assert_cmpstr (d->file_text, ==, "Yılmaz");
  g_assert_true (d->keep_file);

  d = find_difference (differences, "birth_place");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->file_value, ==, "İzmir");
  g_assert_cmpstr (d->import_value, ==, "Istanbul");
  g_assert_false (d->keep_file);

  /* What the import adds is a difference too, taken by default; what is
   * the same is none. */
  d = find_difference (differences, "profession");
  g_assert_nonnull (d);
  g_assert_null (d->file_value);
  g_assert_cmpstr (d->import_text, ==, "Krankenpflegerin");
  g_assert_false (d->keep_file);
  /* What the import does not say, the file keeps by default. */
  d = find_difference (differences, "remark");
  g_assert_nonnull (d);
  g_assert_null (d->import_value);
  g_assert_true (d->keep_file);
  g_assert_null (find_difference (differences, "given_names"));
  g_assert_null (find_difference (differences, "birth_date"));
  g_assert_null (find_difference (differences, "gender"));
  /* The family name comes before the birth place, as in the file. */
  g_assert_true (find_difference (differences, "family_name") == g_ptr_array_index (differences, 0));

  /* Only who may import sees the differences. */
  housing = ea_session_login (store, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
  g_assert_null (ea_import_list_differences (housing, review_id, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);

  /* The defaults, as ea_import_decide () takes them. */
  g_assert_cmpint (ea_import_decide (admin, review_id, TRUE, &error), ==, known);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Yılmaz' "
                          "AND given_names = 'Gülşen' AND birth_place = 'Istanbul' "
                          "AND profession = 'Krankenpflegerin' "
                          "AND remark = 'Spricht auch Kurdisch'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Yilmaz'"), ==, 0);
  /* One entry, naming the fields kept, no value. */
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE action = 'merge' "
                          "AND detail = 'kept from the file: family_name,remark'"), ==, 1);
  /* … which the Protokoll says by the fields' names. */
  {
    g_autofree char *said = ea_import_describe_merge ("kept from the file: family_name,remark");

    g_assert_cmpstr (said, ==, "kept from the file: Family name, Remark");
  }
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE detail LIKE '%Yılmaz%' "
                          "OR detail LIKE '%zmir%' OR detail LIKE '%Istanbul%'"), ==, 0);
  assert_chain_intact ();

  /* Decided: no differences to show any more. */
  g_assert_null (ea_import_list_differences (admin, review_id, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_NOT_FOUND);
  teardown ();
}

/* The user's choice, field by field: the file's birth place kept, the
 * import's plain spelling taken; a field no merge knows is refused. */
static void
test_duplicate_merge_chosen (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  const char *const unknown[] = { "birth_place", "password", NULL };
  const char *const birth_place[] = { "birth_place", NULL };
  gint64 review_id = 0, known = held_differing (&review_id);

  before = fingerprint ();
  g_assert_cmpint (ea_import_decide_merge (admin, review_id, unknown, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  assert_unchanged (before);

  g_assert_cmpint (ea_import_decide_merge (admin, review_id, birth_place, &error), ==, known);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Yilmaz' "
                          "AND birth_place = 'İzmir' AND profession = 'Krankenpflegerin'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE birth_place = 'Istanbul'"), ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM import_reviews WHERE decision = 'merged'"),
                   ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE action = 'merge' "
                          "AND detail = 'kept from the file: birth_place'"), ==, 1);
  assert_chain_intact ();
  teardown ();
}

/* "Verschiedene Personen": the record becomes a person of its own, expected
 * with the transfer's date; the one known before is left as it was. */
static void
test_duplicate_different_persons (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  EaImportDuplicate *d = held_duplicate (&found);
  gint64 known = d->existing_id, id;
  int persons = count ("SELECT count (*) FROM persons");

  id = ea_import_decide (admin, d->review_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (id, !=, known);
  g_assert_cmpint (count ("SELECT count (*) FROM persons"), ==, persons + 1);
  g_assert_cmpint (person_by_platform ("P-5512310"), ==, id);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM persons WHERE id = "
                                      "(SELECT id FROM persons WHERE platform_id = 'P-5512310') "
                                      "AND status = 'expected' AND expected_on = '2026-11-25'"),
                   ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE given_names = 'Gulsen' "
                          "AND platform_id IS NULL AND status = 'present'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM household_members m JOIN households h "
                          "ON h.id = m.household_id WHERE h.platform_id = 'FV-88240'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM import_reviews WHERE decision = 'kept-apart'"),
                   ==, 1);
  teardown ();
}

/* Bett finden from an import's result: the run's arrivals still without a
 * bed, one entry per household, its head first. */
static void
test_unplaced (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = NULL;
  g_autoptr(GPtrArray) arrivals = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(EaSession) reader = NULL;
  EaImportArrival *a;
  gint64 admin_id;

  setup ();
  result = import_ok (sample, FALSE);
  arrivals = ea_import_list_unplaced (admin, result->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arrivals->len, ==, 3);
  a = g_ptr_array_index (arrivals, 0);
  g_assert_cmpstr (a->name, ==, "Al-Hassan, Yusuf");
  g_assert_cmpuint (a->household_size, ==, 3);
  g_assert_cmpstr (a->expected_on, ==, "2026-11-25");
  g_assert_cmpint (a->person_id, ==, person_by_platform ("P-5512093"));
  a = g_ptr_array_index (arrivals, 2);
  g_assert_cmpstr (a->expected_on, ==, "2026-11-26");
  g_assert_cmpint (a->person_id, ==, person_by_platform ("P-5513001"));

  /* Who has arrived is no longer listed; a household counts the rest. */
  ea_test_exec (store, "UPDATE persons SET status = 'present', arrived_on = '2026-11-25' "
                         "WHERE platform_id IN ('P-5512310', 'P-5512094')", &error);
  g_assert_no_error (error);
  later = ea_import_list_unplaced (admin, result->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (later->len, ==, 2);
  g_assert_cmpuint (((EaImportArrival *) g_ptr_array_index (later, 0))->household_size, ==, 2);

  /* Statistics only: no persons. */
  admin_id = count ("SELECT id FROM users WHERE login = 'admin'");
  g_assert_cmpint (_ea_accounts_create_user (store, admin_id, "leitung", "Leitung", "geheim123",
                                             "reader", &error), >, 0);
  reader = ea_session_login (store, "leitung", "geheim123", &error);
  g_assert_no_error (error);
  g_assert_null (ea_import_list_unplaced (reader, result->run_id, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  teardown ();
}

/* aenderung and storno of a later message. */
static void
test_change_and_cancel (void)
{
  g_autofree char *later = variant ("spaeter.xml",
    "<laufendeNummer>41</laufendeNummer>", "<laufendeNummer>42</laufendeNummer>",
    "<zuweisung>\n    <zuweisungsId>Z-2026-004711</zuweisungsId>",
    "<aenderung>\n    <zuweisungsId>Z-2026-004711</zuweisungsId>",
    "<vorname>Rania</vorname>", "<vorname>Rania Maria</vorname>",
    "</familienverbund>\n    <familienverbund id=\"FV-88240\">",
    "</familienverbund>\n  </aenderung>\n  <zuweisung>\n"
    "    <zuweisungsId>Z-2026-004799</zuweisungsId>\n"
    "    <zuweisungsdatum>2026-11-18</zuweisungsdatum>\n"
    "    <ankunftGeplant>2026-11-25</ankunftGeplant>\n"
    "    <herkunftseinrichtung><kennung>LEA-FR</kennung><name>LEA</name></herkunftseinrichtung>\n"
    "    <familienverbund id=\"FV-88240\">",
    "<zuweisungsId>Z-2026-004650</zuweisungsId>", "<zuweisungsId>Z-2026-004712</zuweisungsId>",
    NULL);
  g_autofree char *dry = NULL;
  g_autoptr(EaImportResult) first = NULL;
  g_autoptr(EaImportResult) trial = NULL;
  g_autoptr(EaImportResult) second = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  setup ();
  first = import_ok (sample, FALSE);
  g_assert_cmpuint (first->created, ==, 5);

  /* A dry run says what would change and changes nothing. */
  before = fingerprint ();
  trial = import_ok (later, TRUE);
  after = fingerprint ();
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (trial->updated, ==, 1);
  g_assert_true (trial->dry_run);

  second = import_ok (later, FALSE);
  /* Rania renamed; Gülşen moved to a new transfer, unchanged; Yusuf
   * unchanged; Farid's transfer cancelled. */
  g_assert_cmpuint (second->updated, ==, 1);
  g_assert_cmpuint (second->created, ==, 0);
  g_assert_cmpuint (second->cancelled, ==, 1);
  {
    guint n;
    EaImportChange *c = find_change (second, EA_IMPORT_CHANGE_CANCELLED, &n);

    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpstr (c->person_id, ==, "P-5513001");
    g_assert_cmpstr (c->name, ==, "Ahmadzai, Farid");
  }
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE given_names = 'Rania Maria'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE platform_id = 'P-5513001' "
                          "AND status = 'left' AND expected_on IS NULL"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM transfers WHERE platform_id = 'Z-2026-004712' "
                          "AND state = 'cancelled'"), ==, 1);
  /* The aenderung no longer holds Gülşen's household: she left that
   * transfer but is still expected through the new one. */
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE platform_id = 'P-5512310' "
                          "AND status = 'expected'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM transfer_persons tp JOIN transfers t "
                          "ON t.id = tp.transfer_id WHERE t.platform_id = 'Z-2026-004711'"), ==, 3);
  teardown ();
}


static char *
write_file (const char *name,
            const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* Spreadsheet lists: German headers, dates and country names; a BOM and
 * ';' as Excel writes them, or ',' with quotes; bad rows rejected with
 * their line and column; the same list twice changes nothing. */
static void
test_lists (void)
{
  g_autofree char *excel = write_file ("liste-excel.csv",
    "\xEF\xBB\xBF" "Nachname;Vorname;Geb.-Datum;Geschlecht;Staatsangehörigkeit;Familie;"
    "Sprachen;Ankunft;Schutzbedarf;Bemerkung\r\n"
    "Al-Hassan;Yusuf;14.03.1986;männlich;Syrien;FV-1;ara, eng;02.12.2026;;x\r\n"
    "Al-Hassan;Rania;00.00.1990;weiblich;475;FV-1;ara;02.12.2026;schwanger;\r\n"
    "Kaya;Lina;01.07.2019;w;syrisch;FV-1;;02.12.2026;;\r\n"
    ";;;;;;;;;\r\n"
    "Noori;Omar;31.02.2001;m;Afghanistan;;;;;\r\n"
    "Ahmadzai;Farid;2001-00-00;q;Afghanistan;;;;;\r\n"
    "Tesfay;Yonas;1993-10-10;m;Atlantis;;;;;\r\n");
  g_autofree char *quoted = write_file ("liste-komma.csv",
    "Name,Vornamen,Geburtsdatum,Geschl.,Nationalität,AZR-Nr.\n"
    "\"Al-Hassan, geb. Haddad\",\"Rania\",1990-00-00,w,Syrien,125501234567\n"
    "\"Okafor\",\"Emeka \"\"Meka\"\"\",08.08.1985,m,Nigeria,\n");
  g_autofree char *no_birth = write_file ("ohne-geburtsdatum.csv", "Nachname;Geschlecht;"
                                          "Staatsangehörigkeit\nKaya;w;163\n");
  g_autofree char *latin1 = write_file ("latin1.csv", "Nachname;Geburtsdatum;Geschlecht;"
                                        "Staatsangeh\xf6rigkeit\nK\xf6hler;01.01.1990;m;475\n");
  g_autoptr(EaImportResult) result = NULL;
  g_autoptr(EaImportResult) again = NULL;
  g_autoptr(EaImportResult) second = NULL;
  gboolean birth = FALSE, gender = FALSE, nationality = FALSE;

  setup ();
  result = import_ok (excel, FALSE);
  g_assert_cmpuint (result->created, ==, 3);
  g_assert_cmpuint (result->rejected, ==, 3);
  for (guint i = 0; i < result->errors->len; i++)
    {
      EaImportIssue *e = g_ptr_array_index (result->errors, i);

      g_test_message ("line %u, %s: %s", e->line, e->field, e->message);
      birth |= e->line == 6 && g_str_equal (e->field, "geburtsdatum");
      gender |= e->line == 7 && g_str_equal (e->field, "geschlecht");
      nationality |= e->line == 8 && g_str_equal (e->field, "staatsangehoerigkeit") &&
                     strstr (e->message, "Atlantis") != NULL;
    }
  g_assert_true (birth && gender && nationality);
  /* The unknown column is named and left out. */
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_nonnull (strstr (((EaImportIssue *) g_ptr_array_index (result->warnings, 0))->message,
                            "Bemerkung"));
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Al-Hassan' "
                          "AND status = 'expected' AND expected_on = '2026-12-02'"), ==, 2);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE birth_date = '1990-00-00'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM person_nationalities n JOIN persons p "
                          "ON p.id = n.person_id WHERE p.given_names = 'Lina' "
                          "AND n.code = '475'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM person_languages l JOIN persons p "
                          "ON p.id = l.person_id WHERE p.given_names = 'Yusuf'"), ==, 2);
  g_assert_cmpint (count ("SELECT count (*) FROM household_members m JOIN households h "
                          "ON h.id = m.household_id WHERE h.platform_id = 'FV-1'"), ==, 3);
  g_assert_cmpint (count ("SELECT count (*) FROM household_members WHERE role = 'bezugsperson'"),
                   ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM import_runs WHERE kind = 'csv' "
                          "AND sequence IS NULL AND state = 'partial'"), ==, 1);

  again = import_ok (excel, FALSE);
  g_assert_true (again->repeated);
  g_assert_cmpuint (again->created, ==, 0);

  /* Commas and quotes in fields. */
  second = import_ok (quoted, FALSE);
  g_assert_cmpuint (second->created, ==, 2);
  g_assert_cmpuint (second->duplicates_to_review, ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE given_names = 'Emeka \"Meka\"' "
                          "AND birth_date = '1985-08-08'"), ==, 1);
  /* "Al-Hassan, geb. Haddad" is a name of its own: not a probable
   * duplicate of Rania Al-Hassan, and her AZR number is new. */
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE azr_number = '125501234567' "
                          "AND family_name = 'Al-Hassan, geb. Haddad'"), ==, 1);

  import_refused (no_birth, "Geburtsdatum");
  import_refused (latin1, "UTF-8");
  teardown ();
}

/* A ZIP archive of the given parts (name, text, ...), for workbooks that
 * no spreadsheet program writes. */
static char *
write_archive (const char *name,
               ...)
{
  char *path = g_build_filename (dir, name, NULL);
  struct archive *a = archive_write_new ();
  const char *part;
  va_list args;

  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  va_start (args, name);
  while ((part = va_arg (args, const char *)) != NULL)
    {
      const char *text = va_arg (args, const char *);
      gsize size = va_arg (args, gsize);
      struct archive_entry *entry = archive_entry_new ();

      archive_entry_set_pathname (entry, part);
      archive_entry_set_size (entry, (la_int64_t) size);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, text, size), ==, (la_ssize_t) size);
      archive_entry_free (entry);
    }
  va_end (args);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  return path;
}

/* XLSX lists as Excel writes them (here with libxlsxwriter): shared
 * strings, date cells as day numbers, numbers for AZR numbers, a second
 * sheet that is not read; damaged and oversized workbooks are refused. */
static void
test_workbook (void)
{
  g_autofree char *path = g_build_filename (dir, "liste.xlsx", NULL);
  g_autofree char *garbage = write_file ("kaputt.xlsx", "Nachname;Vorname\nKaya;Lina\n");
  g_autofree char *truncated = NULL;
  g_autofree char *dtd = NULL;
  g_autofree char *bomb = NULL;
  g_autofree char *big = NULL;
  g_autofree char *contents = NULL;
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "Zuweisungen");
  lxw_worksheet *notes = workbook_add_worksheet (workbook, "Notizen");
  lxw_format *day = workbook_add_format (workbook);
  lxw_datetime yusuf = { 1986, 3, 14, 0, 0, 0 }, arrival = { 2026, 12, 2, 0, 0, 0 };
  const char *headers[] = { "Familienname", "Vorname", "Geburtsdatum", "Geschlecht",
                            "Staatsangehörigkeit", "AZR-Nummer", "Familienverbund", "Ankunft" };
  g_autoptr(EaImportResult) result = NULL;
  g_autoptr(EaImportResult) again = NULL;
  const char *dtd_sheet =
    "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaa\">]>"
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
    "<t>&a;</t></is></c></row></sheetData></worksheet>";
  gsize length;

  format_set_num_format (day, "dd.mm.yyyy");
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    worksheet_write_string (sheet, 0, i, headers[i], NULL);
  worksheet_write_string (sheet, 1, 0, "Al-Hassan", NULL);
  worksheet_write_string (sheet, 1, 1, "Yusuf", NULL);
  worksheet_write_datetime (sheet, 1, 2, &yusuf, day);
  worksheet_write_string (sheet, 1, 3, "männlich", NULL);
  worksheet_write_string (sheet, 1, 4, "Syrien", NULL);
  worksheet_write_number (sheet, 1, 5, 125501234567.0, NULL);
  worksheet_write_string (sheet, 1, 6, "FV-7", NULL);
  worksheet_write_datetime (sheet, 1, 7, &arrival, day);
  /* A partial date typed as text; the AZR cell left empty. */
  worksheet_write_string (sheet, 2, 0, "Al-Hassan", NULL);
  worksheet_write_string (sheet, 2, 1, "Rania", NULL);
  worksheet_write_string (sheet, 2, 2, "00.00.1990", NULL);
  worksheet_write_string (sheet, 2, 3, "w", NULL);
  worksheet_write_number (sheet, 2, 4, 475, NULL);
  worksheet_write_string (sheet, 2, 6, "FV-7", NULL);
  worksheet_write_datetime (sheet, 2, 7, &arrival, day);
  /* Row 5 after an empty row 4: gender unknown, rejected with its row. */
  worksheet_write_string (sheet, 4, 0, "Noori", NULL);
  worksheet_write_string (sheet, 4, 2, "01.01.2001", NULL);
  worksheet_write_string (sheet, 4, 3, "q", NULL);
  worksheet_write_string (sheet, 4, 4, "Afghanistan", NULL);
  worksheet_write_string (notes, 0, 0, "Familienname", NULL);
  worksheet_write_string (notes, 1, 0, "Niemand", NULL);
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  setup ();
  result = import_ok (path, FALSE);
  g_assert_cmpuint (result->created, ==, 2);
  g_assert_cmpuint (result->rejected, ==, 1);
  g_assert_cmpuint (((EaImportIssue *) g_ptr_array_index (result->errors, 0))->line, ==, 5);
  g_assert_cmpstr (((EaImportIssue *) g_ptr_array_index (result->errors, 0))->field, ==,
                   "geschlecht");
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE given_names = 'Yusuf' "
                          "AND birth_date = '1986-03-14' AND azr_number = '125501234567' "
                          "AND gender = 'm' AND expected_on = '2026-12-02'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE given_names = 'Rania' "
                          "AND birth_date = '1990-00-00'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM person_nationalities n JOIN persons p "
                          "ON p.id = n.person_id WHERE p.given_names = 'Rania' "
                          "AND n.code = '475'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM household_members m JOIN households h "
                          "ON h.id = m.household_id WHERE h.platform_id = 'FV-7'"), ==, 2);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Niemand'"), ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM import_runs WHERE kind = 'xlsx'"), ==, 1);
  again = import_ok (path, FALSE);
  g_assert_true (again->repeated);
  /* The header row, as the mapping dialog reads it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) columns = ea_import_dup_list_columns (admin, path, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (columns->len, ==, G_N_ELEMENTS (headers));
    g_assert_cmpstr (((EaImportColumn *) g_ptr_array_index (columns, 7))->field, ==,
                     "ankunftGeplant");
    g_assert_true (((EaImportColumn *) g_ptr_array_index (columns, 7))->known);
  }

  /* Not a workbook; a workbook cut short; a sheet with a DTD; a part
   * that unpacks beyond the bound. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  truncated = write_file ("abgeschnitten.xlsx", "");
  g_assert_true (g_file_set_contents (truncated, contents, length / 2, NULL));
  dtd = write_archive ("dtd.xlsx", "xl/worksheets/sheet1.xml", dtd_sheet, strlen (dtd_sheet),
                       NULL);
  big = g_malloc0 (120 * 1024 * 1024);
  memset (big, ' ', 120 * 1024 * 1024);
  bomb = write_archive ("bombe.xlsx", "xl/worksheets/sheet1.xml", big,
                        (gsize) 120 * 1024 * 1024, NULL);
  g_clear_pointer (&big, g_free);
  import_refused (garbage, "XLSX");
  import_refused (truncated, NULL);
  import_refused (dtd, "XML");
  import_refused (bomb, "MB");
  teardown ();
}

/* Headers the import does not know: mapped once in a dialog and saved by
 * name, then the list (and the next one like it) is read with them. */
static void
test_mapping (void)
{
  g_autofree char *list = write_file ("lea-musterstadt.csv",
    "Name des Flüchtlings;Rufname;Tag der Geburt;Sex;Land;Bemerkung\n"
    "Haddad;Rania;1990-00-00;w;Syrien;ruhig\n"
    "Okafor;Emeka;08.08.1985;m;Nigeria;\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(EaImportResult) result = NULL;
  g_autoptr(EaSession) housing = NULL;
  g_autofree char *used = NULL;
  const char *fields[] = { "familienname", "vorname", "geburtsdatum", "geschlecht",
                           "staatsangehoerigkeit", NULL };
  gboolean noted = FALSE;

  setup ();
  import_refused (list, "Nachname");
  columns = ea_import_dup_list_columns (admin, list, &used, &error);
  g_assert_no_error (error);
  g_assert_null (used);
  g_assert_cmpuint (columns->len, ==, 6);
  g_assert_cmpstr (((EaImportColumn *) g_ptr_array_index (columns, 0))->header, ==,
                   "Name des Flüchtlings");
  for (guint i = 0; i < columns->len; i++)
    g_assert_null (((EaImportColumn *) g_ptr_array_index (columns, i))->field);

  /* Two columns for one field, no name, or not allowed: nothing saved. */
  for (guint i = 0; i < columns->len; i++)
    ((EaImportColumn *) g_ptr_array_index (columns, i))->field = g_strdup ("vorname");
  g_assert_false (ea_import_save_mapping (admin, "LEA Musterstadt", columns, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Rufname"));
  g_clear_error (&error);
  for (guint i = 0; i < columns->len; i++)
    {
      EaImportColumn *c = g_ptr_array_index (columns, i);

      g_free (c->field);
      c->field = g_strdup (fields[MIN (i, G_N_ELEMENTS (fields) - 1)]);
    }
  g_assert_false (ea_import_save_mapping (admin, "  ", columns, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  housing = ea_session_login (store, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
  g_assert_false (ea_import_save_mapping (housing, "LEA Musterstadt", columns, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count (*) FROM import_mappings"), ==, 0);

  g_assert_true (ea_import_save_mapping (admin, "LEA Musterstadt", columns, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE action = 'change' "
                          "AND object_type = 'import-mapping'"), ==, 1);

  /* The dialog shows the mapping; the import reads the list with it. */
  g_clear_pointer (&used, g_free);
  again = ea_import_dup_list_columns (admin, list, &used, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (used, ==, "LEA Musterstadt");
  g_assert_cmpstr (((EaImportColumn *) g_ptr_array_index (again, 2))->field, ==, "geburtsdatum");
  g_assert_null (((EaImportColumn *) g_ptr_array_index (again, 5))->field);
  result = import_ok (list, FALSE);
  g_assert_cmpuint (result->created, ==, 2);
  for (guint i = 0; i < result->warnings->len; i++)
    noted |= strstr (((EaImportIssue *) g_ptr_array_index (result->warnings, i))->message,
                     "LEA Musterstadt") != NULL;
  g_assert_true (noted);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Okafor' "
                          "AND given_names = 'Emeka' AND birth_date = '1985-08-08' "
                          "AND gender = 'm'"), ==, 1);
  teardown ();
}

typedef struct
{
  GArray       *fractions;
  GCancellable *cancel_at_first;
} Progress;

static void
progress_cb (double   fraction,
             gpointer data)
{
  Progress *p = data;

  g_array_append_val (p->fractions, fraction);
  if (p->cancel_at_first != NULL)
    g_cancellable_cancel (p->cancel_at_first);
}

/* The share done rises to 1; cancelled midway, nothing is stored. */
static void
test_progress_and_cancel (void)
{
  g_autoptr(GString) csv = g_string_new ("Nachname;Vorname;Geburtsdatum;Geschlecht;"
                                         "Staatsangehörigkeit\n");
  g_autofree char *list = NULL;
  g_autofree char *before = NULL;
  const char *sources[2];

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (csv, "Muster%u;Anna;%02u.%02u.19%02u;w;Syrien\n", i,
                            1 + i % 28, 1 + i % 12, 40 + i % 60);
  list = write_file ("lang.csv", csv->str);
  sources[0] = sample;
  sources[1] = list;

  setup ();
  for (guint k = 0; k < G_N_ELEMENTS (sources); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(EaImportResult) cancelled = NULL;
      g_autoptr(EaImportResult) dry = NULL;
      Progress cancel = { g_array_new (FALSE, FALSE, sizeof (double)), cancellable };
      Progress seen = { g_array_new (FALSE, FALSE, sizeof (double)), NULL };

      /* Cancelled at the first report: refused, the database as it was. */
      g_free (before);
      before = fingerprint ();
      cancelled = ea_import_file (admin, sources[k], FALSE, progress_cb, &cancel, cancellable,
                                  &error);
      g_assert_null (cancelled);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      assert_unchanged (before);
      g_clear_error (&error);

      dry = ea_import_file (admin, sources[k], TRUE, progress_cb, &seen, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (dry->created, ==, k == 0 ? 5 : 400);
      g_assert_cmpuint (seen.fractions->len, >, 1);
      for (guint i = 1; i < seen.fractions->len; i++)
        g_assert_cmpfloat (g_array_index (seen.fractions, double, i), >,
                           g_array_index (seen.fractions, double, i - 1));
      g_assert_cmpfloat (g_array_index (seen.fractions, double, seen.fractions->len - 1), ==,
                         1.0);
      if (k == 1)
        g_assert_cmpuint (seen.fractions->len, >=, 100);
      g_array_unref (cancel.fractions);
      g_array_unref (seen.fractions);
    }
  teardown ();
}

/* Only administrators import. */
static void
test_rights (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) housing = NULL;
  g_autoptr(EaImportResult) result = NULL;

  setup ();
  housing = ea_session_login (store, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
  result = ea_import_xml_file (housing, sample, FALSE, &error);
  g_assert_null (result);
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  teardown ();
}

/* A feed of @n persons, P-L-0 … in transfers of 20, one element on each
 * line (or all on one line): person 7200 has a family name of 95
 * letters, person 7600 the gender "q", and the transfer of persons 7300 to
 * 7319 arrives "morgen". */
static char *
long_feed (const char *name,
           guint       n,
           gboolean    one_line,
           const char *sequence)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  char *path = g_build_filename (dir, name, NULL);
  const char *nl = one_line ? "" : "\n";

  g_string_append_printf (xml,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%s"
    "<zuweisungsliste xmlns=\"urn:eakte:zuweisung:1\" version=\"1.0\">%s"
    "<kopf>%s<nachrichtId>LANG</nachrichtId>%s<erstellt>2026-11-20T08:15:00+01:00</erstellt>%s"
    "<absender><kennung>LEA</kennung><name>LEA</name></absender>%s"
    "<empfaenger><ags>08315000</ags><name>Kreis</name></empfaenger>%s"
    "<laufendeNummer>%s</laufendeNummer>%s</kopf>%s", nl, nl, nl, nl, nl, nl, nl, sequence, nl,
    nl);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *family = i == 7200 ? g_strnfill (95, 'a') : g_strdup_printf ("Lang%u", i);

      if (i % 20 == 0)
        g_string_append_printf (xml, "%s<zuweisung>%s<zuweisungsId>Z-L-%u</zuweisungsId>%s"
                                "<zuweisungsdatum>2026-11-18</zuweisungsdatum>%s"
                                "<ankunftGeplant>%s</ankunftGeplant>%s"
                                "<herkunftseinrichtung><kennung>LEA</kennung><name>LEA</name>"
                                "</herkunftseinrichtung>%s<familienverbund id=\"FV-L-%u\">%s",
                                i > 0 ? "</familienverbund></zuweisung>" : "", nl, i, nl, nl,
                                i == 7300 ? "morgen" : "2026-12-01", nl, nl, i, nl);
      g_string_append_printf (xml,
        "<person>%s<personId>P-L-%u</personId>%s<familienname>%s</familienname>%s"
        "<vorname>Test</vorname>%s<geburtsdatum>%u-%02u-%02u</geburtsdatum>%s"
        "<geschlecht>%s</geschlecht>%s"
        "<staatsangehoerigkeit><code>475</code></staatsangehoerigkeit>%s"
        "<rolleImFamilienverbund>%s</rolleImFamilienverbund>%s</person>%s",
        nl, i, nl, family, nl, nl, 1930 + i % 80, 1 + (i / 80) % 12, 1 + (i / 960) % 28, nl,
        i == 7600 ? "q" : "m", nl, nl, i % 20 == 0 ? "bezugsperson" : "sonstige", nl, nl);
    }
  g_string_append_printf (xml, "</familienverbund></zuweisung>%s</zuweisungsliste>%s", nl, nl);
  g_assert_true (g_file_set_contents (path, xml->str, -1, NULL));
  return path;
}

/* The line of the first @needle in the file, counted as an editor does. */
static guint
line_of (const char *path,
         const char *needle)
{
  g_autofree char *text = NULL;
  const char *at;
  guint line = 1;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  at = strstr (text, needle);
  g_assert_nonnull (at);
  for (const char *c = text; c < at; c++)
    line += *c == '\n';
  return line;
}

/* Issue "Nothing lost", 2: past line 65,535 an invalid record was stored
 * and a valid one dropped, because errors were matched to records by a
 * line number that stopped there. Errors now belong to the record the
 * parser was in, and name its true line; a feed on one line shows that
 * no line number is needed at all. */
static void
test_long_feed_errors (void)
{
  g_autofree char *lines = long_feed ("lang.xml", 8000, FALSE, "700");
  g_autofree char *flat = long_feed ("flach.xml", 8000, TRUE, "701");
  g_autofree char *long_name = g_strnfill (95, 'a');
  g_autofree char *long_name_sql = g_strdup_printf ("SELECT count (*) FROM persons WHERE "
                                                    "family_name = '%s'", long_name);
  const char *feeds[] = { lines, flat };

  for (guint k = 0; k < G_N_ELEMENTS (feeds); k++)
    {
      g_autoptr(EaImportResult) result = NULL;
      guint name_line = k == 0 ? line_of (lines, "<personId>P-L-7200<") + 1 : 1;
      guint gender_line = k == 0 ? line_of (lines, "<geschlecht>q<") : 1;
      guint arrival_line = k == 0 ? line_of (lines, "<ankunftGeplant>morgen<") : 1;
      gboolean name = FALSE, gender = FALSE, arrival = FALSE;

      setup ();
      g_assert_cmpuint (gender_line, >, k == 0 ? 65535 : 0);
      result = import_ok (feeds[k], FALSE);
      g_assert_cmpuint (result->created, ==, 8000 - 22);
      g_assert_cmpuint (result->rejected, ==, 22);
      for (guint i = 0; i < result->errors->len; i++)
        {
          EaImportIssue *e = g_ptr_array_index (result->errors, i);

          name |= g_strcmp0 (e->person_id, "P-L-7200") == 0 &&
                  g_strcmp0 (e->field, "familienname") == 0 && e->line == name_line;
          gender |= g_strcmp0 (e->person_id, "P-L-7600") == 0 &&
                    g_strcmp0 (e->field, "geschlecht") == 0 && e->line == gender_line;
          arrival |= g_strcmp0 (e->person_id, "P-L-7307") == 0 &&
                     g_strcmp0 (e->field, "ankunftGeplant") == 0 && e->line == arrival_line;
        }
      g_assert_true (name && gender && arrival);
      /* The invalid are not stored, their neighbours are. */
      g_assert_cmpint (count (long_name_sql), ==, 0);
      g_assert_cmpint (person_by_platform ("P-L-7200"), ==, 0);
      g_assert_cmpint (person_by_platform ("P-L-7201"), >, 0);
      g_assert_cmpint (person_by_platform ("P-L-7199"), >, 0);
      g_assert_cmpint (person_by_platform ("P-L-7600"), ==, 0);
      g_assert_cmpint (person_by_platform ("P-L-7601"), >, 0);
      g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE platform_id "
                              "BETWEEN 'P-L-7300' AND 'P-L-7319' "
                              "AND length (platform_id) = 8"), ==, 0);
      g_assert_cmpint (person_by_platform ("P-L-7320"), >, 0);
      teardown ();
    }
}

/* Issue "Nothing lost", 3 and 8: a message number larger than the
 * database holds is refused, not rounded to look imported before; a
 * family name of spaces rejects that person only, a name longer than the
 * schema's 90 letters in a list as well. */
static void
test_bounds_of_fields (void)
{
  g_autofree char *huge = variant ("riesig.xml", "<laufendeNummer>41</laufendeNummer>",
                                   "<laufendeNummer>9223372036854775808</laufendeNummer>", NULL);
  g_autofree char *largest = variant ("groesste.xml", "<laufendeNummer>41</laufendeNummer>",
                                      "<laufendeNummer>9223372036854775807</laufendeNummer>",
                                      NULL);
  g_autofree char *blank = variant ("leer.xml", "<familienname>Al-Hassan</familienname>",
                                    "<familienname>   </familienname>", NULL);
  g_autofree char *long_name = g_strnfill (20 * 1024 * 1024, 'x');
  g_autofree char *csv_text = g_strdup_printf ("Nachname;Vorname;Geburtsdatum;Geschlecht;"
                                               "Staatsangehörigkeit\n%s;Anna;01.02.1990;w;Syrien\n"
                                               "   ;Bert;01.02.1991;m;Syrien\n"
                                               "Gut;Carla;01.02.1992;w;Syrien\n", long_name);
  g_autofree char *csv = write_file ("lang-name.csv", csv_text);
  g_autoptr(EaImportResult) largest_result = NULL;
  g_autoptr(EaImportResult) blank_result = NULL;
  g_autoptr(EaImportResult) csv_result = NULL;

  setup ();
  import_refused (huge, "9223372036854775807");
  largest_result = import_ok (largest, FALSE);
  g_assert_cmpint (largest_result->sequence, ==, G_MAXINT64);
  teardown ();

  setup ();
  blank_result = import_ok (blank, FALSE);
  g_assert_cmpuint (blank_result->rejected, ==, 1);
  g_assert_cmpuint (blank_result->created, ==, 4);
  g_assert_cmpstr (((EaImportIssue *) g_ptr_array_index (blank_result->errors, 0))->field, ==,
                   "familienname");

  csv_result = import_ok (csv, FALSE);
  g_assert_cmpuint (csv_result->rejected, ==, 2);
  g_assert_cmpuint (csv_result->created, ==, 1);
  g_assert_cmpint (count ("SELECT max (length (family_name)) FROM persons"), <=, 90);
  teardown ();

  /* The same limits for a workbook: each bad row is rejected with the
   * field and its row, and the good one is imported. */
  {
    g_autoptr(GString) sheet = g_string_new ("<?xml version=\"1.0\"?><worksheet xmlns=\""
                                             "http://schemas.openxmlformats.org/spreadsheetml/"
                                             "2006/main\"><sheetData>");
    g_autoptr(GString) strings = g_string_new ("<?xml version=\"1.0\"?><sst xmlns=\""
                                               "http://schemas.openxmlformats.org/"
                                               "spreadsheetml/2006/main\"><si><t>");
    const char *rows[][5] = {
      { "Nachname", "Vorname", "Geburtsdatum", "Geschlecht", "Staatsangehörigkeit" },
      { NULL, "Anna", "01.02.1990", "w", "Syrien" },
      { "   ", "Bert", "01.02.1991", "m", "Syrien" },
      { "Gut", "Carla", "01.02.1992", "w", "Syrien" },
    };
    g_autofree char *book = NULL;
    g_autoptr(EaImportResult) book_result = NULL;

    /* The long name is the workbook's one shared string. */
    g_string_append (strings, long_name);
    g_string_append (strings, "</t></si></sst>");
    for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
      {
        g_string_append_printf (sheet, "<row r=\"%u\">", r + 1);
        for (guint c = 0; c < 5; c++)
          if (rows[r][c] == NULL)
            g_string_append_printf (sheet, "<c r=\"%c%u\" t=\"s\"><v>0</v></c>", 'A' + c, r + 1);
          else
            g_string_append_printf (sheet, "<c r=\"%c%u\" t=\"inlineStr\"><is><t xml:space="
                                    "\"preserve\">%s</t></is></c>", 'A' + c, r + 1, rows[r][c]);
        g_string_append (sheet, "</row>");
      }
    g_string_append (sheet, "</sheetData></worksheet>");
    book = write_archive ("lang-name.xlsx", "xl/worksheets/sheet1.xml", sheet->str, sheet->len,
                          "xl/sharedStrings.xml", strings->str, strings->len, NULL);

    setup ();
    book_result = import_ok (book, FALSE);
    g_assert_cmpuint (book_result->rejected, ==, 2);
    g_assert_cmpuint (book_result->created, ==, 1);
    g_assert_cmpuint (book_result->errors->len, ==, 2);
    for (guint i = 0; i < book_result->errors->len; i++)
      {
        EaImportIssue *issue = g_ptr_array_index (book_result->errors, i);

        g_test_message ("row %u, %s: %s", issue->line, issue->field, issue->message);
        g_assert_cmpuint (issue->line, ==, i + 2);
        g_assert_cmpstr (issue->field, ==, "familienname");
      }
    g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE family_name = 'Gut'"), ==, 1);
    g_assert_cmpint (count ("SELECT max (length (family_name)) FROM persons"), <=, 90);
    teardown ();
  }
}

/* Issue "Nothing lost", 16 and 17: 200,000 attributes in one element are
 * refused before the parser spends quadratic time on them, while '='
 * inside comments, CDATA and values counts for nothing; a FIFO or a
 * device is refused instead of read for ever. */
static void
test_hostile_shapes (void)
{
  g_autoptr(GString) attributes = g_string_new ("<beruf");
  g_autoptr(GString) equals = g_string_new (NULL);
  g_autofree char *many = NULL;
  g_autofree char *harmless = NULL;
  g_autofree char *fifo = g_build_filename (dir, "zuweisung-fifo.xml", NULL);
  g_autoptr(EaImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (attributes, " a%u=\"\"", i);
  g_string_append (attributes, ">Bauingenieur</beruf>");
  many = variant ("attribute.xml", "<beruf>Bauingenieur</beruf>", attributes->str, NULL);
  /* 90 '=', more than 64, short enough for a profession (200). */
  for (guint i = 0; i < 90; i++)
    g_string_append (equals, "x=");
  {
    g_autofree char *comment = g_strdup_printf ("<!-- %s > -->\n<kopf>", equals->str);
    g_autofree char *cdata = g_strdup_printf ("<beruf><![CDATA[%s > ]]></beruf>", equals->str);

    harmless = variant ("harmlos.xml", "<kopf>", comment, "<beruf>Bauingenieur</beruf>", cdata,
                        NULL);
  }
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  setup ();
  import_refused (many, "more than 64 attributes");
  result = import_ok (harmless, TRUE);
  g_assert_cmpuint (result->created, ==, 5);
  g_assert_cmpuint (result->rejected, ==, 0);

  before = fingerprint ();
  g_assert_null (ea_import_xml_file (admin, fifo, FALSE, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not a file"));
  g_clear_error (&error);
  g_assert_null (ea_import_xml_file (admin, "/dev/zero", FALSE, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (ea_import_list_file (admin, "/dev/zero", FALSE, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (ea_import_list_file (admin, dir, FALSE, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  assert_unchanged (before);
  teardown ();
}

/* Issue "Nothing lost", 15 and 16: a small workbook whose rows each hold
 * one cell in Excel's last column (it asked for 6.4 GB), and a sheet with
 * 100,000 attributes in one element, are refused; a sparse but honest
 * list is read. */
static void
test_workbook_shapes (void)
{
  g_autoptr(GString) far = g_string_new ("<?xml version=\"1.0\"?><worksheet xmlns=\""
                                         "http://schemas.openxmlformats.org/spreadsheetml/"
                                         "2006/main\"><sheetData>");
  g_autoptr(GString) attributes = g_string_new (far->str);
  g_autoptr(GString) sparse = g_string_new (far->str);
  g_autofree char *far_book = NULL;
  g_autofree char *attribute_book = NULL;
  g_autofree char *sparse_book = NULL;
  g_autoptr(EaImportResult) result = NULL;

  for (guint r = 1; r <= 10000; r++)
    g_string_append_printf (far, "<row r=\"%u\"><c r=\"XFD%u\" t=\"inlineStr\"><is><t>x</t></is>"
                            "</c></row>", r, r);
  g_string_append (far, "</sheetData></worksheet>");
  g_string_append (attributes, "<row r=\"1\"");
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (attributes, " a%u=\"1\"", i);
  g_string_append (attributes, "/></sheetData></worksheet>");
  /* Headers in A to E, and a remark far out in column Z of the second row:
   * a little padding, well within the budget. */
  g_string_append (sparse, "<row r=\"1\">");
  {
    const char *heads[] = { "Nachname", "Vorname", "Geburtsdatum", "Geschlecht",
                            "Staatsangehörigkeit" };
    const char *values[] = { "Kaya", "Lina", "14.03.1986", "w", "Türkei" };

    for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
      g_string_append_printf (sparse, "<c r=\"%c1\" t=\"inlineStr\"><is><t>%s</t></is></c>",
                              'A' + i, heads[i]);
    g_string_append (sparse, "</row><row r=\"2\">");
    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      g_string_append_printf (sparse, "<c r=\"%c2\" t=\"inlineStr\"><is><t>%s</t></is></c>",
                              'A' + i, values[i]);
    g_string_append (sparse, "<c r=\"Z2\" t=\"inlineStr\"><is><t>Notiz</t></is></c></row>");
  }
  g_string_append (sparse, "</sheetData></worksheet>");
  far_book = write_archive ("weit.xlsx", "xl/worksheets/sheet1.xml", far->str, far->len, NULL);
  attribute_book = write_archive ("attribute.xlsx", "xl/worksheets/sheet1.xml", attributes->str,
                                  attributes->len, NULL);
  sparse_book = write_archive ("duenn.xlsx", "xl/worksheets/sheet1.xml", sparse->str,
                               sparse->len, NULL);

  setup ();
  import_refused (far_book, "column 16384");
  import_refused (attribute_book, "attributes");
  result = import_ok (sparse_book, TRUE);
  g_assert_cmpuint (result->created, ==, 1);
  teardown ();
}

#if defined (__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined (__has_feature)
#if __has_feature (address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifndef UNDER_ASAN
/* Lets this process map at most @more bytes beyond what it maps now: an
 * allocation past that fails, and GLib aborts. (AddressSanitizer maps
 * terabytes of shadow memory: under it, the bound is the reader's own.) */
static void
limit_address_space (gsize more)
{
  g_autofree char *statm = NULL;
  struct rlimit limit;
  gsize pages;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  pages = (gsize) g_ascii_strtoull (statm, NULL, 10);
  limit.rlim_cur = limit.rlim_max = pages * (gsize) sysconf (_SC_PAGESIZE) + more;
  g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);
}
#endif

/* Issue "Nothing lost", 15: one shared string of 30,000 characters that
 * 200,000 small cells refer to asked for 6 GB, a copy for each cell. The
 * reader counts the text its cells would hold against what the file
 * holds and refuses, naming the row, before it has spent more than some
 * tens of MB: the import runs in a child that may map no more than
 * 160 MB beyond what it maps when the import begins (but under
 * AddressSanitizer, which maps terabytes of shadow), and the bound the
 * message names is checked as well. */
static void
test_workbook_shared_text (void)
{
  g_autoptr(GString) sheet = NULL;
  g_autoptr(GString) strings = NULL;
  g_autofree char *book = NULL;
  g_autofree char *long_text = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = NULL;
  const char *bound;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  sheet = g_string_new ("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
                        "spreadsheetml/2006/main\"><sheetData><row r=\"1\">");
  strings = g_string_new ("<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/"
                          "spreadsheetml/2006/main\"><si><t>");
  long_text = g_strnfill (30000, 'x');
  g_string_append (strings, long_text);
  g_string_append (strings, "</t></si></sst>");
  {
    const char *heads[] = { "Nachname", "Vorname", "Geburtsdatum", "Geschlecht",
                            "Staatsangehörigkeit" };

    for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
      g_string_append_printf (sheet, "<c r=\"%c1\" t=\"inlineStr\"><is><t>%s</t></is></c>",
                              'A' + i, heads[i]);
  }
  g_string_append (sheet, "</row>");
  for (guint r = 2; r <= 200001; r++)
    g_string_append_printf (sheet, "<row r=\"%u\"><c r=\"A%u\" t=\"s\"><v>0</v></c></row>", r, r);
  g_string_append (sheet, "</sheetData></worksheet>");
  book = write_archive ("geteilt.xlsx", "xl/worksheets/sheet1.xml", sheet->str, sheet->len,
                        "xl/sharedStrings.xml", strings->str, strings->len, NULL);
  g_string_free (g_steal_pointer (&sheet), TRUE);
  g_string_free (g_steal_pointer (&strings), TRUE);

  setup ();
  before = fingerprint ();
#ifndef UNDER_ASAN
  limit_address_space (160 * 1024 * 1024);
#endif
  result = ea_import_list_file (admin, book, FALSE, &error);
  g_assert_null (result);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "more text than this program reads"));
  g_assert_nonnull (strstr (error->message, "by row "));
  /* The reader's own bound: tens of MB, not gigabytes. */
  bound = strstr (error->message, "more than ");
  g_assert_nonnull (bound);
  g_assert_cmpuint (g_ascii_strtoull (bound + strlen ("more than "), NULL, 10), <=, 64);
  assert_unchanged (before);
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ea_test_pin_clock (EA_TEST_NOW);
  dir = ea_test_dir_make_tmp ();
  g_assert_no_error (error);
  sample = g_test_build_filename (G_TEST_DIST, "data", "beispiel-zuweisung.xml", NULL);

  g_test_add_func ("/import/sample", test_sample);
  g_test_add_func ("/import/partly-invalid", test_partly_invalid);
  g_test_add_func ("/import/refused", test_refused);
  g_test_add_func ("/import/duplicates", test_duplicates);
  g_test_add_func ("/import/duplicate-keys-differ", test_duplicate_keys_differ);
  g_test_add_func ("/import/duplicate-reasons", test_duplicate_reasons);
  g_test_add_func ("/import/unplaced", test_unplaced);
  g_test_add_func ("/import/duplicates/same-person", test_duplicate_same_person);
  g_test_add_func ("/import/duplicates/keeps-diacritics", test_duplicate_keeps_diacritics);
  g_test_add_func ("/import/duplicates/different-persons", test_duplicate_different_persons);
  g_test_add_func ("/import/duplicates/differences", test_duplicate_differences);
  g_test_add_func ("/import/duplicates/merge-chosen", test_duplicate_merge_chosen);
  g_test_add_func ("/import/change-and-cancel", test_change_and_cancel);
  g_test_add_func ("/import/lists", test_lists);
  g_test_add_func ("/import/workbook", test_workbook);
  g_test_add_func ("/import/mapping", test_mapping);
  g_test_add_func ("/import/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/import/rights", test_rights);
  g_test_add_func ("/import/long-feed-errors", test_long_feed_errors);
  g_test_add_func ("/import/bounds-of-fields", test_bounds_of_fields);
  g_test_add_func ("/import/hostile-shapes", test_hostile_shapes);
  g_test_add_func ("/import/workbook-shapes", test_workbook_shapes);
  g_test_add_func ("/import/workbook-shared-text", test_workbook_shared_text);

  ret = g_test_run ();
  g_free (sample);
  g_free (dir);
  return ret;
}
