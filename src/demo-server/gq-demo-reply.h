/* gq-demo-reply.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a request produced, before it becomes an HTTP response: the
 * status, the JSON body and the few headers the routes add. */
typedef struct
{
  guint       status;
  JsonNode   *body;
  GPtrArray  *headers;  /* alternating names and values */
} GqDemoReply;

GqDemoReply *gq_demo_reply_new        (guint         status,
                                       JsonNode     *body);
GqDemoReply *gq_demo_reply_new_error  (guint         status,
                                       const char   *field,
                                       const char   *format,
                                       ...) G_GNUC_PRINTF (3, 4);
void         gq_demo_reply_add_header (GqDemoReply  *reply,
                                       const char   *name,
                                       const char   *value);
const char  *gq_demo_reply_get_header (GqDemoReply  *reply,
                                       const char   *name);
void         gq_demo_reply_free       (GqDemoReply  *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqDemoReply, gq_demo_reply_free)

G_END_DECLS
