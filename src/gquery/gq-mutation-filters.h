/* gq-mutation-filters.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

/**
 * GqMutationPredicate:
 * @mutation: the mutation
 * @user_data: the data given with the function
 *
 * Tests a mutation.
 *
 * Returns: %TRUE if @mutation passes
 */
typedef gboolean (*GqMutationPredicate) (GqMutation *mutation,
                                         gpointer    user_data);

#define GQ_TYPE_MUTATION_FILTERS (gq_mutation_filters_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqMutationFilters, gq_mutation_filters, GQ, MUTATION_FILTERS, GObject)

GQ_AVAILABLE_IN_ALL
GqMutationFilters *gq_mutation_filters_new              (JsonNode            *mutation_key);
GQ_AVAILABLE_IN_ALL
JsonNode          *gq_mutation_filters_get_mutation_key (GqMutationFilters   *self);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_filters_set_mutation_key (GqMutationFilters   *self,
                                                         JsonNode            *mutation_key);
GQ_AVAILABLE_IN_ALL
gboolean           gq_mutation_filters_get_exact        (GqMutationFilters   *self);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_filters_set_exact        (GqMutationFilters   *self,
                                                         gboolean             exact);
GQ_AVAILABLE_IN_ALL
gboolean           gq_mutation_filters_lookup_status    (GqMutationFilters   *self,
                                                         GqMutationStatus    *status);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_filters_set_status       (GqMutationFilters   *self,
                                                         GqMutationStatus     status);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_filters_set_predicate    (GqMutationFilters   *self,
                                                         GqMutationPredicate  predicate,
                                                         gpointer             user_data,
                                                         GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
gboolean           gq_mutation_filters_matches          (GqMutationFilters   *self,
                                                         GqMutation          *mutation);

G_END_DECLS
