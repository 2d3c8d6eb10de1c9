/* test-list-models.c: GqJsonItem and the list models over real queries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The models follow queries of a real client on a manual scheduler; a
 * "server" in memory answers the query functions with fresh JSON each
 * call, so the pointer equality the models rely on comes from the engine's
 * structural sharing, as it does against a real server. Every items-changed
 * is recorded and the exact sequence asserted. */

#include <gquery-gtk.h>

#include "gq-test-gtk.h"
#include "gq-test-util.h"

/* ---- recording items-changed ------------------------------------------- */

typedef struct
{
  GListModel *model;
  GString    *log;
  guint       n_items_notifies;
} ChangeLog;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ChangeLog  *log)
{
  g_string_append_printf (log->log, "%s(%u,%u,%u)",
                          log->log->len > 0 ? " " : "", position, removed, added);
  /* The model is consistent when it announces a change (asking for an
   * item would start loading the next page of an infinite model). */
  g_assert_cmpuint (position + added, <=, g_list_model_get_n_items (model));
}

static void
on_n_items_notify (GObject    *model,
                   GParamSpec *pspec,
                   ChangeLog  *log)
{
  log->n_items_notifies++;
}

static void
change_log_init (ChangeLog  *log,
                 gpointer    model)
{
  log->model = model;
  log->log = g_string_new (NULL);
  log->n_items_notifies = 0;
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), log);
  g_signal_connect (model, "notify::n-items", G_CALLBACK (on_n_items_notify), log);
}

/* The changes since the last call, and forgets them. */
static char *
change_log_take (ChangeLog *log)
{
  char *text = g_strdup (log->log->str);

  g_string_truncate (log->log, 0);
  return text;
}

static void
change_log_clear (ChangeLog *log)
{
  g_signal_handlers_disconnect_by_data (log->model, log);
  g_string_free (log->log, TRUE);
}

#define assert_changes(log, expected) G_STMT_START { \
  g_autofree char *__changes = change_log_take (log); \
  g_assert_cmpstr (__changes, ==, expected); \
} G_STMT_END

/* Every item of @model, referenced. */
static GPtrArray *
snapshot_items (GListModel *model)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));

  return items;
}

static char *
item_string (GListModel *model,
             guint       position,
             const char *member)
{
  g_autoptr(GqJsonItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return gq_json_item_dup_string (item, member);
}

#define assert_item_string(model, position, member, expected) G_STMT_START { \
  g_autofree char *__text = item_string (G_LIST_MODEL (model), position, member); \
  g_assert_cmpstr (__text, ==, expected); \
} G_STMT_END

#define assert_item_string_of(item, member, expected) G_STMT_START { \
  g_autofree char *__text = gq_json_item_dup_string (item, member); \
  g_assert_cmpstr (__text, ==, expected); \
} G_STMT_END

/* ---- an in-memory server ----------------------------------------------- */

typedef struct
{
  GqTestEnv *env;
  guint      n_records;
  guint      page_size;
  GPtrArray *names;
  guint      calls;
  /* Hold the answers until server_release. */
  gboolean   hold;
  GPtrArray *pending;
  /* Answer {"message": ...} instead of the list. */
  gboolean   answer_object;
} Server;

static void
server_init (Server    *server,
             GqTestEnv *env,
             guint      n_records,
             guint      page_size)
{
  server->env = env;
  server->n_records = n_records;
  server->page_size = page_size;
  server->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_records; i++)
    g_ptr_array_add (server->names, g_strdup_printf ("Record %u", i));
  server->calls = 0;
  server->hold = FALSE;
  server->pending = g_ptr_array_new_with_free_func (g_object_unref);
  server->answer_object = FALSE;
}

static void
server_clear (Server *server)
{
  g_assert_cmpuint (server->pending->len, ==, 0);
  g_ptr_array_unref (server->pending);
  g_ptr_array_unref (server->names);
}

static void
server_rename (Server     *server,
               guint       index,
               const char *name)
{
  g_free (g_ptr_array_index (server->names, index));
  g_ptr_array_index (server->names, index) = g_strdup (name);
}

static JsonNode *
server_records (Server *server,
                guint   first,
                guint   count)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = first; i < first + count && i < server->n_records; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, i + 1);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, g_ptr_array_index (server->names, i));
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, i * 0.5);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/* A page of the REST source's shape: {"items", "total", "next"}. */
static JsonNode *
server_page (Server *server,
             guint   page)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (object, "items", server_records (server, page * server->page_size, server->page_size));
  json_object_set_int_member (object, "total", server->n_records);
  if ((page + 1) * server->page_size < server->n_records)
    json_object_set_int_member (object, "next", page + 1);
  else
    json_object_set_null_member (object, "next");
  json_node_take_object (node, object);

  return node;
}

static void
server_answer (Server         *server,
               GqFetchContext *context)
{
  JsonNode *param = gq_fetch_context_get_page_param (context);
  g_autoptr(JsonNode) answer = NULL;

  if (server->answer_object)
    answer = gq_test_json ("{\"message\": \"not a list\"}");
  else if (param != NULL)
    answer = server_page (server, json_node_get_int (param));
  else
    {
      JsonObject *object = json_object_new ();

      answer = json_node_new (JSON_NODE_OBJECT);
      json_object_set_member (object, "items", server_records (server, 0, server->n_records));
      json_node_take_object (answer, object);
    }

  gq_fetch_context_resolve (context, answer);
}

static void
server_query_func (GqFetchContext *context,
                   gpointer        user_data)
{
  Server *server = user_data;

  server->calls++;

  if (server->hold)
    g_ptr_array_add (server->pending, g_object_ref (context));
  else
    server_answer (server, context);
}

static void
server_release (Server *server)
{
  g_autoptr(GPtrArray) pending = g_steal_pointer (&server->pending);

  server->pending = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < pending->len; i++)
    server_answer (server, g_ptr_array_index (pending, i));
  gq_test_flush (server->env);
}

