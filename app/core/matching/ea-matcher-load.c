/* SPDX-License-Identifier: EUPL-1.2 */
/* Reading the district into the bed matcher: the preference weights,
 * rooms with the beds free for the whole period, who sleeps there, and the
 * persons to place with their languages and keep-apart notes. */
#include "config.h"

#include "ea-bed-matcher-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-housing-private.h"
#include "ea-housing.h"
#include "ea-matching-sql-private.h"
#include "ea-rules-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"
#include "ea-matcher-parts-private.h"

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
  const double *slots = (const double *) weights;

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
  {
    const char *keys[G_N_ELEMENTS (weight_keys) + 1] = { NULL };
    char values[G_N_ELEMENTS (weight_keys)][G_ASCII_DTOSTR_BUF_SIZE];
    const char *texts[G_N_ELEMENTS (weight_keys)];

    for (guint i = 0; i < G_N_ELEMENTS (weight_keys); i++)
      {
        keys[i] = weight_keys[i].key;
        texts[i] = g_ascii_formatd (values[i], sizeof values[i], "%.1f", slots[i]);
      }
    return _ea_change_settings (session, EA_RIGHT_SETTINGS, keys, texts, error);
  }
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

gboolean
_ea_matcher_load_rooms (EaBedMatcher  *self,
                        EaStore       *store,
                        GError       **error)
{
  g_autoptr(GArray) facilities = _ea_session_dup_facility_ids (self->session);
  g_autoptr(EaStmt) stmt = NULL;
  int rc;

  /* Open rooms; an account limited to facilities places only there. */
  stmt = _ea_store_prepare (store, _ea_matching_sql.open_rooms, error);
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
gboolean
_ea_matcher_load_free_beds (EaBedMatcher  *self,
                            EaStore       *store,
                            GError       **error)
{
  g_autoptr(EaStmt) busy = NULL;
  g_autoptr(EaStmt) beds = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *until = self->until != NULL ? self->until : "9999-12-31";
  int rc;

  busy = _ea_store_prepare (store, _ea_matching_sql.busy_beds, error);
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

  /* In use every night of the period: not closed before its end. */
  beds = _ea_store_prepare (store, _ea_matching_sql.beds_open_until, error);
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
gboolean
_ea_matcher_load_occupants (EaBedMatcher  *self,
                            EaStore       *store,
                            GError       **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(EaStmt) languages = NULL;
  const char *until = self->until != NULL ? self->until : "9999-12-31";
  int rc;

  /* A person both staying and holding a reservation in one room comes
   * twice, and is counted once below. */
  stmt = _ea_store_prepare (store, _ea_matching_sql.room_occupants, error);
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
      occupant.arrives_later = _ea_stmt_column_int (stmt, 6) != 0;
      occupant.birth_date = _ea_stmt_column_is_null (stmt, 3)
                            ? NULL
                            : g_string_chunk_insert_const (self->names,
                                                           _ea_stmt_column_text (stmt, 3));
      /* The age on the first night of the period, or on the occupant's
       * own first night when that is later: minors and adults are
       * compared on the nights they share. */
      occupant.aged_on = occupant.arrives_later
                         ? g_string_chunk_insert_const (self->names,
                                                        _ea_stmt_column_text (stmt, 7))
                         : self->from;
      occupant.age = ea_partial_date_age (occupant.birth_date, occupant.aged_on);
      for (guint o = 0; o < room->occupants->len && !known; o++)
        {
          Occupant *seen = &g_array_index (room->occupants, Occupant, o);

          /* Staying and holding a reservation there: there from the earlier. */
          if (seen->person_id == occupant.person_id)
            {
              seen->arrives_later &= occupant.arrives_later;
              if (g_strcmp0 (occupant.aged_on, seen->aged_on) < 0)
                {
                  seen->aged_on = occupant.aged_on;
                  seen->age = occupant.age;
                }
              known = TRUE;
            }
        }
      if (known)
        continue;
      occupant.household_id = _ea_stmt_column_int64 (stmt, 2);
      occupant.gender = intern (stmt, 4);
      occupant.religion = intern (stmt, 5);
      g_array_append_val (room->occupants, occupant);
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read who lives in the rooms"));

  languages = _ea_store_prepare (store, _ea_matching_sql.occupant_languages, error);
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

/* Person numbers are rowids far below 2³¹: two make one key. */
gint64
_ea_matcher_pair_key (gint64 a,
                      gint64 b)
{
  return (gint64) (((guint64) a << 32) | (guint32) b);
}

/* The age of someone born on @birth_date on @night, from @age on
 * @aged_on when that is the same night. The rules count a person's age
 * on the night they move in: a roommate (or a member of the household
 * moving in on another day) may be of age on that night and not on the
 * matcher's first. */
int
_ea_matcher_age_on (const char *birth_date,
                    int         age,
                    const char *aged_on,
                    const char *night)
{
  if (aged_on == night || g_strcmp0 (aged_on, night) == 0)
    return age;
  return ea_partial_date_age (birth_date, night);
}

/* Reads the applicants once; the matcher keeps them while it lives. */
Applicant *
_ea_matcher_load_applicant (EaBedMatcher  *self,
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
      self->applicant_stmt = _ea_store_prepare (store, _ea_matching_sql.applicant, error);
      self->apart_stmt = _ea_store_prepare (store, _ea_matching_sql.kept_apart_from, error);
      self->spoken_stmt = _ea_store_prepare (store, _ea_matching_sql.applicant_languages,
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
  applicant->birth_date = _ea_stmt_column_is_null (stmt, 2)
                          ? NULL
                          : g_string_chunk_insert_const (self->names,
                                                         _ea_stmt_column_text (stmt, 2));
  applicant->first_night = g_hash_table_lookup (self->first_nights, &id);
  if (applicant->first_night == NULL)
    applicant->first_night = self->from;
  applicant->facts.age = ea_partial_date_age (applicant->birth_date, applicant->first_night);
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
      gint64 key = _ea_matcher_pair_key (id, _ea_stmt_column_int64 (apart, 0));

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

  /* The platform's id, else the internal number. */
  stmt = _ea_store_prepare (store, _ea_matching_sql.household_members, error);
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

  stmt = _ea_store_prepare (store, _ea_matching_sql.household_without_bed, error);
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
