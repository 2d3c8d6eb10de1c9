/* gq-types.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gq-version-macros.h"

G_BEGIN_DECLS

/**
 * GQ_TIME_INFINITE:
 *
 * A duration in milliseconds that never elapses, TanStack's `Infinity`:
 * a stale time after which data is never stale by time, a gc time after
 * which an unused query is never collected.
 */
#define GQ_TIME_INFINITE G_MAXINT64

/**
 * GQ_STALE_TIME_STATIC:
 *
 * The stale time TanStack calls `'static'`: the data is never stale, not
 * even after an invalidation, and refetch triggers set to
 * [enum@Gq.RefetchMode.ALWAYS] are ignored.
 */
#define GQ_STALE_TIME_STATIC ((gint64) -1)

typedef struct _GqDehydrateOptions      GqDehydrateOptions;
typedef struct _GqFetchContext          GqFetchContext;
typedef struct _GqFilePersister         GqFilePersister;
typedef struct _GqFocusManager          GqFocusManager;
typedef struct _GqHydrateOptions        GqHydrateOptions;
typedef struct _GqInfiniteQueryObserver GqInfiniteQueryObserver;
typedef struct _GqInfiniteQueryOptions  GqInfiniteQueryOptions;
typedef struct _GqManualScheduler       GqManualScheduler;
typedef struct _GqMutation              GqMutation;
typedef struct _GqMutationCache         GqMutationCache;
typedef struct _GqMutationContext       GqMutationContext;
typedef struct _GqMutationFilters       GqMutationFilters;
typedef struct _GqMutationObserver      GqMutationObserver;
typedef struct _GqMutationOptions       GqMutationOptions;
typedef struct _GqMutationResult        GqMutationResult;
typedef struct _GqMutationState         GqMutationState;
typedef struct _GqOnlineManager         GqOnlineManager;
typedef struct _GqPersistController     GqPersistController;
typedef struct _GqPersister             GqPersister;
typedef struct _GqRestSource            GqRestSource;
typedef struct _GqQuery           GqQuery;
typedef struct _GqQueryCache      GqQueryCache;
typedef struct _GqQueryClient     GqQueryClient;
typedef struct _GqQueryFilters    GqQueryFilters;
typedef struct _GqQueryObserver   GqQueryObserver;
typedef struct _GqQueryOptions    GqQueryOptions;
typedef struct _GqQueryResult     GqQueryResult;
typedef struct _GqQueryState      GqQueryState;
typedef struct _GqScheduler       GqScheduler;

/**
 * GqQueryStatus:
 * @GQ_QUERY_STATUS_PENDING: there is no data yet
 * @GQ_QUERY_STATUS_ERROR: the last fetch failed
 * @GQ_QUERY_STATUS_SUCCESS: there is data
 *
 * What a query knows about its data.
 */
typedef enum
{
  GQ_QUERY_STATUS_PENDING,
  GQ_QUERY_STATUS_ERROR,
  GQ_QUERY_STATUS_SUCCESS,
} GqQueryStatus;

/**
 * GqFetchStatus:
 * @GQ_FETCH_STATUS_IDLE: no fetch is running
 * @GQ_FETCH_STATUS_FETCHING: the query function is running
 * @GQ_FETCH_STATUS_PAUSED: a fetch wants to run but waits for the network
 *   or for the window to be focused
 *
 * What a query's fetch is doing.
 */
typedef enum
{
  GQ_FETCH_STATUS_IDLE,
  GQ_FETCH_STATUS_FETCHING,
  GQ_FETCH_STATUS_PAUSED,
} GqFetchStatus;

/**
 * GqRefetchMode:
 * @GQ_REFETCH_NEVER: never refetch on this trigger
 * @GQ_REFETCH_IF_STALE: refetch when the data is stale (TanStack's `true`)
 * @GQ_REFETCH_ALWAYS: always refetch, stale or not (TanStack's `'always'`)
 *
 * When a trigger (mount, window focus, reconnect) refetches a query.
 */
