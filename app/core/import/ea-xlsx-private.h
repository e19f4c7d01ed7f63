/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The cells of an XLSX workbook's first worksheet as text, for spreadsheet
 * lists: each row a GPtrArray of char* (empty cells as ""), its number in
 * the sheet in @lines. */
GPtrArray *_ea_xlsx_read_rows (const char  *path,
                               GArray      *lines,
                               guint        max_rows,
                               GError     **error);

G_END_DECLS
