/* gq-rest-source.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include <libsoup/soup.h>

#include "gq-types.h"

G_BEGIN_DECLS

/**
 * GqRestPagination:
 * @GQ_REST_PAGINATION_JSON_SERVER: json-server's pages: the page param is
 *   the page number, from 1, sent as `_page` with `_limit`; the next page
 *   comes from the `Link` header (else from `X-Total-Count`), the total
 *   from `X-Total-Count`
 * @GQ_REST_PAGINATION_POSTGREST: PostgREST's windows: the page param is the
 *   offset, from 0, sent as `offset` with `limit` and
 *   `Prefer: count=exact`; the total and the next offset come from
 *   `Content-Range`, and a 416 past the end is an empty last page
 * @GQ_REST_PAGINATION_CURSOR: cursors in the body: the page param is the
 *   cursor (null for the first page), sent as
 *   [property@Gq.RestSource:cursor-param]; the body is an object whose
 *   [property@Gq.RestSource:items-field] holds the items and whose
 *   [property@Gq.RestSource:cursor-field] holds the next cursor
 *
 * How a [class@Gq.RestSource] asks for the pages of an infinite query and
 * finds the next one.
 */
typedef enum
{
  GQ_REST_PAGINATION_JSON_SERVER,
  GQ_REST_PAGINATION_POSTGREST,
  GQ_REST_PAGINATION_CURSOR,
} GqRestPagination;

#define GQ_TYPE_REST_SOURCE (gq_rest_source_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqRestSource, gq_rest_source, GQ, REST_SOURCE, GObject)

GQ_AVAILABLE_IN_ALL
GqRestSource     *gq_rest_source_new                     (const char           *base_uri);
GQ_AVAILABLE_IN_ALL
GqRestSource     *gq_rest_source_new_with_session        (const char           *base_uri,
                                                          SoupSession          *session);
GQ_AVAILABLE_IN_ALL
const char       *gq_rest_source_get_base_uri            (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
SoupSession      *gq_rest_source_get_session             (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_auth_token          (GqRestSource         *self,
                                                          const char           *auth_token);
GQ_AVAILABLE_IN_ALL
gboolean          gq_rest_source_has_auth_token          (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
gint64            gq_rest_source_get_max_body_size       (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_max_body_size       (GqRestSource         *self,
                                                          gint64                max_body_size);
GQ_AVAILABLE_IN_ALL
gint64            gq_rest_source_get_parse_threshold     (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_parse_threshold     (GqRestSource         *self,
                                                          gint64                parse_threshold);
GQ_AVAILABLE_IN_ALL
GqRestPagination  gq_rest_source_get_pagination          (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_pagination          (GqRestSource         *self,
                                                          GqRestPagination      pagination);
GQ_AVAILABLE_IN_ALL
guint             gq_rest_source_get_page_size           (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_page_size           (GqRestSource         *self,
                                                          guint                 page_size);
GQ_AVAILABLE_IN_ALL
const char       *gq_rest_source_get_cursor_param        (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_cursor_param        (GqRestSource         *self,
                                                          const char           *cursor_param);
GQ_AVAILABLE_IN_ALL
const char       *gq_rest_source_get_cursor_field        (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_cursor_field        (GqRestSource         *self,
                                                          const char           *cursor_field);
GQ_AVAILABLE_IN_ALL
const char       *gq_rest_source_get_items_field         (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_items_field         (GqRestSource         *self,
                                                          const char           *items_field);
GQ_AVAILABLE_IN_ALL
const char       *gq_rest_source_get_id_field            (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_id_field            (GqRestSource         *self,
                                                          const char           *id_field);
GQ_AVAILABLE_IN_ALL
int               gq_rest_source_get_retry               (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_set_retry               (GqRestSource         *self,
                                                          int                   retry);

GQ_AVAILABLE_IN_ALL
void              gq_rest_source_trust_certificate       (GqRestSource         *self,
                                                          GTlsCertificate      *certificate);
GQ_AVAILABLE_IN_ALL
GTlsCertificate  *gq_rest_source_get_trusted_certificate (GqRestSource         *self);

GQ_AVAILABLE_IN_ALL
void              gq_rest_source_install                 (GqRestSource         *self,
                                                          GqQueryClient        *client);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_query_func              (GqFetchContext       *context,
                                                          gpointer              user_data);
GQ_AVAILABLE_IN_ALL
gboolean          gq_rest_source_retry_func              (guint                 failure_count,
                                                          const GError         *error,
                                                          gpointer              user_data);
GQ_AVAILABLE_IN_ALL
GUri             *gq_rest_source_build_uri               (GqRestSource         *self,
                                                          JsonNode             *key,
                                                          GError              **error);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_request_async           (GqRestSource         *self,
                                                          const char           *method,
                                                          JsonNode             *key,
                                                          JsonNode             *body,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_rest_source_request_finish          (GqRestSource         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

GQ_AVAILABLE_IN_ALL
void              gq_rest_source_post_func               (GqMutationContext    *context,
                                                          gpointer              user_data);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_put_func                (GqMutationContext    *context,
                                                          gpointer              user_data);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_patch_func              (GqMutationContext    *context,
                                                          gpointer              user_data);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_delete_func             (GqMutationContext    *context,
                                                          gpointer              user_data);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_setup_mutation_options  (GqRestSource         *self,
                                                          GqMutationOptions    *options,
                                                          const char           *method);

GQ_AVAILABLE_IN_ALL
JsonNode         *gq_rest_source_get_initial_page_param  (GqRestSource         *self);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_rest_source_next_page_param_func    (JsonNode             *page,
                                                          JsonNode             *all_pages,
                                                          JsonNode             *page_param,
                                                          JsonNode             *all_page_params,
                                                          gpointer              user_data);
GQ_AVAILABLE_IN_ALL
JsonNode         *gq_rest_source_previous_page_param_func (JsonNode            *page,
                                                           JsonNode            *all_pages,
                                                           JsonNode            *page_param,
                                                           JsonNode            *all_page_params,
                                                           gpointer             user_data);
GQ_AVAILABLE_IN_ALL
void              gq_rest_source_setup_infinite_options  (GqRestSource           *self,
                                                          GqInfiniteQueryOptions *options);

G_END_DECLS
