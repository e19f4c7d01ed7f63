/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  EA_XML_GUARD_TEXT,
  EA_XML_GUARD_OPEN,       /* after "<" */
  EA_XML_GUARD_TAG,        /* inside a start or end tag */
  EA_XML_GUARD_QUOTE,      /* inside an attribute's value */
  EA_XML_GUARD_MARKUP,     /* inside "<!…>" or "<?…?>": comments, CDATA */
} EaXmlGuardState;

/* Where the guard stands in a document fed to it in pieces; zero it (and
 * set line to 1) before the first. */
typedef struct
{
  EaXmlGuardState state;
  char            quote;
  char            end[4];       /* what ends the markup: "-->", "]]>", "?>", ">" */
  char            seen[4];      /* the last bytes, to find it */
  guint           attributes;   /* of the present tag */
  guint           line;
} EaXmlGuard;

gboolean _ea_xml_guard_feed (EaXmlGuard *guard,
                             const char *bytes,
                             gsize       n,
                             guint       max_attributes);

G_END_DECLS
