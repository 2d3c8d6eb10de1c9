/* test-options.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>

#include "gq-enum-types.h"
#include "gq-query-filters.h"
#include "gq-query-filters-private.h"
#include "gq-query-options.h"
#include "gq-query-options-private.h"
#include "gq-query-result.h"
#include "gq-query-result-private.h"
#include "gq-query-state.h"
#include "gq-query-state-private.h"

/* Never dereferenced: the options only hand these pointers through. */
#define FAKE_QUERY   ((GqQuery *) GSIZE_TO_POINTER (0x1000))
#define FAKE_CONTEXT ((GqFetchContext *) GSIZE_TO_POINTER (0x2000))

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static JsonNode *
parse_sealed (const char *text)
{
  JsonNode *node = parse (text);

  json_node_seal (node);

  return node;
}

static char *
to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
count_destroy (gpointer data)
{
  guint *count = data;

  (*count)++;
}

static JsonNode *
identity_select (JsonNode *data,
                 gpointer  user_data)
{
  return json_node_ref (data);
}

static JsonNode *
other_select (JsonNode *data,
              gpointer  user_data)
{
  return json_node_ref (data);
}

static void
dummy_query_func (GqFetchContext *context,
                  gpointer        user_data)
{
}

static gint64
dummy_duration (GqQuery  *query,
                gpointer  user_data)
{
  return 0;
}

/* GqQueryState */

static void
test_state_defaults (void)
{
  g_autoptr(GqQueryState) state = _gq_query_state_new ();

  g_assert_null (gq_query_state_get_data (state));
  g_assert_false (gq_query_state_has_data (state));
  g_assert_cmpuint (gq_query_state_get_data_update_count (state), ==, 0);
  g_assert_cmpint (gq_query_state_get_data_updated_at (state), ==, 0);
  g_assert_null (gq_query_state_get_error (state));
  g_assert_cmpuint (gq_query_state_get_error_update_count (state), ==, 0);
  g_assert_cmpint (gq_query_state_get_error_updated_at (state), ==, 0);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (state), ==, 0);
  g_assert_null (gq_query_state_get_fetch_failure_reason (state));
  g_assert_null (gq_query_state_get_fetch_meta (state));
  g_assert_false (gq_query_state_get_is_invalidated (state));
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_state_get_fetch_status (state), ==, GQ_FETCH_STATUS_IDLE);
}

static void
test_state_setters (void)
{
  g_autoptr(GqQueryState) state = _gq_query_state_new ();
  g_autoptr(JsonNode) data = parse_sealed ("[1,2,3]");
  g_autoptr(JsonNode) meta = parse_sealed ("{\"direction\":\"forward\"}");
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom");

  _gq_query_state_set_data (state, data);
  g_assert_true (gq_query_state_get_data (state) == data);
  g_assert_true (gq_query_state_has_data (state));

  _gq_query_state_set_error (state, error);
  g_assert_true (gq_query_state_get_error (state) != error);
  g_assert_error ((GError *) gq_query_state_get_error (state), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (gq_query_state_get_error (state)->message, ==, "boom");

  _gq_query_state_set_fetch_failure_reason (state, error);
  g_assert_error ((GError *) gq_query_state_get_fetch_failure_reason (state), G_IO_ERROR, G_IO_ERROR_FAILED);

  _gq_query_state_set_fetch_meta (state, meta);
  g_assert_true (gq_query_state_get_fetch_meta (state) == meta);

  /* Setting the value a field already holds keeps it. */
  _gq_query_state_set_error (state, gq_query_state_get_error (state));
  g_assert_cmpstr (gq_query_state_get_error (state)->message, ==, "boom");

  _gq_query_state_set_data (state, NULL);
  _gq_query_state_set_error (state, NULL);
  _gq_query_state_set_fetch_failure_reason (state, NULL);
  _gq_query_state_set_fetch_meta (state, NULL);
  g_assert_null (gq_query_state_get_data (state));
  g_assert_false (gq_query_state_has_data (state));
  g_assert_null (gq_query_state_get_error (state));
  g_assert_null (gq_query_state_get_fetch_failure_reason (state));
  g_assert_null (gq_query_state_get_fetch_meta (state));
}

static void
test_state_json_null_is_data (void)
{
  g_autoptr(GqQueryState) state = _gq_query_state_new ();
  g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);

  json_node_seal (null_node);
  _gq_query_state_set_data (state, null_node);

  g_assert_true (gq_query_state_has_data (state));
  g_assert_true (gq_query_state_get_data (state) == null_node);
}

static void
test_state_copy (void)
{
  g_autoptr(GqQueryState) state = _gq_query_state_new ();
  g_autoptr(GqQueryState) copy = NULL;
  g_autoptr(JsonNode) data = parse_sealed ("{\"a\":1}");
  g_autoptr(JsonNode) meta = parse_sealed ("\"m\"");
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "gone");
  g_autoptr(GError) reason = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "slow");

  _gq_query_state_set_data (state, data);
  _gq_query_state_set_error (state, error);
  _gq_query_state_set_fetch_failure_reason (state, reason);
  _gq_query_state_set_fetch_meta (state, meta);
  state->data_update_count = 4;
  state->data_updated_at = 1234;
  state->error_update_count = 2;
  state->error_updated_at = 5678;
  state->fetch_failure_count = 3;
  state->is_invalidated = TRUE;
  state->status = GQ_QUERY_STATUS_ERROR;
  state->fetch_status = GQ_FETCH_STATUS_PAUSED;

  copy = _gq_query_state_copy (state);

  g_assert_true (copy != state);
  g_assert_true (gq_query_state_get_data (copy) == data);
  g_assert_true (gq_query_state_get_fetch_meta (copy) == meta);
  g_assert_true (gq_query_state_get_error (copy) != gq_query_state_get_error (state));
  g_assert_error ((GError *) gq_query_state_get_error (copy), G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (gq_query_state_get_error (copy)->message, ==, "gone");
  g_assert_error ((GError *) gq_query_state_get_fetch_failure_reason (copy), G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpuint (gq_query_state_get_data_update_count (copy), ==, 4);
  g_assert_cmpint (gq_query_state_get_data_updated_at (copy), ==, 1234);
  g_assert_cmpuint (gq_query_state_get_error_update_count (copy), ==, 2);
  g_assert_cmpint (gq_query_state_get_error_updated_at (copy), ==, 5678);
  g_assert_cmpuint (gq_query_state_get_fetch_failure_count (copy), ==, 3);
  g_assert_true (gq_query_state_get_is_invalidated (copy));
  g_assert_cmpint (gq_query_state_get_status (copy), ==, GQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (gq_query_state_get_fetch_status (copy), ==, GQ_FETCH_STATUS_PAUSED);

  /* Editing the copy leaves the published state alone. */
  _gq_query_state_set_data (copy, NULL);
  copy->status = GQ_QUERY_STATUS_PENDING;
  g_assert_true (gq_query_state_get_data (state) == data);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_ERROR);

  /* The copy held its own reference on the data. */
  g_clear_pointer (&state, gq_query_state_unref);
  g_assert_true (json_node_get_object (data) != NULL);
}

static void
test_state_refcount (void)
{
  GqQueryState *state = _gq_query_state_new ();
  GqQueryState *boxed;

  g_assert_true (G_TYPE_IS_BOXED (GQ_TYPE_QUERY_STATE));
  g_assert_true (gq_query_state_ref (state) == state);

  /* The boxed copy is a new reference, not a new state. */
  boxed = g_boxed_copy (GQ_TYPE_QUERY_STATE, state);
  g_assert_true (boxed == state);

  g_boxed_free (GQ_TYPE_QUERY_STATE, boxed);
  gq_query_state_unref (state);
  g_assert_cmpint (gq_query_state_get_status (state), ==, GQ_QUERY_STATUS_PENDING);
  gq_query_state_unref (state);
}

static void
test_error_equal (void)
{
  g_autoptr(GError) a = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom");
  g_autoptr(GError) b = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom");
  g_autoptr(GError) other_message = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "bang");
  g_autoptr(GError) other_code = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "boom");
  g_autoptr(GError) other_domain = g_error_new_literal (G_FILE_ERROR, G_IO_ERROR_FAILED, "boom");

  g_assert_true (_gq_error_equal (NULL, NULL));
  g_assert_false (_gq_error_equal (a, NULL));
  g_assert_false (_gq_error_equal (NULL, a));
  g_assert_true (_gq_error_equal (a, a));
  g_assert_true (_gq_error_equal (a, b));
  g_assert_false (_gq_error_equal (a, other_message));
  g_assert_false (_gq_error_equal (a, other_code));
  g_assert_false (_gq_error_equal (a, other_domain));
}

/* GqQueryResult */

static void
test_result_defaults (void)
{
  g_autoptr(GqQueryResult) result = _gq_query_result_new ();

  g_assert_true (G_TYPE_IS_BOXED (GQ_TYPE_QUERY_RESULT));
  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (gq_query_result_get_fetch_status (result), ==, GQ_FETCH_STATUS_IDLE);
  g_assert_null (gq_query_result_get_data (result));
  g_assert_null (gq_query_result_get_error (result));
  g_assert_null (gq_query_result_get_failure_reason (result));
  g_assert_cmpint (gq_query_result_get_data_updated_at (result), ==, 0);
  g_assert_cmpint (gq_query_result_get_error_updated_at (result), ==, 0);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 0);
  g_assert_cmpuint (gq_query_result_get_error_update_count (result), ==, 0);
  g_assert_false (gq_query_result_get_is_pending (result));
  g_assert_false (gq_query_result_get_is_success (result));
  g_assert_false (gq_query_result_get_is_error (result));
  g_assert_false (gq_query_result_get_is_loading (result));
  g_assert_false (gq_query_result_get_is_loading_error (result));
  g_assert_false (gq_query_result_get_is_refetch_error (result));
  g_assert_false (gq_query_result_get_is_fetching (result));
  g_assert_false (gq_query_result_get_is_refetching (result));
  g_assert_false (gq_query_result_get_is_paused (result));
  g_assert_false (gq_query_result_get_is_stale (result));
  g_assert_false (gq_query_result_get_is_placeholder_data (result));
  g_assert_false (gq_query_result_get_is_fetched (result));
  g_assert_false (gq_query_result_get_is_fetched_after_mount (result));
  g_assert_false (gq_query_result_get_is_enabled (result));
  g_assert_false (gq_query_result_get_has_next_page (result));
  g_assert_false (gq_query_result_get_has_previous_page (result));
  g_assert_false (gq_query_result_get_is_fetching_next_page (result));
  g_assert_false (gq_query_result_get_is_fetching_previous_page (result));
  g_assert_false (gq_query_result_get_is_fetch_next_page_error (result));
  g_assert_false (gq_query_result_get_is_fetch_previous_page_error (result));
}

