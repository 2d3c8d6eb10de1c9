/* test-query-cache.c: TanStack's queryCache.test.tsx, ported, plus cache
 * events and the filters of find and find_all
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include <math.h>

#include "gq-query-cache-private.h"
#include "gq-query-private.h"

/* ---- helpers ------------------------------------------------------- */

static void
prefetch (GqTestEnv      *env,
          GqQueryOptions *options)
{
  gq_query_client_prefetch_query_async (env->client, options, NULL, NULL, NULL);
}

static void
prefetch_now (GqTestEnv      *env,
              GqQueryOptions *options)
{
  GqTestAsync async = { 0 };

  gq_query_client_prefetch_query_async (env->client, options, NULL, gq_test_async_callback, &async);
  gq_test_flush (env);
  g_assert_true (async.done);
  gq_test_async_clear (&async);
}

/* prefetchQuery of @key with a fetcher of @delay ms resolving @data */
static GqTestFetcher *
prefetch_key (GqTestEnv  *env,
              JsonNode   *key,
              gint64      delay,
              const char *data)
{
  GqTestFetcher *fetcher = gq_test_fetcher_new (env);
  g_autoptr(GqQueryOptions) options = NULL;

  fetcher->delay = delay;
  if (data != NULL)
    fetcher->data = gq_test_json (data);
  options = gq_test_options_new (key, fetcher);
  prefetch (env, options);

  return fetcher;
}

/* Asserts that @found holds exactly the NULL-terminated queries. */
static void
assert_queries (GPtrArray *found,
                ...)
{
  va_list args;
  GqQuery *query;
  guint i = 0;

  va_start (args, found);
  while ((query = va_arg (args, GqQuery *)) != NULL)
    {
      g_assert_cmpuint (i, <, found->len);
      g_assert_true (g_ptr_array_index (found, i) == query);
      i++;
    }
  va_end (args);

  g_assert_cmpuint (found->len, ==, i);
}

static GPtrArray *
find_all (GqTestEnv      *env,
          GqQueryFilters *filters)
{
  return gq_query_cache_find_all (gq_test_cache (env), filters);
}

/* find_all () of the filters, checked against the NULL-terminated list */
#define assert_find_all(env, filters, ...) G_STMT_START { \
  g_autoptr(GPtrArray) __found = find_all ((env), (filters)); \
  assert_queries (__found, __VA_ARGS__); \
} G_STMT_END

/* Cache events */
typedef struct
{
  GqCacheEventType  type;
  GqQuery          *query;
  GObject          *observer;
} Event;

typedef struct
{
  GqQueryCache *cache;
  GArray       *events;
  gulong        handler;
} EventLog;

static void
event_clear (gpointer data)
{
  Event *event = data;

  g_clear_object (&event->query);
}

static void
on_cache_event (GqQueryCache     *cache,
                GqCacheEventType  type,
                GqQuery          *query,
                GObject          *observer,
                EventLog         *log)
{
  Event event = { type, g_object_ref (query), observer };

  g_assert_true (cache == log->cache);
  g_array_append_val (log->events, event);
}

static EventLog *
event_log_new (GqQueryCache *cache)
{
  EventLog *log = g_new0 (EventLog, 1);

  log->cache = g_object_ref (cache);
  log->events = g_array_new (FALSE, FALSE, sizeof (Event));
  g_array_set_clear_func (log->events, event_clear);
  log->handler = g_signal_connect (cache, "event", G_CALLBACK (on_cache_event), log);

  return log;
}

static Event *
event_log_get (EventLog *log,
               guint     index)
{
  g_assert_cmpuint (index, <, log->events->len);

  return &g_array_index (log->events, Event, index);
}

static void
event_log_free (EventLog *log)
{
  g_clear_signal_handler (&log->handler, log->cache);
  g_clear_object (&log->cache);
  g_array_unref (log->events);
  g_free (log);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EventLog, event_log_free)

/* Asserts the event types, a list ending with -1. */
static void
assert_event_types (EventLog *log,
                    ...)
{
  va_list args;
  int type;
  guint i = 0;

  va_start (args, log);
  while ((type = va_arg (args, int)) != -1)
    {
      g_assert_cmpuint (i, <, log->events->len);
      g_assert_cmpint (event_log_get (log, i)->type, ==, type);
      i++;
    }
  va_end (args);

  g_assert_cmpuint (log->events->len, ==, i);
}

/* ---- subscribe ----------------------------------------------------- */

/* should pass the correct query */
static void
test_subscribe_pass_correct_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("pass-query", NULL);
  g_autoptr(JsonNode) data = gq_test_json ("\"foo\"");
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(EventLog) log = NULL;
  GqQuery *query;

  gq_test_env_init (&env);
  log = event_log_new (gq_test_cache (&env));

  stored = gq_query_client_set_query_data (env.client, key, data, 0);
  query = gq_test_find_query (&env, key);

  g_assert_nonnull (query);
  g_assert_cmpint (event_log_get (log, 0)->type, ==, GQ_CACHE_EVENT_ADDED);
  g_assert_true (event_log_get (log, 0)->query == query);
  g_assert_null (event_log_get (log, 0)->observer);
  /* then the manual "success" */
  assert_event_types (log, GQ_CACHE_EVENT_ADDED, GQ_CACHE_EVENT_UPDATED, -1);
  g_assert_true (event_log_get (log, 1)->query == query);

  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

/* should notify listeners when new query is added */
static void
test_subscribe_notify_query_added (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("notify-added", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(EventLog) log = NULL;
  GqQuery *query;

  gq_test_env_init (&env);
  log = event_log_new (gq_test_cache (&env));

  fetcher = prefetch_key (&env, key, 100, "\"data\"");
  gq_test_advance (&env, 100);
  query = gq_test_find_query (&env, key);

  g_assert_cmpint (event_log_get (log, 0)->type, ==, GQ_CACHE_EVENT_ADDED);
  g_assert_true (event_log_get (log, 0)->query == query);
  /* added, fetch, success */
  assert_event_types (log, GQ_CACHE_EVENT_ADDED, GQ_CACHE_EVENT_UPDATED, GQ_CACHE_EVENT_UPDATED, -1);

  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

/* should notify query cache when a query becomes stale */
static void
test_subscribe_notify_query_becomes_stale (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("notify-stale", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(EventLog) log = NULL;
  GqQueryObserver *observer;
  GqQuery *query;

  gq_test_env_init (&env);
  log = event_log_new (gq_test_cache (&env));

  fetcher = gq_test_fetcher_new (&env);
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, 10);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);

  gq_test_advance (&env, 11);

  assert_event_types (log,
                      GQ_CACHE_EVENT_ADDED,                    /* query added: pending */
                      GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED, /* first result */
                      GQ_CACHE_EVENT_OBSERVER_ADDED,           /* subscribed */
                      GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED, /* fetching */
                      GQ_CACHE_EVENT_UPDATED,                  /* "fetch" */
                      GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED, /* success */
                      GQ_CACHE_EVENT_UPDATED,                  /* "success" */
                      GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED, /* stale */
                      -1);

  query = gq_test_find_query (&env, key);
  for (guint i = 0; i < log->events->len; i++)
    g_assert_true (event_log_get (log, i)->query == query);
  g_assert_true (event_log_get (log, 2)->observer == G_OBJECT (observer));
  g_assert_true (event_log_get (log, 7)->observer == G_OBJECT (observer));

  /* it flipped at 11 ms, not before */
  g_assert_true (gq_query_is_stale (query));

  gq_query_observer_unsubscribe (observer);
  g_clear_pointer (&log, event_log_free);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

static void
check_cache_emitter (GqQueryCache     *cache,
                     GqCacheEventType  type,
                     GqQuery          *query,
                     GObject          *observer,
                     gpointer          user_data)
{
  GqQueryCache **seen = user_data;

  *seen = cache;
}

/* should include the queryCache and query when notifying listeners */
static void
test_subscribe_include_cache_and_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("include-cache", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(EventLog) log = NULL;
  GqQueryCache *seen = NULL;
  gulong handler;

  gq_test_env_init (&env);
  log = event_log_new (gq_test_cache (&env));
  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (check_cache_emitter), &seen);

  fetcher = prefetch_key (&env, key, 100, "\"data\"");
  gq_test_advance (&env, 100);

  g_assert_true (seen == gq_test_cache (&env));
  g_assert_cmpint (event_log_get (log, 0)->type, ==, GQ_CACHE_EVENT_ADDED);
  g_assert_true (event_log_get (log, 0)->query == gq_test_find_query (&env, key));

  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

typedef struct
{
  guint          added;
  GqQueryStatus  status;
  char          *data;
} AddedState;

static void
record_added_state (GqQueryCache     *cache,
                    GqCacheEventType  type,
                    GqQuery          *query,
                    GObject          *observer,
                    AddedState       *added)
{
  if (type != GQ_CACHE_EVENT_ADDED)
    return;

  added->added++;
  added->status = gq_query_state_get_status (gq_query_get_state (query));
  g_free (added->data);
  added->data = gq_test_dump (gq_query_state_get_data (gq_query_get_state (query)));
}

/* should notify subscribers when new query with initialData is added */
static void
test_subscribe_notify_query_with_initial_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("notify-initial", NULL);
  g_autoptr(JsonNode) initial = gq_test_json ("\"initial\"");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(EventLog) log = NULL;
  AddedState added = { 0 };
  gulong handler;

  gq_test_env_init (&env);
  log = event_log_new (gq_test_cache (&env));
  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (record_added_state), &added);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 100;
  fetcher->data = gq_test_json ("\"data\"");
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_initial_data (options, initial);
  prefetch (&env, options);
  gq_test_advance (&env, 100);

  g_assert_cmpint (event_log_get (log, 0)->type, ==, GQ_CACHE_EVENT_ADDED);
  g_assert_true (event_log_get (log, 0)->query == gq_test_find_query (&env, key));
  /* the query arrives with its initial data */
  g_assert_cmpuint (added.added, ==, 1);
  g_assert_cmpint (added.status, ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpstr (added.data, ==, "\"initial\"");
  assert_event_types (log, GQ_CACHE_EVENT_ADDED, GQ_CACHE_EVENT_UPDATED, GQ_CACHE_EVENT_UPDATED, -1);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (gq_test_find_query (&env, key))), "\"data\"");

  g_free (added.data);
  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

