/* gq-query-client-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-query-client.h"

G_BEGIN_DECLS

/* TanStack's defaultQueryOptions: client defaults, then the key's query
 * defaults, then @options; the query hash computed. Returns a new ref;
 * options that are already defaulted are returned as they are. */
GqQueryOptions *_gq_query_client_default_query_options (GqQueryClient  *self,
                                                        GqQueryOptions *options);

/* TanStack's defaultMutationOptions: client defaults, then the key's
 * mutation defaults, then @options. Returns a new ref. */
GqMutationOptions *_gq_query_client_default_mutation_options (GqQueryClient     *self,
                                                              GqMutationOptions *options);

G_END_DECLS
