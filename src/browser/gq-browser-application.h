/* gq-browser-application.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GQ_TYPE_BROWSER_APPLICATION (gq_browser_application_get_type ())

G_DECLARE_FINAL_TYPE (GqBrowserApplication, gq_browser_application, GQ, BROWSER_APPLICATION, AdwApplication)

GqBrowserApplication *gq_browser_application_new (void);

G_END_DECLS
