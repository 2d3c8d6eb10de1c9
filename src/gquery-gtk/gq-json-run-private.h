/* gq-json-run-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-json-item.h"

G_BEGIN_DECLS

/* A run of JSON values shown as items: the sealed array (or NULL for none)
 * and an item per position, created on first request (NULL until then). */
typedef struct
{
  JsonNode  *array;
  GPtrArray *items;
} GqJsonRun;

void        _gq_json_run_init     (GqJsonRun *run);
void        _gq_json_run_clear    (GqJsonRun *run);
guint       _gq_json_run_length   (GqJsonRun *run);
GqJsonItem *_gq_json_run_get_item (GqJsonRun *run,
                                   guint      position);
gboolean    _gq_json_run_update   (GqJsonRun *run,
                                   JsonNode  *array,
                                   guint     *position,
                                   guint     *removed,
                                   guint     *added);

void        _gq_json_run_adopt    (GqJsonRun *run,
                                   JsonNode  *array);

G_END_DECLS
