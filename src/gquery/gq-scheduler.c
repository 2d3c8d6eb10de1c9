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
 * The default implementation reads the wall clock and runs timers on the
 * thread-default main context of the caller, all of them from one
 * [struct@GLib.Source] per context, so that thousands of timers cost the
 * main loop no more than one. Subclasses replace the clock, for example
 * [class@Gq.ManualScheduler], which lets tests move time by hand.
 */

/* The default timers share one GSource per main context, ordered by due
 * time: a cache of 100 000 queries, each with a gc timer, would otherwise
 * put 100 000 sources in the context, which walks all of them on every
 * iteration. */

typedef struct _TimerQueue TimerQueue;

typedef struct
{
  guint           id;
  gint64          due;        /* monotonic, microseconds */
  guint64         seq;
  GSourceOnceFunc func;
  gpointer        data;
  GDestroyNotify  destroy;
  TimerQueue     *queue;
  GSequenceIter  *iter;
} Timer;

struct _TimerQueue
{
  GSource      source;
  GqScheduler *scheduler;     /* unowned: dispose destroys the queues */
  GSequence   *timers;
};

typedef struct
{
  /* Guards everything below: a scheduler may be shared by clients living
   * on different threads, each with its own main context. */
  GMutex      lock;
  GHashTable *timers;         /* id → Timer, pending ones only */
  GHashTable *queues;         /* GMainContext → TimerQueue */
  guint       next_id;
  guint64     next_seq;
} GqSchedulerPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GqScheduler, gq_scheduler, G_TYPE_OBJECT)

static int
timer_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Timer *ta = a;
  const Timer *tb = b;

  if (ta->due != tb->due)
    return ta->due < tb->due ? -1 : 1;

  return ta->seq < tb->seq ? -1 : ta->seq > tb->seq;
}

/* With the lock held. */
static void
queue_update_ready_time (TimerQueue *queue)
{
  GSequenceIter *first = g_sequence_get_begin_iter (queue->timers);

  if (g_sequence_iter_is_end (first))
    g_source_set_ready_time (&queue->source, -1);
  else
    g_source_set_ready_time (&queue->source, ((Timer *) g_sequence_get (first))->due);
}

static void
timer_finish (Timer    *timer,
              gboolean  fire)
{
  if (fire)
    timer->func (timer->data);
  if (timer->destroy != NULL)
    timer->destroy (timer->data);
  g_free (timer);
}

static gboolean
queue_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  TimerQueue *queue = (TimerQueue *) source;
  /* A callback may drop the last other reference to the scheduler. */
  g_autoptr(GqScheduler) scheduler = g_object_ref (queue->scheduler);
  GqSchedulerPrivate *priv = gq_scheduler_get_instance_private (scheduler);
  gint64 now = g_get_monotonic_time ();
  guint64 limit;

  g_mutex_lock (&priv->lock);
  /* Timers added by the callbacks below wait for a later iteration, even
   * with a delay of 0. */
  limit = priv->next_seq;

  for (;;)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (queue->timers);
      Timer *timer;

      if (g_sequence_iter_is_end (first))
        break;

      timer = g_sequence_get (first);
      if (timer->due > now || timer->seq >= limit)
        break;

      g_sequence_remove (first);
      g_hash_table_remove (priv->timers, GUINT_TO_POINTER (timer->id));

      /* Callbacks add and remove timers: run them unlocked. */
      g_mutex_unlock (&priv->lock);
      timer_finish (timer, TRUE);
      g_mutex_lock (&priv->lock);

      if (g_source_is_destroyed (source))
        {
          g_mutex_unlock (&priv->lock);
          return G_SOURCE_REMOVE;
        }
    }

  queue_update_ready_time (queue);
  g_mutex_unlock (&priv->lock);

  return G_SOURCE_CONTINUE;
}

static void
queue_finalize (GSource *source)
{
  TimerQueue *queue = (TimerQueue *) source;

  g_clear_pointer (&queue->timers, g_sequence_free);
}

