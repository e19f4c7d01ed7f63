/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-store.h"

G_BEGIN_DECLS

/**
 * EaRight:
 *
 * What a core operation needs. Every operation names one right and passes
 * ea_session_check() before it reads or writes.
 */
typedef enum
{
  EA_RIGHT_VIEW_OCCUPANCY,
  EA_RIGHT_VIEW_STATISTICS,
  EA_RIGHT_VIEW_PERSONS,
  EA_RIGHT_EDIT_PERSONS,
  EA_RIGHT_VIEW_SPECIAL_CATEGORIES,
  EA_RIGHT_MANAGE_HOUSING,
  EA_RIGHT_EDIT_STAYS,
  EA_RIGHT_VIEW_CASE_NOTES,
  EA_RIGHT_EDIT_CASE_NOTES,
  EA_RIGHT_VIEW_DOCUMENTS,
  EA_RIGHT_EDIT_DOCUMENTS,
  EA_RIGHT_IMPORT,
  EA_RIGHT_REPORTS,
  EA_RIGHT_MANAGE_USERS,
  EA_RIGHT_SETTINGS,
  EA_RIGHT_AUDIT,
  EA_RIGHT_MAINTAIN_DATABASE,
  EA_RIGHT_VIEW_HEALTH_DOCUMENTS,
  EA_RIGHT_EXPORT_PERSON,
  EA_RIGHT_RETENTION,
  EA_N_RIGHTS
} EaRight;

typedef enum
{
  EA_ROLE_NONE    = 0,
  EA_ROLE_ADMIN   = 1 << 0,
  EA_ROLE_HOUSING = 1 << 1,
  EA_ROLE_SOCIAL  = 1 << 2,
  EA_ROLE_READER  = 1 << 3,
} EaRoles;

/* The shortest password an administrator or a user may set. */
#define EA_PASSWORD_MIN_LENGTH 8

#define EA_TYPE_SESSION (ea_session_get_type ())
G_DECLARE_FINAL_TYPE (EaSession, ea_session, EA, SESSION, GObject)

EaSession  *ea_session_login            (EaStore     *store,
                                         const char  *login,
                                         const char  *password,
                                         GError     **error);
EaSession  *ea_session_open_copy        (EaSession   *self,
                                         GError     **error);
EaStore    *ea_session_get_store        (EaSession   *self);
gint64      ea_session_get_user_id      (EaSession   *self);
const char *ea_session_get_login        (EaSession   *self);
const char *ea_session_get_display_name (EaSession   *self);
EaRoles     ea_session_get_roles        (EaSession   *self);
char       *ea_session_dup_roles_label  (EaSession   *self);
gboolean    ea_session_must_change_password (EaSession *self);
gboolean    ea_session_change_password  (EaSession   *self,
                                         const char  *current,
                                         const char  *new_password,
                                         GError     **error);
char       *ea_roles_dup_label          (EaRoles      roles);
gboolean    ea_check_new_password       (const char  *password,
                                         GError     **error);
gboolean    ea_session_can              (EaSession   *self,
                                         EaRight      right);
gboolean    ea_session_check            (EaSession   *self,
                                         EaRight      right,
                                         gint64       facility_id,
                                         GError     **error);

G_END_DECLS
