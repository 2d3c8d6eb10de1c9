/* gq-online-manager.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-online-manager.h"

/**
 * GqOnlineManager:
 *
 * Tells the engine whether the network is reachable (TanStack's
 * `onlineManager`). Fetches in %GQ_NETWORK_MODE_ONLINE mode pause
 * while offline, and coming back online resumes them and refetches stale
 * queries of mounted clients.
 *
 * The state follows a [iface@Gio.NetworkMonitor]'s
 * [property@Gio.NetworkMonitor:network-available] unless it is overridden
 * with [method@Gq.OnlineManager.set_online] (tests, devtools). Without a
 * monitor the manager counts as online.
 */

struct _GqOnlineManager
{
  GObject          parent_instance;

  GNetworkMonitor *network_monitor;

  /* The effective value, kept to tell real changes from route churn. */
  guint            online : 1;
  guint            has_override : 1;
};

enum {
  PROP_0,
  PROP_NETWORK_MONITOR,
  PROP_ONLINE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqOnlineManager, gq_online_manager, G_TYPE_OBJECT)

static gboolean
gq_online_manager_read_monitor (GqOnlineManager *self)
{
  if (self->network_monitor == NULL)
    return TRUE;

  return g_network_monitor_get_network_available (self->network_monitor);
}

static void
gq_online_manager_update (GqOnlineManager *self,
                          gboolean         online)
{
  online = !!online;

  if (self->online == (guint) online)
    return;

  self->online = online;

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
  g_signal_emit (self, signals [CHANGED], 0, online);
}

static void
gq_online_manager_network_changed_cb (GqOnlineManager *self,
                                      gboolean         available,
                                      GNetworkMonitor *monitor)
{
  g_assert (GQ_IS_ONLINE_MANAGER (self));
  g_assert (G_IS_NETWORK_MONITOR (monitor));

  if (self->has_override)
    return;

  /* The signal's argument can lag behind the property on some
   * implementations; the property is what the monitor reports now. */
  gq_online_manager_update (self, gq_online_manager_read_monitor (self));
}

static void
gq_online_manager_constructed (GObject *object)
{
  GqOnlineManager *self = GQ_ONLINE_MANAGER (object);

  G_OBJECT_CLASS (gq_online_manager_parent_class)->constructed (object);

  self->online = gq_online_manager_read_monitor (self);

  if (self->network_monitor != NULL)
    g_signal_connect_object (self->network_monitor,
                             "network-changed",
                             G_CALLBACK (gq_online_manager_network_changed_cb),
                             self,
                             G_CONNECT_SWAPPED);
}

static void
gq_online_manager_dispose (GObject *object)
{
  GqOnlineManager *self = GQ_ONLINE_MANAGER (object);

  g_clear_object (&self->network_monitor);

  G_OBJECT_CLASS (gq_online_manager_parent_class)->dispose (object);
}

static void
gq_online_manager_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GqOnlineManager *self = GQ_ONLINE_MANAGER (object);

  switch (prop_id)
    {
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->network_monitor);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_online_manager_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GqOnlineManager *self = GQ_ONLINE_MANAGER (object);

  switch (prop_id)
    {
    case PROP_NETWORK_MONITOR:
      self->network_monitor = g_value_dup_object (value);
      break;

    case PROP_ONLINE:
      gq_online_manager_set_online (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_online_manager_class_init (GqOnlineManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gq_online_manager_constructed;
  object_class->dispose = gq_online_manager_dispose;
  object_class->get_property = gq_online_manager_get_property;
  object_class->set_property = gq_online_manager_set_property;

  /**
   * GqOnlineManager:network-monitor:
   *
   * The monitor whose [property@Gio.NetworkMonitor:network-available] the
   * manager follows, or %NULL to count as online until told otherwise.
   */
  properties [PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL,
                         G_TYPE_NETWORK_MONITOR,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqOnlineManager:online:
   *
   * Whether the network is reachable. Setting it overrides the monitor
   * until [method@Gq.OnlineManager.unset_online].
   */
  properties [PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GqOnlineManager::changed:
   * @self: the online manager
   * @online: whether the network is now reachable
   *
   * Emitted when [property@Gq.OnlineManager:online] changes, after its
   * notification.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
gq_online_manager_init (GqOnlineManager *self)
{
  self->online = TRUE;
}

/**
 * gq_online_manager_new:
 * @monitor: (nullable): the network monitor to follow, or %NULL
 *
 * Creates an online manager following @monitor. Without a monitor it
 * starts online and changes only through
 * [method@Gq.OnlineManager.set_online].
 *
 * Returns: (transfer full): a new [class@Gq.OnlineManager]
 */
GqOnlineManager *
gq_online_manager_new (GNetworkMonitor *monitor)
{
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  return g_object_new (GQ_TYPE_ONLINE_MANAGER,
                       "network-monitor", monitor,
                       NULL);
}

/**
 * gq_online_manager_get_default:
 *
 * Gets the process-wide online manager, which follows
 * [func@Gio.NetworkMonitor.get_default] and which clients use unless
 * given another one.
 *
 * Returns: (transfer none): the default [class@Gq.OnlineManager]
 */
GqOnlineManager *
gq_online_manager_get_default (void)
{
  static GqOnlineManager *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance,
                       gq_online_manager_new (g_network_monitor_get_default ()));

  return instance;
}

/**
 * gq_online_manager_get_network_monitor:
 * @self: a [class@Gq.OnlineManager]
 *
 * Gets the monitor the manager follows.
 *
 * Returns: (transfer none) (nullable): the [iface@Gio.NetworkMonitor], or
 *   %NULL
 */
GNetworkMonitor *
gq_online_manager_get_network_monitor (GqOnlineManager *self)
{
  g_return_val_if_fail (GQ_IS_ONLINE_MANAGER (self), NULL);

  return self->network_monitor;
}

/**
 * gq_online_manager_is_online:
 * @self: a [class@Gq.OnlineManager]
 *
 * Tells whether the network counts as reachable: the override if one is
 * set, otherwise what the monitor reports, otherwise %TRUE.
 *
 * Returns: %TRUE if online
 */
gboolean
gq_online_manager_is_online (GqOnlineManager *self)
{
  g_return_val_if_fail (GQ_IS_ONLINE_MANAGER (self), TRUE);

  return self->online;
}

/**
 * gq_online_manager_set_online:
 * @self: a [class@Gq.OnlineManager]
 * @online: whether the network counts as reachable
 *
 * Overrides the network state: the monitor is ignored until
 * [method@Gq.OnlineManager.unset_online]. Emits
 * [signal@Gq.OnlineManager::changed] if the value changes.
 */
void
gq_online_manager_set_online (GqOnlineManager *self,
                              gboolean         online)
{
  g_return_if_fail (GQ_IS_ONLINE_MANAGER (self));

  self->has_override = TRUE;
  gq_online_manager_update (self, online);
}

/**
 * gq_online_manager_unset_online:
 * @self: a [class@Gq.OnlineManager]
 *
 * Drops the override set with [method@Gq.OnlineManager.set_online] and
 * goes back to the monitor's state (online without a monitor). Emits
 * [signal@Gq.OnlineManager::changed] if the value changes.
 */
void
gq_online_manager_unset_online (GqOnlineManager *self)
{
  g_return_if_fail (GQ_IS_ONLINE_MANAGER (self));

  if (!self->has_override)
    return;

  self->has_override = FALSE;
  gq_online_manager_update (self, gq_online_manager_read_monitor (self));
}
