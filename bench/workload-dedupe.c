/* workload-dedupe.c: concurrent fetches of one key share one fetch
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

#define DELAY_MS 10

typedef struct
{
  gint64 runs;
  gint64 completed;
  gint64 with_data;
  gint64 callers;
  gboolean done;
} Dedupe;

static gboolean
resolve_later (gpointer user_data)
{
  GqFetchContext *context = user_data;
  JsonObject *object = json_object_new ();
  JsonNode *data;

  json_object_set_boolean_member (object, "ok", TRUE);
  data = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  gq_fetch_context_resolve (context, data);
  json_node_unref (data);

  return G_SOURCE_REMOVE;
}

/* Resolves {"ok": true} after a 10 ms timer. */
static void
query_func (GqFetchContext *context,
            gpointer        user_data)
{
  Dedupe *dedupe = user_data;

  dedupe->runs++;
  g_timeout_add_full (G_PRIORITY_DEFAULT, DELAY_MS, resolve_later,
                      g_object_ref (context), g_object_unref);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Dedupe *dedupe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = gq_query_client_fetch_query_finish (GQ_QUERY_CLIENT (source), res, &error);

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data) &&
      json_object_get_boolean_member_with_default (json_node_get_object (data), "ok", FALSE))
    dedupe->with_data++;

  if (++dedupe->completed == dedupe->callers)
    dedupe->done = TRUE;
}

gboolean
bench_dedupe (const BenchConfig  *config,
              BenchResult        *result,
              GError            **error)
{
  Dedupe dedupe = { 0 };
  GqQueryClient *client = bench_client_new ();
  gint64 t0, t1;

  dedupe.callers = 1000 / config->divisor;

  t0 = bench_now_ns ();
  for (gint64 c = 0; c < dedupe.callers; c++)
    {
      g_autoptr(JsonNode) key = gq_key_new ("same", NULL);
      g_autoptr(GqQueryOptions) options = gq_query_options_new (key);

      gq_query_options_set_query_func (options, query_func, &dedupe, NULL);
      gq_query_client_fetch_query_async (client, options, NULL, on_fetched, &dedupe);
    }
  bench_iterate_until (&dedupe.done);
  t1 = bench_now_ns ();

  if (dedupe.with_data != dedupe.callers)
    bench_warn ("dedupe: %" G_GINT64_FORMAT " callers got no data", dedupe.callers - dedupe.with_data);
  bench_client_free (client);

  bench_result_add_int (result, "n", dedupe.callers);
  bench_result_add_ns (result, "ns_per_op", (double) (t1 - t0) / dedupe.callers);
  bench_result_set_checksum (result, dedupe.runs);
  bench_result_add_ms (result, "ms_total", (t1 - t0) / 1e6);
  bench_result_expect (result, 1);

  return TRUE;
}
