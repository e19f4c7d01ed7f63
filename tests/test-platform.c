/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <libsoup/soup.h>

#include "eakte-core.h"
#include "ea-store-private.h"
#include "ea-accounts-private.h"
#include "ea-test-util.h"

/* The platform protocol against a real SoupServer on 127.0.0.1, over HTTP
 * and over HTTPS with a test CA: 200, 304 with the ETag, 401, 503 with
 * Retry-After, and the cursor, which advances only with a commit. The
 * server runs in a thread of its own, as the client waits for it. */

typedef struct
{
  GMutex      lock;
  guint       status;      /* what to answer; 200 by default */
  char       *body_path;
  const char *retry_after;
  char       *seen_since;  /* what the last request asked for */
  char       *seen_ags;
  char       *seen_auth;
  char       *seen_etag;
  guint       requests;
  gboolean    client_auth;  /* the office known by its certificate */
} Platform;

static EaStore *store;
static EaSession *admin;
static Platform platform;
static char *sample;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *auth = soup_message_headers_get_one (request, "Authorization");
  const char *etag = soup_message_headers_get_one (request, "If-None-Match");
  g_autofree char *body = NULL;
  g_autofree char *tag = NULL;
  gsize length = 0;

  g_mutex_lock (&platform.lock);
  platform.requests++;
  g_free (platform.seen_since);
  g_free (platform.seen_ags);
  g_free (platform.seen_auth);
  g_free (platform.seen_etag);
  platform.seen_since = g_strdup (query ? g_hash_table_lookup (query, "seit") : NULL);
  platform.seen_ags = g_strdup (query ? g_hash_table_lookup (query, "ags") : NULL);
  platform.seen_auth = g_strdup (auth);
  platform.seen_etag = g_strdup (etag);

  if (!g_str_equal (path, "/feed/zuweisungen"))
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
  else if (platform.client_auth
           ? soup_server_message_get_tls_peer_certificate (msg) == NULL ||
             soup_server_message_get_tls_peer_certificate_errors (msg) != 0
           : g_strcmp0 (auth, "Bearer geheim") != 0)
    soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  else if (platform.status != SOUP_STATUS_OK)
    {
      soup_server_message_set_status (msg, platform.status, NULL);
      if (platform.retry_after != NULL)
        soup_message_headers_append (response, "Retry-After", platform.retry_after);
    }
  else
    {
      g_assert_true (g_file_get_contents (platform.body_path, &body, &length, NULL));
      tag = g_compute_checksum_for_data (G_CHECKSUM_SHA1, (guchar *) body, length);
      if (g_strcmp0 (etag, tag) == 0)
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      else
        {
          soup_message_headers_append (response, "ETag", tag);
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, body,
                                            length);
        }
    }
  g_mutex_unlock (&platform.lock);
}

static GMainLoop *server_loop;
static GThread *server_thread;

static gpointer
serve (gpointer data)
{
  GMainLoop *loop = data;

  g_main_context_push_thread_default (g_main_loop_get_context (loop));
  g_main_loop_run (loop);
  g_main_context_pop_thread_default (g_main_loop_get_context (loop));
  return NULL;
}

/* The server's thread ends before the next test (and before the process
 * does, which the leak checker needs). */
static void
stop_server (SoupServer *server)
{
  soup_server_disconnect (server);
  g_main_loop_quit (server_loop);
  g_thread_join (server_thread);
  g_clear_pointer (&server_loop, g_main_loop_unref);
  g_object_unref (server);
}

/* A server listening on 127.0.0.1, its base address in @base. */
static SoupServer *
start_server_full (gboolean   https,
                   gboolean   client_auth,
                   char     **base);

static SoupServer *
start_server (gboolean   https,
              char     **base)
{
  return start_server_full (https, FALSE, base);
}

/* The server decides on the office's certificate in its handler (it sees
 * the verification's result there), so the handshake lets it through. */
static gboolean
accept_office_cb (SoupServerMessage    *msg,
                  GTlsCertificate      *certificate,
                  GTlsCertificateFlags  errors,
                  gpointer              data)
{
  return TRUE;
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           data)
{
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_office_cb), NULL);
}

