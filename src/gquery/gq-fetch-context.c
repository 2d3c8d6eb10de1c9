/* gq-fetch-context.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-fetch-context-private.h"
#include "gq-error.h"
#include "gq-query-client.h"

/**
 * GqFetchContext:
 *
 * One attempt of a query function.
 *
 * The engine hands a fetch context to the [callback@Gq.QueryFunc]: it
 * carries the query key, the meta data, the page parameter of infinite
 * queries and a [class@Gio.Cancellable]. The function completes it exactly
 * once, with [method@Gq.FetchContext.resolve] or
 * [method@Gq.FetchContext.reject], at once or later and from any thread;
 * the engine hears of the completion in a later iteration of the main
 * context the client lives on, like a resolved promise.
 */

struct _GqFetchContext
{
  GObject           parent_instance;

  GqQueryClient    *client;
  JsonNode         *query_key;
  char             *query_hash;
  JsonNode         *meta;
  JsonNode         *page_param;
  GqFetchDirection  direction;
  GCancellable     *cancellable;
  GMainContext     *main_context;

  GqFetchDoneFunc   done;
  gpointer          done_data;

  JsonNode         *result;
  GError           *error;
  gint              completed;
  gboolean          cancellable_used;
  gboolean          abandoned;

  /* The attempt a page of an infinite query belongs to. */
  GqFetchContext   *attempt;
};

G_DEFINE_FINAL_TYPE (GqFetchContext, gq_fetch_context, G_TYPE_OBJECT)

static void
gq_fetch_context_finalize (GObject *object)
{
  GqFetchContext *self = (GqFetchContext *)object;

  g_clear_weak_pointer (&self->client);
  g_clear_pointer (&self->query_key, json_node_unref);
  g_clear_pointer (&self->query_hash, g_free);
  g_clear_pointer (&self->meta, json_node_unref);
  g_clear_pointer (&self->page_param, json_node_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->result, json_node_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->attempt);

  G_OBJECT_CLASS (gq_fetch_context_parent_class)->finalize (object);
}

static void
gq_fetch_context_class_init (GqFetchContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gq_fetch_context_finalize;
}

static void
gq_fetch_context_init (GqFetchContext *self)
{
  self->cancellable = g_cancellable_new ();
}

GqFetchContext *
_gq_fetch_context_new (GqQueryClient    *client,
                       JsonNode         *query_key,
                       const char       *query_hash,
                       JsonNode         *meta,
                       JsonNode         *page_param,
                       GqFetchDirection  direction,
                       GqFetchDoneFunc   done,
                       gpointer          done_data)
{
  GqFetchContext *self = g_object_new (GQ_TYPE_FETCH_CONTEXT, NULL);

  g_set_weak_pointer (&self->client, client);
  self->query_key = query_key ? json_node_ref (query_key) : NULL;
  self->query_hash = g_strdup (query_hash);
  self->meta = meta ? json_node_ref (meta) : NULL;
  self->page_param = page_param ? json_node_ref (page_param) : NULL;
  self->direction = direction;
  self->main_context = g_main_context_ref_thread_default ();
  self->done = done;
  self->done_data = done_data;

  return self;
}

GqFetchContext *
_gq_fetch_context_new_page (GqFetchContext   *attempt,
                            JsonNode         *page_param,
                            GqFetchDirection  direction,
                            GqFetchDoneFunc   done,
                            gpointer          done_data)
{
  GqFetchContext *self;

  g_return_val_if_fail (GQ_IS_FETCH_CONTEXT (attempt), NULL);

  self = _gq_fetch_context_new (attempt->client, attempt->query_key, attempt->query_hash,
                                attempt->meta, page_param, direction, done, done_data);
  g_set_object (&self->cancellable, attempt->cancellable);
  self->attempt = g_object_ref (attempt);

  return self;
}

void
_gq_fetch_context_abandon (GqFetchContext *self)
{
  g_return_if_fail (GQ_IS_FETCH_CONTEXT (self));

  self->done = NULL;
  self->done_data = NULL;
  self->abandoned = TRUE;
  g_cancellable_cancel (self->cancellable);
}

gboolean
_gq_fetch_context_is_abandoned (GqFetchContext *self)
{
  return self->abandoned;
}

gboolean
_gq_fetch_context_cancellable_used (GqFetchContext *self)
{
  return self->cancellable_used;
}

static gboolean
deliver_completion (gpointer user_data)
{
  GqFetchContext *self = user_data;
  GqFetchDoneFunc done = self->done;

  self->done = NULL;
  if (done != NULL)
    done (self, self->result, self->error, self->done_data);

  return G_SOURCE_REMOVE;
}

