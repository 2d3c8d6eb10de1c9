/* test-mutation.c: TanStack's mutations.test.tsx, ported, plus the
 * mutation's retries, network mode, scopes, idempotency key and the
 * client's mutation API (queryClient.test.tsx: isMutating,
 * setMutationDefaults, resumePausedMutations, focus and online)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include <string.h>

#include "gq-mutation-cache-private.h"
#include "gq-mutation-private.h"
#include "gq-mutation-state-private.h"
#include "gq-query-client-private.h"

/* ---- helpers ------------------------------------------------------- */

static JsonNode *
echo_on_mutate (GqMutation  *mutation,
                JsonNode    *variables,
                gpointer     user_data,
                GError     **error)
{
  return variables ? json_node_ref (variables) : NULL;
}

static GqMutationState *
restored_state (const char *variables,
                const char *context,
                gboolean    is_paused,
                gint64      submitted_at)
{
  GqMutationState *state = _gq_mutation_state_new ();

  state->status = GQ_MUTATION_STATUS_PENDING;
  state->is_paused = is_paused;
  state->submitted_at = submitted_at;
  if (variables != NULL)
    state->variables = gq_test_json (variables);
  if (context != NULL)
    state->context = gq_test_json (context);

  return state;
}

static GqMutation *
build_restored (GqTestEnv         *env,
                GqMutationOptions *options,
                GqMutationState   *state)
{
  GqMutationCache *cache = gq_test_mutation_cache (env);
  g_autoptr(GqMutationOptions) defaulted = NULL;

  defaulted = _gq_query_client_default_mutation_options (env->client, options);

  return _gq_mutation_cache_build (cache, env->client, defaulted, state);
}

static guint
count_events (GPtrArray        *events,
              GqCacheEventType  type)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (GPOINTER_TO_UINT (g_ptr_array_index (events, i)) == (guint) type)
      n++;

  return n;
}

static void
on_cache_event (GqMutationCache  *cache,
                GqCacheEventType  type,
                GqMutation       *mutation,
                GObject          *observer,
                GPtrArray        *events)
{
  g_ptr_array_add (events, GUINT_TO_POINTER (type));
}

static void
resume_paused (GqTestEnv *env)
{
  gq_query_client_resume_paused_mutations_async (env->client, NULL, NULL, NULL);
}

#define assert_log(log, expected) G_STMT_START { \
  g_autofree char *__joined = gq_test_log_join (log); \
  g_assert_cmpstr (__joined, ==, expected); \
} G_STMT_END

/* ---- mutations.test.tsx ------------------------------------------- */

/* mutate should accept null values */
static void
test_mutate_accepts_null (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);
  JsonNode *received;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  options = gq_test_mutation_options_new (NULL, mutator);
  observer = gq_mutation_observer_new (env.client, options);

  gq_mutation_observer_mutate (observer, null_node, NULL, NULL, NULL);
  gq_test_advance (&env, 0);

  g_assert_cmpuint (mutator->calls, ==, 1);
  received = gq_test_mutator_variables (mutator, 0);
  g_assert_nonnull (received);
  g_assert_true (JSON_NODE_HOLDS_NULL (received));

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* setMutationDefaults should be able to set defaults */
static void
test_set_mutation_defaults_sets_defaults (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("mutation_1", NULL);
  g_autoptr(JsonNode) vars = gq_test_json ("\"vars\"");
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutationContext *context;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  defaults = gq_test_mutation_options_new (NULL, mutator);
  gq_query_client_set_mutation_defaults (env.client, key, defaults);

  options = gq_mutation_options_new (key);
  gq_test_execute_mutation (&env, options, vars, NULL);
  gq_test_advance (&env, 0);

  g_assert_cmpuint (mutator->calls, ==, 1);
  context = g_ptr_array_index (mutator->contexts, 0);
  gq_assert_json (gq_mutation_context_get_variables (context), "\"vars\"");
  g_assert_true (gq_mutation_context_get_client (context) == env.client);
  g_assert_null (gq_mutation_context_get_meta (context));
  gq_assert_json (gq_mutation_context_get_mutation_key (context), "[\"mutation_1\"]");

  gq_test_env_clear (&env);
}

static void
assert_idle_result (GqMutationResult *r)
{
  g_assert_cmpint (gq_mutation_result_get_status (r), ==, GQ_MUTATION_STATUS_IDLE);
  g_assert_null (gq_mutation_result_get_context (r));
  g_assert_null (gq_mutation_result_get_data (r));
  g_assert_null (gq_mutation_result_get_error (r));
  g_assert_cmpuint (gq_mutation_result_get_failure_count (r), ==, 0);
  g_assert_null (gq_mutation_result_get_failure_reason (r));
  g_assert_false (gq_mutation_result_get_is_error (r));
  g_assert_true (gq_mutation_result_get_is_idle (r));
  g_assert_false (gq_mutation_result_get_is_pending (r));
  g_assert_false (gq_mutation_result_get_is_paused (r));
  g_assert_false (gq_mutation_result_get_is_success (r));
  g_assert_null (gq_mutation_result_get_variables (r));
  g_assert_cmpint (gq_mutation_result_get_submitted_at (r), ==, 0);
}

/* mutation should set correct success states. TanStack's listener sees
 * the pending state before and after onMutate; gquery announces one
 * change per iteration, so the first is the pending state with its
 * context, and the cache saw both pending dispatches. */
static void
test_success_states (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GqTestMutationRecorder) recorder = NULL;
  g_autoptr(GqMutationResult) initial = NULL;
  g_autoptr(JsonNode) todo = gq_test_json ("\"todo\"");
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  GqMutationResult *r;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_mutate_func (options, echo_on_mutate, NULL, NULL);
  observer = gq_mutation_observer_new (env.client, options);

  initial = gq_mutation_observer_get_current_result (observer);
  assert_idle_result (initial);

  recorder = gq_test_mutation_recorder_new (observer);
  gq_mutation_observer_subscribe (observer);
  g_signal_connect (gq_test_mutation_cache (&env), "event", G_CALLBACK (on_cache_event), events);

  gq_mutation_observer_mutate (observer, todo, NULL, NULL, NULL);
  g_assert_cmpuint (count_events (events, GQ_CACHE_EVENT_UPDATED), ==, 2);

  gq_test_advance (&env, 0);
  g_assert_cmpuint (recorder->results->len, ==, 1);
  r = gq_test_mutation_recorder_get (recorder, 0);
  g_assert_cmpint (gq_mutation_result_get_status (r), ==, GQ_MUTATION_STATUS_PENDING);
  gq_assert_json (gq_mutation_result_get_context (r), "\"todo\"");
  g_assert_null (gq_mutation_result_get_data (r));
  g_assert_null (gq_mutation_result_get_error (r));
  g_assert_cmpuint (gq_mutation_result_get_failure_count (r), ==, 0);
  g_assert_null (gq_mutation_result_get_failure_reason (r));
  g_assert_false (gq_mutation_result_get_is_error (r));
  g_assert_false (gq_mutation_result_get_is_idle (r));
  g_assert_true (gq_mutation_result_get_is_pending (r));
  g_assert_false (gq_mutation_result_get_is_paused (r));
  g_assert_false (gq_mutation_result_get_is_success (r));
  gq_assert_json (gq_mutation_result_get_variables (r), "\"todo\"");
  g_assert_cmpint (gq_mutation_result_get_submitted_at (r), ==, GQ_TEST_START_TIME);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (recorder->results->len, ==, 2);
  r = gq_test_mutation_recorder_get (recorder, 1);
  g_assert_cmpint (gq_mutation_result_get_status (r), ==, GQ_MUTATION_STATUS_SUCCESS);
  gq_assert_json (gq_mutation_result_get_context (r), "\"todo\"");
  gq_assert_json (gq_mutation_result_get_data (r), "\"todo\"");
  g_assert_null (gq_mutation_result_get_error (r));
  g_assert_cmpuint (gq_mutation_result_get_failure_count (r), ==, 0);
  g_assert_false (gq_mutation_result_get_is_pending (r));
  g_assert_true (gq_mutation_result_get_is_success (r));
  gq_assert_json (gq_mutation_result_get_variables (r), "\"todo\"");
  g_assert_cmpint (gq_mutation_result_get_submitted_at (r), ==, GQ_TEST_START_TIME);

  g_signal_handlers_disconnect_by_data (gq_test_mutation_cache (&env), events);
  gq_mutation_observer_unsubscribe (observer);
  g_clear_pointer (&recorder, gq_test_mutation_recorder_free);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* mutation should set correct error states */
static void
test_error_states (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GqTestMutationRecorder) recorder = NULL;
  g_autoptr(JsonNode) todo = gq_test_json ("\"todo\"");
  GqMutationResult *r;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 20;
  mutator->fail_always = TRUE;
  mutator->error_message = "err";
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_mutate_func (options, echo_on_mutate, NULL, NULL);
  gq_mutation_options_set_retry (options, 1);
  gq_mutation_options_set_retry_delay (options, 10);
  observer = gq_mutation_observer_new (env.client, options);
  recorder = gq_test_mutation_recorder_new (observer);
  gq_mutation_observer_subscribe (observer);

  gq_mutation_observer_mutate (observer, todo, NULL, NULL, NULL);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (recorder->results->len, ==, 1);
  r = gq_test_mutation_recorder_get (recorder, 0);
  g_assert_cmpint (gq_mutation_result_get_status (r), ==, GQ_MUTATION_STATUS_PENDING);
  gq_assert_json (gq_mutation_result_get_context (r), "\"todo\"");
  g_assert_cmpuint (gq_mutation_result_get_failure_count (r), ==, 0);
  g_assert_null (gq_mutation_result_get_failure_reason (r));

  gq_test_advance (&env, 20);
  g_assert_cmpuint (recorder->results->len, ==, 2);
  r = gq_test_mutation_recorder_get (recorder, 1);
  g_assert_cmpint (gq_mutation_result_get_status (r), ==, GQ_MUTATION_STATUS_PENDING);
  g_assert_cmpuint (gq_mutation_result_get_failure_count (r), ==, 1);
  g_assert_error (gq_mutation_result_get_failure_reason (r), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_mutation_result_get_failure_reason (r)->message, ==, "err");
  g_assert_null (gq_mutation_result_get_error (r));
  g_assert_false (gq_mutation_result_get_is_error (r));
  g_assert_true (gq_mutation_result_get_is_pending (r));

  gq_test_advance (&env, 30);
  g_assert_cmpuint (recorder->results->len, ==, 3);
  r = gq_test_mutation_recorder_get (recorder, 2);
  g_assert_cmpint (gq_mutation_result_get_status (r), ==, GQ_MUTATION_STATUS_ERROR);
  gq_assert_json (gq_mutation_result_get_context (r), "\"todo\"");
  g_assert_null (gq_mutation_result_get_data (r));
  g_assert_error (gq_mutation_result_get_error (r), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_mutation_result_get_error (r)->message, ==, "err");
  g_assert_cmpuint (gq_mutation_result_get_failure_count (r), ==, 2);
  g_assert_cmpstr (gq_mutation_result_get_failure_reason (r)->message, ==, "err");
  g_assert_true (gq_mutation_result_get_is_error (r));
  g_assert_false (gq_mutation_result_get_is_pending (r));
  g_assert_false (gq_mutation_result_get_is_paused (r));
  gq_assert_json (gq_mutation_result_get_variables (r), "\"todo\"");
  g_assert_cmpuint (mutator->calls, ==, 2);

  gq_mutation_observer_unsubscribe (observer);
  g_clear_pointer (&recorder, gq_test_mutation_recorder_free);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should be able to restore a mutation */
