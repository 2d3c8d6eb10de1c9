/* test-guides.c: the code of the guides in docs/, compiled and run.
 *
 * Written against the public API only (gquery.h, as an application sees
 * it). build-aux/check-docs.py checks that each snippet a guide marks with
 * `<!-- snippet: tests/test-guides.c -->` is an excerpt of this file, so
 * the guides' code is the code that runs here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gquery.h>

#define START_TIME 1000000

/* A fake backend: a todo list in memory, answering on the next main-loop
 * iteration as a real request would. */
typedef struct
{
  JsonNode *todos;
  guint     n_fetches;
  gboolean  fail_writes;
} Backend;

static void
backend_clear (Backend *backend)
{
  g_clear_pointer (&backend->todos, json_node_unref);
}

static void
fetch_todos (GqFetchContext *context,
             gpointer        user_data)
{
  Backend *backend = user_data;

  backend->n_fetches++;
  gq_fetch_context_resolve (context, backend->todos);
}

static void
post_todo (GqMutationContext *context,
           gpointer           user_data)
{
  Backend *backend = user_data;
  g_autoptr(JsonNode) copy = NULL;

  if (backend->fail_writes)
    {
      gq_mutation_context_reject_literal (context, GQ_HTTP_ERROR, 409, "conflict");
      return;
    }

  copy = gq_json_copy (backend->todos);
  json_array_add_element (json_node_get_array (copy),
                          json_node_copy (gq_mutation_context_get_variables (context)));
  g_clear_pointer (&backend->todos, json_node_unref);
  backend->todos = gq_json_seal_copy (copy);
  gq_mutation_context_resolve (context, gq_mutation_context_get_variables (context));
}

/* The client of a test: its own clock, focus and network state. */
static GqQueryClient *
test_client_new (GqManualScheduler **scheduler_out,
                 GqFocusManager    **focus_out)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (START_TIME);
  g_autoptr(GqFocusManager) focus = gq_focus_manager_new ();
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (NULL);
  GqQueryClient *client;

  gq_online_manager_set_online (online, TRUE);
  client = gq_query_client_new_full (scheduler, focus, online);
  *scheduler_out = GQ_MANUAL_SCHEDULER (scheduler);
  if (focus_out != NULL)
    *focus_out = focus;

  return client;
}

static void
test_testing_manual_scheduler (void)
{
  Backend backend = { .todos = gq_json_parse ("[\"milk\"]", -1, NULL) };
  GqManualScheduler *scheduler;
  GqFocusManager *focus;
  g_autoptr(GqQueryClient) client = test_client_new (&scheduler, &focus);
  g_autoptr(JsonNode) key = gq_key_new ("todos", NULL);
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;

  gq_query_options_set_query_func (options, fetch_todos, &backend, NULL);
  gq_query_options_set_stale_time (options, 30000);
  observer = gq_query_observer_new (client, options);
  gq_query_client_mount (client);
  gq_query_observer_subscribe (observer);

  /* The query function ran at once; its result reaches the observer on a
   * later main-loop iteration, which flush runs. */
  g_assert_cmpuint (backend.n_fetches, ==, 1);
  result = gq_query_observer_get_current_result (observer);
  g_assert_true (gq_query_result_get_is_pending (result));
  g_clear_pointer (&result, gq_query_result_unref);
  gq_manual_scheduler_flush (scheduler);
  result = gq_query_observer_get_current_result (observer);
  g_assert_true (gq_query_result_get_is_success (result));

  /* Fresh for 30 s: focusing the window again does not refetch... */
  gq_focus_manager_set_focused (focus, FALSE);
  gq_focus_manager_set_focused (focus, TRUE);
  gq_manual_scheduler_flush (scheduler);
  g_assert_cmpuint (backend.n_fetches, ==, 1);

  /* ...30 s later it is stale, and focus refetches. */
  gq_manual_scheduler_advance (scheduler, 30000);
  gq_focus_manager_set_focused (focus, FALSE);
  gq_focus_manager_set_focused (focus, TRUE);
  gq_manual_scheduler_flush (scheduler);
  g_assert_cmpuint (backend.n_fetches, ==, 2);

  gq_query_observer_unsubscribe (observer);
  gq_query_client_unmount (client);
  backend_clear (&backend);
}