static JsonNode *
next_page_param (JsonNode *page,
                 JsonNode *all_pages,
                 JsonNode *page_param,
                 JsonNode *all_page_params,
                 gpointer  user_data)
{
  JsonObject *object = json_node_get_object (page);
  JsonNode *next = json_object_get_member (object, "next");

  if (next == NULL || JSON_NODE_HOLDS_NULL (next))
    return NULL;

  return json_node_copy (next);
}

static GqInfiniteQueryObserver *
server_infinite_observer (Server *server,
                          guint   max_pages)
{
  g_autoptr(JsonNode) key = gq_test_json ("[\"records\", \"infinite\"]");
  g_autoptr(JsonNode) first = gq_test_json ("0");
  g_autoptr(GqInfiniteQueryOptions) options = gq_infinite_query_options_new (key, first);

  gq_query_options_set_query_func (GQ_QUERY_OPTIONS (options), server_query_func, server, NULL);
  gq_query_options_set_retry (GQ_QUERY_OPTIONS (options), 0);
  gq_infinite_query_options_set_get_next_page_param_func (options, next_page_param, NULL, NULL);
  gq_infinite_query_options_set_max_pages (options, max_pages);

  return gq_infinite_query_observer_new (server->env->client, options);
}

static GqQueryObserver *
server_list_observer (Server *server)
{
  g_autoptr(JsonNode) key = gq_test_json ("[\"records\", \"all\"]");
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);

  gq_query_options_set_query_func (options, server_query_func, server, NULL);
  gq_query_options_set_retry (options, 0);

  return gq_query_observer_new (server->env->client, options);
}

static void
refetch (GqTestEnv       *env,
         GqQueryObserver *observer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GqQueryResult) result = gq_test_refetch (env, observer, GQ_REFETCH_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  gq_test_flush (env);
}

static void
fetch_next_page (GqTestEnv           *env,
                 GqInfiniteListModel *model)
{
  guint n_pages = gq_infinite_list_model_get_n_pages (model);

  g_assert_true (gq_infinite_list_model_load_more (model));
  for (guint i = 0; i < 10 && gq_infinite_list_model_get_n_pages (model) == n_pages; i++)
    gq_test_flush (env);
  gq_test_flush (env);
  g_assert_false (gq_infinite_list_model_get_loading_more (model));
}

/* ---- GqJsonItem -------------------------------------------------------- */

