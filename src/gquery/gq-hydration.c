/* gq-hydration.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-hydration-private.h"
#include "gq-dehydrate-options-private.h"
#include "gq-dehydrated-state-private.h"
#include "gq-error.h"
#include "gq-hydrate-options-private.h"
#include "gq-infinite-query-options.h"
#include "gq-json.h"
#include "gq-mutation.h"
#include "gq-mutation-cache-private.h"
#include "gq-mutation-options-private.h"
#include "gq-mutation-state-private.h"
#include "gq-query-cache-private.h"
#include "gq-query-client-private.h"
#include "gq-query-options-private.h"
#include "gq-query-private.h"
#include "gq-query-state-private.h"
#include "gq-scheduler.h"

/* Dehydration */

static gboolean
default_should_dehydrate_query (GqQuery  *query,
                                gpointer  user_data)
{
  return gq_default_should_dehydrate_query (query);
}

static gboolean
default_should_dehydrate_mutation (GqMutation *mutation,
                                   gpointer    user_data)
{
  return gq_default_should_dehydrate_mutation (mutation);
}

gboolean
_gq_mutation_is_unsettled (GqMutation *mutation,
                           gpointer    user_data)
{
  return gq_mutation_get_status (mutation) == GQ_MUTATION_STATUS_PENDING;
}

JsonNode *
_gq_dehydrate_with_default (GqQueryClient       *client,
                            GqDehydrateOptions  *options,
                            GqMutationPredicate  default_mutation_filter)
{
  GqDehydrateOptions *fallback;
  GqOptionClosure *query_filter;
  GqOptionClosure *mutation_filter;
  g_autoptr(GPtrArray) mutations = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  JsonArray *mutations_json;
  JsonArray *queries_json;
  JsonObject *root;
  JsonNode *node;
  GqDehydrateWriter writer;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (options == NULL || GQ_IS_DEHYDRATE_OPTIONS (options), NULL);

  fallback = gq_query_client_get_default_dehydrate_options (client);
  query_filter = _gq_dehydrate_options_lookup (options, fallback,
                                               GQ_DEHYDRATE_FUNC_SHOULD_DEHYDRATE_QUERY);
  mutation_filter = _gq_dehydrate_options_lookup (options, fallback,
                                                  GQ_DEHYDRATE_FUNC_SHOULD_DEHYDRATE_MUTATION);
  writer.redact = _gq_dehydrate_options_lookup (options, fallback,
                                                GQ_DEHYDRATE_FUNC_SHOULD_REDACT_ERROR);
  writer.serialize = _gq_dehydrate_options_lookup (options, fallback,
                                                   GQ_DEHYDRATE_FUNC_SERIALIZE_DATA);

  if (default_mutation_filter == NULL)
    default_mutation_filter = default_should_dehydrate_mutation;

  mutations_json = json_array_new ();
  /* Snapshots that hold their elements: a filter may change the cache. */
  mutations = gq_mutation_cache_get_all (gq_query_client_get_mutation_cache (client));
  for (guint i = 0; i < mutations->len; i++)
    {
      GqMutation *mutation = g_ptr_array_index (mutations, i);
      gboolean keep = mutation_filter != NULL
        ? ((GqMutationPredicate) mutation_filter->func) (mutation, mutation_filter->user_data)
        : default_mutation_filter (mutation, NULL);

      if (keep)
        json_array_add_element (mutations_json, _gq_dehydrated_mutation_new (mutation, &writer));
    }

  queries_json = json_array_new ();
  queries = gq_query_cache_get_all (gq_query_client_get_query_cache (client));
  for (guint i = 0; i < queries->len; i++)
    {
      GqQuery *query = g_ptr_array_index (queries, i);
      gboolean keep = query_filter != NULL
        ? ((GqQueryPredicate) query_filter->func) (query, query_filter->user_data)
        : default_should_dehydrate_query (query, NULL);

      if (keep)
        json_array_add_element (queries_json, _gq_dehydrated_query_new (query, &writer));
    }

  root = json_object_new ();
  json_object_set_array_member (root, "mutations", mutations_json);
  json_object_set_array_member (root, "queries", queries_json);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  json_node_seal (node);

  return node;
}

