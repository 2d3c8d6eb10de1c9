/* test-mutation-observer.c: TanStack's mutationObserver.test.tsx,
 * ported, plus the observer's properties, per-call callbacks and async
 * API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include "gq-mutation-private.h"
#include "gq-mutation-state-private.h"

/* ---- helpers ------------------------------------------------------- */

typedef struct
{
  GqTestEnv           env;
  GqTestMutator      *mutator;
  GqMutationOptions  *options;
  GqMutationObserver *observer;
} Fixture;

/* An observer whose mutation function echoes its variables after
 * @delay ms. */
static void
fixture_init (Fixture    *f,
              gint64      delay,
              const char *key)
{
  g_autoptr(JsonNode) key_node = key ? gq_test_json (key) : NULL;

  gq_test_env_init (&f->env);
  f->mutator = gq_test_mutator_new (&f->env);
  f->mutator->delay = delay;
  f->options = gq_test_mutation_options_new (key_node, f->mutator);
  f->observer = gq_mutation_observer_new (f->env.client, f->options);
}

static void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->observer);
  g_clear_object (&f->options);
  gq_test_env_clear (&f->env);
  g_clear_pointer (&f->mutator, gq_test_mutator_free);
}

static void
mutate_text (GqMutationObserver *observer,
             const char         *text)
{
  g_autoptr(JsonNode) variables = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (variables, text);
  gq_mutation_observer_mutate (observer, variables, NULL, NULL, NULL);
}

static guint
cache_size (Fixture *f)
{
  return gq_mutation_cache_get_size (gq_test_mutation_cache (&f->env));
}

static GqMutationStatus
current_status (GqMutationObserver *observer)
{
  g_autoptr(GqMutationResult) result = gq_mutation_observer_get_current_result (observer);

  return gq_mutation_result_get_status (result);
}

static void
assert_current (GqMutationObserver *observer,
                GqMutationStatus    status,
                const char         *data)
{
  g_autoptr(GqMutationResult) result = gq_mutation_observer_get_current_result (observer);

  g_assert_cmpint (gq_mutation_result_get_status (result), ==, status);
  if (data != NULL)
    gq_assert_json (gq_mutation_result_get_data (result), data);
  else
    g_assert_null (gq_mutation_result_get_data (result));
}

static GqMutation *
first_mutation (Fixture *f)
{
  g_autoptr(GqMutationFilters) all = gq_mutation_filters_new (NULL);

  return gq_mutation_cache_find (gq_test_mutation_cache (&f->env), all);
}

static JsonNode *
echo_text (GqMutationContext *context)
{
  JsonNode *variables = gq_mutation_context_get_variables (context);
  g_autofree char *upper = g_ascii_strup (json_node_get_string (variables), -1);
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, upper);

  return node;
}

static void
upper_mutation_func (GqMutationContext *context,
                     gpointer           user_data)
{
  g_autoptr(JsonNode) data = echo_text (context);

  gq_mutation_context_resolve (context, data);
}

