/* gq-mutation-filters.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-mutation-filters.h"
#include "gq-mutation-filters-private.h"
#include "gq-enum-types.h"
#include "gq-json.h"
#include "gq-key.h"
#include "gq-mutation.h"
#include "gq-mutation-options.h"
#include "gq-mutation-state.h"

/**
 * GqMutationFilters:
 *
 * Selects mutations of a [class@Gq.MutationCache], for
 * [method@Gq.MutationCache.find_all] and
 * [method@Gq.QueryClient.is_mutating].
 *
 * A mutation matches when it passes every filter that is set: its key (a
 * prefix match, or an exact one with
 * [property@Gq.MutationFilters:exact]; a mutation without a key never
 * matches a key filter), its status, and a predicate. Filters with nothing
 * set match every mutation.
 */

typedef struct
{
  gatomicrefcount     ref_count;
  GqMutationPredicate func;
  gpointer            user_data;
  GDestroyNotify      destroy;
} PredicateClosure;

struct _GqMutationFilters
{
  GObject           parent_instance;

  JsonNode         *mutation_key;
  char             *mutation_hash;
  PredicateClosure *predicate;
  GqMutationStatus  status;

  guint             exact : 1;
  guint             has_exact : 1;
  guint             has_status : 1;
};

enum {
  PROP_0,
  PROP_MUTATION_KEY,
  PROP_EXACT,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (GqMutationFilters, gq_mutation_filters, G_TYPE_OBJECT)

static PredicateClosure *
predicate_closure_ref (PredicateClosure *closure)
{
  g_atomic_ref_count_inc (&closure->ref_count);

  return closure;
}

static void
predicate_closure_unref (PredicateClosure *closure)
{
  if (g_atomic_ref_count_dec (&closure->ref_count))
    {
      if (closure->destroy != NULL)
        closure->destroy (closure->user_data);
      g_free (closure);
    }
}

static void
gq_mutation_filters_finalize (GObject *object)
{
  GqMutationFilters *self = (GqMutationFilters *)object;

  g_clear_pointer (&self->mutation_key, json_node_unref);
  g_clear_pointer (&self->mutation_hash, g_free);
  g_clear_pointer (&self->predicate, predicate_closure_unref);

  G_OBJECT_CLASS (gq_mutation_filters_parent_class)->finalize (object);
}

static void
gq_mutation_filters_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GqMutationFilters *self = GQ_MUTATION_FILTERS (object);

  switch (prop_id)
    {
    case PROP_MUTATION_KEY:
      g_value_set_boxed (value, self->mutation_key);
      break;

    case PROP_EXACT:
      g_value_set_boolean (value, self->exact);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_mutation_filters_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GqMutationFilters *self = GQ_MUTATION_FILTERS (object);

  switch (prop_id)
    {
    case PROP_MUTATION_KEY:
      gq_mutation_filters_set_mutation_key (self, g_value_get_boxed (value));
      break;

    case PROP_EXACT:
      gq_mutation_filters_set_exact (self, g_value_get_boolean (value));
      break;

    case PROP_STATUS:
      gq_mutation_filters_set_status (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_mutation_filters_class_init (GqMutationFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gq_mutation_filters_finalize;
  object_class->get_property = gq_mutation_filters_get_property;
  object_class->set_property = gq_mutation_filters_set_property;

  /**
   * GqMutationFilters:mutation-key:
   *
   * The key to match: a prefix of the mutation's key, or, with
   * [property@Gq.MutationFilters:exact], the same key. %NULL matches
   * every mutation, with or without a key.
   */
  properties[PROP_MUTATION_KEY] =
    g_param_spec_boxed ("mutation-key", NULL, NULL,
                        JSON_TYPE_NODE,
                        flags);

  /**
   * GqMutationFilters:exact:
   *
   * Whether [property@Gq.MutationFilters:mutation-key] must equal the
   * mutation's key rather than be a prefix of it.
   */
  properties[PROP_EXACT] =
    g_param_spec_boolean ("exact", NULL, NULL,
                          FALSE,
                          flags);

  /**
   * GqMutationFilters:status:
   *
   * The status a mutation must have to match. It filters only once set;
   * see [method@Gq.MutationFilters.lookup_status].
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       GQ_TYPE_MUTATION_STATUS,
                       GQ_MUTATION_STATUS_IDLE,
                       flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_mutation_filters_init (GqMutationFilters *self)
{
  self->status = GQ_MUTATION_STATUS_IDLE;
}

/**
 * gq_mutation_filters_new:
 * @mutation_key: (nullable): the key to match as a prefix, or %NULL
 *
 * Creates filters matching the mutations whose key starts with
 * @mutation_key, or every mutation if @mutation_key is %NULL.
 *
 * Returns: (transfer full): new filters
 */
GqMutationFilters *
gq_mutation_filters_new (JsonNode *mutation_key)
{
  GqMutationFilters *self = g_object_new (GQ_TYPE_MUTATION_FILTERS, NULL);

  if (mutation_key != NULL)
    gq_mutation_filters_set_mutation_key (self, mutation_key);

  return self;
}

/**
 * gq_mutation_filters_get_mutation_key:
 * @self: filters
 *
 * Gets the key to match.
 *
 * Returns: (transfer none) (nullable): the key, sealed
 */
JsonNode *
gq_mutation_filters_get_mutation_key (GqMutationFilters *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_FILTERS (self), NULL);

  return self->mutation_key;
}

/**
 * gq_mutation_filters_set_mutation_key:
 * @self: filters
 * @mutation_key: (nullable): the key, a JSON array, or %NULL to match
 *   every mutation
 *
 * Sets [property@Gq.MutationFilters:mutation-key].
 */
void
gq_mutation_filters_set_mutation_key (GqMutationFilters *self,
                                      JsonNode          *mutation_key)
{
  g_return_if_fail (GQ_IS_MUTATION_FILTERS (self));

  if (self->mutation_key == mutation_key)
    return;

  g_clear_pointer (&self->mutation_key, json_node_unref);
  g_clear_pointer (&self->mutation_hash, g_free);
  if (mutation_key != NULL)
    self->mutation_key = gq_json_seal_copy (mutation_key);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTATION_KEY]);
}

/**
 * gq_mutation_filters_get_exact:
 * @self: filters
 *
 * Gets whether the key must match exactly.
 *
 * Returns: the value of [property@Gq.MutationFilters:exact]
 */
gboolean
gq_mutation_filters_get_exact (GqMutationFilters *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_FILTERS (self), FALSE);

  return self->exact;
}

/**
 * gq_mutation_filters_set_exact:
 * @self: filters
 * @exact: whether the key must match exactly
 *
 * Sets [property@Gq.MutationFilters:exact].
 */
void
gq_mutation_filters_set_exact (GqMutationFilters *self,
                               gboolean           exact)
{
  g_return_if_fail (GQ_IS_MUTATION_FILTERS (self));

  exact = !!exact;
  self->has_exact = TRUE;

  if (self->exact == (guint) exact)
    return;

  self->exact = exact;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXACT]);
}

