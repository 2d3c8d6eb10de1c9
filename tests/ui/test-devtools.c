/* test-devtools.c: GqDevtools on a real window under Xvfb, driven by the
 * engine on a manual scheduler
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gquery-gtk.h>

#include "gq-devtools-private.h"
#include "gq-devtools-json-private.h"
#include "gq-test-gtk.h"
#include "gq-test-util.h"

typedef struct
{
  GqTestEnv      env;
  GqTestFetcher *fetcher;
  GtkWindow     *window;
  GqDevtools    *devtools;
  GPtrArray     *actions;
} Fixture;

static void
on_devtools_action (GqDevtools *devtools,
                    const char *type,
                    const char *query_hash,
                    Fixture    *f)
{
  g_ptr_array_add (f->actions, g_strdup (type));
}

static void
open_devtools (Fixture *f)
{
  f->window = GTK_WINDOW (gq_devtools_window_new (f->env.client));
  f->devtools = gq_devtools_window_get_devtools (GQ_DEVTOOLS_WINDOW (f->window));
  g_signal_connect (f->devtools, "devtools-action", G_CALLBACK (on_devtools_action), f);
  gq_test_gtk_show_window (f->window);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  gq_test_env_init (&f->env);
  gq_query_client_mount (f->env.client);
  f->fetcher = gq_test_fetcher_new (&f->env);
  f->fetcher->delay = 100;
  f->actions = g_ptr_array_new_with_free_func (g_free);
  if (data == NULL)
    open_devtools (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gq_test_gtk_destroy_window (f->window);
  gq_query_client_unmount (f->env.client);
  g_ptr_array_unref (f->actions);
  gq_test_env_clear (&f->env);
  gq_test_fetcher_free (f->fetcher);
}

static gboolean
devtools_settled (gpointer data)
{
  Fixture *f = data;

  return !_gq_devtools_has_pending (f->devtools);
}

/* Lets the engine deliver and the devtools apply the batch. */
static void
settle (Fixture *f)
{
  gq_test_flush (&f->env);
  g_assert_true (gq_test_gtk_wait_until (devtools_settled, f, 2000));
  gq_test_gtk_settle ();
}

static void
advance (Fixture *f,
         gint64   ms)
{
  gq_test_advance (&f->env, ms);
  settle (f);
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (_gq_devtools_get_query_rows (f->devtools));
}

static GqDevtoolsQueryItem *
row (Fixture *f,
     guint    position)
{
  GListModel *rows = _gq_devtools_get_query_rows (f->devtools);
  g_autoptr(GqDevtoolsQueryItem) item = g_list_model_get_item (rows, position);

  g_assert_nonnull (item);
  return item;
}

static GqDevtoolsStatus
status_of_row (Fixture    *f,
               const char *hash)
{
  for (guint i = 0; i < n_rows (f); i++)
    if (g_str_equal (gq_devtools_query_item_get_hash (row (f, i)), hash))
      return gq_devtools_query_item_get_status (row (f, i));

  g_assert_not_reached ();
}

static guint
count (Fixture          *f,
       GqDevtoolsStatus  status)
{
  return _gq_devtools_get_status_count (f->devtools, status);
}

static GqQueryObserver *
observe (Fixture    *f,
         const char *key_json,
         gint64      stale_time)
{
  g_autoptr(JsonNode) key = gq_test_json (key_json);
  g_autoptr(GqQueryOptions) options = gq_test_options_new (key, f->fetcher);
  GqQueryObserver *observer;

  gq_query_options_set_stale_time (options, stale_time);
  observer = gq_query_observer_new (f->env.client, options);
  gq_query_observer_subscribe (observer);

  return observer;
}

static void
unobserve (GqQueryObserver *observer)
{
  gq_query_observer_unsubscribe (observer);
  g_object_unref (observer);
}

static void
click (Fixture    *f,
       const char *part)
{
  GtkWidget *button = _gq_devtools_get_part (f->devtools, part);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  settle (f);
}

static GqQuery *
query_of (Fixture    *f,
          const char *key_json)
{
  g_autoptr(JsonNode) key = gq_test_json (key_json);

  return gq_test_find_query (&f->env, key);
}

static const char *
last_action (Fixture *f)
{
  g_assert_cmpuint (f->actions->len, >, 0);
  return g_ptr_array_index (f->actions, f->actions->len - 1);
}

