/* test-managers.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-focus-manager.h"
#include "gq-online-manager.h"

/* ---- a fake GNetworkMonitor ---------------------------------------- */

#define FAKE_TYPE_NETWORK_MONITOR (fake_network_monitor_get_type ())
G_DECLARE_FINAL_TYPE (FakeNetworkMonitor, fake_network_monitor, FAKE, NETWORK_MONITOR, GObject)

struct _FakeNetworkMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum {
  FAKE_PROP_0,
  FAKE_PROP_NETWORK_AVAILABLE,
  FAKE_PROP_NETWORK_METERED,
  FAKE_PROP_CONNECTIVITY,
};

static gboolean
fake_network_monitor_initable_init (GInitable     *initable,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  return TRUE;
}

static void
fake_network_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = fake_network_monitor_initable_init;
}

static gboolean
fake_network_monitor_can_reach (GNetworkMonitor     *monitor,
                                GSocketConnectable  *connectable,
                                GCancellable        *cancellable,
                                GError             **error)
{
  return FAKE_NETWORK_MONITOR (monitor)->available;
}

static void
fake_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = fake_network_monitor_can_reach;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeNetworkMonitor, fake_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      fake_network_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      fake_network_monitor_iface_init))

static void
fake_network_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FakeNetworkMonitor *self = FAKE_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case FAKE_PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    case FAKE_PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;

    case FAKE_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fake_network_monitor_class_init (FakeNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fake_network_monitor_get_property;

  g_object_class_override_property (object_class, FAKE_PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, FAKE_PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, FAKE_PROP_CONNECTIVITY, "connectivity");
}

static void
fake_network_monitor_init (FakeNetworkMonitor *self)
{
}

static FakeNetworkMonitor *
fake_network_monitor_new (gboolean available)
{
  FakeNetworkMonitor *self = g_object_new (FAKE_TYPE_NETWORK_MONITOR, NULL);

  self->available = available;

  return self;
}

/* Like a real monitor: update, notify, then emit network-changed, even
 * when nothing changed (route churn). */
static void
fake_network_monitor_set_available (FakeNetworkMonitor *self,
                                    gboolean            available)
{
  gboolean changed = self->available != available;

  self->available = available;

  if (changed)
    {
      g_object_notify (G_OBJECT (self), "network-available");
      g_object_notify (G_OBJECT (self), "connectivity");
    }

  g_signal_emit_by_name (self, "network-changed", available);
}

/* ---- recording signal emissions ------------------------------------ */

/* Records "changed" arguments as 't'/'f' and notifications of the state
 * property as 'n', in order, so tests compare one string. */
typedef struct
{
  GString *events;
  gboolean value_in_handler;
  GObject *object;
} Recorder;

static void
recorder_changed_cb (GObject  *object,
                     gboolean  value,
                     Recorder *rec)
{
  g_string_append_c (rec->events, value ? 't' : 'f');

  if (GQ_IS_FOCUS_MANAGER (object))
    rec->value_in_handler = gq_focus_manager_is_focused (GQ_FOCUS_MANAGER (object));
  else
    rec->value_in_handler = gq_online_manager_is_online (GQ_ONLINE_MANAGER (object));
}

static void
recorder_notify_cb (GObject    *object,
                    GParamSpec *pspec,
                    Recorder   *rec)
{
  g_string_append_c (rec->events, 'n');
}

static void
recorder_init (Recorder   *rec,
               gpointer    object,
               const char *property)
{
  g_autofree char *detailed = g_strconcat ("notify::", property, NULL);

  rec->events = g_string_new (NULL);
  rec->object = object;
  g_signal_connect (object, "changed", G_CALLBACK (recorder_changed_cb), rec);
  g_signal_connect (object, detailed, G_CALLBACK (recorder_notify_cb), rec);
}

static void
recorder_clear (Recorder *rec)
{
  g_signal_handlers_disconnect_by_data (rec->object, rec);
  g_string_free (rec->events, TRUE);
}

#define assert_events(rec, expected) \
  g_assert_cmpstr ((rec)->events->str, ==, expected)

/* ---- focus manager ------------------------------------------------- */

static void
test_focus_default_focused (void)
{
  g_autoptr(GqFocusManager) focus = gq_focus_manager_new ();
  gboolean focused = FALSE;

  g_assert_true (gq_focus_manager_is_focused (focus));
  g_object_get (focus, "focused", &focused, NULL);
  g_assert_true (focused);
}

