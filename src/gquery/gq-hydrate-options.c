/* gq-hydrate-options.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-hydrate-options.h"
#include "gq-hydrate-options-private.h"
#include "gq-mutation-options.h"
#include "gq-query-options.h"

/**
 * GqHydrateOptions:
 *
 * How [func@Gq.hydrate] builds what it restores: TanStack Query's
 * `HydrateOptions`.
 *
 * Functions are not part of a dehydrated state, so the queries and
 * mutations it restores get their options from the client (its defaults,
 * its query and mutation defaults by key, see
 * [method@Gq.QueryClient.set_mutation_defaults]) and from the default
 * options set here, which win over the client's. The defaults of the
 * client's own hydrate options
 * ([method@Gq.QueryClient.set_default_hydrate_options]) come first, then
 * these.
 */

struct _GqHydrateOptions
{
  GObject            parent_instance;

  GqQueryOptions    *default_query_options;
  GqMutationOptions *default_mutation_options;
  GqOptionClosure   *deserialize_data;
};

enum {
  PROP_0,
  PROP_DEFAULT_QUERY_OPTIONS,
  PROP_DEFAULT_MUTATION_OPTIONS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (GqHydrateOptions, gq_hydrate_options, G_TYPE_OBJECT)

static void
gq_hydrate_options_finalize (GObject *object)
{
  GqHydrateOptions *self = (GqHydrateOptions *)object;

  g_clear_object (&self->default_query_options);
  g_clear_object (&self->default_mutation_options);
  g_clear_pointer (&self->deserialize_data, _gq_option_closure_unref);

  G_OBJECT_CLASS (gq_hydrate_options_parent_class)->finalize (object);
}

static void
gq_hydrate_options_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GqHydrateOptions *self = GQ_HYDRATE_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_DEFAULT_QUERY_OPTIONS:
      g_value_set_object (value, self->default_query_options);
      break;

    case PROP_DEFAULT_MUTATION_OPTIONS:
      g_value_set_object (value, self->default_mutation_options);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_hydrate_options_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GqHydrateOptions *self = GQ_HYDRATE_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_DEFAULT_QUERY_OPTIONS:
      gq_hydrate_options_set_default_query_options (self, g_value_get_object (value));
      break;

    case PROP_DEFAULT_MUTATION_OPTIONS:
      gq_hydrate_options_set_default_mutation_options (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_hydrate_options_class_init (GqHydrateOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gq_hydrate_options_finalize;
  object_class->get_property = gq_hydrate_options_get_property;
  object_class->set_property = gq_hydrate_options_set_property;

  /**
   * GqHydrateOptions:default-query-options:
   *
   * Options every restored query is built with (TanStack's
   * `defaultOptions.queries`), such as a gc time or a retry count.
   */
  properties [PROP_DEFAULT_QUERY_OPTIONS] =
    g_param_spec_object ("default-query-options", NULL, NULL,
                         GQ_TYPE_QUERY_OPTIONS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GqHydrateOptions:default-mutation-options:
   *
   * Options every restored mutation is built with (TanStack's
   * `defaultOptions.mutations`).
   */
  properties [PROP_DEFAULT_MUTATION_OPTIONS] =
    g_param_spec_object ("default-mutation-options", NULL, NULL,
                         GQ_TYPE_MUTATION_OPTIONS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_hydrate_options_init (GqHydrateOptions *self)
{
}

GqOptionClosure *
_gq_hydrate_options_lookup_deserialize (GqHydrateOptions *self,
                                        GqHydrateOptions *fallback)
{
  if (self != NULL && self->deserialize_data != NULL)
    return self->deserialize_data;
  if (fallback != NULL)
    return fallback->deserialize_data;

  return NULL;
}

/**
 * gq_hydrate_options_new:
 *
 * Creates options with nothing set.
 *
 * Returns: (transfer full): new options
 */
GqHydrateOptions *
gq_hydrate_options_new (void)
{
  return g_object_new (GQ_TYPE_HYDRATE_OPTIONS, NULL);
}

/**
 * gq_hydrate_options_get_default_query_options:
 * @self: options
 *
 * Gets the options restored queries are built with.
 *
 * Returns: (transfer none) (nullable): the options
 */
GqQueryOptions *
gq_hydrate_options_get_default_query_options (GqHydrateOptions *self)
{
  g_return_val_if_fail (GQ_IS_HYDRATE_OPTIONS (self), NULL);

  return self->default_query_options;
}

/**
 * gq_hydrate_options_set_default_query_options:
 * @self: options
 * @options: (nullable): the options restored queries are built with
 *
 * Sets [property@Gq.HydrateOptions:default-query-options].
 */
void
gq_hydrate_options_set_default_query_options (GqHydrateOptions *self,
                                              GqQueryOptions   *options)
{
  g_return_if_fail (GQ_IS_HYDRATE_OPTIONS (self));
  g_return_if_fail (options == NULL || GQ_IS_QUERY_OPTIONS (options));

  if (g_set_object (&self->default_query_options, options))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEFAULT_QUERY_OPTIONS]);
}

/**
 * gq_hydrate_options_get_default_mutation_options:
 * @self: options
 *
 * Gets the options restored mutations are built with.
 *
 * Returns: (transfer none) (nullable): the options
 */
GqMutationOptions *
gq_hydrate_options_get_default_mutation_options (GqHydrateOptions *self)
{
  g_return_val_if_fail (GQ_IS_HYDRATE_OPTIONS (self), NULL);

  return self->default_mutation_options;
}

/**
 * gq_hydrate_options_set_default_mutation_options:
 * @self: options
 * @options: (nullable): the options restored mutations are built with
 *
 * Sets [property@Gq.HydrateOptions:default-mutation-options].
 */
void
gq_hydrate_options_set_default_mutation_options (GqHydrateOptions  *self,
                                                 GqMutationOptions *options)
{
  g_return_if_fail (GQ_IS_HYDRATE_OPTIONS (self));
  g_return_if_fail (options == NULL || GQ_IS_MUTATION_OPTIONS (options));

  if (g_set_object (&self->default_mutation_options, options))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEFAULT_MUTATION_OPTIONS]);
}

/**
 * gq_hydrate_options_set_deserialize_data_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   maps each restored query's data to what the cache holds; %NULL unsets
 *   it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets the inverse of [method@Gq.DehydrateOptions.set_serialize_data_func],
 * TanStack's `deserializeData`.
 */
void
gq_hydrate_options_set_deserialize_data_func (GqHydrateOptions    *self,
                                              GqDataTransformFunc  func,
                                              gpointer             user_data,
                                              GDestroyNotify       destroy)
{
  g_return_if_fail (GQ_IS_HYDRATE_OPTIONS (self));

  g_clear_pointer (&self->deserialize_data, _gq_option_closure_unref);

  if (func != NULL)
    self->deserialize_data = _gq_option_closure_new (G_CALLBACK (func), user_data, destroy);
  else if (destroy != NULL)
    destroy (user_data);
}
