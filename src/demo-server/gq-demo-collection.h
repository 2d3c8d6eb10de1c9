/* gq-demo-collection.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One collection: its records in order, indexed by the string form of
 * their id. Records are sealed; a change stores a new object. */
typedef struct _GqDemoCollection GqDemoCollection;

GqDemoCollection *gq_demo_collection_new          (const char        *name);
void              gq_demo_collection_free         (GqDemoCollection  *collection);
const char       *gq_demo_collection_get_name     (GqDemoCollection  *collection);
guint             gq_demo_collection_get_n_records (GqDemoCollection *collection);
JsonObject       *gq_demo_collection_get_record   (GqDemoCollection  *collection,
                                                   guint              position);
JsonObject       *gq_demo_collection_lookup       (GqDemoCollection  *collection,
                                                   const char        *id_key);
gboolean          gq_demo_collection_append       (GqDemoCollection  *collection,
                                                   JsonObject        *record);
void              gq_demo_collection_replace      (GqDemoCollection  *collection,
                                                   JsonObject        *record);
void              gq_demo_collection_remove       (GqDemoCollection  *collection,
                                                   const char        *id_key);
JsonNode         *gq_demo_collection_next_id      (GqDemoCollection  *collection,
                                                   GRand             *rand);
JsonArray        *gq_demo_collection_to_array     (GqDemoCollection  *collection);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqDemoCollection, gq_demo_collection_free)

G_END_DECLS
