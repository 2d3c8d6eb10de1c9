/* gq-query-observer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-observer-private.h"
#include "gq-enum-types.h"
#include "gq-focus-manager.h"
#include "gq-json.h"
#include "gq-key.h"
#include "gq-notify-private.h"
#include "gq-query-cache-private.h"
#include "gq-query-client-private.h"
#include "gq-query-options-private.h"
#include "gq-query-private.h"
#include "gq-query-result-private.h"
#include "gq-query-state-private.h"
#include "gq-scheduler.h"

#include <string.h>

/**
 * GqQueryObserver:
 *
 * Watches one query with a set of options, as a `useQuery` hook does.
 *
 * While subscribed (think: while the widget showing it is mapped) the
 * observer fetches on mount when the data is stale, refetches on window
 * focus, on reconnect and on its polling interval, and keeps its result
 * current. Every field of the result is a property; a change of any of
 * them emits `notify` for the fields that changed and one
 * [signal@Gq.QueryObserver::changed], at most once per main-loop
 * iteration and never from inside a cache update.
 */

typedef struct
{
  GqQueryClient  *client;
  GqQueryOptions *options;
  GqQueryOptions *resolved;
  GqQuery        *query;
  guint           subscribe_count;

  GqQueryResult  *result;
  GqQueryOptions *result_options;
  GqQueryResult  *emitted;
  gboolean        flush_queued;
  /* A cleared result to make the next one in (see
   * _gq_query_result_release). */
  GqQueryResult  *spare_result;

  guint           initial_data_update_count;
  guint           initial_error_update_count;
  GqQuery        *last_query_with_data;

  JsonNode       *select_input;
  JsonNode       *select_output;
  GqQueryOptions *select_options;

  guint           stale_timeout_id;
  guint           refetch_interval_id;
  gint64          current_refetch_interval;

  const GqQueryObserverHooks *hooks;
} GqQueryObserverPrivate;

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_OPTIONS,
  PROP_QUERY,
  PROP_RESULT,
  PROP_STATUS,
  PROP_FETCH_STATUS,
  PROP_DATA,
  PROP_ERROR,
  PROP_DATA_UPDATED_AT,
  PROP_ERROR_UPDATED_AT,
  PROP_FAILURE_COUNT,
  PROP_FAILURE_REASON,
  PROP_ERROR_UPDATE_COUNT,
  /* booleans, in the order of boolean_fields[] */
  PROP_IS_PENDING,
  PROP_IS_SUCCESS,
  PROP_IS_ERROR,
  PROP_IS_LOADING,
  PROP_IS_LOADING_ERROR,
  PROP_IS_REFETCH_ERROR,
  PROP_IS_FETCHING,
  PROP_IS_REFETCHING,
  PROP_IS_PAUSED,
  PROP_IS_STALE,
  PROP_IS_PLACEHOLDER_DATA,
  PROP_IS_FETCHED,
  PROP_IS_FETCHED_AFTER_MOUNT,
  PROP_IS_ENABLED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static const struct {
  const char *name;
  gsize       offset;
} boolean_fields[] = {
  { "is-pending",             G_STRUCT_OFFSET (GqQueryResult, is_pending) },
  { "is-success",             G_STRUCT_OFFSET (GqQueryResult, is_success) },
  { "is-error",               G_STRUCT_OFFSET (GqQueryResult, is_error) },
  { "is-loading",             G_STRUCT_OFFSET (GqQueryResult, is_loading) },
  { "is-loading-error",       G_STRUCT_OFFSET (GqQueryResult, is_loading_error) },
  { "is-refetch-error",       G_STRUCT_OFFSET (GqQueryResult, is_refetch_error) },
  { "is-fetching",            G_STRUCT_OFFSET (GqQueryResult, is_fetching) },
  { "is-refetching",          G_STRUCT_OFFSET (GqQueryResult, is_refetching) },
  { "is-paused",              G_STRUCT_OFFSET (GqQueryResult, is_paused) },
  { "is-stale",               G_STRUCT_OFFSET (GqQueryResult, is_stale) },
  { "is-placeholder-data",    G_STRUCT_OFFSET (GqQueryResult, is_placeholder_data) },
  { "is-fetched",             G_STRUCT_OFFSET (GqQueryResult, is_fetched) },
  { "is-fetched-after-mount", G_STRUCT_OFFSET (GqQueryResult, is_fetched_after_mount) },
  { "is-enabled",             G_STRUCT_OFFSET (GqQueryResult, is_enabled) },
};

G_STATIC_ASSERT (G_N_ELEMENTS (boolean_fields) == N_PROPS - PROP_IS_PENDING);

#define BOOLEAN_FIELD(result, i) \
  G_STRUCT_MEMBER (gboolean, (result), boolean_fields[(i)].offset)

#define BOOLEAN_FIELDS_SIZE (G_N_ELEMENTS (boolean_fields) * sizeof (gboolean))
G_STATIC_ASSERT (G_STRUCT_OFFSET (GqQueryResult, is_enabled) - G_STRUCT_OFFSET (GqQueryResult, is_pending) ==
                 BOOLEAN_FIELDS_SIZE - sizeof (gboolean));

