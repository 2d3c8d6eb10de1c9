/* gq-browser-window.c: collections, their records, one record
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gquery-gtk.h>

#include "gq-browser-fields.h"
#include "gq-browser-record-form.h"
#include "gq-browser-window-private.h"

#define SEARCH_DELAY_MS 300
#define LOAD_AHEAD_ROWS 20

struct _GqBrowserWindow
{
  AdwApplicationWindow     parent_instance;

  /* Template */
  AdwToastOverlay         *toast_overlay;
  GtkRevealer             *offline_revealer;
  GtkLabel                *pending_label;
  AdwLeaflet              *leaflet;
  GtkWidget               *sidebar;
  GtkWidget               *content;
  AdwWindowTitle          *sidebar_title;
  GtkStack                *sidebar_stack;
  GtkListBox              *sidebar_list;
  AdwWindowTitle          *content_title;
  GtkWidget               *back_button;
  GtkToggleButton         *search_button;
  GtkStack                *refresh_stack;
  GtkSpinner              *refetch_spinner;
  GtkSearchBar            *search_bar;
  GtkSearchEntry          *search_entry;
  GtkStack                *content_stack;
  GtkSpinner              *loading_spinner;
  AdwStatusPage           *error_page;
  GtkWidget               *trust_button;
  AdwStatusPage           *empty_page;
  GtkScrolledWindow       *list_scroller;
  GtkColumnView           *column_view;
  GtkRevealer             *more_revealer;
  GtkSpinner              *more_spinner;
  AdwPreferencesGroup     *detail_group;
  GtkSpinner              *detail_spinner;
  GtkRevealer             *devtools_revealer;
  AdwBin                  *devtools_slot;

  GqBrowserConnection     *connection;
  GqQueryObserver         *collections;
  GqInfiniteQueryObserver *list;
  GListModel              *records;
  GqQueryObserver         *detail;

  JsonNode                *collections_data;
  char                    *collection;
  char                    *sort_field;
  gboolean                 descending;
  char                    *search;
  GPtrArray               *fields;
  GPtrArray               *detail_rows;
  JsonNode                *detail_id;
  const char              *probe_field;
  gboolean                 building_columns;
  guint                    list_error_count;
  char                    *last_toast;
  char                    *error_text;
  GtkWindow               *form;
  gboolean                 scroll_to_new;
};

G_DEFINE_FINAL_TYPE (GqBrowserWindow, gq_browser_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void show_list_state    (GqBrowserWindow *self);
static void on_records_changed (GListModel      *model,
                                guint            position,
                                guint            removed,
                                guint            added,
                                GqBrowserWindow *self);

/* Helpers */

static void
show_toast (GqBrowserWindow *self,
            const char      *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
}

/* The observer follows the window: subscribed while it is mapped. */
static void
bind_observer (GqBrowserWindow *self,
               GqQueryObserver *observer)
{
  gq_widget_bind_observer (GTK_WIDGET (self), observer);
}

static void
unbind_observer (GqBrowserWindow  *self,
                 gpointer          observer_ptr)
{
  GqQueryObserver **observer = observer_ptr;

  if (*observer == NULL)
    return;

  g_signal_handlers_disconnect_by_data (*observer, self);
  gq_widget_unbind_observer (GTK_WIDGET (self), *observer);
  g_clear_object (observer);
}

static char *
collection_title (const char *collection)
{
  return gq_browser_fields_title (collection);
}

static JsonArray *
first_page_items (GqQueryResult *result)
{
  JsonNode *data = gq_query_result_get_data (result);
  JsonArray *pages;
  JsonNode *page;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return NULL;
  pages = json_object_get_array_member (json_node_get_object (data), "pages");
  if (pages == NULL || json_array_get_length (pages) == 0)
    return NULL;
  page = json_array_get_element (pages, 0);
  if (!JSON_NODE_HOLDS_OBJECT (page) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (page), "items")))
    return NULL;

  return json_object_get_array_member (json_node_get_object (page), "items");
}

static gboolean
pages_are_lists (GqQueryResult *result)
{
  JsonNode *data = gq_query_result_get_data (result);
  JsonArray *pages;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return FALSE;
  pages = json_object_get_array_member (json_node_get_object (data), "pages");
  for (guint i = 0; pages != NULL && i < json_array_get_length (pages); i++)
    {
      JsonNode *page = json_array_get_element (pages, i);

      if (!JSON_NODE_HOLDS_OBJECT (page) ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (page), "items")))
        return FALSE;
    }

  return pages != NULL;
}

static JsonNode *
first_page_total (GqQueryResult *result)
{
  JsonNode *data = gq_query_result_get_data (result);
  JsonArray *pages;
  JsonNode *page;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return NULL;
  pages = json_object_get_array_member (json_node_get_object (data), "pages");
  if (pages == NULL || json_array_get_length (pages) == 0)
    return NULL;
  page = json_array_get_element (pages, 0);
  if (!JSON_NODE_HOLDS_OBJECT (page))
    return NULL;

  return json_object_get_member (json_node_get_object (page), "total");
}

