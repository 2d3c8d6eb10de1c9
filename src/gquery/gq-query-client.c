/* gq-query-client.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-client-private.h"
#include "gq-dehydrate-options.h"
#include "gq-error.h"
#include "gq-focus-manager.h"
#include "gq-hydrate-options.h"
#include "gq-infinite-query-options.h"
#include "gq-json.h"
#include "gq-json-private.h"
#include "gq-key.h"
#include "gq-mutation-cache-private.h"
#include "gq-mutation-filters-private.h"
#include "gq-mutation-options-private.h"
#include "gq-online-manager.h"
#include "gq-query-cache-private.h"
#include "gq-query-filters-private.h"
#include "gq-query-options-private.h"
#include "gq-query-private.h"
#include "gq-query-state-private.h"
#include "gq-scheduler.h"

/**
 * GqQueryClient:
 *
 * The entry point of gquery: a query cache and the imperative API over
 * it, TanStack Query's `QueryClient`.
 *
 * Read and write cached data with [method@Gq.QueryClient.get_query_data]
 * and [method@Gq.QueryClient.set_query_data]; fetch outside of an observer
 * with [method@Gq.QueryClient.fetch_query_async]; mark data stale and
 * refetch what is shown with [method@Gq.QueryClient.invalidate_queries].
 * Call [method@Gq.QueryClient.mount] once the application runs, so that
 * window focus and reconnection refetch stale queries.
 */

typedef struct
{
  JsonNode       *key;
  char           *hash;
  GqQueryOptions *options;
} QueryDefaults;

struct _GqQueryClient
{
  GObject          parent_instance;

  GqQueryCache    *query_cache;
  GqScheduler     *scheduler;
  GqFocusManager  *focus_manager;
  GqOnlineManager *online_manager;
  GqQueryOptions  *default_options;
  GArray          *query_defaults;
  GqMutationCache   *mutation_cache;
  GqMutationOptions *default_mutation_options;
  GArray            *mutation_defaults;
  GqDehydrateOptions *default_dehydrate_options;
  GqHydrateOptions   *default_hydrate_options;

  guint            mount_count;
  gulong           focus_handler;
  gulong           online_handler;
};

enum {
  PROP_0,
  PROP_QUERY_CACHE,
  PROP_SCHEDULER,
  PROP_FOCUS_MANAGER,
  PROP_ONLINE_MANAGER,
  PROP_DEFAULT_OPTIONS,
  PROP_MUTATION_CACHE,
  PROP_DEFAULT_MUTATION_OPTIONS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (GqQueryClient, gq_query_client, G_TYPE_OBJECT)

static GQuark defaulted_quark;

typedef struct
{
  JsonNode          *key;
  char              *hash;
  GqMutationOptions *options;
} MutationDefaults;

static void
mutation_defaults_clear (gpointer data)
{
  MutationDefaults *d = data;

  g_clear_pointer (&d->key, json_node_unref);
  g_clear_pointer (&d->hash, g_free);
  g_clear_object (&d->options);
}

static void
query_defaults_clear (gpointer data)
{
  QueryDefaults *d = data;

  g_clear_pointer (&d->key, json_node_unref);
  g_clear_pointer (&d->hash, g_free);
  g_clear_object (&d->options);
}

static void
gq_query_client_constructed (GObject *object)
{
  GqQueryClient *self = (GqQueryClient *)object;

  G_OBJECT_CLASS (gq_query_client_parent_class)->constructed (object);

  if (self->scheduler == NULL)
    self->scheduler = g_object_ref (gq_scheduler_get_default ());
  if (self->focus_manager == NULL)
    self->focus_manager = g_object_ref (gq_focus_manager_get_default ());
  if (self->online_manager == NULL)
    self->online_manager = g_object_ref (gq_online_manager_get_default ());
  if (self->query_cache == NULL)
    self->query_cache = gq_query_cache_new ();
  if (self->default_options == NULL)
    self->default_options = gq_query_options_new (NULL);
  if (self->mutation_cache == NULL)
    self->mutation_cache = gq_mutation_cache_new ();
  if (self->default_mutation_options == NULL)
    self->default_mutation_options = gq_mutation_options_new (NULL);
}

static void
gq_query_client_dispose (GObject *object)
{
  GqQueryClient *self = (GqQueryClient *)object;

  g_clear_signal_handler (&self->focus_handler, self->focus_manager);
  g_clear_signal_handler (&self->online_handler, self->online_manager);
  self->mount_count = 0;

  if (self->query_cache != NULL)
    gq_query_cache_clear (self->query_cache);
  if (self->mutation_cache != NULL)
    gq_mutation_cache_clear (self->mutation_cache);

  G_OBJECT_CLASS (gq_query_client_parent_class)->dispose (object);
}

static void
gq_query_client_finalize (GObject *object)
{
  GqQueryClient *self = (GqQueryClient *)object;

  g_clear_object (&self->query_cache);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->focus_manager);
  g_clear_object (&self->online_manager);
  g_clear_object (&self->default_options);
  g_clear_pointer (&self->query_defaults, g_array_unref);
  g_clear_object (&self->mutation_cache);
  g_clear_object (&self->default_mutation_options);
  g_clear_pointer (&self->mutation_defaults, g_array_unref);
  g_clear_object (&self->default_dehydrate_options);
  g_clear_object (&self->default_hydrate_options);

  G_OBJECT_CLASS (gq_query_client_parent_class)->finalize (object);
}

