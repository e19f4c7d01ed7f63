/* SPDX-License-Identifier: EUPL-1.2 */
/* Spreadsheet lists (CSV, XLSX) as the feed would bring the same persons:
 * German headers, dates and country names, saved column mappings. */
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
#include "ea-change-private.h"
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
  stmt = _ea_store_prepare (im->store, _ea_import_sql.nationality_codes, NULL);
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
  g_ptr_array_add (p->errors, _ea_import_issue_new (p->line, NULL, field, message));
}

/* The birth date of a list row: TT.MM.JJJJ with 00 for an unknown part. */
static void
read_birth_date (Import     *im,
                 Person     *p,
                 const char *value)
{
  p->birth_date = list_date (im, value);
  if (p->birth_date == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is not a date (DD.MM.YYYY, with "
                                                 "00 for an unknown day or month)."),
                                               value);

      row_error (p, "geburtsdatum", text);
    }
}

static void
read_gender (Person     *p,
             const char *value)
{
  if (list_gender (value) != NULL)
    _ea_import_set_field (&p->gender, list_gender (value));
  else
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is none of the allowed values."),
                                               value);

      row_error (p, "geschlecht", text);
    }
}

static void
read_nationality (Import     *im,
                  Person     *p,
                  const char *value)
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

static void
read_azr (Person     *p,
          const char *value)
{
  if (strlen (value) == 12 && strspn (value, "0123456789") == 12)
    _ea_import_set_field (&p->azr, value);
  else
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is not in the required form (%s)."),
                                               value, _("12 digits"));

      row_error (p, "azrNummer", text);
    }
}

/* Languages or protection needs: several in one cell, split at ',' or ';'. */
static void
read_several (Person     *p,
              Column      column,
              const char *value)
{
  g_auto(GStrv) parts = g_strsplit_set (value, ",;", -1);

  for (guint k = 0; parts[k] != NULL; k++)
    {
      char *part = g_strstrip (parts[k]);

      if (part[0] == '\0')
        continue;
      if (column == COLUMN_NEEDS)
        g_ptr_array_add (p->needs, g_strdup (part));
      else
        {
          Language l = { g_strdup (part), NULL };

          g_array_append_val (p->languages, l);
        }
    }
}

/* The planned arrival: a whole date, no unknown day or month. */
static void
read_arrival (Import     *im,
              Person     *p,
              const char *value)
{
  p->arrival = list_date (im, value);
  if (p->arrival == NULL || strstr (p->arrival, "-00") != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is not a date (DD.MM.YYYY)."),
                                               value);

      g_clear_pointer (&p->arrival, g_free);
      row_error (p, "ankunftGeplant", text);
    }
}

/* One non-empty cell of a list row into the field of its @column; a
 * value that does not fit is an error of the row. */