/**
 * gq_dehydrate:
 * @client: a client
 * @options: (nullable): what to write; %NULL uses the client's default
 *   dehydrate options
 *
 * Writes the client's cache as JSON, TanStack Query's `dehydrate`: the
 * queries and mutations that pass the filters, in cache order, as
 * `{"mutations": [...], "queries": [...]}`. A query is written with its
 * `queryKey`, `queryHash`, `state` (the data and every field of
 * [struct@Gq.QueryState]), `dehydratedAt`, its `meta` if it has one and
 * `"queryType": "infinite"` for an infinite query; a mutation with its
 * `mutationKey`, `state` (including its idempotency key), `scope` and
 * `meta`. Options with functions (query functions, gc times) are not
 * written: [func@Gq.hydrate] takes them from the client that restores.
 *
 * By default, successful queries and paused mutations are written.
 *
 * Returns: (transfer full): the dehydrated state, sealed
 */
JsonNode *
gq_dehydrate (GqQueryClient      *client,
              GqDehydrateOptions *options)
{
  return _gq_dehydrate_with_default (client, options, NULL);
}

/**
 * gq_dehydrate_query:
 * @query: a query
 * @options: (nullable): the serialize and redact functions to use; the
 *   filters and the client's defaults are not consulted
 *
 * Writes one query as [func@Gq.dehydrate] does, TanStack Query's
 * `dehydrateQuery`.
 *
 * Returns: (transfer full): the dehydrated query, sealed
 */
JsonNode *
gq_dehydrate_query (GqQuery            *query,
                    GqDehydrateOptions *options)
{
  JsonNode *node;
  GqDehydrateWriter writer;

  g_return_val_if_fail (GQ_IS_QUERY (query), NULL);
  g_return_val_if_fail (options == NULL || GQ_IS_DEHYDRATE_OPTIONS (options), NULL);

  writer.redact = _gq_dehydrate_options_lookup (options, NULL, GQ_DEHYDRATE_FUNC_SHOULD_REDACT_ERROR);
  writer.serialize = _gq_dehydrate_options_lookup (options, NULL, GQ_DEHYDRATE_FUNC_SERIALIZE_DATA);

  node = _gq_dehydrated_query_new (query, &writer);
  json_node_seal (node);

  return node;
}

/**
 * gq_default_should_dehydrate_query:
 * @query: a query
 *
 * The default query filter of [func@Gq.dehydrate]: a query is written if
 * it has succeeded.
 *
 * Returns: whether @query's status is success
 */
gboolean
gq_default_should_dehydrate_query (GqQuery *query)
{
  g_return_val_if_fail (GQ_IS_QUERY (query), FALSE);

  return gq_query_state_get_status (gq_query_get_state (query)) == GQ_QUERY_STATUS_SUCCESS;
}

/**
 * gq_default_should_dehydrate_mutation:
 * @mutation: a mutation
 *
 * The default mutation filter of [func@Gq.dehydrate]: a mutation is
 * written if it is paused, waiting for the network or for its scope.
 *
 * Returns: whether @mutation is paused
 */
gboolean
gq_default_should_dehydrate_mutation (GqMutation *mutation)
{
  g_return_val_if_fail (GQ_IS_MUTATION (mutation), FALSE);

  return gq_mutation_state_get_is_paused (gq_mutation_get_state (mutation));
}

/* Hydration: every entry is read and checked first, then applied, so a
 * malformed state changes nothing. */

/* Missing or null: empty. */
static gboolean
get_entries (JsonObject  *root,
             const char  *name,
             JsonArray  **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GQ_ERROR, GQ_ERROR_INVALID_DEHYDRATED_STATE,
                   "Invalid dehydrated state: %s: not an array", name);
      return FALSE;
    }

  *out = json_node_get_array (node);

  return TRUE;
}

static JsonNode *
deserialize_data (GqOptionClosure *deserialize,
                  JsonNode        *data)
{
  g_autoptr(JsonNode) result = NULL;

  if (data == NULL)
    return NULL;

  if (deserialize == NULL)
    return json_node_ref (data);

  result = ((GqDataTransformFunc) deserialize->func) (data, deserialize->user_data);

  return result != NULL ? gq_json_seal_copy (result) : NULL;
}

static gboolean
has_idempotency_key (GqMutationCache *cache,
                     const char      *key)
{
  g_autoptr(GPtrArray) mutations = gq_mutation_cache_get_all (cache);

  for (guint i = 0; i < mutations->len; i++)
    if (g_strcmp0 (gq_mutation_get_idempotency_key (g_ptr_array_index (mutations, i)), key) == 0)
      return TRUE;

  return FALSE;
}

