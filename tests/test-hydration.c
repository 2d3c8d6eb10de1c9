/* test-hydration.c: TanStack's hydration.test.tsx, ported, plus what
 * gquery adds: the idempotency key of a restored mutation, in-flight
 * mutations, malformed states
 *
 * Upstream runs a "server" client and a "browser" client on one fake
 * clock; here two envs share one manual scheduler. A dehydrated state
 * crosses between them as JSON text (JSON.stringify, JSON.parse), as it
 * does on disk. gquery has no promises in a dehydrated state, so the
 * upstream cases about a pending query's promise are ported where they
 * make sense in JSON: a pending query written with data is one whose
 * fetch resolved before it was written (upstream's synchronous thenable).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include <string.h>

#include "gq-mutation-private.h"
#include "gq-query-private.h"

/* ---- helpers ------------------------------------------------------- */

typedef struct
{
  GqTestEnv  server;
  GqTestEnv  client;
  GPtrArray *fetchers;
} Fixture;

static void
fixture_init (Fixture *f)
{
  gq_test_env_init (&f->server);
  gq_test_hydration_env_init_shared (&f->client, &f->server);
  f->fetchers = g_ptr_array_new_with_free_func ((GDestroyNotify) gq_test_fetcher_free);
}

static void
fixture_clear (Fixture *f)
{
  gq_test_env_clear (&f->client);
  gq_test_env_clear (&f->server);
  g_clear_pointer (&f->fetchers, g_ptr_array_unref);
}

static GqTestFetcher *
fetcher_new (Fixture    *f,
             GqTestEnv  *env,
             const char *data,
             gint64      delay)
{
  GqTestFetcher *fetcher = gq_test_fetcher_new (env);

  fetcher->data = data ? gq_test_json (data) : NULL;
  fetcher->delay = delay;
  g_ptr_array_add (f->fetchers, fetcher);

  return fetcher;
}

/* queryClient.prefetchQuery ({queryKey, queryFn: () => sleep (delay).then
 * (() => data)}), not awaited. */
static GqTestFetcher *
prefetch (Fixture    *f,
          GqTestEnv  *env,
          JsonNode   *key,
          const char *data,
          gint64      delay)
{
  GqTestFetcher *fetcher = fetcher_new (f, env, data, delay);
  g_autoptr(GqQueryOptions) options = gq_test_options_new (key, fetcher);

  gq_query_client_prefetch_query_async (env->client, options, NULL, NULL, NULL);

  return fetcher;
}

/* The same, with a query function that fails. */
static void
prefetch_failing (Fixture   *f,
                  GqTestEnv *env,
                  JsonNode  *key)
{
  GqTestFetcher *fetcher = fetcher_new (f, env, NULL, 0);
  g_autoptr(GqQueryOptions) options = NULL;

  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_client_prefetch_query_async (env->client, options, NULL, NULL, NULL);
}

static JsonNode *
key_new (const char *name)
{
  return gq_key_new (name, NULL);
}

static JsonNode *
dehydrate_roundtrip (GqTestEnv          *env,
                     GqDehydrateOptions *options)
{
  g_autoptr(JsonNode) dehydrated = gq_dehydrate (env->client, options);

  return gq_test_hydration_roundtrip (dehydrated);
}

static void
hydrate_ok (GqTestEnv        *env,
            JsonNode         *state,
            GqHydrateOptions *options)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gq_hydrate (env->client, state, options, &error));
  g_assert_no_error (error);
}

static JsonNode *
data_of (GqTestEnv *env,
         JsonNode  *key)
{
  GqQuery *query = gq_test_find_query (env, key);

  g_assert_nonnull (query);

  return gq_query_state_get_data (gq_query_get_state (query));
}

static JsonArray *
member_array (JsonNode   *root,
              const char *name)
{
  return json_object_get_array_member (json_node_get_object (root), name);
}

static JsonObject *
entry_at (JsonNode   *root,
          const char *name,
          guint       index)
{
  return json_array_get_object_element (member_array (root, name), index);
}

static gboolean
always (gpointer object,
        gpointer user_data)
{
  return TRUE;
}

static gboolean
never (gpointer object,
       gpointer user_data)
{
  return FALSE;
}

static GqDehydrateOptions *
dehydrate_all_queries (void)
{
  GqDehydrateOptions *options = gq_dehydrate_options_new ();

  gq_dehydrate_options_set_should_dehydrate_query_func (options, (GqQueryPredicate) always, NULL, NULL);

  return options;
}

/* Await client.prefetchQuery with a query function that must not run. */
static void
prefetch_fresh (Fixture  *f,
                JsonNode *key,
                guint    *calls)
{
  GqTestFetcher *fetcher = fetcher_new (f, &f->client, "\"fetched\"", 0);
  g_autoptr(GqQueryOptions) options = gq_test_options_new (key, fetcher);
  GqTestAsync async = { 0 };

  gq_query_options_set_stale_time (options, 1000);
  gq_query_client_prefetch_query_async (f->client.client, options, NULL,
                                        gq_test_async_callback, &async);
  gq_test_await (&f->client, &async);
  g_assert_true (gq_query_client_prefetch_query_finish (f->client.client, async.result, NULL));
  gq_test_async_clear (&async);

  *calls += fetcher->calls;
}

/* ---- dehydrateQuery --------------------------------------------------- */

/* should dehydrate a query directly without optional callbacks */
static void
test_dehydrate_query_direct (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) dehydrated = NULL;
  GqQuery *query;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"data\"");
  query = gq_test_find_query (&env, key);
  gq_test_advance (&env, 1234);

  dehydrated = gq_dehydrate_query (query, NULL);

  gq_assert_json (dehydrated,
                  "{\"dehydratedAt\": 1001234,"
                  " \"queryHash\": \"[\\\"query_1\\\"]\","
                  " \"queryKey\": [\"query_1\"],"
                  " \"state\": {\"data\": \"data\", \"dataUpdateCount\": 1,"
                  "   \"dataUpdatedAt\": 1000000, \"error\": null, \"errorUpdateCount\": 0,"
                  "   \"errorUpdatedAt\": 0, \"fetchFailureCount\": 0,"
                  "   \"fetchFailureReason\": null, \"fetchMeta\": null,"
                  "   \"fetchStatus\": \"idle\", \"isInvalidated\": false,"
                  "   \"status\": \"success\"}}");
  g_assert_true (json_node_is_immutable (dehydrated));

  gq_test_env_clear (&env);
}

static JsonNode *
wrap_in_object (JsonNode *data,
                gpointer  user_data)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  (*(guint *) user_data)++;
  json_object_set_member (object, "wrapped", json_node_ref (data));
  json_node_take_object (node, object);

  return node;
}

/* should serialize data when dehydrating a query directly */
static void
test_dehydrate_query_serializes (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) dehydrated = NULL;
  g_autoptr(GqDehydrateOptions) options = gq_dehydrate_options_new ();
  guint calls = 0;
  JsonObject *state;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"2024-01-01T00:00:00.000Z\"");
  gq_dehydrate_options_set_serialize_data_func (options, wrap_in_object, &calls, NULL);

  dehydrated = gq_dehydrate_query (gq_test_find_query (&env, key), options);

  state = json_object_get_object_member (json_node_get_object (dehydrated), "state");
  gq_assert_json (json_object_get_member (state, "data"), "{\"wrapped\": \"2024-01-01T00:00:00.000Z\"}");
  g_assert_cmpuint (calls, ==, 1);
  gq_assert_json (data_of (&env, key), "\"2024-01-01T00:00:00.000Z\"");

  gq_test_env_clear (&env);
}

static gboolean
count_and_answer (const GError *error,
                  gpointer      user_data)
{
  guint *calls = user_data;

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  (*calls)++;

  /* Odd: keep, even: redact. */
  return (*calls % 2) == 0;
}

/* should use shouldRedactErrors when dehydrating a query directly: here
 * the errors of the state, with the message kept when the predicate says
 * no, and replaced (domain and code kept) when it says yes. */
static void
test_dehydrate_query_redacts_errors (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(GqDehydrateOptions) options = gq_dehydrate_options_new ();
  g_autoptr(JsonNode) kept = NULL;
  g_autoptr(JsonNode) redacted = NULL;
  JsonObject *state;
  guint calls = 0;

  fixture_init (&f);
  prefetch_failing (&f, &f.server, key);
  gq_test_advance (&f.server, 0);

  gq_dehydrate_options_set_should_redact_error_func (options, count_and_answer, &calls, NULL);

  /* The error and the failure reason: one call each. */
  kept = gq_dehydrate_query (gq_test_find_query (&f.server, key), options);
  g_assert_cmpuint (calls, ==, 2);
  state = json_object_get_object_member (json_node_get_object (kept), "state");
  gq_assert_json (json_object_get_member (state, "error"),
                  "{\"code\": 0, \"domain\": \"g-io-error-quark\", \"message\": \"failure 1\"}");
  gq_assert_json (json_object_get_member (state, "fetchFailureReason"),
                  "{\"code\": 0, \"domain\": \"g-io-error-quark\", \"message\": \"redacted\"}");
  g_assert_cmpstr (json_object_get_string_member (state, "status"), ==, "error");

  redacted = gq_dehydrate_query (gq_test_find_query (&f.server, key), NULL);
  state = json_object_get_object_member (json_node_get_object (redacted), "state");
  gq_assert_json (json_object_get_member (state, "error"),
                  "{\"code\": 0, \"domain\": \"g-io-error-quark\", \"message\": \"failure 1\"}");

  fixture_clear (&f);
}

