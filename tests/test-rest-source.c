/* test-rest-source.c: GqRestSource over real HTTP on loopback, against a
 * scripted SoupServer on its own thread: data, every error class, retries
 * and Retry-After, body limits, cancellation in the middle of a body, a
 * 50 MB body while the main loop keeps ticking, the token kept out of the
 * logs, and the three pagination styles
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <valgrind/valgrind.h>

#include "gq-test-http.h"

#include "gq-fetch-context-private.h"
#include "gq-mutation-context-private.h"
#include "gq-rest-private.h"

/* ---- scripted responses -------------------------------------------- */

typedef struct
{
  guint       status;
  const char *body;
  const char *header_name;
  const char *header_value;
  gboolean    drop;
} Step;

/* Serves the steps in order, the last one forever. */
typedef struct
{
  const Step *steps;
  guint       n_steps;
  gint        served;
} Script;

static void
script_handler (SoupServer        *soup_server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Script *script = user_data;
  guint served = g_atomic_int_add (&script->served, 1);
  const Step *step = &script->steps[MIN (served, script->n_steps - 1)];

  if (step->drop)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  gq_test_http_respond (message, step->status, step->body);
  if (step->header_name != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                  step->header_name, step->header_value);
}

#define SCRIPT(steps) { steps, G_N_ELEMENTS (steps), 0 }

/* A body of @size bytes, chunked or with a Content-Length. */
typedef struct
{
  GBytes   *bytes;
  gboolean  chunked;
} Blob;

