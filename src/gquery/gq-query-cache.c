/* gq-query-cache.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-cache-private.h"
#include "gq-enum-types.h"
#include "gq-json.h"
#include "gq-key.h"
#include "gq-query-client-private.h"
#include "gq-query-filters-private.h"
#include "gq-query-options-private.h"
#include "gq-query-private.h"

/**
 * GqQueryCache:
 *
 * The registry of a client's queries, indexed by their key's hash.
 *
 * It keeps queries in the order they were added and reports every change
 * through [signal@Gq.QueryCache::event], which is what devtools and
 * persisters follow.
 */

struct _GqQueryCache
{
  GObject     parent_instance;

  GHashTable *by_hash;
  GQueue      order;
  /* Prefix index: the canonical text of every leading run of scalar key
   * elements ("[\"group\",7") → the entries whose key starts so, in
   * insertion order. A filter such as ["group", 7] then visits only the
   * queries it can match instead of the whole cache. */
  GHashTable *by_prefix;
  /* Every live query built here, cached or not, and the clients they were
   * built for: they learn here when either goes (see _gq_query_cache_track). */
  GHashTable *tracked;
  GPtrArray  *clients;
};

enum {
  EVENT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqQueryCache, gq_query_cache, G_TYPE_OBJECT)

typedef struct
{
  char   *prefix;   /* owned by by_prefix */
  GQueue *bucket;
  GList   link;
} PrefixLink;

typedef struct
{
  GqQuery    *query;
  GList       link;
  guint       n_prefixes;
  PrefixLink *prefixes;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_object_unref (entry->query);
  g_free (entry->prefixes);
  g_free (entry);
}

static gboolean
is_scalar (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node);
}

/* The canonical text of @key's first @length elements, without the closing
 * bracket, so that it is a prefix of the key's hash. */
static char *
prefix_text (JsonArray *key,
             guint      length)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < length; i++)
    {
      g_autofree char *element = gq_json_to_canonical (json_array_get_element (key, i));

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, element);
    }

  return g_string_free (text, FALSE);
}

/* How many leading elements of @key are scalars: those match by equality,
 * where objects and arrays match by subset and by prefix. */
static guint
scalar_prefix_length (JsonNode *key)
{
  JsonArray *array;
  guint length = 0;

  if (key == NULL || !JSON_NODE_HOLDS_ARRAY (key))
    return 0;

  array = json_node_get_array (key);
  while (length < json_array_get_length (array) &&
         is_scalar (json_array_get_element (array, length)))
    length++;

  return length;
}

static void
index_entry (GqQueryCache *self,
             Entry        *entry)
{
  JsonNode *key = gq_query_get_query_key (entry->query);
  guint n = scalar_prefix_length (key);

  entry->n_prefixes = n;
  entry->prefixes = g_new0 (PrefixLink, n);

  for (guint i = 0; i < n; i++)
    {
      PrefixLink *link = &entry->prefixes[i];
      char *prefix = prefix_text (json_node_get_array (key), i + 1);
      char *stored = NULL;

      if (!g_hash_table_lookup_extended (self->by_prefix, prefix,
                                         (gpointer *) &stored, (gpointer *) &link->bucket))
        {
          link->bucket = g_queue_new ();
          stored = prefix;
          g_hash_table_insert (self->by_prefix, stored, link->bucket);
        }
      else
        g_free (prefix);

      link->prefix = stored;
      link->link.data = entry;
      g_queue_push_tail_link (link->bucket, &link->link);
    }
}

static void
unindex_entry (GqQueryCache *self,
               Entry        *entry)
{
  for (guint i = 0; i < entry->n_prefixes; i++)
    {
      PrefixLink *link = &entry->prefixes[i];

      g_queue_unlink (link->bucket, &link->link);
      if (g_queue_is_empty (link->bucket))
        g_hash_table_remove (self->by_prefix, link->prefix);
    }

  entry->n_prefixes = 0;
}

