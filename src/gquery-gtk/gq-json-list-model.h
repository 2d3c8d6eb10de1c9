/* gq-json-list-model.h
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

#define GQ_TYPE_JSON_LIST_MODEL (gq_json_list_model_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqJsonListModel, gq_json_list_model, GQ, JSON_LIST_MODEL, GObject)

GQ_AVAILABLE_IN_ALL
GqJsonListModel *gq_json_list_model_new          (void);
GQ_AVAILABLE_IN_ALL
JsonNode        *gq_json_list_model_get_array    (GqJsonListModel *self);
GQ_AVAILABLE_IN_ALL
void             gq_json_list_model_set_array    (GqJsonListModel *self,
                                                  JsonNode        *array);
GQ_AVAILABLE_IN_ALL
gboolean         gq_json_list_model_get_is_array (GqJsonListModel *self);

G_END_DECLS
