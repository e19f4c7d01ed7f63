/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-outlook"

/* A look ahead (Vorschau): how many beds of which kind each facility has
 * free on each of the next days once the stays that still run, the
 * planned departures, the reservations and the blocks (with their day
 * back in use) are counted, and how many expected arrivals wait for a
 * bed by then.
 *
 * A stay runs until its check-out, else until its planned day of moving
 * out when that lies ahead, else on. Every bed gets one state per day
 * (occupied, blocked, reserved or free, the strongest wins); the days are
 * counted per facility in arrays, which is linear in beds × days and fast
 * enough for 100,000 beds and 14 days (bench/). */

#include "config.h"

#include "ea-outlook.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-housing-sql-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

enum { DAY_FREE, DAY_RESERVED, DAY_BLOCKED, DAY_OCCUPIED };

static guint *
days_new (guint n_days)
{
  return g_new0 (guint, n_days);
}

static void
facility_free (EaOutlookFacility *f)
{
  g_free (f->name);
  g_free (f->occupied);
  g_free (f->reserved);
  g_free (f->blocked);
  g_free (f->free_men);
  g_free (f->free_women);
  g_free (f->free_family);
  g_free (f->free_any);
  g_free (f->departures);
  g_free (f->returning);
  g_free (f);
}

void
ea_outlook_free (EaOutlook *outlook)
{
  if (outlook == NULL)
    return;
  g_free (outlook->from);
  g_clear_pointer (&outlook->facilities, g_ptr_array_unref);
  g_free (outlook->free);
  g_free (outlook->waiting);
  g_free (outlook->short_of_beds);
  g_free (outlook);
}

/* Marks the days of [@start, @end) (day numbers; @end 0: open) of bed
 * @bed with @state where that is stronger. */
static void
mark (guint8  *states,
      guint    n_days,
      guint32  first,
      gint64   bed,
      guint32  start,
      guint32  end,
      guint8   state)
{
  guint32 a = MAX (start, first);
  guint32 b = end == 0 ? first + n_days : MIN (end, first + n_days);
  guint8 *row = states + (gsize) bed * n_days;

  for (guint32 day = a; day < b; day++)
    row[day - first] = MAX (row[day - first], state);
}

static guint32
day_of (EaStmt *stmt,
        int           column)
{
  if (_ea_stmt_column_is_null (stmt, column))
    return 0;
  return ea_date_to_day (_ea_stmt_column_text (stmt, column));
}

/* The beds of one look ahead, one state per bed and day, and what each bed
 * belongs to; indexed by the database ids. */
typedef struct
{
  guint32 first;
  guint n_days;
  gint64 n_beds;
  gint64 n_facilities;
  guint8 *states;
  EaOutlookFacility **by_facility;
  gint64 *bed_facility;
  char *bed_rule;
} Grid;

static void
grid_clear (Grid *grid)
{
  g_clear_pointer (&grid->states, g_free);
  g_clear_pointer (&grid->by_facility, g_free);
  g_clear_pointer (&grid->bed_facility, g_free);
  g_clear_pointer (&grid->bed_rule, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Grid, grid_clear)

/* Checks the right and the period asked for, and finds its first day
 * (@today when @from is %NULL). */
static gboolean
check_period (EaSession   *session,
              const char  *from,
              guint        n_days,
              const char  *today,
              guint32     *first,
              GError     **error)
{
  guint32 today_day;

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, 0, error))
    return FALSE;
  if (from != NULL && !ea_date_is_valid (from))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("“%s” is not a valid date; write it as YYYY-MM-DD, such as "
                           "2026-11-23."), from);
  if (n_days < 1 || n_days > EA_OUTLOOK_MAX_DAYS)
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("A look ahead covers 1 to %d days."), EA_OUTLOOK_MAX_DAYS);
  *first = ea_date_to_day (from != NULL ? from : today);
  today_day = ea_date_to_day (today);
  if (*first + n_days - 1 > today_day + EA_OUTLOOK_MAX_DAYS)
    {
      g_autofree char *limit_iso = ea_date_add_days (today, EA_OUTLOOK_MAX_DAYS);
      g_autofree char *limit = ea_date_format (limit_iso);

      return ea_error_set (error, EA_ERROR_INVALID,
                           _("The program looks ahead up to %s (90 days)."), limit);
    }
  return TRUE;
}

