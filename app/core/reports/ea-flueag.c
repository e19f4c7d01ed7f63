/* SPDX-License-Identifier: EUPL-1.2 */
/* FlüAG-Bestandsmeldung: the monthly report of every person in the office's
 * care to the state (NRW), and the Nachmeldung of persons entered late.
 *
 * Care is counted from the stays: a person is in care on every day from
 * moving into a bed up to the day before moving out, so a person moving out
 * on the 20th was in care 19 days of that month. Stays that follow one
 * another without a gap (a move) are one care period. */
#include "config.h"

#include "ea-flueag.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-care-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-reports-sql-private.h"
#include "ea-reports-xlsx-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

struct _EaFlueagReport
{
  char         *month;
  EaFlueagKind  kind;
  GPtrArray    *rows;
};

/* What one person's stays say about one month or, for the Nachmeldung,
 * several months. */
typedef struct
{
  guint32  moved_in;
  guint32  moved_out;   /* 0: still in care after the month */
  guint    days;
  GString *months;
} Care;

static void
care_free (Care *care)
{
  if (care->months != NULL)
    g_string_free (care->months, TRUE);
  g_free (care);
}

static void
flueag_row_free (EaFlueagRow *row)
{
  g_free (row->azr_number);
  g_free (row->family_name);
  g_free (row->given_names);
  g_free (row->birth_date);
  g_free (row->gender);
  g_free (row->nationality);
  g_free (row->residence_status);
  g_free (row->moved_in);
  g_free (row->moved_out);
  g_free (row->late_months);
  g_free (row);
}

void
ea_flueag_report_free (EaFlueagReport *report)
{
  if (report == NULL)
    return;
  g_free (report->month);
  g_ptr_array_unref (report->rows);
  g_free (report);
}

/* "2026-10" into its first day and the first day of the next month. */
static gboolean
parse_month (const char  *month,
             guint32     *first,
             guint32     *next,
             GError     **error)
{
  g_autofree char *first_iso = NULL;
  g_autofree char *next_iso = NULL;
  int y = 0, m = 0;

  if (month == NULL || strlen (month) != 7 || month[4] != '-' ||
      sscanf (month, "%4d-%2d", &y, &m) != 2 || y < 1900 || m < 1 || m > 12 ||
      !g_ascii_isdigit (month[5]) || !g_ascii_isdigit (month[6]))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is not a month: write it as YYYY-MM, for example 2026-10."),
                   month != NULL ? month : "");
      return FALSE;
    }
  first_iso = g_strdup_printf ("%04d-%02d-01", y, m);
  next_iso = g_strdup_printf ("%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
  *first = ea_date_to_day (first_iso);
  *next = ea_date_to_day (next_iso);
  return TRUE;
}

/**
 * ea_flueag_month_label:
 * @month: `YYYY-MM`
 *
 * Returns: (transfer full): the month in words, "Oktober 2026"
 */
char *
ea_flueag_month_label (const char *month)
{
  static const char *names[] = {
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
    N_("December"),
  };
  int y = 0, m = 0;

  if (month == NULL || sscanf (month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
    return g_strdup (month != NULL ? month : "");
  return g_strdup_printf ("%s %d", _(names[m - 1]), y);
}

/**
 * ea_flueag_last_month:
 *
 * Returns: (transfer full): the last month that is over, `YYYY-MM`
 */
char *
ea_flueag_last_month (void)
{
  g_autoptr(GDateTime) now = ea_clock_now ();
  g_autoptr(GDateTime) last = g_date_time_add_months (now, -1);

  return g_date_time_format (last, "%Y-%m");
}

typedef struct
{
  GHashTable *care;
  guint32     first;
  guint32     next;
} Month;

/* Counts the care period [start, end) into the month [first, next) when
 * the two meet. */
static void
count_period (gint64   person_id,
              guint32  start,
              guint32  end,
              gpointer user_data)
{
  Month *month = user_data;
  GHashTable *care = month->care;
  guint32 first = month->first, next = month->next;
  Care *entry;

  if (start >= next || end <= first)
    return;
  entry = g_hash_table_lookup (care, &person_id);
  if (entry == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = person_id;
      entry = g_new0 (Care, 1);
      entry->moved_in = start;
      g_hash_table_insert (care, key, entry);
    }
  entry->days += MIN (end, next) - MAX (start, first);
  entry->moved_out = end <= next ? end : 0;
}

/* Every person in care in the month [first, next), with their days. */
static GHashTable *
collect_month (EaStore  *store,
               guint32   first,
               guint32   next,
               GError  **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GHashTable) care = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify) care_free);
  g_autofree char *first_iso = ea_date_from_day (first);
  g_autofree char *next_iso = ea_date_from_day (next);
  Month month = { care, first, next };

  stmt = _ea_store_prepare (store, _ea_reports_sql.month_stays, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, first_iso);
  _ea_stmt_bind_text (stmt, 2, next_iso);
  if (!_ea_care_periods_foreach (store, stmt, count_period, &month, error))
    return NULL;
  return g_steal_pointer (&care);
}