static void
test_result_getters (void)
{
  g_autoptr(GqQueryResult) result = _gq_query_result_new ();
  g_autoptr(JsonNode) data = parse_sealed ("[1]");
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "e");
  g_autoptr(GError) reason = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY, "r");

  result->status = GQ_QUERY_STATUS_SUCCESS;
  result->fetch_status = GQ_FETCH_STATUS_FETCHING;
  _gq_query_result_set_data (result, data);
  _gq_query_result_set_error (result, error);
  _gq_query_result_set_failure_reason (result, reason);
  result->data_updated_at = 11;
  result->error_updated_at = 22;
  result->failure_count = 3;
  result->error_update_count = 4;
  result->is_success = TRUE;
  result->is_fetching = TRUE;
  result->is_refetching = TRUE;
  result->is_stale = TRUE;
  result->is_fetched = TRUE;
  result->is_enabled = TRUE;
  result->has_next_page = TRUE;
  result->is_fetching_previous_page = TRUE;
  result->is_fetch_next_page_error = TRUE;

  g_assert_cmpint (gq_query_result_get_status (result), ==, GQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (gq_query_result_get_fetch_status (result), ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_true (gq_query_result_get_data (result) == data);
  g_assert_error ((GError *) gq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_error ((GError *) gq_query_result_get_failure_reason (result), G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_cmpint (gq_query_result_get_data_updated_at (result), ==, 11);
  g_assert_cmpint (gq_query_result_get_error_updated_at (result), ==, 22);
  g_assert_cmpuint (gq_query_result_get_failure_count (result), ==, 3);
  g_assert_cmpuint (gq_query_result_get_error_update_count (result), ==, 4);
  g_assert_true (gq_query_result_get_is_success (result));
  g_assert_true (gq_query_result_get_is_fetching (result));
  g_assert_true (gq_query_result_get_is_refetching (result));
  g_assert_true (gq_query_result_get_is_stale (result));
  g_assert_true (gq_query_result_get_is_fetched (result));
  g_assert_true (gq_query_result_get_is_enabled (result));
  g_assert_true (gq_query_result_get_has_next_page (result));
  g_assert_false (gq_query_result_get_has_previous_page (result));
  g_assert_false (gq_query_result_get_is_fetching_next_page (result));
  g_assert_true (gq_query_result_get_is_fetching_previous_page (result));
  g_assert_true (gq_query_result_get_is_fetch_next_page_error (result));
  g_assert_false (gq_query_result_get_is_fetch_previous_page_error (result));

  _gq_query_result_set_data (result, NULL);
  _gq_query_result_set_error (result, NULL);
  _gq_query_result_set_failure_reason (result, NULL);
  g_assert_null (gq_query_result_get_data (result));
  g_assert_null (gq_query_result_get_error (result));
  g_assert_null (gq_query_result_get_failure_reason (result));
}

static void
test_result_refcount (void)
{
  GqQueryResult *result = _gq_query_result_new ();
  GqQueryResult *boxed = g_boxed_copy (GQ_TYPE_QUERY_RESULT, result);

  g_assert_true (boxed == result);
  g_assert_true (gq_query_result_ref (result) == result);
  gq_query_result_unref (result);
  g_boxed_free (GQ_TYPE_QUERY_RESULT, boxed);
  gq_query_result_unref (result);
}

static void
test_result_equal_basic (void)
{
  g_autoptr(GqQueryResult) a = _gq_query_result_new ();
  g_autoptr(GqQueryResult) b = _gq_query_result_new ();

  g_assert_true (gq_query_result_equal (a, a));
  g_assert_true (gq_query_result_equal (a, b));
  g_assert_true (gq_query_result_equal (NULL, NULL));
  g_assert_false (gq_query_result_equal (a, NULL));
  g_assert_false (gq_query_result_equal (NULL, b));

  /* Flags compare by truth value. */
  a->is_pending = 1;
  b->is_pending = 2;
  g_assert_true (gq_query_result_equal (a, b));
}

static void
test_result_equal_data_by_pointer (void)
{
  g_autoptr(GqQueryResult) a = _gq_query_result_new ();
  g_autoptr(GqQueryResult) b = _gq_query_result_new ();
  g_autoptr(JsonNode) data = parse_sealed ("{\"a\":[1,2]}");
  g_autoptr(JsonNode) same_json = parse_sealed ("{\"a\":[1,2]}");

  _gq_query_result_set_data (a, data);
  g_assert_false (gq_query_result_equal (a, b));

  _gq_query_result_set_data (b, same_json);
  g_assert_false (gq_query_result_equal (a, b));

  _gq_query_result_set_data (b, data);
  g_assert_true (gq_query_result_equal (a, b));
}

static void
test_result_equal_errors_by_value (void)
{
  g_autoptr(GqQueryResult) a = _gq_query_result_new ();
  g_autoptr(GqQueryResult) b = _gq_query_result_new ();
  g_autoptr(GError) e1 = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom");
  g_autoptr(GError) e2 = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom");
  g_autoptr(GError) e3 = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "other");

  _gq_query_result_set_error (a, e1);
  g_assert_false (gq_query_result_equal (a, b));
  _gq_query_result_set_error (b, e2);
  g_assert_true (gq_query_result_equal (a, b));
  _gq_query_result_set_error (b, e3);
  g_assert_false (gq_query_result_equal (a, b));
  _gq_query_result_set_error (b, e1);

  _gq_query_result_set_failure_reason (a, e1);
  g_assert_false (gq_query_result_equal (a, b));
  _gq_query_result_set_failure_reason (b, e2);
  g_assert_true (gq_query_result_equal (a, b));
  _gq_query_result_set_failure_reason (b, e3);
  g_assert_false (gq_query_result_equal (a, b));
}

static void
test_result_equal_every_field (void)
{
  static const gsize flag_offsets[] = {
    G_STRUCT_OFFSET (GqQueryResult, is_pending),
    G_STRUCT_OFFSET (GqQueryResult, is_success),
    G_STRUCT_OFFSET (GqQueryResult, is_error),
    G_STRUCT_OFFSET (GqQueryResult, is_loading),
    G_STRUCT_OFFSET (GqQueryResult, is_loading_error),
    G_STRUCT_OFFSET (GqQueryResult, is_refetch_error),
    G_STRUCT_OFFSET (GqQueryResult, is_fetching),
    G_STRUCT_OFFSET (GqQueryResult, is_refetching),
    G_STRUCT_OFFSET (GqQueryResult, is_paused),
    G_STRUCT_OFFSET (GqQueryResult, is_stale),
    G_STRUCT_OFFSET (GqQueryResult, is_placeholder_data),
    G_STRUCT_OFFSET (GqQueryResult, is_fetched),
    G_STRUCT_OFFSET (GqQueryResult, is_fetched_after_mount),
    G_STRUCT_OFFSET (GqQueryResult, is_enabled),
    G_STRUCT_OFFSET (GqQueryResult, has_next_page),
    G_STRUCT_OFFSET (GqQueryResult, has_previous_page),
    G_STRUCT_OFFSET (GqQueryResult, is_fetching_next_page),
    G_STRUCT_OFFSET (GqQueryResult, is_fetching_previous_page),
    G_STRUCT_OFFSET (GqQueryResult, is_fetch_next_page_error),
    G_STRUCT_OFFSET (GqQueryResult, is_fetch_previous_page_error),
  };
  g_autoptr(GqQueryResult) a = _gq_query_result_new ();
  g_autoptr(GqQueryResult) b = _gq_query_result_new ();

  for (guint i = 0; i < G_N_ELEMENTS (flag_offsets); i++)
    {
      gboolean *flag = G_STRUCT_MEMBER_P (b, flag_offsets[i]);

      *flag = TRUE;
      g_assert_false (gq_query_result_equal (a, b));
      *flag = FALSE;
      g_assert_true (gq_query_result_equal (a, b));
    }

  b->status = GQ_QUERY_STATUS_SUCCESS;
  g_assert_false (gq_query_result_equal (a, b));
  b->status = GQ_QUERY_STATUS_PENDING;

  b->fetch_status = GQ_FETCH_STATUS_PAUSED;
  g_assert_false (gq_query_result_equal (a, b));
  b->fetch_status = GQ_FETCH_STATUS_IDLE;

  b->data_updated_at = 1;
  g_assert_false (gq_query_result_equal (a, b));
  b->data_updated_at = 0;

  b->error_updated_at = 1;
  g_assert_false (gq_query_result_equal (a, b));
  b->error_updated_at = 0;

  b->failure_count = 1;
  g_assert_false (gq_query_result_equal (a, b));
  b->failure_count = 0;

  b->error_update_count = 1;
  g_assert_false (gq_query_result_equal (a, b));
  b->error_update_count = 0;

  g_assert_true (gq_query_result_equal (a, b));
}

/* GqQueryOptions: defaults and the set-mask */

static const char * const all_option_names[] = {
  "query-key", "query-hash", "enabled", "stale-time", "gc-time",
  "refetch-on-mount", "refetch-on-window-focus", "refetch-on-reconnect",
  "refetch-interval", "refetch-interval-in-background", "retry",
  "retry-delay", "retry-on-mount", "network-mode", "initial-data",
  "initial-data-updated-at", "placeholder-data", "keep-previous-data",
  "structural-sharing", "meta", "query-func", "select-func", "retry-func",
  "retry-delay-func", "placeholder-func", "stale-time-func",
  "refetch-interval-func",
};

static guint
count_set (GqQueryOptions *options)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (all_option_names); i++)
    {
      if (gq_query_options_is_set (options, all_option_names[i]))
        n++;
    }

  return n;
}

static void
test_options_defaults (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  g_assert_null (gq_query_options_get_query_key (options));
  g_assert_null (gq_query_options_get_query_hash (options));
  g_assert_true (gq_query_options_get_enabled (options));
  g_assert_cmpint (gq_query_options_get_stale_time (options), ==, 0);
  g_assert_cmpint (gq_query_options_get_gc_time (options), ==, 300000);
  g_assert_cmpint (gq_query_options_get_refetch_on_mount (options), ==, GQ_REFETCH_IF_STALE);
  g_assert_cmpint (gq_query_options_get_refetch_on_window_focus (options), ==, GQ_REFETCH_IF_STALE);
  g_assert_cmpint (gq_query_options_get_refetch_on_reconnect (options), ==, GQ_REFETCH_IF_STALE);
  g_assert_cmpint (gq_query_options_get_refetch_interval (options), ==, 0);
  g_assert_false (gq_query_options_get_refetch_interval_in_background (options));
  g_assert_cmpint (gq_query_options_get_retry (options), ==, 3);
  g_assert_cmpint (gq_query_options_get_retry_delay (options), ==, -1);
  g_assert_true (gq_query_options_get_retry_on_mount (options));
  g_assert_cmpint (gq_query_options_get_network_mode (options), ==, GQ_NETWORK_MODE_ONLINE);
  g_assert_null (gq_query_options_get_initial_data (options));
  g_assert_cmpint (gq_query_options_get_initial_data_updated_at (options), ==, 0);
  g_assert_null (gq_query_options_get_placeholder_data (options));
  g_assert_false (gq_query_options_get_keep_previous_data (options));
  g_assert_true (gq_query_options_get_structural_sharing (options));
  g_assert_null (gq_query_options_get_meta (options));

  g_assert_false (_gq_query_options_has_query_func (options));
  g_assert_false (_gq_query_options_has_select (options));
  g_assert_false (_gq_query_options_has_placeholder (options));
  g_assert_cmpuint (count_set (options), ==, 0);
}

