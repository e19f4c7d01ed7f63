/* SPDX-License-Identifier: EUPL-1.2 */
/* EaBedMatcher: finds rooms for a person or a whole household for a
 * period (DESIGN.md, "Bed matching"). The district is read once into
 * memory: rooms with the beds that are free for the whole period and who
 * sleeps there on its first day. A candidate that breaks a hard rule is
 * never offered; the hard rules are those of a check-in (ea-rules.c).
 * Preferences rank the rest, and each candidate carries its reasons. When
 * nothing fits, the rules that excluded the rooms are named. */
#include "config.h"

#include "ea-bed-matcher.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ea-error.h"
#include "ea-housing-private.h"
#include "ea-rules-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

/* Preference weights; a candidate starts at 50 of 100. */
#define SCORE_BASE 50.0
#define WEIGHT_HOUSEHOLD 20.0
#define WEIGHT_PROTECTED 15.0
#define WEIGHT_LANGUAGE 10.0
#define WEIGHT_RELIGION 10.0
#define WEIGHT_FILL 10.0
#define WEIGHT_KEEP_BARRIER_FREE 5.0

typedef struct
{
  gint64      person_id;
  gint64      household_id;
  int         age;
  const char *gender;     /* interned */
  const char *religion;   /* interned, or NULL */
} Occupant;

typedef struct
{
  gint64      id;
  char       *name;
  const char *rule;       /* interned */
  const char *reserved_for;
  char       *unit;
  char       *facility;
  double      area;
  int         capacity;
  gboolean    barrier_free;
  GArray     *free_beds;  /* of gint64 */
  GPtrArray  *free_labels;
  GArray     *occupants;  /* of Occupant */
} Room;

typedef struct
{
  EaRuleApplicant facts;  /* gender interned, age on the day of moving in */
  char       *name;
  gboolean    vulnerable;
  const char *religion;
  GPtrArray  *languages;  /* interned codes */
} Applicant;

struct _EaBedMatcher
{
  GObject     parent_instance;

  EaSession  *session;
  char       *from;
  char       *until;
  double      min_area;
  GPtrArray  *rooms;          /* of Room */
  GHashTable *languages;      /* person id → GPtrArray of interned codes */
  GHashTable *language_names; /* interned code → label */
};

G_DEFINE_FINAL_TYPE (EaBedMatcher, ea_bed_matcher, G_TYPE_OBJECT)

static void
room_free (Room *room)
{
  g_free (room->name);
  g_free (room->unit);
  g_free (room->facility);
  g_array_unref (room->free_beds);
  g_ptr_array_unref (room->free_labels);
  g_array_unref (room->occupants);
  g_free (room);
}

static void
applicant_clear (Applicant *applicant)
{
  g_free (applicant->name);
  g_clear_pointer (&applicant->languages, g_ptr_array_unref);
}

void
ea_bed_candidate_free (EaBedCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->facility);
  g_free (candidate->unit);
  g_free (candidate->room);
  g_free (candidate->rule);
  g_array_unref (candidate->bed_ids);
  g_ptr_array_unref (candidate->bed_labels);
  g_strfreev (candidate->reasons);
  g_free (candidate);
}

void
ea_unplaceable_free (EaUnplaceable *unplaceable)
{
  if (unplaceable == NULL)
    return;
  g_free (unplaceable->name);
  g_free (unplaceable->reason);
  g_free (unplaceable);
}

static void
ea_bed_matcher_finalize (GObject *object)
{
  EaBedMatcher *self = EA_BED_MATCHER (object);

  g_clear_object (&self->session);
  g_free (self->from);
  g_free (self->until);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->languages, g_hash_table_unref);
  g_clear_pointer (&self->language_names, g_hash_table_unref);
  G_OBJECT_CLASS (ea_bed_matcher_parent_class)->finalize (object);
}

static void
ea_bed_matcher_class_init (EaBedMatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ea_bed_matcher_finalize;
}

static void
ea_bed_matcher_init (EaBedMatcher *self)
{
}

static const char *
intern (sqlite3_stmt *stmt,
        int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_intern_string (text) : NULL;
}

