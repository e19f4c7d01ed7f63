/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store-vfs"

#include "config.h"

#include "ea-store-vfs-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ea-clock.h"
#include "ea-error.h"

/* SQLite's locks that survive a foreign close().
 *
 * SQLite's unix VFS locks the database and its -shm file with POSIX
 * record locks, which belong to the process: when any part of the process
 * closes any descriptor of the file, all of them are gone. GTK does that
 * whenever a file chooser shows the database's folder (it opens each file
 * to guess its type). Another process then sees no user left, checkpoints
 * and deletes the WAL that we still write into, and changes are lost on
 * both sides ("How To Corrupt An SQLite Database File", 2.2).
 *
 * This VFS wraps the unix VFS and takes the very same locks at the very
 * same bytes, but as open file description locks (F_OFD_SETLK, Linux 3.15):
 * they belong to a descriptor of our own that nothing else in the process
 * knows, so they last until we close it. On Linux the two kinds of lock
 * conflict with each other exactly as two processes' POSIX locks do, so a
 * stock sqlite3 (a backup script, the sqlite3 shell) still sees ours and we
 * see theirs. Reading and writing stay with the unix VFS; only the locks
 * and the -shm mapping (whose locks are the WAL's) are ours.
 *
 * Before each write transaction it also checks that the database and its
 * WAL at their paths are still the files we have open, so that a file
 * moved or deleted by hand is noticed before anything is written into it,
 * never after. */

#define VFS_NAME "eakte"

/* The unix VFS's lock bytes (os_unix.c, os.h), which other processes use. */
#define PENDING_BYTE   0x40000000
#define RESERVED_BYTE  (PENDING_BYTE + 1)
#define SHARED_FIRST   (PENDING_BYTE + 2)
#define SHARED_SIZE    510
#define SHM_BASE       ((22 + SQLITE_SHM_NLOCK) * 4)   /* 120 */
#define SHM_DMS        (SHM_BASE + SQLITE_SHM_NLOCK)   /* 128 */

typedef struct
{
  sqlite3_file   base;
  sqlite3_file  *real;          /* the unix VFS's file, right after us */
  /* The main database only: */
  char          *path;
  int            lock_fd;       /* our own descriptor, holding the locks */
  int            level;         /* SQLITE_LOCK_NONE … EXCLUSIVE */
  dev_t          dev;
  ino_t          ino;
  int            shm_fd;
  char         **regions;
  int            n_regions;
  int            region_size;
  /* A WAL: its path and file, known to the registry while open. */
  char          *wal_path;
} EaVfsFile;

static sqlite3_vfs *base_vfs;

/* The WAL files open in this process: path → their (dev, ino), one entry
 * per open file. */
G_LOCK_DEFINE_STATIC (wals);
static GHashTable *wals;

typedef struct
{
  dev_t dev;
  ino_t ino;
} FileId;

/* An open file description lock on @fd: @type F_RDLCK, F_WRLCK or F_UNLCK
 * of @length bytes from @start, never waiting. FALSE when another holds a
 * conflicting lock (or the system refused). */
static gboolean
ofd_lock (int   fd,
          short type,
          off_t start,
          off_t length)
{
  struct flock lock = { 0 };
  int rc;

  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = start;
  lock.l_len = length;
  lock.l_pid = 0;
  do
    rc = fcntl (fd, F_OFD_SETLK, &lock);
  while (rc < 0 && errno == EINTR);
  return rc == 0;
}

/* Whether anybody but this description holds a lock on the bytes that
 * conflicts with @type; -1 when the system cannot tell. */
static int
ofd_conflict (int   fd,
              short type,
              off_t start,
              off_t length,
              short *held)
{
  struct flock lock = { 0 };

  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = start;
  lock.l_len = length;
  lock.l_pid = 0;
  if (fcntl (fd, F_OFD_GETLK, &lock) != 0)
    return -1;
  if (held != NULL)
    *held = lock.l_type;
  return lock.l_type != F_UNLCK;
}

/* Registry of open WAL files. */

static void
wal_register (const char *path,
              dev_t       dev,
              ino_t       ino)
{
  FileId id = { dev, ino };
  GArray *ids;

  G_LOCK (wals);
  if (wals == NULL)
    wals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) g_array_unref);
  ids = g_hash_table_lookup (wals, path);
  if (ids == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (FileId));
      g_hash_table_insert (wals, g_strdup (path), ids);
    }
  g_array_append_val (ids, id);
  G_UNLOCK (wals);
}

