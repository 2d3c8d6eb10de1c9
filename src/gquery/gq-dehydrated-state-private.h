/* gq-dehydrated-state-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-query-options-private.h"
#include "gq-types.h"

G_BEGIN_DECLS

/* The JSON of a dehydrated state, TanStack Query's, field for field: the
 * entries of a state, written and read. */

/* How states are written: both closures nullable. */
typedef struct
{
  GqOptionClosure *redact;     /* GqErrorPredicate */
  GqOptionClosure *serialize;  /* GqDataTransformFunc */
} GqDehydrateWriter;

JsonNode *_gq_dehydrated_query_new      (GqQuery                 *query,
                                         const GqDehydrateWriter *writer);
JsonNode *_gq_dehydrated_mutation_new   (GqMutation              *mutation,
                                         const GqDehydrateWriter *writer);

/* An entry as read, checked and with its JSON sealed. */
typedef struct
{
  JsonNode     *query_key;
  char         *query_hash;
  GqQueryState *state;
  gint64        dehydrated_at;
  gboolean      has_dehydrated_at;
  JsonNode     *meta;
  gboolean      is_infinite;
} GqDehydratedQuery;

typedef struct
{
  JsonNode        *mutation_key;
  JsonNode        *meta;
  char            *scope_id;
  GqMutationState *state;
} GqDehydratedMutation;

void      _gq_dehydrated_query_clear    (gpointer                 entry);
void      _gq_dehydrated_mutation_clear (gpointer                 entry);
/* Read @node into @entry (zeroed); @path names the entry in errors, such
 * as "queries[2]". A restored pending mutation is paused. */
gboolean  _gq_dehydrated_query_read     (JsonNode                *node,
                                         const char              *path,
                                         GqDehydratedQuery       *entry,
                                         GError                 **error);
gboolean  _gq_dehydrated_mutation_read  (JsonNode                *node,
                                         const char              *path,
                                         GqDehydratedMutation    *entry,
                                         GError                 **error);

G_END_DECLS