/* The list follows queries being added, fetched, going stale, removed. */
static void
test_live_list (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) key_b = gq_test_json ("[\"todos\",2]");
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key_b);
  GqQueryObserver *a;
  g_autofree char *shot = NULL;

  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 0);

  a = observe (f, "[\"todos\",1]", 1000);
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpint (status_of_row (f, "[\"todos\",1]"), ==, GQ_DEVTOOLS_STATUS_FETCHING);
  g_assert_cmpuint (count (f, GQ_DEVTOOLS_STATUS_FETCHING), ==, 1);

  gq_test_set_data (&f->env, key_b, "{\"title\":\"unobserved\"}");
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 2);
  g_assert_cmpint (status_of_row (f, "[\"todos\",2]"), ==, GQ_DEVTOOLS_STATUS_INACTIVE);

  advance (f, 100);
  g_assert_cmpint (status_of_row (f, "[\"todos\",1]"), ==, GQ_DEVTOOLS_STATUS_FRESH);
  g_assert_cmpuint (count (f, GQ_DEVTOOLS_STATUS_FRESH), ==, 1);
  g_assert_cmpuint (count (f, GQ_DEVTOOLS_STATUS_INACTIVE), ==, 1);
  g_assert_cmpuint (gq_devtools_query_item_get_observer_count (row (f, 0)), ==, 1);
  /* Status sort: fresh before inactive. */
  g_assert_cmpstr (gq_devtools_query_item_get_hash (row (f, 0)), ==, "[\"todos\",1]");

  gq_devtools_select_query (f->devtools, "[\"todos\",1]");
  settle (f);
  shot = gq_test_gtk_screenshot (GTK_WIDGET (f->window), "devtools-fresh");
  g_test_message ("screenshot: %s", shot);

  advance (f, 1001);
  g_assert_cmpint (status_of_row (f, "[\"todos\",1]"), ==, GQ_DEVTOOLS_STATUS_STALE);
  g_assert_cmpuint (count (f, GQ_DEVTOOLS_STATUS_STALE), ==, 1);
  g_assert_cmpstr (_gq_devtools_get_field (f->devtools, "Status"), ==, "success");

  /* Filter by key text, and hide disabled queries. */
  gtk_editable_set_text (GTK_EDITABLE (_gq_devtools_get_part (f->devtools, "query_filter")), "2]");
  g_signal_emit_by_name (_gq_devtools_get_part (f->devtools, "query_filter"), "search-changed");
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpstr (gq_devtools_query_item_get_hash (row (f, 0)), ==, "[\"todos\",2]");
  gtk_editable_set_text (GTK_EDITABLE (_gq_devtools_get_part (f->devtools, "query_filter")), "");
  g_signal_emit_by_name (_gq_devtools_get_part (f->devtools, "query_filter"), "search-changed");
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 2);

  /* Sort by key, then descending. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (_gq_devtools_get_part (f->devtools, "sort_dropdown")), 1);
  settle (f);
  g_assert_cmpstr (gq_devtools_query_item_get_hash (row (f, 0)), ==, "[\"todos\",1]");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (_gq_devtools_get_part (f->devtools, "order_button")), TRUE);
  settle (f);
  g_assert_cmpstr (gq_devtools_query_item_get_hash (row (f, 0)), ==, "[\"todos\",2]");
  /* Last updated, newest first; reversed: oldest first. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (_gq_devtools_get_part (f->devtools, "sort_dropdown")), 2);
  settle (f);
  g_assert_cmpstr (gq_devtools_query_item_get_hash (row (f, 0)), ==, "[\"todos\",2]");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (_gq_devtools_get_part (f->devtools, "order_button")), FALSE);
  settle (f);
  g_assert_cmpstr (gq_devtools_query_item_get_hash (row (f, 0)), ==, "[\"todos\",1]");

  gq_query_client_remove_queries (f->env.client, filters);
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpuint (count (f, GQ_DEVTOOLS_STATUS_INACTIVE), ==, 0);

  unobserve (a);
  settle (f);
  g_assert_cmpint (status_of_row (f, "[\"todos\",1]"), ==, GQ_DEVTOOLS_STATUS_INACTIVE);
}

static void
test_hide_disabled (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) key = gq_test_json ("[\"disabled\"]");
  g_autoptr(GqQueryOptions) options = gq_test_options_new (key, f->fetcher);
  g_autoptr(GqQueryObserver) observer = NULL;
  GqQueryObserver *enabled = observe (f, "[\"enabled\"]", 0);

  gq_query_options_set_enabled (options, FALSE);
  observer = gq_query_observer_new (f->env.client, options);
  gq_query_observer_subscribe (observer);
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 2);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (_gq_devtools_get_part (f->devtools, "hide_disabled_button")), TRUE);
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpstr (gq_devtools_query_item_get_hash (row (f, 0)), ==, "[\"enabled\"]");

  gq_query_observer_unsubscribe (observer);
  unobserve (enabled);
  advance (f, 100);
}

/* Each action changes the query as TanStack's devtools do. */
static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  GqQueryObserver *observer = observe (f, "[\"item\",1]", GQ_TIME_INFINITE);
  GqQuery *query;
  GqQueryState *state;
  g_autofree char *shot = NULL;

  advance (f, 100);
  query = query_of (f, "[\"item\",1]");
  gq_devtools_select_query (f->devtools, "[\"item\",1]");
  settle (f);
  g_assert_cmpuint (f->fetcher->calls, ==, 1);

  /* Refetch: query.fetch (). */
  click (f, "refetch_button");
  g_assert_cmpstr (last_action (f), ==, "REFETCH");
  g_assert_cmpuint (f->fetcher->calls, ==, 2);
  g_assert_cmpint (gq_query_get_fetch_reason (query), ==, GQ_FETCH_REASON_MANUAL);
  g_assert_false (gtk_widget_is_sensitive (_gq_devtools_get_part (f->devtools, "refetch_button")));
  advance (f, 100);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "2");

  /* Invalidate: invalidateQueries ({queryKey, exact}); observed, so it
   * refetches. */
  click (f, "invalidate_button");
  g_assert_cmpstr (last_action (f), ==, "INVALIDATE");
  g_assert_true (gq_query_state_get_is_invalidated (gq_query_get_state (query)));
  g_assert_cmpint (gq_query_get_fetch_reason (query), ==, GQ_FETCH_REASON_INVALIDATE);
  advance (f, 100);
  g_assert_cmpuint (f->fetcher->calls, ==, 3);
  g_assert_false (gq_query_state_get_is_invalidated (gq_query_get_state (query)));

  /* Trigger Loading: pending without data, a fetch that never settles. */
  click (f, "loading_button");
  g_assert_cmpstr (last_action (f), ==, "TRIGGER_LOADING");
  state = gq_query_get_state (query);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (_gq_devtools_get_part (f->devtools, "loading_button"))),
                   ==, "Restore _Loading");
  advance (f, 10000);
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpuint (f->fetcher->calls, ==, 3);
  shot = gq_test_gtk_screenshot (GTK_WIDGET (f->window), "devtools-trigger-loading");
  g_test_message ("screenshot: %s", shot);

  /* Restore Loading: idle again, then a fetch with the saved options. */
  click (f, "loading_button");
  g_assert_cmpstr (last_action (f), ==, "RESTORE_LOADING");
  g_assert_cmpuint (f->fetcher->calls, ==, 4);
  advance (f, 100);
  state = gq_query_get_state (query);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_SUCCESS);
  gq_assert_json (gq_query_state_get_data (state), "4");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (_gq_devtools_get_part (f->devtools, "loading_button"))),
                   ==, "Trigger _Loading");

  /* Trigger Error: error without data; Restore Error resets (by prefix). */
  click (f, "error_button");
  g_assert_cmpstr (last_action (f), ==, "TRIGGER_ERROR");
  state = gq_query_get_state (query);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_cmpstr (gq_query_state_get_error (state)->message, ==, "Unknown error from devtools");
  g_assert_cmpstr (_gq_devtools_get_field (f->devtools, "Error"), ==, "Unknown error from devtools");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (_gq_devtools_get_part (f->devtools, "error_button"))),
                   ==, "Restore Err_or");
  g_clear_pointer (&shot, g_free);
  shot = gq_test_gtk_screenshot (GTK_WIDGET (f->window), "devtools-trigger-error");

  click (f, "error_button");
  g_assert_cmpstr (last_action (f), ==, "RESTORE_ERROR");
  state = gq_query_get_state (query);
  g_assert_null (gq_query_state_get_error (state));
  g_assert_cmpint (gq_query_get_fetch_reason (query), ==, GQ_FETCH_REASON_RESET);
  advance (f, 100);
  gq_assert_json (gq_query_state_get_data (gq_query_get_state (query)), "5");

  /* Reset: back to the initial state, refetched as it is observed. */
  click (f, "reset_button");
  g_assert_cmpstr (last_action (f), ==, "RESET");
  state = gq_query_get_state (query);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 0);
  advance (f, 100);
  g_assert_cmpuint (f->fetcher->calls, ==, 6);

  /* Remove: out of the cache and of the list, nothing selected. */
  click (f, "remove_button");
  g_assert_cmpstr (last_action (f), ==, "REMOVE");
  g_assert_null (query_of (f, "[\"item\",1]"));
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_null (gq_devtools_get_selected_query (f->devtools));

  unobserve (observer);
  settle (f);
}