static void
wal_unregister (const char *path,
                dev_t       dev,
                ino_t       ino)
{
  GArray *ids;

  G_LOCK (wals);
  ids = wals != NULL ? g_hash_table_lookup (wals, path) : NULL;
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      FileId *id = &g_array_index (ids, FileId, i);

      if (id->dev == dev && id->ino == ino)
        {
          g_array_remove_index_fast (ids, i);
          break;
        }
    }
  if (ids != NULL && ids->len == 0)
    g_hash_table_remove (wals, path);
  G_UNLOCK (wals);
}

/* What changed under an open database, or NULL when nothing did: the
 * database file at @path is not the one open as (@dev, @ino), or the WAL at
 * its path is missing or another file than the one this process writes. */
static char *
describe_moved_files (const char *path,
                      dev_t       dev,
                      ino_t       ino)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;
  char *problem = NULL;
  GArray *ids;

  if (stat (path, &st) != 0)
    return g_strdup_printf (_("the database file %s was moved or deleted"), path);
  if (st.st_dev != dev || st.st_ino != ino)
    return g_strdup_printf (_("the database file %s was replaced by another file"), path);

  G_LOCK (wals);
  ids = wals != NULL ? g_hash_table_lookup (wals, wal) : NULL;
  if (ids != NULL && ids->len > 0)
    {
      if (stat (wal, &st) != 0)
        problem = g_strdup_printf (_("its write-ahead log %s was moved or deleted"), wal);
      else
        {
          gboolean known = FALSE;

          for (guint i = 0; i < ids->len; i++)
            known |= g_array_index (ids, FileId, i).dev == st.st_dev &&
                     g_array_index (ids, FileId, i).ino == st.st_ino;
          if (!known)
            problem = g_strdup_printf (_("its write-ahead log %s was replaced by another file"),
                                       wal);
        }
    }
  G_UNLOCK (wals);
  return problem;
}

/* Locks of the database file, as the unix VFS takes them. */

static int
vfs_lock (sqlite3_file *file,
          int           level)
{
  EaVfsFile *self = (EaVfsFile *) file;

  if (self->lock_fd < 0)
    return self->real->pMethods->xLock (self->real, level);
  if (self->level >= level)
    return SQLITE_OK;

  /* A reader first holds the pending byte, so that no reader comes in
   * while a writer waits for the last ones to leave. */
  if (level == SQLITE_LOCK_SHARED ||
      (level == SQLITE_LOCK_EXCLUSIVE && self->level < SQLITE_LOCK_PENDING))
    {
      if (!ofd_lock (self->lock_fd, level == SQLITE_LOCK_SHARED ? F_RDLCK : F_WRLCK,
                     PENDING_BYTE, 1))
        return SQLITE_BUSY;
      if (level == SQLITE_LOCK_EXCLUSIVE)
        self->level = SQLITE_LOCK_PENDING;
    }

  if (level == SQLITE_LOCK_SHARED)
    {
      gboolean ok = ofd_lock (self->lock_fd, F_RDLCK, SHARED_FIRST, SHARED_SIZE);

      ofd_lock (self->lock_fd, F_UNLCK, PENDING_BYTE, 1);
      if (!ok)
        return SQLITE_BUSY;
    }
  else if (level == SQLITE_LOCK_RESERVED)
    {
      if (!ofd_lock (self->lock_fd, F_WRLCK, RESERVED_BYTE, 1))
        return SQLITE_BUSY;
    }
  else if (!ofd_lock (self->lock_fd, F_WRLCK, SHARED_FIRST, SHARED_SIZE))
    return SQLITE_BUSY;

  self->level = level;
  return SQLITE_OK;
}

