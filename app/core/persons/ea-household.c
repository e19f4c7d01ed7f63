/* SPDX-License-Identifier: EUPL-1.2 */
/* Familienverbund: the persons kept together. Members are added with
 * their role, taken out, and a household splits when some of its members
 * go their own way (a grown-up son with his own family, say). A
 * household's case notes stay with the household that keeps its number. */
#include "config.h"

#include "ea-household.h"

#include <glib/gi18n-lib.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-person-file-private.h"
#include "ea-store-private.h"

static gint64
household_of (EaStore *store,
              gint64   person_id)
{
  return _ea_store_lookup_id (store, "SELECT household_id FROM household_members "
                                     "WHERE person_id = ?1", person_id);
}

static gboolean
check_role (EaStore     *store,
            const char  *role,
            GError     **error)
{
  if (role != NULL &&
      _ea_store_query_int (store, "SELECT 1 FROM codes WHERE list = 'household_role' "
                                  "AND code = ?1", "s", role) == 1)
    return TRUE;
  g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, _("Role: please choose."));
  return FALSE;
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
  g_autofree char *now = ea_clock_timestamp ();
  gint64 household;
  gboolean ok = TRUE;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error) ||
      !_ea_person_check (session, person_id, error) || !_ea_person_check (session, member_id, error) ||
      !check_role (store, role, error))
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
  if (!_ea_store_begin (store, error))
    return 0;
  household = household_of (store, person_id);
  if (household == 0)
    {
      ok = _ea_store_exec_bound (store, "INSERT INTO households (created_at, created_by) "
                                        "VALUES (?1, ?2)", error, "si", now,
                                 ea_session_get_user_id (session));
      household = _ea_store_last_insert_id (store);
      ok = ok && _ea_store_exec_bound (store, "INSERT INTO household_members (household_id, "
                                              "person_id, role) VALUES (?1, ?2, 'bezugsperson')",
                                       error, "ii", household, person_id);
    }
  ok = ok && _ea_store_exec_bound (store, "INSERT INTO household_members (household_id, "
                                          "person_id, role) VALUES (?1, ?2, ?3)",
                                   error, "iis", household, member_id, role);
  return _ea_person_finish_change (session, "household", household, member_id, ok, error)
         ? household : 0;
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
  gint64 household, rest;
  gboolean ok;

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
  if (!_ea_store_begin (store, error))
    return FALSE;
  ok = _ea_store_exec_bound (store, "DELETE FROM household_members WHERE person_id = ?1",
                             error, "i", member_id);
  rest = _ea_store_lookup_id (store, "SELECT count (*) FROM household_members "
                                     "WHERE household_id = ?1", household);
  if (ok && rest <= 1)
    {
      /* One person is no household: the notes go to whoever remains (or
       * to the one who left, when nobody does). */
      gint64 keeper = rest == 1 ? _ea_store_lookup_id (store, "SELECT person_id FROM "
                                                       "household_members WHERE household_id = ?1",
                                                       household)
                                : member_id;

      ok = _ea_store_exec_bound (store, "UPDATE case_notes SET person_id = ?2, "
                                        "household_id = NULL WHERE household_id = ?1",
                                 error, "ii", household, keeper) &&
           _ea_store_exec_bound (store, "DELETE FROM households WHERE id = ?1", error, "i",
                                 household);
    }
  else if (ok)
    ok = _ea_store_exec_bound (store,
                               "UPDATE household_members SET role = 'bezugsperson' "
                               "WHERE household_id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                               "household_members WHERE household_id = ?1 "
                               "AND role = 'bezugsperson') AND person_id = (SELECT min "
                               "(person_id) FROM household_members WHERE household_id = ?1)",
                               error, "i", household);
  return _ea_person_finish_change (session, "household", household, member_id, ok, error);
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
  gboolean ok;

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
  if (!_ea_store_begin (store, error))
    return FALSE;
  ok = _ea_store_exec_bound (store, "UPDATE household_members SET role = ?2 "
                                    "WHERE person_id = ?1", error, "is", member_id, role);
  return _ea_person_finish_change (session, "household", household, member_id, ok, error);
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
  g_autofree char *now = ea_clock_timestamp ();
  gint64 household = 0, split;
  gboolean ok;

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
  if (_ea_store_lookup_id (store, "SELECT count (*) FROM household_members "
                                  "WHERE household_id = ?1", household) <= (gint64) n_members)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("At least one member must stay in the household."));
      return 0;
    }

  if (!_ea_store_begin (store, error))
    return 0;
  ok = _ea_store_exec_bound (store, "INSERT INTO households (created_at, created_by) "
                                    "VALUES (?1, ?2)", error, "si", now,
                             ea_session_get_user_id (session));
  split = _ea_store_last_insert_id (store);
  for (guint i = 0; ok && i < n_members; i++)
    ok = _ea_store_exec_bound (store, "UPDATE household_members SET household_id = ?2, "
                                      "role = CASE WHEN ?3 THEN 'bezugsperson' ELSE role END "
                                      "WHERE person_id = ?1",
                               error, "iii", member_ids[i], split, (gint64) (i == 0));
  /* The old household keeps a reference person. */
  ok = ok && _ea_store_exec_bound (store,
                                   "UPDATE household_members SET role = 'bezugsperson' "
                                   "WHERE household_id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                                   "household_members WHERE household_id = ?1 "
                                   "AND role = 'bezugsperson') AND person_id = (SELECT min "
                                   "(person_id) FROM household_members WHERE household_id = ?1)",
                                   error, "i", household);
  ok = ok && _ea_audit_record (session, &(EaAuditRecord) { .action = "update",
                                                           .object_type = "household",
                                                           .object_id = split,
                                                           .person_id = member_ids[0] }, error);
  return _ea_person_finish_change (session, "household", household, member_ids[0], ok, error)
         ? split : 0;
}
