/* gq-manual-scheduler.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-scheduler.h"

G_BEGIN_DECLS

#define GQ_TYPE_MANUAL_SCHEDULER (gq_manual_scheduler_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqManualScheduler, gq_manual_scheduler, GQ, MANUAL_SCHEDULER, GqScheduler)

GQ_AVAILABLE_IN_ALL
GqScheduler *gq_manual_scheduler_new         (gint64             start_ms);
GQ_AVAILABLE_IN_ALL
void         gq_manual_scheduler_advance     (GqManualScheduler *self,
                                              gint64             ms);
GQ_AVAILABLE_IN_ALL
void         gq_manual_scheduler_flush       (GqManualScheduler *self);
GQ_AVAILABLE_IN_ALL
void         gq_manual_scheduler_run_all     (GqManualScheduler *self);
GQ_AVAILABLE_IN_ALL
guint        gq_manual_scheduler_get_pending (GqManualScheduler *self);

G_END_DECLS