static gboolean
load_rooms (EaBedMatcher  *self,
            EaStore       *store,
            GHashTable    *by_id,
            GError       **error)
{
  g_autoptr(GArray) facilities = _ea_session_dup_facility_ids (self->session);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* Open rooms; an account limited to facilities places only there. */
  stmt = _ea_store_prepare (store,
    "SELECT r.id, r.name, r.rule, r.area_m2, r.capacity, r.barrier_free, u.name, "
    "  u.reserved_for, f.name, f.id "
    "FROM rooms r JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE (r.closed_on IS NULL OR r.closed_on > ?1) AND (u.closed_on IS NULL OR u.closed_on > ?1) "
    "  AND (f.closed_on IS NULL OR f.closed_on > ?1) "
    "  AND (f.opened_on IS NULL OR f.opened_on <= ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->from, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 facility = sqlite3_column_int64 (stmt, 9);
      Room *room;
      gboolean allowed = facilities == NULL;

      for (guint i = 0; !allowed && i < facilities->len; i++)
        allowed = g_array_index (facilities, gint64, i) == facility;
      if (!allowed)
        continue;
      room = g_new0 (Room, 1);
      room->id = sqlite3_column_int64 (stmt, 0);
      room->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      room->rule = intern (stmt, 2);
      room->area = sqlite3_column_double (stmt, 3);
      room->capacity = sqlite3_column_int (stmt, 4);
      room->barrier_free = sqlite3_column_int (stmt, 5) != 0;
      room->unit = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      room->reserved_for = intern (stmt, 7);
      room->facility = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      room->free_beds = g_array_new (FALSE, FALSE, sizeof (gint64));
      room->free_labels = g_ptr_array_new_with_free_func (g_free);
      room->occupants = g_array_new (FALSE, FALSE, sizeof (Occupant));
      g_ptr_array_add (self->rooms, room);
      g_hash_table_insert (by_id, &room->id, room);
    }
  if (rc != SQLITE_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the rooms"));
  return TRUE;
}

/* Beds free for the whole period: open, and neither occupied, blocked
 * nor reserved at any time of it. */
static gboolean
load_free_beds (EaBedMatcher  *self,
                EaStore       *store,
                GHashTable    *by_id,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *until = self->until != NULL ? self->until : "9999-12-31";
  int rc;

  stmt = _ea_store_prepare (store,
    "SELECT b.id, b.room_id, b.label FROM beds b "
    "WHERE (b.closed_on IS NULL OR b.closed_on >= ?2) "
    "  AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.from_date < ?2 "
    "                  AND (s.until_date IS NULL OR s.until_date > ?1)) "
    "  AND NOT EXISTS (SELECT 1 FROM bed_blocks k WHERE k.bed_id = b.id AND k.from_date < ?2 "
    "                  AND (k.until_date IS NULL OR k.until_date > ?1)) "
    "  AND NOT EXISTS (SELECT 1 FROM reservations v WHERE v.bed_id = b.id "
    "                  AND v.state = 'active' AND v.from_date < ?2 "
    "                  AND (v.until_date IS NULL OR v.until_date > ?1)) "
    "ORDER BY b.room_id, b.label", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, until, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 room_id = sqlite3_column_int64 (stmt, 1);
      Room *room = g_hash_table_lookup (by_id, &room_id);
      gint64 bed = sqlite3_column_int64 (stmt, 0);

      if (room == NULL)
        continue;
      g_array_append_val (room->free_beds, bed);
      g_ptr_array_add (room->free_labels, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  if (rc != SQLITE_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the beds"));
  return TRUE;
}

/* Who sleeps in each room on the first day, with their household, age,
 * gender, religion and languages (for the preferences). */
static gboolean
load_occupants (EaBedMatcher  *self,
                EaStore       *store,
                GHashTable    *by_id,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) languages = NULL;
  int rc;

  stmt = _ea_store_prepare (store,
    "SELECT b.room_id, s.person_id, coalesce (m.household_id, 0), p.birth_date, p.gender, "
    "  p.religion "
    "FROM stays s JOIN beds b ON b.id = s.bed_id JOIN persons p ON p.id = s.person_id "
    "LEFT JOIN household_members m ON m.person_id = s.person_id "
    "WHERE s.from_date <= ?1 AND (s.until_date IS NULL OR s.until_date > ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->from, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 room_id = sqlite3_column_int64 (stmt, 0);
      Room *room = g_hash_table_lookup (by_id, &room_id);
      Occupant occupant;

      if (room == NULL)
        continue;
      occupant.person_id = sqlite3_column_int64 (stmt, 1);
      occupant.household_id = sqlite3_column_int64 (stmt, 2);
      occupant.age = ea_partial_date_age ((const char *) sqlite3_column_text (stmt, 3),
                                          self->from);
      occupant.gender = intern (stmt, 4);
      occupant.religion = intern (stmt, 5);
      g_array_append_val (room->occupants, occupant);
    }
  if (rc != SQLITE_DONE)
    return _ea_store_set_error (store, error, _("Cannot read who lives in the rooms"));

  languages = _ea_store_prepare (store,
    "SELECT l.person_id, l.code, coalesce (c.label, l.code) FROM person_languages l "
    "LEFT JOIN codes c ON c.list = 'language' AND c.code = l.code "
    "WHERE l.person_id IN (SELECT person_id FROM stays WHERE from_date <= ?1 "
    "                      AND (until_date IS NULL OR until_date > ?1))", error);
  if (languages == NULL)
    return FALSE;
  sqlite3_bind_text (languages, 1, self->from, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (languages)) == SQLITE_ROW)
    {
      gint64 person = sqlite3_column_int64 (languages, 0);
      const char *code = intern (languages, 1);
      GPtrArray *codes = g_hash_table_lookup (self->languages, &person);

      if (codes == NULL)
        {
          codes = g_ptr_array_new ();
          g_hash_table_insert (self->languages, g_memdup2 (&person, sizeof person), codes);
        }
      g_ptr_array_add (codes, (gpointer) code);
      g_hash_table_insert (self->language_names, (gpointer) code,
                           g_strdup ((const char *) sqlite3_column_text (languages, 2)));
    }
  if (rc != SQLITE_DONE)
    return _ea_store_set_error (store, error, _("Cannot read who lives in the rooms"));
  return TRUE;
}

/**
 * ea_bed_matcher_new:
 * @session: a session that may see persons
 * @from: (nullable): the first night, `YYYY-MM-DD` or `TT.MM.JJJJ`; today
 * @until: (nullable): the day of moving out; %NULL for open-ended
 * @error: a #GError
 *
 * Reads the district for the period. Keep the matcher while nothing
 * changes: each search then works in memory.
 *
 * Returns: (transfer full): the matcher, or %NULL on a refusal
 */
EaBedMatcher *
ea_bed_matcher_new (EaSession   *session,
                    const char  *from,
                    const char  *until,
                    GError     **error)
{
  g_autoptr(EaBedMatcher) self = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *area = NULL;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return NULL;
  self = g_object_new (EA_TYPE_BED_MATCHER, NULL);
  self->session = g_object_ref (session);
  self->from = from != NULL ? ea_date_parse_input (from) : ea_date_today ();
  self->until = until != NULL ? ea_date_parse_input (until) : NULL;
  if (self->from == NULL || (until != NULL && self->until == NULL))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is not a valid date; write it as YYYY-MM-DD or DD.MM.YYYY."),
                   self->from == NULL ? from : until);
      return NULL;
    }
  if (self->until != NULL && strcmp (self->until, self->from) <= 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The day of moving out must come after the first night."));
      return NULL;
    }
  store = ea_session_get_store (session);
  area = _ea_store_dup_setting (store, "min_area_per_person");
  self->min_area = area != NULL && g_ascii_strtod (area, NULL) > 0 ? g_ascii_strtod (area, NULL)
                                                                    : 7.0;
  self->rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) room_free);
  self->languages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  self->language_names = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  if (!load_rooms (self, store, by_id, error) || !load_free_beds (self, store, by_id, error) ||
      !load_occupants (self, store, by_id, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Person numbers are rowids far below 2³¹: two make one key. */
static gint64
pair_key (gint64 a,
          gint64 b)
{
  return (gint64) (((guint64) a << 32) | (guint32) b);
}

static gboolean
load_applicants (EaBedMatcher  *self,
                 const gint64  *ids,
                 guint          n,
                 GArray        *applicants,
                 GHashTable    *keep_apart,
                 GError       **error)
{
  EaStore *store = ea_session_get_store (self->session);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) apart = NULL;
  g_autoptr(sqlite3_stmt) spoken = NULL;

  stmt = _ea_store_prepare (store,
    "SELECT p.family_name || coalesce (', ' || p.given_names, ''), p.gender, p.birth_date, "
    "  EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = p.id AND v.code IN "
    "          ('alleinreisende-frau', 'schwanger', 'alleinerziehend', 'trauma', "
    "           'folteropfer', 'menschenhandel', 'lsbti')), "
    "  p.religion, " EA_RULE_FACTS_COLUMNS " FROM " EA_RULE_FACTS_JOIN " WHERE p.id = ?1",
    error);
  apart = _ea_store_prepare (store,
    "SELECT CASE WHEN person_a = ?1 THEN person_b ELSE person_a END FROM keep_apart "
    "WHERE person_a = ?1 OR person_b = ?1", error);
  spoken = _ea_store_prepare (store,
    "SELECT l.code, coalesce (c.label, l.code) FROM person_languages l "
    "LEFT JOIN codes c ON c.list = 'language' AND c.code = l.code WHERE l.person_id = ?1",
    error);
  if (stmt == NULL || apart == NULL || spoken == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      Applicant applicant = { 0 };

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("There is no person no. %lld."),
                       (long long) ids[i]);
          return FALSE;
        }
      applicant.facts.person_id = ids[i];
      applicant.name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      applicant.facts.gender = intern (stmt, 1);
      applicant.facts.age = ea_partial_date_age ((const char *) sqlite3_column_text (stmt, 2),
                                                 self->from);
      _ea_housing_read_rule_facts (stmt, 5, &applicant.facts);
      applicant.vulnerable = sqlite3_column_int (stmt, 3) != 0 ||
                             (g_strcmp0 (applicant.facts.gender, "w") == 0 &&
                              applicant.facts.household_size <= 1 && applicant.facts.age >= 18);
      applicant.religion = intern (stmt, 4);
      applicant.languages = g_ptr_array_new ();

      sqlite3_reset (apart);
      sqlite3_bind_int64 (apart, 1, ids[i]);
      while (sqlite3_step (apart) == SQLITE_ROW)
        {
          gint64 other = sqlite3_column_int64 (apart, 0);

          gint64 key = pair_key (ids[i], other);

          g_hash_table_add (keep_apart, g_memdup2 (&key, sizeof key));
        }
      sqlite3_reset (spoken);
      sqlite3_bind_int64 (spoken, 1, ids[i]);
      while (sqlite3_step (spoken) == SQLITE_ROW)
        {
          const char *code = intern (spoken, 0);

          g_ptr_array_add (applicant.languages, (gpointer) code);
          if (!g_hash_table_contains (self->language_names, code))
            g_hash_table_insert (self->language_names, (gpointer) code,
                                 g_strdup ((const char *) sqlite3_column_text (spoken, 1)));
        }
      g_array_append_val (applicants, applicant);
    }
  return TRUE;
}

