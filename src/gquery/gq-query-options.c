/* gq-query-options.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-options.h"
#include "gq-query-options-private.h"
#include "gq-enum-types.h"
#include "gq-infinite-query-options-private.h"
#include "gq-json.h"
#include "gq-retryer-private.h"

/**
 * GqQueryOptions:
 *
 * The options of a query, as TanStack Query's `useQuery` / `fetchQuery`
 * take them: the key, the query function, and how the data is cached,
 * refetched and retried.
 *
 * Every plain option is a property (`stale-time`, `gc-time`,
 * `refetch-on-window-focus`, ...), so the options can be built in one call
 * with g_object_new() or, from Python, `Gq.QueryOptions(query_key=key,
 * stale_time=5000)`. Function-valued options have setters such as
 * [method@Gq.QueryOptions.set_query_func].
 *
 * The options remember which of them were set explicitly (see
 * [method@Gq.QueryOptions.is_set]): only those override the client's
 * defaults, as in TanStack Query an option left `undefined` does.
 *
 * JSON values (key, initial data, placeholder data, meta) are stored
 * sealed: a sealed node is shared, a mutable one is copied, so changing a
 * node after handing it over never changes the options.
 */

#define DEFAULT_GC_TIME       ((gint64) 5 * 60 * 1000)
#define DEFAULT_RETRY         3

#define OPTION_BIT(option)    (((guint32) 1) << (option))
#define N_CLOSURES            (GQ_QUERY_OPTION_LAST - GQ_QUERY_OPTION_QUERY_FUNC)
#define CLOSURE_INDEX(option) ((option) - GQ_QUERY_OPTION_QUERY_FUNC)

G_STATIC_ASSERT (GQ_QUERY_OPTION_LAST <= 32);

typedef GqOptionClosure OptionClosure;

typedef struct
{
  guint32         set_mask;

  JsonNode       *query_key;
  char           *query_hash;
  gint64          stale_time;
  gint64          gc_time;
  gint64          refetch_interval;
  gint64          retry_delay;
  gint64          initial_data_updated_at;
  JsonNode       *initial_data;
  JsonNode       *placeholder_data;
  JsonNode       *meta;
  int             retry;
  GqRefetchMode   refetch_on_mount;
  GqRefetchMode   refetch_on_window_focus;
  GqRefetchMode   refetch_on_reconnect;
  GqNetworkMode   network_mode;
  guint           enabled : 1;
  guint           refetch_interval_in_background : 1;
  guint           retry_on_mount : 1;
  guint           keep_previous_data : 1;
  guint           structural_sharing : 1;

  OptionClosure  *closures[N_CLOSURES];

  gpointer        defaulted_by;
} GqQueryOptionsPrivate;

/* Property ids equal the GqQueryOption values, so the set-mask bit of a
 * property is its id. */
enum {
  PROP_0,
  PROP_QUERY_KEY = GQ_QUERY_OPTION_QUERY_KEY,
  PROP_QUERY_HASH = GQ_QUERY_OPTION_QUERY_HASH,
  PROP_ENABLED = GQ_QUERY_OPTION_ENABLED,
  PROP_STALE_TIME = GQ_QUERY_OPTION_STALE_TIME,
  PROP_GC_TIME = GQ_QUERY_OPTION_GC_TIME,
  PROP_REFETCH_ON_MOUNT = GQ_QUERY_OPTION_REFETCH_ON_MOUNT,
  PROP_REFETCH_ON_WINDOW_FOCUS = GQ_QUERY_OPTION_REFETCH_ON_WINDOW_FOCUS,
  PROP_REFETCH_ON_RECONNECT = GQ_QUERY_OPTION_REFETCH_ON_RECONNECT,
  PROP_REFETCH_INTERVAL = GQ_QUERY_OPTION_REFETCH_INTERVAL,
  PROP_REFETCH_INTERVAL_IN_BACKGROUND = GQ_QUERY_OPTION_REFETCH_INTERVAL_IN_BACKGROUND,
  PROP_RETRY = GQ_QUERY_OPTION_RETRY,
  PROP_RETRY_DELAY = GQ_QUERY_OPTION_RETRY_DELAY,
  PROP_RETRY_ON_MOUNT = GQ_QUERY_OPTION_RETRY_ON_MOUNT,
  PROP_NETWORK_MODE = GQ_QUERY_OPTION_NETWORK_MODE,
  PROP_INITIAL_DATA = GQ_QUERY_OPTION_INITIAL_DATA,
  PROP_INITIAL_DATA_UPDATED_AT = GQ_QUERY_OPTION_INITIAL_DATA_UPDATED_AT,
  PROP_PLACEHOLDER_DATA = GQ_QUERY_OPTION_PLACEHOLDER_DATA,
  PROP_KEEP_PREVIOUS_DATA = GQ_QUERY_OPTION_KEEP_PREVIOUS_DATA,
  PROP_STRUCTURAL_SHARING = GQ_QUERY_OPTION_STRUCTURAL_SHARING,
  PROP_META = GQ_QUERY_OPTION_META,
  N_PROPS
};

G_STATIC_ASSERT ((int) N_PROPS == (int) GQ_QUERY_OPTION_QUERY_FUNC);

static GParamSpec *properties [N_PROPS];

static const char * const closure_names[N_CLOSURES] = {
  "query-func",
  "select-func",
  "retry-func",
  "retry-delay-func",
  "placeholder-func",
  "stale-time-func",
  "refetch-interval-func",
};

G_DEFINE_TYPE_WITH_PRIVATE (GqQueryOptions, gq_query_options, G_TYPE_OBJECT)

OptionClosure *
_gq_option_closure_new (GCallback      func,
                        gpointer       user_data,
                        GDestroyNotify destroy)
{
  OptionClosure *closure;

  closure = g_new0 (OptionClosure, 1);
  g_atomic_ref_count_init (&closure->ref_count);
  closure->func = func;
  closure->user_data = user_data;
  closure->destroy = destroy;

  return closure;
}

OptionClosure *
_gq_option_closure_ref (OptionClosure *closure)
{
  g_atomic_ref_count_inc (&closure->ref_count);

  return closure;
}

void
_gq_option_closure_unref (OptionClosure *closure)
{
  if (g_atomic_ref_count_dec (&closure->ref_count))
    {
      if (closure->destroy != NULL)
        closure->destroy (closure->user_data);
      g_free (closure);
    }
}

static inline OptionClosure *
get_closure (GqQueryOptions *self,
             GqQueryOption   option)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_assert (option >= GQ_QUERY_OPTION_QUERY_FUNC && option < GQ_QUERY_OPTION_LAST);

  return priv->closures[CLOSURE_INDEX (option)];
}

static void
set_closure (GqQueryOptions *self,
             GqQueryOption   option,
             GCallback       func,
             gpointer        user_data,
             GDestroyNotify  destroy)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  OptionClosure **slot;

  g_assert (option >= GQ_QUERY_OPTION_QUERY_FUNC && option < GQ_QUERY_OPTION_LAST);

  slot = &priv->closures[CLOSURE_INDEX (option)];
  g_clear_pointer (slot, _gq_option_closure_unref);

  if (func == NULL)
    {
      priv->set_mask &= ~OPTION_BIT (option);
      /* The data comes with nothing to use it: free it rather than leak. */
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  *slot = _gq_option_closure_new (func, user_data, destroy);
  priv->set_mask |= OPTION_BIT (option);
}

static void
share_closure (GqQueryOptions *self,
               GqQueryOption   option,
               OptionClosure  *closure)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  OptionClosure **slot = &priv->closures[CLOSURE_INDEX (option)];

  g_assert (closure != NULL);

  if (*slot == closure)
    return;

  _gq_option_closure_ref (closure);
  g_clear_pointer (slot, _gq_option_closure_unref);
  *slot = closure;
  priv->set_mask |= OPTION_BIT (option);
}


static JsonNode **
json_field (GqQueryOptions *self,
            guint           prop_id)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      return &priv->query_key;
    case PROP_INITIAL_DATA:
      return &priv->initial_data;
    case PROP_PLACEHOLDER_DATA:
      return &priv->placeholder_data;
    case PROP_META:
      return &priv->meta;
    default:
      return NULL;
    }
}

