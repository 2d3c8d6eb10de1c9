/* test-query.c: TanStack's query.test.tsx, ported, plus the query's
 * reducer, retryer, network modes, cancellation and gc semantics
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include "gq-query-cache-private.h"
#include "gq-query-client-private.h"
#include "gq-query-options-private.h"
#include "gq-query-private.h"

/* ---- helpers ------------------------------------------------------- */

#define assert_gerror(err, dom, c) g_assert_error ((GError *) (err), dom, c)

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
  g_assert_true (async->done);

  return gq_query_client_fetch_query_finish (env->client, async->result, error);
}

/* prefetchQuery without awaiting */
static void
prefetch (GqTestEnv      *env,
          GqQueryOptions *options)
{
  gq_query_client_prefetch_query_async (env->client, options, NULL, NULL, NULL);
}

/* await prefetchQuery: the query function completes without delay */
static void
prefetch_now (GqTestEnv      *env,
              GqQueryOptions *options)
{
  GqTestAsync async = { 0 };

  gq_query_client_prefetch_query_async (env->client, options, NULL, gq_test_async_callback, &async);
  gq_test_flush (env);
  g_assert_true (async.done);
  g_assert_true (gq_query_client_prefetch_query_finish (env->client, async.result, NULL));
  gq_test_async_clear (&async);
}

/* query.fetch (options) with a waiter standing for the returned promise */
static void
query_fetch (GqQuery        *query,
             GqQueryOptions *options,
             gboolean        cancel_refetch,
             GqTestAsync    *async)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, gq_test_async_callback, async);

  _gq_query_fetch (query, options, cancel_refetch, NULL, task);
}

static JsonNode *
query_fetch_finish (GqTestAsync  *async,
                    GError      **error)
{
  g_assert_true (async->done);

  return g_task_propagate_pointer (G_TASK (async->result), error);
}

static void
cancel_query (GqTestEnv     *env,
              JsonNode      *key,
              GqCancelFlags  flags)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);

  gq_query_client_cancel_queries (env->client, filters, flags);
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
json_set (JsonNode   **slot,
          const char  *text)
{
  g_clear_pointer (slot, json_node_unref);
  *slot = gq_test_json (text);
}

/* Cache events */
typedef struct
{
  GqQueryCache *cache;
  GArray       *types;
  gulong        handler;
} EventLog;

static void
on_cache_event (GqQueryCache     *cache,
                GqCacheEventType  type,
                GqQuery          *query,
                GObject          *observer,
                EventLog         *log)
{
  g_array_append_val (log->types, type);
}

static EventLog *
event_log_new (GqTestEnv *env)
{
  EventLog *log = g_new0 (EventLog, 1);

  log->cache = g_object_ref (gq_test_cache (env));
  log->types = g_array_new (FALSE, FALSE, sizeof (GqCacheEventType));
  log->handler = g_signal_connect (log->cache, "event", G_CALLBACK (on_cache_event), log);

  return log;
}

static guint
event_log_count (EventLog         *log,
                 GqCacheEventType  type)
{
  guint n = 0;

  for (guint i = 0; i < log->types->len; i++)
    if (g_array_index (log->types, GqCacheEventType, i) == type)
      n++;

  return n;
}

static void
event_log_free (EventLog *log)
{
  g_clear_signal_handler (&log->handler, log->cache);
  g_clear_object (&log->cache);
  g_array_unref (log->types);
  g_free (log);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EventLog, event_log_free)

/* A query function that records its context. */
typedef struct
{
  guint             calls;
  JsonNode         *key;
  JsonNode         *meta;
  JsonNode         *page_param;
  GqFetchDirection  direction;
  GCancellable     *cancellable;
  GqQueryClient    *client;
} Capture;

static void
capture_func (GqFetchContext *context,
              gpointer        user_data)
{
  Capture *capture = user_data;
  JsonNode *meta = gq_fetch_context_get_meta (context);
  JsonNode *page_param = gq_fetch_context_get_page_param (context);
  g_autoptr(JsonNode) data = gq_test_json ("\"data\"");

  capture->calls++;
  g_clear_pointer (&capture->key, json_node_unref);
  capture->key = json_node_ref (gq_fetch_context_get_query_key (context));
  g_clear_pointer (&capture->meta, json_node_unref);
  capture->meta = meta ? json_node_ref (meta) : NULL;
  g_clear_pointer (&capture->page_param, json_node_unref);
  capture->page_param = page_param ? json_node_ref (page_param) : NULL;
  capture->direction = gq_fetch_context_get_direction (context);
  g_set_object (&capture->cancellable, gq_fetch_context_get_cancellable (context));
  capture->client = gq_fetch_context_get_client (context);

  gq_fetch_context_resolve (context, data);
}

static void
capture_clear (Capture *capture)
{
  g_clear_pointer (&capture->key, json_node_unref);
  g_clear_pointer (&capture->meta, json_node_unref);
  g_clear_pointer (&capture->page_param, json_node_unref);
  g_clear_object (&capture->cancellable);
}

/* ---- ported from query.test.tsx ------------------------------------ */

/* should use the longest garbage collection time it has seen */
static void
test_gc_time_longest (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("gc-longest", NULL);
  const gint64 gc_times[] = { 100, 200, 10 };

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->data = gq_test_json ("\"data\"");

  for (guint i = 0; i < G_N_ELEMENTS (gc_times); i++)
    {
      g_autoptr(GqQueryOptions) options = gq_test_options_new (key, fetcher);

      gq_query_options_set_gc_time (options, gc_times[i]);
      prefetch_now (&env, options);
    }

  g_assert_cmpint (gq_query_get_gc_time (gq_test_find_query (&env, key)), ==, 200);
  g_assert_cmpuint (fetcher->calls, ==, 3);

  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should continue retry after focus regain and resolve all promises */
static void
test_continue_retry_after_focus_regain (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("focus-regain", NULL);
  g_autoptr(JsonNode) data = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_focus_manager_set_focused (env.focus, FALSE);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_times = 2;
  fetcher->data = gq_test_json ("\"data3\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 3);
  gq_query_options_set_retry_delay (options, 1);

  fetch_query (&env, options, &async);
  g_assert_false (async.done);

  /* the first retry waits for the window */
  gq_test_advance (&env, 50);
  g_assert_false (async.done);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_PAUSED);

  gq_focus_manager_set_focused (env.focus, TRUE);
  g_assert_false (async.done);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_advance (&env, 50);
  data = fetch_query_finish (&env, &async, NULL);
  gq_assert_json (data, "\"data3\"");
  g_assert_cmpuint (fetcher->calls, ==, 3);

  gq_test_async_clear (&async);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should continue retry after reconnect and resolve all promises */
static void
test_continue_retry_after_reconnect (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reconnect", NULL);
  g_autoptr(JsonNode) data = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_times = 2;
  fetcher->data = gq_test_json ("\"data3\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 3);
  gq_query_options_set_retry_delay (options, 1);

  fetch_query (&env, options, &async);
  g_assert_false (async.done);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_test_advance (&env, 1);
  g_assert_false (async.done);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_PAUSED);

  gq_online_manager_set_online (env.online, TRUE);
  g_assert_false (async.done);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_test_advance (&env, 2);
  data = fetch_query_finish (&env, &async, NULL);
  gq_assert_json (data, "\"data3\"");
  g_assert_cmpuint (fetcher->calls, ==, 3);
  g_assert_cmpint (gq_test_rel (gq_test_now (&env)), ==, 3);

  gq_test_async_clear (&async);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should throw a CancelledError when a paused query is cancelled */
static void
test_paused_query_cancelled (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("paused-cancel", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqQueryState *state;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  gq_focus_manager_set_focused (env.focus, FALSE);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 3);
  gq_query_options_set_retry_delay (options, 1);

  fetch_query (&env, options, &async);
  gq_test_advance (&env, 50);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_PAUSED);
  g_assert_false (async.done);

  /* query.cancel (): neither revert nor silent */
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NO_REVERT);
  gq_test_flush (&env);

  data = fetch_query_finish (&env, &async, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  assert_gerror (gq_query_state_get_error (state), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_advance (&env, 100);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* should cancel a paused initial fetch when the last observer unsubscribes */
static void
test_cancel_paused_initial_fetch_on_unsubscribe (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("paused-initial", NULL);
  GqQueryObserver *observer;
  GqQuery *query;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  fetcher->use_cancellable = TRUE;
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  query = gq_test_find_query (&env, key);

  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==, GQ_FETCH_STATUS_PAUSED);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_PENDING);

  gq_query_observer_unsubscribe (observer);

  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_PENDING);

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_advance (&env, 11);

  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  g_clear_object (&observer);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should not throw a CancelledError when fetchQuery is in progress and the
 * last observer unsubscribes when AbortSignal is consumed */
static void
test_fetch_query_in_progress_last_observer_unsubscribes (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) first = NULL;
  g_autoptr(GqTestFetcher) second = NULL;
  g_autoptr(GqQueryOptions) observer_options = NULL;
  g_autoptr(GqQueryOptions) fetch_options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("fetch-unsubscribe", NULL);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqQueryObserver *observer;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);

  first = gq_test_fetcher_new (&env);
  first->delay = 100;
  first->data = gq_test_json ("\"data\"");
  observer_options = gq_test_options_new (key, first);
  observer = gq_query_observer_new (env.client, observer_options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 100);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"data\"");

  second = gq_test_fetcher_new (&env);
  second->delay = 100;
  second->use_cancellable = TRUE;
  second->data = gq_test_json ("\"data2\"");
  fetch_options = gq_test_options_new (key, second);
  fetch_query (&env, fetch_options, &async);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (second->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  gq_test_advance (&env, 90);

  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"data\"");
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"data\"");
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (first->calls, ==, 1);

  gq_test_async_clear (&async);
  g_clear_object (&observer);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should provide context to queryFn */
static void
test_provide_context_to_query_func (void)
{
  GqTestEnv env;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("context", NULL);
  Capture capture = { 0 };

  gq_test_env_init (&env);

  options = gq_query_options_new (key);
  gq_query_options_set_query_func (options, capture_func, &capture, NULL);
  prefetch (&env, options);

  g_assert_cmpuint (capture.calls, ==, 1);
  g_assert_null (capture.page_param);
  g_assert_true (gq_key_equal (capture.key, key));
  g_assert_true (G_IS_CANCELLABLE (capture.cancellable));
  g_assert_false (g_cancellable_is_cancelled (capture.cancellable));
  g_assert_true (capture.client == env.client);
  g_assert_cmpint (capture.direction, ==, GQ_FETCH_DIRECTION_NONE);

  gq_test_flush (&env);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"data\"");

  capture_clear (&capture);
  gq_test_env_clear (&env);
}

