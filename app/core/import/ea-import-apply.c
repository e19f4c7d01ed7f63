/* SPDX-License-Identifier: EUPL-1.2 */
/* Applying what was read: code lists, probable duplicates, persons and
 * their households, transfers, cancellations; all inside the import's one
 * transaction. */
#include "config.h"

#include "ea-import.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <fcntl.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <unistd.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-documents-private.h"
#include "ea-error.h"
#include "ea-feed-resources.h"
#include "ea-import-private.h"
#include "ea-import-sql-private.h"
#include "ea-person-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"
#include "ea-xlsx-private.h"
#include "ea-xml-guard-private.h"

/* Code lists */

gboolean
_ea_import_load_codes (Import  *im,
                       GError **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (im->store, _ea_import_sql.code_keys, error);

  if (stmt == NULL)
    return FALSE;
  im->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    g_hash_table_add (im->codes, g_strdup (_ea_stmt_column_text (stmt, 0)));
  return TRUE;
}

/* An unknown code is kept as given and flagged for review (feed README). */
static void
check_code (Import     *im,
            Person     *p,
            const char *list,
            const char *field,
            const char *code)
{
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;

  if (code == NULL)
    return;
  key = g_strconcat (list, "\t", code, NULL);
  if (g_hash_table_contains (im->codes, key))
    return;
  text = g_strdup_printf (_("Unknown code “%s”: kept as given, to be reviewed."), code);
  g_ptr_array_add (im->result->warnings, _ea_import_issue_new (p->line, p->person_id, field, text));
}

/* Probable duplicates: the same birth date and a similar name. Names are
 * folded (case, diacritics), then reduced to their consonants so that
 * transliterations meet: Mohammed and Muhammad, Al-Hassan and Alhasan. */
static char *
name_skeleton (const char *name)
{
  g_autofree char *folded = ea_text_fold (name);
  GString *out = g_string_new (NULL);

  for (const char *c = folded; *c != '\0'; c++)
    {
      char ch = *c;

      if (!g_ascii_isalpha (ch))
        continue;
      if (out->len > 0 && strchr ("aeiouyhw", ch) != NULL)
        continue;
      if (ch == 'k' || ch == 'q')
        ch = 'c';
      if (ch == 'z')
        ch = 's';
      if (out->len > 0 && out->str[out->len - 1] == ch)
        continue;
      g_string_append_c (out, ch);
    }
  return g_string_free (out, FALSE);
}

/* Database */

