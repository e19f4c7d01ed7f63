/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-error"

#include "config.h"

#include "ea-error.h"

G_DEFINE_QUARK (ea-error-quark, ea_error)

/**
 * ea_error_set:
 * @error: a #GError to set
 * @code: what kind of refusal
 * @format: the message, already translated
 *
 * g_set_error() in the %EA_ERROR domain that returns %FALSE, so a check
 * can end with `return ea_error_set (…);`.
 *
 * Returns: %FALSE
 */
gboolean
ea_error_set (GError     **error,
              EaError      code,
              const char  *format,
              ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, EA_ERROR, code, "");
  if (error != NULL && *error != NULL)
    {
      g_free ((*error)->message);
      (*error)->message = g_strdup_vprintf (format, args);
    }
  va_end (args);
  return FALSE;
}
