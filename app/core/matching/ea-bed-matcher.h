/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-housing.h"
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

/**
 * EaMatchWeights:
 *
 * How much each preference adds to a candidate's score (0 to 50 each; a
 * candidate starts at 50 of 100). Kept in the settings.
 */
typedef struct
{
  double household;      /* a household in one room; in one unit half, one facility a quarter */
  double protected_area; /* women travelling alone and vulnerable persons in a women's area */
  double language;       /* a language shared with the roommates */
  double religion;       /* the roommates' religion, when preferred */
  double fill;           /* single persons fill rooms begun; whole free rooms stay for families */
  double barrier_free;   /* barrier-free rooms stay for those who need them */
} EaMatchWeights;

#define EA_MATCH_WEIGHT_MAX 50.0

/* A place that takes the person or household: one room, or for a large
 * household the rooms of one unit or facility, with the bed for each
 * person and the reasons for its rank, in German words. The room fields
 * describe the first room. */
typedef struct
{
  gint64     room_id;
  char      *facility;
  char      *unit;          /* units joined with ", " when split across units */
  char      *room;          /* rooms joined with ", " when split */
  char      *rule;          /* men, women, family, any */
  double     area;
  int        capacity;
  gboolean   barrier_free;
  GArray    *person_ids;    /* of gint64: who sleeps in each bed */
  GArray    *bed_ids;       /* of gint64, one per person */
  GPtrArray *bed_labels;    /* of char* */
  GArray    *room_ids;      /* of gint64: each bed's room */
  GPtrArray *room_names;    /* of char*: each bed's room */
  guint      n_rooms;
  double     score;         /* 0 to 100 */
  GStrv      reasons;
} EaBedCandidate;

/* Someone who cannot be placed, and why. */
typedef struct
{
  gint64  person_id;
  gint64  household_id;   /* 0: none */
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
void          ea_bed_matcher_set_facility (EaBedMatcher *self,
                                       gint64          facility_id);
char         *ea_bed_matcher_dup_exclusions (EaBedMatcher *self);
gboolean      ea_bed_matcher_take     (EaBedMatcher   *self,
                                       const EaBedCandidate *candidate);
gboolean      ea_bed_matcher_place    (EaBedMatcher   *self,
                                       const EaBedCandidate *candidate,
                                       gboolean        check_in,
                                       GError        **error);
gboolean      ea_bed_matcher_place_full (EaBedMatcher *self,
                                       const EaBedCandidate *candidate,
                                       gboolean        check_in,
                                       EaPlaceFlags    flags,
                                       GError        **error);
GArray       *ea_bed_matcher_dup_household (EaBedMatcher *self,
                                       const char     *household,
                                       GError        **error);
GArray       *ea_bed_matcher_dup_household_of (EaBedMatcher *self,
                                       gint64          person_id,
                                       GError        **error);
void          ea_match_weights_load   (EaSession      *session,
                                       EaMatchWeights *weights);
gboolean      ea_match_weights_save   (EaSession      *session,
                                       const EaMatchWeights *weights,
                                       GError        **error);
EaBedCandidate *ea_bed_candidate_copy (const EaBedCandidate *candidate);
void          ea_bed_candidate_free   (EaBedCandidate *candidate);
void          ea_unplaceable_free     (EaUnplaceable  *unplaceable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaBedCandidate, ea_bed_candidate_free)

G_END_DECLS
