/* test-scheduler.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-scheduler.h"
#include "gq-manual-scheduler.h"

/* A log of what timers did, shared by the callbacks of one test. Each
 * timer gets a Probe naming it; the log records "name" when it fires and
 * "~name" when its data is destroyed. */
typedef struct
{
  GPtrArray   *log;
  GqScheduler *scheduler;
  gint64       now_at_fire;
  guint        fired;
  guint        destroyed;
  const char  *name;
  GMainLoop   *loop;
  /* Set by callbacks that act on other timers. */
  guint        other_id;
  gint64       nested_delay;
  gpointer     nested;
} Probe;

static Probe *
probe_new (GPtrArray   *log,
           GqScheduler *scheduler,
           const char  *name)
{
  Probe *probe = g_new0 (Probe, 1);

  probe->log = log;
  probe->scheduler = scheduler;
  probe->name = name;
  probe->now_at_fire = -1;

  return probe;
}

static void
probe_fire (gpointer data)
{
  Probe *probe = data;

  probe->fired++;
  probe->now_at_fire = gq_scheduler_now (probe->scheduler);
  if (probe->log != NULL)
    g_ptr_array_add (probe->log, g_strdup (probe->name));
  if (probe->loop != NULL)
    g_main_loop_quit (probe->loop);
}

/* The destroy notify does not free: the test owns the probes and checks
 * their counters afterwards. */
static void
probe_destroy (gpointer data)
{
  Probe *probe = data;

  probe->destroyed++;
  if (probe->log != NULL)
    g_ptr_array_add (probe->log, g_strconcat ("~", probe->name, NULL));
}

static GPtrArray *
log_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static char *
log_join (GPtrArray *log)
{
  g_autoptr(GString) str = g_string_new (NULL);

  for (guint i = 0; i < log->len; i++)
    {
      if (i > 0)
        g_string_append_c (str, ' ');
      g_string_append (str, g_ptr_array_index (log, i));
    }

  return g_strdup (str->str);
}

#define assert_log(log, expected) \
  G_STMT_START { \
    g_autofree char *__joined = log_join (log); \
    g_assert_cmpstr (__joined, ==, expected); \
  } G_STMT_END

static gboolean
safety_timeout_cb (gpointer data)
{
  g_error ("test timed out on the real main loop");
  return G_SOURCE_REMOVE;
}

/* Runs @loop with a 5 s guard against a timer that never fires. */
static void
run_loop_guarded (GMainLoop *loop)
{
  GSource *guard = g_timeout_source_new_seconds (5);

  g_source_set_callback (guard, safety_timeout_cb, NULL, NULL);
  g_source_attach (guard, g_main_loop_get_context (loop));
  g_main_loop_run (loop);
  g_source_destroy (guard);
  g_source_unref (guard);
}

/* ---- default scheduler --------------------------------------------- */

static void
test_default_fires (void)
{
  g_autoptr(GqScheduler) scheduler = gq_scheduler_new ();
  g_autoptr(GPtrArray) log = log_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree Probe *probe = probe_new (log, scheduler, "a");
  gint64 before;
  guint id;

  probe->loop = loop;
  before = g_get_monotonic_time ();
  id = gq_scheduler_add_timeout (scheduler, 10, probe_fire, probe, probe_destroy);
  g_assert_cmpuint (id, !=, 0);

  /* Never synchronous, even for a short delay. */
  g_assert_cmpuint (probe->fired, ==, 0);

  run_loop_guarded (loop);

  g_assert_cmpuint (probe->fired, ==, 1);
  g_assert_cmpuint (probe->destroyed, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - before, >=, 10 * 1000);
  assert_log (log, "a ~a");

  /* Removing a timer that fired is a no-op. */
  gq_scheduler_remove (scheduler, id);
  g_assert_cmpuint (probe->destroyed, ==, 1);
}

