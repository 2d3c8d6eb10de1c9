/* test-json.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <string.h>

#include "gq-error.h"
#include "gq-json.h"
#include "gq-key.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = gq_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (json_node_is_immutable (node));
  return node;
}

/* A mutable value, as json-glib's default parser builds it. */
static JsonNode *
parse_mutable (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_false (json_node_is_immutable (node));
  return node;
}

static void
assert_canonical (JsonNode   *node,
                  const char *expected)
{
  g_autofree char *text = gq_json_to_canonical (node);

  g_assert_cmpstr (text, ==, expected);
}

static JsonNode *
member (JsonNode   *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (json_node_get_object (object), name);

  g_assert_nonnull (node);
  return node;
}

static JsonNode *
element (JsonNode *array,
         guint     index)
{
  return json_array_get_element (json_node_get_array (array), index);
}

/* replaceEqualDeep -------------------------------------------------------- */

static void
assert_replaced_by_previous (const char *previous_text,
                             const char *next_text)
{
  g_autoptr(JsonNode) previous = parse (previous_text);
  g_autoptr(JsonNode) next = parse (next_text);
  g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);

  g_assert_true (result == previous);
}

static void
test_replace_equal_scalars (void)
{
  assert_replaced_by_previous ("1", "1");
  assert_replaced_by_previous ("\"a\"", "\"a\"");
  assert_replaced_by_previous ("true", "true");
  assert_replaced_by_previous ("null", "null");
  assert_replaced_by_previous ("1.5", "1.5");
  /* One number in JavaScript. */
  assert_replaced_by_previous ("4", "4.0");
  assert_replaced_by_previous ("[1,\"a\",true,null,2.5]", "[1,\"a\",true,null,2.5]");
}

static void
test_replace_different_scalars (void)
{
  static const char * const pairs[][2] = {
    { "1", "2" }, { "\"a\"", "\"b\"" }, { "true", "false" }, { "null", "0" },
    { "1", "\"1\"" }, { "0", "false" }, { "\"\"", "null" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr(JsonNode) previous = parse (pairs[i][0]);
      g_autoptr(JsonNode) next = parse (pairs[i][1]);
      g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);

      g_assert_true (result == next);
    }
}

static void
test_replace_same_node (void)
{
  g_autoptr(JsonNode) value = parse ("{\"a\":[1,2]}");
  JsonNode *result = gq_json_replace_equal_deep (value, value);

  g_assert_true (result == value);
  json_node_unref (result);
  /* The reference returned was a new one: @value is still alive. */
  assert_canonical (value, "{\"a\":[1,2]}");
}

static void
test_replace_deep_equal_array (void)
{
  assert_replaced_by_previous ("[{\"id\":1,\"tags\":[\"x\"]},{\"id\":2,\"tags\":[]}]",
                               "[{\"id\":1,\"tags\":[\"x\"]},{\"id\":2,\"tags\":[]}]");
  assert_replaced_by_previous ("[]", "[]");
  assert_replaced_by_previous ("[[[[1]]]]", "[[[[1]]]]");
}

static void
test_replace_deep_equal_object (void)
{
  /* Member order does not matter. */
  assert_replaced_by_previous ("{\"a\":1,\"b\":{\"c\":[1,2],\"d\":null}}",
                               "{\"b\":{\"d\":null,\"c\":[1,2]},\"a\":1}");
  assert_replaced_by_previous ("{}", "{}");
}