static gboolean
is_not_query (GqQuery  *query,
              gpointer  user_data)
{
  return query != user_data;
}

static void
limit_cache_size (GqQueryCache     *cache,
                  GqCacheEventType  type,
                  GqQuery          *query,
                  GObject          *observer,
                  gpointer          user_data)
{
  g_autoptr(GPtrArray) all = NULL;

  if (type != GQ_CACHE_EVENT_ADDED)
    return;

  all = gq_query_cache_get_all (cache);
  if (all->len > 2)
    {
      g_autoptr(GqQueryFilters) filters = gq_query_filters_new (NULL);
      g_autoptr(GPtrArray) inactive = NULL;

      gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_INACTIVE);
      gq_query_filters_set_predicate (filters, is_not_query, query, NULL);
      inactive = gq_query_cache_find_all (cache, filters);
      for (guint i = 0; i < inactive->len; i++)
        gq_query_cache_remove (cache, g_ptr_array_index (inactive, i));
    }
}

/* should be able to limit cache size */
static void
test_subscribe_limit_cache_size (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("limit", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("limit", "2", NULL);
  g_autoptr(JsonNode) key3 = gq_key_new ("limit", "3", NULL);
  g_autoptr(GqTestFetcher) fetcher1 = NULL;
  g_autoptr(GqTestFetcher) fetcher2 = NULL;
  g_autoptr(GqTestFetcher) fetcher3 = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gulong handler;

  gq_test_env_init (&env);
  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (limit_cache_size), NULL);

  fetcher1 = prefetch_key (&env, key1, 100, "\"data1\"");
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 1);
  fetcher2 = prefetch_key (&env, key2, 100, "\"data2\"");
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 2);
  fetcher3 = prefetch_key (&env, key3, 100, "\"data3\"");
  gq_test_advance (&env, 100);

  all = gq_query_cache_find_all (gq_test_cache (&env), NULL);
  g_assert_cmpuint (all->len, ==, 1);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (g_ptr_array_index (all, 0))), "\"data3\"");
  g_assert_cmpuint (fetcher1->calls + fetcher2->calls + fetcher3->calls, ==, 3);

  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  gq_test_env_clear (&env);
}

/* ---- find ---------------------------------------------------------- */

/* find should filter correctly */
static void
test_find_filter_correctly (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("find", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = prefetch_key (&env, key, 100, "\"data1\"");
  gq_test_advance (&env, 100);

  query = gq_test_find_query (&env, key);
  g_assert_nonnull (query);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "\"data1\"");

  gq_test_env_clear (&env);
}

/* find should filter correctly with exact set to false */
static void
test_find_exact_false (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("find-inexact", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = prefetch_key (&env, key, 100, "\"data1\"");
  gq_test_advance (&env, 100);

  filters = gq_query_filters_new (key);
  gq_query_filters_set_exact (filters, FALSE);
  query = gq_query_cache_find (gq_test_cache (&env), filters);
  g_assert_nonnull (query);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "\"data1\"");

  gq_test_env_clear (&env);
}

/* find matches exactly unless told otherwise, and returns the first match
 * in insertion order */
static void
test_find_default_exact (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) prefix = gq_key_new ("todos", NULL);
  g_autoptr(JsonNode) key2 = gq_test_json ("[\"todos\", 2]");
  g_autoptr(JsonNode) key1 = gq_test_json ("[\"todos\", 1]");
  g_autoptr(JsonNode) data = gq_test_json ("true");
  g_autoptr(JsonNode) stored2 = NULL;
  g_autoptr(JsonNode) stored1 = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GqQueryFilters) inexact = NULL;
  g_autoptr(GqQueryFilters) missing = NULL;

  gq_test_env_init (&env);

  stored2 = gq_query_client_set_query_data (env.client, key2, data, 0);
  stored1 = gq_query_client_set_query_data (env.client, key1, data, 0);

  filters = gq_query_filters_new (prefix);
  g_assert_false (gq_query_filters_get_exact (filters));
  g_assert_null (gq_query_cache_find (gq_test_cache (&env), filters));

  inexact = gq_query_filters_new (prefix);
  gq_query_filters_set_exact (inexact, FALSE);
  g_assert_true (gq_query_cache_find (gq_test_cache (&env), inexact) == gq_test_find_query (&env, key2));

  missing = gq_query_filters_new_exact (key1);
  g_assert_true (gq_query_cache_find (gq_test_cache (&env), missing) == gq_test_find_query (&env, key1));

  /* find did not change the caller's filters */
  g_assert_false (gq_query_filters_get_exact (filters));

  gq_test_env_clear (&env);
}

/* ---- findAll ------------------------------------------------------- */

