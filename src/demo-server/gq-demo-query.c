/* gq-demo-query.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* GET /<collection> with json-server 0.17.4's parameters, applied in its
 * order: q, field filters, _sort/_order, then _page/_limit or
 * _start/_end/_limit. Values compare the way its JavaScript does
 * (String(value) === param, Number() for ranges, lodash's orderBy). */

#include "gq-demo-query.h"
#include "gq-demo-json.h"

#include <math.h>
#include <string.h>

static const char *reserved_keys[] = {
  "q", "_start", "_end", "_sort", "_order", "_limit", "_embed", "_expand",
};

typedef enum
{
  FILTER_EQUAL,
  FILTER_NOT_EQUAL,
  FILTER_GREATER_OR_EQUAL,
  FILTER_LESS_OR_EQUAL,
  FILTER_LIKE,
} FilterMode;

typedef struct
{
  char       *path;
  FilterMode  mode;
  GPtrArray  *values;   /* char* */
  GPtrArray  *regexes;  /* GRegex, for FILTER_LIKE */
} Filter;

static void
param_free (gpointer data)
{
  GqDemoParam *param = data;

  g_free (param->key);
  g_free (param->value);
  g_free (param);
}

static void
filter_free (gpointer data)
{
  Filter *filter = data;

  g_free (filter->path);
  g_ptr_array_unref (filter->values);
  g_ptr_array_unref (filter->regexes);
  g_free (filter);
}

/* Form decoding like Express: '+' is a space, bad escapes stay as sent. */
static char *
decode_component (const char *text,
                  gsize       length)
{
  g_autofree char *plus = g_strndup (text, length);
  char *decoded;

  g_strdelimit (plus, "+", ' ');
  decoded = g_uri_unescape_string (plus, NULL);
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    {
      g_free (decoded);
      /* Every later step (regexes for _like, case folding for q) needs
       * UTF-8: PCRE read past the end of a raw byte pattern (a fuzz
       * finding). */
      if (!g_utf8_validate (plus, -1, NULL))
        return g_utf8_make_valid (plus, -1);
      return g_steal_pointer (&plus);
    }

  return decoded;
}

void
gq_demo_query_add_param (GPtrArray  *params,
                         const char *key,
                         const char *value)
{
  GqDemoParam *param = g_new0 (GqDemoParam, 1);

  param->key = g_strdup (key);
  param->value = g_strdup (value);
  g_ptr_array_add (params, param);
}

/* Every key=value pair in order; repeated keys stay repeated. */
GPtrArray *
gq_demo_query_parse (const char *raw_query)
{
  GPtrArray *params = g_ptr_array_new_with_free_func (param_free);
  g_auto(GStrv) pairs = NULL;

  if (raw_query == NULL || *raw_query == '\0')
    return params;

  pairs = g_strsplit (raw_query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *pair = pairs[i];
      const char *equals = strchr (pair, '=');
      GqDemoParam *param;

      if (*pair == '\0')
        continue;

      param = g_new0 (GqDemoParam, 1);
      if (equals != NULL)
        {
          param->key = decode_component (pair, equals - pair);
          param->value = decode_component (equals + 1, strlen (equals + 1));
        }
      else
        {
          param->key = decode_component (pair, strlen (pair));
          param->value = g_strdup ("");
        }
      g_ptr_array_add (params, param);
    }

  return params;
}

const char *
gq_demo_query_get_first (GPtrArray  *params,
                         const char *key)
{
  for (guint i = 0; i < params->len; i++)
    {
      GqDemoParam *param = g_ptr_array_index (params, i);

      if (g_str_equal (param->key, key))
        return param->value;
    }

  return NULL;
}

/* JavaScript treats "" as false: `if (_page)` skips an empty _page. */
static const char *
get_truthy (GPtrArray  *params,
            const char *key)
{
  const char *value = gq_demo_query_get_first (params, key);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
is_reserved (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (reserved_keys); i++)
    if (g_str_equal (reserved_keys[i], key))
      return TRUE;

  return FALSE;
}

