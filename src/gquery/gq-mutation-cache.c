/* gq-mutation-cache.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-mutation-cache-private.h"
#include "gq-enum-types.h"
#include "gq-mutation-filters-private.h"
#include "gq-mutation-options-private.h"
#include "gq-mutation-private.h"
#include "gq-mutation-state-private.h"

/**
 * GqMutationCache:
 *
 * The registry of a client's mutations, TanStack Query's `MutationCache`.
 *
 * It keeps mutations in the order they were started, runs the mutations
 * of one scope one at a time, resumes paused mutations, and reports every
 * change through [signal@Gq.MutationCache::event], which devtools and
 * persisters follow.
 *
 * Callbacks set on the cache run for every mutation, before the
 * mutation's own: [method@Gq.MutationCache.set_on_success_func] is the
 * place for application-wide reactions such as invalidating queries or
 * showing an error.
 */

struct _GqMutationCache
{
  GObject            parent_instance;

  /* GqMutation*, owned, in insertion order. */
  GQueue             mutations;
  /* scope id → GPtrArray of the scope's mutations (borrowed), in order. */
  GHashTable        *scopes;
  guint              last_mutation_id;
  GqMutationOptions *hooks;
};

enum {
  EVENT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqMutationCache, gq_mutation_cache, G_TYPE_OBJECT)

static const char *
scope_of (GqMutation *mutation)
{
  return gq_mutation_options_get_scope_id (gq_mutation_get_options (mutation));
}

/* Returns whether @mutation was in the cache; drops the cache's reference
 * only through @out_ref. */
static gboolean
unlink_mutation (GqMutationCache  *self,
                 GqMutation       *mutation,
                 GqMutation      **out_ref)
{
  GList *link = g_queue_find (&self->mutations, mutation);
  GHashTableIter iter;
  GPtrArray *scoped;

  if (link == NULL)
    return FALSE;

  g_queue_delete_link (&self->mutations, link);

  /* Look in every scope: the options (and their scope) may have changed
   * since the mutation was added. */
  g_hash_table_iter_init (&iter, self->scopes);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &scoped))
    {
      if (g_ptr_array_remove (scoped, mutation) && scoped->len == 0)
        g_hash_table_iter_remove (&iter);
    }

  *out_ref = mutation;

  return TRUE;
}

static void
gq_mutation_cache_dispose (GObject *object)
{
  GqMutationCache *self = (GqMutationCache *)object;

  while (self->mutations.head != NULL)
    {
      g_autoptr(GqMutation) mutation = g_queue_pop_head (&self->mutations);

      _gq_mutation_destroy (mutation);
    }

  g_hash_table_remove_all (self->scopes);

  G_OBJECT_CLASS (gq_mutation_cache_parent_class)->dispose (object);
}

static void
gq_mutation_cache_finalize (GObject *object)
{
  GqMutationCache *self = (GqMutationCache *)object;

  g_clear_pointer (&self->scopes, g_hash_table_unref);
  g_clear_object (&self->hooks);

  G_OBJECT_CLASS (gq_mutation_cache_parent_class)->finalize (object);
}

static void
gq_mutation_cache_class_init (GqMutationCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gq_mutation_cache_dispose;
  object_class->finalize = gq_mutation_cache_finalize;

  /**
   * GqMutationCache::event:
   * @self: the cache
   * @type: what happened: added, removed, updated, observer-added,
   *   observer-removed or observer-options-updated
   * @mutation: (nullable): the mutation it happened to; %NULL for the
   *   options of an observer that has no mutation yet
   * @observer: (nullable): the [class@Gq.MutationObserver], for observer
   *   events
   *
   * Reports a change of the cache, synchronously, after the change.
   */
  signals [EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 3,
                  GQ_TYPE_CACHE_EVENT_TYPE,
                  GQ_TYPE_MUTATION,
                  G_TYPE_OBJECT);
}

static void
gq_mutation_cache_init (GqMutationCache *self)
{
  g_queue_init (&self->mutations);
  self->scopes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->hooks = gq_mutation_options_new (NULL);
}

/**
 * gq_mutation_cache_new:
 *
 * Creates an empty cache. A [class@Gq.QueryClient] makes its own; pass
 * one to [property@Gq.QueryClient:mutation-cache] to set callbacks before
 * the client exists.
 *
 * Returns: (transfer full): a new cache
 */