static void
blob_handler (SoupServer        *soup_server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Blob *blob = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  soup_server_message_set_status (message, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  if (blob->chunked)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_append_bytes (body, blob->bytes);
  soup_message_body_complete (body);
}

/* A JSON array of @n_items objects with a long string each, @size bytes
 * or a little more. */
static GBytes *
make_items (guint n_items,
            gsize item_size)
{
  GString *text = g_string_sized_new (n_items * (item_size + 32) + 2);
  g_autofree char *filler = g_strnfill (item_size, 'x');

  g_string_append_c (text, '[');
  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (text, "%s{\"id\":%u,\"text\":\"%s\"}", i ? "," : "", i, filler);
  g_string_append_c (text, ']');

  return g_string_free_to_bytes (text);
}

/* Trickles a body that never ends, a chunk every 20 ms, until the client
 * goes away: the server notices on its next write. */
typedef struct
{
  gint     chunk_written;
  gint     finished;
  GSource *trickle;
} Slow;

static void
slow_wrote_chunk (SoupServerMessage *message,
                  Slow              *slow)
{
  g_atomic_int_set (&slow->chunk_written, 1);
}

static void
slow_finished (SoupServerMessage *message,
               Slow              *slow)
{
  g_source_destroy (slow->trickle);
  g_clear_pointer (&slow->trickle, g_source_unref);
  g_atomic_int_set (&slow->finished, 1);
}

static gboolean
slow_trickle (gpointer user_data)
{
  SoupServerMessage *message = user_data;

  soup_message_body_append (soup_server_message_get_response_body (message),
                            SOUP_MEMORY_STATIC, "4, ", 3);
  soup_server_message_unpause (message);

  return G_SOURCE_CONTINUE;
}

static void
slow_handler (SoupServer        *soup_server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Slow *slow = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_server_message_set_status (message, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  g_signal_connect (message, "wrote-chunk", G_CALLBACK (slow_wrote_chunk), slow);
  g_signal_connect (message, "finished", G_CALLBACK (slow_finished), slow);
  soup_message_body_append (soup_server_message_get_response_body (message),
                            SOUP_MEMORY_STATIC, "[1, 2, 3, ", 10);

  slow->trickle = g_timeout_source_new (20);
  g_source_set_callback (slow->trickle, slow_trickle, g_object_ref (message), g_object_unref);
  g_source_attach (slow->trickle, g_main_context_get_thread_default ());
}

/* ---- fixtures --------------------------------------------------------- */

typedef struct
{
  GqTestEnv         env;
  GqTestHttpServer *server;
  GqRestSource     *source;
} Fixture;

static void
fixture_start (Fixture    *fixture,
               const char *base_path)
{
  g_autofree char *base = NULL;

  gq_test_http_server_start (fixture->server);
  base = g_strconcat (gq_test_http_server_get_uri (fixture->server), base_path, NULL);

  gq_test_env_init (&fixture->env);
  fixture->source = gq_rest_source_new (base);
  gq_rest_source_install (fixture->source, fixture->env.client);
}

static void
fixture_clear (Fixture *fixture)
{
  gq_test_env_clear (&fixture->env);
  g_assert_finalize_object (fixture->source);
  gq_test_http_server_free (fixture->server);
}

static GqQueryObserver *
observe (Fixture    *fixture,
         const char *key_text)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  GqQueryObserver *observer = gq_query_observer_new (fixture->env.client, options);

  gq_query_observer_subscribe (observer);

  return observer;
}

static GqQueryResult *
result_of (GqQueryObserver *observer)
{
  return gq_query_observer_get_current_result (observer);
}

static gboolean
is_settled (GqQueryObserver *observer)
{
  g_autoptr(GqQueryResult) result = result_of (observer);

  return gq_query_result_get_fetch_status (result) == GQ_FETCH_STATUS_IDLE &&
         gq_query_result_get_status (result) != GQ_QUERY_STATUS_PENDING;
}

static guint
failure_count (GqQueryObserver *observer)
{
  g_autoptr(GqQueryResult) result = result_of (observer);

  return gq_query_result_get_failure_count (result);
}

static GqFetchStatus
fetch_status (GqQueryObserver *observer)
{
  g_autoptr(GqQueryResult) result = result_of (observer);

  return gq_query_result_get_fetch_status (result);
}

static const char *
header (GqTestHttpRequest *request,
        const char        *name)
{
  return soup_message_headers_get_one (request->headers, name);
}

/* Runs the main context for a while without waiting on anything: lets a
 * request that should not exist show up. */
static void
spin (void)
{
  gint64 until = g_get_monotonic_time () + 50 * 1000;

  while (g_get_monotonic_time () < until)
    gq_test_http_iterate (G_MAXINT64);
}

/* ---- data -------------------------------------------------------------- */

static void
test_get_with_only_a_key (void)
{
  static const Step steps[] = { { 200, "[{\"id\": 1, \"title\": \"a\"}, {\"id\": 2, \"title\": \"b\"}]" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;

  gq_test_http_server_add_handler (fixture.server, "/todos", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"todos\", {\"q\": \"x y\", \"page\": 2}]");
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_SUCCESS);
  gq_assert_json (gq_query_result_get_data (result),
                  "[{\"id\": 1, \"title\": \"a\"}, {\"id\": 2, \"title\": \"b\"}]");
  g_assert_true (json_node_is_immutable (gq_query_result_get_data (result)));

  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);
  request = gq_test_http_server_get_request (fixture.server, 0);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/todos");
  g_assert_cmpstr (request->query, ==, "page=2&q=x%20y");
  g_assert_cmpstr (header (request, "Accept"), ==, "application/json");
  g_assert_null (header (request, "Authorization"));
  g_assert_null (header (request, "Idempotency-Key"));

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_base_uri_path (void)
{
  static const Step steps[] = { { 200, "{\"id\": 5}" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;

  gq_test_http_server_add_handler (fixture.server, "/api/v1", script_handler, &script);
  fixture_start (&fixture, "/api/v1/");

  observer = observe (&fixture, "[\"todos\", 5]");
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  gq_assert_json (gq_query_result_get_data (result), "{\"id\": 5}");
  request = gq_test_http_server_get_request (fixture.server, 0);
  g_assert_cmpstr (request->path, ==, "/api/v1/todos/5");
  g_assert_null (request->query);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_empty_body_is_null (void)
{
  static const Step steps[] = { { 204, NULL } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;

  gq_test_http_server_add_handler (fixture.server, "/nothing", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"nothing\"]");
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_nonnull (gq_query_result_get_data (result));
  g_assert_true (JSON_NODE_HOLDS_NULL (gq_query_result_get_data (result)));

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_keep_alive (void)
{
  static const Step steps[] = { { 200, "1" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) first = NULL;
  g_autoptr(GqQueryObserver) second = NULL;
  g_autoptr(GqTestHttpRequest) request_1 = NULL;
  g_autoptr(GqTestHttpRequest) request_2 = NULL;

  gq_test_http_server_add_handler (fixture.server, "/n", script_handler, &script);
  fixture_start (&fixture, "");

  first = observe (&fixture, "[\"n\", 1]");
  gq_test_http_wait_for (is_settled (first));
  second = observe (&fixture, "[\"n\", 2]");
  gq_test_http_wait_for (is_settled (second));

  /* The second request came over the first one's connection. */
  request_1 = gq_test_http_server_get_request (fixture.server, 0);
  request_2 = gq_test_http_server_get_request (fixture.server, 1);
  g_assert_cmpstr (request_2->path, ==, "/n/2");
  g_assert_cmpuint (request_1->remote_port, !=, 0);
  g_assert_cmpuint (request_1->remote_port, ==, request_2->remote_port);

  gq_query_observer_unsubscribe (first);
  gq_query_observer_unsubscribe (second);
  g_clear_object (&first);
  g_clear_object (&second);
  fixture_clear (&fixture);
}

/* With one connection to the host, a request waits in the source until the
 * one before it is done; cancelled while it waits, it ends at once without
 * reaching the server, and the next one still goes out in turn. */
static void
test_send_window (void)
{
  static const Step steps[] = { { 200, "1" } };
  Script script = SCRIPT (steps);
  Slow slow = { 0 };
  GqTestHttpServer *server = gq_test_http_server_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GCancellable) slow_cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) waiting_cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) slow_key = gq_test_json ("[\"slow\"]");
  g_autoptr(JsonNode) first_key = gq_test_json ("[\"n\", 1]");
  g_autoptr(JsonNode) second_key = gq_test_json ("[\"n\", 2]");
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync slow_async = { 0 };
  GqTestAsync cancelled_async = { 0 };
  GqTestAsync second_async = { 0 };
  GqRestSource *source;

  gq_test_http_server_add_handler (server, "/slow", slow_handler, &slow);
  gq_test_http_server_add_handler (server, "/n", script_handler, &script);
  gq_test_http_server_start (server);
  session = soup_session_new_with_options ("max-conns", 1, "max-conns-per-host", 1, NULL);
  source = gq_rest_source_new_with_session (gq_test_http_server_get_uri (server), session);

  gq_rest_source_request_async (source, "GET", slow_key, NULL, slow_cancellable,
                                gq_test_async_callback, &slow_async);
  gq_test_http_wait_for (g_atomic_int_get (&slow.chunk_written));
  gq_rest_source_request_async (source, "GET", first_key, NULL, waiting_cancellable,
                                gq_test_async_callback, &cancelled_async);
  gq_rest_source_request_async (source, "GET", second_key, NULL, NULL,
                                gq_test_async_callback, &second_async);
  spin ();
  g_assert_false (cancelled_async.done);
  g_assert_false (second_async.done);
  g_assert_cmpuint (gq_test_http_server_count (server), ==, 1);

  g_cancellable_cancel (waiting_cancellable);
  gq_test_http_wait_for (cancelled_async.done);
  data = gq_rest_source_request_finish (source, cancelled_async.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data);
  g_clear_error (&error);
  g_assert_false (slow_async.done);
  g_assert_false (second_async.done);
  g_assert_cmpuint (gq_test_http_server_count (server), ==, 1);

  g_cancellable_cancel (slow_cancellable);
  /* The server sees the client go away. */
  gq_test_http_wait_for (g_atomic_int_get (&slow.finished));
  gq_test_http_wait_for (slow_async.done && second_async.done);
  data = gq_rest_source_request_finish (source, slow_async.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  data = gq_rest_source_request_finish (source, second_async.result, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "1");

  g_assert_cmpuint (gq_test_http_server_count (server), ==, 2);
  request = gq_test_http_server_get_request (server, 1);
  g_assert_cmpstr (request->path, ==, "/n/2");

  gq_test_async_clear (&slow_async);
  gq_test_async_clear (&cancelled_async);
  gq_test_async_clear (&second_async);
  g_clear_object (&session);
  g_assert_finalize_object (source);
  gq_test_http_server_free (server);
}

static void
test_invalid_key_rejected (void)
{
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;

  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"todos\", true]");
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  g_assert_error ((GError *) gq_query_result_get_error (result), GQ_ERROR, GQ_ERROR_INVALID_KEY);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 1);
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 0);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

/* ---- HTTP errors and retries ------------------------------------------ */

static void
test_not_found_not_retried (void)
{
  static const Step steps[] = { { 404, "{\"message\": \"Todo 7 does not exist\"}" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  const GError *error;

  gq_test_http_server_add_handler (fixture.server, "/todos", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"todos\", 7]");
  gq_test_http_wait_for (is_settled (observer));
  gq_test_advance (&fixture.env, 60000);
  spin ();

  result = result_of (observer);
  error = gq_query_result_get_error (result);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_error ((GError *) error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Todo 7 does not exist");
  g_assert_cmpstr (gq_http_error_get_reason_phrase (error), ==, "Not Found");
  gq_assert_json (gq_http_error_get_body (error), "{\"message\": \"Todo 7 does not exist\"}");
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 1);
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_json_server_not_found (void)
{
  static const Step steps[] = { { 404, "{}" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  const GError *error;

  gq_test_http_server_add_handler (fixture.server, "/posts", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"posts\", 99]");
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  error = gq_query_result_get_error (result);
  g_assert_error ((GError *) error, GQ_HTTP_ERROR, 404);
  g_assert_cmpstr (error->message, ==, "HTTP 404 Not Found");
  g_assert_null (gq_http_error_get_server_message (error));
  gq_assert_json (gq_http_error_get_body (error), "{}");
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_server_error_retried (void)
{
  static const Step steps[] = {
    { 500, "<html>Internal error</html>" },
    { 502, "{\"error\": \"upstream down\"}" },
    { 200, "{\"ok\": true}" },
  };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) failing = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  const GError *reason;

  gq_test_http_server_add_handler (fixture.server, "/status", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"status\"]");
  gq_test_http_wait_for (failure_count (observer) == 1);

  failing = result_of (observer);
  reason = gq_query_result_get_failure_reason (failing);
  g_assert_error ((GError *) reason, GQ_HTTP_ERROR, GQ_HTTP_ERROR_INTERNAL);
  /* An HTML body has no message: the status speaks. */
  g_assert_cmpstr (reason->message, ==, "HTTP 500 Internal Server Error");
  g_assert_cmpint (gq_query_result_get_fetch_status (failing), ==, GQ_FETCH_STATUS_FETCHING);

  /* The backoff: 1 s, then 2 s. */
  gq_test_advance (&fixture.env, 999);
  spin ();
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);
  gq_test_advance (&fixture.env, 1);
  gq_test_http_wait_for (failure_count (observer) == 2);
  g_clear_pointer (&failing, gq_query_result_unref);
  failing = result_of (observer);
  g_assert_cmpstr (gq_query_result_get_failure_reason (failing)->message, ==, "upstream down");

  gq_test_advance (&fixture.env, 2000);
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_SUCCESS);
  gq_assert_json (gq_query_result_get_data (result), "{\"ok\": true}");
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 3);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_retry_after_honoured (void)
{
  static const Step steps[] = {
    { 503, "{\"message\": \"maintenance\"}", "Retry-After", "5" },
    { 200, "[1, 2, 3]" },
  };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) failing = NULL;
  g_autoptr(GqQueryResult) result = NULL;

  gq_test_http_server_add_handler (fixture.server, "/items", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"items\"]");
  gq_test_http_wait_for (failure_count (observer) == 1);
  failing = result_of (observer);
  g_assert_cmpint (gq_http_error_get_retry_after (gq_query_result_get_failure_reason (failing)), ==, 5000);

  /* Not after the 1 s backoff: after the 5 s the server asked for. */
  gq_test_advance (&fixture.env, 4999);
  spin ();
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);
  g_assert_cmpuint (failure_count (observer), ==, 1);

  gq_test_advance (&fixture.env, 1);
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  gq_assert_json (gq_query_result_get_data (result), "[1, 2, 3]");
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 2);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_timeout_and_rate_limit_retried (void)
{
  static const Step steps[] = {
    { 408, NULL },
    { 429, "{\"message\": \"slow down\"}" },
    { 200, "\"done\"" },
  };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;

  gq_test_http_server_add_handler (fixture.server, "/busy", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"busy\"]");
  gq_test_http_wait_for (failure_count (observer) == 1);
  gq_test_advance (&fixture.env, 1000);
  gq_test_http_wait_for (failure_count (observer) == 2);
  gq_test_advance (&fixture.env, 2000);
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  gq_assert_json (gq_query_result_get_data (result), "\"done\"");
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 3);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_long_retry_after_not_waited (void)
{
  static const Step steps[] = { { 429, "{\"message\": \"quota exceeded\"}", "Retry-After", "3600" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  const GError *error;

  gq_test_http_server_add_handler (fixture.server, "/quota", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"quota\"]");
  gq_test_http_wait_for (is_settled (observer));

  /* An hour is not worth holding the query for: it fails at once. */
  result = result_of (observer);
  error = gq_query_result_get_error (result);
  g_assert_error ((GError *) error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_TOO_MANY_REQUESTS);
  g_assert_cmpstr (error->message, ==, "quota exceeded");
  g_assert_cmpint (gq_http_error_get_retry_after (error), ==, 3600 * 1000);
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_query_retry_count_wins (void)
{
  static const Step steps[] = { { 503, NULL } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) key = gq_test_json ("[\"down\"]");
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;

  gq_test_http_server_add_handler (fixture.server, "/down", script_handler, &script);
  fixture_start (&fixture, "");

  gq_query_options_set_retry (options, 0);
  observer = gq_query_observer_new (fixture.env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  g_assert_error ((GError *) gq_query_result_get_error (result), GQ_HTTP_ERROR, 503);
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_dropped_connection_retried (void)
{
  static const Step steps[] = {
    { 0, NULL, NULL, NULL, TRUE },
    { 200, "{\"back\": true}" },
  };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) failing = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  const GError *reason;

  gq_test_http_server_add_handler (fixture.server, "/flaky", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"flaky\"]");
  gq_test_http_wait_for (failure_count (observer) == 1);

  failing = result_of (observer);
  reason = gq_query_result_get_failure_reason (failing);
  g_assert_error ((GError *) reason, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (reason->message, "GET http://127.0.0.1:"));

  gq_test_advance (&fixture.env, 1000);
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  gq_assert_json (gq_query_result_get_data (result), "{\"back\": true}");
  g_assert_cmpuint (g_atomic_int_get (&script.served), ==, 2);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

/* A loopback port nothing listens on. */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  g_socket_close (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_connection_refused (void)
{
  GqTestEnv env;
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(GqRestSource) source = gq_rest_source_new (base);
  g_autoptr(JsonNode) key = gq_test_json ("[\"todos\"]");
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;

  gq_test_env_init (&env);
  gq_rest_source_set_retry (source, 1);
  gq_rest_source_install (source, env.client);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_http_wait_for (failure_count (observer) == 1);
  gq_test_advance (&env, 1000);
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  g_assert_error ((GError *) gq_query_result_get_error (result), GQ_HTTP_ERROR, GQ_HTTP_ERROR_NETWORK);
  g_assert_true (strstr (gq_query_result_get_error (result)->message, base) != NULL);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 2);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* ---- bodies ----------------------------------------------------------- */

static void
test_malformed_json_not_retried (void)
{
  static const Step steps[] = { { 200, "{\"id\": 1,\n \"done\": tru }" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  const GError *error;
  g_autofree char *expected_prefix = NULL;

  gq_test_http_server_add_handler (fixture.server, "/bad", script_handler, &script);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"bad\"]");
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  error = gq_query_result_get_error (result);
  g_assert_error ((GError *) error, GQ_ERROR, GQ_ERROR_INVALID_JSON);
  expected_prefix = g_strdup_printf ("Invalid JSON in the response to GET %s/bad: ",
                                     gq_test_http_server_get_uri (fixture.server));
  g_assert_true (g_str_has_prefix (error->message, expected_prefix));
  /* Where it broke: line 2. */
  g_assert_nonnull (strstr (error->message, ":2:"));
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_parse_threshold (void)
{
  g_autoptr(GBytes) small_bytes = make_items (1, 10);
  g_autoptr(GBytes) large_bytes = make_items (20, 100);
  Blob small = { small_bytes, FALSE };
  Blob large = { large_bytes, FALSE };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) small_observer = NULL;
  g_autoptr(GqQueryObserver) large_observer = NULL;
  g_autoptr(GqQueryResult) small_result = NULL;
  g_autoptr(GqQueryResult) large_result = NULL;
  guint threaded;

  gq_test_http_server_add_handler (fixture.server, "/small", blob_handler, &small);
  gq_test_http_server_add_handler (fixture.server, "/large", blob_handler, &large);
  fixture_start (&fixture, "");
  gq_rest_source_set_parse_threshold (fixture.source, 1000);

  threaded = _gq_rest_call_get_threaded_parse_count ();
  small_observer = observe (&fixture, "[\"small\"]");
  gq_test_http_wait_for (is_settled (small_observer));
  g_assert_cmpuint (_gq_rest_call_get_threaded_parse_count (), ==, threaded);

  large_observer = observe (&fixture, "[\"large\"]");
  gq_test_http_wait_for (is_settled (large_observer));
  g_assert_cmpuint (_gq_rest_call_get_threaded_parse_count (), ==, threaded + 1);

  small_result = result_of (small_observer);
  large_result = result_of (large_observer);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (gq_query_result_get_data (small_result))), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (gq_query_result_get_data (large_result))), ==, 20);
  g_assert_true (json_node_is_immutable (gq_query_result_get_data (large_result)));

  gq_query_observer_unsubscribe (small_observer);
  gq_query_observer_unsubscribe (large_observer);
  g_clear_object (&small_observer);
  g_clear_object (&large_observer);
  fixture_clear (&fixture);
}

static void
test_malformed_json_on_thread (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) items = make_items (50, 100);
  Blob blob = { NULL, FALSE };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  guint threaded = _gq_rest_call_get_threaded_parse_count ();

  /* Cut short: the array never closes. */
  bytes = g_bytes_new_from_bytes (items, 0, g_bytes_get_size (items) - 1);
  blob.bytes = bytes;
  gq_test_http_server_add_handler (fixture.server, "/cut", blob_handler, &blob);
  fixture_start (&fixture, "");
  gq_rest_source_set_parse_threshold (fixture.source, 100);

  observer = observe (&fixture, "[\"cut\"]");
  gq_test_http_wait_for (is_settled (observer));

  result = result_of (observer);
  g_assert_error ((GError *) gq_query_result_get_error (result), GQ_ERROR, GQ_ERROR_INVALID_JSON);
  g_assert_true (g_str_has_prefix (gq_query_result_get_error (result)->message, "Invalid JSON in the response to GET"));
  g_assert_cmpuint (_gq_rest_call_get_threaded_parse_count (), ==, threaded + 1);
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
assert_body_limit (gboolean chunked)
{
  g_autoptr(GBytes) bytes = make_items (40, 100);
  Blob blob = { bytes, chunked };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) over = NULL;
  g_autoptr(GqQueryObserver) exact = NULL;
  g_autoptr(GqQueryResult) over_result = NULL;
  g_autoptr(GqQueryResult) exact_result = NULL;
  gsize size = g_bytes_get_size (bytes);

  gq_test_http_server_add_handler (fixture.server, "/blob", blob_handler, &blob);
  fixture_start (&fixture, "");

  gq_rest_source_set_max_body_size (fixture.source, size - 1);
  over = observe (&fixture, "[\"blob\", 1]");
  gq_test_http_wait_for (is_settled (over));
  over_result = result_of (over);
  g_assert_error ((GError *) gq_query_result_get_error (over_result), GQ_ERROR, GQ_ERROR_BODY_TOO_LARGE);
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);

  gq_rest_source_set_max_body_size (fixture.source, size);
  exact = observe (&fixture, "[\"blob\", 2]");
  gq_test_http_wait_for (is_settled (exact));
  exact_result = result_of (exact);
  g_assert_no_error ((GError *) gq_query_result_get_error (exact_result));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (gq_query_result_get_data (exact_result))), ==, 40);
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 2);

  gq_query_observer_unsubscribe (over);
  gq_query_observer_unsubscribe (exact);
  g_clear_object (&over);
  g_clear_object (&exact);
  fixture_clear (&fixture);
}

static void
test_body_limit_content_length (void)
{
  assert_body_limit (FALSE);
}

static void
test_body_limit_chunked (void)
{
  assert_body_limit (TRUE);
}

/* ---- cancellation ------------------------------------------------------ */

static void
test_cancel_mid_body (void)
{
  Slow slow = { 0 };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) fetching = NULL;
  g_autoptr(GqQueryResult) result = NULL;

  gq_test_http_server_add_handler (fixture.server, "/slow", slow_handler, &slow);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"slow\"]");
  gq_test_http_wait_for (g_atomic_int_get (&slow.chunk_written));
  spin ();

  fetching = result_of (observer);
  g_assert_cmpint (gq_query_result_get_fetch_status (fetching), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_false (g_atomic_int_get (&slow.finished));

  gq_query_client_cancel_queries (fixture.env.client, NULL, GQ_CANCEL_FLAGS_NONE);
  /* The server sees the client go away. */
  gq_test_http_wait_for (g_atomic_int_get (&slow.finished));
  gq_test_http_wait_for (fetch_status (observer) == GQ_FETCH_STATUS_IDLE);

  /* Reverted to the state before the fetch: nothing, no error. */
  result = result_of (observer);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_null (gq_query_result_get_data (result));
  g_assert_null (gq_query_result_get_error (result));
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static void
test_unsubscribe_cancels (void)
{
  Slow slow = { 0 };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(JsonNode) key = gq_test_json ("[\"slow\"]");
  GqQueryState *state;

  gq_test_http_server_add_handler (fixture.server, "/slow", slow_handler, &slow);
  fixture_start (&fixture, "");

  observer = observe (&fixture, "[\"slow\"]");
  gq_test_http_wait_for (g_atomic_int_get (&slow.chunk_written));

  /* The source honours the cancellable, so the last observer leaving
   * cancels the request (TanStack's consumed abort signal). */
  gq_query_observer_unsubscribe (observer);
  gq_test_http_wait_for (g_atomic_int_get (&slow.finished));
  gq_test_http_wait_for (gq_query_state_get_fetch_status (gq_test_state_of (&fixture.env, key)) == GQ_FETCH_STATUS_IDLE);

  state = gq_test_state_of (&fixture.env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_null (gq_query_state_get_data (state));

  g_clear_object (&observer);
  fixture_clear (&fixture);
}

/* ---- a large body ------------------------------------------------------ */

typedef struct
{
  gint64 last;
  gint64 max_gap;
  guint  ticks;
} Ticker;

static gboolean
tick (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  ticker->max_gap = MAX (ticker->max_gap, now - ticker->last);
  ticker->last = now;
  ticker->ticks++;

  return G_SOURCE_CONTINUE;
}

static void
test_large_body_keeps_loop_ticking (void)
{
  /* 50 MB; a tenth of it under valgrind, which is fifty times slower. */
  guint n_items = RUNNING_ON_VALGRIND ? 2500 : 25000;
  g_autoptr(GBytes) bytes = make_items (n_items, 2000);
  Blob blob = { bytes, FALSE };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  Ticker ticker = { 0 };
  guint threaded = _gq_rest_call_get_threaded_parse_count ();
  guint source_id;

  g_assert_cmpuint (g_bytes_get_size (bytes), >=, (RUNNING_ON_VALGRIND ? 5 : 50) * 1000 * 1000);

  gq_test_http_server_add_handler (fixture.server, "/big", blob_handler, &blob);
  fixture_start (&fixture, "");

  ticker.last = g_get_monotonic_time ();
  source_id = g_timeout_add (10, tick, &ticker);

  observer = observe (&fixture, "[\"big\"]");
  gq_test_http_wait_for (is_settled (observer));
  g_source_remove (source_id);

  result = result_of (observer);
  g_assert_no_error ((GError *) gq_query_result_get_error (result));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (gq_query_result_get_data (result))), ==, n_items);
  g_assert_cmpuint (_gq_rest_call_get_threaded_parse_count (), ==, threaded + 1);

  /* 50 MB came in and parsed while the loop kept ticking. */
  g_test_message ("%u ticks, longest gap %" G_GINT64_FORMAT " ms", ticker.ticks, ticker.max_gap / 1000);
  g_assert_cmpuint (ticker.ticks, >, 5);
  /* The longest gap is printed, not asserted: a shared CI machine stalls
   * any process for longer than a frame; that the parse ran off the main
   * thread is what is asserted. */

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  g_clear_pointer (&result, gq_query_result_unref);
  fixture_clear (&fixture);
}

/* ---- the token --------------------------------------------------------- */

static void
test_auth_token_never_logged (void)
{
  static const Step steps[] = { { 401, "{\"message\": \"bad token\"}" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;
  g_autofree char *logs = NULL;
  gboolean debug_was_enabled = g_log_get_debug_enabled ();

  gq_test_http_server_add_handler (fixture.server, "/me", script_handler, &script);
  g_free (gq_test_http_take_logs ());
  g_log_set_debug_enabled (TRUE);
  fixture_start (&fixture, "");

  g_assert_false (gq_rest_source_has_auth_token (fixture.source));
  g_object_set (fixture.source, "auth-token", "s3cr3t-t0ken", NULL);
  g_assert_true (gq_rest_source_has_auth_token (fixture.source));

  observer = observe (&fixture, "[\"me\"]");
  gq_test_http_wait_for (is_settled (observer));

  request = gq_test_http_server_get_request (fixture.server, 0);
  g_assert_cmpstr (header (request, "Authorization"), ==, "Bearer s3cr3t-t0ken");

  result = result_of (observer);
  g_assert_error ((GError *) gq_query_result_get_error (result), GQ_HTTP_ERROR, GQ_HTTP_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (gq_query_result_get_error (result)->message, "s3cr3t"));

  g_log_set_debug_enabled (debug_was_enabled);
  logs = gq_test_http_take_logs ();
  g_assert_nonnull (strstr (logs, "GET "));
  g_assert_nonnull (strstr (logs, "[redacted]"));
  g_assert_null (strstr (logs, "s3cr3t"));

  /* Unset: no header. */
  gq_rest_source_set_auth_token (fixture.source, NULL);
  g_assert_false (gq_rest_source_has_auth_token (fixture.source));

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

/* ---- request_async ----------------------------------------------------- */

static void
test_request_async (void)
{
  static const Step steps[] = { { 201, "{\"id\": 3, \"title\": \"new\"}" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) key = gq_test_json ("[\"todos\"]");
  g_autoptr(JsonNode) body = gq_test_json ("{\"title\": \"new\"}");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  gq_test_http_server_add_handler (fixture.server, "/todos", script_handler, &script);
  fixture_start (&fixture, "");

  gq_rest_source_request_async (fixture.source, "POST", key, body, NULL, gq_test_async_callback, &async);
  gq_test_http_wait_for (async.done);
  created = gq_rest_source_request_finish (fixture.source, async.result, &error);
  gq_test_async_clear (&async);

  g_assert_no_error (error);
  gq_assert_json (created, "{\"id\": 3, \"title\": \"new\"}");

  request = gq_test_http_server_get_request (fixture.server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/todos");
  g_assert_cmpstr (header (request, "Content-Type"), ==, "application/json");
  g_assert_cmpmem (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body),
                   "{\"title\":\"new\"}", 15);

  fixture_clear (&fixture);
}

/* ---- pagination ---------------------------------------------------------- */

/* What json-server 0.17.4 answers to GET /items?_page=P&_limit=L over five
 * items, Link and X-Total-Count included (or without Link, to check the
 * fallback on the total). */
typedef struct
{
  gboolean with_link;
} JsonServerPages;

static void
json_server_pages_handler (SoupServer        *soup_server,
                           SoupServerMessage *message,
                           const char        *path,
                           GHashTable        *query,
                           gpointer           user_data)
{
  JsonServerPages *pages = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  const char *page_text = query ? g_hash_table_lookup (query, "_page") : NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, "_limit") : NULL;
  int page = page_text ? atoi (page_text) : 1;
  int limit = limit_text ? atoi (limit_text) : 10;
  int total = 5;
  int last = (total + limit - 1) / limit;
  g_autoptr(GString) body = g_string_new ("[");
  g_autoptr(GString) link = g_string_new (NULL);

  for (int i = (page - 1) * limit; i < MIN (page * limit, total); i++)
    g_string_append_printf (body, "%s{\"id\":%d}", body->len > 1 ? "," : "", i + 1);
  g_string_append_c (body, ']');

#define LINK(rel, p) g_string_append_printf (link, "%s<http://h/items?_page=%d&_limit=%d>; rel=\"%s\"", \
                                             link->len ? ", " : "", p, limit, rel)
  if (last > 1)
    {
      LINK ("first", 1);
      if (page > 1)
        LINK ("prev", page - 1);
      if (page < last)
        LINK ("next", page + 1);
      LINK ("last", last);
    }
#undef LINK

  gq_test_http_respond (message, 200, body->str);
  soup_message_headers_replace (headers, "X-Total-Count", "5");
  if (pages->with_link)
    soup_message_headers_replace (headers, "Link", link->str);
}

typedef struct
{
  gboolean  done;
  JsonNode *data;
  GError   *error;
} Outcome;

static void
on_fetch_done (GqFetchContext *context,
               JsonNode       *data,
               const GError   *error,
               gpointer        user_data)
{
  Outcome *outcome = user_data;

  outcome->done = TRUE;
  outcome->data = data ? json_node_ref (data) : NULL;
  outcome->error = error ? g_error_copy (error) : NULL;
}

/* Runs the query function once, as an infinite query fetches a page. */
static JsonNode *
fetch_page (Fixture     *fixture,
            const char  *key_text,
            JsonNode    *page_param,
            GError     **error)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);
  g_autofree char *hash = gq_key_hash (key);
  g_autoptr(GqFetchContext) context = NULL;
  Outcome outcome = { 0 };

  context = _gq_fetch_context_new (fixture->env.client, key, hash, NULL, page_param,
                                   GQ_FETCH_DIRECTION_FORWARD, on_fetch_done, &outcome);
  gq_rest_source_query_func (context, fixture->source);
  gq_test_http_wait_for (outcome.done);

  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);

  return outcome.data;
}

static JsonNode *
fetch_page_ok (Fixture    *fixture,
               const char *key_text,
               JsonNode   *page_param)
{
  g_autoptr(GError) error = NULL;
  JsonNode *page = fetch_page (fixture, key_text, page_param, &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);

  return page;
}

static void
assert_json_server_pages (gboolean with_link)
{
  JsonServerPages pages = { with_link };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) first_param = NULL;
  g_autoptr(JsonNode) page_1 = NULL;
  g_autoptr(JsonNode) page_2 = NULL;
  g_autoptr(JsonNode) page_3 = NULL;
  g_autoptr(JsonNode) param_2 = NULL;
  g_autoptr(JsonNode) param_3 = NULL;
  g_autoptr(JsonNode) previous = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;

  gq_test_http_server_add_handler (fixture.server, "/items", json_server_pages_handler, &pages);
  fixture_start (&fixture, "");
  gq_rest_source_set_page_size (fixture.source, 2);

  first_param = gq_rest_source_get_initial_page_param (fixture.source);
  gq_assert_json (first_param, "1");

  page_1 = fetch_page_ok (&fixture, "[\"items\", {\"_sort\": \"id\"}]", first_param);
  gq_assert_json (page_1, "{\"items\": [{\"id\": 1}, {\"id\": 2}], \"total\": 5, \"next\": 2, \"previous\": null}");
  request = gq_test_http_server_get_request (fixture.server, 0);
  g_assert_cmpstr (request->query, ==, "_limit=2&_page=1&_sort=id");

  param_2 = gq_rest_source_next_page_param_func (page_1, NULL, NULL, NULL, NULL);
  page_2 = fetch_page_ok (&fixture, "[\"items\", {\"_sort\": \"id\"}]", param_2);
  gq_assert_json (page_2, "{\"items\": [{\"id\": 3}, {\"id\": 4}], \"total\": 5, \"next\": 3, \"previous\": 1}");

  param_3 = gq_rest_source_next_page_param_func (page_2, NULL, NULL, NULL, NULL);
  page_3 = fetch_page_ok (&fixture, "[\"items\", {\"_sort\": \"id\"}]", param_3);
  gq_assert_json (page_3, "{\"items\": [{\"id\": 5}], \"total\": 5, \"next\": null, \"previous\": 2}");

  g_assert_null (gq_rest_source_next_page_param_func (page_3, NULL, NULL, NULL, NULL));
  previous = gq_rest_source_previous_page_param_func (page_3, NULL, NULL, NULL, NULL);
  gq_assert_json (previous, "2");
  g_assert_null (gq_rest_source_previous_page_param_func (page_1, NULL, NULL, NULL, NULL));
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 3);

  fixture_clear (&fixture);
}

