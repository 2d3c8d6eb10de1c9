/* gq-infinite-query-behavior.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-infinite-query-behavior-private.h"
#include "gq-error.h"
#include "gq-infinite-query-options-private.h"
#include "gq-query-options-private.h"

/* TanStack's infiniteQueryBehavior.onFetch, as one attempt of a query's
 * retryer. Fetching the next or previous page, with pages present, calls
 * the query function once. Anything else (a first load, a refetch) calls
 * it page after page from the first, each page's parameter computed from
 * the pages fetched before it, and writes the cache once, at the end. The
 * pages of that loop survive a failed attempt: the retry resumes at the
 * page that failed. */

struct _GqInfiniteBehavior
{
  GqQueryClient          *client;
  JsonNode               *query_key;
  char                   *query_hash;
  GqQueryOptions         *options;
  GqInfiniteQueryOptions *infinite;

  JsonNode               *old_data;
  JsonNode               *old_pages;
  JsonNode               *old_page_params;
  GError                 *old_data_error;

  /* Fetch one page next to the old ones (FORWARD, BACKWARD), or NONE:
   * the loop from the first page. */
  GqFetchDirection        direction;
  /* A refetch that keeps the old pages (refetch-pages NONE). */
  gboolean                keep_old_pages;

  /* The loop's pages so far, kept across attempts. Arrays that grow in
   * place (nothing else holds them until the loop ends), so the loop is
   * linear in the pages, not quadratic; sealed once, in its result. */
  JsonNode               *pages;
  JsonNode               *page_params;
  guint                   current_page;
  guint                   n_pages;

  GqFetchContext         *attempt;
  GqFetchContext         *page;
  JsonNode               *page_param;
};

/* Infinite data */

static JsonNode *
get_array_member (JsonNode   *data,
                  const char *name)
{
  JsonNode *member;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return NULL;

  member = json_object_get_member (json_node_get_object (data), name);

  return member != NULL && JSON_NODE_HOLDS_ARRAY (member) ? member : NULL;
}

static guint
array_length (JsonNode *array)
{
  return array != NULL ? json_array_get_length (json_node_get_array (array)) : 0;
}

gboolean
_gq_infinite_data_read (JsonNode    *data,
                        const char  *query_hash,
                        JsonNode   **pages,
                        JsonNode   **page_params,
                        GError     **error)
{
  JsonNode *found_pages = get_array_member (data, "pages");
  JsonNode *found_params = get_array_member (data, "pageParams");

  *pages = NULL;
  *page_params = NULL;

  if (found_pages == NULL)
    return TRUE;

  if (found_params == NULL || array_length (found_params) != array_length (found_pages))
    {
      g_set_error (error, GQ_ERROR, GQ_ERROR_INVALID_INFINITE_DATA,
                   "The data of infinite query %s has %u pages and %u page parameters; "
                   "it must be {\"pages\": [...], \"pageParams\": [...]} with one "
                   "parameter per page",
                   query_hash ? query_hash : "(unknown)",
                   array_length (found_pages), array_length (found_params));
      return FALSE;
    }

  *pages = found_pages;
  *page_params = found_params;

  return TRUE;
}

gboolean
_gq_infinite_data_has_page (GqInfiniteQueryOptions *options,
                            JsonNode               *data,
                            GqFetchDirection        direction)
{
  g_autoptr(JsonNode) param = NULL;
  JsonNode *pages;
  JsonNode *page_params;

  if (options == NULL || !_gq_infinite_query_options_has_page_param_func (options, direction))
    return FALSE;

  if (!_gq_infinite_data_read (data, NULL, &pages, &page_params, NULL) || array_length (pages) == 0)
    return FALSE;

  param = _gq_infinite_query_options_call_page_param (options, direction, pages, page_params);

  return param != NULL;
}

