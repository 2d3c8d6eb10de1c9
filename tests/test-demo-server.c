/* test-demo-server.c: the demo REST server over real HTTP on loopback
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "gq-demo-dataset.h"
#include "gq-demo-json.h"
#include "gq-demo-server.h"

/* Servers that change their data are fresh ones of SEED; the shared
 * read-only one has its own seed, so they all reuse one generated
 * dataset (see gq_demo_dataset_borrow). */
#define SEED 42
#define SHARED_SEED 7
#define WAIT_TIMEOUT_SECONDS 120

static SoupSession *session;

/* One server shared by the read-only cases, and the full task list it
 * serves, from which they compute what a query must return. */
static GqDemoServer *shared_server;
static char *shared_base;
static JsonArray *all_tasks;
static JsonArray *all_people;

/* --- waiting through the main loop --------------------------------------- */

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *@done; fails after a generous time. */
static void
wait_for (gboolean *done)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, set_flag, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* For changes made on the server thread, which cannot wake this loop:
 * checks @predicate every 10 ms while the main loop runs. */
static void
wait_until (gboolean (*predicate) (gpointer),
            gpointer  user_data)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, set_flag, &timed_out);
  guint tick_id = g_timeout_add (10, wake_up, NULL);

  while (!predicate (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  g_source_remove (tick_id);
}

/* --- HTTP ------------------------------------------------------------------ */

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
  GError             *error;
  gint64              elapsed_us;
} Response;

static void
response_free (Response *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_error (&response->error);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} SendData;

static void
send_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SendData *data = user_data;

  data->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &data->error);
  data->done = TRUE;
}

/* Sends @method @base@path with @body (JSON unless a Content-Type header
 * says otherwise) and the NULL-terminated header name/value pairs. */
static Response *
http_send (const char *base,
           const char *method,
           const char *path,
           const char *body,
           ...)
{
  g_autofree char *url = g_strconcat (base, path[0] == '/' ? path + 1 : path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *request_headers;
  Response *response = g_new0 (Response, 1);
  SendData data = { 0 };
  gint64 start;
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);

  va_start (args, body);
  while ((name = va_arg (args, const char *)))
    soup_message_headers_replace (request_headers, name, va_arg (args, const char *));
  va_end (args);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      /* Setting the body replaces the header the type string lives in. */
      g_autofree char *type = g_strdup (soup_message_headers_get_one (request_headers, "Content-Type"));

      soup_message_set_request_body_from_bytes (msg, type ? type : "application/json", bytes);
    }

  start = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_done, &data);
  wait_for (&data.done);
  response->elapsed_us = g_get_monotonic_time () - start;

  response->error = data.error;
  if (data.error != NULL)
    return response;

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = data.body;
  if (g_bytes_get_size (data.body) > 0)
    response->json = gq_demo_json_parse (g_bytes_get_data (data.body, NULL),
                                         g_bytes_get_size (data.body), NULL);

  return response;
}

#define GET(base, path) http_send (base, "GET", path, NULL, NULL)

static const char *
header (Response   *response,
        const char *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

static JsonArray *
json_array (Response *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (response->json));
  return json_node_get_array (response->json);
}

static JsonObject *
json_object (Response *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static gint64
record_id (JsonArray *array,
           guint      index)
{
  return json_object_get_int_member (json_array_get_object_element (array, index), "id");
}

/* The ids of a listing, as "1,2,3". */
static char *
ids_of (Response *response)
{
  JsonArray *array = json_array (response);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", record_id (array, i));

  return g_string_free (ids, FALSE);
}

static void
assert_error_body (Response   *response,
                   guint       status,
                   const char *field)
{
  JsonObject *object;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (header (response, "Content-Type"), ==, "application/json; charset=utf-8");
  object = json_object (response);
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, status);
  g_assert_true (json_object_has_member (object, "error"));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), !=, "");
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "field", NULL), ==, field);
}

static guint
total_count (const char *base,
             const char *path_and_query)
{
  g_autoptr(Response) response = GET (base, path_and_query);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_nonnull (header (response, "X-Total-Count"));
  return atoi (header (response, "X-Total-Count"));
}

/* --- servers --------------------------------------------------------------- */

