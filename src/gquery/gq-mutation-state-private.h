/* gq-mutation-state-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-mutation-state.h"

G_BEGIN_DECLS

/* A snapshot: never changed once a mutation has published it. */
struct _GqMutationState
{
  gatomicrefcount   ref_count;

  GqMutationStatus  status;
  JsonNode         *data;             /* NULL: no data (undefined) */
  GError           *error;
  JsonNode         *variables;        /* NULL: none (undefined) */
  JsonNode         *context;          /* NULL: none (undefined) */
  guint             failure_count;
  GError           *failure_reason;
  gboolean          is_paused;
  gint64            submitted_at;
  char             *idempotency_key;  /* a GRefString, shared by copies */
};

/* The idle state of a new mutation, with a fresh idempotency key. */
GqMutationState *_gq_mutation_state_new  (void);
GqMutationState *_gq_mutation_state_copy (GqMutationState *self);
/* Setters of an unpublished copy: they take a new reference / copy of the
 * value; NULL clears. JSON values are sealed. */
void             _gq_mutation_state_set_data           (GqMutationState *self,
                                                        JsonNode        *data);
void             _gq_mutation_state_set_variables      (GqMutationState *self,
                                                        JsonNode        *variables);
void             _gq_mutation_state_set_context        (GqMutationState *self,
                                                        JsonNode        *context);
void             _gq_mutation_state_set_error          (GqMutationState *self,
                                                        const GError    *error);
void             _gq_mutation_state_set_failure_reason (GqMutationState *self,
                                                        const GError    *error);
void             _gq_mutation_state_set_idempotency_key (GqMutationState *self,
                                                         const char      *key);

G_END_DECLS