/* Columns */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GObject                  *object,
            gpointer                  user_data)
{
  GtkListItem *list_item = GTK_LIST_ITEM (object);
  gboolean is_id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "is-id"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), is_id ? 4 : 8);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), is_id ? 6 : 16);
  gtk_widget_set_hexpand (label, TRUE);

  if (is_id)
    {
      GtkWidget *pending = gtk_image_new_from_icon_name ("document-send-symbolic");

      gtk_widget_set_tooltip_text (pending, _("Waiting to be saved on the server"));
      gtk_widget_add_css_class (pending, "pending-badge");
      gtk_widget_set_visible (pending, FALSE);
      gtk_box_append (GTK_BOX (box), pending);
    }

  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GObject                  *object,
           gpointer                  user_data)
{
  GtkListItem *list_item = GTK_LIST_ITEM (object);
  const char *field = g_object_get_data (G_OBJECT (factory), "field");
  gboolean is_id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "is-id"));
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_last_child (box);
  JsonNode *record = gq_json_item_get_node (gtk_list_item_get_item (list_item));
  JsonObject *object_record = record && JSON_NODE_HOLDS_OBJECT (record) ? json_node_get_object (record) : NULL;
  JsonNode *value = object_record ? json_object_get_member (object_record, field) : NULL;
  g_autofree char *text = gq_browser_fields_format_value (value);
  gboolean pending = object_record && json_object_get_boolean_member_with_default (object_record, "$pending", FALSE);

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  gtk_widget_set_tooltip_text (label, g_utf8_strlen (text, -1) > 16 ? text : NULL);

  if (is_id)
    gtk_widget_set_visible (gtk_widget_get_first_child (box), pending);

  if (pending)
    gtk_widget_add_css_class (label, "pending");
  else
    gtk_widget_remove_css_class (label, "pending");
}

static int
probe_sort (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  GqBrowserWindow *self = g_object_get_data (G_OBJECT (user_data), "window");

  /* Never sorts anything: asked by the column view's sorter, it tells
   * which column the user clicked, and which way. */
  if (self->probe_field == NULL)
    self->probe_field = g_object_get_data (G_OBJECT (user_data), "field");

  return GTK_ORDERING_SMALLER;
}

static void
clear_columns (GqBrowserWindow *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  self->building_columns = TRUE;
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
  self->building_columns = FALSE;
  g_clear_pointer (&self->fields, g_ptr_array_unref);
}

/* Narrow columns for narrow values, so text gets the room. */
static int
column_width (const GqBrowserField *field)
{
  if (g_str_equal (field->name, "id"))
    return 90;

  switch (field->kind)
    {
    case GQ_BROWSER_FIELD_BOOLEAN:
      return 80;
    case GQ_BROWSER_FIELD_INTEGER:
      return g_str_has_suffix (field->name, "Id") ? 90 : 80;
    case GQ_BROWSER_FIELD_NUMBER:
      return 90;
    case GQ_BROWSER_FIELD_DATE:
      return 120;
    case GQ_BROWSER_FIELD_JSON:
      return 200;
    case GQ_BROWSER_FIELD_TEXT:
    default:
      return 180;
    }
}

static void
build_columns (GqBrowserWindow *self,
               JsonArray       *records)
{
  self->building_columns = TRUE;
  self->fields = gq_browser_fields_infer (records);

  for (guint i = 0; i < self->fields->len; i++)
    {
      GqBrowserField *field = g_ptr_array_index (self->fields, i);
      g_autofree char *title = gq_browser_fields_title (field->name);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkSorter *sorter;
      gboolean is_id = g_str_equal (field->name, "id");

      g_object_set_data_full (G_OBJECT (factory), "field", g_strdup (field->name), g_free);
      g_object_set_data (G_OBJECT (factory), "is-id", GINT_TO_POINTER (is_id));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);

      column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_width (field));
      gtk_column_view_column_set_expand (column, field->kind == GQ_BROWSER_FIELD_TEXT);

      sorter = GTK_SORTER (gtk_custom_sorter_new (NULL, NULL, NULL));
      gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), probe_sort, sorter, NULL);
      g_object_set_data (G_OBJECT (sorter), "window", self);
      g_object_set_data_full (G_OBJECT (sorter), "field", g_strdup (field->name), g_free);
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);

      gtk_column_view_append_column (self->column_view, column);

      if (self->sort_field != NULL && g_str_equal (self->sort_field, field->name))
        gtk_column_view_sort_by_column (self->column_view, column,
                                        self->descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
    }

  self->building_columns = FALSE;
}

/* The list of records */

static void
update_title (GqBrowserWindow *self,
              GqQueryResult   *result)
{
  g_autofree char *title = self->collection ? collection_title (self->collection) : NULL;
  g_autofree char *subtitle = NULL;
  JsonNode *total = result ? first_page_total (result) : NULL;

  if (total != NULL && JSON_NODE_HOLDS_VALUE (total) && json_node_get_value_type (total) == G_TYPE_INT64)
    {
      gint64 n = json_node_get_int (total);
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, n);

      /* Translators: %s is a number of records, written the locale's way. */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records", (gulong) n),
                                  count);
    }

  if (self->detail_id != NULL)
    {
      g_autofree char *id = gq_browser_fields_format_value (self->detail_id);

      g_free (subtitle);
      /* Translators: the subtitle of a record's page, %s is its id. */
      subtitle = g_strdup_printf (_("Record %s"), id);
    }

  adw_window_title_set_title (self->content_title, title ? title : "");
  adw_window_title_set_subtitle (self->content_title, subtitle ? subtitle : "");
}