/* ---- dehydrate and hydrate ------------------------------------------ */

/* should work with serializable values */
static void
test_serializable_values (void)
{
  Fixture f;
  const char *values[] = { "\"string\"", "1", "true", "null", "[\"string\", 0]",
                           "{\"key\": [{\"nestedKey\": 1}]}" };
  JsonNode *keys[G_N_ELEMENTS (values)];
  g_autoptr(JsonNode) state = NULL;
  guint calls = 0;

  fixture_init (&f);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *name = g_strdup_printf ("query_%u", i);

      keys[i] = key_new (name);
      prefetch (&f, &f.server, keys[i], values[i], 0);
    }
  gq_test_advance (&f.server, 0);

  state = dehydrate_roundtrip (&f.server, NULL);
  hydrate_ok (&f.client, state, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    gq_assert_json (data_of (&f.client, keys[i]), values[i]);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    prefetch_fresh (&f, keys[i], &calls);
  g_assert_cmpuint (calls, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    json_node_unref (keys[i]);
  fixture_clear (&f);
}

/* should not dehydrate queries if dehydrateQueries is set to false */
static void
test_no_queries_when_filtered_out (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(GqDehydrateOptions) options = gq_dehydrate_options_new ();
  g_autoptr(JsonNode) state = NULL;

  fixture_init (&f);
  prefetch (&f, &f.server, key, "\"string\"", 0);
  gq_test_advance (&f.server, 0);

  gq_dehydrate_options_set_should_dehydrate_query_func (options, (GqQueryPredicate) never, NULL, NULL);
  state = gq_dehydrate (f.server.client, options);

  g_assert_cmpuint (json_array_get_length (member_array (state, "queries")), ==, 0);

  fixture_clear (&f);
}

/* should use the garbage collection time from the client */
static void
test_gc_time_from_client (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqTestFetcher *fetcher;

  fixture_init (&f);
  fetcher = fetcher_new (&f, &f.server, "\"string\"", 0);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, 50);
  gq_query_client_prefetch_query_async (f.server.client, options, NULL, NULL, NULL);
  gq_test_advance (&f.server, 0);
  state = dehydrate_roundtrip (&f.server, NULL);

  gq_test_advance (&f.server, 20);
  hydrate_ok (&f.client, state, NULL);
  gq_assert_json (data_of (&f.client, key), "\"string\"");
  g_assert_cmpint (gq_query_get_gc_time (gq_test_find_query (&f.client, key)), ==, 300000);

  gq_test_advance (&f.client, 100);
  gq_assert_json (data_of (&f.client, key), "\"string\"");
  /* While the server's own query, with its 50 ms, is gone. */
  g_assert_null (gq_test_find_query (&f.server, key));

  fixture_clear (&f);
}

/* should be able to provide default options for the hydrated queries */
static void
test_hydrate_default_query_options (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GqHydrateOptions) options = gq_hydrate_options_new ();
  g_autoptr(GqQueryOptions) defaults = gq_query_options_new (NULL);

  fixture_init (&f);
  prefetch (&f, &f.server, key, "\"string\"", 0);
  gq_test_advance (&f.server, 0);
  state = dehydrate_roundtrip (&f.server, NULL);

  gq_query_options_set_retry (defaults, 10);
  gq_hydrate_options_set_default_query_options (options, defaults);
  hydrate_ok (&f.client, state, options);

  g_assert_cmpint (gq_query_options_get_retry (gq_query_get_options (gq_test_find_query (&f.client, key))), ==, 10);

  fixture_clear (&f);
}

/* should respect query defaultOptions specified on the QueryClient */
static void
test_client_default_options_for_queries (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GqDehydrateOptions) server_defaults = dehydrate_all_queries ();
  g_autoptr(GqHydrateOptions) client_defaults = gq_hydrate_options_new ();
  g_autoptr(GqHydrateOptions) call = gq_hydrate_options_new ();
  g_autoptr(GqQueryOptions) retry = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) gc = gq_query_options_new (NULL);
  GqQueryOptions *restored;
  const GError *error;

  fixture_init (&f);
  gq_query_client_set_default_dehydrate_options (f.server.client, server_defaults);
  prefetch_failing (&f, &f.server, key);
  gq_test_advance (&f.server, 0);

  state = dehydrate_roundtrip (&f.server, NULL);
  g_assert_cmpuint (json_array_get_length (member_array (state, "queries")), ==, 1);

  gq_query_options_set_retry (retry, 10);
  gq_hydrate_options_set_default_query_options (client_defaults, retry);
  gq_query_client_set_default_hydrate_options (f.client.client, client_defaults);
  gq_query_options_set_gc_time (gc, 10);
  gq_hydrate_options_set_default_query_options (call, gc);
  hydrate_ok (&f.client, state, call);

  restored = gq_query_get_options (gq_test_find_query (&f.client, key));
  g_assert_cmpint (gq_query_options_get_retry (restored), ==, 10);
  g_assert_cmpint (gq_query_options_get_gc_time (restored), ==, 10);
  error = gq_query_state_get_error (gq_test_state_of (&f.client, key));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "failure 1");
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&f.client, key)), ==, GQ_QUERY_STATUS_ERROR);

  fixture_clear (&f);
}

static gboolean
data_is_done (GqMutation *mutation,
              gpointer    user_data)
{
  JsonNode *data = gq_mutation_state_get_data (gq_mutation_get_state (mutation));

  return data != NULL && JSON_NODE_HOLDS_VALUE (data) &&
         g_strcmp0 (json_node_get_string (data), "done") == 0;
}

/* should respect mutation defaultOptions specified on the QueryClient */
static void
test_client_default_options_for_mutations (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqDehydrateOptions) server_defaults = gq_dehydrate_options_new ();
  g_autoptr(GqHydrateOptions) client_defaults = gq_hydrate_options_new ();
  g_autoptr(GqHydrateOptions) call = gq_hydrate_options_new ();
  g_autoptr(GqMutationOptions) retry = gq_mutation_options_new (NULL);
  g_autoptr(GqMutationOptions) gc = gq_mutation_options_new (NULL);
  g_autoptr(GqMutationFilters) filters = gq_mutation_filters_new (key);
  GqTestAsync async = { 0 };
  GqMutationOptions *restored;

  fixture_init (&f);
  gq_dehydrate_options_set_should_dehydrate_mutation_func (server_defaults, data_is_done, NULL, NULL);
  gq_query_client_set_default_dehydrate_options (f.server.client, server_defaults);
  mutator = gq_test_mutator_new (&f.server);
  mutator->data = gq_test_json ("\"done\"");
  options = gq_test_mutation_options_new (key, mutator);
  gq_test_execute_mutation (&f.server, options, NULL, &async);
  gq_test_await (&f.server, &async);
  gq_test_async_clear (&async);

  state = dehydrate_roundtrip (&f.server, NULL);
  g_assert_cmpuint (json_array_get_length (member_array (state, "mutations")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry_at (state, "mutations", 0), "state"), "data"),
                   ==, "done");

  gq_mutation_options_set_retry (retry, 10);
  gq_hydrate_options_set_default_mutation_options (client_defaults, retry);
  gq_query_client_set_default_hydrate_options (f.client.client, client_defaults);
  gq_mutation_options_set_gc_time (gc, 10);
  gq_hydrate_options_set_default_mutation_options (call, gc);
  hydrate_ok (&f.client, state, call);

  restored = gq_mutation_get_options (gq_mutation_cache_find (gq_test_mutation_cache (&f.client), filters));
  g_assert_cmpint (gq_mutation_options_get_retry (restored), ==, 10);
  g_assert_cmpint (gq_mutation_options_get_gc_time (restored), ==, 10);

  fixture_clear (&f);
}

/* should work with complex keys */
static void
test_complex_keys (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = gq_test_json ("[\"query_1\", {\"key\": [\"string\"], \"key2\": 0}]");
  g_autoptr(JsonNode) same = gq_test_json ("[\"query_1\", {\"key2\": 0, \"key\": [\"string\"]}]");
  g_autoptr(JsonNode) state = NULL;
  guint calls = 0;

  fixture_init (&f);
  prefetch (&f, &f.server, key, "\"string\"", 0);
  gq_test_advance (&f.server, 0);
  state = dehydrate_roundtrip (&f.server, NULL);

  hydrate_ok (&f.client, state, NULL);
  gq_assert_json (data_of (&f.client, same), "\"string\"");

  prefetch_fresh (&f, same, &calls);
  g_assert_cmpuint (calls, ==, 0);

  fixture_clear (&f);
}

