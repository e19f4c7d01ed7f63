/* SPDX-License-Identifier: EUPL-1.2 */
/* The person file: persons written by hand with validation that names the
 * field, the file as each role reads it, case notes with revisions, and
 * documents stored once with their text (PDF and OCR) found by search. */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <sys/stat.h>

#include "ea-test-util.h"
#include "ea-accounts-private.h"
#include "ea-store-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static EaStore *store;
static EaSession *social;
static EaSession *social2;
static EaSession *housing;
static EaSession *admin;
static char *dir;

static EaSession *
login (const char *user)
{
  g_autoptr(GError) error = NULL;
  EaSession *session = ea_session_login (store, user, "geheim123", &error);

  g_assert_no_error (error);
  return session;
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ea_test_temp_db_path ();

  dir = ea_test_on_server () ? ea_test_dir_make_tmp () : g_path_get_dirname (path);
  store = ea_store_open (path, EA_STORE_OPEN_NEW, &error);
  g_assert_no_error (error);
  ea_accounts_initialize_office (store, "05314000", "Testamt", "admin", "geheim123", &error);
  g_assert_no_error (error);
  g_assert_cmpint (_ea_accounts_create_user (store, 1, "sozial", "Sozial Eins", "geheim123",
                                             "social", &error), >, 0);
  g_assert_cmpint (_ea_accounts_create_user (store, 1, "sozial2", "Sozial Zwei", "geheim123",
                                             "social", &error), >, 0);
  g_assert_cmpint (_ea_accounts_create_user (store, 1, "verwaltung", "Verwaltung", "geheim123",
                                             "housing", &error), >, 0);
  g_assert_cmpint (_ea_accounts_create_user (store, 1, "leitung", "Leitung", "geheim123",
                                             "reader", &error), >, 0);
  social = login ("sozial");
  social2 = login ("sozial2");
  housing = login ("verwaltung");
  admin = login ("admin");
}

static void
teardown (void)
{
  g_clear_object (&social);
  g_clear_object (&social2);
  g_clear_object (&housing);
  g_clear_object (&admin);
  g_clear_object (&store);
  g_clear_pointer (&dir, g_free);
}

static int
count (const char *sql)
{
  return ea_test_query_int (store, sql);
}

static gint64
create (const char *family,
        const char *given,
        const char *birth)
{
  g_autoptr(GError) error = NULL;
  EaPersonFields fields = { 0 };
  gint64 id;

  fields.family_name = g_strdup (family);
  fields.given_names = g_strdup (given);
  fields.birth_date = g_strdup (birth);
  fields.gender = g_strdup ("w");
  fields.nationalities[0] = g_strdup ("475");
  id = ea_person_create (social, &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  ea_person_fields_clear (&fields);
  return id;
}

static void
refused_field (EaPersonFields *fields,
               EaError         code,
               const char     *prefix)
{
  g_autoptr(GError) error = NULL;
  int before = count ("SELECT count(*) FROM persons");

  g_assert_cmpint (ea_person_create (social, fields, &error), ==, 0);
  g_assert_error (error, EA_ERROR, code);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not begin with “%s”", error->message, prefix);
  g_assert_cmpint (count ("SELECT count(*) FROM persons"), ==, before);
}

#define SET(field, value) G_STMT_START { g_free (fields.field); \
    fields.field = g_strdup (value); } G_STMT_END