static gboolean
parse_operator (const char  *key,
                FilterMode  *mode,
                char       **path)
{
  static const struct { const char *suffix; FilterMode mode; } operators[] = {
    { "_gte", FILTER_GREATER_OR_EQUAL },
    { "_lte", FILTER_LESS_OR_EQUAL },
    { "_ne", FILTER_NOT_EQUAL },
    { "_like", FILTER_LIKE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    if (g_str_has_suffix (key, operators[i].suffix))
      {
        *mode = operators[i].mode;
        *path = g_strndup (key, strlen (key) - strlen (operators[i].suffix));
        return TRUE;
      }

  *mode = FILTER_EQUAL;
  *path = g_strdup (key);
  return FALSE;
}

static gboolean
any_record_has_path (GqDemoCollection *collection,
                     const char       *path)
{
  guint n_records = gq_demo_collection_get_n_records (collection);

  for (guint i = 0; i < n_records; i++)
    if (gq_demo_json_has_path (gq_demo_collection_get_record (collection, i), path))
      return TRUE;

  return FALSE;
}

/* Filter keys found on no record are dropped, as json-server does, so a
 * misspelt filter returns everything. */
static GPtrArray *
build_filters (GqDemoCollection  *collection,
               GPtrArray         *params,
               GError           **error)
{
  g_autoptr(GPtrArray) filters = g_ptr_array_new_with_free_func (filter_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < params->len; i++)
    {
      GqDemoParam *param = g_ptr_array_index (params, i);
      Filter *filter;

      if (is_reserved (param->key) || g_str_equal (param->key, "callback") || g_str_equal (param->key, "_"))
        continue;

      filter = g_hash_table_lookup (by_key, param->key);
      if (filter == NULL)
        {
          g_autofree char *path = NULL;
          FilterMode mode;

          if (!parse_operator (param->key, &mode, &path) && !any_record_has_path (collection, path))
            continue;

          filter = g_new0 (Filter, 1);
          filter->path = g_steal_pointer (&path);
          filter->mode = mode;
          filter->values = g_ptr_array_new_with_free_func (g_free);
          filter->regexes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);
          g_ptr_array_add (filters, filter);
          g_hash_table_insert (by_key, param->key, filter);
        }

      g_ptr_array_add (filter->values, g_strdup (param->value));
      if (filter->mode == FILTER_LIKE)
        {
          GRegex *regex = g_regex_new (param->value, G_REGEX_CASELESS, 0, error);

          if (regex == NULL)
            {
              g_prefix_error (error, "%s: ", param->key);
              return NULL;
            }
          g_ptr_array_add (filter->regexes, regex);
        }
    }

  return g_steal_pointer (&filters);
}

static gboolean
holds_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* String(@node), without a copy when it is a string already. */
static const char *
js_text (JsonNode  *node,
         char     **storage)
{
  if (holds_string (node))
    return json_node_get_string (node);

  *storage = gq_demo_json_to_js_string (node);
  return *storage;
}

/* JavaScript's `a <= b` for a query string @a against a stored value. */
static gboolean
js_less_or_equal (const char *a,
                  JsonNode   *b)
{
  if (JSON_NODE_HOLDS_VALUE (b) && json_node_get_value_type (b) != G_TYPE_STRING)
    {
      double left = gq_demo_js_string_to_number (a);
      double right = gq_demo_json_to_js_number (b);

      return !isnan (left) && !isnan (right) && left <= right;
    }
  else
    {
      g_autofree char *right = gq_demo_json_to_js_string (b);

      return gq_demo_js_string_compare (a, right) <= 0;
    }
}

static gboolean
js_greater_or_equal (const char *a,
                     JsonNode   *b)
{
  if (JSON_NODE_HOLDS_VALUE (b) && json_node_get_value_type (b) != G_TYPE_STRING)
    {
      double left = gq_demo_js_string_to_number (a);
      double right = gq_demo_json_to_js_number (b);

      return !isnan (left) && !isnan (right) && left >= right;
    }
  else
    {
      g_autofree char *right = gq_demo_json_to_js_string (b);

      return gq_demo_js_string_compare (a, right) >= 0;
    }
}

static gboolean
filter_matches_value (Filter     *filter,
                      guint       index,
                      JsonNode   *element)
{
  const char *value = g_ptr_array_index (filter->values, index);
  g_autofree char *storage = NULL;

  switch (filter->mode)
    {
    case FILTER_GREATER_OR_EQUAL:
      return js_less_or_equal (value, element);

    case FILTER_LESS_OR_EQUAL:
      return js_greater_or_equal (value, element);

    case FILTER_NOT_EQUAL:
      return !g_str_equal (value, js_text (element, &storage));

    case FILTER_LIKE:
      return g_regex_match (g_ptr_array_index (filter->regexes, index),
                            js_text (element, &storage), 0, NULL);

    case FILTER_EQUAL:
    default:
      return g_str_equal (value, js_text (element, &storage));
    }
}

/* Repeated values are OR-ed, except _ne whose values are AND-ed; a
 * record without the field never matches. */
static gboolean
filter_matches (Filter     *filter,
                JsonObject *record)
{
  JsonNode *element = gq_demo_json_lookup_path (record, filter->path);

  if (element == NULL || JSON_NODE_HOLDS_NULL (element))
    return FALSE;

  for (guint i = 0; i < filter->values->len; i++)
    {
      gboolean matches = filter_matches_value (filter, i, element);

      if (filter->mode == FILTER_NOT_EQUAL && !matches)
        return FALSE;
      if (filter->mode != FILTER_NOT_EQUAL && matches)
        return TRUE;
    }

  return filter->mode == FILTER_NOT_EQUAL;
}

/* json-server's deepQuery: falsy values never match; numbers and true
 * match by their text, like strings. */
static gboolean
deep_query (JsonNode   *node,
            const char *needle)
{
  if (!gq_demo_json_is_js_truthy (node))
    return FALSE;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (deep_query (json_array_get_element (array, i), needle))
          return TRUE;
      return FALSE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        if (deep_query (member, needle))
          return TRUE;
      return FALSE;
    }

  {
    g_autofree char *text = gq_demo_json_to_js_string (node);
    g_autofree char *lower = g_utf8_strdown (text, -1);

    return strstr (lower, needle) != NULL;
  }
}