/* Records an explicit set of @option, and notifies if the value changed. */
static void
option_set (GqQueryOptions *self,
            GqQueryOption   option,
            gboolean        changed)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  priv->set_mask |= OPTION_BIT (option);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[option]);
}

/* NULL means "not given", as `undefined` does in TanStack Query: it
 * clears the value and the set bit. */
static void
set_json (GqQueryOptions *self,
          GqQueryOption   option,
          JsonNode       *node)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  JsonNode **field = json_field (self, option);

  g_assert (field != NULL);

  if (node == NULL)
    {
      priv->set_mask &= ~OPTION_BIT (option);
      if (*field != NULL)
        {
          g_clear_pointer (field, json_node_unref);
          g_object_notify_by_pspec (G_OBJECT (self), properties[option]);
        }
      return;
    }

  if (*field == node)
    {
      option_set (self, option, FALSE);
      return;
    }

  g_clear_pointer (field, json_node_unref);
  *field = gq_json_seal_copy (node);
  option_set (self, option, TRUE);
}

static void
gq_query_options_finalize (GObject *object)
{
  GqQueryOptions *self = (GqQueryOptions *)object;
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_clear_pointer (&priv->query_key, json_node_unref);
  g_clear_pointer (&priv->query_hash, g_free);
  g_clear_pointer (&priv->initial_data, json_node_unref);
  g_clear_pointer (&priv->placeholder_data, json_node_unref);
  g_clear_pointer (&priv->meta, json_node_unref);

  for (guint i = 0; i < N_CLOSURES; i++)
    g_clear_pointer (&priv->closures[i], _gq_option_closure_unref);

  G_OBJECT_CLASS (gq_query_options_parent_class)->finalize (object);
}