static void
test_default_remove_before_fire (void)
{
  g_autoptr(GqScheduler) scheduler = gq_scheduler_new ();
  g_autoptr(GPtrArray) log = log_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree Probe *removed = probe_new (log, scheduler, "removed");
  g_autofree Probe *kept = probe_new (log, scheduler, "kept");
  guint id;

  id = gq_scheduler_add_timeout (scheduler, 0, probe_fire, removed, probe_destroy);
  kept->loop = loop;
  gq_scheduler_add_timeout (scheduler, 0, probe_fire, kept, probe_destroy);

  gq_scheduler_remove (scheduler, id);
  g_assert_cmpuint (removed->destroyed, ==, 1);
  assert_log (log, "~removed");

  /* Both were ready at once; only the kept one may run. */
  run_loop_guarded (loop);

  g_assert_cmpuint (removed->fired, ==, 0);
  g_assert_cmpuint (removed->destroyed, ==, 1);
  g_assert_cmpuint (kept->fired, ==, 1);
  assert_log (log, "~removed kept ~kept");

  gq_scheduler_remove (scheduler, id);
  g_assert_cmpuint (removed->destroyed, ==, 1);
}

static void
test_default_ids_distinct (void)
{
  g_autoptr(GqScheduler) scheduler = gq_scheduler_new ();
  g_autofree Probe *probe = probe_new (NULL, scheduler, "p");
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint ids[50];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ids[i] = gq_scheduler_add_timeout (scheduler, 60 * 60 * 1000, probe_fire, probe, probe_destroy);
      g_assert_cmpuint (ids[i], !=, 0);
      g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (ids[i])));
      g_hash_table_add (seen, GUINT_TO_POINTER (ids[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    gq_scheduler_remove (scheduler, ids[i]);

  g_assert_cmpuint (probe->fired, ==, 0);
  g_assert_cmpuint (probe->destroyed, ==, G_N_ELEMENTS (ids));
}

static void
test_default_remove_unknown (void)
{
  g_autoptr(GqScheduler) scheduler = gq_scheduler_new ();
  g_autofree Probe *probe = probe_new (NULL, scheduler, "p");
  guint id;

  id = gq_scheduler_add_timeout (scheduler, 60 * 60 * 1000, probe_fire, probe, probe_destroy);

  gq_scheduler_remove (scheduler, 0);
  gq_scheduler_remove (scheduler, id + 1000);
  g_assert_cmpuint (probe->destroyed, ==, 0);

  gq_scheduler_remove (scheduler, id);
  gq_scheduler_remove (scheduler, id);
  g_assert_cmpuint (probe->destroyed, ==, 1);
  g_assert_cmpuint (probe->fired, ==, 0);
}

static void
test_default_now (void)
{
  g_autoptr(GqScheduler) scheduler = gq_scheduler_new ();
  gint64 before = g_get_real_time () / 1000;
  gint64 now = gq_scheduler_now (scheduler);
  gint64 after = g_get_real_time () / 1000;

  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now, <=, after);
}

static void
test_default_dispose_destroys_pending (void)
{
  GqScheduler *scheduler = gq_scheduler_new ();
  g_autofree Probe *a = probe_new (NULL, scheduler, "a");
  g_autofree Probe *b = probe_new (NULL, scheduler, "b");

  gq_scheduler_add_timeout (scheduler, 0, probe_fire, a, probe_destroy);
  gq_scheduler_add_timeout (scheduler, 60 * 1000, probe_fire, b, probe_destroy);

  g_assert_finalize_object (scheduler);

  g_assert_cmpuint (a->destroyed, ==, 1);
  g_assert_cmpuint (b->destroyed, ==, 1);

  /* Nothing is left on the context to fire on freed data. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (a->fired, ==, 0);
  g_assert_cmpuint (b->fired, ==, 0);
}

static void
test_default_singleton (void)
{
  GqScheduler *a = gq_scheduler_get_default ();
  GqScheduler *b = gq_scheduler_get_default ();

  g_assert_true (GQ_IS_SCHEDULER (a));
  g_assert_true (a == b);
  g_assert_false (GQ_IS_MANUAL_SCHEDULER (a));
}

static void
test_default_negative_delay (void)
{
  g_autoptr(GqScheduler) scheduler = gq_scheduler_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree Probe *probe = probe_new (NULL, scheduler, "p");

  probe->loop = loop;
  gq_scheduler_add_timeout (scheduler, -5000, probe_fire, probe, probe_destroy);
  g_assert_cmpuint (probe->fired, ==, 0);

  run_loop_guarded (loop);

  g_assert_cmpuint (probe->fired, ==, 1);
  g_assert_cmpuint (probe->destroyed, ==, 1);
}

static void
test_default_thread_default_context (void)
{
  g_autoptr(GqScheduler) scheduler = gq_scheduler_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autofree Probe *probe = probe_new (NULL, scheduler, "p");

  probe->loop = loop;

  g_main_context_push_thread_default (context);
  gq_scheduler_add_timeout (scheduler, 0, probe_fire, probe, probe_destroy);
  g_main_context_pop_thread_default (context);

  /* The global default context does not own the timer. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (probe->fired, ==, 0);

  run_loop_guarded (loop);
  g_assert_cmpuint (probe->fired, ==, 1);
  g_assert_cmpuint (probe->destroyed, ==, 1);
}

static void
remove_self_fire (gpointer data)
{
  Probe *probe = data;

  probe_fire (probe);
  gq_scheduler_remove (probe->scheduler, probe->other_id);
}

static void
test_default_remove_inside_callback (void)
{
  g_autoptr(GqScheduler) scheduler = gq_scheduler_new ();
  g_autoptr(GPtrArray) log = log_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree Probe *probe = probe_new (log, scheduler, "self");

  probe->loop = loop;
  probe->other_id = gq_scheduler_add_timeout (scheduler, 0, remove_self_fire, probe, probe_destroy);

  run_loop_guarded (loop);

  g_assert_cmpuint (probe->fired, ==, 1);
  g_assert_cmpuint (probe->destroyed, ==, 1);
  assert_log (log, "self ~self");
}

/* ---- manual scheduler ---------------------------------------------- */

static void
test_manual_new (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (1000);

  g_assert_true (GQ_IS_MANUAL_SCHEDULER (scheduler));
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 1000);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (GQ_MANUAL_SCHEDULER (scheduler)), ==, 0);

  gq_manual_scheduler_advance (GQ_MANUAL_SCHEDULER (scheduler), 250);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 1250);
  gq_manual_scheduler_advance (GQ_MANUAL_SCHEDULER (scheduler), 0);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 1250);
}

