/* gq-devtools-queries.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gq-devtools-private.h"
#include "gq-devtools-queries-private.h"

typedef enum
{
  SORT_STATUS,
  SORT_KEY,
  SORT_UPDATED,
} SortMode;

struct _GqDevtoolsQueries
{
  GqDevtools          *devtools;

  /* template */
  GtkWidget           *search;
  GtkWidget           *sort_dropdown;
  GtkWidget           *order_button;
  GtkWidget           *hide_disabled_button;
  GtkWidget           *list;

  GListStore          *store;
  GHashTable          *items;            /* hash → GqDevtoolsQueryItem */
  GtkCustomFilter     *filter;
  GtkCustomSorter     *sorter;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  char                *selected_hash;
  guint                counts[GQ_DEVTOOLS_N_STATUSES];

  /* batching */
  GHashTable          *touched;          /* hashes added or removed */
  GHashTable          *dirty;            /* hashes updated */
  GPtrArray           *changed;          /* items whose row changed */
};

void
gq_devtools_queries_touch (GqDevtoolsQueries *self,
                           const char        *query_hash)
{
  g_hash_table_add (self->touched, g_strdup (query_hash));
}

void
gq_devtools_queries_mark_dirty (GqDevtoolsQueries *self,
                                const char        *query_hash)
{
  g_hash_table_add (self->dirty, g_strdup (query_hash));
}

gboolean
gq_devtools_queries_is_pending (GqDevtoolsQueries *self,
                                const char        *query_hash)
{
  return query_hash != NULL &&
         (g_hash_table_contains (self->touched, query_hash) ||
          g_hash_table_contains (self->dirty, query_hash));
}

static void
unref_key (gpointer key,
           gpointer value,
           gpointer user_data)
{
  g_object_unref (key);
}

static void
apply_touched (GqDevtoolsQueries *self,
               GqQueryCache      *cache)
{
  g_autoptr(GHashTable) doomed = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  const char *hash;

  g_hash_table_iter_init (&iter, self->touched);
  while (g_hash_table_iter_next (&iter, (gpointer *) &hash, NULL))
    {
      GqQuery *current = gq_query_cache_get (cache, hash);
      GqDevtoolsQueryItem *item = g_hash_table_lookup (self->items, hash);

      if (item != NULL && gq_devtools_query_item_get_query (item) == current)
        continue;

      if (item != NULL)
        {
          g_hash_table_add (doomed, g_object_ref (item));
          g_hash_table_remove (self->items, hash);
        }

      if (current != NULL)
        {
          GqDevtoolsQueryItem *fresh = gq_devtools_query_item_new (current);

          g_hash_table_insert (self->items, g_strdup (hash), g_object_ref (fresh));
          g_ptr_array_add (added, fresh);
        }
    }
  g_hash_table_remove_all (self->touched);

  if (g_hash_table_size (doomed) > 0)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
      g_autoptr(GPtrArray) kept = g_ptr_array_new_full (n, g_object_unref);

      /* One splice whatever the number removed: clearing ten thousand
       * queries must not cost ten thousand searches. */
      for (guint i = 0; i < n; i++)
        {
          GqDevtoolsQueryItem *item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

          if (g_hash_table_contains (doomed, item))
            g_object_unref (item);
          else
            g_ptr_array_add (kept, item);
        }
      g_list_store_splice (self->store, 0, n, kept->pdata, kept->len);

      g_hash_table_foreach (doomed, unref_key, NULL);
    }

  if (added->len > 0)
    g_list_store_splice (self->store,
                         g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                         added->pdata, added->len);
}

static void
update_counts (GqDevtoolsQueries *self)
{
  GHashTableIter iter;
  gpointer item;

  memset (self->counts, 0, sizeof self->counts);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    self->counts[gq_devtools_query_item_get_status (item)]++;
}

/* Puts the rows whose status, time or flags changed back in their place.
 * A few are replaced in the store, which the filter and sort models
 * handle where they are; re-sorting everything would cost a whole resort
 * and a rebind of every visible row for one query's update. */
static void
replace_changed (GqDevtoolsQueries *self)
{
  gboolean hide_disabled = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->hide_disabled_button));
  SortMode mode = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->sort_dropdown));

  if (mode == SORT_KEY && !hide_disabled)
    {
      /* Order and filter do not depend on what changed. */
    }
  else if (self->changed->len > 256)
    {
      gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
      if (hide_disabled)
        gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
    }
  else
    {
      for (guint i = 0; i < self->changed->len; i++)
        {
          gpointer item = g_ptr_array_index (self->changed, i);
          guint position;

          if (g_list_store_find (self->store, item, &position))
            g_list_store_splice (self->store, position, 1, &item, 1);
        }
    }

  g_ptr_array_set_size (self->changed, 0);
}

