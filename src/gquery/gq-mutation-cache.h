/* gq-mutation-cache.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"
#include "gq-mutation-options.h"

G_BEGIN_DECLS

#define GQ_TYPE_MUTATION_CACHE (gq_mutation_cache_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqMutationCache, gq_mutation_cache, GQ, MUTATION_CACHE, GObject)

GQ_AVAILABLE_IN_ALL
GqMutationCache *gq_mutation_cache_new                            (void);
GQ_AVAILABLE_IN_ALL
GqMutation      *gq_mutation_cache_find                           (GqMutationCache         *self,
                                                                   GqMutationFilters       *filters);
GQ_AVAILABLE_IN_ALL
GPtrArray       *gq_mutation_cache_find_all                       (GqMutationCache         *self,
                                                                   GqMutationFilters       *filters);
GQ_AVAILABLE_IN_ALL
GPtrArray       *gq_mutation_cache_get_all                        (GqMutationCache         *self);
GQ_AVAILABLE_IN_ALL
guint            gq_mutation_cache_get_size                       (GqMutationCache         *self);
GQ_AVAILABLE_IN_ALL
void             gq_mutation_cache_remove                         (GqMutationCache         *self,
                                                                   GqMutation              *mutation);
GQ_AVAILABLE_IN_ALL
void             gq_mutation_cache_clear                          (GqMutationCache         *self);
GQ_AVAILABLE_IN_ALL
void             gq_mutation_cache_resume_paused_mutations_async  (GqMutationCache         *self,
                                                                   GCancellable            *cancellable,
                                                                   GAsyncReadyCallback      callback,
                                                                   gpointer                 user_data);
GQ_AVAILABLE_IN_ALL
gboolean         gq_mutation_cache_resume_paused_mutations_finish (GqMutationCache         *self,
                                                                   GAsyncResult            *result,
                                                                   GError                 **error);
GQ_AVAILABLE_IN_ALL
void             gq_mutation_cache_set_on_mutate_func             (GqMutationCache         *self,
                                                                   GqMutationOnMutateFunc   func,
                                                                   gpointer                 user_data,
                                                                   GDestroyNotify           destroy);
GQ_AVAILABLE_IN_ALL
void             gq_mutation_cache_set_on_success_func            (GqMutationCache         *self,
                                                                   GqMutationOnSuccessFunc  func,
                                                                   gpointer                 user_data,
                                                                   GDestroyNotify           destroy);
GQ_AVAILABLE_IN_ALL
void             gq_mutation_cache_set_on_error_func              (GqMutationCache         *self,
                                                                   GqMutationOnErrorFunc    func,
                                                                   gpointer                 user_data,
                                                                   GDestroyNotify           destroy);
GQ_AVAILABLE_IN_ALL
void             gq_mutation_cache_set_on_settled_func            (GqMutationCache         *self,
                                                                   GqMutationOnSettledFunc  func,
                                                                   gpointer                 user_data,
                                                                   GDestroyNotify           destroy);

G_END_DECLS
