/* workload-populate.c: set_query_data n queries, then look them up
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

/* {"id": i, "title": "item <i>", "done": <i even>} */
static JsonNode *
build_item (gint64 i)
{
  JsonObject *object = json_object_new ();
  char title[32];
  JsonNode *node;

  g_snprintf (title, sizeof title, "item %" G_GINT64_FORMAT, i);
  json_object_set_int_member (object, "id", i);
  json_object_set_string_member (object, "title", title);
  json_object_set_boolean_member (object, "done", i % 2 == 0);

  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  return node;
}

/* What the lookups must add up to: item r has id r. */
static gint64
expected_sum (gint64 n,
              gint64 lookups)
{
  guint32 x = 42;
  gint64 sum = 0;

  for (gint64 k = 0; k < lookups; k++)
    {
      x = (x * 1103515245u + 12345u) & 0x7fffffffu;
      sum += x % n;
    }

  return sum;
}

gboolean
bench_populate (const BenchConfig  *config,
                BenchResult        *result,
                GError            **error)
{
  gint64 n = 100000 / config->divisor;
  gint64 lookups = 1000000 / config->divisor;
  GqQueryClient *client = bench_client_new ();
  guint32 x = 42;
  gint64 sum = 0;
  gint64 missing = 0;
  gint64 t0, t1, t2, t3;
  gint64 peak;
  guint size;

  t0 = bench_now_ns ();
  for (gint64 i = 0; i < n; i++)
    {
      JsonNode *key = bench_key_string_int ("items", i);
      JsonNode *item = build_item (i);
      JsonNode *stored = gq_query_client_set_query_data (client, key, item, 0);

      json_node_unref (stored);
      json_node_unref (item);
      json_node_unref (key);
    }
  t1 = bench_now_ns ();

  t2 = bench_now_ns ();
  for (gint64 k = 0; k < lookups; k++)
    {
      JsonNode *key;
      JsonNode *data;

      x = (x * 1103515245u + 12345u) & 0x7fffffffu;
      key = bench_key_string_int ("items", x % n);
      data = gq_query_client_get_query_data (client, key);
      if (G_LIKELY (data != NULL))
        {
          sum += json_object_get_int_member (json_node_get_object (data), "id");
          json_node_unref (data);
        }
      else
        missing++;
      json_node_unref (key);
    }
  t3 = bench_now_ns ();

  peak = bench_peak_rss_kb ();
  size = gq_query_cache_get_size (gq_query_client_get_query_cache (client));
  if (size != n)
    bench_warn ("populate: %u queries in the cache, expected %" G_GINT64_FORMAT, size, n);
  if (missing > 0)
    bench_warn ("populate: %" G_GINT64_FORMAT " lookups found no data", missing);
  bench_client_free (client);

  bench_result_add_int (result, "n", n);
  bench_result_add_int (result, "lookups", lookups);
  bench_result_add_ns (result, "ns_per_op", (double) (t3 - t2) / lookups);
  bench_result_set_checksum (result, sum);
  bench_result_add_ns (result, "ns_per_set", (double) (t1 - t0) / n);
  bench_result_add_ns (result, "ns_per_get", (double) (t3 - t2) / lookups);
  bench_result_add_int (result, "peak_rss_kb", peak);
  bench_result_expect (result, expected_sum (n, lookups));

  return TRUE;
}
