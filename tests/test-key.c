/* test-key.c
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
  return node;
}

static void
assert_hash (JsonNode   *key,
             const char *expected)
{
  g_autofree char *hash = gq_key_hash (key);

  g_assert_cmpstr (hash, ==, expected);
}

static void
assert_text_hash (const char *text,
                  const char *expected)
{
  g_autoptr(JsonNode) key = parse (text);

  assert_hash (key, expected);
}

/* Hashing ----------------------------------------------------------------- */

static void
test_hash_simple (void)
{
  g_autoptr(JsonNode) key = gq_key_new ("todos", "done", NULL);

  assert_hash (key, "[\"todos\",\"done\"]");
  assert_text_hash ("[ \"todos\" ]", "[\"todos\"]");
  assert_text_hash ("[]", "[]");
  assert_text_hash ("[ \"todo\" , 5 , { } , [ ] ]", "[\"todo\",5,{},[]]");
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_init_array (json_node_alloc (), array);

  json_array_unref (array);
  return node;
}

static void
test_hash_sorted (void)
{
  JsonObject *first = json_object_new ();
  JsonObject *second = json_object_new ();
  JsonArray *array_a = json_array_new ();
  JsonArray *array_b = json_array_new ();
  g_autoptr(JsonNode) key_a = NULL;
  g_autoptr(JsonNode) key_b = NULL;

  json_object_set_int_member (first, "page", 1);
  json_object_set_string_member (first, "status", "done");
  json_object_set_string_member (second, "status", "done");
  json_object_set_int_member (second, "page", 1);

  json_array_add_string_element (array_a, "todos");
  json_array_add_element (array_a, object_node (first));
  json_array_add_string_element (array_b, "todos");
  json_array_add_element (array_b, object_node (second));
  key_a = array_node (array_a);
  key_b = array_node (array_b);

  assert_hash (key_a, "[\"todos\",{\"page\":1,\"status\":\"done\"}]");
  assert_hash (key_b, "[\"todos\",{\"page\":1,\"status\":\"done\"}]");
  g_assert_true (gq_key_equal (key_a, key_b));
}

static void
test_hash_nested_sorted (void)
{
  /* TanStack's own probe, without the undefined member JSON cannot hold. */
  assert_text_hash ("[\"todos\",{\"b\":2,\"a\":1},1,null,[3,{\"z\":1,\"y\":2}]]",
                    "[\"todos\",{\"a\":1,\"b\":2},1,null,[3,{\"y\":2,\"z\":1}]]");
  assert_text_hash ("[{\"z\":{\"d\":{\"f\":1,\"e\":2},\"c\":[{\"y\":1,\"x\":2}]},\"a\":0}]",
                    "[{\"a\":0,\"z\":{\"c\":[{\"x\":2,\"y\":1}],\"d\":{\"e\":2,\"f\":1}}}]");
}

static void
test_hash_benchmark_shape (void)
{
  JsonObject *sort = json_object_new ();
  JsonObject *filters = json_object_new ();
  JsonArray *tags = json_array_new ();
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) key = NULL;

  json_object_set_string_member (sort, "dir", "desc");
  json_object_set_string_member (sort, "by", "date");
  json_array_add_string_element (tags, "a");
  json_array_add_string_element (tags, "b");
  json_object_set_object_member (filters, "sort", sort);
  json_object_set_int_member (filters, "page", 0);
  json_object_set_array_member (filters, "tags", tags);
  json_object_set_string_member (filters, "filter", "done");
  json_array_add_string_element (array, "todos");
  json_array_add_object_element (array, filters);
  key = array_node (array);

  assert_hash (key, "[\"todos\",{\"filter\":\"done\",\"page\":0,"
                    "\"sort\":{\"by\":\"date\",\"dir\":\"desc\"},\"tags\":[\"a\",\"b\"]}]");
}

