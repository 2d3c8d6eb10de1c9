/* test-persister.c: GqFilePersister and GqPersistController
 *
 * The controller's logic (throttle, max age, buster, what is kept, what
 * is discarded) runs against a persister in memory, whose operations
 * complete in a later main-loop iteration: deterministic on the manual
 * scheduler. The file persister's tests touch the disk (a temporary
 * folder) and wait for its worker threads by running the main context.
 * A full disk is a file-size limit (RLIMIT_FSIZE): writes fail with
 * EFBIG, as they fail with ENOSPC, even for root.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

/* ---- a persister in memory ------------------------------------------ */

#define TEST_TYPE_STORE (test_store_get_type ())
G_DECLARE_FINAL_TYPE (TestStore, test_store, TEST, STORE, GObject)

struct _TestStore
{
  GObject    parent_instance;

  char      *text;          /* what is stored, as text; NULL: nothing */
  guint      saves;
  guint      restores;
  guint      removes;
  gboolean   fail_saves;
  gboolean   hold_saves;    /* saves wait in @held until released */
  GPtrArray *held;
};

static void store_iface_init (GqPersisterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestStore, test_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GQ_TYPE_PERSISTER, store_iface_init))

typedef struct
{
  GTask *task;
  char  *text;
} HeldSave;

static void
held_save_free (gpointer data)
{
  HeldSave *held = data;

  g_object_unref (held->task);
  g_free (held->text);
  g_free (held);
}

static void
store_complete_save (TestStore *self,
                     GTask     *task,
                     char      *text)
{
  if (self->fail_saves)
    {
      g_free (text);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
      return;
    }

  g_free (self->text);
  self->text = text;
  g_task_return_boolean (task, TRUE);
}

static void
store_save_async (GqPersister         *persister,
                  JsonNode            *persisted,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  TestStore *self = TEST_STORE (persister);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  char *text = json_to_string (persisted, FALSE);

  g_assert_true (json_node_is_immutable (persisted));
  self->saves++;

  if (self->hold_saves)
    {
      HeldSave *held = g_new0 (HeldSave, 1);

      held->task = g_steal_pointer (&task);
      held->text = text;
      g_ptr_array_add (self->held, held);
      return;
    }

  store_complete_save (self, task, text);
}

static gboolean
store_save_finish (GqPersister   *persister,
                   GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_release (TestStore *self)
{
  g_autoptr(GPtrArray) held = g_steal_pointer (&self->held);

  self->held = g_ptr_array_new_with_free_func (held_save_free);

  for (guint i = 0; i < held->len; i++)
    {
      HeldSave *save = g_ptr_array_index (held, i);

      store_complete_save (self, save->task, g_steal_pointer (&save->text));
    }
}

static void
store_restore_async (GqPersister         *persister,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  TestStore *self = TEST_STORE (persister);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  self->restores++;

  if (self->text == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  node = json_from_string (self->text, &error);
  if (node == NULL)
    g_task_return_new_error (task, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT,
                             "The cache “memory” is corrupt: %s", error->message);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static JsonNode *
store_restore_finish (GqPersister   *persister,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_remove_async (GqPersister         *persister,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  TestStore *self = TEST_STORE (persister);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->removes++;
  g_clear_pointer (&self->text, g_free);
  g_task_return_boolean (task, TRUE);
}

static gboolean
store_remove_finish (GqPersister   *persister,
                     GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
store_describe (GqPersister *persister)
{
  return g_strdup ("memory");
}

static void
store_iface_init (GqPersisterInterface *iface)
{
  iface->save_async = store_save_async;
  iface->save_finish = store_save_finish;
  iface->restore_async = store_restore_async;
  iface->restore_finish = store_restore_finish;
  iface->remove_async = store_remove_async;
  iface->remove_finish = store_remove_finish;
  iface->describe = store_describe;
}

static void
test_store_finalize (GObject *object)
{
  TestStore *self = TEST_STORE (object);

  g_free (self->text);
  g_ptr_array_unref (self->held);

  G_OBJECT_CLASS (test_store_parent_class)->finalize (object);
}

static void
test_store_class_init (TestStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_store_finalize;
}

static void
test_store_init (TestStore *self)
{
  self->held = g_ptr_array_new_with_free_func (held_save_free);
}

static TestStore *
test_store_new (void)
{
  return g_object_new (TEST_TYPE_STORE, NULL);
}

/* Replaces what is stored (takes @text). */
static void
store_put (TestStore *store,
           char      *text)
{
  g_free (store->text);
  store->text = text;
}

/* The stored document, parsed. */
static JsonNode *
store_document (TestStore *store)
{
  g_assert_nonnull (store->text);

  return gq_test_json (store->text);
}

static JsonObject *
document_client_state (JsonNode *document)
{
  return json_object_get_object_member (json_node_get_object (document), "clientState");
}

/* ---- controller helpers ------------------------------------------------ */

typedef struct
{
  guint   saved;
  guint   failed;
  GError *last_error;
} Saves;

static void
on_saved (GqPersistController *controller,
          Saves               *saves)
{
  saves->saved++;
}

static void
on_save_failed (GqPersistController *controller,
                const GError        *error,
                Saves               *saves)
{
  saves->failed++;
  g_clear_error (&saves->last_error);
  saves->last_error = g_error_copy (error);
}

static void
saves_clear (Saves *saves)
{
  g_clear_error (&saves->last_error);
}

static GqPersistController *
controller_new (GqTestEnv   *env,
                GqPersister *persister,
                Saves       *saves)
{
  GqPersistController *controller = gq_persist_controller_new (env->client, persister);

  if (saves != NULL)
    {
      g_signal_connect (controller, "saved", G_CALLBACK (on_saved), saves);
      g_signal_connect (controller, "save-failed", G_CALLBACK (on_save_failed), saves);
    }

  return controller;
}

/* Restores, awaiting with flushes (a persister in memory). */
static gboolean
restore (GqTestEnv            *env,
         GqPersistController  *controller,
         GError              **error)
{
  GqTestAsync async = { 0 };
  gboolean ok;

  gq_persist_controller_restore_async (controller, NULL, gq_test_async_callback, &async);
  g_assert_true (gq_persist_controller_get_is_restoring (controller));
  gq_test_await (env, &async);
  ok = gq_persist_controller_restore_finish (controller, async.result, error);
  gq_test_async_clear (&async);
  g_assert_false (gq_persist_controller_get_is_restoring (controller));

  return ok;
}

static void
restore_ok (GqTestEnv           *env,
            GqPersistController *controller)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (restore (env, controller, &error));
  g_assert_no_error (error);
}

static gboolean
flush (GqTestEnv            *env,
       GqPersistController  *controller,
       GError              **error)
{
  GqTestAsync async = { 0 };
  gboolean ok;

  gq_persist_controller_flush_async (controller, NULL, gq_test_async_callback, &async);
  gq_test_await (env, &async);
  ok = gq_persist_controller_flush_finish (controller, async.result, error);
  gq_test_async_clear (&async);

  return ok;
}

static JsonNode *
key_new (const char *name)
{
  return gq_key_new (name, NULL);
}

/* A stored document, as the controller would write it. */
static char *
document_text (const char *format,
               gint64      version,
               gint64      timestamp,
               const char *buster,
               const char *client_state)
{
  return g_strdup_printf ("{\"format\": \"%s\", \"version\": %" G_GINT64_FORMAT ","
                          " \"timestamp\": %" G_GINT64_FORMAT ", \"buster\": \"%s\","
                          " \"clientState\": %s}",
                          format, version, timestamp, buster, client_state);
}

#define ONE_QUERY_STATE \
  "{\"mutations\": [], \"queries\": [{\"queryKey\": [\"todos\"], \"queryHash\": \"[\\\"todos\\\"]\"," \
  " \"state\": {\"data\": [1, 2], \"dataUpdatedAt\": 999000, \"dataUpdateCount\": 1," \
  " \"status\": \"success\", \"fetchStatus\": \"idle\"}}]}"

/* ---- the controller ------------------------------------------------------ */

/* Saved in one run, restored in the next. */
static void
test_controller_round_trip (void)
{
  GqTestEnv first;
  GqTestEnv second;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("todos");
  g_autoptr(JsonNode) document = NULL;
  JsonObject *root;
  Saves saves = { 0 };

  gq_test_env_init (&first);
  controller = controller_new (&first, GQ_PERSISTER (store), &saves);
  restore_ok (&first, controller);
  g_assert_cmpuint (store->restores, ==, 1);

  gq_test_set_data (&first, key, "[1, 2]");
  gq_test_advance (&first, 1000);
  g_assert_cmpuint (saves.saved, ==, 1);

  document = store_document (store);
  root = json_node_get_object (document);
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "gquery-persist");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "timestamp"), ==, GQ_TEST_START_TIME + 1000);
  g_assert_cmpstr (json_object_get_string_member (root, "buster"), ==, "");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document_client_state (document), "queries")), ==, 1);

  g_clear_object (&controller);
  gq_test_env_clear (&first);

  gq_test_env_init (&second);
  controller = controller_new (&second, GQ_PERSISTER (store), NULL);
  restore_ok (&second, controller);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&second, key)), "[1, 2]");
  g_assert_cmpint (gq_query_state_get_data_updated_at (gq_test_state_of (&second, key)), ==, GQ_TEST_START_TIME);

  /* Restoring alone saves nothing. */
  gq_test_advance (&second, 5000);
  g_assert_cmpuint (store->saves, ==, 1);

  g_clear_object (&controller);
  gq_test_env_clear (&second);
  saves_clear (&saves);
}

