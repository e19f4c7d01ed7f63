/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-pg-private.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "ea-error.h"

/* PostgreSQL, the office's shared database, behind the same statements
 * as the embedded engine. The layers above write one SQL for both; this
 * file turns the store's parameters into PostgreSQL's ($1 …), names the
 * engine-specific words in PostgreSQL's terms, sends every value as text
 * with its type where PostgreSQL cannot infer it, and reads booleans as
 * 1 and 0, as SQLite gives them. */

/* Type numbers of pg_type that the engine names (server/catalog/pg_type_d.h
 * is not part of libpq's headers). */
#define BOOLOID    16
#define BYTEAOID   17
#define INT8OID    20
#define INT2OID    21
#define INT4OID    23
#define TEXTOID    25
#define OIDOID     26
#define FLOAT4OID  700
#define FLOAT8OID  701
#define NUMERICOID 1700

struct _EaPg
{
  PGconn   *conn;
  /* The last failure: its SQLSTATE ("" for none) and first line. */
  char      sqlstate[6];
  char     *message;
  int       changes;
  /* A transaction of ours is open: when the connection is lost in it,
   * nothing runs until it is rolled back, so that no statement of the
   * change runs on a new connection outside it. */
  gboolean  open;
  /* How long a change waits for another seat's lock, in ms; set again
   * on every new connection. */
  gint64    lock_limit_ms;
  /* The savepoint that began a transaction as in SQLite, or NULL. */
  char     *implicit;
  /* Statements kept prepared on the server are named ea_1, ea_2 …; a new
   * connection (after a reset) has none, so each knows its generation. */
  guint     next_name;
  guint     generation;
  /* The open change's transaction number, to learn after a connection
   * lost at its COMMIT whether the server committed it; and whether that
   * could not be learnt. */
  char      xid[24];
  gboolean  outcome_unknown;
};

struct _EaPgStmt
{
  EaPg       *pg;
  char       *sql;
  int         n_params;
  GPtrArray  *names;
  GByteArray *used;
  char      **values;
  int        *lengths;
  Oid        *types;
  gboolean    keep;
  char       *prepared;
  guint       generation;
  PGresult   *result;
  gboolean    executed;
  gboolean    failed;
  int         row;
  int         n_rows;
  /* Decoded bytea columns of the present row. */
  GPtrArray  *decoded;
};

/**
 * _ea_pg_is_address:
 * @address: what --db or EAKTE_DB says
 *
 * A PostgreSQL connection URI (postgresql://…, postgres://…) or libpq's
 * key=value form (service=NAME, host=… dbname=…) is a server; anything
 * else is a file of the embedded engine.
 */
gboolean
_ea_pg_is_address (const char *address)
{
  static const char *const keys[] = { "service=", "host=", "hostaddr=", "dbname=", "port=",
                                      "user=", NULL };

  if (address == NULL)
    return FALSE;
  if (g_str_has_prefix (address, "postgresql://") || g_str_has_prefix (address, "postgres://"))
    return TRUE;
  for (guint i = 0; keys[i] != NULL; i++)
    if (g_str_has_prefix (address, keys[i]))
      return TRUE;
  return FALSE;
}

void
_ea_pg_ignore_notice (void       *data,
                      const char *message)
{
  /* The server's notices ("table exists, skipping") are not for users,
   * and may quote values: never on stderr. */
}

static void
clear_failure (EaPg *pg)
{
  pg->sqlstate[0] = '\0';
  g_clear_pointer (&pg->message, g_free);
}

/* Keeps what went wrong: the SQLSTATE and the primary message only; the
 * server's DETAIL may quote the values of a row (a person's name), which
 * must not reach a message on stderr. */
static void
record_failure (EaPg     *pg,
                PGresult *result)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  clear_failure (pg);
  if (PQstatus (pg->conn) == CONNECTION_BAD)
    state = "08006";
  g_strlcpy (pg->sqlstate, state ? state : "XX000", sizeof pg->sqlstate);
  if (primary != NULL)
    pg->message = g_strdup (primary);
  else
    {
      const char *text = PQerrorMessage (pg->conn);
      pg->message = g_strstrip (g_strdup (text && *text ? text
                                                        : _("the database server gave no reason")));
    }
}

