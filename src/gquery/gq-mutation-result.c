/* gq-mutation-result.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-mutation-result.h"
#include "gq-mutation-result-private.h"
#include "gq-mutation-state-private.h"
#include "gq-query-state-private.h"

/**
 * GqMutationResult:
 *
 * What a [class@Gq.MutationObserver] shows: the state of its latest
 * mutation, or the idle state before the first
 * [method@Gq.MutationObserver.mutate] and after
 * [method@Gq.MutationObserver.reset], with the flags TanStack Query
 * derives from the status (`is_idle`, `is_pending`, ...).
 *
 * A result is immutable: each update of an observer produces a new one.
 */

G_DEFINE_BOXED_TYPE (GqMutationResult, gq_mutation_result, gq_mutation_result_ref, gq_mutation_result_unref)

GqMutationResult *
_gq_mutation_result_new (GqMutationState *state)
{
  GqMutationResult *self;

  self = g_new0 (GqMutationResult, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->state = state ? gq_mutation_state_ref (state) : _gq_mutation_state_new ();

  return self;
}

/**
 * gq_mutation_result_ref:
 * @self: a result
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
GqMutationResult *
gq_mutation_result_ref (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * gq_mutation_result_unref:
 * @self: (transfer full): a result
 *
 * Drops a reference on @self, freeing it when it was the last one.
 */
void
gq_mutation_result_unref (GqMutationResult *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      gq_mutation_state_unref (self->state);
      g_free (self);
    }
}

/**
 * gq_mutation_result_get_status:
 * @self: a result
 *
 * Gets the status of the latest mutation; idle when there is none.
 *
 * Returns: the status
 */
GqMutationStatus
gq_mutation_result_get_status (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, GQ_MUTATION_STATUS_IDLE);

  return self->state->status;
}

/**
 * gq_mutation_result_get_data:
 * @self: a result
 *
 * Gets the result of the latest mutation, once it succeeded.
 *
 * Returns: (transfer none) (nullable): the data (sealed)
 */
JsonNode *
gq_mutation_result_get_data (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->state->data;
}

/**
 * gq_mutation_result_get_error:
 * @self: a result
 *
 * Gets the error of the latest mutation, once it failed.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
gq_mutation_result_get_error (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->state->error;
}

/**
 * gq_mutation_result_get_variables:
 * @self: a result
 *
 * Gets the variables of the latest mutation.
 *
 * Returns: (transfer none) (nullable): the variables (sealed)
 */
JsonNode *
gq_mutation_result_get_variables (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->state->variables;
}

/**
 * gq_mutation_result_get_context:
 * @self: a result
 *
 * Gets the context the `on_mutate` callback of the latest mutation
 * returned.
 *
 * Returns: (transfer none) (nullable): the context (sealed)
 */
JsonNode *
gq_mutation_result_get_context (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->state->context;
}

/**
 * gq_mutation_result_get_failure_count:
 * @self: a result
 *
 * Gets how many attempts of the latest mutation failed.
 *
 * Returns: the number of failed attempts
 */
guint
gq_mutation_result_get_failure_count (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->state->failure_count;
}

/**
 * gq_mutation_result_get_failure_reason:
 * @self: a result
 *
 * Gets the error of the last failed attempt.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
gq_mutation_result_get_failure_reason (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->state->failure_reason;
}

/**
 * gq_mutation_result_get_is_paused:
 * @self: a result
 *
 * Tells whether the latest mutation waits for the network, for focus or
 * for its scope.
 *
 * Returns: %TRUE if paused
 */
gboolean
gq_mutation_result_get_is_paused (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state->is_paused;
}

/**
 * gq_mutation_result_get_submitted_at:
 * @self: a result
 *
 * Gets when the latest mutation started.
 *
 * Returns: the time in milliseconds, 0 when idle
 */
gint64
gq_mutation_result_get_submitted_at (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->state->submitted_at;
}

/**
 * gq_mutation_result_get_is_idle:
 * @self: a result
 *
 * Tells whether no mutation ran yet (or the observer was reset).
 *
 * Returns: %TRUE if the status is idle
 */
gboolean
gq_mutation_result_get_is_idle (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state->status == GQ_MUTATION_STATUS_IDLE;
}

/**
 * gq_mutation_result_get_is_pending:
 * @self: a result
 *
 * Tells whether the latest mutation runs (or waits, see
 * [method@Gq.MutationResult.get_is_paused]).
 *
 * Returns: %TRUE if the status is pending
 */
gboolean
gq_mutation_result_get_is_pending (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state->status == GQ_MUTATION_STATUS_PENDING;
}

/**
 * gq_mutation_result_get_is_success:
 * @self: a result
 *
 * Tells whether the latest mutation succeeded.
 *
 * Returns: %TRUE if the status is success
 */
gboolean
gq_mutation_result_get_is_success (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state->status == GQ_MUTATION_STATUS_SUCCESS;
}

/**
 * gq_mutation_result_get_is_error:
 * @self: a result
 *
 * Tells whether the latest mutation failed.
 *
 * Returns: %TRUE if the status is error
 */
gboolean
gq_mutation_result_get_is_error (GqMutationResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state->status == GQ_MUTATION_STATUS_ERROR;
}

/**
 * gq_mutation_result_equal:
 * @a: (nullable): a result
 * @b: (nullable): another result
 *
 * Compares two results field by field: JSON values by node identity
 * (they are sealed and shared), errors by domain, code and message,
 * every other field by value. The idempotency key is not compared.
 *
 * Returns: %TRUE if @a and @b show the same thing
 */
gboolean
gq_mutation_result_equal (GqMutationResult *a,
                          GqMutationResult *b)
{
  GqMutationState *x;
  GqMutationState *y;

  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL)
    return FALSE;

  x = a->state;
  y = b->state;

  return x == y ||
         (x->status == y->status &&
          x->data == y->data &&
          _gq_error_equal (x->error, y->error) &&
          x->variables == y->variables &&
          x->context == y->context &&
          x->failure_count == y->failure_count &&
          _gq_error_equal (x->failure_reason, y->failure_reason) &&
          !x->is_paused == !y->is_paused &&
          x->submitted_at == y->submitted_at);
}
