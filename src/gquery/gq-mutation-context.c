/* gq-mutation-context.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-mutation-context-private.h"
#include "gq-error.h"
#include "gq-query-client.h"

/**
 * GqMutationContext:
 *
 * One attempt of a mutation function.
 *
 * The engine hands a mutation context to the [callback@Gq.MutationFunc]:
 * it carries the variables of the mutation, its key and meta data, an
 * idempotency key and a [class@Gio.Cancellable]. The function completes it
 * exactly once, with [method@Gq.MutationContext.resolve] or
 * [method@Gq.MutationContext.reject], at once or later and from any
 * thread; the engine hears of the completion in a later iteration of the
 * main context the client lives on, like a resolved promise.
 *
 * The idempotency key is the same for every attempt of one mutation,
 * retries and resumptions after a restart included, so a server that
 * honours it (the HTTP source sends it as an `Idempotency-Key` header)
 * applies the mutation at most once.
 */

struct _GqMutationContext
{
  GObject             parent_instance;

  GqQueryClient      *client;
  JsonNode           *variables;
  JsonNode           *mutation_key;
  JsonNode           *meta;
  char               *idempotency_key;
  GCancellable       *cancellable;
  GMainContext       *main_context;

  GqMutationDoneFunc  done;
  gpointer            done_data;

  JsonNode           *result;
  GError             *error;
  gint                completed;
};

G_DEFINE_FINAL_TYPE (GqMutationContext, gq_mutation_context, G_TYPE_OBJECT)

static void
gq_mutation_context_finalize (GObject *object)
{
  GqMutationContext *self = (GqMutationContext *)object;

  g_clear_weak_pointer (&self->client);
  g_clear_pointer (&self->variables, json_node_unref);
  g_clear_pointer (&self->mutation_key, json_node_unref);
  g_clear_pointer (&self->meta, json_node_unref);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->result, json_node_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (gq_mutation_context_parent_class)->finalize (object);
}

static void
gq_mutation_context_class_init (GqMutationContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gq_mutation_context_finalize;
}

static void
gq_mutation_context_init (GqMutationContext *self)
{
  self->cancellable = g_cancellable_new ();
}

GqMutationContext *
_gq_mutation_context_new (GqQueryClient      *client,
                          JsonNode           *variables,
                          JsonNode           *mutation_key,
                          JsonNode           *meta,
                          const char         *idempotency_key,
                          GqMutationDoneFunc  done,
                          gpointer            done_data)
{
  GqMutationContext *self = g_object_new (GQ_TYPE_MUTATION_CONTEXT, NULL);

  g_set_weak_pointer (&self->client, client);
  self->variables = variables ? json_node_ref (variables) : NULL;
  self->mutation_key = mutation_key ? json_node_ref (mutation_key) : NULL;
  self->meta = meta ? json_node_ref (meta) : NULL;
  self->idempotency_key = g_strdup (idempotency_key);
  self->main_context = g_main_context_ref_thread_default ();
  self->done = done;
  self->done_data = done_data;

  return self;
}

void
_gq_mutation_context_abandon (GqMutationContext *self)
{
  g_return_if_fail (GQ_IS_MUTATION_CONTEXT (self));

  self->done = NULL;
  self->done_data = NULL;
  g_cancellable_cancel (self->cancellable);
}

static gboolean
deliver_completion (gpointer user_data)
{
  GqMutationContext *self = user_data;
  GqMutationDoneFunc done = self->done;

  self->done = NULL;
  if (done != NULL)
    done (self, self->result, self->error, self->done_data);

  return G_SOURCE_REMOVE;
}

