/* SPDX-License-Identifier: EUPL-1.2 */
/* EaBedMatcher: finds rooms for a person or a whole household for a
 * period (DESIGN.md, "Bed matching"). The district is read once into
 * memory: rooms with the beds that are free for the whole period and who
 * sleeps there on its first day. A candidate that breaks a hard rule is
 * never offered; the hard rules are those of a check-in (ea-rules.c).
 * Preferences rank the rest, and each candidate carries its reasons. When
 * nothing fits, the rules that excluded the rooms are named. */
#include "config.h"

#include "ea-bed-matcher-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-housing-private.h"
#include "ea-housing.h"
#include "ea-rules-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

/* A candidate starts at the middle of 0 to 100; the preferences move it. */
#define SCORE_BASE 50.0

/* The preference weights in the settings, with their defaults. */
static const struct
{
  const char *key;
  double      fallback;
} weight_keys[] = {
  { "match_weight_household", 20.0 },
  { "match_weight_protected", 15.0 },
  { "match_weight_language", 10.0 },
  { "match_weight_religion", 10.0 },
  { "match_weight_fill", 10.0 },
  { "match_weight_barrier_free", 5.0 },
};

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
  int         age;
  const char *gender;     /* interned */
  const char *religion;   /* interned, or NULL */
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
  EaRuleApplicant facts;  /* gender interned, age on the day of moving in */
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
  GHashTable    *keep_apart;     /* pair keys of applicants' keep-apart notes */
  EaStmt  *applicant_stmt; /* compiled once: an allocation reads many */
  EaStmt  *apart_stmt;
  EaStmt  *spoken_stmt;
  gint64         facility_id;    /* 0: all */
  guint          last_excluded[EA_N_RULES + 2];
  guint          last_with_beds;
  guint          last_n;
};

G_DEFINE_FINAL_TYPE (EaBedMatcher, ea_bed_matcher, G_TYPE_OBJECT)

static void
room_free (Room *room)
{
  g_array_unref (room->beds);
  g_array_unref (room->occupants);
  g_free (room);
}

static void
applicant_free (Applicant *applicant)
{
  g_free (applicant->name);
  g_clear_pointer (&applicant->languages, g_ptr_array_unref);
  g_free (applicant);
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
  g_array_unref (candidate->person_ids);
  g_array_unref (candidate->bed_ids);
  g_ptr_array_unref (candidate->bed_labels);
  g_array_unref (candidate->room_ids);
  g_ptr_array_unref (candidate->room_names);
  g_strfreev (candidate->reasons);
  g_free (candidate);
}

static gpointer
copy_string (gconstpointer text,
             gpointer      data)
{
  return g_strdup (text);
}

/**
 * ea_bed_candidate_copy:
 * @candidate: a candidate
 *
 * Returns: (transfer full): a copy
 */
EaBedCandidate *
ea_bed_candidate_copy (const EaBedCandidate *candidate)
{
  EaBedCandidate *copy = g_new0 (EaBedCandidate, 1);

  *copy = *candidate;
  copy->facility = g_strdup (candidate->facility);
  copy->unit = g_strdup (candidate->unit);
  copy->room = g_strdup (candidate->room);
  copy->rule = g_strdup (candidate->rule);
  copy->person_ids = g_array_copy (candidate->person_ids);
  copy->bed_ids = g_array_copy (candidate->bed_ids);
  copy->bed_labels = g_ptr_array_copy (candidate->bed_labels, copy_string, NULL);
  copy->room_ids = g_array_copy (candidate->room_ids);
  copy->room_names = g_ptr_array_copy (candidate->room_names, copy_string, NULL);
  copy->reasons = g_strdupv (candidate->reasons);
  g_ptr_array_set_free_func (copy->bed_labels, g_free);
  g_ptr_array_set_free_func (copy->room_names, g_free);
  return copy;
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
  g_clear_pointer (&self->rooms_by_id, g_hash_table_unref);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_string_chunk_free);
  g_clear_pointer (&self->languages, g_hash_table_unref);
  g_clear_pointer (&self->language_names, g_hash_table_unref);
  g_clear_pointer (&self->applicants, g_hash_table_unref);
  g_clear_pointer (&self->keep_apart, g_hash_table_unref);
  g_clear_pointer (&self->applicant_stmt, _ea_stmt_free);
  g_clear_pointer (&self->apart_stmt, _ea_stmt_free);
  g_clear_pointer (&self->spoken_stmt, _ea_stmt_free);
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
intern (EaStmt *stmt,
        int           column)
{
  const char *text = _ea_stmt_column_text (stmt, column);

  return text != NULL ? g_intern_string (text) : NULL;
}

/**
 * ea_match_weights_load:
 * @session: a session
 * @weights: (out caller-allocates): the weights from the settings, or
 *   their defaults
 */
void
ea_match_weights_load (EaSession      *session,
                       EaMatchWeights *weights)
{
  EaStore *store = ea_session_get_store (session);
  double *slots = (double *) weights;

  G_STATIC_ASSERT (sizeof (EaMatchWeights) == G_N_ELEMENTS (weight_keys) * sizeof (double));

  for (guint i = 0; i < G_N_ELEMENTS (weight_keys); i++)
    {
      g_autofree char *value = _ea_store_dup_setting (store, weight_keys[i].key);
      double number = value != NULL ? g_ascii_strtod (value, NULL) : -1;

      slots[i] = number >= 0 && number <= EA_MATCH_WEIGHT_MAX ? number : weight_keys[i].fallback;
    }
}

/**
 * ea_match_weights_save:
 * @session: an administrator's session
 * @weights: the weights, each from 0 to %EA_MATCH_WEIGHT_MAX
 * @error: a #GError
 *
 * Returns: %FALSE on a refusal; nothing is changed then
 */
gboolean
ea_match_weights_save (EaSession             *session,
                       const EaMatchWeights  *weights,
                       GError               **error)
{
  EaStore *store;
  const double *slots = (const double *) weights;
  g_autoptr(GString) detail = g_string_new (NULL);
  gboolean ok = TRUE;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_SETTINGS, 0, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (weight_keys); i++)
    if (!(slots[i] >= 0 && slots[i] <= EA_MATCH_WEIGHT_MAX))
      {
        g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                     _("A weight of the bed matching is between 0 and %d."),
                     (int) EA_MATCH_WEIGHT_MAX);
        return FALSE;
      }

  store = ea_session_get_store (session);
  if (!_ea_store_begin (store, error))
    return FALSE;
  for (guint i = 0; ok && i < G_N_ELEMENTS (weight_keys); i++)
    {
      char value[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (value, sizeof value, "%.1f", slots[i]);
      g_string_append_printf (detail, "%s%s=%s", i > 0 ? " " : "", weight_keys[i].key, value);
      ok = _ea_store_set_setting (store, weight_keys[i].key, value, error);
    }
  ok = ok && _ea_audit_record (session, &(EaAuditRecord) { .action = "change",
                                                           .object_type = "setting",
                                                           .detail = detail->str }, error);
  return _ea_store_finish (store, ok, error);
}

