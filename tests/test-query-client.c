/* test-query-client.c: TanStack's queryClient.test.tsx, ported, plus the
 * client's defaults, data, fetch, invalidate, refetch, cancel, reset and
 * mount semantics
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include "gq-query-options-private.h"
#include "gq-query-private.h"
#include "gq-query-state-private.h"

/* ---- helpers ------------------------------------------------------- */

/* A fetcher resolving @data (JSON text; NULL: the call number) after
 * @delay ms. */
static GqTestFetcher *
fetcher_new (GqTestEnv  *env,
             gint64      delay,
             const char *data)
{
  GqTestFetcher *fetcher = gq_test_fetcher_new (env);

  fetcher->delay = delay;
  if (data != NULL)
    fetcher->data = gq_test_json (data);

  return fetcher;
}

static void
fetch_query (GqTestEnv      *env,
             GqQueryOptions *options,
             GqTestAsync    *async)
{
  gq_query_client_fetch_query_async (env->client, options, NULL, gq_test_async_callback, async);
}

static JsonNode *
fetch_query_finish (GqTestEnv    *env,
                    GqTestAsync  *async,
                    GError      **error)
{
  JsonNode *data;

  g_assert_true (async->done);
  data = gq_query_client_fetch_query_finish (env->client, async->result, error);
  gq_test_async_clear (async);

  return data;
}

/* await queryClient.fetchQuery (options) */
static JsonNode *
fetch_now (GqTestEnv       *env,
           GqQueryOptions  *options,
           GError         **error)
{
  GqTestAsync async = { 0 };

  fetch_query (env, options, &async);
  gq_test_await (env, &async);

  return fetch_query_finish (env, &async, error);
}

/* await queryClient.fetchQuery ({queryKey, queryFn: fetcher}) */
static JsonNode *
fetch_with (GqTestEnv     *env,
            JsonNode      *key,
            GqTestFetcher *fetcher)
{
  g_autoptr(GqQueryOptions) options = gq_test_options_new (key, fetcher);
  g_autoptr(GError) error = NULL;
  JsonNode *data = fetch_now (env, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);

  return data;
}

/* queryClient.prefetchQuery (options) without awaiting */
static void
prefetch (GqTestEnv      *env,
          GqQueryOptions *options)
{
  gq_query_client_prefetch_query_async (env->client, options, NULL, NULL, NULL);
}

/* await queryClient.prefetchQuery (options) */
static void
prefetch_now (GqTestEnv      *env,
              GqQueryOptions *options)
{
  GqTestAsync async = { 0 };
  g_autoptr(GError) error = NULL;

  gq_query_client_prefetch_query_async (env->client, options, NULL, gq_test_async_callback, &async);
  gq_test_await (env, &async);
  g_assert_true (gq_query_client_prefetch_query_finish (env->client, async.result, &error));
  g_assert_no_error (error);
  gq_test_async_clear (&async);
}

static JsonNode *
ensure_now (GqTestEnv      *env,
            GqQueryOptions *options,
            gboolean        revalidate_if_stale,
            GError        **error)
{
  GqTestAsync async = { 0 };
  JsonNode *data;

  gq_query_client_ensure_query_data_async (env->client, options, revalidate_if_stale, NULL,
                                           gq_test_async_callback, &async);
  gq_test_await (env, &async);
  data = gq_query_client_ensure_query_data_finish (env->client, async.result, error);
  gq_test_async_clear (&async);

  return data;
}

typedef gboolean (*FinishFunc) (GqQueryClient  *client,
                                GAsyncResult   *result,
                                GError        **error);

static gboolean
async_finish (GqTestEnv    *env,
              GqTestAsync  *async,
              FinishFunc    finish,
              GError      **error)
{
  gboolean ret;

  g_assert_true (async->done);
  ret = finish (env->client, async->result, error);
  gq_test_async_clear (async);

  return ret;
}

/* await queryClient.refetchQueries (filters, flags) */
static void
refetch_now (GqTestEnv      *env,
             GqQueryFilters *filters,
             GqRefetchFlags  flags)
{
  GqTestAsync async = { 0 };
  g_autoptr(GError) error = NULL;

  gq_query_client_refetch_queries_async (env->client, filters, flags, NULL, gq_test_async_callback, &async);
  gq_test_await (env, &async);
  g_assert_true (async_finish (env, &async, gq_query_client_refetch_queries_finish, &error));
  g_assert_no_error (error);
}

/* await queryClient.invalidateQueries (filters) */
static void
invalidate_now (GqTestEnv      *env,
                GqQueryFilters *filters)
{
  GqTestAsync async = { 0 };
  g_autoptr(GError) error = NULL;

  gq_query_client_invalidate_queries_async (env->client, filters, GQ_REFETCH_FLAGS_NONE, NULL,
                                            gq_test_async_callback, &async);
  gq_test_await (env, &async);
  g_assert_true (async_finish (env, &async, gq_query_client_invalidate_queries_finish, &error));
  g_assert_no_error (error);
}

/* await queryClient.resetQueries (filters) */
static void
reset_now (GqTestEnv      *env,
           GqQueryFilters *filters)
{
  GqTestAsync async = { 0 };
  g_autoptr(GError) error = NULL;

  gq_query_client_reset_queries_async (env->client, filters, GQ_REFETCH_FLAGS_NONE, NULL,
                                       gq_test_async_callback, &async);
  gq_test_await (env, &async);
  g_assert_true (async_finish (env, &async, gq_query_client_reset_queries_finish, &error));
  g_assert_no_error (error);
}

#define assert_query_data(env, key, text) G_STMT_START { \
  g_autoptr(JsonNode) __data = gq_query_client_get_query_data ((env)->client, (key)); \
  gq_assert_json (__data, text); \
} G_STMT_END

#define assert_no_query_data(env, key) G_STMT_START { \
  g_autoptr(JsonNode) __data = gq_query_client_get_query_data ((env)->client, (key)); \
  g_assert_null (__data); \
} G_STMT_END

/* An observer, subscribed: a mounted component using the query. */
static GqQueryObserver *
observe (GqTestEnv      *env,
         GqQueryOptions *options)
{
  GqQueryObserver *observer = gq_query_observer_new (env->client, options);

  gq_query_observer_subscribe (observer);

  return observer;
}

static void
unobserve (GqQueryObserver *observer)
{
  gq_query_observer_unsubscribe (observer);
  g_object_unref (observer);
}

static GqQueryResult *last_current;

/* The caller borrows the result until the next call. */
static GqQueryResult *
current (GqQueryObserver *observer)
{
  g_clear_pointer (&last_current, gq_query_result_unref);
  last_current = gq_query_observer_get_current_result (observer);

  return last_current;
}

static void
env_clear (GqTestEnv *env)
{
  g_clear_pointer (&last_current, gq_query_result_unref);
  gq_test_env_clear (env);
}

/* ---- defaultOptions ------------------------------------------------ */

/* should merge defaultOptions */
static void
test_default_options_merge (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("merge-defaults", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) options = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  defaults = gq_test_options_new (NULL, fetcher);
  gq_query_client_set_default_options (env.client, defaults);

  /* the query function comes from the client's defaults */
  options = gq_query_options_new (key);
  prefetch_now (&env, options);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_query_data (&env, key, "\"data\"");

  env_clear (&env);
}

/* should merge defaultOptions when query is added to cache */
static void
test_default_options_merge_when_added (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("merge-when-added", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQuery *query;

  gq_test_env_init (&env);
  defaults = gq_query_options_new (NULL);
  gq_query_options_set_gc_time (defaults, GQ_TIME_INFINITE);
  gq_query_client_set_default_options (env.client, defaults);

  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);

  query = gq_test_find_query (&env, key);
  g_assert_nonnull (query);
  g_assert_cmpint (gq_query_options_get_gc_time (gq_query_get_options (query)), ==, GQ_TIME_INFINITE);
  g_assert_cmpint (gq_query_get_gc_time (query), ==, GQ_TIME_INFINITE);

  /* never collected */
  gq_test_advance (&env, 10 * 60 * 1000);
  g_assert_true (gq_test_find_query (&env, key) == query);

  env_clear (&env);
}

/* should get defaultOptions */
static void
test_default_options_get (void)
{
  GqTestEnv env;
  g_autoptr(GqQueryOptions) defaults = NULL;
  GqQueryOptions *got;

  gq_test_env_init (&env);

  /* a client starts with empty defaults */
  got = gq_query_client_get_default_options (env.client);
  g_assert_nonnull (got);
  g_assert_false (gq_query_options_is_set (got, "stale-time"));

  defaults = gq_query_options_new (NULL);
  gq_query_options_set_stale_time (defaults, 1234);
  gq_query_client_set_default_options (env.client, defaults);
  g_assert_true (gq_query_client_get_default_options (env.client) == defaults);
  g_assert_cmpint (gq_query_options_get_stale_time (gq_query_client_get_default_options (env.client)), ==, 1234);

  /* NULL restores empty defaults */
  gq_query_client_set_default_options (env.client, NULL);
  got = gq_query_client_get_default_options (env.client);
  g_assert_nonnull (got);
  g_assert_true (got != defaults);
  g_assert_false (gq_query_options_is_set (got, "stale-time"));

  env_clear (&env);
}

/* client-wide options apply to later fetches (setDefaultOptions) */
static void
test_default_options_set_applies (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("set-default-options", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, NULL);
  options = gq_test_options_new (key, fetcher);

  first = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gq_test_int (first), ==, 1);

  /* stale time 0 by default: the next fetch refetches ... */
  defaults = gq_query_options_new (NULL);
  gq_query_options_set_stale_time (defaults, 1000);
  gq_query_client_set_default_options (env.client, defaults);

  /* ... but with a client-wide stale time the data is fresh */
  second = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gq_test_int (second), ==, 1);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  /* an option of the call wins over the client's */
  gq_query_options_set_stale_time (options, 0);
  third = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gq_test_int (third), ==, 2);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  env_clear (&env);
}

/* ---- setQueryDefaults ---------------------------------------------- */

/* should not trigger a fetch */
static void
test_set_query_defaults_no_fetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("defaults-no-fetch", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  defaults = gq_test_options_new (NULL, fetcher);
  gq_query_client_set_query_defaults (env.client, key, defaults);
  gq_test_flush (&env);

  assert_no_query_data (&env, key);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_cmpuint (fetcher->calls, ==, 0);

  env_clear (&env);
}

/* should be able to override defaults */
static void
test_set_query_defaults_override (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("defaults-override", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  defaults = gq_test_options_new (NULL, fetcher);
  gq_query_client_set_query_defaults (env.client, key, defaults);

  options = gq_query_options_new (key);
  observer = gq_query_observer_new (env.client, options);
  result = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, &error);
  g_assert_no_error (error);

  gq_assert_json (gq_query_result_get_data (result), "\"data\"");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  g_clear_object (&observer);
  env_clear (&env);
}

/* should match the query key partially */
static void
test_set_query_defaults_partial_match (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) prefix = gq_test_json ("[[\"defaults-partial\"]]");
  g_autoptr(JsonNode) key = gq_test_json ("[[\"defaults-partial\"], \"a\"]");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  defaults = gq_test_options_new (NULL, fetcher);
  gq_query_client_set_query_defaults (env.client, prefix, defaults);

  options = gq_query_options_new (key);
  observer = gq_query_observer_new (env.client, options);
  result = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, &error);
  g_assert_no_error (error);

  gq_assert_json (gq_query_result_get_data (result), "\"data\"");
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_SUCCESS);

  g_clear_object (&observer);
  env_clear (&env);
}

/* should not match if the query key is a subset */
static void
test_set_query_defaults_not_subset (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) longer = gq_test_json ("[[\"defaults-subset\"], \"a\"]");
  g_autoptr(JsonNode) key = gq_test_json ("[[\"defaults-subset\"]]");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  defaults = gq_test_options_new (NULL, fetcher);
  gq_query_client_set_query_defaults (env.client, longer, defaults);

  options = gq_query_options_new (key);
  gq_query_options_set_retry (options, 0);
  gq_query_options_set_enabled (options, FALSE);
  observer = gq_query_observer_new (env.client, options);
  result = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_error ((GError *) gq_query_result_get_error (result), GQ_ERROR, GQ_ERROR_MISSING_QUERY_FUNC);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  g_clear_object (&observer);
  env_clear (&env);
}

/* should also set defaults for observers */
static void
test_set_query_defaults_observers (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("defaults-observers", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  defaults = gq_test_options_new (NULL, fetcher);
  gq_query_options_set_enabled (defaults, FALSE);
  gq_query_client_set_query_defaults (env.client, key, defaults);

  options = gq_query_options_new (key);
  observer = observe (&env, options);

  g_assert_cmpint (gq_query_result_get_status (current (observer)), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_result_get_fetch_status (current (observer)), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_false (gq_query_result_get_is_enabled (current (observer)));
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  unobserve (observer);
  env_clear (&env);
}

/* should update existing query defaults */
static void
test_set_query_defaults_update_existing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("defaults-update", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryOptions) got = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options1 = gq_test_options_new (NULL, fetcher);
  options2 = gq_query_options_new (NULL);
  gq_query_options_set_retry (options2, 0);

  gq_query_client_set_query_defaults (env.client, key, options1);
  gq_query_client_set_query_defaults (env.client, key, options2);

  got = gq_query_client_get_query_defaults (env.client, key);
  g_assert_true (gq_query_options_is_set (got, "retry"));
  g_assert_cmpint (gq_query_options_get_retry (got), ==, 0);
  /* replaced, not merged */
  g_assert_false (_gq_query_options_has_query_func (got));

  env_clear (&env);
}

/* should merge defaultOptions */
static void
test_set_query_defaults_merge (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) todo = gq_key_new ("defaults-merge", "todo", NULL);
  g_autoptr(JsonNode) detail = gq_key_new ("defaults-merge", "todo", "detail", NULL);
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryOptions) got = NULL;
  g_autoptr(GqQueryOptions) got_todo = NULL;

  gq_test_env_init (&env);
  options1 = gq_query_options_new (NULL);
  gq_query_options_set_retry (options1, 5);
  options2 = gq_query_options_new (NULL);
  gq_query_options_set_stale_time (options2, 5000);

  gq_query_client_set_query_defaults (env.client, todo, options1);
  gq_query_client_set_query_defaults (env.client, detail, options2);

  got = gq_query_client_get_query_defaults (env.client, detail);
  g_assert_cmpint (gq_query_options_get_retry (got), ==, 5);
  g_assert_cmpint (gq_query_options_get_stale_time (got), ==, 5000);

  /* the longer prefix does not apply to the shorter key */
  got_todo = gq_query_client_get_query_defaults (env.client, todo);
  g_assert_cmpint (gq_query_options_get_retry (got_todo), ==, 5);
  g_assert_false (gq_query_options_is_set (got_todo, "stale-time"));

  env_clear (&env);
}

