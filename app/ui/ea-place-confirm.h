/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

/* Runs the refused change again with @flags, which now hold what the
 * user confirmed. */
typedef void (*EaPlaceRetry) (EaPlaceFlags flags,
                              gpointer     data);

GtkWindow *ea_place_confirm (GtkWidget      *widget,
                             const GError   *error,
                             EaPlaceFlags    flags,
                             EaPlaceRetry    retry,
                             gpointer        data,
                             GDestroyNotify  destroy);

G_END_DECLS