/* findAll should filter correctly */
static void
test_find_all_filter_correctly (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("query_1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("query_2", NULL);
  g_autoptr(JsonNode) key_fetching = gq_key_new ("query_3", NULL);
  g_autoptr(JsonNode) key3 = gq_test_json ("[{\"a\": \"a\", \"b\": \"b\"}]");
  g_autoptr(JsonNode) key4 = gq_test_json ("[\"posts\", 1]");
  g_autoptr(JsonNode) wrapped = gq_test_json ("[[\"query_1\"]]");
  g_autoptr(JsonNode) only_a = gq_test_json ("[{\"a\": \"a\"}]");
  g_autoptr(JsonNode) only_b = gq_test_json ("[{\"b\": \"b\"}]");
  g_autoptr(JsonNode) abc = gq_test_json ("[{\"a\": \"a\", \"b\": \"b\", \"c\": \"c\"}]");
  g_autoptr(JsonNode) posts = gq_key_new ("posts", NULL);
  g_autoptr(GqTestFetcher) f1 = NULL;
  g_autoptr(GqTestFetcher) f2 = NULL;
  g_autoptr(GqTestFetcher) f3 = NULL;
  g_autoptr(GqTestFetcher) f4 = NULL;
  g_autoptr(GqTestFetcher) f_fetching = NULL;
  g_autoptr(GqQueryFilters) invalidate = NULL;
  GqQuery *query1, *query2, *query3, *query4;

  gq_test_env_init (&env);

  f1 = prefetch_key (&env, key1, 100, "\"data1\"");
  f2 = prefetch_key (&env, key2, 100, "\"data2\"");
  f3 = prefetch_key (&env, key3, 100, "\"data3\"");
  f4 = prefetch_key (&env, key4, 100, "\"data4\"");
  gq_test_advance (&env, 100);

  invalidate = gq_query_filters_new (key2);
  gq_query_client_invalidate_queries (env.client, invalidate);

  query1 = gq_test_find_query (&env, key1);
  query2 = gq_test_find_query (&env, key2);
  query3 = gq_test_find_query (&env, key3);
  query4 = gq_test_find_query (&env, key4);
  g_assert_nonnull (query1);
  g_assert_nonnull (query2);
  g_assert_nonnull (query3);
  g_assert_nonnull (query4);

#define FILTERS(var, key) g_autoptr(GqQueryFilters) var = gq_query_filters_new (key)

  {
    FILTERS (f, key1);
    assert_find_all (&env, f, query1, NULL);
  }
  {
    /* wrapping the key in an array changes it */
    FILTERS (f, wrapped);
    assert_find_all (&env, f, NULL);
  }
  assert_find_all (&env, NULL, query1, query2, query3, query4, NULL);
  {
    FILTERS (f, NULL);
    assert_find_all (&env, f, query1, query2, query3, query4, NULL);
  }
  {
    FILTERS (f, key1);
    gq_query_filters_set_query_type (f, GQ_QUERY_TYPE_INACTIVE);
    assert_find_all (&env, f, query1, NULL);
  }
  {
    FILTERS (f, key1);
    gq_query_filters_set_query_type (f, GQ_QUERY_TYPE_ACTIVE);
    assert_find_all (&env, f, NULL);
  }
  {
    FILTERS (f, key1);
    gq_query_filters_set_stale (f, TRUE);
    assert_find_all (&env, f, NULL);
  }
  {
    FILTERS (f, key1);
    gq_query_filters_set_stale (f, FALSE);
    assert_find_all (&env, f, query1, NULL);
  }
  {
    FILTERS (f, key1);
    gq_query_filters_set_stale (f, FALSE);
    gq_query_filters_set_query_type (f, GQ_QUERY_TYPE_ACTIVE);
    assert_find_all (&env, f, NULL);
  }
  {
    FILTERS (f, key1);
    gq_query_filters_set_stale (f, FALSE);
    gq_query_filters_set_query_type (f, GQ_QUERY_TYPE_INACTIVE);
    assert_find_all (&env, f, query1, NULL);
  }
  {
    FILTERS (f, key1);
    gq_query_filters_set_stale (f, FALSE);
    gq_query_filters_set_query_type (f, GQ_QUERY_TYPE_INACTIVE);
    gq_query_filters_set_exact (f, TRUE);
    assert_find_all (&env, f, query1, NULL);
  }
  {
    FILTERS (f, key2);
    assert_find_all (&env, f, query2, NULL);
  }
  {
    FILTERS (f, key2);
    gq_query_filters_set_stale (f, TRUE);
    assert_find_all (&env, f, query2, NULL);
  }
  {
    FILTERS (f, key2);
    gq_query_filters_set_stale (f, FALSE);
    assert_find_all (&env, f, NULL);
  }
  {
    FILTERS (f, only_b);
    assert_find_all (&env, f, query3, NULL);
  }
  {
    FILTERS (f, only_a);
    gq_query_filters_set_exact (f, FALSE);
    assert_find_all (&env, f, query3, NULL);
  }
  {
    FILTERS (f, only_a);
    gq_query_filters_set_exact (f, TRUE);
    assert_find_all (&env, f, NULL);
  }
  {
    FILTERS (f, key3);
    gq_query_filters_set_exact (f, TRUE);
    assert_find_all (&env, f, query3, NULL);
  }
  {
    FILTERS (f, key3);
    assert_find_all (&env, f, query3, NULL);
  }
  {
    FILTERS (f, abc);
    assert_find_all (&env, f, NULL);
  }
  {
    FILTERS (f, only_a);
    gq_query_filters_set_stale (f, FALSE);
    assert_find_all (&env, f, query3, NULL);
  }
  {
    FILTERS (f, only_a);
    gq_query_filters_set_stale (f, TRUE);
    assert_find_all (&env, f, NULL);
  }
  {
    FILTERS (f, only_a);
    gq_query_filters_set_query_type (f, GQ_QUERY_TYPE_ACTIVE);
    assert_find_all (&env, f, NULL);
  }
  {
    FILTERS (f, only_a);
    gq_query_filters_set_query_type (f, GQ_QUERY_TYPE_INACTIVE);
    assert_find_all (&env, f, query3, NULL);
  }
  {
    FILTERS (f, NULL);
    gq_query_filters_set_predicate (f, is_not_query, query3, NULL);
    assert_find_all (&env, f, query1, query2, query4, NULL);
  }
  {
    FILTERS (f, posts);
    assert_find_all (&env, f, query4, NULL);
  }
  {
    FILTERS (f, NULL);
    gq_query_filters_set_fetch_status (f, GQ_FETCH_STATUS_IDLE);
    assert_find_all (&env, f, query1, query2, query3, query4, NULL);
  }

  f_fetching = prefetch_key (&env, key_fetching, 20, "\"dataFetching\"");
  {
    FILTERS (f, NULL);
    gq_query_filters_set_fetch_status (f, GQ_FETCH_STATUS_FETCHING);
    assert_find_all (&env, f, gq_test_find_query (&env, key_fetching), NULL);
  }
  gq_test_advance (&env, 20);
  {
    FILTERS (f, NULL);
    gq_query_filters_set_fetch_status (f, GQ_FETCH_STATUS_FETCHING);
    assert_find_all (&env, f, NULL);
  }

#undef FILTERS

  gq_test_env_clear (&env);
}

/* should return all the queries when no filters are defined */
static void
test_find_all_no_filters (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("all", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("all", "2", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options1 = NULL;
  g_autoptr(GqQueryOptions) options2 = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) got_all = NULL;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options1 = gq_test_options_new (key1, fetcher);
  options2 = gq_test_options_new (key2, fetcher);
  prefetch_now (&env, options1);
  prefetch_now (&env, options2);

  all = gq_query_cache_find_all (gq_test_cache (&env), NULL);
  g_assert_cmpuint (all->len, ==, 2);
  got_all = gq_query_cache_get_all (gq_test_cache (&env));
  assert_queries (got_all, gq_test_find_query (&env, key1), gq_test_find_query (&env, key2), NULL);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 2);

  gq_test_env_clear (&env);
}

/* type: active queries have an enabled observer */
static void
test_find_all_query_type (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key_a = gq_key_new ("type", "a", NULL);
  g_autoptr(JsonNode) key_b = gq_key_new ("type", "b", NULL);
  g_autoptr(JsonNode) key_c = gq_key_new ("type", "c", NULL);
  g_autoptr(JsonNode) key_d = gq_key_new ("type", "d", NULL);
  g_autoptr(JsonNode) prefix = gq_key_new ("type", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryFilters) all = NULL;
  g_autoptr(GqQueryFilters) active = NULL;
  g_autoptr(GqQueryFilters) inactive = NULL;
  GqQueryObserver *observers[5];
  GqQuery *a, *b, *c, *d;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);

  {
    g_autoptr(GqQueryOptions) enabled_a = gq_test_options_new (key_a, fetcher);
    g_autoptr(GqQueryOptions) disabled_b = gq_test_options_new (key_b, fetcher);
    g_autoptr(GqQueryOptions) idle_c = gq_test_options_new (key_c, fetcher);
    g_autoptr(GqQueryOptions) enabled_d = gq_test_options_new (key_d, fetcher);
    g_autoptr(GqQueryOptions) disabled_d = gq_test_options_new (key_d, fetcher);

    gq_query_options_set_enabled (disabled_b, FALSE);
    gq_query_options_set_enabled (disabled_d, FALSE);
    observers[0] = gq_query_observer_new (env.client, enabled_a);
    observers[1] = gq_query_observer_new (env.client, disabled_b);
    observers[2] = gq_query_observer_new (env.client, idle_c);
    observers[3] = gq_query_observer_new (env.client, disabled_d);
    observers[4] = gq_query_observer_new (env.client, enabled_d);
  }
  gq_query_observer_subscribe (observers[0]);
  gq_query_observer_subscribe (observers[1]);
  /* observers[2] is never subscribed */
  gq_query_observer_subscribe (observers[3]);
  gq_query_observer_subscribe (observers[4]);
  gq_test_flush (&env);

  a = gq_test_find_query (&env, key_a);
  b = gq_test_find_query (&env, key_b);
  c = gq_test_find_query (&env, key_c);
  d = gq_test_find_query (&env, key_d);

  all = gq_query_filters_new (prefix);
  g_assert_cmpint (gq_query_filters_get_query_type (all), ==, GQ_QUERY_TYPE_ALL);
  assert_find_all (&env, all, a, b, c, d, NULL);

  active = gq_query_filters_new (prefix);
  gq_query_filters_set_query_type (active, GQ_QUERY_TYPE_ACTIVE);
  assert_find_all (&env, active, a, d, NULL);

  inactive = gq_query_filters_new (prefix);
  gq_query_filters_set_query_type (inactive, GQ_QUERY_TYPE_INACTIVE);
  assert_find_all (&env, inactive, b, c, NULL);

  /* the enabled observer of d leaves: d turns inactive */
  gq_query_observer_unsubscribe (observers[4]);
  assert_find_all (&env, active, a, NULL);
  assert_find_all (&env, inactive, b, c, d, NULL);

  gq_query_observer_unsubscribe (observers[0]);
  gq_query_observer_unsubscribe (observers[1]);
  gq_query_observer_unsubscribe (observers[3]);
  assert_find_all (&env, active, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (observers); i++)
    g_clear_object (&observers[i]);
  gq_test_env_clear (&env);
}