/* TanStack: "should call listeners when setFocused is called". */
static void
test_focus_set_focused_listener (void)
{
  g_autoptr(GqFocusManager) focus = gq_focus_manager_new ();
  Recorder rec;

  recorder_init (&rec, focus, "focused");

  gq_focus_manager_set_focused (focus, TRUE);
  gq_focus_manager_set_focused (focus, TRUE);
  /* undefined → true is a change of the override, not of the value. */
  assert_events (&rec, "t");

  gq_focus_manager_set_focused (focus, FALSE);
  gq_focus_manager_set_focused (focus, FALSE);
  assert_events (&rec, "tnf");
  g_assert_false (gq_focus_manager_is_focused (focus));

  gq_focus_manager_unset_focused (focus);
  gq_focus_manager_unset_focused (focus);
  assert_events (&rec, "tnfnt");
  g_assert_true (gq_focus_manager_is_focused (focus));

  recorder_clear (&rec);
}

static void
test_focus_set_false_from_unset (void)
{
  g_autoptr(GqFocusManager) focus = gq_focus_manager_new ();
  Recorder rec;

  recorder_init (&rec, focus, "focused");

  gq_focus_manager_set_focused (focus, FALSE);
  assert_events (&rec, "nf");
  g_assert_false (rec.value_in_handler);

  gq_focus_manager_set_focused (focus, TRUE);
  assert_events (&rec, "nfnt");
  g_assert_true (rec.value_in_handler);
  g_assert_true (gq_focus_manager_is_focused (focus));

  recorder_clear (&rec);
}

static void
test_focus_unset_when_unset (void)
{
  g_autoptr(GqFocusManager) focus = gq_focus_manager_new ();
  Recorder rec;

  recorder_init (&rec, focus, "focused");

  gq_focus_manager_unset_focused (focus);
  assert_events (&rec, "");

  /* An override equal to the default still counts as set... */
  gq_focus_manager_set_focused (focus, TRUE);
  assert_events (&rec, "t");
  /* ...so dropping it reports the (unchanged) value without a notify. */
  gq_focus_manager_unset_focused (focus);
  assert_events (&rec, "tt");
  g_assert_true (gq_focus_manager_is_focused (focus));

  recorder_clear (&rec);
}

static void
test_focus_property_write (void)
{
  g_autoptr(GqFocusManager) focus = gq_focus_manager_new ();
  gboolean focused = TRUE;
  Recorder rec;

  recorder_init (&rec, focus, "focused");

  /* g_object_set() holds notifications back until it returns, so the
   * notify comes after the signal here. */
  g_object_set (focus, "focused", FALSE, NULL);
  assert_events (&rec, "fn");
  g_assert_false (gq_focus_manager_is_focused (focus));
  g_object_get (focus, "focused", &focused, NULL);
  g_assert_false (focused);

  g_object_set (focus, "focused", FALSE, NULL);
  assert_events (&rec, "fn");

  g_object_set (focus, "focused", TRUE, NULL);
  assert_events (&rec, "fntn");

  recorder_clear (&rec);
}

static void
test_focus_focus_changed (void)
{
  g_autoptr(GqFocusManager) focus = gq_focus_manager_new ();
  Recorder rec;

  recorder_init (&rec, focus, "focused");

  /* A visibility change is reported every time, with the current value,
   * and never notifies the property. */
  gq_focus_manager_focus_changed (focus);
  gq_focus_manager_focus_changed (focus);
  assert_events (&rec, "tt");

  gq_focus_manager_set_focused (focus, FALSE);
  gq_focus_manager_focus_changed (focus);
  assert_events (&rec, "ttnff");
  g_assert_false (gq_focus_manager_is_focused (focus));

  recorder_clear (&rec);
}

static void
test_focus_singleton (void)
{
  GqFocusManager *a = gq_focus_manager_get_default ();
  GqFocusManager *b = gq_focus_manager_get_default ();
  g_autoptr(GqFocusManager) fresh = gq_focus_manager_new ();

  g_assert_true (GQ_IS_FOCUS_MANAGER (a));
  g_assert_true (a == b);
  g_assert_true (fresh != a);

  /* Independent state. */
  gq_focus_manager_set_focused (fresh, FALSE);
  g_assert_true (gq_focus_manager_is_focused (a));
}

