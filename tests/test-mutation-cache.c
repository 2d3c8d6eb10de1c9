/* test-mutation-cache.c: TanStack's mutationCache.test.tsx, ported, plus
 * the cache's events, filters and resumption
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include "gq-mutation-cache-private.h"
#include "gq-mutation-private.h"
#include "gq-mutation-state-private.h"
#include "gq-query-client-private.h"

/* ---- helpers ------------------------------------------------------- */

typedef struct
{
  GqCacheEventType  type;
  GqMutation       *mutation;
  GObject          *observer;
} Event;

static void
record_event (GqMutationCache  *cache,
              GqCacheEventType  type,
              GqMutation       *mutation,
              GObject          *observer,
              GArray           *events)
{
  Event event = { type, mutation, observer };

  g_array_append_val (events, event);
}

static GArray *
listen (GqMutationCache *cache)
{
  GArray *events = g_array_new (FALSE, TRUE, sizeof (Event));

  g_signal_connect (cache, "event", G_CALLBACK (record_event), events);

  return events;
}

static void
unlisten (GqMutationCache *cache,
          GArray          *events)
{
  g_signal_handlers_disconnect_by_data (cache, events);
  g_array_unref (events);
}

static Event *
event_at (GArray *events,
          guint   index)
{
  g_assert_cmpuint (index, <, events->len);

  return &g_array_index (events, Event, index);
}

/* A client on the env's clock whose mutation cache is @cache. */
static GqQueryClient *
client_with_cache (GqTestEnv       *env,
                   GqMutationCache *cache)
{
  return g_object_new (GQ_TYPE_QUERY_CLIENT,
                       "scheduler", env->scheduler,
                       "focus-manager", env->focus,
                       "online-manager", env->online,
                       "mutation-cache", cache,
                       NULL);
}

static GqMutation *
execute_on (GqQueryClient     *client,
            GqMutationOptions *options,
            JsonNode          *variables)
{
  g_autoptr(GqMutationOptions) defaulted = NULL;
  GqMutation *mutation;

  defaulted = _gq_query_client_default_mutation_options (client, options);
  mutation = _gq_mutation_cache_build (gq_query_client_get_mutation_cache (client), client,
                                       defaulted, NULL);
  _gq_mutation_execute (mutation, variables, NULL);

  return mutation;
}

static GqMutation *
build (GqTestEnv         *env,
       GqMutationOptions *options)
{
  g_autoptr(GqMutationOptions) defaulted = NULL;

  defaulted = _gq_query_client_default_mutation_options (env->client, options);

  return _gq_mutation_cache_build (gq_test_mutation_cache (env), env->client, defaulted, NULL);
}

static gboolean
first_key_is (GqMutation *mutation,
              gpointer    user_data)
{
  JsonNode *key = gq_mutation_get_mutation_key (mutation);

  return key != NULL &&
         g_strcmp0 (json_array_get_string_element (json_node_get_array (key), 0), user_data) == 0;
}

static gboolean
second_key_is_two (GqMutation *mutation,
                   gpointer    user_data)
{
  JsonNode *key = gq_mutation_get_mutation_key (mutation);

  return key != NULL &&
         json_array_get_length (json_node_get_array (key)) > 1 &&
         json_array_get_int_element (json_node_get_array (key), 1) == 2;
}

#define assert_log(log, expected) G_STMT_START { \
  g_autofree char *__joined = gq_test_log_join (log); \
  g_assert_cmpstr (__joined, ==, expected); \
} G_STMT_END

/* ---- MutationCacheConfig callbacks --------------------------------- */

