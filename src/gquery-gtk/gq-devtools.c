/* gq-devtools.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gq-devtools-private.h"
#include "gq-devtools-json-private.h"

/**
 * GqDevtools:
 *
 * A live view of a [class@Gq.QueryClient]'s caches, to embed in any app:
 * TanStack Query's devtools for GTK.
 *
 * The Queries view lists every query with a status badge coloured and
 * labelled as TanStack's devtools do (fresh, fetching, paused, stale,
 * inactive), its key, observer count and last update, with the counts per
 * status in the header; it filters by key text, sorts by status, key or
 * last update in either order, and can hide disabled queries. Selecting a
 * query shows every field of its state, its options that matter (stale
 * time, gc time), its data as a tree that opens lazily, and the actions
 * Refetch, Invalidate, Reset, Remove, Trigger Loading and Trigger Error
 * (each with its Restore), with TanStack's semantics.
 *
 * The Mutations view lists the mutations with their status, key, variables,
 * submission time, paused flag and failure count. The Timeline records the
 * cache events and why each fetch started ([enum@Gq.FetchReason]). A switch
 * takes the client's [class@Gq.OnlineManager] offline.
 *
 * The view follows the caches' `event` signals, applied in one batch per
 * main-loop iteration, and builds widgets only for the visible rows, so it
 * stays smooth with ten thousand queries. Secrets never show: members named
 * like a token, password, secret, API key or authorization are masked in
 * the trees, the copied JSON, the variables and the error messages.
 *
 * To open it in its own window with Ctrl+Shift+D, see [func@GqGtk.devtools_install].
 */

/* Events kept in the timeline; the oldest go first. */
#define TIMELINE_MAX 5000

typedef enum
{
  SORT_STATUS,
  SORT_KEY,
  SORT_UPDATED,
} SortMode;

/* What the timeline compares each event with, per query hash. */
typedef struct
{
  GqFetchStatus  fetch_status;
  gint64         data_updated_at;
  gint64         error_updated_at;
  JsonNode      *data;
  gboolean       invalidated;
  gint64         inactive_since;
} Track;

struct _GqDevtools
{
  GtkWidget            parent_instance;

  GqQueryClient       *client;
  GqQueryCache        *query_cache;
  GqMutationCache     *mutation_cache;
  GqOnlineManager     *online;
  gulong               query_event_id;
  gulong               mutation_event_id;
  gulong               online_changed_id;

  /* template */
  GtkWidget           *root;
  GtkWidget           *counters;
  GtkWidget           *online_switch;
  GtkWidget           *clear_button;
  GtkWidget           *stack;
  GtkWidget           *query_filter;
  GtkWidget           *sort_dropdown;
  GtkWidget           *order_button;
  GtkWidget           *hide_disabled_button;
  GtkWidget           *query_list;
  GtkWidget           *query_details_stack;
  GtkWidget           *detail_key;
  GtkWidget           *detail_status;
  GtkWidget           *state_grid;
  GtkWidget           *refetch_button;
  GtkWidget           *invalidate_button;
  GtkWidget           *reset_button;
  GtkWidget           *remove_button;
  GtkWidget           *loading_button;
  GtkWidget           *error_button;
  GtkWidget           *copy_button;
  GtkWidget           *data_tree;
  GtkWidget           *mutation_list;
  GtkWidget           *mutation_details;
  GtkWidget           *timeline_filter;
  GtkWidget           *timeline_selected_button;
  GtkWidget           *timeline_clear_button;
  GtkWidget           *timeline_list;

  /* queries */
  GListStore          *query_store;
  GHashTable          *items;            /* hash → GqDevtoolsQueryItem */
  GtkCustomFilter     *filter;
  GtkCustomSorter     *sorter;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  char                *selected_hash;
  GtkWidget           *status_counts[GQ_DEVTOOLS_N_STATUSES];
  GtkWidget           *query_counters;
  guint                counts[GQ_DEVTOOLS_N_STATUSES];
  GHashTable          *fields;           /* field name → value GtkLabel */
  JsonNode            *shown_data;
  gboolean             shown_has_data;
  GtkTreeListModel    *data_model;
  /* Options of queries in a triggered loading state, to restore. */
  GHashTable          *previous_options;

  /* batching */
  GHashTable          *touched;          /* hashes added or removed */
  GHashTable          *dirty;            /* hashes updated */
  GPtrArray           *changed;          /* items whose row changed */
  gboolean             mutations_dirty;
  guint                flush_id;

  /* mutations */
  GListStore          *mutation_store;
  GtkSingleSelection  *mutation_selection;
  GHashTable          *mutation_items;   /* GqMutation → item */
  GqMutation          *selected_mutation;
  GtkWidget           *mutation_counters;
  GtkWidget           *mutation_count_labels[4];

  /* timeline */
  GListStore          *timeline_store;
  GPtrArray           *pending_events;
  GHashTable          *tracks;           /* hash → Track */
  GtkCustomFilter     *timeline_filter_obj;
  char                *removing_hash;
};

