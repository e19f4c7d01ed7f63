/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-import.h"

G_BEGIN_DECLS

EaImportResult *ea_platform_fetch (EaSession    *session,
                                   const char   *base_url,
                                   const char   *token,
                                   const char   *ca_file,
                                   gboolean      dry_run,
                                   GCancellable *cancellable,
                                   GError      **error);
EaImportResult *ea_platform_fetch_full (EaSession    *session,
                                        const char   *base_url,
                                        const char   *token,
                                        const char   *ca_file,
                                        const char   *client_cert,
                                        gboolean      dry_run,
                                        GCancellable *cancellable,
                                        GError      **error);

/* Where and how often the application fetches from the platform. The
 * token is not here: it is kept in the keyring. */
typedef struct
{
  char     *url;               /* NULL: not set up */
  char     *ca_file;           /* NULL: the system's CAs */
  char     *client_cert;       /* PEM with the office's certificate and key, or NULL */
  guint     interval_minutes;  /* 0: only by hand */
  gboolean  at_start;          /* fetch when an administrator logs in */
} EaPlatformConfig;

void              ea_platform_config_free (EaPlatformConfig        *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaPlatformConfig, ea_platform_config_free)
EaPlatformConfig *ea_platform_config_load (EaSession               *session,
                                           GError                 **error);
gboolean          ea_platform_config_check (const EaPlatformConfig *config,
                                            GError                **error);
gboolean          ea_platform_config_save (EaSession               *session,
                                           const EaPlatformConfig  *config,
                                           GError                 **error);

gboolean          ea_platform_store_token  (const char    *url,
                                            const char    *token,
                                            GCancellable  *cancellable,
                                            GError       **error);
char             *ea_platform_lookup_token (const char    *url,
                                            GCancellable  *cancellable,
                                            GError       **error);

G_END_DECLS
