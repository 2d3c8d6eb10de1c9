/* gq-browser-record-form.c: add or edit one record, validated before sending
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gq-browser-fields.h"
#include "gq-browser-record-form.h"

#define NUMBER_LIMIT 1e15

typedef struct
{
  GqBrowserField  field;
  GtkWidget      *row;
  GtkWidget      *editor;
  GtkWidget      *present;
} FieldRow;

struct _GqBrowserRecordForm
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *fields_group;
  GtkRevealer          *errors_revealer;
  GtkLabel             *errors_label;

  GPtrArray            *rows;
  JsonNode             *record;
  char                 *errors;
};

enum {
  SUBMIT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqBrowserRecordForm, gq_browser_record_form, ADW_TYPE_WINDOW)

static void
field_row_free (FieldRow *row)
{
  g_free (row->field.name);
  g_free (row);
}

static FieldRow *
find_row (GqBrowserRecordForm *self,
          const char          *name)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (row->field.name, name))
        return row;
    }

  return NULL;
}

static const char *
row_text (FieldRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row->editor));
}

/* The value of one row, or NULL with @error set. */
static JsonNode *
row_value (FieldRow  *row,
           char     **error)
{
  g_autofree char *title = gq_browser_fields_title (row->field.name);
  JsonNode *value = json_node_new (JSON_NODE_VALUE);
  const char *text;

  switch (row->field.kind)
    {
    case GQ_BROWSER_FIELD_BOOLEAN:
      json_node_set_boolean (value, gtk_switch_get_active (GTK_SWITCH (row->editor)));
      return value;

    case GQ_BROWSER_FIELD_INTEGER:
      if (row->present != NULL && !gtk_check_button_get_active (GTK_CHECK_BUTTON (row->present)))
        break;
      gtk_spin_button_update (GTK_SPIN_BUTTON (row->editor));
      json_node_set_int (value, gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (row->editor)));
      return value;

    case GQ_BROWSER_FIELD_NUMBER:
      if (row->present != NULL && !gtk_check_button_get_active (GTK_CHECK_BUTTON (row->present)))
        break;
      gtk_spin_button_update (GTK_SPIN_BUTTON (row->editor));
      json_node_set_double (value, gtk_spin_button_get_value (GTK_SPIN_BUTTON (row->editor)));
      return value;

    case GQ_BROWSER_FIELD_DATE:
      text = row_text (row);
      if (*text == '\0' && row->field.nullable)
        break;
      if (!gq_browser_fields_is_date (text))
        {
          /* Translators: %s is a field name. */
          *error = g_strdup_printf (_("%s: enter a date as YYYY-MM-DD."), title);
          json_node_unref (value);
          return NULL;
        }
      json_node_set_string (value, text);
      return value;

    case GQ_BROWSER_FIELD_JSON:
      {
        g_autoptr(JsonParser) parser = json_parser_new_immutable ();
        g_autoptr(GError) parse_error = NULL;

        text = row_text (row);
        if (*text == '\0')
          break;
        if (!json_parser_load_from_data (parser, text, -1, &parse_error))
          {
            /* Translators: %s is a field name. */
            *error = g_strdup_printf (_("%s: this is not valid JSON."), title);
            json_node_unref (value);
            return NULL;
          }
        json_node_unref (value);
        return json_node_ref (json_parser_get_root (parser));
      }

    case GQ_BROWSER_FIELD_TEXT:
    default:
      text = row_text (row);
      if (*text == '\0' && !row->field.nullable)
        {
          /* Translators: %s is a field name. */
          *error = g_strdup_printf (_("%s cannot be empty."), title);
          json_node_unref (value);
          return NULL;
        }
      if (*text == '\0')
        break;
      json_node_set_string (value, text);
      return value;
    }

  json_node_init_null (value);
  return value;
}

/* Validates every row, marks the invalid ones, and returns the record
 * to send, or NULL. */
static JsonNode *
collect (GqBrowserRecordForm *self)
{
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  if (self->record != NULL && JSON_NODE_HOLDS_OBJECT (self->record) &&
      json_object_has_member (json_node_get_object (self->record), "id"))
    json_object_set_member (object, "id",
                            json_node_copy (json_object_get_member (json_node_get_object (self->record), "id")));

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *error = NULL;
      JsonNode *value = row_value (row, &error);

      if (value == NULL)
        {
          if (errors->len > 0)
            g_string_append_c (errors, '\n');
          g_string_append (errors, error);
          gtk_widget_add_css_class (row->row, "error");
          continue;
        }

      gtk_widget_remove_css_class (row->row, "error");
      json_object_set_member (object, row->field.name, value);
    }

  g_free (self->errors);
  self->errors = errors->len > 0 ? g_strdup (errors->str) : NULL;
  gtk_label_set_text (self->errors_label, self->errors ? self->errors : "");
  gtk_revealer_set_reveal_child (self->errors_revealer, self->errors != NULL);

  if (self->errors != NULL)
    return NULL;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);

  return node;
}

gboolean
gq_browser_record_form_submit (GqBrowserRecordForm *self)
{
  g_autoptr(JsonNode) values = NULL;

  g_return_val_if_fail (GQ_IS_BROWSER_RECORD_FORM (self), FALSE);

  if ((values = collect (self)) == NULL)
    return FALSE;

  g_signal_emit (self, signals [SUBMIT], 0, values);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}

static void
on_save_clicked (GqBrowserRecordForm *self)
{
  gq_browser_record_form_submit (self);
}

const char *
gq_browser_record_form_get_errors (GqBrowserRecordForm *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_RECORD_FORM (self), NULL);

  return self->errors;
}