/* One save per throttle time, with the cache as it is when it fires. */
static void
test_controller_throttle (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("counter");
  g_autoptr(JsonNode) document = NULL;
  JsonObject *entry;

  gq_test_env_init (&env);
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  gq_persist_controller_set_throttle_time (controller, 100);
  restore_ok (&env, controller);

  gq_test_set_data (&env, key, "1");
  gq_test_advance (&env, 60);
  gq_test_set_data (&env, key, "2");
  gq_test_advance (&env, 39);
  g_assert_cmpuint (store->saves, ==, 0);
  gq_test_set_data (&env, key, "3");
  gq_test_advance (&env, 1);
  g_assert_cmpuint (store->saves, ==, 1);

  document = store_document (store);
  entry = json_array_get_object_element (json_object_get_array_member (document_client_state (document), "queries"), 0);
  gq_assert_json (json_object_get_member (json_object_get_object_member (entry, "state"), "data"), "3");

  /* Quiet: no more saves. The next change arms the timer again. */
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (store->saves, ==, 1);
  gq_test_set_data (&env, key, "4");
  gq_test_advance (&env, 99);
  g_assert_cmpuint (store->saves, ==, 1);
  gq_test_advance (&env, 1);
  g_assert_cmpuint (store->saves, ==, 2);

  g_clear_object (&controller);
  gq_test_env_clear (&env);
}

/* Which cache events save: a change, not an observer coming or going. */
static void
test_controller_saves_on_cache_changes_only (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("todos");
  g_autoptr(GqQueryOptions) options = NULL;
  g_autoptr(GqQueryObserver) observer = NULL;
  g_autoptr(GqTestFetcher) fetcher = NULL;

  gq_test_env_init (&env);
  gq_test_set_data (&env, key, "1");
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  restore_ok (&env, controller);

  fetcher = gq_test_fetcher_new (&env);
  options = gq_test_options_new (key, fetcher);
  gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
  observer = gq_query_observer_new (env.client, options);
  gq_query_observer_subscribe (observer);
  gq_test_advance (&env, 5000);
  gq_query_observer_unsubscribe (observer);
  gq_test_advance (&env, 5000);
  g_assert_cmpuint (fetcher->calls, ==, 0);
  g_assert_cmpuint (store->saves, ==, 0);

  gq_query_client_remove_queries (env.client, NULL);
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (store->saves, ==, 1);

  g_clear_object (&observer);
  g_clear_object (&controller);
  gq_test_env_clear (&env);
}