/* The online switch pauses a fetch and resumes it. */
static void
test_online_switch (Fixture       *f,
                    gconstpointer  data)
{
  GtkSwitch *online = GTK_SWITCH (_gq_devtools_get_part (f->devtools, "online_switch"));
  GqQueryObserver *observer;
  GqQuery *query;

  gq_online_manager_set_online (f->env.online, TRUE);
  settle (f);
  g_assert_true (gtk_switch_get_active (online));

  gtk_switch_set_active (online, FALSE);
  settle (f);
  g_assert_false (gq_online_manager_is_online (f->env.online));
  g_assert_false (gtk_switch_get_active (online));

  observer = observe (f, "[\"offline\"]", 0);
  settle (f);
  query = query_of (f, "[\"offline\"]");
  g_assert_cmpint (gq_query_state_get_fetch_status (gq_query_get_state (query)), ==, GQ_FETCH_STATUS_PAUSED);
  g_assert_cmpint (status_of_row (f, "[\"offline\"]"), ==, GQ_DEVTOOLS_STATUS_PAUSED);
  g_assert_cmpuint (count (f, GQ_DEVTOOLS_STATUS_PAUSED), ==, 1);
  g_assert_cmpuint (f->fetcher->calls, ==, 0);

  gtk_switch_set_active (online, TRUE);
  settle (f);
  g_assert_true (gq_online_manager_is_online (f->env.online));
  g_assert_cmpint (status_of_row (f, "[\"offline\"]"), ==, GQ_DEVTOOLS_STATUS_FETCHING);
  g_assert_cmpuint (f->fetcher->calls, ==, 1);
  advance (f, 100);
  g_assert_cmpint (gq_query_state_get_status (gq_query_get_state (query)), ==, GQ_QUERY_STATUS_SUCCESS);

  /* The switch follows the manager when something else changes it. */
  gq_online_manager_set_online (f->env.online, FALSE);
  settle (f);
  g_assert_false (gtk_switch_get_active (online));
  gq_online_manager_set_online (f->env.online, TRUE);
  settle (f);

  unobserve (observer);
  settle (f);
}

