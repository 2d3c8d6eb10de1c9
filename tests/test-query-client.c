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

static GqQueryCache *
cache_of (GqTestEnv *env)
{
  return gq_query_client_get_query_cache (env->client);
}

static GqQuery *
find_query (GqTestEnv *env,
            JsonNode  *key)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);

  return gq_query_cache_find (cache_of (env), filters);
}

static GqQueryState *
state_of (GqTestEnv *env,
          JsonNode  *key)
{
  GqQuery *query = find_query (env, key);

  g_assert_nonnull (query);

  return gq_query_get_state (query);
}

static gint64
rel (gint64 time)
{
  return time - GQ_TEST_START_TIME;
}

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

/* Lets the main context run until @async completes: the awaits of the
 * TanStack tests whose query functions resolve without delay. */
static void
await_async (GqTestEnv   *env,
             GqTestAsync *async)
{
  for (guint i = 0; i < 10 && !async->done; i++)
    gq_test_flush (env);

  g_assert_true (async->done);
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
  await_async (env, &async);

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
  await_async (env, &async);
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
  await_async (env, &async);
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
  await_async (env, &async);
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
  await_async (env, &async);
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
  await_async (env, &async);
  g_assert_true (async_finish (env, &async, gq_query_client_reset_queries_finish, &error));
  g_assert_no_error (error);
}

static void
set_data (GqTestEnv  *env,
          JsonNode   *key,
          const char *text)
{
  g_autoptr(JsonNode) data = gq_test_json (text);
  g_autoptr(JsonNode) stored = gq_query_client_set_query_data (env->client, key, data, 0);

  g_assert_nonnull (stored);
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

  query = find_query (&env, key);
  g_assert_nonnull (query);
  g_assert_cmpint (gq_query_options_get_gc_time (gq_query_get_options (query)), ==, GQ_TIME_INFINITE);
  g_assert_cmpint (gq_query_get_gc_time (query), ==, GQ_TIME_INFINITE);

  /* never collected */
  gq_test_advance (&env, 10 * 60 * 1000);
  g_assert_true (find_query (&env, key) == query);

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

/* await observer.refetch () */
static GqQueryResult *
observer_refetch_now (GqTestEnv       *env,
                      GqQueryObserver *observer,
                      GError         **error)
{
  GqTestAsync async = { 0 };
  GqQueryResult *result;

  gq_query_observer_refetch_async (observer, GQ_REFETCH_FLAGS_NONE, NULL, gq_test_async_callback, &async);
  await_async (env, &async);
  result = gq_query_observer_refetch_finish (observer, async.result, error);
  gq_test_async_clear (&async);

  return result;
}

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
  g_assert_null (find_query (&env, key));
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
  result = observer_refetch_now (&env, observer, &error);
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
  result = observer_refetch_now (&env, observer, &error);
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
  result = observer_refetch_now (&env, observer, &error);
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
  set_data (&env, abc, "1");
  query = find_query (&env, abc);
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

  set_data (&env, key, "\"Old Data\"");
  set_data (&env, key, "\"New Data\"");
  assert_query_data (&env, key, "\"New Data\"");
  g_assert_cmpuint (gq_query_cache_get_size (cache_of (&env)), ==, 1);

  env_clear (&env);
}

