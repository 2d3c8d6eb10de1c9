/* gq-demo-store.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

#include "gq-demo-collection.h"
#include "gq-demo-idempotency.h"
#include "gq-demo-reply.h"

G_BEGIN_DECLS

#define GQ_DEMO_TYPE_STORE (gq_demo_store_get_type ())

G_DECLARE_FINAL_TYPE (GqDemoStore, gq_demo_store, GQ_DEMO, STORE, GObject)

GqDemoStore       *gq_demo_store_new               (guint32       seed,
                                                    guint         scale);
gboolean           gq_demo_store_open_file         (GqDemoStore  *self,
                                                    const char   *path,
                                                    GError      **error);
void               gq_demo_store_set_save_delay    (GqDemoStore  *self,
                                                    guint         delay_ms);
gboolean           gq_demo_store_flush             (GqDemoStore  *self,
                                                    GError      **error);
guint              gq_demo_store_get_n_collections (GqDemoStore  *self);
GqDemoCollection  *gq_demo_store_get_collection    (GqDemoStore  *self,
                                                    guint         position);
GqDemoCollection  *gq_demo_store_lookup            (GqDemoStore  *self,
                                                    const char   *name);
JsonNode          *gq_demo_store_to_json           (GqDemoStore  *self);
GqDemoReply       *gq_demo_store_create            (GqDemoStore  *self,
                                                    const char   *collection,
                                                    JsonObject   *body);
GqDemoReply       *gq_demo_store_replace           (GqDemoStore  *self,
                                                    const char   *collection,
                                                    const char   *id_key,
                                                    JsonObject   *body);
GqDemoReply       *gq_demo_store_update            (GqDemoStore  *self,
                                                    const char   *collection,
                                                    const char   *id_key,
                                                    JsonObject   *body);
GqDemoReply       *gq_demo_store_delete            (GqDemoStore  *self,
                                                    const char   *collection,
                                                    const char   *id_key);
GqDemoReply       *gq_demo_store_replay            (GqDemoStore  *self,
                                                    const char   *key,
                                                    const char   *fingerprint);
void               gq_demo_store_remember          (GqDemoStore  *self,
                                                    const char   *key,
                                                    const char   *fingerprint,
                                                    GqDemoReply  *reply);

G_END_DECLS
