/* SPDX-License-Identifier: EUPL-1.2 */
/* The arrivals feed: a Zuweisungsliste 1.0 (docs/feed/) read as a
 * stream with libxml2's xmlTextReader and validated against its XSD,
 * which is compiled into the program. The feed is untrusted: no DTD, no
 * entities, no network, bounded size, depth and text. A document that is
 * not well-formed, not this schema or for another AGS is refused whole;
 * otherwise each transfer is applied as it is read, the invalid persons
 * are rejected with their line, field and reason, and the whole import
 * is one transaction: all of it is stored, or (refused, dry run, crash)
 * none of it. The raw message is archived unchanged in the document
 * store and the run is recorded with its counts and messages. */
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
#include "ea-person-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"
#include "ea-xlsx-private.h"
#include "ea-xml-guard-private.h"

#define FEED_NS "urn:eakte:zuweisung:1"
#define XSD_RESOURCE "/de/eakte/Fluechtlingsmanagement/feed/zuweisung-1.xsd"

/* The bounds of untrusted input: a feed of 100,000 persons is about
 * 60 MB; the deepest element of the schema is at depth 7. */
#define MAX_BYTES ((gint64) 512 * 1024 * 1024)
#define MAX_DEPTH 12
#define MAX_TEXT (64 * 1024)
/* The schema's elements have one attribute at most, besides a few
 * namespace declarations. */
#define MAX_ATTRIBUTES 64
#define READ_BLOCK (64 * 1024)

typedef struct
{
  char *code;
  char *level;
} Language;

typedef struct
{
  guint      line;
  char      *household;
  char      *person_id;
  char      *azr;
  char      *bamf;
  char      *family_name;
  char      *given_names;
  char      *birth_name;
  char      *birth_date;
  char      *birth_place;
  char      *birth_country;
  char      *gender;
  char      *marital_status;
  char      *religion;
  char      *role;
  char      *residence_status;
  char      *schooling;
  char      *profession;
  char      *remark;
  char      *arrival;        /* a list's own day of arrival, else the transfer's */
  char      *transfer;       /* the transfer's id, for a review */
  GPtrArray *nationalities;  /* of char* */
  GArray    *languages;      /* of Language */
  GPtrArray *needs;          /* of char* */
  GPtrArray *errors;         /* of EaImportIssue */
} Person;

typedef enum
{
  TRANSFER_NEW,
  TRANSFER_CHANGE,
  TRANSFER_CANCEL,
} TransferKind;

typedef struct
{
  TransferKind  kind;
  guint         line;
  char         *id;
  char         *decided_on;
  char         *arrival_on;
  char         *origin_id;
  char         *origin_name;
  GPtrArray    *persons;     /* of Person */
  GPtrArray    *errors;      /* of EaImportIssue: of the transfer itself */
} Transfer;

typedef struct
{
  EaSession        *session;
  EaStore          *store;
  EaImportResult   *result;
  char             *ags;
  char             *today;
  char             *now;
  gint64            user_id;
  char             *raw_sha;

  xmlParserCtxtPtr  parser;
  GError           *failure;      /* the database failed inside the parser's callbacks */
  GPtrArray        *header_errors; /* of EaImportIssue: the header's validation errors */
  EaXmlGuard        guard;
  char             *refusal;      /* why the whole document is refused */
  gboolean          stop;         /* a repeated message: nothing more to do */
  EaImportProgressFunc progress;  /* told the share done, in per mille steps */
  gpointer          progress_data;
  GCancellable     *cancellable;
  gint64            size;         /* of the file, for the share read */
  guint             list_rows;    /* of a list, for the share done */
  int               permille;     /* told last */

  GPtrArray        *path;         /* of char*: the open elements */
  GString          *text;
  char             *msg_id;
  char             *msg_sequence;
  char             *msg_ags;
  gboolean          header_done;
  gboolean          header_read;  /* its end seen; checked at the next element */
  Transfer         *transfer;     /* being read */
  Transfer         *finished;     /* read, applied at the next element */
  Person           *person;
  /* The person whose end the parser has just passed: the validator checks
   * an element's content right after our handler has closed it, so an
   * error there belongs to this person. */
  Person           *closed_person;
  char             *household;

  GHashTable       *codes;        /* "list\tcode" of the known code lists */
  GArray           *dropped;      /* of gint64: taken out of a transfer */
  const char       *kind;         /* xml, csv */
  gint64            force_id;     /* a decision: the record is this person */
  gboolean          no_twins;     /* a decision: not a duplicate */
  EaStmt     *lists_stmt;   /* compiled once: run for every person */
  EaStmt     *twins_stmt;
} Import;

/* A statement of the import, compiled at its first use. */
static EaStmt *
cached (Import        *im,
        EaStmt **slot,
        const char    *sql,
        GError       **error)
{
  if (*slot == NULL)
    *slot = _ea_store_prepare (im->store, sql, error);
  else
    {
      _ea_stmt_reset (*slot);
      _ea_stmt_clear_bindings (*slot);
    }
  return *slot;
}

static void
issue_free (EaImportIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->person_id);
  g_free (issue->field);
  g_free (issue->message);
  g_free (issue);
}

static EaImportIssue *
issue_new (guint       line,
           const char *person_id,
           const char *field,
           const char *message)
{
  EaImportIssue *issue = g_new0 (EaImportIssue, 1);

  issue->line = line;
  issue->person_id = g_strdup (person_id);
  issue->field = g_strdup (field);
  issue->message = g_strdup (message);
  return issue;
}

/* "Family name, given names", as lists show a person. */
static char *
join_name (const char *family_name,
           const char *given_names)
{
  if (given_names != NULL && given_names[0] != '\0')
    return g_strdup_printf ("%s, %s", family_name != NULL ? family_name : "", given_names);
  return g_strdup (family_name != NULL ? family_name : "");
}

static void
change_free (EaImportChange *change)
{
  g_free (change->person_id);
  g_free (change->name);
  g_free (change);
}

static void
add_change (EaImportResult     *result,
            EaImportChangeKind  kind,
            guint               line,
            const char         *person_id,
            const char         *family_name,
            const char         *given_names)
{
  EaImportChange *change = g_new0 (EaImportChange, 1);

  change->kind = kind;
  change->line = line;
  change->person_id = g_strdup (person_id);
  change->name = join_name (family_name, given_names);
  g_ptr_array_add (result->changes, change);
}

void
ea_import_result_free (EaImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->source);
  g_free (result->message_id);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_clear_pointer (&result->changes, g_ptr_array_unref);
  g_free (result);
}

static void
language_clear (Language *language)
{
  g_free (language->code);
  g_free (language->level);
}