static void
gq_query_cache_dispose (GObject *object)
{
  GqQueryCache *self = (GqQueryCache *)object;

  while (self->order.head != NULL)
    {
      Entry *entry = self->order.head->data;
      GqQuery *query = g_object_ref (entry->query);

      g_queue_unlink (&self->order, &entry->link);
      unindex_entry (self, entry);
      g_hash_table_remove (self->by_hash, gq_query_get_query_hash (query));
      _gq_query_destroy (query);
      g_object_unref (query);
    }

  G_OBJECT_CLASS (gq_query_cache_parent_class)->dispose (object);
}

static void
on_client_gone (gpointer  data,
                GObject  *where_the_client_was)
{
  GqQueryCache *self = data;
  GHashTableIter iter;
  gpointer query;

  g_ptr_array_remove_fast (self->clients, where_the_client_was);

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, &query, NULL))
    _gq_query_forget_owners (query, (GqQueryClient *) where_the_client_was, FALSE);
}

void
_gq_query_cache_track (GqQueryCache  *self,
                       GqQuery       *query,
                       GqQueryClient *client)
{
  g_hash_table_add (self->tracked, query);

  if (client != NULL && !g_ptr_array_find (self->clients, client, NULL))
    {
      g_object_weak_ref (G_OBJECT (client), on_client_gone, self);
      g_ptr_array_add (self->clients, client);
    }
}

void
_gq_query_cache_untrack (GqQueryCache *self,
                         GqQuery      *query)
{
  g_hash_table_remove (self->tracked, query);
}

static void
gq_query_cache_finalize (GObject *object)
{
  GqQueryCache *self = (GqQueryCache *)object;
  GHashTableIter iter;
  gpointer query;

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, &query, NULL))
    _gq_query_forget_owners (query, NULL, TRUE);
  g_clear_pointer (&self->tracked, g_hash_table_unref);

  for (guint i = 0; i < self->clients->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->clients, i), on_client_gone, self);
  g_clear_pointer (&self->clients, g_ptr_array_unref);

  g_clear_pointer (&self->by_hash, g_hash_table_unref);
  g_clear_pointer (&self->by_prefix, g_hash_table_unref);

  G_OBJECT_CLASS (gq_query_cache_parent_class)->finalize (object);
}

static void
gq_query_cache_class_init (GqQueryCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gq_query_cache_dispose;
  object_class->finalize = gq_query_cache_finalize;

  /**
   * GqQueryCache::event:
   * @self: the cache
   * @type: what happened
   * @query: the query it happened to
   * @observer: (nullable): the observer, for observer events
   *
   * Reports a change of the cache, synchronously, after the change.
   */
  signals [EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 3,
                  GQ_TYPE_CACHE_EVENT_TYPE,
                  GQ_TYPE_QUERY,
                  G_TYPE_OBJECT);
}

static void
gq_query_cache_init (GqQueryCache *self)
{
  self->by_hash = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  self->by_prefix = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_queue_free);
  g_queue_init (&self->order);
  self->tracked = g_hash_table_new (NULL, NULL);
  self->clients = g_ptr_array_new ();
}

/**
 * gq_query_cache_new:
 *
 * Creates an empty cache. A [class@Gq.QueryClient] makes its own; this is
 * for tests and special set-ups.
 *
 * Returns: (transfer full): a new cache
 */
GqQueryCache *
gq_query_cache_new (void)
{
  return g_object_new (GQ_TYPE_QUERY_CACHE, NULL);
}

void
_gq_query_cache_notify (GqQueryCache     *self,
                        GqCacheEventType  type,
                        GqQuery          *query,
                        GObject          *observer)
{
  /* Every state change of every query passes here: skip building the
   * emission when nobody listens. */
  if (g_signal_has_handler_pending (self, signals [EVENT], 0, FALSE))
    g_signal_emit (self, signals [EVENT], 0, type, query, observer);
}