static GqDemoServer *
start_server (guint32      seed,
              const char  *data_file,
              char       **base)
{
  GqDemoServer *server = gq_demo_server_new (seed);
  g_autoptr(GError) error = NULL;

  gq_demo_server_set_data_file (server, data_file);
  g_assert_true (gq_demo_server_start (server, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gq_demo_server_get_port (server), >, 0);
  *base = gq_demo_server_dup_base_uri (server);

  return server;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gq-demo-server-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_temp_dir (char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  g_free (dir);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* --- dataset --------------------------------------------------------------- */

static char *
serialize_dataset (guint32 seed,
                   guint   scale)
{
  g_autoptr(JsonObject) dataset = gq_demo_dataset_generate (seed, scale);
  g_autoptr(JsonNode) node = gq_demo_json_take_object (json_object_ref (dataset));

  return gq_demo_json_serialize (node, NULL);
}

static void
test_dataset_deterministic (void)
{
  g_autofree char *first = serialize_dataset (SEED, 1);
  g_autofree char *second = serialize_dataset (SEED, 1);
  g_autofree char *other = serialize_dataset (SEED + 1, 1);
  g_autofree char *base1 = NULL;
  g_autofree char *base2 = NULL;
  g_autoptr(GqDemoServer) server1 = start_server (SEED, NULL, &base1);
  g_autoptr(GqDemoServer) server2 = start_server (SEED, NULL, &base2);
  g_autoptr(Response) db1 = GET (base1, "/db");
  g_autoptr(Response) db2 = GET (base2, "/db");

  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (first, !=, other);

  /* Over HTTP too: the same seed serves the same bytes. */
  g_assert_cmpuint (db1->status, ==, 200);
  g_assert_true (g_bytes_equal (db1->body, db2->body));
  g_assert_cmpstr (g_bytes_get_data (db1->body, NULL), ==, first);
}

static void
test_dataset_counts (void)
{
  g_autoptr(Response) root = GET (shared_base, "/");
  const char *names[] = { "people", "projects", "tasks", "comments" };
  const gint64 counts[] = { 500, 200, 10000, 5000 };
  JsonArray *collections;
  gint64 total = 0;

  g_assert_cmpuint (root->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object (root), "name"), ==, "gquery-demo-server");
  collections = json_object_get_array_member (json_object (root), "collections");
  g_assert_cmpuint (json_array_get_length (collections), ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      JsonObject *entry = json_array_get_object_element (collections, i);
      g_autofree char *url = g_strconcat (shared_base, names[i], NULL);

      g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, names[i]);
      g_assert_cmpint (json_object_get_int_member (entry, "count"), ==, counts[i]);
      g_assert_cmpstr (json_object_get_string_member (entry, "url"), ==, url);
      total += json_object_get_int_member (entry, "count");
    }

  g_assert_cmpint (total, >=, 10000);
  g_assert_cmpuint (json_array_get_length (all_tasks), ==, 10000);
}

static void
test_dataset_scale (void)
{
  g_autoptr(GqDemoServer) server = gq_demo_server_new (SEED);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  gq_demo_server_set_scale (server, 2);
  g_assert_true (gq_demo_server_start (server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  base = gq_demo_server_dup_base_uri (server);

  g_assert_cmpuint (total_count (base, "/people?_limit=1"), ==, 1000);
  g_assert_cmpuint (total_count (base, "/projects?_limit=1"), ==, 400);
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 20000);
  g_assert_cmpuint (total_count (base, "/comments?_limit=1"), ==, 10000);
}

/* Every task has each kind of field, and its references resolve. */
static void
test_dataset_field_types (void)
{
  guint nulls = 0;

  for (guint i = 0; i < json_array_get_length (all_tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (all_tasks, i);
      JsonObject *estimate = json_object_get_object_member (task, "estimate");
      JsonNode *assignee = json_object_get_member (task, "assigneeId");
      g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (json_object_get_string_member (task, "createdAt"), NULL);
      gint64 project = json_object_get_int_member (task, "projectId");

      g_assert_cmpint (json_object_get_int_member (task, "id"), ==, i + 1);
      g_assert_cmpint (project, >=, 1);
      g_assert_cmpint (project, <=, 200);
      g_assert_cmpuint (json_node_get_value_type (json_object_get_member (task, "title")), ==, G_TYPE_STRING);
      g_assert_cmpuint (json_node_get_value_type (json_object_get_member (task, "done")), ==, G_TYPE_BOOLEAN);
      g_assert_cmpint (json_object_get_int_member (task, "priority"), >=, 1);
      g_assert_cmpint (json_object_get_int_member (task, "priority"), <=, 5);
      g_assert_nonnull (created);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (task, "tags")));
      g_assert_cmpuint (json_node_get_value_type (json_object_get_member (estimate, "hours")), ==, G_TYPE_DOUBLE);
      if (JSON_NODE_HOLDS_NULL (assignee))
        nulls++;
      else
        g_assert_cmpint (json_node_get_int (assignee), <=, 500);
    }

  /* About one task in ten has nobody assigned. */
  g_assert_cmpuint (nulls, >, 500);
  g_assert_cmpuint (nulls, <, 1500);
}

/* --- listings: pagination -------------------------------------------------- */

static char *
link_to (const char *query,
         const char *rel)
{
  return g_strdup_printf ("<%stasks?%s>; rel=\"%s\"", shared_base, query, rel);
}

static void
test_page_and_limit (void)
{
  g_autoptr(Response) response = GET (shared_base, "/tasks?_page=2&_limit=3");
  g_autofree char *ids = ids_of (response);
  g_autofree char *first = link_to ("_page=1&_limit=3", "first");
  g_autofree char *prev = link_to ("_page=1&_limit=3", "prev");
  g_autofree char *next = link_to ("_page=3&_limit=3", "next");
  g_autofree char *last = link_to ("_page=3334&_limit=3", "last");
  g_autofree char *expected = g_strjoin (", ", first, prev, next, last, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (ids, ==, "4,5,6");
  g_assert_cmpstr (header (response, "X-Total-Count"), ==, "10000");
  g_assert_cmpstr (header (response, "Access-Control-Expose-Headers"), ==, "X-Total-Count, Link");
  g_assert_cmpstr (header (response, "Link"), ==, expected);
}

static void
test_page_default_limit (void)
{
  g_autoptr(Response) response = GET (shared_base, "/tasks?_page=1");
  g_autofree char *ids = ids_of (response);
  g_autofree char *first = link_to ("_page=1", "first");
  g_autofree char *next = link_to ("_page=2", "next");
  g_autofree char *last = link_to ("_page=1000", "last");
  g_autofree char *expected = g_strjoin (", ", first, next, last, NULL);

  g_assert_cmpstr (ids, ==, "1,2,3,4,5,6,7,8,9,10");
  g_assert_cmpstr (header (response, "Link"), ==, expected);
}

static void
test_page_last (void)
{
  g_autoptr(Response) response = GET (shared_base, "/tasks?_limit=3&_page=3334");
  g_autofree char *ids = ids_of (response);
  g_autofree char *first = link_to ("_limit=3&_page=1", "first");
  g_autofree char *prev = link_to ("_limit=3&_page=3333", "prev");
  g_autofree char *last = link_to ("_limit=3&_page=3334", "last");
  g_autofree char *expected = g_strjoin (", ", first, prev, last, NULL);

  g_assert_cmpstr (ids, ==, "10000");
  g_assert_cmpstr (header (response, "Link"), ==, expected);
}

/* Past the end, or all on one page: an empty Link header, as json-server. */
static void
test_page_empty_link (void)
{
  g_autoptr(Response) past = GET (shared_base, "/tasks?_page=2000&_limit=10");
  g_autoptr(Response) single = GET (shared_base, "/tasks?id=1&id=2&_page=1");
  g_autofree char *single_ids = ids_of (single);

  g_assert_cmpuint (past->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_array (past)), ==, 0);
  g_assert_cmpstr (header (past, "Link"), ==, "");
  g_assert_cmpstr (header (past, "X-Total-Count"), ==, "10000");

  g_assert_cmpstr (single_ids, ==, "1,2");
  g_assert_cmpstr (header (single, "Link"), ==, "");
  g_assert_cmpstr (header (single, "X-Total-Count"), ==, "2");
}

/* json-server's quirk: _page=0 serves page 1, and its links keep _page=0. */
static void
test_page_zero (void)
{
  g_autoptr(Response) response = GET (shared_base, "/tasks?_page=0&_limit=5000");
  g_autofree char *first = link_to ("_page=0&_limit=5000", "first");
  g_autofree char *next = link_to ("_page=0&_limit=5000", "next");
  g_autofree char *last = link_to ("_page=0&_limit=5000", "last");
  g_autofree char *expected = g_strjoin (", ", first, next, last, NULL);

  g_assert_cmpuint (json_array_get_length (json_array (response)), ==, 5000);
  g_assert_cmpint (record_id (json_array (response), 0), ==, 1);
  g_assert_cmpstr (header (response, "Link"), ==, expected);
}

static void
test_start_end (void)
{
  g_autoptr(Response) response = GET (shared_base, "/tasks?_start=5&_end=8");
  g_autoptr(Response) negative = GET (shared_base, "/tasks?_start=-2&_end=10000");
  g_autofree char *ids = ids_of (response);
  g_autofree char *negative_ids = ids_of (negative);

  g_assert_cmpstr (ids, ==, "6,7,8");
  g_assert_cmpstr (header (response, "X-Total-Count"), ==, "10000");
  g_assert_cmpstr (header (response, "Access-Control-Expose-Headers"), ==, "X-Total-Count");
  g_assert_null (header (response, "Link"));
  g_assert_cmpstr (negative_ids, ==, "9999,10000");
}

static void
test_start_limit (void)
{
  g_autoptr(Response) response = GET (shared_base, "/tasks?_start=10&_limit=2");
  g_autoptr(Response) limit_only = GET (shared_base, "/tasks?_limit=4");
  g_autoptr(Response) start_only = GET (shared_base, "/people?_start=490");
  g_autofree char *ids = ids_of (response);
  g_autofree char *limit_ids = ids_of (limit_only);

  g_assert_cmpstr (ids, ==, "11,12");
  g_assert_cmpstr (limit_ids, ==, "1,2,3,4");
  g_assert_cmpstr (header (limit_only, "X-Total-Count"), ==, "10000");
  g_assert_null (header (limit_only, "Link"));

  /* _start alone slices nothing and counts nothing. */
  g_assert_cmpuint (json_array_get_length (json_array (start_only)), ==, 500);
  g_assert_null (header (start_only, "X-Total-Count"));
}

/* --- listings: sort ---------------------------------------------------------- */

static void
test_sort_single (void)
{
  g_autoptr(Response) desc = GET (shared_base, "/tasks?_sort=priority&_order=desc&_limit=200");
  g_autoptr(Response) asc = GET (shared_base, "/tasks?_sort=priority&_limit=3");
  JsonArray *array = json_array (desc);
  gint64 previous_id = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *task = json_array_get_object_element (array, i);

      /* The sort is stable: equal priorities keep the id order. */
      g_assert_cmpint (json_object_get_int_member (task, "priority"), ==, 5);
      g_assert_cmpint (json_object_get_int_member (task, "id"), >, previous_id);
      previous_id = json_object_get_int_member (task, "id");
    }

  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_array (asc), 0), "priority"), ==, 1);
}

static void
test_sort_multiple (void)
{
  g_autoptr(Response) response = GET (shared_base, "/tasks?_sort=projectId,id&_order=desc,desc&_limit=300");
  JsonArray *array = json_array (response);

  for (guint i = 1; i < json_array_get_length (array); i++)
    {
      JsonObject *a = json_array_get_object_element (array, i - 1);
      JsonObject *b = json_array_get_object_element (array, i);
      gint64 pa = json_object_get_int_member (a, "projectId");
      gint64 pb = json_object_get_int_member (b, "projectId");

      g_assert_cmpint (pa, >=, pb);
      if (pa == pb)
        g_assert_cmpint (json_object_get_int_member (a, "id"), >, json_object_get_int_member (b, "id"));
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "projectId"), ==, 200);
}

static void
test_sort_nested_and_nulls (void)
{
  g_autoptr(Response) hours = GET (shared_base, "/tasks?_sort=estimate.hours&_order=desc&_limit=1");
  g_autoptr(Response) due_asc = GET (shared_base, "/tasks?_sort=due");
  g_autoptr(Response) due_desc = GET (shared_base, "/tasks?_sort=due&_order=desc&_limit=1");
  JsonArray *array = json_array (due_asc);
  JsonObject *top = json_array_get_object_element (json_array (hours), 0);
  guint length = json_array_get_length (array);

  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (top, "estimate"), "hours"), ==, 40.0);

  /* lodash's order: values ascending, then null; descending puts null first. */
  g_assert_cmpuint (length, ==, 10000);
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (array, 0), "due")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (array, length - 1), "due")));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "due"), <=,
                   json_object_get_string_member (json_array_get_object_element (array, 1), "due"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (json_array (due_desc), 0), "due")));
}

/* --- listings: search and filters -------------------------------------------- */

static guint
count_tasks (gboolean (*keep) (JsonObject *task, gpointer data),
             gpointer   data)
{
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (all_tasks); i++)
    if (keep (json_array_get_object_element (all_tasks, i), data))
      count++;

  return count;
}

static gboolean
title_contains (JsonObject *task,
                gpointer    data)
{
  g_autofree char *title = g_utf8_strdown (json_object_get_string_member (task, "title"), -1);

  return strstr (title, data) != NULL;
}

