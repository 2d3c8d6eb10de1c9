/* gq-query-cache.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_QUERY_CACHE (gq_query_cache_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqQueryCache, gq_query_cache, GQ, QUERY_CACHE, GObject)

GQ_AVAILABLE_IN_ALL
GqQueryCache *gq_query_cache_new      (void);
GQ_AVAILABLE_IN_ALL
GqQuery      *gq_query_cache_get      (GqQueryCache   *self,
                                       const char     *query_hash);
GQ_AVAILABLE_IN_ALL
GqQuery      *gq_query_cache_find     (GqQueryCache   *self,
                                       GqQueryFilters *filters);
GQ_AVAILABLE_IN_ALL
GPtrArray    *gq_query_cache_find_all (GqQueryCache   *self,
                                       GqQueryFilters *filters);
GQ_AVAILABLE_IN_ALL
GPtrArray    *gq_query_cache_get_all  (GqQueryCache   *self);
GQ_AVAILABLE_IN_ALL
guint         gq_query_cache_get_size (GqQueryCache   *self);
GQ_AVAILABLE_IN_ALL
void          gq_query_cache_remove   (GqQueryCache   *self,
                                       GqQuery        *query);
GQ_AVAILABLE_IN_ALL
void          gq_query_cache_clear    (GqQueryCache   *self);

G_END_DECLS