/* stale: with observers, if one sees stale data; without, if there is no
 * data or it was invalidated */
static void
test_find_all_stale (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key_a = gq_key_new ("stale", "fresh-observed", NULL);
  g_autoptr(JsonNode) key_b = gq_key_new ("stale", "stale-observed", NULL);
  g_autoptr(JsonNode) key_c = gq_key_new ("stale", "disabled", NULL);
  g_autoptr(JsonNode) key_d = gq_key_new ("stale", "unobserved", NULL);
  g_autoptr(JsonNode) key_e = gq_key_new ("stale", "invalidated", NULL);
  g_autoptr(JsonNode) key_f = gq_key_new ("stale", "no-data", NULL);
  g_autoptr(JsonNode) prefix = gq_key_new ("stale", NULL);
  g_autoptr(JsonNode) data = gq_test_json ("\"data\"");
  g_autoptr(JsonNode) stored_c = NULL;
  g_autoptr(JsonNode) stored_d = NULL;
  g_autoptr(JsonNode) stored_e = NULL;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryFilters) stale = NULL;
  g_autoptr(GqQueryFilters) fresh = NULL;
  g_autoptr(GqQueryFilters) any = NULL;
  g_autoptr(GqQueryFilters) invalidate = NULL;
  GqQueryObserver *observers[4];
  GqQuery *a, *b, *c, *d, *e, *f;
  gboolean value;

  gq_test_env_init (&env);
  fetcher = gq_test_fetcher_new (&env);

  {
    g_autoptr(GqQueryOptions) options_a = gq_test_options_new (key_a, fetcher);
    g_autoptr(GqQueryOptions) options_b = gq_test_options_new (key_b, fetcher);
    g_autoptr(GqQueryOptions) options_c = gq_test_options_new (key_c, fetcher);
    g_autoptr(GqQueryOptions) options_f = gq_test_options_new (key_f, fetcher);

    gq_query_options_set_stale_time (options_a, GQ_TIME_INFINITE);
    gq_query_options_set_enabled (options_c, FALSE);
    gq_query_options_set_enabled (options_f, FALSE);
    observers[0] = gq_query_observer_new (env.client, options_a);
    observers[1] = gq_query_observer_new (env.client, options_b);
    observers[2] = gq_query_observer_new (env.client, options_c);
    stored_d = gq_query_client_set_query_data (env.client, key_d, data, 0);
    stored_e = gq_query_client_set_query_data (env.client, key_e, data, 0);
    /* built, never subscribed, never fetched */
    observers[3] = gq_query_observer_new (env.client, options_f);
  }
  gq_query_observer_subscribe (observers[0]);
  gq_query_observer_subscribe (observers[1]);
  gq_query_observer_subscribe (observers[2]);
  gq_test_flush (&env);
  stored_c = gq_query_client_set_query_data (env.client, key_c, data, 0);

  invalidate = gq_query_filters_new (key_e);
  gq_query_client_invalidate_queries (env.client, invalidate);

  a = gq_test_find_query (&env, key_a);
  b = gq_test_find_query (&env, key_b);
  c = gq_test_find_query (&env, key_c);
  d = gq_test_find_query (&env, key_d);
  e = gq_test_find_query (&env, key_e);
  f = gq_test_find_query (&env, key_f);

  any = gq_query_filters_new (prefix);
  g_assert_false (gq_query_filters_lookup_stale (any, &value));
  assert_find_all (&env, any, a, b, c, d, e, f, NULL);

  stale = gq_query_filters_new (prefix);
  gq_query_filters_set_stale (stale, TRUE);
  g_assert_true (gq_query_filters_lookup_stale (stale, &value));
  g_assert_true (value);
  assert_find_all (&env, stale, b, e, f, NULL);

  fresh = gq_query_filters_new (prefix);
  gq_query_filters_set_stale (fresh, FALSE);
  assert_find_all (&env, fresh, a, c, d, NULL);

  gq_query_observer_unsubscribe (observers[0]);
  gq_query_observer_unsubscribe (observers[1]);
  gq_query_observer_unsubscribe (observers[2]);

  /* unobserved now: a, b and c have data and were never invalidated */
  assert_find_all (&env, stale, e, f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (observers); i++)
    g_clear_object (&observers[i]);
  gq_test_env_clear (&env);
}

/* fetch status: idle, fetching, paused */
static void
test_find_all_fetch_status (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key_idle = gq_key_new ("status", "idle", NULL);
  g_autoptr(JsonNode) key_fetching = gq_key_new ("status", "fetching", NULL);
  g_autoptr(JsonNode) key_paused = gq_key_new ("status", "paused", NULL);
  g_autoptr(GqTestFetcher) f_idle = NULL;
  g_autoptr(GqTestFetcher) f_fetching = NULL;
  g_autoptr(GqTestFetcher) f_paused = NULL;
  g_autoptr(GqQueryFilters) idle = gq_query_filters_new (NULL);
  g_autoptr(GqQueryFilters) fetching = gq_query_filters_new (NULL);
  g_autoptr(GqQueryFilters) paused = gq_query_filters_new (NULL);
  GqFetchStatus status;
  GqQuery *qi, *qf, *qp;

  gq_test_env_init (&env);

  f_idle = prefetch_key (&env, key_idle, 0, NULL);
  gq_test_flush (&env);
  f_fetching = prefetch_key (&env, key_fetching, 100, NULL);
  gq_online_manager_set_online (env.online, FALSE);
  f_paused = prefetch_key (&env, key_paused, 100, NULL);

  qi = gq_test_find_query (&env, key_idle);
  qf = gq_test_find_query (&env, key_fetching);
  qp = gq_test_find_query (&env, key_paused);

  g_assert_false (gq_query_filters_lookup_fetch_status (idle, &status));
  gq_query_filters_set_fetch_status (idle, GQ_FETCH_STATUS_IDLE);
  g_assert_true (gq_query_filters_lookup_fetch_status (idle, &status));
  g_assert_cmpint (status, ==, GQ_FETCH_STATUS_IDLE);
  gq_query_filters_set_fetch_status (fetching, GQ_FETCH_STATUS_FETCHING);
  gq_query_filters_set_fetch_status (paused, GQ_FETCH_STATUS_PAUSED);

  assert_find_all (&env, idle, qi, NULL);
  assert_find_all (&env, fetching, qf, NULL);
  assert_find_all (&env, paused, qp, NULL);
  /* paused fetches do not count as fetching */
  g_assert_cmpuint (gq_query_client_is_fetching (env.client, NULL), ==, 1);

  gq_test_advance (&env, 100);
  assert_find_all (&env, idle, qi, qf, NULL);
  assert_find_all (&env, fetching, NULL);
  assert_find_all (&env, paused, qp, NULL);
  g_assert_cmpuint (f_paused->calls, ==, 0);

  gq_test_env_clear (&env);
}

typedef struct
{
  guint calls;
  guint destroyed;
  const char *wanted;
} PredicateData;

static gboolean
key_second_is (GqQuery  *query,
               gpointer  user_data)
{
  PredicateData *data = user_data;
  JsonArray *key = json_node_get_array (gq_query_get_query_key (query));

  data->calls++;

  return json_array_get_length (key) > 1 &&
         g_strcmp0 (json_array_get_string_element (key, 1), data->wanted) == 0;
}

static void
predicate_destroyed (gpointer user_data)
{
  PredicateData *data = user_data;

  data->destroyed++;
}

/* predicate: user data, run on the queries the other fields let through */
static void
test_find_all_predicate (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key_x1 = gq_key_new ("x", "1", NULL);
  g_autoptr(JsonNode) key_x2 = gq_key_new ("x", "2", NULL);
  g_autoptr(JsonNode) key_y1 = gq_key_new ("y", "1", NULL);
  g_autoptr(JsonNode) prefix = gq_key_new ("x", NULL);
  g_autoptr(JsonNode) data = gq_test_json ("0");
  g_autoptr(JsonNode) s1 = NULL;
  g_autoptr(JsonNode) s2 = NULL;
  g_autoptr(JsonNode) s3 = NULL;
  GqQueryFilters *filters;
  PredicateData predicate = { 0, 0, "1" };

  gq_test_env_init (&env);

  s1 = gq_query_client_set_query_data (env.client, key_x1, data, 0);
  s2 = gq_query_client_set_query_data (env.client, key_x2, data, 0);
  s3 = gq_query_client_set_query_data (env.client, key_y1, data, 0);

  filters = gq_query_filters_new (NULL);
  gq_query_filters_set_predicate (filters, key_second_is, &predicate, predicate_destroyed);
  assert_find_all (&env, filters, gq_test_find_query (&env, key_x1), gq_test_find_query (&env, key_y1), NULL);
  g_assert_cmpuint (predicate.calls, ==, 3);

  gq_query_filters_set_query_key (filters, prefix);
  predicate.calls = 0;
  assert_find_all (&env, filters, gq_test_find_query (&env, key_x1), NULL);
  g_assert_cmpuint (predicate.calls, ==, 2);

  predicate.wanted = "3";
  assert_find_all (&env, filters, NULL);

  g_assert_cmpuint (predicate.destroyed, ==, 0);
  g_object_unref (filters);
  g_assert_cmpuint (predicate.destroyed, ==, 1);

  gq_test_env_clear (&env);
}

