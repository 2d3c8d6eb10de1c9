/* gq-devtools-details.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>

#include "gq-devtools-details-private.h"
#include "gq-devtools-json-private.h"
#include "gq-devtools-private.h"
#include "gq-devtools-timeline-private.h"

struct _GqDevtoolsDetails
{
  GqDevtools        *devtools;

  /* template */
  GtkWidget         *stack;
  GtkWidget         *key;
  GtkWidget         *status;
  GtkWidget         *state_grid;
  GtkWidget         *refetch_button;
  GtkWidget         *invalidate_button;
  GtkWidget         *reset_button;
  GtkWidget         *remove_button;
  GtkWidget         *loading_button;
  GtkWidget         *error_button;
  GtkWidget         *copy_button;
  GtkWidget         *data_tree;

  GHashTable        *fields;           /* field name → value GtkLabel */
  JsonNode          *shown_data;
  gboolean           shown_has_data;
  GtkTreeListModel  *data_model;
  /* Options of queries in a triggered loading state, to restore. */
  GHashTable        *previous_options;
};

/* State grid */

static void
set_field (GqDevtoolsDetails *self,
           const char        *field,
           const char        *text)
{
  GtkWidget *value = g_hash_table_lookup (self->fields, field);

  if (value == NULL)
    {
      GtkWidget *name = gtk_label_new (field);
      int row = g_hash_table_size (self->fields);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_yalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "dim-label");
      value = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL, -1);
      gtk_grid_attach (GTK_GRID (self->state_grid), name, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->state_grid), value, 1, row, 1, 1);
      g_hash_table_insert (self->fields, (gpointer) field, value);
    }

  gtk_label_set_label (GTK_LABEL (value), text);
}

static void
set_field_int (GqDevtoolsDetails *self,
               const char        *field,
               gint64             value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  set_field (self, field, text);
}

static void
set_field_time (GqDevtoolsDetails *self,
                const char        *field,
                gint64             ms)
{
  g_autofree char *text = gq_devtools_format_time (ms);

  set_field (self, field, text);
}

static void
set_field_duration (GqDevtoolsDetails *self,
                    const char        *field,
                    gint64             ms)
{
  g_autofree char *text = NULL;

  if (ms == GQ_TIME_INFINITE)
    text = g_strdup (_("Infinity"));
  else if (ms == GQ_STALE_TIME_STATIC)
    text = g_strdup (_("static"));
  else
    text = g_strdup_printf (_("%" G_GINT64_FORMAT " ms"), ms);

  set_field (self, field, text);
}

static void
set_field_error (GqDevtoolsDetails *self,
                 const char        *field,
                 const GError      *error)
{
  g_autofree char *text = error ? gq_devtools_mask_text (error->message) : NULL;

  set_field (self, field, text ? text : _("None"));
}

static const char *
query_status_text (GqQueryStatus status)
{
  switch (status)
    {
    case GQ_QUERY_STATUS_PENDING: return "pending";
    case GQ_QUERY_STATUS_ERROR:   return "error";
    case GQ_QUERY_STATUS_SUCCESS: return "success";
    default:                      return "";
    }
}

static const char *
fetch_status_text (GqFetchStatus status)
{
  switch (status)
    {
    case GQ_FETCH_STATUS_IDLE:     return "idle";
    case GQ_FETCH_STATUS_FETCHING: return "fetching";
    case GQ_FETCH_STATUS_PAUSED:   return "paused";
    default:                       return "";
    }
}

const char *
gq_devtools_details_get_field (GqDevtoolsDetails *self,
                               const char        *field)
{
  GtkWidget *value = g_hash_table_lookup (self->fields, field);

  return value ? gtk_label_get_label (GTK_LABEL (value)) : NULL;
}

/* Data tree */

static void
show_data (GqDevtoolsDetails *self,
           JsonNode          *data,
           gboolean           force)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  if (!force && data == self->shown_data && (data != NULL) == self->shown_has_data)
    return;

  g_clear_pointer (&self->shown_data, json_node_unref);
  self->shown_data = data ? json_node_ref (data) : NULL;
  self->shown_has_data = data != NULL;

  g_clear_object (&self->data_model);
  self->data_model = gq_devtools_json_tree_new (data, _("Data"));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->data_model)));
  gtk_list_view_set_model (GTK_LIST_VIEW (self->data_tree), GTK_SELECTION_MODEL (selection));
}

