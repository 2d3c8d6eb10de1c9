/* test-browser.c: gquery-browser's window under Xvfb, against the demo server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <valgrind/valgrind.h>
#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <gquery-gtk.h>

#include "gq-demo-server.h"
#include "gq-test-gtk.h"

#include "gq-browser-application.h"
#include "gq-browser-connection.h"
#include "gq-browser-record-form.h"
#include "gq-browser-window-private.h"

/* CI's sanitizer build is unoptimised and instrumented: the 100 000-record
 * collection's first page takes some fifteen times longer there. */
#if defined(__SANITIZE_ADDRESS__)
# define SLOW_BUILD 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define SLOW_BUILD 1
# endif
#endif
#ifndef SLOW_BUILD
# define SLOW_BUILD 0
#endif

#define WAIT_MS (RUNNING_ON_VALGRIND || SLOW_BUILD ? 60000 : 15000)

typedef struct
{
  GqDemoServer        *server;
  char                *base_uri;
  GqFocusManager      *focus;
  GqOnlineManager     *online;
  GqBrowserConnection *connection;
  GqBrowserWindow     *window;
  GSettings           *settings;
  char                *cache_dir;
} Fixture;

/* Helpers */

static gboolean
page_is_list (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strcmp0 (_gq_browser_window_get_visible_page (fixture->window), "list") == 0;
}

static gboolean
page_is_empty (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strcmp0 (_gq_browser_window_get_visible_page (fixture->window), "empty") == 0;
}

static gboolean
page_is_error (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strcmp0 (_gq_browser_window_get_visible_page (fixture->window), "error") == 0;
}

static guint
n_records (Fixture *fixture)
{
  GListModel *records = _gq_browser_window_get_records (fixture->window);

  return records ? g_list_model_get_n_items (records) : 0;
}

static guint
n_pages (Fixture *fixture)
{
  GqInfiniteQueryObserver *list = _gq_browser_window_get_list_observer (fixture->window);
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (list));
  JsonNode *data = gq_query_result_get_data (result);

  if (data == NULL)
    return 0;

  return json_array_get_length (json_object_get_array_member (json_node_get_object (data), "pages"));
}

static const char *
record_string (Fixture    *fixture,
               guint       position,
               const char *member)
{
  JsonNode *record = _gq_browser_window_get_record (fixture->window, position);

  if (record == NULL || !JSON_NODE_HOLDS_OBJECT (record))
    return NULL;

  return json_object_get_string_member_with_default (json_node_get_object (record), member, NULL);
}

static gint64
record_int (Fixture    *fixture,
            guint       position,
            const char *member)
{
  JsonNode *record = _gq_browser_window_get_record (fixture->window, position);

  if (record == NULL || !JSON_NODE_HOLDS_OBJECT (record))
    return -1;

  return json_object_get_int_member_with_default (json_node_get_object (record), member, -1);
}

static gboolean
record_is_pending (Fixture *fixture,
                   guint    position)
{
  JsonNode *record = _gq_browser_window_get_record (fixture->window, position);

  return record != NULL && JSON_NODE_HOLDS_OBJECT (record) &&
         json_object_get_boolean_member_with_default (json_node_get_object (record), "$pending", FALSE);
}

static void
fixture_open_window (Fixture          *fixture,
                     const char       *base_uri,
                     GqBrowserBackend  backend)
{
  fixture->connection = gq_browser_connection_new (base_uri, backend, fixture->focus, fixture->online);
  if (g_str_equal (base_uri, fixture->base_uri))
    gq_browser_connection_set_display_name (fixture->connection, "Demo Server");
  fixture->window = gq_browser_window_new (NULL, fixture->connection);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 700);
  gq_test_gtk_show_window (GTK_WINDOW (fixture->window));
}

static void
fixture_close_window (Fixture *fixture)
{
  if (fixture->window != NULL)
    gq_test_gtk_destroy_window (GTK_WINDOW (g_steal_pointer (&fixture->window)));
  if (fixture->connection != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->connection));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->cache_dir = g_dir_make_tmp ("gq-browser-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->settings = g_settings_new ("org.gnome.gquery.Browser");
  g_settings_reset (fixture->settings, "stale-time");
  g_settings_reset (fixture->settings, "polling-interval");
  g_settings_reset (fixture->settings, "refetch-on-focus");

  fixture->server = gq_demo_server_new (1);
  if (data != NULL)
    gq_demo_server_set_scale (fixture->server, GPOINTER_TO_UINT (data));
  g_assert_true (gq_demo_server_start (fixture->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  fixture->base_uri = gq_demo_server_dup_base_uri (fixture->server);

  fixture->focus = gq_focus_manager_new ();
  fixture->online = gq_online_manager_new (NULL);
  gq_online_manager_set_online (fixture->online, TRUE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (fixture->cache_dir);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  fixture_close_window (fixture);
  gq_test_gtk_settle ();
  gq_demo_server_stop (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->base_uri, g_free);
  g_assert_finalize_object (g_steal_pointer (&fixture->focus));
  g_assert_finalize_object (g_steal_pointer (&fixture->online));
  g_clear_object (&fixture->settings);

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

      g_file_delete (child, NULL, NULL);
      g_object_unref (info);
    }
  g_file_delete (dir, NULL, NULL);
  g_clear_pointer (&fixture->cache_dir, g_free);
}

static void
open_collection (Fixture    *fixture,
                 const char *collection)
{
  _gq_browser_window_select_collection (fixture->window, collection);
  g_assert_cmpstr (_gq_browser_window_get_collection (fixture->window), ==, collection);
  g_assert_true (gq_test_gtk_wait_until (page_is_list, fixture, WAIT_MS));
}

static gboolean
first_load_done (gpointer user_data)
{
  Fixture *fixture = user_data;

  return _gq_browser_window_get_collection (fixture->window) != NULL && page_is_list (fixture);
}

/* An HTTP request outside the app: what another user of the server does. */
static JsonNode *
http (const char *method,
      const char *uri,
      const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  response = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), <, 300);

  return json_from_string (g_bytes_get_data (response, NULL), NULL);
}

