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
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-import-private.h"
#include "ea-import-sql-private.h"
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

/* The office's certificate and its key from one PEM file. */
static GTlsCertificate *
load_client_certificate (const char  *path,
                         GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (path, &local);
  g_autofree char *key = NULL;

  if (certificate != NULL)
    g_object_get (certificate, "private-key-pem", &key, NULL);
  if (certificate == NULL || key == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("The client certificate %s cannot be read (a PEM file with the "
                     "certificate and its key): %s"), path,
                   local != NULL ? local->message : _("it holds no key"));
      return NULL;
    }
  return g_steal_pointer (&certificate);
}

/* Retry-After (feed README): seconds or an HTTP date. The platform is not
 * asked again before then, by the application's schedule or the CLI. */
static void
remember_retry_after (EaStore     *store,
                      SoupMessage *message)
{
  const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  g_autoptr(GDateTime) now = ea_clock_now ();
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *text = NULL;

  if (retry == NULL)
    return;
  if (retry[0] != '\0' && strspn (retry, "0123456789") == strlen (retry) && strlen (retry) < 7)
    until = g_date_time_add_seconds (now, (double) g_ascii_strtoull (retry, NULL, 10));
  else
    until = soup_date_time_new_from_http_string (retry);
  if (until == NULL)
    return;
  text = g_date_time_format_iso8601 (until);
  _ea_store_set_setting (store, "platform_not_before", text, NULL);
}

/* FALSE with @error set while the platform asked to wait. */
static gboolean
check_not_before (EaStore  *store,
                  GError  **error)
{
  g_autofree char *text = _ea_store_dup_setting (store, "platform_not_before");
  g_autoptr(GDateTime) until = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
  g_autoptr(GDateTime) now = ea_clock_now ();
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *clock = NULL;

  if (until == NULL || g_date_time_compare (now, until) >= 0)
    return TRUE;
  local = ea_clock_to_office (until);
  clock = g_date_time_format (local, "%H:%M:%S");
  g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
               _("The platform asked not to be asked again before %s (Retry-After); nothing "
                 "was fetched."), clock);
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

/* The feed's address for the messages after @since: base and query as
 * the feed README gives them. */
static char *
feed_address (EaStore    *store,
              const char *base_url,
              gint64      since)
{
  g_autofree char *ags = _ea_store_dup_setting (store, "ags");
  g_autofree char *base = g_str_has_suffix (base_url, "/")
                          ? g_strndup (base_url, strlen (base_url) - 1)
                          : g_strdup (base_url);

  return g_strdup_printf ("%s/zuweisungen?ags=%s&seit=%" G_GINT64_FORMAT, base, ags, since);
}

/* A session with the timeouts, trusting the CA of @ca_file when given. */
static SoupSession *
new_soup_session (const char  *ca_file,
                  GError     **error)
{
  g_autoptr(SoupSession) soup = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS,
                                                               "idle-timeout", TIMEOUT_SECONDS,
                                                               NULL);

  if (ca_file != NULL)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &local);

      if (database == NULL)
        {
          g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                       _("The CA file %s cannot be read: %s"), ca_file, local->message);
          return NULL;
        }
      soup_session_set_tls_database (soup, database);
    }
  return g_steal_pointer (&soup);
}

/* The GET of @address with the client certificate, the token and the ETag
 * of the last answer, where there are any. */
static SoupMessage *
new_request (const char  *address,
             const char  *base_url,
             const char  *client_cert,
             const char  *token,
             const char  *etag,
             GError     **error)
{
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, address);
  SoupMessageHeaders *headers;

  if (message == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("“%s” is no address of the platform."), base_url);
      return NULL;
    }
  if (client_cert != NULL && client_cert[0] != '\0')
    {
      g_autoptr(GTlsCertificate) certificate = load_client_certificate (client_cert, error);

      if (certificate == NULL)
        return NULL;
      soup_message_set_tls_client_certificate (message, certificate);
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
  return g_steal_pointer (&message);
}

/* The result of an answer that brought nothing new (HTTP 304). */
static EaImportResult *
result_nothing_new (const char *address,
                    gint64      since,
                    gboolean    dry_run)
{
  EaImportResult *result = g_new0 (EaImportResult, 1);

  result->source = g_strdup (address);
  result->sequence = since;
  result->dry_run = dry_run;
  result->repeated = TRUE;
  result->warnings = g_ptr_array_new ();
  result->changes = g_ptr_array_new ();
  result->errors = g_ptr_array_new ();
  return result;
}