static GqDevtoolsJsonItem *
data_row (Fixture *f,
          guint    position)
{
  GListModel *rows = _gq_devtools_get_data_rows (f->devtools);
  g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, position);
  g_autoptr(GqDevtoolsJsonItem) item = NULL;

  g_assert_nonnull (tree_row);
  item = gtk_tree_list_row_get_item (tree_row);
  return item;
}

static GqDevtoolsJsonItem *
data_row_labelled (Fixture    *f,
                   const char *label)
{
  GListModel *rows = _gq_devtools_get_data_rows (f->devtools);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    if (g_str_equal (gq_devtools_json_item_get_label (data_row (f, i)), label))
      return data_row (f, i);

  g_assert_not_reached ();
}

static void
expand_data_row (Fixture *f,
                 guint    position)
{
  g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (_gq_devtools_get_data_rows (f->devtools), position);

  gtk_tree_list_row_set_expanded (tree_row, TRUE);
}

static void
test_secrets_masked (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) key = gq_test_json ("[\"session\"]");
  g_autoptr(JsonNode) mutation_key = gq_test_json ("[\"login\"]");
  g_autoptr(GqTestMutator) mutator = gq_test_mutator_new (&f->env);
  g_autoptr(GqMutationOptions) mutation_options = NULL;
  g_autoptr(GqMutationObserver) mutation = NULL;
  g_autoptr(GqQueryState) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) variables = NULL;
  GdkContentProvider *content;
  GValue value = G_VALUE_INIT;
  GqDevtoolsJsonItem *item;
  g_autofree char *summary = NULL;
  g_autofree char *mutation_text = NULL;
  g_autofree char *shot = NULL;
  const char *copied;

  gq_test_set_data (&f->env, key,
                    "{\"user\":\"ada\",\"token\":\"t0k3n\",\"auth\":{\"password\":\"hunter2\","
                    "\"api_key\":\"k3y\",\"Authorization\":\"Bearer abc.def\"},\"note\":\"ok\"}");
  gq_devtools_select_query (f->devtools, "[\"session\"]");
  settle (f);

  item = data_row_labelled (f, "token");
  summary = gq_devtools_json_item_dup_summary (item);
  g_assert_cmpstr (summary, ==, GQ_DEVTOOLS_MASK);
  g_assert_false (gq_devtools_json_item_is_expandable (item));
  g_clear_pointer (&summary, g_free);
  summary = gq_devtools_json_item_dup_summary (data_row_labelled (f, "user"));
  g_assert_cmpstr (summary, ==, "\"ada\"");

  for (guint i = 0; i < g_list_model_get_n_items (_gq_devtools_get_data_rows (f->devtools)); i++)
    if (g_str_equal (gq_devtools_json_item_get_label (data_row (f, i)), "auth"))
      expand_data_row (f, i);
  settle (f);
  g_clear_pointer (&summary, g_free);
  summary = gq_devtools_json_item_dup_summary (data_row_labelled (f, "password"));
  g_assert_cmpstr (summary, ==, GQ_DEVTOOLS_MASK);
  g_clear_pointer (&summary, g_free);
  summary = gq_devtools_json_item_dup_summary (data_row_labelled (f, "Authorization"));
  g_assert_cmpstr (summary, ==, GQ_DEVTOOLS_MASK);
  g_clear_pointer (&summary, g_free);
  summary = gq_devtools_json_item_dup_summary (data_row_labelled (f, "api_key"));
  g_assert_cmpstr (summary, ==, GQ_DEVTOOLS_MASK);

  /* Copy as JSON: masked too. */
  click (f, "copy_button");
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (f->devtools)));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  copied = g_value_get_string (&value);
  g_assert_nonnull (strstr (copied, "\"user\" : \"ada\""));
  g_assert_null (strstr (copied, "t0k3n"));
  g_assert_null (strstr (copied, "hunter2"));
  g_assert_null (strstr (copied, "k3y"));
  g_assert_null (strstr (copied, "abc.def"));
  g_assert_nonnull (strstr (copied, "\"password\" : \"" GQ_DEVTOOLS_MASK "\""));
  g_value_unset (&value);

  g_clear_pointer (&shot, g_free);
  shot = gq_test_gtk_screenshot (GTK_WIDGET (f->window), "devtools-secrets");

  /* An error message with an Authorization header. */
  state = gq_query_state_copy (gq_query_get_state (query_of (f, "[\"session\"]")));
  error = g_error_new_literal (GQ_ERROR, GQ_ERROR_FAILED,
                               "401 for GET /me with Authorization: Bearer s3cr3t; body {\"access_token\": \"zz9\"}");
  gq_query_state_set_error (state, error);
  gq_query_state_set_status (state, GQ_QUERY_STATUS_ERROR);
  gq_query_set_state (query_of (f, "[\"session\"]"), state);
  settle (f);
  g_assert_null (strstr (_gq_devtools_get_field (f->devtools, "Error"), "s3cr3t"));
  g_assert_null (strstr (_gq_devtools_get_field (f->devtools, "Error"), "zz9"));
  g_assert_nonnull (strstr (_gq_devtools_get_field (f->devtools, "Error"), "401 for GET /me"));

  /* Mutation variables. */
  mutation_options = gq_test_mutation_options_new (mutation_key, mutator);
  mutation = gq_mutation_observer_new (f->env.client, mutation_options);
  variables = gq_test_json ("{\"name\":\"ada\",\"password\":\"hunter2\"}");
  gq_mutation_observer_mutate (mutation, variables, NULL, NULL, NULL);
  settle (f);
  g_assert_cmpuint (g_list_model_get_n_items (_gq_devtools_get_mutation_rows (f->devtools)), ==, 1);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (
    GTK_LIST_VIEW (_gq_devtools_get_part (f->devtools, "mutation_list")))), 0);
  gtk_stack_set_visible_child_name (GTK_STACK (_gq_devtools_get_part (f->devtools, "stack")), "mutations");
  settle (f);
  mutation_text = g_strdup (gtk_label_get_text (GTK_LABEL (_gq_devtools_get_part (f->devtools, "mutation_details"))));
  g_assert_nonnull (strstr (mutation_text, "\"name\" : \"ada\""));
  g_assert_null (strstr (mutation_text, "hunter2"));
  g_assert_nonnull (strstr (mutation_text, "[\n  \"login\"\n]"));
  g_clear_pointer (&shot, g_free);
  shot = gq_test_gtk_screenshot (GTK_WIDGET (f->window), "devtools-mutations");
}

