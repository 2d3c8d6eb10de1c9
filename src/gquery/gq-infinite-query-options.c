/* gq-infinite-query-options.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-infinite-query-options.h"
#include "gq-infinite-query-options-private.h"
#include "gq-enum-types.h"
#include "gq-json.h"
#include "gq-query-options-private.h"

/**
 * GqInfiniteQueryOptions:
 *
 * The options of an infinite query, TanStack Query's
 * `useInfiniteQuery` options: a query whose data is a list of pages,
 * `{"pages": [...], "pageParams": [...]}`, fetched one page at a time.
 *
 * The query function is called once per page, with the page's parameter
 * and direction in its [class@Gq.FetchContext]
 * ([method@Gq.FetchContext.get_page_param]). The first page is fetched
 * with [property@Gq.InfiniteQueryOptions:initial-page-param]; the
 * function set with
 * [method@Gq.InfiniteQueryOptions.set_get_next_page_param_func] computes
 * the parameter of the page after the last one, and the one set with
 * [method@Gq.InfiniteQueryOptions.set_get_previous_page_param_func] that
 * of the page before the first one.
 *
 * Being [class@Gq.QueryOptions], they carry every option of a query and
 * go wherever query options go: a [class@Gq.QueryClient]'s fetch and
 * defaults, [class@Gq.InfiniteQueryObserver]. From Python:
 * `Gq.InfiniteQueryOptions(query_key=key, initial_page_param=param)`.
 *
 * A refetch fetches every page again, in order from the first, each with
 * the parameter computed from the page fetched before it;
 * [property@Gq.InfiniteQueryOptions:refetch-pages] makes it cheaper.
 */

typedef enum
{
  OPTION_INITIAL_PAGE_PARAM = 1,
  OPTION_MAX_PAGES,
  OPTION_PAGES,
  OPTION_REFETCH_PAGES,
  OPTION_NEXT_PAGE_PARAM_FUNC,
  OPTION_PREVIOUS_PAGE_PARAM_FUNC,
} InfiniteOption;

#define OPTION_BIT(option) (((guint32) 1) << (option))

struct _GqInfiniteQueryOptions
{
  GqQueryOptions   parent_instance;

  guint32          set_mask;
  JsonNode        *initial_page_param;
  guint            max_pages;
  guint            pages;
  GqRefetchPages   refetch_pages;
  GqOptionClosure *next_page_param;
  GqOptionClosure *previous_page_param;
};

/* Property ids equal the InfiniteOption values, as in GqQueryOptions. */
enum {
  PROP_0,
  PROP_INITIAL_PAGE_PARAM = OPTION_INITIAL_PAGE_PARAM,
  PROP_MAX_PAGES = OPTION_MAX_PAGES,
  PROP_PAGES = OPTION_PAGES,
  PROP_REFETCH_PAGES = OPTION_REFETCH_PAGES,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (GqInfiniteQueryOptions, gq_infinite_query_options, GQ_TYPE_QUERY_OPTIONS)

static void
option_set (GqInfiniteQueryOptions *self,
            InfiniteOption          option,
            gboolean                changed)
{
  self->set_mask |= OPTION_BIT (option);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[option]);
}

static GqOptionClosure **
closure_slot (GqInfiniteQueryOptions *self,
              InfiniteOption          option)
{
  g_assert (option == OPTION_NEXT_PAGE_PARAM_FUNC || option == OPTION_PREVIOUS_PAGE_PARAM_FUNC);

  return option == OPTION_NEXT_PAGE_PARAM_FUNC ? &self->next_page_param : &self->previous_page_param;
}

static void
share_closure (GqInfiniteQueryOptions *self,
               InfiniteOption          option,
               GqOptionClosure        *closure)
{
  GqOptionClosure **slot = closure_slot (self, option);

  if (*slot == closure)
    return;

  _gq_option_closure_ref (closure);
  g_clear_pointer (slot, _gq_option_closure_unref);
  *slot = closure;
  self->set_mask |= OPTION_BIT (option);
}

