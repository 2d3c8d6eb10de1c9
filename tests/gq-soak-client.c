/* gq-soak-client.c: the application of the soak test
 *
 *   gq-soak-client BASE_URI CACHE SEED OPERATIONS RUN
 *
 * Plays the operation script of SEED (gq-soak-script.h) against the demo
 * server: creates, edits and deletes tasks through mutations with retries
 * (GqRestSource's mutation functions, one Idempotency-Key per mutation),
 * goes offline and online at random points (seeded with SEED and RUN),
 * and keeps its cache in CACHE (GqFilePersister) so that a restart after
 * a SIGKILL carries on where the last run stopped.
 *
 * Exactly once, whatever the moment of the kill: a batch of operations is
 * queued while offline, so none is sent before the cache that holds them
 * (with their idempotency keys and the progress that counts them) is on
 * disk; only then does the client go online. After a restart, the
 * mutations of the cache are resumed with the keys they were saved with:
 * a write the server already applied is answered from its idempotency
 * store, not applied again. The id of a created record is saved with the
 * progress when its create succeeds; a create killed before that is
 * resumed, and the server's replay gives the id of the record it made.
 *
 * Prints "progress N" each time a batch is safely queued, and "done N"
 * when the whole script was applied. Exit status 1 with a line on stderr
 * when a mutation fails for good.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include "gquery.h"
#include "gq-soak-script.h"

#define MAX_BATCH 24

typedef struct
{
  GMainLoop           *loop;
  GqQueryClient       *client;
  GqOnlineManager     *online;
  GqPersistController *controller;
  GqRestSource        *source;
  GqSoakScript        *script;
  GRand               *rand;
  GPtrArray           *observers;
  guint32              seed;
  guint                poll_id;
  guint                offline_ticks;
  int                  status;
} Client;

static JsonNode *
progress_key (void)
{
  return gq_key_new ("soak", "progress", NULL);
}

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  printf ("\n");
  fflush (stdout);
}

static void
fail (Client     *client,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
fail (Client     *client,
      const char *format,
      ...)
{
  va_list args;

  fprintf (stderr, "gq-soak-client: ");
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fprintf (stderr, "\n");
  client->status = 1;
  g_main_loop_quit (client->loop);
}

/* {"next": N, "ids": {"record": id}} */
static JsonObject *
get_progress (Client *client)
{
  g_autoptr(JsonNode) key = progress_key ();
  JsonNode *data = gq_query_client_get_query_data (client->client, key);

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return NULL;

  return json_node_get_object (data);
}

static guint
get_next (Client *client)
{
  JsonObject *progress = get_progress (client);

  return progress ? (guint) json_object_get_int_member (progress, "next") : 0;
}

static gint64
get_record_id (Client *client,
               guint   record)
{
  JsonObject *progress = get_progress (client);
  g_autofree char *name = g_strdup_printf ("%u", record);
  JsonObject *ids;

  if (progress == NULL)
    return -1;

  ids = json_object_get_object_member (progress, "ids");

  return json_object_has_member (ids, name) ? json_object_get_int_member (ids, name) : -1;
}

static void
set_progress (Client *client,
              guint   next,
              int     record,
              gint64  id)
{
  g_autoptr(JsonNode) key = progress_key ();
  JsonObject *old = get_progress (client);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonObject *ids = json_object_new ();
  g_autoptr(JsonNode) stored = NULL;

  if (old != NULL)
    {
      JsonObject *old_ids = json_object_get_object_member (old, "ids");
      g_autoptr(GList) names = json_object_get_members (old_ids);

      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_int_member (ids, l->data, json_object_get_int_member (old_ids, l->data));
    }

  if (record >= 0)
    {
      g_autofree char *name = g_strdup_printf ("%d", record);

      json_object_set_int_member (ids, name, id);
    }

  json_object_set_int_member (object, "next", next);
  json_object_set_object_member (object, "ids", ids);
  json_node_take_object (node, object);

  stored = gq_query_client_set_query_data (client->client, key, node, 0);
}

