/* gq-mutation-observer.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

/**
 * GqMutateCallback:
 * @data: (nullable): the result, on success
 * @error: (nullable): the error, on failure
 * @variables: (nullable): the variables of the call
 * @context: (nullable): the context the on-mutate callback returned
 * @user_data: the data given with the callback
 *
 * The per-call callback of [method@Gq.MutationObserver.mutate]: it runs
 * where TanStack runs the `onSuccess` or `onError` and then the
 * `onSettled` given to `mutate ()`, after the options' callbacks, once,
 * and only if the call is still the observer's latest and the observer is
 * subscribed when the mutation settles.
 */
typedef void (*GqMutateCallback) (JsonNode     *data,
                                  const GError *error,
                                  JsonNode     *variables,
                                  JsonNode     *context,
                                  gpointer      user_data);

#define GQ_TYPE_MUTATION_OBSERVER (gq_mutation_observer_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqMutationObserver, gq_mutation_observer, GQ, MUTATION_OBSERVER, GObject)

GQ_AVAILABLE_IN_ALL
GqMutationObserver *gq_mutation_observer_new                (GqQueryClient       *client,
                                                             GqMutationOptions   *options);
GQ_AVAILABLE_IN_ALL
GqQueryClient      *gq_mutation_observer_get_client         (GqMutationObserver  *self);
GQ_AVAILABLE_IN_ALL
GqMutationOptions  *gq_mutation_observer_get_options        (GqMutationObserver  *self);
GQ_AVAILABLE_IN_ALL
void                gq_mutation_observer_set_options        (GqMutationObserver  *self,
                                                             GqMutationOptions   *options);
GQ_AVAILABLE_IN_ALL
GqMutation         *gq_mutation_observer_get_mutation       (GqMutationObserver  *self);
GQ_AVAILABLE_IN_ALL
void                gq_mutation_observer_subscribe          (GqMutationObserver  *self);
GQ_AVAILABLE_IN_ALL
void                gq_mutation_observer_unsubscribe        (GqMutationObserver  *self);
GQ_AVAILABLE_IN_ALL
gboolean            gq_mutation_observer_is_subscribed      (GqMutationObserver  *self);
GQ_AVAILABLE_IN_ALL
GqMutationResult   *gq_mutation_observer_get_current_result (GqMutationObserver  *self);
GQ_AVAILABLE_IN_ALL
void                gq_mutation_observer_mutate             (GqMutationObserver  *self,
                                                             JsonNode            *variables,
                                                             GqMutateCallback     callback,
                                                             gpointer             user_data,
                                                             GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void                gq_mutation_observer_mutate_async       (GqMutationObserver  *self,
                                                             JsonNode            *variables,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GQ_AVAILABLE_IN_ALL
JsonNode           *gq_mutation_observer_mutate_finish      (GqMutationObserver  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
GQ_AVAILABLE_IN_ALL
void                gq_mutation_observer_reset              (GqMutationObserver  *self);

G_END_DECLS
