/* gq-json-run.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-json-run-private.h"

static void
item_free (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static JsonNode *
element_at (JsonNode *array,
            guint     index)
{
  return json_array_get_element (json_node_get_array (array), index);
}

void
_gq_json_run_init (GqJsonRun *run)
{
  run->array = NULL;
  run->items = g_ptr_array_new_with_free_func (item_free);
}

void
_gq_json_run_clear (GqJsonRun *run)
{
  g_clear_pointer (&run->array, json_node_unref);
  g_clear_pointer (&run->items, g_ptr_array_unref);
}

guint
_gq_json_run_length (GqJsonRun *run)
{
  return run->items->len;
}

GqJsonItem *
_gq_json_run_get_item (GqJsonRun *run,
                       guint      position)
{
  GqJsonItem *item;

  if (position >= run->items->len)
    return NULL;

  item = g_ptr_array_index (run->items, position);
  if (item == NULL)
    {
      item = gq_json_item_new (element_at (run->array, position));
      g_ptr_array_index (run->items, position) = item;
    }

  return g_object_ref (item);
}

/* Replaces the array and says which positions changed, as one
 * items-changed: the common prefix and suffix of element pointers are kept
 * (structural sharing keeps unchanged records pointer-equal), and in the
 * changed middle an item whose element survives elsewhere is reused.
 * Returns FALSE when nothing changed. */
gboolean
_gq_json_run_update (GqJsonRun *run,
                     JsonNode  *array,
                     guint     *position,
                     guint     *removed,
                     guint     *added)
{
  guint old_len = run->items->len;
  guint new_len;
  guint prefix = 0;
  guint suffix = 0;
  guint old_mid, new_mid;
  g_autoptr(GHashTable) reusable = NULL;
  g_autoptr(GPtrArray) middle = NULL;

  g_assert (array == NULL || JSON_NODE_HOLDS_ARRAY (array));

  new_len = array != NULL ? json_array_get_length (json_node_get_array (array)) : 0;

  if (array != NULL && !json_node_is_immutable (array))
    array = gq_json_seal_copy (array);
  else if (array != NULL)
    array = json_node_ref (array);

  while (prefix < old_len && prefix < new_len &&
         element_at (run->array, prefix) == element_at (array, prefix))
    prefix++;

  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         element_at (run->array, old_len - 1 - suffix) == element_at (array, new_len - 1 - suffix))
    suffix++;

  /* Structural sharing compares arrays position by position, so a record
   * removed or inserted in the middle leaves the records after it equal
   * but not pointer-equal: when the lengths of the changed middle differ,
   * the suffix is extended by deep equality, and those records keep their
   * items. */
  if (old_len - prefix - suffix != new_len - prefix - suffix)
    {
      while (suffix < old_len - prefix && suffix < new_len - prefix &&
             gq_json_equal (element_at (run->array, old_len - 1 - suffix),
                            element_at (array, new_len - 1 - suffix)))
        suffix++;
    }

  old_mid = old_len - prefix - suffix;
  new_mid = new_len - prefix - suffix;

  if (old_mid > 0 && new_mid > 0)
    {
      reusable = g_hash_table_new (NULL, NULL);
      for (guint i = prefix; i < prefix + old_mid; i++)
        {
          GqJsonItem *item = g_ptr_array_index (run->items, i);

          if (item != NULL)
            g_hash_table_insert (reusable, element_at (run->array, i), item);
        }
    }

  middle = g_ptr_array_sized_new (new_mid);
  for (guint i = prefix; i < prefix + new_mid; i++)
    {
      GqJsonItem *item = NULL;

      if (reusable != NULL &&
          g_hash_table_steal_extended (reusable, element_at (array, i), NULL, (gpointer *) &item))
        g_object_ref (item);
      g_ptr_array_add (middle, item);
    }

  g_clear_pointer (&run->array, json_node_unref);
  run->array = array;

  if (old_mid == 0 && new_mid == 0)
    return FALSE;

  {
    GPtrArray *items = g_ptr_array_new_full (new_len, item_free);

    for (guint i = 0; i < prefix; i++)
      g_ptr_array_add (items, g_steal_pointer (&g_ptr_array_index (run->items, i)));
    for (guint i = 0; i < new_mid; i++)
      g_ptr_array_add (items, g_ptr_array_index (middle, i));
    for (guint i = old_len - suffix; i < old_len; i++)
      g_ptr_array_add (items, g_steal_pointer (&g_ptr_array_index (run->items, i)));

    g_ptr_array_unref (run->items);
    run->items = items;
  }

  *position = prefix;
  *removed = old_mid;
  *added = new_mid;

  return TRUE;
}

/* Takes @array, equal to the run's array, keeping the items. */
void
_gq_json_run_adopt (GqJsonRun *run,
                    JsonNode  *array)
{
  g_assert (array == NULL || json_node_is_immutable (array));

  if (array != NULL)
    json_node_ref (array);
  g_clear_pointer (&run->array, json_node_unref);
  run->array = array;
}
