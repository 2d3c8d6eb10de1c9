/* bench-util.c: results, clocks, clients and main-loop helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

#include <math.h>
#include <string.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <time.h>

void
bench_result_init (BenchResult *result,
                   const char  *workload)
{
  memset (result, 0, sizeof *result);
  result->json = g_string_new ("{\"workload\":\"");
  g_string_append (result->json, workload);
  g_string_append_c (result->json, '"');
}

void
bench_result_clear (BenchResult *result)
{
  if (result->json != NULL)
    g_string_free (result->json, TRUE);
  g_free (result->skipped);
  memset (result, 0, sizeof *result);
}

void
bench_result_add_int (BenchResult *result,
                      const char  *field,
                      gint64       value)
{
  g_string_append_printf (result->json, ",\"%s\":%" G_GINT64_FORMAT, field, value);
}

static void
add_rounded (BenchResult *result,
             const char  *field,
             double       value,
             const char  *format)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    value = 0;
  g_ascii_formatd (text, sizeof text, format, value);
  g_string_append_printf (result->json, ",\"%s\":%s", field, text);
}

void
bench_result_add_ns (BenchResult *result,
                     const char  *field,
                     double       ns)
{
  add_rounded (result, field, ns, "%.1f");
}

void
bench_result_add_ms (BenchResult *result,
                     const char  *field,
                     double       ms)
{
  add_rounded (result, field, ms, "%.3f");
}

void
bench_result_set_checksum (BenchResult *result,
                           gint64       checksum)
{
  result->checksum = checksum;
  bench_result_add_int (result, "checksum", checksum);
}

void
bench_result_expect (BenchResult *result,
                     gint64       expected)
{
  result->expected = expected;
  result->has_expected = TRUE;
}

gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

gint64
bench_peak_rss_kb (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return usage.ru_maxrss;
}

void
bench_warn (const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("gquery-bench: %s\n", message);
}

GqQueryClient *
bench_client_new (void)
{
  GqQueryClient *client = gq_query_client_new ();
  GqQueryOptions *defaults = gq_query_client_get_default_options (client);

  gq_query_options_set_gc_time (defaults, GQ_TIME_INFINITE);
  gq_query_options_set_retry (defaults, 0);
  gq_query_client_mount (client);

  return client;
}

void
bench_client_free (GqQueryClient *client)
{
  gq_query_client_clear (client);
  gq_query_client_unmount (client);
  g_object_unref (client);
  bench_iterate_pending ();
}

void
bench_iterate_until (const gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

void
bench_iterate_pending (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

JsonNode *
bench_key_string_int (const char *first,
                      gint64      second)
{
  JsonArray *array = json_array_sized_new (2);
  JsonNode *key;

  json_array_add_string_element (array, first);
  json_array_add_int_element (array, second);
  key = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);

  return key;
}