/* A 10 000-item array opens lazily: only the rows shown are created. */
static void
test_json_tree_lazy (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) key = gq_test_json ("[\"big\"]");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) big = NULL;
  GListModel *rows;
  guint created;
  gint64 start;
  g_autofree char *shot = NULL;

  json_builder_begin_array (builder);
  for (int i = 0; i < 10000; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, i);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, "an item");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  big = json_builder_get_root (builder);
  json_node_unref (gq_query_client_set_query_data (f->env.client, key, big, 0));
  settle (f);

  created = gq_devtools_json_items_created ();
  start = g_get_monotonic_time ();
  gq_devtools_select_query (f->devtools, "[\"big\"]");
  settle (f);
  g_test_message ("data tree of 10000 items shown in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  rows = _gq_devtools_get_data_rows (f->devtools);
  /* The root and its hundred ranges [0…99] … [9900…9999]. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 101);
  g_assert_cmpstr (gq_devtools_json_item_get_label (data_row (f, 1)), ==, "[0…99]");
  g_assert_cmpstr (gq_devtools_json_item_get_label (data_row (f, 100)), ==, "[9900…9999]");
  g_assert_cmpuint (gq_devtools_json_items_created () - created, <=, 101);

  expand_data_row (f, 2);
  settle (f);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 201);
  g_assert_cmpstr (gq_devtools_json_item_get_label (data_row (f, 3)), ==, "100");
  g_assert_cmpuint (gq_devtools_json_items_created () - created, <=, 201);

  expand_data_row (f, 3);
  settle (f);
  g_assert_cmpstr (gq_devtools_json_item_get_label (data_row (f, 4)), ==, "id");
  g_assert_cmpuint (gq_devtools_json_items_created () - created, <=, 203);

  shot = gq_test_gtk_screenshot (GTK_WIDGET (f->window), "devtools-json-tree");
}

static gboolean
has_event (Fixture    *f,
           const char *hash,
           const char *kind,
           const char *detail)
{
  GListModel *rows = _gq_devtools_get_timeline_rows (f->devtools);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GqDevtoolsEvent) event = g_list_model_get_item (rows, i);

      if (g_strcmp0 (gq_devtools_event_get_hash (event), hash) == 0 &&
          g_strcmp0 (gq_devtools_event_get_kind (event), kind) == 0 &&
          (detail == NULL || g_strcmp0 (gq_devtools_event_get_detail (event), detail) == 0))
        return TRUE;
    }

  return FALSE;
}

static void
test_timeline (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) key = gq_test_json ("[\"timeline\"]");
  g_autoptr(JsonNode) gone_key = gq_test_json ("[\"gone\"]");
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);
  g_autoptr(GqQueryOptions) gone_options = gq_test_options_new (gone_key, f->fetcher);
  GqQueryObserver *observer;
  GqTestAsync async = { 0 };
  g_autofree char *shot = NULL;

  f->fetcher->data = gq_test_json ("{\"same\":true}");
  observer = observe (f, "[\"timeline\"]", 0);
  advance (f, 100);
  g_assert_true (has_event (f, "[\"timeline\"]", "added", NULL));
  g_assert_true (has_event (f, "[\"timeline\"]", "fetch", "mount"));
  g_assert_true (has_event (f, "[\"timeline\"]", "success", NULL));

  gq_focus_manager_set_focused (f->env.focus, FALSE);
  gq_focus_manager_set_focused (f->env.focus, TRUE);
  advance (f, 100);
  g_assert_true (has_event (f, "[\"timeline\"]", "fetch", "focus"));
  /* Equal data: structural sharing kept the old nodes. */
  g_assert_true (has_event (f, "[\"timeline\"]", "unchanged", NULL));

  gq_query_client_invalidate_queries (f->env.client, filters);
  advance (f, 100);
  g_assert_true (has_event (f, "[\"timeline\"]", "fetch", "invalidate"));

  gq_online_manager_set_online (f->env.online, FALSE);
  gq_online_manager_set_online (f->env.online, TRUE);
  advance (f, 100);
  g_assert_true (has_event (f, "[\"timeline\"]", "fetch", "reconnect"));

  f->fetcher->fail_always = TRUE;
  gq_query_observer_refetch (observer);
  settle (f);
  g_assert_true (has_event (f, "[\"timeline\"]", "fetch", "manual"));
  for (int i = 0; i < 10; i++)
    advance (f, 1000);
  g_assert_true (has_event (f, "[\"timeline\"]", "error", "failure 8"));

  /* A prefetched query no one observes goes after its gc time. */
  gq_query_options_set_gc_time (gone_options, 500);
  gq_query_client_prefetch_query_async (f->env.client, gone_options, NULL, gq_test_async_callback, &async);
  advance (f, 100);
  gq_test_await (&f->env, &async);
  gq_test_async_clear (&async);
  g_assert_true (has_event (f, "[\"gone\"]", "fetch", "manual"));
  advance (f, 500);
  g_assert_true (has_event (f, "[\"gone\"]", "gc", NULL));

  /* Filtered by query. */
  gtk_editable_set_text (GTK_EDITABLE (_gq_devtools_get_part (f->devtools, "timeline_filter")), "gone");
  g_signal_emit_by_name (_gq_devtools_get_part (f->devtools, "timeline_filter"), "search-changed");
  settle (f);
  g_assert_false (has_event (f, "[\"timeline\"]", "fetch", "mount"));
  g_assert_true (has_event (f, "[\"gone\"]", "gc", NULL));
  gtk_editable_set_text (GTK_EDITABLE (_gq_devtools_get_part (f->devtools, "timeline_filter")), "");
  g_signal_emit_by_name (_gq_devtools_get_part (f->devtools, "timeline_filter"), "search-changed");

  gq_devtools_select_query (f->devtools, "[\"timeline\"]");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (_gq_devtools_get_part (f->devtools, "timeline_selected_button")), TRUE);
  gtk_stack_set_visible_child_name (GTK_STACK (_gq_devtools_get_part (f->devtools, "stack")), "timeline");
  settle (f);
  g_assert_true (has_event (f, "[\"timeline\"]", "fetch", "mount"));
  g_assert_false (has_event (f, "[\"gone\"]", "gc", NULL));
  shot = gq_test_gtk_screenshot (GTK_WIDGET (f->window), "devtools-timeline");

  unobserve (observer);
  settle (f);
}

