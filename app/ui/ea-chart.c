/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-chart"

#include "config.h"

#include "ea-chart.h"

#include <glib/gi18n.h>
#include <math.h>

/* A chart of one EaStatTable, drawn with cairo so that the screen and the
 * printer show the same picture. Text and grid take the widget's
 * foreground colour, so the chart reads in the light and the dark style;
 * the series colours are mid-tones of the GNOME palette that stand out on
 * both. */

#define MAX_BARS 30
#define BAR_HEIGHT 26.0
#define LEGEND_HEIGHT 28.0
#define AXIS_GAP 8.0

struct _EaChart
{
  GtkWidget     parent_instance;

  EaChartStyle  style;
  EaStatTable  *table;
};

G_DEFINE_FINAL_TYPE (EaChart, ea_chart, GTK_TYPE_WIDGET)

static void
series_color (EaStatTable *table,
              guint        series,
              GdkRGBA     *color)
{
  /* blue 3, purple 3, light grey 5, green 4, orange 4 of the GNOME palette */
  static const char *facilities[] = { "#3584e4", "#9141ac", "#9a9996", "#2ec27e" };
  static const char *occupancy[] = { "#9a9996", "#3584e4" };
  static const char *movements[] = { "#2ec27e", "#e66100" };
  const char *spec = "#3584e4";

  switch (table != NULL ? ea_stat_table_get_kind (table) : EA_N_STATS)
    {
    case EA_STAT_FACILITIES:
      spec = facilities[MIN (series, G_N_ELEMENTS (facilities) - 1)];
      break;
    case EA_STAT_OCCUPANCY:
      spec = occupancy[MIN (series, G_N_ELEMENTS (occupancy) - 1)];
      break;
    case EA_STAT_MOVEMENTS:
      spec = movements[MIN (series, G_N_ELEMENTS (movements) - 1)];
      break;
    case EA_STAT_NATIONALITY:
    case EA_STAT_AGE_GROUP:
    case EA_STAT_GENDER:
    case EA_STAT_VULNERABILITY:
    case EA_N_STATS:
    default:
      break;
    }
  gdk_rgba_parse (color, spec);
}

/* A step of 1, 2 or 5 times a power of ten that splits @max into about
 * four parts. */
static double
nice_step (double max)
{
  double raw = MAX (max, 1) / 4, magnitude = pow (10, floor (log10 (raw)));
  double fraction = raw / magnitude;

  if (fraction <= 1)
    return MAX (1, magnitude);
  if (fraction <= 2)
    return MAX (1, 2 * magnitude);
  if (fraction <= 5)
    return MAX (1, 5 * magnitude);
  return MAX (1, 10 * magnitude);
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* Draws @text at (@x, @y); @align 0 left, 0.5 centre, 1 right of @x, and
 * vertically centred on @y. Returns its width. */
static double
draw_text (cairo_t      *cr,
           PangoLayout  *layout,
           const char   *text,
           double        x,
           double        y,
           double        align,
           double        max_width)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  return w;
}

static double
series_total (EaStatTable *table,
              guint        row)
{
  double sum = 0;

  for (guint s = 0; s < ea_stat_table_get_n_series (table); s++)
    sum += ea_stat_table_get_value (table, row, s);
  return sum;
}

static void
draw_legend (EaChart       *self,
             cairo_t       *cr,
             PangoLayout   *layout,
             const GdkRGBA *fg)
{
  double x = 0;

  for (guint s = 0; s < ea_stat_table_get_n_series (self->table); s++)
    {
      GdkRGBA color;

      series_color (self->table, s, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, x, LEGEND_HEIGHT / 2 - 6, 12, 12);
      cairo_fill (cr);
      set_source (cr, fg, 1);
      x += 18 + draw_text (cr, layout, ea_stat_table_get_series_name (self->table, s),
                           x + 18, LEGEND_HEIGHT / 2, 0, -1) + 18;
    }
}

/* The value axis on the left with its grid; returns the width it takes. */
static double
draw_value_axis (cairo_t       *cr,
                 PangoLayout   *layout,
                 const GdkRGBA *fg,
                 double         top,
                 double         width,
                 double         plot_height,
                 double         axis_max,
                 double         step)
{
  double label_width = 0;

  for (double v = 0; v <= axis_max + 0.5; v += step)
    {
      g_autofree char *text = ea_format_count ((gint64) v);
      int w, h;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      label_width = MAX (label_width, w);
    }
  for (double v = 0; v <= axis_max + 0.5; v += step)
    {
      g_autofree char *text = ea_format_count ((gint64) v);
      double y = top + plot_height - v / axis_max * plot_height;

      set_source (cr, fg, 0.6);
      draw_text (cr, layout, text, label_width, y, 1, -1);
      set_source (cr, fg, v == 0 ? 0.35 : 0.12);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, label_width + AXIS_GAP, floor (y) + 0.5);
      cairo_line_to (cr, width, floor (y) + 0.5);
      cairo_stroke (cr);
    }
  return label_width + AXIS_GAP;
}

