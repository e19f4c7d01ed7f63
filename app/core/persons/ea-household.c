/* SPDX-License-Identifier: EUPL-1.2 */
/* Familienverbund: the persons kept together. Members are added with
 * their role, taken out, and a household splits when some of its members
 * go their own way (a grown-up son with his own family, say). A
 * household's case notes stay with the household that keeps its number. */
#include "config.h"

#include "ea-household.h"

#include <glib/gi18n-lib.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-person-file-private.h"
#include "ea-persons-sql-private.h"
#include "ea-store-private.h"

static gint64
household_of (EaStore *store,
              gint64   person_id)
{
  return _ea_store_lookup_id (store, _ea_persons_sql.household_of_member, person_id);
}

static gboolean
check_role (EaStore     *store,
            const char  *role,
            GError     **error)
{
  if (role != NULL &&
      _ea_store_query_int (store, _ea_persons_sql.household_role_known, "s", role) == 1)
    return TRUE;
  g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, _("Role: please choose."));
  return FALSE;
}

/* A change of a household; every one is recorded as an update of the
 * household, in the file of the member it is about. */
typedef struct
{
  gint64        person_id;   /* whose household a member joins */
  gint64        member_id;
  const char   *role;
  const gint64 *members;     /* who split off */
  guint         n_members;
  gint64        household;   /* the household changed (made, when joining) */
  gint64        split;       /* the household split off */
} HouseholdChange;

static void
record_update (EaAuditRecord *record,
               gint64         household,
               gint64         person_id)
{
  *record = (EaAuditRecord) { .action = "update", .object_type = "household",
                              .object_id = household, .person_id = person_id };
}

/* The household keeps a reference person. */
static gboolean
keep_reference_person (EaStore  *store,
                       gint64    household,
                       GError  **error)
{
  return _ea_store_exec_bound (store, _ea_persons_sql.keep_reference_person,
                               error, "i", household);
}

static gboolean
add_member_change (EaSession     *session,
                   gpointer       data,
                   EaAuditRecord *record,
                   GError       **error)
{
  HouseholdChange *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();

  c->household = household_of (store, c->person_id);
  if (c->household == 0)
    {
      if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_household, error, "si", now,
                                 ea_session_get_user_id (session)))
        return FALSE;
      c->household = _ea_store_last_insert_id (store);
      if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_household_founder,
                                 error, "ii", c->household, c->person_id))
        return FALSE;
    }
  record_update (record, c->household, c->member_id);
  return _ea_store_exec_bound (store, _ea_persons_sql.insert_household_member,
                               error, "iis", c->household, c->member_id, c->role);
}

static gboolean
remove_member_change (EaSession     *session,
                      gpointer       data,
                      EaAuditRecord *record,
                      GError       **error)
{
  HouseholdChange *c = data;
  EaStore *store = ea_session_get_store (session);
  gint64 rest, keeper;

  record_update (record, c->household, c->member_id);
  if (!_ea_store_exec_bound (store, _ea_persons_sql.delete_household_member,
                             error, "i", c->member_id))
    return FALSE;
  rest = _ea_store_lookup_id (store, _ea_persons_sql.count_household_members, c->household);
  if (rest > 1)
    return keep_reference_person (store, c->household, error);
  /* One person is no household: the notes go to whoever remains (or to
   * the one who left, when nobody does). */
  keeper = rest == 1 ? _ea_store_lookup_id (store, _ea_persons_sql.household_member,
                                             c->household)
                     : c->member_id;
  return _ea_store_exec_bound (store, _ea_persons_sql.hand_household_notes,
                               error, "ii", c->household, keeper) &&
         _ea_store_exec_bound (store, _ea_persons_sql.delete_household, error, "i",
                               c->household);
}

static gboolean
set_role_change (EaSession     *session,
                 gpointer       data,
                 EaAuditRecord *record,
                 GError       **error)
{
  HouseholdChange *c = data;

  record_update (record, c->household, c->member_id);
  return _ea_store_exec_bound (ea_session_get_store (session),
                               _ea_persons_sql.set_household_role,
                               error, "is", c->member_id, c->role);
}

static gboolean
split_change (EaSession     *session,
              gpointer       data,
              EaAuditRecord *record,
              GError       **error)
{
  HouseholdChange *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();

  if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_household, error, "si", now,
                             ea_session_get_user_id (session)))
    return FALSE;
  c->split = _ea_store_last_insert_id (store);
  for (guint i = 0; i < c->n_members; i++)
    if (!_ea_store_exec_bound (store, _ea_persons_sql.move_household_member,
                               error, "iii", c->members[i], c->split, (gint64) (i == 0)))
      return FALSE;
  record_update (record, c->household, c->members[0]);
  return keep_reference_person (store, c->household, error) &&
         _ea_audit_record (session, &(EaAuditRecord) { .action = "update",
                                                       .object_type = "household",
                                                       .object_id = c->split,
                                                       .person_id = c->members[0] }, error);
}