typedef struct
{
  char     **paths;
  gboolean  *descending;
} SortSpec;

/* ToPrimitive: objects and arrays become their string form. */
static gboolean
is_js_string (JsonNode *node)
{
  return !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_STRING;
}

static int
js_compare (JsonNode *a,
            JsonNode *b)
{
  if (holds_string (a) && holds_string (b))
    return gq_demo_js_string_compare (json_node_get_string (a), json_node_get_string (b));

  if (is_js_string (a) && is_js_string (b))
    {
      g_autofree char *left = gq_demo_json_to_js_string (a);
      g_autofree char *right = gq_demo_json_to_js_string (b);

      return gq_demo_js_string_compare (left, right);
    }
  else
    {
      double left = gq_demo_json_to_js_number (a);
      double right = gq_demo_json_to_js_number (b);

      if (left > right)
        return 1;
      if (left < right)
        return -1;
      return 0;
    }
}

/* lodash's compareAscending: values, then null, then missing. */
static int
compare_ascending (JsonNode *a,
                   JsonNode *b)
{
  if (a == NULL)
    return b == NULL ? 0 : 1;
  if (b == NULL)
    return -1;
  if (JSON_NODE_HOLDS_NULL (a))
    return JSON_NODE_HOLDS_NULL (b) ? 0 : 1;
  if (JSON_NODE_HOLDS_NULL (b))
    return -1;

  return js_compare (a, b);
}

static int
compare_records (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  JsonObject *left = *(JsonObject **) a;
  JsonObject *right = *(JsonObject **) b;
  SortSpec *spec = user_data;

  for (guint i = 0; spec->paths[i] != NULL; i++)
    {
      int result = compare_ascending (gq_demo_json_lookup_path (left, spec->paths[i]),
                                      gq_demo_json_lookup_path (right, spec->paths[i]));

      if (result != 0)
        return spec->descending[i] ? -result : result;
    }

  return 0;
}

static void
sort_records (GPtrArray  *records,
              const char *sort,
              const char *order)
{
  g_auto(GStrv) orders = g_strsplit (order != NULL ? order : "", ",", -1);
  g_autofree gboolean *descending = NULL;
  SortSpec spec;
  guint n_paths;
  guint n_orders = g_strv_length (orders);

  spec.paths = g_strsplit (sort, ",", -1);
  n_paths = g_strv_length (spec.paths);
  descending = g_new0 (gboolean, n_paths);
  for (guint i = 0; i < n_paths && i < n_orders; i++)
    descending[i] = g_ascii_strcasecmp (orders[i], "desc") == 0;
  spec.descending = descending;

  /* g_ptr_array_sort_with_data is stable, like lodash's orderBy. */
  g_ptr_array_sort_with_data (records, compare_records, &spec);
  g_strfreev (spec.paths);
}