/* Ten thousand queries: the open time, and the longest main-loop stall
 * while they arrive live. Printed, not asserted. */
static void
test_ten_thousand (Fixture       *f,
                   gconstpointer  data)
{
  gint64 start, longest = 0, opened;
  g_autofree char *shot = NULL;

  for (int i = 0; i < 10000; i++)
    {
      g_autofree char *text = g_strdup_printf ("[\"bulk\",%d]", i);
      g_autoptr(JsonNode) key = gq_test_json (text);

      gq_test_set_data (&f->env, key, "{\"done\":false}");
    }

  start = g_get_monotonic_time ();
  open_devtools (f);
  settle (f);
  opened = g_get_monotonic_time () - start;
  g_assert_cmpuint (n_rows (f), ==, 10000);
  g_test_message ("devtools opened on 10000 queries in %.1f ms", opened / 1000.0);

  /* Live: another 10 000 queries arrive while the window shows. */
  for (int i = 0; i < 10000; i++)
    {
      g_autofree char *text = g_strdup_printf ("[\"live\",%d]", i);
      g_autoptr(JsonNode) key = gq_test_json (text);

      gq_test_set_data (&f->env, key, "{\"done\":true}");
    }
  while (_gq_devtools_has_pending (f->devtools) || g_main_context_pending (NULL))
    {
      gint64 before = g_get_monotonic_time ();

      g_main_context_iteration (NULL, FALSE);
      longest = MAX (longest, g_get_monotonic_time () - before);
    }
  gq_test_gtk_settle ();
  g_assert_cmpuint (n_rows (f), ==, 20000);
  g_test_message ("10000 queries added live: longest main-loop iteration %.1f ms",
                  longest / 1000.0);

  /* One update to each of 100 queries, applied in one batch. */
  start = g_get_monotonic_time ();
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *text = g_strdup_printf ("[\"live\",%d]", i);
      g_autoptr(JsonNode) key = gq_test_json (text);

      gq_test_set_data (&f->env, key, "{\"done\":false}");
    }
  settle (f);
  g_test_message ("100 live updates among 20000 queries applied in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  shot = gq_test_gtk_screenshot (GTK_WIDGET (f->window), "devtools-10000");
  gq_query_client_clear (f->env.client);
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 0);
}

