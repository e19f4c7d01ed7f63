/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-housing-list"

#include "config.h"

#include "ea-housing-list.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ea-csv-private.h"
#include "ea-error.h"
#include "ea-housing-list-private.h"
#include "ea-import-private.h"
#include "ea-import-sql-private.h"
#include "ea-text.h"

/* The housing stock from a spreadsheet list, one line a room: an office
 * that starts with the program has its facilities, areas, rooms and beds
 * in Excel. The words of the list are German, as the office's lists have
 * them, and are the file's format, not the user's language.
 *
 * The list is read whole first; every wrong cell is named with its line.
 * Then, in one transaction, each facility, area, room and bed is made or
 * changed through the housing functions (ea-housing-edit.c), so that
 * every rule is the one the housing page keeps; a refusal there is a
 * wrong line too. With any wrong line the transaction is rolled back and
 * nothing changes; --dry-run rolls it back always. */

static const char *const headings[] = {
  "Unterkunft", "Gemeinde", "Art", "Bereich", "Raum", "m²", "Plätze", "Belegungsregel",
  "Barrierefrei", "Betten", NULL,
};

/* Other headings an office's list may use for a column, folded. */
static const struct
{
  const char          *folded;
  EaHousingListColumn  column;
} heading_synonyms[] = {
  { "unterkunft", EA_HOUSING_LIST_FACILITY }, { "einrichtung", EA_HOUSING_LIST_FACILITY },
  { "gemeinde", EA_HOUSING_LIST_PLACE }, { "ort", EA_HOUSING_LIST_PLACE },
  { "art", EA_HOUSING_LIST_KIND }, { "bereich", EA_HOUSING_LIST_UNIT },
  { "raum", EA_HOUSING_LIST_ROOM }, { "zimmer", EA_HOUSING_LIST_ROOM },
  { "m2", EA_HOUSING_LIST_AREA }, { "m²", EA_HOUSING_LIST_AREA },
  { "qm", EA_HOUSING_LIST_AREA }, { "flache", EA_HOUSING_LIST_AREA },
  { "platze", EA_HOUSING_LIST_PLACES }, { "kapazitat", EA_HOUSING_LIST_PLACES },
  { "belegungsregel", EA_HOUSING_LIST_RULE }, { "regel", EA_HOUSING_LIST_RULE },
  { "barrierefrei", EA_HOUSING_LIST_BARRIER_FREE }, { "betten", EA_HOUSING_LIST_BEDS },
};

/* The values: the first word of each is the one the export writes. */
static const struct
{
  const char *code;
  const char *words[4];
} kind_words[] = {
  { "communal", { "Gemeinschaftsunterkunft", "GU", "communal", NULL } },
  { "flat", { "Wohnung", "flat", NULL } },
  { "other", { "Sonstige", "sonstiges", "other", NULL } },
}, rule_words[] = {
  { "men", { "Männer", "men", NULL } },
  { "women", { "Frauen", "women", NULL } },
  { "family", { "Familie", "family", NULL } },
  { "any", { "alle", "gemischt", "any", NULL } },
};

const char *const *
ea_housing_list_headings (void)
{
  return headings;
}

void
ea_housing_list_result_free (EaHousingListResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_free (result);
}

