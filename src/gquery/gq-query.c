/* gq-query.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-private.h"
#include "gq-enum-types.h"
#include "gq-error.h"
#include "gq-fetch-context-private.h"
#include "gq-infinite-query-behavior-private.h"
#include "gq-json.h"
#include "gq-query-cache-private.h"
#include "gq-query-client-private.h"
#include "gq-query-observer-private.h"
#include "gq-query-options-private.h"
#include "gq-query-state-private.h"
#include "gq-retryer-private.h"
#include "gq-scheduler.h"

/**
 * GqQuery:
 *
 * One entry of the [class@Gq.QueryCache]: a key, its state and the
 * observers watching it.
 *
 * A query runs fetches (deduplicating concurrent ones), retries them,
 * reverts a cancelled fetch, and removes itself from the cache once it has
 * been unused for its gc time. Applications rarely hold queries: they use
 * a [class@Gq.QueryObserver] or the [class@Gq.QueryClient].
 */

#define DEFAULT_GC_TIME 300000

typedef enum
{
  ACTION_FETCH,
  ACTION_SUCCESS,
  ACTION_ERROR,
  ACTION_FAILED,
  ACTION_PAUSE,
  ACTION_CONTINUE,
  ACTION_INVALIDATE,
  ACTION_SET_STATE,
} ActionType;

typedef struct
{
  ActionType    type;
  JsonNode     *data;
  gint64        updated_at;
  gboolean      manual;
  const GError *error;
  guint         failure_count;
  JsonNode     *meta;
  GqQueryState *state;
} Action;

struct _GqQuery
{
  GObject         parent_instance;

  GqQueryClient  *client;
  GqQueryCache   *cache;
  GList           cache_link;
  GqScheduler    *scheduler;
  JsonNode       *query_key;
  char           *query_hash;
  GqQueryOptions *options;
  GqQueryState   *state;
  GqQueryState   *initial_state;
  GqQueryState   *revert_state;
  GPtrArray      *observers;
  GqRetryer      *retryer;
  GqInfiniteBehavior *behavior;
  GPtrArray      *waiters;
  gint64          gc_time;
  guint           gc_id;
  gboolean        has_gc_time;
  /* TanStack's queryType 'infinite': once fetched as infinite, a query
   * stays infinite. */
  gboolean        is_infinite;
  GqFetchReason   fetch_reason;
  GqFetchReason   next_fetch_reason;
};

