/* gq-browser-preferences.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "gq-browser-preferences.h"

struct _GqBrowserPreferences
{
  AdwPreferencesWindow  parent_instance;

  GtkAdjustment        *stale_adjustment;
  GtkAdjustment        *polling_adjustment;
  GtkSwitch            *focus_switch;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (GqBrowserPreferences, gq_browser_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void
gq_browser_preferences_finalize (GObject *object)
{
  GqBrowserPreferences *self = GQ_BROWSER_PREFERENCES (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gq_browser_preferences_parent_class)->finalize (object);
}

static void
gq_browser_preferences_class_init (GqBrowserPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gq_browser_preferences_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gnome/gquery/Browser/gq-browser-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, GqBrowserPreferences, stale_adjustment);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserPreferences, polling_adjustment);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserPreferences, focus_switch);
}

static void
gq_browser_preferences_init (GqBrowserPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "stale-time", self->stale_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "polling-interval", self->polling_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "refetch-on-focus", self->focus_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

GqBrowserPreferences *
gq_browser_preferences_new (GtkWindow *parent)
{
  return g_object_new (GQ_TYPE_BROWSER_PREFERENCES,
                       "transient-for", parent,
                       NULL);
}
