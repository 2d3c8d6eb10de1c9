/* gq-devtools-timeline-private.h: the devtools' Timeline view
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-devtools.h"

G_BEGIN_DECLS

typedef struct _GqDevtoolsTimeline GqDevtoolsTimeline;

/* Takes its widgets from @devtools' template. */
GqDevtoolsTimeline *gq_devtools_timeline_new              (GqDevtools         *devtools);
void                gq_devtools_timeline_free             (GqDevtoolsTimeline *self);
/* Compares @query with what it last saw and queues the events. */
void                gq_devtools_timeline_record           (GqDevtoolsTimeline *self,
                                                           GqCacheEventType    type,
                                                           GqQuery            *query);
/* Removals between these two are the devtools' own Remove. */
void                gq_devtools_timeline_begin_removal    (GqDevtoolsTimeline *self,
                                                           const char         *query_hash);
void                gq_devtools_timeline_end_removal      (GqDevtoolsTimeline *self);
/* Shows the queued events. */
void                gq_devtools_timeline_flush            (GqDevtoolsTimeline *self);
void                gq_devtools_timeline_clear            (GqDevtoolsTimeline *self);
/* The selected query changed: refilters when only its events show. */
void                gq_devtools_timeline_selection_changed (GqDevtoolsTimeline *self);

const char         *gq_devtools_reason_label              (GqFetchReason       reason);

G_END_DECLS
