/* test-rest-util.c: the HTTP source's pieces without the network: key to
 * URI mapping, response header parsing, HTTP errors, retry rules and the
 * engine's Retry-After delay
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-test-util.h"

#include "gq-query-options-private.h"
#include "gq-rest-private.h"

/* ---- helpers ------------------------------------------------------- */

static char *
uri_of (GqRestSource *source,
        const char   *key_text)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = gq_rest_source_build_uri (source, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (uri);

  return g_uri_to_string (uri);
}

static void
assert_invalid_key (GqRestSource *source,
                    const char   *key_text)
{
  g_autoptr(JsonNode) key = gq_test_json (key_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = gq_rest_source_build_uri (source, key, &error);

  g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_KEY);
  g_assert_null (uri);
}

/* ---- key → URI ------------------------------------------------------ */

static void
test_key_path_segments (void)
{
  g_autoptr(GqRestSource) source = gq_rest_source_new ("http://example.com:8080");
  g_autoptr(GqRestSource) with_path = gq_rest_source_new ("https://example.com/api/v1/");
  g_autofree char *todos = uri_of (source, "[\"todos\"]");
  g_autofree char *nested = uri_of (source, "[\"posts\", 1, \"comments\"]");
  g_autofree char *escaped = uri_of (source, "[\"a/b c\", \"ü?#\"]");
  g_autofree char *number = uri_of (source, "[\"ratios\", 2.0, 0.5, -3]");
  g_autofree char *root = uri_of (source, "[]");
  g_autofree char *under = uri_of (with_path, "[\"todos\", 5]");
  g_autofree char *base = uri_of (with_path, "[]");

  g_assert_cmpstr (todos, ==, "http://example.com:8080/todos");
  g_assert_cmpstr (nested, ==, "http://example.com:8080/posts/1/comments");
  g_assert_cmpstr (escaped, ==, "http://example.com:8080/a%2Fb%20c/%C3%BC%3F%23");
  g_assert_cmpstr (number, ==, "http://example.com:8080/ratios/2/0.5/-3");
  g_assert_cmpstr (root, ==, "http://example.com:8080/");
  g_assert_cmpstr (under, ==, "https://example.com/api/v1/todos/5");
  g_assert_cmpstr (base, ==, "https://example.com/api/v1/");
}

static void
test_key_query_string (void)
{
  g_autoptr(GqRestSource) source = gq_rest_source_new ("http://h");
  g_autoptr(GqRestSource) with_query = gq_rest_source_new ("http://h/api?apikey=k");
  g_autofree char *page = uri_of (source, "[\"todos\", {\"page\": 2}]");
  g_autofree char *all = uri_of (source,
                                 "[\"todos\", {\"q\": \"a b&c=d\", \"done\": true, \"ratio\": 0.5,"
                                 " \"id\": [3, 1, null, \"x\"], \"skip\": null, \"_sort\": \"user,views\","
                                 " \"whole\": 4.0, \"off\": false}]");
  g_autofree char *only = uri_of (source, "[{\"q\": \"x\"}]");
  g_autofree char *base_query = uri_of (with_query, "[\"todos\", {\"a\": 1}]");
  g_autofree char *empty_array = uri_of (source, "[\"todos\", {\"id\": []}]");

  g_assert_cmpstr (page, ==, "http://h/todos?page=2");
  /* Sorted by name; an array repeats its parameter in array order. */
  g_assert_cmpstr (all, ==,
                   "http://h/todos?_sort=user%2Cviews&done=true&id=3&id=1&id=x&off=false"
                   "&q=a%20b%26c%3Dd&ratio=0.5&whole=4");
  g_assert_cmpstr (only, ==, "http://h/?q=x");
  g_assert_cmpstr (base_query, ==, "http://h/api/todos?apikey=k&a=1");
  g_assert_cmpstr (empty_array, ==, "http://h/todos");
}

