/* gq-infinite-query-observer.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-query-observer.h"

G_BEGIN_DECLS

#define GQ_TYPE_INFINITE_QUERY_OBSERVER (gq_infinite_query_observer_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqInfiniteQueryObserver, gq_infinite_query_observer, GQ, INFINITE_QUERY_OBSERVER, GqQueryObserver)

GQ_AVAILABLE_IN_ALL
GqInfiniteQueryObserver *gq_infinite_query_observer_new                    (GqQueryClient            *client,
                                                                            GqInfiniteQueryOptions   *options);
GQ_AVAILABLE_IN_ALL
void                     gq_infinite_query_observer_fetch_next_page_async      (GqInfiniteQueryObserver  *self,
                                                                                GqRefetchFlags            flags,
                                                                                GCancellable             *cancellable,
                                                                                GAsyncReadyCallback       callback,
                                                                                gpointer                  user_data);
GQ_AVAILABLE_IN_ALL
GqQueryResult           *gq_infinite_query_observer_fetch_next_page_finish     (GqInfiniteQueryObserver  *self,
                                                                                GAsyncResult             *result,
                                                                                GError                  **error);
GQ_AVAILABLE_IN_ALL
void                     gq_infinite_query_observer_fetch_previous_page_async  (GqInfiniteQueryObserver  *self,
                                                                                GqRefetchFlags            flags,
                                                                                GCancellable             *cancellable,
                                                                                GAsyncReadyCallback       callback,
                                                                                gpointer                  user_data);
GQ_AVAILABLE_IN_ALL
GqQueryResult           *gq_infinite_query_observer_fetch_previous_page_finish (GqInfiniteQueryObserver  *self,
                                                                                GAsyncResult             *result,
                                                                                GError                  **error);
GQ_AVAILABLE_IN_ALL
void                     gq_infinite_query_observer_fetch_next_page            (GqInfiniteQueryObserver  *self);
GQ_AVAILABLE_IN_ALL
void                     gq_infinite_query_observer_fetch_previous_page        (GqInfiniteQueryObserver  *self);

G_END_DECLS
