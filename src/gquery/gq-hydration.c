/* gq-hydration.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-hydration-private.h"
#include "gq-dehydrate-options-private.h"
#include "gq-error.h"
#include "gq-hydrate-options-private.h"
#include "gq-infinite-query-options.h"
#include "gq-json.h"
#include "gq-key.h"
#include "gq-mutation-cache-private.h"
#include "gq-mutation-options-private.h"
#include "gq-mutation-private.h"
#include "gq-mutation-state-private.h"
#include "gq-query-cache-private.h"
#include "gq-query-client-private.h"
#include "gq-query-options-private.h"
#include "gq-query-private.h"
#include "gq-query-state-private.h"
#include "gq-scheduler.h"

/* The dehydrated format is TanStack Query's, field for field, so a state
 * reads the same in both; gquery adds the mutation's idempotency key to
 * its state, and writes errors as {domain, code, message}. */

static const char * const query_status_names[] = { "pending", "error", "success" };
static const char * const fetch_status_names[] = { "idle", "fetching", "paused" };
static const char * const mutation_status_names[] = { "idle", "pending", "error", "success" };

G_STATIC_ASSERT (G_N_ELEMENTS (query_status_names) == GQ_QUERY_STATUS_SUCCESS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (fetch_status_names) == GQ_FETCH_STATUS_PAUSED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (mutation_status_names) == GQ_MUTATION_STATUS_SUCCESS + 1);

/* Dehydration */

typedef struct
{
  GqOptionClosure *redact;
  GqOptionClosure *serialize;
} Writer;

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);

  return node;
}

static void
set_error_member (JsonObject   *object,
                  const char   *name,
                  const GError *error,
                  const Writer *writer)
{
  JsonObject *o;
  gboolean redact;

  if (error == NULL)
    {
      json_object_set_null_member (object, name);
      return;
    }

  redact = writer->redact != NULL &&
           ((GqErrorPredicate) writer->redact->func) (error, writer->redact->user_data);

  o = json_object_new ();
  json_object_set_string_member (o, "domain", g_quark_to_string (error->domain));
  json_object_set_int_member (o, "code", error->code);
  json_object_set_string_member (o, "message", redact ? "redacted" : error->message);
  json_object_set_member (object, name, object_node (o));
}

static void
set_json_member (JsonObject *object,
                 const char *name,
                 JsonNode   *value)
{
  if (value != NULL)
    json_object_set_member (object, name, json_node_ref (value));
}

static JsonNode *
serialize_data (const Writer *writer,
                JsonNode     *data)
{
  if (data == NULL)
    return NULL;

  if (writer->serialize == NULL)
    return json_node_ref (data);

  return ((GqDataTransformFunc) writer->serialize->func) (data, writer->serialize->user_data);
}

static JsonNode *
query_state_to_json (GqQueryState *s,
                     const Writer *writer)
{
  JsonObject *o = json_object_new ();
  g_autoptr(JsonNode) data = serialize_data (writer, s->data);

  set_json_member (o, "data", data);
  json_object_set_int_member (o, "dataUpdateCount", s->data_update_count);
  json_object_set_int_member (o, "dataUpdatedAt", s->data_updated_at);
  set_error_member (o, "error", s->error, writer);
  json_object_set_int_member (o, "errorUpdateCount", s->error_update_count);
  json_object_set_int_member (o, "errorUpdatedAt", s->error_updated_at);
  json_object_set_int_member (o, "fetchFailureCount", s->fetch_failure_count);
  set_error_member (o, "fetchFailureReason", s->fetch_failure_reason, writer);
  if (s->fetch_meta != NULL)
    set_json_member (o, "fetchMeta", s->fetch_meta);
  else
    json_object_set_null_member (o, "fetchMeta");
  json_object_set_boolean_member (o, "isInvalidated", s->is_invalidated);
  json_object_set_string_member (o, "status", query_status_names[s->status]);
  json_object_set_string_member (o, "fetchStatus", fetch_status_names[s->fetch_status]);

  return object_node (o);
}

static JsonNode *
dehydrate_query (GqQuery      *query,
                 const Writer *writer)
{
  JsonObject *o = json_object_new ();
  JsonNode *meta = gq_query_options_get_meta (gq_query_get_options (query));

  json_object_set_int_member (o, "dehydratedAt", _gq_query_now (query));
  json_object_set_member (o, "state", query_state_to_json (gq_query_get_state (query), writer));
  set_json_member (o, "queryKey", gq_query_get_query_key (query));
  json_object_set_string_member (o, "queryHash", gq_query_get_query_hash (query));
  set_json_member (o, "meta", meta);
  if (_gq_query_is_infinite (query))
    json_object_set_string_member (o, "queryType", "infinite");

  return object_node (o);
}