enum {
  PROP_0,
  PROP_QUERY_KEY,
  PROP_QUERY_HASH,
  PROP_STATE,
  PROP_OBSERVER_COUNT,
  PROP_IS_ACTIVE,
  PROP_IS_STALE,
  PROP_IS_DISABLED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Observers of one query notified without allocating a snapshot. */
#define DISPATCH_STACK_OBSERVERS 16

G_DEFINE_FINAL_TYPE (GqQuery, gq_query, G_TYPE_OBJECT)

static const GqRetryerCallbacks retryer_callbacks;

static GqScheduler *
get_scheduler (GqQuery *self)
{
  return self->scheduler;
}

static gint64
now (GqQuery *self)
{
  return gq_scheduler_now (get_scheduler (self));
}

/* Waiters are the GTasks of everyone awaiting the current fetch: the
 * fetch's promise in TanStack. They move to a fetch that replaces a
 * silently cancelled one. */
static void
complete_waiters (GqQuery      *self,
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

static GError *
new_cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The query was cancelled");
}

static void
cancel_waiters (GqQuery *self)
{
  g_autoptr(GError) error = NULL;

  if (self->waiters == NULL || self->waiters->len == 0)
    return;

  error = new_cancelled_error ();
  complete_waiters (self, NULL, error);
}

static GqQueryState *
reduce (GqQuery      *self,
        const Action *action)
{
  GqQueryState *s;

  if (action->type == ACTION_SET_STATE)
    return gq_query_state_ref (action->state);

  s = _gq_query_state_edit (self->state);

  switch (action->type)
    {
    case ACTION_FAILED:
      s->fetch_failure_count = action->failure_count;
      _gq_query_state_set_fetch_failure_reason (s, action->error);
      break;

    case ACTION_PAUSE:
      s->fetch_status = GQ_FETCH_STATUS_PAUSED;
      break;

    case ACTION_CONTINUE:
      s->fetch_status = GQ_FETCH_STATUS_FETCHING;
      break;

    case ACTION_FETCH:
      s->fetch_failure_count = 0;
      _gq_query_state_set_fetch_failure_reason (s, NULL);
      _gq_query_state_set_fetch_meta (s, action->meta);
      s->fetch_status = _gq_network_mode_can_fetch (gq_query_options_get_network_mode (self->options),
                                                    gq_query_client_get_online_manager (self->client))
                        ? GQ_FETCH_STATUS_FETCHING : GQ_FETCH_STATUS_PAUSED;
      if (s->data == NULL)
        {
          _gq_query_state_set_error (s, NULL);
          s->status = GQ_QUERY_STATUS_PENDING;
        }
      break;

    case ACTION_SUCCESS:
      _gq_query_state_set_data (s, action->data);
      s->data_update_count++;
      s->data_updated_at = action->updated_at > 0 ? action->updated_at : now (self);
      _gq_query_state_set_error (s, NULL);
      s->is_invalidated = FALSE;
      s->status = GQ_QUERY_STATUS_SUCCESS;
      if (!action->manual)
        {
          s->fetch_status = GQ_FETCH_STATUS_IDLE;
          s->fetch_failure_count = 0;
          _gq_query_state_set_fetch_failure_reason (s, NULL);
        }
      break;

    case ACTION_ERROR:
      _gq_query_state_set_error (s, action->error);
      s->error_update_count++;
      s->error_updated_at = now (self);
      s->fetch_failure_count++;
      _gq_query_state_set_fetch_failure_reason (s, action->error);
      s->fetch_status = GQ_FETCH_STATUS_IDLE;
      s->status = GQ_QUERY_STATUS_ERROR;
      s->is_invalidated = TRUE;
      break;

    case ACTION_INVALIDATE:
      s->is_invalidated = TRUE;
      break;

    case ACTION_SET_STATE:
    default:
      g_assert_not_reached ();
    }

  return s;
}

static void
dispatch (GqQuery      *self,
          const Action *action)
{
  g_autoptr(GqQueryState) old_state = self->state;
  GqQueryObserver *stack[DISPATCH_STACK_OBSERVERS];
  GqQueryObserver **observers = stack;
  guint n_observers;
  gboolean held;

  self->state = reduce (self, action);

  if (action->type == ACTION_SUCCESS)
    {
      g_clear_pointer (&self->revert_state, gq_query_state_unref);
      /* TanStack keeps a manual update to revert a cancelled fetch to.
       * Only a running fetch can be cancelled, and the next fetch takes
       * its own: without one the reference would only make every later
       * state change copy the state. */
      if (action->manual && self->retryer != NULL)
        self->revert_state = gq_query_state_ref (self->state);
    }

  /* Observers and cache listeners may drop the last reference to the
   * query: hold one while they run. Most state changes go to neither, and
   * the notify emission holds its own. */
  n_observers = self->observers->len;
  held = n_observers > 0;

  /* A snapshot: an observer may leave while we notify. Most queries have
   * none, and most state changes go to none; a few fit on the stack. */
  if (n_observers > 0)
    {
      g_object_ref (self);
      if (n_observers > DISPATCH_STACK_OBSERVERS)
        observers = g_new (GqQueryObserver *, n_observers);
      for (guint i = 0; i < n_observers; i++)
        observers[i] = g_object_ref (g_ptr_array_index (self->observers, i));
      for (guint i = 0; i < n_observers; i++)
        _gq_query_observer_on_query_update (observers[i]);
    }

  if (self->cache != NULL && _gq_query_cache_has_listeners (self->cache))
    {
      if (!held)
        g_object_ref (self);
      held = TRUE;
      _gq_query_cache_emit (self->cache, GQ_CACHE_EVENT_UPDATED, self, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);

  if (held)
    g_object_unref (self);

  for (guint i = 0; i < n_observers; i++)
    g_object_unref (observers[i]);
  if (observers != stack)
    g_free (observers);
}

static void
set_state (GqQuery      *self,
           GqQueryState *state)
{
  Action action = { .type = ACTION_SET_STATE, .state = state };

  dispatch (self, &action);
}

GqQueryState *
_gq_query_default_state (GqQueryOptions *options,
                         gint64          time_now)
{
  static GqQueryState *empty;
  GqQueryState *state;
  JsonNode *initial_data = options ? gq_query_options_get_initial_data (options) : NULL;
  gint64 updated_at;

  /* Without initial data every query starts from the same state, and a
   * published state is never changed: one is shared by all. */
  if (initial_data == NULL)
    {
      if (g_once_init_enter (&empty))
        g_once_init_leave (&empty, _gq_query_state_new ());
      return gq_query_state_ref (empty);
    }

  updated_at = gq_query_options_get_initial_data_updated_at (options);
  state = _gq_query_state_new ();
  _gq_query_state_set_data (state, initial_data);
  state->data_updated_at = updated_at > 0 ? updated_at : time_now;
  state->status = GQ_QUERY_STATUS_SUCCESS;

  return state;
}

/* Garbage collection (TanStack's Removable) */

static void
clear_gc (GqQuery *self)
{
  if (self->gc_id != 0)
    {
      guint id = self->gc_id;

      self->gc_id = 0;
      gq_scheduler_remove (get_scheduler (self), id);
    }
}

static gboolean
in_cache (GqQuery *self)
{
  return self->cache != NULL && gq_query_cache_get (self->cache, self->query_hash) == self;
}

static void
optional_remove (gpointer data)
{
  GqQuery *self = data;

  self->gc_id = 0;

  if (self->observers->len == 0 &&
      self->state->fetch_status == GQ_FETCH_STATUS_IDLE &&
      in_cache (self))
    gq_query_cache_remove (self->cache, self);
}

void
_gq_query_schedule_gc (GqQuery *self)
{
  clear_gc (self);

  /* A query removed from the cache has nothing left to collect. */
  if (self->gc_time >= 0 && self->gc_time != GQ_TIME_INFINITE && in_cache (self))
    self->gc_id = gq_scheduler_add_timeout (get_scheduler (self), self->gc_time,
                                            optional_remove, self, NULL);
}

static void
update_gc_time (GqQuery *self,
                gint64   gc_time)
{
  /* gc time only grows: a short-lived observer cannot shorten the life of
   * data another part of the app asked to keep. */
  if (!self->has_gc_time || gc_time > self->gc_time)
    self->gc_time = gc_time;
  self->has_gc_time = TRUE;
}

void
_gq_query_set_options (GqQuery        *self,
                       GqQueryOptions *options)
{
  g_return_if_fail (GQ_IS_QUERY (self));
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (options));

  if (options != self->options)
    g_set_object (&self->options, options);

  if (GQ_IS_INFINITE_QUERY_OPTIONS (options))
    self->is_infinite = TRUE;

  update_gc_time (self, gq_query_options_get_gc_time (options));

  if (self->state->data == NULL && gq_query_options_get_initial_data (options) != NULL)
    {
      g_autoptr(GqQueryState) initial = _gq_query_default_state (options, now (self));

      if (initial->data != NULL)
        {
          g_autoptr(GqQueryState) merged = _gq_query_state_copy (self->state);

          _gq_query_state_set_data (merged, initial->data);
          merged->data_updated_at = initial->data_updated_at;
          merged->status = GQ_QUERY_STATUS_SUCCESS;
          g_clear_pointer (&self->initial_state, gq_query_state_unref);
          self->initial_state = gq_query_state_ref (initial);
          set_state (self, merged);
        }
    }
}

GqQuery *
_gq_query_new (GqQueryClient  *client,
               GqQueryCache   *cache,
               JsonNode       *query_key,
               const char     *query_hash,
               GqQueryOptions *options,
               GqQueryState   *state)
{
  GqQuery *self = g_object_new (GQ_TYPE_QUERY, NULL);

  /* A cached query hears from its cache when the client or the cache goes
   * (see _gq_query_forget_owners): a weak pointer each would cost time
   * linear in the number of queries to remove. A bare query, built by a
   * test, watches its client itself. */
  self->cache = cache;
  if (cache != NULL)
    {
      self->client = client;
      _gq_query_cache_track (cache, self, client, &self->cache_link);
    }
  else
    g_set_weak_pointer (&self->client, client);
  self->scheduler = g_object_ref (gq_query_client_get_scheduler (client));
  self->query_key = json_node_ref (query_key);
  json_node_seal (self->query_key);
  self->query_hash = g_strdup (query_hash);
  self->options = g_object_ref (options);
  self->is_infinite = GQ_IS_INFINITE_QUERY_OPTIONS (options);
  update_gc_time (self, gq_query_options_get_gc_time (options));
  self->initial_state = _gq_query_default_state (options, gq_scheduler_now (self->scheduler));
  self->state = state ? gq_query_state_ref (state) : gq_query_state_ref (self->initial_state);

  return self;
}

/* The cache's side of the weak link: @client_gone (nullable) is being
 * finalized, or the cache itself with @cache_gone. */
void
_gq_query_forget_owners (GqQuery       *self,
                         GqQueryClient *client_gone,
                         gboolean       cache_gone)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  if (cache_gone || (client_gone != NULL && self->client == client_gone))
    self->client = NULL;
  if (cache_gone)
    self->cache = NULL;
}

