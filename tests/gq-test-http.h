/* gq-test-http.h: a loopback HTTP server on its own thread, for the
 * integration tests of the HTTP source
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "gq-test-util.h"

G_BEGIN_DECLS

/* How long a test waits for the network before failing, in µs: generous,
 * as valgrind slows everything down. Waits end as soon as the condition
 * holds. */
#define GQ_TEST_HTTP_TIMEOUT ((gint64) 120 * G_USEC_PER_SEC)

typedef struct _GqTestHttpServer GqTestHttpServer;

/* What the server saw of one request. */
typedef struct
{
  char               *method;
  char               *path;
  char               *query;          /* raw, or NULL */
  SoupMessageHeaders *headers;
  GBytes             *body;
  guint16             remote_port;
} GqTestHttpRequest;

/* Handlers run on the server's thread. */
GqTestHttpServer  *gq_test_http_server_new          (void);
/* @path matches itself and everything under it ("/todos" matches
 * "/todos/5"); the longest match wins. Add handlers before starting. */
void               gq_test_http_server_add_handler  (GqTestHttpServer   *server,
                                                     const char         *path,
                                                     SoupServerCallback  callback,
                                                     gpointer            user_data);
void               gq_test_http_server_start        (GqTestHttpServer   *server);
/* Stops the thread and frees everything. */
void               gq_test_http_server_free         (GqTestHttpServer   *server);
/* "http://127.0.0.1:PORT", no trailing slash. */
const char        *gq_test_http_server_get_uri      (GqTestHttpServer   *server);
GMainContext      *gq_test_http_server_get_context  (GqTestHttpServer   *server);
guint              gq_test_http_server_count        (GqTestHttpServer   *server);
/* (transfer full) a copy of the index-th request's record. */
GqTestHttpRequest *gq_test_http_server_get_request  (GqTestHttpServer   *server,
                                                     guint               index);
void               gq_test_http_request_free        (GqTestHttpRequest  *request);

/* Sets a JSON response (@json may be NULL for no body). */
void               gq_test_http_respond             (SoupServerMessage  *message,
                                                     guint               status,
                                                     const char         *json);

/* One iteration of the thread-default main context, failing the test once
 * @deadline (monotonic µs) has passed. */
void               gq_test_http_iterate             (gint64              deadline);

#define gq_test_http_wait_for(condition) G_STMT_START { \
  gint64 __deadline = g_get_monotonic_time () + GQ_TEST_HTTP_TIMEOUT; \
  while (!(condition)) \
    gq_test_http_iterate (__deadline); \
} G_STMT_END

/* Records every log message (all levels) so tests can assert what was and
 * was not logged; call once at the start of main (). */
void               gq_test_http_capture_logs        (void);
/* (transfer full) the messages logged since the last call, joined by
 * newlines. */
char              *gq_test_http_take_logs           (void);

/* Before start: serve HTTPS with @certificate (and its private key). */
void               gq_test_http_server_set_tls_certificate (GqTestHttpServer *server,
                                                            GTlsCertificate  *certificate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqTestHttpServer, gq_test_http_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqTestHttpRequest, gq_test_http_request_free)

G_END_DECLS
