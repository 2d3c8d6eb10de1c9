/* gq-json-item.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-json-item.h"

#include <math.h>

/**
 * GqJsonItem:
 *
 * One JSON value of a list, usually a record object, as a GObject.
 *
 * The list models of gquery ([class@GqGtk.JsonListModel],
 * [class@GqGtk.QueryListModel], [class@GqGtk.InfiniteListModel]) hold these. An
 * item is immutable: when a refetch changes a record, the model replaces the
 * item with a new one, so a row binds its fields once.
 *
 * Fields are read by member name or by a dotted path into nested objects
 * (`"address.city"`) with [method@GqGtk.JsonItem.dup_string] and the typed
 * getters. In a list item factory written in C, bind a label to a field
 * with `gq_json_item_expression_new()` (C only: bindings cannot pass a
 * `GtkExpression` in and out; from Python or JavaScript, set the label in
 * the factory's `bind` handler with [method@GqGtk.JsonItem.dup_string]):
 *
 * ```c
 * static void
 * on_setup (GtkSignalListItemFactory *factory,
 *           GtkListItem              *list_item)
 * {
 *   GtkWidget *label = gtk_label_new (NULL);
 *   GtkExpression *item = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
 *   GtkExpression *name = gq_json_item_expression_new (item, "name");
 *
 *   gtk_expression_bind (name, label, "label", list_item);
 *   gtk_list_item_set_child (list_item, label);
 * }
 * ```
 *
 * In a `GtkBuilderListItemFactory` template, a closure expression receives
 * the `this` object (the `GtkListItem`) first, then its parameters, so the
 * closure function is [func@GqGtk.JsonItem.closure_dup_string]:
 *
 * ```xml
 * <object class="GtkLabel">
 *   <binding name="label">
 *     <closure type="gchararray" function="gq_json_item_closure_dup_string">
 *       <lookup name="item">GtkListItem</lookup>
 *       <constant type="gchararray">address.city</constant>
 *     </closure>
 *   </binding>
 * </object>
 * ```
 *
 * The function is looked up by name in the program's symbols: an application
 * linking libgquery-gtk dynamically finds it as it is; a program linking the
 * library statically adds it with `gtk_builder_cscope_add_callback_symbol()`.
 * [method@GqGtk.JsonItem.dup_string] itself has the same parameters after
 * `this`, and can be the closure of an expression evaluated with the item
 * as `this` (`gtk_expression_evaluate (expr, item, &value)`).
 */

struct _GqJsonItem
{
  GObject   parent_instance;

  JsonNode *node;
  char     *id;
};

enum {
  PROP_0,
  PROP_NODE,
  PROP_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (GqJsonItem, gq_json_item, G_TYPE_OBJECT)

static JsonNode *
lookup_member (JsonNode   *node,
               const char *member)
{
  JsonObject *object;
  const char *dot;

  if (node == NULL || member == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);

  /* A member whose name holds a dot wins over the path through objects. */
  if (json_object_has_member (object, member))
    return json_object_get_member (object, member);

  dot = strchr (member, '.');
  if (dot == NULL || dot == member || dot[1] == '\0')
    return NULL;

  {
    g_autofree char *head = g_strndup (member, dot - member);

    if (!json_object_has_member (object, head))
      return NULL;

    return lookup_member (json_object_get_member (object, head), dot + 1);
  }
}

static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");

  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  /* The shortest of the two precisions that reads back the same number,
   * so 0.1 prints as 0.1 and not 0.10000000000000001. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);

  return g_strdup (buffer);
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return g_strdup (json_node_get_string (node));
        case G_TYPE_INT64:
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return format_double (json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return g_strdup (json_node_get_boolean (node) ? "true" : "false");
        default:
          return NULL;
        }
    }

  return json_to_string (node, FALSE);
}

static void
gq_json_item_finalize (GObject *object)
{
  GqJsonItem *self = (GqJsonItem *)object;

  g_clear_pointer (&self->node, json_node_unref);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (gq_json_item_parent_class)->finalize (object);
}

static void
gq_json_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GqJsonItem *self = GQ_JSON_ITEM (object);

  switch (prop_id)
    {
    case PROP_NODE:
      g_value_set_boxed (value, self->node);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_json_item_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GqJsonItem *self = GQ_JSON_ITEM (object);

  switch (prop_id)
    {
    case PROP_NODE:
      {
        JsonNode *node = g_value_get_boxed (value);

        /* Items share the model's sealed nodes; an unsealed node could
         * change under the item, so it gets a sealed copy. */
        if (node == NULL)
          self->node = json_node_init_null (json_node_alloc ());
        else if (json_node_is_immutable (node))
          self->node = json_node_ref (node);
        else
          self->node = gq_json_seal_copy (node);