static void
test_item_members (void)
{
  g_autoptr(JsonNode) node = gq_test_json ("{\"id\": 7, \"name\": \"Ada\", \"age\": 36.0,"
                                           " \"ratio\": 0.1, \"big\": 2.5e20, \"half\": -2.5,"
                                           " \"admin\": true, \"nothing\": null,"
                                           " \"tags\": [\"a\", 1], \"address\": {\"city\": \"Paris\", \"geo\": {\"lat\": 48.5}},"
                                           " \"a.b\": \"literal\", \"count\": \"12\"}");
  g_autoptr(GqJsonItem) item = gq_json_item_new (node);
  struct { const char *member; const char *text; } cases[] = {
    { "name", "Ada" },
    { "id", "7" },
    { "age", "36" },
    { "ratio", "0.1" },
    { "big", "2.5e+20" },
    { "half", "-2.5" },
    { "admin", "true" },
    { "nothing", NULL },
    { "missing", NULL },
    { "tags", "[\"a\",1]" },
    { "address", "{\"city\":\"Paris\",\"geo\":{\"lat\":48.5}}" },
    { "address.city", "Paris" },
    { "address.geo.lat", "48.5" },
    { "address.zip", NULL },
    { "name.first", NULL },
    { "a.b", "literal" },
    { ".", NULL },
    { "address.", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = gq_json_item_dup_string (item, cases[i].member);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  g_assert_cmpstr (gq_json_item_get_id (item), ==, "7");
  g_assert_true (gq_json_item_has_member (item, "nothing"));
  g_assert_true (gq_json_item_has_member (item, "address.geo"));
  g_assert_false (gq_json_item_has_member (item, "address.country"));

  g_assert_cmpint (gq_json_item_get_int (item, "id", -1), ==, 7);
  g_assert_cmpint (gq_json_item_get_int (item, "age", -1), ==, 36);
  g_assert_cmpint (gq_json_item_get_int (item, "half", -1), ==, -2);
  g_assert_cmpint (gq_json_item_get_int (item, "count", -1), ==, 12);
  g_assert_cmpint (gq_json_item_get_int (item, "name", -1), ==, -1);
  g_assert_cmpint (gq_json_item_get_int (item, "big", -1), ==, -1);
  g_assert_cmpint (gq_json_item_get_int (item, "missing", 5), ==, 5);
  g_assert_cmpfloat (gq_json_item_get_double (item, "ratio", -1), ==, 0.1);
  g_assert_cmpfloat (gq_json_item_get_double (item, "id", -1), ==, 7.0);
  g_assert_cmpfloat (gq_json_item_get_double (item, "address.geo.lat", -1), ==, 48.5);
  g_assert_cmpfloat (gq_json_item_get_double (item, "name", -1.5), ==, -1.5);
  g_assert_true (gq_json_item_get_boolean (item, "admin", FALSE));
  g_assert_false (gq_json_item_get_boolean (item, "nothing", FALSE));
  g_assert_true (gq_json_item_get_boolean (item, "id", TRUE));

  /* The item shares a sealed node, and seals a copy of another. */
  {
    g_autoptr(JsonNode) sealed = gq_json_seal_copy (node);
    g_autoptr(GqJsonItem) shared = gq_json_item_new (sealed);
    g_autoptr(JsonNode) unsealed = json_from_string ("{\"name\": \"Bo\"}", NULL);
    g_autoptr(GqJsonItem) copied = gq_json_item_new (unsealed);

    g_assert_true (gq_json_item_get_node (shared) == sealed);
    g_assert_true (gq_json_item_get_node (copied) != unsealed);
    g_assert_true (json_node_is_immutable (gq_json_item_get_node (copied)));
    json_object_set_string_member (json_node_get_object (unsealed), "name", "Changed");
    assert_item_string_of (copied, "name", "Bo");
  }
}

static void
test_item_ids (void)
{
  struct { const char *json; const char *id; } cases[] = {
    { "{\"id\": \"abc\"}", "abc" },
    { "{\"id\": 12.0}", "12" },
    { "{\"id\": null}", NULL },
    { "{\"name\": 1}", NULL },
    { "[1, 2]", NULL },
    { "\"text\"", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = gq_test_json (cases[i].json);
      g_autoptr(GqJsonItem) item = gq_json_item_new (node);
      g_autofree char *id = NULL;

      g_object_get (item, "id", &id, NULL);
      g_assert_cmpstr (id, ==, cases[i].id);
    }
}

static void
test_item_expression (void)
{
  g_autoptr(JsonNode) node = gq_test_json ("{\"name\": \"Ada\", \"address\": {\"city\": \"Paris\"}}");
  g_autoptr(GqJsonItem) item = gq_json_item_new (node);
  g_autoptr(GtkExpression) of_this = gq_json_item_expression_new (NULL, "address.city");
  g_autoptr(GtkExpression) of_object = gq_json_item_expression_new (gtk_object_expression_new (G_OBJECT (item)), "name");
  g_autoptr(GtkExpression) of_nothing = gq_json_item_expression_new (gtk_constant_expression_new (GQ_TYPE_JSON_ITEM, NULL), "name");
  g_auto(GValue) value = G_VALUE_INIT;
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("before"));
  GtkExpressionWatch *watch;

  g_assert_cmpint (gtk_expression_get_value_type (of_this), ==, G_TYPE_STRING);

  g_assert_true (gtk_expression_evaluate (of_this, item, &value));
  g_assert_cmpstr (g_value_get_string (&value), ==, "Paris");
  g_value_unset (&value);

  g_assert_true (gtk_expression_evaluate (of_object, NULL, &value));
  g_assert_cmpstr (g_value_get_string (&value), ==, "Ada");
  g_value_unset (&value);

  /* A list item without its item yet reads NULL, without a warning. */
  g_assert_true (gtk_expression_evaluate (of_nothing, NULL, &value));
  g_assert_null (g_value_get_string (&value));
  g_value_unset (&value);

  watch = gtk_expression_bind (gtk_expression_ref (of_this), label, "label", item);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Paris");
  gtk_expression_watch_unwatch (watch);
  g_object_unref (label);
}

/* ---- GqJsonListModel --------------------------------------------------- */

typedef struct
{
  GqJsonListModel *model;
  ChangeLog        log;
  JsonNode        *current;
} ListFixture;

static void
list_fixture_setup (ListFixture   *fixture,
                    gconstpointer  data)
{
  fixture->model = gq_json_list_model_new ();
  change_log_init (&fixture->log, fixture->model);
  fixture->current = NULL;
}

static void
list_fixture_teardown (ListFixture   *fixture,
                       gconstpointer  data)
{
  change_log_clear (&fixture->log);
  g_assert_finalize_object (fixture->model);
  g_clear_pointer (&fixture->current, json_node_unref);
}

/* Sets @text as the engine would store it: structurally shared with the
 * previous data. */
static void
list_fixture_set (ListFixture *fixture,
                  const char  *text)
{
  g_autoptr(JsonNode) parsed = gq_test_json (text);
  JsonNode *shared;

  json_node_seal (parsed);
  shared = fixture->current != NULL ? gq_json_replace_equal_deep (fixture->current, parsed)
                                    : json_node_ref (parsed);
  g_clear_pointer (&fixture->current, json_node_unref);
  fixture->current = shared;
  gq_json_list_model_set_array (fixture->model, shared);
}

/* Sets an array made of the current array's elements (by index) and new
 * values (JSON without spaces), as an optimistic update filtering or
 * inserting into the cached list does. */
static void
list_fixture_pick (ListFixture *fixture,
                   const char  *spec)
{
  g_auto(GStrv) tokens = g_strsplit (spec, " ", -1);
  JsonArray *current = json_node_get_array (fixture->current);
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (g_ascii_isdigit (tokens[i][0]))
        json_array_add_element (array, json_node_ref (json_array_get_element (current, atoi (tokens[i]))));
      else
        json_array_add_element (array, gq_test_json (tokens[i]));
    }
  json_node_take_array (node, array);
  json_node_seal (node);

  g_clear_pointer (&fixture->current, json_node_unref);
  fixture->current = node;
  gq_json_list_model_set_array (fixture->model, node);
}

static void
assert_same_items (GPtrArray  *before,
                   guint       from,
                   GListModel *model,
                   guint       to,
                   guint       count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, to + i);

      g_assert_true (item == g_ptr_array_index (before, from + i));
    }
}