/* What every session of the server is given, on the first connection and
 * after each reconnect: no notices, and the limit of lock waits. */
static gboolean
set_up_session (EaPg *pg)
{
  g_autofree char *sql = g_strdup_printf ("SET client_min_messages = warning; "
                                          "SET lock_timeout = %" G_GINT64_FORMAT,
                                          pg->lock_limit_ms);
  PGresult *result;
  gboolean ok;

  PQsetNoticeProcessor (pg->conn, _ea_pg_ignore_notice, NULL);
  result = PQexec (pg->conn, sql);
  ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  if (!ok)
    record_failure (pg, result);
  PQclear (result);
  return ok;
}

/* What every connection of ours gives libpq besides the address (the
 * listening one of ea-store-pg-listen.c too). */
const char *const _ea_pg_connect_keywords[] = { "dbname", "application_name",
                                                "client_encoding", NULL };

/**
 * _ea_pg_connect:
 * @address: a connection URI or key=value string of libpq
 *
 * Connects as libpq does (passwords from ~/.pgpass, the service file or
 * the environment); an address that carries a password itself is
 * refused, since it would stand in shell histories and process lists.
 */
EaPg *
_ea_pg_connect (const char  *address,
                GError     **error)
{
  const char *values[] = { address, "eakte", "UTF8", NULL };
  char *parse_error = NULL;
  PQconninfoOption *options = PQconninfoParse (address, &parse_error);
  EaPg *pg;

  if (options == NULL)
    {
      /* Not the address itself: a mistyped one may hold a password. */
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("Cannot set up the connection to the database server: %s"),
                   parse_error ? g_strstrip (parse_error) : _("the address cannot be read"));
      PQfreemem (parse_error);
      return NULL;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if ((g_str_equal (o->keyword, "password") || g_str_equal (o->keyword, "sslpassword")) &&
        o->val != NULL && o->val[0] != '\0')
      {
        PQconninfoFree (options);
        g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                             _("The database address contains a password. Put the password "
                               "into ~/.pgpass or the service file (pg_service.conf) instead, "
                               "so that it never stands on a command line."));
        return NULL;
      }
  PQconninfoFree (options);

  pg = g_new0 (EaPg, 1);
  pg->conn = PQconnectdbParams (_ea_pg_connect_keywords, values, TRUE);
  if (PQstatus (pg->conn) != CONNECTION_OK)
    {
      g_autofree char *reason = g_strstrip (g_strdup (PQerrorMessage (pg->conn)));

      g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
                   _("Cannot connect to the database server: %s"), reason);
      _ea_pg_free (pg);
      return NULL;
    }
  if (!set_up_session (pg))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
                   _("Cannot connect to the database server: %s"), pg->message);
      _ea_pg_free (pg);
      return NULL;
    }
  return pg;
}

void
_ea_pg_free (EaPg *pg)
{
  if (pg == NULL)
    return;
  PQfinish (pg->conn);
  clear_failure (pg);
  g_free (pg->implicit);
  g_free (pg);
}

/* The server, port and database of the connection. */
char *
_ea_pg_identity (EaPg *pg)
{
  return g_strdup_printf ("postgresql://%s:%s/%s", PQhost (pg->conn), PQport (pg->conn),
                          PQdb (pg->conn));
}

/* After the server was restarted or the network was gone, a new
 * connection is made before the next statement, unless a transaction
 * was open: that one is lost, and the change that ran in it reports so. */
static gboolean
ensure_connection (EaPg *pg)
{
  if (PQstatus (pg->conn) == CONNECTION_OK)
    return TRUE;
  if (pg->open)
    {
      record_failure (pg, NULL);
      return FALSE;
    }
  PQreset (pg->conn);
  if (PQstatus (pg->conn) != CONNECTION_OK)
    {
      record_failure (pg, NULL);
      return FALSE;
    }
  pg->generation++;
  g_clear_pointer (&pg->implicit, g_free);
  return set_up_session (pg);
}