G_DEFINE_FINAL_TYPE (GqDevtools, gq_devtools, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

enum {
  DEVTOOLS_ACTION,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void schedule_flush (GqDevtools *self);
static void update_details (GqDevtools *self);
static void update_mutation_details (GqDevtools *self);

static void
track_free (gpointer data)
{
  Track *track = data;

  g_clear_pointer (&track->data, json_node_unref);
  g_free (track);
}

static GqQuery *
selected_query (GqDevtools *self)
{
  GqDevtoolsQueryItem *item;

  if (self->selected_hash == NULL)
    return NULL;

  item = g_hash_table_lookup (self->items, self->selected_hash);
  return item ? gq_devtools_query_item_get_query (item) : NULL;
}

static void
emit_action (GqDevtools *self,
             const char *type,
             const char *query_hash)
{
  g_signal_emit (self, signals[DEVTOOLS_ACTION], 0, type, query_hash);
}

static gint64
now (GqDevtools *self)
{
  return gq_scheduler_now (gq_query_client_get_scheduler (self->client));
}

/* Timeline */

static const char *
reason_label (GqFetchReason reason)
{
  switch (reason)
    {
    case GQ_FETCH_REASON_MANUAL:     return C_("fetch reason", "manual");
    case GQ_FETCH_REASON_MOUNT:      return C_("fetch reason", "mount");
    case GQ_FETCH_REASON_FOCUS:      return C_("fetch reason", "focus");
    case GQ_FETCH_REASON_RECONNECT:  return C_("fetch reason", "reconnect");
    case GQ_FETCH_REASON_INTERVAL:   return C_("fetch reason", "interval");
    case GQ_FETCH_REASON_INVALIDATE: return C_("fetch reason", "invalidate");
    case GQ_FETCH_REASON_RESET:      return C_("fetch reason", "reset");
    case GQ_FETCH_REASON_NONE:
    default:                         return C_("fetch reason", "none");
    }
}

static void
add_event (GqDevtools *self,
           const char *hash,
           const char *kind,
           const char *detail)
{
  g_ptr_array_add (self->pending_events, gq_devtools_event_new (now (self), hash, kind, detail));
}

static void
track_state (Track        *track,
             GqQueryState *state)
{
  track->fetch_status = gq_query_state_get_fetch_status (state);
  track->data_updated_at = gq_query_state_get_data_updated_at (state);
  track->error_updated_at = gq_query_state_get_error_updated_at (state);
  track->invalidated = gq_query_state_get_is_invalidated (state);
  if (track->data != gq_query_state_get_data (state))
    {
      g_clear_pointer (&track->data, json_node_unref);
      if (gq_query_state_get_data (state) != NULL)
        track->data = json_node_ref (gq_query_state_get_data (state));
    }
}

static void
record_update (GqDevtools *self,
               GqQuery    *query,
               Track      *track)
{
  const char *hash = gq_query_get_query_hash (query);
  GqQueryState *state = gq_query_get_state (query);
  GqFetchStatus fetch_status = gq_query_state_get_fetch_status (state);

  if (track->fetch_status == GQ_FETCH_STATUS_IDLE && fetch_status != GQ_FETCH_STATUS_IDLE)
    add_event (self, hash, C_("timeline", "fetch"), reason_label (gq_query_get_fetch_reason (query)));

  if (fetch_status == GQ_FETCH_STATUS_PAUSED && track->fetch_status != GQ_FETCH_STATUS_PAUSED)
    add_event (self, hash, C_("timeline", "paused"), _("waiting for the network"));
  else if (fetch_status == GQ_FETCH_STATUS_FETCHING && track->fetch_status == GQ_FETCH_STATUS_PAUSED)
    add_event (self, hash, C_("timeline", "resumed"), NULL);

  if (gq_query_state_get_data_updated_at (state) != track->data_updated_at &&
      gq_query_state_get_data (state) != NULL)
    {
      if (gq_query_state_get_data (state) == track->data)
        add_event (self, hash, C_("timeline", "unchanged"), _("the data is equal to the cached data"));
      else
        add_event (self, hash, C_("timeline", "success"), NULL);
    }

  if (gq_query_state_get_error_updated_at (state) != track->error_updated_at &&
      gq_query_state_get_error (state) != NULL)
    {
      g_autofree char *message = gq_devtools_mask_text (gq_query_state_get_error (state)->message);
      add_event (self, hash, C_("timeline", "error"), message);
    }

  if (gq_query_state_get_is_invalidated (state) && !track->invalidated)
    add_event (self, hash, C_("timeline", "invalidated"), NULL);

  track_state (track, state);
}

static gboolean
is_gc (GqDevtools *self,
       GqQuery    *query,
       Track      *track)
{
  gint64 gc_time = gq_query_get_gc_time (query);

  if (gq_query_get_observer_count (query) > 0 || gc_time == GQ_TIME_INFINITE)
    return FALSE;

  return now (self) - track->inactive_since >= gc_time;
}

static void
record_event (GqDevtools       *self,
              GqCacheEventType  type,
              GqQuery          *query)
{
  const char *hash = gq_query_get_query_hash (query);
  Track *track = g_hash_table_lookup (self->tracks, hash);

  if (track == NULL)
    {
      track = g_new0 (Track, 1);
      track->inactive_since = now (self);
      track_state (track, gq_query_get_state (query));
      g_hash_table_insert (self->tracks, g_strdup (hash), track);
    }

  switch (type)
    {
    case GQ_CACHE_EVENT_ADDED:
      track->inactive_since = now (self);
      add_event (self, hash, C_("timeline", "added"), NULL);
      record_update (self, query, track);
      break;

    case GQ_CACHE_EVENT_REMOVED:
      if (g_strcmp0 (self->removing_hash, hash) == 0)
        add_event (self, hash, C_("timeline", "removed"), _("from the devtools"));
      else if (is_gc (self, query, track))
        add_event (self, hash, C_("timeline", "gc"), _("unused for its gc time"));
      else
        add_event (self, hash, C_("timeline", "removed"), NULL);
      g_hash_table_remove (self->tracks, hash);
      break;

    case GQ_CACHE_EVENT_UPDATED:
      record_update (self, query, track);
      break;

    case GQ_CACHE_EVENT_OBSERVER_ADDED:
      add_event (self, hash, C_("timeline", "observer"), _("added"));
      break;

    case GQ_CACHE_EVENT_OBSERVER_REMOVED:
      if (gq_query_get_observer_count (query) == 0)
        track->inactive_since = now (self);
      add_event (self, hash, C_("timeline", "observer"), _("removed"));
      break;

    case GQ_CACHE_EVENT_OBSERVER_RESULTS_UPDATED:
    case GQ_CACHE_EVENT_OBSERVER_OPTIONS_UPDATED:
    default:
      break;
    }
}

/* Cache events: recorded at once, applied in a batch */

static void
on_query_cache_event (GqQueryCache     *cache,
                      GqCacheEventType  type,
                      GqQuery          *query,
                      GObject          *observer,
                      GqDevtools       *self)
{
  const char *hash = gq_query_get_query_hash (query);

  record_event (self, type, query);

  /* Results updates count too: staleness by time only shows there. */
  if (type == GQ_CACHE_EVENT_ADDED || type == GQ_CACHE_EVENT_REMOVED)
    g_hash_table_add (self->touched, g_strdup (hash));
  else
    g_hash_table_add (self->dirty, g_strdup (hash));

  schedule_flush (self);
}

static void
on_mutation_cache_event (GqMutationCache  *cache,
                         GqCacheEventType  type,
                         GqMutation       *mutation,
                         GObject          *observer,
                         GqDevtools       *self)
{
  self->mutations_dirty = TRUE;
  schedule_flush (self);
}

static void
unref_key (gpointer key,
           gpointer value,
           gpointer user_data)
{
  g_object_unref (key);
}

static void
apply_touched (GqDevtools *self)
{
  g_autoptr(GHashTable) doomed = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  const char *hash;

  g_hash_table_iter_init (&iter, self->touched);
  while (g_hash_table_iter_next (&iter, (gpointer *) &hash, NULL))
    {
      GqQuery *current = gq_query_cache_get (self->query_cache, hash);
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
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->query_store));
      g_autoptr(GPtrArray) kept = g_ptr_array_new_full (n, g_object_unref);

      /* One splice whatever the number removed: clearing ten thousand
       * queries must not cost ten thousand searches. */
      for (guint i = 0; i < n; i++)
        {
          GqDevtoolsQueryItem *item = g_list_model_get_item (G_LIST_MODEL (self->query_store), i);

          if (g_hash_table_contains (doomed, item))
            g_object_unref (item);
          else
            g_ptr_array_add (kept, item);
        }
      g_list_store_splice (self->query_store, 0, n, kept->pdata, kept->len);

      g_hash_table_foreach (doomed, unref_key, NULL);
    }

  if (added->len > 0)
    g_list_store_splice (self->query_store,
                         g_list_model_get_n_items (G_LIST_MODEL (self->query_store)), 0,
                         added->pdata, added->len);
}