/* The app starts and shows the first page of a collection. */
static void
test_browser_starts (Fixture       *fixture,
                     gconstpointer  data)
{
  GListModel *columns;

  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_AUTO);

  /* The first collection opens by itself. */
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  g_assert_cmpstr (_gq_browser_window_get_collection (fixture->window), ==, "comments");
  g_assert_cmpint (gq_browser_connection_get_backend (fixture->connection), ==, GQ_BROWSER_BACKEND_JSON_SERVER);

  open_collection (fixture, "people");
  g_assert_cmpuint (n_records (fixture), ==, 50);
  g_assert_cmpuint (n_pages (fixture), ==, 1);
  /* Newest first. */
  g_assert_cmpint (record_int (fixture, 0, "id"), ==, 500);
  g_assert_cmpint (record_int (fixture, 49, "id"), ==, 451);

  columns = gtk_column_view_get_columns (_gq_browser_window_get_column_view (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 9);
  {
    g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (columns, 0);
    g_autoptr(GtkColumnViewColumn) second = g_list_model_get_item (columns, 1);

    g_assert_cmpstr (gtk_column_view_column_get_title (first), ==, "ID");
    g_assert_cmpstr (gtk_column_view_column_get_title (second), ==, "Name");
  }

  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-collection"));

  /* Ctrl+Shift+D: the devtools of the window's client, beside the records. */
  g_assert_false (_gq_browser_window_get_devtools_shown (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-devtools", NULL);
  gq_test_gtk_settle ();
  g_assert_true (_gq_browser_window_get_devtools_shown (fixture->window));
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-devtools"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-devtools", NULL);
  g_assert_false (_gq_browser_window_get_devtools_shown (fixture->window));
}

static gboolean list_is_idle (gpointer user_data);

static gboolean
has_two_pages (gpointer user_data)
{
  return n_pages (user_data) == 2 && n_records (user_data) == 100 && list_is_idle (user_data);
}

/* What a user does: scroll to the end, again if the view was still laying
 * out, until the next page is there. */
static gboolean
scrolled_to_two_pages (gpointer user_data)
{
  Fixture *fixture = user_data;
  GtkAdjustment *adjustment;

  if (has_two_pages (fixture))
    return TRUE;

  adjustment = gtk_scrolled_window_get_vadjustment (_gq_browser_window_get_list_scroller (fixture->window));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));

  return FALSE;
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

/* Scrolling to the end loads the next page, exactly once. */
static void
test_browser_scroll_loads_next_page (Fixture       *fixture,
                                     gconstpointer  data)
{
  GtkAdjustment *adjustment;

  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "tasks");
  gq_test_gtk_settle ();
  g_assert_cmpuint (n_pages (fixture), ==, 1);
  g_assert_cmpuint (n_records (fixture), ==, 50);

  adjustment = gtk_scrolled_window_get_vadjustment (_gq_browser_window_get_list_scroller (fixture->window));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));

  if (!gq_test_gtk_wait_until (scrolled_to_two_pages, fixture, WAIT_MS))
    g_error ("after scrolling: %u pages, %u records, idle %d", n_pages (fixture), n_records (fixture),
             list_is_idle (fixture));
  g_assert_cmpuint (n_records (fixture), ==, 100);
  g_assert_cmpint (record_int (fixture, 50, "id"), ==, 9950);

  /* Settled at the new position: no third page asked for. */
  gq_test_gtk_settle ();
  gq_test_gtk_wait_until (never, NULL, 1000);
  g_assert_cmpuint (n_pages (fixture), ==, 2);
  g_assert_cmpuint (n_records (fixture), ==, 100);

  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-next-page"));
}

static GqBrowserRecordForm *
open_new_record_form (Fixture *fixture)
{
  GtkWindow *form;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-record", NULL);
  form = _gq_browser_window_get_form (fixture->window);
  g_assert_true (GQ_IS_BROWSER_RECORD_FORM (form));
  gq_test_gtk_settle ();

  return GQ_BROWSER_RECORD_FORM (form);
}

static void
fill_task (GqBrowserRecordForm *form,
           const char          *title)
{
  g_assert_true (gq_browser_record_form_set_text (form, "title", title));
  g_assert_true (gq_browser_record_form_set_text (form, "projectId", "3"));
  g_assert_true (gq_browser_record_form_set_text (form, "priority", "2"));
  g_assert_true (gq_browser_record_form_set_text (form, "due", "2026-12-24"));
  g_assert_true (gq_browser_record_form_set_text (form, "createdAt", "2026-11-21T12:00:00Z"));
  g_assert_true (gq_browser_record_form_set_text (form, "tags", "[\"home\"]"));
  g_assert_true (gq_browser_record_form_set_text (form, "estimate", "{\"hours\": 1, \"points\": 2}"));
}

typedef struct
{
  Fixture    *fixture;
  const char *title;
} Expect;

static gboolean
first_record_confirmed (gpointer user_data)
{
  Expect *expect = user_data;

  return g_strcmp0 (record_string (expect->fixture, 0, "title"), expect->title) == 0 &&
         !record_is_pending (expect->fixture, 0) &&
         record_int (expect->fixture, 0, "id") == 10001;
}

static gboolean
list_is_idle (gpointer user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GqQueryResult) result =
    gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (_gq_browser_window_get_list_observer (fixture->window)));

  return !gq_query_result_get_is_fetching (result);
}

/* A form submission shows the new record at once and keeps it once the
 * server confirmed it. */