static void
complete (GqFetchContext *self,
          JsonNode       *data,
          GError         *error)
{
  g_autoptr(GSource) source = NULL;

  if (!g_atomic_int_compare_and_exchange (&self->completed, 0, 1))
    {
      g_critical ("Fetch context of query %s completed twice; the second "
                  "completion is ignored",
                  self->query_hash ? self->query_hash : "(unknown)");
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

  /* Always a later iteration, even when completed from inside the query
   * function: observers see "fetching" before the result, as a resolved
   * promise is seen after the current task. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_completion, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[gquery] fetch completion");
  g_source_attach (source, self->main_context);
}

/**
 * gq_fetch_context_resolve:
 * @self: a fetch context
 * @data: (nullable): the data; %NULL is an error ("data is undefined"),
 *   use a JSON null node for null data
 *
 * Completes the fetch with @data. The node is sealed: do not change it
 * afterwards.
 */
void
gq_fetch_context_resolve (GqFetchContext *self,
                          JsonNode       *data)
{
  g_return_if_fail (GQ_IS_FETCH_CONTEXT (self));

  complete (self, data, NULL);
}

/**
 * gq_fetch_context_reject:
 * @self: a fetch context
 * @error: the failure
 *
 * Completes the fetch with an error; the engine may retry.
 */
void
gq_fetch_context_reject (GqFetchContext *self,
                         GError         *error)
{
  g_return_if_fail (GQ_IS_FETCH_CONTEXT (self));
  g_return_if_fail (error != NULL);

  complete (self, NULL, g_error_copy (error));
}

/**
 * gq_fetch_context_reject_literal:
 * @self: a fetch context
 * @domain: the error domain
 * @code: the error code
 * @message: the error message
 *
 * Completes the fetch with a new error.
 */
void
gq_fetch_context_reject_literal (GqFetchContext *self,
                                 GQuark          domain,
                                 int             code,
                                 const char     *message)
{
  g_return_if_fail (GQ_IS_FETCH_CONTEXT (self));
  g_return_if_fail (message != NULL);

  complete (self, NULL, g_error_new_literal (domain, code, message));
}

/**
 * gq_fetch_context_is_completed:
 * @self: a fetch context
 *
 * Tells whether the fetch was resolved or rejected.
 *
 * Returns: %TRUE once completed
 */
gboolean
gq_fetch_context_is_completed (GqFetchContext *self)
{
  g_return_val_if_fail (GQ_IS_FETCH_CONTEXT (self), FALSE);

  return g_atomic_int_get (&self->completed) != 0;
}

/**
 * gq_fetch_context_get_query_key:
 * @self: a fetch context
 *
 * Gets the key of the query being fetched.
 *
 * Returns: (transfer none): the query key
 */
JsonNode *
gq_fetch_context_get_query_key (GqFetchContext *self)
{
  g_return_val_if_fail (GQ_IS_FETCH_CONTEXT (self), NULL);

  return self->query_key;
}

/**
 * gq_fetch_context_get_query_hash:
 * @self: a fetch context
 *
 * Gets the hash of the query being fetched.
 *
 * Returns: (nullable): the query hash
 */
const char *
gq_fetch_context_get_query_hash (GqFetchContext *self)
{
  g_return_val_if_fail (GQ_IS_FETCH_CONTEXT (self), NULL);

  return self->query_hash;
}

/**
 * gq_fetch_context_get_meta:
 * @self: a fetch context
 *
 * Gets the query's meta option.
 *
 * Returns: (transfer none) (nullable): the meta data
 */
JsonNode *
gq_fetch_context_get_meta (GqFetchContext *self)
{
  g_return_val_if_fail (GQ_IS_FETCH_CONTEXT (self), NULL);

  return self->meta;
}

/**
 * gq_fetch_context_get_page_param:
 * @self: a fetch context
 *
 * Gets the page parameter of an infinite query's page fetch.
 *
 * Returns: (transfer none) (nullable): the page parameter
 */
JsonNode *
gq_fetch_context_get_page_param (GqFetchContext *self)
{
  g_return_val_if_fail (GQ_IS_FETCH_CONTEXT (self), NULL);

  return self->page_param;
}

/**
 * gq_fetch_context_get_direction:
 * @self: a fetch context
 *
 * Gets which page an infinite query fetches.
 *
 * Returns: the direction
 */
GqFetchDirection
gq_fetch_context_get_direction (GqFetchContext *self)
{
  g_return_val_if_fail (GQ_IS_FETCH_CONTEXT (self), GQ_FETCH_DIRECTION_NONE);

  return self->direction;
}

/**
 * gq_fetch_context_get_cancellable:
 * @self: a fetch context
 *
 * Gets the cancellable the engine cancels when it no longer wants the
 * result.
 *
 * Asking for it tells the engine that the function honours cancellation
 * (TanStack's "signal consumed"): when the last observer leaves, such a
 * fetch is cancelled and the query reverts, where an unobserved fetch
 * would otherwise be left to finish and fill the cache.
 *
 * Returns: (transfer none): the cancellable
 */
GCancellable *
gq_fetch_context_get_cancellable (GqFetchContext *self)
{
  g_return_val_if_fail (GQ_IS_FETCH_CONTEXT (self), NULL);

  self->cancellable_used = TRUE;
  if (self->attempt != NULL)
    self->attempt->cancellable_used = TRUE;

  return self->cancellable;
}

/**
 * gq_fetch_context_get_client:
 * @self: a fetch context
 *
 * Gets the client the query belongs to.
 *
 * Returns: (transfer none) (nullable): the client
 */
GqQueryClient *
gq_fetch_context_get_client (GqFetchContext *self)
{
  g_return_val_if_fail (GQ_IS_FETCH_CONTEXT (self), NULL);

  return self->client;
}