GListModel *
gq_devtools_details_get_data_rows (GqDevtoolsDetails *self)
{
  return G_LIST_MODEL (self->data_model);
}

static void
data_row_setup (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_widget_add_css_class (name, "gq-key");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_add_css_class (value, "gq-key");
  gtk_widget_add_css_class (value, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
data_row_bind (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GqDevtoolsJsonItem *item = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *value = gtk_widget_get_next_sibling (name);
  g_autofree char *summary = gq_devtools_json_item_dup_summary (item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_label (GTK_LABEL (name), gq_devtools_json_item_get_label (item));
  gtk_label_set_label (GTK_LABEL (value), summary);
  g_object_unref (item);
}

/* Update */

void
gq_devtools_details_update (GqDevtoolsDetails *self,
                            GqQuery           *query)
{
  GqQueryState *state;
  GqQueryOptions *options;
  GqDevtoolsStatus status;
  g_autofree char *key = NULL;
  g_autofree char *meta = NULL;

  if (query == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      show_data (self, NULL, FALSE);
      return;
    }

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "details");
  state = gq_query_get_state (query);
  options = gq_query_get_options (query);
  status = gq_devtools_status_of (query);

  key = gq_devtools_json_to_string (gq_query_get_query_key (query), FALSE);
  gtk_label_set_label (GTK_LABEL (self->key), key);
  gtk_label_set_label (GTK_LABEL (self->status), gq_devtools_status_label (status));
  gq_devtools_set_status_class (self->status, gq_devtools_status_name (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gq_devtools_status_label (status), -1);

  set_field (self, _("Status"), query_status_text (gq_query_state_get_status (state)));
  set_field (self, _("Fetch status"), fetch_status_text (gq_query_state_get_fetch_status (state)));
  set_field (self, _("Fetch reason"), gq_devtools_reason_label (gq_query_get_fetch_reason (query)));
  set_field_int (self, _("Observers"), gq_query_get_observer_count (query));
  set_field_time (self, _("Last updated"), gq_query_state_get_data_updated_at (state));
  set_field_int (self, _("Data updates"), gq_query_state_get_data_update_count (state));
  set_field_error (self, _("Error"), gq_query_state_get_error (state));
  set_field_time (self, _("Error updated"), gq_query_state_get_error_updated_at (state));
  set_field_int (self, _("Error updates"), gq_query_state_get_error_update_count (state));
  set_field_int (self, _("Failure count"), gq_query_state_get_fetch_failure_count (state));
  set_field_error (self, _("Failure reason"), gq_query_state_get_fetch_failure_reason (state));
  set_field (self, _("Invalidated"), gq_query_state_get_is_invalidated (state) ? _("Yes") : _("No"));
  meta = gq_devtools_json_to_string (gq_query_state_get_fetch_meta (state), FALSE);
  set_field (self, _("Fetch meta"), gq_query_state_get_fetch_meta (state) ? meta : _("None"));
  set_field_duration (self, _("Stale time"), gq_query_options_get_stale_time (options));
  set_field_duration (self, _("Gc time"), gq_query_get_gc_time (query));
  set_field (self, _("Disabled"), gq_query_is_disabled (query) ? _("Yes") : _("No"));
  set_field (self, _("Static"), gq_query_is_static (query) ? _("Yes") : _("No"));

  /* TanStack's labels and guards, read from the same fields. */
  gtk_widget_set_sensitive (self->refetch_button, status != GQ_DEVTOOLS_STATUS_FETCHING);
  gtk_widget_set_sensitive (self->invalidate_button,
                            gq_query_state_get_status (state) != GQ_QUERY_STATUS_PENDING);
  gtk_widget_set_sensitive (self->reset_button,
                            gq_query_state_get_status (state) != GQ_QUERY_STATUS_PENDING);
  gtk_widget_set_sensitive (self->remove_button, status != GQ_DEVTOOLS_STATUS_FETCHING);
  gtk_button_set_label (GTK_BUTTON (self->loading_button),
                        gq_query_state_get_status (state) == GQ_QUERY_STATUS_PENDING
                          ? _("Restore _Loading") : _("Trigger _Loading"));
  gtk_button_set_label (GTK_BUTTON (self->error_button),
                        gq_query_state_get_status (state) == GQ_QUERY_STATUS_ERROR
                          ? _("Restore Err_or") : _("Trigger Err_or"));
  gtk_widget_set_sensitive (self->error_button,
                            gq_query_state_get_status (state) != GQ_QUERY_STATUS_PENDING);
  gtk_widget_set_sensitive (self->copy_button, gq_query_state_get_data (state) != NULL);

  show_data (self, gq_query_state_get_data (state), FALSE);
}

/* Actions */

static GqQuery *
selected_query (GqDevtoolsDetails *self)
{
  return _gq_devtools_get_selected_query_object (self->devtools);
}

static GqQueryClient *
client (GqDevtoolsDetails *self)
{
  return gq_devtools_get_client (self->devtools);
}

static void
emit_action (GqDevtoolsDetails *self,
             const char        *type,
             GqQuery           *query)
{
  _gq_devtools_emit_action (self->devtools, type, gq_query_get_query_hash (query));
}

static void
never_resolve (GqFetchContext *context,
               gpointer        user_data)
{
  /* Trigger Loading: a fetch that stays in flight until restored. */
}

static GqQueryFilters *
exact_filters (GqQuery *query)
{
  return gq_query_filters_new_exact (gq_query_get_query_key (query));
}

static void
on_refetch (GqDevtoolsDetails *self)
{
  GqQuery *query = selected_query (self);

  if (query == NULL)
    return;

  emit_action (self, "REFETCH", query);
  gq_query_fetch (query, NULL);
}

static void
on_invalidate (GqDevtoolsDetails *self)
{
  GqQuery *query = selected_query (self);
  g_autoptr(GqQueryFilters) filters = NULL;

  if (query == NULL)
    return;

  emit_action (self, "INVALIDATE", query);
  filters = exact_filters (query);
  gq_query_client_invalidate_queries (client (self), filters);
}

static void
on_reset (GqDevtoolsDetails *self)
{
  GqQuery *query = selected_query (self);
  g_autoptr(GqQueryFilters) filters = NULL;

  if (query == NULL)
    return;

  emit_action (self, "RESET", query);
  filters = exact_filters (query);
  gq_query_client_reset_queries (client (self), filters);
}

static void
on_remove (GqDevtoolsDetails *self)
{
  GqQuery *query = selected_query (self);
  g_autoptr(GqQueryFilters) filters = NULL;

  if (query == NULL)
    return;

  emit_action (self, "REMOVE", query);
  filters = exact_filters (query);
  _gq_devtools_remove_queries (self->devtools, gq_query_get_query_hash (query), filters);
}

static void
trigger_loading (GqDevtoolsDetails *self,
                 GqQuery           *query)
{
  GqQueryOptions *previous = gq_query_get_options (query);
  g_autoptr(GqQueryOptions) loading = gq_query_options_copy (previous);
  g_autoptr(GqQueryState) state = NULL;

  emit_action (self, "TRIGGER_LOADING", query);
  g_hash_table_insert (self->previous_options, g_strdup (gq_query_get_query_hash (query)),
                       gq_query_options_copy (previous));

  gq_query_options_set_query_func (loading, never_resolve, NULL, NULL);
  gq_query_fetch (query, loading);

  state = gq_query_state_copy (gq_query_get_state (query));
  gq_query_state_set_data (state, NULL);
  gq_query_state_set_status (state, GQ_QUERY_STATUS_PENDING);
  gq_query_set_state (query, state);
}

static void
restore_loading (GqDevtoolsDetails *self,
                 GqQuery           *query)
{
  const char *hash = gq_query_get_query_hash (query);
  g_autoptr(GqQueryState) previous = gq_query_state_ref (gq_query_get_state (query));
  g_autoptr(GqQueryState) state = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autofree char *stolen_hash = NULL;

  emit_action (self, "RESTORE_LOADING", query);
  g_hash_table_steal_extended (self->previous_options, hash,
                               (gpointer *) &stolen_hash, (gpointer *) &options);

  gq_query_cancel (query, GQ_CANCEL_FLAGS_SILENT);
  state = gq_query_state_copy (previous);
  gq_query_state_set_fetch_status (state, GQ_FETCH_STATUS_IDLE);
  gq_query_state_set_fetch_meta (state, NULL);
  gq_query_set_state (query, state);

  if (options != NULL)
    gq_query_fetch (query, options);
}

static void
on_loading (GqDevtoolsDetails *self)
{
  GqQuery *query = selected_query (self);

  if (query == NULL)
    return;

  if (gq_query_state_get_data (gq_query_get_state (query)) == NULL)
    restore_loading (self, query);
  else
    trigger_loading (self, query);
}

static void
on_error (GqDevtoolsDetails *self)
{
  GqQuery *query = selected_query (self);

  if (query == NULL)
    return;

  if (gq_query_state_get_error (gq_query_get_state (query)) == NULL)
    {
      g_autoptr(GqQueryState) state = gq_query_state_copy (gq_query_get_state (query));
      g_autoptr(GError) error = g_error_new_literal (GQ_ERROR, GQ_ERROR_FAILED,
                                                     "Unknown error from devtools");

      emit_action (self, "TRIGGER_ERROR", query);
      gq_query_state_set_data (state, NULL);
      gq_query_state_set_status (state, GQ_QUERY_STATUS_ERROR);
      gq_query_state_set_error (state, error);
      gq_query_set_state (query, state);
    }
  else
    {
      /* TanStack's Restore Error resets by prefix, not exactly. */
      g_autoptr(GqQueryFilters) filters = gq_query_filters_new (gq_query_get_query_key (query));

      emit_action (self, "RESTORE_ERROR", query);
      gq_query_client_reset_queries (client (self), filters);
    }
}

static void
on_copy (GqDevtoolsDetails *self)
{
  GqQuery *query = selected_query (self);
  g_autofree char *text = NULL;

  if (query == NULL || gq_query_state_get_data (gq_query_get_state (query)) == NULL)
    return;

  text = gq_devtools_json_to_string (gq_query_state_get_data (gq_query_get_state (query)), TRUE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self->devtools)), text);
}

/* Setup */

GqDevtoolsDetails *
gq_devtools_details_new (GqDevtools *devtools)
{
  GqDevtoolsDetails *self = g_new0 (GqDevtoolsDetails, 1);
  g_autoptr(GtkListItemFactory) data_factory = NULL;

  self->devtools = devtools;
  self->stack = _gq_devtools_get_part (devtools, "query_details_stack");
  self->key = _gq_devtools_get_part (devtools, "detail_key");
  self->status = _gq_devtools_get_part (devtools, "detail_status");
  self->state_grid = _gq_devtools_get_part (devtools, "state_grid");
  self->refetch_button = _gq_devtools_get_part (devtools, "refetch_button");
  self->invalidate_button = _gq_devtools_get_part (devtools, "invalidate_button");
  self->reset_button = _gq_devtools_get_part (devtools, "reset_button");
  self->remove_button = _gq_devtools_get_part (devtools, "remove_button");
  self->loading_button = _gq_devtools_get_part (devtools, "loading_button");
  self->error_button = _gq_devtools_get_part (devtools, "error_button");
  self->copy_button = _gq_devtools_get_part (devtools, "copy_button");
  self->data_tree = _gq_devtools_get_part (devtools, "data_tree");

  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  self->previous_options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  data_factory = gq_devtools_factory_new (G_CALLBACK (data_row_setup), G_CALLBACK (data_row_bind),
                                          NULL, self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->data_tree), data_factory);
  show_data (self, NULL, TRUE);

  g_signal_connect_swapped (self->refetch_button, "clicked", G_CALLBACK (on_refetch), self);
  g_signal_connect_swapped (self->invalidate_button, "clicked", G_CALLBACK (on_invalidate), self);
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (on_reset), self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (on_remove), self);
  g_signal_connect_swapped (self->loading_button, "clicked", G_CALLBACK (on_loading), self);
  g_signal_connect_swapped (self->error_button, "clicked", G_CALLBACK (on_error), self);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (on_copy), self);

  return self;
}

void
gq_devtools_details_dispose (GqDevtoolsDetails *self)
{
  g_clear_object (&self->data_model);
}

void
gq_devtools_details_free (GqDevtoolsDetails *self)
{
  g_clear_object (&self->data_model);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->previous_options, g_hash_table_unref);
  g_clear_pointer (&self->shown_data, json_node_unref);
  g_free (self);
}