static int
compare_rooms (gconstpointer a,
               gconstpointer b)
{
  const Room *x = *(Room **) a, *y = *(Room **) b;

  if (x->facility_id != y->facility_id)
    return x->facility_id < y->facility_id ? -1 : 1;
  if (x->unit_id != y->unit_id)
    return x->unit_id < y->unit_id ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static int
compare_beds (gconstpointer a,
              gconstpointer b)
{
  const Bed *x = a, *y = b;
  int by_label = g_strcmp0 (x->label, y->label);

  return by_label != 0 ? by_label : (x->id > y->id) - (x->id < y->id);
}

static gboolean
load_rooms (EaBedMatcher  *self,
            EaStore       *store,
            GError       **error)
{
  g_autoptr(GArray) facilities = _ea_session_dup_facility_ids (self->session);
  g_autoptr(EaStmt) stmt = NULL;
  int rc;

  /* Open rooms; an account limited to facilities places only there. */
  stmt = _ea_store_prepare (store,
    "SELECT r.id, r.name, r.rule, r.area_m2, r.capacity, r.barrier_free, u.name, "
    "  u.reserved_for, f.name, f.id, u.id "
    "FROM rooms r JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE (r.closed_on IS NULL OR r.closed_on > ?1) AND (u.closed_on IS NULL OR u.closed_on > ?1) "
    "  AND (f.closed_on IS NULL OR f.closed_on > ?1) "
    "  AND (f.opened_on IS NULL OR f.opened_on <= ?1)", error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text (stmt, 1, self->from);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 facility = _ea_stmt_column_int64 (stmt, 9);
      Room *room;
      gboolean allowed = facilities == NULL;

      for (guint i = 0; !allowed && i < facilities->len; i++)
        allowed = g_array_index (facilities, gint64, i) == facility;
      if (!allowed)
        continue;
      room = g_new0 (Room, 1);
      room->id = _ea_stmt_column_int64 (stmt, 0);
      room->name = g_string_chunk_insert (self->names, _ea_stmt_column_text (stmt, 1));
      room->rule = intern (stmt, 2);
      room->area = _ea_stmt_column_double (stmt, 3);
      room->capacity = _ea_stmt_column_int (stmt, 4);
      room->barrier_free = _ea_stmt_column_int (stmt, 5) != 0;
      room->unit = g_string_chunk_insert_const (self->names,
                                                _ea_stmt_column_text (stmt, 6));
      room->reserved_for = intern (stmt, 7);
      room->facility = g_string_chunk_insert_const (self->names,
                                                    _ea_stmt_column_text (stmt, 8));
      room->facility_id = facility;
      room->unit_id = _ea_stmt_column_int64 (stmt, 10);
      room->beds = g_array_new (FALSE, FALSE, sizeof (Bed));
      room->occupants = g_array_new (FALSE, FALSE, sizeof (Occupant));
      g_ptr_array_add (self->rooms, room);
      g_hash_table_insert (self->rooms_by_id, &room->id, room);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the rooms"));
  /* By facility, unit and room, so that a unit's rooms lie together for
   * splitting a household; sorted here, which SQLite does slower. */
  g_ptr_array_sort (self->rooms, compare_rooms);
  for (guint i = 0; i < self->rooms->len; i++)
    ((Room *) g_ptr_array_index (self->rooms, i))->index = i;
  return TRUE;
}

/* Beds free for the whole period: open, and neither occupied, blocked
 * nor reserved at any time of it. The beds that are busy are read as
 * three sets, which is much faster than asking for each bed. */
static gboolean
load_free_beds (EaBedMatcher  *self,
                EaStore       *store,
                GError       **error)
{
  g_autoptr(EaStmt) busy = NULL;
  g_autoptr(EaStmt) beds = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *until = self->until != NULL ? self->until : "9999-12-31";
  int rc;

  busy = _ea_store_prepare (store,
    "SELECT bed_id FROM stays WHERE from_date < ?2 AND (until_date IS NULL OR until_date > ?1) "
    "UNION ALL SELECT bed_id FROM bed_blocks WHERE from_date < ?2 "
    "  AND (until_date IS NULL OR until_date > ?1) "
    "UNION ALL SELECT bed_id FROM reservations WHERE state = 'active' AND from_date < ?2 "
    "  AND (until_date IS NULL OR until_date > ?1)", error);
  if (busy == NULL)
    return FALSE;
  _ea_stmt_bind_text (busy, 1, self->from);
  _ea_stmt_bind_text (busy, 2, until);
  while ((rc = _ea_stmt_step (busy)) == EA_STMT_ROW)
    {
      gint64 bed = _ea_stmt_column_int64 (busy, 0);

      g_array_append_val (ids, bed);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the beds"));
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (taken, &g_array_index (ids, gint64, i));

  beds = _ea_store_prepare (store,
    "SELECT id, room_id, label FROM beds WHERE closed_on IS NULL OR closed_on >= ?1", error);
  if (beds == NULL)
    return FALSE;
  _ea_stmt_bind_text (beds, 1, until);
  while ((rc = _ea_stmt_step (beds)) == EA_STMT_ROW)
    {
      gint64 room_id = _ea_stmt_column_int64 (beds, 1);
      Room *room;
      Bed bed;

      bed.id = _ea_stmt_column_int64 (beds, 0);
      if (g_hash_table_contains (taken, &bed.id) ||
          (room = g_hash_table_lookup (self->rooms_by_id, &room_id)) == NULL)
        continue;
      bed.label = g_string_chunk_insert_const (self->names,
                                               _ea_stmt_column_text (beds, 2));
      bed.taken = FALSE;
      g_array_append_val (room->beds, bed);
      room->n_free++;
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the beds"));
  /* A room's beds by label: A before B. */
  for (guint i = 0; i < self->rooms->len; i++)
    {
      Room *room = g_ptr_array_index (self->rooms, i);

      if (room->beds->len > 1)
        g_array_sort (room->beds, compare_beds);
    }
  return TRUE;
}

/* Who sleeps in each room with free beds at any time of the period, or
 * has a bed reserved there, with their household, age, gender, religion
 * and languages. All of them count for the rules: someone leaving during
 * the period still shares the room until then. */
static gboolean
load_occupants (EaBedMatcher  *self,
                EaStore       *store,
                GError       **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(EaStmt) languages = NULL;
  const char *until = self->until != NULL ? self->until : "9999-12-31";
  int rc;

  /* UNION ALL and one join per part: a person both staying and holding a
   * reservation in one room is counted once below. */
  stmt = _ea_store_prepare (store,
    "SELECT b.room_id, s.person_id, coalesce (m.household_id, 0), p.birth_date, p.gender, "
    "  p.religion "
    "FROM stays s JOIN beds b ON b.id = s.bed_id JOIN persons p ON p.id = s.person_id "
    "LEFT JOIN household_members m ON m.person_id = s.person_id "
    "WHERE s.from_date < ?2 AND (s.until_date IS NULL OR s.until_date > ?1) "
    "UNION ALL "
    "SELECT b.room_id, v.person_id, coalesce (m.household_id, 0), p.birth_date, p.gender, "
    "  p.religion "
    "FROM reservations v JOIN beds b ON b.id = v.bed_id JOIN persons p ON p.id = v.person_id "
    "LEFT JOIN household_members m ON m.person_id = v.person_id "
    "WHERE v.state = 'active' AND v.from_date < ?2 "
    "  AND (v.until_date IS NULL OR v.until_date > ?1)", error);
  _ea_stmt_bind_text (stmt, 1, self->from);
  _ea_stmt_bind_text (stmt, 2, until);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 room_id = _ea_stmt_column_int64 (stmt, 0);
      Room *room = g_hash_table_lookup (self->rooms_by_id, &room_id);
      Occupant occupant;
      gboolean known = FALSE;

      /* A full room is never a candidate: its roommates do not matter. */
      if (room == NULL || room->n_free == 0)
        continue;
      occupant.person_id = _ea_stmt_column_int64 (stmt, 1);
      for (guint o = 0; o < room->occupants->len && !known; o++)
        known = g_array_index (room->occupants, Occupant, o).person_id == occupant.person_id;
      if (known)
        continue;
      occupant.household_id = _ea_stmt_column_int64 (stmt, 2);
      occupant.age = ea_partial_date_age (_ea_stmt_column_text (stmt, 3),
                                          self->from);
      occupant.gender = intern (stmt, 4);
      occupant.religion = intern (stmt, 5);
      g_array_append_val (room->occupants, occupant);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read who lives in the rooms"));

  languages = _ea_store_prepare (store,
    "SELECT l.person_id, l.code, coalesce (c.label, l.code) FROM person_languages l "
    "LEFT JOIN codes c ON c.list = 'language' AND c.code = l.code "
    "WHERE l.person_id IN (SELECT person_id FROM stays WHERE from_date < ?2 "
    "                      AND (until_date IS NULL OR until_date > ?1))", error);
  if (languages == NULL)
    return FALSE;
  _ea_stmt_bind_text (languages, 1, self->from);
  _ea_stmt_bind_text (languages, 2, until);
  while ((rc = _ea_stmt_step (languages)) == EA_STMT_ROW)
    {
      gint64 person = _ea_stmt_column_int64 (languages, 0);
      const char *code = intern (languages, 1);
      GPtrArray *codes = g_hash_table_lookup (self->languages, &person);

      if (codes == NULL)
        {
          codes = g_ptr_array_new ();
          g_hash_table_insert (self->languages, g_memdup2 (&person, sizeof person), codes);
        }
      g_ptr_array_add (codes, (gpointer) code);
      if (!g_hash_table_contains (self->language_names, code))
        g_hash_table_insert (self->language_names, (gpointer) code,
                             g_strdup (_ea_stmt_column_text (languages, 2)));
    }
  if (rc != EA_STMT_DONE)
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
 * changes: each search then works in memory. A place taken through
 * ea_bed_matcher_take() is known to it without reading again.
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
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error))
    return NULL;
  self = g_object_new (EA_TYPE_BED_MATCHER, NULL);
  self->session = g_object_ref (session);
  self->from = from != NULL ? ea_date_parse_input (from) : ea_clock_today ();
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
  self->min_area = _ea_housing_min_area (store);
  ea_match_weights_load (session, &self->weights);
  self->rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) room_free);
  self->names = g_string_chunk_new (64 * 1024);
  self->rooms_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->languages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  self->language_names = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->applicants = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                            (GDestroyNotify) applicant_free);
  self->keep_apart = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!load_rooms (self, store, error) || !load_free_beds (self, store, error) ||
      !load_occupants (self, store, error))
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

