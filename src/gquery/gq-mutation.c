/* gq-mutation.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-mutation-private.h"
#include "gq-enum-types.h"
#include "gq-error.h"
#include "gq-json.h"
#include "gq-mutation-cache-private.h"
#include "gq-mutation-context-private.h"
#include "gq-mutation-observer-private.h"
#include "gq-mutation-options-private.h"
#include "gq-mutation-state-private.h"
#include "gq-query-client.h"
#include "gq-query-state-private.h"
#include "gq-retryer-private.h"
#include "gq-scheduler.h"

/**
 * GqMutation:
 *
 * One run of a mutation: TanStack Query's `Mutation`, an entry of the
 * [class@Gq.MutationCache].
 *
 * A mutation runs its callbacks and its mutation function, retries it,
 * pauses while offline or while the mutations before it in its scope run,
 * and is removed from the cache once it has finished and has been
 * unobserved for its gc time. Applications start mutations with a
 * [class@Gq.MutationObserver]; each [method@Gq.MutationObserver.mutate]
 * makes a new one.
 *
 * Its state is a [struct@Gq.MutationState], replaced on every change; its
 * fields are also properties, with `notify`.
 */

struct _GqMutation
{
  GObject            parent_instance;

  GqQueryClient     *client;
  GqMutationCache   *cache;
  GqScheduler       *scheduler;
  guint              mutation_id;
  GqMutationOptions *options;
  GqMutationState   *state;
  GPtrArray         *observers;
  GqRetryer         *retryer;
  /* The variables of the running execution, for its callbacks. */
  JsonNode          *variables;
  GPtrArray         *waiters;

  gint64             gc_time;
  guint              gc_id;
  gboolean           has_gc_time;
  /* The gc timer fired while the mutation was pending: collect it once
   * it settles. */
  gboolean           gc_deferred;
  /* Out of the cache: nothing left to collect. */
  gboolean           removed;
};

enum {
  PROP_0,
  PROP_MUTATION_ID,
  PROP_OPTIONS,
  PROP_STATE,
  PROP_STATUS,
  PROP_DATA,
  PROP_ERROR,
  PROP_VARIABLES,
  PROP_CONTEXT,
  PROP_IS_PAUSED,
  PROP_FAILURE_COUNT,
  PROP_FAILURE_REASON,
  PROP_SUBMITTED_AT,
  PROP_IDEMPOTENCY_KEY,
  PROP_SCOPE_ID,
  PROP_MUTATION_KEY,
  PROP_OBSERVER_COUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (GqMutation, gq_mutation, G_TYPE_OBJECT)

static const GqRetryerCallbacks retryer_callbacks;

static gint64
now (GqMutation *self)
{
  return gq_scheduler_now (self->scheduler);
}

/* Waiters: the GTasks awaiting the execution, TanStack's promise. */
static void
complete_waiters (GqMutation   *self,
                  JsonNode     *data,
                  const GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, data ? json_node_ref (data) : NULL,
                               (GDestroyNotify) json_node_unref);
    }
}

/* State */

static GqMutationState *
reduce (GqMutation       *self,
        GqMutationAction  action,
        JsonNode         *variables,
        JsonNode         *context,
        gboolean          is_paused,
        guint             failure_count,
        JsonNode         *data,
        const GError     *error)
{
  GqMutationState *s = _gq_mutation_state_copy (self->state);

  switch (action)
    {
    case GQ_MUTATION_ACTION_FAILED:
      s->failure_count = failure_count;
      _gq_mutation_state_set_failure_reason (s, error);
      break;

    case GQ_MUTATION_ACTION_PAUSE:
      s->is_paused = TRUE;
      break;

    case GQ_MUTATION_ACTION_CONTINUE:
      s->is_paused = FALSE;
      break;

    case GQ_MUTATION_ACTION_PENDING:
      _gq_mutation_state_set_context (s, context);
      _gq_mutation_state_set_data (s, NULL);
      s->failure_count = 0;
      _gq_mutation_state_set_failure_reason (s, NULL);
      _gq_mutation_state_set_error (s, NULL);
      s->is_paused = is_paused;
      s->status = GQ_MUTATION_STATUS_PENDING;
      _gq_mutation_state_set_variables (s, variables);
      s->submitted_at = now (self);
      break;

    case GQ_MUTATION_ACTION_SUCCESS:
      _gq_mutation_state_set_data (s, data);
      s->failure_count = 0;
      _gq_mutation_state_set_failure_reason (s, NULL);
      _gq_mutation_state_set_error (s, NULL);
      s->status = GQ_MUTATION_STATUS_SUCCESS;
      s->is_paused = FALSE;
      break;

    case GQ_MUTATION_ACTION_ERROR:
      _gq_mutation_state_set_data (s, NULL);
      _gq_mutation_state_set_error (s, error);
      s->failure_count++;
      _gq_mutation_state_set_failure_reason (s, error);
      s->is_paused = FALSE;
      s->status = GQ_MUTATION_STATUS_ERROR;
      break;

    default:
      g_assert_not_reached ();
    }

  return s;
}