JsonNode *
_gq_infinite_fetch_meta_new (GqFetchDirection direction)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (direction != GQ_FETCH_DIRECTION_NONE, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fetchMore");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, direction == GQ_FETCH_DIRECTION_FORWARD ? "forward" : "backward");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

GqFetchDirection
_gq_infinite_fetch_meta_direction (JsonNode *meta)
{
  JsonNode *fetch_more;
  JsonNode *direction;
  const char *name;

  if (meta == NULL || !JSON_NODE_HOLDS_OBJECT (meta))
    return GQ_FETCH_DIRECTION_NONE;

  fetch_more = json_object_get_member (json_node_get_object (meta), "fetchMore");
  if (fetch_more == NULL || !JSON_NODE_HOLDS_OBJECT (fetch_more))
    return GQ_FETCH_DIRECTION_NONE;

  direction = json_object_get_member (json_node_get_object (fetch_more), "direction");
  if (direction == NULL || json_node_get_value_type (direction) != G_TYPE_STRING)
    return GQ_FETCH_DIRECTION_NONE;

  name = json_node_get_string (direction);
  if (g_strcmp0 (name, "forward") == 0)
    return GQ_FETCH_DIRECTION_FORWARD;
  if (g_strcmp0 (name, "backward") == 0)
    return GQ_FETCH_DIRECTION_BACKWARD;

  return GQ_FETCH_DIRECTION_NONE;
}

static JsonNode *
new_sealed_array (JsonArray *array)
{
  JsonNode *node = json_node_init_array (json_node_alloc (), array);

  json_node_seal (node);

  return node;
}

static JsonNode *
new_growable_array (void)
{
  g_autoptr(JsonArray) array = json_array_new ();

  return json_node_init_array (json_node_alloc (), array);
}

/* Appends @item (a sealed node) to the loop's array @array in place,
 * dropping the first element past @max_pages. Once the loop's result
 * sealed the array, it is shared: a loop going on after that (it does
 * not, but the retryer owns that) starts from a copy. */
static void
append_in_loop (JsonNode **array,
                JsonNode  *item,
                guint      max_pages)
{
  JsonArray *items;

  if (json_node_is_immutable (*array))
    {
      JsonArray *sealed = json_node_get_array (*array);
      guint len = json_array_get_length (sealed);
      g_autoptr(JsonArray) copy = json_array_sized_new (len + 1);

      for (guint i = 0; i < len; i++)
        json_array_add_element (copy, json_node_ref (json_array_get_element (sealed, i)));

      json_node_unref (*array);
      *array = json_node_init_array (json_node_alloc (), copy);
    }

  items = json_node_get_array (*array);
  json_array_add_element (items, json_node_ref (item));

  if (max_pages > 0 && json_array_get_length (items) > max_pages)
    json_array_remove_element (items, 0);
}

static JsonNode *
new_null (void)
{
  JsonNode *node = json_node_init_null (json_node_alloc ());

  json_node_seal (node);

  return node;
}

/* TanStack's addToEnd / addToStart: a new array with @item, less one
 * element from the other end when it holds more than @max_pages. Each
 * held element costs a reference and an add, then a visit and a hash
 * when the copy is sealed: no public json-glib call does less for an
 * immutable array (a persistent vector would need another data model). */
static JsonNode *
add_item (JsonNode         *array,
          JsonNode         *item,
          GqFetchDirection  direction,
          guint             max_pages)
{
  g_autoptr(JsonArray) result = NULL;
  JsonArray *items = array != NULL ? json_node_get_array (array) : NULL;
  guint len = array_length (array);
  guint first = 0;
  guint last = len;

  if (max_pages > 0 && len + 1 > max_pages)
    {
      if (direction == GQ_FETCH_DIRECTION_BACKWARD)
        last--;
      else
        first++;
    }

  result = json_array_sized_new (len + 1);

  if (direction == GQ_FETCH_DIRECTION_BACKWARD)
    json_array_add_element (result, json_node_ref (item));

  for (guint i = first; i < last; i++)
    json_array_add_element (result, json_node_ref (json_array_get_element (items, i)));

  if (direction != GQ_FETCH_DIRECTION_BACKWARD)
    json_array_add_element (result, json_node_ref (item));

  return new_sealed_array (result);
}

static JsonNode *
build_data (JsonNode *pages,
            JsonNode *page_params)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  json_object_set_member (object, "pages", json_node_ref (pages));
  json_object_set_member (object, "pageParams", json_node_ref (page_params));

  node = json_node_init_object (json_node_alloc (), object);
  json_node_seal (node);

  return node;
}

/* The behaviour */

static guint
max_pages (GqInfiniteBehavior *self)
{
  return self->infinite ? gq_infinite_query_options_get_max_pages (self->infinite) : 0;
}

