/* SPDX-License-Identifier: EUPL-1.2 */
/* The state platform's feed over HTTP (feed README, "HTTP protocol"):
 * GET {base}/zuweisungen?ags={AGS}&seit={N} with a bearer token, the
 * ETag of the last answer, certificate verification (a CA file may be
 * given) and timeouts. The answer is imported like a file; the cursor N
 * is the highest laufendeNummer of a committed import run, so it
 * advances only with a successful commit, and so does the stored ETag. */
#include "config.h"

#include "ea-platform.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <unistd.h>

#include "ea-error.h"
#include "ea-session-private.h"
#include "ea-store-private.h"

#define TIMEOUT_SECONDS 60
#define MAX_ANSWER ((gsize) 512 * 1024 * 1024)

/* Plain HTTP only for a test server on this computer. */
static gboolean
check_url (GUri        *uri,
           const char  *base_url,
           GError     **error)
{
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (g_strcmp0 (scheme, "https") == 0)
    return TRUE;
  if (g_strcmp0 (scheme, "http") == 0 &&
      (g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0 ||
       g_strcmp0 (host, "::1") == 0))
    return TRUE;
  g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
               _("“%s” is no address of the platform: it must begin with https:// "
                 "(plain http only for a test server on this computer)."), base_url);
  return FALSE;
}

static gboolean
refuse_status (SoupMessage  *message,
               const char   *base_url,
               GError      **error)
{
  guint status = soup_message_get_status (message);
  const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
      g_set_error (error, EA_ERROR, EA_ERROR_AUTH,
                   _("The platform refused the access (HTTP %u): check the token or the "
                     "certificate."), status);
      return FALSE;
    case SOUP_STATUS_NOT_FOUND:
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                   _("The platform has no feed at %s (HTTP 404): check the address."), base_url);
      return FALSE;
    case 429:  /* Too Many Requests */
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      if (retry != NULL)
        g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
                     _("The platform is busy (HTTP %u); it asks to try again in %s seconds."),
                     status, retry);
      else
        g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
                     _("The platform is busy (HTTP %u); try again later."), status);
      return FALSE;
    default:
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
                   _("The platform answered with an error (HTTP %u %s); nothing was imported."),
                   status, soup_message_get_reason_phrase (message));
      return FALSE;
    }
}

/**
 * ea_platform_fetch:
 * @session: an administrator's session
 * @base_url: the platform's base address, `https://…`
 * @token: (nullable): the bearer token
 * @ca_file: (nullable): a PEM file of the CA to trust for the platform
 * @dry_run: report what the import would change, change nothing
 * @cancellable: (nullable): to stop waiting
 * @error: a #GError
 *
 * Fetches the messages after the last one imported and imports them in
 * one transaction. Nothing new (HTTP 304 or an empty list) is a result
 * with nothing created.
 *
 * Returns: (transfer full): the result, or %NULL with @error set;
 *   nothing is changed then
 */
EaImportResult *
ea_platform_fetch (EaSession     *session,
                   const char    *base_url,
                   const char    *token,
                   const char    *ca_file,
                   gboolean       dry_run,
                   GCancellable  *cancellable,
                   GError       **error)
{
  EaStore *store;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupSession) soup = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *ags = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *base = NULL;
  g_autofree char *address = NULL;
  g_autofree char *path = NULL;
  EaImportResult *result;
  SoupMessageHeaders *headers;
  const char *new_etag;
  gint64 since;
  int fd;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return NULL;
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (!check_url (uri, base_url, error))
    return NULL;

  store = ea_session_get_store (session);
  ags = _ea_store_dup_setting (store, "ags");
  etag = _ea_store_dup_setting (store, "platform_etag");
  since = _ea_store_query_int (store, "SELECT coalesce (max (sequence), 0) FROM import_runs "
                               "WHERE state IN ('done', 'partial')", "");
  base = g_str_has_suffix (base_url, "/") ? g_strndup (base_url, strlen (base_url) - 1)
                                          : g_strdup (base_url);
  address = g_strdup_printf ("%s/zuweisungen?ags=%s&seit=%" G_GINT64_FORMAT, base, ags, since);

  soup = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS,
                                        "idle-timeout", TIMEOUT_SECONDS, NULL);
  if (ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &local);

      if (database == NULL)
        {
          g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                       _("The CA file %s cannot be read: %s"), ca_file, local->message);
          return NULL;
        }
      soup_session_set_tls_database (soup, database);
    }
  message = soup_message_new (SOUP_METHOD_GET, address);
  if (message == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is no address of the platform."), base_url);
      return NULL;
    }
  headers = soup_message_get_request_headers (message);
  soup_message_headers_append (headers, "Accept", "application/xml");
  if (token != NULL && token[0] != '\0')
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_append (headers, "Authorization", bearer);
    }
  if (etag != NULL)
    soup_message_headers_append (headers, "If-None-Match", etag);

  body = soup_session_send_and_read (soup, message, cancellable, &local);
  if (body == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED, _("The platform at %s cannot be reached: %s"),
                   base_url, local->message);
      return NULL;
    }
  if (soup_message_get_status (message) == SOUP_STATUS_NOT_MODIFIED)
    {
      result = g_new0 (EaImportResult, 1);
      result->source = g_strdup (address);
      result->sequence = since;
      result->dry_run = dry_run;
      result->repeated = TRUE;
      result->warnings = g_ptr_array_new ();
      result->errors = g_ptr_array_new ();
      return result;
    }
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      refuse_status (message, base_url, error);
      return NULL;
    }
  if (g_bytes_get_size (body) > MAX_ANSWER)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The platform's answer is larger than 512 MB, more than a "
                             "Zuweisungsliste can be."));
      return NULL;
    }

  /* The answer is imported as a file: the same checks, the same archive. */
  fd = g_file_open_tmp ("eakte-zuweisung-XXXXXX.xml", &path, &local);
  if (fd < 0 || !g_file_set_contents (path, g_bytes_get_data (body, NULL),
                                      g_bytes_get_size (body), &local))
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
                   _("Cannot keep the platform's answer: %s"), local->message);
      if (path != NULL)
        g_unlink (path);
      return NULL;
    }
  close (fd);
  result = ea_import_xml_file (session, path, dry_run, error);
  g_unlink (path);
  if (result == NULL)
    return NULL;
  g_free (result->source);
  result->source = g_steal_pointer (&address);

  /* The ETag only after a commit, as the cursor. */
  new_etag = soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag");
  if (!dry_run && new_etag != NULL &&
      !_ea_store_set_setting (store, "platform_etag", new_etag, error))
    {
      ea_import_result_free (result);
      return NULL;
    }
  return result;
}
