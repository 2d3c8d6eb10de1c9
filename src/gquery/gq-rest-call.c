/* gq-rest-call.c: one HTTP exchange, from sending to parsed JSON
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-rest-private.h"
#include "gq-error.h"
#include "gq-json.h"

/* A chunk per main-loop iteration: big enough to read fast, small enough
 * that appending it never stalls the loop. */
#define READ_CHUNK_SIZE      ((gsize) 64 * 1024)
/* An error body is read for its message only. */
#define MAX_ERROR_BODY_SIZE  ((gint64) 64 * 1024)

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *buffer;
  gsize         filled;
  /* The body's length when the response declares it as sent, else -1. */
  gint64        expected;
  gint64        limit;
  gint64        parse_threshold;
  gboolean      is_error;
  gboolean      at_eof;
  /* "GET http://host/path?query", never with credentials: built when an
   * error needs it. */
  char         *description;
} Call;

static guint threaded_parse_count;

static void read_next_chunk (GTask *task);

static const char *
call_get_description (Call *call)
{
  if (call->description == NULL)
    {
      g_autofree char *uri = g_uri_to_string_partial (soup_message_get_uri (call->message),
                                                      G_URI_HIDE_USERINFO);

      call->description = g_strdup_printf ("%s %s", soup_message_get_method (call->message), uri);
    }

  return call->description;
}

static void
call_free (gpointer data)
{
  Call *call = data;

  /* libsoup closes a body stream by reading the rest of the body, to keep
   * the connection; a body abandoned half-way (cancelled, too large) must
   * not be waited for: a cancelled close drops the connection instead. */
  if (call->stream != NULL && !g_input_stream_is_closed (call->stream))
    {
      g_autoptr(GCancellable) abort = NULL;

      if (!call->at_eof)
        {
          abort = g_cancellable_new ();
          g_cancellable_cancel (abort);
        }
      g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, abort, NULL, NULL);
    }

  g_clear_object (&call->stream);
  g_clear_object (&call->message);
  g_clear_pointer (&call->buffer, g_byte_array_unref);
  g_clear_pointer (&call->description, g_free);
  g_free (call);
}

guint
_gq_rest_call_get_threaded_parse_count (void)
{
  return g_atomic_int_get (&threaded_parse_count);
}

static GError *
network_error (Call         *call,
               const GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  /* A certificate that does not validate is not a network failure: it
   * stays a G_TLS_ERROR, is not retried and is never overridden here
   * (see gq_rest_source_trust_certificate ()). */
  if (error->domain == G_TLS_ERROR)
    {
      mapped = g_error_copy (error);
      g_prefix_error (&mapped, "%s: TLS certificate rejected: ", call_get_description (call));
      return mapped;
    }

  mapped = gq_http_error_new (GQ_HTTP_ERROR_NETWORK, error->message, NULL, NULL, -1);
  g_prefix_error (&mapped, "%s: ", call_get_description (call));

  return mapped;
}

static GError *
http_error (Call *call)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (call->message);
  g_autoptr(JsonNode) body = NULL;
  gint64 retry_after;

  if (call->filled > 0)
    body = gq_json_parse ((const char *) call->buffer->data, call->filled, NULL);

  retry_after = _gq_rest_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"),
                                            g_get_real_time ());

  return gq_http_error_new (soup_message_get_status (call->message),
                            soup_message_get_reason_phrase (call->message),
                            _gq_rest_body_error_message (body),
                            body,
                            retry_after);
}

