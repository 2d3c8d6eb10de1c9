/* gq-demo-json.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *gq_demo_json_take_object   (JsonObject  *object);
JsonNode *gq_demo_json_take_array    (JsonArray   *array);
char     *gq_demo_json_serialize      (JsonNode    *node,
                                       gsize       *length);
JsonNode *gq_demo_json_parse          (const char  *text,
                                       gsize        length,
                                       GError     **error);
JsonNode *gq_demo_json_lookup_path    (JsonObject  *object,
                                       const char  *path);
gboolean  gq_demo_json_has_path       (JsonObject  *object,
                                       const char  *path);
char     *gq_demo_json_id_key         (JsonNode    *id);
char     *gq_demo_json_to_js_string   (JsonNode    *node);
double    gq_demo_json_to_js_number   (JsonNode    *node);
gboolean  gq_demo_json_is_js_truthy   (JsonNode    *node);
char     *gq_demo_js_number_to_string (double       value);
double    gq_demo_js_string_to_number (const char  *text);
gboolean  gq_demo_js_parse_int        (const char  *text,
                                       gint64      *value);
int       gq_demo_js_string_compare   (const char  *a,
                                       const char  *b);

G_END_DECLS