/* Reads the applicants once; the matcher keeps them while it lives. */
static Applicant *
load_applicant (EaBedMatcher  *self,
                gint64         id,
                GError       **error)
{
  EaStore *store = ea_session_get_store (self->session);
  EaStmt *stmt, *apart, *spoken;
  Applicant *applicant = g_hash_table_lookup (self->applicants, &id);

  if (applicant != NULL)
    return applicant;
  if (self->applicant_stmt == NULL)
    {
      self->applicant_stmt = _ea_store_prepare (store,
        "SELECT p.family_name || coalesce (', ' || p.given_names, ''), p.gender, p.birth_date, "
        "  EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = p.id AND v.code IN "
        "          ('alleinreisende-frau', 'schwanger', 'alleinerziehend', 'trauma', "
        "           'folteropfer', 'menschenhandel', 'lsbti')), "
        "  p.religion, " EA_RULE_FACTS_COLUMNS " FROM " EA_RULE_FACTS_JOIN " WHERE p.id = ?1",
        error);
      self->apart_stmt = _ea_store_prepare (store,
        "SELECT CASE WHEN person_a = ?1 THEN person_b ELSE person_a END FROM keep_apart "
        "WHERE person_a = ?1 OR person_b = ?1", error);
      self->spoken_stmt = _ea_store_prepare (store,
        "SELECT l.code, coalesce (c.label, l.code) FROM person_languages l "
        "LEFT JOIN codes c ON c.list = 'language' AND c.code = l.code WHERE l.person_id = ?1",
        error);
    }
  stmt = self->applicant_stmt;
  apart = self->apart_stmt;
  spoken = self->spoken_stmt;
  if (stmt == NULL || apart == NULL || spoken == NULL)
    {
      g_clear_pointer (&self->applicant_stmt, _ea_stmt_free);
      g_clear_pointer (&self->apart_stmt, _ea_stmt_free);
      g_clear_pointer (&self->spoken_stmt, _ea_stmt_free);
      return NULL;
    }
  _ea_stmt_reset (stmt);
  _ea_stmt_reset (apart);
  _ea_stmt_reset (spoken);
  _ea_stmt_bind_int64 (stmt, 1, id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("There is no person no. %lld."),
                   (long long) id);
      return NULL;
    }
  applicant = g_new0 (Applicant, 1);
  applicant->facts.person_id = id;
  applicant->name = g_strdup (_ea_stmt_column_text (stmt, 0));
  applicant->facts.gender = intern (stmt, 1);
  applicant->facts.age = ea_partial_date_age (_ea_stmt_column_text (stmt, 2),
                                              self->from);
  _ea_housing_read_rule_facts (stmt, 5, &applicant->facts);
  applicant->vulnerable = _ea_stmt_column_int (stmt, 3) != 0 ||
                          (g_strcmp0 (applicant->facts.gender, "w") == 0 &&
                           applicant->facts.household_size <= 1 && applicant->facts.age >= 18);
  applicant->religion = intern (stmt, 4);
  applicant->languages = g_ptr_array_new ();
  _ea_stmt_reset (stmt);

  _ea_stmt_bind_int64 (apart, 1, id);
  while (_ea_stmt_step (apart) == EA_STMT_ROW)
    {
      gint64 key = pair_key (id, _ea_stmt_column_int64 (apart, 0));

      applicant->has_notes = TRUE;
      g_hash_table_add (self->keep_apart, g_memdup2 (&key, sizeof key));
    }
  _ea_stmt_bind_int64 (spoken, 1, id);
  while (_ea_stmt_step (spoken) == EA_STMT_ROW)
    {
      const char *code = intern (spoken, 0);

      g_ptr_array_add (applicant->languages, (gpointer) code);
      if (!g_hash_table_contains (self->language_names, code))
        g_hash_table_insert (self->language_names, (gpointer) code,
                             g_strdup (_ea_stmt_column_text (spoken, 1)));
    }
  g_hash_table_insert (self->applicants, &applicant->facts.person_id, applicant);
  return applicant;
}

/* Applicants are keys of the pairs: an occupant's own notes with others
 * are read when the occupant is an applicant. */
static gboolean
kept_apart (EaBedMatcher *self,
            gint64        applicant,
            gint64        other)
{
  gint64 key = pair_key (applicant, other);

  return g_hash_table_contains (self->keep_apart, &key);
}

/* The rules for @members in @room: each member, with the room's
 * occupants and the members placed before, must pass; a household's
 * minors need an adult of their household in the room. */