static void
test_replace_nested_leaf (void)
{
  g_autoptr(JsonNode) previous = parse ("{\"a\":{\"b\":{\"c\":1}},\"x\":{\"y\":2},"
                                        "\"arr\":[{\"k\":1},{\"k\":2,\"m\":[3]}]}");
  g_autoptr(JsonNode) next = parse ("{\"a\":{\"b\":{\"c\":1}},\"x\":{\"y\":2},"
                                    "\"arr\":[{\"k\":1},{\"k\":5,\"m\":[3]}]}");
  g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);
  JsonNode *prev_arr = member (previous, "arr");
  JsonNode *next_arr = member (next, "arr");
  JsonNode *result_arr = member (result, "arr");

  /* Every container on the way to the change is new... */
  g_assert_true (result != previous && result != next);
  g_assert_true (result_arr != prev_arr && result_arr != next_arr);
  g_assert_true (element (result_arr, 1) != element (prev_arr, 1));
  g_assert_true (element (result_arr, 1) != element (next_arr, 1));
  /* ...the changed leaf is the new value... */
  g_assert_true (member (element (result_arr, 1), "k") == member (element (next_arr, 1), "k"));
  /* ...and every sibling keeps the old node. */
  g_assert_true (member (result, "a") == member (previous, "a"));
  g_assert_true (member (result, "x") == member (previous, "x"));
  g_assert_true (element (result_arr, 0) == element (prev_arr, 0));
  g_assert_true (member (element (result_arr, 1), "m") == member (element (prev_arr, 1), "m"));

  g_assert_true (json_node_is_immutable (result));
  g_assert_true (gq_json_equal (result, next));
  assert_canonical (result, "{\"a\":{\"b\":{\"c\":1}},\"arr\":[{\"k\":1},{\"k\":5,\"m\":[3]}],"
                            "\"x\":{\"y\":2}}");
}

static void
test_replace_tanstack_object_values (void)
{
  /* TanStack: "should replace different values in objects". */
  g_autoptr(JsonNode) previous = parse ("{\"a\":{\"b\":\"b\"},\"c\":\"c\"}");
  g_autoptr(JsonNode) next = parse ("{\"a\":{\"b\":\"b\"},\"c\":\"d\"}");
  g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);

  g_assert_true (result != previous);
  g_assert_true (member (result, "a") == member (previous, "a"));
  g_assert_true (member (result, "c") == member (next, "c"));
  assert_canonical (result, "{\"a\":{\"b\":\"b\"},\"c\":\"d\"}");
}

static void
test_replace_shorter_array (void)
{
  g_autoptr(JsonNode) previous = parse ("[{\"a\":1},{\"b\":2},{\"c\":3}]");
  g_autoptr(JsonNode) next = parse ("[{\"a\":1},{\"b\":2}]");
  g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);

  g_assert_true (result != previous && result != next);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (result)), ==, 2);
  g_assert_true (element (result, 0) == element (previous, 0));
  g_assert_true (element (result, 1) == element (previous, 1));
  assert_canonical (result, "[{\"a\":1},{\"b\":2}]");
}

static void
test_replace_longer_array (void)
{
  g_autoptr(JsonNode) previous = parse ("[{\"a\":1},{\"b\":2}]");
  g_autoptr(JsonNode) next = parse ("[{\"a\":1},{\"b\":2},{\"c\":3}]");
  g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);

  g_assert_true (result != previous && result != next);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (result)), ==, 3);
  g_assert_true (element (result, 0) == element (previous, 0));
  g_assert_true (element (result, 1) == element (previous, 1));
  g_assert_true (element (result, 2) == element (next, 2));
  assert_canonical (result, "[{\"a\":1},{\"b\":2},{\"c\":3}]");
}

static void
test_replace_array_middle_change (void)
{
  g_autoptr(JsonNode) previous = parse ("[[1],[2],[3],[4]]");
  g_autoptr(JsonNode) next = parse ("[[1],[9],[3],[4]]");
  g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);

  g_assert_true (element (result, 0) == element (previous, 0));
  g_assert_true (element (result, 1) != element (previous, 1));
  g_assert_true (element (element (result, 1), 0) == element (element (next, 1), 0));
  g_assert_true (element (result, 2) == element (previous, 2));
  g_assert_true (element (result, 3) == element (previous, 3));
  assert_canonical (result, "[[1],[9],[3],[4]]");
}