static void
test_restore_mutation (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("mutation_restore", NULL);
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationState) state = NULL;
  GqTestStep on_mutate = { 0 }, on_success = { 0 }, on_settled = { 0 };
  GqMutationState *s;
  GqMutation *mutation;
  const char *idempotency_key;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  defaults = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_mutate_func (defaults, gq_test_step_on_mutate, &on_mutate, NULL);
  gq_mutation_options_set_on_success_func (defaults, gq_test_step_on_success, &on_success, NULL);
  gq_mutation_options_set_on_settled_func (defaults, gq_test_step_on_settled, &on_settled, NULL);
  gq_query_client_set_mutation_defaults (env.client, key, defaults);

  state = restored_state ("\"todo\"", "\"todo\"", TRUE, 1);
  state->failure_count = 1;
  state->failure_reason = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "err");
  idempotency_key = state->idempotency_key;

  options = gq_mutation_options_new (key);
  mutation = build_restored (&env, options, state);

  s = gq_mutation_get_state (mutation);
  g_assert_true (s == state);
  g_assert_cmpint (s->status, ==, GQ_MUTATION_STATUS_PENDING);
  g_assert_true (s->is_paused);

  resume_paused (&env);

  /* Resumed at once. */
  s = gq_mutation_get_state (mutation);
  gq_assert_json (s->context, "\"todo\"");
  g_assert_null (s->data);
  g_assert_null (s->error);
  g_assert_cmpuint (s->failure_count, ==, 1);
  g_assert_cmpstr (s->failure_reason->message, ==, "err");
  g_assert_false (s->is_paused);
  g_assert_cmpint (s->status, ==, GQ_MUTATION_STATUS_PENDING);
  gq_assert_json (s->variables, "\"todo\"");
  g_assert_cmpint (s->submitted_at, ==, 1);
  g_assert_cmpstr (s->idempotency_key, ==, idempotency_key);

  gq_test_advance (&env, 10);
  s = gq_mutation_get_state (mutation);
  gq_assert_json (s->context, "\"todo\"");
  gq_assert_json (s->data, "\"todo\"");
  g_assert_null (s->error);
  g_assert_cmpuint (s->failure_count, ==, 0);
  g_assert_null (s->failure_reason);
  g_assert_false (s->is_paused);
  g_assert_cmpint (s->status, ==, GQ_MUTATION_STATUS_SUCCESS);
  gq_assert_json (s->variables, "\"todo\"");
  g_assert_cmpint (s->submitted_at, ==, 1);

  /* The persisted key goes with the mutation to the server. */
  g_assert_cmpstr (gq_mutation_context_get_idempotency_key (g_ptr_array_index (mutator->contexts, 0)), ==,
                   gq_mutation_get_idempotency_key (mutation));

  g_assert_cmpuint (on_mutate.calls, ==, 0);
  g_assert_cmpuint (on_success.calls, ==, 1);
  gq_assert_json (on_success.received_context, "\"todo\"");
  g_assert_cmpuint (on_settled.calls, ==, 1);

  gq_test_env_clear (&env);
  gq_test_step_clear (&on_mutate);
  gq_test_step_clear (&on_success);
  gq_test_step_clear (&on_settled);
}

/* addObserver should not add an existing observer */
static void
test_add_observer_once (void)
{
  GqTestEnv env;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  GqMutation *mutation;

  gq_test_env_init (&env);
  options = gq_mutation_options_new (NULL);
  observer = gq_mutation_observer_new (env.client, options);
  mutation = build_restored (&env, options, NULL);

  g_signal_connect (gq_test_mutation_cache (&env), "event", G_CALLBACK (on_cache_event), events);
  _gq_mutation_add_observer (mutation, observer);
  _gq_mutation_add_observer (mutation, observer);

  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpuint (count_events (events, GQ_CACHE_EVENT_OBSERVER_ADDED), ==, 1);
  g_assert_cmpuint (gq_mutation_get_observer_count (mutation), ==, 1);

  g_signal_handlers_disconnect_by_data (gq_test_mutation_cache (&env), events);
  _gq_mutation_remove_observer (mutation, observer);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* mutate should throw an error if no mutationFn found */
static void
test_missing_mutation_func (void)
{
  GqTestEnv env;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  options = gq_mutation_options_new (NULL);
  gq_mutation_options_set_retry (options, 0);
  observer = gq_mutation_observer_new (env.client, options);

  gq_mutation_observer_mutate_async (observer, NULL, NULL, gq_test_async_callback, &async);
  gq_test_await (&env, &async);
  data = gq_mutation_observer_mutate_finish (observer, async.result, &error);

  g_assert_null (data);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_MISSING_MUTATION_FUNC);
  g_assert_cmpstr (error->message, ==, "No mutation function found");
  g_assert_cmpint (gq_mutation_get_status (gq_mutation_observer_get_mutation (observer)), ==,
                   GQ_MUTATION_STATUS_ERROR);

  gq_test_async_clear (&async);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

typedef struct
{
  guint     calls;
  guint     destroyed;
  JsonNode *data;
  GError   *error;
  JsonNode *variables;
  JsonNode *context;
} MutateCalls;

static void
mutate_calls_clear (MutateCalls *calls)
{
  g_clear_pointer (&calls->data, json_node_unref);
  g_clear_error (&calls->error);
  g_clear_pointer (&calls->variables, json_node_unref);
  g_clear_pointer (&calls->context, json_node_unref);
}

static void
record_mutate_callback (JsonNode     *data,
                        const GError *error,
                        JsonNode     *variables,
                        JsonNode     *context,
                        gpointer      user_data)
{
  MutateCalls *calls = user_data;

  mutate_calls_clear (calls);
  calls->calls++;
  calls->data = data ? json_node_ref (data) : NULL;
  calls->error = error ? g_error_copy (error) : NULL;
  calls->variables = variables ? json_node_ref (variables) : NULL;
  calls->context = context ? json_node_ref (context) : NULL;
}

static void
count_destroy (gpointer user_data)
{
  MutateCalls *calls = user_data;

  calls->destroyed++;
}

/* mutate update the mutation state even without an active subscription
 * (TanStack has this test twice, identical) */
static void
test_update_without_subscription (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GqMutationResult) result = NULL;
  MutateCalls calls = { 0 };

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->data = gq_test_json ("\"update\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  observer = gq_mutation_observer_new (env.client, options);

  gq_mutation_observer_mutate (observer, NULL, record_mutate_callback, &calls, count_destroy);
  gq_test_advance (&env, 0);

  result = gq_mutation_observer_get_current_result (observer);
  gq_assert_json (gq_mutation_result_get_data (result), "\"update\"");
  g_assert_cmpuint (calls.calls, ==, 0);
  /* It can never run now: its data is freed. */
  g_assert_cmpuint (calls.destroyed, ==, 1);

  g_clear_object (&observer);
  mutate_calls_clear (&calls);
  gq_test_env_clear (&env);
}

/* mutation callbacks should see updated options */
static void
test_callbacks_see_updated_options (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationOptions) updated = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  GqTestStep first = { 0 }, second = { 0 };

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 100;
  mutator->data = gq_test_json ("\"update\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_success_func (options, gq_test_step_on_success, &first, NULL);
  observer = gq_mutation_observer_new (env.client, options);

  gq_mutation_observer_mutate (observer, NULL, NULL, NULL, NULL);

  updated = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_success_func (updated, gq_test_step_on_success, &second, NULL);
  gq_mutation_observer_set_options (observer, updated);

  gq_test_advance (&env, 100);
  g_assert_cmpuint (first.calls, ==, 0);
  g_assert_cmpuint (second.calls, ==, 1);
  gq_assert_json (second.data, "\"update\"");

  g_clear_object (&observer);
  gq_test_env_clear (&env);
  gq_test_step_clear (&first);
  gq_test_step_clear (&second);
}

static GqMutation *
execute_logged (GqTestEnv     *env,
                GqTestMutator *mutator,
                GPtrArray     *log,
                const char    *name,
                const char    *key,
                const char    *scope)
{
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) key_node = key ? gq_key_new (key, NULL) : NULL;

  mutator->name = name;
  mutator->log = log;
  mutator->delay = 10;
  mutator->resolve_none = TRUE;
  options = gq_test_mutation_options_new (key_node, mutator);
  if (scope != NULL)
    gq_mutation_options_set_scope_id (options, scope);

  return gq_test_execute_mutation (env, options, NULL, NULL);
}

/* mutations in the same scope should run in serial */
static void
test_scoped_serial (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) a = NULL;
  g_autoptr(GqTestMutator) b = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GqMutationFilters) filters_a = NULL;
  g_autoptr(GqMutationFilters) filters_b = NULL;
  g_autoptr(JsonNode) key_a = gq_key_new ("scoped_a", NULL);
  g_autoptr(JsonNode) key_b = gq_key_new ("scoped_b", NULL);
  GqMutationState *s;

  gq_test_env_init (&env);
  a = gq_test_mutator_new (&env);
  b = gq_test_mutator_new (&env);
  filters_a = gq_mutation_filters_new (key_a);
  filters_b = gq_mutation_filters_new (key_b);

  execute_logged (&env, a, log, "A", "scoped_a", "scope");
  s = gq_mutation_get_state (gq_mutation_cache_find (gq_test_mutation_cache (&env), filters_a));
  g_assert_cmpint (s->status, ==, GQ_MUTATION_STATUS_PENDING);
  g_assert_false (s->is_paused);

  execute_logged (&env, b, log, "B", "scoped_b", "scope");
  s = gq_mutation_get_state (gq_mutation_cache_find (gq_test_mutation_cache (&env), filters_b));
  g_assert_cmpint (s->status, ==, GQ_MUTATION_STATUS_PENDING);
  g_assert_true (s->is_paused);

  gq_test_advance (&env, 20);
  assert_log (log, "start-A,finish-A,start-B,finish-B");

  gq_test_env_clear (&env);
}

