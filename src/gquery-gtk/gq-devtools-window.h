/* gq-devtools-window.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_GTK_INSIDE) && !defined(GQ_GTK_COMPILATION)
# error "Only <gquery-gtk.h> can be included directly."
#endif

#include <gquery.h>
#include <gtk/gtk.h>

#include "gq-devtools.h"

G_BEGIN_DECLS

#define GQ_TYPE_DEVTOOLS_WINDOW (gq_devtools_window_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqDevtoolsWindow, gq_devtools_window, GQ, DEVTOOLS_WINDOW, GtkWindow)

GQ_AVAILABLE_IN_ALL
GtkWidget  *gq_devtools_window_new          (GqQueryClient    *client);
GQ_AVAILABLE_IN_ALL
GqDevtools *gq_devtools_window_get_devtools (GqDevtoolsWindow *self);

GQ_AVAILABLE_IN_ALL
void        gq_devtools_install             (GtkApplication   *app,
                                             GqQueryClient    *client);

G_END_DECLS
