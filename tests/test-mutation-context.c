/* test-mutation-context.c: the contract of GqMutationContext
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include "gq-mutation-context-private.h"

typedef struct
{
  guint     calls;
  JsonNode *data;
  GError   *error;
} Done;

static void
on_done (GqMutationContext *context,
         JsonNode          *data,
         const GError      *error,
         gpointer           user_data)
{
  Done *done = user_data;

  done->calls++;
  g_clear_pointer (&done->data, json_node_unref);
  g_clear_error (&done->error);
  done->data = data ? json_node_ref (data) : NULL;
  done->error = error ? g_error_copy (error) : NULL;
}

static void
done_clear (Done *done)
{
  g_clear_pointer (&done->data, json_node_unref);
  g_clear_error (&done->error);
}

static GqMutationContext *
new_context (GqTestEnv *env,
             Done      *done)
{
  g_autoptr(JsonNode) variables = gq_test_json ("{\"title\": \"milk\"}");
  g_autoptr(JsonNode) key = gq_key_new ("todos", "add", NULL);
  g_autoptr(JsonNode) meta = gq_test_json ("{\"source\": \"form\"}");

  return _gq_mutation_context_new (env->client, variables, key, meta,
                                   "6f1c2f4e-8d0a-4b5e-9c7d-0e1f2a3b4c5d",
                                   on_done, done);
}

static void
test_accessors (void)
{
  GqTestEnv env;
  Done done = { 0 };
  g_autoptr(GqMutationContext) context = NULL;
  GCancellable *cancellable;

  gq_test_env_init (&env);
  context = new_context (&env, &done);

  gq_assert_json (gq_mutation_context_get_variables (context), "{\"title\": \"milk\"}");
  gq_assert_json (gq_mutation_context_get_mutation_key (context), "[\"todos\", \"add\"]");
  gq_assert_json (gq_mutation_context_get_meta (context), "{\"source\": \"form\"}");
  g_assert_cmpstr (gq_mutation_context_get_idempotency_key (context), ==,
                   "6f1c2f4e-8d0a-4b5e-9c7d-0e1f2a3b4c5d");
  g_assert_true (gq_mutation_context_get_client (context) == env.client);
  cancellable = gq_mutation_context_get_cancellable (context);
  g_assert_true (G_IS_CANCELLABLE (cancellable));
  g_assert_false (g_cancellable_is_cancelled (cancellable));
  g_assert_false (gq_mutation_context_is_completed (context));

  _gq_mutation_context_abandon (context);
  g_clear_object (&context);
  done_clear (&done);
  gq_test_env_clear (&env);
}

static void
test_without_variables (void)
{
  GqTestEnv env;
  Done done = { 0 };
  g_autoptr(GqMutationContext) context = NULL;

  gq_test_env_init (&env);
  context = _gq_mutation_context_new (env.client, NULL, NULL, NULL, NULL, on_done, &done);

  g_assert_null (gq_mutation_context_get_variables (context));
  g_assert_null (gq_mutation_context_get_mutation_key (context));
  g_assert_null (gq_mutation_context_get_meta (context));
  g_assert_null (gq_mutation_context_get_idempotency_key (context));

  g_clear_object (&context);
  g_assert_cmpuint (done.calls, ==, 0);
  gq_test_env_clear (&env);
}

/* A resolved promise is seen after the current task: even a completion
 * from inside the function reaches the engine in a later iteration. */
static void
test_resolve_delivered_later (void)
{
  GqTestEnv env;
  Done done = { 0 };
  g_autoptr(GqMutationContext) context = NULL;
  g_autoptr(JsonNode) data = gq_test_json ("{\"id\": 7}");

  gq_test_env_init (&env);
  context = new_context (&env, &done);

  gq_mutation_context_resolve (context, data);
  g_assert_true (gq_mutation_context_is_completed (context));
  g_assert_cmpuint (done.calls, ==, 0);

  gq_test_flush (&env);
  g_assert_cmpuint (done.calls, ==, 1);
  g_assert_no_error (done.error);
  g_assert_true (done.data == data);
  g_assert_true (json_node_is_immutable (data));

  gq_test_flush (&env);
  g_assert_cmpuint (done.calls, ==, 1);

  g_clear_object (&context);
  done_clear (&done);
  gq_test_env_clear (&env);
}

/* A mutation may have no result: resolving with NULL is not an error. */
static void
test_resolve_without_data (void)
{
  GqTestEnv env;
  Done done = { 0 };
  g_autoptr(GqMutationContext) context = NULL;

  gq_test_env_init (&env);
  context = new_context (&env, &done);

  gq_mutation_context_resolve (context, NULL);
  gq_test_flush (&env);

  g_assert_cmpuint (done.calls, ==, 1);
  g_assert_null (done.data);
  g_assert_no_error (done.error);

  g_clear_object (&context);
  done_clear (&done);
  gq_test_env_clear (&env);
}

