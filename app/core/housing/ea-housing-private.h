/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-rules-private.h"
#include "ea-store-private.h"

G_BEGIN_DECLS

double   _ea_housing_min_area   (EaStore     *store);
gboolean _ea_housing_check_area (EaStore     *store,
                                 const char  *room_name,
                                 double       area,
                                 int          persons,
                                 GError     **error);

/* What the hard rules need to know of a person `p`, from
 * EA_RULE_FACTS_JOIN, in the order _ea_housing_read_rule_facts() reads
 * them: household, its size, whether another member is a woman,
 * unaccompanied minor, wheelchair. */
#define EA_RULE_FACTS_COLUMNS \
  "coalesce (m.household_id, 0), " \
  "(SELECT count (*) FROM household_members x WHERE x.household_id = m.household_id), " \
  "EXISTS (SELECT 1 FROM household_members x JOIN persons q ON q.id = x.person_id " \
  "        WHERE x.household_id = m.household_id AND q.gender = 'w' AND q.id <> p.id), " \
  "EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = p.id AND v.code = 'uma'), " \
  "EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = p.id " \
  "        AND v.code = 'rollstuhl')"
#define EA_RULE_FACTS_JOIN "persons p LEFT JOIN household_members m ON m.person_id = p.id"

void     _ea_housing_read_rule_facts (EaStmt    *stmt,
                                      int              column,
                                      EaRuleApplicant *applicant);

G_END_DECLS
