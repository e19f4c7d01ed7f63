/* SPDX-License-Identifier: EUPL-1.2 */
/* Spreadsheet lists as XLSX: an Office Open XML workbook is a ZIP archive
 * (read with libarchive) of XML parts (read with libxml2's stream reader).
 * Only what a list needs is read: the shared strings, the workbook's first
 * sheet and its cells as text. The parts are bounded in size, and the
 * cells' text by the size of the parts, so that a small archive cannot
 * unpack into gigabytes, and documents with a DTD are refused, as the
 * feed's are. */
#define G_LOG_DOMAIN "ea-xlsx"

#include "config.h"

#include "ea-xlsx-private.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "ea-error.h"
#include "ea-xml-guard-private.h"

#define PART_LIMIT   (96 * 1024 * 1024)   /* one part unpacked */
#define TOTAL_LIMIT  (160 * 1024 * 1024)  /* the parts read, together */
#define COLUMN_LIMIT 16384                /* XFD, Excel's last column */
/* No element of a workbook's parts needs more attributes. */
#define ATTRIBUTE_LIMIT 64
/* Empty cells that a row needs to reach its next cell are padding: a
 * sheet may have this many for each cell it holds, and a million more.
 * Rows of one cell far to the right (a 51 KB file asked for 6.4 GB) are
 * refused instead. */
#define PADDING_PER_CELL 64
#define PADDING_FREE     (1024 * 1024)
/* The text of the cells together, bounded by what the file holds: a
 * shared string counts for every cell that refers to it, so one string
 * of 30,000 characters in 200,000 small cells asked for 6 GB. The cells
 * may hold twice the text of the sheet and its shared strings, and 16 MB
 * more; an honest list repeats short texts (a nationality, a gender),
 * each cell costing more bytes in the sheet than its text. */
#define CELL_TEXT_PER_BYTE 2
#define CELL_TEXT_FREE     (16 * 1024 * 1024)

#define NS_RELATIONSHIPS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static gboolean
refuse (GError    **error,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError    **error,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, text);
  return FALSE;
}

/* The parts of the archive a list needs: by name, unpacked. */
static GHashTable *
read_parts (const char  *path,
            GError     **error)
{
  g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_bytes_unref);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gsize total = 0;
  gboolean ok = TRUE;
  int rc;

  archive_read_support_format_zip (a);
  archive_read_support_filter_none (a);
  if (archive_read_open_filename (a, path, 64 * 1024) != ARCHIVE_OK)
    {
      ok = refuse (error, "%s", _("The file is not an XLSX workbook."));
      goto out;
    }
  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      g_autoptr(GByteArray) data = NULL;
      char buffer[64 * 1024];
      la_ssize_t n;

      if (name == NULL ||
          !(g_str_equal (name, "xl/workbook.xml") ||
            g_str_equal (name, "xl/_rels/workbook.xml.rels") ||
            g_str_equal (name, "xl/sharedStrings.xml") ||
            (g_str_has_prefix (name, "xl/worksheets/") && g_str_has_suffix (name, ".xml") &&
             strchr (name + strlen ("xl/worksheets/"), '/') == NULL)))
        continue;
      data = g_byte_array_new ();
      while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
        {
          total += (gsize) n;
          if (data->len + (gsize) n > PART_LIMIT || total > TOTAL_LIMIT)
            {
              ok = refuse (error, _("The workbook is larger than this program reads (more than "
                                    "%u MB unpacked): split the list."),
                           (guint) (TOTAL_LIMIT / (1024 * 1024)));
              goto out;
            }
          g_byte_array_append (data, (const guint8 *) buffer, (guint) n);
        }
      if (n < 0)
        {
          ok = refuse (error, "%s", _("The workbook is damaged or cut short: save it again "
                                      "from the spreadsheet program."));
          goto out;
        }
      {
        EaXmlGuard guard = { .line = 1 };

        if (!_ea_xml_guard_feed (&guard, (const char *) data->data, data->len, ATTRIBUTE_LIMIT))
          {
            ok = refuse (error, _("The workbook is damaged: line %u of its part %s has more "
                                  "than %d attributes in one element."), guard.line, name,
                         ATTRIBUTE_LIMIT);
            goto out;
          }
      }
      g_hash_table_insert (parts, g_strdup (name), g_byte_array_free_to_bytes (g_steal_pointer (&data)));
    }
  if (rc != ARCHIVE_EOF)
    ok = refuse (error, "%s", archive_file_count (a) == 0
                              ? _("The file is not an XLSX workbook.")
                              : _("The workbook is damaged or cut short: save it again from the "
                                  "spreadsheet program."));

