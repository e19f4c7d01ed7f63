/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-xml-guard"

#include "config.h"

#include "ea-xml-guard-private.h"

#include <string.h>

/* A look at the bytes of untrusted XML before libxml2 sees them. libxml2
 * checks each attribute of an element against the ones before it, which
 * takes quadratic time: 200,000 attributes in a 2.3 MB feed ran for
 * minutes, 100,000 in a workbook's part for half a minute. Counting them
 * on the way in refuses such a document in linear time.
 *
 * It is not a parser: it only has to find every '=' that separates an
 * attribute from its value, so it skips quoted values, comments, CDATA
 * sections, processing instructions and declarations whole, whatever
 * they hold. */

/**
 * _ea_xml_guard_feed:
 * @guard: where the guard stands
 * @bytes: the next bytes of the document
 * @n: how many
 * @max_attributes: the most attributes an element may have
 *
 * Returns: %FALSE when a tag has more than @max_attributes; @guard's line
 *   then names its line
 */
gboolean
_ea_xml_guard_feed (EaXmlGuard *g,
                    const char *bytes,
                    gsize       n,
                    guint       max_attributes)
{
  for (gsize i = 0; i < n; i++)
    {
      char c = bytes[i];

      if (c == '\n')
        g->line++;
      switch (g->state)
        {
        case EA_XML_GUARD_TEXT:
          if (c == '<')
            g->state = EA_XML_GUARD_OPEN;
          break;

        case EA_XML_GUARD_OPEN:
          if (c == '!' || c == '?')
            {
              g->state = EA_XML_GUARD_MARKUP;
              g_strlcpy (g->end, c == '?' ? "?>" : ">", sizeof g->end);
              memset (g->seen, 0, sizeof g->seen);
              g->seen[2] = c;
            }
          else
            {
              g->state = EA_XML_GUARD_TAG;
              g->attributes = 0;
            }
          break;

        case EA_XML_GUARD_TAG:
          if (c == '"' || c == '\'')
            {
              g->state = EA_XML_GUARD_QUOTE;
              g->quote = c;
            }
          else if (c == '>')
            g->state = EA_XML_GUARD_TEXT;
          else if (c == '=' && ++g->attributes > max_attributes)
            return FALSE;
          break;

        case EA_XML_GUARD_QUOTE:
          if (c == g->quote)
            g->state = EA_XML_GUARD_TAG;
          break;

        case EA_XML_GUARD_MARKUP:
          memmove (g->seen, g->seen + 1, 2);
          g->seen[2] = c;
          /* What follows "<!" decides what ends it: "<!--" a comment,
           * "<![" a CDATA section, else a declaration. */
          if (g_str_equal (g->end, ">") && g->seen[1] == '!' && c == '-')
            g_strlcpy (g->end, "-->", sizeof g->end);
          else if (g_str_equal (g->end, ">") && g->seen[1] == '!' && c == '[')
            g_strlcpy (g->end, "]]>", sizeof g->end);
          else if (memcmp (g->seen + 3 - strlen (g->end), g->end, strlen (g->end)) == 0)
            g->state = EA_XML_GUARD_TEXT;
          break;

        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}
