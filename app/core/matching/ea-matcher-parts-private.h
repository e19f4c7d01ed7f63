/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-bed-matcher-private.h"
#include "ea-rules-private.h"
#include "ea-store-private.h"

G_BEGIN_DECLS

/* The bed matcher's own parts (ea-bed-matcher.c, ea-matcher-*.c) share
 * these; nothing else does. */

/* A candidate starts at the middle of 0 to 100; the preferences move it. */
#define SCORE_BASE 50.0


/* Where a household is placed: one room is best, then one unit, then one
 * facility. */
typedef enum
{
  LEVEL_ROOM,
  LEVEL_UNIT,
  LEVEL_FACILITY,
} Level;

typedef struct
{
  gint64      person_id;
  gint64      household_id;
  int         age;        /* on @aged_on */
  const char *gender;     /* interned */
  const char *religion;   /* interned, or NULL */
  gboolean    arrives_later;  /* not there on the period's first night */
  const char *birth_date; /* in the matcher's names, or NULL */
  const char *aged_on;    /* the matcher's first night, the occupant's own when later,
                           * or an applicant's */
} Occupant;

typedef struct
{
  gint64      id;
  const char *label;      /* in the matcher's names */
  gboolean    taken;      /* by a candidate taken since loading */
} Bed;

typedef struct
{
  gint64      id;
  guint       index;      /* in the matcher's rooms: by facility, unit and room */
  gint64      unit_id;
  gint64      facility_id;
  const char *name;       /* this and unit, facility: in the matcher's names */
  const char *rule;       /* interned */
  const char *reserved_for;
  const char *unit;
  const char *facility;
  double      area;
  int         capacity;
  gboolean    barrier_free;
  GArray     *beds;       /* of Bed free for the whole period, by label */
  guint       n_free;     /* of them not taken */
  GArray     *occupants;  /* of Occupant: who sleeps there during the period */
} Room;

typedef struct
{
  EaRuleApplicant facts;  /* gender interned, age on @first_night */
  const char *birth_date; /* in the matcher's names, or NULL */
  const char *first_night; /* the matcher's, or the applicant's own */
  char       *name;
  gboolean    vulnerable;
  const char *religion;
  GPtrArray  *languages;  /* interned codes */
  gboolean    has_notes;  /* keep-apart notes with anyone */
} Applicant;

/* Part of a placement: some members of the group in one room. */
typedef struct
{
  Room   *room;
  GArray *members;        /* of Applicant, shallow copies */
} Part;

struct _EaBedMatcher
{
  GObject        parent_instance;

  EaSession     *session;
  char          *from;
  char          *until;
  double         min_area;
  EaMatchWeights weights;
  GPtrArray     *rooms;          /* of Room, by facility, unit and room */
  GStringChunk  *names;          /* of rooms, units, facilities and beds */
  GHashTable    *rooms_by_id;    /* room id → Room */
  GHashTable    *languages;      /* person id → GPtrArray of interned codes */
  GHashTable    *language_names; /* interned code → label */
  GHashTable    *applicants;     /* person id → Applicant, read once */
  GHashTable    *first_nights;   /* person id → a later first night, in names */
  GHashTable    *keep_apart;     /* pair keys of applicants' keep-apart notes */
  EaStmt  *applicant_stmt; /* compiled once: an allocation reads many */
  EaStmt  *apart_stmt;
  EaStmt  *spoken_stmt;
  gint64         facility_id;    /* 0: all */
  guint          last_excluded[EA_N_RULES + 2];
  guint          last_with_beds;
  guint          last_n;
};

/* A room with its score, before a candidate is made of it. */
typedef struct
{
  Room   *room;
  double  score;
} Rated;

/* What decides about an empty room: the rules and the score see nothing
 * else of it. */
typedef struct
{
  const char *rule;
  const char *reserved_for;
  double      area;
  int         capacity;
  gboolean    barrier_free;
  gboolean    room_to_spare;  /* two beds or more left over */
} EmptyRoomKind;

typedef struct
{
  EmptyRoomKind kind;         /* first: the key */
  gboolean      takes;
  EaRuleKind    broken;
  double        score;
} EmptyRoomVerdict;

/* Arrays a split reuses from one unit to the next. */
typedef struct
{
  GArray    *remaining;   /* of Applicant */
  GArray    *subset;      /* of Applicant */
  GArray    *parts;       /* of Part */
  GPtrArray *order;       /* of Room */
} SplitScratch;


int
_ea_matcher_compare_candidates (gconstpointer a,
                                gconstpointer b);

int
_ea_matcher_compare_free (gconstpointer a,
                          gconstpointer b);

int
_ea_matcher_compare_rated (gconstpointer a,
                           gconstpointer b);

void
_ea_matcher_empty_room_kind (Room          *room,
                             guint          n,
                             EmptyRoomKind *kind);

gboolean
_ea_matcher_empty_room_kind_equal (gconstpointer a,
                                   gconstpointer b);

guint
_ea_matcher_empty_room_kind_hash (gconstpointer key);

char *
_ea_matcher_explain (guint       n_persons,
                     guint       with_beds,
                     const guint excluded[EA_N_RULES + 2],
                     gboolean    nothing_found);

void
_ea_matcher_find_split (EaBedMatcher   *self,
                        GArray         *group,
                        EaReligionMode  religion,
                        guint           limit,
                        GArray         *scratch,
                        GPtrArray      *candidates);

void
_ea_matcher_keep_best (GArray      *rated,
                       const Rated *one,
                       guint        limit);

Applicant *
_ea_matcher_load_applicant (EaBedMatcher  *self,
                            gint64         id,
                            GError       **error);

gboolean
_ea_matcher_load_free_beds (EaBedMatcher  *self,
                            EaStore       *store,
                            GError       **error);

gboolean
_ea_matcher_load_occupants (EaBedMatcher  *self,
                            EaStore       *store,
                            GError       **error);

gboolean
_ea_matcher_load_rooms (EaBedMatcher  *self,
                        EaStore       *store,
                        GError       **error);

EaBedCandidate *
_ea_matcher_make_candidate (EaBedMatcher   *self,
                            const Part     *parts,
                            guint           n_parts,
                            Level           level,
                            EaReligionMode  religion);

gboolean
_ea_matcher_other_religion (Room   *room,
                            GArray *members);

gint64
_ea_matcher_pair_key (gint64 a,
                      gint64 b);

int
_ea_matcher_age_on (const char *birth_date,
                    int         age,
                    const char *aged_on,
                    const char *night);

gboolean
_ea_matcher_room_takes (EaBedMatcher  *self,
                        Room          *room,
                        GArray        *members,
                        GArray        *scratch,
                        EaRuleKind    *broken);

double
_ea_matcher_score_parts (EaBedMatcher   *self,
                         const Part     *parts,
                         guint           n_parts,
                         Level           level,
                         EaReligionMode  religion,
                         GStrvBuilder   *reasons);

EaUnplaceable *
_ea_matcher_unplaceable_new (Applicant  *a,
                             const char *reason);

G_END_DECLS