static void
test_manual_order_by_due (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *a = probe_new (log, scheduler, "a30");
  g_autofree Probe *b = probe_new (log, scheduler, "b10");
  g_autofree Probe *c = probe_new (log, scheduler, "c20");

  gq_scheduler_add_timeout (scheduler, 30, probe_fire, a, probe_destroy);
  gq_scheduler_add_timeout (scheduler, 10, probe_fire, b, probe_destroy);
  gq_scheduler_add_timeout (scheduler, 20, probe_fire, c, probe_destroy);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 3);

  gq_manual_scheduler_advance (manual, 30);

  assert_log (log, "b10 ~b10 c20 ~c20 a30 ~a30");
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 0);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 30);
}

static void
test_manual_order_by_sequence (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *a = probe_new (log, scheduler, "a");
  g_autofree Probe *b = probe_new (log, scheduler, "b");
  g_autofree Probe *c = probe_new (log, scheduler, "c");
  g_autofree Probe *d = probe_new (log, scheduler, "d");

  gq_scheduler_add_timeout (scheduler, 50, probe_fire, a, NULL);
  gq_scheduler_add_timeout (scheduler, 50, probe_fire, b, NULL);
  /* Added later with a shorter delay, but due at the same time. */
  gq_manual_scheduler_advance (manual, 20);
  gq_scheduler_add_timeout (scheduler, 30, probe_fire, c, NULL);
  gq_scheduler_add_timeout (scheduler, 29, probe_fire, d, NULL);

  gq_manual_scheduler_advance (manual, 30);

  assert_log (log, "d a b c");
  g_assert_cmpint (d->now_at_fire, ==, 49);
  g_assert_cmpint (a->now_at_fire, ==, 50);
  g_assert_cmpint (c->now_at_fire, ==, 50);
}

