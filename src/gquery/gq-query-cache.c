/* gq-query-cache.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-cache-private.h"
#include "gq-enum-types.h"
#include "gq-json.h"
#include "gq-json-private.h"
#include "gq-key.h"
#include "gq-query-client-private.h"
#include "gq-query-filters-private.h"
#include "gq-query-options-private.h"
#include "gq-query-private.h"

#include <math.h>
#include <string.h>

/**
 * GqQueryCache:
 *
 * The registry of a client's queries, indexed by their key's hash.
 *
 * It keeps queries in the order they were added and reports every change
 * through [signal@Gq.QueryCache::event], which is what devtools and
 * persisters follow.
 */

typedef struct _Entry Entry;

/* The hash is kept beside the entry so that probing and growing read no
 * entry but the one found. */
typedef struct
{
  guint   hash_value;
  Entry  *entry;
} HashSlot;

struct _GqQueryCache
{
  GObject     parent_instance;

  /* Entries by their query's hash: open addressing, linear probing, at
   * most half full. A GHashTable spent more on growing (its rehash) than
   * the rest of adding a query, and a lookup read three of its arrays
   * before the key. */
  HashSlot   *slots;
  guint       slots_mask;
  guint       n_entries;
  GQueue      order;
  guint64     next_serial;
  /* Prefix index: the canonical text of every leading run of scalar key
   * elements shorter than the key ("[\"group\",7" for ["group", 7, {...}])
   * → a Bucket of the entries whose key starts so, in insertion order. A
   * filter such as ["group", 7] then visits only the queries it can match
   * instead of the whole cache; the key equal to such a filter is found by
   * its hash, so most keys (all scalars: ["todo", 5]) need no bucket of
   * their own. */
  GHashTable *by_prefix;
  /* Every live query built here, cached or not, linked through the query,
   * and the clients they were built for: they learn here when either goes
   * (see _gq_query_cache_track). */
  GQueue      tracked;
  GPtrArray  *clients;
  /* Entries removed so far: with next_serial, the cache's generation. */
  guint64     n_removed;
};

enum {
  EVENT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqQueryCache, gq_query_cache, G_TYPE_OBJECT)

typedef struct
{
  char   *prefix;
  GQueue  entries;
} Bucket;

typedef struct
{
  Bucket *bucket;
  GList   link;
} PrefixLink;

struct _Entry
{
  GqQuery    *query;
  GList       link;
  guint64     serial;
  guint       n_prefixes;
  /* Where a removal starts looking for the entry's slot; it fills the
   * padding, so an entry is no larger than before the table. */
  guint       hash_value;
  PrefixLink  prefixes[];
};

static void
bucket_free (gpointer data)
{
  Bucket *bucket = data;

  g_free (bucket->prefix);
  g_free (bucket);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_object_unref (entry->query);
  g_free (entry);
}

#define MIN_SLOTS 16

/* Canonical texts of keys differ in a few bytes ("[\"items\",17]"): mix
 * them a word at a time, then spread every bit over the low ones that
 * pick the slot. */
static guint
hash_text (const char *text,
           gsize       len)
{
  const guint64 k = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  guint64 h = len * k;
  guint64 word;

  for (; len >= 8; text += 8, len -= 8)
    {
      memcpy (&word, text, 8);
      h = (h ^ word) * k;
      h ^= h >> 29;
    }
  if (len > 0)
    {
      word = 0;
      memcpy (&word, text, len);
      h = (h ^ word) * k;
    }

  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
  h ^= h >> 33;

  return (guint) h;
}

static Entry *
table_lookup (GqQueryCache *self,
              const char   *hash,
              gsize         len)
{
  guint hash_value = hash_text (hash, len);

  for (guint i = hash_value & self->slots_mask;; i = (i + 1) & self->slots_mask)
    {
      HashSlot *slot = &self->slots[i];

      if (slot->entry == NULL)
        return NULL;
      if (slot->hash_value == hash_value &&
          strcmp (gq_query_get_query_hash (slot->entry->query), hash) == 0)
        return slot->entry;
    }
}

