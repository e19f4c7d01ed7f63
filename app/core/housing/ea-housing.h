/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/**
 * EaPlaceFlags:
 * @EA_PLACE_DEFAULT: every rule holds
 * @EA_PLACE_CONFIRM_SHARED_ROOM: the user confirms that a person of gender
 *   d or x shares a bedroom with persons outside their household
 * @EA_PLACE_CANCEL_RESERVATION: cancel, in the same step, another person's
 *   reservation of the bed that the period overlaps
 * @EA_PLACE_REPLACE_RESERVATION: a new reservation replaces the one the
 *   person holds already
 *
 * What a user sets aside on purpose when placing someone: a refusal with
 * %EA_ERROR_CONFIRM is lifted by %EA_PLACE_CONFIRM_SHARED_ROOM, one with
 * %EA_ERROR_RESERVED by %EA_PLACE_CANCEL_RESERVATION, one with
 * %EA_ERROR_REPLACES by %EA_PLACE_REPLACE_RESERVATION (see
 * ea_place_flag_for_error()).
 */
typedef enum
{
  EA_PLACE_DEFAULT             = 0,
  EA_PLACE_CONFIRM_SHARED_ROOM = 1 << 0,
  EA_PLACE_CANCEL_RESERVATION  = 1 << 1,
  EA_PLACE_REPLACE_RESERVATION = 1 << 2,
} EaPlaceFlags;

typedef enum
{
  EA_BED_FREE,
  EA_BED_OCCUPIED,
  EA_BED_RESERVED,
  EA_BED_BLOCKED,
} EaBedStatus;

/* One person who shared a room with another, and when. */
typedef struct
{
  gint64  person_id;
  char   *name;
  char   *facility;
  char   *room;
  char   *from;    /* first shared night */
  char   *until;   /* day the sharing ended, or NULL while it lasts */
} EaRoommate;

/* A bed in the room plan of a facility, on one day. */
typedef struct
{
  gint64       bed_id;
  char        *label;
  EaBedStatus  status;
  gint64       person_id;      /* the occupant, or the person it is reserved for */
  char        *person_name;    /* NULL when the user may not see persons */
  char        *since;          /* the occupant's first night in this bed */
  char        *block_reason;
  char        *block_until;
  gint64       reservation_id;
  char        *reserved_from;  /* a free bed held from a later day, or NULL */
  char        *reserved_name;  /* for whom, when the user may see persons */
  char        *planned_until;  /* the occupant's planned day of moving out */
} EaPlanBed;

typedef struct
{
  gint64     room_id;
  gint64     unit_id;
  char      *unit;
  char      *unit_reserved_for;
  int        floor;
  char      *name;
  char      *rule;
  double     area;
  int        capacity;
  gboolean   barrier_free;
  GPtrArray *beds;             /* of EaPlanBed */
} EaPlanRoom;

void       ea_plan_room_free           (EaPlanRoom *room);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaPlanRoom, ea_plan_room_free)

void       ea_roommate_free            (EaRoommate *roommate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaRoommate, ea_roommate_free)

EaPlaceFlags ea_place_flag_for_error   (const GError *error);

gint64     ea_housing_resolve_person   (EaSession   *session,
                                        const char  *id,
                                        GError     **error);
gint64     ea_housing_check_in         (EaSession   *session,
                                        gint64       person_id,
                                        gint64       bed_id,
                                        const char  *date,
                                        GError     **error);
char      *ea_housing_dup_reservation  (EaSession   *session,
                                        gint64       person_id);
gint64     ea_housing_check_in_full    (EaSession   *session,
                                        gint64       person_id,
                                        gint64       bed_id,
                                        const char  *date,
                                        EaPlaceFlags flags,
                                        GError     **error);
gint64     ea_housing_check_out        (EaSession   *session,
                                        gint64       person_id,
                                        const char  *date,
                                        GError     **error);
gint64     ea_housing_move             (EaSession   *session,
                                        gint64       person_id,
                                        gint64       bed_id,
                                        const char  *date,
                                        gint64      *old_stay_id,
                                        GError     **error);
gint64     ea_housing_move_full        (EaSession   *session,
                                        gint64       person_id,
                                        gint64       bed_id,
                                        const char  *date,
                                        EaPlaceFlags flags,
                                        gint64      *old_stay_id,
                                        GError     **error);
gint64     ea_housing_reserve          (EaSession   *session,
                                        gint64       person_id,
                                        gint64       bed_id,
                                        const char  *from,
                                        const char  *until,
                                        GError     **error);
gint64     ea_housing_reserve_full     (EaSession   *session,
                                        gint64       person_id,
                                        gint64       bed_id,
                                        const char  *from,
                                        const char  *until,
                                        EaPlaceFlags flags,
                                        GError     **error);
gboolean   ea_housing_check_placing    (EaSession   *session,
                                        gint64       person_id,
                                        gint64       bed_id,
                                        const char  *date,
                                        gboolean     reserve,
                                        GError     **error);
gboolean   ea_housing_plan_departure   (EaSession   *session,
                                        gint64       person_id,
                                        const char  *date,
                                        GError     **error);
gboolean   ea_housing_cancel_reservation (EaSession *session,
                                        gint64       reservation_id,
                                        GError     **error);
gint64     ea_housing_block_bed        (EaSession   *session,
                                        gint64       bed_id,
                                        const char  *reason,
                                        const char  *note,
                                        const char  *from,
                                        const char  *until,
                                        GError     **error);
gboolean   ea_housing_unblock_bed      (EaSession   *session,
                                        gint64       bed_id,
                                        const char  *date,
                                        GError     **error);
gboolean   ea_housing_undo_check_in    (EaSession   *session,
                                        gint64       stay_id,
                                        GError     **error);
gboolean   ea_housing_undo_check_out   (EaSession   *session,
                                        gint64       stay_id,
                                        GError     **error);
gboolean   ea_housing_undo_move        (EaSession   *session,
                                        gint64       old_stay_id,
                                        gint64       new_stay_id,
                                        GError     **error);
EaBedStatus ea_housing_bed_status      (EaSession   *session,
                                        gint64       bed_id,
                                        const char  *date,
                                        GError     **error);
GPtrArray *ea_housing_room_plan        (EaSession   *session,
                                        gint64       facility_id,
                                        const char  *date,
                                        char       **facility_name,
                                        GError     **error);
GArray    *ea_housing_free_beds        (EaSession   *session,
                                        const char  *date,
                                        gint64       facility_id,
                                        gint64       unit_id,
                                        const char  *rule,
                                        GError     **error);
double     ea_housing_get_min_area     (EaSession   *session);
gboolean   ea_housing_set_min_area     (EaSession   *session,
                                        double       area,
                                        GError     **error);
GPtrArray *ea_housing_roommates        (EaSession   *session,
                                        gint64       person_id,
                                        GError     **error);

G_END_DECLS
