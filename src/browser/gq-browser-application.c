/* gq-browser-application.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gquery-gtk.h>

#include "gq-demo-server.h"

#include "gq-browser-application.h"
#include "gq-browser-connect-dialog.h"
#include "gq-browser-connection.h"
#include "gq-browser-preferences.h"
#include "gq-browser-secrets.h"
#include "gq-browser-window.h"

#define DEMO_SEED 1

struct _GqBrowserApplication
{
  AdwApplication       parent_instance;

  char                *url;
  GqBrowserBackend     backend;
  GqDemoServer        *demo_server;
  GqWindowFocus       *window_focus;
  GqBrowserConnection *connection;
  GqBrowserWindow     *window;
};

G_DEFINE_FINAL_TYPE (GqBrowserApplication, gq_browser_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "url", 'u', 0, G_OPTION_ARG_STRING, NULL,
    N_("Browse the REST API at URL instead of the built-in demo server"), N_("URL") },
  { "backend", 'b', 0, G_OPTION_ARG_STRING, NULL,
    N_("The kind of server: auto, json-server or postgrest"), N_("KIND") },
  { NULL }
};

static char *
cache_path_for (const char *identity)
{
  g_autofree char *name = NULL;

  if (g_str_equal (identity, "demo"))
    name = g_strdup ("demo.json");
  else
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, identity, -1);

      name = g_strdup_printf ("%.16s.json", hash);
    }

  return g_build_filename (g_get_user_cache_dir (), "gquery-browser", name, NULL);
}

static void
show_window (GqBrowserApplication *self)
{
  if (self->window == NULL)
    {
      self->window = gq_browser_window_new (GTK_APPLICATION (self), self->connection);
      g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
    }
  else
    {
      gq_browser_window_set_connection (self->window, self->connection);
    }

  gtk_window_present (GTK_WINDOW (self->window));
}

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GqBrowserApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A cache that cannot be read is a cache that starts empty. */
  if (!gq_browser_connection_restore_finish (GQ_BROWSER_CONNECTION (object), result, &error))
    g_warning ("Could not restore the cache: %s", error->message);

  if (GQ_BROWSER_CONNECTION (object) == self->connection)
    show_window (self);
  g_application_release (G_APPLICATION (self));
}

static void
open_connection (GqBrowserApplication *self,
                 const char           *base_uri,
                 GqBrowserBackend      backend,
                 const char           *identity,
                 const char           *display_name,
                 const char           *token)
{
  g_autofree char *cache_path = cache_path_for (identity);
  g_autofree char *cache_dir = g_path_get_dirname (cache_path);

  g_clear_object (&self->connection);
  self->connection = gq_browser_connection_new (base_uri, backend, NULL, NULL);
  if (display_name != NULL)
    gq_browser_connection_set_display_name (self->connection, display_name);
  if (token != NULL && *token != '\0')
    gq_browser_connection_set_auth_token (self->connection, token);

  if (self->window_focus == NULL)
    self->window_focus = gq_window_focus_new (GTK_APPLICATION (self), gq_focus_manager_get_default ());

  g_mkdir_with_parents (cache_dir, 0700);
  g_application_hold (G_APPLICATION (self));
  gq_browser_connection_restore_async (self->connection, cache_path, NULL, on_restored, g_object_ref (self));
}

static gboolean
start_demo_server (GqBrowserApplication  *self,
                   GError               **error)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "gquery-browser", NULL);
  g_autofree char *data_file = g_build_filename (data_dir, "demo-data.json", NULL);
  g_autoptr(GqDemoServer) server = gq_demo_server_new (DEMO_SEED);

  if (self->demo_server != NULL)
    return TRUE;

  /* The demo keeps what you change in it from one run to the next. */
  g_mkdir_with_parents (data_dir, 0700);
  gq_demo_server_set_data_file (server, data_file);
  if (!gq_demo_server_start (server, "127.0.0.1", 0, error))
    return FALSE;

  self->demo_server = g_steal_pointer (&server);

  return TRUE;
}

static void
open_demo (GqBrowserApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_uri = NULL;

  if (!start_demo_server (self, &error))
    {
      g_printerr (_("Could not start the demo server: %s\n"), error->message);
      /* The window then says the demo is not reachable, with the connect dialog at hand. */
      base_uri = g_strdup ("http://127.0.0.1:1/");
    }
  else
    {
      base_uri = gq_demo_server_dup_base_uri (self->demo_server);
    }

  open_connection (self, base_uri, GQ_BROWSER_BACKEND_JSON_SERVER, "demo", _("Demo Server"), NULL);
}

typedef struct
{
  GqBrowserApplication *self;
  char                 *uri;
  GqBrowserBackend      backend;
} Lookup;

static void
on_token_found (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gq_browser_secrets_lookup_finish (result, &error);

  /* No keyring (a bare session, a test): browse without a token. */
  if (error != NULL)
    g_debug ("No token from the Secret Service: %s", error->message);

  open_connection (lookup->self, lookup->uri, lookup->backend, lookup->uri, NULL, token);
  g_application_release (G_APPLICATION (lookup->self));
  g_object_unref (lookup->self);
  g_free (lookup->uri);
  g_free (lookup);
}

static void
open_url (GqBrowserApplication *self,
          const char           *uri,
          GqBrowserBackend      backend)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->self = g_object_ref (self);
  lookup->uri = g_strdup (uri);
  lookup->backend = backend;
  g_application_hold (G_APPLICATION (self));
  gq_browser_secrets_lookup_async (uri, NULL, on_token_found, lookup);
}

