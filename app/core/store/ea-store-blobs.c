/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-pg-private.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ea-error.h"

/* The documents' contents, kept once each and named by their SHA-256
 * (the rows of `blobs` say what they are; see ea-documents.c).
 *
 * Beside an embedded database they are files in its folder
 * (documents/ab/cdef…). On a server they live in the database itself, so
 * that every seat opens the same documents: in rows of `blob_parts` of at
 * most one part each. Both are written and read one part at a time, so a
 * 100 MB scan is never held whole in memory, and both check the content
 * against its name as it is written: a file that changed on the way, or a
 * copy that was damaged, is refused. */

#define PART_SIZE (1024 * 1024)

/* The SHA-256 of nothing: a blob without parts. */
#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static gboolean
in_database (EaStore *store)
{
  return _ea_store_get_pg (store) != NULL;
}

static gboolean
is_sha (const char *sha)
{
  return sha != NULL && strlen (sha) == 64 && strspn (sha, "0123456789abcdef") == 64;
}

static char *
blob_path (EaStore    *store,
           const char *sha)
{
  g_autofree char *dir = ea_store_dup_documents_dir (store);
  g_autofree char *prefix = g_strndup (sha, 2);
  g_autofree char *path = g_build_filename (dir, prefix, sha + 2, NULL);

  /* Absolute, so that it can be handed on as a URI. */
  return g_canonicalize_filename (path, NULL);
}

/* Files that a change stores before its transaction commits are noted
 * in documents/.pending/DB-PID (DB names the database, PID the process):
 * once that process has ended, a file it noted that no blob of this
 * database names was left by a change that never committed (an import or
 * an upload that was killed), and the orphan check may take it. */
static char *
pending_folder (EaStore *store)
{
  g_autofree char *dir = ea_store_dup_documents_dir (store);

  return g_build_filename (dir, ".pending", NULL);
}

static char *
database_key (EaStore *store)
{
  g_autofree char *path = ea_store_dup_identity (store);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);

  return g_strndup (sum, 16);
}

