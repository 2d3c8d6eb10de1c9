/* test-rest-demo.c: GqRestSource against the real GqDemoServer over
 * loopback: records and nested routes, json-server pages through an
 * infinite query, each error class the server answers, injected failures
 * retried with Retry-After, idempotent replays of a dropped write,
 * cancellation in the middle of a 50 MB listing, and that listing read
 * while the main loop keeps ticking
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <valgrind/valgrind.h>

#include "gq-test-http.h"
#include "gq-demo-server.h"

#include "gq-rest-private.h"

#define SEED 42

typedef struct
{
  GqTestEnv     env;
  GqDemoServer *server;
  GqRestSource *source;
} Fixture;

static void
fixture_init_scaled (Fixture *fixture,
                     guint    scale)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  fixture->server = gq_demo_server_new (SEED);
  gq_demo_server_set_scale (fixture->server, scale);
  g_assert_true (gq_demo_server_start (fixture->server, NULL, 0, &error));
  g_assert_no_error (error);
  base = gq_demo_server_dup_base_uri (fixture->server);

  gq_test_env_init (&fixture->env);
  fixture->source = gq_rest_source_new (base);
  gq_rest_source_install (fixture->source, fixture->env.client);
}

static void
fixture_init (Fixture *fixture)
{
  fixture_init_scaled (fixture, 1);
}

static void
fixture_clear (Fixture *fixture)
{
  gq_test_env_clear (&fixture->env);
  g_assert_finalize_object (fixture->source);
  gq_demo_server_stop (fixture->server);
  g_clear_object (&fixture->server);
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

static gboolean
is_settled (GqQueryObserver *observer)
{
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (observer);

  return gq_query_result_get_fetch_status (result) == GQ_FETCH_STATUS_IDLE &&
         gq_query_result_get_status (result) != GQ_QUERY_STATUS_PENDING;
}

static gboolean
fetch_idle (GqQueryObserver *observer)
{
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (observer);

  return gq_query_result_get_fetch_status (result) == GQ_FETCH_STATUS_IDLE;
}

static guint
failure_count (GqQueryObserver *observer)
{
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (observer);

  return gq_query_result_get_failure_count (result);
}

/* The result of a query of @key_text once it settled. */
static GqQueryResult *
query (Fixture    *fixture,
       const char *key_text)
{
  g_autoptr(GqQueryObserver) observer = observe (fixture, key_text);
  GqQueryResult *result;

  gq_test_http_wait_for (is_settled (observer));
  result = gq_query_observer_get_current_result (observer);
  gq_query_observer_unsubscribe (observer);

  return result;
}

static JsonNode *
mutate (Fixture     *fixture,
        const char  *method,
        const char  *key_text,
        const char  *variables_text,
        GError     **error)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);
  g_autoptr(JsonNode) variables = gq_test_json (variables_text);
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (key);
  g_autoptr(GqMutationObserver) observer = NULL;
  GqTestAsync async = { 0 };
  JsonNode *data;

  gq_rest_source_setup_mutation_options (fixture->source, options, method);
  observer = gq_mutation_observer_new (fixture->env.client, options);
  gq_mutation_observer_mutate_async (observer, variables, NULL, gq_test_async_callback, &async);
  gq_test_http_wait_for (async.done);
  data = gq_mutation_observer_mutate_finish (observer, async.result, error);
  gq_test_async_clear (&async);

  return data;
}

static JsonObject *
object_of (GqQueryResult *result)
{
  g_assert_no_error ((GError *) gq_query_result_get_error (result));

  return json_node_get_object (gq_query_result_get_data (result));
}

/* ---- reading ------------------------------------------------------------ */

static void
test_records_and_routes (void)
{
  Fixture fixture;
  g_autoptr(GqQueryResult) person = NULL;
  g_autoptr(GqQueryResult) tasks = NULL;
  g_autoptr(GqQueryResult) filtered = NULL;
  JsonArray *array;

  fixture_init (&fixture);

  person = query (&fixture, "[\"people\", 7]");
  g_assert_cmpint (json_object_get_int_member (object_of (person), "id"), ==, 7);
  g_assert_true (json_object_has_member (object_of (person), "address"));

  /* /projects/3/tasks is /tasks?projectId=3. */
  tasks = query (&fixture, "[\"projects\", 3, \"tasks\"]");
  array = json_node_get_array (gq_query_result_get_data (tasks));
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, i), "projectId"), ==, 3);

  /* The key's object is the query string: repeated ids are OR. */
  filtered = query (&fixture, "[\"people\", {\"id\": [3, 1, 2], \"_sort\": \"id\"}]");
  array = json_node_get_array (gq_query_result_get_data (filtered));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "id"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2), "id"), ==, 3);

  fixture_clear (&fixture);
}

