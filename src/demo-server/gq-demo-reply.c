/* gq-demo-reply.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-demo-reply.h"
#include "gq-demo-json.h"

/* Takes ownership of @body. */
GqDemoReply *
gq_demo_reply_new (guint     status,
                   JsonNode *body)
{
  GqDemoReply *reply = g_new0 (GqDemoReply, 1);

  reply->status = status;
  reply->body = body;
  reply->headers = g_ptr_array_new_with_free_func (g_free);

  return reply;
}

/* Errors are JSON too: {"error": "...", "status": N} and, when a field
 * of the record is at fault, "field". */
GqDemoReply *
gq_demo_reply_new_error (guint       status,
                         const char *field,
                         const char *format,
                         ...)
{
  g_autofree char *message = NULL;
  JsonObject *object = json_object_new ();
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_string_member (object, "error", message);
  json_object_set_int_member (object, "status", status);
  if (field != NULL)
    json_object_set_string_member (object, "field", field);

  return gq_demo_reply_new (status, gq_demo_json_take_object (object));
}

void
gq_demo_reply_add_header (GqDemoReply *reply,
                          const char  *name,
                          const char  *value)
{
  g_ptr_array_add (reply->headers, g_strdup (name));
  g_ptr_array_add (reply->headers, g_strdup (value));
}

const char *
gq_demo_reply_get_header (GqDemoReply *reply,
                          const char  *name)
{
  for (guint i = 0; i + 1 < reply->headers->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (reply->headers, i), name) == 0)
      return g_ptr_array_index (reply->headers, i + 1);

  return NULL;
}

void
gq_demo_reply_free (GqDemoReply *reply)
{
  if (reply == NULL)
    return;

  g_clear_pointer (&reply->body, json_node_unref);
  g_clear_pointer (&reply->headers, g_ptr_array_unref);
  g_free (reply);
}
