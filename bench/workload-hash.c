/* workload-hash.c: build a key and compute its query hash
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

#include <string.h>

#define FIRST_HASH "[\"todos\",{\"filter\":\"done\",\"page\":0,\"sort\":{\"by\":\"date\",\"dir\":\"desc\"},\"tags\":[\"a\",\"b\"]}]"

/* ["todos", {"sort": {"dir": "desc", "by": "date"}, "page": i,
 *            "tags": ["a", "b"], "filter": "done"}], members in that order. */
static JsonNode *
build_key (gint64 page)
{
  JsonObject *sort = json_object_new ();
  JsonArray *tags = json_array_sized_new (2);
  JsonObject *filter = json_object_new ();
  JsonArray *key = json_array_sized_new (2);
  JsonNode *node;

  json_object_set_string_member (sort, "dir", "desc");
  json_object_set_string_member (sort, "by", "date");
  json_array_add_string_element (tags, "a");
  json_array_add_string_element (tags, "b");

  json_object_set_object_member (filter, "sort", sort);
  json_object_set_int_member (filter, "page", page);
  json_object_set_array_member (filter, "tags", tags);
  json_object_set_string_member (filter, "filter", "done");

  json_array_add_string_element (key, "todos");
  json_array_add_object_element (key, filter);

  node = json_node_init_array (json_node_alloc (), key);
  json_array_unref (key);

  return node;
}

/* Sum over i in [0, n) of the number of decimal digits of i. */
static gint64
digit_sum (gint64 n)
{
  gint64 total = 0;
  gint64 low = 0;
  gint64 high = 10;

  for (int digits = 1; low < n; digits++, low = high, high *= 10)
    total += (MIN (n, high) - low) * digits;

  return total;
}

gboolean
bench_hash (const BenchConfig  *config,
            BenchResult        *result,
            GError            **error)
{
  gint64 n = 200000 / config->divisor;
  gint64 sum = 0;
  gboolean first_ok = TRUE;
  gint64 t0, t1;

  t0 = bench_now_ns ();
  for (gint64 i = 0; i < n; i++)
    {
      JsonNode *key = build_key (i);
      char *hash = gq_key_hash (key);

      if (G_UNLIKELY (i == 0))
        first_ok = g_str_equal (hash, FIRST_HASH);
      sum += strlen (hash);

      g_free (hash);
      json_node_unref (key);
    }
  t1 = bench_now_ns ();

  if (!first_ok)
    bench_warn ("hash: key 0 did not hash to %s", FIRST_HASH);

  bench_result_add_int (result, "n", n);
  bench_result_add_ns (result, "ns_per_op", (double) (t1 - t0) / n);
  bench_result_set_checksum (result, sum);
  bench_result_add_ms (result, "ms_total", (t1 - t0) / 1e6);
  bench_result_expect (result, n * (gint64) (strlen (FIRST_HASH) - 1) + digit_sum (n));

  return TRUE;
}
