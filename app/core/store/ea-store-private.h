/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-store.h"

G_BEGIN_DECLS

typedef struct
{
  int         version;
  const char *name;
  const char *sql;
} EaMigration;

/* The migrations compiled into the program, sorted by number
 * (ea-store-migrations.c): SQLite's, and PostgreSQL's. */
GArray       *_ea_store_load_migrations     (void);
GArray       *_ea_store_load_pg_migrations  (void);

/* A compiled statement of the database engine (ea-store-statement.c):
 * bind its parameters, step it row by row, read the columns. Nothing
 * outside store/ knows which engine runs. */
typedef struct _EaStmt EaStmt;

/* What a step gives. */
#define EA_STMT_ROW  100
#define EA_STMT_DONE 101

typedef enum {
  EA_STMT_INTEGER = 1,
  EA_STMT_FLOAT = 2,
  EA_STMT_TEXT = 3,
  EA_STMT_BLOB = 4,
  EA_STMT_NULL = 5,
} EaStmtType;

int           _ea_stmt_step                 (EaStmt            *stmt);
void          _ea_stmt_reset                (EaStmt            *stmt);
void          _ea_stmt_clear_bindings       (EaStmt            *stmt);
void          _ea_stmt_free                 (EaStmt            *stmt);
void          _ea_stmt_bind_int             (EaStmt            *stmt,
                                             int                index,
                                             int                value);
void          _ea_stmt_bind_int64           (EaStmt            *stmt,
                                             int                index,
                                             gint64             value);
void          _ea_stmt_bind_double          (EaStmt            *stmt,
                                             int                index,
                                             double             value);
void          _ea_stmt_bind_null            (EaStmt            *stmt,
                                             int                index);
void          _ea_stmt_bind_text            (EaStmt            *stmt,
                                             int                index,
                                             const char        *text);
void          _ea_stmt_bind_text_copy       (EaStmt            *stmt,
                                             int                index,
                                             const char        *text,
                                             int                length);
void          _ea_stmt_bind_blob            (EaStmt            *stmt,
                                             int                index,
                                             const void        *bytes,
                                             gsize              length);
int           _ea_stmt_bind_index           (EaStmt            *stmt,
                                             const char        *name);
int           _ea_stmt_n_params             (EaStmt            *stmt);
int           _ea_stmt_column_int           (EaStmt            *stmt,
                                             int                column);
gint64        _ea_stmt_column_int64         (EaStmt            *stmt,
                                             int                column);
double        _ea_stmt_column_double        (EaStmt            *stmt,
                                             int                column);
const char   *_ea_stmt_column_text          (EaStmt            *stmt,
                                             int                column);
const void   *_ea_stmt_column_bytes         (EaStmt            *stmt,
                                             int                column,
                                             gsize             *length);
gboolean      _ea_stmt_column_is_null       (EaStmt            *stmt,
                                             int                column);
EaStmtType    _ea_stmt_column_kind          (EaStmt            *stmt,
                                             int                column);
int           _ea_stmt_n_columns            (EaStmt            *stmt);
const char   *_ea_stmt_column_name          (EaStmt            *stmt,
                                             int                column);
gboolean      _ea_store_in_transaction      (EaStore           *self);
gint64        _ea_store_last_insert_id      (EaStore           *self);
int           _ea_store_changes             (EaStore           *self);
gboolean      _ea_store_failed_on_constraint (EaStore          *self);
gboolean      _ea_store_failed_on_unique    (EaStore           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaStmt, _ea_stmt_free)

/* SQL fragments that many queries share, written once. Each takes the
 * table's prefix (an alias with its dot, "s.", or "" for none) and SQL
 * expressions for days (parameters such as "?2"), and is standard SQL
 * that every engine of the store accepts.
 *
 * Stays, reservations and blocks run from their from_date up to the day
 * before their until_date (NULL: open-ended), night by night. */

/* The period still runs on the night @day, or started later. */
#define EA_SQL_RUNS_ON(t, day) \
  "(" t "until_date IS NULL OR " t "until_date > " day ")"
/* The period holds the night @day. */
#define EA_SQL_HOLDS(t, day) \
  "(" t "from_date <= " day " AND " EA_SQL_RUNS_ON (t, day) ")"
/* The period has a night in [@from, @until); @until is never NULL (pass
 * '9999-12-31' for open-ended). */
#define EA_SQL_MEETS(t, from, until) \
  "(" t "from_date < " until " AND " EA_SQL_RUNS_ON (t, from) ")"
/* A facility, unit, room or bed is in use on @day: not closed by then. */
#define EA_SQL_OPEN_ON(t, day) \
  "(" t "closed_on IS NULL OR " t "closed_on > " day ")"