static void
failing_mutation_func (GqMutationContext *context,
                       gpointer           user_data)
{
  gq_mutation_context_reject_literal (context, G_IO_ERROR, G_IO_ERROR_FAILED, "error");
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
record_mutate (JsonNode     *data,
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

typedef struct
{
  GqCacheEventType type;
  GqMutation      *mutation;
} Event;

static void
record_event (GqMutationCache  *cache,
              GqCacheEventType  type,
              GqMutation       *mutation,
              GObject          *observer,
              GArray           *events)
{
  Event event = { type, mutation };

  g_array_append_val (events, event);
}

static guint
count_type (GArray           *events,
            GqCacheEventType  type)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (g_array_index (events, Event, i).type == type)
      n++;

  return n;
}

/* ---- mutationObserver.test.tsx ------------------------------------- */

/* onUnsubscribe should not remove the current mutation observer if there
 * is still a subscription */
static void
test_unsubscribe_keeps_other_subscription (void)
{
  Fixture f;
  g_autoptr(GqTestMutationRecorder) recorder = NULL;
  GqMutation *mutation;

  fixture_init (&f, 20, NULL);
  recorder = gq_test_mutation_recorder_new (f.observer);
  gq_mutation_observer_subscribe (f.observer);
  gq_mutation_observer_subscribe (f.observer);

  mutate_text (f.observer, "input");
  mutation = gq_mutation_observer_get_mutation (f.observer);
  gq_mutation_observer_unsubscribe (f.observer);
  g_assert_true (gq_mutation_observer_is_subscribed (f.observer));
  g_assert_cmpuint (gq_mutation_get_observer_count (mutation), ==, 1);

  gq_test_flush (&f.env);
  g_assert_cmpuint (recorder->results->len, ==, 1);

  gq_test_advance (&f.env, 20);
  g_assert_cmpuint (recorder->results->len, ==, 2);
  g_assert_cmpint (gq_mutation_result_get_status (gq_test_mutation_recorder_get (recorder, 1)), ==,
                   GQ_MUTATION_STATUS_SUCCESS);

  gq_mutation_observer_unsubscribe (f.observer);
  g_assert_false (gq_mutation_observer_is_subscribed (f.observer));
  g_assert_cmpuint (gq_mutation_get_observer_count (mutation), ==, 0);
  g_clear_pointer (&recorder, gq_test_mutation_recorder_free);
  fixture_clear (&f);
}

/* unsubscribe should remove observer to trigger GC */
static void
test_unsubscribe_triggers_gc (void)
{
  Fixture f;

  fixture_init (&f, 5, NULL);
  gq_mutation_options_set_gc_time (f.options, 10);
  gq_mutation_observer_set_options (f.observer, f.options);
  gq_mutation_observer_subscribe (f.observer);

  mutate_text (f.observer, "input");
  gq_test_advance (&f.env, 5);
  g_assert_cmpuint (cache_size (&f), ==, 1);

  gq_mutation_observer_unsubscribe (f.observer);
  gq_test_advance (&f.env, 10);
  g_assert_cmpuint (cache_size (&f), ==, 0);

  fixture_clear (&f);
}

/* resubscribing should reattach the observer to the in-flight mutation */
static void
test_resubscribe_reattaches (void)
{
  Fixture f;
  g_autoptr(GqTestMutationRecorder) recorder = NULL;

  fixture_init (&f, 20, NULL);
  gq_mutation_observer_subscribe (f.observer);
  mutate_text (f.observer, "input");
  gq_test_flush (&f.env);
  gq_mutation_observer_unsubscribe (f.observer);
  g_assert_cmpuint (gq_mutation_get_observer_count (gq_mutation_observer_get_mutation (f.observer)), ==, 0);

  recorder = gq_test_mutation_recorder_new (f.observer);
  gq_mutation_observer_subscribe (f.observer);
  g_assert_cmpuint (gq_mutation_get_observer_count (gq_mutation_observer_get_mutation (f.observer)), ==, 1);

  gq_test_advance (&f.env, 20);
  assert_current (f.observer, GQ_MUTATION_STATUS_SUCCESS, "\"input\"");
  g_assert_cmpuint (recorder->results->len, ==, 1);

  gq_mutation_observer_unsubscribe (f.observer);
  g_clear_pointer (&recorder, gq_test_mutation_recorder_free);
  fixture_clear (&f);
}

/* resubscribing should pick up a mutation that settled while
 * unsubscribed */
static void
test_resubscribe_picks_up_settled (void)
{
  Fixture f;

  fixture_init (&f, 20, NULL);
  gq_mutation_observer_subscribe (f.observer);
  mutate_text (f.observer, "input");
  gq_mutation_observer_unsubscribe (f.observer);

  gq_test_advance (&f.env, 20);
  /* Unsubscribed, the observer did not follow. */
  g_assert_cmpint (current_status (f.observer), ==, GQ_MUTATION_STATUS_PENDING);

  gq_mutation_observer_subscribe (f.observer);
  assert_current (f.observer, GQ_MUTATION_STATUS_SUCCESS, "\"input\"");

  gq_mutation_observer_unsubscribe (f.observer);
  fixture_clear (&f);
}

/* reset should remove observer to trigger GC */
static void
test_reset_triggers_gc (void)
{
  Fixture f;

  fixture_init (&f, 5, NULL);
  gq_mutation_options_set_gc_time (f.options, 10);
  gq_mutation_observer_set_options (f.observer, f.options);
  gq_mutation_observer_subscribe (f.observer);

  mutate_text (f.observer, "input");
  gq_test_advance (&f.env, 5);
  g_assert_cmpuint (cache_size (&f), ==, 1);

  gq_mutation_observer_reset (f.observer);
  g_assert_null (gq_mutation_observer_get_mutation (f.observer));
  gq_test_advance (&f.env, 10);
  g_assert_cmpuint (cache_size (&f), ==, 0);

  gq_mutation_observer_unsubscribe (f.observer);
  fixture_clear (&f);
}

/* changing mutation keys should reset the observer */
static void
test_key_change_resets (void)
{
  Fixture f;
  g_autoptr(GqMutationOptions) other = NULL;
  g_autoptr(JsonNode) key2 = gq_test_json ("[\"observer_key\", \"2\"]");

  fixture_init (&f, 5, "[\"observer_key\", \"1\"]");
  gq_mutation_observer_subscribe (f.observer);
  mutate_text (f.observer, "input");
  gq_test_advance (&f.env, 5);
  assert_current (f.observer, GQ_MUTATION_STATUS_SUCCESS, "\"input\"");

  other = gq_mutation_options_new (key2);
  gq_mutation_observer_set_options (f.observer, other);
  assert_current (f.observer, GQ_MUTATION_STATUS_IDLE, NULL);
  g_assert_null (gq_mutation_observer_get_mutation (f.observer));

  gq_mutation_observer_unsubscribe (f.observer);
  fixture_clear (&f);
}

/* changing mutation keys should not affect already existing mutations */
static void
test_key_change_keeps_existing (void)
{
  Fixture f;
  g_autoptr(GqMutationOptions) other = NULL;
  g_autoptr(JsonNode) key1 = gq_test_json ("[\"observer_key\", \"1\"]");
  g_autoptr(JsonNode) key2 = gq_test_json ("[\"observer_key\", \"2\"]");
  g_autoptr(GqMutationFilters) filters = gq_mutation_filters_new (key1);
  GqMutation *mutation;

  fixture_init (&f, 5, "[\"observer_key\", \"1\"]");
  gq_mutation_observer_subscribe (f.observer);
  mutate_text (f.observer, "input");
  gq_test_advance (&f.env, 5);

  mutation = gq_mutation_cache_find (gq_test_mutation_cache (&f.env), filters);
  g_assert_nonnull (mutation);
  gq_assert_json (gq_mutation_get_mutation_key (mutation), "[\"observer_key\", \"1\"]");
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_SUCCESS);
  gq_assert_json (gq_mutation_get_state (mutation)->data, "\"input\"");

  other = gq_mutation_options_new (key2);
  gq_mutation_observer_set_options (f.observer, other);

  g_assert_true (gq_mutation_cache_find (gq_test_mutation_cache (&f.env), filters) == mutation);
  gq_assert_json (gq_mutation_get_mutation_key (mutation), "[\"observer_key\", \"1\"]");
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_SUCCESS);
  gq_assert_json (gq_mutation_get_state (mutation)->data, "\"input\"");

  gq_mutation_observer_unsubscribe (f.observer);
  fixture_clear (&f);
}