static void
test_pages_json_server_link (void)
{
  assert_json_server_pages (TRUE);
}

static void
test_pages_json_server_total (void)
{
  assert_json_server_pages (FALSE);
}

/* PostgREST over five rows: limit/offset, Prefer: count=exact answered in
 * Content-Range (or "*" without it, or when the server does not count),
 * 206 for a part, 416 past the end. */
typedef struct
{
  gboolean counts;
} Postgrest;

static void
postgrest_handler (SoupServer        *soup_server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  const char *prefer = soup_message_headers_get_one (request_headers, "Prefer");
  Postgrest *postgrest = user_data;
  gboolean count = postgrest->counts && g_strcmp0 (prefer, "count=exact") == 0;
  int offset = atoi (g_hash_table_lookup (query, "offset"));
  int limit = atoi (g_hash_table_lookup (query, "limit"));
  int total = 5;
  g_autoptr(GString) body = g_string_new ("[");
  g_autofree char *range = NULL;
  int end = MIN (offset + limit, total);

  if (offset >= total && offset > 0)
    {
      range = g_strdup_printf ("*/%d", total);
      gq_test_http_respond (message, 416,
                            "{\"code\":\"PGRST103\",\"message\":\"Requested range not satisfiable\","
                            "\"details\":\"An offset of 10 was requested, but there are only 5 rows.\","
                            "\"hint\":null}");
      soup_message_headers_replace (headers, "Content-Range", range);
      return;
    }

  for (int i = offset; i < end; i++)
    g_string_append_printf (body, "%s{\"id\":%d}", body->len > 1 ? "," : "", i + 1);
  g_string_append_c (body, ']');

  if (count)
    range = g_strdup_printf ("%d-%d/%d", offset, end - 1, total);
  else
    range = g_strdup_printf ("%d-%d/*", offset, end - 1);

  gq_test_http_respond (message, count && end - offset < total ? 206 : 200, body->str);
  soup_message_headers_replace (headers, "Content-Range", range);
}