static void
test_manual_now_in_callback (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (1000);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autofree Probe *a = probe_new (NULL, scheduler, "a");
  g_autofree Probe *b = probe_new (NULL, scheduler, "b");

  gq_scheduler_add_timeout (scheduler, 15, probe_fire, a, NULL);
  gq_scheduler_add_timeout (scheduler, 70, probe_fire, b, NULL);

  gq_manual_scheduler_advance (manual, 100);

  g_assert_cmpint (a->now_at_fire, ==, 1015);
  g_assert_cmpint (b->now_at_fire, ==, 1070);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 1100);
}

static void
test_manual_partial_advance (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autofree Probe *probe = probe_new (NULL, scheduler, "p");

  gq_scheduler_add_timeout (scheduler, 100, probe_fire, probe, probe_destroy);

  gq_manual_scheduler_advance (manual, 60);
  gq_manual_scheduler_advance (manual, 39);
  g_assert_cmpuint (probe->fired, ==, 0);
  g_assert_cmpuint (probe->destroyed, ==, 0);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 1);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 99);

  gq_manual_scheduler_advance (manual, 1);
  g_assert_cmpuint (probe->fired, ==, 1);
  g_assert_cmpuint (probe->destroyed, ==, 1);
  g_assert_cmpint (probe->now_at_fire, ==, 100);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 0);
}

/* A timer that adds another timer, named by the Probe in @nested, with
 * @nested_delay. */
static void
nesting_fire (gpointer data)
{
  Probe *probe = data;

  probe_fire (probe);
  gq_scheduler_add_timeout (probe->scheduler, probe->nested_delay,
                            probe_fire, probe->nested, probe_destroy);
}

static void
test_manual_nested (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *outer = probe_new (log, scheduler, "outer");
  g_autofree Probe *inner = probe_new (log, scheduler, "inner");
  g_autofree Probe *late = probe_new (log, scheduler, "late");
  g_autofree Probe *outer2 = probe_new (log, scheduler, "outer2");
  g_autofree Probe *other = probe_new (log, scheduler, "other");

  /* outer at 10 adds inner at 15; other at 17 must come after inner. */
  outer->nested = inner;
  outer->nested_delay = 5;
  gq_scheduler_add_timeout (scheduler, 10, nesting_fire, outer, probe_destroy);
  gq_scheduler_add_timeout (scheduler, 17, probe_fire, other, probe_destroy);
  /* outer2 at 12 adds late at 32, past this advance. */
  outer2->nested = late;
  outer2->nested_delay = 20;
  gq_scheduler_add_timeout (scheduler, 12, nesting_fire, outer2, probe_destroy);

  gq_manual_scheduler_advance (manual, 20);

  assert_log (log, "outer ~outer outer2 ~outer2 inner ~inner other ~other");
  g_assert_cmpint (inner->now_at_fire, ==, 15);
  g_assert_cmpuint (late->fired, ==, 0);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 1);

  gq_manual_scheduler_advance (manual, 12);
  g_assert_cmpuint (late->fired, ==, 1);
  g_assert_cmpint (late->now_at_fire, ==, 32);
}

static void
test_manual_nested_zero_delay (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *outer = probe_new (log, scheduler, "outer");
  g_autofree Probe *inner = probe_new (log, scheduler, "inner");
  g_autofree Probe *same = probe_new (log, scheduler, "same");

  outer->nested = inner;
  outer->nested_delay = 0;
  gq_scheduler_add_timeout (scheduler, 10, nesting_fire, outer, NULL);
  /* Due at the same time as the nested one, but added earlier. */
  gq_scheduler_add_timeout (scheduler, 10, probe_fire, same, NULL);

  gq_manual_scheduler_advance (manual, 10);

  assert_log (log, "outer same inner ~inner");
  g_assert_cmpint (inner->now_at_fire, ==, 10);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 0);
}

