/* gq-manual-scheduler.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-manual-scheduler.h"

/**
 * GqManualScheduler:
 *
 * A [class@Gq.Scheduler] whose clock only moves when told to, for tests
 * (TanStack's fake timers).
 *
 * [method@Gq.ManualScheduler.advance] fires the due timers in order of due
 * time, then of creation, with the clock set to each timer's due time
 * while it runs. Between two timers it drains the thread-default main
 * context, so work a timer deferred to an idle source (notification
 * flushes, [class@Gio.Task] completions) runs before the next timer, as
 * microtasks do between JavaScript's fake timers.
 */

/* Bounds that turn a runaway test into a critical instead of a hang. */
#define MAX_DRAIN_ITERATIONS 10000
#define MAX_RUN_ALL_TIMERS   100000

typedef struct
{
  guint           id;
  gint64          due;
  guint64         seq;
  GSourceOnceFunc func;
  gpointer        data;
  GDestroyNotify  destroy;
} ManualTimer;

struct _GqManualScheduler
{
  GqScheduler  parent_instance;

  gint64       now;
  /* ManualTimer*, sorted by (due, seq); a tree, and an index by id, so
   * that a test with tens of thousands of timers stays fast. */
  GSequence   *timers;
  GHashTable  *by_id;  /* id → GSequenceIter */
  guint64      next_seq;
  guint        next_id;
};

G_DEFINE_FINAL_TYPE (GqManualScheduler, gq_manual_scheduler, GQ_TYPE_SCHEDULER)

static void
manual_timer_free (ManualTimer *timer)
{
  if (timer->destroy != NULL)
    timer->destroy (timer->data);

  g_free (timer);
}

static gint
manual_timer_compare (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const ManualTimer *ta = a;
  const ManualTimer *tb = b;

  if (ta->due != tb->due)
    return ta->due < tb->due ? -1 : 1;

  if (ta->seq != tb->seq)
    return ta->seq < tb->seq ? -1 : 1;

  return 0;
}

static gboolean
gq_manual_scheduler_has_id (GqManualScheduler *self,
                            guint              id)
{
  return g_hash_table_contains (self->by_id, GUINT_TO_POINTER (id));
}

/* The earliest timer, unlinked, or NULL. */
static ManualTimer *
pop_first (GqManualScheduler *self)
{
  GSequenceIter *iter = g_sequence_get_begin_iter (self->timers);
  ManualTimer *timer;

  if (g_sequence_iter_is_end (iter))
    return NULL;

  timer = g_sequence_get (iter);
  g_sequence_remove (iter);
  g_hash_table_remove (self->by_id, GUINT_TO_POINTER (timer->id));

  return timer;
}

static const ManualTimer *
peek_first (GqManualScheduler *self)
{
  GSequenceIter *iter = g_sequence_get_begin_iter (self->timers);

  return g_sequence_iter_is_end (iter) ? NULL : g_sequence_get (iter);
}

static void
gq_manual_scheduler_drain (GqManualScheduler *self)
{
  GMainContext *context = g_main_context_get_thread_default ();
  guint n = 0;

  while (g_main_context_iteration (context, FALSE))
    {
      if (++n >= MAX_DRAIN_ITERATIONS)
        {
          g_critical ("GqManualScheduler: the main context still had work "
                      "after %u iterations; a source keeps re-arming itself",
                      n);
          break;
        }
    }
}

/* Pops the earliest timer, moves the clock to its due time, runs it, then
 * drains the main context. */
static void
gq_manual_scheduler_fire_first (GqManualScheduler *self)
{
  ManualTimer *timer;

  timer = pop_first (self);
  g_assert (timer != NULL);

  /* The clock never goes back, even for a timer added with a due time in
   * the past (a clamped negative delay is never earlier than now). */
  if (timer->due > self->now)
    self->now = timer->due;

  timer->func (timer->data);
  manual_timer_free (timer);

  gq_manual_scheduler_drain (self);
}

static gint64
gq_manual_scheduler_now (GqScheduler *scheduler)
{
  return GQ_MANUAL_SCHEDULER (scheduler)->now;
}

static guint
gq_manual_scheduler_add_timeout (GqScheduler    *scheduler,
                                 gint64          delay_ms,
                                 GSourceOnceFunc func,
                                 gpointer        data,
                                 GDestroyNotify  destroy)
{
  GqManualScheduler *self = GQ_MANUAL_SCHEDULER (scheduler);
  ManualTimer *timer;

  if (delay_ms < 0)
    delay_ms = 0;

  timer = g_new0 (ManualTimer, 1);
  timer->due = delay_ms > G_MAXINT64 - self->now ? G_MAXINT64 : self->now + delay_ms;
  timer->seq = self->next_seq++;
  timer->func = func;
  timer->data = data;
  timer->destroy = destroy;

  do
    timer->id = ++self->next_id;
  while (timer->id == 0 || gq_manual_scheduler_has_id (self, timer->id));

  g_hash_table_insert (self->by_id, GUINT_TO_POINTER (timer->id),
                       g_sequence_insert_sorted (self->timers, timer, manual_timer_compare, NULL));

  return timer->id;
}

static void
gq_manual_scheduler_remove (GqScheduler *scheduler,
                            guint        id)
{
  GqManualScheduler *self = GQ_MANUAL_SCHEDULER (scheduler);

  if (id == 0)
    return;

  {
    GSequenceIter *iter = g_hash_table_lookup (self->by_id, GUINT_TO_POINTER (id));
    ManualTimer *timer;

    if (iter == NULL)
      return;

    /* Unlinked first: the destroy notification may add or remove
     * timers. */
    timer = g_sequence_get (iter);
    g_sequence_remove (iter);
    g_hash_table_remove (self->by_id, GUINT_TO_POINTER (id));
    manual_timer_free (timer);
  }
}