static gboolean
kept_apart (GHashTable *keep_apart,
            gint64      applicant,
            gint64      other)
{
  gint64 key = pair_key (applicant, other);

  return g_hash_table_contains (keep_apart, &key);
}

/* The rules for the whole group in @room: each member, with the room's
 * occupants and the members placed before, must pass. */
static gboolean
room_takes (EaBedMatcher  *self,
            Room          *room,
            GArray        *applicants,
            GHashTable    *keep_apart,
            GArray        *scratch,
            EaRuleKind    *broken)
{
  gboolean adult_of_household = FALSE;

  for (guint i = 0; i < applicants->len; i++)
    {
      Applicant *a = &g_array_index (applicants, Applicant, i);
      EaRuleRoom rule_room = {
        .name = room->name, .rule = room->rule, .area = room->area,
        .capacity = room->capacity, .barrier_free = room->barrier_free,
        .unit_name = room->unit, .unit_reserved_for = room->reserved_for,
      };

      g_array_set_size (scratch, 0);
      for (guint o = 0; o < room->occupants->len; o++)
        {
          Occupant *occupant = &g_array_index (room->occupants, Occupant, o);
          EaRuleOccupant present = {
            .person_id = occupant->person_id,
            .household_id = occupant->household_id,
            .keep_apart = kept_apart (keep_apart, a->facts.person_id, occupant->person_id),
          };

          g_array_append_val (scratch, present);
        }
      for (guint j = 0; j < i; j++)
        {
          Applicant *before = &g_array_index (applicants, Applicant, j);
          EaRuleOccupant present = {
            .person_id = before->facts.person_id,
            .household_id = before->facts.household_id,
            .keep_apart = kept_apart (keep_apart, a->facts.person_id, before->facts.person_id),
          };

          g_array_append_val (scratch, present);
        }
      rule_room.occupants = (const EaRuleOccupant *) scratch->data;
      rule_room.n_occupants = scratch->len;
      if (!_ea_rules_check_room (&a->facts, &rule_room, self->min_area, broken, NULL))
        return FALSE;
    }

  /* A household's minors sleep in a room with an adult of their household. */
  for (guint i = 0; i < applicants->len; i++)
    {
      Applicant *a = &g_array_index (applicants, Applicant, i);

      if (a->facts.age >= 18 || a->facts.household_id == 0)
        continue;
      adult_of_household = FALSE;
      for (guint j = 0; j < applicants->len && !adult_of_household; j++)
        {
          Applicant *b = &g_array_index (applicants, Applicant, j);

          adult_of_household = b->facts.household_id == a->facts.household_id && b->facts.age >= 18;
        }
      for (guint o = 0; o < room->occupants->len && !adult_of_household; o++)
        {
          Occupant *occupant = &g_array_index (room->occupants, Occupant, o);

          adult_of_household = occupant->household_id == a->facts.household_id &&
                               occupant->age >= 18;
        }
      if (!adult_of_household)
        {
          *broken = EA_N_RULES;
          return FALSE;
        }
    }
  return TRUE;
}

