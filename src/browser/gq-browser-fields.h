/* gq-browser-fields.h: what the fields of a collection's records hold
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GQ_BROWSER_FIELD_TEXT,
  GQ_BROWSER_FIELD_INTEGER,
  GQ_BROWSER_FIELD_NUMBER,
  GQ_BROWSER_FIELD_BOOLEAN,
  GQ_BROWSER_FIELD_DATE,
  GQ_BROWSER_FIELD_JSON,
} GqBrowserFieldKind;

typedef struct
{
  char               *name;
  GqBrowserFieldKind  kind;
  gboolean            nullable;
} GqBrowserField;

GPtrArray *gq_browser_fields_infer        (JsonArray   *records);
gboolean   gq_browser_fields_is_date      (const char  *text);
char      *gq_browser_fields_format_value (JsonNode    *value);
char      *gq_browser_fields_title        (const char  *name);

G_END_DECLS
