/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-document-viewer"

#include "config.h"

#include "ea-document-viewer-private.h"

#include <glib/gi18n.h>
#include <poppler.h>

/* A document on screen: the page, with page navigation and zoom, and the
 * pages as thumbnails beside it, drawn by poppler in a worker thread so a
 * long scan opens at once. Images (JPEG, PNG, TIFF) are one page. */

#define BASE_SCALE 1.5     /* pixels per PDF point at 100 % */
#define THUMB_WIDTH 120.0

static const double zoom_levels[] = { 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0 };

struct _EaDocumentViewer
{
  AdwWindow        parent_instance;

  EaSession       *session;
  EaDocument      *document;
  char            *path;
  PopplerDocument *pdf;
  GdkTexture      *image;
  int              page;
  int              n_pages;
  guint            zoom;        /* index into zoom_levels */
  GCancellable    *cancellable;

  AdwWindowTitle  *title;
  GtkWidget       *picture;
  GtkLabel        *page_label;
  GtkWidget       *previous_button;
  GtkWidget       *next_button;
  GtkLabel        *zoom_label;
  GtkListBox      *thumbnails;
  guint            n_thumbnails;
};

G_DEFINE_FINAL_TYPE (EaDocumentViewer, ea_document_viewer, ADW_TYPE_WINDOW)

/* poppler-glib 22.12 defines no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

/* Whether the page is a scan: an image covering most of it. */
static gboolean
is_scan (PopplerPage *page,
         double       width,
         double       height)
{
  GList *mapping = poppler_page_get_image_mapping (page);
  double covered = 0;

  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerImageMapping *image = l->data;

      covered += (image->area.x2 - image->area.x1) * (image->area.y2 - image->area.y1);
    }
  poppler_page_free_image_mapping (mapping);
  return covered > 0.5 * width * height;
}

/* Halves @surface until one more halving would go below @width, then
 * scales it to @width × @height: bilinear steps of two keep the text of
 * a scan smooth and cost a few milliseconds. Takes @surface. */
static cairo_surface_t *
shrink (cairo_surface_t *surface,
        int              width,
        int              height)
{
  for (;;)
    {
      int w = cairo_image_surface_get_width (surface);
      int h = cairo_image_surface_get_height (surface);
      int next_w = w / 2 >= width ? w / 2 : width;
      int next_h = w / 2 >= width ? h / 2 : height;
      cairo_surface_t *smaller;
      cairo_t *cr;

      if (w <= width)
        return surface;
      smaller = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, next_w, next_h);
      cr = cairo_create (smaller);
      cairo_scale (cr, (double) next_w / w, (double) next_h / h);
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      surface = smaller;
    }
}

/* A PDF page at @scale pixels per point, on white. A scan is drawn at
 * 300 dpi, where poppler copies its pixels without resampling them (the
 * slow part of drawing a scan smaller), and then shrunk. */
static GdkTexture *
render_page (PopplerDocument *pdf,
             int              index,
             double           scale)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, index);
  cairo_surface_t *surface;
  GdkTexture *texture;
  double width, height, draw_scale;
  int target_w, target_h;
  cairo_t *cr;

  if (page == NULL)
    return NULL;
  poppler_page_get_size (page, &width, &height);
  target_w = MAX (1, (int) (width * scale));
  target_h = MAX (1, (int) (height * scale));
  draw_scale = scale < 300.0 / 72 && is_scan (page, width, height) ? 300.0 / 72 : scale;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (1, (int) (width * draw_scale)),
                                        MAX (1, (int) (height * draw_scale)));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, draw_scale, draw_scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  surface = shrink (surface, target_w, target_h);
  texture = texture_from_surface (surface);
  cairo_surface_destroy (surface);
  return texture;
}