static void
gq_query_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GqQueryClient *self = GQ_QUERY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_QUERY_CACHE:
      g_value_set_object (value, self->query_cache);
      break;

    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;

    case PROP_FOCUS_MANAGER:
      g_value_set_object (value, self->focus_manager);
      break;

    case PROP_ONLINE_MANAGER:
      g_value_set_object (value, self->online_manager);
      break;

    case PROP_DEFAULT_OPTIONS:
      g_value_set_object (value, self->default_options);
      break;

    case PROP_MUTATION_CACHE:
      g_value_set_object (value, self->mutation_cache);
      break;

    case PROP_DEFAULT_MUTATION_OPTIONS:
      g_value_set_object (value, self->default_mutation_options);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GqQueryClient *self = GQ_QUERY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_QUERY_CACHE:
      self->query_cache = g_value_dup_object (value);
      break;

    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;

    case PROP_FOCUS_MANAGER:
      self->focus_manager = g_value_dup_object (value);
      break;

    case PROP_ONLINE_MANAGER:
      self->online_manager = g_value_dup_object (value);
      break;

    case PROP_DEFAULT_OPTIONS:
      gq_query_client_set_default_options (self, g_value_get_object (value));
      break;

    case PROP_MUTATION_CACHE:
      self->mutation_cache = g_value_dup_object (value);
      break;

    case PROP_DEFAULT_MUTATION_OPTIONS:
      gq_query_client_set_default_mutation_options (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_client_class_init (GqQueryClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gq_query_client_constructed;
  object_class->dispose = gq_query_client_dispose;
  object_class->finalize = gq_query_client_finalize;
  object_class->get_property = gq_query_client_get_property;
  object_class->set_property = gq_query_client_set_property;

  defaulted_quark = g_quark_from_static_string ("gq-query-options-defaulted");

  /**
   * GqQueryClient:query-cache:
   *
   * The cache of queries.
   */
  properties [PROP_QUERY_CACHE] =
    g_param_spec_object ("query-cache", NULL, NULL, GQ_TYPE_QUERY_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryClient:scheduler:
   *
   * The clock and timers every engine timer goes through; a
   * [class@Gq.ManualScheduler] lets tests control time.
   */
  properties [PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, GQ_TYPE_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryClient:focus-manager:
   *
   * Tells whether the application's window is focused.
   */
  properties [PROP_FOCUS_MANAGER] =
    g_param_spec_object ("focus-manager", NULL, NULL, GQ_TYPE_FOCUS_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryClient:online-manager:
   *
   * Tells whether the network is available.
   */
  properties [PROP_ONLINE_MANAGER] =
    g_param_spec_object ("online-manager", NULL, NULL, GQ_TYPE_ONLINE_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryClient:default-options:
   *
   * Options every query starts from (TanStack's
   * `defaultOptions.queries`).
   */
  properties [PROP_DEFAULT_OPTIONS] =
    g_param_spec_object ("default-options", NULL, NULL, GQ_TYPE_QUERY_OPTIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryClient:mutation-cache:
   *
   * The cache of mutations.
   */
  properties [PROP_MUTATION_CACHE] =
    g_param_spec_object ("mutation-cache", NULL, NULL, GQ_TYPE_MUTATION_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GqQueryClient:default-mutation-options:
   *
   * Options every mutation starts from (TanStack's
   * `defaultOptions.mutations`).
   */
  properties [PROP_DEFAULT_MUTATION_OPTIONS] =
    g_param_spec_object ("default-mutation-options", NULL, NULL, GQ_TYPE_MUTATION_OPTIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_query_client_init (GqQueryClient *self)
{
  self->query_defaults = g_array_new (FALSE, TRUE, sizeof (QueryDefaults));
  g_array_set_clear_func (self->query_defaults, query_defaults_clear);
  self->mutation_defaults = g_array_new (FALSE, TRUE, sizeof (MutationDefaults));
  g_array_set_clear_func (self->mutation_defaults, mutation_defaults_clear);
}

/**
 * gq_query_client_new:
 *
 * Creates a client on the default scheduler (main-loop timers), the
 * default focus manager and the default online manager (which follows
 * [iface@Gio.NetworkMonitor]).
 *
 * Returns: (transfer full): a new client
 */
GqQueryClient *
gq_query_client_new (void)
{
  return g_object_new (GQ_TYPE_QUERY_CLIENT, NULL);
}

/**
 * gq_query_client_new_full:
 * @scheduler: (nullable): the scheduler, or %NULL for the default
 * @focus_manager: (nullable): the focus manager, or %NULL for the default
 * @online_manager: (nullable): the online manager, or %NULL for the default
 *
 * Creates a client with its own scheduler and managers: tests pass a
 * [class@Gq.ManualScheduler] and managers they drive.
 *
 * Returns: (transfer full): a new client
 */
GqQueryClient *
gq_query_client_new_full (GqScheduler     *scheduler,
                          GqFocusManager  *focus_manager,
                          GqOnlineManager *online_manager)
{
  return g_object_new (GQ_TYPE_QUERY_CLIENT,
                       "scheduler", scheduler,
                       "focus-manager", focus_manager,
                       "online-manager", online_manager,
                       NULL);
}

/**
 * gq_query_client_get_query_cache:
 * @self: a client
 *
 * Gets the query cache.
 *
 * Returns: (transfer none): the cache
 */
GqQueryCache *
gq_query_client_get_query_cache (GqQueryClient *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  return self->query_cache;
}

/**
 * gq_query_client_get_scheduler:
 * @self: a client
 *
 * Gets the scheduler.
 *
 * Returns: (transfer none): the scheduler
 */
GqScheduler *
gq_query_client_get_scheduler (GqQueryClient *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  return self->scheduler;
}

/**
 * gq_query_client_get_focus_manager:
 * @self: a client
 *
 * Gets the focus manager.
 *
 * Returns: (transfer none): the focus manager
 */
GqFocusManager *
gq_query_client_get_focus_manager (GqQueryClient *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  return self->focus_manager;
}

/**
 * gq_query_client_get_online_manager:
 * @self: a client
 *
 * Gets the online manager.
 *
 * Returns: (transfer none): the online manager
 */
GqOnlineManager *
gq_query_client_get_online_manager (GqQueryClient *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  return self->online_manager;
}

/**
 * gq_query_client_get_default_options:
 * @self: a client
 *
 * Gets the options every query starts from.
 *
 * Returns: (transfer none): the default options
 */
GqQueryOptions *
gq_query_client_get_default_options (GqQueryClient *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  return self->default_options;
}

/**
 * gq_query_client_set_default_options:
 * @self: a client
 * @options: (nullable): the options every query starts from
 *
 * Sets the options every query starts from. Observers pick them up at
 * their next [method@Gq.QueryObserver.set_options].
 */
void
gq_query_client_set_default_options (GqQueryClient  *self,
                                     GqQueryOptions *options)
{
  g_autoptr(GqQueryOptions) fresh = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (!options || GQ_IS_QUERY_OPTIONS (options));

  if (options == NULL)
    options = fresh = gq_query_options_new (NULL);

  if (g_set_object (&self->default_options, options))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEFAULT_OPTIONS]);
}

/* Focus and network */

static void resume_paused_mutations_then (GqQueryClient *self,
                                          void (*then) (GqQueryCache *));

static void
on_focus_changed (GqQueryClient  *self,
                  gboolean        focused,
                  GqFocusManager *focus_manager)
{
  if (focused)
    resume_paused_mutations_then (self, _gq_query_cache_on_focus);
}

static void
on_online_changed (GqQueryClient   *self,
                   gboolean         online,
                   GqOnlineManager *online_manager)
{
  if (online)
    resume_paused_mutations_then (self, _gq_query_cache_on_online);
}

/**
 * gq_query_client_mount:
 * @self: a client
 *
 * Starts following window focus and the network: while mounted, focusing
 * the window refetches stale queries shown, and coming back online
 * refetches them and resumes paused fetches. Either first resumes the
 * paused mutations and waits for them to settle, so the refetched data
 * includes their changes. Counted: each mount needs an unmount.
 */
void
gq_query_client_mount (GqQueryClient *self)
{
  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));

  if (self->mount_count++ > 0)
    return;

  self->focus_handler = g_signal_connect_object (self->focus_manager, "changed",
                                                 G_CALLBACK (on_focus_changed), self,
                                                 G_CONNECT_SWAPPED);
  self->online_handler = g_signal_connect_object (self->online_manager, "changed",
                                                  G_CALLBACK (on_online_changed), self,
                                                  G_CONNECT_SWAPPED);
}

/**
 * gq_query_client_unmount:
 * @self: a client
 *
 * Undoes one [method@Gq.QueryClient.mount].
 */
void
gq_query_client_unmount (GqQueryClient *self)
{
  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (self->mount_count > 0);

  if (--self->mount_count > 0)
    return;

  g_clear_signal_handler (&self->focus_handler, self->focus_manager);
  g_clear_signal_handler (&self->online_handler, self->online_manager);
}

/* Defaults */

static gboolean
check_key (JsonNode *key)
{
  g_autoptr(GError) error = NULL;

  if (key == NULL)
    {
      g_critical ("A query key is required");
      return FALSE;
    }

  if (!gq_key_validate (key, &error))
    {
      g_critical ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * gq_query_client_set_query_defaults:
 * @self: a client
 * @query_key: a key prefix
 * @options: the defaults of every query whose key starts with @query_key
 *
 * Registers defaults by key prefix. Registering the same key again
 * replaces its defaults. When several prefixes match a key, they apply in
 * the order they were first registered: register the generic ones first.
 */
void
gq_query_client_set_query_defaults (GqQueryClient  *self,
                                    JsonNode       *query_key,
                                    GqQueryOptions *options)
{
  g_autofree char *hash = NULL;
  QueryDefaults entry = { 0 };

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (options));

  if (!check_key (query_key))
    return;

  hash = gq_key_hash (query_key);

  for (guint i = 0; i < self->query_defaults->len; i++)
    {
      QueryDefaults *d = &g_array_index (self->query_defaults, QueryDefaults, i);

      if (g_str_equal (d->hash, hash))
        {
          g_set_object (&d->options, options);
          return;
        }
    }

  entry.key = json_node_ref (query_key);
  json_node_seal (entry.key);
  entry.hash = g_steal_pointer (&hash);
  entry.options = g_object_ref (options);
  g_array_append_val (self->query_defaults, entry);
}

/**
 * gq_query_client_get_query_defaults:
 * @self: a client
 * @query_key: a key
 *
 * Merges every registered default whose prefix matches @query_key, in
 * registration order: [class@Gq.InfiniteQueryOptions] if any of them
 * are.
 *
 * Returns: (transfer full): the merged defaults
 */
GqQueryOptions *
gq_query_client_get_query_defaults (GqQueryClient *self,
                                    JsonNode      *query_key)
{
  GType type = GQ_TYPE_QUERY_OPTIONS;
  GqQueryOptions *merged;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (query_key != NULL, NULL);

  /* Infinite defaults make infinite options, which can hold them. */
  for (guint i = 0; i < self->query_defaults->len; i++)
    {
      QueryDefaults *d = &g_array_index (self->query_defaults, QueryDefaults, i);

      if (GQ_IS_INFINITE_QUERY_OPTIONS (d->options) && gq_key_partial_match (query_key, d->key))
        type = GQ_TYPE_INFINITE_QUERY_OPTIONS;
    }

  merged = g_object_new (type, NULL);

  for (guint i = 0; i < self->query_defaults->len; i++)
    {
      QueryDefaults *d = &g_array_index (self->query_defaults, QueryDefaults, i);

      if (gq_key_partial_match (query_key, d->key))
        _gq_query_options_apply (merged, d->options);
    }

  return merged;
}

GqQueryOptions *
_gq_query_client_default_query_options (GqQueryClient  *self,
                                        GqQueryOptions *options)
{
  GqQueryOptions *defaulted;
  JsonNode *key;

  if (_gq_query_options_get_defaulted_by (options) == self)
    return g_object_ref (options);

  key = gq_query_options_get_query_key (options);
  /* Of the caller's kind, so that infinite options stay infinite. */
  defaulted = g_object_new (G_OBJECT_TYPE (options), NULL);
  _gq_query_options_apply (defaulted, self->default_options);

  for (guint i = 0; key != NULL && i < self->query_defaults->len; i++)
    {
      QueryDefaults *d = &g_array_index (self->query_defaults, QueryDefaults, i);

      if (gq_key_partial_match (key, d->key))
        _gq_query_options_apply (defaulted, d->options);
    }

  _gq_query_options_apply (defaulted, options);

  if (gq_query_options_get_query_hash (defaulted) == NULL && key != NULL)
    {
      g_autofree char *hash = gq_key_hash (key);
      gq_query_options_set_query_hash (defaulted, hash);
    }

  _gq_query_options_set_defaulted_by (defaulted, self);

  return defaulted;
}

static GqQuery *
lookup (GqQueryClient *self,
        JsonNode      *query_key)
{
  return _gq_query_cache_get_by_key (self->query_cache, query_key);
}

/* Data */

/**
 * gq_query_client_get_query_data:
 * @self: a client
 * @query_key: the key
 *
 * Gets a query's cached data, without fetching.
 *
 * Returns: (transfer full) (nullable): the data (sealed), or %NULL if
 *   there is none
 */
JsonNode *
gq_query_client_get_query_data (GqQueryClient *self,
                                JsonNode      *query_key)
{
  GqQuery *query;
  JsonNode *data;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  if (!check_key (query_key))
    return NULL;

  query = lookup (self, query_key);
  if (query == NULL)
    return NULL;

  data = gq_query_get_state (query)->data;

  return data ? json_node_ref (data) : NULL;
}

/**
 * gq_query_client_get_query_state:
 * @self: a client
 * @query_key: the key
 *
 * Gets a query's state.
 *
 * Returns: (transfer full) (nullable): the state, or %NULL if the query
 *   is not in the cache
 */
GqQueryState *
gq_query_client_get_query_state (GqQueryClient *self,
                                 JsonNode      *query_key)
{
  GqQuery *query;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  if (!check_key (query_key))
    return NULL;

  query = lookup (self, query_key);

  return query ? gq_query_state_ref (gq_query_get_state (query)) : NULL;
}

/* What _gq_query_client_default_query_options() makes of
 * gq_query_options_new (@query_key), without building those options
 * first: setQueryData makes one for every query it creates. @hash is the
 * key's. */
static GqQueryOptions *
default_query_options_for_key (GqQueryClient *self,
                               JsonNode      *query_key,
                               const char    *hash)
{
  GqQueryOptions *defaulted = g_object_new (GQ_TYPE_QUERY_OPTIONS, NULL);

  _gq_query_options_apply (defaulted, self->default_options);

  for (guint i = 0; i < self->query_defaults->len; i++)
    {
      QueryDefaults *d = &g_array_index (self->query_defaults, QueryDefaults, i);

      if (gq_key_partial_match (query_key, d->key))
        _gq_query_options_apply (defaulted, d->options);
    }

  gq_query_options_set_query_key (defaulted, query_key);

  if (gq_query_options_get_query_hash (defaulted) == NULL)
    gq_query_options_set_query_hash (defaulted, hash);

  _gq_query_options_set_defaulted_by (defaulted, self);

  return defaulted;
}

/* @hash is @query_key's. */
static JsonNode *
set_query_data_internal (GqQueryClient *self,
                         GqQuery       *query,
                         JsonNode      *query_key,
                         const char    *hash,
                         JsonNode      *data,
                         gint64         updated_at)
{
  /* Options only matter to a query being created. */
  if (query == NULL)
    {
      g_autoptr(GqQueryOptions) defaulted = default_query_options_for_key (self, query_key, hash);

      query = _gq_query_cache_build (self->query_cache, self, defaulted, NULL);
    }

  return _gq_query_set_data (query, data, updated_at, TRUE);
}

/**
 * gq_query_client_set_query_data:
 * @self: a client
 * @query_key: the key; it is sealed in place (made immutable), as @data
 *   is, and a query this creates keeps it by reference, as TanStack keeps
 *   the caller's key: do not change it afterwards
 * @data: (nullable): the new data, sealed in place; %NULL does nothing
 * @updated_at: when the data was current, in milliseconds since the epoch,
 *   or 0 for now
 *
 * Writes data into the cache, creating the query if needed. The data is
 * structurally shared with what was there: unchanged parts keep their old
 * nodes. A fetch that runs meanwhile goes on.
 *
 * Returns: (transfer full) (nullable): the data as stored
 */
JsonNode *
gq_query_client_set_query_data (GqQueryClient *self,
                                JsonNode      *query_key,
                                JsonNode      *data,
                                gint64         updated_at)
{
  GqCanonical hash;
  JsonNode *stored;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  if (!check_key (query_key) || data == NULL)
    return NULL;

  /* Sealed rather than copied when a query is created: a new query's
   * deep copy of the key cost more than the rest of its construction. */
  json_node_seal (query_key);

  /* Written once, for the lookup and for a new query. */
  _gq_canonical_init (&hash, query_key);
  stored = set_query_data_internal (self, gq_query_cache_get (self->query_cache, hash.str),
                                    query_key, hash.str, data, updated_at);
  _gq_canonical_clear (&hash);

  return stored;
}

/**
 * gq_query_client_set_query_data_with_updater:
 * @self: a client
 * @query_key: the key; it is sealed in place (made immutable) and a query
 *   this creates keeps it by reference: do not change it afterwards
 * @updater: (scope call): computes the new data from the current data;
 *   returning %NULL leaves the query untouched
 * @user_data: the data for @updater
 * @updated_at: when the data was current, or 0 for now
 *
 * Writes data computed from the current data.
 *
 * Returns: (transfer full) (nullable): the data as stored
 */
JsonNode *
gq_query_client_set_query_data_with_updater (GqQueryClient *self,
                                             JsonNode      *query_key,
                                             GqUpdaterFunc  updater,
                                             gpointer       user_data,
                                             gint64         updated_at)
{
  g_autoptr(JsonNode) previous = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autofree char *hash = NULL;
  GqQuery *query;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (updater != NULL, NULL);

  if (!check_key (query_key))
    return NULL;

  json_node_seal (query_key);
  hash = gq_key_hash (query_key);
  query = gq_query_cache_get (self->query_cache, hash);
  if (query != NULL && gq_query_get_state (query)->data != NULL)
    previous = json_node_ref (gq_query_get_state (query)->data);
  next = updater (previous, user_data);
  if (next == NULL)
    return NULL;

  /* The updater may have changed the cache: look again. */
  query = gq_query_cache_get (self->query_cache, hash);

  return set_query_data_internal (self, query, query_key, hash, next, updated_at);
}

static JsonNode *
pair (JsonNode *key,
      JsonNode *data)
{
  JsonArray *array = json_array_sized_new (2);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_array_add_element (array, json_node_copy (key));
  json_array_add_element (array, data ? json_node_copy (data) : json_node_new (JSON_NODE_NULL));
  json_node_take_array (node, array);

  return node;
}

/**
 * gq_query_client_get_queries_data:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all
 *
 * Lists the data of several queries.
 *
 * Returns: (transfer full): a JSON array of `[key, data]` pairs, data
 *   null where a query has none
 */
JsonNode *
gq_query_client_get_queries_data (GqQueryClient  *self,
                                  GqQueryFilters *filters)
{
  g_autoptr(GPtrArray) queries = NULL;
  JsonArray *array;
  JsonNode *node;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  queries = gq_query_cache_find_all (self->query_cache, filters);
  array = json_array_sized_new (queries->len);
  for (guint i = 0; i < queries->len; i++)
    {
      GqQuery *query = g_ptr_array_index (queries, i);

      json_array_add_element (array, pair (gq_query_get_query_key (query),
                                           gq_query_get_state (query)->data));
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  json_node_seal (node);

  return node;
}

/**
 * gq_query_client_set_queries_data:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all
 * @updater: (scope call): computes each query's new data
 * @user_data: the data for @updater
 * @updated_at: when the data was current, or 0 for now
 *
 * Updates the data of every existing query @filters match.
 *
 * Returns: (transfer full): a JSON array of `[key, data]` pairs with the
 *   data as stored (null where the updater returned %NULL)
 */
JsonNode *
gq_query_client_set_queries_data (GqQueryClient  *self,
                                  GqQueryFilters *filters,
                                  GqUpdaterFunc   updater,
                                  gpointer        user_data,
                                  gint64          updated_at)
{
  g_autoptr(GPtrArray) queries = NULL;
  JsonArray *array;
  JsonNode *node;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (updater != NULL, NULL);

  queries = gq_query_cache_find_all (self->query_cache, filters);
  array = json_array_sized_new (queries->len);
  for (guint i = 0; i < queries->len; i++)
    {
      GqQuery *query = g_ptr_array_index (queries, i);
      g_autoptr(JsonNode) stored = NULL;

      stored = gq_query_client_set_query_data_with_updater (self, gq_query_get_query_key (query),
                                                            updater, user_data, updated_at);
      json_array_add_element (array, pair (gq_query_get_query_key (query), stored));
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  json_node_seal (node);

  return node;
}

/* Fetching */

static void
forward_data (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *data = g_task_propagate_pointer (G_TASK (res), &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) json_node_unref);
}

static GqQueryOptions *
fetch_options (GqQueryClient  *self,
               GqQueryOptions *options)
{
  g_autoptr(GqQueryOptions) defaulted = _gq_query_client_default_query_options (self, options);
  GqQueryOptions *result;

  /* Imperative fetches do not retry unless asked to. */
  if (_gq_query_options_is_set (defaulted, GQ_QUERY_OPTION_RETRY) ||
      _gq_query_options_is_set (defaulted, GQ_QUERY_OPTION_RETRY_FUNC))
    return g_steal_pointer (&defaulted);

  result = gq_query_options_copy (defaulted);
  gq_query_options_set_retry (result, 0);
  _gq_query_options_set_defaulted_by (result, self);

  return result;
}

static void
fetch_query_with_task (GqQueryClient  *self,
                       GqQueryOptions *options,
                       GTask          *task)
{
  g_autoptr(GqQueryOptions) defaulted = fetch_options (self, options);
  GqQuery *query = _gq_query_cache_build (self->query_cache, self, defaulted, NULL);
  gint64 stale_time = _gq_query_options_resolve_stale_time (defaulted, query);

  if (gq_query_is_stale_by_time (query, stale_time))
    {
      g_autoptr(GTask) waiter = g_task_new (self, NULL, forward_data, g_object_ref (task));
      _gq_query_fetch (query, defaulted, FALSE, NULL, waiter);
    }
  else
    {
      g_task_return_pointer (task, json_node_ref (gq_query_get_state (query)->data),
                             (GDestroyNotify) json_node_unref);
    }
}

/**
 * gq_query_client_fetch_query_async:
 * @self: a client
 * @options: the query's options, with a key and a query function
 * @cancellable: (nullable): a cancellable; cancelled, the operation ends
 *   with a cancellation error once the fetch settles
 * @callback: (scope async): called with the data
 * @user_data: the data for @callback
 *
 * Gets a query's data: from the cache if it is fresh (per the options'
 * stale time), else by fetching it, joining a fetch already running. It
 * does not retry unless the options say so.
 */
void
gq_query_client_fetch_query_async (GqQueryClient       *self,
                                   GqQueryOptions      *options,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (options));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_query_client_fetch_query_async);

  if (!check_key (gq_query_options_get_query_key (options)))
    {
      g_task_return_new_error (task, GQ_ERROR, GQ_ERROR_INVALID_KEY, "Invalid query key");
      return;
    }

  fetch_query_with_task (self, options, task);
}

/**
 * gq_query_client_fetch_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: where to put the fetch's error
 *
 * Completes [method@Gq.QueryClient.fetch_query_async].
 *
 * Returns: (transfer full): the data, or %NULL with @error set
 */
JsonNode *
gq_query_client_fetch_query_finish (GqQueryClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
prefetch_done (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = g_task_propagate_pointer (G_TASK (res), NULL);

  g_task_return_boolean (task, TRUE);
}

/**
 * gq_query_client_prefetch_query_async:
 * @self: a client
 * @options: the query's options
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (nullable): called when the fetch settled
 * @user_data: the data for @callback
 *
 * Fetches a query into the cache if its data is missing or stale,
 * ignoring failures.
 */
void
gq_query_client_prefetch_query_async (GqQueryClient       *self,
                                      GqQueryOptions      *options,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (options));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_query_client_prefetch_query_async);

  if (!check_key (gq_query_options_get_query_key (options)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  inner = g_task_new (self, NULL, prefetch_done, g_object_ref (task));
  fetch_query_with_task (self, options, inner);
}

/**
 * gq_query_client_prefetch_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: where to put a cancellation error
 *
 * Completes [method@Gq.QueryClient.prefetch_query_async].
 *
 * Returns: %TRUE unless cancelled
 */
gboolean
gq_query_client_prefetch_query_finish (GqQueryClient  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gq_query_client_ensure_query_data_async:
 * @self: a client
 * @options: the query's options
 * @revalidate_if_stale: whether to refetch stale cached data in the
 *   background
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called with the data
 * @user_data: the data for @callback
 *
 * Gets a query's data: the cached data, stale or not, or else fetches it.
 */
void
gq_query_client_ensure_query_data_async (GqQueryClient       *self,
                                         GqQueryOptions      *options,
                                         gboolean             revalidate_if_stale,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GqQueryOptions) defaulted = NULL;
  GqQuery *query;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (options));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_query_client_ensure_query_data_async);

  if (!check_key (gq_query_options_get_query_key (options)))
    {
      g_task_return_new_error (task, GQ_ERROR, GQ_ERROR_INVALID_KEY, "Invalid query key");
      return;
    }

  /* Build rather than look up: a new query's initial data counts as
   * cached data. */
  defaulted = fetch_options (self, options);
  query = _gq_query_cache_build (self->query_cache, self, defaulted, NULL);

  if (gq_query_get_state (query)->data == NULL)
    {
      fetch_query_with_task (self, defaulted, task);
      return;
    }

  if (revalidate_if_stale &&
      gq_query_is_stale_by_time (query, _gq_query_options_resolve_stale_time (defaulted, query)))
    gq_query_client_prefetch_query_async (self, defaulted, NULL, NULL, NULL);

  g_task_return_pointer (task, json_node_ref (gq_query_get_state (query)->data),
                         (GDestroyNotify) json_node_unref);
}

/**
 * gq_query_client_ensure_query_data_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: where to put the fetch's error
 *
 * Completes [method@Gq.QueryClient.ensure_query_data_async].
 *
 * Returns: (transfer full): the data, or %NULL with @error set
 */
JsonNode *
gq_query_client_ensure_query_data_finish (GqQueryClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Infinite queries */

/**
 * gq_query_client_fetch_infinite_query_async:
 * @self: a client
 * @options: the infinite query's options, with a key, a query function
 *   and the first page's parameter
 * @cancellable: (nullable): a cancellable; cancelled, the operation ends
 *   with a cancellation error once the fetch settles
 * @callback: (scope async): called with the data
 * @user_data: the data for @callback
 *
 * [method@Gq.QueryClient.fetch_query_async] for an infinite query: gets
 * its data, `{"pages": [...], "pageParams": [...]}`, from the cache if it
 * is fresh, else by fetching it. A first fetch loads one page, or as many
 * as [property@Gq.InfiniteQueryOptions:pages] says; a fetch of pages in
 * the cache refetches them (see
 * [property@Gq.InfiniteQueryOptions:refetch-pages]). Read the data later
 * with [method@Gq.QueryClient.get_query_data].
 */
void
gq_query_client_fetch_infinite_query_async (GqQueryClient          *self,
                                            GqInfiniteQueryOptions *options,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (options));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_query_client_fetch_infinite_query_async);

  if (!check_key (gq_query_options_get_query_key (GQ_QUERY_OPTIONS (options))))
    {
      g_task_return_new_error (task, GQ_ERROR, GQ_ERROR_INVALID_KEY, "Invalid query key");
      return;
    }

  fetch_query_with_task (self, GQ_QUERY_OPTIONS (options), task);
}

/**
 * gq_query_client_fetch_infinite_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: where to put the fetch's error
 *
 * Completes [method@Gq.QueryClient.fetch_infinite_query_async].
 *
 * Returns: (transfer full): the data, or %NULL with @error set
 */
JsonNode *
gq_query_client_fetch_infinite_query_finish (GqQueryClient  *self,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gq_query_client_prefetch_infinite_query_async:
 * @self: a client
 * @options: the infinite query's options; set
 *   [property@Gq.InfiniteQueryOptions:pages] to prefetch several pages
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (nullable): called when the fetch settled
 * @user_data: the data for @callback
 *
 * Fetches an infinite query into the cache if its data is missing or
 * stale, ignoring failures.
 */
void
gq_query_client_prefetch_infinite_query_async (GqQueryClient          *self,
                                               GqInfiniteQueryOptions *options,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (options));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_query_client_prefetch_infinite_query_async);

  if (!check_key (gq_query_options_get_query_key (GQ_QUERY_OPTIONS (options))))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  inner = g_task_new (self, NULL, prefetch_done, g_object_ref (task));
  fetch_query_with_task (self, GQ_QUERY_OPTIONS (options), inner);
}

/**
 * gq_query_client_prefetch_infinite_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: where to put a cancellation error
 *
 * Completes [method@Gq.QueryClient.prefetch_infinite_query_async].
 *
 * Returns: %TRUE unless cancelled
 */
gboolean
gq_query_client_prefetch_infinite_query_finish (GqQueryClient  *self,
                                                GAsyncResult   *result,
                                                GError        **error)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Many fetches, one answer: TanStack's Promise.all over refetches. */

typedef struct
{
  GTask    *task;
  guint     pending;
  gboolean  throw_on_error;
  GError   *error;
} Gathering;

typedef struct
{
  Gathering *gathering;
  gboolean   counted;
} GatheringItem;

static void
gathering_check (Gathering *g)
{
  if (g->pending > 0)
    return;

  if (g->error != NULL && g->throw_on_error)
    g_task_return_error (g->task, g_steal_pointer (&g->error));
  else
    g_task_return_boolean (g->task, TRUE);

  g_clear_error (&g->error);
  g_object_unref (g->task);
  g_free (g);
}

static void
gathering_item_count (GatheringItem *item,
                      const GError  *error)
{
  Gathering *g = item->gathering;

  if (item->counted)
    return;

  item->counted = TRUE;
  if (error != NULL && g->error == NULL)
    g->error = g_error_copy (error);
  g->pending--;
  gathering_check (g);
}

static void
gathering_item_done (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  GatheringItem *item = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = g_task_propagate_pointer (G_TASK (res), &error);

  gathering_item_count (item, error);
  g_free (item);
}

/* Refetches @queries, those of the type of @type_filter (nullable: all). */
static void
refetch_queries (GqQueryClient  *self,
                 GPtrArray      *queries,
                 GqQueryFilters *type_filter,
                 GqRefetchFlags  flags,
                 GqFetchReason   reason,
                 GTask          *task)
{
  Gathering *g = g_new0 (Gathering, 1);

  g->task = g_object_ref (task);
  g->throw_on_error = (flags & GQ_REFETCH_FLAGS_THROW_ON_ERROR) != 0;
  g->pending = 1;

  for (guint i = 0; i < queries->len; i++)
    {
      GqQuery *query = g_ptr_array_index (queries, i);
      g_autoptr(GTask) waiter = NULL;
      GatheringItem *item;

      if (type_filter != NULL && !_gq_query_filters_matches_type (type_filter, query))
        continue;
      if (gq_query_is_disabled (query) || gq_query_is_static (query))
        continue;

      item = g_new0 (GatheringItem, 1);
      item->gathering = g;
      g->pending++;

      waiter = g_task_new (self, NULL, gathering_item_done, item);
      _gq_query_set_next_fetch_reason (query, reason);
      _gq_query_fetch (query, NULL, (flags & GQ_REFETCH_FLAGS_NO_CANCEL) == 0, NULL, waiter);

      /* A paused fetch resolves the refetch at once; it completes later. */
      if (gq_query_get_state (query)->fetch_status == GQ_FETCH_STATUS_PAUSED)
        gathering_item_count (item, NULL);
    }

  g->pending--;
  gathering_check (g);
}

static void
refetch_matching (GqQueryClient  *self,
                  GqQueryFilters *filters,
                  GqRefetchFlags  flags,
                  GqFetchReason   reason,
                  GTask          *task)
{
  g_autoptr(GPtrArray) queries = gq_query_cache_find_all (self->query_cache, filters);

  refetch_queries (self, queries, NULL, flags, reason, task);
}

static gboolean
propagate_boolean (GqQueryClient  *self,
                   GAsyncResult   *result,
                   GError        **error)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gq_query_client_refetch_queries_async:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all
 * @flags: whether to join running fetches, and whether a failure is the
 *   operation's error
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (nullable): called when every refetch settled
 * @user_data: the data for @callback
 *
 * Refetches the matching queries, except disabled and static ones. A
 * refetch that pauses (offline) counts as settled.
 */
void
gq_query_client_refetch_queries_async (GqQueryClient       *self,
                                       GqQueryFilters      *filters,
                                       GqRefetchFlags       flags,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (!filters || GQ_IS_QUERY_FILTERS (filters));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_query_client_refetch_queries_async);

  refetch_matching (self, filters, flags, GQ_FETCH_REASON_MANUAL, task);
}

/**
 * gq_query_client_refetch_queries_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: where to put the first failure, with
 *   %GQ_REFETCH_FLAGS_THROW_ON_ERROR
 *
 * Completes [method@Gq.QueryClient.refetch_queries_async].
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
gq_query_client_refetch_queries_finish (GqQueryClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  return propagate_boolean (self, result, error);
}

static GqQueryType
refetch_type_to_query_type (GqRefetchType type)
{
  switch (type)
    {
    case GQ_REFETCH_TYPE_INACTIVE:
      return GQ_QUERY_TYPE_INACTIVE;
    case GQ_REFETCH_TYPE_ALL:
      return GQ_QUERY_TYPE_ALL;
    case GQ_REFETCH_TYPE_ACTIVE:
    case GQ_REFETCH_TYPE_NONE:
    default:
      return GQ_QUERY_TYPE_ACTIVE;
    }
}

/**
 * gq_query_client_invalidate_queries_async:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all. Their
 *   [property@Gq.QueryFilters:refetch-type] says which of them to refetch
 *   (the active ones by default)
 * @flags: refetch flags
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (nullable): called when the refetches settled
 * @user_data: the data for @callback
 *
 * Marks the matching queries stale, then refetches those the refetch type
 * selects.
 */
void
gq_query_client_invalidate_queries_async (GqQueryClient       *self,
                                          GqQueryFilters      *filters,
                                          GqRefetchFlags       flags,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GqQueryFilters) refetch_filters = NULL;
  GqRefetchType refetch_type;
  guint64 generation;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (!filters || GQ_IS_QUERY_FILTERS (filters));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_query_client_invalidate_queries_async);

  queries = gq_query_cache_find_all (self->query_cache, filters);
  generation = _gq_query_cache_get_generation (self->query_cache);
  for (guint i = 0; i < queries->len; i++)
    _gq_query_invalidate (g_ptr_array_index (queries, i));

  refetch_type = filters ? _gq_query_filters_resolve_refetch_type (filters) : GQ_REFETCH_TYPE_ACTIVE;
  if (refetch_type == GQ_REFETCH_TYPE_NONE)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  refetch_filters = _gq_query_filters_copy_with_type (filters, refetch_type_to_query_type (refetch_type));

  /* The refetch pass matches the same filters but for the type. When
   * they test only keys and no query came or went, the keys matching are
   * those already found: only the type is left to test. */
  if (_gq_query_filters_matches_only_keys (filters) &&
      generation == _gq_query_cache_get_generation (self->query_cache))
    refetch_queries (self, queries, refetch_filters, flags, GQ_FETCH_REASON_INVALIDATE, task);
  else
    refetch_matching (self, refetch_filters, flags, GQ_FETCH_REASON_INVALIDATE, task);
}

