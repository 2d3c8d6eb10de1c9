/* gq-mutation-observer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-mutation-observer-private.h"
#include "gq-enum-types.h"
#include "gq-json.h"
#include "gq-key.h"
#include "gq-mutation-cache-private.h"
#include "gq-mutation-options-private.h"
#include "gq-mutation-result-private.h"
#include "gq-mutation-state-private.h"
#include "gq-notify-private.h"
#include "gq-query-client-private.h"
#include "gq-query-state-private.h"

/**
 * GqMutationObserver:
 *
 * Starts mutations and shows the latest one, as a `useMutation` hook
 * does.
 *
 * Each [method@Gq.MutationObserver.mutate] starts a new
 * [class@Gq.Mutation] with the observer's options; the observer's result
 * follows the latest one, until [method@Gq.MutationObserver.reset]. Every
 * field of the result is a property; a change of any of them emits
 * `notify` for the fields that changed and one
 * [signal@Gq.MutationObserver::changed], at most once per main-loop
 * iteration and never from inside a cache update.
 *
 * Subscribing (think: while the widget showing it is mapped) keeps the
 * mutation from being collected and lets the per-call callback of
 * [method@Gq.MutationObserver.mutate] run.
 */

typedef struct
{
  GqMutateCallback func;
  gpointer         user_data;
  GDestroyNotify   destroy;
} MutateCallback;

struct _GqMutationObserver
{
  GObject            parent_instance;

  GqQueryClient     *client;
  GqMutationOptions *options;
  GqMutationOptions *resolved;
  GqMutation        *mutation;
  guint              subscribe_count;
  MutateCallback    *callback;

  GqMutationResult  *result;
  GqMutationResult  *emitted;
  gboolean           flush_queued;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_OPTIONS,
  PROP_MUTATION,
  PROP_RESULT,
  PROP_STATUS,
  PROP_DATA,
  PROP_ERROR,
  PROP_VARIABLES,
  PROP_CONTEXT,
  PROP_FAILURE_COUNT,
  PROP_FAILURE_REASON,
  PROP_IS_PAUSED,
  PROP_SUBMITTED_AT,
  PROP_IS_IDLE,
  PROP_IS_PENDING,
  PROP_IS_SUCCESS,
  PROP_IS_ERROR,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqMutationObserver, gq_mutation_observer, G_TYPE_OBJECT)

static void
mutate_callback_free (MutateCallback *callback)
{
  if (callback->destroy != NULL)
    callback->destroy (callback->user_data);
  g_free (callback);
}

/* Results */

static void
notify_changes (GqMutationObserver *self,
                GqMutationResult   *old,
                GqMutationResult   *new)
{
  GObject *object = G_OBJECT (self);
  GqMutationState *o = old->state;
  GqMutationState *n = new->state;

  g_object_notify_by_pspec (object, properties [PROP_RESULT]);

  if (o->status != n->status)
    {
      g_object_notify_by_pspec (object, properties [PROP_STATUS]);
      if ((o->status == GQ_MUTATION_STATUS_IDLE) != (n->status == GQ_MUTATION_STATUS_IDLE))
        g_object_notify_by_pspec (object, properties [PROP_IS_IDLE]);
      if ((o->status == GQ_MUTATION_STATUS_PENDING) != (n->status == GQ_MUTATION_STATUS_PENDING))
        g_object_notify_by_pspec (object, properties [PROP_IS_PENDING]);
      if ((o->status == GQ_MUTATION_STATUS_SUCCESS) != (n->status == GQ_MUTATION_STATUS_SUCCESS))
        g_object_notify_by_pspec (object, properties [PROP_IS_SUCCESS]);
      if ((o->status == GQ_MUTATION_STATUS_ERROR) != (n->status == GQ_MUTATION_STATUS_ERROR))
        g_object_notify_by_pspec (object, properties [PROP_IS_ERROR]);
    }
  if (o->data != n->data)
    g_object_notify_by_pspec (object, properties [PROP_DATA]);
  if (!_gq_error_equal (o->error, n->error))
    g_object_notify_by_pspec (object, properties [PROP_ERROR]);
  if (o->variables != n->variables)
    g_object_notify_by_pspec (object, properties [PROP_VARIABLES]);
  if (o->context != n->context)
    g_object_notify_by_pspec (object, properties [PROP_CONTEXT]);
  if (o->failure_count != n->failure_count)
    g_object_notify_by_pspec (object, properties [PROP_FAILURE_COUNT]);
  if (!_gq_error_equal (o->failure_reason, n->failure_reason))
    g_object_notify_by_pspec (object, properties [PROP_FAILURE_REASON]);
  if (!o->is_paused != !n->is_paused)
    g_object_notify_by_pspec (object, properties [PROP_IS_PAUSED]);
  if (o->submitted_at != n->submitted_at)
    g_object_notify_by_pspec (object, properties [PROP_SUBMITTED_AT]);
}

