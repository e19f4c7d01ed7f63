/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of trust/, all of it in ea-trust-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  /* ea-session.c, ea-accounts.c, ea-audit.c, ea-audit-checkpoint.c, ea-change.c, ea-retention.c, ea-person-export.c */
  int         placeholder_a;  /* removed when merged */




} EaTrustSql;

extern const EaTrustSql _ea_trust_sql;

G_END_DECLS
