/* gq-query-client.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_QUERY_CLIENT (gq_query_client_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqQueryClient, gq_query_client, GQ, QUERY_CLIENT, GObject)

GQ_AVAILABLE_IN_ALL
GqQueryClient   *gq_query_client_new                          (void);
GQ_AVAILABLE_IN_ALL
GqQueryClient   *gq_query_client_new_full                     (GqScheduler          *scheduler,
                                                               GqFocusManager       *focus_manager,
                                                               GqOnlineManager      *online_manager);
GQ_AVAILABLE_IN_ALL
GqQueryCache    *gq_query_client_get_query_cache              (GqQueryClient        *self);
GQ_AVAILABLE_IN_ALL
GqScheduler     *gq_query_client_get_scheduler                (GqQueryClient        *self);
GQ_AVAILABLE_IN_ALL
GqFocusManager  *gq_query_client_get_focus_manager            (GqQueryClient        *self);
GQ_AVAILABLE_IN_ALL
GqOnlineManager *gq_query_client_get_online_manager           (GqQueryClient        *self);
GQ_AVAILABLE_IN_ALL
GqQueryOptions  *gq_query_client_get_default_options          (GqQueryClient        *self);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_set_default_options          (GqQueryClient        *self,
                                                               GqQueryOptions       *options);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_mount                        (GqQueryClient        *self);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_unmount                      (GqQueryClient        *self);

GQ_AVAILABLE_IN_ALL
JsonNode        *gq_query_client_get_query_data               (GqQueryClient        *self,
                                                               JsonNode             *query_key);
GQ_AVAILABLE_IN_ALL
JsonNode        *gq_query_client_set_query_data               (GqQueryClient        *self,
                                                               JsonNode             *query_key,
                                                               JsonNode             *data,
                                                               gint64                updated_at);
GQ_AVAILABLE_IN_ALL
JsonNode        *gq_query_client_set_query_data_with_updater  (GqQueryClient        *self,
                                                               JsonNode             *query_key,
                                                               GqUpdaterFunc         updater,
                                                               gpointer              user_data,
                                                               gint64                updated_at);
GQ_AVAILABLE_IN_ALL
GqQueryState    *gq_query_client_get_query_state              (GqQueryClient        *self,
                                                               JsonNode             *query_key);
GQ_AVAILABLE_IN_ALL
JsonNode        *gq_query_client_get_queries_data             (GqQueryClient        *self,
                                                               GqQueryFilters       *filters);
GQ_AVAILABLE_IN_ALL
JsonNode        *gq_query_client_set_queries_data             (GqQueryClient        *self,
                                                               GqQueryFilters       *filters,
                                                               GqUpdaterFunc         updater,
                                                               gpointer              user_data,
                                                               gint64                updated_at);

GQ_AVAILABLE_IN_ALL
void             gq_query_client_fetch_query_async            (GqQueryClient        *self,
                                                               GqQueryOptions       *options,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GQ_AVAILABLE_IN_ALL
JsonNode        *gq_query_client_fetch_query_finish           (GqQueryClient        *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_prefetch_query_async         (GqQueryClient        *self,
                                                               GqQueryOptions       *options,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GQ_AVAILABLE_IN_ALL
gboolean         gq_query_client_prefetch_query_finish        (GqQueryClient        *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_ensure_query_data_async      (GqQueryClient        *self,
                                                               GqQueryOptions       *options,
                                                               gboolean              revalidate_if_stale,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GQ_AVAILABLE_IN_ALL
JsonNode        *gq_query_client_ensure_query_data_finish     (GqQueryClient        *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

GQ_AVAILABLE_IN_ALL
void             gq_query_client_fetch_infinite_query_async     (GqQueryClient          *self,
                                                                 GqInfiniteQueryOptions *options,
                                                                 GCancellable           *cancellable,
                                                                 GAsyncReadyCallback     callback,
                                                                 gpointer                user_data);
GQ_AVAILABLE_IN_ALL
JsonNode        *gq_query_client_fetch_infinite_query_finish    (GqQueryClient          *self,
                                                                 GAsyncResult           *result,
                                                                 GError                **error);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_prefetch_infinite_query_async  (GqQueryClient          *self,
                                                                 GqInfiniteQueryOptions *options,
                                                                 GCancellable           *cancellable,
                                                                 GAsyncReadyCallback     callback,
                                                                 gpointer                user_data);
GQ_AVAILABLE_IN_ALL
gboolean         gq_query_client_prefetch_infinite_query_finish (GqQueryClient          *self,
                                                                 GAsyncResult           *result,
                                                                 GError                **error);

GQ_AVAILABLE_IN_ALL
void             gq_query_client_invalidate_queries           (GqQueryClient        *self,
                                                               GqQueryFilters       *filters);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_invalidate_queries_async     (GqQueryClient        *self,
                                                               GqQueryFilters       *filters,
                                                               GqRefetchFlags        flags,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GQ_AVAILABLE_IN_ALL
gboolean         gq_query_client_invalidate_queries_finish    (GqQueryClient        *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_refetch_queries_async        (GqQueryClient        *self,
                                                               GqQueryFilters       *filters,
                                                               GqRefetchFlags        flags,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GQ_AVAILABLE_IN_ALL
gboolean         gq_query_client_refetch_queries_finish       (GqQueryClient        *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_reset_queries                (GqQueryClient        *self,
                                                               GqQueryFilters       *filters);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_reset_queries_async          (GqQueryClient        *self,
                                                               GqQueryFilters       *filters,
                                                               GqRefetchFlags        flags,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GQ_AVAILABLE_IN_ALL
gboolean         gq_query_client_reset_queries_finish         (GqQueryClient        *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_cancel_queries               (GqQueryClient        *self,
                                                               GqQueryFilters       *filters,
                                                               GqCancelFlags         flags);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_remove_queries               (GqQueryClient        *self,
                                                               GqQueryFilters       *filters);
GQ_AVAILABLE_IN_ALL
guint            gq_query_client_is_fetching                  (GqQueryClient        *self,
                                                               GqQueryFilters       *filters);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_set_query_defaults           (GqQueryClient        *self,
                                                               JsonNode             *query_key,
                                                               GqQueryOptions       *options);
GQ_AVAILABLE_IN_ALL
GqQueryOptions  *gq_query_client_get_query_defaults           (GqQueryClient        *self,
                                                               JsonNode             *query_key);
GQ_AVAILABLE_IN_ALL
void             gq_query_client_clear                        (GqQueryClient        *self);

GQ_AVAILABLE_IN_ALL
GqMutationCache   *gq_query_client_get_mutation_cache             (GqQueryClient       *self);
GQ_AVAILABLE_IN_ALL
GqMutationOptions *gq_query_client_get_default_mutation_options   (GqQueryClient       *self);
GQ_AVAILABLE_IN_ALL
void               gq_query_client_set_default_mutation_options   (GqQueryClient       *self,
                                                                   GqMutationOptions   *options);
GQ_AVAILABLE_IN_ALL
void               gq_query_client_set_mutation_defaults          (GqQueryClient       *self,
                                                                   JsonNode            *mutation_key,
                                                                   GqMutationOptions   *options);
GQ_AVAILABLE_IN_ALL
GqMutationOptions *gq_query_client_get_mutation_defaults          (GqQueryClient       *self,
                                                                   JsonNode            *mutation_key);
GQ_AVAILABLE_IN_ALL
guint              gq_query_client_is_mutating                    (GqQueryClient       *self,
                                                                   GqMutationFilters   *filters);
GQ_AVAILABLE_IN_ALL
void               gq_query_client_resume_paused_mutations_async  (GqQueryClient       *self,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
GQ_AVAILABLE_IN_ALL
gboolean           gq_query_client_resume_paused_mutations_finish (GqQueryClient       *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);

GQ_AVAILABLE_IN_ALL
GqDehydrateOptions *gq_query_client_get_default_dehydrate_options (GqQueryClient      *self);
GQ_AVAILABLE_IN_ALL
void                gq_query_client_set_default_dehydrate_options (GqQueryClient      *self,
                                                                   GqDehydrateOptions *options);
GQ_AVAILABLE_IN_ALL
GqHydrateOptions   *gq_query_client_get_default_hydrate_options   (GqQueryClient      *self);
GQ_AVAILABLE_IN_ALL
void                gq_query_client_set_default_hydrate_options   (GqQueryClient      *self,
                                                                   GqHydrateOptions   *options);

G_END_DECLS