static void
test_replace_object_members (void)
{
  g_autoptr(JsonNode) previous = parse ("{\"a\":{\"v\":2},\"c\":123}");
  g_autoptr(JsonNode) added = parse ("{\"a\":{\"v\":2},\"c\":123,\"d\":[1]}");
  g_autoptr(JsonNode) replaced = parse ("{\"a\":{\"v\":2},\"b\":null}");
  g_autoptr(JsonNode) with_added = gq_json_replace_equal_deep (previous, added);
  g_autoptr(JsonNode) with_replaced = gq_json_replace_equal_deep (previous, replaced);
  g_autoptr(JsonNode) with_removed = gq_json_replace_equal_deep (added, previous);

  g_assert_true (with_added != previous && with_added != added);
  g_assert_true (member (with_added, "a") == member (previous, "a"));
  g_assert_true (member (with_added, "c") == member (previous, "c"));
  g_assert_true (member (with_added, "d") == member (added, "d"));
  assert_canonical (with_added, "{\"a\":{\"v\":2},\"c\":123,\"d\":[1]}");

  /* TanStack: {a:2, c:123} vs {a:2, b:undefined} gives a new object equal
   * to the second; null stands in for undefined here. */
  g_assert_true (with_replaced != previous && with_replaced != replaced);
  g_assert_true (member (with_replaced, "a") == member (previous, "a"));
  g_assert_false (json_object_has_member (json_node_get_object (with_replaced), "c"));
  assert_canonical (with_replaced, "{\"a\":{\"v\":2},\"b\":null}");

  g_assert_true (with_removed != added && with_removed != previous);
  g_assert_true (member (with_removed, "a") == member (added, "a"));
  assert_canonical (with_removed, "{\"a\":{\"v\":2},\"c\":123}");
}

static void
test_replace_member_order (void)
{
  g_autoptr(JsonNode) previous = parse ("{\"a\":1,\"b\":{\"x\":1},\"z\":[0]}");
  g_autoptr(JsonNode) next = parse ("{\"z\":[0],\"b\":{\"x\":2},\"a\":1,\"c\":3}");
  g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);
  g_autofree char *text = json_to_string (result, FALSE);

  /* The copy has @next's order. */
  g_assert_cmpstr (text, ==, "{\"z\":[0],\"b\":{\"x\":2},\"a\":1,\"c\":3}");
  g_assert_true (member (result, "z") == member (previous, "z"));
  g_assert_true (member (result, "a") == member (previous, "a"));
  g_assert_true (member (result, "c") == member (next, "c"));
}

static void
test_replace_different_types (void)
{
  static const char * const pairs[][2] = {
    { "{\"a\":1}", "[1]" }, { "[1]", "{\"0\":1}" }, { "[]", "{}" }, { "{}", "null" },
    { "[1]", "1" }, { "\"x\"", "[\"x\"]" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr(JsonNode) previous = parse (pairs[i][0]);
      g_autoptr(JsonNode) next = parse (pairs[i][1]);
      g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);

      g_assert_true (result == next);
    }
}

static void
test_replace_null_arguments (void)
{
  g_autoptr(JsonNode) value = parse ("[1]");
  g_autoptr(JsonNode) from_nothing = gq_json_replace_equal_deep (NULL, value);

  g_assert_true (from_nothing == value);
  g_assert_null (gq_json_replace_equal_deep (value, NULL));
  g_assert_null (gq_json_replace_equal_deep (NULL, NULL));
}

static JsonNode *
nested_arrays (guint depth,
               gint  leaf)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  g_string_append_printf (text, "%d", leaf);
  for (i = 0; i < depth; i++)
    g_string_append_c (text, ']');

  return parse (text->str);
}

static void
test_replace_depth_limit (void)
{
  g_autoptr(JsonNode) previous = nested_arrays (510, 1);
  g_autoptr(JsonNode) next = nested_arrays (510, 2);
  g_autoptr(JsonNode) equal = nested_arrays (510, 1);
  g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);
  g_autoptr(JsonNode) same = gq_json_replace_equal_deep (previous, equal);
  JsonNode *r = result;
  JsonNode *n = next;
  guint depth;

  /* Containers down to depth 500 are new; at depth 501 sharing stops and
   * @next's node is taken as it is. */
  for (depth = 0; depth <= 500; depth++)
    {
      g_assert_true (r != n);
      r = element (r, 0);
      n = element (n, 0);
    }
  g_assert_true (r == n);
  g_assert_true (gq_json_equal (result, next));

  /* Deep equality is still found past the limit. */
  g_assert_true (same == previous);
}

