/* gquery-bench.c: the engine workloads of WORKLOADS.md against gquery
 *
 * Usage: gquery-bench [--quick] [WORKLOAD...]
 *
 * Prints one JSON object per workload on stdout and nothing else, then
 * the process's peak RSS as {"workload":"process",...}; diagnostics go to
 * stderr. Every workload runs once as a warm-up, then timed; the exit
 * status is 1 if a workload failed or its checksum is not the one
 * WORKLOADS.md defines. --quick (or
 * BENCH_QUICK=1) divides the sizes by 10 as the peer does.
 * BENCH_HTTP_BASE is the http workload's server.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

typedef struct
{
  const char        *name;
  BenchWorkloadFunc  run;
} Workload;

/* In WORKLOADS.md's order. A NULL function is a workload this build
 * cannot run yet: it prints nothing for it. */
static const Workload workloads[] = {
  { "hash", bench_hash },
  { "populate", bench_populate },
  { "invalidate", bench_invalidate },
  { "share", bench_share },
  { "observe", bench_observe },
  { "infinite", bench_infinite },
  { "dedupe", bench_dedupe },
  { "http", bench_http },
};

static gboolean
env_is_true (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL &&
         (g_str_equal (value, "1") ||
          g_ascii_strcasecmp (value, "true") == 0 ||
          g_ascii_strcasecmp (value, "yes") == 0 ||
          g_ascii_strcasecmp (value, "on") == 0);
}

static const Workload *
find_workload (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (workloads); i++)
    if (g_str_equal (workloads[i].name, name))
      return &workloads[i];
  return NULL;
}

static void
usage (FILE *out)
{
  fprintf (out, "usage: gquery-bench [--quick] [");
  for (guint i = 0; i < G_N_ELEMENTS (workloads); i++)
    fprintf (out, "%s%s", i ? "|" : "", workloads[i].name);
  fprintf (out, " ...]\n");
}

/* Runs @workload twice, the warm-up's figures discarded; prints the timed
 * run. Returns FALSE if it failed. */
static gboolean
run_workload (const Workload    *workload,
              const BenchConfig *config)
{
  BenchResult warm;
  BenchResult timed;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  bench_result_init (&warm, workload->name);
  ok = workload->run (config, &warm, &error);

  if (ok && warm.skipped == NULL)
    {
      bench_result_init (&timed, workload->name);
      ok = workload->run (config, &timed, &error);
    }
  else
    {
      timed = warm;
      bench_result_init (&warm, workload->name);
    }

  if (!ok)
    {
      g_autofree char *message = g_strescape (error ? error->message : "failed", NULL);

      bench_warn ("%s: %s", workload->name, error ? error->message : "failed");
      printf ("{\"workload\":\"%s\",\"error\":\"%s\"}\n", workload->name, message);
    }
  else if (timed.skipped != NULL)
    {
      printf ("{\"workload\":\"%s\",\"skipped\":\"%s\"}\n", workload->name, timed.skipped);
    }
  else
    {
      /* A wrong checksum means the work was not done: the run fails. */
      if (warm.checksum != timed.checksum)
        {
          bench_warn ("%s: warm-up checksum %" G_GINT64_FORMAT " != timed %" G_GINT64_FORMAT,
                      workload->name, warm.checksum, timed.checksum);
          ok = FALSE;
        }
      if (timed.has_expected && timed.checksum != timed.expected)
        {
          bench_warn ("%s: checksum %" G_GINT64_FORMAT " != expected %" G_GINT64_FORMAT,
                      workload->name, timed.checksum, timed.expected);
          ok = FALSE;
        }
      printf ("%s}\n", timed.json->str);
    }
  fflush (stdout);

  bench_result_clear (&warm);
  bench_result_clear (&timed);

  return ok;
}

/* The http workload opens a connection per request, 2 000 at once: as
 * the peer's run.sh does, lift the soft limit on open files to the hard
 * one. */
static void
raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  BenchConfig config = { 1, NULL };
  gboolean failed = FALSE;

  setlocale (LC_ALL, "");
  raise_file_limit ();

  if (env_is_true ("BENCH_QUICK"))
    config.divisor = 10;

  for (int i = 1; i < argc; i++)
    {
      const Workload *workload;

      if (g_str_equal (argv[i], "--quick"))
        config.divisor = 10;
      else if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "--help"))
        {
          usage (stdout);
          return 0;
        }
      else if ((workload = find_workload (argv[i])) != NULL)
        g_ptr_array_add (selected, (gpointer) workload);
      else
        {
          fprintf (stderr, "gquery-bench: unknown workload or option '%s'\n", argv[i]);
          usage (stderr);
          return 2;
        }
    }

  config.http_base = g_getenv ("BENCH_HTTP_BASE");
  if (config.http_base == NULL || config.http_base[0] == '\0')
    config.http_base = "http://127.0.0.1:8089";

  for (guint i = 0; i < G_N_ELEMENTS (workloads); i++)
    {
      const Workload *workload = &workloads[i];

      if (selected->len > 0 && !g_ptr_array_find (selected, workload, NULL))
        continue;

      if (workload->run == NULL)
        {
          bench_warn ("%s: not available in this build", workload->name);
          continue;
        }

      if (!run_workload (workload, &config))
        failed = TRUE;
    }

  printf ("{\"workload\":\"process\",\"peak_rss_kb\":%" G_GINT64_FORMAT "}\n", bench_peak_rss_kb ());

  return failed ? 1 : 0;
}