GqInfiniteBehavior *
_gq_infinite_behavior_new (GqQueryClient    *client,
                           JsonNode         *query_key,
                           const char       *query_hash,
                           GqQueryOptions   *options,
                           JsonNode         *old_data,
                           GqFetchDirection  direction)
{
  GqInfiniteBehavior *self = g_new0 (GqInfiniteBehavior, 1);
  GqRefetchPages refetch_pages = GQ_REFETCH_PAGES_ALL;
  guint pages_option = 0;
  guint old_len;

  g_set_weak_pointer (&self->client, client);
  self->query_key = json_node_ref (query_key);
  self->query_hash = g_strdup (query_hash);
  self->options = g_object_ref (options);
  if (GQ_IS_INFINITE_QUERY_OPTIONS (options))
    {
      self->infinite = GQ_INFINITE_QUERY_OPTIONS (options);
      refetch_pages = gq_infinite_query_options_get_refetch_pages (self->infinite);
      pages_option = gq_infinite_query_options_get_pages (self->infinite);
    }

  self->old_data = old_data ? json_node_ref (old_data) : NULL;
  if (_gq_infinite_data_read (old_data, query_hash, &self->old_pages, &self->old_page_params,
                              &self->old_data_error))
    {
      if (self->old_pages != NULL)
        {
          json_node_ref (self->old_pages);
          json_node_ref (self->old_page_params);
        }
    }
  old_len = array_length (self->old_pages);

  /* Without pages, fetching the next or previous page loads the first. */
  self->direction = old_len > 0 ? direction : GQ_FETCH_DIRECTION_NONE;

  if (pages_option > 0)
    self->n_pages = pages_option;
  else if (refetch_pages == GQ_REFETCH_PAGES_FIRST)
    self->n_pages = MIN (old_len, 1);
  else
    self->n_pages = old_len;

  self->keep_old_pages = self->direction == GQ_FETCH_DIRECTION_NONE &&
                         old_len > 0 &&
                         pages_option == 0 &&
                         refetch_pages == GQ_REFETCH_PAGES_NONE;

  self->pages = new_growable_array ();
  self->page_params = new_growable_array ();

  return self;
}

static void
abandon_page (GqInfiniteBehavior *self)
{
  if (self->page != NULL)
    {
      _gq_fetch_context_abandon (self->page);
      g_clear_object (&self->page);
    }
}

void
_gq_infinite_behavior_free (GqInfiniteBehavior *self)
{
  abandon_page (self);
  g_clear_weak_pointer (&self->client);
  g_clear_pointer (&self->query_key, json_node_unref);
  g_clear_pointer (&self->query_hash, g_free);
  g_clear_object (&self->options);
  g_clear_pointer (&self->old_data, json_node_unref);
  g_clear_pointer (&self->old_pages, json_node_unref);
  g_clear_pointer (&self->old_page_params, json_node_unref);
  g_clear_error (&self->old_data_error);
  g_clear_pointer (&self->pages, json_node_unref);
  g_clear_pointer (&self->page_params, json_node_unref);
  g_clear_object (&self->attempt);
  g_clear_pointer (&self->page_param, json_node_unref);
  g_free (self);
}

static void on_page_done (GqFetchContext *page,
                          JsonNode       *data,
                          const GError   *error,
                          gpointer        user_data);

/* Calls the query function for one page: the last thing a caller does,
 * since the function may cancel the fetch and so free @self. */
static void
fetch_page (GqInfiniteBehavior *self,
            JsonNode           *param,
            GqFetchDirection    direction)
{
  g_autoptr(GqQueryOptions) options = g_object_ref (self->options);
  g_autoptr(GqFetchContext) page = NULL;

  g_clear_pointer (&self->page_param, json_node_unref);
  self->page_param = param;

  page = _gq_fetch_context_new_page (self->attempt, param, direction, on_page_done, self);
  g_set_object (&self->page, page);

  _gq_query_options_call_query_func (options, page);
}

static void
finish_loop (GqInfiniteBehavior *self)
{
  g_autoptr(JsonNode) data = build_data (self->pages, self->page_params);

  gq_fetch_context_resolve (self->attempt, data);
}

/* One turn of TanStack's do-while over the pages. */
static void
fetch_next_in_loop (GqInfiniteBehavior *self)
{
  JsonNode *param = NULL;

  if (self->current_page == 0)
    {
      JsonNode *first = array_length (self->old_page_params) > 0
                        ? json_array_get_element (json_node_get_array (self->old_page_params), 0)
                        : NULL;

      /* `oldPageParams[0] ?? initialPageParam`: a refetch starts at the
       * first page it has, which max-pages may have moved. */
      if (first == NULL || JSON_NODE_HOLDS_NULL (first))
        first = self->infinite ? gq_infinite_query_options_get_initial_page_param (self->infinite) : NULL;

      param = first ? json_node_ref (first) : NULL;
    }
  else
    {
      if (self->infinite == NULL ||
          !_gq_infinite_query_options_has_page_param_func (self->infinite, GQ_FETCH_DIRECTION_FORWARD))
        {
          g_autofree char *message =
            g_strdup_printf ("Infinite query %s has no get-next-page-param function: "
                             "it cannot fetch the page after page %u",
                             self->query_hash, self->current_page);

          gq_fetch_context_reject_literal (self->attempt, GQ_ERROR,
                                           GQ_ERROR_MISSING_PAGE_PARAM_FUNC, message);
          return;
        }

      param = _gq_infinite_query_options_call_page_param (self->infinite, GQ_FETCH_DIRECTION_FORWARD,
                                                          self->pages, self->page_params);
      if (param == NULL)
        {
          finish_loop (self);
          return;
        }
    }

  fetch_page (self, param, GQ_FETCH_DIRECTION_FORWARD);
}

