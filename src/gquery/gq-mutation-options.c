/* gq-mutation-options.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-mutation-options.h"
#include "gq-mutation-options-private.h"
#include "gq-enum-types.h"
#include "gq-json.h"
#include "gq-retryer-private.h"

/**
 * GqMutationOptions:
 *
 * The options of a mutation, as TanStack Query's `useMutation` takes them:
 * the mutation function, the callbacks around it, and how it is retried,
 * scheduled and kept.
 *
 * Every plain option is a property (`mutation-key`, `scope-id`, `retry`,
 * `retry-delay`, `network-mode`, `gc-time`, `meta`), so the options can be
 * built in one call with g_object_new() or, from Python,
 * `Gq.MutationOptions(mutation_key=key, retry=2)`. Function-valued options
 * have setters such as [method@Gq.MutationOptions.set_mutation_func].
 *
 * The callbacks are synchronous: where TanStack awaits the promise a
 * callback returns, the engine moves on when the callback returns. A
 * callback that fails reports a [struct@GLib.Error] instead of throwing.
 *
 * The options remember which of them were set explicitly (see
 * [method@Gq.MutationOptions.is_set]): only those override the defaults
 * of the client and of [method@Gq.QueryClient.set_mutation_defaults].
 */

#define DEFAULT_GC_TIME       ((gint64) 5 * 60 * 1000)
#define DEFAULT_RETRY         0

#define OPTION_BIT(option)    (((guint32) 1) << (option))
#define N_CLOSURES            (GQ_MUTATION_OPTION_LAST - GQ_MUTATION_OPTION_MUTATION_FUNC)
#define CLOSURE_INDEX(option) ((option) - GQ_MUTATION_OPTION_MUTATION_FUNC)

G_STATIC_ASSERT (GQ_MUTATION_OPTION_LAST <= 32);

/* A function option with its data, shared by the copies and merges of an
 * options object: its data is destroyed once, by the last of them. */
typedef struct
{
  gatomicrefcount ref_count;
  GCallback       func;
  gpointer        user_data;
  GDestroyNotify  destroy;
} OptionClosure;

struct _GqMutationOptions
{
  GObject         parent_instance;

  guint32         set_mask;

  JsonNode       *mutation_key;
  char           *scope_id;
  JsonNode       *meta;
  gint64          retry_delay;
  gint64          gc_time;
  int             retry;
  GqNetworkMode   network_mode;

  OptionClosure  *closures[N_CLOSURES];
};

/* Property ids equal the GqMutationOption values. */
enum {
  PROP_0,
  PROP_MUTATION_KEY = GQ_MUTATION_OPTION_MUTATION_KEY,
  PROP_SCOPE_ID = GQ_MUTATION_OPTION_SCOPE_ID,
  PROP_RETRY = GQ_MUTATION_OPTION_RETRY,
  PROP_RETRY_DELAY = GQ_MUTATION_OPTION_RETRY_DELAY,
  PROP_NETWORK_MODE = GQ_MUTATION_OPTION_NETWORK_MODE,
  PROP_GC_TIME = GQ_MUTATION_OPTION_GC_TIME,
  PROP_META = GQ_MUTATION_OPTION_META,
  N_PROPS
};

G_STATIC_ASSERT ((int) N_PROPS == (int) GQ_MUTATION_OPTION_MUTATION_FUNC);

static GParamSpec *properties [N_PROPS];

static const char * const closure_names[N_CLOSURES] = {
  "mutation-func",
  "on-mutate-func",
  "on-success-func",
  "on-error-func",
  "on-settled-func",
  "retry-func",
  "retry-delay-func",
};

G_DEFINE_FINAL_TYPE (GqMutationOptions, gq_mutation_options, G_TYPE_OBJECT)

static OptionClosure *
option_closure_ref (OptionClosure *closure)
{
  g_atomic_ref_count_inc (&closure->ref_count);

  return closure;
}

static void
option_closure_unref (OptionClosure *closure)
{
  if (g_atomic_ref_count_dec (&closure->ref_count))
    {
      if (closure->destroy != NULL)
        closure->destroy (closure->user_data);
      g_free (closure);
    }
}

