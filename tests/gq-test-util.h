/* gq-test-util.h: shared fixtures of the engine tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gquery.h"

G_BEGIN_DECLS

#define GQ_TEST_START_TIME ((gint64) 1000000)

/* A client on a manual scheduler and managers the test drives. */
typedef struct
{
  GqQueryClient     *client;
  GqManualScheduler *scheduler;
  GqFocusManager    *focus;
  GqOnlineManager   *online;
} GqTestEnv;

void gq_test_env_init      (GqTestEnv *env);
void gq_test_env_clear     (GqTestEnv *env);
void gq_test_advance       (GqTestEnv *env,
                            gint64     ms);
void gq_test_flush         (GqTestEnv *env);
gint64 gq_test_now         (GqTestEnv *env);

GqQueryCache *gq_test_cache      (GqTestEnv *env);
/* The query of @key in the env's cache, or NULL. */
GqQuery      *gq_test_find_query (GqTestEnv *env,
                                  JsonNode  *key);
/* The state of the query of @key, which must exist. */
GqQueryState *gq_test_state_of   (GqTestEnv *env,
                                  JsonNode  *key);
/* setQueryData (key, JSON @text), asserting it was stored. */
void          gq_test_set_data   (GqTestEnv  *env,
                                  JsonNode   *key,
                                  const char *text);
/* A time relative to GQ_TEST_START_TIME. */
gint64        gq_test_rel        (gint64     time);

/* A scripted query function. Each call counts; the fetch completes after
 * @delay ms on the env's scheduler (0: resolved from inside the function),
 * failing while calls <= fail_times, else resolving with @data (or, when
 * @data is NULL, with the call number as an integer). @never leaves the
 * context pending (held in @pending). */
typedef struct
{
  GqTestEnv      *env;
  guint           calls;
  gint64          delay;
  JsonNode       *data;
  guint           fail_times;
  gboolean        fail_always;
  gboolean        never;
  gboolean        resolve_null;
  gboolean        use_cancellable;
  GPtrArray      *pending;
  GPtrArray      *call_times;
  GqFetchContext *last_context;
} GqTestFetcher;

GqTestFetcher  *gq_test_fetcher_new      (GqTestEnv     *env);
void            gq_test_fetcher_free     (GqTestFetcher *fetcher);
void            gq_test_fetcher_func     (GqFetchContext *context,
                                          gpointer        user_data);
GqQueryOptions *gq_test_options_new      (JsonNode      *key,
                                          GqTestFetcher *fetcher);

/* Records every result an observer announces through ::changed. */
typedef struct
{
  GqQueryObserver *observer;
  GPtrArray       *results;
  gulong           handler;
} GqTestRecorder;

GqTestRecorder *gq_test_recorder_new  (GqQueryObserver *observer);
void            gq_test_recorder_free (GqTestRecorder  *recorder);
GqQueryResult  *gq_test_recorder_get  (GqTestRecorder  *recorder,
                                       guint            index);

/* Awaiting an async call on the test's main context. */
typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} GqTestAsync;

void gq_test_async_callback (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);
void gq_test_async_clear    (GqTestAsync  *async);
/* Lets the main context run until @async completes (a few flushes: the
 * await of a promise that settles without a timer). */
void gq_test_await          (GqTestEnv    *env,
                             GqTestAsync  *async);
/* await observer.refetch (): the result, or NULL with @error set. */
GqQueryResult *gq_test_refetch (GqTestEnv        *env,
                                GqQueryObserver  *observer,
                                GqRefetchFlags    flags,
                                GError          **error);

/* JSON helpers */
JsonNode *gq_test_json   (const char *text);
char     *gq_test_dump   (JsonNode   *node);
gint64    gq_test_int    (JsonNode   *node);

#define gq_assert_json(node, text) G_STMT_START { \
  g_autofree char *__dumped = gq_test_dump (node); \
  g_autoptr(JsonNode) __expected = gq_test_json (text); \
  g_autofree char *__expected_dumped = gq_test_dump (__expected); \
  g_assert_cmpstr (__dumped, ==, __expected_dumped); \
} G_STMT_END

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqTestFetcher, gq_test_fetcher_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqTestRecorder, gq_test_recorder_free)

G_END_DECLS