static gint64
household_for (Import      *im,
               const char  *platform_id,
               GError     **error)
{
  gint64 id = _ea_store_query_int (im->store, _ea_import_sql.household_by_platform_id, "s",
                                   platform_id);

  if (id != 0)
    return id;
  if (!_ea_store_exec_bound (im->store, _ea_import_sql.insert_household, error, "ssi",
                             platform_id, im->now, im->user_id))
    return 0;
  return _ea_store_last_insert_id (im->store);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Languages, nationalities and needs of the record; the needs others
 * entered stay. Returns whether anything changed. */
static gboolean
write_lists (Import    *im,
             gint64     id,
             Person    *p,
             gboolean   created,
             gboolean  *changed,
             GError   **error)
{
  g_autoptr(GString) before = g_string_new (NULL);
  g_autoptr(GString) after = g_string_new (NULL);
  EaStmt *stmt = NULL;

  /* A person created now has none yet. */
  if (!created)
    {
      stmt = _ea_import_cached (im, &im->lists_stmt, _ea_import_sql.person_lists, error);
      if (stmt == NULL)
        return FALSE;
      _ea_stmt_bind_int64 (stmt, 1, id);
      while (_ea_stmt_step (stmt) == EA_STMT_ROW)
        g_string_append_printf (before, "%s\n", _ea_stmt_column_text (stmt, 0));
      _ea_stmt_reset (stmt);
    }
  {
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < p->nationalities->len; i++)
      g_ptr_array_add (lines, g_strdup_printf ("n%u%s", i + 1,
                                               (char *) g_ptr_array_index (p->nationalities, i)));
    for (guint i = 0; i < p->languages->len; i++)
      {
        Language *l = &g_array_index (p->languages, Language, i);

        g_ptr_array_add (lines, g_strdup_printf ("l%s%s", l->code, l->level ? l->level : ""));
      }
    g_ptr_array_sort (lines, compare_strings);
    for (guint i = 0; i < lines->len; i++)
      g_string_append_printf (after, "%s\n", (char *) g_ptr_array_index (lines, i));
  }
  if (!g_str_equal (before->str, after->str))
    {
      *changed = TRUE;
      if (!created && !_ea_store_exec_bound (im->store, _ea_import_sql.delete_nationalities,
                                             error, "i", id))
        return FALSE;
      if (!created && !_ea_store_exec_bound (im->store, _ea_import_sql.delete_languages,
                                             error, "i", id))
        return FALSE;
      for (guint i = 0; i < p->nationalities->len; i++)
        if (!_ea_store_exec_bound (im->store, _ea_import_sql.insert_nationality, error, "iis",
                                   id, (gint64) i + 1, g_ptr_array_index (p->nationalities, i)))
          return FALSE;
      for (guint i = 0; i < p->languages->len; i++)
        {
          Language *l = &g_array_index (p->languages, Language, i);

          if (!_ea_store_exec_bound (im->store, _ea_import_sql.insert_language, error, "iss",
                                     id, l->code, l->level))
            return FALSE;
        }
    }
  for (guint i = 0; i < p->needs->len; i++)
    {
      if (!_ea_store_exec_bound (im->store, _ea_import_sql.insert_need, error, "is", id,
                                 g_ptr_array_index (p->needs, i)))
        return FALSE;
      *changed |= _ea_store_changes (im->store) > 0;
    }
  return TRUE;
}

/* The person's household and role as the record says. */
static gboolean
write_household (Import    *im,
                 gint64     id,
                 Person    *p,
                 gboolean  *changed,
                 GError   **error)
{
  gint64 household = household_for (im, p->household, error);

  if (household == 0)
    return FALSE;
  if (_ea_store_query_int (im->store, _ea_import_sql.is_household_member, "iis", id, household,
                           p->role) > 0)
    return TRUE;
  *changed = TRUE;
  return _ea_store_exec_bound (im->store, _ea_import_sql.set_household_member, error, "iis",
                               household, id, p->role);
}

/* The record's fields by their names in the feed, for a review. */
#define PERSON_FIELDS(p) \
  { "personId", &(p)->person_id }, { "azrNummer", &(p)->azr }, \
  { "bamfAktenzeichen", &(p)->bamf }, { "familienname", &(p)->family_name }, \
  { "vorname", &(p)->given_names }, { "geburtsname", &(p)->birth_name }, \
  { "geburtsdatum", &(p)->birth_date }, { "geburtsort", &(p)->birth_place }, \
  { "geburtsland", &(p)->birth_country }, { "geschlecht", &(p)->gender }, \
  { "familienstand", &(p)->marital_status }, { "religion", &(p)->religion }, \
  { "rolleImFamilienverbund", &(p)->role }, { "aufenthaltsstatus", &(p)->residence_status }, \
  { "schulabschluss", &(p)->schooling }, { "beruf", &(p)->profession }, \
  { "hinweis", &(p)->remark }, { "familienverbund", &(p)->household }, \
  { "ankunftGeplant", &(p)->arrival }, { "zuweisungsId", &(p)->transfer }

/* The whole record as JSON: a probable duplicate is imported from it once
 * a person has decided. */
static char *
person_json (Person *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) g = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct { const char *name; char **value; } fields[] = { PERSON_FIELDS (p) };

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*fields[i].value != NULL)
      {
        json_builder_set_member_name (b, fields[i].name);
        json_builder_add_string_value (b, *fields[i].value);
      }
  json_builder_set_member_name (b, "staatsangehoerigkeit");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->nationalities->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (p->nationalities, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "schutzbedarf");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->needs->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (p->needs, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "sprache");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->languages->len; i++)
    {
      Language *l = &g_array_index (p->languages, Language, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "sprache");
      json_builder_add_string_value (b, l->code);
      if (l->level != NULL)
        {
          json_builder_set_member_name (b, "niveau");
          json_builder_add_string_value (b, l->level);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "line");
  json_builder_add_int_value (b, p->line);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (g, root);
  return json_generator_to_data (g, NULL);
}