/* should only hydrate successful queries by default */
static void
test_only_successful_by_default (void)
{
  Fixture f;
  g_autoptr(JsonNode) success_key = key_new ("success");
  g_autoptr(JsonNode) loading_key = key_new ("loading");
  g_autoptr(JsonNode) error_key = key_new ("error");
  g_autoptr(JsonNode) state = NULL;

  fixture_init (&f);
  prefetch (&f, &f.server, success_key, "\"success\"", 0);
  gq_test_advance (&f.server, 0);
  prefetch (&f, &f.server, loading_key, "\"loading\"", 10000);
  prefetch_failing (&f, &f.server, error_key);
  gq_test_advance (&f.server, 0);

  state = dehydrate_roundtrip (&f.server, NULL);
  hydrate_ok (&f.client, state, NULL);

  gq_assert_json (data_of (&f.client, success_key), "\"success\"");
  g_assert_null (gq_test_find_query (&f.client, loading_key));
  g_assert_null (gq_test_find_query (&f.client, error_key));

  gq_test_advance (&f.server, 10000);
  fixture_clear (&f);
}

static gboolean
key_is_not (GqQuery  *query,
            gpointer  user_data)
{
  return !gq_json_equal (gq_query_get_query_key (query), user_data);
}

/* should filter queries via dehydrateQuery */
static void
test_filter_queries (void)
{
  Fixture f;
  g_autoptr(JsonNode) string_key = key_new ("string");
  g_autoptr(JsonNode) number_key = key_new ("number");
  g_autoptr(GqDehydrateOptions) options = gq_dehydrate_options_new ();
  g_autoptr(JsonNode) state = NULL;

  fixture_init (&f);
  prefetch (&f, &f.server, string_key, "\"string\"", 0);
  prefetch (&f, &f.server, number_key, "1", 0);
  gq_test_advance (&f.server, 0);

  gq_dehydrate_options_set_should_dehydrate_query_func (options, key_is_not, string_key, NULL);
  state = dehydrate_roundtrip (&f.server, options);
  g_assert_cmpuint (json_array_get_length (member_array (state, "queries")), ==, 1);

  hydrate_ok (&f.client, state, NULL);
  g_assert_null (gq_test_find_query (&f.client, string_key));
  gq_assert_json (data_of (&f.client, number_key), "1");

  fixture_clear (&f);
}

/* should not overwrite query in cache if hydrated query is older */
static void
test_older_does_not_overwrite (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;

  fixture_init (&f);
  prefetch (&f, &f.server, key, "\"string-older\"", 5);
  gq_test_advance (&f.server, 5);
  state = dehydrate_roundtrip (&f.server, NULL);

  prefetch (&f, &f.client, key, "\"string-newer\"", 5);
  gq_test_advance (&f.client, 5);

  hydrate_ok (&f.client, state, NULL);
  gq_assert_json (data_of (&f.client, key), "\"string-newer\"");
  g_assert_cmpint (gq_query_state_get_data_updated_at (gq_test_state_of (&f.client, key)), ==,
                   GQ_TEST_START_TIME + 10);

  fixture_clear (&f);
}

/* should overwrite query in cache if hydrated query is newer */
static void
test_newer_overwrites (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;
  GqQueryState *restored;

  fixture_init (&f);
  prefetch (&f, &f.client, key, "\"string-older\"", 5);
  gq_test_advance (&f.client, 5);

  prefetch (&f, &f.server, key, "\"string-newer\"", 5);
  gq_test_advance (&f.server, 5);
  state = dehydrate_roundtrip (&f.server, NULL);

  hydrate_ok (&f.client, state, NULL);
  restored = gq_test_state_of (&f.client, key);
  gq_assert_json (gq_query_state_get_data (restored), "\"string-newer\"");
  g_assert_cmpint (gq_query_state_get_data_updated_at (restored), ==, GQ_TEST_START_TIME + 10);

  fixture_clear (&f);
}

/* Probe S32: equal timestamps keep the client's data. */
static void
test_equal_timestamps_keep_local (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;

  fixture_init (&f);
  prefetch (&f, &f.server, key, "\"server\"", 5);
  prefetch (&f, &f.client, key, "\"client\"", 5);
  gq_test_advance (&f.server, 5);
  state = dehydrate_roundtrip (&f.server, NULL);

  hydrate_ok (&f.client, state, NULL);
  gq_assert_json (data_of (&f.client, key), "\"client\"");

  fixture_clear (&f);
}

/* Probe S31: one successful query dehydrates to exactly these fields. */
static void
test_default_output_fields (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *entry;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "1");
  state = gq_dehydrate (env.client, NULL);

  g_assert_cmpuint (json_object_get_size (json_node_get_object (state)), ==, 2);
  g_assert_cmpuint (json_array_get_length (member_array (state, "mutations")), ==, 0);
  entry = entry_at (state, "queries", 0);
  members = json_object_get_members (entry);
  g_assert_cmpuint (g_list_length (members), ==, 4);
  g_assert_true (json_object_has_member (entry, "dehydratedAt"));
  g_assert_true (json_object_has_member (entry, "state"));
  g_assert_true (json_object_has_member (entry, "queryKey"));
  g_assert_true (json_object_has_member (entry, "queryHash"));

  gq_test_env_clear (&env);
}

/* ---- mutations ------------------------------------------------------- */

static JsonNode *
optimistic_todo (GqMutation  *mutation,
                 JsonNode    *variables,
                 gpointer     user_data,
                 GError     **error)
{
  JsonObject *vars = json_node_get_object (variables);
  g_autofree char *text = g_strdup_printf ("{\"optimisticTodo\": {\"id\": 1, \"text\": \"%s\"}}",
                                           json_object_get_string_member (vars, "text"));

  (*(guint *) user_data)++;

  return gq_test_json (text);
}

/* should be able to dehydrate mutations and continue on hydration */
static void
test_mutation_continues_after_hydration (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(JsonNode) vars = gq_test_json ("{\"text\": \"text\"}");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GqTestMutator) server_add = NULL;
  g_autoptr(GqTestMutator) client_add = NULL;
  g_autoptr(GqMutationOptions) server_defaults = NULL;
  g_autoptr(GqMutationOptions) client_defaults = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqTestStep on_success = { .name = "success" };
  guint server_on_mutate = 0;
  guint client_on_mutate = 0;
  GqTestAsync async = { 0 };
  GqMutation *server_mutation;
  GqMutation *restored;
  GqMutationContext *context;

  fixture_init (&f);
  gq_online_manager_set_online (f.server.online, FALSE);

  server_add = gq_test_mutator_new (&f.server);
  server_add->fail_always = TRUE;
  server_defaults = gq_test_mutation_options_new (NULL, server_add);
  gq_mutation_options_set_on_mutate_func (server_defaults, optimistic_todo, &server_on_mutate, NULL);
  gq_mutation_options_set_retry (server_defaults, 3);
  gq_mutation_options_set_retry_delay (server_defaults, 10);
  gq_query_client_set_mutation_defaults (f.server.client, key, server_defaults);

  options = gq_mutation_options_new (key);
  server_mutation = gq_test_execute_mutation (&f.server, options, vars, NULL);
  gq_test_advance (&f.server, 50);
  g_assert_true (gq_mutation_state_get_is_paused (gq_mutation_get_state (server_mutation)));
  g_assert_cmpuint (server_add->calls, ==, 0);
  g_assert_cmpuint (server_on_mutate, ==, 1);

  state = dehydrate_roundtrip (&f.server, NULL);
  g_assert_cmpuint (json_array_get_length (member_array (state, "mutations")), ==, 1);
  gq_query_client_clear (f.server.client);

  /* The clock and managers are shared: back online for the client. */
  gq_online_manager_set_online (f.client.online, TRUE);

  client_add = gq_test_mutator_new (&f.client);
  client_add->data = gq_test_json ("{\"id\": 2, \"text\": \"text\"}");
  client_defaults = gq_test_mutation_options_new (NULL, client_add);
  gq_mutation_options_set_on_mutate_func (client_defaults, optimistic_todo, &client_on_mutate, NULL);
  gq_mutation_options_set_on_success_func (client_defaults, gq_test_step_on_success, &on_success, NULL);
  gq_mutation_options_set_retry (client_defaults, 3);
  gq_mutation_options_set_retry_delay (client_defaults, 10);
  gq_query_client_set_mutation_defaults (f.client.client, key, client_defaults);

  hydrate_ok (&f.client, state, NULL);

  gq_query_client_resume_paused_mutations_async (f.client.client, NULL, gq_test_async_callback, &async);
  gq_test_await (&f.client, &async);
  g_assert_true (gq_query_client_resume_paused_mutations_finish (f.client.client, async.result, NULL));
  gq_test_async_clear (&async);

  g_assert_cmpuint (client_add->calls, ==, 1);
  g_assert_cmpuint (client_on_mutate, ==, 0);
  g_assert_cmpuint (on_success.calls, ==, 1);
  gq_assert_json (on_success.data, "{\"id\": 2, \"text\": \"text\"}");
  gq_assert_json (on_success.variables, "{\"text\": \"text\"}");
  gq_assert_json (on_success.received_context, "{\"optimisticTodo\": {\"id\": 1, \"text\": \"text\"}}");

  restored = on_success.mutation;
  g_assert_true (gq_mutation_get_client (restored) == f.client.client);
  gq_assert_json (gq_mutation_get_mutation_key (restored), "[\"mutation_1\"]");
  g_assert_null (gq_mutation_get_meta (restored));
  g_assert_cmpint (gq_mutation_get_status (restored), ==, GQ_MUTATION_STATUS_SUCCESS);

  context = g_ptr_array_index (client_add->contexts, 0);
  g_assert_cmpstr (gq_mutation_context_get_idempotency_key (context), ==,
                   json_object_get_string_member (json_object_get_object_member (entry_at (state, "mutations", 0), "state"),
                                                  "idempotencyKey"));

  gq_test_step_clear (&on_success);
  fixture_clear (&f);
}

