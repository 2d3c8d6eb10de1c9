/* gq-notify.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-notify-private.h"

/* TanStack's notifyManager: listeners hear of result changes once per
 * main-loop iteration, after the cache update that caused them is over. */

typedef struct
{
  GObject           *object;
  GqNotifyFlushFunc  flush;
} PendingFlush;

/* Flushes queue up in an array that is kept between iterations: a busy
 * iteration notifies thousands of observers, and a node or an allocation
 * per flush would cost more than queuing it. */
typedef struct
{
  PendingFlush *items;
  guint         len;
  guint         size;
} Batch;

static Batch pending;
static Batch spare;
static GSource *flush_source;
G_LOCK_DEFINE_STATIC (pending);

static gboolean
run_flushes (gpointer user_data)
{
  Batch batch;

  G_LOCK (pending);
  batch = pending;
  pending = spare;
  spare = (Batch) { NULL, 0, 0 };
  g_clear_pointer (&flush_source, g_source_unref);
  G_UNLOCK (pending);

  /* A flush may queue more: those go to the next iteration's batch. */
  for (guint i = 0; i < batch.len; i++)
    {
      PendingFlush *p = &batch.items[i];

      p->flush (p->object);
      g_object_unref (p->object);
    }

  batch.len = 0;

  G_LOCK (pending);
  if (spare.items == NULL)
    spare = batch;
  else
    g_free (batch.items);
  G_UNLOCK (pending);

  return G_SOURCE_REMOVE;
}

void
_gq_notify_schedule (GObject           *object,
                     GqNotifyFlushFunc  flush)
{
  PendingFlush *p;

  g_assert (G_IS_OBJECT (object));
  g_assert (flush != NULL);

  G_LOCK (pending);
  if (pending.len == pending.size)
    {
      pending.size = MAX (64, pending.size * 2);
      pending.items = g_renew (PendingFlush, pending.items, pending.size);
    }
  p = &pending.items[pending.len++];
  p->object = g_object_ref (object);
  p->flush = flush;
  if (flush_source == NULL)
    {
      flush_source = g_idle_source_new ();
      g_source_set_priority (flush_source, G_PRIORITY_HIGH);
      g_source_set_callback (flush_source, run_flushes, NULL, NULL);
      g_source_set_static_name (flush_source, "[gquery] notify flush");
      g_source_attach (flush_source, g_main_context_get_thread_default ());
    }
  G_UNLOCK (pending);
}