static gboolean
has_pages (GqQueryObserver *observer,
           guint            n_pages)
{
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (observer);
  JsonNode *data = gq_query_result_get_data (result);

  return gq_query_result_get_fetch_status (result) == GQ_FETCH_STATUS_IDLE &&
         data != NULL &&
         json_array_get_length (json_object_get_array_member (json_node_get_object (data), "pages")) == n_pages;
}

static void
test_pages (void)
{
  Fixture fixture;
  g_autoptr(JsonNode) key = gq_test_json ("[\"tasks\", {\"_sort\": \"id\", \"done\": true}]");
  g_autoptr(GqInfiniteQueryOptions) options = gq_infinite_query_options_new (key, NULL);
  g_autoptr(GqInfiniteQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqQueryResult) all_done = NULL;
  JsonObject *data;
  JsonArray *pages;
  gint64 total;
  gint64 last_id = 0;

  fixture_init (&fixture);
  gq_rest_source_set_page_size (fixture.source, 50);
  gq_rest_source_setup_infinite_options (fixture.source, options);

  observer = gq_infinite_query_observer_new (fixture.env.client, options);
  gq_query_observer_subscribe (GQ_QUERY_OBSERVER (observer));
  gq_test_http_wait_for (has_pages (GQ_QUERY_OBSERVER (observer), 1));
  gq_infinite_query_observer_fetch_next_page (observer);
  gq_test_http_wait_for (has_pages (GQ_QUERY_OBSERVER (observer), 2));
  gq_infinite_query_observer_fetch_next_page (observer);
  gq_test_http_wait_for (has_pages (GQ_QUERY_OBSERVER (observer), 3));

  result = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (observer));
  data = object_of (result);
  gq_assert_json (json_object_get_member (data, "pageParams"), "[1, 2, 3]");
  pages = json_object_get_array_member (data, "pages");

  /* The server's count of done tasks, as X-Total-Count says it. */
  all_done = query (&fixture, "[\"tasks\", {\"done\": true}]");
  total = json_array_get_length (json_node_get_array (gq_query_result_get_data (all_done)));
  g_assert_cmpint (total, >, 150);

  for (guint i = 0; i < 3; i++)
    {
      JsonObject *page = json_array_get_object_element (pages, i);
      JsonArray *items = json_object_get_array_member (page, "items");

      g_assert_cmpint (json_object_get_int_member (page, "total"), ==, total);
      g_assert_cmpint (json_object_get_int_member (page, "next"), ==, i + 2);
      g_assert_cmpuint (json_array_get_length (items), ==, 50);
      for (guint j = 0; j < 50; j++)
        {
          JsonObject *task = json_array_get_object_element (items, j);

          g_assert_true (json_object_get_boolean_member (task, "done"));
          g_assert_cmpint (json_object_get_int_member (task, "id"), >, last_id);
          last_id = json_object_get_int_member (task, "id");
        }
    }
  g_assert_true (gq_query_result_get_has_next_page (result));

  gq_query_observer_unsubscribe (GQ_QUERY_OBSERVER (observer));
  g_clear_object (&observer);
  g_clear_object (&options);
  fixture_clear (&fixture);
}

/* ---- errors ------------------------------------------------------------- */

