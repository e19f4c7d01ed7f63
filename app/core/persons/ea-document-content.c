/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-document-content"

/* What is in a document's file, read before it is stored and after: its
 * type by its first bytes, whether it decodes (every page of a PDF, every
 * pixel of an image), and its text, from the PDF's text layer or from
 * tesseract for scans. Nothing here touches the database; the document
 * records are in ea-documents.c. */
#include "config.h"

#include "ea-documents-private.h"
#include "ea-documents.h"

#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ea-error.h"
#include "ea-store-private.h"

/* poppler-glib 22.12 defines no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define OCR_DPI 300.0
#define OCR_MAX_PIXELS 6000
/* A PDF page with less text than this is taken for a scan. */
#define MIN_PAGE_TEXT 16

/* What the file is, by its first bytes rather than its name. */
static const char *
sniff_type (const guchar *head,
            gsize         len)
{
  if (len >= 5 && memcmp (head, "%PDF-", 5) == 0)
    return "application/pdf";
  if (len >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
    return "image/jpeg";
  if (len >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (len >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return "image/tiff";
  return NULL;
}

/* Reads the file once: its SHA-256, size and type. */
static gboolean
examine_file (const char   *path,
              char        **sha256,
              gint64       *size,
              const char  **mime_type,
              GError      **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = g_malloc (64 * 1024);
  g_autofree char *name = g_filename_display_basename (path);
  FILE *file = NULL;
  gsize n;
  gint64 total = 0;

  if (!_ea_store_check_regular_file (path, error))
    return FALSE;
  file = fopen (path, "rb");
  if (file == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("Cannot read “%s”: %s."), name,
                   g_strerror (errno));
      return FALSE;
    }
  while ((n = fread (buffer, 1, 64 * 1024, file)) > 0)
    {
      if (total == 0)
        *mime_type = sniff_type (buffer, n);
      total += n;
      if (total > EA_DOCUMENT_MAX_BYTES)
        break;
      g_checksum_update (checksum, buffer, n);
    }
  fclose (file);
  if (total > EA_DOCUMENT_MAX_BYTES)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is larger than 200 MB; scan it with a lower resolution."), name);
      return FALSE;
    }
  if (total == 0 || *mime_type == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is not a PDF, JPEG, PNG or TIFF file."), name);
      return FALSE;
    }
  *sha256 = g_strdup (g_checksum_get_string (checksum));
  *size = total;
  return TRUE;
}

static PopplerDocument *
open_pdf (const char  *path,
          GError     **error)
{
  /* A URI needs an absolute path; a relative one is taken from here. */
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
  g_autofree char *name = g_filename_display_basename (path);
  g_autoptr(GError) local = NULL;
  PopplerDocument *pdf = uri != NULL ? poppler_document_new_from_file (uri, NULL, &local) : NULL;

  if (pdf == NULL)
    g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                 g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED)
                 ? _("“%s” is protected by a password; save it without one first.")
                 : _("“%s” is not a readable PDF file."), name);
  return pdf;
}

/* The largest scan that is decoded: 50 megapixels (an A4 page at 600 dpi
 * has 35), so that a small file cannot ask for gigabytes. */
#define MAX_PIXELS ((gint64) 50 * 1000 * 1000)

/* Whether the image's file is whole: a PNG ends with its IEND chunk, a
 * JPEG with its end marker (a few bytes may follow it). The decoders
 * forgive a file cut short and draw what they got. */
static gboolean
image_is_whole (const char *path,
                const char *mime_type)
{
  static const guchar iend[] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
  guchar tail[4096];
  gssize n = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  off_t size;

  if (fd < 0)
    return FALSE;
  size = lseek (fd, 0, SEEK_END);
  if (size > 0 && lseek (fd, MAX (0, size - (off_t) sizeof tail), SEEK_SET) >= 0)
    n = read (fd, tail, sizeof tail);
  close (fd);
  if (n <= 0)
    return FALSE;
  if (g_str_equal (mime_type, "image/png"))
    return n >= (gssize) sizeof iend && memcmp (tail + n - sizeof iend, iend, sizeof iend) == 0;
  if (g_str_equal (mime_type, "image/jpeg"))
    {
      for (gssize i = n - 2; i >= 0; i--)
        if (tail[i] == 0xff && tail[i + 1] == 0xd9)
          return TRUE;
      return FALSE;
    }
  return TRUE;
}

