/* workload-http.c: 2 000 concurrent queries over HTTP through GqRestSource
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

#define PROBE_TIMEOUT_MS 2000
/* Connections to the server: the source sends that many requests at once
 * and queues the others in order (see GqRestSource's documentation). */
#define CONNECTIONS      32

typedef struct
{
  GqRestSource *source;
  gint64        completed;
  gint64        callers;
  gint64        id_sum;
  gint64        failed;
  GError       *first_error;
  gboolean      done;
} Http;

static void
on_response (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(GqFetchContext) context = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = gq_rest_source_request_finish (GQ_REST_SOURCE (source), res, &error);

  if (data == NULL)
    gq_fetch_context_reject (context, error);
  else
    gq_fetch_context_resolve (context, data);
}

/* The key ["item", i] is served at items/<i>.json: the source maps the
 * target ["items", "<i>.json"] to that path. */
static void
query_func (GqFetchContext *context,
            gpointer        user_data)
{
  Http *http = user_data;
  JsonArray *key = json_node_get_array (gq_fetch_context_get_query_key (context));
  gint64 i = json_array_get_int_element (key, 1);
  g_autofree char *file = g_strdup_printf ("%" G_GINT64_FORMAT ".json", i);
  const char *segments[] = { "items", file, NULL };
  g_autoptr(JsonNode) target = gq_key_newv (segments);

  gq_rest_source_request_async (http->source, "GET", target, NULL,
                                gq_fetch_context_get_cancellable (context),
                                on_response, g_object_ref (context));
}

static void
on_fetched (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Http *http = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = gq_query_client_fetch_query_finish (GQ_QUERY_CLIENT (source), res, &error);

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    http->id_sum += json_object_get_int_member_with_default (json_node_get_object (data), "id", 0);
  else
    {
      http->failed++;
      if (http->first_error == NULL && error != NULL)
        http->first_error = g_steal_pointer (&error);
    }

  if (++http->completed == http->callers)
    http->done = TRUE;
}

/* As a user would set the source up for this load: one session with its
 * connection limits raised for one busy local server. */
static GqRestSource *
source_new (const char *base_uri,
            gint64      connections)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", (int) connections,
                                                                  "max-conns-per-host", (int) connections,
                                                                  NULL);

  return gq_rest_source_new_with_session (base_uri, session);
}

static void
on_probed (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  gboolean *reachable = user_data;
  g_autoptr(JsonNode) data = gq_rest_source_request_finish (GQ_REST_SOURCE (source), res, NULL);

  reachable[0] = data != NULL && JSON_NODE_HOLDS_OBJECT (data) &&
                 json_object_get_int_member_with_default (json_node_get_object (data), "id", -1) == 0;
  reachable[1] = TRUE;
}

typedef struct
{
  GCancellable *cancellable;
  guint         timeout;
} Probe;

/* Fires once: the timeout is gone after it. */
static gboolean
cancel_probe (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timeout = 0;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

/* A GET of items/0.json within 2 s, as the peer probes the server. */
static gboolean
server_reachable (GqRestSource *source)
{
  const char *segments[] = { "items", "0.json", NULL };
  g_autoptr(JsonNode) target = gq_key_newv (segments);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean state[2] = { FALSE, FALSE };
  Probe probe = { cancellable, 0 };

  probe.timeout = g_timeout_add (PROBE_TIMEOUT_MS, cancel_probe, &probe);
  gq_rest_source_request_async (source, "GET", target, NULL, cancellable, on_probed, state);
  bench_iterate_until (&state[1]);
  g_clear_handle_id (&probe.timeout, g_source_remove);

  return state[0];
}

gboolean
bench_http (const BenchConfig  *config,
            BenchResult        *result,
            GError            **error)
{
  Http http = { 0 };
  GqQueryClient *client;
  gint64 t0, t1;

  http.callers = 2000 / config->divisor;
  http.source = source_new (config->http_base, CONNECTIONS);

  if (!server_reachable (http.source))
    {
      result->skipped = g_strdup ("no server");
      g_clear_object (&http.source);
      return TRUE;
    }

  client = bench_client_new ();

  t0 = bench_now_ns ();
  for (gint64 i = 0; i < http.callers; i++)
    {
      g_autoptr(JsonNode) key = bench_key_string_int ("item", i);
      g_autoptr(GqQueryOptions) options = gq_query_options_new (key);

      gq_query_options_set_query_func (options, query_func, &http, NULL);
      gq_query_client_fetch_query_async (client, options, NULL, on_fetched, &http);
    }
  bench_iterate_until (&http.done);
  t1 = bench_now_ns ();

  bench_client_free (client);
  g_clear_object (&http.source);

  if (http.failed > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%" G_GINT64_FORMAT " requests failed, the first with: %s", http.failed,
                   http.first_error ? http.first_error->message : "no data");
      g_clear_error (&http.first_error);
      return FALSE;
    }

  bench_result_add_int (result, "n", http.callers);
  bench_result_add_ns (result, "ns_per_op", (double) (t1 - t0) / http.callers);
  bench_result_set_checksum (result, http.id_sum);
  bench_result_add_ms (result, "ms_total", (t1 - t0) / 1e6);
  bench_result_expect (result, http.callers * (http.callers - 1) / 2);

  return TRUE;
}
