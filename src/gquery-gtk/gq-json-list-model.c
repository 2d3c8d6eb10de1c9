/* gq-json-list-model.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-json-list-model.h"
#include "gq-json-run-private.h"

/**
 * GqJsonListModel:
 *
 * A [iface@Gio.ListModel] of [class@Gq.JsonItem] over a JSON array.
 *
 * Setting a new array compares it with the previous one element by element
 * *pointer*: gquery's structural sharing keeps the records a refetch did
 * not change pointer-equal, so a refetch that changes one record emits one
 * `items-changed (i, 1, 1)`, records appended emit one
 * `items-changed (n, 0, k)`, and the items of unchanged records stay the
 * same objects (a list view keeps their rows). Items are created when first
 * requested.
 *
 * Data that is not an array (an object, a string) shows as an empty list;
 * [property@Gq.JsonListModel:is-array] tells the two apart.
 */

struct _GqJsonListModel
{
  GObject    parent_instance;

  GqJsonRun  run;
  guint      is_array : 1;
};

enum {
  PROP_0,
  PROP_ARRAY,
  PROP_IS_ARRAY,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GType
gq_json_list_model_get_item_type (GListModel *model)
{
  return GQ_TYPE_JSON_ITEM;
}

static guint
gq_json_list_model_get_n_items (GListModel *model)
{
  return _gq_json_run_length (&GQ_JSON_LIST_MODEL (model)->run);
}

static gpointer
gq_json_list_model_get_item (GListModel *model,
                             guint       position)
{
  return _gq_json_run_get_item (&GQ_JSON_LIST_MODEL (model)->run, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gq_json_list_model_get_item_type;
  iface->get_n_items = gq_json_list_model_get_n_items;
  iface->get_item = gq_json_list_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GqJsonListModel, gq_json_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
gq_json_list_model_finalize (GObject *object)
{
  GqJsonListModel *self = (GqJsonListModel *)object;

  _gq_json_run_clear (&self->run);

  G_OBJECT_CLASS (gq_json_list_model_parent_class)->finalize (object);
}

static void
gq_json_list_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GqJsonListModel *self = GQ_JSON_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_ARRAY:
      g_value_set_boxed (value, self->run.array);
      break;

    case PROP_IS_ARRAY:
      g_value_set_boolean (value, self->is_array);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, GQ_TYPE_JSON_ITEM);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, _gq_json_run_length (&self->run));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_json_list_model_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GqJsonListModel *self = GQ_JSON_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_ARRAY:
      gq_json_list_model_set_array (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_json_list_model_class_init (GqJsonListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gq_json_list_model_finalize;
  object_class->get_property = gq_json_list_model_get_property;
  object_class->set_property = gq_json_list_model_set_property;

  /**
   * GqJsonListModel:array:
   *
   * The JSON array shown (sealed), or %NULL when the data set was not an
   * array.
   */
  properties [PROP_ARRAY] =
    g_param_spec_boxed ("array", NULL, NULL,
                        JSON_TYPE_NODE,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * GqJsonListModel:is-array:
   *
   * Whether the data last set is a JSON array; %FALSE for %NULL and for
   * other JSON values, which show as an empty list.
   */
  properties [PROP_IS_ARRAY] =
    g_param_spec_boolean ("is-array", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * GqJsonListModel:item-type:
   *
   * The type of the items, [class@Gq.JsonItem].
   */
  properties [PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  /**
   * GqJsonListModel:n-items:
   *
   * The number of items, notified after `items-changed`.
   */
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_json_list_model_init (GqJsonListModel *self)
{
  _gq_json_run_init (&self->run);
}

/**
 * gq_json_list_model_new:
 *
 * Creates an empty list model.
 *
 * Returns: (transfer full): a new #GqJsonListModel
 */
GqJsonListModel *
gq_json_list_model_new (void)
{
  return g_object_new (GQ_TYPE_JSON_LIST_MODEL, NULL);
}

/**
 * gq_json_list_model_get_array:
 * @self: a #GqJsonListModel
 *
 * Gets [property@Gq.JsonListModel:array].
 *
 * Returns: (transfer none) (nullable): the array shown
 */
JsonNode *
gq_json_list_model_get_array (GqJsonListModel *self)
{
  g_return_val_if_fail (GQ_IS_JSON_LIST_MODEL (self), NULL);

  return self->run.array;
}

/**
 * gq_json_list_model_set_array:
 * @self: a #GqJsonListModel
 * @array: (nullable): a JSON array; another value or %NULL empties the list
 *
 * Shows @array, emitting [signal@Gio.ListModel::items-changed] for the
 * positions whose element pointer changed (see [class@Gq.JsonListModel]).
 * An unsealed array is copied and sealed.
 */
void
gq_json_list_model_set_array (GqJsonListModel *self,
                              JsonNode        *array)
{
  gboolean is_array;
  JsonNode *old_array;
  guint position, removed, added;

  g_return_if_fail (GQ_IS_JSON_LIST_MODEL (self));

  is_array = array != NULL && JSON_NODE_HOLDS_ARRAY (array);
  if (!is_array)
    array = NULL;

  old_array = self->run.array;
  if (array == old_array && is_array == self->is_array)
    return;

  gboolean is_array_changed = self->is_array != is_array;
  gboolean changed;

  self->is_array = is_array;
  changed = _gq_json_run_update (&self->run, array, &position, &removed, &added);

  if (changed)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (changed && removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ARRAY]);
  if (is_array_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IS_ARRAY]);
}

/**
 * gq_json_list_model_get_is_array:
 * @self: a #GqJsonListModel
 *
 * Gets [property@Gq.JsonListModel:is-array].
 *
 * Returns: whether the data last set is an array
 */
gboolean
gq_json_list_model_get_is_array (GqJsonListModel *self)
{
  g_return_val_if_fail (GQ_IS_JSON_LIST_MODEL (self), FALSE);

  return self->is_array;
}
