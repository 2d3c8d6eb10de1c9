/* gq-mutation-options-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-mutation-options.h"

G_BEGIN_DECLS

/* One bit per option in the set-mask: merging copies only what was set. */
typedef enum
{
  GQ_MUTATION_OPTION_MUTATION_KEY = 1,
  GQ_MUTATION_OPTION_SCOPE_ID,
  GQ_MUTATION_OPTION_RETRY,
  GQ_MUTATION_OPTION_RETRY_DELAY,
  GQ_MUTATION_OPTION_NETWORK_MODE,
  GQ_MUTATION_OPTION_GC_TIME,
  GQ_MUTATION_OPTION_META,
  /* function-valued options (no property) */
  GQ_MUTATION_OPTION_MUTATION_FUNC,
  GQ_MUTATION_OPTION_ON_MUTATE_FUNC,
  GQ_MUTATION_OPTION_ON_SUCCESS_FUNC,
  GQ_MUTATION_OPTION_ON_ERROR_FUNC,
  GQ_MUTATION_OPTION_ON_SETTLED_FUNC,
  GQ_MUTATION_OPTION_RETRY_FUNC,
  GQ_MUTATION_OPTION_RETRY_DELAY_FUNC,
  GQ_MUTATION_OPTION_LAST
} GqMutationOption;

gboolean           _gq_mutation_options_is_set             (GqMutationOptions *self,
                                                            GqMutationOption   option);
/* Applies every option set in @over onto @self in place; closures are
 * shared, not copied. */
void               _gq_mutation_options_apply              (GqMutationOptions *self,
                                                            GqMutationOptions *over);
/* TanStack's shallow comparison: the same options set, with equal values,
 * closures compared by function and data. */
gboolean           _gq_mutation_options_shallow_equal      (GqMutationOptions *a,
                                                            GqMutationOptions *b);

gboolean           _gq_mutation_options_has_mutation_func  (GqMutationOptions *self);
void               _gq_mutation_options_call_mutation_func (GqMutationOptions *self,
                                                            GqMutationContext *context);

/* The callbacks: absent ones succeed. They return FALSE with @error set
 * when the callback failed. */
gboolean           _gq_mutation_options_call_on_mutate     (GqMutationOptions  *self,
                                                            GqMutation         *mutation,
                                                            JsonNode           *variables,
                                                            JsonNode          **context,
                                                            GError            **error);
gboolean           _gq_mutation_options_call_on_success    (GqMutationOptions  *self,
                                                            GqMutation         *mutation,
                                                            JsonNode           *data,
                                                            JsonNode           *variables,
                                                            JsonNode           *context,
                                                            GError            **error);
gboolean           _gq_mutation_options_call_on_error      (GqMutationOptions  *self,
                                                            GqMutation         *mutation,
                                                            const GError       *failure,
                                                            JsonNode           *variables,
                                                            JsonNode           *context,
                                                            GError            **error);
gboolean           _gq_mutation_options_call_on_settled    (GqMutationOptions  *self,
                                                            GqMutation         *mutation,
                                                            JsonNode           *data,
                                                            const GError       *failure,
                                                            JsonNode           *variables,
                                                            JsonNode           *context,
                                                            GError            **error);

/* Retry policy: the retry func if set; else retry -1 means forever, else
 * failure_count < retry (default 0). */
gboolean           _gq_mutation_options_should_retry       (GqMutationOptions *self,
                                                            guint              failure_count,
                                                            const GError      *error);
/* The retry-delay func if set; else retry-delay if >= 0; else the
 * default doubling delay. */
gint64             _gq_mutation_options_compute_retry_delay (GqMutationOptions *self,
                                                             guint              failure_count,
                                                             const GError      *error);

G_END_DECLS