/* TanStack's maxAge: an older cache is removed, not restored. */
static void
test_controller_max_age (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = gq_test_json ("[\"todos\"]");

  gq_test_env_init (&env);

  /* Exactly max-age old: kept (TanStack's `>`). */
  store_put (store, document_text ("gquery-persist", 1, GQ_TEST_START_TIME - 5000, "", ONE_QUERY_STATE));
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  gq_persist_controller_set_max_age (controller, 5000);
  restore_ok (&env, controller);
  g_assert_nonnull (gq_test_find_query (&env, key));
  g_assert_cmpuint (store->removes, ==, 0);
  g_clear_object (&controller);
  gq_query_client_clear (env.client);

  /* One millisecond older: removed. */
  store_put (store, document_text ("gquery-persist", 1, GQ_TEST_START_TIME - 5001, "", ONE_QUERY_STATE));
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  gq_persist_controller_set_max_age (controller, 5000);
  restore_ok (&env, controller);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_cmpuint (store->removes, ==, 1);
  g_assert_null (store->text);
  g_clear_object (&controller);

  /* The default is 24 hours. */
  store_put (store, document_text ("gquery-persist", 1, GQ_TEST_START_TIME - 86400001, "", ONE_QUERY_STATE));
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  g_assert_cmpint (gq_persist_controller_get_max_age (controller), ==, 86400000);
  restore_ok (&env, controller);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_cmpuint (store->removes, ==, 2);
  g_clear_object (&controller);

  /* A time before the epoch: expired (and no overflow). */
  store_put (store, document_text ("gquery-persist", 1, G_MININT64, "", ONE_QUERY_STATE));
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  restore_ok (&env, controller);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_cmpuint (store->removes, ==, 3);
  g_clear_object (&controller);

  /* Infinite: kept however old. */
  store_put (store, document_text ("gquery-persist", 1, 0, "", ONE_QUERY_STATE));
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  gq_persist_controller_set_max_age (controller, GQ_TIME_INFINITE);
  restore_ok (&env, controller);
  g_assert_nonnull (gq_test_find_query (&env, key));
  g_assert_cmpuint (store->removes, ==, 3);

  g_clear_object (&controller);
  gq_test_env_clear (&env);
}

/* TanStack's buster: a cache written with another buster is removed. */
static void
test_controller_buster (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = gq_test_json ("[\"todos\"]");
  g_autoptr(JsonNode) document = NULL;

  gq_test_env_init (&env);

  store_put (store, document_text ("gquery-persist", 1, GQ_TEST_START_TIME, "v1", ONE_QUERY_STATE));
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  gq_persist_controller_set_buster (controller, "v2");
  restore_ok (&env, controller);
  g_assert_null (gq_test_find_query (&env, key));
  g_assert_null (store->text);

  /* The same buster restores, and saves carry it. */
  store_put (store, document_text ("gquery-persist", 1, GQ_TEST_START_TIME, "v2", ONE_QUERY_STATE));
  restore_ok (&env, controller);
  g_assert_nonnull (gq_test_find_query (&env, key));
  gq_test_set_data (&env, key, "[3]");
  gq_test_advance (&env, 1000);
  document = store_document (store);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (document), "buster"), ==, "v2");

  g_clear_object (&controller);
  gq_test_env_clear (&env);
}

/* Unusable documents: reported, removed, and the controller goes on. */
static void
test_controller_discards_bad_documents (void)
{
  const struct {
    const char    *text;
    GqPersistError code;
    const char    *message;
  } cases[] = {
    { "{\"format\": \"gquery-persist\", \"version\": 1, \"timest",
      GQ_PERSIST_ERROR_CORRUPT, "The cache “memory” is corrupt: *" },
    { "{\"hello\": \"world\"}",
      GQ_PERSIST_ERROR_FOREIGN, "“memory” is not a gquery cache" },
    { "[1, 2, 3]",
      GQ_PERSIST_ERROR_FOREIGN, "“memory” is not a gquery cache" },
    { "{\"format\": \"other-app\", \"version\": 1}",
      GQ_PERSIST_ERROR_FOREIGN, "“memory” is not a gquery cache" },
    { "{\"format\": \"gquery-persist\", \"version\": \"1\", \"timestamp\": 1000000}",
      GQ_PERSIST_ERROR_CORRUPT, "The cache “memory” is corrupt: it has no valid format version" },
    { "{\"format\": \"gquery-persist\", \"version\": 1, \"clientState\": {}}",
      GQ_PERSIST_ERROR_CORRUPT, "The cache “memory” is corrupt: it has no timestamp" },
    { "{\"format\": \"gquery-persist\", \"version\": 1, \"timestamp\": 1000000}",
      GQ_PERSIST_ERROR_CORRUPT, "The cache “memory” is corrupt: it has no client state" },
    { "{\"format\": \"gquery-persist\", \"version\": 1, \"timestamp\": 1000000, \"buster\": \"\","
      " \"clientState\": {\"queries\": [{\"queryKey\": 1}]}}",
      GQ_PERSIST_ERROR_CORRUPT,
      "The cache “memory” is corrupt: Invalid dehydrated state: queries[0]: “queryKey” is missing or not an array" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GqTestEnv env;
      g_autoptr(TestStore) store = test_store_new ();
      g_autoptr(GqPersistController) controller = NULL;
      g_autoptr(JsonNode) key = key_new ("todos");
      g_autoptr(GError) error = NULL;
      g_autofree char *pattern = g_strdup_printf ("*%s", cases[i].message);

      gq_test_env_init (&env);
      store_put (store, g_strdup (cases[i].text));
      controller = controller_new (&env, GQ_PERSISTER (store), NULL);

      g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, pattern);
      g_assert_false (restore (&env, controller, &error));
      g_test_assert_expected_messages ();
      g_assert_error (error, GQ_PERSIST_ERROR, (int) cases[i].code);
      g_assert_true (g_pattern_match_simple (cases[i].message, error->message));
      g_assert_null (store->text);
      g_assert_cmpuint (store->removes, ==, 1);
      g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&env)), ==, 0);

      /* Saving goes on. */
      gq_test_set_data (&env, key, "1");
      gq_test_advance (&env, 1000);
      g_assert_nonnull (store->text);

      g_clear_object (&controller);
      gq_test_env_clear (&env);
    }
}