static void
gq_query_dispose (GObject *object)
{
  GqQuery *self = (GqQuery *)object;

  if (self->scheduler != NULL)
    clear_gc (self);

  if (self->retryer != NULL)
    {
      _gq_retryer_detach (self->retryer);
      g_clear_pointer (&self->retryer, _gq_retryer_unref);
    }
  g_clear_pointer (&self->behavior, _gq_infinite_behavior_free);

  cancel_waiters (self);

  G_OBJECT_CLASS (gq_query_parent_class)->dispose (object);
}

static void
gq_query_finalize (GObject *object)
{
  GqQuery *self = (GqQuery *)object;

  if (self->cache != NULL)
    _gq_query_cache_untrack (self->cache, &self->cache_link);
  else
    g_clear_weak_pointer (&self->client);
  g_clear_object (&self->scheduler);
  g_clear_pointer (&self->query_key, json_node_unref);
  g_clear_pointer (&self->query_hash, g_free);
  g_clear_object (&self->options);
  g_clear_pointer (&self->state, gq_query_state_unref);
  g_clear_pointer (&self->initial_state, gq_query_state_unref);
  g_clear_pointer (&self->revert_state, gq_query_state_unref);
  g_clear_pointer (&self->observers, g_ptr_array_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (gq_query_parent_class)->finalize (object);
}

static void
gq_query_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  GqQuery *self = GQ_QUERY (object);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      g_value_set_boxed (value, self->query_key);
      break;

    case PROP_QUERY_HASH:
      g_value_set_string (value, self->query_hash);
      break;

    case PROP_STATE:
      g_value_set_boxed (value, self->state);
      break;

    case PROP_OBSERVER_COUNT:
      g_value_set_uint (value, self->observers->len);
      break;

    case PROP_IS_ACTIVE:
      g_value_set_boolean (value, gq_query_is_active (self));
      break;

    case PROP_IS_STALE:
      g_value_set_boolean (value, gq_query_is_stale (self));
      break;

    case PROP_IS_DISABLED:
      g_value_set_boolean (value, gq_query_is_disabled (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_class_init (GqQueryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gq_query_dispose;
  object_class->finalize = gq_query_finalize;
  object_class->get_property = gq_query_get_property;

  /**
   * GqQuery:query-key:
   *
   * The key, a JSON array.
   */
  properties [PROP_QUERY_KEY] =
    g_param_spec_boxed ("query-key", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GqQuery:query-hash:
   *
   * The key's canonical hash, which the cache is indexed by.
   */
  properties [PROP_QUERY_HASH] =
    g_param_spec_string ("query-hash", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GqQuery:state:
   *
   * The current state, replaced (never changed) on every update.
   */
  properties [PROP_STATE] =
    g_param_spec_boxed ("state", NULL, NULL, GQ_TYPE_QUERY_STATE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQuery:observer-count:
   *
   * The number of subscribed observers.
   */
  properties [PROP_OBSERVER_COUNT] =
    g_param_spec_uint ("observer-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQuery:is-active:
   *
   * Whether an enabled observer watches the query.
   */
  properties [PROP_IS_ACTIVE] =
    g_param_spec_boolean ("is-active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GqQuery:is-stale:
   *
   * Whether the query counts as stale for filters.
   */
  properties [PROP_IS_STALE] =
    g_param_spec_boolean ("is-stale", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GqQuery:is-disabled:
   *
   * Whether the query is disabled: every observer is disabled, or it has
   * none and was never fetched.
   */
  properties [PROP_IS_DISABLED] =
    g_param_spec_boolean ("is-disabled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_query_init (GqQuery *self)
{
  self->observers = g_ptr_array_new ();
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_fetch_reason = GQ_FETCH_REASON_MANUAL;
}

/* Fetching */

static void
on_attempt_done (GqFetchContext *context,
                 JsonNode       *data,
                 const GError   *error,
                 gpointer        user_data)
{
  GqQuery *self = user_data;

  if (self->retryer != NULL)
    _gq_retryer_attempt_done (self->retryer, context, data, error);
}

static gpointer
retryer_run (gpointer   owner,
             GqRetryer *retryer)
{
  GqQuery *self = owner;
  g_autoptr(GqFetchContext) context = NULL;

  if (self->behavior != NULL)
    return _gq_infinite_behavior_run (self->behavior, on_attempt_done, self);

  context = _gq_fetch_context_new (self->client,
                                   self->query_key,
                                   self->query_hash,
                                   gq_query_options_get_meta (self->options),
                                   NULL,
                                   GQ_FETCH_DIRECTION_NONE,
                                   on_attempt_done,
                                   self);

  if (!_gq_query_options_has_query_func (self->options))
    {
      g_autofree char *message = g_strdup_printf ("Missing query function: '%s'", self->query_hash);

      gq_fetch_context_reject_literal (context, GQ_ERROR, GQ_ERROR_MISSING_QUERY_FUNC, message);
      return g_steal_pointer (&context);
    }

  _gq_query_options_call_query_func (self->options, context);

  return g_steal_pointer (&context);
}

static void
retryer_on_fail (gpointer      owner,
                 guint         failure_count,
                 const GError *error)
{
  Action action = { .type = ACTION_FAILED, .failure_count = failure_count, .error = error };

  dispatch (owner, &action);
}

static void
retryer_on_pause (gpointer owner)
{
  Action action = { .type = ACTION_PAUSE };

  dispatch (owner, &action);
}

static void
retryer_on_continue (gpointer owner)
{
  Action action = { .type = ACTION_CONTINUE };

  dispatch (owner, &action);
}

static void
release_retryer (GqQuery *self)
{
  if (self->retryer != NULL)
    {
      _gq_retryer_detach (self->retryer);
      g_clear_pointer (&self->retryer, _gq_retryer_unref);
    }
  g_clear_pointer (&self->behavior, _gq_infinite_behavior_free);
}

static void
fail_fetch (GqQuery      *self,
            const GError *error)
{
  Action action = { .type = ACTION_ERROR, .error = error };

  g_object_ref (self);
  dispatch (self, &action);
  release_retryer (self);
  complete_waiters (self, NULL, error);
  _gq_query_schedule_gc (self);
  g_object_unref (self);
}

static void
retryer_on_resolved (gpointer  owner,
                     JsonNode *data)
{
  GqQuery *self = owner;
  JsonNode *shared;

  if (data == NULL)
    {
      g_autoptr(GError) error = g_error_new (GQ_ERROR, GQ_ERROR_UNDEFINED_DATA,
                                             "Query data cannot be undefined: %s resolved without data",
                                             self->query_hash);
      g_warning ("%s", error->message);
      fail_fetch (self, error);
      return;
    }

  g_object_ref (self);
  shared = _gq_query_set_data (self, data, 0, FALSE);
  release_retryer (self);
  complete_waiters (self, shared, NULL);
  json_node_unref (shared);
  _gq_query_schedule_gc (self);
  g_object_unref (self);
}

static void
retryer_on_rejected (gpointer      owner,
                     const GError *error)
{
  fail_fetch (owner, error);
}

static void
retryer_on_cancel (gpointer owner,
                   gboolean revert,
                   gboolean silent)
{
  GqQuery *self = owner;

  g_object_ref (self);

  if (revert)
    {
      g_autoptr(GqQueryState) reverted = NULL;

      reverted = _gq_query_state_copy (self->revert_state ? self->revert_state : self->state);
      reverted->fetch_status = GQ_FETCH_STATUS_IDLE;
      set_state (self, reverted);
    }

  release_retryer (self);

  if (silent)
    {
      /* The caller either starts the fetch that takes the waiters over, or
       * ends them (reset, removal). */
    }
  else if (revert)
    {
      if (self->state->data != NULL)
        complete_waiters (self, self->state->data, NULL);
      else
        cancel_waiters (self);
      _gq_query_schedule_gc (self);
    }
  else
    {
      g_autoptr(GError) error = new_cancelled_error ();
      Action action = { .type = ACTION_ERROR, .error = error };

      dispatch (self, &action);
      complete_waiters (self, NULL, error);
      _gq_query_schedule_gc (self);
    }

  g_object_unref (self);
}

static const GqRetryerCallbacks retryer_callbacks = {
  .run = retryer_run,
  .on_fail = retryer_on_fail,
  .on_pause = retryer_on_pause,
  .on_continue = retryer_on_continue,
  .on_resolved = retryer_on_resolved,
  .on_rejected = retryer_on_rejected,
  .on_cancel = retryer_on_cancel,
};

static GqQueryOptions *
first_observer_options_with_query_func (GqQuery *self)
{
  for (guint i = 0; i < self->observers->len; i++)
    {
      GqQueryOptions *options =
        _gq_query_observer_get_resolved_options (g_ptr_array_index (self->observers, i));

      if (options != NULL && _gq_query_options_has_query_func (options))
        return options;
    }

  return NULL;
}

static gboolean
meta_equal (JsonNode *a,
            JsonNode *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return gq_json_equal (a, b);
}

void
_gq_query_fetch (GqQuery        *self,
                 GqQueryOptions *options,
                 gboolean        cancel_refetch,
                 JsonNode       *meta,
                 GTask          *waiter)
{
  g_autoptr(GqQuery) hold = g_object_ref (self);
  GqOnlineManager *online_manager;
  GqFocusManager *focus_manager;
  GqFetchReason reason;
  int default_retry;

  g_return_if_fail (GQ_IS_QUERY (self));

  reason = self->next_fetch_reason;
  self->next_fetch_reason = GQ_FETCH_REASON_MANUAL;

  if (self->client == NULL)
    {
      if (waiter != NULL)
        g_task_return_new_error (waiter, GQ_ERROR, GQ_ERROR_FAILED, "The query's client is gone");
      return;
    }

  if (self->state->fetch_status != GQ_FETCH_STATUS_IDLE &&
      self->retryer != NULL &&
      _gq_retryer_get_status (self->retryer) != GQ_RETRYER_REJECTED)
    {
      if (self->state->data != NULL && cancel_refetch)
        {
          g_autoptr(GqRetryer) retryer = _gq_retryer_ref (self->retryer);

          /* Silently: the waiters move to the fetch started below. */
          _gq_retryer_cancel (retryer, FALSE, TRUE);
        }
      else
        {
          _gq_retryer_continue_retry (self->retryer);
          if (waiter != NULL)
            g_ptr_array_add (self->waiters, g_object_ref (waiter));
          return;
        }
    }

  if (options != NULL)
    _gq_query_set_options (self, options);

  if (!_gq_query_options_has_query_func (self->options))
    {
      GqQueryOptions *observer_options = first_observer_options_with_query_func (self);

      if (observer_options != NULL)
        _gq_query_set_options (self, observer_options);
    }

  if (waiter != NULL)
    g_ptr_array_add (self->waiters, g_object_ref (waiter));

  /* Set before the fetch action: cache listeners read it on that event. */
  self->fetch_reason = reason;

  g_clear_pointer (&self->revert_state, gq_query_state_unref);
  self->revert_state = gq_query_state_ref (self->state);

  if (self->state->fetch_status == GQ_FETCH_STATUS_IDLE ||
      !meta_equal (self->state->fetch_meta, meta))
    {
      Action action = { .type = ACTION_FETCH, .meta = meta };
      dispatch (self, &action);
    }

  online_manager = gq_query_client_get_online_manager (self->client);
  focus_manager = gq_query_client_get_focus_manager (self->client);
  default_retry = 3;

  release_retryer (self);
  if (self->is_infinite)
    self->behavior = _gq_infinite_behavior_new (self->client, self->query_key, self->query_hash,
                                                self->options, self->state->data,
                                                _gq_infinite_fetch_meta_direction (meta));
  self->retryer = _gq_retryer_new (&retryer_callbacks, self, self->options, default_retry,
                                   gq_query_options_get_network_mode (self->options),
                                   get_scheduler (self), focus_manager, online_manager);
  _gq_retryer_start (self->retryer);
}

JsonNode *
_gq_query_set_data (GqQuery  *self,
                    JsonNode *data,
                    gint64    updated_at,
                    gboolean  manual)
{
  g_autoptr(JsonNode) shared = NULL;
  Action action = { .type = ACTION_SUCCESS, .updated_at = updated_at, .manual = manual };

  g_return_val_if_fail (GQ_IS_QUERY (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  json_node_seal (data);

  if (gq_query_options_get_structural_sharing (self->options) && self->state->data != NULL)
    shared = gq_json_replace_equal_deep (self->state->data, data);
  else
    shared = json_node_ref (data);

  action.data = shared;
  dispatch (self, &action);

  return g_steal_pointer (&shared);
}

void
_gq_query_cancel (GqQuery  *self,
                  gboolean  revert,
                  gboolean  silent)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  if (self->retryer != NULL)
    {
      g_autoptr(GqRetryer) retryer = _gq_retryer_ref (self->retryer);
      _gq_retryer_cancel (retryer, revert, silent);
    }

  /* Silence hands the waiters to the fetch that replaces this one, and
   * only _gq_query_fetch starts one; here they hear of the cancellation,
   * as TanStack's promise rejects. */
  if (silent)
    cancel_waiters (self);
}

void
_gq_query_invalidate (GqQuery *self)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  if (!self->state->is_invalidated)
    {
      Action action = { .type = ACTION_INVALIDATE };
      dispatch (self, &action);
    }
}

void
_gq_query_destroy (GqQuery *self)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  clear_gc (self);
  _gq_query_cancel (self, FALSE, TRUE);
}

void
_gq_query_reset (GqQuery *self)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  g_object_ref (self);
  _gq_query_destroy (self);
  set_state (self, self->initial_state);
  g_object_unref (self);
}

/* Observers */

void
_gq_query_add_observer (GqQuery         *self,
                        GqQueryObserver *observer)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  if (g_ptr_array_find (self->observers, observer, NULL))
    return;

  g_ptr_array_add (self->observers, observer);
  clear_gc (self);

  if (self->cache != NULL)
    _gq_query_cache_notify (self->cache, GQ_CACHE_EVENT_OBSERVER_ADDED, self, G_OBJECT (observer));

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OBSERVER_COUNT]);
}

void
_gq_query_remove_observer (GqQuery         *self,
                           GqQueryObserver *observer)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  if (!g_ptr_array_remove (self->observers, observer))
    return;

  g_object_ref (self);

  if (self->observers->len == 0)
    {
      if (self->retryer != NULL)
        {
          GqFetchContext *attempt = _gq_retryer_get_attempt (self->retryer);
          gboolean abort_it = (attempt != NULL && _gq_fetch_context_cancellable_used (attempt)) ||
                              (self->state->fetch_status == GQ_FETCH_STATUS_PAUSED &&
                               self->state->status == GQ_QUERY_STATUS_PENDING);

          /* A fetch that can be aborted is; one that cannot is left to
           * fill the cache, but is not retried for nobody. */
          if (abort_it)
            _gq_query_cancel (self, TRUE, FALSE);
          else
            _gq_retryer_cancel_retry (self->retryer);
        }

      _gq_query_schedule_gc (self);
    }

  if (self->cache != NULL)
    _gq_query_cache_notify (self->cache, GQ_CACHE_EVENT_OBSERVER_REMOVED, self, G_OBJECT (observer));

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OBSERVER_COUNT]);

  g_object_unref (self);
}

static void
continue_retryer (GqQuery *self)
{
  if (self->retryer != NULL)
    {
      g_autoptr(GqRetryer) retryer = _gq_retryer_ref (self->retryer);
      _gq_retryer_continue (retryer);
    }
}

void
_gq_query_on_focus (GqQuery *self)
{
  for (guint i = 0; i < self->observers->len; i++)
    {
      GqQueryObserver *observer = g_ptr_array_index (self->observers, i);

      if (_gq_query_observer_should_fetch_on_window_focus (observer))
        {
          _gq_query_observer_refetch_quiet (observer, GQ_FETCH_REASON_FOCUS);
          break;
        }
    }

  continue_retryer (self);
}

void
_gq_query_on_online (GqQuery *self)
{
  for (guint i = 0; i < self->observers->len; i++)
    {
      GqQueryObserver *observer = g_ptr_array_index (self->observers, i);

      if (_gq_query_observer_should_fetch_on_reconnect (observer))
        {
          _gq_query_observer_refetch_quiet (observer, GQ_FETCH_REASON_RECONNECT);
          break;
        }
    }

  continue_retryer (self);
}

gboolean
_gq_query_is_fetched (GqQuery *self)
{
  return self->state->data_update_count + self->state->error_update_count > 0;
}

gboolean
_gq_query_is_infinite (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), FALSE);

  return self->is_infinite;
}

void
_gq_query_set_state (GqQuery      *self,
                     GqQueryState *state)
{
  g_return_if_fail (GQ_IS_QUERY (self));
  g_return_if_fail (state != NULL);

  set_state (self, state);
}

void
_gq_query_set_next_fetch_reason (GqQuery       *self,
                                 GqFetchReason  reason)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  self->next_fetch_reason = reason;
}

