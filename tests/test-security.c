/* test-security.c: what must not be let in or out
 *
 * - A server whose TLS certificate does not validate (self-signed) fails
 *   the request with a G_TLS_ERROR, not retried, never silently accepted;
 *   GqRestSource accepts it only when told to trust exactly that
 *   certificate.
 * - The persisted cache and mutation queue are 0600 in a 0700 folder and
 *   hold no Authorization header or token.
 * - The demo server binds loopback unless told otherwise and refuses a
 *   body over its cap with a JSON 413.
 *
 * The certificates are test-only, self-signed, in tests/data/.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "gq-test-http.h"
#include "gq-demo-router.h"
#include "gq-demo-server.h"

/* Under AddressSanitizer: LeakSanitizer's tracer crashes on the dynamic
 * TLS of the TLS backend glib-networking loads (GnuTLS) unless it leaves
 * __tls_get_addr alone. Leaks are still checked. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

#define SECRET_TOKEN "s3cr3t-t0ken-never-on-disk"

static void
ok_handler (SoupServer        *soup_server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  gq_test_http_respond (message, 200, "[{\"id\": 1}]");
}

static GTlsCertificate *
load_certificate (const char *name,
                  gboolean    with_key)
{
  g_autofree char *cert_file = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  if (with_key)
    {
      /* test-only-cert-N.pem goes with test-only-key-N.pem */
      g_autofree char *key_name = g_strconcat ("test-only-key-", strrchr (name, '-') + 1, NULL);
      g_autofree char *key_file = g_test_build_filename (G_TEST_DIST, "data", key_name, NULL);

      certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
    }
  else
    {
      certificate = g_tls_certificate_new_from_file (cert_file, &error);
    }

  g_assert_no_error (error);
  g_assert_nonnull (certificate);

  return certificate;
}

static GqTestHttpServer *
start_https_server (void)
{
  g_autoptr(GTlsCertificate) certificate = load_certificate ("test-only-cert-1.pem", TRUE);
  GqTestHttpServer *server = gq_test_http_server_new ();

  gq_test_http_server_set_tls_certificate (server, certificate);
  gq_test_http_server_add_handler (server, "/todos", ok_handler, NULL);
  gq_test_http_server_start (server);
  g_assert_true (g_str_has_prefix (gq_test_http_server_get_uri (server), "https://127.0.0.1:"));

  return server;
}

/* GET /todos through the source: the body, or NULL and @error. */
static JsonNode *
get_todos (GqRestSource  *source,
           GError       **error)
{
  g_autoptr(JsonNode) key = gq_key_new ("todos", NULL);
  GqTestAsync async = { 0 };
  JsonNode *body;

  gq_rest_source_request_async (source, "GET", key, NULL, NULL, gq_test_async_callback, &async);
  gq_test_http_wait_for (async.done);
  body = gq_rest_source_request_finish (source, async.result, error);
  gq_test_async_clear (&async);

  return body;
}

static GqRestSource *
new_source (GqTestHttpServer *server)
{
  g_autofree char *base = g_strconcat (gq_test_http_server_get_uri (server), "/", NULL);

  return gq_rest_source_new (base);
}

/* A self-signed certificate is an error, with a message that says so, and
 * no retry helps. */
static void
test_tls_self_signed_rejected (void)
{
  g_autoptr(GqTestHttpServer) server = start_https_server ();
  g_autoptr(GqRestSource) source = new_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_assert_null (gq_rest_source_get_trusted_certificate (source));
  body = get_todos (source, &error);

  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (error->message, "TLS certificate rejected"));
  g_assert_nonnull (strstr (error->message, "GET https://127.0.0.1:"));
  g_assert_false (gq_http_error_is_retryable (error));
  g_assert_false (gq_rest_source_retry_func (0, error, source));
  /* The handshake failed: no request reached the handler. */
  g_assert_cmpuint (gq_test_http_server_count (server), ==, 0);
}

