/* gq-persister.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-persister.h"

/**
 * GqPersister:
 *
 * Where a [class@Gq.PersistController] keeps a client's cache between
 * runs: TanStack Query's `Persister` (`persistClient`, `restoreClient`,
 * `removeClient`).
 *
 * A persister stores one JSON document, the persisted client, and gives
 * it back as it was stored; it does not look inside. The controller
 * writes the document and checks it on the way back (its format, version,
 * age and buster). [class@Gq.FilePersister] stores it in a file;
 * implement this interface to store it elsewhere (a database, a secret
 * store, a test double).
 */

/**
 * gq_persist_error_quark:
 *
 * Gets the error domain of persistence, [error@Gq.PersistError].
 *
 * Returns: the quark of %GQ_PERSIST_ERROR
 */
G_DEFINE_QUARK (gq-persist-error-quark, gq_persist_error)

G_DEFINE_INTERFACE (GqPersister, gq_persister, G_TYPE_OBJECT)

static char *
gq_persister_real_describe (GqPersister *self)
{
  return g_strdup (G_OBJECT_TYPE_NAME (self));
}

static void
gq_persister_default_init (GqPersisterInterface *iface)
{
  iface->describe = gq_persister_real_describe;
}

/**
 * gq_persister_save_async:
 * @self: a persister
 * @persisted: the persisted client, sealed
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (closure user_data): called once it is stored
 *   or failed
 * @user_data: data for @callback
 *
 * Stores @persisted in place of what was stored. A persister that fails
 * leaves what it had stored before as it was.
 */
void
gq_persister_save_async (GqPersister         *self,
                         JsonNode            *persisted,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (GQ_IS_PERSISTER (self));
  g_return_if_fail (persisted != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  GQ_PERSISTER_GET_IFACE (self)->save_async (self, persisted, cancellable, callback, user_data);
}

/**
 * gq_persister_save_finish:
 * @self: a persister
 * @result: the result given to the callback
 * @error: where to put the reason it was not stored
 *
 * Completes [method@Gq.Persister.save_async].
 *
 * Returns: %TRUE if it was stored
 */
gboolean
gq_persister_save_finish (GqPersister   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (GQ_IS_PERSISTER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return GQ_PERSISTER_GET_IFACE (self)->save_finish (self, result, error);
}

/**
 * gq_persister_restore_async:
 * @self: a persister
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (closure user_data): called with what was
 *   stored
 * @user_data: data for @callback
 *
 * Reads what was stored.
 */
void
gq_persister_restore_async (GqPersister         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (GQ_IS_PERSISTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  GQ_PERSISTER_GET_IFACE (self)->restore_async (self, cancellable, callback, user_data);
}

/**
 * gq_persister_restore_finish:
 * @self: a persister
 * @result: the result given to the callback
 * @error: where to put the reason it cannot be read
 *
 * Completes [method@Gq.Persister.restore_async].
 *
 * Returns: (transfer full) (nullable): what was stored, or %NULL without
 *   an error when nothing is
 */
JsonNode *
gq_persister_restore_finish (GqPersister   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (GQ_IS_PERSISTER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return GQ_PERSISTER_GET_IFACE (self)->restore_finish (self, result, error);
}

/**
 * gq_persister_remove_async:
 * @self: a persister
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (closure user_data): called once it is removed
 * @user_data: data for @callback
 *
 * Removes what was stored. Removing nothing succeeds.
 */
void
gq_persister_remove_async (GqPersister         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (GQ_IS_PERSISTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  GQ_PERSISTER_GET_IFACE (self)->remove_async (self, cancellable, callback, user_data);
}

/**
 * gq_persister_remove_finish:
 * @self: a persister
 * @result: the result given to the callback
 * @error: where to put the reason it was not removed
 *
 * Completes [method@Gq.Persister.remove_async].
 *
 * Returns: %TRUE if nothing is stored any more
 */
gboolean
gq_persister_remove_finish (GqPersister   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (GQ_IS_PERSISTER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return GQ_PERSISTER_GET_IFACE (self)->remove_finish (self, result, error);
}

/**
 * gq_persister_describe:
 * @self: a persister
 *
 * Names where @self stores, for messages: a file persister gives its
 * path.
 *
 * Returns: (transfer full): the description
 */
char *
gq_persister_describe (GqPersister *self)
{
  g_return_val_if_fail (GQ_IS_PERSISTER (self), NULL);

  return GQ_PERSISTER_GET_IFACE (self)->describe (self);
}