/* A create succeeded: its record's id joins the progress, in the same
 * iteration, so that the next save holds both or neither. */
static void
on_mutation_success (GqMutation  *mutation,
                     JsonNode    *data,
                     JsonNode    *variables,
                     JsonNode    *context,
                     gpointer     user_data,
                     GError     **error)
{
  Client *client = user_data;
  JsonNode *meta = gq_mutation_get_meta (mutation);
  JsonObject *meta_object = meta ? json_node_get_object (meta) : NULL;

  if (meta_object == NULL ||
      !g_str_equal (json_object_get_string_member (meta_object, "method"), "POST"))
    return;

  set_progress (client, get_next (client),
                (int) json_object_get_int_member (meta_object, "record"),
                json_object_get_int_member (json_node_get_object (data), "id"));
}

/* The mutation function of every soak mutation: the method is in the
 * meta, which the cache saves, so a restored mutation sends what it was
 * made to send. */
static void
soak_mutation_func (GqMutationContext *context,
                    gpointer           user_data)
{
  JsonNode *meta = gq_mutation_context_get_meta (context);
  const char *method = json_object_get_string_member (json_node_get_object (meta), "method");

  if (g_str_equal (method, "POST"))
    gq_rest_source_post_func (context, user_data);
  else if (g_str_equal (method, "PATCH"))
    gq_rest_source_patch_func (context, user_data);
  else
    gq_rest_source_delete_func (context, user_data);
}

/* Failures are short-lived here (injected 503s and drops): retry soon,
 * rather than after the server's Retry-After of a second, to keep the
 * soak within minutes. */
static gint64
soak_retry_delay (guint         failure_count,
                  const GError *error,
                  gpointer      user_data)
{
  return MIN (20 * (gint64) failure_count, 200);
}

static void step (Client *client);

static void
on_batch_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_persist_controller_flush_finish (client->controller, result, &error))
    {
      fail (client, "saving the cache: %s", error->message);
      return;
    }

  /* On disk with their keys: they may leave now (or after a while
   * offline). */
  say ("progress %u", get_next (client));
  client->offline_ticks = g_rand_int_range (client->rand, 0, 4) == 0
                          ? (guint) g_rand_int_range (client->rand, 1, 10) : 0;
  if (client->offline_ticks == 0)
    gq_online_manager_set_online (client->online, TRUE);
}

static JsonNode *
operation_variables (Client          *client,
                     guint            index,
                     gint64           id)
{
  const GqSoakOperation *op = &client->script->operations[index];
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *title = gq_soak_script_title (client->seed, op->record);
  g_autofree char *tag = g_strdup_printf ("op-%u", index);

  if (op->kind == GQ_SOAK_DELETE)
    return json_node_init_int (json_node_alloc (), id);

  json_builder_begin_object (builder);
  if (op->kind == GQ_SOAK_CREATE)
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, title);
      json_builder_set_member_name (builder, "projectId");
      json_builder_add_int_value (builder, 1 + op->record % 5);
    }
  else
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
    }
  json_builder_set_member_name (builder, "priority");
  json_builder_add_int_value (builder, op->priority);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, op->done);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, tag);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
queue_operation (Client *client,
                 guint   index,
                 gint64  id)
{
  static const char * const methods[] = { "POST", "PATCH", "DELETE" };
  const GqSoakOperation *op = &client->script->operations[index];
  g_autoptr(JsonNode) key = gq_key_new ("tasks", NULL);
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (key);
  g_autoptr(JsonNode) variables = operation_variables (client, index, id);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) meta = NULL;
  g_autofree char *scope = g_strdup_printf ("record-%u", op->record);
  GqMutationObserver *observer;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, methods[op->kind]);
  json_builder_set_member_name (builder, "record");
  json_builder_add_int_value (builder, op->record);
  json_builder_end_object (builder);
  meta = json_builder_get_root (builder);

  gq_mutation_options_set_meta (options, meta);
  /* One record's writes go out in order. */
  gq_mutation_options_set_scope_id (options, scope);

  observer = gq_mutation_observer_new (client->client, options);
  gq_mutation_observer_mutate (observer, variables, NULL, NULL, NULL);
  g_ptr_array_add (client->observers, observer);
}

