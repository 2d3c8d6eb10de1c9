/* gq-key.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-key.h"
#include "gq-key-private.h"

#include <math.h>
#include <string.h>

#include "gq-error.h"
#include "gq-json.h"

typedef enum
{
  KIND_NULL,
  KIND_BOOLEAN,
  KIND_NUMBER,
  KIND_STRING,
  KIND_ARRAY,
  KIND_OBJECT,
} Kind;

/* The JSON type of @node as a key sees it: numbers are one type whether
 * json-glib stores them as integers or doubles. */
static Kind
node_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return KIND_OBJECT;

    case JSON_NODE_ARRAY:
      return KIND_ARRAY;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
          return KIND_NUMBER;
        if (type == G_TYPE_BOOLEAN)
          return KIND_BOOLEAN;
        if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
          return KIND_STRING;
        return KIND_NULL;
      }

    case JSON_NODE_NULL:
    default:
      return KIND_NULL;
    }
}

static const char *
kind_description (Kind kind)
{
  switch (kind)
    {
    case KIND_OBJECT:
      return "an object";
    case KIND_ARRAY:
      return "an array";
    case KIND_NUMBER:
      return "a number";
    case KIND_STRING:
      return "a string";
    case KIND_BOOLEAN:
      return "a boolean";
    case KIND_NULL:
    default:
      return "null";
    }
}

static inline gboolean
numbers_equal (JsonNode *a,
               JsonNode *b)
{
  gboolean a_int = json_node_get_value_type (a) == G_TYPE_INT64;
  gboolean b_int = json_node_get_value_type (b) == G_TYPE_INT64;

  if (a_int && b_int)
    return json_node_get_int (a) == json_node_get_int (b);
  if (a_int)
    return (double) json_node_get_int (a) == json_node_get_double (b);
  if (b_int)
    return json_node_get_double (a) == (double) json_node_get_int (b);
  return json_node_get_double (a) == json_node_get_double (b);
}

static gboolean
scalars_equal (JsonNode *a,
               JsonNode *b,
               Kind      kind)
{
  switch (kind)
    {
    case KIND_NUMBER:
      return numbers_equal (a, b);
    case KIND_STRING:
      return strcmp (json_node_get_string (a), json_node_get_string (b)) == 0;
    case KIND_BOOLEAN:
      return !json_node_get_boolean (a) == !json_node_get_boolean (b);
    case KIND_NULL:
    case KIND_ARRAY:
    case KIND_OBJECT:
    default:
      return TRUE;
    }
}

/**
 * gq_key_new: (skip)
 * @first_element: (nullable): the first string of the key, or %NULL for an
 *   empty key
 * @...: more strings, ending with %NULL
 *
 * Builds a query key made of strings, such as `["todos", "done"]` with
 * `gq_key_new ("todos", "done", NULL)`. Use [func@Gq.key_printf] or
 * [func@Gq.key_parse] for keys holding numbers or objects.
 *
 * Returns: (transfer full): a sealed JSON array
 */
JsonNode *
gq_key_new (const char *first_element,
            ...)
{
  JsonArray *array = json_array_new ();
  const char *element;
  JsonNode *node;
  va_list args;

  va_start (args, first_element);
  for (element = first_element; element != NULL; element = va_arg (args, const char *))
    json_array_add_string_element (array, element);
  va_end (args);

  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  json_node_seal (node);

  return node;
}

/**
 * gq_key_newv:
 * @elements: (array zero-terminated=1) (nullable): the strings of the key;
 *   %NULL or an empty array give the empty key `[]`
 *
 * Builds a query key made of strings, such as `["todos", "done"]`.
 *
 * Returns: (transfer full): a sealed JSON array
 */
JsonNode *
gq_key_newv (const char * const *elements)
{
  JsonArray *array;
  JsonNode *node;
  gsize i;

  array = json_array_new ();
  for (i = 0; elements != NULL && elements[i] != NULL; i++)
    json_array_add_string_element (array, elements[i]);

  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  json_node_seal (node);

  return node;
}

/**
 * gq_key_printf: (skip)
 * @format: a printf() format producing JSON text of an array
 * @...: the arguments of @format
 *
 * Builds a query key from JSON text written by a format, such as
 * `gq_key_printf ("[\"todo\", %d]", id)`.
 *
 * This is meant for literal formats with numbers: a string that comes
 * from outside the program must not be formatted into JSON text, as it
 * could contain quotes; build such keys with [func@Gq.key_new] or
 * [func@Gq.key_parse] of properly escaped text. A result that is not a
 * JSON array is a programmer error.
 *
 * Returns: (transfer full) (nullable): a sealed JSON array, or %NULL if
 *   the text is not a JSON array
 */
