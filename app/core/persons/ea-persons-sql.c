/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-persons-sql-private.h"
#include "ea-store-private.h"

/* All SQL of persons/, in one place: what a second engine must accept is
 * here and nowhere else in persons/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaPersonsSql _ea_persons_sql = {
  /* ea-person.c, ea-person-file.c, ea-person-edit.c, ea-person-list.c */
  .placeholder_a = 0,




  /* ea-household.c, ea-keep-apart.c, ea-case-notes.c, ea-documents.c, ea-document-content.c, ea-maintenance.c */
  .placeholder_b = 0,




};