static gboolean
room_takes (EaBedMatcher  *self,
            Room          *room,
            GArray        *members,
            GArray        *scratch,
            EaRuleKind    *broken)
{
  EaRuleRoom rule_room = {
    .name = room->name, .rule = room->rule, .area = room->area,
    .capacity = room->capacity, .barrier_free = room->barrier_free,
    .unit_name = room->unit, .unit_reserved_for = room->reserved_for,
  };

  for (guint i = 0; i < members->len; i++)
    {
      Applicant *a = &g_array_index (members, Applicant, i);

      g_array_set_size (scratch, 0);
      for (guint o = 0; o < room->occupants->len; o++)
        {
          Occupant *occupant = &g_array_index (room->occupants, Occupant, o);
          EaRuleOccupant present = {
            .person_id = occupant->person_id,
            .household_id = occupant->household_id,
            .keep_apart = a->has_notes && kept_apart (self, a->facts.person_id,
                                                      occupant->person_id),
            .gender = occupant->gender,
            .age = occupant->age,
          };

          g_array_append_val (scratch, present);
        }
      /* The group moves in together: each member shares the room with all
       * the others (a child with the parent placed after it, too). */
      for (guint j = 0; j < members->len; j++)
        {
          Applicant *other = &g_array_index (members, Applicant, j);
          EaRuleOccupant present = {
            .person_id = other->facts.person_id,
            .household_id = other->facts.household_id,
            .keep_apart = a->has_notes && kept_apart (self, a->facts.person_id,
                                                      other->facts.person_id),
            .gender = other->facts.gender,
            .age = other->facts.age,
          };

          if (j != i)
            g_array_append_val (scratch, present);
        }
      rule_room.occupants = &g_array_index (scratch, EaRuleOccupant, 0);
      rule_room.n_occupants = scratch->len;
      if (!_ea_rules_check_room (&a->facts, &rule_room, self->min_area, broken, NULL))
        return FALSE;
    }

  for (guint i = 0; i < members->len; i++)
    {
      Applicant *a = &g_array_index (members, Applicant, i);
      gboolean adult_of_household = FALSE;

      if (a->facts.age >= 18 || a->facts.household_id == 0)
        continue;
      for (guint j = 0; j < members->len && !adult_of_household; j++)
        {
          Applicant *b = &g_array_index (members, Applicant, j);

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

/* With religion required, a room whose roommates have another religion
 * than one of the members is out. */
static gboolean
other_religion (Room   *room,
                GArray *members)
{
  for (guint i = 0; i < members->len; i++)
    for (guint o = 0; o < room->occupants->len; o++)
      if (g_array_index (room->occupants, Occupant, o).religion !=
          g_array_index (members, Applicant, i).religion)
        return TRUE;
  return FALSE;
}

/* The score of a placement and, when @reasons is given, why. */
static double
score_parts (EaBedMatcher   *self,
             const Part     *parts,
             guint           n_parts,
             Level           level,
             EaReligionMode  religion,
             GStrvBuilder   *reasons)
{
  const EaMatchWeights *w = &self->weights;
  double score = SCORE_BASE;
  gboolean vulnerable = FALSE, wheelchair = FALSE, women_area = FALSE, barrier_free = FALSE;
  gboolean same_religion = TRUE, has_roommates = FALSE, leaves_whole_room = FALSE;
  gboolean family_room = FALSE, alone = TRUE;
  const char *shared = NULL;
  guint n_members = 0;

  for (guint p = 0; p < n_parts; p++)
    {
      Room *room = parts[p].room;
      GArray *members = parts[p].members;

      n_members += members->len;
      women_area |= g_strcmp0 (room->reserved_for, "women") == 0;
      barrier_free |= room->barrier_free;
      has_roommates |= room->occupants->len > 0;
      leaves_whole_room |= room->occupants->len == 0 && room->n_free >= members->len + 2;
      family_room |= g_strcmp0 (room->rule, "family") == 0;
      for (guint i = 0; i < members->len; i++)
        {
          Applicant *a = &g_array_index (members, Applicant, i);

          vulnerable |= a->vulnerable;
          wheelchair |= a->facts.wheelchair;
          alone &= a->facts.household_size <= 1;
          for (guint o = 0; o < room->occupants->len; o++)
            {
              Occupant *occupant = &g_array_index (room->occupants, Occupant, o);
              GPtrArray *spoken;

              if (a->religion == NULL || occupant->religion != a->religion)
                same_religion = FALSE;
              if (shared != NULL || a->languages->len == 0 ||
                  (spoken = g_hash_table_lookup (self->languages, &occupant->person_id)) == NULL)
                continue;
              for (guint l = 0; shared == NULL && l < spoken->len; l++)
                for (guint k = 0; shared == NULL && k < a->languages->len; k++)
                  if (g_ptr_array_index (spoken, l) == g_ptr_array_index (a->languages, k))
                    shared = g_ptr_array_index (spoken, l);
            }
        }
    }

  if (n_members > 1)
    {
      if (level == LEVEL_ROOM)
        {
          score += w->household;
          if (reasons != NULL)
            g_strv_builder_add (reasons, _("Family in one room"));
        }
      else
        {
          score += level == LEVEL_UNIT ? w->household / 2 : w->household / 4;
          if (reasons != NULL)
            {
              g_autofree char *text = g_strdup_printf (level == LEVEL_UNIT
                                                         ? _("Family in one unit (%u rooms)")
                                                         : _("Family in one facility (%u rooms)"),
                                                       n_parts);

              g_strv_builder_add (reasons, text);
            }
        }
    }
  if (vulnerable && women_area)
    {
      score += w->protected_area;
      if (reasons != NULL)
        g_strv_builder_add (reasons, _("Women's area"));
    }
  if (shared != NULL)
    {
      score += w->language;
      if (reasons != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Shared language: %s"),
                                                   (const char *) g_hash_table_lookup (
                                                     self->language_names, shared));

          g_strv_builder_add (reasons, text);
        }
    }
  if (religion == EA_RELIGION_PREFER && has_roommates && same_religion)
    {
      score += w->religion;
      if (reasons != NULL)
        g_strv_builder_add (reasons, _("Same religion as the roommates"));
    }
  if (wheelchair)
    {
      if (reasons != NULL)
        g_strv_builder_add (reasons, _("Barrier-free"));
    }
  else if (barrier_free)
    score -= w->barrier_free;
  /* Whole free rooms stay for families: single persons fill rooms begun. */
  if (n_members == 1 && has_roommates)
    {
      score += w->fill;
      if (reasons != NULL)
        g_strv_builder_add (reasons, _("Fills a room already in use"));
    }
  else if (leaves_whole_room)
    score -= w->fill;
  /* Family rooms are for families: someone alone there costs what a
   * family would gain. */
  if (family_room && alone)
    score -= w->household;
  return CLAMP (score, 0, 100);
}

static void
add_joined (GString    *text,
            const char *name)
{
  /* Parts come room by room, so a name repeats only right after itself. */
  if (text->len > 0)
    {
      const char *last = g_strrstr (text->str, ", ");

      if (g_str_equal (last != NULL ? last + 2 : text->str, name))
        return;
      g_string_append (text, ", ");
    }
  g_string_append (text, name);
}

static EaBedCandidate *
make_candidate (EaBedMatcher   *self,
                const Part     *parts,
                guint           n_parts,
                Level           level,
                EaReligionMode  religion)
{
  EaBedCandidate *candidate = g_new0 (EaBedCandidate, 1);
  g_autoptr(GStrvBuilder) reasons = g_strv_builder_new ();
  GString *units = g_string_new (NULL), *rooms = g_string_new (NULL);
  Room *first = parts[0].room;

  candidate->score = score_parts (self, parts, n_parts, level, religion, reasons);
  candidate->reasons = g_strv_builder_end (reasons);
  candidate->room_id = first->id;
  candidate->facility = g_strdup (first->facility);
  candidate->rule = g_strdup (first->rule);
  candidate->area = first->area;
  candidate->capacity = first->capacity;
  candidate->barrier_free = first->barrier_free;
  candidate->n_rooms = n_parts;
  candidate->person_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  candidate->bed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  candidate->bed_labels = g_ptr_array_new_with_free_func (g_free);
  candidate->room_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  candidate->room_names = g_ptr_array_new_with_free_func (g_free);
  for (guint p = 0; p < n_parts; p++)
    {
      Room *room = parts[p].room;
      guint b = 0;

      add_joined (units, room->unit);
      add_joined (rooms, room->name);
      for (guint i = 0; i < parts[p].members->len; i++)
        {
          Bed *bed;

          while (g_array_index (room->beds, Bed, b).taken)
            b++;
          bed = &g_array_index (room->beds, Bed, b++);
          g_array_append_val (candidate->person_ids,
                              g_array_index (parts[p].members, Applicant, i).facts.person_id);
          g_array_append_val (candidate->bed_ids, bed->id);
          g_ptr_array_add (candidate->bed_labels, g_strdup (bed->label));
          g_array_append_val (candidate->room_ids, room->id);
          g_ptr_array_add (candidate->room_names, g_strdup (room->name));
        }
    }
  candidate->unit = g_string_free (units, FALSE);
  candidate->room = g_string_free (rooms, FALSE);
  return candidate;
}

/* A room with its score, before a candidate is made of it. */
typedef struct
{
  Room   *room;
  double  score;
} Rated;

/* The better first; on equal scores the order in which the district lists
 * its facilities and rooms, which needs no string comparison. */
static int
compare_rated (gconstpointer a,
               gconstpointer b)
{
  const Rated *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return (x->room->index > y->room->index) - (x->room->index < y->room->index);
}

/* Keeps the @limit best in @rated, in order; all of them for 0. */
static void
keep_best (GArray      *rated,
           const Rated *one,
           guint        limit)
{
  guint at;

  if (limit == 0)
    {
      g_array_append_vals (rated, one, 1);
      return;
    }
  if (rated->len == limit && compare_rated (one, &g_array_index (rated, Rated, limit - 1)) >= 0)
    return;
  at = rated->len;
  while (at > 0 && compare_rated (one, &g_array_index (rated, Rated, at - 1)) < 0)
    at--;
  g_array_insert_vals (rated, at, one, 1);
  if (rated->len > limit)
    g_array_set_size (rated, limit);
}

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

static void
empty_room_kind (Room          *room,
                 guint          n,
                 EmptyRoomKind *kind)
{
  memset (kind, 0, sizeof *kind);
  kind->rule = room->rule;
  kind->reserved_for = room->reserved_for;
  kind->area = room->area;
  kind->capacity = room->capacity;
  kind->barrier_free = room->barrier_free;
  kind->room_to_spare = room->n_free >= n + 2;
}

static guint
empty_room_kind_hash (gconstpointer key)
{
  const EmptyRoomKind *k = key;

  return g_direct_hash (k->rule) ^ (g_direct_hash (k->reserved_for) << 1) ^
         g_double_hash (&k->area) ^ (guint) (k->capacity * 31) ^
         (guint) (k->barrier_free * 7) ^ (guint) (k->room_to_spare * 13);
}

static gboolean
empty_room_kind_equal (gconstpointer a,
                       gconstpointer b)
{
  const EmptyRoomKind *x = a, *y = b;

  return x->rule == y->rule && x->reserved_for == y->reserved_for && x->area == y->area &&
         x->capacity == y->capacity && x->barrier_free == y->barrier_free &&
         x->room_to_spare == y->room_to_spare;
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

static int
compare_free (gconstpointer a,
              gconstpointer b)
{
  const Room *x = *(Room **) a, *y = *(Room **) b;

  if (x->n_free != y->n_free)
    return x->n_free > y->n_free ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* The members still to place, for one room: an adult with as many of the
 * minors as fit, then further adults; or, for men's and women's rooms,
 * adults of one gender. */
static void
pick_members (GArray   *remaining,
              guint     n,
              gboolean  one_gender,
              GArray   *subset)
{
  const char *gender = NULL;

  g_array_set_size (subset, 0);
  for (guint i = 0; i < remaining->len && subset->len < n; i++)
    {
      Applicant *a = &g_array_index (remaining, Applicant, i);

      if (a->facts.age >= 18 && (gender == NULL || a->facts.gender == gender))
        {
          gender = a->facts.gender;
          g_array_append_val (subset, *a);
          if (!one_gender)
            break;
        }
    }
  if (one_gender)
    return;
  for (guint i = 0; i < remaining->len && subset->len < n; i++)
    if (g_array_index (remaining, Applicant, i).facts.age < 18)
      g_array_append_val (subset, g_array_index (remaining, Applicant, i));
  for (guint i = 0; i < remaining->len && subset->len < n; i++)
    {
      Applicant *a = &g_array_index (remaining, Applicant, i);
      gboolean in = FALSE;

      for (guint j = 0; j < subset->len && !in; j++)
        in = g_array_index (subset, Applicant, j).facts.person_id == a->facts.person_id;
      if (!in)
        g_array_append_val (subset, *a);
    }
}

static void
remove_members (GArray *remaining,
                GArray *subset)
{
  for (guint j = 0; j < subset->len; j++)
    for (guint i = 0; i < remaining->len; i++)
      if (g_array_index (remaining, Applicant, i).facts.person_id ==
          g_array_index (subset, Applicant, j).facts.person_id)
        {
          g_array_remove_index (remaining, i);
          break;
        }
}

static int
compare_eldest (gconstpointer a,
                gconstpointer b)
{
  const Applicant *x = a, *y = b;

  if (x->facts.age != y->facts.age)
    return x->facts.age > y->facts.age ? -1 : 1;
  return (x->facts.person_id > y->facts.person_id) - (x->facts.person_id < y->facts.person_id);
}

/* Arrays a split reuses from one unit to the next. */
typedef struct
{
  GArray    *remaining;   /* of Applicant */
  GArray    *subset;      /* of Applicant */
  GArray    *parts;       /* of Part */
  GPtrArray *order;       /* of Room */
} SplitScratch;

/* A household too large for one room, split across @rooms (those of one
 * unit or facility): rooms with the most free beds first, each taking
 * what the rules allow. */
static EaBedCandidate *
place_split (EaBedMatcher   *self,
             Room          **rooms,
             guint           n_rooms,
             GArray         *group,
             Level           level,
             EaReligionMode  religion,
             double          min_score,
             SplitScratch   *work,
             GArray         *scratch)
{
  GArray *remaining = work->remaining, *subset = work->subset, *parts = work->parts;
  GPtrArray *order = work->order;
  guint free_total = 0, with_free = 0;
  EaBedCandidate *candidate = NULL;

  /* Most units have too few free beds: they cost a glance. */
  for (guint r = 0; r < n_rooms; r++)
    if (rooms[r]->n_free > 0)
      {
        free_total += rooms[r]->n_free;
        with_free++;
      }
  if (free_total < group->len || with_free < 2)
    return NULL;
  g_ptr_array_set_size (order, 0);
  g_array_set_size (remaining, 0);
  g_array_set_size (parts, 0);
  for (guint r = 0; r < n_rooms; r++)
    if (rooms[r]->n_free > 0)
      g_ptr_array_add (order, rooms[r]);
  g_ptr_array_sort (order, compare_free);
  g_array_append_vals (remaining, group->data, group->len);
  g_array_sort (remaining, compare_eldest);

  for (guint r = 0; r < order->len && remaining->len > 0; r++)
    {
      Room *room = g_ptr_array_index (order, r);
      gboolean placed = FALSE;

      for (guint n = MIN (room->n_free, remaining->len); n > 0 && !placed; n--)
        for (int one_gender = 0; one_gender < 2 && !placed; one_gender++)
          {
            EaRuleKind broken = EA_RULE_NONE;

            pick_members (remaining, n, one_gender, subset);
            if (subset->len != n || (religion == EA_RELIGION_REQUIRE &&
                                     other_religion (room, subset)))
              continue;
            if (room_takes (self, room, subset, scratch, &broken))
              {
                Part part = { room, g_array_copy (subset) };

                g_array_append_val (parts, part);
                remove_members (remaining, subset);
                placed = TRUE;
              }
          }
    }
  if (remaining->len == 0 &&
      score_parts (self, &g_array_index (parts, Part, 0), parts->len, level, religion, NULL) > min_score)
    candidate = make_candidate (self, &g_array_index (parts, Part, 0), parts->len, level, religion);
  for (guint p = 0; p < parts->len; p++)
    g_array_unref (g_array_index (parts, Part, p).members);
  return candidate;
}

/* Candidates that split the group: one per unit that can take it; only
 * when no unit can, one per facility. With @limit, only the @limit best
 * are made and kept, the best first. */
static void
find_split (EaBedMatcher   *self,
            GArray         *group,
            EaReligionMode  religion,
            guint           limit,
            GArray         *scratch,
            GPtrArray      *candidates)
{
  Room **rooms = (Room **) self->rooms->pdata;
  guint n = self->rooms->len;
  SplitScratch work = {
    g_array_new (FALSE, FALSE, sizeof (Applicant)), g_array_new (FALSE, FALSE, sizeof (Applicant)),
    g_array_new (FALSE, FALSE, sizeof (Part)), g_ptr_array_new (),
  };

  for (Level level = LEVEL_UNIT; level <= LEVEL_FACILITY && candidates->len == 0; level++)
    for (guint start = 0, end; start < n; start = end)
      {
        EaBedCandidate *candidate;
        double min_score;

        for (end = start + 1; end < n; end++)
          if (level == LEVEL_UNIT ? rooms[end]->unit_id != rooms[start]->unit_id
                                  : rooms[end]->facility_id != rooms[start]->facility_id)
            break;
        if (self->facility_id != 0 && rooms[start]->facility_id != self->facility_id)
          continue;
        /* Full: a place must beat the worst kept. */
        min_score = limit > 0 && candidates->len == limit
          ? ((EaBedCandidate *) g_ptr_array_index (candidates, limit - 1))->score : -1;
        candidate = place_split (self, rooms + start, end - start, group, level, religion,
                                 min_score, &work, scratch);
        if (candidate == NULL)
          continue;
        g_ptr_array_add (candidates, candidate);
        g_ptr_array_sort (candidates, compare_candidates);
        if (limit > 0 && candidates->len > limit)
          g_ptr_array_remove_index (candidates, limit);
      }
  g_array_unref (work.remaining);
  g_array_unref (work.subset);
  g_array_unref (work.parts);
  g_ptr_array_unref (work.order);
}

/* Why no room took the group, from the rooms each rule excluded. */
static char *
explain (guint       n_persons,
         guint       with_beds,
         const guint excluded[EA_N_RULES + 2],
         gboolean    nothing_found)
{
  GString *why = g_string_new (NULL);

  if (with_beds == 0)
    g_string_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                       "No room has %u free bed for the whole period. ",
                                       "No room has %u free beds together for the whole "
                                       "period. ", n_persons), n_persons);
  if (excluded[EA_RULE_BARRIER_FREE] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "No barrier-free beds are free (%u room with free "
                                              "beds is not barrier-free). ",
                                              "No barrier-free beds are free (%u rooms with free "
                                              "beds are not barrier-free). ",
                                              excluded[EA_RULE_BARRIER_FREE]),
                            excluded[EA_RULE_BARRIER_FREE]);
  if (excluded[EA_RULE_GENDER] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room is for the other gender. ",
                                              "%u rooms are for the other gender. ",
                                              excluded[EA_RULE_GENDER]),
                            excluded[EA_RULE_GENDER]);
  if (excluded[EA_RULE_FAMILY_ROOM] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u family room is used by another household. ",
                                              "%u family rooms are used by other households. ",
                                              excluded[EA_RULE_FAMILY_ROOM]),
                            excluded[EA_RULE_FAMILY_ROOM]);
  if (excluded[EA_RULE_RESERVED_AREA] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room is in an area for women or families. ",
                                              "%u rooms are in areas for women or families. ",
                                              excluded[EA_RULE_RESERVED_AREA]),
                            excluded[EA_RULE_RESERVED_AREA]);
  if (excluded[EA_RULE_KEEP_APART] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "Keep-apart notes exclude %u room. ",
                                              "Keep-apart notes exclude %u rooms. ",
                                              excluded[EA_RULE_KEEP_APART]),
                            excluded[EA_RULE_KEEP_APART]);
  if (excluded[EA_RULE_CAPACITY] + excluded[EA_RULE_AREA] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room is full or too small per person. ",
                                              "%u rooms are full or too small per person. ",
                                              excluded[EA_RULE_CAPACITY] + excluded[EA_RULE_AREA]),
                            excluded[EA_RULE_CAPACITY] + excluded[EA_RULE_AREA]);
  if (excluded[EA_N_RULES] + excluded[EA_RULE_MINOR] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room lacks an adult of the household for its "
                                              "minors, or would put them with adults of another "
                                              "household. ",
                                              "%u rooms lack an adult of the household for its "
                                              "minors, or would put them with adults of another "
                                              "household. ",
                                              excluded[EA_N_RULES] + excluded[EA_RULE_MINOR]),
                            excluded[EA_N_RULES] + excluded[EA_RULE_MINOR]);
  if (excluded[EA_RULE_MIXED] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room is a bedroom of the other gender (of "
                                              "another household). ",
                                              "%u rooms are bedrooms of the other gender (of "
                                              "other households). ", excluded[EA_RULE_MIXED]),
                            excluded[EA_RULE_MIXED]);
  if (excluded[EA_RULE_OWN_ROOM] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room would be shared with persons outside the "
                                              "household by a person of gender diverse or not "
                                              "stated; place them there by hand if they wish. ",
                                              "%u rooms would be shared with persons outside the "
                                              "household by a person of gender diverse or not "
                                              "stated; place them there by hand if they wish. ",
                                              excluded[EA_RULE_OWN_ROOM]),
                            excluded[EA_RULE_OWN_ROOM]);
  if (excluded[EA_N_RULES + 1] > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE,
                                              "%u room has roommates of another religion, and "
                                              "the same is required. ",
                                              "%u rooms have roommates of another religion, and "
                                              "the same is required. ", excluded[EA_N_RULES + 1]),
                            excluded[EA_N_RULES + 1]);
  if (n_persons > 1 && nothing_found)
    g_string_append (why, _("No unit or facility can take the household split across its "
                            "rooms either."));
  g_strchomp (why->str);
  why->len = strlen (why->str);
  return g_string_free (why, FALSE);
}