static void
draw_line_or_columns (EaChart       *self,
                      cairo_t       *cr,
                      PangoLayout   *layout,
                      const GdkRGBA *fg,
                      double         width,
                      double         height)
{
  guint n = ea_stat_table_get_n_rows (self->table);
  guint n_series = ea_stat_table_get_n_series (self->table);
  double step = nice_step (ea_stat_table_get_max (self->table));
  double axis_max = ceil (MAX (ea_stat_table_get_max (self->table), 1) / step) * step;
  double top = n_series > 1 ? LEGEND_HEIGHT + 8 : 8, label_height = 24;
  double plot_height = height - top - label_height;
  double left, plot_width, slot, last_right = 0;
  guint label_every;

  left = draw_value_axis (cr, layout, fg, top, width, plot_height, axis_max, step);
  plot_width = width - left;
  slot = plot_width / MAX (n, 1);

  /* Labels along the bottom, evenly spaced, as many as fit without
   * touching each other or the edges. */
  label_every = MAX (1, (guint) ceil (n * 110.0 / MAX (plot_width, 1)));
  set_source (cr, fg, 0.6);
  for (guint i = 0; i < n; i += label_every)
    {
      const char *label = ea_stat_table_get_label (self->table, i);
      double x = self->style == EA_CHART_LINE
               ? left + (n > 1 ? i * plot_width / (n - 1) : plot_width / 2)
               : left + (i + 0.5) * slot;
      int w, h;

      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      if (x - w / 2.0 < last_right + 12 || x + w / 2.0 > width)
        continue;
      draw_text (cr, layout, label, x, top + plot_height + label_height / 2 + 2, 0.5, -1);
      last_right = x + w / 2.0;
    }

  for (guint s = 0; s < n_series; s++)
    {
      GdkRGBA color;

      series_color (self->table, s, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      if (self->style == EA_CHART_LINE)
        {
          for (guint i = 0; i < n; i++)
            {
              double x = left + (n > 1 ? i * plot_width / (n - 1) : plot_width / 2);
              double y = top + plot_height -
                         ea_stat_table_get_value (self->table, i, s) / axis_max * plot_height;

              if (i == 0)
                cairo_move_to (cr, x, y);
              else
                cairo_line_to (cr, x, y);
            }
          cairo_set_line_width (cr, 2.5);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_stroke (cr);
        }
      else
        {
          double group = slot * 0.7, bar = group / n_series;

          for (guint i = 0; i < n; i++)
            {
              double value = ea_stat_table_get_value (self->table, i, s);
              double h = value / axis_max * plot_height;

              cairo_rectangle (cr, left + i * slot + (slot - group) / 2 + s * bar,
                               top + plot_height - h, MAX (bar - 1, 1), h);
            }
          cairo_fill (cr);
        }
    }
}

static void
draw_bars (EaChart       *self,
           cairo_t       *cr,
           PangoLayout   *layout,
           const GdkRGBA *fg,
           double         width)
{
  guint n = ea_chart_get_n_shown_rows (self);
  guint n_series = ea_stat_table_get_n_series (self->table);
  double max = 1, label_width = 0, top = n_series > 1 ? LEGEND_HEIGHT + 8 : 4;
  double bar_left, bar_width, value_width = 64;

  for (guint i = 0; i < n; i++)
    {
      int w, h;

      max = MAX (max, series_total (self->table, i));
      pango_layout_set_text (layout, ea_stat_table_get_label (self->table, i), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      label_width = MAX (label_width, w);
    }
  label_width = MIN (label_width, width * 0.35);
  bar_left = label_width + 12;
  bar_width = MAX (width - bar_left - value_width, 10);

  for (guint i = 0; i < n; i++)
    {
      double y = top + i * BAR_HEIGHT, x = bar_left;
      g_autofree char *total = ea_format_count ((gint64) series_total (self->table, i));

      set_source (cr, fg, 0.85);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      draw_text (cr, layout, ea_stat_table_get_label (self->table, i), label_width,
                 y + BAR_HEIGHT / 2, 1, label_width);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
      for (guint s = 0; s < n_series; s++)
        {
          double w = ea_stat_table_get_value (self->table, i, s) / max * bar_width;
          GdkRGBA color;

          series_color (self->table, s, &color);
          gdk_cairo_set_source_rgba (cr, &color);
          cairo_rectangle (cr, x, y + 5, w, BAR_HEIGHT - 10);
          cairo_fill (cr);
          x += w;
        }
      set_source (cr, fg, 0.6);
      draw_text (cr, layout, total, x + 6, y + BAR_HEIGHT / 2, 0, -1);
    }
}

/**
 * ea_chart_draw:
 * @self: a chart
 * @cr: where to draw, with (0, 0) at the chart's top left
 * @context: the Pango context for text
 * @width: the width to fill
 * @height: the height to fill
 * @foreground: the colour of text and grid
 *
 * Draws the chart; the widget and the printout both use this.
 */
void
ea_chart_draw (EaChart       *self,
               cairo_t       *cr,
               PangoContext  *context,
               double         width,
               double         height,
               const GdkRGBA *foreground)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  gboolean empty;

  g_return_if_fail (EA_IS_CHART (self));

  empty = self->table == NULL || ea_stat_table_get_n_rows (self->table) == 0 ||
          ea_stat_table_get_max (self->table) <= 0;
  if (empty)
    {
      set_source (cr, foreground, 0.55);
      draw_text (cr, layout, self->table == NULL ? _("Counting…") : _("No figures for this period"),
                 width / 2, height / 2, 0.5, -1);
      return;
    }

  /* A single series is named by the chart's title. */
  if (ea_stat_table_get_n_series (self->table) > 1)
    draw_legend (self, cr, layout, foreground);
  if (self->style == EA_CHART_BARS)
    draw_bars (self, cr, layout, foreground, width);
  else
    draw_line_or_columns (self, cr, layout, foreground, width, height);
}

static void
ea_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  EaChart *self = EA_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA foreground;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ea_chart_draw (self, cr, gtk_widget_get_pango_context (widget), width, height, &foreground);
  cairo_destroy (cr);
}