/* Decodes the image to know that it is one: its size from the header,
 * then every pixel, at a small scale. */
static gboolean
check_image (const char  *path,
             const char  *mime_type,
             GError     **error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autoptr(GError) local = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GdkPixbufFormat *format;
  g_auto(GStrv) types = NULL;
  int width = 0, height = 0;

  format = gdk_pixbuf_get_file_info (path, &width, &height);
  if (format != NULL)
    types = gdk_pixbuf_format_get_mime_types (format);
  if (format == NULL || width <= 0 || height <= 0 || types == NULL ||
      !g_strv_contains ((const char * const *) types, mime_type))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("“%s” is damaged: it begins like an image but cannot be read as "
                           "one."), name);
  if ((gint64) width * height > MAX_PIXELS)
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("“%s” has %d × %d pixels; scan it with a lower resolution (at most "
                           "50 megapixels)."), name, width, height);
  if (!image_is_whole (path, mime_type))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("“%s” is cut short: it ends before its image does. Copy or scan it "
                           "again."), name);
  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, MIN (width, 256), MIN (height, 256), TRUE,
                                              &local);
  if (pixbuf == NULL)
    return ea_error_set (error, EA_ERROR_INVALID, _("“%s” is damaged: %s"), name,
                         local != NULL ? local->message : "");
  return TRUE;
}

/* Opens the PDF and each of its pages; a page tree that loops or points
 * nowhere is refused here, not met later by the viewer or the search. */
static gboolean
check_pdf (const char  *path,
           gint64      *pages,
           GError     **error)
{
  g_autoptr(PopplerDocument) pdf = open_pdf (path, error);
  g_autofree char *name = g_filename_display_basename (path);
  int n;

  if (pdf == NULL)
    return FALSE;
  n = poppler_document_get_n_pages (pdf);
  if (n <= 0)
    return ea_error_set (error, EA_ERROR_INVALID, _("“%s” is a PDF without pages."), name);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, i);

      if (page == NULL)
        return ea_error_set (error, EA_ERROR_INVALID,
                             _("“%s” is damaged: its page %d cannot be read."), name, i + 1);
    }
  *pages = n;
  return TRUE;
}

/**
 * _ea_documents_check_file:
 * @path: a file someone wants to keep as a document
 * @mime_type: (out): what it is, by its content
 * @pages: (out): its number of pages (1 for an image)
 * @error: a #GError
 *
 * Reads the file as what its first bytes say: every page of a PDF, every
 * pixel of a JPEG, PNG or TIFF. What does not decode is refused with the
 * reason, before anything is stored.
 *
 * Returns: whether the file is a document the program can show
 */
gboolean
_ea_documents_check_file (const char  *path,
                          const char **mime_type,
                          gint64      *pages,
                          GError     **error)
{
  g_autofree char *sha = NULL;
  gint64 size = 0;

  return _ea_documents_examine_file (path, &sha, &size, mime_type, pages, error);
}

/**
 * _ea_documents_examine_file:
 * @path: a file someone wants to keep as a document
 * @sha256: (out) (transfer full): its SHA-256, by which it is stored
 * @size: (out): its size in bytes
 * @mime_type: (out): what it is, by its content
 * @pages: (out): its number of pages (1 for an image)
 * @error: a #GError
 *
 * _ea_documents_check_file() that also tells what the store needs.
 *
 * Returns: whether the file is a document the program can show
 */