static void
test_options_pspecs (void)
{
  static const struct {
    const char *name;
    GType       value_type;
  } expected[] = {
    { "query-key", G_TYPE_BOXED },
    { "query-hash", G_TYPE_STRING },
    { "enabled", G_TYPE_BOOLEAN },
    { "stale-time", G_TYPE_INT64 },
    { "gc-time", G_TYPE_INT64 },
    { "refetch-on-mount", G_TYPE_ENUM },
    { "refetch-on-window-focus", G_TYPE_ENUM },
    { "refetch-on-reconnect", G_TYPE_ENUM },
    { "refetch-interval", G_TYPE_INT64 },
    { "refetch-interval-in-background", G_TYPE_BOOLEAN },
    { "retry", G_TYPE_INT },
    { "retry-delay", G_TYPE_INT64 },
    { "retry-on-mount", G_TYPE_BOOLEAN },
    { "network-mode", G_TYPE_ENUM },
    { "initial-data", G_TYPE_BOXED },
    { "initial-data-updated-at", G_TYPE_INT64 },
    { "placeholder-data", G_TYPE_BOXED },
    { "keep-previous-data", G_TYPE_BOOLEAN },
    { "structural-sharing", G_TYPE_BOOLEAN },
    { "meta", G_TYPE_BOXED },
  };
  g_autoptr(GTypeClass) klass = g_type_class_ref (GQ_TYPE_QUERY_OPTIONS);
  g_autofree GParamSpec **pspecs = NULL;
  GParamSpec *pspec;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_CLASS (klass), &n_pspecs);
  g_assert_cmpuint (n_pspecs, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), expected[i].name);
      g_assert_nonnull (pspec);
      g_assert_true (G_TYPE_FUNDAMENTAL (pspec->value_type) == expected[i].value_type);
      g_assert_cmpint (pspec->flags & G_PARAM_READWRITE, ==, G_PARAM_READWRITE);
      g_assert_cmpint (pspec->flags & G_PARAM_EXPLICIT_NOTIFY, ==, G_PARAM_EXPLICIT_NOTIFY);
      g_assert_cmpint (pspec->flags & (G_PARAM_CONSTRUCT | G_PARAM_CONSTRUCT_ONLY), ==, 0);
      if (expected[i].value_type == G_TYPE_BOXED)
        g_assert_true (pspec->value_type == JSON_TYPE_NODE);
    }

  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "refetch-on-mount");
  g_assert_true (pspec->value_type == GQ_TYPE_REFETCH_MODE);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "network-mode");
  g_assert_true (pspec->value_type == GQ_TYPE_NETWORK_MODE);

  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "stale-time");
  g_assert_cmpint (G_PARAM_SPEC_INT64 (pspec)->minimum, ==, GQ_STALE_TIME_STATIC);
  g_assert_cmpint (G_PARAM_SPEC_INT64 (pspec)->maximum, ==, GQ_TIME_INFINITE);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "gc-time");
  g_assert_cmpint (G_PARAM_SPEC_INT64 (pspec)->minimum, ==, 0);
  g_assert_cmpint (G_PARAM_SPEC_INT64 (pspec)->default_value, ==, 300000);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "retry");
  g_assert_cmpint (G_PARAM_SPEC_INT (pspec)->minimum, ==, -1);
  g_assert_cmpint (G_PARAM_SPEC_INT (pspec)->default_value, ==, 3);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "retry-delay");
  g_assert_cmpint (G_PARAM_SPEC_INT64 (pspec)->minimum, ==, -1);
  g_assert_cmpint (G_PARAM_SPEC_INT64 (pspec)->default_value, ==, -1);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "refetch-interval");
  g_assert_cmpint (G_PARAM_SPEC_INT64 (pspec)->minimum, ==, 0);
}

static void
test_options_setter_marks_set (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  /* Setting the default value still counts: it overrides client defaults. */
  gq_query_options_set_stale_time (options, 0);
  g_assert_true (gq_query_options_is_set (options, "stale-time"));
  g_assert_true (_gq_query_options_is_set (options, GQ_QUERY_OPTION_STALE_TIME));
  g_assert_cmpuint (count_set (options), ==, 1);

  gq_query_options_set_enabled (options, TRUE);
  gq_query_options_set_gc_time (options, GQ_TIME_INFINITE);
  gq_query_options_set_refetch_on_mount (options, GQ_REFETCH_ALWAYS);
  gq_query_options_set_refetch_on_window_focus (options, GQ_REFETCH_NEVER);
  gq_query_options_set_refetch_on_reconnect (options, GQ_REFETCH_IF_STALE);
  gq_query_options_set_refetch_interval (options, 250);
  gq_query_options_set_refetch_interval_in_background (options, TRUE);
  gq_query_options_set_retry (options, 0);
  gq_query_options_set_retry_delay (options, 10);
  gq_query_options_set_retry_on_mount (options, FALSE);
  gq_query_options_set_network_mode (options, GQ_NETWORK_MODE_OFFLINE_FIRST);
  gq_query_options_set_initial_data_updated_at (options, 99);
  gq_query_options_set_keep_previous_data (options, TRUE);
  gq_query_options_set_structural_sharing (options, FALSE);
  gq_query_options_set_query_hash (options, "h");
  g_assert_cmpuint (count_set (options), ==, 16);

  g_assert_cmpint (gq_query_options_get_gc_time (options), ==, GQ_TIME_INFINITE);
  g_assert_cmpint (gq_query_options_get_refetch_on_mount (options), ==, GQ_REFETCH_ALWAYS);
  g_assert_cmpint (gq_query_options_get_refetch_on_window_focus (options), ==, GQ_REFETCH_NEVER);
  g_assert_cmpint (gq_query_options_get_refetch_interval (options), ==, 250);
  g_assert_true (gq_query_options_get_refetch_interval_in_background (options));
  g_assert_cmpint (gq_query_options_get_retry (options), ==, 0);
  g_assert_cmpint (gq_query_options_get_retry_delay (options), ==, 10);
  g_assert_false (gq_query_options_get_retry_on_mount (options));
  g_assert_cmpint (gq_query_options_get_network_mode (options), ==, GQ_NETWORK_MODE_OFFLINE_FIRST);
  g_assert_cmpint (gq_query_options_get_initial_data_updated_at (options), ==, 99);
  g_assert_true (gq_query_options_get_keep_previous_data (options));
  g_assert_false (gq_query_options_get_structural_sharing (options));
  g_assert_cmpstr (gq_query_options_get_query_hash (options), ==, "h");
}

static void
test_options_g_object_set_marks_set (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(JsonNode) key = parse ("[\"todos\"]");
  g_autoptr(JsonNode) got_key = NULL;
  gint64 stale_time = 0;
  GqRefetchMode mode = GQ_REFETCH_NEVER;
  gboolean enabled = TRUE;

  g_object_set (options,
                "stale-time", (gint64) 5000,
                "enabled", FALSE,
                "refetch-on-window-focus", GQ_REFETCH_ALWAYS,
                "query-key", key,
                NULL);

  g_assert_true (gq_query_options_is_set (options, "stale-time"));
  g_assert_true (gq_query_options_is_set (options, "enabled"));
  g_assert_true (gq_query_options_is_set (options, "refetch-on-window-focus"));
  g_assert_true (gq_query_options_is_set (options, "query-key"));
  g_assert_false (gq_query_options_is_set (options, "gc-time"));
  g_assert_cmpuint (count_set (options), ==, 4);

  g_object_get (options,
                "stale-time", &stale_time,
                "enabled", &enabled,
                "refetch-on-window-focus", &mode,
                "query-key", &got_key,
                NULL);
  g_assert_cmpint (stale_time, ==, 5000);
  g_assert_false (enabled);
  g_assert_cmpint (mode, ==, GQ_REFETCH_ALWAYS);
  g_assert_true (json_node_equal (got_key, key));
}

static void
test_options_construct_marks_set (void)
{
  g_autoptr(JsonNode) key = parse ("[\"todo\",5]");
  g_autoptr(GqQueryOptions) options = NULL;
  g_autofree char *text = NULL;

  /* What Gq.QueryOptions(query_key=key, stale_time=5000) does. */
  options = g_object_new (GQ_TYPE_QUERY_OPTIONS,
                          "query-key", key,
                          "stale-time", (gint64) 5000,
                          NULL);

  g_assert_true (gq_query_options_is_set (options, "query-key"));
  g_assert_true (gq_query_options_is_set (options, "stale-time"));
  g_assert_cmpuint (count_set (options), ==, 2);
  g_assert_cmpint (gq_query_options_get_stale_time (options), ==, 5000);
  text = to_string (gq_query_options_get_query_key (options));
  g_assert_cmpstr (text, ==, "[\"todo\",5]");
}

static void
test_options_new_with_key (void)
{
  g_autoptr(JsonNode) key = parse_sealed ("[\"a\"]");
  g_autoptr(GqQueryOptions) with_key = gq_query_options_new (key);
  g_autoptr(GqQueryOptions) without = gq_query_options_new (NULL);

  g_assert_true (gq_query_options_get_query_key (with_key) == key);
  g_assert_true (gq_query_options_is_set (with_key, "query-key"));
  g_assert_cmpuint (count_set (with_key), ==, 1);
  g_assert_cmpuint (count_set (without), ==, 0);
}

static void
test_options_is_set_names (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  gq_query_options_set_refetch_interval_in_background (options, FALSE);
  g_assert_true (gq_query_options_is_set (options, "refetch-interval-in-background"));
  g_assert_true (gq_query_options_is_set (options, "refetch_interval_in_background"));
  g_assert_false (gq_query_options_is_set (options, "refetch-interval"));
  g_assert_false (gq_query_options_is_set (options, "refetch-interval-func"));
  g_assert_false (gq_query_options_is_set (options, "stale_time_func"));
}

static void
test_options_is_set_unknown (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*no option named*bogus*");
  g_assert_false (gq_query_options_is_set (options, "bogus"));
  g_test_assert_expected_messages ();
}