/**
 * gq_query_client_invalidate_queries_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: where to put the first failure, with
 *   %GQ_REFETCH_FLAGS_THROW_ON_ERROR
 *
 * Completes [method@Gq.QueryClient.invalidate_queries_async].
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
gq_query_client_invalidate_queries_finish (GqQueryClient  *self,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  return propagate_boolean (self, result, error);
}

/**
 * gq_query_client_invalidate_queries:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all
 *
 * Marks the matching queries stale and refetches those the refetch type
 * selects, without waiting.
 */
void
gq_query_client_invalidate_queries (GqQueryClient  *self,
                                    GqQueryFilters *filters)
{
  gq_query_client_invalidate_queries_async (self, filters, GQ_REFETCH_FLAGS_NONE, NULL, NULL, NULL);
}

static gboolean
query_in_set (GqQuery  *query,
              gpointer  user_data)
{
  return g_hash_table_contains (user_data, query);
}

/**
 * gq_query_client_reset_queries_async:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all
 * @flags: refetch flags
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (nullable): called when the refetches settled
 * @user_data: the data for @callback
 *
 * Resets the matching queries to their initial state (their initial data,
 * if any), cancelling their fetches, then refetches the active ones.
 */
void
gq_query_client_reset_queries_async (GqQueryClient       *self,
                                     GqQueryFilters      *filters,
                                     GqRefetchFlags       flags,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GqQueryFilters) refetch_filters = NULL;
  GHashTable *matched;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (!filters || GQ_IS_QUERY_FILTERS (filters));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_query_client_reset_queries_async);

  /* Match before resetting, so that predicates on the state still hold. */
  queries = gq_query_cache_find_all (self->query_cache, filters);
  matched = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < queries->len; i++)
    {
      g_hash_table_add (matched, g_ptr_array_index (queries, i));
      _gq_query_reset (g_ptr_array_index (queries, i));
    }

  refetch_filters = _gq_query_filters_copy_with_type (NULL, GQ_QUERY_TYPE_ACTIVE);
  gq_query_filters_set_predicate (refetch_filters, query_in_set, matched,
                                  (GDestroyNotify) g_hash_table_unref);
  refetch_matching (self, refetch_filters, flags, GQ_FETCH_REASON_RESET, task);
}