static void
update_counters (GqDevtools *self)
{
  GHashTableIter iter;
  gpointer item;

  memset (self->counts, 0, sizeof self->counts);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    self->counts[gq_devtools_query_item_get_status (item)]++;

  for (guint i = 0; i < GQ_DEVTOOLS_N_STATUSES; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", self->counts[i]);
      gtk_label_set_label (GTK_LABEL (self->status_counts[i]), text);
    }
}

static void
update_mutations (GqDevtools *self);

/* Puts the rows whose status, time or flags changed back in their place.
 * A few are replaced in the store, which the filter and sort models
 * handle where they are; re-sorting everything would cost a whole resort
 * and a rebind of every visible row for one query's update. */
static void
replace_changed (GqDevtools *self)
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

          if (g_list_store_find (self->query_store, item, &position))
            g_list_store_splice (self->query_store, position, 1, &item, 1);
        }
    }

  g_ptr_array_set_size (self->changed, 0);
}

static void
flush (GqDevtools *self)
{
  gboolean selected_dirty = FALSE;
  gboolean any_changed = FALSE;
  GHashTableIter iter;
  const char *hash;
  guint n_events;

  g_clear_handle_id (&self->flush_id, g_source_remove);

  if (self->selected_hash != NULL &&
      (g_hash_table_contains (self->touched, self->selected_hash) ||
       g_hash_table_contains (self->dirty, self->selected_hash)))
    selected_dirty = TRUE;

  if (g_hash_table_size (self->touched) > 0)
    {
      apply_touched (self);
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
    update_counters (self);

  if (selected_dirty)
    update_details (self);

  n_events = self->pending_events->len;
  if (n_events > 0)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->timeline_store));
      guint drop = n + n_events > TIMELINE_MAX ? MIN (n, n + n_events - TIMELINE_MAX) : 0;
      guint skip = n_events > TIMELINE_MAX ? n_events - TIMELINE_MAX : 0;

      g_list_store_splice (self->timeline_store, 0, drop, NULL, 0);
      g_list_store_splice (self->timeline_store, n - drop, 0,
                           self->pending_events->pdata + skip, n_events - skip);
      g_ptr_array_set_size (self->pending_events, 0);
    }

  if (self->mutations_dirty)
    {
      self->mutations_dirty = FALSE;
      update_mutations (self);
    }
}

static gboolean
flush_cb (gpointer data)
{
  GqDevtools *self = data;

  self->flush_id = 0;
  flush (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_flush (GqDevtools *self)
{
  /* Before GTK's layout and paint in the same iteration, after the
   * engine's notifications. */
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, flush_cb, self, NULL);
}

/* Sorting and filtering */

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GqDevtools *self = user_data;
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
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *h = NULL;
  g_autofree char *n = NULL;

  if (needle == NULL || needle[0] == '\0')
    return TRUE;

  h = g_utf8_casefold (haystack, -1);
  n = g_utf8_casefold (needle, -1);

  return strstr (h, n) != NULL;
}

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  GqDevtools *self = user_data;

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->hide_disabled_button)) &&
      gq_devtools_query_item_get_disabled (item))
    return FALSE;

  return contains_folded (gq_devtools_query_item_get_hash (item),
                          gtk_editable_get_text (GTK_EDITABLE (self->query_filter)));
}

static void
on_sort_changed (GqDevtools *self)
{
  gtk_button_set_icon_name (GTK_BUTTON (self->order_button),
                            gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->order_button))
                              ? "view-sort-descending-symbolic" : "view-sort-ascending-symbolic");
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
on_filter_changed (GqDevtools *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Query rows */

static void
set_status_class (GtkWidget  *widget,
                  const char *name)
{
  const char *previous = g_object_get_data (G_OBJECT (widget), "gq-status-class");

  if (previous != NULL)
    gtk_widget_remove_css_class (widget, previous);
  if (name != NULL)
    gtk_widget_add_css_class (widget, name);
  g_object_set_data (G_OBJECT (widget), "gq-status-class", (gpointer) name);
}

static void
query_row_setup (GtkSignalListItemFactory *factory,
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
query_row_update (GtkListItem *list_item)
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
  set_status_class (badge, gq_devtools_status_name (st));
  gtk_label_set_label (GTK_LABEL (key), gq_devtools_query_item_get_hash (item));
  gtk_widget_set_visible (tag, disabled);
  gtk_label_set_label (GTK_LABEL (status), gq_devtools_status_label (st));
  gtk_label_set_label (GTK_LABEL (updated), time);

  label = g_strdup_printf (disabled ? _("Query key %s, %s, disabled") : _("Query key %s, %s"),
                           gq_devtools_query_item_get_hash (item), gq_devtools_status_label (st));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
query_row_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gulong id = g_signal_connect_swapped (item, "changed", G_CALLBACK (query_row_update), list_item);

  g_object_set_data (G_OBJECT (list_item), "gq-changed-id", GSIZE_TO_POINTER (id));
  query_row_update (list_item);
}

static void
row_unbind (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "gq-changed-id"));

  if (item != NULL && id != 0)
    g_signal_handler_disconnect (item, id);
  g_object_set_data (G_OBJECT (list_item), "gq-changed-id", NULL);
}

/* Details */

static void
set_field (GqDevtools *self,
           const char *field,
           const char *text)
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
set_field_int (GqDevtools *self,
               const char *field,
               gint64      value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  set_field (self, field, text);
}

static void
set_field_time (GqDevtools *self,
                const char *field,
                gint64      ms)
{
  g_autofree char *text = gq_devtools_format_time (ms);

  set_field (self, field, text);
}

static void
set_field_duration (GqDevtools *self,
                    const char *field,
                    gint64      ms)
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
set_field_error (GqDevtools   *self,
                 const char   *field,
                 const GError *error)
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

static void
show_data (GqDevtools *self,
           JsonNode   *data,
           gboolean    force)
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

