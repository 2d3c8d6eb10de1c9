/* gq-mutation-context.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_MUTATION_CONTEXT (gq_mutation_context_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqMutationContext, gq_mutation_context, GQ, MUTATION_CONTEXT, GObject)

GQ_AVAILABLE_IN_ALL
JsonNode      *gq_mutation_context_get_variables       (GqMutationContext *self);
GQ_AVAILABLE_IN_ALL
JsonNode      *gq_mutation_context_get_mutation_key    (GqMutationContext *self);
GQ_AVAILABLE_IN_ALL
JsonNode      *gq_mutation_context_get_meta            (GqMutationContext *self);
GQ_AVAILABLE_IN_ALL
const char    *gq_mutation_context_get_idempotency_key (GqMutationContext *self);
GQ_AVAILABLE_IN_ALL
GCancellable  *gq_mutation_context_get_cancellable     (GqMutationContext *self);
GQ_AVAILABLE_IN_ALL
GqQueryClient *gq_mutation_context_get_client          (GqMutationContext *self);
GQ_AVAILABLE_IN_ALL
void           gq_mutation_context_resolve             (GqMutationContext *self,
                                                        JsonNode          *data);
GQ_AVAILABLE_IN_ALL
void           gq_mutation_context_reject              (GqMutationContext *self,
                                                        GError            *error);
GQ_AVAILABLE_IN_ALL
void           gq_mutation_context_reject_literal      (GqMutationContext *self,
                                                        GQuark             domain,
                                                        int                code,
                                                        const char        *message);
GQ_AVAILABLE_IN_ALL
gboolean       gq_mutation_context_is_completed        (GqMutationContext *self);

G_END_DECLS
