/* gq-browser-secrets.h: access tokens in the Secret Service, never on disk
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     gq_browser_secrets_store_async  (const char           *endpoint,
                                          const char           *token,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean gq_browser_secrets_store_finish (GAsyncResult         *result,
                                          GError              **error);
void     gq_browser_secrets_lookup_async (const char           *endpoint,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char    *gq_browser_secrets_lookup_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
