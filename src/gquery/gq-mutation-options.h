/* gq-mutation-options.h
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
 * GqMutationOnMutateFunc:
 * @mutation: the mutation about to run
 * @variables: (nullable): the variables it runs with
 * @user_data: the data given with the function
 * @error: where to report a failure, which fails the mutation before its
 *   mutation function runs
 *
 * Runs before the mutation function, typically to update the cache
 * optimistically. Its result is the mutation's context, handed to the
 * other callbacks, so that [callback@Gq.MutationOnErrorFunc] can roll the
 * optimistic update back. Unlike TanStack's `onMutate`, it is
 * synchronous.
 *
 * Returns: (transfer full) (nullable): the context, %NULL for none
 */
typedef JsonNode *(*GqMutationOnMutateFunc) (GqMutation  *mutation,
                                             JsonNode    *variables,
                                             gpointer     user_data,
                                             GError     **error);

/**
 * GqMutationOnSuccessFunc:
 * @mutation: the mutation
 * @data: (nullable): its result
 * @variables: (nullable): its variables
 * @context: (nullable): the context [callback@Gq.MutationOnMutateFunc]
 *   returned
 * @user_data: the data given with the function
 * @error: where to report a failure, which turns the mutation into a
 *   failed one: the error callbacks run with it
 *
 * Runs when the mutation function succeeded, before the mutation counts
 * as successful. Synchronous, where TanStack awaits a returned promise.
 */
typedef void (*GqMutationOnSuccessFunc) (GqMutation  *mutation,
                                         JsonNode    *data,
                                         JsonNode    *variables,
                                         JsonNode    *context,
                                         gpointer     user_data,
                                         GError     **error);

/**
 * GqMutationOnErrorFunc:
 * @mutation: the mutation
 * @failure: the error the mutation failed with
 * @variables: (nullable): its variables
 * @context: (nullable): the context [callback@Gq.MutationOnMutateFunc]
 *   returned, if it ran
 * @user_data: the data given with the function
 * @error: where to report a failure of the callback itself; it is logged
 *   and does not stop the other callbacks
 *
 * Runs when the mutation failed, before the mutation counts as failed.
 * Synchronous, where TanStack awaits a returned promise.
 */
typedef void (*GqMutationOnErrorFunc) (GqMutation    *mutation,
                                       const GError  *failure,
                                       JsonNode      *variables,
                                       JsonNode      *context,
                                       gpointer       user_data,
                                       GError       **error);

/**
 * GqMutationOnSettledFunc:
 * @mutation: the mutation
 * @data: (nullable): its result, on success
 * @failure: (nullable): its error, on failure
 * @variables: (nullable): its variables
 * @context: (nullable): the context [callback@Gq.MutationOnMutateFunc]
 *   returned
 * @user_data: the data given with the function
 * @error: where to report a failure of the callback: after a success it
 *   turns the mutation into a failed one, after a failure it is logged
 *
 * Runs after the success or the error callbacks. Synchronous, where
 * TanStack awaits a returned promise.
 */
typedef void (*GqMutationOnSettledFunc) (GqMutation    *mutation,
                                         JsonNode      *data,
                                         const GError  *failure,
                                         JsonNode      *variables,
                                         JsonNode      *context,
                                         gpointer       user_data,
                                         GError       **error);

#define GQ_TYPE_MUTATION_OPTIONS (gq_mutation_options_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqMutationOptions, gq_mutation_options, GQ, MUTATION_OPTIONS, GObject)

GQ_AVAILABLE_IN_ALL
GqMutationOptions *gq_mutation_options_new                (JsonNode                *mutation_key);
GQ_AVAILABLE_IN_ALL
GqMutationOptions *gq_mutation_options_copy               (GqMutationOptions       *self);
GQ_AVAILABLE_IN_ALL
gboolean           gq_mutation_options_is_set             (GqMutationOptions       *self,
                                                           const char              *property_name);

GQ_AVAILABLE_IN_ALL
JsonNode          *gq_mutation_options_get_mutation_key   (GqMutationOptions       *self);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_mutation_key   (GqMutationOptions       *self,
                                                           JsonNode                *mutation_key);
GQ_AVAILABLE_IN_ALL
const char        *gq_mutation_options_get_scope_id       (GqMutationOptions       *self);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_scope_id       (GqMutationOptions       *self,
                                                           const char              *scope_id);
GQ_AVAILABLE_IN_ALL
int                gq_mutation_options_get_retry          (GqMutationOptions       *self);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_retry          (GqMutationOptions       *self,
                                                           int                      retry);
GQ_AVAILABLE_IN_ALL
gint64             gq_mutation_options_get_retry_delay    (GqMutationOptions       *self);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_retry_delay    (GqMutationOptions       *self,
                                                           gint64                   retry_delay);
GQ_AVAILABLE_IN_ALL
GqNetworkMode      gq_mutation_options_get_network_mode   (GqMutationOptions       *self);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_network_mode   (GqMutationOptions       *self,
                                                           GqNetworkMode            mode);
GQ_AVAILABLE_IN_ALL
gint64             gq_mutation_options_get_gc_time        (GqMutationOptions       *self);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_gc_time        (GqMutationOptions       *self,
                                                           gint64                   gc_time);
GQ_AVAILABLE_IN_ALL
JsonNode          *gq_mutation_options_get_meta           (GqMutationOptions       *self);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_meta           (GqMutationOptions       *self,
                                                           JsonNode                *meta);

GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_mutation_func  (GqMutationOptions       *self,
                                                           GqMutationFunc           func,
                                                           gpointer                 user_data,
                                                           GDestroyNotify           destroy);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_on_mutate_func (GqMutationOptions       *self,
                                                           GqMutationOnMutateFunc   func,
                                                           gpointer                 user_data,
                                                           GDestroyNotify           destroy);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_on_success_func (GqMutationOptions      *self,
                                                            GqMutationOnSuccessFunc func,
                                                            gpointer                user_data,
                                                            GDestroyNotify          destroy);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_on_error_func  (GqMutationOptions       *self,
                                                           GqMutationOnErrorFunc    func,
                                                           gpointer                 user_data,
                                                           GDestroyNotify           destroy);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_on_settled_func (GqMutationOptions      *self,
                                                            GqMutationOnSettledFunc func,
                                                            gpointer                user_data,
                                                            GDestroyNotify          destroy);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_retry_func     (GqMutationOptions       *self,
                                                           GqRetryFunc              func,
                                                           gpointer                 user_data,
                                                           GDestroyNotify           destroy);
GQ_AVAILABLE_IN_ALL
void               gq_mutation_options_set_retry_delay_func (GqMutationOptions     *self,
                                                             GqRetryDelayFunc       func,
                                                             gpointer               user_data,
                                                             GDestroyNotify         destroy);

G_END_DECLS
