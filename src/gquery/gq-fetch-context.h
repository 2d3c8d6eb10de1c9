/* gq-fetch-context.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_FETCH_CONTEXT (gq_fetch_context_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqFetchContext, gq_fetch_context, GQ, FETCH_CONTEXT, GObject)

GQ_AVAILABLE_IN_ALL
JsonNode         *gq_fetch_context_get_query_key   (GqFetchContext *self);
GQ_AVAILABLE_IN_ALL
const char       *gq_fetch_context_get_query_hash  (GqFetchContext *self);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_fetch_context_get_meta        (GqFetchContext *self);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_fetch_context_get_page_param  (GqFetchContext *self);
GQ_AVAILABLE_IN_ALL
GqFetchDirection  gq_fetch_context_get_direction   (GqFetchContext *self);
GQ_AVAILABLE_IN_ALL
GCancellable     *gq_fetch_context_get_cancellable (GqFetchContext *self);
GQ_AVAILABLE_IN_ALL
GqQueryClient    *gq_fetch_context_get_client      (GqFetchContext *self);
GQ_AVAILABLE_IN_ALL
void              gq_fetch_context_resolve         (GqFetchContext *self,
                                                    JsonNode       *data);
GQ_AVAILABLE_IN_ALL
void              gq_fetch_context_reject          (GqFetchContext *self,
                                                    GError         *error);
GQ_AVAILABLE_IN_ALL
void              gq_fetch_context_reject_literal  (GqFetchContext *self,
                                                    GQuark          domain,
                                                    int             code,
                                                    const char     *message);
GQ_AVAILABLE_IN_ALL
gboolean          gq_fetch_context_is_completed    (GqFetchContext *self);

G_END_DECLS
