/* gq-infinite-list-model.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-infinite-list-model.h"
#include "gq-json-item.h"
#include "gq-infinite-list-scroll-private.h"
#include "gq-json-run-private.h"

/**
 * GqInfiniteListModel:
 *
 * A [iface@Gio.ListModel] of [class@GqGtk.JsonItem] over the pages of an
 * infinite query, flattened.
 *
 * Each page is a JSON array, or an object holding the array in
 * [property@GqGtk.InfiniteListModel:items-member] (the pages of
 * [class@Gq.RestSource] are `{"items": [...], "total": ..., "next": ...}`,
 * so `"items"`).
 *
 * The model keeps, per page, the page's node and its offset. Pages whose
 * node is unchanged (structural sharing keeps them pointer-equal) are
 * skipped without looking inside, so:
 *
 * - a new page is one `items-changed (n, 0, k)`;
 * - a refetch that changes one record of a page is one `items-changed (i, 1, 1)`,
 *   and the other items stay the same objects;
 * - a first page dropped by `max-pages` is one removal at 0, a previous page
 *   fetched one insertion at 0.
 *
 * When a view asks for an item within [property@GqGtk.InfiniteListModel:load-ahead]
 * of the end, and the query has a next page and is not fetching, the model
 * fetches the next page (from an idle, once, however many items the view
 * asks for). Any list widget does this, as it asks for the items of the rows
 * it shows.
 *
 * GTK 4.8's `GtkListView` and `GtkGridView` create rows for up to 200 items
 * around the visible ones, whatever the height of the window, so with fewer
 * items than that they ask for the last item long before it is visible. Set
 * [property@GqGtk.InfiniteListModel:vadjustment] to the scrolled window's
 * vertical adjustment: the model then loads the next page when the visible
 * area comes within `load-ahead` rows of the end (or does not fill the
 * view), and ignores which items are asked for.
 *
 * ```c
 * model = gq_infinite_list_model_new (observer, "items");
 * gq_infinite_list_model_set_vadjustment (model,
 *   gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)));
 * ```
 *
 * The model does not subscribe the observer: bind the observer to the view
 * with [func@GqGtk.widget_bind_observer], or subscribe it yourself.
 */

typedef struct
{
  JsonNode  *node;
  GqJsonRun  run;
  guint      offset;
} Page;

struct _GqInfiniteListModel
{
  GObject                  parent_instance;

  GqInfiniteQueryObserver *observer;
  char                    *items_member;
  guint                    load_ahead;

  JsonNode                *data;
  GPtrArray               *pages;

  GqInfiniteListScroll    *scroll;

  guint                    load_source;
  guint                    request_running : 1;
  guint                    has_more : 1;
  guint                    loading_more : 1;
};

enum {
  PROP_0,
  PROP_OBSERVER,
  PROP_ITEMS_MEMBER,
  PROP_LOAD_AHEAD,
  PROP_HAS_MORE,
  PROP_LOADING_MORE,
  PROP_N_PAGES,
  PROP_VADJUSTMENT,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void gq_infinite_list_model_queue_load (GqInfiniteListModel *self);
static void check_adjustment                  (GqInfiniteListModel *self);

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->node, json_node_unref);
  _gq_json_run_clear (&page->run);
  g_free (page);
}

static guint
page_end (Page *page)
{
  return page->offset + _gq_json_run_length (&page->run);
}

static guint
n_items_of (GqInfiniteListModel *self)
{
  if (self->pages->len == 0)
    return 0;

  return page_end (g_ptr_array_index (self->pages, self->pages->len - 1));
}

static GType
gq_infinite_list_model_get_item_type (GListModel *model)
{
  return GQ_TYPE_JSON_ITEM;
}

static guint
gq_infinite_list_model_get_n_items (GListModel *model)
{
  return n_items_of (GQ_INFINITE_LIST_MODEL (model));
}

