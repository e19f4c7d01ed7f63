/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "eakte-core.h"

G_BEGIN_DECLS

char    *ea_test_temp_db_path (void);
EaStore *ea_test_new_store    (const char *ags);
EaStore *ea_test_new_demo     (guint32     seed,
                               guint       persons,
                               guint       facilities,
                               const char *today);
int      ea_test_query_int    (EaStore    *store,
                               const char *sql);

G_END_DECLS
