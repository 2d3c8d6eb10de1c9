/* test-query-observer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A port of TanStack Query's queryObserver.test.tsx, plus the observer
 * behaviour of the semantics reference (§2.10–2.12): result fields as
 * properties, the result sequences, stale timers, refetch triggers,
 * select, placeholder and initial data.
 *
 * TanStack's listeners are synchronous; a GqQueryObserver announces its
 * result with one ::changed per main-loop iteration. Where the upstream
 * test pushes every listener call into an array, these tests record the
 * ::changed results (GqTestRecorder) and flush the main context where
 * upstream awaits. */

#include <string.h>

#include "gq-test-util.h"

/* ---- helpers ----------------------------------------------------------- */

#define assert_data(node, text) G_STMT_START { \
  const char *__text = (text); \
  if (__text == NULL) \
    g_assert_null ((node)); \
  else \
    gq_assert_json ((node), __text); \
} G_STMT_END

#define assert_result(result, st, fst, text) G_STMT_START { \
  GqQueryResult *__r = (result); \
  g_assert_nonnull (__r); \
  g_assert_cmpint (gq_query_result_get_status (__r), ==, (st)); \
  g_assert_cmpint (gq_query_result_get_fetch_status (__r), ==, (fst)); \
  assert_data (gq_query_result_get_data (__r), (text)); \
} G_STMT_END

#define assert_current(observer, st, fst, text) G_STMT_START { \
  g_autoptr(GqQueryResult) __current = gq_query_observer_get_current_result ((observer)); \
  assert_result (__current, st, fst, text); \
} G_STMT_END

#define PENDING GQ_QUERY_STATUS_PENDING
#define SUCCESS GQ_QUERY_STATUS_SUCCESS
#define ERROR   GQ_QUERY_STATUS_ERROR
#define IDLE     GQ_FETCH_STATUS_IDLE
#define FETCHING GQ_FETCH_STATUS_FETCHING
#define PAUSED   GQ_FETCH_STATUS_PAUSED

static GqQueryResult *
current (GqQueryObserver *observer)
{
  return gq_query_observer_get_current_result (observer);
}

/* Replaces *@result with the observer's current result. */
static GqQueryResult *
refresh (GqQueryResult   **result,
         GqQueryObserver  *observer)
{
  g_clear_pointer (result, gq_query_result_unref);
  *result = gq_query_observer_get_current_result (observer);
  return *result;
}

static guint
n_results (GqTestRecorder *recorder)
{
  return recorder->results->len;
}

static void
set_fetcher_data (GqTestFetcher *fetcher,
                  const char    *text)
{
  g_clear_pointer (&fetcher->data, json_node_unref);
  if (text != NULL)
    fetcher->data = gq_test_json (text);
}

static gint64
call_time (GqTestFetcher *fetcher,
           guint          index)
{
  g_assert_cmpuint (index, <, fetcher->call_times->len);
  return (gint64) GPOINTER_TO_SIZE (g_ptr_array_index (fetcher->call_times, index));
}

static JsonNode *
fetch_query_and_wait (GqTestEnv      *env,
                      GqQueryOptions *options)
{
  GqTestAsync async = { 0 };
  g_autoptr(GError) error = NULL;
  JsonNode *data;

  gq_query_client_fetch_query_async (env->client, options, NULL, gq_test_async_callback, &async);
  gq_test_await (env, &async);
  data = gq_query_client_fetch_query_finish (env->client, async.result, &error);
  g_assert_no_error (error);
  gq_test_async_clear (&async);

  return data;
}

static void
invalidate (GqTestEnv     *env,
            JsonNode      *key,
            GqRefetchType  refetch_type)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);

  gq_query_filters_set_refetch_type (filters, refetch_type);
  gq_query_client_invalidate_queries (env->client, filters);
}

/* Records, for each ::changed, the sorted names of the properties notified
 * since the previous one. */
typedef struct
{
  GqQueryObserver *observer;
  GPtrArray       *names;
  GPtrArray       *iterations;
  gulong           notify_handler;
  gulong           changed_handler;
} NotifyLog;

static void
notify_log_on_notify (GObject    *object,
                      GParamSpec *pspec,
                      NotifyLog  *log)
{
  g_ptr_array_add (log->names, (gpointer) g_param_spec_get_name (pspec));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
notify_log_take_names (NotifyLog *log)
{
  GString *s = g_string_new (NULL);

  g_ptr_array_sort (log->names, compare_names);
  for (guint i = 0; i < log->names->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append (s, g_ptr_array_index (log->names, i));
    }
  g_ptr_array_set_size (log->names, 0);

  return g_string_free (s, FALSE);
}

static void
notify_log_on_changed (GqQueryObserver *observer,
                       GqQueryResult   *result,
                       NotifyLog       *log)
{
  g_ptr_array_add (log->iterations, notify_log_take_names (log));
}

static NotifyLog *
notify_log_new (GqQueryObserver *observer)
{
  NotifyLog *log = g_new0 (NotifyLog, 1);

  log->observer = g_object_ref (observer);
  log->names = g_ptr_array_new ();
  log->iterations = g_ptr_array_new_with_free_func (g_free);
  log->notify_handler = g_signal_connect (observer, "notify", G_CALLBACK (notify_log_on_notify), log);
  log->changed_handler = g_signal_connect (observer, "changed", G_CALLBACK (notify_log_on_changed), log);

  return log;
}

static void
notify_log_free (NotifyLog *log)
{
  g_clear_signal_handler (&log->notify_handler, log->observer);
  g_clear_signal_handler (&log->changed_handler, log->observer);
  g_clear_object (&log->observer);
  g_ptr_array_unref (log->names);
  g_ptr_array_unref (log->iterations);
  g_free (log);
}

static const char *
notify_log_get (NotifyLog *log,
                guint      index)
{
  g_assert_cmpuint (index, <, log->iterations->len);
  return g_ptr_array_index (log->iterations, index);
}

/* Select functions */

typedef struct
{
  guint      calls;
  JsonNode  *fixed;
  GPtrArray *inputs;
} Selector;

static void
selector_clear (Selector *s)
{
  g_clear_pointer (&s->fixed, json_node_unref);
  g_clear_pointer (&s->inputs, g_ptr_array_unref);
}

static void
selector_record (Selector *s,
                 JsonNode *data)
{
  s->calls++;
  if (s->inputs == NULL)
    s->inputs = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (s->inputs, gq_test_dump (data));
}

/* {"count": n} -> {"myCount": n} */
static JsonNode *
select_my_count (JsonNode *data,
                 gpointer  user_data)
{
  g_autofree char *text = NULL;

  selector_record (user_data, data);
  text = g_strdup_printf ("{\"myCount\": %" G_GINT64_FORMAT "}",
                          json_object_get_int_member (json_node_get_object (data), "count"));

  return gq_test_json (text);
}

/* Always {"myCount": 99}, a new node each time. */
static JsonNode *
select_ninety_nine (JsonNode *data,
                    gpointer  user_data)
{
  selector_record (user_data, data);

  return gq_test_json ("{\"myCount\": 99}");
}

/* Always {"myCount": 1}, a new node each time. */
static JsonNode *
select_one (JsonNode *data,
            gpointer  user_data)
{
  selector_record (user_data, data);

  return gq_test_json ("{\"myCount\": 1}");
}

/* The selector's fixed node itself. */
static JsonNode *
select_fixed (JsonNode *data,
              gpointer  user_data)
{
  Selector *s = user_data;

  selector_record (s, data);

  return json_node_ref (s->fixed);
}

/* {"value": v} -> v */
static JsonNode *
select_value (JsonNode *data,
              gpointer  user_data)
{
  selector_record (user_data, data);

  return json_node_ref (json_object_get_member (json_node_get_object (data), "value"));
}

/* Placeholder functions */

typedef struct
{
  guint      calls;
  GPtrArray *previous_keys;
} PlaceholderLog;

static void
placeholder_log_clear (PlaceholderLog *log)
{
  g_clear_pointer (&log->previous_keys, g_ptr_array_unref);
}

/* keepPreviousData, logging the previous query's key */
static JsonNode *
placeholder_previous (JsonNode *previous_data,
                      GqQuery  *previous_query,
                      gpointer  user_data)
{
  PlaceholderLog *log = user_data;

  log->calls++;
  if (log->previous_keys == NULL)
    log->previous_keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (log->previous_keys,
                   previous_query ? gq_test_dump (gq_query_get_query_key (previous_query))
                                  : g_strdup ("null"));

  return previous_data ? json_node_ref (previous_data) : NULL;
}

/* Duration functions */

typedef struct
{
  guint    calls;
  GqQuery *last_query;
  gint64   value;
} DurationFunc;

static gint64
duration_func (GqQuery  *query,
               gpointer  user_data)
{
  DurationFunc *d = user_data;

  d->calls++;
  d->last_query = query;

  return d->value;
}

/* staleTime: (query) => query.state.data?.staleTime ?? 0 */
static gint64
stale_time_from_data (GqQuery  *query,
                      gpointer  user_data)
{
  JsonNode *data = gq_query_state_get_data (gq_query_get_state (query));

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data) &&
      json_object_has_member (json_node_get_object (data), "staleTime"))
    return json_object_get_int_member (json_node_get_object (data), "staleTime");

  return 0;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Cache events */

typedef struct
{
  GqCacheEventType  type;
  GqQuery          *query;
  GObject          *observer;
} CacheEvent;

static void
on_cache_event (GqQueryCache     *cache,
                GqCacheEventType  type,
                GqQuery          *query,
                GObject          *observer,
                GArray           *events)
{
  CacheEvent event = { type, query, observer };

  g_array_append_val (events, event);
}

/* ---- queryObserver.test.tsx -------------------------------------------- */

/* should trigger a fetch when subscribed */
static void
test_trigger_fetch_when_subscribed (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "trigger", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  gq_query_observer_subscribe (observer);
  gq_query_observer_unsubscribe (observer);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should go through a pending state even when the queryFn returns
 * synchronously */
static void
test_pending_state_with_synchronous_query_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "sync", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  /* The function resolved from inside itself, yet the result is still
   * fetching: the completion comes in a later iteration. */
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current (observer, PENDING, FETCHING, NULL);

  gq_test_advance (&env, 0);
  assert_current (observer, SUCCESS, IDLE, "\"data\"");

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should be able to read latest data after subscribing */
static void
test_read_latest_data_after_subscribing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "latest", NULL);
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "\"data\"");
  options = gq_query_options_new (key);
  gq_query_options_set_enabled (options, FALSE);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  assert_current (observer, SUCCESS, IDLE, "\"data\"");

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* "enabled is a callback that initially returns false": gquery's enabled is
 * a boolean, so toggling it is a set_options. The shared setup: stale time
 * Infinity, a 10 ms query function, disabled. */
static GqQueryOptions *
disabled_options_new (JsonNode      *key,
                      GqTestFetcher *fetcher)
{
  GqQueryOptions *options = gq_test_options_new (key, fetcher);

  fetcher->delay = 10;
  set_fetcher_data (fetcher, "\"data\"");
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  gq_query_options_set_enabled (options, FALSE);

  return options;
}

static GqQueryOptions *
with_enabled (GqQueryOptions *options,
              gboolean        enabled)
{
  GqQueryOptions *copy = gq_query_options_copy (options);

  gq_query_options_set_enabled (copy, enabled);

  return copy;
}