static void
set_closure (GqInfiniteQueryOptions *self,
             InfiniteOption          option,
             GCallback               func,
             gpointer                user_data,
             GDestroyNotify          destroy)
{
  GqOptionClosure **slot = closure_slot (self, option);

  g_clear_pointer (slot, _gq_option_closure_unref);

  if (func == NULL)
    {
      self->set_mask &= ~OPTION_BIT (option);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  *slot = _gq_option_closure_new (func, user_data, destroy);
  self->set_mask |= OPTION_BIT (option);
}

static void
gq_infinite_query_options_finalize (GObject *object)
{
  GqInfiniteQueryOptions *self = (GqInfiniteQueryOptions *)object;

  g_clear_pointer (&self->initial_page_param, json_node_unref);
  g_clear_pointer (&self->next_page_param, _gq_option_closure_unref);
  g_clear_pointer (&self->previous_page_param, _gq_option_closure_unref);

  G_OBJECT_CLASS (gq_infinite_query_options_parent_class)->finalize (object);
}

static void
gq_infinite_query_options_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GqInfiniteQueryOptions *self = GQ_INFINITE_QUERY_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_INITIAL_PAGE_PARAM:
      g_value_set_boxed (value, self->initial_page_param);
      break;

    case PROP_MAX_PAGES:
      g_value_set_uint (value, self->max_pages);
      break;

    case PROP_PAGES:
      g_value_set_uint (value, self->pages);
      break;

    case PROP_REFETCH_PAGES:
      g_value_set_enum (value, self->refetch_pages);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_infinite_query_options_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  GqInfiniteQueryOptions *self = GQ_INFINITE_QUERY_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_INITIAL_PAGE_PARAM:
      gq_infinite_query_options_set_initial_page_param (self, g_value_get_boxed (value));
      break;

    case PROP_MAX_PAGES:
      gq_infinite_query_options_set_max_pages (self, g_value_get_uint (value));
      break;

    case PROP_PAGES:
      gq_infinite_query_options_set_pages (self, g_value_get_uint (value));
      break;

    case PROP_REFETCH_PAGES:
      gq_infinite_query_options_set_refetch_pages (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_infinite_query_options_class_init (GqInfiniteQueryOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gq_infinite_query_options_finalize;
  object_class->get_property = gq_infinite_query_options_get_property;
  object_class->set_property = gq_infinite_query_options_set_property;

  /**
   * GqInfiniteQueryOptions:initial-page-param:
   *
   * The parameter of the first page. A JSON null is a parameter like any
   * other; %NULL unsets it, and the first page is then fetched without
   * one (its parameter reads as null in `pageParams`).
   */
  properties[PROP_INITIAL_PAGE_PARAM] =
    g_param_spec_boxed ("initial-page-param", NULL, NULL,
                        JSON_TYPE_NODE,
                        flags);

  /**
   * GqInfiniteQueryOptions:max-pages:
   *
   * The most pages the data holds; 0 for no limit. Fetching a page past
   * the limit drops one from the other end: the first page when fetching
   * the next one, the last page when fetching the previous one.
   */
  properties[PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL,
                       0, G_MAXUINT, 0,
                       flags);

  /**
   * GqInfiniteQueryOptions:pages:
   *
   * How many pages a fetch that starts from the first page loads (a first
   * load, a refetch), TanStack's `pages` option of `fetchInfiniteQuery`;
   * 0, the default, loads one page at first and as many pages as the
   * data holds on a refetch. Loading stops early at the last page.
   */
  properties[PROP_PAGES] =
    g_param_spec_uint ("pages", NULL, NULL,
                       0, G_MAXUINT, 0,
                       flags);

  /**
   * GqInfiniteQueryOptions:refetch-pages:
   *
   * What a refetch of pages already loaded fetches: every page (the
   * default, as TanStack Query), the first page only, dropping the
   * others, so that refreshing a long list costs one request, or nothing
   * at all. It applies when [property@Gq.InfiniteQueryOptions:pages] is
   * not set.
   */
  properties[PROP_REFETCH_PAGES] =
    g_param_spec_enum ("refetch-pages", NULL, NULL,
                       GQ_TYPE_REFETCH_PAGES,
                       GQ_REFETCH_PAGES_ALL,
                       flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_infinite_query_options_init (GqInfiniteQueryOptions *self)
{
  self->refetch_pages = GQ_REFETCH_PAGES_ALL;
}

/**
 * gq_infinite_query_options_new:
 * @query_key: (nullable): the query key, a JSON array
 * @initial_page_param: (nullable): the parameter of the first page
 *
 * Creates infinite query options with, if given, the key and the first
 * page's parameter set.
 *
 * Returns: (transfer full): new options
 */
GqInfiniteQueryOptions *
gq_infinite_query_options_new (JsonNode *query_key,
                               JsonNode *initial_page_param)
{
  GqInfiniteQueryOptions *self = g_object_new (GQ_TYPE_INFINITE_QUERY_OPTIONS, NULL);

  if (query_key != NULL)
    gq_query_options_set_query_key (GQ_QUERY_OPTIONS (self), query_key);
  if (initial_page_param != NULL)
    gq_infinite_query_options_set_initial_page_param (self, initial_page_param);

  return self;
}

/**
 * gq_infinite_query_options_get_initial_page_param:
 * @self: infinite query options
 *
 * Gets the parameter of the first page.
 *
 * Returns: (transfer none) (nullable): the parameter, sealed
 */
JsonNode *
gq_infinite_query_options_get_initial_page_param (GqInfiniteQueryOptions *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self), NULL);

  return self->initial_page_param;
}

/**
 * gq_infinite_query_options_set_initial_page_param:
 * @self: infinite query options
 * @initial_page_param: (nullable): the parameter; %NULL unsets it
 *
 * Sets [property@Gq.InfiniteQueryOptions:initial-page-param]. A mutable
 * node is copied, a sealed one shared.
 */
void
gq_infinite_query_options_set_initial_page_param (GqInfiniteQueryOptions *self,
                                                  JsonNode               *initial_page_param)
{
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self));

  if (initial_page_param == NULL)
    {
      self->set_mask &= ~OPTION_BIT (OPTION_INITIAL_PAGE_PARAM);
      if (self->initial_page_param != NULL)
        {
          g_clear_pointer (&self->initial_page_param, json_node_unref);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INITIAL_PAGE_PARAM]);
        }
      return;
    }

  if (self->initial_page_param == initial_page_param)
    {
      option_set (self, OPTION_INITIAL_PAGE_PARAM, FALSE);
      return;
    }

  g_clear_pointer (&self->initial_page_param, json_node_unref);
  self->initial_page_param = gq_json_seal_copy (initial_page_param);
  option_set (self, OPTION_INITIAL_PAGE_PARAM, TRUE);
}

