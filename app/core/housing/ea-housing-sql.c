/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-housing-sql-private.h"
#include "ea-store-private.h"

/* All SQL of housing/, in one place: what a second engine must accept is
 * here and nowhere else in housing/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaHousingSql _ea_housing_sql = {
  /* ea-rules.c, ea-housing.c, ea-housing-stays.c, ea-housing-undo.c, ea-housing-plan.c */
  .placeholder_a = 0,




  /* ea-housing-edit.c, ea-occupancy.c, ea-occupancy-document.c, ea-outlook.c */
  .placeholder_b = 0,




};