static inline OptionClosure *
get_closure (GqMutationOptions *self,
             GqMutationOption   option)
{
  g_assert (option >= GQ_MUTATION_OPTION_MUTATION_FUNC && option < GQ_MUTATION_OPTION_LAST);

  return self->closures[CLOSURE_INDEX (option)];
}

static void
set_closure (GqMutationOptions *self,
             GqMutationOption   option,
             GCallback          func,
             gpointer           user_data,
             GDestroyNotify     destroy)
{
  OptionClosure **slot = &self->closures[CLOSURE_INDEX (option)];

  g_clear_pointer (slot, option_closure_unref);

  if (func == NULL)
    {
      self->set_mask &= ~OPTION_BIT (option);
      /* The data comes with nothing to use it: free it rather than leak. */
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  *slot = g_new0 (OptionClosure, 1);
  g_atomic_ref_count_init (&(*slot)->ref_count);
  (*slot)->func = func;
  (*slot)->user_data = user_data;
  (*slot)->destroy = destroy;
  self->set_mask |= OPTION_BIT (option);
}

static void
share_closure (GqMutationOptions *self,
               GqMutationOption   option,
               OptionClosure     *closure)
{
  OptionClosure **slot = &self->closures[CLOSURE_INDEX (option)];

  if (*slot == closure)
    return;

  option_closure_ref (closure);
  g_clear_pointer (slot, option_closure_unref);
  *slot = closure;
  self->set_mask |= OPTION_BIT (option);
}

static JsonNode **
json_field (GqMutationOptions *self,
            guint              prop_id)
{
  switch (prop_id)
    {
    case PROP_MUTATION_KEY:
      return &self->mutation_key;
    case PROP_META:
      return &self->meta;
    default:
      return NULL;
    }
}

static void
option_set (GqMutationOptions *self,
            GqMutationOption   option,
            gboolean           changed)
{
  self->set_mask |= OPTION_BIT (option);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[option]);
}