/**
 * gq_infinite_query_options_get_max_pages:
 * @self: infinite query options
 *
 * Gets the most pages the data holds.
 *
 * Returns: the limit, 0 for none
 */
guint
gq_infinite_query_options_get_max_pages (GqInfiniteQueryOptions *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self), 0);

  return self->max_pages;
}

/**
 * gq_infinite_query_options_set_max_pages:
 * @self: infinite query options
 * @max_pages: the limit, 0 for none
 *
 * Sets [property@Gq.InfiniteQueryOptions:max-pages].
 */
void
gq_infinite_query_options_set_max_pages (GqInfiniteQueryOptions *self,
                                         guint                   max_pages)
{
  gboolean changed;

  g_return_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self));

  changed = self->max_pages != max_pages;
  self->max_pages = max_pages;
  option_set (self, OPTION_MAX_PAGES, changed);
}

/**
 * gq_infinite_query_options_get_pages:
 * @self: infinite query options
 *
 * Gets how many pages a fetch from the first page loads.
 *
 * Returns: the count, 0 when unset
 */
guint
gq_infinite_query_options_get_pages (GqInfiniteQueryOptions *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self), 0);

  return self->pages;
}

/**
 * gq_infinite_query_options_set_pages:
 * @self: infinite query options
 * @pages: the count; 0 unsets it
 *
 * Sets [property@Gq.InfiniteQueryOptions:pages], typically to prefetch
 * several pages with [method@Gq.QueryClient.prefetch_infinite_query_async].
 */