static EaBedCandidate *
rate (EaBedMatcher   *self,
      Room           *room,
      GArray         *applicants,
      EaReligionMode  religion)
{
  EaBedCandidate *candidate = g_new0 (EaBedCandidate, 1);
  g_autoptr(GStrvBuilder) reasons = g_strv_builder_new ();
  double score = SCORE_BASE;
  gboolean vulnerable = FALSE, wheelchair = FALSE, same_religion = room->occupants->len > 0;
  const char *shared = NULL;

  for (guint i = 0; i < applicants->len; i++)
    {
      Applicant *a = &g_array_index (applicants, Applicant, i);

      vulnerable |= a->vulnerable;
      wheelchair |= a->facts.wheelchair;
      for (guint o = 0; o < room->occupants->len; o++)
        {
          Occupant *occupant = &g_array_index (room->occupants, Occupant, o);
          GPtrArray *spoken = g_hash_table_lookup (self->languages, &occupant->person_id);

          if (a->religion == NULL || occupant->religion != a->religion)
            same_religion = FALSE;
          for (guint l = 0; shared == NULL && spoken != NULL && l < spoken->len; l++)
            for (guint k = 0; shared == NULL && k < a->languages->len; k++)
              if (g_ptr_array_index (spoken, l) == g_ptr_array_index (a->languages, k))
                shared = g_ptr_array_index (spoken, l);
        }
    }

  if (applicants->len > 1)
    {
      score += WEIGHT_HOUSEHOLD;
      g_strv_builder_add (reasons, _("Family in one room"));
    }
  if (vulnerable && g_strcmp0 (room->reserved_for, "women") == 0)
    {
      score += WEIGHT_PROTECTED;
      g_strv_builder_add (reasons, _("Women's area"));
    }
  if (shared != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Shared language: %s"),
                                               (const char *) g_hash_table_lookup (
                                                 self->language_names, shared));

      score += WEIGHT_LANGUAGE;
      g_strv_builder_add (reasons, text);
    }
  if (religion == EA_RELIGION_PREFER && same_religion)
    {
      score += WEIGHT_RELIGION;
      g_strv_builder_add (reasons, _("Same religion as the roommates"));
    }
  if (wheelchair)
    g_strv_builder_add (reasons, _("Barrier-free"));
  else if (room->barrier_free)
    score -= WEIGHT_KEEP_BARRIER_FREE;
  /* Whole free rooms stay for families: single persons fill rooms begun. */
  if (applicants->len == 1 && room->occupants->len > 0)
    {
      score += WEIGHT_FILL;
      g_strv_builder_add (reasons, _("Fills a room already in use"));
    }
  else if (room->free_beds->len >= applicants->len + 2 && room->occupants->len == 0)
    score -= WEIGHT_FILL;

  candidate->room_id = room->id;
  candidate->facility = g_strdup (room->facility);
  candidate->unit = g_strdup (room->unit);
  candidate->room = g_strdup (room->name);
  candidate->rule = g_strdup (room->rule);
  candidate->area = room->area;
  candidate->capacity = room->capacity;
  candidate->barrier_free = room->barrier_free;
  candidate->bed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  candidate->bed_labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < applicants->len; i++)
    {
      g_array_append_val (candidate->bed_ids, g_array_index (room->free_beds, gint64, i));
      g_ptr_array_add (candidate->bed_labels,
                       g_strdup (g_ptr_array_index (room->free_labels, i)));
    }
  candidate->score = CLAMP (score, 0, 100);
  candidate->reasons = g_strv_builder_end (reasons);
  return candidate;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const EaBedCandidate *x = *(EaBedCandidate **) a, *y = *(EaBedCandidate **) b;
  int by_name;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  by_name = g_strcmp0 (x->facility, y->facility);
  if (by_name != 0)
    return by_name;
  by_name = g_strcmp0 (x->room, y->room);
  return by_name != 0 ? by_name : (x->room_id > y->room_id) - (x->room_id < y->room_id);
}

