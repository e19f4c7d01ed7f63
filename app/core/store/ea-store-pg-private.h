/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-store-private.h"

G_BEGIN_DECLS

/* The office's engine, PostgreSQL through libpq (ea-store-pg.c), for the
 * files of store/ only. It speaks the same SQL as the embedded engine:
 * the store's parameters (?, ?N, :name) become $N, and the words that
 * the engines name differently carry their PostgreSQL name in a comment
 * right after SQLite's (EA_SQL_* in ea-store-private.h). */

typedef struct _EaPg EaPg;
typedef struct _EaPgStmt EaPgStmt;

/* What _ea_pg_stmt_step() gives on a failure (rows and the end are
 * EA_STMT_ROW and EA_STMT_DONE). */
#define EA_PG_FAILED 1

/* SQLite's limit of parameters; a higher number is not the store's. */
#define EA_PG_MAX_PARAMS 32766

EaPg         *_ea_store_get_pg              (EaStore           *self);

/* Shared by the store's connection and the listening one. */
extern const char *const _ea_pg_connect_keywords[];
void          _ea_pg_ignore_notice          (void              *data,
                                             const char        *message);

gboolean      _ea_pg_is_address             (const char        *address);
char         *_ea_pg_identity               (EaPg              *pg);
EaPg         *_ea_pg_connect                (const char        *address,
                                             GError           **error);
void          _ea_pg_free                   (EaPg              *pg);
void          _ea_pg_set_lock_limit         (EaPg              *pg,
                                             GTimeSpan          limit);
gboolean      _ea_pg_exec                   (EaPg              *pg,
                                             const char        *sql);
gboolean      _ea_pg_begin                  (EaPg              *pg,
                                             const char        *lock);
gboolean      _ea_pg_commit                 (EaPg              *pg);
void          _ea_pg_rollback               (EaPg              *pg);
gboolean      _ea_pg_in_transaction         (EaPg              *pg);
gint64        _ea_pg_last_insert_id         (EaPg              *pg);
int           _ea_pg_backend_pid            (EaPg              *pg);
int           _ea_pg_changes                (EaPg              *pg);
const char   *_ea_pg_sqlstate               (EaPg              *pg);
const char   *_ea_pg_message                (EaPg              *pg);
gboolean      _ea_pg_connection_lost        (EaPg              *pg);
gboolean      _ea_pg_commit_outcome_unknown (EaPg              *pg);
gboolean      _ea_pg_apply_migrations       (EaPg              *pg,
                                             const EaMigration *migrations,
                                             guint              n_migrations,
                                             const char        *address,
                                             EaStoreOpenFlags   flags,
                                             GError           **error);
int           _ea_pg_schema_version         (EaPg              *pg);
gboolean      _ea_pg_is_word_char           (char               c);
char         *_ea_pg_translate              (const char        *sql,
                                             int               *n_params,
                                             GPtrArray         *names,
                                             GByteArray        *used);

EaPgStmt     *_ea_pg_prepare                (EaPg              *pg,
                                             const char        *sql,
                                             gboolean           keep);
int           _ea_pg_stmt_step              (EaPgStmt          *stmt);
void          _ea_pg_stmt_reset             (EaPgStmt          *stmt);
void          _ea_pg_stmt_clear_bindings    (EaPgStmt          *stmt);
void          _ea_pg_stmt_free              (EaPgStmt          *stmt);
gboolean      _ea_pg_stmt_busy              (EaPgStmt          *stmt);
void          _ea_pg_stmt_bind_int64        (EaPgStmt          *stmt,
                                             int                index,
                                             gint64             value);
void          _ea_pg_stmt_bind_double       (EaPgStmt          *stmt,
                                             int                index,
                                             double             value);
void          _ea_pg_stmt_bind_text         (EaPgStmt          *stmt,
                                             int                index,
                                             const char        *text,
                                             int                length);
void          _ea_pg_stmt_bind_bytes        (EaPgStmt          *stmt,
                                             int                index,
                                             const void        *bytes,
                                             gsize              length);
int           _ea_pg_stmt_bind_index        (EaPgStmt          *stmt,
                                             const char        *name);
int           _ea_pg_stmt_n_params          (EaPgStmt          *stmt);
gint64        _ea_pg_stmt_column_int64      (EaPgStmt          *stmt,
                                             int                column);
double        _ea_pg_stmt_column_double     (EaPgStmt          *stmt,
                                             int                column);
const char   *_ea_pg_stmt_column_text       (EaPgStmt          *stmt,
                                             int                column);
const void   *_ea_pg_stmt_column_bytes      (EaPgStmt          *stmt,
                                             int                column,
                                             gsize             *length);
EaStmtType    _ea_pg_stmt_column_kind       (EaPgStmt          *stmt,
                                             int                column);
int           _ea_pg_stmt_n_columns         (EaPgStmt          *stmt);
const char   *_ea_pg_stmt_column_name       (EaPgStmt          *stmt,
                                             int                column);

/* A connection that listens for NOTIFY on one channel
 * (ea-store-pg-listen.c). */
typedef struct _EaPgListener EaPgListener;
typedef void (*EaPgNotifyFunc) (const char *payload,
                                gpointer    data);

EaPgListener *_ea_pg_listen                 (const char        *address,
                                             const char        *channel,
                                             GMainContext      *context,
                                             EaPgNotifyFunc     func,
                                             gpointer           data);
typedef void (*EaPgLostFunc)   (gpointer    data);

void          _ea_pg_listener_on_lost       (EaPgListener      *listener,
                                             EaPgLostFunc       func);
void          _ea_pg_listener_free          (EaPgListener      *listener);
gboolean      _ea_pg_listener_is_listening  (EaPgListener      *listener);
int           _ea_pg_listener_backend_pid   (EaPgListener      *listener);

G_END_DECLS