/* every field must pass */
static void
test_find_all_combined (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key_1 = gq_test_json ("[\"todos\", {\"page\": 1, \"done\": true}]");
  g_autoptr(JsonNode) key_2 = gq_test_json ("[\"todos\", {\"page\": 2, \"done\": true}]");
  g_autoptr(JsonNode) key_3 = gq_test_json ("[\"todos\", {\"page\": 3, \"done\": false}]");
  g_autoptr(JsonNode) done = gq_test_json ("[\"todos\", {\"done\": true}]");
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GqQueryFilters) invalidate = NULL;
  GqQueryObserver *observer;
  GqQuery *q1, *q2;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  {
    g_autoptr(GqQueryOptions) o1 = gq_test_options_new (key_1, fetcher);
    g_autoptr(GqQueryOptions) o2 = gq_test_options_new (key_2, fetcher);
    g_autoptr(GqQueryOptions) o3 = gq_test_options_new (key_3, fetcher);

    prefetch_now (&env, o1);
    prefetch_now (&env, o2);
    prefetch_now (&env, o3);
    gq_query_options_set_stale_time (o2, GQ_TIME_INFINITE);
    observer = gq_query_observer_new (env.client, o2);
  }
  gq_query_observer_subscribe (observer);

  invalidate = gq_query_filters_new (key_1);
  gq_query_client_invalidate_queries (env.client, invalidate);

  q1 = gq_test_find_query (&env, key_1);
  q2 = gq_test_find_query (&env, key_2);

  filters = gq_query_filters_new (done);
  assert_find_all (&env, filters, q1, q2, NULL);

  gq_query_filters_set_fetch_status (filters, GQ_FETCH_STATUS_IDLE);
  assert_find_all (&env, filters, q1, q2, NULL);

  gq_query_filters_set_stale (filters, FALSE);
  assert_find_all (&env, filters, q2, NULL);

  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_INACTIVE);
  assert_find_all (&env, filters, NULL);

  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_ACTIVE);
  assert_find_all (&env, filters, q2, NULL);

  gq_query_filters_set_fetch_status (filters, GQ_FETCH_STATUS_FETCHING);
  assert_find_all (&env, filters, NULL);

  gq_query_filters_set_fetch_status (filters, GQ_FETCH_STATUS_IDLE);
  gq_query_filters_set_exact (filters, TRUE);
  assert_find_all (&env, filters, NULL);

  gq_query_filters_set_query_key (filters, key_2);
  assert_find_all (&env, filters, q2, NULL);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* keys match as prefixes; objects in keys match as subsets */
static void
test_find_all_partial_match (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) k1 = gq_test_json ("[\"todos\", {\"filter\": {\"done\": true, \"tag\": \"a\"}}, 1]");
  g_autoptr(JsonNode) k2 = gq_test_json ("[\"todos\", {\"filter\": {\"done\": false}}]");
  g_autoptr(JsonNode) k3 = gq_test_json ("[\"todo\"]");
  g_autoptr(JsonNode) data = gq_test_json ("1");
  g_autoptr(JsonNode) s1 = NULL;
  g_autoptr(JsonNode) s2 = NULL;
  g_autoptr(JsonNode) s3 = NULL;
  GqQuery *q1, *q2, *q3;

  gq_test_env_init (&env);

  s1 = gq_query_client_set_query_data (env.client, k1, data, 0);
  s2 = gq_query_client_set_query_data (env.client, k2, data, 0);
  s3 = gq_query_client_set_query_data (env.client, k3, data, 0);
  q1 = gq_test_find_query (&env, k1);
  q2 = gq_test_find_query (&env, k2);
  q3 = gq_test_find_query (&env, k3);

  {
    g_autoptr(JsonNode) k = gq_test_json ("[\"todos\"]");
    g_autoptr(GqQueryFilters) f = gq_query_filters_new (k);
    assert_find_all (&env, f, q1, q2, NULL);
  }
  {
    g_autoptr(JsonNode) k = gq_test_json ("[]");
    g_autoptr(GqQueryFilters) f = gq_query_filters_new (k);
    assert_find_all (&env, f, q1, q2, q3, NULL);
  }
  {
    g_autoptr(JsonNode) k = gq_test_json ("[\"todos\", {}]");
    g_autoptr(GqQueryFilters) f = gq_query_filters_new (k);
    assert_find_all (&env, f, q1, q2, NULL);
  }
  {
    g_autoptr(JsonNode) k = gq_test_json ("[\"todos\", {\"filter\": {\"tag\": \"a\"}}]");
    g_autoptr(GqQueryFilters) f = gq_query_filters_new (k);
    assert_find_all (&env, f, q1, NULL);
  }
  {
    g_autoptr(JsonNode) k = gq_test_json ("[\"todos\", {\"filter\": {\"done\": false}}]");
    g_autoptr(GqQueryFilters) f = gq_query_filters_new (k);
    assert_find_all (&env, f, q2, NULL);
  }
  {
    g_autoptr(JsonNode) k = gq_test_json ("[\"todos\", {\"filter\": {\"done\": true}}, 2]");
    g_autoptr(GqQueryFilters) f = gq_query_filters_new (k);
    assert_find_all (&env, f, NULL);
  }
  {
    /* a longer filter key never matches a shorter query key */
    g_autoptr(JsonNode) k = gq_test_json ("[\"todo\", 1]");
    g_autoptr(GqQueryFilters) f = gq_query_filters_new (k);
    assert_find_all (&env, f, NULL);
  }
  {
    /* object members are unordered */
    g_autoptr(JsonNode) k = gq_test_json ("[\"todos\", {\"filter\": {\"tag\": \"a\", \"done\": true}}, 1]");
    g_autoptr(GqQueryFilters) f = gq_query_filters_new_exact (k);
    assert_find_all (&env, f, q1, NULL);
  }

  gq_test_env_clear (&env);
}

/* ---- callbacks, build, remove, add --------------------------------- */

/* QueryCacheConfig error callbacks, through the cache's events: an error
 * ends in one "updated" with the query in error */
static void
on_updated_status (GqQueryCache     *cache,
                   GqCacheEventType  type,
                   GqQuery          *query,
                   GObject          *observer,
                   GArray           *statuses)
{
  GqQueryStatus status;

  if (type != GQ_CACHE_EVENT_UPDATED)
    return;

  status = gq_query_state_get_status (gq_query_get_state (query));
  g_array_append_val (statuses, status);
}

static void
test_settled_error_event (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("settled-error", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (GqQueryStatus));
  gulong handler;

  gq_test_env_init (&env);
  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (on_updated_status), statuses);

  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 100;
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  prefetch (&env, options);
  gq_test_advance (&env, 100);

  g_assert_cmpuint (statuses->len, ==, 2);
  g_assert_cmpint (g_array_index (statuses, GqQueryStatus, 0), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (g_array_index (statuses, GqQueryStatus, 1), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_error ((GError *) gq_query_state_get_error (gq_query_get_state (gq_test_find_query (&env, key))),
                  G_IO_ERROR, G_IO_ERROR_FAILED);

  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  gq_test_env_clear (&env);
}

/* QueryCacheConfig success callbacks, through the cache's events */
static void
test_settled_success_event (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("settled-success", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (GqQueryStatus));
  gulong handler;

  gq_test_env_init (&env);
  handler = g_signal_connect (gq_test_cache (&env), "event", G_CALLBACK (on_updated_status), statuses);

  fetcher = prefetch_key (&env, key, 100, "{\"data\": 5}");
  gq_test_advance (&env, 100);

  g_assert_cmpuint (statuses->len, ==, 2);
  g_assert_cmpint (g_array_index (statuses, GqQueryStatus, 0), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (g_array_index (statuses, GqQueryStatus, 1), ==, GQ_QUERY_STATUS_SUCCESS);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (gq_test_find_query (&env, key))), "{\"data\": 5}");

  g_signal_handler_disconnect (gq_test_cache (&env), handler);
  gq_test_env_clear (&env);
}