static void
test_full_text (void)
{
  guint expected = count_tasks (title_contains, "sidebar");
  g_autoptr(Response) response = GET (shared_base, "/tasks?q=SideBar&_limit=10000");
  JsonArray *array = json_array (response);

  g_assert_cmpuint (expected, >, 100);
  g_assert_cmpuint (json_array_get_length (array), ==, expected);
  for (guint i = 0; i < expected; i++)
    g_assert_true (title_contains (json_array_get_object_element (array, i), "sidebar"));
}

/* q reaches nested objects and arrays, and only the first q counts. */
static void
test_full_text_nested (void)
{
  g_autoptr(Response) city = GET (shared_base, "/people?q=lisbon&q=nothing-matches");
  g_autoptr(Response) tag = GET (shared_base, "/tasks?q=a11y&_limit=1");
  g_autoptr(Response) none = GET (shared_base, "/tasks?q=zzzz-no-match");
  JsonArray *people = json_array (city);
  JsonObject *task = json_array_get_object_element (json_array (tag), 0);
  JsonArray *tags = json_object_get_array_member (task, "tags");
  gboolean has_tag = FALSE;

  guint in_lisbon = 0;

  for (guint i = 0; i < json_array_get_length (all_people); i++)
    {
      JsonObject *address = json_object_get_object_member (json_array_get_object_element (all_people, i), "address");
      in_lisbon += g_str_equal (json_object_get_string_member (address, "city"), "Lisbon");
    }

  g_assert_cmpuint (in_lisbon, >, 0);
  g_assert_cmpuint (json_array_get_length (people), ==, in_lisbon);
  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      JsonObject *address = json_object_get_object_member (json_array_get_object_element (people, i), "address");
      g_assert_cmpstr (json_object_get_string_member (address, "city"), ==, "Lisbon");
    }

  for (guint i = 0; i < json_array_get_length (tags); i++)
    has_tag |= g_str_equal (json_array_get_string_element (tags, i), "a11y");
  g_assert_true (has_tag);

  g_assert_cmpuint (json_array_get_length (json_array (none)), ==, 0);
}

static gboolean
is_done (JsonObject *task,
         gpointer    data)
{
  return json_object_get_boolean_member (task, "done") == GPOINTER_TO_INT (data);
}

static void
test_filter_equal (void)
{
  guint done = count_tasks (is_done, GINT_TO_POINTER (TRUE));
  g_autoptr(Response) response = GET (shared_base, "/tasks?done=true&_limit=10000");
  JsonArray *array = json_array (response);

  g_assert_cmpuint (done, >, 4000);
  g_assert_cmpuint (json_array_get_length (array), ==, done);
  g_assert_cmpuint (atoi (header (response, "X-Total-Count")), ==, done);
  for (guint i = 0; i < done; i++)
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, i), "done"));
}

/* The same key repeated is OR; different keys are AND. */
static void
test_filter_or_and (void)
{
  g_autoptr(Response) either = GET (shared_base, "/tasks?id=3&id=7&id=999999");
  g_autoptr(Response) both = GET (shared_base, "/tasks?projectId=3&done=false");
  g_autofree char *either_ids = ids_of (either);
  JsonArray *array = json_array (both);

  g_assert_cmpstr (either_ids, ==, "3,7");
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *task = json_array_get_object_element (array, i);

      g_assert_cmpint (json_object_get_int_member (task, "projectId"), ==, 3);
      g_assert_false (json_object_get_boolean_member (task, "done"));
    }
}

static gboolean
priority_between (JsonObject *task,
                  gpointer    data)
{
  gint64 priority = json_object_get_int_member (task, "priority");

  return priority >= 2 && priority <= 3;
}

static void
test_filter_range (void)
{
  guint expected = count_tasks (priority_between, NULL);
  g_autoptr(Response) numbers = GET (shared_base, "/tasks?priority_gte=2&priority_lte=3&_limit=1");
  g_autoptr(Response) dates = GET (shared_base, "/tasks?due_gte=2024-12-01&_limit=10000");
  g_autoptr(Response) not_a_number = GET (shared_base, "/tasks?priority_gte=abc&_limit=1");
  JsonArray *array = json_array (dates);

  g_assert_cmpuint (atoi (header (numbers, "X-Total-Count")), ==, expected);

  /* Strings compare as text; null dates never match. */
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i), "due"), >=, "2024-12-01");

  g_assert_cmpstr (header (not_a_number, "X-Total-Count"), ==, "0");
}

/* Repeated _ne are AND-ed. */
static void
test_filter_not_equal (void)
{
  g_autoptr(Response) response = GET (shared_base, "/tasks?priority_ne=1&priority_ne=2&_limit=10000");
  JsonArray *array = json_array (response);
  guint expected = 0;

  for (guint i = 0; i < json_array_get_length (all_tasks); i++)
    if (json_object_get_int_member (json_array_get_object_element (all_tasks, i), "priority") > 2)
      expected++;

  g_assert_cmpuint (json_array_get_length (array), ==, expected);
  for (guint i = 0; i < expected; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, i), "priority"), >, 2);
}

static void
test_filter_like (void)
{
  g_autoptr(Response) response = GET (shared_base, "/tasks?title_like=%5Efix%20.*(queue%7Ccache)&_limit=10000");
  g_autoptr(Response) invalid = GET (shared_base, "/tasks?title_like=(unclosed");
  JsonArray *array = json_array (response);
  g_autoptr(GRegex) regex = g_regex_new ("^fix .*(queue|cache)", G_REGEX_CASELESS, 0, NULL);
  guint expected = 0;

  for (guint i = 0; i < json_array_get_length (all_tasks); i++)
    if (g_regex_match (regex, json_object_get_string_member (json_array_get_object_element (all_tasks, i), "title"), 0, NULL))
      expected++;

  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (json_array_get_length (array), ==, expected);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (array, 0), "title"), "Fix "));

  assert_error_body (invalid, 400, NULL);
}

static void
test_filter_nested_path (void)
{
  g_autoptr(Response) points = GET (shared_base, "/tasks?estimate.points=13&_limit=10000");
  g_autoptr(Response) country = GET (shared_base, "/people?address.country=Peru");
  g_autoptr(Response) first_tag = GET (shared_base, "/tasks?tags.0=urgent&_limit=10000");
  JsonArray *array = json_array (points);

  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *estimate = json_object_get_object_member (json_array_get_object_element (array, i), "estimate");
      g_assert_cmpint (json_object_get_int_member (estimate, "points"), ==, 13);
    }

  array = json_array (country);
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *address = json_object_get_object_member (json_array_get_object_element (array, i), "address");
      g_assert_cmpstr (json_object_get_string_member (address, "country"), ==, "Peru");
    }

  array = json_array (first_tag);
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonArray *tags = json_object_get_array_member (json_array_get_object_element (array, i), "tags");
      g_assert_cmpstr (json_array_get_string_element (tags, 0), ==, "urgent");
    }
}

/* A filter on a field no record has is dropped: everything comes back. */
static void
test_filter_unknown_field (void)
{
  g_assert_cmpuint (total_count (shared_base, "/tasks?nosuchfield=1&_limit=1"), ==, 10000);
  g_assert_cmpuint (total_count (shared_base, "/tasks?nosuchfield_gte=1&_limit=1"), ==, 0);
}

static void
test_nested_route (void)
{
  g_autoptr(Response) nested = GET (shared_base, "/projects/3/tasks?_sort=id&_limit=1000");
  g_autoptr(Response) filtered = GET (shared_base, "/tasks?projectId=3&_sort=id&_limit=1000");
  g_autoptr(Response) assigned = GET (shared_base, "/people/7/tasks?_limit=1");
  g_autoptr(Response) filtered_people = GET (shared_base, "/tasks?assigneeId=7&_limit=1");

  g_assert_cmpuint (nested->status, ==, 200);
  g_assert_true (g_bytes_equal (nested->body, filtered->body));
  g_assert_cmpstr (header (nested, "X-Total-Count"), ==, header (filtered, "X-Total-Count"));
  g_assert_cmpstr (header (assigned, "X-Total-Count"), ==, header (filtered_people, "X-Total-Count"));
}

static void
test_get_record (void)
{
  g_autoptr(Response) found = GET (shared_base, "/tasks/17");
  g_autoptr(Response) missing = GET (shared_base, "/tasks/999999");
  g_autoptr(Response) text_id = GET (shared_base, "/tasks/abc");
  g_autoptr(Response) head = http_send (shared_base, "HEAD", "/tasks/17", NULL, NULL);
  JsonObject *expected = json_array_get_object_element (all_tasks, 16);
  g_autoptr(JsonNode) expected_node = gq_demo_json_take_object (json_object_ref (expected));

  g_assert_cmpuint (found->status, ==, 200);
  g_assert_true (json_node_equal (found->json, expected_node));
  assert_error_body (missing, 404, NULL);
  assert_error_body (text_id, 404, NULL);

  g_assert_cmpuint (head->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (head->body), ==, 0);
  g_assert_cmpint (soup_message_headers_get_content_length (head->headers), ==, g_bytes_get_size (found->body));
}

