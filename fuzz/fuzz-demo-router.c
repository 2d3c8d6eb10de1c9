/* fuzz-demo-router.c: the demo server's request handling on arbitrary
 * requests
 *
 * The input is "METHOD\0PATH\0QUERY\0CONTENT-TYPE\0IDEMPOTENCY-KEY\0BODY"
 * (missing parts are empty); the router answers it against a store of the
 * seeded data, as the server does for a request off the wire. Every
 * answer is a reply with a status and, but for 204 and 304, a JSON body.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "gq-demo-router.h"
#include "gq-fuzz.h"

static GqDemoStore *store;

/* The next NUL-terminated part of the input, or "" at its end. */
static char *
next_part (const uint8_t **data,
           size_t         *size)
{
  const uint8_t *nul = memchr (*data, '\0', *size);
  size_t length = nul ? (size_t) (nul - *data) : *size;
  char *part = g_strndup ((const char *) *data, length);

  *data += nul ? length + 1 : length;
  *size -= nul ? length + 1 : length;

  return part;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *idempotency_key = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GqDemoReply) reply = NULL;
  GqDemoRequest request = { 0 };

  gq_fuzz_init ();
  /* A small store, so that a listing stays fast; writes persist from one
   * input to the next, as on a real server. */
  if (store == NULL)
    {
      store = gq_demo_store_new (1, 1);
      g_assert_true (gq_demo_store_open_file (store, NULL, NULL));
    }

  method = next_part (&data, &size);
  path = next_part (&data, &size);
  query = next_part (&data, &size);
  content_type = next_part (&data, &size);
  idempotency_key = next_part (&data, &size);
  body = g_bytes_new (data, size);

  /* libsoup hands the router a method token and a path from "/". */
  if (*method == '\0' || path[0] != '/')
    return 0;

  request.method = method;
  request.path = path;
  request.query = *query ? query : NULL;
  request.host = "127.0.0.1:3000";
  request.content_type = *content_type ? content_type : NULL;
  request.idempotency_key = *idempotency_key ? idempotency_key : NULL;
  request.body = size > 0 ? body : NULL;

  reply = gq_demo_router_handle (store, &request);
  g_assert_nonnull (reply);
  g_assert_cmpuint (reply->status, >=, 200);
  g_assert_cmpuint (reply->status, <, 600);

  return 0;
}