G_DEFINE_TYPE_WITH_PRIVATE (GqQueryObserver, gq_query_observer, G_TYPE_OBJECT)

static void update_result (GqQueryObserver *self);
static void update_timers (GqQueryObserver *self);

static GqScheduler *
get_scheduler (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  return gq_query_client_get_scheduler (priv->client);
}

static gboolean
options_enabled (GqQueryOptions *options)
{
  return gq_query_options_get_enabled (options);
}

/* TanStack's isStale (query, options): disabled observers never see
 * stale data. */
static gboolean
is_stale_for (GqQuery        *query,
              GqQueryOptions *options)
{
  return options_enabled (options) &&
         gq_query_is_stale_by_time (query, _gq_query_options_resolve_stale_time (options, query));
}

static gboolean
should_fetch_on (GqQuery        *query,
                 GqQueryOptions *options,
                 GqRefetchMode   mode)
{
  if (!options_enabled (options))
    return FALSE;
  if (_gq_query_options_resolve_stale_time (options, query) == GQ_STALE_TIME_STATIC)
    return FALSE;

  return mode == GQ_REFETCH_ALWAYS ||
         (mode != GQ_REFETCH_NEVER && is_stale_for (query, options));
}

static gboolean
should_load_on_mount (GqQuery        *query,
                      GqQueryOptions *options)
{
  GqQueryState *state = gq_query_get_state (query);

  return options_enabled (options) &&
         state->data == NULL &&
         !(state->status == GQ_QUERY_STATUS_ERROR && !gq_query_options_get_retry_on_mount (options));
}

static gboolean
should_fetch_on_mount (GqQuery        *query,
                       GqQueryOptions *options)
{
  return should_load_on_mount (query, options) ||
         (gq_query_get_state (query)->data != NULL &&
          should_fetch_on (query, options, gq_query_options_get_refetch_on_mount (options)));
}

/* Results */

static JsonNode *
replace_data (GqQueryOptions *options,
              JsonNode       *previous,
              JsonNode       *next)
{
  if (next == NULL)
    return NULL;
  if (previous != NULL && gq_query_options_get_structural_sharing (options))
    return gq_json_replace_equal_deep (previous, next);
  json_node_seal (next);
  return json_node_ref (next);
}

static JsonNode *
select_data (GqQueryObserver *self,
             GqQueryOptions  *options,
             JsonNode        *raw)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  g_autoptr(JsonNode) selected = NULL;
  JsonNode *previous = priv->result ? priv->result->data : NULL;

  /* Memo: same input node and same function, same output. */
  if (priv->select_output != NULL &&
      priv->select_input == raw &&
      priv->select_options != NULL &&
      _gq_query_options_same_select (options, priv->select_options))
    return json_node_ref (priv->select_output);

  selected = _gq_query_options_call_select (options, raw);
  if (selected == NULL)
    return NULL;

  g_clear_pointer (&priv->select_output, json_node_unref);
  g_clear_pointer (&priv->select_input, json_node_unref);
  priv->select_output = replace_data (options, previous, selected);
  priv->select_input = json_node_ref (raw);
  g_set_object (&priv->select_options, options);

  return json_node_ref (priv->select_output);
}

