/* test-offline-restart.c: mutations survive a kill of the application
 *
 * Real processes: gquery-demo-server with a data file, and
 * gq-offline-writer, an application that queues POSTs, saves its cache
 * (GqFilePersister) and is killed with SIGKILL, then started again to
 * deliver them. Each POST must reach the server exactly once:
 *
 * - queued while offline, they are sent after the restart, with the
 *   idempotency keys they were saved with;
 * - sent and killed in flight (the server answers after a delay, and
 *   applies the write then, whether or not the client is still there),
 *   they are sent again after the restart with the same Idempotency-Key,
 *   and the server, which honours it, replays its first answer instead of
 *   applying them twice.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

typedef struct
{
  char        *dir;
  char        *data_path;
  char        *cache_path;
  GSubprocess *server;
  char        *base_uri;
  SoupSession *session;
} Fixture;

static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  g_assert_nonnull (path);

  return path;
}

/* A child dies with the test, even one that aborts. */
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

static void
fixture_init (Fixture    *f,
              const char *latency)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { program ("GQ_DEMO_SERVER_PROGRAM"), "--port", "0", "--data", NULL,
                         "--latency", latency, NULL };

  f->dir = g_dir_make_tmp ("gq-offline-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_path = g_build_filename (f->dir, "server-data.json", NULL);
  f->cache_path = g_build_filename (f->dir, "cache", "gquery-cache.json", NULL);

  argv[4] = f->data_path;
  f->server = spawn (&out, argv);
  line = read_line (out);
  g_assert_true (g_str_has_prefix (line, "Listening on http://"));
  f->base_uri = g_strdup (line + strlen ("Listening on "));
  f->session = soup_session_new ();
}

static void
fixture_clear (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *cache_dir = g_path_get_dirname (f->cache_path);
  const char *name;

  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait_check (f->server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->server);
  g_clear_object (&f->session);

  g_unlink (f->cache_path);
  g_rmdir (cache_dir);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);

  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->data_path, g_free);
  g_clear_pointer (&f->cache_path, g_free);
  g_clear_pointer (&f->base_uri, g_free);
}

/* How many tasks the server holds of each title PREFIX-1 ... PREFIX-count. */
static guint *
count_titles (Fixture    *f,
              const char *prefix,
              guint       count)
{
  g_autofree char *pattern = g_strdup_printf ("^%s-", prefix);
  g_autofree char *escaped = g_uri_escape_string (pattern, NULL, TRUE);
  g_autofree char *uri = g_strdup_printf ("%stasks?title_like=%s", f->base_uri, escaped);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) records = NULL;
  guint *counts = g_new0 (guint, count + 1);
  JsonArray *array;

  body = soup_session_send_and_read (f->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  records = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  array = json_node_get_array (records);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *title = json_object_get_string_member (json_array_get_object_element (array, i), "title");
      guint64 n = g_ascii_strtoull (title + strlen (prefix) + 1, NULL, 10);

      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <=, count);
      counts[n]++;
    }

  return counts;
}

static guint
total (const guint *counts,
       guint        count)
{
  guint sum = 0;

  for (guint i = 1; i <= count; i++)
    sum += counts[i];

  return sum;
}

/* The idempotency keys of the mutations in the saved cache, and whether
 * each was paused when saved. */
static GPtrArray *
saved_keys (Fixture  *f,
            gboolean *all_paused,
            gboolean *none_paused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  JsonObject *client_state;
  JsonArray *mutations;

  json_parser_load_from_file (parser, f->cache_path, &error);
  g_assert_no_error (error);
  client_state = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "clientState");
  mutations = json_object_get_array_member (client_state, "mutations");

  *all_paused = TRUE;
  *none_paused = TRUE;
  for (guint i = 0; i < json_array_get_length (mutations); i++)
    {
      JsonObject *state = json_object_get_object_member (json_array_get_object_element (mutations, i), "state");

      g_assert_cmpstr (json_object_get_string_member (state, "status"), ==, "pending");
      g_ptr_array_add (keys, g_strdup (json_object_get_string_member (state, "idempotencyKey")));
      if (json_object_get_boolean_member (state, "isPaused"))
        *none_paused = FALSE;
      else
        *all_paused = FALSE;
    }

  return keys;
}

