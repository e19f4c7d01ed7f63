/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-list-export.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "ea-audit-private.h"
#include "ea-csv-private.h"
#include "ea-error.h"
#include "ea-housing-list.h"
#include "ea-import.h"
#include "ea-person.h"
#include "ea-reports-xlsx-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

/* Lists people take with them: the Personen page as filtered and the
 * Belegung page as narrowed, each as a workbook with the columns the
 * page shows, in the page's order. Days the office writes in full are
 * dates of the workbook (so that it sorts them), shown as TT.MM.JJJJ; a
 * partly known birth date is text as on the page. Each export is in the
 * audit log, without names. */

/**
 * _ea_xlsx_write_date:
 * @sheet: the worksheet
 * @row: the row
 * @col: the column
 * @iso: (nullable): a day YYYY-MM-DD; nothing is written for another text
 * @format: the cell's format, with its number format set
 *
 * Writes @iso as a date of the workbook.
 */
void
_ea_xlsx_write_date (lxw_worksheet *sheet,
                     guint          row,
                     guint          col,
                     const char    *iso,
                     lxw_format    *format)
{
  lxw_datetime when = { 0 };

  if (iso == NULL || !ea_date_is_valid (iso) ||
      sscanf (iso, "%4d-%2d-%2d", &when.year, &when.month, &when.day) != 3)
    return;
  worksheet_write_datetime (sheet, (lxw_row_t) row, (lxw_col_t) col, &when, format);
}

/**
 * _ea_xlsx_create:
 * @path: the new file
 * @error: a #GError
 *
 * Creates @path owner-only and never over another file, and opens a
 * workbook on it that writes row by row (a list of 100,000 persons is
 * never held whole in memory).
 *
 * Returns: (nullable): the workbook
 */
lxw_workbook *
_ea_xlsx_create (const char  *path,
                 GError     **error)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };
  lxw_workbook *book;
  int fd = _ea_store_create_private_file (path, error);

  if (fd < 0)
    return NULL;
  close (fd);
  book = workbook_new_opt (path, &options);
  if (book == NULL)
    {
      g_unlink (path);
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED, _("Cannot write %s."), path);
    }
  return book;
}

/**
 * _ea_xlsx_close:
 * @book: (transfer full): a workbook of _ea_xlsx_create()
 * @path: its file
 * @error: a #GError
 *
 * Writes @book out; on failure, no file is left behind.
 */
gboolean
_ea_xlsx_close (lxw_workbook  *book,
                const char    *path,
                GError       **error)
{
  lxw_error result = workbook_close (book);

  if (result == LXW_NO_ERROR)
    return TRUE;
  g_unlink (path);
  g_set_error (error, EA_ERROR, EA_ERROR_FAILED, _("Cannot write %s: %s"), path,
               lxw_strerror (result));
  return FALSE;
}

/* A sheet with its headings in bold, frozen above the rows. */
static lxw_worksheet *
add_sheet (lxw_workbook  *book,
           const char    *name,
           const char   **headings,
           const double  *widths,
           guint          n_columns)
{
  lxw_worksheet *sheet = workbook_add_worksheet (book, name);
  lxw_format *bold = workbook_add_format (book);

  format_set_bold (bold);
  for (guint c = 0; c < n_columns; c++)
    {
      worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, widths[c], NULL);
      worksheet_write_string (sheet, 0, (lxw_col_t) c, headings[c], bold);
    }
  worksheet_freeze_panes (sheet, 1, 0);
  return sheet;
}

static lxw_format *
add_date_format (lxw_workbook *book)
{
  lxw_format *date = workbook_add_format (book);

  format_set_num_format (date, "dd.mm.yyyy");
  format_set_align (date, LXW_ALIGN_LEFT);
  return date;
}

static void
write_text (lxw_worksheet *sheet,
            guint          row,
            guint          col,
            const char    *text)
{
  if (text != NULL && text[0] != '\0')
    worksheet_write_string (sheet, (lxw_row_t) row, (lxw_col_t) col, text, NULL);
}

/**
 * ea_list_export_persons:
 * @session: the session of @list
 * @list: the person list as the page shows it (search, filter, order)
 * @path: the new XLSX file; it must not exist, and is owner-only
 * @error: a #GError
 *
 * Writes every person of @list with the columns of the Personen page,
 * and logs the export with the number of persons.
 *
 * Returns: %FALSE on a refusal or failure; then no file is left behind
 */
gboolean
ea_list_export_persons (EaSession     *session,
                        EaPersonList  *list,
                        const char    *path,
                        GError       **error)
{
  const char *headings[] = { _("Name"), _("Date of Birth"), _("Nationality"), _("Facility"),
                             _("Status"), _("Arrival") };
  static const double widths[] = { 32, 14, 22, 30, 14, 12 };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autofree char *detail = g_strdup_printf ("%u persons", n);
  lxw_workbook *book;
  lxw_worksheet *sheet;
  lxw_format *date;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (EA_IS_PERSON_LIST (list), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return FALSE;
  book = _ea_xlsx_create (path, error);
  if (book == NULL)
    return FALSE;
  /* Translators: the worksheet's name: at most 31 characters. */
  sheet = add_sheet (book, _("Persons"), headings, widths, G_N_ELEMENTS (headings));
  date = add_date_format (book);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaPerson) person = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *name = NULL;
      g_autofree char *birth = NULL;

      if (person == NULL)
        continue;
      name = ea_person_dup_display_name (person);
      birth = ea_partial_date_format (ea_person_get_birth_date (person));
      write_text (sheet, i + 1, 0, name);
      write_text (sheet, i + 1, 1, birth);
      write_text (sheet, i + 1, 2, ea_person_get_nationality_label (person));
      write_text (sheet, i + 1, 3, ea_person_get_facility (person));
      write_text (sheet, i + 1, 4, ea_person_get_status_label (person));
      _ea_xlsx_write_date (sheet, i + 1, 5, ea_person_get_arrival (person), date);
    }
  if (!_ea_xlsx_close (book, path, error))
    return FALSE;
  if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "export",
                                                     .object_type = "person-list",
                                                     .detail = detail }, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