static void
flush_notifications (GObject *object)
{
  GqMutationObserver *self = GQ_MUTATION_OBSERVER (object);
  g_autoptr(GqMutationResult) old = NULL;
  g_autoptr(GqMutationResult) current = NULL;

  self->flush_queued = FALSE;

  if (self->result == NULL || self->result == self->emitted)
    return;

  if (gq_mutation_result_equal (self->emitted, self->result))
    {
      gq_mutation_result_unref (self->emitted);
      self->emitted = gq_mutation_result_ref (self->result);
      return;
    }

  old = g_steal_pointer (&self->emitted);
  current = gq_mutation_result_ref (self->result);
  self->emitted = gq_mutation_result_ref (current);

  g_object_freeze_notify (object);
  notify_changes (self, old, current);
  g_object_thaw_notify (object);

  g_signal_emit (self, signals [CHANGED], 0, current);
}

static void
update_result (GqMutationObserver *self)
{
  GqMutationState *state = self->mutation ? gq_mutation_get_state (self->mutation) : NULL;

  if (self->result != NULL && state != NULL && self->result->state == state)
    return;

  g_clear_pointer (&self->result, gq_mutation_result_unref);
  self->result = _gq_mutation_result_new (state);

  if (self->emitted == NULL)
    {
      /* The first result is the starting point, not a change. */
      self->emitted = gq_mutation_result_ref (self->result);
      return;
    }

  if (!self->flush_queued)
    {
      self->flush_queued = TRUE;
      _gq_notify_schedule (G_OBJECT (self), flush_notifications);
    }
}

static void
detach (GqMutationObserver *self)
{
  if (self->mutation != NULL)
    _gq_mutation_remove_observer (self->mutation, self);
}

static void
run_mutate_callback (GqMutationObserver *self,
                     GqMutationAction    action)
{
  MutateCallback *callback = g_steal_pointer (&self->callback);
  GqMutationState *state = self->result->state;

  /* Only for the latest call, and only while someone watches, as
   * TanStack's per-call callbacks; they run once. */
  if (self->subscribe_count > 0)
    {
      if (action == GQ_MUTATION_ACTION_SUCCESS)
        callback->func (state->data, NULL, state->variables, state->context, callback->user_data);
      else
        callback->func (NULL, state->error, state->variables, state->context, callback->user_data);
    }

  mutate_callback_free (callback);
}

void
_gq_mutation_observer_on_mutation_update (GqMutationObserver *self,
                                          GqMutation         *mutation,
                                          GqMutationAction    action)
{
  if (mutation != self->mutation)
    return;

  update_result (self);

  if (self->callback != NULL &&
      (action == GQ_MUTATION_ACTION_SUCCESS || action == GQ_MUTATION_ACTION_ERROR))
    run_mutate_callback (self, action);
}

/* GObject */

static void
gq_mutation_observer_dispose (GObject *object)
{
  GqMutationObserver *self = (GqMutationObserver *)object;

  detach (self);
  g_clear_object (&self->mutation);
  g_clear_pointer (&self->callback, mutate_callback_free);

  G_OBJECT_CLASS (gq_mutation_observer_parent_class)->dispose (object);
}

