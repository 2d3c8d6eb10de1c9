/* gq-devtools-json.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gq-devtools-json-private.h"

/* One row of the data tree: a member or element (node set), or a range
 * [start, end) of a big collection's children (is_range). */
struct _GqDevtoolsJsonItem
{
  GObject   parent_instance;

  char     *label;
  JsonNode *node;
  guint     start;
  guint     end;
  gboolean  is_range;
  gboolean  is_secret;
};

G_DEFINE_FINAL_TYPE (GqDevtoolsJsonItem, gq_devtools_json_item, G_TYPE_OBJECT)

static guint items_created;

static void
gq_devtools_json_item_finalize (GObject *object)
{
  GqDevtoolsJsonItem *self = (GqDevtoolsJsonItem *) object;

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->node, json_node_unref);

  G_OBJECT_CLASS (gq_devtools_json_item_parent_class)->finalize (object);
}

static void
gq_devtools_json_item_class_init (GqDevtoolsJsonItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gq_devtools_json_item_finalize;
}

static void
gq_devtools_json_item_init (GqDevtoolsJsonItem *self)
{
  items_created++;
}

static GqDevtoolsJsonItem *
item_new (const char *label,
          JsonNode   *node,
          gboolean    is_secret)
{
  GqDevtoolsJsonItem *self = g_object_new (GQ_TYPE_DEVTOOLS_JSON_ITEM, NULL);

  self->label = g_strdup (label);
  self->node = node ? json_node_ref (node) : NULL;
  self->is_secret = is_secret;

  return self;
}

static guint
n_children (JsonNode *node)
{
  if (node == NULL)
    return 0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node));
  return 0;
}

guint
gq_devtools_json_items_created (void)
{
  return items_created;
}

const char *
gq_devtools_json_item_get_label (GqDevtoolsJsonItem *self)
{
  g_return_val_if_fail (GQ_IS_DEVTOOLS_JSON_ITEM (self), NULL);

  return self->label;
}

gboolean
gq_devtools_json_item_is_expandable (GqDevtoolsJsonItem *self)
{
  g_return_val_if_fail (GQ_IS_DEVTOOLS_JSON_ITEM (self), FALSE);

  if (self->is_secret)
    return FALSE;
  if (self->is_range)
    return self->end > self->start;
  return n_children (self->node) > 0;
}

static char *
items_text (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
}

char *
gq_devtools_json_item_dup_summary (GqDevtoolsJsonItem *self)
{
  g_return_val_if_fail (GQ_IS_DEVTOOLS_JSON_ITEM (self), NULL);

  if (self->is_secret)
    return g_strdup (GQ_DEVTOOLS_MASK);
  if (self->is_range)
    return items_text (self->end - self->start);
  if (self->node == NULL)
    return g_strdup (_("undefined"));
  if (JSON_NODE_HOLDS_ARRAY (self->node) || JSON_NODE_HOLDS_OBJECT (self->node))
    return items_text (n_children (self->node));

  return json_to_string (self->node, FALSE);
}

char *
gq_devtools_json_item_dup_json (GqDevtoolsJsonItem *self)
{
  g_return_val_if_fail (GQ_IS_DEVTOOLS_JSON_ITEM (self), NULL);

  if (self->is_secret)
    return g_strdup ("\"" GQ_DEVTOOLS_MASK "\"");

  if (self->is_range)
    {
      g_autoptr(JsonArray) slice = json_array_sized_new (self->end - self->start);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_node_get_array (self->node);

      for (guint i = self->start; i < self->end; i++)
        json_array_add_element (slice, json_node_ref (json_array_get_element (array, i)));
      json_node_set_array (node, slice);
      return gq_devtools_json_to_string (node, TRUE);
    }

  return gq_devtools_json_to_string (self->node, TRUE);
}

/* The children of a node or range, as a list model that creates each
 * item when it is asked for: the tree asks every visible row whether it
 * can expand, which must not build its hundred children. A big
 * collection's children come in ranges of GQ_DEVTOOLS_JSON_CHUNK (ranges
 * of ranges beyond ten thousand). */
#define GQ_TYPE_DEVTOOLS_JSON_CHILDREN (gq_devtools_json_children_get_type ())

