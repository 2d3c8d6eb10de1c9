/* gq-window-focus.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-window-focus.h"

/**
 * GqWindowFocus:
 *
 * Binds a [class@Gq.FocusManager] to the windows of an application.
 *
 * The focus manager reports the application focused while any of its
 * windows is active ([property@Gtk.Window:is-active]), so queries with
 * `refetch-on-window-focus` refetch when the user comes back to the app,
 * as TanStack Query's window-focus refetching does on a browser tab.
 *
 * Windows added to the [class@Gtk.Application] are followed on their own;
 * windows outside an application are added with
 * [method@GqGtk.WindowFocus.add_window]. When no window is left the manager's
 * override is unset again.
 *
 * ```c
 * static void
 * on_startup (GtkApplication *app)
 * {
 *   g_autoptr(GqWindowFocus) focus = gq_window_focus_new (app, NULL);
 *
 *   g_object_set_data_full (G_OBJECT (app), "window-focus",
 *                           g_steal_pointer (&focus), g_object_unref);
 * }
 * ```
 */

struct _GqWindowFocus
{
  GObject         parent_instance;

  GtkApplication *application;
  GqFocusManager *focus_manager;

  /* Windows followed, not owned: a destroyed window leaves by weak ref. */
  GPtrArray      *windows;

  /* Moving focus between two windows of the app deactivates one before it
   * activates the other; deciding in an idle keeps that from looking like a
   * focus loss and gain (which would refetch every stale query). */
  guint           update_source;
  guint           has_reported : 1;
  guint           reported_focused : 1;
};

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_FOCUS_MANAGER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (GqWindowFocus, gq_window_focus, G_TYPE_OBJECT)

static void window_weak_notify (gpointer  data,
                                GObject  *where_the_object_was);

static void
gq_window_focus_report (GqWindowFocus *self)
{
  gboolean focused = FALSE;

  if (self->windows->len == 0)
    {
      if (self->has_reported)
        gq_focus_manager_unset_focused (self->focus_manager);
      self->has_reported = FALSE;
      return;
    }

  for (guint i = 0; i < self->windows->len; i++)
    {
      if (gtk_window_is_active (g_ptr_array_index (self->windows, i)))
        {
          focused = TRUE;
          break;
        }
    }

  if (self->has_reported && self->reported_focused == focused)
    return;

  self->has_reported = TRUE;
  self->reported_focused = focused;
  gq_focus_manager_set_focused (self->focus_manager, focused);
}

static gboolean
gq_window_focus_update_cb (gpointer user_data)
{
  GqWindowFocus *self = user_data;

  self->update_source = 0;
  gq_window_focus_report (self);

  return G_SOURCE_REMOVE;
}

static void
gq_window_focus_queue_update (GqWindowFocus *self)
{
  if (self->update_source != 0)
    return;

  self->update_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE,
                                         gq_window_focus_update_cb,
                                         self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->update_source),
                            "[gquery] window focus");
}

static void
on_window_is_active_changed (GtkWindow     *window,
                             GParamSpec    *pspec,
                             GqWindowFocus *self)
{
  gq_window_focus_queue_update (self);
}

static void
gq_window_focus_forget_window (GqWindowFocus *self,
                               GtkWindow     *window,
                               gboolean       alive)
{
  if (!g_ptr_array_remove (self->windows, window))
    return;

  if (alive)
    {
      g_object_weak_unref (G_OBJECT (window), window_weak_notify, self);
      g_signal_handlers_disconnect_by_func (window, on_window_is_active_changed, self);
    }

  gq_window_focus_queue_update (self);
}

static void
window_weak_notify (gpointer  data,
                    GObject  *where_the_object_was)
{
  gq_window_focus_forget_window (data, (GtkWindow *) where_the_object_was, FALSE);
}

static void
on_application_window_added (GtkApplication *application,
                             GtkWindow      *window,
                             GqWindowFocus  *self)
{
  gq_window_focus_add_window (self, window);
}

static void
on_application_window_removed (GtkApplication *application,
                               GtkWindow      *window,
                               GqWindowFocus  *self)
{
  gq_window_focus_remove_window (self, window);
}

static void
gq_window_focus_constructed (GObject *object)
{
  GqWindowFocus *self = (GqWindowFocus *)object;

  G_OBJECT_CLASS (gq_window_focus_parent_class)->constructed (object);

  if (self->focus_manager == NULL)
    self->focus_manager = g_object_ref (gq_focus_manager_get_default ());

  if (self->application != NULL)
    {
      g_signal_connect_object (self->application, "window-added",
                               G_CALLBACK (on_application_window_added),
                               self, 0);
      g_signal_connect_object (self->application, "window-removed",
                               G_CALLBACK (on_application_window_removed),
                               self, 0);

      for (GList *l = gtk_application_get_windows (self->application); l; l = l->next)
        gq_window_focus_add_window (self, l->data);
    }
}

