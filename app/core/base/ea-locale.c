/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-locale"

#include "config.h"

#include "ea-locale.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

/**
 * ea_locale_init:
 *
 * Sets up the locale and the message catalogue, for the desktop program,
 * the CLI and the tests alike. `EAKTE_LOCALEDIR` lets an uninstalled
 * program find the build tree's translations (meson devenv and the tests
 * set it).
 */
void
ea_locale_init (void)
{
  const char *dir = g_getenv ("EAKTE_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