static void
test_manual_zero_delay (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (500);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autofree Probe *zero = probe_new (NULL, scheduler, "zero");
  g_autofree Probe *negative = probe_new (NULL, scheduler, "negative");

  gq_scheduler_add_timeout (scheduler, 0, probe_fire, zero, probe_destroy);
  gq_scheduler_add_timeout (scheduler, -100, probe_fire, negative, probe_destroy);

  /* Not synchronous, and a flush does not move time. */
  g_assert_cmpuint (zero->fired, ==, 0);
  gq_manual_scheduler_flush (manual);
  g_assert_cmpuint (zero->fired, ==, 0);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 2);

  gq_manual_scheduler_advance (manual, 0);

  g_assert_cmpuint (zero->fired, ==, 1);
  g_assert_cmpuint (negative->fired, ==, 1);
  g_assert_cmpint (zero->now_at_fire, ==, 500);
  g_assert_cmpint (negative->now_at_fire, ==, 500);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 500);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 0);
}

static void
test_manual_remove (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *a = probe_new (log, scheduler, "a");
  g_autofree Probe *b = probe_new (log, scheduler, "b");
  guint id_a, id_b;

  id_a = gq_scheduler_add_timeout (scheduler, 10, probe_fire, a, probe_destroy);
  id_b = gq_scheduler_add_timeout (scheduler, 10, probe_fire, b, probe_destroy);
  g_assert_cmpuint (id_a, !=, 0);
  g_assert_cmpuint (id_b, !=, 0);
  g_assert_cmpuint (id_a, !=, id_b);

  gq_scheduler_remove (scheduler, id_a);
  g_assert_cmpuint (a->destroyed, ==, 1);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 1);

  gq_scheduler_remove (scheduler, id_a);
  gq_scheduler_remove (scheduler, 0);
  gq_scheduler_remove (scheduler, 4242);
  g_assert_cmpuint (a->destroyed, ==, 1);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 1);

  gq_manual_scheduler_advance (manual, 10);
  assert_log (log, "~a b ~b");

  gq_scheduler_remove (scheduler, id_b);
  g_assert_cmpuint (b->destroyed, ==, 1);
  g_assert_cmpuint (a->fired, ==, 0);
}

static void
test_manual_remove_in_callback (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *killer = probe_new (log, scheduler, "killer");
  g_autofree Probe *victim = probe_new (log, scheduler, "victim");

  gq_scheduler_add_timeout (scheduler, 5, remove_self_fire, killer, probe_destroy);
  killer->other_id = gq_scheduler_add_timeout (scheduler, 5, probe_fire, victim, probe_destroy);

  gq_manual_scheduler_advance (manual, 5);

  assert_log (log, "killer ~victim ~killer");
  g_assert_cmpuint (victim->fired, ==, 0);
  g_assert_cmpuint (victim->destroyed, ==, 1);
}

static void
test_manual_pending (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autofree Probe *probe = probe_new (NULL, scheduler, "p");

  for (guint i = 1; i <= 5; i++)
    gq_scheduler_add_timeout (scheduler, i * 10, probe_fire, probe, NULL);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 5);

  gq_manual_scheduler_advance (manual, 25);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 3);
  g_assert_cmpuint (probe->fired, ==, 2);

  gq_manual_scheduler_advance (manual, 25);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 0);
  g_assert_cmpuint (probe->fired, ==, 5);
}

typedef struct
{
  GPtrArray  *log;
  const char *name;
} IdleNote;

static gboolean
idle_note_cb (gpointer data)
{
  IdleNote *note = data;

  g_ptr_array_add (note->log, g_strdup (note->name));

  return G_SOURCE_REMOVE;
}

static void
idle_adding_fire (gpointer data)
{
  Probe *probe = data;

  probe_fire (probe);
  g_idle_add (idle_note_cb, probe->nested);
}