/**
 * gq_query_client_reset_queries_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: where to put the first failure, with
 *   %GQ_REFETCH_FLAGS_THROW_ON_ERROR
 *
 * Completes [method@Gq.QueryClient.reset_queries_async].
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
gq_query_client_reset_queries_finish (GqQueryClient  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return propagate_boolean (self, result, error);
}

/**
 * gq_query_client_reset_queries:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all
 *
 * Resets the matching queries and refetches the active ones, without
 * waiting.
 */
void
gq_query_client_reset_queries (GqQueryClient  *self,
                               GqQueryFilters *filters)
{
  gq_query_client_reset_queries_async (self, filters, GQ_REFETCH_FLAGS_NONE, NULL, NULL, NULL);
}

/**
 * gq_query_client_cancel_queries:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all
 * @flags: %GQ_CANCEL_FLAGS_NONE reverts each query to its state before
 *   the fetch; see [flags@Gq.CancelFlags]
 *
 * Cancels the matching queries' fetches, at once: their cancellables are
 * cancelled and a late result is ignored. Optimistic updates call this
 * before writing, so that a refetch in flight cannot overwrite them.
 */
void
gq_query_client_cancel_queries (GqQueryClient  *self,
                                GqQueryFilters *filters,
                                GqCancelFlags   flags)
{
  g_autoptr(GPtrArray) queries = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (!filters || GQ_IS_QUERY_FILTERS (filters));

  queries = gq_query_cache_find_all (self->query_cache, filters);
  for (guint i = 0; i < queries->len; i++)
    _gq_query_cancel (g_ptr_array_index (queries, i),
                      (flags & GQ_CANCEL_FLAGS_NO_REVERT) == 0,
                      (flags & GQ_CANCEL_FLAGS_SILENT) != 0);
}

