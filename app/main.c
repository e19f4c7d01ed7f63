/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "eakte"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ea-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(EaApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* EAKTE_LOCALEDIR lets the uninstalled program find the translations of
   * the build tree (meson devenv and the tests set it). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("EAKTE_LOCALEDIR") ? g_getenv ("EAKTE_LOCALEDIR")
                                                                : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ea_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