/* should call onError and onSettled when a mutation errors */
static void
test_config_error_callbacks (void)
{
  GqTestEnv env;
  g_autoptr(GqMutationCache) cache = gq_mutation_cache_new ();
  g_autoptr(GqQueryClient) client = NULL;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cache_error", NULL);
  g_autoptr(JsonNode) vars = gq_test_json ("\"vars\"");
  GqTestStep on_error = { 0 }, on_success = { 0 }, on_settled = { 0 };
  GqTestStep on_mutate = { 0 };
  GqMutation *mutation;

  gq_test_env_init (&env);
  gq_mutation_cache_set_on_error_func (cache, gq_test_step_on_error, &on_error, NULL);
  gq_mutation_cache_set_on_success_func (cache, gq_test_step_on_success, &on_success, NULL);
  gq_mutation_cache_set_on_settled_func (cache, gq_test_step_on_settled, &on_settled, NULL);
  client = client_with_cache (&env, cache);
  g_assert_true (gq_query_client_get_mutation_cache (client) == cache);

  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->fail_always = TRUE;
  mutator->error_message = "error";
  on_mutate.context = gq_test_json ("\"result\"");
  options = gq_test_mutation_options_new (key, mutator);
  gq_mutation_options_set_on_mutate_func (options, gq_test_step_on_mutate, &on_mutate, NULL);

  mutation = execute_on (client, options, vars);
  gq_test_advance (&env, 10);

  g_assert_cmpuint (on_error.calls, ==, 1);
  g_assert_true (on_error.mutation == mutation);
  g_assert_error (on_error.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (on_error.error->message, ==, "error");
  gq_assert_json (on_error.variables, "\"vars\"");
  gq_assert_json (on_error.received_context, "\"result\"");
  gq_assert_json (gq_mutation_get_mutation_key (on_error.mutation), "[\"cache_error\"]");
  g_assert_true (gq_mutation_get_client (on_error.mutation) == client);
  g_assert_null (gq_mutation_get_meta (on_error.mutation));

  g_assert_cmpuint (on_success.calls, ==, 0);

  g_assert_cmpuint (on_settled.calls, ==, 1);
  g_assert_true (on_settled.mutation == mutation);
  g_assert_null (on_settled.data);
  g_assert_cmpstr (on_settled.error->message, ==, "error");
  gq_assert_json (on_settled.variables, "\"vars\"");
  gq_assert_json (on_settled.received_context, "\"result\"");

  g_assert_finalize_object (g_steal_pointer (&client));
  g_clear_object (&cache);
  gq_test_env_clear (&env);
  gq_test_step_clear (&on_error);
  gq_test_step_clear (&on_success);
  gq_test_step_clear (&on_settled);
  gq_test_step_clear (&on_mutate);
}

/* should be awaited (error): each callback ends before the next starts,
 * the cache's before the mutation's */
static void
test_config_error_order (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  GqTestStep cache_error = { .log = log, .name = "1" };
  GqTestStep cache_settled = { .log = log, .name = "3" };
  GqTestStep on_error = { .log = log, .name = "2" };
  GqTestStep on_settled = { .log = log, .name = "4" };

  gq_test_env_init (&env);
  gq_mutation_cache_set_on_error_func (gq_test_mutation_cache (&env), gq_test_step_on_error, &cache_error, NULL);
  gq_mutation_cache_set_on_settled_func (gq_test_mutation_cache (&env), gq_test_step_on_settled, &cache_settled, NULL);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->fail_always = TRUE;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_error_func (options, gq_test_step_on_error, &on_error, NULL);
  gq_mutation_options_set_on_settled_func (options, gq_test_step_on_settled, &on_settled, NULL);

  gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 50);

  assert_log (log, "1,2,3,4");

  gq_test_env_clear (&env);
  gq_test_step_clear (&cache_error);
  gq_test_step_clear (&cache_settled);
  gq_test_step_clear (&on_error);
  gq_test_step_clear (&on_settled);
}

/* should call onSuccess and onSettled when a mutation is successful */
static void
test_config_success_callbacks (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cache_success", NULL);
  g_autoptr(JsonNode) vars = gq_test_json ("\"vars\"");
  GqTestStep on_error = { 0 }, on_success = { 0 }, on_settled = { 0 };
  GqTestStep on_mutate = { 0 };
  GqMutation *mutation;

  gq_test_env_init (&env);
  gq_mutation_cache_set_on_error_func (gq_test_mutation_cache (&env), gq_test_step_on_error, &on_error, NULL);
  gq_mutation_cache_set_on_success_func (gq_test_mutation_cache (&env), gq_test_step_on_success, &on_success, NULL);
  gq_mutation_cache_set_on_settled_func (gq_test_mutation_cache (&env), gq_test_step_on_settled, &on_settled, NULL);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->data = gq_test_json ("{\"data\": 5}");
  on_mutate.context = gq_test_json ("\"result\"");
  options = gq_test_mutation_options_new (key, mutator);
  gq_mutation_options_set_on_mutate_func (options, gq_test_step_on_mutate, &on_mutate, NULL);

  mutation = gq_test_execute_mutation (&env, options, vars, NULL);
  gq_test_advance (&env, 10);

  g_assert_cmpuint (on_success.calls, ==, 1);
  g_assert_true (on_success.mutation == mutation);
  gq_assert_json (on_success.data, "{\"data\": 5}");
  gq_assert_json (on_success.variables, "\"vars\"");
  gq_assert_json (on_success.received_context, "\"result\"");
  g_assert_null (on_success.error);
  g_assert_cmpuint (on_error.calls, ==, 0);
  g_assert_cmpuint (on_settled.calls, ==, 1);
  g_assert_true (on_settled.mutation == mutation);
  gq_assert_json (on_settled.data, "{\"data\": 5}");
  g_assert_null (on_settled.error);
  gq_assert_json (on_settled.variables, "\"vars\"");
  gq_assert_json (on_settled.received_context, "\"result\"");

  gq_test_env_clear (&env);
  gq_test_step_clear (&on_error);
  gq_test_step_clear (&on_success);
  gq_test_step_clear (&on_settled);
  gq_test_step_clear (&on_mutate);
}