/* A change that waits for another seat's lock gives up after @limit and
 * says so (as the embedded engine's busy handler does). */
void
_ea_pg_set_lock_limit (EaPg      *pg,
                       GTimeSpan  limit)
{
  pg->lock_limit_ms = limit / 1000;
  if (ensure_connection (pg))
    set_up_session (pg);
}

/* A letter, digit or underscore: part of a name in SQL. */
gboolean
_ea_pg_is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* The name after @word ("SAVEPOINT x", "RELEASE x") in @sql, or NULL. */
static char *
savepoint_after (const char *sql,
                 const char *word)
{
  const char *at = strstr (sql, word);
  const char *end;

  if (at == NULL)
    return NULL;
  at += strlen (word);
  for (end = at; _ea_pg_is_word_char (*end); end++)
    ;
  return end > at ? g_strndup (at, end - at) : NULL;
}

/* Runs @sql, one or more statements without parameters. As in SQLite,
 * a SAVEPOINT outside a transaction begins one, and its RELEASE commits
 * it (the FlüAG report gathers its persons that way). */
gboolean
_ea_pg_exec (EaPg       *pg,
             const char *sql)
{
  g_autofree char *translated = _ea_pg_translate (sql, NULL, NULL, NULL);
  g_autofree char *release = NULL;
  gboolean ends_implicit = FALSE;
  PGresult *result;
  ExecStatusType status;

  if (!ensure_connection (pg))
    return FALSE;
  clear_failure (pg);
  /* A transaction that the savepoint began and that is gone (rolled back
   * on a failure) ends its emulation too. */
  if (pg->implicit != NULL && !_ea_pg_in_transaction (pg))
    g_clear_pointer (&pg->implicit, g_free);
  if (pg->implicit == NULL && !_ea_pg_in_transaction (pg))
    {
      pg->implicit = savepoint_after (translated, "SAVEPOINT ");
      if (pg->implicit != NULL && !_ea_pg_exec (pg, "BEGIN"))
        {
          g_clear_pointer (&pg->implicit, g_free);
          return FALSE;
        }
    }
  else if (pg->implicit != NULL)
    {
      release = savepoint_after (translated, "RELEASE ");
      if (g_strcmp0 (release, pg->implicit) == 0)
        {
          char *commit = g_strconcat (translated, "; COMMIT", NULL);

          g_clear_pointer (&pg->implicit, g_free);
          g_free (translated);
          translated = commit;
          ends_implicit = TRUE;
        }
    }
  result = PQexec (pg->conn, translated);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      record_failure (pg, result);
      g_debug ("The server refused %s: %s", translated, pg->message);
      PQclear (result);
      if (ends_implicit && _ea_pg_in_transaction (pg))
        PQclear (PQexec (pg->conn, "ROLLBACK"));
      return FALSE;
    }
  pg->changes = (int) g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
  PQclear (result);
  return TRUE;
}