/* A bed, its room and its unit (aliases b, r, u) are in use on @day. */
#define EA_SQL_BED_OPEN_ON(day) \
  "(" EA_SQL_OPEN_ON ("b.", day) " AND " EA_SQL_OPEN_ON ("r.", day) \
  " AND " EA_SQL_OPEN_ON ("u.", day) ")"

/* What the engines name or write differently, named once here: SQLite's
 * word, with PostgreSQL's in a comment right after it ("min/\*pg:least*\/"),
 * which the server's engine puts in its place (ea-store-pg.c); or a whole
 * part for SQLite, begun with "/\*sqlite*\/" and followed by PostgreSQL's
 * part in a comment "/\*pg: …*\/" (parameters there count as elsewhere).
 * Everything else the subsystems write is SQL that both engines accept. */

/* The values of @expr in a group, joined by @sep (an SQL string such as
 * "','"), as text. */
#define EA_SQL_JOINED(expr, sep) \
  "group_concat/*pg:string_agg*/ (CAST (" expr " AS TEXT), " sep ")"
/* Whether the text @needle occurs in @text, exactly as it is. On the
 * server as LIKE with the needle's % and _ escaped (ea_like_pattern() of
 * its schema), which a trigram index answers for needles of three
 * letters or more; SQLite's instr() is several times faster than its
 * LIKE. */
#define EA_SQL_CONTAINS(text, needle) \
  "(/*sqlite*/instr (" text ", " needle ") > 0" \
  "/*pg:" text " LIKE ea_like_pattern (" needle ")*/)"
/* The smaller and the greater of two values, neither of them NULL (the
 * engines differ there). */
#define EA_SQL_LEAST(a, b) "min/*pg:least*/ (" a ", " b ")"
#define EA_SQL_GREATEST(a, b) "max/*pg:greatest*/ (" a ", " b ")"
/* The day @months (a whole number) months before @day, `YYYY-MM-DD`; a
 * day beyond the month's end runs over into the next month, as SQLite
 * counts (31.08. less six months is 03.03.); on the server the function
 * ea_months_before() of its schema counts the same. */
#define EA_SQL_MONTHS_BEFORE(day, months) \
  "date/*pg:ea_months_before*/ (" day ", '-' || " months " || ' months')"
/* The schema of the tables that only this connection sees, with its dot. */
#define EA_SQL_TEMP "temp/*pg:pg_temp*/."
/* Full text search: the condition that the documents' text table matches
 * @query, an FTS5 prefix term ('"sch"*'); its rows' rowid is the
 * document's number. On the server, its tsvector column against the same
 * term made a tsquery by the schema's ea_text_query(). */
#define EA_SQL_TEXT_MATCHES(query) \
  "document_text/*pg:body_tsv @@ ea_text_query*/ MATCH/*pg:*/ (" query ")"

/* A statement that the store keeps compiled, for SQL written as a string
 * literal and run many times in a row (the rule checks of each of a
 * thousand reservations): borrowed from the store, and reset and unbound
 * when released, so that g_autoptr(EaStoreStatement) gives it back. */
typedef EaStmt EaStoreStatement;

EaStoreStatement *_ea_store_statement       (EaStore           *self,
                                             const char        *sql,
                                             GError           **error);
void          _ea_store_statement_release   (EaStoreStatement  *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaStoreStatement, _ea_store_statement_release)

EaStmt       *_ea_store_prepare             (EaStore           *self,
                                             const char        *sql,
                                             GError           **error);
gboolean      _ea_store_exec                (EaStore           *self,
                                             const char        *sql,
                                             GError           **error);
typedef gboolean (*EaStoreRunFunc) (gpointer  data,
                                    GError  **error);

/* What a change waits for on the server: another seat's change (the
 * default), another import, another login, or only the audit chain's
 * end. SQLite writes
 * one change at a time whatever it is. */
typedef enum
{
  EA_STORE_LOCK_WRITERS,
  EA_STORE_LOCK_IMPORT,
  EA_STORE_LOCK_LOGINS,
  EA_STORE_LOCK_NONE,
} EaStoreLock;

gboolean      _ea_store_change              (EaStore           *self,
                                             EaStoreRunFunc     run,
                                             gpointer           data,
                                             GError           **error);
gboolean      _ea_store_change_locking      (EaStore           *self,
                                             EaStoreLock        lock,
                                             gint64             facility,
                                             EaStoreRunFunc     run,
                                             gpointer           data,
                                             GError           **error);
gboolean      _ea_store_begin               (EaStore           *self,
                                             GError           **error);
gboolean      _ea_store_begin_locking       (EaStore           *self,
                                             EaStoreLock        lock,
                                             gint64             facility,
                                             GError           **error);
typedef gboolean (*EaStoreFlushFunc) (EaStore    *self,
                                      GPtrArray  *items,
                                      GError    **error);
void          _ea_store_defer               (EaStore           *self,
                                             gpointer           item,
                                             GDestroyNotify     free_item,
                                             EaStoreFlushFunc   flush);
