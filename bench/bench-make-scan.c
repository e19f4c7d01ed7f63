/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Writes a scanned document as the offices receive them: PAGES pages of
 * A4, each an image of 2480 × 3508 pixels (300 dpi) with lines of text
 * and the speckle of a scanner, and no text layer.
 *
 * Usage: bench-make-scan FILE.pdf [PAGES]
 */
#include <cairo-pdf.h>
#include <glib.h>
#include <stdlib.h>

int
main (int    argc,
      char **argv)
{
  int pages = argc > 2 ? atoi (argv[2]) : 50;
  cairo_surface_t *pdf;
  cairo_t *cr;
  GRand *rand;

  if (argc < 2 || pages < 1)
    {
      g_printerr ("usage: bench-make-scan FILE.pdf [PAGES]\n");
      return 2;
    }
  pdf = cairo_pdf_surface_create (argv[1], 595.28, 841.89);
  cr = cairo_create (pdf);
  rand = g_rand_new_with_seed (7);
  for (int p = 0; p < pages; p++)
    {
      cairo_surface_t *scan = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 2480, 3508);
      cairo_t *ink = cairo_create (scan);

      cairo_set_source_rgb (ink, 0.97, 0.97, 0.95);
      cairo_paint (ink);
      cairo_set_source_rgb (ink, 0.1, 0.1, 0.1);
      cairo_select_font_face (ink, "Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (ink, 42);
      for (int line = 0; line < 60; line++)
        {
          g_autofree char *text = g_strdup_printf ("Seite %d, Zeile %d: Hiermit wird bescheinigt, "
                                                   "dass die Person die Prüfung bestanden hat.",
                                                   p + 1, line + 1);

          cairo_move_to (ink, 240, 300 + line * 52);
          cairo_show_text (ink, text);
        }
      for (int dot = 0; dot < 4000; dot++)
        cairo_rectangle (ink, g_rand_int_range (rand, 0, 2480), g_rand_int_range (rand, 0, 3508),
                         2, 2);
      cairo_fill (ink);
      cairo_destroy (ink);

      cairo_save (cr);
      cairo_scale (cr, 595.28 / 2480, 841.89 / 3508);
      cairo_set_source_surface (cr, scan, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      cairo_surface_destroy (scan);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (pdf);
  g_rand_free (rand);
  return 0;
}