/* should compute queryHash from queryKey when queryHash is not provided */
static void
test_build_computes_hash (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[\"build\", {\"b\": 2, \"a\": 1}]");
  g_autoptr(GqQueryOptions) options = NULL;
  g_autofree char *hash = NULL;
  GqQuery *query;

  gq_test_env_init (&env);

  options = gq_query_options_new (key);
  query = _gq_query_cache_build (gq_test_cache (&env), env.client, options, NULL);

  hash = gq_key_hash (key);
  g_assert_cmpstr (gq_query_get_query_hash (query), ==, hash);
  g_assert_cmpstr (gq_query_get_query_hash (query), ==, "[\"build\",{\"a\":1,\"b\":2}]");
  g_assert_true (gq_query_cache_get (gq_test_cache (&env), hash) == query);

  gq_test_env_clear (&env);
}

/* should use provided queryHash instead of computing it */
static void
test_build_uses_given_hash (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("build-hash", NULL);
  g_autoptr(GqQueryOptions) options = NULL;
  g_autofree char *hash = NULL;
  GqQuery *query;

  gq_test_env_init (&env);

  options = gq_query_options_new (key);
  gq_query_options_set_query_hash (options, "custom-hash");
  query = _gq_query_cache_build (gq_test_cache (&env), env.client, options, NULL);

  hash = gq_key_hash (key);
  g_assert_cmpstr (gq_query_get_query_hash (query), ==, "custom-hash");
  g_assert_cmpstr (gq_query_get_query_hash (query), !=, hash);
  g_assert_true (gq_query_cache_get (gq_test_cache (&env), "custom-hash") == query);
  g_assert_null (gq_query_cache_get (gq_test_cache (&env), hash));

  gq_test_env_clear (&env);
}

/* should only delete the instance currently stored under its queryHash */
static void
test_remove_only_current_instance (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("remove-current", NULL);
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQuery) stale = NULL;
  g_autoptr(EventLog) log = NULL;
  g_autofree char *hash = NULL;
  GqQuery *current;

  gq_test_env_init (&env);

  options = gq_query_options_new (key);
  stale = g_object_ref (_gq_query_cache_build (gq_test_cache (&env), env.client, options, NULL));
  gq_query_cache_remove (gq_test_cache (&env), stale);

  current = _gq_query_cache_build (gq_test_cache (&env), env.client, options, NULL);
  g_assert_true (current != stale);

  log = event_log_new (gq_test_cache (&env));
  gq_query_cache_remove (gq_test_cache (&env), stale);
  g_assert_cmpuint (log->events->len, ==, 0);

  hash = gq_key_hash (key);
  g_assert_true (gq_query_cache_get (gq_test_cache (&env), hash) == current);

  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

/* should not try to add a query already added to the cache: building an
 * existing key returns the query already there */
static void
test_build_existing_not_added (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("add-existing", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) defaulted = NULL;
  g_autoptr(EventLog) log = NULL;
  GqQuery *query;

  gq_test_env_init (&env);

  fetcher = prefetch_key (&env, key, 100, "\"data1\"");
  gq_test_advance (&env, 100);
  query = gq_test_find_query (&env, key);

  log = event_log_new (gq_test_cache (&env));
  options = gq_query_options_new (key);
  g_assert_true (_gq_query_cache_build (gq_test_cache (&env), env.client, options, NULL) == query);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 1);
  g_assert_cmpuint (log->events->len, ==, 0);

  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

/* ---- events -------------------------------------------------------- */

/* the life of a query, as events: who, in which order */
static void
test_events_lifecycle (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("lifecycle", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(EventLog) log = NULL;
  GqQueryObserver *observer;
  GqQuery *query;

  gq_test_env_init (&env);
  log = event_log_new (gq_test_cache (&env));

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_gc_time (options, 1000);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  observer = gq_query_observer_new (env.client, options);
  query = gq_query_observer_get_query (observer);
  g_object_ref (query);

  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  gq_query_observer_unsubscribe (observer);

  gq_test_advance (&env, 999);
  g_assert_cmpuint (log->events->len, ==, 8);
  gq_test_advance (&env, 1);

  assert_event_types (log,
                      GQ_CACHE_EVENT_ADDED,
                      GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED,
                      GQ_CACHE_EVENT_OBSERVER_ADDED,
                      GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED,
                      GQ_CACHE_EVENT_UPDATED,
                      GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED,
                      GQ_CACHE_EVENT_UPDATED,
                      GQ_CACHE_EVENT_OBSERVER_REMOVED,
                      GQ_CACHE_EVENT_REMOVED,
                      -1);

  for (guint i = 0; i < log->events->len; i++)
    {
      Event *event = event_log_get (log, i);

      g_assert_true (event->query == query);
      switch ((int) event->type)
        {
        case GQ_CACHE_EVENT_OBSERVER_ADDED:
        case GQ_CACHE_EVENT_OBSERVER_REMOVED:
        case GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED:
          g_assert_true (event->observer == G_OBJECT (observer));
          break;

        default:
          g_assert_null (event->observer);
        }
    }

  g_assert_null (gq_test_find_query (&env, key));

  g_clear_pointer (&log, event_log_free);
  g_object_unref (query);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* one "updated" per dispatched action: fetch, failed x3, error */
static void
test_events_updated_per_action (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("updated-per-action", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(EventLog) log = NULL;

  gq_test_env_init (&env);
  log = event_log_new (gq_test_cache (&env));

  fetcher = gq_test_fetcher_new (&env);
  fetcher->fail_always = TRUE;
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_retry (options, 3);
  gq_query_options_set_retry_delay (options, 1);
  prefetch (&env, options);
  gq_test_advance (&env, 10);

  assert_event_types (log,
                      GQ_CACHE_EVENT_ADDED,
                      GQ_CACHE_EVENT_UPDATED, /* fetch */
                      GQ_CACHE_EVENT_UPDATED, /* failed 1 */
                      GQ_CACHE_EVENT_UPDATED, /* failed 2 */
                      GQ_CACHE_EVENT_UPDATED, /* failed 3 */
                      GQ_CACHE_EVENT_UPDATED, /* error */
                      -1);
  g_assert_cmpuint (fetcher->calls, ==, 4);

  g_clear_pointer (&log, event_log_free);
  gq_test_env_clear (&env);
}

/* options-updated, only when the options differ */
static void
test_events_observer_options_updated (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("options-updated", NULL);
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryOptions) same = NULL;
  g_autoptr(GqQueryOptions) longer = NULL;
  g_autoptr(EventLog) log = NULL;
  GqQueryObserver *observer;

  gq_test_env_init (&env);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  {
    g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (observer);
    g_assert_true (gq_query_result_get_is_stale (result));
  }

  log = event_log_new (gq_test_cache (&env));

  same = gq_query_options_copy (options);
  gq_query_observer_set_options (observer, same);
  g_assert_cmpuint (log->events->len, ==, 0);

  longer = gq_query_options_copy (options);
  gq_query_options_set_stale_time (longer, GQ_TIME_INFINITE);
  gq_query_observer_set_options (observer, longer);

  /* the options, then the result that is no longer stale */
  assert_event_types (log,
                      GQ_CACHE_EVENT_OBSERVER_OPTIONS_UPDATED,
                      GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED,
                      -1);
  g_assert_true (event_log_get (log, 0)->observer == G_OBJECT (observer));
  g_assert_true (event_log_get (log, 0)->query == gq_test_find_query (&env, key));
  g_assert_cmpuint (fetcher->calls, ==, 1);

  gq_query_observer_unsubscribe (observer);
  g_clear_pointer (&log, event_log_free);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* removal by remove_queries and clear: one "removed" each, in insertion
 * order; a running fetch is cancelled */
static void
test_events_removed (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("removed", "1", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("removed", "2", NULL);
  g_autoptr(JsonNode) key3 = gq_key_new ("removed", "3", NULL);
  g_autoptr(JsonNode) data = gq_test_json ("0");
  g_autoptr(JsonNode) s1 = NULL;
  g_autoptr(JsonNode) s2 = NULL;
  g_autoptr(GqTestFetcher) fetcher = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(EventLog) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) fetched = NULL;
  GqQuery *q1, *q2, *q3;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);

  s1 = gq_query_client_set_query_data (env.client, key1, data, 0);
  s2 = gq_query_client_set_query_data (env.client, key2, data, 0);
  fetcher = gq_test_fetcher_new (&env);
  fetcher->delay = 100;
  options = gq_test_options_new (key3, fetcher);
  gq_query_client_fetch_query_async (env.client, options, NULL, gq_test_async_callback, &async);

  q1 = g_object_ref (gq_test_find_query (&env, key1));
  q2 = g_object_ref (gq_test_find_query (&env, key2));
  q3 = g_object_ref (gq_test_find_query (&env, key3));
  log = event_log_new (gq_test_cache (&env));

  filters = gq_query_filters_new (key2);
  gq_query_client_remove_queries (env.client, filters);
  assert_event_types (log, GQ_CACHE_EVENT_REMOVED, -1);
  g_assert_true (event_log_get (log, 0)->query == q2);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 2);

  gq_query_client_clear (env.client);
  assert_event_types (log, GQ_CACHE_EVENT_REMOVED, GQ_CACHE_EVENT_REMOVED, GQ_CACHE_EVENT_REMOVED, -1);
  g_assert_true (event_log_get (log, 1)->query == q1);
  g_assert_true (event_log_get (log, 2)->query == q3);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);

  /* whoever awaited the removed query's fetch hears of the cancellation,
   * and the late response goes nowhere */
  gq_test_advance (&env, 100);
  g_assert_true (async.done);
  fetched = gq_query_client_fetch_query_finish (env.client, async.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (fetched);
  g_assert_cmpuint (log->events->len, ==, 3);
  g_assert_null (gq_query_client_get_query_data (env.client, key3));

  gq_test_async_clear (&async);
  g_clear_pointer (&log, event_log_free);
  g_object_unref (q1);
  g_object_unref (q2);
  g_object_unref (q3);
  gq_test_env_clear (&env);
}

static char *
hashes_of (GPtrArray *queries)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < queries->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, gq_query_get_query_hash (g_ptr_array_index (queries, i)));
    }

  return g_string_free (text, FALSE);
}

