/* gq-infinite-query-observer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-infinite-query-observer.h"
#include "gq-infinite-query-behavior-private.h"
#include "gq-infinite-query-options.h"
#include "gq-query-client.h"
#include "gq-query-observer-private.h"
#include "gq-query-private.h"
#include "gq-query-result-private.h"
#include "gq-query-state-private.h"

/**
 * GqInfiniteQueryObserver:
 *
 * Watches an infinite query, as a `useInfiniteQuery` hook does: a
 * [class@Gq.QueryObserver] whose data is
 * `{"pages": [...], "pageParams": [...]}` and which loads more pages with
 * [method@Gq.InfiniteQueryObserver.fetch_next_page_async] and
 * [method@Gq.InfiniteQueryObserver.fetch_previous_page_async].
 *
 * Its result tells whether there are more pages
 * ([property@Gq.InfiniteQueryObserver:has-next-page]) and which kind of
 * fetch runs or failed: a page at either end
 * ([property@Gq.InfiniteQueryObserver:is-fetching-next-page],
 * [property@Gq.InfiniteQueryObserver:is-fetch-next-page-error], ...) or a
 * refetch of every page ([property@Gq.QueryObserver:is-refetching],
 * [property@Gq.QueryObserver:is-refetch-error], which exclude page
 * fetches here).
 */

struct _GqInfiniteQueryObserver
{
  GqQueryObserver parent_instance;
};

enum {
  PROP_0,
  PROP_HAS_NEXT_PAGE,
  PROP_HAS_PREVIOUS_PAGE,
  PROP_IS_FETCHING_NEXT_PAGE,
  PROP_IS_FETCHING_PREVIOUS_PAGE,
  PROP_IS_FETCH_NEXT_PAGE_ERROR,
  PROP_IS_FETCH_PREVIOUS_PAGE_ERROR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const gsize field_offsets[N_PROPS] = {
  [PROP_HAS_NEXT_PAGE] = G_STRUCT_OFFSET (GqQueryResult, has_next_page),
  [PROP_HAS_PREVIOUS_PAGE] = G_STRUCT_OFFSET (GqQueryResult, has_previous_page),
  [PROP_IS_FETCHING_NEXT_PAGE] = G_STRUCT_OFFSET (GqQueryResult, is_fetching_next_page),
  [PROP_IS_FETCHING_PREVIOUS_PAGE] = G_STRUCT_OFFSET (GqQueryResult, is_fetching_previous_page),
  [PROP_IS_FETCH_NEXT_PAGE_ERROR] = G_STRUCT_OFFSET (GqQueryResult, is_fetch_next_page_error),
  [PROP_IS_FETCH_PREVIOUS_PAGE_ERROR] = G_STRUCT_OFFSET (GqQueryResult, is_fetch_previous_page_error),
};

#define RESULT_FIELD(result, prop_id) \
  G_STRUCT_MEMBER (gboolean, (result), field_offsets[(prop_id)])

G_DEFINE_FINAL_TYPE (GqInfiniteQueryObserver, gq_infinite_query_observer, GQ_TYPE_QUERY_OBSERVER)

/* TanStack's InfiniteQueryObserver.createResult, on top of the parent's. */
static void
extend_result (GqQueryObserver *observer,
               GqQueryResult   *r,
               GqQuery         *query,
               GqQueryOptions  *options)
{
  GqQueryState *state = gq_query_get_state (query);
  GqFetchDirection direction = _gq_infinite_fetch_meta_direction (state->fetch_meta);
  GqInfiniteQueryOptions *infinite = GQ_IS_INFINITE_QUERY_OPTIONS (options)
                                     ? GQ_INFINITE_QUERY_OPTIONS (options) : NULL;

  r->has_next_page = _gq_infinite_data_has_page (infinite, state->data, GQ_FETCH_DIRECTION_FORWARD);
  r->has_previous_page = _gq_infinite_data_has_page (infinite, state->data, GQ_FETCH_DIRECTION_BACKWARD);
  r->is_fetch_next_page_error = r->is_error && direction == GQ_FETCH_DIRECTION_FORWARD;
  r->is_fetching_next_page = r->is_fetching && direction == GQ_FETCH_DIRECTION_FORWARD;
  r->is_fetch_previous_page_error = r->is_error && direction == GQ_FETCH_DIRECTION_BACKWARD;
  r->is_fetching_previous_page = r->is_fetching && direction == GQ_FETCH_DIRECTION_BACKWARD;
  r->is_refetch_error = r->is_refetch_error &&
                        !r->is_fetch_next_page_error &&
                        !r->is_fetch_previous_page_error;
  r->is_refetching = r->is_refetching &&
                     !r->is_fetching_next_page &&
                     !r->is_fetching_previous_page;
}

static void
notify_changes (GqQueryObserver *observer,
                GqQueryResult   *old,
                GqQueryResult   *new)
{
  for (guint prop_id = 1; prop_id < N_PROPS; prop_id++)
    if (old == NULL || !RESULT_FIELD (old, prop_id) != !RESULT_FIELD (new, prop_id))
      g_object_notify_by_pspec (G_OBJECT (observer), properties [prop_id]);
}

/* The options type is filled in by class_init: it is no constant. */
static GqQueryObserverHooks hooks = {
  .extend_result = extend_result,
  .notify_changes = notify_changes,
};

static void
gq_infinite_query_observer_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  g_autoptr(GqQueryResult) result = NULL;

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  result = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (object));
  g_value_set_boolean (value, result != NULL && RESULT_FIELD (result, prop_id));
}

