/* gq-error.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

/**
 * GQ_ERROR:
 *
 * The error domain of the gquery engine.
 */
#define GQ_ERROR (gq_error_quark ())

/**
 * GQ_HTTP_ERROR:
 *
 * The error domain of HTTP failures; the code is the HTTP status.
 */
#define GQ_HTTP_ERROR (gq_http_error_quark ())

/**
 * GqError:
 * @GQ_ERROR_FAILED: a failure with no better code
 * @GQ_ERROR_INVALID_KEY: a query key that is not a JSON array
 * @GQ_ERROR_UNDEFINED_DATA: a query function resolved without data
 * @GQ_ERROR_MISSING_QUERY_FUNC: a query has no query function
 * @GQ_ERROR_INVALID_JSON: JSON text that does not parse
 * @GQ_ERROR_CANCELLED_BY_RESET: unused; cancellation is %G_IO_ERROR_CANCELLED
 * @GQ_ERROR_INVALID_INFINITE_DATA: an infinite query's data has pages but
 *   no page parameters to go with them
 * @GQ_ERROR_MISSING_PAGE_PARAM_FUNC: an infinite query needs the
 *   parameter of its next page and has no function to compute it
 * @GQ_ERROR_MISSING_MUTATION_FUNC: a mutation has no mutation function, in
 *   its options nor in the client's mutation defaults
 * @GQ_ERROR_BODY_TOO_LARGE: a response body larger than the reader accepts
 *   (see [property@Gq.RestSource:max-body-size])
 * @GQ_ERROR_INVALID_DEHYDRATED_STATE: a dehydrated state that
 *   [func@Gq.hydrate] cannot read: not an object, or an entry with a
 *   missing or mistyped field
 *
 * The errors of %GQ_ERROR.
 */
typedef enum
{
  GQ_ERROR_FAILED,
  GQ_ERROR_INVALID_KEY,
  GQ_ERROR_UNDEFINED_DATA,
  GQ_ERROR_MISSING_QUERY_FUNC,
  GQ_ERROR_INVALID_JSON,
  GQ_ERROR_CANCELLED_BY_RESET,
  GQ_ERROR_INVALID_INFINITE_DATA,
  GQ_ERROR_MISSING_PAGE_PARAM_FUNC,
  GQ_ERROR_MISSING_MUTATION_FUNC,
  GQ_ERROR_BODY_TOO_LARGE,
  GQ_ERROR_INVALID_DEHYDRATED_STATE,
} GqError;

/**
 * GqHttpError:
 * @GQ_HTTP_ERROR_NETWORK: the request never got a response (connection
 *   refused or dropped, DNS, TLS)
 * @GQ_HTTP_ERROR_BAD_REQUEST: 400
 * @GQ_HTTP_ERROR_UNAUTHORIZED: 401
 * @GQ_HTTP_ERROR_FORBIDDEN: 403
 * @GQ_HTTP_ERROR_NOT_FOUND: 404
 * @GQ_HTTP_ERROR_REQUEST_TIMEOUT: 408
 * @GQ_HTTP_ERROR_CONFLICT: 409
 * @GQ_HTTP_ERROR_UNPROCESSABLE: 422
 * @GQ_HTTP_ERROR_TOO_MANY_REQUESTS: 429
 * @GQ_HTTP_ERROR_INTERNAL: 500
 * @GQ_HTTP_ERROR_BAD_GATEWAY: 502
 * @GQ_HTTP_ERROR_SERVICE_UNAVAILABLE: 503
 * @GQ_HTTP_ERROR_GATEWAY_TIMEOUT: 504
 *
 * The errors of %GQ_HTTP_ERROR. The code of an HTTP failure is its
 * status, whether or not this enumeration names it.
 *
 * An HTTP error made by gquery carries more than its code: the reason
 * phrase, the message the server gave in its error body, the body itself
 * and the wait the server asked for in `Retry-After`; read them with
 * [func@Gq.HttpError.get_server_message] and its siblings. Language
 * bindings copy a `GError` into their own error type and back, which keeps
 * the domain, code and message only: there the accessors see none of the
 * extras.
 */
typedef enum
{
  GQ_HTTP_ERROR_NETWORK             = 0,
  GQ_HTTP_ERROR_BAD_REQUEST         = 400,
  GQ_HTTP_ERROR_UNAUTHORIZED        = 401,
  GQ_HTTP_ERROR_FORBIDDEN           = 403,
  GQ_HTTP_ERROR_NOT_FOUND           = 404,
  GQ_HTTP_ERROR_REQUEST_TIMEOUT     = 408,
  GQ_HTTP_ERROR_CONFLICT            = 409,
  GQ_HTTP_ERROR_UNPROCESSABLE       = 422,
  GQ_HTTP_ERROR_TOO_MANY_REQUESTS   = 429,
  GQ_HTTP_ERROR_INTERNAL            = 500,
  GQ_HTTP_ERROR_BAD_GATEWAY         = 502,
  GQ_HTTP_ERROR_SERVICE_UNAVAILABLE = 503,
  GQ_HTTP_ERROR_GATEWAY_TIMEOUT     = 504,
} GqHttpError;

GQ_AVAILABLE_IN_ALL
GQuark gq_error_quark      (void);
GQ_AVAILABLE_IN_ALL
GQuark gq_http_error_quark (void);

GQ_AVAILABLE_IN_ALL
GError     *gq_http_error_new                (guint         status,
                                              const char   *reason_phrase,
                                              const char   *server_message,
                                              JsonNode     *body,
                                              gint64        retry_after);
GQ_AVAILABLE_IN_ALL
guint       gq_http_error_get_status         (const GError *error);
GQ_AVAILABLE_IN_ALL
const char *gq_http_error_get_reason_phrase  (const GError *error);
GQ_AVAILABLE_IN_ALL
const char *gq_http_error_get_server_message (const GError *error);
GQ_AVAILABLE_IN_ALL
JsonNode   *gq_http_error_get_body           (const GError *error);
GQ_AVAILABLE_IN_ALL
gint64      gq_http_error_get_retry_after    (const GError *error);
GQ_AVAILABLE_IN_ALL
gboolean    gq_http_error_is_retryable       (const GError *error);

G_END_DECLS
