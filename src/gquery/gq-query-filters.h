/* gq-query-filters.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_QUERY_FILTERS (gq_query_filters_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqQueryFilters, gq_query_filters, GQ, QUERY_FILTERS, GObject)

GQ_AVAILABLE_IN_ALL
GqQueryFilters *gq_query_filters_new                 (JsonNode         *query_key);
GQ_AVAILABLE_IN_ALL
GqQueryFilters *gq_query_filters_new_exact           (JsonNode         *query_key);
GQ_AVAILABLE_IN_ALL
JsonNode       *gq_query_filters_get_query_key       (GqQueryFilters   *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_filters_set_query_key       (GqQueryFilters   *self,
                                                      JsonNode         *query_key);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_filters_get_exact           (GqQueryFilters   *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_filters_set_exact           (GqQueryFilters   *self,
                                                      gboolean          exact);
GQ_AVAILABLE_IN_ALL
GqQueryType     gq_query_filters_get_query_type      (GqQueryFilters   *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_filters_set_query_type      (GqQueryFilters   *self,
                                                      GqQueryType       type);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_filters_lookup_stale        (GqQueryFilters   *self,
                                                      gboolean         *stale);
GQ_AVAILABLE_IN_ALL
void            gq_query_filters_set_stale           (GqQueryFilters   *self,
                                                      gboolean          stale);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_filters_lookup_fetch_status (GqQueryFilters   *self,
                                                      GqFetchStatus    *fetch_status);
GQ_AVAILABLE_IN_ALL
void            gq_query_filters_set_fetch_status    (GqQueryFilters   *self,
                                                      GqFetchStatus     fetch_status);
GQ_AVAILABLE_IN_ALL
GqRefetchType   gq_query_filters_get_refetch_type    (GqQueryFilters   *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_filters_set_refetch_type    (GqQueryFilters   *self,
                                                      GqRefetchType     refetch_type);
GQ_AVAILABLE_IN_ALL
void            gq_query_filters_set_predicate       (GqQueryFilters   *self,
                                                      GqQueryPredicate  predicate,
                                                      gpointer          user_data,
                                                      GDestroyNotify    destroy);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_filters_matches             (GqQueryFilters   *self,
                                                      GqQuery          *query);

G_END_DECLS
