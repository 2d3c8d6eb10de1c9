/* workload-infinite.c: an infinite query grown page by page, then refetched
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

#define PAGE_SIZE 50

typedef struct
{
  gint64   pages;
  GArray  *fetched;   /* gint64: the page params, in the order fetched */
  guint    notifications;
  gboolean done;
  GError  *error;
} Infinite;

/* Page p: 50 items {"id": p*50 + j}, resolved at once (no timer). */
static void
query_func (GqFetchContext *context,
            gpointer        user_data)
{
  Infinite *inf = user_data;
  JsonNode *param = gq_fetch_context_get_page_param (context);
  gint64 p = json_node_get_int (param);
  JsonArray *page = json_array_sized_new (PAGE_SIZE);
  JsonNode *node;

  g_array_append_val (inf->fetched, p);

  for (gint64 j = 0; j < PAGE_SIZE; j++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "id", p * PAGE_SIZE + j);
      json_array_add_object_element (page, item);
    }

  node = json_node_init_array (json_node_alloc (), page);
  json_array_unref (page);
  gq_fetch_context_resolve (context, node);
  json_node_unref (node);
}

/* The last page's param + 1 while below the last page, else none. */
static JsonNode *
next_page_param (JsonNode *page,
                 JsonNode *all_pages,
                 JsonNode *page_param,
                 JsonNode *all_page_params,
                 gpointer  user_data)
{
  Infinite *inf = user_data;
  gint64 last = json_node_get_int (page_param);

  if (last >= inf->pages - 1)
    return NULL;

  return json_node_init_int (json_node_alloc (), last + 1);
}

static GqInfiniteQueryOptions *
build_options (Infinite *inf)
{
  g_autoptr(JsonNode) key = gq_key_new ("feed", NULL);
  g_autoptr(JsonNode) first = json_node_init_int (json_node_alloc (), 0);
  GqInfiniteQueryOptions *options = gq_infinite_query_options_new (key, first);

  gq_query_options_set_query_func (GQ_QUERY_OPTIONS (options), query_func, inf, NULL);
  gq_infinite_query_options_set_get_next_page_param_func (options, next_page_param, inf, NULL);

  return options;
}

static void
on_fetched (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Infinite *inf = user_data;
  g_autoptr(JsonNode) data = gq_query_client_fetch_infinite_query_finish (GQ_QUERY_CLIENT (source), res,
                                                                          &inf->error);

  inf->done = TRUE;
}

static void
on_next_page (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  Infinite *inf = user_data;
  g_autoptr(GqQueryResult) result =
    gq_infinite_query_observer_fetch_next_page_finish (GQ_INFINITE_QUERY_OBSERVER (source), res, &inf->error);

  inf->done = TRUE;
}

static void
on_refetched (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  Infinite *inf = user_data;
  g_autoptr(GqQueryResult) result =
    gq_query_observer_refetch_finish (GQ_QUERY_OBSERVER (source), res, &inf->error);

  inf->done = TRUE;
}

static void
on_changed (GqQueryObserver *observer,
            GqQueryResult   *result,
            Infinite        *inf)
{
  inf->notifications++;
}

