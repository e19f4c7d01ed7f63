/* SPDX-License-Identifier: EUPL-1.2 */
/* Statistics for the Berichte page: figures only, never a person. Counting
 * follows the occupancy: a person occupies a bed from the day of moving in
 * up to the day before moving out; arrivals and departures are the start
 * and end of a care period (a move between beds is neither). */
#include "config.h"

#include "ea-statistics.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "ea-care-private.h"
#include "ea-csv-private.h"
#include "ea-error.h"
#include "ea-occupancy.h"
#include "ea-reports-sql-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

#define MAX_DAYS (366 * 10)

struct _EaStatTable
{
  EaStatKind  kind;
  char       *title;
  char       *label_heading;
  GPtrArray  *series;   /* of char* */
  GPtrArray  *labels;   /* of char*, one per row */
  GArray     *values;   /* of double, row after row */
};

static EaStatTable *
stat_table_new (EaStatKind  kind,
                char       *title,
                const char *label_heading,
                ...)
{
  EaStatTable *table = g_atomic_rc_box_new0 (EaStatTable);
  const char *name;
  va_list args;

  table->kind = kind;
  table->title = title;
  table->label_heading = g_strdup (label_heading);
  table->series = g_ptr_array_new_with_free_func (g_free);
  table->labels = g_ptr_array_new_with_free_func (g_free);
  table->values = g_array_new (FALSE, TRUE, sizeof (double));
  va_start (args, label_heading);
  while ((name = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (table->series, g_strdup (name));
  va_end (args);
  return table;
}

/* A row; its values follow with set_value(). Returns its index. */
static guint
add_row (EaStatTable *table,
         char        *label)
{
  g_ptr_array_add (table->labels, label);
  g_array_set_size (table->values, table->labels->len * table->series->len);
  return table->labels->len - 1;
}

static void
set_value (EaStatTable *table,
           guint        row,
           guint        series,
           double       value)
{
  g_array_index (table->values, double, row * table->series->len + series) = value;
}

static void
stat_table_clear (gpointer data)
{
  EaStatTable *table = data;

  g_free (table->title);
  g_free (table->label_heading);
  g_ptr_array_unref (table->series);
  g_ptr_array_unref (table->labels);
  g_array_unref (table->values);
}

EaStatTable *
ea_stat_table_ref (EaStatTable *table)
{
  return g_atomic_rc_box_acquire (table);
}

void
ea_stat_table_unref (EaStatTable *table)
{
  g_atomic_rc_box_release_full (table, stat_table_clear);
}

EaStatKind
ea_stat_table_get_kind (EaStatTable *table)
{
  return table->kind;
}

const char *
ea_stat_table_get_title (EaStatTable *table)
{
  return table->title;
}

const char *
ea_stat_table_get_label_heading (EaStatTable *table)
{
  return table->label_heading;
}

guint
ea_stat_table_get_n_series (EaStatTable *table)
{
  return table->series->len;
}

const char *
ea_stat_table_get_series_name (EaStatTable *table,
                               guint        series)
{
  g_return_val_if_fail (series < table->series->len, NULL);
  return g_ptr_array_index (table->series, series);
}

guint
ea_stat_table_get_n_rows (EaStatTable *table)
{
  return table->labels->len;
}

const char *
ea_stat_table_get_label (EaStatTable *table,
                         guint        row)
{
  g_return_val_if_fail (row < table->labels->len, NULL);
  return g_ptr_array_index (table->labels, row);
}

double
ea_stat_table_get_value (EaStatTable *table,
                         guint        row,
                         guint        series)
{
  g_return_val_if_fail (row < table->labels->len && series < table->series->len, 0);
  return g_array_index (table->values, double, row * table->series->len + series);
}

/**
 * ea_stat_table_get_max:
 * @table: a table
 *
 * Returns: the largest value, 0 for an empty table
 */
double
ea_stat_table_get_max (EaStatTable *table)
{
  double max = 0;

  for (guint i = 0; i < table->values->len; i++)
    max = MAX (max, g_array_index (table->values, double, i));
  return max;
}

/**
 * ea_stat_table_write_csv:
 * @table: a table
 * @path: the new CSV file; it must not exist, and is owner-only
 * @error: a #GError
 *
 * Writes the table the way German spreadsheets open it; decimals with a
 * comma.
 *
 * Returns: %FALSE on failure; then no file is left behind
 */
gboolean
ea_stat_table_write_csv (EaStatTable  *table,
                         const char   *path,
                         GError      **error)
{
  g_autoptr(GString) out = g_string_new (EA_CSV_BOM);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  guint n_series = table->series->len;

  g_ptr_array_add (fields, g_strdup (table->label_heading));
  for (guint s = 0; s < n_series; s++)
    g_ptr_array_add (fields, g_strdup (g_ptr_array_index (table->series, s)));
  _ea_csv_append_line (out, (const char *const *) fields->pdata, fields->len);

  for (guint r = 0; r < table->labels->len; r++)
    {
      g_ptr_array_set_size (fields, 0);
      g_ptr_array_add (fields, g_strdup (g_ptr_array_index (table->labels, r)));
      for (guint s = 0; s < n_series; s++)
        g_ptr_array_add (fields, ea_format_decimal (ea_stat_table_get_value (table, r, s), 0));
      _ea_csv_append_line (out, (const char *const *) fields->pdata, fields->len);
    }
  return _ea_store_write_private_file (path, out->str, out->len, error);
}

/* Counts per day of [first, last] from intervals added to a difference
 * array. */
static void
add_interval (int     *diff,
              guint32  first,
              guint32  end,
              guint32  start,
              guint32  stop)
{
  start = MAX (start, first);
  stop = MIN (stop, end);
  if (start >= stop)
    return;
  diff[start - first]++;
  diff[stop - first]--;
}

static EaStatTable *
compute_occupancy (EaStore  *store,
                   guint32   first,
                   guint32   end,
                   GError  **error)
{
  g_autoptr(EaStmt) stays = NULL;
  g_autoptr(EaStmt) beds = NULL;
  g_autofree int *occupied = g_new0 (int, end - first + 1);
  g_autofree int *capacity = g_new0 (int, end - first + 1);
  g_autofree char *first_iso = ea_date_from_day (first);
  g_autofree char *end_iso = ea_date_from_day (end);
  g_autoptr(EaStatTable) table = NULL;
  int rc, n_occupied = 0, n_capacity = 0;

  stays = _ea_store_prepare (store, _ea_reports_sql.stays_meeting, error);
  if (stays == NULL)
    return NULL;
  _ea_stmt_bind_text (stays, 1, first_iso);
  _ea_stmt_bind_text (stays, 2, end_iso);
  while ((rc = _ea_stmt_step (stays)) == EA_STMT_ROW)
    {
      const char *until = _ea_stmt_column_text (stays, 1);

      add_interval (occupied, first, end,
                    ea_date_to_day (_ea_stmt_column_text (stays, 0)),
                    until != NULL ? ea_date_to_day (until) : EA_CARE_OPEN);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the stays")), NULL;

  /* A bed counts while it, its room, its unit and its facility are open;
   * beds with the same dates are counted together. */
  beds = _ea_store_prepare (store, _ea_reports_sql.beds_open, error);
  if (beds == NULL)
    return NULL;
  while ((rc = _ea_stmt_step (beds)) == EA_STMT_ROW)
    {
      guint32 opened = ea_date_to_day (_ea_stmt_column_text (beds, 0));
      guint32 closed = ea_date_to_day (_ea_stmt_column_text (beds, 1));
      int n = _ea_stmt_column_int (beds, 2);
      guint32 start = MAX (opened, first), stop = MIN (closed, end);

      if (start < stop)
        {
          capacity[start - first] += n;
          capacity[stop - first] -= n;
        }
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the beds")), NULL;

  table = stat_table_new (EA_STAT_OCCUPANCY, g_strdup (_("Occupancy of the district")),
                          _("Day"), _("Places"), _("Occupied"), NULL);
  for (guint32 day = first; day < end; day++)
    {
      g_autofree char *iso = ea_date_from_day (day);
      guint row = add_row (table, ea_date_format (iso));

      n_capacity += capacity[day - first];
      n_occupied += occupied[day - first];
      set_value (table, row, 0, n_capacity);
      set_value (table, row, 1, n_occupied);
    }
  return g_steal_pointer (&table);
}

static EaStatTable *
compute_facilities (EaSession   *session,
                    const char  *day,
                    GError     **error)
{
  g_autoptr(GListModel) list = ea_occupancy_list (session, day, error);
  g_autofree char *when = ea_date_format (day);
  EaStatTable *table;
  guint n;

  if (list == NULL)
    return NULL;
  table = stat_table_new (EA_STAT_FACILITIES,
                          g_strdup_printf (_("Beds per facility on %s"), when), _("Facility"),
                          _("Occupied"), _("Reserved"), _("Blocked"), _("Free"), NULL);
  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaOccupancy) item = g_list_model_get_item (list, i);
      guint row = add_row (table, g_strdup (ea_occupancy_get_name (item)));

      set_value (table, row, 0, ea_occupancy_get_occupied (item));
      set_value (table, row, 1, ea_occupancy_get_reserved (item));
      set_value (table, row, 2, ea_occupancy_get_blocked (item));
      set_value (table, row, 3, ea_occupancy_get_free (item));
    }
  return table;
}

static guint
month_index (guint32 day,
             int     first_year,
             int     first_month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return (g_date_get_year (&date) - first_year) * 12 + g_date_get_month (&date) - first_month;
}

typedef struct
{
  guint32  first;
  guint32  stop;
  int      year;
  int      month;
  double  *arrivals;
  double  *departures;
} Movements;

/* A care period's start is an arrival, its end a departure, when they
 * fall in the period [first, stop). */
static void
count_movement (gint64   person_id,
                guint32  start,
                guint32  end,
                gpointer user_data)
{
  Movements *m = user_data;

  if (start >= m->first && start < m->stop)
    m->arrivals[month_index (start, m->year, m->month)]++;
  if (end != EA_CARE_OPEN && end >= m->first && end < m->stop)
    m->departures[month_index (end, m->year, m->month)]++;
}

static EaStatTable *
compute_movements (EaStore  *store,
                   guint32   first,
                   guint32   end,
                   GError  **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(EaStatTable) table = NULL;
  g_autofree char *first_iso = ea_date_from_day (first);
  g_autofree char *end_iso = ea_date_from_day (end);
  g_autofree double *arrivals = NULL;
  g_autofree double *departures = NULL;
  Movements counts;
  GDate date;
  guint n_months;
  int year, month;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, first);
  year = g_date_get_year (&date);
  month = g_date_get_month (&date);
  n_months = month_index (end - 1, year, month) + 1;
  arrivals = g_new0 (double, n_months);
  departures = g_new0 (double, n_months);
  counts = (Movements) { first, end, year, month, arrivals, departures };

  /* Every stay up to the period's end, person by person: whether a stay
   * starts a care period depends on the stay before it. */
  stmt = _ea_store_prepare (store, _ea_reports_sql.stays_until, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, first_iso);
  _ea_stmt_bind_text (stmt, 2, end_iso);
  if (!_ea_care_periods_foreach (store, stmt, count_movement, &counts, error))
    return NULL;

  table = stat_table_new (EA_STAT_MOVEMENTS, g_strdup (_("Arrivals and departures per month")),
                          _("Month"), _("Arrivals"), _("Departures"), NULL);
  for (guint i = 0; i < n_months; i++)
    {
      int m = (month - 1 + i) % 12 + 1, y = year + (month - 1 + i) / 12;
      guint row = add_row (table, g_strdup_printf ("%02d.%04d", m, y));

      set_value (table, row, 0, arrivals[i]);
      set_value (table, row, 1, departures[i]);
    }
  return g_steal_pointer (&table);
}

/* Residents on @day grouped by a label the query gives, with its count. */
static EaStatTable *
compute_grouped (EaStore     *store,
                 EaStatTable *table,
                 const char  *sql,
                 const char  *day,
                 GError     **error)
{
  g_autoptr(EaStatTable) owned = table;
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, day);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      guint row = add_row (table, g_strdup (_ea_stmt_column_text (stmt, 0)));

      set_value (table, row, 0, _ea_stmt_column_int (stmt, 1));
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the residents")), NULL;
  return g_steal_pointer (&owned);
}