static void
test_pages_postgrest (void)
{
  Postgrest postgrest = { TRUE };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) first_param = NULL;
  g_autoptr(JsonNode) page_1 = NULL;
  g_autoptr(JsonNode) page_2 = NULL;
  g_autoptr(JsonNode) page_3 = NULL;
  g_autoptr(JsonNode) param_2 = NULL;
  g_autoptr(JsonNode) param_3 = NULL;
  g_autoptr(JsonNode) previous = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;

  gq_test_http_server_add_handler (fixture.server, "/people", postgrest_handler, &postgrest);
  fixture_start (&fixture, "");
  gq_rest_source_set_pagination (fixture.source, GQ_REST_PAGINATION_POSTGREST);
  gq_rest_source_set_page_size (fixture.source, 2);

  first_param = gq_rest_source_get_initial_page_param (fixture.source);
  gq_assert_json (first_param, "0");

  page_1 = fetch_page_ok (&fixture, "[\"people\", {\"order\": \"id.asc\"}]", first_param);
  gq_assert_json (page_1, "{\"items\": [{\"id\": 1}, {\"id\": 2}], \"total\": 5, \"next\": 2, \"previous\": null}");
  request = gq_test_http_server_get_request (fixture.server, 0);
  g_assert_cmpstr (request->query, ==, "limit=2&offset=0&order=id.asc");
  g_assert_cmpstr (header (request, "Prefer"), ==, "count=exact");

  param_2 = gq_rest_source_next_page_param_func (page_1, NULL, NULL, NULL, NULL);
  page_2 = fetch_page_ok (&fixture, "[\"people\", {\"order\": \"id.asc\"}]", param_2);
  gq_assert_json (page_2, "{\"items\": [{\"id\": 3}, {\"id\": 4}], \"total\": 5, \"next\": 4, \"previous\": 0}");

  param_3 = gq_rest_source_next_page_param_func (page_2, NULL, NULL, NULL, NULL);
  page_3 = fetch_page_ok (&fixture, "[\"people\", {\"order\": \"id.asc\"}]", param_3);
  gq_assert_json (page_3, "{\"items\": [{\"id\": 5}], \"total\": 5, \"next\": null, \"previous\": 2}");
  previous = gq_rest_source_previous_page_param_func (page_3, NULL, NULL, NULL, NULL);
  gq_assert_json (previous, "2");

  fixture_clear (&fixture);
}