static void
person_free (Person *p)
{
  char **fields[] = {
    &p->household, &p->person_id, &p->azr, &p->bamf, &p->family_name, &p->given_names,
    &p->birth_name, &p->birth_date, &p->birth_place, &p->birth_country, &p->gender,
    &p->marital_status, &p->religion, &p->role, &p->residence_status, &p->schooling,
    &p->profession, &p->remark, &p->arrival, &p->transfer,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_free (*fields[i]);
  g_ptr_array_unref (p->nationalities);
  g_array_unref (p->languages);
  g_ptr_array_unref (p->needs);
  g_ptr_array_unref (p->errors);
  g_free (p);
}

static Person *
person_new (guint       line,
            const char *household)
{
  Person *p = g_new0 (Person, 1);

  p->line = line;
  p->household = g_strdup (household);
  p->nationalities = g_ptr_array_new_with_free_func (g_free);
  p->languages = g_array_new (FALSE, TRUE, sizeof (Language));
  g_array_set_clear_func (p->languages, (GDestroyNotify) language_clear);
  p->needs = g_ptr_array_new_with_free_func (g_free);
  p->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
  return p;
}

static void
set_field (char       **field,
           const char  *text)
{
  g_free (*field);
  *field = text[0] != '\0' ? g_strdup (text) : NULL;
}

static void
transfer_free (Transfer *t)
{
  if (t == NULL)
    return;
  g_free (t->id);
  g_free (t->decided_on);
  g_free (t->arrival_on);
  g_free (t->origin_id);
  g_free (t->origin_name);
  g_ptr_array_unref (t->persons);
  g_ptr_array_unref (t->errors);
  g_free (t);
}

/* Validation messages */

/* libxml2's messages name the element as "Element '{ns}name'". */
static char *
element_of (const char *message)
{
  const char *start = strstr (message, "Element '");
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen ("Element '");
  if (*start == '{' && strchr (start, '}') != NULL)
    start = strchr (start, '}') + 1;
  end = strchr (start, '\'');
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

/* The first value quoted after @marker, as in "The value 'q' is …". */
static char *
value_after (const char *message,
             const char *marker)
{
  const char *start = strstr (message, marker);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (marker);
  end = strchr (start, '\'');
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

/* The element a "Missing child element(s). Expected is ( {ns}x )" asks for. */
static char *
expected_of (const char *message)
{
  const char *start = strstr (message, "Expected is");
  const char *end;

  if (start == NULL || (start = strchr (start, '(')) == NULL)
    return NULL;
  start++;
  while (*start == ' ')
    start++;
  if (*start == '{' && strchr (start, '}') != NULL)
    start = strchr (start, '}') + 1;
  end = start + strcspn (start, " ,)");
  return end > start ? g_strndup (start, end - start) : NULL;
}

static const char *
form_of (const char *field)
{
  if (g_strcmp0 (field, "geburtsdatum") == 0)
    return _("YYYY-MM-DD, with 00 for an unknown day or month");
  if (g_strcmp0 (field, "azrNummer") == 0)
    return _("12 digits");
  if (g_strcmp0 (field, "ags") == 0)
    return _("8 digits");
  if (g_strcmp0 (field, "niveau") == 0)
    return _("A1 to C2, or M for the mother tongue");
  return _("letters, digits and . _ : -");
}

/* A reason a clerk understands, from libxml2's English message. */
static char *
describe_invalid (const char  *message,
                  char       **field)
{
  g_autofree char *value = value_after (message, "value '");

  /* "Element '…': 'x' is not a valid value of the atomic type …" */
  if (value == NULL)
    value = value_after (message, "': '");

  *field = element_of (message);
  if (strstr (message, "Missing child element") != NULL)
    {
      g_autofree char *missing = expected_of (message);

      if (missing != NULL)
        {
          g_free (*field);
          *field = g_steal_pointer (&missing);
        }
      return g_strdup (_("is missing, and it is required."));
    }
  if (strstr (message, "This element is not expected") != NULL)
    return g_strdup (_("is not expected here."));
  if (strstr (message, "[facet 'enumeration']") != NULL && value != NULL)
    return g_strdup_printf (_("“%s” is none of the allowed values."), value);
  if (strstr (message, "[facet 'pattern']") != NULL && value != NULL)
    return g_strdup_printf (_("“%s” is not in the required form (%s)."), value, form_of (*field));
  if (strstr (message, "[facet 'maxLength']") != NULL)
    return g_strdup (_("is too long."));
  if (strstr (message, "[facet 'minLength']") != NULL)
    return g_strdup (_("is empty."));
  if (strstr (message, "xs:date") != NULL && value != NULL)
    return g_strdup_printf (_("“%s” is not a date (YYYY-MM-DD)."), value);
  if (strstr (message, "xs:positiveInteger") != NULL && value != NULL)
    return g_strdup_printf (_("“%s” is not a positive whole number."), value);
  return g_strdup (_("does not match the format Zuweisungsliste 1.0."));
}

/* A validation error, given to the record the parser is in: the person
 * (or the one it just closed), else the transfer (or the one just
 * closed), else the header; anywhere else the file is not of the schema.
 * The record is known by the parser's own position, never by a line. */
static void
schema_error_cb (void        *data,
                 xmlErrorPtr  e)
{
  Import *im = data;
  g_autofree char *field = NULL;
  g_autofree char *reason = NULL;
  guint line;

  if (e->level == XML_ERR_WARNING || im->refusal != NULL)
    return;
  reason = describe_invalid (e->message != NULL ? e->message : "", &field);
  line = e->line > 0 ? (guint) e->line : (guint) xmlSAX2GetLineNumber (im->parser);
  if (im->person != NULL || im->closed_person != NULL)
    {
      Person *p = im->person != NULL ? im->person : im->closed_person;

      g_ptr_array_add (p->errors, issue_new (line, p->person_id, field, reason));
    }
  else if (im->transfer != NULL || im->finished != NULL)
    {
      Transfer *t = im->transfer != NULL ? im->transfer : im->finished;

      g_ptr_array_add (t->errors, issue_new (line, NULL, field, reason));
    }
  else if (!im->header_done && im->path->len >= 2 &&
           g_str_equal (g_ptr_array_index (im->path, 1), "kopf"))
    g_ptr_array_add (im->header_errors, issue_new (line, NULL, field, reason));
  else if (!im->header_done && im->header_read)
    g_ptr_array_add (im->header_errors, issue_new (line, NULL, field, reason));
  else
    {
      im->refusal = g_strdup_printf (_("Line %u: the file is not a Zuweisungsliste 1.0: %s %s"),
                                     line, field != NULL ? field : "", reason);
      xmlStopParser (im->parser);
    }
}

/* Not well-formed, an entity, anything else of the parser: the document
 * is refused. */
static void
parser_error_cb (void        *data,
                 xmlErrorPtr  e)
{
  Import *im = data;

  if (e->level == XML_ERR_WARNING)
    return;
  if (im->refusal == NULL && im->failure == NULL)
    im->refusal = g_strdup_printf (_("Line %d: the file is not well-formed XML (%s)."),
                                   e->line, e->message != NULL ? g_strchomp (e->message) : "");
}

/* Code lists */

static gboolean
load_codes (Import  *im,
            GError **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (im->store,
                                                    "SELECT list || char (9) || code FROM codes",
                                                    error);

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
  g_ptr_array_add (im->result->warnings, issue_new (p->line, p->person_id, field, text));
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
  gint64 id = _ea_store_query_int (im->store, "SELECT id FROM households WHERE platform_id = ?1",
                                   "s", platform_id);

  if (id != 0)
    return id;
  if (!_ea_store_exec_bound (im->store,
                             "INSERT INTO households (platform_id, created_at, created_by) "
                             "VALUES (?1, ?2, ?3)", error, "ssi", platform_id, im->now,
                             im->user_id))
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
      stmt = cached (im, &im->lists_stmt,
        "SELECT 'n' || position || code FROM person_nationalities WHERE person_id = ?1 "
        "UNION ALL SELECT 'l' || code || coalesce (level, '') FROM person_languages "
        "WHERE person_id = ?1 ORDER BY 1", error);
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
      if (!created && !_ea_store_exec_bound (im->store, "DELETE FROM person_nationalities WHERE person_id = ?1",
                                 error, "i", id))
        return FALSE;
      if (!created && !_ea_store_exec_bound (im->store,
                                             "DELETE FROM person_languages WHERE person_id = ?1",
                                             error, "i", id))
        return FALSE;
      for (guint i = 0; i < p->nationalities->len; i++)
        if (!_ea_store_exec_bound (im->store,
                                   "INSERT OR IGNORE INTO person_nationalities (person_id, "
                                   "position, code) VALUES (?1, ?2, ?3)", error, "iis", id,
                                   (gint64) i + 1, g_ptr_array_index (p->nationalities, i)))
          return FALSE;
      for (guint i = 0; i < p->languages->len; i++)
        {
          Language *l = &g_array_index (p->languages, Language, i);

          if (!_ea_store_exec_bound (im->store,
                                     "INSERT OR IGNORE INTO person_languages (person_id, code, "
                                     "level) VALUES (?1, ?2, ?3)", error, "iss", id, l->code,
                                     l->level))
            return FALSE;
        }
    }
  for (guint i = 0; i < p->needs->len; i++)
    {
      if (!_ea_store_exec_bound (im->store,
                                 "INSERT OR IGNORE INTO person_vulnerabilities (person_id, code) "
                                 "VALUES (?1, ?2)", error, "is", id,
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
  if (_ea_store_query_int (im->store,
                           "SELECT count (*) FROM household_members WHERE person_id = ?1 "
                           "AND household_id = ?2 AND role = ?3", "iis", id, household,
                           p->role) > 0)
    return TRUE;
  *changed = TRUE;
  return _ea_store_exec_bound (im->store,
                               "INSERT OR REPLACE INTO household_members (household_id, "
                               "person_id, role) VALUES (?1, ?2, ?3)", error, "iis", household,
                               id, p->role);
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

static Person *
person_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonArray *a;
  Person *p;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  o = json_node_get_object (json_parser_get_root (parser));
  p = person_new (json_object_get_int_member_with_default (o, "line", 0), NULL);
  {
    const struct { const char *name; char **value; } fields[] = { PERSON_FIELDS (p) };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      set_field (fields[i].value, json_object_get_string_member_with_default (o, fields[i].name,
                                                                              ""));
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

  return _ea_store_exec_bound (im->store,
                               "INSERT INTO import_reviews (import_run_id, kind, person_id, "
                               "record, message) VALUES (?1, ?2, nullif (?3, 0), ?4, ?5)",
                               error, "isiss",
                               im->result->run_id, kind, person_id, record, message);
}

/* Someone already known under another id, with the same birth date and a
 * similar name: held for a person to decide. */
static gint64
probable_duplicate (Import *im,
                    Person *p)
{
  /* Only those whose folded family name (the sort name's start) begins
   * with the same letter are compared further. */
  EaStmt *stmt = cached (im, &im->twins_stmt,
    "SELECT id, family_name, given_names FROM persons WHERE birth_date = ?1 "
    "AND (?2 IS NULL OR platform_id IS NULL OR platform_id <> ?2) AND anonymised_at IS NULL "
    "AND substr (sort_name, 1, 1) = ?3", NULL);
  g_autofree char *family = NULL;
  g_autofree char *given = NULL;
  g_autofree char *folded = NULL;
  char initial[2] = { 0, 0 };
  gint64 twin = 0;

  if (stmt == NULL)
    return 0;
  folded = ea_text_fold (p->family_name);
  initial[0] = folded[0];
  family = name_skeleton (p->family_name);
  given = name_skeleton (p->given_names);
  _ea_stmt_bind_text (stmt, 1, p->birth_date);
  _ea_stmt_bind_text (stmt, 2, p->person_id);
  _ea_stmt_bind_text (stmt, 3, initial);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      g_autofree char *other_family = name_skeleton (_ea_stmt_column_text (stmt, 1));
      g_autofree char *other_given = name_skeleton (_ea_stmt_column_text (stmt, 2));

      if (g_str_equal (family, other_family) &&
          (given[0] == '\0' || other_given[0] == '\0' || g_str_equal (given, other_given)))
        {
          twin = _ea_stmt_column_int64 (stmt, 0);
          break;
        }
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
static gint64
apply_person (Import      *im,
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
     : _ea_store_query_int (im->store, "SELECT id FROM persons WHERE platform_id = ?1", "s",
                            p->person_id);
  if (id == 0 && p->azr != NULL)
    id = _ea_store_query_int (im->store, "SELECT id FROM persons WHERE azr_number = ?1", "s",
                              p->azr);
  if (id == 0 && !im->no_twins)
    {
      gint64 twin = probable_duplicate (im, p);

      if (twin != 0)
        {
          g_autofree char *text = g_strdup_printf (_("Probably the same person as no. %lld "
                                                     "(same birth date, similar name): held "
                                                     "for review, not imported."),
                                                   (long long) twin);

          im->result->duplicates_to_review++;
          add_change (im->result, EA_IMPORT_CHANGE_DUPLICATE, p->line, p->person_id,
                      p->family_name, p->given_names);
          g_ptr_array_add (im->result->warnings, issue_new (p->line, p->person_id, NULL, text));
          return add_review (im, "duplicate", twin, p, text, error) ? 0 : -1;
        }
    }

  _ea_person_search_keys (p->family_name, p->given_names, p->birth_name, p->birth_date, p->azr,
                          p->person_id, &search_text, &sort_name);
  if (id == 0)
    {
      if (!_ea_store_exec_bound (im->store,
            "INSERT INTO persons (platform_id, azr_number, bamf_file_number, family_name, "
            "  given_names, birth_name, birth_date, birth_place, birth_country, gender, "
            "  marital_status, religion, residence_status, schooling, profession, remark, status, "
            "  expected_on, search_text, sort_name, created_at, created_by) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
            "  'expected', ?17, ?18, ?19, ?20, ?21)",
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
      if (!_ea_store_exec_bound (im->store,
            "UPDATE persons SET platform_id = coalesce (?2, platform_id), "
            "  azr_number = coalesce (?3, azr_number), "
            "  bamf_file_number = ?4, family_name = ?5, given_names = ?6, birth_name = ?7, "
            "  birth_date = ?8, birth_place = ?9, birth_country = ?10, gender = ?11, "
            "  marital_status = ?12, religion = ?13, residence_status = ?14, schooling = ?15, "
            "  profession = ?16, remark = ?17, "
            /* Dropped before and never arrived: expected again. */
            "  status = CASE WHEN status = 'left' AND arrived_on IS NULL THEN 'expected' "
            "    ELSE status END, "
            "  left_on = CASE WHEN status = 'left' AND arrived_on IS NULL THEN NULL "
            "    ELSE left_on END, "
            "  expected_on = CASE WHEN status = 'expected' OR (status = 'left' "
            "    AND arrived_on IS NULL) THEN ?18 ELSE expected_on END, "
            "  search_text = ?19, sort_name = ?20, updated_at = ?21, updated_by = ?22 "
            "WHERE id = ?1 AND NOT (platform_id IS coalesce (?2, platform_id) "
            "  AND azr_number IS coalesce (?3, azr_number) "
            "  AND bamf_file_number IS ?4 AND family_name IS ?5 AND given_names IS ?6 "
            "  AND birth_name IS ?7 AND birth_date IS ?8 AND birth_place IS ?9 "
            "  AND birth_country IS ?10 AND gender IS ?11 AND marital_status IS ?12 "
            "  AND religion IS ?13 AND residence_status IS ?14 AND schooling IS ?15 "
            "  AND profession IS ?16 AND remark IS ?17 "
            "  AND (status <> 'expected' OR expected_on IS ?18) "
            "  AND NOT (status = 'left' AND arrived_on IS NULL))",
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
  add_change (im->result, created ? EA_IMPORT_CHANGE_NEW
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
static gboolean
no_longer_expected (Import  *im,
                    gint64   person_id,
                    GError **error)
{
  if (_ea_store_query_int (im->store,
                           "SELECT count (*) FROM persons p WHERE p.id = ?1 "
                           "AND p.status = 'expected' AND NOT EXISTS (SELECT 1 FROM "
                           "transfer_persons tp JOIN transfers t ON t.id = tp.transfer_id "
                           "WHERE tp.person_id = p.id AND t.state = 'active')", "i",
                           person_id) == 0)
    return TRUE;
  im->result->cancelled++;
  {
    g_autoptr(EaStmt) stmt = _ea_store_prepare (im->store,
      "SELECT platform_id, family_name, given_names FROM persons WHERE id = ?1", error);

    if (stmt == NULL)
      return FALSE;
    _ea_stmt_bind_int64 (stmt, 1, person_id);
    if (_ea_stmt_step (stmt) == EA_STMT_ROW)
      add_change (im->result, EA_IMPORT_CHANGE_CANCELLED, 0,
                  _ea_stmt_column_text (stmt, 0),
                  _ea_stmt_column_text (stmt, 1),
                  _ea_stmt_column_text (stmt, 2));
  }
  return _ea_store_exec_bound (im->store,
                               "UPDATE persons SET status = 'left', left_on = ?2, "
                               "  expected_on = NULL, updated_at = ?3, updated_by = ?4 "
                               "WHERE id = ?1", error, "issi", person_id, im->today, im->now,
                               im->user_id) &&
         _ea_store_exec_bound (im->store,
                               "UPDATE reservations SET state = 'cancelled' WHERE person_id = ?1 "
                               "AND state = 'active'", error, "i", person_id) &&
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
  g_ptr_array_add (im->result->errors, issue_new (line, p->person_id, field, message));
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
static gboolean
tick (Import  *im,
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

static gboolean
apply_transfer (Import    *im,
                Transfer  *t,
                GError   **error)
{
  gint64 transfer_id = _ea_store_query_int (im->store,
                                            "SELECT id FROM transfers WHERE platform_id = ?1",
                                            "s", t->id);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (t->errors->len > 0)
    {
      EaImportIssue *first = g_ptr_array_index (t->errors, 0);

      /* The transfer itself is invalid: none of its persons is imported. */
      for (guint i = 0; i < t->persons->len; i++)
        reject_person (im, g_ptr_array_index (t->persons, i), first->line, first->field,
                       first->message);
      if (t->persons->len == 0)
        g_ptr_array_add (im->result->errors,
                         issue_new (first->line, NULL, first->field, first->message));
      return TRUE;
    }
  if (t->kind != TRANSFER_NEW && transfer_id == 0)
    {
      g_autofree char *text = g_strdup_printf (t->kind == TRANSFER_CANCEL
                                                 ? _("Transfer %s was never imported: its "
                                                     "cancellation (storno) is ignored.")
                                                 : _("Transfer %s was never imported: its "
                                                     "correction (aenderung) is ignored."),
                                               t->id);

      g_ptr_array_add (im->result->warnings, issue_new (t->line, NULL, "zuweisungsId", text));
      return TRUE;
    }

  if (t->kind == TRANSFER_CANCEL)
    {
      g_autoptr(EaStmt) members = _ea_store_prepare (im->store,
        "SELECT person_id FROM transfer_persons WHERE transfer_id = ?1", error);

      if (members == NULL ||
          !_ea_store_exec_bound (im->store, "UPDATE transfers SET state = 'cancelled', "
                                 "import_run_id = ?2 WHERE id = ?1", error, "ii", transfer_id,
                                 im->result->run_id))
        return FALSE;
      _ea_stmt_bind_int64 (members, 1, transfer_id);
      while (_ea_stmt_step (members) == EA_STMT_ROW)
        drop_person (im, _ea_stmt_column_int64 (members, 0));
      return TRUE;
    }

  if (transfer_id == 0)
    {
      if (!_ea_store_exec_bound (im->store,
                                 "INSERT INTO transfers (platform_id, decided_on, arrival_on, "
                                 "  origin_id, origin_name, import_run_id) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error, "sssssi", t->id,
                                 t->decided_on, t->arrival_on, t->origin_id, t->origin_name,
                                 im->result->run_id))
        return FALSE;
      transfer_id = _ea_store_last_insert_id (im->store);
    }
  else if (!_ea_store_exec_bound (im->store,
                                  "UPDATE transfers SET decided_on = ?2, arrival_on = ?3, "
                                  "  origin_id = ?4, origin_name = ?5, state = 'active', "
                                  "  import_run_id = ?6 WHERE id = ?1", error, "issssi",
                                  transfer_id, t->decided_on, t->arrival_on, t->origin_id,
                                  t->origin_name, im->result->run_id))
    return FALSE;

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
      if (im->list_rows > 0 && !tick (im, (double) (i + 1) / im->list_rows, error))
        return FALSE;
      set_field (&p->transfer, t->id);
      id = apply_person (im, t, p, error);
      if (id < 0)
        return FALSE;
      if (id == 0)
        continue;
      g_array_append_val (kept, id);
      if (!_ea_store_exec_bound (im->store,
                                 "INSERT OR IGNORE INTO transfer_persons (transfer_id, person_id) "
                                 "VALUES (?1, ?2)", error, "ii", transfer_id, id))
        return FALSE;
    }

  /* An aenderung replaces the transfer: who is missing from it is no
   * longer part of it. */
  if (t->kind == TRANSFER_CHANGE)
    {
      g_autoptr(EaStmt) members = _ea_store_prepare (im->store,
        "SELECT person_id FROM transfer_persons WHERE transfer_id = ?1", error);
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

          if (!_ea_store_exec_bound (im->store, "DELETE FROM transfer_persons WHERE "
                                     "transfer_id = ?1 AND person_id = ?2", error, "ii",
                                     transfer_id, member))
            return FALSE;
          drop_person (im, member);
        }
    }
  return TRUE;
}

/* Reading */

static const char *
parent_name (Import *im,
             guint   up)
{
  guint n = im->path->len;

  return n > up ? g_ptr_array_index (im->path, n - 1 - up) : "";
}


static gboolean
start_run (Import  *im,
           GError **error)
{
  return _ea_store_exec_bound (im->store,
                               "INSERT INTO import_runs (started_at, user_id, source, kind, "
                               "  message_id, sequence, raw_sha256, state) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, nullif (?6, 0), ?7, 'running')",
                               error, "sisssis", im->now, im->user_id, im->result->source,
                               im->kind, im->result->message_id, im->result->sequence,
                               im->raw_sha) &&
         (im->result->run_id = _ea_store_last_insert_id (im->store)) > 0;
}

/* The header is read: for this office, and not imported before? */
static gboolean
header_done (Import  *im,
             GError **error)
{
  guint64 sequence = 0;

  im->header_done = TRUE;
  /* The schema allows any positive number; the database holds them up to
   * 2⁶³ − 1 exactly. A larger one is refused, never rounded down to look
   * like a message imported before. */
  if (im->msg_sequence == NULL ||
      !g_ascii_string_to_unsigned (im->msg_sequence, 10, 1, G_MAXINT64, &sequence, NULL))
    {
      im->refusal = g_strdup_printf (_("The message number (laufendeNummer) “%s” is not a whole "
                                       "number from 1 to 9223372036854775807: nothing was "
                                       "imported."), im->msg_sequence ? im->msg_sequence : "");
      return TRUE;
    }
  if (g_strcmp0 (im->msg_ags, im->ags) != 0)
    {
      im->refusal = g_strdup_printf (_("The message is for the office with AGS %s, and this "
                                       "database is for AGS %s: nothing was imported."),
                                     im->msg_ags, im->ags);
      return TRUE;
    }
  im->result->message_id = g_strdup (im->msg_id);
  im->result->sequence = (gint64) sequence;
  if (_ea_store_query_int (im->store, "SELECT count (*) FROM import_runs WHERE sequence = ?1 "
                           "AND state IN ('done', 'partial')", "i", (gint64) sequence) > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Message no. %lld was imported before: "
                                                 "nothing changed."), (long long) sequence);

      im->result->repeated = TRUE;
      im->stop = TRUE;
      g_ptr_array_add (im->result->warnings, issue_new (0, NULL, "laufendeNummer", text));
      return TRUE;
    }
  return start_run (im, error);
}

/* What was read before the present element is complete, its validation
 * errors too: the header is checked, the finished transfer applied with
 * each error already given to its person. */
static gboolean
flush (Import  *im,
       GError **error)
{
  if (im->header_read)
    {
      im->header_read = FALSE;
      if (im->header_errors->len > 0)
        {
          EaImportIssue *first = g_ptr_array_index (im->header_errors, 0);

          im->refusal = g_strdup_printf (_("Line %u: the header of the message is not valid: "
                                           "%s %s"), first->line,
                                         first->field ? first->field : "", first->message);
          return TRUE;
        }
      return header_done (im, error);
    }
  if (im->finished != NULL)
    {
      Transfer *t = g_steal_pointer (&im->finished);
      gboolean ok = apply_transfer (im, t, error);

      transfer_free (t);
      return ok;
    }
  return TRUE;
}

/* The value of attribute @name of a SAX start tag, or NULL. */
static char *
dup_attribute (const xmlChar **attributes,
               int             n_attributes,
               const char     *name)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = &attributes[i * 5];

      if (a[2] == NULL && g_str_equal ((const char *) a[0], name))
        return g_strndup ((const char *) a[3], a[4] - a[3]);
    }
  return NULL;
}

static void
start_element (Import         *im,
               const char     *name,
               const xmlChar **attributes,
               int             n_attributes)
{
  guint depth = im->path->len;
  guint line = (guint) xmlSAX2GetLineNumber (im->parser);

  g_string_truncate (im->text, 0);
  if (depth == 1 && (g_str_equal (name, "zuweisung") || g_str_equal (name, "aenderung") ||
                     g_str_equal (name, "storno")))
    {
      Transfer *t = g_new0 (Transfer, 1);

      t->kind = g_str_equal (name, "zuweisung") ? TRANSFER_NEW
              : g_str_equal (name, "aenderung") ? TRANSFER_CHANGE : TRANSFER_CANCEL;
      t->line = line;
      t->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
      t->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
      transfer_free (im->transfer);
      im->transfer = t;
    }
  else if (im->transfer != NULL && g_str_equal (name, "familienverbund"))
    {
      g_free (im->household);
      im->household = dup_attribute (attributes, n_attributes, "id");
    }
  else if (im->transfer != NULL && g_str_equal (name, "person") && depth == 3)
    {
      g_clear_pointer (&im->person, person_free);
      im->person = person_new (line, im->household);
    }
}

static void
person_field (Import     *im,
              Person     *p,
              const char *name,
              const char *text)
{
  const char *parent = parent_name (im, 1);

  if (g_str_equal (parent, "person"))
    {
      const struct { const char *name; char **field; } fields[] = {
        { "personId", &p->person_id }, { "azrNummer", &p->azr },
        { "bamfAktenzeichen", &p->bamf }, { "familienname", &p->family_name },
        { "vorname", &p->given_names }, { "geburtsname", &p->birth_name },
        { "geburtsdatum", &p->birth_date }, { "geburtsort", &p->birth_place },
        { "geschlecht", &p->gender }, { "rolleImFamilienverbund", &p->role },
        { "beruf", &p->profession }, { "hinweis", &p->remark },
      };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (g_str_equal (name, fields[i].name))
          set_field (fields[i].field, text);
      return;
    }
  if (g_str_equal (name, "code"))
    {
      const char *list = parent;

      if (text[0] == '\0')
        return;
      if (g_str_equal (list, "staatsangehoerigkeit"))
        g_ptr_array_add (p->nationalities, g_strdup (text));
      else if (g_str_equal (list, "schutzbedarf"))
        g_ptr_array_add (p->needs, g_strdup (text));
      else if (g_str_equal (list, "geburtsland"))
        set_field (&p->birth_country, text);
      else if (g_str_equal (list, "familienstand"))
        set_field (&p->marital_status, text);
      else if (g_str_equal (list, "religion"))
        set_field (&p->religion, text);
      else if (g_str_equal (list, "aufenthaltsstatus"))
        set_field (&p->residence_status, text);
      else if (g_str_equal (list, "schulabschluss"))
        set_field (&p->schooling, text);
      else if (g_str_equal (list, "sprache") && g_str_equal (parent_name (im, 2), "sprache"))
        {
          Language l = { g_strdup (text), NULL };

          g_array_append_val (p->languages, l);
        }
      return;
    }
  if (g_str_equal (name, "niveau") && p->languages->len > 0)
    set_field (&g_array_index (p->languages, Language, p->languages->len - 1).level, text);
}

static gboolean
end_element (Import     *im,
             const char *name,
             GError    **error)
{
  g_autofree char *text = g_strstrip (g_strdup (im->text->str));
  const char *parent = parent_name (im, 1);

  g_string_truncate (im->text, 0);
  if (!im->header_done && !im->header_read)
    {
      if (g_str_equal (name, "nachrichtId") && g_str_equal (parent, "kopf"))
        set_field (&im->msg_id, text);
      else if (g_str_equal (name, "laufendeNummer") && g_str_equal (parent, "kopf"))
        set_field (&im->msg_sequence, text);
      else if (g_str_equal (name, "ags") && g_str_equal (parent, "empfaenger"))
        set_field (&im->msg_ags, text);
      else if (g_str_equal (name, "kopf"))
        im->header_read = TRUE;
      return TRUE;
    }
  if (im->person != NULL)
    {
      if (g_str_equal (name, "person") && im->path->len == 4)
        {
          im->closed_person = im->person;
          g_ptr_array_add (im->transfer->persons, g_steal_pointer (&im->person));
          return TRUE;
        }
      person_field (im, im->person, name, text);
      return TRUE;
    }
  if (im->transfer != NULL)
    {
      Transfer *t = im->transfer;

      if (im->path->len == 2)
        {
          /* Applied once its errors are known, at the next element. */
          im->finished = g_steal_pointer (&im->transfer);
          return TRUE;
        }
      if (g_str_equal (parent, "herkunftseinrichtung"))
        {
          if (g_str_equal (name, "kennung"))
            set_field (&t->origin_id, text);
          else if (g_str_equal (name, "name"))
            set_field (&t->origin_name, text);
        }
      else if (g_str_equal (name, "zuweisungsId"))
        set_field (&t->id, text);
      else if (g_str_equal (name, "zuweisungsdatum"))
        set_field (&t->decided_on, text);
      else if (g_str_equal (name, "ankunftGeplant"))
        set_field (&t->arrival_on, text);
      return TRUE;
    }
  /* The end of the document: everything in it is read and validated. */
  if (im->path->len == 1 && !flush (im, error))
    return FALSE;
  return TRUE;
}

static xmlSchemaPtr
load_schema (void)
{
  static gsize loaded;
  static xmlSchemaPtr schema;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GBytes) xsd = g_resource_lookup_data (ea_feed_get_resource (), XSD_RESOURCE,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      gsize size;
      const char *data = g_bytes_get_data (xsd, &size);
      xmlSchemaParserCtxtPtr parser = xmlSchemaNewMemParserCtxt (data, (int) size);
      xmlSchemaPtr parsed = xmlSchemaParse (parser);

      xmlSchemaFreeParserCtxt (parser);
      schema = parsed;
      g_once_init_leave (&loaded, 1);
    }
  return schema;
}

/* No document of the feed may reach out: every external entity, DTD or
 * schema is refused. */
static xmlParserInputPtr
no_external_loader (const char       *url,
                    const char       *id,
                    xmlParserCtxtPtr  context)
{
  return NULL;
}

/* Counts the attributes of each tag on their way to the parser (see
 * ea-xml-guard.c); FALSE, with the refusal set, when one has too many. */
static gboolean
guard_attributes (Import     *im,
                  const char *bytes,
                  gsize       n)
{
  if (_ea_xml_guard_feed (&im->guard, bytes, n, MAX_ATTRIBUTES))
    return TRUE;
  im->refusal = g_strdup_printf (_("Line %u: an element has more than %d attributes, far "
                                   "more than a Zuweisungsliste has."), im->guard.line,
                                 MAX_ATTRIBUTES);
  return FALSE;
}

/* SAX callbacks: the parser's events in document order, the validator's
 * right after ours for the same event. */

static void
sax_start (void           *data,
           const xmlChar  *local_name,
           const xmlChar  *prefix,
           const xmlChar  *uri,
           int             n_namespaces,
           const xmlChar **namespaces,
           int             n_attributes,
           int             n_defaulted,
           const xmlChar **attributes)
{
  Import *im = data;
  const char *name = (const char *) local_name;

  im->closed_person = NULL;
  if (im->refusal != NULL || im->failure != NULL || im->stop)
    return;
  if (im->path->len == 0)
    {
      g_autofree char *version = dup_attribute (attributes, n_attributes, "version");

      if (!g_str_equal (name, "zuweisungsliste") ||
          g_strcmp0 ((const char *) uri, FEED_NS) != 0 || g_strcmp0 (version, "1.0") != 0)
        {
          im->refusal = g_strdup_printf (_("The file is not a Zuweisungsliste 1.0 "
                                           "(its root element is “%s”)."), name);
          xmlStopParser (im->parser);
          return;
        }
    }
  if (im->path->len >= MAX_DEPTH)
    {
      im->refusal = g_strdup_printf (_("Line %d: the elements are nested deeper than "
                                       "a Zuweisungsliste allows."),
                                     xmlSAX2GetLineNumber (im->parser));
      xmlStopParser (im->parser);
      return;
    }
  if (im->path->len == 1 &&
      (!flush (im, &im->failure) ||
       !tick (im, im->size > 0 ? (double) xmlByteConsumed (im->parser) / im->size : 0.0,
              &im->failure)))
    {
      xmlStopParser (im->parser);
      return;
    }
  if (im->refusal != NULL || im->stop)
    {
      xmlStopParser (im->parser);
      return;
    }
  start_element (im, name, attributes, n_attributes);
  g_ptr_array_add (im->path, g_strdup (name));
}

static void
sax_end (void          *data,
         const xmlChar *local_name,
         const xmlChar *prefix,
         const xmlChar *uri)
{
  Import *im = data;

  im->closed_person = NULL;
  if (im->refusal != NULL || im->failure != NULL || im->stop || im->path->len == 0)
    return;
  if (!end_element (im, g_ptr_array_index (im->path, im->path->len - 1), &im->failure))
    {
      xmlStopParser (im->parser);
      return;
    }
  g_ptr_array_remove_index (im->path, im->path->len - 1);
  if (im->refusal != NULL || im->stop)
    xmlStopParser (im->parser);
}

static void
sax_text (void          *data,
          const xmlChar *text,
          int            length)
{
  Import *im = data;

  if (im->refusal != NULL || im->failure != NULL || im->stop)
    return;
  if (im->text->len + (gsize) length > MAX_TEXT)
    {
      im->refusal = g_strdup_printf (_("Line %d: a text is longer than a "
                                       "Zuweisungsliste allows."),
                                     xmlSAX2GetLineNumber (im->parser));
      xmlStopParser (im->parser);
      return;
    }
  g_string_append_len (im->text, (const char *) text, length);
}

static void
refuse_declarations (Import *im)
{
  if (im->refusal == NULL)
    im->refusal = g_strdup (_("The file declares a DTD or entities, which the feed "
                              "does not allow."));
  xmlStopParser (im->parser);
}

static void
sax_subset (void          *data,
            const xmlChar *name,
            const xmlChar *external_id,
            const xmlChar *system_id)
{
  refuse_declarations (data);
}

static void
sax_entity_declaration (void          *data,
                        const xmlChar *name,
                        int            type,
                        const xmlChar *public_id,
                        const xmlChar *system_id,
                        xmlChar       *content)
{
  refuse_declarations (data);
}

static void
sax_reference (void          *data,
               const xmlChar *name)
{
  refuse_declarations (data);
}

static xmlEntityPtr
sax_get_entity (void          *data,
                const xmlChar *name)
{
  /* Only the five predefined entities exist. */
  return xmlGetPredefinedEntity (name);
}

/* Reads the file in blocks through the attribute guard into a SAX parser
 * that the schema validator is plugged into. */
static gboolean
read_document (Import      *im,
               const char  *path,
               GError     **error)
{
  xmlSAXHandler sax = { 0 };
  xmlSAXHandlerPtr plugged = &sax;
  void *user_data = im;
  xmlSchemaValidCtxtPtr validator = NULL;
  xmlSchemaSAXPlugPtr plug = NULL;
  g_autofree char *buffer = g_malloc (READ_BLOCK);
  gboolean ok = TRUE;
  int fd;

  xmlSetExternalEntityLoader (no_external_loader);
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("Cannot read “%s”."), path);
      return FALSE;
    }
  if (load_schema () == NULL || (validator = xmlSchemaNewValidCtxt (load_schema ())) == NULL)
    {
      close (fd);
      g_set_error_literal (error, EA_ERROR, EA_ERROR_FAILED,
                           _("The schema of the Zuweisungsliste cannot be loaded."));
      return FALSE;
    }

  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = sax_start;
  sax.endElementNs = sax_end;
  sax.characters = sax_text;
  sax.cdataBlock = sax_text;
  sax.internalSubset = sax_subset;
  sax.externalSubset = sax_subset;
  sax.entityDecl = sax_entity_declaration;
  sax.reference = sax_reference;
  sax.getEntity = sax_get_entity;
  sax.serror = parser_error_cb;
  xmlSchemaSetValidStructuredErrors (validator, schema_error_cb, im);
  plug = xmlSchemaSAXPlug (validator, &plugged, &user_data);
  im->parser = xmlCreatePushParserCtxt (plugged, user_data, NULL, 0, path);
  if (plug == NULL || im->parser == NULL)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_FAILED,
                           _("The schema of the Zuweisungsliste cannot be loaded."));
      ok = FALSE;
      goto out;
    }
  /* No network, line numbers past 65,535, and entities never expanded. */
  xmlCtxtUseOptions (im->parser, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
  im->guard.line = 1;

  while (im->refusal == NULL && im->failure == NULL && !im->stop)
    {
      gssize n = read (fd, buffer, READ_BLOCK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, EA_ERROR, EA_ERROR_FAILED, _("Cannot read “%s”: %s."), path,
                       g_strerror (saved));
          ok = FALSE;
          goto out;
        }
      if (n > 0 && !guard_attributes (im, buffer, (gsize) n))
        break;
      xmlParseChunk (im->parser, buffer, (int) n, n == 0);
      if (n == 0)
        break;
    }
  if (im->failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&im->failure));
      ok = FALSE;
      goto out;
    }
  if (im->refusal == NULL && !im->stop && !im->parser->wellFormed)
    im->refusal = g_strdup_printf (_("Line %d: the file is not well-formed XML."),
                                   xmlSAX2GetLineNumber (im->parser));
  if (im->refusal == NULL && !im->stop && !im->header_done)
    im->refusal = g_strdup (_("The file is not a Zuweisungsliste 1.0: it has no header."));

out:
  close (fd);
  if (im->parser != NULL)
    {
      xmlFreeParserCtxt (im->parser);
      im->parser = NULL;
    }
  if (plug != NULL)
    xmlSchemaSAXUnplug (plug);
  xmlSchemaFreeValidCtxt (validator);
  return ok;
}

/* Messages */

static JsonNode *
issues_json (GPtrArray *issues)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < issues->len; i++)
    {
      EaImportIssue *issue = g_ptr_array_index (issues, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, issue->line);
      if (issue->person_id != NULL)
        {
          json_builder_set_member_name (b, "person_id");
          json_builder_add_string_value (b, issue->person_id);
        }
      if (issue->field != NULL)
        {
          json_builder_set_member_name (b, "field");
          json_builder_add_string_value (b, issue->field);
        }
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, issue->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static gboolean
finish_run (Import  *im,
            GError **error)
{
  EaImportResult *r = im->result;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) g = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *finished = ea_clock_timestamp ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_add_value (b, issues_json (r->warnings));
  json_builder_set_member_name (b, "errors");
  json_builder_add_value (b, issues_json (r->errors));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (g, root);
  messages = json_generator_to_data (g, NULL);
  detail = g_strdup_printf ("message %lld: %u new, %u changed, %u unchanged, %u cancelled, "
                            "%u rejected, %u to review", (long long) r->sequence, r->created,
                            r->updated, r->unchanged, r->cancelled, r->rejected,
                            r->duplicates_to_review);
  return _ea_store_exec_bound (im->store,
                               "UPDATE import_runs SET finished_at = ?2, state = ?3, created = ?4, "
                               "  updated = ?5, unchanged = ?6, cancelled = ?7, rejected = ?8, "
                               "  duplicates_to_review = ?9, messages = ?10 WHERE id = ?1",
                               error, "issiiiiiis", r->run_id, finished,
                               r->rejected > 0 || r->duplicates_to_review > 0 ? "partial" : "done",
                               (gint64) r->created, (gint64) r->updated, (gint64) r->unchanged,
                               (gint64) r->cancelled, (gint64) r->rejected,
                               (gint64) r->duplicates_to_review, messages) &&
         _ea_audit_append (im->store, im->user_id, &(EaAuditRecord) { .action = "import",
                                                                      .object_type = "import-run",
                                                                      .object_id = r->run_id,
                                                                      .detail = detail }, error);
}

static void
import_clear (Import *im)
{
  g_free (im->ags);
  g_free (im->today);
  g_free (im->now);
  g_free (im->raw_sha);
  g_clear_pointer (&im->header_errors, g_ptr_array_unref);
  g_clear_error (&im->failure);
  g_free (im->refusal);
  g_clear_pointer (&im->path, g_ptr_array_unref);
  if (im->text != NULL)
    g_string_free (im->text, TRUE);
  g_free (im->msg_id);
  g_free (im->msg_sequence);
  g_free (im->msg_ags);
  g_clear_pointer (&im->transfer, transfer_free);
  g_clear_pointer (&im->finished, transfer_free);
  g_clear_pointer (&im->person, person_free);
  g_free (im->household);
  g_clear_pointer (&im->codes, g_hash_table_unref);
  g_clear_pointer (&im->dropped, g_array_unref);
  g_clear_pointer (&im->lists_stmt, _ea_stmt_free);
  g_clear_pointer (&im->twins_stmt, _ea_stmt_free);
}

/* A result with its lists, and an import's state for @session. */
static EaImportResult *
result_new (const char *source,
            gboolean    dry_run)
{
  EaImportResult *result = g_new0 (EaImportResult, 1);

  result->source = g_strdup (source);
  result->dry_run = dry_run;
  result->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
  result->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  return result;
}

static void
import_init (Import         *im,
             EaSession      *session,
             EaImportResult *result)
{
  im->session = session;
  im->store = ea_session_get_store (session);
  im->result = result;
  im->user_id = ea_session_get_user_id (session);
  im->today = ea_clock_today ();
  im->now = ea_clock_timestamp ();
  im->dropped = g_array_new (FALSE, FALSE, sizeof (gint64));
}

typedef gboolean (*ReadFunc) (Import      *im,
                              const char  *path,
                              GError     **error);

/* An import of @path read by @read, in one transaction. */
static EaImportResult *
run_import (EaSession   *session,
            const char  *path,
            const char  *source,
            const char  *kind,
            const char  *mime_type,
            ReadFunc     read,
            gboolean     dry_run,
            EaImportProgressFunc progress,
            gpointer     progress_data,
            GCancellable *cancellable,
            GError     **error)
{
  g_autoptr(EaImportResult) result = NULL;
  Import im = { 0 };
  GStatBuf info;
  gboolean ok, stored_now = FALSE;
  gint64 size = 0;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error) ||
      !_ea_store_check_regular_file (path, error))
    return NULL;
  if (g_stat (path, &info) != 0)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("Cannot read “%s”: %s."), name,
                   g_strerror (errno));
      return NULL;
    }
  if ((gint64) info.st_size > MAX_BYTES)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("The file is larger than 512 MB, more than a Zuweisungsliste can be."));
      return NULL;
    }

  result = result_new (source != NULL ? source : path, dry_run);
  import_init (&im, session, result);
  im.kind = kind;
  im.ags = _ea_store_dup_setting (im.store, "ags");
  im.header_errors = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
  im.path = g_ptr_array_new_with_free_func (g_free);
  im.text = g_string_new (NULL);
  im.progress = progress;
  im.progress_data = progress_data;
  im.cancellable = cancellable;
  im.size = (gint64) info.st_size;
  im.permille = -1;

  if (!load_codes (&im, error) || !_ea_store_begin_all (im.store, error))
    {
      import_clear (&im);
      return NULL;
    }
  /* The raw message, archived unchanged, inside the transaction: a kill
   * leaves at most a file that no blob names, and ea_maintenance_check ()
   * finds it. */
  im.raw_sha = _ea_documents_store_file (im.store, path, &size, &stored_now, error);
  ok = im.raw_sha != NULL &&
       _ea_store_exec_bound (im.store,
                             "INSERT OR IGNORE INTO blobs (sha256, size, mime_type, added_at) "
                             "VALUES (?1, ?2, ?3, ?4)", error, "siss", im.raw_sha, size,
                             mime_type, im.now) &&
       read (&im, path, error);
  if (ok && im.refusal != NULL)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, im.refusal);
      ok = FALSE;
    }
  for (guint i = 0; ok && im.refusal == NULL && i < im.dropped->len; i++)
    ok = no_longer_expected (&im, g_array_index (im.dropped, gint64, i), error);
  if (ok && result->run_id != 0)
    ok = finish_run (&im, error);
  if (!ok || dry_run || result->repeated)
    {
      /* Refused, a dry run or nothing new: the database stays as it was. */
      _ea_store_end_all (im.store, FALSE, NULL);
      if (stored_now && im.raw_sha != NULL)
        _ea_documents_remove_blob (im.store, im.raw_sha);
      if (ok && dry_run)
        result->run_id = 0;
    }
  else if (!_ea_store_end_all (im.store, TRUE, error))
    ok = FALSE;
  if (ok && progress != NULL && im.permille != 1000)
    progress (1.0, progress_data);
  import_clear (&im);
  return ok ? g_steal_pointer (&result) : NULL;
}