static void
status_on_settled (GqMutation    *mutation,
                   JsonNode      *data,
                   const GError  *failure,
                   JsonNode      *variables,
                   JsonNode      *context,
                   gpointer       user_data,
                   GError       **error)
{
  GPtrArray *log = user_data;

  /* Pending until the last callback returned. */
  g_ptr_array_add (log, g_strdup_printf ("4(status=%d)", gq_mutation_get_status (mutation)));
}

/* should be awaited (success) */
static void
test_config_success_order (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  GqTestStep cache_success = { .log = log, .name = "1" };
  GqTestStep cache_settled = { .log = log, .name = "3" };
  GqTestStep on_success = { .log = log, .name = "2" };
  GqMutation *mutation;

  gq_test_env_init (&env);
  gq_mutation_cache_set_on_success_func (gq_test_mutation_cache (&env), gq_test_step_on_success, &cache_success, NULL);
  gq_mutation_cache_set_on_settled_func (gq_test_mutation_cache (&env), gq_test_step_on_settled, &cache_settled, NULL);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->data = gq_test_json ("{\"data\": 5}");
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_success_func (options, gq_test_step_on_success, &on_success, NULL);
  gq_mutation_options_set_on_settled_func (options, status_on_settled, log, NULL);

  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 50);

  assert_log (log, "1,2,3,4(status=1)");
  g_assert_cmpint (gq_mutation_get_status (mutation), ==, GQ_MUTATION_STATUS_SUCCESS);

  gq_test_env_clear (&env);
  gq_test_step_clear (&cache_success);
  gq_test_step_clear (&cache_settled);
  gq_test_step_clear (&on_success);
}

static void
record_status (GqMutation *mutation,
               JsonNode   *variables,
               GPtrArray  *log)
{
  g_ptr_array_add (log, g_strdup_printf ("status=%d", gq_mutation_get_status (mutation)));
}

static JsonNode *
status_on_mutate (GqMutation  *mutation,
                  JsonNode    *variables,
                  gpointer     user_data,
                  GError     **error)
{
  record_status (mutation, variables, user_data);

  return NULL;
}

/* MutationCacheConfig.onMutate: should be called before a mutation
 * executes, with the mutation, already pending */
static void
test_config_on_mutate_before_execute (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("cache_on_mutate", NULL);
  g_autoptr(JsonNode) vars = gq_test_json ("\"vars\"");
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  GqTestStep on_mutate = { 0 };
  GqMutation *mutation;

  gq_test_env_init (&env);
  gq_mutation_cache_set_on_mutate_func (gq_test_mutation_cache (&env), gq_test_step_on_mutate, &on_mutate, NULL);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  options = gq_test_mutation_options_new (key, mutator);
  gq_mutation_options_set_on_mutate_func (options, status_on_mutate, log, NULL);

  mutation = gq_test_execute_mutation (&env, options, vars, NULL);

  g_assert_cmpuint (on_mutate.calls, ==, 1);
  g_assert_true (on_mutate.mutation == mutation);
  gq_assert_json (on_mutate.variables, "\"vars\"");
  gq_assert_json (gq_mutation_get_mutation_key (on_mutate.mutation), "[\"cache_on_mutate\"]");
  assert_log (log, "status=1");

  gq_test_env_clear (&env);
  gq_test_step_clear (&on_mutate);
}

/* MutationCacheConfig.onMutate: should be awaited, before the options'
 * onMutate; what it returns is not the context */
