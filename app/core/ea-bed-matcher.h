/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/**
 * EaReligionMode:
 * @EA_RELIGION_IGNORE: religion plays no part
 * @EA_RELIGION_PREFER: rooms whose occupants share the religion rank higher
 * @EA_RELIGION_REQUIRE: only rooms that are empty or whose occupants share it
 */
typedef enum
{
  EA_RELIGION_IGNORE,
  EA_RELIGION_PREFER,
  EA_RELIGION_REQUIRE,
} EaReligionMode;

/* A room that takes the person or household, with the beds to use and
 * the reasons for its rank, in German words. */
typedef struct
{
  gint64     room_id;
  char      *facility;
  char      *unit;
  char      *room;
  char      *rule;          /* men, women, family, any */
  double     area;
  int        capacity;
  gboolean   barrier_free;
  GArray    *bed_ids;       /* of gint64, one per person, in order */
  GPtrArray *bed_labels;    /* of char* */
  double     score;         /* 0 to 100 */
  GStrv      reasons;
} EaBedCandidate;

/* Someone who cannot be placed, and why. */
typedef struct
{
  gint64  person_id;
  char   *name;
  char   *reason;
} EaUnplaceable;

#define EA_TYPE_BED_MATCHER (ea_bed_matcher_get_type ())
G_DECLARE_FINAL_TYPE (EaBedMatcher, ea_bed_matcher, EA, BED_MATCHER, GObject)

EaBedMatcher *ea_bed_matcher_new      (EaSession      *session,
                                       const char     *from,
                                       const char     *until,
                                       GError        **error);
GPtrArray    *ea_bed_matcher_find     (EaBedMatcher   *self,
                                       const gint64   *person_ids,
                                       guint           n_persons,
                                       EaReligionMode  religion,
                                       guint           limit,
                                       GPtrArray     **unplaceable,
                                       GError        **error);
GArray       *ea_bed_matcher_dup_household (EaBedMatcher *self,
                                       const char     *household,
                                       GError        **error);
void          ea_bed_candidate_free   (EaBedCandidate *candidate);
void          ea_unplaceable_free     (EaUnplaceable  *unplaceable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaBedCandidate, ea_bed_candidate_free)

G_END_DECLS
