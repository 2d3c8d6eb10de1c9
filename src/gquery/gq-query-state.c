/* gq-query-state.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-state.h"
#include "gq-query-state-private.h"

/**
 * GqQueryState:
 *
 * A snapshot of what a [class@Gq.Query] knows: its data, its last error,
 * and what its fetch is doing.
 *
 * A state is immutable once published: every change to a query produces
 * a new state, so holding a reference is enough to keep a consistent view.
 */

G_DEFINE_BOXED_TYPE (GqQueryState, gq_query_state, gq_query_state_ref, gq_query_state_unref)

GqQueryState *
_gq_query_state_new (void)
{
  GqQueryState *self;

  self = g_new0 (GqQueryState, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->status = GQ_QUERY_STATUS_PENDING;
  self->fetch_status = GQ_FETCH_STATUS_IDLE;

  return self;
}

GqQueryState *
_gq_query_state_copy (GqQueryState *self)
{
  GqQueryState *copy;

  g_assert (self != NULL);

  copy = _gq_query_state_new ();
  copy->data = self->data ? json_node_ref (self->data) : NULL;
  copy->data_update_count = self->data_update_count;
  copy->data_updated_at = self->data_updated_at;
  copy->error = self->error ? g_error_copy (self->error) : NULL;
  copy->error_update_count = self->error_update_count;
  copy->error_updated_at = self->error_updated_at;
  copy->fetch_failure_count = self->fetch_failure_count;
  copy->fetch_failure_reason = self->fetch_failure_reason ? g_error_copy (self->fetch_failure_reason) : NULL;
  copy->fetch_meta = self->fetch_meta ? json_node_ref (self->fetch_meta) : NULL;
  copy->is_invalidated = self->is_invalidated;
  copy->status = self->status;
  copy->fetch_status = self->fetch_status;

  return copy;
}

GqQueryState *
_gq_query_state_edit (GqQueryState *self)
{
  g_assert (self != NULL);

  /* Held by the caller alone: no one can see it change, and a copy would
   * cost an allocation and a cold line of memory per state change. */
  if (g_atomic_ref_count_compare (&self->ref_count, 1))
    return gq_query_state_ref (self);

  return _gq_query_state_copy (self);
}

static void
gq_query_state_free (GqQueryState *self)
{
  g_clear_pointer (&self->data, json_node_unref);
  g_clear_error (&self->error);
  g_clear_error (&self->fetch_failure_reason);
  g_clear_pointer (&self->fetch_meta, json_node_unref);
  g_free (self);
}

/**
 * gq_query_state_ref:
 * @self: a state
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
GqQueryState *
gq_query_state_ref (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * gq_query_state_unref:
 * @self: (transfer full): a state
 *
 * Drops a reference on @self, freeing it when it was the last one.
 */
void
gq_query_state_unref (GqQueryState *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    gq_query_state_free (self);
}

/**
 * gq_query_state_get_data:
 * @self: a state
 *
 * Gets the query's data. The node is sealed and shared: keep a reference
 * with json_node_ref() to hold on to it.
 *
 * Returns: (transfer none) (nullable): the data, or %NULL when the query
 *   has none (TanStack's `undefined`)
 */
JsonNode *
gq_query_state_get_data (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

/**
 * gq_query_state_has_data:
 * @self: a state
 *
 * Tells whether the query has data. JSON `null` is data: only the absence
 * of a node is "no data".
 *
 * Returns: %TRUE if [method@Gq.QueryState.get_data] is not %NULL
 */
gboolean
gq_query_state_has_data (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->data != NULL;
}

/**
 * gq_query_state_get_data_update_count:
 * @self: a state
 *
 * Gets how many times the data was set by a fetch or by
 * [method@Gq.QueryClient.set_query_data]. Initial data does not count.
 *
 * Returns: the number of data updates
 */
guint
gq_query_state_get_data_update_count (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->data_update_count;
}

/**
 * gq_query_state_get_data_updated_at:
 * @self: a state
 *
 * Gets when the data was last updated.
 *
 * Returns: the time in milliseconds, or 0 when there is no data
 */
gint64
gq_query_state_get_data_updated_at (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->data_updated_at;
}

/**
 * gq_query_state_get_error:
 * @self: a state
 *
 * Gets the error of the last failed fetch, cleared by the next success.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
gq_query_state_get_error (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

/**
 * gq_query_state_get_error_update_count:
 * @self: a state
 *
 * Gets how many fetches ended in an error.
 *
 * Returns: the number of error updates
 */
guint
gq_query_state_get_error_update_count (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_update_count;
}

/**
 * gq_query_state_get_error_updated_at:
 * @self: a state
 *
 * Gets when the last error happened.
 *
 * Returns: the time in milliseconds, or 0 when there was no error
 */
gint64
gq_query_state_get_error_updated_at (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_updated_at;
}

/**
 * gq_query_state_get_fetch_failure_count:
 * @self: a state
 *
 * Gets how many attempts of the current (or last) fetch failed. It is
 * reset when a fetch starts and when one succeeds.
 *
 * Returns: the number of failed attempts
 */
guint
gq_query_state_get_fetch_failure_count (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->fetch_failure_count;
}

/**
 * gq_query_state_get_fetch_failure_reason:
 * @self: a state
 *
 * Gets the error of the last failed attempt.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
gq_query_state_get_fetch_failure_reason (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->fetch_failure_reason;
}

/**
 * gq_query_state_get_fetch_meta:
 * @self: a state
 *
 * Gets the meta given to the running (or last) fetch, such as the page
 * direction of an infinite query.
 *
 * Returns: (transfer none) (nullable): the fetch meta
 */
JsonNode *
gq_query_state_get_fetch_meta (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->fetch_meta;
}

/**
 * gq_query_state_get_is_invalidated:
 * @self: a state
 *
 * Tells whether the query was invalidated (or failed) since its data was
 * last set, which makes it stale whatever its stale time.
 *
 * Returns: %TRUE if the query is invalidated
 */
gboolean
gq_query_state_get_is_invalidated (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_invalidated;
}

/**
 * gq_query_state_get_status:
 * @self: a state
 *
 * Gets what the query knows about its data.
 *
 * Returns: the status
 */
GqQueryStatus
gq_query_state_get_status (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, GQ_QUERY_STATUS_PENDING);

  return self->status;
}

/**
 * gq_query_state_get_fetch_status:
 * @self: a state
 *
 * Gets what the query's fetch is doing.
 *
 * Returns: the fetch status
 */
GqFetchStatus
gq_query_state_get_fetch_status (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, GQ_FETCH_STATUS_IDLE);

  return self->fetch_status;
}