/* probe S5: when several prefixes match, the one registered later wins,
 * however specific the other is */
static void
test_set_query_defaults_insertion_order (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) ab = gq_key_new ("a", "b", NULL);
  g_autoptr(JsonNode) a = gq_key_new ("a", NULL);
  g_autoptr(JsonNode) abc = gq_key_new ("a", "b", "c", NULL);
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryOptions) got = NULL;
  GqQuery *query;

  gq_test_env_init (&env);
  options1 = gq_query_options_new (NULL);
  gq_query_options_set_stale_time (options1, 1);
  options2 = gq_query_options_new (NULL);
  gq_query_options_set_stale_time (options2, 2);

  gq_query_client_set_query_defaults (env.client, ab, options1);
  gq_query_client_set_query_defaults (env.client, a, options2);

  got = gq_query_client_get_query_defaults (env.client, abc);
  g_assert_cmpint (gq_query_options_get_stale_time (got), ==, 2);

  /* a query built for the key gets the same */
  gq_test_set_data (&env, abc, "1");
  query = gq_test_find_query (&env, abc);
  g_assert_cmpint (gq_query_options_get_stale_time (gq_query_get_options (query)), ==, 2);

  env_clear (&env);
}

/* registering a key again replaces its entry where it stands */
static void
test_set_query_defaults_replace_keeps_position (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) a = gq_key_new ("a", NULL);
  g_autoptr(JsonNode) ab = gq_key_new ("a", "b", NULL);
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryOptions) options3 = NULL;
  g_autoptr(GqQueryOptions) got_ab = NULL;
  g_autoptr(GqQueryOptions) got_a = NULL;

  gq_test_env_init (&env);
  options1 = gq_query_options_new (NULL);
  gq_query_options_set_stale_time (options1, 1);
  gq_query_options_set_gc_time (options1, 100);
  options2 = gq_query_options_new (NULL);
  gq_query_options_set_stale_time (options2, 2);
  options3 = gq_query_options_new (NULL);
  gq_query_options_set_stale_time (options3, 3);

  gq_query_client_set_query_defaults (env.client, a, options1);
  gq_query_client_set_query_defaults (env.client, ab, options2);
  gq_query_client_set_query_defaults (env.client, a, options3);

  /* ["a"] is still first, so ["a", "b"] still wins */
  got_ab = gq_query_client_get_query_defaults (env.client, ab);
  g_assert_cmpint (gq_query_options_get_stale_time (got_ab), ==, 2);
  /* and the old entry's gc time is gone */
  g_assert_false (gq_query_options_is_set (got_ab, "gc-time"));

  got_a = gq_query_client_get_query_defaults (env.client, a);
  g_assert_cmpint (gq_query_options_get_stale_time (got_a), ==, 3);

  env_clear (&env);
}

/* ---- setQueryData -------------------------------------------------- */

static guint updater_calls;

static JsonNode *
updater_add_name (JsonNode *previous,
                  gpointer  user_data)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  updater_calls++;
  if (previous != NULL && JSON_NODE_HOLDS_OBJECT (previous))
    {
      JsonObject *old = json_node_get_object (previous);
      g_autoptr(GList) members = json_object_get_members (old);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data, json_node_copy (json_object_get_member (old, l->data)));
    }
  json_object_set_string_member (object, "name", "James");
  json_node_take_object (node, object);

  return node;
}

static JsonNode *
updater_null (JsonNode *previous,
              gpointer  user_data)
{
  updater_calls++;

  return NULL;
}

static JsonNode *
updater_concat (JsonNode *previous,
                gpointer  user_data)
{
  g_autofree char *text = NULL;
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  updater_calls++;
  g_assert_nonnull (previous);
  text = g_strdup_printf ("new data + %s", json_node_get_string (previous));
  json_node_set_string (node, text);

  return node;
}

/* (old) => (old ? old + 5 : undefined) */
static JsonNode *
updater_add5 (JsonNode *previous,
              gpointer  user_data)
{
  JsonNode *node;

  updater_calls++;
  if (previous == NULL)
    return NULL;

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_int (node, json_node_get_int (previous) + 5);

  return node;
}

/* should not crash if query could not be found */
static void
test_set_query_data_updater_not_found (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"sqd-not-found\"], {\"userId\": 1}]");
  g_autoptr(JsonNode) stored = NULL;

  gq_test_env_init (&env);
  updater_calls = 0;

  stored = gq_query_client_set_query_data_with_updater (env.client, key, updater_add_name, NULL, 0);

  /* the updater saw no data and its result created the query */
  g_assert_cmpuint (updater_calls, ==, 1);
  gq_assert_json (stored, "{\"name\": \"James\"}");
  assert_query_data (&env, key, "{\"name\": \"James\"}");

  env_clear (&env);
}

/* should not crash when variable is null */
static void
test_set_query_data_null_variable (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"sqd-null-var\"], {\"userId\": null}]");

  gq_test_env_init (&env);

  gq_test_set_data (&env, key, "\"Old Data\"");
  gq_test_set_data (&env, key, "\"New Data\"");
  assert_query_data (&env, key, "\"New Data\"");
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 1);

  env_clear (&env);
}

/* should create a new query if query was not found 1 and 2 */
/* The created query keeps the caller's key, as TanStack keeps it by
 * reference: sealed in place, not copied. A later call with an equal key
 * finds that query and leaves its key as it was. */
static void
test_set_query_data_seals_key (void)
{
  GqTestEnv env;
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(JsonNode) again = gq_key_printf ("[\"sqd-seals\", 1]");
  g_autoptr(JsonNode) data = json_node_init_string (json_node_alloc (), "bar");
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) stored_again = NULL;
  GqQuery *query;

  gq_test_env_init (&env);

  json_array_add_string_element (array, "sqd-seals");
  json_array_add_int_element (array, 1);
  key = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  g_assert_false (json_node_is_immutable (key));

  stored = gq_query_client_set_query_data (env.client, key, data, 0);
  g_assert_true (json_node_is_immutable (key));
  query = gq_test_find_query (&env, key);
  g_assert_nonnull (query);
  g_assert_true (gq_query_get_query_key (query) == key);

  stored_again = gq_query_client_set_query_data (env.client, again, data, 0);
  g_assert_true (gq_test_find_query (&env, again) == query);
  g_assert_true (gq_query_get_query_key (query) == key);
  g_assert_cmpstr (gq_query_get_query_hash (query), ==, "[\"sqd-seals\",1]");

  env_clear (&env);
}

static void
test_set_query_data_create (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("sqd-create-1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("sqd-create-2", NULL);
  GqQueryState *state;

  gq_test_env_init (&env);

  gq_test_set_data (&env, key1, "\"bar\"");
  assert_query_data (&env, key1, "\"bar\"");
  gq_test_set_data (&env, key2, "\"qux\"");
  assert_query_data (&env, key2, "\"qux\"");

  state = gq_test_state_of (&env, key1);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, 0);

  /* a query created this way is collected after the default gc time */
  gq_test_advance (&env, 299999);
  g_assert_nonnull (gq_test_find_query (&env, key1));
  gq_test_advance (&env, 1);
  g_assert_null (gq_test_find_query (&env, key1));
  g_assert_null (gq_test_find_query (&env, key2));

  env_clear (&env);
}

/* should not create a new query if query was not found and data is
 * undefined */
static void
test_set_query_data_undefined_no_create (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-undefined", NULL);
  g_autoptr(JsonNode) stored = NULL;

  gq_test_env_init (&env);

  g_assert_null (gq_test_find_query (&env, key));
  stored = gq_query_client_set_query_data (env.client, key, NULL, 0);
  g_assert_null (stored);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);

  env_clear (&env);
}

/* should not create a new query if query was not found and updater
 * returns undefined */
static void
test_set_query_data_updater_undefined_no_create (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-updater-undefined", NULL);
  g_autoptr(JsonNode) stored = NULL;

  gq_test_env_init (&env);
  updater_calls = 0;

  g_assert_null (gq_test_find_query (&env, key));
  stored = gq_query_client_set_query_data_with_updater (env.client, key, updater_null, NULL, 0);
  g_assert_null (stored);
  g_assert_cmpuint (updater_calls, ==, 1);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);

  env_clear (&env);
}

/* should not update query data if data is undefined */
static void
test_set_query_data_undefined_keeps_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-undefined-keeps", NULL);
  g_autoptr(JsonNode) stored = NULL;

  gq_test_env_init (&env);

  gq_test_set_data (&env, key, "\"qux\"");
  stored = gq_query_client_set_query_data (env.client, key, NULL, 0);
  g_assert_null (stored);
  assert_query_data (&env, key, "\"qux\"");
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_test_state_of (&env, key)), ==, 1);

  env_clear (&env);
}

/* should not update query data if updater returns undefined */
static void
test_set_query_data_updater_undefined_keeps_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-updater-keeps", NULL);
  g_autoptr(JsonNode) stored = NULL;
  GqQueryState *before;

  gq_test_env_init (&env);

  gq_test_set_data (&env, key, "\"qux\"");
  before = gq_test_state_of (&env, key);
  stored = gq_query_client_set_query_data_with_updater (env.client, key, updater_null, NULL, 0);
  g_assert_null (stored);
  assert_query_data (&env, key, "\"qux\"");
  /* no dispatch at all: the state is the same snapshot */
  g_assert_true (gq_test_state_of (&env, key) == before);

  env_clear (&env);
}

/* should accept an update function */
static void
test_set_query_data_update_function (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-update-function", NULL);
  g_autoptr(JsonNode) stored = NULL;

  gq_test_env_init (&env);
  updater_calls = 0;

  gq_test_set_data (&env, key, "\"test data\"");
  stored = gq_query_client_set_query_data_with_updater (env.client, key, updater_concat, NULL, 0);

  g_assert_cmpuint (updater_calls, ==, 1);
  gq_assert_json (stored, "\"new data + test data\"");
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"new data + test data\"");
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_test_state_of (&env, key)), ==, 2);

  env_clear (&env);
}

/* should set the new data without comparison if structuralSharing is set
 * to false */
static void
test_set_query_data_structural_sharing_off (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-sharing-off", NULL);
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(JsonNode) old_data = gq_test_json ("{\"value\": true}");
  g_autoptr(JsonNode) new_data = gq_test_json ("{\"value\": true}");
  g_autoptr(JsonNode) stored1 = NULL;
  g_autoptr(JsonNode) stored2 = NULL;

  gq_test_env_init (&env);
  defaults = gq_query_options_new (NULL);
  gq_query_options_set_structural_sharing (defaults, FALSE);
  gq_query_client_set_default_options (env.client, defaults);

  stored1 = gq_query_client_set_query_data (env.client, key, old_data, 0);
  stored2 = gq_query_client_set_query_data (env.client, key, new_data, 0);

  g_assert_true (stored1 == old_data);
  g_assert_true (stored2 == new_data);
  g_assert_true (gq_query_state_get_data (gq_test_state_of (&env, key)) == new_data);

  env_clear (&env);
}

/* setQueryData goes through replaceEqualDeep: equal data keeps the old
 * node, and unchanged subtrees are shared */
static void
test_set_query_data_structural_sharing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-sharing", NULL);
  g_autoptr(JsonNode) old_data = gq_test_json ("{\"a\": {\"x\": 1}, \"b\": [1, 2]}");
  g_autoptr(JsonNode) equal_data = gq_test_json ("{\"a\": {\"x\": 1}, \"b\": [1, 2]}");
  g_autoptr(JsonNode) new_data = gq_test_json ("{\"a\": {\"x\": 1}, \"b\": [1, 3]}");
  g_autoptr(JsonNode) stored1 = NULL;
  g_autoptr(JsonNode) stored2 = NULL;
  g_autoptr(JsonNode) stored3 = NULL;
  g_autoptr(JsonNode) got = NULL;

  gq_test_env_init (&env);

  stored1 = gq_query_client_set_query_data (env.client, key, old_data, 0);
  g_assert_true (stored1 == old_data);

  /* equal: the previous node is returned and kept */
  stored2 = gq_query_client_set_query_data (env.client, key, equal_data, 0);
  g_assert_true (stored2 == old_data);
  got = gq_query_client_get_query_data (env.client, key);
  g_assert_true (got == old_data);
  g_clear_pointer (&got, json_node_unref);

  /* changed: a new root sharing the unchanged member */
  stored3 = gq_query_client_set_query_data (env.client, key, new_data, 0);
  g_assert_true (stored3 != old_data);
  gq_assert_json (stored3, "{\"a\": {\"x\": 1}, \"b\": [1, 3]}");
  g_assert_true (json_object_get_member (json_node_get_object (stored3), "a") ==
                 json_object_get_member (json_node_get_object (old_data), "a"));
  got = gq_query_client_get_query_data (env.client, key);
  g_assert_true (got == stored3);

  /* every write counts as an update, even an equal one */
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_test_state_of (&env, key)), ==, 3);

  env_clear (&env);
}

/* should not set isFetching to false */
static void
test_set_query_data_keeps_fetching (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-keeps-fetching", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryState) state = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, "23");
  options = gq_test_options_new (key, fetcher);
  prefetch (&env, options);

  state = gq_query_client_get_query_state (env.client, key);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);
  g_clear_pointer (&state, gq_query_state_unref);

  gq_test_set_data (&env, key, "42");
  state = gq_query_client_get_query_state (env.client, key);
  gq_assert_json (gq_query_state_get_data (state), "42");
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_clear_pointer (&state, gq_query_state_unref);

  gq_test_advance (&env, 10);
  state = gq_query_client_get_query_state (env.client, key);
  gq_assert_json (gq_query_state_get_data (state), "23");
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 2);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  env_clear (&env);
}