/* mutations without scope should run in parallel */
static void
test_unscoped_parallel (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) a = NULL;
  g_autoptr(GqTestMutator) b = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);

  gq_test_env_init (&env);
  a = gq_test_mutator_new (&env);
  b = gq_test_mutator_new (&env);

  execute_logged (&env, a, log, "A", "parallel_a", NULL);
  execute_logged (&env, b, log, "B", "parallel_b", NULL);

  gq_test_advance (&env, 10);
  assert_log (log, "start-A,start-B,finish-A,finish-B");

  gq_test_env_clear (&env);
}

/* each scope should run in parallel, serial within scope */
static void
test_scopes_parallel_serial_within (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) a1 = NULL;
  g_autoptr(GqTestMutator) b1 = NULL;
  g_autoptr(GqTestMutator) a2 = NULL;
  g_autoptr(GqTestMutator) b2 = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);

  gq_test_env_init (&env);
  a1 = gq_test_mutator_new (&env);
  b1 = gq_test_mutator_new (&env);
  a2 = gq_test_mutator_new (&env);
  b2 = gq_test_mutator_new (&env);

  execute_logged (&env, a1, log, "A1", NULL, "1");
  execute_logged (&env, b1, log, "B1", NULL, "1");
  execute_logged (&env, a2, log, "A2", NULL, "2");
  execute_logged (&env, b2, log, "B2", NULL, "2");

  gq_test_advance (&env, 20);
  assert_log (log, "start-A1,start-A2,finish-A1,start-B1,finish-A2,start-B2,finish-B1,finish-B2");

  gq_test_env_clear (&env);
}

/* callback return types: should handle all sync callback patterns (the
 * async patterns have no C counterpart: callbacks are synchronous) */
static void
test_sync_callback_patterns (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("callbacks", NULL);
  g_autoptr(JsonNode) vars = gq_test_json ("\"vars\"");
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  GqTestStep on_mutate = { .log = log, .name = "onMutate-sync" };
  GqTestStep on_success = { .log = log, .name = "onSuccess" };
  GqTestStep on_error = { .log = log, .name = "onError" };
  GqTestStep on_settled = { .log = log, .name = "onSettled" };

  gq_test_env_init (&env);
  on_mutate.context = gq_test_json ("{\"backup\": \"data\"}");
  mutator = gq_test_mutator_new (&env);
  mutator->data = gq_test_json ("\"success\"");
  options = gq_test_mutation_options_new (key, mutator);
  gq_mutation_options_set_on_mutate_func (options, gq_test_step_on_mutate, &on_mutate, NULL);
  gq_mutation_options_set_on_success_func (options, gq_test_step_on_success, &on_success, NULL);
  gq_mutation_options_set_on_error_func (options, gq_test_step_on_error, &on_error, NULL);
  gq_mutation_options_set_on_settled_func (options, gq_test_step_on_settled, &on_settled, NULL);

  gq_test_execute_mutation (&env, options, vars, NULL);
  gq_test_advance (&env, 0);

  assert_log (log, "onMutate-sync,onSuccess,onSettled");
  gq_assert_json (on_settled.received_context, "{\"backup\": \"data\"}");
  gq_assert_json (on_settled.data, "\"success\"");
  g_assert_null (on_settled.error);

  gq_test_env_clear (&env);
  gq_test_step_clear (&on_mutate);
  gq_test_step_clear (&on_success);
  gq_test_step_clear (&on_error);
  gq_test_step_clear (&on_settled);
}

/* should handle mixed sync/async patterns and return value isolation:
 * the mutation resolves with its own result, whatever the callbacks do */
static void
test_return_value_isolation (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) vars = gq_test_json ("\"vars\"");
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  GqTestStep on_mutate = { .log = log, .name = "sync-onMutate" };
  GqTestStep on_success = { .log = log, .name = "onSuccess" };
  GqTestStep on_error = { .log = log, .name = "sync-onError" };
  GqTestStep on_settled = { .log = log, .name = "settled" };
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  on_mutate.context = gq_test_json ("{\"rollback\": \"data\"}");
  mutator = gq_test_mutator_new (&env);
  mutator->data = gq_test_json ("\"actual-result\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_mutate_func (options, gq_test_step_on_mutate, &on_mutate, NULL);
  gq_mutation_options_set_on_success_func (options, gq_test_step_on_success, &on_success, NULL);
  gq_mutation_options_set_on_error_func (options, gq_test_step_on_error, &on_error, NULL);
  gq_mutation_options_set_on_settled_func (options, gq_test_step_on_settled, &on_settled, NULL);

  gq_test_execute_mutation (&env, options, vars, &async);
  gq_test_advance (&env, 10);

  data = gq_test_execute_finish (&async, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"actual-result\"");
  assert_log (log, "sync-onMutate,onSuccess,settled");
  gq_assert_json (on_settled.received_context, "{\"rollback\": \"data\"}");

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
  gq_test_step_clear (&on_mutate);
  gq_test_step_clear (&on_success);
  gq_test_step_clear (&on_error);
  gq_test_step_clear (&on_settled);
}

/* should handle error cases with all callback patterns */
static void
test_error_callback_patterns (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) vars = gq_test_json ("\"vars\"");
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  GqTestStep on_mutate = { .log = log, .name = "onMutate" };
  GqTestStep on_success = { .log = log, .name = "onSuccess-should-not-run" };
  GqTestStep on_error = { .log = log, .name = "onError" };
  GqTestStep on_settled = { .log = log, .name = "settled-error" };
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  on_mutate.context = gq_test_json ("{\"backup\": \"error-data\"}");
  mutator = gq_test_mutator_new (&env);
  mutator->fail_always = TRUE;
  mutator->error_message = "mutation-error";
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_mutate_func (options, gq_test_step_on_mutate, &on_mutate, NULL);
  gq_mutation_options_set_on_success_func (options, gq_test_step_on_success, &on_success, NULL);
  gq_mutation_options_set_on_error_func (options, gq_test_step_on_error, &on_error, NULL);
  gq_mutation_options_set_on_settled_func (options, gq_test_step_on_settled, &on_settled, NULL);

  gq_test_execute_mutation (&env, options, vars, &async);
  gq_test_advance (&env, 30);

  data = gq_test_execute_finish (&async, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "mutation-error");
  assert_log (log, "onMutate,onError,settled-error");
  gq_assert_json (on_error.received_context, "{\"backup\": \"error-data\"}");
  gq_assert_json (on_settled.received_context, "{\"backup\": \"error-data\"}");
  g_assert_cmpstr (on_settled.error->message, ==, "mutation-error");
  g_assert_null (on_settled.data);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
  gq_test_step_clear (&on_mutate);
  gq_test_step_clear (&on_success);
  gq_test_step_clear (&on_error);
  gq_test_step_clear (&on_settled);
}

/* ---- erroneous mutation callback ---------------------------------- */

typedef struct
{
  GPtrArray  *log;
  GqTestStep  cache_mutate, cache_success, cache_error, cache_settled;
  GqTestStep  on_mutate, on_success, on_error, on_settled;
} Steps;

static void
steps_init (Steps     *steps,
            GPtrArray *log)
{
  memset (steps, 0, sizeof *steps);
  steps->log = log;
  steps->cache_mutate = (GqTestStep) { .log = log, .name = "global-onMutate" };
  steps->cache_success = (GqTestStep) { .log = log, .name = "global-onSuccess" };
  steps->cache_error = (GqTestStep) { .log = log, .name = "global-onError" };
  steps->cache_settled = (GqTestStep) { .log = log, .name = "global-onSettled" };
  steps->on_mutate = (GqTestStep) { .log = log, .name = "onMutate" };
  steps->on_success = (GqTestStep) { .log = log, .name = "onSuccess" };
  steps->on_error = (GqTestStep) { .log = log, .name = "onError" };
  steps->on_settled = (GqTestStep) { .log = log, .name = "onSettled" };
}

static void
steps_clear (Steps *steps)
{
  gq_test_step_clear (&steps->cache_mutate);
  gq_test_step_clear (&steps->cache_success);
  gq_test_step_clear (&steps->cache_error);
  gq_test_step_clear (&steps->cache_settled);
  gq_test_step_clear (&steps->on_mutate);
  gq_test_step_clear (&steps->on_success);
  gq_test_step_clear (&steps->on_error);
  gq_test_step_clear (&steps->on_settled);
}

/* Wires every callback of the cache (when @with_cache) and of @options to
 * the steps. */
static void
steps_connect (Steps             *steps,
               GqTestEnv         *env,
               GqMutationOptions *options,
               gboolean           with_cache)
{
  GqMutationCache *cache = gq_test_mutation_cache (env);

  if (with_cache)
    {
      gq_mutation_cache_set_on_mutate_func (cache, gq_test_step_on_mutate, &steps->cache_mutate, NULL);
      gq_mutation_cache_set_on_success_func (cache, gq_test_step_on_success, &steps->cache_success, NULL);
      gq_mutation_cache_set_on_error_func (cache, gq_test_step_on_error, &steps->cache_error, NULL);
      gq_mutation_cache_set_on_settled_func (cache, gq_test_step_on_settled, &steps->cache_settled, NULL);
    }

  gq_mutation_options_set_on_mutate_func (options, gq_test_step_on_mutate, &steps->on_mutate, NULL);
  gq_mutation_options_set_on_success_func (options, gq_test_step_on_success, &steps->on_success, NULL);
  gq_mutation_options_set_on_error_func (options, gq_test_step_on_error, &steps->on_error, NULL);
  gq_mutation_options_set_on_settled_func (options, gq_test_step_on_settled, &steps->on_settled, NULL);
}

static JsonNode *
run_erroneous (GqTestEnv         *env,
               GqMutationOptions *options,
               GError           **error)
{
  g_autoptr(JsonNode) vars = gq_test_json ("\"vars\"");
  GqTestAsync async = { 0 };
  JsonNode *data;

  gq_test_execute_mutation (env, options, vars, &async);
  gq_test_advance (env, 50);
  data = gq_test_execute_finish (&async, error);
  gq_test_async_clear (&async);

  return data;
}