/**
 * ea_household_add_member:
 * @session: a session with the right to change persons
 * @person_id: a member of the household, or the person who founds it
 * @member_id: the person to add; not in another household
 * @role: the new member's role: ehegatte, lebenspartner, kind, elternteil,
 *   geschwister or sonstige
 * @error: a #GError
 *
 * A person without household founds one, as its reference person.
 *
 * Returns: the household's number, or 0 on a refusal
 */
gint64
ea_household_add_member (EaSession   *session,
                         gint64       person_id,
                         gint64       member_id,
                         const char  *role,
                         GError     **error)
{
  EaStore *store = ea_session_get_store (session);
  HouseholdChange change;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error) ||
      !_ea_person_check (session, person_id, error) ||
      !_ea_person_check (session, member_id, error) || !check_role (store, role, error))
    return 0;
  if (person_id == member_id)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("A person cannot be added to their own household."));
      return 0;
    }
  if (household_of (store, member_id) != 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_RULE,
                           _("The person belongs to another household; take them out of it "
                             "first."));
      return 0;
    }
  change = (HouseholdChange) { .person_id = person_id, .member_id = member_id, .role = role };
  if (!_ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, add_member_change, &change, error))
    return 0;
  return change.household;
}

/**
 * ea_household_remove_member:
 * @session: a session with the right to change persons
 * @member_id: the person to take out of their household
 * @error: a #GError
 *
 * A household left with one person ends; its notes stay with that person
 * only as long as the household exists, so they are moved to them.
 *
 * Returns: %FALSE on a refusal
 */
gboolean
ea_household_remove_member (EaSession  *session,
                            gint64      member_id,
                            GError    **error)
{
  EaStore *store = ea_session_get_store (session);
  gint64 household;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error) ||
      !_ea_person_check (session, member_id, error))
    return FALSE;
  household = household_of (store, member_id);
  if (household == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("The person does not belong to a household."));
      return FALSE;
    }
  return _ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, remove_member_change,
                     &(HouseholdChange) { .member_id = member_id, .household = household },
                     error);
}

/**
 * ea_household_set_role:
 * @session: a session with the right to change persons
 * @member_id: a member of a household
 * @role: the new role
 * @error: a #GError
 *
 * Returns: %FALSE on a refusal
 */
gboolean
ea_household_set_role (EaSession   *session,
                       gint64       member_id,
                       const char  *role,
                       GError     **error)
{
  EaStore *store = ea_session_get_store (session);
  gint64 household;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error) ||
      !_ea_person_check (session, member_id, error) || !check_role (store, role, error))
    return FALSE;
  household = household_of (store, member_id);
  if (household == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("The person does not belong to a household."));
      return FALSE;
    }
  return _ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, set_role_change,
                     &(HouseholdChange) { .member_id = member_id, .role = role,
                                          .household = household },
                     error);
}

/**
 * ea_household_split:
 * @session: a session with the right to change persons
 * @member_ids: (array length=n_members): members of one household
 * @n_members: how many; fewer than the household has
 * @error: a #GError
 *
 * The members form a household of their own, the first as its reference
 * person; the others keep the old one with its notes.
 *
 * Returns: the new household's number, or 0 on a refusal
 */
gint64
ea_household_split (EaSession     *session,
                    const gint64  *member_ids,
                    guint          n_members,
                    GError       **error)
{
  EaStore *store = ea_session_get_store (session);
  gint64 household = 0;
  HouseholdChange change;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error))
    return 0;
  if (n_members == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("Choose the members who form the new household."));
      return 0;
    }
  for (guint i = 0; i < n_members; i++)
    {
      gint64 of;

      if (!_ea_person_check (session, member_ids[i], error))
        return 0;
      of = household_of (store, member_ids[i]);
      if (of == 0 || (household != 0 && of != household))
        {
          g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                               _("Only members of one household can be split off together."));
          return 0;
        }
      household = of;
    }
  if (_ea_store_lookup_id (store, _ea_persons_sql.count_household_members,
                           household) <= (gint64) n_members)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("At least one member must stay in the household."));
      return 0;
    }

  change = (HouseholdChange) { .members = member_ids, .n_members = n_members,
                               .household = household };
  if (!_ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, split_change, &change, error))
    return 0;
  return change.split;
}