static void
test_options_notify_on_change (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(JsonNode) key = parse_sealed ("[1]");
  guint stale_count = 0;
  guint key_count = 0;
  guint hash_count = 0;
  guint bool_count = 0;

  g_signal_connect (options, "notify::stale-time", G_CALLBACK (count_cb), &stale_count);
  g_signal_connect (options, "notify::query-key", G_CALLBACK (count_cb), &key_count);
  g_signal_connect (options, "notify::query-hash", G_CALLBACK (count_cb), &hash_count);
  g_signal_connect (options, "notify::keep-previous-data", G_CALLBACK (count_cb), &bool_count);

  gq_query_options_set_stale_time (options, 0);
  g_assert_cmpuint (stale_count, ==, 0);
  gq_query_options_set_stale_time (options, 10);
  g_assert_cmpuint (stale_count, ==, 1);
  gq_query_options_set_stale_time (options, 10);
  g_object_set (options, "stale-time", (gint64) 10, NULL);
  g_assert_cmpuint (stale_count, ==, 1);
  g_object_set (options, "stale-time", (gint64) 11, NULL);
  g_assert_cmpuint (stale_count, ==, 2);

  gq_query_options_set_query_key (options, key);
  gq_query_options_set_query_key (options, key);
  g_assert_cmpuint (key_count, ==, 1);
  gq_query_options_set_query_key (options, NULL);
  g_assert_cmpuint (key_count, ==, 2);
  gq_query_options_set_query_key (options, NULL);
  g_assert_cmpuint (key_count, ==, 2);

  gq_query_options_set_query_hash (options, "x");
  gq_query_options_set_query_hash (options, "x");
  g_assert_cmpuint (hash_count, ==, 1);

  /* Any non-zero gboolean is TRUE. */
  gq_query_options_set_keep_previous_data (options, TRUE);
  gq_query_options_set_keep_previous_data (options, 2);
  g_assert_cmpuint (bool_count, ==, 1);
  g_assert_true (gq_query_options_get_keep_previous_data (options));
}

static void
test_options_json_null_unsets (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(JsonNode) data = parse ("{\"x\":1}");

  gq_query_options_set_initial_data (options, data);
  gq_query_options_set_placeholder_data (options, data);
  gq_query_options_set_meta (options, data);
  g_assert_true (gq_query_options_is_set (options, "initial-data"));
  g_assert_true (gq_query_options_is_set (options, "placeholder-data"));
  g_assert_true (gq_query_options_is_set (options, "meta"));

  gq_query_options_set_initial_data (options, NULL);
  g_object_set (options, "placeholder-data", NULL, NULL);
  gq_query_options_set_meta (options, NULL);
  g_assert_false (gq_query_options_is_set (options, "initial-data"));
  g_assert_false (gq_query_options_is_set (options, "placeholder-data"));
  g_assert_false (gq_query_options_is_set (options, "meta"));
  g_assert_null (gq_query_options_get_initial_data (options));
  g_assert_null (gq_query_options_get_placeholder_data (options));
  g_assert_null (gq_query_options_get_meta (options));

  /* The same for the query hash, a string. */
  gq_query_options_set_query_hash (options, "hash");
  g_assert_true (gq_query_options_is_set (options, "query-hash"));
  gq_query_options_set_query_hash (options, NULL);
  g_assert_false (gq_query_options_is_set (options, "query-hash"));
  g_assert_null (gq_query_options_get_query_hash (options));
}

static void
test_options_json_mutable_copied (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(JsonNode) data = parse ("{\"list\":[1,{\"deep\":true}],\"n\":2.5,\"s\":\"x\",\"z\":null}");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonNode *stored;
  JsonObject *object;

  before = to_string (data);
  gq_query_options_set_initial_data (options, data);
  stored = gq_query_options_get_initial_data (options);

  g_assert_true (stored != data);
  g_assert_true (json_node_is_immutable (stored));
  g_assert_true (json_node_equal (stored, data));
  g_assert_false (json_node_is_immutable (data));

  /* The caller's node is still fully mutable, down to the leaves. */
  object = json_node_get_object (data);
  g_assert_false (json_object_is_immutable (object));
  json_object_set_int_member (object, "n", 7);
  json_array_add_int_element (json_object_get_array_member (object, "list"), 3);
  json_object_set_boolean_member (json_array_get_object_element (json_object_get_array_member (object, "list"), 1), "deep", FALSE);

  after = to_string (stored);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (after, ==, "{\"list\":[1,{\"deep\":true}],\"n\":2.5,\"s\":\"x\",\"z\":null}");
}

static void
test_options_json_sealed_shared (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(JsonNode) key = parse_sealed ("[\"todos\",{\"page\":1}]");
  g_autoptr(JsonNode) meta = parse_sealed ("{\"m\":1}");

  gq_query_options_set_query_key (options, key);
  gq_query_options_set_meta (options, meta);
  g_assert_true (gq_query_options_get_query_key (options) == key);
  g_assert_true (gq_query_options_get_meta (options) == meta);

  /* The options hold their own reference. */
  g_clear_pointer (&key, json_node_unref);
  g_assert_cmpint (JSON_NODE_TYPE (gq_query_options_get_query_key (options)), ==, JSON_NODE_ARRAY);
}

static void
test_options_json_sealed_child_shared (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(JsonNode) child = parse_sealed ("{\"page\":1}");
  g_autoptr(JsonNode) key = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  JsonNode *stored;

  json_array_add_string_element (array, "todos");
  json_array_add_element (array, json_node_ref (child));
  json_node_take_array (key, array);

  gq_query_options_set_query_key (options, key);
  stored = gq_query_options_get_query_key (options);
  g_assert_true (stored != key);
  g_assert_true (json_node_is_immutable (stored));
  g_assert_true (json_array_get_element (json_node_get_array (stored), 1) == child);
  g_assert_false (json_node_is_immutable (key));
}

static void
test_options_unset (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(JsonNode) key = parse ("[1]");
  guint count = 0;

  gq_query_options_set_retry (options, 9);
  gq_query_options_set_query_key (options, key);
  gq_query_options_set_select_func (options, identity_select, NULL, NULL);
  g_signal_connect (options, "notify::retry", G_CALLBACK (count_cb), &count);

  _gq_query_options_unset (options, GQ_QUERY_OPTION_RETRY);
  g_assert_false (_gq_query_options_is_set (options, GQ_QUERY_OPTION_RETRY));
  g_assert_cmpint (gq_query_options_get_retry (options), ==, 3);
  g_assert_cmpuint (count, ==, 1);

  _gq_query_options_unset (options, GQ_QUERY_OPTION_QUERY_KEY);
  g_assert_false (_gq_query_options_is_set (options, GQ_QUERY_OPTION_QUERY_KEY));
  g_assert_null (gq_query_options_get_query_key (options));

  _gq_query_options_unset (options, GQ_QUERY_OPTION_SELECT_FUNC);
  g_assert_false (_gq_query_options_has_select (options));

  /* Unsetting an unset option changes nothing. */
  _gq_query_options_unset (options, GQ_QUERY_OPTION_RETRY);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (count_set (options), ==, 0);
}

static void
test_options_invalid_values (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*stale_time >= GQ_STALE_TIME_STATIC*");
  gq_query_options_set_stale_time (options, -2);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*retry >= -1*");
  gq_query_options_set_retry (options, -5);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Gq", G_LOG_LEVEL_CRITICAL, "*gc_time >= 0*");
  gq_query_options_set_gc_time (options, -1);
  g_test_assert_expected_messages ();

  g_assert_cmpint (gq_query_options_get_stale_time (options), ==, 0);
  g_assert_cmpint (gq_query_options_get_retry (options), ==, 3);
  g_assert_cmpint (gq_query_options_get_gc_time (options), ==, 300000);
  g_assert_cmpuint (count_set (options), ==, 0);

  /* The static stale time is in range. */
  gq_query_options_set_stale_time (options, GQ_STALE_TIME_STATIC);
  g_assert_cmpint (gq_query_options_get_stale_time (options), ==, -1);
}

/* GqQueryOptions: merge, apply, copy, shallow_equal */

static void
test_options_merge_precedence (void)
{
  g_autoptr(GqQueryOptions) base = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) over = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) merged = NULL;
  g_autoptr(JsonNode) base_key = parse_sealed ("[\"base\"]");
  g_autoptr(JsonNode) over_meta = parse_sealed ("{\"from\":\"over\"}");

  gq_query_options_set_query_key (base, base_key);
  gq_query_options_set_stale_time (base, 1000);
  gq_query_options_set_retry (base, 5);
  gq_query_options_set_network_mode (base, GQ_NETWORK_MODE_ALWAYS);

  gq_query_options_set_stale_time (over, 2000);
  gq_query_options_set_enabled (over, FALSE);
  gq_query_options_set_meta (over, over_meta);

  merged = _gq_query_options_merge (base, over);

  g_assert_true (merged != base && merged != over);
  g_assert_cmpint (gq_query_options_get_stale_time (merged), ==, 2000);
  g_assert_cmpint (gq_query_options_get_retry (merged), ==, 5);
  g_assert_cmpint (gq_query_options_get_network_mode (merged), ==, GQ_NETWORK_MODE_ALWAYS);
  g_assert_false (gq_query_options_get_enabled (merged));
  g_assert_true (gq_query_options_get_query_key (merged) == base_key);
  g_assert_true (gq_query_options_get_meta (merged) == over_meta);

  /* What neither set stays unset, at its default. */
  g_assert_false (gq_query_options_is_set (merged, "gc-time"));
  g_assert_cmpint (gq_query_options_get_gc_time (merged), ==, 300000);
  g_assert_cmpuint (count_set (merged), ==, 6);

  /* The inputs are untouched. */
  g_assert_cmpint (gq_query_options_get_stale_time (base), ==, 1000);
  g_assert_cmpuint (count_set (base), ==, 4);
  g_assert_cmpuint (count_set (over), ==, 3);
}

static void
test_options_merge_unset_does_not_override (void)
{
  g_autoptr(GqQueryOptions) base = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) over = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) merged = NULL;
  g_autoptr(JsonNode) data = parse_sealed ("[1]");

  gq_query_options_set_retry (base, 0);
  gq_query_options_set_refetch_on_window_focus (base, GQ_REFETCH_NEVER);
  gq_query_options_set_initial_data (base, data);
  gq_query_options_set_query_hash (base, "base-hash");

  /* Unset again: over's NULL must not clear base's data. */
  gq_query_options_set_initial_data (over, data);
  gq_query_options_set_initial_data (over, NULL);

  merged = _gq_query_options_merge (base, over);
  g_assert_cmpint (gq_query_options_get_retry (merged), ==, 0);
  g_assert_cmpint (gq_query_options_get_refetch_on_window_focus (merged), ==, GQ_REFETCH_NEVER);
  g_assert_true (gq_query_options_get_initial_data (merged) == data);
  g_assert_cmpstr (gq_query_options_get_query_hash (merged), ==, "base-hash");
  g_assert_true (_gq_query_options_shallow_equal (merged, base));
}

static void
test_options_merge_null (void)
{
  g_autoptr(GqQueryOptions) over = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) merged = NULL;
  g_autoptr(GqQueryOptions) empty = NULL;

  gq_query_options_set_gc_time (over, 10);
  merged = _gq_query_options_merge (NULL, over);
  g_assert_cmpint (gq_query_options_get_gc_time (merged), ==, 10);
  g_assert_true (gq_query_options_is_set (merged, "gc-time"));
  g_assert_cmpuint (count_set (merged), ==, 1);

  empty = _gq_query_options_merge (NULL, NULL);
  g_assert_cmpuint (count_set (empty), ==, 0);
}