Person *
_ea_import_person_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonArray *a;
  Person *p;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  o = json_node_get_object (json_parser_get_root (parser));
  p = _ea_import_person_new (json_object_get_int_member_with_default (o, "line", 0), NULL);
  {
    const struct { const char *name; char **value; } fields[] = { PERSON_FIELDS (p) };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      _ea_import_set_field (fields[i].value,
                            json_object_get_string_member_with_default (o, fields[i].name, ""));
  }
  if ((a = json_object_get_array_member (o, "staatsangehoerigkeit")) != NULL)
    for (guint i = 0; i < json_array_get_length (a); i++)
      g_ptr_array_add (p->nationalities, g_strdup (json_array_get_string_element (a, i)));
  if ((a = json_object_get_array_member (o, "schutzbedarf")) != NULL)
    for (guint i = 0; i < json_array_get_length (a); i++)
      g_ptr_array_add (p->needs, g_strdup (json_array_get_string_element (a, i)));
  if ((a = json_object_get_array_member (o, "sprache")) != NULL)
    for (guint i = 0; i < json_array_get_length (a); i++)
      {
        JsonObject *lo = json_array_get_object_element (a, i);
        const char *level = json_object_get_string_member_with_default (lo, "niveau", NULL);
        Language l = { g_strdup (json_object_get_string_member (lo, "sprache")),
                       g_strdup (level) };

        g_array_append_val (p->languages, l);
      }
  return p;
}

static gboolean
add_review (Import      *im,
            const char  *kind,
            gint64       person_id,
            Person      *p,
            const char  *message,
            GError     **error)
{
  g_autofree char *record = person_json (p);

  return _ea_store_exec_bound (im->store, _ea_import_sql.insert_review, error, "isiss",
                               im->result->run_id, kind, person_id, record, message);
}

/* A day that stands for one not known: only the year or month known, or
 * the first of January, which registers give when the day is unknown. */
static gboolean
is_placeholder_day (const char *date)
{
  return date == NULL || g_str_has_suffix (date, "-00") || g_str_has_suffix (date, "-01-01");
}

static gboolean
shares_nationality (GPtrArray  *codes,
                    const char *others)
{
  g_auto(GStrv) theirs = g_strsplit (others != NULL ? others : "", " ", -1);

  for (guint i = 0; codes != NULL && i < codes->len; i++)
    if (g_strv_contains ((const char *const *) theirs, g_ptr_array_index (codes, i)))
      return TRUE;
  return FALSE;
}

/* Issue "Arrivals as they really come": a probable duplicate is a person
 * already known whom no key says is someone else (the query: two AZR
 * numbers or platform ids are two persons), whose name agrees (folded,
 * transliterated), born the same day; where that day is one that stands
 * for an unknown day (shared by thousands), also born in the same place
 * or of the same nationality, as homeless-services systems ask two of
 * three. Returns the person, and in @reason why, for the clerk. */