static void
test_unknown_routes (void)
{
  g_autoptr(Response) collection = GET (shared_base, "/nothing");
  g_autoptr(Response) post = http_send (shared_base, "POST", "/nothing", "{}", NULL);
  g_autoptr(Response) deep = GET (shared_base, "/tasks/1/comments/2");
  g_autoptr(Response) bulk = http_send (shared_base, "DELETE", "/tasks", NULL, NULL);
  g_autoptr(Response) child = GET (shared_base, "/projects/1/nothing");

  assert_error_body (collection, 404, NULL);
  assert_error_body (post, 404, NULL);
  assert_error_body (deep, 404, NULL);
  assert_error_body (bulk, 404, NULL);
  assert_error_body (child, 404, NULL);
}

static void
test_cors_and_caching (void)
{
  g_autoptr(Response) get = http_send (shared_base, "GET", "/tasks/1", NULL,
                                       "Origin", "http://app.example", NULL);
  g_autoptr(Response) preflight = http_send (shared_base, "OPTIONS", "/tasks/1", NULL,
                                             "Origin", "http://app.example",
                                             "Access-Control-Request-Method", "PATCH",
                                             "Access-Control-Request-Headers", "content-type,idempotency-key",
                                             NULL);
  g_autoptr(Response) revalidated = NULL;
  const char *etag;

  g_assert_cmpstr (header (get, "Access-Control-Allow-Origin"), ==, "http://app.example");
  g_assert_cmpstr (header (get, "Access-Control-Allow-Credentials"), ==, "true");
  g_assert_cmpstr (header (get, "Cache-Control"), ==, "no-cache");
  g_assert_cmpstr (header (get, "Expires"), ==, "-1");

  g_assert_cmpuint (preflight->status, ==, 204);
  g_assert_cmpstr (header (preflight, "Access-Control-Allow-Methods"), ==, "GET,HEAD,PUT,PATCH,POST,DELETE");
  g_assert_cmpstr (header (preflight, "Access-Control-Allow-Headers"), ==, "content-type,idempotency-key");
  g_assert_cmpstr (header (preflight, "Access-Control-Allow-Origin"), ==, "http://app.example");

  /* A weak ETag, and 304 when it still matches. */
  etag = header (get, "ETag");
  g_assert_true (g_str_has_prefix (etag, "W/\""));
  revalidated = http_send (shared_base, "GET", "/tasks/1", NULL, "If-None-Match", etag, NULL);
  g_assert_cmpuint (revalidated->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (revalidated->body), ==, 0);
}

/* --- writes ------------------------------------------------------------------ */

static void
test_create (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) created = http_send (base, "POST", "/tasks",
                                           "{\"title\": \"Write the demo\", \"projectId\": 4, \"done\": false,"
                                           " \"tags\": [\"docs\"], \"estimate\": {\"hours\": 1.5, \"points\": 2}}",
                                           NULL);
  g_autofree char *location = g_strconcat (base, "tasks/10001", NULL);
  g_autoptr(Response) fetched = GET (base, "/tasks/10001");
  JsonObject *record = json_object (created);

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (record, "id"), ==, 10001);
  g_assert_cmpstr (json_object_get_string_member (record, "title"), ==, "Write the demo");
  g_assert_cmpstr (header (created, "Location"), ==, location);
  g_assert_cmpstr (header (created, "Access-Control-Expose-Headers"), ==, "Location");
  g_assert_true (json_node_equal (created->json, fetched->json));
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10001);

  /* Ids follow the largest one. */
  {
    g_autoptr(Response) second = http_send (base, "POST", "/people", "{\"name\": \"Ana\"}", NULL);
    g_assert_cmpint (json_object_get_int_member (json_object (second), "id"), ==, 501);
  }
}

static void
test_create_with_id (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) created = http_send (base, "POST", "/projects", "{\"id\": 5000, \"name\": \"Own id\"}", NULL);
  g_autoptr(Response) duplicate = http_send (base, "POST", "/projects", "{\"id\": 7, \"name\": \"Taken\"}", NULL);
  g_autoptr(Response) text_id = http_send (base, "POST", "/projects", "{\"id\": \"p7\", \"name\": \"Text\"}", NULL);
  g_autoptr(Response) original = GET (base, "/projects/7");
  g_autoptr(Response) next = http_send (base, "POST", "/projects", "{\"name\": \"Next\"}", NULL);

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (json_object (created), "id"), ==, 5000);
  assert_error_body (duplicate, 409, "id");
  assert_error_body (text_id, 422, "id");
  g_assert_cmpstr (json_object_get_string_member (json_object (original), "name"), !=, "Taken");
  g_assert_cmpint (json_object_get_int_member (json_object (next), "id"), ==, 5001);
  g_assert_cmpuint (total_count (base, "/projects?_limit=1"), ==, 202);
}

static void
test_replace (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) replaced = http_send (base, "PUT", "/tasks/5",
                                            "{\"id\": 99, \"title\": \"Only this\", \"projectId\": 2}", NULL);
  g_autoptr(Response) fetched = GET (base, "/tasks/5");
  g_autoptr(Response) moved = GET (base, "/tasks/99");
  g_autoptr(Response) missing = http_send (base, "PUT", "/tasks/424242", "{\"title\": \"x\"}", NULL);
  JsonObject *record = json_object (fetched);

  g_assert_cmpuint (replaced->status, ==, 200);
  g_assert_true (json_node_equal (replaced->json, fetched->json));
  g_assert_cmpuint (json_object_get_size (record), ==, 3);
  g_assert_cmpint (json_object_get_int_member (record, "id"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (record, "title"), ==, "Only this");
  g_assert_false (json_object_has_member (record, "done"));
  g_assert_cmpstr (json_object_get_string_member (json_object (moved), "title"), !=, "Only this");
  assert_error_body (missing, 404, NULL);
}

/* PATCH merges one level deep, like Object.assign: nested objects are
 * replaced whole. */
static void
test_update (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) before = GET (base, "/tasks/8");
  g_autoptr(Response) patched = http_send (base, "PATCH", "/tasks/8",
                                           "{\"done\": true, \"estimate\": {\"hours\": 3}, \"id\": 1, \"extra\": [1]}",
                                           NULL);
  g_autoptr(Response) fetched = GET (base, "/tasks/8");
  g_autoptr(Response) missing = http_send (base, "PATCH", "/tasks/424242", "{\"done\": true}", NULL);
  JsonObject *old = json_object (before);
  JsonObject *record = json_object (fetched);
  JsonObject *estimate = json_object_get_object_member (record, "estimate");

  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_true (json_node_equal (patched->json, fetched->json));
  g_assert_cmpint (json_object_get_int_member (record, "id"), ==, 8);
  g_assert_true (json_object_get_boolean_member (record, "done"));
  g_assert_cmpstr (json_object_get_string_member (record, "title"), ==, json_object_get_string_member (old, "title"));
  g_assert_cmpint (json_object_get_int_member (estimate, "hours"), ==, 3);
  g_assert_false (json_object_has_member (estimate, "points"));
  g_assert_true (json_object_has_member (record, "extra"));
  assert_error_body (missing, 404, NULL);
}

static gboolean
references (JsonObject *record,
            const char *field,
            gint64      id)
{
  JsonNode *node = json_object_get_member (record, field);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) && json_node_get_int (node) == id;
}

/* DELETE answers {} and takes the dependents along: the project's tasks,
 * those tasks' comments. */
static void
test_delete_cascade (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) tasks = GET (base, "/projects/12/tasks?_limit=10000");
  g_autoptr(Response) comments = GET (base, "/comments?_limit=10000");
  g_autoptr(Response) deleted = http_send (base, "DELETE", "/projects/12", NULL, NULL);
  g_autoptr(Response) again = http_send (base, "DELETE", "/projects/12", NULL, NULL);
  g_autoptr(Response) gone = GET (base, "/projects/12");
  JsonArray *task_array = json_array (tasks);
  JsonArray *comment_array = json_array (comments);
  guint dependent_comments = 0;
  guint n_tasks = json_array_get_length (task_array);

  g_assert_cmpuint (n_tasks, >, 0);
  for (guint i = 0; i < json_array_get_length (comment_array); i++)
    {
      gint64 task_id = json_object_get_int_member (json_array_get_object_element (comment_array, i), "taskId");

      for (guint j = 0; j < n_tasks; j++)
        if (record_id (task_array, j) == task_id)
          dependent_comments++;
    }
  g_assert_cmpuint (dependent_comments, >, 0);

  g_assert_cmpuint (deleted->status, ==, 200);
  g_assert_cmpstr (g_bytes_get_data (deleted->body, NULL), ==, "{}");
  assert_error_body (again, 404, NULL);
  assert_error_body (gone, 404, NULL);
  g_assert_cmpuint (total_count (base, "/projects/12/tasks?_limit=1"), ==, 0);
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10000 - n_tasks);
  g_assert_cmpuint (total_count (base, "/comments?_limit=1"), ==, 5000 - dependent_comments);
}

