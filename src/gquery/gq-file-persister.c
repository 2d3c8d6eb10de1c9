/* gq-file-persister.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <glib/gstdio.h>

#include "gq-file-persister.h"
#include "gq-persister.h"

/**
 * GqFilePersister:
 *
 * A [iface@Gq.Persister] that keeps the cache in a JSON file, by default
 * `gquery-cache.json` in the application's folder of the user's cache
 * directory ([func@Gq.FilePersister.get_default_path]).
 *
 * Writes are atomic: the document goes to a temporary file in the same
 * folder, which is flushed to disk and renamed over the old one, so a
 * crash, a full disk or a kill leaves either the old file or the new one,
 * never a mix. The file is created readable by its owner only (mode
 * 0600), in a folder created with mode 0700: it holds the user's data.
 *
 * Reading, parsing, writing and removing run in a worker thread. When
 * saves overlap, the one started last wins: an older save that reaches
 * the disk after a newer one is dropped.
 */

struct _GqFilePersister
{
  GObject  parent_instance;

  char    *path;

  /* Orders the operations of the worker threads: each gets a sequence
   * number when started; one older than what reached the disk is moot. */
  GMutex   lock;
  guint64  started;
  guint64  done;
};

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void persister_iface_init (GqPersisterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GqFilePersister, gq_file_persister, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GQ_TYPE_PERSISTER, persister_iface_init))

typedef struct
{
  guint64   seq;
  /* Borrowed from the outer task, which lives until this job is done:
   * the tree is released on the main thread, where it was built. */
  JsonNode *persisted;
} Job;

/* Returns whether the job is still the newest: if so, it runs with the
 * lock held. */
static gboolean
job_begin (GqFilePersister *self,
           guint64          seq)
{
  g_mutex_lock (&self->lock);

  if (seq <= self->done)
    {
      g_mutex_unlock (&self->lock);
      return FALSE;
    }

  return TRUE;
}

static void
job_end (GqFilePersister *self,
         guint64          seq,
         gboolean         reached_disk)
{
  if (reached_disk)
    self->done = seq;

  g_mutex_unlock (&self->lock);
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GqFilePersister *self = source_object;
  Job *job = task_data;
  g_autofree char *text = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GError) error = NULL;
  gboolean written;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* A newer save is already on disk. */
  if (!job_begin (self, job->seq))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  text = json_to_string (job->persisted, FALSE);
  folder = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      job_end (self, job->seq, FALSE);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "Could not create the folder of the cache “%s”: %s",
                               folder, g_strerror (saved_errno));
      return;
    }

  written = g_file_set_contents_full (self->path, text, -1,
                                      G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                      0600, &error);
  job_end (self, job->seq, written);

  if (!written)
    {
      g_prefix_error (&error, "Could not save the cache: ");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

static void
gq_file_persister_save_async (GqPersister         *persister,
                              JsonNode            *persisted,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GqFilePersister *self = GQ_FILE_PERSISTER (persister);
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  JsonNode *held;
  Job *job;

  held = json_node_ref (persisted);
  json_node_seal (held);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, gq_file_persister_save_async);
  g_task_set_task_data (outer, held, (GDestroyNotify) json_node_unref);

  job = g_new0 (Job, 1);
  job->seq = ++self->started;
  job->persisted = held;

  inner = g_task_new (self, cancellable, save_done, g_object_ref (outer));
  g_task_set_task_data (inner, job, g_free);
  g_task_run_in_thread (inner, save_in_thread);
}

static gboolean
gq_file_persister_save_finish (GqPersister   *persister,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, persister), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
restore_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GqFilePersister *self = source_object;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean read;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  read = g_file_get_contents (self->path, &contents, &length, &error);
  g_mutex_unlock (&self->lock);

  if (!read)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_task_return_pointer (task, NULL, NULL);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, contents, length, &error))
    {
      g_task_return_new_error (task, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT,
                               "The cache “%s” is corrupt: %s", self->path, error->message);
      return;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_task_return_new_error (task, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT,
                               "The cache “%s” is corrupt: it is empty", self->path);
      return;
    }

  g_task_return_pointer (task, json_node_ref (json_parser_get_root (parser)),
                         (GDestroyNotify) json_node_unref);
}

static void
gq_file_persister_restore_async (GqPersister         *persister,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (persister, cancellable, callback, user_data);

  g_task_set_source_tag (task, gq_file_persister_restore_async);
  g_task_run_in_thread (task, restore_in_thread);
}