gboolean
gq_devtools_queries_apply (GqDevtoolsQueries *self,
                           GqQueryCache      *cache)
{
  gboolean any_changed = FALSE;
  GHashTableIter iter;
  const char *hash;

  if (g_hash_table_size (self->touched) > 0)
    {
      apply_touched (self, cache);
      any_changed = TRUE;
    }

  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, (gpointer *) &hash, NULL))
    {
      GqDevtoolsQueryItem *item = g_hash_table_lookup (self->items, hash);

      if (item != NULL && gq_devtools_query_item_refresh (item))
        g_ptr_array_add (self->changed, item);
    }
  g_hash_table_remove_all (self->dirty);

  if (self->changed->len > 0)
    {
      replace_changed (self);
      any_changed = TRUE;
    }

  if (any_changed)
    update_counts (self);

  return any_changed;
}

const guint *
gq_devtools_queries_get_counts (GqDevtoolsQueries *self)
{
  return self->counts;
}

/* Sorting and filtering */

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GqDevtoolsQueries *self = user_data;
  GqDevtoolsQueryItem *x = (GqDevtoolsQueryItem *) a;
  GqDevtoolsQueryItem *y = (GqDevtoolsQueryItem *) b;
  SortMode mode = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->sort_dropdown));
  int sign = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->order_button)) ? -1 : 1;
  gint64 ux = gq_devtools_query_item_get_updated_at (x);
  gint64 uy = gq_devtools_query_item_get_updated_at (y);
  int order = 0;

  switch (mode)
    {
    case SORT_STATUS:
      order = gq_devtools_status_rank (gq_devtools_query_item_get_status (x)) -
              gq_devtools_status_rank (gq_devtools_query_item_get_status (y));
      if (order == 0)
        order = (uy > ux) - (uy < ux);
      break;

    case SORT_KEY:
      order = strcmp (gq_devtools_query_item_get_hash (x), gq_devtools_query_item_get_hash (y));
      break;

    case SORT_UPDATED:
    default:
      order = (uy > ux) - (uy < ux);
      break;
    }

  if (order == 0)
    order = strcmp (gq_devtools_query_item_get_hash (x), gq_devtools_query_item_get_hash (y));

  return sign * (order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL);
}

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  GqDevtoolsQueries *self = user_data;

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->hide_disabled_button)) &&
      gq_devtools_query_item_get_disabled (item))
    return FALSE;

  return gq_devtools_contains_folded (gq_devtools_query_item_get_hash (item),
                                      gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

static void
on_sort_changed (GqDevtoolsQueries *self)
{
  gtk_button_set_icon_name (GTK_BUTTON (self->order_button),
                            gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->order_button))
                              ? "view-sort-descending-symbolic" : "view-sort-ascending-symbolic");
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
on_filter_changed (GqDevtoolsQueries *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Rows */

static void
row_setup (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *key = gtk_label_new (NULL);
  GtkWidget *tag = gtk_label_new (_("disabled"));
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *updated = gtk_label_new (NULL);

  gtk_widget_add_css_class (badge, "gq-badge");
  gtk_widget_set_tooltip_text (badge, _("Observers"));
  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_ellipsize (GTK_LABEL (key), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (key, TRUE);
  gtk_widget_add_css_class (key, "gq-key");
  gtk_widget_add_css_class (tag, "gq-tag");
  gtk_label_set_width_chars (GTK_LABEL (status), 8);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (updated, "dim-label");
  gtk_widget_add_css_class (updated, "caption");
  gtk_widget_add_css_class (updated, "numeric");

  gtk_box_append (GTK_BOX (box), badge);
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), tag);
  gtk_box_append (GTK_BOX (box), status);
  gtk_box_append (GTK_BOX (box), updated);
  gtk_list_item_set_child (list_item, box);
}

