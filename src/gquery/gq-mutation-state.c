/* gq-mutation-state.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-mutation-state.h"
#include "gq-mutation-state-private.h"

/**
 * GqMutationState:
 *
 * A snapshot of a [class@Gq.Mutation]: its status, variables, result or
 * error, the context its `on_mutate` callback returned, and its retries.
 *
 * A state is immutable once published: every change of a mutation
 * produces a new state.
 */

G_DEFINE_BOXED_TYPE (GqMutationState, gq_mutation_state, gq_mutation_state_ref, gq_mutation_state_unref)

GqMutationState *
_gq_mutation_state_new (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GqMutationState *self;

  self = g_new0 (GqMutationState, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->status = GQ_MUTATION_STATUS_IDLE;
  self->idempotency_key = g_ref_string_new (uuid);

  return self;
}

static JsonNode *
ref_sealed (JsonNode *node)
{
  if (node == NULL)
    return NULL;

  json_node_seal (node);

  return json_node_ref (node);
}

GqMutationState *
_gq_mutation_state_copy (GqMutationState *self)
{
  GqMutationState *copy;

  g_assert (self != NULL);

  copy = g_new0 (GqMutationState, 1);
  g_atomic_ref_count_init (&copy->ref_count);
  copy->status = self->status;
  copy->data = ref_sealed (self->data);
  copy->error = self->error ? g_error_copy (self->error) : NULL;
  copy->variables = ref_sealed (self->variables);
  copy->context = ref_sealed (self->context);
  copy->failure_count = self->failure_count;
  copy->failure_reason = self->failure_reason ? g_error_copy (self->failure_reason) : NULL;
  copy->is_paused = self->is_paused;
  copy->submitted_at = self->submitted_at;
  copy->idempotency_key = self->idempotency_key ? g_ref_string_acquire (self->idempotency_key) : NULL;

  return copy;
}

static void
gq_mutation_state_free (GqMutationState *self)
{
  g_clear_pointer (&self->data, json_node_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->variables, json_node_unref);
  g_clear_pointer (&self->context, json_node_unref);
  g_clear_error (&self->failure_reason);
  g_clear_pointer (&self->idempotency_key, g_ref_string_release);
  g_free (self);
}

/**
 * gq_mutation_state_ref:
 * @self: a state
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
GqMutationState *
gq_mutation_state_ref (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * gq_mutation_state_unref:
 * @self: (transfer full): a state
 *
 * Drops a reference on @self, freeing it when it was the last one.
 */
void
gq_mutation_state_unref (GqMutationState *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    gq_mutation_state_free (self);
}

/**
 * gq_mutation_state_get_status:
 * @self: a state
 *
 * Gets the status of the mutation.
 *
 * Returns: the status
 */
GqMutationStatus
gq_mutation_state_get_status (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, GQ_MUTATION_STATUS_IDLE);

  return self->status;
}

/**
 * gq_mutation_state_get_data:
 * @self: a state
 *
 * Gets the result of a successful mutation.
 *
 * Returns: (transfer none) (nullable): the result (sealed), %NULL until
 *   the mutation succeeded or when it succeeded without one
 */
JsonNode *
gq_mutation_state_get_data (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

/**
 * gq_mutation_state_get_error:
 * @self: a state
 *
 * Gets the error of a failed mutation.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
gq_mutation_state_get_error (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

/**
 * gq_mutation_state_get_variables:
 * @self: a state
 *
 * Gets the variables the mutation runs (or ran) with.
 *
 * Returns: (transfer none) (nullable): the variables (sealed)
 */
JsonNode *
gq_mutation_state_get_variables (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->variables;
}

/**
 * gq_mutation_state_get_context:
 * @self: a state
 *
 * Gets what the `on_mutate` callback returned, which the other callbacks
 * receive (to roll back an optimistic update, for instance).
 *
 * Returns: (transfer none) (nullable): the context (sealed)
 */
JsonNode *
gq_mutation_state_get_context (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->context;
}

/**
 * gq_mutation_state_get_failure_count:
 * @self: a state
 *
 * Gets how many attempts failed: reset when the mutation starts and when
 * it succeeds.
 *
 * Returns: the number of failed attempts
 */
guint
gq_mutation_state_get_failure_count (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->failure_count;
}

/**
 * gq_mutation_state_get_failure_reason:
 * @self: a state
 *
 * Gets the error of the last failed attempt.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
gq_mutation_state_get_failure_reason (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->failure_reason;
}

/**
 * gq_mutation_state_get_is_paused:
 * @self: a state
 *
 * Tells whether the mutation waits: for the network, for the window to be
 * focused (between retries), or for the mutations before it in its scope.
 *
 * Returns: %TRUE if paused
 */
gboolean
gq_mutation_state_get_is_paused (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_paused;
}

/**
 * gq_mutation_state_get_submitted_at:
 * @self: a state
 *
 * Gets when the mutation was started, on the client's scheduler clock.
 *
 * Returns: the time in milliseconds, 0 for a mutation that never ran
 */
gint64
gq_mutation_state_get_submitted_at (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->submitted_at;
}

/**
 * gq_mutation_state_get_idempotency_key:
 * @self: a state
 *
 * Gets the idempotency key of the mutation: a random UUID given when the
 * mutation was created, handed to every attempt through
 * [method@Gq.MutationContext.get_idempotency_key] and kept when the
 * mutation is persisted.
 *
 * Returns: the idempotency key
 */
const char *
gq_mutation_state_get_idempotency_key (GqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->idempotency_key;
}

static void
replace_node (JsonNode **field,
              JsonNode  *node)
{
  if (*field == node)
    return;

  node = ref_sealed (node);
  g_clear_pointer (field, json_node_unref);
  *field = node;
}

static void
replace_error (GError       **field,
               const GError  *error)
{
  if (*field == error)
    return;

  g_clear_error (field);
  if (error != NULL)
    *field = g_error_copy (error);
}

void
_gq_mutation_state_set_data (GqMutationState *self,
                             JsonNode        *data)
{
  replace_node (&self->data, data);
}

void
_gq_mutation_state_set_variables (GqMutationState *self,
                                  JsonNode        *variables)
{
  replace_node (&self->variables, variables);
}

void
_gq_mutation_state_set_context (GqMutationState *self,
                                JsonNode        *context)
{
  replace_node (&self->context, context);
}

void
_gq_mutation_state_set_error (GqMutationState *self,
                              const GError    *error)
{
  replace_error (&self->error, error);
}

void
_gq_mutation_state_set_failure_reason (GqMutationState *self,
                                       const GError    *error)
{
  replace_error (&self->failure_reason, error);
}

void
_gq_mutation_state_set_idempotency_key (GqMutationState *self,
                                        const char      *key)
{
  if (self->idempotency_key == key)
    return;

  g_clear_pointer (&self->idempotency_key, g_ref_string_release);
  self->idempotency_key = key ? g_ref_string_new (key) : NULL;
}