/* Spreadsheet lists */

/* Fields of a list, by the German headers of the feed README. */
typedef enum
{
  COLUMN_NONE,
  COLUMN_FAMILY_NAME,
  COLUMN_GIVEN_NAMES,
  COLUMN_BIRTH_DATE,
  COLUMN_GENDER,
  COLUMN_NATIONALITY,
  COLUMN_AZR,
  COLUMN_HOUSEHOLD,
  COLUMN_RELIGION,
  COLUMN_LANGUAGES,
  COLUMN_ARRIVAL,
  COLUMN_NEEDS,
} Column;

static const struct
{
  const char *header;   /* folded: lower case, no dots or hyphens */
  Column      column;
  const char *field;    /* the feed's name, for messages */
} list_headers[] = {
  { "nachname", COLUMN_FAMILY_NAME, "familienname" },
  { "familienname", COLUMN_FAMILY_NAME, "familienname" },
  { "name", COLUMN_FAMILY_NAME, "familienname" },
  { "vorname", COLUMN_GIVEN_NAMES, "vorname" },
  { "vornamen", COLUMN_GIVEN_NAMES, "vorname" },
  { "geburtsdatum", COLUMN_BIRTH_DATE, "geburtsdatum" },
  { "gebdatum", COLUMN_BIRTH_DATE, "geburtsdatum" },
  { "geb", COLUMN_BIRTH_DATE, "geburtsdatum" },
  { "geschlecht", COLUMN_GENDER, "geschlecht" },
  { "geschl", COLUMN_GENDER, "geschlecht" },
  { "staatsangehorigkeit", COLUMN_NATIONALITY, "staatsangehoerigkeit" },
  { "nationalitat", COLUMN_NATIONALITY, "staatsangehoerigkeit" },
  { "azrnummer", COLUMN_AZR, "azrNummer" },
  { "azrnr", COLUMN_AZR, "azrNummer" },
  { "familie", COLUMN_HOUSEHOLD, "familienverbund" },
  { "familienid", COLUMN_HOUSEHOLD, "familienverbund" },
  { "familienverbund", COLUMN_HOUSEHOLD, "familienverbund" },
  { "religion", COLUMN_RELIGION, "religion" },
  { "sprache", COLUMN_LANGUAGES, "sprache" },
  { "sprachen", COLUMN_LANGUAGES, "sprache" },
  { "ankunft", COLUMN_ARRIVAL, "ankunftGeplant" },
  { "ankunftsdatum", COLUMN_ARRIVAL, "ankunftGeplant" },
  { "schutzbedarf", COLUMN_NEEDS, "schutzbedarf" },
};

