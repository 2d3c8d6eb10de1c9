/* gq-mutation-cache-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-mutation-cache.h"

G_BEGIN_DECLS

/* TanStack's build: a new mutation, with the next id, added to the cache
 * (and to its scope's queue). @options are defaulted; @state (nullable)
 * restores one. */
GqMutation        *_gq_mutation_cache_build     (GqMutationCache  *self,
                                                 GqQueryClient    *client,
                                                 GqMutationOptions *options,
                                                 GqMutationState  *state);
void               _gq_mutation_cache_notify    (GqMutationCache  *self,
                                                 GqCacheEventType  type,
                                                 GqMutation       *mutation,
                                                 GObject          *observer);
/* Scopes: a scoped mutation runs when no mutation before it in its scope
 * is pending; when one settles, the next paused one continues. */
gboolean           _gq_mutation_cache_can_run   (GqMutationCache  *self,
                                                 GqMutation       *mutation);
void               _gq_mutation_cache_run_next  (GqMutationCache  *self,
                                                 GqMutation       *mutation);
/* The cache-level callbacks, held as options. */
GqMutationOptions *_gq_mutation_cache_get_hooks (GqMutationCache  *self);
/* Whether a mutation is paused: resuming has something to wait for. */
gboolean           _gq_mutation_cache_has_paused (GqMutationCache *self);

G_END_DECLS