static void
gq_query_options_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GqQueryOptions *self = GQ_QUERY_OPTIONS (object);
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      g_value_set_boxed (value, priv->query_key);
      break;

    case PROP_QUERY_HASH:
      g_value_set_string (value, priv->query_hash);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, priv->enabled);
      break;

    case PROP_STALE_TIME:
      g_value_set_int64 (value, priv->stale_time);
      break;

    case PROP_GC_TIME:
      g_value_set_int64 (value, priv->gc_time);
      break;

    case PROP_REFETCH_ON_MOUNT:
      g_value_set_enum (value, priv->refetch_on_mount);
      break;

    case PROP_REFETCH_ON_WINDOW_FOCUS:
      g_value_set_enum (value, priv->refetch_on_window_focus);
      break;

    case PROP_REFETCH_ON_RECONNECT:
      g_value_set_enum (value, priv->refetch_on_reconnect);
      break;

    case PROP_REFETCH_INTERVAL:
      g_value_set_int64 (value, priv->refetch_interval);
      break;

    case PROP_REFETCH_INTERVAL_IN_BACKGROUND:
      g_value_set_boolean (value, priv->refetch_interval_in_background);
      break;

    case PROP_RETRY:
      g_value_set_int (value, priv->retry);
      break;

    case PROP_RETRY_DELAY:
      g_value_set_int64 (value, priv->retry_delay);
      break;

    case PROP_RETRY_ON_MOUNT:
      g_value_set_boolean (value, priv->retry_on_mount);
      break;

    case PROP_NETWORK_MODE:
      g_value_set_enum (value, priv->network_mode);
      break;

    case PROP_INITIAL_DATA:
      g_value_set_boxed (value, priv->initial_data);
      break;

    case PROP_INITIAL_DATA_UPDATED_AT:
      g_value_set_int64 (value, priv->initial_data_updated_at);
      break;

    case PROP_PLACEHOLDER_DATA:
      g_value_set_boxed (value, priv->placeholder_data);
      break;

    case PROP_KEEP_PREVIOUS_DATA:
      g_value_set_boolean (value, priv->keep_previous_data);
      break;

    case PROP_STRUCTURAL_SHARING:
      g_value_set_boolean (value, priv->structural_sharing);
      break;

    case PROP_META:
      g_value_set_boxed (value, priv->meta);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_options_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GqQueryOptions *self = GQ_QUERY_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      gq_query_options_set_query_key (self, g_value_get_boxed (value));
      break;

    case PROP_QUERY_HASH:
      gq_query_options_set_query_hash (self, g_value_get_string (value));
      break;

    case PROP_ENABLED:
      gq_query_options_set_enabled (self, g_value_get_boolean (value));
      break;

    case PROP_STALE_TIME:
      gq_query_options_set_stale_time (self, g_value_get_int64 (value));
      break;

    case PROP_GC_TIME:
      gq_query_options_set_gc_time (self, g_value_get_int64 (value));
      break;

    case PROP_REFETCH_ON_MOUNT:
      gq_query_options_set_refetch_on_mount (self, g_value_get_enum (value));
      break;

    case PROP_REFETCH_ON_WINDOW_FOCUS:
      gq_query_options_set_refetch_on_window_focus (self, g_value_get_enum (value));
      break;

    case PROP_REFETCH_ON_RECONNECT:
      gq_query_options_set_refetch_on_reconnect (self, g_value_get_enum (value));
      break;

    case PROP_REFETCH_INTERVAL:
      gq_query_options_set_refetch_interval (self, g_value_get_int64 (value));
      break;

    case PROP_REFETCH_INTERVAL_IN_BACKGROUND:
      gq_query_options_set_refetch_interval_in_background (self, g_value_get_boolean (value));
      break;

    case PROP_RETRY:
      gq_query_options_set_retry (self, g_value_get_int (value));
      break;

    case PROP_RETRY_DELAY:
      gq_query_options_set_retry_delay (self, g_value_get_int64 (value));
      break;

    case PROP_RETRY_ON_MOUNT:
      gq_query_options_set_retry_on_mount (self, g_value_get_boolean (value));
      break;

    case PROP_NETWORK_MODE:
      gq_query_options_set_network_mode (self, g_value_get_enum (value));
      break;

    case PROP_INITIAL_DATA:
      gq_query_options_set_initial_data (self, g_value_get_boxed (value));
      break;

    case PROP_INITIAL_DATA_UPDATED_AT:
      gq_query_options_set_initial_data_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_PLACEHOLDER_DATA:
      gq_query_options_set_placeholder_data (self, g_value_get_boxed (value));
      break;

    case PROP_KEEP_PREVIOUS_DATA:
      gq_query_options_set_keep_previous_data (self, g_value_get_boolean (value));
      break;

    case PROP_STRUCTURAL_SHARING:
      gq_query_options_set_structural_sharing (self, g_value_get_boolean (value));
      break;

    case PROP_META:
      gq_query_options_set_meta (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_options_class_init (GqQueryOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gq_query_options_finalize;
  object_class->get_property = gq_query_options_get_property;
  object_class->set_property = gq_query_options_set_property;

  /**
   * GqQueryOptions:query-key:
   *
   * The query key: a JSON array such as `["todos", {"page": 2}]`.
   * Setting %NULL unsets it.
   */
  properties[PROP_QUERY_KEY] =
    g_param_spec_boxed ("query-key", NULL, NULL,
                        JSON_TYPE_NODE,
                        flags);

  /**
   * GqQueryOptions:query-hash:
   *
   * The hash identifying the query in the cache. When unset, it is the
   * hash of [property@Gq.QueryOptions:query-key].
   */
  properties[PROP_QUERY_HASH] =
    g_param_spec_string ("query-hash", NULL, NULL,
                         NULL,
                         flags);

  /**
   * GqQueryOptions:enabled:
   *
   * Whether the query fetches by itself (on mount, focus, reconnect,
   * interval). A disabled query still fetches when asked to.
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL,
                          TRUE,
                          flags);

  /**
   * GqQueryOptions:stale-time:
   *
   * How long data stays fresh, in milliseconds. 0 makes data stale at
   * once, %GQ_TIME_INFINITE keeps it fresh until it is invalidated, and
   * %GQ_STALE_TIME_STATIC keeps it fresh even then.
   */
  properties[PROP_STALE_TIME] =
    g_param_spec_int64 ("stale-time", NULL, NULL,
                        GQ_STALE_TIME_STATIC, G_MAXINT64, 0,
                        flags);

  /**
   * GqQueryOptions:gc-time:
   *
   * How long an unused query stays in the cache, in milliseconds
   * (%GQ_TIME_INFINITE: forever).
   */
  properties[PROP_GC_TIME] =
    g_param_spec_int64 ("gc-time", NULL, NULL,
                        0, G_MAXINT64, DEFAULT_GC_TIME,
                        flags);

  /**
   * GqQueryOptions:refetch-on-mount:
   *
   * Whether an observer refetches when it subscribes.
   */
  properties[PROP_REFETCH_ON_MOUNT] =
    g_param_spec_enum ("refetch-on-mount", NULL, NULL,
                       GQ_TYPE_REFETCH_MODE,
                       GQ_REFETCH_IF_STALE,
                       flags);

  /**
   * GqQueryOptions:refetch-on-window-focus:
   *
   * Whether the query refetches when the application regains focus.
   */
  properties[PROP_REFETCH_ON_WINDOW_FOCUS] =
    g_param_spec_enum ("refetch-on-window-focus", NULL, NULL,
                       GQ_TYPE_REFETCH_MODE,
                       GQ_REFETCH_IF_STALE,
                       flags);

  /**
   * GqQueryOptions:refetch-on-reconnect:
   *
   * Whether the query refetches when the network comes back. When unset,
   * the engine uses [enum@Gq.RefetchMode.NEVER] if
   * [property@Gq.QueryOptions:network-mode] is
   * [enum@Gq.NetworkMode.ALWAYS], and [enum@Gq.RefetchMode.IF_STALE]
   * otherwise.
   */
  properties[PROP_REFETCH_ON_RECONNECT] =
    g_param_spec_enum ("refetch-on-reconnect", NULL, NULL,
                       GQ_TYPE_REFETCH_MODE,
                       GQ_REFETCH_IF_STALE,
                       flags);

  /**
   * GqQueryOptions:refetch-interval:
   *
   * Refetch every so many milliseconds while observed; 0 turns polling
   * off.
   */
  properties[PROP_REFETCH_INTERVAL] =
    g_param_spec_int64 ("refetch-interval", NULL, NULL,
                        0, G_MAXINT64, 0,
                        flags);

  /**
   * GqQueryOptions:refetch-interval-in-background:
   *
   * Whether polling goes on while the application is not focused.
   */
  properties[PROP_REFETCH_INTERVAL_IN_BACKGROUND] =
    g_param_spec_boolean ("refetch-interval-in-background", NULL, NULL,
                          FALSE,
                          flags);

  /**
   * GqQueryOptions:retry:
   *
   * How many times a failed fetch is tried again; -1 retries forever.
   */
  properties[PROP_RETRY] =
    g_param_spec_int ("retry", NULL, NULL,
                      -1, G_MAXINT, DEFAULT_RETRY,
                      flags);

  /**
   * GqQueryOptions:retry-delay:
   *
   * The wait before each retry, in milliseconds. -1 doubles the delay
   * after each failure, from one second up to thirty. Either way, when
   * the failure is an HTTP error whose server asked to wait
   * (`Retry-After`, see [func@Gq.HttpError.get_retry_after]), the retry
   * waits at least that long, up to a minute.
   */
  properties[PROP_RETRY_DELAY] =
    g_param_spec_int64 ("retry-delay", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        flags);

  /**
   * GqQueryOptions:retry-on-mount:
   *
   * Whether a query that failed is fetched again when an observer
   * subscribes.
   */
  properties[PROP_RETRY_ON_MOUNT] =
    g_param_spec_boolean ("retry-on-mount", NULL, NULL,
                          TRUE,
                          flags);

  /**
   * GqQueryOptions:network-mode:
   *
   * How fetches react to the network going away.
   */
  properties[PROP_NETWORK_MODE] =
    g_param_spec_enum ("network-mode", NULL, NULL,
                       GQ_TYPE_NETWORK_MODE,
                       GQ_NETWORK_MODE_ONLINE,
                       flags);

  /**
   * GqQueryOptions:initial-data:
   *
   * Data the query starts with, stored in the cache as if fetched.
   */
  properties[PROP_INITIAL_DATA] =
    g_param_spec_boxed ("initial-data", NULL, NULL,
                        JSON_TYPE_NODE,
                        flags);

  /**
   * GqQueryOptions:initial-data-updated-at:
   *
   * When the initial data was fetched, in milliseconds; 0 means now.
   * Together with [property@Gq.QueryOptions:stale-time] it decides
   * whether the initial data is refetched at once.
   */
  properties[PROP_INITIAL_DATA_UPDATED_AT] =
    g_param_spec_int64 ("initial-data-updated-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        flags);

  /**
   * GqQueryOptions:placeholder-data:
   *
   * Data an observer shows while the query has none. Unlike initial
   * data it is never written to the cache.
   */
  properties[PROP_PLACEHOLDER_DATA] =
    g_param_spec_boxed ("placeholder-data", NULL, NULL,
                        JSON_TYPE_NODE,
                        flags);

  /**
   * GqQueryOptions:keep-previous-data:
   *
   * Whether an observer whose key changed keeps showing the previous
   * key's data, as placeholder data, until the new key has data.
   */
  properties[PROP_KEEP_PREVIOUS_DATA] =
    g_param_spec_boolean ("keep-previous-data", NULL, NULL,
                          FALSE,
                          flags);

  /**
   * GqQueryOptions:structural-sharing:
   *
   * Whether new data reuses the nodes of the previous data wherever they
   * are equal, so that unchanged parts keep their identity.
   */
  properties[PROP_STRUCTURAL_SHARING] =
    g_param_spec_boolean ("structural-sharing", NULL, NULL,
                          TRUE,
                          flags);

  /**
   * GqQueryOptions:meta:
   *
   * Free-form JSON handed to the query function through its
   * [class@Gq.FetchContext].
   */
  properties[PROP_META] =
    g_param_spec_boxed ("meta", NULL, NULL,
                        JSON_TYPE_NODE,
                        flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_query_options_init (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  priv->enabled = TRUE;
  priv->stale_time = 0;
  priv->gc_time = DEFAULT_GC_TIME;
  priv->refetch_on_mount = GQ_REFETCH_IF_STALE;
  priv->refetch_on_window_focus = GQ_REFETCH_IF_STALE;
  priv->refetch_on_reconnect = GQ_REFETCH_IF_STALE;
  priv->refetch_interval = 0;
  priv->refetch_interval_in_background = FALSE;
  priv->retry = DEFAULT_RETRY;
  priv->retry_delay = -1;
  priv->retry_on_mount = TRUE;
  priv->network_mode = GQ_NETWORK_MODE_ONLINE;
  priv->initial_data_updated_at = 0;
  priv->keep_previous_data = FALSE;
  priv->structural_sharing = TRUE;
}

gpointer
_gq_query_options_get_defaulted_by (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  return priv->defaulted_by;
}

void
_gq_query_options_set_defaulted_by (GqQueryOptions *self,
                                    gpointer        client)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  priv->defaulted_by = client;
}

/**
 * gq_query_options_new:
 * @query_key: (nullable): the query key, a JSON array
 *
 * Creates options with nothing set but, if given, the key.
 *
 * Returns: (transfer full): new options
 */
GqQueryOptions *
gq_query_options_new (JsonNode *query_key)
{
  GqQueryOptions *self = g_object_new (GQ_TYPE_QUERY_OPTIONS, NULL);

  if (query_key != NULL)
    gq_query_options_set_query_key (self, query_key);

  return self;
}

/**
 * gq_query_options_copy:
 * @self: options
 *
 * Copies @self: the copy has the same options set, with the same values.
 * Function options are shared with @self, not duplicated: their user data
 * is destroyed when neither needs it any more.
 *
 * Returns: (transfer full): a copy of @self
 */
GqQueryOptions *
gq_query_options_copy (GqQueryOptions *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), NULL);

  return _gq_query_options_merge (NULL, self);
}

/**
 * gq_query_options_is_set:
 * @self: options
 * @property_name: the name of a property, such as `"stale-time"`, or of a
 *   function option: `"query-func"`, `"select-func"`, `"retry-func"`,
 *   `"retry-delay-func"`, `"placeholder-func"`, `"stale-time-func"`,
 *   `"refetch-interval-func"`; for [class@Gq.InfiniteQueryOptions] also
 *   theirs, such as `"initial-page-param"` or `"get-next-page-param-func"`
 *
 * Tells whether an option was set explicitly, by its setter, with
 * g_object_set() or at construction. Only set options override the
 * defaults of the client. Setting a JSON option or a function option to
 * %NULL unsets it.
 *
 * Returns: %TRUE if the option is set
 */
gboolean
gq_query_options_is_set (GqQueryOptions *self,
                         const char     *property_name)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), FALSE);
  g_return_val_if_fail (property_name != NULL, FALSE);

  name = g_strdelimit (g_strdup (property_name), "_", '-');

  for (guint prop_id = 1; prop_id < N_PROPS; prop_id++)
    {
      if (g_str_equal (name, g_param_spec_get_name (properties[prop_id])))
        return _gq_query_options_is_set (self, prop_id);
    }

  for (guint i = 0; i < N_CLOSURES; i++)
    {
      if (g_str_equal (name, closure_names[i]))
        return _gq_query_options_is_set (self, GQ_QUERY_OPTION_QUERY_FUNC + i);
    }

  if (GQ_IS_INFINITE_QUERY_OPTIONS (self))
    {
      gboolean is_set;

      if (_gq_infinite_query_options_lookup_set (GQ_INFINITE_QUERY_OPTIONS (self), name, &is_set))
        return is_set;
    }

  g_critical ("%s: %s has no option named “%s”", G_STRFUNC, G_OBJECT_TYPE_NAME (self), property_name);

  return FALSE;
}

