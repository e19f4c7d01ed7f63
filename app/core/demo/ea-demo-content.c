/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-demo"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "ea-demo.h"
#include "ea-demo-private.h"
#include "ea-demo-sql-private.h"
#include "ea-documents.h"
#include "ea-error.h"
#include "ea-import.h"
#include "ea-import-private.h"
#include "ea-person-file.h"
#include "ea-session.h"
#include "ea-store-private.h"
#include "ea-text.h"

/* What the demo district's pages show beyond beds and persons: case notes
 * (one of them confidential), qualifications, documents (a letter made as
 * a PDF, scans, passports that expire soon) and an import run that holds
 * a probable duplicate. All but the notes (see add_note()) are written as
 * the office would, through the usual functions with the demo accounts'
 * sessions, so that they are checked, logged and stored like anything
 * typed in. The persons are chosen by their numbers, the dates counted
 * from the demo's day: the same seed and day give the same content. */

/* A person of the demo shown with content, as the file tells. */
typedef struct
{
  gint64  id;
  char   *family_name;
  char   *given_names;
  char   *birth_date;
  char   *gender;
  char   *nationality;        /* code */
  char   *country;            /* its country, or NULL */
  char   *arrived_on;
  char   *facility;
} Subject;

/* Where a qualification was earned: the country of the nationality, as
 * the office writes it; none for the stateless. */
static const struct { const char *code, *country; } countries[] = {
  { "160", "Russland" }, { "163", "Türkei" }, { "166", "Ukraine" }, { "221", "Somalia" },
  { "224", "Eritrea" }, { "232", "Nigeria" }, { "261", "Guinea" }, { "423", "Afghanistan" },
  { "430", "Georgien" }, { "438", "Irak" }, { "439", "Iran" }, { "459", "Palästinensische Gebiete" },
  { "475", "Syrien" },
};

static const char *
country_of (const char *nationality)
{
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_strcmp0 (countries[i].code, nationality) == 0)
      return countries[i].country;
  return NULL;
}

static void
subject_clear (Subject *s)
{
  g_clear_pointer (&s->family_name, g_free);
  g_clear_pointer (&s->given_names, g_free);
  g_clear_pointer (&s->birth_date, g_free);
  g_clear_pointer (&s->gender, g_free);
  g_clear_pointer (&s->nationality, g_free);
  g_clear_pointer (&s->country, g_free);
  g_clear_pointer (&s->arrived_on, g_free);
  g_clear_pointer (&s->facility, g_free);
}

void
_ea_demo_twin_clear (EaDemoTwin *twin)
{
  g_clear_pointer (&twin->family_name, g_free);
  g_clear_pointer (&twin->given_names, g_free);
  g_clear_pointer (&twin->birth_date, g_free);
  g_clear_pointer (&twin->gender, g_free);
  g_clear_pointer (&twin->nationality, g_free);
}

static gboolean
load_subject (EaSession  *session,
              gint64      id,
              Subject    *s,
              GError    **error)
{
  g_autoptr(EaPersonFile) file = ea_person_file_load (session, id, error);

  if (file == NULL)
    return FALSE;
  s->id = id;
  s->family_name = g_strdup (file->fields.family_name);
  s->given_names = g_strdup (file->fields.given_names != NULL ? file->fields.given_names : "");
  s->birth_date = g_strdup (file->fields.birth_date);
  s->gender = g_strdup (file->fields.gender != NULL ? file->fields.gender : "");
  if (file->nationalities->len > 0)
    {
      EaCodedValue *n = g_ptr_array_index (file->nationalities, 0);

      s->nationality = g_strdup (n->code);
      s->country = g_strdup (country_of (n->code));
    }
  s->arrived_on = g_strdup (file->arrived_on);
  if (file->current_bed != NULL)
    s->facility = g_strndup (file->current_bed, strcspn (file->current_bed, ","));
  return TRUE;
}

static char *
day_string (guint32 day)
{
  char out[11];

  _ea_demo_format_julian (day, out);
  return g_strdup (out);
}

static char *
german_day (guint32 day)
{
  g_autofree char *iso = day_string (day);

  return ea_date_format (iso);
}

