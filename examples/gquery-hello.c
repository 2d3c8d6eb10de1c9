/* gquery-hello.c: a query over a JSON file, watched by an observer.
 *
 * The query function loads the file asynchronously (a GFile stands in for
 * an HTTP endpoint); the observer reports each state it goes through. Then
 * the program edits the cached data, invalidates it, and watches the
 * refetch bring the file's content back.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gquery.h>

typedef struct
{
  GMainLoop *loop;
  GFile     *file;
  guint      changes;
} Hello;

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GqFetchContext) context = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error) ||
      !(node = gq_json_parse (contents, length, &error)))
    gq_fetch_context_reject (context, error);
  else
    gq_fetch_context_resolve (context, node);
}

static void
load_todos (GqFetchContext *context,
            gpointer        user_data)
{
  Hello *hello = user_data;

  g_file_load_contents_async (hello->file,
                              gq_fetch_context_get_cancellable (context),
                              on_loaded,
                              g_object_ref (context));
}

static JsonNode *
append_todo (JsonNode *previous,
             gpointer  user_data)
{
  g_autoptr(JsonNode) copy = gq_json_copy (previous);
  JsonArray *todos = json_node_get_array (copy);
  JsonObject *todo = json_object_new ();

  json_object_set_int_member (todo, "id", 4);
  json_object_set_string_member (todo, "title", "An optimistic todo");
  json_object_set_boolean_member (todo, "done", FALSE);
  json_array_add_object_element (todos, todo);

  return g_steal_pointer (&copy);
}

static void
on_changed (GqQueryObserver *observer,
            GqQueryResult   *result,
            Hello           *hello)
{
  JsonNode *data = gq_query_result_get_data (result);
  const GError *error = gq_query_result_get_error (result);
  GqQueryClient *client = gq_query_observer_get_client (observer);
  g_autoptr(JsonNode) key = gq_key_new ("todos", NULL);

  g_print ("%-8s %-9s %u todos%s%s\n",
           gq_query_result_get_is_pending (result) ? "pending" :
           gq_query_result_get_is_error (result) ? "error" : "success",
           gq_query_result_get_is_fetching (result) ? "fetching" : "idle",
           data ? json_array_get_length (json_node_get_array (data)) : 0,
           error ? ": " : "",
           error ? error->message : "");

  if (error != NULL)
    {
      g_main_loop_quit (hello->loop);
      return;
    }

  if (gq_query_result_get_is_fetching (result))
    return;

  switch (++hello->changes)
    {
    case 1:
      {
        /* Write into the cache as an optimistic update would... */
        g_autoptr(JsonNode) stored =
          gq_query_client_set_query_data_with_updater (client, key, append_todo, NULL, 0);
      }
      break;

    case 2:
      {
        /* ...then mark it stale: the observer refetches the file. */
        g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);
        gq_query_client_invalidate_queries (client, filters);
      }
      break;

    default:
      if (hello->changes >= 3)
        g_main_loop_quit (hello->loop);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GqQueryClient) client = gq_query_client_new ();
  g_autoptr(JsonNode) key = gq_key_new ("todos", NULL);
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  Hello hello = { 0 };
  JsonNode *data;

  if (argc != 2)
    {
      g_printerr ("Usage: %s FILE.json\n", argv[0]);
      return 2;
    }

  hello.loop = g_main_loop_new (NULL, FALSE);
  hello.file = g_file_new_for_commandline_arg (argv[1]);

  gq_query_options_set_query_func (options, load_todos, &hello, NULL);
  gq_query_options_set_retry (options, 1);
  gq_query_options_set_retry_delay (options, 200);
  /* A local file needs no network: fetch even when the monitor says offline. */
  gq_query_options_set_network_mode (options, GQ_NETWORK_MODE_ALWAYS);

  observer = gq_query_observer_new (client, options);
  g_signal_connect (observer, "changed", G_CALLBACK (on_changed), &hello);
  gq_query_observer_subscribe (observer);

  g_main_loop_run (hello.loop);

  result = gq_query_observer_get_current_result (observer);
  data = gq_query_result_get_data (result);

  gq_query_observer_unsubscribe (observer);
  g_clear_object (&hello.file);
  g_main_loop_unref (hello.loop);

  /* Back to what the file says after the refetch. */
  return gq_query_result_get_is_success (result) &&
         json_array_get_length (json_node_get_array (data)) == 3 ? 0 : 1;
}
