/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-housing-edit.h"
#include "ea-housing-list.h"

G_BEGIN_DECLS

/* One line of a housing list, read (ea-housing-list.c) and applied
 * (ea-housing-list-apply.c). */
typedef struct
{
  guint       line;
  char       *facility;
  char       *place;
  const char *kind;       /* communal, flat, other */
  char       *unit;
  char       *room;
  EaRoomSpec  spec;       /* its name is @room; floor kept as it is */
  GStrv       labels;     /* NULL: one bed a place for a new room */
  gboolean    counted;    /* @labels come from a count */
  gboolean    ok;         /* no problem in its cells */
} EaHousingListLine;

void        _ea_housing_list_line_free   (EaHousingListLine   *line);
void        _ea_housing_list_problem     (EaHousingListResult *result,
                                          guint                line,
                                          int                  column,
                                          const char          *format,
                                          ...) G_GNUC_PRINTF (4, 5);
const char *_ea_housing_list_word        (const char          *code,
                                          gboolean             kinds);
char       *_ea_housing_list_format_area (double               area);
gboolean    _ea_housing_list_apply       (EaSession           *session,
                                          GPtrArray           *lines,
                                          EaHousingListResult *result,
                                          GError             **error);

G_END_DECLS
