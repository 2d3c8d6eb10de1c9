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
void     _gq_query_observer_refetch_quiet                (GqQueryObserver *self,
                                                          GqFetchReason    reason);

/* What a subclass adds to the observer (GqInfiniteQueryObserver): set
 * from its instance init, before any option is. */
typedef struct
{
  /* The options the observer takes (set_options checks). */
  GType options_type;
  /* Adds the subclass's fields to a result just built from @query's
   * state and the resolved @options. */
  void (*extend_result)  (GqQueryObserver *self,
                          GqQueryResult   *result,
                          GqQuery         *query,
                          GqQueryOptions  *options);
  /* Notifies the subclass's properties that differ from @old (nullable)
   * to @new, before ::changed. */
  void (*notify_changes) (GqQueryObserver *self,
                          GqQueryResult   *old,
                          GqQueryResult   *new);
} GqQueryObserverHooks;

void     _gq_query_observer_set_hooks                    (GqQueryObserver            *self,
                                                          const GqQueryObserverHooks *hooks);
/* TanStack's observer.fetch ({cancelRefetch, meta}): @meta nullable; once
 * the fetch settles the result is updated (even unsubscribed) and the
 * task (of @source_tag; @callback nullable) returns it as refetch_async
 * does. */
void     _gq_query_observer_fetch_async                  (GqQueryObserver     *self,
                                                          GqRefetchFlags       flags,
                                                          JsonNode            *meta,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data,
                                                          gpointer             source_tag);

G_END_DECLS