/* The answer is imported as a file: the same checks, the same archive. */
static EaImportResult *
import_answer (EaSession     *session,
               GBytes        *body,
               const char    *address,
               gboolean       dry_run,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *path = NULL;
  EaImportResult *result;
  int fd;

  if (g_bytes_get_size (body) > MAX_ANSWER)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The platform's answer is larger than 512 MB, more than a "
                             "Zuweisungsliste can be."));
      return NULL;
    }
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
  result = _ea_import_platform_answer (session, path, address, dry_run, cancellable, error);
  g_unlink (path);
  return result;
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
  return ea_platform_fetch_full (session, base_url, token, ca_file, NULL, dry_run, cancellable,
                                 error);
}

/**
 * ea_platform_fetch_full:
 * @session: an administrator's session
 * @base_url: the platform's base address, `https://…`
 * @token: (nullable): the bearer token
 * @ca_file: (nullable): a PEM file of the CA to trust for the platform
 * @client_cert: (nullable): a PEM file with the office's certificate and
 *   its key, shown to the platform when it asks for one
 * @dry_run: report what the import would change, change nothing
 * @cancellable: (nullable): to stop waiting, or the import
 * @error: a #GError
 *
 * ea_platform_fetch() with a TLS client certificate: the platform may
 * know the office by its certificate instead of a token, or by both.
 *
 * Returns: (transfer full): the result, or %NULL with @error set;
 *   nothing is changed then
 */
EaImportResult *
ea_platform_fetch_full (EaSession     *session,
                        const char    *base_url,
                        const char    *token,
                        const char    *ca_file,
                        const char    *client_cert,
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
  g_autofree char *etag = NULL;
  g_autofree char *address = NULL;
  EaImportResult *result;
  const char *new_etag;
  guint status;
  gint64 since;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return NULL;
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (!check_url (uri, base_url, error))
    return NULL;

  store = ea_session_get_store (session);
  if (!check_not_before (store, error))
    return NULL;
  etag = _ea_store_dup_setting (store, "platform_etag");
  since = _ea_store_query_int (store, _ea_import_sql.last_sequence, "");
  address = feed_address (store, base_url, since);
  soup = new_soup_session (ca_file, error);
  if (soup == NULL)
    return NULL;
  message = new_request (address, base_url, client_cert, token, etag, error);
  if (message == NULL)
    return NULL;

  body = soup_session_send_and_read (soup, message, cancellable, &local);
  if (body == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED, _("The platform at %s cannot be reached: %s"),
                   base_url, local->message);
      return NULL;
    }
  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_NOT_MODIFIED)
    _ea_store_set_setting (store, "platform_not_before", "", NULL);
  if (status == SOUP_STATUS_NOT_MODIFIED)
    return result_nothing_new (address, since, dry_run);
  if (status != SOUP_STATUS_OK)
    {
      remember_retry_after (store, message);
      refuse_status (message, base_url, error);
      return NULL;
    }
  result = import_answer (session, body, address, dry_run, cancellable, error);
  if (result == NULL)
    return NULL;

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

void
ea_platform_config_free (EaPlatformConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->url);
  g_free (config->ca_file);
  g_free (config->client_cert);
  g_free (config);
}

/**
 * ea_platform_config_load:
 * @session: a session with the right to import
 * @error: a #GError
 *
 * Returns: (transfer full): the platform's settings; url is %NULL when the
 *   platform is not set up
 */
EaPlatformConfig *
ea_platform_config_load (EaSession  *session,
                         GError    **error)
{
  EaStore *store;
  EaPlatformConfig *config;
  g_autofree char *interval = NULL;
  g_autofree char *at_start = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error))
    return NULL;
  store = ea_session_get_store (session);
  config = g_new0 (EaPlatformConfig, 1);
  config->url = _ea_store_dup_setting (store, "platform_url");
  config->ca_file = _ea_store_dup_setting (store, "platform_ca_file");
  config->client_cert = _ea_store_dup_setting (store, "platform_client_cert");
  interval = _ea_store_dup_setting (store, "platform_interval_minutes");
  at_start = _ea_store_dup_setting (store, "platform_fetch_at_start");
  config->interval_minutes = interval != NULL ? (guint) g_ascii_strtoull (interval, NULL, 10) : 0;
  config->at_start = g_strcmp0 (at_start, "1") == 0;
  if (config->url != NULL && config->url[0] == '\0')
    g_clear_pointer (&config->url, g_free);
  if (config->ca_file != NULL && config->ca_file[0] == '\0')
    g_clear_pointer (&config->ca_file, g_free);
  if (config->client_cert != NULL && config->client_cert[0] == '\0')
    g_clear_pointer (&config->client_cert, g_free);
  return config;
}

/* The settings as they are saved: no surrounding blanks, "" for none. */
static EaPlatformConfig *
config_trimmed (const EaPlatformConfig *config)
{
  EaPlatformConfig *trimmed = g_new0 (EaPlatformConfig, 1);

  trimmed->url = g_strstrip (g_strdup (config->url != NULL ? config->url : ""));
  trimmed->ca_file = g_strstrip (g_strdup (config->ca_file != NULL ? config->ca_file : ""));
  trimmed->client_cert = g_strstrip (g_strdup (config->client_cert != NULL ? config->client_cert
                                                                          : ""));
  trimmed->interval_minutes = config->interval_minutes;
  trimmed->at_start = config->at_start;
  return trimmed;
}

