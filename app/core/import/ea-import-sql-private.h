/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of import/, all of it in ea-import-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  /* ea-import.c, ea-import-apply.c, ea-import-feed.c, ea-import-list.c, ea-import-review.c, ea-platform.c */
  int         placeholder_a;  /* removed when merged */




} EaImportSql;

extern const EaImportSql _ea_import_sql;

G_END_DECLS
