/* gq-rest-util.c: keys to URIs, and the response headers of paginated REST
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "gq-rest-private.h"
#include "gq-error.h"
#include "gq-json.h"

typedef struct
{
  char *name;
  char *value;
} Param;

static void
param_free (gpointer data)
{
  Param *param = data;

  g_free (param->name);
  g_free (param->value);
  g_free (param);
}

GqRestTarget *
_gq_rest_target_new (void)
{
  GqRestTarget *target = g_new0 (GqRestTarget, 1);

  target->segments = g_ptr_array_new_with_free_func (g_free);
  target->params = g_ptr_array_new_with_free_func (param_free);

  return target;
}

void
_gq_rest_target_free (GqRestTarget *target)
{
  if (target == NULL)
    return;

  g_ptr_array_unref (target->segments);
  g_ptr_array_unref (target->params);
  g_free (target);
}

void
_gq_rest_target_add_segment (GqRestTarget *target,
                             const char   *segment)
{
  g_ptr_array_add (target->segments, g_strdup (segment));
}

void
_gq_rest_target_add_param (GqRestTarget *target,
                           const char   *name,
                           const char   *value)
{
  Param *param = g_new (Param, 1);

  param->name = g_strdup (name);
  param->value = g_strdup (value);
  g_ptr_array_add (target->params, param);
}

void
_gq_rest_target_set_param (GqRestTarget *target,
                           const char   *name,
                           const char   *value)
{
  for (guint i = target->params->len; i > 0; i--)
    {
      Param *param = g_ptr_array_index (target->params, i - 1);

      if (g_str_equal (param->name, name))
        g_ptr_array_remove_index (target->params, i - 1);
    }

  _gq_rest_target_add_param (target, name, value);
}

const char *
_gq_rest_target_get_param (GqRestTarget *target,
                           const char   *name)
{
  for (guint i = 0; i < target->params->len; i++)
    {
      Param *param = g_ptr_array_index (target->params, i);

      if (g_str_equal (param->name, name))
        return param->value;
    }

  return NULL;
}

const char *
_gq_rest_target_get_last_segment (GqRestTarget *target)
{
  if (target->segments->len == 0)
    return NULL;

  return g_ptr_array_index (target->segments, target->segments->len - 1);
}

char *
_gq_rest_scalar_to_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));

    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");

    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      /* Numbers as JavaScript writes them: 2 for 2.0, 0.1 for 0.1. */
      return gq_json_to_canonical (node);

    default:
      return NULL;
    }
}

static gboolean
invalid_key (GError     **error,
             const char  *reason,
             guint        index)
{
  g_set_error (error, GQ_ERROR, GQ_ERROR_INVALID_KEY,
               "Cannot map the key to a REST request: element %u %s", index, reason);
  return FALSE;
}

static gboolean
add_params_of_member (GqRestTarget  *target,
                      const char    *name,
                      JsonNode      *value,
                      guint          index,
                      GError       **error)
{
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *text = NULL;

          if (JSON_NODE_HOLDS_NULL (element))
            continue;
          if ((text = _gq_rest_scalar_to_string (element)) == NULL)
            return invalid_key (error, "has a parameter whose array holds a container", index);
          _gq_rest_target_add_param (target, name, text);
        }

      return TRUE;
    }

  if (JSON_NODE_HOLDS_NULL (value))
    return TRUE;

  if (JSON_NODE_HOLDS_OBJECT (value))
    return invalid_key (error, "has a parameter whose value is an object", index);

  {
    g_autofree char *text = _gq_rest_scalar_to_string (value);

    _gq_rest_target_add_param (target, name, text);
  }

  return TRUE;
}