gboolean      _ea_store_links_at_commit     (EaStore           *self,
                                             gboolean          *counted);
gboolean      _ea_store_write_deferred      (EaStore           *self,
                                             GError           **error);
gboolean      _ea_store_commit              (EaStore           *self,
                                             GError           **error);
void          _ea_store_rollback            (EaStore           *self);
gboolean      _ea_store_finish              (EaStore           *self,
                                             gboolean           ok,
                                             GError           **error);
gboolean      _ea_store_begin_read          (EaStore           *self,
                                             GError           **error);
void          _ea_store_end_read            (EaStore           *self);
gboolean      _ea_store_follow_ids          (EaStore           *self,
                                             GError           **error);
gboolean      _ea_store_copy_rows           (EaStore           *source,
                                             EaStore           *target,
                                             gint64            *rows,
                                             guint             *contents,
                                             GError           **error);
gboolean      _ea_store_begin_all           (EaStore           *self,
                                             GError           **error);
gboolean      _ea_store_begin_all_locking   (EaStore           *self,
                                             EaStoreLock        lock,
                                             GError           **error);
gboolean      _ea_store_end_all             (EaStore           *self,
                                             gboolean           ok,
                                             GError           **error);
void          _ea_store_keep_quiet          (EaStore           *self);
gboolean      _ea_store_is_listening        (EaStore           *self);
int           _ea_store_listener_backend    (EaStore           *self);
gboolean      _ea_store_change_all          (EaStore           *self,
                                             EaStoreRunFunc     run,
                                             gpointer           data,
                                             GError           **error);
/* The documents' contents by SHA-256 (ea-store-blobs.c): files beside an
 * embedded database, rows of the database itself on a server; written and
 * read in pieces, checked against their name as they are written. */
typedef struct _EaBlobWriter EaBlobWriter;
typedef gboolean (*EaBlobPieceFunc) (const void  *bytes,
                                     gsize        length,
                                     gpointer     data,
                                     GError     **error);

EaBlobWriter *_ea_store_blob_writer_new     (EaStore           *self,
                                             const char        *sha,
                                             GError           **error);
gboolean      _ea_store_blob_writer_add     (EaBlobWriter      *writer,
                                             const void        *bytes,
                                             gsize              length,
                                             GError           **error);
int           _ea_store_blob_writer_finish  (EaBlobWriter      *writer,
                                             GError           **error);
void          _ea_store_blob_writer_cancel  (EaBlobWriter      *writer);
int           _ea_store_blob_put            (EaStore           *self,
                                             const char        *path,
                                             const char        *sha,
                                             GError           **error);
gboolean      _ea_store_blob_has            (EaStore           *self,
                                             const char        *sha);
void          _ea_store_blob_discard        (EaStore           *self,
                                             const char        *sha);
gboolean      _ea_store_blob_read           (EaStore           *self,
                                             const char        *sha,
                                             EaBlobPieceFunc    func,
                                             gpointer           data,
                                             GError           **error);
gboolean      _ea_store_blob_write_file     (EaStore           *self,
                                             const char        *sha,
                                             const char        *path,
                                             GError           **error);
char         *_ea_store_blob_dup_file       (EaStore           *self,
                                             const char        *sha,
                                             gboolean          *temporary,
                                             GError           **error);
void          _ea_store_blobs_remove_viewed (void);
void          _ea_store_blobs_find_orphans  (EaStore           *self,
                                             GPtrArray         *orphans,
                                             GPtrArray         *notes);
void          _ea_store_blobs_find_missing  (EaStore           *self,
                                             GPtrArray         *missing);
gboolean      _ea_store_blobs_copy          (EaStore           *source,
                                             EaStore           *target,
                                             guint             *n_copied,
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
void          _ea_store_bind_text_or_null   (EaStmt            *stmt,
                                             int                index,
                                             const char        *text);
void          _ea_store_bind_values         (EaStmt            *stmt,
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

/* The engine's own operations (ea-store-engine.c). */
gboolean      _ea_store_copy_into           (EaStore           *self,
                                             const char        *path,
                                             GError           **error);
gboolean      _ea_store_collect_rows        (EaStore           *self,
                                             const char        *sql,
                                             gboolean           skip_ok,
                                             GPtrArray         *rows,
                                             GError           **error);
gboolean      _ea_store_check_engine        (EaStore           *self,
                                             GPtrArray         *problems,
                                             GError           **error);
void          _ea_store_set_bulk            (EaStore           *self,
                                             gboolean           bulk);

/* The page cache of every connection, in KiB when negative: 16 MiB
 * instead of 2, since reading a district of 100,000 beds otherwise goes
 * back to the file for most pages. */
#define EA_STORE_CACHE_SIZE "-16384"

G_END_DECLS