static GqQueryResult *
create_result (GqQueryObserver *self,
               GqQuery         *query,
               GqQueryOptions  *options)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  GqQueryState *state = gq_query_get_state (query);
  GqQueryResult *prev = priv->result;
  g_autoptr(JsonNode) data = NULL;
  GqQueryResult *r = _gq_query_result_new_from_spare (&priv->spare_result);
  GqQueryStatus status = state->status;
  gboolean is_placeholder = FALSE;

  if (state->data != NULL)
    {
      if (_gq_query_options_has_select (options))
        data = select_data (self, options, state->data);
      else
        data = json_node_ref (state->data);
    }
  else if (status == GQ_QUERY_STATUS_PENDING && _gq_query_options_has_placeholder (options))
    {
      g_autoptr(JsonNode) placeholder = NULL;

      if (prev != NULL && prev->is_placeholder_data && priv->result_options != NULL &&
          _gq_query_options_same_placeholder (options, priv->result_options))
        {
          placeholder = prev->data ? json_node_ref (prev->data) : NULL;
        }
      else
        {
          JsonNode *last_data = NULL;

          if (priv->last_query_with_data != NULL)
            last_data = gq_query_get_state (priv->last_query_with_data)->data;

          placeholder = _gq_query_options_get_placeholder (options, last_data,
                                                           priv->last_query_with_data);
          /* Through the select memo, as TanStack: keep-previous-data
           * hands back the data select last saw, whose selection is kept. */
          if (placeholder != NULL && _gq_query_options_has_select (options))
            {
              g_autoptr(JsonNode) raw = g_steal_pointer (&placeholder);
              placeholder = select_data (self, options, raw);
            }
          else if (placeholder != NULL)
            {
              g_autoptr(JsonNode) fresh = g_steal_pointer (&placeholder);
              placeholder = replace_data (options, prev ? prev->data : NULL, fresh);
            }
        }

      if (placeholder != NULL)
        {
          status = GQ_QUERY_STATUS_SUCCESS;
          data = g_steal_pointer (&placeholder);
          is_placeholder = TRUE;
        }
    }

  r->status = status;
  r->fetch_status = state->fetch_status;
  r->data = g_steal_pointer (&data);
  _gq_query_result_set_error (r, state->error);
  r->data_updated_at = state->data_updated_at;
  r->error_updated_at = state->error_updated_at;
  r->failure_count = state->fetch_failure_count;
  _gq_query_result_set_failure_reason (r, state->fetch_failure_reason);
  r->error_update_count = state->error_update_count;

  r->is_fetching = r->fetch_status == GQ_FETCH_STATUS_FETCHING;
  r->is_paused = r->fetch_status == GQ_FETCH_STATUS_PAUSED;
  r->is_pending = status == GQ_QUERY_STATUS_PENDING;
  r->is_success = status == GQ_QUERY_STATUS_SUCCESS;
  r->is_error = status == GQ_QUERY_STATUS_ERROR;
  r->is_loading = r->is_pending && r->is_fetching;
  r->is_refetching = r->is_fetching && !r->is_pending;
  r->is_loading_error = r->is_error && r->data == NULL;
  r->is_refetch_error = r->is_error && r->data != NULL;
  r->is_placeholder_data = is_placeholder;
  r->is_fetched = state->data_update_count + state->error_update_count > 0;
  r->is_fetched_after_mount = state->data_update_count > priv->initial_data_update_count ||
                              state->error_update_count > priv->initial_error_update_count;
  r->is_stale = is_stale_for (query, options);
  r->is_enabled = options_enabled (options);

  if (priv->hooks != NULL && priv->hooks->extend_result != NULL)
    priv->hooks->extend_result (self, r, query, options);

  return r;
}

static void
notify_changes (GqQueryObserver *self,
                GqQueryResult   *old,
                GqQueryResult   *new)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  GObject *object = G_OBJECT (self);

  g_object_notify_by_pspec (object, properties [PROP_RESULT]);

#define NOTIFY_IF(cond, prop) G_STMT_START { if (old == NULL || (cond)) g_object_notify_by_pspec (object, properties [prop]); } G_STMT_END
  NOTIFY_IF (old->status != new->status, PROP_STATUS);
  NOTIFY_IF (old->fetch_status != new->fetch_status, PROP_FETCH_STATUS);
  NOTIFY_IF (old->data != new->data, PROP_DATA);
  NOTIFY_IF (!_gq_error_equal (old->error, new->error), PROP_ERROR);
  NOTIFY_IF (old->data_updated_at != new->data_updated_at, PROP_DATA_UPDATED_AT);
  NOTIFY_IF (old->error_updated_at != new->error_updated_at, PROP_ERROR_UPDATED_AT);
  NOTIFY_IF (old->failure_count != new->failure_count, PROP_FAILURE_COUNT);
  NOTIFY_IF (!_gq_error_equal (old->failure_reason, new->failure_reason), PROP_FAILURE_REASON);
  NOTIFY_IF (old->error_update_count != new->error_update_count, PROP_ERROR_UPDATE_COUNT);
#undef NOTIFY_IF

  /* The flags lie side by side: most notifications change none. */
  if (old == NULL || memcmp (&old->is_pending, &new->is_pending, BOOLEAN_FIELDS_SIZE) != 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (boolean_fields); i++)
        if (old == NULL || BOOLEAN_FIELD (old, i) != BOOLEAN_FIELD (new, i))
          g_object_notify_by_pspec (object, properties [PROP_IS_PENDING + i]);
    }

  if (priv->hooks != NULL && priv->hooks->notify_changes != NULL)
    priv->hooks->notify_changes (self, old, new);
}

static void
flush_notifications (GObject *object)
{
  GqQueryObserver *self = GQ_QUERY_OBSERVER (object);
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  GqQueryResult *old = NULL;
  g_autoptr(GqQueryResult) current = NULL;

  priv->flush_queued = FALSE;

  if (priv->result == NULL || priv->result == priv->emitted)
    return;
  if (priv->emitted != NULL && gq_query_result_equal (priv->emitted, priv->result))
    {
      gq_query_result_unref (priv->emitted);
      priv->emitted = gq_query_result_ref (priv->result);
      return;
    }

  old = g_steal_pointer (&priv->emitted);
  current = gq_query_result_ref (priv->result);
  priv->emitted = gq_query_result_ref (current);

  notify_changes (self, old, current);

  g_signal_emit (self, signals [CHANGED], 0, current);

  if (old != NULL)
    _gq_query_result_release (old, &priv->spare_result);
}