/* Deleting a person keeps what they were assigned, unassigned. */
static void
test_delete_sets_null (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  guint assigned = total_count (base, "/tasks?assigneeId=9&_limit=1");
  g_autoptr(Response) before = GET (base, "/tasks?assigneeId=9&_limit=1");
  gint64 task_id = record_id (json_array (before), 0);
  g_autoptr(Response) deleted = http_send (base, "DELETE", "/people/9", NULL, NULL);
  g_autofree char *task_path = g_strdup_printf ("/tasks/%" G_GINT64_FORMAT, task_id);
  g_autoptr(Response) task = GET (base, task_path);
  g_autoptr(Response) patched = http_send (base, "PATCH", task_path, "{\"done\": true}", NULL);

  g_assert_cmpuint (assigned, >, 0);
  g_assert_cmpuint (deleted->status, ==, 200);
  g_assert_cmpuint (total_count (base, "/tasks?assigneeId=9&_limit=1"), ==, 0);
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10000);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_object (task), "assigneeId")));
  g_assert_false (references (json_object (task), "assigneeId", 9));
  g_assert_cmpuint (patched->status, ==, 200);
}

static void
test_method_override (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) patched = http_send (base, "POST", "/tasks/3", "{\"title\": \"Overridden\"}",
                                           "X-HTTP-Method-Override", "PATCH", NULL);
  g_autoptr(Response) fetched = GET (base, "/tasks/3");

  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object (fetched), "title"), ==, "Overridden");
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10000);
}

/* --- validation: 4xx with a JSON body, and nothing written ---------------- */

static void
test_malformed_json (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) before = GET (base, "/tasks/1");
  g_autoptr(Response) post = http_send (base, "POST", "/tasks", "{\"title\": ", NULL);
  g_autoptr(Response) empty = http_send (base, "POST", "/tasks", "", NULL);
  g_autoptr(Response) patch = http_send (base, "PATCH", "/tasks/1", "{\"done\": tru}", NULL);
  g_autoptr(Response) put = http_send (base, "PUT", "/tasks/1", "[1, 2", NULL);
  g_autoptr(Response) after = GET (base, "/tasks/1");

  assert_error_body (post, 400, NULL);
  assert_error_body (empty, 400, NULL);
  assert_error_body (patch, 400, NULL);
  assert_error_body (put, 400, NULL);
  g_assert_true (g_bytes_equal (after->body, before->body));
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10000);
}

static void
test_body_not_object (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) array = http_send (base, "POST", "/tasks", "[{\"title\": \"x\"}]", NULL);
  g_autoptr(Response) number = http_send (base, "PATCH", "/tasks/1", "42", NULL);
  g_autoptr(Response) form = http_send (base, "POST", "/tasks", "title=x",
                                        "Content-Type", "application/x-www-form-urlencoded", NULL);

  assert_error_body (array, 400, NULL);
  assert_error_body (number, 400, NULL);
  assert_error_body (form, 415, NULL);
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10000);
}

/* A PATCH with one bad field changes none of the others. */
static void
test_wrong_type (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) before = GET (base, "/tasks/2");
  g_autoptr(Response) patch = http_send (base, "PATCH", "/tasks/2",
                                         "{\"title\": \"Changed\", \"done\": \"yes\"}", NULL);
  g_autoptr(Response) post = http_send (base, "POST", "/tasks", "{\"title\": \"x\", \"priority\": 2.5}", NULL);
  g_autoptr(Response) nested = http_send (base, "PATCH", "/tasks/2", "{\"estimate\": {\"hours\": \"many\"}}", NULL);
  g_autoptr(Response) tags = http_send (base, "PATCH", "/tasks/2", "{\"tags\": [\"ok\", 3]}", NULL);
  g_autoptr(Response) date = http_send (base, "PATCH", "/tasks/2", "{\"due\": \"2024-02-30\"}", NULL);
  g_autoptr(Response) datetime = http_send (base, "PATCH", "/tasks/2", "{\"createdAt\": \"yesterday\"}", NULL);
  g_autoptr(Response) put = http_send (base, "PUT", "/people/2", "{\"name\": 7}", NULL);
  g_autoptr(Response) after = GET (base, "/tasks/2");

  assert_error_body (patch, 422, "done");
  assert_error_body (post, 422, "priority");
  assert_error_body (nested, 422, "estimate.hours");
  assert_error_body (tags, 422, "tags");
  assert_error_body (date, 422, "due");
  assert_error_body (datetime, 422, "createdAt");
  assert_error_body (put, 422, "name");
  g_assert_true (g_bytes_equal (after->body, before->body));
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10000);
}

static void
test_nulls (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) nullable = http_send (base, "PATCH", "/tasks/4", "{\"due\": null, \"assigneeId\": null}", NULL);
  g_autoptr(Response) required = http_send (base, "PATCH", "/tasks/4", "{\"title\": null}", NULL);
  g_autoptr(Response) reference = http_send (base, "PATCH", "/tasks/4", "{\"projectId\": null}", NULL);

  g_assert_cmpuint (nullable->status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_object (nullable), "due")));
  assert_error_body (required, 422, "title");
  assert_error_body (reference, 422, "projectId");
}

/* References must point at a record that exists. */
static void
test_dangling_reference (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) post = http_send (base, "POST", "/tasks", "{\"title\": \"x\", \"projectId\": 201}", NULL);
  g_autoptr(Response) comment = http_send (base, "POST", "/comments", "{\"taskId\": 10001, \"body\": \"x\"}", NULL);
  g_autoptr(Response) patch = http_send (base, "PATCH", "/tasks/1", "{\"assigneeId\": 501}", NULL);
  g_autoptr(Response) valid = http_send (base, "POST", "/comments", "{\"taskId\": 10000, \"authorId\": 500, \"body\": \"x\"}", NULL);

  assert_error_body (post, 422, "projectId");
  assert_error_body (comment, 422, "taskId");
  assert_error_body (patch, 422, "assigneeId");
  g_assert_cmpuint (valid->status, ==, 201);
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10000);
  g_assert_cmpuint (total_count (base, "/comments?_limit=1"), ==, 5001);
}

/* --- Idempotency-Key ------------------------------------------------------- */

#define NEW_TASK "{\"title\": \"Once\", \"projectId\": 1}"

static void
test_idempotent_post (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) first = http_send (base, "POST", "/tasks", NEW_TASK, "Idempotency-Key", "k-1", NULL);
  g_autoptr(Response) second = http_send (base, "POST", "/tasks", NEW_TASK, "Idempotency-Key", "k-1", NULL);
  g_autoptr(Response) other_key = http_send (base, "POST", "/tasks", NEW_TASK, "Idempotency-Key", "k-2", NULL);

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_null (header (first, "Idempotent-Replayed"));
  g_assert_cmpuint (second->status, ==, 201);
  g_assert_true (g_bytes_equal (first->body, second->body));
  g_assert_cmpstr (header (second, "Location"), ==, header (first, "Location"));
  g_assert_cmpstr (header (second, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpint (json_object_get_int_member (json_object (other_key), "id"), ==, 10002);
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10002);
}

/* A replay returns the first response even after the record moved on,
 * and changes nothing. */
static void
test_idempotent_patch (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) first = http_send (base, "PATCH", "/tasks/6", "{\"title\": \"A\"}", "Idempotency-Key", "p", NULL);
  g_autoptr(Response) later = http_send (base, "PATCH", "/tasks/6", "{\"title\": \"B\"}", NULL);
  g_autoptr(Response) replay = http_send (base, "PATCH", "/tasks/6", "{\"title\": \"A\"}", "Idempotency-Key", "p", NULL);
  g_autoptr(Response) current = GET (base, "/tasks/6");

  g_assert_cmpuint (later->status, ==, 200);
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_true (g_bytes_equal (first->body, replay->body));
  g_assert_cmpstr (json_object_get_string_member (json_object (replay), "title"), ==, "A");
  g_assert_cmpstr (json_object_get_string_member (json_object (current), "title"), ==, "B");
}