/* should not dehydrate mutations if dehydrateMutations is set to false */
static void
test_no_mutations_when_filtered_out (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(JsonNode) vars = gq_test_json ("{\"text\": \"text\"}");
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqDehydrateOptions) dehydrate = gq_dehydrate_options_new ();
  g_autoptr(JsonNode) state = NULL;

  fixture_init (&f);
  gq_online_manager_set_online (f.server.online, FALSE);
  mutator = gq_test_mutator_new (&f.server);
  options = gq_test_mutation_options_new (key, mutator);
  gq_test_execute_mutation (&f.server, options, vars, NULL);
  gq_test_advance (&f.server, 1);

  /* Paused, so the default would keep it. */
  state = gq_dehydrate (f.server.client, NULL);
  g_assert_cmpuint (json_array_get_length (member_array (state, "mutations")), ==, 1);
  g_clear_pointer (&state, json_node_unref);

  gq_dehydrate_options_set_should_dehydrate_mutation_func (dehydrate, (GqMutationPredicate) never, NULL, NULL);
  state = gq_dehydrate (f.server.client, dehydrate);
  g_assert_cmpuint (json_array_get_length (member_array (state, "mutations")), ==, 0);

  fixture_clear (&f);
}

/* should not dehydrate mutation if mutation state is set to pause: between
 * retries a mutation is pending but not paused */
static void
test_mutation_between_retries_not_dehydrated (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) state = NULL;
  GqMutation *mutation;

  fixture_init (&f);
  mutator = gq_test_mutator_new (&f.server);
  mutator->fail_always = TRUE;
  options = gq_test_mutation_options_new (key, mutator);
  gq_mutation_options_set_retry (options, 1);
  gq_mutation_options_set_retry_delay (options, 20);
  mutation = gq_test_execute_mutation (&f.server, options, NULL, NULL);

  gq_test_advance (&f.server, 1);
  g_assert_cmpuint (mutator->calls, ==, 1);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_PENDING);
  state = gq_dehydrate (f.server.client, NULL);
  g_assert_cmpuint (json_array_get_length (member_array (state, "mutations")), ==, 0);

  gq_test_advance (&f.server, 30);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_ERROR);
  fixture_clear (&f);
}

/* should not hydrate if the hydratedState is null or is not an object:
 * NULL is nothing to do; JSON that is not an object is an error */
static void
test_hydrate_null_or_not_object (void)
{
  GqTestEnv env;
  const char *bad[] = { "null", "\"invalid\"", "[]", "42" };
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);

  g_assert_true (gq_hydrate (env.client, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) state = gq_test_json (bad[i]);

      g_assert_false (gq_hydrate (env.client, state, NULL, &error));
      g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_DEHYDRATED_STATE);
      g_assert_nonnull (strstr (error->message, "not an object"));
      g_clear_error (&error);
    }

  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);
  gq_test_env_clear (&env);
}

/* should support hydratedState with undefined queries and mutations */
static void
test_hydrate_empty_object (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) empty = gq_test_json ("{}");
  g_autoptr(JsonNode) nulls = gq_test_json ("{\"queries\": null, \"mutations\": null}");

  gq_test_env_init (&env);
  hydrate_ok (&env, empty, NULL);
  hydrate_ok (&env, nulls, NULL);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 0);
  gq_test_env_clear (&env);
}

/* should set the fetchStatus to idle when creating a query with dehydrate */
static void
test_new_query_is_idle (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);
  GqTestFetcher *fetcher;

  fixture_init (&f);
  fetcher = prefetch (&f, &f.server, key, "\"string\"", 0);
  gq_test_advance (&f.server, 0);
  fetcher->delay = 10;
  gq_query_client_refetch_queries_async (f.server.client, filters, GQ_REFETCH_FLAGS_NONE, NULL, NULL, NULL);
  gq_test_flush (&f.server);

  state = dehydrate_roundtrip (&f.server, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry_at (state, "queries", 0), "state"),
                                                  "fetchStatus"), ==, "fetching");

  hydrate_ok (&f.client, state, NULL);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&f.client, key)), ==, GQ_FETCH_STATUS_IDLE);
  gq_assert_json (data_of (&f.client, key), "\"string\"");

  gq_test_advance (&f.server, 10);
  fixture_clear (&f);
}

/* should dehydrate and hydrate meta for queries */
static void
test_query_meta (void)
{
  Fixture f;
  g_autoptr(JsonNode) meta_key = key_new ("meta");
  g_autoptr(JsonNode) no_meta_key = key_new ("no-meta");
  g_autoptr(JsonNode) meta = gq_test_json ("{\"some\": \"meta\"}");
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) state = NULL;
  GqTestFetcher *fetcher;

  fixture_init (&f);
  fetcher = fetcher_new (&f, &f.server, "\"meta\"", 0);
  options = gq_test_options_new (meta_key, fetcher);
  gq_query_options_set_meta (options, meta);
  gq_query_client_prefetch_query_async (f.server.client, options, NULL, NULL, NULL);
  prefetch (&f, &f.server, no_meta_key, "\"no-meta\"", 0);
  gq_test_advance (&f.server, 0);

  state = dehydrate_roundtrip (&f.server, NULL);
  gq_assert_json (json_object_get_member (entry_at (state, "queries", 0), "meta"), "{\"some\": \"meta\"}");
  g_assert_false (json_object_has_member (entry_at (state, "queries", 1), "meta"));

  hydrate_ok (&f.client, state, NULL);
  gq_assert_json (gq_query_options_get_meta (gq_query_get_options (gq_test_find_query (&f.client, meta_key))),
                  "{\"some\": \"meta\"}");
  g_assert_null (gq_query_options_get_meta (gq_query_get_options (gq_test_find_query (&f.client, no_meta_key))));

  fixture_clear (&f);
}

/* should dehydrate and hydrate meta for mutations */
static void
test_mutation_meta (void)
{
  Fixture f;
  g_autoptr(JsonNode) meta_key = key_new ("meta");
  g_autoptr(JsonNode) no_meta_key = key_new ("no-meta");
  g_autoptr(JsonNode) meta = gq_test_json ("{\"some\": \"meta\"}");
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) with_meta = NULL;
  g_autoptr(GqMutationOptions) without_meta = NULL;
  g_autoptr(GqDehydrateOptions) all = gq_dehydrate_options_new ();
  g_autoptr(GqMutationFilters) meta_filter = gq_mutation_filters_new (meta_key);
  g_autoptr(GqMutationFilters) no_meta_filter = gq_mutation_filters_new (no_meta_key);
  g_autoptr(JsonNode) state = NULL;
  GqMutationCache *cache;

  fixture_init (&f);
  mutator = gq_test_mutator_new (&f.server);
  with_meta = gq_test_mutation_options_new (meta_key, mutator);
  gq_mutation_options_set_meta (with_meta, meta);
  without_meta = gq_test_mutation_options_new (no_meta_key, mutator);
  gq_test_execute_mutation (&f.server, with_meta, NULL, NULL);
  gq_test_execute_mutation (&f.server, without_meta, NULL, NULL);
  gq_test_advance (&f.server, 0);

  gq_dehydrate_options_set_should_dehydrate_mutation_func (all, (GqMutationPredicate) always, NULL, NULL);
  state = dehydrate_roundtrip (&f.server, all);
  gq_assert_json (json_object_get_member (entry_at (state, "mutations", 0), "meta"), "{\"some\": \"meta\"}");
  g_assert_false (json_object_has_member (entry_at (state, "mutations", 1), "meta"));

  hydrate_ok (&f.client, state, NULL);
  cache = gq_test_mutation_cache (&f.client);
  gq_assert_json (gq_mutation_get_meta (gq_mutation_cache_find (cache, meta_filter)), "{\"some\": \"meta\"}");
  g_assert_null (gq_mutation_get_meta (gq_mutation_cache_find (cache, no_meta_filter)));

  fixture_clear (&f);
}

/* should not change fetchStatus when updating a query with dehydrate */
static void
test_update_keeps_fetch_status (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;

  fixture_init (&f);
  prefetch (&f, &f.server, key, "\"string\"", 10);
  gq_test_advance (&f.server, 10);
  state = dehydrate_roundtrip (&f.server, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry_at (state, "queries", 0), "state"),
                                                  "fetchStatus"), ==, "idle");

  prefetch (&f, &f.client, key, "\"string\"", 10);
  gq_test_flush (&f.client);
  hydrate_ok (&f.client, state, NULL);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&f.client, key)), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&f.client, key)), ==, GQ_QUERY_STATUS_SUCCESS);

  gq_test_advance (&f.client, 10);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&f.client, key)), ==, GQ_FETCH_STATUS_IDLE);

  fixture_clear (&f);
}