static gint64
probable_duplicate (Import  *im,
                    Person  *p,
                    char   **reason)
{
  /* Only those whose folded family name (the sort name's start) begins
   * with the same letter are compared further. */
  const char *sql[] = { _ea_import_sql.probable_twins, _ea_import_sql.probable_twins_without_azr,
                        _ea_import_sql.probable_twins_without_platform_id,
                        _ea_import_sql.probable_twins_without_keys };
  guint has = (p->person_id != NULL ? 2 : 0) | (p->azr != NULL ? 1 : 0);
  EaStmt *stmt = _ea_import_cached (im, &im->twins_stmts[has], sql[has], NULL);
  g_autofree char *family = NULL;
  g_autofree char *given = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *place = NULL;
  char initial[2] = { 0, 0 };
  gboolean placeholder = is_placeholder_day (p->birth_date);
  gint64 twin = 0;

  if (stmt == NULL)
    return 0;
  folded = ea_text_fold (p->family_name);
  initial[0] = folded[0];
  family = name_skeleton (p->family_name);
  given = name_skeleton (p->given_names);
  place = p->birth_place != NULL ? ea_text_fold (p->birth_place) : NULL;
  _ea_stmt_bind_text (stmt, 1, p->birth_date);
  _ea_stmt_bind_text (stmt, 2, initial);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      g_autofree char *other_family = name_skeleton (_ea_stmt_column_text (stmt, 1));
      g_autofree char *other_given = name_skeleton (_ea_stmt_column_text (stmt, 2));
      g_autofree char *other_place = NULL;
      gboolean same_place, same_nationality;
      const char *agreed, *keys;

      if (!g_str_equal (family, other_family) ||
          !(given[0] == '\0' || other_given[0] == '\0' || g_str_equal (given, other_given)))
        continue;
      other_place = _ea_stmt_column_is_null (stmt, 3)
                    ? NULL : ea_text_fold (_ea_stmt_column_text (stmt, 3));
      same_place = place != NULL && place[0] != '\0' && g_strcmp0 (place, other_place) == 0;
      same_nationality = shares_nationality (p->nationalities, _ea_stmt_column_text (stmt, 5));
      if (placeholder && !same_place && !same_nationality)
        continue;
      twin = _ea_stmt_column_int64 (stmt, 0);
      agreed = same_place && same_nationality
               ? _("same name, date of birth, place of birth and nationality")
               : same_place ? _("same name, date of birth and place of birth")
               : same_nationality ? _("same name, date of birth and nationality")
               : _("same name and date of birth");
      keys = p->azr != NULL ? _("AZR number only in the import")
             : _ea_stmt_column_int (stmt, 4) ? _("AZR number only in the file")
             : _("no AZR number");
      *reason = g_strdup_printf ("%s, %s", agreed, keys);
      break;
    }
  _ea_stmt_reset (stmt);
  return twin;
}

/* For the test that kills an import midway (test-cli): with
 * $EAKTE_TEST_STALL_IMPORT_AFTER set to N, the import, inside its
 * transaction, creates the file $EAKTE_TEST_STALL_IMPORT_FILE after N
 * persons and waits there to be killed. */
static void
stall_for_test (Import *im)
{
  const char *after = g_getenv ("EAKTE_TEST_STALL_IMPORT_AFTER");
  const char *marker = g_getenv ("EAKTE_TEST_STALL_IMPORT_FILE");
  EaImportResult *r = im->result;

  if (after == NULL || marker == NULL ||
      r->created + r->updated + r->unchanged != g_ascii_strtoull (after, NULL, 10))
    return;
  g_file_set_contents (marker, "", 0, NULL);
  g_usleep (120 * G_USEC_PER_SEC);
}

/* One person of a transfer: matched by platform id, then AZR number;
 * probable duplicates held; otherwise created as expected. Returns the
 * person's number, 0 when held, -1 on a failure of the database. */