static void
gq_infinite_query_observer_class_init (GqInfiniteQueryObserverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = gq_infinite_query_observer_get_property;

  hooks.options_type = GQ_TYPE_INFINITE_QUERY_OPTIONS;

  /**
   * GqInfiniteQueryObserver:has-next-page:
   *
   * There are pages and the get-next-page-param function gives a
   * parameter for the page after the last one.
   */
  properties [PROP_HAS_NEXT_PAGE] =
    g_param_spec_boolean ("has-next-page", NULL, NULL, FALSE, flags);

  /**
   * GqInfiniteQueryObserver:has-previous-page:
   *
   * There are pages and the get-previous-page-param function gives a
   * parameter for the page before the first one.
   */
  properties [PROP_HAS_PREVIOUS_PAGE] =
    g_param_spec_boolean ("has-previous-page", NULL, NULL, FALSE, flags);

  /**
   * GqInfiniteQueryObserver:is-fetching-next-page:
   *
   * The next page is being fetched.
   */
  properties [PROP_IS_FETCHING_NEXT_PAGE] =
    g_param_spec_boolean ("is-fetching-next-page", NULL, NULL, FALSE, flags);

  /**
   * GqInfiniteQueryObserver:is-fetching-previous-page:
   *
   * The previous page is being fetched.
   */
  properties [PROP_IS_FETCHING_PREVIOUS_PAGE] =
    g_param_spec_boolean ("is-fetching-previous-page", NULL, NULL, FALSE, flags);

  /**
   * GqInfiniteQueryObserver:is-fetch-next-page-error:
   *
   * Fetching the next page failed; the pages fetched before are kept.
   */
  properties [PROP_IS_FETCH_NEXT_PAGE_ERROR] =
    g_param_spec_boolean ("is-fetch-next-page-error", NULL, NULL, FALSE, flags);

  /**
   * GqInfiniteQueryObserver:is-fetch-previous-page-error:
   *
   * Fetching the previous page failed; the pages fetched before are kept.
   */
  properties [PROP_IS_FETCH_PREVIOUS_PAGE_ERROR] =
    g_param_spec_boolean ("is-fetch-previous-page-error", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_infinite_query_observer_init (GqInfiniteQueryObserver *self)
{
  _gq_query_observer_set_hooks (GQ_QUERY_OBSERVER (self), &hooks);
}

/**
 * gq_infinite_query_observer_new:
 * @client: the client
 * @options: the options; their key names the query
 *
 * Creates an observer of an infinite query. Like
 * [ctor@Gq.QueryObserver.new], it fetches nothing until subscribed; then
 * it loads the first page (or as many pages as
 * [property@Gq.InfiniteQueryOptions:pages] says).
 *
 * Returns: (transfer full): a new observer
 */
GqInfiniteQueryObserver *
gq_infinite_query_observer_new (GqQueryClient          *client,
                                GqInfiniteQueryOptions *options)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (options), NULL);

  return g_object_new (GQ_TYPE_INFINITE_QUERY_OBSERVER,
                       "client", client,
                       "options", options,
                       NULL);
}

static void
fetch_page_async (GqInfiniteQueryObserver *self,
                  GqFetchDirection         direction,
                  GqRefetchFlags           flags,
                  GCancellable            *cancellable,
                  GAsyncReadyCallback      callback,
                  gpointer                 user_data,
                  gpointer                 source_tag)
{
  g_autoptr(JsonNode) meta = _gq_infinite_fetch_meta_new (direction);

  _gq_query_observer_fetch_async (GQ_QUERY_OBSERVER (self), flags, meta,
                                  cancellable, callback, user_data, source_tag);
}

