/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-facility-row"

#include "config.h"

#include "ea-facility-row.h"

#include <glib/gi18n.h>

/* One facility on the Belegung page: name and place, a bar of occupied
 * beds, and the free beds split by room rule. Side by side in a wide
 * window; in a narrow one (a thin client, half a screen) the bar goes
 * under the name and the free beds, so that the name stays readable. */
struct _EaFacilityRow
{
  GtkWidget    parent_instance;

  GtkWidget   *name_box;
  GtkWidget   *bar_box;
  GtkWidget   *free_box;
  GtkLabel    *name_label;
  GtkLabel    *detail_label;
  GtkLevelBar *level_bar;
  GtkLabel    *counts_label;
  GtkLabel    *free_label;
  GtkLabel    *split_label;
};

G_DEFINE_FINAL_TYPE (EaFacilityRow, ea_facility_row, GTK_TYPE_WIDGET)

/* Side by side: the bar's column and the free beds' column are this
 * wide, and the name gets at least NAME_WIDTH; below that, stacked. */
#define BAR_WIDTH   280
#define FREE_WIDTH  210
#define NAME_WIDTH  200
#define SPACING     12

static gboolean
is_wide (int width)
{
  return width < 0 || width >= NAME_WIDTH + BAR_WIDTH + FREE_WIDTH + 2 * SPACING;
}

static int
width_of (GtkWidget *child,
          gboolean   natural)
{
  int min = 0, nat = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return natural ? nat : min;
}

static int
height_of (GtkWidget *child,
           int        width)
{
  int min = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &min, NULL, NULL, NULL);
  return min;
}

/* Stacked, the free beds take what they need and the name the rest. */
static int
stacked_free_width (EaFacilityRow *self,
                    int            width)
{
  return MIN (width_of (self->free_box, TRUE), width / 2);
}

static void
ea_facility_row_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  EaFacilityRow *self = EA_FACILITY_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int top = width_of (self->name_box, FALSE) + SPACING + width_of (self->free_box, FALSE);

      *minimum = MAX (top, width_of (self->bar_box, FALSE));
      *natural = MAX (width_of (self->name_box, TRUE), NAME_WIDTH) + BAR_WIDTH + FREE_WIDTH +
                 2 * SPACING;
    }
  else if (is_wide (for_size))
    {
      int name = for_size < 0 ? -1 : for_size - BAR_WIDTH - FREE_WIDTH - 2 * SPACING;

      *minimum = MAX (height_of (self->name_box, name),
                      MAX (height_of (self->bar_box, BAR_WIDTH),
                           height_of (self->free_box, FREE_WIDTH)));
      *natural = *minimum;
    }
  else
    {
      int free = stacked_free_width (self, for_size);

      *minimum = MAX (height_of (self->name_box, for_size - free - SPACING),
                      height_of (self->free_box, free)) +
                 SPACING / 2 + height_of (self->bar_box, for_size);
      *natural = *minimum;
    }
  *minimum_baseline = *natural_baseline = -1;
}

static GtkSizeRequestMode
ea_facility_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
place (GtkWidget *child,
       int        x,
       int        y,
       int        width,
       int        height)
{
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, width, height }, -1);
}

static void
ea_facility_row_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  EaFacilityRow *self = EA_FACILITY_ROW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  if (is_wide (width))
    {
      int name = width - BAR_WIDTH - FREE_WIDTH - 2 * SPACING;
      int bar_x = name + SPACING;
      int free_x = bar_x + BAR_WIDTH + SPACING;

      place (self->name_box, rtl ? width - name : 0, 0, name, height);
      place (self->bar_box, rtl ? width - bar_x - BAR_WIDTH : bar_x, 0, BAR_WIDTH, height);
      place (self->free_box, rtl ? 0 : free_x, 0, FREE_WIDTH, height);
    }
  else
    {
      int free = stacked_free_width (self, width);
      int name = width - free - SPACING;
      int bar = height_of (self->bar_box, width);
      int top = height - bar - SPACING / 2;

      place (self->name_box, rtl ? free + SPACING : 0, 0, name, top);
      place (self->free_box, rtl ? 0 : name + SPACING, 0, free, top);
      place (self->bar_box, 0, height - bar, width, bar);
    }
}

static void
ea_facility_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EA_TYPE_FACILITY_ROW);

  G_OBJECT_CLASS (ea_facility_row_parent_class)->dispose (object);
}

static void
ea_facility_row_class_init (EaFacilityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_facility_row_dispose;
  widget_class->get_request_mode = ea_facility_row_get_request_mode;
  widget_class->measure = ea_facility_row_measure;
  widget_class->size_allocate = ea_facility_row_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ea-facility-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EaFacilityRow, name_box);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityRow, bar_box);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityRow, free_box);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityRow, level_bar);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityRow, counts_label);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityRow, free_label);
  gtk_widget_class_bind_template_child (widget_class, EaFacilityRow, split_label);
}

static void
ea_facility_row_init (EaFacilityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Nearly full is a warning, full is an alarm; the default offsets of
   * GtkLevelBar mean the opposite (low, high, full). */
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 0.95);
  gtk_level_bar_add_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW, 1.0);
}

EaFacilityRow *
ea_facility_row_new (void)
{
  return g_object_new (EA_TYPE_FACILITY_ROW, NULL);
}

void
ea_facility_row_set_occupancy (EaFacilityRow *self,
                               EaOccupancy   *occupancy)
{
  guint capacity, occupied, free;
  g_autofree char *detail = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *free_text = NULL;
  g_autofree char *split = NULL;
  g_autoptr(GString) extra = g_string_new (NULL);

  g_return_if_fail (EA_IS_FACILITY_ROW (self));
  g_return_if_fail (EA_IS_OCCUPANCY (occupancy));

  capacity = ea_occupancy_get_capacity (occupancy);
  occupied = ea_occupancy_get_occupied (occupancy);
  free = ea_occupancy_get_free (occupancy);

  gtk_label_set_label (self->name_label, ea_occupancy_get_name (occupancy));
  detail = g_strdup_printf ("%s · %s", ea_occupancy_get_place (occupancy),
                            ea_occupancy_get_kind_label (occupancy));
  gtk_label_set_label (self->detail_label, detail);

  gtk_level_bar_set_value (self->level_bar, capacity > 0 ? (double) occupied / capacity : 0);

  /* Translators: occupied beds of all beds. */
  g_string_printf (extra, _("%u of %u occupied"), occupied, capacity);
  if (ea_occupancy_get_reserved (occupancy) > 0)
    /* Translators: appended to "97 of 120 occupied". */
    g_string_append_printf (extra, _(" · %u reserved"), ea_occupancy_get_reserved (occupancy));
  if (ea_occupancy_get_blocked (occupancy) > 0)
    g_string_append_printf (extra, _(" · %u blocked"), ea_occupancy_get_blocked (occupancy));
  counts = g_string_free (g_steal_pointer (&extra), FALSE);
  gtk_label_set_label (self->counts_label, counts);

  free_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u free", "%u free", free), free);
  gtk_label_set_label (self->free_label, free_text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->free_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->free_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->free_label), free > 0 ? "success" : "dim-label");

  /* Translators: free beds in men's, women's, family and mixed rooms. */
  split = g_strdup_printf (_("M %u · W %u · Fam %u · mixed %u"),
                           ea_occupancy_get_free_men (occupancy),
                           ea_occupancy_get_free_women (occupancy),
                           ea_occupancy_get_free_family (occupancy),
                           ea_occupancy_get_free_any (occupancy));
  gtk_label_set_label (self->split_label, split);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ea_occupancy_get_name (occupancy), -1);
}
