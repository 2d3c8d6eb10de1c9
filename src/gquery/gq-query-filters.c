/* gq-query-filters.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-filters.h"
#include "gq-query-filters-private.h"
#include "gq-enum-types.h"
#include "gq-json.h"
#include "gq-key.h"
#include "gq-key-private.h"
#include "gq-query.h"
#include "gq-query-state.h"

/**
 * GqQueryFilters:
 *
 * Selects queries of a [class@Gq.QueryCache], for the operations of
 * [class@Gq.QueryClient] that act on many queries at once (invalidate,
 * refetch, cancel, remove, reset) and for [method@Gq.QueryCache.find_all].
 *
 * A query matches when it passes every filter that is set: its key
 * (a prefix match, or an exact one with [property@Gq.QueryFilters:exact]),
 * whether it is active, whether it is stale, its fetch status, and a
 * predicate. Filters with nothing set match every query.
 */

typedef struct
{
  gatomicrefcount  ref_count;
  GqQueryPredicate func;
  gpointer         user_data;
  GDestroyNotify   destroy;
} PredicateClosure;

struct _GqQueryFilters
{
  GObject           parent_instance;

  JsonNode         *query_key;
  /* Elements of query_key when it is an array, else 0. */
  guint             key_length;
  /* Hash of query_key, computed on the first exact match. */
  char             *query_hash;

  PredicateClosure *predicate;

  GqQueryType       query_type;
  GqFetchStatus     fetch_status;
  GqRefetchType     refetch_type;

  guint             exact : 1;
  guint             has_exact : 1;
  guint             stale : 1;
  guint             has_query_type : 1;
  guint             has_stale : 1;
  guint             has_fetch_status : 1;
  guint             has_refetch_type : 1;
};

enum {
  PROP_0,
  PROP_QUERY_KEY,
  PROP_EXACT,
  PROP_QUERY_TYPE,
  PROP_STALE,
  PROP_FETCH_STATUS,
  PROP_REFETCH_TYPE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (GqQueryFilters, gq_query_filters, G_TYPE_OBJECT)

static PredicateClosure *
predicate_closure_new (GqQueryPredicate func,
                       gpointer         user_data,
                       GDestroyNotify   destroy)
{
  PredicateClosure *closure;

  closure = g_new0 (PredicateClosure, 1);
  g_atomic_ref_count_init (&closure->ref_count);
  closure->func = func;
  closure->user_data = user_data;
  closure->destroy = destroy;

  return closure;
}

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
replace_predicate (PredicateClosure **slot,
                   GqQueryPredicate   func,
                   gpointer           user_data,
                   GDestroyNotify     destroy)
{
  g_clear_pointer (slot, predicate_closure_unref);

  if (func != NULL)
    *slot = predicate_closure_new (func, user_data, destroy);
  else if (destroy != NULL)
    destroy (user_data);
}

static gboolean
predicate_passes (PredicateClosure *closure,
                  GqQuery          *query)
{
  gboolean ret;

  if (closure == NULL)
    return TRUE;

  /* The predicate may drop the filters it belongs to. */
  predicate_closure_ref (closure);
  ret = closure->func (query, closure->user_data);
  predicate_closure_unref (closure);

  return ret;
}


static void
gq_query_filters_finalize (GObject *object)
{
  GqQueryFilters *self = (GqQueryFilters *)object;

  g_clear_pointer (&self->query_key, json_node_unref);
  g_clear_pointer (&self->query_hash, g_free);
  g_clear_pointer (&self->predicate, predicate_closure_unref);

  G_OBJECT_CLASS (gq_query_filters_parent_class)->finalize (object);
}

static void
gq_query_filters_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GqQueryFilters *self = GQ_QUERY_FILTERS (object);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      g_value_set_boxed (value, self->query_key);
      break;

    case PROP_EXACT:
      g_value_set_boolean (value, self->exact);
      break;

    case PROP_QUERY_TYPE:
      g_value_set_enum (value, self->query_type);
      break;

    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;

    case PROP_FETCH_STATUS:
      g_value_set_enum (value, self->fetch_status);
      break;

    case PROP_REFETCH_TYPE:
      g_value_set_enum (value, self->refetch_type);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_filters_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GqQueryFilters *self = GQ_QUERY_FILTERS (object);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      gq_query_filters_set_query_key (self, g_value_get_boxed (value));
      break;

    case PROP_EXACT:
      gq_query_filters_set_exact (self, g_value_get_boolean (value));
      break;

