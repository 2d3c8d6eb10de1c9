/* gq-devtools-window.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>

#include "gq-devtools-window.h"

/**
 * GqDevtoolsWindow:
 *
 * A window holding a [class@GqGtk.Devtools], as the GTK Inspector is one:
 * what [func@GqGtk.devtools_install] opens with Ctrl+Shift+D.
 */

#define DEVTOOLS_WINDOW_KEY "gq-devtools-window"

struct _GqDevtoolsWindow
{
  GtkWindow      parent_instance;

  GqQueryClient *client;
  GqDevtools    *devtools;
};

G_DEFINE_FINAL_TYPE (GqDevtoolsWindow, gq_devtools_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
gq_devtools_window_constructed (GObject *object)
{
  GqDevtoolsWindow *self = (GqDevtoolsWindow *) object;

  G_OBJECT_CLASS (gq_devtools_window_parent_class)->constructed (object);

  self->devtools = GQ_DEVTOOLS (gq_devtools_new (self->client));
  gtk_window_set_child (GTK_WINDOW (self), GTK_WIDGET (self->devtools));
}

static void
gq_devtools_window_finalize (GObject *object)
{
  GqDevtoolsWindow *self = (GqDevtoolsWindow *) object;

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gq_devtools_window_parent_class)->finalize (object);
}

static void
gq_devtools_window_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GqDevtoolsWindow *self = GQ_DEVTOOLS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_devtools_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GqDevtoolsWindow *self = GQ_DEVTOOLS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_devtools_window_class_init (GqDevtoolsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gq_devtools_window_constructed;
  object_class->finalize = gq_devtools_window_finalize;
  object_class->get_property = gq_devtools_window_get_property;
  object_class->set_property = gq_devtools_window_set_property;

  /**
   * GqDevtoolsWindow:client:
   *
   * The client whose caches the window shows.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         GQ_TYPE_QUERY_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gq_devtools_window_init (GqDevtoolsWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Query Devtools"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 680);
}

/**
 * gq_devtools_window_new:
 * @client: the client to show
 *
 * Creates a window showing the devtools of @client.
 *
 * Returns: (transfer full): the new window
 */
GtkWidget *
gq_devtools_window_new (GqQueryClient *client)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (client), NULL);

  return g_object_new (GQ_TYPE_DEVTOOLS_WINDOW, "client", client, NULL);
}

/**
 * gq_devtools_window_get_devtools:
 * @self: the window
 *
 * Gets the devtools widget the window holds.
 *
 * Returns: (transfer none): the devtools
 */
GqDevtools *
gq_devtools_window_get_devtools (GqDevtoolsWindow *self)
{
  g_return_val_if_fail (GQ_IS_DEVTOOLS_WINDOW (self), NULL);

  return self->devtools;
}

static void
on_window_destroyed (GtkApplication *app)
{
  g_object_set_data (G_OBJECT (app), DEVTOOLS_WINDOW_KEY, NULL);
}

static void
toggle_devtools (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  GqQueryClient *client = g_object_get_data (G_OBJECT (action), "gq-client");
  GtkWindow *window = g_object_get_data (G_OBJECT (app), DEVTOOLS_WINDOW_KEY);

  if (window != NULL && gtk_widget_get_visible (GTK_WIDGET (window)) &&
      gtk_window_is_active (window))
    {
      gtk_window_close (window);
      return;
    }

  if (window == NULL)
    {
      window = GTK_WINDOW (gq_devtools_window_new (client));
      gtk_window_set_application (window, app);
      g_object_set_data (G_OBJECT (app), DEVTOOLS_WINDOW_KEY, window);
      g_signal_connect_object (window, "destroy", G_CALLBACK (on_window_destroyed), app,
                               G_CONNECT_SWAPPED);
    }

  gtk_window_present (window);
}

/**
 * gq_devtools_install:
 * @app: an application
 * @client: the client its devtools show
 *
 * Adds the action `app.gquery-devtools` to @app, with the accelerator
 * Ctrl+Shift+D: it opens a [class@GqGtk.DevtoolsWindow] on @client, raises
 * it when it is behind, and closes it when it is the active window, as
 * the GTK Inspector's shortcut does. One call at startup is enough.
 */
void
gq_devtools_install (GtkApplication *app,
                     GqQueryClient  *client)
{
  static const char * const accels[] = { "<Control><Shift>d", NULL };
  g_autoptr(GSimpleAction) action = NULL;

  g_return_if_fail (GTK_IS_APPLICATION (app));
  g_return_if_fail (GQ_IS_QUERY_CLIENT (client));

  action = g_simple_action_new ("gquery-devtools", NULL);
  g_object_set_data_full (G_OBJECT (action), "gq-client", g_object_ref (client), g_object_unref);
  g_signal_connect (action, "activate", G_CALLBACK (toggle_devtools), app);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
  gtk_application_set_accels_for_action (app, "app.gquery-devtools", accels);
}