static char *
find_all_text (GqTestEnv  *env,
               const char *filter_key)
{
  g_autoptr(JsonNode) key = filter_key ? gq_test_json (filter_key) : NULL;
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);
  g_autoptr(GPtrArray) found = gq_query_cache_find_all (gq_test_cache (env), filters);

  return hashes_of (found);
}

static void
set_key_data (GqTestEnv  *env,
              const char *key_text)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);

  gq_test_set_data (env, key, "true");
}

/* Matching by key prefix goes through the cache's prefix index: the
 * results must be exactly those of a scan, in insertion order. */
static void
test_find_all_prefix_index (void)
{
  GqTestEnv env;
  const char *keys[] = {
    "[\"group\",1,{\"i\":1}]",
    "[\"group\",2,{\"i\":2}]",
    "[\"group\",1,{\"i\":3}]",
    "[\"group\",1.0,\"x\"]",
    "[\"other\",1]",
    "[{\"a\":1},\"group\"]",
    "[\"group\"]",
  };

  gq_test_env_init (&env);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    set_key_data (&env, keys[i]);

#define ASSERT_FOUND(filter, expected) G_STMT_START { \
    g_autofree char *found = find_all_text (&env, filter); \
    g_assert_cmpstr (found, ==, expected); \
  } G_STMT_END

  ASSERT_FOUND ("[\"group\",1]",
                "[\"group\",1,{\"i\":1}] [\"group\",1,{\"i\":3}] [\"group\",1,\"x\"]");
  ASSERT_FOUND ("[\"group\",1,{\"i\":3}]", "[\"group\",1,{\"i\":3}]");
  /* An object in the filter matches by subset: the index narrows to the
   * scalar prefix, the match does the rest. */
  ASSERT_FOUND ("[\"group\",1,{}]", "[\"group\",1,{\"i\":1}] [\"group\",1,{\"i\":3}]");
  ASSERT_FOUND ("[\"group\"]",
                "[\"group\",1,{\"i\":1}] [\"group\",2,{\"i\":2}] [\"group\",1,{\"i\":3}] "
                "[\"group\",1,\"x\"] [\"group\"]");
  ASSERT_FOUND ("[\"group\",3]", "");
  ASSERT_FOUND ("[\"missing\"]", "");
  /* No scalar prefix: a scan. */
  ASSERT_FOUND ("[{\"a\":1}]", "[{\"a\":1},\"group\"]");
  ASSERT_FOUND ("[]",
                "[\"group\",1,{\"i\":1}] [\"group\",2,{\"i\":2}] [\"group\",1,{\"i\":3}] "
                "[\"group\",1,\"x\"] [\"other\",1] [{\"a\":1},\"group\"] [\"group\"]");

  /* Removal leaves the index; a key added again lands at the end. */
  {
    g_autoptr(JsonNode) first = gq_test_json (keys[0]);
    gq_query_cache_remove (gq_test_cache (&env), gq_test_find_query (&env, first));
  }
  ASSERT_FOUND ("[\"group\",1]", "[\"group\",1,{\"i\":3}] [\"group\",1,\"x\"]");
  {
    g_autoptr(JsonNode) other = gq_test_json ("[\"other\",1]");
    gq_query_cache_remove (gq_test_cache (&env), gq_test_find_query (&env, other));
  }
  ASSERT_FOUND ("[\"other\"]", "");
  set_key_data (&env, keys[0]);
  set_key_data (&env, "[\"other\",1]");
  ASSERT_FOUND ("[\"group\",1]",
                "[\"group\",1,{\"i\":3}] [\"group\",1,\"x\"] [\"group\",1,{\"i\":1}]");
  ASSERT_FOUND ("[\"other\"]", "[\"other\",1]");

#undef ASSERT_FOUND

  gq_test_env_clear (&env);
}

static void
build_with_hash (GqTestEnv  *env,
                 const char *key_text,
                 const char *hash)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);

  gq_query_options_set_query_hash (options, hash);
  _gq_query_cache_build (gq_test_cache (env), env->client, options, NULL);
}

/* A key of scalars only equal to the filter is found by its hash rather
 * than by the prefix index, yet in insertion order among the longer keys;
 * a query whose hash is not its key's text is still found by its key. */
static void
test_find_all_prefix_index_whole_key (void)
{
  GqTestEnv env;

  gq_test_env_init (&env);
  set_key_data (&env, "[\"a\",1,\"x\"]");
  set_key_data (&env, "[\"a\",1]");
  set_key_data (&env, "[\"a\",1,{\"k\":2}]");
  set_key_data (&env, "[\"a\",1.5]");
  /* Hashes that are not the text of their key. */
  build_with_hash (&env, "[\"a\",2]", "custom-a2");
  build_with_hash (&env, "[\"b\"]", "[\"a\",3]");
  build_with_hash (&env, "[\"a\",4,\"y\"]", "[\"a\",4]");

#define ASSERT_FOUND(filter, expected) G_STMT_START { \
    g_autofree char *found = find_all_text (&env, filter); \
    g_assert_cmpstr (found, ==, expected); \
  } G_STMT_END

  ASSERT_FOUND ("[\"a\",1]", "[\"a\",1,\"x\"] [\"a\",1] [\"a\",1,{\"k\":2}]");
  ASSERT_FOUND ("[\"a\",1.0]", "[\"a\",1,\"x\"] [\"a\",1] [\"a\",1,{\"k\":2}]");
  ASSERT_FOUND ("[\"a\",1.5]", "[\"a\",1.5]");
  ASSERT_FOUND ("[\"a\",2]", "custom-a2");
  /* Found under the filter's hash but not matching the filter. */
  ASSERT_FOUND ("[\"a\",3]", "");
  /* In the bucket of ["a",4] and under its hash: once. */
  ASSERT_FOUND ("[\"a\",4]", "[\"a\",4]");
  ASSERT_FOUND ("[\"a\"]",
                "[\"a\",1,\"x\"] [\"a\",1] [\"a\",1,{\"k\":2}] [\"a\",1.5] custom-a2 [\"a\",4]");

  {
    g_autoptr(JsonNode) whole = gq_test_json ("[\"a\",1]");
    gq_query_cache_remove (gq_test_cache (&env), gq_test_find_query (&env, whole));
  }
  ASSERT_FOUND ("[\"a\",1]", "[\"a\",1,\"x\"] [\"a\",1,{\"k\":2}]");
  set_key_data (&env, "[\"a\",1]");
  ASSERT_FOUND ("[\"a\",1]", "[\"a\",1,\"x\"] [\"a\",1,{\"k\":2}] [\"a\",1]");

  /* null, NaN and the infinities share the text null but are different
   * values: a filter holding one matches only equal values. */
  set_key_data (&env, "[\"n\",null,\"x\"]");
  {
    g_autoptr(JsonNode) key = gq_test_json ("[\"n\",0,\"y\"]");
    JsonArray *array = json_node_get_array (key);

    json_array_remove_element (array, 1);
    json_array_remove_element (array, 1);
    json_array_add_double_element (array, NAN);
    json_array_add_string_element (array, "y");
    gq_test_set_data (&env, key, "true");
  }
  ASSERT_FOUND ("[\"n\",null]", "[\"n\",null,\"x\"]");
  ASSERT_FOUND ("[\"n\"]", "[\"n\",null,\"x\"] [\"n\",null,\"y\"]");

#undef ASSERT_FOUND

  gq_test_env_clear (&env);
}

/* Fetches @query with a waiter, outside any client, and returns the
 * waiter's error. */
