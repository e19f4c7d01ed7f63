/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "eakte-core.h"

G_BEGIN_DECLS

/* The day the tests run on, whatever the machine's clock says: a Monday
 * in the office's winter time. Tests about other days pin their own. */
#define EA_TEST_NOW "2026-11-23T10:00:00+01:00"

void     ea_test_pin_clock    (const char *when);

char    *ea_test_dir_make_tmp (void);
char    *ea_test_temp_db_path (void);
gboolean ea_test_on_server    (void);
char    *ea_test_new_server_database (void);
void     ea_test_run_on_cluster (const char *sql);
EaStore *ea_test_new_store    (const char *ags);
EaStore *ea_test_new_demo     (guint32     seed,
                               guint       persons,
                               guint       facilities,
                               const char *today);
char    *ea_test_day_after    (const char *day,
                               int         days);
gboolean ea_test_exec         (EaStore    *store,
                               const char *sql,
                               GError    **error);
int      ea_test_query_int    (EaStore    *store,
                               const char *sql);
char    *ea_test_dump_tables  (EaStore    *store);

/* The documents' contents, whichever engine keeps them. */
void     ea_test_put_content  (EaStore    *store,
                               const char *sha,
                               const char *bytes);
gboolean ea_test_has_content  (EaStore    *store,
                               const char *sha);
GBytes  *ea_test_read_content (EaStore    *store,
                               const char *sha);
guint    ea_test_count_contents (EaStore  *store);

G_END_DECLS
