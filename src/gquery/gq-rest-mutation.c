/* gq-rest-mutation.c: the mutation functions of GqRestSource
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-rest-source.h"
#include "gq-rest-private.h"
#include "gq-error.h"
#include "gq-mutation-context.h"
#include "gq-mutation-options.h"

/* The record a PUT, PATCH or DELETE is about: the variables' id member,
 * or the variables themselves when they are a bare id. */
static char *
record_id (GqRestSource *self,
           JsonNode     *variables)
{
  JsonNode *id = variables;

  if (variables == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (variables))
    id = json_object_get_member (json_node_get_object (variables),
                                 gq_rest_source_get_id_field (self));

  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) ||
      json_node_get_value_type (id) == G_TYPE_BOOLEAN)
    return NULL;

  return _gq_rest_scalar_to_string (id);
}

static GqRestTarget *
mutation_target (GqRestSource  *self,
                 const char    *method,
                 JsonNode      *key,
                 JsonNode      *variables,
                 GError       **error)
{
  g_autoptr(GqRestTarget) target = NULL;
  g_autofree char *id = NULL;

  if (key == NULL || !JSON_NODE_HOLDS_ARRAY (key) ||
      json_array_get_length (json_node_get_array (key)) == 0)
    {
      g_set_error_literal (error, GQ_ERROR, GQ_ERROR_INVALID_KEY,
                           "A REST mutation needs a mutation key naming its path");
      return NULL;
    }

  if ((target = _gq_rest_target_new_from_key (key, error)) == NULL)
    return NULL;

  if (g_str_equal (method, "POST") || (id = record_id (self, variables)) == NULL)
    return g_steal_pointer (&target);

  if (gq_rest_source_get_pagination (self) == GQ_REST_PAGINATION_POSTGREST)
    {
      const char *field = gq_rest_source_get_id_field (self);

      /* PostgREST writes to rows a filter selects. */
      if (_gq_rest_target_get_param (target, field) == NULL)
        {
          g_autofree char *filter = g_strconcat ("eq.", id, NULL);

          _gq_rest_target_add_param (target, field, filter);
        }
    }
  else if (g_strcmp0 (_gq_rest_target_get_last_segment (target), id) != 0)
    {
      _gq_rest_target_add_segment (target, id);
    }

  return g_steal_pointer (&target);
}

static void
on_mutated (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GqMutationContext) context = user_data;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  if ((body = _gq_rest_call_finish (result, &error)) == NULL)
    gq_mutation_context_reject (context, error);
  else
    gq_mutation_context_resolve (context, body);
}

static void
mutate (GqMutationContext *context,
        GqRestSource      *self,
        const char        *method)
{
  JsonNode *variables = gq_mutation_context_get_variables (context);
  const char *idempotency_key = gq_mutation_context_get_idempotency_key (context);
  g_autoptr(GqRestTarget) target = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  target = mutation_target (self, method, gq_mutation_context_get_mutation_key (context),
                            variables, &error);
  if (target == NULL ||
      (message = _gq_rest_source_new_message (self, method, target,
                                              g_str_equal (method, "DELETE") ? NULL : variables,
                                              &error)) == NULL)
    {
      gq_mutation_context_reject (context, error);
      return;
    }

  headers = soup_message_get_request_headers (message);
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);

  if (gq_rest_source_get_pagination (self) == GQ_REST_PAGINATION_POSTGREST)
    {
      /* The written row, as an object, instead of PostgREST's empty 201
       * or 204. */
      soup_message_headers_replace (headers, "Prefer", "return=representation");
      soup_message_headers_replace (headers, "Accept", "application/vnd.pgrst.object+json");
    }

  _gq_rest_source_send (self, message, gq_mutation_context_get_cancellable (context),
                        on_mutated, g_object_ref (context));
}

/**
 * gq_rest_source_post_func:
 * @context: the mutation
 * @user_data: (type GqRestSource): the source
 *
 * Creates a record: a [callback@Gq.MutationFunc] that sends the variables
 * as JSON with `POST` to the path of the mutation key, mapped as a query
 * key is (`["todos"]` is `POST <base>/todos`). The mutation's data is the
 * response body (JSON null when empty).
 *
 * Every request of a mutation function carries the mutation's
 * idempotency key as `Idempotency-Key`, the same on each retry, so a
 * server that honours it applies the mutation once. With
 * %GQ_REST_PAGINATION_POSTGREST the writes ask for the written row as an
 * object (`Prefer: return=representation`).
 */