static GHashTable *
collect_reported (EaStore     *store,
                  const char  *month,
                  GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, NULL);
  int rc;

  stmt = _ea_store_prepare (store, _ea_reports_sql.reported_persons, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, month);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    g_hash_table_add (reported, g_memdup2 (&(gint64) { _ea_stmt_column_int64 (stmt, 0) },
                                           sizeof (gint64)));
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the reports made before"));
      return NULL;
    }
  return g_steal_pointer (&reported);
}

/* Persons of every month reported before @first who were not in that
 * month's report, with the months they are missing from. */
static GHashTable *
collect_late (EaStore  *store,
              guint32   before,
              GError  **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GHashTable) late = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify) care_free);
  g_autofree char *before_iso = ea_date_from_day (before);
  int rc;

  stmt = _ea_store_prepare (store, _ea_reports_sql.reported_months, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, before_iso);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      const char *month = _ea_stmt_column_text (stmt, 0);
      g_autoptr(GHashTable) care = NULL;
      g_autoptr(GHashTable) reported = NULL;
      GHashTableIter iter;
      gint64 *person;
      Care *entry;
      guint32 first, next;

      if (!parse_month (month, &first, &next, error) ||
          (care = collect_month (store, first, next, error)) == NULL ||
          (reported = collect_reported (store, month, error)) == NULL)
        return NULL;

      g_hash_table_iter_init (&iter, care);
      while (g_hash_table_iter_next (&iter, (gpointer *) &person, (gpointer *) &entry))
        {
          Care *sum;

          if (g_hash_table_contains (reported, person))
            continue;
          sum = g_hash_table_lookup (late, person);
          if (sum == NULL)
            {
              sum = g_new0 (Care, 1);
              sum->moved_in = entry->moved_in;
              sum->months = g_string_new (NULL);
              g_hash_table_insert (late, g_memdup2 (person, sizeof (gint64)), sum);
            }
          if (sum->months->len > 0)
            g_string_append_c (sum->months, ',');
          g_string_append (sum->months, month);
          sum->days += entry->days;
          sum->moved_out = entry->moved_out;
        }
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the reports made before"));
      return NULL;
    }
  return g_steal_pointer (&late);
}

static char *
dup_day_or_null (guint32 day)
{
  return day != 0 && day != EA_CARE_OPEN ? ea_date_from_day (day) : NULL;
}

