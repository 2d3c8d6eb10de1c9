/* gq-scheduler.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_SCHEDULER (gq_scheduler_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GqScheduler, gq_scheduler, GQ, SCHEDULER, GObject)

/**
 * GqSchedulerClass:
 * @parent_class: the parent class
 * @now: returns the current wall-clock time in milliseconds since the epoch
 * @add_timeout: calls a function once after a delay; returns a non-zero id
 * @remove: cancels a timeout that has not fired yet
 *
 * The virtual functions of a [class@Gq.Scheduler].
 */
struct _GqSchedulerClass
{
  GObjectClass parent_class;

  gint64 (*now)         (GqScheduler    *self);
  guint  (*add_timeout) (GqScheduler    *self,
                         gint64          delay_ms,
                         GSourceOnceFunc func,
                         gpointer        data,
                         GDestroyNotify  destroy);
  void   (*remove)      (GqScheduler    *self,
                         guint           id);

  /*< private >*/
  gpointer _reserved[8];
};

GQ_AVAILABLE_IN_ALL
GqScheduler *gq_scheduler_new         (void);
GQ_AVAILABLE_IN_ALL
GqScheduler *gq_scheduler_get_default (void);
GQ_AVAILABLE_IN_ALL
gint64       gq_scheduler_now         (GqScheduler    *self);
GQ_AVAILABLE_IN_ALL
guint        gq_scheduler_add_timeout (GqScheduler    *self,
                                       gint64          delay_ms,
                                       GSourceOnceFunc func,
                                       gpointer        data,
                                       GDestroyNotify  destroy);
GQ_AVAILABLE_IN_ALL
void         gq_scheduler_remove      (GqScheduler    *self,
                                       guint           id);

G_END_DECLS
