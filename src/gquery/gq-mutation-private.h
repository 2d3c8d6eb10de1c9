/* gq-mutation-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-mutation.h"

G_BEGIN_DECLS

/* TanStack's mutation actions. */
typedef enum
{
  GQ_MUTATION_ACTION_PENDING,
  GQ_MUTATION_ACTION_FAILED,
  GQ_MUTATION_ACTION_PAUSE,
  GQ_MUTATION_ACTION_CONTINUE,
  GQ_MUTATION_ACTION_SUCCESS,
  GQ_MUTATION_ACTION_ERROR,
} GqMutationAction;

/* @options are defaulted; @state (nullable) restores a mutation, such as
 * a paused one that was persisted. */
GqMutation *_gq_mutation_new             (GqQueryClient      *client,
                                          GqMutationCache    *cache,
                                          guint               mutation_id,
                                          GqMutationOptions  *options,
                                          GqMutationState    *state);
void        _gq_mutation_set_options     (GqMutation         *self,
                                          GqMutationOptions  *options);
/* TanStack's mutation.execute (variables): @waiter (nullable) is completed
 * with the data or the error once every callback ran. */
void        _gq_mutation_execute         (GqMutation         *self,
                                          JsonNode           *variables,
                                          GTask              *waiter);
/* TanStack's mutation.continue (): resumes a paused mutation, runs a
 * restored pending one; @waiter (nullable) completes when it settles, at
 * once for a mutation that is not pending. */
void        _gq_mutation_continue        (GqMutation         *self,
                                          GTask              *waiter);
void        _gq_mutation_add_observer    (GqMutation         *self,
                                          GqMutationObserver *observer);
void        _gq_mutation_remove_observer (GqMutation         *self,
                                          GqMutationObserver *observer);
void        _gq_mutation_schedule_gc     (GqMutation         *self);
/* Out of the cache: no more gc. */
void        _gq_mutation_destroy         (GqMutation         *self);

G_END_DECLS