static void
test_config_on_mutate_order (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  GqTestStep cache_mutate = { .log = log, .name = "1,2" };
  GqTestStep on_mutate = { .log = log, .name = "3,4" };
  GqMutation *mutation;

  gq_test_env_init (&env);
  cache_mutate.context = gq_test_json ("\"ignored\"");
  gq_mutation_cache_set_on_mutate_func (gq_test_mutation_cache (&env), gq_test_step_on_mutate, &cache_mutate, NULL);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_mutate_func (options, gq_test_step_on_mutate, &on_mutate, NULL);

  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 20);

  assert_log (log, "1,2,3,4");
  g_assert_null (gq_mutation_get_state (mutation)->context);

  gq_test_env_clear (&env);
  gq_test_step_clear (&cache_mutate);
  gq_test_step_clear (&on_mutate);
}

/* options.onMutate should run synchronously when
 * mutationCache.config.onMutate is not defined */
static void
test_config_options_on_mutate_sync (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  GqTestStep on_mutate = { .log = log, .name = "onMutate" };

  gq_test_env_init (&env);
  on_mutate.context = gq_test_json ("\"context\"");
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_on_mutate_func (options, gq_test_step_on_mutate, &on_mutate, NULL);

  gq_test_execute_mutation (&env, options, NULL, NULL);
  assert_log (log, "onMutate");

  gq_test_env_clear (&env);
  gq_test_step_clear (&on_mutate);
}

/* ---- find, findAll ------------------------------------------------- */

/* find: should filter correctly */
static void
test_find (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("mutation", "vars", NULL);
  g_autoptr(JsonNode) prefix = gq_key_new ("mutation", NULL);
  g_autoptr(JsonNode) unknown = gq_key_new ("unknown", NULL);
  g_autoptr(GqMutationFilters) by_key = gq_mutation_filters_new (key);
  g_autoptr(GqMutationFilters) by_prefix = gq_mutation_filters_new (prefix);
  g_autoptr(GqMutationFilters) by_prefix_inexact = gq_mutation_filters_new (prefix);
  g_autoptr(GqMutationFilters) by_unknown = gq_mutation_filters_new (unknown);
  g_autoptr(GqMutationFilters) by_predicate = gq_mutation_filters_new (NULL);
  GqMutationCache *cache;
  GqMutation *mutation;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  options = gq_test_mutation_options_new (key, mutator);
  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);

  gq_mutation_filters_set_exact (by_prefix_inexact, FALSE);
  gq_mutation_filters_set_predicate (by_predicate, first_key_is, "mutation", NULL);

  g_assert_true (gq_mutation_cache_find (cache, by_key) == mutation);
  /* find matches the key exactly unless told otherwise */
  g_assert_null (gq_mutation_cache_find (cache, by_prefix));
  g_assert_true (gq_mutation_cache_find (cache, by_prefix_inexact) == mutation);
  g_assert_null (gq_mutation_cache_find (cache, by_unknown));
  g_assert_true (gq_mutation_cache_find (cache, by_predicate) == mutation);
  /* The caller's filters are left as they were. */
  g_assert_false (gq_mutation_filters_get_exact (by_prefix));

  gq_test_env_clear (&env);
}

/* findAll: should filter correctly */
static void
test_find_all (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options1 = NULL;
  g_autoptr(GqMutationOptions) options2 = NULL;
  g_autoptr(GqMutationOptions) options3 = NULL;
  g_autoptr(JsonNode) key1 = gq_test_json ("[\"a\", 1]");
  g_autoptr(JsonNode) key2 = gq_test_json ("[\"a\", 2]");
  g_autoptr(JsonNode) key3 = gq_test_json ("[\"b\"]");
  g_autoptr(JsonNode) prefix = gq_test_json ("[\"a\"]");
  g_autoptr(JsonNode) unknown = gq_test_json ("[\"unknown\"]");
  g_autoptr(GqMutationFilters) by_prefix = gq_mutation_filters_new (prefix);
  g_autoptr(GqMutationFilters) by_key1 = gq_mutation_filters_new (key1);
  g_autoptr(GqMutationFilters) by_predicate = gq_mutation_filters_new (NULL);
  g_autoptr(GqMutationFilters) by_unknown = gq_mutation_filters_new (unknown);
  g_autoptr(GPtrArray) found = NULL;
  GqMutationCache *cache;
  GqMutation *mutation1, *mutation2, *mutation3;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  options1 = gq_test_mutation_options_new (key1, mutator);
  options2 = gq_test_mutation_options_new (key2, mutator);
  options3 = gq_test_mutation_options_new (key3, mutator);
  mutation1 = gq_test_execute_mutation (&env, options1, NULL, NULL);
  mutation2 = gq_test_execute_mutation (&env, options2, NULL, NULL);
  mutation3 = gq_test_execute_mutation (&env, options3, NULL, NULL);

  gq_mutation_filters_set_exact (by_prefix, FALSE);
  gq_mutation_filters_set_predicate (by_predicate, second_key_is_two, NULL, NULL);

  found = gq_mutation_cache_find_all (cache, by_prefix);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_true (g_ptr_array_index (found, 0) == mutation1);
  g_assert_true (g_ptr_array_index (found, 1) == mutation2);
  g_clear_pointer (&found, g_ptr_array_unref);

  g_assert_true (gq_mutation_cache_find (cache, by_key1) == mutation1);

  found = gq_mutation_cache_find_all (cache, by_predicate);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == mutation2);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = gq_mutation_cache_find_all (cache, by_unknown);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = gq_mutation_cache_find_all (cache, NULL);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_true (g_ptr_array_index (found, 2) == mutation3);

  gq_test_env_clear (&env);
}