/* Runs the main context until the operation started last is done. */
static gboolean
await (Infinite  *inf,
       GError   **error)
{
  bench_iterate_until (&inf->done);
  inf->done = FALSE;

  if (inf->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&inf->error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
fetched_in_order (Infinite *inf)
{
  if ((gint64) inf->fetched->len != inf->pages)
    return FALSE;

  for (guint i = 0; i < inf->fetched->len; i++)
    if (g_array_index (inf->fetched, gint64, i) != i)
      return FALSE;

  return TRUE;
}

gboolean
bench_infinite (const BenchConfig  *config,
                BenchResult        *result,
                GError            **error)
{
  gint64 n_pages = 1000 / config->divisor;
  g_autoptr(GArray) fetched = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_pages);
  Infinite inf = { n_pages, fetched, 0, FALSE, NULL };
  GqQueryClient *client = bench_client_new ();
  g_autoptr(GqInfiniteQueryOptions) options = build_options (&inf);
  g_autoptr(GqInfiniteQueryOptions) observer_options = build_options (&inf);
  g_autoptr(GqInfiniteQueryObserver) observer = NULL;
  g_autoptr(GqQueryResult) after_appends = NULL;
  g_autoptr(JsonNode) key = gq_key_new ("feed", NULL);
  g_autoptr(JsonNode) data = NULL;
  JsonArray *pages;
  JsonArray *params;
  gint64 appended;
  gint64 items = 0;
  gboolean ordered = TRUE;
  gboolean ok = FALSE;
  gint64 t0, t1, t2, t3;

  gq_query_client_fetch_infinite_query_async (client, options, NULL, on_fetched, &inf);
  if (!await (&inf, error))
    goto out;

  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (observer_options), GQ_TIME_INFINITE);
  observer = gq_infinite_query_observer_new (client, observer_options);
  g_signal_connect (observer, "changed", G_CALLBACK (on_changed), &inf);
  gq_query_observer_subscribe (GQ_QUERY_OBSERVER (observer));

  g_array_set_size (inf.fetched, 0);
  t0 = bench_now_ns ();
  for (gint64 p = 1; p < inf.pages; p++)
    {
      gq_infinite_query_observer_fetch_next_page_async (observer, GQ_REFETCH_FLAGS_NONE, NULL,
                                                        on_next_page, &inf);
      if (!await (&inf, error))
        goto out;
    }
  t1 = bench_now_ns ();
  appended = inf.fetched->len;

  after_appends = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (observer));
  pages = json_node_get_array (json_object_get_member (json_node_get_object (gq_query_result_get_data (after_appends)),
                                                       "pages"));
  if (json_array_get_length (pages) != inf.pages)
    bench_warn ("infinite: %u pages after appends", json_array_get_length (pages));
  if (gq_query_result_get_has_next_page (after_appends))
    bench_warn ("infinite: has a next page after the last page");

  g_array_set_size (inf.fetched, 0);
  t2 = bench_now_ns ();
  gq_query_observer_refetch_async (GQ_QUERY_OBSERVER (observer), GQ_REFETCH_FLAGS_NONE, NULL,
                                   on_refetched, &inf);
  if (!await (&inf, error))
    goto out;
  t3 = bench_now_ns ();

  if (!fetched_in_order (&inf))
    bench_warn ("infinite: the refetch fetched %u pages, not 0..%" G_GINT64_FORMAT " in order",
                inf.fetched->len, inf.pages - 1);

  data = gq_query_client_get_query_data (client, key);
  pages = json_object_get_array_member (json_node_get_object (data), "pages");
  params = json_object_get_array_member (json_node_get_object (data), "pageParams");
  for (guint i = 0; i < json_array_get_length (pages); i++)
    {
      JsonArray *page = json_array_get_array_element (pages, i);

      items += json_array_get_length (page);
      if (json_array_get_int_element (params, i) != i ||
          json_object_get_int_member (json_array_get_object_element (page, 0), "id") != (gint64) i * PAGE_SIZE)
        ordered = FALSE;
    }
  if (!ordered)
    bench_warn ("infinite: pages out of order after the refetch");

  bench_result_add_int (result, "n", inf.pages);
  bench_result_add_ns (result, "ns_per_op", (double) (t1 - t0) / MAX (appended, 1));
  bench_result_set_checksum (result, items);
  bench_result_add_ms (result, "ms_appends", (t1 - t0) / 1e6);
  bench_result_add_ms (result, "ms_refetch", (t3 - t2) / 1e6);
  bench_result_add_int (result, "notifications", inf.notifications);
  bench_result_expect (result, inf.pages * PAGE_SIZE);
  ok = TRUE;

out:
  if (observer != NULL)
    gq_query_observer_unsubscribe (GQ_QUERY_OBSERVER (observer));
  g_clear_object (&observer);
  bench_client_free (client);

  return ok;
}
