/* gq-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-error.h"
#include "gq-json.h"

/**
 * gq_error_quark:
 *
 * Gets the error domain of the gquery engine, [error@Gq.Error].
 *
 * Returns: the quark of [const@Gq.ERROR]
 */
G_DEFINE_QUARK (gq-error-quark, gq_error)

/* What an HTTP error carries besides its code: GLib's extended error
 * domains (2.68) keep it in the GError allocation itself, so it survives
 * g_error_copy () through the engine. */
typedef struct
{
  char     *reason_phrase;
  char     *server_message;
  JsonNode *body;
  gint64    retry_after;
} GqHttpErrorPrivate;

static GqHttpErrorPrivate *
http_error_get_private (const GError *error)
{
  /* The layout g_error_domain_register_static () allocates: the private
   * data, aligned to two words, right before the GError. */
  const gsize alignment = 2 * sizeof (gsize);
  const gsize offset = (sizeof (GqHttpErrorPrivate) + (alignment - 1)) & -alignment;

  return (GqHttpErrorPrivate *) (((guint8 *) error) - offset);
}

static void
http_error_private_init (GError *error)
{
  GqHttpErrorPrivate *priv = http_error_get_private (error);

  priv->retry_after = -1;
}

static void
http_error_private_copy (const GError *src_error,
                         GError       *dest_error)
{
  const GqHttpErrorPrivate *src = http_error_get_private (src_error);
  GqHttpErrorPrivate *dest = http_error_get_private (dest_error);

  dest->reason_phrase = g_strdup (src->reason_phrase);
  dest->server_message = g_strdup (src->server_message);
  dest->body = src->body ? json_node_ref (src->body) : NULL;
  dest->retry_after = src->retry_after;
}

static void
http_error_private_clear (GError *error)
{
  GqHttpErrorPrivate *priv = http_error_get_private (error);

  g_clear_pointer (&priv->reason_phrase, g_free);
  g_clear_pointer (&priv->server_message, g_free);
  g_clear_pointer (&priv->body, json_node_unref);
}

/**
 * gq_http_error_quark:
 *
 * Gets the error domain of HTTP failures, [error@Gq.HttpError], whose
 * error codes are HTTP status codes.
 *
 * Returns: the quark of [const@Gq.HTTP_ERROR]
 */
GQuark
gq_http_error_quark (void)
{
  static GQuark quark;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      quark = g_error_domain_register_static ("gq-http-error-quark",
                                              sizeof (GqHttpErrorPrivate),
                                              http_error_private_init,
                                              http_error_private_copy,
                                              http_error_private_clear);
      g_once_init_leave (&initialized, 1);
    }

  return quark;
}

/* An error of the domain made before the domain was registered (by code
 * that names it by its string) would have no private data to read: register
 * it when the library loads. */
__attribute__((constructor)) static void
register_http_error_domain (void)
{
  gq_http_error_quark ();
}

static const GqHttpErrorPrivate *
peek_http_error (const GError *error)
{
  if (error == NULL || error->domain != GQ_HTTP_ERROR)
    return NULL;

  return http_error_get_private (error);
}

/**
 * gq_http_error_new:
 * @status: the HTTP status, or 0 ([enum@Gq.HttpError.NETWORK]) when no
 *   response came
 * @reason_phrase: (nullable): the response's reason phrase, or the
 *   network failure's message
 * @server_message: (nullable): the message the server gave in its error
 *   body
 * @body: (nullable): the error body, when it was JSON
 * @retry_after: the wait the server asked for in `Retry-After`, in
 *   milliseconds, or -1
 *
 * Makes an error of [const@Gq.HTTP_ERROR] whose code is @status. Its
 * message is @server_message when there is one, so a user reads what the
 * server said, else the status and @reason_phrase.
 *
 * Returns: (transfer full): the error
 */
