/* gq-query-list-model.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-query-list-model.h"
#include "gq-json-item.h"
#include "gq-json-list-model.h"

/**
 * GqQueryListModel:
 *
 * A [iface@Gio.ListModel] of [class@Gq.JsonItem] following the data of a
 * [class@Gq.QueryObserver].
 *
 * The data is a JSON array, or an object holding the array in
 * [property@Gq.QueryListModel:items-member] (`{"items": [...], "total": 120}`).
 * Each new result is compared with the previous one as
 * [class@Gq.JsonListModel] does: a refetch that changes one record is one
 * `items-changed (i, 1, 1)` and the other items stay the same objects.
 *
 * The model does not subscribe the observer: bind the observer to the view
 * with [func@Gq.widget_bind_observer], or subscribe it yourself.
 */

struct _GqQueryListModel
{
  GObject          parent_instance;

  GqQueryObserver *observer;
  char            *items_member;
  GqJsonListModel *list;
};

enum {
  PROP_0,
  PROP_OBSERVER,
  PROP_ITEMS_MEMBER,
  PROP_IS_ARRAY,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GType
gq_query_list_model_get_item_type (GListModel *model)
{
  return GQ_TYPE_JSON_ITEM;
}

static guint
gq_query_list_model_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (GQ_QUERY_LIST_MODEL (model)->list));
}

static gpointer
gq_query_list_model_get_item (GListModel *model,
                              guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (GQ_QUERY_LIST_MODEL (model)->list), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gq_query_list_model_get_item_type;
  iface->get_n_items = gq_query_list_model_get_n_items;
  iface->get_item = gq_query_list_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GqQueryListModel, gq_query_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static JsonNode *
find_array (JsonNode   *data,
            const char *items_member)
{
  if (data == NULL)
    return NULL;

  if (items_member != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *object = json_node_get_object (data);

      if (!json_object_has_member (object, items_member))
        return NULL;
      data = json_object_get_member (object, items_member);
    }

  return JSON_NODE_HOLDS_ARRAY (data) ? data : NULL;
}

static void
gq_query_list_model_update (GqQueryListModel *self)
{
  g_autoptr(GqQueryResult) result = gq_query_observer_get_current_result (self->observer);
  JsonNode *data = result != NULL ? gq_query_result_get_data (result) : NULL;

  gq_json_list_model_set_array (self->list, find_array (data, self->items_member));
}

static void
on_observer_data_changed (GqQueryObserver  *observer,
                          GParamSpec       *pspec,
                          GqQueryListModel *self)
{
  gq_query_list_model_update (self);
}

static void
on_list_items_changed (GListModel       *list,
                       guint             position,
                       guint             removed,
                       guint             added,
                       GqQueryListModel *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
on_list_notify (GObject          *list,
                GParamSpec       *pspec,
                GqQueryListModel *self)
{
  if (g_str_equal (pspec->name, "n-items"))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
  else if (g_str_equal (pspec->name, "is-array"))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IS_ARRAY]);
}

static void
gq_query_list_model_constructed (GObject *object)
{
  GqQueryListModel *self = (GqQueryListModel *)object;

  G_OBJECT_CLASS (gq_query_list_model_parent_class)->constructed (object);

  g_assert (self->observer != NULL);

  g_signal_connect_object (self->observer, "notify::data",
                           G_CALLBACK (on_observer_data_changed), self, 0);
  g_signal_connect_object (self->list, "items-changed",
                           G_CALLBACK (on_list_items_changed), self, 0);
  g_signal_connect_object (self->list, "notify",
                           G_CALLBACK (on_list_notify), self, 0);

  gq_query_list_model_update (self);
}

static void
gq_query_list_model_dispose (GObject *object)
{
  GqQueryListModel *self = (GqQueryListModel *)object;

  if (self->observer != NULL)
    g_signal_handlers_disconnect_by_data (self->observer, self);
  g_clear_object (&self->observer);

  G_OBJECT_CLASS (gq_query_list_model_parent_class)->dispose (object);
}