static void
gq_mutation_observer_finalize (GObject *object)
{
  GqMutationObserver *self = (GqMutationObserver *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->options);
  g_clear_object (&self->resolved);
  g_clear_pointer (&self->result, gq_mutation_result_unref);
  g_clear_pointer (&self->emitted, gq_mutation_result_unref);

  G_OBJECT_CLASS (gq_mutation_observer_parent_class)->finalize (object);
}

static void
gq_mutation_observer_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GqMutationObserver *self = GQ_MUTATION_OBSERVER (object);
  GqMutationState *s = self->result ? self->result->state : NULL;

  if (prop_id >= PROP_STATUS && s == NULL)
    {
      g_param_value_set_default (pspec, value);
      return;
    }

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_OPTIONS:
      g_value_set_object (value, self->options);
      break;

    case PROP_MUTATION:
      g_value_set_object (value, self->mutation);
      break;

    case PROP_RESULT:
      g_value_set_boxed (value, self->result);
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

    case PROP_FAILURE_COUNT:
      g_value_set_uint (value, s->failure_count);
      break;

    case PROP_FAILURE_REASON:
      g_value_set_boxed (value, s->failure_reason);
      break;

    case PROP_IS_PAUSED:
      g_value_set_boolean (value, s->is_paused);
      break;

    case PROP_SUBMITTED_AT:
      g_value_set_int64 (value, s->submitted_at);
      break;

    case PROP_IS_IDLE:
      g_value_set_boolean (value, s->status == GQ_MUTATION_STATUS_IDLE);
      break;

    case PROP_IS_PENDING:
      g_value_set_boolean (value, s->status == GQ_MUTATION_STATUS_PENDING);
      break;

    case PROP_IS_SUCCESS:
      g_value_set_boolean (value, s->status == GQ_MUTATION_STATUS_SUCCESS);
      break;

    case PROP_IS_ERROR:
      g_value_set_boolean (value, s->status == GQ_MUTATION_STATUS_ERROR);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_mutation_observer_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GqMutationObserver *self = GQ_MUTATION_OBSERVER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_OPTIONS:
      if (g_value_get_object (value) != NULL)
        gq_mutation_observer_set_options (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_mutation_observer_constructed (GObject *object)
{
  GqMutationObserver *self = GQ_MUTATION_OBSERVER (object);

  G_OBJECT_CLASS (gq_mutation_observer_parent_class)->constructed (object);

  if (self->client == NULL)
    g_critical ("GqMutationObserver needs a client");

  if (self->result == NULL)
    update_result (self);
}

static void
gq_mutation_observer_class_init (GqMutationObserverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = gq_mutation_observer_constructed;
  object_class->dispose = gq_mutation_observer_dispose;
  object_class->finalize = gq_mutation_observer_finalize;
  object_class->get_property = gq_mutation_observer_get_property;
  object_class->set_property = gq_mutation_observer_set_property;

  /**
   * GqMutationObserver:client:
   *
   * The client whose mutation cache the observer's mutations go to.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, GQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GqMutationObserver:options:
   *
   * The options as given; the client's defaults apply underneath.
   */
  properties [PROP_OPTIONS] =
    g_param_spec_object ("options", NULL, NULL, GQ_TYPE_MUTATION_OPTIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqMutationObserver:mutation:
   *
   * The latest mutation, until a reset.
   */
  properties [PROP_MUTATION] =
    g_param_spec_object ("mutation", NULL, NULL, GQ_TYPE_MUTATION, flags);

  /**
   * GqMutationObserver:result:
   *
   * The whole current result.
   */
  properties [PROP_RESULT] =
    g_param_spec_boxed ("result", NULL, NULL, GQ_TYPE_MUTATION_RESULT, flags);

  /**
   * GqMutationObserver:status:
   *
   * Idle, pending, error or success.
   */
  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GQ_TYPE_MUTATION_STATUS,
                       GQ_MUTATION_STATUS_IDLE, flags);

  /**
   * GqMutationObserver:data:
   *
   * The result of the latest mutation, once it succeeded.
   */
  properties [PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_NODE, flags);

  /**
   * GqMutationObserver:error:
   *
   * The error of the latest mutation, once it failed.
   */
  properties [PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);

  /**
   * GqMutationObserver:variables:
   *
   * The variables of the latest mutation.
   */
  properties [PROP_VARIABLES] =
    g_param_spec_boxed ("variables", NULL, NULL, JSON_TYPE_NODE, flags);

  /**
   * GqMutationObserver:context:
   *
   * What the on-mutate callback of the latest mutation returned.
   */
  properties [PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL, JSON_TYPE_NODE, flags);

  /**
   * GqMutationObserver:failure-count:
   *
   * How many attempts of the latest mutation failed.
   */
  properties [PROP_FAILURE_COUNT] =
    g_param_spec_uint ("failure-count", NULL, NULL, 0, G_MAXUINT, 0, flags);

  /**
   * GqMutationObserver:failure-reason:
   *
   * The error of the last failed attempt.
   */
  properties [PROP_FAILURE_REASON] =
    g_param_spec_boxed ("failure-reason", NULL, NULL, G_TYPE_ERROR, flags);

  /**
   * GqMutationObserver:is-paused:
   *
   * The latest mutation waits for the network, for focus or for its
   * scope.
   */
  properties [PROP_IS_PAUSED] =
    g_param_spec_boolean ("is-paused", NULL, NULL, FALSE, flags);

  /**
   * GqMutationObserver:submitted-at:
   *
   * When the latest mutation started, in milliseconds on the client's
   * clock; 0 when idle.
   */
  properties [PROP_SUBMITTED_AT] =
    g_param_spec_int64 ("submitted-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * GqMutationObserver:is-idle:
   *
   * No mutation ran yet, or the observer was reset.
   */
  properties [PROP_IS_IDLE] =
    g_param_spec_boolean ("is-idle", NULL, NULL, TRUE, flags);

  /**
   * GqMutationObserver:is-pending:
   *
   * The latest mutation runs or waits.
   */
  properties [PROP_IS_PENDING] =
    g_param_spec_boolean ("is-pending", NULL, NULL, FALSE, flags);

  /**
   * GqMutationObserver:is-success:
   *
   * The latest mutation succeeded.
   */
  properties [PROP_IS_SUCCESS] =
    g_param_spec_boolean ("is-success", NULL, NULL, FALSE, flags);

  /**
   * GqMutationObserver:is-error:
   *
   * The latest mutation failed.
   */
  properties [PROP_IS_ERROR] =
    g_param_spec_boolean ("is-error", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GqMutationObserver::changed:
   * @self: the observer
   * @result: the new result
   *
   * The result changed. Emitted at most once per main-loop iteration,
   * after the `notify` of each property that changed.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  GQ_TYPE_MUTATION_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
gq_mutation_observer_init (GqMutationObserver *self)
{
}

/* Public API */

/**
 * gq_mutation_observer_new:
 * @client: the client
 * @options: the options of the mutations the observer starts
 *
 * Creates an observer. Its result is idle until the first
 * [method@Gq.MutationObserver.mutate].
 *
 * Returns: (transfer full): a new observer
 */
GqMutationObserver *
gq_mutation_observer_new (GqQueryClient     *client,
                          GqMutationOptions *options)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (options), NULL);

  return g_object_new (GQ_TYPE_MUTATION_OBSERVER,
                       "client", client,
                       "options", options,
                       NULL);
}

/**
 * gq_mutation_observer_get_client:
 * @self: an observer
 *
 * Gets the observer's client.
 *
 * Returns: (transfer none): the client
 */
GqQueryClient *
gq_mutation_observer_get_client (GqMutationObserver *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OBSERVER (self), NULL);

  return self->client;
}

/**
 * gq_mutation_observer_get_options:
 * @self: an observer
 *
 * Gets the options as last given.
 *
 * Returns: (transfer none): the options
 */
GqMutationOptions *
gq_mutation_observer_get_options (GqMutationObserver *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OBSERVER (self), NULL);

  return self->options;
}

