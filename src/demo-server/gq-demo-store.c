/* gq-demo-store.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The collections and every change to them. A store belongs to the
 * thread that made it (the server thread): its save timer runs on that
 * thread's default main context. A change is checked in full before
 * anything is stored, so a rejected request leaves no trace. */

#include "gq-demo-store.h"
#include "gq-demo-dataset.h"
#include "gq-demo-json.h"
#include "gq-demo-schema.h"

#include <gio/gio.h>

#define DEFAULT_SAVE_DELAY_MS 100

struct _GqDemoStore
{
  GObject            parent_instance;

  GPtrArray         *collections;  /* GqDemoCollection, in file order */
  JsonObject        *dataset;      /* borrowed, see gq_demo_dataset_borrow */
  GqDemoIdempotency *idempotency;
  GRand             *rand;
  guint32            seed;
  guint              scale;

  GMainContext      *context;
  char              *path;
  guint              save_delay_ms;
  GSource           *save_source;
  gboolean           dirty;
};

G_DEFINE_FINAL_TYPE (GqDemoStore, gq_demo_store, G_TYPE_OBJECT)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cancel_save (GqDemoStore *self)
{
  if (self->save_source != NULL)
    {
      g_source_destroy (self->save_source);
      g_clear_pointer (&self->save_source, g_source_unref);
    }
}

static void
gq_demo_store_finalize (GObject *object)
{
  GqDemoStore *self = (GqDemoStore *)object;

  cancel_save (self);
  g_clear_pointer (&self->collections, g_ptr_array_unref);
  g_clear_pointer (&self->idempotency, gq_demo_idempotency_free);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);

  /* Every reference this store took on the records is gone now. */
  if (self->dataset != NULL)
    gq_demo_dataset_give_back (g_steal_pointer (&self->dataset), self->seed, self->scale);

  G_OBJECT_CLASS (gq_demo_store_parent_class)->finalize (object);
}

static void
gq_demo_store_class_init (GqDemoStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gq_demo_store_finalize;

  /* Emitted after each write of the data file. */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
}

static void
gq_demo_store_init (GqDemoStore *self)
{
  self->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) gq_demo_collection_free);
  self->idempotency = gq_demo_idempotency_new (GQ_DEMO_IDEMPOTENCY_CAPACITY);
  self->context = g_main_context_ref_thread_default ();
  self->save_delay_ms = DEFAULT_SAVE_DELAY_MS;
}

static void
add_collections (GqDemoStore *self,
                 JsonObject  *dataset)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, dataset);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      GqDemoCollection *collection = gq_demo_collection_new (name);
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        gq_demo_collection_append (collection, json_array_get_object_element (array, i));

      g_ptr_array_add (self->collections, collection);
    }
}

/* Seeds the store with the generated dataset; gq_demo_store_open_file
 * replaces it with the file's content when the file exists. */
GqDemoStore *
gq_demo_store_new (guint32 seed,
                   guint   scale)
{
  GqDemoStore *self = g_object_new (GQ_DEMO_TYPE_STORE, NULL);

  self->seed = seed;
  self->scale = scale;
  self->rand = g_rand_new_with_seed (seed);

  return self;
}

static void
populate (GqDemoStore *self)
{
  self->dataset = gq_demo_dataset_borrow (self->seed, self->scale);
  add_collections (self, self->dataset);
}

static gboolean
check_data_file (JsonNode  *root,
                 GError   **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the top level is not an object");
      return FALSE;
    }

  json_object_iter_init_ordered (&iter, json_node_get_object (root));
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      g_autoptr(GHashTable) ids = NULL;
      JsonArray *array;

      if (name[0] == '$')
        continue;

      if (*name == '\0' || strchr (name, '/') != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "\"%s\" is not a valid collection name", name);
          return FALSE;
        }

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "\"%s\" is not an array of records", name);
          return FALSE;
        }

      ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          char *key = NULL;

          if (JSON_NODE_HOLDS_OBJECT (element))
            key = gq_demo_json_id_key (json_object_get_member (json_node_get_object (element), "id"));

          if (key == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s[%u] is not a record with a number or string id", name, i);
              return FALSE;
            }

          if (!g_hash_table_add (ids, key))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s[%u] repeats the id %s", name, i, key);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
