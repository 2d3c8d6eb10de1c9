/* gq-demo-faults.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Each request draws twice from a GRand seeded with the fault seed, one
 * draw for failing and one for dropping, whatever the rates are, so the
 * n-th request meets the same fate in every run with that seed. */

#include "gq-demo-faults.h"

struct _GqDemoFaults
{
  GMutex  mutex;
  guint   latency_ms;
  double  failure_rate;
  double  drop_rate;
  GRand  *rand;
};

GqDemoFaults *
gq_demo_faults_new (void)
{
  GqDemoFaults *faults = g_new0 (GqDemoFaults, 1);

  g_mutex_init (&faults->mutex);
  faults->rand = g_rand_new_with_seed (0);

  return faults;
}

void
gq_demo_faults_free (GqDemoFaults *faults)
{
  if (faults == NULL)
    return;

  g_rand_free (faults->rand);
  g_mutex_clear (&faults->mutex);
  g_free (faults);
}

/* Restarts the sequence from @seed. */
void
gq_demo_faults_configure (GqDemoFaults *faults,
                          guint         latency_ms,
                          double        failure_rate,
                          double        drop_rate,
                          guint32       seed)
{
  g_mutex_lock (&faults->mutex);
  faults->latency_ms = latency_ms;
  faults->failure_rate = CLAMP (failure_rate, 0.0, 1.0);
  faults->drop_rate = CLAMP (drop_rate, 0.0, 1.0);
  g_rand_set_seed (faults->rand, seed);
  g_mutex_unlock (&faults->mutex);
}

GqDemoFault
gq_demo_faults_next (GqDemoFaults *faults)
{
  GqDemoFault fault;
  double fail_draw;
  double drop_draw;

  g_mutex_lock (&faults->mutex);
  fail_draw = g_rand_double (faults->rand);
  drop_draw = g_rand_double (faults->rand);
  fault.latency_ms = faults->latency_ms;
  fault.fail = fail_draw < faults->failure_rate;
  fault.drop = !fault.fail && drop_draw < faults->drop_rate;
  g_mutex_unlock (&faults->mutex);

  return fault;
}
