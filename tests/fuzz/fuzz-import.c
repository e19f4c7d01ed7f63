/* SPDX-License-Identifier: EUPL-1.2 */
/* A libFuzzer target for what the import reads from outside: each input
 * is written to a file (a Zuweisungsliste, a CSV list or an XLSX workbook,
 * by FUZZ_SUFFIX) and imported as a dry run into a real database made
 * once. Whatever the input, the import must return a result or refuse it
 * with a message: no crash, no sanitizer finding, no GLib critical. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>

#include "eakte-core.h"
#include "ea-test-util.h"

#ifndef FUZZ_SUFFIX
#error "FUZZ_SUFFIX names the kind of file: .xml, .csv or .xlsx"
#endif

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static EaSession *session;
static char *input;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  EaStore *store;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  dir = ea_test_dir_make_tmp ();
  g_assert_no_error (error);
  input = g_build_filename (dir, "eingabe" FUZZ_SUFFIX, NULL);
  store = ea_test_new_store ("08315000");
  session = ea_session_login (store, "admin", "geheim123", &error);
  g_assert_no_error (error);
  g_object_unref (store);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = NULL;

  g_assert_true (g_file_set_contents (input, (const char *) data, (gssize) size, &error));
  result = ea_import_is_list (input) ? ea_import_list_file (session, input, TRUE, &error)
                                     : ea_import_xml_file (session, input, TRUE, &error);
  /* Either a result or a reason; never both, never neither. */
  g_assert_true ((result == NULL) != (error == NULL));
  if (error != NULL)
    g_assert_true (error->message != NULL && error->message[0] != '\0');
  return 0;
}