/* Trusting that very certificate lets the requests through. */
static void
test_tls_trusted_certificate (void)
{
  g_autoptr(GqTestHttpServer) server = start_https_server ();
  g_autoptr(GqRestSource) source = new_source (server);
  g_autoptr(GTlsCertificate) certificate = load_certificate ("test-only-cert-1.pem", FALSE);
  g_autoptr(GTlsCertificate) property = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  gq_rest_source_trust_certificate (source, certificate);
  g_assert_true (gq_rest_source_get_trusted_certificate (source) == certificate);
  g_object_get (source, "trusted-certificate", &property, NULL);
  g_assert_true (property == certificate);

  body = get_todos (source, &error);
  g_assert_no_error (error);
  gq_assert_json (body, "[{\"id\": 1}]");
  g_assert_cmpuint (gq_test_http_server_count (server), ==, 1);
  g_clear_pointer (&body, json_node_unref);

  /* And forgetting it makes the certificate an error again (on a new
   * connection: libsoup keeps the accepted one alive). */
  gq_rest_source_trust_certificate (source, NULL);
  g_assert_null (gq_rest_source_get_trusted_certificate (source));
  g_clear_object (&source);
  source = new_source (server);
  body = get_todos (source, &error);
  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

/* Trusting another certificate does not open the door to this one. */
static void
test_tls_other_certificate_rejected (void)
{
  g_autoptr(GqTestHttpServer) server = start_https_server ();
  g_autoptr(GqRestSource) source = new_source (server);
  g_autoptr(GTlsCertificate) other = load_certificate ("test-only-cert-2.pem", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  gq_rest_source_trust_certificate (source, other);
  body = get_todos (source, &error);

  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (gq_test_http_server_count (server), ==, 0);
}

/* A query against that server fails once, with the TLS error. */
static void
test_tls_query_fails (void)
{
  g_autoptr(GqTestHttpServer) server = start_https_server ();
  g_autoptr(GqRestSource) source = new_source (server);
  g_autoptr(GqQueryClient) client = gq_query_client_new ();
  g_autoptr(JsonNode) key = gq_key_new ("todos", NULL);
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  const GError *error;

  gq_rest_source_install (source, client);
  gq_query_options_set_retry_delay (options, 0);
  observer = gq_query_observer_new (client, options);
  gq_query_observer_subscribe (observer);

  result = gq_query_observer_get_current_result (observer);
  while (gq_query_result_get_status (result) == GQ_QUERY_STATUS_PENDING)
    {
      gq_test_http_iterate (g_get_monotonic_time () + GQ_TEST_HTTP_TIMEOUT);
      g_clear_pointer (&result, gq_query_result_unref);
      result = gq_query_observer_get_current_result (observer);
    }

  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_ERROR);
  error = gq_query_result_get_error (result);
  g_assert_error ((GError *) error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_query_client_clear (client);
}

/* A paused mutation and cached data of a source with a token: the file
 * is the user's alone and the token is not in it. */
static void
test_persisted_files_private (void)
{
  g_autoptr(GqTestHttpServer) server = gq_test_http_server_new ();
  g_autoptr(GqRestSource) source = NULL;
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (NULL);
  g_autoptr(GqFocusManager) focus = gq_focus_manager_new ();
  g_autoptr(GqQueryClient) client = NULL;
  g_autoptr(GqFilePersister) persister = NULL;
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("todos", NULL);
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (key);
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(JsonNode) variables = json_from_string ("{\"title\": \"private\"}", NULL);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gq-security-XXXXXX", &error);
  g_autofree char *folder = g_build_filename (dir, "cache", NULL);
  g_autofree char *path = g_build_filename (folder, "gquery-cache.json", NULL);
  g_autofree char *text = NULL;
  GqTestAsync async = { 0 };
  GStatBuf st;

  g_assert_no_error (error);
  gq_test_http_server_add_handler (server, "/todos", ok_handler, NULL);
  gq_test_http_server_start (server);
  source = new_source (server);
  gq_rest_source_set_auth_token (source, SECRET_TOKEN);

  /* The token is real: it goes out on the wire. */
  body = get_todos (source, &error);
  g_assert_no_error (error);
  request = gq_test_http_server_get_request (server, 0);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer " SECRET_TOKEN);

  gq_focus_manager_set_focused (focus, TRUE);
  gq_online_manager_set_online (online, FALSE);
  client = gq_query_client_new_full (NULL, focus, online);
  gq_rest_source_install (source, client);
  gq_rest_source_setup_mutation_options (source, options, "POST");
  persister = gq_file_persister_new (path);
  controller = gq_persist_controller_new (client, GQ_PERSISTER (persister));

  json_node_unref (gq_query_client_set_query_data (client, key, body, 0));
  observer = gq_mutation_observer_new (client, options);
  gq_mutation_observer_mutate (observer, variables, NULL, NULL, NULL);
  gq_test_http_wait_for (gq_query_client_is_mutating (client, NULL) == 1);

  gq_persist_controller_flush_async (controller, NULL, gq_test_async_callback, &async);
  gq_test_http_wait_for (async.done);
  g_assert_true (gq_persist_controller_flush_finish (controller, async.result, &error));
  g_assert_no_error (error);
  gq_test_async_clear (&async);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  /* What was meant to be saved is there... */
  g_assert_nonnull (strstr (text, "\"private\""));
  g_assert_nonnull (strstr (text, "idempotencyKey"));
  /* ...and no secret. */
  g_assert_null (strstr (text, SECRET_TOKEN));
  g_assert_null (strstr (text, "Bearer"));
  g_assert_null (g_strstr_len (text, -1, "uthorization"));

  g_clear_object (&observer);
  g_clear_object (&controller);
  gq_query_client_clear (client);
  g_unlink (path);
  g_rmdir (folder);
  g_rmdir (dir);
}

/* Without a host, the demo server listens on loopback only. */
static void
test_demo_server_loopback (void)
{
  g_autoptr(GqDemoServer) server = gq_demo_server_new (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  g_assert_true (gq_demo_server_start (server, NULL, 0, &error));
  g_assert_no_error (error);
  base = gq_demo_server_dup_base_uri (server);
  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));
  gq_demo_server_stop (server);
}

/* A body over the cap: 413, as JSON, and nothing written. */
static void
test_demo_server_body_cap (void)
{
  g_autoptr(GqDemoServer) server = gq_demo_server_new (1);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) json = NULL;
  gsize size = GQ_DEMO_MAX_BODY_SIZE + 1;
  char *data = g_malloc (size);

  /* Valid JSON of the wrong size: the size alone is refused. */
  memset (data, ' ', size);
  memcpy (data, "{\"title\": \"x\"}", strlen ("{\"title\": \"x\"}"));
  body = g_bytes_new_take (data, size);

  g_assert_true (gq_demo_server_start (server, NULL, 0, &error));
  base = gq_demo_server_dup_base_uri (server);
  uri = g_strconcat (base, "tasks", NULL);
  message = soup_message_new ("POST", uri);
  soup_message_set_request_body_from_bytes (message, "application/json", body);

  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 413);
  json = json_from_string (g_bytes_get_data (reply, NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "status"), ==, 413);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (json), "error"),
                            "larger than"));

  gq_demo_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Security/tls/self-signed-rejected", test_tls_self_signed_rejected);
  g_test_add_func ("/Gq/Security/tls/trusted-certificate", test_tls_trusted_certificate);
  g_test_add_func ("/Gq/Security/tls/other-certificate-rejected", test_tls_other_certificate_rejected);
  g_test_add_func ("/Gq/Security/tls/query-fails", test_tls_query_fails);
  g_test_add_func ("/Gq/Security/persist/files-private", test_persisted_files_private);
  g_test_add_func ("/Gq/Security/demo-server/loopback", test_demo_server_loopback);
  g_test_add_func ("/Gq/Security/demo-server/body-cap", test_demo_server_body_cap);

  return g_test_run ();
}
