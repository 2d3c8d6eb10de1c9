/* gq-hydrate-options.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"
#include "gq-dehydrate-options.h"

G_BEGIN_DECLS

#define GQ_TYPE_HYDRATE_OPTIONS (gq_hydrate_options_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqHydrateOptions, gq_hydrate_options, GQ, HYDRATE_OPTIONS, GObject)

GQ_AVAILABLE_IN_ALL
GqHydrateOptions  *gq_hydrate_options_new                          (void);
GQ_AVAILABLE_IN_ALL
GqQueryOptions    *gq_hydrate_options_get_default_query_options    (GqHydrateOptions    *self);
GQ_AVAILABLE_IN_ALL
void               gq_hydrate_options_set_default_query_options    (GqHydrateOptions    *self,
                                                                    GqQueryOptions      *options);
GQ_AVAILABLE_IN_ALL
GqMutationOptions *gq_hydrate_options_get_default_mutation_options (GqHydrateOptions    *self);
GQ_AVAILABLE_IN_ALL
void               gq_hydrate_options_set_default_mutation_options (GqHydrateOptions    *self,
                                                                    GqMutationOptions   *options);
GQ_AVAILABLE_IN_ALL
void               gq_hydrate_options_set_deserialize_data_func    (GqHydrateOptions    *self,
                                                                    GqDataTransformFunc  func,
                                                                    gpointer             user_data,
                                                                    GDestroyNotify       destroy);

G_END_DECLS
