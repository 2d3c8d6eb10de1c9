/* gq-mutation-filters-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-mutation-filters.h"

G_BEGIN_DECLS

/* Whether exact was set explicitly, even to FALSE. */
gboolean           _gq_mutation_filters_has_exact (GqMutationFilters *self);
/* A copy of @self (nullable: new empty filters), predicate shared. */
GqMutationFilters *_gq_mutation_filters_copy      (GqMutationFilters *self);

G_END_DECLS
