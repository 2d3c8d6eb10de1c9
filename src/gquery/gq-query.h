/* gq-query.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_QUERY (gq_query_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqQuery, gq_query, GQ, QUERY, GObject)

GQ_AVAILABLE_IN_ALL
JsonNode       *gq_query_get_query_key      (GqQuery *self);
GQ_AVAILABLE_IN_ALL
const char     *gq_query_get_query_hash     (GqQuery *self);
GQ_AVAILABLE_IN_ALL
GqQueryState   *gq_query_get_state          (GqQuery *self);
GQ_AVAILABLE_IN_ALL
GqQueryOptions *gq_query_get_options        (GqQuery *self);
GQ_AVAILABLE_IN_ALL
guint           gq_query_get_observer_count (GqQuery *self);
GQ_AVAILABLE_IN_ALL
gint64          gq_query_get_gc_time        (GqQuery *self);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_is_active          (GqQuery *self);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_is_stale           (GqQuery *self);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_is_stale_by_time   (GqQuery *self,
                                             gint64   stale_time);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_is_disabled        (GqQuery *self);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_is_static          (GqQuery *self);
GQ_AVAILABLE_IN_ALL
GqFetchReason   gq_query_get_fetch_reason   (GqQuery *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_fetch              (GqQuery        *self,
                                             GqQueryOptions *options);
GQ_AVAILABLE_IN_ALL
void            gq_query_cancel             (GqQuery        *self,
                                             GqCancelFlags   flags);
GQ_AVAILABLE_IN_ALL
void            gq_query_set_state          (GqQuery        *self,
                                             GqQueryState   *state);

G_END_DECLS