GqMutationCache *
gq_mutation_cache_new (void)
{
  return g_object_new (GQ_TYPE_MUTATION_CACHE, NULL);
}

void
_gq_mutation_cache_notify (GqMutationCache  *self,
                           GqCacheEventType  type,
                           GqMutation       *mutation,
                           GObject          *observer)
{
  if (g_signal_has_handler_pending (self, signals [EVENT], 0, FALSE))
    g_signal_emit (self, signals [EVENT], 0, type, mutation, observer);
}

GqMutation *
_gq_mutation_cache_build (GqMutationCache   *self,
                          GqQueryClient     *client,
                          GqMutationOptions *options,
                          GqMutationState   *state)
{
  GqMutation *mutation;
  const char *scope;

  g_return_val_if_fail (GQ_IS_MUTATION_CACHE (self), NULL);
  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (options), NULL);

  mutation = _gq_mutation_new (client, self, ++self->last_mutation_id, options, state);
  g_queue_push_tail (&self->mutations, mutation);

  if ((scope = scope_of (mutation)) != NULL)
    {
      GPtrArray *scoped = g_hash_table_lookup (self->scopes, scope);

      if (scoped == NULL)
        {
          scoped = g_ptr_array_new ();
          g_hash_table_insert (self->scopes, g_strdup (scope), scoped);
        }
      g_ptr_array_add (scoped, mutation);
    }

  _gq_mutation_cache_notify (self, GQ_CACHE_EVENT_ADDED, mutation, NULL);

  /* An unobserved mutation starts its gc clock at once. */
  _gq_mutation_schedule_gc (mutation);

  return mutation;
}

gboolean
_gq_mutation_cache_can_run (GqMutationCache *self,
                            GqMutation      *mutation)
{
  const char *scope = scope_of (mutation);
  GPtrArray *scoped;

  if (scope == NULL)
    return TRUE;

  if ((scoped = g_hash_table_lookup (self->scopes, scope)) == NULL)
    return TRUE;

  /* It may run if no mutation of the scope is pending (it starts), or if
   * it is the first pending one (it continues). */
  for (guint i = 0; i < scoped->len; i++)
    {
      GqMutation *other = g_ptr_array_index (scoped, i);

      if (gq_mutation_get_status (other) == GQ_MUTATION_STATUS_PENDING)
        return other == mutation;
    }

  return TRUE;
}

void
_gq_mutation_cache_run_next (GqMutationCache *self,
                             GqMutation      *mutation)
{
  const char *scope = scope_of (mutation);
  GPtrArray *scoped;

  if (scope == NULL || (scoped = g_hash_table_lookup (self->scopes, scope)) == NULL)
    return;

  for (guint i = 0; i < scoped->len; i++)
    {
      GqMutation *other = g_ptr_array_index (scoped, i);

      if (other != mutation && gq_mutation_state_get_is_paused (gq_mutation_get_state (other)))
        {
          _gq_mutation_continue (other, NULL);
          return;
        }
    }
}

GqMutationOptions *
_gq_mutation_cache_get_hooks (GqMutationCache *self)
{
  return self->hooks;
}

gboolean
_gq_mutation_cache_has_paused (GqMutationCache *self)
{
  for (GList *l = self->mutations.head; l != NULL; l = l->next)
    if (gq_mutation_state_get_is_paused (gq_mutation_get_state (l->data)))
      return TRUE;

  return FALSE;
}

/**
 * gq_mutation_cache_find:
 * @self: a cache
 * @filters: the filters; their key, if any, is matched exactly unless
 *   [property@Gq.MutationFilters:exact] was set to %FALSE explicitly, as
 *   TanStack's `find` defaults `exact` to true
 *
 * Finds the first mutation, in insertion order, that @filters match.
 *
 * Returns: (transfer none) (nullable): the mutation
 */
GqMutation *
gq_mutation_cache_find (GqMutationCache   *self,
                        GqMutationFilters *filters)
{
  g_autoptr(GqMutationFilters) exact = NULL;

  g_return_val_if_fail (GQ_IS_MUTATION_CACHE (self), NULL);
  g_return_val_if_fail (GQ_IS_MUTATION_FILTERS (filters), NULL);

  exact = _gq_mutation_filters_copy (filters);
  if (!_gq_mutation_filters_has_exact (filters))
    gq_mutation_filters_set_exact (exact, TRUE);

  for (GList *l = self->mutations.head; l != NULL; l = l->next)
    if (gq_mutation_filters_matches (exact, l->data))
      return l->data;

  return NULL;
}