static void
show_list_state (GqBrowserWindow *self)
{
  g_autoptr(GqQueryResult) result = NULL;
  JsonArray *items;
  const char *page;
  gboolean background;

  if (self->list == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "welcome");
      return;
    }

  result = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (self->list));
  items = first_page_items (result);

  if (gq_query_result_get_data (result) != NULL && !pages_are_lists (result))
    {
      g_free (self->error_text);
      self->error_text = g_strdup (_("The server answered with something other than a list of records."));
      adw_status_page_set_description (self->error_page, self->error_text);
      gtk_widget_set_visible (self->trust_button, FALSE);
      page = "error";
    }
  else if (gq_query_result_get_data (result) == NULL && gq_query_result_get_is_error (result))
    {
      const GError *error = gq_query_result_get_error (result);

      g_free (self->error_text);
      /* The source could not read a page out of the answer. */
      if (g_error_matches (error, GQ_ERROR, GQ_ERROR_FAILED) ||
          g_error_matches (error, GQ_ERROR, GQ_ERROR_INVALID_INFINITE_DATA))
        self->error_text = g_strdup (_("The server answered with something other than a list of records."));
      else
        self->error_text = gq_browser_connection_describe_error (self->connection, error);
      adw_status_page_set_description (self->error_page, self->error_text);
      gtk_widget_set_visible (self->trust_button,
                              gq_browser_connection_has_rejected_certificate (self->connection));
      page = "error";
    }
  else if (gq_query_result_get_data (result) == NULL)
    {
      page = "loading";
    }
  else if (items == NULL || json_array_get_length (items) == 0)
    {
      gboolean searching = self->search != NULL && *self->search != '\0';

      adw_status_page_set_title (self->empty_page, searching ? _("No Results") : _("No Records"));
      adw_status_page_set_description (self->empty_page,
                                       searching ? _("No record matches the search.")
                                                 : _("This collection is empty. Add a record with the + button."));
      page = "empty";
    }
  else
    {
      if (self->fields == NULL)
        build_columns (self, items);
      page = "list";
    }

  /* A refetch that failed while there is data to show: say it, once. */
  if (gq_query_result_get_data (result) != NULL && gq_query_result_get_is_error (result) &&
      gq_query_result_get_error_update_count (result) != self->list_error_count)
    {
      g_autofree char *why = gq_browser_connection_describe_error (self->connection,
                                                                   gq_query_result_get_error (result));
      g_autofree char *title = g_strdup_printf (_("Could not refresh: %s"), why);

      self->list_error_count = gq_query_result_get_error_update_count (result);
      show_toast (self, title);
    }

  if (self->detail_id == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, page);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));

  background = gq_query_result_get_is_fetching (result) &&
               gq_query_result_get_data (result) != NULL &&
               !gq_query_result_get_is_fetching_next_page (result);
  gtk_spinner_set_spinning (self->refetch_spinner, background);
  gtk_stack_set_visible_child_name (self->refresh_stack, background ? "spinner" : "button");

  gtk_spinner_set_spinning (self->more_spinner, gq_query_result_get_is_fetching_next_page (result));
  gtk_revealer_set_reveal_child (self->more_revealer, gq_query_result_get_is_fetching_next_page (result));

  update_title (self, result);
}

static void
on_list_changed (GqQueryObserver *observer,
                 GqQueryResult   *result,
                 GqBrowserWindow *self)
{
  show_list_state (self);
}

static void
load_list (GqBrowserWindow *self)
{
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  GqInfiniteListModel *model;
  GtkSelectionModel *selection;

  options = gq_browser_connection_list_options (self->connection, self->collection,
                                                self->sort_field, self->descending, self->search);

  if (self->list != NULL)
    {
      gq_query_observer_set_options (GQ_QUERY_OBSERVER (self->list), GQ_QUERY_OPTIONS (options));
      return;
    }

  self->list = gq_infinite_query_observer_new (gq_browser_connection_get_client (self->connection), options);
  g_signal_connect (self->list, "changed", G_CALLBACK (on_list_changed), self);
  model = gq_infinite_list_model_new (self->list, "items");
  /* Pages load as the visible rows near the end, not as GTK creates rows. */
  gq_infinite_list_model_set_vadjustment (model, gtk_scrolled_window_get_vadjustment (self->list_scroller));
  gq_infinite_list_model_set_load_ahead (model, LOAD_AHEAD_ROWS);
  self->records = G_LIST_MODEL (model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_records_changed), self, 0);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (self->records)));
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);
  bind_observer (self, GQ_QUERY_OBSERVER (self->list));
}

