/* gq-browser-connect-dialog.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

#include "gq-browser-connection.h"

G_BEGIN_DECLS

#define GQ_TYPE_BROWSER_CONNECT_DIALOG (gq_browser_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GqBrowserConnectDialog, gq_browser_connect_dialog, GQ, BROWSER_CONNECT_DIALOG, AdwWindow)

GqBrowserConnectDialog *gq_browser_connect_dialog_new       (GtkWindow              *parent);
gboolean                gq_browser_connect_dialog_set_url   (GqBrowserConnectDialog *self,
                                                             const char             *url);
gboolean                gq_browser_connect_dialog_submit    (GqBrowserConnectDialog *self);
const char             *gq_browser_connect_dialog_get_error (GqBrowserConnectDialog *self);
gboolean                gq_browser_parse_endpoint           (const char             *text,
                                                             char                  **uri,
                                                             char                  **error);

G_END_DECLS