static void
test_browser_create_optimistic (Fixture       *fixture,
                                gconstpointer  data)
{
  GqBrowserRecordForm *form;
  Expect expect = { fixture, "Water the plants" };

  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "tasks");

  form = open_new_record_form (fixture);
  fill_task (form, expect.title);
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (form), "browser-form"));

  /* A slow server: the record must show before it answers (memcheck runs
   * the app some twenty times slower). */
  gq_demo_server_set_faults (fixture->server, RUNNING_ON_VALGRIND ? 8000 : 800, 0, 0, 1);
  g_assert_true (gq_browser_record_form_submit (form));
  gq_test_gtk_settle ();

  g_assert_cmpstr (record_string (fixture, 0, "title"), ==, expect.title);
  g_assert_true (record_is_pending (fixture, 0));
  g_assert_cmpuint (n_records (fixture), ==, 51);
  g_assert_cmpuint (gq_browser_connection_get_pending_count (fixture->connection), ==, 1);
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-create-pending"));

  if (!gq_test_gtk_wait_until (first_record_confirmed, &expect, WAIT_MS))
    {
      JsonNode *record = _gq_browser_window_get_record (fixture->window, 0);
      g_autofree char *text = record ? json_to_string (record, FALSE) : NULL;

      g_test_message ("first record: %s; toast: %s", text,
                      _gq_browser_window_get_last_toast (fixture->window));
      g_assert_not_reached ();
    }
  gq_demo_server_set_faults (fixture->server, 0, 0, 0, 1);

  /* The collection is refetched after the write settled: still there. */
  g_assert_true (gq_test_gtk_wait_until (list_is_idle, fixture, WAIT_MS));
  gq_test_gtk_settle ();
  g_assert_true (first_record_confirmed (&expect));
  g_assert_cmpuint (gq_browser_connection_get_pending_count (fixture->connection), ==, 0);
  g_assert_cmpint (record_int (fixture, 1, "id"), ==, 10000);

  {
    g_autofree char *uri = g_strconcat (fixture->base_uri, "tasks/10001", NULL);
    g_autoptr(JsonNode) stored = http ("GET", uri, NULL);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (stored), "title"), ==, expect.title);
  }

  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-create-confirmed"));
}

static gboolean
toast_shown_and_rolled_back (gpointer user_data)
{
  Fixture *fixture = user_data;

  return _gq_browser_window_get_last_toast (fixture->window) != NULL &&
         record_int (fixture, 0, "id") == 10000;
}

/* A failing submission rolls back and says why. */
static void
test_browser_create_failure_rolls_back (Fixture       *fixture,
                                        gconstpointer  data)
{
  GqBrowserRecordForm *form;
  const char *toast;

  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "tasks");
  g_assert_cmpint (record_int (fixture, 0, "id"), ==, 10000);

  form = open_new_record_form (fixture);
  fill_task (form, "Never saved");

  /* Every request fails with 503 from now on. */
  gq_demo_server_set_faults (fixture->server, 0, 1.0, 0, 1);
  g_assert_true (gq_browser_record_form_submit (form));
  gq_test_gtk_settle ();
  g_assert_cmpstr (record_string (fixture, 0, "title"), ==, "Never saved");
  g_assert_true (record_is_pending (fixture, 0));

  g_assert_true (gq_test_gtk_wait_until (toast_shown_and_rolled_back, fixture, 30000));
  toast = _gq_browser_window_get_last_toast (fixture->window);
  g_assert_true (g_str_has_prefix (toast, "Could not add the record: "));
  g_assert_nonnull (strstr (toast, "(HTTP 503)"));

  /* Rolled back: the first record is the newest one of the server again. */
  g_assert_cmpint (record_int (fixture, 0, "id"), ==, 10000);
  g_assert_false (record_is_pending (fixture, 0));
  g_assert_cmpuint (n_records (fixture), ==, 50);
  g_assert_cmpuint (gq_browser_connection_get_pending_count (fixture->connection), ==, 0);
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-create-failed"));

  gq_demo_server_set_faults (fixture->server, 0, 0, 0, 1);
}

static void
focus_elsewhere (GtkWindow *window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  Display *xdisplay = gdk_x11_display_get_xdisplay (display);

  /* The pointer off the (large) window first: PointerRoot gives the
   * focus to whatever is under it. */
  XWarpPointer (xdisplay, None, DefaultRootWindow (xdisplay), 0, 0, 0, 0, 1270, 1010);
  XSetInputFocus (xdisplay, PointerRoot, RevertToPointerRoot, CurrentTime);
  XFlush (xdisplay);
}

static gboolean
window_is_inactive (gpointer user_data)
{
  return !gtk_window_is_active (user_data);
}

static gboolean
focus_manager_unfocused (gpointer user_data)
{
  return !gq_focus_manager_is_focused (user_data);
}

static gboolean
first_person_renamed (gpointer user_data)
{
  return g_strcmp0 (record_string (user_data, 0, "name"), "Renamed Elsewhere") == 0;
}

/* Coming back to the window refetches what went stale meanwhile. */
static void
test_browser_focus_refetches (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GqWindowFocus) binding = gq_window_focus_new (NULL, fixture->focus);
  g_autofree char *uri = NULL;
  g_autoptr(JsonNode) patched = NULL;

  g_settings_set_uint (fixture->settings, "stale-time", 0);
  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER);
  gq_window_focus_add_window (binding, GTK_WINDOW (fixture->window));
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "people");
  g_assert_true (gq_test_gtk_wait_until (list_is_idle, fixture, WAIT_MS));
  g_assert_cmpstr (record_string (fixture, 0, "name"), !=, "Renamed Elsewhere");

  focus_elsewhere (GTK_WINDOW (fixture->window));
  g_assert_true (gq_test_gtk_wait_until (window_is_inactive, fixture->window, WAIT_MS));
  g_assert_true (gq_test_gtk_wait_until (focus_manager_unfocused, fixture->focus, WAIT_MS));

  /* Someone else edits the record while we look away. */
  uri = g_strconcat (fixture->base_uri, "people/500", NULL);
  patched = http ("PATCH", uri, "{\"name\": \"Renamed Elsewhere\"}");
  gq_test_gtk_settle ();
  g_assert_cmpstr (record_string (fixture, 0, "name"), !=, "Renamed Elsewhere");

  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (gq_test_gtk_wait_until (first_person_renamed, fixture, WAIT_MS));
  g_assert_true (gq_focus_manager_is_focused (fixture->focus));
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-focus-refetched"));

  gq_window_focus_remove_window (binding, GTK_WINDOW (fixture->window));
}

static gboolean
nothing_pending (gpointer user_data)
{
  Fixture *fixture = user_data;

  return gq_browser_connection_get_pending_count (fixture->connection) == 0;
}