/* Array.prototype.slice's index rules; NaN (no value) counts as 0. */
static guint
slice_index (gboolean has_value,
             gint64   value,
             guint    length)
{
  if (!has_value)
    return 0;
  if (value < 0)
    return (guint) MAX ((gint64) length + value, 0);
  return (guint) MIN (value, (gint64) length);
}

static void
slice_records (GPtrArray *records,
               guint      start,
               guint      end)
{
  if (end < start)
    end = start;

  g_ptr_array_remove_range (records, end, records->len - end);
  g_ptr_array_remove_range (records, 0, start);
}

static void
paginate (GqDemoListing *listing,
          const char    *page_text,
          const char    *limit_text)
{
  GPtrArray *records = listing->records;
  guint length = records->len;
  gint64 page = 0;
  gint64 limit = 0;
  gint64 start;
  gint64 end;

  if (!gq_demo_js_parse_int (page_text, &page) || page < 1)
    page = 1;
  /* parseInt (_limit) || 10; a negative size would make no pages. */
  if (!gq_demo_js_parse_int (limit_text, &limit) || limit < 1)
    limit = 10;

  if (page > G_MAXINT32 || limit > G_MAXINT32)
    {
      start = end = length;
    }
  else
    {
      start = MIN ((page - 1) * limit, (gint64) length);
      end = MIN (page * limit, (gint64) length);
    }

  listing->paged = TRUE;
  slice_records (records, start, end);
  if (records->len == 0)
    return;

  if (page > 1)
    listing->prev_page = page - 1;
  if (end < length)
    listing->next_page = page + 1;
  if (records->len != length)
    {
      listing->current_page = page;
      listing->first_page = 1;
      listing->last_page = (length + limit - 1) / limit;
    }
}

GqDemoListing *
gq_demo_query_run (GqDemoCollection  *collection,
                   GPtrArray         *params,
                   GError           **error)
{
  g_autoptr(GqDemoListing) listing = g_new0 (GqDemoListing, 1);
  g_autoptr(GPtrArray) filters = NULL;
  g_autofree char *needle = NULL;
  const char *q = get_truthy (params, "q");
  const char *sort = get_truthy (params, "_sort");
  const char *page = get_truthy (params, "_page");
  const char *limit = get_truthy (params, "_limit");
  const char *start = get_truthy (params, "_start");
  const char *end = get_truthy (params, "_end");
  guint n_records = gq_demo_collection_get_n_records (collection);

  listing->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  filters = build_filters (collection, params, error);
  if (filters == NULL)
    return NULL;

  if (q != NULL)
    needle = g_utf8_strdown (q, -1);

  for (guint i = 0; i < n_records; i++)
    {
      JsonObject *record = gq_demo_collection_get_record (collection, i);
      gboolean keep = TRUE;

      if (needle != NULL)
        {
          JsonObjectIter iter;
          JsonNode *member;

          keep = FALSE;
          json_object_iter_init (&iter, record);
          while (!keep && json_object_iter_next (&iter, NULL, &member))
            keep = deep_query (member, needle);
        }

      for (guint j = 0; keep && j < filters->len; j++)
        keep = filter_matches (g_ptr_array_index (filters, j), record);

      if (keep)
        g_ptr_array_add (listing->records, json_object_ref (record));
    }

  if (sort != NULL)
    sort_records (listing->records, sort, gq_demo_query_get_first (params, "_order"));

  if (end != NULL || limit != NULL || page != NULL)
    {
      listing->counted = TRUE;
      listing->total = listing->records->len;
    }

  if (page != NULL)
    {
      paginate (listing, page, limit);
    }
  else if (end != NULL || limit != NULL)
    {
      gint64 start_value = 0;
      gint64 end_value = 0;
      gint64 limit_value = 0;
      gboolean has_end;
      guint length = listing->records->len;

      if (!gq_demo_js_parse_int (start, &start_value))
        start_value = 0;

      if (end != NULL)
        {
          has_end = gq_demo_js_parse_int (end, &end_value);
        }
      else
        {
          has_end = gq_demo_js_parse_int (limit, &limit_value);
          end_value = start_value + limit_value;
        }

      slice_records (listing->records,
                     slice_index (TRUE, start_value, length),
                     slice_index (has_end, end_value, length));
    }

  return g_steal_pointer (&listing);
}

void
gq_demo_listing_free (GqDemoListing *listing)
{
  if (listing == NULL)
    return;

  g_clear_pointer (&listing->records, g_ptr_array_unref);
  g_free (listing);
}
