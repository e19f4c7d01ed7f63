/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-housing-edit.h"
#include "ea-housing-sql-private.h"
#include "ea-rules-private.h"
#include "ea-store-private.h"

G_BEGIN_DECLS

double   _ea_housing_min_area   (EaStore     *store);
gboolean _ea_housing_check_area (EaStore     *store,
                                 const char  *room_name,
                                 double       area,
                                 int          persons,
                                 GError     **error);

void     _ea_housing_read_rule_facts (EaStmt    *stmt,
                                      int              column,
                                      EaRuleApplicant *applicant);

/* For a list of rooms with their beds' own labels (ea-housing-edit.c). */
gint64   _ea_housing_create_room_with_beds (EaSession         *session,
                                            gint64             unit_id,
                                            const EaRoomSpec  *spec,
                                            const char *const *labels,
                                            GError           **error);
gint64   _ea_housing_add_bed_labelled      (EaSession         *session,
                                            gint64             room_id,
                                            const char        *label,
                                            GError           **error);
gboolean _ea_housing_check_room_beds       (EaSession         *session,
                                            gint64             room_id,
                                            GError           **error);

G_END_DECLS