out:
  archive_read_free (a);
  return ok ? g_steal_pointer (&parts) : NULL;
}

/* libxml2's messages quote the part around a fault, and a list's cells
 * are names: they never go to the terminal. The reader reports the fault
 * on its own. */
static void
ignore_error (void       *data,
              xmlErrorPtr error)
{
  (void) data;
  (void) error;
}

static xmlTextReaderPtr
reader_for (GBytes *part)
{
  gsize size;
  const char *data = g_bytes_get_data (part, &size);
  xmlTextReaderPtr reader;

  /* No network, no DTD loading, no entity substitution. A text may be
   * longer than libxml2's 10 MB for one text node (a 20 MB name is one
   * record's error, not a damaged workbook): the parts themselves are
   * bounded (PART_LIMIT), and so are the attributes (ATTRIBUTE_LIMIT). */
  reader = xmlReaderForMemory (data, (int) size, NULL, "UTF-8",
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                               XML_PARSE_HUGE);
  if (reader != NULL)
    xmlTextReaderSetStructuredErrorHandler (reader, ignore_error, NULL);
  return reader;
}

/* Steps the reader on; FALSE at the end or, with @error set, on a fault. */
static gboolean
next (xmlTextReaderPtr  reader,
      const char       *part,
      gboolean         *failed,
      GError          **error)
{
  int rc = xmlTextReaderRead (reader);

  if (rc == 1 && xmlTextReaderNodeType (reader) == XML_READER_TYPE_DOCUMENT_TYPE)
    rc = -1;
  if (rc < 0)
    {
      *failed = TRUE;
      refuse (error, _("The workbook is damaged: its part %s is not readable XML."), part);
    }
  return rc == 1;
}

static gboolean
is_element (xmlTextReaderPtr  reader,
            const char       *name)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT &&
         g_str_equal ((const char *) xmlTextReaderConstLocalName (reader), name);
}

static gboolean
is_end (xmlTextReaderPtr  reader,
        const char       *name)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT &&
         g_str_equal ((const char *) xmlTextReaderConstLocalName (reader), name);
}

static char *
attribute (xmlTextReaderPtr  reader,
           const char       *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static char *
element_text (xmlTextReaderPtr reader)
{
  xmlChar *value = xmlTextReaderReadString (reader);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

/* The shared strings: rich text runs joined, phonetic hints left out. */
static GPtrArray *
read_strings (GBytes  *part,
              GError **error)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  xmlTextReaderPtr reader;
  GString *item = NULL;
  gboolean failed = FALSE;

  if (part == NULL)
    return g_steal_pointer (&strings);
  reader = reader_for (part);
  if (reader == NULL)
    {
      refuse (error, _("The workbook is damaged: its part %s is not readable XML."),
              "sharedStrings.xml");
      return NULL;
    }
  while (next (reader, "sharedStrings.xml", &failed, error))
    {
      if (is_element (reader, "si"))
        {
          if (item != NULL)
            g_string_free (item, TRUE);
          item = g_string_new (NULL);
          if (xmlTextReaderIsEmptyElement (reader))
            {
              g_ptr_array_add (strings, g_string_free (item, FALSE));
              item = NULL;
            }
        }
      else if (is_element (reader, "rPh"))
        {
          if (xmlTextReaderNext (reader) != 1)
            break;
          /* Next stands on the element after it: look at that one too. */
          if (is_end (reader, "si") && item != NULL)
            {
              g_ptr_array_add (strings, g_string_free (item, FALSE));
              item = NULL;
            }
        }
      else if (is_element (reader, "t") && item != NULL)
        {
          g_autofree char *text = element_text (reader);

          g_string_append (item, text);
        }
      else if (is_end (reader, "si") && item != NULL)
        {
          g_ptr_array_add (strings, g_string_free (item, FALSE));
          item = NULL;
        }
    }
  if (item != NULL)
    g_string_free (item, TRUE);
  xmlFreeTextReader (reader);
  return failed ? NULL : g_steal_pointer (&strings);
}

/* The first sheet's part: the workbook names it, its relationships say
 * where it is. Workbooks that lack either use the usual name. */
static char *
first_sheet (GHashTable *parts)
{
  GBytes *workbook = g_hash_table_lookup (parts, "xl/workbook.xml");
  GBytes *rels = g_hash_table_lookup (parts, "xl/_rels/workbook.xml.rels");
  g_autofree char *id = NULL;
  char *target = NULL;
  xmlTextReaderPtr reader;

  if (workbook != NULL && rels != NULL && (reader = reader_for (workbook)) != NULL)
    {
      while (xmlTextReaderRead (reader) == 1 &&
             xmlTextReaderNodeType (reader) != XML_READER_TYPE_DOCUMENT_TYPE)
        if (is_element (reader, "sheet"))
          {
            xmlChar *value = xmlTextReaderGetAttributeNs (reader, (const xmlChar *) "id",
                                                          (const xmlChar *) NS_RELATIONSHIPS);

            id = g_strdup ((const char *) value);
            xmlFree (value);
            break;
          }
      xmlFreeTextReader (reader);
    }
  if (id != NULL && (reader = reader_for (rels)) != NULL)
    {
      while (target == NULL && xmlTextReaderRead (reader) == 1 &&
             xmlTextReaderNodeType (reader) != XML_READER_TYPE_DOCUMENT_TYPE)
        if (is_element (reader, "Relationship"))
          {
            g_autofree char *rel_id = attribute (reader, "Id");
            g_autofree char *rel_target = attribute (reader, "Target");

            if (rel_target != NULL && g_strcmp0 (rel_id, id) == 0)
              target = rel_target[0] == '/' ? g_strdup (rel_target + 1)
                                            : g_strconcat ("xl/", rel_target, NULL);
          }
      xmlFreeTextReader (reader);
    }
  if (target == NULL || !g_hash_table_contains (parts, target))
    {
      g_free (target);
      target = g_strdup ("xl/worksheets/sheet1.xml");
    }
  return target;
}

/* "BC12" → 54 (zero-based), or -1. */
static int
column_of (const char *reference)
{
  int column = 0;
  const char *c;

  for (c = reference; g_ascii_isalpha (*c); c++)
    {
      column = column * 26 + (g_ascii_toupper (*c) - 'A' + 1);
      if (column > COLUMN_LIMIT)
        return -1;
    }
  return c == reference ? -1 : column - 1;
}

/* A number as Excel stores it: 1.25501234567E+11 is the AZR number
 * 125501234567; whole numbers lose their ".0". */
static char *
number_text (const char *value)
{
  char *end = NULL;
  double number = g_ascii_strtod (value, &end);

  if (end != NULL && *end == '\0' && end != value && number == (double) (gint64) number &&
      number > -1e15 && number < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) number);
  return g_strdup (value);
}