GqQuery *
_gq_query_cache_build (GqQueryCache   *self,
                       GqQueryClient  *client,
                       GqQueryOptions *options,
                       GqQueryState   *state)
{
  const char *hash = gq_query_options_get_query_hash (options);
  g_autofree char *computed = NULL;
  GqQuery *query;
  Entry *entry;

  if (hash == NULL)
    hash = computed = gq_key_hash (gq_query_options_get_query_key (options));

  query = gq_query_cache_get (self, hash);
  if (query != NULL)
    return query;

  query = _gq_query_new (client, self, gq_query_options_get_query_key (options), hash, options, state);

  entry = g_new0 (Entry, 1);
  entry->query = query;
  entry->link.data = entry;
  g_hash_table_insert (self->by_hash, (gpointer) gq_query_get_query_hash (query), entry);
  g_queue_push_tail_link (&self->order, &entry->link);
  index_entry (self, entry);

  _gq_query_cache_notify (self, GQ_CACHE_EVENT_ADDED, query, NULL);

  /* An unobserved query starts its gc clock at once. */
  _gq_query_schedule_gc (query);

  return query;
}

/**
 * gq_query_cache_get:
 * @self: a cache
 * @query_hash: a key hash, as [func@Gq.key_hash] computes it
 *
 * Looks a query up by hash.
 *
 * Returns: (transfer none) (nullable): the query
 */
GqQuery *
gq_query_cache_get (GqQueryCache *self,
                    const char   *query_hash)
{
  Entry *entry;

  g_return_val_if_fail (GQ_IS_QUERY_CACHE (self), NULL);
  g_return_val_if_fail (query_hash != NULL, NULL);

  entry = g_hash_table_lookup (self->by_hash, query_hash);

  return entry ? entry->query : NULL;
}

/**
 * gq_query_cache_find:
 * @self: a cache
 * @filters: the filters; their key, if any, is matched exactly unless
 *   [property@Gq.QueryFilters:exact] was set to %FALSE explicitly, as
 *   TanStack's `find` defaults `exact` to true
 *
 * Finds the first query, in insertion order, that @filters match.
 *
 * Returns: (transfer none) (nullable): the query
 */