static void
subscribe_disabled_observer_briefly (GqTestEnv *env,
                                     JsonNode  *key)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryObserver) observer = NULL;

  gq_query_options_set_enabled (options, FALSE);
  observer = gq_query_observer_new (env->client, options);
  gq_query_observer_subscribe (observer);
  gq_query_observer_unsubscribe (observer);
}

/* should continue if cancellation is not supported and signal is not
 * consumed */
static void
test_continue_if_cancellable_not_used (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("signal-unused", NULL);
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 100;
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch (&env, options);
  gq_test_advance (&env, 10);

  subscribe_disabled_observer_briefly (&env, key);

  gq_test_advance (&env, 90);

  state = gq_test_state_of (&env, key);
  gq_assert_json (gq_query_state_get_data (state), "\"data\"");
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, 100);

  gq_test_env_clear (&env);
}

/* should not continue when last observer unsubscribed if the signal was
 * consumed */
static void
test_not_continue_if_cancellable_used (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("signal-used", NULL);
  GqFetchContext *context;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 100;
  fetcher->use_cancellable = TRUE;
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch (&env, options);
  gq_test_advance (&env, 10);

  /* the pending completion holds the context until it fires */
  context = fetcher->last_context;
  g_assert_false (g_cancellable_is_cancelled (gq_fetch_context_get_cancellable (context)));

  subscribe_disabled_observer_briefly (&env, key);
  g_assert_true (g_cancellable_is_cancelled (gq_fetch_context_get_cancellable (context)));

  gq_test_advance (&env, 90);

  state = gq_test_state_of (&env, key);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 0);
  g_assert_null (gq_query_state_get_error (state));
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_test_env_clear (&env);
}

static void
count_cancelled (GCancellable *cancellable,
                 guint        *count)
{
  (*count)++;
}

/* should provide an AbortSignal to the queryFn that provides info about
 * the cancellation state */
static void
test_cancellable_reports_cancellation (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancellable-info", NULL);
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqTestAsync async = { 0 };
  guint cancelled = 0;
  gulong handler;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  fetcher->fail_always = TRUE;
  fetcher->use_cancellable = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 3);
  gq_query_options_set_retry_delay (options, 10);

  fetch_query (&env, options, &async);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  cancellable = g_object_ref (gq_fetch_context_get_cancellable (fetcher->last_context));
  handler = g_signal_connect (cancellable, "cancelled", G_CALLBACK (count_cancelled), &cancelled);
  g_assert_false (g_cancellable_is_cancelled (cancellable));
  g_assert_cmpuint (cancelled, ==, 0);

  cancel_query (&env, key, GQ_CANCEL_FLAGS_NO_REVERT);
  gq_test_advance (&env, 100);

  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_cmpuint (cancelled, ==, 1);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  g_signal_handler_disconnect (cancellable, handler);
  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* should not continue if explicitly cancelled */
static void
test_not_continue_if_explicitly_cancelled (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("explicit-cancel", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 3);
  gq_query_options_set_retry_delay (options, 10);

  fetch_query (&env, options, &async);
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NO_REVERT);
  gq_test_advance (&env, 100);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* should not error if reset while pending */
static void
test_reset_while_pending (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reset-pending", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqTestAsync async = { 0 };
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 3);
  gq_query_options_set_retry_delay (options, 10);

  fetch_query (&env, options, &async);
  query = gq_test_find_query (&env, key);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_PENDING);

  _gq_query_reset (query);
  gq_test_advance (&env, 100);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_null (gq_query_state_get_error (gq_query_get_state (query)));
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_null (gq_query_state_get_data (gq_query_get_state (query)));

  data = fetch_query_finish (&env, &async, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* should be able to refetch a cancelled query */
static void
test_refetch_cancelled_query (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-cancelled", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqTestAsync async = { 0 };
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 50;
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);

  prefetch (&env, options);
  query = gq_test_find_query (&env, key);
  gq_test_advance (&env, 10);
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NO_REVERT);
  gq_test_advance (&env, 100);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_gerror (gq_query_state_get_error (gq_query_get_state (query)), G_IO_ERROR, G_IO_ERROR_CANCELLED);

  query_fetch (query, NULL, FALSE, &async);
  gq_test_advance (&env, 50);

  data = query_fetch_finish (&async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"data\"");
  g_assert_null (gq_query_state_get_error (gq_query_get_state (query)));
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* cancelling a resolved query should not have any effect */
static void
test_cancel_resolved_query (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-resolved", NULL);
  GqQueryState *before;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);

  before = gq_test_state_of (&env, key);
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NO_REVERT);
  gq_test_advance (&env, 10);

  state = gq_test_state_of (&env, key);
  g_assert_true (state == before);
  gq_assert_json (gq_query_state_get_data (state), "\"data\"");
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);

  gq_test_env_clear (&env);
}

/* cancelling a rejected query should not have any effect */
static void
test_cancel_rejected_query (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-rejected", NULL);
  const GError *error;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);

  cancel_query (&env, key, GQ_CANCEL_FLAGS_NO_REVERT);
  gq_test_advance (&env, 10);

  error = gq_query_state_get_error (gq_test_state_of (&env, key));
  assert_gerror (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "failure 1");
  g_assert_cmpuint (gq_query_state_get_error_update_count (gq_test_state_of (&env, key)), ==, 1);

  gq_test_env_clear (&env);
}

/* the previous query status should be kept when refetching */
static void
test_previous_status_kept_when_refetching (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) succeeding = NULL;
  g_autoptr(GqTestFetcher) failing = NULL;
  g_autoptr(GqTestFetcher) failing_later = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryOptions) options3 = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("status-kept", NULL);
  GqQuery *query;

  gq_test_env_init (&env);

  succeeding = gq_test_fetcher_new (&env);
  succeeding->data = gq_test_json ("\"data\"");
  options1 = gq_test_options_new (key, succeeding);
  prefetch_now (&env, options1);
  query = gq_test_find_query (&env, key);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_SUCCESS);

  failing = gq_test_fetcher_new (&env);
  failing->fail_always = TRUE;
  options2 = gq_test_options_new (key, failing);
  gq_query_options_set_retry (options2, 0);
  prefetch_now (&env, options2);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_ERROR);

  failing_later = gq_test_fetcher_new (&env);
  failing_later->fail_always = TRUE;
  failing_later->delay = 10;
  options3 = gq_test_options_new (key, failing_later);
  gq_query_options_set_retry (options3, 0);
  prefetch (&env, options3);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==, GQ_FETCH_STATUS_FETCHING);

  gq_test_advance (&env, 10);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpuint (gq_query_state_get_error_update_count (gq_query_get_state (query)), ==, 2);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "\"data\"");

  gq_test_env_clear (&env);
}

/* queries with gcTime 0 should be removed immediately after unsubscribing */
static void
test_gc_time_zero_removed_after_unsubscribe (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("gc-zero", NULL);
  GqQueryObserver *observer;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, 0);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_query_observer_unsubscribe (observer);

  gq_test_advance (&env, 0);
  g_assert_null (gq_test_find_query (&env, key));

  gq_query_observer_subscribe (observer);
  gq_query_observer_unsubscribe (observer);

  gq_test_advance (&env, 0);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_cmpuint (fetcher->calls, ==, 1);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should be garbage collected when unsubscribed to */
static void
test_gc_when_unsubscribed (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("gc-unsubscribed", NULL);
  GqQueryObserver *observer;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, 0);

  observer = gq_query_observer_new (env.client, options);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_PENDING);
  gq_query_observer_subscribe (observer);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_PENDING);
  gq_query_observer_unsubscribe (observer);

  gq_test_advance (&env, 0);
  g_assert_null (gq_test_find_query (&env, key));

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should be garbage collected later when unsubscribed and query is fetching */
static void
test_gc_later_when_fetching (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("gc-fetching", NULL);
  GqQueryObserver *observer;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 20;
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, 10);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 20);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"data\"");

  gq_query_observer_refetch (observer);
  gq_query_observer_unsubscribe (observer);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"data\"");

  /* the gc timer fires at 10 ms, while the query still fetches */
  gq_test_advance (&env, 10);
  g_assert_nonnull (gq_test_find_query (&env, key));
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_FETCHING);

  /* the fetch ends at 20 ms and re-arms gc for 30 ms */
  gq_test_advance (&env, 19);
  g_assert_nonnull (gq_test_find_query (&env, key));
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_IDLE);
  gq_test_advance (&env, 1);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_cmpuint (fetcher->calls, ==, 2);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should not be garbage collected unless there are no subscribers */
static void
test_not_gc_unless_no_subscribers (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("gc-subscribers", NULL);
  g_autoptr(JsonNode) data = gq_test_json ("\"data\"");
  g_autoptr(JsonNode) stored = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->data = json_node_ref (data);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, 0);

  observer = gq_query_observer_new (env.client, options);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_PENDING);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 100);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"data\"");

  gq_query_observer_unsubscribe (observer);
  gq_test_advance (&env, 100);
  g_assert_null (gq_test_find_query (&env, key));

  stored = gq_query_client_set_query_data (env.client, key, data, 0);
  gq_test_advance (&env, 100);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"data\"");

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should return proper count of observers */
static void
test_observer_count (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("observer-count", NULL);
  GqQueryObserver *observers[3];
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  for (guint i = 0; i < 3; i++)
    observers[i] = gq_query_observer_new (env.client, options);

  query = gq_test_find_query (&env, key);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 0);

  for (guint i = 0; i < 3; i++)
    gq_query_observer_subscribe (observers[i]);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 3);

  gq_query_observer_unsubscribe (observers[2]);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 2);
  gq_query_observer_unsubscribe (observers[1]);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 1);
  gq_query_observer_unsubscribe (observers[0]);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 0);

  /* the three mounts shared one fetch */
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_test_flush (&env);
  for (guint i = 0; i < 3; i++)
    g_clear_object (&observers[i]);
  gq_test_env_clear (&env);
}

/* stores meta object in query */
static void
test_meta_stored (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("meta-stored", NULL);
  g_autoptr(JsonNode) meta = gq_test_json ("{\"it\": \"works\"}");

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_meta (options, meta);
  prefetch_now (&env, options);

  gq_assert_json (gq_query_options_get_meta (gq_query_get_options (gq_test_find_query (&env, key))),
                  "{\"it\": \"works\"}");

  gq_test_env_clear (&env);
}

/* updates meta object on change */
static void
test_meta_updated (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) with_meta = NULL;
  g_autoptr(GqQueryOptions) without_meta = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("meta-updated", NULL);
  g_autoptr(JsonNode) meta = gq_test_json ("{\"it\": \"works\"}");

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  with_meta = gq_test_options_new (key, fetcher);
  gq_query_options_set_meta (with_meta, meta);
  prefetch_now (&env, with_meta);

  without_meta = gq_test_options_new (key, fetcher);
  prefetch_now (&env, without_meta);

  g_assert_null (gq_query_options_get_meta (gq_query_get_options (gq_test_find_query (&env, key))));
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_env_clear (&env);
}

