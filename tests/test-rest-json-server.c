/* test-rest-json-server.c: GqRestSource against the real json-server 0.17.4
 * (from npm, see build-aux/install-json-server.sh), started by the test on a
 * db file the test writes: list, page through with Link, create, update,
 * delete
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "gq-test-http.h"


#define DB_JSON \
  "{\n" \
  "  \"todos\": [\n" \
  "    {\"id\": 1, \"title\": \"Buy milk\", \"done\": false},\n" \
  "    {\"id\": 2, \"title\": \"Walk the dog\", \"done\": true},\n" \
  "    {\"id\": 3, \"title\": \"Write tests\", \"done\": false},\n" \
  "    {\"id\": 4, \"title\": \"Read mail\", \"done\": true},\n" \
  "    {\"id\": 5, \"title\": \"Water plants\", \"done\": false}\n" \
  "  ],\n" \
  "  \"notes\": [\n" \
  "    {\"id\": 1, \"text\": \"first\", \"meta\": {\"lang\": \"en\", \"x\": 0}}\n" \
  "  ]\n" \
  "}\n"

typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *db_path;
  char        *base_uri;
} JsonServer;

static JsonServer json_server;

/* ---- the server -------------------------------------------------------- */

static void
die_with_parent (gpointer user_data)
{
  /* A test that aborts must not leave node running. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  g_socket_close (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

typedef struct
{
  gboolean  done;
  JsonNode *data;
  GError   *error;
} Reply;

static void
on_reply (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *reply = user_data;

  reply->data = gq_rest_source_request_finish (GQ_REST_SOURCE (object), result, &reply->error);
  reply->done = TRUE;
}

/* One request, waited for on the main loop. */
static JsonNode *
request (GqRestSource  *source,
         const char    *method,
         const char    *key_text,
         const char    *body_text,
         GError       **error)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);
  g_autoptr(JsonNode) body = body_text ? gq_test_json (body_text) : NULL;
  Reply reply = { 0 };

  gq_rest_source_request_async (source, method, key, body, NULL, on_reply, &reply);
  gq_test_http_wait_for (reply.done);

  if (reply.error != NULL)
    g_propagate_error (error, reply.error);

  return reply.data;
}

static gboolean
wake_up (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

static void
json_server_start (const char *program)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GqRestSource) probe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  gint64 deadline = g_get_monotonic_time () + GQ_TEST_HTTP_TIMEOUT;

  json_server.dir = g_dir_make_tmp ("gq-json-server-XXXXXX", &error);
  g_assert_no_error (error);
  json_server.db_path = g_build_filename (json_server.dir, "db.json", NULL);
  g_file_set_contents (json_server.db_path, DB_JSON, -1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, json_server.dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  json_server.process = g_subprocess_launcher_spawn (launcher, &error, program,
                                                     "--host", "127.0.0.1",
                                                     "--port", port,
                                                     "--quiet",
                                                     json_server.db_path,
                                                     NULL);
  g_assert_no_error (error);

  json_server.base_uri = g_strdup_printf ("http://127.0.0.1:%s", port);
  probe = gq_rest_source_new (json_server.base_uri);

  /* Node takes a moment to listen: ask until it answers. */
  for (;;)
    {
      g_autoptr(JsonNode) db = NULL;
      g_autoptr(GError) probe_error = NULL;
      gboolean woken = FALSE;

      db = request (probe, "GET", "[\"db\"]", NULL, &probe_error);
      if (db != NULL)
        break;

      g_assert_error (probe_error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NETWORK);
      g_assert_nonnull (g_subprocess_get_identifier (json_server.process));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);

      g_timeout_add (50, wake_up, &woken);
      gq_test_http_wait_for (woken);
    }
}

static void
json_server_stop (void)
{
  if (json_server.process != NULL)
    {
      g_subprocess_send_signal (json_server.process, SIGTERM);
      g_subprocess_wait (json_server.process, NULL, NULL);
      g_clear_object (&json_server.process);
    }

  if (json_server.db_path != NULL)
    g_unlink (json_server.db_path);
  if (json_server.dir != NULL)
    g_rmdir (json_server.dir);

  g_clear_pointer (&json_server.db_path, g_free);
  g_clear_pointer (&json_server.dir, g_free);
  g_clear_pointer (&json_server.base_uri, g_free);
}

/* ---- fixtures ---------------------------------------------------------- */

typedef struct
{
  GqTestEnv     env;
  GqRestSource *source;
} Fixture;

static gboolean
fixture_init (Fixture *fixture)
{
  if (json_server.process == NULL)
    {
      g_test_skip ("json-server is not installed (build-aux/install-json-server.sh)");
      return FALSE;
    }

  gq_test_env_init (&fixture->env);
  fixture->source = gq_rest_source_new (json_server.base_uri);
  gq_rest_source_install (fixture->source, fixture->env.client);

  return TRUE;
}

