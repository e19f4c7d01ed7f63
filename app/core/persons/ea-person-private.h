/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-person.h"
#include "ea-store-private.h"

G_BEGIN_DECLS

/* A person of a row with the columns of EA_PERSON_COLUMNS in
 * ea-persons-sql.c, in their order. */
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
