/* gq-rest-page.c: the pagination styles of the HTTP source
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-rest-private.h"
#include "gq-error.h"

static gboolean
page_number (JsonNode  *page_param,
             gint64     minimum,
             gint64    *value,
             GError   **error)
{
  if (!JSON_NODE_HOLDS_VALUE (page_param) ||
      json_node_get_value_type (page_param) != G_TYPE_INT64 ||
      json_node_get_int (page_param) < minimum)
    {
      g_set_error (error, GQ_ERROR, GQ_ERROR_FAILED,
                   "The page param of this pagination style is an integer from %"
                   G_GINT64_FORMAT, minimum);
      return FALSE;
    }

  *value = json_node_get_int (page_param);

  return TRUE;
}

/* The page size a key asked for itself, or the source's, which is then
 * added to the request. */
static guint
page_limit (GqRestSource *source,
            GqRestTarget *target,
            const char   *name)
{
  const char *text = _gq_rest_target_get_param (target, name);
  g_autofree char *size = NULL;
  guint64 limit;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &limit, NULL))
    return limit;

  size = g_strdup_printf ("%u", gq_rest_source_get_page_size (source));
  _gq_rest_target_set_param (target, name, size);

  return gq_rest_source_get_page_size (source);
}

gboolean
_gq_rest_page_prepare (GqRestSource  *source,
                       GqRestTarget  *target,
                       JsonNode      *page_param,
                       guint         *limit,
                       GError       **error)
{
  g_autofree char *text = NULL;
  gint64 number;

  *limit = 0;

  switch (gq_rest_source_get_pagination (source))
    {
    case GQ_REST_PAGINATION_JSON_SERVER:
      if (!page_number (page_param, 1, &number, error))
        return FALSE;
      *limit = page_limit (source, target, "_limit");
      text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      _gq_rest_target_set_param (target, "_page", text);
      return TRUE;

    case GQ_REST_PAGINATION_POSTGREST:
      if (!page_number (page_param, 0, &number, error))
        return FALSE;
      *limit = page_limit (source, target, "limit");
      text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      _gq_rest_target_set_param (target, "offset", text);
      return TRUE;

    case GQ_REST_PAGINATION_CURSOR:
      if (JSON_NODE_HOLDS_NULL (page_param))
        return TRUE;
      if ((text = _gq_rest_scalar_to_string (page_param)) == NULL)
        {
          g_set_error_literal (error, GQ_ERROR, GQ_ERROR_FAILED,
                               "A cursor is a string or a number");
          return FALSE;
        }
      _gq_rest_target_set_param (target, gq_rest_source_get_cursor_param (source), text);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static JsonNode *
int_or_null (gint64 value)
{
  if (value < 0)
    return json_node_init_null (json_node_alloc ());

  return json_node_init_int (json_node_alloc (), value);
}

static JsonNode *
new_page (JsonNode *items,
          gint64    total,
          JsonNode *next,
          JsonNode *previous)
{
  JsonObject *object = json_object_new ();
  JsonNode *page;

  json_object_set_member (object, "items", json_node_ref (items));
  json_object_set_member (object, "total", int_or_null (total));
  json_object_set_member (object, "next", next);
  json_object_set_member (object, "previous", previous);

  page = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  json_node_seal (page);

  return page;
}

static gboolean
require_array (JsonNode  *items,
               GError   **error)
{
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    return TRUE;

  g_set_error_literal (error, GQ_ERROR, GQ_ERROR_FAILED,
                       "The page's items are not a JSON array");
  return FALSE;
}

static gint64
header_int (SoupMessageHeaders *headers,
            const char         *name)
{
  const char *text = soup_message_headers_get_one (headers, name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return -1;

  return value;
}

/* The _page of a Link target, or -1. */
static gint64
link_page (GHashTable *links,
           const char *rel)
{
  const char *link = g_hash_table_lookup (links, rel);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *page;
  guint64 value;

  if (link == NULL ||
      (uri = g_uri_parse (link, G_URI_FLAGS_ENCODED_QUERY, NULL)) == NULL ||
      g_uri_get_query (uri) == NULL ||
      (params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL)) == NULL ||
      (page = g_hash_table_lookup (params, "_page")) == NULL ||
      !g_ascii_string_to_unsigned (page, 10, 1, G_MAXINT64, &value, NULL))
    return -1;

  return value;
}

static JsonNode *
wrap_json_server (JsonNode            *body,
                  SoupMessageHeaders  *headers,
                  gint64               page,
                  guint                limit,
                  GError             **error)
{
  const char *link = soup_message_headers_get_one (headers, "Link");
  gint64 total = header_int (headers, "X-Total-Count");
  gint64 next = -1;
  gint64 previous = -1;
  guint n_items;

  if (!require_array (body, error))
    return NULL;

  n_items = json_array_get_length (json_node_get_array (body));

  if (link != NULL)
    {
      /* json-server sends Link on every paged response, empty when there
       * is one page or none left. */
      g_autoptr(GHashTable) links = _gq_rest_parse_link (link);

      next = link_page (links, "next");
      previous = link_page (links, "prev");
    }
  else
    {
      gboolean more = total >= 0 ? page * (gint64) limit < total
                                 : n_items > 0 && n_items >= limit;

      next = more ? page + 1 : -1;
      previous = page > 1 ? page - 1 : -1;
    }

  return new_page (body, total, int_or_null (next), int_or_null (previous));
}

static JsonNode *
wrap_postgrest (JsonNode            *body,
                SoupMessageHeaders  *headers,
                gint64               offset,
                guint                limit,
                GError             **error)
{
  gint64 first, last, total;
  gint64 end;
  gboolean more;

  if (!require_array (body, error))
    return NULL;

  _gq_rest_parse_content_range (soup_message_headers_get_one (headers, "Content-Range"),
                                &first, &last, &total);

  end = offset + json_array_get_length (json_node_get_array (body));
  if (last >= 0)
    end = last + 1;

  if (end == offset)
    more = FALSE;
  else if (total >= 0)
    more = end < total;
  else
    more = end - offset >= (gint64) limit;

  return new_page (body, total,
                   int_or_null (more ? end : -1),
                   int_or_null (offset > 0 ? MAX (0, offset - (gint64) limit) : -1));
}

static JsonNode *
wrap_cursor (GqRestSource  *source,
             JsonNode      *body,
             GError       **error)
{
  JsonObject *object;
  JsonNode *items;
  JsonNode *next;

  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error_literal (error, GQ_ERROR, GQ_ERROR_FAILED,
                           "A page of cursor pagination is not a JSON object");
      return NULL;
    }

  object = json_node_get_object (body);
  items = json_object_get_member (object, gq_rest_source_get_items_field (source));
  if (!require_array (items, error))
    return NULL;

  next = json_object_get_member (object, gq_rest_source_get_cursor_field (source));

  return new_page (items, -1,
                   next ? json_node_ref (next) : json_node_init_null (json_node_alloc ()),
                   json_node_init_null (json_node_alloc ()));
}

JsonNode *
_gq_rest_page_wrap (GqRestSource        *source,
                    GqRestPagination     pagination,
                    JsonNode            *body,
                    SoupMessageHeaders  *headers,
                    JsonNode            *page_param,
                    guint                limit,
                    GError             **error)
{
  switch (pagination)
    {
    case GQ_REST_PAGINATION_JSON_SERVER:
      return wrap_json_server (body, headers, json_node_get_int (page_param), limit, error);

    case GQ_REST_PAGINATION_POSTGREST:
      return wrap_postgrest (body, headers, json_node_get_int (page_param), limit, error);

    case GQ_REST_PAGINATION_CURSOR:
      return wrap_cursor (source, body, error);

    default:
      g_assert_not_reached ();
    }
}

JsonNode *
_gq_rest_page_new_past_end (GqRestSource       *source,
                            SoupMessageHeaders *headers,
                            JsonNode           *page_param,
                            guint               limit)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) items = json_node_init_array (json_node_alloc (), array);
  gint64 offset = json_node_get_int (page_param);
  gint64 first, last, total;

  _gq_rest_parse_content_range (soup_message_headers_get_one (headers, "Content-Range"),
                                &first, &last, &total);

  return new_page (items, total,
                   int_or_null (-1),
                   int_or_null (offset > 0 ? MAX (0, offset - (gint64) limit) : -1));
}