load_file (GqDemoStore  *self,
           const char   *path,
           GError      **error)
{
  g_autoptr(GqDemoIdempotency) idempotency = gq_demo_idempotency_new (GQ_DEMO_IDEMPOTENCY_CAPACITY);
  g_autoptr(JsonObject) collections = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  if (!(root = gq_demo_json_parse (contents, length, error))
      || !check_data_file (root, error))
    {
      g_prefix_error (error, "%s is not a valid data file: ", path);
      return FALSE;
    }

  json_object_iter_init_ordered (&iter, json_node_get_object (root));
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (g_str_equal (name, "$idempotency"))
        {
          if (!gq_demo_idempotency_load_json (idempotency, node, error))
            {
              g_prefix_error (error, "%s is not a valid data file: ", path);
              return FALSE;
            }
        }
      else if (name[0] != '$')
        {
          json_object_set_member (collections, name, json_node_ref (node));
        }
    }

  add_collections (self, collections);
  gq_demo_idempotency_free (self->idempotency);
  self->idempotency = g_steal_pointer (&idempotency);

  return TRUE;
}

static gboolean
save_now (GqDemoStore  *self,
          GError      **error)
{
  g_autoptr(JsonNode) root = gq_demo_store_to_json (self);
  g_autofree char *contents = NULL;
  gsize length;

  json_object_set_member (json_node_get_object (root), "$idempotency",
                          gq_demo_idempotency_to_json (self->idempotency));
  contents = gq_demo_json_serialize (root, &length);

  /* g_file_set_contents writes a temporary file and renames it over the
   * old one, so a reader never sees half a file. */
  if (!g_file_set_contents (self->path, contents, length, error))
    return FALSE;

  self->dirty = FALSE;
  g_signal_emit (self, signals[SAVED], 0);

  return TRUE;
}

/* With a file: loads it when it exists, else seeds the data and writes
 * the file at once. A file that cannot be read or parsed is an error
 * and stays as it is. */
gboolean
gq_demo_store_open_file (GqDemoStore  *self,
                         const char   *path,
                         GError      **error)
{
  g_return_val_if_fail (GQ_DEMO_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->collections->len == 0, FALSE);

  g_free (self->path);
  self->path = g_strdup (path);

  if (path == NULL)
    {
      populate (self);
      return TRUE;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return load_file (self, path, error);

  populate (self);
  return save_now (self, error);
}

void
gq_demo_store_set_save_delay (GqDemoStore *self,
                              guint        delay_ms)
{
  g_return_if_fail (GQ_DEMO_IS_STORE (self));

  self->save_delay_ms = delay_ms;
}

gboolean
gq_demo_store_flush (GqDemoStore  *self,
                     GError      **error)
{
  g_return_val_if_fail (GQ_DEMO_IS_STORE (self), FALSE);

  cancel_save (self);

  if (self->path == NULL || !self->dirty)
    return TRUE;

  return save_now (self, error);
}

static gboolean
save_timeout (gpointer user_data)
{
  GqDemoStore *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->save_source, g_source_unref);

  if (!save_now (self, &error))
    g_warning ("Could not save %s: %s", self->path, error->message);

  return G_SOURCE_REMOVE;
}

/* Changes within one save delay share one write. */
static void
changed (GqDemoStore *self)
{
  if (self->path == NULL)
    return;

  self->dirty = TRUE;
  if (self->save_source != NULL)
    return;

  self->save_source = g_timeout_source_new (self->save_delay_ms);
  g_source_set_callback (self->save_source, save_timeout, self, NULL);
  g_source_set_name (self->save_source, "[gquery-demo-server] save");
  g_source_attach (self->save_source, self->context);
}

guint
gq_demo_store_get_n_collections (GqDemoStore *self)
{
  return self->collections->len;
}

GqDemoCollection *
gq_demo_store_get_collection (GqDemoStore *self,
                              guint        position)
{
  return g_ptr_array_index (self->collections, position);
}

GqDemoCollection *
gq_demo_store_lookup (GqDemoStore *self,
                      const char  *name)
{
  for (guint i = 0; i < self->collections->len; i++)
    {
      GqDemoCollection *collection = g_ptr_array_index (self->collections, i);

      if (g_str_equal (gq_demo_collection_get_name (collection), name))
        return collection;
    }

  return NULL;
}