static void
test_key_invalid (void)
{
  g_autoptr(GqRestSource) source = gq_rest_source_new ("http://h");
  g_autoptr(JsonNode) not_array = gq_test_json ("{\"todos\": 1}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  assert_invalid_key (source, "[\"todos\", true]");
  assert_invalid_key (source, "[\"todos\", null]");
  assert_invalid_key (source, "[\"todos\", [1, 2]]");
  assert_invalid_key (source, "[{\"a\": 1}, \"todos\"]");
  assert_invalid_key (source, "[\"todos\", {\"a\": {\"b\": 1}}]");
  assert_invalid_key (source, "[\"todos\", {\"a\": [[1]]}]");
  assert_invalid_key (source, "[\"todos\", \"\"]");
  assert_invalid_key (source, "[\"todos\", \"..\"]");
  assert_invalid_key (source, "[\".\"]");

  uri = gq_rest_source_build_uri (source, not_array, &error);
  g_assert_error (error, GQ_ERROR, GQ_ERROR_INVALID_KEY);
  g_assert_null (uri);
}

static void
test_key_page_params (void)
{
  g_autoptr(GqRestSource) source = gq_rest_source_new ("http://h");
  g_autoptr(GqRestTarget) target = NULL;
  g_autoptr(GqRestTarget) limited = NULL;
  g_autoptr(JsonNode) key = gq_test_json ("[\"todos\", {\"_sort\": \"id\", \"_page\": 9}]");
  g_autoptr(JsonNode) limited_key = gq_test_json ("[\"todos\", {\"_limit\": 5}]");
  g_autoptr(JsonNode) page = gq_test_json ("3");
  g_autoptr(JsonNode) bad_page = gq_test_json ("0");
  g_autoptr(GUri) base = g_uri_parse ("http://h", G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) limited_uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *limited_text = NULL;
  guint limit;

  target = _gq_rest_target_new_from_key (key, &error);
  g_assert_no_error (error);

  /* The page param replaces a page the key names; the page size is the
   * source's unless the key gives one. */
  g_assert_true (_gq_rest_page_prepare (source, target, page, &limit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (limit, ==, 20);
  uri = _gq_rest_target_to_uri (target, base);
  text = g_uri_to_string (uri);
  g_assert_cmpstr (text, ==, "http://h/todos?_limit=20&_page=3&_sort=id");

  limited = _gq_rest_target_new_from_key (limited_key, &error);
  g_assert_true (_gq_rest_page_prepare (source, limited, page, &limit, &error));
  g_assert_cmpuint (limit, ==, 5);
  limited_uri = _gq_rest_target_to_uri (limited, base);
  limited_text = g_uri_to_string (limited_uri);
  g_assert_cmpstr (limited_text, ==, "http://h/todos?_limit=5&_page=3");

  g_assert_false (_gq_rest_page_prepare (source, limited, bad_page, &limit, &error));
  g_assert_error (error, GQ_ERROR, GQ_ERROR_FAILED);
}

/* ---- headers -------------------------------------------------------- */

static void
test_parse_link (void)
{
  g_autoptr(GHashTable) links = NULL;
  g_autoptr(GHashTable) empty = NULL;
  g_autoptr(GHashTable) odd = NULL;

  /* json-server 0.17.4's, verbatim. */
  links = _gq_rest_parse_link ("<http://h/posts?_page=1&_limit=1>; rel=\"first\", "
                               "<http://h/posts?_page=1&_limit=1>; rel=\"prev\", "
                               "<http://h/posts?_page=3&_limit=1>; rel=\"next\", "
                               "<http://h/posts?_page=5&_limit=1>; rel=\"last\"");
  g_assert_cmpuint (g_hash_table_size (links), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (links, "first"), ==, "http://h/posts?_page=1&_limit=1");
  g_assert_cmpstr (g_hash_table_lookup (links, "prev"), ==, "http://h/posts?_page=1&_limit=1");
  g_assert_cmpstr (g_hash_table_lookup (links, "next"), ==, "http://h/posts?_page=3&_limit=1");
  g_assert_cmpstr (g_hash_table_lookup (links, "last"), ==, "http://h/posts?_page=5&_limit=1");

  empty = _gq_rest_parse_link ("");
  g_assert_cmpuint (g_hash_table_size (empty), ==, 0);

  /* Unquoted and multiple relations, other parameters, case. */
  odd = _gq_rest_parse_link ("<a>;rel=NEXT;title=\"x, y\" ,<b>; type=\"text/html\"; rel=\"prev first\"");
  g_assert_cmpuint (g_hash_table_size (odd), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (odd, "next"), ==, "a");
  g_assert_cmpstr (g_hash_table_lookup (odd, "prev"), ==, "b");
  g_assert_cmpstr (g_hash_table_lookup (odd, "first"), ==, "b");
}

static void
test_parse_content_range (void)
{
  gint64 first, last, total;

  g_assert_true (_gq_rest_parse_content_range ("0-24/3573458", &first, &last, &total));
  g_assert_cmpint (first, ==, 0);
  g_assert_cmpint (last, ==, 24);
  g_assert_cmpint (total, ==, 3573458);

  g_assert_true (_gq_rest_parse_content_range ("10-14/*", &first, &last, &total));
  g_assert_cmpint (first, ==, 10);
  g_assert_cmpint (last, ==, 14);
  g_assert_cmpint (total, ==, -1);

  g_assert_true (_gq_rest_parse_content_range ("*/0", &first, &last, &total));
  g_assert_cmpint (first, ==, -1);
  g_assert_cmpint (last, ==, -1);
  g_assert_cmpint (total, ==, 0);

  g_assert_true (_gq_rest_parse_content_range ("items 0-9/100", &first, &last, &total));
  g_assert_cmpint (first, ==, 0);
  g_assert_cmpint (last, ==, 9);
  g_assert_cmpint (total, ==, 100);

  g_assert_false (_gq_rest_parse_content_range ("9-0/100", &first, &last, &total));
  g_assert_cmpint (first, ==, -1);
  g_assert_false (_gq_rest_parse_content_range ("bytes", &first, &last, &total));
  g_assert_false (_gq_rest_parse_content_range ("0-9/lots", &first, &last, &total));
  g_assert_cmpint (total, ==, -1);
  g_assert_false (_gq_rest_parse_content_range (NULL, &first, &last, &total));
}

static void
test_parse_retry_after (void)
{
  /* Sun, 06 Nov 1994 08:49:37 GMT */
  const gint64 now = G_GINT64_CONSTANT (784111777) * G_USEC_PER_SEC;

  g_assert_cmpint (_gq_rest_parse_retry_after ("120", now), ==, 120000);
  g_assert_cmpint (_gq_rest_parse_retry_after (" 0 ", now), ==, 0);
  g_assert_cmpint (_gq_rest_parse_retry_after ("Sun, 06 Nov 1994 08:50:07 GMT", now), ==, 30000);
  g_assert_cmpint (_gq_rest_parse_retry_after ("Sun, 06 Nov 1994 08:49:00 GMT", now), ==, 0);
  /* Clamped to a day. */
  g_assert_cmpint (_gq_rest_parse_retry_after ("99999999999999", now), ==, 24 * 3600 * 1000);
  g_assert_cmpint (_gq_rest_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (_gq_rest_parse_retry_after ("-5", now), ==, -1);
  g_assert_cmpint (_gq_rest_parse_retry_after (NULL, now), ==, -1);
}

static void
test_body_error_message (void)
{
  static const struct {
    const char *body;
    const char *message;
  } cases[] = {
    { "{\"message\": \"Todo 7 does not exist\"}", "Todo 7 does not exist" },
    { "{\"error\": \"bad input\", \"message\": \"\"}", "bad input" },
    { "{\"error\": {\"code\": 4, \"message\": \"nested\"}}", "nested" },
    { "{\"code\": \"PGRST103\", \"message\": \"Requested range not satisfiable\", \"details\": \"d\"}",
      "Requested range not satisfiable" },
    { "{\"type\": \"about:blank\", \"title\": \"Gone\", \"detail\": \"Deleted yesterday\"}", "Deleted yesterday" },
    { "{\"title\": \"Gone\"}", "Gone" },
    { "{}", NULL },
    { "{\"message\": 5}", NULL },
    { "[\"message\"]", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) body = gq_test_json (cases[i].body);

      g_assert_cmpstr (_gq_rest_body_error_message (body), ==, cases[i].message);
    }

  g_assert_null (_gq_rest_body_error_message (NULL));
}

/* ---- HTTP errors ---------------------------------------------------- */

static void
test_http_error_carries_response (void)
{
  g_autoptr(JsonNode) body = gq_test_json ("{\"message\": \"Todo 7 does not exist\", \"id\": 7}");
  g_autoptr(GError) error = gq_http_error_new (404, "Not Found", "Todo 7 does not exist", body, -1);
  g_autoptr(GError) copy = g_error_copy (error);
  g_autoptr(GError) plain = gq_http_error_new (503, "Service Unavailable", NULL, NULL, 5000);
  g_autoptr(GError) network = gq_http_error_new (0, "Connection refused", NULL, NULL, -1);
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_assert_error (error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Todo 7 does not exist");
  g_assert_cmpuint (gq_http_error_get_status (error), ==, 404);
  g_assert_cmpstr (gq_http_error_get_reason_phrase (error), ==, "Not Found");
  g_assert_cmpstr (gq_http_error_get_server_message (error), ==, "Todo 7 does not exist");
  gq_assert_json (gq_http_error_get_body (error), "{\"message\": \"Todo 7 does not exist\", \"id\": 7}");
  g_assert_cmpint (gq_http_error_get_retry_after (error), ==, -1);

  /* A copy (the engine copies every error it stores) keeps it all. */
  g_assert_error (copy, GQ_HTTP_ERROR, 404);
  g_assert_cmpstr (gq_http_error_get_reason_phrase (copy), ==, "Not Found");
  g_assert_cmpstr (gq_http_error_get_server_message (copy), ==, "Todo 7 does not exist");
  g_assert_true (gq_http_error_get_body (copy) == gq_http_error_get_body (error));

  g_assert_cmpstr (plain->message, ==, "HTTP 503 Service Unavailable");
  g_assert_null (gq_http_error_get_server_message (plain));
  g_assert_null (gq_http_error_get_body (plain));
  g_assert_cmpint (gq_http_error_get_retry_after (plain), ==, 5000);

  g_assert_error (network, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NETWORK);
  g_assert_cmpstr (network->message, ==, "Connection refused");
  g_assert_cmpuint (gq_http_error_get_status (network), ==, 0);

  g_assert_cmpuint (gq_http_error_get_status (other), ==, 0);
  g_assert_null (gq_http_error_get_reason_phrase (other));
  g_assert_null (gq_http_error_get_server_message (other));
  g_assert_null (gq_http_error_get_body (other));
  g_assert_cmpint (gq_http_error_get_retry_after (other), ==, -1);
}

static void
test_http_error_retryable (void)
{
  static const struct {
    guint status;
    gboolean retryable;
  } cases[] = {
    { 0, TRUE }, { 400, FALSE }, { 401, FALSE }, { 403, FALSE }, { 404, FALSE },
    { 408, TRUE }, { 409, FALSE }, { 416, FALSE }, { 422, FALSE }, { 429, TRUE },
    { 500, TRUE }, { 502, TRUE }, { 503, TRUE }, { 504, TRUE }, { 599, TRUE },
  };
  g_autoptr(GError) invalid_json = g_error_new_literal (GQ_ERROR, GQ_ERROR_INVALID_JSON, "x");
  g_autoptr(GError) too_large = g_error_new_literal (GQ_ERROR, GQ_ERROR_BODY_TOO_LARGE, "x");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "x");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = gq_http_error_new (cases[i].status, NULL, NULL, NULL, -1);

      g_assert_cmpint (gq_http_error_is_retryable (error), ==, cases[i].retryable);
    }

  g_assert_false (gq_http_error_is_retryable (invalid_json));
  g_assert_false (gq_http_error_is_retryable (too_large));
  g_assert_false (gq_http_error_is_retryable (cancelled));
  g_assert_true (gq_http_error_is_retryable (io));
}

static void
test_retry_func (void)
{
  g_autoptr(GqRestSource) source = gq_rest_source_new ("http://h");
  g_autoptr(GError) unavailable = gq_http_error_new (503, NULL, NULL, NULL, -1);
  g_autoptr(GError) not_found = gq_http_error_new (404, NULL, NULL, NULL, -1);
  g_autoptr(GError) slow_down = gq_http_error_new (429, NULL, NULL, NULL, 60000);
  g_autoptr(GError) go_away = gq_http_error_new (429, NULL, NULL, NULL, 60001);

  /* Three retries by default, as TanStack's default retry. */
  g_assert_true (gq_rest_source_retry_func (0, unavailable, source));
  g_assert_true (gq_rest_source_retry_func (2, unavailable, source));
  g_assert_false (gq_rest_source_retry_func (3, unavailable, source));
  g_assert_true (gq_rest_source_retry_func (2, unavailable, NULL));
  g_assert_false (gq_rest_source_retry_func (3, unavailable, NULL));

  g_assert_false (gq_rest_source_retry_func (0, not_found, source));
  g_assert_true (gq_rest_source_retry_func (0, slow_down, source));
  g_assert_false (gq_rest_source_retry_func (0, go_away, source));

  gq_rest_source_set_retry (source, 0);
  g_assert_false (gq_rest_source_retry_func (0, unavailable, source));
  gq_rest_source_set_retry (source, -1);
  g_assert_true (gq_rest_source_retry_func (100000, unavailable, source));
  g_assert_false (gq_rest_source_retry_func (0, not_found, source));
}

/* ---- the engine's retry delay and options --------------------------- */

static void
test_retry_delay_honours_retry_after (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) fixed = gq_query_options_new (NULL);
  g_autoptr(GError) five_seconds = gq_http_error_new (503, NULL, NULL, NULL, 5000);
  g_autoptr(GError) half_second = gq_http_error_new (503, NULL, NULL, NULL, 500);
  g_autoptr(GError) two_minutes = gq_http_error_new (429, NULL, NULL, NULL, 120000);
  g_autoptr(GError) none = gq_http_error_new (503, NULL, NULL, NULL, -1);

  /* At least what the server asked, never less than the backoff. */
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 0, five_seconds), ==, 5000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 3, five_seconds), ==, 8000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 0, half_second), ==, 1000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 0, none), ==, 1000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 0, NULL), ==, 1000);
  /* Capped at a minute. */
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 0, two_minutes), ==, 60000);

  gq_query_options_set_retry_delay (fixed, 100);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (fixed, 0, five_seconds), ==, 5000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (fixed, 0, none), ==, 100);
  gq_query_options_set_retry_delay (fixed, 10000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (fixed, 0, five_seconds), ==, 10000);
}