/* error by global onSuccess triggers onError callback */
static void
test_erroneous_global_on_success (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  Steps steps;

  gq_test_env_init (&env);
  steps_init (&steps, log);
  mutator = gq_test_mutator_new (&env);
  mutator->data = gq_test_json ("\"success\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  steps_connect (&steps, &env, options, FALSE);
  gq_mutation_cache_set_on_success_func (gq_test_mutation_cache (&env), gq_test_step_on_success,
                                         &steps.cache_success, NULL);
  steps.cache_success.name = NULL;
  steps.cache_success.fail_message = "mutation-error";

  data = run_erroneous (&env, options, &error);

  assert_log (log, "onMutate,onError,onSettled");
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "mutation-error");
  g_assert_cmpstr (steps.on_error.error->message, ==, "mutation-error");

  gq_test_env_clear (&env);
  steps_clear (&steps);
}

/* error by mutations onSuccess triggers onError callback */
static void
test_erroneous_on_success (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  Steps steps;

  gq_test_env_init (&env);
  steps_init (&steps, log);
  steps.on_success.fail_message = "mutation-error";
  mutator = gq_test_mutator_new (&env);
  mutator->data = gq_test_json ("\"success\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  steps_connect (&steps, &env, options, FALSE);

  data = run_erroneous (&env, options, &error);

  assert_log (log, "onMutate,onSuccess,onError,onSettled");
  g_assert_null (data);
  g_assert_cmpstr (error->message, ==, "mutation-error");
  g_assert_cmpint (gq_mutation_get_status (steps.on_settled.mutation), ==, GQ_MUTATION_STATUS_ERROR);

  gq_test_env_clear (&env);
  steps_clear (&steps);
}

/* error by global onSettled triggers onError callback, calling global
 * onSettled callback twice; the second failure is only reported */
static void
test_erroneous_global_on_settled (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  Steps steps;

  gq_test_env_init (&env);
  steps_init (&steps, log);
  mutator = gq_test_mutator_new (&env);
  mutator->data = gq_test_json ("\"success\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  steps_connect (&steps, &env, options, FALSE);
  gq_mutation_cache_set_on_settled_func (gq_test_mutation_cache (&env), gq_test_step_on_settled,
                                         &steps.cache_settled, NULL);
  steps.cache_settled.fail_message = "mutation-error";

  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING,
                         "The cache's on-settled callback of mutation 1 failed: mutation-error");
  data = run_erroneous (&env, options, &error);
  g_test_assert_expected_messages ();

  assert_log (log, "onMutate,onSuccess,global-onSettled,onError,global-onSettled,onSettled");
  g_assert_cmpuint (steps.cache_settled.calls, ==, 2);
  g_assert_null (data);
  g_assert_cmpstr (error->message, ==, "mutation-error");

  gq_test_env_clear (&env);
  steps_clear (&steps);
}

/* error by mutations onSettled triggers onError callback, calling both
 * onSettled callbacks twice */
static void
test_erroneous_on_settled (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  Steps steps;

  gq_test_env_init (&env);
  steps_init (&steps, log);
  steps.on_settled.fail_message = "mutation-error";
  mutator = gq_test_mutator_new (&env);
  mutator->data = gq_test_json ("\"success\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  steps_connect (&steps, &env, options, FALSE);

  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING,
                         "The on-settled callback of mutation 1 failed: mutation-error");
  data = run_erroneous (&env, options, &error);
  g_test_assert_expected_messages ();

  assert_log (log, "onMutate,onSuccess,onSettled,onError,onSettled");
  g_assert_null (data);
  g_assert_cmpstr (error->message, ==, "mutation-error");
  /* The error callbacks see the error of the failing callback. */
  g_assert_cmpstr (steps.on_error.error->message, ==, "mutation-error");

  gq_test_env_clear (&env);
  steps_clear (&steps);
}

/* errors by onError and consecutive onSettled callbacks are transferred
 * to different execution context where they are reported */
static void
test_erroneous_error_callbacks_reported (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  Steps steps;

  gq_test_env_init (&env);
  steps_init (&steps, log);
  steps.on_mutate.fail_message = "mutation-error";
  steps.on_error.fail_message = "error-error";
  steps.on_settled.fail_message = "settled-error";
  steps.cache_error.fail_message = "global-error-error";
  steps.cache_settled.fail_message = "global-settled-error";
  steps.cache_mutate.name = NULL;
  steps.cache_error.name = NULL;
  steps.cache_settled.name = NULL;
  mutator = gq_test_mutator_new (&env);
  mutator->data = gq_test_json ("\"success\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  steps_connect (&steps, &env, options, TRUE);

  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, "*cache's on-error callback*global-error-error");
  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, "*The on-error callback*: error-error");
  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, "*cache's on-settled callback*global-settled-error");
  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, "*The on-settled callback*: settled-error");
  data = run_erroneous (&env, options, &error);
  g_test_assert_expected_messages ();

  assert_log (log, "onMutate,onError,onSettled");
  g_assert_cmpuint (mutator->calls, ==, 0);
  g_assert_cmpuint (steps.on_success.calls, ==, 0);
  g_assert_null (data);
  g_assert_cmpstr (error->message, ==, "mutation-error");
  g_assert_null (steps.on_error.received_context);

  gq_test_env_clear (&env);
  steps_clear (&steps);
}

/* should not remove mutation when one observer is removed but another
 * still exists */
static void
test_not_removed_while_another_observer (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer1 = NULL;
  g_autoptr(GqMutationObserver) observer2 = NULL;
  g_autoptr(GPtrArray) all = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->data = gq_test_json ("\"data\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_gc_time (options, 10);
  observer1 = gq_mutation_observer_new (env.client, options);
  observer2 = gq_mutation_observer_new (env.client, options);
  gq_mutation_observer_subscribe (observer1);

  gq_mutation_observer_mutate (observer1, NULL, NULL, NULL, NULL);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 1);

  all = gq_mutation_cache_get_all (gq_test_mutation_cache (&env));
  mutation = g_ptr_array_index (all, 0);
  _gq_mutation_add_observer (mutation, observer2);

  gq_mutation_observer_unsubscribe (observer1);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 1);

  _gq_mutation_remove_observer (mutation, observer2);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 0);

  g_clear_pointer (&all, g_ptr_array_unref);
  g_clear_object (&observer1);
  g_clear_object (&observer2);
  gq_test_env_clear (&env);
}

/* Continuing a settled mutation resolves at once, without data, and never
 * runs it again: TanStack's "should release the retryer once a mutation
 * settles", "... settled with an error" and "should not re-execute a
 * settled mutation when it is continued". */
static void
continue_settled (gboolean fail)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  g_autoptr(GTask) waiter = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->data = gq_test_json ("\"data\"");
  mutator->fail_always = fail;
  options = gq_test_mutation_options_new (NULL, mutator);
  observer = gq_mutation_observer_new (env.client, options);

  gq_mutation_observer_mutate (observer, NULL, NULL, NULL, NULL);
  gq_test_advance (&env, 10);

  mutation = gq_mutation_observer_get_mutation (observer);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==,
                   fail ? GQ_MUTATION_STATUS_ERROR : GQ_MUTATION_STATUS_SUCCESS);
  g_assert_cmpuint (mutator->calls, ==, 1);

  waiter = g_task_new (NULL, NULL, gq_test_async_callback, &async);
  _gq_mutation_continue (mutation, waiter);
  gq_test_await (&env, &async);
  data = g_task_propagate_pointer (G_TASK (async.result), &error);
  g_assert_no_error (error);
  g_assert_null (data);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (mutator->calls, ==, 1);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==,
                   fail ? GQ_MUTATION_STATUS_ERROR : GQ_MUTATION_STATUS_SUCCESS);

  gq_test_async_clear (&async);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

static void
test_continue_settled_success (void)
{
  continue_settled (FALSE);
}

static void
test_continue_settled_error (void)
{
  continue_settled (TRUE);
}

/* should still continue a restored paused mutation that has no retryer */
static void
test_continue_restored_without_retryer (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationState) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GTask) waiter = NULL;
  GqTestAsync async = { 0 };
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->data = gq_test_json ("\"data\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  state = restored_state (NULL, NULL, TRUE, GQ_TEST_START_TIME);
  mutation = build_restored (&env, options, state);

  waiter = g_task_new (NULL, NULL, gq_test_async_callback, &async);
  _gq_mutation_continue (mutation, waiter);
  gq_test_advance (&env, 10);
  gq_test_await (&env, &async);

  data = g_task_propagate_pointer (G_TASK (async.result), &error);
  g_assert_no_error (error);
  gq_assert_json (data, "\"data\"");
  g_assert_cmpuint (mutator->calls, ==, 1);
  g_assert_null (gq_test_mutator_variables (mutator, 0));
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_SUCCESS);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* ---- retries, network, idempotency -------------------------------- */

/* Mutations are not retried by default. */
static void
test_no_retry_by_default (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->fail_always = TRUE;
  options = gq_test_mutation_options_new (NULL, mutator);

  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 60000);

  g_assert_cmpuint (mutator->calls, ==, 1);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_ERROR);
  g_assert_cmpuint (gq_mutation_get_state (mutation)->failure_count, ==, 1);
  g_assert_cmpstr (gq_mutation_get_state (mutation)->error->message, ==, "failure 1");

  gq_test_env_clear (&env);
}

typedef struct
{
  guint  retry_calls[8];
  guint  n_retry;
  guint  delay_calls[8];
  guint  n_delay;
} RetryLog;

static gboolean
retry_below_two (guint         failure_count,
                 const GError *error,
                 gpointer      user_data)
{
  RetryLog *log = user_data;

  log->retry_calls[log->n_retry++] = failure_count;

  return failure_count < 2;
}

static gint64
linear_delay (guint         failure_count,
              const GError *error,
              gpointer      user_data)
{
  RetryLog *log = user_data;

  log->delay_calls[log->n_delay++] = failure_count;

  return (failure_count + 1) * 100;
}

/* The retry and retry-delay functions see the failures before the
 * current one, and the delay is computed even when no retry follows. */
