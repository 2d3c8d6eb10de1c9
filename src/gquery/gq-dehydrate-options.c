/* gq-dehydrate-options.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-dehydrate-options.h"
#include "gq-dehydrate-options-private.h"

/**
 * GqDehydrateOptions:
 *
 * What [func@Gq.dehydrate] writes: TanStack Query's `DehydrateOptions`.
 *
 * Each function that is not set falls back to the one set on the client's
 * default dehydrate options
 * ([method@Gq.QueryClient.set_default_dehydrate_options]), then to the
 * built-in default: successful queries
 * ([func@Gq.default_should_dehydrate_query]), paused mutations
 * ([func@Gq.default_should_dehydrate_mutation]), errors kept as they are,
 * data written as it is.
 */

struct _GqDehydrateOptions
{
  GObject          parent_instance;

  GqOptionClosure *funcs[GQ_DEHYDRATE_FUNC_LAST];
};

G_DEFINE_FINAL_TYPE (GqDehydrateOptions, gq_dehydrate_options, G_TYPE_OBJECT)

static void
gq_dehydrate_options_finalize (GObject *object)
{
  GqDehydrateOptions *self = (GqDehydrateOptions *)object;

  for (guint i = 0; i < GQ_DEHYDRATE_FUNC_LAST; i++)
    g_clear_pointer (&self->funcs[i], _gq_option_closure_unref);

  G_OBJECT_CLASS (gq_dehydrate_options_parent_class)->finalize (object);
}

static void
gq_dehydrate_options_class_init (GqDehydrateOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gq_dehydrate_options_finalize;
}

static void
gq_dehydrate_options_init (GqDehydrateOptions *self)
{
}

static void
set_func (GqDehydrateOptions *self,
          GqDehydrateFunc     slot,
          GCallback           func,
          gpointer            user_data,
          GDestroyNotify      destroy)
{
  g_clear_pointer (&self->funcs[slot], _gq_option_closure_unref);

  if (func != NULL)
    self->funcs[slot] = _gq_option_closure_new (func, user_data, destroy);
  else if (destroy != NULL)
    destroy (user_data);
}

GqOptionClosure *
_gq_dehydrate_options_lookup (GqDehydrateOptions *self,
                              GqDehydrateOptions *fallback,
                              GqDehydrateFunc     func)
{
  g_assert (func < GQ_DEHYDRATE_FUNC_LAST);

  if (self != NULL && self->funcs[func] != NULL)
    return self->funcs[func];
  if (fallback != NULL)
    return fallback->funcs[func];

  return NULL;
}

/**
 * gq_dehydrate_options_new:
 *
 * Creates options with nothing set: the client's defaults apply.
 *
 * Returns: (transfer full): new options
 */
GqDehydrateOptions *
gq_dehydrate_options_new (void)
{
  return g_object_new (GQ_TYPE_DEHYDRATE_OPTIONS, NULL);
}

/**
 * gq_dehydrate_options_set_should_dehydrate_query_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the filter; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets which queries are written. By default only successful ones are
 * ([func@Gq.default_should_dehydrate_query]): a pending query has nothing
 * to restore, and a failed one would come back failed.
 */
void
gq_dehydrate_options_set_should_dehydrate_query_func (GqDehydrateOptions *self,
                                                      GqQueryPredicate    func,
                                                      gpointer            user_data,
                                                      GDestroyNotify      destroy)
{
  g_return_if_fail (GQ_IS_DEHYDRATE_OPTIONS (self));

  set_func (self, GQ_DEHYDRATE_FUNC_SHOULD_DEHYDRATE_QUERY, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_dehydrate_options_set_should_dehydrate_mutation_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the filter; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets which mutations are written. By default only paused ones are
 * ([func@Gq.default_should_dehydrate_mutation]);
 * [class@Gq.PersistController] writes every pending one, running or
 * paused, unless told otherwise.
 */
void
gq_dehydrate_options_set_should_dehydrate_mutation_func (GqDehydrateOptions  *self,
                                                         GqMutationPredicate  func,
                                                         gpointer             user_data,
                                                         GDestroyNotify       destroy)
{
  g_return_if_fail (GQ_IS_DEHYDRATE_OPTIONS (self));

  set_func (self, GQ_DEHYDRATE_FUNC_SHOULD_DEHYDRATE_MUTATION, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_dehydrate_options_set_should_redact_error_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   returns %TRUE for an error whose message must not be written; %NULL
 *   unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets which errors of the written states (a query's error and failure
 * reason, a mutation's) lose their message: a redacted error keeps its
 * domain and code, with the message `redacted`. By default no error is
 * redacted.
 *
 * TanStack Query redacts by default, but only the error of a pending
 * query's promise, which is sent from a server to browsers; gquery has no
 * promises in its dehydrated state and writes it for the same user.
 */
void
gq_dehydrate_options_set_should_redact_error_func (GqDehydrateOptions *self,
                                                   GqErrorPredicate    func,
                                                   gpointer            user_data,
                                                   GDestroyNotify      destroy)
{
  g_return_if_fail (GQ_IS_DEHYDRATE_OPTIONS (self));

  set_func (self, GQ_DEHYDRATE_FUNC_SHOULD_REDACT_ERROR, G_CALLBACK (func), user_data, destroy);
}

/**
 * gq_dehydrate_options_set_serialize_data_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   maps each query's data to what is written; %NULL unsets it
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when @func is no longer needed
 *
 * Sets a function applied to each written query's data, TanStack's
 * `serializeData`; [method@Gq.HydrateOptions.set_deserialize_data_func]
 * is its inverse.
 */
void
gq_dehydrate_options_set_serialize_data_func (GqDehydrateOptions  *self,
                                              GqDataTransformFunc  func,
                                              gpointer             user_data,
                                              GDestroyNotify       destroy)
{
  g_return_if_fail (GQ_IS_DEHYDRATE_OPTIONS (self));

  set_func (self, GQ_DEHYDRATE_FUNC_SERIALIZE_DATA, G_CALLBACK (func), user_data, destroy);
}
