/* gq-infinite-list-model.h
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

#define GQ_TYPE_INFINITE_LIST_MODEL (gq_infinite_list_model_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqInfiniteListModel, gq_infinite_list_model, GQ, INFINITE_LIST_MODEL, GObject)

GQ_AVAILABLE_IN_ALL
GqInfiniteListModel     *gq_infinite_list_model_new              (GqInfiniteQueryObserver *observer,
                                                                  const char              *items_member);
GQ_AVAILABLE_IN_ALL
GqInfiniteQueryObserver *gq_infinite_list_model_get_observer     (GqInfiniteListModel     *self);
GQ_AVAILABLE_IN_ALL
const char              *gq_infinite_list_model_get_items_member (GqInfiniteListModel     *self);
GQ_AVAILABLE_IN_ALL
guint                    gq_infinite_list_model_get_load_ahead   (GqInfiniteListModel     *self);
GQ_AVAILABLE_IN_ALL
void                     gq_infinite_list_model_set_load_ahead   (GqInfiniteListModel     *self,
                                                                  guint                    load_ahead);
GQ_AVAILABLE_IN_ALL
gboolean                 gq_infinite_list_model_get_has_more     (GqInfiniteListModel     *self);
GQ_AVAILABLE_IN_ALL
gboolean                 gq_infinite_list_model_get_loading_more (GqInfiniteListModel     *self);
GQ_AVAILABLE_IN_ALL
guint                    gq_infinite_list_model_get_n_pages      (GqInfiniteListModel     *self);
GQ_AVAILABLE_IN_ALL
GtkAdjustment           *gq_infinite_list_model_get_vadjustment  (GqInfiniteListModel     *self);
GQ_AVAILABLE_IN_ALL
void                     gq_infinite_list_model_set_vadjustment  (GqInfiniteListModel     *self,
                                                                  GtkAdjustment           *adjustment);
GQ_AVAILABLE_IN_ALL
gboolean                 gq_infinite_list_model_load_more        (GqInfiniteListModel     *self);

G_END_DECLS