static void
row_update (GtkListItem *list_item)
{
  GqDevtoolsQueryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *badge = gtk_widget_get_first_child (box);
  GtkWidget *key = gtk_widget_get_next_sibling (badge);
  GtkWidget *tag = gtk_widget_get_next_sibling (key);
  GtkWidget *status = gtk_widget_get_next_sibling (tag);
  GtkWidget *updated = gtk_widget_get_next_sibling (status);
  GqDevtoolsStatus st = gq_devtools_query_item_get_status (item);
  g_autofree char *count = g_strdup_printf ("%u", gq_devtools_query_item_get_observer_count (item));
  g_autofree char *time = gq_devtools_format_time (gq_devtools_query_item_get_updated_at (item));
  g_autofree char *label = NULL;
  gboolean disabled = gq_devtools_query_item_get_disabled (item);

  gtk_label_set_label (GTK_LABEL (badge), count);
  gq_devtools_set_status_class (badge, gq_devtools_status_name (st));
  gtk_label_set_label (GTK_LABEL (key), gq_devtools_query_item_get_hash (item));
  gtk_widget_set_visible (tag, disabled);
  gtk_label_set_label (GTK_LABEL (status), gq_devtools_status_label (st));
  gtk_label_set_label (GTK_LABEL (updated), time);

  label = g_strdup_printf (disabled ? _("Query key %s, %s, disabled") : _("Query key %s, %s"),
                           gq_devtools_query_item_get_hash (item), gq_devtools_status_label (st));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
row_bind (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gulong id = g_signal_connect_swapped (item, "changed", G_CALLBACK (row_update), list_item);

  g_object_set_data (G_OBJECT (list_item), "gq-changed-id", GSIZE_TO_POINTER (id));
  row_update (list_item);
}

/* Selection */

static void
on_selection_changed (GqDevtoolsQueries *self)
{
  GqDevtoolsQueryItem *item = gtk_single_selection_get_selected_item (self->selection);

  /* A re-sort briefly leaves nothing selected: keep the selected query. */
  if (item == NULL)
    return;

  g_free (self->selected_hash);
  self->selected_hash = g_strdup (gq_devtools_query_item_get_hash (item));
  _gq_devtools_query_selected (self->devtools);
}

const char *
gq_devtools_queries_get_selected_hash (GqDevtoolsQueries *self)
{
  return self->selected_hash;
}

GqQuery *
gq_devtools_queries_get_selected (GqDevtoolsQueries *self)
{
  GqDevtoolsQueryItem *item;

  if (self->selected_hash == NULL)
    return NULL;

  item = g_hash_table_lookup (self->items, self->selected_hash);
  return item ? gq_devtools_query_item_get_query (item) : NULL;
}

void
gq_devtools_queries_select (GqDevtoolsQueries *self,
                            const char        *query_hash)
{
  GListModel *rows = G_LIST_MODEL (self->sorted);
  guint n = g_list_model_get_n_items (rows);

  g_clear_pointer (&self->selected_hash, g_free);
  self->selected_hash = g_strdup (query_hash);

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; query_hash != NULL && i < n; i++)
    {
      g_autoptr(GqDevtoolsQueryItem) item = g_list_model_get_item (rows, i);

      if (g_str_equal (gq_devtools_query_item_get_hash (item), query_hash))
        {
          gtk_single_selection_set_selected (self->selection, i);
          break;
        }
    }
}

void
gq_devtools_queries_unselect (GqDevtoolsQueries *self)
{
  g_clear_pointer (&self->selected_hash, g_free);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

GListModel *
gq_devtools_queries_get_rows (GqDevtoolsQueries *self)
{
  return G_LIST_MODEL (self->sorted);
}

/* Setup */

GqDevtoolsQueries *
gq_devtools_queries_new (GqDevtools *devtools)
{
  GqDevtoolsQueries *self = g_new0 (GqDevtoolsQueries, 1);
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkFilterListModel *filtered;

  self->devtools = devtools;
  self->search = _gq_devtools_get_part (devtools, "query_filter");
  self->sort_dropdown = _gq_devtools_get_part (devtools, "sort_dropdown");
  self->order_button = _gq_devtools_get_part (devtools, "order_button");
  self->hide_disabled_button = _gq_devtools_get_part (devtools, "hide_disabled_button");
  self->list = _gq_devtools_get_part (devtools, "query_list");

  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->changed = g_ptr_array_new ();

  /* store → filter → sort → selection */
  self->store = g_list_store_new (GQ_TYPE_DEVTOOLS_QUERY_ITEM);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->sorter = gtk_custom_sorter_new (compare_items, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                        GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered), GTK_SORTER (self->sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->list), GTK_SELECTION_MODEL (self->selection));
  factory = gq_devtools_factory_new (G_CALLBACK (row_setup), G_CALLBACK (row_bind),
                                     G_CALLBACK (gq_devtools_row_unbind), self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->list), factory);

  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->hide_disabled_button, "toggled", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected", G_CALLBACK (on_sort_changed), self);
  g_signal_connect_swapped (self->order_button, "toggled", G_CALLBACK (on_sort_changed), self);

  return self;
}

void
gq_devtools_queries_dispose (GqDevtoolsQueries *self)
{
  g_clear_object (&self->selection);
}

void
gq_devtools_queries_free (GqDevtoolsQueries *self)
{
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->changed, g_ptr_array_unref);
  g_clear_pointer (&self->selected_hash, g_free);
  g_free (self);
}