static gboolean
check_trimmed (const EaPlatformConfig  *config,
               GError                 **error)
{
  const char *url = config->url, *ca_file = config->ca_file, *client_cert = config->client_cert;

  if (url[0] != '\0')
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      if (!check_url (uri, url, error))
        return FALSE;
    }
  if (config->interval_minutes != 0 &&
      (config->interval_minutes < 5 || config->interval_minutes > 1440))
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("Fetch every 5 to 1440 minutes, or 0 for by hand only."));
      return FALSE;
    }
  if (ca_file[0] != '\0' && !g_file_test (ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("The CA file “%s” does not exist; leave it empty to trust the system's "
                     "certificate authorities."), ca_file);
      return FALSE;
    }
  if (client_cert[0] != '\0')
    {
      g_autoptr(GTlsCertificate) certificate = load_client_certificate (client_cert, error);

      if (certificate == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * ea_platform_config_check:
 * @config: the platform's settings
 * @error: a #GError: which setting is wrong and why
 *
 * Checks the settings without saving them, e.g. before the token goes to
 * the keyring.
 *
 * Returns: %TRUE when ea_platform_config_save() would take them
 */
gboolean
ea_platform_config_check (const EaPlatformConfig  *config,
                          GError                 **error)
{
  g_autoptr(EaPlatformConfig) trimmed = config_trimmed (config);

  return check_trimmed (trimmed, error);
}

/**
 * ea_platform_config_save:
 * @session: an administrator's session (the right to change settings)
 * @config: the settings; an empty url turns fetching from the platform off
 * @error: a #GError: which setting is wrong and why
 *
 * Returns: %TRUE when saved (and audited); else nothing is changed
 */
gboolean
ea_platform_config_save (EaSession               *session,
                         const EaPlatformConfig  *config,
                         GError                 **error)
{
  g_autoptr(EaPlatformConfig) trimmed = config_trimmed (config);
  g_autofree char *interval = g_strdup_printf ("%u", config->interval_minutes);
  const char *keys[] = { "platform_url", "platform_ca_file", "platform_client_cert",
                         "platform_interval_minutes", "platform_fetch_at_start", NULL };
  const char *values[] = { trimmed->url, trimmed->ca_file, trimmed->client_cert, interval,
                           config->at_start ? "1" : "0" };

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_SETTINGS, 0, error))
    return FALSE;
  if (!check_trimmed (trimmed, error))
    return FALSE;
  return _ea_change_settings (session, EA_RIGHT_SETTINGS, keys, values, error);
}

/* The token in the desktop's keyring (Secret Service), by the platform's
 * address: never in the database or a file. */
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "de.eakte.PlatformToken", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

static void
keyring_error (GError **error,
               GError  *cause)
{
  g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
               _("The keyring cannot be used (%s): sign in to a desktop with a keyring, or give "
                 "the token as EAKTE_PLATFORM_TOKEN."), cause->message);
}

/**
 * ea_platform_store_token:
 * @url: the platform's address
 * @token: (nullable): the bearer token; %NULL or empty removes it
 * @cancellable: (nullable): a #GCancellable
 * @error: a #GError
 *
 * Keeps the token in the keyring; blocks while the keyring answers.
 *
 * Returns: %TRUE when kept (or removed)
 */
gboolean
ea_platform_store_token (const char    *url,
                         const char    *token,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *label = g_strdup_printf (_("E-Akte: token of the platform %s"), url);

  if (token == NULL || token[0] == '\0')
    {
      secret_password_clear_sync (token_schema (), cancellable, &local, "url", url, NULL);
    }
  else
    secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                cancellable, &local, "url", url, NULL);
  if (local != NULL)
    {
      keyring_error (error, local);
      return FALSE;
    }
  return TRUE;
}

/**
 * ea_platform_lookup_token:
 * @url: the platform's address
 * @cancellable: (nullable): a #GCancellable
 * @error: a #GError: the keyring cannot be used
 *
 * Returns: (transfer full) (nullable): the token kept for @url, or %NULL
 *   (with @error unset when none is kept)
 */
char *
ea_platform_lookup_token (const char    *url,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GError) local = NULL;
  char *secret = secret_password_lookup_sync (token_schema (), cancellable, &local, "url", url,
                                              NULL);
  char *token;

  if (local != NULL)
    {
      keyring_error (error, local);
      return NULL;
    }
  token = g_strdup (secret);
  secret_password_free (secret);
  return token;
}
