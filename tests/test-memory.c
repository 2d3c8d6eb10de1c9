/* test-memory.c: a long-running client returns to its starting memory
 *
 * Cycles of 10 000 queries each: observed, fetched (with a data object
 * per query), unobserved, and garbage collected once their gc time is
 * over, on the manual scheduler. After each cycle the heap is trimmed and
 * measured (mallinfo2: bytes in use). The first cycle warms up what the
 * process keeps for good (type classes, hash table sizes, slices); from
 * then on the heap must come back to where it was, within a small bound,
 * whatever the number of cycles. GQ_MEMORY_CYCLES and GQ_MEMORY_QUERIES
 * resize it.
 *
 * Under valgrind or the sanitizers the allocator is theirs, and the
 * figures mean nothing: the cycles run (smaller), the bound is not
 * checked; their own leak checks cover that run.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <malloc.h>
#include <valgrind/valgrind.h>

#include "gq-test-util.h"

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_SANITIZER 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_SANITIZER 1
# endif
#endif
#ifndef UNDER_SANITIZER
# define UNDER_SANITIZER 0
#endif

/* Growth allowed from cycle 2 to the last: far below one cycle's worth
 * (10 000 queries are about 18 MB; the heap moves in steps of 256 KB). */
#define MAX_GROWTH ((gsize) 256 * 1024)

static guint
setting (const char *variable,
         guint       fallback)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 info;

  malloc_trim (0);
  info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

/* Resolves at once with the shared record. (Not GqTestFetcher: it keeps
 * a record of every call, which would be the growth measured.) */
static void
resolve_func (GqFetchContext *context,
              gpointer        user_data)
{
  gq_fetch_context_resolve (context, user_data);
}

static void
run_cycle (GqTestEnv     *env,
           JsonNode      *record,
           guint          cycle,
           guint          n_queries)
{
  g_autoptr(GPtrArray) observers = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_queries; i++)
    {
      g_autoptr(JsonNode) key = gq_key_printf ("[\"memory\", %u, {\"page\": %u}]", i, cycle);
      g_autoptr(GqQueryOptions) options = gq_query_options_new (key);
      GqQueryObserver *observer;

      gq_query_options_set_query_func (options, resolve_func, json_node_ref (record),
                                       (GDestroyNotify) json_node_unref);
      gq_query_options_set_gc_time (options, 1000);
      observer = gq_query_observer_new (env->client, options);
      gq_query_observer_subscribe (observer);
      g_ptr_array_add (observers, observer);
    }

  /* Every fetch has resolved. */
  gq_test_advance (env, 10);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (env)), ==, n_queries);

  for (guint i = 0; i < observers->len; i++)
    gq_query_observer_unsubscribe (g_ptr_array_index (observers, i));
  g_ptr_array_set_size (observers, 0);

  /* Past the gc time, the cache is empty again. */
  gq_test_advance (env, 1000);
  g_assert_cmpuint (gq_query_cache_get_size (gq_test_cache (env)), ==, 0);
}

static void
test_gc_cycles (void)
{
  gboolean measured = !RUNNING_ON_VALGRIND && !UNDER_SANITIZER;
  guint cycles = setting ("GQ_MEMORY_CYCLES", measured ? 8 : 3);
  guint n_queries = setting ("GQ_MEMORY_QUERIES", measured ? 10000 : 1000);
  GqTestEnv env;
  g_autoptr(JsonNode) record = NULL;
  gsize start = 0;
  gsize peak = 0;
  gsize last = 0;

  gq_test_env_init (&env);
  record = json_from_string ("{\"title\": \"a record of some size, as a list shows\","
                                    " \"tags\": [\"one\", \"two\", \"three\"], \"done\": false}",
                                    NULL);

  for (guint cycle = 1; cycle <= cycles; cycle++)
    {
      gsize in_use;

      run_cycle (&env, record, cycle, n_queries);
      in_use = heap_in_use ();
      g_test_message ("cycle %u: %u queries created and collected; heap in use %zu bytes",
                      cycle, n_queries, in_use);

      if (cycle == 2)
        start = in_use;
      if (cycle >= 2)
        peak = MAX (peak, in_use);
      last = in_use;
    }

  g_test_message ("heap after cycle 2: %zu bytes, after cycle %u: %zu bytes (%+" G_GINT64_FORMAT "), "
                  "highest %zu", start, cycles, last, (gint64) last - (gint64) start, peak);

  if (measured)
    {
      g_assert_cmpuint (last, <=, start + MAX_GROWTH);
      g_assert_cmpuint (peak, <=, start + MAX_GROWTH);
    }

  gq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Memory/gc-cycles", test_gc_cycles);

  return g_test_run ();
}
