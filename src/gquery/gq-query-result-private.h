/* gq-query-result-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-query-result.h"

G_BEGIN_DECLS

struct _GqQueryResult
{
  gatomicrefcount ref_count;

  GqQueryStatus  status;
  GqFetchStatus  fetch_status;
  JsonNode      *data;
  GError        *error;
  gint64         data_updated_at;
  gint64         error_updated_at;
  guint          failure_count;
  GError        *failure_reason;
  guint          error_update_count;

  gboolean       is_pending;
  gboolean       is_success;
  gboolean       is_error;
  gboolean       is_loading;
  gboolean       is_loading_error;
  gboolean       is_refetch_error;
  gboolean       is_fetching;
  gboolean       is_refetching;
  gboolean       is_paused;
  gboolean       is_stale;
  gboolean       is_placeholder_data;
  gboolean       is_fetched;
  gboolean       is_fetched_after_mount;
  gboolean       is_enabled;

  /* infinite queries */
  gboolean       has_next_page;
  gboolean       has_previous_page;
  gboolean       is_fetching_next_page;
  gboolean       is_fetching_previous_page;
  gboolean       is_fetch_next_page_error;
  gboolean       is_fetch_previous_page_error;
};

/* All fields zero / NULL. */
GqQueryResult *_gq_query_result_new (void);
/* An observer makes a result per notification and drops the one it
 * emitted before: it keeps that one, cleared, to make the next in, rather
 * than a free and an allocation per notification. */
/* _gq_query_result_new(), in *@spare when there is one (taken). */
GqQueryResult *_gq_query_result_new_from_spare (GqQueryResult **spare);
/* Drops a reference to @self; when it was the last one and *@spare is
 * empty, @self is cleared and goes there instead of being freed. Free a
 * spare with gq_query_result_unref(). */
void           _gq_query_result_release        (GqQueryResult  *self,
                                                GqQueryResult **spare);
/* Takes references / copies of data, error and failure_reason. */
void           _gq_query_result_set_data           (GqQueryResult *self,
                                                    JsonNode      *data);
void           _gq_query_result_set_error          (GqQueryResult *self,
                                                    const GError  *error);
void           _gq_query_result_set_failure_reason (GqQueryResult *self,
                                                    const GError  *error);

G_END_DECLS