/* enabled false: should not fetch on mount */
static void
test_disabled_no_fetch_on_mount (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "disabled-mount", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = disabled_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  g_assert_cmpuint (fetcher->calls, ==, 0);
  assert_current (observer, PENDING, IDLE, NULL);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* enabled false: should not be re-fetched when invalidated with
 * refetchType: all */
static void
test_disabled_not_refetched_by_invalidate_all (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "disabled-invalidate", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = disabled_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  invalidate (&env, key, GQ_REFETCH_TYPE_ALL);

  g_assert_cmpuint (fetcher->calls, ==, 0);
  assert_current (observer, PENDING, IDLE, NULL);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* enabled false: should still trigger a fetch when refetch is called */
static void
test_disabled_refetch_still_fetches (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "disabled-refetch", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = disabled_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  gq_query_observer_refetch (observer);
  assert_current (observer, PENDING, FETCHING, NULL);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current (observer, SUCCESS, IDLE, "\"data\"");

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* enabled false: should fetch if unsubscribed, then enabled returns true,
 * and then re-subscribed */
static void
test_disabled_fetch_when_resubscribed_enabled (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "disabled-resubscribe", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) enabled = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = disabled_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  assert_current (observer, PENDING, IDLE, NULL);
  gq_query_observer_unsubscribe (observer);

  enabled = with_enabled (options, TRUE);
  gq_query_observer_set_options (observer, enabled);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_query_observer_subscribe (observer);
  assert_current (observer, PENDING, FETCHING, NULL);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current (observer, SUCCESS, IDLE, "\"data\"");

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* enabled false: should not be re-fetched if not subscribed to after
 * enabled was toggled to true (fetchStatus: "idle") */
static void
test_disabled_enabled_while_unsubscribed_not_refetched (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "disabled-unsubscribed", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) enabled = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = disabled_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_query_observer_unsubscribe (observer);

  /* enabling a subscribed observer fetches at once (see
   * enable-fetches-if-stale), so the toggle happens unsubscribed */
  enabled = with_enabled (options, TRUE);
  gq_query_observer_set_options (observer, enabled);

  invalidate (&env, key, GQ_REFETCH_TYPE_ACTIVE);

  assert_current (observer, PENDING, IDLE, NULL);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* enabled false: should not be re-fetched if not subscribed to after
 * enabled was toggled to true (fetchStatus: "fetching"): here subscribed,
 * the enabled observer's query is active and fetched exactly once */
static void
test_disabled_enable_while_subscribed_fetches_once (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "disabled-enable-fetching", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) enabled = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = disabled_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  enabled = with_enabled (options, TRUE);
  gq_query_observer_set_options (observer, enabled);
  invalidate (&env, key, GQ_REFETCH_TYPE_ACTIVE);

  /* the invalidation's refetch joins the initial load */
  assert_current (observer, PENDING, FETCHING, NULL);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current (observer, SUCCESS, IDLE, "\"data\"");

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* enabled false: should handle that the enabled callback updates the
 * return value (refetch types active / inactive follow enabled) */
static void
test_enabled_toggle_invalidate_refetch_type (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "enabled-toggle", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) enabled = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = disabled_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  enabled = with_enabled (options, TRUE);
  gq_query_observer_set_options (observer, enabled);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  /* active now: an "inactive" refetch leaves it alone */
  invalidate (&env, key, GQ_REFETCH_TYPE_INACTIVE);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  invalidate (&env, key, GQ_REFETCH_TYPE_ACTIVE);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  /* disabled again: not active, so an "active" refetch skips it */
  gq_query_observer_set_options (observer, options);
  invalidate (&env, key, GQ_REFETCH_TYPE_ACTIVE);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should be able to read latest data when re-subscribing (but not
 * re-fetching) */
static void
test_read_latest_data_when_resubscribing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "resubscribe", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) cached = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  /* unsubscribe before the data comes in: the fetch goes on */
  gq_query_observer_unsubscribe (observer);
  assert_current (observer, PENDING, FETCHING, NULL);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  cached = gq_query_client_get_query_data (env.client, key);
  gq_assert_json (cached, "\"data\"");

  /* re-subscribe after the data came in: fresh, no refetch */
  gq_query_observer_subscribe (observer);
  assert_current (observer, SUCCESS, IDLE, "\"data\"");
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should notify when switching query */
static void
test_notify_when_switching_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("observer", "switch", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("observer", "switch", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options1 = gq_test_options_new (key1, fetcher);
  options2 = gq_test_options_new (key2, fetcher);

  observer = gq_query_observer_new (env.client, options1);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  gq_query_observer_set_options (observer, options2);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);

  g_assert_cmpuint (n_results (recorder), ==, 4);
  assert_result (gq_test_recorder_get (recorder, 0), PENDING, FETCHING, NULL);
  assert_result (gq_test_recorder_get (recorder, 1), SUCCESS, IDLE, "1");
  assert_result (gq_test_recorder_get (recorder, 2), PENDING, FETCHING, NULL);
  assert_result (gq_test_recorder_get (recorder, 3), SUCCESS, IDLE, "2");

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should be able to fetch with a selector */
static void
test_select (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  Selector selector = { 0 };
  GqQueryObserver *observer;
  GqTestRecorder *recorder;
  GqQueryResult *last;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "{\"count\": 1}");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options, select_my_count, &selector, NULL);

  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);

  last = gq_test_recorder_get (recorder, n_results (recorder) - 1);
  assert_result (last, SUCCESS, IDLE, "{\"myCount\": 1}");
  g_assert_cmpuint (selector.calls, ==, 1);

  /* the cache keeps the raw data */
  {
    g_autoptr(JsonNode) raw = gq_query_client_get_query_data (env.client, key);
    gq_assert_json (raw, "{\"count\": 1}");
  }

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
}

/* should be able to fetch with a selector using the fetch method */
static void
test_select_with_refetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-refetch", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Selector selector = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "{\"count\": 1}");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options, select_my_count, &selector, NULL);

  observer = gq_query_observer_new (env.client, options);
  result = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  assert_result (result, SUCCESS, IDLE, "{\"myCount\": 1}");

  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
}

/* should be able to fetch with a selector and object syntax: here, the
 * selected data read through the observer's data property */
static void
test_select_property (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-property", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  Selector selector = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "{\"count\": 1}");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options, select_my_count, &selector, NULL);

  observer = g_object_new (GQ_TYPE_QUERY_OBSERVER, "client", env.client, "options", options, NULL);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);

  g_object_get (observer, "data", &data, NULL);
  gq_assert_json (data, "{\"myCount\": 1}");

  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
}

/* should run the selector again if the data changed */
static void
test_select_rerun_when_data_changed (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-data-changed", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result1 = NULL;
  g_autoptr(GqQueryResult) result2 = NULL;
  Selector selector = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options, select_my_count, &selector, NULL);

  observer = gq_query_observer_new (env.client, options);
  set_fetcher_data (fetcher, "{\"count\": 0}");
  result1 = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);
  set_fetcher_data (fetcher, "{\"count\": 1}");
  result2 = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);

  g_assert_cmpuint (selector.calls, ==, 2);
  assert_data (gq_query_result_get_data (result1), "{\"myCount\": 0}");
  assert_data (gq_query_result_get_data (result2), "{\"myCount\": 1}");

  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
}

/* should run the selector again if the selector changed */
static void
test_select_rerun_when_select_changed (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-changed", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryResult) refetched = NULL;
  Selector selector = { 0 };
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "{\"count\": 1}");
  options1 = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options1, select_my_count, &selector, NULL);
  options2 = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options2, select_ninety_nine, &selector, NULL);

  observer = gq_query_observer_new (env.client, options1);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);

  gq_query_observer_set_options (observer, options2);
  /* TanStack's listeners see the new selection synchronously; ours at the
   * next iteration */
  gq_test_flush (&env);

  refetched = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);
  gq_query_observer_unsubscribe (observer);

  g_assert_cmpuint (selector.calls, ==, 2);
  g_assert_cmpuint (n_results (recorder), ==, 5);
  assert_result (gq_test_recorder_get (recorder, 0), PENDING, FETCHING, NULL);
  assert_result (gq_test_recorder_get (recorder, 1), SUCCESS, IDLE, "{\"myCount\": 1}");
  assert_result (gq_test_recorder_get (recorder, 2), SUCCESS, IDLE, "{\"myCount\": 99}");
  assert_result (gq_test_recorder_get (recorder, 3), SUCCESS, FETCHING, "{\"myCount\": 99}");
  assert_result (gq_test_recorder_get (recorder, 4), SUCCESS, IDLE, "{\"myCount\": 99}");

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
}

/* should not run the selector again if the data and selector did not
 * change */
static void
test_select_not_rerun_same_data_and_select (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-same", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryResult) refetched = NULL;
  Selector selector = { 0 };
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "{\"count\": 1}");
  options1 = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options1, select_my_count, &selector, NULL);
  /* new options, the same select function and data */
  options2 = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options2, select_my_count, &selector, NULL);

  observer = gq_query_observer_new (env.client, options1);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);

  gq_query_observer_set_options (observer, options2);
  gq_test_flush (&env);

  refetched = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);
  gq_query_observer_unsubscribe (observer);

  g_assert_cmpuint (selector.calls, ==, 1);
  g_assert_cmpuint (n_results (recorder), ==, 4);
  assert_result (gq_test_recorder_get (recorder, 0), PENDING, FETCHING, NULL);
  assert_result (gq_test_recorder_get (recorder, 1), SUCCESS, IDLE, "{\"myCount\": 1}");
  assert_result (gq_test_recorder_get (recorder, 2), SUCCESS, FETCHING, "{\"myCount\": 1}");
  assert_result (gq_test_recorder_get (recorder, 3), SUCCESS, IDLE, "{\"myCount\": 1}");

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
}

/* should not run the selector again if the data did not change */
static void
test_select_not_rerun_same_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-same-data", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result1 = NULL;
  g_autoptr(GqQueryResult) result2 = NULL;
  Selector selector = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options, select_my_count, &selector, NULL);

  observer = gq_query_observer_new (env.client, options);
  set_fetcher_data (fetcher, "{\"count\": 1}");
  result1 = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);
  /* equal JSON in a new node */
  set_fetcher_data (fetcher, "{\"count\": 1}");
  result2 = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);

  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpuint (selector.calls, ==, 1);
  assert_data (gq_query_result_get_data (result1), "{\"myCount\": 1}");
  assert_data (gq_query_result_get_data (result2), "{\"myCount\": 1}");
  g_assert_true (gq_query_result_get_data (result1) == gq_query_result_get_data (result2));

  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
}

/* should structurally share the selector */
static void
test_select_structural_sharing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-sharing", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result1 = NULL;
  g_autoptr(GqQueryResult) result2 = NULL;
  Selector selector = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  /* resolves with the call number: new data each time */
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options, select_one, &selector, NULL);

  observer = gq_query_observer_new (env.client, options);
  result1 = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);
  result2 = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);

  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpuint (selector.calls, ==, 2);
  g_assert_nonnull (gq_query_result_get_data (result1));
  g_assert_true (gq_query_result_get_data (result1) == gq_query_result_get_data (result2));

  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
}

/* should not trigger a fetch when subscribed and disabled */
static void
test_no_fetch_when_subscribed_disabled (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "subscribed-disabled", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_enabled (options, FALSE);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should not trigger a fetch when not subscribed */
static void
test_no_fetch_when_not_subscribed (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "not-subscribed", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  /* the query exists (built at construction) but nobody watches it */
  g_assert_nonnull (gq_test_find_query (&env, key));
  g_assert_cmpuint (gq_query_get_observer_count (gq_test_find_query (&env, key)), ==, 0);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should be able to watch a query without defining a query function */
static void
test_watch_without_query_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "no-query-func", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) fetch_options = NULL;
  g_autoptr(JsonNode) fetched = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_query_options_new (key);
  gq_query_options_set_enabled (options, FALSE);
  fetch_options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  fetched = fetch_query_and_wait (&env, fetch_options);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpuint (n_results (recorder), ==, 2);
  assert_result (gq_test_recorder_get (recorder, 0), PENDING, FETCHING, NULL);
  assert_result (gq_test_recorder_get (recorder, 1), SUCCESS, IDLE, "\"data\"");

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should accept unresolved query config in update function */
static void
test_set_options_on_disabled_observer (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "unresolved-config", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryOptions) fetch_options = NULL;
  g_autoptr(JsonNode) fetched = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_query_options_new (key);
  gq_query_options_set_enabled (options, FALSE);
  options2 = gq_query_options_new (key);
  gq_query_options_set_enabled (options2, FALSE);
  gq_query_options_set_stale_time (options2, 10);
  fetch_options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_query_observer_set_options (observer, options2);
  fetched = fetch_query_and_wait (&env, fetch_options);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpuint (n_results (recorder), ==, 2);
  g_assert_false (gq_query_result_get_is_stale (gq_test_recorder_get (recorder, 0)));
  assert_data (gq_query_result_get_data (gq_test_recorder_get (recorder, 0)), NULL);
  g_assert_false (gq_query_result_get_is_stale (gq_test_recorder_get (recorder, 1)));
  assert_data (gq_query_result_get_data (gq_test_recorder_get (recorder, 1)), "\"data\"");

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should be able to handle multiple subscribers */
static void
test_multiple_subscribers (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "multiple", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) fetch_options = NULL;
  g_autoptr(JsonNode) fetched = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder1;
  GqTestRecorder *recorder2;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_query_options_new (key);
  gq_query_options_set_enabled (options, FALSE);
  fetch_options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  recorder1 = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  recorder2 = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  g_assert_cmpuint (gq_query_get_observer_count (gq_test_find_query (&env, key)), ==, 1);

  fetched = fetch_query_and_wait (&env, fetch_options);
  gq_test_advance (&env, 0);

  gq_query_observer_unsubscribe (observer);
  g_assert_true (gq_query_observer_is_subscribed (observer));
  gq_query_observer_unsubscribe (observer);
  g_assert_false (gq_query_observer_is_subscribed (observer));
  g_assert_cmpuint (gq_query_get_observer_count (gq_test_find_query (&env, key)), ==, 0);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpuint (n_results (recorder1), ==, 2);
  g_assert_cmpuint (n_results (recorder2), ==, 2);
  assert_data (gq_query_result_get_data (gq_test_recorder_get (recorder1, 0)), NULL);
  assert_data (gq_query_result_get_data (gq_test_recorder_get (recorder1, 1)), "\"data\"");
  assert_data (gq_query_result_get_data (gq_test_recorder_get (recorder2, 0)), NULL);
  assert_data (gq_query_result_get_data (gq_test_recorder_get (recorder2, 1)), "\"data\"");

  gq_test_recorder_free (recorder1);
  gq_test_recorder_free (recorder2);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should stop retry when unsubscribing */
static void
test_stop_retry_when_unsubscribing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "stop-retry", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 10);
  gq_query_options_set_retry_delay (options, 50);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 50);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_query_observer_unsubscribe (observer);
  gq_test_advance (&env, 50);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  /* the retries were given up: the query failed */
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (gq_test_find_query (&env, key))), ==, ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (gq_test_find_query (&env, key))), ==, IDLE);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should clear interval when unsubscribing to a refetchInterval query */
static void
test_clear_interval_when_unsubscribing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "clear-interval", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, 0);
  gq_query_options_set_refetch_interval (options, 10);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_query_observer_unsubscribe (observer);
  gq_test_advance (&env, 10);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_cmpuint (fetcher->calls, ==, 2);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should refetch at the interval returned when refetchInterval is a
 * function */