static void
gq_window_focus_dispose (GObject *object)
{
  GqWindowFocus *self = (GqWindowFocus *)object;

  while (self->windows->len > 0)
    gq_window_focus_forget_window (self, g_ptr_array_index (self->windows, 0), TRUE);

  g_clear_handle_id (&self->update_source, g_source_remove);

  if (self->has_reported && self->focus_manager != NULL)
    gq_focus_manager_unset_focused (self->focus_manager);
  self->has_reported = FALSE;

  g_clear_object (&self->application);
  g_clear_object (&self->focus_manager);

  G_OBJECT_CLASS (gq_window_focus_parent_class)->dispose (object);
}

static void
gq_window_focus_finalize (GObject *object)
{
  GqWindowFocus *self = (GqWindowFocus *)object;

  g_clear_pointer (&self->windows, g_ptr_array_unref);

  G_OBJECT_CLASS (gq_window_focus_parent_class)->finalize (object);
}

static void
gq_window_focus_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GqWindowFocus *self = GQ_WINDOW_FOCUS (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    case PROP_FOCUS_MANAGER:
      g_value_set_object (value, self->focus_manager);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_window_focus_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GqWindowFocus *self = GQ_WINDOW_FOCUS (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      self->application = g_value_dup_object (value);
      break;

    case PROP_FOCUS_MANAGER:
      self->focus_manager = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_window_focus_class_init (GqWindowFocusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gq_window_focus_constructed;
  object_class->dispose = gq_window_focus_dispose;
  object_class->finalize = gq_window_focus_finalize;
  object_class->get_property = gq_window_focus_get_property;
  object_class->set_property = gq_window_focus_set_property;

  /**
   * GqWindowFocus:application:
   *
   * The application whose windows are followed, if any.
   */
  properties [PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         GTK_TYPE_APPLICATION,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqWindowFocus:focus-manager:
   *
   * The focus manager told about focus changes; the default one unless
   * another is given.
   */
  properties [PROP_FOCUS_MANAGER] =
    g_param_spec_object ("focus-manager", NULL, NULL,
                         GQ_TYPE_FOCUS_MANAGER,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_window_focus_init (GqWindowFocus *self)
{
  self->windows = g_ptr_array_new ();
}

/**
 * gq_window_focus_new:
 * @application: (nullable): a [class@Gtk.Application] whose windows to follow
 * @focus_manager: (nullable): the focus manager to drive, or %NULL for
 *   [func@Gq.FocusManager.get_default]
 *
 * Creates a binding from the windows of @application to @focus_manager.
 * The binding lasts as long as the returned object.
 *
 * Returns: (transfer full): a new [class@GqGtk.WindowFocus]
 */
GqWindowFocus *
gq_window_focus_new (GtkApplication *application,
                     GqFocusManager *focus_manager)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (!focus_manager || GQ_IS_FOCUS_MANAGER (focus_manager), NULL);

  return g_object_new (GQ_TYPE_WINDOW_FOCUS,
                       "application", application,
                       "focus-manager", focus_manager,
                       NULL);
}

/**
 * gq_window_focus_get_application:
 * @self: a [class@GqGtk.WindowFocus]
 *
 * Gets the application whose windows are followed.
 *
 * Returns: (transfer none) (nullable): the application followed
 */
GtkApplication *
gq_window_focus_get_application (GqWindowFocus *self)
{
  g_return_val_if_fail (GQ_IS_WINDOW_FOCUS (self), NULL);

  return self->application;
}

/**
 * gq_window_focus_get_focus_manager:
 * @self: a [class@GqGtk.WindowFocus]
 *
 * Gets the focus manager told about focus changes.
 *
 * Returns: (transfer none): the focus manager driven
 */
GqFocusManager *
gq_window_focus_get_focus_manager (GqWindowFocus *self)
{
  g_return_val_if_fail (GQ_IS_WINDOW_FOCUS (self), NULL);

  return self->focus_manager;
}

/**
 * gq_window_focus_add_window:
 * @self: a [class@GqGtk.WindowFocus]
 * @window: a window to follow
 *
 * Follows @window too; the application's own windows are followed
 * without this. A destroyed window is forgotten on its own.
 */
void
gq_window_focus_add_window (GqWindowFocus *self,
                            GtkWindow     *window)
{
  g_return_if_fail (GQ_IS_WINDOW_FOCUS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_ptr_array_find (self->windows, window, NULL))
    return;

  g_ptr_array_add (self->windows, window);
  g_object_weak_ref (G_OBJECT (window), window_weak_notify, self);
  g_signal_connect (window, "notify::is-active",
                    G_CALLBACK (on_window_is_active_changed), self);

  gq_window_focus_queue_update (self);
}

/**
 * gq_window_focus_remove_window:
 * @self: a [class@GqGtk.WindowFocus]
 * @window: a window followed
 *
 * Stops following @window.
 */
void
gq_window_focus_remove_window (GqWindowFocus *self,
                               GtkWindow     *window)
{
  g_return_if_fail (GQ_IS_WINDOW_FOCUS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  gq_window_focus_forget_window (self, window, TRUE);
}
