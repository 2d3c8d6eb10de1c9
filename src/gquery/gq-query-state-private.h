/* gq-query-state-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-query-state.h"

G_BEGIN_DECLS

/* A snapshot: never changed once anyone but its query holds it. A
 * dispatch edits the current state when the query holds the only
 * reference (_gq_query_state_edit), else a copy, and publishes that. */
struct _GqQueryState
{
  gatomicrefcount ref_count;

  JsonNode      *data;               /* NULL: no data (TanStack's undefined) */
  guint          data_update_count;
  gint64         data_updated_at;
  GError        *error;
  guint          error_update_count;
  gint64         error_updated_at;
  guint          fetch_failure_count;
  GError        *fetch_failure_reason;
  JsonNode      *fetch_meta;
  gboolean       is_invalidated;
  GqQueryStatus  status;
  GqFetchStatus  fetch_status;
};

GqQueryState *_gq_query_state_new  (void);
GqQueryState *_gq_query_state_copy (GqQueryState *self);
/* A new reference to a state the caller may edit: @self when the
 * caller's is its only reference, else a copy. */
GqQueryState *_gq_query_state_edit (GqQueryState *self);
/* Setters that replace a field of an unpublished copy, taking a new
 * reference / copy of the value (NULL clears). */
void          _gq_query_state_set_data                 (GqQueryState *self,
                                                        JsonNode     *data);
void          _gq_query_state_set_error                (GqQueryState *self,
                                                        const GError *error);
void          _gq_query_state_set_fetch_failure_reason (GqQueryState *self,
                                                        const GError *error);
void          _gq_query_state_set_fetch_meta           (GqQueryState *self,
                                                        JsonNode     *meta);

gboolean      _gq_error_equal (const GError *a,
                               const GError *b);

G_END_DECLS
