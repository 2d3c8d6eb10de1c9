/* gq-query-observer.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_QUERY_OBSERVER (gq_query_observer_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GqQueryObserver, gq_query_observer, GQ, QUERY_OBSERVER, GObject)

/**
 * GqQueryObserverClass:
 * @parent_class: the parent class
 * @changed: the class handler of [signal@Gq.QueryObserver::changed]
 *
 * The class of query observers; infinite queries subclass it.
 */
struct _GqQueryObserverClass
{
  GObjectClass parent_class;

  void (*changed) (GqQueryObserver *self,
                   GqQueryResult   *result);

  /*< private >*/
  gpointer _reserved[8];
};

GQ_AVAILABLE_IN_ALL
GqQueryObserver *gq_query_observer_new                (GqQueryClient        *client,
                                                       GqQueryOptions       *options);
GQ_AVAILABLE_IN_ALL
GqQueryClient   *gq_query_observer_get_client         (GqQueryObserver      *self);
GQ_AVAILABLE_IN_ALL
GqQueryOptions  *gq_query_observer_get_options        (GqQueryObserver      *self);
GQ_AVAILABLE_IN_ALL
void             gq_query_observer_set_options        (GqQueryObserver      *self,
                                                       GqQueryOptions       *options);
GQ_AVAILABLE_IN_ALL
GqQuery         *gq_query_observer_get_query          (GqQueryObserver      *self);
GQ_AVAILABLE_IN_ALL
void             gq_query_observer_subscribe          (GqQueryObserver      *self);
GQ_AVAILABLE_IN_ALL
void             gq_query_observer_unsubscribe        (GqQueryObserver      *self);
GQ_AVAILABLE_IN_ALL
gboolean         gq_query_observer_is_subscribed      (GqQueryObserver      *self);
GQ_AVAILABLE_IN_ALL
GqQueryResult   *gq_query_observer_get_current_result (GqQueryObserver      *self);
GQ_AVAILABLE_IN_ALL
void             gq_query_observer_refetch_async      (GqQueryObserver      *self,
                                                       GqRefetchFlags        flags,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GQ_AVAILABLE_IN_ALL
GqQueryResult   *gq_query_observer_refetch_finish     (GqQueryObserver      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
GQ_AVAILABLE_IN_ALL
void             gq_query_observer_refetch            (GqQueryObserver      *self);

G_END_DECLS
