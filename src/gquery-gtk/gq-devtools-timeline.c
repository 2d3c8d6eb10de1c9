/* gq-devtools-timeline.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>

#include "gq-devtools-private.h"
#include "gq-devtools-json-private.h"
#include "gq-devtools-timeline-private.h"

/* Events kept in the timeline; the oldest go first. */
#define TIMELINE_MAX 5000

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

struct _GqDevtoolsTimeline
{
  GqDevtools      *devtools;

  /* template */
  GtkWidget       *search;
  GtkWidget       *selected_button;
  GtkWidget       *clear_button;
  GtkWidget       *list;

  GListStore      *store;
  GtkCustomFilter *filter;
  GPtrArray       *pending_events;
  GHashTable      *tracks;           /* hash → Track */
  char            *removing_hash;
};

static void
track_free (gpointer data)
{
  Track *track = data;

  g_clear_pointer (&track->data, json_node_unref);
  g_free (track);
}

static gint64
now (GqDevtoolsTimeline *self)
{
  return gq_scheduler_now (gq_query_client_get_scheduler (gq_devtools_get_client (self->devtools)));
}

const char *
gq_devtools_reason_label (GqFetchReason reason)
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
add_event (GqDevtoolsTimeline *self,
           const char         *hash,
           const char         *kind,
           const char         *detail)
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
record_update (GqDevtoolsTimeline *self,
               GqQuery            *query,
               Track              *track)
{
  const char *hash = gq_query_get_query_hash (query);
  GqQueryState *state = gq_query_get_state (query);
  GqFetchStatus fetch_status = gq_query_state_get_fetch_status (state);

  if (track->fetch_status == GQ_FETCH_STATUS_IDLE && fetch_status != GQ_FETCH_STATUS_IDLE)
    add_event (self, hash, C_("timeline", "fetch"), gq_devtools_reason_label (gq_query_get_fetch_reason (query)));

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
is_gc (GqDevtoolsTimeline *self,
       GqQuery            *query,
       Track              *track)
{
  gint64 gc_time = gq_query_get_gc_time (query);

  if (gq_query_get_observer_count (query) > 0 || gc_time == GQ_TIME_INFINITE)
    return FALSE;

  return now (self) - track->inactive_since >= gc_time;
}

void
gq_devtools_timeline_record (GqDevtoolsTimeline *self,
                             GqCacheEventType    type,
                             GqQuery            *query)
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

void
gq_devtools_timeline_begin_removal (GqDevtoolsTimeline *self,
                                    const char         *query_hash)
{
  g_free (self->removing_hash);
  self->removing_hash = g_strdup (query_hash);
}

void
gq_devtools_timeline_end_removal (GqDevtoolsTimeline *self)
{
  g_clear_pointer (&self->removing_hash, g_free);
}

void
gq_devtools_timeline_flush (GqDevtoolsTimeline *self)
{
  guint n_events = self->pending_events->len;
  guint n, drop, skip;

  if (n_events == 0)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  drop = n + n_events > TIMELINE_MAX ? MIN (n, n + n_events - TIMELINE_MAX) : 0;
  skip = n_events > TIMELINE_MAX ? n_events - TIMELINE_MAX : 0;

  g_list_store_splice (self->store, 0, drop, NULL, 0);
  g_list_store_splice (self->store, n - drop, 0,
                       self->pending_events->pdata + skip, n_events - skip);
  g_ptr_array_set_size (self->pending_events, 0);
}

void
gq_devtools_timeline_clear (GqDevtoolsTimeline *self)
{
  g_list_store_remove_all (self->store);
}

void
gq_devtools_timeline_selection_changed (GqDevtoolsTimeline *self)
{
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->selected_button)))
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Rows */

static void
row_setup (GtkSignalListItemFactory *factory,
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
row_bind (GtkSignalListItemFactory *factory,
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
  GqDevtoolsTimeline *self = user_data;
  const char *hash = gq_devtools_event_get_hash (item);

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->selected_button)) &&
      g_strcmp0 (hash, gq_devtools_get_selected_query (self->devtools)) != 0)
    return FALSE;

  return gq_devtools_contains_folded (hash, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

static void
on_filter_changed (GqDevtoolsTimeline *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

GqDevtoolsTimeline *
gq_devtools_timeline_new (GqDevtools *devtools)
{
  GqDevtoolsTimeline *self = g_new0 (GqDevtoolsTimeline, 1);
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkFilterListModel *filtered;

  self->devtools = devtools;
  self->search = _gq_devtools_get_part (devtools, "timeline_filter");
  self->selected_button = _gq_devtools_get_part (devtools, "timeline_selected_button");
  self->clear_button = _gq_devtools_get_part (devtools, "timeline_clear_button");
  self->list = _gq_devtools_get_part (devtools, "timeline_list");

  self->tracks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, track_free);
  self->pending_events = g_ptr_array_new_with_free_func (g_object_unref);
  self->store = g_list_store_new (GQ_TYPE_DEVTOOLS_EVENT);
  self->filter = gtk_custom_filter_new (filter_event, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                        GTK_FILTER (self->filter));
  selection = gtk_no_selection_new (G_LIST_MODEL (filtered));
  gtk_list_view_set_model (GTK_LIST_VIEW (self->list), GTK_SELECTION_MODEL (selection));
  factory = gq_devtools_factory_new (G_CALLBACK (row_setup), G_CALLBACK (row_bind), NULL, self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->list), factory);

  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->selected_button, "toggled", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (gq_devtools_timeline_clear), self);

  return self;
}

void
gq_devtools_timeline_free (GqDevtoolsTimeline *self)
{
  g_clear_object (&self->store);
  g_clear_pointer (&self->tracks, g_hash_table_unref);
  g_clear_pointer (&self->pending_events, g_ptr_array_unref);
  g_clear_pointer (&self->removing_hash, g_free);
  g_free (self);
}