/* A mutation without a key never matches a key filter; status filters. */
static void
test_filters_status_and_keyless (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) fast = NULL;
  g_autoptr(GqTestMutator) slow = NULL;
  g_autoptr(GqMutationOptions) keyless = NULL;
  g_autoptr(GqMutationOptions) keyed = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("keyed", NULL);
  g_autoptr(GqMutationFilters) by_key = gq_mutation_filters_new (key);
  g_autoptr(GqMutationFilters) success = gq_mutation_filters_new (NULL);
  g_autoptr(GPtrArray) found = NULL;
  GqMutationStatus status;
  GqMutation *done;

  gq_test_env_init (&env);
  fast = gq_test_mutator_new (&env);
  slow = gq_test_mutator_new (&env);
  slow->never = TRUE;
  keyless = gq_test_mutation_options_new (NULL, fast);
  keyed = gq_test_mutation_options_new (key, slow);
  done = gq_test_execute_mutation (&env, keyless, NULL, NULL);
  gq_test_execute_mutation (&env, keyed, NULL, NULL);
  gq_test_advance (&env, 0);

  g_assert_false (gq_mutation_filters_lookup_status (success, NULL));
  gq_mutation_filters_set_status (success, GQ_MUTATION_STATUS_SUCCESS);
  g_assert_true (gq_mutation_filters_lookup_status (success, &status));
  g_assert_cmpint (status, ==, GQ_MUTATION_STATUS_SUCCESS);

  found = gq_mutation_cache_find_all (gq_test_mutation_cache (&env), by_key);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) != done);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = gq_mutation_cache_find_all (gq_test_mutation_cache (&env), success);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == done);
  g_assert_true (gq_mutation_filters_matches (success, done));

  gq_test_env_clear (&env);
}

/* ---- garbage collection --------------------------------------------- */

/* should remove unused mutations after gcTime has elapsed */
static void
test_gc_removes_unused (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(JsonNode) key = gq_test_json ("[\"a\", 1]");
  GqTestStep on_success = { 0 };

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->resolve_none = TRUE;
  options = gq_test_mutation_options_new (key, mutator);
  gq_mutation_options_set_gc_time (options, 10);
  gq_mutation_options_set_on_success_func (options, gq_test_step_on_success, &on_success, NULL);

  gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 1);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 0);
  g_assert_cmpuint (on_success.calls, ==, 1);

  gq_test_env_clear (&env);
  gq_test_step_clear (&on_success);
}

/* should not remove mutations if there are active observers */
static void
test_gc_keeps_observed (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(JsonNode) one = gq_test_json ("1");
  GqMutationCache *cache;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_gc_time (options, 10);
  observer = gq_mutation_observer_new (env.client, options);
  gq_mutation_observer_subscribe (observer);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 0);

  gq_mutation_observer_mutate (observer, one, NULL, NULL, NULL);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 1);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 1);

  gq_mutation_observer_unsubscribe (observer);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 1);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 0);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* should be garbage collected later when unsubscribed and mutation is
 * pending */
static void
test_gc_later_when_pending (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(JsonNode) one = gq_test_json ("1");
  GqTestStep on_success = { 0 };
  GqMutationCache *cache;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->data = gq_test_json ("\"data\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_gc_time (options, 10);
  gq_mutation_options_set_on_success_func (options, gq_test_step_on_success, &on_success, NULL);
  observer = gq_mutation_observer_new (env.client, options);
  gq_mutation_observer_subscribe (observer);

  gq_mutation_observer_mutate (observer, one, NULL, NULL, NULL);
  gq_mutation_observer_unsubscribe (observer);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 1);

  gq_test_advance (&env, 10);
  /* gc time elapsed while pending: not removed */
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 1);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 0);
  g_assert_cmpuint (on_success.calls, ==, 1);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
  gq_test_step_clear (&on_success);
}