JsonNode *
gq_key_printf (const char *format,
               ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *key;
  va_list args;

  g_return_val_if_fail (format != NULL, NULL);

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  key = gq_key_parse (text, &error);
  if (key == NULL)
    g_critical ("gq_key_printf: “%s” is not a valid query key: %s",
                text, error->message);

  return key;
}

/**
 * gq_key_parse:
 * @text: JSON text of an array, such as `["todo", 5]`
 * @error: return location for a #GError
 *
 * Builds a query key from JSON text.
 *
 * Returns: (transfer full): a sealed JSON array, or %NULL with
 *   %GQ_ERROR_INVALID_JSON set if @text is not JSON, or
 *   %GQ_ERROR_INVALID_KEY if it is JSON but not an array
 */
JsonNode *
gq_key_parse (const char  *text,
              GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = gq_json_parse (text, -1, error);
  if (node == NULL)
    return NULL;

  if (!gq_key_validate (node, error))
    return NULL;

  return g_steal_pointer (&node);
}

/**
 * gq_key_validate:
 * @key: (nullable): a query key
 * @error: return location for a #GError
 *
 * Checks that @key is a query key: a JSON array.
 *
 * Returns: %TRUE if @key is a JSON array; otherwise %FALSE with
 *   %GQ_ERROR_INVALID_KEY set
 */
gboolean
gq_key_validate (JsonNode  *key,
                 GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (key == NULL)
    {
      g_set_error_literal (error, GQ_ERROR, GQ_ERROR_INVALID_KEY,
                           "query key must be a JSON array, got nothing");
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (key))
    {
      g_set_error (error, GQ_ERROR, GQ_ERROR_INVALID_KEY,
                   "query key must be a JSON array, got %s",
                   kind_description (node_kind (key)));
      return FALSE;
    }

  return TRUE;
}

/**
 * gq_key_hash:
 * @key: a query key
 *
 * Computes the hash of a query key, TanStack Query's `hashKey`: the
 * key's canonical JSON text (see [func@Gq.json_to_canonical]), with object
 * members sorted by name and no white space, such as
 * `["todos",{"page":1,"status":"done"}]` whatever order the members were
 * added in. The cache finds queries by this string.
 *
 * Returns: (transfer full): the hash
 */
char *
gq_key_hash (JsonNode *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return gq_json_to_canonical (key);
}

/**
 * gq_key_partial_match:
 * @key: a query's key
 * @filter: a filter key
 *
 * Checks whether @filter matches @key, TanStack Query's `partialMatchKey`:
 * an array in @filter matches an array in @key that starts with matching
 * elements (so `["todos"]` matches `["todos", 5]`), an object in @filter
 * matches an object in @key that has matching values for all its members
 * (others may be there too), and other values match equal values of the
 * same type (numbers by value, so `4` matches `4.0`; null only null).
 *
 * Returns: %TRUE if @filter matches @key
 */
gboolean
gq_key_partial_match (JsonNode *key,
                      JsonNode *filter)
{
  Kind kind;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  if (key == filter)
    return TRUE;

  kind = node_kind (filter);
  if (kind != node_kind (key))
    return FALSE;

  if (kind == KIND_ARRAY)
    {
      JsonArray *key_array = json_node_get_array (key);
      JsonArray *filter_array = json_node_get_array (filter);
      guint len = json_array_get_length (filter_array);
      guint i;

      if (key_array == filter_array)
        return TRUE;
      if (len > json_array_get_length (key_array))
        return FALSE;

      for (i = 0; i < len; i++)
        {
          if (!gq_key_partial_match (json_array_get_element (key_array, i),
                                     json_array_get_element (filter_array, i)))
            return FALSE;
        }

      return TRUE;
    }

  if (kind == KIND_OBJECT)
    {
      JsonObject *key_object = json_node_get_object (key);
      JsonObject *filter_object = json_node_get_object (filter);
      JsonObjectIter iter;
      const char *name;
      JsonNode *filter_member;

      if (key_object == filter_object)
        return TRUE;

      json_object_iter_init (&iter, filter_object);
      while (json_object_iter_next (&iter, &name, &filter_member))
        {
          JsonNode *key_member = json_object_get_member (key_object, name);

          if (key_member == NULL ||
              !gq_key_partial_match (key_member, filter_member))
            return FALSE;
        }

      return TRUE;
    }

  return scalars_equal (key, filter, kind);
}