/* updatedAt: the given time, or now; a write clears the invalidation */
static void
test_set_query_data_updated_at (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-updated-at", NULL);
  g_autoptr(JsonNode) data = gq_test_json ("\"a\"");
  g_autoptr(JsonNode) data2 = gq_test_json ("\"b\"");
  g_autoptr(JsonNode) stored1 = NULL;
  g_autoptr(JsonNode) stored2 = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);

  stored1 = gq_query_client_set_query_data (env.client, key, data, GQ_TEST_START_TIME - 5000);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, -5000);
  g_assert_true (gq_query_is_stale_by_time (gq_test_find_query (&env, key), 4999));
  g_assert_false (gq_query_is_stale_by_time (gq_test_find_query (&env, key), 5001));

  filters = gq_query_filters_new (key);
  gq_query_client_invalidate_queries (env.client, filters);
  g_assert_true (gq_query_state_get_is_invalidated (gq_test_state_of (&env, key)));

  gq_test_advance (&env, 100);
  stored2 = gq_query_client_set_query_data (env.client, key, data2, 0);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, 100);
  g_assert_false (gq_query_state_get_is_invalidated (state));
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 2);

  env_clear (&env);
}

/* null is data, unlike undefined */
static void
test_set_query_data_json_null (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("sqd-json-null", NULL);
  g_autoptr(JsonNode) got = NULL;

  gq_test_env_init (&env);

  gq_test_set_data (&env, key, "null");
  got = gq_query_client_get_query_data (env.client, key);
  g_assert_nonnull (got);
  g_assert_true (JSON_NODE_HOLDS_NULL (got));
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_true (gq_query_state_has_data (gq_test_state_of (&env, key)));

  env_clear (&env);
}

/* ---- setQueriesData ------------------------------------------------ */

/* should update all existing, matching queries */
static void
test_set_queries_data_update_matching (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("key", NULL);
  g_autoptr(JsonNode) key1 = gq_test_json ("[\"key\", 1]");
  g_autoptr(JsonNode) key2 = gq_test_json ("[\"key\", 2]");
  g_autoptr(JsonNode) other = gq_test_json ("[\"other\", 1]");
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) result = NULL;

  gq_test_env_init (&env);
  updater_calls = 0;

  gq_test_set_data (&env, key1, "1");
  gq_test_set_data (&env, key2, "2");
  gq_test_set_data (&env, other, "3");

  filters = gq_query_filters_new (key);
  result = gq_query_client_set_queries_data (env.client, filters, updater_add5, NULL, 0);

  gq_assert_json (result, "[[[\"key\", 1], 6], [[\"key\", 2], 7]]");
  g_assert_cmpuint (updater_calls, ==, 2);
  assert_query_data (&env, key1, "6");
  assert_query_data (&env, key2, "7");
  assert_query_data (&env, other, "3");

  env_clear (&env);
}

static gboolean
is_query (GqQuery  *query,
          gpointer  user_data)
{
  return query == user_data;
}

/* should accept queryFilters */
static void
test_set_queries_data_filters (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_test_json ("[\"key\", 1]");
  g_autoptr(JsonNode) key2 = gq_test_json ("[\"key\", 2]");
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) result = NULL;
  GqQuery *query1;

  gq_test_env_init (&env);

  gq_test_set_data (&env, key1, "1");
  gq_test_set_data (&env, key2, "2");
  query1 = gq_test_find_query (&env, key1);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_predicate (filters, is_query, query1, NULL);
  result = gq_query_client_set_queries_data (env.client, filters, updater_add5, NULL, 0);

  gq_assert_json (result, "[[[\"key\", 1], 6]]");
  assert_query_data (&env, key1, "6");
  assert_query_data (&env, key2, "2");

  env_clear (&env);
}

/* should not update non existing queries */
static void
test_set_queries_data_non_existing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("key", NULL);
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) result = NULL;

  gq_test_env_init (&env);
  updater_calls = 0;

  filters = gq_query_filters_new (key);
  result = gq_query_client_set_queries_data (env.client, filters, updater_add_name, NULL, 0);

  gq_assert_json (result, "[]");
  g_assert_cmpuint (updater_calls, ==, 0);
  assert_no_query_data (&env, key);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);

  env_clear (&env);
}

/* ---- isFetching ---------------------------------------------------- */

/* should return length of fetching queries */
static void
test_is_fetching_count (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("is-fetching-1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("is-fetching-2", NULL);
  g_autoptr(GqTestFetcher) fetcher1 = NULL;
  g_autoptr(GqTestFetcher) fetcher2 = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;

  gq_test_env_init (&env);
  fetcher1 = fetcher_new (&env, 10, "\"data\"");
  fetcher2 = fetcher_new (&env, 5, "\"data\"");
  options1 = gq_test_options_new (key1, fetcher1);
  options2 = gq_test_options_new (key2, fetcher2);

  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 0);
  prefetch (&env, options1);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 1);
  prefetch (&env, options2);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 2);

  /* filtered */
  filters = gq_query_filters_new (key2);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, filters), ==, 1);

  gq_test_advance (&env, 5);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 1);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, filters), ==, 0);
  gq_test_advance (&env, 5);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 0);

  env_clear (&env);
}

/* paused fetches are not counted */
static void
test_is_fetching_paused_not_counted (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("is-fetching-paused", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = fetcher_new (&env, 10, "\"data\"");
  options = gq_test_options_new (key, fetcher);

  gq_online_manager_set_online (env.online, FALSE);
  prefetch (&env, options);

  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_PAUSED);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 0);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  /* back online, the mounted client resumes it */
  gq_online_manager_set_online (env.online, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 1);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 0);
  assert_query_data (&env, key, "\"data\"");

  gq_query_client_unmount (env.client);
  env_clear (&env);
}

/* ---- getQueryData -------------------------------------------------- */

/* should return the query data if the query is found */
static void
test_get_query_data_found (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"gqd-found\"], \"id\"]");

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"bar\"");
  assert_query_data (&env, key, "\"bar\"");
  env_clear (&env);
}

/* should return undefined if the query is not found */
static void
test_get_query_data_not_found (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("gqd-not-found", NULL);

  gq_test_env_init (&env);
  assert_no_query_data (&env, key);
  /* a lookup does not create the query */
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);
  env_clear (&env);
}

/* should match exact by default */
static void
test_get_query_data_exact (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"gqd-exact\"], \"id\"]");
  g_autoptr(JsonNode) prefix = gq_test_json ("[[\"gqd-exact\"]]");

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"bar\"");
  assert_no_query_data (&env, prefix);
  env_clear (&env);
}

/* a pending query without data has no data to get */
static void
test_get_query_data_pending (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("gqd-pending", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch (&env, options);

  g_assert_nonnull (gq_test_find_query (&env, key));
  assert_no_query_data (&env, key);
  gq_test_advance (&env, 10);
  assert_query_data (&env, key, "\"data\"");

  env_clear (&env);
}

/* ---- getQueryState ------------------------------------------------- */

/* getQueryState: the exact query's state, or nothing */
static void
test_get_query_state (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("gqs", NULL);
  g_autoptr(JsonNode) prefix = gq_key_new ("gqs-missing", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryState) state = NULL;
  g_autoptr(GqQueryState) missing = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);

  missing = gq_query_client_get_query_state (env.client, prefix);
  g_assert_null (missing);

  fetcher = fetcher_new (&env, 0, NULL);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_test_advance (&env, 7);
  data = fetch_now (&env, options, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);

  state = gq_query_client_get_query_state (env.client, key);
  g_assert_nonnull (state);
  g_assert_true (state == gq_test_state_of (&env, key));
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_error ((GError *) gq_query_state_get_error (state), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_query_state_get_error (state)->message, ==, "failure 1");
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_error_updated_at (state)), ==, 7);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);
  g_assert_true (gq_query_state_get_is_invalidated (state));

  env_clear (&env);
}

/* ---- ensureQueryData ----------------------------------------------- */

/* should return the cached query data if the query is found */
static void
test_ensure_cached (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"ensure-cached\"], \"id\"]");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);

  gq_test_set_data (&env, key, "\"bar\"");
  data = ensure_now (&env, options, FALSE, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"bar\"");
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  env_clear (&env);
}

/* should return the cached query data if the query is found and cached
 * query data is falsy */
static void
test_ensure_cached_falsy (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"ensure-falsy\"], \"id\"]");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "0");
  options = gq_test_options_new (key, fetcher);

  gq_test_set_data (&env, key, "null");
  data = ensure_now (&env, options, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_true (JSON_NODE_HOLDS_NULL (data));
  g_assert_cmpuint (fetcher->calls, ==, 0);

  env_clear (&env);
}

/* should call fetchQuery and return its results if the query is not
 * found */
static void
test_ensure_fetch_if_missing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("ensure-missing", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);

  data = ensure_now (&env, options, FALSE, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"data\"");
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_query_data (&env, key, "\"data\"");

  env_clear (&env);
}

/* should return the cached query data if the query is found and
 * preFetchQuery in the background when revalidateIfStale is set */
static void
test_ensure_revalidate_if_stale (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"ensure-revalidate\"], \"id\"]");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, "\"new\"");
  options = gq_test_options_new (key, fetcher);

  gq_test_set_data (&env, key, "\"old\"");
  first = ensure_now (&env, options, TRUE, &error);
  g_assert_no_error (error);
  gq_assert_json (first, "\"old\"");
  /* the revalidation runs in the background */
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_FETCHING);

  gq_test_advance (&env, 20);
  assert_query_data (&env, key, "\"new\"");

  second = ensure_now (&env, options, TRUE, &error);
  g_assert_no_error (error);
  gq_assert_json (second, "\"new\"");

  env_clear (&env);
}

/* fresh data is not revalidated, and without the flag stale data is not
 * either */
static void
test_ensure_no_revalidate (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("ensure-no-revalidate", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"new\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, 1000);

  gq_test_set_data (&env, key, "\"old\"");
  first = ensure_now (&env, options, TRUE, &error);
  g_assert_no_error (error);
  gq_assert_json (first, "\"old\"");
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_test_advance (&env, 2000);
  second = ensure_now (&env, options, FALSE, &error);
  g_assert_no_error (error);
  gq_assert_json (second, "\"old\"");
  g_assert_cmpuint (fetcher->calls, ==, 0);

  env_clear (&env);
}

/* should not fetch with initialData */
static void
test_ensure_initial_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"ensure-initial\"], \"id\"]");
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);

  data = ensure_now (&env, options, FALSE, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"initial\"");
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  assert_query_data (&env, key, "\"initial\"");

  env_clear (&env);
}

/* ---- getQueriesData ------------------------------------------------ */

/* should return the query data for all matched queries */
static void
test_get_queries_data_matched (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) prefix = gq_test_json ("[[\"gqsd-1\"]]");
  g_autoptr(JsonNode) key11 = gq_test_json ("[[\"gqsd-1\"], 1]");
  g_autoptr(JsonNode) key12 = gq_test_json ("[[\"gqsd-1\"], 2]");
  g_autoptr(JsonNode) key22 = gq_test_json ("[[\"gqsd-2\"], 2]");
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) result = NULL;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key11, "1");
  gq_test_set_data (&env, key12, "2");
  gq_test_set_data (&env, key22, "2");

  filters = gq_query_filters_new (prefix);
  result = gq_query_client_get_queries_data (env.client, filters);
  gq_assert_json (result, "[[[[\"gqsd-1\"], 1], 1], [[[\"gqsd-1\"], 2], 2]]");

  env_clear (&env);
}

/* should return empty array if queries are not found */
static void
test_get_queries_data_empty (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("gqsd-empty", NULL);
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) result = NULL;

  gq_test_env_init (&env);
  filters = gq_query_filters_new (key);
  result = gq_query_client_get_queries_data (env.client, filters);
  gq_assert_json (result, "[]");
  env_clear (&env);
}

/* should accept query filters */
static void
test_get_queries_data_filters (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_test_json ("[\"key\", 1]");
  g_autoptr(JsonNode) key2 = gq_test_json ("[\"key\", 2]");
  g_autoptr(JsonNode) pending = gq_test_json ("[\"key\", 3]");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GqQueryFilters) all = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonNode) everything = NULL;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key1, "1");
  gq_test_set_data (&env, key2, "2");

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_predicate (filters, is_query, gq_test_find_query (&env, key1), NULL);
  result = gq_query_client_get_queries_data (env.client, filters);
  gq_assert_json (result, "[[[\"key\", 1], 1]]");

  /* a query without data is listed with null */
  fetcher = fetcher_new (&env, 10, "3");
  options = gq_test_options_new (pending, fetcher);
  prefetch (&env, options);
  everything = gq_query_client_get_queries_data (env.client, NULL);
  gq_assert_json (everything, "[[[\"key\", 1], 1], [[\"key\", 2], 2], [[\"key\", 3], null]]");

  all = gq_query_filters_new (NULL);
  gq_query_filters_set_fetch_status (all, GQ_FETCH_STATUS_FETCHING);
  g_clear_pointer (&result, json_node_unref);
  result = gq_query_client_get_queries_data (env.client, all);
  gq_assert_json (result, "[[[\"key\", 3], null]]");

  env_clear (&env);
}

/* ---- fetchQuery ---------------------------------------------------- */

/* should not type-error with strict query key: it resolves with the data */
static void
test_fetch_query_resolves (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("strict", "fetch-resolves", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");

  data = fetch_with (&env, key, fetcher);
  gq_assert_json (data, "\"data\"");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  state = gq_test_state_of (&env, key);
  g_assert_true (gq_query_state_get_data (state) == data);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);

  env_clear (&env);
}

/* should not retry by default */
static void
test_fetch_query_no_retry_by_default (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-no-retry", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, NULL);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);

  data = fetch_now (&env, options, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "failure 1");

  /* no retry is waiting either */
  gq_test_advance (&env, 60000);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (gq_test_state_of (&env, key)), ==, 1);

  env_clear (&env);
}

/* retry applies when the options, or the key's defaults, set it */
static void
test_fetch_query_retry_when_set (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("fetch-retry", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("fetch-retry", "2", NULL);
  g_autoptr(JsonNode) prefix = gq_key_new ("fetch-retry", NULL);
  g_autoptr(GqTestFetcher) fetcher1 = NULL;
  g_autoptr(GqTestFetcher) fetcher2 = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);

  /* retry: 1 in the options */
  fetcher1 = fetcher_new (&env, 0, "\"ok\"");
  fetcher1->fail_times = 1;
  options1 = gq_test_options_new (key1, fetcher1);
  gq_query_options_set_retry (options1, 1);
  gq_query_options_set_retry_delay (options1, 10);

  fetch_query (&env, options1, &async);
  gq_test_flush (&env);
  g_assert_false (async.done);
  g_assert_cmpuint (fetcher1->calls, ==, 1);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (gq_test_state_of (&env, key1)), ==, 1);
  gq_test_advance (&env, 10);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"ok\"");
  g_assert_cmpuint (fetcher1->calls, ==, 2);
  g_clear_pointer (&data, json_node_unref);

  /* retry: 2 from the key's defaults */
  defaults = gq_query_options_new (NULL);
  gq_query_options_set_retry (defaults, 2);
  gq_query_options_set_retry_delay (defaults, 5);
  gq_query_client_set_query_defaults (env.client, prefix, defaults);

  fetcher2 = fetcher_new (&env, 0, NULL);
  fetcher2->fail_always = TRUE;
  options2 = gq_test_options_new (key2, fetcher2);
  fetch_query (&env, options2, &async);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher2->calls, ==, 1);
  gq_test_advance (&env, 5);
  g_assert_cmpuint (fetcher2->calls, ==, 2);
  g_assert_false (async.done);
  gq_test_advance (&env, 5);
  g_assert_cmpuint (fetcher2->calls, ==, 3);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "failure 3");
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (gq_test_state_of (&env, key2)), ==, 3);

  env_clear (&env);
}