/* should call callbacks even with gcTime 0 and mutation still pending */
static void
test_gc_zero_still_calls_callbacks (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(JsonNode) one = gq_test_json ("1");
  GqTestStep on_success = { 0 };

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->delay = 10;
  mutator->data = gq_test_json ("\"data\"");
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_gc_time (options, 0);
  gq_mutation_options_set_on_success_func (options, gq_test_step_on_success, &on_success, NULL);
  observer = gq_mutation_observer_new (env.client, options);
  gq_mutation_observer_subscribe (observer);

  gq_mutation_observer_mutate (observer, one, NULL, NULL, NULL);
  gq_mutation_observer_unsubscribe (observer);

  gq_test_advance (&env, 10);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 0);
  g_assert_cmpuint (on_success.calls, ==, 1);
  /* The observer still holds the finished mutation it showed. */
  g_assert_cmpint (gq_mutation_get_status (gq_mutation_observer_get_mutation (observer)), ==,
                   GQ_MUTATION_STATUS_SUCCESS);

  g_clear_object (&observer);
  gq_test_env_clear (&env);
  gq_test_step_clear (&on_success);
}

/* An infinite gc time keeps a finished mutation. */
static void
test_gc_infinite (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;

  gq_test_env_init (&env);
  mutator = gq_test_mutator_new (&env);
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_gc_time (options, GQ_TIME_INFINITE);

  gq_test_execute_mutation (&env, options, NULL, NULL);
  gq_test_advance (&env, 24 * 60 * 60 * 1000);
  g_assert_cmpuint (gq_mutation_cache_get_size (gq_test_mutation_cache (&env)), ==, 1);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (env.scheduler), ==, 0);

  gq_test_env_clear (&env);
}

/* A mutation out of the cache is not collected again: no second removed
 * event when its observer leaves. */
static void
test_gc_none_after_removal (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  GqMutationCache *cache;
  GArray *events;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  mutator = gq_test_mutator_new (&env);
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_gc_time (options, 10);
  observer = gq_mutation_observer_new (env.client, options);
  gq_mutation_observer_subscribe (observer);
  gq_mutation_observer_mutate (observer, NULL, NULL, NULL, NULL);
  gq_test_advance (&env, 0);

  events = listen (cache);
  gq_mutation_cache_clear (cache);
  gq_mutation_observer_unsubscribe (observer);
  gq_test_advance (&env, 100);

  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (event_at (events, 0)->type, ==, GQ_CACHE_EVENT_REMOVED);
  g_assert_cmpint (event_at (events, 1)->type, ==, GQ_CACHE_EVENT_OBSERVER_REMOVED);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (env.scheduler), ==, 0);

  unlisten (cache, events);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* ---- remove ------------------------------------------------------- */

/* should remove only the target mutation from scope when multiple scoped
 * mutations exist; the remaining one then runs without waiting */
static void
test_remove_from_scope (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GPtrArray) all = NULL;
  GqMutation *mutation1, *mutation2;
  GqMutationCache *cache;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->never = TRUE;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_scope_id (options, "scope1");

  mutation1 = build (&env, options);
  mutation2 = build (&env, options);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 2);

  gq_mutation_cache_remove (cache, mutation1);
  all = gq_mutation_cache_get_all (cache);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_true (g_ptr_array_index (all, 0) == mutation2);

  _gq_mutation_execute (mutation2, NULL, NULL);
  g_assert_false (gq_mutation_get_state (mutation2)->is_paused);
  gq_test_flush (&env);
  g_assert_cmpuint (mutator->calls, ==, 1);

  g_clear_pointer (&all, g_ptr_array_unref);
  gq_test_env_clear (&env);
}

/* should delete scope when removing the only mutation in that scope */
static void
test_remove_only_mutation_of_scope (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutationCache *cache;
  GqMutation *mutation;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  mutator = gq_test_mutator_new (&env);
  mutator->never = TRUE;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_scope_id (options, "scope1");

  mutation = build (&env, options);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 1);
  gq_mutation_cache_remove (cache, mutation);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 0);

  /* A new mutation of the scope has nobody before it. */
  mutation = gq_test_execute_mutation (&env, options, NULL, NULL);
  g_assert_false (gq_mutation_get_state (mutation)->is_paused);
  gq_test_flush (&env);
  g_assert_cmpuint (mutator->calls, ==, 1);

  gq_test_env_clear (&env);
}

