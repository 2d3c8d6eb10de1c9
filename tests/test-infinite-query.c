/* test-infinite-query.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Infinite queries: a port of TanStack Query's infiniteQueryBehavior and
 * infiniteQueryObserver tests and of the infinite parts of
 * queryClient.test.tsx, the behaviour of the semantics reference (§2.16),
 * the refetch-pages policy gquery adds, and bad input.
 *
 * A page function here resolves its page after `delay` ms of the manual
 * scheduler (TanStack's `sleep`), or inside the call when the delay is 0.
 * Where upstream pushes every synchronous listener call, these tests
 * record the ::changed results, one per main-loop iteration. */

#include <string.h>

#include "gq-test-util.h"

#include "gq-query-client-private.h"
#include "gq-query-options-private.h"
#include "gq-query-private.h"

/* ---- page functions ---------------------------------------------------- */

typedef struct _PageFetcher PageFetcher;

/* Decides whether call @call (1-based) with @param fails. */
typedef gboolean  (*PageFailFunc) (PageFetcher *fetcher,
                                   guint        call,
                                   JsonNode    *param);
/* The page of call @call; NULL: the default page. */
typedef JsonNode *(*PageDataFunc) (PageFetcher *fetcher,
                                   guint        call,
                                   JsonNode    *param);

struct _PageFetcher
{
  GqTestEnv      *env;
  guint           calls;
  gint64          delay;
  /* The page is String (pageParam) instead of pageParam itself. */
  gboolean        as_string;
  gboolean        resolve_null;
  gboolean        use_cancellable;
  PageDataFunc    data_func;
  PageFailFunc    fail_func;
  gpointer        user_data;
  /* Bit n set: call n fails. */
  guint64         fail_calls;
  int             counter;
  /* One entry a call: f, b or n (the direction) and the parameter. */
  GString        *log;
  char           *last_meta;
  GqFetchContext *last_context;
  GPtrArray      *contexts;
};

typedef struct
{
  PageFetcher    *fetcher;
  GqFetchContext *context;
  guint           call;
} PageCompletion;

static char *
param_text (JsonNode *param)
{
  if (param == NULL)
    return g_strdup ("undefined");

  return gq_json_to_canonical (param);
}

static PageFetcher *
page_fetcher_new (GqTestEnv *env,
                  gint64     delay)
{
  PageFetcher *fetcher = g_new0 (PageFetcher, 1);

  fetcher->env = env;
  fetcher->delay = delay;
  fetcher->log = g_string_new (NULL);
  fetcher->contexts = g_ptr_array_new_with_free_func (g_object_unref);

  return fetcher;
}

static void
page_fetcher_free (PageFetcher *fetcher)
{
  g_string_free (fetcher->log, TRUE);
  g_free (fetcher->last_meta);
  g_ptr_array_unref (fetcher->contexts);
  g_free (fetcher);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageFetcher, page_fetcher_free)

static void
page_complete (PageFetcher    *fetcher,
               GqFetchContext *context,
               guint           call)
{
  JsonNode *param = gq_fetch_context_get_page_param (context);
  g_autoptr(JsonNode) page = NULL;

  if (gq_fetch_context_is_completed (context))
    return;

  if ((call < 64 && (fetcher->fail_calls & (G_GUINT64_CONSTANT (1) << call)) != 0) ||
      (fetcher->fail_func != NULL && fetcher->fail_func (fetcher, call, param)))
    {
      g_autofree char *message = g_strdup_printf ("page failure %u", call);

      gq_fetch_context_reject_literal (context, G_IO_ERROR, G_IO_ERROR_FAILED, message);
      return;
    }

  if (fetcher->resolve_null)
    {
      gq_fetch_context_resolve (context, NULL);
      return;
    }

  if (fetcher->data_func != NULL)
    page = fetcher->data_func (fetcher, call, param);

  if (page == NULL && fetcher->as_string)
    {
      g_autofree char *text = param_text (param);

      page = json_node_init_string (json_node_alloc (), text);
    }

  if (page == NULL)
    page = param ? json_node_ref (param) : json_node_init_null (json_node_alloc ());

  gq_fetch_context_resolve (context, page);
}

static void
page_complete_later (gpointer data)
{
  PageCompletion *completion = data;

  page_complete (completion->fetcher, completion->context, completion->call);
}

static void
page_completion_free (gpointer data)
{
  PageCompletion *completion = data;

  g_object_unref (completion->context);
  g_free (completion);
}

static void
page_func (GqFetchContext *context,
           gpointer        user_data)
{
  PageFetcher *fetcher = user_data;
  guint call = ++fetcher->calls;
  g_autofree char *param = param_text (gq_fetch_context_get_page_param (context));
  GqFetchDirection direction = gq_fetch_context_get_direction (context);

  if (fetcher->log->len > 0)
    g_string_append_c (fetcher->log, ' ');
  g_string_append_printf (fetcher->log, "%c%s",
                          direction == GQ_FETCH_DIRECTION_FORWARD ? 'f' :
                          direction == GQ_FETCH_DIRECTION_BACKWARD ? 'b' : 'n',
                          param);

  g_clear_pointer (&fetcher->last_meta, g_free);
  if (gq_fetch_context_get_meta (context) != NULL)
    fetcher->last_meta = gq_json_to_canonical (gq_fetch_context_get_meta (context));

  fetcher->last_context = context;
  g_ptr_array_add (fetcher->contexts, g_object_ref (context));

  if (fetcher->use_cancellable)
    gq_fetch_context_get_cancellable (context);

  if (fetcher->delay == 0)
    {
      page_complete (fetcher, context, call);
    }
  else
    {
      PageCompletion *completion = g_new0 (PageCompletion, 1);

      completion->fetcher = fetcher;
      completion->context = g_object_ref (context);
      completion->call = call;
      gq_scheduler_add_timeout (GQ_SCHEDULER (fetcher->env->scheduler), fetcher->delay,
                                page_complete_later, completion, page_completion_free);
    }
}

/* ---- page-param functions ---------------------------------------------- */

/* A get-next/previous-page-param function: (page or param) + step, or no
 * page once `stop` is reached. Logs each call as TanStack's test does:
 * the name and the page parameter, and the name and all the parameters. */
typedef struct
{
  const char *name;
  int         step;
  gboolean    from_page;
  gboolean    has_stop;
  gint64      stop;
  gboolean    none;
  gboolean    json_null;
  guint       calls;
  GString    *single;
  GString    *all;
} ParamFunc;

static void
param_func_init (ParamFunc  *pf,
                 const char *name,
                 int         step)
{
  memset (pf, 0, sizeof *pf);
  pf->name = name;
  pf->step = step;
  pf->single = g_string_new (NULL);
  pf->all = g_string_new (NULL);
}

static void
param_func_clear (ParamFunc *pf)
{
  g_string_free (pf->single, TRUE);
  g_string_free (pf->all, TRUE);
}

static void
param_func_reset_log (ParamFunc *pf)
{
  g_string_truncate (pf->single, 0);
  g_string_truncate (pf->all, 0);
}

static void
log_append (GString    *log,
            const char *entry)
{
  if (log->len > 0)
    g_string_append_c (log, ' ');
  g_string_append (log, entry);
}

static JsonNode *
param_func_call (JsonNode *page,
                 JsonNode *all_pages,
                 JsonNode *page_param,
                 JsonNode *all_page_params,
                 gpointer  user_data)
{
  ParamFunc *pf = user_data;
  JsonArray *params = json_node_get_array (all_page_params);
  g_autofree char *single = param_text (page_param);
  g_autoptr(GString) all = g_string_new (pf->name);
  gint64 base;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (all_pages));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all_pages)), ==,
                    json_array_get_length (params));

  pf->calls++;

  for (guint i = 0; i < json_array_get_length (params); i++)
    {
      g_autofree char *text = param_text (json_array_get_element (params, i));

      if (i > 0)
        g_string_append_c (all, ',');
      g_string_append (all, text);
    }

  {
    g_autofree char *entry = g_strconcat (pf->name, single, NULL);

    log_append (pf->single, entry);
    log_append (pf->all, all->str);
  }

  if (pf->none)
    return pf->json_null ? json_node_init_null (json_node_alloc ()) : NULL;

  base = gq_test_int (pf->from_page ? page : page_param);

  if (pf->has_stop && (pf->step > 0 ? base >= pf->stop : base <= pf->stop))
    return pf->json_null ? json_node_init_null (json_node_alloc ()) : NULL;

  return json_node_init_int (json_node_alloc (), base + pf->step);
}

static void
set_next (GqInfiniteQueryOptions *options,
          ParamFunc              *pf)
{
  gq_infinite_query_options_set_get_next_page_param_func (options, param_func_call, pf, NULL);
}

static void
set_previous (GqInfiniteQueryOptions *options,
              ParamFunc              *pf)
{
  gq_infinite_query_options_set_get_previous_page_param_func (options, param_func_call, pf, NULL);
}

/* ---- helpers ----------------------------------------------------------- */

#define PENDING  GQ_QUERY_STATUS_PENDING
#define SUCCESS  GQ_QUERY_STATUS_SUCCESS
#define ERROR    GQ_QUERY_STATUS_ERROR
#define IDLE     GQ_FETCH_STATUS_IDLE
#define FETCHING GQ_FETCH_STATUS_FETCHING

#define assert_data(node, text) G_STMT_START { \
  const char *__text = (text); \
  if (__text == NULL) \
    g_assert_null ((node)); \
  else \
    gq_assert_json ((node), __text); \
} G_STMT_END

#define assert_result(result, st, fst, text) G_STMT_START { \
  GqQueryResult *__r = (result); \
  g_assert_nonnull (__r); \
  g_assert_cmpint (gq_query_result_get_status (__r), ==, (st)); \
  g_assert_cmpint (gq_query_result_get_fetch_status (__r), ==, (fst)); \
  assert_data (gq_query_result_get_data (__r), (text)); \
} G_STMT_END

#define assert_current(observer, st, fst, text) G_STMT_START { \
  g_autoptr(GqQueryResult) __current = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (observer)); \
  assert_result (__current, st, fst, text); \
} G_STMT_END

/* The page flags of a result, as a string: has-next, has-previous,
 * is-fetching-next, is-fetching-previous, is-fetch-next-error,
 * is-fetch-previous-error, is-refetching, is-refetch-error; each 0 or 1. */
static char *
page_flags (GqQueryResult *r)
{
  return g_strdup_printf ("%d%d%d%d%d%d%d%d",
                          !!gq_query_result_get_has_next_page (r),
                          !!gq_query_result_get_has_previous_page (r),
                          !!gq_query_result_get_is_fetching_next_page (r),
                          !!gq_query_result_get_is_fetching_previous_page (r),
                          !!gq_query_result_get_is_fetch_next_page_error (r),
                          !!gq_query_result_get_is_fetch_previous_page_error (r),
                          !!gq_query_result_get_is_refetching (r),
                          !!gq_query_result_get_is_refetch_error (r));
}

#define assert_flags(result, expected) G_STMT_START { \
  g_autofree char *__flags = page_flags ((result)); \
  g_assert_cmpstr (__flags, ==, (expected)); \
} G_STMT_END

#define assert_current_flags(observer, expected) G_STMT_START { \
  g_autoptr(GqQueryResult) __current = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (observer)); \
  assert_flags (__current, expected); \
} G_STMT_END

static GqInfiniteQueryOptions *
options_new (JsonNode    *key,
             PageFetcher *fetcher,
             const char  *initial_page_param)
{
  GqInfiniteQueryOptions *options = gq_infinite_query_options_new (key, NULL);

  if (initial_page_param != NULL)
    {
      g_autoptr(JsonNode) param = gq_test_json (initial_page_param);

      gq_infinite_query_options_set_initial_page_param (options, param);
    }

  if (fetcher != NULL)
    gq_query_options_set_query_func (GQ_QUERY_OPTIONS (options), page_func, fetcher, NULL);

  return options;
}

static GqQueryResult *
current (GqInfiniteQueryObserver *observer)
{
  return gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (observer));
}

static JsonNode *
current_data (GqInfiniteQueryObserver *observer)
{
  g_autoptr(GqQueryResult) result = current (observer);
  JsonNode *data = gq_query_result_get_data (result);

  return data ? json_node_ref (data) : NULL;
}

#define assert_current_data(observer, text) G_STMT_START { \
  g_autoptr(JsonNode) __data = current_data ((observer)); \
  assert_data (__data, (text)); \
} G_STMT_END

static void
subscribe (GqInfiniteQueryObserver *observer)
{
  gq_query_observer_subscribe (GQ_QUERY_OBSERVER (observer));
}

static void
unsubscribe (GqInfiniteQueryObserver *observer)
{
  gq_query_observer_unsubscribe (GQ_QUERY_OBSERVER (observer));
}

typedef enum
{
  NEXT,
  PREVIOUS,
  REFETCH,
} FetchKind;