static void
table_place (HashSlot *slots,
             guint     mask,
             guint     hash_value,
             Entry    *entry)
{
  guint i = hash_value & mask;

  while (slots[i].entry != NULL)
    i = (i + 1) & mask;
  slots[i].hash_value = hash_value;
  slots[i].entry = entry;
}

static void
table_resize (GqQueryCache *self,
              guint         n_slots)
{
  HashSlot *old = self->slots;
  guint old_n = self->slots_mask + 1;

  self->slots = g_new0 (HashSlot, n_slots);
  self->slots_mask = n_slots - 1;
  for (guint i = 0; i < old_n; i++)
    {
      if (old[i].entry != NULL)
        table_place (self->slots, self->slots_mask, old[i].hash_value, old[i].entry);
    }
  g_free (old);
}

/* @entry's hash must not be in the table yet. */
static void
table_insert (GqQueryCache *self,
              Entry        *entry)
{
  const char *hash = gq_query_get_query_hash (entry->query);

  if (2 * (self->n_entries + 1) > self->slots_mask + 1)
    table_resize (self, 2 * (self->slots_mask + 1));

  entry->hash_value = hash_text (hash, strlen (hash));
  table_place (self->slots, self->slots_mask, entry->hash_value, entry);
  self->n_entries++;
}

/* Takes @entry out, moving back the entries after it in its run that
 * may sit earlier: linear probing then needs no tombstones. */
static void
table_remove (GqQueryCache *self,
              Entry        *entry)
{
  guint mask = self->slots_mask;
  guint i = entry->hash_value & mask;
  guint j;

  while (self->slots[i].entry != entry)
    i = (i + 1) & mask;
  self->slots[i].entry = NULL;

  for (j = (i + 1) & mask; self->slots[j].entry != NULL; j = (j + 1) & mask)
    {
      guint home = self->slots[j].hash_value & mask;

      /* Slot j's entry may move to the hole at i unless its home lies
       * cyclically in (i, j]. */
      if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
        {
          self->slots[i] = self->slots[j];
          self->slots[j].entry = NULL;
          i = j;
        }
    }

  self->n_entries--;
  if (self->slots_mask + 1 > MIN_SLOTS && 8 * self->n_entries < self->slots_mask + 1)
    table_resize (self, (self->slots_mask + 1) / 2);
}

static gboolean
is_scalar (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node);
}

/* How many leading elements of @key are scalars: those match by equality,
 * where objects and arrays match by subset and by prefix. */
static guint
scalar_prefix_length (JsonNode *key,
                      guint    *key_length)
{
  JsonArray *array;
  guint length = 0;
  guint n;

  *key_length = 0;
  if (key == NULL || !JSON_NODE_HOLDS_ARRAY (key))
    return 0;

  array = json_node_get_array (key);
  n = json_array_get_length (array);
  while (length < n && is_scalar (json_array_get_element (array, length)))
    length++;

  *key_length = n;
  return length;
}

static Bucket *
bucket_for (GqQueryCache *self,
            char         *prefix)
{
  Bucket *bucket = g_hash_table_lookup (self->by_prefix, prefix);

  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->prefix = g_strdup (prefix);
      g_queue_init (&bucket->entries);
      g_hash_table_insert (self->by_prefix, bucket->prefix, bucket);
    }

  return bucket;
}

/* Most keys have a scalar or two before any object: the ends of their
 * prefixes are kept on the stack. */
#define STACK_PREFIXES 8

/* A new entry for @query, indexed under the text of each leading run of
 * scalars shorter than its key: an all-scalar key equal to a filter is
 * found by its hash instead, unless its hash is not its key's text. */