/* The model loads ahead by itself as the view nears the end; reaching the
 * very end loads too, should the model still wait for the view to lay out
 * rows that were hidden behind the loading page. */
static void
on_edge_reached (GqBrowserWindow *self,
                 GtkPositionType  position)
{
  if (position == GTK_POS_BOTTOM && GQ_IS_INFINITE_LIST_MODEL (self->records))
    gq_infinite_list_model_load_more (GQ_INFINITE_LIST_MODEL (self->records));
}

static void
on_sorter_changed (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   GqBrowserWindow *self)
{
  g_autoptr(GObject) a = NULL;
  g_autoptr(GObject) b = NULL;
  GtkOrdering order;

  if (self->building_columns || self->list == NULL)
    return;

  a = g_object_new (G_TYPE_OBJECT, NULL);
  b = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_field = NULL;
  order = gtk_sorter_compare (sorter, a, b);
  if (self->probe_field == NULL)
    return;

  if (g_strcmp0 (self->probe_field, self->sort_field) == 0 &&
      (order == GTK_ORDERING_LARGER) == self->descending)
    return;

  g_free (self->sort_field);
  self->sort_field = g_strdup (self->probe_field);
  self->descending = order == GTK_ORDERING_LARGER;
  load_list (self);
}

static void
select_collection (GqBrowserWindow *self,
                   const char      *collection)
{
  if (g_strcmp0 (collection, self->collection) == 0)
    return;

  g_free (self->collection);
  self->collection = g_strdup (collection);
  g_clear_pointer (&self->detail_id, json_node_unref);
  unbind_observer (self, &self->detail);
  clear_columns (self);

  /* Newest first: where a new record shows up, now and after a refetch. */
  g_free (self->sort_field);
  self->sort_field = collection ? gq_browser_connection_dup_default_sort_field (self->connection, collection) : NULL;
  self->descending = TRUE;
  g_clear_pointer (&self->search, g_free);
  /* Cleared first: the entry's change is then no change of the query. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (collection == NULL)
    {
      unbind_observer (self, &self->list);
      gtk_column_view_set_model (self->column_view, NULL);
      g_clear_object (&self->records);
      show_list_state (self);
      return;
    }

  self->list_error_count = 0;
  load_list (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->list_scroller), 0);
  show_list_state (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* The sidebar */

static void
on_sidebar_row_selected (GqBrowserWindow *self,
                         GtkListBoxRow   *row)
{
  if (row != NULL)
    select_collection (self, g_object_get_data (G_OBJECT (row), "collection"));
}

static GtkWidget *
sidebar_row_new (JsonObject *entry)
{
  const char *name = json_object_get_string_member (entry, "name");
  JsonNode *count = json_object_get_member (entry, "count");
  g_autofree char *title = collection_title (name);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  if (count != NULL && JSON_NODE_HOLDS_VALUE (count) && json_node_get_value_type (count) == G_TYPE_INT64)
    {
      g_autofree char *text = g_strdup_printf ("%'" G_GINT64_FORMAT, json_node_get_int (count));
      GtkWidget *count_label = gtk_label_new (text);

      gtk_widget_add_css_class (count_label, "dim-label");
      gtk_widget_add_css_class (count_label, "numeric");
      gtk_box_append (GTK_BOX (box), count_label);
    }

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "collection", g_strdup (name), g_free);

  return row;
}

static void
show_collections_error (GqBrowserWindow *self,
                        GqQueryResult   *result)
{
  g_free (self->error_text);
  self->error_text = gq_browser_connection_describe_error (self->connection,
                                                           gq_query_result_get_error (result));
  adw_status_page_set_title (self->error_page, _("Could Not Connect"));
  adw_status_page_set_description (self->error_page, self->error_text);
  gtk_widget_set_visible (self->trust_button,
                          gq_browser_connection_has_rejected_certificate (self->connection));
  gtk_stack_set_visible_child_name (self->sidebar_stack, "blank");
  gtk_stack_set_visible_child_name (self->content_stack, "error");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_collections_changed (GqQueryObserver *observer,
                        GqQueryResult   *result,
                        GqBrowserWindow *self)
{
  JsonNode *data = gq_query_result_get_data (result);
  JsonArray *entries;
  GtkWidget *child;
  GtkListBoxRow *select = NULL;

  if (data == NULL)
    {
      if (gq_query_result_get_is_error (result))
        show_collections_error (self, result);
      else
        {
          gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
          gtk_stack_set_visible_child_name (self->content_stack, "loading");
          gtk_spinner_set_spinning (self->loading_spinner, TRUE);
        }
      return;
    }

  if (data == self->collections_data)
    return;

  g_clear_pointer (&self->collections_data, json_node_unref);
  self->collections_data = json_node_ref (data);
  adw_status_page_set_title (self->error_page, _("Could Not Load"));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
    gtk_list_box_remove (self->sidebar_list, child);

  entries = json_object_get_array_member (json_node_get_object (data), "collections");
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      GtkWidget *row = sidebar_row_new (json_array_get_object_element (entries, i));

      gtk_list_box_append (self->sidebar_list, row);
      if (select == NULL ||
          g_strcmp0 (self->collection, g_object_get_data (G_OBJECT (row), "collection")) == 0)
        select = GTK_LIST_BOX_ROW (row);
    }

  gtk_stack_set_visible_child_name (self->sidebar_stack, "list");
  if (select != NULL)
    gtk_list_box_select_row (self->sidebar_list, select);
  else
    show_list_state (self);
}

