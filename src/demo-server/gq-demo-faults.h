/* gq-demo-faults.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What happens to one request. */
typedef struct
{
  guint    latency_ms;
  gboolean fail;
  gboolean drop;
} GqDemoFault;

/* Seeded fault injection, safe to configure from any thread. */
typedef struct _GqDemoFaults GqDemoFaults;

GqDemoFaults *gq_demo_faults_new       (void);
void          gq_demo_faults_free      (GqDemoFaults *faults);
void          gq_demo_faults_configure (GqDemoFaults *faults,
                                        guint         latency_ms,
                                        double        failure_rate,
                                        double        drop_rate,
                                        guint32       seed);
GqDemoFault   gq_demo_faults_next      (GqDemoFaults *faults);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqDemoFaults, gq_demo_faults_free)

G_END_DECLS