static void
notify_changes (GqMutation      *self,
                GqMutationState *old,
                GqMutationState *new)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);

  g_object_notify_by_pspec (object, properties [PROP_STATE]);
  if (old->status != new->status)
    g_object_notify_by_pspec (object, properties [PROP_STATUS]);
  if (old->data != new->data)
    g_object_notify_by_pspec (object, properties [PROP_DATA]);
  if (!_gq_error_equal (old->error, new->error))
    g_object_notify_by_pspec (object, properties [PROP_ERROR]);
  if (old->variables != new->variables)
    g_object_notify_by_pspec (object, properties [PROP_VARIABLES]);
  if (old->context != new->context)
    g_object_notify_by_pspec (object, properties [PROP_CONTEXT]);
  if (!old->is_paused != !new->is_paused)
    g_object_notify_by_pspec (object, properties [PROP_IS_PAUSED]);
  if (old->failure_count != new->failure_count)
    g_object_notify_by_pspec (object, properties [PROP_FAILURE_COUNT]);
  if (!_gq_error_equal (old->failure_reason, new->failure_reason))
    g_object_notify_by_pspec (object, properties [PROP_FAILURE_REASON]);
  if (old->submitted_at != new->submitted_at)
    g_object_notify_by_pspec (object, properties [PROP_SUBMITTED_AT]);

  g_object_thaw_notify (object);
}

/* TanStack's #dispatch: the new state, then each observer, then the
 * cache's `updated` event. */
static void
dispatch_full (GqMutation       *self,
               GqMutationAction  action,
               JsonNode         *variables,
               JsonNode         *context,
               gboolean          is_paused,
               guint             failure_count,
               JsonNode         *data,
               const GError     *error)
{
  g_autoptr(GqMutationState) old = self->state;
  g_autoptr(GPtrArray) observers = NULL;

  g_object_ref (self);

  self->state = reduce (self, action, variables, context, is_paused, failure_count, data, error);

  /* A snapshot: an observer may leave while we notify. */
  observers = g_ptr_array_new_full (self->observers->len, g_object_unref);
  for (guint i = 0; i < self->observers->len; i++)
    g_ptr_array_add (observers, g_object_ref (g_ptr_array_index (self->observers, i)));
  for (guint i = 0; i < observers->len; i++)
    _gq_mutation_observer_on_mutation_update (g_ptr_array_index (observers, i), self, action);

  if (self->cache != NULL)
    _gq_mutation_cache_notify (self->cache, GQ_CACHE_EVENT_UPDATED, self, NULL);

  notify_changes (self, old, self->state);

  g_object_unref (self);
}

static void
dispatch (GqMutation       *self,
          GqMutationAction  action)
{
  dispatch_full (self, action, NULL, NULL, FALSE, 0, NULL, NULL);
}

/* Garbage collection (TanStack's Removable) */

static void
clear_gc (GqMutation *self)
{
  self->gc_deferred = FALSE;

  if (self->gc_id != 0)
    {
      guint id = self->gc_id;

      self->gc_id = 0;
      gq_scheduler_remove (self->scheduler, id);
    }
}

static void
optional_remove (gpointer data)
{
  GqMutation *self = data;

  self->gc_id = 0;

  if (self->observers->len > 0)
    return;

  /* TanStack polls every gc time until the mutation settles; waiting for
   * the settlement instead keeps a gc time of 0 from spinning. */
  if (self->state->status == GQ_MUTATION_STATUS_PENDING)
    self->gc_deferred = TRUE;
  else if (self->cache != NULL)
    gq_mutation_cache_remove (self->cache, self);
}