gint64
_gq_query_now (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), 0);

  return now (self);
}

/* Public API */

/**
 * gq_query_get_query_key:
 * @self: a query
 *
 * Gets the query's key.
 *
 * Returns: (transfer none): the key, a sealed JSON array
 */
JsonNode *
gq_query_get_query_key (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), NULL);

  return self->query_key;
}

/**
 * gq_query_get_query_hash:
 * @self: a query
 *
 * Gets the canonical hash of the query's key.
 *
 * Returns: the hash
 */
const char *
gq_query_get_query_hash (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), NULL);

  return self->query_hash;
}

/**
 * gq_query_get_state:
 * @self: a query
 *
 * Gets the current state. States are immutable snapshots: keep a
 * reference to compare with a later one.
 *
 * Returns: (transfer none): the state
 */
GqQueryState *
gq_query_get_state (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), NULL);

  return self->state;
}

/**
 * gq_query_get_options:
 * @self: a query
 *
 * Gets the options the query last fetched with: those of the observer that
 * set them last.
 *
 * Returns: (transfer none): the options
 */
GqQueryOptions *
gq_query_get_options (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), NULL);

  return self->options;
}

/**
 * gq_query_get_observer_count:
 * @self: a query
 *
 * Counts the observers subscribed to the query.
 *
 * Returns: the number of observers
 */
