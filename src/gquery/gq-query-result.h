/* gq-query-result.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_QUERY_RESULT (gq_query_result_get_type ())

GQ_AVAILABLE_IN_ALL
GType          gq_query_result_get_type                     (void) G_GNUC_CONST;
GQ_AVAILABLE_IN_ALL
GqQueryResult *gq_query_result_ref                          (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
void           gq_query_result_unref                        (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
GqQueryStatus  gq_query_result_get_status                   (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
GqFetchStatus  gq_query_result_get_fetch_status             (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
JsonNode      *gq_query_result_get_data                     (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
const GError  *gq_query_result_get_error                    (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gint64         gq_query_result_get_data_updated_at          (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gint64         gq_query_result_get_error_updated_at         (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
guint          gq_query_result_get_failure_count            (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
const GError  *gq_query_result_get_failure_reason           (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
guint          gq_query_result_get_error_update_count       (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_pending               (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_success               (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_error                 (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_loading               (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_loading_error         (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_refetch_error         (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_fetching              (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_refetching            (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_paused                (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_stale                 (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_placeholder_data      (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_fetched               (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_fetched_after_mount   (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_enabled               (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_has_next_page            (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_has_previous_page        (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_fetching_next_page    (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_fetching_previous_page (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_fetch_next_page_error (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_get_is_fetch_previous_page_error (GqQueryResult *self);
GQ_AVAILABLE_IN_ALL
gboolean       gq_query_result_equal                        (GqQueryResult *a,
                                                             GqQueryResult *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqQueryResult, gq_query_result_unref)

G_END_DECLS