static void
test_refetch_interval_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "interval-func", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  DurationFunc interval = { .value = 10 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_interval_func (options, duration_func, &interval, NULL);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_query_observer_unsubscribe (observer);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should call refetchInterval with the query when it is a function */
static void
test_refetch_interval_func_gets_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "interval-func-query", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  DurationFunc interval = { .value = 10 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_interval_func (options, duration_func, &interval, NULL);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (interval.calls, >, 0);
  g_assert_true (interval.last_query == gq_test_find_query (&env, key));
  g_assert_true (interval.last_query == gq_query_observer_get_query (observer));
  gq_query_observer_unsubscribe (observer);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should use placeholderData as non-cache data when pending a query with
 * no data */
static void
test_placeholder_not_in_cache (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "placeholder", NULL);
  g_autoptr(JsonNode) placeholder = gq_test_json ("\"placeholder\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_placeholder_data (options, placeholder);

  observer = gq_query_observer_new (env.client, options);
  refresh (&result, observer);
  assert_result (result, SUCCESS, IDLE, "\"placeholder\"");
  g_assert_true (gq_query_result_get_is_placeholder_data (result));

  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);

  /* never written to the cache */
  g_assert_null (gq_query_client_get_query_data (env.client, key));
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (gq_test_find_query (&env, key))), ==, PENDING);

  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);

  g_assert_cmpuint (n_results (recorder), ==, 2);
  assert_result (gq_test_recorder_get (recorder, 0), SUCCESS, FETCHING, "\"placeholder\"");
  g_assert_true (gq_query_result_get_is_placeholder_data (gq_test_recorder_get (recorder, 0)));
  assert_result (gq_test_recorder_get (recorder, 1), SUCCESS, IDLE, "\"data\"");
  g_assert_false (gq_query_result_get_is_placeholder_data (gq_test_recorder_get (recorder, 1)));

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should structurally share placeholder data */
static void
test_placeholder_structural_sharing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "placeholder-sharing", NULL);
  g_autoptr(JsonNode) placeholder1 = gq_test_json ("{}");
  g_autoptr(JsonNode) placeholder2 = gq_test_json ("{}");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryResult) first = NULL;
  g_autoptr(GqQueryResult) second = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options1 = gq_test_options_new (key, fetcher);
  gq_query_options_set_enabled (options1, FALSE);
  gq_query_options_set_placeholder_data (options1, placeholder1);
  options2 = gq_query_options_new (key);
  gq_query_options_set_placeholder_data (options2, placeholder2);

  observer = gq_query_observer_new (env.client, options1);
  first = current (observer);
  gq_query_observer_set_options (observer, options2);
  second = current (observer);

  g_assert_true (gq_query_result_get_data (first) == placeholder1);
  g_assert_true (gq_query_result_get_data (second) == gq_query_result_get_data (first));

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should return the current query from getCurrentQuery */
static void
test_get_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "get-query", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQuery) property = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  g_assert_true (gq_key_equal (gq_query_get_query_key (gq_query_observer_get_query (observer)), key));
  g_assert_true (gq_query_observer_get_query (observer) == gq_test_find_query (&env, key));
  g_object_get (observer, "query", &property, NULL);
  g_assert_true (property == gq_query_observer_get_query (observer));
  g_assert_true (gq_query_observer_get_client (observer) == env.client);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should throw an error if throwOnError option is true; without it the
 * refetch reports the result, whose status is error */
static void
test_refetch_throw_on_error (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "throw-on-error", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqQueryResult) thrown = NULL;
  g_autoptr(GError) error = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 0);

  observer = gq_query_observer_new (env.client, options);

  thrown = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_THROW_ON_ERROR, &error);
  g_assert_null (thrown);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "failure 1");
  g_clear_error (&error);

  result = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  assert_result (result, ERROR, IDLE, NULL);
  g_assert_error (gq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_query_result_get_error (result)->message, ==, "failure 2");
  g_assert_cmpuint (gq_query_result_get_error_update_count (result), ==, 2);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should not refetch in background if refetchIntervalInBackground is
 * false */
static void
test_no_interval_refetch_in_background (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "interval-background", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_interval_in_background (options, FALSE);
  gq_query_options_set_refetch_interval (options, 10);

  gq_focus_manager_set_focused (env.focus, FALSE);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 30);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_query_client_unmount (env.client);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should not use replaceEqualDeep for select value when structuralSharing
 * option is false */
static void
test_select_no_structural_sharing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-no-sharing", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqQueryResult) refetched = NULL;
  Selector select_data = { 0 };
  Selector select_selected = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "{\"value\": \"data\"}");
  select_data.fixed = json_node_ref (fetcher->data);
  select_selected.fixed = gq_test_json ("{\"value\": \"data\"}");

  options1 = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options1, select_fixed, &select_data, NULL);
  options2 = gq_test_options_new (key, fetcher);
  gq_query_options_set_structural_sharing (options2, FALSE);
  gq_query_options_set_select_func (options2, select_fixed, &select_selected, NULL);

  observer = gq_query_observer_new (env.client, options1);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  refresh (&result, observer);
  g_assert_true (gq_query_result_get_data (result) == fetcher->data);

  gq_query_observer_set_options (observer, options2);
  refetched = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);
  refresh (&result, observer);
  g_assert_true (gq_query_result_get_data (result) == select_selected.fixed);
  g_assert_true (gq_query_result_get_data (refetched) == select_selected.fixed);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&select_data);
  selector_clear (&select_selected);
}

/* should not use replaceEqualDeep for select value when structuralSharing
 * option is false and placeholderData is defined */
static void
test_select_no_structural_sharing_placeholder (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-no-sharing-placeholder", NULL);
  g_autoptr(JsonNode) placeholder1 = gq_test_json ("{\"value\": \"data\"}");
  g_autoptr(JsonNode) placeholder2 = gq_test_json ("{\"value\": \"data\"}");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryOptions) options3 = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  Selector select_data = { 0 };
  Selector select_selected1 = { 0 };
  Selector select_selected2 = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "{\"value\": \"data\"}");
  select_data.fixed = json_node_ref (fetcher->data);
  select_selected1.fixed = gq_test_json ("{\"value\": \"data\"}");
  select_selected2.fixed = gq_test_json ("{\"value\": \"data\"}");

  options1 = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options1, select_fixed, &select_data, NULL);
  options2 = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options2, select_fixed, &select_selected1, NULL);
  gq_query_options_set_placeholder_data (options2, placeholder1);
  options3 = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options3, select_fixed, &select_selected2, NULL);
  gq_query_options_set_placeholder_data (options3, placeholder2);
  gq_query_options_set_structural_sharing (options3, FALSE);

  observer = gq_query_observer_new (env.client, options1);
  gq_query_observer_set_options (observer, options2);
  gq_query_observer_set_options (observer, options3);

  refresh (&result, observer);
  g_assert_true (gq_query_result_get_is_placeholder_data (result));
  g_assert_true (gq_query_result_get_data (result) == select_selected2.fixed);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&select_data);
  selector_clear (&select_selected1);
  selector_clear (&select_selected2);
}

/* should pass the correct previous queryKey (from prevQuery) to
 * placeholderData function params with select */
static void
test_placeholder_func_previous_query_with_select (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("observer", "placeholder-key", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("observer", "placeholder-key", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher1 = NULL;
  g_autoptr(GqTestFetcher) fetcher2 = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  Selector selector1 = { 0 };
  Selector selector2 = { 0 };
  PlaceholderLog log1 = { 0 };
  PlaceholderLog log2 = { 0 };
  GqQueryObserver *observer;
  GqTestRecorder *recorder;
  g_autofree char *key1_text = gq_test_dump (key1);

  gq_test_env_init (&env);
  fetcher1 = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher1, "{\"value\": \"data1\"}");
  fetcher2 = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher2, "{\"value\": \"data2\"}");

  /* inline functions in the upstream test: every option object has its
   * own closures */
  options1 = gq_test_options_new (key1, fetcher1);
  gq_query_options_set_placeholder_func (options1, placeholder_previous, &log1, NULL);
  gq_query_options_set_select_func (options1, select_value, &selector1, NULL);
  options2 = gq_test_options_new (key2, fetcher2);
  gq_query_options_set_placeholder_func (options2, placeholder_previous, &log2, NULL);
  gq_query_options_set_select_func (options2, select_value, &selector2, NULL);

  observer = gq_query_observer_new (env.client, options1);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  gq_query_observer_set_options (observer, options2);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);

  g_assert_cmpuint (n_results (recorder), ==, 4);
  /* first query: pending/idle, then pending/fetching */
  g_assert_cmpuint (log1.calls, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (log1.previous_keys, 0), ==, "null");
  g_assert_cmpstr (g_ptr_array_index (log1.previous_keys, 1), ==, "null");
  /* second query, pending/fetching: the first query */
  g_assert_cmpuint (log2.calls, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (log2.previous_keys, 0), ==, key1_text);

  assert_result (gq_test_recorder_get (recorder, 0), PENDING, FETCHING, NULL);
  assert_result (gq_test_recorder_get (recorder, 1), SUCCESS, IDLE, "\"data1\"");
  assert_result (gq_test_recorder_get (recorder, 2), SUCCESS, FETCHING, "\"data1\"");
  g_assert_true (gq_query_result_get_is_placeholder_data (gq_test_recorder_get (recorder, 2)));
  assert_result (gq_test_recorder_get (recorder, 3), SUCCESS, IDLE, "\"data2\"");

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector1);
  selector_clear (&selector2);
  placeholder_log_clear (&log1);
  placeholder_log_clear (&log2);
}

/* should pass the correct previous data to placeholderData function params
 * when select function is used in conjunction */
static void
test_placeholder_func_previous_data_with_select (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("observer", "placeholder-data", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("observer", "placeholder-data", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher1 = NULL;
  g_autoptr(GqTestFetcher) fetcher2 = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  Selector selector1 = { 0 };
  Selector selector2 = { 0 };
  PlaceholderLog log1 = { 0 };
  PlaceholderLog log2 = { 0 };
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  fetcher1 = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher1, "{\"value\": \"data1\"}");
  fetcher2 = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher2, "{\"value\": \"data2\"}");

  options1 = gq_test_options_new (key1, fetcher1);
  gq_query_options_set_placeholder_func (options1, placeholder_previous, &log1, NULL);
  gq_query_options_set_select_func (options1, select_value, &selector1, NULL);
  options2 = gq_test_options_new (key2, fetcher2);
  gq_query_options_set_placeholder_func (options2, placeholder_previous, &log2, NULL);
  gq_query_options_set_select_func (options2, select_value, &selector2, NULL);

  observer = gq_query_observer_new (env.client, options1);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  gq_query_observer_set_options (observer, options2);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);

  g_assert_cmpuint (n_results (recorder), ==, 4);
  assert_result (gq_test_recorder_get (recorder, 0), PENDING, FETCHING, NULL);
  assert_result (gq_test_recorder_get (recorder, 1), SUCCESS, IDLE, "\"data1\"");
  assert_result (gq_test_recorder_get (recorder, 2), SUCCESS, FETCHING, "\"data1\"");
  assert_result (gq_test_recorder_get (recorder, 3), SUCCESS, IDLE, "\"data2\"");

  /* 3 because the second select is another function: the placeholder
   * (the first query's raw data) goes through it too */
  g_assert_cmpuint (selector1.calls + selector2.calls, ==, 3);
  g_assert_cmpuint (selector1.calls, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (selector2.inputs, 0), ==, "{\"value\":\"data1\"}");
  g_assert_cmpstr (g_ptr_array_index (selector2.inputs, 1), ==, "{\"value\":\"data2\"}");

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector1);
  selector_clear (&selector2);
  placeholder_log_clear (&log1);
  placeholder_log_clear (&log2);
}