static void
test_manual_idle_between_timers (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *first = probe_new (log, scheduler, "first");
  g_autofree Probe *second = probe_new (log, scheduler, "second");
  IdleNote note = { log, "idle" };
  IdleNote note2 = { log, "idle2" };

  first->nested = &note;
  second->nested = &note2;
  gq_scheduler_add_timeout (scheduler, 10, idle_adding_fire, first, NULL);
  /* Same due time: the idle must still run in between. */
  gq_scheduler_add_timeout (scheduler, 10, idle_adding_fire, second, NULL);

  gq_manual_scheduler_advance (manual, 10);

  assert_log (log, "first idle second idle2");
}

static void
test_manual_flush (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (42);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *probe = probe_new (log, scheduler, "timer");
  IdleNote note = { log, "idle" };

  gq_scheduler_add_timeout (scheduler, 1, probe_fire, probe, NULL);
  g_idle_add (idle_note_cb, &note);

  gq_manual_scheduler_flush (manual);

  assert_log (log, "idle");
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 42);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 1);
}

static void
test_manual_idle_before_first_timer (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *probe = probe_new (log, scheduler, "timer");
  IdleNote note = { log, "idle" };

  gq_scheduler_add_timeout (scheduler, 0, probe_fire, probe, NULL);
  g_idle_add (idle_note_cb, &note);

  gq_manual_scheduler_advance (manual, 0);

  assert_log (log, "idle timer");
}

static void
test_manual_run_all (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *a = probe_new (log, scheduler, "a");
  g_autofree Probe *b = probe_new (log, scheduler, "b");
  g_autofree Probe *c = probe_new (log, scheduler, "c");

  gq_scheduler_add_timeout (scheduler, 5 * 60 * 1000, probe_fire, a, NULL);
  b->nested = c;
  b->nested_delay = 1000;
  gq_scheduler_add_timeout (scheduler, 100, nesting_fire, b, NULL);

  gq_manual_scheduler_run_all (manual);

  assert_log (log, "b c ~c a");
  g_assert_cmpint (c->now_at_fire, ==, 1100);
  g_assert_cmpint (a->now_at_fire, ==, 5 * 60 * 1000);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 5 * 60 * 1000);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 0);

  /* Nothing left: time stays. */
  gq_manual_scheduler_run_all (manual);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 5 * 60 * 1000);
}

static void
rearm_fire (gpointer data)
{
  Probe *probe = data;

  probe->fired++;
  gq_scheduler_add_timeout (probe->scheduler, 1, rearm_fire, probe, NULL);
}

static void
test_manual_run_all_runaway (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autofree Probe *probe = probe_new (NULL, scheduler, "p");

  gq_scheduler_add_timeout (scheduler, 1, rearm_fire, probe, NULL);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*timers keep adding timers*");
  gq_manual_scheduler_run_all (manual);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (probe->fired, ==, 100000);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 1);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 100000);
}

static void
test_manual_advance_zero (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (100);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autofree Probe *due = probe_new (NULL, scheduler, "due");
  g_autofree Probe *later = probe_new (NULL, scheduler, "later");

  gq_scheduler_add_timeout (scheduler, 0, probe_fire, due, probe_destroy);
  gq_scheduler_add_timeout (scheduler, 1, probe_fire, later, probe_destroy);

  gq_manual_scheduler_advance (manual, 0);

  g_assert_cmpuint (due->fired, ==, 1);
  g_assert_cmpuint (due->destroyed, ==, 1);
  g_assert_cmpuint (later->fired, ==, 0);
  g_assert_cmpint (gq_scheduler_now (scheduler), ==, 100);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 1);

  /* Before the probes go: disposing runs their destroy notify. */
  g_clear_object (&scheduler);
  g_assert_cmpuint (later->fired, ==, 0);
  g_assert_cmpuint (later->destroyed, ==, 1);
}

static void
test_manual_destroy_after_func (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (0);
  g_autoptr(GPtrArray) log = log_new ();
  g_autofree Probe *probe = probe_new (log, scheduler, "p");

  gq_scheduler_add_timeout (scheduler, 3, probe_fire, probe, probe_destroy);
  gq_manual_scheduler_advance (GQ_MANUAL_SCHEDULER (scheduler), 3);

  assert_log (log, "p ~p");
  g_assert_cmpuint (probe->fired, ==, 1);
  g_assert_cmpuint (probe->destroyed, ==, 1);
}