static void
test_retry_functions (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  RetryLog log = { 0 };
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->fail_always = TRUE;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_retry_func (options, retry_below_two, &log, NULL);
  gq_mutation_options_set_retry_delay_func (options, linear_delay, &log, NULL);

  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 99);
  g_assert_cmpuint (mutator->calls, ==, 1);
  g_assert_cmpuint (gq_mutation_get_state (mutation)->failure_count, ==, 1);
  gq_test_advance (&env, 1);
  g_assert_cmpuint (mutator->calls, ==, 2);
  gq_test_advance (&env, 200);
  g_assert_cmpuint (mutator->calls, ==, 3);
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (mutator->calls, ==, 3);

  g_assert_cmpuint (log.n_retry, ==, 3);
  g_assert_cmpuint (log.retry_calls[0], ==, 0);
  g_assert_cmpuint (log.retry_calls[1], ==, 1);
  g_assert_cmpuint (log.retry_calls[2], ==, 2);
  g_assert_cmpuint (log.n_delay, ==, 3);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_ERROR);
  g_assert_cmpuint (gq_mutation_get_state (mutation)->failure_count, ==, 3);

  gq_test_env_clear (&env);
}

/* A mutation's retry count and delay replace the retry functions of the
 * client's mutation defaults: in TanStack each is one option. */
static void
test_retry_numbers_over_default_functions (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("retrying", NULL);
  RetryLog log = { 0 };
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->fail_always = TRUE;
  defaults = gq_mutation_options_new (NULL);
  gq_mutation_options_set_retry_func (defaults, retry_below_two, &log, NULL);
  gq_mutation_options_set_retry_delay_func (defaults, linear_delay, &log, NULL);
  gq_query_client_set_mutation_defaults (env.client, key, defaults);

  options = gq_test_mutation_options_new (key, mutator);
  gq_mutation_options_set_retry (options, 1);
  gq_mutation_options_set_retry_delay (options, 10);

  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 9);
  g_assert_cmpuint (mutator->calls, ==, 1);
  gq_test_advance (&env, 1);
  g_assert_cmpuint (mutator->calls, ==, 2);
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (mutator->calls, ==, 2);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_ERROR);
  g_assert_cmpuint (log.n_retry, ==, 0);
  g_assert_cmpuint (log.n_delay, ==, 0);

  gq_test_env_clear (&env);
}

/* retry -1 retries until it succeeds, with the doubling default delay. */
static void
test_retry_forever_default_delay (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->fail_times = 3;
  mutator->data = gq_test_json ("\"done\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_retry (options, -1);

  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 999);
  g_assert_cmpuint (mutator->calls, ==, 1);
  gq_test_advance (&env, 1);
  g_assert_cmpuint (mutator->calls, ==, 2);
  gq_test_advance (&env, 2000);
  g_assert_cmpuint (mutator->calls, ==, 3);
  g_assert_cmpuint (gq_mutation_get_state (mutation)->failure_count, ==, 3);
  gq_test_advance (&env, 4000);
  g_assert_cmpuint (mutator->calls, ==, 4);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_SUCCESS);
  g_assert_cmpuint (gq_mutation_get_state (mutation)->failure_count, ==, 0);
  gq_assert_json (gq_mutation_get_state (mutation)->data, "\"done\"");

  gq_test_env_clear (&env);
}

/* Every attempt of a mutation carries the same idempotency key, a UUID;
 * another mutation gets another. */
static void
test_idempotency_key (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutation *first;
  GqMutation *second;
  g_autofree char *key = NULL;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->fail_times = 2;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_retry (options, 3);
  gq_mutation_options_set_retry_delay (options, 10);

  first = gq_test_execute_mutation (&env, options, NULL, NULL);
  key = g_strdup (gq_mutation_get_idempotency_key (first));
  g_assert_true (g_uuid_string_is_valid (key));
  g_assert_cmpstr (key, ==, gq_mutation_state_get_idempotency_key (gq_mutation_get_state (first)));

  gq_test_advance (&env, 100);
  g_assert_cmpint (gq_mutation_get_status (first), ==, GQ_MUTATION_STATUS_SUCCESS);
  g_assert_cmpuint (mutator->calls, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (gq_mutation_context_get_idempotency_key (g_ptr_array_index (mutator->contexts, i)), ==, key);
  /* Kept through every state change. */
  g_assert_cmpstr (gq_mutation_get_idempotency_key (first), ==, key);

  second = gq_test_execute_mutation (&env, options, NULL, NULL);
  g_assert_true (g_uuid_string_is_valid (gq_mutation_get_idempotency_key (second)));
  g_assert_cmpstr (gq_mutation_get_idempotency_key (second), !=, key);
  g_assert_cmpuint (gq_mutation_get_mutation_id (first), ==, 1);
  g_assert_cmpuint (gq_mutation_get_mutation_id (second), ==, 2);

  gq_test_env_clear (&env);
}

/* Offline, a mutation runs its on-mutate callback, then pauses; coming
 * back online (client mounted) resumes it. */
static void
test_offline_pauses_and_resumes (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GqMutationResult) result = NULL;
  GqTestStep on_mutate = { 0 };
  g_autoptr(JsonNode) vars = gq_test_json ("{\"title\": \"offline\"}");

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);
  mutator = gq_test_mutator_new (&env);
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_mutate_func (options, gq_test_step_on_mutate, &on_mutate, NULL);
  observer = gq_mutation_observer_new (env.client, options);

  gq_mutation_observer_mutate (observer, vars, NULL, NULL, NULL);
  g_assert_cmpuint (on_mutate.calls, ==, 1);
  g_assert_cmpuint (mutator->calls, ==, 0);
  result = gq_mutation_observer_get_current_result (observer);
  g_assert_true (gq_mutation_result_get_is_pending (result));
  g_assert_true (gq_mutation_result_get_is_paused (result));
  g_assert_cmpuint (gq_query_client_is_mutating (env.client, NULL), ==, 1);

  gq_test_advance (&env, 60000);
  g_assert_cmpuint (mutator->calls, ==, 0);

  gq_online_manager_set_online (env.online, TRUE);
  g_assert_cmpuint (mutator->calls, ==, 1);
  g_assert_false (gq_mutation_state_get_is_paused (gq_mutation_get_state (gq_mutation_observer_get_mutation (observer))));
  gq_test_advance (&env, 0);

  g_clear_pointer (&result, gq_mutation_result_unref);
  result = gq_mutation_observer_get_current_result (observer);
  g_assert_true (gq_mutation_result_get_is_success (result));
  gq_assert_json (gq_mutation_result_get_data (result), "{\"title\": \"offline\"}");
  g_assert_cmpuint (on_mutate.calls, ==, 1);

  g_clear_object (&observer);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
  gq_test_step_clear (&on_mutate);
}

/* Network mode "always" runs offline. */
static void
test_network_mode_always_runs_offline (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  gq_online_manager_set_online (env.online, FALSE);
  mutator = gq_test_mutator_new (&env);
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_network_mode (options, GQ_NETWORK_MODE_ALWAYS);

  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  g_assert_false (gq_mutation_get_state (mutation)->is_paused);
  /* The function starts after the current task, as after an await. */
  g_assert_cmpuint (mutator->calls, ==, 0);
  gq_test_flush (&env);
  g_assert_cmpuint (mutator->calls, ==, 1);
  gq_test_advance (&env, 0);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_SUCCESS);

  gq_test_env_clear (&env);
}

/* Retries wait for the window to be focused, in every network mode, and
 * focusing it (client mounted) resumes them. */
static void
test_retry_waits_for_focus (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  mutator = gq_test_mutator_new (&env);
  mutator->fail_times = 1;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_retry (options, 1);
  gq_mutation_options_set_retry_delay (options, 10);
  gq_mutation_options_set_network_mode (options, GQ_NETWORK_MODE_ALWAYS);

  gq_focus_manager_set_focused (env.focus, FALSE);
  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 100);
  g_assert_cmpuint (mutator->calls, ==, 1);
  g_assert_true (gq_mutation_get_state (mutation)->is_paused);
  g_assert_cmpuint (gq_mutation_get_state (mutation)->failure_count, ==, 1);

  gq_focus_manager_set_focused (env.focus, TRUE);
  g_assert_cmpuint (mutator->calls, ==, 2);
  gq_test_advance (&env, 0);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_SUCCESS);
  g_assert_false (gq_mutation_get_state (mutation)->is_paused);

  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* A mutation may succeed without data; the variables given are copied,
 * not sealed in the caller's hands. */
static void
test_success_without_data (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) vars = json_node_new (JSON_NODE_OBJECT);
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  json_node_take_object (vars, json_object_new ());
  json_object_set_int_member (json_node_get_object (vars), "id", 3);
  mutator = gq_test_mutator_new (&env);
  mutator->resolve_none = TRUE;
  options = gq_test_mutation_options_new (NULL, mutator);
  observer = gq_mutation_observer_new (env.client, options);

  gq_mutation_observer_mutate_async (observer, vars, NULL, gq_test_async_callback, &async);
  g_assert_false (json_node_is_immutable (vars));
  gq_test_await (&env, &async);
  data = gq_mutation_observer_mutate_finish (observer, async.result, &error);

  g_assert_no_error (error);
  g_assert_null (data);
  g_assert_cmpint (gq_mutation_get_status (gq_mutation_observer_get_mutation (observer)), ==,
                   GQ_MUTATION_STATUS_SUCCESS);
  gq_assert_json (gq_mutation_get_state (gq_mutation_observer_get_mutation (observer))->variables,
                  "{\"id\": 3}");

  gq_test_async_clear (&async);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* Removing a running mutation that nothing else holds drops it: its
 * function is told through the cancellable, and a late completion is
 * ignored. */
static void
test_removed_running_mutation_is_cancelled (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqTestStep on_settled = { 0 };
  GqMutationContext *context;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->never = TRUE;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_settled_func (options, gq_test_step_on_settled, &on_settled, NULL);

  gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_flush (&env);
  context = g_ptr_array_index (mutator->contexts, 0);
  g_assert_false (g_cancellable_is_cancelled (gq_mutation_context_get_cancellable (context)));

  gq_mutation_cache_clear (gq_test_mutation_cache (&env));
  g_assert_true (g_cancellable_is_cancelled (gq_mutation_context_get_cancellable (context)));

  gq_mutation_context_resolve (context, NULL);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (on_settled.calls, ==, 0);

  gq_test_env_clear (&env);
  gq_test_step_clear (&on_settled);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GPtrArray  *notified)
{
  g_ptr_array_add (notified, g_strdup (pspec->name));
}

static gboolean
log_has (GPtrArray  *log,
         const char *entry)
{
  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (g_ptr_array_index (log, i), entry))
      return TRUE;

  return FALSE;
}

