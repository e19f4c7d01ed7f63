/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of persons/, all of it in ea-persons-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  /* ea-person.c, ea-person-file.c, ea-person-edit.c, ea-person-list.c */
  int         placeholder_a;  /* removed when merged */




  /* ea-household.c, ea-keep-apart.c, ea-case-notes.c, ea-documents.c, ea-document-content.c, ea-maintenance.c */
  int         placeholder_b;  /* removed when merged */




} EaPersonsSql;

extern const EaPersonsSql _ea_persons_sql;

G_END_DECLS
