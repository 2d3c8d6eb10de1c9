/* gq-window-focus.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_GTK_INSIDE) && !defined(GQ_GTK_COMPILATION)
# error "Only <gquery-gtk.h> can be included directly."
#endif

#include <gquery.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GQ_TYPE_WINDOW_FOCUS (gq_window_focus_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqWindowFocus, gq_window_focus, GQ, WINDOW_FOCUS, GObject)

GQ_AVAILABLE_IN_ALL
GqWindowFocus  *gq_window_focus_new               (GtkApplication *application,
                                                   GqFocusManager *focus_manager);
GQ_AVAILABLE_IN_ALL
GtkApplication *gq_window_focus_get_application   (GqWindowFocus  *self);
GQ_AVAILABLE_IN_ALL
GqFocusManager *gq_window_focus_get_focus_manager (GqWindowFocus  *self);
GQ_AVAILABLE_IN_ALL
void            gq_window_focus_add_window        (GqWindowFocus  *self,
                                                   GtkWindow      *window);
GQ_AVAILABLE_IN_ALL
void            gq_window_focus_remove_window     (GqWindowFocus  *self,
                                                   GtkWindow      *window);

G_END_DECLS