void
gq_rest_source_post_func (GqMutationContext *context,
                          gpointer           user_data)
{
  g_return_if_fail (GQ_IS_MUTATION_CONTEXT (context));
  g_return_if_fail (GQ_IS_REST_SOURCE (user_data));

  mutate (context, user_data, "POST");
}

/**
 * gq_rest_source_put_func:
 * @context: the mutation
 * @user_data: (type GqRestSource): the source
 *
 * Replaces a record: a [callback@Gq.MutationFunc] that sends the variables
 * as JSON with `PUT`. The path is the mutation key's, followed by the
 * record's id (the variables' [property@Gq.RestSource:id-field]) unless
 * the key ends with it already: `["todos"]` with `{"id": 5, ...}` and
 * `["todos", 5]` are both `PUT <base>/todos/5`. With
 * %GQ_REST_PAGINATION_POSTGREST the id is a filter instead,
 * `PUT <base>/todos?id=eq.5`. See [func@Gq.RestSource.post_func].
 */
void
gq_rest_source_put_func (GqMutationContext *context,
                         gpointer           user_data)
{
  g_return_if_fail (GQ_IS_MUTATION_CONTEXT (context));
  g_return_if_fail (GQ_IS_REST_SOURCE (user_data));

  mutate (context, user_data, "PUT");
}

/**
 * gq_rest_source_patch_func:
 * @context: the mutation
 * @user_data: (type GqRestSource): the source
 *
 * Updates part of a record: a [callback@Gq.MutationFunc] that sends the
 * variables as JSON with `PATCH`, to the path [func@Gq.RestSource.put_func]
 * describes.
 */
void
gq_rest_source_patch_func (GqMutationContext *context,
                           gpointer           user_data)
{
  g_return_if_fail (GQ_IS_MUTATION_CONTEXT (context));
  g_return_if_fail (GQ_IS_REST_SOURCE (user_data));

  mutate (context, user_data, "PATCH");
}

/**
 * gq_rest_source_delete_func:
 * @context: the mutation
 * @user_data: (type GqRestSource): the source
 *
 * Deletes a record: a [callback@Gq.MutationFunc] that sends `DELETE`, with
 * no body, to the path [func@Gq.RestSource.put_func] describes; the
 * variables may be the bare id (`5`) or the record.
 */
void
gq_rest_source_delete_func (GqMutationContext *context,
                            gpointer           user_data)
{
  g_return_if_fail (GQ_IS_MUTATION_CONTEXT (context));
  g_return_if_fail (GQ_IS_REST_SOURCE (user_data));

  mutate (context, user_data, "DELETE");
}

/**
 * gq_rest_source_setup_mutation_options:
 * @self: a source
 * @options: the options of a mutation
 * @method: `"POST"`, `"PUT"`, `"PATCH"` or `"DELETE"`
 *
 * Makes @options send their mutation to @self with @method: the mutation
 * function of that method (see [func@Gq.RestSource.post_func]). The
 * retry policy is left alone: mutations are not retried by default, as in
 * TanStack Query; since each attempt carries the same `Idempotency-Key`,
 * [func@Gq.RestSource.retry_func] is a safe retry function against a
 * server that honours it.
 */
void
gq_rest_source_setup_mutation_options (GqRestSource      *self,
                                       GqMutationOptions *options,
                                       const char        *method)
{
  static const struct {
    const char     *method;
    GqMutationFunc  func;
  } funcs[] = {
    { "POST", gq_rest_source_post_func },
    { "PUT", gq_rest_source_put_func },
    { "PATCH", gq_rest_source_patch_func },
    { "DELETE", gq_rest_source_delete_func },
  };

  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (GQ_IS_MUTATION_OPTIONS (options));
  g_return_if_fail (method != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    {
      if (g_ascii_strcasecmp (method, funcs[i].method) == 0)
        {
          gq_mutation_options_set_mutation_func (options, funcs[i].func,
                                                 g_object_ref (self), g_object_unref);
          return;
        }
    }

  g_critical ("“%s” is not a method of the REST mutation functions", method);
}