static void
test_idempotent_delete_and_put (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) deleted = http_send (base, "DELETE", "/comments/3", NULL, "Idempotency-Key", "d", NULL);
  g_autoptr(Response) replay = http_send (base, "DELETE", "/comments/3", NULL, "Idempotency-Key", "d", NULL);
  g_autoptr(Response) plain = http_send (base, "DELETE", "/comments/3", NULL, NULL);
  g_autoptr(Response) put = http_send (base, "PUT", "/comments/4", "{\"body\": \"x\"}", "Idempotency-Key", "u", NULL);
  g_autoptr(Response) put_again = http_send (base, "PUT", "/comments/4", "{\"body\": \"x\"}", "Idempotency-Key", "u", NULL);

  g_assert_cmpuint (deleted->status, ==, 200);
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_cmpstr (g_bytes_get_data (replay->body, NULL), ==, "{}");
  assert_error_body (plain, 404, NULL);
  g_assert_cmpuint (put_again->status, ==, 200);
  g_assert_cmpstr (header (put_again, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpuint (total_count (base, "/comments?_limit=1"), ==, 4999);
}

/* The same key for another request is a 422 (IETF draft); a failed
 * request is not remembered, so its key can be used once it is fixed. */
static void
test_idempotency_key_reuse (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) first = http_send (base, "POST", "/tasks", NEW_TASK, "Idempotency-Key", "r", NULL);
  g_autoptr(Response) other_body = http_send (base, "POST", "/tasks", "{\"title\": \"Twice\"}", "Idempotency-Key", "r", NULL);
  g_autoptr(Response) other_path = http_send (base, "PATCH", "/tasks/1", NEW_TASK, "Idempotency-Key", "r", NULL);
  g_autoptr(Response) invalid = http_send (base, "POST", "/tasks", "{\"done\": 1}", "Idempotency-Key", "f", NULL);
  g_autoptr(Response) fixed = http_send (base, "POST", "/tasks", "{\"done\": true}", "Idempotency-Key", "f", NULL);
  g_autoptr(Response) empty_key = http_send (base, "POST", "/tasks", NEW_TASK, "Idempotency-Key", "", NULL);

  g_assert_cmpuint (first->status, ==, 201);
  assert_error_body (other_body, 422, NULL);
  assert_error_body (other_path, 422, NULL);
  assert_error_body (invalid, 422, "done");
  g_assert_cmpuint (fixed->status, ==, 201);
  assert_error_body (empty_key, 400, NULL);
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10002);
}

/* --- --data FILE --------------------------------------------------------- */

static GqDemoServer *
start_with_file (guint32      seed,
                 const char  *path,
                 guint        save_delay_ms,
                 char       **base)
{
  GqDemoServer *server = gq_demo_server_new (seed);
  g_autoptr(GError) error = NULL;

  gq_demo_server_set_data_file (server, path);
  gq_demo_server_set_save_delay (server, save_delay_ms);
  g_assert_true (gq_demo_server_start (server, NULL, 0, &error));
  g_assert_no_error (error);
  *base = gq_demo_server_dup_base_uri (server);

  return server;
}

/* Without a file, the data is seeded and the file written at once. */
static void
test_data_file_created (void)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_with_file (SEED, path, 100, &base);
  g_autoptr(Response) db = GET (base, "/db");
  g_autofree char *contents = read_file (path);
  g_autoptr(JsonNode) saved = gq_demo_json_parse (contents, strlen (contents), NULL);
  JsonObject *object = json_node_get_object (saved);
  JsonObject *served = json_object (db);

  g_assert_cmpuint (gq_demo_server_get_save_count (server), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "$idempotency")), ==, 0);
  json_object_remove_member (object, "$idempotency");
  g_assert_true (json_object_equal (object, served));

  gq_demo_server_stop (server);
  remove_temp_dir (dir);
}

static gboolean
saved_twice (gpointer user_data)
{
  return gq_demo_server_get_save_count (user_data) >= 2;
}

/* A change is written after the save delay, while the server runs. */
static void
test_data_file_saves_after_delay (void)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_with_file (SEED, path, 20, &base);
  g_autoptr(Response) created = http_send (base, "POST", "/people", "{\"name\": \"Saved Soon\"}", NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpuint (created->status, ==, 201);
  wait_until (saved_twice, server);
  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "Saved Soon"));

  /* The write went through a temporary file renamed over db.json. */
  {
    g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
    g_assert_cmpstr (g_dir_read_name (handle), ==, "db.json");
    g_assert_null (g_dir_read_name (handle));
  }

  gq_demo_server_stop (server);
  g_assert_cmpuint (gq_demo_server_get_save_count (server), ==, 2);
  remove_temp_dir (dir);
}

/* A burst of changes is one write, here at stop; the data comes back
 * from the file, not from the seed. */
static void
test_data_file_coalesced_and_reloaded (void)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  g_autofree char *base = NULL;
  g_autofree char *base2 = NULL;
  g_autoptr(GqDemoServer) server = start_with_file (SEED, path, 600000, &base);
  g_autofree char *initial = read_file (path);
  g_autofree char *after_writes = NULL;
  g_autoptr(GqDemoServer) restarted = NULL;
  g_autoptr(Response) person = NULL;
  g_autoptr(Response) task = NULL;
  g_autoptr(Response) gone = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Person %u\"}", i);
      g_autoptr(Response) created = http_send (base, "POST", "/people", body, NULL);
      g_assert_cmpuint (created->status, ==, 201);
    }
  {
    g_autoptr(Response) patched = http_send (base, "PATCH", "/tasks/1", "{\"title\": \"Persisted\"}", NULL);
    g_autoptr(Response) deleted = http_send (base, "DELETE", "/comments/1", NULL, NULL);
    g_assert_cmpuint (patched->status, ==, 200);
    g_assert_cmpuint (deleted->status, ==, 200);
  }

  after_writes = read_file (path);
  g_assert_cmpstr (after_writes, ==, initial);
  g_assert_cmpuint (gq_demo_server_get_save_count (server), ==, 1);

  gq_demo_server_stop (server);
  g_assert_cmpuint (gq_demo_server_get_save_count (server), ==, 2);

  restarted = start_with_file (SEED + 1, path, 100, &base2);
  person = GET (base2, "/people/505");
  task = GET (base2, "/tasks/1");
  gone = GET (base2, "/comments/1");
  g_assert_cmpstr (json_object_get_string_member (json_object (person), "name"), ==, "Person 4");
  g_assert_cmpstr (json_object_get_string_member (json_object (task), "title"), ==, "Persisted");
  assert_error_body (gone, 404, NULL);
  g_assert_cmpuint (gq_demo_server_get_save_count (restarted), ==, 0);

  gq_demo_server_stop (restarted);
  remove_temp_dir (dir);
}

/* Idempotency keys are saved with the data: a replay after a restart
 * is still a replay. */
static void
test_data_file_idempotency_restart (void)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  g_autofree char *base = NULL;
  g_autofree char *base2 = NULL;
  g_autoptr(GqDemoServer) server = start_with_file (SEED, path, 100, &base);
  g_autoptr(Response) first = http_send (base, "POST", "/tasks", NEW_TASK, "Idempotency-Key", "restart", NULL);
  g_autoptr(GqDemoServer) restarted = NULL;
  g_autoptr(Response) replay = NULL;

  g_assert_cmpuint (first->status, ==, 201);
  gq_demo_server_stop (server);

  restarted = start_with_file (SEED, path, 100, &base2);
  replay = http_send (base2, "POST", "/tasks", NEW_TASK, "Idempotency-Key", "restart", NULL);
  g_assert_cmpuint (replay->status, ==, 201);
  g_assert_cmpstr (header (replay, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_bytes_equal (first->body, replay->body));
  g_assert_cmpuint (total_count (base2, "/tasks?_limit=1"), ==, 10001);

  gq_demo_server_stop (restarted);
  remove_temp_dir (dir);
}

static void
assert_refused (const char *contents)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  g_autoptr(GqDemoServer) server = gq_demo_server_new (SEED);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  gq_demo_server_set_data_file (server, path);

  g_assert_false (gq_demo_server_start (server, NULL, 0, &error));
  g_assert_error (error, GQ_DEMO_SERVER_ERROR, GQ_DEMO_SERVER_ERROR_DATA_FILE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (gq_demo_server_is_running (server));
  g_assert_cmpuint (gq_demo_server_get_port (server), ==, 0);

  after = read_file (path);
  g_assert_cmpstr (after, ==, contents);
  remove_temp_dir (dir);
}

static void
test_data_file_malformed (void)
{
  assert_refused ("{\"tasks\": [ {\"id\": 1} ");
  assert_refused ("");
  assert_refused ("[]");
  assert_refused ("{\"tasks\": {\"id\": 1}}");
  assert_refused ("{\"tasks\": [{\"title\": \"no id\"}]}");
  assert_refused ("{\"tasks\": [{\"id\": 1}, {\"id\": \"1\"}]}");
  assert_refused ("{\"tasks\": [], \"$idempotency\": [{\"key\": 1}]}");
}

/* A file written by hand: any collections, string ids too. */
static void
test_data_file_custom (void)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = NULL;
  g_autoptr(Response) root = NULL;
  g_autoptr(Response) created = NULL;
  g_autoptr(Response) record = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "{\"$schema\": \"x\", \"notes\": [{\"id\": \"a\", \"text\": \"hi\"}],"
                                      " \"tags\": []}", -1, NULL));
  server = start_with_file (SEED, path, 100, &base);
  root = GET (base, "/");
  created = http_send (base, "POST", "/notes", "{\"text\": 3}", NULL);
  record = GET (base, "/notes/a");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object (root), "collections")), ==, 2);
  g_assert_cmpuint (created->status, ==, 201);
  /* No number id to follow: a random 7-character one. */
  g_assert_cmpuint (strlen (json_object_get_string_member (json_object (created), "id")), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_object (record), "text"), ==, "hi");

  gq_demo_server_stop (server);
  remove_temp_dir (dir);
}

/* --- faults ------------------------------------------------------------------ */