static void
hydrate_mutation (GqQueryClient        *client,
                  GqDehydratedMutation *entry,
                  GqHydrateOptions     *client_defaults,
                  GqHydrateOptions     *options)
{
  GqMutationCache *cache = gq_query_client_get_mutation_cache (client);
  g_autoptr(GqMutationOptions) built = gq_mutation_options_new (NULL);
  g_autoptr(GqMutationOptions) defaulted = NULL;

  /* Hydrating the same state twice must not run a mutation twice. */
  if (entry->state->idempotency_key != NULL &&
      has_idempotency_key (cache, entry->state->idempotency_key))
    return;

  if (client_defaults != NULL)
    _gq_mutation_options_apply (built, gq_hydrate_options_get_default_mutation_options (client_defaults));
  if (options != NULL)
    _gq_mutation_options_apply (built, gq_hydrate_options_get_default_mutation_options (options));
  if (entry->mutation_key != NULL)
    gq_mutation_options_set_mutation_key (built, entry->mutation_key);
  if (entry->meta != NULL)
    gq_mutation_options_set_meta (built, entry->meta);
  if (entry->scope_id != NULL)
    gq_mutation_options_set_scope_id (built, entry->scope_id);

  defaulted = _gq_query_client_default_mutation_options (client, built);
  _gq_mutation_cache_build (cache, client, defaulted, entry->state);
}

static void
hydrate_query (GqQueryClient     *client,
               GqDehydratedQuery *entry,
               GqHydrateOptions  *client_defaults,
               GqHydrateOptions  *options,
               GqOptionClosure   *deserialize,
               gint64             now)
{
  GqQueryCache *cache = gq_query_client_get_query_cache (client);
  GqQueryState *dehydrated = entry->state;
  g_autoptr(JsonNode) data = deserialize_data (deserialize, dehydrated->data);
  g_autoptr(GqQueryState) s = _gq_query_state_copy (dehydrated);
  /* A pending query written with data: its fetch resolved before it was
   * written (TanStack's synchronously resolved promise). */
  gboolean resolved = dehydrated->status == GQ_QUERY_STATUS_PENDING && data != NULL;
  gint64 resolved_at = entry->has_dehydrated_at ? entry->dehydrated_at : now;
  GqQuery *query = gq_query_cache_get (cache, entry->query_hash);

  _gq_query_state_set_data (s, data);

  if (query != NULL)
    {
      GqQueryState *existing = gq_query_get_state (query);
      gboolean newer_resolved = resolved && entry->has_dehydrated_at &&
                                entry->dehydrated_at > existing->data_updated_at;

      /* Strictly newer: on a tie, the data already here wins. */
      if (dehydrated->data_updated_at <= existing->data_updated_at && !newer_resolved)
        return;

      /* The fetch status stays the local one: no fetch of this client
       * runs because another one was running. */
      s->fetch_status = existing->fetch_status;
      if (resolved)
        {
          s->status = GQ_QUERY_STATUS_SUCCESS;
          s->data_updated_at = resolved_at;
          if (existing->fetch_status != GQ_FETCH_STATUS_FETCHING)
            s->fetch_status = GQ_FETCH_STATUS_IDLE;
        }

      _gq_query_set_state (query, s);
    }
  else
    {
      g_autoptr(GqQueryOptions) built = NULL;
      g_autoptr(GqQueryOptions) defaulted = NULL;

      built = entry->is_infinite
        ? GQ_QUERY_OPTIONS (gq_infinite_query_options_new (NULL, NULL))
        : gq_query_options_new (NULL);
      if (client_defaults != NULL)
        _gq_query_options_apply (built, gq_hydrate_options_get_default_query_options (client_defaults));
      if (options != NULL)
        _gq_query_options_apply (built, gq_hydrate_options_get_default_query_options (options));
      gq_query_options_set_query_key (built, entry->query_key);
      gq_query_options_set_query_hash (built, entry->query_hash);
      if (entry->meta != NULL)
        gq_query_options_set_meta (built, entry->meta);

      s->fetch_status = GQ_FETCH_STATUS_IDLE;
      if (resolved)
        {
          s->status = GQ_QUERY_STATUS_SUCCESS;
          s->data_updated_at = resolved_at;
        }

      defaulted = _gq_query_client_default_query_options (client, built);
      _gq_query_cache_build (cache, client, defaulted, s);
    }
}