typedef enum
{
  GQ_REFETCH_NEVER,
  GQ_REFETCH_IF_STALE,
  GQ_REFETCH_ALWAYS,
} GqRefetchMode;

/**
 * GqNetworkMode:
 * @GQ_NETWORK_MODE_ONLINE: fetch only while online; pause otherwise
 * @GQ_NETWORK_MODE_ALWAYS: fetch whatever the network says
 * @GQ_NETWORK_MODE_OFFLINE_FIRST: run the first attempt, pause retries
 *   while offline
 *
 * How fetches react to the [class@Gq.OnlineManager].
 */
typedef enum
{
  GQ_NETWORK_MODE_ONLINE,
  GQ_NETWORK_MODE_ALWAYS,
  GQ_NETWORK_MODE_OFFLINE_FIRST,
} GqNetworkMode;

/**
 * GqQueryType:
 * @GQ_QUERY_TYPE_ALL: every query
 * @GQ_QUERY_TYPE_ACTIVE: queries with at least one enabled observer
 * @GQ_QUERY_TYPE_INACTIVE: queries without an enabled observer
 *
 * Which queries a [class@Gq.QueryFilters] matches by activity.
 */
typedef enum
{
  GQ_QUERY_TYPE_ALL,
  GQ_QUERY_TYPE_ACTIVE,
  GQ_QUERY_TYPE_INACTIVE,
} GqQueryType;

/**
 * GqRefetchType:
 * @GQ_REFETCH_TYPE_ACTIVE: refetch the matching active queries
 * @GQ_REFETCH_TYPE_INACTIVE: refetch the matching inactive queries
 * @GQ_REFETCH_TYPE_ALL: refetch every matching query
 * @GQ_REFETCH_TYPE_NONE: only mark the queries invalidated
 *
 * Which invalidated queries [method@Gq.QueryClient.invalidate_queries]
 * refetches.
 */
typedef enum
{
  GQ_REFETCH_TYPE_ACTIVE,
  GQ_REFETCH_TYPE_INACTIVE,
  GQ_REFETCH_TYPE_ALL,
  GQ_REFETCH_TYPE_NONE,
} GqRefetchType;

/**
 * GqRefetchFlags:
 * @GQ_REFETCH_FLAGS_NONE: cancel a running fetch of a query that has data
 *   and start again (TanStack's default `cancelRefetch: true`)
 * @GQ_REFETCH_FLAGS_NO_CANCEL: join a running fetch instead
 *   (`cancelRefetch: false`)
 * @GQ_REFETCH_FLAGS_THROW_ON_ERROR: report a failed refetch as the
 *   operation's error (`throwOnError: true`)
 *
 * Options of the refetching operations of [class@Gq.QueryClient].
 */
typedef enum /*< flags >*/
{
  GQ_REFETCH_FLAGS_NONE           = 0,
  GQ_REFETCH_FLAGS_NO_CANCEL      = 1 << 0,
  GQ_REFETCH_FLAGS_THROW_ON_ERROR = 1 << 1,
} GqRefetchFlags;

/**
 * GqCancelFlags:
 * @GQ_CANCEL_FLAGS_NONE: revert the query to its state before the fetch
 *   (TanStack's default `revert: true`)
 * @GQ_CANCEL_FLAGS_NO_REVERT: do not revert: the query ends in error with
 *   a cancellation error
 * @GQ_CANCEL_FLAGS_SILENT: cancel without a trace: waiters of the fetch
 *   are handed to the next one
 *
 * Options of [method@Gq.QueryClient.cancel_queries].
 */
typedef enum /*< flags >*/
{
  GQ_CANCEL_FLAGS_NONE      = 0,
  GQ_CANCEL_FLAGS_NO_REVERT = 1 << 0,
  GQ_CANCEL_FLAGS_SILENT    = 1 << 1,
} GqCancelFlags;

