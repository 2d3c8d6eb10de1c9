/* gq-browser-records.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "gq-browser-records.h"

/* TEMPORARY until GqInfiniteListModel lands from feat/gtkmodels: a list
 * store refilled from the pages on every change. */

static GQuark record_quark;

JsonNode *
gq_browser_records_get_record (gpointer item)
{
  return g_object_get_qdata (item, record_quark);
}

static void
on_changed (GqQueryObserver *observer,
            GqQueryResult   *result,
            GListStore      *store)
{
  JsonNode *data = gq_query_result_get_data (result);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *pages;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_list_store_remove_all (store);
      return;
    }

  pages = json_object_get_array_member (json_node_get_object (data), "pages");
  for (guint p = 0; pages && p < json_array_get_length (pages); p++)
    {
      JsonObject *page = json_array_get_object_element (pages, p);
      JsonArray *records = json_object_get_array_member (page, "items");

      for (guint i = 0; records && i < json_array_get_length (records); i++)
        {
          GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

          g_object_set_qdata_full (item, record_quark,
                                   json_node_ref (json_array_get_element (records, i)),
                                   (GDestroyNotify) json_node_unref);
          g_ptr_array_add (items, item);
        }
    }

  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
}

GListModel *
gq_browser_records_model_new (GqInfiniteQueryObserver *observer)
{
  GListStore *store = g_list_store_new (G_TYPE_OBJECT);

  if (record_quark == 0)
    record_quark = g_quark_from_static_string ("gq-browser-record");

  g_signal_connect_object (observer, "changed", G_CALLBACK (on_changed), store, 0);

  return G_LIST_MODEL (store);
}