GqQuery *
gq_query_cache_find (GqQueryCache   *self,
                     GqQueryFilters *filters)
{
  g_autoptr(GqQueryFilters) exact = NULL;
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (GQ_IS_QUERY_CACHE (self), NULL);
  g_return_val_if_fail (GQ_IS_QUERY_FILTERS (filters), NULL);

  exact = _gq_query_filters_copy_with_type (filters, gq_query_filters_get_query_type (filters));
  if (!_gq_query_filters_has_exact (filters))
    gq_query_filters_set_exact (exact, TRUE);
  found = gq_query_cache_find_all (self, exact);

  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/**
 * gq_query_cache_find_all:
 * @self: a cache
 * @filters: (nullable): the filters; %NULL matches every query
 *
 * Finds every query @filters match, in insertion order.
 *
 * Returns: (transfer container) (element-type GqQuery): the queries
 */
GPtrArray *
gq_query_cache_find_all (GqQueryCache   *self,
                         GqQueryFilters *filters)
{
  g_autoptr(GPtrArray) snapshot = NULL;
  GPtrArray *result;
  GQueue *candidates;

  g_return_val_if_fail (GQ_IS_QUERY_CACHE (self), NULL);
  g_return_val_if_fail (!filters || GQ_IS_QUERY_FILTERS (filters), NULL);

  result = g_ptr_array_new_with_free_func (g_object_unref);

  if (filters != NULL &&
      gq_query_filters_get_query_key (filters) != NULL &&
      gq_query_filters_get_exact (filters))
    {
      g_autofree char *hash = gq_key_hash (gq_query_filters_get_query_key (filters));
      GqQuery *query = gq_query_cache_get (self, hash);

      if (query != NULL && gq_query_filters_matches (filters, query))
        g_ptr_array_add (result, g_object_ref (query));
      return result;
    }

  candidates = &self->order;

  if (filters != NULL && gq_query_filters_get_query_key (filters) != NULL)
    {
      JsonNode *key = gq_query_filters_get_query_key (filters);
      guint length = scalar_prefix_length (key);

      if (length > 0)
        {
          g_autofree char *prefix = prefix_text (json_node_get_array (key), length);

          candidates = g_hash_table_lookup (self->by_prefix, prefix);
          if (candidates == NULL)
            return result;
        }
    }

  /* Match on a snapshot: a predicate may change the cache. */
  snapshot = g_ptr_array_new_full (candidates->length, g_object_unref);
  for (GList *l = candidates->head; l != NULL; l = l->next)
    g_ptr_array_add (snapshot, g_object_ref (((Entry *) l->data)->query));

  for (guint i = 0; i < snapshot->len; i++)
    {
      GqQuery *query = g_ptr_array_index (snapshot, i);

      if (filters == NULL || gq_query_filters_matches (filters, query))
        g_ptr_array_add (result, g_object_ref (query));
    }

  return result;
}

/**
 * gq_query_cache_get_all:
 * @self: a cache
 *
 * Lists every query, in insertion order.
 *
 * Returns: (transfer container) (element-type GqQuery): the queries
 */
GPtrArray *
gq_query_cache_get_all (GqQueryCache *self)
{
  return gq_query_cache_find_all (self, NULL);
}

/**
 * gq_query_cache_get_size:
 * @self: a cache
 *
 * Counts the queries in the cache.
 *
 * Returns: the number of queries
 */
guint
gq_query_cache_get_size (GqQueryCache *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_CACHE (self), 0);

  return self->order.length;
}

/**
 * gq_query_cache_remove:
 * @self: a cache
 * @query: a query
 *
 * Removes @query: its fetch is cancelled silently, whoever awaited it gets
 * a cancellation error, and [signal@Gq.QueryCache::event] reports
 * %GQ_CACHE_EVENT_REMOVED.
 */
void
gq_query_cache_remove (GqQueryCache *self,
                       GqQuery      *query)
{
  g_autoptr(GqQuery) hold = NULL;
  Entry *entry;

  g_return_if_fail (GQ_IS_QUERY_CACHE (self));
  g_return_if_fail (GQ_IS_QUERY (query));

  entry = g_hash_table_lookup (self->by_hash, gq_query_get_query_hash (query));
  if (entry == NULL || entry->query != query)
    return;

  hold = g_object_ref (query);
  _gq_query_destroy (query);

  g_queue_unlink (&self->order, &entry->link);
  unindex_entry (self, entry);
  g_hash_table_remove (self->by_hash, gq_query_get_query_hash (query));

  _gq_query_cache_notify (self, GQ_CACHE_EVENT_REMOVED, query, NULL);
}

/**
 * gq_query_cache_clear:
 * @self: a cache
 *
 * Removes every query.
 */
void
gq_query_cache_clear (GqQueryCache *self)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_if_fail (GQ_IS_QUERY_CACHE (self));

  all = gq_query_cache_get_all (self);
  for (guint i = 0; i < all->len; i++)
    gq_query_cache_remove (self, g_ptr_array_index (all, i));
}

void
_gq_query_cache_on_focus (GqQueryCache *self)
{
  g_autoptr(GPtrArray) all = gq_query_cache_get_all (self);

  for (guint i = 0; i < all->len; i++)
    _gq_query_on_focus (g_ptr_array_index (all, i));
}

void
_gq_query_cache_on_online (GqQueryCache *self)
{
  g_autoptr(GPtrArray) all = gq_query_cache_get_all (self);

  for (guint i = 0; i < all->len; i++)
    _gq_query_on_online (g_ptr_array_index (all, i));
}
