/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EA_ERROR (ea_error_quark ())

/**
 * EaError:
 * @EA_ERROR_FAILED: an unexpected failure (database, file system)
 * @EA_ERROR_INVALID: bad input; the message names what and where
 * @EA_ERROR_NOT_FOUND: the object does not exist
 * @EA_ERROR_EXISTS: the object (or file) exists already
 * @EA_ERROR_AUTH: wrong login or password, or a disabled account
 * @EA_ERROR_PERMISSION: the user has no right to do this
 * @EA_ERROR_TOO_NEW: the database was made by a newer program
 * @EA_ERROR_MIGRATION: a migration failed; the database is as it was
 * @EA_ERROR_RULE: a domain rule was broken; the message names the rule
 * @EA_ERROR_CONFIRM: a rule that a user may set aside on purpose; the
 *   message says what to confirm, and the same call with the confirmation
 *   goes through
 * @EA_ERROR_RESERVED: the bed is held for another person on a night of
 *   the period; the message names the reservation, and the same call that
 *   cancels it goes through
 * @EA_ERROR_REPLACES: the person holds a reservation already, which a new
 *   one would replace; the message names it, and the same call that
 *   replaces it goes through
 *
 * One domain for all refusals of the core, so the UI and the CLI can map
 * them to one message and one exit code each.
 */
typedef enum
{
  EA_ERROR_FAILED,
  EA_ERROR_INVALID,
  EA_ERROR_NOT_FOUND,
  EA_ERROR_EXISTS,
  EA_ERROR_AUTH,
  EA_ERROR_PERMISSION,
  EA_ERROR_TOO_NEW,
  EA_ERROR_MIGRATION,
  EA_ERROR_RULE,
  EA_ERROR_CONFIRM,
  EA_ERROR_RESERVED,
  EA_ERROR_REPLACES,
} EaError;

GQuark   ea_error_quark (void);
gboolean ea_error_set   (GError     **error,
                         EaError      code,
                         const char  *format,
                         ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