static void
on_changed_count (GqQueryObserver *observer,
                  GqQueryResult   *result,
                  guint           *n_changes)
{
  (*n_changes)++;
}

static JsonNode *
select_count (JsonNode *data,
              gpointer  user_data)
{
  return json_node_init_int (json_node_alloc (),
                             json_array_get_length (json_node_get_array (data)));
}

static void
test_caching_select_and_sharing (void)
{
  Backend backend = { .todos = gq_json_parse ("[\"milk\", \"bread\"]", -1, NULL) };
  GqManualScheduler *scheduler;
  g_autoptr(GqQueryClient) client = test_client_new (&scheduler, NULL);
  g_autoptr(JsonNode) key = gq_key_new ("todos", NULL);
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryOptions) count_options = NULL;
  g_autoptr(GqQueryObserver) todos = NULL;
  g_autoptr(GqQueryObserver) count = NULL;
  g_autoptr(GqQueryResult) before = NULL;
  g_autoptr(GqQueryResult) after = NULL;
  g_autoptr(GqQueryResult) counted = NULL;
  guint n_changes = 0;

  gq_query_options_set_query_func (options, fetch_todos, &backend, NULL);

  /* Two observers of one query: the second sees the number of todos. */
  count_options = gq_query_options_copy (options);
  gq_query_options_set_select_func (count_options, select_count, NULL, NULL);

  todos = gq_query_observer_new (client, options);
  count = gq_query_observer_new (client, count_options);
  gq_query_observer_subscribe (todos);
  gq_query_observer_subscribe (count);
  gq_manual_scheduler_flush (scheduler);
  g_assert_cmpuint (backend.n_fetches, ==, 1);   /* one request for both */

  before = gq_query_observer_get_current_result (todos);
  counted = gq_query_observer_get_current_result (count);
  g_assert_cmpint (json_node_get_int (gq_query_result_get_data (counted)), ==, 2);

  /* A refetch that returns equal JSON keeps the very same nodes. */
  g_signal_connect (todos, "changed", G_CALLBACK (on_changed_count), &n_changes);
  gq_query_observer_refetch (todos);
  gq_manual_scheduler_flush (scheduler);
  after = gq_query_observer_get_current_result (todos);
  g_assert_cmpuint (backend.n_fetches, ==, 2);
  g_assert_true (gq_query_result_get_data (after) == gq_query_result_get_data (before));

  gq_query_observer_unsubscribe (todos);
  gq_query_observer_unsubscribe (count);
  backend_clear (&backend);
}

/* Optimistic update: add the todo to the cached list at once, keep the
 * previous list as the mutation's context, put it back on failure, and
 * refetch the list when the mutation settles either way. */
typedef struct
{
  GqQueryClient *client;
  JsonNode      *todos_key;
} TodoForm;

static JsonNode *
append_variables (JsonNode *previous,
                  gpointer  user_data)
{
  g_autoptr(JsonNode) copy = previous ? gq_json_copy (previous) : json_node_new (JSON_NODE_ARRAY);

  if (previous == NULL)
    json_node_take_array (copy, json_array_new ());
  json_array_add_element (json_node_get_array (copy), json_node_copy (user_data));

  return g_steal_pointer (&copy);
}

static JsonNode *
add_todo_optimistically (GqMutation  *mutation,
                         JsonNode    *variables,
                         gpointer     user_data,
                         GError     **error)
{
  TodoForm *form = user_data;
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (form->todos_key);
  g_autoptr(JsonNode) snapshot = NULL;
  g_autoptr(JsonNode) updated = NULL;

  /* No refetch may overwrite the optimistic list while the POST runs. */
  gq_query_client_cancel_queries (form->client, filters, GQ_CANCEL_FLAGS_NONE);

  snapshot = gq_query_client_get_query_data (form->client, form->todos_key);
  updated = gq_query_client_set_query_data_with_updater (form->client, form->todos_key,
                                                         append_variables, variables, 0);

  /* The context: what on-error needs to roll back. */
  return g_steal_pointer (&snapshot);
}

