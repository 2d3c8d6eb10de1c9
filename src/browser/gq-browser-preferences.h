/* gq-browser-preferences.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GQ_TYPE_BROWSER_PREFERENCES (gq_browser_preferences_get_type ())

G_DECLARE_FINAL_TYPE (GqBrowserPreferences, gq_browser_preferences, GQ, BROWSER_PREFERENCES, AdwPreferencesWindow)

GqBrowserPreferences *gq_browser_preferences_new (GtkWindow *parent);

G_END_DECLS