static EaUnplaceable *
unplaceable_new (Applicant  *a,
                 const char *reason)
{
  EaUnplaceable *u = g_new0 (EaUnplaceable, 1);

  u->person_id = a->facts.person_id;
  u->household_id = a->facts.household_id;
  u->name = g_strdup (a->name);
  u->reason = g_strdup (reason);
  return u;
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
 * A group that no room takes whole is split across the rooms of one
 * unit, or else of one facility, each room passing the rules for its
 * part.
 *
 * Returns: (transfer full) (element-type EaBedCandidate): places that take
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
  g_autoptr(GArray) placeable = g_array_new (FALSE, TRUE, sizeof (Applicant));
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (EaRuleOccupant));
  g_autoptr(GArray) rated = g_array_new (FALSE, FALSE, sizeof (Rated));
  g_autoptr(GHashTable) verdicts = g_hash_table_new_full (empty_room_kind_hash,
                                                          empty_room_kind_equal, g_free, NULL);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_bed_candidate_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_unplaceable_free);
  guint excluded[EA_N_RULES + 2] = { 0 };
  guint with_beds = 0;

  g_return_val_if_fail (EA_IS_BED_MATCHER (self), NULL);

  if (n_persons == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, _("Name a person or a household."));
      return NULL;
    }
  if (religion != EA_RELIGION_IGNORE &&
      !ea_session_check (self->session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES, 0, error))
    return NULL;

  /* Unaccompanied minors are the youth office's. */
  for (guint i = 0; i < n_persons; i++)
    {
      Applicant *a = load_applicant (self, person_ids[i], error);
      g_autoptr(GError) why = NULL;

      if (a == NULL)
        return NULL;
      if (!_ea_rules_check_person (&a->facts, &why))
        g_ptr_array_add (refused, unplaceable_new (a, why->message));
      else
        g_array_append_val (placeable, *a);
    }

  for (guint r = 0; placeable->len > 0 && r < self->rooms->len; r++)
    {
      Room *room = g_ptr_array_index (self->rooms, r);
      EaRuleKind broken = EA_RULE_NONE;
      Part part = { room, placeable };
      EmptyRoomKind kind;
      EmptyRoomVerdict *known = NULL;
      Rated one;

      if (room->n_free < placeable->len ||
          (self->facility_id != 0 && room->facility_id != self->facility_id))
        continue;
      with_beds++;
      if (religion == EA_RELIGION_REQUIRE && other_religion (room, placeable))
        {
          excluded[EA_N_RULES + 1]++;
          continue;
        }
      /* Empty rooms of one kind get one verdict and one score: a district
       * has thousands of them, of a few kinds. */
      if (room->occupants->len == 0)
        {
          empty_room_kind (room, placeable->len, &kind);
          known = g_hash_table_lookup (verdicts, &kind);
        }
      if (known != NULL)
        {
          if (!known->takes)
            {
              excluded[MIN (known->broken, EA_N_RULES)]++;
              continue;
            }
          one.score = known->score;
        }
      else
        {
          gboolean takes = room_takes (self, room, placeable, scratch, &broken);

          one.score = takes ? score_parts (self, &part, 1, LEVEL_ROOM, religion, NULL) : 0;
          if (room->occupants->len == 0)
            {
              EmptyRoomVerdict *verdict = g_new0 (EmptyRoomVerdict, 1);

              verdict->kind = kind;
              verdict->takes = takes;
              verdict->broken = broken;
              verdict->score = one.score;
              g_hash_table_add (verdicts, verdict);
            }
          if (!takes)
            {
              excluded[MIN (broken, EA_N_RULES)]++;
              continue;
            }
        }
      one.room = room;
      keep_best (rated, &one, limit);
    }
  if (limit == 0)
    g_array_sort (rated, compare_rated);
  for (guint i = 0; i < rated->len; i++)
    {
      Part part = { g_array_index (rated, Rated, i).room, placeable };

      g_ptr_array_add (candidates, make_candidate (self, &part, 1, LEVEL_ROOM, religion));
    }

  if (candidates->len == 0 && placeable->len > 1)
    {
      find_split (self, placeable, religion, limit, scratch, candidates);
    }

  if (candidates->len == 0 && placeable->len > 0)
    {
      g_autofree char *why = explain (placeable->len, with_beds, excluded, TRUE);

      for (guint i = 0; i < placeable->len; i++)
        g_ptr_array_add (refused, unplaceable_new (&g_array_index (placeable, Applicant, i), why));
    }
  memcpy (self->last_excluded, excluded, sizeof excluded);
  self->last_with_beds = with_beds;
  self->last_n = placeable->len;
  if (unplaceable != NULL)
    *unplaceable = g_steal_pointer (&refused);
  return g_steal_pointer (&candidates);
}