gint64
_ea_import_apply_person (Import      *im,
                         Transfer    *t,
                         Person      *p,
                         GError     **error)
{
  g_autofree char *search_text = NULL;
  g_autofree char *sort_name = NULL;
  gint64 id;
  gboolean created = FALSE, changed = FALSE;

  id = im->force_id != 0 ? im->force_id
     : p->person_id == NULL ? 0
     : _ea_store_query_int (im->store, _ea_import_sql.person_by_platform_id, "s",
                            p->person_id);
  if (id == 0 && p->azr != NULL)
    id = _ea_store_query_int (im->store, _ea_import_sql.person_by_azr, "s", p->azr);
  if (id == 0 && !im->no_twins)
    {
      g_autofree char *reason = NULL;
      gint64 twin = probable_duplicate (im, p, &reason);

      if (twin != 0)
        {
          /* Translators: the second %s says why, such as "same name and
           * date of birth, no AZR number". */
          g_autofree char *text = g_strdup_printf (_("Probably the same person as no. %lld "
                                                     "(%s): held for review, not imported."),
                                                   (long long) twin, reason);

          im->result->duplicates_to_review++;
          _ea_import_add_change (im->result, EA_IMPORT_CHANGE_DUPLICATE, p->line, p->person_id,
                                 p->family_name, p->given_names);
          g_ptr_array_add (im->result->warnings,
                           _ea_import_issue_new (p->line, p->person_id, NULL, text));
          return add_review (im, "duplicate", twin, p, text, error) ? 0 : -1;
        }
    }

  _ea_person_search_keys (p->family_name, p->given_names, p->birth_name, p->birth_date, p->azr,
                          p->person_id, &search_text, &sort_name);
  if (id == 0)
    {
      if (!_ea_store_exec_bound (im->store, _ea_import_sql.insert_person,
            error, "ssssssssssssssssssssi", p->person_id, p->azr, p->bamf, p->family_name,
            p->given_names, p->birth_name, p->birth_date, p->birth_place, p->birth_country,
            p->gender, p->marital_status, p->religion, p->residence_status, p->schooling,
            p->profession, p->remark, p->arrival ? p->arrival : t->arrival_on, search_text,
            sort_name, im->now, im->user_id))
        return -1;
      id = _ea_store_last_insert_id (im->store);
      created = TRUE;
    }
  else
    {
      /* Only what differs is written, so that a message seen again counts
       * its persons as unchanged. */
      if (!_ea_store_exec_bound (im->store, _ea_import_sql.update_person,
            error, "issssssssssssssssssssi", id, p->person_id, p->azr, p->bamf, p->family_name,
            p->given_names, p->birth_name, p->birth_date, p->birth_place, p->birth_country,
            p->gender, p->marital_status, p->religion, p->residence_status, p->schooling,
            p->profession, p->remark, p->arrival ? p->arrival : t->arrival_on, search_text,
            sort_name, im->now, im->user_id))
        return -1;
      changed = _ea_store_changes (im->store) > 0;
    }
  if (!write_lists (im, id, p, created, &changed, error) ||
      (p->household != NULL && !write_household (im, id, p, &changed, error)))
    return -1;
  if (created)
    im->result->created++;
  else if (changed)
    im->result->updated++;
  else
    im->result->unchanged++;
  _ea_import_add_change (im->result, created ? EA_IMPORT_CHANGE_NEW
                          : changed ? EA_IMPORT_CHANGE_CHANGED : EA_IMPORT_CHANGE_UNCHANGED,
                         p->line, p->person_id, p->family_name, p->given_names);
  stall_for_test (im);
  if ((created || changed) &&
      !_ea_audit_append (im->store, im->user_id,
                         &(EaAuditRecord) { .action = created ? "create" : "update",
                                            .object_type = "person", .object_id = id,
                                            .person_id = id, .detail = "import" },
                         error))
    return -1;
  return id;
}

/* A person taken out of a transfer; decided at the end of the message,
 * when a later transfer of it may hold the person again. */
static void
drop_person (Import *im,
             gint64  person_id)
{
  g_array_append_val (im->dropped, person_id);
}

/* A person no longer coming: not expected any more, reservations
 * cancelled. Those who arrived stay, and so does whoever another active
 * transfer still brings. */
gboolean
_ea_import_no_longer_expected (Import  *im,
                               gint64   person_id,
                               GError **error)
{
  if (_ea_store_query_int (im->store, _ea_import_sql.expected_without_transfer, "i",
                           person_id) == 0)
    return TRUE;
  /* Only while still expected: on a server, another seat may have
   * checked the person in since (an import does not wait for the seats'
   * changes, EA_STORE_LOCK_IMPORT), and then the person stays. */
  if (!_ea_store_exec_bound (im->store, _ea_import_sql.set_person_left, error, "issi",
                             person_id, im->today, im->now, im->user_id))
    return FALSE;
  if (_ea_store_changes (im->store) == 0)
    return TRUE;
  im->result->cancelled++;
  {
    g_autoptr(EaStmt) stmt = _ea_store_prepare (im->store, _ea_import_sql.person_names, error);

    if (stmt == NULL)
      return FALSE;
    _ea_stmt_bind_int64 (stmt, 1, person_id);
    if (_ea_stmt_step (stmt) == EA_STMT_ROW)
      _ea_import_add_change (im->result, EA_IMPORT_CHANGE_CANCELLED, 0,
                             _ea_stmt_column_text (stmt, 0),
                             _ea_stmt_column_text (stmt, 1),
                             _ea_stmt_column_text (stmt, 2));
  }
  return _ea_store_exec_bound (im->store, _ea_import_sql.cancel_reservations, error, "i",
                               person_id) &&
         _ea_audit_append (im->store, im->user_id, &(EaAuditRecord) { .action = "cancel",
                                                                      .object_type = "transfer",
                                                                      .person_id = person_id,
                                                                      .detail = "import" }, error);
}