/* should return the cached data on cache hit */
static void
test_fetch_query_cache_hit (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-cache-hit", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "{\"items\": [1, 2]}");
  /* each call returns a fresh, equal node */
  first = fetch_with (&env, key, fetcher);
  g_clear_pointer (&fetcher->data, json_node_unref);
  fetcher->data = gq_test_json ("{\"items\": [1, 2]}");
  second = fetch_with (&env, key, fetcher);

  /* stale time 0: refetched, and structurally shared with the first */
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_true (second == first);

  env_clear (&env);
}

/* should read from cache with static staleTime even if invalidated */
static void
test_fetch_query_static_even_if_invalidated (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-static", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "{\"data\": \"data\"}");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_STALE_TIME_STATIC);

  first = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  gq_assert_json (first, "{\"data\": \"data\"}");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  filters = gq_query_filters_new (key);
  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_NONE);
  invalidate_now (&env, filters);
  g_assert_true (gq_query_state_get_is_invalidated (gq_test_state_of (&env, key)));

  second = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_true (second == first);

  env_clear (&env);
}

/* should be able to fetch when garbage collection time is set to 0 and
 * then be removed */
static void
test_fetch_query_gc_time_zero (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-gc-0", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, "1");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, 0);

  fetch_query (&env, options, &async);
  gq_test_advance (&env, 10);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "1");

  gq_test_advance (&env, 1);
  assert_no_query_data (&env, key);
  g_assert_null (gq_test_find_query (&env, key));

  env_clear (&env);
}

/* should keep a query in cache if garbage collection time is Infinity */
static void
test_fetch_query_gc_time_infinite (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-gc-infinite", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, "1");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, GQ_TIME_INFINITE);

  fetch_query (&env, options, &async);
  gq_test_advance (&env, 10);
  assert_query_data (&env, key, "1");
  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "1");

  gq_test_advance (&env, 24 * 3600 * 1000);
  assert_query_data (&env, key, "1");

  env_clear (&env);
}

/* should not force fetch */
static void
test_fetch_query_not_force (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-not-force", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"og\"");
  fetcher = fetcher_new (&env, 0, "\"new\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);
  gq_query_options_set_stale_time (options, 100);

  first = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  gq_assert_json (first, "\"og\"");
  g_assert_cmpuint (fetcher->calls, ==, 0);

  env_clear (&env);
}

/* should only fetch if the data is older then the given stale time */
static void
test_fetch_query_stale_time (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-stale-time", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options100 = NULL;
  g_autoptr(GqQueryOptions) options10 = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autoptr(JsonNode) fourth = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  /* resolves with ++count */
  fetcher = fetcher_new (&env, 0, NULL);
  options100 = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options100, 100);
  options10 = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options10, 10);

  gq_test_set_data (&env, key, "0");
  first = fetch_now (&env, options100, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gq_test_int (first), ==, 0);

  gq_test_advance (&env, 10);
  second = fetch_now (&env, options10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gq_test_int (second), ==, 1);

  third = fetch_now (&env, options10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gq_test_int (third), ==, 1);

  gq_test_advance (&env, 10);
  fourth = fetch_now (&env, options10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gq_test_int (fourth), ==, 2);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  env_clear (&env);
}

static void
meta_query_func (GqFetchContext *context,
                 gpointer        user_data)
{
  JsonNode *meta = gq_fetch_context_get_meta (context);
  g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);

  gq_fetch_context_resolve (context, meta ? meta : null_node);
}

/* should allow new meta */
static void
test_fetch_query_new_meta (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-meta", NULL);
  g_autoptr(JsonNode) meta1 = gq_test_json ("{\"foo\": true}");
  g_autoptr(JsonNode) meta2 = gq_test_json ("{\"foo\": false}");
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  options1 = gq_query_options_new (key);
  gq_query_options_set_query_func (options1, meta_query_func, NULL, NULL);
  gq_query_options_set_meta (options1, meta1);
  options2 = gq_query_options_new (key);
  gq_query_options_set_query_func (options2, meta_query_func, NULL, NULL);
  gq_query_options_set_meta (options2, meta2);

  first = fetch_now (&env, options1, &error);
  g_assert_no_error (error);
  gq_assert_json (first, "{\"foo\": true}");

  second = fetch_now (&env, options2, &error);
  g_assert_no_error (error);
  gq_assert_json (second, "{\"foo\": false}");

  env_clear (&env);
}

/* a fetch joins the fetch already running */
static void
test_fetch_query_dedupe (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-dedupe", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async1 = { 0 };
  GqTestAsync async2 = { 0 };

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, "{\"v\": 1}");
  options = gq_test_options_new (key, fetcher);

  fetch_query (&env, options, &async1);
  gq_test_advance (&env, 5);
  fetch_query (&env, options, &async2);
  gq_test_flush (&env);
  g_assert_false (async1.done);
  g_assert_false (async2.done);

  gq_test_advance (&env, 5);
  first = fetch_query_finish (&env, &async1, &error);
  g_assert_no_error (error);
  second = fetch_query_finish (&env, &async2, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  gq_assert_json (first, "{\"v\": 1}");
  g_assert_true (first == second);

  /* a fetch that has data is joined too (no cancel for fetchQuery) */
  fetch_query (&env, options, &async1);
  gq_test_advance (&env, 5);
  fetch_query (&env, options, &async2);
  gq_test_advance (&env, 5);
  g_assert_true (async1.done);
  g_assert_true (async2.done);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_test_async_clear (&async1);
  gq_test_async_clear (&async2);

  env_clear (&env);
}

/* should propagate errors */
static void
test_fetch_query_propagate_errors (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-errors", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"old\"");
  fetcher = fetcher_new (&env, 0, NULL);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);

  data = fetch_now (&env, options, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "failure 1");

  /* the query keeps its data */
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_ERROR);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"old\"");

  env_clear (&env);
}

/* a query function that resolves without data fails, without retrying */
static void
test_fetch_query_undefined_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-undefined", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, NULL);
  fetcher->resolve_null = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 3);

  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, "Query data cannot be undefined*fetch-undefined*");
  data = fetch_now (&env, options, &error);
  g_test_assert_expected_messages ();
  g_assert_null (data);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_UNDEFINED_DATA);
  gq_test_advance (&env, 60000);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_ERROR);

  env_clear (&env);
}

/* query(): should fetch when disabled (enabled is not for imperative
 * fetches) */
static void
test_fetch_query_ignores_enabled (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-disabled", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_enabled (options, FALSE);

  data = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"data\"");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  env_clear (&env);
}

/* ---- prefetchQuery ------------------------------------------------- */

/* should not type-error with strict query key: the data lands in the
 * cache */
static void
test_prefetch_stores_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("strict", "prefetch", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);

  prefetch_now (&env, options);
  assert_query_data (&env, key, "\"data\"");

  /* fresh data is not prefetched again */
  gq_query_options_set_stale_time (options, 1000);
  prefetch_now (&env, options);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  env_clear (&env);
}

/* should return undefined when an error is thrown */
static void
test_prefetch_swallows_errors (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("prefetch-error", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, NULL);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 0);

  /* finishes with TRUE and no error */
  prefetch_now (&env, options);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_ERROR);

  env_clear (&env);
}

/* should be garbage collected after gcTime if unused */
static void
test_prefetch_gc (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("prefetch-gc", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, 10);

  prefetch_now (&env, options);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"data\"");
  gq_test_advance (&env, 9);
  g_assert_nonnull (gq_test_find_query (&env, key));
  gq_test_advance (&env, 6);
  g_assert_null (gq_test_find_query (&env, key));

  env_clear (&env);
}

/* ---- removeQueries ------------------------------------------------- */

/* should not crash when exact is provided */
static void
test_remove_queries_exact (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("remove-exact", NULL);
  g_autoptr(JsonNode) longer = gq_key_new ("remove-exact", "more", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"data\"");
  gq_test_set_data (&env, longer, "\"more\"");

  filters = gq_query_filters_new_exact (key);
  gq_query_client_remove_queries (env.client, filters);

  g_assert_null (gq_test_find_query (&env, key));
  assert_query_data (&env, longer, "\"more\"");

  env_clear (&env);
}

/* removeQueries by prefix, and all of them without filters */
static void
test_remove_queries_partial (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) prefix = gq_key_new ("remove", NULL);
  g_autoptr(JsonNode) key1 = gq_key_new ("remove", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("remove", "2", NULL);
  g_autoptr(JsonNode) other = gq_key_new ("keep", NULL);
  g_autoptr(GqQueryFilters) filters = NULL;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key1, "1");
  gq_test_set_data (&env, key2, "2");
  gq_test_set_data (&env, other, "3");

  filters = gq_query_filters_new (prefix);
  gq_query_client_remove_queries (env.client, filters);
  g_assert_null (gq_test_find_query (&env, key1));
  g_assert_null (gq_test_find_query (&env, key2));
  assert_query_data (&env, other, "3");
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 1);

  gq_query_client_remove_queries (env.client, NULL);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);

  env_clear (&env);
}

/* ---- cancelQueries ------------------------------------------------- */

/* should revert queries to their previous state */
static void
test_cancel_queries_revert (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-revert", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryState *state;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"data\"");
  fetcher = fetcher_new (&env, 1000, "\"data2\"");
  fetcher->use_cancellable = TRUE;
  options = gq_test_options_new (key, fetcher);
  fetch_query (&env, options, &async);

  gq_test_advance (&env, 10);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_FETCHING);

  gq_query_client_cancel_queries (env.client, NULL, GQ_CANCEL_FLAGS_NONE);

  /* reverted at once */
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  gq_assert_json (gq_query_state_get_data (state), "\"data\"");
  g_assert_true (g_cancellable_is_cancelled (gq_fetch_context_get_cancellable (fetcher->last_context)));

  /* with data, the fetch resolves with the reverted data */
  gq_test_await (&env, &async);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"data\"");

  /* the late response is ignored */
  gq_test_advance (&env, 1000);
  assert_query_data (&env, key, "\"data\"");
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_test_state_of (&env, key)), ==, 1);

  env_clear (&env);
}

/* should not revert if revert option is set to false */
static void
test_cancel_queries_no_revert (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-no-revert", NULL);
  g_autoptr(GqTestFetcher) fetcher1 = NULL;
  g_autoptr(GqTestFetcher) fetcher2 = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);
  fetcher1 = fetcher_new (&env, 0, "\"data\"");
  data = fetch_with (&env, key, fetcher1);

  fetcher2 = fetcher_new (&env, 1000, "\"data2\"");
  options = gq_test_options_new (key, fetcher2);
  prefetch (&env, options);
  gq_test_advance (&env, 10);

  filters = gq_query_filters_new (key);
  gq_query_client_cancel_queries (env.client, filters, GQ_CANCEL_FLAGS_NO_REVERT);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_error ((GError *) gq_query_state_get_error (state), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  gq_assert_json (gq_query_state_get_data (state), "\"data\"");

  gq_test_advance (&env, 1000);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_ERROR);
  assert_query_data (&env, key, "\"data\"");

  env_clear (&env);
}

/* should throw CancelledError for imperative methods when initial fetch
 * is cancelled */
static void
test_cancel_queries_initial_fetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-initial", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryState *state;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 50, "25");
  options = gq_test_options_new (key, fetcher);
  fetch_query (&env, options, &async);
  gq_test_advance (&env, 10);

  filters = gq_query_filters_new (key);
  gq_query_client_cancel_queries (env.client, filters, GQ_CANCEL_FLAGS_NONE);

  gq_test_await (&env, &async);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_null (gq_query_state_get_error (state));

  gq_test_advance (&env, 50);
  assert_no_query_data (&env, key);

  env_clear (&env);
}

/* cancelQueries ({revert: true, silent: true}): reverted, and the fetch
 * is not turned into an error */
static void
test_cancel_queries_silent (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-silent", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryState *state;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"data\"");
  fetcher = fetcher_new (&env, 1000, "\"data2\"");
  options = gq_test_options_new (key, fetcher);
  fetch_query (&env, options, &async);
  gq_test_advance (&env, 10);

  filters = gq_query_filters_new (key);
  gq_query_client_cancel_queries (env.client, filters, GQ_CANCEL_FLAGS_SILENT);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_null (gq_query_state_get_error (state));
  gq_assert_json (gq_query_state_get_data (state), "\"data\"");

  /* no fetch took over: the waiter hears of the cancellation */
  gq_test_await (&env, &async);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  gq_test_advance (&env, 1000);
  assert_query_data (&env, key, "\"data\"");
  g_assert_cmpuint (gq_query_state_get_error_update_count (gq_test_state_of (&env, key)), ==, 0);

  env_clear (&env);
}

/* ---- refetchQueries ------------------------------------------------ */

/* Two queries fetched once each, for the refetch and invalidate tests. */
typedef struct
{
  GqTestEnv      env;
  JsonNode      *key1;
  JsonNode      *key2;
  GqTestFetcher *fetcher1;
  GqTestFetcher *fetcher2;
} TwoQueries;

static void
two_queries_init (TwoQueries *t,
                  const char *name)
{
  g_autoptr(JsonNode) data1 = NULL;
  g_autoptr(JsonNode) data2 = NULL;

  gq_test_env_init (&t->env);
  t->key1 = gq_key_new (name, "1", NULL);
  t->key2 = gq_key_new (name, "2", NULL);
  t->fetcher1 = fetcher_new (&t->env, 0, "\"data1\"");
  t->fetcher2 = fetcher_new (&t->env, 0, "\"data2\"");

  data1 = fetch_with (&t->env, t->key1, t->fetcher1);
  data2 = fetch_with (&t->env, t->key2, t->fetcher2);
  g_assert_cmpuint (t->fetcher1->calls, ==, 1);
  g_assert_cmpuint (t->fetcher2->calls, ==, 1);
}