static void
test_hash_doubles (void)
{
  static const struct
  {
    double      value;
    const char *text;
  } cases[] = {
    { 1.0, "1" },
    { -3.0, "-3" },
    { -0.0, "0" },
    { 1.5, "1.5" },
    { 123.456, "123.456" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 0.1, "0.1" },
    { 1e21, "1e+21" },
    { 123456789012345680000.0, "123456789012345680000" },
    { 1152921504606846976.0, "1152921504606847000" },
    { 9007199254740991.0, "9007199254740991" },
    { 1e-7, "1e-7" },
    { 0.000001, "0.000001" },
    { -1.5e-10, "-1.5e-10" },
    { 5e-324, "5e-324" },
    { 1.7976931348623157e308, "1.7976931348623157e+308" },
    { 1e300, "1e+300" },
    { 2.5e25, "2.5e+25" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      JsonArray *array = json_array_new ();
      g_autoptr(JsonNode) key = NULL;
      g_autofree char *expected = g_strdup_printf ("[%s]", cases[i].text);

      json_array_add_double_element (array, cases[i].value);
      key = array_node (array);
      assert_hash (key, expected);
    }
}

static void
test_hash_non_finite (void)
{
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) key = NULL;

  json_array_add_double_element (array, NAN);
  json_array_add_double_element (array, INFINITY);
  json_array_add_double_element (array, -INFINITY);
  key = array_node (array);

  assert_hash (key, "[null,null,null]");
  /* The parser of json-glib 1.6 reads an overflowing literal as infinity. */
  assert_text_hash ("[1e400]", "[null]");
}

static void
test_hash_integers (void)
{
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) key = NULL;

  json_array_add_int_element (array, 0);
  json_array_add_int_element (array, -5);
  json_array_add_int_element (array, G_MAXINT64);
  json_array_add_int_element (array, G_MININT64);
  key = array_node (array);

  assert_hash (key, "[0,-5,9223372036854775807,-9223372036854775808]");
}

static void
test_hash_scalars (void)
{
  assert_text_hash ("[true,false,null,[],{},\"\"]", "[true,false,null,[],{},\"\"]");
}

static void
test_hash_escapes (void)
{
  g_autoptr(JsonNode) key = gq_key_new ("\x01\x1f\x7f\b\f\n\r\t\"\\/", "a\vb", NULL);

  /* As JSON.stringify: short escapes where JSON has them, \u00XX in lower
   * case for other controls, DEL and the slash as they are. */
  assert_hash (key, "[\"\\u0001\\u001f\x7f\\b\\f\\n\\r\\t\\\"\\\\/\",\"a\\u000bb\"]");
}

static void
test_hash_unicode (void)
{
  g_autoptr(JsonNode) key = gq_key_new ("é", "日本", "\xe2\x80\xa8", "😀", NULL);

  assert_hash (key, "[\"é\",\"日本\",\"\xe2\x80\xa8\",\"😀\"]");
  /* Escapes in the JSON text are decoded, then written as UTF-8. */
  assert_text_hash ("[\"\\u00e9\\u0041\"]", "[\"éA\"]");
}

static void
test_hash_member_order (void)
{
  /* What JavaScript gives: names that are array indices first, in numeric
   * order; then the rest by UTF-16 code units, where U+1F600 (a surrogate
   * pair, 0xD83D...) sorts before U+FFFF. */
  assert_text_hash ("[{\"10\":1,\"9\":2,\"a\":3,\"4294967295\":4,\"4294967294\":5,"
                    "\"01\":6,\"B\":7,\"\xef\xbf\xbf\":8,\"😀\":9,\"é\":10,\"\":11}]",
                    "[{\"9\":2,\"10\":1,\"4294967294\":5,\"\":11,\"01\":6,\"4294967295\":4,"
                    "\"B\":7,\"a\":3,\"é\":10,\"😀\":9,\"\xef\xbf\xbf\":8}]");
  /* Names sort by their raw text, and are escaped when written. */
  assert_text_hash ("[{\"a\\\"b\":1,\"a\\nb\":2,\"ab\":3,\"a\":4}]",
                    "[{\"a\":4,\"a\\nb\":2,\"a\\\"b\":1,\"ab\":3}]");
}

