/* gq-demo-schema.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The field types of the seeded collections. json-server validates
 * nothing; the demo server checks the fields it knows so that a form in
 * the app can show a real 422. Fields it does not know are stored as
 * sent, and a missing field is allowed (PATCH and partial POSTs). */

#include "gq-demo-schema.h"
#include "gq-demo-json.h"

#include <stdlib.h>
#include <string.h>

static const GqDemoField fields[] = {
  { "people", "name", GQ_DEMO_FIELD_STRING },
  { "people", "email", GQ_DEMO_FIELD_STRING },
  { "people", "age", GQ_DEMO_FIELD_INTEGER, TRUE },
  { "people", "active", GQ_DEMO_FIELD_BOOLEAN },
  { "people", "joined", GQ_DEMO_FIELD_DATE },
  { "people", "rating", GQ_DEMO_FIELD_NUMBER, TRUE },
  { "people", "address", GQ_DEMO_FIELD_OBJECT, TRUE },
  { "people", "address.street", GQ_DEMO_FIELD_STRING },
  { "people", "address.city", GQ_DEMO_FIELD_STRING },
  { "people", "address.country", GQ_DEMO_FIELD_STRING },
  { "people", "skills", GQ_DEMO_FIELD_STRING_ARRAY },

  { "projects", "name", GQ_DEMO_FIELD_STRING },
  { "projects", "description", GQ_DEMO_FIELD_STRING },
  { "projects", "ownerId", GQ_DEMO_FIELD_INTEGER, TRUE, "people", GQ_DEMO_ON_DELETE_SET_NULL },
  { "projects", "budget", GQ_DEMO_FIELD_INTEGER },
  { "projects", "archived", GQ_DEMO_FIELD_BOOLEAN },
  { "projects", "startDate", GQ_DEMO_FIELD_DATE },
  { "projects", "tags", GQ_DEMO_FIELD_STRING_ARRAY },
  { "projects", "settings", GQ_DEMO_FIELD_OBJECT },
  { "projects", "settings.visibility", GQ_DEMO_FIELD_STRING },
  { "projects", "settings.color", GQ_DEMO_FIELD_STRING },

  { "tasks", "projectId", GQ_DEMO_FIELD_INTEGER, FALSE, "projects", GQ_DEMO_ON_DELETE_CASCADE },
  { "tasks", "assigneeId", GQ_DEMO_FIELD_INTEGER, TRUE, "people", GQ_DEMO_ON_DELETE_SET_NULL },
  { "tasks", "title", GQ_DEMO_FIELD_STRING },
  { "tasks", "done", GQ_DEMO_FIELD_BOOLEAN },
  { "tasks", "priority", GQ_DEMO_FIELD_INTEGER },
  { "tasks", "due", GQ_DEMO_FIELD_DATE, TRUE },
  { "tasks", "createdAt", GQ_DEMO_FIELD_DATETIME },
  { "tasks", "tags", GQ_DEMO_FIELD_STRING_ARRAY },
  { "tasks", "estimate", GQ_DEMO_FIELD_OBJECT, TRUE },
  { "tasks", "estimate.hours", GQ_DEMO_FIELD_NUMBER },
  { "tasks", "estimate.points", GQ_DEMO_FIELD_INTEGER },

  { "comments", "taskId", GQ_DEMO_FIELD_INTEGER, FALSE, "tasks", GQ_DEMO_ON_DELETE_CASCADE },
  { "comments", "authorId", GQ_DEMO_FIELD_INTEGER, TRUE, "people", GQ_DEMO_ON_DELETE_SET_NULL },
  { "comments", "body", GQ_DEMO_FIELD_STRING },
  { "comments", "createdAt", GQ_DEMO_FIELD_DATETIME },
  { "comments", "likes", GQ_DEMO_FIELD_INTEGER },
};

const GqDemoField *
gq_demo_schema_get_fields (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (fields);
  return fields;
}

gboolean
gq_demo_schema_has_collection (const char *collection)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].collection, collection))
      return TRUE;

  return FALSE;
}

static gboolean
is_date (const char *text)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = atoi (text);
  month = atoi (text + 5);
  day = atoi (text + 8);

  return g_date_valid_dmy (day, month, year);
}

static gboolean
is_datetime (const char *text)
{
  g_autoptr(GDateTime) datetime = g_date_time_new_from_iso8601 (text, NULL);

  return datetime != NULL && strchr (text, 'T') != NULL;
}

static gboolean
value_has_type (JsonNode        *node,
                GqDemoFieldType  type)
{
  GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (type)
    {
    case GQ_DEMO_FIELD_STRING:
      return value_type == G_TYPE_STRING;
    case GQ_DEMO_FIELD_INTEGER:
      return value_type == G_TYPE_INT64;
    case GQ_DEMO_FIELD_NUMBER:
      return value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE;
    case GQ_DEMO_FIELD_BOOLEAN:
      return value_type == G_TYPE_BOOLEAN;
    case GQ_DEMO_FIELD_DATE:
      return value_type == G_TYPE_STRING && is_date (json_node_get_string (node));
    case GQ_DEMO_FIELD_DATETIME:
      return value_type == G_TYPE_STRING && is_datetime (json_node_get_string (node));
    case GQ_DEMO_FIELD_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case GQ_DEMO_FIELD_STRING_ARRAY:
      {
        JsonArray *array;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return FALSE;

        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
              return FALSE;
          }
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

static const char *
describe_type (GqDemoFieldType type)
{
  switch (type)
    {
    case GQ_DEMO_FIELD_STRING: return "a string";
    case GQ_DEMO_FIELD_INTEGER: return "an integer";
    case GQ_DEMO_FIELD_NUMBER: return "a number";
    case GQ_DEMO_FIELD_BOOLEAN: return "a boolean";
    case GQ_DEMO_FIELD_DATE: return "a date (YYYY-MM-DD)";
    case GQ_DEMO_FIELD_DATETIME: return "an ISO 8601 date and time";
    case GQ_DEMO_FIELD_OBJECT: return "an object";
    case GQ_DEMO_FIELD_STRING_ARRAY: return "an array of strings";
    default: g_assert_not_reached ();
    }
}

/* Returns NULL when @record is valid, else the 422 reply naming the
 * first field at fault. */
GqDemoReply *
gq_demo_schema_validate (const char         *collection,
                         JsonObject         *record,
                         GqDemoRecordExists  exists,
                         gpointer            user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const GqDemoField *field = &fields[i];
      JsonNode *value;

      if (!g_str_equal (field->collection, collection))
        continue;

      value = gq_demo_json_lookup_path (record, field->path);
      if (value == NULL)
        continue;

      if (JSON_NODE_HOLDS_NULL (value))
        {
          if (field->nullable)
            continue;
          return gq_demo_reply_new_error (422, field->path, "%s must not be null", field->path);
        }

      if (!value_has_type (value, field->type))
        return gq_demo_reply_new_error (422, field->path, "%s must be %s",
                                        field->path, describe_type (field->type));

      if (field->references != NULL)
        {
          g_autofree char *key = gq_demo_json_id_key (value);

          if (!exists (field->references, key, user_data))
            return gq_demo_reply_new_error (422, field->path,
                                            "%s refers to %s/%s, which does not exist",
                                            field->path, field->references, key);
        }
    }

  return NULL;
}