static void
test_manual_dispose_destroys_pending (void)
{
  GqScheduler *scheduler = gq_manual_scheduler_new (0);
  g_autofree Probe *a = probe_new (NULL, scheduler, "a");
  g_autofree Probe *b = probe_new (NULL, scheduler, "b");

  gq_scheduler_add_timeout (scheduler, 0, probe_fire, a, probe_destroy);
  gq_scheduler_add_timeout (scheduler, 10, probe_fire, b, probe_destroy);

  g_assert_finalize_object (scheduler);

  g_assert_cmpuint (a->destroyed, ==, 1);
  g_assert_cmpuint (b->destroyed, ==, 1);
  g_assert_cmpuint (a->fired, ==, 0);
  g_assert_cmpuint (b->fired, ==, 0);
}

static void
test_manual_infinite_delay (void)
{
  g_autoptr(GqScheduler) scheduler = gq_manual_scheduler_new (1000);
  GqManualScheduler *manual = GQ_MANUAL_SCHEDULER (scheduler);
  g_autofree Probe *probe = probe_new (NULL, scheduler, "p");

  /* Due time saturates instead of wrapping into the past. */
  gq_scheduler_add_timeout (scheduler, G_MAXINT64, probe_fire, probe, probe_destroy);

  gq_manual_scheduler_advance (manual, 365LL * 24 * 60 * 60 * 1000);
  g_assert_cmpuint (probe->fired, ==, 0);
  g_assert_cmpuint (gq_manual_scheduler_get_pending (manual), ==, 1);

  /* Before the probes go: disposing runs their destroy notify. */
  g_clear_object (&scheduler);
}

static void
unref_scheduler_fire (gpointer data)
{
  Probe *probe = data;

  probe_fire (probe);
  g_object_unref (probe->scheduler);
}

static void
test_manual_unref_in_callback (void)
{
  GqScheduler *scheduler = gq_manual_scheduler_new (0);
  g_autofree Probe *a = probe_new (NULL, scheduler, "a");
  g_autofree Probe *b = probe_new (NULL, scheduler, "b");
  GWeakRef weak;

  g_weak_ref_init (&weak, scheduler);

  /* The first callback drops the only reference; the scheduler must
   * survive the rest of advance() and then let go of @b. */
  gq_scheduler_add_timeout (scheduler, 1, unref_scheduler_fire, a, probe_destroy);
  gq_scheduler_add_timeout (scheduler, 2, probe_fire, b, probe_destroy);
  gq_manual_scheduler_advance (GQ_MANUAL_SCHEDULER (scheduler), 1);

  g_assert_null (g_weak_ref_get (&weak));
  g_assert_cmpuint (a->fired, ==, 1);
  g_assert_cmpuint (a->destroyed, ==, 1);
  g_assert_cmpuint (b->fired, ==, 0);
  g_assert_cmpuint (b->destroyed, ==, 1);

  g_weak_ref_clear (&weak);
}

typedef struct
{
  GString   *order;
  guint      remaining;
  GMainLoop *loop;
} OrderLog;

typedef struct
{
  OrderLog *log;
  char      name;
} OrderEntry;

static void
log_order (gpointer data)
{
  OrderEntry *entry = data;

  g_string_append_c (entry->log->order, entry->name);
  if (--entry->log->remaining == 0)
    g_main_loop_quit (entry->log->loop);
}