/**
 * gq_query_client_remove_queries:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all
 *
 * Removes the matching queries from the cache.
 */
void
gq_query_client_remove_queries (GqQueryClient  *self,
                                GqQueryFilters *filters)
{
  g_autoptr(GPtrArray) queries = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (!filters || GQ_IS_QUERY_FILTERS (filters));

  queries = gq_query_cache_find_all (self->query_cache, filters);
  for (guint i = 0; i < queries->len; i++)
    gq_query_cache_remove (self->query_cache, g_ptr_array_index (queries, i));
}

/**
 * gq_query_client_is_fetching:
 * @self: a client
 * @filters: (nullable): which queries; %NULL for all
 *
 * Counts the matching queries whose query function runs now (paused
 * fetches do not count).
 *
 * Returns: the number of fetching queries
 */
guint
gq_query_client_is_fetching (GqQueryClient  *self,
                             GqQueryFilters *filters)
{
  g_autoptr(GPtrArray) queries = NULL;
  guint count = 0;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), 0);

  queries = gq_query_cache_find_all (self->query_cache, filters);
  for (guint i = 0; i < queries->len; i++)
    if (gq_query_get_state (g_ptr_array_index (queries, i))->fetch_status == GQ_FETCH_STATUS_FETCHING)
      count++;

  return count;
}