gboolean
_ea_pg_in_transaction (EaPg *pg)
{
  PGTransactionStatusType status = PQtransactionStatus (pg->conn);

  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

/* Begins a transaction and takes @locks (calls of advisory lock
 * functions, separated by commas) for it, unless @locks is %NULL. */
gboolean
_ea_pg_begin (EaPg       *pg,
              const char *locks)
{
  g_autofree char *sql = locks != NULL
                         ? g_strdup_printf ("SELECT pg_current_xact_id ()::text, %s", locks)
                         : g_strdup ("SELECT pg_current_xact_id ()::text");
  PGresult *result;

  /* Read committed whatever the server's default: each statement after
   * the lock sees what the other seats committed before it. */
  pg->xid[0] = '\0';
  pg->outcome_unknown = FALSE;
  if (!_ea_pg_exec (pg, "BEGIN ISOLATION LEVEL READ COMMITTED"))
    return FALSE;
  pg->open = TRUE;
  result = PQexec (pg->conn, sql);
  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    {
      g_strlcpy (pg->xid, PQgetvalue (result, 0, 0), sizeof pg->xid);
      PQclear (result);
      return TRUE;
    }
  record_failure (pg, result);
  PQclear (result);
  _ea_pg_rollback (pg);
  return FALSE;
}

/* The connection was lost while COMMIT was on its way: the server may
 * have committed or not. A new connection asks it (pg_xact_status), so
 * that a change is never reported lost when it was stored (and entered
 * again by the user, twice), nor stored when it was lost. */
static gboolean
committed_after_all (EaPg *pg)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pg_xact_status ('%s'::xid8)", pg->xid);
  PGresult *result;
  gboolean committed = FALSE, aborted = FALSE;

  if (ensure_connection (pg))
    {
      result = PQexec (pg->conn, sql);
      if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1 &&
          !PQgetisnull (result, 0, 0))
        {
          committed = g_str_equal (PQgetvalue (result, 0, 0), "committed");
          aborted = g_str_equal (PQgetvalue (result, 0, 0), "aborted");
        }
      PQclear (result);
    }
  if (committed)
    {
      clear_failure (pg);
      return TRUE;
    }
  /* The failure stays the lost connection. */
  g_strlcpy (pg->sqlstate, "08006", sizeof pg->sqlstate);
  if (pg->message == NULL)
    pg->message = g_strdup (_("the connection was lost"));
  pg->outcome_unknown = !aborted;
  return FALSE;
}

/* Commits; PostgreSQL answers COMMIT on a transaction that a failed
 * statement has spoilt with a rollback, not an error: that is a failure
 * here, with the last failure's message kept. */
gboolean
_ea_pg_commit (EaPg *pg)
{
  gboolean ok;

  if (PQtransactionStatus (pg->conn) == PQTRANS_INERROR)
    {
      _ea_pg_rollback (pg);
      return FALSE;
    }
  ok = _ea_pg_exec (pg, "COMMIT");
  pg->open = FALSE;
  if (!ok && pg->xid[0] != '\0' && _ea_pg_connection_lost (pg))
    ok = committed_after_all (pg);
  pg->xid[0] = '\0';
  return ok;
}

/* Whether the last change's COMMIT was lost with the connection and the
 * server could not be asked whether it committed it. */
gboolean
_ea_pg_commit_outcome_unknown (EaPg *pg)
{
  return pg->outcome_unknown;
}

void
_ea_pg_rollback (EaPg *pg)
{
  if (PQstatus (pg->conn) == CONNECTION_OK && _ea_pg_in_transaction (pg))
    PQclear (PQexec (pg->conn, "ROLLBACK"));
  pg->open = FALSE;
}

gint64
_ea_pg_last_insert_id (EaPg *pg)
{
  PGresult *result = PQexec (pg->conn, "SELECT lastval ()");
  gint64 id = 0;

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return id;
}

/* The server process of the connection: a change's notice names it
 * (migrations/postgresql/0009-audit-at-commit.sql). */
int
_ea_pg_backend_pid (EaPg *pg)
{
  return PQbackendPID (pg->conn);
}

int
_ea_pg_changes (EaPg *pg)
{
  return pg->changes;
}

const char *
_ea_pg_sqlstate (EaPg *pg)
{
  return pg->sqlstate;
}

const char *
_ea_pg_message (EaPg *pg)
{
  return pg->message ? pg->message : "";
}

gboolean
_ea_pg_connection_lost (EaPg *pg)
{
  return PQstatus (pg->conn) == CONNECTION_BAD || g_str_has_prefix (pg->sqlstate, "08");
}


/* Statements. */