/* should create a new query if query was not found 1 and 2 */
static void
test_set_query_data_create (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("sqd-create-1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("sqd-create-2", NULL);
  GqQueryState *state;

  gq_test_env_init (&env);

  set_data (&env, key1, "\"bar\"");
  assert_query_data (&env, key1, "\"bar\"");
  set_data (&env, key2, "\"qux\"");
  assert_query_data (&env, key2, "\"qux\"");

  state = state_of (&env, key1);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);
  g_assert_cmpint (rel (gq_query_state_get_data_updated_at (state)), ==, 0);

  /* a query created this way is collected after the default gc time */
  gq_test_advance (&env, 299999);
  g_assert_nonnull (find_query (&env, key1));
  gq_test_advance (&env, 1);
  g_assert_null (find_query (&env, key1));
  g_assert_null (find_query (&env, key2));

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

  g_assert_null (find_query (&env, key));
  stored = gq_query_client_set_query_data (env.client, key, NULL, 0);
  g_assert_null (stored);
  g_assert_null (find_query (&env, key));
  g_assert_cmpuint (gq_query_cache_get_size (cache_of (&env)), ==, 0);

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

  g_assert_null (find_query (&env, key));
  stored = gq_query_client_set_query_data_with_updater (env.client, key, updater_null, NULL, 0);
  g_assert_null (stored);
  g_assert_cmpuint (updater_calls, ==, 1);
  g_assert_null (find_query (&env, key));
  g_assert_cmpuint (gq_query_cache_get_size (cache_of (&env)), ==, 0);

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

  set_data (&env, key, "\"qux\"");
  stored = gq_query_client_set_query_data (env.client, key, NULL, 0);
  g_assert_null (stored);
  assert_query_data (&env, key, "\"qux\"");
  g_assert_cmpuint (gq_query_state_get_data_update_count (state_of (&env, key)), ==, 1);

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

  set_data (&env, key, "\"qux\"");
  before = state_of (&env, key);
  stored = gq_query_client_set_query_data_with_updater (env.client, key, updater_null, NULL, 0);
  g_assert_null (stored);
  assert_query_data (&env, key, "\"qux\"");
  /* no dispatch at all: the state is the same snapshot */
  g_assert_true (state_of (&env, key) == before);

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

  set_data (&env, key, "\"test data\"");
  stored = gq_query_client_set_query_data_with_updater (env.client, key, updater_concat, NULL, 0);

  g_assert_cmpuint (updater_calls, ==, 1);
  gq_assert_json (stored, "\"new data + test data\"");
  gq_assert_json (gq_query_state_get_data (state_of (&env, key)), "\"new data + test data\"");
  g_assert_cmpuint (gq_query_state_get_data_update_count (state_of (&env, key)), ==, 2);

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
  g_assert_true (gq_query_state_get_data (state_of (&env, key)) == new_data);

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
  g_assert_cmpuint (gq_query_state_get_data_update_count (state_of (&env, key)), ==, 3);

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

  set_data (&env, key, "42");
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
  state = state_of (&env, key);
  g_assert_cmpint (rel (gq_query_state_get_data_updated_at (state)), ==, -5000);
  g_assert_true (gq_query_is_stale_by_time (find_query (&env, key), 4999));
  g_assert_false (gq_query_is_stale_by_time (find_query (&env, key), 5001));

  filters = gq_query_filters_new (key);
  gq_query_client_invalidate_queries (env.client, filters);
  g_assert_true (gq_query_state_get_is_invalidated (state_of (&env, key)));

  gq_test_advance (&env, 100);
  stored2 = gq_query_client_set_query_data (env.client, key, data2, 0);
  state = state_of (&env, key);
  g_assert_cmpint (rel (gq_query_state_get_data_updated_at (state)), ==, 100);
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

  set_data (&env, key, "null");
  got = gq_query_client_get_query_data (env.client, key);
  g_assert_nonnull (got);
  g_assert_true (JSON_NODE_HOLDS_NULL (got));
  g_assert_cmpint (gq_query_state_get_status (state_of (&env, key)), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_true (gq_query_state_has_data (state_of (&env, key)));

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

  set_data (&env, key1, "1");
  set_data (&env, key2, "2");
  set_data (&env, other, "3");

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

  set_data (&env, key1, "1");
  set_data (&env, key2, "2");
  query1 = find_query (&env, key1);

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
  g_assert_cmpuint (gq_query_cache_get_size (cache_of (&env)), ==, 0);

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

  g_assert_cmpint (gq_query_state_get_fetch_status (state_of (&env, key)), ==, GQ_FETCH_STATUS_PAUSED);
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
  set_data (&env, key, "\"bar\"");
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
  g_assert_cmpuint (gq_query_cache_get_size (cache_of (&env)), ==, 0);
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
  set_data (&env, key, "\"bar\"");
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

  g_assert_nonnull (find_query (&env, key));
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
  g_assert_true (state == state_of (&env, key));
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_error ((GError *) gq_query_state_get_error (state), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_query_state_get_error (state)->message, ==, "failure 1");
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);
  g_assert_cmpint (rel (gq_query_state_get_error_updated_at (state)), ==, 7);
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

  set_data (&env, key, "\"bar\"");
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

  set_data (&env, key, "null");
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

  set_data (&env, key, "\"old\"");
  first = ensure_now (&env, options, TRUE, &error);
  g_assert_no_error (error);
  gq_assert_json (first, "\"old\"");
  /* the revalidation runs in the background */
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_state_get_fetch_status (state_of (&env, key)), ==, GQ_FETCH_STATUS_FETCHING);

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

  set_data (&env, key, "\"old\"");
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
  set_data (&env, key11, "1");
  set_data (&env, key12, "2");
  set_data (&env, key22, "2");

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
  set_data (&env, key1, "1");
  set_data (&env, key2, "2");

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_predicate (filters, is_query, find_query (&env, key1), NULL);
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

  return g_test_run ();
}