static void
reject_person (Import      *im,
               Person      *p,
               guint        line,
               const char  *field,
               const char  *message)
{
  im->result->rejected++;
  g_ptr_array_add (im->result->errors, _ea_import_issue_new (line, p->person_id, field, message));
}

/* The limits of the feed's schema, kept for every source: a list or a
 * workbook passes the same as a Zuweisungsliste. Returns the first field
 * that breaks one, with the reason. */
static gboolean
person_fields_fit (Person  *p,
                   char   **field,
                   char   **reason)
{
  const struct { const char *name; const char *value; int max; gboolean required; } fields[] = {
    { "familienname", p->family_name, 90, TRUE },
    { "vorname", p->given_names, 60, FALSE },
    { "geburtsname", p->birth_name, 90, FALSE },
    { "geburtsort", p->birth_place, 40, FALSE },
    { "bamfAktenzeichen", p->bamf, 25, FALSE },
    { "beruf", p->profession, 200, FALSE },
    { "hinweis", p->remark, 2000, FALSE },
    { "familienverbund", p->household, 64, FALSE },
    { "personId", p->person_id, 64, FALSE },
  };
  static const char *genders[] = { "m", "w", "d", "x", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = fields[i].value;
      g_autofree char *stripped = value != NULL ? g_strstrip (g_strdup (value)) : NULL;

      if (fields[i].required && (stripped == NULL || stripped[0] == '\0'))
        {
          *field = g_strdup (fields[i].name);
          *reason = g_strdup (_("is empty, and it is required."));
          return FALSE;
        }
      if (value != NULL && (!g_utf8_validate (value, -1, NULL) ||
                            g_utf8_strlen (value, -1) > fields[i].max))
        {
          *field = g_strdup (fields[i].name);
          *reason = g_strdup_printf (_("is longer than %d characters."), fields[i].max);
          return FALSE;
        }
    }
  if (p->gender == NULL || !g_strv_contains (genders, p->gender))
    {
      *field = g_strdup ("geschlecht");
      *reason = p->gender != NULL
                  ? g_strdup_printf (_("“%s” is none of the allowed values (m, w, d, x)."),
                                     p->gender)
                  : g_strdup (_("is missing, and it is required."));
      return FALSE;
    }
  if (p->birth_date == NULL)
    {
      *field = g_strdup ("geburtsdatum");
      *reason = g_strdup (_("is missing, and it is required."));
      return FALSE;
    }
  if (p->nationalities->len == 0 || p->nationalities->len > 4)
    {
      *field = g_strdup ("staatsangehoerigkeit");
      *reason = g_strdup (p->nationalities->len == 0 ? _("is missing, and it is required.")
                                                     : _("is given more than four times."));
      return FALSE;
    }
  return TRUE;
}

/* Checks the schema cannot make (a birth date that exists), and its
 * limits again for every source. */
