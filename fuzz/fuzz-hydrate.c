/* fuzz-hydrate.c: a client restored from an arbitrary persisted file
 *
 * The bytes are written as the cache file of a GqFilePersister and
 * restored through a GqPersistController into a client: the file's parse,
 * the envelope's checks and gq_hydrate () of whatever it holds. A file
 * that is not a cache is refused with an error, never a crash; one that
 * is, is hydrated, and the client then dehydrates again.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "gquery.h"
#include "gq-fuzz.h"

static char *path;

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_persist_controller_restore_finish (GQ_PERSIST_CONTROLLER (object), result, &error))
    g_assert_nonnull (error);
  *done = TRUE;
}

static void
ignore_log (const char     *log_domain,
            GLogLevelFlags  log_level,
            const char     *message,
            gpointer        user_data)
{
}

static void
cleanup (void)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
  g_clear_pointer (&path, g_free);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GqQueryClient) client = NULL;
  g_autoptr(GqFilePersister) persister = NULL;
  g_autoptr(GqPersistController) controller = NULL;
  g_autoptr(JsonNode) state = NULL;
  gboolean done = FALSE;

  gq_fuzz_init ();
  if (path == NULL)
    {
      /* The controller warns, by design, when it discards a file that is
       * not a cache: expected here; criticals still abort. */
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
      g_log_set_handler ("Gq", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE, ignore_log, NULL);

      g_autofree char *dir = g_dir_make_tmp ("gq-fuzz-hydrate-XXXXXX", NULL);

      g_assert_nonnull (dir);
      path = g_build_filename (dir, "cache.json", NULL);
      atexit (cleanup);
    }

  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) size, NULL));

  client = gq_query_client_new ();
  persister = gq_file_persister_new (path);
  controller = gq_persist_controller_new (client, GQ_PERSISTER (persister));
  /* Old timestamps are the common case of a fuzzed file: let them in. */
  gq_persist_controller_set_max_age (controller, G_MAXINT64);

  gq_persist_controller_restore_async (controller, NULL, on_restored, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  state = gq_dehydrate (client, NULL);
  g_assert_nonnull (state);

  g_clear_object (&controller);
  gq_query_client_clear (client);
  /* What the controller and the client left behind. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return 0;
}