/* Why no room took the group, from the rooms each rule excluded. */
static char *
explain (guint       n_persons,
         guint       with_beds,
         const guint excluded[EA_N_RULES + 2])
{
  GString *why = g_string_new (NULL);

  if (with_beds == 0)
    {
      g_string_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                         "No room has %u free bed for the whole period.",
                                         "No room has %u free beds together for the whole "
                                         "period.", n_persons), n_persons);
      return g_string_free (why, FALSE);
    }
  if (excluded[EA_RULE_BARRIER_FREE] > 0)
    g_string_append_printf (why, _("No barrier-free beds are free (%u rooms with free beds are "
                                   "not barrier-free). "), excluded[EA_RULE_BARRIER_FREE]);
  if (excluded[EA_RULE_GENDER] > 0)
    g_string_append_printf (why, _("%u rooms are for the other gender. "),
                            excluded[EA_RULE_GENDER]);
  if (excluded[EA_RULE_FAMILY_ROOM] > 0)
    g_string_append_printf (why, _("%u family rooms are used by other households. "),
                            excluded[EA_RULE_FAMILY_ROOM]);
  if (excluded[EA_RULE_RESERVED_AREA] > 0)
    g_string_append_printf (why, _("%u rooms are in areas for women or families. "),
                            excluded[EA_RULE_RESERVED_AREA]);
  if (excluded[EA_RULE_KEEP_APART] > 0)
    g_string_append_printf (why, _("Keep-apart notes exclude %u rooms. "),
                            excluded[EA_RULE_KEEP_APART]);
  if (excluded[EA_RULE_CAPACITY] + excluded[EA_RULE_AREA] > 0)
    g_string_append_printf (why, _("%u rooms are full or too small per person. "),
                            excluded[EA_RULE_CAPACITY] + excluded[EA_RULE_AREA]);
  if (excluded[EA_N_RULES] > 0)
    g_string_append_printf (why, _("%u rooms lack an adult of the household for its "
                                   "minors. "), excluded[EA_N_RULES]);
  if (excluded[EA_N_RULES + 1] > 0)
    g_string_append_printf (why, _("%u rooms have roommates of another religion, and the "
                                   "same is required. "), excluded[EA_N_RULES + 1]);
  g_strchomp (why->str);
  why->len = strlen (why->str);
  return g_string_free (why, FALSE);
}

