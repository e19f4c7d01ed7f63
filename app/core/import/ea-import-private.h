/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-import.h"

G_BEGIN_DECLS

EaImportResult *_ea_import_platform_answer (EaSession     *session,
                                            const char    *path,
                                            const char    *source,
                                            gboolean       dry_run,
                                            GCancellable  *cancellable,
                                            GError       **error);

G_END_DECLS