/* Starts a fetch of @kind, advances the clock by @advance ms, and
 * returns the operation's result (or NULL with @error). */
static GqQueryResult *
await_fetch (GqTestEnv                *env,
             GqInfiniteQueryObserver  *observer,
             FetchKind                 kind,
             GqRefetchFlags            flags,
             gint64                    advance,
             GError                  **error)
{
  GqTestAsync async = { 0 };
  GqQueryResult *result;

  switch (kind)
    {
    case NEXT:
      gq_infinite_query_observer_fetch_next_page_async (observer, flags, NULL, gq_test_async_callback, &async);
      break;
    case PREVIOUS:
      gq_infinite_query_observer_fetch_previous_page_async (observer, flags, NULL, gq_test_async_callback, &async);
      break;
    case REFETCH:
    default:
      gq_query_observer_refetch_async (GQ_QUERY_OBSERVER (observer), flags, NULL, gq_test_async_callback, &async);
      break;
    }

  if (advance > 0)
    gq_test_advance (env, advance);
  gq_test_await (env, &async);

  switch (kind)
    {
    case NEXT:
      result = gq_infinite_query_observer_fetch_next_page_finish (observer, async.result, error);
      break;
    case PREVIOUS:
      result = gq_infinite_query_observer_fetch_previous_page_finish (observer, async.result, error);
      break;
    case REFETCH:
    default:
      result = gq_query_observer_refetch_finish (GQ_QUERY_OBSERVER (observer), async.result, error);
      break;
    }

  gq_test_async_clear (&async);

  return result;
}

/* await observer.fetchNextPage () etc., asserting success. */
static void
fetch_and_wait (GqTestEnv               *env,
                GqInfiniteQueryObserver *observer,
                FetchKind                kind,
                gint64                   advance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GqQueryResult) result = await_fetch (env, observer, kind, GQ_REFETCH_FLAGS_NONE, advance, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
}

static JsonNode *
fetch_infinite (GqTestEnv               *env,
                GqInfiniteQueryOptions  *options,
                gint64                   advance,
                GError                 **error)
{
  GqTestAsync async = { 0 };
  JsonNode *data;

  gq_query_client_fetch_infinite_query_async (env->client, options, NULL, gq_test_async_callback, &async);
  if (advance > 0)
    gq_test_advance (env, advance);
  gq_test_await (env, &async);
  data = gq_query_client_fetch_infinite_query_finish (env->client, async.result, error);
  gq_test_async_clear (&async);

  return data;
}

static void
prefetch_infinite (GqTestEnv              *env,
                   GqInfiniteQueryOptions *options,
                   gint64                  advance)
{
  GqTestAsync async = { 0 };
  g_autoptr(GError) error = NULL;

  gq_query_client_prefetch_infinite_query_async (env->client, options, NULL, gq_test_async_callback, &async);
  if (advance > 0)
    gq_test_advance (env, advance);
  gq_test_await (env, &async);
  g_assert_true (gq_query_client_prefetch_infinite_query_finish (env->client, async.result, &error));
  g_assert_no_error (error);
  gq_test_async_clear (&async);
}

static JsonNode *
ensure_data (GqTestEnv              *env,
             GqInfiniteQueryOptions *options,
             gboolean                revalidate_if_stale)
{
  GqTestAsync async = { 0 };
  g_autoptr(GError) error = NULL;
  JsonNode *data;

  gq_query_client_ensure_query_data_async (env->client, GQ_QUERY_OPTIONS (options), revalidate_if_stale,
                                           NULL, gq_test_async_callback, &async);
  gq_test_await (env, &async);
  data = gq_query_client_ensure_query_data_finish (env->client, async.result, &error);
  g_assert_no_error (error);
  gq_test_async_clear (&async);

  return data;
}

static void
cancel (GqTestEnv     *env,
        JsonNode      *key,
        GqCancelFlags  flags)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);

  gq_query_client_cancel_queries (env->client, filters, flags);
}

static JsonNode *
key_new (const char *name)
{
  return gq_key_new (name, NULL);
}

static GqQueryResult *
recorded (GqTestRecorder *recorder,
          guint           index)
{
  return gq_test_recorder_get (recorder, index);
}

/* ---- infiniteQueryBehavior.test.tsx ------------------------------------ */

/* should throw an error if the queryFn is not defined */
static void
test_behavior_missing_query_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("behavior-missing-query-func");
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  g_autofree char *expected = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  param_func_init (&next, "next", 1);

  options = options_new (key, NULL, "1");
  gq_query_options_set_retry (GQ_QUERY_OPTIONS (options), 0);
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 0);

  result = current (observer);
  g_assert_true (gq_query_result_get_is_error (result));
  g_assert_error (gq_query_result_get_error (result), GQ_ERROR, GQ_ERROR_MISSING_QUERY_FUNC);
  expected = g_strdup_printf ("Missing query function: '%s'",
                              gq_query_get_query_hash (gq_query_observer_get_query (GQ_QUERY_OBSERVER (observer))));
  g_assert_cmpstr (gq_query_result_get_error (result)->message, ==, expected);
  g_assert_cmpuint (next.calls, ==, 0);

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* should apply the maxPages option to limit the number of pages */
static void
test_behavior_max_pages (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("behavior-max-pages");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next, previous;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  param_func_init (&previous, "prev", -1);
  next.from_page = previous.from_page = TRUE;

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  set_previous (options, &previous);
  gq_infinite_query_options_set_max_pages (options, 2);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);

  gq_test_advance (&env, 0);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1], \"pageParams\": [1]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f1");
  g_string_truncate (fetcher->log, 0);

  fetch_and_wait (&env, observer, NEXT, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f2");
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");
  g_string_truncate (fetcher->log, 0);

  fetch_and_wait (&env, observer, PREVIOUS, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "b0");
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [0, 1], \"pageParams\": [0, 1]}");
  g_string_truncate (fetcher->log, 0);

  fetch_and_wait (&env, observer, PREVIOUS, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "b-1");
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [-1, 0], \"pageParams\": [-1, 0]}");
  g_string_truncate (fetcher->log, 0);

  fetch_and_wait (&env, observer, NEXT, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f1");
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [0, 1], \"pageParams\": [0, 1]}");
  g_string_truncate (fetcher->log, 0);

  /* Only the two pages held are refetched, from the first one held. */
  fetch_and_wait (&env, observer, REFETCH, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f0 f1");
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [0, 1], \"pageParams\": [0, 1]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  param_func_clear (&previous);
  gq_test_env_clear (&env);
}

/* should support query cancellation */
static void
test_behavior_cancellation (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("behavior-cancellation");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  ParamFunc next, previous;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->use_cancellable = TRUE;
  param_func_init (&next, "next", 1);
  param_func_init (&previous, "prev", -1);

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  set_previous (options, &previous);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);

  /* query.cancel (): no revert */
  cancel (&env, key, GQ_CANCEL_FLAGS_NO_REVERT);
  gq_test_advance (&env, 0);

  result = current (observer);
  assert_result (result, ERROR, IDLE, NULL);
  g_assert_error (gq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpstr (fetcher->log->str, ==, "f1");
  g_assert_true (g_cancellable_is_cancelled (gq_fetch_context_get_cancellable (fetcher->last_context)));

  /* The page landing later changes nothing. */
  gq_test_advance (&env, 10);
  assert_current (observer, ERROR, IDLE, NULL);

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  param_func_clear (&previous);
  gq_test_env_clear (&env);
}

/* should not refetch pages if the query is cancelled */
static void
test_behavior_no_refetch_after_cancel (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("behavior-no-refetch-after-cancel");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  ParamFunc next, previous;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  param_func_init (&previous, "prev", -1);
  next.from_page = previous.from_page = TRUE;

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  set_previous (options, &previous);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 0);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1], \"pageParams\": [1]}");

  fetch_and_wait (&env, observer, NEXT, 0);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2");

  fetcher->delay = 10;
  gq_query_observer_refetch (GQ_QUERY_OBSERVER (observer));
  gq_test_flush (&env);
  result = current (observer);
  g_assert_true (gq_query_result_get_is_fetching (result));
  g_assert_false (gq_query_result_get_is_error (result));
  g_clear_pointer (&result, gq_query_result_unref);

  cancel (&env, key, GQ_CANCEL_FLAGS_NO_REVERT);
  gq_test_advance (&env, 10);

  result = current (observer);
  assert_result (result, ERROR, IDLE, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");
  g_assert_error (gq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The refetch's first page was asked for, no page after it. */
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f1");
  gq_test_advance (&env, 100);
  g_assert_cmpuint (fetcher->calls, ==, 3);

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  param_func_clear (&previous);
  gq_test_env_clear (&env);
}

typedef struct
{
  GqTestEnv *env;
  JsonNode  *key;
} CancelTarget;

static JsonNode *
cancel_during_page_one (PageFetcher *fetcher,
                        guint        call,
                        JsonNode    *param)
{
  CancelTarget *target = fetcher->user_data;

  if (gq_test_int (param) == 1)
    cancel (target->env, target->key, GQ_CANCEL_FLAGS_NONE);

  return NULL;
}

/* should surface the abort reason when cancellation happens between
 * refetched pages: the page function cancels the query while it returns
 * the first page; no page follows, and the refetch reverts. */
static void
test_behavior_cancel_between_pages (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("behavior-cancel-between-pages");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  CancelTarget target = { &env, key };
  g_autoptr(GqQueryResult) result = NULL;
  GqQueryState *before;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->use_cancellable = TRUE;
  fetcher->data_func = cancel_during_page_one;
  fetcher->user_data = &target;
  param_func_init (&next, "next", 1);
  next.from_page = TRUE;

  gq_test_set_data (&env, key, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");
  before = gq_query_state_ref (gq_test_state_of (&env, key));

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  /* Stale data: subscribing refetches both pages. */
  subscribe (observer);
  gq_test_advance (&env, 50);

  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_cmpstr (fetcher->log->str, ==, "f1");
  result = current (observer);
  assert_result (result, SUCCESS, IDLE, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");
  g_assert_null (gq_query_result_get_error (result));
  g_assert_true (gq_query_state_get_data (gq_test_state_of (&env, key)) == gq_query_state_get_data (before));

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  gq_query_state_unref (before);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

static gboolean
fail_token_two_three_times (PageFetcher *fetcher,
                            guint        call,
                            JsonNode    *param)
{
  if (param != NULL && gq_test_int (param) == 2 && fetcher->counter < 3)
    {
      fetcher->counter++;
      return TRUE;
    }

  return FALSE;
}

static JsonNode *
token_page (PageFetcher *fetcher,
            guint        call,
            JsonNode    *param)
{
  static const char * const pages[] = {
    "{\"data\": [{\"id\": \"item-1\"}], \"nextToken\": 1}",
    "{\"data\": [{\"id\": \"item-2\"}], \"nextToken\": 2}",
    "{\"data\": [{\"id\": \"item-3\"}], \"nextToken\": 3}",
    "{\"data\": [{\"id\": \"item-4\"}]}",
  };
  gint64 token = param ? gq_test_int (param) : 0;

  g_assert_cmpint (token, >=, 0);
  g_assert_cmpint (token, <, (gint64) G_N_ELEMENTS (pages));

  return gq_test_json (pages[token]);
}

static JsonNode *
next_token (JsonNode *page,
            JsonNode *all_pages,
            JsonNode *page_param,
            JsonNode *all_page_params,
            gpointer  user_data)
{
  JsonObject *object = json_node_get_object (page);

  if (!json_object_has_member (object, "nextToken"))
    return NULL;

  return json_node_ref (json_object_get_member (object, "nextToken"));
}

/* should not enter an infinite loop when a page errors while retry is on
 * #8046 */
static void
test_behavior_retry_no_infinite_loop (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("behavior-8046");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *params;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->data_func = token_page;
  fetcher->fail_func = fail_token_two_three_times;

  options = options_new (key, fetcher, "1");
  gq_query_options_set_retry (GQ_QUERY_OPTIONS (options), 5);
  gq_query_options_set_retry_delay (GQ_QUERY_OPTIONS (options), 10);
  gq_infinite_query_options_set_get_next_page_param_func (options, next_token, NULL, NULL);
  observer = gq_infinite_query_observer_new (env.client, options);

  result = await_fetch (&env, observer, NEXT, GQ_REFETCH_FLAGS_NONE, 10, &error);
  g_assert_no_error (error);
  params = json_object_get_member (json_node_get_object (gq_query_result_get_data (result)), "pageParams");
  gq_assert_json (params, "[1]");
  g_clear_pointer (&result, gq_query_result_unref);

  /* Page 2 fails three times, then resolves. */
  result = await_fetch (&env, observer, NEXT, GQ_REFETCH_FLAGS_NONE, 70, &error);
  g_assert_no_error (error);
  params = json_object_get_member (json_node_get_object (gq_query_result_get_data (result)), "pageParams");
  gq_assert_json (params, "[1, 2]");
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f2 f2 f2");
  g_clear_pointer (&result, gq_query_result_unref);

  result = await_fetch (&env, observer, NEXT, GQ_REFETCH_FLAGS_NONE, 10, &error);
  g_assert_no_error (error);
  params = json_object_get_member (json_node_get_object (gq_query_result_get_data (result)), "pageParams");
  gq_assert_json (params, "[1, 2, 3]");
  g_clear_pointer (&result, gq_query_result_unref);

  /* The last page has no next token: nothing is fetched. */
  fetcher->counter = 0;
  result = await_fetch (&env, observer, NEXT, GQ_REFETCH_FLAGS_NONE, 10, &error);
  g_assert_no_error (error);
  params = json_object_get_member (json_node_get_object (gq_query_result_get_data (result)), "pageParams");
  gq_assert_json (params, "[1, 2, 3]");
  g_assert_cmpuint (fetcher->calls, ==, 6);

  g_object_unref (observer);
  g_object_unref (options);
  gq_test_env_clear (&env);
}

static JsonNode *
constant_data_page (PageFetcher *fetcher,
                    guint        call,
                    JsonNode    *param)
{
  return gq_test_json ("\"data\"");
}

/* should fetch even if initialPageParam is null */
static void
test_behavior_initial_page_param_null (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("behavior-initial-null");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->data_func = constant_data_page;
  param_func_init (&next, "next", 1);
  next.none = TRUE;
  next.json_null = TRUE;

  options = options_new (key, fetcher, "null");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 0);

  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [\"data\"], \"pageParams\": [null]}");
  g_assert_cmpstr (fetcher->log->str, ==, "fnull");
  assert_current_flags (observer, "00000000");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* should not fetch next page when getNextPageParam returns null */
static void
test_behavior_next_param_null_no_fetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("behavior-next-null");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  gint64 updated_at;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 1);
  param_func_init (&next, "next", 1);
  next.from_page = TRUE;
  next.has_stop = TRUE;
  next.stop = 1;
  next.json_null = TRUE;

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 1);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1], \"pageParams\": [1]}");
  assert_current_flags (observer, "00000000");
  before = current_data (observer);
  updated_at = gq_query_state_get_data_updated_at (gq_test_state_of (&env, key));

  gq_test_advance (&env, 5);
  fetch_and_wait (&env, observer, NEXT, 0);

  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1], \"pageParams\": [1]}");
  after = current_data (observer);
  g_assert_true (before == after);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  /* TanStack returns the old data as the fetch's result: it counts as
   * fetched now. */
  g_assert_cmpint (gq_query_state_get_data_updated_at (gq_test_state_of (&env, key)), ==, updated_at + 5);

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* ---- infiniteQueryObserver.test.tsx ------------------------------------ */

