/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-bed-matcher.h"

G_BEGIN_DECLS

typedef void (*EaMatcherOccupantFunc) (gint64      person_id,
                                       gint64      household_id,
                                       const char *gender,
                                       int         age,
                                       gpointer    user_data);

void        _ea_bed_matcher_release          (EaBedMatcher          *self,
                                              const EaBedCandidate  *candidate);
void        _ea_bed_matcher_foreach_occupant (EaBedMatcher          *self,
                                              gint64                 room_id,
                                              EaMatcherOccupantFunc  func,
                                              gpointer               user_data);
const char *_ea_bed_matcher_get_from         (EaBedMatcher          *self);
void        _ea_bed_matcher_set_first_night  (EaBedMatcher          *self,
                                              gint64                 person_id,
                                              const char            *night);
gboolean    _ea_bed_matcher_describe_room    (EaBedMatcher          *self,
                                              gint64                 room_id,
                                              const char           **facility,
                                              const char           **unit,
                                              const char           **rule,
                                              double                *area,
                                              int                   *capacity,
                                              gboolean              *barrier_free);
gboolean    _ea_bed_matcher_place_each       (EaSession             *session,
                                              const EaBedCandidate  *candidate,
                                              gboolean               check_in,
                                              const char            *day,
                                              const char            *until,
                                              const char * const    *from,
                                              EaPlaceFlags           flags,
                                              GError               **error);

G_END_DECLS