    case PROP_QUERY_TYPE:
      gq_query_filters_set_query_type (self, g_value_get_enum (value));
      break;

    case PROP_STALE:
      gq_query_filters_set_stale (self, g_value_get_boolean (value));
      break;

    case PROP_FETCH_STATUS:
      gq_query_filters_set_fetch_status (self, g_value_get_enum (value));
      break;

    case PROP_REFETCH_TYPE:
      gq_query_filters_set_refetch_type (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_filters_class_init (GqQueryFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gq_query_filters_finalize;
  object_class->get_property = gq_query_filters_get_property;
  object_class->set_property = gq_query_filters_set_property;

  /**
   * GqQueryFilters:query-key:
   *
   * The key to match. A query matches if this key is a prefix of its key
   * (objects inside keys match by subset), or, with
   * [property@Gq.QueryFilters:exact], if both keys hash the same.
   * %NULL matches every key.
   */
  properties[PROP_QUERY_KEY] =
    g_param_spec_boxed ("query-key", NULL, NULL,
                        JSON_TYPE_NODE,
                        flags);

  /**
   * GqQueryFilters:exact:
   *
   * Whether [property@Gq.QueryFilters:query-key] must equal the query's
   * key rather than be a prefix of it.
   */
  properties[PROP_EXACT] =
    g_param_spec_boolean ("exact", NULL, NULL,
                          FALSE,
                          flags);

  /**
   * GqQueryFilters:query-type:
   *
   * Which queries match by activity: all of them, those with an enabled
   * observer, or those without.
   */
  properties[PROP_QUERY_TYPE] =
    g_param_spec_enum ("query-type", NULL, NULL,
                       GQ_TYPE_QUERY_TYPE,
                       GQ_QUERY_TYPE_ALL,
                       flags);

  /**
   * GqQueryFilters:stale:
   *
   * The staleness a query must have to match. It filters only once set;
   * see [method@Gq.QueryFilters.lookup_stale].
   */
  properties[PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL,
                          FALSE,
                          flags);

  /**
   * GqQueryFilters:fetch-status:
   *
   * The fetch status a query must have to match. It filters only once
   * set; see [method@Gq.QueryFilters.lookup_fetch_status].
   */
  properties[PROP_FETCH_STATUS] =
    g_param_spec_enum ("fetch-status", NULL, NULL,
                       GQ_TYPE_FETCH_STATUS,
                       GQ_FETCH_STATUS_IDLE,
                       flags);

  /**
   * GqQueryFilters:refetch-type:
   *
   * Which of the invalidated queries
   * [method@Gq.QueryClient.invalidate_queries] refetches. When unset, it
   * follows [property@Gq.QueryFilters:query-type] if that was set, and
   * refetches the active queries otherwise.
   */
  properties[PROP_REFETCH_TYPE] =
    g_param_spec_enum ("refetch-type", NULL, NULL,
                       GQ_TYPE_REFETCH_TYPE,
                       GQ_REFETCH_TYPE_ACTIVE,
                       flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_query_filters_init (GqQueryFilters *self)
{
  self->query_type = GQ_QUERY_TYPE_ALL;
  self->fetch_status = GQ_FETCH_STATUS_IDLE;
  self->refetch_type = GQ_REFETCH_TYPE_ACTIVE;
}

/**
 * gq_query_filters_new:
 * @query_key: (nullable): the key to match as a prefix, or %NULL
 *
 * Creates filters matching the queries whose key starts with @query_key,
 * or every query if @query_key is %NULL.
 *
 * Returns: (transfer full): new filters
 */
GqQueryFilters *
gq_query_filters_new (JsonNode *query_key)
{
  GqQueryFilters *self = g_object_new (GQ_TYPE_QUERY_FILTERS, NULL);

  if (query_key != NULL)
    gq_query_filters_set_query_key (self, query_key);

  return self;
}

/**
 * gq_query_filters_new_exact:
 * @query_key: (nullable): the key to match exactly, or %NULL
 *
 * Creates filters matching the query whose key is @query_key.
 *
 * Returns: (transfer full): new filters
 */
GqQueryFilters *
gq_query_filters_new_exact (JsonNode *query_key)
{
  GqQueryFilters *self = gq_query_filters_new (query_key);

  gq_query_filters_set_exact (self, TRUE);

  return self;
}

/**
 * gq_query_filters_get_query_key:
 * @self: filters
 *
 * Gets the key to match.
 *
 * Returns: (transfer none) (nullable): the key, sealed
 */
JsonNode *
gq_query_filters_get_query_key (GqQueryFilters *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_FILTERS (self), NULL);

  return self->query_key;
}

/**
 * gq_query_filters_set_query_key:
 * @self: filters
 * @query_key: (nullable): the key, a JSON array, or %NULL to match every
 *   key
 *
 * Sets [property@Gq.QueryFilters:query-key]. A mutable node is copied, a
 * sealed one shared.
 */
void
gq_query_filters_set_query_key (GqQueryFilters *self,
                                JsonNode       *query_key)
{
  g_return_if_fail (GQ_IS_QUERY_FILTERS (self));

  if (self->query_key == query_key)
    return;

  g_clear_pointer (&self->query_key, json_node_unref);
  g_clear_pointer (&self->query_hash, g_free);
  if (query_key != NULL)
    self->query_key = gq_json_seal_copy (query_key);
  self->key_length = self->query_key != NULL && JSON_NODE_HOLDS_ARRAY (self->query_key)
                     ? json_array_get_length (json_node_get_array (self->query_key)) : 0;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_KEY]);
}

/**
 * gq_query_filters_get_exact:
 * @self: filters
 *
 * Gets whether the key must match exactly.
 *
 * Returns: the value of [property@Gq.QueryFilters:exact]
 */
gboolean
gq_query_filters_get_exact (GqQueryFilters *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_FILTERS (self), FALSE);