static JsonNode *
select_pages_as_strings (JsonNode *data,
                         gpointer  user_data)
{
  JsonObject *object = json_node_get_object (data);
  JsonArray *pages = json_object_get_array_member (object, "pages");
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (pages); i++)
    {
      g_autofree char *text = gq_json_to_canonical (json_array_get_element (pages, i));
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "pageParams");
  json_builder_add_value (builder, gq_json_copy (json_object_get_member (object, "pageParams")));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* should be able to fetch an infinite query with selector */
static void
test_observer_select (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("observer-select");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqTestRecorder) recorder = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  param_func_init (&next, "next", 1);

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_query_options_set_select_func (GQ_QUERY_OPTIONS (options), select_pages_as_strings, NULL, NULL);
  observer = gq_infinite_query_observer_new (env.client, options);
  recorder = gq_test_recorder_new (GQ_QUERY_OBSERVER (observer));
  subscribe (observer);
  gq_test_advance (&env, 10);
  unsubscribe (observer);

  g_assert_cmpuint (recorder->results->len, ==, 2);
  assert_result (recorded (recorder, 1), SUCCESS, IDLE, "{\"pages\": [\"1\"], \"pageParams\": [1]}");
  /* hasNextPage looks at the query's data, not the selection. */
  assert_flags (recorded (recorder, 1), "10000000");
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)),
                  "{\"pages\": [1], \"pageParams\": [1]}");

  g_clear_pointer (&recorder, gq_test_recorder_free);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* should pass the meta option to the queryFn */
static void
test_observer_meta (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("observer-meta");
  g_autoptr(JsonNode) meta = gq_test_json ("{\"it\": \"works\"}");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  param_func_init (&next, "next", 1);

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_query_options_set_meta (GQ_QUERY_OPTIONS (options), meta);
  gq_query_options_set_select_func (GQ_QUERY_OPTIONS (options), select_pages_as_strings, NULL, NULL);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 10);
  unsubscribe (observer);

  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [\"1\"], \"pageParams\": [1]}");
  g_assert_cmpstr (fetcher->last_meta, ==, "{\"it\":\"works\"}");

  /* Every page of a refetch gets it. */
  g_clear_pointer (&fetcher->last_meta, g_free);
  fetch_and_wait (&env, observer, NEXT, 10);
  g_assert_cmpstr (fetcher->last_meta, ==, "{\"it\":\"works\"}");

  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* should make getNextPageParam and getPreviousPageParam receive current
 * pageParams */
static void
test_observer_page_param_funcs_receive_params (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("observer-page-params");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next, previous;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->as_string = TRUE;
  param_func_init (&next, "next", 1);
  param_func_init (&previous, "prev", -1);

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  set_previous (options, &previous);
  observer = gq_infinite_query_observer_new (env.client, options);
  gq_test_advance (&env, 10);

  gq_infinite_query_observer_fetch_next_page (observer);
  gq_test_advance (&env, 10);
  gq_infinite_query_observer_fetch_previous_page (observer);
  gq_test_advance (&env, 10);

  g_assert_cmpstr (next.single->str, ==, "next1 next1");
  g_assert_cmpstr (previous.single->str, ==, "prev1 prev1 prev0");

  /* In call order, as TanStack's single/all arrays. */
  g_assert_cmpuint (next.calls + previous.calls, ==, 5);
  g_assert_cmpstr (next.all->str, ==, "next1 next0,1");
  g_assert_cmpstr (previous.all->str, ==, "prev1 prev1 prev0,1");
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [\"0\", \"1\"], \"pageParams\": [0, 1]}");

  param_func_reset_log (&next);
  param_func_reset_log (&previous);

  fetch_and_wait (&env, observer, REFETCH, 20);

  g_assert_cmpstr (next.single->str, ==, "next0 next1");
  g_assert_cmpstr (next.all->str, ==, "next0 next0,1");
  g_assert_cmpstr (previous.single->str, ==, "prev0");
  g_assert_cmpstr (previous.all->str, ==, "prev0,1");
  g_assert_cmpstr (fetcher->log->str, ==, "f1 b0 f0 f1");

  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  param_func_clear (&previous);
  gq_test_env_clear (&env);
}

/* should not invoke getNextPageParam and getPreviousPageParam on empty
 * pages */
static void
test_observer_no_page_param_calls_on_empty_pages (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("observer-empty-pages");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next, previous;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->as_string = TRUE;
  param_func_init (&next, "next", 1);
  param_func_init (&previous, "prev", -1);

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  set_previous (options, &previous);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);

  next.calls = previous.calls = 0;
  gq_test_set_data (&env, key, "{\"pages\": [], \"pageParams\": []}");
  gq_test_flush (&env);

  assert_current (observer, SUCCESS, FETCHING, "{\"pages\": [], \"pageParams\": []}");
  assert_current_flags (observer, "00000010");
  g_assert_cmpuint (next.calls, ==, 0);
  g_assert_cmpuint (previous.calls, ==, 0);

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  param_func_clear (&previous);
  gq_test_env_clear (&env);
}

/* should stop refetching if undefined (null) is returned from
 * getNextPageParam */
static void
stop_refetching (gboolean json_null)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new (json_null ? "observer-stop-null" : "observer-stop-undefined");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->as_string = TRUE;
  param_func_init (&next, "next", 1);
  next.json_null = json_null;

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);

  gq_infinite_query_observer_fetch_next_page (observer);
  gq_test_advance (&env, 10);
  gq_infinite_query_observer_fetch_next_page (observer);
  gq_test_advance (&env, 10);

  assert_current_data (observer, "{\"pages\": [\"1\", \"2\"], \"pageParams\": [1, 2]}");
  g_assert_cmpuint (fetcher->calls, ==, 2);
  assert_current_flags (observer, "10000000");

  next.none = TRUE;
  fetch_and_wait (&env, observer, REFETCH, 10);

  assert_current_data (observer, "{\"pages\": [\"1\"], \"pageParams\": [1]}");
  g_assert_cmpuint (fetcher->calls, ==, 3);
  assert_current_flags (observer, "00000000");

  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

static void
test_observer_stop_refetching_undefined (void)
{
  stop_refetching (FALSE);
}

static void
test_observer_stop_refetching_null (void)
{
  stop_refetching (TRUE);
}

/* should set infinite query behavior via getOptimisticResult and return
 * the initial state */
static void
test_observer_initial_result (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("observer-initial-result");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  param_func_init (&next, "next", 1);

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);

  result = current (observer);
  assert_result (result, PENDING, IDLE, NULL);
  assert_flags (result, "00000000");
  g_assert_false (gq_query_result_get_is_fetching (result));
  g_assert_false (gq_query_result_get_is_error (result));
  g_assert_cmpuint (fetcher->calls, ==, 0);
  /* The query it made is infinite, whoever fetches it next. */
  g_assert_true (GQ_IS_INFINITE_QUERY_OPTIONS (gq_query_get_options (gq_query_observer_get_query (GQ_QUERY_OBSERVER (observer)))));

  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* ---- queryClient.test.tsx: the infinite parts -------------------------- */

/* fetchInfiniteQuery: should return infinite query data */
static void
test_client_fetch_infinite_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("client-fetch-infinite");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) cached = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  options = options_new (key, fetcher, "10");

  data = fetch_infinite (&env, options, 0, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "{\"pages\": [10], \"pageParams\": [10]}");

  /* getInfiniteQueryData is getQueryData. */
  cached = gq_query_client_get_query_data (env.client, key);
  g_assert_true (cached == data);
  g_assert_cmpstr (fetcher->log->str, ==, "f10");
  g_assert_true (_gq_query_is_infinite (gq_test_find_query (&env, key)));

  g_clear_object (&options);
  gq_test_env_clear (&env);
}

/* fetchInfiniteQuery: should not type-error with strict query key (one
 * page, no get-next-page-param function needed) */
static void
test_client_fetch_infinite_query_without_next (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("strict", "client-strict", NULL);
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->data_func = constant_data_page;
  options = options_new (key, fetcher, "0");

  data = fetch_infinite (&env, options, 0, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "{\"pages\": [\"data\"], \"pageParams\": [0]}");

  g_clear_object (&options);
  gq_test_env_clear (&env);
}

/* prefetchInfiniteQuery: should return infinite query data */
static void
test_client_prefetch_infinite_query (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("client-prefetch-infinite");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  options = options_new (key, fetcher, "10");

  prefetch_infinite (&env, options, 0);
  data = gq_query_client_get_query_data (env.client, key);
  gq_assert_json (data, "{\"pages\": [10], \"pageParams\": [10]}");

  g_clear_object (&options);
  gq_test_env_clear (&env);
}