/* The mutation's properties follow its state, with notify. */
static void
test_mutation_properties_notify (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) vars = gq_test_json ("[1]");
  g_autoptr(JsonNode) data = NULL;
  GqMutationStatus status;
  gboolean paused;
  guint failures;
  char *idempotency_key = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 5;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_scope_id (options, "props");

  mutation = build_restored (&env, options, NULL);
  g_signal_connect (mutation, "notify", G_CALLBACK (count_notify), notified);
  _gq_mutation_execute (mutation, vars, NULL);
  g_assert_true (log_has (notified, "status"));
  g_assert_true (log_has (notified, "variables"));
  g_assert_true (log_has (notified, "submitted-at"));
  g_assert_false (log_has (notified, "data"));

  g_object_get (mutation, "status", &status, "is-paused", &paused, "failure-count", &failures,
                "idempotency-key", &idempotency_key, NULL);
  g_assert_cmpint (status, ==, GQ_MUTATION_STATUS_PENDING);
  g_assert_false (paused);
  g_assert_cmpuint (failures, ==, 0);
  g_assert_cmpstr (idempotency_key, ==, gq_mutation_get_idempotency_key (mutation));
  g_assert_cmpstr (gq_mutation_get_scope_id (mutation), ==, "props");
  g_free (idempotency_key);

  gq_test_advance (&env, 5);
  g_object_get (mutation, "status", &status, "data", &data, NULL);
  g_assert_cmpint (status, ==, GQ_MUTATION_STATUS_SUCCESS);
  gq_assert_json (data, "[1]");
  g_assert_true (log_has (notified, "data"));

  g_signal_handlers_disconnect_by_data (mutation, notified);
  gq_test_env_clear (&env);
}

/* Offline when submitted, a mutation whose function starts once the
 * network is back runs unpaused. */
static void
test_online_before_start_runs_unpaused (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  gq_online_manager_set_online (env.online, FALSE);
  mutator = gq_test_mutator_new (&env);
  mutator->never = TRUE;
  options = gq_test_mutation_options_new (NULL, mutator);

  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  g_assert_true (gq_mutation_get_state (mutation)->is_paused);

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_flush (&env);
  g_assert_cmpuint (mutator->calls, ==, 1);
  g_assert_false (gq_mutation_get_state (mutation)->is_paused);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_PENDING);

  gq_test_env_clear (&env);
}

static void
count_destroyed (gpointer data)
{
  (*(guint *) data)++;
}

/* Options: TanStack's defaults, explicit-set tracking, copies that share
 * their functions. */
static void
test_options_defaults_and_is_set (void)
{
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (NULL);
  g_autoptr(GqMutationOptions) copy = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("opts", NULL);
  guint destroyed = 0;

  g_assert_cmpint (gq_mutation_options_get_retry (options), ==, 0);
  g_assert_cmpint (gq_mutation_options_get_retry_delay (options), ==, -1);
  g_assert_cmpint (gq_mutation_options_get_gc_time (options), ==, 300000);
  g_assert_cmpint (gq_mutation_options_get_network_mode (options), ==, GQ_NETWORK_MODE_ONLINE);
  g_assert_null (gq_mutation_options_get_mutation_key (options));
  g_assert_null (gq_mutation_options_get_scope_id (options));
  g_assert_null (gq_mutation_options_get_meta (options));
  g_assert_false (gq_mutation_options_is_set (options, "retry"));
  g_assert_false (gq_mutation_options_is_set (options, "mutation-func"));

  g_object_set (options, "retry", 0, "scope-id", "s", "mutation-key", key, NULL);
  gq_mutation_options_set_mutation_func (options, gq_test_mutator_func, &destroyed, count_destroyed);
  g_assert_true (gq_mutation_options_is_set (options, "retry"));
  g_assert_true (gq_mutation_options_is_set (options, "scope_id"));
  g_assert_true (gq_mutation_options_is_set (options, "mutation-key"));
  g_assert_true (gq_mutation_options_is_set (options, "mutation-func"));
  g_assert_false (gq_mutation_options_is_set (options, "gc-time"));

  copy = gq_mutation_options_copy (options);
  g_assert_true (gq_mutation_options_is_set (copy, "mutation-func"));
  g_assert_cmpstr (gq_mutation_options_get_scope_id (copy), ==, "s");
  gq_assert_json (gq_mutation_options_get_mutation_key (copy), "[\"opts\"]");

  /* The function's data lives as long as a copy needs it. */
  gq_mutation_options_set_mutation_func (options, NULL, NULL, NULL);
  g_assert_false (gq_mutation_options_is_set (options, "mutation-func"));
  g_assert_cmpuint (destroyed, ==, 0);
  g_clear_object (&copy);
  g_assert_cmpuint (destroyed, ==, 1);

  gq_mutation_options_set_scope_id (options, NULL);
  g_assert_false (gq_mutation_options_is_set (options, "scope-id"));

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*no option named*bogus*");
  g_assert_false (gq_mutation_options_is_set (options, "bogus"));
  g_test_assert_expected_messages ();
}

/* ---- queryClient.test.tsx: the client's mutation API --------------- */

/* isMutating: should return length of mutating */
static void
test_client_is_mutating (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) slow = NULL;
  g_autoptr(GqTestMutator) fast = NULL;
  g_autoptr(GqMutationOptions) slow_options = NULL;
  g_autoptr(GqMutationOptions) fast_options = NULL;
  g_autoptr(GqMutationObserver) slow_observer = NULL;
  g_autoptr(GqMutationObserver) fast_observer = NULL;
  g_autoptr(JsonNode) fast_key = gq_key_new ("fast", NULL);
  g_autoptr(GqMutationFilters) fast_filters = gq_mutation_filters_new (fast_key);

  gq_test_env_init (&env);
  slow = gq_test_mutator_new (&env);
  slow->delay = 10;
  fast = gq_test_mutator_new (&env);
  fast->delay = 5;
  slow_options = gq_test_mutation_options_new (NULL, slow);
  fast_options = gq_test_mutation_options_new (fast_key, fast);
  slow_observer = gq_mutation_observer_new (env.client, slow_options);
  fast_observer = gq_mutation_observer_new (env.client, fast_options);

  g_assert_cmpuint (gq_query_client_is_mutating (env.client, NULL), ==, 0);
  gq_mutation_observer_mutate (slow_observer, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (gq_query_client_is_mutating (env.client, NULL), ==, 1);
  gq_mutation_observer_mutate (fast_observer, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (gq_query_client_is_mutating (env.client, NULL), ==, 2);
  g_assert_cmpuint (gq_query_client_is_mutating (env.client, fast_filters), ==, 1);
  gq_test_advance (&env, 5);
  g_assert_cmpuint (gq_query_client_is_mutating (env.client, NULL), ==, 1);
  g_assert_cmpuint (gq_query_client_is_mutating (env.client, fast_filters), ==, 0);
  gq_test_advance (&env, 5);
  g_assert_cmpuint (gq_query_client_is_mutating (env.client, NULL), ==, 0);
  /* The caller's filters are not changed. */
  g_assert_false (gq_mutation_filters_lookup_status (fast_filters, NULL));

  g_clear_object (&slow_observer);
  g_clear_object (&fast_observer);
  gq_test_env_clear (&env);
}

/* setMutationDefaults: should update existing mutation defaults */
static void
test_client_update_mutation_defaults (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("defaults_1", NULL);
  g_autoptr(GqMutationOptions) first = NULL;
  g_autoptr(GqMutationOptions) second = NULL;
  g_autoptr(GqMutationOptions) merged = NULL;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  first = gq_test_mutation_options_new (NULL, mutator);
  second = g_object_new (GQ_TYPE_MUTATION_OPTIONS, "retry", 0, NULL);
  gq_query_client_set_mutation_defaults (env.client, key, first);
  gq_query_client_set_mutation_defaults (env.client, key, second);

  merged = gq_query_client_get_mutation_defaults (env.client, key);
  g_assert_true (gq_mutation_options_is_set (merged, "retry"));
  g_assert_cmpint (gq_mutation_options_get_retry (merged), ==, 0);
  /* Replaced, not merged with the earlier defaults of the same key. */
  g_assert_false (gq_mutation_options_is_set (merged, "mutation-func"));

  gq_test_env_clear (&env);
}

/* setMutationDefaults: should return only matching defaults when
 * multiple mutation defaults are set; prefixes apply in order */
static void
test_client_matching_mutation_defaults (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key1 = gq_key_new ("defaults_a", NULL);
  g_autoptr(JsonNode) key2 = gq_key_new ("defaults_b", NULL);
  g_autoptr(JsonNode) key2_sub = gq_key_new ("defaults_b", "sub", NULL);
  g_autoptr(JsonNode) longer = gq_key_new ("defaults_b", "sub", "item", NULL);
  g_autoptr(GqMutationOptions) options1 = g_object_new (GQ_TYPE_MUTATION_OPTIONS, "retry", 1, NULL);
  g_autoptr(GqMutationOptions) options2 = g_object_new (GQ_TYPE_MUTATION_OPTIONS, "retry", 2, NULL);
  g_autoptr(GqMutationOptions) options3 = g_object_new (GQ_TYPE_MUTATION_OPTIONS, "gc-time", (gint64) 7, NULL);
  g_autoptr(GqMutationOptions) merged1 = NULL;
  g_autoptr(GqMutationOptions) merged2 = NULL;
  g_autoptr(GqMutationOptions) merged3 = NULL;

  gq_test_env_init (&env);
  gq_query_client_set_mutation_defaults (env.client, key1, options1);
  gq_query_client_set_mutation_defaults (env.client, key2, options2);
  gq_query_client_set_mutation_defaults (env.client, key2_sub, options3);

  merged1 = gq_query_client_get_mutation_defaults (env.client, key1);
  merged2 = gq_query_client_get_mutation_defaults (env.client, key2);
  merged3 = gq_query_client_get_mutation_defaults (env.client, longer);
  g_assert_cmpint (gq_mutation_options_get_retry (merged1), ==, 1);
  g_assert_false (gq_mutation_options_is_set (merged1, "gc-time"));
  g_assert_cmpint (gq_mutation_options_get_retry (merged2), ==, 2);
  g_assert_false (gq_mutation_options_is_set (merged2, "gc-time"));
  g_assert_cmpint (gq_mutation_options_get_retry (merged3), ==, 2);
  g_assert_cmpint (gq_mutation_options_get_gc_time (merged3), ==, 7);

  gq_test_env_clear (&env);
}

/* A restored mutation with no function anywhere fails clearly. */
static void
test_client_restored_without_function (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("nowhere", NULL);
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationState) state = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  options = gq_mutation_options_new (key);
  state = restored_state ("1", NULL, TRUE, 1);
  mutation = build_restored (&env, options, state);

  resume_paused (&env);
  gq_test_advance (&env, 0);

  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_ERROR);
  g_assert_error (gq_mutation_get_state (mutation)->error, GQ_ERROR, GQ_ERROR_MISSING_MUTATION_FUNC);

  gq_test_env_clear (&env);
}