/* A cell nobody wrote: one string for all of them. */
static char empty_cell[] = "";

static void
cell_free (gpointer cell)
{
  if (cell != empty_cell)
    g_free (cell);
}

static GPtrArray *
row_new (void)
{
  return g_ptr_array_new_with_free_func (cell_free);
}

/* Puts @text into @row at @column; FALSE (and @text freed) when the empty
 * cells before it would exceed the sheet's budget of padding. */
static gboolean
put_cell (GPtrArray  *row,
          int         column,
          char       *text,
          gsize      *padding,
          gsize       budget)
{
  if ((int) row->len < column)
    {
      *padding += (gsize) column - row->len;
      if (*padding > budget)
        {
          g_free (text);
          return FALSE;
        }
    }
  while ((int) row->len < column)
    g_ptr_array_add (row, empty_cell);
  if ((int) row->len == column)
    g_ptr_array_add (row, text);
  else
    {
      cell_free (row->pdata[column]);
      row->pdata[column] = text;
    }
  return TRUE;
}

static gboolean
row_is_empty (GPtrArray *row)
{
  for (guint i = 0; i < row->len; i++)
    if (((char *) g_ptr_array_index (row, i))[0] != '\0')
      return FALSE;
  return TRUE;
}

static void
drop (GString **value)
{
  if (*value != NULL)
    g_string_free (*value, TRUE);
  *value = NULL;
}