static JsonNode *
parse_body (const char  *description,
            GBytes      *bytes,
            GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *node;

  if ((node = gq_json_parse (data, size, error)) == NULL)
    g_prefix_error (error, "Invalid JSON in the response to %s: ", description);

  return node;
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  const char *description = g_object_get_data (G_OBJECT (task), "description");
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_atomic_int_inc (&threaded_parse_count);

  if ((node = parse_body (description, task_data, &error)) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
on_parsed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if ((node = g_task_propagate_pointer (G_TASK (result), &error)) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
finish_body (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (call->is_error)
    {
      g_task_return_error (task, http_error (call));
      return;
    }

  if (call->filled == 0)
    {
      g_task_return_pointer (task, json_node_init_null (json_node_alloc ()),
                             (GDestroyNotify) json_node_unref);
      return;
    }

  g_byte_array_set_size (call->buffer, call->filled);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&call->buffer));

  if ((gint64) g_bytes_get_size (bytes) > call->parse_threshold)
    {
      g_autoptr(GTask) parse = g_task_new (NULL, g_task_get_cancellable (task), on_parsed,
                                           g_object_ref (task));

      g_task_set_source_tag (parse, parse_in_thread);
      g_task_set_task_data (parse, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      g_object_set_data_full (G_OBJECT (parse), "description",
                              g_strdup (call_get_description (call)), g_free);
      g_task_run_in_thread (parse, parse_in_thread);
      return;
    }

  if ((node = gq_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error)) == NULL)
    {
      g_prefix_error (&error, "Invalid JSON in the response to %s: ", call_get_description (call));
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n_read < 0)
    {
      /* A broken error body still tells the status. */
      if (call->is_error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_body (task);
      else
        g_task_return_error (task, network_error (call, error));
      return;
    }

  call->filled += n_read;

  if ((gint64) call->filled > call->limit)
    {
      if (call->is_error)
        {
          call->filled = call->limit;
          finish_body (task);
          return;
        }

      g_task_return_new_error (task, GQ_ERROR, GQ_ERROR_BODY_TOO_LARGE,
                               "The response to %s is larger than %" G_GINT64_FORMAT " bytes",
                               call_get_description (call), call->limit);
      return;
    }

  if (n_read == 0)
    {
      call->at_eof = TRUE;
      finish_body (task);
      return;
    }

  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  /* A body of a declared length fits the buffer, with a byte to spare
   * for the read that finds the end. */
  if (call->expected >= 0 && call->buffer->len > call->filled)
    {
      g_input_stream_read_async (call->stream,
                                 call->buffer->data + call->filled,
                                 call->buffer->len - call->filled,
                                 G_PRIORITY_DEFAULT,
                                 g_task_get_cancellable (task),
                                 on_read,
                                 task);
      return;
    }

  /* Whole chunks even near the limit: the body is known to be too large
   * one chunk later at worst, and libsoup's chunked decoder refuses reads
   * shorter than its boundary. */
  if (call->buffer->len < call->filled + READ_CHUNK_SIZE)
    g_byte_array_set_size (call->buffer, call->filled + READ_CHUNK_SIZE);

  g_input_stream_read_async (call->stream,
                             call->buffer->data + call->filled,
                             READ_CHUNK_SIZE,
                             G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task),
                             on_read,
                             task);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  gint64 content_length = -1;

  call->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (call->stream == NULL)
    {
      g_task_return_error (task, network_error (call, error));
      return;
    }

  headers = soup_message_get_response_headers (call->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    content_length = soup_message_headers_get_content_length (headers);

  call->is_error = !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (call->message));
  if (call->is_error)
    call->limit = MIN (call->limit, MAX_ERROR_BODY_SIZE);
  else if (content_length > call->limit)
    {
      g_task_return_new_error (task, GQ_ERROR, GQ_ERROR_BODY_TOO_LARGE,
                               "The response to %s is %" G_GINT64_FORMAT " bytes, "
                               "larger than %" G_GINT64_FORMAT,
                               call_get_description (call), content_length, call->limit);
      return;
    }

  /* A declared length of the body as sent (not compressed, which may grow
   * past it) sizes the buffer once, without a chunk's worth of room. */
  if (content_length >= 0 && content_length < call->limit &&
      soup_message_headers_get_one (headers, "Content-Encoding") == NULL)
    {
      call->expected = content_length;
      call->buffer = g_byte_array_sized_new (content_length + 1);
      g_byte_array_set_size (call->buffer, content_length + 1);
    }
  else
    {
      /* With room for the read that finds the end. */
      call->buffer = g_byte_array_sized_new (CLAMP (content_length, 0, call->limit) + READ_CHUNK_SIZE);
    }

  read_next_chunk (g_steal_pointer (&task));
}

void
_gq_rest_call_async (SoupSession         *session,
                     SoupMessage         *message,
                     gint64               max_body_size,
                     gint64               parse_threshold,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (max_body_size >= 0);

  call = g_new0 (Call, 1);
  call->message = g_object_ref (message);
  call->expected = -1;
  call->limit = max_body_size;
  call->parse_threshold = parse_threshold;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _gq_rest_call_async);
  g_task_set_task_data (task, call, call_free);

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, cancellable,
                           on_sent, g_steal_pointer (&task));
}

JsonNode *
_gq_rest_call_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