static JsonNode *
gq_file_persister_restore_finish (GqPersister   *persister,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, persister), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GqFilePersister *self = source_object;
  guint64 seq = GPOINTER_TO_SIZE (task_data);
  int saved_errno = 0;
  gboolean removed;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* A save started after this removal is on disk: keep it. */
  if (!job_begin (self, seq))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  removed = g_unlink (self->path) == 0 || (saved_errno = errno) == ENOENT;
  job_end (self, seq, removed);

  if (!removed)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "Could not remove the cache “%s”: %s",
                               self->path, g_strerror (saved_errno));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
gq_file_persister_remove_async (GqPersister         *persister,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GqFilePersister *self = GQ_FILE_PERSISTER (persister);
  g_autoptr(GTask) task = g_task_new (persister, cancellable, callback, user_data);

  g_task_set_source_tag (task, gq_file_persister_remove_async);
  g_task_set_task_data (task, GSIZE_TO_POINTER (++self->started), NULL);
  g_task_run_in_thread (task, remove_in_thread);
}

static gboolean
gq_file_persister_remove_finish (GqPersister   *persister,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, persister), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
gq_file_persister_describe (GqPersister *persister)
{
  return g_strdup (GQ_FILE_PERSISTER (persister)->path);
}

static void
persister_iface_init (GqPersisterInterface *iface)
{
  iface->save_async = gq_file_persister_save_async;
  iface->save_finish = gq_file_persister_save_finish;
  iface->restore_async = gq_file_persister_restore_async;
  iface->restore_finish = gq_file_persister_restore_finish;
  iface->remove_async = gq_file_persister_remove_async;
  iface->remove_finish = gq_file_persister_remove_finish;
  iface->describe = gq_file_persister_describe;
}

static void
gq_file_persister_constructed (GObject *object)
{
  GqFilePersister *self = (GqFilePersister *)object;

  G_OBJECT_CLASS (gq_file_persister_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = gq_file_persister_get_default_path ();
}

static void
gq_file_persister_finalize (GObject *object)
{
  GqFilePersister *self = (GqFilePersister *)object;

  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (gq_file_persister_parent_class)->finalize (object);
}

static void
gq_file_persister_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GqFilePersister *self = GQ_FILE_PERSISTER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_file_persister_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GqFilePersister *self = GQ_FILE_PERSISTER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_file_persister_class_init (GqFilePersisterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gq_file_persister_constructed;
  object_class->finalize = gq_file_persister_finalize;
  object_class->get_property = gq_file_persister_get_property;
  object_class->set_property = gq_file_persister_set_property;

  /**
   * GqFilePersister:path:
   *
   * The file the cache is kept in; unset at construction, the default
   * path ([func@Gq.FilePersister.get_default_path]).
   */
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_file_persister_init (GqFilePersister *self)
{
  g_mutex_init (&self->lock);
}

/**
 * gq_file_persister_new:
 * @path: (type filename) (nullable): the file, or %NULL for the default
 *   path
 *
 * Creates a persister that keeps the cache in @path. The file and its
 * folder are created on the first save.
 *
 * Returns: (transfer full): a new persister
 */
GqFilePersister *
gq_file_persister_new (const char *path)
{
  return g_object_new (GQ_TYPE_FILE_PERSISTER, "path", path, NULL);
}

/**
 * gq_file_persister_get_path:
 * @self: a file persister
 *
 * Gets the file the cache is kept in.
 *
 * Returns: (type filename): the path
 */
const char *
gq_file_persister_get_path (GqFilePersister *self)
{
  g_return_val_if_fail (GQ_IS_FILE_PERSISTER (self), NULL);

  return self->path;
}

/**
 * gq_file_persister_get_default_path:
 *
 * Gets where a file persister keeps the cache unless told otherwise:
 * `gquery-cache.json` in a folder of the user's cache directory
 * ([func@GLib.get_user_cache_dir]) named after the default
 * [class@Gio.Application]'s id, or else the program name.
 *
 * Returns: (transfer full) (type filename): the path
 */
char *
gq_file_persister_get_default_path (void)
{
  GApplication *application = g_application_get_default ();
  const char *name = NULL;

  if (application != NULL)
    name = g_application_get_application_id (application);
  if (name == NULL)
    name = g_get_prgname ();
  if (name == NULL)
    name = "gquery";

  return g_build_filename (g_get_user_cache_dir (), name, "gquery-cache.json", NULL);
}