static EaStatTable *
compute_age_groups (EaStore     *store,
                    EaStatTable *table,
                    const char  *day,
                    GError     **error)
{
  static const struct { int below; const char *label; } groups[] = {
    { 6, N_("under 6") }, { 18, N_("6 to 17") }, { 27, N_("18 to 26") },
    { 50, N_("27 to 49") }, { 65, N_("50 to 64") }, { G_MAXINT, N_("65 and older") },
  };
  g_autoptr(EaStatTable) owned = table;
  g_autoptr(EaStmt) stmt = NULL;
  double counts[G_N_ELEMENTS (groups)] = { 0 };
  int rc;

  stmt = _ea_store_prepare (store, _ea_reports_sql.residents_birth_dates, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, day);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      int age = ea_partial_date_age (_ea_stmt_column_text (stmt, 0), day);

      for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
        if (age < groups[g].below)
          {
            counts[g]++;
            break;
          }
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the residents")), NULL;
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    set_value (table, add_row (table, g_strdup (_(groups[g].label))), 0, counts[g]);
  return g_steal_pointer (&owned);
}

/**
 * ea_statistics_compute:
 * @session: a session with the right to see statistics
 * @kind: which figures
 * @from: the first day of the period, `YYYY-MM-DD`
 * @until: the last day of the period; the stock figures are of this day
 * @error: a #GError
 *
 * Returns: (transfer full): the figures, or %NULL on a refusal
 */
