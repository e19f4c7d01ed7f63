/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>
#include <xlsxwriter.h>

G_BEGIN_DECLS

/* Workbooks the reports write (ea-list-export.c). */
lxw_workbook *_ea_xlsx_create     (const char     *path,
                                   GError        **error);
gboolean      _ea_xlsx_close      (lxw_workbook   *book,
                                   const char     *path,
                                   GError        **error);
void          _ea_xlsx_write_date (lxw_worksheet  *sheet,
                                   guint           row,
                                   guint           col,
                                   const char     *iso,
                                   lxw_format     *format);

G_END_DECLS