/**
 * gq_mutation_observer_set_options:
 * @self: an observer
 * @options: the new options
 *
 * Replaces the options. A pending mutation runs its remaining callbacks
 * with the new options; a finished one keeps its own. A different
 * mutation key resets the observer.
 */
void
gq_mutation_observer_set_options (GqMutationObserver *self,
                                  GqMutationOptions  *options)
{
  g_autoptr(GqMutationOptions) previous = NULL;
  JsonNode *previous_key;
  JsonNode *key;

  g_return_if_fail (GQ_IS_MUTATION_OBSERVER (self));
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (options));
  g_return_if_fail (self->client != NULL);

  g_object_ref (self);

  previous = g_steal_pointer (&self->resolved);

  if (g_set_object (&self->options, options))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OPTIONS]);
  self->resolved = _gq_query_client_default_mutation_options (self->client, options);

  if (previous != NULL && !_gq_mutation_options_shallow_equal (previous, self->resolved))
    _gq_mutation_cache_notify (gq_query_client_get_mutation_cache (self->client),
                               GQ_CACHE_EVENT_OBSERVER_OPTIONS_UPDATED,
                               self->mutation, G_OBJECT (self));

  previous_key = previous ? gq_mutation_options_get_mutation_key (previous) : NULL;
  key = gq_mutation_options_get_mutation_key (self->resolved);

  if (previous_key != NULL && key != NULL && !gq_key_equal (previous_key, key))
    gq_mutation_observer_reset (self);
  else if (self->mutation != NULL &&
           gq_mutation_get_status (self->mutation) == GQ_MUTATION_STATUS_PENDING)
    _gq_mutation_set_options (self->mutation, self->resolved);

  g_object_unref (self);
}