static JsonNode *
mutation_state_to_json (GqMutationState *s,
                        const Writer    *writer)
{
  JsonObject *o = json_object_new ();

  set_json_member (o, "context", s->context);
  set_json_member (o, "data", s->data);
  set_error_member (o, "error", s->error, writer);
  json_object_set_int_member (o, "failureCount", s->failure_count);
  set_error_member (o, "failureReason", s->failure_reason, writer);
  json_object_set_boolean_member (o, "isPaused", s->is_paused);
  json_object_set_string_member (o, "status", mutation_status_names[s->status]);
  set_json_member (o, "variables", s->variables);
  json_object_set_int_member (o, "submittedAt", s->submitted_at);
  if (s->idempotency_key != NULL)
    json_object_set_string_member (o, "idempotencyKey", s->idempotency_key);

  return object_node (o);
}

static JsonNode *
dehydrate_mutation (GqMutation   *mutation,
                    const Writer *writer)
{
  JsonObject *o = json_object_new ();
  const char *scope_id = gq_mutation_get_scope_id (mutation);

  set_json_member (o, "mutationKey", gq_mutation_get_mutation_key (mutation));
  json_object_set_member (o, "state", mutation_state_to_json (gq_mutation_get_state (mutation), writer));
  if (scope_id != NULL)
    {
      JsonObject *scope = json_object_new ();

      json_object_set_string_member (scope, "id", scope_id);
      json_object_set_member (o, "scope", object_node (scope));
    }
  set_json_member (o, "meta", gq_mutation_get_meta (mutation));

  return object_node (o);
}

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
  Writer writer;

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
        json_array_add_element (mutations_json, dehydrate_mutation (mutation, &writer));
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
        json_array_add_element (queries_json, dehydrate_query (query, &writer));
    }

  root = json_object_new ();
  json_object_set_array_member (root, "mutations", mutations_json);
  json_object_set_array_member (root, "queries", queries_json);

  node = object_node (root);
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
  Writer writer;

  g_return_val_if_fail (GQ_IS_QUERY (query), NULL);
  g_return_val_if_fail (options == NULL || GQ_IS_DEHYDRATE_OPTIONS (options), NULL);

  writer.redact = _gq_dehydrate_options_lookup (options, NULL, GQ_DEHYDRATE_FUNC_SHOULD_REDACT_ERROR);
  writer.serialize = _gq_dehydrate_options_lookup (options, NULL, GQ_DEHYDRATE_FUNC_SERIALIZE_DATA);

  node = dehydrate_query (query, &writer);
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

typedef struct
{
  JsonNode     *query_key;
  char         *query_hash;
  GqQueryState *state;
  gint64        dehydrated_at;
  gboolean      has_dehydrated_at;
  JsonNode     *meta;
  gboolean      is_infinite;
} QueryEntry;

typedef struct
{
  JsonNode        *mutation_key;
  JsonNode        *meta;
  char            *scope_id;
  GqMutationState *state;
} MutationEntry;

static void
query_entry_clear (gpointer data)
{
  QueryEntry *entry = data;

  g_clear_pointer (&entry->query_key, json_node_unref);
  g_clear_pointer (&entry->query_hash, g_free);
  g_clear_pointer (&entry->state, gq_query_state_unref);
  g_clear_pointer (&entry->meta, json_node_unref);
}

static void
mutation_entry_clear (gpointer data)
{
  MutationEntry *entry = data;

  g_clear_pointer (&entry->mutation_key, json_node_unref);
  g_clear_pointer (&entry->meta, json_node_unref);
  g_clear_pointer (&entry->scope_id, g_free);
  g_clear_pointer (&entry->state, gq_mutation_state_unref);
}

G_GNUC_PRINTF (3, 4)
static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *format,
         ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, GQ_ERROR, GQ_ERROR_INVALID_DEHYDRATED_STATE,
               "Invalid dehydrated state: %s: %s", path, reason);

  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);

  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* Absent or null: @fallback. */