static void
test_replace_equal_returns_previous (void)
{
  g_autoptr(JsonNode) previous = parse ("{\"items\":[{\"id\":1,\"tags\":[\"a\",\"b\"]},"
                                        "{\"id\":2,\"meta\":{\"rev\":1}}],\"total\":2}");
  g_autoptr(JsonNode) next = parse ("{\"total\":2.0,\"items\":[{\"tags\":[\"a\",\"b\"],\"id\":1},"
                                    "{\"meta\":{\"rev\":1},\"id\":2}]}");
  JsonNode *result;
  guint i;

  /* Scan first, copy only on a difference: the equal case hands back the
   * same pointer every time, and @next stays untouched. */
  for (i = 0; i < 3; i++)
    {
      result = gq_json_replace_equal_deep (previous, next);
      g_assert_true (result == previous);
      json_node_unref (result);
    }
  g_assert_true (json_node_is_immutable (next));
  assert_canonical (next, "{\"items\":[{\"id\":1,\"tags\":[\"a\",\"b\"]},"
                          "{\"id\":2,\"meta\":{\"rev\":1}}],\"total\":2}");
}

static void
test_replace_mutable_inputs (void)
{
  g_autoptr(JsonNode) previous = parse_mutable ("{\"keep\":{\"x\":[1,2]},\"change\":[1,{\"y\":1}]}");
  g_autoptr(JsonNode) next = parse_mutable ("{\"keep\":{\"x\":[1,2]},\"change\":[1,{\"y\":2}],\"new\":\"s\"}");
  g_autoptr(JsonNode) equal = parse_mutable ("{\"change\":[1,{\"y\":1}],\"keep\":{\"x\":[1,2]}}");
  g_autoptr(JsonNode) result = gq_json_replace_equal_deep (previous, next);
  g_autoptr(JsonNode) same = gq_json_replace_equal_deep (previous, equal);
  g_autoptr(JsonNode) from_nothing = gq_json_replace_equal_deep (NULL, next);

  /* The result is sealed without sealing anything of the inputs: their
   * unsealed parts are copied. */
  g_assert_true (json_node_is_immutable (result));
  g_assert_true (json_node_is_immutable (member (result, "keep")));
  g_assert_true (json_node_is_immutable (member (result, "new")));
  g_assert_false (json_node_is_immutable (previous));
  g_assert_false (json_node_is_immutable (member (previous, "keep")));
  g_assert_false (json_node_is_immutable (next));
  g_assert_false (json_node_is_immutable (member (next, "new")));
  g_assert_true (gq_json_equal (result, next));

  /* An equal value still gives @previous itself. */
  g_assert_true (same == previous);

  g_assert_true (from_nothing != next);
  g_assert_true (json_node_is_immutable (from_nothing));
  g_assert_true (gq_json_equal (from_nothing, next));

  /* The inputs can still be changed. */
  json_object_set_int_member (json_node_get_object (next), "later", 1);
  json_node_set_string (member (next, "new"), "t");
  assert_canonical (result, "{\"change\":[1,{\"y\":2}],\"keep\":{\"x\":[1,2]},\"new\":\"s\"}");
}

static void
test_replace_shared_sealed_nodes (void)
{
  g_autoptr(JsonNode) previous = parse ("[{\"a\":1},{\"b\":2}]");
  g_autoptr(JsonNode) first = parse ("[{\"a\":1},{\"b\":3}]");
  g_autoptr(JsonNode) second = parse ("[{\"a\":1},{\"b\":4}]");
  g_autoptr(JsonNode) result_first = gq_json_replace_equal_deep (previous, first);
  g_autoptr(JsonNode) result_second = gq_json_replace_equal_deep (previous, second);
  JsonNode *shared = element (previous, 0);

  /* One sealed node held by three arrays; dropping the original keeps it
   * alive for the others. */
  g_assert_true (element (result_first, 0) == shared);
  g_assert_true (element (result_second, 0) == shared);
  g_clear_pointer (&previous, json_node_unref);
  assert_canonical (result_first, "[{\"a\":1},{\"b\":3}]");
  assert_canonical (result_second, "[{\"a\":1},{\"b\":4}]");
}