gboolean
_ea_documents_examine_file (const char   *path,
                            char        **sha256,
                            gint64       *size,
                            const char  **mime_type,
                            gint64       *pages,
                            GError      **error)
{
  *pages = 1;
  if (!examine_file (path, sha256, size, mime_type, error))
    return FALSE;
  if (g_str_equal (*mime_type, "application/pdf"))
    return check_pdf (path, pages, error);
  return check_image (path, *mime_type, error);
}

/**
 * ea_document_ocr_file:
 * @path: an image: PNG, JPEG or TIFF
 * @error: a #GError
 *
 * Runs tesseract on the image, with German and English.
 *
 * Returns: (transfer full): the recognised text, or %NULL on failure
 */
char *
ea_document_ocr_file (const char  *path,
                      GError     **error)
{
  const char *argv[] = { "tesseract", path, "stdout", "-l", "deu+eng", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) local = NULL;
  int status;

  g_autofree char *program = g_find_program_in_path ("tesseract");

  if (program == NULL)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_FAILED,
                           _("Text recognition is not installed (Debian package "
                             "tesseract-ocr-deu)."));
      return NULL;
    }
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &local) ||
      !g_spawn_check_wait_status (status, &local))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED, _("Text recognition failed: %s"),
                   local->message);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* A page without a text layer, drawn at 300 dpi for OCR. */
static char *
ocr_pdf_page (PopplerPage  *page,
              GError      **error)
{
  g_autofree char *png = NULL;
  double width, height, scale;
  cairo_surface_t *surface;
  cairo_t *cr;
  char *text;
  int fd;

  poppler_page_get_size (page, &width, &height);
  scale = MIN (OCR_DPI / 72.0, OCR_MAX_PIXELS / MAX (width, height));
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (width * scale),
                                        (int) (height * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);

  fd = g_file_open_tmp ("eakte-ocr-XXXXXX.png", &png, error);
  if (fd < 0)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  close (fd);
  if (cairo_surface_write_to_png (surface, png) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_unlink (png);
      g_set_error_literal (error, EA_ERROR, EA_ERROR_FAILED, _("Cannot prepare the page for "
                                                               "text recognition."));
      return NULL;
    }
  cairo_surface_destroy (surface);
  text = ea_document_ocr_file (png, error);
  g_unlink (png);
  return text;
}

/**
 * _ea_documents_count_letters:
 * @text: (nullable): a text
 *
 * Returns: how many letters and digits @text has
 */
gsize
_ea_documents_count_letters (const char *text)
{
  gsize n = 0;

  for (const char *c = text; c != NULL && *c != '\0'; c = g_utf8_next_char (c))
    n += g_unichar_isalnum (g_utf8_get_char (c));
  return n;
}

/**
 * _ea_documents_read_text:
 * @path: a document's file
 * @mime_type: what it is
 * @ocr_failed: (inout): set when the recognition of a scan failed
 * @error: a #GError
 *
 * The document's text: each PDF page's text layer, or its OCR when the
 * page is a scan; an image's OCR.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
_ea_documents_read_text (const char  *path,
                         const char  *mime_type,
                         gboolean    *ocr_failed,
                         GError     **error)
{
  g_autoptr(PopplerDocument) pdf = NULL;
  GString *text;
  int n;

  if (!g_str_equal (mime_type, "application/pdf"))
    {
      char *ocr = ea_document_ocr_file (path, error);

      *ocr_failed = ocr == NULL;
      return ocr;
    }
  pdf = open_pdf (path, error);
  if (pdf == NULL)
    return NULL;
  text = g_string_new (NULL);
  n = poppler_document_get_n_pages (pdf);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, i);
      g_autofree char *layer = NULL;
      g_autofree char *scanned = NULL;

      if (page == NULL)
        continue;
      layer = poppler_page_get_text (page);

      if (_ea_documents_count_letters (layer) < MIN_PAGE_TEXT)
        {
          g_autoptr(GError) local = NULL;

          scanned = ocr_pdf_page (page, &local);
          *ocr_failed |= scanned == NULL;
        }
      g_string_append (text, scanned != NULL ? scanned : layer != NULL ? layer : "");
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}
