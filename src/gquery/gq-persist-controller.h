/* gq-persist-controller.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

/**
 * GQ_PERSIST_FORMAT_VERSION:
 *
 * The version of the persisted-client format this gquery writes. A stored
 * cache with a greater version was written by a newer gquery.
 */
#define GQ_PERSIST_FORMAT_VERSION 1

#define GQ_TYPE_PERSIST_CONTROLLER (gq_persist_controller_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqPersistController, gq_persist_controller, GQ, PERSIST_CONTROLLER, GObject)

GQ_AVAILABLE_IN_ALL
GqPersistController *gq_persist_controller_new                         (GqQueryClient        *client,
                                                                        GqPersister          *persister);
GQ_AVAILABLE_IN_ALL
GqQueryClient       *gq_persist_controller_get_client                  (GqPersistController  *self);
GQ_AVAILABLE_IN_ALL
GqPersister         *gq_persist_controller_get_persister               (GqPersistController  *self);
GQ_AVAILABLE_IN_ALL
gint64               gq_persist_controller_get_max_age                 (GqPersistController  *self);
GQ_AVAILABLE_IN_ALL
void                 gq_persist_controller_set_max_age                 (GqPersistController  *self,
                                                                        gint64                max_age);
GQ_AVAILABLE_IN_ALL
const char          *gq_persist_controller_get_buster                  (GqPersistController  *self);
GQ_AVAILABLE_IN_ALL
void                 gq_persist_controller_set_buster                  (GqPersistController  *self,
                                                                        const char           *buster);
GQ_AVAILABLE_IN_ALL
gint64               gq_persist_controller_get_throttle_time           (GqPersistController  *self);
GQ_AVAILABLE_IN_ALL
void                 gq_persist_controller_set_throttle_time           (GqPersistController  *self,
                                                                        gint64                throttle_time);
GQ_AVAILABLE_IN_ALL
GqDehydrateOptions  *gq_persist_controller_get_dehydrate_options       (GqPersistController  *self);
GQ_AVAILABLE_IN_ALL
void                 gq_persist_controller_set_dehydrate_options       (GqPersistController  *self,
                                                                        GqDehydrateOptions   *options);
GQ_AVAILABLE_IN_ALL
GqHydrateOptions    *gq_persist_controller_get_hydrate_options         (GqPersistController  *self);
GQ_AVAILABLE_IN_ALL
void                 gq_persist_controller_set_hydrate_options         (GqPersistController  *self,
                                                                        GqHydrateOptions     *options);
GQ_AVAILABLE_IN_ALL
gboolean             gq_persist_controller_get_resume_paused_mutations (GqPersistController  *self);
GQ_AVAILABLE_IN_ALL
void                 gq_persist_controller_set_resume_paused_mutations (GqPersistController  *self,
                                                                        gboolean              resume);
GQ_AVAILABLE_IN_ALL
gboolean             gq_persist_controller_get_is_restoring            (GqPersistController  *self);
GQ_AVAILABLE_IN_ALL
void                 gq_persist_controller_restore_async               (GqPersistController  *self,
                                                                        GCancellable         *cancellable,
                                                                        GAsyncReadyCallback   callback,
                                                                        gpointer              user_data);
GQ_AVAILABLE_IN_ALL
gboolean             gq_persist_controller_restore_finish              (GqPersistController  *self,
                                                                        GAsyncResult         *result,
                                                                        GError              **error);
GQ_AVAILABLE_IN_ALL
void                 gq_persist_controller_flush_async                 (GqPersistController  *self,
                                                                        GCancellable         *cancellable,
                                                                        GAsyncReadyCallback   callback,
                                                                        gpointer              user_data);
GQ_AVAILABLE_IN_ALL
gboolean             gq_persist_controller_flush_finish                (GqPersistController  *self,
                                                                        GAsyncResult         *result,
                                                                        GError              **error);

G_END_DECLS