/**
 * ea_bed_matcher_dup_exclusions:
 * @self: a matcher
 *
 * Returns: (transfer full) (nullable): which rules excluded how many
 *   rooms with enough free beds in the last search ("Warum nicht?"), or
 *   %NULL when none was excluded
 */
char *
ea_bed_matcher_dup_exclusions (EaBedMatcher *self)
{
  guint total = 0;

  g_return_val_if_fail (EA_IS_BED_MATCHER (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (self->last_excluded); i++)
    total += self->last_excluded[i];
  if (total == 0 || self->last_n == 0)
    return NULL;
  return explain (self->last_n, MAX (self->last_with_beds, 1), self->last_excluded, FALSE);
}

/**
 * ea_bed_matcher_set_facility:
 * @self: a matcher
 * @facility_id: search only this facility; 0 for all
 */
void
ea_bed_matcher_set_facility (EaBedMatcher *self,
                             gint64        facility_id)
{
  g_return_if_fail (EA_IS_BED_MATCHER (self));
  self->facility_id = facility_id;
}

/**
 * ea_bed_matcher_take:
 * @self: a matcher
 * @candidate: a candidate it found
 *
 * Marks the candidate's beds as taken and its persons as roommates, as
 * after a reservation or a check-in, so that the next search knows them
 * without reading the district again.
 *
 * Returns: %FALSE when a bed was taken already; nothing changes then
 */
gboolean
ea_bed_matcher_take (EaBedMatcher         *self,
                     const EaBedCandidate *candidate)
{
  g_return_val_if_fail (EA_IS_BED_MATCHER (self), FALSE);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < candidate->bed_ids->len; i++)
      {
        gint64 room_id = g_array_index (candidate->room_ids, gint64, i);
        gint64 bed_id = g_array_index (candidate->bed_ids, gint64, i);
        gint64 person_id = g_array_index (candidate->person_ids, gint64, i);
        Room *room = g_hash_table_lookup (self->rooms_by_id, &room_id);
        Bed *bed = NULL;
        Applicant *a;
        Occupant occupant;

        for (guint b = 0; room != NULL && b < room->beds->len && bed == NULL; b++)
          if (g_array_index (room->beds, Bed, b).id == bed_id)
            bed = &g_array_index (room->beds, Bed, b);
        if (pass == 0)
          {
            if (bed == NULL || bed->taken)
              return FALSE;
            continue;
          }
        bed->taken = TRUE;
        room->n_free--;
        a = g_hash_table_lookup (self->applicants, &person_id);
        if (a == NULL)
          continue;
        occupant.person_id = person_id;
        occupant.household_id = a->facts.household_id;
        occupant.age = a->facts.age;
        occupant.gender = a->facts.gender;
        occupant.religion = a->religion;
        g_array_append_val (room->occupants, occupant);
        if (a->languages->len > 0 && !g_hash_table_contains (self->languages, &person_id))
          g_hash_table_insert (self->languages, g_memdup2 (&person_id, sizeof person_id),
                               g_ptr_array_copy (a->languages, NULL, NULL));
      }
  return TRUE;
}