static void
fixture_clear (Fixture *fixture)
{
  gq_test_env_clear (&fixture->env);
  g_assert_finalize_object (fixture->source);
}

static gboolean
is_settled (GqQueryObserver *observer)
{
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (observer);

  return gq_query_result_get_fetch_status (result) == GQ_FETCH_STATUS_IDLE &&
         gq_query_result_get_status (result) != GQ_QUERY_STATUS_PENDING;
}

/* The data of a query of @key_text, fetched by an observer with nothing
 * but the key. */
static JsonNode *
query (Fixture    *fixture,
       const char *key_text)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryObserver) observer = gq_query_observer_new (fixture->env.client, options);
  g_autoptr(GqQueryResult) result = NULL;
  JsonNode *data;

  gq_query_observer_subscribe (observer);
  gq_test_http_wait_for (is_settled (observer));
  result = gq_query_observer_get_current_result (observer);
  g_assert_no_error ((GError *) gq_query_result_get_error (result));
  data = json_node_ref (gq_query_result_get_data (result));
  gq_query_observer_unsubscribe (observer);

  return data;
}

static const char *
title_of (JsonNode *todo)
{
  return json_object_get_string_member (json_node_get_object (todo), "title");
}

/* ---- tests -------------------------------------------------------------- */

static void
test_list (void)
{
  Fixture fixture;
  g_autoptr(JsonNode) todos = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) one = NULL;
  JsonArray *array;

  if (!fixture_init (&fixture))
    return;

  todos = query (&fixture, "[\"todos\"]");
  array = json_node_get_array (todos);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  g_assert_cmpstr (title_of (json_array_get_element (array, 0)), ==, "Buy milk");
  g_assert_cmpstr (title_of (json_array_get_element (array, 4)), ==, "Water plants");

  /* Filters and sorting from the key's object. */
  done = query (&fixture, "[\"todos\", {\"done\": true, \"_sort\": \"id\", \"_order\": \"desc\"}]");
  gq_assert_json (done, "[{\"id\": 4, \"title\": \"Read mail\", \"done\": true},"
                        " {\"id\": 2, \"title\": \"Walk the dog\", \"done\": true}]");

  one = query (&fixture, "[\"todos\", 3]");
  gq_assert_json (one, "{\"id\": 3, \"title\": \"Write tests\", \"done\": false}");

  fixture_clear (&fixture);
}

static gboolean
has_pages (GqQueryObserver *observer,
           guint            n_pages)
{
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (observer);
  JsonNode *data = gq_query_result_get_data (result);

  return gq_query_result_get_fetch_status (result) == GQ_FETCH_STATUS_IDLE &&
         data != NULL &&
         json_array_get_length (json_object_get_array_member (json_node_get_object (data), "pages")) == n_pages;
}

static void
test_page_through_with_link (void)
{
  Fixture fixture;
  g_autoptr(JsonNode) key = gq_test_json ("[\"todos\", {\"_sort\": \"id\"}]");
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(GqInfiniteQueryObserver) observer = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GqQueryResult) result = NULL;
  JsonArray *pages;
  guint n_pages = 1;

  if (!fixture_init (&fixture))
    return;

  gq_rest_source_set_page_size (fixture.source, 2);
  options = gq_infinite_query_options_new (key, NULL);
  gq_rest_source_setup_infinite_options (fixture.source, options);
  observer = gq_infinite_query_observer_new (fixture.env.client, options);
  gq_query_observer_subscribe (GQ_QUERY_OBSERVER (observer));
  gq_test_http_wait_for (has_pages (GQ_QUERY_OBSERVER (observer), 1));

  for (;;)
    {
      g_autoptr(GqQueryResult) current = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (observer));

      if (!gq_query_result_get_has_next_page (current))
        break;

      g_assert_cmpuint (n_pages, <, 3);
      gq_infinite_query_observer_fetch_next_page (observer);
      n_pages++;
      gq_test_http_wait_for (has_pages (GQ_QUERY_OBSERVER (observer), n_pages));
    }

  /* Three pages of two, chained by json-server's Link "next". */
  result = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (observer));
  g_assert_no_error ((GError *) gq_query_result_get_error (result));
  pages = json_object_get_array_member (json_node_get_object (gq_query_result_get_data (result)), "pages");
  g_assert_cmpuint (json_array_get_length (pages), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *page = json_array_get_object_element (pages, i);
      JsonArray *items = json_object_get_array_member (page, "items");

      g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 5);
      for (guint j = 0; j < json_array_get_length (items); j++)
        g_string_append_printf (seen, "%s;", title_of (json_array_get_element (items, j)));
    }
  g_assert_cmpstr (seen->str, ==, "Buy milk;Walk the dog;Write tests;Read mail;Water plants;");
  gq_assert_json (json_object_get_member (json_node_get_object (gq_query_result_get_data (result)), "pageParams"),
                  "[1, 2, 3]");

  gq_query_observer_unsubscribe (GQ_QUERY_OBSERVER (observer));
  g_clear_object (&observer);
  g_clear_object (&options);
  g_clear_pointer (&result, gq_query_result_unref);
  fixture_clear (&fixture);
}

