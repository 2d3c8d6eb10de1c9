/* gq-devtools-private.h: what the UI tests and the devtools' parts reach
 * inside the devtools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-devtools.h"
#include "gq-devtools-item-private.h"

G_BEGIN_DECLS

/* The rows the queries view shows, filtered and sorted. */
GListModel *_gq_devtools_get_query_rows     (GqDevtools       *self);
GListModel *_gq_devtools_get_mutation_rows  (GqDevtools       *self);
GListModel *_gq_devtools_get_timeline_rows  (GqDevtools       *self);
/* The data tree of the selected query. */
GListModel *_gq_devtools_get_data_rows      (GqDevtools       *self);
guint       _gq_devtools_get_status_count   (GqDevtools       *self,
                                             GqDevtoolsStatus  status);
/* A widget of the template by its id ("refetch_button", ...); the parts
 * take theirs with it too. */
GtkWidget  *_gq_devtools_get_part           (GqDevtools       *self,
                                             const char       *name);
/* The text the details show for a state field ("Status", ...). */
const char *_gq_devtools_get_field          (GqDevtools       *self,
                                             const char       *field);
/* Applies the pending cache events now instead of on the next idle. */
void        _gq_devtools_flush              (GqDevtools       *self);
/* Whether events wait for a flush. */
gboolean    _gq_devtools_has_pending        (GqDevtools       *self);

/* Between the devtools' parts */

/* The selected query, %NULL if none or when it left the cache. */
GqQuery    *_gq_devtools_get_selected_query_object (GqDevtools     *self);
/* Emits ::devtools-action. */
void        _gq_devtools_emit_action        (GqDevtools       *self,
                                             const char       *type,
                                             const char       *query_hash);
/* The user selected a row of the queries view. */
void        _gq_devtools_query_selected     (GqDevtools       *self);
/* The Remove action: removes the queries of @filters, the one of
 * @query_hash shown as removed by the devtools, and unselects it. */
void        _gq_devtools_remove_queries     (GqDevtools       *self,
                                             const char       *query_hash,
                                             GqQueryFilters   *filters);

G_END_DECLS
