/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "eakte"

#include "config.h"

#include "ea-application.h"
#include "eakte-core.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(EaApplication) app = NULL;

  ea_locale_init ();

  app = ea_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