/* prefetchInfiniteQuery: should prefetch multiple pages */
static void
test_client_prefetch_multiple_pages (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("client-prefetch-pages");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->as_string = TRUE;
  param_func_init (&next, "next", 5);
  options = options_new (key, fetcher, "10");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 3);

  prefetch_infinite (&env, options, 0);
  data = gq_query_client_get_query_data (env.client, key);
  gq_assert_json (data, "{\"pages\": [\"10\", \"15\", \"20\"], \"pageParams\": [10, 15, 20]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f10 f15 f20");
  g_assert_cmpuint (next.calls, ==, 2);

  g_clear_object (&options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* prefetchInfiniteQuery: should stop prefetching if getNextPageParam
 * returns undefined */
static void
test_client_prefetch_stops_at_last_page (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("client-prefetch-stop");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->as_string = TRUE;
  param_func_init (&next, "next", 5);
  next.has_stop = TRUE;
  next.stop = 20;
  options = options_new (key, fetcher, "10");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 5);

  prefetch_infinite (&env, options, 0);
  data = gq_query_client_get_query_data (env.client, key);
  gq_assert_json (data, "{\"pages\": [\"10\", \"15\", \"20\"], \"pageParams\": [10, 15, 20]}");
  /* the fetch loop exits early */
  g_assert_cmpuint (next.calls, ==, 3);
  g_assert_cmpuint (fetcher->calls, ==, 3);

  g_clear_object (&options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* ensureInfiniteQueryData: should return the cached query data if the
 * query is found */
static void
test_client_ensure_cached (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("client-ensure-cached", "id", NULL);
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->data_func = constant_data_page;
  param_func_init (&next, "next", 1);
  next.none = TRUE;
  gq_test_set_data (&env, key, "{\"pages\": [\"bar\"], \"pageParams\": [0]}");

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  data = ensure_data (&env, options, FALSE);
  gq_assert_json (data, "{\"pages\": [\"bar\"], \"pageParams\": [0]}");
  g_assert_cmpuint (fetcher->calls, ==, 0);

  g_clear_object (&options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* ensureInfiniteQueryData: should fetch the query and return its results
 * if the query is not found */
static void
test_client_ensure_fetches (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("client-ensure-fetches", "id", NULL);
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->data_func = constant_data_page;
  param_func_init (&next, "next", 1);
  next.none = TRUE;

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  data = ensure_data (&env, options, FALSE);
  gq_assert_json (data, "{\"pages\": [\"data\"], \"pageParams\": [1]}");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  g_clear_object (&options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

static JsonNode *
new_page (PageFetcher *fetcher,
          guint        call,
          JsonNode    *param)
{
  return gq_test_json ("\"new\"");
}

/* ensureInfiniteQueryData: should return the cached query data if the
 * query is found and preFetchQuery in the background when
 * revalidateIfStale is set. The refetch starts at the cached page's
 * parameter, 0, not at the initial one. */
static void
test_client_ensure_revalidate_if_stale (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("client-ensure-revalidate", "id", NULL);
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->data_func = new_page;
  param_func_init (&next, "next", 1);
  next.none = TRUE;
  gq_test_set_data (&env, key, "{\"pages\": [\"old\"], \"pageParams\": [0]}");

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  first = ensure_data (&env, options, TRUE);
  gq_assert_json (first, "{\"pages\": [\"old\"], \"pageParams\": [0]}");

  gq_test_advance (&env, 20);
  second = ensure_data (&env, options, TRUE);
  gq_assert_json (second, "{\"pages\": [\"new\"], \"pageParams\": [0]}");
  /* stale again: a second background refetch, from page 0 again */
  g_assert_cmpstr (fetcher->log->str, ==, "f0 f0");

  g_clear_object (&options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* infiniteQuery with static staleTime: should return the cached query
 * data if the query is found */
static void
test_client_static_stale_time_cached (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("client-static-cached", "id", NULL);
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->data_func = constant_data_page;
  gq_test_set_data (&env, key, "{\"pages\": [\"bar\"], \"pageParams\": [0]}");

  options = options_new (key, fetcher, "1");
  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (options), GQ_STALE_TIME_STATIC);
  data = fetch_infinite (&env, options, 0, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "{\"pages\": [\"bar\"], \"pageParams\": [0]}");
  g_assert_cmpuint (fetcher->calls, ==, 0);

  g_clear_object (&options);
  gq_test_env_clear (&env);
}

/* infiniteQuery with static staleTime: should fetch the query and return
 * its results if the query is not found */
static void
test_client_static_stale_time_fetches (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = gq_key_new ("client-static-fetches", "id", NULL);
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->data_func = constant_data_page;

  options = options_new (key, fetcher, "1");
  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (options), GQ_STALE_TIME_STATIC);
  data = fetch_infinite (&env, options, 0, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "{\"pages\": [\"data\"], \"pageParams\": [1]}");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  again = fetch_infinite (&env, options, 0, &error);
  g_assert_no_error (error);
  g_assert_true (again == data);
  g_assert_cmpuint (fetcher->calls, ==, 1);

  g_clear_object (&options);
  gq_test_env_clear (&env);
}

/* A failed page fails fetchInfiniteQuery, without retries. */
static void
test_client_fetch_infinite_query_error (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("client-fetch-error");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->fail_calls = 1 << 1;
  options = options_new (key, fetcher, "1");

  data = fetch_infinite (&env, options, 0, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "page failure 1");
  g_assert_cmpuint (fetcher->calls, ==, 1);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_status (state), ==, ERROR);
  g_assert_false (gq_query_state_has_data (state));

  g_clear_object (&options);
  gq_test_env_clear (&env);
}

/* Any API taking GqQueryOptions takes infinite options: fetch_query_async
 * fetches pages too. */
static void
test_client_fetch_query_takes_infinite_options (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("client-fetch-query-infinite");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync async = { 0 };
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 2);

  gq_query_client_fetch_query_async (env.client, GQ_QUERY_OPTIONS (options), NULL,
                                     gq_test_async_callback, &async);
  gq_test_await (&env, &async);
  data = gq_query_client_fetch_query_finish (env.client, async.result, &error);
  gq_test_async_clear (&async);

  g_assert_no_error (error);
  gq_assert_json (data, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");

  g_clear_object (&options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* ---- semantics reference §2.16 ----------------------------------------- */

/* Pages of a cursor API: page "a" links to "b<version>", "b…" to
 * "c<version>", "c…" to nothing; the version is fetcher->counter, so a
 * refetch after a change sees new cursors. */
static JsonNode *
cursor_page (PageFetcher *fetcher,
             guint        call,
             JsonNode    *param)
{
  const char *cursor = json_node_get_string (param);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, cursor);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, fetcher->counter);
  if (cursor[0] != 'c')
    {
      g_autofree char *next = g_strdup_printf ("%c%d", cursor[0] + 1, fetcher->counter);

      json_builder_set_member_name (builder, "next");
      json_builder_add_string_value (builder, next);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
next_cursor (JsonNode *page,
             JsonNode *all_pages,
             JsonNode *page_param,
             JsonNode *all_page_params,
             gpointer  user_data)
{
  JsonObject *object = json_node_get_object (page);
  guint *calls = user_data;

  if (calls != NULL)
    (*calls)++;

  if (!json_object_has_member (object, "next"))
    return NULL;

  return json_node_ref (json_object_get_member (object, "next"));
}

static GqInfiniteQueryOptions *
cursor_options (JsonNode    *key,
                PageFetcher *fetcher,
                guint       *next_calls)
{
  GqInfiniteQueryOptions *options = options_new (key, fetcher, "\"a\"");

  fetcher->data_func = cursor_page;
  gq_infinite_query_options_set_get_next_page_param_func (options, next_cursor, next_calls, NULL);

  return options;
}

/* A refetch fetches every page again, in order from the first, each with
 * the cursor of the page just fetched, not the stored one. */
static void
test_refetch_uses_fresh_cursors (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("refetch-fresh-cursors");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->counter = 1;
  options = cursor_options (key, fetcher, NULL);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  fetch_and_wait (&env, observer, NEXT, 0);
  fetch_and_wait (&env, observer, NEXT, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f\"a\" f\"b1\" f\"c1\"");
  assert_current_flags (observer, "00000000");

  /* The server changed its cursors. */
  fetcher->counter = 2;
  g_string_truncate (fetcher->log, 0);
  fetch_and_wait (&env, observer, REFETCH, 0);

  g_assert_cmpstr (fetcher->log->str, ==, "f\"a\" f\"b2\" f\"c2\"");
  assert_current_data (observer,
                       "{\"pages\": [{\"id\": \"a\", \"version\": 2, \"next\": \"b2\"},"
                       "            {\"id\": \"b2\", \"version\": 2, \"next\": \"c2\"},"
                       "            {\"id\": \"c2\", \"version\": 2}],"
                       " \"pageParams\": [\"a\", \"b2\", \"c2\"]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  gq_test_env_clear (&env);
}

static JsonNode *
versioned_page (PageFetcher *fetcher,
                guint        call,
                JsonNode    *param)
{
  g_autofree char *text = g_strdup_printf ("\"%c%" G_GINT64_FORMAT "\"",
                                           'a' + fetcher->counter, gq_test_int (param));

  return gq_test_json (text);
}

/* Probe S30: the refetch of 3 pages × 5 ms keeps the old pages until
 * t = 15 ms, then shows the new ones: the cache is written once. */
static void
test_refetch_writes_cache_once (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("refetch-writes-once");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqTestRecorder) recorder = NULL;
  const char *old_pages = "{\"pages\": [\"a0\", \"a1\", \"a2\"], \"pageParams\": [0, 1, 2]}";
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 5);
  fetcher->data_func = versioned_page;
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 3);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 15);
  assert_current (observer, SUCCESS, IDLE, old_pages);

  fetcher->counter = 1;
  recorder = gq_test_recorder_new (GQ_QUERY_OBSERVER (observer));
  gq_query_observer_refetch (GQ_QUERY_OBSERVER (observer));
  gq_test_advance (&env, 5);
  assert_current (observer, SUCCESS, FETCHING, old_pages);
  gq_test_advance (&env, 5);
  assert_current (observer, SUCCESS, FETCHING, old_pages);
  gq_test_advance (&env, 5);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [\"b0\", \"b1\", \"b2\"], \"pageParams\": [0, 1, 2]}");

  g_assert_cmpuint (recorder->results->len, ==, 2);
  assert_result (recorded (recorder, 0), SUCCESS, FETCHING, old_pages);
  assert_flags (recorded (recorder, 0), "10000010");
  assert_result (recorded (recorder, 1), SUCCESS, IDLE, "{\"pages\": [\"b0\", \"b1\", \"b2\"], \"pageParams\": [0, 1, 2]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f0 f1 f2 f0 f1 f2");

  g_clear_pointer (&recorder, gq_test_recorder_free);
  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* I-13: when get-next-page-param stops early, a refetch ends with fewer
 * pages. */
static void
test_refetch_fewer_pages (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("refetch-fewer-pages");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 3);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  assert_current_data (observer, "{\"pages\": [0, 1, 2], \"pageParams\": [0, 1, 2]}");

  next.has_stop = TRUE;
  next.stop = 1;
  fetch_and_wait (&env, observer, REFETCH, 0);
  assert_current_data (observer, "{\"pages\": [0, 1], \"pageParams\": [0, 1]}");
  assert_current_flags (observer, "00000000");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* A cursor observer with pages 1 and 2 (page = param), delay 10. */
static GqInfiniteQueryObserver *
two_page_observer (GqTestEnv               *env,
                   JsonNode                *key,
                   PageFetcher             *fetcher,
                   ParamFunc               *next,
                   ParamFunc               *previous,
                   GqInfiniteQueryOptions **options_out)
{
  GqInfiniteQueryOptions *options = options_new (key, fetcher, "1");
  GqInfiniteQueryObserver *observer;

  set_next (options, next);
  if (previous != NULL)
    set_previous (options, previous);
  observer = gq_infinite_query_observer_new (env->client, options);
  subscribe (observer);
  gq_test_advance (env, fetcher->delay);
  fetch_and_wait (env, observer, NEXT, fetcher->delay);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");

  *options_out = options;

  return observer;
}

/* fetchNextPage cancels a running refetch (cancelRefetch) and fetches the
 * next page of the data as it was; the refetch's pages never land. */
static void
test_fetch_next_page_cancels_refetch (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("next-cancels-refetch");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  GqTestAsync refetch = { 0 };
  g_autoptr(GqQueryResult) refetch_result = NULL;
  g_autoptr(GError) error = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  param_func_init (&next, "next", 1);
  observer = two_page_observer (&env, key, fetcher, &next, NULL, &options);

  gq_query_observer_refetch_async (GQ_QUERY_OBSERVER (observer), GQ_REFETCH_FLAGS_NONE, NULL,
                                   gq_test_async_callback, &refetch);
  gq_test_advance (&env, 5);
  gq_infinite_query_observer_fetch_next_page (observer);
  gq_test_flush (&env);
  assert_current_flags (observer, "10100000");

  gq_test_advance (&env, 10);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f1 f3");
  gq_test_advance (&env, 100);
  g_assert_cmpuint (fetcher->calls, ==, 4);

  /* The cancelled refetch's caller hears of the fetch that replaced it. */
  gq_test_await (&env, &refetch);
  refetch_result = gq_query_observer_refetch_finish (GQ_QUERY_OBSERVER (observer), refetch.result, &error);
  g_assert_no_error (error);
  assert_result (refetch_result, SUCCESS, IDLE, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");
  gq_test_async_clear (&refetch);

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* With GQ_REFETCH_FLAGS_NO_CANCEL (cancelRefetch: false), fetchNextPage
 * joins the running refetch. */
static void
test_fetch_next_page_no_cancel_joins (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("next-no-cancel");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  param_func_init (&next, "next", 1);
  observer = two_page_observer (&env, key, fetcher, &next, NULL, &options);

  gq_query_observer_refetch (GQ_QUERY_OBSERVER (observer));
  gq_test_advance (&env, 5);
  result = await_fetch (&env, observer, NEXT, GQ_REFETCH_FLAGS_NO_CANCEL, 15, &error);
  g_assert_no_error (error);
  assert_result (result, SUCCESS, IDLE, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f1 f2");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* During the first load there is no data to keep: fetchNextPage joins the
 * load instead of cancelling it. */
static void
test_fetch_next_page_during_first_load (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("next-during-first-load");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);

  gq_test_advance (&env, 5);
  result = await_fetch (&env, observer, NEXT, GQ_REFETCH_FLAGS_NONE, 5, &error);
  g_assert_no_error (error);
  assert_result (result, SUCCESS, IDLE, "{\"pages\": [1], \"pageParams\": [1]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f1");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* The page flags through a next-page fetch, a previous-page fetch and a
 * refetch, as ::changed announces them. */
static void
test_page_fetch_flags (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("page-fetch-flags");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqTestRecorder) recorder = NULL;
  ParamFunc next, previous;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  param_func_init (&next, "next", 1);
  param_func_init (&previous, "prev", -1);
  observer = two_page_observer (&env, key, fetcher, &next, &previous, &options);
  recorder = gq_test_recorder_new (GQ_QUERY_OBSERVER (observer));

  gq_infinite_query_observer_fetch_next_page (observer);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (recorder->results->len, ==, 2);
  g_assert_true (gq_query_result_get_is_fetching (recorded (recorder, 0)));
  assert_flags (recorded (recorder, 0), "11100000");
  assert_flags (recorded (recorder, 1), "11000000");
  assert_result (recorded (recorder, 1), SUCCESS, IDLE, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");

  gq_infinite_query_observer_fetch_previous_page (observer);
  gq_test_advance (&env, 10);
  g_assert_cmpuint (recorder->results->len, ==, 4);
  g_assert_true (gq_query_result_get_is_fetching (recorded (recorder, 2)));
  assert_flags (recorded (recorder, 2), "11010000");
  assert_result (recorded (recorder, 3), SUCCESS, IDLE,
                 "{\"pages\": [0, 1, 2, 3], \"pageParams\": [0, 1, 2, 3]}");
  assert_flags (recorded (recorder, 3), "11000000");

  gq_query_observer_refetch (GQ_QUERY_OBSERVER (observer));
  gq_test_advance (&env, 40);
  g_assert_cmpuint (recorder->results->len, ==, 6);
  assert_flags (recorded (recorder, 4), "11000010");
  assert_flags (recorded (recorder, 5), "11000000");
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f3 b0 f0 f1 f2 f3");

  g_clear_pointer (&recorder, gq_test_recorder_free);
  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  param_func_clear (&previous);
  gq_test_env_clear (&env);
}

/* Probe S29: a failing fetchNextPage leaves status error, the data, and
 * is-fetch-next-page-error (not is-refetch-error), has-next-page still
 * true; the next successful refetch clears it. */
static void
test_fetch_next_page_error (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("next-page-error");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  gq_query_options_set_retry (GQ_QUERY_OPTIONS (options), 0);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);

  fetcher->fail_calls = 1 << 2;
  result = await_fetch (&env, observer, NEXT, GQ_REFETCH_FLAGS_NONE, 0, &error);
  g_assert_no_error (error);
  assert_result (result, ERROR, IDLE, "{\"pages\": [0], \"pageParams\": [0]}");
  g_assert_error (gq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_FAILED);
  assert_flags (result, "10001000");
  g_assert_true (gq_query_result_get_is_error (result));
  g_clear_pointer (&result, gq_query_result_unref);

  /* With THROW_ON_ERROR the operation fails with the page's error. */
  fetcher->fail_calls = 1 << 3;
  result = await_fetch (&env, observer, NEXT, GQ_REFETCH_FLAGS_THROW_ON_ERROR, 0, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "page failure 3");
  g_clear_error (&error);

  fetch_and_wait (&env, observer, REFETCH, 0);
  result = current (observer);
  assert_result (result, SUCCESS, IDLE, "{\"pages\": [0], \"pageParams\": [0]}");
  assert_flags (result, "10000000");
  g_assert_null (gq_query_result_get_error (result));

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* The same for the previous page, and a failed refetch is a refetch
 * error, not a page error. */
static void
test_fetch_previous_page_and_refetch_errors (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("previous-page-error");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ParamFunc next, previous;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  param_func_init (&previous, "prev", -1);
  options = options_new (key, fetcher, "5");
  set_next (options, &next);
  set_previous (options, &previous);
  gq_query_options_set_retry (GQ_QUERY_OPTIONS (options), 0);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);

  fetcher->fail_calls = 1 << 2;
  result = await_fetch (&env, observer, PREVIOUS, GQ_REFETCH_FLAGS_NONE, 0, &error);
  assert_result (result, ERROR, IDLE, "{\"pages\": [5], \"pageParams\": [5]}");
  assert_flags (result, "11000100");
  g_clear_pointer (&result, gq_query_result_unref);

  fetcher->fail_calls = 1 << 3;
  result = await_fetch (&env, observer, REFETCH, GQ_REFETCH_FLAGS_NONE, 0, &error);
  assert_result (result, ERROR, IDLE, "{\"pages\": [5], \"pageParams\": [5]}");
  assert_flags (result, "11000001");
  g_assert_true (gq_query_result_get_is_refetch_error (result));
  g_assert_false (gq_query_result_get_is_loading_error (result));
  g_assert_cmpstr (fetcher->log->str, ==, "f5 b4 f5");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  param_func_clear (&previous);
  gq_test_env_clear (&env);
}

/* Without get-previous-page-param there is no previous page: fetching it
 * calls nothing and keeps the data. */
static void
test_no_previous_page_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("no-previous-func");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  assert_current_flags (observer, "10000000");
  before = current_data (observer);

  fetch_and_wait (&env, observer, PREVIOUS, 0);
  after = current_data (observer);
  g_assert_true (before == after);
  g_assert_cmpuint (fetcher->calls, ==, 1);
  assert_current_flags (observer, "10000000");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* Probe S15: with max-pages 3, after pages 0–3 the data is pages 1–3; the
 * previous page then gives 0–2, and a refetch starts at the first page
 * held. */
static void
test_max_pages_drops_opposite_end (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("max-pages-s15");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next, previous;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  param_func_init (&previous, "prev", -1);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  set_previous (options, &previous);
  gq_infinite_query_options_set_max_pages (options, 3);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  for (guint i = 0; i < 3; i++)
    fetch_and_wait (&env, observer, NEXT, 0);
  assert_current_data (observer, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");

  fetch_and_wait (&env, observer, PREVIOUS, 0);
  assert_current_data (observer, "{\"pages\": [0, 1, 2], \"pageParams\": [0, 1, 2]}");

  fetch_and_wait (&env, observer, NEXT, 0);
  assert_current_data (observer, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");
  g_string_truncate (fetcher->log, 0);
  fetch_and_wait (&env, observer, REFETCH, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f3");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  param_func_clear (&previous);
  gq_test_env_clear (&env);
}

/* fetchNextPage with no data yet loads the first page, forward. */
static void
test_fetch_next_page_without_data (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("next-without-data");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next, previous;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  param_func_init (&previous, "prev", -1);
  options = options_new (key, fetcher, "7");
  set_next (options, &next);
  set_previous (options, &previous);
  observer = gq_infinite_query_observer_new (env.client, options);

  fetch_and_wait (&env, observer, PREVIOUS, 0);
  assert_current_data (observer, "{\"pages\": [7], \"pageParams\": [7]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f7");
  assert_current_flags (observer, "11000000");

  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  param_func_clear (&previous);
  gq_test_env_clear (&env);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The page flags are properties, notified when they change. */
static void
test_page_properties (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("page-properties");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  guint has_next_notified = 0;
  guint fetching_next_notified = 0;
  gboolean has_next, fetching_next, refetching, has_previous;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  param_func_init (&next, "next", 1);
  next.has_stop = TRUE;
  next.stop = 2;
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  g_signal_connect (observer, "notify::has-next-page", G_CALLBACK (count_notify), &has_next_notified);
  g_signal_connect (observer, "notify::is-fetching-next-page", G_CALLBACK (count_notify), &fetching_next_notified);
  subscribe (observer);
  gq_test_advance (&env, 10);

  g_object_get (observer, "has-next-page", &has_next, "has-previous-page", &has_previous, NULL);
  g_assert_true (has_next);
  g_assert_false (has_previous);
  g_assert_cmpuint (has_next_notified, ==, 1);
  g_assert_cmpuint (fetching_next_notified, ==, 0);

  gq_infinite_query_observer_fetch_next_page (observer);
  gq_test_flush (&env);
  g_object_get (observer, "is-fetching-next-page", &fetching_next, "is-refetching", &refetching, NULL);
  g_assert_true (fetching_next);
  g_assert_false (refetching);
  g_assert_cmpuint (fetching_next_notified, ==, 1);

  gq_test_advance (&env, 10);
  g_object_get (observer, "is-fetching-next-page", &fetching_next, "has-next-page", &has_next, NULL);
  g_assert_false (fetching_next);
  g_assert_false (has_next);
  g_assert_cmpuint (fetching_next_notified, ==, 2);
  g_assert_cmpuint (has_next_notified, ==, 2);

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

static JsonNode *
object_page (PageFetcher *fetcher,
             guint        call,
             JsonNode    *param)
{
  gint64 n = gq_test_int (param);
  g_autofree char *text = g_strdup_printf ("{\"n\": %" G_GINT64_FORMAT ", \"rev\": %d}",
                                           n, n == 2 ? fetcher->counter : 0);

  return gq_test_json (text);
}

/* A refetch shares structure: equal pages keep their nodes. */
static void
test_refetch_structural_sharing (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("refetch-structural-sharing");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  JsonArray *pages_first, *pages_third;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->data_func = object_page;
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 3);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  first = current_data (observer);

  fetch_and_wait (&env, observer, REFETCH, 0);
  second = current_data (observer);
  g_assert_true (first == second);

  fetcher->counter = 1;
  fetch_and_wait (&env, observer, REFETCH, 0);
  third = current_data (observer);
  g_assert_true (third != first);
  pages_first = json_object_get_array_member (json_node_get_object (first), "pages");
  pages_third = json_object_get_array_member (json_node_get_object (third), "pages");
  g_assert_true (json_array_get_element (pages_first, 0) == json_array_get_element (pages_third, 0));
  g_assert_true (json_array_get_element (pages_first, 1) != json_array_get_element (pages_third, 1));
  g_assert_true (json_array_get_element (pages_first, 2) == json_array_get_element (pages_third, 2));
  g_assert_true (json_object_get_member (json_node_get_object (first), "pageParams") ==
                 json_object_get_member (json_node_get_object (third), "pageParams"));

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* Invalidation and window focus refetch every page. */
static void
test_invalidate_and_focus_refetch_all_pages (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("invalidate-all-pages");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  gq_query_client_mount (env.client);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (options), 1000);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  fetch_and_wait (&env, observer, NEXT, 0);
  fetch_and_wait (&env, observer, NEXT, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f3");
  g_string_truncate (fetcher->log, 0);

  filters = gq_query_filters_new (key);
  gq_query_client_invalidate_queries (env.client, filters);
  gq_test_flush (&env);
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f3");
  g_string_truncate (fetcher->log, 0);

  gq_test_advance (&env, 1001);
  gq_focus_manager_set_focused (env.focus, FALSE);
  gq_focus_manager_set_focused (env.focus, TRUE);
  gq_test_flush (&env);
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f3");
  assert_current_data (observer, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_query_client_unmount (env.client);
  gq_test_env_clear (&env);
}

/* Initial data holds pages: the page functions see them at once. */
static void
test_initial_data_pages (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("initial-data-pages");
  g_autoptr(JsonNode) initial = gq_test_json ("{\"pages\": [5], \"pageParams\": [5]}");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_query_options_set_initial_data (GQ_QUERY_OPTIONS (options), initial);
  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (options), GQ_TIME_INFINITE);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [5], \"pageParams\": [5]}");
  assert_current_flags (observer, "10000000");
  g_assert_cmpuint (fetcher->calls, ==, 0);

  fetch_and_wait (&env, observer, NEXT, 0);
  fetch_and_wait (&env, observer, REFETCH, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f6 f5 f6");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* Reset drops the pages: the observer loads the first page again. */
static void
test_reset_refetches_first_page (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("reset-first-page");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  fetch_and_wait (&env, observer, NEXT, 0);
  assert_current_data (observer, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");

  filters = gq_query_filters_new (key);
  gq_query_client_reset_queries (env.client, filters);
  gq_test_flush (&env);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1], \"pageParams\": [1]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f1");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* Cancelling a refetch between two pages reverts to the pages before it;
 * no later page is asked for. */
static void
test_cancel_mid_sequence_reverts (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("cancel-mid-sequence");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->data_func = versioned_page;
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 3);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 30);
  before = current_data (observer);

  fetcher->counter = 1;
  gq_query_observer_refetch (GQ_QUERY_OBSERVER (observer));
  gq_test_advance (&env, 15);
  g_assert_cmpstr (fetcher->log->str, ==, "f0 f1 f2 f0 f1");
  cancel (&env, key, GQ_CANCEL_FLAGS_NONE);

  result = current (observer);
  assert_result (result, SUCCESS, IDLE, "{\"pages\": [\"a0\", \"a1\", \"a2\"], \"pageParams\": [0, 1, 2]}");
  g_assert_null (gq_query_result_get_error (result));
  after = current_data (observer);
  g_assert_true (before == after);

  gq_test_advance (&env, 100);
  g_assert_cmpuint (fetcher->calls, ==, 5);
  assert_current_data (observer, "{\"pages\": [\"a0\", \"a1\", \"a2\"], \"pageParams\": [0, 1, 2]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* The last observer leaving mid-refetch: with the cancellable asked for,
 * the refetch stops and reverts; without, it runs to its last page and
 * fills the cache. */
static void
unmount_mid_sequence (gboolean use_cancellable)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new (use_cancellable ? "unmount-cancellable" : "unmount-plain");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  GqQueryState *state;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->data_func = versioned_page;
  fetcher->use_cancellable = use_cancellable;
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 3);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 30);

  fetcher->counter = 1;
  gq_query_observer_refetch (GQ_QUERY_OBSERVER (observer));
  gq_test_advance (&env, 15);
  unsubscribe (observer);
  gq_test_advance (&env, 100);

  state = gq_test_state_of (&env, key);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, IDLE);
  g_assert_cmpint (gq_query_state_get_status (state), ==, SUCCESS);
  if (use_cancellable)
    {
      g_assert_cmpuint (fetcher->calls, ==, 5);
      gq_assert_json (gq_query_state_get_data (state), "{\"pages\": [\"a0\", \"a1\", \"a2\"], \"pageParams\": [0, 1, 2]}");
    }
  else
    {
      g_assert_cmpuint (fetcher->calls, ==, 6);
      gq_assert_json (gq_query_state_get_data (state), "{\"pages\": [\"b0\", \"b1\", \"b2\"], \"pageParams\": [0, 1, 2]}");
    }

  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

static void
test_unmount_mid_sequence_cancellable (void)
{
  unmount_mid_sequence (TRUE);
}

static void
test_unmount_mid_sequence_plain (void)
{
  unmount_mid_sequence (FALSE);
}

/* A retry of a refetch resumes at the page that failed, keeping the
 * pages fetched before it. */
static void
test_retry_resumes_at_failed_page (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("retry-resumes");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqTestRecorder) recorder = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->data_func = versioned_page;
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 3);
  gq_query_options_set_retry (GQ_QUERY_OPTIONS (options), 1);
  gq_query_options_set_retry_delay (GQ_QUERY_OPTIONS (options), 5);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 30);

  fetcher->counter = 1;
  fetcher->fail_calls = 1 << 5;
  recorder = gq_test_recorder_new (GQ_QUERY_OBSERVER (observer));
  gq_query_observer_refetch (GQ_QUERY_OBSERVER (observer));
  gq_test_advance (&env, 20);
  /* the second page failed at 20 ms; the retry waits 5 ms */
  g_assert_cmpuint (gq_query_result_get_failure_count (recorded (recorder, recorder->results->len - 1)), ==, 1);
  gq_test_advance (&env, 25);

  g_assert_cmpstr (fetcher->log->str, ==, "f0 f1 f2 f0 f1 f1 f2");
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [\"b0\", \"b1\", \"b2\"], \"pageParams\": [0, 1, 2]}");

  g_clear_pointer (&recorder, gq_test_recorder_free);
  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* A page failing mid-refetch once retries are spent: the query is in
 * error with every old page kept, nothing half-written. */
static void
test_refetch_failure_keeps_old_pages (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("refetch-failure-keeps");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(JsonNode) before = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->data_func = versioned_page;
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 3);
  gq_query_options_set_retry (GQ_QUERY_OPTIONS (options), 1);
  gq_query_options_set_retry_delay (GQ_QUERY_OPTIONS (options), 0);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  before = current_data (observer);

  fetcher->counter = 1;
  fetcher->fail_calls = (1 << 5) | (1 << 6);
  result = await_fetch (&env, observer, REFETCH, GQ_REFETCH_FLAGS_NONE, 1, NULL);

  assert_result (result, ERROR, IDLE, "{\"pages\": [\"a0\", \"a1\", \"a2\"], \"pageParams\": [0, 1, 2]}");
  g_assert_true (gq_query_result_get_data (result) == before);
  g_assert_error (gq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_query_result_get_error (result)->message, ==, "page failure 6");
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 2);
  assert_flags (result, "10000001");
  g_assert_cmpstr (fetcher->log->str, ==, "f0 f1 f2 f0 f1 f1");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* The pages option holds for an observer's first load too. */
static void
test_pages_option_first_load (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("pages-option-first-load");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 2);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 4);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  assert_current_data (observer, "{\"pages\": [0, 2, 4, 6], \"pageParams\": [0, 2, 4, 6]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* The loop of a first load (or a refetch) grows its pages one at a time,
 * dropping from the start past max-pages as TanStack's addToEnd does, and
 * getNextPageParam sees the pages fetched so far; the data written at the
 * end is sealed. */
static void
test_pages_option_loop_max_pages (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("pages-option-loop-max-pages");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(JsonNode) data = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 2);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  gq_infinite_query_options_set_pages (options, 4);
  gq_infinite_query_options_set_max_pages (options, 2);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);

  assert_current_data (observer, "{\"pages\": [4, 6], \"pageParams\": [4, 6]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f0 f2 f4 f6");
  /* Three calls in the loop, then the observer's has-next-page. */
  g_assert_cmpstr (next.all->str, ==, "next0 next0,2 next2,4 next4,6");
  data = current_data (observer);
  g_assert_true (json_node_is_immutable (data));
  g_assert_true (json_node_is_immutable (json_object_get_member (json_node_get_object (data), "pages")));
  g_assert_true (json_node_is_immutable (json_object_get_member (json_node_get_object (data), "pageParams")));

  /* A refetch goes through the loop again, from the first page held. */
  g_string_truncate (fetcher->log, 0);
  fetch_and_wait (&env, observer, REFETCH, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f4 f6 f8 f10");
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [8, 10], \"pageParams\": [8, 10]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* useInfiniteQuery: should silently cancel an ongoing fetchNextPage
 * request when another fetchNextPage is invoked */
static void
test_fetch_next_page_twice_cancels_first (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("next-twice");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  GqFetchContext *first_next;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  fetcher->use_cancellable = TRUE;
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "0");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 10);

  gq_infinite_query_observer_fetch_next_page (observer);
  gq_test_advance (&env, 5);
  first_next = fetcher->last_context;
  g_assert_false (g_cancellable_is_cancelled (gq_fetch_context_get_cancellable (first_next)));
  gq_infinite_query_observer_fetch_next_page (observer);
  g_assert_true (g_cancellable_is_cancelled (gq_fetch_context_get_cancellable (first_next)));
  g_assert_false (g_cancellable_is_cancelled (gq_fetch_context_get_cancellable (fetcher->last_context)));

  gq_test_advance (&env, 10);
  g_assert_cmpstr (fetcher->log->str, ==, "f0 f1 f1");
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [0, 1], \"pageParams\": [0, 1]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

static JsonNode *
falsy_next_param (JsonNode *page,
                  JsonNode *all_pages,
                  JsonNode *page_param,
                  JsonNode *all_page_params,
                  gpointer  user_data)
{
  const char * const *params = user_data;
  guint n = json_array_get_length (json_node_get_array (all_pages));

  return params[n - 1] ? gq_test_json (params[n - 1]) : NULL;
}

/* useInfiniteQuery: should compute hasNextPage correctly for falsy
 * getFetchMore return value: 0, false and "" are parameters, only null
 * ends the pages. */
static void
test_falsy_page_params (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("falsy-params");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  static const char * const params[] = { "0", "false", "\"\"", "null", NULL };

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->as_string = TRUE;
  options = options_new (key, fetcher, "1");
  gq_infinite_query_options_set_get_next_page_param_func (options, falsy_next_param, (gpointer) params, NULL);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);

  for (guint i = 0; i < 3; i++)
    {
      assert_current_flags (observer, "10000000");
      fetch_and_wait (&env, observer, NEXT, 0);
    }

  assert_current_flags (observer, "00000000");
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f0 ffalse f\"\"");
  assert_current_data (observer,
                       "{\"pages\": [\"1\", \"0\", \"false\", \"\\\"\\\"\"], \"pageParams\": [1, 0, false, \"\"]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  gq_test_env_clear (&env);
}

/* useInfiniteQuery: should be able to set new pages with the query client;
 * the page flags follow. */
static void
test_set_pages_with_client (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("set-pages");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  next.has_stop = TRUE;
  next.stop = 3;
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (options), GQ_TIME_INFINITE);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  assert_current_flags (observer, "10000000");

  gq_test_set_data (&env, key, "{\"pages\": [7, 8], \"pageParams\": [7, 8]}");
  gq_test_flush (&env);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [7, 8], \"pageParams\": [7, 8]}");
  assert_current_flags (observer, "00000000");

  /* A refetch starts from the pages set. */
  fetch_and_wait (&env, observer, REFETCH, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f7");
  assert_current_data (observer, "{\"pages\": [7], \"pageParams\": [7]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* Keeping the previous key's pages as placeholder data while the new key
 * loads: has-next-page looks at the new query's data, which is none. */
static void
test_keep_previous_pages_on_key_change (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) first_key = key_new ("keep-previous-a");
  g_autoptr(JsonNode) second_key = key_new ("keep-previous-b");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryOptions *second;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 10);
  param_func_init (&next, "next", 1);
  options = options_new (first_key, fetcher, "1");
  set_next (options, &next);
  gq_query_options_set_keep_previous_data (GQ_QUERY_OPTIONS (options), TRUE);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_advance (&env, 10);

  second = options_new (second_key, fetcher, "100");
  set_next (second, &next);
  gq_query_options_set_keep_previous_data (GQ_QUERY_OPTIONS (second), TRUE);
  gq_query_observer_set_options (GQ_QUERY_OBSERVER (observer), GQ_QUERY_OPTIONS (second));
  gq_test_flush (&env);

  result = current (observer);
  assert_result (result, SUCCESS, FETCHING, "{\"pages\": [1], \"pageParams\": [1]}");
  g_assert_true (gq_query_result_get_is_placeholder_data (result));
  assert_flags (result, "00000010");
  g_clear_pointer (&result, gq_query_result_unref);

  gq_test_advance (&env, 10);
  result = current (observer);
  assert_result (result, SUCCESS, IDLE, "{\"pages\": [100], \"pageParams\": [100]}");
  g_assert_false (gq_query_result_get_is_placeholder_data (result));
  assert_flags (result, "10000000");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  g_object_unref (second);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* ---- the refetch-pages policy ------------------------------------------ */

/* FIRST: a refetch fetches the first page only and drops the others; the
 * next page then follows the first page's fresh cursor. */
static void
test_refetch_pages_first (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("refetch-pages-first");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryFilters) filters = NULL;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  fetcher->counter = 1;
  options = cursor_options (key, fetcher, NULL);
  gq_infinite_query_options_set_refetch_pages (options, GQ_REFETCH_PAGES_FIRST);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  fetch_and_wait (&env, observer, NEXT, 0);
  fetch_and_wait (&env, observer, NEXT, 0);
  g_assert_cmpuint (fetcher->calls, ==, 3);

  fetcher->counter = 2;
  g_string_truncate (fetcher->log, 0);
  fetch_and_wait (&env, observer, REFETCH, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f\"a\"");
  assert_current (observer, SUCCESS, IDLE,
                  "{\"pages\": [{\"id\": \"a\", \"version\": 2, \"next\": \"b2\"}], \"pageParams\": [\"a\"]}");
  assert_current_flags (observer, "10000000");

  fetch_and_wait (&env, observer, NEXT, 0);
  g_assert_cmpstr (fetcher->log->str, ==, "f\"a\" f\"b2\"");

  /* Any refetch: an invalidation too. */
  g_string_truncate (fetcher->log, 0);
  filters = gq_query_filters_new (key);
  gq_query_client_invalidate_queries (env.client, filters);
  gq_test_flush (&env);
  g_assert_cmpstr (fetcher->log->str, ==, "f\"a\"");
  assert_current_data (observer,
                       "{\"pages\": [{\"id\": \"a\", \"version\": 2, \"next\": \"b2\"}], \"pageParams\": [\"a\"]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  gq_test_env_clear (&env);
}

/* NONE: a refetch keeps the pages and calls nothing; the fetch succeeds
 * with the pages as they are, which count as fresh. */
static void
test_refetch_pages_none (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("refetch-pages-none");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  GqQueryState *state;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_infinite_query_options_set_refetch_pages (options, GQ_REFETCH_PAGES_NONE);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  fetch_and_wait (&env, observer, NEXT, 0);
  before = current_data (observer);
  g_assert_cmpuint (fetcher->calls, ==, 2);

  gq_test_advance (&env, 100);
  filters = gq_query_filters_new (key);
  gq_query_client_invalidate_queries (env.client, filters);
  gq_test_flush (&env);
  fetch_and_wait (&env, observer, REFETCH, 0);

  g_assert_cmpuint (fetcher->calls, ==, 2);
  after = current_data (observer);
  g_assert_true (before == after);
  state = gq_test_state_of (&env, key);
  g_assert_false (gq_query_state_get_is_invalidated (state));
  g_assert_cmpint (gq_query_state_get_data_updated_at (state), ==, gq_test_now (&env));
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");

  /* Loading more still works. */
  fetch_and_wait (&env, observer, NEXT, 0);
  assert_current_data (observer, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* The pages option, when set, wins over the policy; without pages the
 * policy does not stop a first load. */
static void
test_refetch_pages_with_pages_option (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("refetch-pages-pages");
  g_autoptr(JsonNode) other = key_new ("refetch-pages-first-load");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(GqInfiniteQueryOptions) none = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(GError) error = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_infinite_query_options_set_refetch_pages (options, GQ_REFETCH_PAGES_FIRST);
  gq_infinite_query_options_set_pages (options, 3);

  data = fetch_infinite (&env, options, 0, &error);
  g_assert_no_error (error);
  gq_assert_json (data, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");
  gq_test_advance (&env, 10);
  again = fetch_infinite (&env, options, 0, &error);
  g_assert_no_error (error);
  gq_assert_json (again, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");
  g_assert_cmpuint (fetcher->calls, ==, 6);

  none = options_new (other, fetcher, "1");
  set_next (none, &next);
  gq_infinite_query_options_set_refetch_pages (none, GQ_REFETCH_PAGES_NONE);
  first = fetch_infinite (&env, none, 0, &error);
  g_assert_no_error (error);
  gq_assert_json (first, "{\"pages\": [1], \"pageParams\": [1]}");
  g_assert_cmpuint (fetcher->calls, ==, 7);

  g_clear_object (&options);
  g_clear_object (&none);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* The policy can come from the key's defaults, set once for a family of
 * lists. */
static void
test_refetch_pages_from_query_defaults (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) prefix = key_new ("feed");
  g_autoptr(JsonNode) key = gq_key_new ("feed", "home", NULL);
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) defaults = NULL;
  g_autoptr(GqQueryOptions) merged = NULL;
  g_autoptr(GqQueryResult) result = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);

  defaults = gq_infinite_query_options_new (NULL, NULL);
  gq_infinite_query_options_set_refetch_pages (defaults, GQ_REFETCH_PAGES_FIRST);
  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (defaults), 5000);
  gq_query_client_set_query_defaults (env.client, prefix, GQ_QUERY_OPTIONS (defaults));

  merged = gq_query_client_get_query_defaults (env.client, key);
  g_assert_true (GQ_IS_INFINITE_QUERY_OPTIONS (merged));
  g_assert_cmpint (gq_infinite_query_options_get_refetch_pages (GQ_INFINITE_QUERY_OPTIONS (merged)), ==,
                   GQ_REFETCH_PAGES_FIRST);

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  fetch_and_wait (&env, observer, NEXT, 0);
  fetch_and_wait (&env, observer, NEXT, 0);
  assert_current_data (observer, "{\"pages\": [1, 2, 3], \"pageParams\": [1, 2, 3]}");
  /* the stale time came with them */
  result = current (observer);
  g_assert_false (gq_query_result_get_is_stale (result));

  fetch_and_wait (&env, observer, REFETCH, 0);
  assert_current_data (observer, "{\"pages\": [1], \"pageParams\": [1]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f1 f2 f3 f1");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* ---- bad input ---------------------------------------------------------- */

/* A page function resolving without data (JSON has no undefined): a clear
 * error, the pages kept. */
static void
test_bad_page_resolves_undefined (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("bad-page-undefined");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_query_options_set_retry (GQ_QUERY_OPTIONS (options), 0);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);

  fetcher->resolve_null = TRUE;
  result = await_fetch (&env, observer, NEXT, GQ_REFETCH_FLAGS_NONE, 0, NULL);
  assert_result (result, ERROR, IDLE, "{\"pages\": [1], \"pageParams\": [1]}");
  g_assert_error (gq_query_result_get_error (result), GQ_ERROR, GQ_ERROR_UNDEFINED_DATA);
  g_assert_nonnull (strstr (gq_query_result_get_error (result)->message, "[\"bad-page-undefined\"]"));
  assert_flags (result, "10001000");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* Pages without their page parameters: TanStack would throw; here every
 * infinite fetch of them fails with GQ_ERROR_INVALID_INFINITE_DATA, the
 * data untouched and no page function called. */
static void
malformed_data (const char *text,
                FetchKind   kind)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("bad-malformed");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  g_autoptr(GqQueryResult) result = NULL;
  g_autoptr(JsonNode) before = NULL;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  gq_test_set_data (&env, key, text);
  before = gq_query_client_get_query_data (env.client, key);

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_query_options_set_retry (GQ_QUERY_OPTIONS (options), 0);
  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (options), GQ_TIME_INFINITE);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  assert_current_flags (observer, "00000000");

  result = await_fetch (&env, observer, kind, GQ_REFETCH_FLAGS_NONE, 0, NULL);
  assert_result (result, ERROR, IDLE, text);
  g_assert_true (gq_query_result_get_data (result) == before);
  g_assert_error (gq_query_result_get_error (result), GQ_ERROR, GQ_ERROR_INVALID_INFINITE_DATA);
  g_assert_nonnull (strstr (gq_query_result_get_error (result)->message, "[\"bad-malformed\"]"));
  g_assert_cmpuint (fetcher->calls, ==, 0);
  g_assert_cmpuint (next.calls, ==, 0);

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

static void
test_bad_pages_without_params (void)
{
  malformed_data ("{\"pages\": [1, 2]}", NEXT);
}

static void
test_bad_pages_params_length_mismatch (void)
{
  malformed_data ("{\"pages\": [1, 2], \"pageParams\": [1]}", REFETCH);
}

/* Data of another shape has no pages, as TanStack reads it: a fetch loads
 * the first page in its place. */
static void
test_bad_data_of_another_shape (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("bad-other-shape");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;
  ParamFunc next;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  param_func_init (&next, "next", 1);
  gq_test_set_data (&env, key, "[\"a\", \"plain\", \"list\"]");

  options = options_new (key, fetcher, "1");
  set_next (options, &next);
  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (options), GQ_TIME_INFINITE);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  assert_current (observer, SUCCESS, IDLE, "[\"a\", \"plain\", \"list\"]");
  assert_current_flags (observer, "00000000");
  g_assert_cmpuint (next.calls, ==, 0);

  fetch_and_wait (&env, observer, NEXT, 0);
  assert_current (observer, SUCCESS, IDLE, "{\"pages\": [1], \"pageParams\": [1]}");
  g_assert_cmpstr (fetcher->log->str, ==, "f1");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  param_func_clear (&next);
  gq_test_env_clear (&env);
}

/* A fetch needing the next page's parameter without a function to give
 * it: GQ_ERROR_MISSING_PAGE_PARAM_FUNC (TanStack throws a TypeError), the
 * cached pages kept. */
static void
test_bad_missing_next_page_param_func (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("bad-missing-next");
  g_autoptr(JsonNode) cached = key_new ("bad-missing-next-cached");
  g_autoptr(PageFetcher) fetcher = NULL;
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(GqInfiniteQueryOptions) cached_options = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GqQueryState *state;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  options = options_new (key, fetcher, "1");
  gq_infinite_query_options_set_pages (options, 3);

  data = fetch_infinite (&env, options, 0, &error);
  g_assert_null (data);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_MISSING_PAGE_PARAM_FUNC);
  g_assert_nonnull (strstr (error->message, "[\"bad-missing-next\"]"));
  g_assert_cmpuint (fetcher->calls, ==, 1);
  g_assert_false (gq_query_state_has_data (gq_test_state_of (&env, key)));
  g_clear_error (&error);

  gq_test_set_data (&env, cached, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");
  cached_options = options_new (cached, fetcher, "1");
  data = fetch_infinite (&env, cached_options, 0, &error);
  g_assert_null (data);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_MISSING_PAGE_PARAM_FUNC);
  g_assert_cmpuint (fetcher->calls, ==, 2);
  state = gq_test_state_of (&env, cached);
  g_assert_cmpint (gq_query_state_get_status (state), ==, ERROR);
  gq_assert_json (gq_query_state_get_data (state), "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");

  g_clear_object (&options);
  g_clear_object (&cached_options);
  gq_test_env_clear (&env);
}

static JsonNode *kept_param;

static JsonNode *
next_param_kept_mutable (JsonNode *page,
                         JsonNode *all_pages,
                         JsonNode *page_param,
                         JsonNode *all_page_params,
                         gpointer  user_data)
{
  g_clear_pointer (&kept_param, json_node_unref);
  kept_param = json_node_init_int (json_node_alloc (), gq_test_int (page_param) + 1);

  return json_node_ref (kept_param);
}

/* A page parameter the function still holds and changes afterwards does
 * not change the stored page parameters: the engine keeps a sealed copy. */
static void
test_bad_mutable_page_param (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("bad-mutable-param");
  g_autoptr(PageFetcher) fetcher = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;

  gq_test_env_init (&env);
  fetcher = page_fetcher_new (&env, 0);
  options = options_new (key, fetcher, "1");
  gq_infinite_query_options_set_get_next_page_param_func (options, next_param_kept_mutable, NULL, NULL);
  observer = gq_infinite_query_observer_new (env.client, options);
  subscribe (observer);
  gq_test_flush (&env);
  fetch_and_wait (&env, observer, NEXT, 0);
  assert_current_data (observer, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");

  json_node_set_int (kept_param, 99);
  assert_current_data (observer, "{\"pages\": [1, 2], \"pageParams\": [1, 2]}");

  unsubscribe (observer);
  g_object_unref (observer);
  g_object_unref (options);
  g_clear_pointer (&kept_param, json_node_unref);
  gq_test_env_clear (&env);
}

/* An infinite observer takes infinite options only. */
static void
test_bad_plain_options_for_infinite_observer (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("bad-plain-options");
  g_autoptr(GqQueryOptions) plain = NULL;
  GqInfiniteQueryOptions *options;
  GqInfiniteQueryObserver *observer;

  gq_test_env_init (&env);
  options = options_new (key, NULL, "1");
  observer = gq_infinite_query_observer_new (env.client, options);
  plain = gq_query_options_new (key);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*options_type*");
  gq_query_observer_set_options (GQ_QUERY_OBSERVER (observer), plain);
  g_test_assert_expected_messages ();
  g_assert_true (gq_query_observer_get_options (GQ_QUERY_OBSERVER (observer)) == GQ_QUERY_OPTIONS (options));

  g_object_unref (observer);
  g_object_unref (options);
  g_clear_object (&plain);
  gq_test_env_clear (&env);
}

/* ---- options ------------------------------------------------------------ */

static JsonNode *
noop_param (JsonNode *page,
            JsonNode *all_pages,
            JsonNode *page_param,
            JsonNode *all_page_params,
            gpointer  user_data)
{
  return NULL;
}

static void
count_destroy (gpointer data)
{
  (*(guint *) data)++;
}

/* Construction with properties (as Python does), is_set, defaults. */
static void
test_options_properties (void)
{
  g_autoptr(JsonNode) key = key_new ("options-properties");
  g_autoptr(JsonNode) param = gq_test_json ("{\"cursor\": null}");
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(GqInfiniteQueryOptions) blank = NULL;
  g_autoptr(JsonNode) got = NULL;
  guint max_pages, pages;
  GqRefetchPages refetch_pages;
  gint64 stale_time;

  options = g_object_new (GQ_TYPE_INFINITE_QUERY_OPTIONS,
                          "query-key", key,
                          "initial-page-param", param,
                          "max-pages", 4,
                          "pages", 2,
                          "refetch-pages", GQ_REFETCH_PAGES_FIRST,
                          "stale-time", (gint64) 100,
                          NULL);
  g_object_get (options,
                "initial-page-param", &got,
                "max-pages", &max_pages,
                "pages", &pages,
                "refetch-pages", &refetch_pages,
                "stale-time", &stale_time,
                NULL);
  gq_assert_json (got, "{\"cursor\": null}");
  g_assert_cmpuint (max_pages, ==, 4);
  g_assert_cmpuint (pages, ==, 2);
  g_assert_cmpint (refetch_pages, ==, GQ_REFETCH_PAGES_FIRST);
  g_assert_cmpint (stale_time, ==, 100);

  g_assert_true (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "initial-page-param"));
  g_assert_true (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "max_pages"));
  g_assert_true (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "pages"));
  g_assert_true (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "refetch-pages"));
  g_assert_true (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "stale-time"));
  g_assert_false (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "get-next-page-param-func"));
  gq_infinite_query_options_set_get_next_page_param_func (options, noop_param, NULL, NULL);
  g_assert_true (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "get-next-page-param-func"));
  g_assert_false (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "get-previous-page-param-func"));

  /* pages 0 and a NULL parameter unset. */
  gq_infinite_query_options_set_pages (options, 0);
  gq_infinite_query_options_set_initial_page_param (options, NULL);
  g_assert_false (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "pages"));
  g_assert_false (gq_query_options_is_set (GQ_QUERY_OPTIONS (options), "initial-page-param"));

  blank = gq_infinite_query_options_new (NULL, NULL);
  g_assert_null (gq_infinite_query_options_get_initial_page_param (blank));
  g_assert_cmpuint (gq_infinite_query_options_get_max_pages (blank), ==, 0);
  g_assert_cmpuint (gq_infinite_query_options_get_pages (blank), ==, 0);
  g_assert_cmpint (gq_infinite_query_options_get_refetch_pages (blank), ==, GQ_REFETCH_PAGES_ALL);
  g_assert_false (gq_query_options_is_set (GQ_QUERY_OPTIONS (blank), "refetch-pages"));
}

