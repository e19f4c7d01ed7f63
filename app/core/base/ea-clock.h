/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The office's clock: every "now" and "today" of the program. */

GTimeZone *ea_clock_get_zone       (void);
GDateTime *ea_clock_now            (void);
char      *ea_clock_today          (void);
char      *ea_clock_timestamp      (void);
GDateTime *ea_clock_to_office      (GDateTime   *instant);
GDateTime *ea_clock_day_start      (const char  *iso);
gboolean   ea_clock_is_pinned      (void);
gboolean   ea_clock_pin            (const char  *when,
                                    GError     **error);
gboolean   ea_clock_pin_from_environment (GError **error);
void       ea_clock_unpin          (void);
void       ea_clock_advance        (GTimeSpan    span);

G_END_DECLS