static void
test_options_merge_closures (void)
{
  g_autoptr(GqQueryOptions) base = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) over = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) merged = NULL;
  int base_data = 1;
  int over_data = 2;

  gq_query_options_set_select_func (base, identity_select, &base_data, NULL);
  gq_query_options_set_retry_func (base, (GqRetryFunc) NULL, NULL, NULL);
  gq_query_options_set_select_func (over, other_select, &over_data, NULL);
  gq_query_options_set_stale_time_func (base, dummy_duration, &base_data, NULL);

  merged = _gq_query_options_merge (base, over);
  g_assert_true (_gq_query_options_same_select (merged, over));
  g_assert_false (_gq_query_options_same_select (merged, base));
  g_assert_true (gq_query_options_is_set (merged, "stale-time-func"));
  g_assert_false (gq_query_options_is_set (merged, "retry-func"));
  g_assert_cmpuint (count_set (merged), ==, 2);
}

static gint64
duration_ninety (GqQuery  *query,
                 gpointer  user_data)
{
  return 90;
}

static gboolean
retry_never (guint         failure_count,
             const GError *error,
             gpointer      user_data)
{
  return FALSE;
}

static gint64
delay_ninety (guint         failure_count,
              const GError *error,
              gpointer      user_data)
{
  return 90;
}

static JsonNode *
placeholder_null (JsonNode *previous_data,
                  GqQuery  *previous_query,
                  gpointer  user_data)
{
  return NULL;
}

/* TanStack's staleTime, refetchInterval, placeholderData, retry and
 * retryDelay are each one option, a value or a function: whichever the
 * options laid over (a query's) set replaces the other from below (the
 * client's defaults). */
static void
test_options_merge_value_over_function (void)
{
  g_autoptr(GqQueryOptions) base = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) over = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) merged = NULL;
  g_autoptr(GqQueryOptions) reverse = NULL;
  g_autoptr(JsonNode) placeholder = parse_sealed ("{\"p\":1}");
  g_autoptr(JsonNode) held = NULL;

  gq_query_options_set_stale_time_func (base, duration_ninety, NULL, NULL);
  gq_query_options_set_refetch_interval_func (base, duration_ninety, NULL, NULL);
  gq_query_options_set_placeholder_func (base, placeholder_null, NULL, NULL);
  gq_query_options_set_retry_func (base, retry_never, NULL, NULL);
  gq_query_options_set_retry_delay_func (base, delay_ninety, NULL, NULL);

  gq_query_options_set_stale_time (over, 5);
  gq_query_options_set_refetch_interval (over, 7);
  gq_query_options_set_placeholder_data (over, placeholder);
  gq_query_options_set_retry (over, 3);
  gq_query_options_set_retry_delay (over, 11);

  merged = _gq_query_options_merge (base, over);
  g_assert_cmpint (_gq_query_options_resolve_stale_time (merged, NULL), ==, 5);
  g_assert_cmpint (_gq_query_options_resolve_refetch_interval (merged, NULL), ==, 7);
  g_assert_false (gq_query_options_is_set (merged, "stale-time-func"));
  g_assert_false (gq_query_options_is_set (merged, "refetch-interval-func"));
  g_assert_false (gq_query_options_is_set (merged, "placeholder-func"));
  g_assert_false (gq_query_options_is_set (merged, "retry-func"));
  g_assert_false (gq_query_options_is_set (merged, "retry-delay-func"));
  held = _gq_query_options_get_placeholder (merged, NULL, NULL);
  g_assert_true (held == placeholder);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (merged, 1, NULL), ==, 11);

  /* The other way round, the functions laid over the values win. */
  reverse = _gq_query_options_merge (over, base);
  g_assert_cmpint (_gq_query_options_resolve_stale_time (reverse, NULL), ==, 90);
  g_assert_cmpint (_gq_query_options_resolve_refetch_interval (reverse, NULL), ==, 90);
  g_assert_null (_gq_query_options_get_placeholder (reverse, NULL, NULL));
  g_assert_true (gq_query_options_is_set (reverse, "retry-func"));
  g_assert_cmpint (_gq_query_options_compute_retry_delay (reverse, 1, NULL), ==, 90);
}

static void
test_options_apply (void)
{
  g_autoptr(GqQueryOptions) self = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) over = gq_query_options_new (NULL);
  g_autoptr(JsonNode) key = parse_sealed ("[\"k\"]");
  guint count = 0;

  gq_query_options_set_stale_time (self, 100);
  gq_query_options_set_gc_time (self, 200);
  gq_query_options_set_gc_time (over, 300);
  gq_query_options_set_query_key (over, key);
  gq_query_options_set_retry_on_mount (over, FALSE);

  g_signal_connect (self, "notify::gc-time", G_CALLBACK (count_cb), &count);
  _gq_query_options_apply (self, over);

  g_assert_cmpint (gq_query_options_get_stale_time (self), ==, 100);
  g_assert_cmpint (gq_query_options_get_gc_time (self), ==, 300);
  g_assert_true (gq_query_options_get_query_key (self) == key);
  g_assert_false (gq_query_options_get_retry_on_mount (self));
  g_assert_cmpuint (count_set (self), ==, 4);
  g_assert_cmpuint (count, ==, 1);

  /* Applying NULL or self is a no-op. */
  _gq_query_options_apply (self, NULL);
  _gq_query_options_apply (self, self);
  g_assert_cmpuint (count_set (self), ==, 4);
}

static void
test_options_copy (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) copy = NULL;
  g_autoptr(JsonNode) key = parse ("[\"x\",{\"a\":1}]");
  int data = 0;

  gq_query_options_set_query_key (options, key);
  gq_query_options_set_refetch_interval (options, 5000);
  gq_query_options_set_structural_sharing (options, FALSE);
  gq_query_options_set_placeholder_func (options, (GqPlaceholderFunc) NULL, NULL, NULL);
  gq_query_options_set_select_func (options, identity_select, &data, NULL);

  copy = gq_query_options_copy (options);
  g_assert_true (copy != options);
  g_assert_true (gq_query_options_get_query_key (copy) == gq_query_options_get_query_key (options));
  g_assert_cmpint (gq_query_options_get_refetch_interval (copy), ==, 5000);
  g_assert_false (gq_query_options_get_structural_sharing (copy));
  g_assert_true (_gq_query_options_same_select (copy, options));
  g_assert_cmpuint (count_set (copy), ==, 4);
  g_assert_true (_gq_query_options_shallow_equal (copy, options));

  /* Later changes to one do not reach the other. */
  gq_query_options_set_refetch_interval (copy, 1);
  g_assert_cmpint (gq_query_options_get_refetch_interval (options), ==, 5000);
}

static void
test_options_shallow_equal (void)
{
  g_autoptr(GqQueryOptions) a = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) b = gq_query_options_new (NULL);
  g_autoptr(JsonNode) key_a = parse ("[\"todos\",{\"page\":1}]");
  g_autoptr(JsonNode) key_b = parse ("[\"todos\",{\"page\":1}]");
  g_autoptr(JsonNode) key_c = parse ("[\"todos\",{\"page\":2}]");
  int data_1 = 1;
  int data_2 = 2;

  g_assert_true (_gq_query_options_shallow_equal (a, b));
  g_assert_true (_gq_query_options_shallow_equal (a, a));
  g_assert_true (_gq_query_options_shallow_equal (NULL, NULL));
  g_assert_false (_gq_query_options_shallow_equal (a, NULL));

  /* An explicit default differs from an unset option. */
  gq_query_options_set_stale_time (a, 0);
  g_assert_false (_gq_query_options_shallow_equal (a, b));
  gq_query_options_set_stale_time (b, 0);
  g_assert_true (_gq_query_options_shallow_equal (a, b));

  gq_query_options_set_retry (a, 1);
  gq_query_options_set_retry (b, 2);
  g_assert_false (_gq_query_options_shallow_equal (a, b));
  gq_query_options_set_retry (b, 1);
  g_assert_true (_gq_query_options_shallow_equal (a, b));

  gq_query_options_set_query_hash (a, "h1");
  gq_query_options_set_query_hash (b, "h2");
  g_assert_false (_gq_query_options_shallow_equal (a, b));
  gq_query_options_set_query_hash (b, "h1");
  g_assert_true (_gq_query_options_shallow_equal (a, b));

  /* Keys rebuilt with the same content compare equal. */
  gq_query_options_set_query_key (a, key_a);
  gq_query_options_set_query_key (b, key_b);
  g_assert_true (gq_query_options_get_query_key (a) != gq_query_options_get_query_key (b));
  g_assert_true (_gq_query_options_shallow_equal (a, b));
  gq_query_options_set_query_key (b, key_c);
  g_assert_false (_gq_query_options_shallow_equal (a, b));
  gq_query_options_set_query_key (b, key_a);

  /* Closures compare by function and data, not by box. */
  gq_query_options_set_select_func (a, identity_select, &data_1, NULL);
  gq_query_options_set_select_func (b, identity_select, &data_1, NULL);
  g_assert_true (_gq_query_options_shallow_equal (a, b));
  g_assert_true (_gq_query_options_same_select (a, b));
  gq_query_options_set_select_func (b, identity_select, &data_2, NULL);
  g_assert_false (_gq_query_options_shallow_equal (a, b));
  g_assert_false (_gq_query_options_same_select (a, b));
  gq_query_options_set_select_func (b, other_select, &data_1, NULL);
  g_assert_false (_gq_query_options_shallow_equal (a, b));
}

typedef struct
{
  guint destroyed;
  guint calls;
} ClosureData;

static JsonNode *
wrap_select (JsonNode *data,
             gpointer  user_data)
{
  ClosureData *closure_data = user_data;
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  closure_data->calls++;
  json_array_add_element (array, json_node_ref (data));
  json_node_take_array (node, array);

  return node;
}

static void
closure_data_destroy (gpointer user_data)
{
  ClosureData *closure_data = user_data;

  closure_data->destroyed++;
}

static void
test_options_closure_destroyed_once (void)
{
  GqQueryOptions *options = gq_query_options_new (NULL);
  GqQueryOptions *copy;
  GqQueryOptions *merged;
  GqQueryOptions *base = gq_query_options_new (NULL);
  ClosureData data = { 0, 0 };

  gq_query_options_set_select_func (options, wrap_select, &data, closure_data_destroy);
  copy = gq_query_options_copy (options);
  merged = _gq_query_options_merge (base, copy);

  g_assert_finalize_object (options);
  g_assert_cmpuint (data.destroyed, ==, 0);
  g_assert_finalize_object (copy);
  g_assert_cmpuint (data.destroyed, ==, 0);
  g_assert_true (_gq_query_options_has_select (merged));
  g_assert_finalize_object (merged);
  g_assert_cmpuint (data.destroyed, ==, 1);
  g_assert_finalize_object (base);
  g_assert_cmpuint (data.destroyed, ==, 1);
  g_assert_cmpuint (data.calls, ==, 0);
}

