/* gq-demo-idempotency.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Idempotency-Key as the IETF httpapi draft describes it: the first
 * response to a key is stored with a fingerprint of its request (method,
 * path, body); the same request again gets that response back, a
 * different request with the key gets 422. */

#include "gq-demo-idempotency.h"
#include "gq-demo-json.h"

#include <gio/gio.h>

typedef struct
{
  char     *key;
  char     *fingerprint;
  guint     status;
  JsonNode *body;
  char     *location;
} Entry;

struct _GqDemoIdempotency
{
  guint       capacity;
  GQueue      entries;  /* Entry, oldest first */
  GHashTable *by_key;   /* key -> Entry */
};

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_free (entry->fingerprint);
  g_clear_pointer (&entry->body, json_node_unref);
  g_free (entry->location);
  g_free (entry);
}

GqDemoIdempotency *
gq_demo_idempotency_new (guint capacity)
{
  GqDemoIdempotency *table = g_new0 (GqDemoIdempotency, 1);

  table->capacity = MAX (capacity, 1);
  g_queue_init (&table->entries);
  table->by_key = g_hash_table_new (g_str_hash, g_str_equal);

  return table;
}

void
gq_demo_idempotency_free (GqDemoIdempotency *table)
{
  if (table == NULL)
    return;

  g_hash_table_unref (table->by_key);
  g_queue_clear_full (&table->entries, entry_free);
  g_free (table);
}

guint
gq_demo_idempotency_get_size (GqDemoIdempotency *table)
{
  return table->entries.length;
}

gboolean
gq_demo_idempotency_contains (GqDemoIdempotency *table,
                              const char        *key)
{
  return g_hash_table_contains (table->by_key, key);
}

/* The stored reply for @key, or a 422 when @fingerprint says the request
 * differs; NULL when the key is new. */
GqDemoReply *
gq_demo_idempotency_replay (GqDemoIdempotency *table,
                            const char        *key,
                            const char        *fingerprint)
{
  Entry *entry = g_hash_table_lookup (table->by_key, key);
  GqDemoReply *reply;

  if (entry == NULL)
    return NULL;

  if (!g_str_equal (entry->fingerprint, fingerprint))
    return gq_demo_reply_new_error (422, NULL,
                                    "Idempotency-Key \"%s\" was already used for a different request",
                                    key);

  reply = gq_demo_reply_new (entry->status, json_node_ref (entry->body));
  if (entry->location != NULL)
    gq_demo_reply_add_header (reply, "Location", entry->location);
  gq_demo_reply_add_header (reply, "Idempotent-Replayed", "true");

  return reply;
}

static void
add_entry (GqDemoIdempotency *table,
           Entry             *entry)
{
  Entry *previous = g_hash_table_lookup (table->by_key, entry->key);

  if (previous != NULL)
    {
      g_hash_table_remove (table->by_key, previous->key);
      g_queue_remove (&table->entries, previous);
      entry_free (previous);
    }

  g_queue_push_tail (&table->entries, entry);
  g_hash_table_insert (table->by_key, entry->key, entry);

  while (table->entries.length > table->capacity)
    {
      Entry *oldest = g_queue_pop_head (&table->entries);

      g_hash_table_remove (table->by_key, oldest->key);
      entry_free (oldest);
    }
}

void
gq_demo_idempotency_remember (GqDemoIdempotency *table,
                              const char        *key,
                              const char        *fingerprint,
                              GqDemoReply       *reply)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->key = g_strdup (key);
  entry->fingerprint = g_strdup (fingerprint);
  entry->status = reply->status;
  entry->body = json_node_ref (reply->body);
  entry->location = g_strdup (gq_demo_reply_get_header (reply, "Location"));
  json_node_seal (entry->body);

  add_entry (table, entry);
}

JsonNode *
gq_demo_idempotency_to_json (GqDemoIdempotency *table)
{
  JsonArray *array = json_array_sized_new (table->entries.length);

  for (GList *l = table->entries.head; l != NULL; l = l->next)
    {
      Entry *entry = l->data;
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "key", entry->key);
      json_object_set_string_member (object, "fingerprint", entry->fingerprint);
      json_object_set_int_member (object, "status", entry->status);
      json_object_set_member (object, "body", json_node_ref (entry->body));
      if (entry->location != NULL)
        json_object_set_string_member (object, "location", entry->location);
      json_array_add_object_element (array, object);
    }

  return gq_demo_json_take_array (array);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
gq_demo_idempotency_load_json (GqDemoIdempotency  *table,
                               JsonNode           *node,
                               GError            **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"$idempotency\" is not an array");
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *status = object != NULL ? json_object_get_member (object, "status") : NULL;
      JsonNode *body = object != NULL ? json_object_get_member (object, "body") : NULL;
      Entry *entry;

      if (object == NULL
          || get_string_member (object, "key") == NULL
          || get_string_member (object, "fingerprint") == NULL
          || status == NULL || !JSON_NODE_HOLDS_VALUE (status)
          || json_node_get_value_type (status) != G_TYPE_INT64
          || body == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "\"$idempotency\" entry %u is malformed", i);
          return FALSE;
        }

      entry = g_new0 (Entry, 1);
      entry->key = g_strdup (get_string_member (object, "key"));
      entry->fingerprint = g_strdup (get_string_member (object, "fingerprint"));
      entry->status = json_node_get_int (status);
      entry->body = json_node_ref (body);
      entry->location = g_strdup (get_string_member (object, "location"));
      json_node_seal (entry->body);
      add_entry (table, entry);
    }

  return TRUE;
}