static gboolean
created_offline_delivered (gpointer user_data)
{
  Fixture *fixture = user_data;

  return nothing_pending (fixture) &&
         g_strcmp0 (record_string (fixture, 0, "title"), "Written offline") == 0 &&
         !record_is_pending (fixture, 0) &&
         record_int (fixture, 0, "id") == 10001;
}

/* Offline, a write is queued and shown pending; online, it is sent. */
static void
test_browser_offline_queue (Fixture       *fixture,
                            gconstpointer  data)
{
  GqBrowserRecordForm *form;

  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "tasks");
  g_assert_false (_gq_browser_window_get_offline_shown (fixture->window));

  gq_online_manager_set_online (fixture->online, FALSE);
  gq_test_gtk_settle ();
  g_assert_true (_gq_browser_window_get_offline_shown (fixture->window));

  form = open_new_record_form (fixture);
  fill_task (form, "Written offline");
  g_assert_true (gq_browser_record_form_submit (form));
  gq_test_gtk_settle ();

  g_assert_cmpstr (record_string (fixture, 0, "title"), ==, "Written offline");
  g_assert_true (record_is_pending (fixture, 0));
  /* In sight: the view is at its top. */
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (
                       _gq_browser_window_get_list_scroller (fixture->window))), ==, 0);
  g_assert_cmpuint (gq_browser_connection_get_pending_count (fixture->connection), ==, 1);
  g_assert_cmpstr (_gq_browser_window_get_pending_text (fixture->window), ==, "1 change waiting");

  /* Still queued a while later: nothing goes out while offline. */
  gq_test_gtk_wait_until (never, NULL, 500);
  g_assert_true (record_is_pending (fixture, 0));
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-offline-pending"));

  gq_online_manager_set_online (fixture->online, TRUE);
  g_assert_true (gq_test_gtk_wait_until (created_offline_delivered, fixture, WAIT_MS));
  gq_test_gtk_settle ();
  g_assert_false (_gq_browser_window_get_offline_shown (fixture->window));
  g_assert_null (_gq_browser_window_get_pending_text (fixture->window));

  {
    g_autofree char *uri = g_strconcat (fixture->base_uri, "tasks?title=Written%20offline", NULL);
    g_autoptr(JsonNode) found = http ("GET", uri, NULL);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  }

  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-offline-delivered"));
}

static void
on_flushed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (gq_browser_connection_flush_finish (GQ_BROWSER_CONNECTION (object), result, NULL));
  *done = TRUE;
}

static gboolean
flag_is_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (gq_browser_connection_restore_finish (GQ_BROWSER_CONNECTION (object), result, NULL));
  *done = TRUE;
}

static void
restore (GqBrowserConnection *connection,
         const char          *path)
{
  gboolean done = FALSE;

  gq_browser_connection_restore_async (connection, path, NULL, on_restored, &done);
  g_assert_true (gq_test_gtk_wait_until (flag_is_set, &done, WAIT_MS));
}

/* A write queued offline survives quitting the app, and is sent by the
 * next run once online. */
static void
test_browser_offline_survives_restart (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (fixture->cache_dir, "cache.json", NULL);
  GqBrowserRecordForm *form;
  gboolean done = FALSE;

  fixture->connection = gq_browser_connection_new (fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER,
                                                   fixture->focus, fixture->online);
  restore (fixture->connection, cache);
  fixture->window = gq_browser_window_new (NULL, fixture->connection);
  gq_test_gtk_show_window (GTK_WINDOW (fixture->window));
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "tasks");

  gq_online_manager_set_online (fixture->online, FALSE);
  form = open_new_record_form (fixture);
  fill_task (form, "Written offline");
  g_assert_true (gq_browser_record_form_submit (form));
  gq_test_gtk_settle ();
  g_assert_cmpuint (gq_browser_connection_get_pending_count (fixture->connection), ==, 1);

  gq_browser_connection_flush_async (fixture->connection, NULL, on_flushed, &done);
  g_assert_true (gq_test_gtk_wait_until (flag_is_set, &done, WAIT_MS));
  fixture_close_window (fixture);

  /* The file holds the write, and no secret. */
  {
    g_autofree char *contents = NULL;
    g_autoptr(GFileInfo) info = NULL;
    g_autoptr(GFile) file = g_file_new_for_path (cache);

    g_assert_true (g_file_get_contents (cache, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "Written offline"));
    g_assert_null (strstr (contents, "Authorization"));
    info = g_file_query_info (file, G_FILE_ATTRIBUTE_UNIX_MODE, 0, NULL, NULL);
    g_assert_cmpuint (g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE) & 0777, ==, 0600);
  }

  /* The next run, still offline: the write is there, pending. */
  fixture->connection = gq_browser_connection_new (fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER,
                                                   fixture->focus, fixture->online);
  restore (fixture->connection, cache);
  g_assert_cmpuint (gq_browser_connection_get_pending_count (fixture->connection), ==, 1);
  fixture->window = gq_browser_window_new (NULL, fixture->connection);
  gq_test_gtk_show_window (GTK_WINDOW (fixture->window));
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "tasks");
  g_assert_cmpstr (_gq_browser_window_get_pending_text (fixture->window), ==, "1 change waiting");

  gq_online_manager_set_online (fixture->online, TRUE);
  g_assert_true (gq_test_gtk_wait_until (created_offline_delivered, fixture, WAIT_MS));
}

/* Bad input */