static void
test_list_diffs (ListFixture   *fixture,
                 gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->model);
  g_autoptr(GPtrArray) before = NULL;

  g_assert_cmpint (g_list_model_get_item_type (model), ==, GQ_TYPE_JSON_ITEM);
  g_assert_false (gq_json_list_model_get_is_array (fixture->model));

  list_fixture_set (fixture, "[{\"id\":1},{\"id\":2},{\"id\":3}]");
  assert_changes (&fixture->log, "(0,0,3)");
  g_assert_true (gq_json_list_model_get_is_array (fixture->model));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_null (g_list_model_get_item (model, 3));
  before = snapshot_items (model);

  /* Appended records: one append, the items kept. */
  list_fixture_set (fixture, "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5}]");
  assert_changes (&fixture->log, "(3,0,2)");
  assert_same_items (before, 0, model, 0, 3);
  g_clear_pointer (&before, g_ptr_array_unref);
  before = snapshot_items (model);

  /* The same data again: nothing. */
  list_fixture_set (fixture, "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5}]");
  assert_changes (&fixture->log, "");

  /* One record changed: one 1-for-1 change. */
  list_fixture_set (fixture, "[{\"id\":1},{\"id\":2},{\"id\":3,\"x\":1},{\"id\":4},{\"id\":5}]");
  assert_changes (&fixture->log, "(2,1,1)");
  assert_same_items (before, 0, model, 0, 2);
  assert_same_items (before, 3, model, 3, 2);
  {
    g_autoptr(GObject) changed = g_list_model_get_item (model, 2);

    g_assert_true (changed != g_ptr_array_index (before, 2));
  }
  assert_item_string (model, 2, "x", "1");
  g_clear_pointer (&before, g_ptr_array_unref);
  before = snapshot_items (model);

  /* A removal in the middle, the other elements kept by pointer. */
  list_fixture_pick (fixture, "0 1 3 4");
  assert_changes (&fixture->log, "(2,1,0)");
  assert_same_items (before, 3, model, 2, 2);

  /* An insertion in the middle. */
  list_fixture_pick (fixture, "0 {\"id\":9} 1 2 3");
  assert_changes (&fixture->log, "(1,0,1)");
  assert_same_items (before, 0, model, 0, 1);
  assert_same_items (before, 1, model, 2, 1);
  g_clear_pointer (&before, g_ptr_array_unref);
  before = snapshot_items (model);

  /* Two scattered changes: one run, and the record between them keeps
   * its item. */
  list_fixture_pick (fixture, "0 {\"id\":9,\"x\":1} 2 {\"id\":4,\"x\":1} 4");
  assert_changes (&fixture->log, "(1,3,3)");
  assert_same_items (before, 2, model, 2, 1);
  assert_same_items (before, 4, model, 4, 1);

  /* Moved records keep their items too (a sort order flipped). */
  g_clear_pointer (&before, g_ptr_array_unref);
  before = snapshot_items (model);
  list_fixture_pick (fixture, "4 3 2 1 0");
  assert_changes (&fixture->log, "(0,5,5)");
  for (guint i = 0; i < 5; i++)
    assert_same_items (before, i, model, 4 - i, 1);

  /* Structural sharing compares arrays position by position: a record
   * removed or inserted in the middle leaves the records after it equal but
   * not pointer-equal, and they keep their items all the same. */
  list_fixture_set (fixture, "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5}]");
  assert_changes (&fixture->log, "(0,5,5)");
  g_clear_pointer (&before, g_ptr_array_unref);
  before = snapshot_items (model);
  list_fixture_set (fixture, "[{\"id\":1},{\"id\":2},{\"id\":4},{\"id\":5}]");
  assert_changes (&fixture->log, "(2,1,0)");
  assert_same_items (before, 0, model, 0, 2);
  assert_same_items (before, 3, model, 2, 2);
  list_fixture_set (fixture, "[{\"id\":1},{\"id\":2},{\"id\":7},{\"id\":8},{\"id\":4},{\"id\":5}]");
  assert_changes (&fixture->log, "(2,0,2)");
  assert_same_items (before, 3, model, 4, 2);

  /* Everything removed. */
  list_fixture_set (fixture, "[]");
  assert_changes (&fixture->log, "(0,6,0)");
  g_assert_true (gq_json_list_model_get_is_array (fixture->model));
  g_assert_cmpuint (fixture->log.n_items_notifies, ==, 7);
}

static void
test_list_not_arrays (ListFixture   *fixture,
                      gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->model);
  g_autoptr(JsonNode) object = gq_test_json ("{\"items\": [1, 2]}");
  g_autoptr(JsonNode) string = gq_test_json ("\"<html>\"");
  g_autoptr(JsonNode) unsealed = json_from_string ("[1, 2, 3]", NULL);

  gq_json_list_model_set_array (fixture->model, NULL);
  assert_changes (&fixture->log, "");

  /* An unsealed array is copied: changing it later changes nothing shown. */
  gq_json_list_model_set_array (fixture->model, unsealed);
  assert_changes (&fixture->log, "(0,0,3)");
  g_assert_true (gq_json_list_model_get_array (fixture->model) != unsealed);
  json_array_add_int_element (json_node_get_array (unsealed), 4);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  assert_item_string (model, 2, "x", NULL);
  {
    g_autoptr(GqJsonItem) third = g_list_model_get_item (model, 2);

    g_assert_cmpint (json_node_get_int (gq_json_item_get_node (third)), ==, 3);
  }

  gq_json_list_model_set_array (fixture->model, object);
  assert_changes (&fixture->log, "(0,3,0)");
  g_assert_false (gq_json_list_model_get_is_array (fixture->model));
  g_assert_null (gq_json_list_model_get_array (fixture->model));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  gq_json_list_model_set_array (fixture->model, string);
  assert_changes (&fixture->log, "");
  g_assert_false (gq_json_list_model_get_is_array (fixture->model));

  gq_json_list_model_set_array (fixture->model, unsealed);
  assert_changes (&fixture->log, "(0,0,4)");
  gq_json_list_model_set_array (fixture->model, NULL);
  assert_changes (&fixture->log, "(0,4,0)");
  g_assert_false (gq_json_list_model_get_is_array (fixture->model));
}

/* 100 000 records appended by 1 000: each append walks the shared prefix
 * by pointer only, and items are created only when asked for. */
static void
test_list_large (ListFixture   *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) previous = NULL;
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  for (guint i = 0; i < 100000; i++)
    {
      JsonNode *element = json_node_init_int (json_node_alloc (), i);

      json_node_seal (element);
      json_array_add_element (array, element);
    }
  json_node_seal (node);

  gq_json_list_model_set_array (fixture->model, node);
  assert_changes (&fixture->log, "(0,0,100000)");
  assert_item_string (fixture->model, 99999, "x", NULL);
  {
    g_autoptr(GqJsonItem) last = g_list_model_get_item (G_LIST_MODEL (fixture->model), 99999);

    g_assert_cmpint (json_node_get_int (gq_json_item_get_node (last)), ==, 99999);
  }
}

/* ---- GqQueryListModel -------------------------------------------------- */