guint
gq_query_get_observer_count (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), 0);

  return self->observers->len;
}

/**
 * gq_query_get_gc_time:
 * @self: a query
 *
 * Gets how long the query stays in the cache once unused: the largest gc
 * time any of its options asked for.
 *
 * Returns: the gc time in milliseconds, or %GQ_TIME_INFINITE
 */
gint64
gq_query_get_gc_time (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), 0);

  return self->gc_time;
}

/**
 * gq_query_is_active:
 * @self: a query
 *
 * Tells whether an enabled observer watches the query.
 *
 * Returns: %TRUE if active
 */
gboolean
gq_query_is_active (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), FALSE);

  for (guint i = 0; i < self->observers->len; i++)
    if (_gq_query_observer_is_enabled (g_ptr_array_index (self->observers, i)))
      return TRUE;

  return FALSE;
}

/**
 * gq_query_is_disabled:
 * @self: a query
 *
 * Tells whether the query is disabled: observed only by disabled
 * observers, or unobserved and never fetched.
 *
 * Returns: %TRUE if disabled
 */
gboolean
gq_query_is_disabled (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), FALSE);

  if (self->observers->len > 0)
    return !gq_query_is_active (self);

  return !_gq_query_is_fetched (self);
}

/**
 * gq_query_is_static:
 * @self: a query
 *
 * Tells whether an observer gives the query the stale time
 * %GQ_STALE_TIME_STATIC. An unobserved query is never static.
 *
 * Returns: %TRUE if static
 */