  return self->exact;
}

/**
 * gq_query_filters_set_exact:
 * @self: filters
 * @exact: whether the key must match exactly
 *
 * Sets [property@Gq.QueryFilters:exact].
 */
void
gq_query_filters_set_exact (GqQueryFilters *self,
                            gboolean        exact)
{
  g_return_if_fail (GQ_IS_QUERY_FILTERS (self));

  /* Remembered even when unchanged: find () defaults to exact only when
   * the caller did not choose. */
  self->has_exact = TRUE;

  exact = !!exact;
  if (self->exact == (guint) exact)
    return;

  self->exact = exact;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXACT]);
}

/**
 * gq_query_filters_get_query_type:
 * @self: filters
 *
 * Gets which queries match by activity.
 *
 * Returns: the query type
 */
GqQueryType
gq_query_filters_get_query_type (GqQueryFilters *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_FILTERS (self), GQ_QUERY_TYPE_ALL);

  return self->query_type;
}

/**
 * gq_query_filters_set_query_type:
 * @self: filters
 * @type: the query type
 *
 * Sets [property@Gq.QueryFilters:query-type].
 */
void
gq_query_filters_set_query_type (GqQueryFilters *self,
                                 GqQueryType     type)
{
  g_return_if_fail (GQ_IS_QUERY_FILTERS (self));
  g_return_if_fail (type <= GQ_QUERY_TYPE_INACTIVE);

  self->has_query_type = TRUE;

  if (self->query_type == type)
    return;

  self->query_type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_TYPE]);
}

/**
 * gq_query_filters_lookup_stale:
 * @self: filters
 * @stale: (out) (optional): where to store the staleness to match
 *
 * Gets the staleness a query must have to match, if that filter is set.
 *
 * Returns: %TRUE if the stale filter is set; @stale is then its value
 */
gboolean
gq_query_filters_lookup_stale (GqQueryFilters *self,
                               gboolean       *stale)
{
  g_return_val_if_fail (GQ_IS_QUERY_FILTERS (self), FALSE);

  if (stale != NULL)
    *stale = self->stale;

  return self->has_stale;
}

/**
 * gq_query_filters_set_stale:
 * @self: filters
 * @stale: the staleness to match
 *
 * Sets [property@Gq.QueryFilters:stale]: only queries that are stale
 * (%TRUE) or fresh (%FALSE) match from now on.
 */
void
gq_query_filters_set_stale (GqQueryFilters *self,
                            gboolean        stale)
{
  g_return_if_fail (GQ_IS_QUERY_FILTERS (self));

  stale = !!stale;
  self->has_stale = TRUE;

  if (self->stale == (guint) stale)
    return;

  self->stale = stale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
}

/**
 * gq_query_filters_lookup_fetch_status:
 * @self: filters
 * @fetch_status: (out) (optional): where to store the fetch status to
 *   match
 *
 * Gets the fetch status a query must have to match, if that filter is set.
 *
 * Returns: %TRUE if the fetch status filter is set; @fetch_status is then
 *   its value
 */