void
_gq_mutation_schedule_gc (GqMutation *self)
{
  clear_gc (self);

  if (self->cache != NULL && !self->removed &&
      self->gc_time >= 0 && self->gc_time != GQ_TIME_INFINITE)
    self->gc_id = gq_scheduler_add_timeout (self->scheduler, self->gc_time,
                                            optional_remove, self, NULL);
}

static void
update_gc_time (GqMutation *self,
                gint64      gc_time)
{
  /* gc time only grows, as for queries. */
  if (!self->has_gc_time || gc_time > self->gc_time)
    self->gc_time = gc_time;
  self->has_gc_time = TRUE;
}

void
_gq_mutation_set_options (GqMutation        *self,
                          GqMutationOptions *options)
{
  g_return_if_fail (GQ_IS_MUTATION (self));
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (options));

  update_gc_time (self, gq_mutation_options_get_gc_time (options));

  if (g_set_object (&self->options, options))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OPTIONS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MUTATION_KEY]);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SCOPE_ID]);
    }
}

GqMutation *
_gq_mutation_new (GqQueryClient     *client,
                  GqMutationCache   *cache,
                  guint              mutation_id,
                  GqMutationOptions *options,
                  GqMutationState   *state)
{
  GqMutation *self = g_object_new (GQ_TYPE_MUTATION, NULL);

  g_set_weak_pointer (&self->client, client);
  g_set_weak_pointer (&self->cache, cache);
  self->scheduler = g_object_ref (gq_query_client_get_scheduler (client));
  self->mutation_id = mutation_id;
  self->state = state ? gq_mutation_state_ref (state) : _gq_mutation_state_new ();
  _gq_mutation_set_options (self, options);

  return self;
}

void
_gq_mutation_destroy (GqMutation *self)
{
  g_return_if_fail (GQ_IS_MUTATION (self));

  self->removed = TRUE;
  clear_gc (self);
}

/* Execution */

static void
release_retryer (GqMutation *self)
{
  if (self->retryer != NULL)
    {
      _gq_retryer_detach (self->retryer);
      g_clear_pointer (&self->retryer, _gq_retryer_unref);
    }
}

static void
report_callback_error (GqMutation   *self,
                       const char   *callback,
                       const GError *error)
{
  /* TanStack rethrows these as unhandled rejections: reported, and the
   * other callbacks still run. */
  g_warning ("The %s callback of mutation %u failed: %s",
             callback, self->mutation_id, error->message);
}

/* Every step after the execution: release the retryer, start the next
 * mutation of the scope, then hand the outcome to the waiters. */
static void
settle (GqMutation   *self,
        JsonNode     *data,
        const GError *error)
{
  release_retryer (self);
  g_clear_pointer (&self->variables, json_node_unref);

  if (self->cache != NULL)
    _gq_mutation_cache_run_next (self->cache, self);

  complete_waiters (self, data, error);

  if (self->gc_deferred && self->observers->len == 0)
    _gq_mutation_schedule_gc (self);
}

/* What the callbacks of one settlement see, held for their duration: a
 * callback may drop the cache or replace the options. */
typedef struct
{
  JsonNode          *variables;
  JsonNode          *context;
  GqMutationOptions *hooks;
} Settlement;

static void
settlement_init (Settlement *s,
                 GqMutation *self)
{
  s->variables = self->variables ? json_node_ref (self->variables) : NULL;
  s->context = self->state->context ? json_node_ref (self->state->context) : NULL;
  s->hooks = self->cache ? g_object_ref (_gq_mutation_cache_get_hooks (self->cache)) : NULL;
}

static void
settlement_clear (Settlement *s)
{
  g_clear_pointer (&s->variables, json_node_unref);
  g_clear_pointer (&s->context, json_node_unref);
  g_clear_object (&s->hooks);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settlement, settlement_clear)