static void
test_browser_unreachable (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *text;

  /* Nothing listens on port 1. */
  fixture_open_window (fixture, "http://127.0.0.1:1/", GQ_BROWSER_BACKEND_AUTO);
  g_assert_true (gq_test_gtk_wait_until (page_is_error, fixture, WAIT_MS));
  text = _gq_browser_window_get_error_text (fixture->window);
  g_assert_true (g_str_has_prefix (text, "Could not reach 127.0.0.1: "));
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-unreachable"));

  /* Retry answers the same, and the window still responds. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.retry", NULL);
  g_assert_true (gq_test_gtk_wait_until (page_is_error, fixture, WAIT_MS));
}

/* A server of fixed answers, for what the demo server never says. */
static void
serve_fixed (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  GHashTable *routes = user_data;
  const char *body = g_hash_table_lookup (routes, path);

  if (body == NULL)
    {
      soup_server_message_set_status (message, 404, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
      return;
    }

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, body[0] == '<' ? "text/html" : "application/json",
                                    SOUP_MEMORY_COPY, body, strlen (body));
}

/* Listens on a free loopback port; returns the server's base URI. */
static char *
server_listen (SoupServer              *server,
               SoupServerCallback       handler,
               gpointer                 user_data,
               SoupServerListenOptions  options)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *base_uri;

  soup_server_add_handler (server, NULL, handler, user_data, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | options, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return base_uri;
}

static SoupServer *
fixed_server_new (GHashTable  *routes,
                  char       **base_uri)
{
  SoupServer *server = soup_server_new (NULL, NULL);

  *base_uri = server_listen (server, serve_fixed, routes, 0);

  return server;
}

static void
test_browser_html_response (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GHashTable) routes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base_uri = NULL;

  g_hash_table_insert (routes, "/", "<!DOCTYPE html><html><body>Welcome</body></html>");
  g_hash_table_insert (routes, "/db", "<!DOCTYPE html><html><body>Not here</body></html>");
  server = fixed_server_new (routes, &base_uri);

  fixture_open_window (fixture, base_uri, GQ_BROWSER_BACKEND_AUTO);
  g_assert_true (gq_test_gtk_wait_until (page_is_error, fixture, WAIT_MS));
  g_assert_cmpstr (_gq_browser_window_get_error_text (fixture->window), ==,
                   "The server did not answer with JSON. Is this the address of a REST API?");
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-html"));
  fixture_close_window (fixture);
  soup_server_disconnect (server);
}

static void
test_browser_object_instead_of_list (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GHashTable) routes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base_uri = NULL;

  g_hash_table_insert (routes, "/", "{\"collections\": [{\"name\": \"things\", \"count\": 3}]}");
  g_hash_table_insert (routes, "/things", "{\"things\": \"are not a list\"}");
  server = fixed_server_new (routes, &base_uri);

  fixture_open_window (fixture, base_uri, GQ_BROWSER_BACKEND_AUTO);
  g_assert_true (gq_test_gtk_wait_until (page_is_error, fixture, WAIT_MS));
  g_assert_cmpstr (_gq_browser_window_get_collection (fixture->window), ==, "things");
  g_assert_cmpstr (_gq_browser_window_get_error_text (fixture->window), ==,
                   "The server answered with something other than a list of records.");
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-object-not-list"));
  fixture_close_window (fixture);
  soup_server_disconnect (server);
}

static gboolean
detail_shown (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strcmp0 (_gq_browser_window_get_visible_page (fixture->window), "detail") == 0;
}

static void
test_browser_mixed_fields (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GHashTable) routes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base_uri = NULL;
  GListModel *columns;
  GqBrowserRecordForm *form;

  g_hash_table_insert (routes, "/", "{\"collections\": [{\"name\": \"things\", \"count\": 4}]}");
  g_hash_table_insert (routes, "/things",
                       "[{\"id\": 1, \"label\": \"text\", \"size\": 3},"
                       " {\"id\": 2, \"label\": 42, \"size\": 2.5, \"extra\": {\"deep\": [1, 2]}},"
                       " {\"id\": \"three\", \"label\": null},"
                       " {\"label\": true, \"size\": \"big\"}]");
  g_hash_table_insert (routes, "/things/2", "{\"id\": 2, \"label\": 42, \"size\": 2.5, \"extra\": {\"deep\": [1, 2]}}");
  server = fixed_server_new (routes, &base_uri);

  fixture_open_window (fixture, base_uri, GQ_BROWSER_BACKEND_AUTO);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  g_assert_cmpuint (n_records (fixture), ==, 4);
  columns = gtk_column_view_get_columns (_gq_browser_window_get_column_view (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 4);
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-mixed-fields"));

  /* A record with fields the others lack opens, with every field. */
  g_signal_emit_by_name (_gq_browser_window_get_column_view (fixture->window), "activate", 1);
  g_assert_true (gq_test_gtk_wait_until (detail_shown, fixture, WAIT_MS));
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-mixed-record"));

  /* The form copes: mixed fields are edited as JSON or text. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL);
  form = open_new_record_form (fixture);
  g_assert_true (gq_browser_record_form_set_text (form, "label", "anything"));
  g_assert_true (gq_browser_record_form_set_text (form, "size", "\"big\""));
  gtk_window_destroy (GTK_WINDOW (form));

  fixture_close_window (fixture);
  soup_server_disconnect (server);
}

static SoupServer *
tls_server_new (Fixture     *fixture,
                GHashTable  *routes,
                char       **base_uri)
{
  g_autofree char *cert = g_build_filename (fixture->cache_dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (fixture->cache_dir, "key.pem", NULL);
  g_autofree char *command = g_strdup_printf ("openssl req -x509 -newkey rsa:2048 -nodes -days 1 "
                                              "-subj /CN=localhost -keyout %s -out %s", key, cert);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  SoupServer *server;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  server = soup_server_new ("tls-certificate", certificate, NULL);
  *base_uri = server_listen (server, serve_fixed, routes, SOUP_SERVER_LISTEN_HTTPS);

  return server;
}

/* A certificate the system does not trust is an error, until the user
 * trusts that one, for that endpoint. */
static void
test_browser_untrusted_certificate (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GHashTable) routes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base_uri = NULL;
  g_autoptr(GVariant) trusted = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *expected = NULL;

  g_settings_reset (fixture->settings, "trusted-certificates");
  g_hash_table_insert (routes, "/", "{\"collections\": [{\"name\": \"things\", \"count\": 1}]}");
  g_hash_table_insert (routes, "/things", "[{\"id\": 1, \"label\": \"secure\"}]");
  server = tls_server_new (fixture, routes, &base_uri);
  g_assert_true (g_str_has_prefix (base_uri, "https://"));
  uri = g_uri_parse (base_uri, G_URI_FLAGS_NONE, NULL);
  peer = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));

  fixture_open_window (fixture, base_uri, GQ_BROWSER_BACKEND_AUTO);
  g_assert_true (gq_test_gtk_wait_until (page_is_error, fixture, WAIT_MS));
  expected = g_strdup_printf ("The certificate of %s is not trusted. Check that this is the server you meant to reach.", peer);
  g_assert_cmpstr (_gq_browser_window_get_error_text (fixture->window), ==, expected);
  g_assert_true (gq_browser_connection_has_rejected_certificate (fixture->connection));
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-untrusted-certificate"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.trust-certificate", NULL);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  g_assert_cmpstr (record_string (fixture, 0, "label"), ==, "secure");

  /* Stored: the fingerprint, for this endpoint only. */
  trusted = g_settings_get_value (fixture->settings, "trusted-certificates");
  g_assert_cmpuint (g_variant_n_children (trusted), ==, 1);
  g_assert_true (g_variant_lookup (trusted, peer, "s", NULL));
  fixture_close_window (fixture);

  /* The next connection trusts it without asking. */
  fixture_open_window (fixture, base_uri, GQ_BROWSER_BACKEND_AUTO);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  g_assert_false (gq_browser_connection_has_rejected_certificate (fixture->connection));
  fixture_close_window (fixture);
  g_settings_reset (fixture->settings, "trusted-certificates");
  soup_server_disconnect (server);
}