/**
 * gq_mutation_filters_lookup_status:
 * @self: filters
 * @status: (out) (optional): where to store the status
 *
 * Gets the status a mutation must have, if one was set.
 *
 * Returns: %TRUE if the status filters
 */
gboolean
gq_mutation_filters_lookup_status (GqMutationFilters *self,
                                   GqMutationStatus  *status)
{
  g_return_val_if_fail (GQ_IS_MUTATION_FILTERS (self), FALSE);

  if (status != NULL)
    *status = self->status;

  return self->has_status;
}

/**
 * gq_mutation_filters_set_status:
 * @self: filters
 * @status: the status a mutation must have
 *
 * Sets [property@Gq.MutationFilters:status]: from now on, only mutations
 * with @status match.
 */
void
gq_mutation_filters_set_status (GqMutationFilters *self,
                                GqMutationStatus   status)
{
  g_return_if_fail (GQ_IS_MUTATION_FILTERS (self));

  self->has_status = TRUE;

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/**
 * gq_mutation_filters_set_predicate:
 * @self: filters
 * @predicate: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the test a mutation must pass; %NULL removes it
 * @user_data: data for @predicate
 * @destroy: (nullable): frees @user_data when @predicate is no longer
 *   needed
 *
 * Sets a test every matching mutation must pass, after the other filters.
 */
void
gq_mutation_filters_set_predicate (GqMutationFilters   *self,
                                   GqMutationPredicate  predicate,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  g_return_if_fail (GQ_IS_MUTATION_FILTERS (self));

  g_clear_pointer (&self->predicate, predicate_closure_unref);

  if (predicate == NULL)
    {
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  self->predicate = g_new0 (PredicateClosure, 1);
  g_atomic_ref_count_init (&self->predicate->ref_count);
  self->predicate->func = predicate;
  self->predicate->user_data = user_data;
  self->predicate->destroy = destroy;
}

/**
 * gq_mutation_filters_matches:
 * @self: filters
 * @mutation: a mutation
 *
 * Tells whether @mutation passes every filter that is set.
 *
 * Returns: %TRUE if @mutation matches
 */
gboolean
gq_mutation_filters_matches (GqMutationFilters *self,
                             GqMutation        *mutation)
{
  g_return_val_if_fail (GQ_IS_MUTATION_FILTERS (self), FALSE);
  g_return_val_if_fail (GQ_IS_MUTATION (mutation), FALSE);

  if (self->mutation_key != NULL)
    {
      JsonNode *key = gq_mutation_options_get_mutation_key (gq_mutation_get_options (mutation));

      if (key == NULL)
        return FALSE;

      if (self->exact)
        {
          g_autofree char *hash = gq_key_hash (key);

          if (self->mutation_hash == NULL)
            self->mutation_hash = gq_key_hash (self->mutation_key);

          if (g_strcmp0 (hash, self->mutation_hash) != 0)
            return FALSE;
        }
      else if (!gq_key_partial_match (key, self->mutation_key))
        {
          return FALSE;
        }
    }

  if (self->has_status &&
      gq_mutation_state_get_status (gq_mutation_get_state (mutation)) != self->status)
    return FALSE;

  if (self->predicate != NULL)
    {
      PredicateClosure *closure = predicate_closure_ref (self->predicate);
      gboolean passes;

      /* The predicate may drop the filters it belongs to. */
      passes = closure->func (mutation, closure->user_data);
      predicate_closure_unref (closure);

      if (!passes)
        return FALSE;
    }

  return TRUE;
}

gboolean
_gq_mutation_filters_has_exact (GqMutationFilters *self)
{
  return self != NULL && self->has_exact;
}

GqMutationFilters *
_gq_mutation_filters_copy (GqMutationFilters *self)
{
  GqMutationFilters *copy = gq_mutation_filters_new (NULL);

  if (self == NULL)
    return copy;

  copy->mutation_key = self->mutation_key ? json_node_ref (self->mutation_key) : NULL;
  copy->exact = self->exact;
  copy->has_exact = self->has_exact;
  copy->status = self->status;
  copy->has_status = self->has_status;
  copy->predicate = self->predicate ? predicate_closure_ref (self->predicate) : NULL;

  return copy;
}