/*
 * _ea_bed_matcher_release:
 *
 * Undoes ea_bed_matcher_take() for @candidate: its beds are free again
 * and its persons leave the rooms.
 */
void
_ea_bed_matcher_release (EaBedMatcher         *self,
                         const EaBedCandidate *candidate)
{
  for (guint i = 0; i < candidate->bed_ids->len; i++)
    {
      gint64 room_id = g_array_index (candidate->room_ids, gint64, i);
      gint64 bed_id = g_array_index (candidate->bed_ids, gint64, i);
      gint64 person_id = g_array_index (candidate->person_ids, gint64, i);
      Room *room = g_hash_table_lookup (self->rooms_by_id, &room_id);

      if (room == NULL)
        continue;
      for (guint b = 0; b < room->beds->len; b++)
        {
          Bed *bed = &g_array_index (room->beds, Bed, b);

          if (bed->id == bed_id && bed->taken)
            {
              bed->taken = FALSE;
              room->n_free++;
            }
        }
      for (guint o = room->occupants->len; o-- > 0;)
        if (g_array_index (room->occupants, Occupant, o).person_id == person_id)
          g_array_remove_index (room->occupants, o);
    }
}

/*
 * _ea_bed_matcher_foreach_occupant:
 *
 * Calls @func for each person in room @room_id as the matcher knows it:
 * those there during the period and those taken into it since.
 */
