/* gq-devtools-queries-private.h: the devtools' Queries list
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-devtools.h"
#include "gq-devtools-item-private.h"

G_BEGIN_DECLS

typedef struct _GqDevtoolsQueries GqDevtoolsQueries;

/* Takes its widgets from @devtools' template; tells @devtools when the
 * user selects a row. */
GqDevtoolsQueries *gq_devtools_queries_new               (GqDevtools        *devtools);
/* Drops the selection model, after the template is disposed. */
void               gq_devtools_queries_dispose           (GqDevtoolsQueries *self);
void               gq_devtools_queries_free              (GqDevtoolsQueries *self);

/* A query of @query_hash was added or removed. */
void               gq_devtools_queries_touch             (GqDevtoolsQueries *self,
                                                          const char        *query_hash);
/* A query of @query_hash was updated. */
void               gq_devtools_queries_mark_dirty        (GqDevtoolsQueries *self,
                                                          const char        *query_hash);
/* Whether an event for @query_hash waits for gq_devtools_queries_apply(). */
gboolean           gq_devtools_queries_is_pending        (GqDevtoolsQueries *self,
                                                          const char        *query_hash);
/* Applies the pending events to the rows; returns TRUE if the rows or
 * the counts changed. */
gboolean           gq_devtools_queries_apply             (GqDevtoolsQueries *self,
                                                          GqQueryCache      *cache);
/* Queries per GqDevtoolsStatus, GQ_DEVTOOLS_N_STATUSES of them. */
const guint       *gq_devtools_queries_get_counts        (GqDevtoolsQueries *self);

const char        *gq_devtools_queries_get_selected_hash (GqDevtoolsQueries *self);
/* The selected query, %NULL when it left the cache. */
GqQuery           *gq_devtools_queries_get_selected      (GqDevtoolsQueries *self);
/* Selects the row of @query_hash if one shows; remembers @query_hash
 * either way. */
void               gq_devtools_queries_select            (GqDevtoolsQueries *self,
                                                          const char        *query_hash);
void               gq_devtools_queries_unselect          (GqDevtoolsQueries *self);
/* The rows shown, filtered and sorted. */
GListModel        *gq_devtools_queries_get_rows          (GqDevtoolsQueries *self);

G_END_DECLS