/* can use default meta */
static void
test_meta_default (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("meta-default", NULL);
  g_autoptr(JsonNode) meta = gq_test_json ("{\"it\": \"works\"}");

  gq_test_env_init (&env);

  defaults = gq_query_options_new (NULL);
  gq_query_options_set_meta (defaults, meta);
  gq_query_client_set_query_defaults (env.client, key, defaults);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);

  gq_assert_json (gq_query_options_get_meta (gq_query_get_options (gq_test_find_query (&env, key))),
                  "{\"it\": \"works\"}");

  gq_test_env_clear (&env);
}

/* provides meta object inside query function */
static void
test_meta_in_query_func (void)
{
  GqTestEnv env;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("meta-func", NULL);
  g_autoptr(JsonNode) meta = gq_test_json ("{\"it\": \"works\"}");
  Capture capture = { 0 };

  gq_test_env_init (&env);

  options = gq_query_options_new (key);
  gq_query_options_set_meta (options, meta);
  gq_query_options_set_query_func (options, capture_func, &capture, NULL);
  prefetch_now (&env, options);

  g_assert_cmpuint (capture.calls, ==, 1);
  gq_assert_json (capture.meta, "{\"it\": \"works\"}");

  capture_clear (&capture);
  gq_test_env_clear (&env);
}

/* should refetch the observer when online method is called */
static void
test_refetch_observer_on_online (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-online", NULL);
  GqQueryObserver *first;
  GqQueryObserver *second;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  first = gq_query_observer_new (env.client, options);
  second = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (first);
  gq_query_observer_subscribe (second);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_online_manager_set_online (env.online, FALSE);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  gq_online_manager_set_online (env.online, TRUE);

  /* one refetch for the query, however many observers want it */
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_test_flush (&env);
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (gq_test_state_of (&env, key))), ==, 2);

  gq_query_observer_unsubscribe (first);
  gq_query_observer_unsubscribe (second);
  g_clear_object (&first);
  g_clear_object (&second);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should not add an existing observer */
static void
test_not_add_existing_observer (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) observer_options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("add-existing", NULL);
  g_autoptr(EventLog) log = NULL;
  GqQueryObserver *observer;
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);
  query = gq_test_find_query (&env, key);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 0);

  observer_options = gq_query_options_new (key);
  observer = gq_query_observer_new (env.client, observer_options);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 0);

  log = event_log_new (&env);
  _gq_query_add_observer (query, observer);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 1);
  _gq_query_add_observer (query, observer);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 1);
  g_assert_cmpuint (event_log_count (log, GQ_CACHE_EVENT_OBSERVER_ADDED), ==, 1);

  _gq_query_remove_observer (query, observer);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 0);

  g_clear_pointer (&log, event_log_free);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should not try to remove an observer that does not exist */
static void
test_not_remove_missing_observer (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) observer_options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("remove-missing", NULL);
  g_autoptr(EventLog) log = NULL;
  GqQueryObserver *observer;
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);
  query = gq_test_find_query (&env, key);

  observer_options = gq_query_options_new (key);
  observer = gq_query_observer_new (env.client, observer_options);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 0);

  log = event_log_new (&env);
  _gq_query_remove_observer (query, observer);
  g_assert_cmpuint (log->types->len, ==, 0);
  g_assert_cmpuint (gq_query_get_observer_count (query), ==, 0);

  g_clear_pointer (&log, event_log_free);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

static void
unsubscribe_on_changed (GqQueryObserver *observer,
                        GqQueryResult   *result,
                        gpointer         user_data)
{
  guint *calls = user_data;

  (*calls)++;
  if (gq_query_observer_is_subscribed (observer))
    gq_query_observer_unsubscribe (observer);
}

/* should notify remaining observers when one unsubscribes during an update */
static void
test_notify_remaining_observers (void)
{
  GqTestEnv env;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("unsubscribe-during-update", NULL);
  g_autoptr(JsonNode) data = gq_test_json ("\"data\"");
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GqTestRecorder) recorder = NULL;
  GqQueryObserver *first;
  GqQueryObserver *second;
  guint first_calls = 0;

  gq_test_env_init (&env);

  options = gq_query_options_new (key);
  gq_query_options_set_enabled (options, FALSE);
  first = gq_query_observer_new (env.client, options);
  second = gq_query_observer_new (env.client, options);
  g_signal_connect (first, "changed", G_CALLBACK (unsubscribe_on_changed), &first_calls);
  recorder = gq_test_recorder_new (second);

  gq_query_observer_subscribe (first);
  gq_query_observer_subscribe (second);

  stored = gq_query_client_set_query_data (env.client, key, data, 0);
  gq_test_flush (&env);

  g_assert_cmpuint (first_calls, ==, 1);
  g_assert_false (gq_query_observer_is_subscribed (first));
  g_assert_cmpuint (recorder->results->len, ==, 1);
  gq_assert_json (gq_query_result_get_data (gq_test_recorder_get (recorder, 0)), "\"data\"");
  gq_assert_json (gq_query_result_get_data (current (second)), "\"data\"");

  gq_query_observer_unsubscribe (second);
  g_clear_pointer (&recorder, gq_test_recorder_free);
  g_clear_object (&first);
  g_clear_object (&second);
  gq_test_env_clear (&env);
}

/* should not change state on invalidate() if already invalidated */
static void
test_invalidate_twice_keeps_state (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("invalidate-twice", NULL);
  g_autoptr(EventLog) log = NULL;
  GqQueryState *previous;
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);
  query = gq_test_find_query (&env, key);

  log = event_log_new (&env);
  _gq_query_invalidate (query);
  g_assert_true (gq_query_state_get_is_invalidated (gq_query_get_state (query)));
  g_assert_cmpuint (log->types->len, ==, 1);

  previous = gq_query_get_state (query);
  _gq_query_invalidate (query);
  g_assert_true (gq_query_get_state (query) == previous);
  g_assert_cmpuint (log->types->len, ==, 1);

  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

/* fetch should not dispatch "fetch" query is already fetching */
static void
test_fetch_no_dispatch_when_fetching (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) defaulted = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("no-double-dispatch", NULL);
  g_autoptr(EventLog) log = NULL;
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch (&env, options);
  gq_test_advance (&env, 10);
  query = gq_test_find_query (&env, key);

  log = event_log_new (&env);
  defaulted = _gq_query_client_default_query_options (env.client, options);
  _gq_query_fetch (query, defaulted, FALSE, NULL, NULL);
  _gq_query_fetch (query, defaulted, FALSE, NULL, NULL);
  gq_test_advance (&env, 10);

  g_assert_cmpuint (log->types->len, ==, 2);
  g_assert_cmpint (g_array_index (log->types, GqCacheEventType, 0), ==, GQ_CACHE_EVENT_UPDATED);
  g_assert_cmpint (g_array_index (log->types, GqCacheEventType, 1), ==, GQ_CACHE_EVENT_UPDATED);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_query_get_state (query)), ==, 2);

  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

/* fetch should throw an error if the queryFn is not defined */
static void
test_missing_query_func (void)
{
  GqTestEnv env;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("missing-func", NULL);
  g_autofree char *expected = NULL;
  GqQueryObserver *observer;
  GqQueryResult *result;
  const GError *error;

  gq_test_env_init (&env);

  options = gq_query_options_new (key);
  gq_query_options_set_retry (options, 0);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);

  result = current (observer);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_ERROR);
  error = gq_query_result_get_error (result);
  assert_gerror (error, GQ_ERROR, GQ_ERROR_MISSING_QUERY_FUNC);
  expected = g_strdup_printf ("Missing query function: '%s'",
                              gq_query_get_query_hash (gq_test_find_query (&env, key)));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* fetch should dispatch an error if the queryFn returns undefined */
static void
test_undefined_data_is_error (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("undefined-data", NULL);
  g_autoptr(GqTestRecorder) recorder = NULL;
  g_autofree char *hash = NULL;
  GqQueryObserver *observer;
  GqQueryResult *last;
  const GError *error;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->resolve_null = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 0);
  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);

  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, "Query data cannot be undefined*");
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (recorder->results->len, ==, 2);
  last = gq_test_recorder_get (recorder, 1);
  g_assert_true (gq_query_result_get_is_error (last));
  error = gq_query_result_get_error (last);
  assert_gerror (error, GQ_ERROR, GQ_ERROR_UNDEFINED_DATA);
  hash = gq_key_hash (key);
  g_assert_nonnull (strstr (error->message, hash));

  gq_query_observer_unsubscribe (observer);
  g_clear_pointer (&recorder, gq_test_recorder_free);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should work with initialDataUpdatedAt set to zero: in gquery 0 means
 * "now", so the oldest time it can carry is 1 ms after the epoch */
static void
test_initial_data_updated_at_old (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("initial-updated-at", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  gq_query_options_set_initial_data (options, initial);
  gq_query_options_set_initial_data_updated_at (options, 1);
  prefetch_now (&env, options);

  state = gq_test_state_of (&env, key);
  gq_assert_json (gq_query_state_get_data (state), "\"initial\"");
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_data_updated_at (state), ==, 1);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_test_env_clear (&env);
}

typedef struct
{
  GqQuery          *query;
  GqCacheEventType  last_type;
  GqQuery          *last_query;
  guint             count;
} LastEvent;

static void
record_last_event (GqQueryCache     *cache,
                   GqCacheEventType  type,
                   GqQuery          *query,
                   GObject          *observer,
                   LastEvent        *last)
{
  last->last_type = type;
  last->last_query = query;
  last->count++;
}

/* queries should be garbage collected even if they never fetched */
static void
test_gc_never_fetched (void)
{
  GqTestEnv env;
  g_autoptr(GqQueryOptions) defaults = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("gc-never-fetched", NULL);
  g_autoptr(JsonNode) data = gq_test_json ("\"data\"");
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GPtrArray) all = NULL;
  LastEvent last = { 0 };
  GqQuery *query;
  gulong handler;

  gq_test_env_init (&env);

  defaults = gq_query_options_new (NULL);
  gq_query_options_set_gc_time (defaults, 10);
  gq_query_client_set_query_defaults (env.client, key, defaults);

  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (record_last_event), &last);

  stored = gq_query_client_set_query_data (env.client, key, data, 0);
  query = gq_test_find_query (&env, key);
  g_assert_nonnull (query);

  gq_test_advance (&env, 9);
  g_assert_true (gq_test_find_query (&env, key) == query);

  gq_test_advance (&env, 1);
  g_assert_cmpint (last.last_type, ==, GQ_CACHE_EVENT_REMOVED);
  g_assert_true (last.last_query == query);

  all = gq_query_cache_find_all (gq_test_cache (&env), NULL);
  g_assert_cmpuint (all->len, ==, 0);

  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  gq_test_env_clear (&env);
}