/**
 * gq_query_options_get_query_key:
 * @self: options
 *
 * Gets the query key.
 *
 * Returns: (transfer none) (nullable): the key, sealed
 */
JsonNode *
gq_query_options_get_query_key (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), NULL);

  return priv->query_key;
}

/**
 * gq_query_options_set_query_key:
 * @self: options
 * @query_key: (nullable): the key, a JSON array; %NULL unsets it
 *
 * Sets the query key. A mutable node is copied, a sealed one shared.
 */
void
gq_query_options_set_query_key (GqQueryOptions *self,
                                JsonNode       *query_key)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_json (self, GQ_QUERY_OPTION_QUERY_KEY, query_key);
}

/**
 * gq_query_options_get_query_hash:
 * @self: options
 *
 * Gets the explicit query hash.
 *
 * Returns: (nullable): the hash, or %NULL when the key's hash is used
 */
const char *
gq_query_options_get_query_hash (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), NULL);

  return priv->query_hash;
}

/**
 * gq_query_options_set_query_hash:
 * @self: options
 * @query_hash: (nullable): the hash; %NULL unsets it
 *
 * Sets the hash that identifies the query in the cache, instead of the
 * hash of its key.
 */
void
gq_query_options_set_query_hash (GqQueryOptions *self,
                                 const char     *query_hash)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  changed = g_strcmp0 (priv->query_hash, query_hash) != 0;
  if (changed)
    {
      g_free (priv->query_hash);
      priv->query_hash = g_strdup (query_hash);
    }

  if (query_hash == NULL)
    {
      priv->set_mask &= ~OPTION_BIT (GQ_QUERY_OPTION_QUERY_HASH);
      if (changed)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_HASH]);
      return;
    }

  option_set (self, GQ_QUERY_OPTION_QUERY_HASH, changed);
}

/**
 * gq_query_options_get_enabled:
 * @self: options
 *
 * Gets whether the query fetches by itself.
 *
 * Returns: the value of [property@Gq.QueryOptions:enabled]
 */
gboolean
gq_query_options_get_enabled (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), TRUE);

  return priv->enabled;
}

/**
 * gq_query_options_set_enabled:
 * @self: options
 * @enabled: whether the query fetches by itself
 *
 * Sets [property@Gq.QueryOptions:enabled].
 */
void
gq_query_options_set_enabled (GqQueryOptions *self,
                              gboolean        enabled)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  enabled = !!enabled;
  changed = priv->enabled != (guint) enabled;
  priv->enabled = enabled;
  option_set (self, GQ_QUERY_OPTION_ENABLED, changed);
}

/**
 * gq_query_options_get_stale_time:
 * @self: options
 *
 * Gets how long data stays fresh.
 *
 * Returns: the stale time in milliseconds, or %GQ_STALE_TIME_STATIC
 */
gint64
gq_query_options_get_stale_time (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), 0);

  return priv->stale_time;
}

/**
 * gq_query_options_set_stale_time:
 * @self: options
 * @stale_time: milliseconds, %GQ_TIME_INFINITE or %GQ_STALE_TIME_STATIC
 *
 * Sets [property@Gq.QueryOptions:stale-time].
 */
void
gq_query_options_set_stale_time (GqQueryOptions *self,
                                 gint64          stale_time)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (stale_time >= GQ_STALE_TIME_STATIC);

  changed = priv->stale_time != stale_time;
  priv->stale_time = stale_time;
  option_set (self, GQ_QUERY_OPTION_STALE_TIME, changed);
}

/**
 * gq_query_options_get_gc_time:
 * @self: options
 *
 * Gets how long an unused query stays cached.
 *
 * Returns: the gc time in milliseconds
 */
gint64
gq_query_options_get_gc_time (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), DEFAULT_GC_TIME);

  return priv->gc_time;
}

/**
 * gq_query_options_set_gc_time:
 * @self: options
 * @gc_time: milliseconds, or %GQ_TIME_INFINITE
 *
 * Sets [property@Gq.QueryOptions:gc-time].
 */
void
gq_query_options_set_gc_time (GqQueryOptions *self,
                              gint64          gc_time)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (gc_time >= 0);

  changed = priv->gc_time != gc_time;
  priv->gc_time = gc_time;
  option_set (self, GQ_QUERY_OPTION_GC_TIME, changed);
}

/**
 * gq_query_options_get_refetch_on_mount:
 * @self: options
 *
 * Gets whether an observer refetches when it subscribes.
 *
 * Returns: the mode
 */
GqRefetchMode
gq_query_options_get_refetch_on_mount (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), GQ_REFETCH_IF_STALE);

  return priv->refetch_on_mount;
}

/**
 * gq_query_options_set_refetch_on_mount:
 * @self: options
 * @mode: the mode
 *
 * Sets [property@Gq.QueryOptions:refetch-on-mount].
 */
void
gq_query_options_set_refetch_on_mount (GqQueryOptions *self,
                                       GqRefetchMode   mode)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (mode <= GQ_REFETCH_ALWAYS);

  changed = priv->refetch_on_mount != mode;
  priv->refetch_on_mount = mode;
  option_set (self, GQ_QUERY_OPTION_REFETCH_ON_MOUNT, changed);
}

/**
 * gq_query_options_get_refetch_on_window_focus:
 * @self: options
 *
 * Gets whether the query refetches when the application regains focus.
 *
 * Returns: the mode
 */
GqRefetchMode
gq_query_options_get_refetch_on_window_focus (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), GQ_REFETCH_IF_STALE);

  return priv->refetch_on_window_focus;
}

/**
 * gq_query_options_set_refetch_on_window_focus:
 * @self: options
 * @mode: the mode
 *
 * Sets [property@Gq.QueryOptions:refetch-on-window-focus].
 */
void
gq_query_options_set_refetch_on_window_focus (GqQueryOptions *self,
                                              GqRefetchMode   mode)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (mode <= GQ_REFETCH_ALWAYS);

  changed = priv->refetch_on_window_focus != mode;
  priv->refetch_on_window_focus = mode;
  option_set (self, GQ_QUERY_OPTION_REFETCH_ON_WINDOW_FOCUS, changed);
}

/**
 * gq_query_options_get_refetch_on_reconnect:
 * @self: options
 *
 * Gets whether the query refetches when the network comes back. This is
 * the property's value; when it is unset the engine derives the mode from
 * [property@Gq.QueryOptions:network-mode].
 *
 * Returns: the mode
 */
GqRefetchMode
gq_query_options_get_refetch_on_reconnect (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), GQ_REFETCH_IF_STALE);

  return priv->refetch_on_reconnect;
}

