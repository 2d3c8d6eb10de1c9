/* gq-json-item.h
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

#define GQ_TYPE_JSON_ITEM (gq_json_item_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqJsonItem, gq_json_item, GQ, JSON_ITEM, GObject)

GQ_AVAILABLE_IN_ALL
GqJsonItem    *gq_json_item_new             (JsonNode      *node);
GQ_AVAILABLE_IN_ALL
JsonNode      *gq_json_item_get_node        (GqJsonItem    *self);
GQ_AVAILABLE_IN_ALL
const char    *gq_json_item_get_id          (GqJsonItem    *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_json_item_has_member      (GqJsonItem    *self,
                                             const char    *member);
GQ_AVAILABLE_IN_ALL
char          *gq_json_item_dup_string      (GqJsonItem    *self,
                                             const char    *member);
GQ_AVAILABLE_IN_ALL
gint64         gq_json_item_get_int         (GqJsonItem    *self,
                                             const char    *member,
                                             gint64         fallback);
GQ_AVAILABLE_IN_ALL
double         gq_json_item_get_double      (GqJsonItem    *self,
                                             const char    *member,
                                             double         fallback);
GQ_AVAILABLE_IN_ALL
gboolean       gq_json_item_get_boolean     (GqJsonItem    *self,
                                             const char    *member,
                                             gboolean       fallback);
GQ_AVAILABLE_IN_ALL
char          *gq_json_item_closure_dup_string (gpointer    this_object,
                                                GqJsonItem *item,
                                                const char *member);
GQ_AVAILABLE_IN_ALL
GtkExpression *gq_json_item_expression_new  (GtkExpression *item_expression,
                                             const char    *member);

G_END_DECLS