/* Appending to pages held: @next holds @previous's very nodes and one new
 * one. It is taken as it is (no copy of the references, no hashing for
 * the seal); an object around it is still new. */
static void
test_replace_appended_pages (void)
{
  g_autoptr(JsonNode) previous = parse ("{\"pages\":[[1,2],[3,4]],\"pageParams\":[0,1]}");
  g_autoptr(JsonNode) page = parse ("[5,6]");
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonNode) unsealed_result = NULL;
  JsonObject *object = json_object_new ();
  JsonArray *pages = json_array_new ();
  JsonArray *params = json_array_new ();
  JsonArray *prev_pages = json_node_get_array (json_object_get_member (json_node_get_object (previous), "pages"));
  JsonNode *result_pages;

  for (guint i = 0; i < 2; i++)
    json_array_add_element (pages, json_node_ref (json_array_get_element (prev_pages, i)));
  json_array_add_element (pages, json_node_ref (page));
  json_array_add_int_element (params, 0);
  json_array_add_int_element (params, 1);
  json_array_add_int_element (params, 2);
  json_object_set_array_member (object, "pages", pages);
  json_object_set_array_member (object, "pageParams", params);
  next = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  /* Not sealed: the result is built, sharing the pages held. */
  unsealed_result = gq_json_replace_equal_deep (previous, next);
  result_pages = json_object_get_member (json_node_get_object (unsealed_result), "pages");
  g_assert_true (result_pages != json_object_get_member (object, "pages"));
  g_assert_true (element (result_pages, 0) == json_array_get_element (prev_pages, 0));
  g_assert_true (element (result_pages, 1) == json_array_get_element (prev_pages, 1));
  g_assert_false (json_node_is_immutable (next));

  json_node_seal (next);
  result = gq_json_replace_equal_deep (previous, next);
  g_assert_true (result != previous);
  g_assert_true (result != next);
  result_pages = json_object_get_member (json_node_get_object (result), "pages");
  g_assert_true (result_pages == json_object_get_member (json_node_get_object (next), "pages"));
  g_assert_true (element (result_pages, 0) == json_array_get_element (prev_pages, 0));
  g_assert_true (element (result_pages, 2) == page);
  /* pageParams shares no node (numbers are compared, not shared): new. */
  g_assert_true (json_object_get_member (json_node_get_object (result), "pageParams") !=
                 json_object_get_member (json_node_get_object (next), "pageParams"));
  assert_canonical (result, "{\"pageParams\":[0,1,2],\"pages\":[[1,2],[3,4],[5,6]]}");
}

static void
test_replace_benchmark_shape (void)
{
  const guint n_items = 1000;
  const guint changed = n_items / 2;
  g_autoptr(GString) text = g_string_new ("[");
  g_autoptr(JsonNode) old = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(JsonNode) result = NULL;
  char needle[32];
  char *done;
  guint reused = 0;
  guint i;

  for (i = 0; i < n_items; i++)
    g_string_append_printf (text, "%s{\"id\": %u, \"title\": \"t %u\", \"done\": false, "
                            "\"tags\": [\"x\", \"y\"], \"meta\": {\"rev\": 1, \"owner\": \"u %u\"}}",
                            i > 0 ? "," : "", i, i, i % 50);
  g_string_append_c (text, ']');
  old = parse (text->str);

  g_snprintf (needle, sizeof needle, "{\"id\": %u,", changed);
  done = strstr (strstr (text->str, needle), "false");
  memcpy (done, "true ", 5);
  next = parse (text->str);

  result = gq_json_replace_equal_deep (old, next);
  g_assert_true (result != old);
  for (i = 0; i < n_items; i++)
    if (element (result, i) == element (old, i))
      reused++;
  g_assert_cmpuint (reused, ==, n_items - 1);

  g_assert_true (element (result, changed) != element (old, changed));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (element (result, changed)), "done"));
  g_assert_true (member (element (result, changed), "meta") == member (element (old, changed), "meta"));
  g_assert_true (member (element (result, changed), "tags") == member (element (old, changed), "tags"));
  g_assert_true (member (element (result, changed), "done") == member (element (next, changed), "done"));
}