/* should use cached selectResult when switching between queries and
 * placeholderData returns previousData */
static void
test_placeholder_cached_select_result (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("observer", "placeholder-memo", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("observer", "placeholder-memo", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher1 = NULL;
  g_autoptr(GqTestFetcher) fetcher2 = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  Selector selector = { 0 };
  PlaceholderLog log = { 0 };
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  fetcher1 = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher1, "{\"value\": \"data1\"}");
  fetcher2 = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher2, "{\"value\": \"data2\"}");

  /* one stable select function, one placeholder function */
  options1 = gq_test_options_new (key1, fetcher1);
  gq_query_options_set_placeholder_func (options1, placeholder_previous, &log, NULL);
  gq_query_options_set_select_func (options1, select_value, &selector, NULL);
  options2 = gq_test_options_new (key2, fetcher2);
  gq_query_options_set_placeholder_func (options2, placeholder_previous, &log, NULL);
  gq_query_options_set_select_func (options2, select_value, &selector, NULL);

  observer = gq_query_observer_new (env.client, options1);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  gq_query_observer_set_options (observer, options2);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (observer);

  g_assert_cmpuint (n_results (recorder), ==, 4);
  assert_result (gq_test_recorder_get (recorder, 0), PENDING, FETCHING, NULL);
  assert_result (gq_test_recorder_get (recorder, 1), SUCCESS, IDLE, "\"data1\"");
  assert_result (gq_test_recorder_get (recorder, 2), SUCCESS, FETCHING, "\"data1\"");
  assert_result (gq_test_recorder_get (recorder, 3), SUCCESS, IDLE, "\"data2\"");

  g_assert_cmpuint (selector.calls, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (selector.inputs, 0), ==, "{\"value\":\"data1\"}");
  g_assert_cmpstr (g_ptr_array_index (selector.inputs, 1), ==, "{\"value\":\"data2\"}");

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
  placeholder_log_clear (&log);
}

/* should notify cache listeners when setOptions is called */
static void
test_cache_event_on_set_options (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "options-event", NULL);
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (CacheEvent));
  GqQueryObserver *observer;
  GqQueryCache *cache;
  gulong handler;

  gq_test_env_init (&env);
  cache = gq_query_client_get_query_cache (env.client);
  options1 = gq_query_options_new (key);
  gq_query_options_set_enabled (options1, FALSE);
  options2 = gq_query_options_new (key);
  gq_query_options_set_enabled (options2, FALSE);
  gq_query_options_set_refetch_interval (options2, 10);

  observer = gq_query_observer_new (env.client, options1);

  handler = g_signal_connect (cache, "event", G_CALLBACK (on_cache_event), events);
  gq_query_observer_set_options (observer, options2);
  g_clear_signal_handler (&handler, cache);

  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (g_array_index (events, CacheEvent, 0).type, ==, GQ_CACHE_EVENT_OBSERVER_OPTIONS_UPDATED);
  g_assert_true (g_array_index (events, CacheEvent, 0).query == gq_test_find_query (&env, key));
  g_assert_true (g_array_index (events, CacheEvent, 0).observer == G_OBJECT (observer));

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should not be stale for disabled observers */
static void
test_disabled_not_stale (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "disabled-stale", NULL);
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  options = gq_query_options_new (key);
  gq_query_options_set_enabled (options, FALSE);

  observer = gq_query_observer_new (env.client, options);
  result = current (observer);
  g_assert_false (gq_query_result_get_is_stale (result));

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

static void
record_if_data (GqQueryObserver *observer,
                GqQueryResult   *result,
                GPtrArray       *results)
{
  if (gq_query_result_get_data (result) != NULL)
    g_ptr_array_add (results, gq_query_result_ref (result));
}

/* should allow staleTime as a function */
static void
test_stale_time_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "stale-time-func", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) gq_query_result_unref);
  GqQueryObserver *observer;
  gulong handler;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 5;
  set_fetcher_data (fetcher, "{\"data\": \"data\", \"staleTime\": 20}");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time_func (options, stale_time_from_data, NULL, NULL);

  observer = gq_query_observer_new (env.client, options);
  handler = g_signal_connect (observer, "changed", G_CALLBACK (record_if_data), results);
  gq_query_observer_subscribe (observer);

  gq_test_advance (&env, 25);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_false (gq_query_result_get_is_stale (g_ptr_array_index (results, 0)));
  gq_test_advance (&env, 1);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_true (gq_query_result_get_is_stale (g_ptr_array_index (results, 1)));
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_signal_handler (&handler, observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should not see queries as stale is staleTime is Static */
static void
test_stale_time_static (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "stale-time-static", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) gq_query_result_unref);
  GqQueryObserver *observer;
  gulong handler;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 5;
  set_fetcher_data (fetcher, "{\"data\": \"data\"}");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_STALE_TIME_STATIC);

  observer = gq_query_observer_new (env.client, options);
  result = current (observer);
  /* no data: stale */
  g_assert_true (gq_query_result_get_is_stale (result));

  handler = g_signal_connect (observer, "changed", G_CALLBACK (record_if_data), results);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 5);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_false (gq_query_result_get_is_stale (g_ptr_array_index (results, 0)));

  /* not even an invalidation makes static data stale */
  invalidate (&env, key, GQ_REFETCH_TYPE_ACTIVE);
  gq_test_advance (&env, 10000);
  refresh (&result, observer);
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_signal_handler (&handler, observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* shouldFetchOnWindowFocus with refetchOnWindowFocus true / false /
 * "always", through a mounted client and its focus manager */
static guint
focus_refetch_calls (GqRefetchMode mode,
                     gint64        stale_time)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "focus", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;
  guint calls;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_on_window_focus (options, mode);
  gq_query_options_set_stale_time (options, stale_time);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_focus_manager_set_focused (env.focus, FALSE);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  gq_focus_manager_set_focused (env.focus, TRUE);
  calls = fetcher->calls;
  gq_test_advance (&env, 10);
  assert_current (observer, SUCCESS, IDLE, calls == 2 ? "2" : "1");
  g_assert_cmpuint (fetcher->calls, ==, calls);

  gq_query_observer_unsubscribe (observer);
  gq_query_client_unmount (env.client);
  g_clear_object (&observer);
  gq_test_env_clear (&env);

  return calls;
}

static void
test_focus_refetch_if_stale (void)
{
  g_assert_cmpuint (focus_refetch_calls (GQ_REFETCH_IF_STALE, 0), ==, 2);
  /* fresh data: no refetch */
  g_assert_cmpuint (focus_refetch_calls (GQ_REFETCH_IF_STALE, GQ_TIME_INFINITE), ==, 1);
}

static void
test_focus_refetch_never (void)
{
  g_assert_cmpuint (focus_refetch_calls (GQ_REFETCH_NEVER, 0), ==, 1);
}

static void
test_focus_refetch_always (void)
{
  /* even fresh */
  g_assert_cmpuint (focus_refetch_calls (GQ_REFETCH_ALWAYS, GQ_TIME_INFINITE), ==, 2);
  /* but never static data */
  g_assert_cmpuint (focus_refetch_calls (GQ_REFETCH_ALWAYS, GQ_STALE_TIME_STATIC), ==, 1);
}

/* should not refetch on mount when retryOnMount is false and query is in
 * error state */
static void
test_no_refetch_on_mount_retry_on_mount_false (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "retry-on-mount", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryState) state = NULL;
  GqQueryObserver *first;
  GqQueryObserver *second;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_always = TRUE;
  options1 = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options1, 0);
  options2 = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options2, 0);
  gq_query_options_set_retry_on_mount (options2, FALSE);

  first = gq_query_observer_new (env.client, options1);
  gq_query_observer_subscribe (first);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  state = gq_query_client_get_query_state (env.client, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, ERROR);
  gq_query_observer_unsubscribe (first);

  second = gq_query_observer_new (env.client, options2);
  gq_query_observer_subscribe (second);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current (second, ERROR, IDLE, NULL);
  gq_query_observer_unsubscribe (second);

  /* with retryOnMount (the default), a new observer retries */
  gq_query_observer_subscribe (first);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_test_advance (&env, 0);
  gq_query_observer_unsubscribe (first);

  g_clear_object (&first);
  g_clear_object (&second);
  gq_test_env_clear (&env);
}

/* should not refetchOnMount when set to "always" when staleTime is
 * Static */
static void
test_no_refetch_on_mount_always_static (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "mount-always-static", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  gq_test_set_data (&env, key, "\"initial\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_STALE_TIME_STATIC);
  gq_query_options_set_refetch_on_mount (options, GQ_REFETCH_ALWAYS);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  assert_current (observer, SUCCESS, IDLE, "\"initial\"");
  gq_query_observer_unsubscribe (observer);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* The two "refetchOnWindowFocus when query has background error" tests:
 * data, then a failed refetch, then a focus. */
static guint
background_error_focus_calls (gint64 stale_time)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "background-error", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) refetched = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;
  guint calls;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, stale_time);
  gq_query_options_set_refetch_on_window_focus (options, GQ_REFETCH_IF_STALE);
  gq_query_options_set_retry (options, 0);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current (observer, SUCCESS, IDLE, "\"data\"");

  fetcher->fail_always = TRUE;
  refetched = gq_test_refetch (&env, observer, GQ_REFETCH_FLAGS_NONE, NULL);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  refresh (&result, observer);
  assert_result (result, ERROR, IDLE, "\"data\"");
  g_assert_true (gq_query_result_get_is_refetch_error (result));

  fetcher->fail_always = FALSE;
  set_fetcher_data (fetcher, "\"new data\"");
  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_advance (&env, 0);
  calls = fetcher->calls;

  gq_query_observer_unsubscribe (observer);
  gq_query_client_unmount (env.client);
  g_clear_object (&observer);
  gq_test_env_clear (&env);

  return calls;
}

/* should not refetchOnWindowFocus when staleTime is static and query has
 * background error */
static void
test_no_focus_refetch_static_background_error (void)
{
  g_assert_cmpuint (background_error_focus_calls (GQ_STALE_TIME_STATIC), ==, 2);
}

/* should refetchOnWindowFocus when query has background error and
 * staleTime is not static (the error invalidated the data) */
static void
test_focus_refetch_background_error (void)
{
  g_assert_cmpuint (background_error_focus_calls (1000), ==, 3);
}

/* should return isEnabled depending on enabled being resolved */
static void
test_is_enabled_false (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "is-enabled-false", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;
  gboolean is_enabled = TRUE;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_enabled (options, FALSE);

  observer = gq_query_observer_new (env.client, options);
  result = current (observer);
  g_assert_false (gq_query_result_get_is_enabled (result));
  g_object_get (observer, "is-enabled", &is_enabled, NULL);
  g_assert_false (is_enabled);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should return isEnabled as true per default */
static void
test_is_enabled_default (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "is-enabled-default", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  result = current (observer);
  g_assert_true (gq_query_result_get_is_enabled (result));

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* StrictMode behavior: should deduplicate calls to queryFn */
static void
test_strict_mode_dedupe (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "strict-dedupe", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryState) state = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 50;
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 5);
  gq_query_observer_unsubscribe (observer);
  gq_test_advance (&env, 5);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 40);

  state = gq_query_client_get_query_state (env.client, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, SUCCESS);
  gq_assert_json (gq_query_state_get_data (state), "\"data\"");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* StrictMode behavior: should resolve with data when signal was consumed
 * (the cancellable taken: the first fetch is aborted on unsubscribe) */
static void
test_strict_mode_cancellable_consumed (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "strict-cancellable", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryState) state = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 50;
  fetcher->use_cancellable = TRUE;
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 5);
  gq_query_observer_unsubscribe (observer);
  g_assert_true (g_cancellable_is_cancelled (gq_fetch_context_get_cancellable (fetcher->last_context)));
  assert_current (observer, PENDING, FETCHING, NULL);
  gq_test_advance (&env, 5);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 50);

  state = gq_query_client_get_query_state (env.client, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, SUCCESS);
  /* the second call's data */
  gq_assert_json (gq_query_state_get_data (state), "2");
  g_assert_cmpuint (fetcher->calls, ==, 2);
  g_assert_cmpint (call_time (fetcher, 1), ==, 10);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* ---- semantics reference §2.10–2.12 ------------------------------------ */

/* The result sequence of a first load: pending/fetching, then success,
 * and exactly the properties that changed notified before each ::changed */
