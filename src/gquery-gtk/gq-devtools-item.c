/* gq-devtools-item.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gq-devtools-item-private.h"

GqDevtoolsStatus
gq_devtools_status_of (GqQuery *query)
{
  GqQueryState *state = gq_query_get_state (query);
  GqFetchStatus fetch_status = gq_query_state_get_fetch_status (state);

  if (fetch_status == GQ_FETCH_STATUS_FETCHING)
    return GQ_DEVTOOLS_STATUS_FETCHING;
  if (gq_query_get_observer_count (query) == 0)
    return GQ_DEVTOOLS_STATUS_INACTIVE;
  if (fetch_status == GQ_FETCH_STATUS_PAUSED)
    return GQ_DEVTOOLS_STATUS_PAUSED;
  if (gq_query_is_stale (query))
    return GQ_DEVTOOLS_STATUS_STALE;
  return GQ_DEVTOOLS_STATUS_FRESH;
}

const char *
gq_devtools_status_label (GqDevtoolsStatus status)
{
  switch (status)
    {
    case GQ_DEVTOOLS_STATUS_FRESH:    return C_("query status", "Fresh");
    case GQ_DEVTOOLS_STATUS_FETCHING: return C_("query status", "Fetching");
    case GQ_DEVTOOLS_STATUS_PAUSED:   return C_("query status", "Paused");
    case GQ_DEVTOOLS_STATUS_STALE:    return C_("query status", "Stale");
    case GQ_DEVTOOLS_STATUS_INACTIVE: return C_("query status", "Inactive");
    case GQ_DEVTOOLS_N_STATUSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
gq_devtools_status_name (GqDevtoolsStatus status)
{
  static const char * const names[] = { "fresh", "fetching", "paused", "stale", "inactive" };

  g_return_val_if_fail (status < GQ_DEVTOOLS_N_STATUSES, NULL);

  return names[status];
}

int
gq_devtools_status_rank (GqDevtoolsStatus status)
{
  switch (status)
    {
    case GQ_DEVTOOLS_STATUS_FETCHING:
    case GQ_DEVTOOLS_STATUS_PAUSED:   return 0;
    case GQ_DEVTOOLS_STATUS_FRESH:    return 1;
    case GQ_DEVTOOLS_STATUS_STALE:    return 2;
    case GQ_DEVTOOLS_STATUS_INACTIVE:
    case GQ_DEVTOOLS_N_STATUSES:
    default:                          return 3;
    }
}

char *
gq_devtools_format_time (gint64 ms)
{
  static GTimeZone *local;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (ms <= 0)
    return g_strdup (_("Never"));

  /* g_date_time_new_from_unix_local() reads the zone file at each call:
   * once per row bound is too often. */
  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_time_zone_new_local ());

  utc = g_date_time_new_from_unix_utc (ms / 1000);
  if (utc != NULL)
    time = g_date_time_to_timezone (utc, local);
  if (time == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, ms);

  return g_date_time_format (time, "%X");
}

/* Shared by the views' rows */

gboolean
gq_devtools_contains_folded (const char *haystack,
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

void
gq_devtools_set_status_class (GtkWidget  *widget,
                              const char *name)
{
  const char *previous = g_object_get_data (G_OBJECT (widget), "gq-status-class");

  if (previous != NULL)
    gtk_widget_remove_css_class (widget, previous);
  if (name != NULL)
    gtk_widget_add_css_class (widget, name);
  g_object_set_data (G_OBJECT (widget), "gq-status-class", (gpointer) name);
}

GtkListItemFactory *
gq_devtools_factory_new (GCallback setup,
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

void
gq_devtools_row_unbind (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        gpointer                  user_data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "gq-changed-id"));

  if (item != NULL && id != 0)
    g_signal_handler_disconnect (item, id);
  g_object_set_data (G_OBJECT (list_item), "gq-changed-id", NULL);
}

/* Query item */

struct _GqDevtoolsQueryItem
{
  GObject           parent_instance;

  GqQuery          *query;
  GqDevtoolsStatus  status;
  guint             observer_count;
  gint64            updated_at;
  gboolean          disabled;
};

G_DEFINE_FINAL_TYPE (GqDevtoolsQueryItem, gq_devtools_query_item, G_TYPE_OBJECT)

enum {
  QUERY_CHANGED,
  N_QUERY_SIGNALS
};

static guint query_signals[N_QUERY_SIGNALS];

static void
gq_devtools_query_item_finalize (GObject *object)
{
  GqDevtoolsQueryItem *self = (GqDevtoolsQueryItem *) object;

  g_clear_object (&self->query);

  G_OBJECT_CLASS (gq_devtools_query_item_parent_class)->finalize (object);
}