static void
note_pending (EaStore    *store,
              const char *sha)
{
  g_autofree char *folder = pending_folder (store);
  g_autofree char *key = database_key (store);
  g_autofree char *name = g_strdup_printf ("%s-%d", key, (int) getpid ());
  g_autofree char *note = g_build_filename (folder, name, NULL);
  g_autofree char *line = g_strconcat (sha, "\n", NULL);
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    return;
  fd = g_open (note, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return;
  if (write (fd, line, strlen (line)) < 0)
    g_debug ("cannot note a pending file: %s", g_strerror (errno));
  close (fd);
}

/* Whether process @pid still runs (or may: another user's). */
static gboolean
process_lives (gint64 pid)
{
  return pid > 0 && pid <= G_MAXINT && (kill ((pid_t) pid, 0) == 0 || errno == EPERM);
}

static gboolean
has_blob_row (EaStore    *store,
              const char *sha)
{
  return _ea_store_query_int (store, "SELECT count (*) FROM blobs WHERE sha256 = ?1", "s",
                              sha) > 0;
}

/**
 * _ea_store_blob_has:
 * @sha: a SHA-256
 *
 * Returns: whether the content named @sha is kept, whole: the file, or
 *   on a server parts of the size its blob says
 */
gboolean
_ea_store_blob_has (EaStore    *self,
                    const char *sha)
{
  g_autofree char *path = NULL;

  if (!is_sha (sha))
    return FALSE;
  if (in_database (self))
    return _ea_store_query_int (self,
                                "SELECT count (*) FROM blobs b WHERE b.sha256 = ?1 AND b.size = "
                                "(SELECT coalesce (sum (length (p.bytes)), 0) FROM blob_parts p "
                                "WHERE p.sha256 = ?1)", "s", sha) > 0;
  path = blob_path (self, sha);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* Writing. */

struct _EaBlobWriter
{
  EaStore   *store;
  char      *sha;
  GChecksum *checksum;
  gboolean   there;     /* kept already: what comes is only checked */
  /* In a folder: the part file being written. */
  char      *part;
  int        fd;
  /* In the database: the part being filled, and its number. */
  GByteArray *buffer;
  int         n_parts;
};

static void
writer_free (EaBlobWriter *w)
{
  if (w->fd >= 0)
    close (w->fd);
  if (w->part != NULL)
    g_unlink (w->part);
  g_clear_pointer (&w->buffer, g_byte_array_unref);
  g_checksum_free (w->checksum);
  g_free (w->part);
  g_free (w->sha);
  g_free (w);
}

/**
 * _ea_store_blob_writer_new:
 * @sha: the SHA-256 the content will have
 *
 * Begins to keep a content, inside the change's transaction: on a server
 * its parts go with the transaction; beside a file the file is noted as
 * pending until the change commits (see _ea_store_blobs_find_orphans()).
 * When it is kept already, what is written is only checked.
 *
 * Returns: (transfer full): the writer, or %NULL on a failure
 */
EaBlobWriter *
_ea_store_blob_writer_new (EaStore     *self,
                           const char  *sha,
                           GError     **error)
{
  EaBlobWriter *w;

  if (!is_sha (sha))
    {
      ea_error_set (error, EA_ERROR_INVALID, _("“%s” is not a SHA-256."), sha);
      return NULL;
    }
  w = g_new0 (EaBlobWriter, 1);
  w->store = self;
  w->sha = g_strdup (sha);
  w->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  w->fd = -1;
  if (in_database (self))
    {
      w->there = g_str_equal (sha, EMPTY_SHA)
                 ? has_blob_row (self, sha)
                 : _ea_store_query_int (self, "SELECT count (*) FROM blob_parts "
                                              "WHERE sha256 = ?1 AND part = 0", "s", sha) > 0;
      if (!w->there)
        w->buffer = g_byte_array_sized_new (PART_SIZE);
      return w;
    }
  else
    {
      g_autofree char *target = blob_path (self, sha);
      g_autofree char *dir = g_path_get_dirname (target);

      w->there = g_file_test (target, G_FILE_TEST_EXISTS);
      if (w->there)
        return w;
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          ea_error_set (error, EA_ERROR_FAILED, _("Cannot create the document store: %s."),
                        g_strerror (errno));
          writer_free (w);
          return NULL;
        }
      w->part = g_strdup_printf ("%s.part-%d", target, (int) getpid ());
      g_unlink (w->part);
      note_pending (self, sha);
      w->fd = _ea_store_create_private_file (w->part, error);
      if (w->fd < 0)
        {
          g_clear_pointer (&w->part, g_free);
          writer_free (w);
          return NULL;
        }
      return w;
    }
}

static gboolean
flush_part (EaBlobWriter  *w,
            GError       **error)
{
  g_autoptr(EaStmt) stmt = NULL;

  if (w->buffer->len == 0)
    return TRUE;
  stmt = _ea_store_prepare (w->store, "INSERT INTO blob_parts (sha256, part, bytes) "
                                      "VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text (stmt, 1, w->sha);
  _ea_stmt_bind_int64 (stmt, 2, w->n_parts);
  _ea_stmt_bind_blob (stmt, 3, w->buffer->data, w->buffer->len);
  if (_ea_stmt_step (stmt) != EA_STMT_DONE)
    return _ea_store_set_error (w->store, error, _("Cannot store the document"));
  w->n_parts++;
  g_byte_array_set_size (w->buffer, 0);
  return TRUE;
}

gboolean
_ea_store_blob_writer_add (EaBlobWriter  *w,
                           const void    *bytes,
                           gsize          length,
                           GError       **error)
{
  const guint8 *p = bytes;

  g_checksum_update (w->checksum, bytes, length);
  if (w->there)
    return TRUE;
  if (w->fd >= 0)
    return _ea_store_write_all (w->fd, w->part, bytes, length, error);
  while (length > 0)
    {
      gsize n = MIN (length, (gsize) PART_SIZE - w->buffer->len);

      g_byte_array_append (w->buffer, p, n);
      p += n;
      length -= n;
      if (w->buffer->len == PART_SIZE && !flush_part (w, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * _ea_store_blob_writer_finish:
 * @w: (transfer full): the writer
 *
 * Keeps what was written when its SHA-256 is the one it was begun with;
 * otherwise (the file changed on the way, a damaged copy) nothing.
 *
 * Returns: 1 when the content was kept now, 0 when it was there already,
 *   -1 on a failure
 */
int
_ea_store_blob_writer_finish (EaBlobWriter  *w,
                              GError       **error)
{
  gboolean there = w->there;
  int result = -1;

  if (!g_str_equal (g_checksum_get_string (w->checksum), w->sha))
    ea_error_set (error, EA_ERROR_FAILED,
                  _("The content of document %s does not match its SHA-256: it changed while "
                    "it was stored, or it is damaged."), w->sha);
  else if (there)
    result = 0;
  else if (w->buffer != NULL)
    result = flush_part (w, error) ? 1 : -1;
  else
    {
      g_autofree char *target = blob_path (w->store, w->sha);
      int fd = w->fd;

      w->fd = -1;
      if (fsync (fd) != 0 || close (fd) != 0 || g_rename (w->part, target) != 0)
        ea_error_set (error, EA_ERROR_FAILED, _("Cannot store the document: %s."),
                      g_strerror (errno));
      else
        {
          g_clear_pointer (&w->part, g_free);
          result = 1;
        }
    }
  writer_free (w);
  return result;
}

void
_ea_store_blob_writer_cancel (EaBlobWriter *w)
{
  if (w != NULL)
    writer_free (w);
}

/**
 * _ea_store_blob_put:
 * @path: a file, read in pieces
 * @sha: its SHA-256
 *
 * Keeps the file's content unless it is kept already; see
 * _ea_store_blob_writer_new().
 *
 * Returns: 1 when it was kept now, 0 when it was there, -1 on a failure
 */
int
_ea_store_blob_put (EaStore     *self,
                    const char  *path,
                    const char  *sha,
                    GError     **error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree guchar *buffer = NULL;
  EaBlobWriter *w;
  FILE *in;
  gsize n;

  in = fopen (path, "rb");
  if (in == NULL)
    {
      ea_error_set (error, EA_ERROR_NOT_FOUND, _("Cannot read “%s”: %s."), name,
                    g_strerror (errno));
      return -1;
    }
  w = _ea_store_blob_writer_new (self, sha, error);
  if (w == NULL)
    {
      fclose (in);
      return -1;
    }
  buffer = g_malloc (64 * 1024);
  while ((n = fread (buffer, 1, 64 * 1024, in)) > 0)
    if (!_ea_store_blob_writer_add (w, buffer, n, error))
      {
        fclose (in);
        _ea_store_blob_writer_cancel (w);
        return -1;
      }
  if (ferror (in))
    {
      ea_error_set (error, EA_ERROR_FAILED, _("Cannot read “%s”: %s."), name, g_strerror (errno));
      fclose (in);
      _ea_store_blob_writer_cancel (w);
      return -1;
    }
  fclose (in);
  return _ea_store_blob_writer_finish (w, error);
}

/**
 * _ea_store_blob_discard:
 * @sha: a content that no blob names any more
 *
 * After a change that kept it was rolled back, or after its blob was
 * deleted: the file goes. On a server its parts went with the
 * transaction, and nothing is left to do.
 */
void
_ea_store_blob_discard (EaStore    *self,
                        const char *sha)
{
  g_autofree char *path = NULL;

  if (in_database (self) || !is_sha (sha))
    return;
  path = blob_path (self, sha);
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_warning ("Cannot remove a document file that is no longer used: %s", g_strerror (errno));
}

/* Reading. */

/**
 * _ea_store_blob_read:
 * @sha: the content
 * @func: called with each piece in order
 *
 * Returns: %FALSE when the content is missing or cannot be read, or when
 *   @func returned %FALSE
 */
gboolean
_ea_store_blob_read (EaStore          *self,
                     const char       *sha,
                     EaBlobPieceFunc   func,
                     gpointer          data,
                     GError          **error)
{
  if (!is_sha (sha))
    return ea_error_set (error, EA_ERROR_INVALID, _("“%s” is not a SHA-256."), sha);
  if (in_database (self))
    {
      gint64 size = _ea_store_query_int (self, "SELECT size FROM blobs WHERE sha256 = ?1", "s",
                                         sha);
      gint64 done = 0;
      g_autoptr(EaStmt) stmt = _ea_store_prepare (self, "SELECT bytes FROM blob_parts "
                                                        "WHERE sha256 = ?1 AND part = ?2", error);

      if (stmt == NULL)
        return FALSE;
      /* One part per query: the server's answer is held whole. */
      for (int part = 0; done < size; part++)
        {
          const void *bytes;
          gsize length = 0;

          _ea_stmt_reset (stmt);
          _ea_stmt_bind_text (stmt, 1, sha);
          _ea_stmt_bind_int64 (stmt, 2, part);
          if (_ea_stmt_step (stmt) != EA_STMT_ROW ||
              (bytes = _ea_stmt_column_bytes (stmt, 0, &length)) == NULL || length == 0)
            return ea_error_set (error, EA_ERROR_NOT_FOUND,
                                 _("The document's content is missing from the database; "
                                   "restore it from a backup."));
          if (!func (bytes, length, data, error))
            return FALSE;
          done += length;
        }
      return TRUE;
    }
  else
    {
      g_autofree char *path = blob_path (self, sha);
      g_autofree guchar *buffer = NULL;
      FILE *in = fopen (path, "rb");
      gboolean ok = TRUE;
      gsize n;

      if (in == NULL)
        return ea_error_set (error, EA_ERROR_NOT_FOUND,
                             _("The document's file is missing from the document store; "
                               "restore it from a backup."));
      buffer = g_malloc (PART_SIZE);
      while (ok && (n = fread (buffer, 1, PART_SIZE, in)) > 0)
        ok = func (buffer, n, data, error);
      if (ok && ferror (in))
        ok = ea_error_set (error, EA_ERROR_FAILED, _("Cannot read the document's file: %s."),
                           g_strerror (errno));
      fclose (in);
      return ok;
    }
}

typedef struct
{
  int         fd;
  const char *path;
} FileOut;

static gboolean
write_piece (const void  *bytes,
             gsize        length,
             gpointer     data,
             GError     **error)
{
  FileOut *out = data;

  return _ea_store_write_all (out->fd, out->path, bytes, length, error);
}

/**
 * _ea_store_blob_write_file:
 * @sha: the content
 * @path: a new file, owner-only; it must not exist
 *
 * Returns: %FALSE on a failure; then no file is left behind
 */
gboolean
_ea_store_blob_write_file (EaStore     *self,
                           const char  *sha,
                           const char  *path,
                           GError     **error)
{
  FileOut out = { _ea_store_create_private_file (path, error), path };

  if (out.fd < 0)
    return FALSE;
  if (!_ea_store_blob_read (self, sha, write_piece, &out, error))
    {
      close (out.fd);
      g_unlink (path);
      return FALSE;
    }
  if (close (out.fd) != 0)
    {
      g_unlink (path);
      return ea_error_set (error, EA_ERROR_FAILED, _("Cannot write the file: %s."),
                           g_strerror (errno));
    }
  return TRUE;
}

/* Copies of a server's documents that this process made to show them:
 * in the user's runtime folder (memory, the user's alone, emptied at
 * logout), one folder per process, which goes with it. */
static char *
viewing_folder (int pid)
{
  g_autofree char *name = g_strdup_printf ("eakte-documents-%d", pid);

  return g_build_filename (g_get_user_runtime_dir (), name, NULL);
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (folder, name, NULL);

      g_unlink (file);
    }
  g_rmdir (folder);
}

/* The folder of this process's copies, once it is made: in the user's
 * runtime folder; where that cannot hold it (none set, or a test's
 * /dev/null), a private folder of its own in the temporary folder, made
 * with a name nobody could have taken before. */
static char *viewing;
G_LOCK_DEFINE_STATIC (viewing);

static char *
ensure_viewing_folder (GError **error)
{
  g_autofree char *folder = NULL;
  char *made;

  G_LOCK (viewing);
  /* Made once, unless it went away (a test's folders do). */
  if (viewing != NULL && g_file_test (viewing, G_FILE_TEST_IS_DIR))
    {
      folder = g_strdup (viewing);
      G_UNLOCK (viewing);
      return g_steal_pointer (&folder);
    }
  g_clear_pointer (&viewing, g_free);
  folder = viewing_folder (getpid ());
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_clear_pointer (&folder, g_free);
      made = g_dir_make_tmp ("eakte-documents-XXXXXX", NULL);
      if (made == NULL)
        {
          G_UNLOCK (viewing);
          ea_error_set (error, EA_ERROR_FAILED, _("Cannot create a folder for the document: %s."),
                        g_strerror (saved));
          return NULL;
        }
      folder = made;
    }
  viewing = g_strdup (folder);
  G_UNLOCK (viewing);
  return g_steal_pointer (&folder);
}

/* What processes that were killed left behind. */
static void
remove_stale_viewing_folders (void)
{
  g_autoptr(GDir) dir = g_dir_open (g_get_user_runtime_dir (), 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "eakte-documents-"))
      {
        gint64 pid = g_ascii_strtoll (name + strlen ("eakte-documents-"), NULL, 10);

        if (pid != getpid () && !process_lives (pid))
          {
            g_autofree char *folder = g_build_filename (g_get_user_runtime_dir (), name, NULL);

            remove_folder (folder);
          }
      }
}

/**
 * _ea_store_blob_dup_file:
 * @sha: the content
 * @temporary: (out): whether the file is a copy the caller removes when
 *   done with it (g_unlink()); it is removed at the latest when the
 *   process ends normally
 *
 * A file with the content, for a viewer or a reader of its text: the
 * file store's own file, or a copy of a server's content.
 *
 * Returns: (transfer full): the file's absolute path, or %NULL
 */
char *
_ea_store_blob_dup_file (EaStore     *self,
                         const char  *sha,
                         gboolean    *temporary,
                         GError     **error)
{
  static gsize cleaned = 0;
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  static gint counter;

  *temporary = FALSE;
  if (!is_sha (sha))
    {
      ea_error_set (error, EA_ERROR_INVALID, _("“%s” is not a SHA-256."), sha);
      return NULL;
    }
  if (!in_database (self))
    {
      path = blob_path (self, sha);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          ea_error_set (error, EA_ERROR_NOT_FOUND,
                        _("The document's file is missing from the document store; restore it "
                          "from a backup."));
          return NULL;
        }
      return g_steal_pointer (&path);
    }

  if (g_once_init_enter (&cleaned))
    {
      remove_stale_viewing_folders ();
      g_once_init_leave (&cleaned, 1);
    }
  folder = ensure_viewing_folder (error);
  if (folder == NULL)
    return NULL;
  name = g_strdup_printf ("%.16s-%d", sha, g_atomic_int_add (&counter, 1));
  path = g_build_filename (folder, name, NULL);
  if (!_ea_store_blob_write_file (self, sha, path, error))
    return NULL;
  *temporary = TRUE;
  return g_steal_pointer (&path);
}

/**
 * _ea_store_blobs_remove_viewed:
 *
 * Removes the copies that this process made to show a server's
 * documents; when the application quits.
 */
void
_ea_store_blobs_remove_viewed (void)
{
  g_autofree char *folder = NULL;

  G_LOCK (viewing);
  folder = g_strdup (viewing);
  G_UNLOCK (viewing);
  if (folder == NULL)
    folder = viewing_folder (getpid ());
  remove_folder (folder);
}

/* Checks. */

/**
 * _ea_store_blobs_find_orphans:
 * @orphans: (element-type utf8): receives the files' paths
 * @notes: (element-type utf8) (nullable): receives the notes that named
 *   them, to remove with them
 *
 * The files of the document store that a change left behind without
 * committing: noted by a process of this database that has ended and not
 * named by any blob, and copies it did not finish (`.part-PID`). A
 * server's parts go with their transaction: there are none.
 */
void
_ea_store_blobs_find_orphans (EaStore   *self,
                              GPtrArray *orphans,
                              GPtrArray *notes)
{
  g_autofree char *folder = NULL;
  g_autofree char *key = NULL;
  g_autofree char *documents = NULL;
  g_autoptr(GDir) pending = NULL;
  g_autoptr(GDir) top = NULL;
  const char *name;

  if (in_database (self))
    return;
  folder = pending_folder (self);
  key = database_key (self);
  documents = ea_store_dup_documents_dir (self);
  pending = g_dir_open (folder, 0, NULL);
  top = g_dir_open (documents, 0, NULL);
  while (pending != NULL && (name = g_dir_read_name (pending)) != NULL)
    {
      g_autofree char *note = g_build_filename (folder, name, NULL);
      g_autofree char *text = NULL;
      g_auto(GStrv) shas = NULL;

      if (!g_str_has_prefix (name, key) || name[strlen (key)] != '-' ||
          process_lives (g_ascii_strtoll (name + strlen (key) + 1, NULL, 10)) ||
          !g_file_get_contents (note, &text, NULL, NULL))
        continue;
      shas = g_strsplit (text, "\n", -1);
      for (guint i = 0; shas[i] != NULL; i++)
        {
          g_autofree char *file = NULL;

          if (!is_sha (shas[i]) || has_blob_row (self, shas[i]))
            continue;
          file = blob_path (self, shas[i]);
          if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (orphans, g_steal_pointer (&file));
        }
      if (notes != NULL)
        g_ptr_array_add (notes, g_steal_pointer (&note));
    }

  /* Copies a process began and did not finish. */
  while (top != NULL && (name = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub = g_build_filename (documents, name, NULL);
      g_autoptr(GDir) dir = NULL;
      const char *file;

      if (strlen (name) != 2 || (dir = g_dir_open (sub, 0, NULL)) == NULL)
        continue;
      while ((file = g_dir_read_name (dir)) != NULL)
        {
          const char *part = strstr (file, ".part-");

          if (part != NULL && !process_lives (g_ascii_strtoll (part + 6, NULL, 10)))
            g_ptr_array_add (orphans, g_build_filename (sub, file, NULL));
        }
    }
}

/**
 * _ea_store_blobs_find_missing:
 * @missing: (element-type utf8): receives the SHA-256 of each blob whose
 *   content is not kept whole
 */
void
_ea_store_blobs_find_missing (EaStore   *self,
                              GPtrArray *missing)
{
  g_autoptr(EaStmt) stmt = NULL;

  if (in_database (self))
    stmt = _ea_store_prepare (self,
                              "SELECT b.sha256 FROM blobs b WHERE b.size <> "
                              "(SELECT coalesce (sum (length (p.bytes)), 0) FROM blob_parts p "
                              "WHERE p.sha256 = b.sha256) ORDER BY 1", NULL);
  else
    stmt = _ea_store_prepare (self, "SELECT sha256 FROM blobs ORDER BY 1", NULL);
  while (stmt != NULL && _ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      const char *sha = _ea_stmt_column_text (stmt, 0);
      g_autofree char *file = NULL;

      if (in_database (self))
        {
          g_ptr_array_add (missing, g_strdup (sha));
          continue;
        }
      file = blob_path (self, sha);
      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (missing, g_strdup (sha));
    }
}

/* Copying. */

static gboolean
add_piece (const void  *bytes,
           gsize        length,
           gpointer     data,
           GError     **error)
{
  return _ea_store_blob_writer_add (data, bytes, length, error);
}

/**
 * _ea_store_blobs_copy:
 * @source: the database @target's rows were copied from
 * @target: the copy, inside the transaction that copied its rows
 * @n_copied: (inout): counts the contents copied
 *
 * Copies the content of every blob that @target names from @source,
 * checked against its SHA-256 on the way: a content that is missing or
 * no longer matches its name stops the copy with a message that names
 * it.
 */
gboolean
_ea_store_blobs_copy (EaStore  *source,
                      EaStore  *target,
                      guint    *n_copied,
                      GError  **error)
{
  g_autoptr(GPtrArray) shas = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EaStmt) stmt = _ea_store_prepare (target, "SELECT sha256 FROM blobs ORDER BY 1",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    g_ptr_array_add (shas, g_strdup (_ea_stmt_column_text (stmt, 0)));
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (target, error, _("Cannot read the documents"));
  for (guint i = 0; i < shas->len; i++)
    {
      const char *sha = g_ptr_array_index (shas, i);
      g_autoptr(GError) local = NULL;
      EaBlobWriter *w = _ea_store_blob_writer_new (target, sha, error);
      int kept;

      if (w == NULL)
        return FALSE;
      if (!_ea_store_blob_read (source, sha, add_piece, w, &local))
        {
          _ea_store_blob_writer_cancel (w);
          return ea_error_set (error, EA_ERROR_FAILED,
                               _("The document %s cannot be copied: %s Restore it from a backup "
                                 "before copying."), sha, local->message);
        }
      kept = _ea_store_blob_writer_finish (w, &local);
      if (kept < 0)
        return ea_error_set (error, EA_ERROR_FAILED,
                             _("The document %s cannot be copied: %s Restore it from a backup "
                               "before copying."), sha, local->message);
      *n_copied += kept;
    }
  return TRUE;
}