static void
two_queries_clear (TwoQueries *t)
{
  g_clear_pointer (&t->key1, json_node_unref);
  g_clear_pointer (&t->key2, json_node_unref);
  env_clear (&t->env);
  g_clear_pointer (&t->fetcher1, gq_test_fetcher_free);
  g_clear_pointer (&t->fetcher2, gq_test_fetcher_free);
}

/* an observer of key1 with query function 1 and the given stale time */
static GqQueryObserver *
observe_key1 (TwoQueries *t,
              gint64      stale_time)
{
  g_autoptr(GqQueryOptions) options = gq_test_options_new (t->key1, t->fetcher1);

  gq_query_options_set_stale_time (options, stale_time);

  return observe (&t->env, options);
}

/* should not refetch if all observers are disabled */
static void
test_refetch_queries_all_observers_disabled (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-disabled", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  data = fetch_with (&env, key, fetcher);

  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_enabled (options, FALSE);
  observer = observe (&env, options);

  refetch_now (&env, NULL, GQ_REFETCH_FLAGS_NONE);
  unobserve (observer);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  env_clear (&env);
}

/* should refetch if at least one observer is enabled */
static void
test_refetch_queries_one_observer_enabled (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-one-enabled", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqQueryObserver *observer1;
  GqQueryObserver *observer2;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  data = fetch_with (&env, key, fetcher);

  options1 = gq_test_options_new (key, fetcher);
  gq_query_options_set_enabled (options1, FALSE);
  options2 = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_on_mount (options2, GQ_REFETCH_NEVER);
  observer1 = observe (&env, options1);
  observer2 = observe (&env, options2);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  refetch_now (&env, NULL, GQ_REFETCH_FLAGS_NONE);
  unobserve (observer1);
  unobserve (observer2);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  env_clear (&env);
}

/* should refetch all queries when no arguments are given */
static void
test_refetch_queries_no_arguments (void)
{
  TwoQueries t;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  GqQueryObserver *observer1;
  GqQueryObserver *observer2;

  two_queries_init (&t, "refetch-no-args");
  options = gq_test_options_new (t.key1, t.fetcher1);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  gq_query_options_set_initial_data (options, initial);
  observer1 = observe (&t.env, options);
  observer2 = observe (&t.env, options);

  refetch_now (&t.env, NULL, GQ_REFETCH_FLAGS_NONE);
  unobserve (observer1);
  unobserve (observer2);
  g_assert_cmpuint (t.fetcher1->calls, ==, 2);
  g_assert_cmpuint (t.fetcher2->calls, ==, 2);

  two_queries_clear (&t);
}

/* should be able to refetch all fresh queries */
static void
test_refetch_queries_fresh (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "refetch-fresh");
  observer = observe_key1 (&t, GQ_TIME_INFINITE);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_ACTIVE);
  gq_query_filters_set_stale (filters, FALSE);
  refetch_now (&t.env, filters, GQ_REFETCH_FLAGS_NONE);
  unobserve (observer);
  g_assert_cmpuint (t.fetcher1->calls, ==, 2);
  g_assert_cmpuint (t.fetcher2->calls, ==, 1);

  two_queries_clear (&t);
}

/* should be able to refetch all stale queries */
static void
test_refetch_queries_stale (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GqQueryFilters) invalidate = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "refetch-stale");
  observer = observe_key1 (&t, 0);
  invalidate = gq_query_filters_new (t.key1);
  gq_query_client_invalidate_queries (t.env.client, invalidate);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_stale (filters, TRUE);
  refetch_now (&t.env, filters, GQ_REFETCH_FLAGS_NONE);
  unobserve (observer);
  /* fetchQuery, observer mount, invalidation (cancels observer mount) and
   * refetch */
  g_assert_cmpuint (t.fetcher1->calls, ==, 4);
  g_assert_cmpuint (t.fetcher2->calls, ==, 1);

  two_queries_clear (&t);
}

/* should be able to refetch all stale and active queries */
static void
test_refetch_queries_stale_and_active (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GqQueryFilters) invalidate = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "refetch-stale-active");
  invalidate = gq_query_filters_new (t.key1);
  gq_query_client_invalidate_queries (t.env.client, invalidate);
  /* inactive: only marked */
  g_assert_cmpuint (t.fetcher1->calls, ==, 1);
  observer = observe_key1 (&t, 0);
  g_assert_cmpuint (t.fetcher1->calls, ==, 2);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_ACTIVE);
  gq_query_filters_set_stale (filters, TRUE);
  refetch_now (&t.env, filters, GQ_REFETCH_FLAGS_NO_CANCEL);
  unobserve (observer);
  /* joined the mount fetch */
  g_assert_cmpuint (t.fetcher1->calls, ==, 2);
  g_assert_cmpuint (t.fetcher2->calls, ==, 1);

  two_queries_clear (&t);
}

/* should be able to refetch all active and inactive queries
 * (queryClient.refetchQueries () and ({type: "all"})) */
static void
test_refetch_queries_active_and_inactive (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "refetch-active-inactive");
  observer = observe_key1 (&t, GQ_TIME_INFINITE);

  refetch_now (&t.env, NULL, GQ_REFETCH_FLAGS_NONE);
  g_assert_cmpuint (t.fetcher1->calls, ==, 2);
  g_assert_cmpuint (t.fetcher2->calls, ==, 2);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_ALL);
  refetch_now (&t.env, filters, GQ_REFETCH_FLAGS_NONE);
  g_assert_cmpuint (t.fetcher1->calls, ==, 3);
  g_assert_cmpuint (t.fetcher2->calls, ==, 3);

  unobserve (observer);
  two_queries_clear (&t);
}

/* should be able to refetch only active queries */
static void
test_refetch_queries_only_active (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "refetch-only-active");
  observer = observe_key1 (&t, GQ_TIME_INFINITE);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_ACTIVE);
  refetch_now (&t.env, filters, GQ_REFETCH_FLAGS_NONE);
  unobserve (observer);
  g_assert_cmpuint (t.fetcher1->calls, ==, 2);
  g_assert_cmpuint (t.fetcher2->calls, ==, 1);

  two_queries_clear (&t);
}

/* should be able to refetch only inactive queries */
static void
test_refetch_queries_only_inactive (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "refetch-only-inactive");
  observer = observe_key1 (&t, GQ_TIME_INFINITE);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_INACTIVE);
  refetch_now (&t.env, filters, GQ_REFETCH_FLAGS_NONE);
  unobserve (observer);
  g_assert_cmpuint (t.fetcher1->calls, ==, 1);
  g_assert_cmpuint (t.fetcher2->calls, ==, 2);

  two_queries_clear (&t);
}

/* should throw an error if throwOnError option is set to true */
static void
test_refetch_queries_throw_on_error (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-throw", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, NULL);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 0);
  data = fetch_now (&env, options, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);

  filters = gq_query_filters_new (key);

  /* swallowed by default */
  gq_query_client_refetch_queries_async (env.client, filters, GQ_REFETCH_FLAGS_NONE, NULL,
                                         gq_test_async_callback, &async);
  gq_test_await (&env, &async);
  g_assert_true (async_finish (&env, &async, gq_query_client_refetch_queries_finish, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_query_client_refetch_queries_async (env.client, filters, GQ_REFETCH_FLAGS_THROW_ON_ERROR, NULL,
                                         gq_test_async_callback, &async);
  gq_test_await (&env, &async);
  g_assert_false (async_finish (&env, &async, gq_query_client_refetch_queries_finish, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "failure 3");
  g_assert_cmpuint (fetcher->calls, ==, 3);

  env_clear (&env);
}

/* should resolve Promise immediately if query is paused */
static void
test_refetch_queries_paused_resolves (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-paused", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data1\"");
  data = fetch_with (&env, key, fetcher);
  gq_online_manager_set_online (env.online, FALSE);

  filters = gq_query_filters_new (key);
  gq_query_client_refetch_queries_async (env.client, filters, GQ_REFETCH_FLAGS_NONE, NULL,
                                         gq_test_async_callback, &async);
  gq_test_flush (&env);
  g_assert_true (async_finish (&env, &async, gq_query_client_refetch_queries_finish, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_PAUSED);

  gq_online_manager_set_online (env.online, TRUE);
  env_clear (&env);
}

/* should refetch if query we are offline but query networkMode is always */
static void
test_refetch_queries_network_mode_always (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-always", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) data = NULL;

  gq_test_env_init (&env);
  defaults = gq_query_options_new (NULL);
  gq_query_options_set_network_mode (defaults, GQ_NETWORK_MODE_ALWAYS);
  gq_query_client_set_query_defaults (env.client, key, defaults);
  fetcher = fetcher_new (&env, 0, "\"data1\"");
  data = fetch_with (&env, key, fetcher);
  gq_online_manager_set_online (env.online, FALSE);

  filters = gq_query_filters_new (key);
  refetch_now (&env, filters, GQ_REFETCH_FLAGS_NONE);

  /* initial fetch + refetch (even though we are offline) */
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_IDLE);

  gq_online_manager_set_online (env.online, TRUE);
  env_clear (&env);
}

/* should not refetch static queries */
static void
test_refetch_queries_static (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-static", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data1\"");
  data = fetch_with (&env, key, fetcher);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_STALE_TIME_STATIC);
  observer = observe (&env, options);
  refetch_now (&env, NULL, GQ_REFETCH_FLAGS_NONE);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  unobserve (observer);

  /* static only while observed (issue #11190) */
  refetch_now (&env, NULL, GQ_REFETCH_FLAGS_NONE);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  env_clear (&env);
}

/* probe S26: data set by hand, no query function anywhere: a bare refetch
 * fails with "missing query function" after the default 3 retries, and
 * the data stays */
static void
test_refetch_queries_missing_query_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-no-func", NULL);
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryState *state;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"data\"");

  gq_query_client_refetch_queries_async (env.client, NULL, GQ_REFETCH_FLAGS_THROW_ON_ERROR, NULL,
                                         gq_test_async_callback, &async);
  gq_test_flush (&env);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);
  g_assert_error ((GError *) gq_query_state_get_fetch_failure_reason (state), GQ_ERROR, GQ_ERROR_MISSING_QUERY_FUNC);

  /* retries after 1000, 2000 and 4000 ms */
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (gq_test_state_of (&env, key)), ==, 2);
  gq_test_advance (&env, 2000);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (gq_test_state_of (&env, key)), ==, 3);
  gq_test_advance (&env, 3999);
  g_assert_false (async.done);
  gq_test_advance (&env, 1);

  g_assert_false (async_finish (&env, &async, gq_query_client_refetch_queries_finish, &error));
  g_assert_error (error, GQ_ERROR, GQ_ERROR_MISSING_QUERY_FUNC);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 4);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_error_updated_at (state)), ==, 7000);
  g_assert_error ((GError *) gq_query_state_get_error (state), GQ_ERROR, GQ_ERROR_MISSING_QUERY_FUNC);
  gq_assert_json (gq_query_state_get_data (state), "\"data\"");

  env_clear (&env);
}

static void
count_cancelled (GCancellable *cancellable,
                 gpointer      user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* should cancel ongoing fetches if cancelRefetch option is set (default
 * value) */
static void
test_refetch_queries_cancel_refetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-cancel", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("1");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqFetchContext) first = NULL;
  GqQueryObserver *observer;
  guint aborted = 0;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, "5");
  fetcher->use_cancellable = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);
  observer = observe (&env, options);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  first = g_object_ref (fetcher->last_context);
  g_signal_connect (gq_fetch_context_get_cancellable (first), "cancelled",
                    G_CALLBACK (count_cancelled), &aborted);

  gq_query_client_refetch_queries_async (env.client, NULL, GQ_REFETCH_FLAGS_NONE, NULL, NULL, NULL);
  gq_test_advance (&env, 10);
  unobserve (observer);

  g_assert_cmpuint (aborted, ==, 1);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  assert_query_data (&env, key, "5");

  g_clear_object (&first);
  env_clear (&env);
}

/* should not cancel ongoing fetches if cancelRefetch option is set to
 * false */
static void
test_refetch_queries_no_cancel (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-no-cancel", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("1");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqFetchContext) first = NULL;
  GqQueryObserver *observer;
  guint aborted = 0;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, "5");
  fetcher->use_cancellable = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);
  observer = observe (&env, options);
  first = g_object_ref (fetcher->last_context);
  g_signal_connect (gq_fetch_context_get_cancellable (first), "cancelled",
                    G_CALLBACK (count_cancelled), &aborted);

  gq_query_client_refetch_queries_async (env.client, NULL, GQ_REFETCH_FLAGS_NO_CANCEL, NULL, NULL, NULL);
  gq_test_advance (&env, 10);
  unobserve (observer);

  g_assert_cmpuint (aborted, ==, 0);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_query_data (&env, key, "5");

  g_clear_object (&first);
  env_clear (&env);
}

/* a fetch cancelled by a refetch hands its waiters to the new fetch */
static void
test_refetch_queries_takes_over_waiters (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-takes-over", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqTestAsync refetch = { 0 };

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "0");
  fetcher = fetcher_new (&env, 10, NULL);
  options = gq_test_options_new (key, fetcher);
  fetch_query (&env, options, &async);
  gq_test_advance (&env, 5);

  gq_query_client_refetch_queries_async (env.client, NULL, GQ_REFETCH_FLAGS_NONE, NULL,
                                         gq_test_async_callback, &refetch);
  gq_test_advance (&env, 5);
  /* the first call's late answer went nowhere */
  g_assert_false (async.done);
  g_assert_false (refetch.done);
  gq_test_advance (&env, 5);

  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gq_test_int (data), ==, 2);
  g_assert_true (async_finish (&env, &refetch, gq_query_client_refetch_queries_finish, &error));
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_test_state_of (&env, key)), ==, 2);

  env_clear (&env);
}

/* ---- invalidateQueries --------------------------------------------- */

