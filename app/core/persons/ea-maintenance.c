/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-maintenance"

#include "config.h"

#include "ea-maintenance.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-documents-private.h"
#include "ea-error.h"
#include "ea-persons-sql-private.h"
#include "ea-store-private.h"

/* Flushes the folder that holds @path, so that a rename in it survives a
 * power cut. */
static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Gives @from the name @to unless @to exists: the name appears only when
 * the file is complete, and an existing backup is never replaced. */
static int
rename_no_replace (const char *from,
                   const char *to)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;
  /* A file system without renameat2 (): a hard link does not replace. */
  if (link (from, to) != 0)
    return -1;
  g_unlink (from);
  return 0;
}

/**
 * ea_maintenance_backup:
 * @session: an administrator's session
 * @destination: the new file; it must not exist
 * @error: a #GError
 *
 * Writes a consistent copy of the database while it is in use (SQLite's
 * `VACUUM INTO` reads one snapshot). The copy is readable by the owner
 * only. It is written to `DESTINATION.unfinished` and takes its name only
 * when it is complete and on disk, so a backup that is killed leaves no
 * file under the name, and the next one begins again.
 */
gboolean
ea_maintenance_backup (EaSession   *session,
                       const char  *destination,
                       GError     **error)
{
  EaStore *store;
  g_autofree char *absolute = NULL;
  g_autofree char *unfinished = NULL;
  int fd;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_MAINTAIN_DATABASE, 0, error))
    return FALSE;

  store = ea_session_get_store (session);
  absolute = g_canonicalize_filename (destination, NULL);
  unfinished = g_strconcat (absolute, ".unfinished", NULL);
  if (g_strcmp0 (absolute, ea_store_get_path (store)) == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The backup cannot replace the database itself."));
      return FALSE;
    }
  if (g_file_test (absolute, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_EXISTS,
                   _("Cannot write the backup to %s: the file exists already."), destination);
      return FALSE;
    }

  /* What a killed backup left is begun again. The file is created empty
   * and private first, so the copy is never readable by others, not even
   * for a moment. */
  g_unlink (unfinished);
  fd = g_open (unfinished, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("Cannot write the backup to %s: %s"), destination, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!_ea_store_copy_into (store, unfinished, error))
    goto fail;
  fd = g_open (unfinished, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) != 0 || close (fd) != 0 || rename_no_replace (unfinished, absolute))
    {
      int saved = errno;

      g_set_error (error, EA_ERROR, saved == EEXIST ? EA_ERROR_EXISTS : EA_ERROR_FAILED,
                   _("Cannot write the backup to %s: %s"), destination, g_strerror (saved));
      goto fail;
    }
  sync_folder (absolute);

  if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "backup", .object_type = "database",
                                                     .detail = absolute }, error))
    {
      g_unlink (absolute);
      goto fail;
    }
  return TRUE;

fail:
  g_unlink (unfinished);
  return FALSE;
}

/**
 * ea_maintenance_check:
 * @session: an administrator's session
 * @problems: (out) (transfer full) (element-type utf8): what was found;
 *   empty when the database is sound
 * @error: a #GError
 *
 * Runs the database engine's own checks and the application's.
 *
 * Returns: %FALSE when the check itself could not run
 */
gboolean
ea_maintenance_check (EaSession   *session,
                      GPtrArray  **problems,
                      GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_MAINTAIN_DATABASE, 0, error))
    return FALSE;

  store = ea_session_get_store (session);
  if (!_ea_store_check_engine (store, found, error))
    return FALSE;

  /* Reservations that hold: what earlier versions let through. */
  {
    g_autoptr(GPtrArray) clashes = g_ptr_array_new_with_free_func (g_free);

    if (!_ea_store_collect_rows (store, _ea_persons_sql.reservation_clashes, FALSE, clashes,
                                 error))
      return FALSE;
    for (guint i = 0; i < clashes->len; i++)
      g_ptr_array_add (found, g_strdup_printf (_("a bed held twice (%s): cancel one of them"),
                                               (char *) g_ptr_array_index (clashes, i)));
  }

  /* The documents' contents: those the database names and lacks, and
   * files that interrupted changes left beside an embedded database. */
  {
    g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func (g_free);

    _ea_store_blobs_find_missing (store, missing);
    _ea_store_blobs_find_orphans (store, orphans, NULL);
    for (guint i = 0; i < missing->len; i++)
      g_ptr_array_add (found, g_strdup_printf (_("document store: the content of %s is "
                                                 "missing; restore the documents from the "
                                                 "backup"),
                                               (char *) g_ptr_array_index (missing, i)));
    for (guint i = 0; i < orphans->len; i++)
      g_ptr_array_add (found, g_strdup_printf (_("document store: %s was left by an interrupted "
                                                 "import or upload and is not used; "
                                                 "“eakte-cli check --remove-orphans” removes "
                                                 "it"),
                                               (char *) g_ptr_array_index (orphans, i)));
  }

  *problems = g_steal_pointer (&found);
  return TRUE;
}

