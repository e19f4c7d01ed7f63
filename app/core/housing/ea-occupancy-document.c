/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-occupancy-document"

#include "config.h"

#include "ea-occupancy-document.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-housing-sql-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

/* The Belegungsliste: every room and bed of a facility with its occupant,
 * birth date, nationality and first night, grouped by unit. The desktop
 * prints it through GtkPrintOperation and eakte-cli writes it as PDF; both
 * draw with the functions here, on any cairo context. */

#define MARGIN 40.0
#define ROW_GAP 3.0

typedef struct
{
  char *heading;       /* a unit's heading, or NULL for a bed line */
  char *cells[6];      /* room, bed, name, birth date, nationality, since */
} Line;

struct _EaOccupancyDocument
{
  char      *facility;
  char      *office;
  char      *date;
  char      *printed;
  GPtrArray *lines;
  GArray    *page_starts;  /* index of each page's first line */
  double     line_height;
};

static void
line_free (Line *line)
{
  g_free (line->heading);
  for (guint i = 0; i < G_N_ELEMENTS (line->cells); i++)
    g_free (line->cells[i]);
  g_free (line);
}

static const char *
status_text (int status)
{
  switch (status)
    {
    case 1: return _("occupied");
    case 2: return _("blocked");
    case 3: return _("reserved");
    default: return _("free");
    }
}

/**
 * ea_occupancy_document_new:
 * @facility_id: the facility
 * @date: (nullable): the day; %NULL for today
 *
 * Reads the facility's beds and occupants. Names, birth dates and
 * nationalities are only in the list for users who may see persons; the
 * export is recorded in the audit log.
 */
EaOccupancyDocument *
ea_occupancy_document_new (EaSession   *session,
                           gint64       facility_id,
                           const char  *date,
                           GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GDateTime) now = ea_clock_now ();
  g_autofree char *day = NULL;
  EaOccupancyDocument *self;
  EaStore *store;
  gboolean names;
  char *last_unit = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_OCCUPANCY, facility_id, error))
    return NULL;
  day = date ? ea_date_parse_input (date) : ea_clock_today ();
  if (day == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is not a valid date; write it as YYYY-MM-DD or DD.MM.YYYY."), date);
      return NULL;
    }
  /* Names only for who may see the persons of this facility: a social
   * worker limited to other facilities sees the beds, not who is in them. */
  names = ea_session_check (session, EA_RIGHT_VIEW_PERSONS, facility_id, NULL);
  store = ea_session_get_store (session);

  stmt = _ea_store_prepare (store, _ea_housing_sql.occupancy_list, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, facility_id);
  _ea_stmt_bind_text (stmt, 2, day);

  self = g_new0 (EaOccupancyDocument, 1);
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  self->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->date = ea_date_format (day);
  self->printed = g_date_time_format (now, "%d.%m.%Y %H:%M");
  self->office = ea_store_dup_office_name (store);

  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      const char *unit = _ea_stmt_column_text (stmt, 1);
      int status = _ea_stmt_column_int (stmt, 4);
      Line *line;

      if (self->facility == NULL)
        self->facility = g_strdup (_ea_stmt_column_text (stmt, 0));
      if (g_strcmp0 (unit, last_unit) != 0)
        {
          line = g_new0 (Line, 1);
          line->heading = g_strdup (unit);
          g_ptr_array_add (self->lines, line);
          g_free (last_unit);
          last_unit = g_strdup (unit);
        }

      line = g_new0 (Line, 1);
      line->cells[0] = g_strdup (_ea_stmt_column_text (stmt, 2));
      line->cells[1] = g_strdup (_ea_stmt_column_text (stmt, 3));
      if (status == 1 && names)
        {
          line->cells[2] = g_strdup (_ea_stmt_column_text (stmt, 5));
          line->cells[3] = ea_partial_date_format (_ea_stmt_column_text (stmt, 6));
          line->cells[4] = g_strdup (_ea_stmt_column_text (stmt, 7));
          line->cells[5] = ea_date_format (_ea_stmt_column_text (stmt, 8));
        }
      else if (status == 2)
        {
          /* Blocked: why, and until when (issue "The window"). */
          const char *reason = _ea_stmt_column_text (stmt, 9);
          const char *until = _ea_stmt_column_text (stmt, 10);
          g_autofree char *shown = until != NULL ? ea_date_format (until) : NULL;

          line->cells[2] = reason != NULL ? g_strdup_printf (_("blocked: %s"), reason)
                                          : g_strdup (status_text (status));
          line->cells[5] = shown != NULL ? g_strdup_printf (_("until %s"), shown)
                                         : g_strdup (_("until unblocked"));
        }
      else if (status == 3)
        {
          /* Reserved: for whom (who may see persons), and from when. */
          const char *whom = _ea_stmt_column_text (stmt, 11);
          g_autofree char *from = ea_date_format (_ea_stmt_column_text (stmt, 12));

          line->cells[2] = names && whom != NULL ? g_strdup_printf (_("reserved for %s"), whom)
                                                 : g_strdup (status_text (status));
          line->cells[5] = g_strdup_printf (_("from %s"), from);
        }
      else
        line->cells[2] = g_strdup (status_text (status));
      g_ptr_array_add (self->lines, line);
    }
  g_free (last_unit);

  if (self->facility == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, facility_id);

      ea_occupancy_document_free (self);
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                   _("There is no facility with the number %s, or it has no beds."), number);
      return NULL;
    }

  if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "export",
                                                     .object_type = "occupancy-list",
                                                     .object_id = facility_id,
                                                     .detail = day }, error))
    {
      ea_occupancy_document_free (self);
      return NULL;
    }
  return self;
}

