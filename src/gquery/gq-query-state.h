/* gq-query-state.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_QUERY_STATE (gq_query_state_get_type ())

GQ_AVAILABLE_IN_ALL
GType          gq_query_state_get_type                 (void) G_GNUC_CONST;
GQ_AVAILABLE_IN_ALL
GqQueryState  *gq_query_state_ref                      (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
void           gq_query_state_unref                    (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
JsonNode      *gq_query_state_get_data                 (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_state_has_data                 (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
guint          gq_query_state_get_data_update_count    (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
gint64         gq_query_state_get_data_updated_at      (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
const GError  *gq_query_state_get_error                (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
guint          gq_query_state_get_error_update_count   (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
gint64         gq_query_state_get_error_updated_at     (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
guint          gq_query_state_get_fetch_failure_count  (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
const GError  *gq_query_state_get_fetch_failure_reason (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
JsonNode      *gq_query_state_get_fetch_meta           (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_state_get_is_invalidated       (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
GqQueryStatus  gq_query_state_get_status               (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
GqFetchStatus  gq_query_state_get_fetch_status         (GqQueryState *self);

GQ_AVAILABLE_IN_ALL
GqQueryState  *gq_query_state_copy                     (GqQueryState *self);
GQ_AVAILABLE_IN_ALL
void           gq_query_state_set_data                 (GqQueryState *self,
                                                        JsonNode     *data);
GQ_AVAILABLE_IN_ALL
void           gq_query_state_set_error                (GqQueryState *self,
                                                        const GError *error);
GQ_AVAILABLE_IN_ALL
void           gq_query_state_set_status               (GqQueryState *self,
                                                        GqQueryStatus status);
GQ_AVAILABLE_IN_ALL
void           gq_query_state_set_fetch_status         (GqQueryState *self,
                                                        GqFetchStatus fetch_status);
GQ_AVAILABLE_IN_ALL
void           gq_query_state_set_fetch_meta           (GqQueryState *self,
                                                        JsonNode     *meta);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqQueryState, gq_query_state_unref)

G_END_DECLS