static void
test_hash_large_object (void)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(GString) expected = g_string_new ("[{");
  int i;

  /* More members than fit the sorting buffer on the stack. */
  for (i = 39; i >= 0; i--)
    {
      char name[8];

      g_snprintf (name, sizeof name, "m%02d", i);
      json_object_set_int_member (object, name, i);
    }
  for (i = 0; i < 40; i++)
    g_string_append_printf (expected, "%s\"m%02d\":%d", i > 0 ? "," : "", i, i);
  g_string_append (expected, "}]");

  json_array_add_object_element (array, object);
  key = array_node (array);
  assert_hash (key, expected->str);
}

static void
test_hash_long_strings (void)
{
  g_autofree char *plain = g_strnfill (1000, 'x');
  g_autofree char *controls = g_strnfill (300, '\n');
  g_autoptr(JsonNode) key = gq_key_new (plain, controls, NULL);
  g_autoptr(GString) expected = g_string_new ("[\"");
  g_autofree char *hash = gq_key_hash (key);
  int i;

  g_string_append (expected, plain);
  g_string_append (expected, "\",\"");
  for (i = 0; i < 300; i++)
    g_string_append (expected, "\\n");
  g_string_append (expected, "\"]");

  g_assert_cmpuint (strlen (hash), ==, 1000 + 600 + 7);
  g_assert_cmpstr (hash, ==, expected->str);
}

static void
test_hash_canonical_any_value (void)
{
  g_autoptr(JsonNode) object = parse ("{\"b\":[1.0,2],\"a\":\"x\"}");
  g_autoptr(JsonNode) string = parse ("\"x\"");
  g_autofree char *object_text = gq_json_to_canonical (object);
  g_autofree char *string_text = gq_json_to_canonical (string);

  g_assert_cmpstr (object_text, ==, "{\"a\":\"x\",\"b\":[1,2]}");
  g_assert_cmpstr (string_text, ==, "\"x\"");
}

/* Partial matching -------------------------------------------------------- */

static gboolean
matches (const char *key_text,
         const char *filter_text)
{
  g_autoptr(JsonNode) key = parse (key_text);
  g_autoptr(JsonNode) filter = parse (filter_text);

  return gq_key_partial_match (key, filter);
}

static void
test_partial_match_prefix (void)
{
  g_assert_true (matches ("[\"todos\",5]", "[\"todos\"]"));
  g_assert_true (matches ("[\"todos\",5]", "[\"todos\",5]"));
  g_assert_true (matches ("[\"todos\",5]", "[]"));
  g_assert_false (matches ("[\"todos\"]", "[\"todos\",5]"));
  g_assert_false (matches ("[\"todos\",5]", "[\"todo\"]"));
  g_assert_false (matches ("[\"todos\",5]", "[\"todos\",6]"));
  /* From TanStack's tests: an array in a key matches an array prefix. */
  g_assert_true (matches ("[1,2,3]", "[1,2]"));
  g_assert_false (matches ("[1,2]", "[1,2,3]"));
  g_assert_true (matches ("[[1,2,3],\"x\"]", "[[1,2]]"));
  g_assert_false (matches ("[[1,2,3]]", "[[2]]"));
}

static void
test_partial_match_object_subset (void)
{
  g_assert_true (matches ("[{\"a\":\"a\",\"b\":\"b\"}]", "[{\"b\":\"b\"}]"));
  g_assert_true (matches ("[{\"a\":\"a\",\"b\":\"b\"}]", "[{\"a\":\"a\"}]"));
  g_assert_true (matches ("[{\"a\":\"a\",\"b\":\"b\"}]", "[{\"b\":\"b\",\"a\":\"a\"}]"));
  g_assert_true (matches ("[{\"a\":\"a\",\"b\":\"b\"}]", "[{}]"));
  g_assert_false (matches ("[{\"a\":\"a\",\"b\":\"b\"}]", "[{\"c\":\"c\"}]"));
  g_assert_false (matches ("[{\"a\":\"a\",\"b\":\"b\"}]", "[{\"a\":\"b\"}]"));
  g_assert_false (matches ("[{\"a\":\"a\"}]", "[{\"a\":\"a\",\"b\":\"b\"}]"));
  /* A member the key lacks never matches, not even with null. */
  g_assert_false (matches ("[{\"a\":1}]", "[{\"b\":null}]"));
  g_assert_true (matches ("[{\"a\":1,\"b\":null}]", "[{\"b\":null}]"));
}