EaPgStmt *
_ea_pg_prepare (EaPg       *pg,
                const char *sql,
                gboolean    keep)
{
  EaPgStmt *stmt = g_new0 (EaPgStmt, 1);

  stmt->pg = pg;
  stmt->names = g_ptr_array_new_with_free_func (g_free);
  stmt->used = g_byte_array_new ();
  stmt->sql = _ea_pg_translate (sql, &stmt->n_params, stmt->names, stmt->used);
  stmt->values = g_new0 (char *, stmt->n_params + 1);
  stmt->lengths = g_new0 (int, stmt->n_params + 1);
  stmt->types = g_new0 (Oid, stmt->n_params + 1);
  stmt->keep = keep;
  stmt->decoded = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return stmt;
}

static void
clear_result (EaPgStmt *stmt)
{
  g_clear_pointer (&stmt->result, PQclear);
  g_ptr_array_set_size (stmt->decoded, 0);
  stmt->executed = FALSE;
  stmt->failed = FALSE;
  stmt->row = -1;
  stmt->n_rows = 0;
}

/* The types of the parameters, where PostgreSQL must be told: numbers
 * as numbers; a number the SQL never names (the gaps of ?101) as text,
 * or PostgreSQL could not type it; text and NULL untyped, so that the
 * server takes the type of what they are compared with or stored in. */
static Oid *
param_types (EaPgStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    if ((guint) i >= stmt->used->len || stmt->used->data[i] == 0)
      stmt->types[i] = TEXTOID;
  return stmt->types;
}

static PGresult *
execute (EaPgStmt *stmt)
{
  EaPg *pg = stmt->pg;
  const char *const *values = (const char *const *) stmt->values;

  if (!stmt->keep)
    return PQexecParams (pg->conn, stmt->sql, stmt->n_params, param_types (stmt), values, NULL,
                         NULL, 0);
  if (stmt->prepared == NULL || stmt->generation != pg->generation)
    {
      PGresult *prepared;

      g_free (stmt->prepared);
      stmt->prepared = g_strdup_printf ("ea_%u", ++pg->next_name);
      stmt->generation = pg->generation;
      prepared = PQprepare (pg->conn, stmt->prepared, stmt->sql, stmt->n_params,
                            param_types (stmt));
      if (PQresultStatus (prepared) != PGRES_COMMAND_OK)
        {
          g_clear_pointer (&stmt->prepared, g_free);
          return prepared;
        }
      PQclear (prepared);
    }
  return PQexecPrepared (pg->conn, stmt->prepared, stmt->n_params, values, NULL, NULL, 0);
}

int
_ea_pg_stmt_step (EaPgStmt *stmt)
{
  if (!stmt->executed)
    {
      ExecStatusType status;

      stmt->executed = TRUE;
      stmt->row = -1;
      if (!ensure_connection (stmt->pg))
        {
          stmt->failed = TRUE;
          return EA_PG_FAILED;
        }
      clear_failure (stmt->pg);
      stmt->result = execute (stmt);
      status = PQresultStatus (stmt->result);
      if (status == PGRES_TUPLES_OK)
        stmt->n_rows = PQntuples (stmt->result);
      else if (status == PGRES_COMMAND_OK)
        stmt->pg->changes = (int) g_ascii_strtoll (PQcmdTuples (stmt->result), NULL, 10);
      else
        {
          record_failure (stmt->pg, stmt->result);
          /* The SQL only, never its values: for developers
           * (G_MESSAGES_DEBUG=ea-store). */
          g_debug ("The server refused %s: %s", stmt->sql, stmt->pg->message);
          g_clear_pointer (&stmt->result, PQclear);
          stmt->failed = TRUE;
          return EA_PG_FAILED;
        }
    }
  if (stmt->failed)
    return EA_PG_FAILED;
  g_ptr_array_set_size (stmt->decoded, 0);
  if (stmt->row + 1 < stmt->n_rows)
    {
      stmt->row++;
      return EA_STMT_ROW;
    }
  stmt->row = stmt->n_rows;
  return EA_STMT_DONE;
}

void
_ea_pg_stmt_reset (EaPgStmt *stmt)
{
  clear_result (stmt);
}