static gpointer
gq_infinite_list_model_get_item (GListModel *model,
                                 guint       position)
{
  GqInfiniteListModel *self = GQ_INFINITE_LIST_MODEL (model);
  guint n_items = n_items_of (self);
  guint low = 0;
  guint high = self->pages->len;

  if (position >= n_items)
    return NULL;

  if (gq_infinite_list_scroll_get_adjustment (self->scroll) == NULL && position + self->load_ahead >= n_items)
    gq_infinite_list_model_queue_load (self);

  /* The last page whose offset is at most position; empty pages share
   * their offset with the next one and are skipped by the search. */
  while (high - low > 1)
    {
      guint mid = low + (high - low) / 2;
      Page *page = g_ptr_array_index (self->pages, mid);

      if (page->offset <= position)
        low = mid;
      else
        high = mid;
    }

  {
    Page *page = g_ptr_array_index (self->pages, low);

    return _gq_json_run_get_item (&page->run, position - page->offset);
  }
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gq_infinite_list_model_get_item_type;
  iface->get_n_items = gq_infinite_list_model_get_n_items;
  iface->get_item = gq_infinite_list_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GqInfiniteListModel, gq_infinite_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static JsonNode *
page_array (GqInfiniteListModel *self,
            JsonNode            *node)
{
  if (self->items_member != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (!json_object_has_member (object, self->items_member))
        return NULL;
      node = json_object_get_member (object, self->items_member);
    }

  return JSON_NODE_HOLDS_ARRAY (node) ? node : NULL;
}

static Page *
page_new (GqInfiniteListModel *self,
          JsonNode            *node)
{
  Page *page = g_new0 (Page, 1);
  guint position, removed, added;

  page->node = json_node_ref (node);
  _gq_json_run_init (&page->run);
  _gq_json_run_update (&page->run, page_array (self, node), &position, &removed, &added);

  return page;
}

static void
update_offsets (GqInfiniteListModel *self,
                guint                from)
{
  for (guint i = from; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);

      page->offset = i == 0 ? 0 : page_end (g_ptr_array_index (self->pages, i - 1));
    }
}

static guint
offset_of (GqInfiniteListModel *self,
           guint                index)
{
  if (index < self->pages->len)
    return ((Page *) g_ptr_array_index (self->pages, index))->offset;

  return n_items_of (self);
}

static JsonNode *
page_node_at (JsonArray *pages,
              guint      index)
{
  return json_array_get_element (pages, index);
}

static Page *
held_page (GqInfiniteListModel *self,
           guint                index)
{
  return g_ptr_array_index (self->pages, index);
}

static void
remove_pages (GqInfiniteListModel *self,
              guint                index,
              guint                count)
{
  guint position = offset_of (self, index);
  guint removed = offset_of (self, index + count) - position;

  g_ptr_array_remove_range (self->pages, index, count);
  update_offsets (self, index);

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, 0);
}

static void
insert_pages (GqInfiniteListModel *self,
              guint                index,
              JsonArray           *pages,
              guint                first,
              guint                count)
{
  guint position = offset_of (self, index);
  guint added;

  for (guint i = 0; i < count; i++)
    g_ptr_array_insert (self->pages, index + i, page_new (self, page_node_at (pages, first + i)));
  update_offsets (self, index);

  added = offset_of (self, index + count) - position;
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
}

static void
replace_page (GqInfiniteListModel *self,
              guint                index,
              JsonNode            *node)
{
  Page *page = held_page (self, index);
  guint position, removed, added;

  g_clear_pointer (&page->node, json_node_unref);
  page->node = json_node_ref (node);

  if (!_gq_json_run_update (&page->run, page_array (self, node), &position, &removed, &added))
    return;

  if (removed != added)
    update_offsets (self, index + 1);

  g_list_model_items_changed (G_LIST_MODEL (self), page->offset + position, removed, added);
}

/* Whether @node is the page @page holds: the same node, or, as structural
 * sharing compares the pages array position by position, an equal page
 * moved to another position (pages dropped by max-pages, a previous page
 * fetched). An equal page is adopted: its items stay. */
static gboolean
page_matches (GqInfiniteListModel *self,
              Page                *page,
              JsonNode            *node)
{
  if (page->node == node)
    return TRUE;

  if (!gq_json_equal (page->node, node))
    return FALSE;

  g_clear_pointer (&page->node, json_node_unref);
  page->node = json_node_ref (node);
  _gq_json_run_adopt (&page->run, page_array (self, node));

  return TRUE;
}

