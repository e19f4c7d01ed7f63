/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* CSV the way German spreadsheets open it: UTF-8 with a byte order mark,
 * semicolons, CRLF; fields that a spreadsheet would read as a formula are
 * neutralised. */
#define EA_CSV_BOM "\xef\xbb\xbf"

void _ea_csv_append_field (GString           *out,
                           const char        *text);
void _ea_csv_append_line  (GString           *out,
                           const char *const *fields,
                           guint              n);
const char *_ea_csv_unneutralised (const char *field);

G_END_DECLS