gboolean
gq_browser_record_form_set_text (GqBrowserRecordForm *self,
                                 const char          *field,
                                 const char          *text)
{
  FieldRow *row;

  g_return_val_if_fail (GQ_IS_BROWSER_RECORD_FORM (self), FALSE);

  if ((row = find_row (self, field)) == NULL)
    return FALSE;

  if (GTK_IS_SWITCH (row->editor))
    gtk_switch_set_active (GTK_SWITCH (row->editor), g_str_equal (text, "true"));
  else if (GTK_IS_SPIN_BUTTON (row->editor))
    {
      if (row->present != NULL)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (row->present), *text != '\0');
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->editor), g_ascii_strtod (text, NULL));
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (row->editor), text);

  return TRUE;
}

static void
on_entry_changed (GtkEditable *editable,
                  FieldRow    *row)
{
  /* An error mark goes away as soon as the user edits the field. */
  gtk_widget_remove_css_class (row->row, "error");
}

static FieldRow *
add_row (GqBrowserRecordForm  *self,
         const GqBrowserField *field,
         JsonNode             *value)
{
  g_autofree char *title = gq_browser_fields_title (field->name);
  FieldRow *row = g_new0 (FieldRow, 1);
  gboolean has_value = value != NULL && !JSON_NODE_HOLDS_NULL (value);

  row->field = *field;
  row->field.name = g_strdup (field->name);

  switch (field->kind)
    {
    case GQ_BROWSER_FIELD_BOOLEAN:
      row->row = adw_action_row_new ();
      row->editor = gtk_switch_new ();
      gtk_widget_set_valign (row->editor, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (row->editor),
                             has_value && JSON_NODE_HOLDS_VALUE (value) &&
                             json_node_get_value_type (value) == G_TYPE_BOOLEAN &&
                             json_node_get_boolean (value));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row->row), row->editor);
      break;

    case GQ_BROWSER_FIELD_INTEGER:
    case GQ_BROWSER_FIELD_NUMBER:
      row->row = adw_action_row_new ();
      row->editor = gtk_spin_button_new_with_range (-NUMBER_LIMIT, NUMBER_LIMIT,
                                                    field->kind == GQ_BROWSER_FIELD_INTEGER ? 1 : 0.1);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (row->editor),
                                  field->kind == GQ_BROWSER_FIELD_INTEGER ? 0 : 2);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (row->editor), TRUE);
      gtk_widget_set_valign (row->editor, GTK_ALIGN_CENTER);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->editor),
                                 has_value && JSON_NODE_HOLDS_VALUE (value) &&
                                 json_node_get_value_type (value) != G_TYPE_STRING
                                 ? json_node_get_double (value) : 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row->row), row->editor);
      if (field->nullable)
        {
          /* A number that may be missing: unchecked sends null. */
          row->present = gtk_check_button_new ();
          gtk_widget_set_valign (row->present, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (row->present, _("Set a value"));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (row->present), has_value);
          g_object_bind_property (row->present, "active", row->editor, "sensitive", G_BINDING_SYNC_CREATE);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), row->present);
        }
      break;

    case GQ_BROWSER_FIELD_JSON:
    case GQ_BROWSER_FIELD_DATE:
    case GQ_BROWSER_FIELD_TEXT:
    default:
      row->row = adw_entry_row_new ();
      row->editor = row->row;
      if (has_value)
        {
          g_autofree char *text = JSON_NODE_HOLDS_VALUE (value) &&
                                  json_node_get_value_type (value) == G_TYPE_STRING
                                  ? g_strdup (json_node_get_string (value))
                                  : json_to_string (value, FALSE);

          gtk_editable_set_text (GTK_EDITABLE (row->editor), text);
        }
      g_signal_connect (row->editor, "changed", G_CALLBACK (on_entry_changed), row);
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), title);
  if (field->kind == GQ_BROWSER_FIELD_DATE)
    gtk_widget_set_tooltip_text (row->row, _("A date, as YYYY-MM-DD"));
  else if (field->kind == GQ_BROWSER_FIELD_JSON)
    gtk_widget_set_tooltip_text (row->row, _("A JSON value"));

  adw_preferences_group_add (self->fields_group, row->row);

  return row;
}

static void
gq_browser_record_form_finalize (GObject *object)
{
  GqBrowserRecordForm *self = GQ_BROWSER_RECORD_FORM (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->record, json_node_unref);
  g_clear_pointer (&self->errors, g_free);

  G_OBJECT_CLASS (gq_browser_record_form_parent_class)->finalize (object);
}

static void
gq_browser_record_form_class_init (GqBrowserRecordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gq_browser_record_form_finalize;

  signals [SUBMIT] =
    g_signal_new ("submit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, JSON_TYPE_NODE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gnome/gquery/Browser/gq-browser-record-form.ui");
  gtk_widget_class_bind_template_child (widget_class, GqBrowserRecordForm, window_title);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserRecordForm, fields_group);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserRecordForm, errors_revealer);
  gtk_widget_class_bind_template_child (widget_class, GqBrowserRecordForm, errors_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gq_browser_record_form_init (GqBrowserRecordForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) field_row_free);
}

GqBrowserRecordForm *
gq_browser_record_form_new (const char *title,
                            GPtrArray  *fields,
                            JsonNode   *record)
{
  GqBrowserRecordForm *self = g_object_new (GQ_TYPE_BROWSER_RECORD_FORM, NULL);
  JsonObject *object = record && JSON_NODE_HOLDS_OBJECT (record) ? json_node_get_object (record) : NULL;

  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (record != NULL)
    self->record = json_node_ref (record);

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const GqBrowserField *field = g_ptr_array_index (fields, i);

      /* The server assigns ids. */
      if (g_str_equal (field->name, "id"))
        continue;

      g_ptr_array_add (self->rows,
                       add_row (self, field, object ? json_object_get_member (object, field->name) : NULL));
    }

  return self;
}
