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

G_END_DECLS
