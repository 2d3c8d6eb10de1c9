/* gq-hydration.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"
#include "gq-dehydrate-options.h"
#include "gq-hydrate-options.h"

G_BEGIN_DECLS

GQ_AVAILABLE_IN_ALL
JsonNode *gq_dehydrate                         (GqQueryClient       *client,
                                                GqDehydrateOptions  *options);
GQ_AVAILABLE_IN_ALL
JsonNode *gq_dehydrate_query                   (GqQuery             *query,
                                                GqDehydrateOptions  *options);
GQ_AVAILABLE_IN_ALL
gboolean  gq_hydrate                           (GqQueryClient       *client,
                                                JsonNode            *state,
                                                GqHydrateOptions    *options,
                                                GError             **error);
GQ_AVAILABLE_IN_ALL
gboolean  gq_default_should_dehydrate_query    (GqQuery             *query);
GQ_AVAILABLE_IN_ALL
gboolean  gq_default_should_dehydrate_mutation (GqMutation          *mutation);

G_END_DECLS