static int
vfs_unlock (sqlite3_file *file,
            int           level)
{
  EaVfsFile *self = (EaVfsFile *) file;

  if (self->lock_fd < 0)
    return self->real->pMethods->xUnlock (self->real, level);
  if (self->level <= level)
    return SQLITE_OK;

  if (self->level > SQLITE_LOCK_SHARED)
    {
      if (level == SQLITE_LOCK_SHARED &&
          !ofd_lock (self->lock_fd, F_RDLCK, SHARED_FIRST, SHARED_SIZE))
        return SQLITE_IOERR_RDLOCK;
      if (!ofd_lock (self->lock_fd, F_UNLCK, PENDING_BYTE, 2))
        return SQLITE_IOERR_UNLOCK;
      self->level = SQLITE_LOCK_SHARED;
    }
  if (level == SQLITE_LOCK_NONE)
    {
      if (!ofd_lock (self->lock_fd, F_UNLCK, SHARED_FIRST, SHARED_SIZE))
        return SQLITE_IOERR_UNLOCK;
      self->level = SQLITE_LOCK_NONE;
    }
  return SQLITE_OK;
}

static int
vfs_check_reserved_lock (sqlite3_file *file,
                         int          *reserved)
{
  EaVfsFile *self = (EaVfsFile *) file;
  int conflict;

  if (self->lock_fd < 0)
    return self->real->pMethods->xCheckReservedLock (self->real, reserved);
  if (self->level > SQLITE_LOCK_SHARED)
    {
      *reserved = 1;
      return SQLITE_OK;
    }
  conflict = ofd_conflict (self->lock_fd, F_WRLCK, RESERVED_BYTE, 1, NULL);
  if (conflict < 0)
    return SQLITE_IOERR_CHECKRESERVEDLOCK;
  *reserved = conflict;
  return SQLITE_OK;
}

/* The -shm file: mapped in regions, its lock bytes are the WAL's locks.
 * The first user (who gets the dead-man switch byte exclusively) clears
 * it; everybody then holds that byte shared as long as they use it. */

static int
shm_attach (EaVfsFile *self)
{
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);
  struct stat st;
  mode_t mode = 0600;
  short held = F_UNLCK;
  int conflict;

  if (fstat (self->lock_fd, &st) == 0)
    mode = st.st_mode & 0777;
  self->shm_fd = open (shm, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode);
  if (self->shm_fd < 0)
    return SQLITE_CANTOPEN;
  /* open () applies the umask; the file keeps the database's mode. */
  if (fstat (self->shm_fd, &st) == 0 && st.st_uid == geteuid () && (st.st_mode & 0777) != mode)
    fchmod (self->shm_fd, mode);

  conflict = ofd_conflict (self->shm_fd, F_WRLCK, SHM_DMS, 1, &held);
  if (conflict < 0)
    return SQLITE_IOERR_LOCK;
  if (!conflict)
    {
      /* Nobody uses it: it may be left from a crash, so it starts empty
       * (three bytes, as the unix VFS leaves it, not a valid header). */
      if (!ofd_lock (self->shm_fd, F_WRLCK, SHM_DMS, 1))
        return SQLITE_BUSY;
      if (ftruncate (self->shm_fd, 3) != 0)
        return SQLITE_IOERR_SHMOPEN;
    }
  else if (held == F_WRLCK)
    return SQLITE_BUSY;
  if (!ofd_lock (self->shm_fd, F_RDLCK, SHM_DMS, 1))
    return SQLITE_BUSY;
  return SQLITE_OK;
}

static void
shm_detach (EaVfsFile *self)
{
  for (int i = 0; i < self->n_regions; i++)
    munmap (self->regions[i], self->region_size);
  g_clear_pointer (&self->regions, g_free);
  self->n_regions = 0;
  if (self->shm_fd >= 0)
    close (self->shm_fd);
  self->shm_fd = -1;
}

