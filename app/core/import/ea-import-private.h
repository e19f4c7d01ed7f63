/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-import.h"

G_BEGIN_DECLS

EaImportResult *_ea_import_platform_answer (EaSession     *session,
                                            const char    *path,
                                            const char    *source,
                                            gboolean       dry_run,
                                            GCancellable  *cancellable,
                                            GError       **error);

G_END_DECLS