/* Equality ---------------------------------------------------------------- */

static gboolean
texts_equal (const char *a,
             const char *b)
{
  g_autoptr(JsonNode) node_a = parse (a);
  g_autoptr(JsonNode) node_b = parse (b);
  gboolean result = gq_json_equal (node_a, node_b);

  g_assert_cmpint (result, ==, gq_json_equal (node_b, node_a));
  return result;
}

static void
test_equal_scalars (void)
{
  g_assert_true (texts_equal ("4", "4.0"));
  g_assert_true (texts_equal ("-0.0", "0"));
  g_assert_true (texts_equal ("\"é\"", "\"\\u00e9\""));
  g_assert_true (texts_equal ("null", "null"));
  g_assert_true (texts_equal ("false", "false"));
  g_assert_false (texts_equal ("4", "5"));
  g_assert_false (texts_equal ("4", "4.5"));
  g_assert_false (texts_equal ("\"a\"", "\"b\""));
  g_assert_false (texts_equal ("\"a\"", "\"ab\""));
  g_assert_false (texts_equal ("true", "1"));
  g_assert_false (texts_equal ("null", "0"));
  g_assert_false (texts_equal ("null", "\"\""));
  g_assert_false (texts_equal ("\"1\"", "1"));
}

static void
test_equal_containers (void)
{
  g_assert_true (texts_equal ("{\"a\":1,\"b\":[1,{\"c\":null}]}", "{\"b\":[1,{\"c\":null}],\"a\":1}"));
  g_assert_true (texts_equal ("[]", "[]"));
  g_assert_true (texts_equal ("{}", "{}"));
  g_assert_false (texts_equal ("[1,2]", "[2,1]"));
  g_assert_false (texts_equal ("[1,2]", "[1,2,3]"));
  g_assert_false (texts_equal ("{\"a\":1}", "{\"a\":1,\"b\":2}"));
  g_assert_false (texts_equal ("{\"a\":1}", "{\"b\":1}"));
  g_assert_false (texts_equal ("{\"a\":{\"b\":1}}", "{\"a\":{\"b\":2}}"));
  g_assert_false (texts_equal ("[]", "{}"));
  g_assert_false (texts_equal ("[null]", "[]"));
}

static void
test_equal_member_lookup (void)
{
  JsonObject *forward = json_object_new ();
  JsonObject *backward = json_object_new ();
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  int i;

  /* Members added in opposite orders walk in different orders, which
   * takes the lookup by name; one differing member must still be seen. */
  for (i = 0; i < 30; i++)
    {
      char name[8];

      g_snprintf (name, sizeof name, "k%d", i);
      json_object_set_int_member (forward, name, i);
      g_snprintf (name, sizeof name, "k%d", 29 - i);
      json_object_set_int_member (backward, name, 29 - i);
    }
  a = json_node_init_object (json_node_alloc (), forward);
  b = json_node_init_object (json_node_alloc (), backward);
  json_object_unref (forward);

  g_assert_true (gq_json_equal (a, b));
  json_object_set_int_member (backward, "k17", 100);
  g_assert_false (gq_json_equal (a, b));
  g_assert_false (gq_json_equal (b, a));
  json_object_set_int_member (backward, "k17", 17);
  g_assert_true (gq_json_equal (a, b));
  json_object_remove_member (backward, "k3");
  json_object_set_int_member (backward, "k30", 3);
  g_assert_false (gq_json_equal (a, b));
  json_object_unref (backward);
}

static void
test_equal_null_pointers (void)
{
  g_autoptr(JsonNode) null = parse ("null");

  g_assert_true (gq_json_equal (NULL, NULL));
  g_assert_false (gq_json_equal (NULL, null));
  g_assert_false (gq_json_equal (null, NULL));
  g_assert_true (gq_json_equal (null, null));
}

/* Parsing and canonical text ---------------------------------------------- */

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = gq_json_parse ("{\"a\": [1, 2.5, \"x\"]}", -1, &error);
  g_autoptr(JsonNode) prefix = gq_json_parse ("[1,2]garbage", 5, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (json_node_is_immutable (node));
  g_assert_true (json_node_is_immutable (member (node, "a")));
  assert_canonical (node, "{\"a\":[1,2.5,\"x\"]}");

  /* @length bounds the text. */
  g_assert_nonnull (prefix);
  assert_canonical (prefix, "[1,2]");
}

