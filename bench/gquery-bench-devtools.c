/* gquery-bench-devtools.c: the devtools with 10 000 queries in the cache
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Prints one JSON line per measure: the time to open the devtools window
 * on 10 000 queries (to its first painted frame), the time per live update
 * (one query changed, until the frame that shows it), and the longest
 * main-loop iteration while 10 000 more queries arrive. An update is
 * measured twice: the devtools applying it to their models (applied: the
 * batch flushed at once instead of on its idle),
 * and until the next painted frame (to_frame: includes rendering the
 * whole window with cairo over Xvfb). Run it under Xvfb:
 *
 *   build-aux/xvfb-test.sh _build/bench/gquery-bench-devtools [--quick]
 */

#include <gquery-gtk.h>

#include "gq-devtools-private.h"

static guint painted;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  painted++;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Iterates until the devtools applied their batch and one more frame was
 * painted; returns the longest iteration, in µs. */
static gint64
run_until_painted (GqDevtools *devtools)
{
  guint target = painted + 1;
  gint64 longest = 0;

  while (_gq_devtools_has_pending (devtools) || painted < target)
    {
      gint64 before = g_get_monotonic_time ();

      g_main_context_iteration (NULL, TRUE);
      longest = MAX (longest, g_get_monotonic_time () - before);
    }

  return longest;
}

static void
set_data (GqQueryClient *client,
          const char    *prefix,
          int            i,
          gboolean       done)
{
  g_autofree char *text = g_strdup_printf ("[\"%s\",%d]", prefix, i);
  g_autoptr(JsonNode) key = gq_key_parse (text, NULL);
  g_autoptr(JsonNode) data = json_from_string (done ? "{\"done\":true}" : "{\"done\":false}", NULL);
  g_autoptr(JsonNode) stored = gq_query_client_set_query_data (client, key, data, 0);
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = argc > 1 && g_str_equal (argv[1], "--quick");
  int n = quick ? 1000 : 10000;
  int updates = quick ? 20 : 200;
  g_autoptr(GqQueryClient) client = NULL;
  GtkWidget *window;
  GqDevtools *devtools;
  gint64 start, longest = 0, worst = 0;
  double total = 0, apply_total = 0;

  gtk_init ();
  client = gq_query_client_new ();

  for (int i = 0; i < n; i++)
    set_data (client, "bench", i, FALSE);

  start = g_get_monotonic_time ();
  window = gq_devtools_window_new (client);
  devtools = gq_devtools_window_get_devtools (GQ_DEVTOOLS_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_native_get_surface (GTK_NATIVE (window)) == NULL ||
         gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window))) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window))),
                    "after-paint", G_CALLBACK (on_after_paint), NULL);
  longest = run_until_painted (devtools);
  g_print ("{\"workload\":\"devtools-open\",\"queries\":%d,\"open_ms\":%.2f,\"longest_iteration_ms\":%.2f}\n",
           n, ms_since (start), longest / 1000.0);

  for (int i = 0; i < updates; i++)
    {
      gint64 one = g_get_monotonic_time ();
      double elapsed;

      set_data (client, "bench", i, i % 2 == 0);
      _gq_devtools_flush (devtools);
      apply_total += ms_since (one);
      run_until_painted (devtools);
      elapsed = ms_since (one);
      total += elapsed;
      worst = MAX (worst, (gint64) (elapsed * 1000));
    }
  g_print ("{\"workload\":\"devtools-update\",\"queries\":%d,\"updates\":%d,"
           "\"applied_ms\":%.3f,\"to_frame_ms\":%.3f,\"worst_to_frame_ms\":%.2f}\n",
           n, updates, apply_total / updates, total / updates, worst / 1000.0);

  start = g_get_monotonic_time ();
  for (int i = 0; i < n; i++)
    set_data (client, "live", i, TRUE);
  longest = run_until_painted (devtools);
  g_print ("{\"workload\":\"devtools-live-add\",\"queries\":%d,\"added\":%d,\"ms\":%.2f,\"longest_iteration_ms\":%.2f}\n",
           n, n, ms_since (start), longest / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
  gq_query_client_clear (client);

  return 0;
}
