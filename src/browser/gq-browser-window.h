/* gq-browser-window.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

#include "gq-browser-connection.h"

G_BEGIN_DECLS

#define GQ_TYPE_BROWSER_WINDOW (gq_browser_window_get_type ())

G_DECLARE_FINAL_TYPE (GqBrowserWindow, gq_browser_window, GQ, BROWSER_WINDOW, AdwApplicationWindow)

GqBrowserWindow     *gq_browser_window_new            (GtkApplication      *application,
                                                       GqBrowserConnection *connection);
GqBrowserConnection *gq_browser_window_get_connection (GqBrowserWindow     *self);
void                 gq_browser_window_set_connection (GqBrowserWindow     *self,
                                                       GqBrowserConnection *connection);

G_END_DECLS