static gboolean
read_int (JsonObject  *object,
          const char  *path,
          const char  *name,
          gint64       fallback,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = fallback;
      return TRUE;
    }

  if (!is_number (node))
    return invalid (error, path, "“%s” is not a number", name);

  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      if (!(value >= (double) G_MININT64 && value <= (double) G_MAXINT64))
        return invalid (error, path, "“%s” is out of range", name);
      *out = (gint64) value;
    }
  else
    {
      *out = json_node_get_int (node);
    }

  return TRUE;
}

static gboolean
read_count (JsonObject  *object,
            const char  *path,
            const char  *name,
            guint       *out,
            GError     **error)
{
  gint64 value;

  if (!read_int (object, path, name, 0, &value, error))
    return FALSE;

  if (value < 0 || value > G_MAXUINT)
    return invalid (error, path, "“%s” is not a count", name);

  *out = (guint) value;

  return TRUE;
}

static gboolean
read_boolean (JsonObject  *object,
              const char  *path,
              const char  *name,
              gboolean    *out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = FALSE;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (error, path, "“%s” is not a boolean", name);

  *out = json_node_get_boolean (node);

  return TRUE;
}

/* Absent: NULL. Present but not a string: an error. */
static gboolean
read_string (JsonObject   *object,
             const char   *path,
             const char   *name,
             const char  **out,
             GError      **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, path, "“%s” is not a string", name);

  *out = json_node_get_string (node);

  return TRUE;
}

static gboolean
read_enum (JsonObject         *object,
           const char         *path,
           const char         *name,
           const char * const *names,
           guint               n_names,
           guint               fallback,
           guint              *out,
           GError            **error)
{
  const char *text;

  if (!read_string (object, path, name, &text, error))
    return FALSE;

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }

  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (text, names[i]))
        {
          *out = i;
          return TRUE;
        }
    }

  return invalid (error, path, "“%s” is not a valid %s", text, name);
}

/* A JSON value as it is (null included), sealed; absent: NULL. */
static JsonNode *
read_json (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL ? gq_json_seal_copy (node) : NULL;
}

/* {domain, code, message}; absent or null: no error. Fields that are
 * missing are lenient (TanStack writes errors as `{}`). */
static gboolean
read_error (JsonObject  *object,
            const char  *path,
            const char  *name,
            GError     **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *error_path = NULL;
  JsonObject *o;
  const char *domain;
  const char *message;
  gint64 code;

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  error_path = g_strdup_printf ("%s.%s", path, name);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "“%s” is not an error object", name);

  o = json_node_get_object (node);
  if (!read_string (o, error_path, "domain", &domain, error) ||
      !read_string (o, error_path, "message", &message, error) ||
      !read_int (o, error_path, "code", 0, &code, error))
    return FALSE;

  if (code < G_MININT || code > G_MAXINT)
    return invalid (error, error_path, "“code” is out of range");

  *out = g_error_new_literal (domain != NULL && *domain != '\0' ? g_quark_from_string (domain) : GQ_ERROR,
                              (int) code,
                              message != NULL ? message : "");

  return TRUE;
}

static JsonObject *
get_object_member (JsonObject  *object,
                   const char  *path,
                   const char  *name,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, path, "“%s” is missing or not an object", name);
      return NULL;
    }

  return json_node_get_object (node);
}

static GqQueryState *
read_query_state (JsonObject  *object,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GqQueryState) s = _gq_query_state_new ();
  g_autoptr(GError) failure = NULL;
  g_autoptr(GError) failure_reason = NULL;
  g_autoptr(JsonNode) data = read_json (object, "data");
  g_autoptr(JsonNode) fetch_meta = NULL;
  guint status = 0;
  guint fetch_status = 0;

  if (!read_count (object, path, "dataUpdateCount", &s->data_update_count, error) ||
      !read_int (object, path, "dataUpdatedAt", 0, &s->data_updated_at, error) ||
      !read_error (object, path, "error", &failure, error) ||
      !read_count (object, path, "errorUpdateCount", &s->error_update_count, error) ||
      !read_int (object, path, "errorUpdatedAt", 0, &s->error_updated_at, error) ||
      !read_count (object, path, "fetchFailureCount", &s->fetch_failure_count, error) ||
      !read_error (object, path, "fetchFailureReason", &failure_reason, error) ||
      !read_boolean (object, path, "isInvalidated", &s->is_invalidated, error) ||
      !read_enum (object, path, "status", query_status_names, G_N_ELEMENTS (query_status_names),
                  data != NULL ? GQ_QUERY_STATUS_SUCCESS : GQ_QUERY_STATUS_PENDING, &status, error) ||
      !read_enum (object, path, "fetchStatus", fetch_status_names, G_N_ELEMENTS (fetch_status_names),
                  GQ_FETCH_STATUS_IDLE, &fetch_status, error))
    return NULL;

  fetch_meta = read_json (object, "fetchMeta");
  if (fetch_meta != NULL && !JSON_NODE_HOLDS_NULL (fetch_meta))
    _gq_query_state_set_fetch_meta (s, fetch_meta);

  _gq_query_state_set_data (s, data);
  _gq_query_state_set_error (s, failure);
  _gq_query_state_set_fetch_failure_reason (s, failure_reason);
  s->status = status;
  s->fetch_status = fetch_status;

  return g_steal_pointer (&s);
}