static void
complete (GqMutationContext *self,
          JsonNode          *data,
          GError            *error)
{
  g_autoptr(GSource) source = NULL;

  if (!g_atomic_int_compare_and_exchange (&self->completed, 0, 1))
    {
      g_critical ("Mutation context %s completed twice; the second "
                  "completion is ignored",
                  self->idempotency_key ? self->idempotency_key : "(unknown)");
      if (error != NULL)
        g_error_free (error);
      return;
    }

  if (data != NULL)
    {
      json_node_seal (data);
      self->result = json_node_ref (data);
    }
  self->error = error;

  /* Always a later iteration, even when completed from inside the
   * mutation function, as a resolved promise is seen after the current
   * task. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_completion, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[gquery] mutation completion");
  g_source_attach (source, self->main_context);
}

/**
 * gq_mutation_context_resolve:
 * @self: a mutation context
 * @data: (nullable): the result; %NULL for a mutation that has none
 *   (TanStack's `undefined`), a JSON null node for null
 *
 * Completes the mutation with @data. The node is sealed: do not change it
 * afterwards.
 */
void
gq_mutation_context_resolve (GqMutationContext *self,
                             JsonNode          *data)
{
  g_return_if_fail (GQ_IS_MUTATION_CONTEXT (self));

  complete (self, data, NULL);
}

/**
 * gq_mutation_context_reject:
 * @self: a mutation context
 * @error: the failure
 *
 * Completes the mutation with an error; the engine may retry, as the
 * options' retry policy says.
 */
void
gq_mutation_context_reject (GqMutationContext *self,
                            GError            *error)
{
  g_return_if_fail (GQ_IS_MUTATION_CONTEXT (self));
  g_return_if_fail (error != NULL);

  complete (self, NULL, g_error_copy (error));
}

/**
 * gq_mutation_context_reject_literal:
 * @self: a mutation context
 * @domain: the error domain
 * @code: the error code
 * @message: the error message
 *
 * Completes the mutation with a new error.
 */
void
gq_mutation_context_reject_literal (GqMutationContext *self,
                                    GQuark             domain,
                                    int                code,
                                    const char        *message)
{
  g_return_if_fail (GQ_IS_MUTATION_CONTEXT (self));
  g_return_if_fail (message != NULL);

  complete (self, NULL, g_error_new_literal (domain, code, message));
}

/**
 * gq_mutation_context_is_completed:
 * @self: a mutation context
 *
 * Tells whether the mutation was resolved or rejected.
 *
 * Returns: %TRUE once completed
 */
gboolean
gq_mutation_context_is_completed (GqMutationContext *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_CONTEXT (self), FALSE);

  return g_atomic_int_get (&self->completed) != 0;
}

/**
 * gq_mutation_context_get_variables:
 * @self: a mutation context
 *
 * Gets the variables the mutation was called with.
 *
 * Returns: (transfer none) (nullable): the variables (sealed), %NULL when
 *   the mutation was called without any
 */
JsonNode *
gq_mutation_context_get_variables (GqMutationContext *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_CONTEXT (self), NULL);

  return self->variables;
}

/**
 * gq_mutation_context_get_mutation_key:
 * @self: a mutation context
 *
 * Gets the key of the mutation.
 *
 * Returns: (transfer none) (nullable): the mutation key, a JSON array
 */
JsonNode *
gq_mutation_context_get_mutation_key (GqMutationContext *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_CONTEXT (self), NULL);

  return self->mutation_key;
}

/**
 * gq_mutation_context_get_meta:
 * @self: a mutation context
 *
 * Gets the mutation's meta option.
 *
 * Returns: (transfer none) (nullable): the meta data
 */
JsonNode *
gq_mutation_context_get_meta (GqMutationContext *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_CONTEXT (self), NULL);

  return self->meta;
}

/**
 * gq_mutation_context_get_idempotency_key:
 * @self: a mutation context
 *
 * Gets the idempotency key of the mutation: a random UUID given to the
 * mutation when it was created, the same for every attempt and kept when
 * the mutation is persisted and resumed. Send it to the server so that a
 * replayed request is not applied twice.
 *
 * Returns: (nullable): the idempotency key
 */
const char *
gq_mutation_context_get_idempotency_key (GqMutationContext *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_CONTEXT (self), NULL);

  return self->idempotency_key;
}

/**
 * gq_mutation_context_get_cancellable:
 * @self: a mutation context
 *
 * Gets the cancellable the engine cancels when it no longer wants the
 * result, for instance when the mutation is removed from its cache while
 * it runs.
 *
 * Returns: (transfer none): the cancellable
 */
GCancellable *
gq_mutation_context_get_cancellable (GqMutationContext *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_CONTEXT (self), NULL);

  return self->cancellable;
}

/**
 * gq_mutation_context_get_client:
 * @self: a mutation context
 *
 * Gets the client the mutation belongs to.
 *
 * Returns: (transfer none) (nullable): the client, %NULL once it is gone
 */
GqQueryClient *
gq_mutation_context_get_client (GqMutationContext *self)
{
  g_return_val_if_fail (GQ_IS_MUTATION_CONTEXT (self), NULL);

  return self->client;
}
