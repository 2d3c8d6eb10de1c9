/* test-window-focus.c: GqWindowFocus against real X11 focus under Xvfb
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gquery-gtk.h>
#include <gdk/x11/gdkx.h>

#include "gq-test-gtk.h"

typedef struct
{
  GqFocusManager *manager;
  GArray         *changes;
} FocusFixture;

static void
on_focus_changed (GqFocusManager *manager,
                  gboolean        focused,
                  FocusFixture   *fixture)
{
  g_array_append_val (fixture->changes, focused);
}

static void
focus_fixture_setup (FocusFixture  *fixture,
                     gconstpointer  data)
{
  fixture->manager = gq_focus_manager_new ();
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_signal_connect (fixture->manager, "changed",
                    G_CALLBACK (on_focus_changed), fixture);
}

static void
focus_fixture_teardown (FocusFixture  *fixture,
                        gconstpointer  data)
{
  g_assert_finalize_object (fixture->manager);
  g_array_unref (fixture->changes);
}

static gboolean
manager_focused_is (FocusFixture *fixture,
                    gboolean      focused)
{
  return fixture->changes->len > 0 &&
         gq_focus_manager_is_focused (fixture->manager) == focused;
}

static gboolean
manager_is_focused (gpointer user_data)
{
  return manager_focused_is (user_data, TRUE);
}

static gboolean
manager_is_unfocused (gpointer user_data)
{
  return manager_focused_is (user_data, FALSE);
}

static gboolean
window_is_inactive (gpointer user_data)
{
  return !gtk_window_is_active (user_data);
}

/* What a click on another application's window does to ours. */
static void
focus_elsewhere (GtkWindow *window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  XSetInputFocus (gdk_x11_display_get_xdisplay (display),
                  PointerRoot, RevertToPointerRoot, CurrentTime);
  XFlush (gdk_x11_display_get_xdisplay (display));
  g_assert_true (gq_test_gtk_wait_until (window_is_inactive, window, 5000));
}

static void
test_window_focus_follows_window (FocusFixture  *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GqWindowFocus) binding = gq_window_focus_new (NULL, fixture->manager);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_title (window, "Focus");
  gq_window_focus_add_window (binding, window);
  gq_test_gtk_show_window (window);

  g_assert_true (gq_test_gtk_wait_until (manager_is_focused, fixture, 5000));
  g_assert_cmpuint (fixture->changes->len, ==, 1);

  focus_elsewhere (window);
  g_assert_true (gq_test_gtk_wait_until (manager_is_unfocused, fixture, 5000));
  g_assert_cmpuint (fixture->changes->len, ==, 2);

  gtk_window_present (window);
  g_assert_true (gq_test_gtk_wait_until (manager_is_focused, fixture, 5000));
  g_assert_cmpuint (fixture->changes->len, ==, 3);

  /* The last window gone, the manager falls back to its own state. */
  gq_test_gtk_destroy_window (window);
  gq_test_gtk_settle ();
  g_assert_cmpuint (fixture->changes->len, ==, 4);
  g_assert_true (gq_focus_manager_is_focused (fixture->manager));

  g_assert_finalize_object (g_steal_pointer (&binding));
}

static void
test_window_focus_between_windows (FocusFixture  *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GtkApplication) app = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  g_autoptr(GqWindowFocus) binding = NULL;
  GtkWindow *first, *second;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  binding = gq_window_focus_new (app, fixture->manager);
  g_assert_true (gq_window_focus_get_application (binding) == app);
  g_assert_true (gq_window_focus_get_focus_manager (binding) == fixture->manager);

  first = GTK_WINDOW (gtk_application_window_new (app));
  gq_test_gtk_show_window (first);
  g_assert_true (gq_test_gtk_wait_until (manager_is_focused, fixture, 5000));

  /* Focus moving inside the app is not a focus loss: no refetch storm. */
  second = GTK_WINDOW (gtk_application_window_new (app));
  gq_test_gtk_show_window (second);
  g_assert_false (gtk_window_is_active (first));
  gq_test_gtk_settle ();
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  g_assert_true (gq_focus_manager_is_focused (fixture->manager));

  focus_elsewhere (second);
  g_assert_true (gq_test_gtk_wait_until (manager_is_unfocused, fixture, 5000));
  g_assert_cmpuint (fixture->changes->len, ==, 2);

  gq_test_gtk_destroy_window (first);
  gq_test_gtk_destroy_window (second);
  gq_test_gtk_settle ();
  g_assert_true (gq_focus_manager_is_focused (fixture->manager));

  g_assert_finalize_object (g_steal_pointer (&binding));
}

int
main (int   argc,
      char *argv[])
{
  gq_test_gtk_init (&argc, &argv);

  g_test_add ("/GqGtk/WindowFocus/follows-window", FocusFixture, NULL,
              focus_fixture_setup, test_window_focus_follows_window,
              focus_fixture_teardown);
  g_test_add ("/GqGtk/WindowFocus/between-windows", FocusFixture, NULL,
              focus_fixture_setup, test_window_focus_between_windows,
              focus_fixture_teardown);

  return g_test_run ();
}
