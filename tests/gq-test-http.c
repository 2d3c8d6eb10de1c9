/* gq-test-http.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-http.h"

typedef struct
{
  char               *path;
  SoupServerCallback  callback;
  gpointer            user_data;
} Handler;

struct _GqTestHttpServer
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  GPtrArray    *handlers;
  char         *uri;

  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
  GPtrArray    *requests;
  GTlsCertificate *tls_certificate;
};

static void
handler_free (gpointer data)
{
  Handler *handler = data;

  g_free (handler->path);
  g_free (handler);
}

void
gq_test_http_request_free (GqTestHttpRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

GqTestHttpServer *
gq_test_http_server_new (void)
{
  GqTestHttpServer *server = g_new0 (GqTestHttpServer, 1);

  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->handlers = g_ptr_array_new_with_free_func (handler_free);
  server->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) gq_test_http_request_free);
  g_mutex_init (&server->mutex);
  g_cond_init (&server->cond);

  return server;
}

void
gq_test_http_server_add_handler (GqTestHttpServer   *server,
                                 const char         *path,
                                 SoupServerCallback  callback,
                                 gpointer            user_data)
{
  Handler *handler = g_new0 (Handler, 1);

  g_assert_null (server->thread);

  handler->path = g_strdup (path);
  handler->callback = callback;
  handler->user_data = user_data;
  g_ptr_array_add (server->handlers, handler);
}

static gboolean
path_matches (const char *handler_path,
              const char *path)
{
  gsize length = strlen (handler_path);

  return strncmp (handler_path, path, length) == 0 &&
         (path[length] == '\0' || path[length] == '/' || g_str_equal (handler_path, "/"));
}

static void
dispatch (SoupServer        *soup_server,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  GqTestHttpServer *server = user_data;
  GqTestHttpRequest *request = g_new0 (GqTestHttpRequest, 1);
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  GUri *uri = soup_server_message_get_uri (message);
  GSocketAddress *remote = soup_server_message_get_remote_address (message);
  Handler *best = NULL;

  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  request->body = soup_message_body_flatten (body);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    request->remote_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote));

  g_mutex_lock (&server->mutex);
  g_ptr_array_add (server->requests, request);
  g_mutex_unlock (&server->mutex);

  for (guint i = 0; i < server->handlers->len; i++)
    {
      Handler *handler = g_ptr_array_index (server->handlers, i);

      if (path_matches (handler->path, path) &&
          (best == NULL || strlen (handler->path) > strlen (best->path)))
        best = handler;
    }

  if (best == NULL)
    {
      gq_test_http_respond (message, 404, "{}");
      return;
    }

  best->callback (soup_server, message, path, query, best->user_data);
}

static gpointer
server_thread (gpointer data)
{
  GqTestHttpServer *server = data;
  g_autoptr(SoupServer) soup_server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);

  soup_server = soup_server_new ("server-header", "gq-test ",
                                 "tls-certificate", server->tls_certificate, NULL);
  soup_server_add_handler (soup_server, NULL, dispatch, server, NULL);
  soup_server_listen_local (soup_server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (server->tls_certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (soup_server);
  g_assert_nonnull (uris);

  g_mutex_lock (&server->mutex);
  server->uri = g_uri_to_string (uris->data);
  if (g_str_has_suffix (server->uri, "/"))
    server->uri[strlen (server->uri) - 1] = '\0';
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (server->loop);

  soup_server_disconnect (soup_server);
  g_clear_object (&soup_server);
  /* Let what the disconnection scheduled run and free itself. */
  while (g_main_context_iteration (server->context, FALSE))
    ;

  g_main_context_pop_thread_default (server->context);

  return NULL;
}

void
gq_test_http_server_start (GqTestHttpServer *server)
{
  server->thread = g_thread_new ("gq-test-http", server_thread, server);

  g_mutex_lock (&server->mutex);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->mutex);
  g_mutex_unlock (&server->mutex);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

void
gq_test_http_server_free (GqTestHttpServer *server)
{
  if (server->thread != NULL)
    {
      g_main_context_invoke (server->context, quit_loop, server->loop);
      g_thread_join (server->thread);
    }

  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_ptr_array_unref (server->handlers);
  g_ptr_array_unref (server->requests);
  g_free (server->uri);
  g_clear_object (&server->tls_certificate);
  g_mutex_clear (&server->mutex);
  g_cond_clear (&server->cond);
  g_free (server);
}

const char *
gq_test_http_server_get_uri (GqTestHttpServer *server)
{
  return server->uri;
}

GMainContext *
gq_test_http_server_get_context (GqTestHttpServer *server)
{
  return server->context;
}

guint
gq_test_http_server_count (GqTestHttpServer *server)
{
  guint count;

  g_mutex_lock (&server->mutex);
  count = server->requests->len;
  g_mutex_unlock (&server->mutex);

  return count;
}

GqTestHttpRequest *
gq_test_http_server_get_request (GqTestHttpServer *server,
                                 guint             index)
{
  GqTestHttpRequest *copy = g_new0 (GqTestHttpRequest, 1);
  GqTestHttpRequest *request;

  g_mutex_lock (&server->mutex);
  g_assert_cmpuint (index, <, server->requests->len);
  request = g_ptr_array_index (server->requests, index);
  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->query = g_strdup (request->query);
  copy->headers = soup_message_headers_ref (request->headers);
  copy->body = g_bytes_ref (request->body);
  copy->remote_port = request->remote_port;
  g_mutex_unlock (&server->mutex);

  return copy;
}

void
gq_test_http_respond (SoupServerMessage *message,
                      guint              status,
                      const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  if (json != NULL)
    soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                      json, strlen (json));
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_REMOVE;
}

void
gq_test_http_iterate (gint64 deadline)
{
  g_autoptr(GSource) timeout = NULL;

  if (g_get_monotonic_time () > deadline)
    g_error ("Timed out waiting for the network");

  /* Never block past the next check of the deadline. */
  timeout = g_timeout_source_new (50);
  g_source_set_callback (timeout, wake_up, NULL, NULL);
  g_source_attach (timeout, g_main_context_get_thread_default ());
  g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  g_source_destroy (timeout);
}

/* ---- logs ------------------------------------------------------------ */

static GMutex log_mutex;
static GString *log_text;

static GLogWriterOutput
capture_log (GLogLevelFlags   log_level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE"))
        {
          g_mutex_lock (&log_mutex);
          if (fields[i].length < 0)
            g_string_append (log_text, fields[i].value);
          else
            g_string_append_len (log_text, fields[i].value, fields[i].length);
          g_string_append_c (log_text, '\n');
          g_mutex_unlock (&log_mutex);
        }
    }

  /* Debug output would only clutter the test log. */
  if (log_level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
gq_test_http_capture_logs (void)
{
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_log, NULL, NULL);
}

char *
gq_test_http_take_logs (void)
{
  char *text;

  g_mutex_lock (&log_mutex);
  text = g_strdup (log_text->str);
  g_string_truncate (log_text, 0);
  g_mutex_unlock (&log_mutex);

  return text;
}

void
gq_test_http_server_set_tls_certificate (GqTestHttpServer *server,
                                         GTlsCertificate  *certificate)
{
  g_set_object (&server->tls_certificate, certificate);
}
