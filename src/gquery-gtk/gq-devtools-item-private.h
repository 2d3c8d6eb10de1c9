/* gq-devtools-item-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gquery.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/* TanStack devtools' query status label, in its precedence order. */
typedef enum
{
  GQ_DEVTOOLS_STATUS_FRESH,
  GQ_DEVTOOLS_STATUS_FETCHING,
  GQ_DEVTOOLS_STATUS_PAUSED,
  GQ_DEVTOOLS_STATUS_STALE,
  GQ_DEVTOOLS_STATUS_INACTIVE,
  GQ_DEVTOOLS_N_STATUSES,
} GqDevtoolsStatus;

GqDevtoolsStatus gq_devtools_status_of       (GqQuery          *query);
const char      *gq_devtools_status_label    (GqDevtoolsStatus  status);
/* The CSS class of the status colour: "fresh", "fetching", ... */
const char      *gq_devtools_status_name     (GqDevtoolsStatus  status);
/* TanStack's status sort rank: fetching or paused 0, fresh 1, stale 2,
 * inactive 3. */
int              gq_devtools_status_rank     (GqDevtoolsStatus  status);

/* Local time of a millisecond timestamp on the client's scheduler clock. */
char            *gq_devtools_format_time     (gint64            ms);

/* Shared by the views' rows */

/* Whether @haystack contains @needle, ignoring case; an empty @needle
 * is in every string. */
gboolean            gq_devtools_contains_folded  (const char  *haystack,
                                                  const char  *needle);
/* Replaces the status CSS class @widget got from this function. */
void                gq_devtools_set_status_class (GtkWidget   *widget,
                                                  const char  *name);
GtkListItemFactory *gq_devtools_factory_new      (GCallback    setup,
                                                  GCallback    bind,
                                                  GCallback    unbind,
                                                  gpointer     data);
/* Unbind handler of the rows that follow their item's ::changed. */
void                gq_devtools_row_unbind       (GtkSignalListItemFactory *factory,
                                                  GtkListItem              *list_item,
                                                  gpointer                  user_data);

/* A row of the queries view: a query and what its row shows, refreshed
 * in batches. */
#define GQ_TYPE_DEVTOOLS_QUERY_ITEM (gq_devtools_query_item_get_type ())

G_DECLARE_FINAL_TYPE (GqDevtoolsQueryItem, gq_devtools_query_item, GQ, DEVTOOLS_QUERY_ITEM, GObject)

GqDevtoolsQueryItem *gq_devtools_query_item_new          (GqQuery             *query);
GqQuery             *gq_devtools_query_item_get_query    (GqDevtoolsQueryItem *self);
const char          *gq_devtools_query_item_get_hash     (GqDevtoolsQueryItem *self);
GqDevtoolsStatus     gq_devtools_query_item_get_status   (GqDevtoolsQueryItem *self);
guint                gq_devtools_query_item_get_observer_count (GqDevtoolsQueryItem *self);
gint64               gq_devtools_query_item_get_updated_at (GqDevtoolsQueryItem *self);
gboolean             gq_devtools_query_item_get_disabled (GqDevtoolsQueryItem *self);
/* Reads the query again; emits ::changed and returns TRUE if the row's
 * fields changed. */
gboolean             gq_devtools_query_item_refresh      (GqDevtoolsQueryItem *self);

/* A row of the mutations view. */
#define GQ_TYPE_DEVTOOLS_MUTATION_ITEM (gq_devtools_mutation_item_get_type ())

G_DECLARE_FINAL_TYPE (GqDevtoolsMutationItem, gq_devtools_mutation_item, GQ, DEVTOOLS_MUTATION_ITEM, GObject)

GqDevtoolsMutationItem *gq_devtools_mutation_item_new       (GqMutation             *mutation);
GqMutation             *gq_devtools_mutation_item_get_mutation (GqDevtoolsMutationItem *self);
void                    gq_devtools_mutation_item_changed   (GqDevtoolsMutationItem *self);

/* An entry of the timeline. */
#define GQ_TYPE_DEVTOOLS_EVENT (gq_devtools_event_get_type ())

G_DECLARE_FINAL_TYPE (GqDevtoolsEvent, gq_devtools_event, GQ, DEVTOOLS_EVENT, GObject)

GqDevtoolsEvent *gq_devtools_event_new      (gint64           time,
                                             const char      *query_hash,
                                             const char      *kind,
                                             const char      *detail);
gint64           gq_devtools_event_get_time (GqDevtoolsEvent *self);
const char      *gq_devtools_event_get_hash (GqDevtoolsEvent *self);
const char      *gq_devtools_event_get_kind (GqDevtoolsEvent *self);
const char      *gq_devtools_event_get_detail (GqDevtoolsEvent *self);

G_END_DECLS
