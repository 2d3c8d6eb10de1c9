/* workload-observe.c: many subscribed observers hearing of cache updates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

#define OBSERVERS 10
#define ROUNDS    10

/* {"n": n} */
static JsonNode *
build_value (gint64 n)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_int_member (object, "n", n);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  return node;
}

static void
set_value (GqQueryClient *client,
           gint64         j,
           gint64         n)
{
  JsonNode *key = bench_key_string_int ("q", j);
  JsonNode *value = build_value (n);
  JsonNode *stored = gq_query_client_set_query_data (client, key, value, 0);

  json_node_unref (stored);
  json_node_unref (value);
  json_node_unref (key);
}

static void
on_changed (GqQueryObserver *observer,
            GqQueryResult   *result,
            gint64          *calls)
{
  (*calls)++;
}

/* Runs the main context until @calls reaches @target or nothing is left to
 * run (a missing notification then shows in the checksum). */
static void
settle (const gint64 *calls,
        gint64        target)
{
  while (*calls < target && g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

gboolean
bench_observe (const BenchConfig  *config,
               BenchResult        *result,
               GError            **error)
{
  gint64 queries = 1000 / config->divisor;
  gint64 expected = queries * OBSERVERS * ROUNDS;
  GqQueryClient *client = bench_client_new ();
  g_autoptr(GPtrArray) observers = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 calls = 0;
  gint64 delivered;
  gint64 t0, t1;
  guint fetching;

  for (gint64 j = 0; j < queries; j++)
    set_value (client, j, -1);

  for (gint64 j = 0; j < queries; j++)
    {
      for (guint o = 0; o < OBSERVERS; o++)
        {
          JsonNode *key = bench_key_string_int ("q", j);
          GqQueryOptions *options = gq_query_options_new (key);
          GqQueryObserver *observer;

          gq_query_options_set_stale_time (options, GQ_TIME_INFINITE);
          observer = gq_query_observer_new (client, options);
          g_signal_connect (observer, "changed", G_CALLBACK (on_changed), &calls);
          gq_query_observer_subscribe (observer);
          g_ptr_array_add (observers, observer);

          g_object_unref (options);
          json_node_unref (key);
        }
    }
  bench_iterate_pending ();
  calls = 0;

  t0 = bench_now_ns ();
  for (gint64 round = 0; round < ROUNDS; round++)
    {
      for (gint64 j = 0; j < queries; j++)
        set_value (client, j, round);
      settle (&calls, (round + 1) * queries * OBSERVERS);
    }
  t1 = bench_now_ns ();

  delivered = calls;
  bench_iterate_pending ();
  if (calls != delivered)
    bench_warn ("observe: %" G_GINT64_FORMAT " notifications after the timed part", calls - delivered);
  fetching = gq_query_client_is_fetching (client, NULL);
  if (fetching > 0)
    bench_warn ("observe: %u queries fetching (expected none)", fetching);

  for (guint i = 0; i < observers->len; i++)
    gq_query_observer_unsubscribe (g_ptr_array_index (observers, i));
  g_clear_pointer (&observers, g_ptr_array_unref);
  bench_client_free (client);

  bench_result_add_int (result, "n", expected);
  bench_result_add_ns (result, "ns_per_op", (double) (t1 - t0) / MAX (delivered, 1));
  bench_result_set_checksum (result, delivered);
  bench_result_add_ms (result, "ms_total", (t1 - t0) / 1e6);
  bench_result_expect (result, expected);

  return TRUE;
}