static void
update_result (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  GqQueryResult *next;

  if (priv->query == NULL)
    return;

  next = create_result (self, priv->query, priv->resolved);

  if (gq_query_get_state (priv->query)->data != NULL)
    g_set_object (&priv->last_query_with_data, priv->query);
  g_set_object (&priv->result_options, priv->resolved);

  if (priv->result != NULL && gq_query_result_equal (priv->result, next))
    {
      gq_query_result_unref (next);
      return;
    }

  g_clear_pointer (&priv->result, gq_query_result_unref);
  priv->result = next;

  _gq_query_cache_notify (gq_query_client_get_query_cache (priv->client),
                          GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED,
                          priv->query, G_OBJECT (self));

  if (!priv->flush_queued && priv->emitted != NULL)
    {
      priv->flush_queued = TRUE;
      _gq_notify_schedule (G_OBJECT (self), flush_notifications);
    }
}

/* Queries */

static void
update_query (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  GqQuery *query;
  g_autoptr(GqQuery) previous = NULL;
  GqQueryState *state;

  query = _gq_query_cache_build (gq_query_client_get_query_cache (priv->client),
                                 priv->client, priv->resolved, NULL);
  if (query == priv->query)
    return;

  previous = g_steal_pointer (&priv->query);
  priv->query = g_object_ref (query);

  state = gq_query_get_state (query);
  priv->initial_data_update_count = state->data_update_count;
  priv->initial_error_update_count = state->error_update_count;

  if (priv->subscribe_count > 0)
    {
      if (previous != NULL)
        _gq_query_remove_observer (previous, self);
      _gq_query_add_observer (query, self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUERY]);
}

static void
execute_fetch_with_meta (GqQueryObserver *self,
                         GqFetchReason    reason,
                         gboolean         cancel_refetch,
                         JsonNode        *meta,
                         GTask           *waiter)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  update_query (self);
  _gq_query_set_next_fetch_reason (priv->query, reason);
  _gq_query_fetch (priv->query, priv->resolved, cancel_refetch, meta, waiter);
}

static void
execute_fetch (GqQueryObserver *self,
               GqFetchReason    reason,
               gboolean         cancel_refetch,
               GTask           *waiter)
{
  execute_fetch_with_meta (self, reason, cancel_refetch, NULL, waiter);
}

/* Timers */

static void
clear_stale_timeout (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  if (priv->stale_timeout_id != 0)
    {
      guint id = priv->stale_timeout_id;

      priv->stale_timeout_id = 0;
      gq_scheduler_remove (get_scheduler (self), id);
    }
}

static void
clear_refetch_interval (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  if (priv->refetch_interval_id != 0)
    {
      guint id = priv->refetch_interval_id;

      priv->refetch_interval_id = 0;
      gq_scheduler_remove (get_scheduler (self), id);
    }
}

static void
on_stale_timeout (gpointer data)
{
  GqQueryObserver *self = data;
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  priv->stale_timeout_id = 0;
  if (priv->result != NULL && !priv->result->is_stale)
    update_result (self);
}

static void
update_stale_timeout (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  gint64 stale_time;
  gint64 time_until_stale;

  clear_stale_timeout (self);

  if (priv->result == NULL || priv->result->is_stale || priv->query == NULL)
    return;

  stale_time = _gq_query_options_resolve_stale_time (priv->resolved, priv->query);
  if (stale_time < 0 || stale_time == GQ_TIME_INFINITE)
    return;

  time_until_stale = MAX (priv->result->data_updated_at + stale_time -
                          gq_scheduler_now (get_scheduler (self)), 0);

  /* +1: the data is stale strictly after its stale time has passed. */
  priv->stale_timeout_id = gq_scheduler_add_timeout (get_scheduler (self), time_until_stale + 1,
                                                     on_stale_timeout, self, NULL);
}

static gint64
compute_refetch_interval (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  if (priv->query == NULL)
    return 0;

  return _gq_query_options_resolve_refetch_interval (priv->resolved, priv->query);
}

static void arm_refetch_interval (GqQueryObserver *self);

static void
on_refetch_interval (gpointer data)
{
  GqQueryObserver *self = data;
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  priv->refetch_interval_id = 0;
  arm_refetch_interval (self);

  if (gq_query_options_get_refetch_interval_in_background (priv->resolved) ||
      gq_focus_manager_is_focused (gq_query_client_get_focus_manager (priv->client)))
    execute_fetch (self, GQ_FETCH_REASON_INTERVAL, FALSE, NULL);
}

static void
arm_refetch_interval (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  gint64 interval = priv->current_refetch_interval;

  if (!options_enabled (priv->resolved) || interval <= 0 || interval == GQ_TIME_INFINITE)
    return;

  priv->refetch_interval_id = gq_scheduler_add_timeout (get_scheduler (self), interval,
                                                        on_refetch_interval, self, NULL);
}

static void
update_refetch_interval (GqQueryObserver *self,
                         gint64           interval)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  clear_refetch_interval (self);
  priv->current_refetch_interval = interval;
  arm_refetch_interval (self);
}

static void
update_timers (GqQueryObserver *self)
{
  update_stale_timeout (self);
  update_refetch_interval (self, compute_refetch_interval (self));
}

static void
clear_timers (GqQueryObserver *self)
{
  clear_stale_timeout (self);
  clear_refetch_interval (self);
}

