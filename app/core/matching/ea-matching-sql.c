/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-matching-sql-private.h"
#include "ea-store-private.h"

/* All SQL of matching/, in one place: what a second engine must accept is
 * here and nowhere else in matching/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaMatchingSql _ea_matching_sql = {
  /* ea-bed-matcher.c, ea-matcher-load.c, ea-matcher-score.c, ea-matcher-split.c, ea-allocation.c */
  .placeholder_a = 0,




};