static void
kill_writer (GSubprocess *writer)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (writer, SIGKILL);
  g_subprocess_wait (writer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (writer));
  g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);
}

/* Runs the writer in resume mode: the keys it sent, checked against
 * @expected_keys, and how many succeeded. */
static void
resume (Fixture   *f,
        GPtrArray *expected_keys)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  const char *argv[] = { program ("GQ_OFFLINE_WRITER"), "resume", f->base_uri, f->cache_path, NULL };

  writer = spawn (&out, argv);

  for (guint i = 0; i < expected_keys->len; i++)
    {
      g_autofree char *line = read_line (out);
      g_autofree char *expected = g_strdup_printf ("key %s", (char *) g_ptr_array_index (expected_keys, i));

      g_assert_cmpstr (line, ==, expected);
    }

  done = read_line (out);
  g_assert_cmpuint (g_ascii_strtoull (done + strlen ("done "), NULL, 10), ==, expected_keys->len);
  g_assert_true (g_str_has_prefix (done, "done "));

  g_subprocess_wait_check (writer, NULL, &error);
  g_assert_no_error (error);
}

static void
assert_once_each (const guint *counts,
                  guint        count)
{
  for (guint i = 1; i <= count; i++)
    g_assert_cmpuint (counts[i], ==, 1);
}

/* Queued offline, killed, restarted: each POST reaches the server once. */
static void
test_queued_offline (void)
{
  Fixture f = { 0 };
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree guint *before = NULL;
  g_autofree guint *after = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) left = NULL;
  gboolean all_paused;
  gboolean none_paused;
  const guint count = 3;

  fixture_init (&f, "0");

  {
    const char *argv[] = { program ("GQ_OFFLINE_WRITER"), "queue", f.base_uri, f.cache_path, "3", "queued", NULL };

    writer = spawn (&out, argv);
  }
  line = read_line (out);
  g_assert_cmpstr (line, ==, "queued");
  kill_writer (writer);

  before = count_titles (&f, "queued", count);
  g_assert_cmpuint (total (before, count), ==, 0);
  keys = saved_keys (&f, &all_paused, &none_paused);
  g_assert_cmpuint (keys->len, ==, count);
  g_assert_true (all_paused);

  resume (&f, keys);

  after = count_titles (&f, "queued", count);
  assert_once_each (after, count);
  /* Delivered: the cache no longer holds them. */
  left = saved_keys (&f, &all_paused, &none_paused);
  g_assert_cmpuint (left->len, ==, 0);

  fixture_clear (&f);
}

/* Killed while the POSTs were in flight: the server applied them after
 * the client died; the replay after the restart carries the same keys and
 * is not applied again. */
static void
test_killed_in_flight (void)
{
  Fixture f = { 0 };
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree guint *after = NULL;
  g_autofree char *line = NULL;
  gboolean all_paused;
  gboolean none_paused;
  const guint count = 3;
  guint applied = 0;

  fixture_init (&f, "1500");

  {
    const char *argv[] = { program ("GQ_OFFLINE_WRITER"), "inflight", f.base_uri, f.cache_path, "3", "inflight", NULL };

    writer = spawn (&out, argv);
  }
  line = read_line (out);
  g_assert_cmpstr (line, ==, "inflight");
  /* The requests left with the save; give them time to arrive (the
   * server holds its answer 1.5 s). */
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  kill_writer (writer);

  keys = saved_keys (&f, &all_paused, &none_paused);
  g_assert_cmpuint (keys->len, ==, count);
  g_assert_true (none_paused);

  /* The server applies them once their delay is over. */
  for (guint attempt = 0; attempt < 100 && applied < count; attempt++)
    {
      g_autofree guint *counts = count_titles (&f, "inflight", count);

      applied = total (counts, count);
      if (applied < count)
        g_usleep (100 * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpuint (applied, ==, count);

  resume (&f, keys);

  after = count_titles (&f, "inflight", count);
  assert_once_each (after, count);

  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/OfflineRestart/queued-offline", test_queued_offline);
  g_test_add_func ("/Gq/OfflineRestart/killed-in-flight", test_killed_in_flight);

  return g_test_run ();
}
