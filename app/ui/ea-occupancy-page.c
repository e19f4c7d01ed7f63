/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-occupancy-page"

#include "config.h"

#include "ea-occupancy-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ea-facility-row.h"

/* Belegung: the district's totals and every facility with its beds. The
 * facilities are a GtkListView, so a district of a thousand facilities
 * builds only the rows on screen. */
struct _EaOccupancyPage
{
  GtkWidget           parent_instance;

  EaSession          *session;
  GListStore         *model;
  EaOccupancyTotals   totals;

  GtkWidget          *box;
  AdwWindowTitle     *title;
  GtkLabel           *capacity_label;
  GtkLabel           *occupied_label;
  GtkLabel           *reserved_label;
  GtkLabel           *blocked_label;
  GtkLabel           *free_label;
  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkListView        *list_view;
  AdwStatusPage      *error_page;
};

G_DEFINE_FINAL_TYPE (EaOccupancyPage, ea_occupancy_page, GTK_TYPE_WIDGET)

static void
set_count (GtkLabel *label,
           guint     n)
{
  g_autofree char *text = ea_format_count (n);

  gtk_label_set_label (label, text);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, GTK_WIDGET (ea_facility_row_new ()));
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  ea_facility_row_set_occupancy (EA_FACILITY_ROW (gtk_list_item_get_child (item)),
                                 gtk_list_item_get_item (item));
}

/**
 * ea_occupancy_page_refresh:
 *
 * Reads today's occupancy again.
 */
void
ea_occupancy_page_refresh (EaOccupancyPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autofree char *today = ea_date_today ();
  g_autofree char *day = ea_date_format (today);
  g_autofree char *subtitle = NULL;
  g_autofree char *count = NULL;
  guint n;

  g_return_if_fail (EA_IS_OCCUPANCY_PAGE (self));

  list = ea_occupancy_list (self->session, today, &error);
  if (list == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  n = g_list_model_get_n_items (list);
  {
    g_autofree gpointer *items = g_new (gpointer, n);

    for (guint i = 0; i < n; i++)
      items[i] = g_list_model_get_item (list, i);
    g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                         items, n);
    for (guint i = 0; i < n; i++)
      g_object_unref (items[i]);
  }

  ea_occupancy_sum (list, &self->totals);
  set_count (self->capacity_label, self->totals.capacity);
  set_count (self->occupied_label, self->totals.occupied);
  set_count (self->reserved_label, self->totals.reserved);
  set_count (self->blocked_label, self->totals.blocked);
  set_count (self->free_label, self->totals.free);

  /* Translators: the day the numbers are for. */
  subtitle = g_strdup_printf (_("Today, %s"), day);
  adw_window_title_set_subtitle (self->title, subtitle);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u facility", "%u facilities", n), n);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ea_occupancy_page_refresh (EA_OCCUPANCY_PAGE (widget));
}

static void
ea_occupancy_page_dispose (GObject *object)
{
  EaOccupancyPage *self = (EaOccupancyPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EA_TYPE_OCCUPANCY_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ea_occupancy_page_parent_class)->dispose (object);
}

static void
ea_occupancy_page_class_init (EaOccupancyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_occupancy_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ea-occupancy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, box);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, title);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, capacity_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, occupied_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, reserved_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, blocked_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, free_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, EaOccupancyPage, error_page);

  gtk_widget_class_install_action (widget_class, "occupancy.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "occupancy.refresh", NULL);
}

static void
ea_occupancy_page_init (EaOccupancyPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = g_list_store_new (EA_TYPE_OCCUPANCY);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (
    G_LIST_MODEL (self->model))));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, selection);
}

EaOccupancyPage *
ea_occupancy_page_new (EaSession *session)
{
  EaOccupancyPage *self;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_OCCUPANCY_PAGE, NULL);
  self->session = g_object_ref (session);
  ea_occupancy_page_refresh (self);
  return self;
}

GListModel *
ea_occupancy_page_get_model (EaOccupancyPage *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY_PAGE (self), NULL);

  return G_LIST_MODEL (self->model);
}

guint
ea_occupancy_page_get_free (EaOccupancyPage *self)
{
  g_return_val_if_fail (EA_IS_OCCUPANCY_PAGE (self), 0);

  return self->totals.free;
}