static void
test_error_classes (void)
{
  Fixture fixture;
  g_autoptr(GqQueryResult) missing = NULL;
  g_autoptr(GqQueryResult) bad_regex = NULL;
  g_autoptr(JsonNode) wrong_type = NULL;
  g_autoptr(JsonNode) duplicate = NULL;
  g_autoptr(GError) wrong_type_error = NULL;
  g_autoptr(GError) duplicate_error = NULL;
  const GError *error;

  fixture_init (&fixture);

  /* 4xx are not retried: each fails on its first attempt. */
  missing = query (&fixture, "[\"people\", 99999]");
  error = gq_query_result_get_error (missing);
  g_assert_error ((GError *) error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NOT_FOUND);
  g_assert_nonnull (gq_http_error_get_server_message (error));
  g_assert_cmpstr (error->message, ==, gq_http_error_get_server_message (error));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (gq_http_error_get_body (error)), "status"),
                   ==, 404);
  g_assert_cmpuint (gq_query_result_get_failure_count (missing), ==, 1);

  bad_regex = query (&fixture, "[\"tasks\", {\"title_like\": \"(\"}]");
  g_assert_error ((GError *) gq_query_result_get_error (bad_regex), GQ_HTTP_ERROR, GQ_HTTP_ERROR_BAD_REQUEST);
  g_assert_cmpuint (gq_query_result_get_failure_count (bad_regex), ==, 1);

  wrong_type = mutate (&fixture, "PATCH", "[\"tasks\"]", "{\"id\": 1, \"done\": \"yes\"}", &wrong_type_error);
  g_assert_null (wrong_type);
  g_assert_error (wrong_type_error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_UNPROCESSABLE);
  g_assert_nonnull (gq_http_error_get_server_message (wrong_type_error));
  g_assert_false (gq_http_error_is_retryable (wrong_type_error));

  duplicate = mutate (&fixture, "POST", "[\"people\"]", "{\"id\": 1, \"name\": \"Again\"}", &duplicate_error);
  g_assert_null (duplicate);
  g_assert_error (duplicate_error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_CONFLICT);

  fixture_clear (&fixture);
}

static void
test_injected_failure_retried (void)
{
  Fixture fixture;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) failing = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  const GError *reason;

  fixture_init (&fixture);
  gq_demo_server_set_faults (fixture.server, 0, 1.0, 0, 1);

  observer = observe (&fixture, "[\"projects\", 5]");
  gq_test_http_wait_for (failure_count (observer) == 1);
  gq_test_advance (&fixture.env, 1000);
  gq_test_http_wait_for (failure_count (observer) == 2);

  failing = gq_query_observer_get_current_result (observer);
  reason = gq_query_result_get_failure_reason (failing);
  g_assert_error ((GError *) reason, GQ_HTTP_ERROR, GQ_HTTP_ERROR_SERVICE_UNAVAILABLE);
  g_assert_cmpint (gq_http_error_get_retry_after (reason), ==, 1000);

  /* The server recovers; the third attempt, after the 2 s backoff (more
   * than the 1 s it asked for), gets the record. */
  gq_demo_server_set_faults (fixture.server, 0, 0, 0, 1);
  gq_test_advance (&fixture.env, 2000);
  gq_test_http_wait_for (is_settled (observer));

  result = gq_query_observer_get_current_result (observer);
  g_assert_cmpint (json_object_get_int_member (object_of (result), "id"), ==, 5);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

static guint
mutation_failures (GqMutationObserver *observer)
{
  g_autoptr(GqMutationResult) result = gq_mutation_observer_get_current_result (observer);

  return gq_mutation_result_get_failure_count (result);
}

static void
test_idempotent_replay (void)
{
  Fixture fixture;
  g_autoptr(JsonNode) key = gq_test_json ("[\"tasks\"]");
  g_autoptr(JsonNode) variables = gq_test_json ("{\"projectId\": 2, \"title\": \"Exactly once\", "
                                                "\"done\": false, \"priority\": 3}");
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (key);
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GqQueryResult) found = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  JsonArray *matches;

  fixture_init (&fixture);
  gq_rest_source_setup_mutation_options (fixture.source, options, "POST");
  gq_mutation_options_set_retry_func (options, gq_rest_source_retry_func,
                                      g_object_ref (fixture.source), g_object_unref);
  observer = gq_mutation_observer_new (fixture.env.client, options);

  /* The server applies the write, then drops the connection. */
  gq_demo_server_set_faults (fixture.server, 0, 0, 1.0, 1);
  gq_mutation_observer_mutate_async (observer, variables, NULL, gq_test_async_callback, &async);
  gq_test_http_wait_for (mutation_failures (observer) == 1);

  /* The retry, with the same Idempotency-Key, is answered from the
   * server's memory. */
  gq_demo_server_set_faults (fixture.server, 0, 0, 0, 1);
  gq_test_advance (&fixture.env, 1000);
  gq_test_http_wait_for (async.done);
  created = gq_mutation_observer_mutate_finish (observer, async.result, &error);
  gq_test_async_clear (&async);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (created), "title"), ==, "Exactly once");

  found = query (&fixture, "[\"tasks\", {\"title\": \"Exactly once\"}]");
  matches = json_node_get_array (gq_query_result_get_data (found));
  g_assert_cmpuint (json_array_get_length (matches), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (matches, 0), "id"), ==,
                   json_object_get_int_member (json_node_get_object (created), "id"));

  g_clear_object (&observer);
  g_clear_object (&options);
  fixture_clear (&fixture);
}

