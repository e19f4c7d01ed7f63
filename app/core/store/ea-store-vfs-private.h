/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

const char *_ea_store_vfs_name        (void);
gboolean    _ea_store_vfs_check_files (const char  *path,
                                       GError     **error);

G_END_DECLS