static void
on_token_stored (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gq_browser_secrets_store_finish (result, &error))
    g_warning ("Could not keep the token in the keyring: %s", error->message);
}

static void
on_connect (GqBrowserConnectDialog *dialog,
            const char             *uri,
            int                     backend,
            const char             *token,
            GqBrowserApplication   *self)
{
  if (token != NULL && *token != '\0')
    {
      gq_browser_secrets_store_async (uri, token, NULL, on_token_stored, NULL);
      open_connection (self, uri, backend, uri, NULL, token);
    }
  else
    {
      open_url (self, uri, backend);
    }
}

static void
on_connect_demo (GqBrowserConnectDialog *dialog,
                 GqBrowserApplication   *self)
{
  open_demo (self);
}

static void
connect_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GqBrowserApplication *self = user_data;
  GqBrowserConnectDialog *dialog = gq_browser_connect_dialog_new (GTK_WINDOW (self->window));

  g_signal_connect_object (dialog, "connect", G_CALLBACK (on_connect), self, 0);
  g_signal_connect_object (dialog, "connect-demo", G_CALLBACK (on_connect_demo), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GqBrowserApplication *self = user_data;

  gtk_window_present (GTK_WINDOW (gq_browser_preferences_new (GTK_WINDOW (self->window))));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GqBrowserApplication *self = user_data;
  static const char *developers[] = { "The gquery developers", NULL };

  adw_show_about_window (GTK_WINDOW (self->window),
                         "application-name", _("gquery Browser"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The gquery developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Browse and edit the data of REST APIs, always fresh, even offline"),
                         "license-type", GTK_LICENSE_LGPL_2_1,
                         "developers", developers,
                         NULL);
}

static void
on_flushed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_browser_connection_flush_finish (GQ_BROWSER_CONNECTION (object), result, &error))
    g_warning ("Could not save the cache: %s", error->message);
  *done = TRUE;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GqBrowserApplication *self = user_data;

  if (self->window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->window));
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "connect", connect_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static int
gq_browser_application_handle_local_options (GApplication *application,
                                             GVariantDict *options_dict)
{
  GqBrowserApplication *self = GQ_BROWSER_APPLICATION (application);
  const char *url = NULL, *backend = NULL;

  if (g_variant_dict_lookup (options_dict, "url", "&s", &url))
    {
      g_autofree char *error = NULL;

      g_clear_pointer (&self->url, g_free);
      if (!gq_browser_parse_endpoint (url, &self->url, &error))
        {
          g_printerr ("%s\n", error);
          return 1;
        }
    }

  if (g_variant_dict_lookup (options_dict, "backend", "&s", &backend))
    {
      if (g_str_equal (backend, "json-server"))
        self->backend = GQ_BROWSER_BACKEND_JSON_SERVER;
      else if (g_str_equal (backend, "postgrest"))
        self->backend = GQ_BROWSER_BACKEND_POSTGREST;
      else if (g_str_equal (backend, "auto"))
        self->backend = GQ_BROWSER_BACKEND_AUTO;
      else
        {
          g_printerr (_("Unknown kind of server “%s”: use auto, json-server or postgrest\n"), backend);
          return 1;
        }
    }

  return -1;
}

static void
gq_browser_application_activate (GApplication *application)
{
  GqBrowserApplication *self = GQ_BROWSER_APPLICATION (application);

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }

  if (self->connection != NULL)
    return;

  if (self->url != NULL)
    open_url (self, self->url, self->backend);
  else
    open_demo (self);
}

static void
gq_browser_application_startup (GApplication *application)
{
  GqBrowserApplication *self = GQ_BROWSER_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (gq_browser_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

static void
gq_browser_application_shutdown (GApplication *application)
{
  GqBrowserApplication *self = GQ_BROWSER_APPLICATION (application);

  /* Queued writes must be on disk before the process ends. */
  if (self->connection != NULL)
    {
      gboolean done = FALSE;

      gq_browser_connection_flush_async (self->connection, NULL, on_flushed, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }

  g_clear_object (&self->window_focus);
  g_clear_object (&self->connection);
  if (self->demo_server != NULL)
    gq_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);

  G_APPLICATION_CLASS (gq_browser_application_parent_class)->shutdown (application);
}

static void
gq_browser_application_dispose (GObject *object)
{
  GqBrowserApplication *self = GQ_BROWSER_APPLICATION (object);

  /* Never run (a test registers and activates by hand): what shutdown clears. */
  g_clear_object (&self->window_focus);
  g_clear_object (&self->connection);
  g_clear_object (&self->demo_server);

  G_OBJECT_CLASS (gq_browser_application_parent_class)->dispose (object);
}

static void
gq_browser_application_finalize (GObject *object)
{
  GqBrowserApplication *self = GQ_BROWSER_APPLICATION (object);

  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (gq_browser_application_parent_class)->finalize (object);
}

static void
gq_browser_application_class_init (GqBrowserApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gq_browser_application_dispose;
  object_class->finalize = gq_browser_application_finalize;
  app_class->handle_local_options = gq_browser_application_handle_local_options;
  app_class->activate = gq_browser_application_activate;
  app_class->startup = gq_browser_application_startup;
  app_class->shutdown = gq_browser_application_shutdown;
}

static void
gq_browser_application_init (GqBrowserApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Browse and edit the data of a REST API."));
}

GqBrowserApplication *
gq_browser_application_new (void)
{
  return g_object_new (GQ_TYPE_BROWSER_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/gnome/gquery/Browser",
                       NULL);
}