/* should dehydrate and hydrate mutation scopes */
static void
test_mutation_scopes (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(JsonNode) vars = gq_test_json ("\"vars\"");
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationFilters) filters = gq_mutation_filters_new (key);
  g_autoptr(JsonNode) state = NULL;
  GqMutation *restored;

  fixture_init (&f);
  gq_online_manager_set_online (f.server.online, FALSE);
  mutator = gq_test_mutator_new (&f.server);
  options = gq_test_mutation_options_new (key, mutator);
  gq_mutation_options_set_scope_id (options, "scope");
  gq_test_execute_mutation (&f.server, options, vars, NULL);
  gq_test_flush (&f.server);

  state = dehydrate_roundtrip (&f.server, NULL);
  gq_assert_json (json_object_get_member (entry_at (state, "mutations", 0), "scope"), "{\"id\": \"scope\"}");

  hydrate_ok (&f.client, state, NULL);
  restored = gq_mutation_cache_find (gq_test_mutation_cache (&f.client), filters);
  g_assert_cmpstr (gq_mutation_get_scope_id (restored), ==, "scope");
  g_assert_true (gq_mutation_state_get_is_paused (gq_mutation_get_state (restored)));
  gq_assert_json (gq_mutation_state_get_variables (gq_mutation_get_state (restored)), "\"vars\"");

  fixture_clear (&f);
}

/* should dehydrate promises for pending queries: no promise here; a
 * pending query chosen by the filter is written pending, and comes back
 * pending and idle, with nothing running */
static void
test_pending_query_written_without_promise (void)
{
  Fixture f;
  g_autoptr(JsonNode) success_key = key_new ("success");
  g_autoptr(JsonNode) pending_key = key_new ("pending");
  g_autoptr(GqDehydrateOptions) all = dehydrate_all_queries ();
  g_autoptr(JsonNode) state = NULL;
  JsonObject *pending_entry;
  GqQueryState *restored;

  fixture_init (&f);
  prefetch (&f, &f.server, success_key, "\"success\"", 0);
  gq_test_advance (&f.server, 0);
  prefetch (&f, &f.server, pending_key, "\"pending\"", 10);
  gq_test_flush (&f.server);

  state = dehydrate_roundtrip (&f.server, all);
  g_assert_false (json_object_has_member (entry_at (state, "queries", 0), "promise"));
  pending_entry = entry_at (state, "queries", 1);
  g_assert_false (json_object_has_member (pending_entry, "promise"));
  g_assert_false (json_object_has_member (json_object_get_object_member (pending_entry, "state"), "data"));

  hydrate_ok (&f.client, state, NULL);
  restored = gq_test_state_of (&f.client, pending_key);
  g_assert_cmpint (gq_query_state_get_status (restored), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (restored), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_false (gq_query_state_has_data (restored));

  gq_test_advance (&f.server, 10);
  restored = gq_test_state_of (&f.client, pending_key);
  g_assert_cmpint (gq_query_state_get_status (restored), ==, GQ_QUERY_STATUS_PENDING);

  fixture_clear (&f);
}

static JsonNode *
unwrap (JsonNode *data,
        gpointer  user_data)
{
  (*(guint *) user_data)++;

  return json_node_ref (json_object_get_member (json_node_get_object (data), "wrapped"));
}

/* should transform query data if promise is already resolved, and should
 * overwrite query in cache if hydrated query is newer (with
 * transformation) */
static void
test_transform_data (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(GqDehydrateOptions) server_defaults = dehydrate_all_queries ();
  g_autoptr(GqHydrateOptions) client_defaults = gq_hydrate_options_new ();
  g_autoptr(JsonNode) state = NULL;
  guint serialized = 0;
  guint deserialized = 0;

  fixture_init (&f);
  gq_dehydrate_options_set_serialize_data_func (server_defaults, wrap_in_object, &serialized, NULL);
  gq_query_client_set_default_dehydrate_options (f.server.client, server_defaults);
  gq_hydrate_options_set_deserialize_data_func (client_defaults, unwrap, &deserialized, NULL);
  gq_query_client_set_default_hydrate_options (f.client.client, client_defaults);

  prefetch (&f, &f.client, key, "\"2024-01-01\"", 5);
  gq_test_advance (&f.client, 5);

  prefetch (&f, &f.server, key, "\"2024-01-02\"", 10);
  gq_test_advance (&f.server, 10);
  state = dehydrate_roundtrip (&f.server, NULL);
  g_assert_cmpuint (serialized, ==, 1);
  gq_assert_json (json_object_get_member (json_object_get_object_member (entry_at (state, "queries", 0), "state"), "data"),
                  "{\"wrapped\": \"2024-01-02\"}");

  hydrate_ok (&f.client, state, NULL);
  g_assert_cmpuint (deserialized, ==, 1);
  gq_assert_json (data_of (&f.client, key), "\"2024-01-02\"");
  g_assert_true (json_node_is_immutable (data_of (&f.client, key)));

  fixture_clear (&f);
}

/* should not overwrite query in cache if existing query is newer: the
 * state was written long ago */
static void
test_cached_state_older_than_local (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) newer = gq_test_json ("\"newer data\"");
  g_autoptr(JsonNode) stored = NULL;

  fixture_init (&f);
  prefetch (&f, &f.server, key, "\"server data\"", 10);
  gq_test_advance (&f.server, 10);
  state = dehydrate_roundtrip (&f.server, NULL);

  gq_test_advance (&f.server, 10000);
  stored = gq_query_client_set_query_data (f.client.client, key, newer, gq_test_now (&f.client));
  hydrate_ok (&f.client, state, NULL);
  gq_test_advance (&f.client, 0);

  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&f.client, key)), ==, GQ_FETCH_STATUS_IDLE);
  gq_assert_json (data_of (&f.client, key), "\"newer data\"");

  fixture_clear (&f);
}

/* ---- infinite queries --------------------------------------------------- */

static void
page_func (GqFetchContext *context,
           gpointer        user_data)
{
  gint64 param = json_node_get_int (gq_fetch_context_get_page_param (context));
  g_autofree char *text = g_strdup_printf ("{\"items\": [\"page-%" G_GINT64_FORMAT "\"], \"next\": %" G_GINT64_FORMAT "}",
                                           param, param + 1);
  g_autoptr(JsonNode) page = gq_test_json (text);

  if (user_data != NULL)
    (*(guint *) user_data)++;

  gq_fetch_context_resolve (context, page);
}

static JsonNode *
next_param (JsonNode *page,
            JsonNode *all_pages,
            JsonNode *page_param,
            JsonNode *all_page_params,
            gpointer  user_data)
{
  return json_node_ref (json_object_get_member (json_node_get_object (page), "next"));
}

static GqInfiniteQueryOptions *
infinite_options_new (JsonNode *key,
                      guint    *calls,
                      guint     pages)
{
  g_autoptr(JsonNode) zero = gq_test_json ("0");
  GqInfiniteQueryOptions *options = gq_infinite_query_options_new (key, zero);

  gq_query_options_set_query_func (GQ_QUERY_OPTIONS (options), page_func, calls, NULL);
  gq_infinite_query_options_set_get_next_page_param_func (options, next_param, NULL, NULL);
  if (pages > 0)
    gq_infinite_query_options_set_pages (options, pages);

  return options;
}

static JsonNode *
fetch_infinite (GqTestEnv              *env,
                GqInfiniteQueryOptions *options)
{
  GqTestAsync async = { 0 };
  g_autoptr(GError) error = NULL;
  JsonNode *data;

  gq_query_client_fetch_infinite_query_async (env->client, options, NULL, gq_test_async_callback, &async);
  gq_test_await (env, &async);
  data = gq_query_client_fetch_infinite_query_finish (env->client, async.result, &error);
  g_assert_no_error (error);
  gq_test_async_clear (&async);

  return data;
}

/* should preserve queryType for infinite queries during hydration, and
 * should restore infinite query type through dehydrate and hydrate cycle */
static void
test_infinite_type_preserved (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("infinite");
  g_autoptr(JsonNode) plain_key = key_new ("plain");
  g_autoptr(GqInfiniteQueryOptions) options = infinite_options_new (key, NULL, 0);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) state = NULL;

  fixture_init (&f);
  data = fetch_infinite (&f.server, options);
  gq_test_set_data (&f.server, plain_key, "1");

  state = dehydrate_roundtrip (&f.server, NULL);
  g_assert_cmpstr (json_object_get_string_member (entry_at (state, "queries", 0), "queryType"), ==, "infinite");
  g_assert_false (json_object_has_member (entry_at (state, "queries", 1), "queryType"));

  hydrate_ok (&f.client, state, NULL);
  g_assert_true (_gq_query_is_infinite (gq_test_find_query (&f.client, key)));
  g_assert_false (_gq_query_is_infinite (gq_test_find_query (&f.client, plain_key)));
  gq_assert_json (data_of (&f.client, key),
                  "{\"pages\": [{\"items\": [\"page-0\"], \"next\": 1}], \"pageParams\": [0]}");

  fixture_clear (&f);
}

/* should preserve pages structure when refetching infinite query after
 * hydration (attaches the infinite behaviour) */