/* The persons' data, in the order of their names. */
static gboolean
add_rows (EaStore         *store,
          GHashTable      *care,
          EaFlueagReport  *report,
          GError         **error)
{
  g_autoptr(EaStmt) insert = NULL;
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GHashTable) nationalities = NULL;
  GHashTableIter iter;
  gint64 *person;
  int rc;

  if (!_ea_store_exec (store, _ea_reports_sql.ids_create, error))
    return FALSE;
  insert = _ea_store_prepare (store, _ea_reports_sql.ids_insert, error);
  if (insert == NULL)
    goto failed;
  g_hash_table_iter_init (&iter, care);
  while (g_hash_table_iter_next (&iter, (gpointer *) &person, NULL))
    {
      _ea_stmt_bind_int64 (insert, 1, *person);
      if (_ea_stmt_step (insert) != EA_STMT_DONE)
        {
          _ea_store_set_error (store, error, _("Cannot prepare the report"));
          goto failed;
        }
      _ea_stmt_reset (insert);
    }

  /* Nationalities in one pass rather than a subquery per person. */
  nationalities = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  stmt = _ea_store_prepare (store, _ea_reports_sql.report_nationalities, error);
  if (stmt == NULL)
    goto failed;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);
      const char *label = _ea_stmt_column_text (stmt, 1);
      char *known = g_hash_table_lookup (nationalities, &id);
      gboolean ukraine = _ea_stmt_column_int (stmt, 2) != 0;
      char *value;

      /* A leading '+' marks Ukrainian nationality among them. */
      if (known == NULL)
        value = g_strdup_printf ("%c%s", ukraine ? '+' : '-', label);
      else
        value = g_strdup_printf ("%c%s, %s", known[0] == '+' || ukraine ? '+' : '-', known + 1,
                                 label);
      g_hash_table_insert (nationalities, g_memdup2 (&id, sizeof id), value);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the persons"));
      goto failed;
    }
  g_clear_pointer (&stmt, _ea_stmt_free);

  stmt = _ea_store_prepare (store, _ea_reports_sql.report_persons, error);
  if (stmt == NULL)
    goto failed;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);
      Care *entry = g_hash_table_lookup (care, &id);
      EaFlueagRow *row = g_new0 (EaFlueagRow, 1);
      const char *nationality;

      row->person_id = id;
      row->azr_number = g_strdup (_ea_stmt_column_text (stmt, 1));
      row->family_name = g_strdup (_ea_stmt_column_text (stmt, 2));
      row->given_names = g_strdup (_ea_stmt_column_text (stmt, 3));
      row->birth_date = g_strdup (_ea_stmt_column_text (stmt, 4));
      row->gender = g_strdup (_ea_stmt_column_text (stmt, 5));
      row->residence_status = g_strdup (_ea_stmt_column_text (stmt, 6));
      nationality = g_hash_table_lookup (nationalities, &id);
      if (nationality != NULL)
        {
          row->nationality = g_strdup (nationality + 1);
          row->ukraine = nationality[0] == '+';
        }
      row->moved_in = dup_day_or_null (entry->moved_in);
      row->moved_out = dup_day_or_null (entry->moved_out);
      row->days = entry->days;
      if (entry->months != NULL)
        row->late_months = g_strdup (entry->months->str);
      g_ptr_array_add (report->rows, row);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the persons"));
      goto failed;
    }
  g_clear_pointer (&stmt, _ea_stmt_free);
  return _ea_store_exec (store, _ea_reports_sql.ids_release, error);

failed:
  _ea_store_exec (store, _ea_reports_sql.ids_rollback, NULL);
  return FALSE;
}

/* The report is about the whole district: an account limited to some
 * facilities may not produce it. */
static gboolean
check_report_right (EaSession  *session,
                    GError    **error)
{
  g_autoptr(GArray) facilities = NULL;

  if (!ea_session_check (session, EA_RIGHT_REPORTS, 0, error))
    return FALSE;
  facilities = _ea_session_dup_facility_ids (session);
  if (facilities != NULL)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_PERMISSION,
                           _("The FlüAG report covers the whole district; your account is "
                             "limited to some facilities."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ea_flueag_report_build:
 * @session: a session with the right to produce reports
 * @month: `YYYY-MM`, a month that is over
 * @kind: the Bestandsmeldung or the Nachmeldung
 * @error: a #GError
 *
 * Collects the report's rows without changing anything.
 *
 * Returns: (transfer full): the report, or %NULL on a refusal
 */
EaFlueagReport *
ea_flueag_report_build (EaSession     *session,
                        const char    *month,
                        EaFlueagKind   kind,
                        GError       **error)
{
  g_autoptr(EaFlueagReport) report = NULL;
  g_autoptr(GHashTable) care = NULL;
  g_autofree char *today = ea_clock_today ();
  EaStore *store;
  guint32 first, next;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!check_report_right (session, error) || !parse_month (month, &first, &next, error))
    return NULL;
  /* December 9999 has no next month the calendar knows (next is 0). */
  if (next == 0 || next > ea_date_to_day (today))
    {
      g_autofree char *label = ea_flueag_month_label (month);
      g_autofree char *next_iso = next != 0 ? ea_date_from_day (next) : NULL;
      g_autofree char *from = next_iso != NULL ? ea_date_format (next_iso) : NULL;

      if (from != NULL)
        g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                     _("%s is not over yet; its report can be made from %s on."), label, from);
      else
        g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("%s is not over yet."), label);
      return NULL;
    }

  store = ea_session_get_store (session);
  care = kind == EA_FLUEAG_LATE ? collect_late (store, first, error)
                                : collect_month (store, first, next, error);
  if (care == NULL)
    return NULL;

  report = g_new0 (EaFlueagReport, 1);
  report->month = g_strdup (month);
  report->kind = kind;
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) flueag_row_free);
  if (!add_rows (store, care, report, error))
    return NULL;
  return g_steal_pointer (&report);
}