static Entry *
entry_new (GqQueryCache *self,
           GqQuery      *query)
{
  JsonNode *key = gq_query_get_query_key (query);
  gsize stack_ends[STACK_PREFIXES];
  g_autofree gsize *heap_ends = NULL;
  GqCanonical text;
  gsize *ends = stack_ends;
  guint key_length;
  guint n = scalar_prefix_length (key, &key_length);
  guint n_indexed = n;
  Entry *entry;

  if (n > STACK_PREFIXES)
    ends = heap_ends = g_new (gsize, n);

  if (n > 0)
    {
      _gq_canonical_init_prefix (&text, json_node_get_array (key), n, ends);
      if (n == key_length)
        {
          const char *hash = gq_query_get_query_hash (query);

          if (strncmp (hash, text.str, text.len) == 0 && g_str_equal (hash + text.len, "]"))
            n_indexed--;
        }
    }

  entry = g_malloc0 (sizeof (Entry) + n_indexed * sizeof (PrefixLink));
  entry->query = query;
  entry->link.data = entry;
  entry->serial = self->next_serial++;
  entry->n_prefixes = n_indexed;

  for (guint i = 0; i < n_indexed; i++)
    {
      PrefixLink *link = &entry->prefixes[i];
      char saved = text.str[ends[i]];

      /* The text up to element i is the prefix: end it there a moment. */
      text.str[ends[i]] = '\0';
      link->bucket = bucket_for (self, text.str);
      text.str[ends[i]] = saved;

      link->link.data = entry;
      g_queue_push_tail_link (&link->bucket->entries, &link->link);
    }

  if (n > 0)
    _gq_canonical_clear (&text);

  return entry;
}

static void
unindex_entry (GqQueryCache *self,
               Entry        *entry)
{
  for (guint i = 0; i < entry->n_prefixes; i++)
    {
      Bucket *bucket = entry->prefixes[i].bucket;

      g_queue_unlink (&bucket->entries, &entry->prefixes[i].link);
      if (g_queue_is_empty (&bucket->entries))
        g_hash_table_remove (self->by_prefix, bucket->prefix);
    }

  entry->n_prefixes = 0;
  self->n_removed++;
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
      table_remove (self, entry);
      entry_free (entry);
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

  g_ptr_array_remove_fast (self->clients, where_the_client_was);

  for (GList *l = self->tracked.head; l != NULL; l = l->next)
    _gq_query_forget_owners (l->data, (GqQueryClient *) where_the_client_was, FALSE);
}

void
_gq_query_cache_track (GqQueryCache  *self,
                       GqQuery       *query,
                       GqQueryClient *client,
                       GList         *link)
{
  link->data = query;
  g_queue_push_tail_link (&self->tracked, link);

  if (client != NULL && !g_ptr_array_find (self->clients, client, NULL))
    {
      g_object_weak_ref (G_OBJECT (client), on_client_gone, self);
      g_ptr_array_add (self->clients, client);
    }
}

void
_gq_query_cache_untrack (GqQueryCache *self,
                         GList        *link)
{
  g_queue_unlink (&self->tracked, link);
}

static void
gq_query_cache_finalize (GObject *object)
{
  GqQueryCache *self = (GqQueryCache *)object;

  while (self->tracked.head != NULL)
    {
      GqQuery *query = self->tracked.head->data;

      g_queue_unlink (&self->tracked, self->tracked.head);
      _gq_query_forget_owners (query, NULL, TRUE);
    }

  for (guint i = 0; i < self->clients->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->clients, i), on_client_gone, self);
  g_clear_pointer (&self->clients, g_ptr_array_unref);

  g_clear_pointer (&self->slots, g_free);
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
  self->slots = g_new0 (HashSlot, MIN_SLOTS);
  self->slots_mask = MIN_SLOTS - 1;
  self->by_prefix = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, bucket_free);
  g_queue_init (&self->order);
  g_queue_init (&self->tracked);
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

guint64
_gq_query_cache_get_generation (GqQueryCache *self)
{
  return self->next_serial + self->n_removed;
}

gboolean
_gq_query_cache_has_listeners (GqQueryCache *self)
{
  return g_signal_has_handler_pending (self, signals [EVENT], 0, FALSE);
}