static void
test_partial_match_nested (void)
{
  /* TanStack: "should return `true` if a includes b". */
  g_assert_true (matches ("[{\"a\":{\"b\":\"b\"},\"c\":\"c\",\"d\":[{\"d\":\"d \"}]}]",
                          "[{\"a\":{\"b\":\"b\"},\"c\":\"c\",\"d\":[]}]"));
  /* TanStack: "should return `false` if a does not include b". */
  g_assert_false (matches ("[{\"a\":{\"b\":\"b\"},\"c\":\"c\",\"d\":[]}]",
                           "[{\"a\":{\"b\":\"b\"},\"c\":\"c\",\"d\":[{\"d\":\"d \"}]}]"));
  g_assert_true (matches ("[\"todos\",{\"page\":1,\"filter\":{\"done\":true,\"tag\":\"x\"}}]",
                          "[\"todos\",{\"filter\":{\"done\":true}}]"));
  g_assert_false (matches ("[\"todos\",{\"page\":1,\"filter\":{\"done\":true,\"tag\":\"x\"}}]",
                           "[\"todos\",{\"filter\":{\"done\":false}}]"));
}

static void
test_partial_match_wrapped (void)
{
  /* Wrapping a key in an extra array changes it. */
  g_assert_false (matches ("[\"query_1\"]", "[[\"query_1\"]]"));
  g_assert_false (matches ("[[\"query_1\"]]", "[\"query_1\"]"));
}

static void
test_partial_match_types (void)
{
  g_assert_false (matches ("[\"1\"]", "[1]"));
  g_assert_false (matches ("[1]", "[\"1\"]"));
  g_assert_false (matches ("[true]", "[1]"));
  g_assert_false (matches ("[0]", "[null]"));
  g_assert_false (matches ("[null]", "[false]"));
  g_assert_false (matches ("[{}]", "[[]]"));
  g_assert_false (matches ("[[]]", "[{}]"));
  g_assert_false (matches ("[{\"0\":1}]", "[[1]]"));
  g_assert_false (matches ("[null]", "[{}]"));
  g_assert_false (matches ("[{}]", "[null]"));
  g_assert_true (matches ("[null]", "[null]"));
  g_assert_true (matches ("[true,false]", "[true,false]"));
  g_assert_false (matches ("[true]", "[false]"));
  /* Not only arrays: any JSON value works as a key and a filter. */
  g_assert_true (matches ("{\"a\":1,\"b\":2}", "{\"a\":1}"));
  g_assert_false (matches ("{\"a\":1}", "[\"a\"]"));
}

static void
test_partial_match_numbers (void)
{
  JsonArray *ints = json_array_new ();
  JsonArray *doubles = json_array_new ();
  g_autoptr(JsonNode) int_key = NULL;
  g_autoptr(JsonNode) double_key = NULL;

  json_array_add_int_element (ints, 4);
  json_array_add_double_element (doubles, 4.0);
  int_key = array_node (ints);
  double_key = array_node (doubles);

  g_assert_true (gq_key_partial_match (int_key, double_key));
  g_assert_true (gq_key_partial_match (double_key, int_key));
  g_assert_true (matches ("[4]", "[4.0]"));
  g_assert_true (matches ("[0.5]", "[0.5]"));
  g_assert_false (matches ("[4]", "[4.5]"));
  g_assert_false (matches ("[-1]", "[1]"));
}