GqRestTarget *
_gq_rest_target_new_from_key (JsonNode  *key,
                              GError   **error)
{
  g_autoptr(GqRestTarget) target = NULL;
  JsonArray *array;
  guint length;

  if (key == NULL || !JSON_NODE_HOLDS_ARRAY (key))
    {
      g_set_error_literal (error, GQ_ERROR, GQ_ERROR_INVALID_KEY,
                           "Cannot map the key to a REST request: it is not an array");
      return NULL;
    }

  target = _gq_rest_target_new ();
  array = json_node_get_array (key);
  length = json_array_get_length (array);

  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *segment = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          if (i + 1 != length)
            {
              invalid_key (error, "is an object that is not the last element", i);
              return NULL;
            }

          json_object_iter_init (&iter, json_node_get_object (element));
          while (json_object_iter_next (&iter, &name, &value))
            if (!add_params_of_member (target, name, value, i, error))
              return NULL;

          break;
        }

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) == G_TYPE_BOOLEAN)
        {
          invalid_key (error, "is neither a string, a number nor a trailing object", i);
          return NULL;
        }

      segment = _gq_rest_scalar_to_string (element);
      if (segment[0] == '\0' || g_str_equal (segment, ".") || g_str_equal (segment, ".."))
        {
          invalid_key (error, "is an empty, \".\" or \"..\" path segment", i);
          return NULL;
        }

      g_ptr_array_add (target->segments, g_steal_pointer (&segment));
    }

  return g_steal_pointer (&target);
}

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  const Param *param_a = *(const Param * const *) a;
  const Param *param_b = *(const Param * const *) b;

  return strcmp (param_a->name, param_b->name);
}

GUri *
_gq_rest_target_to_uri (GqRestTarget *target,
                        GUri         *base)
{
  g_autoptr(GString) path = g_string_new (g_uri_get_path (base));
  g_autoptr(GString) query = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  const char *base_query = g_uri_get_query (base);

  if (target->segments->len > 0)
    {
      if (path->len > 0 && path->str[path->len - 1] == '/')
        g_string_truncate (path, path->len - 1);

      for (guint i = 0; i < target->segments->len; i++)
        {
          g_string_append_c (path, '/');
          g_string_append_uri_escaped (path, g_ptr_array_index (target->segments, i), NULL, FALSE);
        }
    }
  else if (path->len == 0)
    {
      g_string_append_c (path, '/');
    }

  /* GPtrArray's sort is a merge sort: stable, so repeated parameters keep
   * the order the key gave them. */
  sorted = g_ptr_array_sized_new (target->params->len);
  for (guint i = 0; i < target->params->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (target->params, i));
  g_ptr_array_sort (sorted, compare_params);

  if (base_query != NULL || sorted->len > 0)
    query = g_string_new (base_query);

  for (guint i = 0; i < sorted->len; i++)
    {
      Param *param = g_ptr_array_index (sorted, i);

      if (query->len > 0)
        g_string_append_c (query, '&');
      g_string_append_uri_escaped (query, param->name, NULL, FALSE);
      g_string_append_c (query, '=');
      g_string_append_uri_escaped (query, param->value, NULL, FALSE);
    }

  return g_uri_build (g_uri_get_flags (base) | G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (base),
                      g_uri_get_userinfo (base),
                      g_uri_get_host (base),
                      g_uri_get_port (base),
                      path->str,
                      query ? query->str : NULL,
                      NULL);
}

/* ---- headers --------------------------------------------------------- */

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;

  return p;
}

GHashTable *
_gq_rest_parse_link (const char *header)
{
  GHashTable *links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = header;

  if (header == NULL)
    return links;

  for (;;)
    {
      const char *end;
      g_autofree char *uri = NULL;

      while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      if (*p != '<' || (end = strchr (p, '>')) == NULL)
        break;

      uri = g_strndup (p + 1, end - p - 1);
      p = end + 1;

      /* The parameters of this link, up to the comma that ends it. */
      for (;;)
        {
          const char *name;
          gsize name_len;
          g_autofree char *value = NULL;

          p = skip_space (p);
          if (*p != ';')
            break;
          p = skip_space (p + 1);

          name = p;
          while (*p != '\0' && *p != '=' && *p != ';' && *p != ',' && *p != ' ')
            p++;
          name_len = p - name;
          p = skip_space (p);
          if (*p != '=')
            continue;
          p = skip_space (p + 1);

          if (*p == '"')
            {
              const char *close = strchr (p + 1, '"');

              if (close == NULL)
                return links;
              value = g_strndup (p + 1, close - p - 1);
              p = close + 1;
            }
          else
            {
              const char *start = p;

              while (*p != '\0' && *p != ';' && *p != ',' && *p != ' ')
                p++;
              value = g_strndup (start, p - start);
            }

          if (name_len == 3 && g_ascii_strncasecmp (name, "rel", 3) == 0)
            {
              g_auto(GStrv) rels = g_strsplit_set (value, " \t", -1);

              for (guint i = 0; rels[i] != NULL; i++)
                {
                  g_autofree char *rel = g_ascii_strdown (rels[i], -1);

                  if (rel[0] != '\0' && !g_hash_table_contains (links, rel))
                    g_hash_table_insert (links, g_steal_pointer (&rel), g_strdup (uri));
                }
            }
        }

      p = skip_space (p);
      if (*p != ',')
        break;
    }

  return links;
}