static gboolean
person_is_sound (Import *im,
                 Person *p)
{
  g_autofree char *field = NULL;
  g_autofree char *reason = NULL;
  int year = 0, month = 0, day = 0;

  if (p->errors->len > 0)
    {
      EaImportIssue *first = g_ptr_array_index (p->errors, 0);

      reject_person (im, p, first->line, first->field, first->message);
      return FALSE;
    }
  if (!person_fields_fit (p, &field, &reason))
    {
      reject_person (im, p, p->line, field, reason);
      return FALSE;
    }
  if (p->birth_date != NULL)
    {
      g_autofree char *valid = ea_partial_date_parse_input (p->birth_date);

      ea_partial_date_parse (p->birth_date, &year, &month, &day);
      if (year < 1900 || strcmp (p->birth_date, im->today) > 0 || valid == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("“%s” is no possible birth date."),
                                                   p->birth_date);

          reject_person (im, p, p->line, "geburtsdatum", text);
          return FALSE;
        }
    }
  check_code (im, p, "nationality", "staatsangehoerigkeit",
              p->nationalities->len > 0 ? g_ptr_array_index (p->nationalities, 0) : NULL);
  for (guint i = 1; i < p->nationalities->len; i++)
    check_code (im, p, "nationality", "staatsangehoerigkeit", g_ptr_array_index (p->nationalities, i));
  check_code (im, p, "religion", "religion", p->religion);
  check_code (im, p, "marital_status", "familienstand", p->marital_status);
  check_code (im, p, "residence_status", "aufenthaltsstatus", p->residence_status);
  check_code (im, p, "schooling", "schulabschluss", p->schooling);
  for (guint i = 0; i < p->languages->len; i++)
    check_code (im, p, "language", "sprache", g_array_index (p->languages, Language, i).code);
  for (guint i = 0; i < p->needs->len; i++)
    check_code (im, p, "vulnerability", "schutzbedarf", g_ptr_array_index (p->needs, i));
  return TRUE;
}

/* Tells the share done (0 to 1) when it changed by a per mille, and stops
 * the import when it was cancelled: the caller rolls everything back. */
gboolean
_ea_import_tick (Import  *im,
                 double   fraction,
                 GError **error)
{
  int permille = (int) (CLAMP (fraction, 0.0, 1.0) * 1000);

  if (g_cancellable_set_error_if_cancelled (im->cancellable, error))
    return FALSE;
  if (im->progress != NULL && permille != im->permille)
    {
      im->permille = permille;
      im->progress (permille / 1000.0, im->progress_data);
    }
  return TRUE;
}

/* The transfer itself is invalid: none of its persons is imported. */
static void
reject_transfer (Import   *im,
                 Transfer *t)
{
  EaImportIssue *first = g_ptr_array_index (t->errors, 0);

  for (guint i = 0; i < t->persons->len; i++)
    reject_person (im, g_ptr_array_index (t->persons, i), first->line, first->field,
                   first->message);
  if (t->persons->len == 0)
    g_ptr_array_add (im->result->errors,
                     _ea_import_issue_new (first->line, NULL, first->field, first->message));
}

/* A cancellation or correction of a transfer that was never imported is
 * ignored, with a warning. */
static void
warn_unknown_transfer (Import   *im,
                       Transfer *t)
{
  g_autofree char *text = g_strdup_printf (t->kind == TRANSFER_CANCEL
                                             ? _("Transfer %s was never imported: its "
                                                 "cancellation (storno) is ignored.")
                                             : _("Transfer %s was never imported: its "
                                                 "correction (aenderung) is ignored."),
                                           t->id);

  g_ptr_array_add (im->result->warnings,
                   _ea_import_issue_new (t->line, NULL, "zuweisungsId", text));
}

/* A storno: the transfer is cancelled and its persons are dropped. */
static gboolean
cancel_transfer (Import  *im,
                 gint64   transfer_id,
                 GError **error)
{
  g_autoptr(EaStmt) members = _ea_store_prepare (im->store, _ea_import_sql.transfer_members,
                                                 error);

  if (members == NULL ||
      !_ea_store_exec_bound (im->store, _ea_import_sql.cancel_transfer, error, "ii",
                             transfer_id, im->result->run_id))
    return FALSE;
  _ea_stmt_bind_int64 (members, 1, transfer_id);
  while (_ea_stmt_step (members) == EA_STMT_ROW)
    drop_person (im, _ea_stmt_column_int64 (members, 0));
  return TRUE;
}

/* Writes a new transfer, setting *@transfer_id, or the new data of a
 * known one. */