const char *
ea_flueag_report_get_month (EaFlueagReport *report)
{
  return report->month;
}

EaFlueagKind
ea_flueag_report_get_kind (EaFlueagReport *report)
{
  return report->kind;
}

guint
ea_flueag_report_get_n_rows (EaFlueagReport *report)
{
  return report->rows->len;
}

const EaFlueagRow *
ea_flueag_report_get_row (EaFlueagReport *report,
                          guint           index)
{
  g_return_val_if_fail (index < report->rows->len, NULL);
  return g_ptr_array_index (report->rows, index);
}

/**
 * ea_flueag_report_count_without_azr:
 * @report: a report
 *
 * The state matches the report by AZR number: persons without one are
 * shown to the user before the export.
 *
 * Returns: how many rows have no AZR number
 */
guint
ea_flueag_report_count_without_azr (EaFlueagReport *report)
{
  guint n = 0;

  for (guint i = 0; i < report->rows->len; i++)
    if (((EaFlueagRow *) g_ptr_array_index (report->rows, i))->azr_number == NULL)
      n++;
  return n;
}

static char *
dup_late_months (const char *months)
{
  g_auto(GStrv) parts = g_strsplit (months != NULL ? months : "", ",", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    if (strlen (parts[i]) == 7)
      g_string_append_printf (out, "%s%.2s.%.4s", out->len > 0 ? ", " : "", parts[i] + 5,
                              parts[i]);
  return g_string_free (out, FALSE);
}

/* The workbook, with exactly one worksheet. */
static gboolean
write_workbook (EaFlueagReport  *report,
                const char      *path,
                GError         **error)
{
  static const char *stock_columns[] = {
    "AZR-Nummer", "Nachname", "Vorname", "Geburtsdatum", "Geschlecht",
    "Staatsangehörigkeit", "Aufenthaltsstatus", "Zuzug", "Auszug", "Ukraine",
    "Tage im Monat",
  };
  static const char *late_columns[] = {
    "AZR-Nummer", "Nachname", "Vorname", "Geburtsdatum", "Geschlecht",
    "Staatsangehörigkeit", "Aufenthaltsstatus", "Zuzug", "Auszug", "Ukraine",
    "Nachmeldemonate", "Tage",
  };
  static const double widths[] = { 15, 22, 22, 13, 12, 24, 26, 12, 12, 9, 18, 8 };
  gboolean late = report->kind == EA_FLUEAG_LATE;
  const char **columns = late ? late_columns : stock_columns;
  guint n_columns = late ? G_N_ELEMENTS (late_columns) : G_N_ELEMENTS (stock_columns);
  lxw_workbook *book;
  lxw_worksheet *sheet;
  lxw_format *bold, *date;

  book = _ea_xlsx_create (path, error);
  if (book == NULL)
    return FALSE;
  sheet = workbook_add_worksheet (book, late ? "Nachmeldung" : "Bestandsmeldung");
  bold = workbook_add_format (book);
  format_set_bold (bold);
  date = workbook_add_format (book);
  format_set_num_format (date, "dd.mm.yyyy");

  for (guint c = 0; c < n_columns; c++)
    worksheet_set_column (sheet, c, c, widths[c], NULL);
  worksheet_freeze_panes (sheet, 1, 0);
  for (guint c = 0; c < n_columns; c++)
    worksheet_write_string (sheet, 0, c, columns[c], bold);

  for (guint i = 0; i < report->rows->len; i++)
    {
      const EaFlueagRow *row = g_ptr_array_index (report->rows, i);
      g_autofree char *birth = ea_partial_date_format (row->birth_date);
      guint r = i + 1, c = 0;

      if (row->azr_number != NULL)
        worksheet_write_string (sheet, r, c, row->azr_number, NULL);
      c++;
      worksheet_write_string (sheet, r, c++, row->family_name, NULL);
      worksheet_write_string (sheet, r, c++, row->given_names, NULL);
      worksheet_write_string (sheet, r, c++, birth, NULL);
      worksheet_write_string (sheet, r, c++, row->gender, NULL);
      if (row->nationality != NULL)
        worksheet_write_string (sheet, r, c, row->nationality, NULL);
      c++;
      if (row->residence_status != NULL)
        worksheet_write_string (sheet, r, c, row->residence_status, NULL);
      c++;
      _ea_xlsx_write_date (sheet, r, c++, row->moved_in, date);
      _ea_xlsx_write_date (sheet, r, c++, row->moved_out, date);
      worksheet_write_string (sheet, r, c++, row->ukraine ? "ja" : "nein", NULL);
      if (late)
        {
          g_autofree char *months = dup_late_months (row->late_months);

          worksheet_write_string (sheet, r, c++, months, NULL);
        }
      worksheet_write_number (sheet, r, c++, row->days, NULL);
    }

  return _ea_xlsx_close (book, path, error);
}

typedef struct
{
  EaFlueagReport *report;
  char           *detail;   /* what the audit log says */
} Recording;

/* Marks the persons as reported for their months, so that the next
 * Nachmeldung does not report them again. */
static gboolean
record_report_change (EaSession     *session,
                      gpointer       data,
                      EaAuditRecord *record,
                      GError       **error)
{
  Recording *c = data;
  EaFlueagReport *report = c->report;
  EaStore *store = ea_session_get_store (session);
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *now = ea_clock_timestamp ();
  gboolean late = report->kind == EA_FLUEAG_LATE;

  stmt = _ea_store_prepare (store, _ea_reports_sql.record_reported, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < report->rows->len; i++)
    {
      const EaFlueagRow *row = g_ptr_array_index (report->rows, i);
      g_auto(GStrv) months = late ? g_strsplit (row->late_months, ",", -1)
                                  : g_strsplit (report->month, ",", -1);

      for (guint m = 0; months[m] != NULL; m++)
        {
          _ea_stmt_bind_text_copy (stmt, 1, months[m], -1);
          _ea_stmt_bind_int64 (stmt, 2, row->person_id);
          _ea_stmt_bind_text (stmt, 3, now);
          _ea_stmt_bind_int (stmt, 4, late);
          if (_ea_stmt_step (stmt) != EA_STMT_DONE)
            return _ea_store_set_error (store, error, _("Cannot record the report"));
          _ea_stmt_reset (stmt);
        }
    }
  g_free (c->detail);
  c->detail = g_strdup_printf ("%s %s: %u persons", late ? "Nachmeldung" : "Bestandsmeldung",
                               report->month, report->rows->len);
  *record = (EaAuditRecord) { .action = "export", .object_type = "flueag-report",
                              .detail = c->detail };
  return TRUE;
}

static gboolean
record_report (EaSession       *session,
               EaFlueagReport  *report,
               GError         **error)
{
  Recording change = { report, NULL };
  gboolean ok = _ea_change (session, EA_RIGHT_REPORTS, 0, record_report_change, &change, error);

  g_free (change.detail);
  return ok;
}

/**
 * ea_flueag_report_write:
 * @session: the session that built @report
 * @report: the report
 * @path: the new XLSX file; it must not exist, and is owner-only
 * @error: a #GError
 *
 * Writes the report as a workbook with one worksheet, records which persons
 * it reported for which month, and logs the export.
 *
 * Returns: %FALSE on a refusal or failure; then no file is left behind and
 *   nothing is recorded
 */
gboolean
ea_flueag_report_write (EaSession       *session,
                        EaFlueagReport  *report,
                        const char      *path,
                        GError         **error)
{
  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* The file is created owner-only and never over another
   * (_ea_xlsx_create()); none is left behind on a failure. */
  if (!check_report_right (session, error) || !write_workbook (report, path, error))
    return FALSE;
  if (!record_report (session, report, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}