static void
test_query_list_model (void)
{
  GqTestEnv env;
  Server server;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryListModel) model = NULL;
  g_autoptr(GPtrArray) before = NULL;
  ChangeLog log;

  gq_test_env_init (&env);
  server_init (&server, &env, 6, 0);
  observer = server_list_observer (&server);
  model = gq_query_list_model_new (observer, "items");
  change_log_init (&log, model);

  g_assert_true (gq_query_list_model_get_observer (model) == observer);
  g_assert_cmpstr (gq_query_list_model_get_items_member (model), ==, "items");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_false (gq_query_list_model_get_is_array (model));

  gq_query_observer_subscribe (observer);
  gq_test_flush (&env);
  g_assert_cmpuint (server.calls, ==, 1);
  assert_changes (&log, "(0,0,6)");
  g_assert_true (gq_query_list_model_get_is_array (model));
  assert_item_string (model, 5, "name", "Record 5");
  before = snapshot_items (G_LIST_MODEL (model));

  /* A refetch with one record renamed on the server: one 1-for-1 change,
   * every other item the same object. */
  server_rename (&server, 4, "Renamed");
  refetch (&env, observer);
  g_assert_cmpuint (server.calls, ==, 2);
  assert_changes (&log, "(4,1,1)");
  assert_same_items (before, 0, G_LIST_MODEL (model), 0, 4);
  assert_same_items (before, 5, G_LIST_MODEL (model), 5, 1);
  assert_item_string (model, 4, "name", "Renamed");

  /* A refetch with nothing changed: no signal. */
  refetch (&env, observer);
  assert_changes (&log, "");

  /* The server answers an object without the member: an empty list. */
  server.answer_object = TRUE;
  refetch (&env, observer);
  assert_changes (&log, "(0,6,0)");
  g_assert_false (gq_query_list_model_get_is_array (model));

  gq_query_observer_unsubscribe (observer);
  change_log_clear (&log);
  g_clear_pointer (&before, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&model));
  g_clear_object (&observer);
  server_clear (&server);
  gq_test_env_clear (&env);
}

/* The data is the array itself, and the model is made after the data. */
static void
test_query_list_model_array_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_test_json ("[\"plain\"]");
  g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqQueryListModel) model = NULL;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "[\"a\", 2.0, {\"id\": 3}]");
  gq_query_options_set_enabled (options, FALSE);
  observer = gq_query_observer_new (env.client, options);
  model = gq_query_list_model_new (observer, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  {
    g_autoptr(GqJsonItem) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(GqJsonItem) third = g_list_model_get_item (G_LIST_MODEL (model), 2);

    g_assert_cmpstr (json_node_get_string (gq_json_item_get_node (first)), ==, "a");
    g_assert_cmpstr (gq_json_item_get_id (third), ==, "3");
  }

  g_assert_finalize_object (g_steal_pointer (&model));
  g_clear_object (&observer);
  gq_test_env_clear (&env);
}

/* ---- GqInfiniteListModel ----------------------------------------------- */

typedef struct
{
  GqTestEnv                env;
  Server                   server;
  GqInfiniteQueryObserver *observer;
  GqInfiniteListModel     *model;
  ChangeLog                log;
} InfiniteFixture;

static void
infinite_fixture_setup (InfiniteFixture *fixture,
                        guint            n_records,
                        guint            page_size,
                        guint            max_pages)
{
  gq_test_env_init (&fixture->env);
  server_init (&fixture->server, &fixture->env, n_records, page_size);
  fixture->observer = server_infinite_observer (&fixture->server, max_pages);
  fixture->model = gq_infinite_list_model_new (fixture->observer, "items");
  change_log_init (&fixture->log, fixture->model);
}

static void
infinite_fixture_teardown (InfiniteFixture *fixture)
{
  if (gq_query_observer_is_subscribed (GQ_QUERY_OBSERVER (fixture->observer)))
    gq_query_observer_unsubscribe (GQ_QUERY_OBSERVER (fixture->observer));
  change_log_clear (&fixture->log);
  g_assert_finalize_object (fixture->model);
  g_clear_object (&fixture->observer);
  server_clear (&fixture->server);
  gq_test_env_clear (&fixture->env);
}

static void
infinite_fixture_start (InfiniteFixture *fixture)
{
  gq_query_observer_subscribe (GQ_QUERY_OBSERVER (fixture->observer));
  for (guint i = 0; i < 10 && gq_infinite_list_model_get_n_pages (fixture->model) == 0; i++)
    gq_test_flush (&fixture->env);
  g_assert_cmpuint (gq_infinite_list_model_get_n_pages (fixture->model), ==, 1);
}

static void
test_infinite_pages (void)
{
  InfiniteFixture fixture;
  GListModel *model;
  g_autoptr(GPtrArray) before = NULL;

  infinite_fixture_setup (&fixture, 50, 20, 0);
  model = G_LIST_MODEL (fixture.model);

  g_assert_cmpuint (gq_infinite_list_model_get_load_ahead (fixture.model), ==, 20);
  g_assert_false (gq_infinite_list_model_get_has_more (fixture.model));
  g_assert_false (gq_infinite_list_model_load_more (fixture.model));

  infinite_fixture_start (&fixture);
  assert_changes (&fixture.log, "(0,0,20)");
  g_assert_true (gq_infinite_list_model_get_has_more (fixture.model));
  g_assert_cmpuint (fixture.server.calls, ==, 1);
  before = snapshot_items (model);

  /* A new page: one append, the items held kept. */
  fetch_next_page (&fixture.env, fixture.model);
  assert_changes (&fixture.log, "(20,0,20)");
  g_assert_cmpuint (fixture.server.calls, ==, 2);
  assert_same_items (before, 0, model, 0, 20);
  assert_item_string (model, 39, "name", "Record 39");
  assert_item_string (model, 39, "id", "40");
  assert_item_string (model, 39, "score", "19.5");
  assert_item_string (model, 38, "score", "19");

  fetch_next_page (&fixture.env, fixture.model);
  assert_changes (&fixture.log, "(40,0,10)");
  g_assert_false (gq_infinite_list_model_get_has_more (fixture.model));
  g_assert_false (gq_infinite_list_model_load_more (fixture.model));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 50);
  g_assert_cmpuint (fixture.log.n_items_notifies, ==, 3);
  g_clear_pointer (&before, g_ptr_array_unref);
  before = snapshot_items (model);

  /* A refetch of every page where one record of the second page changed:
   * one 1-for-1 change, every other item the same object. */
  server_rename (&fixture.server, 27, "Renamed");
  refetch (&fixture.env, GQ_QUERY_OBSERVER (fixture.observer));
  g_assert_cmpuint (fixture.server.calls, ==, 6);
  assert_changes (&fixture.log, "(27,1,1)");
  assert_same_items (before, 0, model, 0, 27);
  assert_same_items (before, 28, model, 28, 22);
  assert_item_string (model, 27, "name", "Renamed");

  /* A refetch with nothing changed: no signal. */
  refetch (&fixture.env, GQ_QUERY_OBSERVER (fixture.observer));
  assert_changes (&fixture.log, "");

  g_clear_pointer (&before, g_ptr_array_unref);
  infinite_fixture_teardown (&fixture);
}