static int
vfs_shm_map (sqlite3_file   *file,
             int             region,
             int             size,
             int             extend,
             void volatile **out)
{
  EaVfsFile *self = (EaVfsFile *) file;
  struct stat st;

  *out = NULL;
  if (self->lock_fd < 0)
    return SQLITE_IOERR_SHMMAP;
  if (self->shm_fd < 0)
    {
      int rc = shm_attach (self);

      if (rc != SQLITE_OK)
        {
          shm_detach (self);
          return rc;
        }
      self->region_size = size;
    }
  g_assert (size == self->region_size);

  if (region >= self->n_regions)
    {
      off_t needed = (off_t) (region + 1) * size;

      if (fstat (self->shm_fd, &st) != 0)
        return SQLITE_IOERR_SHMSIZE;
      if (st.st_size < needed)
        {
          if (!extend)
            return SQLITE_OK;
          /* Write the last byte of each new page, so that a full disk
           * shows here and not as a SIGBUS in the mapping. */
          for (off_t page = st.st_size / 4096; page < needed / 4096; page++)
            if (pwrite (self->shm_fd, "", 1, page * 4096 + 4095) != 1)
              return SQLITE_IOERR_SHMSIZE;
        }
      self->regions = g_renew (char *, self->regions, region + 1);
      for (int i = self->n_regions; i <= region; i++)
        {
          void *map = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, self->shm_fd,
                            (off_t) i * size);

          if (map == MAP_FAILED)
            return SQLITE_IOERR_SHMMAP;
          self->regions[i] = map;
          self->n_regions = i + 1;
        }
    }
  *out = self->regions[region];
  return SQLITE_OK;
}

static int
vfs_shm_lock (sqlite3_file *file,
              int           offset,
              int           n,
              int           flags)
{
  EaVfsFile *self = (EaVfsFile *) file;
  short type;

  if (self->shm_fd < 0)
    return SQLITE_IOERR_SHMLOCK;
  if (flags & SQLITE_SHM_UNLOCK)
    type = F_UNLCK;
  else if (flags & SQLITE_SHM_SHARED)
    type = F_RDLCK;
  else
    type = F_WRLCK;

  /* The WAL's write lock: the start of every write transaction. Whatever
   * was moved under us is noticed here, before a page is written. */
  if (type == F_WRLCK && offset == 0)
    {
      g_autofree char *problem = describe_moved_files (self->path, self->dev, self->ino);

      if (problem != NULL)
        return SQLITE_IOERR_LOCK;
    }

  if (!ofd_lock (self->shm_fd, type, SHM_BASE + offset, n))
    return type == F_UNLCK ? SQLITE_IOERR_SHMLOCK : SQLITE_BUSY;
  return SQLITE_OK;
}

static void
vfs_shm_barrier (sqlite3_file *file)
{
  (void) file;
  __atomic_thread_fence (__ATOMIC_SEQ_CST);
}

static int
vfs_shm_unmap (sqlite3_file *file,
               int           delete)
{
  EaVfsFile *self = (EaVfsFile *) file;

  if (self->shm_fd >= 0 && delete)
    {
      g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);

      unlink (shm);
    }
  shm_detach (self);
  return SQLITE_OK;
}

/* Everything else is the unix VFS's. */

static int
vfs_close (sqlite3_file *file)
{
  EaVfsFile *self = (EaVfsFile *) file;
  int rc;

  if (self->wal_path != NULL)
    wal_unregister (self->wal_path, self->dev, self->ino);
  shm_detach (self);
  rc = self->real->pMethods->xClose (self->real);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->wal_path, g_free);
  return rc;
}

static int
vfs_read (sqlite3_file *file,
          void         *buffer,
          int           amount,
          sqlite3_int64 offset)
{
  EaVfsFile *self = (EaVfsFile *) file;

  return self->real->pMethods->xRead (self->real, buffer, amount, offset);
}

static int
vfs_write (sqlite3_file *file,
           const void   *buffer,
           int           amount,
           sqlite3_int64 offset)
{
  EaVfsFile *self = (EaVfsFile *) file;

  return self->real->pMethods->xWrite (self->real, buffer, amount, offset);
}

static int
vfs_truncate (sqlite3_file *file,
              sqlite3_int64 size)
{
  EaVfsFile *self = (EaVfsFile *) file;

  return self->real->pMethods->xTruncate (self->real, size);
}

static int
vfs_sync (sqlite3_file *file,
          int           flags)
{
  EaVfsFile *self = (EaVfsFile *) file;

  return self->real->pMethods->xSync (self->real, flags);
}

static int
vfs_file_size (sqlite3_file  *file,
               sqlite3_int64 *size)
{
  EaVfsFile *self = (EaVfsFile *) file;

  return self->real->pMethods->xFileSize (self->real, size);
}

static int
vfs_file_control (sqlite3_file *file,
                  int           op,
                  void         *arg)
{
  EaVfsFile *self = (EaVfsFile *) file;

  if (op == SQLITE_FCNTL_VFSNAME)
    {
      *(char **) arg = sqlite3_mprintf ("%s", VFS_NAME);
      return SQLITE_OK;
    }
  return self->real->pMethods->xFileControl (self->real, op, arg);
}

