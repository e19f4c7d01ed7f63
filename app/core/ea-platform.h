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

G_END_DECLS
