/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Live refresh (issue #18): what a page keeps when it shows another
 * seat's change, and when it had better wait. */

/* At most one refresh of a page in this many milliseconds. */
#define EA_LIVE_INTERVAL_MS 300

typedef struct _EaLiveScroll EaLiveScroll;

gboolean      ea_live_is_busy        (GtkWidget    *page);
EaLiveScroll *ea_live_save_scroll    (GtkWidget    *page);
void          ea_live_restore_scroll (EaLiveScroll *scroll);

G_END_DECLS
