/* test-soak.c: nothing lost, nothing applied twice, under faults and kills
 *
 * Real processes: gquery-demo-server with latency, a 20 % failure rate
 * and dropped connections, saving its data to a file; gq-soak-client,
 * which plays a seeded script of creates, edits and deletes through
 * mutations with retries, goes offline and online at random points, and
 * is killed with SIGKILL several times and started again. At the end, the
 * server's data file must hold exactly the state the script computes:
 * each record the script keeps, once, with the fields of its last edit;
 * none of those it deletes.
 *
 * Sizes: GQ_SOAK_OPERATIONS (500 by default, the CI size; 5000 for the
 * long run), GQ_SOAK_KILLS (3), GQ_SOAK_SEED (1).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gq-soak-script.h"

typedef struct
{
  gboolean exists;
  guint    priority;
  gboolean done;
  guint    last_operation;
} Expected;

static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  g_assert_nonnull (path);

  return path;
}

static guint
setting (const char *variable,
         guint       fallback)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (GDataInputStream   **out,
       const char * const  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  *out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  return process;
}

static char *
read_line (GDataInputStream *in)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);

  return line;
}

static Expected *
expected_state (const GqSoakScript *script)
{
  Expected *expected = g_new0 (Expected, script->n_records);

  for (guint i = 0; i < script->n_operations; i++)
    {
      const GqSoakOperation *op = &script->operations[i];
      Expected *record = &expected[op->record];

      record->exists = op->kind != GQ_SOAK_DELETE;
      record->priority = op->priority;
      record->done = op->done;
      record->last_operation = i;
    }

  return expected;
}

/* Runs the client until it prints "progress N" with N >= @kill_at, then
 * kills it after a random moment (0 to 150 ms: queued, in flight or
 * between batches); with @kill_at 0, runs it to the end. */
static void
run_client (const char *base_uri,
            const char *cache_path,
            guint32     seed,
            guint       operations,
            guint       run,
            guint       kill_at,
            GRand      *rand)
{
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  g_autofree char *operations_text = g_strdup_printf ("%u", operations);
  g_autofree char *run_text = g_strdup_printf ("%u", run);
  const char *argv[] = { program ("GQ_SOAK_CLIENT"), base_uri, cache_path, seed_text,
                         operations_text, run_text, NULL };
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocess) client = spawn (&out, argv);
  g_autoptr(GError) error = NULL;

  for (;;)
    {
      g_autofree char *line = read_line (out);

      if (g_str_has_prefix (line, "restored "))
        {
          g_test_message ("run %u: %s", run, line);
          continue;
        }

      if (g_str_has_prefix (line, "done "))
        {
          g_assert_cmpuint (kill_at, ==, 0);
          g_assert_cmpuint (g_ascii_strtoull (line + strlen ("done "), NULL, 10), ==, operations);
          g_subprocess_wait_check (client, NULL, &error);
          g_assert_no_error (error);
          return;
        }

      g_assert_true (g_str_has_prefix (line, "progress "));
      if (kill_at > 0 && g_ascii_strtoull (line + strlen ("progress "), NULL, 10) >= kill_at)
        {
          g_usleep (g_rand_int_range (rand, 0, 150) * G_TIME_SPAN_MILLISECOND);
          g_subprocess_send_signal (client, SIGKILL);
          g_subprocess_wait (client, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (g_subprocess_get_if_signaled (client));
          g_test_message ("run %u: killed after %s", run, line);
          return;
        }
    }
}

static JsonArray *
read_tasks (JsonParser *parser,
            const char *data_path)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, data_path, &error);
  g_assert_no_error (error);

  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tasks");
}

