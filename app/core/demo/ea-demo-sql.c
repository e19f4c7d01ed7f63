/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-demo-sql-private.h"
#include "ea-store-private.h"

/* All SQL of demo/, in one place: what a second engine must accept is
 * here and nowhere else in demo/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaDemoSql _ea_demo_sql = {
  /* ea-demo.c, ea-demo-facilities.c, ea-demo-people.c */
  .placeholder_a = 0,




};