        self->id = node_to_text (lookup_member (self->node, "id"));
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_json_item_class_init (GqJsonItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gq_json_item_finalize;
  object_class->get_property = gq_json_item_get_property;
  object_class->set_property = gq_json_item_set_property;

  /**
   * GqJsonItem:node:
   *
   * The JSON value, sealed.
   */
  properties [PROP_NODE] =
    g_param_spec_boxed ("node", NULL, NULL,
                        JSON_TYPE_NODE,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * GqJsonItem:id:
   *
   * The text of the record's `id` member (a number prints as an integer),
   * or %NULL when the value is not an object with an `id`.
   */
  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_json_item_init (GqJsonItem *self)
{
}

/**
 * gq_json_item_new:
 * @node: a JSON value; a sealed node is shared, another one copied
 *
 * Creates an item holding @node.
 *
 * Returns: (transfer full): a new item
 */
GqJsonItem *
gq_json_item_new (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return g_object_new (GQ_TYPE_JSON_ITEM, "node", node, NULL);
}

/**
 * gq_json_item_get_node:
 * @self: a #GqJsonItem
 *
 * Gets the JSON value of the item.
 *
 * Returns: (transfer none): the sealed JSON value
 */
JsonNode *
gq_json_item_get_node (GqJsonItem *self)
{
  g_return_val_if_fail (GQ_IS_JSON_ITEM (self), NULL);

  return self->node;
}

/**
 * gq_json_item_get_id:
 * @self: a #GqJsonItem
 *
 * Gets [property@GqGtk.JsonItem:id].
 *
 * Returns: (nullable): the record's id as text
 */
const char *
gq_json_item_get_id (GqJsonItem *self)
{
  g_return_val_if_fail (GQ_IS_JSON_ITEM (self), NULL);

  return self->id;
}

/**
 * gq_json_item_has_member:
 * @self: a #GqJsonItem
 * @member: a member name or a dotted path (`"address.city"`)
 *
 * Checks whether the record has @member, %null values included.
 *
 * Returns: whether the member exists
 */
gboolean
gq_json_item_has_member (GqJsonItem *self,
                         const char *member)
{
  g_return_val_if_fail (GQ_IS_JSON_ITEM (self), FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  return lookup_member (self->node, member) != NULL;
}

/**
 * gq_json_item_dup_string:
 * @self: a #GqJsonItem
 * @member: a member name or a dotted path (`"address.city"`)
 *
 * Gets the text of a member: a string as it is, an integral number without
 * a fractional part (`3`, not `3.0`), `true` or `false`, an object or an
 * array as compact JSON.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when the member is
 *   missing or %null
 */
char *
gq_json_item_dup_string (GqJsonItem *self,
                         const char *member)
{
  g_return_val_if_fail (GQ_IS_JSON_ITEM (self), NULL);

  if (member == NULL)
    return NULL;

  return node_to_text (lookup_member (self->node, member));
}

/**
 * gq_json_item_closure_dup_string:
 * @this_object: (type GObject) (nullable): the `this` object of the expression, unused
 * @item: (nullable): a #GqJsonItem
 * @member: (nullable): a member name or a dotted path
 *
 * [method@GqGtk.JsonItem.dup_string] with the parameters of a closure
 * expression in a `.ui` file (see [class@GqGtk.JsonItem]): %NULL while the
 * list item has no item yet.
 *
 * Returns: (transfer full) (nullable): the text of the member
 */
char *
gq_json_item_closure_dup_string (gpointer    this_object,
                                 GqJsonItem *item,
                                 const char *member)
{
  if (item == NULL || member == NULL)
    return NULL;

  g_return_val_if_fail (GQ_IS_JSON_ITEM (item), NULL);

  return gq_json_item_dup_string (item, member);
}

/**
 * gq_json_item_get_int:
 * @self: a #GqJsonItem
 * @member: a member name or a dotted path
 * @fallback: the value when the member is missing or not a number
 *
 * Gets a number member as an integer (a fractional number is truncated); a
 * string holding an integer is read too, as servers often send ids as text.
 *
 * Returns: the integer, or @fallback
 */
gint64
gq_json_item_get_int (GqJsonItem *self,
                      const char *member,
                      gint64      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (GQ_IS_JSON_ITEM (self), fallback);
  g_return_val_if_fail (member != NULL, fallback);

  node = lookup_member (self->node, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      {
        double value = json_node_get_double (node);

        if (!isfinite (value) || value >= 9.2e18 || value <= -9.2e18)
          return fallback;
        return (gint64) value;
      }
    case G_TYPE_STRING:
      {
        gint64 value;

        if (g_ascii_string_to_signed (json_node_get_string (node), 10,
                                      G_MININT64, G_MAXINT64, &value, NULL))
          return value;
        return fallback;
      }
    default:
      return fallback;
    }
}

/**
 * gq_json_item_get_double:
 * @self: a #GqJsonItem
 * @member: a member name or a dotted path
 * @fallback: the value when the member is missing or not a number
 *
 * Gets a number member as a double.
 *
 * Returns: the number, or @fallback
 */
double
gq_json_item_get_double (GqJsonItem *self,
                         const char *member,
                         double      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (GQ_IS_JSON_ITEM (self), fallback);
  g_return_val_if_fail (member != NULL, fallback);

  node = lookup_member (self->node, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return fallback;
    }
}

/**
 * gq_json_item_get_boolean:
 * @self: a #GqJsonItem
 * @member: a member name or a dotted path
 * @fallback: the value when the member is missing or not a boolean
 *
 * Gets a boolean member.
 *
 * Returns: the boolean, or @fallback
 */
gboolean
gq_json_item_get_boolean (GqJsonItem *self,
                          const char *member,
                          gboolean    fallback)
{
  JsonNode *node;

  g_return_val_if_fail (GQ_IS_JSON_ITEM (self), fallback);
  g_return_val_if_fail (member != NULL, fallback);

  node = lookup_member (self->node, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;

  return json_node_get_boolean (node);
}

static char *
this_item_dup_string (GObject    *this_object,
                      const char *member)
{
  if (!GQ_IS_JSON_ITEM (this_object))
    return NULL;

  return gq_json_item_dup_string (GQ_JSON_ITEM (this_object), member);
}

/**
 * gq_json_item_expression_new: (skip)
 * @item_expression: (transfer full) (nullable): an expression giving the
 *   #GqJsonItem, or %NULL for the `this` object of the evaluation
 * @member: a member name or a dotted path
 *
 * Creates a string expression reading @member of an item, for binding a
 * field in a list item factory (see [class@GqGtk.JsonItem]).
 *
 * Returns: (transfer full): a new expression of type `gchararray`
 */
GtkExpression *
gq_json_item_expression_new (GtkExpression *item_expression,
                             const char    *member)
{
  GtkExpression *params[2];

  g_return_val_if_fail (member != NULL, NULL);

  if (item_expression == NULL)
    {
      GtkExpression *member_expression = gtk_constant_expression_new (G_TYPE_STRING, member);

      return gtk_cclosure_expression_new (G_TYPE_STRING, NULL,
                                          1, &member_expression,
                                          G_CALLBACK (this_item_dup_string),
                                          NULL, NULL);
    }

  params[0] = item_expression;
  params[1] = gtk_constant_expression_new (G_TYPE_STRING, member);

  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL,
                                      2, params,
                                      G_CALLBACK (gq_json_item_closure_dup_string),
                                      NULL, NULL);
}