gboolean
gq_query_is_static (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), FALSE);

  for (guint i = 0; i < self->observers->len; i++)
    if (_gq_query_observer_is_static (g_ptr_array_index (self->observers, i)))
      return TRUE;

  return FALSE;
}

/**
 * gq_query_is_stale:
 * @self: a query
 *
 * Tells whether the query counts as stale for filters: with observers, if
 * one of them sees stale data; without, if it has no data or was
 * invalidated.
 *
 * Returns: %TRUE if stale
 */
gboolean
gq_query_is_stale (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), FALSE);

  if (self->observers->len > 0)
    {
      for (guint i = 0; i < self->observers->len; i++)
        if (_gq_query_observer_result_is_stale (g_ptr_array_index (self->observers, i)))
          return TRUE;
      return FALSE;
    }

  return self->state->data == NULL || self->state->is_invalidated;
}

/**
 * gq_query_is_stale_by_time:
 * @self: a query
 * @stale_time: a stale time in milliseconds, %GQ_TIME_INFINITE or
 *   %GQ_STALE_TIME_STATIC
 *
 * Tells whether the data is older than @stale_time (or missing, or
 * invalidated).
 *
 * Returns: %TRUE if stale
 */
gboolean
gq_query_is_stale_by_time (GqQuery *self,
                           gint64   stale_time)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), FALSE);

  if (self->state->data == NULL)
    return TRUE;
  if (stale_time == GQ_STALE_TIME_STATIC)
    return FALSE;
  if (self->state->is_invalidated)
    return TRUE;
  if (stale_time == GQ_TIME_INFINITE)
    return FALSE;

  return now (self) >= self->state->data_updated_at + MAX (stale_time, 0);
}

