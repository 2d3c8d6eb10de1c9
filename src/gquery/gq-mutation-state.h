/* gq-mutation-state.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_MUTATION_STATE (gq_mutation_state_get_type ())

GQ_AVAILABLE_IN_ALL
GType             gq_mutation_state_get_type            (void) G_GNUC_CONST;
GQ_AVAILABLE_IN_ALL
GqMutationState  *gq_mutation_state_ref                 (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
void              gq_mutation_state_unref               (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
GqMutationStatus  gq_mutation_state_get_status          (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_mutation_state_get_data            (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
const GError     *gq_mutation_state_get_error           (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_mutation_state_get_variables       (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_mutation_state_get_context         (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
guint             gq_mutation_state_get_failure_count   (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
const GError     *gq_mutation_state_get_failure_reason  (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
gboolean          gq_mutation_state_get_is_paused       (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
gint64            gq_mutation_state_get_submitted_at    (GqMutationState *self);
GQ_AVAILABLE_IN_ALL
const char       *gq_mutation_state_get_idempotency_key (GqMutationState *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqMutationState, gq_mutation_state_unref)

G_END_DECLS