/**
 * gq_query_options_set_refetch_on_reconnect:
 * @self: options
 * @mode: the mode
 *
 * Sets [property@Gq.QueryOptions:refetch-on-reconnect].
 */
void
gq_query_options_set_refetch_on_reconnect (GqQueryOptions *self,
                                           GqRefetchMode   mode)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (mode <= GQ_REFETCH_ALWAYS);

  changed = priv->refetch_on_reconnect != mode;
  priv->refetch_on_reconnect = mode;
  option_set (self, GQ_QUERY_OPTION_REFETCH_ON_RECONNECT, changed);
}

/**
 * gq_query_options_get_refetch_interval:
 * @self: options
 *
 * Gets the polling interval.
 *
 * Returns: the interval in milliseconds; 0 when polling is off
 */
gint64
gq_query_options_get_refetch_interval (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), 0);

  return priv->refetch_interval;
}

/**
 * gq_query_options_set_refetch_interval:
 * @self: options
 * @interval: milliseconds; 0 turns polling off
 *
 * Sets [property@Gq.QueryOptions:refetch-interval].
 */
void
gq_query_options_set_refetch_interval (GqQueryOptions *self,
                                       gint64          interval)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (interval >= 0);

  changed = priv->refetch_interval != interval;
  priv->refetch_interval = interval;
  option_set (self, GQ_QUERY_OPTION_REFETCH_INTERVAL, changed);
}

/**
 * gq_query_options_get_refetch_interval_in_background:
 * @self: options
 *
 * Gets whether polling goes on while the application is not focused.
 *
 * Returns: the value of
 *   [property@Gq.QueryOptions:refetch-interval-in-background]
 */
gboolean
gq_query_options_get_refetch_interval_in_background (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), FALSE);

  return priv->refetch_interval_in_background;
}

/**
 * gq_query_options_set_refetch_interval_in_background:
 * @self: options
 * @in_background: whether to poll while not focused
 *
 * Sets [property@Gq.QueryOptions:refetch-interval-in-background].
 */
void
gq_query_options_set_refetch_interval_in_background (GqQueryOptions *self,
                                                     gboolean        in_background)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  in_background = !!in_background;
  changed = priv->refetch_interval_in_background != (guint) in_background;
  priv->refetch_interval_in_background = in_background;
  option_set (self, GQ_QUERY_OPTION_REFETCH_INTERVAL_IN_BACKGROUND, changed);
}

/**
 * gq_query_options_get_retry:
 * @self: options
 *
 * Gets how many times a failed fetch is retried.
 *
 * Returns: the number of retries; -1 for forever
 */
int
gq_query_options_get_retry (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), DEFAULT_RETRY);

  return priv->retry;
}

/**
 * gq_query_options_set_retry:
 * @self: options
 * @retry: the number of retries; 0 never retries, -1 retries forever
 *
 * Sets [property@Gq.QueryOptions:retry].
 */
void
gq_query_options_set_retry (GqQueryOptions *self,
                            int             retry)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (retry >= -1);

  changed = priv->retry != retry;
  priv->retry = retry;
  option_set (self, GQ_QUERY_OPTION_RETRY, changed);
}

/**
 * gq_query_options_get_retry_delay:
 * @self: options
 *
 * Gets the fixed wait before each retry.
 *
 * Returns: the delay in milliseconds, or -1 for the exponential default
 */
gint64
gq_query_options_get_retry_delay (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), -1);

  return priv->retry_delay;
}

/**
 * gq_query_options_set_retry_delay:
 * @self: options
 * @retry_delay: milliseconds, or -1 for the exponential default
 *
 * Sets [property@Gq.QueryOptions:retry-delay].
 */
void
gq_query_options_set_retry_delay (GqQueryOptions *self,
                                  gint64          retry_delay)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (retry_delay >= -1);

  changed = priv->retry_delay != retry_delay;
  priv->retry_delay = retry_delay;
  option_set (self, GQ_QUERY_OPTION_RETRY_DELAY, changed);
}

/**
 * gq_query_options_get_retry_on_mount:
 * @self: options
 *
 * Gets whether a failed query is fetched again when an observer
 * subscribes.
 *
 * Returns: the value of [property@Gq.QueryOptions:retry-on-mount]
 */
gboolean
gq_query_options_get_retry_on_mount (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), TRUE);

  return priv->retry_on_mount;
}

/**
 * gq_query_options_set_retry_on_mount:
 * @self: options
 * @retry_on_mount: whether to fetch a failed query again on mount
 *
 * Sets [property@Gq.QueryOptions:retry-on-mount].
 */
void
gq_query_options_set_retry_on_mount (GqQueryOptions *self,
                                     gboolean        retry_on_mount)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  retry_on_mount = !!retry_on_mount;
  changed = priv->retry_on_mount != (guint) retry_on_mount;
  priv->retry_on_mount = retry_on_mount;
  option_set (self, GQ_QUERY_OPTION_RETRY_ON_MOUNT, changed);
}

/**
 * gq_query_options_get_network_mode:
 * @self: options
 *
 * Gets how fetches react to the network going away.
 *
 * Returns: the network mode
 */
GqNetworkMode
gq_query_options_get_network_mode (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), GQ_NETWORK_MODE_ONLINE);

  return priv->network_mode;
}

/**
 * gq_query_options_set_network_mode:
 * @self: options
 * @mode: the network mode
 *
 * Sets [property@Gq.QueryOptions:network-mode].
 */
void
gq_query_options_set_network_mode (GqQueryOptions *self,
                                   GqNetworkMode   mode)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (mode <= GQ_NETWORK_MODE_OFFLINE_FIRST);

  changed = priv->network_mode != mode;
  priv->network_mode = mode;
  option_set (self, GQ_QUERY_OPTION_NETWORK_MODE, changed);
}

/**
 * gq_query_options_get_initial_data:
 * @self: options
 *
 * Gets the data the query starts with.
 *
 * Returns: (transfer none) (nullable): the initial data, sealed
 */
JsonNode *
gq_query_options_get_initial_data (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), NULL);

  return priv->initial_data;
}

/**
 * gq_query_options_set_initial_data:
 * @self: options
 * @initial_data: (nullable): the data; %NULL unsets it
 *
 * Sets [property@Gq.QueryOptions:initial-data]. A mutable node is
 * copied, a sealed one shared.
 */
void
gq_query_options_set_initial_data (GqQueryOptions *self,
                                   JsonNode       *initial_data)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_json (self, GQ_QUERY_OPTION_INITIAL_DATA, initial_data);
}

/**
 * gq_query_options_get_initial_data_updated_at:
 * @self: options
 *
 * Gets when the initial data was fetched.
 *
 * Returns: the time in milliseconds, or 0 for "now"
 */
gint64
gq_query_options_get_initial_data_updated_at (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), 0);

  return priv->initial_data_updated_at;
}

/**
 * gq_query_options_set_initial_data_updated_at:
 * @self: options
 * @updated_at: the time in milliseconds, or 0 for "now"
 *
 * Sets [property@Gq.QueryOptions:initial-data-updated-at].
 */
void
gq_query_options_set_initial_data_updated_at (GqQueryOptions *self,
                                              gint64          updated_at)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (updated_at >= 0);

  changed = priv->initial_data_updated_at != updated_at;
  priv->initial_data_updated_at = updated_at;
  option_set (self, GQ_QUERY_OPTION_INITIAL_DATA_UPDATED_AT, changed);
}

/**
 * gq_query_options_get_placeholder_data:
 * @self: options
 *
 * Gets the data shown while the query has none.
 *
 * Returns: (transfer none) (nullable): the placeholder data, sealed
 */
JsonNode *
gq_query_options_get_placeholder_data (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), NULL);

  return priv->placeholder_data;
}

/**
 * gq_query_options_set_placeholder_data:
 * @self: options
 * @placeholder_data: (nullable): the data; %NULL unsets it
 *
 * Sets [property@Gq.QueryOptions:placeholder-data]. A mutable node is
 * copied, a sealed one shared.
 */
void
gq_query_options_set_placeholder_data (GqQueryOptions *self,
                                       JsonNode       *placeholder_data)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_json (self, GQ_QUERY_OPTION_PLACEHOLDER_DATA, placeholder_data);
}