/* Countries by their German names, for lists that name them instead of
 * the DESTATIS key (feed README). The code list's adjectives (syrisch)
 * are understood as well. */
static const struct
{
  const char *name;     /* folded */
  const char *key;
} countries[] = {
  { "syrien", "475" }, { "arabische republik syrien", "475" }, { "afghanistan", "423" },
  { "irak", "438" }, { "iran", "439" }, { "turkei", "163" }, { "ukraine", "166" },
  { "russland", "160" }, { "russische foderation", "160" }, { "eritrea", "224" },
  { "somalia", "221" }, { "nigeria", "232" }, { "palastinensische gebiete", "459" },
  { "staatenlos", "997" }, { "ungeklart", "998" }, { "ohne angabe", "999" },
  { "georgien", "430" }, { "guinea", "261" }, { "athiopien", "225" }, { "pakistan", "461" },
};

static char *
fold_header (const char *text)
{
  g_autofree char *folded = ea_text_fold (text);
  GString *out = g_string_new (NULL);

  for (const char *c = folded; *c != '\0'; c++)
    if (*c != '.' && *c != '-' && *c != ' ' && *c != '_')
      g_string_append_c (out, *c);
  return g_string_free (out, FALSE);
}

/* Splits CSV text as Excel writes it: fields in double quotes may hold
 * the separator, line breaks and "" for a quote. Each row keeps the line
 * it begins on. */
