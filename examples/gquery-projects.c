/* gquery-projects.c: a query over the demo server, printed.
 *
 * Start the server first (`gquery-demo-server`), then
 *
 *   cc gquery-projects.c $(pkg-config --cflags --libs gquery-1) -o gquery-projects
 *   ./gquery-projects http://127.0.0.1:3000
 *
 * A GqRestSource installed on the client is the default query function: the
 * key ["projects", {"_limit": 5, "_sort": "name"}] is
 * GET <url>/projects?_limit=5&_sort=name.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gquery.h>

static void
on_changed (GqQueryObserver *observer,
            GqQueryResult   *result,
            GMainLoop       *loop)
{
  JsonNode *data = gq_query_result_get_data (result);
  const GError *error = gq_query_result_get_error (result);

  if (gq_query_result_get_is_pending (result) && error == NULL)
    {
      g_print ("loading...\n");
      return;
    }

  if (error != NULL)
    {
      g_printerr ("Could not load the projects: %s\n", error->message);
      g_main_loop_quit (loop);
      return;
    }

  if (gq_query_result_get_is_fetching (result))
    return;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (data)); i++)
    {
      JsonObject *project = json_array_get_object_element (json_node_get_array (data), i);

      g_print ("%4" G_GINT64_FORMAT "  %s\n",
               json_object_get_int_member (project, "id"),
               json_object_get_string_member (project, "name"));
    }

  g_main_loop_quit (loop);
}

int
main (int   argc,
      char *argv[])
{
  const char *url = argc > 1 ? argv[1] : "http://127.0.0.1:3000";
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GqQueryClient) client = gq_query_client_new ();
  g_autoptr(GqRestSource) source = gq_rest_source_new (url);
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(GError) error = NULL;

  key = gq_key_parse ("[\"projects\", {\"_limit\": 5, \"_sort\": \"name\"}]", &error);
  g_assert_no_error (error);

  /* The default query function and retry rules of every query. */
  gq_rest_source_install (source, client);

  options = gq_query_options_new (key);
  gq_query_options_set_retry (options, 1);
  gq_query_options_set_network_mode (options, GQ_NETWORK_MODE_ALWAYS);   /* loopback */

  observer = gq_query_observer_new (client, options);
  g_signal_connect (observer, "changed", G_CALLBACK (on_changed), loop);
  gq_query_observer_subscribe (observer);   /* mounts: no data yet, so it fetches */

  g_main_loop_run (loop);

  result = gq_query_observer_get_current_result (observer);
  gq_query_observer_unsubscribe (observer);

  return gq_query_result_get_is_success (result) ? 0 : 1;
}