static void
update_details (GqDevtools *self)
{
  GqQuery *query = selected_query (self);
  GqQueryState *state;
  GqQueryOptions *options;
  GqDevtoolsStatus status;
  g_autofree char *key = NULL;
  g_autofree char *meta = NULL;

  if (query == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->query_details_stack), "empty");
      show_data (self, NULL, FALSE);
      return;
    }

  gtk_stack_set_visible_child_name (GTK_STACK (self->query_details_stack), "details");
  state = gq_query_get_state (query);
  options = gq_query_get_options (query);
  status = gq_devtools_status_of (query);

  key = gq_devtools_json_to_string (gq_query_get_query_key (query), FALSE);
  gtk_label_set_label (GTK_LABEL (self->detail_key), key);
  gtk_label_set_label (GTK_LABEL (self->detail_status), gq_devtools_status_label (status));
  set_status_class (self->detail_status, gq_devtools_status_name (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->detail_status),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gq_devtools_status_label (status), -1);

  set_field (self, _("Status"), query_status_text (gq_query_state_get_status (state)));
  set_field (self, _("Fetch status"), fetch_status_text (gq_query_state_get_fetch_status (state)));
  set_field (self, _("Fetch reason"), reason_label (gq_query_get_fetch_reason (query)));
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

static void
on_selection_changed (GqDevtools *self)
{
  GqDevtoolsQueryItem *item = gtk_single_selection_get_selected_item (self->selection);

  /* A re-sort briefly leaves nothing selected: keep the selected query. */
  if (item == NULL)
    return;

  g_free (self->selected_hash);
  self->selected_hash = g_strdup (gq_devtools_query_item_get_hash (item));
  update_details (self);
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->timeline_selected_button)))
    gtk_filter_changed (GTK_FILTER (self->timeline_filter_obj), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Data tree rows */

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

/* Actions */

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
on_refetch (GqDevtools *self)
{
  GqQuery *query = selected_query (self);

  if (query == NULL)
    return;

  emit_action (self, "REFETCH", gq_query_get_query_hash (query));
  gq_query_fetch (query, NULL);
}

static void
on_invalidate (GqDevtools *self)
{
  GqQuery *query = selected_query (self);
  g_autoptr(GqQueryFilters) filters = NULL;

  if (query == NULL)
    return;

  emit_action (self, "INVALIDATE", gq_query_get_query_hash (query));
  filters = exact_filters (query);
  gq_query_client_invalidate_queries (self->client, filters);
}

static void
on_reset (GqDevtools *self)
{
  GqQuery *query = selected_query (self);
  g_autoptr(GqQueryFilters) filters = NULL;

  if (query == NULL)
    return;

  emit_action (self, "RESET", gq_query_get_query_hash (query));
  filters = exact_filters (query);
  gq_query_client_reset_queries (self->client, filters);
}

static void
on_remove (GqDevtools *self)
{
  GqQuery *query = selected_query (self);
  g_autoptr(GqQueryFilters) filters = NULL;

  if (query == NULL)
    return;

  emit_action (self, "REMOVE", gq_query_get_query_hash (query));
  filters = exact_filters (query);
  self->removing_hash = g_strdup (gq_query_get_query_hash (query));
  gq_query_client_remove_queries (self->client, filters);
  g_clear_pointer (&self->removing_hash, g_free);
  g_clear_pointer (&self->selected_hash, g_free);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  update_details (self);
}

static void
trigger_loading (GqDevtools *self,
                 GqQuery    *query)
{
  GqQueryOptions *previous = gq_query_get_options (query);
  g_autoptr(GqQueryOptions) loading = gq_query_options_copy (previous);
  g_autoptr(GqQueryState) state = NULL;

  emit_action (self, "TRIGGER_LOADING", gq_query_get_query_hash (query));
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
restore_loading (GqDevtools *self,
                 GqQuery    *query)
{
  const char *hash = gq_query_get_query_hash (query);
  g_autoptr(GqQueryState) previous = gq_query_state_ref (gq_query_get_state (query));
  g_autoptr(GqQueryState) state = NULL;
  g_autoptr(GqQueryOptions) options = NULL;
  g_autofree char *stolen_hash = NULL;

  emit_action (self, "RESTORE_LOADING", hash);
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
on_loading (GqDevtools *self)
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
on_error (GqDevtools *self)
{
  GqQuery *query = selected_query (self);

  if (query == NULL)
    return;

  if (gq_query_state_get_error (gq_query_get_state (query)) == NULL)
    {
      g_autoptr(GqQueryState) state = gq_query_state_copy (gq_query_get_state (query));
      g_autoptr(GError) error = g_error_new_literal (GQ_ERROR, GQ_ERROR_FAILED,
                                                     "Unknown error from devtools");

      emit_action (self, "TRIGGER_ERROR", gq_query_get_query_hash (query));
      gq_query_state_set_data (state, NULL);
      gq_query_state_set_status (state, GQ_QUERY_STATUS_ERROR);
      gq_query_state_set_error (state, error);
      gq_query_set_state (query, state);
    }
  else
    {
      /* TanStack's Restore Error resets by prefix, not exactly. */
      g_autoptr(GqQueryFilters) filters = gq_query_filters_new (gq_query_get_query_key (query));

      emit_action (self, "RESTORE_ERROR", gq_query_get_query_hash (query));
      gq_query_client_reset_queries (self->client, filters);
    }
}

static void
on_copy (GqDevtools *self)
{
  GqQuery *query = selected_query (self);
  g_autofree char *text = NULL;

  if (query == NULL || gq_query_state_get_data (gq_query_get_state (query)) == NULL)
    return;

  text = gq_devtools_json_to_string (gq_query_state_get_data (gq_query_get_state (query)), TRUE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
on_clear (GqDevtools *self)
{
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));

  if (g_strcmp0 (page, "mutations") == 0)
    {
      emit_action (self, "CLEAR_MUTATION_CACHE", NULL);
      gq_mutation_cache_clear (self->mutation_cache);
    }
  else if (g_strcmp0 (page, "timeline") == 0)
    {
      g_list_store_remove_all (self->timeline_store);
    }
  else
    {
      emit_action (self, "CLEAR_QUERY_CACHE", NULL);
      gq_query_cache_clear (self->query_cache);
    }
}

/* Online switch */

static void
sync_online (GqDevtools *self)
{
  gboolean online = gq_online_manager_is_online (self->online);

  g_signal_handlers_block_matched (self->online_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_switch_set_active (GTK_SWITCH (self->online_switch), online);
  gtk_switch_set_state (GTK_SWITCH (self->online_switch), online);
  g_signal_handlers_unblock_matched (self->online_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static gboolean
on_online_switch_state_set (GqDevtools *self,
                            gboolean    active)
{
  if (active)
    {
      /* Back to the network's own state; forced when the network monitor
       * itself says offline, as TanStack's toggle flips it. */
      gq_online_manager_unset_online (self->online);
      if (!gq_online_manager_is_online (self->online))
        gq_online_manager_set_online (self->online, TRUE);
    }
  else
    {
      gq_online_manager_set_online (self->online, FALSE);
    }

  sync_online (self);
  return TRUE;
}

/* Mutations */

static const char *
mutation_status_name (GqMutation *mutation)
{
  GqMutationState *state = gq_mutation_get_state (mutation);

  if (gq_mutation_state_get_is_paused (state))
    return "paused";

  switch (gq_mutation_state_get_status (state))
    {
    case GQ_MUTATION_STATUS_PENDING: return "pending";
    case GQ_MUTATION_STATUS_ERROR:   return "error";
    case GQ_MUTATION_STATUS_SUCCESS: return "success";
    case GQ_MUTATION_STATUS_IDLE:
    default:                         return "idle";
    }
}

static const char *
mutation_status_label (GqMutation *mutation)
{
  const char *name = mutation_status_name (mutation);

  if (g_str_equal (name, "paused"))
    return C_("mutation status", "Paused");
  if (g_str_equal (name, "pending"))
    return C_("mutation status", "Pending");
  if (g_str_equal (name, "error"))
    return C_("mutation status", "Error");
  if (g_str_equal (name, "success"))
    return C_("mutation status", "Success");
  return C_("mutation status", "Idle");
}

static int
mutation_rank (GqMutation *mutation)
{
  const char *name = mutation_status_name (mutation);

  if (g_str_equal (name, "paused"))
    return 0;
  if (g_str_equal (name, "pending"))
    return 1;
  if (g_str_equal (name, "error"))
    return 2;
  return 3;
}

static int
compare_mutations (gconstpointer a,
                   gconstpointer b)
{
  GqMutation *x = gq_devtools_mutation_item_get_mutation (*(GqDevtoolsMutationItem **) a);
  GqMutation *y = gq_devtools_mutation_item_get_mutation (*(GqDevtoolsMutationItem **) b);
  gint64 sx = gq_mutation_state_get_submitted_at (gq_mutation_get_state (x));
  gint64 sy = gq_mutation_state_get_submitted_at (gq_mutation_get_state (y));
  int order = mutation_rank (x) - mutation_rank (y);

  if (order != 0)
    return order;
  return (sy > sx) - (sy < sx);
}

static char *
mutation_title (GqMutation *mutation)
{
  JsonNode *key = gq_mutation_get_mutation_key (mutation);
  g_autofree char *time =
    gq_devtools_format_time (gq_mutation_state_get_submitted_at (gq_mutation_get_state (mutation)));
  g_autofree char *key_text = NULL;

  if (key == NULL)
    return g_steal_pointer (&time);

  key_text = gq_devtools_json_to_string (key, FALSE);
  return g_strdup_printf ("%s - %s", key_text, time);
}

static void
update_mutations (GqDevtools *self)
{
  g_autoptr(GPtrArray) all = gq_mutation_cache_get_all (self->mutation_cache);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) previous = g_steal_pointer (&self->mutation_items);
  guint counts[4] = { 0, };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->mutation_store));
  guint selected = GTK_INVALID_LIST_POSITION;

  self->mutation_items = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  for (guint i = 0; i < all->len; i++)
    {
      GqMutation *mutation = g_ptr_array_index (all, i);
      GqDevtoolsMutationItem *item = g_hash_table_lookup (previous, mutation);
      const char *name = mutation_status_name (mutation);

      item = item ? g_object_ref (item) : gq_devtools_mutation_item_new (mutation);
      g_hash_table_insert (self->mutation_items, mutation, g_object_ref (item));
      g_ptr_array_add (items, item);

      if (g_str_equal (name, "paused"))
        counts[0]++;
      else if (g_str_equal (name, "pending"))
        counts[1]++;
      else if (g_str_equal (name, "success"))
        counts[2]++;
      else if (g_str_equal (name, "error"))
        counts[3]++;
    }
  g_ptr_array_sort (items, compare_mutations);

  g_list_store_splice (self->mutation_store, 0, n, items->pdata, items->len);

  for (guint i = 0; i < items->len; i++)
    {
      GqDevtoolsMutationItem *item = g_ptr_array_index (items, i);

      gq_devtools_mutation_item_changed (item);
      if (gq_devtools_mutation_item_get_mutation (item) == self->selected_mutation)
        selected = i;
    }

  if (selected == GTK_INVALID_LIST_POSITION)
    g_clear_object (&self->selected_mutation);
  else
    gtk_single_selection_set_selected (self->mutation_selection, selected);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", counts[i]);
      gtk_label_set_label (GTK_LABEL (self->mutation_count_labels[i]), text);
    }

  update_mutation_details (self);
}

static void
mutation_row_setup (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *failures = gtk_label_new (NULL);

  gtk_widget_add_css_class (badge, "gq-badge");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "gq-key");
  gtk_widget_add_css_class (failures, "dim-label");
  gtk_widget_add_css_class (failures, "caption");
  gtk_box_append (GTK_BOX (box), badge);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), failures);
  gtk_list_item_set_child (list_item, box);
}