static GqQueryResult *
fetch_page_finish (GqInfiniteQueryObserver  *self,
                   GAsyncResult             *result,
                   gpointer                  source_tag,
                   GError                  **error)
{
  g_return_val_if_fail (GQ_IS_INFINITE_QUERY_OBSERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gq_infinite_query_observer_fetch_next_page_async:
 * @self: an observer
 * @flags: %GQ_REFETCH_FLAGS_NO_CANCEL to join a running fetch instead of
 *   cancelling it (by default a running fetch of a query with data is
 *   cancelled, as TanStack's `cancelRefetch: true`);
 *   %GQ_REFETCH_FLAGS_THROW_ON_ERROR to report a failed fetch as the
 *   operation's error
 * @cancellable: (nullable): a cancellable; cancelled, the operation ends
 *   with a cancellation error when the fetch settles (the fetch itself
 *   goes on)
 * @callback: (scope async): called when the fetch settled
 * @user_data: the data for @callback
 *
 * Fetches the page after the last one, with the parameter the
 * get-next-page-param function gives, and appends it. When that function
 * says there is no next page, the data stays as it is and the query
 * function is not called. Without pages yet, it loads the first page.
 */
void
gq_infinite_query_observer_fetch_next_page_async (GqInfiniteQueryObserver *self,
                                                  GqRefetchFlags           flags,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data)
{
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OBSERVER (self));

  fetch_page_async (self, GQ_FETCH_DIRECTION_FORWARD, flags, cancellable, callback, user_data,
                    gq_infinite_query_observer_fetch_next_page_async);
}

/**
 * gq_infinite_query_observer_fetch_next_page_finish:
 * @self: an observer
 * @result: the result given to the callback
 * @error: where to put the fetch's error
 *
 * Completes [method@Gq.InfiniteQueryObserver.fetch_next_page_async].
 *
 * Returns: (transfer full): the observer's result after the fetch, or
 *   %NULL with @error set if the fetch failed and
 *   %GQ_REFETCH_FLAGS_THROW_ON_ERROR was given, or if the operation was
 *   cancelled
 */
GqQueryResult *
gq_infinite_query_observer_fetch_next_page_finish (GqInfiniteQueryObserver  *self,
                                                   GAsyncResult             *result,
                                                   GError                  **error)
{
  return fetch_page_finish (self, result, gq_infinite_query_observer_fetch_next_page_async, error);
}

/**
 * gq_infinite_query_observer_fetch_previous_page_async:
 * @self: an observer
 * @flags: as for [method@Gq.InfiniteQueryObserver.fetch_next_page_async]
 * @cancellable: (nullable): a cancellable; cancelled, the operation ends
 *   with a cancellation error when the fetch settles
 * @callback: (scope async): called when the fetch settled
 * @user_data: the data for @callback
 *
 * Fetches the page before the first one, with the parameter the
 * get-previous-page-param function gives, and prepends it. Without such
 * a function or page, the data stays as it is.
 */
void
gq_infinite_query_observer_fetch_previous_page_async (GqInfiniteQueryObserver *self,
                                                      GqRefetchFlags           flags,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data)
{
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OBSERVER (self));

  fetch_page_async (self, GQ_FETCH_DIRECTION_BACKWARD, flags, cancellable, callback, user_data,
                    gq_infinite_query_observer_fetch_previous_page_async);
}

/**
 * gq_infinite_query_observer_fetch_previous_page_finish:
 * @self: an observer
 * @result: the result given to the callback
 * @error: where to put the fetch's error
 *
 * Completes [method@Gq.InfiniteQueryObserver.fetch_previous_page_async].
 *
 * Returns: (transfer full): the observer's result after the fetch, or
 *   %NULL with @error set
 */
GqQueryResult *
gq_infinite_query_observer_fetch_previous_page_finish (GqInfiniteQueryObserver  *self,
                                                       GAsyncResult             *result,
                                                       GError                  **error)
{
  return fetch_page_finish (self, result, gq_infinite_query_observer_fetch_previous_page_async, error);
}

/**
 * gq_infinite_query_observer_fetch_next_page:
 * @self: an observer
 *
 * Fetches the next page without waiting for it: the observer's
 * properties report it. A list view calls this as it nears its end.
 */
void
gq_infinite_query_observer_fetch_next_page (GqInfiniteQueryObserver *self)
{
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OBSERVER (self));

  fetch_page_async (self, GQ_FETCH_DIRECTION_FORWARD, GQ_REFETCH_FLAGS_NONE, NULL, NULL, NULL,
                    gq_infinite_query_observer_fetch_next_page);
}

/**
 * gq_infinite_query_observer_fetch_previous_page:
 * @self: an observer
 *
 * Fetches the previous page without waiting for it.
 */
void
gq_infinite_query_observer_fetch_previous_page (GqInfiniteQueryObserver *self)
{
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OBSERVER (self));

  fetch_page_async (self, GQ_FETCH_DIRECTION_BACKWARD, GQ_REFETCH_FLAGS_NONE, NULL, NULL, NULL,
                    gq_infinite_query_observer_fetch_previous_page);
}