static GqMutationOptions *
options_with_meta (GqTestMutator *mutator,
                   const char    *meta)
{
  g_autoptr(JsonNode) meta_node = gq_test_json (meta);
  GqMutationOptions *options = gq_test_mutation_options_new (NULL, mutator);

  gq_mutation_options_set_meta (options, meta_node);

  return options;
}

/* changing mutation meta should not affect successful mutations; nor
 * rejected ones (fail) */
static void
meta_change_keeps_finished (gboolean fail)
{
  Fixture f;
  g_autoptr(GqMutationOptions) first = NULL;
  g_autoptr(GqMutationOptions) second = NULL;
  GqMutation *mutation;

  fixture_init (&f, 5, NULL);
  f.mutator->fail_always = fail;
  first = options_with_meta (f.mutator, "{\"a\": 1}");
  gq_mutation_observer_set_options (f.observer, first);
  gq_mutation_observer_subscribe (f.observer);

  mutate_text (f.observer, "input");
  gq_test_advance (&f.env, 5);
  mutation = first_mutation (&f);
  gq_assert_json (gq_mutation_get_meta (mutation), "{\"a\": 1}");
  g_assert_cmpint (gq_mutation_get_status (mutation), ==,
                   fail ? GQ_MUTATION_STATUS_ERROR : GQ_MUTATION_STATUS_SUCCESS);

  second = options_with_meta (f.mutator, "{\"a\": 2}");
  gq_mutation_observer_set_options (f.observer, second);

  g_assert_true (first_mutation (&f) == mutation);
  gq_assert_json (gq_mutation_get_meta (mutation), "{\"a\": 1}");
  g_assert_cmpint (gq_mutation_get_status (mutation), ==,
                   fail ? GQ_MUTATION_STATUS_ERROR : GQ_MUTATION_STATUS_SUCCESS);

  gq_mutation_observer_unsubscribe (f.observer);
  fixture_clear (&f);
}

static void
test_meta_change_keeps_successful (void)
{
  meta_change_keeps_finished (FALSE);
}

static void
test_meta_change_keeps_rejected (void)
{
  meta_change_keeps_finished (TRUE);
}

/* mutation cache should have different meta when updated between
 * mutations */