/* should still notify removal when removing a mutation that does not
 * exist in the cache */
static void
test_remove_absent_still_notifies (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutation) mutation = NULL;
  GqMutationCache *cache;
  GArray *events;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  mutator = gq_test_mutator_new (&env);
  options = gq_test_mutation_options_new (NULL, mutator);

  mutation = g_object_ref (build (&env, options));
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 1);
  gq_mutation_cache_remove (cache, mutation);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 0);

  events = listen (cache);
  gq_mutation_cache_remove (cache, mutation);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 0);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (event_at (events, 0)->type, ==, GQ_CACHE_EVENT_REMOVED);
  g_assert_true (event_at (events, 0)->mutation == mutation);
  g_assert_null (event_at (events, 0)->observer);

  unlisten (cache, events);
  g_clear_object (&mutation);
  gq_test_env_clear (&env);
}

/* ---- events ------------------------------------------------------- */

/* The cache reports a mutation's life: added, observer added, one update
 * per state change, observer removed, removed. */
static void
test_events_sequence (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  GqMutationCache *cache;
  GArray *events;
  static const GqCacheEventType expected[] = {
    GQ_CACHE_EVENT_ADDED,
    GQ_CACHE_EVENT_OBSERVER_ADDED,
    GQ_CACHE_EVENT_UPDATED,         /* pending */
    GQ_CACHE_EVENT_UPDATED,         /* failed */
    GQ_CACHE_EVENT_UPDATED,         /* success */
    GQ_CACHE_EVENT_OBSERVER_REMOVED,
    GQ_CACHE_EVENT_REMOVED,
  };

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  events = listen (cache);
  mutator = gq_test_mutator_new (&env);
  mutator->fail_times = 1;
  options = gq_test_mutation_options_new (NULL, mutator);
  gq_mutation_options_set_retry (options, 1);
  gq_mutation_options_set_retry_delay (options, 5);
  observer = gq_mutation_observer_new (env.client, options);

  gq_mutation_observer_mutate (observer, NULL, NULL, NULL, NULL);
  gq_test_advance (&env, 5);
  gq_mutation_observer_reset (observer);
  gq_mutation_cache_clear (cache);

  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (event_at (events, i)->type, ==, expected[i]);
    }
  g_assert_true (event_at (events, 1)->observer == G_OBJECT (observer));
  g_assert_true (event_at (events, 5)->observer == G_OBJECT (observer));

  unlisten (cache, events);
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* clear reports the removal of each mutation, in order. */
static void
test_clear_reports_each (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  GqMutationCache *cache;
  GqMutation *first, *second;
  GArray *events;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  mutator = gq_test_mutator_new (&env);
  options = gq_test_mutation_options_new (NULL, mutator);
  first = build (&env, options);
  second = build (&env, options);
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);

  events = listen (cache);
  gq_mutation_cache_clear (cache);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (event_at (events, 0)->type, ==, GQ_CACHE_EVENT_REMOVED);
  g_assert_cmpint (event_at (events, 1)->type, ==, GQ_CACHE_EVENT_REMOVED);
  g_assert_true (event_at (events, 1)->mutation == second);
  g_assert_cmpuint (gq_mutation_cache_get_size (cache), ==, 0);
  /* Nothing else held it: gone. */
  g_assert_null (first);

  unlisten (cache, events);
  gq_test_env_clear (&env);
}

/* ---- resuming ----------------------------------------------------- */

/* resume_paused_mutations_async completes once every resumed mutation
 * settled; a failed one is not an error of the operation. */
