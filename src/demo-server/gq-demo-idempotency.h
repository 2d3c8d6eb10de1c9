/* gq-demo-idempotency.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-demo-reply.h"

G_BEGIN_DECLS

#define GQ_DEMO_IDEMPOTENCY_CAPACITY 10000

/* The first reply to each Idempotency-Key, the oldest forgotten first. */
typedef struct _GqDemoIdempotency GqDemoIdempotency;

GqDemoIdempotency *gq_demo_idempotency_new         (guint               capacity);
void               gq_demo_idempotency_free        (GqDemoIdempotency  *table);
guint              gq_demo_idempotency_get_size    (GqDemoIdempotency  *table);
gboolean           gq_demo_idempotency_contains    (GqDemoIdempotency  *table,
                                                    const char         *key);
GqDemoReply       *gq_demo_idempotency_replay      (GqDemoIdempotency  *table,
                                                    const char         *key,
                                                    const char         *fingerprint);
void               gq_demo_idempotency_remember    (GqDemoIdempotency  *table,
                                                    const char         *key,
                                                    const char         *fingerprint,
                                                    GqDemoReply        *reply);
JsonNode          *gq_demo_idempotency_to_json     (GqDemoIdempotency  *table);
gboolean           gq_demo_idempotency_load_json   (GqDemoIdempotency  *table,
                                                    JsonNode           *node,
                                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqDemoIdempotency, gq_demo_idempotency_free)

G_END_DECLS