static void
test_meta_between_mutations (void)
{
  Fixture f;
  g_autoptr(GqMutationOptions) first = NULL;
  g_autoptr(GqMutationOptions) second = NULL;
  g_autoptr(GPtrArray) all = NULL;

  fixture_init (&f, 5, NULL);
  first = options_with_meta (f.mutator, "{\"a\": 1}");
  gq_mutation_observer_set_options (f.observer, first);
  gq_mutation_observer_subscribe (f.observer);

  mutate_text (f.observer, "input");
  gq_test_advance (&f.env, 5);

  second = options_with_meta (f.mutator, "{\"a\": 2}");
  gq_mutation_observer_set_options (f.observer, second);
  mutate_text (f.observer, "input");
  gq_test_advance (&f.env, 5);

  all = gq_mutation_cache_find_all (gq_test_mutation_cache (&f.env), NULL);
  g_assert_cmpuint (all->len, ==, 2);
  gq_assert_json (gq_mutation_get_meta (g_ptr_array_index (all, 0)), "{\"a\": 1}");
  g_assert_cmpint (gq_mutation_get_status (g_ptr_array_index (all, 0)), ==, GQ_MUTATION_STATUS_SUCCESS);
  gq_assert_json (gq_mutation_get_state (g_ptr_array_index (all, 0))->data, "\"input\"");
  gq_assert_json (gq_mutation_get_meta (g_ptr_array_index (all, 1)), "{\"a\": 2}");
  g_assert_cmpint (gq_mutation_get_status (g_ptr_array_index (all, 1)), ==, GQ_MUTATION_STATUS_SUCCESS);
  gq_assert_json (gq_mutation_get_state (g_ptr_array_index (all, 1))->data, "\"input\"");

  g_clear_pointer (&all, g_ptr_array_unref);
  gq_mutation_observer_unsubscribe (f.observer);
  fixture_clear (&f);
}

/* changing mutation meta should affect pending mutations */
static void
test_meta_change_affects_pending (void)
{
  Fixture f;
  g_autoptr(GqMutationOptions) first = NULL;
  g_autoptr(GqMutationOptions) second = NULL;
  GqMutation *mutation;

  fixture_init (&f, 20, NULL);
  first = options_with_meta (f.mutator, "{\"a\": 1}");
  gq_mutation_observer_set_options (f.observer, first);
  gq_mutation_observer_subscribe (f.observer);

  mutate_text (f.observer, "input");
  gq_test_advance (&f.env, 5);
  mutation = first_mutation (&f);
  gq_assert_json (gq_mutation_get_meta (mutation), "{\"a\": 1}");
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_PENDING);

  second = options_with_meta (f.mutator, "{\"a\": 2}");
  gq_mutation_observer_set_options (f.observer, second);

  gq_assert_json (gq_mutation_get_meta (mutation), "{\"a\": 2}");
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_PENDING);

  gq_mutation_observer_unsubscribe (f.observer);
  fixture_clear (&f);
}

/* mutation callbacks should be called in correct order with correct
 * arguments for success case */
static void
test_mutate_callback_success (void)
{
  Fixture f;
  g_autoptr(JsonNode) vars = gq_test_json ("\"success\"");
  MutateCalls calls = { 0 };

  fixture_init (&f, 0, NULL);
  gq_mutation_options_set_mutation_func (f.options, upper_mutation_func, NULL, NULL);
  gq_mutation_observer_set_options (f.observer, f.options);
  gq_mutation_observer_subscribe (f.observer);

  gq_mutation_observer_mutate (f.observer, vars, record_mutate, &calls, count_destroy);
  g_assert_cmpuint (calls.calls, ==, 0);
  gq_test_advance (&f.env, 0);

  g_assert_cmpuint (calls.calls, ==, 1);
  gq_assert_json (calls.data, "\"SUCCESS\"");
  g_assert_null (calls.error);
  gq_assert_json (calls.variables, "\"success\"");
  g_assert_null (calls.context);
  g_assert_cmpuint (calls.destroyed, ==, 1);

  gq_mutation_observer_unsubscribe (f.observer);
  mutate_calls_clear (&calls);
  fixture_clear (&f);
}

/* mutation callbacks should be called in correct order with correct
 * arguments for error case */