static gboolean
read_query (JsonNode    *node,
            const char  *path,
            QueryEntry  *entry,
            GError     **error)
{
  g_autofree char *state_path = g_strdup_printf ("%s.state", path);
  JsonObject *object;
  JsonObject *state;
  JsonNode *key;
  const char *hash;
  const char *query_type;
  gint64 dehydrated_at;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "not an object");

  object = json_node_get_object (node);

  key = json_object_get_member (object, "queryKey");
  if (key == NULL || !JSON_NODE_HOLDS_ARRAY (key))
    return invalid (error, path, "“queryKey” is missing or not an array");

  if (!read_string (object, path, "queryHash", &hash, error) ||
      !read_string (object, path, "queryType", &query_type, error) ||
      !read_int (object, path, "dehydratedAt", -1, &dehydrated_at, error))
    return FALSE;

  if ((state = get_object_member (object, path, "state", error)) == NULL)
    return FALSE;

  if ((entry->state = read_query_state (state, state_path, error)) == NULL)
    return FALSE;

  entry->query_key = gq_json_seal_copy (key);
  entry->query_hash = hash != NULL ? g_strdup (hash) : gq_key_hash (entry->query_key);
  entry->has_dehydrated_at = json_object_has_member (object, "dehydratedAt") &&
                             !json_object_get_null_member (object, "dehydratedAt");
  entry->dehydrated_at = dehydrated_at;
  entry->meta = read_json (object, "meta");
  if (entry->meta != NULL && JSON_NODE_HOLDS_NULL (entry->meta))
    g_clear_pointer (&entry->meta, json_node_unref);
  entry->is_infinite = g_strcmp0 (query_type, "infinite") == 0;

  return TRUE;
}

static GqMutationState *
read_mutation_state (JsonObject  *object,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GqMutationState) s = _gq_mutation_state_new ();
  g_autoptr(GError) failure = NULL;
  g_autoptr(GError) failure_reason = NULL;
  g_autoptr(JsonNode) context = read_json (object, "context");
  g_autoptr(JsonNode) data = read_json (object, "data");
  g_autoptr(JsonNode) variables = read_json (object, "variables");
  const char *idempotency_key;
  guint status = 0;

  if (!read_error (object, path, "error", &failure, error) ||
      !read_count (object, path, "failureCount", &s->failure_count, error) ||
      !read_error (object, path, "failureReason", &failure_reason, error) ||
      !read_boolean (object, path, "isPaused", &s->is_paused, error) ||
      !read_enum (object, path, "status", mutation_status_names, G_N_ELEMENTS (mutation_status_names),
                  GQ_MUTATION_STATUS_IDLE, &status, error) ||
      !read_int (object, path, "submittedAt", 0, &s->submitted_at, error) ||
      !read_string (object, path, "idempotencyKey", &idempotency_key, error))
    return NULL;

  _gq_mutation_state_set_context (s, context);
  _gq_mutation_state_set_data (s, data);
  _gq_mutation_state_set_variables (s, variables);
  _gq_mutation_state_set_error (s, failure);
  _gq_mutation_state_set_failure_reason (s, failure_reason);
  s->status = status;

  /* Nothing runs a restored pending mutation until it is resumed: it is
   * paused, whether it was paused or running when it was written (TanStack
   * restores a running one as running, and resumePausedMutations never
   * picks it up). */
  if (s->status == GQ_MUTATION_STATUS_PENDING)
    s->is_paused = TRUE;

  /* The key a replay sends again, so a server that saw the first attempt
   * applies the mutation once. */
  if (idempotency_key != NULL && *idempotency_key != '\0')
    _gq_mutation_state_set_idempotency_key (s, idempotency_key);

  return g_steal_pointer (&s);
}