/* The client's default mutation options apply under the key defaults and
 * the mutation's own. */
static void
test_client_default_mutation_options (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->fail_always = TRUE;
  defaults = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_retry (defaults, 2);
  gq_mutation_options_set_retry_delay (defaults, 1);
  gq_query_client_set_default_mutation_options (env.client, defaults);
  g_assert_true (gq_query_client_get_default_mutation_options (env.client) == defaults);

  options = g_object_new (GQ_TYPE_MUTATION_OPTIONS, "retry", 1, NULL);
  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 10);

  g_assert_cmpuint (mutator->calls, ==, 2);
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_ERROR);

  gq_query_client_set_default_mutation_options (env.client, NULL);
  g_assert_false (gq_mutation_options_is_set (gq_query_client_get_default_mutation_options (env.client),
                                              "mutation-func"));

  gq_test_env_clear (&env);
}

typedef struct
{
  GqTestEnv *env;
  GPtrArray *log;
  guint      count;
} QueryLog;

static void
logged_query_func (GqFetchContext *context,
                   gpointer        user_data)
{
  QueryLog *q = user_data;
  g_autoptr(JsonNode) node = NULL;

  q->count++;
  g_ptr_array_add (q->log, g_strdup_printf ("data%u", q->count));
  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, g_ptr_array_index (q->log, q->log->len - 1));
  gq_fetch_context_resolve (context, node);
}

/* should notify queryCache and mutationCache if focused / online: a
 * paused mutation resumes, then the stale query refetches. */
static void
client_resumes_then_refetches (gboolean by_focus)
{
  GqTestEnv env;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) mutation_options = NULL;
  g_autoptr(GqMutationObserver) mutation_observer = NULL;
  g_autoptr(GqQueryOptions) query_options = NULL;
  g_autoptr(GqQueryObserver) query_observer = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("resumed", NULL);
  QueryLog q = { .env = &env, .log = log };

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  query_options = gq_query_options_new (key);
  gq_query_options_set_query_func (query_options, logged_query_func, &q, NULL);
  query_observer = gq_query_observer_new (env.client, query_options);
  gq_query_observer_subscribe (query_observer);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (q.count, ==, 1);

  mutator = gq_test_mutator_new (&env);
  mutator->name = "mutation";
  mutator->log = log;
  mutator->delay = 10;
  mutation_options = gq_test_mutation_options_new (NULL, mutator);
  mutation_observer = gq_mutation_observer_new (env.client, mutation_options);

  if (by_focus)
    {
      /* Retries wait for focus; the focus change resumes them first. */
      gq_mutation_options_set_retry (mutation_options, 1);
      gq_mutation_options_set_retry_delay (mutation_options, 0);
      mutator->fail_times = 1;
      gq_mutation_observer_set_options (mutation_observer, mutation_options);
      gq_focus_manager_set_focused (env.focus, FALSE);
      gq_mutation_observer_mutate (mutation_observer, NULL, NULL, NULL, NULL);
      gq_test_advance (&env, 10);
      g_assert_true (gq_mutation_state_get_is_paused (gq_mutation_get_state (gq_mutation_observer_get_mutation (mutation_observer))));
      gq_focus_manager_set_focused (env.focus, TRUE);
    }
  else
    {
      gq_online_manager_set_online (env.online, FALSE);
      gq_mutation_observer_mutate (mutation_observer, NULL, NULL, NULL, NULL);
      g_assert_true (gq_mutation_state_get_is_paused (gq_mutation_get_state (gq_mutation_observer_get_mutation (mutation_observer))));
      gq_online_manager_set_online (env.online, TRUE);
    }

  /* The query waits for the mutation. */
  g_assert_cmpuint (q.count, ==, 1);
  gq_test_advance (&env, 10);
  g_assert_cmpint (gq_mutation_get_status (gq_mutation_observer_get_mutation (mutation_observer)), ==,
                   GQ_MUTATION_STATUS_SUCCESS);
  g_assert_cmpuint (q.count, ==, 2);
  if (by_focus)
    assert_log (log, "data1,start-mutation,finish-mutation,start-mutation,finish-mutation,data2");
  else
    assert_log (log, "data1,start-mutation,finish-mutation,data2");

  gq_query_observer_unsubscribe (query_observer);
  g_clear_object (&query_observer);
  g_clear_object (&mutation_observer);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

static void
test_client_focus_resumes_then_refetches (void)
{
  client_resumes_then_refetches (TRUE);
}

static void
test_client_online_resumes_then_refetches (void)
{
  client_resumes_then_refetches (FALSE);
}

/* should resume paused mutations when coming online */
static void
test_client_resume_when_online (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) one = NULL;
  g_autoptr(GqTestMutator) two = NULL;
  g_autoptr(GqMutationOptions) options1 = NULL;
  g_autoptr(GqMutationOptions) options2 = NULL;
  g_autoptr(GqMutationObserver) observer1 = NULL;
  g_autoptr(GqMutationObserver) observer2 = NULL;
  g_autoptr(GqMutationResult) r1 = NULL;
  g_autoptr(GqMutationResult) r2 = NULL;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);
  one = gq_test_mutator_new (&env);
  one->data = gq_test_json ("1");
  two = gq_test_mutator_new (&env);
  two->data = gq_test_json ("2");
  options1 = gq_test_mutation_options_new (NULL, one);
  options2 = gq_test_mutation_options_new (NULL, two);
  observer1 = gq_mutation_observer_new (env.client, options1);
  observer2 = gq_mutation_observer_new (env.client, options2);

  gq_mutation_observer_mutate (observer1, NULL, NULL, NULL, NULL);
  gq_mutation_observer_mutate (observer2, NULL, NULL, NULL, NULL);
  r1 = gq_mutation_observer_get_current_result (observer1);
  r2 = gq_mutation_observer_get_current_result (observer2);
  g_assert_true (gq_mutation_result_get_is_paused (r1));
  g_assert_true (gq_mutation_result_get_is_paused (r2));

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_advance (&env, 0);

  g_clear_pointer (&r1, gq_mutation_result_unref);
  g_clear_pointer (&r2, gq_mutation_result_unref);
  r1 = gq_mutation_observer_get_current_result (observer1);
  r2 = gq_mutation_observer_get_current_result (observer2);
  g_assert_cmpint (gq_mutation_result_get_status (r1), ==, GQ_MUTATION_STATUS_SUCCESS);
  g_assert_cmpint (gq_mutation_result_get_status (r2), ==, GQ_MUTATION_STATUS_SUCCESS);
  g_assert_cmpint (gq_test_int (gq_mutation_result_get_data (r2)), ==, 2);

  g_clear_object (&observer1);
  g_clear_object (&observer2);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

static GqMutationObserver *
offline_observer (GqTestEnv     *env,
                  GqTestMutator *mutator,
                  GPtrArray     *log,
                  const char    *name,
                  gint64         delay,
                  const char    *scope)
{
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutationObserver *observer;

  mutator->name = name;
  mutator->log = log;
  mutator->delay = delay;
  options = gq_test_mutation_options_new (NULL, mutator);
  if (scope != NULL)
    gq_mutation_options_set_scope_id (options, scope);
  observer = gq_mutation_observer_new (env->client, options);
  gq_mutation_observer_mutate (observer, NULL, NULL, NULL, NULL);

  return observer;
}

static gboolean
observer_is_paused (GqMutationObserver *observer)
{
  g_autoptr(GqMutationResult) result = gq_mutation_observer_get_current_result (observer);

  return gq_mutation_result_get_is_paused (result);
}

static GqMutationStatus
observer_status (GqMutationObserver *observer)
{
  g_autoptr(GqMutationResult) result = gq_mutation_observer_get_current_result (observer);

  return gq_mutation_result_get_status (result);
}

/* should resume paused mutations in parallel */
static void
test_client_resume_in_parallel (void)
{
  GqTestEnv env;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GqTestMutator) one = NULL;
  g_autoptr(GqTestMutator) two = NULL;
  g_autoptr(GqMutationObserver) observer1 = NULL;
  g_autoptr(GqMutationObserver) observer2 = NULL;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);
  one = gq_test_mutator_new (&env);
  two = gq_test_mutator_new (&env);
  observer1 = offline_observer (&env, one, log, "1", 50, NULL);
  observer2 = offline_observer (&env, two, log, "2", 20, NULL);
  g_assert_true (observer_is_paused (observer1));
  g_assert_true (observer_is_paused (observer2));

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_advance (&env, 50);

  g_assert_cmpint (observer_status (observer1), ==, GQ_MUTATION_STATUS_SUCCESS);
  g_assert_cmpint (observer_status (observer2), ==, GQ_MUTATION_STATUS_SUCCESS);
  assert_log (log, "start-1,start-2,finish-2,finish-1");

  g_clear_object (&observer1);
  g_clear_object (&observer2);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should resume paused mutations one after the other when in the same
 * scope when invoked manually at the same time */
static void
test_client_resume_scope_in_order (void)
{
  GqTestEnv env;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GqTestMutator) one = NULL;
  g_autoptr(GqTestMutator) two = NULL;
  g_autoptr(GqMutationObserver) observer1 = NULL;
  g_autoptr(GqMutationObserver) observer2 = NULL;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);
  one = gq_test_mutator_new (&env);
  two = gq_test_mutator_new (&env);
  observer1 = offline_observer (&env, one, log, "1", 50, "scope");
  observer2 = offline_observer (&env, two, log, "2", 20, "scope");
  g_assert_true (observer_is_paused (observer1));
  g_assert_true (observer_is_paused (observer2));

  gq_online_manager_set_online (env.online, TRUE);
  resume_paused (&env);
  gq_test_advance (&env, 70);

  g_assert_cmpint (observer_status (observer1), ==, GQ_MUTATION_STATUS_SUCCESS);
  g_assert_cmpint (observer_status (observer2), ==, GQ_MUTATION_STATUS_SUCCESS);
  assert_log (log, "start-1,finish-1,start-2,finish-2");

  g_clear_object (&observer1);
  g_clear_object (&observer2);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should resumePausedMutations when coming online after having called
 * resumePausedMutations while offline */