static void
fail (GqMutation   *self,
      const GError *error)
{
  g_auto(Settlement) s = { 0 };
  g_autoptr(GError) callback_error = NULL;

  g_object_ref (self);
  settlement_init (&s, self);

  if (s.hooks != NULL &&
      !_gq_mutation_options_call_on_error (s.hooks, self, error, s.variables, s.context,
                                           &callback_error))
    {
      report_callback_error (self, "cache's on-error", callback_error);
      g_clear_error (&callback_error);
    }

  if (!_gq_mutation_options_call_on_error (self->options, self, error, s.variables, s.context,
                                           &callback_error))
    {
      report_callback_error (self, "on-error", callback_error);
      g_clear_error (&callback_error);
    }

  if (s.hooks != NULL &&
      !_gq_mutation_options_call_on_settled (s.hooks, self, NULL, error, s.variables, s.context,
                                             &callback_error))
    {
      report_callback_error (self, "cache's on-settled", callback_error);
      g_clear_error (&callback_error);
    }

  if (!_gq_mutation_options_call_on_settled (self->options, self, NULL, error, s.variables,
                                             s.context, &callback_error))
    {
      report_callback_error (self, "on-settled", callback_error);
      g_clear_error (&callback_error);
    }

  dispatch_full (self, GQ_MUTATION_ACTION_ERROR, NULL, NULL, FALSE, 0, NULL, error);
  settle (self, NULL, error);

  g_object_unref (self);
}

static void
succeed (GqMutation *self,
         JsonNode   *data)
{
  g_auto(Settlement) s = { 0 };
  g_autoptr(JsonNode) held = data ? json_node_ref (data) : NULL;
  g_autoptr(GError) error = NULL;

  g_object_ref (self);
  settlement_init (&s, self);

  /* A failing callback turns the success into a failure, as a throw
   * inside TanStack's try block does. */
  if ((s.hooks != NULL &&
       !_gq_mutation_options_call_on_success (s.hooks, self, data, s.variables, s.context, &error)) ||
      !_gq_mutation_options_call_on_success (self->options, self, data, s.variables, s.context, &error) ||
      (s.hooks != NULL &&
       !_gq_mutation_options_call_on_settled (s.hooks, self, data, NULL, s.variables, s.context, &error)) ||
      !_gq_mutation_options_call_on_settled (self->options, self, data, NULL, s.variables, s.context, &error))
    {
      fail (self, error);
      g_object_unref (self);
      return;
    }

  dispatch_full (self, GQ_MUTATION_ACTION_SUCCESS, NULL, NULL, FALSE, 0, data, NULL);
  settle (self, data, NULL);

  g_object_unref (self);
}

static void
on_attempt_done (GqMutationContext *context,
                 JsonNode          *data,
                 const GError      *error,
                 gpointer           user_data)
{
  GqMutation *self = user_data;

  if (self->retryer != NULL)
    {
      g_autoptr(GqRetryer) retryer = _gq_retryer_ref (self->retryer);
      _gq_retryer_attempt_done (retryer, context, data, error);
    }
}

static gpointer
retryer_run (gpointer   owner,
             GqRetryer *retryer)
{
  GqMutation *self = owner;
  GqMutationContext *context;

  context = _gq_mutation_context_new (self->client,
                                      self->variables,
                                      gq_mutation_options_get_mutation_key (self->options),
                                      gq_mutation_options_get_meta (self->options),
                                      self->state->idempotency_key,
                                      on_attempt_done,
                                      self);

  if (!_gq_mutation_options_has_mutation_func (self->options))
    gq_mutation_context_reject_literal (context, GQ_ERROR, GQ_ERROR_MISSING_MUTATION_FUNC,
                                        "No mutation function found");
  else
    _gq_mutation_options_call_mutation_func (self->options, context);

  return context;
}

static void
retryer_on_fail (gpointer      owner,
                 guint         failure_count,
                 const GError *error)
{
  dispatch_full (owner, GQ_MUTATION_ACTION_FAILED, NULL, NULL, FALSE, failure_count, NULL, error);
}

static void
retryer_on_pause (gpointer owner)
{
  dispatch (owner, GQ_MUTATION_ACTION_PAUSE);
}

static void
retryer_on_continue (gpointer owner)
{
  dispatch (owner, GQ_MUTATION_ACTION_CONTINUE);
}

static void
retryer_on_resolved (gpointer  owner,
                     JsonNode *data)
{
  succeed (owner, data);
}

