/* gq-demo-router.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-demo-reply.h"
#include "gq-demo-store.h"

G_BEGIN_DECLS

#define GQ_DEMO_MAX_BODY_SIZE (10 * 1024 * 1024)

/* A request as the router sees it: raw (still escaped) path and query,
 * the Host to build absolute URLs from, and the body. */
typedef struct
{
  const char *method;
  const char *path;
  const char *query;
  const char *host;
  const char *content_type;
  const char *idempotency_key;
  GBytes     *body;
} GqDemoRequest;

gboolean     gq_demo_router_is_collection_route (GqDemoStore          *store,
                                                 const char           *path);
GqDemoReply *gq_demo_router_handle              (GqDemoStore          *store,
                                                 const GqDemoRequest  *request);

G_END_DECLS