static void
problem_free (EaHousingListProblem *problem)
{
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

void
_ea_housing_list_problem (EaHousingListResult *result,
                          guint                line,
                          int                  column,   /* -1: none */
                          const char          *format,
                          ...)
{
  EaHousingListProblem *problem;
  va_list args;

  /* A file that is no list at all would name a million lines: the first
   * ones tell what is wrong. */
  if (result->problems->len > EA_HOUSING_LIST_MAX_PROBLEMS)
    return;
  problem = g_new0 (EaHousingListProblem, 1);
  if (result->problems->len == EA_HOUSING_LIST_MAX_PROBLEMS)
    {
      problem->message = g_strdup_printf (_("More problems follow; the first %u are named. "
                                            "Correct them and try again."),
                                          EA_HOUSING_LIST_MAX_PROBLEMS);
      g_ptr_array_add (result->problems, problem);
      return;
    }
  problem->line = line;
  problem->column = column >= 0 ? g_strdup (headings[column]) : NULL;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (result->problems, problem);
}

void
_ea_housing_list_line_free (EaHousingListLine *line)
{
  g_free (line->facility);
  g_free (line->place);
  g_free (line->unit);
  g_free (line->room);
  g_strfreev (line->labels);
  g_free (line);
}

static const char *
code_of_word (const char *text,
              gboolean    kinds)
{
  g_autofree char *folded = ea_text_fold (text);
  guint n = kinds ? G_N_ELEMENTS (kind_words) : G_N_ELEMENTS (rule_words);

  for (guint i = 0; i < n; i++)
    {
      const char *code = kinds ? kind_words[i].code : rule_words[i].code;
      const char *const *words = kinds ? kind_words[i].words : rule_words[i].words;

      for (guint j = 0; words[j] != NULL; j++)
        {
          g_autofree char *word = ea_text_fold (words[j]);

          if (g_str_equal (folded, word))
            return code;
        }
    }
  return NULL;
}

const char *
_ea_housing_list_word (const char *code,
                       gboolean    kinds)
{
  guint n = kinds ? G_N_ELEMENTS (kind_words) : G_N_ELEMENTS (rule_words);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (code, kinds ? kind_words[i].code : rule_words[i].code) == 0)
      return kinds ? kind_words[i].words[0] : rule_words[i].words[0];
  return code;
}

/* A number as a German list writes it: "18,5", "18.5" or "18". */
static gboolean
parse_number (const char *text,
              double     *value)
{
  g_autofree char *copy = g_strdelimit (g_strstrip (g_strdup (text)), ",", '.');
  char *end = NULL;

  if (copy[0] == '\0')
    return FALSE;
  *value = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/* The square metres as the export writes them: "18" or "18,5". */
char *
_ea_housing_list_format_area (double area)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", area));
  char *point = strchr (text, '.');
  gsize end = strlen (text);

  while (point != NULL && end > 0 && (text[end - 1] == '0' || text[end - 1] == '.'))
    {
      gboolean was_point = text[end - 1] == '.';

      text[--end] = '\0';
      if (was_point)
        break;
    }
  if (point != NULL && *point == '.')
    *point = ',';
  return text;
}

/* The labels of a count of beds: A, B, C…, after Z numbers as
 * ea_housing_add_bed() gives them. */
static GStrv
counted_labels (int n)
{
  GStrv labels = g_new0 (char *, n + 1);

  for (int i = 0; i < n; i++)
    labels[i] = i < 26 ? g_strdup_printf ("%c", 'A' + i) : g_strdup_printf ("%d", i + 1);
  return labels;
}

static void
read_beds (EaHousingListResult *result,
           EaHousingListLine   *line,
           const char          *text)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  double count;

  if (text[0] == '\0')
    return;
  if (strchr (text, ',') == NULL && parse_number (text, &count))
    {
      if (count != (int) count || count < 0 || count > 50)
        _ea_housing_list_problem (result, line->line, EA_HOUSING_LIST_BEDS,
                                  _("A room has between 0 and 50 beds, not %s."), text);
      else
        {
          line->labels = counted_labels ((int) count);
          line->counted = TRUE;
        }
      return;
    }
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *label = g_strstrip (parts[i]);

      if (label[0] == '\0')
        continue;
      if (!g_hash_table_add (seen, label))
        _ea_housing_list_problem (result, line->line, EA_HOUSING_LIST_BEDS,
                                  _("Bed %s is named twice."), label);
      g_strv_builder_add (labels, label);
    }
  line->labels = g_strv_builder_end (labels);
}

static gboolean
read_yes_no (const char *text,
             gboolean   *value)
{
  g_autofree char *folded = ea_text_fold (text);
  static const char *const yes[] = { "ja", "j", "x", "1", "yes", NULL };
  static const char *const no[] = { "nein", "n", "", "0", "no", NULL };

  *value = g_strv_contains (yes, folded);
  return *value || g_strv_contains (no, folded);
}