gboolean
gq_query_filters_lookup_fetch_status (GqQueryFilters *self,
                                      GqFetchStatus  *fetch_status)
{
  g_return_val_if_fail (GQ_IS_QUERY_FILTERS (self), FALSE);

  if (fetch_status != NULL)
    *fetch_status = self->fetch_status;

  return self->has_fetch_status;
}

/**
 * gq_query_filters_set_fetch_status:
 * @self: filters
 * @fetch_status: the fetch status to match
 *
 * Sets [property@Gq.QueryFilters:fetch-status]: only queries with that
 * fetch status match from now on.
 */
void
gq_query_filters_set_fetch_status (GqQueryFilters *self,
                                   GqFetchStatus   fetch_status)
{
  g_return_if_fail (GQ_IS_QUERY_FILTERS (self));
  g_return_if_fail (fetch_status <= GQ_FETCH_STATUS_PAUSED);

  self->has_fetch_status = TRUE;

  if (self->fetch_status == fetch_status)
    return;

  self->fetch_status = fetch_status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCH_STATUS]);
}

/**
 * gq_query_filters_get_refetch_type:
 * @self: filters
 *
 * Gets which invalidated queries are refetched. This is the property's
 * value; see [property@Gq.QueryFilters:refetch-type] for what applies
 * when it is unset.
 *
 * Returns: the refetch type
 */
GqRefetchType
gq_query_filters_get_refetch_type (GqQueryFilters *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_FILTERS (self), GQ_REFETCH_TYPE_ACTIVE);

  return self->refetch_type;
}

/**
 * gq_query_filters_set_refetch_type:
 * @self: filters
 * @refetch_type: the refetch type
 *
 * Sets [property@Gq.QueryFilters:refetch-type].
 */
void
gq_query_filters_set_refetch_type (GqQueryFilters *self,
                                   GqRefetchType   refetch_type)
{
  g_return_if_fail (GQ_IS_QUERY_FILTERS (self));
  g_return_if_fail (refetch_type <= GQ_REFETCH_TYPE_NONE);

  self->has_refetch_type = TRUE;

  if (self->refetch_type == refetch_type)
    return;

  self->refetch_type = refetch_type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFETCH_TYPE]);
}

/**
 * gq_query_filters_set_predicate:
 * @self: filters
 * @predicate: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   a test queries must pass to match; %NULL removes it
 * @user_data: data for @predicate
 * @destroy: (nullable): frees @user_data when @predicate is no longer
 *   needed
 *
 * Sets a predicate: a query matches only if it also passes @predicate.
 */
void
gq_query_filters_set_predicate (GqQueryFilters   *self,
                                GqQueryPredicate  predicate,
                                gpointer          user_data,
                                GDestroyNotify    destroy)
{
  g_return_if_fail (GQ_IS_QUERY_FILTERS (self));

  replace_predicate (&self->predicate, predicate, user_data, destroy);
}

/**
 * gq_query_filters_matches:
 * @self: filters
 * @query: a query
 *
 * Tests @query against every filter that is set, in TanStack Query's
 * order: key, activity, staleness, fetch status, predicate.
 *
 * Returns: %TRUE if @query matches
 */
gboolean
gq_query_filters_matches (GqQueryFilters *self,
                          GqQuery        *query)
{
  g_return_val_if_fail (GQ_IS_QUERY_FILTERS (self), FALSE);
  g_return_val_if_fail (GQ_IS_QUERY (query), FALSE);

  return _gq_query_filters_matches_known_prefix (self, query, 0);
}

gboolean
_gq_query_filters_matches_known_prefix (GqQueryFilters *self,
                                        GqQuery        *query,
                                        guint           known)
{
  g_assert (known == 0 || (self->query_key != NULL && !self->exact));

  /* The type first: it is cheaper than matching the key, and it rules
   * out most of the queries an invalidation refetches (the inactive
   * ones). Every test but the predicate's is free of side effects, so the
   * order of those is not observable. */
  if (self->query_type != GQ_QUERY_TYPE_ALL)
    {
      gboolean is_active = !!gq_query_is_active (query);

      if (is_active != (self->query_type == GQ_QUERY_TYPE_ACTIVE))
        return FALSE;
    }

  if (self->query_key != NULL)
    {
      if (self->exact)
        {
          if (self->query_hash == NULL)
            self->query_hash = gq_key_hash (self->query_key);

          if (g_strcmp0 (gq_query_get_query_hash (query), self->query_hash) != 0)
            return FALSE;
        }
      else if (known > 0)
        {
          /* When every element of the filter is known, the query's key is
           * not even read: it is a cold line of memory per query. */
          if (known < self->key_length &&
              !_gq_key_partial_match_from (gq_query_get_query_key (query), self->query_key, known))
            return FALSE;
        }
      else if (!gq_key_partial_match (gq_query_get_query_key (query), self->query_key))
        {
          return FALSE;
        }
    }

  if (self->has_stale && (guint) !!gq_query_is_stale (query) != self->stale)
    return FALSE;

  if (self->has_fetch_status &&
      gq_query_state_get_fetch_status (gq_query_get_state (query)) != self->fetch_status)
    return FALSE;

  if (!predicate_passes (self->predicate, query))
    return FALSE;

  return TRUE;
}