static gboolean
window_title_shows_total (gpointer user_data)
{
  Fixture *fixture = user_data;

  return page_is_list (fixture) && n_records (fixture) == 50;
}

static void
test_browser_huge_collection (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkAdjustment *adjustment;
  gint64 started;

  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));

  started = g_get_monotonic_time ();
  open_collection (fixture, "tasks");
  g_assert_true (gq_test_gtk_wait_until (window_title_shows_total, fixture, WAIT_MS));
  g_test_message ("first page of 100 000 records in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / 1000);
  g_assert_cmpint (record_int (fixture, 0, "id"), ==, 100000);
  gq_test_gtk_settle ();

  adjustment = gtk_scrolled_window_get_vadjustment (_gq_browser_window_get_list_scroller (fixture->window));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  if (!gq_test_gtk_wait_until (scrolled_to_two_pages, fixture, WAIT_MS))
    g_error ("pages %u records %u", n_pages (fixture), n_records (fixture));
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-huge"));
}

static void
test_browser_invalid_form_field (Fixture       *fixture,
                                 gconstpointer  data)
{
  GqBrowserRecordForm *form;

  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "tasks");

  form = open_new_record_form (fixture);
  fill_task (form, "");
  g_assert_true (gq_browser_record_form_set_text (form, "due", "next Tuesday"));
  g_assert_true (gq_browser_record_form_set_text (form, "tags", "[\"unclosed\""));

  /* Nothing is sent; the form stays open and says what is wrong. */
  g_assert_false (gq_browser_record_form_submit (form));
  g_assert_cmpstr (gq_browser_record_form_get_errors (form), ==,
                   "Title cannot be empty.\n"
                   "Due: enter a date as YYYY-MM-DD.\n"
                   "Tags: this is not valid JSON.");
  g_assert_true (_gq_browser_window_get_form (fixture->window) == GTK_WINDOW (form));
  g_assert_cmpuint (gq_browser_connection_get_pending_count (fixture->connection), ==, 0);
  g_assert_cmpint (record_int (fixture, 0, "id"), ==, 10000);
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (form), "browser-form-invalid"));

  /* Corrected, it goes. */
  g_assert_true (gq_browser_record_form_set_text (form, "title", "Fixed"));
  g_assert_true (gq_browser_record_form_set_text (form, "due", "2026-12-01"));
  g_assert_true (gq_browser_record_form_set_text (form, "tags", "[]"));
  g_assert_true (gq_browser_record_form_submit (form));
  gq_test_gtk_settle ();
  g_assert_cmpstr (record_string (fixture, 0, "title"), ==, "Fixed");
  g_assert_true (gq_test_gtk_wait_until (nothing_pending, fixture, WAIT_MS));
}

typedef struct
{
  Fixture    *fixture;
  const char *member;
  const char *value;
} FirstIs;

static gboolean
first_record_is (gpointer user_data)
{
  FirstIs *first = user_data;

  return list_is_idle (first->fixture) &&
         g_strcmp0 (record_string (first->fixture, 0, first->member), first->value) == 0;
}

/* A click on a header sorts on the server; the search entry searches there. */
static void
test_browser_sort_and_search (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkColumnView *view;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) name = NULL;
  FirstIs first = { fixture, "name", NULL };
  g_autoptr(JsonNode) sorted = NULL;
  g_autofree char *uri = g_strconcat (fixture->base_uri, "people?_sort=name&_order=asc&_limit=1", NULL);

  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "people");

  view = _gq_browser_window_get_column_view (fixture->window);
  columns = gtk_column_view_get_columns (view);
  name = g_list_model_get_item (columns, 1);
  g_assert_cmpstr (gtk_column_view_column_get_title (name), ==, "Name");
  gtk_column_view_sort_by_column (view, name, GTK_SORT_ASCENDING);

  sorted = http ("GET", uri, NULL);
  first.value = json_object_get_string_member (json_array_get_object_element (json_node_get_array (sorted), 0), "name");
  g_assert_true (gq_test_gtk_wait_until (first_record_is, &first, WAIT_MS));

  gtk_editable_set_text (GTK_EDITABLE (_gq_browser_window_get_search_entry (fixture->window)), "jonas.500@");
  first.value = "Jonas Kowalski";
  g_assert_true (gq_test_gtk_wait_until (first_record_is, &first, WAIT_MS));
  g_assert_cmpuint (n_records (fixture), ==, 1);
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-search"));

  gtk_editable_set_text (GTK_EDITABLE (_gq_browser_window_get_search_entry (fixture->window)), "no such thing anywhere");
  g_assert_true (gq_test_gtk_wait_until ((GqTestGtkCondition) page_is_empty, fixture, WAIT_MS));
}

/* A PostgREST of two tables, as its OpenAPI description and filters say:
 * "books" keyed by book_no (no id column) with a text title and a date;
 * "tags" with an enum column only. Sorting by a column the table lacks is
 * PostgREST's 400, as is an ilike on a non-text column. */