static void
test_pages_postgrest_past_end (void)
{
  Postgrest postgrest = { TRUE };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) param = gq_test_json ("10");
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  g_autoptr(JsonNode) key = gq_test_json ("[\"people\", {\"offset\": 10, \"limit\": 2}]");

  gq_test_http_server_add_handler (fixture.server, "/people", postgrest_handler, &postgrest);
  fixture_start (&fixture, "");
  gq_rest_source_set_pagination (fixture.source, GQ_REST_PAGINATION_POSTGREST);
  gq_rest_source_set_page_size (fixture.source, 2);

  /* Past the end, a page is empty and the last. */
  page = fetch_page_ok (&fixture, "[\"people\"]", param);
  gq_assert_json (page, "{\"items\": [], \"total\": 5, \"next\": null, \"previous\": 8}");

  /* Outside pagination the 416 is an error like any other. */
  gq_rest_source_request_async (fixture.source, "GET", key, NULL, NULL, gq_test_async_callback, &async);
  gq_test_http_wait_for (async.done);
  plain = gq_rest_source_request_finish (fixture.source, async.result, &error);
  gq_test_async_clear (&async);
  g_assert_error (error, GQ_HTTP_ERROR, 416);
  g_assert_cmpstr (error->message, ==, "Requested range not satisfiable");
  g_assert_null (plain);

  fixture_clear (&fixture);
}

static void
test_pages_postgrest_unknown_total (void)
{
  Postgrest postgrest = { FALSE };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) param_0 = gq_test_json ("0");
  g_autoptr(JsonNode) param_4 = gq_test_json ("4");
  g_autoptr(JsonNode) full = NULL;
  g_autoptr(JsonNode) partial = NULL;

  gq_test_http_server_add_handler (fixture.server, "/people", postgrest_handler, &postgrest);
  fixture_start (&fixture, "");
  gq_rest_source_set_pagination (fixture.source, GQ_REST_PAGINATION_POSTGREST);

  /* A server that does not count: a full page may have a next one, a
   * short page is the last. The key asks for its own page size. */
  full = fetch_page_ok (&fixture, "[\"people\", {\"limit\": 2}]", param_0);
  g_assert_cmpint (gq_test_int (json_object_get_member (json_node_get_object (full), "next")), ==, 2);
  partial = fetch_page_ok (&fixture, "[\"people\", {\"limit\": 2}]", param_4);
  gq_assert_json (partial, "{\"items\": [{\"id\": 5}], \"total\": null, \"next\": null, \"previous\": 2}");

  fixture_clear (&fixture);
}

/* A cursor API: {"data": [...], "nextCursor": "..."} by threes over seven
 * items, the cursor being the id to start after. */
static void
cursor_handler (SoupServer        *soup_server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  const char *cursor = query ? g_hash_table_lookup (query, "after") : NULL;
  int start = cursor ? atoi (cursor + 1) : 0;
  int end = MIN (start + 3, 7);
  g_autoptr(GString) body = g_string_new ("{\"data\": [");

  for (int i = start; i < end; i++)
    g_string_append_printf (body, "%s%d", i > start ? "," : "", i + 1);
  if (end < 7)
    g_string_append_printf (body, "], \"nextCursor\": \"c%d\"}", end);
  else
    g_string_append (body, "], \"nextCursor\": null}");

  gq_test_http_respond (message, 200, body->str);
}

static void
test_pages_cursor (void)
{
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) first_param = NULL;
  g_autoptr(JsonNode) page_1 = NULL;
  g_autoptr(JsonNode) page_2 = NULL;
  g_autoptr(JsonNode) page_3 = NULL;
  g_autoptr(JsonNode) param_2 = NULL;
  g_autoptr(JsonNode) param_3 = NULL;
  g_autoptr(GqTestHttpRequest) first_request = NULL;
  g_autoptr(GqTestHttpRequest) second_request = NULL;

  gq_test_http_server_add_handler (fixture.server, "/feed", cursor_handler, NULL);
  fixture_start (&fixture, "");
  gq_rest_source_set_pagination (fixture.source, GQ_REST_PAGINATION_CURSOR);
  gq_rest_source_set_cursor_param (fixture.source, "after");

  first_param = gq_rest_source_get_initial_page_param (fixture.source);
  g_assert_true (JSON_NODE_HOLDS_NULL (first_param));

  page_1 = fetch_page_ok (&fixture, "[\"feed\"]", first_param);
  gq_assert_json (page_1, "{\"items\": [1, 2, 3], \"total\": null, \"next\": \"c3\", \"previous\": null}");
  param_2 = gq_rest_source_next_page_param_func (page_1, NULL, NULL, NULL, NULL);
  page_2 = fetch_page_ok (&fixture, "[\"feed\"]", param_2);
  gq_assert_json (page_2, "{\"items\": [4, 5, 6], \"total\": null, \"next\": \"c6\", \"previous\": null}");
  param_3 = gq_rest_source_next_page_param_func (page_2, NULL, NULL, NULL, NULL);
  page_3 = fetch_page_ok (&fixture, "[\"feed\"]", param_3);
  gq_assert_json (page_3, "{\"items\": [7], \"total\": null, \"next\": null, \"previous\": null}");
  g_assert_null (gq_rest_source_next_page_param_func (page_3, NULL, NULL, NULL, NULL));

  first_request = gq_test_http_server_get_request (fixture.server, 0);
  second_request = gq_test_http_server_get_request (fixture.server, 1);
  g_assert_null (first_request->query);
  g_assert_cmpstr (second_request->query, ==, "after=c3");

  fixture_clear (&fixture);
}

