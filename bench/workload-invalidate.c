/* workload-invalidate.c: prefix and exact invalidation in a big cache
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

#define GROUPS 100

/* ["group", g, {"i": i}] */
static JsonNode *
build_key (gint64 g,
           gint64 i)
{
  JsonArray *array = json_array_sized_new (3);
  JsonObject *object = json_object_new ();
  JsonNode *key;

  json_object_set_int_member (object, "i", i);
  json_array_add_string_element (array, "group");
  json_array_add_int_element (array, g);
  json_array_add_object_element (array, object);
  key = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);

  return key;
}

/* {"v": i} */
static JsonNode *
build_value (gint64 i)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_int_member (object, "v", i);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  return node;
}

static void
on_invalidated (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_query_client_invalidate_queries_finish (GQ_QUERY_CLIENT (source), res, &error))
    bench_warn ("invalidate: %s", error->message);
  *done = TRUE;
}

/* invalidateQueries (filters), awaited. */
static void
invalidate (GqQueryClient *client,
            JsonNode      *key,
            gboolean       exact)
{
  g_autoptr(GqQueryFilters) filters = exact ? gq_query_filters_new_exact (key)
                                            : gq_query_filters_new (key);
  gboolean done = FALSE;

  gq_query_client_invalidate_queries_async (client, filters, GQ_REFETCH_FLAGS_NONE,
                                            NULL, on_invalidated, &done);
  bench_iterate_until (&done);
}

static gint64
count_invalidated (GqQueryClient *client)
{
  g_autoptr(GPtrArray) all = gq_query_cache_get_all (gq_query_client_get_query_cache (client));
  gint64 count = 0;

  for (guint i = 0; i < all->len; i++)
    if (gq_query_state_get_is_invalidated (gq_query_get_state (g_ptr_array_index (all, i))))
      count++;

  return count;
}

gboolean
bench_invalidate (const BenchConfig  *config,
                  BenchResult        *result,
                  GError            **error)
{
  gint64 n = 100000 / config->divisor;
  GqQueryClient *client = bench_client_new ();
  gint64 invalidated;
  gint64 after;
  gint64 t0, t1, t2, t3;
  guint fetching;

  for (gint64 i = 0; i < n; i++)
    {
      JsonNode *key = build_key (i % GROUPS, i);
      JsonNode *value = build_value (i);
      JsonNode *stored = gq_query_client_set_query_data (client, key, value, 0);

      json_node_unref (stored);
      json_node_unref (value);
      json_node_unref (key);
    }
  bench_iterate_pending ();

  t0 = bench_now_ns ();
  for (gint64 g = 0; g < GROUPS; g++)
    {
      JsonNode *key = bench_key_string_int ("group", g);

      invalidate (client, key, FALSE);
      json_node_unref (key);
    }
  t1 = bench_now_ns ();

  invalidated = count_invalidated (client);

  t2 = bench_now_ns ();
  for (gint64 g = 0; g < GROUPS; g++)
    {
      JsonNode *key = build_key (g, g);

      invalidate (client, key, TRUE);
      json_node_unref (key);
    }
  t3 = bench_now_ns ();

  after = count_invalidated (client);
  if (after != invalidated)
    bench_warn ("invalidate: %" G_GINT64_FORMAT " invalidated after the exact calls", after);
  fetching = gq_query_client_is_fetching (client, NULL);
  if (fetching > 0)
    bench_warn ("invalidate: %u queries fetching (expected none)", fetching);
  bench_client_free (client);

  bench_result_add_int (result, "n", n);
  bench_result_add_ns (result, "ns_per_op", (double) (t1 - t0) / GROUPS);
  bench_result_set_checksum (result, invalidated);
  bench_result_add_ms (result, "ms_per_prefix_call", (t1 - t0) / 1e6 / GROUPS);
  bench_result_add_ms (result, "ms_per_exact_call", (t3 - t2) / 1e6 / GROUPS);
  bench_result_expect (result, n);

  return TRUE;
}
