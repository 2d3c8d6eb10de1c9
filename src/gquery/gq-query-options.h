/* gq-query-options.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_QUERY_OPTIONS (gq_query_options_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GqQueryOptions, gq_query_options, GQ, QUERY_OPTIONS, GObject)

/**
 * GqQueryOptionsClass:
 * @parent_class: the parent class
 *
 * The class of query options; [class@Gq.InfiniteQueryOptions] derives
 * from it.
 */
struct _GqQueryOptionsClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer _reserved[8];
};

GQ_AVAILABLE_IN_ALL
GqQueryOptions *gq_query_options_new                                (JsonNode            *query_key);
GQ_AVAILABLE_IN_ALL
GqQueryOptions *gq_query_options_copy                               (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_options_is_set                             (GqQueryOptions      *self,
                                                                     const char          *property_name);

GQ_AVAILABLE_IN_ALL
JsonNode       *gq_query_options_get_query_key                      (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_query_key                      (GqQueryOptions      *self,
                                                                     JsonNode            *query_key);
GQ_AVAILABLE_IN_ALL
const char     *gq_query_options_get_query_hash                     (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_query_hash                     (GqQueryOptions      *self,
                                                                     const char          *query_hash);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_options_get_enabled                        (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_enabled                        (GqQueryOptions      *self,
                                                                     gboolean             enabled);
GQ_AVAILABLE_IN_ALL
gint64          gq_query_options_get_stale_time                     (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_stale_time                     (GqQueryOptions      *self,
                                                                     gint64               stale_time);
GQ_AVAILABLE_IN_ALL
gint64          gq_query_options_get_gc_time                        (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_gc_time                        (GqQueryOptions      *self,
                                                                     gint64               gc_time);
GQ_AVAILABLE_IN_ALL
GqRefetchMode   gq_query_options_get_refetch_on_mount               (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_refetch_on_mount               (GqQueryOptions      *self,
                                                                     GqRefetchMode        mode);
GQ_AVAILABLE_IN_ALL
GqRefetchMode   gq_query_options_get_refetch_on_window_focus        (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_refetch_on_window_focus        (GqQueryOptions      *self,
                                                                     GqRefetchMode        mode);
GQ_AVAILABLE_IN_ALL
GqRefetchMode   gq_query_options_get_refetch_on_reconnect           (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_refetch_on_reconnect           (GqQueryOptions      *self,
                                                                     GqRefetchMode        mode);
GQ_AVAILABLE_IN_ALL
gint64          gq_query_options_get_refetch_interval               (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_refetch_interval               (GqQueryOptions      *self,
                                                                     gint64               interval);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_options_get_refetch_interval_in_background (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_refetch_interval_in_background (GqQueryOptions      *self,
                                                                     gboolean             in_background);
GQ_AVAILABLE_IN_ALL
int             gq_query_options_get_retry                          (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_retry                          (GqQueryOptions      *self,
                                                                     int                  retry);
GQ_AVAILABLE_IN_ALL
gint64          gq_query_options_get_retry_delay                    (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_retry_delay                    (GqQueryOptions      *self,
                                                                     gint64               retry_delay);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_options_get_retry_on_mount                 (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_retry_on_mount                 (GqQueryOptions      *self,
                                                                     gboolean             retry_on_mount);
GQ_AVAILABLE_IN_ALL
GqNetworkMode   gq_query_options_get_network_mode                   (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_network_mode                   (GqQueryOptions      *self,
                                                                     GqNetworkMode        mode);
GQ_AVAILABLE_IN_ALL
JsonNode       *gq_query_options_get_initial_data                   (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_initial_data                   (GqQueryOptions      *self,
                                                                     JsonNode            *initial_data);
GQ_AVAILABLE_IN_ALL
gint64          gq_query_options_get_initial_data_updated_at        (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_initial_data_updated_at        (GqQueryOptions      *self,
                                                                     gint64               updated_at);
GQ_AVAILABLE_IN_ALL
JsonNode       *gq_query_options_get_placeholder_data               (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_placeholder_data               (GqQueryOptions      *self,
                                                                     JsonNode            *placeholder_data);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_options_get_keep_previous_data             (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_keep_previous_data             (GqQueryOptions      *self,
                                                                     gboolean             keep_previous_data);
GQ_AVAILABLE_IN_ALL
gboolean        gq_query_options_get_structural_sharing             (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_structural_sharing             (GqQueryOptions      *self,
                                                                     gboolean             structural_sharing);
GQ_AVAILABLE_IN_ALL
JsonNode       *gq_query_options_get_meta                           (GqQueryOptions      *self);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_meta                           (GqQueryOptions      *self,
                                                                     JsonNode            *meta);

GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_query_func                     (GqQueryOptions      *self,
                                                                     GqQueryFunc          func,
                                                                     gpointer             user_data,
                                                                     GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_select_func                    (GqQueryOptions      *self,
                                                                     GqSelectFunc         func,
                                                                     gpointer             user_data,
                                                                     GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_retry_func                     (GqQueryOptions      *self,
                                                                     GqRetryFunc          func,
                                                                     gpointer             user_data,
                                                                     GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_retry_delay_func               (GqQueryOptions      *self,
                                                                     GqRetryDelayFunc     func,
                                                                     gpointer             user_data,
                                                                     GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_placeholder_func               (GqQueryOptions      *self,
                                                                     GqPlaceholderFunc    func,
                                                                     gpointer             user_data,
                                                                     GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_stale_time_func                (GqQueryOptions      *self,
                                                                     GqQueryDurationFunc  func,
                                                                     gpointer             user_data,
                                                                     GDestroyNotify       destroy);
GQ_AVAILABLE_IN_ALL
void            gq_query_options_set_refetch_interval_func          (GqQueryOptions      *self,
                                                                     GqQueryDurationFunc  func,
                                                                     gpointer             user_data,
                                                                     GDestroyNotify       destroy);

G_END_DECLS
