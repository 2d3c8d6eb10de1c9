/* gq-query-observer-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-query-observer.h"

G_BEGIN_DECLS

void     _gq_query_observer_on_query_update             (GqQueryObserver *self);
gboolean _gq_query_observer_should_fetch_on_window_focus (GqQueryObserver *self);
gboolean _gq_query_observer_should_fetch_on_reconnect    (GqQueryObserver *self);
/* The observer's resolved options (defaulted by the client). */
GqQueryOptions *_gq_query_observer_get_resolved_options  (GqQueryObserver *self);
gboolean _gq_query_observer_is_enabled                   (GqQueryObserver *self);
gboolean _gq_query_observer_is_static                    (GqQueryObserver *self);
gboolean _gq_query_observer_result_is_stale              (GqQueryObserver *self);
/* observer.refetch ({cancelRefetch: FALSE}) used by focus/reconnect */
void     _gq_query_observer_refetch_quiet                (GqQueryObserver *self);

G_END_DECLS
