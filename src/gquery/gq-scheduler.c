/* gq-scheduler.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-scheduler.h"

/**
 * GqScheduler:
 *
 * The clock every engine timer goes through: stale timers, garbage
 * collection, retry delays and refetch intervals (TanStack's
 * `timeoutManager`).
 *
 * The default implementation reads the wall clock and runs timers as
 * one-shot [struct@GLib.Source]s on the thread-default main context of the
 * caller. Subclasses replace the clock, for example
 * [class@Gq.ManualScheduler], which lets tests move time by hand.
 */

typedef struct
{
  /* Guards @timers and @next_id: a scheduler may be shared by clients
   * living on different threads, each with its own main context. */
  GMutex      lock;
  /* id → GSource (owned) of every timer that has neither fired nor been
   * removed. */
  GHashTable *timers;
  guint       next_id;
} GqSchedulerPrivate;

typedef struct
{
  GqScheduler    *scheduler;   /* unowned: dispose destroys every source */
  guint           id;
  GSourceOnceFunc func;
  gpointer        data;
  GDestroyNotify  destroy;
} Timer;

G_DEFINE_TYPE_WITH_PRIVATE (GqScheduler, gq_scheduler, G_TYPE_OBJECT)

static void
timer_free (gpointer user_data)
{
  Timer *timer = user_data;

  /* Reached with @destroy still set only when the timer was removed (or
   * its scheduler disposed) before it fired. */
  if (timer->destroy != NULL)
    timer->destroy (timer->data);

  g_free (timer);
}

static gboolean
timer_dispatch (gpointer user_data)
{
  Timer *timer = user_data;
  GqSchedulerPrivate *priv;
  GSource *source = NULL;
  GSourceOnceFunc func;
  gpointer data;
  GDestroyNotify destroy;

  g_assert (GQ_IS_SCHEDULER (timer->scheduler));

  priv = gq_scheduler_get_instance_private (timer->scheduler);

  g_mutex_lock (&priv->lock);
  if (!g_hash_table_steal_extended (priv->timers,
                                    GUINT_TO_POINTER (timer->id),
                                    NULL, (gpointer *) &source))
    source = NULL;
  g_mutex_unlock (&priv->lock);

  /* Removed from another thread between the source becoming ready and
   * now: whoever removed it owns the destroy notification. */
  if (source == NULL)
    return G_SOURCE_REMOVE;

  func = timer->func;
  data = timer->data;
  destroy = timer->destroy;

  /* The callback may drop the last reference to the scheduler, so
   * nothing below touches it; and timer_free must not notify twice. */
  timer->scheduler = NULL;
  timer->destroy = NULL;

  g_source_unref (source);

  func (data);

  if (destroy != NULL)
    destroy (data);

  return G_SOURCE_REMOVE;
}

static gint64
gq_scheduler_real_now (GqScheduler *self)
{
  return g_get_real_time () / 1000;
}

static guint
gq_scheduler_real_add_timeout (GqScheduler    *self,
                               gint64          delay_ms,
                               GSourceOnceFunc func,
                               gpointer        data,
                               GDestroyNotify  destroy)
{
  GqSchedulerPrivate *priv = gq_scheduler_get_instance_private (self);
  g_autoptr(GMainContext) context = NULL;
  GSource *source;
  Timer *timer;
  guint interval;
  guint id;

  if (delay_ms <= 0)
    interval = 0;
  else if (delay_ms > G_MAXUINT)
    interval = G_MAXUINT;
  else
    interval = (guint) delay_ms;

  timer = g_new0 (Timer, 1);
  timer->scheduler = self;
  timer->func = func;
  timer->data = data;
  timer->destroy = destroy;

  source = g_timeout_source_new (interval);
  g_source_set_static_name (source, "[gquery] scheduler timeout");
  g_source_set_callback (source, timer_dispatch, timer, timer_free);

  g_mutex_lock (&priv->lock);
  /* Skip 0 and, after the counter wraps, ids still pending. */
  do
    id = ++priv->next_id;
  while (id == 0 || g_hash_table_contains (priv->timers, GUINT_TO_POINTER (id)));
  timer->id = id;
  g_hash_table_insert (priv->timers, GUINT_TO_POINTER (id), source);
  g_mutex_unlock (&priv->lock);

  /* Attached last so that the id is known to the table before the source
   * can fire on another thread's context. */
  context = g_main_context_ref_thread_default ();
  g_source_attach (source, context);

  return id;
}

static void
gq_scheduler_real_remove (GqScheduler *self,
                          guint        id)
{
  GqSchedulerPrivate *priv = gq_scheduler_get_instance_private (self);
  GSource *source = NULL;
  gboolean found;

  if (id == 0)
    return;

  g_mutex_lock (&priv->lock);
  found = g_hash_table_steal_extended (priv->timers, GUINT_TO_POINTER (id),
                                       NULL, (gpointer *) &source);
  g_mutex_unlock (&priv->lock);

  if (!found)
    return;

  /* Destroying the source drops its callback data, which runs the
   * destroy notification; done outside the lock as it is user code. */
  g_source_destroy (source);
  g_source_unref (source);
}