static const char *
salutation (const Subject *s)
{
  return g_strcmp0 (s->gender, "m") == 0 ? "Herr " : g_strcmp0 (s->gender, "w") == 0 ? "Frau "
                                                                                      : "";
}

/* Files: drawn small with cairo and Pango, into a folder of their own
 * that is removed once they are stored. */

static void
draw_text (cairo_t    *cr,
           const char *font,
           double      x,
           double     *y,
           double      width,
           const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);
  int height;

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, *y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &height);
  *y += (double) height / PANGO_SCALE;
  pango_font_description_free (description);
  g_object_unref (layout);
}

static gboolean
surface_done (cairo_surface_t  *surface,
              cairo_t          *cr,
              GError          **error)
{
  cairo_status_t status;

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED, "%s: %s",
                   _("Cannot write the demo district"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* A PDF dated the demo's day, not the machine's: the same file each time. */
static cairo_surface_t *
new_pdf (const char *path,
         double      width,
         double      height,
         guint32     today,
         const char *title)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, width, height);
  g_autofree char *day = day_string (today);
  g_autofree char *stamp = g_strconcat (day, "T07:00:00Z", NULL);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "E-Akte Flüchtlingsmanagement (Demo)");
  return surface;
}

/* What a scan shows, drawn in its pixels. */
typedef struct
{
  const Subject *subject;
  const char    *title;
  int            year;      /* of a certificate */
  guint32        expires;   /* of a passport */
} Scanned;

typedef void (*DrawFunc) (cairo_t *cr, const Scanned *scanned);

/* A scan as office scanners give it: a PDF whose page is an image, with
 * the text their recognition found beneath it, so that the search finds
 * it and nobody runs OCR again. (Not an image file: whether one is read
 * as an image depends on the machine's MIME database, and the demo must
 * not.) */
static gboolean
write_scan (const char     *path,
            int             width,
            int             height,
            double          page_width,
            double          page_height,
            DrawFunc        draw,
            const Scanned  *scanned,
            guint32         today,
            GError        **error)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_surface_t *pdf = new_pdf (path, page_width, page_height, today, "Scan");
  cairo_t *cr = cairo_create (image);

  draw (cr, scanned);
  cairo_destroy (cr);
  cr = cairo_create (pdf);
  cairo_scale (cr, page_width / width, page_height / height);
  draw (cr, scanned);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_surface_destroy (image);
  return surface_done (pdf, cr, error);
}

/* The letter that tells a person where they live: one A4 page. */
static gboolean
write_letter (const char     *path,
              const Subject  *s,
              guint32         today,
              GError        **error)
{
  cairo_surface_t *surface = new_pdf (path, 595.28, 841.89, today, "Zuweisungsbescheid");
  cairo_t *cr = cairo_create (surface);
  g_autofree char *date = german_day (today);
  g_autofree char *arrived = s->arrived_on != NULL ? ea_date_format (s->arrived_on)
                                                   : g_strdup (date);
  g_autofree char *address = NULL, *line = NULL, *body = NULL;
  double y = 60;

  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, "Sans Bold 11", 60, &y, 475, "Landratsamt Breisgau-Hochschwarzwald");
  draw_text (cr, "Sans 9", 60, &y, 475, "Fachbereich Flüchtlingsunterbringung");
  y += 40;
  address = g_strdup_printf ("%s%s %s\n%s", salutation (s), s->given_names, s->family_name,
                             s->facility != NULL ? s->facility : "");
  draw_text (cr, "Sans 10", 60, &y, 300, address);
  y += 30;
  line = g_strdup_printf ("Aktenzeichen 52.1-%06" G_GINT64_FORMAT "\nDatum %s", s->id, date);
  draw_text (cr, "Sans 9", 380, &y, 155, line);
  y += 30;
  draw_text (cr, "Sans Bold 13", 60, &y, 475, "Zuweisungsbescheid");
  y += 14;
  body = g_strdup_printf (
    "Guten Tag %s%s,\n\n"
    "nach dem Flüchtlingsaufnahmegesetz (FlüAG) sind Sie dem Landkreis "
    "Breisgau-Hochschwarzwald zur vorläufigen Unterbringung zugewiesen. "
    "Vom %s an wohnen Sie in der Unterkunft %s. Bitte melden Sie Änderungen "
    "Ihrer Familie oder Ihres Aufenthalts der Unterkunftsverwaltung.\n\n"
    "Die vorläufige Unterbringung endet mit dem Abschluss Ihres Asylverfahrens, "
    "spätestens nach 24 Monaten. Über die Anschlussunterbringung in einer Gemeinde "
    "erhalten Sie einen eigenen Bescheid.\n\n"
    "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach "
    "seiner Bekanntgabe Widerspruch beim Landratsamt Breisgau-Hochschwarzwald "
    "erhoben werden.\n\n"
    "Mit freundlichen Grüßen\nIm Auftrag\nSozialarbeit (Demo)",
    salutation (s), s->family_name, arrived,
    s->facility != NULL ? s->facility : "des Landkreises");
  draw_text (cr, "Sans 10", 60, &y, 475, body);
  y = 800;
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  draw_text (cr, "Sans 7", 60, &y, 475, "Muster aus dem Demo-Landkreis – kein echter Bescheid.");
  return surface_done (surface, cr, error);
}

