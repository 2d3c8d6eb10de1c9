/* gq-key-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-key.h"

G_BEGIN_DECLS

/* gq_key_partial_match() of two arrays whose first @known elements are
 * known to match. */
gboolean _gq_key_partial_match_from (JsonNode *key,
                                     JsonNode *filter,
                                     guint     known);

G_END_DECLS