/* A newer version's document is kept, and nothing overwrites it. */
static void
test_controller_keeps_newer_version (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("todos");
  g_autoptr(GError) error = NULL;
  g_autofree char *newer = document_text ("gquery-persist", 2, GQ_TEST_START_TIME, "", "{\"something\": \"new\"}");
  Saves saves = { 0 };

  gq_test_env_init (&env);
  store_put (store, g_strdup (newer));
  controller = controller_new (&env, GQ_PERSISTER (store), &saves);

  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, "The cache “memory” was written by a newer version of gquery*");
  g_assert_false (restore (&env, controller, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_NEWER_VERSION);
  g_assert_nonnull (strstr (error->message, "format version 2, this one reads version 1"));
  g_clear_error (&error);
  g_assert_cmpuint (store->removes, ==, 0);

  /* Changes do not overwrite it: each save fails with the same error. */
  gq_test_set_data (&env, key, "1");
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (store->saves, ==, 0);
  g_assert_cmpuint (saves.failed, ==, 1);
  g_assert_error (saves.last_error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_NEWER_VERSION);
  g_assert_false (flush (&env, controller, &error));
  g_assert_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_NEWER_VERSION);
  g_clear_error (&error);
  g_assert_cmpstr (store->text, ==, newer);
  /* The data in memory is untouched. */
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "1");

  /* Once it is gone (the user chose), a restore lifts the suspension. */
  g_clear_pointer (&store->text, g_free);
  restore_ok (&env, controller);
  g_assert_true (flush (&env, controller, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (store->saves, ==, 1);
  g_assert_nonnull (store->text);

  g_clear_object (&controller);
  gq_test_env_clear (&env);
  saves_clear (&saves);
}

/* A failing save (a full disk): reported, memory untouched, the next
 * change saves again. */
static void
test_controller_save_failure (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("todos");
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *before = NULL;
  Saves saves = { 0 };
  JsonObject *entry;

  gq_test_env_init (&env);
  controller = controller_new (&env, GQ_PERSISTER (store), &saves);
  restore_ok (&env, controller);
  gq_test_set_data (&env, key, "1");
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (saves.saved, ==, 1);
  before = g_strdup (store->text);

  store->fail_saves = TRUE;
  gq_test_set_data (&env, key, "2");
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (saves.failed, ==, 1);
  g_assert_error (saves.last_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpstr (store->text, ==, before);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&env, key)), "2");

  /* Nothing changed: no retry by itself. */
  gq_test_advance (&env, 5000);
  g_assert_cmpuint (store->saves, ==, 2);

  store->fail_saves = FALSE;
  gq_test_set_data (&env, key, "3");
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (saves.saved, ==, 2);
  document = store_document (store);
  entry = json_array_get_object_element (json_object_get_array_member (document_client_state (document), "queries"), 0);
  gq_assert_json (json_object_get_member (json_object_get_object_member (entry, "state"), "data"), "3");

  g_clear_object (&controller);
  gq_test_env_clear (&env);
  saves_clear (&saves);
}

/* Nothing is saved before the first restore; what changed meanwhile is
 * saved once it completes. */
static void
test_controller_waits_for_restore (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("todos");
  g_autoptr(JsonNode) other = gq_test_json ("[\"todos\"]");
  g_autofree char *stored = document_text ("gquery-persist", 1, GQ_TEST_START_TIME, "", ONE_QUERY_STATE);
  g_autoptr(JsonNode) mine = key_new ("mine");
  g_autoptr(JsonNode) document = NULL;

  gq_test_env_init (&env);
  store_put (store, g_strdup (stored));
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);

  gq_test_set_data (&env, mine, "\"before restore\"");
  gq_test_advance (&env, 5000);
  g_assert_cmpuint (store->saves, ==, 0);
  g_assert_cmpstr (store->text, ==, stored);

  restore_ok (&env, controller);
  g_assert_nonnull (gq_test_find_query (&env, other));
  gq_test_advance (&env, 1000);
  g_assert_cmpuint (store->saves, ==, 1);
  document = store_document (store);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document_client_state (document), "queries")), ==, 2);

  g_clear_object (&controller);
  gq_test_env_clear (&env);
}

/* flush saves at once; a flush during a save waits for a second save
 * holding the latest state. */