/**
 * gq_query_options_get_keep_previous_data:
 * @self: options
 *
 * Gets whether the previous key's data is kept while a new key loads.
 *
 * Returns: the value of [property@Gq.QueryOptions:keep-previous-data]
 */
gboolean
gq_query_options_get_keep_previous_data (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), FALSE);

  return priv->keep_previous_data;
}

/**
 * gq_query_options_set_keep_previous_data:
 * @self: options
 * @keep_previous_data: whether to keep the previous key's data
 *
 * Sets [property@Gq.QueryOptions:keep-previous-data].
 */
void
gq_query_options_set_keep_previous_data (GqQueryOptions *self,
                                         gboolean        keep_previous_data)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  keep_previous_data = !!keep_previous_data;
  changed = priv->keep_previous_data != (guint) keep_previous_data;
  priv->keep_previous_data = keep_previous_data;
  option_set (self, GQ_QUERY_OPTION_KEEP_PREVIOUS_DATA, changed);
}

/**
 * gq_query_options_get_structural_sharing:
 * @self: options
 *
 * Gets whether new data reuses equal parts of the previous data.
 *
 * Returns: the value of [property@Gq.QueryOptions:structural-sharing]
 */
gboolean
gq_query_options_get_structural_sharing (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), TRUE);

  return priv->structural_sharing;
}

/**
 * gq_query_options_set_structural_sharing:
 * @self: options
 * @structural_sharing: whether to share equal parts with the previous data
 *
 * Sets [property@Gq.QueryOptions:structural-sharing].
 */
void
gq_query_options_set_structural_sharing (GqQueryOptions *self,
                                         gboolean        structural_sharing)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  structural_sharing = !!structural_sharing;
  changed = priv->structural_sharing != (guint) structural_sharing;
  priv->structural_sharing = structural_sharing;
  option_set (self, GQ_QUERY_OPTION_STRUCTURAL_SHARING, changed);
}

/**
 * gq_query_options_get_meta:
 * @self: options
 *
 * Gets the meta handed to the query function.
 *
 * Returns: (transfer none) (nullable): the meta, sealed
 */
JsonNode *
gq_query_options_get_meta (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_return_val_if_fail (GQ_IS_QUERY_OPTIONS (self), NULL);

  return priv->meta;
}

/**
 * gq_query_options_set_meta:
 * @self: options
 * @meta: (nullable): free-form JSON; %NULL unsets it
 *
 * Sets [property@Gq.QueryOptions:meta]. A mutable node is copied, a
 * sealed one shared.
 */
void
gq_query_options_set_meta (GqQueryOptions *self,
                           JsonNode       *meta)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_json (self, GQ_QUERY_OPTION_META, meta);
}

/**
 * gq_query_options_set_query_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the query function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets the function that fetches the query's data. Without one, the
 * client's default query function is used.
 */