EaStatTable *
ea_statistics_compute (EaSession   *session,
                       EaStatKind   kind,
                       const char  *from,
                       const char  *until,
                       GError     **error)
{
  EaStore *store;
  g_autofree char *when = NULL;
  guint32 first, last;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);
  g_return_val_if_fail (kind < EA_N_STATS, NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_STATISTICS, 0, error))
    return NULL;
  first = ea_date_to_day (from);
  last = ea_date_to_day (until);
  if (first == 0 || last == 0 || last < first)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The period must be two dates, the first not after the last."));
      return NULL;
    }
  if (last - first >= MAX_DAYS)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("The period may be at most %d years long."), MAX_DAYS / 366);
      return NULL;
    }

  store = ea_session_get_store (session);
  when = ea_date_format (until);
  switch (kind)
    {
    case EA_STAT_OCCUPANCY:
      return compute_occupancy (store, first, last + 1, error);

    case EA_STAT_FACILITIES:
      return compute_facilities (session, until, error);

    case EA_STAT_MOVEMENTS:
      return compute_movements (store, first, last + 1, error);

    case EA_STAT_NATIONALITY:
      return compute_grouped (store,
        stat_table_new (kind, g_strdup_printf (_("Residents by nationality on %s"), when),
                        _("Nationality"), _("Residents"), NULL),
        _ea_reports_sql.residents_by_nationality, until, error);

    case EA_STAT_AGE_GROUP:
      return compute_age_groups (store,
        stat_table_new (kind, g_strdup_printf (_("Residents by age on %s"), when),
                        _("Age"), _("Residents"), NULL), until, error);

    case EA_STAT_GENDER:
      return compute_grouped (store,
        stat_table_new (kind, g_strdup_printf (_("Residents by gender on %s"), when),
                        _("Gender"), _("Residents"), NULL),
        _ea_reports_sql.residents_by_gender, until, error);

    case EA_STAT_VULNERABILITY:
      return compute_grouped (store,
        stat_table_new (kind,
                        g_strdup_printf (_("Residents with special protection needs on %s"),
                                         when),
                        _("Protection need"), _("Residents"), NULL),
        _ea_reports_sql.residents_by_need, until, error);

    case EA_N_STATS:
    default:
      g_assert_not_reached ();
    }
}
