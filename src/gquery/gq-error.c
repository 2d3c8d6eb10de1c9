/* gq-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-error.h"

/**
 * gq_error_quark:
 *
 * Gets the error domain of the gquery engine, [error@Gq.Error].
 *
 * Returns: the quark of [const@Gq.ERROR]
 */
G_DEFINE_QUARK (gq-error-quark, gq_error)

/**
 * gq_http_error_quark:
 *
 * Gets the error domain of HTTP failures, [error@Gq.HttpError], whose
 * error codes are HTTP status codes.
 *
 * Returns: the quark of [const@Gq.HTTP_ERROR]
 */
G_DEFINE_QUARK (gq-http-error-quark, gq_http_error)