void
gq_infinite_query_options_set_pages (GqInfiniteQueryOptions *self,
                                     guint                   pages)
{
  gboolean changed;

  g_return_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self));

  changed = self->pages != pages;
  self->pages = pages;

  if (pages == 0)
    {
      self->set_mask &= ~OPTION_BIT (OPTION_PAGES);
      if (changed)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGES]);
      return;
    }

  option_set (self, OPTION_PAGES, changed);
}

/**
 * gq_infinite_query_options_get_refetch_pages:
 * @self: infinite query options
 *
 * Gets what a refetch fetches.
 *
 * Returns: the policy
 */
GqRefetchPages
gq_infinite_query_options_get_refetch_pages (GqInfiniteQueryOptions *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self), GQ_REFETCH_PAGES_ALL);

  return self->refetch_pages;
}

/**
 * gq_infinite_query_options_set_refetch_pages:
 * @self: infinite query options
 * @refetch_pages: the policy
 *
 * Sets [property@Gq.InfiniteQueryOptions:refetch-pages].
 */
void
gq_infinite_query_options_set_refetch_pages (GqInfiniteQueryOptions *self,
                                             GqRefetchPages          refetch_pages)
{
  gboolean changed;

  g_return_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self));
  g_return_if_fail (refetch_pages <= GQ_REFETCH_PAGES_NONE);

  changed = self->refetch_pages != refetch_pages;
  self->refetch_pages = refetch_pages;
  option_set (self, OPTION_REFETCH_PAGES, changed);
}

/**
 * gq_infinite_query_options_set_get_next_page_param_func:
 * @self: infinite query options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets the function computing the parameter of the page after the last
 * one, TanStack's `getNextPageParam`. It is called with the last page
 * whenever the observer's result is computed (for
 * [property@Gq.InfiniteQueryObserver:has-next-page]), when the next page
 * is fetched, and between the pages of a refetch; never when there are
 * no pages. Without it there is no next page, and a refetch of more than
 * one page fails with %GQ_ERROR_MISSING_PAGE_PARAM_FUNC.
 */
void
gq_infinite_query_options_set_get_next_page_param_func (GqInfiniteQueryOptions *self,
                                                        GqPageParamFunc         func,
                                                        gpointer                user_data,
                                                        GDestroyNotify          destroy)
{
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self));

  set_closure (self, OPTION_NEXT_PAGE_PARAM_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_infinite_query_options_set_get_previous_page_param_func:
 * @self: infinite query options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets the function computing the parameter of the page before the first
 * one, TanStack's `getPreviousPageParam`. Without it there is no previous
 * page.
 */
void
gq_infinite_query_options_set_get_previous_page_param_func (GqInfiniteQueryOptions *self,
                                                            GqPageParamFunc         func,
                                                            gpointer                user_data,
                                                            GDestroyNotify          destroy)
{
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (self));

  set_closure (self, OPTION_PREVIOUS_PAGE_PARAM_FUNC, G_CALLBACK (func), user_data, destroy);
}

/* Private API */

void
_gq_infinite_query_options_apply (GqInfiniteQueryOptions *self,
                                  GqInfiniteQueryOptions *over)
{
  g_assert (GQ_IS_INFINITE_QUERY_OPTIONS (self));
  g_assert (GQ_IS_INFINITE_QUERY_OPTIONS (over));

  if (over->set_mask & OPTION_BIT (OPTION_INITIAL_PAGE_PARAM))
    gq_infinite_query_options_set_initial_page_param (self, over->initial_page_param);
  if (over->set_mask & OPTION_BIT (OPTION_MAX_PAGES))
    gq_infinite_query_options_set_max_pages (self, over->max_pages);
  if (over->set_mask & OPTION_BIT (OPTION_PAGES))
    gq_infinite_query_options_set_pages (self, over->pages);
  if (over->set_mask & OPTION_BIT (OPTION_REFETCH_PAGES))
    gq_infinite_query_options_set_refetch_pages (self, over->refetch_pages);
  if (over->next_page_param != NULL)
    share_closure (self, OPTION_NEXT_PAGE_PARAM_FUNC, over->next_page_param);
  if (over->previous_page_param != NULL)
    share_closure (self, OPTION_PREVIOUS_PAGE_PARAM_FUNC, over->previous_page_param);
}

static gboolean
json_equal0 (JsonNode *a,
             JsonNode *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return gq_json_equal (a, b);
}