typedef struct
{
  GPtrArray *queries;
} FakePostgrest;

static const char postgrest_description[] =
  "{\"swagger\": \"2.0\", \"paths\": {\"/\": {}, \"/books\": {}, \"/tags\": {}},"
  " \"definitions\": {"
  "  \"books\": {\"required\": [\"book_no\"], \"properties\": {"
  "    \"book_no\": {\"type\": \"integer\", \"format\": \"integer\","
  "                 \"description\": \"Note:\\nThis is a Primary Key.<pk/>\"},"
  "    \"title\": {\"type\": \"string\", \"format\": \"text\"},"
  "    \"published\": {\"type\": \"string\", \"format\": \"date\"}}},"
  "  \"tags\": {\"properties\": {"
  "    \"label\": {\"type\": \"string\", \"format\": \"public.colour\", \"enum\": [\"red\", \"blue\"]}}}}}";

static const struct
{
  int         book_no;
  const char *title;
} postgrest_books[] = {
  { 1, "Dune" }, { 2, "Emma" }, { 3, "Ulysses \"U\", (1922)" },
};

static void
serve_postgrest (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FakePostgrest *fake = user_data;
  const char *order = query ? g_hash_table_lookup (query, "order") : NULL;
  const char *or = query ? g_hash_table_lookup (query, "or") : NULL;
  g_autoptr(GString) body = g_string_new ("[");
  g_autofree char *needle = NULL;
  g_autofree char *range = NULL;
  gboolean descending;
  guint matches = 0;

  g_ptr_array_add (fake->queries, g_strdup_printf ("%s?order=%s&or=%s", path, order ? order : "",
                                                   or ? or : ""));

  if (g_str_equal (path, "/"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/openapi+json", SOUP_MEMORY_STATIC,
                                        postgrest_description, strlen (postgrest_description));
      return;
    }

  if (g_str_equal (path, "/tags"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        "[{\"label\": \"red\"}]", 18);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Content-Range", "0-0/1");
      return;
    }

  if ((order != NULL && !g_str_has_prefix (order, "book_no.") && !g_str_has_prefix (order, "title.")) ||
      (or != NULL && !g_str_has_prefix (or, "(title.ilike.\"*")))
    {
      const char *error = "{\"code\":\"42703\",\"message\":\"column does not exist\"}";

      soup_server_message_set_status (message, 400, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        error, strlen (error));
      return;
    }

  /* (title.ilike."*<escaped needle>*") */
  if (or != NULL)
    {
      GString *unescaped = g_string_new (NULL);

      for (const char *c = or + strlen ("(title.ilike.\"*"); *c != '\0' && *c != '*'; c++)
        {
          if (*c == '\\' && c[1] != '\0')
            c++;
          g_string_append_c (unescaped, *c);
        }
      needle = g_utf8_casefold (unescaped->str, -1);
      g_string_free (unescaped, TRUE);
    }

  descending = order != NULL && g_str_has_suffix (order, ".desc");
  for (guint n = 0; n < G_N_ELEMENTS (postgrest_books); n++)
    {
      guint i = descending ? G_N_ELEMENTS (postgrest_books) - 1 - n : n;
      g_autofree char *title = g_utf8_casefold (postgrest_books[i].title, -1);
      g_autoptr(JsonNode) title_json = json_node_init_string (json_node_alloc (), postgrest_books[i].title);
      g_autofree char *title_text = json_to_string (title_json, FALSE);

      if (needle != NULL && strstr (title, needle) == NULL)
        continue;
      g_string_append_printf (body, "%s{\"book_no\": %d, \"title\": %s, \"published\": \"1965-08-01\"}",
                              matches++ > 0 ? "," : "", postgrest_books[i].book_no, title_text);
    }
  g_string_append_c (body, ']');

  range = matches > 0 ? g_strdup_printf ("0-%u/%u", matches - 1, matches) : g_strdup ("*/0");
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, body->str, body->len);
  soup_message_headers_replace (soup_server_message_get_response_headers (message), "Content-Range", range);
}

static gboolean
last_query_is (FakePostgrest *fake,
               const char    *expected)
{
  return fake->queries->len > 0 &&
         g_strcmp0 (g_ptr_array_index (fake->queries, fake->queries->len - 1), expected) == 0;
}

typedef struct
{
  Fixture       *fixture;
  FakePostgrest *fake;
  const char    *query;
  guint          n_records;
} PostgrestShows;

static gboolean
postgrest_shows (gpointer user_data)
{
  PostgrestShows *shows = user_data;

  return last_query_is (shows->fake, shows->query) && list_is_idle (shows->fixture) &&
         n_records (shows->fixture) == shows->n_records;
}

static gboolean
cannot_search_said (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strcmp0 (_gq_browser_window_get_last_toast (fixture->window),
                    "This collection has no text fields to search") == 0;
}

