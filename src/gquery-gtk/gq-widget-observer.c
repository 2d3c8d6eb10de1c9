/* gq-widget-observer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-widget-observer.h"

/* The observers bound to a widget, in the widget's qdata. `subscribed` says
 * whether this binding holds a subscription of each observer now: the
 * observer's subscriptions are counted, so the binding gives back exactly
 * what it took. */
typedef struct
{
  GtkWidget *widget;
  GPtrArray *observers;
  gboolean   subscribed;
} Binding;

static GQuark
binding_quark (void)
{
  return g_quark_from_static_string ("gq-widget-observer-binding");
}

static void
binding_set_subscribed (Binding  *binding,
                        gboolean  subscribed)
{
  if (binding->subscribed == subscribed)
    return;

  binding->subscribed = subscribed;

  for (guint i = 0; i < binding->observers->len; i++)
    {
      GqQueryObserver *observer = g_ptr_array_index (binding->observers, i);

      if (subscribed)
        gq_query_observer_subscribe (observer);
      else
        gq_query_observer_unsubscribe (observer);
    }
}

static void
on_widget_map (GtkWidget *widget,
               Binding   *binding)
{
  binding_set_subscribed (binding, TRUE);
}

static void
on_widget_unmap (GtkWidget *widget,
                 Binding   *binding)
{
  binding_set_subscribed (binding, FALSE);
}

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  binding_set_subscribed (binding, FALSE);
  g_clear_pointer (&binding->observers, g_ptr_array_unref);
  g_free (binding);
}

static void
on_widget_destroy (GtkWidget *widget,
                   gpointer   user_data)
{
  /* Released with the widget's dispose, not its finalize: a reference
   * cycle through a closure must not keep the queries observed. */
  g_signal_handlers_disconnect_matched (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_widget_map, NULL);
  g_signal_handlers_disconnect_matched (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_widget_unmap, NULL);
  g_signal_handlers_disconnect_by_func (widget, on_widget_destroy, NULL);
  g_object_set_qdata (G_OBJECT (widget), binding_quark (), NULL);
}

static Binding *
get_binding (GtkWidget *widget,
             gboolean   create)
{
  Binding *binding = g_object_get_qdata (G_OBJECT (widget), binding_quark ());

  if (binding != NULL || !create)
    return binding;

  binding = g_new0 (Binding, 1);
  binding->widget = widget;
  binding->observers = g_ptr_array_new_with_free_func (g_object_unref);
  g_object_set_qdata_full (G_OBJECT (widget), binding_quark (), binding, binding_free);

  g_signal_connect (widget, "map", G_CALLBACK (on_widget_map), binding);
  g_signal_connect (widget, "unmap", G_CALLBACK (on_widget_unmap), binding);
  g_signal_connect (widget, "destroy", G_CALLBACK (on_widget_destroy), NULL);

  return binding;
}

/**
 * gq_widget_bind_observer:
 * @widget: a widget showing the observer's result
 * @observer: an observer
 *
 * Subscribes @observer while @widget is mapped, as a React component's
 * hooks are subscribed while it is mounted: a query shown in a page the
 * user left, a hidden stack child or a closed window is not refetched on
 * focus or reconnect, and is garbage collected after its `gc-time`.
 *
 * The widget keeps a reference to @observer until
 * [func@Gq.widget_unbind_observer] or until the widget is destroyed. A
 * widget can hold several observers; binding one twice does nothing.
 */
void
gq_widget_bind_observer (GtkWidget       *widget,
                         GqQueryObserver *observer)
{
  Binding *binding;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (GQ_IS_QUERY_OBSERVER (observer));

  binding = get_binding (widget, TRUE);
  if (g_ptr_array_find (binding->observers, observer, NULL))
    return;

  g_ptr_array_add (binding->observers, g_object_ref (observer));

  if (binding->subscribed)
    gq_query_observer_subscribe (observer);
  else if (gtk_widget_get_mapped (widget))
    binding_set_subscribed (binding, TRUE);
}

/**
 * gq_widget_unbind_observer:
 * @widget: a widget
 * @observer: an observer bound to @widget
 *
 * Undoes [func@Gq.widget_bind_observer]: the binding's subscription ends
 * and the widget's reference to @observer is dropped.
 */
void
gq_widget_unbind_observer (GtkWidget       *widget,
                           GqQueryObserver *observer)
{
  Binding *binding;
  guint index;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (GQ_IS_QUERY_OBSERVER (observer));

  binding = get_binding (widget, FALSE);
  if (binding == NULL || !g_ptr_array_find (binding->observers, observer, &index))
    return;

  if (binding->subscribed)
    gq_query_observer_unsubscribe (observer);
  g_ptr_array_remove_index (binding->observers, index);
}

/**
 * gq_widget_has_bound_observer:
 * @widget: a widget
 * @observer: an observer
 *
 * Checks whether @observer is bound to @widget.
 *
 * Returns: whether [func@Gq.widget_bind_observer] bound them
 */
gboolean
gq_widget_has_bound_observer (GtkWidget       *widget,
                              GqQueryObserver *observer)
{
  Binding *binding;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (GQ_IS_QUERY_OBSERVER (observer), FALSE);

  binding = get_binding (widget, FALSE);

  return binding != NULL && g_ptr_array_find (binding->observers, observer, NULL);
}