static void
test_parse_errors (void)
{
  static const char * const texts[] = { "[\"a\",", "", "   ", "{\"a\" 1}", "[1,]" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = gq_json_parse (texts[i], -1, &error);

      g_assert_null (node);
      g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_JSON);
      g_assert_cmpstr (error->message, !=, "");
    }

  g_assert_null (gq_json_parse ("", 0, NULL));
  g_assert_null (gq_json_parse ("[1]", 0, NULL));
}

static void
test_canonical (void)
{
  g_autoptr(JsonNode) object = parse ("{\"z\":{\"b\":true,\"a\":false},\"a\":[1.0,-2.50,1e2,\"s\",null]}");
  g_autoptr(JsonNode) string = parse ("\"tab\\there\"");
  g_autoptr(JsonNode) number = parse ("0.1");
  g_autoptr(JsonNode) null = parse ("null");

  assert_canonical (object, "{\"a\":[1,-2.5,100,\"s\",null],\"z\":{\"a\":false,\"b\":true}}");
  assert_canonical (string, "\"tab\\there\"");
  assert_canonical (number, "0.1");
  assert_canonical (null, "null");
}

static void
test_canonical_mutable_and_built (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) built = NULL;
  g_autoptr(JsonNode) parsed = parse_mutable ("{\"n\":[],\"m\":{}}");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "y");
  json_builder_add_double_value (builder, 2.0);
  json_builder_set_member_name (builder, "x");
  json_builder_add_string_value (builder, "é");
  json_builder_end_object (builder);
  built = json_builder_get_root (builder);

  assert_canonical (built, "{\"x\":\"é\",\"y\":2}");
  assert_canonical (parsed, "{\"m\":{},\"n\":[]}");
}

static void
test_copy_is_deep_and_mutable (void)
{
  g_autoptr(JsonNode) sealed = gq_json_parse ("{\"items\": [1, {\"a\": true}], \"n\": null}", -1, NULL);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonArray *items;

  g_assert_true (json_node_is_immutable (sealed));
  before = gq_json_to_canonical (sealed);

  copy = gq_json_copy (sealed);
  g_assert_false (json_node_is_immutable (copy));
  g_assert_true (gq_json_equal (copy, sealed));

  /* Editing the copy, however deep, leaves the sealed original alone. */
  items = json_object_get_array_member (json_node_get_object (copy), "items");
  g_assert_false (json_array_get_element (items, 1) ==
                  json_array_get_element (json_object_get_array_member (json_node_get_object (sealed), "items"), 1));
  json_object_set_boolean_member (json_array_get_object_element (items, 1), "a", FALSE);
  json_array_add_int_element (items, 3);

  after = gq_json_to_canonical (sealed);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (gq_json_equal (copy, sealed));
}

static void
test_seal_copy_shares_sealed_nodes (void)
{
  g_autoptr(JsonNode) sealed = gq_json_parse ("[1, 2]", -1, NULL);
  g_autoptr(JsonNode) same = gq_json_seal_copy (sealed);
  g_autoptr(JsonNode) mutable_node = json_from_string ("{\"a\": [1]}", NULL);
  g_autoptr(JsonNode) sealed_copy = gq_json_seal_copy (mutable_node);

  g_assert_true (same == sealed);
  g_assert_true (sealed_copy != mutable_node);
  g_assert_true (json_node_is_immutable (sealed_copy));
  g_assert_false (json_node_is_immutable (mutable_node));
  g_assert_true (gq_json_equal (sealed_copy, mutable_node));
}

/* Found by fuzz-key: json-glib reads integers beyond 64 bits as garbage
 * (123456789012345678901234 was -1, so that key hashed as [-1]); they are
 * read as doubles, as JavaScript reads them, and keys stay apart. */