/* PostgREST: sorted by the primary key, searched over the text columns. */
static void
test_browser_postgrest (Fixture       *fixture,
                        gconstpointer  data)
{
  FakePostgrest fake = { g_ptr_array_new_with_free_func (g_free) };
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autofree char *base_uri = server_listen (server, serve_postgrest, &fake, 0);
  FirstIs first = { fixture, "title", "Ulysses \"U\", (1922)" };
  PostgrestShows shows = { fixture, &fake, NULL, 1 };

  fixture_open_window (fixture, base_uri, GQ_BROWSER_BACKEND_AUTO);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  g_assert_cmpint (gq_browser_connection_get_backend (fixture->connection), ==, GQ_BROWSER_BACKEND_POSTGREST);
  g_assert_cmpstr (_gq_browser_window_get_collection (fixture->window), ==, "books");

  /* Newest first by the primary key: the table has no id. */
  g_assert_true (gq_test_gtk_wait_until (first_record_is, &first, WAIT_MS));
  g_assert_cmpuint (n_records (fixture), ==, 3);
  g_assert_true (last_query_is (&fake, "/books?order=book_no.desc&or="));

  /* Searching asks for the text columns only, quoting what PostgREST
   * reserves. */
  shows.query = "/books?order=book_no.desc&or=(title.ilike.\"*\\\"u\\\", (*\")";
  gtk_editable_set_text (GTK_EDITABLE (_gq_browser_window_get_search_entry (fixture->window)), "\"u\", (");
  g_assert_true (gq_test_gtk_wait_until (postgrest_shows, &shows, WAIT_MS));
  g_assert_cmpstr (record_string (fixture, 0, "title"), ==, "Ulysses \"U\", (1922)");

  shows.query = "/books?order=book_no.desc&or=(title.ilike.\"*dUn*\")";
  gtk_editable_set_text (GTK_EDITABLE (_gq_browser_window_get_search_entry (fixture->window)), "dUn");
  g_assert_true (gq_test_gtk_wait_until (postgrest_shows, &shows, WAIT_MS));
  g_assert_cmpstr (record_string (fixture, 0, "title"), ==, "Dune");
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-postgrest-search"));

  /* A table without text columns or a key: the server's order, and a
   * search that says it cannot search rather than failing. */
  open_collection (fixture, "tags");
  g_assert_true (last_query_is (&fake, "/tags?order=&or="));
  gtk_editable_set_text (GTK_EDITABLE (_gq_browser_window_get_search_entry (fixture->window)), "re");
  g_assert_true (gq_test_gtk_wait_until (cannot_search_said, fixture, WAIT_MS));
  g_assert_true (gq_test_gtk_wait_until (page_is_list, fixture, WAIT_MS));
  g_assert_cmpuint (n_records (fixture), ==, 1);

  fixture_close_window (fixture);
  soup_server_disconnect (server);
  g_object_unref (server);
  g_ptr_array_unref (fake.queries);
}

/* The record page: initial data from the list, edit, delete. */
static void
test_browser_record_page (Fixture       *fixture,
                          gconstpointer  data)
{
  GqQueryObserver *detail;
  g_autoptr(GqQueryResult) result = NULL;

  fixture_open_window (fixture, fixture->base_uri, GQ_BROWSER_BACKEND_JSON_SERVER);
  g_assert_true (gq_test_gtk_wait_until (first_load_done, fixture, WAIT_MS));
  open_collection (fixture, "people");

  g_signal_emit_by_name (_gq_browser_window_get_column_view (fixture->window), "activate", 0);
  g_assert_true (detail_shown (fixture));
  detail = _gq_browser_window_get_detail_observer (fixture->window);
  result = gq_query_observer_get_current_result (detail);
  /* Shown at once from the list's cache. */
  g_assert_nonnull (gq_query_result_get_data (result));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (gq_query_result_get_data (result)), "id"), ==, 500);
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (fixture->window), "browser-record"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL);
  g_assert_true (page_is_list (fixture));
}

static gboolean
app_window_shows_list (gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (user_data);

  return GQ_IS_BROWSER_WINDOW (window) &&
         g_strcmp0 (_gq_browser_window_get_visible_page (GQ_BROWSER_WINDOW (window)), "list") == 0;
}

static gboolean
file_exists (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_EXISTS);
}

/* The app itself: no arguments start the embedded demo server. */
static void
test_browser_application_starts_demo (void)
{
  g_autoptr(GqBrowserApplication) app = gq_browser_application_new ();
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "gquery-browser", "demo.json", NULL);
  GtkWindow *window;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_activate (G_APPLICATION (app));

  g_assert_true (gq_test_gtk_wait_until (app_window_shows_list, app, WAIT_MS));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_cmpstr (_gq_browser_window_get_collection (GQ_BROWSER_WINDOW (window)), ==, "comments");
  g_assert_cmpuint (g_list_model_get_n_items (_gq_browser_window_get_records (GQ_BROWSER_WINDOW (window))), ==, 50);
  gq_test_gtk_show_window (window);
  g_free (gq_test_gtk_screenshot (GTK_WIDGET (window), "browser-app"));

  /* The cache is written, private to the user. */
  g_assert_true (gq_test_gtk_wait_until (file_exists, cache, WAIT_MS));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  gq_test_gtk_settle ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("gq-browser-home-XXXXXX", NULL);
  g_autofree char *cache_home = g_build_filename (home, "cache", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);

  /* The app's cache and demo data go to a scratch home. */
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gq_test_gtk_init (&argc, &argv);
  /* libadwaita brings its own stylesheet: GTK's Adwaita theme would hide it. */
  g_unsetenv ("GTK_THEME");
  adw_init ();

#define ADD(path, func, scale) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (scale), fixture_setup, func, fixture_teardown)

  g_test_add_func ("/Browser/application-starts-demo", test_browser_application_starts_demo);
  ADD ("/Browser/starts", test_browser_starts, 0);
  ADD ("/Browser/scroll-loads-next-page-once", test_browser_scroll_loads_next_page, 0);
  ADD ("/Browser/record-page", test_browser_record_page, 0);
  ADD ("/Browser/sort-and-search", test_browser_sort_and_search, 0);
  ADD ("/Browser/postgrest", test_browser_postgrest, 0);
  ADD ("/Browser/create-optimistic", test_browser_create_optimistic, 0);
  ADD ("/Browser/create-failure-rolls-back", test_browser_create_failure_rolls_back, 0);
  ADD ("/Browser/focus-refetches", test_browser_focus_refetches, 0);
  ADD ("/Browser/offline-queue", test_browser_offline_queue, 0);
  ADD ("/Browser/offline-survives-restart", test_browser_offline_survives_restart, 0);
  ADD ("/Browser/bad-input/unreachable", test_browser_unreachable, 0);
  ADD ("/Browser/bad-input/untrusted-certificate", test_browser_untrusted_certificate, 0);
  ADD ("/Browser/bad-input/html", test_browser_html_response, 0);
  ADD ("/Browser/bad-input/object-instead-of-list", test_browser_object_instead_of_list, 0);
  ADD ("/Browser/bad-input/mixed-fields", test_browser_mixed_fields, 0);
  ADD ("/Browser/bad-input/100000-records", test_browser_huge_collection, 10);
  ADD ("/Browser/bad-input/invalid-form-field", test_browser_invalid_form_field, 0);

  return g_test_run ();
}