/**
 * gq_query_client_clear:
 * @self: a client
 *
 * Removes every query and every mutation from the caches.
 */
void
gq_query_client_clear (GqQueryClient *self)
{
  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));

  gq_query_cache_clear (self->query_cache);
  gq_mutation_cache_clear (self->mutation_cache);
}

/* Mutations */

/**
 * gq_query_client_get_mutation_cache:
 * @self: a client
 *
 * Gets the mutation cache.
 *
 * Returns: (transfer none): the cache
 */
GqMutationCache *
gq_query_client_get_mutation_cache (GqQueryClient *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  return self->mutation_cache;
}

/**
 * gq_query_client_get_default_mutation_options:
 * @self: a client
 *
 * Gets the options every mutation starts from.
 *
 * Returns: (transfer none): the default mutation options
 */
GqMutationOptions *
gq_query_client_get_default_mutation_options (GqQueryClient *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  return self->default_mutation_options;
}

/**
 * gq_query_client_set_default_mutation_options:
 * @self: a client
 * @options: (nullable): the options every mutation starts from
 *
 * Sets the options every mutation starts from. Observers pick them up at
 * their next [method@Gq.MutationObserver.set_options].
 */
void
gq_query_client_set_default_mutation_options (GqQueryClient     *self,
                                              GqMutationOptions *options)
{
  g_autoptr(GqMutationOptions) fresh = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (!options || GQ_IS_MUTATION_OPTIONS (options));

  if (options == NULL)
    options = fresh = gq_mutation_options_new (NULL);

  if (g_set_object (&self->default_mutation_options, options))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEFAULT_MUTATION_OPTIONS]);
}