static void
gq_manual_scheduler_dispose (GObject *object)
{
  GqManualScheduler *self = GQ_MANUAL_SCHEDULER (object);
  ManualTimer *timer;

  while ((timer = pop_first (self)) != NULL)
    manual_timer_free (timer);

  G_OBJECT_CLASS (gq_manual_scheduler_parent_class)->dispose (object);
}

static void
gq_manual_scheduler_finalize (GObject *object)
{
  GqManualScheduler *self = GQ_MANUAL_SCHEDULER (object);
  ManualTimer *timer;

  while ((timer = pop_first (self)) != NULL)
    manual_timer_free (timer);
  g_clear_pointer (&self->timers, g_sequence_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);

  G_OBJECT_CLASS (gq_manual_scheduler_parent_class)->finalize (object);
}

static void
gq_manual_scheduler_class_init (GqManualSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GqSchedulerClass *scheduler_class = GQ_SCHEDULER_CLASS (klass);

  object_class->dispose = gq_manual_scheduler_dispose;
  object_class->finalize = gq_manual_scheduler_finalize;

  scheduler_class->now = gq_manual_scheduler_now;
  scheduler_class->add_timeout = gq_manual_scheduler_add_timeout;
  scheduler_class->remove = gq_manual_scheduler_remove;
}

static void
gq_manual_scheduler_init (GqManualScheduler *self)
{
  self->timers = g_sequence_new (NULL);
  self->by_id = g_hash_table_new (NULL, NULL);
}

/**
 * gq_manual_scheduler_new:
 * @start_ms: the initial time, in milliseconds since the Unix epoch
 *
 * Creates a scheduler whose clock reads @start_ms until it is advanced.
 *
 * Returns: (transfer full): a new [class@Gq.ManualScheduler]
 */
GqScheduler *
gq_manual_scheduler_new (gint64 start_ms)
{
  GqManualScheduler *self = g_object_new (GQ_TYPE_MANUAL_SCHEDULER, NULL);

  self->now = start_ms;

  return GQ_SCHEDULER (self);
}

/**
 * gq_manual_scheduler_advance:
 * @self: a [class@Gq.ManualScheduler]
 * @ms: how far to move the clock, in milliseconds
 *
 * Moves the clock forward by @ms, firing every timer that falls due on
 * the way, including timers those timers add. Each timer runs with the
 * clock at its due time and the main context is drained after each, so
 * idle callbacks a timer schedules run before the next timer.
 *
 * `advance (0)` fires the timers due now, such as those added with a
 * delay of 0.
 */
void
gq_manual_scheduler_advance (GqManualScheduler *self,
                             gint64             ms)
{
  g_autoptr(GqManualScheduler) hold = NULL;
  gint64 target;

  g_return_if_fail (GQ_IS_MANUAL_SCHEDULER (self));
  g_return_if_fail (ms >= 0);

  /* A timer may drop the caller's last reference. */
  hold = g_object_ref (self);

  target = ms > G_MAXINT64 - self->now ? G_MAXINT64 : self->now + ms;

  gq_manual_scheduler_drain (self);

  for (;;)
    {
      const ManualTimer *first = peek_first (self);

      if (first == NULL || first->due > target)
        break;

      gq_manual_scheduler_fire_first (self);
    }

  self->now = target;

  gq_manual_scheduler_drain (self);
}

/**
 * gq_manual_scheduler_flush:
 * @self: a [class@Gq.ManualScheduler]
 *
 * Runs what is ready on the thread-default main context (idle sources,
 * completed tasks) without moving the clock.
 */
void
gq_manual_scheduler_flush (GqManualScheduler *self)
{
  g_return_if_fail (GQ_IS_MANUAL_SCHEDULER (self));

  gq_manual_scheduler_drain (self);
}

/**
 * gq_manual_scheduler_run_all:
 * @self: a [class@Gq.ManualScheduler]
 *
 * Advances the clock timer after timer until none is left, leaving the
 * clock at the due time of the last one. Timers that keep adding timers
 * are stopped after 100000 with a critical warning.
 */
void
gq_manual_scheduler_run_all (GqManualScheduler *self)
{
  g_autoptr(GqManualScheduler) hold = NULL;
  guint fired = 0;

  g_return_if_fail (GQ_IS_MANUAL_SCHEDULER (self));

  hold = g_object_ref (self);

  gq_manual_scheduler_drain (self);

  while (peek_first (self) != NULL)
    {
      if (fired++ >= MAX_RUN_ALL_TIMERS)
        {
          g_critical ("GqManualScheduler: still %u timers pending after "
                      "running %u; timers keep adding timers",
                      g_sequence_get_length (self->timers), MAX_RUN_ALL_TIMERS);
          break;
        }

      gq_manual_scheduler_fire_first (self);
    }
}

/**
 * gq_manual_scheduler_get_pending:
 * @self: a [class@Gq.ManualScheduler]
 *
 * Counts the timers that have neither fired nor been removed.
 *
 * Returns: the number of pending timers
 */
guint
gq_manual_scheduler_get_pending (GqManualScheduler *self)
{
  g_return_val_if_fail (GQ_IS_MANUAL_SCHEDULER (self), 0);

  return (guint) g_sequence_get_length (self->timers);
}
