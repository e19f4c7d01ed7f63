/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-bed-matcher.h"

G_BEGIN_DECLS

/* One person of a proposal to place the expected arrivals. */
typedef struct
{
  guint     group;             /* the persons of one household share it */
  gint64    person_id;
  char     *name;
  gint64    household_id;      /* 0: none */
  char     *household;         /* the platform's id or the number; NULL without */
  char     *gender;
  int       age;               /* on the first night; -1 unknown */
  GStrv     needs;             /* protection needs, e.g. rollstuhl */
  char     *expected_on;       /* YYYY-MM-DD or NULL */
  gboolean  skipped;           /* taken out of the proposal by the user */
  gint64    bed_id;            /* 0 when skipped */
  char     *bed;
  gint64    room_id;
  char     *room;
  char     *unit;
  char     *facility;
  char     *room_rule;         /* men, women, family, any */
  gboolean  room_barrier_free;
  double    room_area;
  int       room_capacity;
  double    score;
  GStrv     reasons;
} EaAllocationRow;

/* Someone in a room after the proposal: the roommates a row will have. */
typedef struct
{
  gint64      person_id;
  gint64      household_id;
  const char *gender;
  int         age;
} EaAllocationOccupant;

#define EA_TYPE_ALLOCATION (ea_allocation_get_type ())
G_DECLARE_FINAL_TYPE (EaAllocation, ea_allocation, EA, ALLOCATION, GObject)

/* How far a proposal is, from 0 to 1; called in the thread that computes. */
typedef void (*EaAllocationProgress) (double   fraction,
                                      gpointer data);

EaAllocation *ea_allocation_new              (EaSession       *session,
                                              const char      *arrivals_until,
                                              EaReligionMode   religion,
                                              GError         **error);
EaAllocation *ea_allocation_new_full         (EaSession       *session,
                                              const char      *arrivals_until,
                                              EaReligionMode   religion,
                                              EaAllocationProgress progress,
                                              gpointer         progress_data,
                                              GCancellable    *cancellable,
                                              GError         **error);
GPtrArray    *ea_allocation_get_rows         (EaAllocation    *self);
GPtrArray    *ea_allocation_get_unplaced     (EaAllocation    *self);
guint         ea_allocation_get_n_placed     (EaAllocation    *self);
GPtrArray    *ea_allocation_find_alternatives (EaAllocation   *self,
                                              guint            group,
                                              guint            limit,
                                              GError         **error);
gboolean      ea_allocation_choose           (EaAllocation    *self,
                                              guint            group,
                                              const EaBedCandidate *candidate,
                                              GError         **error);
gboolean      ea_allocation_set_skipped      (EaAllocation    *self,
                                              guint            group,
                                              gboolean         skipped,
                                              GError         **error);
GArray       *ea_allocation_dup_room_occupants (EaAllocation  *self,
                                              gint64           room_id);
guint         ea_allocation_commit           (EaAllocation    *self,
                                              GError         **error);

G_END_DECLS