static GPtrArray *
split_csv (const char *text,
           char        separator,
           GArray     *lines,
           guint       max_rows)   /* 0: all */
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = NULL;
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE, any = FALSE;
  guint line = 1, row_line = 1;

  for (const char *c = text; ; c++)
    {
      if (*c == '\0' || (!quoted && (*c == '\n' || *c == separator)))
        {
          if (row == NULL)
            {
              row = g_ptr_array_new_with_free_func (g_free);
              row_line = line;
            }
          g_ptr_array_add (row, g_strdup (field->str));
          any |= field->len > 0;
          g_string_truncate (field, 0);
          if (*c != separator)
            {
              /* A row of empty fields is no row. */
              if (any)
                {
                  g_ptr_array_add (rows, row);
                  g_array_append_val (lines, row_line);
                  if (rows->len == max_rows)
                    break;
                }
              else
                g_ptr_array_unref (row);
              row = NULL;
              any = FALSE;
            }
          if (*c == '\0')
            break;
          if (*c == '\n')
            line++;
          continue;
        }
      if (*c == '"')
        {
          if (quoted && c[1] == '"')
            {
              g_string_append_c (field, '"');
              c++;
            }
          else
            quoted = !quoted;
          continue;
        }
      if (*c == '\r' && !quoted)
        continue;
      if (*c == '\n')
        line++;
      g_string_append_c (field, *c);
    }
  g_string_free (field, TRUE);
  return rows;
}

static char *
list_date (Import     *im,
           const char *text)
{
  /* A date cell of a workbook is a day number counted from 30.12.1899;
   * from 01.03.1900 on, Excel's and the calendar's days agree. */
  if (g_str_equal (im->kind, "xlsx") && text[0] != '\0' && strspn (text, "0123456789") ==
      strlen (text) && strlen (text) <= 7)
    {
      guint64 serial = g_ascii_strtoull (text, NULL, 10);
      g_autoptr(GDate) day = NULL;

      if (serial < 61 || serial > 2958465)
        return NULL;
      day = g_date_new_dmy (30, G_DATE_DECEMBER, 1899);
      g_date_add_days (day, (guint) serial);
      return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day),
                              g_date_get_day (day));
    }
  /* TT.MM.JJJJ, JJJJ-MM-TT, 00.00.JJJJ; the office's own reading. */
  return text[0] != '\0' ? ea_partial_date_parse_input (text) : NULL;
}

