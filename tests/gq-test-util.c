/* gq-test-util.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

void
gq_test_env_init (GqTestEnv *env)
{
  env->scheduler = GQ_MANUAL_SCHEDULER (gq_manual_scheduler_new (GQ_TEST_START_TIME));
  env->focus = gq_focus_manager_new ();
  env->online = gq_online_manager_new (NULL);
  env->client = gq_query_client_new_full (GQ_SCHEDULER (env->scheduler), env->focus, env->online);
}

void
gq_test_env_clear (GqTestEnv *env)
{
  gq_query_client_clear (env->client);
  gq_manual_scheduler_flush (env->scheduler);
  g_assert_finalize_object (env->client);
  env->client = NULL;
  gq_manual_scheduler_flush (env->scheduler);
  g_clear_object (&env->focus);
  g_clear_object (&env->online);
  g_clear_object (&env->scheduler);
}

void
gq_test_advance (GqTestEnv *env,
                 gint64     ms)
{
  gq_manual_scheduler_advance (env->scheduler, ms);
}

void
gq_test_flush (GqTestEnv *env)
{
  gq_manual_scheduler_flush (env->scheduler);
}

gint64
gq_test_now (GqTestEnv *env)
{
  return gq_scheduler_now (GQ_SCHEDULER (env->scheduler));
}

GqQueryCache *
gq_test_cache (GqTestEnv *env)
{
  return gq_query_client_get_query_cache (env->client);
}

GqQuery *
gq_test_find_query (GqTestEnv *env,
                    JsonNode  *key)
{
  g_autofree char *hash = gq_key_hash (key);

  return gq_query_cache_get (gq_test_cache (env), hash);
}

GqQueryState *
gq_test_state_of (GqTestEnv *env,
                  JsonNode  *key)
{
  GqQuery *query = gq_test_find_query (env, key);

  g_assert_nonnull (query);

  return gq_query_get_state (query);
}

void
gq_test_set_data (GqTestEnv  *env,
                  JsonNode   *key,
                  const char *text)
{
  g_autoptr(JsonNode) data = gq_test_json (text);
  g_autoptr(JsonNode) stored = gq_query_client_set_query_data (env->client, key, data, 0);

  g_assert_nonnull (stored);
}

gint64
gq_test_rel (gint64 time)
{
  return time - GQ_TEST_START_TIME;
}

GqTestFetcher *
gq_test_fetcher_new (GqTestEnv *env)
{
  GqTestFetcher *fetcher = g_new0 (GqTestFetcher, 1);

  fetcher->env = env;
  fetcher->pending = g_ptr_array_new_with_free_func (g_object_unref);
  fetcher->call_times = g_ptr_array_new ();

  return fetcher;
}

void
gq_test_fetcher_free (GqTestFetcher *fetcher)
{
  g_clear_pointer (&fetcher->data, json_node_unref);
  g_clear_pointer (&fetcher->pending, g_ptr_array_unref);
  g_clear_pointer (&fetcher->call_times, g_ptr_array_unref);
  g_free (fetcher);
}

typedef struct
{
  GqTestFetcher  *fetcher;
  GqFetchContext *context;
  guint           call;
} Completion;

static void
complete (GqTestFetcher  *fetcher,
          GqFetchContext *context,
          guint           call)
{
  if (gq_fetch_context_is_completed (context))
    return;

  if (fetcher->fail_always || call <= fetcher->fail_times)
    {
      g_autofree char *message = g_strdup_printf ("failure %u", call);
      gq_fetch_context_reject_literal (context, G_IO_ERROR, G_IO_ERROR_FAILED, message);
    }
  else if (fetcher->resolve_null)
    {
      gq_fetch_context_resolve (context, NULL);
    }
  else if (fetcher->data != NULL)
    {
      gq_fetch_context_resolve (context, fetcher->data);
    }
  else
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, call);
      gq_fetch_context_resolve (context, node);
    }
}

static void
complete_later (gpointer data)
{
  Completion *c = data;

  complete (c->fetcher, c->context, c->call);
}

static void
completion_free (gpointer data)
{
  Completion *c = data;

  g_object_unref (c->context);
  g_free (c);
}

void
gq_test_fetcher_func (GqFetchContext *context,
                      gpointer        user_data)
{
  GqTestFetcher *fetcher = user_data;
  guint call = ++fetcher->calls;

  fetcher->last_context = context;
  g_ptr_array_add (fetcher->call_times, GSIZE_TO_POINTER ((gsize) (gq_test_now (fetcher->env) - GQ_TEST_START_TIME)));

  if (fetcher->use_cancellable)
    gq_fetch_context_get_cancellable (context);

  if (fetcher->never)
    {
      g_ptr_array_add (fetcher->pending, g_object_ref (context));
      return;
    }

  if (fetcher->delay == 0)
    {
      complete (fetcher, context, call);
    }
  else
    {
      Completion *c = g_new0 (Completion, 1);

      c->fetcher = fetcher;
      c->context = g_object_ref (context);
      c->call = call;
      gq_scheduler_add_timeout (GQ_SCHEDULER (fetcher->env->scheduler), fetcher->delay,
                                complete_later, c, completion_free);
    }
}

GqQueryOptions *
gq_test_options_new (JsonNode      *key,
                     GqTestFetcher *fetcher)
{
  GqQueryOptions *options = gq_query_options_new (key);

  if (fetcher != NULL)
    gq_query_options_set_query_func (options, gq_test_fetcher_func, fetcher, NULL);

  return options;
}

static void
on_changed (GqQueryObserver *observer,
            GqQueryResult   *result,
            GqTestRecorder  *recorder)
{
  g_ptr_array_add (recorder->results, gq_query_result_ref (result));
}

GqTestRecorder *
gq_test_recorder_new (GqQueryObserver *observer)
{
  GqTestRecorder *recorder = g_new0 (GqTestRecorder, 1);

  recorder->observer = g_object_ref (observer);
  recorder->results = g_ptr_array_new_with_free_func ((GDestroyNotify) gq_query_result_unref);
  recorder->handler = g_signal_connect (observer, "changed", G_CALLBACK (on_changed), recorder);

  return recorder;
}

void
gq_test_recorder_free (GqTestRecorder *recorder)
{
  g_clear_signal_handler (&recorder->handler, recorder->observer);
  g_clear_object (&recorder->observer);
  g_clear_pointer (&recorder->results, g_ptr_array_unref);
  g_free (recorder);
}

GqQueryResult *
gq_test_recorder_get (GqTestRecorder *recorder,
                      guint           index)
{
  g_assert_cmpuint (index, <, recorder->results->len);
  return g_ptr_array_index (recorder->results, index);
}

void
gq_test_async_callback (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GqTestAsync *async = user_data;

  async->done = TRUE;
  async->result = g_object_ref (result);
}

void
gq_test_async_clear (GqTestAsync *async)
{
  g_clear_object (&async->result);
  async->done = FALSE;
}

void
gq_test_await (GqTestEnv   *env,
               GqTestAsync *async)
{
  for (guint i = 0; i < 10 && !async->done; i++)
    gq_test_flush (env);

  g_assert_true (async->done);
}

GqQueryResult *
gq_test_refetch (GqTestEnv        *env,
                 GqQueryObserver  *observer,
                 GqRefetchFlags    flags,
                 GError          **error)
{
  GqTestAsync async = { 0 };
  GqQueryResult *result;

  gq_query_observer_refetch_async (observer, flags, NULL, gq_test_async_callback, &async);
  gq_test_await (env, &async);
  result = gq_query_observer_refetch_finish (observer, async.result, error);
  gq_test_async_clear (&async);

  return result;
}

JsonNode *
gq_test_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  json_node_seal (node);

  return node;
}

char *
gq_test_dump (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("(undefined)");

  return gq_json_to_canonical (node);
}

gint64
gq_test_int (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));

  return json_node_get_int (node);
}