void
_gq_query_state_set_data (GqQueryState *self,
                          JsonNode     *data)
{
  g_assert (self != NULL);

  if (self->data == data)
    return;

  if (data != NULL)
    json_node_ref (data);
  g_clear_pointer (&self->data, json_node_unref);
  self->data = data;
}

static void
replace_error (GError       **field,
               const GError  *error)
{
  if (*field == error)
    return;

  g_clear_error (field);
  if (error != NULL)
    *field = g_error_copy (error);
}

void
_gq_query_state_set_error (GqQueryState *self,
                           const GError *error)
{
  g_assert (self != NULL);

  replace_error (&self->error, error);
}

void
_gq_query_state_set_fetch_failure_reason (GqQueryState *self,
                                          const GError *error)
{
  g_assert (self != NULL);

  replace_error (&self->fetch_failure_reason, error);
}

void
_gq_query_state_set_fetch_meta (GqQueryState *self,
                                JsonNode     *meta)
{
  g_assert (self != NULL);

  if (self->fetch_meta == meta)
    return;

  if (meta != NULL)
    json_node_ref (meta);
  g_clear_pointer (&self->fetch_meta, json_node_unref);
  self->fetch_meta = meta;
}

gboolean
_gq_error_equal (const GError *a,
                 const GError *b)
{
  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL)
    return FALSE;

  return a->domain == b->domain &&
         a->code == b->code &&
         g_strcmp0 (a->message, b->message) == 0;
}

/**
 * gq_query_state_copy:
 * @self: a state
 *
 * Copies @self into a new state that no query has published yet, to
 * change with the setters below and hand to [method@Gq.Query.set_state].
 * A published state never changes: the setters only apply to such a copy.
 *
 * Returns: (transfer full): the copy
 */
GqQueryState *
gq_query_state_copy (GqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _gq_query_state_copy (self);
}

/**
 * gq_query_state_set_data:
 * @self: an unpublished state (from [method@Gq.QueryState.copy])
 * @data: (nullable): the data, or %NULL for none; it is sealed
 *
 * Sets the data of a state that is being built.
 */
void
gq_query_state_set_data (GqQueryState *self,
                         JsonNode     *data)
{
  g_return_if_fail (self != NULL);

  if (data != NULL)
    json_node_seal (data);
  _gq_query_state_set_data (self, data);
}

/**
 * gq_query_state_set_error:
 * @self: an unpublished state (from [method@Gq.QueryState.copy])
 * @error: (nullable): the error, copied, or %NULL for none
 *
 * Sets the error of a state that is being built.
 */
void
gq_query_state_set_error (GqQueryState *self,
                          const GError *error)
{
  g_return_if_fail (self != NULL);

  _gq_query_state_set_error (self, error);
}

/**
 * gq_query_state_set_status:
 * @self: an unpublished state (from [method@Gq.QueryState.copy])
 * @status: the status
 *
 * Sets the status of a state that is being built.
 */
void
gq_query_state_set_status (GqQueryState  *self,
                           GqQueryStatus  status)
{
  g_return_if_fail (self != NULL);

  self->status = status;
}

/**
 * gq_query_state_set_fetch_status:
 * @self: an unpublished state (from [method@Gq.QueryState.copy])
 * @fetch_status: the fetch status
 *
 * Sets the fetch status of a state that is being built.
 */
void
gq_query_state_set_fetch_status (GqQueryState  *self,
                                 GqFetchStatus  fetch_status)
{
  g_return_if_fail (self != NULL);

  self->fetch_status = fetch_status;
}

/**
 * gq_query_state_set_fetch_meta:
 * @self: an unpublished state (from [method@Gq.QueryState.copy])
 * @meta: (nullable): the fetch meta data, or %NULL for none; it is sealed
 *
 * Sets the fetch meta data of a state that is being built.
 */
void
gq_query_state_set_fetch_meta (GqQueryState *self,
                               JsonNode     *meta)
{
  g_return_if_fail (self != NULL);

  if (meta != NULL)
    json_node_seal (meta);
  _gq_query_state_set_fetch_meta (self, meta);
}
