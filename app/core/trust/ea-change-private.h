/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-audit-private.h"
#include "ea-session.h"

G_BEGIN_DECLS

/**
 * EaChangeFunc:
 * @session: who changes
 * @data: the change's own arguments and results
 * @record: (out caller-allocates): what the audit log is to say; leave
 *   its action %NULL to write nothing (further entries the change writes
 *   itself)
 * @error: a #GError
 *
 * The change itself, inside its transaction. It may run more than once
 * (an engine may ask to repeat a transaction that met another), so it
 * sets its results afresh each time and keeps nothing else.
 *
 * Returns: %FALSE with @error set to roll everything back
 */
typedef gboolean (*EaChangeFunc) (EaSession     *session,
                                  gpointer       data,
                                  EaAuditRecord *record,
                                  GError       **error);

gboolean _ea_change (EaSession    *session,
                     EaRight       right,
                     gint64        facility_id,
                     EaChangeFunc  change,
                     gpointer      data,
                     GError      **error);

gboolean _ea_change_settings (EaSession          *session,
                              EaRight             right,
                              const char *const  *keys,
                              const char *const  *values,
                              GError            **error);

G_END_DECLS