/**
 * GqCacheEventType:
 * @GQ_CACHE_EVENT_ADDED: a query was added
 * @GQ_CACHE_EVENT_REMOVED: a query was removed (gc, remove, clear)
 * @GQ_CACHE_EVENT_UPDATED: a query's state changed
 * @GQ_CACHE_EVENT_OBSERVER_ADDED: an observer subscribed to a query
 * @GQ_CACHE_EVENT_OBSERVER_REMOVED: an observer left a query
 * @GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED: an observer's result changed
 * @GQ_CACHE_EVENT_OBSERVER_OPTIONS_UPDATED: an observer's options changed
 *
 * The kinds of [signal@Gq.QueryCache::event].
 */
typedef enum
{
  GQ_CACHE_EVENT_ADDED,
  GQ_CACHE_EVENT_REMOVED,
  GQ_CACHE_EVENT_UPDATED,
  GQ_CACHE_EVENT_OBSERVER_ADDED,
  GQ_CACHE_EVENT_OBSERVER_REMOVED,
  GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED,
  GQ_CACHE_EVENT_OBSERVER_OPTIONS_UPDATED,
} GqCacheEventType;

/**
 * GqFetchDirection:
 * @GQ_FETCH_DIRECTION_NONE: a plain fetch
 * @GQ_FETCH_DIRECTION_FORWARD: an infinite query's next page
 * @GQ_FETCH_DIRECTION_BACKWARD: an infinite query's previous page
 *
 * Which page a fetch is for.
 */
typedef enum
{
  GQ_FETCH_DIRECTION_NONE,
  GQ_FETCH_DIRECTION_FORWARD,
  GQ_FETCH_DIRECTION_BACKWARD,
} GqFetchDirection;

/**
 * GqFetchReason:
 * @GQ_FETCH_REASON_NONE: the query was never fetched
 * @GQ_FETCH_REASON_MANUAL: a call asked for it: a refetch, a fetch, a
 *   prefetch, an infinite query's next or previous page
 * @GQ_FETCH_REASON_MOUNT: an observer mounted, or was pointed at the query
 *   or enabled, while its data was stale
 * @GQ_FETCH_REASON_FOCUS: the window regained focus
 * @GQ_FETCH_REASON_RECONNECT: the network came back
 * @GQ_FETCH_REASON_INTERVAL: an observer's refetch interval elapsed
 * @GQ_FETCH_REASON_INVALIDATE: the query was invalidated
 * @GQ_FETCH_REASON_RESET: the query was reset while observed
 *
 * Why a query's current (or last) fetch started: what the devtools'
 * timeline shows. See [method@Gq.Query.get_fetch_reason].
 */
typedef enum
{
  GQ_FETCH_REASON_NONE,
  GQ_FETCH_REASON_MANUAL,
  GQ_FETCH_REASON_MOUNT,
  GQ_FETCH_REASON_FOCUS,
  GQ_FETCH_REASON_RECONNECT,
  GQ_FETCH_REASON_INTERVAL,
  GQ_FETCH_REASON_INVALIDATE,
  GQ_FETCH_REASON_RESET,
} GqFetchReason;

/**
 * GqMutationStatus:
 * @GQ_MUTATION_STATUS_IDLE: the mutation has not run (or was reset)
 * @GQ_MUTATION_STATUS_PENDING: the mutation function runs, waits for the
 *   network (see is-paused) or waits for its scope
 * @GQ_MUTATION_STATUS_ERROR: the mutation failed
 * @GQ_MUTATION_STATUS_SUCCESS: the mutation succeeded
 *
 * The status of a mutation.
 */
typedef enum
{
  GQ_MUTATION_STATUS_IDLE,
  GQ_MUTATION_STATUS_PENDING,
  GQ_MUTATION_STATUS_ERROR,
  GQ_MUTATION_STATUS_SUCCESS,
} GqMutationStatus;

/**
 * GqRefetchPages:
 * @GQ_REFETCH_PAGES_ALL: a refetch fetches every page again, in order,
 *   from the first (TanStack's behaviour)
 * @GQ_REFETCH_PAGES_FIRST: a refetch fetches the first page only and drops
 *   the others, so refreshing a long list costs one request
 * @GQ_REFETCH_PAGES_NONE: a refetch keeps the pages and fetches nothing
 *
 * What refetching an infinite query fetches.
 */
