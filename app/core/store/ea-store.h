/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EA_TYPE_STORE (ea_store_get_type ())
G_DECLARE_FINAL_TYPE (EaStore, ea_store, EA, STORE, GObject)

/**
 * EaStoreOpenFlags:
 * @EA_STORE_OPEN_NONE: open an existing database
 * @EA_STORE_OPEN_CREATE: create the database when it does not exist
 * @EA_STORE_OPEN_NEW: create a new database; refuse when the file exists
 */
typedef enum
{
  EA_STORE_OPEN_NONE   = 0,
  EA_STORE_OPEN_CREATE = 1 << 0,
  EA_STORE_OPEN_NEW    = 1 << 1,
} EaStoreOpenFlags;

char       *ea_store_dup_default_path         (void);
gboolean    ea_store_address_is_server        (const char        *address);
char       *ea_store_dup_absolute_address     (const char        *address);
EaStore    *ea_store_open                     (const char        *path,
                                               EaStoreOpenFlags   flags,
                                               GError           **error);
void        ea_store_remove_files             (const char        *path);
void        ea_store_set_busy_limit           (EaStore           *self,
                                               guint              seconds);
const char *ea_store_get_path                 (EaStore           *self);
char       *ea_store_dup_identity             (EaStore           *self);
char       *ea_store_dup_documents_dir        (EaStore           *self);
int         ea_store_get_schema_version       (EaStore           *self);
int         ea_store_get_latest_schema_version (void);
gboolean    ea_store_has_users                (EaStore           *self);
gboolean    ea_store_is_demo                  (EaStore           *self);
char       *ea_store_dup_office_name          (EaStore           *self);
void        ea_store_watch                    (EaStore           *self);
void        ea_store_unwatch                  (EaStore           *self);
gboolean    ea_store_is_connected             (EaStore           *self);

G_END_DECLS