static gboolean
always_retry (guint         failure_count,
              const GError *error,
              gpointer      user_data)
{
  return TRUE;
}

static gint64
fixed_delay (guint         failure_count,
             const GError *error,
             gpointer      user_data)
{
  return 7;
}

static void
test_retry_count_replaces_default_func (void)
{
  g_autoptr(GqQueryOptions) defaults = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) query = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) untouched = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) merged = NULL;
  g_autoptr(GqQueryOptions) kept = NULL;
  g_autoptr(GError) error = gq_http_error_new (503, NULL, NULL, NULL, -1);

  gq_query_options_set_retry_func (defaults, always_retry, NULL, NULL);
  gq_query_options_set_retry_delay_func (defaults, fixed_delay, NULL, NULL);

  /* TanStack's retry is one option: a query's `retry: 0` beats the
   * client's default retry function, its delay beats the delay function. */
  gq_query_options_set_retry (query, 0);
  gq_query_options_set_retry_delay (query, 50);
  merged = _gq_query_options_merge (defaults, query);
  g_assert_false (_gq_query_options_should_retry (merged, 0, error, 3));
  g_assert_cmpint (_gq_query_options_compute_retry_delay (merged, 0, error), ==, 50);

  kept = _gq_query_options_merge (defaults, untouched);
  g_assert_true (_gq_query_options_should_retry (kept, 10, error, 3));
  g_assert_cmpint (_gq_query_options_compute_retry_delay (kept, 0, error), ==, 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/Rest/Key/path-segments", test_key_path_segments);
  g_test_add_func ("/Gq/Rest/Key/query-string", test_key_query_string);
  g_test_add_func ("/Gq/Rest/Key/invalid", test_key_invalid);
  g_test_add_func ("/Gq/Rest/Key/page-params", test_key_page_params);
  g_test_add_func ("/Gq/Rest/Headers/link", test_parse_link);
  g_test_add_func ("/Gq/Rest/Headers/content-range", test_parse_content_range);
  g_test_add_func ("/Gq/Rest/Headers/retry-after", test_parse_retry_after);
  g_test_add_func ("/Gq/Rest/Headers/error-message", test_body_error_message);
  g_test_add_func ("/Gq/Rest/HttpError/carries-response", test_http_error_carries_response);
  g_test_add_func ("/Gq/Rest/HttpError/retryable", test_http_error_retryable);
  g_test_add_func ("/Gq/Rest/Retry/source-retry-func", test_retry_func);
  g_test_add_func ("/Gq/Rest/Retry/delay-honours-retry-after", test_retry_delay_honours_retry_after);
  g_test_add_func ("/Gq/Rest/Retry/count-replaces-default-func", test_retry_count_replaces_default_func);

  return g_test_run ();
}
