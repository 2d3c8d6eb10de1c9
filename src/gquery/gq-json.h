/* gq-json.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

GQ_AVAILABLE_IN_ALL
JsonNode *gq_json_replace_equal_deep (JsonNode    *previous,
                                      JsonNode    *next);
GQ_AVAILABLE_IN_ALL
JsonNode *gq_json_copy               (JsonNode    *node);
GQ_AVAILABLE_IN_ALL
JsonNode *gq_json_seal_copy          (JsonNode    *node);
GQ_AVAILABLE_IN_ALL
gboolean  gq_json_equal              (JsonNode    *a,
                                      JsonNode    *b);
GQ_AVAILABLE_IN_ALL
char     *gq_json_to_canonical       (JsonNode    *node);
GQ_AVAILABLE_IN_ALL
JsonNode *gq_json_parse              (const char  *text,
                                      gssize       length,
                                      GError     **error);

G_END_DECLS
