/* gq-infinite-query-options-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-infinite-query-options.h"

G_BEGIN_DECLS

/* The infinite half of _gq_query_options_apply () and
 * _gq_query_options_shallow_equal (). */
void      _gq_infinite_query_options_apply          (GqInfiniteQueryOptions *self,
                                                     GqInfiniteQueryOptions *over);
gboolean  _gq_infinite_query_options_shallow_equal  (GqInfiniteQueryOptions *a,
                                                     GqInfiniteQueryOptions *b);
/* gq_query_options_is_set () for the infinite options: FALSE if @name
 * (dash-separated) is none of them. */
gboolean  _gq_infinite_query_options_lookup_set     (GqInfiniteQueryOptions *self,
                                                     const char             *name,
                                                     gboolean               *is_set);

gboolean  _gq_infinite_query_options_has_page_param_func (GqInfiniteQueryOptions *self,
                                                          GqFetchDirection        direction);
/* Calls get-next-page-param (FORWARD) or get-previous-page-param
 * (BACKWARD) on @data's pages, which must hold at least one. Returns
 * (transfer full) the sealed parameter, NULL when there is no such page
 * (the function returned NULL or JSON null, or is not set). */
JsonNode *_gq_infinite_query_options_call_page_param    (GqInfiniteQueryOptions *self,
                                                         GqFetchDirection        direction,
                                                         JsonNode               *pages,
                                                         JsonNode               *page_params);

G_END_DECLS