void
gq_query_options_set_query_func (GqQueryOptions *self,
                                 GqQueryFunc     func,
                                 gpointer        user_data,
                                 GDestroyNotify  destroy)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_closure (self, GQ_QUERY_OPTION_QUERY_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_query_options_set_select_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the select function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a function that maps the query's data to what an observer shows.
 * It runs again only when the data or the function changes.
 */
void
gq_query_options_set_select_func (GqQueryOptions *self,
                                  GqSelectFunc    func,
                                  gpointer        user_data,
                                  GDestroyNotify  destroy)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_closure (self, GQ_QUERY_OPTION_SELECT_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_query_options_set_retry_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the retry policy; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a function deciding whether a failed fetch is retried. It takes
 * precedence over [property@Gq.QueryOptions:retry] set on the same
 * options; a retry count set on options laid over these (a query's over
 * the client's defaults) replaces it, as TanStack's `retry` is one option.
 */
void
gq_query_options_set_retry_func (GqQueryOptions *self,
                                 GqRetryFunc     func,
                                 gpointer        user_data,
                                 GDestroyNotify  destroy)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_closure (self, GQ_QUERY_OPTION_RETRY_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_query_options_set_retry_delay_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the delay function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a function computing the wait before each retry. It takes
 * precedence over [property@Gq.QueryOptions:retry-delay] set on the same
 * options; a retry delay set on options laid over these replaces it.
 */
void
gq_query_options_set_retry_delay_func (GqQueryOptions   *self,
                                       GqRetryDelayFunc  func,
                                       gpointer          user_data,
                                       GDestroyNotify    destroy)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_closure (self, GQ_QUERY_OPTION_RETRY_DELAY_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_query_options_set_placeholder_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the placeholder function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a function computing placeholder data from the data of the query
 * the observer showed before. It takes precedence over
 * [property@Gq.QueryOptions:keep-previous-data] and
 * [property@Gq.QueryOptions:placeholder-data] set on the same options;
 * either set on options laid over these (a query's over the client's
 * defaults) replaces it, as TanStack's `placeholderData` is one option.
 */
void
gq_query_options_set_placeholder_func (GqQueryOptions    *self,
                                       GqPlaceholderFunc  func,
                                       gpointer           user_data,
                                       GDestroyNotify     destroy)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_closure (self, GQ_QUERY_OPTION_PLACEHOLDER_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_query_options_set_stale_time_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the stale time function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a function computing the stale time from the query at each use.
 * It takes precedence over [property@Gq.QueryOptions:stale-time] set on
 * the same options; a stale time set on options laid over these (a
 * query's over the client's defaults) replaces it.
 */
void
gq_query_options_set_stale_time_func (GqQueryOptions      *self,
                                      GqQueryDurationFunc  func,
                                      gpointer             user_data,
                                      GDestroyNotify       destroy)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_closure (self, GQ_QUERY_OPTION_STALE_TIME_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_query_options_set_refetch_interval_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the interval function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a function computing the polling interval from the query at each
 * use. It takes precedence over [property@Gq.QueryOptions:refetch-interval]
 * set on the same options; an interval set on options laid over these (a
 * query's over the client's defaults) replaces it.
 */
void
gq_query_options_set_refetch_interval_func (GqQueryOptions      *self,
                                            GqQueryDurationFunc  func,
                                            gpointer             user_data,
                                            GDestroyNotify       destroy)
{
  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));

  set_closure (self, GQ_QUERY_OPTION_REFETCH_INTERVAL_FUNC, G_CALLBACK (func), user_data, destroy);
}

gboolean
_gq_query_options_is_set (GqQueryOptions *self,
                          GqQueryOption   option)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_assert (GQ_IS_QUERY_OPTIONS (self));
  g_assert (option > 0 && option < GQ_QUERY_OPTION_LAST);

  return (priv->set_mask & OPTION_BIT (option)) != 0;
}

void
_gq_query_options_unset (GqQueryOptions *self,
                         GqQueryOption   option)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_assert (GQ_IS_QUERY_OPTIONS (self));
  g_assert (option > 0 && option < GQ_QUERY_OPTION_LAST);

  if (option >= GQ_QUERY_OPTION_QUERY_FUNC)
    {
      set_closure (self, option, NULL, NULL, NULL);
      return;
    }

  if ((priv->set_mask & OPTION_BIT (option)) != 0)
    {
      GParamSpec *pspec = properties[option];

      /* Back to the default value, so that an unset option reads as its
       * default and shallow_equal() can compare set-masks alone. */
      gq_query_options_set_property (G_OBJECT (self), option,
                                     g_param_spec_get_default_value (pspec),
                                     pspec);
      priv->set_mask &= ~OPTION_BIT (option);
    }
}

/* Like get_property, without copying JSON nodes: a merge must keep the
 * very node so that identity checks still hold on the merged options. */
static void
peek_value (GqQueryOptions *self,
            guint           prop_id,
            GValue         *value)
{
  JsonNode **field = json_field (self, prop_id);

  if (field != NULL)
    g_value_set_static_boxed (value, *field);
  else
    gq_query_options_get_property (G_OBJECT (self), prop_id, value, properties[prop_id]);
}

/* What set_property() does with the value peek_value() reads from @from,
 * without the GValue: every query built merges options, so this is on the
 * path of each new query. */
static void
copy_option (GqQueryOptions        *self,
             GqQueryOptionsPrivate *from,
             guint                  prop_id)
{
  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      gq_query_options_set_query_key (self, from->query_key);
      break;

    case PROP_QUERY_HASH:
      gq_query_options_set_query_hash (self, from->query_hash);
      break;

    case PROP_ENABLED:
      gq_query_options_set_enabled (self, from->enabled);
      break;

    case PROP_STALE_TIME:
      gq_query_options_set_stale_time (self, from->stale_time);
      break;

    case PROP_GC_TIME:
      gq_query_options_set_gc_time (self, from->gc_time);
      break;

    case PROP_REFETCH_ON_MOUNT:
      gq_query_options_set_refetch_on_mount (self, from->refetch_on_mount);
      break;

    case PROP_REFETCH_ON_WINDOW_FOCUS:
      gq_query_options_set_refetch_on_window_focus (self, from->refetch_on_window_focus);
      break;

    case PROP_REFETCH_ON_RECONNECT:
      gq_query_options_set_refetch_on_reconnect (self, from->refetch_on_reconnect);
      break;

    case PROP_REFETCH_INTERVAL:
      gq_query_options_set_refetch_interval (self, from->refetch_interval);
      break;

    case PROP_REFETCH_INTERVAL_IN_BACKGROUND:
      gq_query_options_set_refetch_interval_in_background (self, from->refetch_interval_in_background);
      break;

    case PROP_RETRY:
      gq_query_options_set_retry (self, from->retry);
      break;

    case PROP_RETRY_DELAY:
      gq_query_options_set_retry_delay (self, from->retry_delay);
      break;

    case PROP_RETRY_ON_MOUNT:
      gq_query_options_set_retry_on_mount (self, from->retry_on_mount);
      break;

    case PROP_NETWORK_MODE:
      gq_query_options_set_network_mode (self, from->network_mode);
      break;

    case PROP_INITIAL_DATA:
      gq_query_options_set_initial_data (self, from->initial_data);
      break;

    case PROP_INITIAL_DATA_UPDATED_AT:
      gq_query_options_set_initial_data_updated_at (self, from->initial_data_updated_at);
      break;

    case PROP_PLACEHOLDER_DATA:
      gq_query_options_set_placeholder_data (self, from->placeholder_data);
      break;

    case PROP_KEEP_PREVIOUS_DATA:
      gq_query_options_set_keep_previous_data (self, from->keep_previous_data);
      break;

    case PROP_STRUCTURAL_SHARING:
      gq_query_options_set_structural_sharing (self, from->structural_sharing);
      break;

    case PROP_META:
      gq_query_options_set_meta (self, from->meta);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* The options TanStack takes as a value or a function. */
static const struct
{
  GqQueryOption value;
  GqQueryOption function;
} value_or_function[] = {
  { GQ_QUERY_OPTION_STALE_TIME, GQ_QUERY_OPTION_STALE_TIME_FUNC },
  { GQ_QUERY_OPTION_REFETCH_INTERVAL, GQ_QUERY_OPTION_REFETCH_INTERVAL_FUNC },
  { GQ_QUERY_OPTION_RETRY, GQ_QUERY_OPTION_RETRY_FUNC },
  { GQ_QUERY_OPTION_RETRY_DELAY, GQ_QUERY_OPTION_RETRY_DELAY_FUNC },
  { GQ_QUERY_OPTION_PLACEHOLDER_DATA, GQ_QUERY_OPTION_PLACEHOLDER_FUNC },
  { GQ_QUERY_OPTION_KEEP_PREVIOUS_DATA, GQ_QUERY_OPTION_PLACEHOLDER_FUNC },
};

void
_gq_query_options_apply (GqQueryOptions *self,
                         GqQueryOptions *over)
{
  GqQueryOptionsPrivate *over_priv;
  guint32 mask;

  g_return_if_fail (GQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (over == NULL || GQ_IS_QUERY_OPTIONS (over));

  if (over == NULL || over == self)
    return;

  over_priv = gq_query_options_get_instance_private (over);

  /* In property order, as before, so notifications come in that order. */
  mask = over_priv->set_mask & (OPTION_BIT (N_PROPS) - 1);
  while (mask != 0)
    {
      guint prop_id = (guint) g_bit_nth_lsf (mask, -1);

      mask &= mask - 1;
      copy_option (self, over_priv, prop_id);
    }

  for (guint option = GQ_QUERY_OPTION_QUERY_FUNC; option < GQ_QUERY_OPTION_LAST; option++)
    {
      OptionClosure *closure = get_closure (over, option);

      if (closure != NULL)
        share_closure (self, option, closure);
    }

  /* In TanStack each of these is one option, a value or a function: a
   * value laid over a function replaces it, so a query's stale time beats
   * a stale time function among the client's defaults. */
  for (guint i = 0; i < G_N_ELEMENTS (value_or_function); i++)
    {
      if (_gq_query_options_is_set (over, value_or_function[i].value) &&
          !_gq_query_options_is_set (over, value_or_function[i].function))
        _gq_query_options_unset (self, value_or_function[i].function);
    }

  if (GQ_IS_INFINITE_QUERY_OPTIONS (self) && GQ_IS_INFINITE_QUERY_OPTIONS (over))
    _gq_infinite_query_options_apply (GQ_INFINITE_QUERY_OPTIONS (self),
                                      GQ_INFINITE_QUERY_OPTIONS (over));
}

GqQueryOptions *
_gq_query_options_merge (GqQueryOptions *base,
                         GqQueryOptions *over)
{
  GqQueryOptions *merged;

  g_return_val_if_fail (base == NULL || GQ_IS_QUERY_OPTIONS (base), NULL);
  g_return_val_if_fail (over == NULL || GQ_IS_QUERY_OPTIONS (over), NULL);

  /* The merge is of the caller's kind: infinite options stay infinite. */
  merged = g_object_new (over != NULL ? G_OBJECT_TYPE (over) :
                         base != NULL ? G_OBJECT_TYPE (base) : GQ_TYPE_QUERY_OPTIONS,
                         NULL);
  _gq_query_options_apply (merged, base);
  _gq_query_options_apply (merged, over);

  return merged;
}

gboolean
_gq_option_closure_same (OptionClosure *a,
                         OptionClosure *b)
{
  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL)
    return FALSE;

  return a->func == b->func && a->user_data == b->user_data;
}

gboolean
_gq_query_options_shallow_equal (GqQueryOptions *a,
                                 GqQueryOptions *b)
{
  GqQueryOptionsPrivate *priv_a;
  GqQueryOptionsPrivate *priv_b;

  g_return_val_if_fail (a == NULL || GQ_IS_QUERY_OPTIONS (a), FALSE);
  g_return_val_if_fail (b == NULL || GQ_IS_QUERY_OPTIONS (b), FALSE);

  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL || G_OBJECT_TYPE (a) != G_OBJECT_TYPE (b))
    return FALSE;

  priv_a = gq_query_options_get_instance_private (a);
  priv_b = gq_query_options_get_instance_private (b);

  /* Unset options always hold their defaults, so equal masks leave only
   * the set values to compare. */
  if (priv_a->set_mask != priv_b->set_mask)
    return FALSE;

  for (guint prop_id = 1; prop_id < N_PROPS; prop_id++)
    {
      g_auto(GValue) value_a = G_VALUE_INIT;
      g_auto(GValue) value_b = G_VALUE_INIT;
      GParamSpec *pspec = properties[prop_id];
      JsonNode **node_a;

      if ((priv_a->set_mask & OPTION_BIT (prop_id)) == 0)
        continue;

      /* Options are rebuilt with fresh key nodes all the time; comparing
       * JSON by value keeps equal keys from looking like a change. */
      if ((node_a = json_field (a, prop_id)) != NULL)
        {
          JsonNode *node_b = *json_field (b, prop_id);

          if (*node_a != node_b && !json_node_equal (*node_a, node_b))
            return FALSE;
          continue;
        }

      g_value_init (&value_a, G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_value_init (&value_b, G_PARAM_SPEC_VALUE_TYPE (pspec));
      peek_value (a, prop_id, &value_a);
      peek_value (b, prop_id, &value_b);

      if (g_param_values_cmp (pspec, &value_a, &value_b) != 0)
        return FALSE;
    }

  for (guint i = 0; i < N_CLOSURES; i++)
    {
      if (!_gq_option_closure_same (priv_a->closures[i], priv_b->closures[i]))
        return FALSE;
    }

  if (GQ_IS_INFINITE_QUERY_OPTIONS (a))
    return _gq_infinite_query_options_shallow_equal (GQ_INFINITE_QUERY_OPTIONS (a),
                                                     GQ_INFINITE_QUERY_OPTIONS (b));

  return TRUE;
}

gboolean
_gq_query_options_has_query_func (GqQueryOptions *self)
{
  g_assert (GQ_IS_QUERY_OPTIONS (self));

  return get_closure (self, GQ_QUERY_OPTION_QUERY_FUNC) != NULL;
}

void
_gq_query_options_call_query_func (GqQueryOptions *self,
                                   GqFetchContext *context)
{
  OptionClosure *closure;

  g_assert (GQ_IS_QUERY_OPTIONS (self));

  closure = get_closure (self, GQ_QUERY_OPTION_QUERY_FUNC);
  g_assert (closure != NULL);

  /* The function may drop the last reference to these options (say, by
   * replacing an observer's options), so keep the closure alive. */
  _gq_option_closure_ref (closure);
  ((GqQueryFunc) closure->func) (context, closure->user_data);
  _gq_option_closure_unref (closure);
}

gboolean
_gq_query_options_has_select (GqQueryOptions *self)
{
  g_assert (GQ_IS_QUERY_OPTIONS (self));

  return get_closure (self, GQ_QUERY_OPTION_SELECT_FUNC) != NULL;
}

JsonNode *
_gq_query_options_call_select (GqQueryOptions *self,
                               JsonNode       *data)
{
  OptionClosure *closure;
  JsonNode *selected;

  g_assert (GQ_IS_QUERY_OPTIONS (self));

  closure = get_closure (self, GQ_QUERY_OPTION_SELECT_FUNC);
  g_assert (closure != NULL);

  _gq_option_closure_ref (closure);
  selected = ((GqSelectFunc) closure->func) (data, closure->user_data);
  _gq_option_closure_unref (closure);

  return selected;
}

gboolean
_gq_query_options_same_select (GqQueryOptions *a,
                               GqQueryOptions *b)
{
  g_assert (a == NULL || GQ_IS_QUERY_OPTIONS (a));
  g_assert (b == NULL || GQ_IS_QUERY_OPTIONS (b));

  return _gq_option_closure_same (a ? get_closure (a, GQ_QUERY_OPTION_SELECT_FUNC) : NULL,
                       b ? get_closure (b, GQ_QUERY_OPTION_SELECT_FUNC) : NULL);
}

gboolean
_gq_query_options_has_placeholder (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_assert (GQ_IS_QUERY_OPTIONS (self));

  return get_closure (self, GQ_QUERY_OPTION_PLACEHOLDER_FUNC) != NULL ||
         priv->keep_previous_data ||
         priv->placeholder_data != NULL;
}

JsonNode *
_gq_query_options_get_placeholder (GqQueryOptions *self,
                                   JsonNode       *previous_data,
                                   GqQuery        *previous_query)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  OptionClosure *closure;

  g_assert (GQ_IS_QUERY_OPTIONS (self));

  if ((closure = get_closure (self, GQ_QUERY_OPTION_PLACEHOLDER_FUNC)) != NULL)
    {
      JsonNode *placeholder;

      _gq_option_closure_ref (closure);
      placeholder = ((GqPlaceholderFunc) closure->func) (previous_data,
                                                          previous_query,
                                                          closure->user_data);
      _gq_option_closure_unref (closure);

      return placeholder;
    }

  /* TanStack's keepPreviousData is the identity on the previous data. */
  if (priv->keep_previous_data)
    return previous_data ? json_node_ref (previous_data) : NULL;

  return priv->placeholder_data ? json_node_ref (priv->placeholder_data) : NULL;
}

gboolean
_gq_query_options_same_placeholder (GqQueryOptions *a,
                                    GqQueryOptions *b)
{
  GqQueryOptionsPrivate *priv_a;
  GqQueryOptionsPrivate *priv_b;

  g_assert (a == NULL || GQ_IS_QUERY_OPTIONS (a));
  g_assert (b == NULL || GQ_IS_QUERY_OPTIONS (b));

  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL)
    return FALSE;

  priv_a = gq_query_options_get_instance_private (a);
  priv_b = gq_query_options_get_instance_private (b);

  return _gq_option_closure_same (get_closure (a, GQ_QUERY_OPTION_PLACEHOLDER_FUNC),
                       get_closure (b, GQ_QUERY_OPTION_PLACEHOLDER_FUNC)) &&
         priv_a->keep_previous_data == priv_b->keep_previous_data &&
         priv_a->placeholder_data == priv_b->placeholder_data;
}

gboolean
_gq_query_options_should_retry (GqQueryOptions *self,
                                guint           failure_count,
                                const GError   *error,
                                int             default_retry)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  OptionClosure *closure;
  int retry;

  g_assert (GQ_IS_QUERY_OPTIONS (self));

  if ((closure = get_closure (self, GQ_QUERY_OPTION_RETRY_FUNC)) != NULL)
    {
      gboolean ret;

      _gq_option_closure_ref (closure);
      ret = ((GqRetryFunc) closure->func) (failure_count, error, closure->user_data);
      _gq_option_closure_unref (closure);

      return ret;
    }

  retry = _gq_query_options_is_set (self, GQ_QUERY_OPTION_RETRY) ? priv->retry : default_retry;

  if (retry < 0)
    return TRUE;

  return failure_count < (guint) retry;
}

gint64
_gq_query_options_compute_retry_delay (GqQueryOptions *self,
                                       guint           failure_count,
                                       const GError   *error)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  OptionClosure *closure;
  gint64 delay;

  g_assert (GQ_IS_QUERY_OPTIONS (self));

  if ((closure = get_closure (self, GQ_QUERY_OPTION_RETRY_DELAY_FUNC)) != NULL)
    {
      _gq_option_closure_ref (closure);
      delay = ((GqRetryDelayFunc) closure->func) (failure_count, error, closure->user_data);
      _gq_option_closure_unref (closure);

      return delay;
    }

  if (_gq_query_options_is_set (self, GQ_QUERY_OPTION_RETRY_DELAY) && priv->retry_delay >= 0)
    delay = priv->retry_delay;
  else
    delay = _gq_retryer_default_delay (failure_count);

  return _gq_retryer_honour_retry_after (delay, error);
}

