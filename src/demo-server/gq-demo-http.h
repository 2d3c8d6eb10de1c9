/* gq-demo-http.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "gq-demo-reply.h"
#include "gq-demo-store.h"

G_BEGIN_DECLS

void         gq_demo_http_add_common_headers  (SoupServerMessage *msg);
void         gq_demo_http_respond_preflight   (SoupServerMessage *msg);
guint        gq_demo_http_get_requested_delay (SoupServerMessage *msg);
GqDemoReply *gq_demo_http_route               (SoupServerMessage *msg,
                                               GqDemoStore       *store,
                                               const char        *fallback_host);
void         gq_demo_http_set_reply           (SoupServerMessage *msg,
                                               GqDemoReply       *reply);
void         gq_demo_http_drop_connection     (SoupServerMessage *msg,
                                               GqDemoReply       *reply);

G_END_DECLS