static void
test_client_resume_while_offline_then_online (void)
{
  GqTestEnv env;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);
  mutator = gq_test_mutator_new (&env);
  observer = offline_observer (&env, mutator, log, "1", 0, NULL);
  g_assert_true (observer_is_paused (observer));

  gq_query_client_resume_paused_mutations_async (env.client, NULL, gq_test_async_callback, &async);
  gq_test_await (&env, &async);
  g_assert_true (gq_query_client_resume_paused_mutations_finish (env.client, async.result, &error));
  g_assert_no_error (error);
  /* still paused because we are still offline */
  g_assert_true (observer_is_paused (observer));
  g_assert_cmpuint (mutator->calls, ==, 0);

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_advance (&env, 0);
  g_assert_cmpint (observer_status (observer), ==, GQ_MUTATION_STATUS_SUCCESS);

  gq_test_async_clear (&async);
  g_clear_object (&observer);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should notify queryCache after resumePausedMutations has finished when
 * coming online */
static void
test_client_refetch_after_resumed_mutations (void)
{
  GqTestEnv env;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GqTestMutator) one = NULL;
  g_autoptr(GqTestMutator) two = NULL;
  g_autoptr(GqTestMutator) three = NULL;
  g_autoptr(GqMutationObserver) observer1 = NULL;
  g_autoptr(GqMutationObserver) observer2 = NULL;
  g_autoptr(GqMutationObserver) observer3 = NULL;
  g_autoptr(GqQueryOptions) query_options = NULL;
  g_autoptr(GqQueryObserver) query_observer = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("after_mutations", NULL);
  g_autoptr(JsonNode) data = NULL;
  QueryLog q = { .env = &env, .log = log };

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  query_options = gq_query_options_new (key);
  gq_query_options_set_query_func (query_options, logged_query_func, &q, NULL);
  query_observer = gq_query_observer_new (env.client, query_options);
  gq_query_observer_subscribe (query_observer);
  gq_test_advance (&env, 10);
  data = gq_query_client_get_query_data (env.client, key);
  gq_assert_json (data, "\"data1\"");
  g_clear_pointer (&data, json_node_unref);

  gq_online_manager_set_online (env.online, FALSE);
  one = gq_test_mutator_new (&env);
  two = gq_test_mutator_new (&env);
  three = gq_test_mutator_new (&env);
  observer1 = offline_observer (&env, one, log, "mutation1", 50, NULL);
  observer2 = offline_observer (&env, two, log, "mutation2", 50, "scope");
  observer3 = offline_observer (&env, three, log, "mutation3", 50, "scope");
  g_assert_true (observer_is_paused (observer1));
  g_assert_true (observer_is_paused (observer2));
  g_assert_true (observer_is_paused (observer3));

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_advance (&env, 110);

  data = gq_query_client_get_query_data (env.client, key);
  gq_assert_json (data, "\"data2\"");
  assert_log (log, "data1,start-mutation1,start-mutation2,finish-mutation1,finish-mutation2,"
                   "start-mutation3,finish-mutation3,data2");

  gq_query_observer_unsubscribe (query_observer);
  g_clear_object (&query_observer);
  g_clear_object (&observer1);
  g_clear_object (&observer2);
  g_clear_object (&observer3);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* should notify queryCache and mutationCache after multiple mounts and
 * single unmount; not after as many unmounts as mounts */
static void
test_client_mount_count_resumes (void)
{
  GqTestEnv env;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_query_client_mount (env.client);
  gq_query_client_unmount (env.client);

  gq_online_manager_set_online (env.online, FALSE);
  mutator = gq_test_mutator_new (&env);
  observer = offline_observer (&env, mutator, log, "1", 0, NULL);
  gq_online_manager_set_online (env.online, TRUE);
  gq_test_advance (&env, 0);
  g_assert_cmpint (observer_status (observer), ==, GQ_MUTATION_STATUS_SUCCESS);

  gq_query_client_unmount (env.client);
  gq_online_manager_set_online (env.online, FALSE);
  g_clear_object (&observer);
  observer = offline_observer (&env, mutator, log, "1", 0, NULL);
  gq_test_flush (&env);
  gq_online_manager_set_online (env.online, TRUE);
  gq_test_advance (&env, 0);
  /* Unmounted: nothing follows the network. */
  g_assert_true (observer_is_paused (observer));
  g_assert_cmpuint (mutator->calls, ==, 1);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* clear () empties both caches; disposing the client drops its
 * mutations. */
static void
test_client_clear_removes_mutations (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutation *mutation;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 2);

  gq_query_client_clear (env.client);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 0);

  /* Disposing the client drops its mutations. */
  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 0);
  g_object_add_weak_pointer (G_OBJECT (mutation), (gpointer *) &mutation);
  g_object_run_dispose (G_OBJECT (env.client));
  g_assert_null (mutation);

  gq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* mutations.test.tsx */
  g_test_add_func ("/Gq/Mutation/mutate-accepts-null", test_mutate_accepts_null);
  g_test_add_func ("/Gq/Mutation/set-mutation-defaults-sets-defaults", test_set_mutation_defaults_sets_defaults);
  g_test_add_func ("/Gq/Mutation/success-states", test_success_states);
  g_test_add_func ("/Gq/Mutation/error-states", test_error_states);
  g_test_add_func ("/Gq/Mutation/restore-mutation", test_restore_mutation);
  g_test_add_func ("/Gq/Mutation/add-observer-once", test_add_observer_once);
  g_test_add_func ("/Gq/Mutation/missing-mutation-func", test_missing_mutation_func);
  g_test_add_func ("/Gq/Mutation/update-without-subscription", test_update_without_subscription);
  g_test_add_func ("/Gq/Mutation/callbacks-see-updated-options", test_callbacks_see_updated_options);
  g_test_add_func ("/Gq/Mutation/scoped/serial", test_scoped_serial);
  g_test_add_func ("/Gq/Mutation/scoped/unscoped-parallel", test_unscoped_parallel);
  g_test_add_func ("/Gq/Mutation/scoped/parallel-scopes-serial-within", test_scopes_parallel_serial_within);
  g_test_add_func ("/Gq/Mutation/callbacks/sync-patterns", test_sync_callback_patterns);
  g_test_add_func ("/Gq/Mutation/callbacks/return-value-isolation", test_return_value_isolation);
  g_test_add_func ("/Gq/Mutation/callbacks/error-patterns", test_error_callback_patterns);
  g_test_add_func ("/Gq/Mutation/erroneous/global-on-success", test_erroneous_global_on_success);
  g_test_add_func ("/Gq/Mutation/erroneous/on-success", test_erroneous_on_success);
  g_test_add_func ("/Gq/Mutation/erroneous/global-on-settled", test_erroneous_global_on_settled);
  g_test_add_func ("/Gq/Mutation/erroneous/on-settled", test_erroneous_on_settled);
  g_test_add_func ("/Gq/Mutation/erroneous/error-callbacks-reported", test_erroneous_error_callbacks_reported);
  g_test_add_func ("/Gq/Mutation/not-removed-while-another-observer", test_not_removed_while_another_observer);
  g_test_add_func ("/Gq/Mutation/continue-settled-success", test_continue_settled_success);
  g_test_add_func ("/Gq/Mutation/continue-settled-error", test_continue_settled_error);
  g_test_add_func ("/Gq/Mutation/continue-restored-without-retryer", test_continue_restored_without_retryer);

  /* retries, network, idempotency */
  g_test_add_func ("/Gq/Mutation/no-retry-by-default", test_no_retry_by_default);
  g_test_add_func ("/Gq/Mutation/retry-functions", test_retry_functions);
  g_test_add_func ("/Gq/Mutation/retry-numbers-over-default-functions", test_retry_numbers_over_default_functions);
  g_test_add_func ("/Gq/Mutation/retry-forever-default-delay", test_retry_forever_default_delay);
  g_test_add_func ("/Gq/Mutation/idempotency-key", test_idempotency_key);
  g_test_add_func ("/Gq/Mutation/offline-pauses-and-resumes", test_offline_pauses_and_resumes);
  g_test_add_func ("/Gq/Mutation/network-mode-always-runs-offline", test_network_mode_always_runs_offline);
  g_test_add_func ("/Gq/Mutation/retry-waits-for-focus", test_retry_waits_for_focus);
  g_test_add_func ("/Gq/Mutation/success-without-data", test_success_without_data);
  g_test_add_func ("/Gq/Mutation/removed-running-mutation-is-cancelled", test_removed_running_mutation_is_cancelled);
  g_test_add_func ("/Gq/Mutation/properties-notify", test_mutation_properties_notify);
  g_test_add_func ("/Gq/Mutation/online-before-start-runs-unpaused", test_online_before_start_runs_unpaused);
  g_test_add_func ("/Gq/Mutation/options/defaults-and-is-set", test_options_defaults_and_is_set);

  /* queryClient.test.tsx */
  g_test_add_func ("/Gq/Mutation/client/is-mutating", test_client_is_mutating);
  g_test_add_func ("/Gq/Mutation/client/update-mutation-defaults", test_client_update_mutation_defaults);
  g_test_add_func ("/Gq/Mutation/client/matching-mutation-defaults", test_client_matching_mutation_defaults);
  g_test_add_func ("/Gq/Mutation/client/restored-without-function", test_client_restored_without_function);
  g_test_add_func ("/Gq/Mutation/client/default-mutation-options", test_client_default_mutation_options);
  g_test_add_func ("/Gq/Mutation/client/focus-resumes-then-refetches", test_client_focus_resumes_then_refetches);
  g_test_add_func ("/Gq/Mutation/client/online-resumes-then-refetches", test_client_online_resumes_then_refetches);
  g_test_add_func ("/Gq/Mutation/client/resume-when-online", test_client_resume_when_online);
  g_test_add_func ("/Gq/Mutation/client/resume-in-parallel", test_client_resume_in_parallel);
  g_test_add_func ("/Gq/Mutation/client/resume-scope-in-order", test_client_resume_scope_in_order);
  g_test_add_func ("/Gq/Mutation/client/resume-while-offline-then-online", test_client_resume_while_offline_then_online);
  g_test_add_func ("/Gq/Mutation/client/refetch-after-resumed-mutations", test_client_refetch_after_resumed_mutations);
  g_test_add_func ("/Gq/Mutation/client/mount-count-resumes", test_client_mount_count_resumes);
  g_test_add_func ("/Gq/Mutation/client/clear-removes-mutations", test_client_clear_removes_mutations);

  return g_test_run ();
}
