/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/* A room as it is or should be: for creating and editing. */
typedef struct
{
  const char *name;
  int         floor;
  double      area;
  int         capacity;
  const char *rule;          /* men, women, family, any */
  gboolean    barrier_free;
} EaRoomSpec;

typedef struct
{
  gint64  id;
  char   *name;
  char   *reserved_for;
} EaUnitInfo;

void     ea_unit_info_free          (EaUnitInfo       *unit);

gboolean ea_housing_get_facility    (EaSession        *session,
                                     gint64            facility_id,
                                     char            **name,
                                     char            **kind,
                                     char            **street,
                                     char            **postcode,
                                     char            **place,
                                     GError          **error);
gboolean ea_housing_list_facilities (EaSession        *session,
                                     GArray          **ids,
                                     GStrv            *names,
                                     GError          **error);
GPtrArray *ea_housing_list_units    (EaSession        *session,
                                     gint64            facility_id,
                                     GError          **error);
gint64   ea_housing_create_facility (EaSession        *session,
                                     const char       *name,
                                     const char       *kind,
                                     const char       *street,
                                     const char       *postcode,
                                     const char       *place,
                                     GError          **error);
gboolean ea_housing_update_facility (EaSession        *session,
                                     gint64            facility_id,
                                     const char       *name,
                                     const char       *kind,
                                     const char       *street,
                                     const char       *postcode,
                                     const char       *place,
                                     GError          **error);
gint64   ea_housing_create_unit     (EaSession        *session,
                                     gint64            facility_id,
                                     const char       *name,
                                     const char       *reserved_for,
                                     GError          **error);
gboolean ea_housing_update_unit     (EaSession        *session,
                                     gint64            unit_id,
                                     const char       *name,
                                     const char       *reserved_for,
                                     GError          **error);
gint64   ea_housing_create_room     (EaSession        *session,
                                     gint64            unit_id,
                                     const EaRoomSpec *spec,
                                     GError          **error);
gboolean ea_housing_update_room     (EaSession        *session,
                                     gint64            room_id,
                                     const EaRoomSpec *spec,
                                     GError          **error);
gint64   ea_housing_add_bed         (EaSession        *session,
                                     gint64            room_id,
                                     GError          **error);
gboolean ea_housing_close           (EaSession        *session,
                                     const char       *what,
                                     gint64            id,
                                     const char       *date,
                                     GError          **error);

G_END_DECLS
