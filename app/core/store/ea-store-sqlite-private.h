/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <sqlite3.h>

#include "ea-store-private.h"

G_BEGIN_DECLS

/* The embedded engine, for the files of store/ (and tests that tamper
 * with a database file) only: everything else goes through EaStmt. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3      *_ea_store_get_db              (EaStore           *self);
GHashTable   *_ea_store_get_statements      (EaStore           *self);
int           _ea_store_sqlite_version      (sqlite3           *db);
gboolean      _ea_store_apply_migrations    (sqlite3           *db,
                                             const EaMigration *migrations,
                                             guint              n_migrations,
                                             GError           **error);

G_END_DECLS