/**
 * gq_mutation_cache_find_all:
 * @self: a cache
 * @filters: (nullable): the filters; %NULL matches every mutation
 *
 * Finds every mutation @filters match, in insertion order.
 *
 * The array holds a reference to each mutation and drops them when it is
 * freed: free it with g_ptr_array_unref(), and never unref its elements.
 * (That is what `(transfer container)` means for a #GPtrArray with a
 * free function: bindings take their own reference to each element.)
 *
 * Returns: (transfer container) (element-type GqMutation): the mutations
 */
GPtrArray *
gq_mutation_cache_find_all (GqMutationCache   *self,
                            GqMutationFilters *filters)
{
  g_autoptr(GPtrArray) snapshot = NULL;
  GPtrArray *result;

  g_return_val_if_fail (GQ_IS_MUTATION_CACHE (self), NULL);
  g_return_val_if_fail (filters == NULL || GQ_IS_MUTATION_FILTERS (filters), NULL);

  /* Match on a snapshot: a predicate may change the cache. */
  snapshot = g_ptr_array_new_full (self->mutations.length, g_object_unref);
  for (GList *l = self->mutations.head; l != NULL; l = l->next)
    g_ptr_array_add (snapshot, g_object_ref (l->data));

  result = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < snapshot->len; i++)
    {
      GqMutation *mutation = g_ptr_array_index (snapshot, i);

      if (filters == NULL || gq_mutation_filters_matches (filters, mutation))
        g_ptr_array_add (result, g_object_ref (mutation));
    }

  return result;
}

/**
 * gq_mutation_cache_get_all:
 * @self: a cache
 *
 * Lists every mutation, in insertion order.
 *
 * The array holds a reference to each mutation and drops them when it is
 * freed: free it with g_ptr_array_unref(), and never unref its elements.
 * (That is what `(transfer container)` means for a #GPtrArray with a
 * free function: bindings take their own reference to each element.)
 *
 * Returns: (transfer container) (element-type GqMutation): the mutations
 */
GPtrArray *
gq_mutation_cache_get_all (GqMutationCache *self)
{
  return gq_mutation_cache_find_all (self, NULL);
}

/**
 * gq_mutation_cache_get_size:
 * @self: a cache
 *
 * Counts the mutations in the cache.
 *
 * Returns: the number of mutations
 */
guint
gq_mutation_cache_get_size (GqMutationCache *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_CACHE (self), 0);

  return self->mutations.length;
}

/**
 * gq_mutation_cache_remove:
 * @self: a cache
 * @mutation: a mutation
 *
 * Removes @mutation from the cache and its scope. A pending mutation that
 * nothing else holds (an observer, a caller awaiting it) is dropped: its
 * mutation function's cancellable is cancelled. As in TanStack,
 * [signal@Gq.MutationCache::event] reports %GQ_CACHE_EVENT_REMOVED even
 * when @mutation was not in the cache.
 */
void
gq_mutation_cache_remove (GqMutationCache *self,
                          GqMutation      *mutation)
{
  g_autoptr(GqMutation) hold = NULL;
  GqMutation *owned = NULL;

  g_return_if_fail (GQ_IS_MUTATION_CACHE (self));
  g_return_if_fail (GQ_IS_MUTATION (mutation));

  hold = g_object_ref (mutation);

  if (unlink_mutation (self, mutation, &owned))
    {
      _gq_mutation_destroy (mutation);
      g_object_unref (owned);
    }

  _gq_mutation_cache_notify (self, GQ_CACHE_EVENT_REMOVED, mutation, NULL);
}

/**
 * gq_mutation_cache_clear:
 * @self: a cache
 *
 * Removes every mutation.
 */
void
gq_mutation_cache_clear (GqMutationCache *self)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_if_fail (GQ_IS_MUTATION_CACHE (self));

  all = gq_mutation_cache_get_all (self);
  for (guint i = 0; i < all->len; i++)
    gq_mutation_cache_remove (self, g_ptr_array_index (all, i));
}

/* Resuming: one count of the mutations still to settle. */

typedef struct
{
  GTask *task;
  guint  remaining;
} Resume;