/* A school certificate as a scanner would see it: paper a little off
 * white and a little askew, with a stamp. */
static void
draw_certificate (cairo_t        *cr,
                  const Scanned  *scanned)
{
  const Subject *s = scanned->subject;
  int year = scanned->year;
  static const char *grades[][2] = {
    { "Muttersprache", "gut" }, { "Mathematik", "sehr gut" }, { "Physik", "gut" },
    { "Chemie", "befriedigend" }, { "Englisch", "gut" }, { "Geschichte", "gut" },
  };
  g_autofree char *name = g_strdup_printf ("Name: %s %s", s->given_names, s->family_name);
  g_autofree char *when = g_strdup_printf ("Schuljahr %d/%d", year - 1, year);
  double y = 50;

  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_paint (cr);
  cairo_translate (cr, 210, 297);
  cairo_rotate (cr, -0.012);
  cairo_translate (cr, -210, -297);
  cairo_set_source_rgb (cr, 0.97, 0.96, 0.93);
  cairo_rectangle (cr, 12, 10, 396, 574);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.15);
  draw_text (cr, "Serif Bold 15", 40, &y, 340, "Abschlusszeugnis");
  draw_text (cr, "Serif 10", 40, &y, 340, "der allgemeinbildenden Sekundarschule\n"
                                            "(beglaubigte Übersetzung)");
  y += 24;
  draw_text (cr, "Serif 11", 40, &y, 340, name);
  draw_text (cr, "Serif 11", 40, &y, 340, when);
  y += 20;
  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    {
      double row = y;

      draw_text (cr, "Serif 10", 230, &row, 150, grades[i][1]);
      draw_text (cr, "Serif 10", 40, &y, 180, grades[i][0]);
    }
  y += 24;
  draw_text (cr, "Serif 10", 40, &y, 340, "Gesamtergebnis: bestanden (84 von 100 Punkten)");
  cairo_set_source_rgb (cr, 0.2, 0.25, 0.6);
  cairo_set_line_width (cr, 2);
  cairo_new_path (cr);
  cairo_arc (cr, 310, 500, 40, 0, 2 * G_PI);
  cairo_stroke (cr);
  y = 490;
  draw_text (cr, "Serif 8", 282, &y, 60, "Siegel");
}

/* The data page of a passport, scanned. */
static void
draw_passport (cairo_t        *cr,
               const Scanned  *scanned)
{
  const Subject *s = scanned->subject;
  const char *title = scanned->title;
  g_autofree char *until = german_day (scanned->expires);
  g_autofree char *born = ea_partial_date_format (s->birth_date);
  g_autofree char *text = g_strdup_printf ("Name: %s\nVornamen: %s\nGeburtsdatum: %s\n"
                                           "Gültig bis: %s", s->family_name, s->given_names,
                                           born, until);
  double y = 14;

  cairo_set_source_rgb (cr, 0.86, 0.9, 0.93);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.15, 0.3);
  draw_text (cr, "Sans Bold 12", 16, &y, 360, title);
  cairo_set_source_rgb (cr, 0.7, 0.72, 0.75);
  cairo_rectangle (cr, 16, 50, 100, 130);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  y = 56;
  draw_text (cr, "Sans 10", 134, &y, 250, text);
  y = 200;
  cairo_set_source_rgb (cr, 0.6, 0.1, 0.1);
  draw_text (cr, "Sans Bold 10", 16, &y, 360, "MUSTER – Demo-Daten");
}

