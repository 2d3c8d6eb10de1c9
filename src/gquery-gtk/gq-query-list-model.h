/* gq-query-list-model.h
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

#define GQ_TYPE_QUERY_LIST_MODEL (gq_query_list_model_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqQueryListModel, gq_query_list_model, GQ, QUERY_LIST_MODEL, GObject)

GQ_AVAILABLE_IN_ALL
GqQueryListModel *gq_query_list_model_new              (GqQueryObserver  *observer,
                                                        const char       *items_member);
GQ_AVAILABLE_IN_ALL
GqQueryObserver  *gq_query_list_model_get_observer     (GqQueryListModel *self);
GQ_AVAILABLE_IN_ALL
const char       *gq_query_list_model_get_items_member (GqQueryListModel *self);
GQ_AVAILABLE_IN_ALL
gboolean          gq_query_list_model_get_is_array     (GqQueryListModel *self);

G_END_DECLS
