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

static GQueue pending = G_QUEUE_INIT;
static GSource *flush_source;
G_LOCK_DEFINE_STATIC (pending);

static gboolean
run_flushes (gpointer user_data)
{
  GQueue batch = G_QUEUE_INIT;

  G_LOCK (pending);
  batch = pending;
  g_queue_init (&pending);
  g_clear_pointer (&flush_source, g_source_unref);
  G_UNLOCK (pending);

  for (GList *l = batch.head; l != NULL; l = l->next)
    {
      PendingFlush *p = l->data;

      p->flush (p->object);
      g_object_unref (p->object);
      g_free (p);
    }

  g_list_free (batch.head);

  return G_SOURCE_REMOVE;
}

void
_gq_notify_schedule (GObject           *object,
                     GqNotifyFlushFunc  flush)
{
  PendingFlush *p;

  g_assert (G_IS_OBJECT (object));
  g_assert (flush != NULL);

  p = g_new0 (PendingFlush, 1);
  p->object = g_object_ref (object);
  p->flush = flush;

  G_LOCK (pending);
  g_queue_push_tail (&pending, p);
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