gboolean
_gq_query_filters_has_query_type (GqQueryFilters *self)
{
  g_assert (self == NULL || GQ_IS_QUERY_FILTERS (self));

  return self != NULL && self->has_query_type;
}

gboolean
_gq_query_filters_has_exact (GqQueryFilters *self)
{
  g_assert (self == NULL || GQ_IS_QUERY_FILTERS (self));

  return self != NULL && self->has_exact;
}

gboolean
_gq_query_filters_has_refetch_type (GqQueryFilters *self)
{
  g_assert (self == NULL || GQ_IS_QUERY_FILTERS (self));

  return self != NULL && self->has_refetch_type;
}

gboolean
_gq_query_filters_matches_only_keys (GqQueryFilters *self)
{
  g_assert (self == NULL || GQ_IS_QUERY_FILTERS (self));

  return self == NULL ||
         (self->query_type == GQ_QUERY_TYPE_ALL && !self->has_stale &&
          !self->has_fetch_status && self->predicate == NULL);
}

gboolean
_gq_query_filters_matches_type (GqQueryFilters *self,
                                GqQuery        *query)
{
  g_assert (GQ_IS_QUERY_FILTERS (self));

  if (self->query_type == GQ_QUERY_TYPE_ALL)
    return TRUE;

  return !!gq_query_is_active (query) == (self->query_type == GQ_QUERY_TYPE_ACTIVE);
}

gboolean
_gq_query_filters_has_predicate (GqQueryFilters *self)
{
  g_assert (self == NULL || GQ_IS_QUERY_FILTERS (self));

  return self != NULL && self->predicate != NULL;
}

GqRefetchType
_gq_query_filters_resolve_refetch_type (GqQueryFilters *self)
{
  g_assert (self == NULL || GQ_IS_QUERY_FILTERS (self));

  if (self == NULL)
    return GQ_REFETCH_TYPE_ACTIVE;

  if (self->has_refetch_type)
    return self->refetch_type;

  if (self->has_query_type)
    {
      switch (self->query_type)
        {
        case GQ_QUERY_TYPE_ALL:
          return GQ_REFETCH_TYPE_ALL;
        case GQ_QUERY_TYPE_ACTIVE:
          return GQ_REFETCH_TYPE_ACTIVE;
        case GQ_QUERY_TYPE_INACTIVE:
          return GQ_REFETCH_TYPE_INACTIVE;
        default:
          g_assert_not_reached ();
        }
    }

  return GQ_REFETCH_TYPE_ACTIVE;
}

GqQueryFilters *
_gq_query_filters_copy_with_type (GqQueryFilters *self,
                                  GqQueryType     type)
{
  GqQueryFilters *copy;

  g_assert (self == NULL || GQ_IS_QUERY_FILTERS (self));

  copy = g_object_new (GQ_TYPE_QUERY_FILTERS, NULL);

  if (self != NULL)
    {
      /* Stored keys are sealed: sharing them is safe. */
      copy->query_key = self->query_key ? json_node_ref (self->query_key) : NULL;
      copy->key_length = self->key_length;
      copy->query_hash = g_strdup (self->query_hash);
      copy->exact = self->exact;
      copy->has_exact = self->has_exact;
      copy->stale = self->stale;
      copy->has_stale = self->has_stale;
      copy->fetch_status = self->fetch_status;
      copy->has_fetch_status = self->has_fetch_status;
      copy->refetch_type = self->refetch_type;
      copy->has_refetch_type = self->has_refetch_type;
      copy->predicate = self->predicate ? predicate_closure_ref (self->predicate) : NULL;
    }

  copy->query_type = type;
  copy->has_query_type = TRUE;

  return copy;
}