static void
test_pages_not_an_array (void)
{
  static const Step steps[] = { { 200, "{\"items\": [1]}" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) param = gq_test_json ("1");
  g_autoptr(JsonNode) cursor = gq_test_json ("null");
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) cursor_page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cursor_error = NULL;

  gq_test_http_server_add_handler (fixture.server, "/odd", script_handler, &script);
  fixture_start (&fixture, "");

  page = fetch_page (&fixture, "[\"odd\"]", param, &error);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_FAILED);
  g_assert_null (page);

  /* The items are there, but not where the cursor style looks. */
  gq_rest_source_set_pagination (fixture.source, GQ_REST_PAGINATION_CURSOR);
  cursor_page = fetch_page (&fixture, "[\"odd\"]", cursor, &cursor_error);
  g_assert_error (cursor_error, GQ_ERROR, GQ_ERROR_FAILED);
  g_assert_null (cursor_page);

  fixture_clear (&fixture);
}

/* ---- mutations ----------------------------------------------------------- */

static void
on_mutation_done (GqMutationContext *context,
                  JsonNode          *data,
                  const GError      *error,
                  gpointer           user_data)
{
  Outcome *outcome = user_data;

  outcome->done = TRUE;
  outcome->data = data ? json_node_ref (data) : NULL;
  outcome->error = error ? g_error_copy (error) : NULL;
}

/* One attempt of a mutation function, as the engine runs it. */
static JsonNode *
mutate_once (Fixture         *fixture,
             GqMutationFunc   func,
             const char      *key_text,
             const char      *variables_text,
             const char      *idempotency_key,
             GError         **error)
{
  g_autoptr(JsonNode) key = key_text ? gq_test_json (key_text) : NULL;
  g_autoptr(JsonNode) variables = variables_text ? gq_test_json (variables_text) : NULL;
  g_autoptr(GqMutationContext) context = NULL;
  Outcome outcome = { 0 };

  context = _gq_mutation_context_new (fixture->env.client, variables, key, NULL, idempotency_key,
                                      on_mutation_done, &outcome);
  func (context, fixture->source);
  gq_test_http_wait_for (outcome.done);

  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);

  return outcome.data;
}

static JsonNode *
mutate_ok (Fixture        *fixture,
           GqMutationFunc  func,
           const char     *key_text,
           const char     *variables_text,
           const char     *idempotency_key)
{
  g_autoptr(GError) error = NULL;
  JsonNode *data = mutate_once (fixture, func, key_text, variables_text, idempotency_key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);

  return data;
}

static void
echo_handler (SoupServer        *soup_server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  if (g_bytes_get_size (bytes) == 0)
    {
      gq_test_http_respond (message, 200, "{}");
      return;
    }

  soup_server_message_set_status (message, g_str_equal (soup_server_message_get_method (message), "POST") ? 201 : 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_mutation_post (void)
{
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;

  gq_test_http_server_add_handler (fixture.server, "/todos", echo_handler, NULL);
  fixture_start (&fixture, "");

  created = mutate_ok (&fixture, gq_rest_source_post_func, "[\"todos\"]",
                       "{\"title\": \"Write docs\", \"done\": false}", "mut-1");
  gq_assert_json (created, "{\"title\": \"Write docs\", \"done\": false}");

  request = gq_test_http_server_get_request (fixture.server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/todos");
  g_assert_null (request->query);
  g_assert_cmpstr (header (request, "Content-Type"), ==, "application/json");
  g_assert_cmpstr (header (request, "Idempotency-Key"), ==, "mut-1");
  g_assert_cmpstr (header (request, "Accept"), ==, "application/json");

  fixture_clear (&fixture);
}

static void
test_mutation_record_paths (void)
{
  static const struct {
    GqMutationFunc  func;
    const char     *method;
    const char     *key;
    const char     *variables;
    const char     *path;
    const char     *query;
    gboolean        has_body;
  } cases[] = {
    { gq_rest_source_put_func, "PUT", "[\"todos\"]", "{\"id\": 5, \"title\": \"t\"}", "/todos/5", NULL, TRUE },
    { gq_rest_source_patch_func, "PATCH", "[\"todos\", 5]", "{\"id\": 5, \"done\": true}", "/todos/5", NULL, TRUE },
    { gq_rest_source_patch_func, "PATCH", "[\"todos\", 5]", "{\"done\": true}", "/todos/5", NULL, TRUE },
    { gq_rest_source_patch_func, "PATCH", "[\"posts\", 1, \"comments\"]", "{\"id\": \"a b\", \"x\": 1}",
      "/posts/1/comments/a b", NULL, TRUE },
    { gq_rest_source_delete_func, "DELETE", "[\"todos\"]", "7", "/todos/7", NULL, FALSE },
    { gq_rest_source_delete_func, "DELETE", "[\"todos\"]", "{\"id\": 8, \"title\": \"x\"}", "/todos/8", NULL, FALSE },
    { gq_rest_source_delete_func, "DELETE", "[\"todos\", 9]", NULL, "/todos/9", NULL, FALSE },
    { gq_rest_source_post_func, "POST", "[\"todos\", {\"notify\": true}]", "{\"id\": 10}", "/todos", "notify=true", TRUE },
  };
  Fixture fixture = { .server = gq_test_http_server_new () };

  gq_test_http_server_add_handler (fixture.server, "/", echo_handler, NULL);
  fixture_start (&fixture, "");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) data = mutate_ok (&fixture, cases[i].func, cases[i].key,
                                            cases[i].variables, NULL);
      g_autoptr(GqTestHttpRequest) request = gq_test_http_server_get_request (fixture.server, i);

      g_test_message ("case %u: %s %s", i, cases[i].method, cases[i].key);
      g_assert_cmpstr (request->method, ==, cases[i].method);
      g_assert_cmpstr (request->path, ==, cases[i].path);
      g_assert_cmpstr (request->query, ==, cases[i].query);
      g_assert_null (header (request, "Idempotency-Key"));
      if (cases[i].has_body)
        {
          g_autoptr(JsonNode) sent = gq_json_parse (g_bytes_get_data (request->body, NULL),
                                                   g_bytes_get_size (request->body), NULL);
          g_autoptr(JsonNode) expected = gq_test_json (cases[i].variables);

          g_assert_true (gq_json_equal (sent, expected));
          gq_assert_json (data, cases[i].variables);
        }
      else
        {
          g_assert_cmpuint (g_bytes_get_size (request->body), ==, 0);
          gq_assert_json (data, "{}");
        }
    }

  fixture_clear (&fixture);
}

static void
test_mutation_postgrest (void)
{
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GqTestHttpRequest) patch = NULL;
  g_autoptr(GqTestHttpRequest) delete = NULL;

  gq_test_http_server_add_handler (fixture.server, "/todos", echo_handler, NULL);
  fixture_start (&fixture, "");
  gq_rest_source_set_pagination (fixture.source, GQ_REST_PAGINATION_POSTGREST);

  /* PostgREST writes to the rows a filter selects, and returns them only
   * when asked. */
  patched = mutate_ok (&fixture, gq_rest_source_patch_func, "[\"todos\"]", "{\"id\": 5, \"done\": true}", "k");
  patch = gq_test_http_server_get_request (fixture.server, 0);
  g_assert_cmpstr (patch->path, ==, "/todos");
  g_assert_cmpstr (patch->query, ==, "id=eq.5");
  g_assert_cmpstr (header (patch, "Prefer"), ==, "return=representation");
  g_assert_cmpstr (header (patch, "Accept"), ==, "application/vnd.pgrst.object+json");
  g_assert_cmpstr (header (patch, "Idempotency-Key"), ==, "k");

  gq_rest_source_set_id_field (fixture.source, "uuid");
  deleted = mutate_ok (&fixture, gq_rest_source_delete_func, "[\"todos\"]", "{\"uuid\": \"u-1\"}", NULL);
  delete = gq_test_http_server_get_request (fixture.server, 1);
  g_assert_cmpstr (delete->query, ==, "uuid=eq.u-1");

  fixture_clear (&fixture);
}