static void
test_reject (void)
{
  GqTestEnv env;
  Done done = { 0 };
  g_autoptr(GqMutationContext) context = NULL;
  g_autoptr(GqMutationContext) literal = NULL;
  g_autoptr(GError) error = g_error_new_literal (GQ_HTTP_ERROR, GQ_HTTP_ERROR_CONFLICT, "conflict");

  gq_test_env_init (&env);
  context = new_context (&env, &done);

  gq_mutation_context_reject (context, error);
  g_assert_true (gq_mutation_context_is_completed (context));
  g_assert_cmpuint (done.calls, ==, 0);
  gq_test_flush (&env);

  g_assert_cmpuint (done.calls, ==, 1);
  g_assert_null (done.data);
  g_assert_error (done.error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_CONFLICT);
  g_assert_cmpstr (done.error->message, ==, "conflict");
  /* The caller keeps its error. */
  g_assert_cmpstr (error->message, ==, "conflict");

  literal = new_context (&env, &done);
  gq_mutation_context_reject_literal (literal, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "too slow");
  gq_test_flush (&env);
  g_assert_cmpuint (done.calls, ==, 2);
  g_assert_error (done.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpstr (done.error->message, ==, "too slow");

  g_clear_object (&context);
  g_clear_object (&literal);
  done_clear (&done);
  gq_test_env_clear (&env);
}

/* Once the engine abandons an attempt, a late completion is ignored and
 * the function is told through the cancellable. */
static void
test_abandon_ignores_late_completion (void)
{
  GqTestEnv env;
  Done done = { 0 };
  g_autoptr(GqMutationContext) context = NULL;
  g_autoptr(JsonNode) data = gq_test_json ("1");

  gq_test_env_init (&env);
  context = new_context (&env, &done);

  _gq_mutation_context_abandon (context);
  g_assert_true (g_cancellable_is_cancelled (gq_mutation_context_get_cancellable (context)));

  gq_mutation_context_resolve (context, data);
  gq_test_flush (&env);
  g_assert_cmpuint (done.calls, ==, 0);

  /* Abandoned after completing, before delivery: still ignored. */
  g_clear_object (&context);
  context = new_context (&env, &done);
  gq_mutation_context_resolve (context, data);
  _gq_mutation_context_abandon (context);
  gq_test_flush (&env);
  g_assert_cmpuint (done.calls, ==, 0);

  g_clear_object (&context);
  done_clear (&done);
  gq_test_env_clear (&env);
}

static void
test_complete_twice (void)
{
  GqTestEnv env;
  Done done = { 0 };
  g_autoptr(GqMutationContext) context = NULL;
  g_autoptr(JsonNode) first = gq_test_json ("1");

  gq_test_env_init (&env);
  context = new_context (&env, &done);

  gq_mutation_context_resolve (context, first);
  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*completed twice*");
  gq_mutation_context_reject_literal (context, G_IO_ERROR, G_IO_ERROR_FAILED, "late");
  g_test_assert_expected_messages ();

  gq_test_flush (&env);
  g_assert_cmpuint (done.calls, ==, 1);
  g_assert_no_error (done.error);
  g_assert_cmpint (gq_test_int (done.data), ==, 1);

  g_clear_object (&context);
  done_clear (&done);
  gq_test_env_clear (&env);
}

static void
resolve_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GqMutationContext *context = task_data;
  g_autoptr(JsonNode) node = gq_json_parse ("{\"from\": \"thread\"}", -1, NULL);

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  gq_mutation_context_resolve (context, node);
  g_task_return_boolean (task, TRUE);
}

/* Completed on a worker thread, the engine hears of it on the main
 * context the context was made on. */
static void
test_resolve_from_thread (void)
{
  GqTestEnv env;
  Done done = { 0 };
  g_autoptr(GqMutationContext) context = NULL;
  g_autoptr(GTask) task = NULL;
  gint64 deadline;

  gq_test_env_init (&env);
  context = new_context (&env, &done);

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (context), g_object_unref);
  g_task_run_in_thread (task, resolve_in_thread);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (done.calls == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (done.calls, ==, 1);
  g_assert_no_error (done.error);
  gq_assert_json (done.data, "{\"from\": \"thread\"}");

  g_clear_object (&task);
  g_clear_object (&context);
  done_clear (&done);
  gq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/MutationContext/accessors", test_accessors);
  g_test_add_func ("/Gq/MutationContext/without-variables", test_without_variables);
  g_test_add_func ("/Gq/MutationContext/resolve-delivered-later", test_resolve_delivered_later);
  g_test_add_func ("/Gq/MutationContext/resolve-without-data", test_resolve_without_data);
  g_test_add_func ("/Gq/MutationContext/reject", test_reject);
  g_test_add_func ("/Gq/MutationContext/abandon-ignores-late-completion", test_abandon_ignores_late_completion);
  g_test_add_func ("/Gq/MutationContext/complete-twice", test_complete_twice);
  g_test_add_func ("/Gq/MutationContext/resolve-from-thread", test_resolve_from_thread);

  return g_test_run ();
}
