/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <string.h>

#include "ea-csv-private.h"

/* A field quoted when it needs to be, and never read as a formula (texts
 * such as a block reason or a facility name are typed by users). */
void
_ea_csv_append_field (GString    *out,
                      const char *text)
{
  gboolean formula, quote;

  if (text == NULL)
    text = "";
  formula = text[0] != '\0' && strchr ("=+-@\t", text[0]) != NULL;
  quote = formula || strpbrk (text, ";\"\r\n") != NULL;
  if (!quote)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

/* A field read back as it was before _ea_csv_append_field () kept it from
 * being read as a formula ("'=…" is "=…" again), so that a list exported
 * and imported again stays the same. */
const char *
_ea_csv_unneutralised (const char *field)
{
  if (field != NULL && field[0] == '\'' && field[1] != '\0' && strchr ("=+-@\t", field[1]) != NULL)
    return field + 1;
  return field;
}

/* One line of @n fields, separated by semicolons, ended by CRLF. */
void
_ea_csv_append_line (GString           *out,
                     const char *const *fields,
                     guint              n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      _ea_csv_append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}