static void
test_options_closure_replace (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  guint first = 0;
  guint second = 0;
  guint orphan = 0;

  gq_query_options_set_retry_func (options, (GqRetryFunc) NULL, &orphan, count_destroy);
  /* A NULL function comes with nothing to keep the data for. */
  g_assert_cmpuint (orphan, ==, 1);
  g_assert_false (gq_query_options_is_set (options, "retry-func"));

  gq_query_options_set_query_func (options, dummy_query_func, &first, count_destroy);
  g_assert_true (gq_query_options_is_set (options, "query-func"));
  g_assert_true (_gq_query_options_has_query_func (options));

  gq_query_options_set_query_func (options, dummy_query_func, &second, count_destroy);
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (second, ==, 0);

  gq_query_options_set_query_func (options, NULL, NULL, NULL);
  g_assert_cmpuint (second, ==, 1);
  g_assert_false (gq_query_options_is_set (options, "query-func"));
  g_assert_false (_gq_query_options_has_query_func (options));
}

/* GqQueryOptions: the behaviour helpers */

typedef struct
{
  guint           calls;
  guint           last_count;
  const GError   *last_error;
  GqFetchContext *last_context;
  GqQuery        *last_query;
  JsonNode       *last_data;
} CallLog;

static void
log_query_func (GqFetchContext *context,
                gpointer        user_data)
{
  CallLog *log = user_data;

  log->calls++;
  log->last_context = context;
}

static void
test_options_query_func (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  CallLog log = { 0 };

  gq_query_options_set_query_func (options, log_query_func, &log, NULL);
  _gq_query_options_call_query_func (options, FAKE_CONTEXT);
  _gq_query_options_call_query_func (options, FAKE_CONTEXT);

  g_assert_cmpuint (log.calls, ==, 2);
  g_assert_true (log.last_context == FAKE_CONTEXT);
}

static gboolean
retry_below_two (guint         failure_count,
                 const GError *error,
                 gpointer      user_data)
{
  CallLog *log = user_data;

  log->calls++;
  log->last_count = failure_count;
  log->last_error = error;

  return failure_count < 2;
}

static void
test_options_should_retry_count (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  gq_query_options_set_retry (options, 2);
  g_assert_true (_gq_query_options_should_retry (options, 0, NULL, 3));
  g_assert_true (_gq_query_options_should_retry (options, 1, NULL, 3));
  g_assert_false (_gq_query_options_should_retry (options, 2, NULL, 3));
  g_assert_false (_gq_query_options_should_retry (options, 3, NULL, 3));

  gq_query_options_set_retry (options, 0);
  g_assert_false (_gq_query_options_should_retry (options, 0, NULL, 3));
}

static void
test_options_should_retry_default (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  /* Unset: the caller's default (3 for queries, 0 for fetch_query). */
  g_assert_true (_gq_query_options_should_retry (options, 2, NULL, 3));
  g_assert_false (_gq_query_options_should_retry (options, 3, NULL, 3));
  g_assert_false (_gq_query_options_should_retry (options, 0, NULL, 0));
  g_assert_true (_gq_query_options_should_retry (options, 100000, NULL, -1));

  /* Explicitly set to its default value, it wins over default_retry. */
  gq_query_options_set_retry (options, 3);
  g_assert_true (_gq_query_options_should_retry (options, 0, NULL, 0));
}

static void
test_options_should_retry_forever (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  gq_query_options_set_retry (options, -1);
  g_assert_true (_gq_query_options_should_retry (options, 0, NULL, 0));
  g_assert_true (_gq_query_options_should_retry (options, 1000000, NULL, 0));
  g_assert_true (_gq_query_options_should_retry (options, G_MAXUINT, NULL, 0));
}

static void
test_options_should_retry_func (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  CallLog log = { 0 };

  /* The function wins over the count. */
  gq_query_options_set_retry (options, 0);
  gq_query_options_set_retry_func (options, retry_below_two, &log, NULL);

  g_assert_true (_gq_query_options_should_retry (options, 0, error, 3));
  g_assert_cmpuint (log.last_count, ==, 0);
  g_assert_true (log.last_error == error);
  g_assert_true (_gq_query_options_should_retry (options, 1, error, 3));
  g_assert_cmpuint (log.last_count, ==, 1);
  g_assert_false (_gq_query_options_should_retry (options, 2, error, 3));
  g_assert_cmpuint (log.last_count, ==, 2);
  g_assert_cmpuint (log.calls, ==, 3);
}

static void
test_options_retry_delay_default (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 0, NULL), ==, 1000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 1, NULL), ==, 2000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 2, NULL), ==, 4000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 3, NULL), ==, 8000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 4, NULL), ==, 16000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 5, NULL), ==, 30000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 6, NULL), ==, 30000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 63, NULL), ==, 30000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 64, NULL), ==, 30000);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, G_MAXUINT, NULL), ==, 30000);

  /* An explicit -1 asks for the same exponential delay. */
  gq_query_options_set_retry_delay (options, -1);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 2, NULL), ==, 4000);
}

static void
test_options_retry_delay_fixed (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  gq_query_options_set_retry_delay (options, 500);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 0, NULL), ==, 500);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 10, NULL), ==, 500);

  gq_query_options_set_retry_delay (options, 0);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 3, NULL), ==, 0);
}

static gint64
linear_delay (guint         failure_count,
              const GError *error,
              gpointer      user_data)
{
  CallLog *log = user_data;

  log->calls++;
  log->last_count = failure_count;
  log->last_error = error;

  return 100 * (gint64) (failure_count + 1);
}

static void
test_options_retry_delay_func (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  CallLog log = { 0 };

  gq_query_options_set_retry_delay (options, 7);
  gq_query_options_set_retry_delay_func (options, linear_delay, &log, NULL);

  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 0, error), ==, 100);
  g_assert_cmpint (_gq_query_options_compute_retry_delay (options, 4, error), ==, 500);
  g_assert_cmpuint (log.calls, ==, 2);
  g_assert_cmpuint (log.last_count, ==, 4);
  g_assert_true (log.last_error == error);
}

static gint64
duration_from_query (GqQuery  *query,
                     gpointer  user_data)
{
  CallLog *log = user_data;

  log->calls++;
  log->last_query = query;

  return 4242;
}

static void
test_options_resolve_stale_time (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  CallLog log = { 0 };

  g_assert_cmpint (_gq_query_options_resolve_stale_time (options, FAKE_QUERY), ==, 0);
  gq_query_options_set_stale_time (options, GQ_STALE_TIME_STATIC);
  g_assert_cmpint (_gq_query_options_resolve_stale_time (options, FAKE_QUERY), ==, GQ_STALE_TIME_STATIC);

  gq_query_options_set_stale_time_func (options, duration_from_query, &log, NULL);
  g_assert_cmpint (_gq_query_options_resolve_stale_time (options, FAKE_QUERY), ==, 4242);
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_true (log.last_query == FAKE_QUERY);

  gq_query_options_set_stale_time_func (options, NULL, NULL, NULL);
  g_assert_cmpint (_gq_query_options_resolve_stale_time (options, FAKE_QUERY), ==, GQ_STALE_TIME_STATIC);
}

static void
test_options_resolve_refetch_interval (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  CallLog log = { 0 };

  g_assert_cmpint (_gq_query_options_resolve_refetch_interval (options, FAKE_QUERY), ==, 0);
  gq_query_options_set_refetch_interval (options, 3000);
  g_assert_cmpint (_gq_query_options_resolve_refetch_interval (options, FAKE_QUERY), ==, 3000);

  gq_query_options_set_refetch_interval_func (options, duration_from_query, &log, NULL);
  g_assert_cmpint (_gq_query_options_resolve_refetch_interval (options, FAKE_QUERY), ==, 4242);
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_true (log.last_query == FAKE_QUERY);
}

static void
test_options_refetch_on_reconnect (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);

  g_assert_cmpint (_gq_query_options_resolve_refetch_on_reconnect (options), ==, GQ_REFETCH_IF_STALE);

  gq_query_options_set_network_mode (options, GQ_NETWORK_MODE_ALWAYS);
  g_assert_cmpint (_gq_query_options_resolve_refetch_on_reconnect (options), ==, GQ_REFETCH_NEVER);
  /* The property itself still reads its default. */
  g_assert_cmpint (gq_query_options_get_refetch_on_reconnect (options), ==, GQ_REFETCH_IF_STALE);

  gq_query_options_set_network_mode (options, GQ_NETWORK_MODE_OFFLINE_FIRST);
  g_assert_cmpint (_gq_query_options_resolve_refetch_on_reconnect (options), ==, GQ_REFETCH_IF_STALE);

  gq_query_options_set_network_mode (options, GQ_NETWORK_MODE_ALWAYS);
  gq_query_options_set_refetch_on_reconnect (options, GQ_REFETCH_IF_STALE);
  g_assert_cmpint (_gq_query_options_resolve_refetch_on_reconnect (options), ==, GQ_REFETCH_IF_STALE);
  gq_query_options_set_refetch_on_reconnect (options, GQ_REFETCH_ALWAYS);
  g_assert_cmpint (_gq_query_options_resolve_refetch_on_reconnect (options), ==, GQ_REFETCH_ALWAYS);
}

static void
test_options_select (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) other = gq_query_options_new (NULL);
  g_autoptr(JsonNode) data = parse_sealed ("{\"a\":1}");
  g_autoptr(JsonNode) selected = NULL;
  g_autofree char *text = NULL;
  ClosureData closure_data = { 0, 0 };

  g_assert_true (_gq_query_options_same_select (options, other));

  gq_query_options_set_select_func (options, wrap_select, &closure_data, NULL);
  g_assert_true (_gq_query_options_has_select (options));
  g_assert_false (_gq_query_options_same_select (options, other));

  selected = _gq_query_options_call_select (options, data);
  g_assert_cmpuint (closure_data.calls, ==, 1);
  text = to_string (selected);
  g_assert_cmpstr (text, ==, "[{\"a\":1}]");
  g_assert_true (json_array_get_element (json_node_get_array (selected), 0) == data);
}

static JsonNode *
placeholder_from_previous (JsonNode *previous_data,
                           GqQuery  *previous_query,
                           gpointer  user_data)
{
  CallLog *log = user_data;

  log->calls++;
  log->last_data = previous_data;
  log->last_query = previous_query;

  return json_from_string ("\"from func\"", NULL);
}