static gssize
find_held_page (GqInfiniteListModel *self,
                JsonNode            *node)
{
  for (guint i = 1; i < self->pages->len; i++)
    if (page_matches (self, held_page (self, i), node))
      return i;

  return -1;
}

static gssize
find_new_page (GqInfiniteListModel *self,
               JsonArray           *pages)
{
  Page *first = held_page (self, 0);

  for (guint i = 1; i < json_array_get_length (pages); i++)
    if (page_matches (self, first, page_node_at (pages, i)))
      return i;

  return -1;
}

/* Follows the new pages with as few items-changed as the change allows:
 * pages dropped or added at the front, then the common prefix and suffix of
 * page nodes skipped, the middle pages diffed one for one, the rest removed
 * or inserted as one run. The model is consistent at each emission. */
static void
gq_infinite_list_model_set_pages (GqInfiniteListModel *self,
                                  JsonArray           *pages)
{
  guint n_new = pages != NULL ? json_array_get_length (pages) : 0;
  guint prefix = 0;
  guint suffix = 0;
  guint n_old, old_mid, new_mid, paired;

  if (self->pages->len > 0 && n_new > 0 &&
      held_page (self, 0)->node != page_node_at (pages, 0))
    {
      gssize dropped = find_held_page (self, page_node_at (pages, 0));
      gssize inserted = dropped < 0 ? find_new_page (self, pages) : -1;

      if (dropped > 0)
        remove_pages (self, 0, dropped);
      else if (inserted > 0)
        insert_pages (self, 0, pages, 0, inserted);
    }

  n_old = self->pages->len;

  while (prefix < n_old && prefix < n_new &&
         held_page (self, prefix)->node == page_node_at (pages, prefix))
    prefix++;

  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         held_page (self, n_old - 1 - suffix)->node == page_node_at (pages, n_new - 1 - suffix))
    suffix++;

  old_mid = n_old - prefix - suffix;
  new_mid = n_new - prefix - suffix;
  paired = MIN (old_mid, new_mid);

  for (guint i = 0; i < paired; i++)
    replace_page (self, prefix + i, page_node_at (pages, prefix + i));

  if (old_mid > paired)
    remove_pages (self, prefix + paired, old_mid - paired);
  else if (new_mid > paired)
    insert_pages (self, prefix + paired, pages, prefix + paired, new_mid - paired);
}

static JsonArray *
pages_of (JsonNode *data)
{
  JsonObject *object;
  JsonNode *pages;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return NULL;

  object = json_node_get_object (data);
  if (!json_object_has_member (object, "pages"))
    return NULL;

  pages = json_object_get_member (object, "pages");
  return JSON_NODE_HOLDS_ARRAY (pages) ? json_node_get_array (pages) : NULL;
}

static void
gq_infinite_list_model_update (GqInfiniteListModel *self)
{
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (self->observer));
  JsonNode *data = result != NULL ? gq_query_result_get_data (result) : NULL;
  gboolean has_more = result != NULL && gq_query_result_get_has_next_page (result);
  gboolean loading_more = result != NULL && gq_query_result_get_is_fetching_next_page (result);
  guint n_items = n_items_of (self);
  guint n_pages = self->pages->len;

  g_object_freeze_notify (G_OBJECT (self));

  if (data != self->data)
    {
      g_clear_pointer (&self->data, json_node_unref);
      self->data = data != NULL ? json_node_ref (data) : NULL;
      gq_infinite_list_model_set_pages (self, pages_of (data));
    }

  if (n_items != n_items_of (self))
    {
      gq_infinite_list_scroll_items_changed (self->scroll);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
    }
  if (n_pages != self->pages->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_PAGES]);

  if (self->has_more != has_more)
    {
      self->has_more = has_more;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HAS_MORE]);
    }

  if (self->loading_more != loading_more)
    {
      self->loading_more = loading_more;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING_MORE]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  /* A page that did not fill the view, or the view left at the end while
   * a refetch ran. */
  check_adjustment (self);
}

static void
on_observer_changed (GqQueryObserver     *observer,
                     GqQueryResult       *result,
                     GqInfiniteListModel *self)
{
  gq_infinite_list_model_update (self);
}

static gboolean
can_load_more (GqInfiniteListModel *self)
{
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (self->observer));

  return !self->request_running &&
         result != NULL &&
         gq_query_result_get_has_next_page (result) &&
         !gq_query_result_get_is_fetching (result);
}