gboolean
_gq_infinite_query_options_shallow_equal (GqInfiniteQueryOptions *a,
                                          GqInfiniteQueryOptions *b)
{
  g_assert (GQ_IS_INFINITE_QUERY_OPTIONS (a));
  g_assert (GQ_IS_INFINITE_QUERY_OPTIONS (b));

  return a->set_mask == b->set_mask &&
         json_equal0 (a->initial_page_param, b->initial_page_param) &&
         a->max_pages == b->max_pages &&
         a->pages == b->pages &&
         a->refetch_pages == b->refetch_pages &&
         _gq_option_closure_same (a->next_page_param, b->next_page_param) &&
         _gq_option_closure_same (a->previous_page_param, b->previous_page_param);
}

gboolean
_gq_infinite_query_options_lookup_set (GqInfiniteQueryOptions *self,
                                       const char             *name,
                                       gboolean               *is_set)
{
  static const struct {
    const char     *name;
    InfiniteOption  option;
  } names[] = {
    { "initial-page-param", OPTION_INITIAL_PAGE_PARAM },
    { "max-pages", OPTION_MAX_PAGES },
    { "pages", OPTION_PAGES },
    { "refetch-pages", OPTION_REFETCH_PAGES },
    { "get-next-page-param-func", OPTION_NEXT_PAGE_PARAM_FUNC },
    { "get-previous-page-param-func", OPTION_PREVIOUS_PAGE_PARAM_FUNC },
  };

  g_assert (GQ_IS_INFINITE_QUERY_OPTIONS (self));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_str_equal (name, names[i].name))
        {
          *is_set = (self->set_mask & OPTION_BIT (names[i].option)) != 0;
          return TRUE;
        }
    }

  return FALSE;
}

static GqOptionClosure *
page_param_closure (GqInfiniteQueryOptions *self,
                    GqFetchDirection        direction)
{
  g_assert (direction == GQ_FETCH_DIRECTION_FORWARD || direction == GQ_FETCH_DIRECTION_BACKWARD);

  return direction == GQ_FETCH_DIRECTION_FORWARD ? self->next_page_param : self->previous_page_param;
}

gboolean
_gq_infinite_query_options_has_page_param_func (GqInfiniteQueryOptions *self,
                                                GqFetchDirection        direction)
{
  g_assert (GQ_IS_INFINITE_QUERY_OPTIONS (self));

  return page_param_closure (self, direction) != NULL;
}

JsonNode *
_gq_infinite_query_options_call_page_param (GqInfiniteQueryOptions *self,
                                            GqFetchDirection        direction,
                                            JsonNode               *pages,
                                            JsonNode               *page_params)
{
  GqOptionClosure *closure;
  JsonArray *page_array;
  JsonArray *param_array;
  JsonNode *param;
  guint index;

  g_assert (GQ_IS_INFINITE_QUERY_OPTIONS (self));
  g_assert (JSON_NODE_HOLDS_ARRAY (pages) && JSON_NODE_HOLDS_ARRAY (page_params));

  page_array = json_node_get_array (pages);
  param_array = json_node_get_array (page_params);

  g_assert (json_array_get_length (page_array) > 0);
  g_assert (json_array_get_length (page_array) == json_array_get_length (param_array));

  if ((closure = page_param_closure (self, direction)) == NULL)
    return NULL;

  index = direction == GQ_FETCH_DIRECTION_FORWARD ? json_array_get_length (page_array) - 1 : 0;

  /* The function may drop the last reference to these options. */
  _gq_option_closure_ref (closure);
  param = ((GqPageParamFunc) closure->func) (json_array_get_element (page_array, index),
                                             pages,
                                             json_array_get_element (param_array, index),
                                             page_params,
                                             closure->user_data);
  _gq_option_closure_unref (closure);

  /* TanStack's `!= null`: null, like undefined, means no such page. */
  if (param != NULL && JSON_NODE_HOLDS_NULL (param))
    g_clear_pointer (&param, json_node_unref);

  if (param != NULL && !json_node_is_immutable (param))
    {
      JsonNode *sealed = gq_json_seal_copy (param);

      json_node_unref (param);
      param = sealed;
    }

  return param;
}
