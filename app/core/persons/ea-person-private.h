/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-person.h"
#include "ea-store-private.h"

G_BEGIN_DECLS

/* The columns _ea_person_new_from_row() reads, in this order. */
#define EA_PERSON_COLUMNS \
  "p.id, p.family_name, p.given_names, p.birth_date, p.gender, " \
  "(SELECT n.code FROM person_nationalities n WHERE n.person_id = p.id AND n.position = 1), " \
  "(SELECT c.label FROM person_nationalities n JOIN codes c ON c.list = 'nationality' " \
  "  AND c.code = n.code WHERE n.person_id = p.id AND n.position = 1), " \
  "p.status, " \
  "(SELECT f.name FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id " \
  "  JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id " \
  "  WHERE s.person_id = p.id AND s.until_date IS NULL), " \
  "coalesce (p.arrived_on, p.expected_on)"

EaPerson *_ea_person_new_from_row   (EaStmt *stmt);
void      _ea_person_search_keys    (const char   *family_name,
                                     const char   *given_names,
                                     const char   *birth_name,
                                     const char   *birth_date,
                                     const char   *azr_number,
                                     const char   *platform_id,
                                     char        **search_text,
                                     char        **sort_name);
const char *_ea_person_status_label (const char   *status);

G_END_DECLS