/**
 * gq_query_client_set_mutation_defaults:
 * @self: a client
 * @mutation_key: a key prefix
 * @options: the defaults of every mutation whose key starts with
 *   @mutation_key
 *
 * Registers mutation defaults by key prefix, such as the mutation
 * function: a mutation restored from storage has no function of its own
 * and finds it here to resume. Registering the same key again replaces its
 * defaults; several matching prefixes apply in registration order.
 */
void
gq_query_client_set_mutation_defaults (GqQueryClient     *self,
                                       JsonNode          *mutation_key,
                                       GqMutationOptions *options)
{
  g_autofree char *hash = NULL;
  MutationDefaults entry = { 0 };

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (mutation_key != NULL);
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (options));

  if (!check_key (mutation_key))
    return;

  hash = gq_key_hash (mutation_key);

  for (guint i = 0; i < self->mutation_defaults->len; i++)
    {
      MutationDefaults *d = &g_array_index (self->mutation_defaults, MutationDefaults, i);

      if (g_str_equal (d->hash, hash))
        {
          g_set_object (&d->options, options);
          return;
        }
    }

  entry.key = gq_json_seal_copy (mutation_key);
  entry.hash = g_steal_pointer (&hash);
  entry.options = g_object_ref (options);
  g_array_append_val (self->mutation_defaults, entry);
}

