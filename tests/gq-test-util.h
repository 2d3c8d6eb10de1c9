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

/* Mutations */

/* A scripted mutation function, like GqTestFetcher. Each call counts and
 * keeps its context and variables; the mutation completes after @delay ms
 * on the env's scheduler (0: resolved from inside the function), failing
 * while calls <= fail_times (or always) with G_IO_ERROR_FAILED and
 * @error_message (default "failure <call>"), else resolving with @data,
 * or, when @data is NULL, with the variables (no data if there are
 * none, or with @resolve_none). With @log set, it appends "start-<name>"
 * when called and "finish-<name>" when it completes. @never leaves the
 * context pending. */
typedef struct
{
  GqTestEnv  *env;
  const char *name;
  GPtrArray  *log;
  guint       calls;
  gint64      delay;
  JsonNode   *data;
  gboolean    resolve_none;
  guint       fail_times;
  gboolean    fail_always;
  const char *error_message;
  gboolean    never;
  GPtrArray  *contexts;
  GPtrArray  *variables;
} GqTestMutator;

GqTestMutator     *gq_test_mutator_new            (GqTestEnv         *env);
void               gq_test_mutator_free           (GqTestMutator     *mutator);
void               gq_test_mutator_func           (GqMutationContext *context,
                                                   gpointer           user_data);
/* The variables of call @index (0-based), NULL for none. */
JsonNode          *gq_test_mutator_variables      (GqTestMutator     *mutator,
                                                   guint              index);
GqMutationOptions *gq_test_mutation_options_new   (JsonNode          *key,
                                                   GqTestMutator     *mutator);
/* TanStack's executeMutation (client, options, variables): builds a
 * mutation in the env's cache and runs it; @async (nullable) receives the
 * outcome (gq_test_execute_finish). */
GqMutation        *gq_test_execute_mutation       (GqTestEnv         *env,
                                                   GqMutationOptions *options,
                                                   JsonNode          *variables,
                                                   GqTestAsync       *async);
JsonNode          *gq_test_execute_finish         (GqTestAsync       *async,
                                                   GError           **error);
GqMutationCache   *gq_test_mutation_cache         (GqTestEnv         *env);
/* The log as one string, entries joined with ",". */
char              *gq_test_log_join               (GPtrArray         *log);

/* Records every result a mutation observer announces through ::changed. */
typedef struct
{
  GqMutationObserver *observer;
  GPtrArray          *results;
  gulong              handler;
} GqTestMutationRecorder;

GqTestMutationRecorder *gq_test_mutation_recorder_new  (GqMutationObserver     *observer);
void                    gq_test_mutation_recorder_free (GqTestMutationRecorder *recorder);
GqMutationResult       *gq_test_mutation_recorder_get  (GqTestMutationRecorder *recorder,
                                                        guint                   index);

/* A recording callback for each slot of mutation options and cache
 * hooks: counts calls, keeps the last arguments, appends @name to @log (if
 * set) and fails with G_IO_ERROR_FAILED and @fail_message (if set). The
 * on-mutate one returns @context. */
typedef struct
{
  GPtrArray  *log;
  const char *name;
  const char *fail_message;
  JsonNode   *context;
  guint       calls;
  GqMutation *mutation;
  JsonNode   *data;
  GError     *error;
  JsonNode   *variables;
  JsonNode   *received_context;
} GqTestStep;

void      gq_test_step_clear      (GqTestStep    *step);
JsonNode *gq_test_step_on_mutate  (GqMutation    *mutation,
                                   JsonNode      *variables,
                                   gpointer       user_data,
                                   GError       **error);
void      gq_test_step_on_success (GqMutation    *mutation,
                                   JsonNode      *data,
                                   JsonNode      *variables,
                                   JsonNode      *context,
                                   gpointer       user_data,
                                   GError       **error);
void      gq_test_step_on_error   (GqMutation    *mutation,
                                   const GError  *failure,
                                   JsonNode      *variables,
                                   JsonNode      *context,
                                   gpointer       user_data,
                                   GError       **error);
void      gq_test_step_on_settled (GqMutation    *mutation,
                                   JsonNode      *data,
                                   const GError  *failure,
                                   JsonNode      *variables,
                                   JsonNode      *context,
                                   gpointer       user_data,
                                   GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqTestMutator, gq_test_mutator_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqTestMutationRecorder, gq_test_mutation_recorder_free)

/* Hydration and persistence */

/* A second env on @like's scheduler and managers: two clients on one
 * clock, as TanStack's hydration tests run a server client and a browser
 * client on one fake timer. Clear it before @like. */
void      gq_test_hydration_env_init_shared (GqTestEnv  *env,
                                             GqTestEnv  *like);
/* JSON.parse (JSON.stringify (@node)): a mutable copy that went through
 * text. */
JsonNode *gq_test_hydration_roundtrip       (JsonNode   *node);
/* Runs the thread-default main context, blocking, until @async is done:
 * for work done in other threads (file I/O), which a flush cannot wait
 * for. */
void      gq_test_persist_wait              (GqTestAsync *async);

G_END_DECLS