void
_ea_pg_stmt_clear_bindings (EaPgStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      if (!stmt->keep || stmt->prepared == NULL)
        stmt->types[i] = 0;
    }
}

void
_ea_pg_stmt_free (EaPgStmt *stmt)
{
  if (stmt == NULL)
    return;
  clear_result (stmt);
  if (stmt->prepared != NULL && stmt->generation == stmt->pg->generation &&
      PQstatus (stmt->pg->conn) == CONNECTION_OK &&
      PQtransactionStatus (stmt->pg->conn) != PQTRANS_INERROR)
    {
      g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", stmt->prepared);
      PQclear (PQexec (stmt->pg->conn, sql));
    }
  _ea_pg_stmt_clear_bindings (stmt);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->types);
  g_free (stmt->prepared);
  g_free (stmt->sql);
  g_ptr_array_unref (stmt->names);
  g_byte_array_unref (stmt->used);
  g_ptr_array_unref (stmt->decoded);
  g_free (stmt);
}

gboolean
_ea_pg_stmt_busy (EaPgStmt *stmt)
{
  return stmt->executed && !stmt->failed && stmt->row < stmt->n_rows;
}

static void
bind_value (EaPgStmt *stmt,
            int       index,
            char     *value,
            Oid       type)
{
  if (index < 1 || index > stmt->n_params)
    {
      g_free (value);
      return;
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
  /* A statement prepared on the server keeps the types it was prepared
   * with; the values are text and the server reads them as those. */
  if (!stmt->keep || stmt->prepared == NULL)
    stmt->types[index - 1] = type;
}

void
_ea_pg_stmt_bind_int64 (EaPgStmt *stmt,
                        int       index,
                        gint64    value)
{
  bind_value (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), INT8OID);
}

void
_ea_pg_stmt_bind_double (EaPgStmt *stmt,
                         int       index,
                         double    value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  bind_value (stmt, index, g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value)), FLOAT8OID);
}

/* @text (NULL: SQL's NULL) is copied: @length bytes, or up to its end
 * when negative. */
void
_ea_pg_stmt_bind_text (EaPgStmt   *stmt,
                       int         index,
                       const char *text,
                       int         length)
{
  char *value = NULL;

  if (text != NULL)
    value = length < 0 ? g_strdup (text) : g_strndup (text, length);
  bind_value (stmt, index, value, 0);
}

/* Bytes go as bytea's hex text ("\\x00ff…"): twice their size on the
 * way, but a value like every other, and never more than a document's
 * piece (ea-store-blobs.c). */
void
_ea_pg_stmt_bind_bytes (EaPgStmt   *stmt,
                        int         index,
                        const void *bytes,
                        gsize       length)
{
  static const char digits[] = "0123456789abcdef";
  const guchar *in = bytes;
  char *value = g_malloc (2 * length + 3);

  value[0] = '\\';
  value[1] = 'x';
  for (gsize i = 0; i < length; i++)
    {
      value[2 + 2 * i] = digits[in[i] >> 4];
      value[3 + 2 * i] = digits[in[i] & 0xf];
    }
  value[2 + 2 * length] = '\0';
  bind_value (stmt, index, value, BYTEAOID);
}

int
_ea_pg_stmt_bind_index (EaPgStmt   *stmt,
                        const char *name)
{
  /* The store's names come with their sign (":name"). */
  if (name[0] == ':' || name[0] == '@' || name[0] == '$')
    name++;
  for (guint i = 0; i < stmt->names->len; i++)
    if (g_str_equal (g_ptr_array_index (stmt->names, i), name))
      return (int) i + 1;
  return 0;
}

int
_ea_pg_stmt_n_params (EaPgStmt *stmt)
{
  return stmt->n_params;
}

static gboolean
on_row (EaPgStmt *stmt,
        int       column)
{
  return stmt->result != NULL && stmt->row >= 0 && stmt->row < stmt->n_rows &&
         column >= 0 && column < PQnfields (stmt->result);
}

