/* gq-browser-connect-dialog.c: choose the server to browse
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gq-browser-connect-dialog.h"

struct _GqBrowserConnectDialog
{
  AdwWindow            parent_instance;

  AdwEntryRow         *url_row;
  AdwComboRow         *backend_row;
  AdwPasswordEntryRow *token_row;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  AdwPreferencesGroup *saved_group;

  GSettings           *settings;
  GPtrArray           *saved_rows;
  char                *error;
};

enum {
  CONNECT,
  CONNECT_DEMO,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqBrowserConnectDialog, gq_browser_connect_dialog, ADW_TYPE_WINDOW)

static const char * const backend_nicks[] = { "auto", "json-server", "postgrest" };

/* Accepts "host:3000" as well as "http://host:3000/api". */
gboolean
gq_browser_parse_endpoint (const char  *text,
                           char       **uri,
                           char       **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *full = NULL;
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;

  if (*stripped == '\0')
    {
      *error = g_strdup (_("Enter the address of the server."));
      return FALSE;
    }

  full = strstr (stripped, "://") ? g_strdup (stripped) : g_strconcat ("http://", stripped, NULL);
  parsed = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  scheme = parsed ? g_uri_get_scheme (parsed) : NULL;

  if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
    {
      *error = g_strdup (_("This is not a web address. Enter one such as http://localhost:3000."));
      return FALSE;
    }

  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    {
      *error = g_strdup (_("Only http and https addresses are supported."));
      return FALSE;
    }

  *uri = g_steal_pointer (&full);

  return TRUE;
}

static void
set_error (GqBrowserConnectDialog *self,
           char                   *error)
{
  g_free (self->error);
  self->error = error;
  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
}

static void
remember_endpoint (GqBrowserConnectDialog *self,
                   const char             *uri,
                   const char             *backend)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "endpoints");
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ss)"));
  GVariantIter iter;
  const char *saved_uri, *saved_backend;

  g_variant_builder_add (&builder, "(ss)", uri, backend);
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&s&s)", &saved_uri, &saved_backend))
    if (!g_str_equal (saved_uri, uri))
      g_variant_builder_add (&builder, "(ss)", saved_uri, saved_backend);

  g_settings_set_value (self->settings, "endpoints", g_variant_builder_end (&builder));
}

gboolean
gq_browser_connect_dialog_submit (GqBrowserConnectDialog *self)
{
  g_autofree char *uri = NULL;
  char *error = NULL;
  guint backend;

  g_return_val_if_fail (GQ_IS_BROWSER_CONNECT_DIALOG (self), FALSE);

  if (!gq_browser_parse_endpoint (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &uri, &error))
    {
      set_error (self, error);
      return FALSE;
    }

  set_error (self, NULL);
  backend = adw_combo_row_get_selected (self->backend_row);
  if (backend >= G_N_ELEMENTS (backend_nicks))
    backend = GQ_BROWSER_BACKEND_AUTO;

  remember_endpoint (self, uri, backend_nicks[backend]);
  g_signal_emit (self, signals [CONNECT], 0, uri, (int) backend,
                 gtk_editable_get_text (GTK_EDITABLE (self->token_row)));
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}

const char *
gq_browser_connect_dialog_get_error (GqBrowserConnectDialog *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECT_DIALOG (self), NULL);

  return self->error;
}

gboolean
gq_browser_connect_dialog_set_url (GqBrowserConnectDialog *self,
                                   const char             *url)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECT_DIALOG (self), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);

  return TRUE;
}

static void
on_connect_clicked (GqBrowserConnectDialog *self)
{
  gq_browser_connect_dialog_submit (self);
}

static void
on_url_changed (GqBrowserConnectDialog *self)
{
  if (self->error != NULL)
    set_error (self, NULL);
}

static void
on_demo_activated (GqBrowserConnectDialog *self)
{
  g_signal_emit (self, signals [CONNECT_DEMO], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_saved_activated (AdwActionRow           *row,
                    GqBrowserConnectDialog *self)
{
  const char *backend = g_object_get_data (G_OBJECT (row), "backend");

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  for (guint i = 0; i < G_N_ELEMENTS (backend_nicks); i++)
    if (g_strcmp0 (backend, backend_nicks[i]) == 0)
      adw_combo_row_set_selected (self->backend_row, i);
  gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
}

static void
fill_saved (GqBrowserConnectDialog *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "endpoints");
  GVariantIter iter;
  const char *uri, *backend;

  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&s&s)", &uri, &backend))
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("network-server-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), uri);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   g_str_equal (backend, "postgrest") ? _("PostgREST")
                                   : g_str_equal (backend, "json-server") ? _("json-server")
                                   : _("Detected automatically"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "backend", g_strdup (backend), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_saved_activated), self);
      adw_preferences_group_add (self->saved_group, row);
    }
}

static void
gq_browser_connect_dialog_finalize (GObject *object)
{
  GqBrowserConnectDialog *self = GQ_BROWSER_CONNECT_DIALOG (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (gq_browser_connect_dialog_parent_class)->finalize (object);
}

static void
gq_browser_connect_dialog_class_init (GqBrowserConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gq_browser_connect_dialog_finalize;

  /* (uri, backend, token) */
  signals [CONNECT] =
    g_signal_new ("connect",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING);

  signals [CONNECT_DEMO] =
    g_signal_new ("connect-demo",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gnome/gquery/Browser/gq-browser-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GqBrowserConnectDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserConnectDialog, backend_row);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserConnectDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserConnectDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserConnectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserConnectDialog, saved_group);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_url_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_demo_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gq_browser_connect_dialog_init (GqBrowserConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  fill_saved (self);
}

GqBrowserConnectDialog *
gq_browser_connect_dialog_new (GtkWindow *parent)
{
  return g_object_new (GQ_TYPE_BROWSER_CONNECT_DIALOG,
                       "transient-for", parent,
                       NULL);
}
