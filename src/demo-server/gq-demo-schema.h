/* gq-demo-schema.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gq-demo-reply.h"

G_BEGIN_DECLS

typedef enum
{
  GQ_DEMO_FIELD_STRING,
  GQ_DEMO_FIELD_INTEGER,
  GQ_DEMO_FIELD_NUMBER,
  GQ_DEMO_FIELD_BOOLEAN,
  GQ_DEMO_FIELD_DATE,
  GQ_DEMO_FIELD_DATETIME,
  GQ_DEMO_FIELD_OBJECT,
  GQ_DEMO_FIELD_STRING_ARRAY,
} GqDemoFieldType;

/* What deleting a referenced record does to a record pointing at it. */
typedef enum
{
  GQ_DEMO_ON_DELETE_NONE,
  GQ_DEMO_ON_DELETE_CASCADE,
  GQ_DEMO_ON_DELETE_SET_NULL,
} GqDemoOnDelete;

typedef struct
{
  const char      *collection;
  const char      *path;
  GqDemoFieldType  type;
  gboolean         nullable;
  const char      *references;
  GqDemoOnDelete   on_delete;
} GqDemoField;

typedef gboolean (*GqDemoRecordExists) (const char *collection,
                                        const char *id_key,
                                        gpointer    user_data);

const GqDemoField *gq_demo_schema_get_fields    (guint               *n_fields);
gboolean           gq_demo_schema_has_collection (const char          *collection);
GqDemoReply       *gq_demo_schema_validate       (const char          *collection,
                                                  JsonObject          *record,
                                                  GqDemoRecordExists   exists,
                                                  gpointer             user_data);

G_END_DECLS
