/* gq-offline-writer.c: an application that queues mutations and dies
 *
 * The helper of test-offline-restart: a client with a GqFilePersister and
 * a GqRestSource, on the real clock and a real main loop, driven by its
 * command line and reporting on stdout, one line a step.
 *
 *   gq-offline-writer queue BASE_URI CACHE COUNT PREFIX
 *       offline: POSTs COUNT tasks titled PREFIX-1 ... PREFIX-COUNT to
 *       /tasks, saves the cache, prints "queued" and waits to be killed
 *   gq-offline-writer inflight BASE_URI CACHE COUNT PREFIX
 *       online: the same POSTs, to a server that answers slowly; saves the
 *       cache while they are in flight, prints "inflight" and waits to be
 *       killed
 *   gq-offline-writer resume BASE_URI CACHE
 *       restores the cache, goes online, resumes the paused mutations,
 *       prints "key K" for the idempotency key of each and "done N" once
 *       all settled, N of them successfully, saves and exits
 *
 * Exit status 1, with a line on stderr, when something fails.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include "gquery.h"

typedef struct
{
  GMainLoop           *loop;
  GqQueryClient       *client;
  GqOnlineManager     *online;
  GqPersistController *controller;
  GqMutationObserver  *observer;
  const char          *mode;
  guint                count;
  const char          *prefix;
  int                  status;
} Writer;

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
fail (Writer       *writer,
      const char   *what,
      const GError *error)
{
  fprintf (stderr, "gq-offline-writer: %s: %s\n", what, error ? error->message : "failed");
  writer->status = 1;
  g_main_loop_quit (writer->loop);
}

/* queue and inflight */

static void
on_queued_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_persist_controller_flush_finish (writer->controller, result, &error))
    {
      fail (writer, "saving the cache", error);
      return;
    }

  /* Saved with every mutation in it: the test may kill us now. */
  say ("%s", g_str_equal (writer->mode, "queue") ? "queued" : "inflight");
}

static void
save_queued (gpointer user_data)
{
  Writer *writer = user_data;

  gq_persist_controller_flush_async (writer->controller, NULL, on_queued_saved, writer);
}

static void
queue_mutations (Writer *writer)
{
  g_autoptr(JsonNode) key = gq_key_new ("tasks", NULL);
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (key);

  gq_online_manager_set_online (writer->online, g_str_equal (writer->mode, "inflight"));
  writer->observer = gq_mutation_observer_new (writer->client, options);

  for (guint i = 1; i <= writer->count; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"title\": \"%s-%u\", \"projectId\": 1, \"done\": false}",
                                               writer->prefix, i);
      g_autoptr(JsonNode) variables = json_from_string (text, NULL);

      gq_mutation_observer_mutate (writer->observer, variables, NULL, NULL, NULL);
    }

  /* The mutation functions start in a later iteration: save after them,
   * so that in flight means sent. */
  g_idle_add_once (save_queued, writer);
}

/* resume */

static void
on_resumed_saved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_persist_controller_flush_finish (writer->controller, result, &error))
    fail (writer, "saving the cache", error);
  else
    g_main_loop_quit (writer->loop);
}

static void
on_resumed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mutations = NULL;
  guint succeeded = 0;

  if (!gq_query_client_resume_paused_mutations_finish (writer->client, result, &error))
    {
      fail (writer, "resuming the mutations", error);
      return;
    }

  mutations = gq_mutation_cache_get_all (gq_query_client_get_mutation_cache (writer->client));
  for (guint i = 0; i < mutations->len; i++)
    {
      GqMutation *mutation = g_ptr_array_index (mutations, i);
      const GError *failure = gq_mutation_state_get_error (gq_mutation_get_state (mutation));

      say ("key %s", gq_mutation_get_idempotency_key (mutation));
      if (gq_mutation_get_status (mutation) == GQ_MUTATION_STATUS_SUCCESS)
        succeeded++;
      else
        fprintf (stderr, "gq-offline-writer: mutation %s: %s\n",
                 gq_mutation_get_idempotency_key (mutation),
                 failure ? failure->message : "not settled");
    }

  say ("done %u", succeeded);
  gq_persist_controller_flush_async (writer->controller, NULL, on_resumed_saved, writer);
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_persist_controller_restore_finish (writer->controller, result, &error))
    {
      fail (writer, "restoring the cache", error);
      return;
    }

  if (g_str_equal (writer->mode, "resume"))
    {
      gq_online_manager_set_online (writer->online, TRUE);
      gq_query_client_resume_paused_mutations_async (writer->client, NULL, on_resumed, writer);
    }
  else
    {
      queue_mutations (writer);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GqFocusManager) focus = NULL;
  g_autoptr(GqOnlineManager) online = NULL;
  g_autoptr(GqQueryClient) client = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GqRestSource) source = NULL;
  g_autoptr(GqFilePersister) persister = NULL;
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Writer writer = { 0 };

  if (argc < 4 ||
      (g_str_equal (argv[1], "resume") ? argc != 4
       : !((g_str_equal (argv[1], "queue") || g_str_equal (argv[1], "inflight")) && argc == 6)))
    {
      fprintf (stderr, "usage: gq-offline-writer queue|inflight BASE_URI CACHE COUNT PREFIX\n"
                       "       gq-offline-writer resume BASE_URI CACHE\n");
      return 2;
    }

  writer.mode = argv[1];
  if (argc == 6)
    {
      writer.count = (guint) g_ascii_strtoull (argv[4], NULL, 10);
      writer.prefix = argv[5];
    }

  focus = gq_focus_manager_new ();
  gq_focus_manager_set_focused (focus, TRUE);
  online = gq_online_manager_new (NULL);
  client = gq_query_client_new_full (NULL, focus, online);

  /* Every request on the wire at once, for the in-flight case. */
  session = soup_session_new_with_options ("max-conns-per-host", 16, NULL);
  source = gq_rest_source_new_with_session (argv[2], session);
  key = gq_key_new ("tasks", NULL);
  defaults = gq_mutation_options_new (NULL);
  gq_rest_source_setup_mutation_options (source, defaults, "POST");
  gq_mutation_options_set_retry (defaults, 3);
  gq_mutation_options_set_retry_delay (defaults, 100);
  /* Mutation defaults before the restore: restored mutations take their
   * function from them. */
  gq_query_client_set_mutation_defaults (client, key, defaults);

  persister = gq_file_persister_new (argv[3]);
  controller = gq_persist_controller_new (client, GQ_PERSISTER (persister));
  gq_persist_controller_set_throttle_time (controller, 50);
  gq_persist_controller_set_resume_paused_mutations (controller, FALSE);

  loop = g_main_loop_new (NULL, FALSE);
  writer.loop = loop;
  writer.client = client;
  writer.online = online;
  writer.controller = controller;

  gq_persist_controller_restore_async (controller, NULL, on_restored, &writer);
  g_main_loop_run (loop);

  g_clear_object (&writer.observer);
  gq_query_client_clear (client);

  return writer.status;
}