/* An empty look ahead of @n_days from day @first. */
static EaOutlook *
outlook_alloc (guint32 first,
               guint   n_days)
{
  EaOutlook *outlook = g_new0 (EaOutlook, 1);

  outlook->from = ea_date_from_day (first);
  outlook->n_days = n_days;
  outlook->facilities = g_ptr_array_new_with_free_func ((GDestroyNotify) facility_free);
  outlook->free = days_new (n_days);
  outlook->waiting = days_new (n_days);
  outlook->short_of_beds = g_new0 (gboolean, n_days);
  return outlook;
}

/* Sizes @grid by the highest bed and facility ids in the database. */
static void
grid_init (Grid    *grid,
           EaStore *store,
           guint32  first,
           guint    n_days)
{
  grid->first = first;
  grid->n_days = n_days;
  grid->n_beds = _ea_store_query_int (store, _ea_housing_sql.max_bed_id, "") + 1;
  grid->n_facilities = _ea_store_query_int (store, _ea_housing_sql.max_facility_id, "") + 1;
  grid->states = g_new0 (guint8, (gsize) grid->n_beds * n_days);
  grid->by_facility = g_new0 (EaOutlookFacility *, grid->n_facilities);
  grid->bed_facility = g_new0 (gint64, grid->n_beds);
  grid->bed_rule = g_new0 (char, grid->n_beds);
}

/* Adds the facilities open on the first day to @outlook, in the order of
 * their names. */
static gboolean
read_facilities (EaStore    *store,
                 EaOutlook  *outlook,
                 Grid       *grid,
                 GError    **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_housing_sql.facility_names_open_on,
                                              error);
  guint n_days = grid->n_days;
  int rc;

  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text (stmt, 1, outlook->from);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      EaOutlookFacility *f = g_new0 (EaOutlookFacility, 1);
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

      f->facility_id = id;
      f->name = g_strdup (_ea_stmt_column_text (stmt, 1));
      f->occupied = days_new (n_days);
      f->reserved = days_new (n_days);
      f->blocked = days_new (n_days);
      f->free_men = days_new (n_days);
      f->free_women = days_new (n_days);
      f->free_family = days_new (n_days);
      f->free_any = days_new (n_days);
      f->departures = days_new (n_days);
      f->returning = days_new (n_days);
      g_ptr_array_add (outlook->facilities, f);
      if (id > 0 && id < grid->n_facilities)
        grid->by_facility[id] = f;
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot compute the occupancy"));
  return TRUE;
}

/* Notes the facility and rule of each bed open on the first day and
 * counts the facilities' beds by kind. */
static gboolean
read_beds (EaStore    *store,
           EaOutlook  *outlook,
           Grid       *grid,
           GError    **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_housing_sql.beds_open_on, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text (stmt, 1, outlook->from);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 bed = _ea_stmt_column_int64 (stmt, 0);
      gint64 facility = _ea_stmt_column_int64 (stmt, 1);
      EaOutlookFacility *f;

      if (bed <= 0 || bed >= grid->n_beds || facility <= 0 ||
          facility >= grid->n_facilities || grid->by_facility[facility] == NULL)
        continue;
      f = grid->by_facility[facility];
      grid->bed_facility[bed] = facility;
      grid->bed_rule[bed] = (_ea_stmt_column_text (stmt, 2))[0];
      f->capacity++;
      switch (grid->bed_rule[bed])
        {
        case 'm': f->beds_men++; break;
        case 'w': f->beds_women++; break;
        case 'f': f->beds_family++; break;
        default: f->beds_any++; break;
        }
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot compute the occupancy"));
  return TRUE;
}

/* Marks what takes each bed on which days: stays, blocks and active
 * reservations, and counts the planned departures and the blocked beds
 * back in use per day. A stay ends at its check-out, or at its planned
 * departure when that is still to come; one planned for a day past (the
 * person is still there) runs on. */