static void
test_partial_match_same_node (void)
{
  g_autoptr(JsonNode) key = parse ("[\"todos\",{\"a\":1}]");
  JsonNode *inner = json_array_get_element (json_node_get_array (key), 1);

  g_assert_true (gq_key_partial_match (key, key));
  g_assert_true (gq_key_partial_match (inner, inner));
}

/* Validation and constructors --------------------------------------------- */

static void
assert_invalid_key (JsonNode   *node,
                    const char *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gq_key_validate (node, &error));
  g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_KEY);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_validate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) array = parse ("[1]");
  g_autoptr(JsonNode) empty = parse ("[]");
  g_autoptr(JsonNode) object = parse ("{\"a\":1}");
  g_autoptr(JsonNode) string = parse ("\"todos\"");
  g_autoptr(JsonNode) number = parse ("5");
  g_autoptr(JsonNode) boolean = parse ("true");
  g_autoptr(JsonNode) null = parse ("null");

  g_assert_true (gq_key_validate (array, &error));
  g_assert_no_error (error);
  g_assert_true (gq_key_validate (empty, NULL));

  assert_invalid_key (object, "query key must be a JSON array, got an object");
  assert_invalid_key (string, "query key must be a JSON array, got a string");
  assert_invalid_key (number, "query key must be a JSON array, got a number");
  assert_invalid_key (boolean, "query key must be a JSON array, got a boolean");
  assert_invalid_key (null, "query key must be a JSON array, got null");
  assert_invalid_key (NULL, "query key must be a JSON array, got nothing");
  g_assert_false (gq_key_validate (object, NULL));
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) key = gq_key_parse ("[\"todo\", 5, {\"b\": 1, \"a\": 2}]", &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (key));
  g_assert_true (json_node_is_immutable (key));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (key)), ==, 3);
  assert_hash (key, "[\"todo\",5,{\"a\":2,\"b\":1}]");
}

static void
test_parse_errors (void)
{
  g_autoptr(GError) error = NULL;
  JsonNode *key;

  key = gq_key_parse ("[\"a\",", &error);
  g_assert_null (key);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "unexpected end of file"));
  g_clear_error (&error);

  key = gq_key_parse ("", &error);
  g_assert_null (key);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_JSON);
  g_clear_error (&error);

  key = gq_key_parse ("{\"a\": 1}", &error);
  g_assert_null (key);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_KEY);
  g_assert_cmpstr (error->message, ==, "query key must be a JSON array, got an object");
  g_clear_error (&error);

  key = gq_key_parse ("\"todos\"", &error);
  g_assert_null (key);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_KEY);
  g_assert_cmpstr (error->message, ==, "query key must be a JSON array, got a string");
  g_clear_error (&error);

  /* Without a GError the failure is only the return value. */
  g_assert_null (gq_key_parse ("nope", NULL));
}

static void
test_new (void)
{
  g_autoptr(JsonNode) key = gq_key_new ("todos", "done", NULL);
  g_autoptr(JsonNode) empty = gq_key_new (NULL, NULL);
  JsonArray *array = json_node_get_array (key);

  g_assert_true (json_node_is_immutable (key));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "todos");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "done");

  g_assert_true (JSON_NODE_HOLDS_ARRAY (empty));
  g_assert_true (json_node_is_immutable (empty));
  assert_hash (empty, "[]");
}

static void
test_newv (void)
{
  const char * const elements[] = { "todos", "list", "7", NULL };
  const char * const none[] = { NULL };
  g_autoptr(JsonNode) key = gq_key_newv (elements);
  g_autoptr(JsonNode) empty = gq_key_newv (none);
  g_autoptr(JsonNode) null = gq_key_newv (NULL);

  g_assert_true (json_node_is_immutable (key));
  assert_hash (key, "[\"todos\",\"list\",\"7\"]");
  assert_hash (empty, "[]");
  assert_hash (null, "[]");
}