/**
 * gq_mutation_observer_get_mutation:
 * @self: an observer
 *
 * Gets the latest mutation the observer started.
 *
 * Returns: (transfer none) (nullable): the mutation, %NULL before the
 *   first mutate and after a reset
 */
GqMutation *
gq_mutation_observer_get_mutation (GqMutationObserver *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OBSERVER (self), NULL);

  return self->mutation;
}

/**
 * gq_mutation_observer_subscribe:
 * @self: an observer
 *
 * Starts watching (a component mounts): the observer holds on to its
 * mutation, which is then not collected, and refreshes its result.
 * Subscriptions are counted; each needs an unsubscribe.
 */
void
gq_mutation_observer_subscribe (GqMutationObserver *self)
{
  g_return_if_fail (GQ_IS_MUTATION_OBSERVER (self));

  if (self->subscribe_count++ > 0 || self->mutation == NULL)
    return;

  _gq_mutation_add_observer (self->mutation, self);
  update_result (self);
}

/**
 * gq_mutation_observer_unsubscribe:
 * @self: an observer
 *
 * Stops watching. When the last subscription goes, the observer leaves
 * its mutation, whose gc clock starts.
 */
void
gq_mutation_observer_unsubscribe (GqMutationObserver *self)
{
  g_return_if_fail (GQ_IS_MUTATION_OBSERVER (self));
  g_return_if_fail (self->subscribe_count > 0);

  if (--self->subscribe_count > 0)
    return;

  detach (self);
}

/**
 * gq_mutation_observer_is_subscribed:
 * @self: an observer
 *
 * Tells whether the observer is subscribed.
 *
 * Returns: %TRUE if subscribed
 */
gboolean
gq_mutation_observer_is_subscribed (GqMutationObserver *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OBSERVER (self), FALSE);

  return self->subscribe_count > 0;
}

/**
 * gq_mutation_observer_get_current_result:
 * @self: an observer
 *
 * Gets the current result, which may be newer than the last one
 * [signal@Gq.MutationObserver::changed] announced.
 *
 * Returns: (transfer full): the result
 */