/* Case notes: what social work writes down, by category; the days are
 * how long before the demo's day. */
static const struct
{
  guint       subject;
  guint       days_ago;
  const char *category;
  gboolean    confidential;
  const char *body;
} notes[] = {
  { 0, 38, "beratung", FALSE,
    "Erstgespräch nach dem Einzug. Hausordnung und Ansprechpersonen erklärt, "
    "Termin für die Anmeldung beim Bürgeramt vereinbart." },
  { 0, 12, "behoerden", FALSE,
    "Ladung zur Anhörung beim BAMF besprochen. Dolmetscher ist angefragt, "
    "Fahrkarte wird gestellt." },
  { 0, 3, "gesundheit", TRUE,
    "Vertraulich: berichtet von Schlafstörungen und Albträumen seit der Flucht. "
    "Mit Einverständnis an die psychosoziale Beratungsstelle vermittelt; "
    "Ersttermin in zwei Wochen. Nicht an die Unterkunftsverwaltung weitergeben." },
  { 1, 25, "schule-kita", FALSE,
    "Anmeldung der Kinder an der Grundschule vor Ort begleitet. Schulbeginn nach "
    "den Ferien, Vorbereitungsklasse ist zugesagt." },
  { 1, 9, "arbeit-ausbildung", FALSE,
    "Unterlagen zur Anerkennung des Schulabschlusses zusammengestellt; "
    "Antrag beim Regierungspräsidium vorbereitet." },
  { 2, 17, "konflikt", FALSE,
    "Streit in der Gemeinschaftsküche wegen Reinigungsplan. Gespräch mit beiden "
    "Seiten geführt, Plan neu aufgeteilt. Lage ruhig." },
  { 3, 6, "arbeit-ausbildung", FALSE,
    "Integrationskurs beginnt am Montag. Kinderbetreuung während des Kurses "
    "ist mit der Kita geklärt." },
  { 4, 2, "sonstiges", FALSE,
    "Fahrrad aus der Spendenwerkstatt erhalten, Schloss und Licht geprüft." },
};

/* Qualifications: kind, title, recognition, and the year as years after
 * birth. */
static const struct
{
  guint       subject;
  const char *kind;
  const char *title;
  int         age;
  const char *recognition;
  gboolean    with_scan;
} qualifications[] = {
  { 1, "schule", "Abschlusszeugnis Sekundarschule", 18, "teilweise", TRUE },
  { 1, "ausbildung", "Elektroinstallateur", 21, "beantragt", FALSE },
  { 0, "studium", "Bachelor Bauingenieurwesen", 24, "beantragt", FALSE },
  { 0, "berufserfahrung", "Bauleitung, vier Jahre", 28, "keine", FALSE },
  { 3, "berufserfahrung", "Krankenpflege im Kreiskrankenhaus", 26, "keine", FALSE },
  { 3, "sprachkurs", "Deutschkurs A1 (Goethe-Zertifikat)", 0, "voll", FALSE },
};

/* Identity documents with the days until they expire: already expired,
 * due within the eight weeks the page looks ahead, and one good for long. */
static const struct
{
  guint       subject;
  const char *category;
  const char *title;
  int         expires_in;
  int         valid_days;
} passports[] = {
  { 2, "ausweis", "Reisepass", -6, 3652 },
  { 5, "ausweis", "Reisepass", 9, 3652 },
  { 6, "aufenthaltsdokument", "Aufenthaltsgestattung", 16, 183 },
  { 7, "ausweis", "Reisepass", 23, 3652 },
  { 0, "ausweis", "Reisepass", 47, 2191 },
  { 1, "ausweis", "Reisepass", 300, 3652 },
};

#define N_SUBJECTS 8

typedef struct
{
  EaStore  *store;
  guint32   today;
} Content;

