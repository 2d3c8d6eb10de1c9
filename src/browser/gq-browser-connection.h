/* gq-browser-connection.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gquery.h>

G_BEGIN_DECLS

typedef enum
{
  GQ_BROWSER_BACKEND_AUTO,
  GQ_BROWSER_BACKEND_JSON_SERVER,
  GQ_BROWSER_BACKEND_POSTGREST,
} GqBrowserBackend;

#define GQ_BROWSER_COLLECTIONS_KEY "$collections"

#define GQ_TYPE_BROWSER_CONNECTION (gq_browser_connection_get_type ())

G_DECLARE_FINAL_TYPE (GqBrowserConnection, gq_browser_connection, GQ, BROWSER_CONNECTION, GObject)

GqBrowserConnection    *gq_browser_connection_new                (const char           *base_uri,
                                                                  GqBrowserBackend      backend,
                                                                  GqFocusManager       *focus_manager,
                                                                  GqOnlineManager      *online_manager);
const char             *gq_browser_connection_get_base_uri       (GqBrowserConnection  *self);
const char             *gq_browser_connection_get_display_name   (GqBrowserConnection  *self);
void                    gq_browser_connection_set_display_name   (GqBrowserConnection  *self,
                                                                  const char           *name);
GqBrowserBackend        gq_browser_connection_get_backend        (GqBrowserConnection  *self);
GqQueryClient          *gq_browser_connection_get_client         (GqBrowserConnection  *self);
GqRestSource           *gq_browser_connection_get_source         (GqBrowserConnection  *self);
GSettings              *gq_browser_connection_get_settings       (GqBrowserConnection  *self);
guint                   gq_browser_connection_get_pending_count  (GqBrowserConnection  *self);
void                    gq_browser_connection_set_auth_token     (GqBrowserConnection  *self,
                                                                  const char           *token);

void                    gq_browser_connection_restore_async      (GqBrowserConnection  *self,
                                                                  const char           *cache_path,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean                gq_browser_connection_restore_finish     (GqBrowserConnection  *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                    gq_browser_connection_flush_async        (GqBrowserConnection  *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean                gq_browser_connection_flush_finish       (GqBrowserConnection  *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

GqQueryOptions         *gq_browser_connection_collections_options (GqBrowserConnection *self);
gboolean                gq_browser_connection_can_search         (GqBrowserConnection  *self,
                                                                  const char           *collection);
char                   *gq_browser_connection_dup_default_sort_field (GqBrowserConnection *self,
                                                                      const char          *collection);
GqInfiniteQueryOptions *gq_browser_connection_list_options       (GqBrowserConnection  *self,
                                                                  const char           *collection,
                                                                  const char           *sort_field,
                                                                  gboolean              descending,
                                                                  const char           *search);
GqQueryOptions         *gq_browser_connection_detail_options     (GqBrowserConnection  *self,
                                                                  const char           *collection,
                                                                  JsonNode             *id);
JsonNode               *gq_browser_connection_find_cached_record (GqBrowserConnection  *self,
                                                                  const char           *collection,
                                                                  JsonNode             *id,
                                                                  gint64               *updated_at);

void                    gq_browser_connection_create_record      (GqBrowserConnection  *self,
                                                                  const char           *collection,
                                                                  JsonNode             *record);
void                    gq_browser_connection_update_record      (GqBrowserConnection  *self,
                                                                  const char           *collection,
                                                                  JsonNode             *changes);
void                    gq_browser_connection_delete_record      (GqBrowserConnection  *self,
                                                                  const char           *collection,
                                                                  JsonNode             *id);

char                   *gq_browser_connection_describe_error     (GqBrowserConnection  *self,
                                                                  const GError         *error);
gboolean                gq_browser_connection_has_rejected_certificate (GqBrowserConnection *self);
gboolean                gq_browser_connection_trust_rejected_certificate (GqBrowserConnection *self);

G_END_DECLS
