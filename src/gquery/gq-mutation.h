/* gq-mutation.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_MUTATION (gq_mutation_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqMutation, gq_mutation, GQ, MUTATION, GObject)

GQ_AVAILABLE_IN_ALL
guint              gq_mutation_get_mutation_id     (GqMutation *self);
GQ_AVAILABLE_IN_ALL
GqMutationState   *gq_mutation_get_state           (GqMutation *self);
GQ_AVAILABLE_IN_ALL
GqMutationStatus   gq_mutation_get_status          (GqMutation *self);
GQ_AVAILABLE_IN_ALL
GqMutationOptions *gq_mutation_get_options         (GqMutation *self);
GQ_AVAILABLE_IN_ALL
JsonNode          *gq_mutation_get_mutation_key    (GqMutation *self);
GQ_AVAILABLE_IN_ALL
const char        *gq_mutation_get_scope_id        (GqMutation *self);
GQ_AVAILABLE_IN_ALL
JsonNode          *gq_mutation_get_meta            (GqMutation *self);
GQ_AVAILABLE_IN_ALL
const char        *gq_mutation_get_idempotency_key (GqMutation *self);
GQ_AVAILABLE_IN_ALL
GqQueryClient     *gq_mutation_get_client          (GqMutation *self);
GQ_AVAILABLE_IN_ALL
guint              gq_mutation_get_observer_count  (GqMutation *self);

G_END_DECLS