/* Every collection, as GET /db shows it. */
JsonNode *
gq_demo_store_to_json (GqDemoStore *self)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < self->collections->len; i++)
    {
      GqDemoCollection *collection = g_ptr_array_index (self->collections, i);

      json_object_set_array_member (object, gq_demo_collection_get_name (collection),
                                    gq_demo_collection_to_array (collection));
    }

  return gq_demo_json_take_object (object);
}

static gboolean
record_exists (const char *collection_name,
               const char *id_key,
               gpointer    user_data)
{
  GqDemoStore *self = user_data;
  GqDemoCollection *collection = gq_demo_store_lookup (self, collection_name);

  return collection != NULL && gq_demo_collection_lookup (collection, id_key) != NULL;
}

static GqDemoReply *
reply_record (guint       status,
              JsonObject *record)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, record);
  return gq_demo_reply_new (status, node);
}

static GqDemoReply *
reply_not_found (const char *collection,
                 const char *id_key)
{
  return gq_demo_reply_new_error (404, NULL, "%s/%s does not exist", collection, id_key);
}

/* A new record: @id first, then @body's members but its id. */
static JsonObject *
record_with_id (JsonNode   *id,
                JsonObject *body)
{
  JsonObject *record = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_set_member (record, "id", json_node_ref (id));
  json_object_iter_init_ordered (&iter, body);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    if (!g_str_equal (name, "id"))
      json_object_set_member (record, name, json_node_ref (member));

  return record;
}

GqDemoReply *
gq_demo_store_create (GqDemoStore *self,
                      const char  *collection_name,
                      JsonObject  *body)
{
  GqDemoCollection *collection = gq_demo_store_lookup (self, collection_name);
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonNode) id = NULL;
  g_autofree char *id_key = NULL;
  GqDemoReply *invalid;

  g_return_val_if_fail (collection != NULL, NULL);

  if (json_object_has_member (body, "id"))
    {
      id = json_node_ref (json_object_get_member (body, "id"));
      id_key = gq_demo_json_id_key (id);

      if (id_key == NULL
          || (gq_demo_schema_has_collection (collection_name)
              && json_node_get_value_type (id) != G_TYPE_INT64))
        return gq_demo_reply_new_error (422, "id", "id must be %s",
                                        gq_demo_schema_has_collection (collection_name)
                                        ? "an integer" : "a number or a non-empty string");

      if (gq_demo_collection_lookup (collection, id_key) != NULL)
        return gq_demo_reply_new_error (409, "id", "%s/%s already exists", collection_name, id_key);
    }
  else
    {
      id = gq_demo_collection_next_id (collection, self->rand);
    }

  record = record_with_id (id, body);
  if ((invalid = gq_demo_schema_validate (collection_name, record, record_exists, self)))
    return invalid;

  gq_demo_collection_append (collection, record);
  changed (self);

  return reply_record (201, record);
}

static GqDemoReply *
store_changed_record (GqDemoStore      *self,
                      GqDemoCollection *collection,
                      JsonObject       *record)
{
  GqDemoReply *invalid;

  if ((invalid = gq_demo_schema_validate (gq_demo_collection_get_name (collection),
                                          record, record_exists, self)))
    return invalid;

  gq_demo_collection_replace (collection, record);
  changed (self);

  return reply_record (200, record);
}

/* PUT: the body's fields replace the record's; the id stays. */
GqDemoReply *
gq_demo_store_replace (GqDemoStore *self,
                       const char  *collection_name,
                       const char  *id_key,
                       JsonObject  *body)
{
  GqDemoCollection *collection = gq_demo_store_lookup (self, collection_name);
  JsonObject *previous = gq_demo_collection_lookup (collection, id_key);
  g_autoptr(JsonObject) record = NULL;

  if (previous == NULL)
    return reply_not_found (collection_name, id_key);

  record = record_with_id (json_object_get_member (previous, "id"), body);
  return store_changed_record (self, collection, record);
}

/* PATCH: a shallow merge, as json-server's Object.assign; a nested
 * object in the body replaces the stored one. */
