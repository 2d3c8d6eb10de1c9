/* gq-devtools.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>

#include "gq-devtools-details-private.h"
#include "gq-devtools-header-private.h"
#include "gq-devtools-mutations-private.h"
#include "gq-devtools-private.h"
#include "gq-devtools-queries-private.h"
#include "gq-devtools-timeline-private.h"

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
 * To open it in its own window with Ctrl+Shift+D, see [func@GqGtk.Devtools.install].
 */

struct _GqDevtools
{
  GtkWidget            parent_instance;

  GqQueryClient       *client;
  GqQueryCache        *query_cache;
  GqMutationCache     *mutation_cache;
  gulong               query_event_id;
  gulong               mutation_event_id;

  /* template */
  GtkWidget           *clear_button;
  GtkWidget           *stack;
  GtkWidget           *toolbar;
  GtkWidget           *counters;
  GtkWidget           *counters_row;
  GtkWidget           *online_label;
  GtkWidget           *queries_paned;
  GtkWidget           *mutations_paned;

  gboolean             compact;

  /* parts */
  GqDevtoolsHeader    *header;
  GqDevtoolsQueries   *queries;
  GqDevtoolsDetails   *details;
  GqDevtoolsMutations *mutations;
  GqDevtoolsTimeline  *timeline;

  gboolean             mutations_dirty;
  guint                flush_id;
};

G_DEFINE_FINAL_TYPE (GqDevtools, gq_devtools, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_COMPACT,
  N_PROPS
};

/* Where the list and the details share a narrow pane, the details go under
 * the list, at this height. */
#define COMPACT_LIST_HEIGHT 260
/* The list's width beside the details, as gq-devtools.ui sets it. */
#define LIST_WIDTH          520