/* should always revert to idle state (#5968) */
static void
test_always_revert_to_idle (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("revert-idle", NULL);
  g_autoptr(GqTestRecorder) recorder = NULL;
  GqQueryObserver *observer;
  GqQueryObserver *next;
  GqQueryState *state;
  GqQueryResult *last;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 50;
  fetcher->use_cancellable = TRUE;
  fetcher->data = gq_test_json ("\"1\"");
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 50);
  gq_assert_json (gq_query_result_get_data (current (observer)), "\"1\"");
  g_assert_cmpint (gq_query_result_get_fetch_status (current (observer)), ==, GQ_FETCH_STATUS_IDLE);

  /* the server's data changes */
  json_set (&fetcher->data, "\"1 - 2\"");

  filters = gq_query_filters_new (key);
  gq_query_client_invalidate_queries (env.client, filters);
  gq_test_advance (&env, 5);
  gq_query_client_invalidate_queries (env.client, filters);
  gq_test_advance (&env, 5);
  gq_query_observer_unsubscribe (observer);
  gq_test_advance (&env, 5);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  gq_assert_json (gq_query_state_get_data (state), "\"1\"");
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (fetcher->calls, ==, 3);

  next = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (next);
  gq_query_observer_subscribe (next);
  gq_test_advance (&env, 60);

  g_assert_cmpuint (recorder->results->len, >=, 1);
  last = gq_test_recorder_get (recorder, recorder->results->len - 1);
  gq_assert_json (gq_query_result_get_data (last), "\"1 - 2\"");
  g_assert_cmpuint (fetcher->calls, ==, 4);

  gq_query_observer_unsubscribe (next);
  g_clear_pointer (&recorder, gq_test_recorder_free);
  g_clear_object (&observer);
  g_clear_object (&next);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should not reject a promise when silently cancelled in the background */
static void
test_silent_cancel_does_not_reject (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("silent-cancel", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqTestAsync refetch = { 0 };

  gq_test_env_init (&env);

  stored = gq_query_client_set_query_data (env.client, key, initial, 0);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 100;
  fetcher->data = gq_test_json ("\"data0\"");
  options = gq_test_options_new (key, fetcher);
  fetch_query (&env, options, &async);

  gq_test_advance (&env, 0);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  json_set (&fetcher->data, "\"data1\"");

  /* cancel the running fetch and start again */
  filters = gq_query_filters_new (key);
  gq_query_client_refetch_queries_async (env.client, filters, GQ_REFETCH_FLAGS_NONE, NULL,
                                         gq_test_async_callback, &refetch);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_false (async.done);

  gq_test_advance (&env, 100);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"data1\"");
  g_assert_true (refetch.done);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_async_clear (&async);
  gq_test_async_clear (&refetch);
  gq_test_env_clear (&env);
}

/* should use queryFn from observer if not provided in options */
static void
test_query_func_from_observer (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) observer_options = NULL;
  g_autoptr(GqQueryOptions) bare = NULL;
  g_autoptr(GqQueryOptions) defaulted = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("func-from-observer", NULL);
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  GqQueryObserver *observer;
  GqQuery *query;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->data = gq_test_json ("\"data\"");
  observer_options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, observer_options);

  /* a query of its own, outside the cache, without a query function */
  bare = gq_query_options_new (key);
  defaulted = _gq_query_client_default_query_options (env.client, bare);
  hash = gq_key_hash (key);
  query = _gq_query_new (env.client, NULL, key, hash, defaulted, NULL);
  g_assert_false (_gq_query_options_has_query_func (gq_query_get_options (query)));

  _gq_query_add_observer (query, observer);
  query_fetch (query, NULL, FALSE, &async);
  gq_test_flush (&env);

  data = query_fetch_finish (&async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"data\"");
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "\"data\"");
  g_assert_true (_gq_query_options_has_query_func (gq_query_get_options (query)));
  g_assert_cmpuint (fetcher->calls, ==, 1);

  _gq_query_remove_observer (query, observer);
  g_object_unref (query);
  gq_test_async_clear (&async);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should log error when queryKey is not an array */
static void
test_key_not_array (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_test_json ("\"string-key\"");
  g_autoptr(GPtrArray) all = NULL;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "query key must be a JSON array*");
  prefetch_now (&env, options);
  g_test_assert_expected_messages ();

  /* gquery refuses the key instead of fetching under it */
  all = gq_query_cache_get_all (gq_test_cache (&env));
  g_assert_cmpuint (all->len, ==, 0);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_test_env_clear (&env);
}

/* should update initialData when Query exists without data */
static void
test_initial_data_on_existing_query (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) prefetch_options = NULL;
  g_autoptr(GqQueryOptions) observer_options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("initial-existing", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initialData\"");
  GqQueryObserver *observer;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 100;
  fetcher->data = gq_test_json ("\"data\"");
  prefetch_options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (prefetch_options, 1000);
  prefetch (&env, prefetch_options);

  gq_test_advance (&env, 50);
  state = gq_test_state_of (&env, key);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);

  observer_options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (observer_options, 1000);
  gq_query_options_set_initial_data (observer_options, initial);
  gq_query_options_set_initial_data_updated_at (observer_options, 10);
  observer = gq_query_observer_new (env.client, observer_options);
  gq_query_observer_subscribe (observer);

  state = gq_test_state_of (&env, key);
  gq_assert_json (gq_query_state_get_data (state), "\"initialData\"");
  g_assert_cmpint (gq_query_state_get_data_updated_at (state), ==, 10);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);

  gq_test_advance (&env, 50);
  state = gq_test_state_of (&env, key);
  gq_assert_json (gq_query_state_get_data (state), "\"data\"");
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);

  /* resetting gets us back to the initial data */
  _gq_query_reset (gq_test_find_query (&env, key));
  state = gq_test_state_of (&env, key);
  gq_assert_json (gq_query_state_get_data (state), "\"initialData\"");
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (gq_query_state_get_data_updated_at (state), ==, 10);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should not override fetching state when revert happens after new
 * observer subscribes */
static void
test_revert_does_not_override_new_fetch (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) defaulted = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("revert-new-observer", NULL);
  g_autoptr(JsonNode) data1 = NULL;
  g_autoptr(JsonNode) data2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  GqQueryObserver *first;
  GqQueryObserver *second;
  GqTestAsync async1 = { 0 };
  GqTestAsync async2 = { 0 };
  GqQuery *query;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 50;
  fetcher->use_cancellable = TRUE;
  options = gq_test_options_new (key, fetcher);
  defaulted = _gq_query_client_default_query_options (env.client, options);
  hash = gq_key_hash (key);
  query = _gq_query_new (env.client, NULL, key, hash, defaulted, NULL);

  first = gq_query_observer_new (env.client, options);
  _gq_query_add_observer (query, first);
  query_fetch (query, NULL, FALSE, &async1);

  gq_test_advance (&env, 10);

  _gq_query_remove_observer (query, first);

  second = gq_query_observer_new (env.client, options);
  _gq_query_add_observer (query, second);
  query_fetch (query, NULL, FALSE, &async2);

  gq_test_flush (&env);
  data1 = query_fetch_finish (&async1, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==, GQ_FETCH_STATUS_FETCHING);

  gq_test_advance (&env, 50);
  state = gq_query_get_state (query);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (state)), ==, 2);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  data2 = query_fetch_finish (&async2, NULL);
  g_assert_cmpint (gq_test_int (data2), ==, 2);

  _gq_query_remove_observer (query, second);
  g_object_unref (query);
  gq_test_async_clear (&async1);
  gq_test_async_clear (&async2);
  g_clear_object (&first);
  g_clear_object (&second);
  gq_test_env_clear (&env);
}

static void
refetch_result_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gq_test_async_callback (source, result, user_data);
}

/* should not increment dataUpdateCount when setting initialData on
 * prefetched query */
static void
test_initial_data_does_not_count_as_update (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) observer_options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("initial-count", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial-data\"");
  g_autoptr(GqQueryResult) refetched = NULL;
  g_autoptr(GError) error = NULL;
  GqQueryObserver *observer;
  GqQueryResult *result;
  GqQuery *query;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->data = gq_test_json ("\"fetched-data\"");
  options = gq_test_options_new (key, fetcher);
  prefetch (&env, options);

  query = gq_test_find_query (&env, key);
  g_assert_null (gq_query_state_get_data (gq_query_get_state (query)));
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_query_get_state (query)), ==, 0);

  observer_options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (observer_options, initial);
  observer = gq_query_observer_new (env.client, observer_options);

  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "\"initial-data\"");
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_query_get_state (query)), ==, 0);

  result = current (observer);
  gq_assert_json (gq_query_result_get_data (result), "\"initial-data\"");
  g_assert_false (gq_query_result_get_is_fetched_after_mount (result));

  gq_query_observer_refetch_async (observer, GQ_REFETCH_FLAGS_NONE, NULL, refetch_result_cb, &async);
  gq_test_flush (&env);
  g_assert_true (async.done);
  refetched = gq_query_observer_refetch_finish (observer, async.result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_query_get_state (query)), ==, 1);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "\"fetched-data\"");
  g_assert_true (gq_query_result_get_is_fetched_after_mount (current (observer)));
  g_assert_true (gq_query_result_get_is_fetched_after_mount (refetched));

  gq_test_async_clear (&async);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* ---- reducer actions ----------------------------------------------- */

/* "fetch" on a query without data: pending, error cleared */
static void
test_reducer_fetch_without_data (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) failing = NULL;
  g_autoptr(GqTestFetcher) slow = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reducer-fetch", NULL);
  g_autoptr(GqQueryOptions) defaulted = NULL;
  g_autoptr(JsonNode) meta = gq_test_json ("{\"direction\": \"forward\"}");
  GqQueryState *before;
  GqQueryState *state;
  GqQuery *query;

  gq_test_env_init (&env);

  failing = gq_test_fetcher_new (&env);
  failing->fail_always = TRUE;
  options1 = gq_test_options_new (key, failing);
  prefetch_now (&env, options1);
  query = gq_test_find_query (&env, key);

  before = gq_query_get_state (query);
  g_assert_cmpint (gq_query_state_get_status (before), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (before), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_error_updated_at (before)), ==, 0);

  gq_test_advance (&env, 5);

  slow = gq_test_fetcher_new (&env);
  slow->delay = 10;
  options2 = gq_test_options_new (key, slow);
  defaulted = _gq_query_client_default_query_options (env.client, options2);
  _gq_query_fetch (query, defaulted, FALSE, meta, NULL);

  state = gq_query_get_state (query);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_null (gq_query_state_get_error (state));
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 0);
  g_assert_null (gq_query_state_get_fetch_failure_reason (state));
  gq_assert_json (gq_query_state_get_fetch_meta (state), "{\"direction\": \"forward\"}");
  /* what "fetch" does not touch */
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_error_updated_at (state)), ==, 0);
  g_assert_true (gq_query_state_get_is_invalidated (state));
  g_assert_null (gq_query_state_get_data (state));

  gq_test_advance (&env, 10);
  state = gq_query_get_state (query);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (state)), ==, 1);

  gq_test_env_clear (&env);
}