void
_ea_bed_matcher_foreach_occupant (EaBedMatcher        *self,
                                  gint64               room_id,
                                  EaMatcherOccupantFunc func,
                                  gpointer             user_data)
{
  Room *room = g_hash_table_lookup (self->rooms_by_id, &room_id);

  for (guint o = 0; room != NULL && o < room->occupants->len; o++)
    {
      Occupant *occupant = &g_array_index (room->occupants, Occupant, o);

      func (occupant->person_id, occupant->household_id, occupant->gender, occupant->age,
            user_data);
    }
}

const char *
_ea_bed_matcher_get_from (EaBedMatcher *self)
{
  return self->from;
}

/* What the allocation's table shows of a room. */
gboolean
_ea_bed_matcher_describe_room (EaBedMatcher  *self,
                               gint64         room_id,
                               const char   **facility,
                               const char   **unit,
                               const char   **rule,
                               double        *area,
                               int           *capacity,
                               gboolean      *barrier_free)
{
  Room *room = g_hash_table_lookup (self->rooms_by_id, &room_id);

  if (room == NULL)
    return FALSE;
  *facility = room->facility;
  *unit = room->unit;
  *rule = room->rule;
  *area = room->area;
  *capacity = room->capacity;
  *barrier_free = room->barrier_free;
  return TRUE;
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
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 number = 0;

  /* The platform's id, else the internal number: each found by its
   * index (comparing every household's number as text read them all). */
  stmt = _ea_store_prepare (store,
                            "SELECT m.person_id FROM household_members m JOIN persons p "
                            "ON p.id = m.person_id WHERE m.household_id = "
                            "  (SELECT id FROM households WHERE platform_id = ?1 "
                            "   UNION ALL SELECT id FROM households WHERE id = ?2 LIMIT 1) "
                            "ORDER BY p.birth_date, p.id", error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text_copy (stmt, 1, household, -1);
  if (g_ascii_string_to_signed (household, 10, 1, G_MAXINT64, &number, NULL))
    _ea_stmt_bind_int64 (stmt, 2, number);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

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

/**
 * ea_bed_matcher_dup_household_of:
 * @self: a matcher
 * @person_id: a person
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type gint64): the members of the
 *   person's household who have no bed on the first day, the eldest
 *   first; the person alone when not in a household
 */
GArray *
ea_bed_matcher_dup_household_of (EaBedMatcher  *self,
                                 gint64         person_id,
                                 GError       **error)
{
  EaStore *store = ea_session_get_store (self->session);
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = _ea_store_prepare (store,
    "SELECT p.id FROM persons p LEFT JOIN household_members m ON m.person_id = p.id "
    "WHERE (p.id = ?1 OR m.household_id = (SELECT household_id FROM household_members "
    "                                       WHERE person_id = ?1)) "
    "  AND (p.id = ?1 OR (p.status <> 'left' AND NOT EXISTS (SELECT 1 FROM stays s "
    "       WHERE s.person_id = p.id AND s.from_date <= ?2 "
    "       AND (s.until_date IS NULL OR s.until_date > ?2)))) "
    "ORDER BY p.birth_date, p.id", error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  _ea_stmt_bind_text (stmt, 2, self->from);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

      g_array_append_val (members, id);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the household"));
      return NULL;
    }
  if (members->len == 0)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("There is no person no. %lld."),
                   (long long) person_id);
      return NULL;
    }
  return g_steal_pointer (&members);
}

/*
 * _ea_bed_matcher_place_each:
 * @from: (nullable): the first night for each person; %NULL for @day
 *
 * Reserves the candidate's beds, or checks its persons in, one after the
 * other within the caller's transaction (see _ea_store_begin_all()).
 * Each change checks the rules once more, against the database.
 */
gboolean
_ea_bed_matcher_place_each (EaSession             *session,
                            const EaBedCandidate  *candidate,
                            gboolean               check_in,
                            const char            *day,
                            const char            *until,
                            const char * const    *from,
                            GError               **error)
{
  for (guint i = 0; i < candidate->person_ids->len; i++)
    {
      gint64 person = g_array_index (candidate->person_ids, gint64, i);
      gint64 bed = g_array_index (candidate->bed_ids, gint64, i);
      const char *first = from != NULL && from[i] != NULL ? from[i] : day;
      gint64 done = check_in ? ea_housing_check_in (session, person, bed, first, error)
                             : ea_housing_reserve (session, person, bed, first, until, error);

      if (done == 0)
        {
          g_prefix_error (error, _("Person no. %lld: "), (long long) person);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * ea_bed_matcher_place:
 * @self: the matcher that found @candidate
 * @candidate: the place to use
 * @check_in: %TRUE to check the persons in on the first night, %FALSE to
 *   reserve the beds for them for the matcher's period
 * @error: a #GError
 *
 * Places the whole group in one transaction: all of them, or, when one
 * change is refused, none. The matcher then knows the beds as taken.
 *
 * Returns: %FALSE on a refusal; nothing is changed then
 */
gboolean
ea_bed_matcher_place (EaBedMatcher          *self,
                      const EaBedCandidate  *candidate,
                      gboolean               check_in,
                      GError               **error)
{
  EaStore *store;
  gboolean ok;

  g_return_val_if_fail (EA_IS_BED_MATCHER (self), FALSE);

  store = ea_session_get_store (self->session);
  if (!_ea_store_begin_all (store, error))
    return FALSE;
  ok = _ea_bed_matcher_place_each (self->session, candidate, check_in, self->from, self->until,
                                   NULL, error);
  if (!_ea_store_end_all (store, ok, error))
    return FALSE;
  ea_bed_matcher_take (self, candidate);
  return TRUE;
}
