/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of housing/, all of it in ea-housing-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  /* ea-rules.c, ea-housing.c, ea-housing-stays.c, ea-housing-undo.c, ea-housing-plan.c */
  int         placeholder_a;  /* removed when merged */




  /* ea-housing-edit.c, ea-occupancy.c, ea-occupancy-document.c, ea-outlook.c */
  int         placeholder_b;  /* removed when merged */




} EaHousingSql;

extern const EaHousingSql _ea_housing_sql;

G_END_DECLS