/* A mutation through the client: a mutation observer whose options the
 * source set up for @method. */
static JsonNode *
mutate (Fixture     *fixture,
        const char  *method,
        const char  *key_text,
        const char  *variables_text,
        GError     **error)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);
  g_autoptr(JsonNode) variables = variables_text ? gq_test_json (variables_text) : NULL;
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (key);
  g_autoptr(GqMutationObserver) observer = NULL;
  GqTestAsync async = { 0 };
  JsonNode *data;

  gq_rest_source_setup_mutation_options (fixture->source, options, method);
  observer = gq_mutation_observer_new (fixture->env.client, options);
  gq_mutation_observer_mutate_async (observer, variables, NULL, gq_test_async_callback, &async);
  gq_test_http_wait_for (async.done);
  data = gq_mutation_observer_mutate_finish (observer, async.result, error);
  gq_test_async_clear (&async);

  return data;
}

static void
test_create (void)
{
  Fixture fixture;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) fetched = NULL;
  g_autoptr(GError) error = NULL;

  if (!fixture_init (&fixture))
    return;

  created = mutate (&fixture, "POST", "[\"notes\"]", "{\"text\": \"second\"}", &error);
  g_assert_no_error (error);
  gq_assert_json (created, "{\"text\": \"second\", \"id\": 2}");

  fetched = query (&fixture, "[\"notes\", 2]");
  gq_assert_json (fetched, "{\"text\": \"second\", \"id\": 2}");

  fixture_clear (&fixture);
}

static void
test_update (void)
{
  Fixture fixture;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) replaced = NULL;
  g_autoptr(JsonNode) fetched = NULL;
  g_autoptr(GError) error = NULL;

  if (!fixture_init (&fixture))
    return;

  /* PATCH merges shallowly: the nested object is replaced. */
  patched = mutate (&fixture, "PATCH", "[\"notes\"]", "{\"id\": 1, \"meta\": {\"x\": 1}}", &error);
  g_assert_no_error (error);
  gq_assert_json (patched, "{\"id\": 1, \"text\": \"first\", \"meta\": {\"x\": 1}}");

  replaced = mutate (&fixture, "PUT", "[\"notes\", 1]", "{\"text\": \"replaced\"}", &error);
  g_assert_no_error (error);
  gq_assert_json (replaced, "{\"text\": \"replaced\", \"id\": 1}");

  fetched = query (&fixture, "[\"notes\", 1]");
  gq_assert_json (fetched, "{\"text\": \"replaced\", \"id\": 1}");

  fixture_clear (&fixture);
}

static void
test_delete (void)
{
  Fixture fixture;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) gone = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) gone_error = NULL;
  g_autoptr(GError) again_error = NULL;

  if (!fixture_init (&fixture))
    return;

  created = mutate (&fixture, "POST", "[\"notes\"]", "{\"id\": 50, \"text\": \"doomed\"}", &error);
  g_assert_no_error (error);

  deleted = mutate (&fixture, "DELETE", "[\"notes\"]", "50", &error);
  g_assert_no_error (error);
  gq_assert_json (deleted, "{}");

  /* json-server's 404 body is {}: the status speaks. */
  gone = request (fixture.source, "GET", "[\"notes\", 50]", NULL, &gone_error);
  g_assert_null (gone);
  g_assert_error (gone_error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NOT_FOUND);
  g_assert_cmpstr (gone_error->message, ==, "HTTP 404 Not Found");

  again = mutate (&fixture, "DELETE", "[\"notes\", 50]", NULL, &again_error);
  g_assert_null (again);
  g_assert_error (again_error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NOT_FOUND);

  fixture_clear (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  const char *program = g_getenv ("GQ_JSON_SERVER");
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Rest/JsonServer/list", test_list);
  g_test_add_func ("/Gq/Rest/JsonServer/page-through-with-link", test_page_through_with_link);
  g_test_add_func ("/Gq/Rest/JsonServer/create", test_create);
  g_test_add_func ("/Gq/Rest/JsonServer/update", test_update);
  g_test_add_func ("/Gq/Rest/JsonServer/delete", test_delete);

  if (program != NULL && program[0] != '\0' && !g_test_subprocess ())
    json_server_start (program);

  status = g_test_run ();
  json_server_stop ();

  return status;
}