static gboolean
mark_taken (EaStore    *store,
            EaOutlook  *outlook,
            Grid       *grid,
            const char *today,
            GError    **error)
{
  const struct { const char *sql; guint8 state; } parts[] = {
    { _ea_housing_sql.outlook_stays, DAY_OCCUPIED },
    { _ea_housing_sql.outlook_blocks, DAY_BLOCKED },
    { _ea_housing_sql.outlook_reservations, DAY_RESERVED },
  };
  guint32 first = grid->first;
  guint n_days = grid->n_days;
  g_autofree char *end_iso = ea_date_from_day (first + n_days);
  int rc;

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      g_autoptr(EaStmt) stmt = _ea_store_prepare (store, parts[p].sql, error);

      if (stmt == NULL)
        return FALSE;
      _ea_stmt_bind_text (stmt, 1, outlook->from);
      _ea_stmt_bind_text (stmt, 2, end_iso);
      _ea_stmt_bind_text (stmt, 3, today);
      while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
        {
          gint64 bed = _ea_stmt_column_int64 (stmt, 0);
          guint32 change = day_of (stmt, 3);
          EaOutlookFacility *f;

          if (bed <= 0 || bed >= grid->n_beds || grid->bed_facility[bed] == 0)
            continue;
          mark (grid->states, n_days, first, bed, day_of (stmt, 1), day_of (stmt, 2),
                parts[p].state);
          /* A planned departure, or a block's day back in use. */
          f = grid->by_facility[grid->bed_facility[bed]];
          if (change >= first && change < first + n_days)
            {
              if (parts[p].state == DAY_OCCUPIED)
                f->departures[change - first]++;
              else
                f->returning[change - first]++;
            }
        }
      if (rc != EA_STMT_DONE)
        return _ea_store_set_error (store, error, _("Cannot compute the occupancy"));
    }
  return TRUE;
}

/* Counts each bed's state per day into its facility, the free beds also
 * by the room's rule and in the district's total. */
static void
count_days (EaOutlook  *outlook,
            const Grid *grid)
{
  guint n_days = grid->n_days;

  for (gint64 bed = 1; bed < grid->n_beds; bed++)
    {
      EaOutlookFacility *f;
      const guint8 *row = grid->states + (gsize) bed * n_days;

      if (grid->bed_facility[bed] == 0)
        continue;
      f = grid->by_facility[grid->bed_facility[bed]];
      for (guint d = 0; d < n_days; d++)
        switch (row[d])
          {
          case DAY_OCCUPIED: f->occupied[d]++; break;
          case DAY_BLOCKED: f->blocked[d]++; break;
          case DAY_RESERVED: f->reserved[d]++; break;
          default:
            outlook->free[d]++;
            if (grid->bed_rule[bed] == 'm')
              f->free_men[d]++;
            else if (grid->bed_rule[bed] == 'w')
              f->free_women[d]++;
            else if (grid->bed_rule[bed] == 'f')
              f->free_family[d]++;
            else
              f->free_any[d]++;
            break;
          }
    }
}

/* Counts the expected arrivals without a bed by the day they are due:
 * each day counts those due by then. */
static gboolean
count_waiting (EaStore    *store,
               EaOutlook  *outlook,
               guint32     first,
               GError    **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_housing_sql.waiting_arrivals, error);
  g_autofree char *last = ea_date_from_day (first + outlook->n_days - 1);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text (stmt, 1, outlook->from);
  _ea_stmt_bind_text (stmt, 2, last);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      guint32 due = MAX (day_of (stmt, 0), first);

      for (guint32 d = due; d < first + outlook->n_days; d++)
        outlook->waiting[d - first]++;
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot compute the occupancy"));
  return TRUE;
}

/**
 * ea_outlook_new:
 * @session: the logged-in user
 * @from: (nullable): the first day; %NULL for today
 * @n_days: how many days, 1 to %EA_OUTLOOK_MAX_DAYS
 * @error: a #GError
 *
 * Returns: (transfer full): the look ahead, or %NULL with @error set
 */