static void
test_mutate_callback_error (void)
{
  Fixture f;
  g_autoptr(JsonNode) vars = gq_test_json ("\"error\"");
  MutateCalls calls = { 0 };

  fixture_init (&f, 0, NULL);
  gq_mutation_options_set_mutation_func (f.options, failing_mutation_func, NULL, NULL);
  gq_mutation_observer_set_options (f.observer, f.options);
  gq_mutation_observer_subscribe (f.observer);

  gq_mutation_observer_mutate (f.observer, vars, record_mutate, &calls, count_destroy);
  gq_test_advance (&f.env, 0);

  g_assert_cmpuint (calls.calls, ==, 1);
  g_assert_null (calls.data);
  g_assert_error (calls.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (calls.error->message, ==, "error");
  gq_assert_json (calls.variables, "\"error\"");
  g_assert_null (calls.context);
  g_assert_cmpuint (calls.destroyed, ==, 1);

  gq_mutation_observer_unsubscribe (f.observer);
  mutate_calls_clear (&calls);
  fixture_clear (&f);
}

/* should not notify cache when setOptions is called with same options */
static void
test_same_options_no_event (void)
{
  Fixture f;
  g_autoptr(GqMutationOptions) same = NULL;
  g_autoptr(GqMutationOptions) different = NULL;
  GArray *events = g_array_new (FALSE, TRUE, sizeof (Event));
  GqMutationCache *cache;

  fixture_init (&f, 0, NULL);
  cache = gq_test_mutation_cache (&f.env);
  gq_mutation_observer_subscribe (f.observer);
  g_signal_connect (cache, "event", G_CALLBACK (record_event), events);

  same = gq_test_mutation_options_new (NULL, f.mutator);
  gq_mutation_observer_set_options (f.observer, same);
  g_assert_cmpuint (count_type (events, GQ_CACHE_EVENT_OBSERVER_OPTIONS_UPDATED), ==, 0);

  different = gq_test_mutation_options_new (NULL, f.mutator);
  gq_mutation_options_set_retry (different, 2);
  gq_mutation_observer_set_options (f.observer, different);
  g_assert_cmpuint (count_type (events, GQ_CACHE_EVENT_OBSERVER_OPTIONS_UPDATED), ==, 1);
  /* No mutation yet. */
  g_assert_null (g_array_index (events, Event, 0).mutation);

  g_signal_handlers_disconnect_by_data (cache, events);
  g_array_unref (events);
  gq_mutation_observer_unsubscribe (f.observer);
  fixture_clear (&f);
}

/* ---- gquery's observer --------------------------------------------- */

/* Only the latest call's callback runs; a superseded one is destroyed
 * unrun. */
static void
test_mutate_callback_latest_only (void)
{
  Fixture f;
  MutateCalls first = { 0 }, second = { 0 };

  fixture_init (&f, 10, NULL);
  gq_mutation_observer_subscribe (f.observer);

  gq_mutation_observer_mutate (f.observer, NULL, record_mutate, &first, count_destroy);
  gq_test_advance (&f.env, 5);
  gq_mutation_observer_mutate (f.observer, NULL, record_mutate, &second, count_destroy);
  g_assert_cmpuint (first.destroyed, ==, 1);

  gq_test_advance (&f.env, 10);
  g_assert_cmpuint (first.calls, ==, 0);
  g_assert_cmpuint (second.calls, ==, 1);
  g_assert_cmpuint (second.destroyed, ==, 1);
  /* Both mutations ran. */
  g_assert_cmpuint (f.mutator->calls, ==, 2);
  g_assert_cmpuint (cache_size (&f), ==, 2);

  gq_mutation_observer_unsubscribe (f.observer);
  mutate_calls_clear (&first);
  mutate_calls_clear (&second);
  fixture_clear (&f);
}

/* The per-call callback runs after the options' callbacks, and sees the
 * context on-mutate returned. */
static void
test_mutate_callback_after_options_callbacks (void)
{
  Fixture f;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  GqTestStep on_mutate = { .log = log, .name = "onMutate" };
  GqTestStep on_success = { .log = log, .name = "onSuccess" };
  GqTestStep on_settled = { .log = log, .name = "onSettled" };
  MutateCalls calls = { 0 };
  g_autofree char *joined = NULL;

  fixture_init (&f, 0, NULL);
  on_mutate.context = gq_test_json ("{\"rollback\": 1}");
  gq_mutation_options_set_on_mutate_func (f.options, gq_test_step_on_mutate, &on_mutate, NULL);
  gq_mutation_options_set_on_success_func (f.options, gq_test_step_on_success, &on_success, NULL);
  gq_mutation_options_set_on_settled_func (f.options, gq_test_step_on_settled, &on_settled, NULL);
  gq_mutation_observer_set_options (f.observer, f.options);
  gq_mutation_observer_subscribe (f.observer);

  mutate_text (f.observer, "x");
  gq_mutation_observer_mutate (f.observer, NULL, record_mutate, &calls, count_destroy);
  gq_test_advance (&f.env, 0);

  joined = gq_test_log_join (log);
  g_assert_cmpstr (joined, ==, "onMutate,onMutate,onSuccess,onSettled,onSuccess,onSettled");
  g_assert_cmpuint (calls.calls, ==, 1);
  gq_assert_json (calls.context, "{\"rollback\": 1}");
  g_assert_null (calls.variables);
  g_assert_null (calls.data);

  gq_mutation_observer_unsubscribe (f.observer);
  mutate_calls_clear (&calls);
  fixture_clear (&f);
  gq_test_step_clear (&on_mutate);
  gq_test_step_clear (&on_success);
  gq_test_step_clear (&on_settled);
}

/* A new observer shows the idle result; its properties mirror it. */
static void
test_initial_idle_properties (void)
{
  Fixture f;
  g_autoptr(GqMutationResult) result = NULL;
  GqMutationStatus status;
  gboolean is_idle, is_pending, is_success, is_error, is_paused;
  guint failure_count;
  gint64 submitted_at;
  JsonNode *data = NULL;
  GqMutation *mutation = NULL;

  fixture_init (&f, 0, NULL);

  g_object_get (f.observer,
                "status", &status,
                "is-idle", &is_idle,
                "is-pending", &is_pending,
                "is-success", &is_success,
                "is-error", &is_error,
                "is-paused", &is_paused,
                "failure-count", &failure_count,
                "submitted-at", &submitted_at,
                "data", &data,
                "mutation", &mutation,
                "result", &result,
                NULL);
  g_assert_cmpint (status, ==, GQ_MUTATION_STATUS_IDLE);
  g_assert_true (is_idle);
  g_assert_false (is_pending);
  g_assert_false (is_success);
  g_assert_false (is_error);
  g_assert_false (is_paused);
  g_assert_cmpuint (failure_count, ==, 0);
  g_assert_cmpint (submitted_at, ==, 0);
  g_assert_null (data);
  g_assert_null (mutation);
  g_assert_true (gq_mutation_result_get_is_idle (result));
  g_assert_true (gq_mutation_observer_get_client (f.observer) == f.env.client);
  g_assert_true (gq_mutation_observer_get_options (f.observer) == f.options);

  fixture_clear (&f);
}

static void
record_notify (GObject    *object,
               GParamSpec *pspec,
               GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;

  return FALSE;
}

/* One change per main-loop iteration, with notify for the properties that
 * changed, before ::changed. */
static void
test_changed_coalesced_with_notify (void)
{
  Fixture f;
  g_autoptr(GqTestMutationRecorder) recorder = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GqMutationResult *r;

  fixture_init (&f, 10, NULL);
  gq_mutation_options_set_retry (f.options, 1);
  gq_mutation_options_set_retry_delay (f.options, 0);
  f.mutator->fail_times = 1;
  gq_mutation_observer_set_options (f.observer, f.options);
  recorder = gq_test_mutation_recorder_new (f.observer);
  g_signal_connect (f.observer, "notify", G_CALLBACK (record_notify), names);

  mutate_text (f.observer, "v");
  /* Nothing announced from inside mutate (). */
  g_assert_cmpuint (recorder->results->len, ==, 0);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "mutation");

  gq_test_flush (&f.env);
  g_assert_cmpuint (recorder->results->len, ==, 1);
  g_assert_true (has_name (names, "status"));
  g_assert_true (has_name (names, "is-idle"));
  g_assert_true (has_name (names, "is-pending"));
  g_assert_true (has_name (names, "variables"));
  g_assert_true (has_name (names, "submitted-at"));
  g_assert_false (has_name (names, "data"));
  g_assert_false (has_name (names, "is-success"));
  g_ptr_array_set_size (names, 0);

  /* The failed attempt and the retry's success */
  gq_test_advance (&f.env, 10);
  g_assert_cmpuint (recorder->results->len, ==, 2);
  r = gq_test_mutation_recorder_get (recorder, 1);
  g_assert_cmpuint (gq_mutation_result_get_failure_count (r), ==, 1);
  g_assert_true (gq_mutation_result_get_is_pending (r));
  g_assert_true (has_name (names, "failure-count"));
  g_assert_true (has_name (names, "failure-reason"));
  g_ptr_array_set_size (names, 0);

  gq_test_advance (&f.env, 10);
  g_assert_cmpuint (recorder->results->len, ==, 3);
  r = gq_test_mutation_recorder_get (recorder, 2);
  g_assert_true (gq_mutation_result_get_is_success (r));
  g_assert_cmpuint (gq_mutation_result_get_failure_count (r), ==, 0);
  g_assert_true (has_name (names, "data"));
  g_assert_true (has_name (names, "is-success"));
  g_assert_true (has_name (names, "is-pending"));
  g_assert_false (has_name (names, "is-idle"));

  g_signal_handlers_disconnect_by_data (f.observer, names);
  g_clear_pointer (&recorder, gq_test_mutation_recorder_free);
  fixture_clear (&f);
}

