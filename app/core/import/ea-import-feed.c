/* SPDX-License-Identifier: EUPL-1.2 */
/* Reading a Zuweisungsliste: the SAX parser behind the attribute guard,
 * the schema's validation messages in words a clerk understands, and the
 * transfers handed to the applying part as they are read. */
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

      g_ptr_array_add (p->errors, _ea_import_issue_new (line, p->person_id, field, reason));
    }
  else if (im->transfer != NULL || im->finished != NULL)
    {
      Transfer *t = im->transfer != NULL ? im->transfer : im->finished;

      g_ptr_array_add (t->errors, _ea_import_issue_new (line, NULL, field, reason));
    }
  else if (!im->header_done && im->path->len >= 2 &&
           g_str_equal (g_ptr_array_index (im->path, 1), "kopf"))
    g_ptr_array_add (im->header_errors, _ea_import_issue_new (line, NULL, field, reason));
  else if (!im->header_done && im->header_read)
    g_ptr_array_add (im->header_errors, _ea_import_issue_new (line, NULL, field, reason));
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

/* Reading */

static const char *
parent_name (Import *im,
             guint   up)
{
  guint n = im->path->len;

  return n > up ? g_ptr_array_index (im->path, n - 1 - up) : "";
}


gboolean
_ea_import_start_run (Import  *im,
                      GError **error)
{
  return _ea_store_exec_bound (im->store, _ea_import_sql.insert_run, error, "sisssis",
                               im->now, im->user_id, im->result->source, im->kind,
                               im->result->message_id, im->result->sequence, im->raw_sha) &&
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
  if (_ea_store_query_int (im->store, _ea_import_sql.sequence_imported, "i",
                           (gint64) sequence) > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Message no. %lld was imported before: "
                                                 "nothing changed."), (long long) sequence);

      im->result->repeated = TRUE;
      im->stop = TRUE;
      g_ptr_array_add (im->result->warnings,
                       _ea_import_issue_new (0, NULL, "laufendeNummer", text));
      return TRUE;
    }
  return _ea_import_start_run (im, error);
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
      gboolean ok = _ea_import_apply_transfer (im, t, error);

      _ea_import_transfer_free (t);
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
      t->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_import_person_free);
      t->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_import_issue_free);
      _ea_import_transfer_free (im->transfer);
      im->transfer = t;
    }
  else if (im->transfer != NULL && g_str_equal (name, "familienverbund"))
    {
      g_free (im->household);
      im->household = dup_attribute (attributes, n_attributes, "id");
    }
  else if (im->transfer != NULL && g_str_equal (name, "person") && depth == 3)
    {
      g_clear_pointer (&im->person, _ea_import_person_free);
      im->person = _ea_import_person_new (line, im->household);
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
          _ea_import_set_field (fields[i].field, text);
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
        _ea_import_set_field (&p->birth_country, text);
      else if (g_str_equal (list, "familienstand"))
        _ea_import_set_field (&p->marital_status, text);
      else if (g_str_equal (list, "religion"))
        _ea_import_set_field (&p->religion, text);
      else if (g_str_equal (list, "aufenthaltsstatus"))
        _ea_import_set_field (&p->residence_status, text);
      else if (g_str_equal (list, "schulabschluss"))
        _ea_import_set_field (&p->schooling, text);
      else if (g_str_equal (list, "sprache") && g_str_equal (parent_name (im, 2), "sprache"))
        {
          Language l = { g_strdup (text), NULL };

          g_array_append_val (p->languages, l);
        }
      return;
    }
  if (g_str_equal (name, "niveau") && p->languages->len > 0)
    _ea_import_set_field (&g_array_index (p->languages, Language, p->languages->len - 1).level,
                          text);
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
        _ea_import_set_field (&im->msg_id, text);
      else if (g_str_equal (name, "laufendeNummer") && g_str_equal (parent, "kopf"))
        _ea_import_set_field (&im->msg_sequence, text);
      else if (g_str_equal (name, "ags") && g_str_equal (parent, "empfaenger"))
        _ea_import_set_field (&im->msg_ags, text);
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
            _ea_import_set_field (&t->origin_id, text);
          else if (g_str_equal (name, "name"))
            _ea_import_set_field (&t->origin_name, text);
        }
      else if (g_str_equal (name, "zuweisungsId"))
        _ea_import_set_field (&t->id, text);
      else if (g_str_equal (name, "zuweisungsdatum"))
        _ea_import_set_field (&t->decided_on, text);
      else if (g_str_equal (name, "ankunftGeplant"))
        _ea_import_set_field (&t->arrival_on, text);
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
       !_ea_import_tick (im, im->size > 0 ? (double) xmlByteConsumed (im->parser) / im->size : 0.0,
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
gboolean
_ea_import_read_feed (Import      *im,
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