static void
test_first_load_sequence (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "first-load", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) initial = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;
  NotifyLog *log;
  GqQueryResult *r;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 7;
  set_fetcher_data (fetcher, "\"data\"");
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  initial = current (observer);
  assert_result (initial, PENDING, IDLE, NULL);
  g_assert_true (gq_query_result_get_is_pending (initial));
  g_assert_false (gq_query_result_get_is_loading (initial));
  g_assert_true (gq_query_result_get_is_stale (initial));
  g_assert_true (gq_query_result_get_is_enabled (initial));

  recorder = gq_test_recorder_new (observer);
  log = notify_log_new (observer);
  gq_query_observer_subscribe (observer);
  /* nothing is announced synchronously */
  g_assert_cmpuint (n_results (recorder), ==, 0);
  g_assert_cmpuint (log->names->len, ==, 0);

  gq_test_flush (&env);
  g_assert_cmpuint (n_results (recorder), ==, 1);
  gq_test_advance (&env, 7);
  g_assert_cmpuint (n_results (recorder), ==, 2);

  r = gq_test_recorder_get (recorder, 0);
  assert_result (r, PENDING, FETCHING, NULL);
  g_assert_true (gq_query_result_get_is_pending (r));
  g_assert_true (gq_query_result_get_is_loading (r));
  g_assert_true (gq_query_result_get_is_fetching (r));
  g_assert_false (gq_query_result_get_is_refetching (r));
  g_assert_false (gq_query_result_get_is_success (r));
  g_assert_false (gq_query_result_get_is_fetched (r));
  g_assert_false (gq_query_result_get_is_fetched_after_mount (r));
  g_assert_true (gq_query_result_get_is_stale (r));
  g_assert_cmpint (gq_query_result_get_data_updated_at (r), ==, 0);

  r = gq_test_recorder_get (recorder, 1);
  assert_result (r, SUCCESS, IDLE, "\"data\"");
  g_assert_false (gq_query_result_get_is_pending (r));
  g_assert_true (gq_query_result_get_is_success (r));
  g_assert_false (gq_query_result_get_is_loading (r));
  g_assert_false (gq_query_result_get_is_fetching (r));
  g_assert_false (gq_query_result_get_is_refetching (r));
  g_assert_true (gq_query_result_get_is_fetched (r));
  g_assert_true (gq_query_result_get_is_fetched_after_mount (r));
  /* stale time 0: stale as it arrives */
  g_assert_true (gq_query_result_get_is_stale (r));
  g_assert_cmpint (gq_query_result_get_data_updated_at (r), ==, GQ_TEST_START_TIME + 7);
  g_assert_null (gq_query_result_get_error (r));
  g_assert_cmpuint (gq_query_result_get_failure_count (r), ==, 0);

  g_assert_cmpuint (log->iterations->len, ==, 2);
  g_assert_cmpstr (notify_log_get (log, 0), ==, "fetch-status,is-fetching,is-loading,result");
  g_assert_cmpstr (notify_log_get (log, 1), ==,
                   "data,data-updated-at,fetch-status,is-fetched,is-fetched-after-mount,"
                   "is-fetching,is-loading,is-pending,is-success,result,status");

  gq_query_observer_unsubscribe (observer);
  notify_log_free (log);
  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* Every result field is a property holding the current result's value */
static void
test_properties_match_result (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "properties", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqQueryResult) result_property = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure_reason = NULL;
  g_autoptr(GqQueryOptions) options_property = NULL;
  GqQueryObserver *observer;
  GqQueryStatus status;
  GqFetchStatus fetch_status;
  gint64 data_updated_at, error_updated_at;
  guint failure_count, error_update_count;
  static const char * const booleans[] = {
    "is-pending", "is-success", "is-error", "is-loading", "is-loading-error",
    "is-refetch-error", "is-fetching", "is-refetching", "is-paused", "is-stale",
    "is-placeholder-data", "is-fetched", "is-fetched-after-mount", "is-enabled",
  };
  gboolean (*getters[]) (GqQueryResult *) = {
    gq_query_result_get_is_pending, gq_query_result_get_is_success,
    gq_query_result_get_is_error, gq_query_result_get_is_loading,
    gq_query_result_get_is_loading_error, gq_query_result_get_is_refetch_error,
    gq_query_result_get_is_fetching, gq_query_result_get_is_refetching,
    gq_query_result_get_is_paused, gq_query_result_get_is_stale,
    gq_query_result_get_is_placeholder_data, gq_query_result_get_is_fetched,
    gq_query_result_get_is_fetched_after_mount, gq_query_result_get_is_enabled,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (booleans) == G_N_ELEMENTS (getters));

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "{\"a\": [1, 2]}");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 1);
  gq_query_options_set_retry_delay (options, 10);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 3);

  /* a refetch that fails once and waits for its retry: a refetch error
   * in the making, with failure count and reason */
  fetcher->fail_times = 10;
  gq_query_observer_refetch (observer);
  gq_test_advance (&env, 1);
  refresh (&result, observer);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 1);
  g_assert_true (gq_query_result_get_is_refetching (result));

  for (guint round = 0; round < 2; round++)
    {
      g_object_get (observer,
                    "result", &result_property,
                    "status", &status,
                    "fetch-status", &fetch_status,
                    "data", &data,
                    "error", &error,
                    "data-updated-at", &data_updated_at,
                    "error-updated-at", &error_updated_at,
                    "failure-count", &failure_count,
                    "failure-reason", &failure_reason,
                    "error-update-count", &error_update_count,
                    "options", &options_property,
                    NULL);

      g_assert_true (gq_query_result_equal (result_property, result));
      g_assert_cmpint (status, ==, gq_query_result_get_status (result));
      g_assert_cmpint (fetch_status, ==, gq_query_result_get_fetch_status (result));
      g_assert_true (gq_json_equal (data, gq_query_result_get_data (result)));
      if (gq_query_result_get_error (result) == NULL)
        g_assert_null (error);
      else
        g_assert_error (error, gq_query_result_get_error (result)->domain,
                        gq_query_result_get_error (result)->code);
      g_assert_cmpint (data_updated_at, ==, gq_query_result_get_data_updated_at (result));
      g_assert_cmpint (error_updated_at, ==, gq_query_result_get_error_updated_at (result));
      g_assert_cmpuint (failure_count, ==, gq_query_result_get_failure_count (result));
      g_assert_error (failure_reason, G_IO_ERROR, G_IO_ERROR_FAILED);
      g_assert_cmpuint (error_update_count, ==, gq_query_result_get_error_update_count (result));
      g_assert_true (options_property == options);

      for (guint i = 0; i < G_N_ELEMENTS (booleans); i++)
        {
          gboolean value = !getters[i] (result);

          g_object_get (observer, booleans[i], &value, NULL);
          g_assert_cmpint (!!value, ==, !!getters[i] (result));
        }

      g_clear_pointer (&result_property, gq_query_result_unref);
      g_clear_pointer (&data, json_node_unref);
      g_clear_error (&error);
      g_clear_error (&failure_reason);
      g_clear_object (&options_property);

      /* second round: the retry failed too, the query is in error with
       * its previous data */
      gq_test_advance (&env, 10);
      refresh (&result, observer);
      assert_result (result, ERROR, IDLE, "{\"a\": [1, 2]}");
      g_assert_true (gq_query_result_get_is_refetch_error (result));
      g_assert_cmpint (gq_query_result_get_error_updated_at (result), ==, GQ_TEST_START_TIME + 13);
      g_assert_cmpint (gq_query_result_get_data_updated_at (result), ==, GQ_TEST_START_TIME);
      g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 2);
      g_assert_cmpuint (gq_query_result_get_error_update_count (result), ==, 1);
    }

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* A refetch that returns equal JSON: the data pointer stays, and the
 * sequence still shows fetching then idle (probe S24); only the properties
 * that changed are notified */
static void
test_refetch_sequence_equal_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "refetch-equal", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;
  NotifyLog *log;
  JsonNode *first_data;
  GqQueryResult *r;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 3;
  set_fetcher_data (fetcher, "{\"a\": [1, 2], \"b\": {\"c\": true}}");
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 3);
  refresh (&result, observer);
  first_data = gq_query_result_get_data (result);
  g_assert_nonnull (first_data);
  g_assert_cmpuint (n_results (recorder), ==, 2);

  /* equal JSON in new nodes */
  set_fetcher_data (fetcher, "{\"b\": {\"c\": true}, \"a\": [1, 2]}");
  g_assert_false (fetcher->data == first_data);
  gq_test_advance (&env, 10);
  log = notify_log_new (observer);
  gq_query_observer_refetch (observer);
  gq_test_advance (&env, 3);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  g_assert_cmpuint (n_results (recorder), ==, 4);
  r = gq_test_recorder_get (recorder, 2);
  assert_result (r, SUCCESS, FETCHING, "{\"a\": [1, 2], \"b\": {\"c\": true}}");
  g_assert_true (gq_query_result_get_data (r) == first_data);
  g_assert_true (gq_query_result_get_is_refetching (r));
  g_assert_false (gq_query_result_get_is_loading (r));
  r = gq_test_recorder_get (recorder, 3);
  assert_result (r, SUCCESS, IDLE, "{\"a\": [1, 2], \"b\": {\"c\": true}}");
  g_assert_true (gq_query_result_get_data (r) == first_data);
  g_assert_false (gq_query_result_get_is_refetching (r));
  g_assert_cmpint (gq_query_result_get_data_updated_at (r), ==, GQ_TEST_START_TIME + 16);

  /* the cache keeps the old nodes too */
  {
    g_autoptr(JsonNode) cached = gq_query_client_get_query_data (env.client, key);
    g_assert_true (cached == first_data);
  }

  g_assert_cmpuint (log->iterations->len, ==, 2);
  g_assert_cmpstr (notify_log_get (log, 0), ==, "fetch-status,is-fetching,is-refetching,result");
  /* no notify::data: the data is the same node */
  g_assert_cmpstr (notify_log_get (log, 1), ==,
                   "data-updated-at,fetch-status,is-fetching,is-refetching,result");

  gq_query_observer_unsubscribe (observer);
  notify_log_free (log);
  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* ::changed comes once per main-loop iteration, with the latest result,
 * however many updates happened in it; get_current_result is always up to
 * date */
static void
test_changed_once_per_iteration (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "batched", NULL);
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;
  NotifyLog *log;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "0");
  options = gq_query_options_new (key);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);

  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  log = notify_log_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  g_assert_cmpuint (n_results (recorder), ==, 0);

  gq_test_set_data (&env, key, "1");
  assert_current (observer, SUCCESS, IDLE, "1");
  gq_test_set_data (&env, key, "2");
  assert_current (observer, SUCCESS, IDLE, "2");
  gq_test_set_data (&env, key, "3");
  g_assert_cmpuint (n_results (recorder), ==, 0);

  gq_test_flush (&env);
  g_assert_cmpuint (n_results (recorder), ==, 1);
  assert_result (gq_test_recorder_get (recorder, 0), SUCCESS, IDLE, "3");
  /* data notified once, although it changed three times (the writes
   * came after the observer was created: fetched after mount) */
  g_assert_cmpuint (log->iterations->len, ==, 1);
  g_assert_cmpstr (notify_log_get (log, 0), ==, "data,is-fetched-after-mount,result");

  /* nothing more to say */
  gq_test_flush (&env);
  g_assert_cmpuint (n_results (recorder), ==, 1);

  /* a change undone in the same iteration is not announced: a refetch
   * cancelled (and reverted) at once */
  gq_query_observer_refetch (observer);
  refresh (&result, observer);
  g_assert_true (gq_query_result_get_is_fetching (result));
  {
    g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);
    gq_query_client_cancel_queries (env.client, filters, GQ_CANCEL_FLAGS_NONE);
  }
  refresh (&result, observer);
  assert_result (result, SUCCESS, IDLE, "3");
  gq_test_flush (&env);
  g_assert_cmpuint (n_results (recorder), ==, 1);
  g_assert_cmpuint (log->iterations->len, ==, 1);

  gq_query_observer_unsubscribe (observer);
  notify_log_free (log);
  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* An unsubscribed observer does not follow its query */
static void
test_unsubscribed_not_notified (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "unsubscribed", NULL);
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "1");
  options = gq_query_options_new (key);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);

  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_query_observer_unsubscribe (observer);

  gq_test_set_data (&env, key, "2");
  gq_test_flush (&env);
  g_assert_cmpuint (n_results (recorder), ==, 0);
  assert_current (observer, SUCCESS, IDLE, "1");

  /* subscribing again catches up */
  gq_query_observer_subscribe (observer);
  assert_current (observer, SUCCESS, IDLE, "2");
  gq_test_flush (&env);
  g_assert_cmpuint (n_results (recorder), ==, 1);
  gq_query_observer_unsubscribe (observer);

  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* initialData fresh by initialDataUpdatedAt: no fetch on mount; the stale
 * timer flips is-stale at dataUpdatedAt + staleTime + 1, without fetching
 * (probe S18) */