static void
test_printf (void)
{
  g_autoptr(JsonNode) key = gq_key_printf ("[\"todo\", %d, {\"done\": %s}]", 5, "true");

  g_assert_nonnull (key);
  g_assert_true (json_node_is_immutable (key));
  assert_hash (key, "[\"todo\",5,{\"done\":true}]");
}

static void
test_printf_invalid (void)
{
  JsonNode *key;

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*not a valid query key*");
  key = gq_key_printf ("{\"todo\": %d}", 5);
  g_test_assert_expected_messages ();
  g_assert_null (key);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*[\"todo\", 5*");
  key = gq_key_printf ("[\"todo\", %d", 5);
  g_test_assert_expected_messages ();
  g_assert_null (key);
}

/* Equality ---------------------------------------------------------------- */

static void
test_equal (void)
{
  g_autoptr(JsonNode) a = parse ("[\"todos\",{\"b\":[1,{\"y\":1,\"x\":2}],\"a\":1}]");
  g_autoptr(JsonNode) b = parse ("[\"todos\",{\"a\":1.0,\"b\":[1,{\"x\":2,\"y\":1}]}]");
  g_autoptr(JsonNode) c = parse ("[\"todos\",{\"a\":1,\"b\":[1,{\"x\":2}]}]");
  g_autoptr(JsonNode) d = parse ("[\"todos\",{\"a\":1,\"b\":[1,{\"x\":2,\"y\":1}],\"c\":1}]");

  g_assert_true (gq_key_equal (a, b));
  g_assert_true (gq_key_equal (b, a));
  g_assert_true (gq_key_equal (a, a));
  g_assert_false (gq_key_equal (a, c));
  g_assert_false (gq_key_equal (c, a));
  g_assert_false (gq_key_equal (a, d));
  g_assert_false (gq_key_equal (a, NULL));
  g_assert_true (gq_key_equal (NULL, NULL));
}

/* gq_key_equal() must agree with comparing hashes, for every pair. */
static void
test_equal_agrees_with_hash (void)
{
  static const char * const texts[] = {
    "[]", "[1]", "[1.0]", "[1.5]", "[\"1\"]", "[true]", "[null]", "[[]]", "[{}]",
    "[1,2]", "[2,1]", "[{\"a\":1,\"b\":2}]", "[{\"b\":2,\"a\":1}]", "[{\"a\":1}]",
    "[{\"a\":null}]", "[{\"b\":null}]", "[1e400]", "[-1e400]", "[-0.0]", "[0]",
    "[1152921504606847000]", "[1152921504606846976]", "[1152921504606846976.0]",
    "[9007199254740993]", "[9007199254740992.0]", "[\"a\\u0000b\"]", "[\"a\"]",
  };
  GPtrArray *nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  GPtrArray *hashes = g_ptr_array_new_with_free_func (g_free);
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      JsonNode *node = parse (texts[i]);

      g_ptr_array_add (nodes, node);
      g_ptr_array_add (hashes, gq_key_hash (node));
    }

  for (i = 0; i < nodes->len; i++)
    for (j = 0; j < nodes->len; j++)
      {
        gboolean same_hash = g_str_equal (hashes->pdata[i], hashes->pdata[j]);

        if (gq_key_equal (nodes->pdata[i], nodes->pdata[j]) != same_hash)
          g_error ("%s vs %s: gq_key_equal disagrees with the hashes %s and %s",
                   texts[i], texts[j], (char *) hashes->pdata[i], (char *) hashes->pdata[j]);
      }

  /* The pairs that make the check meaningful. */
  g_assert_true (gq_key_equal (nodes->pdata[1], nodes->pdata[2]));
  g_assert_true (gq_key_equal (nodes->pdata[18], nodes->pdata[19]));
  g_assert_true (gq_key_equal (nodes->pdata[20], nodes->pdata[22]));
  g_assert_false (gq_key_equal (nodes->pdata[21], nodes->pdata[22]));
  g_assert_false (gq_key_equal (nodes->pdata[23], nodes->pdata[24]));
  g_assert_true (gq_key_equal (nodes->pdata[8], nodes->pdata[8]));

  g_ptr_array_unref (hashes);
  g_ptr_array_unref (nodes);
}