static void
test_infinite_refetch_after_hydration (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("infinite");
  g_autoptr(GqInfiniteQueryOptions) server_options = infinite_options_new (key, NULL, 0);
  g_autoptr(GqInfiniteQueryOptions) client_options = NULL;
  g_autoptr(JsonNode) server_data = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) result = NULL;
  guint calls = 0;

  fixture_init (&f);
  server_data = fetch_infinite (&f.server, server_options);
  state = dehydrate_roundtrip (&f.server, NULL);
  hydrate_ok (&f.client, state, NULL);
  gq_test_advance (&f.client, 1);

  client_options = infinite_options_new (key, &calls, 0);
  result = fetch_infinite (&f.client, client_options);

  g_assert_cmpuint (calls, ==, 1);
  gq_assert_json (result, "{\"pages\": [{\"items\": [\"page-0\"], \"next\": 1}], \"pageParams\": [0]}");

  fixture_clear (&f);
}

/* should retain infinite query type after subsequent setOptions calls */
static void
test_infinite_type_survives_set_options (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("infinite");
  g_autoptr(GqInfiniteQueryOptions) options = infinite_options_new (key, NULL, 0);
  g_autoptr(GqQueryOptions) plain = gq_query_options_new (key);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) state = NULL;
  GqQuery *query;

  fixture_init (&f);
  data = fetch_infinite (&f.server, options);
  state = dehydrate_roundtrip (&f.server, NULL);
  hydrate_ok (&f.client, state, NULL);

  query = gq_test_find_query (&f.client, key);
  g_assert_true (_gq_query_is_infinite (query));
  _gq_query_set_options (query, plain);
  g_assert_true (_gq_query_is_infinite (query));

  fixture_clear (&f);
}

/* should restore all pages when refetching multi-page infinite query
 * after hydration */
static void
test_infinite_multi_page_refetch (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("infinite");
  g_autoptr(GqInfiniteQueryOptions) server_options = infinite_options_new (key, NULL, 2);
  g_autoptr(GqInfiniteQueryOptions) client_options = NULL;
  g_autoptr(JsonNode) server_data = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) result = NULL;
  guint calls = 0;

  fixture_init (&f);
  server_data = fetch_infinite (&f.server, server_options);
  state = dehydrate_roundtrip (&f.server, NULL);
  hydrate_ok (&f.client, state, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (data_of (&f.client, key)),
                                                                         "pages")), ==, 2);
  gq_test_advance (&f.client, 1);

  client_options = infinite_options_new (key, &calls, 2);
  result = fetch_infinite (&f.client, client_options);

  g_assert_cmpuint (calls, ==, 2);
  gq_assert_json (result,
                  "{\"pages\": [{\"items\": [\"page-0\"], \"next\": 1},"
                  "            {\"items\": [\"page-1\"], \"next\": 2}],"
                  " \"pageParams\": [0, 1]}");

  fixture_clear (&f);
}

/* ---- a pending query written with its data ------------------------------ */

/* A dehydrated pending query whose fetch resolved before it was written:
 * TanStack's synchronously resolved promise, in JSON. */
static JsonNode *
resolved_pending_state (JsonNode   *key,
                        const char *data,
                        gint64      dehydrated_at)
{
  g_autofree char *hash = gq_key_hash (key);
  g_autofree char *key_text = gq_json_to_canonical (key);
  g_autoptr(JsonNode) hash_node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *hash_text = NULL;
  g_autofree char *text = NULL;

  json_node_set_string (hash_node, hash);
  hash_text = json_to_string (hash_node, FALSE);
  text = g_strdup_printf ("{\"queries\": [{\"dehydratedAt\": %" G_GINT64_FORMAT ","
                          " \"queryKey\": %s, \"queryHash\": %s,"
                          " \"state\": {\"data\": %s, \"dataUpdateCount\": 0, \"dataUpdatedAt\": 0,"
                          "   \"error\": null, \"errorUpdateCount\": 0, \"errorUpdatedAt\": 0,"
                          "   \"fetchFailureCount\": 0, \"fetchFailureReason\": null,"
                          "   \"fetchMeta\": null, \"isInvalidated\": false,"
                          "   \"status\": \"pending\", \"fetchStatus\": \"fetching\"}}]}",
                          dehydrated_at, key_text, hash_text, data);

  return gq_test_json (text);
}

/* should set status to success when rehydrating an existing pending query
 * with a synchronously resolved promise */
static void
test_resolved_into_existing_pending_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQuery *query;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->never = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_client_prefetch_query_async (env.client, options, NULL, NULL, NULL);
  gq_test_flush (&env);
  query = gq_test_find_query (&env, key);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_PENDING);

  state = resolved_pending_state (key, "\"server data\"", gq_test_now (&env));
  hydrate_ok (&env, state, NULL);

  gq_assert_json (data_of (&env, key), "\"server data\"");
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_SUCCESS);
  /* Its own fetch still runs. */
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_test_env_clear (&env);
}

typedef struct
{
  GPtrArray *statuses;
} StatusLog;

static void
on_query_event (GqQueryCache     *cache,
                GqCacheEventType  type,
                GqQuery          *query,
                GObject          *observer,
                GPtrArray        *log)
{
  GqQueryState *state = gq_query_get_state (query);

  if (type == GQ_CACHE_EVENT_UPDATED || type == GQ_CACHE_EVENT_ADDED)
    g_ptr_array_add (log, g_strdup_printf ("%s:%d/%d", type == GQ_CACHE_EVENT_ADDED ? "added" : "updated",
                                           gq_query_state_get_status (state),
                                           gq_query_state_get_fetch_status (state)));
}

/* should not transition to a fetching/pending state when hydrating an
 * already resolved promise into a new query, and should set dataUpdatedAt
 * when hydrating a resolved streamed query into a new cache entry */
static void
test_resolved_into_new_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  GqQueryState *restored;
  gulong handler;

  gq_test_env_init (&env);
  state = resolved_pending_state (key, "\"streamed data\"", GQ_TEST_START_TIME - 7);

  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (on_query_event), log);
  hydrate_ok (&env, state, NULL);
  gq_test_advance (&env, 0);
  g_signal_handler_disconnect (gq_test_cache (&env), handler);

  joined = gq_test_log_join (log);
  g_assert_cmpstr (joined, ==, "added:2/0");
  restored = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (restored), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (restored), ==, GQ_FETCH_STATUS_IDLE);
  gq_assert_json (gq_query_state_get_data (restored), "\"streamed data\"");
  g_assert_cmpint (gq_query_state_get_data_updated_at (restored), ==, GQ_TEST_START_TIME - 7);

  gq_test_env_clear (&env);
}

/* should not transition to a fetching/pending state when hydrating an
 * already resolved promise into an existing query, and should set
 * dataUpdatedAt when hydrating a resolved streamed query into an existing
 * cache entry */
static void
test_resolved_into_existing_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) old = gq_test_json ("\"old data\"");
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  GqQueryState *restored;
  gulong handler;

  gq_test_env_init (&env);
  /* updatedAt 1 ms: older than when the state was written. */
  stored = gq_query_client_set_query_data (env.client, key, old, 1);
  g_assert_cmpint (gq_query_state_get_data_updated_at (gq_test_state_of (&env, key)), ==, 1);
  state = resolved_pending_state (key, "\"streamed data\"", GQ_TEST_START_TIME - 7);

  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (on_query_event), log);
  hydrate_ok (&env, state, NULL);
  gq_test_advance (&env, 0);
  g_signal_handler_disconnect (gq_test_cache (&env), handler);

  joined = gq_test_log_join (log);
  g_assert_cmpstr (joined, ==, "updated:2/0");
  restored = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (restored), ==, GQ_QUERY_STATUS_SUCCESS);
  gq_assert_json (gq_query_state_get_data (restored), "\"streamed data\"");
  g_assert_cmpint (gq_query_state_get_data_updated_at (restored), ==, GQ_TEST_START_TIME - 7);

  gq_test_env_clear (&env);
}

/* ---- what gquery adds ---------------------------------------------------- */

/* A mutation in flight (running, not paused) is written by a filter that
 * keeps unsettled mutations, comes back paused, and its replay sends the
 * same idempotency key without calling on-mutate again. */
static gboolean
is_pending (GqMutation *mutation,
            gpointer    user_data)
{
  return gq_mutation_get_status (mutation) == GQ_MUTATION_STATUS_PENDING;
}