static void
test_mutation_errors (void)
{
  static const Step steps[] = { { 422, "{\"message\": \"title is required\"}" } };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) no_key = NULL;
  g_autoptr(JsonNode) empty_key = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(GError) no_key_error = NULL;
  g_autoptr(GError) empty_key_error = NULL;
  g_autoptr(GError) refused_error = NULL;

  gq_test_http_server_add_handler (fixture.server, "/todos", script_handler, &script);
  fixture_start (&fixture, "");

  no_key = mutate_once (&fixture, gq_rest_source_post_func, NULL, "{}", NULL, &no_key_error);
  g_assert_error (no_key_error, GQ_ERROR, GQ_ERROR_INVALID_KEY);
  g_assert_null (no_key);
  empty_key = mutate_once (&fixture, gq_rest_source_delete_func, "[]", "5", NULL, &empty_key_error);
  g_assert_error (empty_key_error, GQ_ERROR, GQ_ERROR_INVALID_KEY);
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 0);

  refused = mutate_once (&fixture, gq_rest_source_post_func, "[\"todos\"]", "{}", NULL, &refused_error);
  g_assert_error (refused_error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_UNPROCESSABLE);
  g_assert_cmpstr (refused_error->message, ==, "title is required");
  g_assert_false (gq_http_error_is_retryable (refused_error));
  g_assert_null (refused);

  fixture_clear (&fixture);
}

/* A server honouring Idempotency-Key: the first request with a key is
 * applied, and its response lost (the connection drops); a retry with the
 * same key replays the stored response without applying it again. */
typedef struct
{
  GMutex      mutex;
  GHashTable *responses;
  gint        applied;
} Idempotent;

static void
idempotent_handler (SoupServer        *soup_server,
                    SoupServerMessage *message,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  Idempotent *server = user_data;
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                  "Idempotency-Key");
  g_autofree char *stored = NULL;
  g_autoptr(GIOStream) stream = NULL;

  g_mutex_lock (&server->mutex);
  stored = g_strdup (g_hash_table_lookup (server->responses, key ? key : ""));
  if (stored == NULL)
    {
      int id = g_atomic_int_add (&server->applied, 1) + 1;

      g_hash_table_insert (server->responses, g_strdup (key ? key : ""),
                           g_strdup_printf ("{\"id\": %d, \"title\": \"once\"}", id));
    }
  g_mutex_unlock (&server->mutex);

  if (stored != NULL)
    {
      gq_test_http_respond (message, 201, stored);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Idempotent-Replayed", "true");
      return;
    }

  stream = soup_server_message_steal_connection (message);
  g_io_stream_close (stream, NULL, NULL);
}

static void
test_mutation_idempotent_replay (void)
{
  Idempotent idempotent = { .responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) lost = NULL;
  g_autoptr(JsonNode) replayed = NULL;
  g_autoptr(GError) lost_error = NULL;
  g_autoptr(GqTestHttpRequest) first = NULL;
  g_autoptr(GqTestHttpRequest) second = NULL;

  g_mutex_init (&idempotent.mutex);
  gq_test_http_server_add_handler (fixture.server, "/todos", idempotent_handler, &idempotent);
  fixture_start (&fixture, "");

  /* The attempt whose response is lost fails as a network error: a
   * retry may help. */
  lost = mutate_once (&fixture, gq_rest_source_post_func, "[\"todos\"]", "{\"title\": \"once\"}",
                      "idem-42", &lost_error);
  g_assert_error (lost_error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NETWORK);
  g_assert_true (gq_rest_source_retry_func (0, lost_error, fixture.source));
  g_assert_null (lost);

  /* The retry carries the same key: the server replays, once applied. */
  replayed = mutate_ok (&fixture, gq_rest_source_post_func, "[\"todos\"]", "{\"title\": \"once\"}", "idem-42");
  gq_assert_json (replayed, "{\"id\": 1, \"title\": \"once\"}");
  g_assert_cmpint (g_atomic_int_get (&idempotent.applied), ==, 1);

  first = gq_test_http_server_get_request (fixture.server, 0);
  second = gq_test_http_server_get_request (fixture.server, 1);
  g_assert_cmpstr (header (first, "Idempotency-Key"), ==, "idem-42");
  g_assert_cmpstr (header (second, "Idempotency-Key"), ==, "idem-42");

  fixture_clear (&fixture);
  g_hash_table_unref (idempotent.responses);
  g_mutex_clear (&idempotent.mutex);
}

static gboolean
mutation_settled (GqMutationObserver *observer)
{
  g_autoptr(GqMutationResult) result = gq_mutation_observer_get_current_result (observer);

  return gq_mutation_result_get_is_success (result) || gq_mutation_result_get_is_error (result);
}

static guint
mutation_failures (GqMutationObserver *observer)
{
  g_autoptr(GqMutationResult) result = gq_mutation_observer_get_current_result (observer);

  return gq_mutation_result_get_failure_count (result);
}

static void
test_mutation_observer_idempotent_retry (void)
{
  Idempotent idempotent = { .responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) key = gq_test_json ("[\"todos\"]");
  g_autoptr(JsonNode) variables = gq_test_json ("{\"title\": \"once\"}");
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (key);
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GqMutationResult) result = NULL;
  g_autoptr(GqTestHttpRequest) first = NULL;
  g_autoptr(GqTestHttpRequest) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqTestAsync async = { 0 };

  g_mutex_init (&idempotent.mutex);
  gq_test_http_server_add_handler (fixture.server, "/todos", idempotent_handler, &idempotent);
  fixture_start (&fixture, "");

  gq_rest_source_setup_mutation_options (fixture.source, options, "POST");
  gq_mutation_options_set_retry_func (options, gq_rest_source_retry_func,
                                      g_object_ref (fixture.source), g_object_unref);
  observer = gq_mutation_observer_new (fixture.env.client, options);
  gq_mutation_observer_subscribe (observer);

  gq_mutation_observer_mutate_async (observer, variables, NULL, gq_test_async_callback, &async);
  gq_test_http_wait_for (mutation_failures (observer) == 1);
  g_assert_cmpint (g_atomic_int_get (&idempotent.applied), ==, 1);

  /* The engine retries after its backoff, with the same key: the server
   * replays the response it could not deliver. */
  gq_test_advance (&fixture.env, 1000);
  gq_test_http_wait_for (async.done);
  data = gq_mutation_observer_mutate_finish (observer, async.result, &error);
  gq_test_async_clear (&async);

  g_assert_no_error (error);
  gq_assert_json (data, "{\"id\": 1, \"title\": \"once\"}");
  g_assert_cmpint (g_atomic_int_get (&idempotent.applied), ==, 1);

  first = gq_test_http_server_get_request (fixture.server, 0);
  second = gq_test_http_server_get_request (fixture.server, 1);
  g_assert_nonnull (header (first, "Idempotency-Key"));
  g_assert_cmpstr (header (first, "Idempotency-Key"), ==, header (second, "Idempotency-Key"));
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 2);

  result = gq_mutation_observer_get_current_result (observer);
  g_assert_true (gq_mutation_result_get_is_success (result));

  gq_mutation_observer_unsubscribe (observer);
  g_clear_object (&observer);
  g_clear_object (&options);
  fixture_clear (&fixture);
  g_hash_table_unref (idempotent.responses);
  g_mutex_clear (&idempotent.mutex);
}

static void
test_mutation_observer_retry_after (void)
{
  static const Step steps[] = {
    { 503, "{\"message\": \"busy\"}", "Retry-After", "3" },
    { 200, "{\"id\": 4, \"done\": true}" },
  };
  Script script = SCRIPT (steps);
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) key = gq_test_json ("[\"todos\"]");
  g_autoptr(JsonNode) variables = gq_test_json ("{\"id\": 4, \"done\": true}");
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (key);
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GqMutationResult) result = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;

  gq_test_http_server_add_handler (fixture.server, "/todos", script_handler, &script);
  fixture_start (&fixture, "");

  gq_rest_source_setup_mutation_options (fixture.source, options, "patch");
  gq_mutation_options_set_retry (options, 1);
  observer = gq_mutation_observer_new (fixture.env.client, options);
  gq_mutation_observer_subscribe (observer);
  gq_mutation_observer_mutate (observer, variables, NULL, NULL, NULL);

  gq_test_http_wait_for (mutation_failures (observer) == 1);
  gq_test_advance (&fixture.env, 2999);
  spin ();
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 1);
  gq_test_advance (&fixture.env, 1);
  gq_test_http_wait_for (mutation_settled (observer));

  result = gq_mutation_observer_get_current_result (observer);
  g_assert_true (gq_mutation_result_get_is_success (result));
  gq_assert_json (gq_mutation_result_get_data (result), "{\"id\": 4, \"done\": true}");
  request = gq_test_http_server_get_request (fixture.server, 1);
  g_assert_cmpstr (request->method, ==, "PATCH");
  g_assert_cmpstr (request->path, ==, "/todos/4");

  gq_mutation_observer_unsubscribe (observer);
  g_clear_object (&observer);
  g_clear_object (&options);
  fixture_clear (&fixture);
}

/* ---- infinite queries ---------------------------------------------------- */

static gboolean
infinite_settled (GqQueryObserver *observer,
                  guint            n_pages)
{
  g_autoptr(GqQueryResult) result = result_of (observer);
  JsonNode *data = gq_query_result_get_data (result);

  return gq_query_result_get_fetch_status (result) == GQ_FETCH_STATUS_IDLE &&
         data != NULL &&
         json_array_get_length (json_object_get_array_member (json_node_get_object (data), "pages")) == n_pages;
}