static gboolean
window_of_app (gpointer data)
{
  return gtk_application_get_windows (data) != NULL;
}

static void
test_install (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GtkApplication) app = gtk_application_new ("org.gnome.gquery.DevtoolsTest",
                                                       G_APPLICATION_NON_UNIQUE);
  g_auto(GStrv) accels = NULL;
  GdkModifierType mods = 0;
  guint keyval = 0;
  GtkWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  gq_devtools_install (app, f->env.client);

  accels = gtk_application_get_accels_for_action (app, "app.gquery-devtools");
  g_assert_cmpuint (g_strv_length (accels), ==, 1);
  g_assert_true (gtk_accelerator_parse (accels[0], &keyval, &mods));
  g_assert_cmpuint (keyval, ==, GDK_KEY_d);
  g_assert_cmpuint (mods, ==, GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  g_action_group_activate_action (G_ACTION_GROUP (app), "gquery-devtools", NULL);
  g_assert_true (gq_test_gtk_wait_until (window_of_app, app, 2000));
  window = gtk_application_get_windows (app)->data;
  g_assert_true (GQ_IS_DEVTOOLS_WINDOW (window));
  g_assert_true (gq_devtools_get_client (gq_devtools_window_get_devtools (GQ_DEVTOOLS_WINDOW (window))) ==
                 f->env.client);

  /* Again while it is shown: the same window, raised or closed. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "gquery-devtools", NULL);
  gq_test_gtk_settle ();
  if (gtk_application_get_windows (app) != NULL)
    {
      g_assert_true (gtk_application_get_windows (app)->data == window);
      gq_test_gtk_destroy_window (window);
    }
  g_assert_null (gtk_application_get_windows (app));
  gq_test_gtk_settle ();

  /* The action holds the client; a registered application may outlive
   * the test. */
  g_action_map_remove_action (G_ACTION_MAP (app), "gquery-devtools");
}

