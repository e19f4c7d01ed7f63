/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-import-sql-private.h"
#include "ea-store-private.h"

/* All SQL of import/, in one place: what a second engine must accept is
 * here and nowhere else in import/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaImportSql _ea_import_sql = {
  /* ea-import.c, ea-import-apply.c, ea-import-feed.c, ea-import-list.c, ea-import-review.c, ea-platform.c */
  .placeholder_a = 0,




};