/**
 * ea_list_export_occupancy:
 * @session: the session that read @facilities
 * @facilities: (element-type EaOccupancy): the facilities as the page
 *   shows them
 * @date: the day they are read for, YYYY-MM-DD
 * @path: the new XLSX file; it must not exist, and is owner-only
 * @error: a #GError
 *
 * Writes the occupancy of each facility of @facilities on @date, with
 * the free beds by whom they may take, and logs the export.
 *
 * Returns: %FALSE on a refusal or failure; then no file is left behind
 */
gboolean
ea_list_export_occupancy (EaSession     *session,
                          GListModel    *facilities,
                          const char    *date,
                          const char    *path,
                          GError       **error)
{
  const char *headings[] = { _("Facility"), _("Municipality"), _("Kind"), _("Day"),
                             _("Beds"), _("Occupied"), _("Reserved"), _("Blocked"),
                             _("Free"), _("Free for men"), _("Free for women"),
                             _("Free for families"), _("Free for anyone"),
                             _("Free and barrier-free") };
  static const double widths[] = { 32, 20, 26, 12, 8, 9, 10, 9, 7, 13, 14, 16, 14, 18 };
  guint n = g_list_model_get_n_items (facilities);
  lxw_workbook *book;
  lxw_worksheet *sheet;
  lxw_format *day;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (facilities), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (date == NULL || !ea_date_is_valid (date))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("Not a valid day: %s"),
                   date != NULL ? date : "");
      return FALSE;
    }
  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, 0, error))
    return FALSE;
  book = _ea_xlsx_create (path, error);
  if (book == NULL)
    return FALSE;
  /* Translators: the worksheet's name: at most 31 characters. */
  sheet = add_sheet (book, _("Occupancy"), headings, widths, G_N_ELEMENTS (headings));
  day = add_date_format (book);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaOccupancy) o = g_list_model_get_item (facilities, i);
      const guint counts[] = {
        ea_occupancy_get_capacity (o), ea_occupancy_get_occupied (o),
        ea_occupancy_get_reserved (o), ea_occupancy_get_blocked (o), ea_occupancy_get_free (o),
        ea_occupancy_get_free_men (o), ea_occupancy_get_free_women (o),
        ea_occupancy_get_free_family (o), ea_occupancy_get_free_any (o),
        ea_occupancy_get_free_barrier_free (o),
      };

      write_text (sheet, i + 1, 0, ea_occupancy_get_name (o));
      write_text (sheet, i + 1, 1, ea_occupancy_get_place (o));
      write_text (sheet, i + 1, 2, ea_occupancy_get_kind_label (o));
      _ea_xlsx_write_date (sheet, i + 1, 3, date, day);
      for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
        worksheet_write_number (sheet, (lxw_row_t) (i + 1), (lxw_col_t) (4 + c), counts[c],
                                NULL);
    }
  if (!_ea_xlsx_close (book, path, error))
    return FALSE;
  if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "export",
                                                     .object_type = "occupancy",
                                                     .detail = date }, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_housing_xlsx (GPtrArray   *rows,
                    const char  *path,
                    GError     **error)
{
  static const double widths[] = { 30, 18, 24, 14, 10, 8, 8, 15, 12, 18 };
  const char **headings = (const char **) ea_housing_list_headings ();
  lxw_workbook *book = _ea_xlsx_create (path, error);
  lxw_worksheet *sheet;

  if (book == NULL)
    return FALSE;
  sheet = add_sheet (book, "Unterkünfte", headings, widths, EA_HOUSING_LIST_N_COLUMNS);
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < EA_HOUSING_LIST_N_COLUMNS; c++)
        if (c == EA_HOUSING_LIST_AREA || c == EA_HOUSING_LIST_PLACES)
          {
            g_autofree char *number = g_strdelimit (g_strdup (row[c]), ",", '.');

            worksheet_write_number (sheet, (lxw_row_t) r + 1, (lxw_col_t) c,
                                    g_ascii_strtod (number, NULL), NULL);
          }
        else
          write_text (sheet, r + 1, c, row[c]);
    }
  return _ea_xlsx_close (book, path, error);
}

/**
 * ea_list_export_housing:
 * @session: a session that may see the occupancy
 * @path: the new file: XLSX when it ends in .xlsx, else CSV as German
 *   spreadsheets open it; it must not exist
 * @error: a #GError
 *
 * Writes the housing stock as the list ea_housing_list_import() reads:
 * edited and imported again, it changes only what was edited. It holds
 * no personal data, so it is not logged.
 *
 * Returns: %FALSE on a refusal or failure; then no file is left behind
 */
gboolean
ea_list_export_housing (EaSession   *session,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  rows = ea_housing_list_dup_rows (session, error);
  if (rows == NULL)
    return FALSE;
  if (ea_import_is_workbook (path))
    return write_housing_xlsx (rows, path, error);
  out = g_string_new (EA_CSV_BOM);
  _ea_csv_append_line (out, ea_housing_list_headings (), EA_HOUSING_LIST_N_COLUMNS);
  for (guint r = 0; r < rows->len; r++)
    _ea_csv_append_line (out, g_ptr_array_index (rows, r), EA_HOUSING_LIST_N_COLUMNS);
  return _ea_store_write_private_file (path, out->str, out->len, error);
}