static SoupServer *
start_server_full (gboolean   https,
                   gboolean   client_auth,
                   char     **base)
{
  GMainContext *context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  SoupServer *server;
  GSList *uris;

  if (https)
    {
      g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data",
                                                    "platform-cert-and-key.pem", NULL);

      certificate = g_tls_certificate_new_from_file (pem, &error);
      g_assert_no_error (error);
    }
  g_main_context_push_thread_default (context);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  if (client_auth)
    {
      g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "test-ca.pem", NULL);
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca, &error);

      g_assert_no_error (error);
      soup_server_set_tls_database (server, database);
      soup_server_set_tls_auth_mode (server, G_TLS_AUTHENTICATION_REQUESTED);
      g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), NULL);
    }
  g_mutex_lock (&platform.lock);
  platform.client_auth = client_auth;
  g_mutex_unlock (&platform.lock);
  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  g_assert_true (soup_server_listen (server, address,
                                     https ? SOUP_SERVER_LISTEN_HTTPS : 0, &error));
  g_assert_no_error (error);
  g_main_context_pop_thread_default (context);
  uris = soup_server_get_uris (server);
  {
    g_autofree char *uri = g_uri_to_string (uris->data);

    *base = g_strdup_printf ("%sfeed", uri);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  server_loop = g_main_loop_new (context, FALSE);
  g_main_context_unref (context);
  server_thread = g_thread_new ("platform", serve, server_loop);
  return server;
}

static int
count (const char *sql)
{
  return ea_test_query_int (store, sql);
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  store = ea_test_new_store ("08315000");
  admin = ea_session_login (store, "admin", "geheim123", &error);
  g_assert_no_error (error);
  g_mutex_lock (&platform.lock);
  platform.status = SOUP_STATUS_OK;
  platform.retry_after = NULL;
  g_free (platform.body_path);
  platform.body_path = g_strdup (sample);
  g_mutex_unlock (&platform.lock);
}

static void
teardown (void)
{
  g_clear_object (&admin);
  g_clear_object (&store);
}

static void
set_answer (guint       status,
            const char *retry_after)
{
  g_mutex_lock (&platform.lock);
  platform.status = status;
  platform.retry_after = retry_after;
  g_mutex_unlock (&platform.lock);
}

/* 200, then 304 with the ETag and the cursor; 401; 503 with Retry-After
 * leaves the cursor where it was. */
