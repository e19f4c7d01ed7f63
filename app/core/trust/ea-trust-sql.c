/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-trust-sql-private.h"
#include "ea-store-private.h"

/* All SQL of trust/, in one place: what a second engine must accept is
 * here and nowhere else in trust/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaTrustSql _ea_trust_sql = {
  /* ea-session.c, ea-accounts.c, ea-audit.c, ea-audit-checkpoint.c, ea-change.c, ea-retention.c, ea-person-export.c */
  .placeholder_a = 0,




};