/* A note as the social worker wrote it on its day. Not through
 * ea_case_note_add(), which refuses a day after the clock's: a demo built
 * around a later day (`demo --today`) must be the same whatever the clock
 * says, so the notes are rows of the district, as its stays are. */
static gboolean
add_note (EaSession   *social,
          gint64       person_id,
          guint32      day,
          const char  *category,
          const char  *body,
          gboolean     confidential,
          GError     **error)
{
  EaStore *store = ea_session_get_store (social);
  gint64 author = ea_session_get_user_id (social);
  g_autofree char *date = day_string (day);
  g_autofree char *written = g_strconcat (date, "T14:00:00Z", NULL);

  return _ea_store_exec_bound (store, _ea_demo_sql.insert_case_note, error, "iisi",
                               person_id, (gint64) confidential, written, author) &&
         _ea_store_exec_bound (store, _ea_demo_sql.insert_case_note_revision, error, "issssi",
                               _ea_store_last_insert_id (store), date, category, body, written,
                               author);
}

/* A document kept, and its text found at once: from the PDF's text
 * layer, quickly, so that nothing is left for the person page's OCR. */
static gint64
add_document (EaSession   *social,
              gint64       person_id,
              const char  *path,
              const char  *category,
              const char  *title,
              const char  *issued_on,
              const char  *expires_on,
              GError     **error)
{
  gint64 id = ea_document_add (social, person_id, path, category, title, issued_on,
                               expires_on, error);

  if (id == 0 || !ea_document_extract_text (social, id, error))
    return 0;
  return id;
}

static gboolean
add_files (EaSession   *social,
           Content     *c,
           Subject     *subjects,
           guint        n,
           GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("eakte-demo-XXXXXX", error);
  gint64 scan = 0;
  gboolean ok = FALSE;

  if (dir == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    if (notes[i].subject < n &&
        !add_note (social, subjects[notes[i].subject].id, c->today - notes[i].days_ago,
                   notes[i].category, notes[i].body, notes[i].confidential, error))
      goto out;

  /* The letter of the first, the certificate of the second. */
  {
    g_autofree char *letter = g_build_filename (dir, "Zuweisungsbescheid.pdf", NULL);
    g_autofree char *issued = day_string (c->today - 40);

    if (!write_letter (letter, &subjects[0], c->today - 40, error) ||
        add_document (social, subjects[0].id, letter, "bescheid", "Zuweisungsbescheid",
                      issued, NULL, error) == 0)
      goto out;
  }
  if (n > 1)
    {
      g_autofree char *path = g_build_filename (dir, "Zeugnis-Scan.pdf", NULL);
      int year = 0, month, day;
      Scanned scanned = { &subjects[1], NULL, 0, 0 };

      ea_partial_date_parse (subjects[1].birth_date, &year, &month, &day);
      scanned.year = year + 18;
      /* An A4 page at 50 dpi. */
      if (!write_scan (path, 420, 594, 595.28, 841.89, draw_certificate, &scanned,
                       c->today - 30, error) ||
          (scan = add_document (social, subjects[1].id, path, "zeugnis",
                                "Abschlusszeugnis (Scan)", NULL, NULL, error)) == 0)
        goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (passports); i++)
    {
      const Subject *s;
      guint32 expires = c->today + (guint32) passports[i].expires_in;
      g_autofree char *name = NULL, *path = NULL, *issued = NULL, *until = NULL;
      Scanned scanned = { NULL, passports[i].title, 0, expires };

      if (passports[i].subject >= n)
        continue;
      s = scanned.subject = &subjects[passports[i].subject];
      name = g_strdup_printf ("%s-%u.pdf", passports[i].title, i + 1);
      path = g_build_filename (dir, name, NULL);
      issued = day_string (expires - (guint32) passports[i].valid_days);
      until = day_string (expires);
      /* The data page of a passport, 125 × 88 mm. */
      if (!write_scan (path, 400, 260, 354.3, 249.4, draw_passport, &scanned, c->today - 30,
                       error) ||
          add_document (social, s->id, path, passports[i].category, passports[i].title,
                        issued, until, error) == 0)
        goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (qualifications); i++)
    {
      const Subject *s;
      int born = 0, month, day, year;
      g_autofree char *today = day_string (c->today);
      int this_year = atoi (today);

      if (qualifications[i].subject >= n)
        continue;
      s = &subjects[qualifications[i].subject];
      ea_partial_date_parse (s->birth_date, &born, &month, &day);
      year = qualifications[i].age > 0 ? MIN (born + qualifications[i].age, this_year)
                                       : this_year;
      if (ea_person_add_qualification (social, s->id, qualifications[i].kind,
                                       qualifications[i].title,
                                       qualifications[i].age > 0 ? s->country : "Deutschland",
                                       year, qualifications[i].recognition,
                                       qualifications[i].with_scan ? scan : 0, error) == 0)
        goto out;
    }
  ok = TRUE;

out:
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
  return ok;
}

static GArray *
query_ids (EaStore     *store,
           const char  *sql,
           const char  *day,
           GError     **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, day);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot write the demo district")), NULL;
  return g_steal_pointer (&ids);
}