static void
mutation_row_update (GtkListItem *list_item)
{
  GqDevtoolsMutationItem *item = gtk_list_item_get_item (list_item);
  GqMutation *mutation = gq_devtools_mutation_item_get_mutation (item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *badge = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_next_sibling (badge);
  GtkWidget *failures = gtk_widget_get_next_sibling (title);
  guint failure_count = gq_mutation_state_get_failure_count (gq_mutation_get_state (mutation));
  g_autofree char *text = mutation_title (mutation);
  g_autofree char *failure_text = NULL;

  gtk_label_set_label (GTK_LABEL (badge), mutation_status_label (mutation));
  set_status_class (badge, mutation_status_name (mutation));
  gtk_label_set_label (GTK_LABEL (title), text);
  failure_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failure", "%u failures",
                                               failure_count), failure_count);
  gtk_label_set_label (GTK_LABEL (failures), failure_count > 0 ? failure_text : "");
}

static void
mutation_row_bind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gulong id = g_signal_connect_swapped (item, "changed", G_CALLBACK (mutation_row_update), list_item);

  g_object_set_data (G_OBJECT (list_item), "gq-changed-id", GSIZE_TO_POINTER (id));
  mutation_row_update (list_item);
}

static void
append_section (GString    *markup,
                const char *title,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append_printf (markup, "<b>%s</b>\n<tt>%s</tt>\n\n", title, escaped);
}