/* One record */

static void
clear_detail_rows (GqBrowserWindow *self)
{
  for (guint i = 0; i < self->detail_rows->len; i++)
    adw_preferences_group_remove (self->detail_group, g_ptr_array_index (self->detail_rows, i));
  g_ptr_array_set_size (self->detail_rows, 0);
}

static void
add_detail_row (GqBrowserWindow *self,
                const char      *name,
                JsonNode        *value)
{
  g_autofree char *title = gq_browser_fields_title (name);
  g_autofree char *text = NULL;
  GtkWidget *row = adw_action_row_new ();

  text = gq_browser_fields_format_value (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), *text ? text : "—");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->detail_group, row);
  g_ptr_array_add (self->detail_rows, row);
}

static void
on_detail_changed (GqQueryObserver *observer,
                   GqQueryResult   *result,
                   GqBrowserWindow *self)
{
  JsonNode *data = gq_query_result_get_data (result);

  gtk_spinner_set_spinning (self->detail_spinner, gq_query_result_get_is_fetching (result));

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      if (gq_query_result_get_is_error (result) || (data != NULL && !JSON_NODE_HOLDS_OBJECT (data)))
        {
          g_autofree char *why = data ? g_strdup (_("The server did not answer with a record."))
                                      : gq_browser_connection_describe_error (self->connection,
                                                                              gq_query_result_get_error (result));
          g_autofree char *title = g_strdup_printf (_("Could not open the record: %s"), why);

          show_toast (self, title);
          gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
        }
      return;
    }

  clear_detail_rows (self);
  adw_preferences_group_set_title (self->detail_group, "");

  /* The collection's fields in their order, then what only this record has. */
  for (guint i = 0; self->fields != NULL && i < self->fields->len; i++)
    {
      GqBrowserField *field = g_ptr_array_index (self->fields, i);

      add_detail_row (self, field->name, json_object_get_member (json_node_get_object (data), field->name));
    }
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *value;
    gboolean known;

    json_object_iter_init_ordered (&iter, json_node_get_object (data));
    while (json_object_iter_next_ordered (&iter, &name, &value))
      {
        known = name[0] == '$';
        for (guint i = 0; !known && self->fields != NULL && i < self->fields->len; i++)
          known = g_str_equal (((GqBrowserField *) g_ptr_array_index (self->fields, i))->name, name);
        if (!known)
          add_detail_row (self, name, value);
      }
  }
}

static void
show_detail (GqBrowserWindow *self,
             JsonNode        *id)
{
  g_autoptr(GqQueryOptions) options = NULL;

  unbind_observer (self, &self->detail);
  g_clear_pointer (&self->detail_id, json_node_unref);
  self->detail_id = json_node_copy (id);

  options = gq_browser_connection_detail_options (self->connection, self->collection, id);
  self->detail = gq_query_observer_new (gq_browser_connection_get_client (self->connection), options);
  g_signal_connect (self->detail, "changed", G_CALLBACK (on_detail_changed), self);
  bind_observer (self, self->detail);
  {
    g_autoptr(GqQueryResult) detail = gq_query_observer_get_current_result (self->detail);
    g_autoptr(GqQueryResult) list = gq_query_observer_get_current_result (GQ_QUERY_OBSERVER (self->list));

    on_detail_changed (self->detail, detail, self);
    gtk_stack_set_visible_child_name (self->content_stack, "detail");
    update_title (self, list);
  }
}

static void
on_row_activated (GqBrowserWindow *self,
                  guint            position)
{
  g_autoptr(GObject) item = self->records ? g_list_model_get_item (self->records, position) : NULL;
  JsonNode *record = item ? gq_json_item_get_node (GQ_JSON_ITEM (item)) : NULL;
  JsonNode *id;

  if (record == NULL || !JSON_NODE_HOLDS_OBJECT (record))
    return;

  if (json_object_get_boolean_member_with_default (json_node_get_object (record), "$pending", FALSE) &&
      !json_object_has_member (json_node_get_object (record), "id"))
    {
      show_toast (self, _("This record is not saved on the server yet"));
      return;
    }

  if ((id = json_object_get_member (json_node_get_object (record), "id")) != NULL)
    show_detail (self, id);
}

/* Search */

static void
on_search_changed (GqBrowserWindow *self,
                   GtkSearchEntry  *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (self->collection == NULL || g_strcmp0 (text, self->search ? self->search : "") == 0)
    return;

  /* Said once, as the user starts typing, not at every key. */
  if (*text != '\0' && (self->search == NULL || *self->search == '\0') &&
      !gq_browser_connection_can_search (self->connection, self->collection))
    show_toast (self, _("This collection has no text fields to search"));
  g_free (self->search);
  self->search = g_strdup (text);
  load_list (self);
}