/* should refetch active queries by default */
static void
test_invalidate_queries_active_by_default (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "invalidate-active");
  observer = observe_key1 (&t, GQ_TIME_INFINITE);

  filters = gq_query_filters_new (t.key1);
  gq_query_client_invalidate_queries (t.env.client, filters);
  /* the refetch started at once */
  g_assert_cmpuint (t.fetcher1->calls, ==, 2);
  g_assert_cmpuint (t.fetcher2->calls, ==, 1);
  g_assert_true (gq_query_state_get_is_invalidated (gq_test_state_of (&t.env, t.key1)));
  g_assert_false (gq_query_state_get_is_invalidated (gq_test_state_of (&t.env, t.key2)));

  gq_test_flush (&t.env);
  g_assert_false (gq_query_state_get_is_invalidated (gq_test_state_of (&t.env, t.key1)));
  unobserve (observer);

  two_queries_clear (&t);
}

/* should not refetch inactive queries by default */
static void
test_invalidate_queries_not_inactive_by_default (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "invalidate-inactive-default");
  options = gq_query_options_new (t.key1);
  gq_query_options_set_enabled (options, FALSE);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  observer = observe (&t.env, options);

  filters = gq_query_filters_new (t.key1);
  gq_query_client_invalidate_queries (t.env.client, filters);
  gq_test_flush (&t.env);
  unobserve (observer);
  g_assert_cmpuint (t.fetcher1->calls, ==, 1);
  g_assert_cmpuint (t.fetcher2->calls, ==, 1);
  g_assert_true (gq_query_state_get_is_invalidated (gq_test_state_of (&t.env, t.key1)));

  two_queries_clear (&t);
}

/* should not refetch active queries when "refetch" is "none" */
static void
test_invalidate_queries_refetch_none (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "invalidate-none");
  observer = observe_key1 (&t, GQ_TIME_INFINITE);

  filters = gq_query_filters_new (t.key1);
  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_NONE);
  gq_query_client_invalidate_queries (t.env.client, filters);
  gq_test_flush (&t.env);
  g_assert_cmpuint (t.fetcher1->calls, ==, 1);
  g_assert_cmpuint (t.fetcher2->calls, ==, 1);
  /* marked, and the observer sees it stale */
  g_assert_true (gq_query_state_get_is_invalidated (gq_test_state_of (&t.env, t.key1)));
  g_assert_true (gq_query_result_get_is_stale (current (observer)));
  unobserve (observer);

  two_queries_clear (&t);
}

/* should refetch inactive queries when "refetch" is "inactive" */
static void
test_invalidate_queries_refetch_inactive (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "invalidate-inactive");
  options = gq_test_options_new (t.key1, t.fetcher1);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  gq_query_options_set_refetch_on_mount (options, GQ_REFETCH_NEVER);
  observer = observe (&t.env, options);
  unobserve (observer);

  filters = gq_query_filters_new (t.key1);
  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_INACTIVE);
  invalidate_now (&t.env, filters);
  g_assert_cmpuint (t.fetcher1->calls, ==, 2);
  g_assert_cmpuint (t.fetcher2->calls, ==, 1);

  two_queries_clear (&t);
}

/* should refetch active and inactive queries when "refetch" is "all" */
static void
test_invalidate_queries_refetch_all (void)
{
  TwoQueries t;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryObserver *observer;

  two_queries_init (&t, "invalidate-all");
  observer = observe_key1 (&t, GQ_TIME_INFINITE);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_ALL);
  gq_query_client_invalidate_queries (t.env.client, filters);
  unobserve (observer);
  g_assert_cmpuint (t.fetcher1->calls, ==, 2);
  g_assert_cmpuint (t.fetcher2->calls, ==, 2);

  two_queries_clear (&t);
}

/* should not refetch disabled inactive queries even if "refetchType" is
 * "all" */
static void
test_invalidate_queries_disabled_inactive (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("invalidate-disabled", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data1\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  gq_query_options_set_enabled (options, FALSE);
  observer = observe (&env, options);
  unobserve (observer);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_ALL);
  invalidate_now (&env, filters);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_IDLE);

  env_clear (&env);
}

/* should not refetch static queries after invalidation */
static void
test_invalidate_queries_static (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("invalidate-static", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data1\"");
  data = fetch_with (&env, key, fetcher);

  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_STALE_TIME_STATIC);
  observer = observe (&env, options);
  invalidate_now (&env, NULL);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  /* marked, yet never stale */
  g_assert_true (gq_query_state_get_is_invalidated (gq_test_state_of (&env, key)));
  g_assert_false (gq_query_result_get_is_stale (current (observer)));
  unobserve (observer);

  env_clear (&env);
}

/* exact filters invalidate the one query */
static void
test_invalidate_queries_exact (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("invalidate-exact", NULL);
  g_autoptr(JsonNode) longer = gq_key_new ("invalidate-exact", "1", NULL);
  g_autoptr(GqTestFetcher) fetcher1 = NULL;
  g_autoptr(GqTestFetcher) fetcher2 = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryObserver *observer1;
  GqQueryObserver *observer2;

  gq_test_env_init (&env);
  fetcher1 = fetcher_new (&env, 0, "1");
  fetcher2 = fetcher_new (&env, 0, "2");
  options1 = gq_test_options_new (key, fetcher1);
  gq_query_options_set_stale_time (options1, GQ_TIME_INFINITE);
  options2 = gq_test_options_new (longer, fetcher2);
  gq_query_options_set_stale_time (options2, GQ_TIME_INFINITE);
  observer1 = observe (&env, options1);
  observer2 = observe (&env, options2);
  gq_test_flush (&env);

  filters = gq_query_filters_new_exact (key);
  invalidate_now (&env, filters);
  g_assert_cmpuint (fetcher1->calls, ==, 2);
  g_assert_cmpuint (fetcher2->calls, ==, 1);
  g_assert_false (gq_query_state_get_is_invalidated (gq_test_state_of (&env, longer)));

  /* and by prefix, both */
  g_clear_object (&filters);
  filters = gq_query_filters_new (key);
  invalidate_now (&env, filters);
  g_assert_cmpuint (fetcher1->calls, ==, 3);
  g_assert_cmpuint (fetcher2->calls, ==, 2);

  unobserve (observer1);
  unobserve (observer2);
  env_clear (&env);
}

/* the async variant completes once the refetches settled */
static void
test_invalidate_queries_async_settles (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("invalidate-async", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, NULL);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  observer = observe (&env, options);
  gq_test_advance (&env, 10);
  assert_query_data (&env, key, "1");

  gq_query_client_invalidate_queries_async (env.client, NULL, GQ_REFETCH_FLAGS_NONE, NULL,
                                            gq_test_async_callback, &async);
  gq_test_advance (&env, 9);
  g_assert_false (async.done);
  assert_query_data (&env, key, "1");
  gq_test_advance (&env, 1);
  g_assert_true (async_finish (&env, &async, gq_query_client_invalidate_queries_finish, &error));
  g_assert_no_error (error);
  assert_query_data (&env, key, "2");

  /* with nothing to refetch it completes at once */
  gq_query_client_invalidate_queries_async (env.client, NULL, GQ_REFETCH_FLAGS_NONE, NULL,
                                            gq_test_async_callback, &async);
  g_assert_cmpuint (fetcher->calls, ==, 3);
  unobserve (observer);
  gq_test_advance (&env, 10);
  g_assert_true (async_finish (&env, &async, gq_query_client_invalidate_queries_finish, &error));

  gq_query_client_invalidate_queries_async (env.client, NULL, GQ_REFETCH_FLAGS_NONE, NULL,
                                            gq_test_async_callback, &async);
  gq_test_flush (&env);
  g_assert_true (async_finish (&env, &async, gq_query_client_invalidate_queries_finish, &error));
  g_assert_cmpuint (fetcher->calls, ==, 3);

  env_clear (&env);
}

/* invalidateQueries (filters, {throwOnError: true}) */
static void
test_invalidate_queries_throw_on_error (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("invalidate-throw", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, NULL);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 0);
  observer = observe (&env, options);
  gq_test_flush (&env);
  g_assert_cmpint (gq_query_result_get_status (current (observer)), ==, GQ_QUERY_STATUS_ERROR);

  gq_query_client_invalidate_queries_async (env.client, NULL, GQ_REFETCH_FLAGS_NONE, NULL,
                                            gq_test_async_callback, &async);
  gq_test_await (&env, &async);
  g_assert_true (async_finish (&env, &async, gq_query_client_invalidate_queries_finish, &error));
  g_assert_no_error (error);

  gq_query_client_invalidate_queries_async (env.client, NULL, GQ_REFETCH_FLAGS_THROW_ON_ERROR, NULL,
                                            gq_test_async_callback, &async);
  gq_test_await (&env, &async);
  g_assert_false (async_finish (&env, &async, gq_query_client_invalidate_queries_finish, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "failure 3");

  unobserve (observer);
  env_clear (&env);
}

static void
count_event (GqQueryCache     *cache,
             GqCacheEventType  type,
             GqQuery          *query,
             GObject          *observer,
             gpointer          user_data)
{
  GArray *types = user_data;
  int t = type;

  g_array_append_val (types, t);
}

/* invalidating an invalidated query dispatches nothing */
static void
test_invalidate_queries_once (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("invalidate-once", NULL);
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (int));
  gulong handler;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "1");
  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (count_event), types);

  filters = gq_query_filters_new (key);
  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_NONE);
  gq_query_client_invalidate_queries (env.client, filters);
  g_assert_cmpuint (types->len, ==, 1);
  g_assert_cmpint (g_array_index (types, int, 0), ==, GQ_CACHE_EVENT_UPDATED);
  g_assert_true (gq_query_state_get_is_invalidated (gq_test_state_of (&env, key)));

  gq_query_client_invalidate_queries (env.client, filters);
  g_assert_cmpuint (types->len, ==, 1);

  /* the inactive query with data is now stale for filters */
  g_assert_true (gq_query_is_stale (gq_test_find_query (&env, key)));

  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  env_clear (&env);
}

/* ---- resetQueries -------------------------------------------------- */

/* should notify listeners when a query is reset */
static void
test_reset_queries_notifies (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("reset-notifies", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (int));
  gulong handler;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);

  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (count_event), types);
  filters = gq_query_filters_new (key);
  gq_query_client_reset_queries (env.client, filters);

  g_assert_cmpuint (types->len, ==, 1);
  g_assert_cmpint (g_array_index (types, int, 0), ==, GQ_CACHE_EVENT_UPDATED);

  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  env_clear (&env);
}

/* should reset query */
static void
test_reset_queries_reset (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("reset-query", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);

  state = gq_test_state_of (&env, key);
  gq_assert_json (gq_query_state_get_data (state), "\"data\"");
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);

  filters = gq_query_filters_new (key);
  gq_query_client_reset_queries (env.client, filters);

  state = gq_test_state_of (&env, key);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 0);
  g_assert_cmpint (gq_query_state_get_data_updated_at (state), ==, 0);

  /* inactive: not refetched */
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  env_clear (&env);
}

/* should reset query data to initial data if set */
static void
test_reset_queries_initial_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("reset-initial", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);
  prefetch_now (&env, options);
  assert_query_data (&env, key, "\"data\"");

  gq_test_advance (&env, 50);
  filters = gq_query_filters_new (key);
  gq_query_client_reset_queries (env.client, filters);

  state = gq_test_state_of (&env, key);
  gq_assert_json (gq_query_state_get_data (state), "\"initial\"");
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  /* as it was when the query was created */
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, 0);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 0);

  env_clear (&env);
}

static gboolean
status_is_error (GqQuery  *query,
                 gpointer  user_data)
{
  return gq_query_state_get_status (gq_query_get_state (query)) == GQ_QUERY_STATUS_ERROR;
}

/* should refetch queries matched by a state-dependent predicate */
static void
test_reset_queries_state_predicate (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("reset-predicate", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) observer_options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  fetcher->fail_times = 1;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 0);
  data = fetch_now (&env, options, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);

  observer_options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (observer_options, 0);
  gq_query_options_set_retry_on_mount (observer_options, FALSE);
  observer = observe (&env, observer_options);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_predicate (filters, status_is_error, NULL, NULL);
  reset_now (&env, filters);

  g_assert_cmpuint (fetcher->calls, ==, 2);
  assert_query_data (&env, key, "\"data\"");

  unobserve (observer);
  env_clear (&env);
}

/* should refetch all active queries */
static void
test_reset_queries_refetch_active (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("reset-active", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("reset-active", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher1 = NULL;
  g_autoptr(GqTestFetcher) fetcher2 = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  GqQueryObserver *observer1;
  GqQueryObserver *observer2;

  gq_test_env_init (&env);
  fetcher1 = fetcher_new (&env, 0, "\"data1\"");
  fetcher2 = fetcher_new (&env, 0, "\"data2\"");
  options1 = gq_test_options_new (key1, fetcher1);
  gq_query_options_set_enabled (options1, TRUE);
  options2 = gq_test_options_new (key2, fetcher2);
  gq_query_options_set_enabled (options2, FALSE);
  observer1 = observe (&env, options1);
  observer2 = observe (&env, options2);

  reset_now (&env, NULL);
  unobserve (observer2);
  unobserve (observer1);

  g_assert_cmpuint (fetcher1->calls, ==, 2);
  g_assert_cmpuint (fetcher2->calls, ==, 0);

  env_clear (&env);
}

/* a reset cancels the fetch in flight: its waiters hear of it */
static void
test_reset_queries_cancels_fetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("reset-cancels", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 10, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  fetch_query (&env, options, &async);

  gq_query_client_reset_queries (env.client, NULL);
  gq_test_await (&env, &async);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_IDLE);

  gq_test_advance (&env, 10);
  assert_no_query_data (&env, key);

  env_clear (&env);
}

/* ---- mount and unmount: focus and online ------------------------- */

/* an observer of stale data, fetched once */
static GqQueryObserver *
observe_fetched (GqTestEnv     *env,
                 JsonNode      *key,
                 GqTestFetcher *fetcher)
{
  g_autoptr(GqQueryOptions) options = gq_test_options_new (key, fetcher);
  GqQueryObserver *observer = observe (env, options);

  gq_test_flush (env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  return observer;
}

/* should notify queryCache if focused: stale queries refetch on focus,
 * not on reconnect */
static void
test_mount_focus_refetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("mount-focus", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = fetcher_new (&env, 0, NULL);
  observer = observe_fetched (&env, key, fetcher);

  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  assert_query_data (&env, key, "2");

  unobserve (observer);
  gq_query_client_unmount (env.client);
  env_clear (&env);
}

/* should notify queryCache if online */
static void
test_mount_online_refetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("mount-online", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = fetcher_new (&env, 0, NULL);
  observer = observe_fetched (&env, key, fetcher);

  gq_online_manager_set_online (env.online, FALSE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  assert_query_data (&env, key, "2");

  unobserve (observer);
  gq_query_client_unmount (env.client);
  env_clear (&env);
}

/* without mount, focus and reconnect do nothing, and a paused fetch does
 * not resume */
static void
test_mount_not_mounted (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("not-mounted", NULL);
  g_autoptr(JsonNode) paused_key = gq_key_new ("not-mounted", "paused", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqTestFetcher) paused_fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, NULL);
  observer = observe_fetched (&env, key, fetcher);

  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_online_manager_set_online (env.online, FALSE);

  paused_fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (paused_key, paused_fetcher);
  prefetch (&env, options);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, paused_key)), ==, GQ_FETCH_STATUS_PAUSED);

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpuint (paused_fetcher->calls, ==, 0);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, paused_key)), ==, GQ_FETCH_STATUS_PAUSED);

  unobserve (observer);
  env_clear (&env);
}