static char *
status_sequence (const char *base,
                 guint       n_requests)
{
  GString *statuses = g_string_new (NULL);

  for (guint i = 0; i < n_requests; i++)
    {
      g_autoptr(Response) response = GET (base, "/tasks/1");

      g_string_append_printf (statuses, "%s%u", i ? "," : "", response->status);
    }

  return g_string_free (statuses, FALSE);
}

#define EXPECTED_FAILURES "503,200,503,503,503,200,503,200,503,503,503,503,200,503,503,503"
#define EXPECTED_MIXED "drop,200,drop,503,200,503,200,200,drop,200,503,200"

static void
test_faults_failure_sequence (void)
{
  g_autofree char *base1 = NULL;
  g_autofree char *base2 = NULL;
  g_autoptr(GqDemoServer) server1 = start_server (SEED, NULL, &base1);
  g_autoptr(GqDemoServer) server2 = start_server (SEED, NULL, &base2);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *restarted = NULL;

  gq_demo_server_set_faults (server1, 0, 0.5, 0, 7);
  gq_demo_server_set_faults (server2, 0, 0.5, 0, 7);

  first = status_sequence (base1, 16);
  second = status_sequence (base2, 16);
  g_assert_cmpstr (first, ==, EXPECTED_FAILURES);
  g_assert_cmpstr (second, ==, first);

  /* Setting the faults again restarts the sequence. */
  gq_demo_server_set_faults (server1, 0, 0.5, 0, 7);
  restarted = status_sequence (base1, 16);
  g_assert_cmpstr (restarted, ==, first);
}

static void
test_faults_failure_response (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) failed = NULL;
  g_autoptr(Response) write = NULL;
  g_autoptr(Response) root = NULL;
  g_autoptr(Response) db = NULL;

  gq_demo_server_set_faults (server, 0, 1.0, 0, 1);
  failed = GET (base, "/tasks?_page=1");
  write = http_send (base, "POST", "/tasks", NEW_TASK, NULL);
  root = GET (base, "/");
  db = GET (base, "/db");

  assert_error_body (failed, 503, NULL);
  g_assert_cmpstr (header (failed, "Retry-After"), ==, "1");
  assert_error_body (write, 503, NULL);

  /* The root listing and /db are never faulted; the failed write did
   * not happen. */
  g_assert_cmpuint (root->status, ==, 200);
  g_assert_cmpuint (db->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object (db), "tasks")), ==, 10000);
}

/* A dropped write has happened; retrying it with its Idempotency-Key
 * gets the original answer and does not write twice. */
static void
test_faults_drop (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) dropped_get = NULL;
  g_autoptr(Response) dropped_post = NULL;
  g_autoptr(Response) retried = NULL;

  gq_demo_server_set_faults (server, 0, 0, 1.0, 1);
  dropped_get = GET (base, "/tasks/1");
  dropped_post = http_send (base, "POST", "/tasks", NEW_TASK, "Idempotency-Key", "lost", NULL);

  g_assert_error (dropped_get->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_error (dropped_post->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);

  gq_demo_server_set_faults (server, 0, 0, 0, 1);
  retried = http_send (base, "POST", "/tasks", NEW_TASK, "Idempotency-Key", "lost", NULL);
  g_assert_cmpuint (retried->status, ==, 201);
  g_assert_cmpstr (header (retried, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpint (json_object_get_int_member (json_object (retried), "id"), ==, 10001);
  g_assert_cmpuint (total_count (base, "/tasks?_limit=1"), ==, 10001);
}

static void
test_faults_mixed_sequence (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  GString *outcomes = g_string_new (NULL);
  g_autofree char *text = NULL;

  gq_demo_server_set_faults (server, 0, 0.3, 0.3, 4);
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(Response) response = GET (base, "/people/1");

      if (response->error != NULL)
        g_string_append (outcomes, i ? ",drop" : "drop");
      else
        g_string_append_printf (outcomes, "%s%u", i ? "," : "", response->status);
    }

  text = g_string_free (outcomes, FALSE);
  g_assert_cmpstr (text, ==, EXPECTED_MIXED);
}

static void
test_faults_latency (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autoptr(Response) slow = NULL;
  g_autoptr(Response) delayed = NULL;
  g_autoptr(Response) write = NULL;

  gq_demo_server_set_faults (server, 300, 0, 0, 1);
  slow = GET (base, "/tasks/1");
  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpint (slow->elapsed_us, >=, 300 * 1000);

  gq_demo_server_set_faults (server, 0, 0, 0, 1);
  delayed = GET (base, "/tasks/1?_delay=250");
  g_assert_cmpuint (delayed->status, ==, 200);
  g_assert_cmpint (delayed->elapsed_us, >=, 250 * 1000);

  write = http_send (base, "PATCH", "/tasks/1?_delay=100", "{\"done\": false}", NULL);
  g_assert_cmpuint (write->status, ==, 200);
  g_assert_cmpint (write->elapsed_us, >=, 100 * 1000);
}

static void
wrote_request (SoupMessage *msg,
               gpointer     user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Stopping with a request held by its delay: the client gets an error,
 * and nothing leaks. */
static void
test_stop_with_pending_request (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GqDemoServer) server = start_server (SEED, NULL, &base);
  g_autofree char *url = g_strconcat (base, "tasks/1?_delay=600000", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  SendData data = { 0 };
  gboolean wrote = FALSE;

  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_request), &wrote);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_done, &data);
  wait_for (&wrote);

  gq_demo_server_stop (server);
  g_assert_false (gq_demo_server_is_running (server));
  wait_for (&data.done);
  g_assert_nonnull (data.error);
  g_assert_null (data.body);
  g_clear_error (&data.error);
}

/* --- lifecycle -------------------------------------------------------------- */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* A server starts again after a stop (with fresh data when it has no
 * file), and a taken port is a clean error. */
static void
test_lifecycle (void)
{
  g_autoptr(GqDemoServer) server = gq_demo_server_new (SEED);
  g_autoptr(GqDemoServer) rival = gq_demo_server_new (SEED);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *expected_base = NULL;
  guint notifies = 0;
  guint port;

  g_signal_connect (server, "notify::port", G_CALLBACK (count_notify), &notifies);
  g_assert_false (gq_demo_server_is_running (server));
  g_assert_null (gq_demo_server_dup_base_uri (server));

  g_assert_true (gq_demo_server_start (server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  port = gq_demo_server_get_port (server);
  base = gq_demo_server_dup_base_uri (server);
  expected_base = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_assert_cmpstr (base, ==, expected_base);
  g_assert_cmpuint (notifies, ==, 1);
  {
    g_autoptr(Response) created = http_send (base, "POST", "/people", "{\"name\": \"Gone\"}", NULL);
    g_assert_cmpuint (created->status, ==, 201);
  }

  g_assert_false (gq_demo_server_start (rival, "127.0.0.1", port, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_false (gq_demo_server_is_running (rival));
  g_clear_error (&error);

  gq_demo_server_stop (server);
  g_assert_false (gq_demo_server_is_running (server));
  g_assert_cmpuint (gq_demo_server_get_port (server), ==, 0);
  g_assert_cmpuint (notifies, ==, 2);
  gq_demo_server_stop (server);

  g_assert_true (gq_demo_server_start (server, NULL, port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gq_demo_server_get_port (server), ==, port);
  g_assert_cmpuint (total_count (base, "/people?_limit=1"), ==, 500);
}

/* --- the gquery-demo-server program -------------------------------------- */

static char *
program_path (void)
{
  const char *path = g_getenv ("GQ_DEMO_SERVER_PROGRAM");

  if (path != NULL)
    return g_strdup (path);

  return g_test_build_filename (G_TEST_BUILT, "..", "src", "demo-server", "gquery-demo-server", NULL);
}

typedef struct
{
  gboolean  done;
  char     *line;
  GError   *error;
} LineData;

static void
line_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LineData *data = user_data;

  data->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &data->error);
  data->done = TRUE;
}

static void
wait_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
wait_subprocess (GSubprocess *subprocess)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (subprocess, NULL, wait_done, &done);
  wait_for (&done);
}

static GSubprocess *
spawn_server (GError **error,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, program_path ());
  va_start (args, error);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            error);
}

/* Reads "Listening on http://127.0.0.1:PORT/" and returns the base URI. */
static char *
read_base_uri (GSubprocess *subprocess)
{
  g_autoptr(GDataInputStream) stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (subprocess));
  g_autoptr(GRegex) regex = g_regex_new ("^Listening on (http://127\\.0\\.0\\.1:[0-9]+/)$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  LineData data = { 0 };
  char *base;

  g_data_input_stream_read_line_async (stdout_stream, G_PRIORITY_DEFAULT, NULL, line_read, &data);
  wait_for (&data.done);
  g_assert_no_error (data.error);
  g_assert_nonnull (data.line);
  g_assert_true (g_regex_match (regex, data.line, 0, &match));
  base = g_match_info_fetch (match, 1);
  g_free (data.line);

  return base;
}