static void
test_focus_independent_instances (void)
{
  g_autoptr(GqFocusManager) a = gq_focus_manager_new ();
  g_autoptr(GqFocusManager) b = gq_focus_manager_new ();
  Recorder rec;

  recorder_init (&rec, b, "focused");

  gq_focus_manager_set_focused (a, FALSE);
  g_assert_false (gq_focus_manager_is_focused (a));
  g_assert_true (gq_focus_manager_is_focused (b));
  assert_events (&rec, "");

  recorder_clear (&rec);
}

static void
test_focus_finalize (void)
{
  GqFocusManager *focus = gq_focus_manager_new ();

  gq_focus_manager_set_focused (focus, FALSE);
  g_assert_finalize_object (focus);
}

/* ---- online manager without a monitor ------------------------------ */

static void
test_online_default_without_monitor (void)
{
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (NULL);
  g_autoptr(GNetworkMonitor) monitor = NULL;
  gboolean value = FALSE;

  g_assert_true (gq_online_manager_is_online (online));
  g_assert_null (gq_online_manager_get_network_monitor (online));

  g_object_get (online,
                "online", &value,
                "network-monitor", &monitor,
                NULL);
  g_assert_true (value);
  g_assert_null (monitor);
}

/* TanStack: "should call listeners when setOnline is called". */
static void
test_online_set_online_listener (void)
{
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (NULL);
  Recorder rec;

  recorder_init (&rec, online, "online");

  gq_online_manager_set_online (online, FALSE);
  gq_online_manager_set_online (online, FALSE);
  assert_events (&rec, "nf");
  g_assert_false (rec.value_in_handler);
  g_assert_false (gq_online_manager_is_online (online));

  gq_online_manager_set_online (online, TRUE);
  gq_online_manager_set_online (online, TRUE);
  assert_events (&rec, "nfnt");
  g_assert_true (rec.value_in_handler);
  g_assert_true (gq_online_manager_is_online (online));

  recorder_clear (&rec);
}

static void
test_online_set_same_value (void)
{
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (NULL);
  Recorder rec;

  recorder_init (&rec, online, "online");

  gq_online_manager_set_online (online, TRUE);
  assert_events (&rec, "");
  g_assert_true (gq_online_manager_is_online (online));

  recorder_clear (&rec);
}

static void
test_online_property_write (void)
{
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (NULL);
  gboolean value = TRUE;
  Recorder rec;

  recorder_init (&rec, online, "online");

  /* Notifications from g_object_set() are held until it returns. */
  g_object_set (online, "online", FALSE, NULL);
  g_object_set (online, "online", FALSE, NULL);
  assert_events (&rec, "fn");
  g_object_get (online, "online", &value, NULL);
  g_assert_false (value);

  g_object_set (online, "online", TRUE, NULL);
  assert_events (&rec, "fntn");

  recorder_clear (&rec);
}

static void
test_online_unset_without_monitor (void)
{
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (NULL);
  Recorder rec;

  recorder_init (&rec, online, "online");

  gq_online_manager_unset_online (online);
  assert_events (&rec, "");

  gq_online_manager_set_online (online, FALSE);
  gq_online_manager_unset_online (online);
  assert_events (&rec, "nfnt");
  g_assert_true (gq_online_manager_is_online (online));

  recorder_clear (&rec);
}

/* ---- online manager with a fake monitor ---------------------------- */

static void
test_online_monitor_initial_available (void)
{
  g_autoptr(FakeNetworkMonitor) monitor = fake_network_monitor_new (TRUE);
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  g_autoptr(GNetworkMonitor) prop = NULL;

  g_assert_true (gq_online_manager_is_online (online));
  g_assert_true (gq_online_manager_get_network_monitor (online) == G_NETWORK_MONITOR (monitor));
  g_object_get (online, "network-monitor", &prop, NULL);
  g_assert_true (prop == G_NETWORK_MONITOR (monitor));
}

static void
test_online_monitor_initial_unavailable (void)
{
  g_autoptr(FakeNetworkMonitor) monitor = fake_network_monitor_new (FALSE);
  g_autoptr(GqOnlineManager) online = NULL;
  gboolean value = TRUE;

  online = g_object_new (GQ_TYPE_ONLINE_MANAGER,
                         "network-monitor", monitor,
                         NULL);

  g_assert_false (gq_online_manager_is_online (online));
  g_object_get (online, "online", &value, NULL);
  g_assert_false (value);
}