static void
test_controller_flush (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("todos");
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  GqTestAsync first = { 0 };
  GqTestAsync second = { 0 };
  JsonObject *entry;

  gq_test_env_init (&env);
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  restore_ok (&env, controller);

  gq_test_set_data (&env, key, "1");
  g_assert_true (flush (&env, controller, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (store->saves, ==, 1);
  /* The throttled save it replaced does not come. */
  gq_test_advance (&env, 5000);
  g_assert_cmpuint (store->saves, ==, 1);

  store->hold_saves = TRUE;
  gq_test_set_data (&env, key, "2");
  gq_persist_controller_flush_async (controller, NULL, gq_test_async_callback, &first);
  gq_test_set_data (&env, key, "3");
  gq_persist_controller_flush_async (controller, NULL, gq_test_async_callback, &second);
  gq_test_flush (&env);
  g_assert_cmpuint (store->saves, ==, 2);
  g_assert_false (first.done);

  store_release (store);
  gq_test_flush (&env);
  g_assert_true (first.done);
  g_assert_false (second.done);
  g_assert_cmpuint (store->saves, ==, 3);

  store_release (store);
  gq_test_flush (&env);
  g_assert_true (second.done);
  g_assert_true (gq_persist_controller_flush_finish (controller, first.result, NULL));
  g_assert_true (gq_persist_controller_flush_finish (controller, second.result, NULL));
  document = store_document (store);
  entry = json_array_get_object_element (json_object_get_array_member (document_client_state (document), "queries"), 0);
  gq_assert_json (json_object_get_member (json_object_get_object_member (entry, "state"), "data"), "3");

  gq_test_async_clear (&first);
  gq_test_async_clear (&second);
  g_clear_object (&controller);
  gq_test_env_clear (&env);
}

/* Dropping the controller stops saving, with a save armed. */
static void
test_controller_dropped (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  GqPersistController *controller;
  g_autoptr(JsonNode) key = key_new ("todos");

  gq_test_env_init (&env);
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  restore_ok (&env, controller);
  gq_test_set_data (&env, key, "1");
  g_assert_finalize_object (controller);

  gq_test_advance (&env, 5000);
  g_assert_cmpuint (store->saves, ==, 0);
  gq_test_set_data (&env, key, "2");
  gq_test_advance (&env, 5000);
  g_assert_cmpuint (store->saves, ==, 0);

  gq_test_env_clear (&env);
}

/* ---- mutations across a restart ------------------------------------------ */

/* Paused mutations survive a restart and are delivered after it, in
 * order, with their idempotency keys; a mutation that was running when
 * the application died is among them. */
static void
test_controller_mutations_survive_restart (void)
{
  GqTestEnv first;
  GqTestEnv second;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("add-todo");
  g_autoptr(GqTestMutator) offline = NULL;
  g_autoptr(GqTestMutator) delivered = NULL;
  g_autoptr(GqMutationOptions) options = NULL;
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(GqMutationObserver) observer = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) document = NULL;
  GPtrArray *mutations;

  /* First run: one mutation starts online and hangs (the app dies with
   * it in flight); then offline, three more are queued. */
  gq_test_env_init (&first);
  controller = controller_new (&first, GQ_PERSISTER (store), NULL);
  restore_ok (&first, controller);

  offline = gq_test_mutator_new (&first);
  offline->never = TRUE;
  options = gq_test_mutation_options_new (key, offline);
  observer = gq_mutation_observer_new (first.client, options);
  for (int i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) vars = json_node_init_int (json_node_alloc (), i);

      if (i == 1)
        gq_online_manager_set_online (first.online, FALSE);
      gq_mutation_observer_mutate (observer, vars, NULL, NULL, NULL);
      gq_test_flush (&first);
    }
  g_assert_cmpuint (offline->calls, ==, 1);
  gq_test_advance (&first, 1000);
  g_assert_cmpuint (store->saves, ==, 1);

  mutations = gq_mutation_cache_get_all (gq_query_client_get_mutation_cache (first.client));
  for (guint i = 0; i < mutations->len; i++)
    g_ptr_array_add (keys, g_strdup (gq_mutation_get_idempotency_key (g_ptr_array_index (mutations, i))));
  g_ptr_array_unref (mutations);
  g_assert_cmpuint (keys->len, ==, 4);

  document = store_document (store);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document_client_state (document), "mutations")), ==, 4);

  g_clear_object (&observer);
  g_clear_object (&controller);
  gq_test_env_clear (&first);

  /* Second run, online: restoring delivers them. */
  gq_test_env_init (&second);
  delivered = gq_test_mutator_new (&second);
  delivered->delay = 10;
  defaults = gq_test_mutation_options_new (NULL, delivered);
  gq_query_client_set_mutation_defaults (second.client, key, defaults);
  controller = controller_new (&second, GQ_PERSISTER (store), NULL);
  restore_ok (&second, controller);
  gq_test_advance (&second, 10);

  g_assert_cmpuint (delivered->calls, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      GqMutationContext *context = g_ptr_array_index (delivered->contexts, i);

      g_assert_cmpint (gq_test_int (gq_test_mutator_variables (delivered, i)), ==, i);
      g_assert_cmpstr (gq_mutation_context_get_idempotency_key (context), ==, g_ptr_array_index (keys, i));
    }

  /* Settled: the next save writes no mutation. */
  gq_test_advance (&second, 1000);
  g_clear_pointer (&document, json_node_unref);
  document = store_document (store);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document_client_state (document), "mutations")), ==, 0);

  g_clear_object (&controller);
  gq_test_env_clear (&second);
}

/* Restored while offline, they wait; coming back online (the client
 * mounted) delivers them. */
static void
test_controller_mutations_wait_for_network (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("add-todo");
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) defaults = NULL;

  gq_test_env_init (&env);
  store_put (store, document_text ("gquery-persist", 1, GQ_TEST_START_TIME, "",
                               "{\"mutations\": [{\"mutationKey\": [\"add-todo\"],"
                               " \"state\": {\"status\": \"pending\", \"isPaused\": true,"
                               "   \"variables\": {\"title\": \"milk\"}, \"idempotencyKey\": \"k-1\"}}]}"));
  mutator = gq_test_mutator_new (&env);
  defaults = gq_test_mutation_options_new (NULL, mutator);
  gq_query_client_set_mutation_defaults (env.client, key, defaults);
  gq_query_client_mount (env.client);
  gq_online_manager_set_online (env.online, FALSE);

  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  restore_ok (&env, controller);
  gq_test_advance (&env, 100);
  g_assert_cmpuint (mutator->calls, ==, 0);

  gq_online_manager_set_online (env.online, TRUE);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (mutator->calls, ==, 1);
  g_assert_cmpstr (gq_mutation_context_get_idempotency_key (g_ptr_array_index (mutator->contexts, 0)), ==, "k-1");
  gq_assert_json (gq_test_mutator_variables (mutator, 0), "{\"title\": \"milk\"}");

  gq_query_client_unmount (env.client);
  g_clear_object (&controller);
  gq_test_env_clear (&env);
}

/* With resume-paused-mutations off, restored mutations wait for the
 * application. */
static void
test_controller_no_automatic_resume (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("add-todo");
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) defaults = NULL;

  gq_test_env_init (&env);
  store_put (store, document_text ("gquery-persist", 1, GQ_TEST_START_TIME, "",
                               "{\"mutations\": [{\"mutationKey\": [\"add-todo\"],"
                               " \"state\": {\"status\": \"pending\", \"isPaused\": true, \"variables\": 1}}]}"));
  mutator = gq_test_mutator_new (&env);
  defaults = gq_test_mutation_options_new (NULL, mutator);
  gq_query_client_set_mutation_defaults (env.client, key, defaults);

  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  gq_persist_controller_set_resume_paused_mutations (controller, FALSE);
  restore_ok (&env, controller);
  gq_test_advance (&env, 100);
  g_assert_cmpuint (mutator->calls, ==, 0);

  gq_query_client_resume_paused_mutations_async (env.client, NULL, NULL, NULL);
  gq_test_advance (&env, 0);
  g_assert_cmpuint (mutator->calls, ==, 1);

  g_clear_object (&controller);
  gq_test_env_clear (&env);
}

/* The dehydrate options choose what is kept. */
static gboolean
keep_nothing (gpointer object,
              gpointer user_data)
{
  return FALSE;
}

