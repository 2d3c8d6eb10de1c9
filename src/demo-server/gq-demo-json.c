/* gq-demo-json.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* JSON helpers for the demo server. The query engine mimics json-server,
 * which compares values the JavaScript way, so a few of these reproduce
 * JavaScript's String(), Number() and parseInt() conversions. */

#include "gq-demo-json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

JsonNode *
gq_demo_json_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
gq_demo_json_take_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

char *
gq_demo_json_serialize (JsonNode *node,
                        gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, length);
}

JsonNode *
gq_demo_json_parse (const char  *text,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "empty document");
      return NULL;
    }

  return json_parser_steal_root (parser);
}

static gboolean
is_index (const char *segment)
{
  if (*segment == '\0')
    return FALSE;

  for (const char *p = segment; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/* Resolves "a.b.0.c" like lodash's _.get: a literal member wins, then the
 * dotted path, where numeric segments index arrays. */
static gboolean
lookup_path (JsonObject  *object,
             const char  *path,
             JsonNode   **result)
{
  g_auto(GStrv) segments = NULL;
  JsonNode *node = NULL;

  if (json_object_has_member (object, path))
    {
      *result = json_object_get_member (object, path);
      return TRUE;
    }

  if (strchr (path, '.') == NULL)
    return FALSE;

  segments = g_strsplit (path, ".", -1);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *segment = segments[i];

      if (i == 0)
        {
          if (!json_object_has_member (object, segment))
            return FALSE;
          node = json_object_get_member (object, segment);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *parent = json_node_get_object (node);

          if (!json_object_has_member (parent, segment))
            return FALSE;
          node = json_object_get_member (parent, segment);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node) && is_index (segment))
        {
          JsonArray *parent = json_node_get_array (node);
          guint64 index = g_ascii_strtoull (segment, NULL, 10);

          if (index >= json_array_get_length (parent))
            return FALSE;
          node = json_array_get_element (parent, index);
        }
      else
        {
          return FALSE;
        }
    }

  *result = node;
  return TRUE;
}

JsonNode *
gq_demo_json_lookup_path (JsonObject *object,
                          const char *path)
{
  JsonNode *node = NULL;

  if (!lookup_path (object, path, &node))
    return NULL;

  return node;
}

gboolean
gq_demo_json_has_path (JsonObject *object,
                       const char *path)
{
  JsonNode *node = NULL;

  return lookup_path (object, path, &node);
}

/* Ids are compared by their string form, as json-server does, so that
 * /tasks/1 finds 1 and "1" alike. */
char *
gq_demo_json_id_key (JsonNode *id)
{
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id))
    return NULL;

  switch (json_node_get_value_type (id))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));

    case G_TYPE_STRING:
      if (*json_node_get_string (id) == '\0')
        return NULL;
      return g_strdup (json_node_get_string (id));

    default:
      return NULL;
    }
}

/* JavaScript's Number.prototype.toString for finite numbers: the shortest
 * digits that round-trip, in plain notation from 1e-6 up to 1e21. */
char *
gq_demo_js_number_to_string (double value)
{
  char buffer[64];
  char digits[32];
  const char *mantissa;
  const char *exponent_text;
  GString *out;
  int exponent;
  int n_digits = 0;
  int point;

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "Infinity" : "-Infinity");
  if (value == 0)
    return g_strdup ("0");

  for (int precision = 0; precision < 17; precision++)
    {
      snprintf (buffer, sizeof buffer, "%.*e", precision, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  out = g_string_new (NULL);
  mantissa = buffer;
  if (*mantissa == '-')
    {
      g_string_append_c (out, '-');
      mantissa++;
    }

  exponent_text = strchr (mantissa, 'e');
  for (const char *p = mantissa; p < exponent_text; p++)
    if (g_ascii_isdigit (*p))
      digits[n_digits++] = *p;
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    n_digits--;
  digits[n_digits] = '\0';
  exponent = atoi (exponent_text + 1);
  point = exponent + 1;

  if (n_digits <= point && point <= 21)
    {
      g_string_append (out, digits);
      for (int i = n_digits; i < point; i++)
        g_string_append_c (out, '0');
    }
  else if (0 < point && point <= 21)
    {
      g_string_append_len (out, digits, point);
      g_string_append_c (out, '.');
      g_string_append (out, digits + point);
    }
  else if (-6 < point && point <= 0)
    {
      g_string_append (out, "0.");
      for (int i = point; i < 0; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (n_digits > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%d", point - 1 < 0 ? '-' : '+', ABS (point - 1));
    }

  return g_string_free (out, FALSE);
}

char *
gq_demo_json_to_js_string (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      return g_strdup ("null");

    case JSON_NODE_OBJECT:
      return g_strdup ("[object Object]");

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        GString *out = g_string_new (NULL);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (i > 0)
              g_string_append_c (out, ',');
            if (!JSON_NODE_HOLDS_NULL (element))
              {
                g_autofree char *text = gq_demo_json_to_js_string (element);
                g_string_append (out, text);
              }
          }

        return g_string_free (out, FALSE);
      }

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          return g_strdup (json_node_get_boolean (node) ? "true" : "false");
        case G_TYPE_INT64:
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return gq_demo_js_number_to_string (json_node_get_double (node));
        case G_TYPE_STRING:
          return g_strdup (json_node_get_string (node));
        default:
          return g_strdup ("");
        }
    }
}