/* should notify queryCache and mutationCache after multiple mounts and
 * single unmount */
static void
test_mount_counted (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("mount-counted", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_query_client_mount (env.client);
  gq_query_client_unmount (env.client);
  fetcher = fetcher_new (&env, 0, NULL);
  observer = observe_fetched (&env, key, fetcher);

  gq_online_manager_set_online (env.online, FALSE);
  gq_online_manager_set_online (env.online, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 3);

  unobserve (observer);
  gq_query_client_unmount (env.client);
  env_clear (&env);
}

/* should not notify queryCache and mutationCache after multiple
 * mounts/unmounts */
static void
test_mount_unmounted_again (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("mount-unmounted", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_query_client_mount (env.client);
  gq_query_client_unmount (env.client);
  gq_query_client_unmount (env.client);
  fetcher = fetcher_new (&env, 0, NULL);
  observer = observe_fetched (&env, key, fetcher);

  gq_online_manager_set_online (env.online, FALSE);
  gq_online_manager_set_online (env.online, TRUE);
  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  unobserve (observer);
  env_clear (&env);
}

/* focus refetches only stale queries, once per query, joining a fetch in
 * flight */
static void
test_mount_focus_stale_only (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) fresh_key = gq_key_new ("focus-fresh", NULL);
  g_autoptr(JsonNode) stale_key = gq_key_new ("focus-stale", NULL);
  g_autoptr(GqTestFetcher) fresh_fetcher = NULL;
  g_autoptr(GqTestFetcher) stale_fetcher = NULL;
  g_autoptr(GqQueryOptions) fresh_options = NULL;
  g_autoptr(GqQueryOptions) stale_options = NULL;
  GqQueryObserver *fresh;
  GqQueryObserver *stale1;
  GqQueryObserver *stale2;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fresh_fetcher = fetcher_new (&env, 0, NULL);
  stale_fetcher = fetcher_new (&env, 10, NULL);
  fresh_options = gq_test_options_new (fresh_key, fresh_fetcher);
  gq_query_options_set_stale_time (fresh_options, 1000);
  stale_options = gq_test_options_new (stale_key, stale_fetcher);
  fresh = observe (&env, fresh_options);
  stale1 = observe (&env, stale_options);
  stale2 = observe (&env, stale_options);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fresh_fetcher->calls, ==, 1);
  g_assert_cmpuint (stale_fetcher->calls, ==, 1);

  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fresh_fetcher->calls, ==, 1);
  g_assert_cmpuint (stale_fetcher->calls, ==, 2);

  /* a second focus during the fetch joins it */
  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (stale_fetcher->calls, ==, 2);
  gq_test_advance (&env, 10);
  assert_query_data (&env, stale_key, "2");

  unobserve (fresh);
  unobserve (stale1);
  unobserve (stale2);
  gq_query_client_unmount (env.client);
  env_clear (&env);
}

/* ---- clear --------------------------------------------------------- */

/* clear () removes every query; a fetch in flight ends cancelled */
static void
test_clear (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("clear", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("clear", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  gulong handler;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key1, "1");
  fetcher = fetcher_new (&env, 10, "2");
  options = gq_test_options_new (key2, fetcher);
  fetch_query (&env, options, &async);

  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (count_event), types);
  gq_query_client_clear (env.client);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);
  g_assert_cmpuint (types->len, ==, 2);
  g_assert_cmpint (g_array_index (types, int, 0), ==, GQ_CACHE_EVENT_REMOVED);
  g_assert_cmpint (g_array_index (types, int, 1), ==, GQ_CACHE_EVENT_REMOVED);
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 0);

  gq_test_await (&env, &async);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  gq_test_advance (&env, 10);
  assert_no_query_data (&env, key1);
  assert_no_query_data (&env, key2);
  g_assert_cmpuint (types->len, ==, 2);

  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  env_clear (&env);
}

/* ---- bad input ----------------------------------------------------- */

#define NOT_A_KEY "query key must be a JSON array*"

/* keys that are not JSON arrays are refused with a critical, no crash */
static void
test_bad_key_get_and_set (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) object_key = gq_test_json ("{\"todos\": 1}");
  g_autoptr(JsonNode) string_key = gq_test_json ("\"todos\"");
  g_autoptr(JsonNode) data = gq_test_json ("1");
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GqQueryState) state = NULL;

  gq_test_env_init (&env);
  updater_calls = 0;

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, NOT_A_KEY);
  got = gq_query_client_get_query_data (env.client, object_key);
  g_test_assert_expected_messages ();
  g_assert_null (got);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, NOT_A_KEY);
  stored = gq_query_client_set_query_data (env.client, string_key, data, 0);
  g_test_assert_expected_messages ();
  g_assert_null (stored);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, NOT_A_KEY);
  updated = gq_query_client_set_query_data_with_updater (env.client, object_key, updater_add_name, NULL, 0);
  g_test_assert_expected_messages ();
  g_assert_null (updated);
  g_assert_cmpuint (updater_calls, ==, 0);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, NOT_A_KEY);
  state = gq_query_client_get_query_state (env.client, string_key);
  g_test_assert_expected_messages ();
  g_assert_null (state);

  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);

  env_clear (&env);
}

/* the async calls report GQ_ERROR_INVALID_KEY */
static void
test_bad_key_fetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) bad_key = gq_test_json ("42");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) ensured = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) ensure_error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (bad_key, fetcher);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, NOT_A_KEY);
  data = fetch_now (&env, options, &error);
  g_test_assert_expected_messages ();
  g_assert_null (data);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_KEY);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, NOT_A_KEY);
  ensured = ensure_now (&env, options, FALSE, &ensure_error);
  g_test_assert_expected_messages ();
  g_assert_null (ensured);
  g_assert_error (ensure_error, GQ_ERROR, GQ_ERROR_INVALID_KEY);

  /* prefetch swallows it like any failure */
  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, NOT_A_KEY);
  prefetch_now (&env, options);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (fetcher->calls, ==, 0);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);

  env_clear (&env);
}

/* defaults under a key that is not an array are refused */
static void
test_bad_key_query_defaults (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) bad_key = gq_test_json ("{\"a\": 1}");
  g_autoptr(JsonNode) key = gq_test_json ("[{\"a\": 1}]");
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) got = NULL;

  gq_test_env_init (&env);
  defaults = gq_query_options_new (NULL);
  gq_query_options_set_stale_time (defaults, 5);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, NOT_A_KEY);
  gq_query_client_set_query_defaults (env.client, bad_key, defaults);
  g_test_assert_expected_messages ();

  got = gq_query_client_get_query_defaults (env.client, key);
  g_assert_false (gq_query_options_is_set (got, "stale-time"));

  env_clear (&env);
}

/* an updater returning NULL for every query: nothing is written */
static void
test_bad_updater_returns_null (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("updater-null", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("updater-null", "2", NULL);
  g_autoptr(JsonNode) prefix = gq_key_new ("updater-null", NULL);
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (int));
  gulong handler;

  gq_test_env_init (&env);
  updater_calls = 0;
  gq_test_set_data (&env, key1, "1");
  gq_test_set_data (&env, key2, "2");

  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (count_event), types);
  filters = gq_query_filters_new (prefix);
  result = gq_query_client_set_queries_data (env.client, filters, updater_null, NULL, 0);

  g_assert_cmpuint (updater_calls, ==, 2);
  gq_assert_json (result, "[[[\"updater-null\", \"1\"], null], [[\"updater-null\", \"2\"], null]]");
  assert_query_data (&env, key1, "1");
  assert_query_data (&env, key2, "2");
  g_assert_cmpuint (types->len, ==, 0);

  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  env_clear (&env);
}

/* ---- query with static staleTime (query () as fetchQuery) ---------- */

/* should return the cached query data if the query is found (and it is
 * falsy) */
static void
test_fetch_static_cached (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"static-cached\"], \"id\"]");
  g_autoptr(JsonNode) falsy_key = gq_test_json ("[[\"static-cached\"], \"falsy\"]");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) falsy_options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) falsy = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  gq_test_set_data (&env, key, "\"bar\"");
  gq_test_set_data (&env, falsy_key, "null");
  /* long stale, not yet collected */
  gq_test_advance (&env, 200000);

  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_STALE_TIME_STATIC);
  data = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"bar\"");

  falsy_options = gq_test_options_new (falsy_key, fetcher);
  gq_query_options_set_stale_time (falsy_options, GQ_STALE_TIME_STATIC);
  falsy = fetch_now (&env, falsy_options, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_NULL (falsy));

  g_assert_cmpuint (fetcher->calls, ==, 0);

  env_clear (&env);
}

/* should not fetch when initialData is provided */
static void
test_fetch_static_initial_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[[\"static-initial\"], \"id\"]");
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_STALE_TIME_STATIC);
  gq_query_options_set_initial_data (options, initial);

  data = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"initial\"");
  g_assert_cmpuint (fetcher->calls, ==, 0);

  env_clear (&env);
}

/* should fetch instead of returning initialData when it is stale */
static void
test_fetch_initial_data_stale (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("initial-stale", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial-data\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "\"fetched-data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);

  data = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"fetched-data\"");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  env_clear (&env);
}

/* supports manual background revalidation via a second query call */
static void
test_fetch_static_then_revalidate (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("static-revalidate", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) static_options = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, NULL);
  static_options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (static_options, GQ_STALE_TIME_STATIC);

  first = fetch_now (&env, static_options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gq_test_int (first), ==, 1);
  again = fetch_now (&env, static_options, &error);
  g_assert_cmpint (gq_test_int (again), ==, 1);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, 0);
  gq_query_client_fetch_query_async (env.client, options, NULL, NULL, NULL);
  gq_test_flush (&env);

  g_assert_cmpuint (fetcher->calls, ==, 2);
  assert_query_data (&env, key, "2");

  env_clear (&env);
}

static gint64
counted_stale_time (GqQuery  *query,
                    gpointer  user_data)
{
  guint *calls = user_data;

  (*calls)++;

  return 0;
}

/* should evaluate staleTime when provided as a function */
static void
test_fetch_stale_time_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("stale-time-func", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  guint stale_time_calls = 0;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"old-data\"");
  gq_test_advance (&env, 1);

  fetcher = fetcher_new (&env, 0, "\"new-data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time_func (options, counted_stale_time, &stale_time_calls, NULL);

  data = fetch_now (&env, options, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"new-data\"");
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpuint (stale_time_calls, ==, 1);

  env_clear (&env);
}

/* ---- invalidation and notification internals (perf round) ------------ */

/* A state someone holds is a snapshot: invalidating the query leaves it as
 * it was, and the query gets a new one. */
static void
test_invalidate_held_state_unchanged (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("held-state", "1", NULL);
  g_autoptr(JsonNode) prefix = gq_key_new ("held-state", NULL);
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (prefix);
  g_autoptr(GqQueryState) held = NULL;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "{\"v\": 1}");
  held = gq_query_state_ref (gq_test_state_of (&env, key));

  invalidate_now (&env, filters);

  g_assert_false (gq_query_state_get_is_invalidated (held));
  g_assert_true (gq_query_state_get_is_invalidated (gq_test_state_of (&env, key)));
  g_assert_true (held != gq_test_state_of (&env, key));
  gq_assert_json (gq_query_state_get_data (held), "{\"v\": 1}");
  g_assert_cmpuint (gq_query_state_get_data_update_count (held), ==, 1);

  /* Once dropped, later changes still publish complete states. */
  g_clear_pointer (&held, gq_query_state_unref);
  gq_test_set_data (&env, key, "{\"v\": 2}");
  g_assert_false (gq_query_state_get_is_invalidated (gq_test_state_of (&env, key)));
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_test_state_of (&env, key)), ==, 2);
  assert_query_data (&env, key, "{\"v\": 2}");

  env_clear (&env);
}

typedef struct
{
  GqTestEnv       *env;
  JsonNode        *watched;
  GqQueryOptions  *options;
  GqQueryObserver *observer;
} AddOnInvalidate;

static void
on_event_add_active_query (GqQueryCache     *cache,
                           GqCacheEventType  type,
                           GqQuery          *query,
                           GObject          *observer,
                           AddOnInvalidate  *add)
{
  if (type != GQ_CACHE_EVENT_UPDATED || add->observer != NULL ||
      !gq_query_state_get_is_invalidated (gq_query_get_state (query)) ||
      !gq_key_equal (gq_query_get_query_key (query), add->watched))
    return;

  add->observer = observe (add->env, add->options);
}

/* A query a cache listener adds while the queries are invalidated, active
 * and matching, is refetched: the refetch pass matches the cache as it is
 * then, as TanStack's second findAll does. */
static void
test_invalidate_listener_adds_active_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("invalidate-adds", "1", NULL);
  g_autoptr(JsonNode) key3 = gq_key_new ("invalidate-adds", "3", NULL);
  g_autoptr(JsonNode) prefix = gq_key_new ("invalidate-adds", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (prefix);
  g_autoptr(GqTestFetcher) fetcher3 = NULL;
  AddOnInvalidate add = { 0 };
  gulong handler;

  gq_test_env_init (&env);
  fetcher3 = fetcher_new (&env, 0, "\"fetched\"");
  gq_test_set_data (&env, key1, "\"data1\"");

  add.env = &env;
  add.watched = key1;
  add.options = gq_test_options_new (key3, fetcher3);
  gq_query_options_set_stale_time (add.options, GQ_TIME_INFINITE);
  gq_query_options_set_initial_data (add.options, initial);
  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (on_event_add_active_query), &add);

  invalidate_now (&env, filters);
  g_signal_handler_disconnect (gq_test_cache (&env), handler);

  g_assert_nonnull (add.observer);
  g_assert_cmpuint (fetcher3->calls, ==, 1);
  assert_query_data (&env, key3, "\"fetched\"");
  /* The new query was not there to be invalidated. */
  g_assert_false (gq_query_state_get_is_invalidated (gq_test_state_of (&env, key3)));

  unobserve (add.observer);
  g_clear_object (&add.options);
  env_clear (&env);
}