/* The cells of one line; every wrong one is a problem. */
static EaHousingListLine *
read_line (EaHousingListResult *result,
           guint                number,
           const char          *cells[EA_HOUSING_LIST_N_COLUMNS])
{
  EaHousingListLine *line = g_new0 (EaHousingListLine, 1);
  guint problems = result->problems->len;
  const int required[] = { EA_HOUSING_LIST_FACILITY, EA_HOUSING_LIST_KIND,
                           EA_HOUSING_LIST_UNIT, EA_HOUSING_LIST_ROOM, EA_HOUSING_LIST_AREA,
                           EA_HOUSING_LIST_PLACES, EA_HOUSING_LIST_RULE };
  double places = 0;

  line->line = number;
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (cells[required[i]][0] == '\0')
      _ea_housing_list_problem (result, number, required[i], _("The cell is empty."));
  line->facility = g_strdup (cells[EA_HOUSING_LIST_FACILITY]);
  line->place = g_strdup (cells[EA_HOUSING_LIST_PLACE]);
  line->unit = g_strdup (cells[EA_HOUSING_LIST_UNIT]);
  line->room = g_strdup (cells[EA_HOUSING_LIST_ROOM]);
  line->spec.name = line->room;
  line->kind = code_of_word (cells[EA_HOUSING_LIST_KIND], TRUE);
  if (line->kind == NULL && cells[EA_HOUSING_LIST_KIND][0] != '\0')
    _ea_housing_list_problem (result, number, EA_HOUSING_LIST_KIND,
                              _("“%s” is not a kind of facility; write "
                                "Gemeinschaftsunterkunft, Wohnung or Sonstige."),
                              cells[EA_HOUSING_LIST_KIND]);
  if (!parse_number (cells[EA_HOUSING_LIST_AREA], &line->spec.area) &&
      cells[EA_HOUSING_LIST_AREA][0] != '\0')
    _ea_housing_list_problem (result, number, EA_HOUSING_LIST_AREA,
                              _("“%s” is not a number of square metres."),
                              cells[EA_HOUSING_LIST_AREA]);
  if ((!parse_number (cells[EA_HOUSING_LIST_PLACES], &places) || places != (int) places) &&
      cells[EA_HOUSING_LIST_PLACES][0] != '\0')
    _ea_housing_list_problem (result, number, EA_HOUSING_LIST_PLACES,
                              _("“%s” is not a number of places."),
                              cells[EA_HOUSING_LIST_PLACES]);
  line->spec.capacity = (int) places;
  line->spec.rule = code_of_word (cells[EA_HOUSING_LIST_RULE], FALSE);
  if (line->spec.rule == NULL && cells[EA_HOUSING_LIST_RULE][0] != '\0')
    _ea_housing_list_problem (result, number, EA_HOUSING_LIST_RULE,
                              _("“%s” is not a rule; write Männer, Frauen, Familie or alle."),
                              cells[EA_HOUSING_LIST_RULE]);
  if (!read_yes_no (cells[EA_HOUSING_LIST_BARRIER_FREE], &line->spec.barrier_free))
    _ea_housing_list_problem (result, number, EA_HOUSING_LIST_BARRIER_FREE,
                              _("“%s” is neither ja nor nein."),
                              cells[EA_HOUSING_LIST_BARRIER_FREE]);
  read_beds (result, line, cells[EA_HOUSING_LIST_BEDS]);
  line->ok = result->problems->len == problems;
  return line;
}

/* Which column each heading is; every column must be there once. */
static gboolean
read_headings (EaHousingListResult *result,
               GPtrArray           *row,
               guint                number,
               int                  columns[EA_HOUSING_LIST_N_COLUMNS])
{
  gboolean ok = TRUE;

  for (guint c = 0; c < EA_HOUSING_LIST_N_COLUMNS; c++)
    columns[c] = -1;
  for (guint i = 0; i < row->len; i++)
    {
      g_autofree char *folded = ea_text_fold (g_ptr_array_index (row, i));

      g_strstrip (folded);
      for (guint s = 0; s < G_N_ELEMENTS (heading_synonyms); s++)
        if (g_str_equal (folded, heading_synonyms[s].folded) &&
            columns[heading_synonyms[s].column] < 0)
          columns[heading_synonyms[s].column] = (int) i;
    }
  for (guint c = 0; c < EA_HOUSING_LIST_N_COLUMNS; c++)
    if (columns[c] < 0)
      {
        _ea_housing_list_problem (result, number, -1, _("The list has no column “%s”."),
                                  headings[c]);
        ok = FALSE;
      }
  return ok;
}

/* A facility's lines must agree on its kind and place, and name each
 * room once. */