static void
test_infinite_max_pages (void)
{
  InfiniteFixture fixture;
  g_autoptr(GPtrArray) before = NULL;

  infinite_fixture_setup (&fixture, 100, 10, 2);
  infinite_fixture_start (&fixture);
  fetch_next_page (&fixture.env, fixture.model);
  assert_changes (&fixture.log, "(0,0,10) (10,0,10)");
  before = snapshot_items (G_LIST_MODEL (fixture.model));

  /* The third page drops the first: one removal at 0, then one append. */
  fetch_next_page (&fixture.env, fixture.model);
  assert_changes (&fixture.log, "(0,10,0) (10,0,10)");
  g_assert_cmpuint (gq_infinite_list_model_get_n_pages (fixture.model), ==, 2);
  assert_same_items (before, 10, G_LIST_MODEL (fixture.model), 0, 10);
  assert_item_string (fixture.model, 0, "name", "Record 10");
  assert_item_string (fixture.model, 19, "name", "Record 29");

  g_clear_pointer (&before, g_ptr_array_unref);
  infinite_fixture_teardown (&fixture);
}

/* However many items near the end a view asks for, one request per page,
 * started from an idle, never inside get_item. */
static void
test_infinite_load_ahead (void)
{
  InfiniteFixture fixture;
  GListModel *model;

  infinite_fixture_setup (&fixture, 100, 20, 0);
  model = G_LIST_MODEL (fixture.model);
  gq_infinite_list_model_set_load_ahead (fixture.model, 5);
  infinite_fixture_start (&fixture);
  assert_changes (&fixture.log, "(0,0,20)");

  /* Far from the end: nothing. */
  for (guint i = 0; i < 15; i++)
    g_object_unref (g_list_model_get_item (model, i));
  gq_test_flush (&fixture.env);
  g_assert_cmpuint (fixture.server.calls, ==, 1);

  /* Near the end, asked fifty times: one request, after get_item. */
  fixture.server.hold = TRUE;
  for (guint i = 0; i < 50; i++)
    g_object_unref (g_list_model_get_item (model, 15 + i % 5));
  g_assert_cmpuint (fixture.server.calls, ==, 1);
  gq_test_flush (&fixture.env);
  g_assert_cmpuint (fixture.server.calls, ==, 2);
  g_assert_true (gq_infinite_list_model_get_loading_more (fixture.model));

  /* Asked again while the page is fetched: still one. */
  for (guint i = 0; i < 50; i++)
    g_object_unref (g_list_model_get_item (model, 19));
  gq_test_flush (&fixture.env);
  g_assert_false (gq_infinite_list_model_load_more (fixture.model));
  g_assert_cmpuint (fixture.server.calls, ==, 2);

  fixture.server.hold = FALSE;
  server_release (&fixture.server);
  gq_test_flush (&fixture.env);
  assert_changes (&fixture.log, "(20,0,20)");
  g_assert_false (gq_infinite_list_model_get_loading_more (fixture.model));

  /* The new end is far from the items asked before. */
  g_object_unref (g_list_model_get_item (model, 19));
  gq_test_flush (&fixture.env);
  g_assert_cmpuint (fixture.server.calls, ==, 2);

  /* Near the new end: the third page. */
  g_object_unref (g_list_model_get_item (model, 35));
  gq_test_flush (&fixture.env);
  gq_test_flush (&fixture.env);
  g_assert_cmpuint (fixture.server.calls, ==, 3);
  assert_changes (&fixture.log, "(40,0,20)");

  /* Out of range: NULL, no request. */
  g_assert_null (g_list_model_get_item (model, 60));

  infinite_fixture_teardown (&fixture);
}

/* Data that is not pages of arrays shows as empty pages, without a crash. */
static void
test_infinite_bad_pages (void)
{
  InfiniteFixture fixture;

  infinite_fixture_setup (&fixture, 10, 5, 0);
  fixture.server.answer_object = TRUE;
  gq_query_observer_subscribe (GQ_QUERY_OBSERVER (fixture.observer));
  for (guint i = 0; i < 5; i++)
    gq_test_flush (&fixture.env);

  g_assert_cmpuint (gq_infinite_list_model_get_n_pages (fixture.model), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture.model), 0));
  assert_changes (&fixture.log, "");

  infinite_fixture_teardown (&fixture);
}

/* ---- widget-bound observers -------------------------------------------- */

static void
toggle_focus (GqTestEnv *env)
{
  gq_focus_manager_set_focused (env->focus, FALSE);
  gq_test_flush (env);
  gq_focus_manager_set_focused (env->focus, TRUE);
  gq_test_flush (env);
}

static gboolean
is_subscribed (gpointer observer)
{
  return gq_query_observer_is_subscribed (observer);
}

