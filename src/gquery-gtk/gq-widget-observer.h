/* gq-widget-observer.h
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

GQ_AVAILABLE_IN_ALL
void     gq_widget_bind_observer     (GtkWidget       *widget,
                                      GqQueryObserver *observer);
GQ_AVAILABLE_IN_ALL
void     gq_widget_unbind_observer   (GtkWidget       *widget,
                                      GqQueryObserver *observer);
GQ_AVAILABLE_IN_ALL
gboolean gq_widget_has_bound_observer (GtkWidget      *widget,
                                       GqQueryObserver *observer);

G_END_DECLS
