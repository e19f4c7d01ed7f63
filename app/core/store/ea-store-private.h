/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <sqlite3.h>

#include "ea-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct
{
  int         version;
  const char *name;
  const char *sql;
} EaMigration;

/* A statement that the store keeps compiled, for SQL written as a string
 * literal and run many times in a row (the rule checks of each of a
 * thousand reservations): borrowed from the store, and reset and unbound
 * when released, so that g_autoptr(EaStoreStatement) gives it back. */
typedef sqlite3_stmt EaStoreStatement;

EaStoreStatement *_ea_store_statement       (EaStore           *self,
                                             const char        *sql,
                                             GError           **error);
void          _ea_store_statement_release   (EaStoreStatement  *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaStoreStatement, _ea_store_statement_release)

sqlite3      *_ea_store_get_db              (EaStore           *self);
sqlite3_stmt *_ea_store_prepare             (EaStore           *self,
                                             const char        *sql,
                                             GError           **error);
gboolean      _ea_store_exec                (EaStore           *self,
                                             const char        *sql,
                                             GError           **error);
gboolean      _ea_store_begin               (EaStore           *self,
                                             GError           **error);
gboolean      _ea_store_commit              (EaStore           *self,
                                             GError           **error);
void          _ea_store_rollback            (EaStore           *self);
gboolean      _ea_store_finish              (EaStore           *self,
                                             gboolean           ok,
                                             GError           **error);
gboolean      _ea_store_begin_all           (EaStore           *self,
                                             GError           **error);
gboolean      _ea_store_end_all             (EaStore           *self,
                                             gboolean           ok,
                                             GError           **error);
gboolean      _ea_store_set_error           (EaStore           *self,
                                             GError           **error,
                                             const char        *what);
gboolean      _ea_store_check_regular_file (const char        *path,
                                             GError           **error);
int           _ea_store_create_private_file (const char        *path,
                                             GError           **error);
gboolean      _ea_store_write_all           (int                fd,
                                             const char        *path,
                                             const char        *text,
                                             gsize              length,
                                             GError           **error);
gboolean      _ea_store_write_private_file  (const char        *path,
                                             const char        *text,
                                             gssize             length,
                                             GError           **error);
char         *_ea_store_dup_setting         (EaStore           *self,
                                             const char        *key);
gboolean      _ea_store_set_setting         (EaStore           *self,
                                             const char        *key,
                                             const char        *value,
                                             GError           **error);
gboolean      _ea_store_audit               (EaStore           *self,
                                             gint64             user_id,
                                             const char        *action,
                                             const char        *object_type,
                                             gint64             object_id,
                                             gint64             person_id,
                                             const char        *detail,
                                             GError           **error);
char         *_ea_store_audit_hash          (const char        *prev_hash,
                                             const char        *at,
                                             gint64             user_id,
                                             const char        *action,
                                             const char        *object_type,
                                             gint64             object_id,
                                             gint64             person_id,
                                             const char        *detail);
char         *_ea_store_hash_password       (const char        *password,
                                             GError           **error);
gint64        _ea_store_create_user         (EaStore           *self,
                                             gint64             actor_id,
                                             const char        *login,
                                             const char        *display_name,
                                             const char        *password,
                                             const char        *role,
                                             GError           **error);
gboolean      _ea_store_apply_migrations    (sqlite3           *db,
                                             const EaMigration *migrations,
                                             guint              n_migrations,
                                             GError           **error);
void          _ea_store_bind_text_or_null   (sqlite3_stmt      *stmt,
                                             int                index,
                                             const char        *text);
void          _ea_store_bind_values         (sqlite3_stmt      *stmt,
                                             const char        *types,
                                             va_list            args);
gboolean      _ea_store_exec_bound          (EaStore           *self,
                                             const char        *sql,
                                             GError           **error,
                                             const char        *types,
                                             ...);
gint64        _ea_store_query_int           (EaStore           *self,
                                             const char        *sql,
                                             const char        *types,
                                             ...);
gint64        _ea_store_lookup_id           (EaStore           *self,
                                             const char        *sql,
                                             gint64             id);

G_END_DECLS