/* "fetch" on a query with data keeps its status and its error */
static void
test_reducer_fetch_with_data (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reducer-fetch-data", NULL);
  GqQueryState *state;
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 0);
  prefetch (&env, options);
  gq_test_advance (&env, 10);
  query = gq_test_find_query (&env, key);

  /* a refetch error: data and an error */
  fetcher->fail_always = TRUE;
  prefetch (&env, options);
  gq_test_advance (&env, 10);
  state = gq_query_get_state (query);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);

  prefetch (&env, options);
  state = gq_query_get_state (query);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  assert_gerror (gq_query_state_get_error (state), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 0);
  g_assert_null (gq_query_state_get_fetch_failure_reason (state));
  g_assert_null (gq_query_state_get_fetch_meta (state));
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (state)), ==, 1);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_query_state_get_error_update_count (gq_query_get_state (query)), ==, 2);

  gq_test_env_clear (&env);
}

/* "failed" sets the failure count and reason, nothing else */
static void
test_reducer_failed (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reducer-failed", NULL);
  g_autoptr(EventLog) log = NULL;
  GqQueryState *state;
  const GError *reason;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_times = 1;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 1);
  gq_query_options_set_retry_delay (options, 10);

  log = event_log_new (&env);
  fetch_query (&env, options, &async);
  /* added, fetch */
  g_assert_cmpuint (log->types->len, ==, 2);
  gq_test_flush (&env);
  g_assert_cmpuint (log->types->len, ==, 3);

  state = gq_test_state_of (&env, key);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);
  reason = gq_query_state_get_fetch_failure_reason (state);
  assert_gerror (reason, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (reason->message, ==, "failure 1");
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_null (gq_query_state_get_error (state));
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 0);
  g_assert_cmpint (gq_query_state_get_error_updated_at (state), ==, 0);

  gq_test_advance (&env, 10);
  g_assert_true (async.done);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 0);
  g_assert_null (gq_query_state_get_fetch_failure_reason (state));
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (state)), ==, 2);
  g_assert_cmpuint (log->types->len, ==, 4);

  g_clear_pointer (&log, event_log_free);
  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* "error" keeps the data, counts, and invalidates */
static void
test_reducer_error (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reducer-error", NULL);
  GqQueryState *before;
  GqQueryState *state;
  JsonNode *data;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);
  before = gq_test_state_of (&env, key);
  data = gq_query_state_get_data (before);
  g_assert_false (gq_query_state_get_is_invalidated (before));

  gq_test_advance (&env, 100);
  fetcher->fail_always = TRUE;
  prefetch_now (&env, options);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  assert_gerror (gq_query_state_get_error (state), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_query_state_get_error (state)->message, ==, "failure 2");
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_error_updated_at (state)), ==, 100);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);
  g_assert_true (gq_query_state_get_fetch_failure_reason (state) != NULL);
  g_assert_cmpstr (gq_query_state_get_fetch_failure_reason (state)->message, ==, "failure 2");
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_true (gq_query_state_get_is_invalidated (state));
  /* the data stays */
  g_assert_true (gq_query_state_get_data (state) == data);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, 0);

  gq_test_env_clear (&env);
}

/* "success" clears error and invalidation, counts, stamps */
static void
test_reducer_success (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reducer-success", NULL);
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_times = 1;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 0);
  prefetch_now (&env, options);
  g_assert_true (gq_query_state_get_is_invalidated (gq_test_state_of (&env, key)));

  gq_test_advance (&env, 250);
  prefetch_now (&env, options);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (state)), ==, 2);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, 250);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);
  g_assert_null (gq_query_state_get_error (state));
  g_assert_false (gq_query_state_get_is_invalidated (state));
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 0);
  g_assert_null (gq_query_state_get_fetch_failure_reason (state));
  /* the error history stays */
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_error_updated_at (state)), ==, 0);

  gq_test_env_clear (&env);
}

/* a manual "success" (setQueryData) during a fetch leaves it fetching */
static void
test_reducer_manual_success_keeps_fetch (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reducer-manual", NULL);
  g_autoptr(JsonNode) manual = gq_test_json ("\"manual\"");
  g_autoptr(JsonNode) stored = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_times = 1;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 1);
  gq_query_options_set_retry_delay (options, 100);
  prefetch (&env, options);
  gq_test_advance (&env, 20);

  /* the first attempt failed, the retry waits */
  state = gq_test_state_of (&env, key);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);

  stored = gq_query_client_set_query_data (env.client, key, manual, 0);
  state = gq_test_state_of (&env, key);
  gq_assert_json (gq_query_state_get_data (state), "\"manual\"");
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, 20);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);
  g_assert_nonnull (gq_query_state_get_fetch_failure_reason (state));

  /* the retry goes on and lands */
  gq_test_advance (&env, 80);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (state)), ==, 2);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 2);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_env_clear (&env);
}

/* "pause" and "continue" only switch the fetch status */
static void
test_reducer_pause_continue (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reducer-pause", NULL);
  g_autoptr(GqQueryState) failed = NULL;
  g_autoptr(GqQueryState) paused = NULL;
  g_autoptr(EventLog) log = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_times = 1;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 1);
  gq_query_options_set_retry_delay (options, 10);
  prefetch (&env, options);
  gq_test_flush (&env);
  failed = gq_query_state_ref (gq_test_state_of (&env, key));
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (failed), ==, 1);

  log = event_log_new (&env);
  gq_online_manager_set_online (env.online, FALSE);
  gq_test_advance (&env, 10);

  /* one "pause" */
  g_assert_cmpuint (log->types->len, ==, 1);
  paused = gq_query_state_ref (gq_test_state_of (&env, key));
  g_assert_cmpint (gq_query_state_get_fetch_status (paused), ==, GQ_FETCH_STATUS_PAUSED);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (paused), ==, 1);
  g_assert_true (gq_query_state_get_fetch_failure_reason (paused) != NULL);
  g_assert_cmpint (gq_query_state_get_status (paused), ==, gq_query_state_get_status (failed));
  g_assert_cmpuint (gq_query_state_get_data_update_count (paused), ==, 0);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_online_manager_set_online (env.online, TRUE);
  /* one "continue": the retry runs at once */
  g_assert_cmpuint (log->types->len, ==, 2);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_flush (&env);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_SUCCESS);

  g_clear_pointer (&log, event_log_free);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* "invalidate" only flags the state */
static void
test_reducer_invalidate (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("reducer-invalidate", NULL);
  g_autoptr(GqQueryState) before = NULL;
  g_autoptr(EventLog) log = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);
  before = gq_query_state_ref (gq_test_state_of (&env, key));

  log = event_log_new (&env);
  filters = gq_query_filters_new (key);
  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_NONE);
  gq_query_client_invalidate_queries (env.client, filters);
  gq_test_flush (&env);

  g_assert_cmpuint (log->types->len, ==, 1);
  state = gq_test_state_of (&env, key);
  g_assert_true (state != before);
  g_assert_true (gq_query_state_get_is_invalidated (state));
  g_assert_true (gq_query_state_get_data (state) == gq_query_state_get_data (before));
  g_assert_cmpint (gq_query_state_get_data_updated_at (state), ==, gq_query_state_get_data_updated_at (before));
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_client_invalidate_queries (env.client, filters);
  g_assert_cmpuint (log->types->len, ==, 1);

  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

/* ---- retries ------------------------------------------------------- */

/* the default retry timeline: 3 retries after 1, 2 and 4 seconds */
static void
test_retry_default_timeline (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("retry-timeline", NULL);
  g_autoptr(GqTestRecorder) recorder = NULL;
  const gsize expected_times[] = { 0, 1000, 3000, 7000 };
  GqQueryObserver *observer;
  GqQueryResult *result;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);

  gq_test_flush (&env);
  g_assert_cmpuint (gq_query_result_get_failure_count (current (observer)), ==, 1);
  g_assert_cmpint (gq_query_result_get_status (current (observer)), ==, GQ_QUERY_STATUS_PENDING);

  gq_test_advance (&env, 999);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  gq_test_advance (&env, 1);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpuint (gq_query_result_get_failure_count (current (observer)), ==, 2);

  gq_test_advance (&env, 1999);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_test_advance (&env, 1);
  g_assert_cmpuint (fetcher->calls, ==, 3);
  g_assert_cmpuint (gq_query_result_get_failure_count (current (observer)), ==, 3);

  gq_test_advance (&env, 3999);
  g_assert_cmpuint (fetcher->calls, ==, 3);
  g_assert_cmpint (gq_query_result_get_fetch_status (current (observer)), ==, GQ_FETCH_STATUS_FETCHING);
  gq_test_advance (&env, 1);
  g_assert_cmpuint (fetcher->calls, ==, 4);

  for (guint i = 0; i < G_N_ELEMENTS (expected_times); i++)
    g_assert_cmpuint (GPOINTER_TO_SIZE (g_ptr_array_index (fetcher->call_times, i)), ==, expected_times[i]);

  result = current (observer);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_result_get_fetch_status (result), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 4);
  g_assert_cmpuint (gq_query_result_get_error_update_count (result), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_result_get_error_updated_at (result)), ==, 7000);
  assert_gerror (gq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_query_result_get_error (result)->message, ==, "failure 4");

  /* announced: fetching, then failure counts 1, 2, 3, then the error */
  g_assert_cmpuint (recorder->results->len, ==, 5);
  for (guint i = 0; i < 4; i++)
    {
      GqQueryResult *r = gq_test_recorder_get (recorder, i);

      g_assert_cmpuint (gq_query_result_get_failure_count (r), ==, i);
      g_assert_cmpint (gq_query_result_get_status (r), ==, GQ_QUERY_STATUS_PENDING);
      g_assert_true (gq_query_result_get_is_fetching (r));
    }
  g_assert_cmpuint (gq_query_result_get_failure_count (gq_test_recorder_get (recorder, 4)), ==, 4);

  state = gq_test_state_of (&env, key);
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 4);

  gq_test_advance (&env, 60000);
  g_assert_cmpuint (fetcher->calls, ==, 4);

  gq_query_observer_unsubscribe (observer);
  g_clear_pointer (&recorder, gq_test_recorder_free);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

typedef struct
{
  GArray *retry_args;
  GArray *delay_args;
} RetryLog;

static gboolean
retry_less_than_two (guint         failure_count,
                     const GError *error,
                     gpointer      user_data)
{
  RetryLog *log = user_data;

  g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_array_append_val (log->retry_args, failure_count);

  return failure_count < 2;
}