static void
test_infinite_query_json_server (void)
{
  JsonServerPages pages = { TRUE };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) key = gq_test_json ("[\"items\"]");
  g_autoptr(GqInfiniteQueryOptions) options = gq_infinite_query_options_new (key, NULL);
  g_autoptr(GqInfiniteQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqTestAsync async = { 0 };

  gq_test_http_server_add_handler (fixture.server, "/items", json_server_pages_handler, &pages);
  fixture_start (&fixture, "");
  gq_rest_source_set_page_size (fixture.source, 2);

  /* With the source installed, the next-page function is all it takes. */
  gq_infinite_query_options_set_get_next_page_param_func (options, gq_rest_source_next_page_param_func,
                                                          NULL, NULL);
  observer = gq_infinite_query_observer_new (fixture.env.client, options);
  gq_query_observer_subscribe (GQ_QUERY_OBSERVER (observer));
  gq_test_http_wait_for (infinite_settled (GQ_QUERY_OBSERVER (observer), 1));

  for (guint n_pages = 2; n_pages <= 3; n_pages++)
    {
      gq_infinite_query_observer_fetch_next_page_async (observer, GQ_REFETCH_FLAGS_NONE, NULL,
                                                        gq_test_async_callback, &async);
      gq_test_http_wait_for (async.done);
      g_clear_pointer (&result, gq_query_result_unref);
      result = gq_infinite_query_observer_fetch_next_page_finish (observer, async.result, NULL);
      gq_test_async_clear (&async);
      g_assert_nonnull (result);
    }

  g_clear_pointer (&result, gq_query_result_unref);
  result = result_of (GQ_QUERY_OBSERVER (observer));
  gq_assert_json (gq_query_result_get_data (result),
                  "{\"pages\": ["
                  "  {\"items\": [{\"id\": 1}, {\"id\": 2}], \"total\": 5, \"next\": 2, \"previous\": null},"
                  "  {\"items\": [{\"id\": 3}, {\"id\": 4}], \"total\": 5, \"next\": 3, \"previous\": 1},"
                  "  {\"items\": [{\"id\": 5}], \"total\": 5, \"next\": null, \"previous\": 2}],"
                  " \"pageParams\": [null, 2, 3]}");
  g_assert_false (gq_query_result_get_has_next_page (result));
  g_assert_cmpuint (gq_test_http_server_count (fixture.server), ==, 3);

  gq_query_observer_unsubscribe (GQ_QUERY_OBSERVER (observer));
  g_clear_object (&observer);
  g_clear_pointer (&result, gq_query_result_unref);
  fixture_clear (&fixture);
}

static void
test_infinite_query_setup (void)
{
  Postgrest postgrest = { TRUE };
  Fixture fixture = { .server = gq_test_http_server_new () };
  g_autoptr(JsonNode) key = gq_test_json ("[\"people\"]");
  g_autoptr(GqInfiniteQueryOptions) options = gq_infinite_query_options_new (key, NULL);
  g_autoptr(GqInfiniteQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqTestHttpRequest) request = NULL;
  GqTestAsync async = { 0 };

  gq_test_http_server_add_handler (fixture.server, "/people", postgrest_handler, &postgrest);
  gq_test_http_server_start (fixture.server);
  gq_test_env_init (&fixture.env);
  {
    g_autofree char *base = g_strdup (gq_test_http_server_get_uri (fixture.server));

    /* Not installed: the options carry everything. */
    fixture.source = gq_rest_source_new (base);
  }
  gq_rest_source_set_pagination (fixture.source, GQ_REST_PAGINATION_POSTGREST);
  gq_rest_source_set_page_size (fixture.source, 3);
  gq_rest_source_setup_infinite_options (fixture.source, options);
  gq_assert_json (gq_infinite_query_options_get_initial_page_param (options), "0");

  observer = gq_infinite_query_observer_new (fixture.env.client, options);
  gq_query_observer_subscribe (GQ_QUERY_OBSERVER (observer));
  gq_test_http_wait_for (infinite_settled (GQ_QUERY_OBSERVER (observer), 1));

  gq_infinite_query_observer_fetch_next_page_async (observer, GQ_REFETCH_FLAGS_NONE, NULL,
                                                    gq_test_async_callback, &async);
  gq_test_http_wait_for (async.done);
  result = gq_infinite_query_observer_fetch_next_page_finish (observer, async.result, NULL);
  gq_test_async_clear (&async);

  gq_assert_json (gq_query_result_get_data (result),
                  "{\"pages\": ["
                  "  {\"items\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}], \"total\": 5, \"next\": 3, \"previous\": null},"
                  "  {\"items\": [{\"id\": 4}, {\"id\": 5}], \"total\": 5, \"next\": null, \"previous\": 0}],"
                  " \"pageParams\": [0, 3]}");
  g_assert_false (gq_query_result_get_has_next_page (result));
  g_assert_false (gq_query_result_get_has_previous_page (result));
  request = gq_test_http_server_get_request (fixture.server, 1);
  g_assert_cmpstr (request->query, ==, "limit=3&offset=3");

  gq_query_observer_unsubscribe (GQ_QUERY_OBSERVER (observer));
  g_clear_object (&observer);
  g_clear_object (&options);
  fixture_clear (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  gq_test_http_capture_logs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Rest/Source/get-with-only-a-key", test_get_with_only_a_key);
  g_test_add_func ("/Gq/Rest/Source/base-uri-path", test_base_uri_path);
  g_test_add_func ("/Gq/Rest/Source/empty-body-is-null", test_empty_body_is_null);
  g_test_add_func ("/Gq/Rest/Source/keep-alive", test_keep_alive);
  g_test_add_func ("/Gq/Rest/Source/send-window", test_send_window);
  g_test_add_func ("/Gq/Rest/Source/invalid-key-rejected", test_invalid_key_rejected);
  g_test_add_func ("/Gq/Rest/Errors/not-found-not-retried", test_not_found_not_retried);
  g_test_add_func ("/Gq/Rest/Errors/json-server-not-found", test_json_server_not_found);
  g_test_add_func ("/Gq/Rest/Errors/server-error-retried", test_server_error_retried);
  g_test_add_func ("/Gq/Rest/Errors/retry-after-honoured", test_retry_after_honoured);
  g_test_add_func ("/Gq/Rest/Errors/timeout-and-rate-limit-retried", test_timeout_and_rate_limit_retried);
  g_test_add_func ("/Gq/Rest/Errors/long-retry-after-not-waited", test_long_retry_after_not_waited);
  g_test_add_func ("/Gq/Rest/Errors/query-retry-count-wins", test_query_retry_count_wins);
  g_test_add_func ("/Gq/Rest/Errors/dropped-connection-retried", test_dropped_connection_retried);
  g_test_add_func ("/Gq/Rest/Errors/connection-refused", test_connection_refused);
  g_test_add_func ("/Gq/Rest/Body/malformed-json-not-retried", test_malformed_json_not_retried);
  g_test_add_func ("/Gq/Rest/Body/parse-threshold", test_parse_threshold);
  g_test_add_func ("/Gq/Rest/Body/malformed-json-on-thread", test_malformed_json_on_thread);
  g_test_add_func ("/Gq/Rest/Body/limit-content-length", test_body_limit_content_length);
  g_test_add_func ("/Gq/Rest/Body/limit-chunked", test_body_limit_chunked);
  g_test_add_func ("/Gq/Rest/Body/50mb-keeps-loop-ticking", test_large_body_keeps_loop_ticking);
  g_test_add_func ("/Gq/Rest/Cancel/mid-body", test_cancel_mid_body);
  g_test_add_func ("/Gq/Rest/Cancel/unsubscribe", test_unsubscribe_cancels);
  g_test_add_func ("/Gq/Rest/Auth/token-never-logged", test_auth_token_never_logged);
  g_test_add_func ("/Gq/Rest/Request/post", test_request_async);
  g_test_add_func ("/Gq/Rest/Pages/json-server-link", test_pages_json_server_link);
  g_test_add_func ("/Gq/Rest/Pages/json-server-total-count", test_pages_json_server_total);
  g_test_add_func ("/Gq/Rest/Pages/postgrest", test_pages_postgrest);
  g_test_add_func ("/Gq/Rest/Pages/postgrest-past-end", test_pages_postgrest_past_end);
  g_test_add_func ("/Gq/Rest/Pages/postgrest-unknown-total", test_pages_postgrest_unknown_total);
  g_test_add_func ("/Gq/Rest/Pages/cursor", test_pages_cursor);
  g_test_add_func ("/Gq/Rest/Pages/not-an-array", test_pages_not_an_array);
  g_test_add_func ("/Gq/Rest/Pages/infinite-query-json-server", test_infinite_query_json_server);
  g_test_add_func ("/Gq/Rest/Pages/infinite-query-setup", test_infinite_query_setup);
  g_test_add_func ("/Gq/Rest/Mutations/post", test_mutation_post);
  g_test_add_func ("/Gq/Rest/Mutations/record-paths", test_mutation_record_paths);
  g_test_add_func ("/Gq/Rest/Mutations/postgrest", test_mutation_postgrest);
  g_test_add_func ("/Gq/Rest/Mutations/errors", test_mutation_errors);
  g_test_add_func ("/Gq/Rest/Mutations/idempotent-replay", test_mutation_idempotent_replay);
  g_test_add_func ("/Gq/Rest/Mutations/observer-idempotent-retry", test_mutation_observer_idempotent_retry);
  g_test_add_func ("/Gq/Rest/Mutations/observer-retry-after", test_mutation_observer_retry_after);

  return g_test_run ();
}