static void
update_mutation_details (GqDevtools *self)
{
  GqMutation *mutation = self->selected_mutation;
  GqMutationState *state;
  g_autoptr(GString) markup = NULL;
  g_autofree char *key = NULL;
  g_autofree char *variables = NULL;
  g_autofree char *data = NULL;
  g_autofree char *context = NULL;
  g_autofree char *error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *submitted = NULL;
  g_autofree char *failures = NULL;

  if (mutation == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->mutation_details),
                           _("Select a mutation to see its variables, data and error"));
      return;
    }

  state = gq_mutation_get_state (mutation);
  markup = g_string_new (NULL);
  key = gq_mutation_get_mutation_key (mutation)
          ? gq_devtools_json_to_string (gq_mutation_get_mutation_key (mutation), TRUE)
          : g_strdup (_("No mutation key"));
  variables = gq_devtools_json_to_string (gq_mutation_state_get_variables (state), TRUE);
  data = gq_devtools_json_to_string (gq_mutation_state_get_data (state), TRUE);
  context = gq_devtools_json_to_string (gq_mutation_state_get_context (state), TRUE);
  error = gq_mutation_state_get_error (state)
            ? gq_devtools_mask_text (gq_mutation_state_get_error (state)->message)
            : g_strdup (_("None"));
  reason = gq_mutation_state_get_failure_reason (state)
             ? gq_devtools_mask_text (gq_mutation_state_get_failure_reason (state)->message)
             : g_strdup (_("None"));
  submitted = gq_devtools_format_time (gq_mutation_state_get_submitted_at (state));
  failures = g_strdup_printf ("%u", gq_mutation_state_get_failure_count (state));

  append_section (markup, _("Mutation Key"), key);
  append_section (markup, _("Status"), mutation_status_label (mutation));
  append_section (markup, _("Submitted At"), submitted);
  append_section (markup, _("Paused"), gq_mutation_state_get_is_paused (state) ? _("Yes") : _("No"));
  append_section (markup, _("Failure Count"), failures);
  append_section (markup, _("Failure Reason"), reason);
  append_section (markup, _("Variables"), variables);
  append_section (markup, _("Context"), context);
  append_section (markup, _("Data"), data);
  append_section (markup, _("Error"), error);

  gtk_label_set_markup (GTK_LABEL (self->mutation_details), markup->str);
}

static void
on_mutation_selection_changed (GqDevtools *self)
{
  GqDevtoolsMutationItem *item = gtk_single_selection_get_selected_item (self->mutation_selection);

  g_clear_object (&self->selected_mutation);
  if (item != NULL)
    self->selected_mutation = g_object_ref (gq_devtools_mutation_item_get_mutation (item));
  update_mutation_details (self);
}

/* Timeline rows */

static void
timeline_row_setup (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *key = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (kind, "gq-timeline-kind");
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_label_set_width_chars (GTK_LABEL (kind), 11);
  gtk_widget_add_css_class (key, "gq-key");
  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_ellipsize (GTK_LABEL (key), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (key), 48);
  gtk_label_set_width_chars (GTK_LABEL (key), 24);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (detail, TRUE);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (list_item, box);
}

static void
timeline_row_bind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GqDevtoolsEvent *event = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *time = gtk_widget_get_first_child (box);
  GtkWidget *kind = gtk_widget_get_next_sibling (time);
  GtkWidget *key = gtk_widget_get_next_sibling (kind);
  GtkWidget *detail = gtk_widget_get_next_sibling (key);
  gint64 ms = gq_devtools_event_get_time (event);
  g_autofree char *clock = gq_devtools_format_time (ms);
  g_autofree char *stamp = g_strdup_printf ("%s.%03d", clock, (int) (ms % 1000));

  gtk_label_set_label (GTK_LABEL (time), stamp);
  gtk_label_set_label (GTK_LABEL (kind), gq_devtools_event_get_kind (event));
  gtk_label_set_label (GTK_LABEL (key), gq_devtools_event_get_hash (event));
  gtk_label_set_label (GTK_LABEL (detail), gq_devtools_event_get_detail (event));
}

static gboolean
filter_event (gpointer item,
              gpointer user_data)
{
  GqDevtools *self = user_data;
  const char *hash = gq_devtools_event_get_hash (item);

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->timeline_selected_button)) &&
      g_strcmp0 (hash, self->selected_hash) != 0)
    return FALSE;

  return contains_folded (hash, gtk_editable_get_text (GTK_EDITABLE (self->timeline_filter)));
}

static void
on_timeline_filter_changed (GqDevtools *self)
{
  gtk_filter_changed (GTK_FILTER (self->timeline_filter_obj), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_timeline_clear (GqDevtools *self)
{
  g_list_store_remove_all (self->timeline_store);
}

/* Header counters */

static GtkWidget *
counter_new (const char  *label,
             const char  *status_class,
             GtkWidget  **count_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *name = gtk_label_new (label);
  GtkWidget *count = gtk_label_new ("0");

  gtk_widget_add_css_class (box, "gq-counter");
  gtk_widget_add_css_class (dot, "gq-dot");
  gtk_widget_add_css_class (dot, status_class);
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  *count_out = count;

  return box;
}

static void
build_counters (GqDevtools *self)
{
  static const char * const mutation_classes[] = { "paused", "pending", "success", "error" };
  const char *mutation_labels[] = {
    C_("mutation status", "Paused"), C_("mutation status", "Pending"),
    C_("mutation status", "Success"), C_("mutation status", "Error"),
  };

  self->query_counters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  for (guint i = 0; i < GQ_DEVTOOLS_N_STATUSES; i++)
    gtk_box_append (GTK_BOX (self->query_counters),
                    counter_new (gq_devtools_status_label (i), gq_devtools_status_name (i),
                                 &self->status_counts[i]));

  self->mutation_counters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  for (guint i = 0; i < 4; i++)
    gtk_box_append (GTK_BOX (self->mutation_counters),
                    counter_new (mutation_labels[i], mutation_classes[i],
                                 &self->mutation_count_labels[i]));
  gtk_widget_set_visible (self->mutation_counters, FALSE);

  gtk_box_append (GTK_BOX (self->counters), self->query_counters);
  gtk_box_append (GTK_BOX (self->counters), self->mutation_counters);
}

static void
on_page_changed (GqDevtools *self)
{
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
  gboolean mutations = g_strcmp0 (page, "mutations") == 0;

  gtk_widget_set_visible (self->query_counters, !mutations);
  gtk_widget_set_visible (self->mutation_counters, mutations);
  gtk_widget_set_tooltip_text (self->clear_button,
                               mutations ? _("Clear the mutation cache")
                               : g_strcmp0 (page, "timeline") == 0 ? _("Clear the timeline")
                               : _("Clear the query cache"));
}

/* Setup */

static GtkListItemFactory *
factory_new (GCallback setup,
             GCallback bind,
             GCallback unbind,
             gpointer  data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, data);
  g_signal_connect (factory, "bind", bind, data);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, data);

  return factory;
}