static void
show_page (EaDocumentViewer *self)
{
  double zoom = zoom_levels[self->zoom];
  g_autofree char *label = g_strdup_printf (_("Page %d of %d"), self->page + 1, self->n_pages);
  g_autofree char *percent = g_strdup_printf ("%.0f %%", zoom * 100);

  if (self->pdf != NULL)
    {
      g_autoptr(GdkTexture) texture = render_page (self->pdf, self->page,
                                                   BASE_SCALE * zoom *
                                                   gtk_widget_get_scale_factor (GTK_WIDGET (self)));

      gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
      if (texture != NULL)
        gtk_widget_set_size_request (self->picture,
                                     gdk_texture_get_width (texture) /
                                     gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                     gdk_texture_get_height (texture) /
                                     gtk_widget_get_scale_factor (GTK_WIDGET (self)));
    }
  else if (self->image != NULL)
    {
      /* 100 % shows the scan 900 pixels wide, as a PDF page. */
      double scale = 900.0 / MAX (1, gdk_texture_get_width (self->image)) * zoom;

      gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (self->image));
      gtk_widget_set_size_request (self->picture,
                                   (int) (gdk_texture_get_width (self->image) * scale),
                                   (int) (gdk_texture_get_height (self->image) * scale));
    }
  gtk_label_set_text (self->page_label, label);
  gtk_label_set_text (self->zoom_label, percent);
  gtk_widget_set_sensitive (self->previous_button, self->page > 0);
  gtk_widget_set_sensitive (self->next_button, self->page + 1 < self->n_pages);
  if (self->page < (int) self->n_thumbnails)
    gtk_list_box_select_row (self->thumbnails,
                             gtk_list_box_get_row_at_index (self->thumbnails, self->page));
}

void
_ea_document_viewer_go_to (EaDocumentViewer *self,
                           int               page)
{
  page = CLAMP (page, 0, self->n_pages - 1);
  if (page == self->page && gtk_picture_get_paintable (GTK_PICTURE (self->picture)) != NULL)
    return;
  self->page = page;
  show_page (self);
}

void
_ea_document_viewer_zoom (EaDocumentViewer *self,
                          int               direction)
{
  if (direction == 0)
    self->zoom = 2;
  else if (direction < 0 && self->zoom > 0)
    self->zoom--;
  else if (direction > 0 && self->zoom + 1 < G_N_ELEMENTS (zoom_levels))
    self->zoom++;
  show_page (self);
}

static void
previous_cb (EaDocumentViewer *self)
{
  _ea_document_viewer_go_to (self, self->page - 1);
}

static void
next_cb (EaDocumentViewer *self)
{
  _ea_document_viewer_go_to (self, self->page + 1);
}

static void
zoom_in_cb (EaDocumentViewer *self)
{
  _ea_document_viewer_zoom (self, 1);
}

static void
zoom_out_cb (EaDocumentViewer *self)
{
  _ea_document_viewer_zoom (self, -1);
}

static void
thumbnail_selected_cb (GtkListBox       *box,
                       GtkListBoxRow    *row,
                       EaDocumentViewer *self)
{
  if (row != NULL)
    _ea_document_viewer_go_to (self, gtk_list_box_row_get_index (row));
}

static void
open_outside_cb (EaDocumentViewer *self)
{
  g_autofree char *uri = g_filename_to_uri (self->path, NULL, NULL);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* Thumbnails */

static void
thumbnails_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) pdf = G_OBJECT (poppler_document_new_from_file (uri, NULL, &error));
  g_autoptr(GPtrArray) textures = g_ptr_array_new_with_free_func (g_object_unref);
  int n;

  /* Its own copy of the document: poppler documents are not shared
   * between threads. */
  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  n = poppler_document_get_n_pages (POPPLER_DOCUMENT (pdf));
  for (int i = 0; i < n && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (POPPLER_DOCUMENT (pdf), i);
      double width, height;

      poppler_page_get_size (page, &width, &height);
      g_ptr_array_add (textures, render_page (POPPLER_DOCUMENT (pdf), i,
                                              THUMB_WIDTH / MAX (width, 1)));
    }
  g_task_return_pointer (task, g_steal_pointer (&textures), (GDestroyNotify) g_ptr_array_unref);
}