/* NULL means "not given", as `undefined` does in TanStack Query. */
static void
set_json (GqMutationOptions *self,
          GqMutationOption   option,
          JsonNode          *node)
{
  JsonNode **field = json_field (self, option);

  if (node == NULL)
    {
      self->set_mask &= ~OPTION_BIT (option);
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
gq_mutation_options_finalize (GObject *object)
{
  GqMutationOptions *self = (GqMutationOptions *)object;

  g_clear_pointer (&self->mutation_key, json_node_unref);
  g_clear_pointer (&self->scope_id, g_free);
  g_clear_pointer (&self->meta, json_node_unref);

  for (guint i = 0; i < N_CLOSURES; i++)
    g_clear_pointer (&self->closures[i], option_closure_unref);

  G_OBJECT_CLASS (gq_mutation_options_parent_class)->finalize (object);
}

static void
gq_mutation_options_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GqMutationOptions *self = GQ_MUTATION_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_MUTATION_KEY:
      g_value_set_boxed (value, self->mutation_key);
      break;

    case PROP_SCOPE_ID:
      g_value_set_string (value, self->scope_id);
      break;

    case PROP_RETRY:
      g_value_set_int (value, self->retry);
      break;

    case PROP_RETRY_DELAY:
      g_value_set_int64 (value, self->retry_delay);
      break;

    case PROP_NETWORK_MODE:
      g_value_set_enum (value, self->network_mode);
      break;

    case PROP_GC_TIME:
      g_value_set_int64 (value, self->gc_time);
      break;

    case PROP_META:
      g_value_set_boxed (value, self->meta);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_mutation_options_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GqMutationOptions *self = GQ_MUTATION_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_MUTATION_KEY:
      gq_mutation_options_set_mutation_key (self, g_value_get_boxed (value));
      break;

    case PROP_SCOPE_ID:
      gq_mutation_options_set_scope_id (self, g_value_get_string (value));
      break;

    case PROP_RETRY:
      gq_mutation_options_set_retry (self, g_value_get_int (value));
      break;

    case PROP_RETRY_DELAY:
      gq_mutation_options_set_retry_delay (self, g_value_get_int64 (value));
      break;

    case PROP_NETWORK_MODE:
      gq_mutation_options_set_network_mode (self, g_value_get_enum (value));
      break;

    case PROP_GC_TIME:
      gq_mutation_options_set_gc_time (self, g_value_get_int64 (value));
      break;

    case PROP_META:
      gq_mutation_options_set_meta (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_mutation_options_class_init (GqMutationOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gq_mutation_options_finalize;
  object_class->get_property = gq_mutation_options_get_property;
  object_class->set_property = gq_mutation_options_set_property;

  /**
   * GqMutationOptions:mutation-key:
   *
   * The mutation key, a JSON array such as `["todos", "add"]`: it selects
   * the defaults registered with [method@Gq.QueryClient.set_mutation_defaults]
   * and lets [class@Gq.MutationFilters] find the mutation. Setting %NULL
   * unsets it.
   */
  properties[PROP_MUTATION_KEY] =
    g_param_spec_boxed ("mutation-key", NULL, NULL,
                        JSON_TYPE_NODE,
                        flags);

  /**
   * GqMutationOptions:scope-id:
   *
   * Mutations with the same scope run one at a time, in the order they
   * were started; the ones waiting are paused. %NULL (the default) runs
   * the mutation at once, in parallel with others.
   */
  properties[PROP_SCOPE_ID] =
    g_param_spec_string ("scope-id", NULL, NULL,
                         NULL,
                         flags);

  /**
   * GqMutationOptions:retry:
   *
   * How many times a failed mutation is tried again; -1 retries forever.
   * Mutations are not retried by default.
   */
  properties[PROP_RETRY] =
    g_param_spec_int ("retry", NULL, NULL,
                      -1, G_MAXINT, DEFAULT_RETRY,
                      flags);

  /**
   * GqMutationOptions:retry-delay:
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
   * GqMutationOptions:network-mode:
   *
   * How the mutation reacts to the network going away: with
   * [enum@Gq.NetworkMode.ONLINE], a mutation started offline is paused
   * and resumes, in order, when the network comes back.
   */
  properties[PROP_NETWORK_MODE] =
    g_param_spec_enum ("network-mode", NULL, NULL,
                       GQ_TYPE_NETWORK_MODE,
                       GQ_NETWORK_MODE_ONLINE,
                       flags);

  /**
   * GqMutationOptions:gc-time:
   *
   * How long a finished mutation no observer watches stays in the
   * [class@Gq.MutationCache], in milliseconds (%GQ_TIME_INFINITE:
   * forever).
   */
  properties[PROP_GC_TIME] =
    g_param_spec_int64 ("gc-time", NULL, NULL,
                        0, G_MAXINT64, DEFAULT_GC_TIME,
                        flags);

  /**
   * GqMutationOptions:meta:
   *
   * Free-form JSON handed to the mutation function through its
   * [class@Gq.MutationContext].
   */
  properties[PROP_META] =
    g_param_spec_boxed ("meta", NULL, NULL,
                        JSON_TYPE_NODE,
                        flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_mutation_options_init (GqMutationOptions *self)
{
  self->retry = DEFAULT_RETRY;
  self->retry_delay = -1;
  self->gc_time = DEFAULT_GC_TIME;
  self->network_mode = GQ_NETWORK_MODE_ONLINE;
}

/**
 * gq_mutation_options_new:
 * @mutation_key: (nullable): the mutation key, a JSON array
 *
 * Creates options with nothing set but, if given, the key.
 *
 * Returns: (transfer full): new options
 */
GqMutationOptions *
gq_mutation_options_new (JsonNode *mutation_key)
{
  GqMutationOptions *self = g_object_new (GQ_TYPE_MUTATION_OPTIONS, NULL);

  if (mutation_key != NULL)
    gq_mutation_options_set_mutation_key (self, mutation_key);

  return self;
}

/**
 * gq_mutation_options_copy:
 * @self: options
 *
 * Copies @self: the copy has the same options set, with the same values.
 * Function options are shared with @self, not duplicated: their user data
 * is destroyed when neither needs it any more.
 *
 * Returns: (transfer full): a copy of @self
 */
GqMutationOptions *
gq_mutation_options_copy (GqMutationOptions *self)
{
  GqMutationOptions *copy;

  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (self), NULL);

  copy = g_object_new (GQ_TYPE_MUTATION_OPTIONS, NULL);
  _gq_mutation_options_apply (copy, self);

  return copy;
}

/**
 * gq_mutation_options_is_set:
 * @self: options
 * @property_name: the name of a property, such as `"retry"`, or of a
 *   function option: `"mutation-func"`, `"on-mutate-func"`,
 *   `"on-success-func"`, `"on-error-func"`, `"on-settled-func"`,
 *   `"retry-func"`, `"retry-delay-func"`
 *
 * Tells whether an option was set explicitly. Only set options override
 * the defaults. Setting a JSON, string or function option to %NULL unsets
 * it.
 *
 * Returns: %TRUE if the option is set
 */
gboolean
gq_mutation_options_is_set (GqMutationOptions *self,
                            const char        *property_name)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (self), FALSE);
  g_return_val_if_fail (property_name != NULL, FALSE);

  name = g_strdelimit (g_strdup (property_name), "_", '-');

  for (guint prop_id = 1; prop_id < N_PROPS; prop_id++)
    if (g_str_equal (name, g_param_spec_get_name (properties[prop_id])))
      return _gq_mutation_options_is_set (self, prop_id);

  for (guint i = 0; i < N_CLOSURES; i++)
    if (g_str_equal (name, closure_names[i]))
      return _gq_mutation_options_is_set (self, GQ_MUTATION_OPTION_MUTATION_FUNC + i);

  g_critical ("%s: GqMutationOptions has no option named “%s”", G_STRFUNC, property_name);

  return FALSE;
}

/**
 * gq_mutation_options_get_mutation_key:
 * @self: options
 *
 * Gets the mutation key.
 *
 * Returns: (transfer none) (nullable): the key, sealed
 */
JsonNode *
gq_mutation_options_get_mutation_key (GqMutationOptions *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (self), NULL);

  return self->mutation_key;
}

/**
 * gq_mutation_options_set_mutation_key:
 * @self: options
 * @mutation_key: (nullable): the key, a JSON array; %NULL unsets it
 *
 * Sets [property@Gq.MutationOptions:mutation-key]. A mutable node is
 * copied, a sealed one shared.
 */
void
gq_mutation_options_set_mutation_key (GqMutationOptions *self,
                                      JsonNode          *mutation_key)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  set_json (self, GQ_MUTATION_OPTION_MUTATION_KEY, mutation_key);
}