static void
check_across (EaHousingListResult *result,
              GPtrArray           *lines)
{
  g_autoptr(GHashTable) facilities = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      EaHousingListLine *line = g_ptr_array_index (lines, i);
      EaHousingListLine *first = g_hash_table_lookup (facilities, line->facility);
      char *key = g_strjoin ("\x1f", line->facility, line->unit, line->room, NULL);
      EaHousingListLine *same = g_hash_table_lookup (rooms, key);

      if (first == NULL)
        g_hash_table_insert (facilities, line->facility, line);
      else if (g_strcmp0 (first->kind, line->kind) != 0 && line->kind != NULL)
        {
          _ea_housing_list_problem (result, line->line, EA_HOUSING_LIST_KIND,
                                    _("Facility %s is of another kind on line %u."),
                                    line->facility, first->line);
          line->ok = FALSE;
        }
      else if (g_strcmp0 (first->place, line->place) != 0)
        {
          _ea_housing_list_problem (result, line->line, EA_HOUSING_LIST_PLACE,
                                    _("Facility %s is in another municipality on line %u."),
                                    line->facility, first->line);
          line->ok = FALSE;
        }
      if (same != NULL)
        {
          _ea_housing_list_problem (result, line->line, EA_HOUSING_LIST_ROOM,
                                    _("Room %s of area %s is on line %u already."),
                                    line->room, line->unit, same->line);
          line->ok = FALSE;
          g_free (key);
        }
      else
        g_hash_table_insert (rooms, key, line);
    }
}

/* The lines of the file, or %NULL with @error when it is no list. */
static GPtrArray *
read_list (EaHousingListResult *result,
           const char          *path,
           GError             **error)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *refusal = NULL;
  GPtrArray *lines;
  int columns[EA_HOUSING_LIST_N_COLUMNS];

  rows = _ea_import_read_list_rows (path, numbers, 0, &refusal, error);
  if (rows == NULL && refusal != NULL)
    return ea_error_set (error, EA_ERROR_INVALID, "%s", refusal), NULL;
  if (rows == NULL)
    return NULL;
  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_housing_list_line_free);
  if (!read_headings (result, g_ptr_array_index (rows, 0), g_array_index (numbers, guint, 0),
                      columns))
    return lines;
  for (guint r = 1; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
      guint headed = ((GPtrArray *) g_ptr_array_index (rows, 0))->len;
      char *trimmed[EA_HOUSING_LIST_N_COLUMNS] = { NULL };
      const char *cells[EA_HOUSING_LIST_N_COLUMNS];

      /* A value beyond the last heading: most likely labels with commas
       * in a comma-separated list, which would otherwise be cut off. */
      for (guint i = headed; i < row->len; i++)
        if (*(const char *) g_ptr_array_index (row, i) != '\0')
          {
            _ea_housing_list_problem (result, g_array_index (numbers, guint, r), -1,
                                      _("The line has more values than the list has "
                                        "headings: put a value with commas in quotes, or "
                                        "separate the columns with semicolons."));
            break;
          }
      for (guint c = 0; c < EA_HOUSING_LIST_N_COLUMNS; c++)
        {
          const char *cell = (guint) columns[c] < row->len
                             ? g_ptr_array_index (row, columns[c]) : "";

          /* As exported: a name that begins like a formula has a quote. */
          trimmed[c] = g_strstrip (g_strdup (_ea_csv_unneutralised (cell)));
          cells[c] = trimmed[c];
        }
      g_ptr_array_add (lines, read_line (result, g_array_index (numbers, guint, r), cells));
      for (guint c = 0; c < EA_HOUSING_LIST_N_COLUMNS; c++)
        g_free (trimmed[c]);
    }
  check_across (result, lines);
  return lines;
}

/**
 * ea_housing_list_import:
 * @session: a session that may manage the housing
 * @path: a CSV or XLSX list with the headings of ea_housing_list_headings()
 * @dry_run: only find what the list would change, and change nothing
 * @error: a #GError
 *
 * Makes the housing stock what the list says, in one transaction: the
 * facilities of the list get the areas, rooms and beds it names and keep
 * their addresses; a room or bed of such a facility that the list no
 * longer names is closed, unless a stay or reservation still needs it.
 * Facilities the list does not name stay as they are. Importing the same
 * list again changes nothing.
 *
 * Returns: (transfer full): what changed, or would; with any problem,
 *   nothing changed. %NULL with @error when the file is no list or the
 *   session may not import it.
 */