static void
add_thumbnail (EaDocumentViewer *self,
               GdkTexture       *texture,
               int               index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  g_autofree char *number = g_strdup_printf ("%d", index + 1);
  GtkWidget *label = gtk_label_new (number);

  /* At its own size: THUMB_WIDTH wide, as tall as the page is. */
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picture, "thumbnail");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_append (self->thumbnails, box);
  self->n_thumbnails++;
}

static void
thumbnails_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  EaDocumentViewer *self = EA_DOCUMENT_VIEWER (source);
  g_autoptr(GPtrArray) textures = g_task_propagate_pointer (G_TASK (result), NULL);

  if (textures == NULL)
    return;
  for (guint i = 0; i < textures->len; i++)
    add_thumbnail (self, g_ptr_array_index (textures, i), i);
  if (self->page < (int) self->n_thumbnails)
    gtk_list_box_select_row (self->thumbnails,
                             gtk_list_box_get_row_at_index (self->thumbnails, self->page));
}

/* Building */

static GtkWidget *
icon_button (const char       *icon,
             const char       *tooltip,
             GCallback         callback,
             EaDocumentViewer *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                EaDocumentViewer      *self)
{
  gboolean ctrl = (state & GDK_CONTROL_MASK) != 0;

  switch (keyval)
    {
    case GDK_KEY_Page_Down:
    case GDK_KEY_Right:
      next_cb (self);
      return TRUE;
    case GDK_KEY_Page_Up:
    case GDK_KEY_Left:
      previous_cb (self);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_KP_Add:
    case GDK_KEY_equal:
      if (!ctrl)
        return FALSE;
      zoom_in_cb (self);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      if (!ctrl)
        return FALSE;
      zoom_out_cb (self);
      return TRUE;
    case GDK_KEY_0:
      if (!ctrl)
        return FALSE;
      _ea_document_viewer_zoom (self, 0);
      return TRUE;
    case GDK_KEY_Escape:
      gtk_window_close (GTK_WINDOW (self));
      return TRUE;
    default:
      return FALSE;
    }
}

static void
build (EaDocumentViewer *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *pages = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *zoom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *side = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_scrolled_window_new ();
  GtkWidget *outside;
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  gtk_widget_add_css_class (pages, "linked");
  self->previous_button = icon_button ("go-previous-symbolic", _("Previous Page"),
                                       G_CALLBACK (previous_cb), self);
  self->next_button = icon_button ("go-next-symbolic", _("Next Page"), G_CALLBACK (next_cb),
                                   self);
  self->page_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->page_label), "numeric");
  gtk_widget_set_margin_start (GTK_WIDGET (self->page_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->page_label), 12);
  gtk_box_append (GTK_BOX (pages), self->previous_button);
  gtk_box_append (GTK_BOX (pages), self->next_button);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), pages);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->page_label));

  gtk_widget_add_css_class (zoom, "linked");
  self->zoom_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->zoom_label), "numeric");
  gtk_widget_set_margin_start (GTK_WIDGET (self->zoom_label), 8);
  gtk_widget_set_margin_end (GTK_WIDGET (self->zoom_label), 8);
  gtk_box_append (GTK_BOX (zoom), icon_button ("zoom-out-symbolic", _("Zoom Out"),
                                               G_CALLBACK (zoom_out_cb), self));
  gtk_box_append (GTK_BOX (zoom), GTK_WIDGET (self->zoom_label));
  gtk_box_append (GTK_BOX (zoom), icon_button ("zoom-in-symbolic", _("Zoom In"),
                                               G_CALLBACK (zoom_in_cb), self));
  outside = icon_button ("document-open-symbolic", _("Open with Another Program"),
                         G_CALLBACK (open_outside_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), outside);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), zoom);

  self->thumbnails = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->thumbnails), "navigation-sidebar");
  g_signal_connect (self->thumbnails, "row-selected", G_CALLBACK (thumbnail_selected_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->thumbnails),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pages"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (side), GTK_WIDGET (self->thumbnails));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (side), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (side, (int) THUMB_WIDTH + 40, -1);

  self->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), FALSE);
  gtk_widget_set_halign (self->picture, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->picture, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->picture, 18);
  gtk_widget_set_margin_bottom (self->picture, 18);
  gtk_widget_add_css_class (self->picture, "document-page");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (view), self->picture);
  gtk_widget_set_hexpand (view, TRUE);
  gtk_widget_add_css_class (view, "document-view");

  gtk_paned_set_start_child (GTK_PANED (paned), side);
  gtk_paned_set_end_child (GTK_PANED (paned), view);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_vexpand (paned, TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), paned);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 800);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