void
ea_occupancy_document_free (EaOccupancyDocument *self)
{
  if (self == NULL)
    return;
  g_free (self->facility);
  g_free (self->office);
  g_free (self->date);
  g_free (self->printed);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->page_starts, g_array_unref);
  g_free (self);
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *font,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);

  /* The page is measured in points: a 9 pt font is 9 units high. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

static double
header_height (void)
{
  return 64.0;
}

/**
 * ea_occupancy_document_paginate:
 * @cr: a context of the target (printer or PDF)
 * @width: the page's width in points
 * @height: the page's height in points
 *
 * Returns: the number of pages
 */
int
ea_occupancy_document_paginate (EaOccupancyDocument *self,
                                cairo_t             *cr,
                                double               width,
                                double               height)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, "Sans 9", 0);
  double usable, y = 0;
  int line_height;

  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_size (layout, NULL, &line_height);
  self->line_height = (double) line_height / PANGO_SCALE + ROW_GAP;

  /* The header on top, the footer at the bottom of every page. */
  usable = height - 2 * MARGIN - header_height () - 2 * self->line_height;
  g_array_set_size (self->page_starts, 0);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      double need = self->line_height * (line->heading ? 2 : 1);

      if (i == 0 || y + need > usable)
        {
          g_array_append_val (self->page_starts, i);
          y = 0;
        }
      y += need;
    }
  if (self->page_starts->len == 0)
    {
      guint zero = 0;
      g_array_append_val (self->page_starts, zero);
    }
  return self->page_starts->len;
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y,
           const char  *text)
{
  pango_layout_set_text (layout, text ? text : "", -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/**
 * ea_occupancy_document_draw_page:
 * @page: from 0; call ea_occupancy_document_paginate() first
 */
void
ea_occupancy_document_draw_page (EaOccupancyDocument *self,
                                 cairo_t             *cr,
                                 int                  page,
                                 double               width,
                                 double               height)
{
  /* Points of a 515-point line; the last column takes "25.09.2026" and
   * "bis 12.12.2026" whole. */
  const double columns[] = { 0, 40, 72, 245, 318, 418 };
  const char *titles[] = { _("Room"), _("Bed"), _("Name"), _("Date of Birth"),
                           _("Nationality"), _("Since") };
  double inner = width - 2 * MARGIN;
  g_autoptr(PangoLayout) title = make_layout (cr, "Sans Bold 15", inner);
  g_autoptr(PangoLayout) bold = make_layout (cr, "Sans Bold 8.5", 0);
  g_autoptr(PangoLayout) small = make_layout (cr, "Sans 7.5", inner);
  g_autofree char *heading = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *footer = NULL;
  guint first, last;
  double y;

  g_return_if_fail (page >= 0 && (guint) page < self->page_starts->len);

  first = g_array_index (self->page_starts, guint, page);
  last = (guint) page + 1 < self->page_starts->len
         ? g_array_index (self->page_starts, guint, page + 1) : self->lines->len;

  cairo_set_source_rgb (cr, 0, 0, 0);
  heading = g_strdup_printf (_("Occupancy List: %s"), self->facility);
  draw_text (cr, title, MARGIN, MARGIN, heading);
  subtitle = g_strdup_printf (_("%s · as on %s"), self->office ? self->office : "", self->date);
  draw_text (cr, small, MARGIN, MARGIN + 24, subtitle);

  y = MARGIN + header_height () - self->line_height - 4;
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    draw_text (cr, bold, MARGIN + columns[c] * inner / 515.0, y, titles[c]);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, y + self->line_height);
  cairo_line_to (cr, width - MARGIN, y + self->line_height);
  cairo_stroke (cr);

  y = MARGIN + header_height ();
  for (guint i = first; i < last; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);

      if (line->heading != NULL)
        {
          y += self->line_height / 2;
          draw_text (cr, bold, MARGIN, y, line->heading);
          y += self->line_height * 1.5;
          continue;
        }
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          double x = MARGIN + columns[c] * inner / 515.0;
          double next = c + 1 < G_N_ELEMENTS (columns)
                        ? MARGIN + columns[c + 1] * inner / 515.0 : width - MARGIN;
          g_autoptr(PangoLayout) cell = make_layout (cr, "Sans 9", next - x - 6);

          draw_text (cr, cell, x, y, line->cells[c]);
        }
      y += self->line_height;
    }

  footer = g_strdup_printf (_("Page %d of %u · printed %s · Confidential: personal data"),
                            page + 1, self->page_starts->len, self->printed);
  draw_text (cr, small, MARGIN, height - MARGIN, footer);
}

/**
 * ea_occupancy_document_write_pdf:
 * @path: the PDF file to write; readable by the owner only
 */
gboolean
ea_occupancy_document_write_pdf (EaOccupancyDocument  *self,
                                 const char           *path,
                                 GError              **error)
{
  const double width = 595.28, height = 841.89;  /* A4 in points */
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int pages, fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* The list holds personal data: the file is private before anything is
   * written to it (cairo keeps the permissions of an existing file). */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("Cannot write %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);

  surface = cairo_pdf_surface_create (path, width, height);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  cr = cairo_create (surface);
  pages = ea_occupancy_document_paginate (self, cr, width, height);
  for (int page = 0; page < pages; page++)
    {
      ea_occupancy_document_draw_page (self, cr, page, width, height);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