G_DECLARE_FINAL_TYPE (GqDevtoolsJsonChildren, gq_devtools_json_children, GQ, DEVTOOLS_JSON_CHILDREN, GObject)

struct _GqDevtoolsJsonChildren
{
  GObject    parent_instance;

  JsonNode  *node;
  guint      start;
  guint      end;
  guint      step;
  GPtrArray *items;      /* created ones, NULL elsewhere */
  GPtrArray *members;    /* an object's member names, in order */
};

static GType
gq_devtools_json_children_get_item_type (GListModel *model)
{
  return GQ_TYPE_DEVTOOLS_JSON_ITEM;
}

static guint
gq_devtools_json_children_get_n_items (GListModel *model)
{
  GqDevtoolsJsonChildren *self = (GqDevtoolsJsonChildren *) model;

  return self->items->len;
}

static GqDevtoolsJsonItem *
create_child (GqDevtoolsJsonChildren *self,
              guint                   position)
{
  guint index = self->start + position * self->step;

  if (self->step > 1)
    {
      guint last = MIN (index + self->step, self->end);
      g_autofree char *label = g_strdup_printf ("[%u…%u]", index, last - 1);
      GqDevtoolsJsonItem *range = item_new (label, self->node, FALSE);

      range->is_range = TRUE;
      range->start = index;
      range->end = last;
      return range;
    }

  if (JSON_NODE_HOLDS_ARRAY (self->node))
    {
      g_autofree char *label = g_strdup_printf ("%u", index);

      return item_new (label, json_array_get_element (json_node_get_array (self->node), index), FALSE);
    }

  if (self->members == NULL)
    {
      JsonObject *object = json_node_get_object (self->node);
      g_autoptr(GList) names = json_object_get_members (object);

      self->members = g_ptr_array_new_with_free_func (g_free);
      for (GList *l = names; l != NULL; l = l->next)
        g_ptr_array_add (self->members, g_strdup (l->data));
    }

  {
    const char *name = g_ptr_array_index (self->members, index);

    return item_new (name, json_object_get_member (json_node_get_object (self->node), name),
                     gq_devtools_is_secret_name (name));
  }
}

static gpointer
gq_devtools_json_children_get_item (GListModel *model,
                                    guint       position)
{
  GqDevtoolsJsonChildren *self = (GqDevtoolsJsonChildren *) model;

  if (position >= self->items->len)
    return NULL;

  if (g_ptr_array_index (self->items, position) == NULL)
    g_ptr_array_index (self->items, position) = create_child (self, position);

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
gq_devtools_json_children_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = gq_devtools_json_children_get_item_type;
  iface->get_n_items = gq_devtools_json_children_get_n_items;
  iface->get_item = gq_devtools_json_children_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GqDevtoolsJsonChildren, gq_devtools_json_children, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      gq_devtools_json_children_list_model_init))

static void
gq_devtools_json_children_finalize (GObject *object)
{
  GqDevtoolsJsonChildren *self = (GqDevtoolsJsonChildren *) object;

  g_clear_pointer (&self->node, json_node_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);

  G_OBJECT_CLASS (gq_devtools_json_children_parent_class)->finalize (object);
}

static void
gq_devtools_json_children_class_init (GqDevtoolsJsonChildrenClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gq_devtools_json_children_finalize;
}

static void
gq_devtools_json_children_init (GqDevtoolsJsonChildren *self)
{
}

