/* gq-query-result.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-result.h"
#include "gq-query-result-private.h"
#include "gq-query-state-private.h"

#include <string.h>

/**
 * GqQueryResult:
 *
 * What a [class@Gq.QueryObserver] shows: the query's state seen through
 * the observer's options (`select`, placeholder data, `enabled`), with the
 * derived flags TanStack Query computes (`is_loading`, `is_refetching`, ...).
 *
 * A result is immutable: each update of an observer produces a new one.
 */

G_DEFINE_BOXED_TYPE (GqQueryResult, gq_query_result, gq_query_result_ref, gq_query_result_unref)

GqQueryResult *
_gq_query_result_new (void)
{
  GqQueryResult *self;

  self = g_new0 (GqQueryResult, 1);
  g_atomic_ref_count_init (&self->ref_count);

  return self;
}

static void
clear_fields (GqQueryResult *self)
{
  g_clear_pointer (&self->data, json_node_unref);
  g_clear_error (&self->error);
  g_clear_error (&self->failure_reason);
}

static void
gq_query_result_free (GqQueryResult *self)
{
  clear_fields (self);
  g_free (self);
}

GqQueryResult *
_gq_query_result_new_from_spare (GqQueryResult **spare)
{
  GqQueryResult *self = g_steal_pointer (spare);

  if (self == NULL)
    return _gq_query_result_new ();

  memset (self, 0, sizeof *self);
  g_atomic_ref_count_init (&self->ref_count);

  return self;
}

void
_gq_query_result_release (GqQueryResult  *self,
                          GqQueryResult **spare)
{
  g_assert (self != NULL);

  /* Nobody else holds it: nobody can see it cleared and reused. */
  if (*spare == NULL && g_atomic_ref_count_compare (&self->ref_count, 1))
    {
      clear_fields (self);
      *spare = self;
      return;
    }

  gq_query_result_unref (self);
}

/**
 * gq_query_result_ref:
 * @self: a result
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
GqQueryResult *
gq_query_result_ref (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * gq_query_result_unref:
 * @self: (transfer full): a result
 *
 * Drops a reference on @self, freeing it when it was the last one.
 */
void
gq_query_result_unref (GqQueryResult *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    gq_query_result_free (self);
}

void
_gq_query_result_set_data (GqQueryResult *self,
                           JsonNode      *data)
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
_gq_query_result_set_error (GqQueryResult *self,
                            const GError  *error)
{
  g_assert (self != NULL);

  replace_error (&self->error, error);
}

void
_gq_query_result_set_failure_reason (GqQueryResult *self,
                                     const GError  *error)
{
  g_assert (self != NULL);

  replace_error (&self->failure_reason, error);
}

/**
 * gq_query_result_get_status:
 * @self: a result
 *
 * Gets the status of the result: pending until there is data (or
 * placeholder data), error after a failed fetch, success otherwise.
 *
 * Returns: the status
 */
GqQueryStatus
gq_query_result_get_status (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, GQ_QUERY_STATUS_PENDING);

  return self->status;
}

/**
 * gq_query_result_get_fetch_status:
 * @self: a result
 *
 * Gets what the query's fetch is doing.
 *
 * Returns: the fetch status
 */
GqFetchStatus
gq_query_result_get_fetch_status (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, GQ_FETCH_STATUS_IDLE);

  return self->fetch_status;
}

/**
 * gq_query_result_get_data:
 * @self: a result
 *
 * Gets the data the observer shows: the query's data after `select`, or
 * placeholder data. The node is sealed and shared; results of an unchanged
 * query hold the same node, so a pointer comparison tells whether the data
 * changed.
 *
 * Returns: (transfer none) (nullable): the data
 */