typedef struct
{
  guint  removed;
  char  *detail;   /* what the audit log says */
} RemovingOrphans;

static gboolean
remove_orphans_change (EaSession     *session,
                       gpointer       data,
                       EaAuditRecord *record,
                       GError       **error)
{
  RemovingOrphans *c = data;
  g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);

  /* Files, not rows: a repeated run finds what is left and adds it. */
  _ea_store_blobs_find_orphans (ea_session_get_store (session), orphans, notes);
  for (guint i = 0; i < orphans->len; i++)
    c->removed += g_unlink (g_ptr_array_index (orphans, i)) == 0;
  for (guint i = 0; i < notes->len; i++)
    g_unlink (g_ptr_array_index (notes, i));
  g_free (c->detail);
  c->detail = g_strdup_printf ("%u files", c->removed);
  *record = (EaAuditRecord) { .action = "remove-orphans", .object_type = "database",
                              .detail = c->detail };
  return TRUE;
}

/**
 * ea_maintenance_remove_orphans:
 * @session: an administrator's session
 * @n_removed: (out): how many files were removed
 * @error: a #GError
 *
 * Removes what ea_maintenance_check() reports as left by interrupted
 * changes (they hold personal data that nothing uses), and records it in
 * the audit log. It holds the write lock meanwhile, so no change of this
 * database stores a file under it.
 */
gboolean
ea_maintenance_remove_orphans (EaSession  *session,
                               guint      *n_removed,
                               GError    **error)
{
  RemovingOrphans change = { 0 };
  gboolean ok;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  *n_removed = 0;
  ok = _ea_change (session, EA_RIGHT_MAINTAIN_DATABASE, 0, remove_orphans_change, &change,
                   error);
  g_free (change.detail);
  if (ok)
    *n_removed = change.removed;
  return ok;
}

/**
 * ea_maintenance_copy:
 * @session: an administrator's session on the database to copy
 * @target: a new database: a file that does not exist yet, or an empty
 *   PostgreSQL database
 * @result: (out caller-allocates): what was copied
 * @error: a #GError
 *
 * Moves an office: copies every row of the database, from one consistent
 * snapshot while others go on working, into @target in one transaction,
 * and every document file, each checked against its SHA-256; then checks
 * the audit chain on @target. From SQLite to PostgreSQL for an office
 * with many seats, and back for an offline copy. A target that holds an
 * office already is refused; a copy that fails leaves no office there.
 * Recorded in the audit log of the source.
 */
gboolean
ea_maintenance_copy (EaSession         *session,
                     const char        *target,
                     EaMaintenanceCopy *result,
                     GError           **error)
{
  g_autoptr(EaStore) copy = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  EaStore *store;
  gboolean new_file;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (target != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!ea_session_check (session, EA_RIGHT_MAINTAIN_DATABASE, 0, error))
    return FALSE;
  store = ea_session_get_store (session);
  if (g_strcmp0 (target, ea_store_get_path (store)) == 0)
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("The copy cannot go into the database itself."));
  new_file = !ea_store_address_is_server (target);
  copy = ea_store_open (target, EA_STORE_OPEN_NEW, error);
  if (copy == NULL)
    return FALSE;
  /* Rows and documents in one transaction of the target: a copy that
   * fails leaves no office behind on a server either. */
  if (!_ea_store_copy_rows (store, copy, &result->rows, &result->documents, error))
    goto fail;
  if (!_ea_audit_verify_chain (copy, &result->audit_entries, problems, error))
    goto fail;
  if (problems->len > 0)
    {
      ea_error_set (error, EA_ERROR_FAILED,
                    new_file ? _("The audit log of the copy does not verify (%s); the copy was "
                                 "removed.")
                             : _("The audit log of the copy does not verify (%s); drop that "
                                 "database on the server and copy again."),
                    (char *) g_ptr_array_index (problems, 0));
      goto fail;
    }
  return _ea_audit_record (session, &(EaAuditRecord) { .action = "copy",
                                                       .object_type = "database",
                                                       .detail = target }, error);

fail:
  g_clear_object (&copy);
  if (new_file)
    ea_store_remove_files (target);
  return FALSE;
}