static gint64
retry_delay_ten (guint         failure_count,
                 const GError *error,
                 gpointer      user_data)
{
  RetryLog *log = user_data;

  g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_array_append_val (log->delay_args, failure_count);

  return 10;
}

/* retry and retryDelay functions see the number of prior failures */
static void
test_retry_func_arguments (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("retry-func", NULL);
  RetryLog log;
  GqQueryObserver *observer;
  GqQueryState *state;

  gq_test_env_init (&env);
  log.retry_args = g_array_new (FALSE, FALSE, sizeof (guint));
  log.delay_args = g_array_new (FALSE, FALSE, sizeof (guint));

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry_func (options, retry_less_than_two, &log, NULL);
  gq_query_options_set_retry_delay_func (options, retry_delay_ten, &log, NULL);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  gq_test_advance (&env, 100);

  g_assert_cmpuint (fetcher->calls, ==, 3);
  g_assert_cmpuint (GPOINTER_TO_SIZE (g_ptr_array_index (fetcher->call_times, 1)), ==, 10);
  g_assert_cmpuint (GPOINTER_TO_SIZE (g_ptr_array_index (fetcher->call_times, 2)), ==, 20);
  g_assert_cmpuint (log.retry_args->len, ==, 3);
  g_assert_cmpuint (log.delay_args->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (g_array_index (log.retry_args, guint, i), ==, i);
      g_assert_cmpuint (g_array_index (log.delay_args, guint, i), ==, i);
    }

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 3);
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  g_array_unref (log.retry_args);
  g_array_unref (log.delay_args);
}

/* ---- network modes and focus --------------------------------------- */

/* online mode, offline at start: paused without calling the function */
static void
test_network_mode_online_paused (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("mode-online", NULL);
  GqQueryObserver *observer;
  GqQueryResult *result;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 1000);

  result = current (observer);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_result_get_fetch_status (result), ==, GQ_FETCH_STATUS_PAUSED);
  g_assert_true (gq_query_result_get_is_paused (result));
  g_assert_false (gq_query_result_get_is_loading (result));
  g_assert_false (gq_query_result_get_is_fetching (result));
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 0);

  gq_online_manager_set_online (env.online, TRUE);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_true (gq_query_result_get_is_loading (current (observer)));

  gq_test_flush (&env);
  result = current (observer);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_result_get_fetch_status (result), ==, GQ_FETCH_STATUS_IDLE);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* offlineFirst: the first attempt runs, retries wait for the network */
static void
test_network_mode_offline_first (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("mode-offline-first", NULL);
  GqQueryObserver *observer;
  GqQueryResult *result;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_network_mode (options, GQ_NETWORK_MODE_OFFLINE_FIRST);
  gq_query_options_set_retry (options, 2);
  gq_query_options_set_retry_delay (options, 10);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_result_get_fetch_status (current (observer)), ==, GQ_FETCH_STATUS_FETCHING);

  gq_test_advance (&env, 1000);
  result = current (observer);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_result_get_fetch_status (result), ==, GQ_FETCH_STATUS_PAUSED);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 1);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_PENDING);

  gq_online_manager_set_online (env.online, TRUE);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_test_advance (&env, 100);

  result = current (observer);
  g_assert_cmpuint (fetcher->calls, ==, 3);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_result_get_fetch_status (result), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 3);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* always: runs and retries offline; no refetch on reconnect by default */
static void
test_network_mode_always (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("mode-always", NULL);
  g_autoptr(GqTestRecorder) recorder = NULL;
  GqQueryObserver *observer;
  GqQueryResult *result;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_times = 1;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_network_mode (options, GQ_NETWORK_MODE_ALWAYS);
  gq_query_options_set_retry_delay (options, 10);
  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  gq_test_advance (&env, 10);

  result = current (observer);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_test_int (gq_query_result_get_data (result)), ==, 2);
  for (guint i = 0; i < recorder->results->len; i++)
    g_assert_false (gq_query_result_get_is_paused (gq_test_recorder_get (recorder, i)));

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_flush (&env);
  g_assert_true (gq_query_result_get_is_stale (current (observer)));
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_query_observer_unsubscribe (observer);
  g_clear_pointer (&recorder, gq_test_recorder_free);
  g_clear_object (&observer);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* retries wait for the window to be focused, in every network mode */
static void
test_focus_pauses_retries (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("focus-pause", NULL);
  GqQueryObserver *observer;
  GqQueryResult *result;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_focus_manager_set_focused (env.focus, FALSE);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_times = 1;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_network_mode (options, GQ_NETWORK_MODE_ALWAYS);
  gq_query_options_set_retry_delay (options, 10);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  /* an unfocused window does not stop the first attempt */
  g_assert_cmpuint (fetcher->calls, ==, 1);
  gq_test_advance (&env, 10);
  result = current (observer);
  g_assert_cmpint (gq_query_result_get_fetch_status (result), ==, GQ_FETCH_STATUS_PAUSED);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 1);

  gq_test_advance (&env, 10000);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_focus_manager_set_focused (env.focus, TRUE);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpint (gq_query_result_get_fetch_status (current (observer)), ==, GQ_FETCH_STATUS_FETCHING);
  gq_test_flush (&env);

  result = current (observer);
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_test_int (gq_query_result_get_data (result)), ==, 2);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* ---- cancellation -------------------------------------------------- */

/* a reverted cancel restores the state from before the fetch, exactly */
static void
test_cancel_revert_restores_state (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-revert", NULL);
  g_autoptr(GqQueryState) before = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);
  gq_test_advance (&env, 100);

  filters = gq_query_filters_new (key);
  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_NONE);
  gq_query_client_invalidate_queries (env.client, filters);
  gq_test_flush (&env);
  before = gq_query_state_ref (gq_test_state_of (&env, key));

  fetcher->delay = 50;
  fetch_query (&env, options, &async);
  gq_test_advance (&env, 10);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_FETCHING);

  cancel_query (&env, key, GQ_CANCEL_FLAGS_NONE);

  /* synchronously idle again */
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_true (gq_query_state_get_data (state) == gq_query_state_get_data (before));
  g_assert_cmpint (gq_query_state_get_status (state), ==, gq_query_state_get_status (before));
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, gq_query_state_get_data_update_count (before));
  g_assert_cmpint (gq_query_state_get_data_updated_at (state), ==, gq_query_state_get_data_updated_at (before));
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 0);
  g_assert_null (gq_query_state_get_error (state));
  g_assert_true (gq_query_state_get_is_invalidated (state));
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 0);
  g_assert_null (gq_query_state_get_fetch_meta (state));

  /* with data to revert to, the awaited fetch resolves with it */
  gq_test_flush (&env);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  g_assert_true (data == gq_query_state_get_data (before));

  gq_test_advance (&env, 100);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (gq_test_state_of (&env, key))), ==, 1);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* a reverted refetch of a failed query restores its error */
static void
test_cancel_revert_restores_error (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-revert-error", NULL);
  g_autoptr(GqQueryState) failed = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_times = 1;
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);
  failed = gq_query_state_ref (gq_test_state_of (&env, key));
  g_assert_cmpint (gq_query_state_get_status (failed), ==, GQ_QUERY_STATUS_ERROR);

  gq_test_advance (&env, 20);
  fetcher->delay = 50;
  fetch_query (&env, options, &async);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_null (gq_query_state_get_error (state));
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 0);

  gq_test_advance (&env, 10);
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NONE);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_true (gq_query_state_get_error (state) != NULL);
  g_assert_cmpstr (gq_query_state_get_error (state)->message, ==, "failure 1");
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_error_updated_at (state)), ==, 0);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);
  g_assert_cmpstr (gq_query_state_get_fetch_failure_reason (state)->message, ==, "failure 1");
  g_assert_true (gq_query_state_get_is_invalidated (state));

  /* no data to revert to: the awaited fetch is cancelled */
  gq_test_flush (&env);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  gq_test_advance (&env, 100);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* a set_query_data during the fetch is what a revert goes back to */
static void
test_cancel_revert_keeps_set_query_data (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-revert-manual", NULL);
  g_autoptr(JsonNode) optimistic = gq_test_json ("{\"title\": \"optimistic\"}");
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GqQueryState) manual = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->data = gq_test_json ("{\"title\": \"server\"}");
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);

  fetcher->delay = 100;
  prefetch (&env, options);
  gq_test_advance (&env, 30);

  stored = gq_query_client_set_query_data (env.client, key, optimistic, 0);
  manual = gq_query_state_ref (gq_test_state_of (&env, key));
  g_assert_cmpint (gq_query_state_get_fetch_status (manual), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpuint (gq_query_state_get_data_update_count (manual), ==, 2);

  gq_test_advance (&env, 10);
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NONE);

  state = gq_test_state_of (&env, key);
  g_assert_true (gq_query_state_get_data (state) == stored);
  gq_assert_json (gq_query_state_get_data (state), "{\"title\": \"optimistic\"}");
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 2);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, 30);
  g_assert_false (gq_query_state_get_is_invalidated (state));

  /* the cancelled request cannot overwrite it */
  gq_test_advance (&env, 100);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "{\"title\": \"optimistic\"}");
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_env_clear (&env);
}

/* a cancelled initial fetch has nothing to revert to: pending again */
static void
test_cancel_initial_fetch (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-initial", NULL);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EventLog) log = NULL;
  GqTestAsync async = { 0 };
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 50;
  options = gq_test_options_new (key, fetcher);
  fetch_query (&env, options, &async);
  gq_test_advance (&env, 10);

  log = event_log_new (&env);
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NONE);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_null (gq_query_state_get_error (state));
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 0);
  g_assert_null (gq_query_state_get_data (state));
  /* one update: the revert; no error dispatched */
  g_assert_cmpuint (log->types->len, ==, 1);

  gq_test_flush (&env);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  gq_test_advance (&env, 100);
  g_assert_null (gq_query_state_get_data (gq_test_state_of (&env, key)));
  g_assert_cmpuint (fetcher->calls, ==, 1);

  g_clear_pointer (&log, event_log_free);
  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* a cancel without revert ends in error with a cancellation error */
static void
test_cancel_without_revert (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-no-revert", NULL);
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  prefetch_now (&env, options);

  fetcher->delay = 50;
  prefetch (&env, options);
  gq_test_advance (&env, 10);
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NO_REVERT);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  assert_gerror (gq_query_state_get_error (state), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_error_updated_at (state)), ==, 10);
  g_assert_true (gq_query_state_get_is_invalidated (state));
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (state)), ==, 1);

  gq_test_advance (&env, 100);
  g_assert_cmpint (gq_query_state_get_status (gq_test_state_of (&env, key)), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_env_clear (&env);
}