static void
test_stale_timer_initial_data_fresh (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "s18", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;
  NotifyLog *log;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, 1000);
  gq_query_options_set_initial_data (options, initial);
  gq_query_options_set_initial_data_updated_at (options, GQ_TEST_START_TIME - 500);

  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  log = notify_log_new (observer);
  gq_query_observer_subscribe (observer);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  refresh (&result, observer);
  assert_result (result, SUCCESS, IDLE, "\"initial\"");
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_false (gq_query_result_get_is_fetched (result));
  g_assert_cmpint (gq_query_result_get_data_updated_at (result), ==, GQ_TEST_START_TIME - 500);

  gq_test_advance (&env, 500);
  refresh (&result, observer);
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_cmpuint (n_results (recorder), ==, 0);

  gq_test_advance (&env, 1);
  g_assert_cmpuint (n_results (recorder), ==, 1);
  g_assert_true (gq_query_result_get_is_stale (gq_test_recorder_get (recorder, 0)));
  assert_result (gq_test_recorder_get (recorder, 0), SUCCESS, IDLE, "\"initial\"");
  g_assert_cmpstr (notify_log_get (log, 0), ==, "is-stale,result");
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_test_advance (&env, 100000);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  g_assert_cmpuint (n_results (recorder), ==, 1);

  gq_query_observer_unsubscribe (observer);
  notify_log_free (log);
  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* initialData stale by initialDataUpdatedAt: fetch on mount (probe S19),
 * showing the initial data meanwhile */
static void
test_initial_data_stale_fetches_on_mount (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "s19", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, 1000);
  gq_query_options_set_initial_data (options, initial);
  gq_query_options_set_initial_data_updated_at (options, GQ_TEST_START_TIME - 1500);

  observer = gq_query_observer_new (env.client, options);
  refresh (&result, observer);
  g_assert_true (gq_query_result_get_is_stale (result));
  gq_query_observer_subscribe (observer);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  refresh (&result, observer);
  assert_result (result, SUCCESS, FETCHING, "\"initial\"");
  g_assert_true (gq_query_result_get_is_refetching (result));

  gq_test_flush (&env);
  refresh (&result, observer);
  assert_result (result, SUCCESS, IDLE, "1");
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_cmpint (gq_query_result_get_data_updated_at (result), ==, GQ_TEST_START_TIME);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* initialData without a stale time: stale at once, fetched on mount */
static void
test_initial_data_no_stale_time_fetches (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "initial-no-stale-time", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current (observer, SUCCESS, FETCHING, "\"initial\"");
  gq_test_flush (&env);
  assert_current (observer, SUCCESS, IDLE, "1");

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* initialData is real cache data: success, the node itself, counted as
 * neither a fetch nor a data update, persisted in the cache */
static void
test_initial_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "initial-data", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("{\"a\": 1}");
  g_autoptr(JsonNode) other = gq_test_json ("{\"a\": 2}");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqQueryState) state = NULL;
  g_autoptr(JsonNode) cached = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  gq_query_options_set_initial_data (options, initial);

  observer = gq_query_observer_new (env.client, options);
  refresh (&result, observer);
  assert_result (result, SUCCESS, IDLE, "{\"a\": 1}");
  g_assert_true (gq_query_result_get_data (result) == initial);
  g_assert_false (gq_query_result_get_is_placeholder_data (result));
  g_assert_false (gq_query_result_get_is_fetched (result));
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_cmpint (gq_query_result_get_data_updated_at (result), ==, GQ_TEST_START_TIME);

  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  cached = gq_query_client_get_query_data (env.client, key);
  g_assert_true (cached == initial);
  state = gq_query_client_get_query_state (env.client, key);
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 0);
  g_assert_cmpint (gq_query_state_get_status (state), ==, SUCCESS);

  /* once the query has data, other initial data does not apply */
  options2 = gq_query_options_copy (options);
  gq_query_options_set_initial_data (options2, other);
  gq_query_observer_set_options (observer, options2);
  assert_current (observer, SUCCESS, IDLE, "{\"a\": 1}");

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* The stale timer flips is-stale exactly at dataUpdatedAt + staleTime + 1
 * after a fetch, and never fetches */
static void
test_stale_timer_no_fetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "stale-timer", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 5;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, 100);

  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 5);
  g_assert_cmpuint (n_results (recorder), ==, 2);
  g_assert_false (gq_query_result_get_is_stale (gq_test_recorder_get (recorder, 1)));
  g_assert_cmpint (gq_query_result_get_data_updated_at (gq_test_recorder_get (recorder, 1)), ==, GQ_TEST_START_TIME + 5);

  /* stale from START + 105 on; the timer fires at START + 106 */
  gq_test_advance (&env, 100);
  g_assert_cmpuint (n_results (recorder), ==, 2);
  gq_test_advance (&env, 1);
  g_assert_cmpuint (n_results (recorder), ==, 3);
  g_assert_true (gq_query_result_get_is_stale (gq_test_recorder_get (recorder, 2)));
  assert_result (gq_test_recorder_get (recorder, 2), SUCCESS, IDLE, "1");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  /* the query reports stale for filters */
  g_assert_true (gq_query_is_stale (gq_test_find_query (&env, key)));

  gq_query_observer_unsubscribe (observer);
  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

static guint
mount_calls (GqRefetchMode mode,
             gint64        stale_time,
             gboolean      with_data)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "mount", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;
  guint calls;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  if (with_data)
    gq_test_set_data (&env, key, "\"cached\"");
  gq_test_advance (&env, 10);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_on_mount (options, mode);
  gq_query_options_set_stale_time (options, stale_time);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  calls = fetcher->calls;
  if (calls > 0)
    assert_current (observer, with_data ? SUCCESS : PENDING, FETCHING, with_data ? "\"cached\"" : NULL);
  else
    assert_current (observer, with_data ? SUCCESS : PENDING, IDLE, with_data ? "\"cached\"" : NULL);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, calls);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);

  return calls;
}

/* refetchOnMount: false */
static void
test_refetch_on_mount_never (void)
{
  g_assert_cmpuint (mount_calls (GQ_REFETCH_NEVER, 0, TRUE), ==, 0);
  /* no data: the first load happens regardless */
  g_assert_cmpuint (mount_calls (GQ_REFETCH_NEVER, 0, FALSE), ==, 1);
}

/* refetchOnMount: true */
static void
test_refetch_on_mount_if_stale (void)
{
  g_assert_cmpuint (mount_calls (GQ_REFETCH_IF_STALE, 0, TRUE), ==, 1);
  g_assert_cmpuint (mount_calls (GQ_REFETCH_IF_STALE, 10, TRUE), ==, 1);
  g_assert_cmpuint (mount_calls (GQ_REFETCH_IF_STALE, 11, TRUE), ==, 0);
  g_assert_cmpuint (mount_calls (GQ_REFETCH_IF_STALE, GQ_TIME_INFINITE, TRUE), ==, 0);
}

/* refetchOnMount: "always" */
static void
test_refetch_on_mount_always (void)
{
  g_assert_cmpuint (mount_calls (GQ_REFETCH_ALWAYS, GQ_TIME_INFINITE, TRUE), ==, 1);
  g_assert_cmpuint (mount_calls (GQ_REFETCH_ALWAYS, 0, TRUE), ==, 1);
}

/* staleTime "static": no refetch on mount, but the first load happens */
static void
test_refetch_on_mount_static (void)
{
  g_assert_cmpuint (mount_calls (GQ_REFETCH_IF_STALE, GQ_STALE_TIME_STATIC, TRUE), ==, 0);
  g_assert_cmpuint (mount_calls (GQ_REFETCH_ALWAYS, GQ_STALE_TIME_STATIC, TRUE), ==, 0);
  g_assert_cmpuint (mount_calls (GQ_REFETCH_IF_STALE, GQ_STALE_TIME_STATIC, FALSE), ==, 1);
}

/* enabled false -> true fetches if stale (probe S21); not if fresh;
 * changing only the stale time never fetches */
static void
test_enable_fetches_if_stale (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("observer", "enable", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("observer", "enable", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) disabled1 = NULL;
  g_autoptr(GqQueryOptions) enabled1 = NULL;
  g_autoptr(GqQueryOptions) disabled2 = NULL;
  g_autoptr(GqQueryOptions) enabled2 = NULL;
  g_autoptr(GqQueryOptions) stale2 = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer1;
  GqQueryObserver *observer2;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);

  /* stale (no data) */
  disabled1 = gq_test_options_new (key1, fetcher);
  gq_query_options_set_enabled (disabled1, FALSE);
  enabled1 = with_enabled (disabled1, TRUE);
  observer1 = gq_query_observer_new (env.client, disabled1);
  gq_query_observer_subscribe (observer1);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  gq_query_observer_set_options (observer1, enabled1);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current (observer1, PENDING, FETCHING, NULL);
  gq_test_flush (&env);
  assert_current (observer1, SUCCESS, IDLE, "1");

  /* fresh data */
  gq_test_set_data (&env, key2, "\"cached\"");
  disabled2 = gq_test_options_new (key2, fetcher);
  gq_query_options_set_enabled (disabled2, FALSE);
  gq_query_options_set_stale_time (disabled2, 1000);
  enabled2 = with_enabled (disabled2, TRUE);
  observer2 = gq_query_observer_new (env.client, disabled2);
  gq_query_observer_subscribe (observer2);
  gq_query_observer_set_options (observer2, enabled2);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  refresh (&result, observer2);
  assert_result (result, SUCCESS, IDLE, "\"cached\"");
  g_assert_false (gq_query_result_get_is_stale (result));

  /* staleTime 1000 -> 0: stale now, but no fetch */
  stale2 = gq_query_options_copy (enabled2);
  gq_query_options_set_stale_time (stale2, 0);
  gq_query_observer_set_options (observer2, stale2);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  refresh (&result, observer2);
  g_assert_true (gq_query_result_get_is_stale (result));

  gq_query_observer_unsubscribe (observer1);
  gq_query_observer_unsubscribe (observer2);
  g_clear_object (&observer1);
  g_clear_object (&observer2);
  gq_test_env_clear (&env);
}

/* The result of a disabled observer: pending/idle, not loading, not stale,
 * yet following what others write to the cache */
