/* gq-query-filters-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-query-filters.h"

G_BEGIN_DECLS

gboolean      _gq_query_filters_has_query_type        (GqQueryFilters *self);
/* Whether exact was set explicitly, even to FALSE. */
gboolean      _gq_query_filters_has_exact             (GqQueryFilters *self);
gboolean      _gq_query_filters_has_refetch_type      (GqQueryFilters *self);
gboolean      _gq_query_filters_has_predicate         (GqQueryFilters *self);
/* Whether @self (nullable) tests nothing but the key: what it matches
 * changes only with the queries in the cache. */
gboolean      _gq_query_filters_matches_only_keys     (GqQueryFilters *self);
/* Whether @query passes the type test of @self. */
gboolean      _gq_query_filters_matches_type          (GqQueryFilters *self,
                                                       GqQuery        *query);
/* TanStack's refetchType ?? type ?? 'active'. */
GqRefetchType _gq_query_filters_resolve_refetch_type  (GqQueryFilters *self);
/* A copy of @self (nullable: a new empty filter) with its type set. */
GqQueryFilters *_gq_query_filters_copy_with_type      (GqQueryFilters *self,
                                                       GqQueryType     type);
/* gq_query_filters_matches() for a @query whose key's first @known
 * elements are known to match those of the filter's key (not exact). */
gboolean      _gq_query_filters_matches_known_prefix  (GqQueryFilters *self,
                                                       GqQuery        *query,
                                                       guint           known);
G_END_DECLS
