/* workload-share.c: structural sharing of a big refetched list
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

/* {"id": k, "title": "t <k>", "done": false, "tags": ["x", "y"],
 *  "meta": {"rev": 1, "owner": "u <k mod 50>"}} */
static JsonObject *
build_item (gint64 k)
{
  JsonObject *item = json_object_new ();
  JsonArray *tags = json_array_sized_new (2);
  JsonObject *meta = json_object_new ();
  char text[32];

  json_object_set_int_member (item, "id", k);
  g_snprintf (text, sizeof text, "t %" G_GINT64_FORMAT, k);
  json_object_set_string_member (item, "title", text);
  json_object_set_boolean_member (item, "done", FALSE);
  json_array_add_string_element (tags, "x");
  json_array_add_string_element (tags, "y");
  json_object_set_array_member (item, "tags", tags);
  json_object_set_int_member (meta, "rev", 1);
  g_snprintf (text, sizeof text, "u %" G_GINT64_FORMAT, k % 50);
  json_object_set_string_member (meta, "owner", text);
  json_object_set_object_member (item, "meta", meta);

  return item;
}

gboolean
bench_share (const BenchConfig  *config,
             BenchResult        *result,
             GError            **error)
{
  gint64 items = 10000 / config->divisor;
  gint64 iterations = 100 / config->divisor;
  gint64 changed = items / 2;
  g_autoptr(JsonNode) old = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(JsonNode) last = NULL;
  g_autofree char *text = NULL;
  JsonArray *old_array;
  JsonArray *last_array;
  JsonObject *last_changed;
  gint64 total = 0;
  gint64 reused = 0;

  old_array = json_array_sized_new (items);
  for (gint64 k = 0; k < items; k++)
    json_array_add_object_element (old_array, build_item (k));
  old = json_node_init_array (json_node_alloc (), old_array);
  json_array_unref (old_array);
  /* As the cache stores it. */
  json_node_seal (old);

  /* A fresh response: parsed from text, sharing nothing with @old. */
  text = json_to_string (old, FALSE);
  next = json_from_string (text, error);
  if (next == NULL)
    return FALSE;
  json_object_set_boolean_member (json_array_get_object_element (json_node_get_array (next), changed),
                                  "done", TRUE);
  json_node_seal (next);

  for (gint64 it = 0; it < iterations; it++)
    {
      gint64 t0, t1;

      g_clear_pointer (&last, json_node_unref);

      t0 = bench_now_ns ();
      last = gq_json_replace_equal_deep (old, next);
      t1 = bench_now_ns ();

      total += t1 - t0;
    }

  if (last == old)
    bench_warn ("share: result is old itself");
  last_array = json_node_get_array (last);
  if (json_array_get_element (last_array, changed) == json_array_get_element (old_array, changed))
    bench_warn ("share: changed item was reused");
  last_changed = json_array_get_object_element (last_array, changed);
  if (!json_object_get_boolean_member (last_changed, "done"))
    bench_warn ("share: changed item lost its change");
  for (gint64 k = 0; k < items; k++)
    if (json_array_get_element (last_array, k) == json_array_get_element (old_array, k))
      reused++;

  bench_result_add_int (result, "n", iterations);
  bench_result_add_int (result, "items", items);
  bench_result_add_ns (result, "ns_per_op", (double) total / iterations);
  bench_result_set_checksum (result, reused);
  bench_result_add_ms (result, "ms_total", total / 1e6);
  bench_result_expect (result, items - 1);

  return TRUE;
}