static void
test_controller_dehydrate_options (void)
{
  GqTestEnv env;
  g_autoptr(TestStore) store = test_store_new ();
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(GqDehydrateOptions) options = gq_dehydrate_options_new ();
  g_autoptr(JsonNode) key = key_new ("secret");
  g_autoptr(GqTestMutator) mutator = NULL;
  g_autoptr(GqMutationOptions) mutation_options = NULL;
  g_autoptr(JsonNode) document = NULL;
  JsonObject *state;

  gq_test_env_init (&env);
  gq_dehydrate_options_set_should_dehydrate_query_func (options, (GqQueryPredicate) keep_nothing, NULL, NULL);
  gq_dehydrate_options_set_should_dehydrate_mutation_func (options, (GqMutationPredicate) keep_nothing, NULL, NULL);
  controller = controller_new (&env, GQ_PERSISTER (store), NULL);
  gq_persist_controller_set_dehydrate_options (controller, options);
  restore_ok (&env, controller);

  gq_online_manager_set_online (env.online, FALSE);
  mutator = gq_test_mutator_new (&env);
  mutation_options = gq_test_mutation_options_new (key, mutator);
  gq_test_execute_mutation (&env, mutation_options, NULL, NULL);
  gq_test_set_data (&env, key, "1");
  gq_test_advance (&env, 1000);

  document = store_document (store);
  state = document_client_state (document);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "queries")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "mutations")), ==, 0);

  g_clear_object (&controller);
  gq_test_env_clear (&env);
}

/* ---- the file persister -------------------------------------------------- */

typedef struct
{
  char *dir;
  char *path;
} TempDir;

static void
temp_dir_init (TempDir *t)
{
  g_autoptr(GError) error = NULL;

  t->dir = g_dir_make_tmp ("gq-persist-XXXXXX", &error);
  g_assert_no_error (error);
  t->path = g_build_filename (t->dir, "app", "gquery-cache.json", NULL);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static void
temp_dir_clear (TempDir *t)
{
  remove_tree (t->dir);
  g_clear_pointer (&t->dir, g_free);
  g_clear_pointer (&t->path, g_free);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static gboolean
file_save (GqPersister  *persister,
           const char   *text,
           GError      **error)
{
  g_autoptr(JsonNode) node = gq_test_json (text);
  GqTestAsync async = { 0 };
  gboolean ok;

  gq_persister_save_async (persister, node, NULL, gq_test_async_callback, &async);
  gq_test_persist_wait (&async);
  ok = gq_persister_save_finish (persister, async.result, error);
  gq_test_async_clear (&async);

  return ok;
}

static JsonNode *
file_restore (GqPersister  *persister,
              GError      **error)
{
  GqTestAsync async = { 0 };
  JsonNode *node;

  gq_persister_restore_async (persister, NULL, gq_test_async_callback, &async);
  gq_test_persist_wait (&async);
  node = gq_persister_restore_finish (persister, async.result, error);
  gq_test_async_clear (&async);

  return node;
}

static gboolean
file_remove (GqPersister  *persister,
             GError      **error)
{
  GqTestAsync async = { 0 };
  gboolean ok;

  gq_persister_remove_async (persister, NULL, gq_test_async_callback, &async);
  gq_test_persist_wait (&async);
  ok = gq_persister_remove_finish (persister, async.result, error);
  gq_test_async_clear (&async);

  return ok;
}

/* Saved, read back, removed; the file and its folder are private. */
static void
test_file_round_trip (void)
{
  TempDir t;
  g_autoptr(GqFilePersister) persister = NULL;
  g_autoptr(JsonNode) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *described = NULL;
  GStatBuf st;

  temp_dir_init (&t);
  persister = gq_file_persister_new (t.path);
  g_assert_cmpstr (gq_file_persister_get_path (persister), ==, t.path);
  described = gq_persister_describe (GQ_PERSISTER (persister));
  g_assert_cmpstr (described, ==, t.path);

  /* Nothing stored: nothing, no error. */
  restored = file_restore (GQ_PERSISTER (persister), &error);
  g_assert_no_error (error);
  g_assert_null (restored);

  g_assert_true (file_save (GQ_PERSISTER (persister), "{\"a\": [1, \"é\", null], \"b\": {\"c\": true}}", &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (t.path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  folder = g_path_get_dirname (t.path);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  restored = file_restore (GQ_PERSISTER (persister), &error);
  g_assert_no_error (error);
  gq_assert_json (restored, "{\"a\": [1, \"é\", null], \"b\": {\"c\": true}}");

  /* Replaced whole. */
  g_assert_true (file_save (GQ_PERSISTER (persister), "[2]", &error));
  g_clear_pointer (&restored, json_node_unref);
  restored = file_restore (GQ_PERSISTER (persister), &error);
  gq_assert_json (restored, "[2]");

  g_assert_true (file_remove (GQ_PERSISTER (persister), &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (t.path, G_FILE_TEST_EXISTS));
  /* Removing nothing succeeds. */
  g_assert_true (file_remove (GQ_PERSISTER (persister), &error));
  g_assert_no_error (error);

  g_clear_object (&persister);
  temp_dir_clear (&t);
}

/* A corrupt, truncated or empty file is an error naming the file. */
static void
test_file_corrupt (void)
{
  const char *contents[] = { "not json at all", "{\"format\": \"gquery-persist\", \"versi", "" };
  TempDir t;
  g_autoptr(GqFilePersister) persister = NULL;

  temp_dir_init (&t);
  persister = gq_file_persister_new (t.path);

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) restored = NULL;
      g_autofree char *prefix = g_strdup_printf ("The cache “%s” is corrupt: ", t.path);

      write_text (t.path, contents[i]);
      restored = file_restore (GQ_PERSISTER (persister), &error);
      g_assert_null (restored);
      g_assert_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT);
      g_assert_true (g_str_has_prefix (error->message, prefix));
    }

  g_clear_object (&persister);
  temp_dir_clear (&t);
}

/* A save that cannot write (the folder is a file) fails with an error,
 * and one that runs out of space leaves the old file as it was. */
static void
test_file_failed_write_keeps_old_file (void)
{
  TempDir t;
  g_autoptr(GqFilePersister) blocked = NULL;
  g_autoptr(GqFilePersister) persister = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) restored = NULL;
  g_autofree char *not_a_folder = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GString) big = g_string_new ("[");
  struct rlimit saved_limit;
  struct rlimit limit;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *folder = NULL;
  const char *name;
  guint entries = 0;

  temp_dir_init (&t);

  not_a_folder = g_build_filename (t.dir, "file", NULL);
  write_text (not_a_folder, "I am a file");
  inside = g_build_filename (not_a_folder, "gquery-cache.json", NULL);
  blocked = gq_file_persister_new (inside);
  g_assert_false (file_save (GQ_PERSISTER (blocked), "[1]", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, not_a_folder));
  g_clear_error (&error);

  persister = gq_file_persister_new (t.path);
  g_assert_true (file_save (GQ_PERSISTER (persister), "{\"old\": true}", &error));
  before = read_text (t.path);

  /* A full disk: no write may grow a file past 64 bytes. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (big, "%s%u", i > 0 ? ", " : "", i);
  g_string_append (big, "]");
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);
  limit = saved_limit;
  limit.rlim_cur = 64;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (file_save (GQ_PERSISTER (persister), big->str, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);

  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Could not save the cache: "));
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
  after = read_text (t.path);
  g_assert_cmpstr (after, ==, before);
  restored = file_restore (GQ_PERSISTER (persister), NULL);
  gq_assert_json (restored, "{\"old\": true}");

  /* No temporary file left behind. */
  folder = g_path_get_dirname (t.path);
  dir = g_dir_open (folder, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    entries++;
  g_assert_cmpuint (entries, ==, 1);

  g_clear_object (&blocked);
  g_clear_object (&persister);
  temp_dir_clear (&t);
}

/* Saves started one after the other end with the last one on disk, even
 * when the threads run in another order; a removal started after a save
 * wins over it. */
static void
test_file_last_save_wins (void)
{
  TempDir t;
  g_autoptr(GqFilePersister) persister = NULL;
  g_autoptr(JsonNode) first = gq_test_json ("{\"save\": 1}");
  g_autoptr(JsonNode) second = gq_test_json ("{\"save\": 2}");
  g_autoptr(JsonNode) restored = NULL;
  GqTestAsync a = { 0 };
  GqTestAsync b = { 0 };
  GqTestAsync c = { 0 };

  temp_dir_init (&t);
  persister = gq_file_persister_new (t.path);

  for (guint round = 0; round < 20; round++)
    {
      gq_persister_save_async (GQ_PERSISTER (persister), first, NULL, gq_test_async_callback, &a);
      gq_persister_save_async (GQ_PERSISTER (persister), second, NULL, gq_test_async_callback, &b);
      gq_test_persist_wait (&a);
      gq_test_persist_wait (&b);
      g_assert_true (gq_persister_save_finish (GQ_PERSISTER (persister), a.result, NULL));
      g_assert_true (gq_persister_save_finish (GQ_PERSISTER (persister), b.result, NULL));
      gq_test_async_clear (&a);
      gq_test_async_clear (&b);

      restored = file_restore (GQ_PERSISTER (persister), NULL);
      gq_assert_json (restored, "{\"save\": 2}");
      g_clear_pointer (&restored, json_node_unref);

      gq_persister_save_async (GQ_PERSISTER (persister), first, NULL, gq_test_async_callback, &a);
      gq_persister_remove_async (GQ_PERSISTER (persister), NULL, gq_test_async_callback, &c);
      gq_test_persist_wait (&a);
      gq_test_persist_wait (&c);
      g_assert_true (gq_persister_remove_finish (GQ_PERSISTER (persister), c.result, NULL));
      gq_test_async_clear (&a);
      gq_test_async_clear (&c);
      g_assert_false (g_file_test (t.path, G_FILE_TEST_EXISTS));
    }

  g_clear_object (&persister);
  temp_dir_clear (&t);
}

static void
test_file_default_path (void)
{
  g_autoptr(GqFilePersister) persister = gq_file_persister_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), g_get_prgname (),
                                                "gquery-cache.json", NULL);
  g_autofree char *path = gq_file_persister_get_default_path ();

  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpstr (gq_file_persister_get_path (persister), ==, expected);
}