/* Bars are as tall as their rows need; the other charts take a fixed,
 * comfortable height. */
static void
ea_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  EaChart *self = EA_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 600;
      return;
    }
  if (self->style == EA_CHART_BARS && self->table != NULL &&
      ea_chart_get_n_shown_rows (self) > 0)
    *minimum = *natural = (int) (ea_chart_get_n_shown_rows (self) * BAR_HEIGHT + 8 +
                                 (ea_stat_table_get_n_series (self->table) > 1
                                  ? LEGEND_HEIGHT + 8 : 0));
  else
    *minimum = *natural = 240;
}

static void
ea_chart_finalize (GObject *object)
{
  EaChart *self = EA_CHART (object);

  g_clear_pointer (&self->table, ea_stat_table_unref);
  G_OBJECT_CLASS (ea_chart_parent_class)->finalize (object);
}

static void
ea_chart_class_init (EaChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ea_chart_finalize;
  widget_class->snapshot = ea_chart_snapshot;
  widget_class->measure = ea_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ea_chart_init (EaChart *self)
{
}

EaChart *
ea_chart_new (EaChartStyle style)
{
  EaChart *self = g_object_new (EA_TYPE_CHART, NULL);

  self->style = style;
  return self;
}

/**
 * ea_chart_set_table:
 * @self: a chart
 * @table: (nullable): the figures; %NULL while they are counted
 */
void
ea_chart_set_table (EaChart     *self,
                    EaStatTable *table)
{
  g_return_if_fail (EA_IS_CHART (self));

  g_clear_pointer (&self->table, ea_stat_table_unref);
  if (table != NULL)
    {
      self->table = ea_stat_table_ref (table);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      ea_stat_table_get_title (table), -1);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

EaStatTable *
ea_chart_get_table (EaChart *self)
{
  g_return_val_if_fail (EA_IS_CHART (self), NULL);
  return self->table;
}

/**
 * ea_chart_get_n_shown_rows:
 * @self: a chart
 *
 * A bar chart shows at most 30 rows, the first of the table (the largest
 * where the table is sorted so); the CSV export holds them all.
 *
 * Returns: how many rows the chart shows
 */
guint
ea_chart_get_n_shown_rows (EaChart *self)
{
  guint n;

  g_return_val_if_fail (EA_IS_CHART (self), 0);

  if (self->table == NULL)
    return 0;
  n = ea_stat_table_get_n_rows (self->table);
  return self->style == EA_CHART_BARS ? MIN (n, MAX_BARS) : n;
}