EaHousingListResult *
ea_housing_list_import (EaSession   *session,
                        const char  *path,
                        gboolean     dry_run,
                        GError     **error)
{
  g_autoptr(EaHousingListResult) result = g_new0 (EaHousingListResult, 1);
  g_autoptr(GPtrArray) lines = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!ea_session_check (session, EA_RIGHT_MANAGE_HOUSING, 0, error))
    return NULL;
  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  result->dry_run = dry_run;
  lines = read_list (result, path, error);
  if (lines == NULL)
    return NULL;
  result->lines = lines->len;
  if (lines->len == 0 && result->problems->len == 0)
    _ea_housing_list_problem (result, 1, -1, _("The list has no rooms."));
  if (result->problems->len > 0 && lines->len == 0)
    return g_steal_pointer (&result);
  if (!_ea_housing_list_apply (session, lines, result, error))
    return NULL;
  return g_steal_pointer (&result);
}

static GStrv
stock_row (EaStmt *stmt)
{
  GStrv row = g_new0 (char *, EA_HOUSING_LIST_N_COLUMNS + 1);
  const char *place = _ea_stmt_column_text (stmt, 1);

  row[EA_HOUSING_LIST_FACILITY] = g_strdup (_ea_stmt_column_text (stmt, 0));
  row[EA_HOUSING_LIST_PLACE] = g_strdup (place ? place : "");
  row[EA_HOUSING_LIST_KIND] = g_strdup (_ea_housing_list_word (_ea_stmt_column_text (stmt, 2),
                                                               TRUE));
  row[EA_HOUSING_LIST_UNIT] = g_strdup (_ea_stmt_column_text (stmt, 3));
  row[EA_HOUSING_LIST_ROOM] = g_strdup (_ea_stmt_column_text (stmt, 4));
  row[EA_HOUSING_LIST_AREA] = _ea_housing_list_format_area (_ea_stmt_column_double (stmt, 5));
  row[EA_HOUSING_LIST_PLACES] = g_strdup_printf ("%d", _ea_stmt_column_int (stmt, 6));
  row[EA_HOUSING_LIST_RULE] = g_strdup (_ea_housing_list_word (_ea_stmt_column_text (stmt, 7),
                                                               FALSE));
  row[EA_HOUSING_LIST_BARRIER_FREE] = g_strdup (_ea_stmt_column_int (stmt, 8) ? "ja" : "nein");
  row[EA_HOUSING_LIST_BEDS] = g_strdup (_ea_stmt_column_is_null (stmt, 9)
                                        ? "0" : _ea_stmt_column_text (stmt, 9));
  return row;
}

/**
 * ea_housing_list_dup_rows:
 * @session: a session that may see the occupancy
 * @error: a #GError
 *
 * The housing stock as a list, one row a room of every open facility, in
 * the order they were made, each with the columns of
 * ea_housing_list_headings() in the words an import reads: a list
 * exported, edited and imported again changes only what was edited.
 *
 * Returns: (transfer full) (element-type GStrv): the rows, or %NULL with
 *   @error set
 */
GPtrArray *
ea_housing_list_dup_rows (EaSession  *session,
                          GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(EaStmt) stmt = NULL;
  gint64 last = 0;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, 0, error))
    return NULL;
  stmt = _ea_store_prepare (ea_session_get_store (session), _ea_import_sql.stock_rows, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 room = _ea_stmt_column_int64 (stmt, 10);
      GStrv row;
      char *beds;

      if (room != last || rows->len == 0)
        {
          g_ptr_array_add (rows, stock_row (stmt));
          last = room;
          continue;
        }
      row = g_ptr_array_index (rows, rows->len - 1);
      beds = row[EA_HOUSING_LIST_BEDS];
      row[EA_HOUSING_LIST_BEDS] = g_strdup_printf ("%s, %s", beds, _ea_stmt_column_text (stmt, 9));
      g_free (beds);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (ea_session_get_store (session), error,
                                _("Cannot read the housing stock")), NULL;
  /* One bed labelled with a number ("3") would be read back as a count
   * of beds: written as a list of one ("3,"). */
  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);
      double number;

      if (strchr (row[EA_HOUSING_LIST_BEDS], ',') == NULL &&
          parse_number (row[EA_HOUSING_LIST_BEDS], &number))
        {
          char *beds = g_strconcat (row[EA_HOUSING_LIST_BEDS], ",", NULL);

          g_free (row[EA_HOUSING_LIST_BEDS]);
          row[EA_HOUSING_LIST_BEDS] = beds;
        }
    }
  return g_steal_pointer (&rows);
}