/* a query function that never completes can be cancelled without leaks */
static void
test_cancel_never_completing (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-never", NULL);
  g_autoptr(JsonNode) late = gq_test_json ("\"late\"");
  GqQueryObserver *observer;
  GqFetchContext *context;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->never = TRUE;
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 60000);

  g_assert_cmpuint (fetcher->pending->len, ==, 1);
  context = g_ptr_array_index (fetcher->pending, 0);
  g_assert_cmpint (gq_query_result_get_fetch_status (current (observer)), ==, GQ_FETCH_STATUS_FETCHING);

  cancel_query (&env, key, GQ_CANCEL_FLAGS_NONE);
  g_assert_true (g_cancellable_is_cancelled (gq_fetch_context_get_cancellable (context)));
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);

  /* completing it after all is ignored */
  gq_fetch_context_resolve (context, late);
  gq_test_flush (&env);
  g_assert_null (gq_query_state_get_data (gq_test_state_of (&env, key)));
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_IDLE);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* ---- deduplication and cancel_refetch ------------------------------ */

/* concurrent fetches of one key share one call of the query function */
static void
test_dedupe_concurrent_fetches (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("dedupe", NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  GqQueryObserver *observer;
  GqTestAsync async1 = { 0 };
  GqTestAsync async2 = { 0 };

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  options = gq_test_options_new (key, fetcher);
  fetch_query (&env, options, &async1);
  fetch_query (&env, options, &async2);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_test_advance (&env, 10);
  first = fetch_query_finish (&env, &async1, NULL);
  second = fetch_query_finish (&env, &async2, NULL);
  g_assert_cmpint (gq_test_int (first), ==, 1);
  g_assert_true (first == second);
  g_assert_true (gq_query_result_get_data (current (observer)) == first);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_async_clear (&async1);
  gq_test_async_clear (&async2);
  gq_test_env_clear (&env);
}

/* an initial load is always joined, even by a refetch that cancels */
static void
test_cancel_refetch_initial_load_dedupes (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-refetch-initial", NULL);
  g_autoptr(GqQueryResult) refetched = NULL;
  GqQueryObserver *observer;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 5);

  gq_query_observer_refetch_async (observer, GQ_REFETCH_FLAGS_NONE, NULL, gq_test_async_callback, &async);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_test_advance (&env, 5);
  g_assert_true (async.done);
  refetched = gq_query_observer_refetch_finish (observer, async.result, NULL);
  g_assert_cmpint (gq_test_int (gq_query_result_get_data (refetched)), ==, 1);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  gq_test_async_clear (&async);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* with data, a refetch cancels the running fetch and takes its waiters */
static void
test_cancel_refetch_with_data_restarts (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-refetch-data", NULL);
  g_autoptr(GqQueryResult) first = NULL;
  g_autoptr(GqQueryResult) second = NULL;
  GqQueryObserver *observer;
  GqTestAsync async1 = { 0 };
  GqTestAsync async2 = { 0 };

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_refetch_async (observer, GQ_REFETCH_FLAGS_NONE, NULL, gq_test_async_callback, &async1);
  gq_test_advance (&env, 5);
  gq_query_observer_refetch_async (observer, GQ_REFETCH_FLAGS_NONE, NULL, gq_test_async_callback, &async2);
  g_assert_cmpuint (fetcher->calls, ==, 3);
  g_assert_false (async1.done);

  /* the cancelled fetch would have ended here */
  gq_test_advance (&env, 5);
  g_assert_false (async1.done);
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (gq_test_state_of (&env, key))), ==, 1);

  gq_test_advance (&env, 5);
  g_assert_true (async1.done);
  g_assert_true (async2.done);
  first = gq_query_observer_refetch_finish (observer, async1.result, NULL);
  second = gq_query_observer_refetch_finish (observer, async2.result, NULL);
  g_assert_cmpint (gq_test_int (gq_query_result_get_data (first)), ==, 3);
  g_assert_cmpint (gq_test_int (gq_query_result_get_data (second)), ==, 3);
  g_assert_cmpuint (gq_query_state_get_data_update_count (gq_test_state_of (&env, key)), ==, 2);

  gq_query_observer_unsubscribe (observer);
  gq_test_async_clear (&async1);
  gq_test_async_clear (&async2);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* GQ_REFETCH_FLAGS_NO_CANCEL joins the running fetch */
static void
test_refetch_no_cancel_joins (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("refetch-no-cancel", NULL);
  g_autoptr(GqQueryResult) joined = NULL;
  GqQueryObserver *observer;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);

  gq_query_observer_refetch (observer);
  gq_test_advance (&env, 5);
  gq_query_observer_refetch_async (observer, GQ_REFETCH_FLAGS_NO_CANCEL, NULL, gq_test_async_callback, &async);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_advance (&env, 5);
  g_assert_true (async.done);
  joined = gq_query_observer_refetch_finish (observer, async.result, NULL);
  g_assert_cmpint (gq_test_int (gq_query_result_get_data (joined)), ==, 2);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_query_observer_unsubscribe (observer);
  gq_test_async_clear (&async);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* ---- garbage collection -------------------------------------------- */

/* an unused query goes exactly when its gc time has passed */
static void
test_gc_exact_time (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("gc-exact", NULL);
  GqQueryObserver *observer;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  g_assert_cmpint (gq_query_get_gc_time (gq_test_find_query (&env, key)), ==, 300000);

  /* observed: never collected */
  gq_test_advance (&env, 1000000);
  g_assert_nonnull (gq_test_find_query (&env, key));

  gq_query_observer_unsubscribe (observer);
  gq_test_advance (&env, 299999);
  g_assert_nonnull (gq_test_find_query (&env, key));
  gq_test_advance (&env, 1);
  g_assert_null (gq_test_find_query (&env, key));

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* GQ_TIME_INFINITE keeps a query forever */
static void
test_gc_infinite (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) shorter = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("gc-infinite", NULL);
  GqQueryObserver *observer;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, GQ_TIME_INFINITE);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  gq_query_observer_unsubscribe (observer);

  /* a later, shorter gc time does not shrink it */
  shorter = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (shorter, 10);
  prefetch_now (&env, shorter);
  g_assert_cmpint (gq_query_get_gc_time (gq_test_find_query (&env, key)), ==, GQ_TIME_INFINITE);

  gq_test_advance (&env, G_GINT64_CONSTANT (10) * 365 * 24 * 3600 * 1000);
  g_assert_nonnull (gq_test_find_query (&env, key));
  g_assert_cmpuint (fetcher->calls, ==, 2);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* the last observer leaving a fetch that cannot be aborted lets it finish
 * and fill the cache, but stops its retries */
static void
test_last_observer_leaves_no_retry (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("leave-no-retry", NULL);
  GqQueryObserver *observer;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 5);
  gq_query_observer_unsubscribe (observer);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_FETCHING);

  gq_test_advance (&env, 5);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);

  gq_test_advance (&env, 100000);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* the last observer leaving a fetch that uses its cancellable aborts it
 * and reverts */
static void
test_last_observer_leaves_aborts (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("leave-abort", NULL);
  g_autoptr(GqQueryState) before = NULL;
  GqQueryObserver *observer;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  fetcher->use_cancellable = TRUE;
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);
  before = gq_query_state_ref (gq_test_state_of (&env, key));

  gq_query_observer_refetch (observer);
  gq_test_advance (&env, 5);
  gq_query_observer_unsubscribe (observer);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_true (gq_query_state_get_data (state) == gq_query_state_get_data (before));
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);

  gq_test_advance (&env, 100);
  g_assert_cmpint (gq_test_int (gq_query_state_get_data (gq_test_state_of (&env, key))), ==, 1);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* undefined data is an error that is not retried */
static void
test_undefined_data_not_retried (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("undefined-no-retry", NULL);
  GqQueryObserver *observer;
  GqQueryState *state;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->resolve_null = TRUE;
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);

  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, "Query data cannot be undefined*");
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 60000);
  g_test_assert_expected_messages ();

  state = gq_test_state_of (&env, key);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  assert_gerror (gq_query_state_get_error (state), GQ_ERROR, GQ_ERROR_UNDEFINED_DATA);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 1);
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 1);

  /* JSON null is data */
  json_set (&fetcher->data, "null");
  fetcher->resolve_null = FALSE;
  gq_query_observer_refetch (observer);
  gq_test_flush (&env);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_true (JSON_NODE_HOLDS_NULL (gq_query_state_get_data (state)));

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* ---- initial data -------------------------------------------------- */

/* initial data is cache data: success, not counted as fetched */
static void
test_initial_data_state (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("initial-state", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("[1, 2]");
  GqQueryObserver *observer;
  GqQueryResult *result;
  GqQueryState *state;

  gq_test_env_init (&env);
  gq_test_advance (&env, 500);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);
  gq_query_options_set_stale_time (options, 1000);
  observer = gq_query_observer_new (env.client, options);

  state = gq_test_state_of (&env, key);
  g_assert_true (gq_query_state_get_data (state) == initial);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 0);
  g_assert_cmpint (gq_test_rel (gq_query_state_get_data_updated_at (state)), ==, 500);

  /* fresh: no fetch on mount, stale 1 ms after the stale time */
  gq_query_observer_subscribe (observer);
  result = current (observer);
  g_assert_false (gq_query_result_get_is_fetched (result));
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_test_advance (&env, 1000);
  g_assert_false (gq_query_result_get_is_stale (current (observer)));
  gq_test_advance (&env, 1);
  g_assert_true (gq_query_result_get_is_stale (current (observer)));
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* stale initial data is refetched on mount */
static void
test_initial_data_stale_fetches (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("initial-stale", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  GqQueryObserver *observer;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);
  gq_query_options_set_initial_data_updated_at (options, GQ_TEST_START_TIME - 1500);
  gq_query_options_set_stale_time (options, 1000);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_true (gq_query_result_get_is_refetching (current (observer)));
  gq_test_flush (&env);
  g_assert_cmpint (gq_test_int (gq_query_result_get_data (current (observer))), ==, 1);
  g_assert_true (gq_query_result_get_is_fetched (current (observer)));

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* Query functions may work on another thread; the engine hears of the
 * completion on the client's main context. */
static void
fetch_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GqFetchContext *context = task_data;
  g_autoptr(JsonNode) node = gq_json_parse ("{\"from\": \"thread\"}", -1, NULL);

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  gq_fetch_context_resolve (context, node);
  g_task_return_boolean (task, TRUE);
}

static void
threaded_query_func (GqFetchContext *context,
                     gpointer        user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  guint *calls = user_data;

  (*calls)++;
  g_task_set_task_data (task, g_object_ref (context), g_object_unref);
  g_task_run_in_thread (task, fetch_in_thread);
}