static int
vfs_sector_size (sqlite3_file *file)
{
  EaVfsFile *self = (EaVfsFile *) file;

  return self->real->pMethods->xSectorSize (self->real);
}

static int
vfs_device_characteristics (sqlite3_file *file)
{
  EaVfsFile *self = (EaVfsFile *) file;

  return self->real->pMethods->xDeviceCharacteristics (self->real);
}

static int
vfs_fetch (sqlite3_file  *file,
           sqlite3_int64  offset,
           int            amount,
           void         **out)
{
  EaVfsFile *self = (EaVfsFile *) file;

  if (self->real->pMethods->iVersion < 3 || self->real->pMethods->xFetch == NULL)
    {
      *out = NULL;
      return SQLITE_OK;
    }
  return self->real->pMethods->xFetch (self->real, offset, amount, out);
}

static int
vfs_unfetch (sqlite3_file  *file,
             sqlite3_int64  offset,
             void          *page)
{
  EaVfsFile *self = (EaVfsFile *) file;

  if (self->real->pMethods->iVersion < 3 || self->real->pMethods->xUnfetch == NULL)
    return SQLITE_OK;
  return self->real->pMethods->xUnfetch (self->real, offset, page);
}

static const sqlite3_io_methods io_methods = {
  .iVersion = 3,
  .xClose = vfs_close,
  .xRead = vfs_read,
  .xWrite = vfs_write,
  .xTruncate = vfs_truncate,
  .xSync = vfs_sync,
  .xFileSize = vfs_file_size,
  .xLock = vfs_lock,
  .xUnlock = vfs_unlock,
  .xCheckReservedLock = vfs_check_reserved_lock,
  .xFileControl = vfs_file_control,
  .xSectorSize = vfs_sector_size,
  .xDeviceCharacteristics = vfs_device_characteristics,
  .xShmMap = vfs_shm_map,
  .xShmLock = vfs_shm_lock,
  .xShmBarrier = vfs_shm_barrier,
  .xShmUnmap = vfs_shm_unmap,
  .xFetch = vfs_fetch,
  .xUnfetch = vfs_unfetch,
};

static int
vfs_open (sqlite3_vfs  *vfs,
          const char   *name,
          sqlite3_file *file,
          int           flags,
          int          *out_flags)
{
  EaVfsFile *self = (EaVfsFile *) file;
  struct stat st;
  int rc;

  (void) vfs;
  memset (self, 0, sizeof *self);
  self->real = (sqlite3_file *) &self[1];
  self->lock_fd = -1;
  self->shm_fd = -1;
  rc = base_vfs->xOpen (base_vfs, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      self->base.pMethods = NULL;
      return rc;
    }

  if ((flags & SQLITE_OPEN_MAIN_DB) && name != NULL)
    {
      self->lock_fd = open (name, ((flags & SQLITE_OPEN_READONLY) ? O_RDONLY : O_RDWR) |
                                  O_CLOEXEC);
      if (self->lock_fd < 0 || fstat (self->lock_fd, &st) != 0)
        {
          if (self->lock_fd >= 0)
            close (self->lock_fd);
          self->real->pMethods->xClose (self->real);
          self->base.pMethods = NULL;
          return SQLITE_CANTOPEN;
        }
      self->dev = st.st_dev;
      self->ino = st.st_ino;
      self->path = g_strdup (name);
    }
  else if ((flags & SQLITE_OPEN_WAL) && name != NULL && stat (name, &st) == 0)
    {
      /* The registry knows the WAL while it is open: SQLite never replaces
       * a WAL under an open descriptor itself. */
      self->wal_path = g_strdup (name);
      self->dev = st.st_dev;
      self->ino = st.st_ino;
      wal_register (name, st.st_dev, st.st_ino);
    }
  self->base.pMethods = &io_methods;
  return SQLITE_OK;
}

static int
vfs_delete (sqlite3_vfs *vfs,
            const char  *name,
            int          sync_dir)
{
  (void) vfs;
  return base_vfs->xDelete (base_vfs, name, sync_dir);
}