enum {
  DEVTOOLS_ACTION,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
update_details (GqDevtools *self)
{
  gq_devtools_details_update (self->details, gq_devtools_queries_get_selected (self->queries));
}

/* Cache events: recorded at once, applied in a batch */

static void
flush (GqDevtools *self)
{
  gboolean selected_dirty;

  g_clear_handle_id (&self->flush_id, g_source_remove);

  selected_dirty = gq_devtools_queries_is_pending (self->queries,
                                                  gq_devtools_queries_get_selected_hash (self->queries));

  if (gq_devtools_queries_apply (self->queries, self->query_cache))
    gq_devtools_header_set_query_counts (self->header, gq_devtools_queries_get_counts (self->queries));

  if (selected_dirty)
    update_details (self);

  gq_devtools_timeline_flush (self->timeline);

  if (self->mutations_dirty)
    {
      self->mutations_dirty = FALSE;
      gq_devtools_mutations_update (self->mutations, self->mutation_cache);
      gq_devtools_header_set_mutation_counts (self->header,
                                              gq_devtools_mutations_get_counts (self->mutations));
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

static void
on_query_cache_event (GqQueryCache     *cache,
                      GqCacheEventType  type,
                      GqQuery          *query,
                      GObject          *observer,
                      GqDevtools       *self)
{
  const char *hash = gq_query_get_query_hash (query);

  gq_devtools_timeline_record (self->timeline, type, query);

  /* Results updates count too: staleness by time only shows there. */
  if (type == GQ_CACHE_EVENT_ADDED || type == GQ_CACHE_EVENT_REMOVED)
    gq_devtools_queries_touch (self->queries, hash);
  else
    gq_devtools_queries_mark_dirty (self->queries, hash);

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

/* Between the parts */

GqQuery *
_gq_devtools_get_selected_query_object (GqDevtools *self)
{
  return gq_devtools_queries_get_selected (self->queries);
}

void
_gq_devtools_emit_action (GqDevtools *self,
                          const char *type,
                          const char *query_hash)
{
  g_signal_emit (self, signals[DEVTOOLS_ACTION], 0, type, query_hash);
}

void
_gq_devtools_query_selected (GqDevtools *self)
{
  update_details (self);
  gq_devtools_timeline_selection_changed (self->timeline);
}

void
_gq_devtools_remove_queries (GqDevtools     *self,
                             const char     *query_hash,
                             GqQueryFilters *filters)
{
  gq_devtools_timeline_begin_removal (self->timeline, query_hash);
  gq_query_client_remove_queries (self->client, filters);
  gq_devtools_timeline_end_removal (self->timeline);
  gq_devtools_queries_unselect (self->queries);
  update_details (self);
}

/* Pages */

static void
on_clear (GqDevtools *self)
{
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));

  if (g_strcmp0 (page, "mutations") == 0)
    {
      _gq_devtools_emit_action (self, "CLEAR_MUTATION_CACHE", NULL);
      gq_mutation_cache_clear (self->mutation_cache);
    }
  else if (g_strcmp0 (page, "timeline") == 0)
    {
      gq_devtools_timeline_clear (self->timeline);
    }
  else
    {
      _gq_devtools_emit_action (self, "CLEAR_QUERY_CACHE", NULL);
      gq_query_cache_clear (self->query_cache);
    }
}

static void
on_page_changed (GqDevtools *self)
{
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
  gboolean mutations = g_strcmp0 (page, "mutations") == 0;

  gq_devtools_header_show_mutations (self->header, mutations);
  gtk_widget_set_tooltip_text (self->clear_button,
                               mutations ? _("Clear the mutation cache")
                               : g_strcmp0 (page, "timeline") == 0 ? _("Clear the timeline")
                               : _("Clear the query cache"));
}

/* Setup */

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

  self->query_event_id = g_signal_connect (self->query_cache, "event",
                                           G_CALLBACK (on_query_cache_event), self);
  self->mutation_event_id = g_signal_connect (self->mutation_cache, "event",
                                              G_CALLBACK (on_mutation_cache_event), self);

  queries = gq_query_cache_get_all (self->query_cache);
  for (guint i = 0; i < queries->len; i++)
    {
      GqQuery *query = g_ptr_array_index (queries, i);

      gq_devtools_timeline_record (self->timeline, GQ_CACHE_EVENT_ADDED, query);
      gq_devtools_queries_touch (self->queries, gq_query_get_query_hash (query));
    }

  self->mutations_dirty = TRUE;
  gq_devtools_header_set_online_manager (self->header,
                                         gq_query_client_get_online_manager (self->client));
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
  gq_devtools_header_dispose (self->header);

  gtk_widget_dispose_template (GTK_WIDGET (self), GQ_TYPE_DEVTOOLS);

  gq_devtools_queries_dispose (self->queries);
  gq_devtools_mutations_dispose (self->mutations);
  gq_devtools_details_dispose (self->details);

  G_OBJECT_CLASS (gq_devtools_parent_class)->dispose (object);
}

static void
gq_devtools_finalize (GObject *object)
{
  GqDevtools *self = (GqDevtools *) object;

  g_clear_pointer (&self->header, gq_devtools_header_free);
  g_clear_pointer (&self->queries, gq_devtools_queries_free);
  g_clear_pointer (&self->details, gq_devtools_details_free);
  g_clear_pointer (&self->mutations, gq_devtools_mutations_free);
  g_clear_pointer (&self->timeline, gq_devtools_timeline_free);
  g_clear_object (&self->query_cache);
  g_clear_object (&self->mutation_cache);
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

    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
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

    case PROP_COMPACT:
      gq_devtools_set_compact (self, g_value_get_boolean (value));
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

  /**
   * GqDevtools:compact:
   *
   * Whether the devtools lay out for a narrow pane beside an app's
   * content: the status counts get a row of their own under the view
   * switcher, and a query's or mutation's details go under the list
   * rather than beside it.
   */
  properties [PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

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

  gtk_widget_class_bind_template_child (widget_class, GqDevtools, clear_button);
  gtk_widget_class_bind_template_child (widget_class, GqDevtools, stack);
  gtk_widget_class_bind_template_child (widget_class, GqDevtools, toolbar);
  gtk_widget_class_bind_template_child (widget_class, GqDevtools, counters_row);
  gtk_widget_class_bind_template_child (widget_class, GqDevtools, online_label);
  gtk_widget_class_bind_template_child (widget_class, GqDevtools, queries_paned);
  gtk_widget_class_bind_template_child (widget_class, GqDevtools, mutations_paned);

  /* The parts take theirs with _gq_devtools_get_part(). */
#define BIND(name) gtk_widget_class_bind_template_child_full (widget_class, #name, FALSE, 0)
  BIND (root);
  BIND (counters);
  BIND (online_switch);
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
  g_type_ensure (GQ_TYPE_DEVTOOLS_QUERY_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  load_css ();

  self->header = gq_devtools_header_new (self);
  self->queries = gq_devtools_queries_new (self);
  self->details = gq_devtools_details_new (self);
  self->mutations = gq_devtools_mutations_new (self);
  self->timeline = gq_devtools_timeline_new (self);

  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (on_clear), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name", G_CALLBACK (on_page_changed), self);
}

/**
 * gq_devtools_get_compact:
 * @self: the devtools
 *
 * Gets whether the devtools lay out for a narrow pane.
 *
 * Returns: %TRUE if compact
 */
gboolean
gq_devtools_get_compact (GqDevtools *self)
{
  g_return_val_if_fail (GQ_IS_DEVTOOLS (self), FALSE);

  return self->compact;
}

/**
 * gq_devtools_set_compact:
 * @self: the devtools
 * @compact: whether to lay out for a narrow pane
 *
 * Sets [property@GqGtk.Devtools:compact]: for a pane of about 500 pixels
 * beside an app's content, rather than a window of its own.
 */
void
gq_devtools_set_compact (GqDevtools *self,
                         gboolean    compact)
{
  GtkWidget *counters;
  GtkWidget *online_switch;
  GtkOrientation orientation;

  g_return_if_fail (GQ_IS_DEVTOOLS (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;

  counters = _gq_devtools_get_part (self, "counters");
  g_object_ref (counters);
  gtk_box_remove (GTK_BOX (compact ? self->toolbar : self->counters_row), counters);
  if (compact)
    gtk_box_append (GTK_BOX (self->counters_row), counters);
  else
    gtk_box_insert_child_after (GTK_BOX (self->toolbar), counters, gtk_widget_get_first_child (self->toolbar));
  g_object_unref (counters);
  gtk_widget_set_visible (self->counters_row, compact);
  gtk_box_set_spacing (GTK_BOX (self->toolbar), compact ? 6 : 12);
  /* The switch keeps its tooltip and its name for screen readers, and
   * stays at the end of the toolbar. */
  gtk_widget_set_visible (self->online_label, !compact);
  online_switch = _gq_devtools_get_part (self, "online_switch");
  gtk_widget_set_hexpand (online_switch, compact);
  gtk_widget_set_halign (online_switch, compact ? GTK_ALIGN_END : GTK_ALIGN_FILL);

  orientation = compact ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->queries_paned), orientation);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->mutations_paned), orientation);
  gtk_paned_set_position (GTK_PANED (self->queries_paned), compact ? COMPACT_LIST_HEIGHT : LIST_WIDTH);
  gtk_paned_set_position (GTK_PANED (self->mutations_paned), compact ? COMPACT_LIST_HEIGHT : LIST_WIDTH);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COMPACT]);
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
  g_return_if_fail (GQ_IS_DEVTOOLS (self));

  flush (self);
  gq_devtools_queries_select (self->queries, query_hash);
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

  return gq_devtools_queries_get_selected_hash (self->queries);
}

/* For the tests */

GListModel *
_gq_devtools_get_query_rows (GqDevtools *self)
{
  return gq_devtools_queries_get_rows (self->queries);
}

GListModel *
_gq_devtools_get_mutation_rows (GqDevtools *self)
{
  return gq_devtools_mutations_get_rows (self->mutations);
}

GListModel *
_gq_devtools_get_timeline_rows (GqDevtools *self)
{
  GtkWidget *list = _gq_devtools_get_part (self, "timeline_list");

  return gtk_list_view_get_model (GTK_LIST_VIEW (list)) ?
         G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))) : NULL;
}

GListModel *
_gq_devtools_get_data_rows (GqDevtools *self)
{
  return gq_devtools_details_get_data_rows (self->details);
}

guint
_gq_devtools_get_status_count (GqDevtools       *self,
                               GqDevtoolsStatus  status)
{
  g_return_val_if_fail (status < GQ_DEVTOOLS_N_STATUSES, 0);

  return gq_devtools_queries_get_counts (self->queries)[status];
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
  return gq_devtools_details_get_field (self->details, field);
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