static void
retryer_on_rejected (gpointer      owner,
                     const GError *error)
{
  fail (owner, error);
}

static gboolean
retryer_can_run (gpointer owner)
{
  GqMutation *self = owner;

  return self->cache == NULL || _gq_mutation_cache_can_run (self->cache, self);
}

static gboolean
retryer_should_retry (gpointer      owner,
                      guint         failure_count,
                      const GError *error)
{
  GqMutation *self = owner;

  return _gq_mutation_options_should_retry (self->options, failure_count, error);
}

static gint64
retryer_retry_delay (gpointer      owner,
                     guint         failure_count,
                     const GError *error)
{
  GqMutation *self = owner;

  return _gq_mutation_options_compute_retry_delay (self->options, failure_count, error);
}

static const GqRetryerCallbacks retryer_callbacks = {
  .run = retryer_run,
  .on_fail = retryer_on_fail,
  .on_pause = retryer_on_pause,
  .on_continue = retryer_on_continue,
  .on_resolved = retryer_on_resolved,
  .on_rejected = retryer_on_rejected,
  .can_run = retryer_can_run,
  .should_retry = retryer_should_retry,
  .retry_delay = retryer_retry_delay,
};

typedef struct
{
  GqMutation *mutation;
  GqRetryer  *retryer;
} Start;

static gboolean
start_retryer (gpointer data)
{
  Start *start = data;

  /* Unless a callback settled or replaced the execution meanwhile. */
  if (start->mutation->retryer != start->retryer)
    return G_SOURCE_REMOVE;

  /* Paused when it was submitted, it may run by now (back online, or the
   * scope freed): say so, where TanStack leaves is-paused set while the
   * mutation function runs. */
  if (start->mutation->state->is_paused && _gq_retryer_can_start (start->retryer))
    dispatch (start->mutation, GQ_MUTATION_ACTION_CONTINUE);

  if (start->mutation->retryer == start->retryer)
    _gq_retryer_start (start->retryer);

  return G_SOURCE_REMOVE;
}

static void
start_free (gpointer data)
{
  Start *start = data;

  g_object_unref (start->mutation);
  _gq_retryer_unref (start->retryer);
  g_free (start);
}

/* TanStack awaits the on-mutate callback even when there is none, so the
 * mutation function starts after the current task, as a microtask. */
static void
start_retryer_later (GqMutation *self,
                     GqRetryer  *retryer)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Start *start = g_new0 (Start, 1);

  start->mutation = g_object_ref (self);
  start->retryer = _gq_retryer_ref (retryer);

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, start_retryer, start, start_free);
  g_source_set_static_name (source, "[gquery] mutation start");
  g_source_attach (source, g_main_context_get_thread_default ());
}

void
_gq_mutation_execute (GqMutation *self,
                      JsonNode   *variables,
                      GTask      *waiter)
{
  g_autoptr(GqMutation) hold = NULL;
  g_autoptr(GqRetryer) retryer = NULL;
  g_autoptr(JsonNode) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GqMutationOptions) hooks = NULL;
  gboolean restored;
  gboolean is_paused;

  g_return_if_fail (GQ_IS_MUTATION (self));
  g_return_if_fail (waiter == NULL || G_IS_TASK (waiter));

  if (waiter != NULL)
    g_ptr_array_add (self->waiters, g_object_ref (waiter));

  /* Already running: the waiter awaits this execution. */
  if (self->retryer != NULL)
    return;

  hold = g_object_ref (self);

  if (self->client == NULL)
    {
      error = g_error_new_literal (GQ_ERROR, GQ_ERROR_FAILED, "The mutation's client is gone");
      complete_waiters (self, NULL, error);
      return;
    }

  g_clear_pointer (&self->variables, json_node_unref);
  self->variables = variables ? gq_json_seal_copy (variables) : NULL;

  self->retryer = _gq_retryer_new (&retryer_callbacks, self, NULL, 0,
                                   gq_mutation_options_get_network_mode (self->options),
                                   self->scheduler,
                                   gq_query_client_get_focus_manager (self->client),
                                   gq_query_client_get_online_manager (self->client));
  retryer = _gq_retryer_ref (self->retryer);

  restored = self->state->status == GQ_MUTATION_STATUS_PENDING;
  is_paused = !_gq_retryer_can_start (retryer);

  if (restored)
    {
      /* A restored mutation already ran its on-mutate callbacks. */
      dispatch (self, GQ_MUTATION_ACTION_CONTINUE);
      if (self->retryer == retryer)
        _gq_retryer_start (retryer);
      return;
    }

  dispatch_full (self, GQ_MUTATION_ACTION_PENDING, self->variables, NULL, is_paused, 0, NULL, NULL);

  hooks = self->cache ? g_object_ref (_gq_mutation_cache_get_hooks (self->cache)) : NULL;
  if (hooks != NULL &&
      !_gq_mutation_options_call_on_mutate (hooks, self, self->variables, &context, &error))
    {
      fail (self, error);
      return;
    }
  /* The cache's on-mutate is awaited, not used. */
  g_clear_pointer (&context, json_node_unref);

  if (!_gq_mutation_options_call_on_mutate (self->options, self, self->variables, &context, &error))
    {
      fail (self, error);
      return;
    }

  if (context != self->state->context)
    dispatch_full (self, GQ_MUTATION_ACTION_PENDING, self->variables, context, is_paused,
                   0, NULL, NULL);

  start_retryer_later (self, retryer);
}