/**
 * _ea_demo_add_content:
 * @store: the demo district, inside the transaction that builds it
 * @today: the demo's day
 * @twin: (out caller-allocates): the person the arrivals' import will
 *   find again, or all %NULL when the district has nobody fit
 * @error: a #GError
 *
 * Case notes, documents and qualifications of a few adults living here,
 * written by the social worker `sozial`.
 */
gboolean
_ea_demo_add_content (EaStore     *store,
                      guint32      today,
                      EaDemoTwin  *twin,
                      GError     **error)
{
  g_autoptr(EaSession) social = NULL;
  g_autoptr(GArray) adults = NULL;
  g_autoptr(GArray) twins = NULL;
  g_autofree char *adult_day = day_string (today - 18 * 366);
  Subject subjects[N_SUBJECTS] = { { 0 } };
  Content c = { store, today };
  guint n = 0;
  gboolean ok = FALSE;

  memset (twin, 0, sizeof *twin);
  social = ea_session_login (store, "sozial", EA_DEMO_PASSWORD, error);
  if (social == NULL)
    return FALSE;
  adults = query_ids (store, _ea_demo_sql.adults_living_here, adult_day, error);
  twins = adults != NULL ? query_ids (store, _ea_demo_sql.found_again, adult_day, error) : NULL;
  if (twins == NULL)
    return FALSE;

  /* Persons spread over the district, the same ones for the same seed. */
  for (guint i = 0; i < N_SUBJECTS && adults->len > 0; i++)
    {
      guint k = (guint) ((guint64) adults->len * (2 * i + 1) / (2 * N_SUBJECTS));

      if (n > 0 && g_array_index (adults, gint64, k) == subjects[n - 1].id)
        continue;
      if (!load_subject (social, g_array_index (adults, gint64, k), &subjects[n], error))
        goto out;
      n++;
    }
  if (n > 0 && !add_files (social, &c, subjects, n, error))
    goto out;

  if (twins->len > 0)
    {
      Subject s = { 0 };

      if (!load_subject (social, g_array_index (twins, gint64, twins->len / 2), &s, error))
        goto out;
      twin->family_name = g_steal_pointer (&s.family_name);
      twin->given_names = g_steal_pointer (&s.given_names);
      twin->birth_date = g_steal_pointer (&s.birth_date);
      twin->gender = g_steal_pointer (&s.gender);
      twin->nationality = g_steal_pointer (&s.nationality);
      subject_clear (&s);
    }
  ok = TRUE;

out:
  for (guint i = 0; i < n; i++)
    subject_clear (&subjects[i]);
  return ok;
}

/* The arrivals' feed: two new households, and one person the district
 * knows already, announced again without the keys that would say so. It
 * is message 40, so that the sample in docs/feed (41) can follow it. */
