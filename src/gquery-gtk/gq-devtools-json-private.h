/* gq-devtools-json-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GQ_DEVTOOLS_MASK "••••"

/* Collections with more children than this show them in ranges. */
#define GQ_DEVTOOLS_JSON_CHUNK 100

#define GQ_TYPE_DEVTOOLS_JSON_ITEM (gq_devtools_json_item_get_type ())

G_DECLARE_FINAL_TYPE (GqDevtoolsJsonItem, gq_devtools_json_item, GQ, DEVTOOLS_JSON_ITEM, GObject)

const char *gq_devtools_json_item_get_label      (GqDevtoolsJsonItem *self);
/* The value column: compact JSON of a leaf, "N items" of a collection or
 * range, the mask for a secret. */
char       *gq_devtools_json_item_dup_summary    (GqDevtoolsJsonItem *self);
gboolean    gq_devtools_json_item_is_expandable  (GqDevtoolsJsonItem *self);
/* The JSON under the item, secrets masked. */
char       *gq_devtools_json_item_dup_json       (GqDevtoolsJsonItem *self);

/* A tree of @root (nullable: no data) whose children are created when a
 * row is expanded. */
GtkTreeListModel *gq_devtools_json_tree_new      (JsonNode   *root,
                                                  const char *root_label);

/* How many tree items were ever created (tests: laziness). */
guint       gq_devtools_json_items_created       (void);

/* Secrets */
gboolean    gq_devtools_is_secret_name           (const char *name);
/* A deep copy of @node with every secret member's value masked. */
JsonNode   *gq_devtools_mask_json                (JsonNode   *node);
/* JSON text of @node, masked, indented when @pretty. */
char       *gq_devtools_json_to_string           (JsonNode   *node,
                                                  gboolean    pretty);
/* @text with "Authorization: …", "Bearer …", "token=…" and JSON secret
 * members masked. */
char       *gq_devtools_mask_text                (const char *text);

G_END_DECLS