void
_gq_mutation_continue (GqMutation *self,
                       GTask      *waiter)
{
  g_autoptr(GqMutation) hold = NULL;

  g_return_if_fail (GQ_IS_MUTATION (self));

  hold = g_object_ref (self);

  if (self->retryer != NULL)
    {
      g_autoptr(GqRetryer) retryer = _gq_retryer_ref (self->retryer);

      if (waiter != NULL)
        g_ptr_array_add (self->waiters, g_object_ref (waiter));
      _gq_retryer_continue (retryer);
    }
  else if (self->state->status == GQ_MUTATION_STATUS_PENDING)
    {
      /* Restored from a persisted state: run it with its variables. */
      _gq_mutation_execute (self, self->state->variables, waiter);
    }
  else if (waiter != NULL)
    {
      /* A settled mutation never runs again. */
      g_task_return_pointer (waiter, NULL, NULL);
    }
}

/* Observers */

void
_gq_mutation_add_observer (GqMutation         *self,
                           GqMutationObserver *observer)
{
  g_return_if_fail (GQ_IS_MUTATION (self));

  if (g_ptr_array_find (self->observers, observer, NULL))
    return;

  g_ptr_array_add (self->observers, observer);

  /* Watched: not collected. */
  clear_gc (self);

  if (self->cache != NULL)
    _gq_mutation_cache_notify (self->cache, GQ_CACHE_EVENT_OBSERVER_ADDED, self, G_OBJECT (observer));

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OBSERVER_COUNT]);
}

void
_gq_mutation_remove_observer (GqMutation         *self,
                              GqMutationObserver *observer)
{
  g_return_if_fail (GQ_IS_MUTATION (self));

  if (!g_ptr_array_remove (self->observers, observer))
    return;

  g_object_ref (self);

  _gq_mutation_schedule_gc (self);

  if (self->cache != NULL)
    _gq_mutation_cache_notify (self->cache, GQ_CACHE_EVENT_OBSERVER_REMOVED, self, G_OBJECT (observer));

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OBSERVER_COUNT]);

  g_object_unref (self);
}

/* GObject */

static void
gq_mutation_dispose (GObject *object)
{
  GqMutation *self = (GqMutation *)object;

  if (self->scheduler != NULL)
    clear_gc (self);

  release_retryer (self);

  if (self->waiters != NULL && self->waiters->len > 0)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "The mutation was dropped");
      complete_waiters (self, NULL, error);
    }

  G_OBJECT_CLASS (gq_mutation_parent_class)->dispose (object);
}

static void
gq_mutation_finalize (GObject *object)
{
  GqMutation *self = (GqMutation *)object;

  g_clear_weak_pointer (&self->client);
  g_clear_weak_pointer (&self->cache);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->options);
  g_clear_pointer (&self->state, gq_mutation_state_unref);
  g_clear_pointer (&self->observers, g_ptr_array_unref);
  g_clear_pointer (&self->variables, json_node_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (gq_mutation_parent_class)->finalize (object);
}

