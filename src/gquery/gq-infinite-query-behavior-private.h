/* gq-infinite-query-behavior-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-fetch-context-private.h"
#include "gq-infinite-query-options.h"

G_BEGIN_DECLS

/* Infinite data is {"pages": [...], "pageParams": [...]}. */

/* Reads @data (nullable) as infinite data. Data without a "pages" array
 * has no pages (TanStack's `data?.pages || []`): TRUE with *pages and
 * *page_params NULL. A "pages" array without a "pageParams" array of the
 * same length is malformed: FALSE with @error set. Otherwise TRUE with
 * the two arrays (transfer none), possibly empty. */
gboolean  _gq_infinite_data_read             (JsonNode                *data,
                                              const char              *query_hash,
                                              JsonNode               **pages,
                                              JsonNode               **page_params,
                                              GError                 **error);
/* TanStack's hasNextPage (FORWARD) and hasPreviousPage (BACKWARD):
 * @data has pages and the page-param function gives a parameter.
 * @options may be NULL (no function: FALSE). */
gboolean  _gq_infinite_data_has_page         (GqInfiniteQueryOptions  *options,
                                              JsonNode                *data,
                                              GqFetchDirection         direction);

/* The fetch meta of fetch_next_page / fetch_previous_page,
 * {"fetchMore": {"direction": "forward" | "backward"}}, and back. */
JsonNode         *_gq_infinite_fetch_meta_new       (GqFetchDirection  direction);
GqFetchDirection  _gq_infinite_fetch_meta_direction (JsonNode         *meta);

/* TanStack's infiniteQueryBehavior: the fetch function of an infinite
 * query. One lives for one fetch of a query, across the retries of that
 * fetch: a retry goes on from the page that failed, keeping the pages
 * fetched before it. */
typedef struct _GqInfiniteBehavior GqInfiniteBehavior;

/* @options: the query's options at the start of the fetch (plain options
 * of a query made infinite by other options work as infinite options with
 * nothing set); @old_data: the query's data then (nullable); @direction:
 * the fetch meta's direction, NONE for a refetch or first load. */
GqInfiniteBehavior *_gq_infinite_behavior_new  (GqQueryClient      *client,
                                                JsonNode           *query_key,
                                                const char         *query_hash,
                                                GqQueryOptions     *options,
                                                JsonNode           *old_data,
                                                GqFetchDirection    direction);
/* Abandons the page in flight, if any. */
void                _gq_infinite_behavior_free (GqInfiniteBehavior *self);
/* One attempt: returns (transfer full) a fetch context that completes,
 * through @done, with the new data once every page is fetched, or with
 * the first page's error. The query function may be called before this
 * returns; whatever it does (even freeing @self), the returned context
 * stays valid. */
GqFetchContext     *_gq_infinite_behavior_run  (GqInfiniteBehavior *self,
                                                GqFetchDoneFunc     done,
                                                gpointer            done_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqInfiniteBehavior, _gq_infinite_behavior_free)

G_END_DECLS