GqMutationResult *
gq_mutation_observer_get_current_result (GqMutationObserver *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OBSERVER (self), NULL);

  return gq_mutation_result_ref (self->result);
}

static void
start_mutation (GqMutationObserver *self,
                JsonNode           *variables,
                MutateCallback     *callback,
                GTask              *waiter)
{
  GqMutationCache *cache = gq_query_client_get_mutation_cache (self->client);
  GqMutation *mutation;

  g_object_ref (self);

  g_clear_pointer (&self->callback, mutate_callback_free);
  self->callback = callback;

  detach (self);

  mutation = _gq_mutation_cache_build (cache, self->client, self->resolved, NULL);
  g_set_object (&self->mutation, mutation);
  _gq_mutation_add_observer (mutation, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MUTATION]);

  _gq_mutation_execute (mutation, variables, waiter);

  g_object_unref (self);
}

/**
 * gq_mutation_observer_mutate:
 * @self: an observer
 * @variables: (nullable): the variables; %NULL for none (a JSON null node
 *   is null variables)
 * @callback: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the per-call callback, run once the mutation settles if this call is
 *   still the latest and the observer is subscribed
 * @user_data: data for @callback
 * @destroy: (nullable): frees @user_data once @callback has run or can no
 *   longer run
 *
 * Starts a new mutation with @variables, without waiting for it: the
 * observer's properties report it. A previous call's callback will not
 * run any more.
 */
void
gq_mutation_observer_mutate (GqMutationObserver *self,
                             JsonNode           *variables,
                             GqMutateCallback    callback,
                             gpointer            user_data,
                             GDestroyNotify      destroy)
{
  MutateCallback *closure = NULL;

  g_return_if_fail (GQ_IS_MUTATION_OBSERVER (self));
  g_return_if_fail (self->resolved != NULL);

  if (callback != NULL)
    {
      closure = g_new0 (MutateCallback, 1);
      closure->func = callback;
      closure->user_data = user_data;
      closure->destroy = destroy;
    }
  else if (destroy != NULL)
    {
      destroy (user_data);
    }

  start_mutation (self, variables, closure, NULL);
}

/**
 * gq_mutation_observer_mutate_async:
 * @self: an observer
 * @variables: (nullable): the variables; %NULL for none
 * @cancellable: (nullable): a cancellable; cancelled, the operation ends
 *   with a cancellation error once the mutation settles (the mutation
 *   itself goes on)
 * @callback: (scope async) (closure user_data): called when the mutation
 *   settled, after its callbacks
 * @user_data: data for @callback
 *
 * Starts a new mutation with @variables and waits for it. A previous
 * call's per-call callback will not run any more.
 */
void
gq_mutation_observer_mutate_async (GqMutationObserver  *self,
                                   JsonNode            *variables,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GQ_IS_MUTATION_OBSERVER (self));
  g_return_if_fail (self->resolved != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_mutation_observer_mutate_async);

  start_mutation (self, variables, NULL, task);
}

/**
 * gq_mutation_observer_mutate_finish:
 * @self: an observer
 * @result: the result given to the callback
 * @error: where to put the mutation's error
 *
 * Completes [method@Gq.MutationObserver.mutate_async]. A mutation may
 * succeed without data: check @error, not the return value.
 *
 * Returns: (transfer full) (nullable): the mutation's result, or %NULL
 *   (with @error set if the mutation failed or the operation was
 *   cancelled)
 */
JsonNode *
gq_mutation_observer_mutate_finish (GqMutationObserver  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OBSERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gq_mutation_observer_reset:
 * @self: an observer
 *
 * Forgets the latest mutation: the result goes back to idle. The
 * mutation itself goes on, unobserved, and is collected once finished.
 */
void
gq_mutation_observer_reset (GqMutationObserver *self)
{
  g_return_if_fail (GQ_IS_MUTATION_OBSERVER (self));

  g_object_ref (self);

  detach (self);
  if (self->mutation != NULL)
    {
      g_clear_object (&self->mutation);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MUTATION]);
    }
  update_result (self);

  g_object_unref (self);
}