static GSourceFuncs queue_funcs = {
  .dispatch = queue_dispatch,
  .finalize = queue_finalize,
};

/* With the lock held. */
static TimerQueue *
get_queue (GqScheduler  *self,
           GMainContext *context)
{
  GqSchedulerPrivate *priv = gq_scheduler_get_instance_private (self);
  TimerQueue *queue = g_hash_table_lookup (priv->queues, context);

  if (queue == NULL)
    {
      queue = (TimerQueue *) g_source_new (&queue_funcs, sizeof (TimerQueue));
      queue->scheduler = self;
      queue->timers = g_sequence_new (NULL);
      g_source_set_static_name (&queue->source, "[gquery] scheduler timers");
      g_source_set_ready_time (&queue->source, -1);
      g_hash_table_insert (priv->queues, g_main_context_ref (context), queue);
      g_source_attach (&queue->source, context);
    }

  return queue;
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
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  Timer *timer = g_new0 (Timer, 1);
  gint64 now = g_get_monotonic_time ();

  timer->func = func;
  timer->data = data;
  timer->destroy = destroy;

  /* Saturate: GQ_TIME_INFINITE never comes. */
  delay_ms = CLAMP (delay_ms, 0, (G_MAXINT64 - now) / 1000);
  timer->due = now + delay_ms * 1000;

  g_mutex_lock (&priv->lock);
  /* Skip 0 and, after the counter wraps, ids still pending. */
  do
    timer->id = ++priv->next_id;
  while (timer->id == 0 || g_hash_table_contains (priv->timers, GUINT_TO_POINTER (timer->id)));
  timer->seq = priv->next_seq++;
  timer->queue = get_queue (self, context);
  timer->iter = g_sequence_insert_sorted (timer->queue->timers, timer, timer_compare, NULL);
  g_hash_table_insert (priv->timers, GUINT_TO_POINTER (timer->id), timer);
  if (g_sequence_iter_is_begin (timer->iter))
    queue_update_ready_time (timer->queue);
  g_mutex_unlock (&priv->lock);

  return timer->id;
}

static void
gq_scheduler_real_remove (GqScheduler *self,
                          guint        id)
{
  GqSchedulerPrivate *priv = gq_scheduler_get_instance_private (self);
  Timer *timer;

  if (id == 0)
    return;

  g_mutex_lock (&priv->lock);
  timer = g_hash_table_lookup (priv->timers, GUINT_TO_POINTER (id));
  if (timer != NULL)
    {
      g_hash_table_remove (priv->timers, GUINT_TO_POINTER (id));
      g_sequence_remove (timer->iter);
      queue_update_ready_time (timer->queue);
    }
  g_mutex_unlock (&priv->lock);

  /* The destroy notification is user code: outside the lock. */
  if (timer != NULL)
    timer_finish (timer, FALSE);
}

static void
gq_scheduler_remove_all (GqScheduler *self)
{
  GqSchedulerPrivate *priv = gq_scheduler_get_instance_private (self);
  g_autoptr(GPtrArray) timers = g_ptr_array_new ();
  g_autoptr(GPtrArray) queues = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&priv->lock);
  g_hash_table_iter_init (&iter, priv->timers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Timer *timer = value;

      g_sequence_remove (timer->iter);
      g_ptr_array_add (timers, timer);
      g_hash_table_iter_steal (&iter);
    }
  g_hash_table_iter_init (&iter, priv->queues);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TimerQueue *queue = value;

      queue->scheduler = NULL;
      g_ptr_array_add (queues, queue);
    }
  g_hash_table_remove_all (priv->queues);
  g_mutex_unlock (&priv->lock);

  for (guint i = 0; i < queues->len; i++)
    {
      GSource *source = g_ptr_array_index (queues, i);

      g_source_destroy (source);
      g_source_unref (source);
    }

  for (guint i = 0; i < timers->len; i++)
    timer_finish (g_ptr_array_index (timers, i), FALSE);
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
  g_clear_pointer (&priv->queues, g_hash_table_unref);
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
  priv->queues = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) g_main_context_unref, NULL);
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
