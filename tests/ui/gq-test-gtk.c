/* gq-test-gtk.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-gtk.h"

void
gq_test_gtk_init (int    *argc,
                  char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_THEME", "Adwaita", FALSE);

  gtk_test_init (argc, argv, NULL);

  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                NULL);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

gboolean
gq_test_gtk_wait_until (GqTestGtkCondition condition,
                        gpointer           user_data,
                        guint              timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  if (condition (user_data))
    return TRUE;

  timeout_id = g_timeout_add (timeout_ms, wait_timeout_cb, &timed_out);

  while (!timed_out && !condition (user_data))
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);

  return condition (user_data);
}

static gboolean
nothing_pending (gpointer user_data)
{
  return !g_main_context_pending (NULL);
}

static gboolean
frame_seen (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

void
gq_test_gtk_settle (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      gboolean *seen;

      if (!gtk_widget_get_mapped (window))
        continue;

      /* Shared with the callback: when no frame comes in time (a slow
       * sanitizer run), it stays, and keeps the frame clock running. */
      seen = g_rc_box_new0 (gboolean);
      gtk_widget_add_tick_callback (window, tick_cb, g_rc_box_acquire (seen), g_rc_box_release);
      gtk_widget_queue_draw (window);
      gq_test_gtk_wait_until (frame_seen, seen, 2000);
      g_rc_box_release (seen);
    }

  gq_test_gtk_wait_until (nothing_pending, NULL, 2000);
}

static gboolean
widget_is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data);
}

char *
gq_test_gtk_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  const char *dir;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  int width, height;

  g_assert_true (GTK_IS_WIDGET (widget));

  gq_test_gtk_settle ();

  dir = g_getenv ("GQ_TEST_SCREENSHOT_DIR");
  if (dir == NULL)
    dir = "screenshots";
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A window the X server has not (re)mapped yet draws nothing: give it a
   * few frames before calling that a failure. */
  paintable = gtk_widget_paintable_new (widget);
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      if (attempt > 0)
        {
          gq_test_gtk_wait_until (widget_is_mapped, widget, 100);
          gq_test_gtk_settle ();
        }
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    g_error ("screenshot %s: the widget drew nothing (mapped: %d, visible: %d)",
             name, gtk_widget_get_mapped (widget), gtk_widget_get_visible (widget));

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  gsk_render_node_get_bounds (node, &bounds);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);

  file_name = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return g_steal_pointer (&path);
}

static gboolean
window_is_active (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && gtk_window_is_active (user_data);
}

void
gq_test_gtk_show_window (GtkWindow *window)
{
  gtk_window_present (window);
  g_assert_true (gq_test_gtk_wait_until (window_is_active, window, 5000));
  gq_test_gtk_settle ();
}

static gboolean
pointer_is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

void
gq_test_gtk_destroy_window (GtkWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (window);
  g_assert_true (gq_test_gtk_wait_until (pointer_is_null, &weak, 5000));
}