static void
test_parse_big_integers (void)
{
  g_autoptr(JsonNode) big = gq_json_parse ("[123456789012345678901234, -99999999999999999999,"
                                           " \"123456789012345678901234\", 9223372036854775807]",
                                           -1, NULL);
  g_autoptr(JsonNode) minus_one = gq_key_parse ("[-1]", NULL);
  g_autoptr(JsonNode) key = gq_key_parse ("[123456789012345678901234]", NULL);
  g_autofree char *hash = NULL;
  JsonArray *array;

  g_assert_nonnull (big);
  array = json_node_get_array (big);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 0)), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 0), ==, 123456789012345678901234.0);
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, -99999999999999999999.0);
  /* Strings are left alone; integers that fit stay integers. */
  g_assert_cmpstr (json_array_get_string_element (array, 2), ==, "123456789012345678901234");
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 3)), ==, G_TYPE_INT64);
  g_assert_cmpint (json_array_get_int_element (array, 3), ==, G_MAXINT64);

  hash = gq_key_hash (key);
  g_assert_cmpstr (hash, ==, "[1.2345678901234569e+23]");
  g_assert_false (gq_key_equal (key, minus_one));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Json/replace-equal-scalars", test_replace_equal_scalars);
  g_test_add_func ("/Gq/Json/replace-different-scalars", test_replace_different_scalars);
  g_test_add_func ("/Gq/Json/replace-same-node", test_replace_same_node);
  g_test_add_func ("/Gq/Json/replace-deep-equal-array", test_replace_deep_equal_array);
  g_test_add_func ("/Gq/Json/replace-deep-equal-object", test_replace_deep_equal_object);
  g_test_add_func ("/Gq/Json/replace-nested-leaf", test_replace_nested_leaf);
  g_test_add_func ("/Gq/Json/replace-tanstack-object-values", test_replace_tanstack_object_values);
  g_test_add_func ("/Gq/Json/replace-shorter-array", test_replace_shorter_array);
  g_test_add_func ("/Gq/Json/replace-longer-array", test_replace_longer_array);
  g_test_add_func ("/Gq/Json/replace-array-middle-change", test_replace_array_middle_change);
  g_test_add_func ("/Gq/Json/replace-object-members", test_replace_object_members);
  g_test_add_func ("/Gq/Json/replace-member-order", test_replace_member_order);
  g_test_add_func ("/Gq/Json/replace-different-types", test_replace_different_types);
  g_test_add_func ("/Gq/Json/replace-null-arguments", test_replace_null_arguments);
  g_test_add_func ("/Gq/Json/replace-depth-limit", test_replace_depth_limit);
  g_test_add_func ("/Gq/Json/replace-equal-returns-previous", test_replace_equal_returns_previous);
  g_test_add_func ("/Gq/Json/replace-mutable-inputs", test_replace_mutable_inputs);
  g_test_add_func ("/Gq/Json/replace-shared-sealed-nodes", test_replace_shared_sealed_nodes);
  g_test_add_func ("/Gq/Json/replace-appended-pages", test_replace_appended_pages);
  g_test_add_func ("/Gq/Json/replace-benchmark-shape", test_replace_benchmark_shape);
  g_test_add_func ("/Gq/Json/equal-scalars", test_equal_scalars);
  g_test_add_func ("/Gq/Json/equal-containers", test_equal_containers);
  g_test_add_func ("/Gq/Json/equal-member-lookup", test_equal_member_lookup);
  g_test_add_func ("/Gq/Json/equal-null-pointers", test_equal_null_pointers);
  g_test_add_func ("/Gq/Json/parse", test_parse);
  g_test_add_func ("/Gq/Json/parse-errors", test_parse_errors);
  g_test_add_func ("/Gq/Json/canonical", test_canonical);
  g_test_add_func ("/Gq/Json/canonical-mutable-and-built", test_canonical_mutable_and_built);
  g_test_add_func ("/Gq/Json/copy-is-deep-and-mutable", test_copy_is_deep_and_mutable);
  g_test_add_func ("/Gq/Json/seal-copy-shares-sealed-nodes", test_seal_copy_shares_sealed_nodes);
  g_test_add_func ("/Gq/Json/parse-big-integers", test_parse_big_integers);

  return g_test_run ();
}