static gboolean
is_js_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Number(text): surrounding space ignored, empty is 0, otherwise the
 * whole text must be a decimal literal, Infinity or a hexadecimal integer. */
double
gq_demo_js_string_to_number (const char *text)
{
  g_autofree char *trimmed = NULL;
  const char *p;
  const char *digits;
  gboolean has_digits = FALSE;
  int sign = 1;

  while (is_js_space (*text))
    text++;
  trimmed = g_strdup (text);
  for (gsize len = strlen (trimmed); len > 0 && is_js_space (trimmed[len - 1]); len--)
    trimmed[len - 1] = '\0';

  if (*trimmed == '\0')
    return 0;

  if (g_str_has_prefix (trimmed, "0x") || g_str_has_prefix (trimmed, "0X"))
    {
      double value = 0;

      if (trimmed[2] == '\0')
        return NAN;
      for (p = trimmed + 2; *p; p++)
        {
          if (!g_ascii_isxdigit (*p))
            return NAN;
          value = value * 16 + g_ascii_xdigit_value (*p);
        }
      return value;
    }

  p = trimmed;
  if (*p == '+' || *p == '-')
    {
      sign = *p == '-' ? -1 : 1;
      p++;
    }

  if (g_str_equal (p, "Infinity"))
    return sign * INFINITY;

  digits = p;
  while (g_ascii_isdigit (*p))
    {
      p++;
      has_digits = TRUE;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          p++;
          has_digits = TRUE;
        }
    }
  if (!has_digits)
    return NAN;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return NAN;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != '\0')
    return NAN;

  return sign * g_ascii_strtod (digits, NULL);
}

double
gq_demo_json_to_js_number (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    return 0;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          return json_node_get_boolean (node) ? 1 : 0;
        case G_TYPE_INT64:
          return (double) json_node_get_int (node);
        case G_TYPE_DOUBLE:
          return json_node_get_double (node);
        default:
          break;
        }
    }

  text = gq_demo_json_to_js_string (node);
  return gq_demo_js_string_to_number (text);
}

gboolean
gq_demo_json_is_js_truthy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return TRUE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node);
    case G_TYPE_INT64:
      return json_node_get_int (node) != 0;
    case G_TYPE_DOUBLE:
      return json_node_get_double (node) != 0 && !isnan (json_node_get_double (node));
    case G_TYPE_STRING:
      return *json_node_get_string (node) != '\0';
    default:
      return FALSE;
    }
}

/* parseInt(text, 10): leading space, a sign, then as many digits as
 * there are; no digit at all is NaN (FALSE). */
gboolean
gq_demo_js_parse_int (const char *text,
                      gint64     *value)
{
  gboolean negative = FALSE;
  gboolean any = FALSE;
  gint64 result = 0;

  if (text == NULL)
    return FALSE;

  while (is_js_space (*text))
    text++;
  if (*text == '+' || *text == '-')
    negative = *text++ == '-';

  for (; g_ascii_isdigit (*text); text++)
    {
      any = TRUE;
      if (result < G_MAXINT64 / 10)
        result = result * 10 + (*text - '0');
    }

  if (!any)
    return FALSE;

  *value = negative ? -result : result;
  return TRUE;
}

static gunichar
utf16_order_key (gunichar c)
{
  /* Characters beyond the BMP are compared by their lead surrogate in
   * JavaScript, which sorts them before U+E000..U+FFFF. */
  if (c >= 0x10000)
    return 0xD800 + ((c - 0x10000) >> 10);
  return c;
}

/* JavaScript compares strings by UTF-16 code units. */
int
gq_demo_js_string_compare (const char *a,
                           const char *b)
{
  while (*a && *b)
    {
      gunichar ca = g_utf8_get_char (a);
      gunichar cb = g_utf8_get_char (b);

      if (ca != cb)
        {
          gunichar ka = utf16_order_key (ca);
          gunichar kb = utf16_order_key (cb);

          if (ka != kb)
            return ka < kb ? -1 : 1;
          return ca < cb ? -1 : 1;
        }

      a = g_utf8_next_char (a);
      b = g_utf8_next_char (b);
    }

  if (*a == *b)
    return 0;
  return *a == '\0' ? -1 : 1;
}
