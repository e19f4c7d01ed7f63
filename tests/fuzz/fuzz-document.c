/* SPDX-License-Identifier: EUPL-1.2 */
/* A libFuzzer target for the documents a social worker adds: each input
 * is written to a file and checked as ea_document_add () checks it before
 * storing (a PDF opened page by page, an image decoded). Whatever the
 * input, the check must accept it or refuse it with a message: no crash,
 * no sanitizer finding, no GLib critical or warning. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>

#include "eakte-core.h"
#include "ea-documents-private.h"
#include "ea-test-util.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *input;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  dir = ea_test_dir_make_tmp ();
  g_assert_no_error (error);
  input = g_build_filename (dir, "dokument", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  const char *mime_type = NULL;
  gint64 pages = 0;
  gboolean ok;

  g_assert_true (g_file_set_contents (input, (const char *) data, (gssize) size, &error));
  ok = _ea_documents_check_file (input, &mime_type, &pages, &error);
  /* Either accepted with a type and pages, or refused with a reason. */
  g_assert_true (ok == (error == NULL));
  if (ok)
    g_assert_true (mime_type != NULL && pages >= 1);
  else
    g_assert_true (error->message != NULL && error->message[0] != '\0');
  return 0;
}