static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/gnome/gquery/gtk/ui/gq-devtools.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loaded = TRUE;
}

static void
connect_client (GqDevtools *self)
{
  g_autoptr(GPtrArray) queries = NULL;

  self->query_cache = g_object_ref (gq_query_client_get_query_cache (self->client));
  self->mutation_cache = g_object_ref (gq_query_client_get_mutation_cache (self->client));
  self->online = g_object_ref (gq_query_client_get_online_manager (self->client));

  self->query_event_id = g_signal_connect (self->query_cache, "event",
                                           G_CALLBACK (on_query_cache_event), self);
  self->mutation_event_id = g_signal_connect (self->mutation_cache, "event",
                                              G_CALLBACK (on_mutation_cache_event), self);
  self->online_changed_id = g_signal_connect_swapped (self->online, "changed",
                                                      G_CALLBACK (sync_online), self);

  queries = gq_query_cache_get_all (self->query_cache);
  for (guint i = 0; i < queries->len; i++)
    {
      GqQuery *query = g_ptr_array_index (queries, i);

      record_event (self, GQ_CACHE_EVENT_ADDED, query);
      g_hash_table_add (self->touched, g_strdup (gq_query_get_query_hash (query)));
    }

  self->mutations_dirty = TRUE;
  sync_online (self);
  flush (self);
}

static void
gq_devtools_constructed (GObject *object)
{
  GqDevtools *self = (GqDevtools *) object;

  G_OBJECT_CLASS (gq_devtools_parent_class)->constructed (object);

  if (self->client == NULL)
    self->client = gq_query_client_new ();
  connect_client (self);
}

static void
gq_devtools_dispose (GObject *object)
{
  GqDevtools *self = (GqDevtools *) object;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_signal_handler (&self->query_event_id, self->query_cache);
  g_clear_signal_handler (&self->mutation_event_id, self->mutation_cache);
  g_clear_signal_handler (&self->online_changed_id, self->online);

  gtk_widget_dispose_template (GTK_WIDGET (self), GQ_TYPE_DEVTOOLS);

  g_clear_object (&self->selection);
  g_clear_object (&self->mutation_selection);
  g_clear_object (&self->data_model);
  g_clear_object (&self->selected_mutation);

  G_OBJECT_CLASS (gq_devtools_parent_class)->dispose (object);
}

static void
gq_devtools_finalize (GObject *object)
{
  GqDevtools *self = (GqDevtools *) object;

  g_clear_object (&self->query_store);
  g_clear_object (&self->mutation_store);
  g_clear_object (&self->timeline_store);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->mutation_items, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->previous_options, g_hash_table_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->changed, g_ptr_array_unref);
  g_clear_pointer (&self->tracks, g_hash_table_unref);
  g_clear_pointer (&self->pending_events, g_ptr_array_unref);
  g_clear_pointer (&self->shown_data, json_node_unref);
  g_clear_pointer (&self->selected_hash, g_free);
  g_clear_pointer (&self->removing_hash, g_free);
  g_clear_object (&self->query_cache);
  g_clear_object (&self->mutation_cache);
  g_clear_object (&self->online);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (gq_devtools_parent_class)->finalize (object);
}

static void
gq_devtools_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GqDevtools *self = GQ_DEVTOOLS (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_devtools_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GqDevtools *self = GQ_DEVTOOLS (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_devtools_class_init (GqDevtoolsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gq_devtools_constructed;
  object_class->dispose = gq_devtools_dispose;
  object_class->finalize = gq_devtools_finalize;
  object_class->get_property = gq_devtools_get_property;
  object_class->set_property = gq_devtools_set_property;

  /**
   * GqDevtools:client:
   *
   * The client whose caches the devtools show. A new client when none is
   * given.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         GQ_TYPE_QUERY_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GqDevtools::devtools-action:
   * @self: the devtools
   * @type: what was done: `REFETCH`, `INVALIDATE`, `RESET`, `REMOVE`,
   *   `TRIGGER_LOADING`, `RESTORE_LOADING`, `TRIGGER_ERROR`,
   *   `RESTORE_ERROR`, `CLEAR_QUERY_CACHE` or `CLEAR_MUTATION_CACHE`
   * @query_hash: (nullable): the query acted on, %NULL for a whole cache
   *
   * Emitted before each action the user takes in the devtools, as
   * TanStack's devtools dispatch their `@tanstack/query-devtools-event`,
   * so that tests and logs can follow devtools use.
   */
  signals [DEVTOOLS_ACTION] =
    g_signal_new ("devtools-action",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gnome/gquery/gtk/ui/gq-devtools.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "devtools");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GqDevtools, name)
  BIND (root);
  BIND (counters);
  BIND (online_switch);
  BIND (clear_button);
  BIND (stack);
  BIND (query_filter);
  BIND (sort_dropdown);
  BIND (order_button);
  BIND (hide_disabled_button);
  BIND (query_list);
  BIND (query_details_stack);
  BIND (detail_key);
  BIND (detail_status);
  BIND (state_grid);
  BIND (refetch_button);
  BIND (invalidate_button);
  BIND (reset_button);
  BIND (remove_button);
  BIND (loading_button);
  BIND (error_button);
  BIND (copy_button);
  BIND (data_tree);
  BIND (mutation_list);
  BIND (mutation_details);
  BIND (timeline_filter);
  BIND (timeline_selected_button);
  BIND (timeline_clear_button);
  BIND (timeline_list);
#undef BIND
}

static void
gq_devtools_init (GqDevtools *self)
{
  g_autoptr(GtkListItemFactory) query_factory = NULL;
  g_autoptr(GtkListItemFactory) data_factory = NULL;
  g_autoptr(GtkListItemFactory) mutation_factory = NULL;
  g_autoptr(GtkListItemFactory) timeline_factory = NULL;
  g_autoptr(GtkNoSelection) timeline_selection = NULL;
  GtkFilterListModel *filtered;
  GtkFilterListModel *timeline_filtered;

  g_type_ensure (GQ_TYPE_DEVTOOLS_QUERY_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  load_css ();

  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  self->previous_options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->changed = g_ptr_array_new ();
  self->tracks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, track_free);
  self->pending_events = g_ptr_array_new_with_free_func (g_object_unref);
  self->mutation_items = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  /* Queries: store → filter → sort → selection */
  self->query_store = g_list_store_new (GQ_TYPE_DEVTOOLS_QUERY_ITEM);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->sorter = gtk_custom_sorter_new (compare_items, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->query_store)),
                                        GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered), GTK_SORTER (self->sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->query_list), GTK_SELECTION_MODEL (self->selection));
  query_factory = factory_new (G_CALLBACK (query_row_setup), G_CALLBACK (query_row_bind),
                               G_CALLBACK (row_unbind), self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->query_list), query_factory);

  data_factory = factory_new (G_CALLBACK (data_row_setup), G_CALLBACK (data_row_bind), NULL, self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->data_tree), data_factory);
  show_data (self, NULL, TRUE);

  /* Mutations */
  self->mutation_store = g_list_store_new (GQ_TYPE_DEVTOOLS_MUTATION_ITEM);
  self->mutation_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->mutation_store)));
  gtk_single_selection_set_autoselect (self->mutation_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->mutation_selection, TRUE);
  g_signal_connect_swapped (self->mutation_selection, "notify::selected-item",
                            G_CALLBACK (on_mutation_selection_changed), self);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->mutation_list),
                           GTK_SELECTION_MODEL (self->mutation_selection));
  mutation_factory = factory_new (G_CALLBACK (mutation_row_setup), G_CALLBACK (mutation_row_bind),
                                  G_CALLBACK (row_unbind), self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->mutation_list), mutation_factory);

  /* Timeline */
  self->timeline_store = g_list_store_new (GQ_TYPE_DEVTOOLS_EVENT);
  self->timeline_filter_obj = gtk_custom_filter_new (filter_event, self, NULL);
  timeline_filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->timeline_store)),
                                                 GTK_FILTER (self->timeline_filter_obj));
  timeline_selection = gtk_no_selection_new (G_LIST_MODEL (timeline_filtered));
  gtk_list_view_set_model (GTK_LIST_VIEW (self->timeline_list), GTK_SELECTION_MODEL (timeline_selection));
  timeline_factory = factory_new (G_CALLBACK (timeline_row_setup), G_CALLBACK (timeline_row_bind), NULL, self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->timeline_list), timeline_factory);

  build_counters (self);

  g_signal_connect_swapped (self->query_filter, "search-changed", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->hide_disabled_button, "toggled", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected", G_CALLBACK (on_sort_changed), self);
  g_signal_connect_swapped (self->order_button, "toggled", G_CALLBACK (on_sort_changed), self);
  g_signal_connect_swapped (self->refetch_button, "clicked", G_CALLBACK (on_refetch), self);
  g_signal_connect_swapped (self->invalidate_button, "clicked", G_CALLBACK (on_invalidate), self);
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (on_reset), self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (on_remove), self);
  g_signal_connect_swapped (self->loading_button, "clicked", G_CALLBACK (on_loading), self);
  g_signal_connect_swapped (self->error_button, "clicked", G_CALLBACK (on_error), self);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (on_copy), self);
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (on_clear), self);
  g_signal_connect_swapped (self->online_switch, "state-set", G_CALLBACK (on_online_switch_state_set), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name", G_CALLBACK (on_page_changed), self);
  g_signal_connect_swapped (self->timeline_filter, "search-changed",
                            G_CALLBACK (on_timeline_filter_changed), self);
  g_signal_connect_swapped (self->timeline_selected_button, "toggled",
                            G_CALLBACK (on_timeline_filter_changed), self);
  g_signal_connect_swapped (self->timeline_clear_button, "clicked", G_CALLBACK (on_timeline_clear), self);
}