void
_gq_query_cache_emit (GqQueryCache     *self,
                      GqCacheEventType  type,
                      GqQuery          *query,
                      GObject          *observer)
{
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

  entry = entry_new (self, query);
  table_insert (self, entry);
  g_queue_push_tail_link (&self->order, &entry->link);

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

  entry = table_lookup (self, query_hash, strlen (query_hash));

  return entry ? entry->query : NULL;
}

GqQuery *
_gq_query_cache_get_by_key (GqQueryCache *self,
                            JsonNode     *query_key)
{
  GqCanonical hash;
  Entry *entry;

  _gq_canonical_init (&hash, query_key);
  entry = table_lookup (self, hash.str, hash.len);
  _gq_canonical_clear (&hash);

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

/* The entry whose key equals the all-scalar filter text @text (without
 * its closing bracket), when @bucket (nullable), the bucket of @text, does
 * not hold it already. */
static Entry *
entry_equal_to_prefix (GqQueryCache *self,
                       GqCanonical  *text,
                       Bucket       *bucket,
                       guint         length)
{
  g_autofree char *heap = NULL;
  char stack[sizeof text->stack + 1];
  char *hash = stack;
  Entry *entry;

  if (text->len + 2 > sizeof stack)
    hash = heap = g_malloc (text->len + 2);
  memcpy (hash, text->str, text->len);
  hash[text->len] = ']';
  hash[text->len + 1] = '\0';

  entry = table_lookup (self, hash, text->len + 1);
  if (entry != NULL && bucket != NULL &&
      entry->n_prefixes >= length && entry->prefixes[length - 1].bucket == bucket)
    return NULL;

  return entry;
}

static void
snapshot_add (GPtrArray *snapshot,
              Entry     *entry)
{
  g_ptr_array_add (snapshot, g_object_ref (entry->query));
}

/* Whether the canonical text of @node is `null`, which JSON null, a null
 * string and the non-finite numbers share. */
static gboolean
writes_null (JsonNode *node)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return json_node_get_string (node) == NULL;
  if (type == G_TYPE_DOUBLE)
    return !isfinite (json_node_get_double (node));

  return FALSE;
}

/* The entries a filter on @key can match, in insertion order: a bucket's
 * entries with, at its place in that order, the entry equal to the
 * filter's key when the bucket does not hold it; or the whole cache. */
typedef struct
{
  GList *next;
  Entry *exact;
  /* How many leading elements of the key of every entry but @exact are
   * known to match the filter's. */
  guint  known;
  /* How many candidates there are. */
  guint  count;
} Candidates;

/* A key in the bucket of the filter's text has its first scalars
 * canonically equal to the filter's, which are then equal values unless
 * the text says `null`. */
static void
candidates_for_key (GqQueryCache *self,
                    JsonNode     *key,
                    Candidates   *candidates)
{
  JsonArray *array;
  GqCanonical text;
  Bucket *bucket;
  guint key_length;
  guint length = scalar_prefix_length (key, &key_length);

  candidates->next = self->order.head;
  candidates->exact = NULL;
  candidates->known = 0;
  candidates->count = self->order.length;

  if (length == 0)
    return;

  array = json_node_get_array (key);
  _gq_canonical_init_prefix (&text, array, length, NULL);
  bucket = g_hash_table_lookup (self->by_prefix, text.str);
  if (length == key_length)
    candidates->exact = entry_equal_to_prefix (self, &text, bucket, length);
  _gq_canonical_clear (&text);

  candidates->next = bucket ? bucket->entries.head : NULL;
  candidates->count = (bucket ? bucket->entries.length : 0) + (candidates->exact ? 1 : 0);
  candidates->known = length;
  for (guint i = 0; i < length; i++)
    {
      if (writes_null (json_array_get_element (array, i)))
        {
          candidates->known = 0;
          break;
        }
    }
}

/* The next candidate and how many of its key's elements are known to
 * match, or NULL. */