gboolean
_gq_key_partial_match_from (JsonNode *key,
                            JsonNode *filter,
                            guint     known)
{
  JsonArray *key_array;
  JsonArray *filter_array;
  guint len;

  g_assert (JSON_NODE_HOLDS_ARRAY (key) && JSON_NODE_HOLDS_ARRAY (filter));

  key_array = json_node_get_array (key);
  filter_array = json_node_get_array (filter);
  len = json_array_get_length (filter_array);

  if (len > json_array_get_length (key_array))
    return FALSE;

  for (guint i = known; i < len; i++)
    {
      if (!gq_key_partial_match (json_array_get_element (key_array, i),
                                 json_array_get_element (filter_array, i)))
        return FALSE;
    }

  return TRUE;
}

/* Whether two numbers have the same canonical text, which is numeric
 * equality except for NaN and the infinities (all written `null`) and
 * for integers beyond 2^53, which JavaScript rounds. */
static gboolean
numbers_canonically_equal (JsonNode *a,
                           JsonNode *b)
{
  gboolean a_int = json_node_get_value_type (a) == G_TYPE_INT64;
  gboolean b_int = json_node_get_value_type (b) == G_TYPE_INT64;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;

  if (a_int && b_int)
    return json_node_get_int (a) == json_node_get_int (b);

  if (!a_int && !b_int)
    {
      double da = json_node_get_double (a);
      double db = json_node_get_double (b);

      if (!isfinite (da) || !isfinite (db))
        return !isfinite (da) && !isfinite (db);
      return da == db;
    }

  /* An integer and a double: equal when the double is a small integer
   * with the same value; beyond 2^53 compare the text itself. */
  {
    gint64 i = a_int ? json_node_get_int (a) : json_node_get_int (b);
    double d = a_int ? json_node_get_double (b) : json_node_get_double (a);

    if (!isfinite (d))
      return FALSE;
    if (fabs (d) <= 9007199254740992.0 &&
        i >= -G_GINT64_CONSTANT (9007199254740992) &&
        i <= G_GINT64_CONSTANT (9007199254740992))
      return d == (double) (gint64) d && (gint64) d == i;
  }

  text_a = gq_json_to_canonical (a);
  text_b = gq_json_to_canonical (b);
  return strcmp (text_a, text_b) == 0;
}

static gboolean
canonically_equal (JsonNode *a,
                   JsonNode *b)
{
  Kind kind;

  if (a == b)
    return TRUE;

  kind = node_kind (a);

  /* NaN and the infinities are written null. */
  if (kind == KIND_NUMBER && node_kind (b) == KIND_NULL &&
      json_node_get_value_type (a) == G_TYPE_DOUBLE)
    return !isfinite (json_node_get_double (a));
  if (kind == KIND_NULL && node_kind (b) == KIND_NUMBER &&
      json_node_get_value_type (b) == G_TYPE_DOUBLE)
    return !isfinite (json_node_get_double (b));

  if (kind != node_kind (b))
    return FALSE;

  switch (kind)
    {
    case KIND_ARRAY:
      {
        JsonArray *array_a = json_node_get_array (a);
        JsonArray *array_b = json_node_get_array (b);
        guint len = json_array_get_length (array_a);
        guint i;

        if (array_a == array_b)
          return TRUE;
        if (len != json_array_get_length (array_b))
          return FALSE;

        for (i = 0; i < len; i++)
          {
            if (!canonically_equal (json_array_get_element (array_a, i),
                                    json_array_get_element (array_b, i)))
              return FALSE;
          }
        return TRUE;
      }

    case KIND_OBJECT:
      {
        JsonObject *object_a = json_node_get_object (a);
        JsonObject *object_b = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member_a;

        if (object_a == object_b)
          return TRUE;
        if (json_object_get_size (object_a) != json_object_get_size (object_b))
          return FALSE;

        json_object_iter_init (&iter, object_a);
        while (json_object_iter_next (&iter, &name, &member_a))
          {
            JsonNode *member_b = json_object_get_member (object_b, name);

            if (member_b == NULL || !canonically_equal (member_a, member_b))
              return FALSE;
          }
        return TRUE;
      }

    case KIND_NUMBER:
      return numbers_canonically_equal (a, b);

    case KIND_STRING:
    case KIND_BOOLEAN:
    case KIND_NULL:
    default:
      return scalars_equal (a, b, kind);
    }
}

/**
 * gq_key_equal:
 * @a: (nullable): a query key
 * @b: (nullable): a query key
 *
 * Checks whether two query keys have the same hash (see
 * [func@Gq.key_hash]) by comparing the values rather than building the
 * hashes: whether they are the same JSON value, whatever the order of
 * object members. %NULL equals only %NULL.
 *
 * Returns: %TRUE if @a and @b are the same key
 */
gboolean
gq_key_equal (JsonNode *a,
              JsonNode *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return canonically_equal (a, b);
}