static void
gq_mutation_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GqMutation *self = GQ_MUTATION (object);
  GqMutationState *s = self->state;

  switch (prop_id)
    {
    case PROP_MUTATION_ID:
      g_value_set_uint (value, self->mutation_id);
      break;

    case PROP_OPTIONS:
      g_value_set_object (value, self->options);
      break;

    case PROP_STATE:
      g_value_set_boxed (value, s);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, s->status);
      break;

    case PROP_DATA:
      g_value_set_boxed (value, s->data);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, s->error);
      break;

    case PROP_VARIABLES:
      g_value_set_boxed (value, s->variables);
      break;

    case PROP_CONTEXT:
      g_value_set_boxed (value, s->context);
      break;

    case PROP_IS_PAUSED:
      g_value_set_boolean (value, s->is_paused);
      break;

    case PROP_FAILURE_COUNT:
      g_value_set_uint (value, s->failure_count);
      break;

    case PROP_FAILURE_REASON:
      g_value_set_boxed (value, s->failure_reason);
      break;

    case PROP_SUBMITTED_AT:
      g_value_set_int64 (value, s->submitted_at);
      break;

    case PROP_IDEMPOTENCY_KEY:
      g_value_set_string (value, s->idempotency_key);
      break;

    case PROP_SCOPE_ID:
      g_value_set_string (value, gq_mutation_get_scope_id (self));
      break;

    case PROP_MUTATION_KEY:
      g_value_set_boxed (value, gq_mutation_get_mutation_key (self));
      break;

    case PROP_OBSERVER_COUNT:
      g_value_set_uint (value, self->observers->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_mutation_class_init (GqMutationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gq_mutation_dispose;
  object_class->finalize = gq_mutation_finalize;
  object_class->get_property = gq_mutation_get_property;

  /**
   * GqMutation:mutation-id:
   *
   * The number the cache gave the mutation, counting up from 1.
   */
  properties [PROP_MUTATION_ID] =
    g_param_spec_uint ("mutation-id", NULL, NULL, 0, G_MAXUINT, 0, flags);

  /**
   * GqMutation:options:
   *
   * The options the mutation runs with (defaulted by the client).
   */
  properties [PROP_OPTIONS] =
    g_param_spec_object ("options", NULL, NULL, GQ_TYPE_MUTATION_OPTIONS, flags);

  /**
   * GqMutation:state:
   *
   * The current state, replaced (never changed) on every update.
   */
  properties [PROP_STATE] =
    g_param_spec_boxed ("state", NULL, NULL, GQ_TYPE_MUTATION_STATE, flags);

  /**
   * GqMutation:status:
   *
   * Idle, pending, error or success.
   */
  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GQ_TYPE_MUTATION_STATUS,
                       GQ_MUTATION_STATUS_IDLE, flags);

  /**
   * GqMutation:data:
   *
   * The result, once the mutation succeeded.
   */
  properties [PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_NODE, flags);

  /**
   * GqMutation:error:
   *
   * The error, once the mutation failed.
   */
  properties [PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);

  /**
   * GqMutation:variables:
   *
   * The variables the mutation runs with.
   */
  properties [PROP_VARIABLES] =
    g_param_spec_boxed ("variables", NULL, NULL, JSON_TYPE_NODE, flags);

  /**
   * GqMutation:context:
   *
   * What the `on_mutate` callback returned.
   */
  properties [PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL, JSON_TYPE_NODE, flags);

  /**
   * GqMutation:is-paused:
   *
   * Whether the mutation waits for the network, for focus or for its
   * scope.
   */
  properties [PROP_IS_PAUSED] =
    g_param_spec_boolean ("is-paused", NULL, NULL, FALSE, flags);

  /**
   * GqMutation:failure-count:
   *
   * How many attempts failed.
   */
  properties [PROP_FAILURE_COUNT] =
    g_param_spec_uint ("failure-count", NULL, NULL, 0, G_MAXUINT, 0, flags);

  /**
   * GqMutation:failure-reason:
   *
   * The error of the last failed attempt.
   */
  properties [PROP_FAILURE_REASON] =
    g_param_spec_boxed ("failure-reason", NULL, NULL, G_TYPE_ERROR, flags);

  /**
   * GqMutation:submitted-at:
   *
   * When the mutation started, in milliseconds on the client's clock.
   */
  properties [PROP_SUBMITTED_AT] =
    g_param_spec_int64 ("submitted-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * GqMutation:idempotency-key:
   *
   * A random UUID, the same for every attempt of the mutation and kept
   * when it is persisted.
   */
  properties [PROP_IDEMPOTENCY_KEY] =
    g_param_spec_string ("idempotency-key", NULL, NULL, NULL, flags);

  /**
   * GqMutation:scope-id:
   *
   * The scope the mutation runs in, from its options.
   */
  properties [PROP_SCOPE_ID] =
    g_param_spec_string ("scope-id", NULL, NULL, NULL, flags);

  /**
   * GqMutation:mutation-key:
   *
   * The key of the mutation, from its options.
   */
  properties [PROP_MUTATION_KEY] =
    g_param_spec_boxed ("mutation-key", NULL, NULL, JSON_TYPE_NODE, flags);

  /**
   * GqMutation:observer-count:
   *
   * The number of observers watching the mutation.
   */
  properties [PROP_OBSERVER_COUNT] =
    g_param_spec_uint ("observer-count", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_mutation_init (GqMutation *self)
{
  self->observers = g_ptr_array_new ();
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

/**
 * gq_mutation_get_mutation_id:
 * @self: a mutation
 *
 * Gets the number the cache gave the mutation: each new mutation of a
 * cache gets the next one, from 1.
 *
 * Returns: the mutation id
 */
guint
gq_mutation_get_mutation_id (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), 0);

  return self->mutation_id;
}

/**
 * gq_mutation_get_state:
 * @self: a mutation
 *
 * Gets the current state, an immutable snapshot.
 *
 * Returns: (transfer none): the state
 */
GqMutationState *
gq_mutation_get_state (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), NULL);

  return self->state;
}