static gboolean
read_mutation (JsonNode       *node,
               const char     *path,
               MutationEntry  *entry,
               GError        **error)
{
  g_autofree char *state_path = g_strdup_printf ("%s.state", path);
  JsonObject *object;
  JsonObject *state;
  JsonNode *key;
  JsonNode *scope;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "not an object");

  object = json_node_get_object (node);

  key = json_object_get_member (object, "mutationKey");
  if (key != NULL && !JSON_NODE_HOLDS_NULL (key) && !JSON_NODE_HOLDS_ARRAY (key))
    return invalid (error, path, "“mutationKey” is not an array");

  scope = json_object_get_member (object, "scope");
  if (scope != NULL && !JSON_NODE_HOLDS_NULL (scope))
    {
      g_autofree char *scope_path = g_strdup_printf ("%s.scope", path);
      const char *scope_id;

      if (!JSON_NODE_HOLDS_OBJECT (scope))
        return invalid (error, path, "“scope” is not an object");
      if (!read_string (json_node_get_object (scope), scope_path, "id", &scope_id, error))
        return FALSE;
      entry->scope_id = g_strdup (scope_id);
    }

  if ((state = get_object_member (object, path, "state", error)) == NULL)
    return FALSE;

  if ((entry->state = read_mutation_state (state, state_path, error)) == NULL)
    return FALSE;

  if (key != NULL && JSON_NODE_HOLDS_ARRAY (key))
    entry->mutation_key = gq_json_seal_copy (key);
  entry->meta = read_json (object, "meta");
  if (entry->meta != NULL && JSON_NODE_HOLDS_NULL (entry->meta))
    g_clear_pointer (&entry->meta, json_node_unref);

  return TRUE;
}

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
    return invalid (error, name, "not an array");

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
hydrate_mutation (GqQueryClient    *client,
                  MutationEntry    *entry,
                  GqHydrateOptions *client_defaults,
                  GqHydrateOptions *options)
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
hydrate_query (GqQueryClient    *client,
               QueryEntry       *entry,
               GqHydrateOptions *client_defaults,
               GqHydrateOptions *options,
               GqOptionClosure  *deserialize,
               gint64            now)
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
    return invalid (error, "the state", "not an object");

  root = json_node_get_object (state);
  if (!get_entries (root, "mutations", &mutations, error) ||
      !get_entries (root, "queries", &queries, error))
    return FALSE;

  mutation_entries = g_array_new (FALSE, TRUE, sizeof (MutationEntry));
  g_array_set_clear_func (mutation_entries, mutation_entry_clear);
  for (guint i = 0; mutations != NULL && i < json_array_get_length (mutations); i++)
    {
      g_autofree char *path = g_strdup_printf ("mutations[%u]", i);

      g_array_set_size (mutation_entries, i + 1);
      if (!read_mutation (json_array_get_element (mutations, i), path,
                          &g_array_index (mutation_entries, MutationEntry, i), error))
        return FALSE;
    }

  query_entries = g_array_new (FALSE, TRUE, sizeof (QueryEntry));
  g_array_set_clear_func (query_entries, query_entry_clear);
  for (guint i = 0; queries != NULL && i < json_array_get_length (queries); i++)
    {
      g_autofree char *path = g_strdup_printf ("queries[%u]", i);

      g_array_set_size (query_entries, i + 1);
      if (!read_query (json_array_get_element (queries, i), path,
                       &g_array_index (query_entries, QueryEntry, i), error))
        return FALSE;
    }

  g_object_ref (client);

  client_defaults = gq_query_client_get_default_hydrate_options (client);
  deserialize = _gq_hydrate_options_lookup_deserialize (options, client_defaults);
  now = gq_scheduler_now (gq_query_client_get_scheduler (client));

  for (guint i = 0; i < mutation_entries->len; i++)
    hydrate_mutation (client, &g_array_index (mutation_entries, MutationEntry, i),
                      client_defaults, options);

  for (guint i = 0; i < query_entries->len; i++)
    hydrate_query (client, &g_array_index (query_entries, QueryEntry, i),
                   client_defaults, options, deserialize, now);

  g_object_unref (client);

  return TRUE;
}