/* reset announces the idle result. */
static void
test_reset_announces_idle (void)
{
  Fixture f;
  g_autoptr(GqTestMutationRecorder) recorder = NULL;

  fixture_init (&f, 0, NULL);
  recorder = gq_test_mutation_recorder_new (f.observer);
  mutate_text (f.observer, "v");
  gq_test_advance (&f.env, 0);
  g_assert_cmpuint (recorder->results->len, ==, 2);
  g_assert_true (gq_mutation_result_get_is_pending (gq_test_mutation_recorder_get (recorder, 0)));
  g_assert_true (gq_mutation_result_get_is_success (gq_test_mutation_recorder_get (recorder, 1)));

  gq_mutation_observer_reset (f.observer);
  g_assert_cmpuint (recorder->results->len, ==, 2);
  gq_test_flush (&f.env);
  g_assert_cmpuint (recorder->results->len, ==, 3);
  g_assert_true (gq_mutation_result_get_is_idle (gq_test_mutation_recorder_get (recorder, 2)));

  /* Resetting an idle observer changes nothing. */
  gq_mutation_observer_reset (f.observer);
  gq_test_flush (&f.env);
  g_assert_cmpuint (recorder->results->len, ==, 3);

  g_clear_pointer (&recorder, gq_test_mutation_recorder_free);
  fixture_clear (&f);
}