static gboolean
parse_int64 (const char  *start,
             const char  *end,
             gint64      *value)
{
  g_autofree char *text = g_strndup (start, end - start);
  guint64 parsed;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &parsed, NULL))
    return FALSE;

  *value = parsed;

  return TRUE;
}

gboolean
_gq_rest_parse_content_range (const char *header,
                              gint64     *first,
                              gint64     *last,
                              gint64     *total)
{
  const char *p;
  const char *slash;
  const char *dash;

  *first = *last = *total = -1;

  if (header == NULL)
    return FALSE;

  p = skip_space (header);
  /* An optional unit ("items 0-9/100"). */
  if (!g_ascii_isdigit (*p) && *p != '*')
    {
      while (*p != '\0' && *p != ' ')
        p++;
      p = skip_space (p);
    }

  if ((slash = strchr (p, '/')) == NULL)
    return FALSE;

  if (!(slash - p == 1 && *p == '*'))
    {
      if ((dash = memchr (p, '-', slash - p)) == NULL ||
          !parse_int64 (p, dash, first) ||
          !parse_int64 (dash + 1, slash, last) ||
          *last < *first)
        {
          *first = *last = -1;
          return FALSE;
        }
    }

  p = skip_space (slash + 1);
  if (*p == '*')
    return TRUE;

  if (!parse_int64 (p, p + strcspn (p, " \t"), total))
    {
      *first = *last = *total = -1;
      return FALSE;
    }

  return TRUE;
}

gint64
_gq_rest_parse_retry_after (const char *header,
                            gint64      now_usec)
{
  g_autofree char *value = NULL;
  g_autoptr(GDateTime) date = NULL;
  guint64 seconds;
  gint64 wait_usec;

  if (header == NULL)
    return -1;

  value = g_strstrip (g_strdup (header));

  /* A day is far beyond any wait the engine honours; clamping keeps the
   * arithmetic from overflowing on absurd values. */
  if (g_ascii_isdigit (value[0]))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &seconds, NULL))
        return -1;
      return MIN (seconds, (guint64) 24 * 3600) * 1000;
    }

  if ((date = soup_date_time_new_from_http_string (value)) == NULL)
    return -1;

  wait_usec = g_date_time_to_unix (date) * G_USEC_PER_SEC - now_usec;

  return CLAMP (wait_usec / 1000, 0, (gint64) 24 * 3600 * 1000);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

const char *
_gq_rest_body_error_message (JsonNode *body)
{
  static const char * const names[] = { "message", "error", "detail", "title" };
  JsonObject *object;
  JsonNode *error;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;

  object = json_node_get_object (body);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *message = string_member (object, names[i]);

      if (message != NULL && message[0] != '\0')
        return message;

      /* {"error": {"message": "..."}}, as Google's and GitHub's APIs say it. */
      if (i == 1 &&
          (error = json_object_get_member (object, "error")) != NULL &&
          JSON_NODE_HOLDS_OBJECT (error) &&
          (message = string_member (json_node_get_object (error), "message")) != NULL &&
          message[0] != '\0')
        return message;
    }

  return NULL;
}