static void
test_online_monitor_follows (void)
{
  g_autoptr(FakeNetworkMonitor) monitor = fake_network_monitor_new (TRUE);
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  Recorder rec;

  recorder_init (&rec, online, "online");

  fake_network_monitor_set_available (monitor, FALSE);
  assert_events (&rec, "nf");
  g_assert_false (rec.value_in_handler);
  g_assert_false (gq_online_manager_is_online (online));

  fake_network_monitor_set_available (monitor, TRUE);
  assert_events (&rec, "nfnt");
  g_assert_true (gq_online_manager_is_online (online));

  recorder_clear (&rec);
}

static void
test_online_monitor_route_churn (void)
{
  g_autoptr(FakeNetworkMonitor) monitor = fake_network_monitor_new (TRUE);
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  Recorder rec;

  recorder_init (&rec, online, "online");

  fake_network_monitor_set_available (monitor, TRUE);
  fake_network_monitor_set_available (monitor, TRUE);
  assert_events (&rec, "");

  fake_network_monitor_set_available (monitor, FALSE);
  fake_network_monitor_set_available (monitor, FALSE);
  fake_network_monitor_set_available (monitor, FALSE);
  assert_events (&rec, "nf");

  recorder_clear (&rec);
}

static void
test_online_monitor_sticky_override (void)
{
  g_autoptr(FakeNetworkMonitor) monitor = fake_network_monitor_new (TRUE);
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  Recorder rec;

  recorder_init (&rec, online, "online");

  gq_online_manager_set_online (online, FALSE);
  assert_events (&rec, "nf");

  /* The monitor flapping does not touch the override. */
  fake_network_monitor_set_available (monitor, FALSE);
  fake_network_monitor_set_available (monitor, TRUE);
  fake_network_monitor_set_available (monitor, FALSE);
  fake_network_monitor_set_available (monitor, TRUE);
  assert_events (&rec, "nf");
  g_assert_false (gq_online_manager_is_online (online));

  gq_online_manager_unset_online (online);
  assert_events (&rec, "nfnt");
  g_assert_true (gq_online_manager_is_online (online));

  /* Following the monitor again. */
  fake_network_monitor_set_available (monitor, FALSE);
  assert_events (&rec, "nfntnf");

  recorder_clear (&rec);
}

static void
test_online_monitor_override_same_value (void)
{
  g_autoptr(FakeNetworkMonitor) monitor = fake_network_monitor_new (TRUE);
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  Recorder rec;

  recorder_init (&rec, online, "online");

  /* An override equal to the monitor emits nothing but is still sticky. */
  gq_online_manager_set_online (online, TRUE);
  assert_events (&rec, "");

  fake_network_monitor_set_available (monitor, FALSE);
  assert_events (&rec, "");
  g_assert_true (gq_online_manager_is_online (online));

  /* Unset picks up the monitor's current value. */
  gq_online_manager_unset_online (online);
  assert_events (&rec, "nf");
  g_assert_false (gq_online_manager_is_online (online));

  recorder_clear (&rec);
}

static void
test_online_monitor_unset_returns (void)
{
  g_autoptr(FakeNetworkMonitor) monitor = fake_network_monitor_new (FALSE);
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  Recorder rec;

  recorder_init (&rec, online, "online");

  gq_online_manager_set_online (online, TRUE);
  assert_events (&rec, "nt");

  gq_online_manager_unset_online (online);
  assert_events (&rec, "ntnf");
  g_assert_false (gq_online_manager_is_online (online));

  /* A second unset is a no-op. */
  gq_online_manager_unset_online (online);
  assert_events (&rec, "ntnf");

  recorder_clear (&rec);
}

static void
test_online_monitor_unset_unchanged (void)
{
  g_autoptr(FakeNetworkMonitor) monitor = fake_network_monitor_new (FALSE);
  g_autoptr(GqOnlineManager) online = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  Recorder rec;

  recorder_init (&rec, online, "online");

  gq_online_manager_set_online (online, FALSE);
  gq_online_manager_unset_online (online);
  assert_events (&rec, "");
  g_assert_false (gq_online_manager_is_online (online));

  recorder_clear (&rec);
}

static void
test_online_monitor_lifetime (void)
{
  FakeNetworkMonitor *monitor = fake_network_monitor_new (TRUE);
  GqOnlineManager *online = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  GWeakRef weak;

  g_weak_ref_init (&weak, monitor);

  /* The manager keeps its monitor alive. */
  g_object_unref (monitor);
  {
    g_autoptr(GObject) still = g_weak_ref_get (&weak);
    g_assert_nonnull (still);
  }

  /* Dropping the manager disconnects it: a later emission must not reach
   * freed memory (checked under ASan/valgrind). */
  monitor = g_object_ref (FAKE_NETWORK_MONITOR (gq_online_manager_get_network_monitor (online)));
  g_assert_finalize_object (online);
  fake_network_monitor_set_available (monitor, FALSE);
  g_assert_finalize_object (monitor);

  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
}