/* mutate_async hands back the data, or the error. */
static void
test_mutate_async (void)
{
  Fixture f;
  g_autoptr(JsonNode) vars = gq_test_json ("{\"n\": 1}");
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  fixture_init (&f, 10, NULL);

  gq_mutation_observer_mutate_async (f.observer, vars, NULL, gq_test_async_callback, &async);
  gq_test_advance (&f.env, 9);
  g_assert_false (async.done);
  gq_test_advance (&f.env, 1);
  gq_test_await (&f.env, &async);
  data = gq_mutation_observer_mutate_finish (f.observer, async.result, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "{\"n\": 1}");
  gq_test_async_clear (&async);

  f.mutator->fail_always = TRUE;
  gq_mutation_observer_mutate_async (f.observer, vars, NULL, gq_test_async_callback, &async);
  gq_test_advance (&f.env, 10);
  gq_test_await (&f.env, &async);
  g_clear_pointer (&data, json_node_unref);
  data = gq_mutation_observer_mutate_finish (f.observer, async.result, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "failure 2");

  gq_test_async_clear (&async);
  fixture_clear (&f);
}

/* A cancelled mutate_async ends with a cancellation error; the mutation
 * itself goes on. */
static void
test_mutate_async_cancelled (void)
{
  Fixture f;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };

  fixture_init (&f, 10, NULL);

  gq_mutation_observer_mutate_async (f.observer, NULL, cancellable, gq_test_async_callback, &async);
  g_cancellable_cancel (cancellable);
  gq_test_advance (&f.env, 10);
  gq_test_await (&f.env, &async);

  data = gq_mutation_observer_mutate_finish (f.observer, async.result, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (current_status (f.observer), ==, GQ_MUTATION_STATUS_SUCCESS);

  gq_test_async_clear (&async);
  fixture_clear (&f);
}

/* A key given where there was none does not reset: only a different key
 * does. */
static void
test_key_added_does_not_reset (void)
{
  Fixture f;
  g_autoptr(GqMutationOptions) keyed = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("added", NULL);

  fixture_init (&f, 5, NULL);
  mutate_text (f.observer, "v");
  gq_test_advance (&f.env, 5);

  keyed = gq_test_mutation_options_new (key, f.mutator);
  gq_mutation_observer_set_options (f.observer, keyed);
  assert_current (f.observer, GQ_MUTATION_STATUS_SUCCESS, "\"v\"");

  fixture_clear (&f);
}

/* An observer that goes away leaves its mutation, which is then
 * collected. */