static void
test_options_placeholder (void)
{
  g_autoptr(GqQueryOptions) options = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) copy = NULL;
  g_autoptr(JsonNode) value = parse_sealed ("\"value\"");
  g_autoptr(JsonNode) previous = parse_sealed ("\"previous\"");
  g_autoptr(JsonNode) result = NULL;
  CallLog log = { 0 };

  g_assert_false (_gq_query_options_has_placeholder (options));
  result = _gq_query_options_get_placeholder (options, previous, FAKE_QUERY);
  g_assert_null (result);

  /* The value. */
  gq_query_options_set_placeholder_data (options, value);
  g_assert_true (_gq_query_options_has_placeholder (options));
  result = _gq_query_options_get_placeholder (options, previous, FAKE_QUERY);
  g_assert_true (result == value);
  g_clear_pointer (&result, json_node_unref);

  /* keep-previous-data beats the value: the identity on previous data. */
  gq_query_options_set_keep_previous_data (options, TRUE);
  result = _gq_query_options_get_placeholder (options, previous, FAKE_QUERY);
  g_assert_true (result == previous);
  g_clear_pointer (&result, json_node_unref);
  result = _gq_query_options_get_placeholder (options, NULL, NULL);
  g_assert_null (result);

  /* The function beats both. */
  gq_query_options_set_placeholder_func (options, placeholder_from_previous, &log, NULL);
  result = _gq_query_options_get_placeholder (options, previous, FAKE_QUERY);
  g_assert_cmpstr (json_node_get_string (result), ==, "from func");
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_true (log.last_data == previous);
  g_assert_true (log.last_query == FAKE_QUERY);
  g_clear_pointer (&result, json_node_unref);

  /* Only keep-previous-data alone also counts as a placeholder. */
  gq_query_options_set_placeholder_func (options, NULL, NULL, NULL);
  gq_query_options_set_placeholder_data (options, NULL);
  g_assert_true (_gq_query_options_has_placeholder (options));
}

static void
test_options_same_placeholder (void)
{
  g_autoptr(GqQueryOptions) a = gq_query_options_new (NULL);
  g_autoptr(GqQueryOptions) b = gq_query_options_new (NULL);
  g_autoptr(JsonNode) value = parse_sealed ("[1]");
  g_autoptr(JsonNode) equal_value = parse_sealed ("[1]");
  CallLog log = { 0 };

  g_assert_true (_gq_query_options_same_placeholder (a, b));

  gq_query_options_set_placeholder_data (a, value);
  gq_query_options_set_placeholder_data (b, value);
  g_assert_true (_gq_query_options_same_placeholder (a, b));

  /* The memo is by identity, as TanStack's `===`. */
  gq_query_options_set_placeholder_data (b, equal_value);
  g_assert_false (_gq_query_options_same_placeholder (a, b));
  gq_query_options_set_placeholder_data (b, value);

  gq_query_options_set_keep_previous_data (a, TRUE);
  g_assert_false (_gq_query_options_same_placeholder (a, b));
  gq_query_options_set_keep_previous_data (b, TRUE);
  g_assert_true (_gq_query_options_same_placeholder (a, b));

  gq_query_options_set_placeholder_func (a, placeholder_from_previous, &log, NULL);
  g_assert_false (_gq_query_options_same_placeholder (a, b));
  gq_query_options_set_placeholder_func (b, placeholder_from_previous, &log, NULL);
  g_assert_true (_gq_query_options_same_placeholder (a, b));
}

/* GqQueryFilters */

static void
test_filters_defaults (void)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (NULL);
  gboolean stale = TRUE;
  GqFetchStatus fetch_status = GQ_FETCH_STATUS_PAUSED;

  g_assert_null (gq_query_filters_get_query_key (filters));
  g_assert_false (gq_query_filters_get_exact (filters));
  g_assert_cmpint (gq_query_filters_get_query_type (filters), ==, GQ_QUERY_TYPE_ALL);
  g_assert_false (gq_query_filters_lookup_stale (filters, &stale));
  g_assert_false (stale);
  g_assert_false (gq_query_filters_lookup_fetch_status (filters, &fetch_status));
  g_assert_cmpint (fetch_status, ==, GQ_FETCH_STATUS_IDLE);
  g_assert_false (gq_query_filters_lookup_stale (filters, NULL));
  g_assert_cmpint (gq_query_filters_get_refetch_type (filters), ==, GQ_REFETCH_TYPE_ACTIVE);
  g_assert_false (_gq_query_filters_has_query_type (filters));
  g_assert_false (_gq_query_filters_has_refetch_type (filters));
}

static void
test_filters_new (void)
{
  g_autoptr(JsonNode) key = parse_sealed ("[\"todos\"]");
  g_autoptr(GqQueryFilters) prefix = gq_query_filters_new (key);
  g_autoptr(GqQueryFilters) exact = gq_query_filters_new_exact (key);
  g_autoptr(GqQueryFilters) exact_all = gq_query_filters_new_exact (NULL);

  g_assert_true (gq_query_filters_get_query_key (prefix) == key);
  g_assert_false (gq_query_filters_get_exact (prefix));
  g_assert_true (gq_query_filters_get_query_key (exact) == key);
  g_assert_true (gq_query_filters_get_exact (exact));
  g_assert_null (gq_query_filters_get_query_key (exact_all));
  g_assert_true (gq_query_filters_get_exact (exact_all));
}

static void
test_filters_key_sealed (void)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (NULL);
  g_autoptr(JsonNode) key = parse ("[\"todos\",{\"done\":false}]");
  g_autoptr(JsonNode) from_property = NULL;
  g_autofree char *text = NULL;
  JsonNode *stored;

  g_object_set (filters, "query-key", key, NULL);
  stored = gq_query_filters_get_query_key (filters);
  g_assert_true (stored != key);
  g_assert_true (json_node_is_immutable (stored));
  g_assert_false (json_node_is_immutable (key));

  json_array_add_int_element (json_node_get_array (key), 1);
  text = to_string (stored);
  g_assert_cmpstr (text, ==, "[\"todos\",{\"done\":false}]");

  g_object_get (filters, "query-key", &from_property, NULL);
  g_assert_true (json_node_equal (from_property, stored));

  gq_query_filters_set_query_key (filters, NULL);
  g_assert_null (gq_query_filters_get_query_key (filters));
}

static void
test_filters_stale_set_semantics (void)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (NULL);
  g_autoptr(GqQueryFilters) constructed = NULL;
  gboolean stale = TRUE;
  guint count = 0;

  g_signal_connect (filters, "notify::stale", G_CALLBACK (count_cb), &count);

  /* FALSE is the default value, yet setting it turns the filter on. */
  gq_query_filters_set_stale (filters, FALSE);
  g_assert_true (gq_query_filters_lookup_stale (filters, &stale));
  g_assert_false (stale);
  g_assert_cmpuint (count, ==, 0);

  g_object_set (filters, "stale", TRUE, NULL);
  g_assert_true (gq_query_filters_lookup_stale (filters, &stale));
  g_assert_true (stale);
  g_assert_cmpuint (count, ==, 1);

  constructed = g_object_new (GQ_TYPE_QUERY_FILTERS, "stale", FALSE, NULL);
  stale = TRUE;
  g_assert_true (gq_query_filters_lookup_stale (constructed, &stale));
  g_assert_false (stale);
}

static void
test_filters_fetch_status_set_semantics (void)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (NULL);
  g_autoptr(GqQueryFilters) constructed = NULL;
  GqFetchStatus fetch_status = GQ_FETCH_STATUS_PAUSED;
  guint count = 0;

  g_signal_connect (filters, "notify::fetch-status", G_CALLBACK (count_cb), &count);

  gq_query_filters_set_fetch_status (filters, GQ_FETCH_STATUS_IDLE);
  g_assert_true (gq_query_filters_lookup_fetch_status (filters, &fetch_status));
  g_assert_cmpint (fetch_status, ==, GQ_FETCH_STATUS_IDLE);
  g_assert_cmpuint (count, ==, 0);

  gq_query_filters_set_fetch_status (filters, GQ_FETCH_STATUS_FETCHING);
  g_assert_true (gq_query_filters_lookup_fetch_status (filters, &fetch_status));
  g_assert_cmpint (fetch_status, ==, GQ_FETCH_STATUS_FETCHING);
  g_assert_cmpuint (count, ==, 1);

  constructed = g_object_new (GQ_TYPE_QUERY_FILTERS, "fetch-status", GQ_FETCH_STATUS_PAUSED, NULL);
  g_assert_true (gq_query_filters_lookup_fetch_status (constructed, &fetch_status));
  g_assert_cmpint (fetch_status, ==, GQ_FETCH_STATUS_PAUSED);
}

static void
test_filters_properties (void)
{
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(GTypeClass) klass = g_type_class_ref (GQ_TYPE_QUERY_FILTERS);
  GqQueryType type = GQ_QUERY_TYPE_ALL;
  GqRefetchType refetch_type = GQ_REFETCH_TYPE_ACTIVE;
  gboolean exact = FALSE;
  GParamSpec *pspec;

  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "query-type");
  g_assert_true (pspec->value_type == GQ_TYPE_QUERY_TYPE);
  g_assert_cmpint (pspec->flags & G_PARAM_EXPLICIT_NOTIFY, ==, G_PARAM_EXPLICIT_NOTIFY);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "fetch-status");
  g_assert_true (pspec->value_type == GQ_TYPE_FETCH_STATUS);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "refetch-type");
  g_assert_true (pspec->value_type == GQ_TYPE_REFETCH_TYPE);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "query-key");
  g_assert_true (pspec->value_type == JSON_TYPE_NODE);

  filters = g_object_new (GQ_TYPE_QUERY_FILTERS,
                          "exact", TRUE,
                          "query-type", GQ_QUERY_TYPE_INACTIVE,
                          "refetch-type", GQ_REFETCH_TYPE_NONE,
                          NULL);
  g_object_get (filters,
                "exact", &exact,
                "query-type", &type,
                "refetch-type", &refetch_type,
                NULL);
  g_assert_true (exact);
  g_assert_cmpint (type, ==, GQ_QUERY_TYPE_INACTIVE);
  g_assert_cmpint (refetch_type, ==, GQ_REFETCH_TYPE_NONE);
  g_assert_true (_gq_query_filters_has_query_type (filters));
  g_assert_true (_gq_query_filters_has_refetch_type (filters));
}

static void
test_filters_resolve_refetch_type (void)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (NULL);

  g_assert_cmpint (_gq_query_filters_resolve_refetch_type (NULL), ==, GQ_REFETCH_TYPE_ACTIVE);
  g_assert_cmpint (_gq_query_filters_resolve_refetch_type (filters), ==, GQ_REFETCH_TYPE_ACTIVE);

  /* An explicit "all" type refetches all, although it is the default. */
  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_ALL);
  g_assert_true (_gq_query_filters_has_query_type (filters));
  g_assert_cmpint (_gq_query_filters_resolve_refetch_type (filters), ==, GQ_REFETCH_TYPE_ALL);

  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_INACTIVE);
  g_assert_cmpint (_gq_query_filters_resolve_refetch_type (filters), ==, GQ_REFETCH_TYPE_INACTIVE);

  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_ACTIVE);
  g_assert_cmpint (_gq_query_filters_resolve_refetch_type (filters), ==, GQ_REFETCH_TYPE_ACTIVE);

  /* The refetch type wins over the type, even at its default value. */
  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_INACTIVE);
  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_ACTIVE);
  g_assert_true (_gq_query_filters_has_refetch_type (filters));
  g_assert_cmpint (_gq_query_filters_resolve_refetch_type (filters), ==, GQ_REFETCH_TYPE_ACTIVE);

  gq_query_filters_set_refetch_type (filters, GQ_REFETCH_TYPE_NONE);
  g_assert_cmpint (_gq_query_filters_resolve_refetch_type (filters), ==, GQ_REFETCH_TYPE_NONE);
}