static gboolean
order_safety_timeout (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* All default timers of a context share one source; they still fire in
 * order of due time, and in order of addition for equal delays. */
static void
test_default_timers_fire_in_due_order (void)
{
  g_autoptr(GqScheduler) scheduler = gq_scheduler_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  OrderLog log = { g_string_new (NULL), 5, loop };
  OrderEntry entries[] = { { &log, 'a' }, { &log, 'b' }, { &log, 'c' }, { &log, 'd' }, { &log, 'e' } };
  /* Spread widely: under valgrind, adding the timers takes real time, and
   * a due time is taken from the clock at each addition. */
  const gint64 delays[] = { 300, 50, 150, 50, 0 };
  guint safety;

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    gq_scheduler_add_timeout (scheduler, delays[i], log_order, &entries[i], NULL);

  safety = g_timeout_add_seconds (5, order_safety_timeout, loop);
  g_main_loop_run (loop);
  g_source_remove (safety);

  g_assert_cmpstr (log.order->str, ==, "ebdca");
  g_string_free (log.order, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Scheduler/default/fires", test_default_fires);
  g_test_add_func ("/Gq/Scheduler/default/timers-fire-in-due-order", test_default_timers_fire_in_due_order);
  g_test_add_func ("/Gq/Scheduler/default/remove-before-fire", test_default_remove_before_fire);
  g_test_add_func ("/Gq/Scheduler/default/ids-distinct", test_default_ids_distinct);
  g_test_add_func ("/Gq/Scheduler/default/remove-unknown", test_default_remove_unknown);
  g_test_add_func ("/Gq/Scheduler/default/now", test_default_now);
  g_test_add_func ("/Gq/Scheduler/default/dispose-destroys-pending", test_default_dispose_destroys_pending);
  g_test_add_func ("/Gq/Scheduler/default/singleton", test_default_singleton);
  g_test_add_func ("/Gq/Scheduler/default/negative-delay", test_default_negative_delay);
  g_test_add_func ("/Gq/Scheduler/default/thread-default-context", test_default_thread_default_context);
  g_test_add_func ("/Gq/Scheduler/default/remove-inside-callback", test_default_remove_inside_callback);

  g_test_add_func ("/Gq/Scheduler/manual/new", test_manual_new);
  g_test_add_func ("/Gq/Scheduler/manual/order-by-due", test_manual_order_by_due);
  g_test_add_func ("/Gq/Scheduler/manual/order-by-sequence", test_manual_order_by_sequence);
  g_test_add_func ("/Gq/Scheduler/manual/now-in-callback", test_manual_now_in_callback);
  g_test_add_func ("/Gq/Scheduler/manual/partial-advance", test_manual_partial_advance);
  g_test_add_func ("/Gq/Scheduler/manual/nested", test_manual_nested);
  g_test_add_func ("/Gq/Scheduler/manual/nested-zero-delay", test_manual_nested_zero_delay);
  g_test_add_func ("/Gq/Scheduler/manual/zero-delay", test_manual_zero_delay);
  g_test_add_func ("/Gq/Scheduler/manual/remove", test_manual_remove);
  g_test_add_func ("/Gq/Scheduler/manual/remove-in-callback", test_manual_remove_in_callback);
  g_test_add_func ("/Gq/Scheduler/manual/pending", test_manual_pending);
  g_test_add_func ("/Gq/Scheduler/manual/idle-between-timers", test_manual_idle_between_timers);
  g_test_add_func ("/Gq/Scheduler/manual/idle-before-first-timer", test_manual_idle_before_first_timer);
  g_test_add_func ("/Gq/Scheduler/manual/flush", test_manual_flush);
  g_test_add_func ("/Gq/Scheduler/manual/run-all", test_manual_run_all);
  g_test_add_func ("/Gq/Scheduler/manual/run-all-runaway", test_manual_run_all_runaway);
  g_test_add_func ("/Gq/Scheduler/manual/advance-zero", test_manual_advance_zero);
  g_test_add_func ("/Gq/Scheduler/manual/destroy-after-func", test_manual_destroy_after_func);
  g_test_add_func ("/Gq/Scheduler/manual/dispose-destroys-pending", test_manual_dispose_destroys_pending);
  g_test_add_func ("/Gq/Scheduler/manual/infinite-delay", test_manual_infinite_delay);
  g_test_add_func ("/Gq/Scheduler/manual/unref-in-callback", test_manual_unref_in_callback);

  return g_test_run ();
}