const char *
_ea_pg_stmt_column_text (EaPgStmt *stmt,
                         int       column)
{
  const char *value;

  if (!on_row (stmt, column) || PQgetisnull (stmt->result, stmt->row, column))
    return NULL;
  value = PQgetvalue (stmt->result, stmt->row, column);
  if (PQftype (stmt->result, column) == BOOLOID)
    return value[0] == 't' ? "1" : "0";
  return value;
}

gint64
_ea_pg_stmt_column_int64 (EaPgStmt *stmt,
                          int       column)
{
  const char *value = _ea_pg_stmt_column_text (stmt, column);

  if (value == NULL)
    return 0;
  if (PQftype (stmt->result, column) == FLOAT8OID ||
      PQftype (stmt->result, column) == FLOAT4OID ||
      PQftype (stmt->result, column) == NUMERICOID)
    return (gint64) g_ascii_strtod (value, NULL);
  return g_ascii_strtoll (value, NULL, 10);
}

double
_ea_pg_stmt_column_double (EaPgStmt *stmt,
                           int       column)
{
  const char *value = _ea_pg_stmt_column_text (stmt, column);

  return value ? g_ascii_strtod (value, NULL) : 0.0;
}

const void *
_ea_pg_stmt_column_bytes (EaPgStmt *stmt,
                          int       column,
                          gsize    *length)
{
  GBytes *bytes;
  unsigned char *raw;
  size_t n = 0;

  *length = 0;
  if (!on_row (stmt, column) || PQgetisnull (stmt->result, stmt->row, column))
    return NULL;
  if (PQftype (stmt->result, column) != BYTEAOID)
    {
      *length = PQgetlength (stmt->result, stmt->row, column);
      return _ea_pg_stmt_column_text (stmt, column);
    }
  if ((guint) column < stmt->decoded->len && g_ptr_array_index (stmt->decoded, column) != NULL)
    return g_bytes_get_data (g_ptr_array_index (stmt->decoded, column), length);
  raw = PQunescapeBytea ((const unsigned char *) PQgetvalue (stmt->result, stmt->row, column),
                         &n);
  if (raw == NULL)
    return NULL;
  bytes = g_bytes_new (raw, n);
  PQfreemem (raw);
  if (stmt->decoded->len <= (guint) column)
    g_ptr_array_set_size (stmt->decoded, column + 1);
  g_ptr_array_index (stmt->decoded, column) = bytes;
  return g_bytes_get_data (bytes, length);
}

EaStmtType
_ea_pg_stmt_column_kind (EaPgStmt *stmt,
                         int       column)
{
  if (!on_row (stmt, column) || PQgetisnull (stmt->result, stmt->row, column))
    return EA_STMT_NULL;
  switch (PQftype (stmt->result, column))
    {
    case BOOLOID:
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case OIDOID:
      return EA_STMT_INTEGER;
    case FLOAT4OID:
    case FLOAT8OID:
    case NUMERICOID:
      return EA_STMT_FLOAT;
    case BYTEAOID:
      return EA_STMT_BLOB;
    default:
      return EA_STMT_TEXT;
    }
}

int
_ea_pg_stmt_n_columns (EaPgStmt *stmt)
{
  if (stmt->result == NULL && !stmt->executed)
    {
      /* SQLite knows the columns before the first step; the server tells
       * them when asked to describe the statement. */
      PGresult *described;
      int n;

      if (!stmt->keep || stmt->prepared == NULL)
        return 0;
      described = PQdescribePrepared (stmt->pg->conn, stmt->prepared);
      n = PQnfields (described);
      PQclear (described);
      return n;
    }
  return stmt->result ? PQnfields (stmt->result) : 0;
}

const char *
_ea_pg_stmt_column_name (EaPgStmt *stmt,
                         int       column)
{
  if (stmt->result == NULL || column < 0 || column >= PQnfields (stmt->result))
    return NULL;
  return PQfname (stmt->result, column);
}
