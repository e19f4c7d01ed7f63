/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *ea_text_fold               (const char *text);
gboolean  ea_partial_date_parse      (const char *text,
                                      int        *year,
                                      int        *month,
                                      int        *day);
gboolean  ea_partial_date_is_valid   (const char *iso);
char     *ea_partial_date_format     (const char *iso);
char     *ea_partial_date_parse_input (const char *text);
int       ea_partial_date_age        (const char *iso,
                                      const char *on_iso);
gboolean  ea_date_is_valid           (const char *iso);
char     *ea_date_format             (const char *iso);
char     *ea_date_parse_input        (const char *text);
char     *ea_date_add_days           (const char *iso,
                                      int         days);
guint32   ea_date_to_day             (const char *iso);
char     *ea_date_from_day           (guint32     day);
char     *ea_format_count            (gint64      n);
char     *ea_format_decimal          (double      value,
                                      int         digits);

G_END_DECLS