/**
 * gq_mutation_get_status:
 * @self: a mutation
 *
 * Gets the status of the mutation.
 *
 * Returns: the status
 */
GqMutationStatus
gq_mutation_get_status (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), GQ_MUTATION_STATUS_IDLE);

  return self->state->status;
}

/**
 * gq_mutation_get_options:
 * @self: a mutation
 *
 * Gets the options the mutation runs with: those of its observer when it
 * was started, defaulted by the client, or the observer's newer ones if
 * they changed while it was pending.
 *
 * Returns: (transfer none): the options
 */
GqMutationOptions *
gq_mutation_get_options (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), NULL);

  return self->options;
}

/**
 * gq_mutation_get_mutation_key:
 * @self: a mutation
 *
 * Gets the key of the mutation.
 *
 * Returns: (transfer none) (nullable): the key
 */
JsonNode *
gq_mutation_get_mutation_key (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), NULL);

  return gq_mutation_options_get_mutation_key (self->options);
}

/**
 * gq_mutation_get_scope_id:
 * @self: a mutation
 *
 * Gets the scope the mutation runs in.
 *
 * Returns: (nullable): the scope id
 */
const char *
gq_mutation_get_scope_id (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), NULL);

  return gq_mutation_options_get_scope_id (self->options);
}

/**
 * gq_mutation_get_meta:
 * @self: a mutation
 *
 * Gets the meta option of the mutation.
 *
 * Returns: (transfer none) (nullable): the meta data
 */
JsonNode *
gq_mutation_get_meta (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), NULL);

  return gq_mutation_options_get_meta (self->options);
}

/**
 * gq_mutation_get_idempotency_key:
 * @self: a mutation
 *
 * Gets the idempotency key of the mutation.
 *
 * Returns: the key, a UUID
 */
const char *
gq_mutation_get_idempotency_key (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), NULL);

  return self->state->idempotency_key;
}

/**
 * gq_mutation_get_client:
 * @self: a mutation
 *
 * Gets the client the mutation belongs to.
 *
 * Returns: (transfer none) (nullable): the client, %NULL once it is gone
 */
GqQueryClient *
gq_mutation_get_client (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), NULL);

  return self->client;
}

/**
 * gq_mutation_get_observer_count:
 * @self: a mutation
 *
 * Counts the observers watching the mutation.
 *
 * Returns: the number of observers
 */
guint
gq_mutation_get_observer_count (GqMutation *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION (self), 0);

  return self->observers->len;
}
