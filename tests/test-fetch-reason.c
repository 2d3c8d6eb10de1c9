/* test-fetch-reason.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Why a fetch started (gq_query_get_fetch_reason), set at each place the
 * engine starts one, and the query-level calls the devtools use:
 * gq_query_fetch, gq_query_cancel, gq_query_set_state. */

#include "gq-test-util.h"

typedef struct
{
  GqTestEnv        env;
  GqTestFetcher   *fetcher;
  JsonNode        *key;
  GqQueryOptions  *options;
  GqQueryObserver *observer;
  /* The reason read on each cache event that reports a fetch starting. */
  GArray          *started;
  gulong           handler;
} Fixture;

static void
on_cache_event (GqQueryCache     *cache,
                GqCacheEventType  type,
                GqQuery          *query,
                GObject          *observer,
                Fixture          *f)
{
  GqFetchReason reason;

  if (type != GQ_CACHE_EVENT_UPDATED ||
      gq_query_state_get_fetch_status (gq_query_get_state (query)) != GQ_FETCH_STATUS_FETCHING)
    return;

  reason = gq_query_get_fetch_reason (query);
  g_array_append_val (f->started, reason);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  gq_test_env_init (&f->env);
  gq_query_client_mount (f->env.client);
  f->fetcher = gq_test_fetcher_new (&f->env);
  f->fetcher->delay = 10;
  f->key = gq_test_json ("[\"reason\"]");
  f->options = gq_test_options_new (f->key, f->fetcher);
  f->started = g_array_new (FALSE, FALSE, sizeof (GqFetchReason));
  f->handler = g_signal_connect (gq_test_cache (&f->env), "event",
                                 G_CALLBACK (on_cache_event), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->observer != NULL)
    {
      gq_query_observer_unsubscribe (f->observer);
      g_clear_object (&f->observer);
    }
  g_signal_handler_disconnect (gq_test_cache (&f->env), f->handler);
  gq_query_client_unmount (f->env.client);
  g_clear_pointer (&f->options, g_object_unref);
  g_clear_pointer (&f->key, json_node_unref);
  g_clear_pointer (&f->started, g_array_unref);
  gq_test_env_clear (&f->env);
  g_clear_pointer (&f->fetcher, gq_test_fetcher_free);
}

static GqQuery *
query_of (Fixture *f)
{
  GqQuery *query = gq_test_find_query (&f->env, f->key);

  g_assert_nonnull (query);
  return query;
}

static void
mount (Fixture *f)
{
  f->observer = gq_query_observer_new (f->env.client, f->options);
  gq_query_observer_subscribe (f->observer);
}

/* Lets the fetch in flight complete. */
static void
settle (Fixture *f)
{
  gq_test_advance (&f->env, 10);
  gq_test_flush (&f->env);
}

static GqFetchReason
last_started (Fixture *f)
{
  g_assert_cmpuint (f->started->len, >, 0);
  return g_array_index (f->started, GqFetchReason, f->started->len - 1);
}

static void
test_mount (Fixture       *f,
            gconstpointer  data)
{
  mount (f);
  g_assert_cmpuint (f->started->len, ==, 1);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_MOUNT);
  g_assert_cmpint (gq_query_get_fetch_reason (query_of (f)), ==, GQ_FETCH_REASON_MOUNT);

  settle (f);
  /* Idle again: the reason of the last fetch stays. */
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query_of (f))), ==,
                   GQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (gq_query_get_fetch_reason (query_of (f)), ==, GQ_FETCH_REASON_MOUNT);
}

static void
test_never_fetched (Fixture       *f,
                    gconstpointer  data)
{
  gq_test_set_data (&f->env, f->key, "1");

  g_assert_cmpint (gq_query_get_fetch_reason (query_of (f)), ==, GQ_FETCH_REASON_NONE);
  g_assert_cmpuint (f->started->len, ==, 0);
}