static void
test_soak (void)
{
  guint operations = setting ("GQ_SOAK_OPERATIONS", 500);
  guint kills = setting ("GQ_SOAK_KILLS", 3);
  guint32 seed = setting ("GQ_SOAK_SEED", 1);
  g_autoptr(GqSoakScript) script = gq_soak_script_new (seed, operations);
  g_autofree Expected *expected = expected_state (script);
  g_autofree guint *found = g_new0 (guint, script->n_records);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) server_out = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *dir = g_dir_make_tmp ("gq-soak-XXXXXX", &error);
  g_autofree char *data_path = g_build_filename (dir, "server-data.json", NULL);
  g_autofree char *cache_dir = g_build_filename (dir, "cache", NULL);
  g_autofree char *cache_path = g_build_filename (cache_dir, "gquery-cache.json", NULL);
  g_autofree char *fault_seed = g_strdup_printf ("%u", seed);
  g_autofree char *line = NULL;
  g_autofree char *base_uri = NULL;
  g_autofree char *prefix = g_strdup_printf ("soak-%u-", seed);
  guint live = 0, duplicated = 0, lost = 0, resurrected = 0, stale = 0;
  gint64 started = g_get_monotonic_time ();
  JsonArray *tasks;

  g_assert_no_error (error);

  /* A small data file: the seeded 10 000 tasks would make each save of
   * the server slow. Tasks refer to these projects. */
  g_file_set_contents (data_path,
                       "{\"projects\": [{\"id\": 1, \"name\": \"p1\"}, {\"id\": 2, \"name\": \"p2\"},"
                       " {\"id\": 3, \"name\": \"p3\"}, {\"id\": 4, \"name\": \"p4\"},"
                       " {\"id\": 5, \"name\": \"p5\"}], \"tasks\": []}",
                       -1, &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { program ("GQ_DEMO_SERVER_PROGRAM"), "--port", "0", "--data", data_path,
                           "--latency", "5", "--failure-rate", "0.2", "--drop-rate", "0.1",
                           "--fault-seed", fault_seed, NULL };

    server = spawn (&server_out, argv);
  }
  line = read_line (server_out);
  g_assert_true (g_str_has_prefix (line, "Listening on http://"));
  base_uri = g_strdup (line + strlen ("Listening on "));

  for (guint run = 0; run <= kills; run++)
    {
      /* Kills spread over the script, each somewhere in its stretch. */
      guint kill_at = 0;

      if (run < kills)
        kill_at = MAX (1, operations * (run + 1) / (kills + 1) -
                          (guint) g_rand_int_range (rand, 0, MAX (1, operations / (4 * (kills + 1)))));
      run_client (base_uri, cache_path, seed, operations, run, kill_at, rand);
    }

  /* Stopped cleanly, the server has saved everything. */
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait_check (server, NULL, &error);
  g_assert_no_error (error);

  tasks = read_tasks (parser, data_path);
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      const char *title = json_object_get_string_member_with_default (task, "title", "");
      guint64 record;
      JsonArray *tags;
      g_autofree char *tag = NULL;

      if (!g_str_has_prefix (title, prefix))
        continue;

      record = g_ascii_strtoull (title + strlen (prefix), NULL, 10);
      g_assert_cmpuint (record, <, script->n_records);
      if (found[record]++ > 0)
        {
          duplicated++;
          continue;
        }

      if (!expected[record].exists)
        {
          resurrected++;
          continue;
        }

      tags = json_object_get_array_member (task, "tags");
      tag = g_strdup_printf ("op-%u", expected[record].last_operation);
      if (json_object_get_int_member (task, "priority") != expected[record].priority ||
          json_object_get_boolean_member (task, "done") != expected[record].done ||
          json_array_get_length (tags) != 1 ||
          g_strcmp0 (json_array_get_string_element (tags, 0), tag) != 0)
        {
          g_test_message ("record %" G_GUINT64_FORMAT ": expected op %u, found %s", record,
                          expected[record].last_operation,
                          json_array_get_length (tags) ? json_array_get_string_element (tags, 0) : "none");
          stale++;
        }
    }

  for (guint r = 0; r < script->n_records; r++)
    {
      if (expected[r].exists)
        live++;
      if (expected[r].exists && found[r] == 0)
        lost++;
    }

  g_test_message ("soak: %u operations (%u creates, %u edits, %u deletes), %u kills, %.1f s",
                  operations, script->n_creates, script->n_edits, script->n_deletes, kills,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_test_message ("soak: %u records expected on the server, %u found; "
                  "lost %u, duplicated %u, deleted but present %u, stale %u",
                  live, live - lost, lost, duplicated, resurrected, stale);

  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (duplicated, ==, 0);
  g_assert_cmpuint (resurrected, ==, 0);
  g_assert_cmpuint (stale, ==, 0);

  g_unlink (cache_path);
  g_rmdir (cache_dir);
  g_unlink (data_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Soak/faults-and-kills", test_soak);

  return g_test_run ();
}