/**
 * gq_query_get_fetch_reason:
 * @self: a query
 *
 * Gets why the query's current fetch started, or its last one when it is
 * not fetching. A fetch that joins one in flight does not change it. Read
 * it on the cache's [signal@Gq.QueryCache::event] that reports the fetch
 * starting, as the devtools' timeline does.
 *
 * Returns: the reason, %GQ_FETCH_REASON_NONE if never fetched
 */
GqFetchReason
gq_query_get_fetch_reason (GqQuery *self)
{
  g_return_val_if_fail (GQ_IS_QUERY (self), GQ_FETCH_REASON_NONE);

  return self->fetch_reason;
}

/**
 * gq_query_fetch:
 * @self: a query
 * @options: (nullable): options to fetch with (they become the query's),
 *   or %NULL for the query's own
 *
 * Fetches the query, without waiting for the result, as TanStack's
 * `query.fetch (options)`: unlike [method@Gq.QueryClient.refetch_queries_async]
 * it fetches a disabled or static query too. A fetch in flight is joined,
 * or replaced when the query has data. The devtools' Refetch and Trigger
 * Loading use it; the reason is %GQ_FETCH_REASON_MANUAL.
 */
void
gq_query_fetch (GqQuery        *self,
                GqQueryOptions *options)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  _gq_query_fetch (self, options, TRUE, NULL, NULL);
}