/* Compact: the devtools fit a pane of 520 pixels beside an app's content,
 * counters under the switcher and details under the list; and back. */
static void
test_compact (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *counters = _gq_devtools_get_part (f->devtools, "counters");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *devtools = gq_devtools_new (f->env.client);
  GqQueryObserver *observer = observe (f, "[\"todos\",{\"page\":1,\"filter\":\"a rather long filter value\"}]", 0);
  GtkWidget *compact_counters = _gq_devtools_get_part (GQ_DEVTOOLS (devtools), "counters");
  int minimum;

  g_assert_false (gq_devtools_get_compact (f->devtools));
  gtk_widget_measure (GTK_WIDGET (f->devtools), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, >, 520);
  g_assert_true (gtk_widget_get_parent (counters) == _gq_devtools_get_part (f->devtools, "toolbar"));

  g_object_set (devtools, "compact", TRUE, NULL);
  g_assert_true (gq_devtools_get_compact (GQ_DEVTOOLS (devtools)));
  gtk_widget_measure (devtools, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 520);
  g_assert_true (gtk_widget_get_parent (compact_counters) == _gq_devtools_get_part (GQ_DEVTOOLS (devtools), "counters_row"));
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (_gq_devtools_get_part (GQ_DEVTOOLS (devtools), "queries_paned"))),
                   ==, GTK_ORIENTATION_VERTICAL);

  gtk_window_set_child (GTK_WINDOW (window), devtools);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 640);
  gq_test_gtk_show_window (GTK_WINDOW (window));
  settle (f);
  g_assert_cmpint (gtk_widget_get_width (devtools), ==, 520);
  g_free (gq_test_gtk_screenshot (window, "devtools-compact"));

  gq_devtools_set_compact (GQ_DEVTOOLS (devtools), FALSE);
  g_assert_true (gtk_widget_get_parent (compact_counters) == _gq_devtools_get_part (GQ_DEVTOOLS (devtools), "toolbar"));
  g_assert_true (gtk_widget_get_prev_sibling (compact_counters) ==
                 gtk_widget_get_first_child (_gq_devtools_get_part (GQ_DEVTOOLS (devtools), "toolbar")));
  g_assert_false (gtk_widget_get_visible (_gq_devtools_get_part (GQ_DEVTOOLS (devtools), "counters_row")));

  gq_test_gtk_destroy_window (GTK_WINDOW (window));
  unobserve (observer);
  settle (f);
}

int
main (int   argc,
      char *argv[])
{
  gq_test_gtk_init (&argc, &argv);

#define ADD(path, func, data) \
  g_test_add ("/GqGtk/Devtools/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("live-list", test_live_list, NULL);
  ADD ("hide-disabled", test_hide_disabled, NULL);
  ADD ("actions", test_actions, NULL);
  ADD ("online-switch", test_online_switch, NULL);
  ADD ("secrets-masked", test_secrets_masked, NULL);
  ADD ("json-tree-lazy", test_json_tree_lazy, NULL);
  ADD ("timeline", test_timeline, NULL);
  ADD ("compact", test_compact, NULL);
  ADD ("ten-thousand", test_ten_thousand, "no-window");
  ADD ("install", test_install, "no-window");

#undef ADD

  return g_test_run ();
}
