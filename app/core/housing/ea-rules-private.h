/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The hard housing rules of DESIGN.md ("Bed matching") as pure functions
 * over what is known of a person and a room, so that a check-in and the
 * bed matcher apply the very same rules. Each refusal names its rule. */

/* Which rule a room broke, for explaining why nothing fits. */
typedef enum
{
  EA_RULE_NONE,
  EA_RULE_GENDER,        /* men's or women's room */
  EA_RULE_FAMILY_ROOM,   /* a family room of another household */
  EA_RULE_RESERVED_AREA, /* an area for women or for families */
  EA_RULE_BARRIER_FREE,
  EA_RULE_KEEP_APART,
  EA_RULE_CAPACITY,
  EA_RULE_AREA,
  EA_RULE_MIXED,         /* unrelated women and men in one bedroom */
  EA_RULE_MINOR,         /* a minor with unrelated adults, or without one of theirs */
  EA_RULE_OWN_ROOM,      /* gender d or x with others: only when a user confirms */
  EA_N_RULES
} EaRuleKind;

typedef struct
{
  gint64      person_id;
  const char *gender;               /* m, w, d, x */
  int         age;                  /* on the day of moving in; -1 unknown */
  gint64      household_id;         /* 0: none */
  int         household_size;
  gboolean    household_has_woman;  /* another member is a woman */
  gboolean    uma;                  /* unaccompanied minor */
  gboolean    wheelchair;
  /* A user has confirmed that a person of gender d or x may share a
   * bedroom with persons outside their household. */
  gboolean    shared_room_confirmed;
} EaRuleApplicant;

/* Someone who sleeps in the room on at least one night of the period:
 * the applicant, there every night of it, shares a night with each. */
typedef struct
{
  gint64      person_id;
  gint64      household_id;         /* 0: none */
  gboolean    keep_apart;           /* a keep-apart note with the applicant */
  const char *gender;               /* m, w, d, x; NULL unknown */
  int         age;                  /* -1 unknown */
  gboolean    arrives_later;        /* not there on the first night of the period */
} EaRuleOccupant;

typedef struct
{
  const char           *name;
  const char           *rule;       /* men, women, family, any */
  double                area;
  int                   capacity;
  gboolean              barrier_free;
  const char           *unit_name;
  const char           *unit_reserved_for;   /* none, women, families */
  const EaRuleOccupant *occupants;  /* who sleeps there during the period */
  guint                 n_occupants;
  /* The most of them on one night of the period, for capacity and area;
   * 0 counts them all as there at once. */
  guint                 most_at_once;
} EaRuleRoom;

gboolean _ea_rules_check_person (const EaRuleApplicant *applicant,
                                 GError               **error);
gboolean _ea_rules_check_room   (const EaRuleApplicant *applicant,
                                 const EaRuleRoom      *room,
                                 double                 min_area,
                                 EaRuleKind            *broken,
                                 GError               **error);
gboolean _ea_rules_check_area   (const char            *room_name,
                                 double                 area,
                                 int                    persons,
                                 double                 min_area,
                                 GError               **error);

G_END_DECLS