static GPtrArray *
read_sheet (GBytes     *part,
            const char *name,
            GPtrArray  *strings,
            gsize       text_budget,
            GArray     *lines,
            guint       max_rows,
            GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  xmlTextReaderPtr reader = reader_for (part);
  GPtrArray *row = NULL;
  g_autofree char *type = NULL;
  GString *value = NULL;
  guint line = 0;
  int column = -1, next_column = 0;
  gsize n_cells = 0, padding = 0, text_total = 0;
  gboolean failed = FALSE;

  if (reader == NULL)
    {
      refuse (error, _("The workbook is damaged: its part %s is not readable XML."), name);
      return NULL;
    }
  while (!failed && next (reader, name, &failed, error))
    {
      if (is_element (reader, "row"))
        {
          g_autofree char *r = attribute (reader, "r");

          line = r != NULL ? (guint) g_ascii_strtoull (r, NULL, 10) : line + 1;
          next_column = 0;
          if (row != NULL)
            g_ptr_array_unref (row);
          row = row_new ();
          if (xmlTextReaderIsEmptyElement (reader))
            g_clear_pointer (&row, g_ptr_array_unref);
        }
      else if (is_element (reader, "c") && row != NULL)
        {
          g_autofree char *r = attribute (reader, "r");

          column = r != NULL ? column_of (r) : next_column;
          if (column < 0 || column >= COLUMN_LIMIT)
            {
              failed = TRUE;
              refuse (error, _("Row %u of the workbook has a cell outside the sheet."), line);
              break;
            }
          next_column = column + 1;
          g_free (type);
          type = attribute (reader, "t");
          if (value != NULL)
            g_string_free (value, TRUE);
          value = g_string_new (NULL);
          if (xmlTextReaderIsEmptyElement (reader))
            drop (&value);
        }
      else if ((is_element (reader, "v") || is_element (reader, "t")) && value != NULL)
        {
          g_autofree char *text = element_text (reader);

          g_string_append (value, text);
        }
      else if (is_end (reader, "c") && value != NULL && row != NULL)
        {
          const char *shared = NULL;
          char *text;

          if (g_strcmp0 (type, "s") == 0)
            {
              guint64 index = g_ascii_strtoull (value->str, NULL, 10);

              if (value->len == 0 || index >= strings->len)
                {
                  failed = TRUE;
                  refuse (error, _("The workbook is damaged: row %u refers to text it does "
                                   "not contain."), line);
                  break;
                }
              shared = g_ptr_array_index (strings, index);
            }
          /* Counted before the copy is made. */
          text_total += shared != NULL ? strlen (shared) : value->len;
          if (text_total > text_budget)
            {
              failed = TRUE;
              refuse (error, _("The workbook holds more text than this program reads (more "
                               "than %u MB in its cells by row %u): split the list."),
                      (guint) (text_budget / (1024 * 1024)), line);
              break;
            }
          if (shared != NULL)
            text = g_strdup (shared);
          else if (type == NULL || g_str_equal (type, "n"))
            text = number_text (value->str);
          else
            text = g_strdup (value->str);
          n_cells++;
          if (!put_cell (row, column, text, &padding, PADDING_FREE + n_cells * PADDING_PER_CELL))
            {
              failed = TRUE;
              refuse (error, _("Row %u of the workbook reaches column %d with almost nothing "
                               "before it: delete the empty columns and save it again."), line,
                      column + 1);
              break;
            }
          drop (&value);
        }
      else if (is_end (reader, "row") && row != NULL)
        {
          if (!row_is_empty (row))
            {
              g_ptr_array_add (rows, g_steal_pointer (&row));
              g_array_append_val (lines, line);
              if (rows->len == max_rows)
                break;
            }
          g_clear_pointer (&row, g_ptr_array_unref);
        }
    }
  if (row != NULL)
    g_ptr_array_unref (row);
  drop (&value);
  xmlFreeTextReader (reader);
  return failed ? NULL : g_steal_pointer (&rows);
}

/**
 * _ea_xlsx_read_rows:
 * @path: an XLSX workbook
 * @lines: (element-type guint): receives each row's number in the sheet
 * @max_rows: stop after this many rows; 0 for all
 * @error: a #GError (%EA_ERROR_INVALID: not a workbook, damaged, too
 *   large), or G_FILE_ERROR
 *
 * Returns: (transfer full) (element-type GPtrArray): the first sheet's
 *   rows that are not empty, or %NULL with @error set
 */
GPtrArray *
_ea_xlsx_read_rows (const char  *path,
                    GArray      *lines,
                    guint        max_rows,
                    GError     **error)
{
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  g_autofree char *sheet = NULL;
  GBytes *part;
  GBytes *shared;
  gsize budget;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("%s: no such file"), path);
      return NULL;
    }
  parts = read_parts (path, error);
  if (parts == NULL)
    return NULL;
  sheet = first_sheet (parts);
  part = g_hash_table_lookup (parts, sheet);
  if (part == NULL)
    {
      refuse (error, "%s", _("The file is not an XLSX workbook: it has no worksheet."));
      return NULL;
    }
  shared = g_hash_table_lookup (parts, "xl/sharedStrings.xml");
  strings = read_strings (shared, error);
  if (strings == NULL)
    return NULL;
  budget = CELL_TEXT_FREE + CELL_TEXT_PER_BYTE * (g_bytes_get_size (part) +
                                                  (shared != NULL ? g_bytes_get_size (shared) : 0));
  return read_sheet (part, sheet, strings, budget, lines, max_rows, error);
}