/**
 * gq_mutation_options_get_scope_id:
 * @self: options
 *
 * Gets the scope the mutation runs in.
 *
 * Returns: (nullable): the scope id
 */
const char *
gq_mutation_options_get_scope_id (GqMutationOptions *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (self), NULL);

  return self->scope_id;
}

/**
 * gq_mutation_options_set_scope_id:
 * @self: options
 * @scope_id: (nullable): the scope; %NULL unsets it
 *
 * Sets [property@Gq.MutationOptions:scope-id].
 */
void
gq_mutation_options_set_scope_id (GqMutationOptions *self,
                                  const char        *scope_id)
{
  gboolean changed;

  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  changed = g_strcmp0 (self->scope_id, scope_id) != 0;
  if (changed)
    {
      g_free (self->scope_id);
      self->scope_id = g_strdup (scope_id);
    }

  if (scope_id == NULL)
    {
      self->set_mask &= ~OPTION_BIT (GQ_MUTATION_OPTION_SCOPE_ID);
      if (changed)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE_ID]);
      return;
    }

  option_set (self, GQ_MUTATION_OPTION_SCOPE_ID, changed);
}

/**
 * gq_mutation_options_get_retry:
 * @self: options
 *
 * Gets how many times a failed mutation is retried.
 *
 * Returns: the retry count, -1 for forever
 */
int
gq_mutation_options_get_retry (GqMutationOptions *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (self), DEFAULT_RETRY);

  return self->retry;
}

/**
 * gq_mutation_options_set_retry:
 * @self: options
 * @retry: the retry count, -1 for forever
 *
 * Sets [property@Gq.MutationOptions:retry].
 */