/* Queues the next batch while offline, then saves. */
static void
queue_batch (Client *client)
{
  guint next = get_next (client);
  guint size = (guint) g_rand_int_range (client->rand, 1, MAX_BATCH + 1);
  g_autoptr(GHashTable) created = g_hash_table_new (NULL, NULL);
  guint end;

  gq_online_manager_set_online (client->online, FALSE);

  for (end = next; end < client->script->n_operations && end - next < size; end++)
    {
      const GqSoakOperation *op = &client->script->operations[end];
      gint64 id = -1;

      if (op->kind == GQ_SOAK_CREATE)
        g_hash_table_add (created, GUINT_TO_POINTER (op->record + 1));
      else if (g_hash_table_contains (created, GUINT_TO_POINTER (op->record + 1)) ||
               (id = get_record_id (client, op->record)) < 0)
        break;  /* its id comes with the create's answer: next batch */

      queue_operation (client, end, id);
    }

  set_progress (client, end, -1, 0);
  gq_persist_controller_flush_async (client->controller, NULL, on_batch_saved, client);
}

/* Between batches: every mutation settled; the succeeded ones are let
 * go (their effect is in the progress). */
static gboolean
collect_settled (Client *client)
{
  GqMutationCache *cache = gq_query_client_get_mutation_cache (client->client);
  g_autoptr(GPtrArray) mutations = gq_mutation_cache_get_all (cache);

  for (guint i = 0; i < mutations->len; i++)
    {
      GqMutation *mutation = g_ptr_array_index (mutations, i);

      switch (gq_mutation_get_status (mutation))
        {
        case GQ_MUTATION_STATUS_SUCCESS:
          break;

        case GQ_MUTATION_STATUS_ERROR:
          {
            const GError *error = gq_mutation_state_get_error (gq_mutation_get_state (mutation));

            fail (client, "mutation %s failed: %s", gq_mutation_get_idempotency_key (mutation),
                  error ? error->message : "?");
            return FALSE;
          }

        default:
          return TRUE;
        }
    }

  g_ptr_array_set_size (client->observers, 0);
  for (guint i = 0; i < mutations->len; i++)
    gq_mutation_cache_remove (cache, g_ptr_array_index (mutations, i));

  step (client);
  return FALSE;
}

static void
on_done_saved (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_persist_controller_flush_finish (client->controller, result, &error))
    fail (client, "saving the cache: %s", error->message);
  else
    g_main_loop_quit (client->loop);
}

static void
step (Client *client)
{
  guint next = get_next (client);

  if (next >= client->script->n_operations)
    {
      say ("done %u", next);
      gq_persist_controller_flush_async (client->controller, NULL, on_done_saved, client);
      return;
    }

  queue_batch (client);
}

/* Every 10 ms: the network comes and goes; a batch that settled makes
 * way for the next. */
static gboolean
poll_cb (gpointer user_data)
{
  Client *client = user_data;
  GqMutationCache *cache = gq_query_client_get_mutation_cache (client->client);
  gboolean online = gq_online_manager_is_online (client->online);

  if (client->offline_ticks > 0)
    {
      if (--client->offline_ticks == 0)
        gq_online_manager_set_online (client->online, TRUE);
      return G_SOURCE_CONTINUE;
    }

  if (!online)
    return G_SOURCE_CONTINUE;

  /* Now and then the network drops under requests in flight. */
  if (g_rand_int_range (client->rand, 0, 40) == 0 && gq_mutation_cache_get_size (cache) > 0)
    {
      gq_online_manager_set_online (client->online, FALSE);
      client->offline_ticks = (guint) g_rand_int_range (client->rand, 1, 10);
      return G_SOURCE_CONTINUE;
    }

  collect_settled (client);

  return G_SOURCE_CONTINUE;
}