static void
test_http (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  SoupServer *server = start_server (FALSE, &base);
  g_autoptr(EaImportResult) first = NULL;
  g_autoptr(EaImportResult) again = NULL;
  g_autoptr(EaImportResult) after = NULL;
  EaImportResult *refused;
  g_autofree char *tag = NULL;

  setup ();
  /* The token wrong: refused, nothing changed. */
  refused = ea_platform_fetch (admin, base, "falsch", NULL, FALSE, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, EA_ERROR, EA_ERROR_AUTH);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count (*) FROM persons"), ==, 0);

  /* Busy: the message says when to try again; the cursor stays at 0. */
  set_answer (SOUP_STATUS_SERVICE_UNAVAILABLE, "120");
  refused = ea_platform_fetch (admin, base, "geheim", NULL, FALSE, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, EA_ERROR, EA_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "120"));
  g_clear_error (&error);
  set_answer (SOUP_STATUS_OK, NULL);
  /* Honoured: not asked again within those 120 seconds. */
  {
    guint requests = platform.requests;

    refused = ea_platform_fetch (admin, base, "geheim", NULL, FALSE, NULL, &error);
    g_assert_null (refused);
    g_assert_error (error, EA_ERROR, EA_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "Retry-After"));
    g_clear_error (&error);
    g_assert_cmpuint (platform.requests, ==, requests);
  }
  /* Once the time has passed, asked again (the test moves the clock). */
  _ea_store_set_setting (store, "platform_not_before", "2020-01-01T00:00:00Z", &error);
  g_assert_no_error (error);

  /* A dry run changes nothing, not even the ETag. */
  after = ea_platform_fetch (admin, base, "geheim", NULL, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->created, ==, 5);
  g_assert_cmpint (count ("SELECT count (*) FROM persons"), ==, 0);
  tag = _ea_store_dup_setting (store, "platform_etag");
  g_assert_null (tag);

  first = ea_platform_fetch (admin, base, "geheim", NULL, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->created, ==, 5);
  g_assert_cmpstr (platform.seen_since, ==, "0");
  g_assert_cmpstr (platform.seen_ags, ==, "08315000");
  g_assert_cmpstr (platform.seen_auth, ==, "Bearer geheim");
  g_assert_null (platform.seen_etag);
  g_assert_true (g_str_has_prefix (first->source, base));
  g_assert_cmpint (count ("SELECT count (*) FROM import_runs WHERE sequence = 41 "
                          "AND kind = 'platform' AND source LIKE 'http://127.0.0.1:%'"), ==, 1);

  /* Asked again: from number 41 on, with the ETag; 304 is nothing new. */
  again = ea_platform_fetch (admin, base, "geheim", NULL, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (platform.seen_since, ==, "41");
  g_assert_nonnull (platform.seen_etag);
  g_assert_true (again->repeated);
  g_assert_cmpuint (again->created, ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM persons"), ==, 5);
  teardown ();
  stop_server (server);
}

/* HTTPS: trusted through the test CA; without it the certificate is
 * refused. Plain HTTP only on this computer. */
static void
test_https (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  SoupServer *server = start_server (TRUE, &base);
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "test-ca.pem", NULL);
  g_autoptr(EaImportResult) result = NULL;
  EaImportResult *refused;

  setup ();
  g_assert_true (g_str_has_prefix (base, "https://127.0.0.1:"));
  refused = ea_platform_fetch (admin, base, "geheim", NULL, FALSE, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, EA_ERROR, EA_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  result = ea_platform_fetch (admin, base, "geheim", ca, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->created, ==, 5);

  refused = ea_platform_fetch (admin, "http://plattform.example/feed", "geheim", NULL, FALSE,
                               NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  refused = ea_platform_fetch (admin, base, "geheim", "/nonexistent/ca.pem", FALSE, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  teardown ();
  stop_server (server);
}

/* A refused document from the platform: nothing stored, neither the
 * persons nor the ETag, and the cursor stays. */
static void
test_refused_answer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  SoupServer *server = start_server (FALSE, &base);
  g_autofree char *text = NULL;
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *other = g_build_filename (dir, "anderes-amt.xml", NULL);
  g_autofree char *tag = NULL;
  EaImportResult *refused;

  setup ();
  g_assert_true (g_file_get_contents (sample, &text, NULL, NULL));
  {
    g_autoptr(GString) s = g_string_new (text);

    g_string_replace (s, "<ags>08315000", "<ags>09162000", 1);
    g_assert_true (g_file_set_contents (other, s->str, -1, NULL));
  }
  g_mutex_lock (&platform.lock);
  g_free (platform.body_path);
  platform.body_path = g_strdup (other);
  g_mutex_unlock (&platform.lock);
  refused = ea_platform_fetch (admin, base, "geheim", NULL, FALSE, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "09162000"));
  tag = _ea_store_dup_setting (store, "platform_etag");
  g_assert_null (tag);
  g_assert_cmpint (count ("SELECT count (*) FROM import_runs"), ==, 0);
  teardown ();
  stop_server (server);
}

/* The office known by its TLS client certificate instead of a token:
 * without it the platform does not talk; with it the import runs. */
static void
test_client_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "test-ca.pem", NULL);
  g_autofree char *office = g_test_build_filename (G_TEST_DIST, "data", "office-cert-and-key.pem",
                                                   NULL);
  SoupServer *server = start_server_full (TRUE, TRUE, &base);
  g_autoptr(EaImportResult) result = NULL;
  EaImportResult *refused;

  setup ();
  refused = ea_platform_fetch_full (admin, base, NULL, ca, NULL, FALSE, NULL, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count (*) FROM persons"), ==, 0);

  /* Not a certificate with its key: named, nothing asked. */
  refused = ea_platform_fetch_full (admin, base, NULL, ca, ca, FALSE, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "test-ca.pem"));
  g_clear_error (&error);

  result = ea_platform_fetch_full (admin, base, NULL, ca, office, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->created, ==, 5);
  g_assert_null (platform.seen_auth);
  teardown ();
  stop_server (server);
}