static void
test_focus_and_reconnect (Fixture       *f,
                          gconstpointer  data)
{
  mount (f);
  settle (f);

  gq_focus_manager_set_focused (f->env.focus, FALSE);
  gq_focus_manager_set_focused (f->env.focus, TRUE);
  g_assert_cmpuint (f->started->len, ==, 2);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_FOCUS);
  settle (f);

  gq_online_manager_set_online (f->env.online, FALSE);
  gq_online_manager_set_online (f->env.online, TRUE);
  g_assert_cmpuint (f->started->len, ==, 3);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_RECONNECT);
  settle (f);
  g_assert_cmpuint (f->fetcher->calls, ==, 3);
}

static void
test_interval (Fixture       *f,
               gconstpointer  data)
{
  gq_query_options_set_refetch_interval (f->options, 100);
  gq_query_options_set_stale_time (f->options, GQ_TIME_INFINITE);
  mount (f);
  settle (f);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_MOUNT);

  gq_test_advance (&f->env, 100);
  gq_test_flush (&f->env);
  g_assert_cmpuint (f->started->len, ==, 2);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_INTERVAL);
  settle (f);
}

static void
test_invalidate_reset_and_manual (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (f->key);

  gq_query_options_set_stale_time (f->options, GQ_TIME_INFINITE);
  mount (f);
  settle (f);

  gq_query_client_invalidate_queries (f->env.client, filters);
  g_assert_cmpuint (f->started->len, ==, 2);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_INVALIDATE);
  settle (f);

  gq_query_client_reset_queries (f->env.client, filters);
  g_assert_cmpuint (f->started->len, ==, 3);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_RESET);
  settle (f);

  gq_query_observer_refetch (f->observer);
  g_assert_cmpuint (f->started->len, ==, 4);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_MANUAL);
  settle (f);

  /* After an invalidation, the next fetch of a plain call is manual again:
   * the reason does not leak from one call to the next. */
  gq_query_client_invalidate_queries (f->env.client, filters);
  settle (f);
  gq_query_fetch (query_of (f), NULL);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_MANUAL);
  settle (f);
  g_assert_cmpuint (f->fetcher->calls, ==, 6);
}

static void
test_fetch_query_is_manual (Fixture       *f,
                            gconstpointer  data)
{
  GqTestAsync async = { 0 };
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;

  gq_query_client_prefetch_query_async (f->env.client, f->options, NULL, gq_test_async_callback, &async);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_MANUAL);
  settle (f);
  gq_test_await (&f->env, &async);
  gq_test_async_clear (&async);

  gq_query_client_fetch_query_async (f->env.client, f->options, NULL, gq_test_async_callback, &async);
  g_assert_cmpuint (f->started->len, ==, 2);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_MANUAL);
  settle (f);
  gq_test_await (&f->env, &async);
  result = gq_query_client_fetch_query_finish (f->env.client, async.result, &error);
  g_assert_no_error (error);
  gq_assert_json (result, "2");
  gq_test_async_clear (&async);
}

static void
test_joined_fetch_keeps_reason (Fixture       *f,
                                gconstpointer  data)
{
  mount (f);
  g_assert_cmpint (last_started (f), ==, GQ_FETCH_REASON_MOUNT);

  /* Focus while the mount's fetch is in flight joins it. */
  gq_focus_manager_set_focused (f->env.focus, FALSE);
  gq_focus_manager_set_focused (f->env.focus, TRUE);
  g_assert_cmpuint (f->started->len, ==, 1);
  g_assert_cmpint (gq_query_get_fetch_reason (query_of (f)), ==, GQ_FETCH_REASON_MOUNT);
  settle (f);
  g_assert_cmpuint (f->fetcher->calls, ==, 1);
}