gint64
_gq_query_options_resolve_stale_time (GqQueryOptions *self,
                                      GqQuery        *query)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  OptionClosure *closure;

  g_assert (GQ_IS_QUERY_OPTIONS (self));

  if ((closure = get_closure (self, GQ_QUERY_OPTION_STALE_TIME_FUNC)) != NULL)
    {
      gint64 stale_time;

      _gq_option_closure_ref (closure);
      stale_time = ((GqQueryDurationFunc) closure->func) (query, closure->user_data);
      _gq_option_closure_unref (closure);

      return stale_time;
    }

  return priv->stale_time;
}

gint64
_gq_query_options_resolve_refetch_interval (GqQueryOptions *self,
                                            GqQuery        *query)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);
  OptionClosure *closure;

  g_assert (GQ_IS_QUERY_OPTIONS (self));

  if ((closure = get_closure (self, GQ_QUERY_OPTION_REFETCH_INTERVAL_FUNC)) != NULL)
    {
      gint64 interval;

      _gq_option_closure_ref (closure);
      interval = ((GqQueryDurationFunc) closure->func) (query, closure->user_data);
      _gq_option_closure_unref (closure);

      return interval;
    }

  return priv->refetch_interval;
}

GqRefetchMode
_gq_query_options_resolve_refetch_on_reconnect (GqQueryOptions *self)
{
  GqQueryOptionsPrivate *priv = gq_query_options_get_instance_private (self);

  g_assert (GQ_IS_QUERY_OPTIONS (self));

  if (_gq_query_options_is_set (self, GQ_QUERY_OPTION_REFETCH_ON_RECONNECT))
    return priv->refetch_on_reconnect;

  return priv->network_mode == GQ_NETWORK_MODE_ALWAYS ? GQ_REFETCH_NEVER : GQ_REFETCH_IF_STALE;
}
