/* gq-fetch-context-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-fetch-context.h"

G_BEGIN_DECLS

typedef void (*GqFetchDoneFunc) (GqFetchContext *context,
                                 JsonNode       *data,
                                 const GError   *error,
                                 gpointer        user_data);

GqFetchContext *_gq_fetch_context_new                (GqQueryClient    *client,
                                                      JsonNode         *query_key,
                                                      const char       *query_hash,
                                                      JsonNode         *meta,
                                                      JsonNode         *page_param,
                                                      GqFetchDirection  direction,
                                                      GqFetchDoneFunc   done,
                                                      gpointer          done_data);
/* One page of an infinite query's @attempt: the attempt's client, key,
 * hash and meta, and its very cancellable; asking a page for the
 * cancellable counts as asking the attempt. */
GqFetchContext *_gq_fetch_context_new_page           (GqFetchContext   *attempt,
                                                      JsonNode         *page_param,
                                                      GqFetchDirection  direction,
                                                      GqFetchDoneFunc   done,
                                                      gpointer          done_data);
/* The engine no longer waits for this attempt: cancels the cancellable and
 * drops the done callback, so a late completion is ignored. */
void            _gq_fetch_context_abandon            (GqFetchContext   *self);
gboolean        _gq_fetch_context_is_abandoned       (GqFetchContext   *self);
/* TanStack's "signal consumed": the query function asked for the
 * cancellable, so it can honour cancellation. */
gboolean        _gq_fetch_context_cancellable_used   (GqFetchContext   *self);

G_END_DECLS