typedef enum
{
  GQ_REFETCH_PAGES_ALL,
  GQ_REFETCH_PAGES_FIRST,
  GQ_REFETCH_PAGES_NONE,
} GqRefetchPages;

/**
 * GqQueryFunc:
 * @context: the fetch: key, meta, cancellable; complete it with
 *   [method@Gq.FetchContext.resolve] or [method@Gq.FetchContext.reject]
 * @user_data: the data given with the function
 *
 * Fetches a query's data. It may complete @context at once or later, from
 * any thread; the engine hears of it on the main context the client lives
 * on.
 */
typedef void (*GqQueryFunc) (GqFetchContext *context,
                             gpointer        user_data);

/**
 * GqMutationFunc:
 * @context: the mutation: variables, key, meta, idempotency key; complete
 *   it with [method@Gq.MutationContext.resolve] or
 *   [method@Gq.MutationContext.reject]
 * @user_data: the data given with the function
 *
 * Performs a mutation. Like [callback@Gq.QueryFunc], it may complete
 * @context at once or later, from any thread.
 */
typedef void (*GqMutationFunc) (GqMutationContext *context,
                                gpointer           user_data);

/**
 * GqSelectFunc:
 * @data: the query's data
 * @user_data: the data given with the function
 *
 * Maps a query's data to what one observer shows.
 *
 * Returns: (transfer full) (nullable): the selected data
 */
typedef JsonNode *(*GqSelectFunc) (JsonNode *data,
                                   gpointer  user_data);

/**
 * GqUpdaterFunc:
 * @previous: (nullable): the current data, %NULL when there is none
 * @user_data: the data given with the function
 *
 * Computes a query's new data from its current data. Returning %NULL
 * leaves the query untouched.
 *
 * Returns: (transfer full) (nullable): the new data
 */
typedef JsonNode *(*GqUpdaterFunc) (JsonNode *previous,
                                    gpointer  user_data);

/**
 * GqRetryFunc:
 * @failure_count: the failures before this one (0 on the first failure)
 * @error: the failure
 * @user_data: the data given with the function
 *
 * Decides whether a failed fetch is tried again.
 *
 * Returns: %TRUE to retry
 */
typedef gboolean (*GqRetryFunc) (guint         failure_count,
                                 const GError *error,
                                 gpointer      user_data);

/**
 * GqRetryDelayFunc:
 * @failure_count: the failures before this one (0 on the first failure)
 * @error: the failure
 * @user_data: the data given with the function
 *
 * Computes how long to wait before the next attempt.
 *
 * Returns: the delay in milliseconds
 */
typedef gint64 (*GqRetryDelayFunc) (guint         failure_count,
                                    const GError *error,
                                    gpointer      user_data);

/**
 * GqPlaceholderFunc:
 * @previous_data: (nullable): the data of the last query this observer
 *   showed data of
 * @previous_query: (nullable): that query
 * @user_data: the data given with the function
 *
 * Computes placeholder data shown while a query has none.
 *
 * Returns: (transfer full) (nullable): the placeholder
 */
typedef JsonNode *(*GqPlaceholderFunc) (JsonNode *previous_data,
                                        GqQuery  *previous_query,
                                        gpointer  user_data);

/**
 * GqQueryDurationFunc:
 * @query: the query
 * @user_data: the data given with the function
 *
 * Computes a duration option (stale time, refetch interval) from the query
 * at each use.
 *
 * Returns: the duration in milliseconds
 */
typedef gint64 (*GqQueryDurationFunc) (GqQuery  *query,
                                       gpointer  user_data);

/**
 * GqQueryPredicate:
 * @query: the query
 * @user_data: the data given with the function
 *
 * Tests a query.
 *
 * Returns: %TRUE if @query passes
 */
typedef gboolean (*GqQueryPredicate) (GqQuery  *query,
                                      gpointer  user_data);

G_END_DECLS