static void
test_query_func_completes_on_another_thread (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("threaded", NULL);
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  guint calls = 0;
  gint64 deadline;

  gq_test_env_init (&env);
  options = gq_query_options_new (key);
  gq_query_options_set_query_func (options, threaded_query_func, &calls, NULL);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  /* The worker thread completes in real time: wait for it on the main
   * context, bounded, without touching the engine's clock. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (gq_query_state_get_status (gq_query_get_state (gq_query_observer_get_query (observer))) ==
         GQ_QUERY_STATUS_PENDING &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  result = gq_query_observer_get_current_result (observer);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_true (gq_query_result_get_is_success (result));
  gq_assert_json (gq_query_result_get_data (result), "{\"from\": \"thread\"}");
  g_assert_cmpint (gq_query_result_get_data_updated_at (result), ==, GQ_TEST_START_TIME);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* TanStack keeps data set by hand while a fetch runs as the state a
 * cancellation reverts to; set before the fetch, the fetch's own start
 * state holds it. */
static void
test_cancel_revert_to_manual_data (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cancel-revert-manual", NULL);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryState *state;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 50;
  options = gq_test_options_new (key, fetcher);

  /* set by hand before the fetch */
  gq_test_set_data (&env, key, "\"before\"");
  fetch_query (&env, options, &async);
  gq_test_advance (&env, 10);
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NONE);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  gq_assert_json (gq_query_state_get_data (state), "\"before\"");
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 1);
  gq_test_flush (&env);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"before\"");
  g_clear_pointer (&data, json_node_unref);
  gq_test_async_clear (&async);

  /* set by hand while the fetch runs; its first attempt then fails */
  gq_query_options_set_retry (options, 1);
  gq_query_options_set_retry_delay (options, 100);
  fetcher->fail_times = fetcher->calls + 1;
  fetch_query (&env, options, &async);
  gq_test_advance (&env, 10);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_FETCHING);
  gq_test_set_data (&env, key, "\"during\"");
  gq_test_advance (&env, 50);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (gq_test_state_of (&env, key)), ==, 1);
  cancel_query (&env, key, GQ_CANCEL_FLAGS_NONE);
  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
  gq_assert_json (gq_query_state_get_data (state), "\"during\"");
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 2);
  /* the state the manual update made, from before the failure */
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 0);
  gq_test_flush (&env);
  data = fetch_query_finish (&env, &async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"during\"");
  gq_test_async_clear (&async);

  gq_test_advance (&env, 100);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "\"during\"");
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_test_state_of (&env, key)), ==, GQ_FETCH_STATUS_IDLE);

  gq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* ported from query.test.tsx */
  g_test_add_func ("/Gq/Query/gc-time-longest", test_gc_time_longest);
  g_test_add_func ("/Gq/Query/continue-retry-after-focus-regain", test_continue_retry_after_focus_regain);
  g_test_add_func ("/Gq/Query/continue-retry-after-reconnect", test_continue_retry_after_reconnect);
  g_test_add_func ("/Gq/Query/paused-query-cancelled", test_paused_query_cancelled);
  g_test_add_func ("/Gq/Query/cancel-paused-initial-fetch-on-unsubscribe", test_cancel_paused_initial_fetch_on_unsubscribe);
  g_test_add_func ("/Gq/Query/fetch-query-in-progress-last-observer-unsubscribes", test_fetch_query_in_progress_last_observer_unsubscribes);
  g_test_add_func ("/Gq/Query/provide-context-to-query-func", test_provide_context_to_query_func);
  g_test_add_func ("/Gq/Query/continue-if-cancellable-not-used", test_continue_if_cancellable_not_used);
  g_test_add_func ("/Gq/Query/not-continue-if-cancellable-used", test_not_continue_if_cancellable_used);
  g_test_add_func ("/Gq/Query/cancellable-reports-cancellation", test_cancellable_reports_cancellation);
  g_test_add_func ("/Gq/Query/not-continue-if-explicitly-cancelled", test_not_continue_if_explicitly_cancelled);
  g_test_add_func ("/Gq/Query/reset-while-pending", test_reset_while_pending);
  g_test_add_func ("/Gq/Query/refetch-cancelled-query", test_refetch_cancelled_query);
  g_test_add_func ("/Gq/Query/cancel-resolved-query", test_cancel_resolved_query);
  g_test_add_func ("/Gq/Query/cancel-rejected-query", test_cancel_rejected_query);
  g_test_add_func ("/Gq/Query/previous-status-kept-when-refetching", test_previous_status_kept_when_refetching);
  g_test_add_func ("/Gq/Query/gc-time-zero-removed-after-unsubscribe", test_gc_time_zero_removed_after_unsubscribe);
  g_test_add_func ("/Gq/Query/gc-when-unsubscribed", test_gc_when_unsubscribed);
  g_test_add_func ("/Gq/Query/gc-later-when-fetching", test_gc_later_when_fetching);
  g_test_add_func ("/Gq/Query/not-gc-unless-no-subscribers", test_not_gc_unless_no_subscribers);
  g_test_add_func ("/Gq/Query/observer-count", test_observer_count);
  g_test_add_func ("/Gq/Query/meta-stored", test_meta_stored);
  g_test_add_func ("/Gq/Query/meta-updated", test_meta_updated);
  g_test_add_func ("/Gq/Query/meta-default", test_meta_default);
  g_test_add_func ("/Gq/Query/meta-in-query-func", test_meta_in_query_func);
  g_test_add_func ("/Gq/Query/refetch-observer-on-online", test_refetch_observer_on_online);
  g_test_add_func ("/Gq/Query/not-add-existing-observer", test_not_add_existing_observer);
  g_test_add_func ("/Gq/Query/not-remove-missing-observer", test_not_remove_missing_observer);
  g_test_add_func ("/Gq/Query/notify-remaining-observers", test_notify_remaining_observers);
  g_test_add_func ("/Gq/Query/invalidate-twice-keeps-state", test_invalidate_twice_keeps_state);
  g_test_add_func ("/Gq/Query/fetch-no-dispatch-when-fetching", test_fetch_no_dispatch_when_fetching);
  g_test_add_func ("/Gq/Query/missing-query-func", test_missing_query_func);
  g_test_add_func ("/Gq/Query/undefined-data-is-error", test_undefined_data_is_error);
  g_test_add_func ("/Gq/Query/initial-data-updated-at-old", test_initial_data_updated_at_old);
  g_test_add_func ("/Gq/Query/gc-never-fetched", test_gc_never_fetched);
  g_test_add_func ("/Gq/Query/always-revert-to-idle", test_always_revert_to_idle);
  g_test_add_func ("/Gq/Query/silent-cancel-does-not-reject", test_silent_cancel_does_not_reject);
  g_test_add_func ("/Gq/Query/query-func-from-observer", test_query_func_from_observer);
  g_test_add_func ("/Gq/Query/key-not-array", test_key_not_array);
  g_test_add_func ("/Gq/Query/initial-data-on-existing-query", test_initial_data_on_existing_query);
  g_test_add_func ("/Gq/Query/revert-does-not-override-new-fetch", test_revert_does_not_override_new_fetch);
  g_test_add_func ("/Gq/Query/initial-data-does-not-count-as-update", test_initial_data_does_not_count_as_update);

  /* reducer */
  g_test_add_func ("/Gq/Query/reducer/fetch-without-data", test_reducer_fetch_without_data);
  g_test_add_func ("/Gq/Query/reducer/fetch-with-data", test_reducer_fetch_with_data);
  g_test_add_func ("/Gq/Query/reducer/failed", test_reducer_failed);
  g_test_add_func ("/Gq/Query/reducer/error", test_reducer_error);
  g_test_add_func ("/Gq/Query/reducer/success", test_reducer_success);
  g_test_add_func ("/Gq/Query/reducer/manual-success-keeps-fetch", test_reducer_manual_success_keeps_fetch);
  g_test_add_func ("/Gq/Query/reducer/pause-continue", test_reducer_pause_continue);
  g_test_add_func ("/Gq/Query/reducer/invalidate", test_reducer_invalidate);

  /* retries, network, focus */
  g_test_add_func ("/Gq/Query/retry-default-timeline", test_retry_default_timeline);
  g_test_add_func ("/Gq/Query/retry-func-arguments", test_retry_func_arguments);
  g_test_add_func ("/Gq/Query/network-mode-online-paused", test_network_mode_online_paused);
  g_test_add_func ("/Gq/Query/network-mode-offline-first", test_network_mode_offline_first);
  g_test_add_func ("/Gq/Query/network-mode-always", test_network_mode_always);
  g_test_add_func ("/Gq/Query/focus-pauses-retries", test_focus_pauses_retries);

  /* cancellation */
  g_test_add_func ("/Gq/Query/cancel-revert-restores-state", test_cancel_revert_restores_state);
  g_test_add_func ("/Gq/Query/cancel-revert-to-manual-data", test_cancel_revert_to_manual_data);
  g_test_add_func ("/Gq/Query/cancel-revert-restores-error", test_cancel_revert_restores_error);
  g_test_add_func ("/Gq/Query/cancel-revert-keeps-set-query-data", test_cancel_revert_keeps_set_query_data);
  g_test_add_func ("/Gq/Query/cancel-initial-fetch", test_cancel_initial_fetch);
  g_test_add_func ("/Gq/Query/cancel-without-revert", test_cancel_without_revert);
  g_test_add_func ("/Gq/Query/cancel-never-completing", test_cancel_never_completing);

  /* dedupe */
  g_test_add_func ("/Gq/Query/dedupe-concurrent-fetches", test_dedupe_concurrent_fetches);
  g_test_add_func ("/Gq/Query/cancel-refetch-initial-load-dedupes", test_cancel_refetch_initial_load_dedupes);
  g_test_add_func ("/Gq/Query/cancel-refetch-with-data-restarts", test_cancel_refetch_with_data_restarts);
  g_test_add_func ("/Gq/Query/refetch-no-cancel-joins", test_refetch_no_cancel_joins);

  /* gc and observers leaving */
  g_test_add_func ("/Gq/Query/gc-exact-time", test_gc_exact_time);
  g_test_add_func ("/Gq/Query/gc-infinite", test_gc_infinite);
  g_test_add_func ("/Gq/Query/last-observer-leaves-no-retry", test_last_observer_leaves_no_retry);
  g_test_add_func ("/Gq/Query/last-observer-leaves-aborts", test_last_observer_leaves_aborts);

  /* data */
  g_test_add_func ("/Gq/Query/undefined-data-not-retried", test_undefined_data_not_retried);
  g_test_add_func ("/Gq/Query/initial-data-state", test_initial_data_state);
  g_test_add_func ("/Gq/Query/initial-data-stale-fetches", test_initial_data_stale_fetches);
  g_test_add_func ("/Gq/Query/query-func-completes-on-another-thread", test_query_func_completes_on_another_thread);

  ret = g_test_run ();
  g_clear_pointer (&last_current, gq_query_result_unref);

  return ret;
}