static const char *
list_gender (const char *text)
{
  g_autofree char *folded = ea_text_fold (text);

  if (g_str_equal (folded, "m") || g_str_equal (folded, "mannlich"))
    return "m";
  if (g_str_equal (folded, "w") || g_str_equal (folded, "weiblich"))
    return "w";
  if (g_str_equal (folded, "d") || g_str_equal (folded, "divers"))
    return "d";
  if (g_str_equal (folded, "x") || g_str_equal (folded, "keine angabe"))
    return "x";
  return NULL;
}

/* A DESTATIS key, a German country name, or the list's adjective. */
static char *
list_nationality (Import     *im,
                  const char *text)
{
  g_autofree char *folded = ea_text_fold (text);
  g_autoptr(EaStmt) stmt = NULL;

  if (strspn (text, "0123456789") == strlen (text) && strlen (text) == 3)
    return g_strdup (text);
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_str_equal (folded, countries[i].name))
      return g_strdup (countries[i].key);
  stmt = _ea_store_prepare (im->store, "SELECT code, label FROM codes WHERE list = 'nationality'",
                            NULL);
  while (stmt != NULL && _ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      g_autofree char *label = ea_text_fold (_ea_stmt_column_text (stmt, 1));

      if (g_str_equal (label, folded))
        return g_strdup (_ea_stmt_column_text (stmt, 0));
    }
  return NULL;
}

static void
row_error (Person     *p,
           const char *field,
           const char *message)
{
  g_ptr_array_add (p->errors, issue_new (p->line, NULL, field, message));
}

/* A row of the list as a person of the feed. */
static Person *
list_person (Import      *im,
             GPtrArray   *row,
             const int   *columns,
             guint        n_columns,
             guint        line,
             GHashTable  *heads)
{
  Person *p = person_new (line, NULL);

  for (guint i = 0; i < MIN (row->len, n_columns); i++)
    {
      const char *value = g_strstrip ((char *) g_ptr_array_index (row, i));

      if (value[0] == '\0')
        continue;
      switch ((Column) columns[i])
        {
        case COLUMN_FAMILY_NAME:
          set_field (&p->family_name, value);
          break;
        case COLUMN_GIVEN_NAMES:
          set_field (&p->given_names, value);
          break;
        case COLUMN_BIRTH_DATE:
          p->birth_date = list_date (im, value);
          if (p->birth_date == NULL)
            {
              g_autofree char *text = g_strdup_printf (_("“%s” is not a date (DD.MM.YYYY, with "
                                                         "00 for an unknown day or month)."),
                                                       value);

              row_error (p, "geburtsdatum", text);
            }
          break;
        case COLUMN_GENDER:
          if (list_gender (value) != NULL)
            set_field (&p->gender, list_gender (value));
          else
            {
              g_autofree char *text = g_strdup_printf (_("“%s” is none of the allowed values."),
                                                       value);

              row_error (p, "geschlecht", text);
            }
          break;
        case COLUMN_NATIONALITY:
          {
            char *key = list_nationality (im, value);

            if (key != NULL)
              g_ptr_array_add (p->nationalities, key);
            else
              {
                g_autofree char *text = g_strdup_printf (_("“%s” is no nationality this program "
                                                           "knows; write the key (e.g. 475) or "
                                                           "the country."), value);

                row_error (p, "staatsangehoerigkeit", text);
              }
          }
          break;
        case COLUMN_AZR:
          if (strlen (value) == 12 && strspn (value, "0123456789") == 12)
            set_field (&p->azr, value);
          else
            {
              g_autofree char *text = g_strdup_printf (_("“%s” is not in the required form (%s)."),
                                                       value, _("12 digits"));

              row_error (p, "azrNummer", text);
            }
          break;
        case COLUMN_HOUSEHOLD:
          set_field (&p->household, value);
          break;
        case COLUMN_RELIGION:
          set_field (&p->religion, value);
          break;
        case COLUMN_LANGUAGES:
        case COLUMN_NEEDS:
          {
            g_auto(GStrv) parts = g_strsplit_set (value, ",;", -1);

            for (guint k = 0; parts[k] != NULL; k++)
              {
                char *part = g_strstrip (parts[k]);

                if (part[0] == '\0')
                  continue;
                if (columns[i] == COLUMN_NEEDS)
                  g_ptr_array_add (p->needs, g_strdup (part));
                else
                  {
                    Language l = { g_strdup (part), NULL };

                    g_array_append_val (p->languages, l);
                  }
              }
          }
          break;
        case COLUMN_ARRIVAL:
          p->arrival = list_date (im, value);
          if (p->arrival == NULL || strstr (p->arrival, "-00") != NULL)
            {
              g_autofree char *text = g_strdup_printf (_("“%s” is not a date (DD.MM.YYYY)."),
                                                       value);

              g_clear_pointer (&p->arrival, g_free);
              row_error (p, "ankunftGeplant", text);
            }
          break;
        case COLUMN_NONE:
        default:
          break;
        }
    }
  if (p->family_name == NULL)
    row_error (p, "familienname", _("is missing, and it is required."));
  if (p->birth_date == NULL && p->errors->len == 0)
    row_error (p, "geburtsdatum", _("is missing, and it is required."));
  if (p->gender == NULL && p->errors->len == 0)
    row_error (p, "geschlecht", _("is missing, and it is required."));
  if (p->nationalities->len == 0 && p->errors->len == 0)
    row_error (p, "staatsangehoerigkeit", _("is missing, and it is required."));
  /* The first of a household in the list is its head. */
  if (p->household != NULL)
    {
      set_field (&p->role, g_hash_table_contains (heads, p->household) ? "sonstige"
                                                                       : "bezugsperson");
      g_hash_table_add (heads, g_strdup (p->household));
    }
  return p;
}

/* The separator the header line uses most: ';' (German Excel) or ','. */
static char
csv_separator (const char *body)
{
  const char *end = strchr (body, '\n');
  gsize first = end != NULL ? (gsize) (end - body) : strlen (body);
  guint semicolons = 0, commas = 0;

  for (gsize i = 0; i < first; i++)
    {
      semicolons += body[i] == ';';
      commas += body[i] == ',';
    }
  return semicolons >= commas ? ';' : ',';
}

/* The rows of a list: CSV (UTF-8 with or without BOM, ';' or ',') or the
 * first sheet of an XLSX workbook. A file that is no such list is refused
 * with @refusal, a file that cannot be read with @error. */
static GPtrArray *
read_rows (const char  *path,
           GArray      *lines,
           guint        max_rows,
           char       **refusal,
           GError     **error)
{
  g_autofree char *text = NULL;
  GPtrArray *rows;
  const char *body;
  gsize length;

  if (!_ea_store_check_regular_file (path, error))
    return NULL;
  if (ea_import_is_workbook (path))
    {
      g_autoptr(GError) local = NULL;

      rows = _ea_xlsx_read_rows (path, lines, max_rows, &local);
      if (rows == NULL && g_error_matches (local, EA_ERROR, EA_ERROR_INVALID))
        *refusal = g_strdup (local->message);
      else if (rows == NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return rows;
    }
  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  if (!g_utf8_validate (text, length, NULL))
    {
      *refusal = g_strdup (_("The list is not UTF-8 text: save it as “CSV UTF-8”."));
      return NULL;
    }
  body = g_str_has_prefix (text, "\xEF\xBB\xBF") ? text + 3 : text;
  rows = split_csv (body, csv_separator (body), lines, max_rows);
  if (rows->len == 0)
    {
      g_ptr_array_unref (rows);
      *refusal = g_strdup (_("The list is empty."));
      return NULL;
    }
  return rows;
}

static Column
column_of_field (const char *field)
{
  for (guint k = 0; k < G_N_ELEMENTS (list_headers); k++)
    if (g_strcmp0 (list_headers[k].field, field) == 0)
      return list_headers[k].column;
  return COLUMN_NONE;
}

static Column
column_of_header (const char *header)
{
  g_autofree char *folded = fold_header (header);

  for (guint k = 0; k < G_N_ELEMENTS (list_headers); k++)
    if (g_str_equal (folded, list_headers[k].header))
      return list_headers[k].column;
  return COLUMN_NONE;
}

/* The saved mapping that knows most of the headers the import does not:
 * folded header → field ("" for a column left out on purpose). */
static GHashTable *
best_mapping (EaStore    *store,
              GPtrArray  *header,
              char      **name)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT name, mapping FROM "
                                                    "import_mappings ORDER BY name", NULL);
  GHashTable *best = NULL;
  guint best_known = 0;

  while (stmt != NULL && _ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GHashTable) mapping = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             g_free);
      JsonObject *o;
      guint known = 0;

      if (!json_parser_load_from_data (parser, _ea_stmt_column_text (stmt, 1), -1,
                                       NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      o = json_node_get_object (json_parser_get_root (parser));
      {
        g_autoptr(GList) members = json_object_get_members (o);

        for (GList *l = members; l != NULL; l = l->next)
          g_hash_table_insert (mapping, fold_header (l->data),
                               g_strdup (json_object_get_string_member_with_default (o, l->data,
                                                                                     "")));
      }
      for (guint i = 0; i < header->len; i++)
        {
          const char *h = g_ptr_array_index (header, i);
          g_autofree char *folded = fold_header (h);

          known += column_of_header (h) == COLUMN_NONE &&
                   g_hash_table_contains (mapping, folded);
        }
      if (known > best_known)
        {
          g_clear_pointer (&best, g_hash_table_unref);
          best = g_steal_pointer (&mapping);
          best_known = known;
          g_free (*name);
          *name = g_strdup (_ea_stmt_column_text (stmt, 0));
        }
    }
  return best;
}

/* What each column of @header is: a header the import knows, else what a
 * saved mapping says. @columns receives them (COLUMN_NONE: left out),
 * @mapping_name the saved mapping used. */
static void
resolve_columns (EaStore    *store,
                 GPtrArray  *header,
                 int        *columns,
                 char      **mapping_name)
{
  g_autoptr(GHashTable) mapping = best_mapping (store, header, mapping_name);
  gboolean found[COLUMN_NEEDS + 1] = { FALSE };

  for (guint i = 0; i < header->len; i++)
    {
      const char *h = g_ptr_array_index (header, i);
      Column column = column_of_header (h);

      if (column == COLUMN_NONE && mapping != NULL)
        {
          g_autofree char *folded = fold_header (h);

          column = column_of_field (g_hash_table_lookup (mapping, folded));
        }
      /* The first column of a field wins. */
      if (column != COLUMN_NONE && !found[column])
        {
          columns[i] = column;
          found[column] = TRUE;
        }
    }
}

/* A list as one transfer named after the file's SHA-256: the same file
 * twice changes nothing, as the same message does. */