EaOutlook *
ea_outlook_new (EaSession   *session,
                const char  *from,
                guint        n_days,
                GError     **error)
{
  g_autoptr(EaOutlook) outlook = NULL;
  g_autofree char *today = ea_clock_today ();
  g_auto(Grid) grid = { 0 };
  guint32 first = 0;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!check_period (session, from, n_days, today, &first, error))
    return NULL;
  store = ea_session_get_store (session);
  outlook = outlook_alloc (first, n_days);
  grid_init (&grid, store, first, n_days);
  if (!read_facilities (store, outlook, &grid, error) ||
      !read_beds (store, outlook, &grid, error) ||
      !mark_taken (store, outlook, &grid, today, error))
    return NULL;
  count_days (outlook, &grid);
  if (!count_waiting (store, outlook, first, error))
    return NULL;
  for (guint d = 0; d < n_days; d++)
    outlook->short_of_beds[d] = outlook->waiting[d] > outlook->free[d];
  return g_steal_pointer (&outlook);
}

/**
 * ea_outlook_dup_day:
 * @day: from 0
 *
 * Returns: (transfer full): the day, `YYYY-MM-DD`
 */
char *
ea_outlook_dup_day (EaOutlook *outlook,
                    guint      day)
{
  return ea_date_add_days (outlook->from, (int) day);
}

guint
ea_outlook_facility_free (EaOutlookFacility *f,
                          guint              day)
{
  return f->free_men[day] + f->free_women[day] + f->free_family[day] + f->free_any[day];
}

#define MARGIN 36.0

static PangoLayout *
layout_new (cairo_t    *cr,
            const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  return layout;
}

