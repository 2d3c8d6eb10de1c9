/* gq-persister.h
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
 * GQ_PERSIST_ERROR:
 *
 * The error domain of persisting a client's cache.
 */
#define GQ_PERSIST_ERROR (gq_persist_error_quark ())

/**
 * GqPersistError:
 * @GQ_PERSIST_ERROR_CORRUPT: the stored cache cannot be read: not JSON,
 *   truncated, or its client state is malformed
 * @GQ_PERSIST_ERROR_FOREIGN: the stored data is JSON but not a cache
 *   gquery wrote
 * @GQ_PERSIST_ERROR_NEWER_VERSION: the stored cache was written by a newer
 *   version of gquery, in a format this one does not know
 *
 * The errors of %GQ_PERSIST_ERROR.
 */
typedef enum
{
  GQ_PERSIST_ERROR_CORRUPT,
  GQ_PERSIST_ERROR_FOREIGN,
  GQ_PERSIST_ERROR_NEWER_VERSION,
} GqPersistError;

GQ_AVAILABLE_IN_ALL
GQuark gq_persist_error_quark (void);

#define GQ_TYPE_PERSISTER (gq_persister_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (GqPersister, gq_persister, GQ, PERSISTER, GObject)

/**
 * GqPersisterInterface:
 * @parent_iface: the parent interface
 * @save_async: stores a persisted client, replacing what was stored
 * @save_finish: completes @save_async
 * @restore_async: reads what was stored
 * @restore_finish: completes @restore_async; %NULL without an error when
 *   nothing is stored
 * @remove_async: removes what was stored
 * @remove_finish: completes @remove_async
 * @describe: names where the persister stores, for messages (a file
 *   path); optional
 *
 * The virtual functions of a [iface@Gq.Persister]. Implementations must
 * not block the main context: storage is slow.
 */
struct _GqPersisterInterface
{
  GTypeInterface parent_iface;

  void       (*save_async)     (GqPersister          *self,
                                JsonNode             *persisted,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
  gboolean   (*save_finish)    (GqPersister          *self,
                                GAsyncResult         *result,
                                GError              **error);
  void       (*restore_async)  (GqPersister          *self,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
  JsonNode  *(*restore_finish) (GqPersister          *self,
                                GAsyncResult         *result,
                                GError              **error);
  void       (*remove_async)   (GqPersister          *self,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
  gboolean   (*remove_finish)  (GqPersister          *self,
                                GAsyncResult         *result,
                                GError              **error);
  char      *(*describe)       (GqPersister          *self);

  /*< private >*/
  gpointer _reserved[8];
};

GQ_AVAILABLE_IN_ALL
void      gq_persister_save_async     (GqPersister          *self,
                                       JsonNode             *persisted,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GQ_AVAILABLE_IN_ALL
gboolean  gq_persister_save_finish    (GqPersister          *self,
                                       GAsyncResult         *result,
                                       GError              **error);
GQ_AVAILABLE_IN_ALL
void      gq_persister_restore_async  (GqPersister          *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GQ_AVAILABLE_IN_ALL
JsonNode *gq_persister_restore_finish (GqPersister          *self,
                                       GAsyncResult         *result,
                                       GError              **error);
GQ_AVAILABLE_IN_ALL
void      gq_persister_remove_async   (GqPersister          *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GQ_AVAILABLE_IN_ALL
gboolean  gq_persister_remove_finish  (GqPersister          *self,
                                       GAsyncResult         *result,
                                       GError              **error);
GQ_AVAILABLE_IN_ALL
char     *gq_persister_describe       (GqPersister          *self);

G_END_DECLS
