/* main.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "gq-demo-server.h"

static char *host = NULL;
static int port = 3000;
static gint64 seed = 1;
static char *data_file = NULL;
static int latency_ms = 0;
static double failure_rate = 0;
static double drop_rate = 0;
static gint64 fault_seed = 1;
static int scale = 1;

static const GOptionEntry entries[] = {
  { "host", 0, 0, G_OPTION_ARG_STRING, &host, "Address to bind (default 127.0.0.1)", "HOST" },
  { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port to listen on, 0 for a free one (default 3000)", "PORT" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the generated data (default 1)", "N" },
  { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_file, "Load the data from FILE and save changes to it", "FILE" },
  { "latency", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Delay every collection response by MS milliseconds", "MS" },
  { "failure-rate", 0, 0, G_OPTION_ARG_DOUBLE, &failure_rate, "Answer this share of requests with 503 (0 to 1)", "F" },
  { "drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &drop_rate, "Drop the connection of this share of requests (0 to 1)", "F" },
  { "fault-seed", 0, 0, G_OPTION_ARG_INT64, &fault_seed, "Seed of the fault sequence (default 1)", "N" },
  { "scale", 0, 0, G_OPTION_ARG_INT, &scale, "Multiply the size of the generated data by N", "N" },
  { NULL }
};

static gboolean
quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_options (GError **error)
{
  if (port < 0 || port > G_MAXUINT16)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--port must be from 0 to 65535");
  else if (seed < 0 || seed > G_MAXUINT32 || fault_seed < 0 || fault_seed > G_MAXUINT32)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "seeds must be from 0 to 4294967295");
  else if (latency_ms < 0)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--latency must not be negative");
  else if (!(failure_rate >= 0 && failure_rate <= 1) || !(drop_rate >= 0 && drop_rate <= 1))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "rates must be from 0 to 1");
  else if (scale < 1 || scale > G_MAXUINT16)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--scale must be from 1 to 65535");
  else
    return TRUE;

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GqDemoServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_uri = NULL;
  guint sigint_id;
  guint sigterm_id;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- a REST server with seeded demo data");
  g_option_context_set_summary (context,
                                "Serves people, projects, tasks and comments with json-server's\n"
                                "REST conventions, for gquery's demos and tests.");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error) || !check_options (&error))
    {
      g_printerr ("gquery-demo-server: %s\n", error->message);
      return 1;
    }

  server = gq_demo_server_new ((guint32) seed);
  gq_demo_server_set_data_file (server, data_file);
  gq_demo_server_set_scale (server, scale);
  gq_demo_server_set_faults (server, latency_ms, failure_rate, drop_rate, (guint32) fault_seed);

  if (!gq_demo_server_start (server, host, port, &error))
    {
      g_printerr ("gquery-demo-server: %s\n", error->message);
      return 1;
    }

  base_uri = gq_demo_server_dup_base_uri (server);
  g_print ("Listening on %s\n", base_uri);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  gq_demo_server_stop (server);

  g_free (host);
  g_free (data_file);

  return 0;
}
