/* gq-hydration-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-hydration.h"
#include "gq-mutation-filters.h"

G_BEGIN_DECLS

/* gq_dehydrate () whose built-in mutation filter, used when neither
 * @options nor the client's defaults set one, is @default_mutation_filter
 * (NULL: TanStack's, paused mutations). */
JsonNode *_gq_dehydrate_with_default (GqQueryClient       *client,
                                      GqDehydrateOptions  *options,
                                      GqMutationPredicate  default_mutation_filter);

/* A mutation that has not settled: running, paused or waiting for its
 * scope. What a persister keeps. */
gboolean  _gq_mutation_is_unsettled  (GqMutation          *mutation,
                                      gpointer             user_data);

G_END_DECLS