static GError *
fetch_error (GqQuery *query)
{
  GqTestAsync async = { 0 };
  g_autoptr(GTask) task = g_task_new (NULL, NULL, gq_test_async_callback, &async);
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;

  _gq_query_fetch (query, NULL, FALSE, NULL, task);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);

  data = g_task_propagate_pointer (G_TASK (async.result), &error);
  g_assert_null (data);
  gq_test_async_clear (&async);

  return error;
}

/* A query held past its client, or past its client and its cache, knows
 * they are gone (the cache tells it, instead of weak pointers). */
static void
test_query_outlives_client_and_cache (void)
{
  g_autoptr(JsonNode) key = gq_test_json ("[\"outlive\",1]");
  g_autoptr(GqQueryCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  GqTestEnv env;
  GqQuery *query;

  /* The client and its cache go; the query stays. */
  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "1");
  query = g_object_ref (gq_test_find_query (&env, key));
  gq_test_env_clear (&env);

  error = fetch_error (query);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_FAILED);
  g_clear_error (&error);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "1");
  g_assert_finalize_object (query);

  /* The client goes; the cache and the query stay, then go in turn. */
  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "2");
  query = g_object_ref (gq_test_find_query (&env, key));
  cache = g_object_ref (gq_test_cache (&env));
  gq_test_env_clear (&env);

  g_assert_null (gq_query_cache_get (cache, gq_query_get_query_hash (query)));
  error = fetch_error (query);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_FAILED);
  g_assert_finalize_object (query);
  g_assert_finalize_object (g_steal_pointer (&cache));

  /* The cache and the client go while the query lives; it goes last. */
  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "3");
  query = g_object_ref (gq_test_find_query (&env, key));
  cache = g_object_ref (gq_test_cache (&env));
  gq_test_env_clear (&env);
  g_assert_finalize_object (g_steal_pointer (&cache));
  g_clear_error (&error);
  error = fetch_error (query);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_FAILED);
  g_assert_finalize_object (query);
}

static gboolean
remove_all_predicate (GqQuery  *query,
                      gpointer  user_data)
{
  GqTestEnv *env = user_data;

  /* Changing the cache from a predicate must not upset the search. */
  gq_query_client_clear (env->client);

  return TRUE;
}

static void
test_find_all_predicate_changes_cache (void)
{
  GqTestEnv env;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) key = gq_test_json ("[\"p\"]");
  g_autoptr(GPtrArray) found = NULL;

  gq_test_env_init (&env);
  set_key_data (&env, "[\"p\",1]");
  set_key_data (&env, "[\"p\",2]");

  filters = gq_query_filters_new (key);
  gq_query_filters_set_predicate (filters, remove_all_predicate, &env, NULL);
  found = gq_query_cache_find_all (gq_test_cache (&env), filters);

  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);

  g_clear_pointer (&found, g_ptr_array_unref);
  gq_test_env_clear (&env);
}

/* Many queries added and removed in a mixed order: every one stays found
 * by its hash and by its key until removed, whatever the table's growing,
 * shrinking and moving of entries did to the others. */
static void
test_many_added_and_removed (void)
{
  GqTestEnv env;
  GqQueryCache *cache;
  const guint n = 600;
  gboolean present[600] = { FALSE, };
  guint expected_size = 0;

  gq_test_env_init (&env);
  cache = gq_test_cache (&env);

  for (guint round = 0; round < 3; round++)
    {
      /* Add every index of the round's stride, then remove every third. */
      for (guint i = round; i < n; i += round + 1)
        {
          g_autoptr(JsonNode) key = gq_key_printf ("[\"many\", %u]", i);
          g_autoptr(JsonNode) data = json_node_init_int (json_node_alloc (), i);
          g_autoptr(JsonNode) stored = gq_query_client_set_query_data (env.client, key, data, 0);

          if (!present[i])
            expected_size++;
          present[i] = TRUE;
        }

      for (guint i = round; i < n; i += 3)
        {
          g_autofree char *hash = g_strdup_printf ("[\"many\",%u]", i);
          GqQuery *query = gq_query_cache_get (cache, hash);

          g_assert_true ((query != NULL) == present[i]);
          if (query != NULL)
            {
              gq_query_cache_remove (cache, query);
              present[i] = FALSE;
              expected_size--;
            }
        }

      g_assert_cmpuint (gq_query_cache_get_size (cache), ==, expected_size);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *hash = g_strdup_printf ("[\"many\",%u]", i);
          g_autoptr(JsonNode) key = gq_key_printf ("[\"many\", %u]", i);
          g_autoptr(JsonNode) data = gq_query_client_get_query_data (env.client, key);
          GqQuery *query = gq_query_cache_get (cache, hash);

          g_assert_true ((query != NULL) == present[i]);
          if (query != NULL)
            {
              g_assert_cmpstr (gq_query_get_query_hash (query), ==, hash);
              g_assert_cmpint (json_node_get_int (data), ==, i);
            }
          else
            g_assert_null (data);
        }
    }

  gq_query_cache_clear (cache);
  g_assert_cmpuint (gq_query_cache_get_size (cache), ==, 0);
  g_assert_null (gq_query_cache_get (cache, "[\"many\",0]"));

  gq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* ported from queryCache.test.tsx */
  g_test_add_func ("/Gq/QueryCache/subscribe/pass-correct-query", test_subscribe_pass_correct_query);
  g_test_add_func ("/Gq/QueryCache/subscribe/notify-query-added", test_subscribe_notify_query_added);
  g_test_add_func ("/Gq/QueryCache/subscribe/notify-query-becomes-stale", test_subscribe_notify_query_becomes_stale);
  g_test_add_func ("/Gq/QueryCache/subscribe/include-cache-and-query", test_subscribe_include_cache_and_query);
  g_test_add_func ("/Gq/QueryCache/subscribe/notify-query-with-initial-data", test_subscribe_notify_query_with_initial_data);
  g_test_add_func ("/Gq/QueryCache/subscribe/limit-cache-size", test_subscribe_limit_cache_size);
  g_test_add_func ("/Gq/QueryCache/find/filter-correctly", test_find_filter_correctly);
  g_test_add_func ("/Gq/QueryCache/find/exact-false", test_find_exact_false);
  g_test_add_func ("/Gq/QueryCache/find-all/filter-correctly", test_find_all_filter_correctly);
  g_test_add_func ("/Gq/QueryCache/find-all/no-filters", test_find_all_no_filters);
  g_test_add_func ("/Gq/QueryCache/settled/error-event", test_settled_error_event);
  g_test_add_func ("/Gq/QueryCache/settled/success-event", test_settled_success_event);
  g_test_add_func ("/Gq/QueryCache/build/computes-hash", test_build_computes_hash);
  g_test_add_func ("/Gq/QueryCache/build/uses-given-hash", test_build_uses_given_hash);
  g_test_add_func ("/Gq/QueryCache/remove/only-current-instance", test_remove_only_current_instance);
  g_test_add_func ("/Gq/QueryCache/build/existing-not-added", test_build_existing_not_added);

  /* filters */
  g_test_add_func ("/Gq/QueryCache/find/default-exact", test_find_default_exact);
  g_test_add_func ("/Gq/QueryCache/find-all/query-type", test_find_all_query_type);
  g_test_add_func ("/Gq/QueryCache/find-all/stale", test_find_all_stale);
  g_test_add_func ("/Gq/QueryCache/find-all/fetch-status", test_find_all_fetch_status);
  g_test_add_func ("/Gq/QueryCache/find-all/predicate", test_find_all_predicate);
  g_test_add_func ("/Gq/QueryCache/find-all/combined", test_find_all_combined);
  g_test_add_func ("/Gq/QueryCache/find-all/partial-match", test_find_all_partial_match);

  /* events */
  g_test_add_func ("/Gq/QueryCache/events/lifecycle", test_events_lifecycle);
  g_test_add_func ("/Gq/QueryCache/events/updated-per-action", test_events_updated_per_action);
  g_test_add_func ("/Gq/QueryCache/events/observer-options-updated", test_events_observer_options_updated);
  g_test_add_func ("/Gq/QueryCache/events/removed", test_events_removed);
  g_test_add_func ("/Gq/QueryCache/find-all-prefix-index", test_find_all_prefix_index);
  g_test_add_func ("/Gq/QueryCache/find-all-prefix-index-whole-key", test_find_all_prefix_index_whole_key);
  g_test_add_func ("/Gq/QueryCache/query-outlives-client-and-cache", test_query_outlives_client_and_cache);
  g_test_add_func ("/Gq/QueryCache/find-all-predicate-changes-cache", test_find_all_predicate_changes_cache);
  g_test_add_func ("/Gq/QueryCache/many-added-and-removed", test_many_added_and_removed);

  return g_test_run ();
}