/* The controller on a file: saved, restored by another client, and a
 * corrupt file is discarded with a warning. */
static void
wait_for_save (Saves *saves,
               guint  count)
{
  while (saves->saved + saves->failed < count)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
restore_file (GqPersistController  *controller,
              GError              **error)
{
  GqTestAsync async = { 0 };
  gboolean ok;

  gq_persist_controller_restore_async (controller, NULL, gq_test_async_callback, &async);
  gq_test_persist_wait (&async);
  ok = gq_persist_controller_restore_finish (controller, async.result, error);
  gq_test_async_clear (&async);

  return ok;
}

static gboolean
flush_file (GqPersistController  *controller,
            GError              **error)
{
  GqTestAsync async = { 0 };
  gboolean ok;

  gq_persist_controller_flush_async (controller, NULL, gq_test_async_callback, &async);
  gq_test_persist_wait (&async);
  ok = gq_persist_controller_flush_finish (controller, async.result, error);
  gq_test_async_clear (&async);

  return ok;
}

static void
test_file_controller (void)
{
  TempDir t;
  GqTestEnv first;
  GqTestEnv second;
  g_autoptr(GqFilePersister) persister = NULL;
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("todos");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *truncated = NULL;
  Saves saves = { 0 };
  struct rlimit saved_limit;
  struct rlimit limit;
  GStatBuf st;

  temp_dir_init (&t);
  persister = gq_file_persister_new (t.path);

  gq_test_env_init (&first);
  controller = controller_new (&first, GQ_PERSISTER (persister), &saves);
  g_assert_true (restore_file (controller, &error));
  g_assert_no_error (error);
  gq_test_set_data (&first, key, "[\"milk\"]");
  gq_test_advance (&first, 1000);
  wait_for_save (&saves, 1);
  g_assert_cmpuint (saves.saved, ==, 1);
  g_assert_cmpint (g_stat (t.path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A full disk: reported, the file intact, memory untouched. */
  before = read_text (t.path);
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);
  limit = saved_limit;
  limit.rlim_cur = 16;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  gq_test_set_data (&first, key, "[\"milk\", \"eggs\"]");
  g_assert_false (flush_file (controller, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved_limit), ==, 0);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
  g_clear_error (&error);
  g_assert_cmpuint (saves.failed, ==, 1);
  after = read_text (t.path);
  g_assert_cmpstr (after, ==, before);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&first, key)), "[\"milk\", \"eggs\"]");

  /* Space again: the next change saves. */
  gq_test_set_data (&first, key, "[\"milk\", \"eggs\", \"tea\"]");
  gq_test_advance (&first, 1000);
  wait_for_save (&saves, 3);
  g_assert_cmpuint (saves.saved, ==, 2);

  g_clear_object (&controller);
  gq_test_env_clear (&first);

  gq_test_env_init (&second);
  controller = controller_new (&second, GQ_PERSISTER (persister), NULL);
  g_assert_true (restore_file (controller, &error));
  g_assert_no_error (error);
  gq_assert_json (gq_query_state_get_data (gq_test_state_of (&second, key)), "[\"milk\", \"eggs\", \"tea\"]");
  g_clear_object (&controller);
  gq_query_client_clear (second.client);

  /* Truncated by a crash of something else: discarded, with a warning
   * naming the file. */
  g_clear_pointer (&after, g_free);
  after = read_text (t.path);
  truncated = g_strndup (after, strlen (after) / 2);
  write_text (t.path, truncated);
  controller = controller_new (&second, GQ_PERSISTER (persister), NULL);
  pattern = g_strdup_printf ("*The cache “%s” is corrupt:*", t.path);
  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, pattern);
  g_assert_false (restore_file (controller, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT);
  g_assert_false (g_file_test (t.path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (&second)), ==, 0);

  g_clear_object (&controller);
  gq_test_env_clear (&second);
  g_clear_object (&persister);
  temp_dir_clear (&t);
  saves_clear (&saves);
}

