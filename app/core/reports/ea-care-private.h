/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-store-private.h"

G_BEGIN_DECLS

/* The end of a care period that has not ended. */
#define EA_CARE_OPEN G_MAXUINT32

/* A care period: a person in a bed of the office from @start (day
 * number, see ea_date_to_day()) up to the day before @end. */
typedef void (*EaCarePeriodFunc) (gint64   person_id,
                                  guint32  start,
                                  guint32  end,
                                  gpointer user_data);

gboolean _ea_care_periods_foreach (EaStore          *store,
                                   EaStmt     *stays,
                                   EaCarePeriodFunc  func,
                                   gpointer          user_data,
                                   GError          **error);

G_END_DECLS