/* Private API */

void
_gq_query_observer_on_query_update (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  update_result (self);
  if (priv->subscribe_count > 0)
    update_timers (self);
}

gboolean
_gq_query_observer_should_fetch_on_window_focus (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  return should_fetch_on (priv->query, priv->resolved,
                          gq_query_options_get_refetch_on_window_focus (priv->resolved));
}

gboolean
_gq_query_observer_should_fetch_on_reconnect (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  return should_fetch_on (priv->query, priv->resolved,
                          _gq_query_options_resolve_refetch_on_reconnect (priv->resolved));
}

GqQueryOptions *
_gq_query_observer_get_resolved_options (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  return priv->resolved;
}

gboolean
_gq_query_observer_is_enabled (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  return options_enabled (priv->resolved);
}

gboolean
_gq_query_observer_is_static (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  return _gq_query_options_resolve_stale_time (priv->resolved, priv->query) == GQ_STALE_TIME_STATIC;
}

gboolean
_gq_query_observer_result_is_stale (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  return priv->result != NULL && priv->result->is_stale;
}

void
_gq_query_observer_refetch_quiet (GqQueryObserver *self,
                                  GqFetchReason    reason)
{
  execute_fetch (self, reason, FALSE, NULL);
}

void
_gq_query_observer_set_hooks (GqQueryObserver            *self,
                              const GqQueryObserverHooks *hooks)
{
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  priv->hooks = hooks;
}

/* GObject */

static void
gq_query_observer_dispose (GObject *object)
{
  GqQueryObserver *self = (GqQueryObserver *)object;
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  if (priv->client != NULL)
    clear_timers (self);

  if (priv->subscribe_count > 0 && priv->query != NULL)
    {
      priv->subscribe_count = 0;
      _gq_query_remove_observer (priv->query, self);
    }

  g_clear_object (&priv->query);
  g_clear_object (&priv->last_query_with_data);

  G_OBJECT_CLASS (gq_query_observer_parent_class)->dispose (object);
}

static void
gq_query_observer_finalize (GObject *object)
{
  GqQueryObserver *self = (GqQueryObserver *)object;
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  g_clear_object (&priv->client);
  g_clear_object (&priv->options);
  g_clear_object (&priv->resolved);
  g_clear_object (&priv->result_options);
  g_clear_object (&priv->select_options);
  g_clear_pointer (&priv->select_input, json_node_unref);
  g_clear_pointer (&priv->select_output, json_node_unref);
  g_clear_pointer (&priv->result, gq_query_result_unref);
  g_clear_pointer (&priv->emitted, gq_query_result_unref);
  g_clear_pointer (&priv->spare_result, gq_query_result_unref);

  G_OBJECT_CLASS (gq_query_observer_parent_class)->finalize (object);
}