static void
test_in_flight_mutation_replays_with_same_key (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(JsonNode) vars = gq_test_json ("{\"text\": \"text\"}");
  g_autoptr(GqTestMutator) server_add = NULL;
  g_autoptr(GqTestMutator) client_add = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationOptions) client_defaults = NULL;
  g_autoptr(GqDehydrateOptions) unsettled = gq_dehydrate_options_new ();
  g_autoptr(GqMutationFilters) filters = gq_mutation_filters_new (key);
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *sent_key = NULL;
  guint on_mutate = 0;
  GqMutation *running;
  GqMutation *restored;

  fixture_init (&f);
  server_add = gq_test_mutator_new (&f.server);
  server_add->never = TRUE;
  options = gq_test_mutation_options_new (key, server_add);
  running = gq_test_execute_mutation (&f.server, options, vars, NULL);
  gq_test_flush (&f.server);
  g_assert_cmpuint (server_add->calls, ==, 1);
  g_assert_false (gq_mutation_state_get_is_paused (gq_mutation_get_state (running)));
  sent_key = g_strdup (gq_mutation_context_get_idempotency_key (g_ptr_array_index (server_add->contexts, 0)));

  gq_dehydrate_options_set_should_dehydrate_mutation_func (unsettled, is_pending, NULL, NULL);
  state = dehydrate_roundtrip (&f.server, unsettled);
  g_assert_cmpuint (json_array_get_length (member_array (state, "mutations")), ==, 1);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (entry_at (state, "mutations", 0), "state"),
                                                  "isPaused"));

  client_add = gq_test_mutator_new (&f.client);
  client_defaults = gq_test_mutation_options_new (NULL, client_add);
  gq_mutation_options_set_on_mutate_func (client_defaults, optimistic_todo, &on_mutate, NULL);
  gq_query_client_set_mutation_defaults (f.client.client, key, client_defaults);
  hydrate_ok (&f.client, state, NULL);

  restored = gq_mutation_cache_find (gq_test_mutation_cache (&f.client), filters);
  g_assert_cmpint (gq_mutation_get_status (restored), ==, GQ_MUTATION_STATUS_PENDING);
  g_assert_true (gq_mutation_state_get_is_paused (gq_mutation_get_state (restored)));
  g_assert_cmpstr (gq_mutation_get_idempotency_key (restored), ==, sent_key);
  g_assert_cmpuint (client_add->calls, ==, 0);

  gq_query_client_resume_paused_mutations_async (f.client.client, NULL, NULL, NULL);
  gq_test_advance (&f.client, 0);

  g_assert_cmpuint (client_add->calls, ==, 1);
  g_assert_cmpuint (on_mutate, ==, 0);
  g_assert_cmpstr (gq_mutation_context_get_idempotency_key (g_ptr_array_index (client_add->contexts, 0)), ==, sent_key);
  gq_assert_json (gq_test_mutator_variables (client_add, 0), "{\"text\": \"text\"}");
  g_assert_cmpint (gq_mutation_get_status (restored), ==, GQ_MUTATION_STATUS_SUCCESS);

  fixture_clear (&f);
}

/* Hydrating the same state twice restores its mutations once. */
static void
test_hydrate_twice_does_not_duplicate_mutations (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(GqTestMutator) server_add = NULL;
  g_autoptr(GqTestMutator) client_add = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) vars1 = gq_test_json ("1");
  g_autoptr(JsonNode) vars2 = gq_test_json ("2");

  fixture_init (&f);
  gq_online_manager_set_online (f.server.online, FALSE);
  server_add = gq_test_mutator_new (&f.server);
  options = gq_test_mutation_options_new (key, server_add);
  gq_test_execute_mutation (&f.server, options, vars1, NULL);
  gq_test_execute_mutation (&f.server, options, vars2, NULL);
  gq_test_flush (&f.server);
  state = dehydrate_roundtrip (&f.server, NULL);
  g_assert_cmpuint (json_array_get_length (member_array (state, "mutations")), ==, 2);

  client_add = gq_test_mutator_new (&f.client);
  g_clear_object (&options);
  options = gq_test_mutation_options_new (NULL, client_add);
  gq_query_client_set_mutation_defaults (f.client.client, key, options);

  hydrate_ok (&f.client, state, NULL);
  hydrate_ok (&f.client, state, NULL);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&f.client)), ==, 2);

  gq_online_manager_set_online (f.client.online, TRUE);
  gq_query_client_resume_paused_mutations_async (f.client.client, NULL, NULL, NULL);
  gq_test_advance (&f.client, 0);

  g_assert_cmpuint (client_add->calls, ==, 2);
  gq_assert_json (gq_test_mutator_variables (client_add, 0), "1");
  gq_assert_json (gq_test_mutator_variables (client_add, 1), "2");

  fixture_clear (&f);
}

/* Restored mutations of one scope run one after the other, in order. */
static void
test_restored_scope_runs_in_order (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(GqTestMutator) server_add = NULL;
  g_autoptr(GqTestMutator) client_add = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  fixture_init (&f);
  gq_online_manager_set_online (f.server.online, FALSE);
  server_add = gq_test_mutator_new (&f.server);
  options = gq_test_mutation_options_new (key, server_add);
  gq_mutation_options_set_scope_id (options, "todos");
  for (int i = 1; i <= 3; i++)
    {
      g_autoptr(JsonNode) vars = json_node_init_int (json_node_alloc (), i);
      gq_test_execute_mutation (&f.server, options, vars, NULL);
    }
  gq_test_flush (&f.server);
  state = dehydrate_roundtrip (&f.server, NULL);
  g_assert_cmpuint (json_array_get_length (member_array (state, "mutations")), ==, 3);

  client_add = gq_test_mutator_new (&f.client);
  client_add->delay = 10;
  client_add->log = log;
  client_add->name = "m";
  defaults = gq_test_mutation_options_new (NULL, client_add);
  gq_query_client_set_mutation_defaults (f.client.client, key, defaults);
  hydrate_ok (&f.client, state, NULL);

  gq_online_manager_set_online (f.client.online, TRUE);
  gq_query_client_resume_paused_mutations_async (f.client.client, NULL, NULL, NULL);
  gq_test_advance (&f.client, 5);
  g_assert_cmpuint (client_add->calls, ==, 1);
  gq_test_advance (&f.client, 30);

  joined = gq_test_log_join (log);
  g_assert_cmpstr (joined, ==, "start-m,finish-m,start-m,finish-m,start-m,finish-m");
  gq_assert_json (gq_test_mutator_variables (client_add, 0), "1");
  gq_assert_json (gq_test_mutator_variables (client_add, 1), "2");
  gq_assert_json (gq_test_mutator_variables (client_add, 2), "3");

  fixture_clear (&f);
}

/* A restored mutation with no mutation function for its key fails with
 * the missing-function error when resumed. */
static void
test_restored_mutation_without_function (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(GqTestMutator) server_add = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationFilters) filters = gq_mutation_filters_new (key);
  g_autoptr(JsonNode) state = NULL;
  GqMutation *restored;

  fixture_init (&f);
  gq_online_manager_set_online (f.server.online, FALSE);
  server_add = gq_test_mutator_new (&f.server);
  options = gq_test_mutation_options_new (key, server_add);
  gq_test_execute_mutation (&f.server, options, NULL, NULL);
  gq_test_flush (&f.server);
  state = dehydrate_roundtrip (&f.server, NULL);

  hydrate_ok (&f.client, state, NULL);
  gq_online_manager_set_online (f.client.online, TRUE);
  gq_query_client_resume_paused_mutations_async (f.client.client, NULL, NULL, NULL);
  gq_test_advance (&f.client, 0);

  restored = gq_mutation_cache_find (gq_test_mutation_cache (&f.client), filters);
  g_assert_cmpint (gq_mutation_get_status (restored), ==, GQ_MUTATION_STATUS_ERROR);
  g_assert_error (gq_mutation_state_get_error (gq_mutation_get_state (restored)),
                  GQ_ERROR, GQ_ERROR_MISSING_MUTATION_FUNC);

  fixture_clear (&f);
}

/* A failed mutation written by a filter comes back failed, its error
 * whole. */
static void
test_mutation_error_roundtrip (void)
{
  Fixture f;
  g_autoptr(JsonNode) key = key_new ("mutation_1");
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqDehydrateOptions) all = gq_dehydrate_options_new ();
  g_autoptr(GqMutationFilters) filters = gq_mutation_filters_new (key);
  g_autoptr(JsonNode) state = NULL;
  GqMutationState *restored;

  fixture_init (&f);
  mutator = gq_test_mutator_new (&f.server);
  mutator->fail_always = TRUE;
  mutator->error_message = "no such todo";
  options = gq_test_mutation_options_new (key, mutator);
  gq_test_execute_mutation (&f.server, options, NULL, NULL);
  gq_test_advance (&f.server, 0);

  gq_dehydrate_options_set_should_dehydrate_mutation_func (all, (GqMutationPredicate) always, NULL, NULL);
  state = dehydrate_roundtrip (&f.server, all);
  hydrate_ok (&f.client, state, NULL);

  restored = gq_mutation_get_state (gq_mutation_cache_find (gq_test_mutation_cache (&f.client), filters));
  g_assert_cmpint (gq_mutation_state_get_status (restored), ==, GQ_MUTATION_STATUS_ERROR);
  g_assert_error (gq_mutation_state_get_error (restored), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_mutation_state_get_error (restored)->message, ==, "no such todo");
  g_assert_error (gq_mutation_state_get_failure_reason (restored), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (gq_mutation_state_get_failure_count (restored), ==, 1);
  g_assert_false (gq_mutation_state_get_is_paused (restored));

  fixture_clear (&f);
}

/* A malformed entry is refused whole: the error names the field, and not
 * even the valid entries before it are restored. */