/* ---- the 50 MB listing -------------------------------------------------- */

static guint
listing_scale (void)
{
  /* 50 MB of tasks; under valgrind, which is fifty times slower, a tenth. */
  return RUNNING_ON_VALGRIND ? 2 : 15;
}

typedef struct
{
  gboolean got_headers;
} Watch;

static void
on_got_headers (SoupMessage *message,
                Watch       *watch)
{
  watch->got_headers = TRUE;
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   Watch       *watch)
{
  g_signal_connect (message, "got-headers", G_CALLBACK (on_got_headers), watch);
}

static void
test_cancel_mid_body (void)
{
  Fixture fixture;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqQueryResult) after = NULL;
  Watch watch = { FALSE };
  gulong handler;

  fixture_init_scaled (&fixture, listing_scale ());
  handler = g_signal_connect (gq_rest_source_get_session (fixture.source), "request-queued",
                              G_CALLBACK (on_request_queued), &watch);

  /* The headers are in and megabytes of body are on their way. */
  observer = observe (&fixture, "[\"tasks\"]");
  gq_test_http_wait_for (watch.got_headers);
  gq_query_client_cancel_queries (fixture.env.client, NULL, GQ_CANCEL_FLAGS_NONE);
  gq_test_http_wait_for (fetch_idle (observer));

  result = gq_query_observer_get_current_result (observer);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_result_get_fetch_status (result), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_null (gq_query_result_get_data (result));
  g_assert_null (gq_query_result_get_error (result));
  g_signal_handler_disconnect (gq_rest_source_get_session (fixture.source), handler);

  /* The source, and the server, go on. */
  after = query (&fixture, "[\"people\", 1]");
  g_assert_cmpint (json_object_get_int_member (object_of (after), "id"), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  fixture_clear (&fixture);
}

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
test_large_listing_keeps_loop_ticking (void)
{
  Fixture fixture;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  Ticker ticker = { 0 };
  guint threaded = _gq_rest_call_get_threaded_parse_count ();
  guint source_id;

  fixture_init_scaled (&fixture, listing_scale ());

  ticker.last = g_get_monotonic_time ();
  source_id = g_timeout_add (10, tick, &ticker);
  observer = observe (&fixture, "[\"tasks\"]");
  gq_test_http_wait_for (is_settled (observer));
  g_source_remove (source_id);

  result = gq_query_observer_get_current_result (observer);
  g_assert_no_error ((GError *) gq_query_result_get_error (result));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (gq_query_result_get_data (result))),
                    ==, 10000 * listing_scale ());
  g_assert_cmpuint (_gq_rest_call_get_threaded_parse_count (), ==, threaded + 1);

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Rest/Demo/records-and-routes", test_records_and_routes);
  g_test_add_func ("/Gq/Rest/Demo/pages", test_pages);
  g_test_add_func ("/Gq/Rest/Demo/error-classes", test_error_classes);
  g_test_add_func ("/Gq/Rest/Demo/injected-failure-retried", test_injected_failure_retried);
  g_test_add_func ("/Gq/Rest/Demo/idempotent-replay", test_idempotent_replay);
  g_test_add_func ("/Gq/Rest/Demo/cancel-mid-body", test_cancel_mid_body);
  g_test_add_func ("/Gq/Rest/Demo/50mb-listing-keeps-loop-ticking", test_large_listing_keeps_loop_ticking);

  return g_test_run ();
}