/* Trigger loading then restore it, as the devtools do. */
static void
test_set_state_and_cancel (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GqQueryState) pending = NULL;
  g_autoptr(GqQueryState) errored = NULL;
  g_autoptr(GqQueryState) idle = NULL;
  g_autoptr(GError) error = g_error_new_literal (GQ_ERROR, GQ_ERROR_FAILED, "injected");
  g_autoptr(JsonNode) meta = gq_test_json ("{\"devtools\": true}");
  GqQuery *query;

  gq_query_options_set_stale_time (f->options, GQ_TIME_INFINITE);
  mount (f);
  settle (f);
  query = query_of (f);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "1");

  pending = gq_query_state_copy (gq_query_get_state (query));
  gq_query_state_set_data (pending, NULL);
  gq_query_state_set_status (pending, GQ_QUERY_STATUS_PENDING);
  gq_query_state_set_fetch_status (pending, GQ_FETCH_STATUS_FETCHING);
  gq_query_state_set_fetch_meta (pending, meta);
  gq_query_set_state (query, pending);
  g_assert_true (gq_query_get_state (query) == pending);
  g_assert_null (gq_query_state_get_data (gq_query_get_state (query)));
  gq_test_flush (&f->env);
  {
    g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (f->observer);
    g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_PENDING);
    g_assert_null (gq_query_result_get_data (result));
  }

  idle = gq_query_state_copy (gq_query_get_state (query));
  gq_query_state_set_fetch_status (idle, GQ_FETCH_STATUS_IDLE);
  gq_query_state_set_fetch_meta (idle, NULL);
  gq_query_set_state (query, idle);
  gq_query_fetch (query, NULL);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==,
                   GQ_FETCH_STATUS_FETCHING);

  /* Cancelling reverts to the state before this fetch. */
  gq_query_cancel (query, GQ_CANCEL_FLAGS_NONE);
  gq_test_flush (&f->env);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==,
                   GQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==,
                   GQ_QUERY_STATUS_PENDING);
  g_assert_null (gq_query_state_get_fetch_meta (gq_query_get_state (query)));

  errored = gq_query_state_copy (gq_query_get_state (query));
  gq_query_state_set_status (errored, GQ_QUERY_STATUS_ERROR);
  gq_query_state_set_error (errored, error);
  gq_query_set_state (query, errored);
  g_assert_error ((GError *) gq_query_state_get_error (gq_query_get_state (query)),
                  GQ_ERROR, GQ_ERROR_FAILED);

  gq_query_fetch (query, NULL);
  settle (f);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==,
                   GQ_QUERY_STATUS_SUCCESS);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "3");
}

/* gq_query_fetch fetches a disabled query, as TanStack's query.fetch. */
static void
test_fetch_disabled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (f->key);
  GqTestAsync async = { 0 };

  gq_query_options_set_enabled (f->options, FALSE);
  mount (f);
  g_assert_cmpuint (f->fetcher->calls, ==, 0);

  gq_query_client_refetch_queries_async (f->env.client, filters, GQ_REFETCH_FLAGS_NONE, NULL,
                                         gq_test_async_callback, &async);
  gq_test_await (&f->env, &async);
  gq_test_async_clear (&async);
  g_assert_cmpuint (f->fetcher->calls, ==, 0);

  gq_query_fetch (query_of (f), NULL);
  settle (f);
  g_assert_cmpuint (f->fetcher->calls, ==, 1);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query_of (f))), "1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Gq/FetchReason/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("never-fetched", test_never_fetched);
  ADD ("mount", test_mount);
  ADD ("focus-and-reconnect", test_focus_and_reconnect);
  ADD ("interval", test_interval);
  ADD ("invalidate-reset-and-manual", test_invalidate_reset_and_manual);
  ADD ("fetch-query-is-manual", test_fetch_query_is_manual);
  ADD ("joined-fetch-keeps-reason", test_joined_fetch_keeps_reason);
  ADD ("set-state-and-cancel", test_set_state_and_cancel);
  ADD ("fetch-disabled", test_fetch_disabled);

#undef ADD

  return g_test_run ();
}
