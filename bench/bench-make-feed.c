/* SPDX-License-Identifier: EUPL-1.2 */
/* Writes a Zuweisungsliste 1.0 of N persons for the import benchmark:
 *   bench-make-feed FILE.xml N [AGS] [common]
 * Households of one to six persons, 50 per transfer, realistic fields
 * (about 600 bytes per person: 100,000 persons make about 60 MB).
 * "common": names and birth dates as registrations have them (issue
 * "Arrivals as they really come"): two dozen family names without
 * variants cover everyone, and three in ten are born on 01.01. of their
 * year, the day given where it is not known. Each person still has an
 * AZR number of their own. */
#include <glib.h>
#include <stdio.h>

static const char *family[] = { "Al-Hassan", "Ahmadi", "Yılmaz", "Kaya", "Haddad", "Noori",
                                 "Tesfay", "Okafor", "Beridze", "Petrenko", "Sultani", "Mohamed" };
static const char *common_family[] = { "Ahmadi", "Mohammadi", "Hosseini", "Rahimi",
                                        "Karimi", "Haidari", "Sultani", "Noori", "Yılmaz",
                                        "Kaya", "Demir", "Şahin", "Haddad", "Al-Hassan",
                                        "Mohamed", "Ali", "Hussein", "Ibrahim", "Abdi",
                                        "Tesfay", "Okafor", "Petrenko", "Kovalenko", "Beridze" };
static const char *ending[] = { "", "i", "zada", "ov", "enko", "yan", "oglu", "ani", "ski",
                                 "ev" };
static const char *given_m[] = { "Yusuf", "Omar", "Farid", "Ali", "Reza", "Yonas", "Andrii",
                                 "Karim", "Hamid", "Emeka", "Giorgi", "Samir", "Bilal", "Taras",
                                 "Nasir", "Dawit", "Serhii", "Murat", "Khaled", "Ahmad" };
static const char *given_w[] = { "Rania", "Amina", "Gülşen", "Lina", "Sara", "Olena", "Mina",
                                 "Fatima", "Hiba", "Zahra", "Nino", "Senait", "Iryna", "Layla",
                                 "Maryam", "Derya", "Chioma", "Oksana", "Hatice", "Parwana" };
static const char *nationality[] = { "475", "423", "438", "439", "163", "166", "224", "232" };
static const char *language[] = { "ara", "prs", "pus", "tur", "kmr", "ukr", "tir", "eng" };

int
main (int    argc,
      char **argv)
{
  FILE *out;
  guint n, made = 0, transfer = 0;
  const char *ags = argc > 3 ? argv[3] : "08315000";
  gboolean common = argc > 4 && g_str_equal (argv[4], "common");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  if (argc < 3 || (n = (guint) g_ascii_strtoull (argv[2], NULL, 10)) == 0)
    {
      g_printerr ("usage: bench-make-feed FILE.xml N [AGS]\n");
      return 2;
    }
  out = fopen (argv[1], "w");
  if (out == NULL)
    return 1;
  fprintf (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<zuweisungsliste xmlns=\"urn:eakte:zuweisung:1\" version=\"1.0\">\n"
           "  <kopf>\n    <nachrichtId>BENCH-%u</nachrichtId>\n"
           "    <erstellt>2026-11-20T08:15:00+01:00</erstellt>\n"
           "    <absender><kennung>LEA-FR</kennung><name>LEA Freiburg</name></absender>\n"
           "    <empfaenger><ags>%s</ags><name>Landkreis</name></empfaenger>\n"
           "    <laufendeNummer>1000</laufendeNummer>\n  </kopf>\n", n, ags);
  while (made < n)
    {
      fprintf (out, "  <zuweisung>\n    <zuweisungsId>Z-B-%06u</zuweisungsId>\n"
               "    <zuweisungsdatum>2026-11-18</zuweisungsdatum>\n"
               "    <ankunftGeplant>2026-12-%02u</ankunftGeplant>\n"
               "    <herkunftseinrichtung><kennung>LEA-FR</kennung><name>LEA Freiburg</name>"
               "</herkunftseinrichtung>\n", transfer, 1 + transfer % 28);
      for (guint h = 0; h < 20 && made < n; h++)
        {
          guint wanted = (guint) g_rand_int_range (rand, 1, 7);
          guint size = MIN (n - made, wanted);
          g_autofree char *name = common
            ? g_strdup (common_family[g_rand_int_range (rand, 0, G_N_ELEMENTS (common_family))])
            : g_strconcat (family[g_rand_int_range (rand, 0, G_N_ELEMENTS (family))],
                           ending[g_rand_int_range (rand, 0, G_N_ELEMENTS (ending))], NULL);

          fprintf (out, "    <familienverbund id=\"FV-B-%07u\">\n", made);
          for (guint m = 0; m < size; m++, made++)
            {
              gboolean woman = g_rand_boolean (rand);
              int year = m < 2 ? g_rand_int_range (rand, 1960, 2004)
                               : g_rand_int_range (rand, 2008, 2025);
              gboolean unknown_day = common && g_rand_int_range (rand, 0, 10) < 3;
              int month = unknown_day ? 1 : g_rand_int_range (rand, 1, 13);
              int day = unknown_day ? 1 : g_rand_int_range (rand, 1, 29);

              fprintf (out,
                       "      <person>\n"
                       "        <personId>P-B-%07u</personId>\n"
                       "        <azrNummer>%012u</azrNummer>\n"
                       "        <familienname>%s</familienname>\n"
                       "        <vorname>%s</vorname>\n"
                       "        <geburtsdatum>%d-%02d-%02d</geburtsdatum>\n"
                       "        <geschlecht>%s</geschlecht>\n"
                       "        <staatsangehoerigkeit><code>%s</code></staatsangehoerigkeit>\n"
                       "        <familienstand><code>VH</code></familienstand>\n"
                       "        <rolleImFamilienverbund>%s</rolleImFamilienverbund>\n"
                       "        <sprache><sprache><code>%s</code></sprache><niveau>M</niveau>"
                       "</sprache>\n"
                       "%s"
                       "        <aufenthaltsstatus><code>gestattung</code></aufenthaltsstatus>\n"
                       "      </person>\n",
                       made, 300000000u + made, name,
                       woman ? given_w[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_w))]
                             : given_m[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_m))],
                       year, month, day,
                       woman ? "w" : "m",
                       nationality[g_rand_int_range (rand, 0, G_N_ELEMENTS (nationality))],
                       m == 0 ? "bezugsperson" : m == 1 ? "ehegatte" : "kind",
                       language[g_rand_int_range (rand, 0, G_N_ELEMENTS (language))],
                       g_rand_int_range (rand, 0, 10) == 0
                         ? "        <schutzbedarf><code>alleinreisende-frau</code></schutzbedarf>\n"
                         : "");
            }
          fprintf (out, "    </familienverbund>\n");
        }
      fprintf (out, "  </zuweisung>\n");
      transfer++;
    }
  fprintf (out, "</zuweisungsliste>\n");
  return fclose (out) == 0 ? 0 : 1;
}