static char *
arrivals_feed (guint32            today,
               const EaDemoTwin  *twin)
{
  g_autofree char *created = day_string (today - 1);
  g_autofree char *decided = day_string (today - 2);
  g_autofree char *first = day_string (today + 4);
  g_autofree char *second = day_string (today + 6);
  g_autofree char *child = NULL;
  g_autoptr(GString) xml = g_string_new (NULL);
  int year, month;
  GDate date;

  /* The child is six and a half. */
  g_date_clear (&date, 1);
  g_date_set_julian (&date, today - 2380);
  year = g_date_get_year (&date);
  month = g_date_get_month (&date);
  child = g_strdup_printf ("%04d-%02d-00", year, month);
  g_date_set_julian (&date, today);
  year = g_date_get_year (&date);

  g_string_append_printf (xml,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<zuweisungsliste xmlns=\"urn:eakte:zuweisung:1\" version=\"1.0\">\n"
    "  <kopf>\n"
    "    <nachrichtId>LEA-FR-DEMO-%s</nachrichtId>\n"
    "    <erstellt>%sT08:15:00+01:00</erstellt>\n"
    "    <absender><kennung>LEA-FR</kennung>"
    "<name>Landeserstaufnahmeeinrichtung Freiburg</name></absender>\n"
    "    <empfaenger><ags>" EA_DEMO_AGS "</ags>"
    "<name>Landkreis Breisgau-Hochschwarzwald</name></empfaenger>\n"
    "    <laufendeNummer>40</laufendeNummer>\n"
    "  </kopf>\n"
    "  <zuweisung>\n"
    "    <zuweisungsId>Z-DEMO-%d-0001</zuweisungsId>\n"
    "    <zuweisungsdatum>%s</zuweisungsdatum>\n"
    "    <ankunftGeplant>%s</ankunftGeplant>\n"
    "    <herkunftseinrichtung><kennung>LEA-FR</kennung>"
    "<name>Landeserstaufnahmeeinrichtung Freiburg</name></herkunftseinrichtung>\n"
    "    <familienverbund id=\"FV-97001\">\n"
    "      <person><personId>P-7700001</personId><azrNummer>129900000011</azrNummer>"
    "<familienname>Nasser</familienname><vorname>Samer</vorname>"
    "<geburtsdatum>%d-05-17</geburtsdatum><geschlecht>m</geschlecht>"
    "<staatsangehoerigkeit><code>475</code></staatsangehoerigkeit>"
    "<familienstand><code>VH</code></familienstand>"
    "<rolleImFamilienverbund>bezugsperson</rolleImFamilienverbund>"
    "<sprache><sprache><code>ara</code></sprache><niveau>M</niveau></sprache>"
    "<aufenthaltsstatus><code>gestattung</code></aufenthaltsstatus>"
    "<beruf>Elektriker</beruf></person>\n"
    "      <person><personId>P-7700002</personId><azrNummer>129900000012</azrNummer>"
    "<familienname>Nasser</familienname><vorname>Lama</vorname>"
    "<geburtsdatum>%d-09-02</geburtsdatum><geschlecht>w</geschlecht>"
    "<staatsangehoerigkeit><code>475</code></staatsangehoerigkeit>"
    "<familienstand><code>VH</code></familienstand>"
    "<rolleImFamilienverbund>ehegatte</rolleImFamilienverbund>"
    "<sprache><sprache><code>ara</code></sprache><niveau>M</niveau></sprache>"
    "<aufenthaltsstatus><code>gestattung</code></aufenthaltsstatus></person>\n"
    "      <person><personId>P-7700003</personId><azrNummer>129900000013</azrNummer>"
    "<familienname>Nasser</familienname><vorname>Karim</vorname>"
    "<geburtsdatum>%s</geburtsdatum><geschlecht>m</geschlecht>"
    "<staatsangehoerigkeit><code>475</code></staatsangehoerigkeit>"
    "<rolleImFamilienverbund>kind</rolleImFamilienverbund>"
    "<aufenthaltsstatus><code>gestattung</code></aufenthaltsstatus></person>\n"
    "    </familienverbund>\n"
    "    <familienverbund id=\"FV-97002\">\n"
    "      <person><personId>P-7700004</personId><azrNummer>129900000014</azrNummer>"
    "<familienname>Wardak</familienname><vorname>Jamshid</vorname>"
    "<geburtsdatum>%d-01-01</geburtsdatum><geschlecht>m</geschlecht>"
    "<staatsangehoerigkeit><code>423</code></staatsangehoerigkeit>"
    "<familienstand><code>LD</code></familienstand>"
    "<rolleImFamilienverbund>bezugsperson</rolleImFamilienverbund>"
    "<sprache><sprache><code>prs</code></sprache><niveau>M</niveau></sprache>"
    "<aufenthaltsstatus><code>gestattung</code></aufenthaltsstatus></person>\n"
    "    </familienverbund>\n"
    "  </zuweisung>\n",
    created, created, year, decided, first, year - 38, year - 33, child, year - 24);

  if (twin->family_name != NULL)
    {
      g_autofree char *head = g_markup_printf_escaped (
        "  <zuweisung>\n"
        "    <zuweisungsId>Z-DEMO-%d-0002</zuweisungsId>\n"
        "    <zuweisungsdatum>%s</zuweisungsdatum>\n"
        "    <ankunftGeplant>%s</ankunftGeplant>\n"
        "    <herkunftseinrichtung><kennung>EAE-KA</kennung>"
        "<name>Erstaufnahmeeinrichtung Karlsruhe</name></herkunftseinrichtung>\n"
        "    <familienverbund id=\"FV-97003\">\n"
        "      <person><personId>P-7700005</personId>"
        "<familienname>%s</familienname>", year, decided, second, twin->family_name);
      g_autofree char *given = twin->given_names[0] != '\0'
        ? g_markup_printf_escaped ("<vorname>%s</vorname>", twin->given_names)
        : g_strdup ("");
      g_autofree char *tail = g_markup_printf_escaped (
        "<geburtsdatum>%s</geburtsdatum><geschlecht>%s</geschlecht>"
        "<staatsangehoerigkeit><code>%s</code></staatsangehoerigkeit>"
        "<rolleImFamilienverbund>bezugsperson</rolleImFamilienverbund></person>\n"
        "    </familienverbund>\n"
        "  </zuweisung>\n",
        twin->birth_date, twin->gender[0] != '\0' ? twin->gender : "x",
        twin->nationality != NULL ? twin->nationality : "999");

      g_string_append (xml, head);
      g_string_append (xml, given);
      g_string_append (xml, tail);
    }
  g_string_append (xml, "</zuweisungsliste>\n");
  return g_string_free (g_steal_pointer (&xml), FALSE);
}