/* A result the application holds keeps its values while the observer goes
 * on making new ones. */
static void
test_observer_held_result_unchanged (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("held-result", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("0");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) held = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = fetcher_new (&env, 0, "0");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  gq_query_options_set_initial_data (options, initial);
  observer = observe (&env, options);
  gq_test_flush (&env);

  gq_test_set_data (&env, key, "1");
  gq_test_flush (&env);
  held = gq_query_observer_get_current_result (observer);
  gq_assert_json (gq_query_result_get_data (held), "1");

  for (int i = 2; i <= 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", i);

      gq_test_set_data (&env, key, text);
      gq_test_flush (&env);
      gq_assert_json (gq_query_result_get_data (current (observer)), text);
    }

  gq_assert_json (gq_query_result_get_data (held), "1");
  g_assert_true (gq_query_result_get_is_success (held));
  g_assert_cmpuint (fetcher->calls, ==, 0);

  unobserve (observer);
  env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* defaultOptions */
  g_test_add_func ("/Gq/QueryClient/default-options/merge", test_default_options_merge);
  g_test_add_func ("/Gq/QueryClient/default-options/merge-when-added", test_default_options_merge_when_added);
  g_test_add_func ("/Gq/QueryClient/default-options/get", test_default_options_get);
  g_test_add_func ("/Gq/QueryClient/default-options/set-applies", test_default_options_set_applies);

  /* setQueryDefaults */
  g_test_add_func ("/Gq/QueryClient/set-query-defaults/no-fetch", test_set_query_defaults_no_fetch);
  g_test_add_func ("/Gq/QueryClient/set-query-defaults/override", test_set_query_defaults_override);
  g_test_add_func ("/Gq/QueryClient/set-query-defaults/partial-match", test_set_query_defaults_partial_match);
  g_test_add_func ("/Gq/QueryClient/set-query-defaults/not-subset", test_set_query_defaults_not_subset);
  g_test_add_func ("/Gq/QueryClient/set-query-defaults/observers", test_set_query_defaults_observers);
  g_test_add_func ("/Gq/QueryClient/set-query-defaults/update-existing", test_set_query_defaults_update_existing);
  g_test_add_func ("/Gq/QueryClient/set-query-defaults/merge", test_set_query_defaults_merge);
  g_test_add_func ("/Gq/QueryClient/set-query-defaults/insertion-order", test_set_query_defaults_insertion_order);
  g_test_add_func ("/Gq/QueryClient/set-query-defaults/replace-keeps-position", test_set_query_defaults_replace_keeps_position);

  /* setQueryData */
  g_test_add_func ("/Gq/QueryClient/set-query-data/updater-not-found", test_set_query_data_updater_not_found);
  g_test_add_func ("/Gq/QueryClient/set-query-data/null-variable", test_set_query_data_null_variable);
  g_test_add_func ("/Gq/QueryClient/set-query-data/create", test_set_query_data_create);
  g_test_add_func ("/Gq/QueryClient/set-query-data/seals-key", test_set_query_data_seals_key);
  g_test_add_func ("/Gq/QueryClient/set-query-data/undefined-no-create", test_set_query_data_undefined_no_create);
  g_test_add_func ("/Gq/QueryClient/set-query-data/updater-undefined-no-create", test_set_query_data_updater_undefined_no_create);
  g_test_add_func ("/Gq/QueryClient/set-query-data/undefined-keeps-data", test_set_query_data_undefined_keeps_data);
  g_test_add_func ("/Gq/QueryClient/set-query-data/updater-undefined-keeps-data", test_set_query_data_updater_undefined_keeps_data);
  g_test_add_func ("/Gq/QueryClient/set-query-data/update-function", test_set_query_data_update_function);
  g_test_add_func ("/Gq/QueryClient/set-query-data/structural-sharing-off", test_set_query_data_structural_sharing_off);
  g_test_add_func ("/Gq/QueryClient/set-query-data/structural-sharing", test_set_query_data_structural_sharing);
  g_test_add_func ("/Gq/QueryClient/set-query-data/keeps-fetching", test_set_query_data_keeps_fetching);
  g_test_add_func ("/Gq/QueryClient/set-query-data/updated-at", test_set_query_data_updated_at);
  g_test_add_func ("/Gq/QueryClient/set-query-data/json-null", test_set_query_data_json_null);

  /* setQueriesData */
  g_test_add_func ("/Gq/QueryClient/set-queries-data/update-matching", test_set_queries_data_update_matching);
  g_test_add_func ("/Gq/QueryClient/set-queries-data/filters", test_set_queries_data_filters);
  g_test_add_func ("/Gq/QueryClient/set-queries-data/non-existing", test_set_queries_data_non_existing);

  /* isFetching */
  g_test_add_func ("/Gq/QueryClient/is-fetching/count", test_is_fetching_count);
  g_test_add_func ("/Gq/QueryClient/is-fetching/paused-not-counted", test_is_fetching_paused_not_counted);

  /* getQueryData, getQueryState */
  g_test_add_func ("/Gq/QueryClient/get-query-data/found", test_get_query_data_found);
  g_test_add_func ("/Gq/QueryClient/get-query-data/not-found", test_get_query_data_not_found);
  g_test_add_func ("/Gq/QueryClient/get-query-data/exact", test_get_query_data_exact);
  g_test_add_func ("/Gq/QueryClient/get-query-data/pending", test_get_query_data_pending);
  g_test_add_func ("/Gq/QueryClient/get-query-state", test_get_query_state);

  /* ensureQueryData */
  g_test_add_func ("/Gq/QueryClient/ensure-query-data/cached", test_ensure_cached);
  g_test_add_func ("/Gq/QueryClient/ensure-query-data/cached-falsy", test_ensure_cached_falsy);
  g_test_add_func ("/Gq/QueryClient/ensure-query-data/fetch-if-missing", test_ensure_fetch_if_missing);
  g_test_add_func ("/Gq/QueryClient/ensure-query-data/revalidate-if-stale", test_ensure_revalidate_if_stale);
  g_test_add_func ("/Gq/QueryClient/ensure-query-data/no-revalidate", test_ensure_no_revalidate);
  g_test_add_func ("/Gq/QueryClient/ensure-query-data/initial-data", test_ensure_initial_data);

  /* getQueriesData */
  g_test_add_func ("/Gq/QueryClient/get-queries-data/matched", test_get_queries_data_matched);
  g_test_add_func ("/Gq/QueryClient/get-queries-data/empty", test_get_queries_data_empty);
  g_test_add_func ("/Gq/QueryClient/get-queries-data/filters", test_get_queries_data_filters);

  /* fetchQuery */
  g_test_add_func ("/Gq/QueryClient/fetch-query/resolves", test_fetch_query_resolves);
  g_test_add_func ("/Gq/QueryClient/fetch-query/no-retry-by-default", test_fetch_query_no_retry_by_default);
  g_test_add_func ("/Gq/QueryClient/fetch-query/retry-when-set", test_fetch_query_retry_when_set);
  g_test_add_func ("/Gq/QueryClient/fetch-query/cache-hit", test_fetch_query_cache_hit);
  g_test_add_func ("/Gq/QueryClient/fetch-query/static-even-if-invalidated", test_fetch_query_static_even_if_invalidated);
  g_test_add_func ("/Gq/QueryClient/fetch-query/gc-time-zero", test_fetch_query_gc_time_zero);
  g_test_add_func ("/Gq/QueryClient/fetch-query/gc-time-infinite", test_fetch_query_gc_time_infinite);
  g_test_add_func ("/Gq/QueryClient/fetch-query/not-force", test_fetch_query_not_force);
  g_test_add_func ("/Gq/QueryClient/fetch-query/stale-time", test_fetch_query_stale_time);
  g_test_add_func ("/Gq/QueryClient/fetch-query/new-meta", test_fetch_query_new_meta);
  g_test_add_func ("/Gq/QueryClient/fetch-query/dedupe", test_fetch_query_dedupe);
  g_test_add_func ("/Gq/QueryClient/fetch-query/propagate-errors", test_fetch_query_propagate_errors);
  g_test_add_func ("/Gq/QueryClient/fetch-query/undefined-data", test_fetch_query_undefined_data);
  g_test_add_func ("/Gq/QueryClient/fetch-query/ignores-enabled", test_fetch_query_ignores_enabled);

  /* prefetchQuery */
  g_test_add_func ("/Gq/QueryClient/prefetch-query/stores-data", test_prefetch_stores_data);
  g_test_add_func ("/Gq/QueryClient/prefetch-query/swallows-errors", test_prefetch_swallows_errors);
  g_test_add_func ("/Gq/QueryClient/prefetch-query/gc", test_prefetch_gc);

  /* removeQueries */
  g_test_add_func ("/Gq/QueryClient/remove-queries/exact", test_remove_queries_exact);
  g_test_add_func ("/Gq/QueryClient/remove-queries/partial", test_remove_queries_partial);

  /* cancelQueries */
  g_test_add_func ("/Gq/QueryClient/cancel-queries/revert", test_cancel_queries_revert);
  g_test_add_func ("/Gq/QueryClient/cancel-queries/no-revert", test_cancel_queries_no_revert);
  g_test_add_func ("/Gq/QueryClient/cancel-queries/initial-fetch", test_cancel_queries_initial_fetch);
  g_test_add_func ("/Gq/QueryClient/cancel-queries/silent", test_cancel_queries_silent);

  /* refetchQueries */
  g_test_add_func ("/Gq/QueryClient/refetch-queries/all-observers-disabled", test_refetch_queries_all_observers_disabled);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/one-observer-enabled", test_refetch_queries_one_observer_enabled);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/no-arguments", test_refetch_queries_no_arguments);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/fresh", test_refetch_queries_fresh);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/stale", test_refetch_queries_stale);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/stale-and-active", test_refetch_queries_stale_and_active);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/active-and-inactive", test_refetch_queries_active_and_inactive);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/only-active", test_refetch_queries_only_active);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/only-inactive", test_refetch_queries_only_inactive);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/throw-on-error", test_refetch_queries_throw_on_error);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/paused-resolves", test_refetch_queries_paused_resolves);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/network-mode-always", test_refetch_queries_network_mode_always);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/static", test_refetch_queries_static);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/missing-query-func", test_refetch_queries_missing_query_func);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/cancel-refetch", test_refetch_queries_cancel_refetch);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/no-cancel", test_refetch_queries_no_cancel);
  g_test_add_func ("/Gq/QueryClient/refetch-queries/takes-over-waiters", test_refetch_queries_takes_over_waiters);

  /* invalidateQueries */
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/active-by-default", test_invalidate_queries_active_by_default);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/not-inactive-by-default", test_invalidate_queries_not_inactive_by_default);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/refetch-none", test_invalidate_queries_refetch_none);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/refetch-inactive", test_invalidate_queries_refetch_inactive);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/refetch-all", test_invalidate_queries_refetch_all);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/disabled-inactive", test_invalidate_queries_disabled_inactive);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/static", test_invalidate_queries_static);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/exact", test_invalidate_queries_exact);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/async-settles", test_invalidate_queries_async_settles);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/throw-on-error", test_invalidate_queries_throw_on_error);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/once", test_invalidate_queries_once);

  /* resetQueries */
  g_test_add_func ("/Gq/QueryClient/reset-queries/notifies", test_reset_queries_notifies);
  g_test_add_func ("/Gq/QueryClient/reset-queries/reset", test_reset_queries_reset);
  g_test_add_func ("/Gq/QueryClient/reset-queries/initial-data", test_reset_queries_initial_data);
  g_test_add_func ("/Gq/QueryClient/reset-queries/state-predicate", test_reset_queries_state_predicate);
  g_test_add_func ("/Gq/QueryClient/reset-queries/refetch-active", test_reset_queries_refetch_active);
  g_test_add_func ("/Gq/QueryClient/reset-queries/cancels-fetch", test_reset_queries_cancels_fetch);

  /* focusManager and onlineManager */
  g_test_add_func ("/Gq/QueryClient/mount/focus-refetch", test_mount_focus_refetch);
  g_test_add_func ("/Gq/QueryClient/mount/online-refetch", test_mount_online_refetch);
  g_test_add_func ("/Gq/QueryClient/mount/not-mounted", test_mount_not_mounted);
  g_test_add_func ("/Gq/QueryClient/mount/counted", test_mount_counted);
  g_test_add_func ("/Gq/QueryClient/mount/unmounted-again", test_mount_unmounted_again);
  g_test_add_func ("/Gq/QueryClient/mount/focus-stale-only", test_mount_focus_stale_only);

  /* clear */
  g_test_add_func ("/Gq/QueryClient/clear", test_clear);

  /* bad input */
  g_test_add_func ("/Gq/QueryClient/bad-input/key-get-and-set", test_bad_key_get_and_set);
  g_test_add_func ("/Gq/QueryClient/bad-input/key-fetch", test_bad_key_fetch);
  g_test_add_func ("/Gq/QueryClient/bad-input/key-query-defaults", test_bad_key_query_defaults);
  g_test_add_func ("/Gq/QueryClient/bad-input/updater-returns-null", test_bad_updater_returns_null);

  /* query with static staleTime, ported to fetchQuery */
  g_test_add_func ("/Gq/QueryClient/fetch-query/static-cached", test_fetch_static_cached);
  g_test_add_func ("/Gq/QueryClient/fetch-query/static-initial-data", test_fetch_static_initial_data);
  g_test_add_func ("/Gq/QueryClient/fetch-query/initial-data-stale", test_fetch_initial_data_stale);
  g_test_add_func ("/Gq/QueryClient/fetch-query/static-then-revalidate", test_fetch_static_then_revalidate);
  g_test_add_func ("/Gq/QueryClient/fetch-query/stale-time-func", test_fetch_stale_time_func);

  /* invalidation and notification internals */
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/held-state-unchanged", test_invalidate_held_state_unchanged);
  g_test_add_func ("/Gq/QueryClient/invalidate-queries/listener-adds-active-query", test_invalidate_listener_adds_active_query);
  g_test_add_func ("/Gq/QueryClient/observer/held-result-unchanged", test_observer_held_result_unchanged);

  return g_test_run ();
}