static void
ea_document_viewer_dispose (GObject *object)
{
  EaDocumentViewer *self = EA_DOCUMENT_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (ea_document_viewer_parent_class)->dispose (object);
}

static void
ea_document_viewer_finalize (GObject *object)
{
  EaDocumentViewer *self = EA_DOCUMENT_VIEWER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->pdf);
  g_clear_object (&self->image);
  g_clear_pointer (&self->document, ea_document_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ea_document_viewer_parent_class)->finalize (object);
}

static void
ea_document_viewer_class_init (EaDocumentViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ea_document_viewer_dispose;
  object_class->finalize = ea_document_viewer_finalize;
}

static void
ea_document_viewer_init (EaDocumentViewer *self)
{
  self->zoom = 2;
  self->cancellable = g_cancellable_new ();
  build (self);
}

/**
 * ea_document_viewer_open:
 * @parent: the window it belongs to
 * @session: a session that may see the document
 * @document_id: the document
 * @error: a #GError
 *
 * Shows the document's first page at once; the thumbnails follow from a
 * worker thread. The opening is logged.
 *
 * Returns: (transfer none): the viewer, presented, or %NULL on a refusal
 */
EaDocumentViewer *
ea_document_viewer_open (GtkWindow  *parent,
                         EaSession  *session,
                         gint64      document_id,
                         GError    **error)
{
  g_autoptr(EaDocument) document = ea_document_get (session, document_id, error);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  EaDocumentViewer *self;

  if (document == NULL)
    return NULL;
  path = ea_document_open_file (session, document_id, error);
  if (path == NULL)
    return NULL;

  self = g_object_new (EA_TYPE_DOCUMENT_VIEWER, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->path = g_steal_pointer (&path);
  uri = g_filename_to_uri (self->path, NULL, NULL);
  if (g_str_equal (document->mime_type, "application/pdf"))
    {
      self->pdf = poppler_document_new_from_file (uri, NULL, error);
      if (self->pdf == NULL)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return NULL;
        }
      self->n_pages = poppler_document_get_n_pages (self->pdf);
    }
  else
    {
      self->image = gdk_texture_new_from_filename (self->path, error);
      if (self->image == NULL)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return NULL;
        }
      self->n_pages = 1;
    }
  adw_window_title_set_title (self->title, document->title);
  adw_window_title_set_subtitle (self->title, document->category_label);
  gtk_window_set_title (GTK_WINDOW (self), document->title);
  self->document = g_steal_pointer (&document);
  show_page (self);
  gtk_window_present (GTK_WINDOW (self));

  if (self->pdf != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, thumbnails_done_cb, NULL);

      g_task_set_task_data (task, g_strdup (self->path), g_free);
      g_task_run_in_thread (task, thumbnails_thread);
    }
  else
    add_thumbnail (self, self->image, 0);
  return self;
}

int
_ea_document_viewer_get_page (EaDocumentViewer *self)
{
  return self->page;
}

int
_ea_document_viewer_get_n_pages (EaDocumentViewer *self)
{
  return self->n_pages;
}

double
_ea_document_viewer_get_zoom (EaDocumentViewer *self)
{
  return zoom_levels[self->zoom];
}

guint
_ea_document_viewer_get_n_thumbnails (EaDocumentViewer *self)
{
  return self->n_thumbnails;
}

GtkWidget *
_ea_document_viewer_get_picture (EaDocumentViewer *self)
{
  return self->picture;
}