void
gq_mutation_options_set_retry (GqMutationOptions *self,
                               int                retry)
{
  gboolean changed;

  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (retry >= -1);

  changed = self->retry != retry;
  self->retry = retry;
  option_set (self, GQ_MUTATION_OPTION_RETRY, changed);
}

/**
 * gq_mutation_options_get_retry_delay:
 * @self: options
 *
 * Gets the wait before each retry.
 *
 * Returns: the delay in milliseconds, -1 for the doubling default
 */
gint64
gq_mutation_options_get_retry_delay (GqMutationOptions *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (self), -1);

  return self->retry_delay;
}

/**
 * gq_mutation_options_set_retry_delay:
 * @self: options
 * @retry_delay: milliseconds, or -1 for the doubling default
 *
 * Sets [property@Gq.MutationOptions:retry-delay].
 */
void
gq_mutation_options_set_retry_delay (GqMutationOptions *self,
                                     gint64             retry_delay)
{
  gboolean changed;

  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (retry_delay >= -1);

  changed = self->retry_delay != retry_delay;
  self->retry_delay = retry_delay;
  option_set (self, GQ_MUTATION_OPTION_RETRY_DELAY, changed);
}

/**
 * gq_mutation_options_get_network_mode:
 * @self: options
 *
 * Gets how the mutation reacts to the network.
 *
 * Returns: the network mode
 */
GqNetworkMode
gq_mutation_options_get_network_mode (GqMutationOptions *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (self), GQ_NETWORK_MODE_ONLINE);

  return self->network_mode;
}

/**
 * gq_mutation_options_set_network_mode:
 * @self: options
 * @mode: the network mode
 *
 * Sets [property@Gq.MutationOptions:network-mode].
 */
void
gq_mutation_options_set_network_mode (GqMutationOptions *self,
                                      GqNetworkMode      mode)
{
  gboolean changed;

  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  changed = self->network_mode != mode;
  self->network_mode = mode;
  option_set (self, GQ_MUTATION_OPTION_NETWORK_MODE, changed);
}

/**
 * gq_mutation_options_get_gc_time:
 * @self: options
 *
 * Gets how long a finished, unobserved mutation is kept.
 *
 * Returns: the gc time in milliseconds
 */
gint64
gq_mutation_options_get_gc_time (GqMutationOptions *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (self), DEFAULT_GC_TIME);

  return self->gc_time;
}

/**
 * gq_mutation_options_set_gc_time:
 * @self: options
 * @gc_time: milliseconds, or %GQ_TIME_INFINITE
 *
 * Sets [property@Gq.MutationOptions:gc-time].
 */
void
gq_mutation_options_set_gc_time (GqMutationOptions *self,
                                 gint64             gc_time)
{
  gboolean changed;

  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (gc_time >= 0);

  changed = self->gc_time != gc_time;
  self->gc_time = gc_time;
  option_set (self, GQ_MUTATION_OPTION_GC_TIME, changed);
}

/**
 * gq_mutation_options_get_meta:
 * @self: options
 *
 * Gets the meta option.
 *
 * Returns: (transfer none) (nullable): the meta data, sealed
 */
JsonNode *
gq_mutation_options_get_meta (GqMutationOptions *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_OPTIONS (self), NULL);

  return self->meta;
}

/**
 * gq_mutation_options_set_meta:
 * @self: options
 * @meta: (nullable): the meta data; %NULL unsets it
 *
 * Sets [property@Gq.MutationOptions:meta].
 */
void
gq_mutation_options_set_meta (GqMutationOptions *self,
                              JsonNode          *meta)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  set_json (self, GQ_MUTATION_OPTION_META, meta);
}

/**
 * gq_mutation_options_set_mutation_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the mutation function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets the function that performs the mutation. A mutation that has none,
 * in its options nor in the client's defaults, fails with
 * %GQ_ERROR_MISSING_MUTATION_FUNC.
 */