/**
 * gq_query_client_get_mutation_defaults:
 * @self: a client
 * @mutation_key: a key
 *
 * Merges every registered mutation default whose prefix matches
 * @mutation_key, in registration order.
 *
 * Returns: (transfer full): the merged defaults
 */
GqMutationOptions *
gq_query_client_get_mutation_defaults (GqQueryClient *self,
                                       JsonNode      *mutation_key)
{
  GqMutationOptions *merged;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (mutation_key != NULL, NULL);

  merged = gq_mutation_options_new (NULL);

  for (guint i = 0; i < self->mutation_defaults->len; i++)
    {
      MutationDefaults *d = &g_array_index (self->mutation_defaults, MutationDefaults, i);

      if (gq_key_partial_match (mutation_key, d->key))
        _gq_mutation_options_apply (merged, d->options);
    }

  return merged;
}

GqMutationOptions *
_gq_query_client_default_mutation_options (GqQueryClient     *self,
                                           GqMutationOptions *options)
{
  GqMutationOptions *defaulted;
  JsonNode *key;

  if (g_object_get_qdata (G_OBJECT (options), defaulted_quark) == self)
    return g_object_ref (options);

  key = gq_mutation_options_get_mutation_key (options);
  defaulted = gq_mutation_options_copy (self->default_mutation_options);

  for (guint i = 0; key != NULL && i < self->mutation_defaults->len; i++)
    {
      MutationDefaults *d = &g_array_index (self->mutation_defaults, MutationDefaults, i);

      if (gq_key_partial_match (key, d->key))
        _gq_mutation_options_apply (defaulted, d->options);
    }

  _gq_mutation_options_apply (defaulted, options);
  g_object_set_qdata (G_OBJECT (defaulted), defaulted_quark, self);

  return defaulted;
}

/**
 * gq_query_client_is_mutating:
 * @self: a client
 * @filters: (nullable): which mutations; %NULL for all
 *
 * Counts the matching mutations that are pending (running, paused or
 * waiting for their scope).
 *
 * Returns: the number of pending mutations
 */
guint
gq_query_client_is_mutating (GqQueryClient     *self,
                             GqMutationFilters *filters)
{
  g_autoptr(GqMutationFilters) pending = NULL;
  g_autoptr(GPtrArray) mutations = NULL;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), 0);
  g_return_val_if_fail (!filters || GQ_IS_MUTATION_FILTERS (filters), 0);

  pending = _gq_mutation_filters_copy (filters);
  gq_mutation_filters_set_status (pending, GQ_MUTATION_STATUS_PENDING);
  mutations = gq_mutation_cache_find_all (self->mutation_cache, pending);

  return mutations->len;
}

static void
resume_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!gq_mutation_cache_resume_paused_mutations_finish (GQ_MUTATION_CACHE (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * gq_query_client_resume_paused_mutations_async:
 * @self: a client
 * @cancellable: (nullable): a cancellable; cancelled, the operation ends
 *   with a cancellation error once the mutations settle (they go on)
 * @callback: (scope async) (closure user_data): called when every resumed
 *   mutation settled
 * @user_data: data for @callback
 *
 * Resumes the paused mutations, in order: those started offline, those
 * whose retries waited for the network or for focus, and those restored
 * from storage. While offline it does nothing (and completes at once):
 * coming back online resumes them when the client is mounted.
 */
void
gq_query_client_resume_paused_mutations_async (GqQueryClient       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_query_client_resume_paused_mutations_async);

  if (!gq_online_manager_is_online (self->online_manager))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  gq_mutation_cache_resume_paused_mutations_async (self->mutation_cache, NULL,
                                                   resume_done, g_steal_pointer (&task));
}

/**
 * gq_query_client_resume_paused_mutations_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: where to put a cancellation error
 *
 * Completes [method@Gq.QueryClient.resume_paused_mutations_async]. The
 * failure of a resumed mutation is not an error of the operation.
 *
 * Returns: %TRUE, or %FALSE with @error set if it was cancelled
 */
gboolean
gq_query_client_resume_paused_mutations_finish (GqQueryClient  *self,
                                                GAsyncResult   *result,
                                                GError        **error)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GWeakRef   client;
  void     (*then) (GqQueryCache *);
} ResumeThen;

static void
resume_then_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ResumeThen *resume = user_data;
  g_autoptr(GqQueryClient) self = g_weak_ref_get (&resume->client);

  gq_mutation_cache_resume_paused_mutations_finish (GQ_MUTATION_CACHE (source), result, NULL);

  if (self != NULL)
    resume->then (self->query_cache);

  g_weak_ref_clear (&resume->client);
  g_free (resume);
}

/* TanStack's `await resumePausedMutations (); queryCache.onOnline ()`:
 * queries refetch once the mutations they may depend on have settled. */
static void
resume_paused_mutations_then (GqQueryClient  *self,
                              void          (*then) (GqQueryCache *))
{
  ResumeThen *resume;

  if (!gq_online_manager_is_online (self->online_manager) ||
      !_gq_mutation_cache_has_paused (self->mutation_cache))
    {
      then (self->query_cache);
      return;
    }

  resume = g_new0 (ResumeThen, 1);
  g_weak_ref_init (&resume->client, self);
  resume->then = then;
  gq_mutation_cache_resume_paused_mutations_async (self->mutation_cache, NULL,
                                                   resume_then_done, resume);
}

/**
 * gq_query_client_get_default_dehydrate_options:
 * @self: a client
 *
 * Gets the options [func@Gq.dehydrate] falls back to for what its own
 * options leave unset, TanStack's `defaultOptions.dehydrate`.
 *
 * Returns: (transfer none) (nullable): the options
 */
GqDehydrateOptions *
gq_query_client_get_default_dehydrate_options (GqQueryClient *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  return self->default_dehydrate_options;
}

/**
 * gq_query_client_set_default_dehydrate_options:
 * @self: a client
 * @options: (nullable): the options
 *
 * Sets the options [func@Gq.dehydrate] falls back to, such as a filter
 * that every dehydration of this client shares.
 */
void
gq_query_client_set_default_dehydrate_options (GqQueryClient      *self,
                                               GqDehydrateOptions *options)
{
  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (options == NULL || GQ_IS_DEHYDRATE_OPTIONS (options));

  g_set_object (&self->default_dehydrate_options, options);
}

/**
 * gq_query_client_get_default_hydrate_options:
 * @self: a client
 *
 * Gets the options [func@Gq.hydrate] applies before its own, TanStack's
 * `defaultOptions.hydrate`.
 *
 * Returns: (transfer none) (nullable): the options
 */
GqHydrateOptions *
gq_query_client_get_default_hydrate_options (GqQueryClient *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (self), NULL);

  return self->default_hydrate_options;
}

/**
 * gq_query_client_set_default_hydrate_options:
 * @self: a client
 * @options: (nullable): the options
 *
 * Sets the options [func@Gq.hydrate] applies before its own: their
 * default query and mutation options come first, and their
 * deserialize function is used when the call's options have none.
 */
void
gq_query_client_set_default_hydrate_options (GqQueryClient    *self,
                                             GqHydrateOptions *options)
{
  g_return_if_fail (GQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (options == NULL || GQ_IS_HYDRATE_OPTIONS (options));

  g_set_object (&self->default_hydrate_options, options);
}