static void
fetch_next_page_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GqInfiniteListModel) self = user_data;
  g_autoptr(GqQueryResult) query_result = NULL;
  g_autoptr(GError) error = NULL;

  /* The result's error shows on the observer; nothing more to report. */
  query_result = gq_infinite_query_observer_fetch_next_page_finish (GQ_INFINITE_QUERY_OBSERVER (object),
                                                                    result, &error);
  self->request_running = FALSE;
}

static gboolean
request_next_page (GqInfiniteListModel *self)
{
  if (self->observer == NULL || !can_load_more (self))
    return FALSE;

  self->request_running = TRUE;
  gq_infinite_query_observer_fetch_next_page_async (self->observer,
                                                    GQ_REFETCH_FLAGS_NONE,
                                                    NULL,
                                                    fetch_next_page_cb,
                                                    g_object_ref (self));
  return TRUE;
}

static gboolean
load_source_cb (gpointer user_data)
{
  GqInfiniteListModel *self = user_data;

  self->load_source = 0;
  request_next_page (self);

  return G_SOURCE_REMOVE;
}

static void
gq_infinite_list_model_queue_load (GqInfiniteListModel *self)
{
  /* get_item runs inside a view's layout: the fetch starts from an idle,
   * never re-entrantly. */
  if (self->load_source != 0 || !can_load_more (self))
    return;

  self->load_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, load_source_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->load_source),
                            "[gquery] load next page");
}

static void
check_adjustment (GqInfiniteListModel *self)
{
  if (gq_infinite_list_scroll_is_near_end (self->scroll, n_items_of (self), self->load_ahead))
    gq_infinite_list_model_queue_load (self);
}

static void
gq_infinite_list_model_constructed (GObject *object)
{
  GqInfiniteListModel *self = (GqInfiniteListModel *)object;

  G_OBJECT_CLASS (gq_infinite_list_model_parent_class)->constructed (object);

  g_assert (self->observer != NULL);

  g_signal_connect_object (self->observer, "changed",
                           G_CALLBACK (on_observer_changed), self, 0);

  gq_infinite_list_model_update (self);
}

static void
gq_infinite_list_model_dispose (GObject *object)
{
  GqInfiniteListModel *self = (GqInfiniteListModel *)object;

  g_clear_handle_id (&self->load_source, g_source_remove);
  gq_infinite_list_model_set_vadjustment (self, NULL);
  if (self->observer != NULL)
    g_signal_handlers_disconnect_by_data (self->observer, self);
  g_clear_object (&self->observer);

  G_OBJECT_CLASS (gq_infinite_list_model_parent_class)->dispose (object);
}

static void
gq_infinite_list_model_finalize (GObject *object)
{
  GqInfiniteListModel *self = (GqInfiniteListModel *)object;

  g_clear_pointer (&self->scroll, gq_infinite_list_scroll_free);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->data, json_node_unref);
  g_clear_pointer (&self->items_member, g_free);

  G_OBJECT_CLASS (gq_infinite_list_model_parent_class)->finalize (object);
}

