/* gq-demo-collection.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-demo-collection.h"
#include "gq-demo-json.h"

struct _GqDemoCollection
{
  char       *name;
  GPtrArray  *records;  /* JsonObject, sealed */
  GHashTable *by_id;    /* id key -> JsonObject (borrowed from records) */
};

GqDemoCollection *
gq_demo_collection_new (const char *name)
{
  GqDemoCollection *collection = g_new0 (GqDemoCollection, 1);

  collection->name = g_strdup (name);
  collection->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  collection->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return collection;
}

void
gq_demo_collection_free (GqDemoCollection *collection)
{
  if (collection == NULL)
    return;

  g_hash_table_unref (collection->by_id);
  g_ptr_array_unref (collection->records);
  g_free (collection->name);
  g_free (collection);
}

const char *
gq_demo_collection_get_name (GqDemoCollection *collection)
{
  return collection->name;
}

guint
gq_demo_collection_get_n_records (GqDemoCollection *collection)
{
  return collection->records->len;
}

JsonObject *
gq_demo_collection_get_record (GqDemoCollection *collection,
                               guint             position)
{
  return g_ptr_array_index (collection->records, position);
}

JsonObject *
gq_demo_collection_lookup (GqDemoCollection *collection,
                           const char       *id_key)
{
  if (id_key == NULL)
    return NULL;

  return g_hash_table_lookup (collection->by_id, id_key);
}

static char *
record_id_key (JsonObject *record)
{
  return gq_demo_json_id_key (json_object_get_member (record, "id"));
}

/* Takes a reference on @record and seals it. FALSE (and nothing stored)
 * if it has no usable id or the id is taken. */
gboolean
gq_demo_collection_append (GqDemoCollection *collection,
                           JsonObject       *record)
{
  char *key = record_id_key (record);

  if (key == NULL || g_hash_table_contains (collection->by_id, key))
    {
      g_free (key);
      return FALSE;
    }

  json_object_seal (record);
  g_ptr_array_add (collection->records, json_object_ref (record));
  g_hash_table_insert (collection->by_id, key, record);

  return TRUE;
}

/* Puts @record where the record with the same id is. */
void
gq_demo_collection_replace (GqDemoCollection *collection,
                            JsonObject       *record)
{
  g_autofree char *key = record_id_key (record);
  JsonObject *previous = gq_demo_collection_lookup (collection, key);
  guint position;

  g_return_if_fail (previous != NULL);

  if (!g_ptr_array_find (collection->records, previous, &position))
    g_return_if_reached ();

  json_object_seal (record);
  g_hash_table_insert (collection->by_id, g_steal_pointer (&key), record);
  collection->records->pdata[position] = json_object_ref (record);
  json_object_unref (previous);
}

void
gq_demo_collection_remove (GqDemoCollection *collection,
                           const char       *id_key)
{
  JsonObject *record = gq_demo_collection_lookup (collection, id_key);

  if (record == NULL)
    return;

  g_hash_table_remove (collection->by_id, id_key);
  g_ptr_array_remove (collection->records, record);
}

/* json-server's rule: 1 in an empty collection, one more than the
 * largest id when the ids are numbers, else a random 7-character id. */
JsonNode *
gq_demo_collection_next_id (GqDemoCollection *collection,
                            GRand            *rand)
{
  static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-";
  gboolean any_number = FALSE;
  gint64 largest = 0;
  JsonNode *id;
  char text[8];

  if (collection->records->len == 0)
    {
      id = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (id, 1);
      return id;
    }

  for (guint i = 0; i < collection->records->len; i++)
    {
      JsonNode *member = json_object_get_member (g_ptr_array_index (collection->records, i), "id");

      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64)
        {
          largest = any_number ? MAX (largest, json_node_get_int (member)) : json_node_get_int (member);
          any_number = TRUE;
        }
    }

  id = json_node_new (JSON_NODE_VALUE);
  if (any_number)
    {
      json_node_set_int (id, largest + 1);
      return id;
    }

  do
    {
      for (guint i = 0; i < 7; i++)
        text[i] = alphabet[g_rand_int_range (rand, 0, 64)];
      text[7] = '\0';
    }
  while (g_hash_table_contains (collection->by_id, text));

  json_node_set_string (id, text);
  return id;
}

JsonArray *
gq_demo_collection_to_array (GqDemoCollection *collection)
{
  JsonArray *array = json_array_sized_new (collection->records->len);

  for (guint i = 0; i < collection->records->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (collection->records, i)));

  return array;
}