static void
test_online_monitor_independent (void)
{
  g_autoptr(FakeNetworkMonitor) monitor = fake_network_monitor_new (TRUE);
  g_autoptr(GqOnlineManager) a = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  g_autoptr(GqOnlineManager) b = gq_online_manager_new (G_NETWORK_MONITOR (monitor));
  Recorder rec_a, rec_b;

  recorder_init (&rec_a, a, "online");
  recorder_init (&rec_b, b, "online");

  gq_online_manager_set_online (a, TRUE);
  fake_network_monitor_set_available (monitor, FALSE);

  assert_events (&rec_a, "");
  assert_events (&rec_b, "nf");
  g_assert_true (gq_online_manager_is_online (a));
  g_assert_false (gq_online_manager_is_online (b));

  recorder_clear (&rec_a);
  recorder_clear (&rec_b);
}

/* ---- the real default monitor -------------------------------------- */

static void
test_online_get_default (void)
{
  GqOnlineManager *a = gq_online_manager_get_default ();
  GqOnlineManager *b = gq_online_manager_get_default ();
  g_autoptr(GNetworkMonitor) prop = NULL;

  g_assert_true (GQ_IS_ONLINE_MANAGER (a));
  g_assert_true (a == b);
  g_assert_true (gq_online_manager_get_network_monitor (a) == g_network_monitor_get_default ());
  g_object_get (a, "network-monitor", &prop, NULL);
  g_assert_true (prop == g_network_monitor_get_default ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/FocusManager/default-focused", test_focus_default_focused);
  g_test_add_func ("/Gq/FocusManager/set-focused-listener", test_focus_set_focused_listener);
  g_test_add_func ("/Gq/FocusManager/set-false-from-unset", test_focus_set_false_from_unset);
  g_test_add_func ("/Gq/FocusManager/unset-when-unset", test_focus_unset_when_unset);
  g_test_add_func ("/Gq/FocusManager/property-write", test_focus_property_write);
  g_test_add_func ("/Gq/FocusManager/focus-changed", test_focus_focus_changed);
  g_test_add_func ("/Gq/FocusManager/singleton", test_focus_singleton);
  g_test_add_func ("/Gq/FocusManager/independent-instances", test_focus_independent_instances);
  g_test_add_func ("/Gq/FocusManager/finalize", test_focus_finalize);

  g_test_add_func ("/Gq/OnlineManager/default-without-monitor", test_online_default_without_monitor);
  g_test_add_func ("/Gq/OnlineManager/set-online-listener", test_online_set_online_listener);
  g_test_add_func ("/Gq/OnlineManager/set-same-value", test_online_set_same_value);
  g_test_add_func ("/Gq/OnlineManager/property-write", test_online_property_write);
  g_test_add_func ("/Gq/OnlineManager/unset-without-monitor", test_online_unset_without_monitor);
  g_test_add_func ("/Gq/OnlineManager/monitor/initial-available", test_online_monitor_initial_available);
  g_test_add_func ("/Gq/OnlineManager/monitor/initial-unavailable", test_online_monitor_initial_unavailable);
  g_test_add_func ("/Gq/OnlineManager/monitor/follows", test_online_monitor_follows);
  g_test_add_func ("/Gq/OnlineManager/monitor/route-churn", test_online_monitor_route_churn);
  g_test_add_func ("/Gq/OnlineManager/monitor/sticky-override", test_online_monitor_sticky_override);
  g_test_add_func ("/Gq/OnlineManager/monitor/override-same-value", test_online_monitor_override_same_value);
  g_test_add_func ("/Gq/OnlineManager/monitor/unset-returns", test_online_monitor_unset_returns);
  g_test_add_func ("/Gq/OnlineManager/monitor/unset-unchanged", test_online_monitor_unset_unchanged);
  g_test_add_func ("/Gq/OnlineManager/monitor/lifetime", test_online_monitor_lifetime);
  g_test_add_func ("/Gq/OnlineManager/monitor/independent", test_online_monitor_independent);
  g_test_add_func ("/Gq/OnlineManager/get-default", test_online_get_default);

  return g_test_run ();
}