/* On disk too: a newer version's file is left byte for byte, whatever
 * the application does; a foreign file is removed. */
static void
test_file_newer_and_foreign (void)
{
  TempDir t;
  GqTestEnv env;
  g_autoptr(GqFilePersister) persister = NULL;
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) key = key_new ("todos");
  g_autoptr(GError) error = NULL;
  g_autofree char *newer = document_text ("gquery-persist", 7, GQ_TEST_START_TIME, "", "{\"unknown\": [1]}");
  g_autofree char *after = NULL;
  g_autofree char *pattern = NULL;

  temp_dir_init (&t);
  persister = gq_file_persister_new (t.path);
  gq_test_env_init (&env);

  write_text (t.path, newer);
  controller = controller_new (&env, GQ_PERSISTER (persister), NULL);
  pattern = g_strdup_printf ("The cache “%s” was written by a newer version of gquery (format version 7*", t.path);
  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, pattern);
  g_assert_false (restore_file (controller, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_NEWER_VERSION);
  g_clear_error (&error);

  gq_test_set_data (&env, key, "[1]");
  gq_test_advance (&env, 1000);
  g_assert_false (flush_file (controller, &error));
  g_assert_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_NEWER_VERSION);
  g_clear_error (&error);
  after = read_text (t.path);
  g_assert_cmpstr (after, ==, newer);
  g_clear_object (&controller);

  write_text (t.path, "{\"settings\": {\"theme\": \"dark\"}}");
  controller = controller_new (&env, GQ_PERSISTER (persister), NULL);
  g_clear_pointer (&pattern, g_free);
  pattern = g_strdup_printf ("Discarding the persisted cache: “%s” is not a gquery cache", t.path);
  g_test_expect_message ("Gq", G_LOG_LEVEL_WARNING, pattern);
  g_assert_false (restore_file (controller, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_FOREIGN);
  g_assert_false (g_file_test (t.path, G_FILE_TEST_EXISTS));
  g_assert_true (flush_file (controller, NULL));
  g_assert_true (g_file_test (t.path, G_FILE_TEST_EXISTS));

  g_clear_object (&controller);
  gq_test_env_clear (&env);
  g_clear_object (&persister);
  temp_dir_clear (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Persist/controller/round-trip", test_controller_round_trip);
  g_test_add_func ("/Gq/Persist/controller/throttle", test_controller_throttle);
  g_test_add_func ("/Gq/Persist/controller/saves-on-cache-changes-only", test_controller_saves_on_cache_changes_only);
  g_test_add_func ("/Gq/Persist/controller/max-age", test_controller_max_age);
  g_test_add_func ("/Gq/Persist/controller/buster", test_controller_buster);
  g_test_add_func ("/Gq/Persist/controller/discards-bad-documents", test_controller_discards_bad_documents);
  g_test_add_func ("/Gq/Persist/controller/keeps-newer-version", test_controller_keeps_newer_version);
  g_test_add_func ("/Gq/Persist/controller/save-failure", test_controller_save_failure);
  g_test_add_func ("/Gq/Persist/controller/waits-for-restore", test_controller_waits_for_restore);
  g_test_add_func ("/Gq/Persist/controller/flush", test_controller_flush);
  g_test_add_func ("/Gq/Persist/controller/dropped", test_controller_dropped);
  g_test_add_func ("/Gq/Persist/controller/dehydrate-options", test_controller_dehydrate_options);
  g_test_add_func ("/Gq/Persist/mutations/survive-restart", test_controller_mutations_survive_restart);
  g_test_add_func ("/Gq/Persist/mutations/wait-for-network", test_controller_mutations_wait_for_network);
  g_test_add_func ("/Gq/Persist/mutations/no-automatic-resume", test_controller_no_automatic_resume);
  g_test_add_func ("/Gq/Persist/file/round-trip", test_file_round_trip);
  g_test_add_func ("/Gq/Persist/file/corrupt", test_file_corrupt);
  g_test_add_func ("/Gq/Persist/file/failed-write-keeps-old-file", test_file_failed_write_keeps_old_file);
  g_test_add_func ("/Gq/Persist/file/last-save-wins", test_file_last_save_wins);
  g_test_add_func ("/Gq/Persist/file/default-path", test_file_default_path);
  g_test_add_func ("/Gq/Persist/file/controller", test_file_controller);
  g_test_add_func ("/Gq/Persist/file/newer-and-foreign", test_file_newer_and_foreign);

  return g_test_run ();
}