static void
unref_created (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static GListModel *
children_new (JsonNode *node,
              guint     start,
              guint     end)
{
  GqDevtoolsJsonChildren *self = g_object_new (GQ_TYPE_DEVTOOLS_JSON_CHILDREN, NULL);
  guint n;

  self->node = json_node_ref (node);
  self->start = start;
  self->end = end;
  self->step = 1;
  if (end - start > GQ_DEVTOOLS_JSON_CHUNK)
    {
      self->step = GQ_DEVTOOLS_JSON_CHUNK;
      /* Ranges of ranges keep every level at most a hundred rows. */
      while ((end - start + self->step - 1) / self->step > GQ_DEVTOOLS_JSON_CHUNK)
        self->step *= GQ_DEVTOOLS_JSON_CHUNK;
    }

  n = (end - start + self->step - 1) / self->step;
  self->items = g_ptr_array_new_full (n, unref_created);
  g_ptr_array_set_size (self->items, n);

  return G_LIST_MODEL (self);
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GqDevtoolsJsonItem *self = item;

  if (!gq_devtools_json_item_is_expandable (self))
    return NULL;

  if (self->is_range)
    return children_new (self->node, self->start, self->end);

  return children_new (self->node, 0, n_children (self->node));
}

GtkTreeListModel *
gq_devtools_json_tree_new (JsonNode   *root,
                           const char *root_label)
{
  GListStore *store = g_list_store_new (GQ_TYPE_DEVTOOLS_JSON_ITEM);
  g_autoptr(GqDevtoolsJsonItem) item = item_new (root_label, root, FALSE);
  GtkTreeListModel *tree;

  g_list_store_append (store, item);
  tree = gtk_tree_list_model_new (G_LIST_MODEL (store), FALSE, FALSE, create_children, NULL, NULL);
  /* The root opens, its children stay closed. */
  if (gq_devtools_json_item_is_expandable (item))
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, 0);
      gtk_tree_list_row_set_expanded (row, TRUE);
    }

  return tree;
}

/* Secrets */

gboolean
gq_devtools_is_secret_name (const char *name)
{
  static const char * const words[] = {
    "token", "password", "passwd", "secret", "apikey", "authorization", "credential",
    "cookie", "privatekey",
  };
  g_autoptr(GString) folded = g_string_new (NULL);

  if (name == NULL)
    return FALSE;

  /* "api_key", "API-Key" and "apiKey" all fold to "apikey". */
  for (const char *p = name; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (folded, g_ascii_tolower (*p));

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (folded->str, words[i]) != NULL)
      return TRUE;

  return FALSE;
}

JsonNode *
gq_devtools_mask_json (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) masked = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          if (gq_devtools_is_secret_name (l->data))
            json_object_set_string_member (masked, l->data, GQ_DEVTOOLS_MASK);
          else
            json_object_set_member (masked, l->data,
                                    gq_devtools_mask_json (json_object_get_member (object, l->data)));
        }
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (copy, masked);
      return copy;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      g_autoptr(JsonArray) masked = json_array_sized_new (n);

      for (guint i = 0; i < n; i++)
        json_array_add_element (masked, gq_devtools_mask_json (json_array_get_element (array, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (copy, masked);
      return copy;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *text = gq_devtools_mask_text (json_node_get_string (node));

      copy = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (copy, text);
      return copy;
    }

  return json_node_copy (node);
}

char *
gq_devtools_json_to_string (JsonNode *node,
                            gboolean  pretty)
{
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonGenerator) generator = NULL;

  if (node == NULL)
    return g_strdup ("undefined");

  masked = gq_devtools_mask_json (node);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, masked);

  return json_generator_to_data (generator, NULL);
}

char *
gq_devtools_mask_text (const char *text)
{
  static GRegex *secrets;
  static GRegex *bearer;

  if (text == NULL)
    return NULL;

  if (g_once_init_enter (&secrets))
    {
      /* A name like a secret, an optional closing quote, ':' or '=', then
       * the value: quoted, or up to a separator. Not G_REGEX_OPTIMIZE:
       * the texts are short, and PCRE's JIT code is opaque to memcheck. */
      GRegex *regex = g_regex_new ("((?:[A-Za-z_-]*(?:token|password|passwd|secret|api[_-]?key|"
                                   "authorization|credential|cookie)[A-Za-z_-]*)[\"']?\\s*[:=]\\s*)"
                                   "(\"[^\"]*\"|'[^']*'|(?:Bearer|Basic|Token)\\s+[^\\s\",;&}]+|"
                                   "[^\\s\",;&}]+)",
                                   G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&secrets, regex);
    }
  if (g_once_init_enter (&bearer))
    {
      GRegex *regex = g_regex_new ("\\b(Bearer|Basic)\\s+(?!••••)[A-Za-z0-9._~+/=-]+",
                                   G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&bearer, regex);
    }

  {
    g_autofree char *step = g_regex_replace (secrets, text, -1, 0, "\\1\"" GQ_DEVTOOLS_MASK "\"", 0, NULL);

    if (step == NULL)
      return g_strdup (text);
    return g_regex_replace (bearer, step, -1, 0, "\\1 " GQ_DEVTOOLS_MASK, 0, NULL);
  }
}
