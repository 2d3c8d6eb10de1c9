/* gq-json-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-json.h"

G_BEGIN_DECLS

/* The canonical text of a value (a query hash), written into the struct
 * itself when it fits: looking a key up then allocates nothing. */
typedef struct
{
  char  *str;
  gsize  len;
  char   stack[192];
} GqCanonical;

void _gq_canonical_init  (GqCanonical *self,
                          JsonNode    *node);
/* The canonical text of @array's first @length elements without the
 * closing bracket, so a prefix of the array's own; @ends (nullable, room
 * for @length) gets where each element's text ends. */
void _gq_canonical_init_prefix (GqCanonical *self,
                                JsonArray   *array,
                                guint        length,
                                gsize       *ends);
void _gq_canonical_clear (GqCanonical *self);

G_END_DECLS
