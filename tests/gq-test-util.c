/* gq-test-util.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include "gq-mutation-cache-private.h"
#include "gq-mutation-private.h"
#include "gq-query-client-private.h"

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

/* Mutations */

static void
test_node_unref (JsonNode *node)
{
  if (node != NULL)
    json_node_unref (node);
}

GqTestMutator *
gq_test_mutator_new (GqTestEnv *env)
{
  GqTestMutator *mutator = g_new0 (GqTestMutator, 1);

  mutator->env = env;
  mutator->contexts = g_ptr_array_new_with_free_func (g_object_unref);
  mutator->variables = g_ptr_array_new_with_free_func ((GDestroyNotify) test_node_unref);

  return mutator;
}

void
gq_test_mutator_free (GqTestMutator *mutator)
{
  g_clear_pointer (&mutator->data, json_node_unref);
  g_clear_pointer (&mutator->contexts, g_ptr_array_unref);
  g_clear_pointer (&mutator->variables, g_ptr_array_unref);
  g_free (mutator);
}

typedef struct
{
  GqTestMutator     *mutator;
  GqMutationContext *context;
  guint              call;
} MutatorCompletion;

static void
mutator_complete (GqTestMutator     *mutator,
                  GqMutationContext *context,
                  guint              call)
{
  if (gq_mutation_context_is_completed (context))
    return;

  if (mutator->log != NULL && mutator->name != NULL)
    g_ptr_array_add (mutator->log, g_strdup_printf ("finish-%s", mutator->name));

  if (mutator->fail_always || call <= mutator->fail_times)
    {
      g_autofree char *message = NULL;

      if (mutator->error_message == NULL)
        message = g_strdup_printf ("failure %u", call);
      gq_mutation_context_reject_literal (context, G_IO_ERROR, G_IO_ERROR_FAILED,
                                          message ? message : mutator->error_message);
    }
  else if (mutator->resolve_none)
    gq_mutation_context_resolve (context, NULL);
  else if (mutator->data != NULL)
    gq_mutation_context_resolve (context, mutator->data);
  else
    gq_mutation_context_resolve (context, gq_mutation_context_get_variables (context));
}

static void
mutator_complete_later (gpointer data)
{
  MutatorCompletion *c = data;

  mutator_complete (c->mutator, c->context, c->call);
}

static void
mutator_completion_free (gpointer data)
{
  MutatorCompletion *c = data;

  g_object_unref (c->context);
  g_free (c);
}

void
gq_test_mutator_func (GqMutationContext *context,
                      gpointer           user_data)
{
  GqTestMutator *mutator = user_data;
  JsonNode *variables = gq_mutation_context_get_variables (context);
  guint call = ++mutator->calls;

  g_ptr_array_add (mutator->contexts, g_object_ref (context));
  g_ptr_array_add (mutator->variables, variables ? json_node_ref (variables) : NULL);

  if (mutator->log != NULL && mutator->name != NULL)
    g_ptr_array_add (mutator->log, g_strdup_printf ("start-%s", mutator->name));

  if (mutator->never)
    return;

  if (mutator->delay == 0)
    {
      mutator_complete (mutator, context, call);
    }
  else
    {
      MutatorCompletion *c = g_new0 (MutatorCompletion, 1);

      c->mutator = mutator;
      c->context = g_object_ref (context);
      c->call = call;
      gq_scheduler_add_timeout (GQ_SCHEDULER (mutator->env->scheduler), mutator->delay,
                                mutator_complete_later, c, mutator_completion_free);
    }
}

JsonNode *
gq_test_mutator_variables (GqTestMutator *mutator,
                           guint          index)
{
  g_assert_cmpuint (index, <, mutator->variables->len);

  return g_ptr_array_index (mutator->variables, index);
}

GqMutationOptions *
gq_test_mutation_options_new (JsonNode      *key,
                              GqTestMutator *mutator)
{
  GqMutationOptions *options = gq_mutation_options_new (key);

  if (mutator != NULL)
    gq_mutation_options_set_mutation_func (options, gq_test_mutator_func, mutator, NULL);

  return options;
}

GqMutationCache *
gq_test_mutation_cache (GqTestEnv *env)
{
  return gq_query_client_get_mutation_cache (env->client);
}

GqMutation *
gq_test_execute_mutation (GqTestEnv         *env,
                          GqMutationOptions *options,
                          JsonNode          *variables,
                          GqTestAsync       *async)
{
  g_autoptr(GqMutationOptions) defaulted = NULL;
  g_autoptr(GTask) waiter = NULL;
  GqMutation *mutation;

  defaulted = _gq_query_client_default_mutation_options (env->client, options);
  mutation = _gq_mutation_cache_build (gq_test_mutation_cache (env), env->client, defaulted, NULL);

  if (async != NULL)
    waiter = g_task_new (NULL, NULL, gq_test_async_callback, async);

  _gq_mutation_execute (mutation, variables, waiter);

  return mutation;
}