/**
 * ea_bed_matcher_find:
 * @self: a matcher
 * @person_ids: (array length=n_persons): a person, or the members of a
 *   household to be placed together
 * @n_persons: how many
 * @religion: how religion counts
 * @limit: at most this many candidates; 0 for all
 * @unplaceable: (out) (optional) (transfer full) (element-type EaUnplaceable):
 *   who cannot be placed, and why
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type EaBedCandidate): rooms that take
 *   the whole group, the best first; empty when none does
 */
GPtrArray *
ea_bed_matcher_find (EaBedMatcher    *self,
                     const gint64    *person_ids,
                     guint            n_persons,
                     EaReligionMode   religion,
                     guint            limit,
                     GPtrArray      **unplaceable,
                     GError         **error)
{
  g_autoptr(GArray) applicants = g_array_new (FALSE, TRUE, sizeof (Applicant));
  g_autoptr(GArray) placeable = g_array_new (FALSE, TRUE, sizeof (Applicant));
  g_autoptr(GHashTable) keep_apart = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                            NULL);
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (EaRuleOccupant));
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_bed_candidate_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_unplaceable_free);
  guint excluded[EA_N_RULES + 2] = { 0 };
  guint with_beds = 0;

  g_return_val_if_fail (EA_IS_BED_MATCHER (self), NULL);

  g_array_set_clear_func (applicants, (GDestroyNotify) applicant_clear);
  if (n_persons == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, _("Name a person or a household."));
      return NULL;
    }
  if (religion != EA_RELIGION_IGNORE &&
      !ea_session_check (self->session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES, 0, error))
    return NULL;
  if (!load_applicants (self, person_ids, n_persons, applicants, keep_apart, error))
    return NULL;

  /* Unaccompanied minors are the youth office's. */
  for (guint i = 0; i < applicants->len; i++)
    {
      Applicant *a = &g_array_index (applicants, Applicant, i);
      g_autoptr(GError) why = NULL;

      if (!_ea_rules_check_person (&a->facts, &why))
        {
          EaUnplaceable *u = g_new0 (EaUnplaceable, 1);

          u->person_id = a->facts.person_id;
          u->name = g_strdup (a->name);
          u->reason = g_strdup (why->message);
          g_ptr_array_add (refused, u);
          continue;
        }
      g_array_append_val (placeable, *a);
    }

  for (guint r = 0; placeable->len > 0 && r < self->rooms->len; r++)
    {
      Room *room = g_ptr_array_index (self->rooms, r);
      EaRuleKind broken = EA_RULE_NONE;
      gboolean other_religion = FALSE;

      if (room->free_beds->len < placeable->len)
        continue;
      with_beds++;
      if (religion == EA_RELIGION_REQUIRE)
        for (guint i = 0; i < placeable->len && !other_religion; i++)
          for (guint o = 0; o < room->occupants->len && !other_religion; o++)
            other_religion = g_array_index (room->occupants, Occupant, o).religion !=
                             g_array_index (placeable, Applicant, i).religion;
      if (other_religion)
        {
          excluded[EA_N_RULES + 1]++;
          continue;
        }
      if (!room_takes (self, room, placeable, keep_apart, scratch, &broken))
        {
          excluded[MIN (broken, EA_N_RULES)]++;
          continue;
        }
      g_ptr_array_add (candidates, rate (self, room, placeable, religion));
    }
  g_ptr_array_sort (candidates, compare_candidates);
  if (limit > 0 && candidates->len > limit)
    g_ptr_array_set_size (candidates, limit);

  if (candidates->len == 0 && placeable->len > 0)
    {
      g_autofree char *why = explain (placeable->len, with_beds, excluded);

      for (guint i = 0; i < placeable->len; i++)
        {
          Applicant *a = &g_array_index (placeable, Applicant, i);
          EaUnplaceable *u = g_new0 (EaUnplaceable, 1);

          u->person_id = a->facts.person_id;
          u->name = g_strdup (a->name);
          u->reason = g_strdup (why);
          g_ptr_array_add (refused, u);
        }
    }
  if (unplaceable != NULL)
    *unplaceable = g_steal_pointer (&refused);
  return g_steal_pointer (&candidates);
}

/**
 * ea_bed_matcher_dup_household:
 * @self: a matcher
 * @household: the household's number or the platform's
 *   `familienverbund` id
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type gint64): its members, the eldest
 *   first
 */
GArray *
ea_bed_matcher_dup_household (EaBedMatcher  *self,
                              const char    *household,
                              GError       **error)
{
  EaStore *store = ea_session_get_store (self->session);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = _ea_store_prepare (store,
                            "SELECT m.person_id FROM household_members m JOIN persons p "
                            "ON p.id = m.person_id JOIN households h ON h.id = m.household_id "
                            "WHERE h.platform_id = ?1 OR CAST (h.id AS TEXT) = ?1 "
                            "ORDER BY p.birth_date, p.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, household, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (members, id);
    }
  if (members->len == 0)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("There is no household “%s”."),
                   household);
      return NULL;
    }
  return g_steal_pointer (&members);
}