/**
 * gq_devtools_new:
 * @client: (nullable): the client to show
 *
 * Creates the devtools for @client, to put in a pane of the app's window
 * or in a [class@GqGtk.DevtoolsWindow].
 *
 * Returns: (transfer full): the new widget
 */
GtkWidget *
gq_devtools_new (GqQueryClient *client)
{
  g_return_val_if_fail (client == NULL || GQ_IS_QUERY_CLIENT (client), NULL);

  return g_object_new (GQ_TYPE_DEVTOOLS, "client", client, NULL);
}

/**
 * gq_devtools_get_client:
 * @self: the devtools
 *
 * Gets the client the devtools show.
 *
 * Returns: (transfer none): the client
 */
GqQueryClient *
gq_devtools_get_client (GqDevtools *self)
{
  g_return_val_if_fail (GQ_IS_DEVTOOLS (self), NULL);

  return self->client;
}

/**
 * gq_devtools_select_query:
 * @self: the devtools
 * @query_hash: (nullable): the hash of the query to show, %NULL for none
 *
 * Shows the details of the query of @query_hash in the Queries view, as
 * if the user had selected its row.
 */
void
gq_devtools_select_query (GqDevtools *self,
                          const char *query_hash)
{
  GListModel *rows;
  guint n;

  g_return_if_fail (GQ_IS_DEVTOOLS (self));

  flush (self);
  g_clear_pointer (&self->selected_hash, g_free);
  self->selected_hash = g_strdup (query_hash);

  rows = G_LIST_MODEL (self->sorted);
  n = g_list_model_get_n_items (rows);
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

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "queries");
  update_details (self);
}

/**
 * gq_devtools_get_selected_query:
 * @self: the devtools
 *
 * Gets the hash of the query whose details are shown.
 *
 * Returns: (nullable): the hash, or %NULL
 */
const char *
gq_devtools_get_selected_query (GqDevtools *self)
{
  g_return_val_if_fail (GQ_IS_DEVTOOLS (self), NULL);

  return self->selected_hash;
}

/* For the tests */

GListModel *
_gq_devtools_get_query_rows (GqDevtools *self)
{
  return G_LIST_MODEL (self->sorted);
}

GListModel *
_gq_devtools_get_mutation_rows (GqDevtools *self)
{
  return G_LIST_MODEL (self->mutation_store);
}

GListModel *
_gq_devtools_get_timeline_rows (GqDevtools *self)
{
  return gtk_list_view_get_model (GTK_LIST_VIEW (self->timeline_list)) ?
         G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (self->timeline_list))) : NULL;
}

GListModel *
_gq_devtools_get_data_rows (GqDevtools *self)
{
  return G_LIST_MODEL (self->data_model);
}

guint
_gq_devtools_get_status_count (GqDevtools       *self,
                               GqDevtoolsStatus  status)
{
  g_return_val_if_fail (status < GQ_DEVTOOLS_N_STATUSES, 0);

  return self->counts[status];
}

GtkWidget *
_gq_devtools_get_part (GqDevtools *self,
                       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), GQ_TYPE_DEVTOOLS, name));
}

const char *
_gq_devtools_get_field (GqDevtools *self,
                        const char *field)
{
  GtkWidget *value = g_hash_table_lookup (self->fields, field);

  return value ? gtk_label_get_label (GTK_LABEL (value)) : NULL;
}

void
_gq_devtools_flush (GqDevtools *self)
{
  flush (self);
}

gboolean
_gq_devtools_has_pending (GqDevtools *self)
{
  return self->flush_id != 0;
}