static void
test_malformed_entry_changes_nothing (void)
{
  GqTestEnv env;
  const struct {
    const char *state;
    const char *field;
  } cases[] = {
    { "{\"queries\": [{\"queryKey\": [\"a\"], \"state\": {\"data\": 1, \"status\": \"success\"}},"
      "               {\"queryKey\": [\"b\"], \"state\": {\"status\": \"loading\"}}]}",
      "queries[1].state: “loading” is not a valid status" },
    { "{\"queries\": [{\"queryKey\": [\"a\"], \"state\": {\"data\": 1}}, {\"state\": {}}]}",
      "queries[1]: “queryKey” is missing or not an array" },
    { "{\"queries\": [{\"queryKey\": \"a\", \"state\": {}}]}",
      "queries[0]: “queryKey” is missing or not an array" },
    { "{\"queries\": [{\"queryKey\": [\"a\"]}]}",
      "queries[0]: “state” is missing or not an object" },
    { "{\"queries\": [{\"queryKey\": [\"a\"], \"state\": {\"dataUpdatedAt\": \"yesterday\"}}]}",
      "queries[0].state: “dataUpdatedAt” is not a number" },
    { "{\"queries\": [{\"queryKey\": [\"a\"], \"state\": {\"dataUpdateCount\": -1}}]}",
      "queries[0].state: “dataUpdateCount” is not a count" },
    { "{\"queries\": [{\"queryKey\": [\"a\"], \"state\": {\"error\": \"oops\"}}]}",
      "queries[0].state: “error” is not an error object" },
    { "{\"queries\": {}}", "queries: not an array" },
    { "{\"mutations\": [{\"mutationKey\": [\"m\"], \"state\": {\"status\": \"pending\"}},"
      "                 {\"mutationKey\": [\"m\"], \"state\": {\"isPaused\": \"yes\"}}]}",
      "mutations[1].state: “isPaused” is not a boolean" },
    { "{\"mutations\": [{\"mutationKey\": {}, \"state\": {}}]}",
      "mutations[0]: “mutationKey” is not an array" },
    { "{\"mutations\": [{\"state\": {}, \"scope\": {\"id\": 3}}]}",
      "mutations[0].scope: “id” is not a string" },
    { "{\"mutations\": [{\"state\": {\"idempotencyKey\": 7}}]}",
      "mutations[0].state: “idempotencyKey” is not a string" },
  };

  gq_test_env_init (&env);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) state = gq_test_json (cases[i].state);
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("Invalid dehydrated state: %s", cases[i].field);

      g_assert_false (gq_hydrate (env.client, state, NULL, &error));
      g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_DEHYDRATED_STATE);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);
      g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 0);
    }

  gq_test_env_clear (&env);
}

/* Lenient where it is safe: no hash (computed from the key), no
 * dehydratedAt (an older writer), unknown fields, numbers as doubles,
 * TanStack's `{}` errors. */
static void
test_lenient_fields (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[\"todos\", {\"page\": 1, \"done\": true}]");
  g_autoptr(JsonNode) state = gq_test_json (
    "{\"future\": 1, \"queries\": [{\"queryKey\": [\"todos\", {\"page\": 1, \"done\": true}],"
    " \"state\": {\"data\": [1], \"dataUpdatedAt\": 5.0, \"status\": \"error\", \"error\": {},"
    "   \"somethingNew\": true}}]}");
  GqQueryState *restored;

  gq_test_env_init (&env);
  hydrate_ok (&env, state, NULL);

  restored = gq_test_state_of (&env, key);
  gq_assert_json (gq_query_state_get_data (restored), "[1]");
  g_assert_cmpint (gq_query_state_get_data_updated_at (restored), ==, 5);
  g_assert_cmpint (gq_query_state_get_status (restored), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_error (gq_query_state_get_error (restored), GQ_ERROR, GQ_ERROR_FAILED);
  g_assert_cmpstr (gq_query_get_query_hash (gq_test_find_query (&env, key)), ==,
                   "[\"todos\",{\"done\":true,\"page\":1}]");

  gq_test_env_clear (&env);
}

/* The state handed to hydrate stays the caller's: nothing in it is sealed
 * or kept. */
static void
test_hydrate_leaves_input_alone (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("query_1");
  g_autoptr(JsonNode) sealed = gq_test_json (
    "{\"queries\": [{\"queryKey\": [\"query_1\"], \"state\": {\"data\": {\"a\": 1}, \"status\": \"success\","
    " \"dataUpdatedAt\": 1}}]}");
  g_autoptr(JsonNode) state = gq_test_hydration_roundtrip (sealed);
  JsonObject *data;

  gq_test_env_init (&env);
  g_assert_false (json_node_is_immutable (state));
  hydrate_ok (&env, state, NULL);

  g_assert_false (json_node_is_immutable (state));
  data = json_object_get_object_member (json_object_get_object_member (entry_at (state, "queries", 0), "state"), "data");
  json_object_set_int_member (data, "a", 2);
  gq_assert_json (data_of (&env, key), "{\"a\": 1}");

  gq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Hydration/dehydrate-query/direct", test_dehydrate_query_direct);
  g_test_add_func ("/Gq/Hydration/dehydrate-query/serializes", test_dehydrate_query_serializes);
  g_test_add_func ("/Gq/Hydration/dehydrate-query/redacts-errors", test_dehydrate_query_redacts_errors);
  g_test_add_func ("/Gq/Hydration/serializable-values", test_serializable_values);
  g_test_add_func ("/Gq/Hydration/no-queries-when-filtered-out", test_no_queries_when_filtered_out);
  g_test_add_func ("/Gq/Hydration/gc-time-from-client", test_gc_time_from_client);
  g_test_add_func ("/Gq/Hydration/hydrate-default-query-options", test_hydrate_default_query_options);
  g_test_add_func ("/Gq/Hydration/client-default-options/queries", test_client_default_options_for_queries);
  g_test_add_func ("/Gq/Hydration/client-default-options/mutations", test_client_default_options_for_mutations);
  g_test_add_func ("/Gq/Hydration/complex-keys", test_complex_keys);
  g_test_add_func ("/Gq/Hydration/only-successful-by-default", test_only_successful_by_default);
  g_test_add_func ("/Gq/Hydration/filter-queries", test_filter_queries);
  g_test_add_func ("/Gq/Hydration/older-does-not-overwrite", test_older_does_not_overwrite);
  g_test_add_func ("/Gq/Hydration/newer-overwrites", test_newer_overwrites);
  g_test_add_func ("/Gq/Hydration/equal-timestamps-keep-local", test_equal_timestamps_keep_local);
  g_test_add_func ("/Gq/Hydration/default-output-fields", test_default_output_fields);
  g_test_add_func ("/Gq/Hydration/mutation/continues-after-hydration", test_mutation_continues_after_hydration);
  g_test_add_func ("/Gq/Hydration/mutation/filtered-out", test_no_mutations_when_filtered_out);
  g_test_add_func ("/Gq/Hydration/mutation/between-retries-not-dehydrated", test_mutation_between_retries_not_dehydrated);
  g_test_add_func ("/Gq/Hydration/null-or-not-object", test_hydrate_null_or_not_object);
  g_test_add_func ("/Gq/Hydration/empty-object", test_hydrate_empty_object);
  g_test_add_func ("/Gq/Hydration/new-query-is-idle", test_new_query_is_idle);
  g_test_add_func ("/Gq/Hydration/query-meta", test_query_meta);
  g_test_add_func ("/Gq/Hydration/mutation/meta", test_mutation_meta);
  g_test_add_func ("/Gq/Hydration/update-keeps-fetch-status", test_update_keeps_fetch_status);
  g_test_add_func ("/Gq/Hydration/mutation/scopes", test_mutation_scopes);
  g_test_add_func ("/Gq/Hydration/pending-query-without-promise", test_pending_query_written_without_promise);
  g_test_add_func ("/Gq/Hydration/transform-data", test_transform_data);
  g_test_add_func ("/Gq/Hydration/cached-state-older-than-local", test_cached_state_older_than_local);
  g_test_add_func ("/Gq/Hydration/infinite/type-preserved", test_infinite_type_preserved);
  g_test_add_func ("/Gq/Hydration/infinite/refetch-after-hydration", test_infinite_refetch_after_hydration);
  g_test_add_func ("/Gq/Hydration/infinite/type-survives-set-options", test_infinite_type_survives_set_options);
  g_test_add_func ("/Gq/Hydration/infinite/multi-page-refetch", test_infinite_multi_page_refetch);
  g_test_add_func ("/Gq/Hydration/resolved/into-existing-pending-query", test_resolved_into_existing_pending_query);
  g_test_add_func ("/Gq/Hydration/resolved/into-new-query", test_resolved_into_new_query);
  g_test_add_func ("/Gq/Hydration/resolved/into-existing-query", test_resolved_into_existing_query);
  g_test_add_func ("/Gq/Hydration/mutation/in-flight-replays-with-same-key", test_in_flight_mutation_replays_with_same_key);
  g_test_add_func ("/Gq/Hydration/mutation/hydrate-twice-no-duplicates", test_hydrate_twice_does_not_duplicate_mutations);
  g_test_add_func ("/Gq/Hydration/mutation/restored-scope-in-order", test_restored_scope_runs_in_order);
  g_test_add_func ("/Gq/Hydration/mutation/restored-without-function", test_restored_mutation_without_function);
  g_test_add_func ("/Gq/Hydration/mutation/error-roundtrip", test_mutation_error_roundtrip);
  g_test_add_func ("/Gq/Hydration/bad-input/malformed-entry", test_malformed_entry_changes_nothing);
  g_test_add_func ("/Gq/Hydration/bad-input/lenient-fields", test_lenient_fields);
  g_test_add_func ("/Gq/Hydration/input-left-alone", test_hydrate_leaves_input_alone);

  return g_test_run ();
}
