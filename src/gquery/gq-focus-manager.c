/* gq-focus-manager.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-focus-manager.h"

/**
 * GqFocusManager:
 *
 * Tells the engine whether the application is in front of the user
 * (TanStack's `focusManager`). Regaining focus refetches stale queries of
 * mounted clients, and retries pause while the application is unfocused.
 *
 * The library knows no toolkit, so it counts as focused until told
 * otherwise: the GTK layer calls [method@Gq.FocusManager.set_focused]
 * from the windows' `GtkWindow:is-active`, and tests call it directly.
 */

struct _GqFocusManager
{
  GObject  parent_instance;

  /* TanStack's `focused: boolean | undefined`. */
  guint    has_override : 1;
  guint    override : 1;
};

enum {
  PROP_0,
  PROP_FOCUSED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqFocusManager, gq_focus_manager, G_TYPE_OBJECT)

static void
gq_focus_manager_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GqFocusManager *self = GQ_FOCUS_MANAGER (object);

  switch (prop_id)
    {
    case PROP_FOCUSED:
      g_value_set_boolean (value, gq_focus_manager_is_focused (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_focus_manager_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GqFocusManager *self = GQ_FOCUS_MANAGER (object);

  switch (prop_id)
    {
    case PROP_FOCUSED:
      gq_focus_manager_set_focused (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_focus_manager_class_init (GqFocusManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gq_focus_manager_get_property;
  object_class->set_property = gq_focus_manager_set_property;

  /**
   * GqFocusManager:focused:
   *
   * Whether the application is focused. Setting it overrides the value
   * until [method@Gq.FocusManager.unset_focused].
   */
  properties [PROP_FOCUSED] =
    g_param_spec_boolean ("focused", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GqFocusManager::changed:
   * @self: the focus manager
   * @focused: whether the application is now focused
   *
   * Emitted when the focus override changes and when
   * [method@Gq.FocusManager.focus_changed] reports a visibility change.
   * It may be emitted without [property@Gq.FocusManager:focused]
   * changing, as TanStack's listeners are.
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
gq_focus_manager_init (GqFocusManager *self)
{
}

/**
 * gq_focus_manager_new:
 *
 * Creates a focus manager with no override, for tests and applications
 * that run several clients with their own focus.
 *
 * Returns: (transfer full): a new [class@Gq.FocusManager]
 */
GqFocusManager *
gq_focus_manager_new (void)
{
  return g_object_new (GQ_TYPE_FOCUS_MANAGER, NULL);
}

/**
 * gq_focus_manager_get_default:
 *
 * Gets the process-wide focus manager that clients use unless given
 * another one.
 *
 * Returns: (transfer none): the default [class@Gq.FocusManager]
 */
GqFocusManager *
gq_focus_manager_get_default (void)
{
  static GqFocusManager *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, gq_focus_manager_new ());

  return instance;
}

/**
 * gq_focus_manager_is_focused:
 * @self: a [class@Gq.FocusManager]
 *
 * Tells whether the application is focused: the override if one is set,
 * otherwise %TRUE.
 *
 * Returns: %TRUE if focused
 */
gboolean
gq_focus_manager_is_focused (GqFocusManager *self)
{
  g_return_val_if_fail (GQ_IS_FOCUS_MANAGER (self), TRUE);

  if (self->has_override)
    return self->override;

  return TRUE;
}

/**
 * gq_focus_manager_set_focused:
 * @self: a [class@Gq.FocusManager]
 * @focused: whether the application is focused
 *
 * Overrides the focus state. [signal@Gq.FocusManager::changed] is emitted
 * whenever the override changes, including the first time it is set to
 * %TRUE; [property@Gq.FocusManager:focused] is notified only when its
 * value changes.
 */
void
gq_focus_manager_set_focused (GqFocusManager *self,
                              gboolean        focused)
{
  gboolean was_focused;

  g_return_if_fail (GQ_IS_FOCUS_MANAGER (self));

  focused = !!focused;

  if (self->has_override && self->override == (guint) focused)
    return;

  was_focused = gq_focus_manager_is_focused (self);

  self->has_override = TRUE;
  self->override = focused;

  if (was_focused != focused)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FOCUSED]);

  g_signal_emit (self, signals [CHANGED], 0, focused);
}

/**
 * gq_focus_manager_unset_focused:
 * @self: a [class@Gq.FocusManager]
 *
 * Drops the override set with [method@Gq.FocusManager.set_focused], so
 * the application counts as focused again. Emits
 * [signal@Gq.FocusManager::changed] if there was an override.
 */
void
gq_focus_manager_unset_focused (GqFocusManager *self)
{
  gboolean was_focused;
  gboolean focused;

  g_return_if_fail (GQ_IS_FOCUS_MANAGER (self));

  if (!self->has_override)
    return;

  was_focused = gq_focus_manager_is_focused (self);

  self->has_override = FALSE;
  self->override = FALSE;

  focused = gq_focus_manager_is_focused (self);

  if (was_focused != focused)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FOCUSED]);

  g_signal_emit (self, signals [CHANGED], 0, focused);
}

/**
 * gq_focus_manager_focus_changed:
 * @self: a [class@Gq.FocusManager]
 *
 * Reports that the application's visibility changed without saying how
 * (TanStack's `onFocus()` with no argument, a `visibilitychange`): emits
 * [signal@Gq.FocusManager::changed] with the current focus state.
 */
void
gq_focus_manager_focus_changed (GqFocusManager *self)
{
  g_return_if_fail (GQ_IS_FOCUS_MANAGER (self));

  g_signal_emit (self, signals [CHANGED], 0, gq_focus_manager_is_focused (self));
}