/**
 * _ea_demo_import_arrivals:
 * @store: the demo district, built
 * @today: the demo's day
 * @twin: the person to announce again, or all %NULL
 * @imported: (out): how many persons the import added
 * @error: a #GError
 *
 * Imports a Zuweisungsliste as the administrator does: an import run on
 * the Import page, with new arrivals and one record held as a probable
 * duplicate. The import is a transaction of its own.
 */
gboolean
_ea_demo_import_arrivals (EaStore           *store,
                          guint32            today,
                          const EaDemoTwin  *twin,
                          guint             *imported,
                          GError           **error)
{
  g_autoptr(EaSession) admin = ea_session_login (store, "admin", EA_DEMO_PASSWORD, error);
  g_autoptr(EaImportResult) result = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  gboolean ok;

  *imported = 0;
  if (admin == NULL)
    return FALSE;
  dir = g_dir_make_tmp ("eakte-demo-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  {
    g_autofree char *day = day_string (today - 1);

    name = g_strdup_printf ("Zuweisungsliste-LEA-FR-%s.xml", day);
    path = g_build_filename (dir, name, NULL);
  }
  feed = arrivals_feed (today, twin);
  ok = g_file_set_contents (path, feed, -1, error);
  if (ok)
    {
      /* As ea_import_xml_file(), with the file's name as its source: the
       * folder it waits in is another each time. */
      result = _ea_import_run (admin, path, name, "xml", "application/xml",
                               _ea_import_read_feed, FALSE, NULL, NULL, NULL, error);
      ok = result != NULL;
    }
  if (ok && result->errors->len > 0)
    {
      EaImportIssue *issue = g_ptr_array_index (result->errors, 0);

      g_set_error (error, EA_ERROR, EA_ERROR_FAILED, "%s: %s",
                   _("Cannot write the demo district"), issue->message);
      ok = FALSE;
    }
  if (ok)
    *imported = result->created;
  g_unlink (path);
  g_rmdir (dir);
  return ok;
}