static void
gq_devtools_query_item_class_init (GqDevtoolsQueryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gq_devtools_query_item_finalize;

  query_signals[QUERY_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gq_devtools_query_item_init (GqDevtoolsQueryItem *self)
{
}

static gboolean
read_query (GqDevtoolsQueryItem *self)
{
  GqDevtoolsStatus status = gq_devtools_status_of (self->query);
  guint observer_count = gq_query_get_observer_count (self->query);
  gint64 updated_at = gq_query_state_get_data_updated_at (gq_query_get_state (self->query));
  gboolean disabled = gq_query_is_disabled (self->query);
  gboolean changed;

  changed = status != self->status || observer_count != self->observer_count ||
            updated_at != self->updated_at || disabled != self->disabled;
  self->status = status;
  self->observer_count = observer_count;
  self->updated_at = updated_at;
  self->disabled = disabled;

  return changed;
}

GqDevtoolsQueryItem *
gq_devtools_query_item_new (GqQuery *query)
{
  GqDevtoolsQueryItem *self = g_object_new (GQ_TYPE_DEVTOOLS_QUERY_ITEM, NULL);

  self->query = g_object_ref (query);
  read_query (self);

  return self;
}

gboolean
gq_devtools_query_item_refresh (GqDevtoolsQueryItem *self)
{
  if (!read_query (self))
    return FALSE;

  g_signal_emit (self, query_signals[QUERY_CHANGED], 0);
  return TRUE;
}

GqQuery *
gq_devtools_query_item_get_query (GqDevtoolsQueryItem *self)
{
  return self->query;
}

const char *
gq_devtools_query_item_get_hash (GqDevtoolsQueryItem *self)
{
  return gq_query_get_query_hash (self->query);
}

GqDevtoolsStatus
gq_devtools_query_item_get_status (GqDevtoolsQueryItem *self)
{
  return self->status;
}

guint
gq_devtools_query_item_get_observer_count (GqDevtoolsQueryItem *self)
{
  return self->observer_count;
}

gint64
gq_devtools_query_item_get_updated_at (GqDevtoolsQueryItem *self)
{
  return self->updated_at;
}

gboolean
gq_devtools_query_item_get_disabled (GqDevtoolsQueryItem *self)
{
  return self->disabled;
}

/* Mutation item */

struct _GqDevtoolsMutationItem
{
  GObject     parent_instance;

  GqMutation *mutation;
};

G_DEFINE_FINAL_TYPE (GqDevtoolsMutationItem, gq_devtools_mutation_item, G_TYPE_OBJECT)

enum {
  MUTATION_CHANGED,
  N_MUTATION_SIGNALS
};

static guint mutation_signals[N_MUTATION_SIGNALS];

static void
gq_devtools_mutation_item_finalize (GObject *object)
{
  GqDevtoolsMutationItem *self = (GqDevtoolsMutationItem *) object;

  g_clear_object (&self->mutation);

  G_OBJECT_CLASS (gq_devtools_mutation_item_parent_class)->finalize (object);
}

static void
gq_devtools_mutation_item_class_init (GqDevtoolsMutationItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gq_devtools_mutation_item_finalize;

  mutation_signals[MUTATION_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gq_devtools_mutation_item_init (GqDevtoolsMutationItem *self)
{
}

GqDevtoolsMutationItem *
gq_devtools_mutation_item_new (GqMutation *mutation)
{
  GqDevtoolsMutationItem *self = g_object_new (GQ_TYPE_DEVTOOLS_MUTATION_ITEM, NULL);

  self->mutation = g_object_ref (mutation);

  return self;
}

GqMutation *
gq_devtools_mutation_item_get_mutation (GqDevtoolsMutationItem *self)
{
  return self->mutation;
}

void
gq_devtools_mutation_item_changed (GqDevtoolsMutationItem *self)
{
  g_signal_emit (self, mutation_signals[MUTATION_CHANGED], 0);
}

/* Timeline event */

struct _GqDevtoolsEvent
{
  GObject  parent_instance;

  gint64   time;
  char    *hash;
  char    *kind;
  char    *detail;
};

G_DEFINE_FINAL_TYPE (GqDevtoolsEvent, gq_devtools_event, G_TYPE_OBJECT)

static void
gq_devtools_event_finalize (GObject *object)
{
  GqDevtoolsEvent *self = (GqDevtoolsEvent *) object;

  g_free (self->hash);
  g_free (self->kind);
  g_free (self->detail);

  G_OBJECT_CLASS (gq_devtools_event_parent_class)->finalize (object);
}

static void
gq_devtools_event_class_init (GqDevtoolsEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gq_devtools_event_finalize;
}

static void
gq_devtools_event_init (GqDevtoolsEvent *self)
{
}

GqDevtoolsEvent *
gq_devtools_event_new (gint64      time,
                       const char *query_hash,
                       const char *kind,
                       const char *detail)
{
  GqDevtoolsEvent *self = g_object_new (GQ_TYPE_DEVTOOLS_EVENT, NULL);

  self->time = time;
  self->hash = g_strdup (query_hash);
  self->kind = g_strdup (kind);
  self->detail = g_strdup (detail);

  return self;
}

gint64
gq_devtools_event_get_time (GqDevtoolsEvent *self)
{
  return self->time;
}

const char *
gq_devtools_event_get_hash (GqDevtoolsEvent *self)
{
  return self->hash;
}

const char *
gq_devtools_event_get_kind (GqDevtoolsEvent *self)
{
  return self->kind;
}

const char *
gq_devtools_event_get_detail (GqDevtoolsEvent *self)
{
  return self->detail;
}