void
gq_mutation_options_set_mutation_func (GqMutationOptions *self,
                                       GqMutationFunc     func,
                                       gpointer           user_data,
                                       GDestroyNotify     destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  set_closure (self, GQ_MUTATION_OPTION_MUTATION_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_mutation_options_set_on_mutate_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the callback; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets the callback that runs before the mutation function (after the
 * cache's). What it returns is the mutation's context. It runs even when
 * the mutation is paused, offline or waiting for its scope.
 */
void
gq_mutation_options_set_on_mutate_func (GqMutationOptions      *self,
                                        GqMutationOnMutateFunc  func,
                                        gpointer                user_data,
                                        GDestroyNotify          destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  set_closure (self, GQ_MUTATION_OPTION_ON_MUTATE_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_mutation_options_set_on_success_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the callback; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets the callback that runs when the mutation function succeeded, after
 * the cache's.
 */
void
gq_mutation_options_set_on_success_func (GqMutationOptions       *self,
                                         GqMutationOnSuccessFunc  func,
                                         gpointer                 user_data,
                                         GDestroyNotify           destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  set_closure (self, GQ_MUTATION_OPTION_ON_SUCCESS_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_mutation_options_set_on_error_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the callback; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets the callback that runs when the mutation failed, after the
 * cache's: the place to roll back an optimistic update.
 */
void
gq_mutation_options_set_on_error_func (GqMutationOptions     *self,
                                       GqMutationOnErrorFunc  func,
                                       gpointer               user_data,
                                       GDestroyNotify         destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  set_closure (self, GQ_MUTATION_OPTION_ON_ERROR_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_mutation_options_set_on_settled_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the callback; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets the callback that runs after the success or error callbacks,
 * whatever the outcome, after the cache's: the place to invalidate the
 * queries the mutation changed.
 */
void
gq_mutation_options_set_on_settled_func (GqMutationOptions       *self,
                                         GqMutationOnSettledFunc  func,
                                         gpointer                 user_data,
                                         GDestroyNotify           destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  set_closure (self, GQ_MUTATION_OPTION_ON_SETTLED_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_mutation_options_set_retry_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the retry policy; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a function deciding whether a failed mutation is retried. It takes
 * precedence over [property@Gq.MutationOptions:retry] set on the
 * same options; a value set on options laid over these (a mutation's over
 * the client's defaults) replaces it.
 */
void
gq_mutation_options_set_retry_func (GqMutationOptions *self,
                                    GqRetryFunc        func,
                                    gpointer           user_data,
                                    GDestroyNotify     destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  set_closure (self, GQ_MUTATION_OPTION_RETRY_FUNC, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_mutation_options_set_retry_delay_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the delay function; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a function computing the wait before each retry. It takes
 * precedence over [property@Gq.MutationOptions:retry-delay] set on the
 * same options; a value set on options laid over these (a mutation's over
 * the client's defaults) replaces it.
 */
void
gq_mutation_options_set_retry_delay_func (GqMutationOptions *self,
                                          GqRetryDelayFunc   func,
                                          gpointer           user_data,
                                          GDestroyNotify     destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));

  set_closure (self, GQ_MUTATION_OPTION_RETRY_DELAY_FUNC, G_CALLBACK (func), user_data, destroy);
}

/* Private API */

gboolean
_gq_mutation_options_is_set (GqMutationOptions *self,
                             GqMutationOption   option)
{
  g_assert (GQ_IS_MUTATION_OPTIONS (self));
  g_assert (option > 0 && option < GQ_MUTATION_OPTION_LAST);

  return (self->set_mask & OPTION_BIT (option)) != 0;
}

static void
peek_value (GqMutationOptions *self,
            guint              prop_id,
            GValue            *value)
{
  JsonNode **field = json_field (self, prop_id);

  if (field != NULL)
    g_value_set_static_boxed (value, *field);
  else
    gq_mutation_options_get_property (G_OBJECT (self), prop_id, value, properties[prop_id]);
}

void
_gq_mutation_options_apply (GqMutationOptions *self,
                            GqMutationOptions *over)
{
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (over == NULL || GQ_IS_MUTATION_OPTIONS (over));

  if (over == NULL || over == self)
    return;

  for (guint prop_id = 1; prop_id < N_PROPS; prop_id++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      GParamSpec *pspec = properties[prop_id];

      if ((over->set_mask & OPTION_BIT (prop_id)) == 0)
        continue;

      g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
      peek_value (over, prop_id, &value);
      gq_mutation_options_set_property (G_OBJECT (self), prop_id, &value, pspec);
    }

  for (guint option = GQ_MUTATION_OPTION_MUTATION_FUNC; option < GQ_MUTATION_OPTION_LAST; option++)
    {
      OptionClosure *closure = get_closure (over, option);

      if (closure != NULL)
        share_closure (self, option, closure);
    }

  /* TanStack's retry and retryDelay are each one option, a number or a
   * function: a number laid over a function replaces it. */
  if (_gq_mutation_options_is_set (over, GQ_MUTATION_OPTION_RETRY) &&
      !_gq_mutation_options_is_set (over, GQ_MUTATION_OPTION_RETRY_FUNC))
    set_closure (self, GQ_MUTATION_OPTION_RETRY_FUNC, NULL, NULL, NULL);
  if (_gq_mutation_options_is_set (over, GQ_MUTATION_OPTION_RETRY_DELAY) &&
      !_gq_mutation_options_is_set (over, GQ_MUTATION_OPTION_RETRY_DELAY_FUNC))
    set_closure (self, GQ_MUTATION_OPTION_RETRY_DELAY_FUNC, NULL, NULL, NULL);
}

static gboolean
same_closure (OptionClosure *a,
              OptionClosure *b)
{
  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL)
    return FALSE;

  return a->func == b->func && a->user_data == b->user_data;
}

gboolean
_gq_mutation_options_shallow_equal (GqMutationOptions *a,
                                    GqMutationOptions *b)
{
  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL)
    return FALSE;

  if (a->set_mask != b->set_mask)
    return FALSE;

  for (guint prop_id = 1; prop_id < N_PROPS; prop_id++)
    {
      g_auto(GValue) value_a = G_VALUE_INIT;
      g_auto(GValue) value_b = G_VALUE_INIT;
      GParamSpec *pspec = properties[prop_id];
      JsonNode **node_a;

      if ((a->set_mask & OPTION_BIT (prop_id)) == 0)
        continue;

      /* Keys and meta are rebuilt as fresh nodes all the time: compare
       * them by value. */
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
    if (!same_closure (a->closures[i], b->closures[i]))
      return FALSE;

  return TRUE;
}

gboolean
_gq_mutation_options_has_mutation_func (GqMutationOptions *self)
{
  g_assert (GQ_IS_MUTATION_OPTIONS (self));

  return get_closure (self, GQ_MUTATION_OPTION_MUTATION_FUNC) != NULL;
}

void
_gq_mutation_options_call_mutation_func (GqMutationOptions *self,
                                         GqMutationContext *context)
{
  OptionClosure *closure;

  g_assert (GQ_IS_MUTATION_OPTIONS (self));

  if ((closure = get_closure (self, GQ_MUTATION_OPTION_MUTATION_FUNC)) == NULL)
    return;

  /* The function may replace the options it belongs to. */
  option_closure_ref (closure);
  ((GqMutationFunc) closure->func) (context, closure->user_data);
  option_closure_unref (closure);
}

/* A callback that returned with a NULL error succeeded. */
static gboolean
check_callback (GError  *local_error,
                GError **error)
{
  if (local_error == NULL)
    return TRUE;

  g_propagate_error (error, local_error);

  return FALSE;
}

gboolean
_gq_mutation_options_call_on_mutate (GqMutationOptions  *self,
                                     GqMutation         *mutation,
                                     JsonNode           *variables,
                                     JsonNode          **context,
                                     GError            **error)
{
  OptionClosure *closure;
  GError *local_error = NULL;
  JsonNode *result;

  g_assert (GQ_IS_MUTATION_OPTIONS (self));
  g_assert (context != NULL);

  *context = NULL;

  if ((closure = get_closure (self, GQ_MUTATION_OPTION_ON_MUTATE_FUNC)) == NULL)
    return TRUE;

  option_closure_ref (closure);
  result = ((GqMutationOnMutateFunc) closure->func) (mutation, variables, closure->user_data,
                                                     &local_error);
  option_closure_unref (closure);

  if (!check_callback (local_error, error))
    {
      g_clear_pointer (&result, json_node_unref);
      return FALSE;
    }

  if (result != NULL)
    json_node_seal (result);
  *context = result;

  return TRUE;
}

gboolean
_gq_mutation_options_call_on_success (GqMutationOptions  *self,
                                      GqMutation         *mutation,
                                      JsonNode           *data,
                                      JsonNode           *variables,
                                      JsonNode           *context,
                                      GError            **error)
{
  OptionClosure *closure;
  GError *local_error = NULL;

  g_assert (GQ_IS_MUTATION_OPTIONS (self));

  if ((closure = get_closure (self, GQ_MUTATION_OPTION_ON_SUCCESS_FUNC)) == NULL)
    return TRUE;

  option_closure_ref (closure);
  ((GqMutationOnSuccessFunc) closure->func) (mutation, data, variables, context,
                                             closure->user_data, &local_error);
  option_closure_unref (closure);

  return check_callback (local_error, error);
}

gboolean
_gq_mutation_options_call_on_error (GqMutationOptions  *self,
                                    GqMutation         *mutation,
                                    const GError       *failure,
                                    JsonNode           *variables,
                                    JsonNode           *context,
                                    GError            **error)
{
  OptionClosure *closure;
  GError *local_error = NULL;

  g_assert (GQ_IS_MUTATION_OPTIONS (self));

  if ((closure = get_closure (self, GQ_MUTATION_OPTION_ON_ERROR_FUNC)) == NULL)
    return TRUE;

  option_closure_ref (closure);
  ((GqMutationOnErrorFunc) closure->func) (mutation, failure, variables, context,
                                           closure->user_data, &local_error);
  option_closure_unref (closure);

  return check_callback (local_error, error);
}

gboolean
_gq_mutation_options_call_on_settled (GqMutationOptions  *self,
                                      GqMutation         *mutation,
                                      JsonNode           *data,
                                      const GError       *failure,
                                      JsonNode           *variables,
                                      JsonNode           *context,
                                      GError            **error)
{
  OptionClosure *closure;
  GError *local_error = NULL;

  g_assert (GQ_IS_MUTATION_OPTIONS (self));

  if ((closure = get_closure (self, GQ_MUTATION_OPTION_ON_SETTLED_FUNC)) == NULL)
    return TRUE;

  option_closure_ref (closure);
  ((GqMutationOnSettledFunc) closure->func) (mutation, data, failure, variables, context,
                                             closure->user_data, &local_error);
  option_closure_unref (closure);

  return check_callback (local_error, error);
}

gboolean
_gq_mutation_options_should_retry (GqMutationOptions *self,
                                   guint              failure_count,
                                   const GError      *error)
{
  OptionClosure *closure;

  g_assert (GQ_IS_MUTATION_OPTIONS (self));

  if ((closure = get_closure (self, GQ_MUTATION_OPTION_RETRY_FUNC)) != NULL)
    {
      gboolean ret;

      option_closure_ref (closure);
      ret = ((GqRetryFunc) closure->func) (failure_count, error, closure->user_data);
      option_closure_unref (closure);

      return ret;
    }

  if (self->retry < 0)
    return TRUE;

  return failure_count < (guint) self->retry;
}

gint64
_gq_mutation_options_compute_retry_delay (GqMutationOptions *self,
                                          guint              failure_count,
                                          const GError      *error)
{
  OptionClosure *closure;

  g_assert (GQ_IS_MUTATION_OPTIONS (self));

  if ((closure = get_closure (self, GQ_MUTATION_OPTION_RETRY_DELAY_FUNC)) != NULL)
    {
      gint64 delay;

      option_closure_ref (closure);
      delay = ((GqRetryDelayFunc) closure->func) (failure_count, error, closure->user_data);
      option_closure_unref (closure);

      return delay;
    }

  if (self->retry_delay >= 0)
    return _gq_retryer_honour_retry_after (self->retry_delay, error);

  return _gq_retryer_honour_retry_after (_gq_retryer_default_delay (failure_count), error);
}