static void
resume_one_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Resume *resume = user_data;

  /* A failed mutation still counts as resumed, as TanStack catches each. */
  if (--resume->remaining > 0)
    return;

  g_task_return_boolean (resume->task, TRUE);
  g_object_unref (resume->task);
  g_free (resume);
}

/**
 * gq_mutation_cache_resume_paused_mutations_async:
 * @self: a cache
 * @cancellable: (nullable): a cancellable; cancelled, the operation ends
 *   with a cancellation error once the mutations settle (they go on)
 * @callback: (scope async) (closure user_data): called when every resumed
 *   mutation settled
 * @user_data: data for @callback
 *
 * Continues every paused mutation: those waiting for the network or for
 * focus, and restored ones that never ran here. A mutation waiting for
 * the one before it in its scope stays paused until that one settles.
 * Use [method@Gq.QueryClient.resume_paused_mutations_async], which does
 * nothing while offline, rather than this.
 */
void
gq_mutation_cache_resume_paused_mutations_async (GqMutationCache     *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) paused = NULL;
  Resume *resume;

  g_return_if_fail (GQ_IS_MUTATION_CACHE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_mutation_cache_resume_paused_mutations_async);

  paused = g_ptr_array_new_with_free_func (g_object_unref);
  for (GList *l = self->mutations.head; l != NULL; l = l->next)
    if (gq_mutation_state_get_is_paused (gq_mutation_get_state (l->data)))
      g_ptr_array_add (paused, g_object_ref (l->data));

  if (paused->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  resume = g_new0 (Resume, 1);
  resume->task = g_steal_pointer (&task);
  resume->remaining = paused->len;

  for (guint i = 0; i < paused->len; i++)
    {
      g_autoptr(GTask) waiter = g_task_new (NULL, NULL, resume_one_done, resume);

      _gq_mutation_continue (g_ptr_array_index (paused, i), waiter);
    }
}

/**
 * gq_mutation_cache_resume_paused_mutations_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: where to put a cancellation error
 *
 * Completes [method@Gq.MutationCache.resume_paused_mutations_async]. The
 * failure of a resumed mutation is not an error of the operation.
 *
 * Returns: %TRUE, or %FALSE with @error set if it was cancelled
 */
gboolean
gq_mutation_cache_resume_paused_mutations_finish (GqMutationCache  *self,
                                                  GAsyncResult     *result,
                                                  GError          **error)
{
  g_return_val_if_fail (GQ_IS_MUTATION_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gq_mutation_cache_set_on_mutate_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the callback; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a callback run before every mutation, ahead of the mutation's own
 * on-mutate callback. What it returns is ignored (the mutation's context
 * comes from its own callback); a failure fails the mutation.
 */
void
gq_mutation_cache_set_on_mutate_func (GqMutationCache        *self,
                                      GqMutationOnMutateFunc  func,
                                      gpointer                user_data,
                                      GDestroyNotify          destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_CACHE (self));

  gq_mutation_options_set_on_mutate_func (self->hooks, func, user_data, destroy);
}

/**
 * gq_mutation_cache_set_on_success_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the callback; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a callback run when any mutation succeeds, ahead of the mutation's
 * own.
 */
void
gq_mutation_cache_set_on_success_func (GqMutationCache         *self,
                                       GqMutationOnSuccessFunc  func,
                                       gpointer                 user_data,
                                       GDestroyNotify           destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_CACHE (self));

  gq_mutation_options_set_on_success_func (self->hooks, func, user_data, destroy);
}

/**
 * gq_mutation_cache_set_on_error_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the callback; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a callback run when any mutation fails, ahead of the mutation's
 * own.
 */
void
gq_mutation_cache_set_on_error_func (GqMutationCache       *self,
                                     GqMutationOnErrorFunc  func,
                                     gpointer               user_data,
                                     GDestroyNotify         destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_CACHE (self));

  gq_mutation_options_set_on_error_func (self->hooks, func, user_data, destroy);
}

/**
 * gq_mutation_cache_set_on_settled_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the callback; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a callback run when any mutation settles, ahead of the mutation's
 * own.
 */
void
gq_mutation_cache_set_on_settled_func (GqMutationCache         *self,
                                       GqMutationOnSettledFunc  func,
                                       gpointer                 user_data,
                                       GDestroyNotify           destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_CACHE (self));

  gq_mutation_options_set_on_settled_func (self->hooks, func, user_data, destroy);
}