static gboolean
read_list (Import      *im,
           const char  *path,
           GError     **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree int *columns = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *transfer_id = g_strdup_printf ("LISTE-%.16s", im->raw_sha);
  g_autofree char *mapping_name = NULL;
  Transfer *t;
  GPtrArray *header;
  gboolean found[COLUMN_NEEDS + 1] = { FALSE };
  gboolean ok;

  rows = read_rows (path, lines, 0, &im->refusal, error);
  if (rows == NULL)
    return im->refusal != NULL;

  header = g_ptr_array_index (rows, 0);
  columns = g_new0 (int, header->len);
  resolve_columns (im->store, header, columns, &mapping_name);
  if (mapping_name != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("Columns mapped with the saved mapping “%s”."),
                                               mapping_name);

      g_ptr_array_add (im->result->warnings, issue_new (1, NULL, NULL, note));
    }
  for (guint i = 0; i < header->len; i++)
    {
      found[columns[i]] = TRUE;
      if (columns[i] == COLUMN_NONE &&
          ((char *) g_ptr_array_index (header, i))[0] != '\0')
        {
          g_autofree char *note = g_strdup_printf (_("The column “%s” is not one the import "
                                                     "knows: it is left out."),
                                                   (char *) g_ptr_array_index (header, i));

          g_ptr_array_add (im->result->warnings, issue_new (1, NULL, NULL, note));
        }
    }
  {
    const struct { Column column; const char *label; } required[] = {
      { COLUMN_FAMILY_NAME, "Nachname" }, { COLUMN_BIRTH_DATE, "Geburtsdatum" },
      { COLUMN_GENDER, "Geschlecht" }, { COLUMN_NATIONALITY, "Staatsangehörigkeit" },
    };

    for (guint k = 0; k < G_N_ELEMENTS (required); k++)
      if (!found[required[k].column])
        {
          im->refusal = g_strdup_printf (_("The list has no column “%s” (line 1 names the "
                                           "columns)."), required[k].label);
          return TRUE;
        }
  }

  /* The same file before: nothing to do. */
  im->result->message_id = g_strdup (name);
  if (_ea_store_query_int (im->store, "SELECT count (*) FROM import_runs WHERE raw_sha256 = ?1 "
                           "AND state IN ('done', 'partial')", "s", im->raw_sha) > 0)
    {
      im->result->repeated = TRUE;
      g_ptr_array_add (im->result->warnings,
                       issue_new (0, NULL, NULL, _("This list was imported before: nothing "
                                                   "changed.")));
      return TRUE;
    }
  if (!start_run (im, error))
    return FALSE;

  t = g_new0 (Transfer, 1);
  t->kind = TRANSFER_NEW;
  t->line = 1;
  t->id = g_strdup (transfer_id);
  t->decided_on = g_strdup (im->today);
  t->arrival_on = g_strdup (im->today);
  t->origin_name = g_strdup (name);
  t->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  t->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
  im->list_rows = rows->len - 1;
  for (guint r = 1; r < rows->len; r++)
    g_ptr_array_add (t->persons, list_person (im, g_ptr_array_index (rows, r), columns,
                                              header->len, g_array_index (lines, guint, r),
                                              heads));
  ok = apply_transfer (im, t, error);
  transfer_free (t);
  return ok;
}

/* A list as its kind: an XLSX workbook by its name, else CSV. */
static EaImportResult *
import_list (EaSession            *session,
             const char           *path,
             gboolean              dry_run,
             EaImportProgressFunc  progress,
             gpointer              progress_data,
             GCancellable         *cancellable,
             GError              **error)
{
  if (ea_import_is_workbook (path))
    return run_import (session, path, NULL, "xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       read_list, dry_run, progress, progress_data, cancellable, error);
  return run_import (session, path, NULL, "csv", "text/csv", read_list, dry_run, progress,
                     progress_data, cancellable, error);
}

/**
 * ea_import_list_file:
 * @session: an administrator's session (the right to import)
 * @path: a CSV list or an XLSX workbook (.xlsx) with a header row
 * @dry_run: %TRUE to report what would change and change nothing
 * @error: a #GError: why the list is refused as a whole
 *
 * Imports a spreadsheet list as the state platform's feed would bring the
 * same persons: the German headers of the feed README are recognised,
 * German dates and country names understood; each row that cannot be
 * read is rejected with its line and column.
 *
 * Returns: (transfer full): the result, or %NULL when the list is refused
 *   as a whole; nothing is changed then
 */
EaImportResult *
ea_import_list_file (EaSession   *session,
                     const char  *path,
                     gboolean     dry_run,
                     GError     **error)
{
  return import_list (session, path, dry_run, NULL, NULL, NULL, error);
}

/**
 * ea_import_file:
 * @session: an administrator's session (the right to import)
 * @path: a Zuweisungsliste (.xml) or a list (.csv, .xlsx)
 * @dry_run: %TRUE to report what would change and change nothing
 * @progress: (nullable) (scope call): told the share done (0 to 1), in
 *   the calling thread, at most a thousand times
 * @progress_data: for @progress
 * @cancellable: (nullable): stops the import; nothing is changed then
 * @error: a #GError: why the file is refused as a whole, or
 *   %G_IO_ERROR_CANCELLED
 *
 * Imports a file of any kind the import knows, by its name; for work in
 * another thread, on a session of its own (ea_session_open_copy()).
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
EaImportResult *
ea_import_file (EaSession            *session,
                const char           *path,
                gboolean              dry_run,
                EaImportProgressFunc  progress,
                gpointer              progress_data,
                GCancellable         *cancellable,
                GError              **error)
{
  if (ea_import_is_list (path))
    return import_list (session, path, dry_run, progress, progress_data, cancellable, error);
  return run_import (session, path, NULL, "xml", "application/xml", read_document, dry_run,
                     progress, progress_data, cancellable, error);
}

/**
 * ea_import_is_workbook:
 * @path: a file name
 *
 * Returns: whether @path names an XLSX workbook (by its extension)
 */
gboolean
ea_import_is_workbook (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".xlsx");
}

/**
 * ea_import_is_list:
 * @path: a file name
 *
 * Returns: whether @path names a spreadsheet list (CSV or XLSX), which
 *   ea_import_list_file() reads, rather than a Zuweisungsliste
 */
gboolean
ea_import_is_list (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".xlsx");
}

/**
 * ea_import_xml_file:
 * @session: an administrator's session (the right to import)
 * @path: a Zuweisungsliste 1.0
 * @dry_run: %TRUE to report what would change and change nothing
 * @error: a #GError: why the document is refused as a whole
 *
 * Imports the message in one transaction. Invalid persons do not sink
 * it: they are in the result's errors, with line, person id, field and
 * reason. A message imported before changes nothing.
 *
 * Returns: (transfer full): the result, or %NULL when the document is
 *   refused as a whole; nothing is changed then
 */
EaImportResult *
ea_import_xml_file (EaSession   *session,
                    const char  *path,
                    gboolean     dry_run,
                    GError     **error)
{
  return run_import (session, path, NULL, "xml", "application/xml", read_document, dry_run,
                     NULL, NULL, NULL, error);
}

void
ea_import_run_free (EaImportRun *run)
{
  if (run == NULL)
    return;
  g_free (run->started_at);
  g_free (run->source);
  g_free (run->message_id);
  g_free (run->state);
  g_free (run->user);
  g_free (run);
}

/**
 * ea_import_list_runs:
 * @session: a session with the right to import
 * @limit: at most this many, the newest first
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type EaImportRun): the recorded runs
 */
GPtrArray *
ea_import_list_runs (EaSession  *session,
                     guint       limit,
                     GError    **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_import_run_free);
  g_autoptr(EaStmt) stmt = NULL;
  EaStore *store;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store,
    "SELECT r.id, r.started_at, r.source, r.message_id, coalesce (r.sequence, 0), r.state, "
    "  coalesce (u.display_name, u.login), r.created, r.updated, r.unchanged, r.cancelled, "
    "  r.rejected, r.duplicates_to_review "
    "FROM import_runs r LEFT JOIN users u ON u.id = r.user_id "
    "WHERE r.state IN ('done', 'partial') ORDER BY r.id DESC LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, limit);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      EaImportRun *run = g_new0 (EaImportRun, 1);

      run->id = _ea_stmt_column_int64 (stmt, 0);
      run->started_at = g_strdup (_ea_stmt_column_text (stmt, 1));
      run->source = g_strdup (_ea_stmt_column_text (stmt, 2));
      run->message_id = g_strdup (_ea_stmt_column_text (stmt, 3));
      run->sequence = _ea_stmt_column_int64 (stmt, 4);
      run->state = g_strdup (_ea_stmt_column_text (stmt, 5));
      run->user = g_strdup (_ea_stmt_column_text (stmt, 6));
      run->created = _ea_stmt_column_int (stmt, 7);
      run->updated = _ea_stmt_column_int (stmt, 8);
      run->unchanged = _ea_stmt_column_int (stmt, 9);
      run->cancelled = _ea_stmt_column_int (stmt, 10);
      run->rejected = _ea_stmt_column_int (stmt, 11);
      run->duplicates_to_review = _ea_stmt_column_int (stmt, 12);
      g_ptr_array_add (runs, run);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the import runs"));
      return NULL;
    }
  return g_steal_pointer (&runs);
}

void
ea_import_duplicate_free (EaImportDuplicate *d)
{
  if (d == NULL)
    return;
  g_free (d->existing_name);
  g_free (d->existing_birth_date);
  g_free (d->existing_azr);
  g_free (d->existing_status);
  g_free (d->name);
  g_free (d->birth_date);
  g_free (d->azr);
  g_free (d->platform_id);
  g_free (d->household);
  g_free (d->message);
  g_free (d);
}

/**
 * ea_import_list_duplicates:
 * @session: a session with the right to import
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type EaImportDuplicate): the probable
 *   duplicates held for a decision, the oldest first
 */
GPtrArray *
ea_import_list_duplicates (EaSession  *session,
                           GError    **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_import_duplicate_free);
  g_autoptr(EaStmt) stmt = NULL;
  EaStore *store;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store,
    "SELECT r.id, p.id, p.family_name || coalesce (', ' || p.given_names, ''), p.birth_date, "
    "  p.azr_number, p.status, r.record, r.message "
    "FROM import_reviews r JOIN persons p ON p.id = r.person_id "
    "WHERE r.kind = 'duplicate' AND r.decision IS NULL ORDER BY r.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      EaImportDuplicate *d = g_new0 (EaImportDuplicate, 1);
      Person *p = person_from_json (_ea_stmt_column_text (stmt, 6));

      d->review_id = _ea_stmt_column_int64 (stmt, 0);
      d->existing_id = _ea_stmt_column_int64 (stmt, 1);
      d->existing_name = g_strdup (_ea_stmt_column_text (stmt, 2));
      d->existing_birth_date = g_strdup (_ea_stmt_column_text (stmt, 3));
      d->existing_azr = g_strdup (_ea_stmt_column_text (stmt, 4));
      d->existing_status = g_strdup (_ea_person_status_label (_ea_stmt_column_text (stmt, 5)));
      d->message = g_strdup (_ea_stmt_column_text (stmt, 7));
      if (p != NULL)
        {
          d->name = join_name (p->family_name, p->given_names);
          d->birth_date = g_strdup (p->birth_date);
          d->azr = g_strdup (p->azr);
          d->platform_id = g_strdup (p->person_id);
          d->household = g_strdup (p->household);
          d->line = p->line;
          person_free (p);
        }
      g_ptr_array_add (found, d);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the probable duplicates"));
      return NULL;
    }
  return g_steal_pointer (&found);
}

/**
 * ea_import_decide:
 * @session: a session with the right to import
 * @review_id: a probable duplicate held by an import
 * @same_person: %TRUE: the record is the person already known, whose
 *   data it updates; %FALSE: a different person, created now
 * @error: a #GError
 *
 * Returns: the person the record now is, or 0 with @error set; nothing
 *   is changed then
 */