GqDemoReply *
gq_demo_store_update (GqDemoStore *self,
                      const char  *collection_name,
                      const char  *id_key,
                      JsonObject  *body)
{
  GqDemoCollection *collection = gq_demo_store_lookup (self, collection_name);
  JsonObject *previous = gq_demo_collection_lookup (collection, id_key);
  g_autoptr(JsonObject) record = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (previous == NULL)
    return reply_not_found (collection_name, id_key);

  record = json_object_new ();
  json_object_iter_init_ordered (&iter, previous);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (record, name, json_node_ref (member));

  json_object_iter_init_ordered (&iter, body);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    if (!g_str_equal (name, "id"))
      json_object_set_member (record, name, json_node_ref (member));

  return store_changed_record (self, collection, record);
}

typedef struct
{
  char *collection;
  char *id_key;
} Removed;

static void
removed_free (gpointer data)
{
  Removed *removed = data;

  g_free (removed->collection);
  g_free (removed->id_key);
  g_free (removed);
}

static JsonObject *
record_with_null (JsonObject *record,
                  const char *field)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, record);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (g_str_equal (name, field))
        json_object_set_null_member (copy, name);
      else
        json_object_set_member (copy, name, json_node_ref (member));
    }

  return copy;
}

/* What points at a removed record goes too (tasks of a project, comments
 * of those tasks), or loses the reference (a task's assignee). */
static void
remove_dependents (GqDemoStore *self,
                   const char  *collection_name,
                   const char  *id_key)
{
  g_autoptr(GQueue) queue = g_queue_new ();
  const GqDemoField *fields;
  guint n_fields;
  Removed *removed;

  fields = gq_demo_schema_get_fields (&n_fields);

  removed = g_new0 (Removed, 1);
  removed->collection = g_strdup (collection_name);
  removed->id_key = g_strdup (id_key);
  g_queue_push_tail (queue, removed);

  while ((removed = g_queue_pop_head (queue)))
    {
      for (guint f = 0; f < n_fields; f++)
        {
          const GqDemoField *field = &fields[f];
          GqDemoCollection *dependents;

          if (field->references == NULL || !g_str_equal (field->references, removed->collection))
            continue;

          dependents = gq_demo_store_lookup (self, field->collection);
          if (dependents == NULL)
            continue;

          for (guint i = gq_demo_collection_get_n_records (dependents); i > 0; i--)
            {
              JsonObject *record = gq_demo_collection_get_record (dependents, i - 1);
              g_autofree char *reference = gq_demo_json_id_key (json_object_get_member (record, field->path));
              g_autofree char *dependent_key = NULL;

              if (reference == NULL || !g_str_equal (reference, removed->id_key))
                continue;

              dependent_key = gq_demo_json_id_key (json_object_get_member (record, "id"));

              if (field->on_delete == GQ_DEMO_ON_DELETE_CASCADE)
                {
                  Removed *next = g_new0 (Removed, 1);

                  next->collection = g_strdup (field->collection);
                  next->id_key = g_strdup (dependent_key);
                  g_queue_push_tail (queue, next);
                  gq_demo_collection_remove (dependents, dependent_key);
                }
              else if (field->on_delete == GQ_DEMO_ON_DELETE_SET_NULL)
                {
                  g_autoptr(JsonObject) copy = record_with_null (record, field->path);

                  gq_demo_collection_replace (dependents, copy);
                }
            }
        }

      removed_free (removed);
    }
}

GqDemoReply *
gq_demo_store_delete (GqDemoStore *self,
                      const char  *collection_name,
                      const char  *id_key)
{
  GqDemoCollection *collection = gq_demo_store_lookup (self, collection_name);

  if (gq_demo_collection_lookup (collection, id_key) == NULL)
    return reply_not_found (collection_name, id_key);

  gq_demo_collection_remove (collection, id_key);
  remove_dependents (self, collection_name, id_key);
  changed (self);

  return gq_demo_reply_new (200, gq_demo_json_take_object (json_object_new ()));
}

GqDemoReply *
gq_demo_store_replay (GqDemoStore *self,
                      const char  *key,
                      const char  *fingerprint)
{
  return gq_demo_idempotency_replay (self->idempotency, key, fingerprint);
}

void
gq_demo_store_remember (GqDemoStore *self,
                        const char  *key,
                        const char  *fingerprint,
                        GqDemoReply *reply)
{
  gq_demo_idempotency_remember (self->idempotency, key, fingerprint, reply);
  changed (self);
}
