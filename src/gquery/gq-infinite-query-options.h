/* gq-infinite-query-options.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-query-options.h"

G_BEGIN_DECLS

/**
 * GqPageParamFunc:
 * @page: the last page (for the next page) or the first page (for the
 *   previous page)
 * @all_pages: every page, a JSON array
 * @page_param: the page parameter @page was fetched with
 * @all_page_params: every page parameter, a JSON array parallel to
 *   @all_pages
 * @user_data: the data given with the function
 *
 * Computes the page parameter of the page after the last one, or before
 * the first one, of an infinite query: TanStack Query's
 * `getNextPageParam` and `getPreviousPageParam`. The nodes belong to the
 * engine: do not change them. @page and @page_param are sealed; so are
 * @all_pages and @all_page_params, except while a first load or a
 * refetch fetches its pages one after the other: then they are the
 * arrays the engine is filling (sealed once the last page is in), to
 * read during the call only.
 *
 * Returns: (transfer full) (nullable): the parameter of the page to
 *   fetch, or %NULL (or a JSON null) when there is no such page
 */
typedef JsonNode *(*GqPageParamFunc) (JsonNode *page,
                                      JsonNode *all_pages,
                                      JsonNode *page_param,
                                      JsonNode *all_page_params,
                                      gpointer  user_data);

#define GQ_TYPE_INFINITE_QUERY_OPTIONS (gq_infinite_query_options_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqInfiniteQueryOptions, gq_infinite_query_options, GQ, INFINITE_QUERY_OPTIONS, GqQueryOptions)

GQ_AVAILABLE_IN_ALL
GqInfiniteQueryOptions *gq_infinite_query_options_new                       (JsonNode               *query_key,
                                                                             JsonNode               *initial_page_param);
GQ_AVAILABLE_IN_ALL
JsonNode               *gq_infinite_query_options_get_initial_page_param    (GqInfiniteQueryOptions *self);
GQ_AVAILABLE_IN_ALL
void                    gq_infinite_query_options_set_initial_page_param    (GqInfiniteQueryOptions *self,
                                                                             JsonNode               *initial_page_param);
GQ_AVAILABLE_IN_ALL
guint                   gq_infinite_query_options_get_max_pages             (GqInfiniteQueryOptions *self);
GQ_AVAILABLE_IN_ALL
void                    gq_infinite_query_options_set_max_pages             (GqInfiniteQueryOptions *self,
                                                                             guint                   max_pages);
GQ_AVAILABLE_IN_ALL
guint                   gq_infinite_query_options_get_pages                 (GqInfiniteQueryOptions *self);
GQ_AVAILABLE_IN_ALL
void                    gq_infinite_query_options_set_pages                 (GqInfiniteQueryOptions *self,
                                                                             guint                   pages);
GQ_AVAILABLE_IN_ALL
GqRefetchPages          gq_infinite_query_options_get_refetch_pages         (GqInfiniteQueryOptions *self);
GQ_AVAILABLE_IN_ALL
void                    gq_infinite_query_options_set_refetch_pages         (GqInfiniteQueryOptions *self,
                                                                             GqRefetchPages          refetch_pages);
GQ_AVAILABLE_IN_ALL
void                    gq_infinite_query_options_set_get_next_page_param_func     (GqInfiniteQueryOptions *self,
                                                                                    GqPageParamFunc         func,
                                                                                    gpointer                user_data,
                                                                                    GDestroyNotify          destroy);
GQ_AVAILABLE_IN_ALL
void                    gq_infinite_query_options_set_get_previous_page_param_func (GqInfiniteQueryOptions *self,
                                                                                    GqPageParamFunc         func,
                                                                                    gpointer                user_data,
                                                                                    GDestroyNotify          destroy);

G_END_DECLS
