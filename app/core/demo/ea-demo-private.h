/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

/* The parts of the demo district (ea-demo.c: the persons' stays and the
 * history, and the whole run; ea-demo-facilities.c: facilities, areas,
 * rooms and beds; ea-demo-people.c: households and their persons;
 * ea-demo-content.c: notes, documents and an import) share
 * what is built and these helpers; nothing else does. */

#include "ea-demo-data.h"
#include "ea-store-private.h"

G_BEGIN_DECLS

#define HISTORY_DAYS 730
#define MAX_HOUSEHOLD 8


typedef enum
{
  HH_SINGLE_MAN,
  HH_SINGLE_WOMAN,
  HH_COUPLE,
  HH_FAMILY,
  HH_SINGLE_PARENT,
  HH_UMA,
} HouseholdKind;

typedef struct
{
  char gender;
  int  age;
  const char *role;
} Member;

typedef struct
{
  HouseholdKind kind;
  const EaDemoNationality *nat;
  const char *family_name;
  guint n;
  Member members[MAX_HOUSEHOLD];
} Household;

typedef struct
{
  gint64      id;
  const char *rule;
  const char *reserved_for;
  guint       capacity;
  gboolean    barrier_free;
  guint       first_bed;
} Room;

typedef struct
{
  gint64   id;
  guint    room;
  /* The first day of the earliest stay or block known on this bed; any
   * earlier stay must end on or before it. */
  guint32  free_until;
  gboolean taken_now;
} Bed;

typedef struct
{
  EaStore  *store;
  GRand    *rand;
  guint32   today;
  char     *created_at;
  gint64    admin_id;

  GArray   *rooms;
  GArray   *beds;

  guint     persons_made;
  guint     household_seq;
  guint     person_seq;

  EaStmt *facility;
  EaStmt *unit;
  EaStmt *room;
  EaStmt *bed;
  EaStmt *household;
  EaStmt *member;
  EaStmt *person;
  EaStmt *nationality;
  EaStmt *language;
  EaStmt *vulnerability;
  EaStmt *stay;
  EaStmt *reservation;
  EaStmt *block;
} Demo;

typedef struct
{
  const char *status;     /* expected, present, left */
  guint32     arrived;    /* 0 when expected */
  guint32     left;       /* 0 unless left */
  guint32     expected;   /* 0 unless expected */
} Fate;

#define PICK_STRING(d, array) \
  ((array)[_ea_demo_pick ((d), 0, \
                         (int) _ea_demo_count_strings ((array), G_N_ELEMENTS (array)) - 1)])

gboolean
_ea_demo_chance (Demo *d,
                 double p);

guint
_ea_demo_count_strings (const char * const *strings,
                        guint max);

void
_ea_demo_format_julian (guint32 day,
                        char out[11]);

gint64
_ea_demo_last_id (Demo *d);

int
_ea_demo_pick (Demo *d,
               int lo,
               int hi);

const EaDemoNationality *
_ea_demo_pick_nationality (Demo *d);

const char *
_ea_demo_pick_weighted_code (Demo *d,
                             const char * const *entries,
                             guint n_entries,
                             char buffer[64]);

gboolean
_ea_demo_step_done (Demo *d,
                    EaStmt *stmt,
                    GError **error);

gboolean
_ea_demo_add_facility (Demo *d,
                       guint index,
                       GError **error);

gboolean
_ea_demo_insert_household (Demo *d,
                           Household *hh,
                           const Fate *fate,
                           gint64 *ids,
                           GError **error);

void
_ea_demo_make_household (Demo *d,
                         HouseholdKind kind,
                         guint max_size,
                         Household *hh);

HouseholdKind
_ea_demo_pick_household_kind (Demo *d);

/* ea-demo-content.c: what the pages show beyond beds and persons. The
 * person the arrivals' import announces again, as the file tells. */
typedef struct
{
  char *family_name;
  char *given_names;
  char *birth_date;
  char *gender;
  char *nationality;
} EaDemoTwin;

void
_ea_demo_twin_clear (EaDemoTwin *twin);

gboolean
_ea_demo_add_content (EaStore *store,
                      guint32 today,
                      EaDemoTwin *twin,
                      GError **error);

gboolean
_ea_demo_import_arrivals (EaStore *store,
                          guint32 today,
                          const EaDemoTwin *twin,
                          guint *imported,
                          GError **error);

G_END_DECLS