static void
test_disabled_result (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "disabled-result", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_enabled (options, FALSE);
  gq_query_options_set_refetch_interval (options, 10);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  refresh (&result, observer);
  assert_result (result, PENDING, IDLE, NULL);
  g_assert_true (gq_query_result_get_is_pending (result));
  g_assert_false (gq_query_result_get_is_loading (result));
  g_assert_false (gq_query_result_get_is_fetching (result));
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_false (gq_query_result_get_is_enabled (result));
  g_assert_false (gq_query_result_get_is_fetched (result));
  g_assert_false (gq_query_is_active (gq_test_find_query (&env, key)));
  g_assert_true (gq_query_is_disabled (gq_test_find_query (&env, key)));

  /* no interval, no focus, no reconnect refetch */
  gq_test_advance (&env, 100);
  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_online_manager_set_online (env.online, FALSE);
  gq_online_manager_set_online (env.online, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 0);

  gq_test_set_data (&env, key, "\"written\"");
  refresh (&result, observer);
  assert_result (result, SUCCESS, IDLE, "\"written\"");
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_true (gq_query_result_get_is_fetched (result));
  g_assert_true (gq_query_result_get_is_fetched_after_mount (result));

  gq_query_observer_unsubscribe (observer);
  gq_query_client_unmount (env.client);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* The interval restarts on every state change: a 3 ms fetch with a 10 ms
 * interval runs at 0, 13, 26, 39 (probe S3) */
static void
test_refetch_interval_timeline (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "s3", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 3;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_interval (options, 10);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 40);

  g_assert_cmpuint (fetcher->calls, ==, 4);
  g_assert_cmpint (call_time (fetcher, 0), ==, 0);
  g_assert_cmpint (call_time (fetcher, 1), ==, 13);
  g_assert_cmpint (call_time (fetcher, 2), ==, 26);
  g_assert_cmpint (call_time (fetcher, 3), ==, 39);

  /* a manual write restarts the period too */
  gq_test_advance (&env, 2);
  g_assert_cmpuint (fetcher->calls, ==, 4);
  gq_test_set_data (&env, key, "\"manual\"");
  gq_test_advance (&env, 9);
  g_assert_cmpuint (fetcher->calls, ==, 4);
  gq_test_advance (&env, 1);
  g_assert_cmpuint (fetcher->calls, ==, 5);
  g_assert_cmpint (call_time (fetcher, 4), ==, 52);

  gq_query_observer_unsubscribe (observer);
  gq_test_advance (&env, 100);
  g_assert_cmpuint (fetcher->calls, ==, 5);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* refetchIntervalInBackground: the interval fetches while unfocused */
static void
test_refetch_interval_in_background (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "interval-in-background", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_interval_in_background (options, TRUE);
  gq_query_options_set_refetch_interval (options, 10);

  gq_focus_manager_set_focused (env.focus, FALSE);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 30);
  g_assert_cmpuint (fetcher->calls, ==, 4);
  g_assert_cmpint (call_time (fetcher, 3), ==, 30);
  gq_query_observer_unsubscribe (observer);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* An unfocused window pauses the (not in background) interval's fetches,
 * focus resumes them */
static void
test_refetch_interval_resumes_on_focus (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "interval-focus", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_interval (options, 10);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_test_advance (&env, 30);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  /* the client is not mounted: focusing does not refetch by itself, the
   * next tick does */
  gq_focus_manager_set_focused (env.focus, TRUE);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 3);
  g_assert_cmpint (call_time (fetcher, 2), ==, 50);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* select is memoized: the same input gives the same output node without
 * running it; it runs again only when the data changes; equal output is
 * structurally shared with the previous one */
static void
test_select_memo (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "select-memo", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  Selector selector = { 0 };
  GqQueryObserver *observer;
  GqTestRecorder *recorder;
  JsonNode *selected;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  set_fetcher_data (fetcher, "{\"count\": 1, \"x\": 1}");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_select_func (options, select_my_count, &selector, NULL);

  observer = gq_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  g_assert_cmpuint (selector.calls, ==, 1);
  refresh (&result, observer);
  selected = gq_query_result_get_data (result);
  gq_assert_json (selected, "{\"myCount\": 1}");

  /* a refetch: fetching then idle, the raw data shared, select not run */
  set_fetcher_data (fetcher, "{\"count\": 1, \"x\": 1}");
  gq_test_advance (&env, 5);
  gq_query_observer_refetch (observer);
  gq_test_flush (&env);
  g_assert_cmpuint (n_results (recorder), ==, 4);
  g_assert_true (gq_query_result_get_data (gq_test_recorder_get (recorder, 2)) == selected);
  g_assert_true (gq_query_result_get_data (gq_test_recorder_get (recorder, 3)) == selected);
  g_assert_cmpuint (selector.calls, ==, 1);

  /* new raw data, equal selection: select runs, its output is shared */
  gq_test_set_data (&env, key, "{\"count\": 1, \"x\": 2}");
  g_assert_cmpuint (selector.calls, ==, 2);
  refresh (&result, observer);
  g_assert_true (gq_query_result_get_data (result) == selected);

  /* new selection */
  gq_test_set_data (&env, key, "{\"count\": 2, \"x\": 2}");
  g_assert_cmpuint (selector.calls, ==, 3);
  assert_current (observer, SUCCESS, IDLE, "{\"myCount\": 2}");

  gq_query_observer_unsubscribe (observer);
  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  selector_clear (&selector);
}

/* Placeholder data while the first fetch runs: status success, not
 * loading, and is-refetching true (probe S4) */
static void
test_placeholder_is_refetching (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "s4", NULL);
  g_autoptr(JsonNode) placeholder = gq_test_json ("[]");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  set_fetcher_data (fetcher, "[1]");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_placeholder_data (options, placeholder);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  refresh (&result, observer);
  assert_result (result, SUCCESS, FETCHING, "[]");
  g_assert_true (gq_query_result_get_is_placeholder_data (result));
  g_assert_true (gq_query_result_get_is_refetching (result));
  g_assert_false (gq_query_result_get_is_loading (result));
  g_assert_false (gq_query_result_get_is_pending (result));
  g_assert_true (gq_query_result_get_is_success (result));
  g_assert_cmpint (gq_query_result_get_data_updated_at (result), ==, 0);
  g_assert_false (gq_query_result_get_is_fetched (result));

  /* the query itself is pending */
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (gq_test_find_query (&env, key))), ==, PENDING);

  gq_test_advance (&env, 10);
  refresh (&result, observer);
  assert_result (result, SUCCESS, IDLE, "[1]");
  g_assert_false (gq_query_result_get_is_placeholder_data (result));
  g_assert_false (gq_query_result_get_is_refetching (result));

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* keepPreviousData across a key change (probe S23) */
static void
test_placeholder_keep_previous_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("observer", "s23", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("observer", "s23", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  GqQueryObserver *observer;
  GqTestRecorder *recorder;
  GqQueryResult *r;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options1 = gq_test_options_new (key1, fetcher);
  gq_query_options_set_keep_previous_data (options1, TRUE);
  options2 = gq_test_options_new (key2, fetcher);
  gq_query_options_set_keep_previous_data (options2, TRUE);

  observer = gq_query_observer_new (env.client, options1);
  recorder = gq_test_recorder_new (observer);
  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  gq_query_observer_set_options (observer, options2);
  gq_test_flush (&env);

  g_assert_cmpuint (n_results (recorder), ==, 4);
  r = gq_test_recorder_get (recorder, 0);
  assert_result (r, PENDING, FETCHING, NULL);
  g_assert_false (gq_query_result_get_is_placeholder_data (r));
  r = gq_test_recorder_get (recorder, 1);
  assert_result (r, SUCCESS, IDLE, "1");
  g_assert_false (gq_query_result_get_is_placeholder_data (r));
  r = gq_test_recorder_get (recorder, 2);
  assert_result (r, SUCCESS, FETCHING, "1");
  g_assert_true (gq_query_result_get_is_placeholder_data (r));
  g_assert_true (gq_query_result_get_data (r) == gq_query_result_get_data (gq_test_recorder_get (recorder, 1)));
  r = gq_test_recorder_get (recorder, 3);
  assert_result (r, SUCCESS, IDLE, "2");
  g_assert_false (gq_query_result_get_is_placeholder_data (r));

  /* the first key's data did not leak into the second query */
  {
    g_autoptr(JsonNode) data1 = gq_query_client_get_query_data (env.client, key1);
    g_autoptr(JsonNode) data2 = gq_query_client_get_query_data (env.client, key2);
    gq_assert_json (data1, "1");
    gq_assert_json (data2, "2");
  }

  gq_query_observer_unsubscribe (observer);
  gq_test_recorder_free (recorder);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* A placeholder function gets the previous data and query; its result is
 * shown while pending, never cached */
static void
test_placeholder_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("observer", "placeholder-func", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("observer", "placeholder-func", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GqQueryState) state = NULL;
  PlaceholderLog log = { 0 };
  GqQueryObserver *observer;
  g_autofree char *key1_text = gq_test_dump (key1);

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  options1 = gq_test_options_new (key1, fetcher);
  options2 = gq_test_options_new (key2, fetcher);
  gq_query_options_set_placeholder_func (options2, placeholder_previous, &log, NULL);

  observer = gq_query_observer_new (env.client, options1);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);
  assert_current (observer, SUCCESS, IDLE, "1");
  g_assert_cmpuint (log.calls, ==, 0);

  gq_query_observer_set_options (observer, options2);
  refresh (&result, observer);
  assert_result (result, SUCCESS, FETCHING, "1");
  g_assert_true (gq_query_result_get_is_placeholder_data (result));
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (log.previous_keys, 0), ==, key1_text);

  state = gq_query_client_get_query_state (env.client, key2);
  g_assert_false (gq_query_state_has_data (state));
  g_assert_cmpint (gq_query_state_get_status (state), ==, PENDING);

  gq_test_advance (&env, 10);
  assert_current (observer, SUCCESS, IDLE, "2");
  /* memoized while the placeholder showed: called once */
  g_assert_cmpuint (log.calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
  placeholder_log_clear (&log);
}

/* isFetchedAfterMount compares with the query's state when the observer
 * started watching it (construction or key change), not subscribe time */
static void
test_is_fetched_after_mount (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "fetched-after-mount", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) fresh_options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer1;
  GqQueryObserver *observer2;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  gq_test_set_data (&env, key, "\"cached\"");
  options = gq_test_options_new (key, fetcher);
  fresh_options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (fresh_options, GQ_TIME_INFINITE);

  observer1 = gq_query_observer_new (env.client, options);
  refresh (&result, observer1);
  g_assert_true (gq_query_result_get_is_fetched (result));
  g_assert_false (gq_query_result_get_is_fetched_after_mount (result));

  gq_query_observer_subscribe (observer1);
  refresh (&result, observer1);
  assert_result (result, SUCCESS, FETCHING, "\"cached\"");
  g_assert_false (gq_query_result_get_is_fetched_after_mount (result));
  gq_test_flush (&env);
  refresh (&result, observer1);
  assert_result (result, SUCCESS, IDLE, "1");
  g_assert_true (gq_query_result_get_is_fetched_after_mount (result));

  /* a second observer created now: the fetch was before its time */
  observer2 = gq_query_observer_new (env.client, fresh_options);
  gq_query_observer_subscribe (observer2);
  refresh (&result, observer2);
  assert_result (result, SUCCESS, IDLE, "1");
  g_assert_false (gq_query_result_get_is_fetched_after_mount (result));
  g_assert_cmpuint (fetcher->calls, ==, 1);

  /* a write after its creation counts */
  gq_test_set_data (&env, key, "\"written\"");
  refresh (&result, observer2);
  g_assert_true (gq_query_result_get_is_fetched_after_mount (result));

  gq_query_observer_unsubscribe (observer1);
  gq_query_observer_unsubscribe (observer2);
  g_clear_object (&observer1);
  g_clear_object (&observer2);
  gq_test_env_clear (&env);
}

/* set_options with another key moves the observer to another query,
 * fetching it if stale; moving back shows the cached data at once */
