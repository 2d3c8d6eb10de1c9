/* gq-dehydrated-state.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-dehydrated-state-private.h"
#include "gq-dehydrate-options.h"
#include "gq-error.h"
#include "gq-json.h"
#include "gq-key.h"
#include "gq-mutation.h"
#include "gq-mutation-state-private.h"
#include "gq-query.h"
#include "gq-query-options.h"
#include "gq-query-private.h"
#include "gq-query-state-private.h"

/* The dehydrated format is TanStack Query's, field for field, so a state
 * reads the same in both; gquery adds the mutation's idempotency key to
 * its state, and writes errors as {domain, code, message}.
 *
 * Reading checks every field it uses and accepts what it does not know,
 * so that a state written by a later version still reads. */

static const char * const query_status_names[] = { "pending", "error", "success" };
static const char * const fetch_status_names[] = { "idle", "fetching", "paused" };
static const char * const mutation_status_names[] = { "idle", "pending", "error", "success" };

G_STATIC_ASSERT (G_N_ELEMENTS (query_status_names) == GQ_QUERY_STATUS_SUCCESS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (fetch_status_names) == GQ_FETCH_STATUS_PAUSED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (mutation_status_names) == GQ_MUTATION_STATUS_SUCCESS + 1);

/* Writing */

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);

  return node;
}

static void
set_error_member (JsonObject              *object,
                  const char              *name,
                  const GError            *error,
                  const GqDehydrateWriter *writer)
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
serialize_data (const GqDehydrateWriter *writer,
                JsonNode                *data)
{
  if (data == NULL)
    return NULL;

  if (writer->serialize == NULL)
    return json_node_ref (data);

  return ((GqDataTransformFunc) writer->serialize->func) (data, writer->serialize->user_data);
}

static JsonNode *
query_state_to_json (GqQueryState            *s,
                     const GqDehydrateWriter *writer)
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

JsonNode *
_gq_dehydrated_query_new (GqQuery                 *query,
                          const GqDehydrateWriter *writer)
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
mutation_state_to_json (GqMutationState         *s,
                        const GqDehydrateWriter *writer)
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

JsonNode *
_gq_dehydrated_mutation_new (GqMutation              *mutation,
                             const GqDehydrateWriter *writer)
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

/* Reading */

void
_gq_dehydrated_query_clear (gpointer data)
{
  GqDehydratedQuery *entry = data;

  g_clear_pointer (&entry->query_key, json_node_unref);
  g_clear_pointer (&entry->query_hash, g_free);
  g_clear_pointer (&entry->state, gq_query_state_unref);
  g_clear_pointer (&entry->meta, json_node_unref);
}

void
_gq_dehydrated_mutation_clear (gpointer data)
{
  GqDehydratedMutation *entry = data;

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
  gint64 value = 0;

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

gboolean
_gq_dehydrated_query_read (JsonNode           *node,
                           const char         *path,
                           GqDehydratedQuery  *entry,
                           GError            **error)
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

gboolean
_gq_dehydrated_mutation_read (JsonNode              *node,
                              const char            *path,
                              GqDehydratedMutation  *entry,
                              GError               **error)
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