/* The application's platform settings: checked, saved by administrators
 * only, audited; the token goes to the keyring, never to the database. */
static void
test_config (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPlatformConfig) empty = NULL;
  g_autoptr(EaPlatformConfig) loaded = NULL;
  g_autoptr(EaSession) housing = NULL;
  g_autofree char *token = NULL;
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "test-ca.pem", NULL);
  g_autofree char *office = g_test_build_filename (G_TEST_DIST, "data", "office-cert-and-key.pem",
                                                   NULL);
  EaPlatformConfig config = { .url = (char *) "https://plattform.example/api", .ca_file = ca,
                              .client_cert = office, .interval_minutes = 15, .at_start = TRUE };
  EaPlatformConfig bad_url = { .url = (char *) "ftp://plattform.example", .interval_minutes = 15 };
  EaPlatformConfig bad_interval = { .url = (char *) "https://plattform.example/api",
                                    .interval_minutes = 2 };
  EaPlatformConfig bad_ca = { .url = (char *) "https://plattform.example/api",
                              .ca_file = (char *) "/nicht/da.pem" };
  EaPlatformConfig bad_cert = { .url = (char *) "https://plattform.example/api",
                                .client_cert = ca };
  const EaPlatformConfig *refused[] = { &bad_url, &bad_interval, &bad_ca, &bad_cert };
  const char *reasons[] = { "https://", "1440", "nicht/da.pem", "test-ca.pem" };
  gint64 admin_id;

  setup ();
  empty = ea_platform_config_load (admin, &error);
  g_assert_no_error (error);
  g_assert_null (empty->url);
  g_assert_cmpuint (empty->interval_minutes, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (ea_platform_config_save (admin, refused[i], &error));
      g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, reasons[i]));
      g_clear_error (&error);
    }
  admin_id = count ("SELECT id FROM users WHERE login = 'admin'");
  g_assert_cmpint (_ea_accounts_create_user (store, admin_id, "verwaltung", "Verwaltung",
                                             "geheim123", "housing", &error), >, 0);
  housing = ea_session_login (store, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
  g_assert_false (ea_platform_config_save (housing, &config, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count (*) FROM settings WHERE key LIKE 'platform_url'"), ==, 0);

  g_assert_true (ea_platform_config_save (admin, &config, &error));
  g_assert_no_error (error);
  loaded = ea_platform_config_load (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->url, ==, "https://plattform.example/api");
  g_assert_cmpstr (loaded->ca_file, ==, ca);
  g_assert_cmpstr (loaded->client_cert, ==, office);
  g_assert_cmpuint (loaded->interval_minutes, ==, 15);
  g_assert_true (loaded->at_start);
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE action = 'change' "
                          "AND detail LIKE 'platform_url=%'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM settings WHERE value LIKE '%geheim%'"), ==, 0);

  /* The keyring: kept and found again where there is one; where there is
   * none (as on a build server), a message that names the way out. */
  if (ea_platform_store_token ("https://plattform.example/api", "geheim-token", NULL, &error))
    {
      token = ea_platform_lookup_token ("https://plattform.example/api", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (token, ==, "geheim-token");
      g_assert_true (ea_platform_store_token ("https://plattform.example/api", NULL, NULL,
                                              &error));
    }
  else
    {
      g_assert_error (error, EA_ERROR, EA_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "EAKTE_PLATFORM_TOKEN"));
    }
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  int ret;

  /* No system proxy settings in the tests (they need GNOME's schemas). */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ea_test_pin_clock (EA_TEST_NOW);
  g_mutex_init (&platform.lock);
  sample = g_test_build_filename (G_TEST_DIST, "data", "beispiel-zuweisung.xml", NULL);

  g_test_add_func ("/platform/http", test_http);
  g_test_add_func ("/platform/https", test_https);
  g_test_add_func ("/platform/refused-answer", test_refused_answer);
  g_test_add_func ("/platform/client-certificate", test_client_certificate);
  g_test_add_func ("/platform/config", test_config);

  ret = g_test_run ();
  g_free (sample);
  return ret;
}