static char *
read_stderr (GSubprocess *subprocess)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *stream = g_subprocess_get_stderr_pipe (subprocess);

  bytes = g_input_stream_read_bytes (stream, 4096, NULL, &error);
  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_cli_serves_and_stops (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) subprocess = spawn_server (&error, "--port", "0", "--seed", "5", NULL);
  g_autofree char *base = NULL;
  g_autoptr(Response) root = NULL;
  g_autoptr(Response) task = NULL;
  g_autofree char *expected_dataset = serialize_dataset (5, 1);
  g_autoptr(JsonNode) dataset = gq_demo_json_parse (expected_dataset, strlen (expected_dataset), NULL);
  JsonObject *expected = json_array_get_object_element (json_object_get_array_member (json_node_get_object (dataset), "tasks"), 99);
  g_autoptr(JsonNode) expected_node = gq_demo_json_take_object (json_object_ref (expected));

  g_assert_no_error (error);
  base = read_base_uri (subprocess);

  root = GET (base, "/");
  task = GET (base, "/tasks/100");
  g_assert_cmpuint (root->status, ==, 200);
  g_assert_true (json_node_equal (task->json, expected_node));

  g_subprocess_send_signal (subprocess, SIGTERM);
  wait_subprocess (subprocess);
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 0);
}

static void
test_cli_data_file (void)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) subprocess = spawn_server (&error, "--port", "0", "--data", path,
                                                    "--latency", "10", NULL);
  g_autofree char *base = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(Response) created = NULL;

  g_assert_no_error (error);
  base = read_base_uri (subprocess);
  created = http_send (base, "POST", "/projects", "{\"name\": \"From the CLI\"}", NULL);
  g_assert_cmpuint (created->status, ==, 201);

  /* SIGINT stops it as cleanly as SIGTERM, and saves. */
  g_subprocess_send_signal (subprocess, SIGINT);
  wait_subprocess (subprocess);
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 0);

  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "From the CLI"));
  remove_temp_dir (dir);
}

static void
test_cli_malformed_data_file (void)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autofree char *message = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, "{\"tasks\": [", -1, NULL));
  subprocess = spawn_server (&error, "--port", "0", "--data", path, NULL);
  g_assert_no_error (error);
  wait_subprocess (subprocess);

  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
  message = read_stderr (subprocess);
  g_assert_nonnull (strstr (message, "is not a valid data file"));
  after = read_file (path);
  g_assert_cmpstr (after, ==, "{\"tasks\": [");
  remove_temp_dir (dir);
}

static void
test_cli_bad_options (void)
{
  const char *bad[][2] = {
    { "--failure-rate", "2" },
    { "--port", "70000" },
    { "--scale", "0" },
    { "--no-such-option", "1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) subprocess = spawn_server (&error, bad[i][0], bad[i][1], NULL);
      g_autofree char *message = NULL;

      g_assert_no_error (error);
      wait_subprocess (subprocess);
      g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
      message = read_stderr (subprocess);
      g_assert_true (g_str_has_prefix (message, "gquery-demo-server: "));
    }
}

/* --- main ---------------------------------------------------------------- */

static JsonArray *
fetch_all (const char *path)
{
  g_autoptr(Response) response = GET (shared_base, path);

  g_assert_cmpuint (response->status, ==, 200);
  return json_array_ref (json_array (response));
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

  session = soup_session_new ();
  shared_server = start_server (SHARED_SEED, NULL, &shared_base);
  all_tasks = fetch_all ("/tasks");
  all_people = fetch_all ("/people");

  g_test_add_func ("/DemoServer/dataset/deterministic", test_dataset_deterministic);
  g_test_add_func ("/DemoServer/dataset/counts", test_dataset_counts);
  g_test_add_func ("/DemoServer/dataset/scale", test_dataset_scale);
  g_test_add_func ("/DemoServer/dataset/field-types", test_dataset_field_types);

  g_test_add_func ("/DemoServer/list/page-and-limit", test_page_and_limit);
  g_test_add_func ("/DemoServer/list/page-default-limit", test_page_default_limit);
  g_test_add_func ("/DemoServer/list/page-last", test_page_last);
  g_test_add_func ("/DemoServer/list/page-empty-link", test_page_empty_link);
  g_test_add_func ("/DemoServer/list/page-zero", test_page_zero);
  g_test_add_func ("/DemoServer/list/start-end", test_start_end);
  g_test_add_func ("/DemoServer/list/start-limit", test_start_limit);
  g_test_add_func ("/DemoServer/list/sort-single", test_sort_single);
  g_test_add_func ("/DemoServer/list/sort-multiple", test_sort_multiple);
  g_test_add_func ("/DemoServer/list/sort-nested-and-nulls", test_sort_nested_and_nulls);
  g_test_add_func ("/DemoServer/list/full-text", test_full_text);
  g_test_add_func ("/DemoServer/list/full-text-nested", test_full_text_nested);
  g_test_add_func ("/DemoServer/list/filter-equal", test_filter_equal);
  g_test_add_func ("/DemoServer/list/filter-or-and", test_filter_or_and);
  g_test_add_func ("/DemoServer/list/filter-range", test_filter_range);
  g_test_add_func ("/DemoServer/list/filter-not-equal", test_filter_not_equal);
  g_test_add_func ("/DemoServer/list/filter-like", test_filter_like);
  g_test_add_func ("/DemoServer/list/filter-nested-path", test_filter_nested_path);
  g_test_add_func ("/DemoServer/list/filter-unknown-field", test_filter_unknown_field);
  g_test_add_func ("/DemoServer/list/nested-route", test_nested_route);

  g_test_add_func ("/DemoServer/record/get", test_get_record);
  g_test_add_func ("/DemoServer/record/unknown-routes", test_unknown_routes);
  g_test_add_func ("/DemoServer/http/cors-and-caching", test_cors_and_caching);

  g_test_add_func ("/DemoServer/write/create", test_create);
  g_test_add_func ("/DemoServer/write/create-with-id", test_create_with_id);
  g_test_add_func ("/DemoServer/write/replace", test_replace);
  g_test_add_func ("/DemoServer/write/update", test_update);
  g_test_add_func ("/DemoServer/write/delete-cascade", test_delete_cascade);
  g_test_add_func ("/DemoServer/write/delete-sets-null", test_delete_sets_null);
  g_test_add_func ("/DemoServer/write/method-override", test_method_override);

  g_test_add_func ("/DemoServer/validation/malformed-json", test_malformed_json);
  g_test_add_func ("/DemoServer/validation/body-not-object", test_body_not_object);
  g_test_add_func ("/DemoServer/validation/wrong-type", test_wrong_type);
  g_test_add_func ("/DemoServer/validation/nulls", test_nulls);
  g_test_add_func ("/DemoServer/validation/dangling-reference", test_dangling_reference);

  g_test_add_func ("/DemoServer/idempotency/post", test_idempotent_post);
  g_test_add_func ("/DemoServer/idempotency/patch", test_idempotent_patch);
  g_test_add_func ("/DemoServer/idempotency/delete-and-put", test_idempotent_delete_and_put);
  g_test_add_func ("/DemoServer/idempotency/key-reuse", test_idempotency_key_reuse);

  g_test_add_func ("/DemoServer/data-file/created", test_data_file_created);
  g_test_add_func ("/DemoServer/data-file/saves-after-delay", test_data_file_saves_after_delay);
  g_test_add_func ("/DemoServer/data-file/coalesced-and-reloaded", test_data_file_coalesced_and_reloaded);
  g_test_add_func ("/DemoServer/data-file/idempotency-restart", test_data_file_idempotency_restart);
  g_test_add_func ("/DemoServer/data-file/malformed", test_data_file_malformed);
  g_test_add_func ("/DemoServer/data-file/custom", test_data_file_custom);

  g_test_add_func ("/DemoServer/faults/failure-sequence", test_faults_failure_sequence);
  g_test_add_func ("/DemoServer/faults/failure-response", test_faults_failure_response);
  g_test_add_func ("/DemoServer/faults/drop", test_faults_drop);
  g_test_add_func ("/DemoServer/faults/mixed-sequence", test_faults_mixed_sequence);
  g_test_add_func ("/DemoServer/faults/latency", test_faults_latency);
  g_test_add_func ("/DemoServer/faults/stop-with-pending-request", test_stop_with_pending_request);

  g_test_add_func ("/DemoServer/lifecycle/restart-and-port-in-use", test_lifecycle);

  g_test_add_func ("/DemoServer/cli/serves-and-stops", test_cli_serves_and_stops);
  g_test_add_func ("/DemoServer/cli/data-file", test_cli_data_file);
  g_test_add_func ("/DemoServer/cli/malformed-data-file", test_cli_malformed_data_file);
  g_test_add_func ("/DemoServer/cli/bad-options", test_cli_bad_options);

  result = g_test_run ();

  g_clear_pointer (&all_tasks, json_array_unref);
  g_clear_pointer (&all_people, json_array_unref);
  gq_demo_server_stop (shared_server);
  g_clear_object (&shared_server);
  g_clear_pointer (&shared_base, g_free);
  g_clear_object (&session);

  return result;
}