static gboolean
never_passes (GqQuery  *query,
              gpointer  user_data)
{
  return FALSE;
}

static void
test_filters_copy_with_type (void)
{
  g_autoptr(JsonNode) key = parse_sealed ("[\"a\",1]");
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new_exact (key);
  g_autoptr(GqQueryFilters) copy = NULL;
  g_autoptr(GqQueryFilters) from_null = NULL;
  GqFetchStatus fetch_status = GQ_FETCH_STATUS_IDLE;
  gboolean stale = TRUE;
  guint destroyed = 0;

  gq_query_filters_set_stale (filters, FALSE);
  gq_query_filters_set_fetch_status (filters, GQ_FETCH_STATUS_PAUSED);
  gq_query_filters_set_predicate (filters, never_passes, &destroyed, count_destroy);

  copy = _gq_query_filters_copy_with_type (filters, GQ_QUERY_TYPE_INACTIVE);
  g_assert_true (copy != filters);
  g_assert_true (gq_query_filters_get_query_key (copy) == key);
  g_assert_true (gq_query_filters_get_exact (copy));
  g_assert_cmpint (gq_query_filters_get_query_type (copy), ==, GQ_QUERY_TYPE_INACTIVE);
  g_assert_true (_gq_query_filters_has_query_type (copy));
  g_assert_true (gq_query_filters_lookup_stale (copy, &stale));
  g_assert_false (stale);
  g_assert_true (gq_query_filters_lookup_fetch_status (copy, &fetch_status));
  g_assert_cmpint (fetch_status, ==, GQ_FETCH_STATUS_PAUSED);
  g_assert_false (_gq_query_filters_has_refetch_type (copy));
  g_assert_cmpint (_gq_query_filters_resolve_refetch_type (copy), ==, GQ_REFETCH_TYPE_INACTIVE);

  /* The original keeps its own type. */
  g_assert_false (_gq_query_filters_has_query_type (filters));
  g_assert_cmpint (gq_query_filters_get_query_type (filters), ==, GQ_QUERY_TYPE_ALL);

  /* The predicate is shared: its data lives until both are gone. */
  g_clear_object (&filters);
  g_assert_cmpuint (destroyed, ==, 0);
  g_clear_object (&copy);
  g_assert_cmpuint (destroyed, ==, 1);

  from_null = _gq_query_filters_copy_with_type (NULL, GQ_QUERY_TYPE_ACTIVE);
  g_assert_null (gq_query_filters_get_query_key (from_null));
  g_assert_cmpint (gq_query_filters_get_query_type (from_null), ==, GQ_QUERY_TYPE_ACTIVE);
  g_assert_true (_gq_query_filters_has_query_type (from_null));
  g_assert_false (gq_query_filters_lookup_stale (from_null, NULL));
}

static void
test_filters_predicates_destroyed (void)
{
  GqQueryFilters *filters = gq_query_filters_new (NULL);
  guint first = 0;
  guint second = 0;
  guint orphan = 0;

  gq_query_filters_set_predicate (filters, never_passes, &first, count_destroy);
  gq_query_filters_set_predicate (filters, never_passes, &second, count_destroy);
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (second, ==, 0);

  gq_query_filters_set_predicate (filters, NULL, &orphan, count_destroy);
  g_assert_cmpuint (second, ==, 1);
  g_assert_cmpuint (orphan, ==, 1);

  g_assert_finalize_object (filters);
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (second, ==, 1);
}

static void
test_filters_notify (void)
{
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (NULL);
  g_autoptr(JsonNode) key = parse_sealed ("[1]");
  guint key_count = 0;
  guint exact_count = 0;
  guint type_count = 0;

  g_signal_connect (filters, "notify::query-key", G_CALLBACK (count_cb), &key_count);
  g_signal_connect (filters, "notify::exact", G_CALLBACK (count_cb), &exact_count);
  g_signal_connect (filters, "notify::query-type", G_CALLBACK (count_cb), &type_count);

  gq_query_filters_set_query_key (filters, key);
  gq_query_filters_set_query_key (filters, key);
  g_assert_cmpuint (key_count, ==, 1);

  gq_query_filters_set_exact (filters, FALSE);
  g_assert_cmpuint (exact_count, ==, 0);
  gq_query_filters_set_exact (filters, TRUE);
  gq_query_filters_set_exact (filters, TRUE);
  g_assert_cmpuint (exact_count, ==, 1);

  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_ALL);
  g_assert_cmpuint (type_count, ==, 0);
  gq_query_filters_set_query_type (filters, GQ_QUERY_TYPE_ACTIVE);
  g_assert_cmpuint (type_count, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/QueryState/defaults", test_state_defaults);
  g_test_add_func ("/Gq/QueryState/setters", test_state_setters);
  g_test_add_func ("/Gq/QueryState/json-null-is-data", test_state_json_null_is_data);
  g_test_add_func ("/Gq/QueryState/copy", test_state_copy);
  g_test_add_func ("/Gq/QueryState/refcount", test_state_refcount);
  g_test_add_func ("/Gq/QueryState/error-equal", test_error_equal);

  g_test_add_func ("/Gq/QueryResult/defaults", test_result_defaults);
  g_test_add_func ("/Gq/QueryResult/getters", test_result_getters);
  g_test_add_func ("/Gq/QueryResult/refcount", test_result_refcount);
  g_test_add_func ("/Gq/QueryResult/equal-basic", test_result_equal_basic);
  g_test_add_func ("/Gq/QueryResult/equal-data-by-pointer", test_result_equal_data_by_pointer);
  g_test_add_func ("/Gq/QueryResult/equal-errors-by-value", test_result_equal_errors_by_value);
  g_test_add_func ("/Gq/QueryResult/equal-every-field", test_result_equal_every_field);

  g_test_add_func ("/Gq/QueryOptions/defaults", test_options_defaults);
  g_test_add_func ("/Gq/QueryOptions/pspecs", test_options_pspecs);
  g_test_add_func ("/Gq/QueryOptions/setter-marks-set", test_options_setter_marks_set);
  g_test_add_func ("/Gq/QueryOptions/g-object-set-marks-set", test_options_g_object_set_marks_set);
  g_test_add_func ("/Gq/QueryOptions/construct-marks-set", test_options_construct_marks_set);
  g_test_add_func ("/Gq/QueryOptions/new-with-key", test_options_new_with_key);
  g_test_add_func ("/Gq/QueryOptions/is-set-names", test_options_is_set_names);
  g_test_add_func ("/Gq/QueryOptions/is-set-unknown", test_options_is_set_unknown);
  g_test_add_func ("/Gq/QueryOptions/notify-on-change", test_options_notify_on_change);
  g_test_add_func ("/Gq/QueryOptions/json-null-unsets", test_options_json_null_unsets);
  g_test_add_func ("/Gq/QueryOptions/json-mutable-copied", test_options_json_mutable_copied);
  g_test_add_func ("/Gq/QueryOptions/json-sealed-shared", test_options_json_sealed_shared);
  g_test_add_func ("/Gq/QueryOptions/json-sealed-child-shared", test_options_json_sealed_child_shared);
  g_test_add_func ("/Gq/QueryOptions/unset", test_options_unset);
  g_test_add_func ("/Gq/QueryOptions/invalid-values", test_options_invalid_values);
  g_test_add_func ("/Gq/QueryOptions/merge-precedence", test_options_merge_precedence);
  g_test_add_func ("/Gq/QueryOptions/merge-unset-does-not-override", test_options_merge_unset_does_not_override);
  g_test_add_func ("/Gq/QueryOptions/merge-null", test_options_merge_null);
  g_test_add_func ("/Gq/QueryOptions/merge-closures", test_options_merge_closures);
  g_test_add_func ("/Gq/QueryOptions/merge-value-over-function", test_options_merge_value_over_function);
  g_test_add_func ("/Gq/QueryOptions/apply", test_options_apply);
  g_test_add_func ("/Gq/QueryOptions/copy", test_options_copy);
  g_test_add_func ("/Gq/QueryOptions/shallow-equal", test_options_shallow_equal);
  g_test_add_func ("/Gq/QueryOptions/closure-destroyed-once", test_options_closure_destroyed_once);
  g_test_add_func ("/Gq/QueryOptions/closure-replace", test_options_closure_replace);
  g_test_add_func ("/Gq/QueryOptions/query-func", test_options_query_func);
  g_test_add_func ("/Gq/QueryOptions/should-retry-count", test_options_should_retry_count);
  g_test_add_func ("/Gq/QueryOptions/should-retry-default", test_options_should_retry_default);
  g_test_add_func ("/Gq/QueryOptions/should-retry-forever", test_options_should_retry_forever);
  g_test_add_func ("/Gq/QueryOptions/should-retry-func", test_options_should_retry_func);
  g_test_add_func ("/Gq/QueryOptions/retry-delay-default", test_options_retry_delay_default);
  g_test_add_func ("/Gq/QueryOptions/retry-delay-fixed", test_options_retry_delay_fixed);
  g_test_add_func ("/Gq/QueryOptions/retry-delay-func", test_options_retry_delay_func);
  g_test_add_func ("/Gq/QueryOptions/resolve-stale-time", test_options_resolve_stale_time);
  g_test_add_func ("/Gq/QueryOptions/resolve-refetch-interval", test_options_resolve_refetch_interval);
  g_test_add_func ("/Gq/QueryOptions/refetch-on-reconnect", test_options_refetch_on_reconnect);
  g_test_add_func ("/Gq/QueryOptions/select", test_options_select);
  g_test_add_func ("/Gq/QueryOptions/placeholder", test_options_placeholder);
  g_test_add_func ("/Gq/QueryOptions/same-placeholder", test_options_same_placeholder);

  g_test_add_func ("/Gq/QueryFilters/defaults", test_filters_defaults);
  g_test_add_func ("/Gq/QueryFilters/new", test_filters_new);
  g_test_add_func ("/Gq/QueryFilters/key-sealed", test_filters_key_sealed);
  g_test_add_func ("/Gq/QueryFilters/stale-set-semantics", test_filters_stale_set_semantics);
  g_test_add_func ("/Gq/QueryFilters/fetch-status-set-semantics", test_filters_fetch_status_set_semantics);
  g_test_add_func ("/Gq/QueryFilters/properties", test_filters_properties);
  g_test_add_func ("/Gq/QueryFilters/resolve-refetch-type", test_filters_resolve_refetch_type);
  g_test_add_func ("/Gq/QueryFilters/copy-with-type", test_filters_copy_with_type);
  g_test_add_func ("/Gq/QueryFilters/predicates-destroyed", test_filters_predicates_destroyed);
  g_test_add_func ("/Gq/QueryFilters/notify", test_filters_notify);

  return g_test_run ();
}