/**
 * gq_query_cancel:
 * @self: a query
 * @flags: %GQ_CANCEL_FLAGS_NO_REVERT to keep the state the fetch reached,
 *   %GQ_CANCEL_FLAGS_SILENT to cancel without an error state
 *
 * Cancels the query's fetch in flight, as TanStack's
 * `query.cancel ({revert, silent})`: by default the state reverts to what
 * it was before the fetch.
 */
void
gq_query_cancel (GqQuery       *self,
                 GqCancelFlags  flags)
{
  g_return_if_fail (GQ_IS_QUERY (self));

  _gq_query_cancel (self,
                    (flags & GQ_CANCEL_FLAGS_NO_REVERT) == 0,
                    (flags & GQ_CANCEL_FLAGS_SILENT) != 0);
}

/**
 * gq_query_set_state:
 * @self: a query
 * @state: the new state, usually a [method@Gq.QueryState.copy] of the
 *   query's state with a few fields set
 *
 * Publishes @state as the query's state, as TanStack's `query.setState`:
 * observers and cache listeners hear of it. Meant for tools such as the
 * devtools (Trigger Loading, Trigger Error); apps change data with
 * [method@Gq.QueryClient.set_query_data].
 */
void
gq_query_set_state (GqQuery      *self,
                    GqQueryState *state)
{
  g_return_if_fail (GQ_IS_QUERY (self));
  g_return_if_fail (state != NULL);

  set_state (self, state);
}