static void
roll_back (GqMutation    *mutation,
           const GError  *failure,
           JsonNode      *variables,
           JsonNode      *context,
           gpointer       user_data,
           GError       **error)
{
  TodoForm *form = user_data;
  g_autoptr(JsonNode) restored = NULL;

  if (context != NULL)
    restored = gq_query_client_set_query_data (form->client, form->todos_key, context, 0);
}

static void
refetch_todos (GqMutation    *mutation,
               JsonNode      *data,
               const GError  *failure,
               JsonNode      *variables,
               JsonNode      *context,
               gpointer       user_data,
               GError       **error)
{
  TodoForm *form = user_data;
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (form->todos_key);

  gq_query_client_invalidate_queries (form->client, filters);
}

static char *
cached_text (GqQueryClient *client,
             JsonNode      *key)
{
  g_autoptr(JsonNode) data = gq_query_client_get_query_data (client, key);

  return data ? gq_json_to_canonical (data) : NULL;
}

static void
test_mutations_optimistic_update (void)
{
  Backend backend = { .todos = gq_json_parse ("[\"milk\"]", -1, NULL) };
  GqManualScheduler *scheduler;
  g_autoptr(GqQueryClient) client = test_client_new (&scheduler, NULL);
  g_autoptr(JsonNode) key = gq_key_new ("todos", NULL);
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryObserver) todos = NULL;
  g_autoptr(GqMutationOptions) add_options = gq_mutation_options_new (NULL);
  g_autoptr(GqMutationObserver) add = NULL;
  g_autoptr(GqMutationResult) result = NULL;
  g_autoptr(JsonNode) bread = gq_json_parse ("\"bread\"", -1, NULL);
  g_autoptr(JsonNode) eggs = gq_json_parse ("\"eggs\"", -1, NULL);
  g_autofree char *text = NULL;
  TodoForm form = { client, key };

  gq_query_options_set_query_func (options, fetch_todos, &backend, NULL);
  todos = gq_query_observer_new (client, options);
  gq_query_observer_subscribe (todos);
  gq_manual_scheduler_flush (scheduler);

  gq_mutation_options_set_mutation_func (add_options, post_todo, &backend, NULL);
  gq_mutation_options_set_on_mutate_func (add_options, add_todo_optimistically, &form, NULL);
  gq_mutation_options_set_on_error_func (add_options, roll_back, &form, NULL);
  gq_mutation_options_set_on_settled_func (add_options, refetch_todos, &form, NULL);
  add = gq_mutation_observer_new (client, add_options);

  /* Success: the list shows "bread" at once, then the server's list. */
  gq_mutation_observer_mutate (add, bread, NULL, NULL, NULL);
  text = cached_text (client, key);
  g_assert_cmpstr (text, ==, "[\"milk\",\"bread\"]");
  g_clear_pointer (&text, g_free);
  gq_manual_scheduler_flush (scheduler);
  g_assert_cmpuint (backend.n_fetches, ==, 2);   /* refetched on settle */
  text = cached_text (client, key);
  g_assert_cmpstr (text, ==, "[\"milk\",\"bread\"]");
  g_clear_pointer (&text, g_free);

  /* Failure: "eggs" shows, then goes when the server says no. */
  backend.fail_writes = TRUE;
  gq_mutation_observer_mutate (add, eggs, NULL, NULL, NULL);
  text = cached_text (client, key);
  g_assert_cmpstr (text, ==, "[\"milk\",\"bread\",\"eggs\"]");
  g_clear_pointer (&text, g_free);
  gq_manual_scheduler_flush (scheduler);
  text = cached_text (client, key);
  g_assert_cmpstr (text, ==, "[\"milk\",\"bread\"]");
  result = gq_mutation_observer_get_current_result (add);
  g_assert_true (gq_mutation_result_get_is_error (result));

  gq_query_observer_unsubscribe (todos);
  backend_clear (&backend);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Guides/Testing/manual-scheduler", test_testing_manual_scheduler);
  g_test_add_func ("/Guides/Caching/select-and-sharing", test_caching_select_and_sharing);
  g_test_add_func ("/Guides/Mutations/optimistic-update", test_mutations_optimistic_update);

  return g_test_run ();
}