static void
gq_infinite_list_model_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GqInfiniteListModel *self = GQ_INFINITE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      g_value_set_object (value, self->observer);
      break;

    case PROP_ITEMS_MEMBER:
      g_value_set_string (value, self->items_member);
      break;

    case PROP_LOAD_AHEAD:
      g_value_set_uint (value, self->load_ahead);
      break;

    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;

    case PROP_LOADING_MORE:
      g_value_set_boolean (value, self->loading_more);
      break;

    case PROP_N_PAGES:
      g_value_set_uint (value, self->pages->len);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, gq_infinite_list_scroll_get_adjustment (self->scroll));
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, GQ_TYPE_JSON_ITEM);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, n_items_of (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_infinite_list_model_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  GqInfiniteListModel *self = GQ_INFINITE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      self->observer = g_value_dup_object (value);
      break;

    case PROP_ITEMS_MEMBER:
      self->items_member = g_value_dup_string (value);
      break;

    case PROP_LOAD_AHEAD:
      gq_infinite_list_model_set_load_ahead (self, g_value_get_uint (value));
      break;

    case PROP_VADJUSTMENT:
      gq_infinite_list_model_set_vadjustment (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_infinite_list_model_class_init (GqInfiniteListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gq_infinite_list_model_constructed;
  object_class->dispose = gq_infinite_list_model_dispose;
  object_class->finalize = gq_infinite_list_model_finalize;
  object_class->get_property = gq_infinite_list_model_get_property;
  object_class->set_property = gq_infinite_list_model_set_property;

  /**
   * GqInfiniteListModel:observer:
   *
   * The observer of the infinite query whose pages the model shows.
   */
  properties [PROP_OBSERVER] =
    g_param_spec_object ("observer", NULL, NULL,
                         GQ_TYPE_INFINITE_QUERY_OBSERVER,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqInfiniteListModel:items-member:
   *
   * The member of a page object holding the page's array, or %NULL when
   * each page is an array.
   */
  properties [PROP_ITEMS_MEMBER] =
    g_param_spec_string ("items-member", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqInfiniteListModel:load-ahead:
   *
   * How close to the end a requested item starts fetching the next page,
   * in items.
   */
  properties [PROP_LOAD_AHEAD] =
    g_param_spec_uint ("load-ahead", NULL, NULL,
                       0, G_MAXUINT, 20,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * GqInfiniteListModel:has-more:
   *
   * Whether the query has a next page (`has-next-page` of its result).
   */
  properties [PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * GqInfiniteListModel:loading-more:
   *
   * Whether the next page is being fetched (`is-fetching-next-page` of the
   * query's result), for a spinner at the end of the list.
   */
  properties [PROP_LOADING_MORE] =
    g_param_spec_boolean ("loading-more", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * GqInfiniteListModel:n-pages:
   *
   * The number of pages held.
   */
  properties [PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * GqInfiniteListModel:vadjustment:
   *
   * The vertical adjustment of the view's scrolled window, or %NULL. Set,
   * the next page loads when the visible area nears the end; unset, when
   * the view asks for an item near the end.
   */
  properties [PROP_VADJUSTMENT] =
    g_param_spec_object ("vadjustment", NULL, NULL,
                         GTK_TYPE_ADJUSTMENT,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqInfiniteListModel:item-type:
   *
   * The type of the items, [class@GqGtk.JsonItem].
   */
  properties [PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  /**
   * GqInfiniteListModel:n-items:
   *
   * The number of items, notified after `items-changed`.
   */
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_infinite_list_model_init (GqInfiniteListModel *self)
{
  self->load_ahead = 20;
  self->pages = g_ptr_array_new_with_free_func (page_free);
  self->scroll = gq_infinite_list_scroll_new (G_CALLBACK (check_adjustment), self);
}

/**
 * gq_infinite_list_model_new:
 * @observer: the observer of an infinite query
 * @items_member: (nullable): the member of each page holding its array
 *   (`"items"` for [class@Gq.RestSource]), or %NULL when pages are arrays
 *
 * Creates a list model of @observer's pages, flattened.
 *
 * Returns: (transfer full): a new #GqInfiniteListModel
 */
GqInfiniteListModel *
gq_infinite_list_model_new (GqInfiniteQueryObserver *observer,
                            const char              *items_member)
{
  g_return_val_if_fail (GQ_IS_INFINITE_QUERY_OBSERVER (observer), NULL);

  return g_object_new (GQ_TYPE_INFINITE_LIST_MODEL,
                       "observer", observer,
                       "items-member", items_member,
                       NULL);
}

/**
 * gq_infinite_list_model_get_observer:
 * @self: a #GqInfiniteListModel
 *
 * Gets [property@GqGtk.InfiniteListModel:observer].
 *
 * Returns: (transfer none): the observer
 */
GqInfiniteQueryObserver *
gq_infinite_list_model_get_observer (GqInfiniteListModel *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_LIST_MODEL (self), NULL);

  return self->observer;
}

/**
 * gq_infinite_list_model_get_items_member:
 * @self: a #GqInfiniteListModel
 *
 * Gets [property@GqGtk.InfiniteListModel:items-member].
 *
 * Returns: (nullable): the member holding each page's array
 */
const char *
gq_infinite_list_model_get_items_member (GqInfiniteListModel *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_LIST_MODEL (self), NULL);

  return self->items_member;
}

/**
 * gq_infinite_list_model_get_load_ahead:
 * @self: a #GqInfiniteListModel
 *
 * Gets [property@GqGtk.InfiniteListModel:load-ahead].
 *
 * Returns: the distance from the end, in items, that loads the next page
 */
guint
gq_infinite_list_model_get_load_ahead (GqInfiniteListModel *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_LIST_MODEL (self), 0);

  return self->load_ahead;
}

/**
 * gq_infinite_list_model_set_load_ahead:
 * @self: a #GqInfiniteListModel
 * @load_ahead: a distance from the end, in items
 *
 * Sets [property@GqGtk.InfiniteListModel:load-ahead].
 */
void
gq_infinite_list_model_set_load_ahead (GqInfiniteListModel *self,
                                       guint                load_ahead)
{
  g_return_if_fail (GQ_IS_INFINITE_LIST_MODEL (self));

  if (self->load_ahead == load_ahead)
    return;

  self->load_ahead = load_ahead;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOAD_AHEAD]);
}

/**
 * gq_infinite_list_model_get_has_more:
 * @self: a #GqInfiniteListModel
 *
 * Gets [property@GqGtk.InfiniteListModel:has-more].
 *
 * Returns: whether there is a next page
 */
gboolean
gq_infinite_list_model_get_has_more (GqInfiniteListModel *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_LIST_MODEL (self), FALSE);

  return self->has_more;
}

/**
 * gq_infinite_list_model_get_loading_more:
 * @self: a #GqInfiniteListModel
 *
 * Gets [property@GqGtk.InfiniteListModel:loading-more].
 *
 * Returns: whether the next page is being fetched
 */
gboolean
gq_infinite_list_model_get_loading_more (GqInfiniteListModel *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_LIST_MODEL (self), FALSE);

  return self->loading_more;
}

/**
 * gq_infinite_list_model_get_n_pages:
 * @self: a #GqInfiniteListModel
 *
 * Gets [property@GqGtk.InfiniteListModel:n-pages].
 *
 * Returns: the number of pages held
 */
guint
gq_infinite_list_model_get_n_pages (GqInfiniteListModel *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_LIST_MODEL (self), 0);

  return self->pages->len;
}

/**
 * gq_infinite_list_model_load_more:
 * @self: a #GqInfiniteListModel
 *
 * Fetches the next page now, as scrolling near the end does: only when the
 * query has a next page, is not fetching, and no request of the model is
 * running.
 *
 * Returns: whether a fetch of the next page started
 */
gboolean
gq_infinite_list_model_load_more (GqInfiniteListModel *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_LIST_MODEL (self), FALSE);

  g_clear_handle_id (&self->load_source, g_source_remove);

  return request_next_page (self);
}

/**
 * gq_infinite_list_model_get_vadjustment:
 * @self: a #GqInfiniteListModel
 *
 * Gets [property@GqGtk.InfiniteListModel:vadjustment].
 *
 * Returns: (transfer none) (nullable): the adjustment followed
 */
GtkAdjustment *
gq_infinite_list_model_get_vadjustment (GqInfiniteListModel *self)
{
  g_return_val_if_fail (GQ_IS_INFINITE_LIST_MODEL (self), NULL);

  return gq_infinite_list_scroll_get_adjustment (self->scroll);
}

/**
 * gq_infinite_list_model_set_vadjustment:
 * @self: a #GqInfiniteListModel
 * @adjustment: (nullable): the vertical adjustment of the view's scrolled
 *   window, or %NULL
 *
 * Sets [property@GqGtk.InfiniteListModel:vadjustment]: the next page loads
 * when the visible area comes within `load-ahead` rows of the end, or when
 * the items do not fill it.
 */
void
gq_infinite_list_model_set_vadjustment (GqInfiniteListModel *self,
                                        GtkAdjustment       *adjustment)
{
  g_return_if_fail (GQ_IS_INFINITE_LIST_MODEL (self));
  g_return_if_fail (adjustment == NULL || GTK_IS_ADJUSTMENT (adjustment));

  if (!gq_infinite_list_scroll_set_adjustment (self->scroll, adjustment))
    return;

  check_adjustment (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VADJUSTMENT]);
}