static void
on_stop_search (GqBrowserWindow *self,
                GtkSearchEntry  *entry)
{
  gtk_toggle_button_set_active (self->search_button, FALSE);
}

/* Forms */

static char *
record_title (GqBrowserWindow *self,
              gboolean         new_record)
{
  g_autofree char *title = collection_title (self->collection);

  /* Translators: %s is a collection's name, such as "Tasks". */
  return g_strdup_printf (new_record ? _("New Record in %s") : _("Edit Record in %s"), title);
}

static void
on_form_destroyed (GqBrowserWindow *self,
                   GtkWindow       *form)
{
  if (self->form == form)
    self->form = NULL;
}

static void
on_create_submitted (GqBrowserRecordForm *form,
                     JsonNode            *values,
                     GqBrowserWindow     *self)
{
  /* The new record shows first: bring it into view when it arrives. */
  self->scroll_to_new = TRUE;
  gq_browser_connection_create_record (self->connection, self->collection, values);
}

static void
scroll_to_top (gpointer user_data)
{
  GqBrowserWindow *self = user_data;

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->list_scroller), 0);
  g_object_unref (self);
}

static void
on_records_changed (GListModel      *model,
                    guint            position,
                    guint            removed,
                    guint            added,
                    GqBrowserWindow *self)
{
  /* GTK keeps the first visible row in place: a row inserted above it
   * would stay out of sight. */
  if (self->scroll_to_new && position == 0 && added > removed)
    {
      self->scroll_to_new = FALSE;
      g_idle_add_once (scroll_to_top, g_object_ref (self));
    }
}

static void
on_edit_submitted (GqBrowserRecordForm *form,
                   JsonNode            *values,
                   GqBrowserWindow     *self)
{
  gq_browser_connection_update_record (self->connection, self->collection, values);
}

static void
present_form (GqBrowserWindow     *self,
              GqBrowserRecordForm *form)
{
  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (self));
  self->form = GTK_WINDOW (form);
  g_signal_connect_object (form, "destroy", G_CALLBACK (on_form_destroyed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (form));
}

static void
new_record_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (widget);
  g_autofree char *title = NULL;
  GqBrowserRecordForm *form;

  if (self->collection == NULL || self->fields == NULL)
    {
      show_toast (self, _("Open a collection with records first"));
      return;
    }

  title = record_title (self, TRUE);
  form = gq_browser_record_form_new (title, self->fields, NULL);
  g_signal_connect_object (form, "submit", G_CALLBACK (on_create_submitted), self, 0);
  present_form (self, form);
}

static void
edit_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (widget);
  g_autofree char *title = NULL;
  GqBrowserRecordForm *form;
  JsonNode *record;

  g_autoptr(GqQueryResult) result = NULL;

  if (self->detail == NULL)
    return;
  result = gq_query_observer_get_current_result (self->detail);
  if ((record = gq_query_result_get_data (result)) == NULL)
    return;

  title = record_title (self, FALSE);
  form = gq_browser_record_form_new (title, self->fields, record);
  g_signal_connect_object (form, "submit", G_CALLBACK (on_edit_submitted), self, 0);
  present_form (self, form);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    GqBrowserWindow  *self)
{
  if (!g_str_equal (response, "delete") || self->detail_id == NULL)
    return;

  gq_browser_connection_delete_record (self->connection, self->collection, self->detail_id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
}

static void
delete_record_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (widget);
  g_autofree char *id = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->detail_id == NULL)
    return;

  id = gq_browser_fields_format_value (self->detail_id);
  heading = g_strdup_printf (_("Delete Record %s?"), id);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The record is deleted on the server, with the records that belong to it. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
refetch_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (widget);

  if (self->collections != NULL)
    gq_query_observer_refetch (self->collections);
  if (self->list != NULL)
    gq_query_observer_refetch (GQ_QUERY_OBSERVER (self->list));
  if (self->detail != NULL)
    gq_query_observer_refetch (self->detail);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (widget);

  if (self->collections_data == NULL)
    gq_query_observer_refetch (self->collections);
  else if (self->list != NULL)
    gq_query_observer_refetch (GQ_QUERY_OBSERVER (self->list));
}

static void
trust_certificate_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (widget);

  if (gq_browser_connection_trust_rejected_certificate (self->connection))
    retry_action (widget, NULL, NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (widget);

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (widget);

  if (self->detail_id != NULL)
    {
      g_clear_pointer (&self->detail_id, json_node_unref);
      unbind_observer (self, &self->detail);
      show_list_state (self);
      return;
    }

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
toggle_devtools_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (widget);

  if (adw_bin_get_child (self->devtools_slot) == NULL)
    return;

  gtk_revealer_set_reveal_child (self->devtools_revealer,
                                 !gtk_revealer_get_reveal_child (self->devtools_revealer));
}

static void
update_back_button (GqBrowserWindow *self)
{
  gtk_widget_set_visible (self->back_button,
                          self->detail_id != NULL || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-record", self->detail_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-record", self->detail_id != NULL);
}

