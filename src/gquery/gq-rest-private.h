/* gq-rest-private.h: the pieces of the HTTP source, testable alone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "gq-types.h"
#include "gq-rest-source.h"

G_BEGIN_DECLS

/* ---- key → request (gq-rest-util.c) --------------------------------- */

/* Where a request goes: path segments (unescaped) under the base URI and
 * query parameters (name, value pairs, unescaped, in insertion order). */
typedef struct
{
  GPtrArray *segments;
  GPtrArray *params;
} GqRestTarget;

GqRestTarget *_gq_rest_target_new          (void);
void          _gq_rest_target_free         (GqRestTarget  *target);
/* Maps a key (or a mutation key) as gq_rest_source_query_func documents:
 * leading strings and numbers are path segments, a trailing object is the
 * query string. GQ_ERROR_INVALID_KEY for anything else. */
GqRestTarget *_gq_rest_target_new_from_key (JsonNode      *key,
                                            GError       **error);
void          _gq_rest_target_add_segment  (GqRestTarget  *target,
                                            const char    *segment);
void          _gq_rest_target_add_param    (GqRestTarget  *target,
                                            const char    *name,
                                            const char    *value);
/* Replaces every value of @name with @value. */
void          _gq_rest_target_set_param    (GqRestTarget  *target,
                                            const char    *name,
                                            const char    *value);
/* The first value of @name, or NULL. */
const char   *_gq_rest_target_get_param    (GqRestTarget  *target,
                                            const char    *name);
/* The last path segment, or NULL. */
const char   *_gq_rest_target_get_last_segment (GqRestTarget *target);
/* @base's path joined with the escaped segments; the parameters sorted by
 * name (a stable sort: repeated names keep their order) and escaped. */
GUri         *_gq_rest_target_to_uri       (GqRestTarget  *target,
                                            GUri          *base);

/* A scalar's text in a URL: strings as they are, numbers as JavaScript
 * writes them, booleans as true/false. NULL for null and containers. */
char         *_gq_rest_scalar_to_string    (JsonNode      *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqRestTarget, _gq_rest_target_free)

/* ---- response headers (gq-rest-util.c) ------------------------------ */

/* RFC 8288 Link header: rel → URI (the first link of each relation). */
GHashTable   *_gq_rest_parse_link          (const char    *header);
/* "0-24/3573458", "items 0-24/<star>", "<star>/0": first and last are -1 when the
 * range is a star, total is -1 when it is a star. */
gboolean      _gq_rest_parse_content_range (const char    *header,
                                            gint64        *first,
                                            gint64        *last,
                                            gint64        *total);
/* Delta-seconds or an HTTP date (relative to @now_usec, real time in µs):
 * milliseconds, or -1 when absent or unreadable. */
gint64        _gq_rest_parse_retry_after   (const char    *header,
                                            gint64         now_usec);
/* The message of a JSON error body: "message", "error" (a string, or an
 * object with "message"), "detail", "title". */
const char   *_gq_rest_body_error_message  (JsonNode      *body);

/* ---- pagination (gq-rest-page.c) ----------------------------------- */

/* Adds to @target the parameters asking for the page @page_param in the
 * source's pagination style; @limit gets the page size asked for (0 when
 * the style leaves it to the server). */
gboolean      _gq_rest_page_prepare        (GqRestSource        *source,
                                            GqRestTarget        *target,
                                            JsonNode            *page_param,
                                            guint               *limit,
                                            GError             **error);
/* The page object {"items", "total", "next", "previous"} of a response
 * to a request prepared in the @pagination style. */
JsonNode     *_gq_rest_page_wrap           (GqRestSource        *source,
                                            GqRestPagination     pagination,
                                            JsonNode            *body,
                                            SoupMessageHeaders  *response_headers,
                                            JsonNode            *page_param,
                                            guint                limit,
                                            GError             **error);
/* PostgREST's 416 for an offset past the end: an empty last page. */
JsonNode     *_gq_rest_page_new_past_end   (GqRestSource        *source,
                                            SoupMessageHeaders  *response_headers,
                                            JsonNode            *page_param,
                                            guint                limit);

/* ---- the source's requests (gq-rest-source.c) ---------------------- */

/* A request to @target with the source's headers (Accept, Authorization)
 * and @body as JSON. */
SoupMessage  *_gq_rest_source_new_message  (GqRestSource        *source,
                                            const char          *method,
                                            GqRestTarget        *target,
                                            JsonNode            *body,
                                            GError             **error);
/* Sends with the source's session and limits; finish with
 * _gq_rest_call_finish (). */
void          _gq_rest_source_send         (GqRestSource        *source,
                                            SoupMessage         *message,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

/* ---- one exchange (gq-rest-call.c) ---------------------------------- */

/* Sends @message and reads its body: at most @max_body_size bytes
 * (GQ_ERROR_BODY_TOO_LARGE beyond), parsed on a worker thread when it is
 * larger than @parse_threshold. A non-2xx status is a GQ_HTTP_ERROR with
 * the server's message and Retry-After; a failure to talk to the server is
 * GQ_HTTP_ERROR_NETWORK; cancellation is G_IO_ERROR_CANCELLED. An empty
 * body is JSON null. */
void          _gq_rest_call_async          (SoupSession         *session,
                                            SoupMessage         *message,
                                            gint64               max_body_size,
                                            gint64               parse_threshold,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* (transfer full): the sealed body. */
JsonNode     *_gq_rest_call_finish         (GAsyncResult        *result,
                                            GError             **error);
/* How many bodies were parsed on a worker thread, for the tests. */
guint         _gq_rest_call_get_threaded_parse_count (void);

G_END_DECLS