static gboolean
save_transfer (Import    *im,
               Transfer  *t,
               gint64    *transfer_id,
               GError   **error)
{
  if (*transfer_id == 0)
    {
      if (!_ea_store_exec_bound (im->store, _ea_import_sql.insert_transfer, error, "sssssi",
                                 t->id, t->decided_on, t->arrival_on, t->origin_id,
                                 t->origin_name, im->result->run_id))
        return FALSE;
      *transfer_id = _ea_store_last_insert_id (im->store);
      return TRUE;
    }
  return _ea_store_exec_bound (im->store, _ea_import_sql.update_transfer, error, "issssi",
                               *transfer_id, t->decided_on, t->arrival_on, t->origin_id,
                               t->origin_name, im->result->run_id);
}

/* Applies each person of the transfer and makes them its members; an
 * unsound one goes to review. The persons kept are added to @kept. */
static gboolean
apply_members (Import    *im,
               Transfer  *t,
               gint64     transfer_id,
               GArray    *kept,
               GError   **error)
{
  for (guint i = 0; i < t->persons->len; i++)
    {
      Person *p = g_ptr_array_index (t->persons, i);
      gint64 id;

      if (!person_is_sound (im, p))
        {
          g_autofree char *why = g_strdup (((EaImportIssue *) g_ptr_array_index (
                                              im->result->errors,
                                              im->result->errors->len - 1))->message);

          if (!add_review (im, "invalid", 0, p, why, error))
            return FALSE;
          continue;
        }
      if (im->list_rows > 0 && !_ea_import_tick (im, (double) (i + 1) / im->list_rows, error))
        return FALSE;
      _ea_import_set_field (&p->transfer, t->id);
      id = _ea_import_apply_person (im, t, p, error);
      if (id < 0)
        return FALSE;
      if (id == 0)
        continue;
      g_array_append_val (kept, id);
      if (!_ea_store_exec_bound (im->store, _ea_import_sql.add_transfer_member, error, "ii",
                                 transfer_id, id))
        return FALSE;
    }
  return TRUE;
}

/* An aenderung replaces the transfer: who is missing from it (not in
 * @kept) is no longer part of it. */
static gboolean
drop_missing_members (Import  *im,
                      gint64   transfer_id,
                      GArray  *kept,
                      GError **error)
{
  g_autoptr(EaStmt) members = _ea_store_prepare (im->store, _ea_import_sql.transfer_members,
                                                 error);
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (members == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (members, 1, transfer_id);
  while (_ea_stmt_step (members) == EA_STMT_ROW)
    {
      gint64 member = _ea_stmt_column_int64 (members, 0);
      gboolean still = FALSE;

      for (guint k = 0; k < kept->len && !still; k++)
        still = g_array_index (kept, gint64, k) == member;
      if (!still)
        g_array_append_val (gone, member);
    }
  for (guint k = 0; k < gone->len; k++)
    {
      gint64 member = g_array_index (gone, gint64, k);

      if (!_ea_store_exec_bound (im->store, _ea_import_sql.remove_transfer_member, error, "ii",
                                 transfer_id, member))
        return FALSE;
      drop_person (im, member);
    }
  return TRUE;
}

gboolean
_ea_import_apply_transfer (Import    *im,
                           Transfer  *t,
                           GError   **error)
{
  gint64 transfer_id = _ea_store_query_int (im->store, _ea_import_sql.transfer_by_platform_id,
                                            "s", t->id);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (t->errors->len > 0)
    {
      reject_transfer (im, t);
      return TRUE;
    }
  if (t->kind != TRANSFER_NEW && transfer_id == 0)
    {
      warn_unknown_transfer (im, t);
      return TRUE;
    }
  if (t->kind == TRANSFER_CANCEL)
    return cancel_transfer (im, transfer_id, error);

  if (!save_transfer (im, t, &transfer_id, error) ||
      !apply_members (im, t, transfer_id, kept, error))
    return FALSE;
  if (t->kind == TRANSFER_CHANGE)
    return drop_missing_members (im, transfer_id, kept, error);
  return TRUE;
}