static void
show (cairo_t     *cr,
      PangoLayout *layout,
      double       x,
      double       y,
      double       width,
      const char  *text)
{
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  else
    pango_layout_set_width (layout, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The printed list: a heading, a line of days, a line per facility, and
 * the district's two lines at the end of the last page. */
#define LINE 12.0
#define FIRST_LINE (MARGIN + 58)
#define DISTRICT_BLOCK 60.0

static guint
lines_per_page (double height)
{
  return MAX (1, (guint) ((height - MARGIN - FIRST_LINE) / LINE));
}

/**
 * ea_outlook_paginate:
 * @height: the page's printable height in points
 *
 * Returns: how many pages ea_outlook_draw_page() draws on
 */
int
ea_outlook_paginate (EaOutlook *outlook,
                     double     height)
{
  guint per_page = lines_per_page (height);
  guint n = outlook->facilities->len;
  guint pages = MAX (1, (n + per_page - 1) / per_page);
  guint last = n - (pages - 1) * per_page;

  /* The district's lines go below the last facility, or on a page of
   * their own when they do not fit there. */
  if (n > 0 && FIRST_LINE + last * LINE + DISTRICT_BLOCK > height - MARGIN / 2)
    pages++;
  return (int) pages;
}

/**
 * ea_outlook_draw_page:
 * @office: (nullable): the office's name, for the heading
 * @cr: where to draw, in points
 * @page: from 0
 * @width: the printable width in points
 * @height: the printable height in points
 *
 * Draws one page of the look ahead as a list (best on A4 landscape).
 */
void
ea_outlook_draw_page (EaOutlook  *outlook,
                      const char *office,
                      cairo_t    *cr,
                      int         page,
                      double      width,
                      double      height)
{
  const double name_width = 190;
  double column = (width - 2 * MARGIN - name_width) / MAX (outlook->n_days, 1);
  guint per_page = lines_per_page (height);
  guint first = (guint) page * per_page;
  g_autofree char *from = ea_date_format (outlook->from);
  g_autofree char *subtitle = NULL;
  g_autofree char *heading = NULL;
  g_autoptr(PangoLayout) title = layout_new (cr, "Sans Bold 15");
  g_autoptr(PangoLayout) text = layout_new (cr, "Sans 8");
  g_autoptr(PangoLayout) bold = layout_new (cr, "Sans Bold 8");
  double y = FIRST_LINE - 14;

  heading = g_strdup_printf (_("Look Ahead: Free Beds for %u Days"), outlook->n_days);
  subtitle = g_strdup_printf (_("%s · free beds each night from %s, as planned today"),
                              office != NULL ? office : "", from);
  cairo_set_source_rgb (cr, 0, 0, 0);
  show (cr, title, MARGIN, MARGIN, 0, heading);
  show (cr, text, MARGIN, MARGIN + 22, 0, subtitle);
  show (cr, bold, MARGIN, y, name_width, _("Facility"));
  for (guint d = 0; d < outlook->n_days; d++)
    {
      g_autofree char *iso = ea_outlook_dup_day (outlook, d);
      g_autofree char *shown = ea_date_format (iso);

      /* TT.MM. of TT.MM.JJJJ */
      shown[6] = '\0';
      show (cr, bold, MARGIN + name_width + d * column, y, column, shown);
    }
  y = FIRST_LINE;
  for (guint i = first; i < outlook->facilities->len && i < first + per_page; i++)
    {
      EaOutlookFacility *f = g_ptr_array_index (outlook->facilities, i);

      show (cr, text, MARGIN, y, name_width - 6, f->name);
      for (guint d = 0; d < outlook->n_days; d++)
        {
          g_autofree char *cell = g_strdup_printf ("%u", ea_outlook_facility_free (f, d));

          show (cr, text, MARGIN + name_width + d * column, y, column, cell);
        }
      y += LINE;
    }
  if (page != ea_outlook_paginate (outlook, height) - 1)
    return;

  /* The district: free beds, waiting arrivals, days short of beds. */
  y += 8;
  show (cr, bold, MARGIN, y, name_width, _("District: free beds"));
  for (guint d = 0; d < outlook->n_days; d++)
    {
      g_autofree char *cell = g_strdup_printf ("%u", outlook->free[d]);

      show (cr, bold, MARGIN + name_width + d * column, y, column, cell);
    }
  y += LINE;
  show (cr, text, MARGIN, y, name_width, _("Expected without a bed"));
  for (guint d = 0; d < outlook->n_days; d++)
    {
      g_autofree char *cell = g_strdup_printf ("%u%s", outlook->waiting[d],
                                               outlook->short_of_beds[d] ? " !" : "");

      show (cr, outlook->short_of_beds[d] ? bold : text,
            MARGIN + name_width + d * column, y, column, cell);
    }
  y += 16;
  show (cr, text, MARGIN, y, width - 2 * MARGIN,
        _("“!”: on this day more arrivals wait than beds are free."));
}

/**
 * ea_outlook_record_export:
 *
 * Records in the audit log that the look ahead left the program, printed
 * or as a file.
 *
 * Returns: %FALSE with @error set when the log cannot be written
 */
gboolean
ea_outlook_record_export (EaOutlook  *outlook,
                          EaSession  *session,
                          GError    **error)
{
  return _ea_audit_record (session, &(EaAuditRecord) { .action = "export", .object_type = "outlook",
                                                       .detail = outlook->from }, error);
}

/**
 * ea_outlook_write_pdf:
 * @path: the new PDF; it must not exist
 *
 * Prints the look ahead as a list (A4 landscape): a line per facility
 * with its free beds on each day, and the district's free beds and
 * waiting arrivals, days short of beds marked. Recorded in the audit log.
 *
 * Returns: %FALSE with @error set on failure; no file is left then
 */
gboolean
ea_outlook_write_pdf (EaOutlook   *outlook,
                      EaSession   *session,
                      const char  *path,
                      GError     **error)
{
  const double width = 842, height = 595;
  g_autofree char *office = ea_store_dup_office_name (ea_session_get_store (session));
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int fd, pages;

  g_return_val_if_fail (outlook->n_days <= 31, FALSE);

  /* Owner-only like every list with the office's data, never over a file. */
  fd = _ea_store_create_private_file (path, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  surface = cairo_pdf_surface_create (path, width, height);
  cr = cairo_create (surface);
  pages = ea_outlook_paginate (outlook, height);
  for (int page = 0; page < pages; page++)
    {
      ea_outlook_draw_page (outlook, office, cr, page, width, height);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (path);
      return ea_error_set (error, EA_ERROR_FAILED, _("Cannot write the PDF %s: %s"), path,
                           cairo_status_to_string (status));
    }
  if (!ea_outlook_record_export (outlook, session, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}