static void
on_page_done (GqFetchContext *page,
              JsonNode       *data,
              const GError   *error,
              gpointer        user_data)
{
  GqInfiniteBehavior *self = user_data;
  g_autoptr(JsonNode) param = NULL;
  JsonNode *stored_param;

  if (page != self->page)
    return;

  g_clear_object (&self->page);
  param = g_steal_pointer (&self->page_param);

  if (self->attempt == NULL || _gq_fetch_context_is_abandoned (self->attempt))
    return;

  if (error != NULL)
    {
      gq_fetch_context_reject (self->attempt, (GError *) error);
      return;
    }

  /* JSON has no undefined: a page must be some value, null included. */
  if (data == NULL)
    {
      g_autofree char *message =
        g_strdup_printf ("Query data cannot be undefined: a page of %s resolved without data",
                         self->query_hash);

      gq_fetch_context_reject_literal (self->attempt, GQ_ERROR, GQ_ERROR_UNDEFINED_DATA, message);
      return;
    }

  stored_param = param ? param : new_null ();

  if (self->direction != GQ_FETCH_DIRECTION_NONE)
    {
      g_autoptr(JsonNode) pages = add_item (self->old_pages, data, self->direction, max_pages (self));
      g_autoptr(JsonNode) page_params = add_item (self->old_page_params, stored_param,
                                                  self->direction, max_pages (self));
      g_autoptr(JsonNode) result = build_data (pages, page_params);

      if (param == NULL)
        json_node_unref (stored_param);

      gq_fetch_context_resolve (self->attempt, result);
      return;
    }

  append_in_loop (&self->pages, data, max_pages (self));
  append_in_loop (&self->page_params, stored_param, max_pages (self));
  if (param == NULL)
    json_node_unref (stored_param);

  self->current_page++;

  if (self->current_page < self->n_pages)
    fetch_next_in_loop (self);
  else
    finish_loop (self);
}

GqFetchContext *
_gq_infinite_behavior_run (GqInfiniteBehavior *self,
                           GqFetchDoneFunc     done,
                           gpointer            done_data)
{
  g_autoptr(GqFetchContext) attempt = NULL;

  /* A new attempt: whatever the last one left in flight is not awaited. */
  abandon_page (self);

  attempt = _gq_fetch_context_new (self->client, self->query_key, self->query_hash,
                                   gq_query_options_get_meta (self->options),
                                   NULL, GQ_FETCH_DIRECTION_NONE, done, done_data);
  g_set_object (&self->attempt, attempt);

  if (self->old_data_error != NULL)
    {
      gq_fetch_context_reject (attempt, self->old_data_error);
      return g_steal_pointer (&attempt);
    }

  if (!_gq_query_options_has_query_func (self->options))
    {
      g_autofree char *message = g_strdup_printf ("Missing query function: '%s'", self->query_hash);

      gq_fetch_context_reject_literal (attempt, GQ_ERROR, GQ_ERROR_MISSING_QUERY_FUNC, message);
      return g_steal_pointer (&attempt);
    }

  if (self->direction != GQ_FETCH_DIRECTION_NONE)
    {
      JsonNode *param = NULL;

      if (self->infinite != NULL)
        param = _gq_infinite_query_options_call_page_param (self->infinite, self->direction,
                                                            self->old_pages, self->old_page_params);

      /* No such page: the data stays as it is, the query function is not
       * called. */
      if (param == NULL)
        gq_fetch_context_resolve (attempt, self->old_data);
      else
        fetch_page (self, param, self->direction);
    }
  else if (self->keep_old_pages)
    {
      gq_fetch_context_resolve (attempt, self->old_data);
    }
  else
    {
      fetch_next_in_loop (self);
    }

  return g_steal_pointer (&attempt);
}
