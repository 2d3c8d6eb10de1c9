/* fuzz-rest-decode.c: what the HTTP source reads from a response, on
 * arbitrary bytes: the body as JSON (and as an error body), the Link,
 * Content-Range and Retry-After headers, and the page object built from
 * them in each pagination style
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "gquery.h"
#include "gq-rest-private.h"
#include "gq-fuzz.h"

static GqRestSource *source;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *header = NULL;
  g_autofree char *body_text = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GHashTable) links = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) first_page = NULL;
  g_autoptr(JsonNode) later_page = NULL;
  gint64 first, last, total;

  gq_fuzz_init ();
  if (source == NULL)
    source = gq_rest_source_new ("http://127.0.0.1:1/");

  gq_fuzz_split (data, size, &header, &body_text);

  /* The raw body, with its length: NULs and invalid UTF-8 included. */
  body = gq_json_parse ((const char *) data, (gssize) size, NULL);
  if (body != NULL)
    _gq_rest_body_error_message (body);
  g_clear_pointer (&body, json_node_unref);

  links = _gq_rest_parse_link (header);
  if (_gq_rest_parse_content_range (header, &first, &last, &total))
    g_assert_true (total >= -1);
  _gq_rest_parse_retry_after (header, (gint64) 1700000000 * G_USEC_PER_SEC);

  /* libsoup refuses header values with line breaks: so does the wire. */
  if (strpbrk (header, "\r\n") != NULL)
    return 0;

  body = gq_json_parse (body_text, -1, NULL);
  if (body == NULL)
    return 0;

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  soup_message_headers_replace (headers, "Link", header);
  soup_message_headers_replace (headers, "Content-Range", header);
  soup_message_headers_replace (headers, "X-Total-Count", header);

  first_page = json_node_init_null (json_node_alloc ());
  later_page = json_node_init_int (json_node_alloc (), 2);

  for (int style = GQ_REST_PAGINATION_JSON_SERVER; style <= GQ_REST_PAGINATION_CURSOR; style++)
    {
      gq_rest_source_set_pagination (source, style);
      for (guint i = 0; i < 2; i++)
        {
          JsonNode *param = i == 0 ? first_page : later_page;
          g_autoptr(JsonNode) page = NULL;
          g_autoptr(JsonNode) past_end = NULL;

          if (style != GQ_REST_PAGINATION_CURSOR && i == 0)
            continue;

          page = _gq_rest_page_wrap (source, style, body, headers, param, 20, NULL);
          if (page != NULL)
            g_assert_true (JSON_NODE_HOLDS_OBJECT (page));
          if (style == GQ_REST_PAGINATION_POSTGREST)
            past_end = _gq_rest_page_new_past_end (source, headers, param, 20);
        }
    }

  return 0;
}
