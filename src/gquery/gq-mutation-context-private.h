/* gq-mutation-context-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-mutation-context.h"

G_BEGIN_DECLS

/* @data is NULL for a mutation that resolved without data (TanStack's
 * undefined), and when @error is set. */
typedef void (*GqMutationDoneFunc) (GqMutationContext *context,
                                    JsonNode          *data,
                                    const GError      *error,
                                    gpointer           user_data);

/* The completion is delivered to @done on the thread-default main context
 * of the caller, in a later iteration. */
GqMutationContext *_gq_mutation_context_new     (GqQueryClient      *client,
                                                 JsonNode           *variables,
                                                 JsonNode           *mutation_key,
                                                 JsonNode           *meta,
                                                 const char         *idempotency_key,
                                                 GqMutationDoneFunc  done,
                                                 gpointer            done_data);
/* The engine no longer waits for this attempt: cancels the cancellable and
 * drops the done callback, so a late completion is ignored. */
void               _gq_mutation_context_abandon (GqMutationContext  *self);

G_END_DECLS