static void
on_resumed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_query_client_resume_paused_mutations_finish (client->client, result, &error))
    {
      fail (client, "resuming the mutations: %s", error->message);
      return;
    }

  client->poll_id = g_timeout_add (10, poll_cb, client);
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;
  GqMutationCache *cache = gq_query_client_get_mutation_cache (client->client);

  if (!gq_persist_controller_restore_finish (client->controller, result, &error))
    {
      fail (client, "restoring the cache: %s", error->message);
      return;
    }

  say ("restored %u %u", get_next (client), gq_mutation_cache_get_size (cache));
  gq_online_manager_set_online (client->online, TRUE);
  gq_query_client_resume_paused_mutations_async (client->client, NULL, on_resumed, client);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GqFocusManager) focus = NULL;
  g_autoptr(GqOnlineManager) online = NULL;
  g_autoptr(GqQueryClient) query_client = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GqRestSource) source = NULL;
  g_autoptr(GqFilePersister) persister = NULL;
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GqSoakScript) script = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) observers = NULL;
  Client client = { 0 };
  guint32 seed;
  guint run;

  if (argc != 6)
    {
      fprintf (stderr, "usage: gq-soak-client BASE_URI CACHE SEED OPERATIONS RUN\n");
      return 2;
    }

  seed = (guint32) g_ascii_strtoull (argv[3], NULL, 10);
  script = gq_soak_script_new (seed, (guint) g_ascii_strtoull (argv[4], NULL, 10));
  run = (guint) g_ascii_strtoull (argv[5], NULL, 10);
  rand = g_rand_new_with_seed (seed * 7919 + run);
  observers = g_ptr_array_new_with_free_func (g_object_unref);

  focus = gq_focus_manager_new ();
  gq_focus_manager_set_focused (focus, TRUE);
  online = gq_online_manager_new (NULL);
  gq_online_manager_set_online (online, FALSE);
  query_client = gq_query_client_new_full (NULL, focus, online);
  /* Coming back online resumes the paused mutations. */
  gq_query_client_mount (query_client);

  session = soup_session_new_with_options ("max-conns-per-host", 8, "timeout", 10, NULL);
  source = gq_rest_source_new_with_session (argv[1], session);
  key = gq_key_new ("tasks", NULL);
  defaults = gq_mutation_options_new (NULL);
  gq_mutation_options_set_mutation_func (defaults, soak_mutation_func,
                                         g_object_ref (source), g_object_unref);
  gq_mutation_options_set_retry_func (defaults, gq_rest_source_retry_func,
                                      g_object_ref (source), g_object_unref);
  gq_mutation_options_set_retry_delay_func (defaults, soak_retry_delay, NULL, NULL);
  /* Before the restore: restored mutations take their function from the
   * defaults. */
  gq_query_client_set_mutation_defaults (query_client, key, defaults);
  gq_rest_source_set_retry (source, 50);

  loop = g_main_loop_new (NULL, FALSE);
  client.loop = loop;
  client.client = query_client;
  client.online = online;
  client.source = source;
  client.script = script;
  client.rand = rand;
  client.seed = seed;
  client.observers = observers;

  gq_mutation_cache_set_on_success_func (gq_query_client_get_mutation_cache (query_client),
                                         on_mutation_success, &client, NULL);

  persister = gq_file_persister_new (argv[2]);
  controller = gq_persist_controller_new (query_client, GQ_PERSISTER (persister));
  client.controller = controller;
  gq_persist_controller_set_throttle_time (controller, 50);
  gq_persist_controller_set_resume_paused_mutations (controller, FALSE);

  gq_persist_controller_restore_async (controller, NULL, on_restored, &client);
  g_main_loop_run (loop);

  g_clear_handle_id (&client.poll_id, g_source_remove);
  g_ptr_array_set_size (observers, 0);
  gq_query_client_clear (query_client);

  return client.status;
}