JsonNode *
gq_query_result_get_data (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

/**
 * gq_query_result_get_error:
 * @self: a result
 *
 * Gets the error of the last failed fetch, or of a failing `select`.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
gq_query_result_get_error (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

/**
 * gq_query_result_get_data_updated_at:
 * @self: a result
 *
 * Gets when the query's data was last updated.
 *
 * Returns: the time in milliseconds, 0 when there is no data
 */
gint64
gq_query_result_get_data_updated_at (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->data_updated_at;
}

/**
 * gq_query_result_get_error_updated_at:
 * @self: a result
 *
 * Gets when the last error happened.
 *
 * Returns: the time in milliseconds, 0 when there was no error
 */
gint64
gq_query_result_get_error_updated_at (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_updated_at;
}

/**
 * gq_query_result_get_failure_count:
 * @self: a result
 *
 * Gets how many attempts of the current (or last) fetch failed.
 *
 * Returns: the number of failed attempts
 */
guint
gq_query_result_get_failure_count (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->failure_count;
}

/**
 * gq_query_result_get_failure_reason:
 * @self: a result
 *
 * Gets the error of the last failed attempt, set while retries are still
 * running.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
gq_query_result_get_failure_reason (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->failure_reason;
}

/**
 * gq_query_result_get_error_update_count:
 * @self: a result
 *
 * Gets how many fetches of the query ended in an error.
 *
 * Returns: the number of error updates
 */
guint
gq_query_result_get_error_update_count (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_update_count;
}

/**
 * gq_query_result_get_is_pending:
 * @self: a result
 *
 * Tells whether there is no data yet (the status is
 * [enum@Gq.QueryStatus.PENDING]).
 *
 * Returns: %TRUE if pending
 */
gboolean
gq_query_result_get_is_pending (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_pending;
}

/**
 * gq_query_result_get_is_success:
 * @self: a result
 *
 * Tells whether the status is [enum@Gq.QueryStatus.SUCCESS].
 *
 * Returns: %TRUE on success
 */
gboolean
gq_query_result_get_is_success (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_success;
}

/**
 * gq_query_result_get_is_error:
 * @self: a result
 *
 * Tells whether the status is [enum@Gq.QueryStatus.ERROR].
 *
 * Returns: %TRUE on error
 */
gboolean
gq_query_result_get_is_error (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_error;
}

/**
 * gq_query_result_get_is_loading:
 * @self: a result
 *
 * Tells whether the first fetch is running: pending and fetching.
 *
 * Returns: %TRUE while loading
 */
gboolean
gq_query_result_get_is_loading (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_loading;
}

/**
 * gq_query_result_get_is_loading_error:
 * @self: a result
 *
 * Tells whether the query failed without ever having data.
 *
 * Returns: %TRUE on a loading error
 */
gboolean
gq_query_result_get_is_loading_error (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_loading_error;
}

/**
 * gq_query_result_get_is_refetch_error:
 * @self: a result
 *
 * Tells whether a refetch failed while the query had data (the data is
 * kept).
 *
 * Returns: %TRUE on a refetch error
 */
gboolean
gq_query_result_get_is_refetch_error (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_refetch_error;
}

/**
 * gq_query_result_get_is_fetching:
 * @self: a result
 *
 * Tells whether the query function is running.
 *
 * Returns: %TRUE while fetching
 */
gboolean
gq_query_result_get_is_fetching (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_fetching;
}

/**
 * gq_query_result_get_is_refetching:
 * @self: a result
 *
 * Tells whether a fetch runs while there is data: fetching and not
 * pending.
 *
 * Returns: %TRUE while refetching
 */
gboolean
gq_query_result_get_is_refetching (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_refetching;
}

/**
 * gq_query_result_get_is_paused:
 * @self: a result
 *
 * Tells whether a fetch waits for the network or for focus.
 *
 * Returns: %TRUE while paused
 */
gboolean
gq_query_result_get_is_paused (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_paused;
}

/**
 * gq_query_result_get_is_stale:
 * @self: a result
 *
 * Tells whether the observer considers the data stale. A disabled
 * observer's data is never stale.
 *
 * Returns: %TRUE if stale
 */
gboolean
gq_query_result_get_is_stale (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_stale;
}

/**
 * gq_query_result_get_is_placeholder_data:
 * @self: a result
 *
 * Tells whether the data shown is placeholder data rather than the
 * query's.
 *
 * Returns: %TRUE if the data is a placeholder
 */
gboolean
gq_query_result_get_is_placeholder_data (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_placeholder_data;
}

/**
 * gq_query_result_get_is_fetched:
 * @self: a result
 *
 * Tells whether the query was ever fetched (or its data set by hand).
 *
 * Returns: %TRUE if fetched
 */
gboolean
gq_query_result_get_is_fetched (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_fetched;
}

/**
 * gq_query_result_get_is_fetched_after_mount:
 * @self: a result
 *
 * Tells whether the query was fetched since the observer started watching
 * it.
 *
 * Returns: %TRUE if fetched after mount
 */
gboolean
gq_query_result_get_is_fetched_after_mount (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_fetched_after_mount;
}

/**
 * gq_query_result_get_is_enabled:
 * @self: a result
 *
 * Tells whether the observer's options enable automatic fetching.
 *
 * Returns: %TRUE if enabled
 */
gboolean
gq_query_result_get_is_enabled (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_enabled;
}

/**
 * gq_query_result_get_has_next_page:
 * @self: a result
 *
 * Tells whether an infinite query has a next page to fetch. Always %FALSE
 * for other queries.
 *
 * Returns: %TRUE if there is a next page
 */
gboolean
gq_query_result_get_has_next_page (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_next_page;
}

/**
 * gq_query_result_get_has_previous_page:
 * @self: a result
 *
 * Tells whether an infinite query has a previous page to fetch. Always
 * %FALSE for other queries.
 *
 * Returns: %TRUE if there is a previous page
 */
gboolean
gq_query_result_get_has_previous_page (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_previous_page;
}

/**
 * gq_query_result_get_is_fetching_next_page:
 * @self: a result
 *
 * Tells whether an infinite query is fetching its next page.
 *
 * Returns: %TRUE while fetching the next page
 */
gboolean
gq_query_result_get_is_fetching_next_page (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_fetching_next_page;
}

/**
 * gq_query_result_get_is_fetching_previous_page:
 * @self: a result
 *
 * Tells whether an infinite query is fetching its previous page.
 *
 * Returns: %TRUE while fetching the previous page
 */
gboolean
gq_query_result_get_is_fetching_previous_page (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_fetching_previous_page;
}

/**
 * gq_query_result_get_is_fetch_next_page_error:
 * @self: a result
 *
 * Tells whether fetching an infinite query's next page failed.
 *
 * Returns: %TRUE if the next page failed
 */
gboolean
gq_query_result_get_is_fetch_next_page_error (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_fetch_next_page_error;
}

/**
 * gq_query_result_get_is_fetch_previous_page_error:
 * @self: a result
 *
 * Tells whether fetching an infinite query's previous page failed.
 *
 * Returns: %TRUE if the previous page failed
 */
gboolean
gq_query_result_get_is_fetch_previous_page_error (GqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_fetch_previous_page_error;
}

/* Booleans are compared by truth value: a field set from an expression
 * such as `a && b` may hold any non-zero value. */
#define BOOL_EQUAL(a, b) (!(a) == !(b))

/**
 * gq_query_result_equal:
 * @a: (nullable): a result
 * @b: (nullable): another result
 *
 * Compares two results field by field, the way TanStack Query decides
 * whether an observer's new result is worth notifying: the data by node
 * identity (structural sharing keeps equal data in the same node), the
 * errors by domain, code and message, every other field by value.
 *
 * Returns: %TRUE if @a and @b show the same thing
 */
gboolean
gq_query_result_equal (GqQueryResult *a,
                       GqQueryResult *b)
{
  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL)
    return FALSE;

  return a->status == b->status &&
         a->fetch_status == b->fetch_status &&
         a->data == b->data &&
         _gq_error_equal (a->error, b->error) &&
         a->data_updated_at == b->data_updated_at &&
         a->error_updated_at == b->error_updated_at &&
         a->failure_count == b->failure_count &&
         _gq_error_equal (a->failure_reason, b->failure_reason) &&
         a->error_update_count == b->error_update_count &&
         BOOL_EQUAL (a->is_pending, b->is_pending) &&
         BOOL_EQUAL (a->is_success, b->is_success) &&
         BOOL_EQUAL (a->is_error, b->is_error) &&
         BOOL_EQUAL (a->is_loading, b->is_loading) &&
         BOOL_EQUAL (a->is_loading_error, b->is_loading_error) &&
         BOOL_EQUAL (a->is_refetch_error, b->is_refetch_error) &&
         BOOL_EQUAL (a->is_fetching, b->is_fetching) &&
         BOOL_EQUAL (a->is_refetching, b->is_refetching) &&
         BOOL_EQUAL (a->is_paused, b->is_paused) &&
         BOOL_EQUAL (a->is_stale, b->is_stale) &&
         BOOL_EQUAL (a->is_placeholder_data, b->is_placeholder_data) &&
         BOOL_EQUAL (a->is_fetched, b->is_fetched) &&
         BOOL_EQUAL (a->is_fetched_after_mount, b->is_fetched_after_mount) &&
         BOOL_EQUAL (a->is_enabled, b->is_enabled) &&
         BOOL_EQUAL (a->has_next_page, b->has_next_page) &&
         BOOL_EQUAL (a->has_previous_page, b->has_previous_page) &&
         BOOL_EQUAL (a->is_fetching_next_page, b->is_fetching_next_page) &&
         BOOL_EQUAL (a->is_fetching_previous_page, b->is_fetching_previous_page) &&
         BOOL_EQUAL (a->is_fetch_next_page_error, b->is_fetch_next_page_error) &&
         BOOL_EQUAL (a->is_fetch_previous_page_error, b->is_fetch_previous_page_error);
}
