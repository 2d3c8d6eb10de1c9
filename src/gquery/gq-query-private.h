/* gq-query-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-query.h"

G_BEGIN_DECLS

GqQuery  *_gq_query_new             (GqQueryClient   *client,
                                     GqQueryCache    *cache,
                                     JsonNode        *query_key,
                                     const char      *query_hash,
                                     GqQueryOptions  *options,
                                     GqQueryState    *state);
void      _gq_query_set_options     (GqQuery         *self,
                                     GqQueryOptions  *options);
JsonNode *_gq_query_set_data        (GqQuery         *self,
                                     JsonNode        *data,
                                     gint64           updated_at,
                                     gboolean         manual);
/* TanStack's query.fetch (options, {cancelRefetch, meta}): @options
 * nullable; @waiter nullable, completed with the fetch's data or error;
 * @meta nullable (the fetch meta, e.g. the page direction). */
void      _gq_query_fetch           (GqQuery         *self,
                                     GqQueryOptions  *options,
                                     gboolean         cancel_refetch,
                                     JsonNode        *meta,
                                     GTask           *waiter);
void      _gq_query_cancel          (GqQuery         *self,
                                     gboolean         revert,
                                     gboolean         silent);
void      _gq_query_invalidate      (GqQuery         *self);
void      _gq_query_reset           (GqQuery         *self);
void      _gq_query_destroy         (GqQuery         *self);
void      _gq_query_add_observer    (GqQuery         *self,
                                     GqQueryObserver *observer);
void      _gq_query_remove_observer (GqQuery         *self,
                                     GqQueryObserver *observer);
void      _gq_query_on_focus        (GqQuery         *self);
void      _gq_query_on_online       (GqQuery         *self);
gboolean  _gq_query_is_fetched      (GqQuery         *self);
/* Fetched as an infinite query at least once (TanStack's queryType). */
gboolean  _gq_query_is_infinite     (GqQuery         *self);
void      _gq_query_schedule_gc     (GqQuery         *self);
GqQueryState *_gq_query_default_state (GqQueryOptions *options,
                                       gint64          now);
/* TanStack's query.setState (state): publishes @state as it is. */
void          _gq_query_set_state     (GqQuery        *self,
                                       GqQueryState   *state);
/* The reason the next _gq_query_fetch() gives a fetch it starts; it falls
 * back to %GQ_FETCH_REASON_MANUAL after each call. */
void          _gq_query_set_next_fetch_reason (GqQuery       *self,
                                               GqFetchReason  reason);

/* The time on the query's scheduler. */
gint64        _gq_query_now           (GqQuery        *self);
/* Called by the cache that built the query, instead of weak pointers. */
void      _gq_query_forget_owners   (GqQuery         *self,
                                     GqQueryClient   *client_gone,
                                     gboolean         cache_gone);

G_END_DECLS