static void
on_content_page_changed (GqBrowserWindow *self)
{
  update_back_button (self);
}

/* Online state and queued writes */

static void
update_offline (GqBrowserWindow *self)
{
  GqOnlineManager *online = gq_query_client_get_online_manager (gq_browser_connection_get_client (self->connection));
  guint pending = gq_browser_connection_get_pending_count (self->connection);
  gboolean offline = !gq_online_manager_is_online (online);

  gtk_revealer_set_reveal_child (self->offline_revealer, offline);
  if (pending > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waiting",
                                                            "%u changes waiting", pending), pending);

      gtk_label_set_text (self->pending_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), pending > 0);
}

static void
on_mutation_failed (GqBrowserConnection *connection,
                    const char          *method,
                    const char          *message,
                    GqBrowserWindow     *self)
{
  g_autofree char *title = NULL;

  if (g_str_equal (method, "DELETE"))
    title = g_strdup_printf (_("Could not delete the record: %s"), message);
  else if (g_str_equal (method, "PATCH"))
    title = g_strdup_printf (_("Could not save the changes: %s"), message);
  else
    title = g_strdup_printf (_("Could not add the record: %s"), message);

  show_toast (self, title);
}

static void
on_settings_changed (GqBrowserWindow *self)
{
  g_autoptr(GqQueryOptions) collections = NULL;

  if (self->connection == NULL)
    return;

  collections = gq_browser_connection_collections_options (self->connection);
  gq_query_observer_set_options (self->collections, collections);
  if (self->list != NULL)
    load_list (self);
  if (self->detail != NULL)
    {
      g_autoptr(GqQueryOptions) options = gq_browser_connection_detail_options (self->connection,
                                                                              self->collection,
                                                                              self->detail_id);
      gq_query_observer_set_options (self->detail, options);
    }
}

static void
disconnect (GqBrowserWindow *self)
{
  if (self->connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->connection, self);
  g_signal_handlers_disconnect_by_data (gq_browser_connection_get_settings (self->connection), self);
  g_signal_handlers_disconnect_by_data (gq_query_client_get_online_manager (gq_browser_connection_get_client (self->connection)),
                                        self);
  g_clear_pointer (&self->detail_id, json_node_unref);
  unbind_observer (self, &self->detail);
  unbind_observer (self, &self->list);
  unbind_observer (self, &self->collections);
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->records);
  g_clear_pointer (&self->collections_data, json_node_unref);
  g_clear_pointer (&self->collection, g_free);
  clear_columns (self);
  adw_bin_set_child (self->devtools_slot, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-devtools", FALSE);
  g_clear_object (&self->connection);
}

void
gq_browser_window_set_connection (GqBrowserWindow     *self,
                                  GqBrowserConnection *connection)
{
  g_autoptr(GqQueryOptions) options = NULL;
  GtkWidget *child;
  GtkWidget *devtools;

  g_return_if_fail (GQ_IS_BROWSER_WINDOW (self));
  g_return_if_fail (GQ_IS_BROWSER_CONNECTION (connection));

  if (connection == self->connection)
    return;

  disconnect (self);
  self->connection = g_object_ref (connection);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
    gtk_list_box_remove (self->sidebar_list, child);

  adw_window_title_set_subtitle (self->sidebar_title, gq_browser_connection_get_display_name (connection));

  g_signal_connect (connection, "mutation-failed", G_CALLBACK (on_mutation_failed), self);
  g_signal_connect_swapped (connection, "notify::pending-count", G_CALLBACK (update_offline), self);
  g_signal_connect_swapped (gq_query_client_get_online_manager (gq_browser_connection_get_client (connection)),
                            "changed", G_CALLBACK (update_offline), self);
  g_signal_connect_swapped (gq_browser_connection_get_settings (connection), "changed",
                            G_CALLBACK (on_settings_changed), self);
  update_offline (self);

  /* The devtools of this connection's client, in the side pane. */
  devtools = gq_devtools_new (gq_browser_connection_get_client (connection));
  gq_devtools_set_compact (GQ_DEVTOOLS (devtools), TRUE);
  adw_bin_set_child (self->devtools_slot, devtools);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-devtools", TRUE);

  options = gq_browser_connection_collections_options (connection);
  self->collections = gq_query_observer_new (gq_browser_connection_get_client (connection), options);
  g_signal_connect (self->collections, "changed", G_CALLBACK (on_collections_changed), self);
  bind_observer (self, self->collections);
  {
    g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (self->collections);

    on_collections_changed (self->collections, result, self);
  }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONNECTION]);
}

GqBrowserConnection *
gq_browser_window_get_connection (GqBrowserWindow *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_WINDOW (self), NULL);

  return self->connection;
}

/* For the tests */

GtkColumnView *
_gq_browser_window_get_column_view (GqBrowserWindow *self)
{
  return self->column_view;
}

GtkScrolledWindow *
_gq_browser_window_get_list_scroller (GqBrowserWindow *self)
{
  return self->list_scroller;
}

GtkListBox *
_gq_browser_window_get_sidebar_list (GqBrowserWindow *self)
{
  return self->sidebar_list;
}