static void
test_person_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonFile) file = NULL;
  g_autoptr(EaPersonFile) seen_by_admin = NULL;
  g_autoptr(EaPersonList) list = NULL;
  EaPersonFields fields = { 0 };
  gint64 id;

  setup ();
  SET (family_name, "Öztürk");
  SET (given_names, "Elif");
  SET (birth_date, "00.07.2019");
  SET (gender, "w");
  SET (religion, "islam-sunnitisch");
  SET (azr_number, "123456789012");
  fields.nationalities[0] = g_strdup ("163");

  /* Each refusal names its field, and stores nothing. */
  SET (family_name, "");
  refused_field (&fields, EA_ERROR_INVALID, "Family name:");
  SET (family_name, "Öztürk");
  SET (birth_date, "31.02.2019");
  refused_field (&fields, EA_ERROR_INVALID, "Birth date:");
  SET (birth_date, "01.01.2099");
  refused_field (&fields, EA_ERROR_INVALID, "Birth date:");
  SET (birth_date, "00.07.2019");
  SET (azr_number, "12345678901");
  refused_field (&fields, EA_ERROR_INVALID, "AZR number: an AZR number has 12 digits.");
  SET (azr_number, "12345678901x");
  refused_field (&fields, EA_ERROR_INVALID, "AZR number:");
  SET (azr_number, "123456789012");
  SET (gender, "q");
  refused_field (&fields, EA_ERROR_INVALID, "Gender:");
  SET (gender, "w");
  fields.nationalities[1] = g_strdup ("163");
  refused_field (&fields, EA_ERROR_INVALID, "Nationality:");
  g_clear_pointer (&fields.nationalities[1], g_free);
  fields.nationalities[1] = g_strdup ("4711");
  refused_field (&fields, EA_ERROR_INVALID, "Nationality:");
  g_clear_pointer (&fields.nationalities[1], g_free);

  id = ea_person_create (social, &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM persons WHERE birth_date = '2019-07-00' "
                          "AND status = 'expected'"), ==, 1);
  /* The same AZR number twice is refused with the other person named. */
  refused_field (&fields, EA_ERROR_EXISTS, "AZR number:");
  ea_person_fields_clear (&fields);

  /* Roles: readers and administrators do not write persons. */
  {
    g_autoptr(EaSession) reader = login ("leitung");
    EaPersonFields other = { 0 };

    other.family_name = g_strdup ("Muster");
    other.birth_date = g_strdup ("1980");
    other.gender = g_strdup ("m");
    g_assert_cmpint (ea_person_create (reader, &other, &error), ==, 0);
    g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_cmpint (ea_person_create (admin, &other, &error), ==, 0);
    g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
    g_clear_error (&error);
    ea_person_fields_clear (&other);
  }

  /* The file: shown as the office writes dates; each opening logged. */
  file = ea_person_file_load (social, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file->fields.family_name, ==, "Öztürk");
  g_assert_cmpstr (file->fields.birth_date, ==, "2019-07-00");
  g_assert_cmpstr (file->fields.religion, ==, "islam-sunnitisch");
  g_assert_cmpstr (file->status_label, ==, "erwartet");
  g_assert_cmpuint (file->nationalities->len, ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'read' AND "
                          "object_type = 'person'"), ==, 1);
  seen_by_admin = ea_person_file_load (admin, id, &error);
  g_assert_no_error (error);
  g_assert_true (seen_by_admin->special_hidden);
  g_assert_null (seen_by_admin->fields.religion);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'read'"), ==, 2);

  /* Languages and needs, checked. */
  {
    const char *codes[] = { "tur", "deu", NULL };
    const char *levels[] = { "M", "A2", NULL };
    const char *bad_levels[] = { "M", "Z9", NULL };
    const char *needs[] = { "trauma", NULL };

    g_assert_false (ea_person_set_languages (social, id, codes, bad_levels, &error));
    g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (ea_person_set_languages (social, id, codes, levels, &error));
    g_assert_no_error (error);
    g_assert_true (ea_person_set_vulnerabilities (social, id, needs, &error));
    g_assert_no_error (error);
    g_assert_false (ea_person_set_vulnerabilities (admin, id, needs, &error));
    g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
    g_clear_error (&error);
    g_clear_pointer (&file, ea_person_file_free);
    file = ea_person_file_load (social, id, &error);
    g_assert_cmpuint (file->languages->len, ==, 2);
    g_assert_cmpstr (((EaCodedValue *) g_ptr_array_index (file->languages, 0))->extra, ==, "M");
    g_assert_cmpuint (file->vulnerabilities->len, ==, 1);
  }

  /* Editing writes the whole form: the religion left empty by a social
   * worker, who may see it, is cleared; the birth date now only a year. */
  {
    EaPersonFields edit = { 0 };

    edit.family_name = g_strdup ("Öztürk");
    edit.given_names = g_strdup ("Elif Nur");
    edit.birth_date = g_strdup ("2019");
    edit.gender = g_strdup ("w");
    edit.azr_number = g_strdup ("123456789012");
    g_assert_true (ea_person_update (social, id, &edit, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count ("SELECT count(*) FROM persons WHERE given_names = 'Elif Nur' "
                            "AND birth_date = '2019-00-00' AND religion IS NULL"), ==, 1);
    ea_person_fields_clear (&edit);
  }

  /* Found without diacritics, by the new given name. */
  list = ea_person_list_new (social, &error);
  g_assert_no_error (error);
  g_assert_true (ea_person_list_set_search (list, "ozturk nur", &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  teardown ();
}

static void
test_case_notes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) other_view = NULL;
  gint64 mother, child, household, note, secret, family_note;
  EaCaseNote *first;

  setup ();
  mother = create ("Haddad", "Amina", "1990-01-01");
  child = create ("Haddad", "Lina", "2018-00-00");
  ea_test_exec (store, "INSERT INTO households (id, created_at, created_by) VALUES (1, 'x', 1)",
                  &error);
  g_assert_no_error (error);
  household = 1;
  g_assert_true (_ea_store_exec_bound (store, "INSERT INTO household_members (household_id, "
                                       "person_id, role) VALUES (1, ?1, 'bezugsperson'), "
                                       "(1, ?2, 'kind')", &error, "ii", mother, child));

  /* Bad input names what is wrong and adds nothing. */
  g_assert_cmpint (ea_case_note_add (social, mother, 0, "01.01.2099", "beratung", "x", FALSE,
                                     &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Date:"));
  g_clear_error (&error);
  g_assert_cmpint (ea_case_note_add (social, mother, 0, "01.03.2026", "klatsch", "x", FALSE,
                                     &error), ==, 0);
  g_assert_true (g_str_has_prefix (error->message, "Category:"));
  g_clear_error (&error);
  g_assert_cmpint (ea_case_note_add (social, mother, 0, "01.03.2026", "beratung", "  \n ",
                                     FALSE, &error), ==, 0);
  g_assert_true (g_str_has_prefix (error->message, "Text:"));
  g_clear_error (&error);
  g_assert_cmpint (ea_case_note_add (housing, mother, 0, "01.03.2026", "beratung", "x", FALSE,
                                     &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count(*) FROM case_notes"), ==, 0);

  note = ea_case_note_add (social, mother, 0, "01.03.2026", "beratung",
                           "Erstberatung zum Asylverfahren.", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ea_case_note_edit (social2, note, "02.03.2026", "behoerden",
                                    "Erstberatung zum Asylverfahren; Termin beim BAMF.", &error));
  g_assert_no_error (error);
  secret = ea_case_note_add (social, mother, 0, "03.03.2026", "gesundheit",
                             "Vertraulich: Therapieplatz.", TRUE, &error);
  g_assert_no_error (error);
  family_note = ea_case_note_add (social, 0, household, "04.03.2026", "schule-kita",
                                  "Kita-Platz für Lina beantragt.", FALSE, &error);
  g_assert_no_error (error);

  /* Newest first, the household's note with each member, every note in
   * its latest revision with both authors. */
  notes = ea_case_notes_list (social, mother, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 3);
  g_assert_cmpint (((EaCaseNote *) g_ptr_array_index (notes, 0))->id, ==, family_note);
  first = g_ptr_array_index (notes, 2);
  g_assert_cmpint (first->id, ==, note);
  g_assert_cmpuint (first->revision, ==, 2);
  g_assert_cmpstr (first->category, ==, "behoerden");
  g_assert_cmpstr (first->date, ==, "2026-03-02");
  g_assert_cmpstr (first->author, ==, "Sozial Eins");
  g_assert_cmpstr (first->editor, ==, "Sozial Zwei");
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = ea_case_notes_list (social, child, &error);
  g_assert_cmpuint (notes->len, ==, 1);

  revisions = ea_case_note_revisions (social, note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpstr (((EaCaseNote *) g_ptr_array_index (revisions, 1))->body, ==,
                   "Erstberatung zum Asylverfahren.");
  g_assert_cmpint (count ("SELECT count(*) FROM case_note_revisions"), ==, 4);

  /* The confidential note: its existence, not its text, for colleagues. */
  other_view = ea_case_notes_list (social2, mother, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < other_view->len; i++)
    {
      EaCaseNote *n = g_ptr_array_index (other_view, i);

      g_assert_true (n->hidden == (n->id == secret));
      if (n->hidden)
        g_assert_null (n->body);
    }
  g_assert_false (ea_case_note_edit (social2, secret, "03.03.2026", "gesundheit", "x", &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Housing managers and administrators read no case notes. */
  g_assert_null (ea_case_notes_list (housing, mother, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (ea_case_notes_list (admin, mother, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  teardown ();
}

static void
test_household (void)
{
  g_autoptr(GError) error = NULL;
  gint64 father, mother, son, daughter_in_law, aunt, household, split;
  gint64 both[2];

  setup ();
  father = create ("Karimi", "Hassan", "1965-01-01");
  mother = create ("Karimi", "Laila", "1968-00-00");
  son = create ("Karimi", "Omid", "1995-05-05");
  daughter_in_law = create ("Karimi", "Sara", "1997-07-07");
  aunt = create ("Rahimi", "Zahra", "1960-00-00");

  /* Founding and adding: the first becomes the reference person. */
  household = ea_household_add_member (social, father, mother, "ehegatte", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ea_household_add_member (social, mother, son, "kind", &error), ==, household);
  g_assert_cmpint (ea_household_add_member (social, son, daughter_in_law, "sonstige", &error), ==,
                   household);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM household_members WHERE role = 'bezugsperson'"),
                   ==, 1);

  /* Refusals name the problem and change nothing. */
  g_assert_cmpint (ea_household_add_member (social, father, mother, "kind", &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  g_assert_cmpint (ea_household_add_member (social, father, aunt, "oma", &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (ea_household_add_member (social, father, father, "kind", &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(EaSession) reader = login ("leitung");

    g_assert_cmpint (ea_household_add_member (reader, father, aunt, "sonstige", &error), ==, 0);
    g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
    g_clear_error (&error);
  }
  g_assert_cmpint (count ("SELECT count(*) FROM household_members"), ==, 4);

  /* The son and his wife become a household of their own. */
  g_assert_true (ea_household_set_role (social, daughter_in_law, "ehegatte", &error));
  g_assert_cmpint (ea_case_note_add (social, 0, household, "01.03.2026", "beratung",
                                     "Familiengespräch", FALSE, &error), >, 0);
  both[0] = son;
  both[1] = daughter_in_law;
  g_assert_cmpint (ea_household_split (social, (gint64[]) { father, mother, son,
                                                            daughter_in_law }, 4, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  split = ea_household_split (social, both, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (split, >, 0);
  g_assert_cmpint (split, !=, household);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM household_members WHERE "
                                            "household_id = %lld AND ((person_id = %lld AND role "
                                            "= 'bezugsperson') OR (person_id = %lld AND role = "
                                            "'ehegatte'))", (long long) split, (long long) son,
                                            (long long) daughter_in_law);

    g_assert_cmpint (count (sql), ==, 2);
  }
  /* The old household keeps its notes. */
  {
    g_autoptr(GPtrArray) notes = ea_case_notes_list (social, father, &error);

    g_assert_cmpuint (notes->len, ==, 1);
  }

  /* Taking the mother out leaves one person: no household any more; its
   * note goes with the father. */
  g_assert_true (ea_household_remove_member (social, mother, &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM households WHERE id = %lld",
                                            (long long) household);
    g_autofree char *note = g_strdup_printf ("SELECT count(*) FROM case_notes WHERE person_id = "
                                             "%lld AND household_id IS NULL", (long long) father);

    g_assert_cmpint (count (sql), ==, 0);
    g_assert_cmpint (count (note), ==, 1);
  }
  g_assert_false (ea_household_remove_member (social, aunt, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE object_type = 'household'"),
                   >=, 6);
  teardown ();
}

/* A one-page PDF with a text layer. */
static char *
make_pdf (const char *name,
          const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 18);
  cairo_move_to (cr, 72, 120);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return path;
}

/* A "scan": the text as pixels only, large and clear. */
static cairo_surface_t *
make_scan (const char *text)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1400, 300);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 72);
  cairo_move_to (cr, 60, 180);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  return surface;
}

static guint
search (EaSession  *session,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonList) list = ea_person_list_new (session, &error);

  g_assert_no_error (error);
  g_assert_true (ea_person_list_set_search (list, text, &error));
  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static void
test_documents (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text_file = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *documents_dir = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 amina, omar, first, second;
  GStatBuf st;

  setup ();
  pdf = make_pdf ("gesellenbrief.pdf", "Gesellenbrief im Tischlerhandwerk");
  text_file = g_build_filename (dir, "notiz.txt", NULL);
  amina = create ("Haddad", "Amina", "1990-01-01");
  omar = create ("Haddad", "Omar", "1988-00-00");

  /* Not a document: refused, nothing stored. */
  g_assert_true (g_file_set_contents (text_file, "nur Text", -1, NULL));
  g_assert_cmpint (ea_document_add (social, amina, text_file, "zeugnis", "Notiz", NULL, NULL,
                                    &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "notiz.txt"));
  g_clear_error (&error);
  g_assert_cmpint (ea_document_add (social, amina, "/nonexistent/x.pdf", "zeugnis", "X", NULL,
                                    NULL, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (ea_document_add (social, amina, pdf, "zeugnis", "Brief", "01.06.2020",
                                    "01.06.2019", &error), ==, 0);
  g_assert_true (g_str_has_prefix (error->message, "Valid until:"));
  g_clear_error (&error);
  g_assert_cmpint (ea_document_add (housing, amina, pdf, "zeugnis", "Brief", NULL, NULL,
                                    &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count(*) FROM blobs"), ==, 0);

  /* The same file for two persons is stored once, owner-only. */
  first = ea_document_add (social, amina, pdf, "zeugnis", "Gesellenbrief", "15.06.2012", NULL,
                           &error);
  g_assert_no_error (error);
  second = ea_document_add (social, omar, pdf, "berufsnachweis", "Gesellenbrief (Kopie)", NULL,
                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM documents"), ==, 2);
  g_assert_cmpint (count ("SELECT count(*) FROM blobs"), ==, 1);
  g_assert_cmpint (count ("SELECT page_count FROM documents WHERE id = 1"), ==, 1);
  g_assert_cmpuint (ea_test_count_contents (store), ==, 1);
  stored = ea_document_open_file (social, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (stored, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    /* The folder it is shown from is the user's alone: the document
     * store beside the database, or on a server the runtime folder's
     * copy of the content, which lives in the database. */
    g_autofree char *sub = g_path_get_dirname (stored);

    g_assert_cmpint (g_stat (sub, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }
  documents_dir = ea_store_dup_documents_dir (store);
  if (ea_test_on_server ())
    {
      g_autofree char *sha = NULL;
      g_autoptr(GBytes) kept = NULL;
      g_autofree char *original = NULL;
      gsize length;

      g_assert_false (g_file_test (documents_dir, G_FILE_TEST_EXISTS));
      g_assert_true (g_str_has_prefix (stored, g_get_user_runtime_dir ()));
      {
        g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT sha256 FROM blobs", NULL);

        g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
        sha = g_strdup (_ea_stmt_column_text (stmt, 0));
      }
      kept = ea_test_read_content (store, sha);
      g_assert_true (g_file_get_contents (pdf, &original, &length, NULL));
      g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), original, length);
    }
  else
    {
      g_assert_cmpint (g_stat (documents_dir, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    }

  /* The stored PDF renders: its page has ink. */
  {
    g_autofree char *uri = g_filename_to_uri (stored, NULL, NULL);
    g_autoptr(PopplerDocument) document = poppler_document_new_from_file (uri, NULL, &error);
    g_autoptr(PopplerPage) page = NULL;
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 298, 421);
    cairo_t *cr = cairo_create (surface);
    guint dark = 0;

    g_assert_no_error (error);
    page = poppler_document_get_page (document, 0);
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    cairo_scale (cr, 0.5, 0.5);
    poppler_page_render (page, cr);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    for (int y = 0; y < 421; y++)
      for (int x = 0; x < 298; x++)
        {
          guint32 pixel = ((guint32 *) (cairo_image_surface_get_data (surface) +
                                        y * cairo_image_surface_get_stride (surface)))[x];

          dark += (pixel & 0xff) < 128;
        }
    cairo_surface_destroy (surface);
    g_assert_cmpuint (dark, >, 50);
  }

  /* Its text layer goes into the search: both persons are found by a
   * word of it, whatever its case. */
  g_assert_cmpuint (search (social, "tischlerhandwerk"), ==, 0);
  g_assert_cmpuint (ea_documents_extract_pending (social, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM documents WHERE text_state = 'done'"), ==, 2);
  g_assert_cmpuint (search (social, "TISCHLERHANDWERK"), ==, 2);
  g_assert_cmpuint (search (social, "gesellenbr"), ==, 2);
  g_assert_cmpuint (search (social, "omar tischler"), ==, 1);
  g_assert_cmpuint (search (social, "maurer"), ==, 0);

  /* Listed newest first; health documents only for social work. */
  {
    g_autofree char *health = make_pdf ("attest.pdf", "Attest der Hausaerztin");
    g_autoptr(GPtrArray) housing_view = NULL;
    gint64 attest = ea_document_add (social, amina, health, "gesundheit", "Attest", NULL, NULL,
                                     &error);

    g_assert_no_error (error);
    list = ea_documents_list (social, amina, &error);
    g_assert_cmpuint (list->len, ==, 2);
    g_assert_cmpint (((EaDocument *) g_ptr_array_index (list, 0))->id, ==, attest);
    housing_view = ea_documents_list (housing, amina, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (housing_view->len, ==, 1);
    g_assert_null (ea_document_get (housing, attest, &error));
    g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_true (ea_document_extract_text (social, attest, &error));
    g_assert_cmpuint (search (social, "hausaerztin"), ==, 1);
    g_assert_cmpuint (search (housing, "hausaerztin"), ==, 0);
  }

  /* Export: a copy, never over another file, logged. */
  {
    g_autofree char *copy = g_build_filename (dir, "kopie.pdf", NULL);

    g_assert_true (ea_document_export (social, second, copy, &error));
    g_assert_no_error (error);
    g_assert_false (ea_document_export (social, second, copy, &error));
    g_assert_error (error, EA_ERROR, EA_ERROR_EXISTS);
    g_clear_error (&error);
    g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'export' AND "
                            "object_type = 'document'"), ==, 1);
  }
  teardown ();
}

/* Scans: an image and a PDF page without text layer are read by OCR. */
static void
test_ocr (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autofree char *scanned_pdf = NULL;
  g_autofree char *program = g_find_program_in_path ("tesseract");
  cairo_surface_t *scan;
  gint64 person, image_doc, pdf_doc;

  if (program == NULL)
    {
      g_test_skip ("tesseract is not installed (tools/install-deps installs it)");
      return;
    }
  setup ();
  person = create ("Sultani", "Farid", "1985-05-05");

  png = g_build_filename (dir, "zertifikat.png", NULL);
  scan = make_scan ("Schweisser Zertifikat");
  g_assert_cmpint (cairo_surface_write_to_png (scan, png), ==, CAIRO_STATUS_SUCCESS);
  image_doc = ea_document_add (social, person, png, "berufsnachweis", "Zertifikat", NULL, NULL,
                               &error);
  g_assert_no_error (error);
  g_assert_true (ea_document_extract_text (social, image_doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search (social, "zertifikat"), ==, 1);

  /* The same picture as the only content of a PDF page. */
  scanned_pdf = g_build_filename (dir, "scan.pdf", NULL);
  {
    cairo_surface_t *page = cairo_pdf_surface_create (scanned_pdf, 595, 842);
    cairo_t *cr = cairo_create (page);
    cairo_surface_t *bauleiter = make_scan ("Bauleiter Nachweis");

    cairo_translate (cr, 40, 100);
    cairo_scale (cr, 0.36, 0.36);
    cairo_set_source_surface (cr, bauleiter, 0, 0);
    cairo_paint (cr);
    cairo_destroy (cr);
    cairo_surface_destroy (page);
    cairo_surface_destroy (bauleiter);
  }
  pdf_doc = ea_document_add (social, person, scanned_pdf, "berufsnachweis", "Nachweis", NULL,
                             NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ea_document_extract_text (social, pdf_doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search (social, "bauleiter"), ==, 1);
  cairo_surface_destroy (scan);
  teardown ();
}

/* The files in @path and the folders below it (none when it is missing). */
/* Issue "Nothing lost", 17 and 18: files that only begin like a document
 * (garbage after a JPEG's, PNG's or TIFF's first bytes, a PNG cut in half,
 * a PNG that claims 10⁸ pixels, a PDF whose page tree loops), a device
 * and a pipe are refused with the reason, and nothing is stored. */
static void
test_documents_that_do_not_decode (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autofree char *png_text = NULL;
  g_autofree char *fifo = NULL;
  cairo_surface_t *scan = make_scan ("Zeugnis");
  gsize png_length = 0;
  gint64 amina;
  static const guchar huge_png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0x00, 0x00, 0x27, 0x10, 0x00, 0x00, 0x27, 0x10, 8, 2, 0, 0, 0, 0x35, 0x2c, 0xf5, 0x70,
    0x00, 0x00, 0x00, 0x02, 'I', 'D', 'A', 'T', 'x', 'x', 0xc5, 0xc3, 0xb7, 0x4a,
  };
  static const char bad_tiff[] = "II*\0 and then nothing of a TIFF";
  const char looping_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n"
    "3 0 obj << /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
  struct { const char *name; const char *data; gssize length; } bad[] = {
    { "kaputt.jpg", "\xff\xd8\xff\xe0 this is no JPEG at all, only its first bytes", -1 },
    { "kaputt.png", "\x89PNG\r\n\x1a\n and then nothing of a PNG", -1 },
    { "kaputt.tif", bad_tiff, sizeof bad_tiff - 1 },
    { "riesig.png", (const char *) huge_png, sizeof huge_png },
    { "schleife.pdf", looping_pdf, -1 },
    { "halb.png", NULL, 0 },
  };

  setup ();
  png = g_build_filename (dir, "echt.png", NULL);
  fifo = g_build_filename (dir, "scan.pdf", NULL);
  g_assert_cmpint (cairo_surface_write_to_png (scan, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (scan);
  g_assert_true (g_file_get_contents (png, &png_text, &png_length, NULL));
  bad[G_N_ELEMENTS (bad) - 1].data = png_text;
  bad[G_N_ELEMENTS (bad) - 1].length = (gssize) png_length / 2;
  amina = create ("Haddad", "Amina", "1990-01-01");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_build_filename (dir, bad[i].name, NULL);

      g_assert_true (g_file_set_contents (path, bad[i].data, bad[i].length, NULL));
      g_assert_cmpint (ea_document_add (social, amina, path, "zeugnis", "Zeugnis", NULL, NULL,
                                        &error), ==, 0);
      g_test_message ("%s: %s", bad[i].name, error->message);
      g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i].name));
      if (g_str_equal (bad[i].name, "riesig.png"))
        g_assert_nonnull (strstr (error->message, "megapixels"));
      g_clear_error (&error);
    }
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (ea_document_add (social, amina, fifo, "zeugnis", "Zeugnis", NULL, NULL,
                                    &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (ea_document_add (social, amina, "/dev/zero", "zeugnis", "Zeugnis", NULL, NULL,
                                    &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count(*) FROM blobs"), ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM documents"), ==, 0);
  /* Nor was any of them copied into the document store on the way, or
   * left there half written. */
  g_assert_cmpuint (ea_test_count_contents (store), ==, 0);

  /* The whole PNG is a document, kept in the store. */
  g_assert_cmpint (ea_document_add (social, amina, png, "zeugnis", "Zeugnis", NULL, NULL,
                                    &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_test_count_contents (store), ==, 1);
  teardown ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ea_test_pin_clock (EA_TEST_NOW);
  g_test_add_func ("/person-file/fields", test_person_fields);
  g_test_add_func ("/person-file/case-notes", test_case_notes);
  g_test_add_func ("/person-file/household", test_household);
  g_test_add_func ("/person-file/documents", test_documents);
  g_test_add_func ("/person-file/documents-that-do-not-decode",
                   test_documents_that_do_not_decode);
  g_test_add_func ("/person-file/ocr", test_ocr);
  return g_test_run ();
}