static void
gq_query_list_model_finalize (GObject *object)
{
  GqQueryListModel *self = (GqQueryListModel *)object;

  g_clear_object (&self->list);
  g_clear_pointer (&self->items_member, g_free);

  G_OBJECT_CLASS (gq_query_list_model_parent_class)->finalize (object);
}

static void
gq_query_list_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GqQueryListModel *self = GQ_QUERY_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      g_value_set_object (value, self->observer);
      break;

    case PROP_ITEMS_MEMBER:
      g_value_set_string (value, self->items_member);
      break;

    case PROP_IS_ARRAY:
      g_value_set_boolean (value, gq_json_list_model_get_is_array (self->list));
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, GQ_TYPE_JSON_ITEM);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->list)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_list_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GqQueryListModel *self = GQ_QUERY_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      self->observer = g_value_dup_object (value);
      break;

    case PROP_ITEMS_MEMBER:
      self->items_member = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_query_list_model_class_init (GqQueryListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gq_query_list_model_constructed;
  object_class->dispose = gq_query_list_model_dispose;
  object_class->finalize = gq_query_list_model_finalize;
  object_class->get_property = gq_query_list_model_get_property;
  object_class->set_property = gq_query_list_model_set_property;

  /**
   * GqQueryListModel:observer:
   *
   * The observer whose data the model shows.
   */
  properties [PROP_OBSERVER] =
    g_param_spec_object ("observer", NULL, NULL,
                         GQ_TYPE_QUERY_OBSERVER,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqQueryListModel:items-member:
   *
   * The member of an object holding the array, or %NULL when the data is
   * the array itself.
   */
  properties [PROP_ITEMS_MEMBER] =
    g_param_spec_string ("items-member", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqQueryListModel:is-array:
   *
   * Whether the data holds an array where expected; %FALSE while there is
   * no data and when the server sent something else.
   */
  properties [PROP_IS_ARRAY] =
    g_param_spec_boolean ("is-array", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * GqQueryListModel:item-type:
   *
   * The type of the items, [class@Gq.JsonItem].
   */
  properties [PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  /**
   * GqQueryListModel:n-items:
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
gq_query_list_model_init (GqQueryListModel *self)
{
  self->list = gq_json_list_model_new ();
}

/**
 * gq_query_list_model_new:
 * @observer: the observer of a query whose data is a list
 * @items_member: (nullable): the member holding the array when the data is
 *   an object, or %NULL when the data is the array
 *
 * Creates a list model following @observer's data.
 *
 * Returns: (transfer full): a new #GqQueryListModel
 */
GqQueryListModel *
gq_query_list_model_new (GqQueryObserver *observer,
                         const char      *items_member)
{
  g_return_val_if_fail (GQ_IS_QUERY_OBSERVER (observer), NULL);

  return g_object_new (GQ_TYPE_QUERY_LIST_MODEL,
                       "observer", observer,
                       "items-member", items_member,
                       NULL);
}

/**
 * gq_query_list_model_get_observer:
 * @self: a #GqQueryListModel
 *
 * Gets [property@Gq.QueryListModel:observer].
 *
 * Returns: (transfer none): the observer
 */
GqQueryObserver *
gq_query_list_model_get_observer (GqQueryListModel *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_LIST_MODEL (self), NULL);

  return self->observer;
}

/**
 * gq_query_list_model_get_items_member:
 * @self: a #GqQueryListModel
 *
 * Gets [property@Gq.QueryListModel:items-member].
 *
 * Returns: (nullable): the member holding the array
 */
const char *
gq_query_list_model_get_items_member (GqQueryListModel *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_LIST_MODEL (self), NULL);

  return self->items_member;
}

/**
 * gq_query_list_model_get_is_array:
 * @self: a #GqQueryListModel
 *
 * Gets [property@Gq.QueryListModel:is-array].
 *
 * Returns: whether the data holds an array
 */
gboolean
gq_query_list_model_get_is_array (GqQueryListModel *self)
{
  g_return_val_if_fail (GQ_IS_QUERY_LIST_MODEL (self), FALSE);

  return gq_json_list_model_get_is_array (self->list);
}