static void
gq_query_observer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GqQueryObserver *self = GQ_QUERY_OBSERVER (object);
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  GqQueryResult *r = priv->result;

  if (prop_id >= PROP_STATUS && r == NULL)
    {
      g_param_value_set_default (pspec, value);
      return;
    }

  if (prop_id >= PROP_IS_PENDING && prop_id < N_PROPS)
    {
      g_value_set_boolean (value, BOOLEAN_FIELD (r, prop_id - PROP_IS_PENDING));
      return;
    }

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, priv->client);
      break;

    case PROP_OPTIONS:
      g_value_set_object (value, priv->options);
      break;

    case PROP_QUERY:
      g_value_set_object (value, priv->query);
      break;

    case PROP_RESULT:
      g_value_set_boxed (value, r);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, r->status);
      break;

    case PROP_FETCH_STATUS:
      g_value_set_enum (value, r->fetch_status);
      break;

    case PROP_DATA:
      g_value_set_boxed (value, r->data);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, r->error);
      break;

    case PROP_DATA_UPDATED_AT:
      g_value_set_int64 (value, r->data_updated_at);
      break;

    case PROP_ERROR_UPDATED_AT:
      g_value_set_int64 (value, r->error_updated_at);
      break;

    case PROP_FAILURE_COUNT:
      g_value_set_uint (value, r->failure_count);
      break;

    case PROP_FAILURE_REASON:
      g_value_set_boxed (value, r->failure_reason);
      break;

    case PROP_ERROR_UPDATE_COUNT:
      g_value_set_uint (value, r->error_update_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_observer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GqQueryObserver *self = GQ_QUERY_OBSERVER (object);
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      priv->client = g_value_dup_object (value);
      break;

    case PROP_OPTIONS:
      if (g_value_get_object (value) != NULL)
        gq_query_observer_set_options (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_observer_constructed (GObject *object)
{
  GqQueryObserver *self = GQ_QUERY_OBSERVER (object);
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);

  G_OBJECT_CLASS (gq_query_observer_parent_class)->constructed (object);

  if (priv->client == NULL)
    g_critical ("GqQueryObserver needs a client");
}

static void
gq_query_observer_class_init (GqQueryObserverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gq_query_observer_constructed;
  object_class->dispose = gq_query_observer_dispose;
  object_class->finalize = gq_query_observer_finalize;
  object_class->get_property = gq_query_observer_get_property;
  object_class->set_property = gq_query_observer_set_property;

  /**
   * GqQueryObserver:client:
   *
   * The client whose cache the observer watches.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, GQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:options:
   *
   * The options as given; the client's and the key's defaults apply
   * underneath.
   */
  properties [PROP_OPTIONS] =
    g_param_spec_object ("options", NULL, NULL, GQ_TYPE_QUERY_OPTIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:query:
   *
   * The query the options' key points to.
   */
  properties [PROP_QUERY] =
    g_param_spec_object ("query", NULL, NULL, GQ_TYPE_QUERY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:result:
   *
   * The whole current result.
   */
  properties [PROP_RESULT] =
    g_param_spec_boxed ("result", NULL, NULL, GQ_TYPE_QUERY_RESULT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:status:
   *
   * Whether there is data: pending, error or success.
   */
  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GQ_TYPE_QUERY_STATUS, GQ_QUERY_STATUS_PENDING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:fetch-status:
   *
   * Whether a fetch runs: idle, fetching or paused.
   */
  properties [PROP_FETCH_STATUS] =
    g_param_spec_enum ("fetch-status", NULL, NULL, GQ_TYPE_FETCH_STATUS, GQ_FETCH_STATUS_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:data:
   *
   * The data (selected, or placeholder), %NULL when there is none.
   */
  properties [PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:error:
   *
   * The error of the last failed fetch, until a fetch succeeds.
   */
  properties [PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:data-updated-at:
   *
   * When the data last arrived, in milliseconds since the epoch.
   */
  properties [PROP_DATA_UPDATED_AT] =
    g_param_spec_int64 ("data-updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:error-updated-at:
   *
   * When the last error happened, in milliseconds since the epoch.
   */
  properties [PROP_ERROR_UPDATED_AT] =
    g_param_spec_int64 ("error-updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:failure-count:
   *
   * Failed attempts of the current fetch (reset when a fetch starts or
   * succeeds).
   */
  properties [PROP_FAILURE_COUNT] =
    g_param_spec_uint ("failure-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:failure-reason:
   *
   * The error of the last failed attempt.
   */
  properties [PROP_FAILURE_REASON] =
    g_param_spec_boxed ("failure-reason", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:error-update-count:
   *
   * How many times the query ended in error.
   */
  properties [PROP_ERROR_UPDATE_COUNT] =
    g_param_spec_uint ("error-update-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryObserver:is-pending:
   *
   * There is no data yet.
   */
  /**
   * GqQueryObserver:is-success:
   *
   * There is data.
   */
  /**
   * GqQueryObserver:is-error:
   *
   * The last fetch failed.
   */
  /**
   * GqQueryObserver:is-loading:
   *
   * The first fetch runs: pending and fetching.
   */
  /**
   * GqQueryObserver:is-loading-error:
   *
   * The query failed without ever having data.
   */
  /**
   * GqQueryObserver:is-refetch-error:
   *
   * A refetch failed; the previous data is still there.
   */
  /**
   * GqQueryObserver:is-fetching:
   *
   * The query function runs (not paused).
   */
  /**
   * GqQueryObserver:is-refetching:
   *
   * A background fetch runs: fetching and not pending.
   */
  /**
   * GqQueryObserver:is-paused:
   *
   * A fetch waits for the network or for focus.
   */
  /**
   * GqQueryObserver:is-stale:
   *
   * The data is older than the stale time, or invalidated.
   */
  /**
   * GqQueryObserver:is-placeholder-data:
   *
   * The data shown is placeholder data, not the query's.
   */
  /**
   * GqQueryObserver:is-fetched:
   *
   * The query has been fetched (or set) at least once.
   */
  /**
   * GqQueryObserver:is-fetched-after-mount:
   *
   * The query has been fetched since this observer started watching it.
   */
  /**
   * GqQueryObserver:is-enabled:
   *
   * The observer's options enable it.
   */
  for (guint i = 0; i < G_N_ELEMENTS (boolean_fields); i++)
    properties [PROP_IS_PENDING + i] =
      g_param_spec_boolean (boolean_fields[i].name, NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GqQueryObserver::changed:
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
                  G_STRUCT_OFFSET (GqQueryObserverClass, changed),
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  GQ_TYPE_QUERY_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
gq_query_observer_init (GqQueryObserver *self)
{
}

/* Public API */

/**
 * gq_query_observer_new:
 * @client: the client
 * @options: the options; their key names the query
 *
 * Creates an observer. It computes its first result at once (from the
 * cache, with placeholder data if any) but fetches nothing until
 * [method@Gq.QueryObserver.subscribe].
 *
 * Returns: (transfer full): a new observer
 */
GqQueryObserver *
gq_query_observer_new (GqQueryClient  *client,
                       GqQueryOptions *options)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (options), NULL);

  return g_object_new (GQ_TYPE_QUERY_OBSERVER,
                       "client", client,
                       "options", options,
                       NULL);
}

/**
 * gq_query_observer_get_client:
 * @self: an observer
 *
 * Gets the observer's client.
 *
 * Returns: (transfer none): the client
 */
GqQueryClient *
gq_query_observer_get_client (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv;

  g_return_val_if_fail (GQ_IS_QUERY_OBSERVER (self), NULL);

  priv = gq_query_observer_get_instance_private (self);

  return priv->client;
}

/**
 * gq_query_observer_get_options:
 * @self: an observer
 *
 * Gets the options as last given.
 *
 * Returns: (transfer none): the options
 */
GqQueryOptions *
gq_query_observer_get_options (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv;

  g_return_val_if_fail (GQ_IS_QUERY_OBSERVER (self), NULL);

  priv = gq_query_observer_get_instance_private (self);

  return priv->options;
}

/**
 * gq_query_observer_set_options:
 * @self: an observer
 * @options: the new options
 *
 * Replaces the options. A new key moves the observer to another query
 * (fetching it if stale and subscribed); enabling a disabled observer
 * fetches if the data is stale; timers follow the new stale time and
 * polling interval. A [class@Gq.InfiniteQueryObserver] takes
 * [class@Gq.InfiniteQueryOptions] only.
 */
void
gq_query_observer_set_options (GqQueryObserver *self,
                               GqQueryOptions  *options)
{
  GqQueryObserverPrivate *priv;
  g_autoptr(GqQueryOptions) previous = NULL;
  g_autoptr(GError) error = NULL;
  GqQuery *previous_query;
  gboolean mounted;
  gint64 next_interval;

  g_return_if_fail (GQ_IS_QUERY_OBSERVER (self));
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (options));

  priv = gq_query_observer_get_instance_private (self);

  g_return_if_fail (priv->client != NULL);
  g_return_if_fail (priv->hooks == NULL ||
                    G_TYPE_CHECK_INSTANCE_TYPE (options, priv->hooks->options_type));

  if (!gq_key_validate (gq_query_options_get_query_key (options), &error))
    {
      g_critical ("%s", error->message);
      return;
    }

  g_object_ref (self);

  previous = g_steal_pointer (&priv->resolved);
  previous_query = priv->query ? g_object_ref (priv->query) : NULL;

  if (g_set_object (&priv->options, options))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OPTIONS]);
  priv->resolved = _gq_query_client_default_query_options (priv->client, options);

  update_query (self);
  _gq_query_set_options (priv->query, priv->resolved);

  if (previous != NULL && !_gq_query_options_shallow_equal (previous, priv->resolved))
    _gq_query_cache_notify (gq_query_client_get_query_cache (priv->client),
                            GQ_CACHE_EVENT_OBSERVER_OPTIONS_UPDATED,
                            priv->query, G_OBJECT (self));

  mounted = priv->subscribe_count > 0;

  if (mounted &&
      (priv->query != previous_query || (previous != NULL && !options_enabled (previous))) &&
      is_stale_for (priv->query, priv->resolved))
    execute_fetch (self, GQ_FETCH_REASON_MOUNT, FALSE, NULL);

  update_result (self);

  if (priv->emitted == NULL && priv->result != NULL)
    priv->emitted = gq_query_result_ref (priv->result);

  if (mounted &&
      (priv->query != previous_query ||
       previous == NULL ||
       options_enabled (previous) != options_enabled (priv->resolved) ||
       _gq_query_options_resolve_stale_time (previous, priv->query) !=
       _gq_query_options_resolve_stale_time (priv->resolved, priv->query)))
    update_stale_timeout (self);

  next_interval = compute_refetch_interval (self);
  if (mounted &&
      (priv->query != previous_query ||
       previous == NULL ||
       options_enabled (previous) != options_enabled (priv->resolved) ||
       next_interval != priv->current_refetch_interval))
    update_refetch_interval (self, next_interval);

  g_clear_object (&previous_query);
  g_object_unref (self);
}

/**
 * gq_query_observer_get_query:
 * @self: an observer
 *
 * Gets the query the observer watches.
 *
 * Returns: (transfer none) (nullable): the query
 */
GqQuery *
gq_query_observer_get_query (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv;

  g_return_val_if_fail (GQ_IS_QUERY_OBSERVER (self), NULL);

  priv = gq_query_observer_get_instance_private (self);

  return priv->query;
}

/**
 * gq_query_observer_subscribe:
 * @self: an observer
 *
 * Starts watching (a component mounts): the observer joins its query,
 * fetches if the data is missing or stale (per
 * [property@Gq.QueryOptions:refetch-on-mount]) and starts its timers.
 * Subscriptions are counted; each needs an unsubscribe.
 */
void
gq_query_observer_subscribe (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv;

  g_return_if_fail (GQ_IS_QUERY_OBSERVER (self));

  priv = gq_query_observer_get_instance_private (self);

  if (priv->subscribe_count++ > 0 || priv->query == NULL)
    return;

  g_object_ref (self);

  _gq_query_add_observer (priv->query, self);

  if (should_fetch_on_mount (priv->query, priv->resolved))
    execute_fetch (self, GQ_FETCH_REASON_MOUNT, FALSE, NULL);
  else
    update_result (self);

  update_timers (self);

  g_object_unref (self);
}

/**
 * gq_query_observer_unsubscribe:
 * @self: an observer
 *
 * Stops watching. When the last subscription goes, the timers stop and the
 * observer leaves its query, which starts the query's gc clock if nobody
 * else watches it.
 */
void
gq_query_observer_unsubscribe (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv;

  g_return_if_fail (GQ_IS_QUERY_OBSERVER (self));

  priv = gq_query_observer_get_instance_private (self);

  g_return_if_fail (priv->subscribe_count > 0);

  if (--priv->subscribe_count > 0)
    return;

  g_object_ref (self);
  clear_timers (self);
  if (priv->query != NULL)
    _gq_query_remove_observer (priv->query, self);
  g_object_unref (self);
}

/**
 * gq_query_observer_is_subscribed:
 * @self: an observer
 *
 * Tells whether the observer is subscribed.
 *
 * Returns: %TRUE if subscribed
 */
gboolean
gq_query_observer_is_subscribed (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv;

  g_return_val_if_fail (GQ_IS_QUERY_OBSERVER (self), FALSE);

  priv = gq_query_observer_get_instance_private (self);

  return priv->subscribe_count > 0;
}

/**
 * gq_query_observer_get_current_result:
 * @self: an observer
 *
 * Gets the current result, which may be newer than the last one
 * [signal@Gq.QueryObserver::changed] announced.
 *
 * Returns: (transfer full): the result
 */
GqQueryResult *
gq_query_observer_get_current_result (GqQueryObserver *self)
{
  GqQueryObserverPrivate *priv;

  g_return_val_if_fail (GQ_IS_QUERY_OBSERVER (self), NULL);

  priv = gq_query_observer_get_instance_private (self);

  return priv->result ? gq_query_result_ref (priv->result) : NULL;
}

static void
refetch_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GqQueryObserver *self = g_task_get_source_object (task);
  GqQueryObserverPrivate *priv = gq_query_observer_get_instance_private (self);
  GqRefetchFlags flags = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = g_task_propagate_pointer (G_TASK (res), &error);

  update_result (self);

  /* As TanStack's refetch: a failed fetch is only an error of the
   * operation with throwOnError; otherwise the result reports it. */
  if (error != NULL && (flags & GQ_REFETCH_FLAGS_THROW_ON_ERROR) != 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, gq_query_result_ref (priv->result),
                           (GDestroyNotify) gq_query_result_unref);
}

void
_gq_query_observer_fetch_async (GqQueryObserver     *self,
                                GqRefetchFlags       flags,
                                JsonNode            *meta,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data,
                                gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) waiter = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);

  waiter = g_task_new (self, NULL, refetch_done, g_object_ref (task));
  execute_fetch_with_meta (self, GQ_FETCH_REASON_MANUAL,
                           (flags & GQ_REFETCH_FLAGS_NO_CANCEL) == 0, meta, waiter);
}

/**
 * gq_query_observer_refetch_async:
 * @self: an observer
 * @flags: %GQ_REFETCH_FLAGS_NO_CANCEL to join a running fetch instead of
 *   restarting it; %GQ_REFETCH_FLAGS_THROW_ON_ERROR to report a failed
 *   fetch as the operation's error
 * @cancellable: (nullable): a cancellable; cancelled, the operation ends
 *   with a cancellation error when the fetch settles (the fetch itself
 *   goes on: use [method@Gq.QueryClient.cancel_queries] to stop it)
 * @callback: (scope async): called when the fetch settled
 * @user_data: the data for @callback
 *
 * Fetches the query again, even if the observer is disabled.
 */
void
gq_query_observer_refetch_async (GqQueryObserver     *self,
                                 GqRefetchFlags       flags,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (GQ_IS_QUERY_OBSERVER (self));

  _gq_query_observer_fetch_async (self, flags, NULL, cancellable, callback, user_data,
                                  gq_query_observer_refetch_async);
}

/**
 * gq_query_observer_refetch_finish:
 * @self: an observer
 * @result: the result given to the callback
 * @error: where to put the fetch's error
 *
 * Completes [method@Gq.QueryObserver.refetch_async].
 *
 * Returns: (transfer full): the observer's result after the fetch (whose
 *   status tells whether the fetch failed), or %NULL with @error set if
 *   the fetch failed and %GQ_REFETCH_FLAGS_THROW_ON_ERROR was given, or if
 *   the operation was cancelled
 */
GqQueryResult *
gq_query_observer_refetch_finish (GqQueryObserver  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (GQ_IS_QUERY_OBSERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gq_query_observer_refetch:
 * @self: an observer
 *
 * Fetches the query again without waiting for the result: the observer's
 * properties report it.
 */
void
gq_query_observer_refetch (GqQueryObserver *self)
{
  g_return_if_fail (GQ_IS_QUERY_OBSERVER (self));

  execute_fetch (self, GQ_FETCH_REASON_MANUAL, TRUE, NULL);
}
