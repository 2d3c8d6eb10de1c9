/* gq-dehydrate-options.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"
#include "gq-mutation-filters.h"

G_BEGIN_DECLS

/**
 * GqDataTransformFunc:
 * @data: the data
 * @user_data: the data given with the function
 *
 * Maps query data on its way into or out of a dehydrated state, such as
 * dropping fields that must not be written to disk.
 *
 * Returns: (transfer full) (nullable): the transformed data; %NULL means
 *   no data
 */
typedef JsonNode *(*GqDataTransformFunc) (JsonNode *data,
                                          gpointer  user_data);

/**
 * GqErrorPredicate:
 * @error: the error
 * @user_data: the data given with the function
 *
 * Tests an error.
 *
 * Returns: %TRUE if @error passes
 */
typedef gboolean (*GqErrorPredicate) (const GError *error,
                                      gpointer      user_data);

#define GQ_TYPE_DEHYDRATE_OPTIONS (gq_dehydrate_options_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqDehydrateOptions, gq_dehydrate_options, GQ, DEHYDRATE_OPTIONS, GObject)

GQ_AVAILABLE_IN_ALL
GqDehydrateOptions *gq_dehydrate_options_new                                (void);
GQ_AVAILABLE_IN_ALL
void                gq_dehydrate_options_set_should_dehydrate_query_func    (GqDehydrateOptions  *self,
                                                                             GqQueryPredicate     func,
                                                                             gpointer             user_data,
                                                                             GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void                gq_dehydrate_options_set_should_dehydrate_mutation_func (GqDehydrateOptions  *self,
                                                                             GqMutationPredicate  func,
                                                                             gpointer             user_data,
                                                                             GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void                gq_dehydrate_options_set_should_redact_error_func       (GqDehydrateOptions  *self,
                                                                             GqErrorPredicate     func,
                                                                             gpointer             user_data,
                                                                             GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void                gq_dehydrate_options_set_serialize_data_func            (GqDehydrateOptions  *self,
                                                                             GqDataTransformFunc  func,
                                                                             gpointer             user_data,
                                                                             GDestroyNotify       destroy);

G_END_DECLS