/**
 * gq_hydrate:
 * @client: a client
 * @state: (nullable): a state written by [func@Gq.dehydrate]; %NULL
 *   restores nothing
 * @options: (nullable): how to build what is restored
 * @error: where to put the reason a malformed @state is refused
 *
 * Restores a dehydrated state into the client's caches, TanStack Query's
 * `hydrate`.
 *
 * A query that is not in the cache is added, idle, with its state and
 * data, and with options from @options, the client's default hydrate
 * options and the client's defaults; it gets the gc time of this client,
 * not the one it had. A query that is in the cache is overwritten only by
 * strictly newer data (a greater `dataUpdatedAt`), keeping its fetch
 * status. Hydration never fetches.
 *
 * Mutations are added to the mutation cache with the options the client
 * has for their key ([method@Gq.QueryClient.set_mutation_defaults]), which
 * is where a restored mutation finds its mutation function. A pending
 * mutation comes back paused, with its idempotency key; it runs, without
 * calling its on-mutate callback again, when paused mutations are resumed
 * ([method@Gq.QueryClient.resume_paused_mutations_async]). A mutation whose
 * idempotency key is already in the cache is skipped, so hydrating the
 * same state twice does not run it twice.
 *
 * @state is checked whole before anything is restored: if it is not an
 * object, or an entry lacks a key or a state, or a field has the wrong
 * type, nothing changes and @error says which field. Missing arrays and
 * unknown fields are accepted.
 *
 * Returns: %TRUE on success, %FALSE with @error set if @state is malformed
 */
gboolean
gq_hydrate (GqQueryClient     *client,
            JsonNode          *state,
            GqHydrateOptions  *options,
            GError           **error)
{
  g_autoptr(GArray) query_entries = NULL;
  g_autoptr(GArray) mutation_entries = NULL;
  GqHydrateOptions *client_defaults;
  GqOptionClosure *deserialize;
  JsonArray *queries;
  JsonArray *mutations;
  JsonObject *root;
  gint64 now;

  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (client), FALSE);
  g_return_val_if_fail (options == NULL || GQ_IS_HYDRATE_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (state == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (state))
    {
      g_set_error_literal (error, GQ_ERROR, GQ_ERROR_INVALID_DEHYDRATED_STATE,
                           "Invalid dehydrated state: the state: not an object");
      return FALSE;
    }

  root = json_node_get_object (state);
  if (!get_entries (root, "mutations", &mutations, error) ||
      !get_entries (root, "queries", &queries, error))
    return FALSE;

  mutation_entries = g_array_new (FALSE, TRUE, sizeof (GqDehydratedMutation));
  g_array_set_clear_func (mutation_entries, _gq_dehydrated_mutation_clear);
  for (guint i = 0; mutations != NULL && i < json_array_get_length (mutations); i++)
    {
      g_autofree char *path = g_strdup_printf ("mutations[%u]", i);

      g_array_set_size (mutation_entries, i + 1);
      if (!_gq_dehydrated_mutation_read (json_array_get_element (mutations, i), path,
                                         &g_array_index (mutation_entries, GqDehydratedMutation, i),
                                         error))
        return FALSE;
    }

  query_entries = g_array_new (FALSE, TRUE, sizeof (GqDehydratedQuery));
  g_array_set_clear_func (query_entries, _gq_dehydrated_query_clear);
  for (guint i = 0; queries != NULL && i < json_array_get_length (queries); i++)
    {
      g_autofree char *path = g_strdup_printf ("queries[%u]", i);

      g_array_set_size (query_entries, i + 1);
      if (!_gq_dehydrated_query_read (json_array_get_element (queries, i), path,
                                      &g_array_index (query_entries, GqDehydratedQuery, i),
                                      error))
        return FALSE;
    }

  g_object_ref (client);

  client_defaults = gq_query_client_get_default_hydrate_options (client);
  deserialize = _gq_hydrate_options_lookup_deserialize (options, client_defaults);
  now = gq_scheduler_now (gq_query_client_get_scheduler (client));

  for (guint i = 0; i < mutation_entries->len; i++)
    hydrate_mutation (client, &g_array_index (mutation_entries, GqDehydratedMutation, i),
                      client_defaults, options);

  for (guint i = 0; i < query_entries->len; i++)
    hydrate_query (client, &g_array_index (query_entries, GqDehydratedQuery, i),
                   client_defaults, options, deserialize, now);

  g_object_unref (client);

  return TRUE;
}