static int
vfs_access (sqlite3_vfs *vfs,
            const char  *name,
            int          flags,
            int         *result)
{
  (void) vfs;
  return base_vfs->xAccess (base_vfs, name, flags, result);
}

static int
vfs_full_pathname (sqlite3_vfs *vfs,
                   const char  *name,
                   int          n_out,
                   char        *out)
{
  (void) vfs;
  return base_vfs->xFullPathname (base_vfs, name, n_out, out);
}

static int
vfs_randomness (sqlite3_vfs *vfs,
                int          n,
                char        *out)
{
  (void) vfs;
  return base_vfs->xRandomness (base_vfs, n, out);
}

static int
vfs_sleep (sqlite3_vfs *vfs,
           int          microseconds)
{
  (void) vfs;
  return base_vfs->xSleep (base_vfs, microseconds);
}

/* SQLite's own present time (which our SQL never asks for) follows the program's
 * clock too, so that nothing reads the wall clock behind its back. */
static int
vfs_current_time_int64 (sqlite3_vfs   *vfs,
                        sqlite3_int64 *julian_ms)
{
  g_autoptr(GDateTime) now = ea_clock_now ();

  (void) vfs;
  *julian_ms = (sqlite3_int64) 210866760000000 + g_date_time_to_unix (now) * 1000 +
               g_date_time_get_microsecond (now) / 1000;
  return SQLITE_OK;
}

static int
vfs_current_time (sqlite3_vfs *vfs,
                  double      *julian_day)
{
  sqlite3_int64 ms;

  vfs_current_time_int64 (vfs, &ms);
  *julian_day = ms / 86400000.0;
  return SQLITE_OK;
}

static int
vfs_get_last_error (sqlite3_vfs *vfs,
                    int          n,
                    char        *out)
{
  (void) vfs;
  return base_vfs->xGetLastError (base_vfs, n, out);
}

/**
 * _ea_store_vfs_name:
 *
 * Registers the VFS once (not as the default: only the store's own
 * connections use it).
 *
 * Returns: the name to open databases with
 */
const char *
_ea_store_vfs_name (void)
{
  static sqlite3_vfs vfs;

  if (g_once_init_enter (&base_vfs))
    {
      sqlite3_vfs *unix_vfs = sqlite3_vfs_find ("unix");

      g_assert (unix_vfs != NULL && unix_vfs->iVersion >= 2);
      vfs.iVersion = 2;
      vfs.szOsFile = (int) sizeof (EaVfsFile) + unix_vfs->szOsFile;
      vfs.mxPathname = unix_vfs->mxPathname;
      vfs.zName = VFS_NAME;
      vfs.xOpen = vfs_open;
      vfs.xDelete = vfs_delete;
      vfs.xAccess = vfs_access;
      vfs.xFullPathname = vfs_full_pathname;
      vfs.xRandomness = vfs_randomness;
      vfs.xSleep = vfs_sleep;
      vfs.xCurrentTime = vfs_current_time;
      vfs.xGetLastError = vfs_get_last_error;
      vfs.xCurrentTimeInt64 = vfs_current_time_int64;
      vfs.pAppData = unix_vfs;
      /* Until the registration, vfs_open is never called. */
      g_once_init_leave (&base_vfs, unix_vfs);
      sqlite3_vfs_register (&vfs, 0);
    }
  return VFS_NAME;
}

/**
 * _ea_store_vfs_check_files:
 * @path: an open database
 * @error: a #GError
 *
 * Returns: %FALSE with @error set when the database or its WAL is no
 *   longer the file this process has open
 */
gboolean
_ea_store_vfs_check_files (const char  *path,
                           GError     **error)
{
  struct stat st;
  g_autofree char *problem = NULL;

  /* Only the identity at open time tells a moved file; without it, the
   * WAL can still be checked against the registry. */
  if (stat (path, &st) != 0)
    problem = g_strdup_printf (_("the database file %s was moved or deleted"), path);
  else
    problem = describe_moved_files (path, st.st_dev, st.st_ino);
  if (problem == NULL)
    return TRUE;
  return ea_error_set (error, EA_ERROR_FAILED,
                       _("Nothing was saved: while the program was running, %s. Close the "
                         "program; then check the database with “eakte-cli check” before "
                         "using it again."), problem);
}