gint64
ea_import_decide (EaSession  *session,
                  gint64      review_id,
                  gboolean    same_person,
                  GError    **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(EaImportResult) result = NULL;
  Import im = { 0 };
  Transfer t = { 0 };
  Person *p = NULL;
  gint64 twin, transfer_id = 0, id = 0;
  gboolean ok;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return 0;
  stmt = _ea_store_prepare (ea_session_get_store (session),
                            "SELECT record, person_id FROM import_reviews WHERE id = ?1 "
                            "AND kind = 'duplicate' AND decision IS NULL", error);
  if (stmt == NULL)
    return 0;
  _ea_stmt_bind_int64 (stmt, 1, review_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW ||
      (p = person_from_json (_ea_stmt_column_text (stmt, 0))) == NULL)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("This probable duplicate has been decided already."));
      return 0;
    }
  twin = _ea_stmt_column_int64 (stmt, 1);
  _ea_stmt_reset (stmt);
  result = result_new (NULL, FALSE);
  import_init (&im, session, result);
  im.force_id = same_person ? twin : 0;
  im.no_twins = TRUE;
  t.id = p->transfer;
  t.arrival_on = NULL;
  if (p->transfer != NULL)
    transfer_id = _ea_store_query_int (im.store, "SELECT id FROM transfers WHERE platform_id = ?1",
                                       "s", p->transfer);
  {
    g_autoptr(EaStmt) arrival = _ea_store_prepare (im.store,
      "SELECT coalesce ((SELECT arrival_on FROM transfers WHERE id = ?1), ?2)", NULL);

    if (arrival != NULL)
      {
        _ea_stmt_bind_int64 (arrival, 1, transfer_id);
        _ea_stmt_bind_text (arrival, 2, im.today);
        if (_ea_stmt_step (arrival) == EA_STMT_ROW)
          t.arrival_on = g_strdup (_ea_stmt_column_text (arrival, 0));
      }
  }

  ok = _ea_store_begin (im.store, error);
  if (ok)
    {
      id = apply_person (&im, &t, p, error);
      ok = id > 0 &&
           (transfer_id == 0 ||
            _ea_store_exec_bound (im.store, "INSERT OR IGNORE INTO transfer_persons "
                                  "(transfer_id, person_id) VALUES (?1, ?2)", error, "ii",
                                  transfer_id, id)) &&
           _ea_store_exec_bound (im.store, "UPDATE import_reviews SET decided_at = ?2, "
                                 "decided_by = ?3, decision = ?4 WHERE id = ?1", error, "isis",
                                 review_id, im.now, im.user_id,
                                 same_person ? "merged" : "kept-apart") &&
           _ea_audit_append (im.store, im.user_id,
                             &(EaAuditRecord) { .action = same_person ? "merge" : "keep-apart",
                                                .object_type = "import-review",
                                                .object_id = review_id, .person_id = id },
                             error);
      ok = _ea_store_finish (im.store, ok, error);
    }
  g_free (t.arrival_on);
  person_free (p);
  import_clear (&im);
  return ok ? id : 0;
}

void
ea_import_arrival_free (EaImportArrival *arrival)
{
  if (arrival == NULL)
    return;
  g_free (arrival->name);
  g_free (arrival->expected_on);
  g_free (arrival);
}

static int
compare_arrivals (gconstpointer a,
                  gconstpointer b)
{
  const EaImportArrival *x = *(EaImportArrival **) a, *y = *(EaImportArrival **) b;

  return g_strcmp0 (x->expected_on, y->expected_on);
}

/**
 * ea_import_list_unplaced:
 * @session: a session that may see persons
 * @run_id: an import run
 * @error: a #GError
 *
 * The persons the run's transfers announced who are still expected and
 * have neither a bed nor a reservation, one entry per household (its head
 * first), so that a bed can be found for them from the import's result.
 *
 * Returns: (transfer full) (element-type EaImportArrival): the arrivals,
 *   the earliest first, or %NULL with @error set
 */
GPtrArray *
ea_import_list_unplaced (EaSession  *session,
                         gint64      run_id,
                         GError    **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_import_arrival_free);
  g_autoptr(EaStmt) stmt = NULL;
  EaStore *store;
  EaImportArrival *last = NULL;
  gint64 last_household = 0;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store,
    "SELECT p.id, p.family_name || coalesce (', ' || p.given_names, ''), "
    "  coalesce (m.household_id, 0), p.expected_on "
    "FROM persons p LEFT JOIN household_members m ON m.person_id = p.id "
    "WHERE p.id IN (SELECT tp.person_id FROM transfer_persons tp "
    "               JOIN transfers t ON t.id = tp.transfer_id "
    "               WHERE t.import_run_id = ?1 AND t.state = 'active') "
    "  AND p.status = 'expected' "
    "  AND NOT EXISTS (SELECT 1 FROM reservations v WHERE v.person_id = p.id "
    "                  AND v.state = 'active') "
    "  AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.person_id = p.id AND s.until_date IS NULL) "
    "ORDER BY coalesce (m.household_id, -p.id), "
    "  coalesce (m.role, '') <> 'bezugsperson', p.birth_date, p.id", error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, run_id);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 household = _ea_stmt_column_int64 (stmt, 2);

      if (last != NULL && household != 0 && household == last_household)
        {
          const char *on = _ea_stmt_column_text (stmt, 3);

          last->household_size++;
          if (on != NULL && (last->expected_on == NULL || strcmp (on, last->expected_on) < 0))
            {
              g_free (last->expected_on);
              last->expected_on = g_strdup (on);
            }
          continue;
        }
      last = g_new0 (EaImportArrival, 1);
      last->person_id = _ea_stmt_column_int64 (stmt, 0);
      last->name = g_strdup (_ea_stmt_column_text (stmt, 1));
      last->expected_on = g_strdup (_ea_stmt_column_text (stmt, 3));
      last->household_size = 1;
      last_household = household;
      g_ptr_array_add (found, last);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the expected arrivals"));
      return NULL;
    }
  g_ptr_array_sort (found, compare_arrivals);
  return g_steal_pointer (&found);
}

/* The fields a list's column can be, in the order a dialog offers them. */
static const struct
{
  const char *field;
  const char *label;
} list_fields[] = {
  { "familienname", N_("Family name") }, { "vorname", N_("Given names") },
  { "geburtsdatum", N_("Date of birth") }, { "geschlecht", N_("Gender") },
  { "staatsangehoerigkeit", N_("Nationality") }, { "azrNummer", N_("AZR number") },
  { "familienverbund", N_("Household") }, { "religion", N_("Religion") },
  { "sprache", N_("Languages") }, { "ankunftGeplant", N_("Planned arrival") },
  { "schutzbedarf", N_("Protection needs") },
};

/**
 * ea_import_list_field_names:
 *
 * Returns: (transfer none) (array zero-terminated=1): the feed's names of
 *   the fields a list's column can be mapped to
 */
const char *const *
ea_import_list_field_names (void)
{
  static const char *names[G_N_ELEMENTS (list_fields) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (list_fields); i++)
      names[i] = list_fields[i].field;
  return names;
}

/**
 * ea_import_list_field_label:
 * @field: a field's name in the feed
 *
 * Returns: the field in the office's words, or %NULL for no field
 */
const char *
ea_import_list_field_label (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (list_fields); i++)
    if (g_strcmp0 (list_fields[i].field, field) == 0)
      return _(list_fields[i].label);
  return NULL;
}

void
ea_import_column_free (EaImportColumn *column)
{
  if (column == NULL)
    return;
  g_free (column->header);
  g_free (column->field);
  g_free (column);
}

/**
 * ea_import_dup_list_columns:
 * @session: a session with the right to import
 * @path: a CSV list or an XLSX workbook
 * @mapping_name: (out) (optional) (transfer full): the saved mapping used,
 *   or %NULL
 * @error: a #GError: the list cannot be read (%EA_ERROR_INVALID with the
 *   reason when it is no list)
 *
 * The columns of a list's header row and what the import takes each for,
 * from the headers it knows or a saved mapping: for the dialog that maps
 * the others by hand.
 *
 * Returns: (transfer full) (element-type EaImportColumn): the columns, or
 *   %NULL with @error set
 */
GPtrArray *
ea_import_dup_list_columns (EaSession   *session,
                            const char  *path,
                            char       **mapping_name,
                            GError     **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *used = NULL;
  g_autofree int *columns = NULL;
  GPtrArray *found;
  GPtrArray *header;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return NULL;
  /* The header row is all the dialog needs. */
  rows = read_rows (path, lines, 1, &refusal, error);
  if (rows == NULL)
    {
      if (refusal != NULL)
        g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, refusal);
      return NULL;
    }
  header = g_ptr_array_index (rows, 0);
  columns = g_new0 (int, header->len);
  resolve_columns (ea_session_get_store (session), header, columns, &used);
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_import_column_free);
  for (guint i = 0; i < header->len; i++)
    {
      EaImportColumn *c = g_new0 (EaImportColumn, 1);

      c->header = g_strdup (g_ptr_array_index (header, i));
      for (guint k = 0; k < G_N_ELEMENTS (list_headers) && columns[i] != COLUMN_NONE; k++)
        if (list_headers[k].column == (Column) columns[i])
          {
            c->field = g_strdup (list_headers[k].field);
            break;
          }
      c->known = column_of_header (c->header) != COLUMN_NONE;
      g_ptr_array_add (found, c);
    }
  if (mapping_name != NULL)
    *mapping_name = g_steal_pointer (&used);
  return found;
}

/**
 * ea_import_save_mapping:
 * @session: a session with the right to import
 * @name: the mapping's name, e.g. the reception centre's
 * @columns: (element-type EaImportColumn): a list's columns with the field
 *   chosen for each (%NULL: left out)
 * @error: a #GError
 *
 * Saves what the columns the import does not know by their header are,
 * under @name (replacing a mapping of that name); lists with these headers
 * are then read with it, in the application and by the CLI.
 *
 * Returns: %TRUE when saved; else nothing is changed
 */
gboolean
ea_import_save_mapping (EaSession   *session,
                        const char  *name,
                        GPtrArray   *columns,
                        GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) g = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  g_autofree char *trimmed = NULL;
  EaStore *store;
  gint64 user_id;
  guint mapped = 0;
  gboolean ok;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (columns != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return FALSE;
  trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (trimmed[0] == '\0' || g_utf8_strlen (trimmed, -1) > 80)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("Give the mapping a name of at most 80 characters, e.g. the "
                             "reception centre's."));
      return FALSE;
    }
  json_builder_begin_object (b);
  for (guint i = 0; i < columns->len; i++)
    {
      EaImportColumn *c = g_ptr_array_index (columns, i);

      if (c->field != NULL && ea_import_list_field_label (c->field) == NULL)
        {
          g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("“%s” is no field of a list."),
                       c->field);
          return FALSE;
        }
      if (c->field != NULL && g_hash_table_contains (used, c->field))
        {
          g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                       _("Column “%s” and column “%s” are both “%s”: choose one."),
                       (const char *) g_hash_table_lookup (used, c->field), c->header,
                       ea_import_list_field_label (c->field));
          return FALSE;
        }
      if (c->field != NULL)
        g_hash_table_insert (used, c->field, c->header);
      /* Headers the import knows need no mapping. */
      if (column_of_header (c->header) != COLUMN_NONE || c->header[0] == '\0')
        continue;
      json_builder_set_member_name (b, c->header);
      json_builder_add_string_value (b, c->field != NULL ? c->field : "");
      mapped++;
    }
  json_builder_end_object (b);
  if (mapped == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The import knows every column of this list: there is nothing to "
                             "map."));
      return FALSE;
    }
  root = json_builder_get_root (b);
  json_generator_set_root (g, root);
  text = json_generator_to_data (g, NULL);
  store = ea_session_get_store (session);
  user_id = ea_session_get_user_id (session);
  ok = _ea_store_begin (store, error) &&
       _ea_store_exec_bound (store, "INSERT INTO import_mappings (name, mapping) VALUES (?1, ?2) "
                             "ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping",
                             error, "ss", trimmed, text) &&
       _ea_audit_append (store, user_id, &(EaAuditRecord) { .action = "change",
                                                            .object_type = "import-mapping",
                                                            .detail = trimmed }, error);
  return _ea_store_finish (store, ok, error);
}

/**
 * _ea_import_platform_answer:
 * @session: an administrator's session
 * @path: the platform's answer, kept in a file
 * @source: the address it came from, recorded as the run's source
 * @dry_run: report only
 * @cancellable: (nullable): stops the import; nothing is changed then
 * @error: a #GError
 *
 * Imports the platform's answer as a Zuweisungsliste recorded as a
 * platform run.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
EaImportResult *
_ea_import_platform_answer (EaSession     *session,
                            const char    *path,
                            const char    *source,
                            gboolean       dry_run,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return run_import (session, path, source, "platform", "application/xml", read_document,
                     dry_run, NULL, NULL, cancellable, error);
}