static void
test_equal_non_finite (void)
{
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) nan_key = NULL;
  g_autoptr(JsonNode) null_key = parse ("[null]");
  g_autoptr(JsonNode) inf_key = parse ("[1e400]");

  json_array_add_double_element (array, NAN);
  nan_key = array_node (array);

  /* All three hash to [null]. */
  g_assert_true (gq_key_equal (nan_key, null_key));
  g_assert_true (gq_key_equal (null_key, nan_key));
  g_assert_true (gq_key_equal (nan_key, inf_key));
  g_assert_true (gq_key_equal (nan_key, nan_key));
}

static void
test_error_quarks (void)
{
  g_assert_cmpstr (g_quark_to_string (GQ_ERROR), ==, "gq-error-quark");
  g_assert_cmpstr (g_quark_to_string (GQ_HTTP_ERROR), ==, "gq-http-error-quark");
  g_assert_cmpuint (GQ_ERROR, !=, GQ_HTTP_ERROR);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Key/hash-simple", test_hash_simple);
  g_test_add_func ("/Gq/Key/hash-sorted", test_hash_sorted);
  g_test_add_func ("/Gq/Key/hash-nested-sorted", test_hash_nested_sorted);
  g_test_add_func ("/Gq/Key/hash-benchmark-shape", test_hash_benchmark_shape);
  g_test_add_func ("/Gq/Key/hash-doubles", test_hash_doubles);
  g_test_add_func ("/Gq/Key/hash-non-finite", test_hash_non_finite);
  g_test_add_func ("/Gq/Key/hash-integers", test_hash_integers);
  g_test_add_func ("/Gq/Key/hash-scalars", test_hash_scalars);
  g_test_add_func ("/Gq/Key/hash-escapes", test_hash_escapes);
  g_test_add_func ("/Gq/Key/hash-unicode", test_hash_unicode);
  g_test_add_func ("/Gq/Key/hash-member-order", test_hash_member_order);
  g_test_add_func ("/Gq/Key/hash-large-object", test_hash_large_object);
  g_test_add_func ("/Gq/Key/hash-long-strings", test_hash_long_strings);
  g_test_add_func ("/Gq/Key/hash-canonical-any-value", test_hash_canonical_any_value);
  g_test_add_func ("/Gq/Key/partial-match-prefix", test_partial_match_prefix);
  g_test_add_func ("/Gq/Key/partial-match-object-subset", test_partial_match_object_subset);
  g_test_add_func ("/Gq/Key/partial-match-nested", test_partial_match_nested);
  g_test_add_func ("/Gq/Key/partial-match-wrapped", test_partial_match_wrapped);
  g_test_add_func ("/Gq/Key/partial-match-types", test_partial_match_types);
  g_test_add_func ("/Gq/Key/partial-match-numbers", test_partial_match_numbers);
  g_test_add_func ("/Gq/Key/partial-match-same-node", test_partial_match_same_node);
  g_test_add_func ("/Gq/Key/validate", test_validate);
  g_test_add_func ("/Gq/Key/parse", test_parse);
  g_test_add_func ("/Gq/Key/parse-errors", test_parse_errors);
  g_test_add_func ("/Gq/Key/new", test_new);
  g_test_add_func ("/Gq/Key/newv", test_newv);
  g_test_add_func ("/Gq/Key/printf", test_printf);
  g_test_add_func ("/Gq/Key/printf-invalid", test_printf_invalid);
  g_test_add_func ("/Gq/Key/equal", test_equal);
  g_test_add_func ("/Gq/Key/equal-agrees-with-hash", test_equal_agrees_with_hash);
  g_test_add_func ("/Gq/Key/equal-non-finite", test_equal_non_finite);
  g_test_add_func ("/Gq/Key/error-quarks", test_error_quarks);

  return g_test_run ();
}