/* Copies and the client's defaults keep infinite options infinite, with
 * their values and their functions (destroyed once). */
static void
test_options_copy_and_defaults (void)
{
  GqTestEnv env;
  g_autoptr(JsonNode) key = key_new ("options-copy");
  g_autoptr(JsonNode) param = gq_test_json ("0");
  g_autoptr(GqQueryOptions) client_defaults = NULL;
  GqInfiniteQueryOptions *options;
  GqQueryOptions *copy;
  GqQueryOptions *defaulted;
  guint destroyed = 0;

  gq_test_env_init (&env);
  client_defaults = gq_query_options_new (NULL);
  gq_query_options_set_gc_time (client_defaults, 1234);
  gq_query_client_set_default_options (env.client, client_defaults);

  options = gq_infinite_query_options_new (key, param);
  gq_infinite_query_options_set_max_pages (options, 5);
  gq_infinite_query_options_set_get_next_page_param_func (options, noop_param, &destroyed, count_destroy);

  copy = gq_query_options_copy (GQ_QUERY_OPTIONS (options));
  g_assert_true (GQ_IS_INFINITE_QUERY_OPTIONS (copy));
  g_assert_cmpuint (gq_infinite_query_options_get_max_pages (GQ_INFINITE_QUERY_OPTIONS (copy)), ==, 5);
  g_assert_true (gq_infinite_query_options_get_initial_page_param (GQ_INFINITE_QUERY_OPTIONS (copy)) ==
                 gq_infinite_query_options_get_initial_page_param (options));
  g_assert_true (gq_query_options_is_set (copy, "get-next-page-param-func"));
  g_assert_true (_gq_query_options_shallow_equal (copy, GQ_QUERY_OPTIONS (options)));

  defaulted = _gq_query_client_default_query_options (env.client, GQ_QUERY_OPTIONS (options));
  g_assert_true (GQ_IS_INFINITE_QUERY_OPTIONS (defaulted));
  g_assert_cmpint (gq_query_options_get_gc_time (defaulted), ==, 1234);
  g_assert_cmpuint (gq_infinite_query_options_get_max_pages (GQ_INFINITE_QUERY_OPTIONS (defaulted)), ==, 5);

  /* A change of an infinite option is a change of the options. */
  gq_infinite_query_options_set_max_pages (GQ_INFINITE_QUERY_OPTIONS (copy), 6);
  g_assert_false (_gq_query_options_shallow_equal (copy, GQ_QUERY_OPTIONS (options)));
  /* Infinite and plain options never compare equal. */
  g_assert_false (_gq_query_options_shallow_equal (client_defaults, GQ_QUERY_OPTIONS (options)));

  g_object_unref (copy);
  g_object_unref (defaulted);
  g_assert_cmpuint (destroyed, ==, 0);
  g_object_unref (options);
  g_assert_cmpuint (destroyed, ==, 1);
  gq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* infiniteQueryBehavior.test.tsx */
  g_test_add_func ("/Gq/InfiniteQuery/Behavior/missing-query-func", test_behavior_missing_query_func);
  g_test_add_func ("/Gq/InfiniteQuery/Behavior/max-pages", test_behavior_max_pages);
  g_test_add_func ("/Gq/InfiniteQuery/Behavior/cancellation", test_behavior_cancellation);
  g_test_add_func ("/Gq/InfiniteQuery/Behavior/no-refetch-after-cancel", test_behavior_no_refetch_after_cancel);
  g_test_add_func ("/Gq/InfiniteQuery/Behavior/cancel-between-pages", test_behavior_cancel_between_pages);
  g_test_add_func ("/Gq/InfiniteQuery/Behavior/retry-no-infinite-loop", test_behavior_retry_no_infinite_loop);
  g_test_add_func ("/Gq/InfiniteQuery/Behavior/initial-page-param-null", test_behavior_initial_page_param_null);
  g_test_add_func ("/Gq/InfiniteQuery/Behavior/next-param-null-no-fetch", test_behavior_next_param_null_no_fetch);

  /* infiniteQueryObserver.test.tsx */
  g_test_add_func ("/Gq/InfiniteQuery/Observer/select", test_observer_select);
  g_test_add_func ("/Gq/InfiniteQuery/Observer/meta", test_observer_meta);
  g_test_add_func ("/Gq/InfiniteQuery/Observer/page-param-funcs-receive-params", test_observer_page_param_funcs_receive_params);
  g_test_add_func ("/Gq/InfiniteQuery/Observer/no-page-param-calls-on-empty-pages", test_observer_no_page_param_calls_on_empty_pages);
  g_test_add_func ("/Gq/InfiniteQuery/Observer/stop-refetching-undefined", test_observer_stop_refetching_undefined);
  g_test_add_func ("/Gq/InfiniteQuery/Observer/stop-refetching-null", test_observer_stop_refetching_null);
  g_test_add_func ("/Gq/InfiniteQuery/Observer/initial-result", test_observer_initial_result);

  /* queryClient.test.tsx */
  g_test_add_func ("/Gq/InfiniteQuery/Client/fetch-infinite-query", test_client_fetch_infinite_query);
  g_test_add_func ("/Gq/InfiniteQuery/Client/fetch-infinite-query-without-next", test_client_fetch_infinite_query_without_next);
  g_test_add_func ("/Gq/InfiniteQuery/Client/prefetch-infinite-query", test_client_prefetch_infinite_query);
  g_test_add_func ("/Gq/InfiniteQuery/Client/prefetch-multiple-pages", test_client_prefetch_multiple_pages);
  g_test_add_func ("/Gq/InfiniteQuery/Client/prefetch-stops-at-last-page", test_client_prefetch_stops_at_last_page);
  g_test_add_func ("/Gq/InfiniteQuery/Client/ensure-cached", test_client_ensure_cached);
  g_test_add_func ("/Gq/InfiniteQuery/Client/ensure-fetches", test_client_ensure_fetches);
  g_test_add_func ("/Gq/InfiniteQuery/Client/ensure-revalidate-if-stale", test_client_ensure_revalidate_if_stale);
  g_test_add_func ("/Gq/InfiniteQuery/Client/static-stale-time-cached", test_client_static_stale_time_cached);
  g_test_add_func ("/Gq/InfiniteQuery/Client/static-stale-time-fetches", test_client_static_stale_time_fetches);
  g_test_add_func ("/Gq/InfiniteQuery/Client/fetch-infinite-query-error", test_client_fetch_infinite_query_error);
  g_test_add_func ("/Gq/InfiniteQuery/Client/fetch-query-takes-infinite-options", test_client_fetch_query_takes_infinite_options);

  /* semantics reference §2.16 */
  g_test_add_func ("/Gq/InfiniteQuery/refetch-uses-fresh-cursors", test_refetch_uses_fresh_cursors);
  g_test_add_func ("/Gq/InfiniteQuery/refetch-writes-cache-once", test_refetch_writes_cache_once);
  g_test_add_func ("/Gq/InfiniteQuery/refetch-fewer-pages", test_refetch_fewer_pages);
  g_test_add_func ("/Gq/InfiniteQuery/fetch-next-page-cancels-refetch", test_fetch_next_page_cancels_refetch);
  g_test_add_func ("/Gq/InfiniteQuery/fetch-next-page-no-cancel-joins", test_fetch_next_page_no_cancel_joins);
  g_test_add_func ("/Gq/InfiniteQuery/fetch-next-page-during-first-load", test_fetch_next_page_during_first_load);
  g_test_add_func ("/Gq/InfiniteQuery/page-fetch-flags", test_page_fetch_flags);
  g_test_add_func ("/Gq/InfiniteQuery/fetch-next-page-error", test_fetch_next_page_error);
  g_test_add_func ("/Gq/InfiniteQuery/fetch-previous-page-and-refetch-errors", test_fetch_previous_page_and_refetch_errors);
  g_test_add_func ("/Gq/InfiniteQuery/no-previous-page-func", test_no_previous_page_func);
  g_test_add_func ("/Gq/InfiniteQuery/max-pages-drops-opposite-end", test_max_pages_drops_opposite_end);
  g_test_add_func ("/Gq/InfiniteQuery/fetch-next-page-without-data", test_fetch_next_page_without_data);
  g_test_add_func ("/Gq/InfiniteQuery/page-properties", test_page_properties);
  g_test_add_func ("/Gq/InfiniteQuery/refetch-structural-sharing", test_refetch_structural_sharing);
  g_test_add_func ("/Gq/InfiniteQuery/invalidate-and-focus-refetch-all-pages", test_invalidate_and_focus_refetch_all_pages);
  g_test_add_func ("/Gq/InfiniteQuery/initial-data-pages", test_initial_data_pages);
  g_test_add_func ("/Gq/InfiniteQuery/reset-refetches-first-page", test_reset_refetches_first_page);
  g_test_add_func ("/Gq/InfiniteQuery/cancel-mid-sequence-reverts", test_cancel_mid_sequence_reverts);
  g_test_add_func ("/Gq/InfiniteQuery/unmount-mid-sequence-cancellable", test_unmount_mid_sequence_cancellable);
  g_test_add_func ("/Gq/InfiniteQuery/unmount-mid-sequence-plain", test_unmount_mid_sequence_plain);
  g_test_add_func ("/Gq/InfiniteQuery/retry-resumes-at-failed-page", test_retry_resumes_at_failed_page);
  g_test_add_func ("/Gq/InfiniteQuery/refetch-failure-keeps-old-pages", test_refetch_failure_keeps_old_pages);
  g_test_add_func ("/Gq/InfiniteQuery/pages-option-first-load", test_pages_option_first_load);
  g_test_add_func ("/Gq/InfiniteQuery/pages-option-loop-max-pages", test_pages_option_loop_max_pages);
  g_test_add_func ("/Gq/InfiniteQuery/fetch-next-page-twice-cancels-first", test_fetch_next_page_twice_cancels_first);
  g_test_add_func ("/Gq/InfiniteQuery/falsy-page-params", test_falsy_page_params);
  g_test_add_func ("/Gq/InfiniteQuery/set-pages-with-client", test_set_pages_with_client);
  g_test_add_func ("/Gq/InfiniteQuery/keep-previous-pages-on-key-change", test_keep_previous_pages_on_key_change);

  /* the refetch-pages policy */
  g_test_add_func ("/Gq/InfiniteQuery/RefetchPages/first", test_refetch_pages_first);
  g_test_add_func ("/Gq/InfiniteQuery/RefetchPages/none", test_refetch_pages_none);
  g_test_add_func ("/Gq/InfiniteQuery/RefetchPages/pages-option-wins", test_refetch_pages_with_pages_option);
  g_test_add_func ("/Gq/InfiniteQuery/RefetchPages/from-query-defaults", test_refetch_pages_from_query_defaults);

  /* bad input */
  g_test_add_func ("/Gq/InfiniteQuery/Bad/page-resolves-undefined", test_bad_page_resolves_undefined);
  g_test_add_func ("/Gq/InfiniteQuery/Bad/pages-without-params", test_bad_pages_without_params);
  g_test_add_func ("/Gq/InfiniteQuery/Bad/pages-params-length-mismatch", test_bad_pages_params_length_mismatch);
  g_test_add_func ("/Gq/InfiniteQuery/Bad/data-of-another-shape", test_bad_data_of_another_shape);
  g_test_add_func ("/Gq/InfiniteQuery/Bad/missing-next-page-param-func", test_bad_missing_next_page_param_func);
  g_test_add_func ("/Gq/InfiniteQuery/Bad/mutable-page-param", test_bad_mutable_page_param);
  g_test_add_func ("/Gq/InfiniteQuery/Bad/plain-options-for-infinite-observer", test_bad_plain_options_for_infinite_observer);

  /* options */
  g_test_add_func ("/Gq/InfiniteQuery/Options/properties", test_options_properties);
  g_test_add_func ("/Gq/InfiniteQuery/Options/copy-and-defaults", test_options_copy_and_defaults);

  return g_test_run ();
}
