/* gq-browser-fields.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gq-browser-fields.h"

#define MAX_CELL_CHARS 80

static void
field_free (GqBrowserField *field)
{
  g_free (field->name);
  g_free (field);
}

gboolean
gq_browser_fields_is_date (const char *text)
{
  g_autoptr(GDateTime) when = NULL;
  int year, month, day;
  char end;

  if (text == NULL)
    return FALSE;

  if (strlen (text) == 10 &&
      sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3)
    return g_date_valid_dmy (day, month, year);

  when = g_date_time_new_from_iso8601 (text, NULL);

  return when != NULL;
}

static GqBrowserFieldKind
value_kind (JsonNode *value)
{
  if (JSON_NODE_HOLDS_OBJECT (value) || JSON_NODE_HOLDS_ARRAY (value))
    return GQ_BROWSER_FIELD_JSON;

  switch (json_node_get_value_type (value))
    {
    case G_TYPE_BOOLEAN:
      return GQ_BROWSER_FIELD_BOOLEAN;
    case G_TYPE_INT64:
      return GQ_BROWSER_FIELD_INTEGER;
    case G_TYPE_DOUBLE:
      return GQ_BROWSER_FIELD_NUMBER;
    default:
      return gq_browser_fields_is_date (json_node_get_string (value))
             ? GQ_BROWSER_FIELD_DATE : GQ_BROWSER_FIELD_TEXT;
    }
}

/* Two kinds seen for one field: the one that holds both. */
static GqBrowserFieldKind
merge_kinds (GqBrowserFieldKind a,
             GqBrowserFieldKind b)
{
  if (a == b)
    return a;
  if ((a == GQ_BROWSER_FIELD_INTEGER && b == GQ_BROWSER_FIELD_NUMBER) ||
      (b == GQ_BROWSER_FIELD_INTEGER && a == GQ_BROWSER_FIELD_NUMBER))
    return GQ_BROWSER_FIELD_NUMBER;
  if ((a == GQ_BROWSER_FIELD_DATE && b == GQ_BROWSER_FIELD_TEXT) ||
      (b == GQ_BROWSER_FIELD_DATE && a == GQ_BROWSER_FIELD_TEXT))
    return GQ_BROWSER_FIELD_TEXT;

  return GQ_BROWSER_FIELD_JSON;
}

/* The fields of @records: "id" first, then in the order they appear;
 * a field's kind holds every value seen, so mixed types fall back to
 * text or JSON rather than failing. */
GPtrArray *
gq_browser_fields_infer (JsonArray *records)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kinds_known = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  guint n = records ? json_array_get_length (records) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *record = json_array_get_element (records, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (record))
        continue;

      json_object_iter_init_ordered (&iter, json_node_get_object (record));
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          GqBrowserField *field;

          if (name[0] == '$')
            continue;

          field = g_hash_table_lookup (seen, name);
          if (field == NULL)
            {
              field = g_new0 (GqBrowserField, 1);
              field->name = g_strdup (name);
              field->kind = GQ_BROWSER_FIELD_TEXT;
              field->nullable = i > 0;
              if (g_str_equal (name, "id"))
                g_ptr_array_insert (fields, 0, field);
              else
                g_ptr_array_add (fields, field);
              g_hash_table_insert (seen, field->name, field);
            }

          if (JSON_NODE_HOLDS_NULL (value))
            {
              field->nullable = TRUE;
              continue;
            }

          if (!g_hash_table_contains (kinds_known, field->name))
            {
              field->kind = value_kind (value);
              g_hash_table_add (kinds_known, field->name);
            }
          else
            {
              field->kind = merge_kinds (field->kind, value_kind (value));
            }
        }

      /* A field missing from a record may be missing from a new one. */
      for (guint f = 0; f < fields->len; f++)
        {
          GqBrowserField *field = g_ptr_array_index (fields, f);

          if (!json_object_has_member (json_node_get_object (record), field->name))
            field->nullable = TRUE;
        }
    }

  return fields;
}

char *
gq_browser_fields_format_value (JsonNode *value)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return g_strdup ("");

  if (JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("—");

  if (JSON_NODE_HOLDS_VALUE (value))
    {
      switch (json_node_get_value_type (value))
        {
        case G_TYPE_BOOLEAN:
          return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
        case G_TYPE_STRING:
          text = g_strdup (json_node_get_string (value));
          break;
        default:
          text = json_to_string (value, FALSE);
          break;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (value))
    {
      /* ["a", "b"] reads as "a, b"; nested containers stay JSON. */
      JsonArray *array = json_node_get_array (value);
      GString *joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *part = gq_browser_fields_format_value (json_array_get_element (array, i));

          if (i > 0)
            g_string_append (joined, ", ");
          g_string_append (joined, part);
        }
      text = g_string_free (joined, FALSE);
    }
  else
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      GString *joined = g_string_new (NULL);

      /* {"street": "1 Rue", "city": "Lyon"} reads as "1 Rue, Lyon". */
      json_object_iter_init_ordered (&iter, json_node_get_object (value));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_autofree char *part = gq_browser_fields_format_value (member);

          if (joined->len > 0)
            g_string_append (joined, ", ");
          g_string_append (joined, part);
        }
      text = g_string_free (joined, FALSE);
    }

  /* One line a cell, and never a megabyte of it. */
  g_strdelimit (text, "\n\r\t", ' ');
  if (g_utf8_strlen (text, -1) > MAX_CELL_CHARS)
    {
      char *cut = g_utf8_offset_to_pointer (text, MAX_CELL_CHARS - 1);

      *cut = '\0';
      return g_strconcat (text, "…", NULL);
    }

  return g_steal_pointer (&text);
}

/* "createdAt" and "created_at" read as "Created At". */
char *
gq_browser_fields_title (const char *name)
{
  GString *title = g_string_new (NULL);
  gboolean word_start = TRUE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '_' || *p == '-')
        {
          g_string_append_c (title, ' ');
          word_start = TRUE;
          continue;
        }
      if (g_ascii_isupper (*p) && p != name && !g_ascii_isupper (p[-1]))
        {
          g_string_append_c (title, ' ');
          word_start = TRUE;
        }
      g_string_append_c (title, word_start ? g_ascii_toupper (*p) : *p);
      word_start = FALSE;
    }

  if (g_str_equal (title->str, "Id"))
    g_string_assign (title, "ID");

  return g_string_free (title, FALSE);
}