static Entry *
candidates_next (Candidates *candidates,
                 guint      *known)
{
  Entry *entry = candidates->next ? candidates->next->data : NULL;

  if (candidates->exact != NULL && (entry == NULL || candidates->exact->serial < entry->serial))
    {
      entry = g_steal_pointer (&candidates->exact);
      *known = 0;
      return entry;
    }

  if (entry != NULL)
    candidates->next = candidates->next->next;
  *known = candidates->known;

  return entry;
}

/**
 * gq_query_cache_find_all:
 * @self: a cache
 * @filters: (nullable): the filters; %NULL matches every query
 *
 * Finds every query @filters match, in insertion order.
 *
 * The array holds a reference to each query and drops them when it is
 * freed: free it with g_ptr_array_unref(), and never unref its elements.
 * (That is what `(transfer container)` means for a #GPtrArray with a
 * free function: bindings take their own reference to each element.)
 *
 * Returns: (transfer container) (element-type GqQuery): the queries
 */
GPtrArray *
gq_query_cache_find_all (GqQueryCache   *self,
                         GqQueryFilters *filters)
{
  g_autoptr(GPtrArray) snapshot = NULL;
  g_autoptr(GArray) snapshot_known = NULL;
  Candidates candidates;
  JsonNode *key = NULL;
  GPtrArray *result = NULL;
  Entry *entry;
  guint known;

  g_return_val_if_fail (GQ_IS_QUERY_CACHE (self), NULL);
  g_return_val_if_fail (!filters || GQ_IS_QUERY_FILTERS (filters), NULL);

  if (filters != NULL)
    key = gq_query_filters_get_query_key (filters);

  if (key != NULL && gq_query_filters_get_exact (filters))
    {
      GqQuery *query = _gq_query_cache_get_by_key (self, key);

      result = g_ptr_array_new_with_free_func (g_object_unref);

      if (query != NULL && gq_query_filters_matches (filters, query))
        g_ptr_array_add (result, g_object_ref (query));
      return result;
    }

  candidates = (Candidates) { self->order.head, NULL, 0, self->order.length };
  if (key != NULL)
    candidates_for_key (self, key, &candidates);

  /* Every test but a predicate's is free of side effects: the entries
   * are matched where they are. */
  if (filters == NULL || !_gq_query_filters_has_predicate (filters))
    {
      while ((entry = candidates_next (&candidates, &known)) != NULL)
        {
          if (filters != NULL && !_gq_query_filters_matches_known_prefix (filters, entry->query, known))
            continue;

          /* Sized once, on the first match: not grown match by match. */
          if (result == NULL)
            result = g_ptr_array_new_full (candidates.count, g_object_unref);
          g_ptr_array_add (result, g_object_ref (entry->query));
        }

      return result ? result : g_ptr_array_new_with_free_func (g_object_unref);
    }

  /* A predicate may change the cache: match on a snapshot. */
  result = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot = g_ptr_array_new_full (candidates.count, g_object_unref);
  snapshot_known = g_array_new (FALSE, FALSE, sizeof (guint));
  while ((entry = candidates_next (&candidates, &known)) != NULL)
    {
      snapshot_add (snapshot, entry);
      g_array_append_val (snapshot_known, known);
    }

  for (guint i = 0; i < snapshot->len; i++)
    {
      GqQuery *query = g_ptr_array_index (snapshot, i);

      if (_gq_query_filters_matches_known_prefix (filters, query, g_array_index (snapshot_known, guint, i)))
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
 * The array holds a reference to each query and drops them when it is
 * freed: free it with g_ptr_array_unref(), and never unref its elements.
 * (That is what `(transfer container)` means for a #GPtrArray with a
 * free function: bindings take their own reference to each element.)
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

  entry = table_lookup (self, gq_query_get_query_hash (query), strlen (gq_query_get_query_hash (query)));
  if (entry == NULL || entry->query != query)
    return;

  hold = g_object_ref (query);
  _gq_query_destroy (query);

  g_queue_unlink (&self->order, &entry->link);
  unindex_entry (self, entry);
  table_remove (self, entry);
  entry_free (entry);

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