static void
test_widget_observer (void)
{
  GqTestEnv env;
  g_autoptr(GqTestFetcher) fetcher_a = NULL;
  g_autoptr(GqTestFetcher) fetcher_b = NULL;
  g_autoptr(JsonNode) key_a = gq_test_json ("[\"a\"]");
  g_autoptr(JsonNode) key_b = gq_test_json ("[\"b\"]");
  g_autoptr(GqQueryOptions) options_a = NULL;
  g_autoptr(GqQueryOptions) options_b = NULL;
  GqQueryObserver *observer_a;
  GqQueryObserver *observer_b;
  GtkWidget *window, *box, *label_a, *label_b;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  gq_focus_manager_set_focused (env.focus, TRUE);
  fetcher_a = gq_test_fetcher_new (&env);
  fetcher_b = gq_test_fetcher_new (&env);
  options_a = gq_test_options_new (key_a, fetcher_a);
  options_b = gq_test_options_new (key_b, fetcher_b);
  observer_a = gq_query_observer_new (env.client, options_a);
  observer_b = gq_query_observer_new (env.client, options_b);

  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label_a = gtk_label_new ("a");
  label_b = gtk_label_new ("b");
  gtk_box_append (GTK_BOX (box), label_a);
  gtk_box_append (GTK_BOX (box), label_b);
  gtk_window_set_child (GTK_WINDOW (window), box);

  gq_widget_bind_observer (label_a, observer_a);
  gq_widget_bind_observer (label_a, observer_a);
  gq_widget_bind_observer (label_b, observer_b);
  g_assert_true (gq_widget_has_bound_observer (label_a, observer_a));
  g_assert_false (gq_widget_has_bound_observer (label_a, observer_b));

  /* Not mapped yet: not subscribed, nothing fetched. */
  gq_test_flush (&env);
  g_assert_false (gq_query_observer_is_subscribed (observer_a));
  g_assert_cmpuint (fetcher_a->calls, ==, 0);

  gtk_widget_set_visible (label_b, FALSE);
  gq_test_gtk_show_window (GTK_WINDOW (window));
  gq_test_flush (&env);
  g_assert_true (gq_query_observer_is_subscribed (observer_a));
  g_assert_false (gq_query_observer_is_subscribed (observer_b));
  g_assert_cmpuint (fetcher_a->calls, ==, 1);
  g_assert_cmpuint (fetcher_b->calls, ==, 0);

  /* A focus change refetches the mapped widget's query only. */
  toggle_focus (&env);
  g_assert_cmpuint (fetcher_a->calls, ==, 2);
  g_assert_cmpuint (fetcher_b->calls, ==, 0);

  gtk_widget_set_visible (label_b, TRUE);
  g_assert_true (gq_test_gtk_wait_until (is_subscribed, observer_b, 5000));
  gq_test_flush (&env);
  g_assert_cmpuint (fetcher_b->calls, ==, 1);
  gtk_widget_set_visible (label_a, FALSE);
  g_assert_false (gq_query_observer_is_subscribed (observer_a));

  toggle_focus (&env);
  g_assert_cmpuint (fetcher_a->calls, ==, 2);
  g_assert_cmpuint (fetcher_b->calls, ==, 2);

  /* Removed from the window and freed: the observer goes with it. */
  g_object_add_weak_pointer (G_OBJECT (observer_a), (gpointer *) &observer_a);
  g_object_unref (observer_a);
  g_assert_nonnull (observer_a);
  gtk_box_remove (GTK_BOX (box), label_a);
  g_assert_null (observer_a);

  /* Removed but alive: unmapped, unsubscribed, still bound; then unbound. */
  g_object_ref (label_b);
  gtk_box_remove (GTK_BOX (box), label_b);
  g_assert_false (gq_query_observer_is_subscribed (observer_b));
  g_assert_true (gq_widget_has_bound_observer (label_b, observer_b));
  gq_widget_unbind_observer (label_b, observer_b);
  g_assert_false (gq_widget_has_bound_observer (label_b, observer_b));
  g_object_unref (label_b);

  /* Bound to a mapped window: subscribed at once; the window destroyed,
   * unsubscribed and released. */
  gq_widget_bind_observer (window, observer_b);
  g_assert_true (gq_query_observer_is_subscribed (observer_b));
  g_object_add_weak_pointer (G_OBJECT (observer_b), (gpointer *) &observer_b);
  g_object_unref (observer_b);
  g_assert_nonnull (observer_b);
  gq_test_gtk_destroy_window (GTK_WINDOW (window));
  g_assert_false (gq_query_observer_is_subscribed (observer_b));
  gq_test_flush (&env);
  g_assert_null (observer_b);

  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* ---- a GtkListView scrolled to its end --------------------------------- */

static const char row_ui[] =
  "<interface>"
  "  <template class=\"GtkListItem\">"
  "    <property name=\"child\">"
  "      <object class=\"GtkBox\">"
  "        <property name=\"spacing\">12</property>"
  "        <property name=\"margin-start\">12</property>"
  "        <property name=\"margin-end\">12</property>"
  "        <property name=\"margin-top\">9</property>"
  "        <property name=\"margin-bottom\">9</property>"
  "        <child>"
  "          <object class=\"GtkLabel\">"
  "            <property name=\"xalign\">0</property>"
  "            <property name=\"hexpand\">1</property>"
  "            <binding name=\"label\">"
  "              <closure type=\"gchararray\" function=\"gq_json_item_closure_dup_string\">"
  "                <lookup name=\"item\">GtkListItem</lookup>"
  "                <constant type=\"gchararray\">name</constant>"
  "              </closure>"
  "            </binding>"
  "          </object>"
  "        </child>"
  "        <child>"
  "          <object class=\"GtkLabel\">"
  "            <style><class name=\"dim-label\"/><class name=\"numeric\"/></style>"
  "            <binding name=\"label\">"
  "              <closure type=\"gchararray\" function=\"gq_json_item_closure_dup_string\">"
  "                <lookup name=\"item\">GtkListItem</lookup>"
  "                <constant type=\"gchararray\">score</constant>"
  "              </closure>"
  "            </binding>"
  "          </object>"
  "        </child>"
  "      </object>"
  "    </property>"
  "  </template>"
  "</interface>";

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;

  return FALSE;
}

