/* gq-demo-http.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Between libsoup's messages and the router's replies: the headers every
 * response carries (json-server's CORS and no-cache), ETag revalidation,
 * and the mechanics of a dropped connection. */

#include "gq-demo-http.h"
#include "gq-demo-json.h"
#include "gq-demo-query.h"
#include "gq-demo-router.h"

#include <string.h>

/* json-server's CORS (the origin echoed, with credentials) and its
 * opting out of HTTP caching. */
void
gq_demo_http_add_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *origin = soup_message_headers_get_one (request_headers, "Origin");

  if (origin != NULL)
    {
      soup_message_headers_replace (headers, "Access-Control-Allow-Origin", origin);
      soup_message_headers_replace (headers, "Access-Control-Allow-Credentials", "true");
    }
  soup_message_headers_append (headers, "Vary", "Origin");
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
  soup_message_headers_replace (headers, "Expires", "-1");
}

void
gq_demo_http_respond_preflight (SoupServerMessage *msg)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *requested = soup_message_headers_get_one (request_headers, "Access-Control-Request-Headers");

  soup_message_headers_replace (headers, "Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
  if (requested != NULL)
    {
      soup_message_headers_replace (headers, "Access-Control-Allow-Headers", requested);
      soup_message_headers_append (headers, "Vary", "Access-Control-Request-Headers");
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Express's weak ETag: the body's length and SHA-1. */
static char *
compute_etag (const char *body,
              gsize       length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *encoded = NULL;
  guint8 digest[20];
  gsize digest_length = sizeof digest;

  g_checksum_update (checksum, (const guchar *) body, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  encoded = g_base64_encode (digest, digest_length);
  encoded[27] = '\0';

  return g_strdup_printf ("W/\"%" G_GSIZE_MODIFIER "x-%s\"", length, encoded);
}

static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) candidates = NULL;

  if (if_none_match == NULL)
    return FALSE;

  candidates = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      const char *candidate = g_strstrip (candidates[i]);

      if (g_str_equal (candidate, "*") || g_str_equal (candidate, etag)
          || g_str_equal (candidate, etag + 2))
        return TRUE;
    }

  return FALSE;
}

void
gq_demo_http_set_reply (SoupServerMessage *msg,
                        GqDemoReply       *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *body = NULL;
  gsize length;

  for (guint i = 0; i + 1 < reply->headers->len; i += 2)
    soup_message_headers_replace (headers,
                                  g_ptr_array_index (reply->headers, i),
                                  g_ptr_array_index (reply->headers, i + 1));

  body = gq_demo_json_serialize (reply->body, &length);

  if (reply->status == 200 && (g_str_equal (method, "GET") || g_str_equal (method, "HEAD")))
    {
      g_autofree char *etag = compute_etag (body, length);

      soup_message_headers_replace (headers, "ETag", etag);
      if (etag_matches (soup_message_headers_get_one (request_headers, "If-None-Match"), etag))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
    }

  soup_server_message_set_status (msg, reply->status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&body), length);
}

/* The Host the client asked for; without one (HTTP/1.0), @fallback,
 * the address the server listens on. */
static const char *
request_host (SoupServerMessage *msg,
              const char        *fallback)
{
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");

  return host != NULL && *host != '\0' ? host : fallback;
}

static const char *
effective_method (SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  const char *override = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                       "X-HTTP-Method-Override");

  if (override != NULL && g_str_equal (method, "POST"))
    return g_intern_string (override);

  return method;
}

/* Hands the request to the router. */
GqDemoReply *
gq_demo_http_route (SoupServerMessage *msg,
                    GqDemoStore       *store,
                    const char        *fallback_host)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  GqDemoRequest request = {
    .method = effective_method (msg),
    .path = g_uri_get_path (uri),
    .query = g_uri_get_query (uri),
    .host = request_host (msg, fallback_host),
    .content_type = soup_message_headers_get_one (request_headers, "Content-Type"),
    .idempotency_key = soup_message_headers_get_one (request_headers, "Idempotency-Key"),
    .body = body,
  };

  return gq_demo_router_handle (store, &request);
}

/* A dropped connection ends in the middle of the body: the headers say
 * how long it is, the client gets less (G_IO_ERROR_PARTIAL_INPUT in
 * libsoup). Dropping before any byte would not do: a client that saw
 * nothing on a reused keep-alive connection silently resends the
 * request (libsoup does for GET, PUT and DELETE), hiding the fault. */
void
gq_demo_http_drop_connection (SoupServerMessage *msg,
                              GqDemoReply       *reply)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autofree char *body = NULL;
  g_autoptr(GString) partial = NULL;
  gsize length;

  if (stream == NULL)
    return;

  body = gq_demo_json_serialize (reply->body, &length);
  partial = g_string_new (NULL);
  g_string_append_printf (partial,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json; charset=utf-8\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "\r\n",
                          reply->status, soup_status_get_phrase (reply->status), length);
  g_string_append_len (partial, body, MIN (length / 2, 4096));

  g_output_stream_write_all (g_io_stream_get_output_stream (stream),
                             partial->str, partial->len, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}


/* json-server's ?_delay=MS, at most ten minutes. */
guint
gq_demo_http_get_requested_delay (SoupServerMessage *msg)
{
  g_autoptr(GPtrArray) params = gq_demo_query_parse (g_uri_get_query (soup_server_message_get_uri (msg)));
  const char *delay = gq_demo_query_get_first (params, "_delay");
  gint64 value = 0;

  if (!gq_demo_js_parse_int (delay, &value))
    return 0;

  return CLAMP (value, 0, 10 * 60 * 1000);
}