static void
gq_scheduler_remove_all (GqScheduler *self)
{
  GqSchedulerPrivate *priv = gq_scheduler_get_instance_private (self);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&priv->lock);
  g_hash_table_iter_init (&iter, priv->timers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (sources, value);
      g_hash_table_iter_steal (&iter);
    }
  g_mutex_unlock (&priv->lock);

  for (guint i = 0; i < sources->len; i++)
    {
      GSource *source = g_ptr_array_index (sources, i);

      g_source_destroy (source);
      g_source_unref (source);
    }
}

static void
gq_scheduler_dispose (GObject *object)
{
  gq_scheduler_remove_all (GQ_SCHEDULER (object));

  G_OBJECT_CLASS (gq_scheduler_parent_class)->dispose (object);
}

static void
gq_scheduler_finalize (GObject *object)
{
  GqScheduler *self = GQ_SCHEDULER (object);
  GqSchedulerPrivate *priv = gq_scheduler_get_instance_private (self);

  /* Timers added from a destroy notification run during dispose. */
  gq_scheduler_remove_all (self);

  g_clear_pointer (&priv->timers, g_hash_table_unref);
  g_mutex_clear (&priv->lock);

  G_OBJECT_CLASS (gq_scheduler_parent_class)->finalize (object);
}

static void
gq_scheduler_class_init (GqSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gq_scheduler_dispose;
  object_class->finalize = gq_scheduler_finalize;

  klass->now = gq_scheduler_real_now;
  klass->add_timeout = gq_scheduler_real_add_timeout;
  klass->remove = gq_scheduler_real_remove;
}

static void
gq_scheduler_init (GqScheduler *self)
{
  GqSchedulerPrivate *priv = gq_scheduler_get_instance_private (self);

  g_mutex_init (&priv->lock);
  priv->timers = g_hash_table_new (NULL, NULL);
}

/**
 * gq_scheduler_new:
 *
 * Creates a scheduler on the wall clock whose timers run on the
 * thread-default main context of the code that adds them.
 *
 * Returns: (transfer full): a new [class@Gq.Scheduler]
 */
GqScheduler *
gq_scheduler_new (void)
{
  return g_object_new (GQ_TYPE_SCHEDULER, NULL);
}

/**
 * gq_scheduler_get_default:
 *
 * Gets the process-wide wall-clock scheduler, created on first use.
 *
 * Returns: (transfer none): the default [class@Gq.Scheduler]
 */
GqScheduler *
gq_scheduler_get_default (void)
{
  static GqScheduler *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, gq_scheduler_new ());

  return instance;
}

/**
 * gq_scheduler_now:
 * @self: a [class@Gq.Scheduler]
 *
 * Reads the scheduler's clock. Every timestamp of the engine
 * (`data-updated-at`, staleness) is measured on it.
 *
 * Returns: the current time in milliseconds since the Unix epoch
 */
gint64
gq_scheduler_now (GqScheduler *self)
{
  g_return_val_if_fail (GQ_IS_SCHEDULER (self), 0);

  return GQ_SCHEDULER_GET_CLASS (self)->now (self);
}

/**
 * gq_scheduler_add_timeout:
 * @self: a [class@Gq.Scheduler]
 * @delay_ms: the delay in milliseconds; negative delays count as 0
 * @func: (scope notified) (closure data) (destroy destroy): the function
 *   to call once the delay has passed
 * @data: (nullable): the data passed to @func
 * @destroy: (nullable): called on @data after @func ran, or when the
 *   timeout is removed before firing
 *
 * Calls @func once after @delay_ms milliseconds. A delay of 0 does not
 * call @func at once: it runs on a later main-loop iteration.
 *
 * Returns: a non-zero id for [method@Gq.Scheduler.remove]
 */
guint
gq_scheduler_add_timeout (GqScheduler    *self,
                          gint64          delay_ms,
                          GSourceOnceFunc func,
                          gpointer        data,
                          GDestroyNotify  destroy)
{
  g_return_val_if_fail (GQ_IS_SCHEDULER (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  return GQ_SCHEDULER_GET_CLASS (self)->add_timeout (self, delay_ms, func, data, destroy);
}

/**
 * gq_scheduler_remove:
 * @self: a [class@Gq.Scheduler]
 * @id: an id returned by [method@Gq.Scheduler.add_timeout]
 *
 * Cancels a timeout that has not fired yet; its destroy notification runs
 * at once. Removing a timeout that already fired, or an unknown id, does
 * nothing.
 */
void
gq_scheduler_remove (GqScheduler *self,
                     guint        id)
{
  g_return_if_fail (GQ_IS_SCHEDULER (self));

  GQ_SCHEDULER_GET_CLASS (self)->remove (self, id);
}