static void
test_switch_keys (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("observer", "switch-keys", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("observer", "switch-keys", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryObserver *observer;
  GqQuery *query1;
  GqQuery *query2;
  guint query_notifies = 0;
  gulong handler;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options1 = gq_test_options_new (key1, fetcher);
  options2 = gq_test_options_new (key2, fetcher);

  observer = gq_query_observer_new (env.client, options1);
  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  query1 = gq_test_find_query (&env, key1);
  g_assert_true (gq_query_observer_get_query (observer) == query1);
  g_assert_cmpuint (gq_query_get_observer_count (query1), ==, 1);

  handler = g_signal_connect (observer, "notify::query", G_CALLBACK (count_notify), &query_notifies);
  gq_query_observer_set_options (observer, options2);
  g_clear_signal_handler (&handler, observer);
  g_assert_cmpuint (query_notifies, ==, 1);

  query2 = gq_test_find_query (&env, key2);
  g_assert_true (gq_query_observer_get_query (observer) == query2);
  g_assert_cmpuint (gq_query_get_observer_count (query1), ==, 0);
  g_assert_cmpuint (gq_query_get_observer_count (query2), ==, 1);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  refresh (&result, observer);
  assert_result (result, PENDING, FETCHING, NULL);
  g_assert_false (gq_query_result_get_is_fetched_after_mount (result));

  gq_test_flush (&env);
  refresh (&result, observer);
  assert_result (result, SUCCESS, IDLE, "2");
  g_assert_true (gq_query_result_get_is_fetched_after_mount (result));

  /* back to the first key: its data shows at once, and it is refetched
   * (stale) */
  gq_query_observer_set_options (observer, options1);
  g_assert_cmpuint (fetcher->calls, ==, 3);
  refresh (&result, observer);
  assert_result (result, SUCCESS, FETCHING, "1");
  g_assert_false (gq_query_result_get_is_fetched_after_mount (result));
  gq_test_flush (&env);
  assert_current (observer, SUCCESS, IDLE, "3");

  gq_query_observer_unsubscribe (observer);
  g_assert_cmpuint (gq_query_get_observer_count (query1), ==, 0);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* refetch_async fetches even when disabled and returns the result */
static void
test_refetch_async_disabled (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "refetch-disabled", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 20;
  set_fetcher_data (fetcher, "{\"ok\": true}");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_enabled (options, FALSE);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_query_observer_refetch_async (observer, GQ_REFETCH_FLAGS_NONE, NULL, gq_test_async_callback, &async);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current (observer, PENDING, FETCHING, NULL);

  gq_test_advance (&env, 19);
  g_assert_false (async.done);
  gq_test_advance (&env, 1);
  g_assert_true (async.done);

  result = gq_query_observer_refetch_finish (observer, async.result, &error);
  g_assert_no_error (error);
  assert_result (result, SUCCESS, IDLE, "{\"ok\": true}");
  g_assert_false (gq_query_result_get_is_enabled (result));
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_cmpint (gq_query_result_get_data_updated_at (result), ==, GQ_TEST_START_TIME + 20);
  gq_test_async_clear (&async);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* Reconnect refetch, through a mounted client and its online manager */
static guint
reconnect_calls (GqRefetchMode mode,
                 gboolean      mode_set,
                 gint64        stale_time,
                 GqNetworkMode network_mode)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "reconnect", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;
  guint calls;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  if (mode_set)
    gq_query_options_set_refetch_on_reconnect (options, mode);
  gq_query_options_set_stale_time (options, stale_time);
  gq_query_options_set_network_mode (options, network_mode);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_online_manager_set_online (env.online, FALSE);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  gq_online_manager_set_online (env.online, TRUE);
  calls = fetcher->calls;
  gq_test_flush (&env);
  assert_current (observer, SUCCESS, IDLE, calls == 2 ? "2" : "1");

  gq_query_observer_unsubscribe (observer);
  gq_query_client_unmount (env.client);
  g_clear_object (&observer);
  gq_test_env_clear (&env);

  return calls;
}

static void
test_reconnect_refetch (void)
{
  /* default: if stale */
  g_assert_cmpuint (reconnect_calls (0, FALSE, 0, GQ_NETWORK_MODE_ONLINE), ==, 2);
  g_assert_cmpuint (reconnect_calls (0, FALSE, GQ_TIME_INFINITE, GQ_NETWORK_MODE_ONLINE), ==, 1);
  g_assert_cmpuint (reconnect_calls (GQ_REFETCH_IF_STALE, TRUE, 0, GQ_NETWORK_MODE_ONLINE), ==, 2);
  g_assert_cmpuint (reconnect_calls (GQ_REFETCH_NEVER, TRUE, 0, GQ_NETWORK_MODE_ONLINE), ==, 1);
  g_assert_cmpuint (reconnect_calls (GQ_REFETCH_ALWAYS, TRUE, GQ_TIME_INFINITE, GQ_NETWORK_MODE_ONLINE), ==, 2);
  /* network mode "always": refetchOnReconnect defaults to false */
  g_assert_cmpuint (reconnect_calls (0, FALSE, 0, GQ_NETWORK_MODE_ALWAYS), ==, 1);
  g_assert_cmpuint (reconnect_calls (GQ_REFETCH_IF_STALE, TRUE, 0, GQ_NETWORK_MODE_ALWAYS), ==, 2);
}

/* Without gq_query_client_mount, focus and reconnect do not refetch */
static void
test_focus_reconnect_need_mount (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "need-mount", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_refetch_on_window_focus (options, GQ_REFETCH_ALWAYS);
  gq_query_options_set_refetch_on_reconnect (options, GQ_REFETCH_ALWAYS);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_online_manager_set_online (env.online, FALSE);
  gq_online_manager_set_online (env.online, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  /* mounted: each trigger refetches once */
  gq_query_client_mount (env.client);
  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_online_manager_set_online (env.online, FALSE);
  gq_online_manager_set_online (env.online, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 3);

  /* unmounted again */
  gq_query_client_unmount (env.client);
  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher->calls, ==, 3);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* Focus refetches join a running fetch (cancelRefetch: false) */
static void
test_focus_refetch_joins_running_fetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("observer", "focus-join", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryResult) refetched = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 10;
  options = gq_test_options_new (key, fetcher);

  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_refetch (observer);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_test_advance (&env, 5);
  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  gq_test_advance (&env, 5);
  assert_current (observer, SUCCESS, IDLE, "2");

  /* while a manual refetch with data restarts it */
  gq_query_observer_refetch (observer);
  gq_test_advance (&env, 5);
  gq_query_observer_refetch (observer);
  g_assert_cmpuint (fetcher->calls, ==, 4);
  gq_test_advance (&env, 10);
  assert_current (observer, SUCCESS, IDLE, "4");

  gq_query_observer_unsubscribe (observer);
  gq_query_client_unmount (env.client);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* queryObserver.test.tsx */
  g_test_add_func ("/Gq/QueryObserver/trigger-fetch-when-subscribed", test_trigger_fetch_when_subscribed);
  g_test_add_func ("/Gq/QueryObserver/pending-state-with-synchronous-query-func", test_pending_state_with_synchronous_query_func);
  g_test_add_func ("/Gq/QueryObserver/read-latest-data-after-subscribing", test_read_latest_data_after_subscribing);
  g_test_add_func ("/Gq/QueryObserver/disabled-no-fetch-on-mount", test_disabled_no_fetch_on_mount);
  g_test_add_func ("/Gq/QueryObserver/disabled-not-refetched-by-invalidate-all", test_disabled_not_refetched_by_invalidate_all);
  g_test_add_func ("/Gq/QueryObserver/disabled-refetch-still-fetches", test_disabled_refetch_still_fetches);
  g_test_add_func ("/Gq/QueryObserver/disabled-fetch-when-resubscribed-enabled", test_disabled_fetch_when_resubscribed_enabled);
  g_test_add_func ("/Gq/QueryObserver/disabled-enabled-while-unsubscribed-not-refetched", test_disabled_enabled_while_unsubscribed_not_refetched);
  g_test_add_func ("/Gq/QueryObserver/disabled-enable-while-subscribed-fetches-once", test_disabled_enable_while_subscribed_fetches_once);
  g_test_add_func ("/Gq/QueryObserver/enabled-toggle-invalidate-refetch-type", test_enabled_toggle_invalidate_refetch_type);
  g_test_add_func ("/Gq/QueryObserver/read-latest-data-when-resubscribing", test_read_latest_data_when_resubscribing);
  g_test_add_func ("/Gq/QueryObserver/notify-when-switching-query", test_notify_when_switching_query);
  g_test_add_func ("/Gq/QueryObserver/select", test_select);
  g_test_add_func ("/Gq/QueryObserver/select-with-refetch", test_select_with_refetch);
  g_test_add_func ("/Gq/QueryObserver/select-property", test_select_property);
  g_test_add_func ("/Gq/QueryObserver/select-rerun-when-data-changed", test_select_rerun_when_data_changed);
  g_test_add_func ("/Gq/QueryObserver/select-rerun-when-select-changed", test_select_rerun_when_select_changed);
  g_test_add_func ("/Gq/QueryObserver/select-not-rerun-same-data-and-select", test_select_not_rerun_same_data_and_select);
  g_test_add_func ("/Gq/QueryObserver/select-not-rerun-same-data", test_select_not_rerun_same_data);
  g_test_add_func ("/Gq/QueryObserver/select-structural-sharing", test_select_structural_sharing);
  g_test_add_func ("/Gq/QueryObserver/no-fetch-when-subscribed-disabled", test_no_fetch_when_subscribed_disabled);
  g_test_add_func ("/Gq/QueryObserver/no-fetch-when-not-subscribed", test_no_fetch_when_not_subscribed);
  g_test_add_func ("/Gq/QueryObserver/watch-without-query-func", test_watch_without_query_func);
  g_test_add_func ("/Gq/QueryObserver/set-options-on-disabled-observer", test_set_options_on_disabled_observer);
  g_test_add_func ("/Gq/QueryObserver/multiple-subscribers", test_multiple_subscribers);
  g_test_add_func ("/Gq/QueryObserver/stop-retry-when-unsubscribing", test_stop_retry_when_unsubscribing);
  g_test_add_func ("/Gq/QueryObserver/clear-interval-when-unsubscribing", test_clear_interval_when_unsubscribing);
  g_test_add_func ("/Gq/QueryObserver/refetch-interval-func", test_refetch_interval_func);
  g_test_add_func ("/Gq/QueryObserver/refetch-interval-func-gets-query", test_refetch_interval_func_gets_query);
  g_test_add_func ("/Gq/QueryObserver/placeholder-not-in-cache", test_placeholder_not_in_cache);
  g_test_add_func ("/Gq/QueryObserver/placeholder-structural-sharing", test_placeholder_structural_sharing);
  g_test_add_func ("/Gq/QueryObserver/get-query", test_get_query);
  g_test_add_func ("/Gq/QueryObserver/refetch-throw-on-error", test_refetch_throw_on_error);
  g_test_add_func ("/Gq/QueryObserver/no-interval-refetch-in-background", test_no_interval_refetch_in_background);
  g_test_add_func ("/Gq/QueryObserver/select-no-structural-sharing", test_select_no_structural_sharing);
  g_test_add_func ("/Gq/QueryObserver/select-no-structural-sharing-placeholder", test_select_no_structural_sharing_placeholder);
  g_test_add_func ("/Gq/QueryObserver/placeholder-func-previous-query-with-select", test_placeholder_func_previous_query_with_select);
  g_test_add_func ("/Gq/QueryObserver/placeholder-func-previous-data-with-select", test_placeholder_func_previous_data_with_select);
  g_test_add_func ("/Gq/QueryObserver/placeholder-cached-select-result", test_placeholder_cached_select_result);
  g_test_add_func ("/Gq/QueryObserver/cache-event-on-set-options", test_cache_event_on_set_options);
  g_test_add_func ("/Gq/QueryObserver/disabled-not-stale", test_disabled_not_stale);
  g_test_add_func ("/Gq/QueryObserver/stale-time-func", test_stale_time_func);
  g_test_add_func ("/Gq/QueryObserver/stale-time-static", test_stale_time_static);
  g_test_add_func ("/Gq/QueryObserver/focus-refetch-if-stale", test_focus_refetch_if_stale);
  g_test_add_func ("/Gq/QueryObserver/focus-refetch-never", test_focus_refetch_never);
  g_test_add_func ("/Gq/QueryObserver/focus-refetch-always", test_focus_refetch_always);
  g_test_add_func ("/Gq/QueryObserver/no-refetch-on-mount-retry-on-mount-false", test_no_refetch_on_mount_retry_on_mount_false);
  g_test_add_func ("/Gq/QueryObserver/no-refetch-on-mount-always-static", test_no_refetch_on_mount_always_static);
  g_test_add_func ("/Gq/QueryObserver/no-focus-refetch-static-background-error", test_no_focus_refetch_static_background_error);
  g_test_add_func ("/Gq/QueryObserver/focus-refetch-background-error", test_focus_refetch_background_error);
  g_test_add_func ("/Gq/QueryObserver/is-enabled-false", test_is_enabled_false);
  g_test_add_func ("/Gq/QueryObserver/is-enabled-default", test_is_enabled_default);
  g_test_add_func ("/Gq/QueryObserver/strict-mode-dedupe", test_strict_mode_dedupe);
  g_test_add_func ("/Gq/QueryObserver/strict-mode-cancellable-consumed", test_strict_mode_cancellable_consumed);

  /* semantics reference §2.10–2.12 */
  g_test_add_func ("/Gq/QueryObserver/first-load-sequence", test_first_load_sequence);
  g_test_add_func ("/Gq/QueryObserver/properties-match-result", test_properties_match_result);
  g_test_add_func ("/Gq/QueryObserver/refetch-sequence-equal-data", test_refetch_sequence_equal_data);
  g_test_add_func ("/Gq/QueryObserver/changed-once-per-iteration", test_changed_once_per_iteration);
  g_test_add_func ("/Gq/QueryObserver/unsubscribed-not-notified", test_unsubscribed_not_notified);
  g_test_add_func ("/Gq/QueryObserver/stale-timer-initial-data-fresh", test_stale_timer_initial_data_fresh);
  g_test_add_func ("/Gq/QueryObserver/initial-data-stale-fetches-on-mount", test_initial_data_stale_fetches_on_mount);
  g_test_add_func ("/Gq/QueryObserver/initial-data-no-stale-time-fetches", test_initial_data_no_stale_time_fetches);
  g_test_add_func ("/Gq/QueryObserver/initial-data", test_initial_data);
  g_test_add_func ("/Gq/QueryObserver/stale-timer-no-fetch", test_stale_timer_no_fetch);
  g_test_add_func ("/Gq/QueryObserver/refetch-on-mount-never", test_refetch_on_mount_never);
  g_test_add_func ("/Gq/QueryObserver/refetch-on-mount-if-stale", test_refetch_on_mount_if_stale);
  g_test_add_func ("/Gq/QueryObserver/refetch-on-mount-always", test_refetch_on_mount_always);
  g_test_add_func ("/Gq/QueryObserver/refetch-on-mount-static", test_refetch_on_mount_static);
  g_test_add_func ("/Gq/QueryObserver/enable-fetches-if-stale", test_enable_fetches_if_stale);
  g_test_add_func ("/Gq/QueryObserver/disabled-result", test_disabled_result);
  g_test_add_func ("/Gq/QueryObserver/refetch-interval-timeline", test_refetch_interval_timeline);
  g_test_add_func ("/Gq/QueryObserver/refetch-interval-in-background", test_refetch_interval_in_background);
  g_test_add_func ("/Gq/QueryObserver/refetch-interval-resumes-on-focus", test_refetch_interval_resumes_on_focus);
  g_test_add_func ("/Gq/QueryObserver/select-memo", test_select_memo);
  g_test_add_func ("/Gq/QueryObserver/placeholder-is-refetching", test_placeholder_is_refetching);
  g_test_add_func ("/Gq/QueryObserver/placeholder-keep-previous-data", test_placeholder_keep_previous_data);
  g_test_add_func ("/Gq/QueryObserver/placeholder-func", test_placeholder_func);
  g_test_add_func ("/Gq/QueryObserver/is-fetched-after-mount", test_is_fetched_after_mount);
  g_test_add_func ("/Gq/QueryObserver/switch-keys", test_switch_keys);
  g_test_add_func ("/Gq/QueryObserver/refetch-async-disabled", test_refetch_async_disabled);
  g_test_add_func ("/Gq/QueryObserver/reconnect-refetch", test_reconnect_refetch);
  g_test_add_func ("/Gq/QueryObserver/focus-reconnect-need-mount", test_focus_reconnect_need_mount);
  g_test_add_func ("/Gq/QueryObserver/focus-refetch-joins-running-fetch", test_focus_refetch_joins_running_fetch);

  return g_test_run ();
}