static void
test_resume_waits_for_settlement (void)
{
  GqTestEnv env;
  g_autoptr(GqTestMutator) good = NULL;
  g_autoptr(GqTestMutator) bad = NULL;
  g_autoptr(GqMutationOptions) good_options = NULL;
  g_autoptr(GqMutationOptions) bad_options = NULL;
  g_autoptr(GError) error = NULL;
  GqMutationCache *cache;
  GqMutation *ok_mutation, *failed_mutation;
  GqTestAsync async = { 0 };

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);
  gq_online_manager_set_online (env.online, FALSE);
  good = gq_test_mutator_new (&env);
  good->delay = 10;
  bad = gq_test_mutator_new (&env);
  bad->delay = 20;
  bad->fail_always = TRUE;
  good_options = gq_test_mutation_options_new (NULL, good);
  bad_options = gq_test_mutation_options_new (NULL, bad);
  ok_mutation = gq_test_execute_mutation (&env, good_options, NULL, NULL);
  failed_mutation = gq_test_execute_mutation (&env, bad_options, NULL, NULL);
  gq_test_flush (&env);
  g_assert_true (_gq_mutation_cache_has_paused (cache));
  g_assert_cmpuint (good->calls, ==, 0);

  gq_online_manager_set_online (env.online, TRUE);
  gq_mutation_cache_resume_paused_mutations_async (cache, NULL, gq_test_async_callback, &async);
  g_assert_false (_gq_mutation_cache_has_paused (cache));
  gq_test_advance (&env, 10);
  g_assert_cmpint (gq_mutation_get_status (ok_mutation), ==, GQ_MUTATION_STATUS_SUCCESS);
  g_assert_false (async.done);

  gq_test_advance (&env, 10);
  g_assert_cmpint (gq_mutation_get_status (failed_mutation), ==, GQ_MUTATION_STATUS_ERROR);
  gq_test_await (&env, &async);
  g_assert_true (gq_mutation_cache_resume_paused_mutations_finish (cache, async.result, &error));
  g_assert_no_error (error);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

/* With nothing paused, resuming completes at once. */
static void
test_resume_nothing_paused (void)
{
  GqTestEnv env;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  GqMutationCache *cache;

  gq_test_env_init (&env);
  cache = gq_test_mutation_cache (&env);

  gq_mutation_cache_resume_paused_mutations_async (cache, NULL, gq_test_async_callback, &async);
  gq_test_await (&env, &async);
  g_assert_true (gq_mutation_cache_resume_paused_mutations_finish (cache, async.result, &error));
  g_assert_no_error (error);

  gq_test_async_clear (&async);
  gq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* MutationCacheConfig */
  g_test_add_func ("/Gq/MutationCache/config/error-callbacks", test_config_error_callbacks);
  g_test_add_func ("/Gq/MutationCache/config/error-order", test_config_error_order);
  g_test_add_func ("/Gq/MutationCache/config/success-callbacks", test_config_success_callbacks);
  g_test_add_func ("/Gq/MutationCache/config/success-order", test_config_success_order);
  g_test_add_func ("/Gq/MutationCache/config/on-mutate-before-execute", test_config_on_mutate_before_execute);
  g_test_add_func ("/Gq/MutationCache/config/on-mutate-order", test_config_on_mutate_order);
  g_test_add_func ("/Gq/MutationCache/config/options-on-mutate-sync", test_config_options_on_mutate_sync);

  /* find, findAll */
  g_test_add_func ("/Gq/MutationCache/find", test_find);
  g_test_add_func ("/Gq/MutationCache/find-all", test_find_all);
  g_test_add_func ("/Gq/MutationCache/filters-status-and-keyless", test_filters_status_and_keyless);

  /* garbage collection */
  g_test_add_func ("/Gq/MutationCache/gc/removes-unused", test_gc_removes_unused);
  g_test_add_func ("/Gq/MutationCache/gc/keeps-observed", test_gc_keeps_observed);
  g_test_add_func ("/Gq/MutationCache/gc/later-when-pending", test_gc_later_when_pending);
  g_test_add_func ("/Gq/MutationCache/gc/zero-still-calls-callbacks", test_gc_zero_still_calls_callbacks);
  g_test_add_func ("/Gq/MutationCache/gc/infinite", test_gc_infinite);
  g_test_add_func ("/Gq/MutationCache/gc/none-after-removal", test_gc_none_after_removal);

  /* remove */
  g_test_add_func ("/Gq/MutationCache/remove/from-scope", test_remove_from_scope);
  g_test_add_func ("/Gq/MutationCache/remove/only-mutation-of-scope", test_remove_only_mutation_of_scope);
  g_test_add_func ("/Gq/MutationCache/remove/absent-still-notifies", test_remove_absent_still_notifies);

  /* events and resuming */
  g_test_add_func ("/Gq/MutationCache/events/sequence", test_events_sequence);
  g_test_add_func ("/Gq/MutationCache/events/clear-reports-each", test_clear_reports_each);
  g_test_add_func ("/Gq/MutationCache/resume/waits-for-settlement", test_resume_waits_for_settlement);
  g_test_add_func ("/Gq/MutationCache/resume/nothing-paused", test_resume_nothing_paused);

  return g_test_run ();
}
