/* gq-mutation-result.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_MUTATION_RESULT (gq_mutation_result_get_type ())

GQ_AVAILABLE_IN_ALL
GType             gq_mutation_result_get_type           (void) G_GNUC_CONST;
GQ_AVAILABLE_IN_ALL
GqMutationResult *gq_mutation_result_ref                (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
void              gq_mutation_result_unref              (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
GqMutationStatus  gq_mutation_result_get_status         (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_mutation_result_get_data           (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
const GError     *gq_mutation_result_get_error          (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_mutation_result_get_variables      (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_mutation_result_get_context        (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
guint             gq_mutation_result_get_failure_count  (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
const GError     *gq_mutation_result_get_failure_reason (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
gboolean          gq_mutation_result_get_is_paused      (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
gint64            gq_mutation_result_get_submitted_at   (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
gboolean          gq_mutation_result_get_is_idle        (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
gboolean          gq_mutation_result_get_is_pending     (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
gboolean          gq_mutation_result_get_is_success     (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
gboolean          gq_mutation_result_get_is_error       (GqMutationResult *self);
GQ_AVAILABLE_IN_ALL
gboolean          gq_mutation_result_equal              (GqMutationResult *a,
                                                         GqMutationResult *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqMutationResult, gq_mutation_result_unref)

G_END_DECLS