static gboolean
has_pages (gpointer user_data)
{
  InfiniteFixture *fixture = user_data;

  /* The engine's timers and notification batches run on the manual
   * scheduler: they advance as the display's events do. */
  gq_test_flush (&fixture->env);

  return gq_infinite_list_model_get_n_pages (fixture->model) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->model), "wanted"));
}

static void
wait_for_pages (InfiniteFixture *fixture,
                guint            n_pages)
{
  g_object_set_data (G_OBJECT (fixture->model), "wanted", GUINT_TO_POINTER (n_pages));
  if (!gq_test_gtk_wait_until (has_pages, fixture, 5000))
    g_error ("waited for %u pages: %u pages, %u calls, %u items, subscribed %d",
             n_pages, gq_infinite_list_model_get_n_pages (fixture->model), fixture->server.calls,
             g_list_model_get_n_items (G_LIST_MODEL (fixture->model)),
             gq_query_observer_is_subscribed (GQ_QUERY_OBSERVER (fixture->observer)));
  gq_test_gtk_settle ();
  gq_test_gtk_settle ();
}

static void
scroll_to_end (GtkScrolledWindow *scrolled)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
}

static void
test_list_view_scrolling (void)
{
  InfiniteFixture fixture;
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (row_ui, sizeof row_ui - 1);
  GtkWidget *window, *scrolled, *list_view;
  GtkListItemFactory *factory;
  GtkNoSelection *selection;
  g_autofree char *path = NULL;

  infinite_fixture_setup (&fixture, 200, 30, 0);
  gq_infinite_list_model_set_load_ahead (fixture.model, 5);

  /* A program linking the library statically registers the closure; one
   * linking libgquery-gtk finds it by name. */
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "gq_json_item_closure_dup_string",
                                          G_CALLBACK (gq_json_item_closure_dup_string));
  factory = gtk_builder_list_item_factory_new_from_bytes (scope, bytes);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (fixture.model)));
  list_view = gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory);
  gtk_widget_add_css_class (list_view, "rich-list");
  gtk_list_view_set_show_separators (GTK_LIST_VIEW (list_view), TRUE);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list_view);

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Records");
  gtk_window_set_titlebar (GTK_WINDOW (window), gtk_header_bar_new ());
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 420);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);

  /* GTK 4.8's list view asks for up to 200 items whatever is visible: the
   * model follows the scroll position instead. */
  gq_infinite_list_model_set_vadjustment (fixture.model,
                                          gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)));

  /* The view subscribes the query while it is shown. */
  gq_widget_bind_observer (list_view, GQ_QUERY_OBSERVER (fixture.observer));
  gq_test_gtk_show_window (GTK_WINDOW (window));
  wait_for_pages (&fixture, 1);

  /* The first page shows, and the rows on screen do not load another. */
  g_assert_cmpuint (fixture.server.calls, ==, 1);
  g_assert_true (find_label (list_view, "Record 0"));
  g_assert_true (find_label (list_view, "Record 3"));
  g_assert_true (find_label (list_view, "1.5"));
  assert_changes (&fixture.log, "(0,0,30)");
  path = gq_test_gtk_screenshot (window, "list-models-first-page");
  g_clear_pointer (&path, g_free);

  /* Scrolled to the end: the next page, exactly once. */
  scroll_to_end (GTK_SCROLLED_WINDOW (scrolled));
  wait_for_pages (&fixture, 2);
  g_assert_cmpuint (fixture.server.calls, ==, 2);
  assert_changes (&fixture.log, "(30,0,30)");
  g_assert_true (find_label (list_view, "Record 29"));
  g_assert_false (find_label (list_view, "Record 0"));
  path = gq_test_gtk_screenshot (window, "list-models-second-page");
  g_clear_pointer (&path, g_free);

  /* And again on the next scroll. */
  scroll_to_end (GTK_SCROLLED_WINDOW (scrolled));
  wait_for_pages (&fixture, 3);
  g_assert_cmpuint (fixture.server.calls, ==, 3);
  assert_changes (&fixture.log, "(60,0,30)");
  g_assert_true (gq_test_gtk_wait_until ((GqTestGtkCondition) gtk_widget_get_mapped, list_view, 100));

  gq_test_gtk_destroy_window (GTK_WINDOW (window));
  g_assert_false (gq_query_observer_is_subscribed (GQ_QUERY_OBSERVER (fixture.observer)));
  infinite_fixture_teardown (&fixture);
}

int
main (int    argc,
      char **argv)
{
  gq_test_gtk_init (&argc, &argv);

  g_test_add_func ("/Gq/JsonItem/members", test_item_members);
  g_test_add_func ("/Gq/JsonItem/ids", test_item_ids);
  g_test_add_func ("/Gq/JsonItem/expression", test_item_expression);
  g_test_add ("/Gq/JsonListModel/diffs", ListFixture, NULL,
              list_fixture_setup, test_list_diffs, list_fixture_teardown);
  g_test_add ("/Gq/JsonListModel/not-arrays", ListFixture, NULL,
              list_fixture_setup, test_list_not_arrays, list_fixture_teardown);
  g_test_add ("/Gq/JsonListModel/large", ListFixture, NULL,
              list_fixture_setup, test_list_large, list_fixture_teardown);
  g_test_add_func ("/Gq/QueryListModel/refetch", test_query_list_model);
  g_test_add_func ("/Gq/QueryListModel/array-data", test_query_list_model_array_data);
  g_test_add_func ("/Gq/InfiniteListModel/pages", test_infinite_pages);
  g_test_add_func ("/Gq/InfiniteListModel/max-pages", test_infinite_max_pages);
  g_test_add_func ("/Gq/InfiniteListModel/load-ahead", test_infinite_load_ahead);
  g_test_add_func ("/Gq/InfiniteListModel/bad-pages", test_infinite_bad_pages);
  g_test_add_func ("/Gq/WidgetObserver/mapped", test_widget_observer);
  g_test_add_func ("/Gq/InfiniteListModel/list-view", test_list_view_scrolling);

  return g_test_run ();
}
