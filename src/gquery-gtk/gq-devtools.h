/* gq-devtools.h
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

#define GQ_TYPE_DEVTOOLS (gq_devtools_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqDevtools, gq_devtools, GQ, DEVTOOLS, GtkWidget)

GQ_AVAILABLE_IN_ALL
GtkWidget     *gq_devtools_new                  (GqQueryClient *client);
GQ_AVAILABLE_IN_ALL
GqQueryClient *gq_devtools_get_client           (GqDevtools    *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_devtools_get_compact          (GqDevtools    *self);
GQ_AVAILABLE_IN_ALL
void           gq_devtools_set_compact          (GqDevtools    *self,
                                                 gboolean       compact);
GQ_AVAILABLE_IN_ALL
void           gq_devtools_select_query         (GqDevtools    *self,
                                                 const char    *query_hash);
GQ_AVAILABLE_IN_ALL
const char    *gq_devtools_get_selected_query   (GqDevtools    *self);

G_END_DECLS