JsonNode *
gq_test_execute_finish (GqTestAsync  *async,
                        GError      **error)
{
  g_assert_true (async->done);

  return g_task_propagate_pointer (G_TASK (async->result), error);
}

char *
gq_test_log_join (GPtrArray *log)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < log->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, g_ptr_array_index (log, i));
    }

  return g_string_free (text, FALSE);
}

static void
on_mutation_changed (GqMutationObserver     *observer,
                     GqMutationResult       *result,
                     GqTestMutationRecorder *recorder)
{
  g_ptr_array_add (recorder->results, gq_mutation_result_ref (result));
}

GqTestMutationRecorder *
gq_test_mutation_recorder_new (GqMutationObserver *observer)
{
  GqTestMutationRecorder *recorder = g_new0 (GqTestMutationRecorder, 1);

  recorder->observer = g_object_ref (observer);
  recorder->results = g_ptr_array_new_with_free_func ((GDestroyNotify) gq_mutation_result_unref);
  recorder->handler = g_signal_connect (observer, "changed", G_CALLBACK (on_mutation_changed), recorder);

  return recorder;
}

void
gq_test_mutation_recorder_free (GqTestMutationRecorder *recorder)
{
  g_clear_signal_handler (&recorder->handler, recorder->observer);
  g_clear_object (&recorder->observer);
  g_clear_pointer (&recorder->results, g_ptr_array_unref);
  g_free (recorder);
}

GqMutationResult *
gq_test_mutation_recorder_get (GqTestMutationRecorder *recorder,
                               guint                   index)
{
  g_assert_cmpuint (index, <, recorder->results->len);

  return g_ptr_array_index (recorder->results, index);
}

void
gq_test_step_clear (GqTestStep *step)
{
  g_clear_pointer (&step->context, json_node_unref);
  g_clear_pointer (&step->data, json_node_unref);
  g_clear_error (&step->error);
  g_clear_pointer (&step->variables, json_node_unref);
  g_clear_pointer (&step->received_context, json_node_unref);
  step->mutation = NULL;
}

static void
step_record (GqTestStep    *step,
             GqMutation    *mutation,
             JsonNode      *data,
             const GError  *failure,
             JsonNode      *variables,
             JsonNode      *context,
             GError       **error)
{
  step->calls++;
  step->mutation = mutation;
  g_clear_pointer (&step->data, json_node_unref);
  g_clear_error (&step->error);
  g_clear_pointer (&step->variables, json_node_unref);
  g_clear_pointer (&step->received_context, json_node_unref);
  step->data = data ? json_node_ref (data) : NULL;
  step->error = failure ? g_error_copy (failure) : NULL;
  step->variables = variables ? json_node_ref (variables) : NULL;
  step->received_context = context ? json_node_ref (context) : NULL;

  if (step->log != NULL && step->name != NULL)
    g_ptr_array_add (step->log, g_strdup (step->name));

  if (step->fail_message != NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, step->fail_message);
}

JsonNode *
gq_test_step_on_mutate (GqMutation  *mutation,
                        JsonNode    *variables,
                        gpointer     user_data,
                        GError     **error)
{
  GqTestStep *step = user_data;

  step_record (step, mutation, NULL, NULL, variables, NULL, error);

  return step->context ? json_node_ref (step->context) : NULL;
}

void
gq_test_step_on_success (GqMutation  *mutation,
                         JsonNode    *data,
                         JsonNode    *variables,
                         JsonNode    *context,
                         gpointer     user_data,
                         GError     **error)
{
  step_record (user_data, mutation, data, NULL, variables, context, error);
}

void
gq_test_step_on_error (GqMutation    *mutation,
                       const GError  *failure,
                       JsonNode      *variables,
                       JsonNode      *context,
                       gpointer       user_data,
                       GError       **error)
{
  step_record (user_data, mutation, NULL, failure, variables, context, error);
}

void
gq_test_step_on_settled (GqMutation    *mutation,
                         JsonNode      *data,
                         const GError  *failure,
                         JsonNode      *variables,
                         JsonNode      *context,
                         gpointer       user_data,
                         GError       **error)
{
  step_record (user_data, mutation, data, failure, variables, context, error);
}

/* Hydration and persistence */

void
gq_test_hydration_env_init_shared (GqTestEnv *env,
                                   GqTestEnv *like)
{
  env->scheduler = g_object_ref (like->scheduler);
  env->focus = g_object_ref (like->focus);
  env->online = g_object_ref (like->online);
  env->client = gq_query_client_new_full (GQ_SCHEDULER (env->scheduler), env->focus, env->online);
}

JsonNode *
gq_test_hydration_roundtrip (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

void
gq_test_persist_wait (GqTestAsync *async)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (!async->done)
    g_main_context_iteration (context, TRUE);
}
