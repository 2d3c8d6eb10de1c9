/* gq-browser-record-form.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GQ_TYPE_BROWSER_RECORD_FORM (gq_browser_record_form_get_type ())

G_DECLARE_FINAL_TYPE (GqBrowserRecordForm, gq_browser_record_form, GQ, BROWSER_RECORD_FORM, AdwWindow)

GqBrowserRecordForm *gq_browser_record_form_new        (const char          *title,
                                                        GPtrArray           *fields,
                                                        JsonNode            *record);
gboolean             gq_browser_record_form_set_text   (GqBrowserRecordForm *self,
                                                        const char          *field,
                                                        const char          *text);
gboolean             gq_browser_record_form_submit     (GqBrowserRecordForm *self);
const char          *gq_browser_record_form_get_errors (GqBrowserRecordForm *self);

G_END_DECLS
