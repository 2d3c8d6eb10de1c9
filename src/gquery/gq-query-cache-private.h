/* gq-query-cache-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-query-cache.h"

G_BEGIN_DECLS

/* Finds the query for @options (defaulted: key and hash set) or adds one. */
GqQuery *_gq_query_cache_build  (GqQueryCache     *self,
                                 GqQueryClient    *client,
                                 GqQueryOptions   *options,
                                 GqQueryState     *state);
/* gq_query_cache_get (self, gq_key_hash (key)), without allocating. */
GqQuery *_gq_query_cache_get_by_key (GqQueryCache *self,
                                     JsonNode     *query_key);
void     _gq_query_cache_notify (GqQueryCache     *self,
                                 GqCacheEventType  type,
                                 GqQuery          *query,
                                 GObject          *observer);
/* Changes whenever a query is added or removed. */
guint64  _gq_query_cache_get_generation (GqQueryCache *self);
/* Whether a handler listens to the cache's events. */
gboolean _gq_query_cache_has_listeners (GqQueryCache *self);
/* _gq_query_cache_notify() for a caller that checked for listeners. */
void     _gq_query_cache_emit   (GqQueryCache     *self,
                                 GqCacheEventType  type,
                                 GqQuery          *query,
                                 GObject          *observer);
/* Every query built for the cache is tracked while it lives, in or out of
 * the cache, through its @link, so that it hears when its client or the
 * cache goes. */
void     _gq_query_cache_track     (GqQueryCache  *self,
                                    GqQuery       *query,
                                    GqQueryClient *client,
                                    GList         *link);
void     _gq_query_cache_untrack   (GqQueryCache  *self,
                                    GList         *link);
void     _gq_query_cache_on_focus  (GqQueryCache  *self);
void     _gq_query_cache_on_online (GqQueryCache  *self);

G_END_DECLS