static void
test_dispose_leaves_mutation (void)
{
  Fixture f;
  GqMutation *mutation;

  fixture_init (&f, 5, NULL);
  gq_mutation_options_set_gc_time (f.options, 10);
  gq_mutation_observer_set_options (f.observer, f.options);
  gq_mutation_observer_subscribe (f.observer);
  mutate_text (f.observer, "v");
  mutation = gq_mutation_observer_get_mutation (f.observer);
  g_assert_cmpuint (gq_mutation_get_observer_count (mutation), ==, 1);

  g_clear_object (&f.observer);
  /* The pending notification holds it until it is flushed. */
  gq_test_flush (&f.env);
  g_assert_cmpuint (gq_mutation_get_observer_count (mutation), ==, 0);
  gq_test_advance (&f.env, 20);
  g_assert_cmpuint (cache_size (&f), ==, 0);

  fixture_clear (&f);
}

/* The observer's mutations take the client's mutation defaults. */
static void
test_observer_uses_mutation_defaults (void)
{
  Fixture f;
  g_autoptr(GqTestMutator) fallback = NULL;
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(GqMutationOptions) keyed = NULL;
  g_autoptr(JsonNode) prefix = gq_key_new ("todos", NULL);
  g_autoptr(JsonNode) key = gq_key_new ("todos", "add", NULL);

  fixture_init (&f, 0, NULL);
  fallback = gq_test_mutator_new (&f.env);
  fallback->data = gq_test_json ("\"from defaults\"");
  defaults = gq_test_mutation_options_new (NULL, fallback);
  gq_query_client_set_mutation_defaults (f.env.client, prefix, defaults);

  keyed = gq_mutation_options_new (key);
  gq_mutation_observer_set_options (f.observer, keyed);
  mutate_text (f.observer, "v");
  gq_test_advance (&f.env, 0);

  assert_current (f.observer, GQ_MUTATION_STATUS_SUCCESS, "\"from defaults\"");
  g_assert_cmpuint (fallback->calls, ==, 1);
  g_assert_cmpuint (f.mutator->calls, ==, 0);

  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* mutationObserver.test.tsx */
  g_test_add_func ("/Gq/MutationObserver/unsubscribe-keeps-other-subscription", test_unsubscribe_keeps_other_subscription);
  g_test_add_func ("/Gq/MutationObserver/unsubscribe-triggers-gc", test_unsubscribe_triggers_gc);
  g_test_add_func ("/Gq/MutationObserver/resubscribe-reattaches", test_resubscribe_reattaches);
  g_test_add_func ("/Gq/MutationObserver/resubscribe-picks-up-settled", test_resubscribe_picks_up_settled);
  g_test_add_func ("/Gq/MutationObserver/reset-triggers-gc", test_reset_triggers_gc);
  g_test_add_func ("/Gq/MutationObserver/key-change-resets", test_key_change_resets);
  g_test_add_func ("/Gq/MutationObserver/key-change-keeps-existing", test_key_change_keeps_existing);
  g_test_add_func ("/Gq/MutationObserver/meta-change-keeps-successful", test_meta_change_keeps_successful);
  g_test_add_func ("/Gq/MutationObserver/meta-between-mutations", test_meta_between_mutations);
  g_test_add_func ("/Gq/MutationObserver/meta-change-keeps-rejected", test_meta_change_keeps_rejected);
  g_test_add_func ("/Gq/MutationObserver/meta-change-affects-pending", test_meta_change_affects_pending);
  g_test_add_func ("/Gq/MutationObserver/mutate-callback-success", test_mutate_callback_success);
  g_test_add_func ("/Gq/MutationObserver/mutate-callback-error", test_mutate_callback_error);
  g_test_add_func ("/Gq/MutationObserver/same-options-no-event", test_same_options_no_event);

  /* gquery */
  g_test_add_func ("/Gq/MutationObserver/mutate-callback-latest-only", test_mutate_callback_latest_only);
  g_test_add_func ("/Gq/MutationObserver/mutate-callback-after-options-callbacks", test_mutate_callback_after_options_callbacks);
  g_test_add_func ("/Gq/MutationObserver/initial-idle-properties", test_initial_idle_properties);
  g_test_add_func ("/Gq/MutationObserver/changed-coalesced-with-notify", test_changed_coalesced_with_notify);
  g_test_add_func ("/Gq/MutationObserver/reset-announces-idle", test_reset_announces_idle);
  g_test_add_func ("/Gq/MutationObserver/mutate-async", test_mutate_async);
  g_test_add_func ("/Gq/MutationObserver/mutate-async-cancelled", test_mutate_async_cancelled);
  g_test_add_func ("/Gq/MutationObserver/key-added-does-not-reset", test_key_added_does_not_reset);
  g_test_add_func ("/Gq/MutationObserver/dispose-leaves-mutation", test_dispose_leaves_mutation);
  g_test_add_func ("/Gq/MutationObserver/uses-mutation-defaults", test_observer_uses_mutation_defaults);

  return g_test_run ();
}