static void
read_cell (Import     *im,
           Person     *p,
           Column      column,
           const char *value)
{
  switch (column)
    {
    case COLUMN_FAMILY_NAME:
      _ea_import_set_field (&p->family_name, value);
      break;
    case COLUMN_GIVEN_NAMES:
      _ea_import_set_field (&p->given_names, value);
      break;
    case COLUMN_BIRTH_DATE:
      read_birth_date (im, p, value);
      break;
    case COLUMN_GENDER:
      read_gender (p, value);
      break;
    case COLUMN_NATIONALITY:
      read_nationality (im, p, value);
      break;
    case COLUMN_AZR:
      read_azr (p, value);
      break;
    case COLUMN_HOUSEHOLD:
      _ea_import_set_field (&p->household, value);
      break;
    case COLUMN_RELIGION:
      _ea_import_set_field (&p->religion, value);
      break;
    case COLUMN_LANGUAGES:
    case COLUMN_NEEDS:
      read_several (p, column, value);
      break;
    case COLUMN_ARRIVAL:
      read_arrival (im, p, value);
      break;
    case COLUMN_NONE:
    default:
      break;
    }
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
  Person *p = _ea_import_person_new (line, NULL);

  for (guint i = 0; i < MIN (row->len, n_columns); i++)
    {
      const char *value = g_strstrip ((char *) g_ptr_array_index (row, i));

      if (value[0] == '\0')
        continue;
      read_cell (im, p, (Column) columns[i], value);
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
      _ea_import_set_field (&p->role, g_hash_table_contains (heads, p->household) ? "sonstige"
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
GPtrArray *
_ea_import_read_list_rows (const char  *path,
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
      /* A workbook whose first sheet is empty is an empty list, as an
       * empty CSV: its callers read the first row as the headings. */
      else if (rows->len == 0)
        {
          g_clear_pointer (&rows, g_ptr_array_unref);
          *refusal = g_strdup (_("The list is empty."));
        }
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
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_import_sql.mappings, NULL);
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

  rows = _ea_import_read_list_rows (path, lines, 0, &im->refusal, error);
  if (rows == NULL)
    return im->refusal != NULL;

  header = g_ptr_array_index (rows, 0);
  columns = g_new0 (int, header->len);
  resolve_columns (im->store, header, columns, &mapping_name);
  if (mapping_name != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("Columns mapped with the saved mapping “%s”."),
                                               mapping_name);

      g_ptr_array_add (im->result->warnings, _ea_import_issue_new (1, NULL, NULL, note));
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

          g_ptr_array_add (im->result->warnings, _ea_import_issue_new (1, NULL, NULL, note));
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
  if (_ea_store_query_int (im->store, _ea_import_sql.file_imported, "s", im->raw_sha) > 0)
    {
      im->result->repeated = TRUE;
      g_ptr_array_add (im->result->warnings,
                       _ea_import_issue_new (0, NULL, NULL,
                                             _("This list was imported before: nothing "
                                               "changed.")));
      return TRUE;
    }
  if (!_ea_import_start_run (im, error))
    return FALSE;

  t = g_new0 (Transfer, 1);
  t->kind = TRANSFER_NEW;
  t->line = 1;
  t->id = g_strdup (transfer_id);
  t->decided_on = g_strdup (im->today);
  t->arrival_on = g_strdup (im->today);
  t->origin_name = g_strdup (name);
  t->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_import_person_free);
  t->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_import_issue_free);
  im->list_rows = rows->len - 1;
  for (guint r = 1; r < rows->len; r++)
    g_ptr_array_add (t->persons, list_person (im, g_ptr_array_index (rows, r), columns,
                                              header->len, g_array_index (lines, guint, r),
                                              heads));
  ok = _ea_import_apply_transfer (im, t, error);
  _ea_import_transfer_free (t);
  return ok;
}

/* A list as its kind: an XLSX workbook by its name, else CSV. */
EaImportResult *
_ea_import_list (EaSession            *session,
                 const char           *path,
                 gboolean              dry_run,
                 EaImportProgressFunc  progress,
                 gpointer              progress_data,
                 GCancellable         *cancellable,
                 GError              **error)
{
  if (ea_import_is_workbook (path))
    return _ea_import_run (session, path, NULL, "xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           read_list, dry_run, progress, progress_data, cancellable, error);
  return _ea_import_run (session, path, NULL, "csv", "text/csv", read_list, dry_run, progress,
                         progress_data, cancellable, error);
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
  rows = _ea_import_read_list_rows (path, lines, 1, &refusal, error);
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

/* @data: the mapping's name and its JSON. */
static gboolean
save_mapping_change (EaSession     *session,
                     gpointer       data,
                     EaAuditRecord *record,
                     GError       **error)
{
  const char **name_and_text = data;

  *record = (EaAuditRecord) { .action = "change", .object_type = "import-mapping",
                              .detail = name_and_text[0] };
  return _ea_store_exec_bound (ea_session_get_store (session), _ea_import_sql.save_mapping,
                               error, "ss", name_and_text[0], name_and_text[1]);
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
  guint mapped = 0;

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
  return _ea_change (session, EA_RIGHT_IMPORT, 0, save_mapping_change,
                     (const char *[]) { trimmed, text }, error);
}
