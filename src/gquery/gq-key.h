/* gq-key.h
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
JsonNode *gq_key_new           (const char         *first_element,
                                ...) G_GNUC_NULL_TERMINATED;
GQ_AVAILABLE_IN_ALL
JsonNode *gq_key_newv          (const char * const *elements);
GQ_AVAILABLE_IN_ALL
JsonNode *gq_key_printf        (const char         *format,
                                ...) G_GNUC_PRINTF (1, 2);
GQ_AVAILABLE_IN_ALL
JsonNode *gq_key_parse         (const char         *text,
                                GError            **error);
GQ_AVAILABLE_IN_ALL
gboolean  gq_key_validate      (JsonNode           *key,
                                GError            **error);
GQ_AVAILABLE_IN_ALL
char     *gq_key_hash          (JsonNode           *key);
GQ_AVAILABLE_IN_ALL
gboolean  gq_key_partial_match (JsonNode           *key,
                                JsonNode           *filter);
GQ_AVAILABLE_IN_ALL
gboolean  gq_key_equal         (JsonNode           *a,
                                JsonNode           *b);

G_END_DECLS