GtkSearchEntry *
_gq_browser_window_get_search_entry (GqBrowserWindow *self)
{
  return self->search_entry;
}

const char *
_gq_browser_window_get_visible_page (GqBrowserWindow *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}

const char *
_gq_browser_window_get_collection (GqBrowserWindow *self)
{
  return self->collection;
}

GqInfiniteQueryObserver *
_gq_browser_window_get_list_observer (GqBrowserWindow *self)
{
  return self->list;
}

GqQueryObserver *
_gq_browser_window_get_detail_observer (GqBrowserWindow *self)
{
  return self->detail;
}

GListModel *
_gq_browser_window_get_records (GqBrowserWindow *self)
{
  return self->records;
}

JsonNode *
_gq_browser_window_get_record (GqBrowserWindow *self,
                               guint            position)
{
  g_autoptr(GObject) item = NULL;

  if (self->records == NULL || (item = g_list_model_get_item (self->records, position)) == NULL)
    return NULL;

  return gq_json_item_get_node (GQ_JSON_ITEM (item));
}

const char *
_gq_browser_window_get_last_toast (GqBrowserWindow *self)
{
  return self->last_toast;
}

const char *
_gq_browser_window_get_error_text (GqBrowserWindow *self)
{
  return self->error_text;
}

gboolean
_gq_browser_window_get_offline_shown (GqBrowserWindow *self)
{
  return gtk_revealer_get_reveal_child (self->offline_revealer);
}

const char *
_gq_browser_window_get_pending_text (GqBrowserWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->pending_label))
         ? gtk_label_get_text (self->pending_label) : NULL;
}

gboolean
_gq_browser_window_get_devtools_shown (GqBrowserWindow *self)
{
  return gtk_revealer_get_reveal_child (self->devtools_revealer) &&
         GQ_IS_DEVTOOLS (adw_bin_get_child (self->devtools_slot));
}

GtkWindow *
_gq_browser_window_get_form (GqBrowserWindow *self)
{
  return self->form;
}

void
_gq_browser_window_select_collection (GqBrowserWindow *self,
                                      const char      *collection)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "collection"), collection) == 0)
      {
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
        return;
      }

  select_collection (self, collection);
}

/* Object */

static void
gq_browser_window_dispose (GObject *object)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (object);

  disconnect (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GQ_TYPE_BROWSER_WINDOW);

  G_OBJECT_CLASS (gq_browser_window_parent_class)->dispose (object);
}

static void
gq_browser_window_finalize (GObject *object)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (object);

  g_clear_pointer (&self->sort_field, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->error_text, g_free);

  G_OBJECT_CLASS (gq_browser_window_parent_class)->finalize (object);
}

static void
gq_browser_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_browser_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GqBrowserWindow *self = GQ_BROWSER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      if (g_value_get_object (value) != NULL)
        gq_browser_window_set_connection (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_browser_window_class_init (GqBrowserWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gq_browser_window_dispose;
  object_class->finalize = gq_browser_window_finalize;
  object_class->get_property = gq_browser_window_get_property;
  object_class->set_property = gq_browser_window_set_property;

  properties [PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         GQ_TYPE_BROWSER_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gnome/gquery/Browser/gq-browser-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, pending_label);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, content);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, refetch_spinner);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, trust_button);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, more_revealer);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, detail_group);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, detail_spinner);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, devtools_revealer);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserWindow, devtools_slot);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "win.refetch", NULL, refetch_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.trust-certificate", NULL, trust_certificate_action);
  gtk_widget_class_install_action (widget_class, "win.new-record", NULL, new_record_action);
  gtk_widget_class_install_action (widget_class, "win.edit-record", NULL, edit_record_action);
  gtk_widget_class_install_action (widget_class, "win.delete-record", NULL, delete_record_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-devtools", NULL, toggle_devtools_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refetch", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_D, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.toggle-devtools", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

/* Loaded by the window, not as the application's style.css, so that a
 * window made without GqBrowserApplication (the tests) looks the same. */
static void
load_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded || gdk_display_get_default () == NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/gnome/gquery/Browser/gq-browser.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loaded = TRUE;
}

static void
gq_browser_window_init (GqBrowserWindow *self)
{
  load_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->detail_rows = g_ptr_array_new ();
  self->descending = TRUE;

  gtk_search_entry_set_search_delay (self->search_entry, SEARCH_DELAY_MS);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->column_view));

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, 0);
  g_signal_connect_object (self->list_scroller, "edge-reached",
                           G_CALLBACK (on_edge_reached), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->content_stack, "notify::visible-child",
                           G_CALLBACK (on_content_page_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (on_content_page_changed), self, G_CONNECT_SWAPPED);

  /* Enabled with a connection, whose client the devtools show. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-devtools", FALSE);
  update_back_button (self);
}

GqBrowserWindow *
gq_browser_window_new (GtkApplication      *application,
                       GqBrowserConnection *connection)
{
  return g_object_new (GQ_TYPE_BROWSER_WINDOW,
                       "application", application,
                       "connection", connection,
                       NULL);
}