GError *
gq_http_error_new (guint       status,
                   const char *reason_phrase,
                   const char *server_message,
                   JsonNode   *body,
                   gint64      retry_after)
{
  GqHttpErrorPrivate *priv;
  GError *error;

  g_return_val_if_fail (retry_after >= -1, NULL);

  if (server_message != NULL && server_message[0] != '\0')
    error = g_error_new_literal (GQ_HTTP_ERROR, status, server_message);
  else if (status == GQ_HTTP_ERROR_NETWORK)
    error = g_error_new_literal (GQ_HTTP_ERROR, status,
                                 reason_phrase ? reason_phrase : "Network error");
  else
    error = g_error_new (GQ_HTTP_ERROR, status, "HTTP %u%s%s", status,
                         reason_phrase ? " " : "",
                         reason_phrase ? reason_phrase : "");

  priv = http_error_get_private (error);
  priv->reason_phrase = g_strdup (reason_phrase);
  if (server_message != NULL && server_message[0] != '\0')
    priv->server_message = g_strdup (server_message);
  if (body != NULL)
    priv->body = gq_json_seal_copy (body);
  priv->retry_after = retry_after;

  return error;
}

/**
 * gq_http_error_get_status:
 * @error: an error
 *
 * Gets the HTTP status of an HTTP error.
 *
 * Returns: the status; 0 for a network failure or an error of another
 *   domain
 */
guint
gq_http_error_get_status (const GError *error)
{
  if (peek_http_error (error) == NULL || error->code < 0)
    return 0;

  return error->code;
}

/**
 * gq_http_error_get_reason_phrase:
 * @error: an error
 *
 * Gets the reason phrase of the response an HTTP error comes from.
 *
 * Returns: (nullable): the reason phrase
 */
const char *
gq_http_error_get_reason_phrase (const GError *error)
{
  const GqHttpErrorPrivate *priv = peek_http_error (error);

  return priv ? priv->reason_phrase : NULL;
}

/**
 * gq_http_error_get_server_message:
 * @error: an error
 *
 * Gets the message the server gave in the body of its error response: a
 * JSON body's `message` or `error` member (or `error.message`, `detail`,
 * `title`).
 *
 * Returns: (nullable): the server's message
 */
const char *
gq_http_error_get_server_message (const GError *error)
{
  const GqHttpErrorPrivate *priv = peek_http_error (error);

  return priv ? priv->server_message : NULL;
}

/**
 * gq_http_error_get_body:
 * @error: an error
 *
 * Gets the JSON body of the error response, such as PostgREST's
 * `{"code", "message", "details", "hint"}`.
 *
 * Returns: (transfer none) (nullable): the sealed body, %NULL when it was
 *   not JSON
 */
JsonNode *
gq_http_error_get_body (const GError *error)
{
  const GqHttpErrorPrivate *priv = peek_http_error (error);

  return priv ? priv->body : NULL;
}

/**
 * gq_http_error_get_retry_after:
 * @error: an error
 *
 * Gets the wait the server asked for in the `Retry-After` header of its
 * response (a 429 or 503, typically). The engine's default retry delay
 * waits at least this long, up to a minute.
 *
 * Returns: milliseconds, or -1 when the server asked for nothing
 */
gint64
gq_http_error_get_retry_after (const GError *error)
{
  const GqHttpErrorPrivate *priv = peek_http_error (error);

  return priv ? priv->retry_after : -1;
}

/**
 * gq_http_error_is_retryable:
 * @error: an error
 *
 * Tells whether trying again may help: network failures, 408 Request
 * Timeout, 429 Too Many Requests and 5xx server errors may pass on a
 * retry; other 4xx errors are the request's fault and will not. Errors of
 * [const@Gq.ERROR] (malformed JSON, a body too large, an invalid key),
 * %G_TLS_ERROR (a certificate that does not validate will not validate
 * on the next try) and cancellation are not retryable; errors of other
 * domains are, as TanStack retries any failure.
 *
 * Returns: %TRUE if a retry may succeed
 */
gboolean
gq_http_error_is_retryable (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain == GQ_HTTP_ERROR)
    return error->code == GQ_HTTP_ERROR_NETWORK ||
           error->code == GQ_HTTP_ERROR_REQUEST_TIMEOUT ||
           error->code == GQ_HTTP_ERROR_TOO_MANY_REQUESTS ||
           (error->code >= 500 && error->code < 600);

  if (error->domain == GQ_ERROR || error->domain == G_TLS_ERROR)
    return FALSE;

  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}
